package report

import (
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// newVersionDoc starts an A4 PDF in the gap analysis layout for a
// versioned, approved document (the SoA, the risk treatment plan): fonts,
// margins and the document's metadata.
func newVersionDoc(generated time.Time, title, subject string) *gapDoc {
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &gapDoc{pdf: pdf, known: map[rune]bool{}}
	d.glyphs, _ = sfnt.Parse(goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetMargins(marginX, topMargin, marginX)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(cellMargin)
	pdf.SetTitle(d.line(title), true)
	pdf.SetSubject(subject, true)
	pdf.SetCreator("aims", true)
	pdf.SetLang("en")
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetCatalogSort(true)
	return d
}

// versionDecorate draws the running header (the organization; which
// document and version) and footer (the approval, when generated, the page)
// on every page, once the pages are laid out.
func (d *gapDoc) versionDecorate(generated time.Time, org, header, footer string) {
	pdf := d.pdf
	n := pdf.PageCount()
	for i := 1; i <= n; i++ {
		pdf.SetPage(i)
		pdf.SetFillColor(colWhite.r, colWhite.g, colWhite.b)
		d.font(true, 8.5)
		d.color(colText)
		d.cell(marginX, 9, contentW/2, 5, org, "L")
		d.font(false, 8.5)
		d.color(colMuted)
		d.cell(marginX+contentW/2, 9, contentW/2, 5, header, "R")
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginX, 15, marginX+contentW, 15)
		pdf.Line(marginX, pageH-14, marginX+contentW, pageH-14)
		d.font(false, 8)
		d.cell(marginX, pageH-13, contentW*0.75, 5, footer+" · generated "+generated.Format("2006-01-02 15:04 MST"), "L")
		d.cell(marginX+contentW*0.75, pageH-13, contentW*0.25, 5, fmt.Sprintf("Page %d of %d", i, n), "R")
	}
}
