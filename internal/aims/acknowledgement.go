package aims

import (
	"strings"
	"time"
)

// Acknowledgement campaigns (clause 7.3, awareness): the people in scope
// are asked to read one approved version of a controlled document, and
// each acknowledgement records who, when, which version, and whether the
// person did it themselves or a manager recorded it for them.

// CampaignStatus says whether a campaign still takes acknowledgements.
type CampaignStatus string

// Campaign statuses.
const (
	CampaignOpen   CampaignStatus = "open"
	CampaignClosed CampaignStatus = "closed"
)

// CampaignStatuses lists them in display order.
var CampaignStatuses = []CampaignStatus{CampaignOpen, CampaignClosed}

// Valid reports whether s is a known status.
func (s CampaignStatus) Valid() bool { return contains(CampaignStatuses, s) }

// Label names the status for people.
func (s CampaignStatus) Label() string {
	switch s {
	case CampaignOpen:
		return "Open"
	case CampaignClosed:
		return "Closed"
	}
	return string(s)
}

// Campaign asks people to read one approved document version.
type Campaign struct {
	ID            int64          `json:"id"`
	Ref           string         `json:"ref"`
	Version       int            `json:"version"`
	Title         string         `json:"title"`
	DocumentID    int64          `json:"document_id"`
	DocumentRef   string         `json:"document_ref"`
	DocumentTitle string         `json:"document_title"`
	DocVersion    int            `json:"doc_version"` // the document version number people are asked to read
	DueDate       Date           `json:"due_date"`
	OwnerID       int64          `json:"owner_id"`
	OwnerName     string         `json:"owner_name"`
	Status        CampaignStatus `json:"status"`
	// StaffIDs and RoleIDs say who is asked when launching: people named
	// one by one, and everyone holding an AIMS role, expanded into people
	// at launch. Reading a campaign fills StaffIDs with everyone asked.
	StaffIDs     []int64   `json:"staff_ids"`
	RoleIDs      []int64   `json:"role_ids,omitempty"`
	Asked        int       `json:"asked"`
	Acknowledged int       `json:"acknowledged"`
	Archived     bool      `json:"archived"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Percent is the share of people asked who acknowledged, rounded down.
func (c Campaign) Percent() int {
	if c.Asked == 0 {
		return 0
	}
	return c.Acknowledged * 100 / c.Asked
}

// Overdue reports whether an open campaign is past its due date with
// people still outstanding.
func (c Campaign) Overdue(today Date) bool {
	return !c.Archived && c.Status == CampaignOpen && !c.DueDate.IsZero() && c.DueDate.Before(today) && c.Acknowledged < c.Asked
}

// Normalize trims the title and puts the people in order without repeats.
func (c *Campaign) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	if c.Status == "" {
		c.Status = CampaignOpen
	}
	c.StaffIDs, c.RoleIDs = uniqueIDs(c.StaffIDs), uniqueIDs(c.RoleIDs)
}

func uniqueIDs(ids []int64) []int64 {
	out := []int64{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Validate checks a campaign as a client sent it. Whether the version is
// approved and the people exist is the store's to check.
func (c Campaign) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", c.Title, true, maxName)
	if c.DocumentID <= 0 {
		f.add("document_id", "choose the document to read")
	}
	if c.DocVersion <= 0 {
		f.add("doc_version", "give the approved version number to read")
	}
	if c.DueDate.IsZero() {
		f.add("due_date", "give the day by which people should have read it")
	}
	if !c.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(CampaignStatuses))
	}
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	for _, id := range c.StaffIDs {
		if id <= 0 {
			f.add("staff_ids", "must be IDs of people")
			break
		}
	}
	for _, id := range c.RoleIDs {
		if id <= 0 {
			f.add("role_ids", "must be IDs of AIMS roles")
			break
		}
	}
	if len(c.StaffIDs) > 5000 || len(c.RoleIDs) > 500 {
		f.add("staff_ids", "too many people in one campaign")
	}
	return f.err()
}

// Acknowledgement is one person asked in a campaign and, once they have
// read the version, when and how that was recorded.
type Acknowledgement struct {
	CampaignID     int64      `json:"campaign_id"`
	StaffID        int64      `json:"staff_id"`
	StaffRef       string     `json:"staff_ref"`
	StaffName      string     `json:"staff_name"`
	Unit           string     `json:"unit"`
	UserID         int64      `json:"user_id"` // the person's sign-in, if any
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	DocVersion     int        `json:"doc_version"` // the version acknowledged
	RecordedByID   int64      `json:"recorded_by_id"`
	RecordedByName string     `json:"recorded_by_name"`
	OnBehalf       bool       `json:"on_behalf"` // recorded by someone else, e.g. from a paper form
	Note           string     `json:"note"`
}

// Done reports whether the person acknowledged.
func (a Acknowledgement) Done() bool { return a.AcknowledgedAt != nil }

// How says in words how the acknowledgement was recorded.
func (a Acknowledgement) How() string {
	switch {
	case !a.Done():
		return "Outstanding"
	case a.OnBehalf:
		return "Recorded by " + a.RecordedByName
	}
	return "By themselves"
}

// AckInput is an acknowledgement as a client sends it: for oneself (no
// person), or for a person on their behalf, with a note saying how they
// confirmed it.
type AckInput struct {
	StaffID int64  `json:"staff_id"`
	Note    string `json:"note"`
}

// Validate checks an acknowledgement recorded on someone's behalf.
func (a AckInput) Validate(onBehalf bool) error {
	f := fieldErrors{}
	if onBehalf {
		if a.StaffID <= 0 {
			f.add("staff_id", "choose the person who read it")
		}
		checkText(f, "note", a.Note, true, maxName)
	} else {
		checkText(f, "note", a.Note, false, maxName)
	}
	return f.err()
}

// CampaignFilter narrows the list of campaigns.
type CampaignFilter struct {
	ListParams
	Status     CampaignStatus
	DocumentID int64
	Archived   bool
}

// CampaignSorts are the columns campaigns can be sorted by.
var CampaignSorts = []string{"ref", "title", "due_date", "updated_at"}

// Validate checks the filter.
func (f CampaignFilter) Validate() error {
	errs := listErrors(f.ListParams, CampaignSorts)
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(CampaignStatuses))
	}
	return errs.err()
}

// MyAcknowledgement is a campaign that asks the signed-in person, with
// where they stand.
type MyAcknowledgement struct {
	Campaign Campaign        `json:"campaign"`
	Mine     Acknowledgement `json:"mine"`
}

// At is when the person acknowledged, the zero time if not yet.
func (a Acknowledgement) At() time.Time {
	if a.AcknowledgedAt == nil {
		return time.Time{}
	}
	return *a.AcknowledgedAt
}
