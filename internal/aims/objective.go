package aims

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

func init() {
	AttachableRegisters = append(AttachableRegisters, RegisterObjectives, RegisterChanges)
}

// ObjectiveKind keeps the AI objectives of the management system (6.2)
// apart from the objectives for the responsible development of AI systems
// (A.6.1.2) and for their responsible use (A.9.3): one register, three
// kinds, each with its own label and filter.
type ObjectiveKind string

// The kinds.
const (
	ObjectiveAIMS                   ObjectiveKind = "aims"
	ObjectiveResponsibleDevelopment ObjectiveKind = "responsible-development"
	ObjectiveResponsibleUse         ObjectiveKind = "responsible-use"
)

// ObjectiveKinds lists the kinds in display order.
var ObjectiveKinds = []ObjectiveKind{ObjectiveAIMS, ObjectiveResponsibleDevelopment, ObjectiveResponsibleUse}

// Valid reports whether k is a known kind.
func (k ObjectiveKind) Valid() bool { return contains(ObjectiveKinds, k) }

// Label names the kind for people.
func (k ObjectiveKind) Label() string {
	switch k {
	case ObjectiveAIMS:
		return "AI objective (6.2)"
	case ObjectiveResponsibleDevelopment:
		return "Responsible development (A.6.1.2)"
	case ObjectiveResponsibleUse:
		return "Responsible use (A.9.3)"
	}
	return string(k)
}

// Direction says which side of the target is good.
type Direction string

// The directions.
const (
	AtLeast Direction = "at-least"
	AtMost  Direction = "at-most"
)

// Directions lists them in display order.
var Directions = []Direction{AtMost, AtLeast}

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return contains(Directions, d) }

// Label names the direction for people.
func (d Direction) Label() string {
	switch d {
	case AtLeast:
		return "At least"
	case AtMost:
		return "At most"
	}
	return string(d)
}

// Symbol is the direction as a comparison sign.
func (d Direction) Symbol() string {
	if d == AtLeast {
		return "≥"
	}
	return "≤"
}

// ObjectiveStatus is how an objective stands, as its latest reading says.
type ObjectiveStatus string

// The statuses; an objective with no reading yet has none.
const (
	ObjectiveNotMeasured ObjectiveStatus = ""
	ObjectiveOnTrack     ObjectiveStatus = "on-track"
	ObjectiveAtRisk      ObjectiveStatus = "at-risk"
	ObjectiveAchieved    ObjectiveStatus = "achieved"
	ObjectiveMissed      ObjectiveStatus = "missed"
)

// ObjectiveStatuses lists the statuses a reading may give.
var ObjectiveStatuses = []ObjectiveStatus{ObjectiveOnTrack, ObjectiveAtRisk, ObjectiveAchieved, ObjectiveMissed}

// Valid reports whether s is a status a reading may give.
func (s ObjectiveStatus) Valid() bool { return contains(ObjectiveStatuses, s) }

// Label names the status for people (never by colour alone).
func (s ObjectiveStatus) Label() string {
	switch s {
	case ObjectiveNotMeasured:
		return "Not measured yet"
	case ObjectiveOnTrack:
		return "On track"
	case ObjectiveAtRisk:
		return "At risk"
	case ObjectiveAchieved:
		return "Achieved"
	case ObjectiveMissed:
		return "Missed"
	}
	return string(s)
}

// Objective is a measurable objective with its target, its measure and
// the plan to reach it (6.2), or an objective for the responsible use of
// AI systems (A.9.3). Its status over time is the list of readings.
type Objective struct {
	ID          int64         `json:"id"`
	Ref         string        `json:"ref"`
	Version     int           `json:"version"`
	Kind        ObjectiveKind `json:"kind"`
	Title       string        `json:"title"`
	Measure     string        `json:"measure"`
	Direction   Direction     `json:"direction"`
	TargetValue float64       `json:"target_value"`
	TargetUnit  string        `json:"target_unit"`
	// The plan: what will be done, with what resources, who is
	// responsible, by when, and how the results are evaluated.
	Plan            string `json:"plan"`
	Resources       string `json:"resources"`
	OwnerID         int64  `json:"owner_id"`
	OwnerName       string `json:"owner_name"`
	TargetDate      Date   `json:"target_date"`
	Evaluation      string `json:"evaluation"`
	NextMeasurement Date   `json:"next_measurement"`
	// PolicyID is the AI policy (a document) the objective serves.
	PolicyID    int64  `json:"policy_id"`
	PolicyRef   string `json:"policy_ref"`
	PolicyTitle string `json:"policy_title"`
	AISystems   []Link `json:"ai_systems"`
	// RiskIDs are the risks (6.1) the objective addresses; Risks names
	// them with their references, read only, filled in by the store.
	RiskIDs []int64 `json:"risk_ids"`
	Risks   []Link  `json:"risks"`
	// Set by readings only.
	Status       ObjectiveStatus `json:"status"`
	LastValue    float64         `json:"last_value"`
	LastMeasured Date            `json:"last_measured"`
	Measurements []Measurement   `json:"measurements"`
	Archived     bool            `json:"archived"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

// Target is the target for people: "≤ 2 percentage points".
func (o Objective) Target() string {
	return o.Direction.Symbol() + " " + FormatValue(o.TargetValue) + " " + o.TargetUnit
}

// FormatValue writes a reading without trailing zeros.
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// MeasurementOverdue reports whether the next reading is past due on day.
func (o Objective) MeasurementOverdue(day Date) bool {
	return !o.NextMeasurement.IsZero() && o.NextMeasurement.Before(day) && !o.Closed()
}

// Closed reports whether the objective's outcome is settled.
func (o Objective) Closed() bool { return o.Status == ObjectiveAchieved || o.Status == ObjectiveMissed }

// Normalize trims the text and orders the linked systems.
func (o *Objective) Normalize() {
	o.Title = strings.TrimSpace(o.Title)
	o.TargetUnit = strings.TrimSpace(o.TargetUnit)
	o.AISystems = normalizeLinks(o.AISystems)
	if o.RiskIDs == nil {
		o.RiskIDs = []int64{}
	}
	o.RiskIDs = slices.Clone(o.RiskIDs)
	slices.Sort(o.RiskIDs)
}

// MaxObjectiveRisks caps the risks one objective names.
const MaxObjectiveRisks = 50

// Validate checks an objective as a client sent it.
func (o Objective) Validate() error {
	f := fieldErrors{}
	if !o.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(ObjectiveKinds))
	}
	checkText(f, "title", o.Title, true, maxName)
	checkText(f, "measure", o.Measure, true, maxText)
	if !o.Direction.Valid() {
		f.add("direction", "must be one of: "+joinEnum(Directions))
	}
	if math.IsNaN(o.TargetValue) || math.IsInf(o.TargetValue, 0) || math.Abs(o.TargetValue) > 1e12 {
		f.add("target_value", "must be a number")
	}
	checkText(f, "target_unit", o.TargetUnit, true, 50)
	checkText(f, "plan", o.Plan, true, maxText)
	checkText(f, "resources", o.Resources, false, maxText)
	checkText(f, "evaluation", o.Evaluation, true, maxText)
	if o.TargetDate.IsZero() {
		f.add("target_date", "is required: by when the objective is to be met")
	}
	if o.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if o.PolicyID < 0 {
		f.add("policy_id", "must be a document ID")
	}
	checkLinks(f, "ai_systems", o.AISystems)
	if len(o.RiskIDs) > MaxObjectiveRisks {
		f.add("risk_ids", "names more than "+itoa(MaxObjectiveRisks)+" risks")
	}
	for i, id := range o.RiskIDs {
		if id <= 0 {
			f.add("risk_ids", "must be risk IDs")
		} else if i > 0 && o.RiskIDs[i-1] == id {
			f.add("risk_ids", "names a risk twice")
		}
	}
	return f.err()
}

// Measurement is one dated reading of an objective's measure, with the
// status it gives the objective. Readings are kept: they are the
// objective's status over time.
type Measurement struct {
	ID     int64           `json:"id"`
	On     Date            `json:"measured_on"` // today when empty
	Value  float64         `json:"value"`
	Status ObjectiveStatus `json:"status"`
	Note   string          `json:"note"`
	ByID   int64           `json:"by_id"`
	ByName string          `json:"by_name"`
	// NextMeasurement, when given, moves the objective's next reading.
	NextMeasurement Date      `json:"next_measurement"`
	Version         int       `json:"version"` // the objective's version the reader saw
	RecordedAt      time.Time `json:"recorded_at"`
}

// Validate checks a reading; today bounds its date.
func (m Measurement) Validate(today Date) error {
	f := fieldErrors{}
	if m.On.IsZero() {
		f.add("measured_on", "is required")
	} else if m.On.After(today) {
		f.add("measured_on", "cannot be in the future")
	}
	if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) || math.Abs(m.Value) > 1e12 {
		f.add("value", "must be a number")
	}
	if !m.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(ObjectiveStatuses))
	}
	checkText(f, "note", m.Note, false, maxText)
	if !m.NextMeasurement.IsZero() && !m.NextMeasurement.After(m.On) {
		f.add("next_measurement", "must be after the reading's date")
	}
	return f.err()
}

// ObjectiveFilter narrows the objectives list. Zero values mean "any".
type ObjectiveFilter struct {
	ListParams
	Kind       ObjectiveKind
	Status     string // a status, or "none" for not measured yet
	OwnerID    int64
	AISystemID int64
	RiskID     int64
	Archived   bool
}

// ObjectiveSorts are the columns the list can be sorted by.
var ObjectiveSorts = []string{"ref", "title", "kind", "status", "target_date", "next_measurement", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ObjectiveFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ObjectiveSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(ObjectiveKinds))
	}
	if f.Status != "" && f.Status != "none" && !ObjectiveStatus(f.Status).Valid() {
		errs.add("status", "must be none or one of: "+joinEnum(ObjectiveStatuses))
	}
	return errs.err()
}

// LastReading is the latest reading for people, "" when there is none.
func (o Objective) LastReading() string {
	if o.LastMeasured.IsZero() {
		return ""
	}
	return FormatValue(o.LastValue) + " " + o.TargetUnit
}

// ValueText is the reading's value for people.
func (m Measurement) ValueText() string { return FormatValue(m.Value) }
