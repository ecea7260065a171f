package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"aims/internal/aims"
	"aims/internal/conformity"
)

// Page geometry of the PDF reports, in millimetres on A4 portrait.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 15.0
	contentW   = pageW - 2*marginX
	topMargin  = 22.0  // below the running header
	bodyBottom = 280.0 // above the running footer
	cellMargin = 1.2
	cellPad    = 1.3 // above and below the text of a table row
	swatchW    = 3.6 // room for a status swatch before a label
	maxLines   = 12  // per paragraph of a table cell, so a row always fits a page
	fontFamily = "go"
)

type rgb struct{ r, g, b int }

func hexRGB(s string) rgb {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return rgb{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
}

var (
	colText    = rgb{31, 35, 40}
	colMuted   = rgb{87, 96, 106}
	colRule    = rgb{208, 215, 222}
	colShade   = rgb{246, 248, 250}
	colTrack   = rgb{234, 238, 242}
	colWhite   = rgb{255, 255, 255}
	colOverdue = hexRGB(statusColors[aims.GapNotStarted])
)

// GapPDF writes the gap analysis as a PDF to hand to top management or a
// certification auditor: readiness at a glance on the first page, then the
// open items in the order to work on them, then what is done or excluded.
// Go's own fonts are embedded, so names in any Latin, Greek or Cyrillic
// script print as typed; characters the fonts lack print as U+FFFD rather
// than breaking the layout. The same input gives the same bytes.
func GapPDF(w io.Writer, org string, generated time.Time, o conformity.Overview) error {
	if err := newGapPDF(org, generated, o).Output(w); err != nil {
		return fmt.Errorf("gap analysis PDF: %w", err)
	}
	return nil
}

// gapDoc lays out one gap analysis PDF.
type gapDoc struct {
	pdf    *fpdf.Fpdf
	glyphs *sfnt.Font
	buf    sfnt.Buffer
	known  map[rune]bool
	cut    bool // a paragraph of the table being laid out was shortened
}

// newGapPDF lays the report out without writing it, so tests can turn
// compression off and count pages.
func newGapPDF(org string, generated time.Time, o conformity.Overview) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &gapDoc{pdf: pdf, known: map[rune]bool{}}
	d.glyphs, _ = sfnt.Parse(goregular.TTF) // embedded and known good; nil only disables the glyph check
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetMargins(marginX, topMargin, marginX)
	pdf.SetAutoPageBreak(false, 0) // rows break pages themselves, never mid-row
	pdf.SetCellMargin(cellMargin)
	pdf.SetTitle("Gap analysis — "+d.line(org), true)
	pdf.SetSubject("ISO/IEC 42001:2023 gap analysis as of "+o.AsOf.String(), true)
	pdf.SetCreator("aims", true)
	pdf.SetLang("en")
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetCatalogSort(true)

	d.summary(org, o)
	d.openItems(o.ByPriority())
	d.doneItems(o.Done())
	d.decorate(org, generated)
	return pdf
}

// decorate draws the running header and footer once every page exists, so
// the footer can say "Page N of M" with the real M.
func (d *gapDoc) decorate(org string, generated time.Time) {
	p := d.pdf
	n := p.PageCount()
	for i := 1; i <= n; i++ {
		p.SetPage(i)
		// A page keeps the font and colours it ended with; set them anew.
		p.SetFillColor(colWhite.r, colWhite.g, colWhite.b)
		d.font(true, 8.5)
		d.color(colText)
		d.cell(marginX, 9, contentW/2, 5, org, "L")
		d.font(false, 8.5)
		d.color(colMuted)
		d.cell(marginX+contentW/2, 9, contentW/2, 5, "Gap analysis — ISO/IEC 42001:2023", "R")
		p.SetDrawColor(colRule.r, colRule.g, colRule.b)
		p.SetLineWidth(0.3)
		p.Line(marginX, 15, marginX+contentW, 15)
		p.Line(marginX, pageH-14, marginX+contentW, pageH-14)
		d.font(false, 8)
		d.cell(marginX, pageH-13, contentW/2, 5, "Generated "+generated.Format("2006-01-02 15:04 MST"), "L")
		d.cell(marginX+contentW/2, pageH-13, contentW/2, 5, fmt.Sprintf("Page %d of %d", i, n), "R")
	}
}

// summary fills page 1: what the report is, readiness in three figures,
// the counts by status and the readiness of every clause and Annex A group.
func (d *gapDoc) summary(org string, o conformity.Overview) {
	p := d.pdf
	p.AddPage()
	d.font(true, 22)
	d.color(colText)
	d.cell(marginX, topMargin, contentW, 10, "Gap analysis", "L")
	d.font(false, 11)
	d.color(colMuted)
	d.cell(marginX, topMargin+10, contentW, 6, "ISO/IEC 42001:2023 — AI management system", "L")

	overdue := 0
	for _, it := range o.Items {
		if it.Overdue {
			overdue++
		}
	}
	y := topMargin + 20
	for _, kv := range [][2]string{
		{"Organization", org},
		{"As of", o.AsOf.String()},
		{"Assessed", fmt.Sprintf("%d of %d requirements and controls; %d open, %d overdue", o.Assessed, len(o.Items), len(o.ByPriority()), overdue)},
	} {
		d.font(true, 9.5)
		d.color(colText)
		d.cell(marginX, y, 30, 5.5, kv[0], "L")
		d.font(false, 9.5)
		d.cell(marginX+30, y, contentW-30, 5.5, kv[1], "L")
		y += 5.5
	}

	y += 4
	const gap = 5.0
	boxW := (contentW - 2*gap) / 3
	for i, g := range []struct {
		caption string
		group   conformity.Group
	}{
		{"Overall readiness", o.Overall},
		{"Clauses 4–10", o.ClauseTotal},
		{"Annex A controls", o.ControlTotal},
	} {
		x := marginX + float64(i)*(boxW+gap)
		p.SetDrawColor(colRule.r, colRule.g, colRule.b)
		p.SetLineWidth(0.3)
		p.Rect(x, y, boxW, 24, "D")
		d.font(false, 8.5)
		d.color(colMuted)
		d.cell(x+2, y+2, boxW-4, 4.5, g.caption, "L")
		d.font(true, 20)
		d.color(colText)
		d.cell(x+2, y+7, boxW-4, 9, fmt.Sprintf("%d%%", g.group.Percent()), "L")
		d.bar(x+3.2, y+18, boxW-6.4, 3, g.group)
	}
	y += 24 + 5

	// The counts double as the legend of every bar in the report.
	itemW := contentW / float64(len(chartStatuses))
	for i, s := range chartStatuses {
		x := marginX + float64(i)*itemW
		d.swatch(x, y+1, s)
		d.font(false, 8.5)
		d.color(colText)
		d.cell(x+swatchW, y, itemW-swatchW, 5, fmt.Sprintf("%s %d", s.Label(), o.Overall.Counts[s]), "L")
	}
	y += 6.5
	d.font(false, 8)
	d.color(colMuted)
	d.cell(marginX, y, contentW, 4.5, "Readiness is the share of applicable requirements implemented; partial work counts half, plans count nothing until carried out.", "L")
	p.SetY(y + 8)

	d.readiness("Readiness by clause", "Clause", o.Clauses)
	p.SetY(p.GetY() + 5)
	d.readiness("Readiness by Annex A control group", "Control group", o.Controls)
}

// readiness draws one table of groups, each with its bar and percentage.
func (d *gapDoc) readiness(title, what string, groups []conformity.Group) {
	const rowH = 6.4
	cols := []column{{what, 76, "L"}, {"Requirements by status", 62, "L"}, {"Implemented", 24, "R"}, {"Readiness", 18, "R"}}
	d.need(9 + 6 + rowH)
	d.heading(title)
	d.tableHead(cols)
	for i, g := range groups {
		if d.pdf.GetY()+rowH > bodyBottom {
			d.pdf.AddPage()
			d.tableHead(cols)
		}
		y := d.pdf.GetY()
		d.shade(y, rowH, i%2 == 1)
		d.font(false, 8.5)
		d.color(colText)
		d.cell(marginX, y+0.7, cols[0].w, 5, g.ID+" "+g.Title, "L")
		d.bar(marginX+cols[0].w+cellMargin, y+1.7, cols[1].w-2*cellMargin, 3, g)
		x := marginX + cols[0].w + cols[1].w
		d.cell(x, y+0.7, cols[2].w, 5, fmt.Sprintf("%d of %d", g.Counts[aims.GapImplemented], g.Applicable), "R")
		d.font(true, 8.5)
		d.cell(x+cols[2].w, y+0.7, cols[3].w, 5, fmt.Sprintf("%d%%", g.Percent()), "R")
		d.pdf.SetY(y + rowH)
	}
}

// openItems lists the open items, most urgent first, with what to do next.
func (d *gapDoc) openItems(items []conformity.Item) {
	d.pdf.AddPage()
	t := table{
		title: "Open items by priority",
		intro: "Most urgent first: overdue work, then the clauses and the documented information they make mandatory.",
		cols: []column{
			{"#", 8, "R"}, {"Req.", 16, "L"}, {"Title", 38, "L"}, {"Status", 22, "L"},
			{"Owner", 24, "L"}, {"Target", 20, "L"}, {"Next step", 52, "L"},
		},
		empty: "No open items: every requirement is implemented or excluded.",
	}
	rows := make([]row, len(items))
	for i, it := range items {
		e := it.Entry
		target := []para{{text: e.TargetDate.String()}}
		if e.TargetDate.IsZero() {
			target = []para{{text: "—", color: colMuted}}
		}
		if it.Overdue {
			target = append(target, para{text: "overdue", bold: true, color: colOverdue})
		}
		owner := para{text: e.OwnerName}
		if e.OwnerName == "" {
			owner = para{text: "—", color: colMuted}
		}
		r := row{cells: t.spans(
			[]para{{text: strconv.Itoa(i + 1)}},
			[]para{{text: it.Requirement.ID, bold: true}},
			[]para{{text: it.Requirement.Title}},
			[]para{{text: e.Status.Label(), swatch: e.Status}},
			[]para{owner},
			target,
			[]para{{text: it.Next}},
		)}
		var detail []para
		if e.Notes != "" {
			detail = append(detail, para{text: "Notes: " + e.Notes, size: 7.5, color: colMuted, max: 6})
		}
		if len(e.Links) > 0 {
			detail = append(detail, para{text: "Evidence: " + linksText(e.Links), size: 7.5, color: colMuted, max: 4})
		}
		if detail != nil {
			// Under the title, across to the right edge.
			title := t.spans(nil, nil, detail)[2]
			title.w = marginX + contentW - title.x
			r.below = []span{title}
		}
		rows[i] = r
	}
	d.table(t, rows)
}

// doneItems lists what is implemented or excluded, with the justification
// of each exclusion (as the Statement of Applicability needs it) and the
// evidence linked to each implemented item.
func (d *gapDoc) doneItems(items []conformity.Item) {
	t := table{
		title: "Implemented or not applicable",
		intro: "Exclusions need a justification; an auditor will ask for the evidence of each implemented item.",
		cols:  []column{{"Req.", 18, "L"}, {"Title", 60, "L"}, {"Status", 28, "L"}, {"Justification or evidence", 74, "L"}},
		empty: "Nothing is implemented or excluded yet.",
	}
	rows := make([]row, len(items))
	for i, it := range items {
		e := it.Entry
		why := para{text: e.Justification, max: 8}
		if e.Status == aims.GapImplemented {
			why = para{text: linksText(e.Links), max: 6}
			if len(e.Links) == 0 {
				why = para{text: "No evidence linked", color: colMuted}
			}
		}
		rows[i] = row{cells: t.spans(
			[]para{{text: it.Requirement.ID, bold: true}},
			[]para{{text: it.Requirement.Title}},
			[]para{{text: e.Status.Label(), swatch: e.Status}},
			[]para{why},
		)}
	}
	d.pdf.SetY(d.pdf.GetY() + 8)
	d.table(t, rows)
}

// column is one column of a table.
type column struct {
	head  string
	w     float64
	align string
}

// table is a section made of a heading, a line of introduction and rows
// under a header that repeats on every page the table spans.
type table struct {
	title, intro, empty string
	cols                []column
}

// spans places the paragraphs of each cell in its column, left to right.
func (t table) spans(cells ...[]para) []span {
	spans := make([]span, len(cells))
	x := marginX
	for i, c := range t.cols[:len(cells)] {
		spans[i] = span{x: x, w: c.w, align: c.align, paras: cells[i]}
		x += c.w
	}
	return spans
}

// para is a run of text in one style; a cell holds one or more.
type para struct {
	text   string
	bold   bool
	size   float64 // points; 0 for the table's 8 pt
	color  rgb     // zero for the text colour
	max    int     // line cap; 0 for maxLines
	swatch aims.GapStatus
	lines  []string // laid out
}

// span is a block of paragraphs at a horizontal position.
type span struct {
	x, w  float64
	align string
	paras []para
}

// row is one table row: cells side by side, and optionally spans below them
// (the notes and evidence of an open item).
type row struct {
	cells, below []span
}

func lineH(size float64) float64 { return size * 0.42 }

func (p para) pt() float64 {
	if p.size == 0 {
		return 8
	}
	return p.size
}

// lay wraps the paragraphs of a span and returns its height.
func (d *gapDoc) lay(s *span) float64 {
	h := 0.0
	for i := range s.paras {
		p := &s.paras[i]
		d.font(p.bold, p.pt())
		w := s.w
		if p.swatch != "" {
			w -= swatchW
		}
		p.lines = d.pdf.SplitText(d.clean(p.text), w)
		limit := p.max
		if limit == 0 {
			limit = maxLines
		}
		if len(p.lines) > limit {
			d.cut = true
			p.lines = p.lines[:limit]
			p.lines[limit-1] = d.fit(p.lines[limit-1]+"…", w)
		}
		h += float64(len(p.lines)) * lineH(p.pt())
	}
	return h
}

// table draws a table section, breaking pages between rows and repeating
// the header on each new page.
func (d *gapDoc) table(t table, rows []row) {
	d.cut = false
	heights := make([]float64, len(rows))
	belowH := make([]float64, len(rows))
	for i := range rows {
		r := &rows[i]
		for j := range r.cells {
			heights[i] = max(heights[i], d.lay(&r.cells[j]))
		}
		for j := range r.below {
			belowH[i] = max(belowH[i], d.lay(&r.below[j]))
		}
		heights[i] += 2 * cellPad
		if belowH[i] > 0 {
			belowH[i] += cellPad
		}
	}
	first := 8.0
	if len(rows) > 0 {
		first = heights[0] + belowH[0]
	}
	intro := []string{t.intro}
	if d.cut {
		intro = append(intro, "Long entries end in “…” here; the CSV export has them in full.")
	}
	d.need(9 + 6*float64(len(intro)) + 6 + first)
	d.heading(t.title)
	d.font(false, 8.5)
	d.color(colMuted)
	for _, s := range intro {
		d.cell(marginX, d.pdf.GetY(), contentW, 5, s, "L")
		d.pdf.SetY(d.pdf.GetY() + 5)
	}
	d.pdf.SetY(d.pdf.GetY() + 1)
	if len(rows) == 0 {
		d.font(false, 9)
		d.color(colText)
		d.cell(marginX, d.pdf.GetY(), contentW, 5, t.empty, "L")
		d.pdf.SetY(d.pdf.GetY() + 6)
		return
	}
	d.tableHead(t.cols)
	for i, r := range rows {
		h := heights[i] + belowH[i]
		if d.pdf.GetY()+h > bodyBottom {
			d.pdf.AddPage()
			d.font(true, 9)
			d.color(colMuted)
			d.cell(marginX, d.pdf.GetY(), contentW, 5, t.title+" (continued)", "L")
			d.pdf.SetY(d.pdf.GetY() + 6)
			d.tableHead(t.cols)
		}
		y := d.pdf.GetY()
		d.shade(y, h, i%2 == 1)
		for _, s := range r.cells {
			d.drawSpan(s, y+cellPad)
		}
		for _, s := range r.below {
			d.drawSpan(s, y+heights[i]-cellPad/2)
		}
		d.pdf.SetY(y + h)
	}
}

// drawSpan writes laid-out paragraphs from top y down.
func (d *gapDoc) drawSpan(s span, y float64) {
	for _, p := range s.paras {
		d.font(p.bold, p.pt())
		c := p.color
		if c == (rgb{}) {
			c = colText
		}
		d.color(c)
		x, w := s.x, s.w
		if p.swatch != "" {
			d.swatch(x+cellMargin, y+(lineH(p.pt())-2.4)/2, p.swatch)
			x += swatchW
			w -= swatchW
		}
		for _, l := range p.lines {
			d.cell(x, y, w, lineH(p.pt()), l, s.align)
			y += lineH(p.pt())
		}
	}
}

// tableHead draws the column titles at the current position.
func (d *gapDoc) tableHead(cols []column) {
	p := d.pdf
	y := p.GetY()
	p.SetFillColor(colTrack.r, colTrack.g, colTrack.b)
	p.Rect(marginX, y, contentW, 6, "F")
	d.font(true, 8)
	d.color(colText)
	x := marginX
	for _, c := range cols {
		d.cell(x, y+0.5, c.w, 5, c.head, c.align)
		x += c.w
	}
	p.SetY(y + 6)
}

// heading starts a section.
func (d *gapDoc) heading(s string) {
	d.font(true, 13)
	d.color(colText)
	d.cell(marginX, d.pdf.GetY(), contentW, 7, s, "L")
	d.pdf.SetY(d.pdf.GetY() + 9)
}

// need starts a new page unless h millimetres are left on this one.
func (d *gapDoc) need(h float64) {
	if d.pdf.GetY()+h > bodyBottom {
		d.pdf.AddPage()
	}
}

// shade draws a row's background (every other row) and its bottom rule.
func (d *gapDoc) shade(y, h float64, alt bool) {
	p := d.pdf
	if alt {
		p.SetFillColor(colShade.r, colShade.g, colShade.b)
		p.Rect(marginX, y, contentW, h, "F")
	}
	p.SetDrawColor(colRule.r, colRule.g, colRule.b)
	p.SetLineWidth(0.2)
	p.Line(marginX, y+h, marginX+contentW, y+h)
}

// bar draws a group's stacked bar, segment widths in proportion to its
// requirements, in the colours of the SVG charts.
func (d *gapDoc) bar(x, y, w, h float64, g conformity.Group) {
	p := d.pdf
	p.SetFillColor(colTrack.r, colTrack.g, colTrack.b)
	p.Rect(x, y, w, h, "F")
	if g.Total == 0 {
		return
	}
	p.SetDrawColor(colWhite.r, colWhite.g, colWhite.b)
	p.SetLineWidth(0.25)
	done := 0
	for _, s := range chartStatuses {
		n := g.Counts[s]
		if n == 0 {
			continue
		}
		x0 := x + w*float64(done)/float64(g.Total)
		done += n
		x1 := x + w*float64(done)/float64(g.Total)
		c := hexRGB(statusColors[s])
		p.SetFillColor(c.r, c.g, c.b)
		p.Rect(x0, y, x1-x0, h, "FD")
	}
}

// swatch draws the small square that keys a status to its bar colour.
func (d *gapDoc) swatch(x, y float64, s aims.GapStatus) {
	c := hexRGB(statusColors[s])
	d.pdf.SetFillColor(c.r, c.g, c.b)
	d.pdf.Rect(x, y, 2.4, 2.4, "F")
}

func (d *gapDoc) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(fontFamily, style, size)
}

func (d *gapDoc) color(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }

// cell writes one line of text at (x, y), cut with an ellipsis to fit w.
func (d *gapDoc) cell(x, y, w, h float64, s, align string) {
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, d.fit(d.line(s), w), "", 0, align, false, 0, "")
}

// line is clean text on one line.
func (d *gapDoc) line(s string) string {
	return strings.ReplaceAll(d.clean(s), "\n", " ")
}

// fit cuts s with an ellipsis until it fits in a cell of width w.
func (d *gapDoc) fit(s string, w float64) string {
	room := w - 2*cellMargin
	if d.pdf.GetStringWidth(s) <= room {
		return s
	}
	r := []rune(strings.TrimSuffix(s, "…"))
	for len(r) > 0 && d.pdf.GetStringWidth(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// clean makes user text safe for the fonts and the line breaker: line ends
// normalized, control characters dropped, and characters the Go fonts lack
// (fpdf would give them no width, or panic beyond the Basic Multilingual
// Plane) replaced by U+FFFD.
func (d *gapDoc) clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		case !d.has(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// has reports whether the Go fonts draw r.
func (d *gapDoc) has(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	if r < 0x7f || d.glyphs == nil {
		return true
	}
	ok, seen := d.known[r]
	if !seen {
		i, err := d.glyphs.GlyphIndex(&d.buf, r)
		ok = err == nil && i != 0
		d.known[r] = ok
	}
	return ok
}
