package aims

import (
	"net/url"
	"strings"
	"time"
)

// GapStatus is how far a requirement or control is implemented, as judged in
// the gap analysis that starts the road to certification.
type GapStatus string

// Gap statuses, from nothing done to done.
const (
	GapNotStarted    GapStatus = "not-started"
	GapPlanned       GapStatus = "planned"
	GapPartial       GapStatus = "partial"
	GapImplemented   GapStatus = "implemented"
	GapNotApplicable GapStatus = "not-applicable"
)

// GapStatuses lists the statuses in the order a form offers them.
var GapStatuses = []GapStatus{GapNotStarted, GapPlanned, GapPartial, GapImplemented, GapNotApplicable}

// Valid reports whether s is a known status.
func (s GapStatus) Valid() bool { return contains(GapStatuses, s) }

// Label names the status for people.
func (s GapStatus) Label() string {
	switch s {
	case GapNotStarted:
		return "Not started"
	case GapPlanned:
		return "Planned"
	case GapPartial:
		return "Partial"
	case GapImplemented:
		return "Implemented"
	case GapNotApplicable:
		return "Not applicable"
	}
	return string(s)
}

// Credit is the share of a requirement a status counts for in readiness:
// partial work counts half, plans count nothing until they are carried out.
func (s GapStatus) Credit() float64 {
	switch s {
	case GapImplemented:
		return 1
	case GapPartial:
		return 0.5
	}
	return 0
}

// GapEntry is the gap analysis's judgement of one requirement (clauses 4-10)
// or Annex A control. A requirement nobody has assessed yet is an entry with
// status not-started and version 0.
type GapEntry struct {
	// ID is the requirement's ID as well: a requirement has one entry per
	// organization, so it names the record in the API like any other ID.
	ID            string    `json:"id"`
	RequirementID string    `json:"requirement_id"`
	Status        GapStatus `json:"status"`
	Justification string    `json:"justification"`
	OwnerID       int64     `json:"owner_id"`
	OwnerName     string    `json:"owner_name"`
	TargetDate    Date      `json:"target_date"`
	Notes         string    `json:"notes"`
	Links         []GapLink `json:"links"`
	Version       int       `json:"version"`
	UpdatedAt     time.Time `json:"updated_at"`
	UpdatedBy     string    `json:"updated_by"`
}

// GapLink points from a gap entry to what supports it: a record in the
// registers (an AI system for now) or a document elsewhere, by URL.
type GapLink struct {
	AISystemID  int64  `json:"ai_system_id,omitempty"`
	AISystemRef string `json:"ai_system_ref,omitempty"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title"`
}

const maxGapLinks = 50

// IsControl reports whether the entry is for an Annex A control rather than a
// clause: only controls may be excluded as not applicable.
func (e GapEntry) IsControl() bool { return strings.HasPrefix(e.RequirementID, "A.") }

// Validate checks a gap entry. Clauses 4 to 10 are mandatory for every AIMS,
// so only Annex A controls may be marked not applicable, and only with a
// justification (the same justification the Statement of Applicability needs).
func (e GapEntry) Validate() error {
	f := fieldErrors{}
	if !e.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(GapStatuses))
	}
	if e.Status == GapNotApplicable {
		if !e.IsControl() {
			f.add("status", "clauses 4 to 10 apply to every AI management system; only Annex A controls can be not applicable")
		} else if strings.TrimSpace(e.Justification) == "" {
			f.add("justification", "is required when a control is not applicable")
		}
	}
	checkText(f, "justification", e.Justification, false, maxText)
	checkText(f, "notes", e.Notes, false, maxText)
	if e.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if len(e.Links) > maxGapLinks {
		f.add("links", "at most "+itoa(maxGapLinks)+" links")
	}
	for _, l := range e.Links {
		switch {
		case l.AISystemID != 0 && l.URL != "":
			f.add("links", "a link points either to an AI system or to a URL, not both")
		case l.AISystemID < 0:
			f.add("links", "ai_system_id must be an AI system ID")
		case l.AISystemID == 0:
			u, err := url.Parse(l.URL)
			if l.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				f.add("links", "each link needs an ai_system_id or an http(s) URL")
			}
			if len(l.URL) > 2000 {
				f.add("links", "a URL is at most 2000 characters")
			}
		}
		checkText(f, "links", l.Title, false, maxName)
	}
	return f.err()
}

// Open reports whether work remains: neither implemented nor excluded.
func (e GapEntry) Open() bool { return e.Status != GapImplemented && e.Status != GapNotApplicable }

// Overdue reports whether open work has passed its target date.
func (e GapEntry) Overdue(today Date) bool {
	return e.Open() && !e.TargetDate.IsZero() && e.TargetDate.Before(today)
}
