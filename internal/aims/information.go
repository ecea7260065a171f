package aims

import (
	"net/url"
	"strings"
	"time"
)

// Information for interested parties (A.8.2, A.8.3, A.8.5): per AI system,
// what users are told and where, how users and others can report adverse
// impacts, and what the organization must report to interested parties
// and when. One register with a kind, since the three share their fields.

// InformationKind says which control a record serves.
type InformationKind string

// Kinds of information record.
const (
	InfoForUsers       InformationKind = "user-information"     // A.8.2
	InfoReportingMeans InformationKind = "reporting-means"      // A.8.3
	InfoReportingDuty  InformationKind = "reporting-obligation" // A.8.5
)

// InformationKinds lists them in display order.
var InformationKinds = []InformationKind{InfoForUsers, InfoReportingMeans, InfoReportingDuty}

// Valid reports whether k is a known kind.
func (k InformationKind) Valid() bool { return contains(InformationKinds, k) }

// Label names the kind for people.
func (k InformationKind) Label() string {
	switch k {
	case InfoForUsers:
		return "Information for users"
	case InfoReportingMeans:
		return "Means to report adverse impacts"
	case InfoReportingDuty:
		return "Reporting obligation"
	}
	return string(k)
}

// Control is the Annex A control the kind serves.
func (k InformationKind) Control() string {
	switch k {
	case InfoForUsers:
		return "A.8.2"
	case InfoReportingMeans:
		return "A.8.3"
	case InfoReportingDuty:
		return "A.8.5"
	}
	return ""
}

// Information is one record of the register.
type Information struct {
	ID            int64           `json:"id"`
	Ref           string          `json:"ref"`
	Version       int             `json:"version"`
	Kind          InformationKind `json:"kind"`
	AISystemID    int64           `json:"ai_system_id"` // required but for reporting obligations of the AIMS as a whole
	AISystemName  string          `json:"ai_system_name"`
	Title         string          `json:"title"`    // what
	Details       string          `json:"details"`  // what, in more words
	Audience      string          `json:"audience"` // to whom
	Channel       string          `json:"channel"`  // how: the app, the website, a letter
	DocumentID    int64           `json:"document_id"`
	DocumentRef   string          `json:"document_ref"`
	DocumentTitle string          `json:"document_title"`
	Link          string          `json:"link"`
	PublicPage    bool            `json:"public_page"` // reporting means: the public reporting page for concerns (A.3.3)
	Frequency     Frequency       `json:"frequency"`   // reporting obligations: how often
	NextDue       Date            `json:"next_due"`
	LastDone      Date            `json:"last_done"` // last provided or reported
	LastReviewed  Date            `json:"last_reviewed"`
	OwnerID       int64           `json:"owner_id"`
	OwnerName     string          `json:"owner_name"`
	Archived      bool            `json:"archived"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// Normalize trims the text fields; only a reporting means can be the
// public page, and only a reporting obligation has a frequency.
func (n *Information) Normalize() {
	n.Title, n.Audience, n.Channel, n.Link = strings.TrimSpace(n.Title), strings.TrimSpace(n.Audience), strings.TrimSpace(n.Channel), strings.TrimSpace(n.Link)
	if n.Kind != InfoReportingMeans {
		n.PublicPage = false
	}
	if n.Kind != InfoReportingDuty {
		n.Frequency = ""
	}
}

// Validate checks a record as a client sent it.
func (n Information) Validate() error {
	f := fieldErrors{}
	if !n.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(InformationKinds))
	}
	if n.AISystemID < 0 {
		f.add("ai_system_id", "must be an AI system ID")
	} else if n.AISystemID == 0 && n.Kind != InfoReportingDuty {
		f.add("ai_system_id", "choose the AI system the information is about")
	}
	checkText(f, "title", n.Title, true, maxName)
	checkText(f, "details", n.Details, false, maxText)
	checkText(f, "audience", n.Audience, true, maxName)
	checkText(f, "channel", n.Channel, n.Kind != InfoReportingMeans || !n.PublicPage, maxName)
	if n.DocumentID < 0 {
		f.add("document_id", "must be a document ID")
	}
	if n.Link != "" {
		u, err := url.Parse(n.Link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(n.Link) > 2000 {
			f.add("link", "must be an http(s) URL of at most 2000 characters")
		}
	}
	if n.Kind == InfoReportingDuty {
		if !n.Frequency.Valid() {
			f.add("frequency", "must be one of: "+joinEnum(Frequencies))
		} else if n.Frequency.Months() > 0 && n.NextDue.IsZero() {
			f.add("next_due", "is required for a recurring report")
		}
	}
	if n.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// Overdue reports whether a report is past due.
func (n Information) Overdue(today Date) bool {
	return !n.Archived && !n.NextDue.IsZero() && n.NextDue.Before(today)
}

// InformationFilter narrows the register's list.
type InformationFilter struct {
	ListParams
	Kind       InformationKind
	AISystemID int64
	OwnerID    int64
	Overdue    bool
	Today      Date
	Archived   bool
}

// InformationSorts are the columns the register can be sorted by.
var InformationSorts = []string{"ref", "title", "kind", "next_due", "updated_at"}

// Validate checks the filter.
func (f InformationFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(InformationSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(InformationKinds))
	}
	return errs.err()
}
