package aims

import (
	"strings"
	"time"
)

// RegisterUseReviews is the register of checks that AI systems are used as
// intended (A.9.4).
const RegisterUseReviews = "use-reviews"

// UseMethod is how a use review found out how a system is actually used.
type UseMethod string

// The methods.
const (
	UseMethodOutputs    UseMethod = "output-sample"
	UseMethodLogs       UseMethod = "usage-logs"
	UseMethodSurvey     UseMethod = "user-survey"
	UseMethodObserve    UseMethod = "observation"
	UseMethodComplaints UseMethod = "complaints-review"
	UseMethodOther      UseMethod = "other"
)

// UseMethods lists the methods in display order.
var UseMethods = []UseMethod{UseMethodOutputs, UseMethodLogs, UseMethodSurvey, UseMethodObserve, UseMethodComplaints, UseMethodOther}

// Valid reports whether m is a known method.
func (m UseMethod) Valid() bool { return contains(UseMethods, m) }

// Label names the method for people.
func (m UseMethod) Label() string {
	switch m {
	case UseMethodOutputs:
		return "Sample of outputs and decisions"
	case UseMethodLogs:
		return "Usage logs"
	case UseMethodSurvey:
		return "Survey or interviews of users"
	case UseMethodObserve:
		return "Observation of use"
	case UseMethodComplaints:
		return "Review of complaints and concerns"
	case UseMethodOther:
		return "Other"
	}
	return string(m)
}

// UseOutcome is what a use review concluded.
type UseOutcome string

// The outcomes, from best to worst.
const (
	UseAsIntended UseOutcome = "as-intended"
	UseDeviations UseOutcome = "deviations"
	UseMisuse     UseOutcome = "misuse"
)

// UseOutcomes lists the outcomes in display order.
var UseOutcomes = []UseOutcome{UseAsIntended, UseDeviations, UseMisuse}

// Valid reports whether o is a known outcome.
func (o UseOutcome) Valid() bool { return contains(UseOutcomes, o) }

// Label says the outcome for people.
func (o UseOutcome) Label() string {
	switch o {
	case UseAsIntended:
		return "Used as intended"
	case UseDeviations:
		return "Deviations from the intended use"
	case UseMisuse:
		return "Misuse found"
	}
	return string(o)
}

// UseReview is one dated check of how an AI system is actually used
// against the use it is intended for (A.9.4). It keeps the intended use it
// checked against, as it read on the day, so a later change of the
// inventory does not rewrite what the review compared.
type UseReview struct {
	ID           int64      `json:"id"`
	Ref          string     `json:"ref"`
	Version      int        `json:"version"`
	AISystemID   int64      `json:"ai_system_id"`
	AISystemRef  string     `json:"ai_system_ref"`
	AISystemName string     `json:"ai_system_name"`
	ReviewedOn   Date       `json:"reviewed_on"`
	PeriodFrom   Date       `json:"period_from"`
	PeriodTo     Date       `json:"period_to"`
	Method       UseMethod  `json:"method"`
	IntendedUse  string     `json:"intended_use"` // blank on create: the system's intended use is copied
	ActualUse    string     `json:"actual_use"`
	Outcome      UseOutcome `json:"outcome"`
	Deviations   string     `json:"deviations"`
	Actions      string     `json:"actions"`
	ReviewerID   int64      `json:"reviewer_id"`
	ReviewerName string     `json:"reviewer_name"`
	NextReview   Date       `json:"next_review"`
	Archived     bool       `json:"archived"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Normalize trims what people type around.
func (u *UseReview) Normalize() {
	u.IntendedUse, u.ActualUse = strings.TrimSpace(u.IntendedUse), strings.TrimSpace(u.ActualUse)
	u.Deviations, u.Actions = strings.TrimSpace(u.Deviations), strings.TrimSpace(u.Actions)
}

// Validate checks a use review as a client sent it.
func (u UseReview) Validate() error {
	f := fieldErrors{}
	if u.AISystemID <= 0 {
		f.add("ai_system_id", "must name an AI system")
	}
	if u.ReviewedOn.IsZero() {
		f.add("reviewed_on", "is required")
	}
	if !u.PeriodFrom.IsZero() && !u.PeriodTo.IsZero() && u.PeriodTo.Before(u.PeriodFrom) {
		f.add("period_to", "must not be before the start of the period")
	}
	if !u.PeriodTo.IsZero() && !u.ReviewedOn.IsZero() && u.ReviewedOn.Before(u.PeriodTo) {
		f.add("period_to", "must not be after the day of the review")
	}
	if !u.Method.Valid() {
		f.add("method", "must be one of: "+joinEnum(UseMethods))
	}
	if !u.Outcome.Valid() {
		f.add("outcome", "must be one of: "+joinEnum(UseOutcomes))
	}
	checkText(f, "intended_use", u.IntendedUse, false, maxText)
	checkText(f, "actual_use", u.ActualUse, true, maxText)
	checkText(f, "deviations", u.Deviations, u.Outcome == UseDeviations || u.Outcome == UseMisuse, maxText)
	checkText(f, "actions", u.Actions, u.Outcome == UseDeviations || u.Outcome == UseMisuse, maxText)
	if u.ReviewerID < 0 {
		f.add("reviewer_id", "must be a user ID")
	}
	if !u.NextReview.IsZero() && !u.ReviewedOn.IsZero() && !u.NextReview.After(u.ReviewedOn) {
		f.add("next_review", "must be after the day of the review")
	}
	return f.err()
}

// UseReviewFilter narrows the use reviews list. Zero values mean "any".
type UseReviewFilter struct {
	ListParams
	AISystemID int64
	Outcome    UseOutcome
	Archived   bool
}

// UseReviewSorts are the columns the list can be sorted by.
var UseReviewSorts = []string{"ref", "reviewed_on", "outcome", "next_review", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f UseReviewFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(UseReviewSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Outcome != "" && !f.Outcome.Valid() {
		errs.add("outcome", "must be one of: "+joinEnum(UseOutcomes))
	}
	return errs.err()
}
