package report

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"aims/internal/aims"
)

// RiskPlan is an approved version of the risk treatment plan as a report
// prints it.
type RiskPlan struct {
	Org     string
	Version aims.RiskPlanVersion
}

// Label is "Version 2, approved 2026-11-30", for headers, footers and every
// CSV row.
func (p RiskPlan) Label() string {
	return "Version " + strconv.Itoa(p.Version.Number) + ", approved " + p.Version.ApprovedOn.String()
}

// RiskPlanLine is one row of the plan's CSV, carrying the version and date.
type RiskPlanLine struct {
	Plan *RiskPlan
	Row  aims.RiskPlanRow
}

// RiskPlanColumns are the plan's CSV columns: every row names the version,
// its date and approver, so a row copied elsewhere says where it came from.
var RiskPlanColumns = []Column[RiskPlanLine]{
	{"plan_version", func(l RiskPlanLine) string { return strconv.Itoa(l.Plan.Version.Number) }},
	{"plan_date", func(l RiskPlanLine) string { return l.Plan.Version.ApprovedOn.String() }},
	{"approved_by", func(l RiskPlanLine) string { return l.Plan.Version.ApproverName }},
	{"ref", func(l RiskPlanLine) string { return l.Row.Ref }},
	{"kind", func(l RiskPlanLine) string { return string(l.Row.Kind) }},
	{"title", func(l RiskPlanLine) string { return l.Row.Title }},
	{"ai_system", func(l RiskPlanLine) string { return l.Row.System() }},
	{"level", func(l RiskPlanLine) string { return string(l.Row.Level) }},
	{"treatment", func(l RiskPlanLine) string { return string(l.Row.Treatment) }},
	{"controls", func(l RiskPlanLine) string { return l.Row.Controls }},
	{"controls_not_in_place", func(l RiskPlanLine) string { return l.Row.NotInPlace }},
	{"plan_owner", func(l RiskPlanLine) string { return l.Row.PlanOwner }},
	{"plan", func(l RiskPlanLine) string { return l.Row.Plan }},
	{"plan_start", func(l RiskPlanLine) string { return l.Row.PlanStart }},
	{"plan_due", func(l RiskPlanLine) string { return l.Row.PlanDue }},
	{"residual_level", func(l RiskPlanLine) string { return string(l.Row.ResidualLevel) }},
	{"accepted_by", func(l RiskPlanLine) string { return l.Row.AcceptedBy }},
	{"accepted_on", func(l RiskPlanLine) string { return l.Row.AcceptedOn }},
	{"effectiveness", func(l RiskPlanLine) string { return string(l.Row.Effectiveness) }},
	{"checked_on", func(l RiskPlanLine) string { return l.Row.CheckedOn }},
}

// RiskPlanPDF writes an approved version of the risk treatment plan: the
// approval, then a row per risk and opportunity. Every page repeats the
// organization, the version and its date, and the approval.
func RiskPlanPDF(w io.Writer, generated time.Time, p RiskPlan) error {
	if err := newRiskPlanPDF(generated, p).Output(w); err != nil {
		return fmt.Errorf("risk treatment plan PDF: %w", err)
	}
	return nil
}

func newRiskPlanPDF(generated time.Time, p RiskPlan) *fpdf.Fpdf {
	d := newVersionDoc(generated, "Risk treatment plan — "+p.Org+" — "+p.Label(), "ISO/IEC 42001:2023 6.1.3 AI risk treatment plan")
	pdf := d.pdf

	v := p.Version
	pdf.AddPage()
	d.font(true, 22)
	d.color(colText)
	d.cell(marginX, topMargin, contentW, 10, "AI risk treatment plan", "L")
	d.font(false, 11)
	d.color(colMuted)
	d.cell(marginX, topMargin+10, contentW, 6, "ISO/IEC 42001:2023, 6.1.3 — risks that need or have a treatment, and opportunities", "L")
	d.font(true, 11)
	d.color(colText)
	d.cell(marginX, topMargin+18, contentW, 6, p.Label(), "L")
	d.font(false, 9.5)
	y := topMargin + 25
	d.cell(marginX, y, contentW, 5, "Approved by "+v.ApproverName+" ("+v.DesignationPosition+", "+v.DesignationBody.Label()+", "+
		v.DesignationRef+") on "+v.ApprovedOn.String()+".", "L")
	y += 5
	if v.Note != "" {
		d.color(colMuted)
		d.cell(marginX, y, contentW, 5, "Note: "+v.Note, "L")
		y += 5
	}
	d.color(colText)
	d.cell(marginX, y, contentW, 5, fmt.Sprintf("%d rows.", len(v.Rows)), "L")
	pdf.SetY(y + 9)

	t := table{
		title: "Treatment plan",
		intro: "In reference order. Levels are the inherent level, then the residual level after treatment.",
		cols: []column{
			{"Ref", 16, "L"}, {"Risk / opportunity", 42, "L"}, {"Levels", 20, "L"}, {"Treatment", 30, "L"},
			{"Plan", 42, "L"}, {"Acceptance", 30, "L"},
		},
		empty: "The plan has no rows.",
	}
	rows := make([]row, len(v.Rows))
	for i, r := range v.Rows {
		levels := para{text: "—", color: colMuted}
		if r.Level != "" {
			levels = para{text: aims.LevelLabel(r.Level)}
			if r.ResidualLevel != "" {
				levels.text += " → " + aims.LevelLabel(r.ResidualLevel)
			}
		}
		treatment := []para{{text: r.Treatment.Label()}}
		if r.Kind == aims.KindOpportunity {
			treatment = []para{{text: "Opportunity", color: colMuted}}
		}
		if r.Controls != "" {
			treatment = append(treatment, para{text: "Controls: " + r.Controls, size: 7.5, color: colMuted, max: 3})
		}
		plan := []para{{text: r.Plan, max: 6}, {text: r.Dates(), size: 7.5, color: colMuted}}
		if r.PlanOwner != "" {
			plan = append(plan, para{text: "Owner: " + r.PlanOwner, size: 7.5, color: colMuted})
		}
		acceptance := para{text: r.Acceptance()}
		if r.Kind == aims.KindRisk && r.AcceptedBy == "" {
			acceptance.bold, acceptance.color = true, colOverdue
		}
		rows[i] = row{cells: t.spans(
			[]para{{text: r.Ref, bold: true}},
			[]para{{text: r.Title, max: 4}, {text: r.System(), size: 7.5, color: colMuted}},
			[]para{levels},
			treatment,
			plan,
			[]para{acceptance, {text: "Effectiveness: " + r.Result(), size: 7.5, color: colMuted}},
		)}
	}
	d.table(t, rows)
	d.versionDecorate(generated, p.Org, "Risk treatment plan — "+p.Label(),
		"Approved by "+p.Version.ApproverName+" ("+p.Version.DesignationRef+") on "+p.Version.ApprovedOn.String())
	return pdf
}
