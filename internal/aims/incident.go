package aims

import (
	"strconv"
	"strings"
	"time"
)

// AI incidents (A.8.4): the plan for communicating incidents and the
// register of incidents with what was communicated to whom. A serious
// incident under the EU AI Act (Art. 73) carries the reporting deadline
// that applies to it, which counts down as due work until the report to
// the market surveillance authority is logged.

// IncidentSeverity grades an incident. The meanings are ours: an
// organization may read them as its own scale.
type IncidentSeverity string

// Severities, from least to most severe.
const (
	IncidentLow      IncidentSeverity = "low"
	IncidentMedium   IncidentSeverity = "medium"
	IncidentHigh     IncidentSeverity = "high"
	IncidentCritical IncidentSeverity = "critical"
)

// IncidentSeverities lists them in order.
var IncidentSeverities = []IncidentSeverity{IncidentLow, IncidentMedium, IncidentHigh, IncidentCritical}

// Valid reports whether v is a known severity.
func (v IncidentSeverity) Valid() bool { return contains(IncidentSeverities, v) }

// Label names the severity for people.
func (v IncidentSeverity) Label() string {
	switch v {
	case IncidentLow:
		return "Low"
	case IncidentMedium:
		return "Medium"
	case IncidentHigh:
		return "High"
	case IncidentCritical:
		return "Critical"
	}
	if v == "" {
		return "Any"
	}
	return string(v)
}

// Meaning says what the severity stands for.
func (v IncidentSeverity) Meaning() string {
	switch v {
	case IncidentLow:
		return "No or negligible harm; corrected in normal operation."
	case IncidentMedium:
		return "Limited, reversible harm to some people, or a control failed without harm."
	case IncidentHigh:
		return "Significant harm, many people affected, or a legal or contractual obligation breached."
	case IncidentCritical:
		return "Serious or irreversible harm; may be a serious incident under the EU AI Act."
	}
	return ""
}

// HarmCategory is the kind of harm an incident did or could do (our
// labels, close to the harms the EU AI Act's definition of a serious
// incident names).
type HarmCategory string

// Harm categories.
const (
	HarmHealthSafety   HarmCategory = "health-safety"
	HarmFundamental    HarmCategory = "fundamental-rights"
	HarmProperty       HarmCategory = "property-environment"
	HarmInfrastructure HarmCategory = "critical-infrastructure"
	HarmFinancial      HarmCategory = "financial"
	HarmReputational   HarmCategory = "reputational"
	HarmOther          HarmCategory = "other"
)

// HarmCategories lists them in display order.
var HarmCategories = []HarmCategory{HarmHealthSafety, HarmFundamental, HarmProperty, HarmInfrastructure, HarmFinancial, HarmReputational, HarmOther}

// Valid reports whether h is a known category.
func (h HarmCategory) Valid() bool { return contains(HarmCategories, h) }

// Label names the category for people.
func (h HarmCategory) Label() string {
	switch h {
	case HarmHealthSafety:
		return "Health and safety"
	case HarmFundamental:
		return "Fundamental rights"
	case HarmProperty:
		return "Property or environment"
	case HarmInfrastructure:
		return "Critical infrastructure"
	case HarmFinancial:
		return "Financial"
	case HarmReputational:
		return "Reputational"
	case HarmOther:
		return "Other"
	}
	return string(h)
}

// IncidentStatus is where the handling of an incident stands.
type IncidentStatus string

// Statuses in order.
const (
	IncidentOpen      IncidentStatus = "open"
	IncidentContained IncidentStatus = "contained"
	IncidentResolved  IncidentStatus = "resolved"
	IncidentClosed    IncidentStatus = "closed"
)

// IncidentStatuses lists them in order.
var IncidentStatuses = []IncidentStatus{IncidentOpen, IncidentContained, IncidentResolved, IncidentClosed}

// Valid reports whether s is a known status.
func (s IncidentStatus) Valid() bool { return contains(IncidentStatuses, s) }

// Label names the status for people.
func (s IncidentStatus) Label() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// SeriousKind is the kind of serious incident under the EU AI Act, which
// decides the reporting deadline of Art. 73.
type SeriousKind string

// Kinds of serious incident.
const (
	// SeriousWidespread: a widespread infringement (Art. 3(61)), Art. 73(3): 2 days.
	SeriousWidespread SeriousKind = "widespread-infringement"
	// SeriousInfrastructure: a serious and irreversible disruption of
	// critical infrastructure (Art. 3(49)(b)), Art. 73(3): 2 days.
	SeriousInfrastructure SeriousKind = "critical-infrastructure"
	// SeriousDeath: the death of a person, Art. 73(4): 10 days.
	SeriousDeath SeriousKind = "death"
	// SeriousOther: any other serious incident (Art. 3(49)), Art. 73(2): 15 days.
	SeriousOther SeriousKind = "other"
)

// SeriousKinds lists them, the shortest deadline first.
var SeriousKinds = []SeriousKind{SeriousWidespread, SeriousInfrastructure, SeriousDeath, SeriousOther}

// Valid reports whether k is a known kind.
func (k SeriousKind) Valid() bool { return contains(SeriousKinds, k) }

// Label names the kind for people, with the article that sets its deadline.
func (k SeriousKind) Label() string {
	switch k {
	case SeriousWidespread:
		return "Widespread infringement (Art. 73(3): 2 days)"
	case SeriousInfrastructure:
		return "Serious and irreversible disruption of critical infrastructure (Art. 73(3): 2 days)"
	case SeriousDeath:
		return "Death of a person (Art. 73(4): 10 days)"
	case SeriousOther:
		return "Other serious incident: health, fundamental rights, property or environment (Art. 73(2): 15 days)"
	}
	return string(k)
}

// Days is the longest time Art. 73 allows between becoming aware of the
// serious incident and reporting it to the market surveillance authority.
func (k SeriousKind) Days() int {
	switch k {
	case SeriousWidespread, SeriousInfrastructure:
		return 2
	case SeriousDeath:
		return 10
	case SeriousOther:
		return 15
	}
	return 0
}

// ReportDeadline is the last day to report a serious incident of kind k
// that the organization became aware of on aware: at most Days() after it.
// An unknown kind or an unknown day has no deadline.
func ReportDeadline(aware Date, k SeriousKind) Date {
	if aware.IsZero() || k.Days() == 0 {
		return Date{}
	}
	return aware.AddDays(k.Days())
}

// Incident is one AI incident.
type Incident struct {
	ID                  int64            `json:"id"`
	Ref                 string           `json:"ref"`
	Version             int              `json:"version"`
	AISystemID          int64            `json:"ai_system_id"` // 0: the AIMS as a whole
	AISystemName        string           `json:"ai_system_name"`
	AISystemClass       RiskClass        `json:"ai_system_risk_class"` // read from the system: "" without one
	AISystemRole        EURole           `json:"ai_system_eu_role"`    // read from the system's roles
	Title               string           `json:"title"`
	Description         string           `json:"description"`
	DetectedAt          time.Time        `json:"detected_at"`
	ReportedBy          string           `json:"reported_by"` // who noticed: a person, a customer, monitoring
	Severity            IncidentSeverity `json:"severity"`
	Harm                HarmCategory     `json:"harm_category"`
	PeopleAffected      int              `json:"people_affected"` // an estimate
	AffectedDescription string           `json:"affected_description"`
	Status              IncidentStatus   `json:"status"`
	ContainedOn         Date             `json:"contained_on"`
	ResolvedOn          Date             `json:"resolved_on"`
	ClosedOn            Date             `json:"closed_on"`
	RootCause           string           `json:"root_cause"`
	Actions             string           `json:"actions"`
	OwnerID             int64            `json:"owner_id"`
	OwnerName           string           `json:"owner_name"`
	Serious             bool             `json:"serious"`      // a serious incident under the EU AI Act, Art. 3(49)
	SeriousKind         SeriousKind      `json:"serious_kind"` // decides the Art. 73 deadline
	AwareOn             Date             `json:"aware_on"`     // the day the organization became aware
	ReportDue           Date             `json:"report_due"`   // derived: AwareOn + the kind's days; applies only when eu_duty says so
	AuthorityReportedOn Date             `json:"authority_reported_on"`
	AuthorityReference  string           `json:"authority_reference"`
	ProviderInformedOn  Date             `json:"provider_informed_on"` // the first communication to the provider logged
	Duty                IncidentDuty     `json:"eu_duty"`              // derived: EUDuty, the duty that applies and why
	Messages            int              `json:"messages"`             // entries in the communication log
	Archived            bool             `json:"archived"`
	CreatedAt           time.Time        `json:"created_at"`
	UpdatedAt           time.Time        `json:"updated_at"`
}

// Normalize trims the text, gives the current status its day when none was
// given (today), and derives the Art. 73 deadline. A flag taken off clears
// the kind, the day of awareness and the deadline.
func (i *Incident) Normalize(today Date) {
	i.Title, i.ReportedBy = strings.TrimSpace(i.Title), strings.TrimSpace(i.ReportedBy)
	i.AffectedDescription = strings.TrimSpace(i.AffectedDescription)
	if i.Status == "" {
		i.Status = IncidentOpen
	}
	if !i.DetectedAt.IsZero() {
		i.DetectedAt = i.DetectedAt.UTC().Truncate(time.Minute)
	}
	switch i.Status {
	case IncidentContained:
		if i.ContainedOn.IsZero() {
			i.ContainedOn = today
		}
	case IncidentResolved:
		if i.ResolvedOn.IsZero() {
			i.ResolvedOn = today
		}
	case IncidentClosed:
		if i.ClosedOn.IsZero() {
			i.ClosedOn = today
		}
	}
	if !i.Serious {
		i.SeriousKind, i.AwareOn = "", Date{}
	}
	i.ReportDue = ReportDeadline(i.AwareOn, i.SeriousKind)
}

// Validate checks an incident as a client sent it.
func (i Incident) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", i.Title, true, maxName)
	checkText(f, "description", i.Description, true, maxText)
	if i.DetectedAt.IsZero() {
		f.add("detected_at", "give the date and time it was detected")
	}
	checkText(f, "reported_by", i.ReportedBy, false, maxName)
	if !i.Severity.Valid() {
		f.add("severity", "must be one of: "+joinEnum(IncidentSeverities))
	}
	if !i.Harm.Valid() {
		f.add("harm_category", "must be one of: "+joinEnum(HarmCategories))
	}
	if i.PeopleAffected < 0 || i.PeopleAffected > 1_000_000_000 {
		f.add("people_affected", "must be a number from 0 up")
	}
	checkText(f, "affected_description", i.AffectedDescription, false, maxText)
	if !i.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(IncidentStatuses))
	}
	detected := DateOf(i.DetectedAt)
	for _, d := range []struct {
		field string
		day   Date
	}{{"contained_on", i.ContainedOn}, {"resolved_on", i.ResolvedOn}, {"closed_on", i.ClosedOn}} {
		if !d.day.IsZero() && !i.DetectedAt.IsZero() && d.day.Before(detected) {
			f.add(d.field, "cannot be before the incident was detected")
		}
	}
	if !i.ResolvedOn.IsZero() && !i.ContainedOn.IsZero() && i.ResolvedOn.Before(i.ContainedOn) {
		f.add("resolved_on", "cannot be before it was contained")
	}
	if !i.ClosedOn.IsZero() && !i.ResolvedOn.IsZero() && i.ClosedOn.Before(i.ResolvedOn) {
		f.add("closed_on", "cannot be before it was resolved")
	}
	checkText(f, "root_cause", i.RootCause, false, maxText)
	checkText(f, "actions", i.Actions, false, maxText)
	if i.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if i.AISystemID < 0 {
		f.add("ai_system_id", "must be an AI system ID")
	}
	if i.Serious {
		if !i.SeriousKind.Valid() {
			f.add("serious_kind", "a serious incident needs its kind, which decides the deadline: one of "+joinEnum(SeriousKinds))
		}
		if i.AwareOn.IsZero() {
			f.add("aware_on", "give the day the organization became aware of the serious incident")
		} else if !i.DetectedAt.IsZero() && i.AwareOn.Before(detected) {
			f.add("aware_on", "cannot be before the incident was detected")
		}
	} else if i.SeriousKind != "" && !i.SeriousKind.Valid() {
		f.add("serious_kind", "must be one of: "+joinEnum(SeriousKinds))
	}
	return f.err()
}

// ReportPending reports whether the Art. 73 report is the incident's duty
// and is still to be made.
func (i Incident) ReportPending() bool {
	d := i.EUDuty()
	return !i.Archived && d.Kind == DutyReportAuthority && d.Pending()
}

// ReportOverdue reports whether the Art. 73 report is past its deadline.
func (i Incident) ReportOverdue(today Date) bool {
	return i.ReportPending() && i.EUDuty().Overdue(today)
}

// DaysLeft is the number of days until the day its EU AI Act duty is due
// (negative once past it).
func (i Incident) DaysLeft(today Date) int {
	return int(i.EUDuty().Due.Time().Sub(today.Time()).Hours() / 24)
}

// IncidentMessage is one entry of an incident's communication log: what
// was communicated to whom, when, how and by whom. Entries are evidence
// and are kept as written.
type IncidentMessage struct {
	ID         int64  `json:"id"`
	IncidentID int64  `json:"incident_id"`
	SentOn     Date   `json:"sent_on"`
	Recipients string `json:"recipients"`
	What       string `json:"what"`
	Channel    string `json:"channel"`
	// RecipientKind: a communication to the provider meets the deployer's
	// Art. 26(5) duty. Empty is read as "other".
	RecipientKind RecipientKind `json:"recipient_kind"`
	SentByID      int64         `json:"sent_by_id"`
	SentByName    string        `json:"sent_by_name"`
	CreatedAt     time.Time     `json:"created_at"`
	Version       int           `json:"version"` // the incident's version the writer read
}

// Normalize trims the text.
func (m *IncidentMessage) Normalize() {
	m.Recipients, m.What, m.Channel = strings.TrimSpace(m.Recipients), strings.TrimSpace(m.What), strings.TrimSpace(m.Channel)
	if m.RecipientKind == "" {
		m.RecipientKind = RecipientOther
	}
}

// Validate checks a log entry.
func (m IncidentMessage) Validate() error {
	f := fieldErrors{}
	if m.SentOn.IsZero() {
		f.add("sent_on", "give the day it was communicated")
	}
	checkText(f, "recipients", m.Recipients, true, maxName)
	checkText(f, "what", m.What, true, maxText)
	checkText(f, "channel", m.Channel, false, maxName)
	if !m.RecipientKind.Valid() {
		f.add("recipient_kind", "must be one of: "+joinEnum(RecipientKinds))
	}
	if m.SentByID < 0 {
		f.add("sent_by_id", "must be a user ID")
	}
	return f.err()
}

// AuthorityReport is the report of a serious incident to the market
// surveillance authority (EU AI Act Art. 73), logged on the incident.
type AuthorityReport struct {
	ReportedOn Date   `json:"reported_on"`
	Reference  string `json:"reference"` // the authority's or our reference for the report
	Authority  string `json:"authority"` // which authority, for the communication log
	Version    int    `json:"version"`   // the incident's version the writer read
}

// Validate checks the report as a client sent it.
func (a AuthorityReport) Validate() error {
	f := fieldErrors{}
	if a.ReportedOn.IsZero() {
		f.add("reported_on", "give the day it was reported")
	}
	checkText(f, "reference", a.Reference, true, maxName)
	checkText(f, "authority", a.Authority, false, maxName)
	return f.err()
}

// IncidentFilter narrows the incident register's list.
type IncidentFilter struct {
	ListParams
	AISystemID int64
	Severity   IncidentSeverity
	Status     IncidentStatus
	Harm       HarmCategory
	Serious    bool // only serious incidents under the EU AI Act
	Pending    bool // only those whose EU AI Act duty (Art. 73 report, or informing the provider) is still to be met
	OwnerID    int64
	Archived   bool
}

// IncidentSorts are the columns the register can be sorted by.
var IncidentSorts = []string{"ref", "title", "detected_at", "status", "report_due", "updated_at"}

// Validate checks the filter.
func (f IncidentFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(IncidentSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Severity != "" && !f.Severity.Valid() {
		errs.add("severity", "must be one of: "+joinEnum(IncidentSeverities))
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(IncidentStatuses))
	}
	if f.Harm != "" && !f.Harm.Valid() {
		errs.add("harm_category", "must be one of: "+joinEnum(HarmCategories))
	}
	return errs.err()
}

// IncidentPlan is one row of the plan for communicating incidents (A.8.4):
// who is informed of which kind of incident, how, within what time and by
// whom.
type IncidentPlan struct {
	ID              int64            `json:"id"`
	Ref             string           `json:"ref"`
	Version         int              `json:"version"`
	IncidentKind    string           `json:"incident_kind"` // which incidents: "serious incident under the EU AI Act", "wrong information to customers"
	MinSeverity     IncidentSeverity `json:"min_severity"`  // from this severity up; empty for any
	Audience        string           `json:"audience"`      // who is informed
	Channel         string           `json:"channel"`       // how
	WithinHours     int              `json:"within_hours"`  // within what time of detection
	ResponsibleID   int64            `json:"responsible_id"`
	ResponsibleName string           `json:"responsible_name"` // by whom
	DocumentID      int64            `json:"document_id"`      // the controlled procedure, optional
	DocumentRef     string           `json:"document_ref"`
	DocumentTitle   string           `json:"document_title"`
	Notes           string           `json:"notes"`
	Archived        bool             `json:"archived"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// Normalize trims the text fields.
func (p *IncidentPlan) Normalize() {
	p.IncidentKind, p.Audience, p.Channel = strings.TrimSpace(p.IncidentKind), strings.TrimSpace(p.Audience), strings.TrimSpace(p.Channel)
}

// Validate checks a plan row as a client sent it.
func (p IncidentPlan) Validate() error {
	f := fieldErrors{}
	checkText(f, "incident_kind", p.IncidentKind, true, maxName)
	if p.MinSeverity != "" && !p.MinSeverity.Valid() {
		f.add("min_severity", "must be one of: "+joinEnum(IncidentSeverities)+" (or empty for any)")
	}
	checkText(f, "audience", p.Audience, true, maxName)
	checkText(f, "channel", p.Channel, true, maxName)
	if p.WithinHours < 1 || p.WithinHours > 24*365 {
		f.add("within_hours", "must be a number of hours from 1 to 8760")
	}
	if p.ResponsibleID < 0 {
		f.add("responsible_id", "must be a user ID")
	}
	if p.DocumentID < 0 {
		f.add("document_id", "must be a document ID")
	}
	checkText(f, "notes", p.Notes, false, maxText)
	return f.err()
}

// Within says the time allowed in words: "4 hours", "3 days".
func (p IncidentPlan) Within() string {
	h := p.WithinHours
	switch {
	case h%24 == 0 && h >= 48:
		return strconv.Itoa(h/24) + " days"
	case h == 24:
		return "1 day"
	case h == 1:
		return "1 hour"
	}
	return strconv.Itoa(h) + " hours"
}

// IncidentPlanFilter narrows the plan's list.
type IncidentPlanFilter struct {
	ListParams
	MinSeverity   IncidentSeverity
	ResponsibleID int64
	Archived      bool
}

// IncidentPlanSorts are the columns the plan can be sorted by.
var IncidentPlanSorts = []string{"ref", "incident_kind", "within_hours", "updated_at"}

// Validate checks the filter.
func (f IncidentPlanFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(IncidentPlanSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.MinSeverity != "" && !f.MinSeverity.Valid() {
		errs.add("min_severity", "must be one of: "+joinEnum(IncidentSeverities))
	}
	return errs.err()
}
