package aims

// DueItem is one piece of work with a due date that a register holds: an AI
// system's periodic review, a gap entry's target date, a document's review,
// a training record's expiry. Registers declare their due work; the due
// views, the daily digest, the calendar feed and the webhooks all read the
// same items.
type DueItem struct {
	Register  string   `json:"register"`
	RecordID  string   `json:"record_id"` // the record's ID in its register (a requirement ID for the gap analysis)
	Ref       string   `json:"ref"`
	Title     string   `json:"title"`
	What      string   `json:"what"` // "Periodic review", "Target date", …
	Due       Date     `json:"due"`
	OwnerID   int64    `json:"owner_id"`
	OwnerName string   `json:"owner_name"`
	State     DueState `json:"state"` // as of the day asked about
}

// DueState is where an item stands on a day.
type DueState string

// Due states: past its date, due within the horizon, or later.
const (
	DueOverdue DueState = "overdue"
	DueSoon    DueState = "due"
	DueLater   DueState = "upcoming"
)

// DueStates lists the states from the most urgent.
var DueStates = []DueState{DueOverdue, DueSoon, DueLater}

// Valid reports whether s is a known state.
func (s DueState) Valid() bool { return contains(DueStates, s) }

// Label names the state for people.
func (s DueState) Label() string {
	switch s {
	case DueOverdue:
		return "Overdue"
	case DueSoon:
		return "Due soon"
	case DueLater:
		return "Upcoming"
	}
	return string(s)
}

// DueHorizonDays is how far ahead "due soon" looks.
const DueHorizonDays = 30

// StateOn says where an item with this due date stands on day: overdue
// the day after its date, due soon within DueHorizonDays.
func StateOn(due, day Date) DueState {
	switch {
	case due.Before(day):
		return DueOverdue
	case !day.AddDays(DueHorizonDays).Before(due):
		return DueSoon
	}
	return DueLater
}

// DueFilter narrows the due work. AsOf is the day the states are judged
// on: today, or the day of a coming audit.
type DueFilter struct {
	ListParams
	AsOf     Date
	OwnerID  int64
	Register string
	State    DueState // "" for every state
}

// Validate checks the filter.
func (f DueFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Q != "" {
		errs.add("q", "due work cannot be searched; filter by owner, register or state")
	}
	if f.State != "" && !f.State.Valid() {
		errs.add("state", "must be one of: "+joinEnum(DueStates))
	}
	if f.AsOf.IsZero() {
		errs.add("as_of", "is required")
	}
	return errs.err()
}
