package aims

import (
	"net/url"
	"strings"
	"time"
)

// Communication (clause 7.4): the plan of what the organization
// communicates about its AIMS, when, with whom, how and by whom, and the
// log of what was actually sent, which is the evidence that the plan runs.

// Audience says whether a communication goes inside the organization or
// outside it.
type Audience string

// Audiences.
const (
	AudienceInternal Audience = "internal"
	AudienceExternal Audience = "external"
)

// Audiences lists the audiences in display order.
var Audiences = []Audience{AudienceInternal, AudienceExternal}

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return contains(Audiences, a) }

// Label names the audience for people.
func (a Audience) Label() string {
	switch a {
	case AudienceInternal:
		return "Internal"
	case AudienceExternal:
		return "External"
	}
	return string(a)
}

// Frequency is when a planned communication recurs.
type Frequency string

// Frequencies.
const (
	FrequencyOnce      Frequency = "once"
	FrequencyMonthly   Frequency = "monthly"
	FrequencyQuarterly Frequency = "quarterly"
	FrequencyYearly    Frequency = "yearly"
	FrequencyOnEvent   Frequency = "on-event"
)

// Frequencies lists them in display order.
var Frequencies = []Frequency{FrequencyOnce, FrequencyMonthly, FrequencyQuarterly, FrequencyYearly, FrequencyOnEvent}

// Valid reports whether f is a known frequency.
func (f Frequency) Valid() bool { return contains(Frequencies, f) }

// Label names the frequency for people.
func (f Frequency) Label() string {
	switch f {
	case FrequencyOnce:
		return "Once"
	case FrequencyMonthly:
		return "Monthly"
	case FrequencyQuarterly:
		return "Quarterly"
	case FrequencyYearly:
		return "Yearly"
	case FrequencyOnEvent:
		return "On an event"
	}
	return string(f)
}

// Months is how far a communication sent on schedule moves the next due
// date; 0 for those that do not recur on a calendar.
func (f Frequency) Months() int {
	switch f {
	case FrequencyMonthly:
		return 1
	case FrequencyQuarterly:
		return 3
	case FrequencyYearly:
		return 12
	}
	return 0
}

// Communication is one item of the communication plan.
type Communication struct {
	ID              int64     `json:"id"`
	Ref             string    `json:"ref"`
	Version         int       `json:"version"`
	Subject         string    `json:"subject"`          // what
	Content         string    `json:"content"`          // what, in more words
	Audience        Audience  `json:"audience"`         // with whom: inside or outside
	AudienceDetail  string    `json:"audience_detail"`  // with whom, in words: "all staff", "the board"
	Frequency       Frequency `json:"frequency"`        // when
	NextDue         Date      `json:"next_due"`         // when next; empty for on-event items between events
	Channel         string    `json:"channel"`          // how
	OwnerID         int64     `json:"owner_id"`         // who
	OwnerName       string    `json:"owner_name"`       //
	InterestedParty string    `json:"interested_party"` // the interested party (4.2) it serves, in words for now
	LastSent        Date      `json:"last_sent"`        // from the log
	Sends           int       `json:"sends"`            // entries in the log
	Archived        bool      `json:"archived"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Normalize trims the text fields.
func (c *Communication) Normalize() {
	c.Subject, c.Channel = strings.TrimSpace(c.Subject), strings.TrimSpace(c.Channel)
	c.AudienceDetail, c.InterestedParty = strings.TrimSpace(c.AudienceDetail), strings.TrimSpace(c.InterestedParty)
}

// Validate checks a plan item as a client sent it.
func (c Communication) Validate() error {
	f := fieldErrors{}
	checkText(f, "subject", c.Subject, true, maxName)
	checkText(f, "content", c.Content, false, maxText)
	if !c.Audience.Valid() {
		f.add("audience", "must be one of: "+joinEnum(Audiences))
	}
	checkText(f, "audience_detail", c.AudienceDetail, true, maxName)
	if !c.Frequency.Valid() {
		f.add("frequency", "must be one of: "+joinEnum(Frequencies))
	} else if c.Frequency.Months() > 0 && c.NextDue.IsZero() {
		f.add("next_due", "is required for a recurring communication")
	}
	checkText(f, "channel", c.Channel, true, maxName)
	checkText(f, "interested_party", c.InterestedParty, false, maxName)
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// Overdue reports whether the next communication is past due.
func (c Communication) Overdue(today Date) bool {
	return !c.Archived && !c.NextDue.IsZero() && c.NextDue.Before(today)
}

// CommunicationSend is one entry of the log: something sent under a plan
// item. Entries are evidence and are kept as written.
type CommunicationSend struct {
	ID              int64     `json:"id"`
	CommunicationID int64     `json:"communication_id"`
	SentOn          Date      `json:"sent_on"`
	What            string    `json:"what"`
	Recipients      string    `json:"recipients"`
	SentByID        int64     `json:"sent_by_id"`
	SentByName      string    `json:"sent_by_name"`
	Link            string    `json:"link"`
	CreatedAt       time.Time `json:"created_at"`
	Version         int       `json:"version"` // the plan item's version the writer read
}

// Validate checks a log entry.
func (s CommunicationSend) Validate() error {
	f := fieldErrors{}
	if s.SentOn.IsZero() {
		f.add("sent_on", "give the day it was sent")
	}
	checkText(f, "what", s.What, true, maxText)
	checkText(f, "recipients", s.Recipients, true, maxName)
	if s.SentByID < 0 {
		f.add("sent_by_id", "must be a user ID")
	}
	if s.Link != "" {
		u, err := url.Parse(s.Link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s.Link) > 2000 {
			f.add("link", "must be an http(s) URL of at most 2000 characters")
		}
	}
	return f.err()
}

// NextAfter is the plan item's next due date once something was sent on
// day: a calendar frequency moves it on from that day, a one-off is done,
// an on-event item waits for the next event.
func (c Communication) NextAfter(day Date) Date {
	if m := c.Frequency.Months(); m > 0 {
		return day.AddMonths(m)
	}
	return Date{}
}

// CommunicationFilter narrows the plan's list.
type CommunicationFilter struct {
	ListParams
	Audience  Audience
	Frequency Frequency
	OwnerID   int64
	Overdue   bool
	Today     Date
	Archived  bool
}

// CommunicationSorts are the columns the plan can be sorted by.
var CommunicationSorts = []string{"ref", "subject", "next_due", "updated_at"}

// Validate checks the filter.
func (f CommunicationFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(CommunicationSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Audience != "" && !f.Audience.Valid() {
		errs.add("audience", "must be one of: "+joinEnum(Audiences))
	}
	if f.Frequency != "" && !f.Frequency.Valid() {
		errs.add("frequency", "must be one of: "+joinEnum(Frequencies))
	}
	return errs.err()
}
