package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"aims/internal/aims"
)

// SoA is a Statement of Applicability as a report prints it: the current
// draft (Version nil, as of a day) or an approved version.
type SoA struct {
	Org     string
	Version *aims.SoAVersion
	AsOf    aims.Date // the draft's day; an approved version's is its approval day
	Rows    []aims.SoARow
}

// Label says which SoA this is, for headers, footers and every CSV row:
// "Version 2, approved 2026-11-30" or "Draft as of 2026-11-30".
func (s SoA) Label() string {
	if s.Version != nil {
		return "Version " + strconv.Itoa(s.Version.Number) + ", approved " + s.Version.ApprovedOn.String()
	}
	return "Draft as of " + s.AsOf.String()
}

// SoALine is one row of the SoA's CSV, carrying the version and date.
type SoALine struct {
	SoA *SoA
	Row aims.SoARow
}

// SoAColumns are the SoA's CSV columns. Every row names the version
// ("draft" or its number) and its date, so a row copied elsewhere still
// says where it came from. Codes stay codes; the reason's label follows.
var SoAColumns = []Column[SoALine]{
	{"soa_version", func(l SoALine) string {
		if l.SoA.Version == nil {
			return "draft"
		}
		return strconv.Itoa(l.SoA.Version.Number)
	}},
	{"soa_date", func(l SoALine) string {
		if l.SoA.Version != nil {
			return l.SoA.Version.ApprovedOn.String()
		}
		return l.SoA.AsOf.String()
	}},
	{"approved_by", func(l SoALine) string {
		if l.SoA.Version == nil {
			return ""
		}
		return l.SoA.Version.ApproverName
	}},
	{"control", func(l SoALine) string { return l.Row.Ref }},
	{"kind", func(l SoALine) string { return l.Row.Kind }},
	{"title", func(l SoALine) string { return l.Row.Title }},
	{"applicable", func(l SoALine) string { return yesNo(l.Row.Applicable) }},
	{"reason", func(l SoALine) string { return string(l.Row.Reason) }},
	{"reason_label", func(l SoALine) string { return l.Row.Reason.Label() }},
	{"justification", func(l SoALine) string { return l.Row.Justification }},
	{"status", func(l SoALine) string { return string(l.Row.Status) }},
	{"owner", func(l SoALine) string { return l.Row.OwnerName }},
	{"risks", func(l SoALine) string { return strings.Join(l.Row.Risks, "; ") }},
	{"evidence", func(l SoALine) string { return strings.Join(l.Row.Evidence, "; ") }},
}

// SoAPDF writes the Statement of Applicability as a PDF: the version (or
// "draft") and its date, the approval, then a row per control. Every page
// repeats the organization, the version and its date in the header and the
// approval in the footer. Layout follows the gap analysis PDF.
func SoAPDF(w io.Writer, generated time.Time, s SoA) error {
	if err := newSoAPDF(generated, s).Output(w); err != nil {
		return fmt.Errorf("SoA PDF: %w", err)
	}
	return nil
}

func newSoAPDF(generated time.Time, s SoA) *fpdf.Fpdf {
	d := newVersionDoc(generated, "Statement of Applicability — "+s.Org+" — "+s.Label(), "ISO/IEC 42001:2023 6.1.3 d) Statement of Applicability")
	pdf := d.pdf

	pdf.AddPage()
	d.font(true, 22)
	d.color(colText)
	d.cell(marginX, topMargin, contentW, 10, "Statement of Applicability", "L")
	d.font(false, 11)
	d.color(colMuted)
	d.cell(marginX, topMargin+10, contentW, 6, "ISO/IEC 42001:2023, 6.1.3 d) — Annex A and custom controls", "L")
	d.font(true, 11)
	d.color(colText)
	d.cell(marginX, topMargin+18, contentW, 6, s.Label(), "L")
	d.font(false, 9.5)
	y := topMargin + 25
	approval := "Not approved: this draft shows what the registers hold today."
	if v := s.Version; v != nil {
		approval = "Approved by " + v.ApproverName + " (" + v.DesignationPosition + ", " + v.DesignationBody.Label() + ", " +
			v.DesignationRef + ") on " + v.ApprovedOn.String() + "."
	}
	d.cell(marginX, y, contentW, 5, approval, "L")
	y += 5
	if s.Version != nil && s.Version.Note != "" {
		d.color(colMuted)
		d.cell(marginX, y, contentW, 5, "Note: "+s.Version.Note, "L")
		y += 5
	}
	included, excluded, implemented := 0, 0, 0
	for _, r := range s.Rows {
		switch {
		case !r.Applicable:
			excluded++
		case r.Status == aims.GapImplemented:
			implemented++
			included++
		default:
			included++
		}
	}
	d.color(colText)
	d.cell(marginX, y, contentW, 5, fmt.Sprintf("%d controls: %d included (%d implemented), %d excluded.", len(s.Rows), included, implemented, excluded), "L")
	pdf.SetY(y + 9)

	t := table{
		title: "Controls",
		intro: "Annex A controls in the standard's order, then the organization's custom controls (CC-n).",
		cols: []column{
			{"Control", 17, "L"}, {"Title", 40, "L"}, {"Applies", 14, "L"}, {"Reason", 30, "L"},
			{"Status", 24, "L"}, {"Owner", 22, "L"}, {"Justification", 33, "L"},
		},
		empty: "The SoA has no rows.",
	}
	rows := make([]row, len(s.Rows))
	for i, r := range s.Rows {
		applies := para{text: "Yes"}
		status := para{text: r.Status.Label(), swatch: r.Status}
		if !r.Applicable {
			applies = para{text: "No", bold: true}
			status = para{text: "Excluded", color: colMuted}
		}
		owner := para{text: r.OwnerName}
		if r.OwnerName == "" {
			owner = para{text: "—", color: colMuted}
		}
		why := para{text: r.Justification, max: 8}
		if strings.TrimSpace(r.Justification) == "" {
			why = para{text: "No justification", color: colOverdue, bold: true}
		}
		ref := para{text: r.Ref, bold: true}
		x := row{cells: t.spans(
			[]para{ref},
			[]para{{text: r.Title}},
			[]para{applies},
			[]para{{text: r.Reason.Label(), max: 4}},
			[]para{status},
			[]para{owner},
			[]para{why},
		)}
		var detail []para
		if len(r.Risks) > 0 {
			detail = append(detail, para{text: "Risks: " + strings.Join(r.Risks, ", "), size: 7.5, color: colMuted, max: 3})
		}
		if len(r.Evidence) > 0 {
			detail = append(detail, para{text: "Evidence: " + strings.Join(r.Evidence, "; "), size: 7.5, color: colMuted, max: 3})
		}
		if detail != nil {
			below := t.spans(nil, detail)[1]
			below.w = marginX + contentW - below.x
			x.below = []span{below}
		}
		rows[i] = x
	}
	d.table(t, rows)
	footer := "Draft, not approved"
	if v := s.Version; v != nil {
		footer = "Approved by " + v.ApproverName + " (" + v.DesignationRef + ") on " + v.ApprovedOn.String()
	}
	d.versionDecorate(generated, s.Org, "Statement of Applicability — "+s.Label(), footer)
	return pdf
}
