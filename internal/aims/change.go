package aims

import (
	"strings"
	"time"
)

// ChangeSubject says what a change request changes: the AI management
// system itself (a planned change, 6.3) or one AI system (8.1).
type ChangeSubject string

// The subjects.
const (
	SubjectAIMS     ChangeSubject = "aims"
	SubjectAISystem ChangeSubject = "ai-system"
)

// ChangeSubjects lists them in display order.
var ChangeSubjects = []ChangeSubject{SubjectAISystem, SubjectAIMS}

// Valid reports whether s is a known subject.
func (s ChangeSubject) Valid() bool { return contains(ChangeSubjects, s) }

// Label names the subject for people.
func (s ChangeSubject) Label() string {
	switch s {
	case SubjectAIMS:
		return "The AI management system (6.3)"
	case SubjectAISystem:
		return "An AI system (8.1)"
	}
	return string(s)
}

// ChangeStatus is where a change request stands: requested, then approved
// or rejected by someone other than the requester, then implemented, then
// closed once its outcome is reviewed.
type ChangeStatus string

// The statuses in workflow order.
const (
	ChangeRequested   ChangeStatus = "requested"
	ChangeApproved    ChangeStatus = "approved"
	ChangeRejected    ChangeStatus = "rejected"
	ChangeImplemented ChangeStatus = "implemented"
	ChangeClosed      ChangeStatus = "closed"
)

// ChangeStatuses lists them in workflow order.
var ChangeStatuses = []ChangeStatus{ChangeRequested, ChangeApproved, ChangeRejected, ChangeImplemented, ChangeClosed}

// Valid reports whether s is a known status.
func (s ChangeStatus) Valid() bool { return contains(ChangeStatuses, s) }

// Label names the status for people.
func (s ChangeStatus) Label() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// ChangeRequest is a change request: to the AI management system (6.3) or to an
// AI system (8.1), with its reason and the analysis of its impact, the
// decision on it, its implementation and the review of its outcome.
type ChangeRequest struct {
	ID           int64         `json:"id"`
	Ref          string        `json:"ref"`
	Version      int           `json:"version"`
	Title        string        `json:"title"`
	Subject      ChangeSubject `json:"subject"`
	AISystemID   int64         `json:"ai_system_id"`
	AISystemRef  string        `json:"ai_system_ref"`
	AISystemName string        `json:"ai_system_name"`
	Description  string        `json:"description"`
	Reason       string        `json:"reason"`
	// The impact analysis: what the change affects, its possible
	// consequences and the resources it needs.
	ImpactAffects      string `json:"impact_affects"`
	ImpactConsequences string `json:"impact_consequences"`
	ImpactResources    string `json:"impact_resources"`
	Significant        bool   `json:"significant"`
	OwnerID            int64  `json:"owner_id"`
	OwnerName          string `json:"owner_name"`
	PlannedOn          Date   `json:"planned_on"`

	// Set by the workflow's steps, never by an edit.
	Status             ChangeStatus `json:"status"`
	RequestedByID      int64        `json:"requested_by_id"`
	RequestedByName    string       `json:"requested_by_name"`
	RequestedOn        Date         `json:"requested_on"`
	DecidedByID        int64        `json:"decided_by_id"`
	DecidedByName      string       `json:"decided_by_name"`
	DecidedOn          Date         `json:"decided_on"`
	Conditions         string       `json:"conditions"`
	ReassessBy         Date         `json:"reassess_by"`
	ImplementedByID    int64        `json:"implemented_by_id"`
	ImplementedByName  string       `json:"implemented_by_name"`
	ImplementedOn      Date         `json:"implemented_on"`
	ImplementationNote string       `json:"implementation_note"`
	ClosedByID         int64        `json:"closed_by_id"`
	ClosedByName       string       `json:"closed_by_name"`
	ClosedOn           Date         `json:"closed_on"`
	OutcomeReview      string       `json:"outcome_review"`
	ReassessedByID     int64        `json:"reassessed_by_id"`
	ReassessedByName   string       `json:"reassessed_by_name"`
	ReassessedOn       Date         `json:"reassessed_on"`
	ReassessmentNote   string       `json:"reassessment_note"`
	// ReassessmentDue: an approved significant change to an AI system
	// whose risk and impact reassessment is not done yet (read only).
	ReassessmentDue bool      `json:"reassessment_due"`
	Archived        bool      `json:"archived"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// NeedsReassessment reports whether approving the change asks for the AI
// system's risk and impact assessments to be made again.
func (c ChangeRequest) NeedsReassessment() bool { return c.Significant && c.Subject == SubjectAISystem }

// Normalize trims the title and drops a system from an AIMS change.
func (c *ChangeRequest) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
}

// Validate checks a change request as a client sent it.
func (c ChangeRequest) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", c.Title, true, maxName)
	if !c.Subject.Valid() {
		f.add("subject", "must be one of: "+joinEnum(ChangeSubjects))
	}
	switch {
	case c.Subject == SubjectAISystem && c.AISystemID <= 0:
		f.add("ai_system_id", "is required for a change to an AI system")
	case c.Subject == SubjectAIMS && c.AISystemID != 0:
		f.add("ai_system_id", "must be empty for a change to the AI management system")
	}
	checkText(f, "description", c.Description, true, maxText)
	checkText(f, "reason", c.Reason, true, maxText)
	checkText(f, "impact_affects", c.ImpactAffects, true, maxText)
	checkText(f, "impact_consequences", c.ImpactConsequences, false, maxText)
	checkText(f, "impact_resources", c.ImpactResources, false, maxText)
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// ChangeStep is one step of a change's workflow as a client sends it: the
// version read, the day, and what the step records.
type ChangeStep struct {
	Version int  `json:"version"`
	On      Date `json:"on"` // today when empty
	// Decide: approve (true) or reject (false).
	Approve bool `json:"approve"`
	// Decide: the conditions of an approval or the reason for a rejection;
	// implement: what was done; close: the review of the outcome;
	// reassessment: what the reassessment found.
	Note string `json:"note"`
	// Decide: the day the AI system's risk and impact assessments must be
	// made again by (required when approving a significant change to an
	// AI system).
	ReassessBy Date `json:"reassess_by"`
}

// Validate checks a step; today bounds its day, required names the note
// when the step needs one.
func (s ChangeStep) Validate(today Date, noteRequired bool) error {
	f := fieldErrors{}
	if s.On.IsZero() {
		f.add("on", "is required")
	} else if s.On.After(today) {
		f.add("on", "cannot be in the future")
	}
	checkText(f, "note", s.Note, noteRequired, maxText)
	return f.err()
}

// ChangeFilter narrows the changes list. Zero values mean "any".
type ChangeFilter struct {
	ListParams
	Subject     ChangeSubject
	Status      ChangeStatus
	AISystemID  int64
	Significant string // "yes", "no" or any
	// Reassessment lists only changes whose reassessment is due.
	Reassessment bool
	OwnerID      int64
	Archived     bool
}

// ChangeSorts are the columns the list can be sorted by.
var ChangeSorts = []string{"ref", "title", "status", "requested_on", "planned_on", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ChangeFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ChangeSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Subject != "" && !f.Subject.Valid() {
		errs.add("subject", "must be one of: "+joinEnum(ChangeSubjects))
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(ChangeStatuses))
	}
	if f.Significant != "" && f.Significant != "yes" && f.Significant != "no" {
		errs.add("significant", "must be yes or no")
	}
	return errs.err()
}
