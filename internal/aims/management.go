package aims

import (
	"strings"
	"time"
)

// Body is the group of accountable people a designation names someone to.
// ISO/IEC 42001 reserves some decisions to top management (5.1, 5.2, 9.3)
// and others to management designated for AI risk (6.1.3). Membership roles
// (admin, manager, …) are permissions in aims; bodies are accountability.
type Body string

// The two bodies the standard speaks of.
const (
	BodyTop    Body = "top-management"
	BodyAIRisk Body = "ai-risk-management"
)

// Bodies lists the bodies in display order.
var Bodies = []Body{BodyTop, BodyAIRisk}

// Valid reports whether b is a known body.
func (b Body) Valid() bool { return contains(Bodies, b) }

// Label names the body for people.
func (b Body) Label() string {
	switch b {
	case BodyTop:
		return "Top management"
	case BodyAIRisk:
		return "Designated management for AI risk"
	}
	return string(b)
}

// Approval is a decision the standard reserves to top or designated
// management. A record that needs one is signed off only by a person whose
// designation covers it on the day, and says who gave it.
type Approval string

// The reserved approvals.
const (
	ApproveAIPolicy          Approval = "ai-policy"           // 5.2
	ApproveScope             Approval = "scope"               // 4.3, by the management that owns the AIMS
	ApproveRiskTreatmentPlan Approval = "risk-treatment-plan" // 6.1.3
	ApproveResidualRisk      Approval = "residual-risk"       // 6.1.3, within the person's limit
	ApproveSoA               Approval = "soa"                 // 6.1.3
	ApproveManagementReview  Approval = "management-review"   // 9.3
)

// Approvals lists them in the order of the standard.
var Approvals = []Approval{ApproveScope, ApproveAIPolicy, ApproveRiskTreatmentPlan, ApproveResidualRisk, ApproveSoA, ApproveManagementReview}

// Valid reports whether a is a known approval.
func (a Approval) Valid() bool { return contains(Approvals, a) }

// Label names the approval for people, with the clause that reserves it.
func (a Approval) Label() string {
	switch a {
	case ApproveAIPolicy:
		return "AI policy (5.2)"
	case ApproveScope:
		return "AIMS scope (4.3)"
	case ApproveRiskTreatmentPlan:
		return "Risk treatment plan (6.1.3)"
	case ApproveResidualRisk:
		return "Acceptance of residual AI risk (6.1.3)"
	case ApproveSoA:
		return "Statement of Applicability (6.1.3)"
	case ApproveManagementReview:
		return "Management review decisions (9.3)"
	}
	return string(a)
}

// Bodies names the bodies that may give the approval. Top management may
// give every approval; designated management for AI risk gives those of
// risk treatment (6.1.3).
func (a Approval) Bodies() []Body {
	switch a {
	case ApproveRiskTreatmentPlan, ApproveResidualRisk, ApproveSoA:
		return []Body{BodyTop, BodyAIRisk}
	}
	return []Body{BodyTop}
}

// RiskLimit is the highest level of residual AI risk a person may accept.
// The organization's risk criteria name the levels; these are their ranks,
// from the lowest.
type RiskLimit string

// Risk limits from none to the highest level.
const (
	LimitNone     RiskLimit = "none"
	LimitLow      RiskLimit = "low"
	LimitMedium   RiskLimit = "medium"
	LimitHigh     RiskLimit = "high"
	LimitVeryHigh RiskLimit = "very-high"
)

// RiskLimits lists the limits from the lowest.
var RiskLimits = []RiskLimit{LimitNone, LimitLow, LimitMedium, LimitHigh, LimitVeryHigh}

// Valid reports whether l is a known limit.
func (l RiskLimit) Valid() bool { return contains(RiskLimits, l) }

// Rank orders the limits: none is 0, very high 4.
func (l RiskLimit) Rank() int {
	for i, x := range RiskLimits {
		if x == l {
			return i
		}
	}
	return 0
}

// Label names the limit for people.
func (l RiskLimit) Label() string {
	switch l {
	case LimitNone:
		return "May not accept residual risk"
	case LimitVeryHigh:
		return "Up to very high"
	}
	return "Up to " + string(l)
}

// Designation names a person to top management or to management for AI
// risk, from a date and, when it ended, until one. Ended designations stay:
// an auditor checks who held the authority on the day of each approval.
type Designation struct {
	ID         int64     `json:"id"`
	Ref        string    `json:"ref"`
	Version    int       `json:"version"`
	UserID     int64     `json:"user_id"`
	UserName   string    `json:"user_name"`
	Body       Body      `json:"body"`
	Position   string    `json:"position"`     // "Chief Risk Officer"
	AcceptUpTo RiskLimit `json:"accept_up_to"` // residual risk this person may accept
	Basis      string    `json:"basis"`        // the decision that designated them
	From       Date      `json:"from"`
	Until      Date      `json:"until"` // zero while current
	Archived   bool      `json:"archived"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Normalize trims the text and defaults the limit to none.
func (d *Designation) Normalize() {
	d.Position, d.Basis = strings.TrimSpace(d.Position), strings.TrimSpace(d.Basis)
	if d.AcceptUpTo == "" {
		d.AcceptUpTo = LimitNone
	}
}

// Validate checks a designation as a client sent it.
func (d Designation) Validate() error {
	f := fieldErrors{}
	if d.UserID <= 0 {
		f.add("user_id", "choose the person designated")
	}
	if !d.Body.Valid() {
		f.add("body", "must be one of: "+joinEnum(Bodies))
	}
	checkText(f, "position", d.Position, true, maxName)
	checkText(f, "basis", d.Basis, false, maxText)
	if !d.AcceptUpTo.Valid() {
		f.add("accept_up_to", "must be one of: "+joinEnum(RiskLimits))
	}
	if d.From.IsZero() {
		f.add("from", "give the day the designation starts")
	}
	if !d.Until.IsZero() && d.Until.Before(d.From) {
		f.add("until", "cannot be before the start")
	}
	return f.err()
}

// Current reports whether the designation holds on day.
func (d Designation) Current(day Date) bool {
	return !d.Archived && !day.Before(d.From) && (d.Until.IsZero() || !d.Until.Before(day))
}

// DesignationFilter narrows the designations list.
type DesignationFilter struct {
	ListParams
	Body     Body
	Current  bool // only those holding on Today
	Today    Date
	Archived bool
}

// DesignationSorts are the columns the list can be sorted by.
var DesignationSorts = []string{"ref", "name", "body", "from"}

// Validate checks the filter.
func (f DesignationFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(DesignationSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Body != "" && !f.Body.Valid() {
		errs.add("body", "must be one of: "+joinEnum(Bodies))
	}
	return errs.err()
}

// ErrNotDesignated is why an approval was refused: the person holds no
// designation that covers it on the day. It is a validation error on the
// approver, so forms and the API show it beside the field.
func ErrNotDesignated(field string, a Approval) error {
	return &ValidationError{Fields: map[string]string{field: "only " + bodiesText(a.Bodies()) +
		" may approve the " + strings.ToLower(a.Label()) + ", and this person holds no such designation on that day"}}
}

func bodiesText(bs []Body) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = strings.ToLower(b.Label())
	}
	return strings.Join(parts, " or ")
}
