package aims

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Concerns (Annex A.3.3): anyone, inside or outside the organization, may
// raise a concern about its AI systems, by name or anonymously. Each
// concern is triaged, owned, answered and closed, and the reporter can read
// the answer with the follow-up code they were given.

// ConcernChannel is how a concern reached the organization.
type ConcernChannel string

// The channels a concern can arrive by.
const (
	ChannelPublicForm ConcernChannel = "public-form"
	ChannelInternal   ConcernChannel = "internal"
	ChannelEmail      ConcernChannel = "email"
	ChannelPhone      ConcernChannel = "phone"
	ChannelOther      ConcernChannel = "other"
)

// ConcernChannels lists the channels in display order.
var ConcernChannels = []ConcernChannel{ChannelPublicForm, ChannelInternal, ChannelEmail, ChannelPhone, ChannelOther}

// Valid reports whether c is a known channel.
func (c ConcernChannel) Valid() bool { return contains(ConcernChannels, c) }

// Label names the channel for people.
func (c ConcernChannel) Label() string {
	switch c {
	case ChannelPublicForm:
		return "Public reporting form"
	case ChannelInternal:
		return "Internal (a member)"
	case ChannelEmail:
		return "E-mail"
	case ChannelPhone:
		return "Phone"
	case ChannelOther:
		return "Other"
	}
	return string(c)
}

// ConcernCategory is what a concern is about.
type ConcernCategory string

// Categories of concern.
const (
	ConcernBias         ConcernCategory = "bias"
	ConcernPrivacy      ConcernCategory = "privacy"
	ConcernSafety       ConcernCategory = "safety"
	ConcernTransparency ConcernCategory = "transparency"
	ConcernMisuse       ConcernCategory = "misuse"
	ConcernLegal        ConcernCategory = "legal"
	ConcernOther        ConcernCategory = "other"
)

// ConcernCategories lists the categories in display order.
var ConcernCategories = []ConcernCategory{ConcernBias, ConcernPrivacy, ConcernSafety, ConcernTransparency, ConcernMisuse, ConcernLegal, ConcernOther}

// Valid reports whether c is a known category.
func (c ConcernCategory) Valid() bool { return contains(ConcernCategories, c) }

// Label names the category for people, the reporter among them.
func (c ConcernCategory) Label() string {
	switch c {
	case ConcernBias:
		return "Bias or an unfair outcome"
	case ConcernPrivacy:
		return "Privacy or personal data"
	case ConcernSafety:
		return "Safety or harm"
	case ConcernTransparency:
		return "Transparency: not told, or not explained"
	case ConcernMisuse:
		return "Misuse of AI"
	case ConcernLegal:
		return "Legal compliance"
	case ConcernOther:
		return "Something else"
	}
	return string(c)
}

// ConcernStatus is where a concern is in its handling.
type ConcernStatus string

// Triage statuses, in order; resolved and dismissed close a concern.
const (
	ConcernNew           ConcernStatus = "new"
	ConcernTriaged       ConcernStatus = "triaged"
	ConcernInvestigating ConcernStatus = "investigating"
	ConcernResolved      ConcernStatus = "resolved"
	ConcernDismissed     ConcernStatus = "dismissed"
)

// ConcernStatuses lists the statuses in order.
var ConcernStatuses = []ConcernStatus{ConcernNew, ConcernTriaged, ConcernInvestigating, ConcernResolved, ConcernDismissed}

// Valid reports whether s is a known status.
func (s ConcernStatus) Valid() bool { return contains(ConcernStatuses, s) }

// Closed reports whether the status ends the handling.
func (s ConcernStatus) Closed() bool { return s == ConcernResolved || s == ConcernDismissed }

// Label names the status for the organization's people.
func (s ConcernStatus) Label() string {
	switch s {
	case ConcernNew:
		return "New"
	case ConcernTriaged:
		return "Triaged"
	case ConcernInvestigating:
		return "Investigating"
	case ConcernResolved:
		return "Resolved"
	case ConcernDismissed:
		return "Dismissed"
	}
	return string(s)
}

// PublicLabel is the status as the reporter reads it: nothing of the
// organization's internal handling, only whether someone is on it.
func (s ConcernStatus) PublicLabel() string {
	switch s {
	case ConcernNew:
		return "Received, not yet reviewed"
	case ConcernTriaged, ConcernInvestigating:
		return "Being looked into"
	case ConcernResolved:
		return "Resolved"
	case ConcernDismissed:
		return "Closed"
	}
	return "Received"
}

// ConcernSeverity is how serious the triage judged a concern.
type ConcernSeverity string

// Severities; empty until triage.
const (
	SeverityNotAssessed ConcernSeverity = ""
	SeverityLow         ConcernSeverity = "low"
	SeverityMedium      ConcernSeverity = "medium"
	SeverityHigh        ConcernSeverity = "high"
)

// ConcernSeverities lists the severities from the lowest.
var ConcernSeverities = []ConcernSeverity{SeverityLow, SeverityMedium, SeverityHigh}

// Valid reports whether s is a known severity or not yet assessed.
func (s ConcernSeverity) Valid() bool {
	return s == SeverityNotAssessed || contains(ConcernSeverities, s)
}

// Label names the severity for people.
func (s ConcernSeverity) Label() string {
	switch s {
	case SeverityLow:
		return "Low"
	case SeverityMedium:
		return "Medium"
	case SeverityHigh:
		return "High"
	}
	return "Not assessed"
}

// Concern limits. A description is bounded so that the public form cannot
// be used to store large payloads.
const (
	MaxConcernText       = 10_000
	maxConcernContact    = 200
	concernResponseDays  = 30
	concernSummaryLength = 80
)

// Concern is one concern raised about the organization's AI. The reporter
// may stay anonymous; nothing links a concern to an account, even when the
// address given belongs to one.
type Concern struct {
	ID              int64          `json:"id"`
	Ref             string         `json:"ref"`
	Version         int            `json:"version"`
	ReceivedOn      Date           `json:"received_on"`
	Channel         ConcernChannel `json:"channel"`
	ReporterName    string         `json:"reporter_name"`
	ReporterContact string         `json:"reporter_contact"`
	// ReporterWithheld says the reporter's name and contact were left out
	// for a reader who does not triage concerns.
	ReporterWithheld bool            `json:"reporter_withheld,omitempty"`
	AISystemID       int64           `json:"ai_system_id"`
	AISystemName     string          `json:"ai_system_name"`
	Category         ConcernCategory `json:"category"`
	Summary          string          `json:"summary"`
	Description      string          `json:"description"`
	Status           ConcernStatus   `json:"status"`
	Severity         ConcernSeverity `json:"severity"`
	OwnerID          int64           `json:"owner_id"`
	OwnerName        string          `json:"owner_name"`
	ResponseDue      Date            `json:"response_due"`
	Resolution       string          `json:"resolution"`
	Answer           string          `json:"answer"` // what the reporter reads with their follow-up code
	ClosedOn         Date            `json:"closed_on"`
	FollowUp         bool            `json:"follow_up"` // the reporter holds a follow-up code
	Archived         bool            `json:"archived"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
}

// Normalize fills what a client may leave out: the day received (today),
// the status (new), the summary (the start of the description), the
// response due date (30 days after receipt) and the day it closed, which
// follows the status.
func (c *Concern) Normalize(today Date) {
	c.Summary = strings.TrimSpace(c.Summary)
	c.ReporterName, c.ReporterContact = strings.TrimSpace(c.ReporterName), strings.TrimSpace(c.ReporterContact)
	if c.ReceivedOn.IsZero() {
		c.ReceivedOn = today
	}
	if c.Status == "" {
		c.Status = ConcernNew
	}
	if c.Summary == "" {
		c.Summary = summarize(c.Description)
	}
	if c.ResponseDue.IsZero() {
		c.ResponseDue = Date{c.ReceivedOn.Time().AddDate(0, 0, concernResponseDays)}
	}
	switch {
	case !c.Status.Closed():
		c.ClosedOn = Date{}
	case c.ClosedOn.IsZero():
		c.ClosedOn = today
	}
}

// summarize is the first line of a text, cut at a word near 80 characters.
func summarize(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) <= concernSummaryLength {
		return line
	}
	r := []rune(line)[:concernSummaryLength]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > concernSummaryLength/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// Validate checks a concern as a member recorded or triaged it.
func (c Concern) Validate() error {
	f := fieldErrors{}
	if !c.Channel.Valid() {
		f.add("channel", "must be one of: "+joinEnum(ConcernChannels))
	}
	if !c.Category.Valid() {
		f.add("category", "must be one of: "+joinEnum(ConcernCategories))
	}
	if !c.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(ConcernStatuses))
	}
	if !c.Severity.Valid() {
		f.add("severity", "must be one of: "+joinEnum(ConcernSeverities)+" (or empty until triage)")
	} else if c.Severity == SeverityNotAssessed && c.Status.Valid() && c.Status != ConcernNew {
		f.add("severity", "is required once the concern is triaged")
	}
	checkText(f, "reporter_name", c.ReporterName, false, maxName)
	checkText(f, "reporter_contact", c.ReporterContact, false, maxConcernContact)
	checkText(f, "summary", c.Summary, true, maxName)
	checkText(f, "description", c.Description, true, MaxConcernText)
	checkText(f, "resolution", c.Resolution, c.Status.Closed(), MaxConcernText)
	checkText(f, "answer", c.Answer, false, MaxConcernText)
	if c.Status.Closed() && strings.TrimSpace(c.Resolution) == "" {
		f.add("resolution", "is required to close a concern: say what was done, or why it was dismissed")
	}
	if c.ReceivedOn.IsZero() {
		f.add("received_on", "give the day the concern was received")
	}
	if !c.ResponseDue.IsZero() && c.ResponseDue.Before(c.ReceivedOn) {
		f.add("response_due", "cannot be before the day received")
	}
	if !c.ClosedOn.IsZero() && c.ClosedOn.Before(c.ReceivedOn) {
		f.add("closed_on", "cannot be before the day received")
	}
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if c.AISystemID < 0 {
		f.add("ai_system_id", "must be an AI system ID")
	}
	return f.err()
}

// ResponseOverdue reports whether an open concern has passed its response
// due date.
func (c Concern) ResponseOverdue(today Date) bool {
	return !c.Archived && !c.Status.Closed() && !c.ResponseDue.IsZero() && c.ResponseDue.Before(today)
}

// PublicConcern is what the public reporting form takes: no account, no
// link to the organization's records, every field but the description
// optional.
type PublicConcern struct {
	Category    ConcernCategory
	Description string
	Name        string
	Contact     string
}

// Validate checks a public submission.
func (p PublicConcern) Validate() error {
	f := fieldErrors{}
	if !p.Category.Valid() {
		f.add("category", "choose what the concern is about")
	}
	checkText(f, "description", p.Description, true, MaxConcernText)
	checkText(f, "name", p.Name, false, maxName)
	checkText(f, "contact", p.Contact, false, maxConcernContact)
	return f.err()
}

// Concern turns a public submission into a new concern received today.
func (p PublicConcern) Concern(today Date) Concern {
	c := Concern{Channel: ChannelPublicForm, Category: p.Category, Description: p.Description,
		ReporterName: p.Name, ReporterContact: p.Contact}
	c.Normalize(today)
	return c
}

// PublicDailyLimit is how many concerns the public form of one
// organization accepts in 24 hours: a flood from many addresses can fill
// neither the database nor the triage queue.
const PublicDailyLimit = 50

// ErrConcernCeiling refuses a public submission over the daily limit.
var ErrConcernCeiling = errors.New("the organization's public reporting form has taken all the concerns it accepts today")

// ConcernStatusView is what a reporter reads with their follow-up code:
// the day received, the status as the public sees it, the answer and the
// day it closed. Nothing internal.
type ConcernStatusView struct {
	ReceivedOn Date
	Status     ConcernStatus
	Answer     string
	ClosedOn   Date
}

// ConcernChannelState is an organization's public reporting page: off,
// or on at the address its key makes.
type ConcernChannelState struct {
	Enabled   bool      `json:"enabled"`
	Key       string    `json:"key"`
	Version   int       `json:"version"` // 0 until first enabled
	UpdatedAt time.Time `json:"updated_at"`
}

// ConcernChannelAction is what an admin does to the public page.
type ConcernChannelAction string

// Actions on the public reporting page.
const (
	ChannelEnable  ConcernChannelAction = "enable"
	ChannelDisable ConcernChannelAction = "disable"
	ChannelRotate  ConcernChannelAction = "rotate"
)

// Valid reports whether a is a known action.
func (a ConcernChannelAction) Valid() bool {
	return a == ChannelEnable || a == ChannelDisable || a == ChannelRotate
}

// ConcernFilter narrows the concerns list.
type ConcernFilter struct {
	ListParams
	Status     ConcernStatus
	Category   ConcernCategory
	Severity   ConcernSeverity
	OwnerID    int64
	AISystemID int64
	Open       bool // only concerns not yet closed
	Overdue    bool // only open concerns past their response due date
	Today      Date
	Archived   bool
}

// ConcernSorts are the columns the list can be sorted by.
var ConcernSorts = []string{"ref", "received_on", "status", "severity", "response_due", "updated_at"}

// Validate checks the filter.
func (f ConcernFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ConcernSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(ConcernStatuses))
	}
	if f.Category != "" && !f.Category.Valid() {
		errs.add("category", "must be one of: "+joinEnum(ConcernCategories))
	}
	if f.Severity != "" && !f.Severity.Valid() {
		errs.add("severity", "must be one of: "+joinEnum(ConcernSeverities))
	}
	return errs.err()
}
