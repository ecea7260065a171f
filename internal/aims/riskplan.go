package aims

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// The risk treatment plan (6.1.3 e, f) as a whole: the live risks that need
// or have a treatment, and the opportunities with their planned actions,
// each as one row. Designated management approves the plan as a numbered
// version that keeps a copy of every row; a version never changes.

// RiskPlanRow is one risk's or opportunity's line of the plan, in words, as
// an approved version keeps it. Dates are "2006-01-02" or empty. Every field
// is a string, so two rows compare with ==.
type RiskPlanRow struct {
	Ref        string          `json:"ref"`
	Kind       RiskKind        `json:"kind"`
	Title      string          `json:"title"`
	SystemRef  string          `json:"system_ref"` // empty: the AIMS as a whole
	SystemName string          `json:"system_name"`
	Level      RiskLimit       `json:"level"` // inherent; empty when not assessed
	Treatment  TreatmentOption `json:"treatment"`
	Controls   string          `json:"controls"` // "A.6.2.4, CC-3"
	// NotInPlace are the chosen controls not yet implemented when the row
	// was read: an acceptance then holds on the plan, not yet in fact.
	NotInPlace    string          `json:"controls_not_in_place"`
	PlanOwner     string          `json:"plan_owner"`
	Plan          string          `json:"plan"` // the treatment plan, or an opportunity's planned actions
	PlanStart     string          `json:"plan_start"`
	PlanDue       string          `json:"plan_due"`
	ResidualLevel RiskLimit       `json:"residual_level"`
	AcceptedBy    string          `json:"accepted_by"` // empty: not accepted
	AcceptedOn    string          `json:"accepted_on"`
	Effectiveness TreatmentResult `json:"effectiveness"`
	CheckedOn     string          `json:"checked_on"`
}

// System names the AI system the row is about, or the AIMS as a whole.
func (r RiskPlanRow) System() string {
	if r.SystemRef == "" {
		return "AIMS-wide"
	}
	return r.SystemRef + " " + r.SystemName
}

// Acceptance says who accepted the residual risk and when, or that nobody
// has (an opportunity is not accepted: it says so).
func (r RiskPlanRow) Acceptance() string {
	switch {
	case r.Kind == KindOpportunity:
		return "—"
	case r.AcceptedBy == "":
		return "Not accepted"
	}
	if r.NotInPlace != "" {
		return r.AcceptedBy + ", " + r.AcceptedOn + ", on the plan: " + r.NotInPlace + " not yet in place"
	}
	return r.AcceptedBy + ", " + r.AcceptedOn
}

// Dates is the plan's start and due date in words.
func (r RiskPlanRow) Dates() string {
	switch {
	case r.PlanStart == "" && r.PlanDue == "":
		return "—"
	case r.PlanStart == "":
		return "due " + r.PlanDue
	case r.PlanDue == "":
		return "from " + r.PlanStart
	}
	return r.PlanStart + " to " + r.PlanDue
}

// Result is the effectiveness check in words.
func (r RiskPlanRow) Result() string {
	if r.CheckedOn == "" {
		return r.Effectiveness.Label()
	}
	return r.Effectiveness.Label() + ", " + r.CheckedOn
}

// RiskPlanRowOf is a risk's row of the plan.
func RiskPlanRowOf(r Risk) RiskPlanRow {
	day := func(d Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	row := RiskPlanRow{Ref: r.Ref, Kind: r.Kind, Title: r.Title, SystemRef: r.AISystemRef, SystemName: r.AISystemName,
		Level: r.Level, Treatment: r.Treatment, Controls: strings.Join(r.Controls, ", "), NotInPlace: strings.Join(r.ControlsPending, ", "), PlanOwner: r.PlanOwnerName,
		Plan: r.TreatmentPlan, PlanStart: day(r.PlanStart), PlanDue: day(r.PlanDue), ResidualLevel: r.ResidualLevel,
		AcceptedBy: r.AcceptedBy, AcceptedOn: day(r.AcceptedOn), Effectiveness: r.Effectiveness, CheckedOn: day(r.CheckedOn)}
	if r.Kind == KindOpportunity {
		row.Plan = r.PlannedAction
	}
	return row
}

// InRiskPlan reports whether a risk belongs in the treatment plan: a live
// (not archived, not closed) risk above its threshold or with a treatment
// chosen, or an opportunity with planned actions.
func InRiskPlan(r Risk) bool {
	if r.Archived || r.Status == RiskClosed {
		return false
	}
	if r.Kind == KindOpportunity {
		return strings.TrimSpace(r.PlannedAction) != ""
	}
	return r.AboveThreshold || r.Treatment != TreatNone
}

// Untreated reports whether a risk in the plan is above its threshold with
// no treatment chosen at all: the plan is not approved while one is.
func Untreated(r Risk) bool {
	return InRiskPlan(r) && r.Kind == KindRisk && r.AboveThreshold && r.Treatment == TreatNone
}

// RiskPlanVersion is an approved, frozen version of the risk treatment plan.
type RiskPlanVersion struct {
	ApprovedVersion
	Rows []RiskPlanRow `json:"rows,omitempty"`
}

// RiskPlanApproval is a request to approve the current plan as a new
// version, on a day (today when zero; never in the future). Number and
// Digest say what the approver read (RiskPlan.Next and RiskPlan.Digest):
// if the plan changed or someone approved it in between, the approval is
// refused rather than freezing rows the approver never saw. Both are
// required.
type RiskPlanApproval struct {
	ApprovedOn Date   `json:"approved_on"`
	Note       string `json:"note"`
	Number     int    `json:"number"`
	Digest     string `json:"digest"`
}

// RiskPlanDigest is the SHA-256 of the rows as the plan shows them, in hex.
func RiskPlanDigest(rows []RiskPlanRow) string {
	b, _ := json.Marshal(rows)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Validate checks the approval's note.
func (a RiskPlanApproval) Validate() error {
	f := fieldErrors{}
	checkText(f, "note", a.Note, false, maxText)
	return f.err()
}

// RiskPlan is the current plan with its latest approved version: Changed
// when the rows differ from that version's (or none was approved).
type RiskPlan struct {
	Rows    []RiskPlanRow    `json:"rows"`
	Next    int              `json:"next_number"`      // the number approving it now would give
	Digest  string           `json:"digest"`           // RiskPlanDigest of Rows, to send back with the approval
	Latest  *RiskPlanVersion `json:"latest,omitempty"` // without its rows
	Changed bool             `json:"changed_since_approval"`
	Changes []string         `json:"changes"` // "RSK-3 added", "RSK-4: residual level", ...
}

// CompareRiskPlans names what differs between an approved version's rows
// and the current ones: rows added, rows removed and, per row, the fields
// that changed. Empty when they are the same.
func CompareRiskPlans(old, new []RiskPlanRow) []string {
	byRef := map[string]RiskPlanRow{}
	for _, r := range old {
		byRef[r.Ref] = r
	}
	out := []string{}
	seen := map[string]bool{}
	for _, n := range new {
		seen[n.Ref] = true
		o, ok := byRef[n.Ref]
		if !ok {
			out = append(out, n.Ref+" added")
			continue
		}
		if o == n {
			continue
		}
		if f := riskPlanFields(o, n); len(f) > 0 {
			out = append(out, n.Ref+": "+strings.Join(f, ", "))
		}
	}
	for _, o := range old {
		if !seen[o.Ref] {
			out = append(out, o.Ref+" removed")
		}
	}
	return out
}

// riskPlanFields names the fields of a row that differ, for people.
func riskPlanFields(o, n RiskPlanRow) []string {
	var f []string
	add := func(differ bool, name string) {
		if differ {
			f = append(f, name)
		}
	}
	add(o.Title != n.Title || o.Kind != n.Kind, "title")
	add(o.SystemRef != n.SystemRef || o.SystemName != n.SystemName, "AI system")
	add(o.Level != n.Level, "level")
	add(o.Treatment != n.Treatment, "option")
	add(o.Controls != n.Controls, "controls")
	add(o.NotInPlace != n.NotInPlace, "controls in place")
	add(o.PlanOwner != n.PlanOwner || o.Plan != n.Plan || o.PlanStart != n.PlanStart || o.PlanDue != n.PlanDue, "plan")
	add(o.ResidualLevel != n.ResidualLevel, "residual level")
	add(o.AcceptedBy != n.AcceptedBy || o.AcceptedOn != n.AcceptedOn, "acceptance")
	add(o.Effectiveness != n.Effectiveness || o.CheckedOn != n.CheckedOn, "effectiveness")
	return f
}
