package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"aims/internal/aims"
)

// DocumentPDF writes an approved or superseded version of a controlled
// document as a PDF. Every page carries the document's reference, title,
// version, state, approver and approval date, so a printed page on its own
// says whether it is the version in force. The body is laid out from the
// Markdown: headings, paragraphs, lists, code and tables as plain rows.
func DocumentPDF(w io.Writer, org string, d aims.Document, v aims.DocumentVersion, generated time.Time) error {
	if !v.State.Frozen() {
		return fmt.Errorf("document PDF: version %d is %s; only approved versions are printed", v.Number, v.State)
	}
	if err := newDocumentPDF(org, d, v, generated).Output(w); err != nil {
		return fmt.Errorf("document PDF: %w", err)
	}
	return nil
}

const docTop = 34.0 // below the running header

func newDocumentPDF(org string, d aims.Document, v aims.DocumentVersion, generated time.Time) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	g := &gapDoc{pdf: pdf, known: map[rune]bool{}}
	g.glyphs, _ = sfnt.Parse(goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetMargins(marginX, docTop, marginX)
	pdf.SetAutoPageBreak(true, pageH-bodyBottom+4)
	pdf.SetTitle(d.Ref+" "+g.line(d.Title)+" — version "+fmt.Sprint(v.Number), true)
	pdf.SetCreator("aims", true)
	pdf.SetLang("en")
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetCatalogSort(true)
	pdf.AddPage()

	src := []byte(v.Content)
	doc := parseMarkdown(src)
	b := &docBody{g: g, src: src}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		b.block(n, 0)
	}

	approved := "not approved"
	if v.ApprovedAt != nil {
		approved = "approved by " + v.ApproverName
		if v.DesignationPosition != "" {
			approved += ", " + v.DesignationPosition + " (" + v.DesignationRef + ")"
		}
		approved += " on " + v.ApprovedAt.UTC().Format("2006-01-02")
	}
	n := pdf.PageCount()
	for i := 1; i <= n; i++ {
		pdf.SetPage(i)
		g.font(true, 9)
		g.color(colText)
		g.cell(marginX, 8, contentW*0.7, 5, d.Ref+"  "+d.Title, "L")
		g.font(false, 8.5)
		g.color(colMuted)
		g.cell(marginX+contentW*0.7, 8, contentW*0.3, 5, org, "R")
		g.cell(marginX, 13.5, contentW, 5, fmt.Sprintf("Version %d · %s · %s", v.Number, v.State.Label(), approved), "L")
		if v.State == aims.StateSuperseded {
			g.font(true, 8.5)
			g.color(colOverdue)
			g.cell(marginX, 19, contentW, 5, "SUPERSEDED — not the version in force", "L")
		}
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginX, 25, marginX+contentW, 25)
		pdf.Line(marginX, pageH-14, marginX+contentW, pageH-14)
		g.font(false, 8)
		g.color(colMuted)
		g.cell(marginX, pageH-13, contentW/2, 5, "Printed "+generated.UTC().Format("2006-01-02 15:04 UTC"), "L")
		g.cell(marginX+contentW/2, pageH-13, contentW/2, 5, fmt.Sprintf("Page %d of %d", i, n), "R")
	}
	return pdf
}

// docBody lays out the Markdown blocks.
type docBody struct {
	g   *gapDoc
	src []byte
}

func (b *docBody) text(n ast.Node) string {
	return strings.TrimSpace(b.g.clean(string(nodeText(n, b.src))))
}

func (b *docBody) para(s string, bold bool, size, indent float64) {
	if s == "" {
		return
	}
	p := b.g.pdf
	b.g.font(bold, size)
	b.g.color(colText)
	p.SetX(marginX + indent)
	p.MultiCell(contentW-indent, lineH(size)+0.9, s, "", "L", false)
}

func (b *docBody) block(n ast.Node, indent float64) {
	p := b.g.pdf
	switch n := n.(type) {
	case *ast.Heading:
		size := map[int]float64{1: 16, 2: 13, 3: 11.5}[n.Level]
		if size == 0 {
			size = 10.5
		}
		p.Ln(2)
		b.para(b.text(n), true, size, indent)
		p.Ln(1)
	case *ast.Paragraph, *ast.TextBlock:
		b.para(b.text(n), false, 10, indent)
		p.Ln(1.5)
	case *ast.List:
		i := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			mark := "•"
			if n.IsOrdered() {
				mark = fmt.Sprintf("%d.", i)
				i++
			}
			first := true
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				if first {
					b.g.font(false, 10)
					b.g.color(colText)
					p.SetX(marginX + indent)
					p.CellFormat(6, lineH(10)+0.9, mark, "", 0, "L", false, 0, "")
					if _, ok := c.(*ast.List); !ok {
						p.MultiCell(contentW-indent-6, lineH(10)+0.9, b.text(c), "", "L", false)
						first = false
						continue
					}
					p.Ln(lineH(10) + 0.9)
					first = false
				}
				b.block(c, indent+6)
			}
		}
		p.Ln(1.5)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var lines []string
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			lines = append(lines, strings.TrimRight(string(seg.Value(b.src)), "\n"))
		}
		b.para(b.g.clean(strings.Join(lines, "\n")), false, 9, indent+3)
		p.Ln(1.5)
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			b.block(c, indent+5)
		}
	case *ast.ThematicBreak:
		y := p.GetY() + 2
		p.SetDrawColor(colRule.r, colRule.g, colRule.b)
		p.Line(marginX+indent, y, marginX+contentW, y)
		p.Ln(4)
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, b.text(c))
			}
			_, header := row.(*east.TableHeader)
			b.para(strings.Join(cells, "  |  "), header, 9.5, indent)
		}
		p.Ln(1.5)
	default:
		if s := b.text(n); s != "" {
			b.para(s, false, 10, indent)
		}
	}
}
