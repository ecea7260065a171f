package aims

import (
	"strings"
	"time"
)

// RegisterDatasets is the register of the data used by AI systems (A.7.2 to
// A.7.6): what each data set is for, how it was acquired, where it comes
// from, how long it is kept, its versions and the results of its quality
// checks.
const RegisterDatasets = "datasets"

// DatasetUse is what a data set is used for in its AI system's life cycle.
type DatasetUse string

// The uses.
const (
	DatasetTraining   DatasetUse = "training"
	DatasetValidation DatasetUse = "validation"
	DatasetTest       DatasetUse = "test"
	DatasetProduction DatasetUse = "production-input"
	DatasetOther      DatasetUse = "other"
)

// DatasetUses lists the uses in display order.
var DatasetUses = []DatasetUse{DatasetTraining, DatasetValidation, DatasetTest, DatasetProduction, DatasetOther}

// Valid reports whether u is a known use.
func (u DatasetUse) Valid() bool { return contains(DatasetUses, u) }

// Label names the use for people.
func (u DatasetUse) Label() string {
	switch u {
	case DatasetTraining:
		return "Training"
	case DatasetValidation:
		return "Validation"
	case DatasetTest:
		return "Test"
	case DatasetProduction:
		return "Production input"
	case DatasetOther:
		return "Other"
	}
	return string(u)
}

// Dataset is one data set an AI system is built or run with.
type Dataset struct {
	ID              int64      `json:"id"`
	Ref             string     `json:"ref"`
	Version         int        `json:"version"`
	AISystemID      int64      `json:"ai_system_id"`
	AISystemRef     string     `json:"ai_system_ref"`
	AISystemName    string     `json:"ai_system_name"`
	Name            string     `json:"name"`
	Use             DatasetUse `json:"use"`
	Purpose         string     `json:"purpose"` // the intended use in words
	Description     string     `json:"description"`
	OwnerID         int64      `json:"owner_id"`
	OwnerName       string     `json:"owner_name"`
	Source          string     `json:"source"`           // A.7.3: where it was acquired from
	AcquiredHow     string     `json:"acquired_how"`     // A.7.3: how it was obtained
	Rights          string     `json:"rights"`           // A.7.3: licence, contract or legal basis
	Provenance      string     `json:"provenance"`       // A.7.5: origin and lineage
	Retention       string     `json:"retention"`        // how long it is kept
	RetentionReason string     `json:"retention_reason"` // and why
	NextCheck       Date       `json:"next_check"`       // the next quality check planned: due work for the owner
	Archived        bool       `json:"archived"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Normalize trims what people type around.
func (d *Dataset) Normalize() {
	for _, s := range []*string{&d.Name, &d.Purpose, &d.Description, &d.Source, &d.AcquiredHow, &d.Rights, &d.Provenance,
		&d.Retention, &d.RetentionReason} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate checks a data set as a client sent it.
func (d Dataset) Validate() error {
	f := fieldErrors{}
	if d.AISystemID <= 0 {
		f.add("ai_system_id", "must name an AI system")
	}
	checkText(f, "name", d.Name, true, maxName)
	if !d.Use.Valid() {
		f.add("use", "must be one of: "+joinEnum(DatasetUses))
	}
	checkText(f, "purpose", d.Purpose, true, maxText)
	checkText(f, "description", d.Description, false, maxText)
	checkText(f, "source", d.Source, false, maxText)
	checkText(f, "acquired_how", d.AcquiredHow, false, maxText)
	checkText(f, "rights", d.Rights, d.Source != "", maxText)
	checkText(f, "provenance", d.Provenance, false, maxText)
	checkText(f, "retention", d.Retention, d.RetentionReason != "", maxName)
	checkText(f, "retention_reason", d.RetentionReason, d.Retention != "", maxText)
	if d.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// DatasetVersion is one version of a data set as it was prepared (A.7.6).
type DatasetVersion struct {
	ID          int64     `json:"id"`
	DatasetID   int64     `json:"dataset_id"`
	Label       string    `json:"label"`
	On          Date      `json:"on"`
	Size        string    `json:"size"` // records, rows, files or bytes, as people count them
	Preparation string    `json:"preparation"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
	Version     int       `json:"version"` // the data set's version the writer read
}

// Normalize trims what people type around.
func (v *DatasetVersion) Normalize() {
	v.Label, v.Size = strings.TrimSpace(v.Label), strings.TrimSpace(v.Size)
	v.Preparation, v.Note = strings.TrimSpace(v.Preparation), strings.TrimSpace(v.Note)
}

// Validate checks a version as a client sent it.
func (v DatasetVersion) Validate() error {
	f := fieldErrors{}
	checkText(f, "label", v.Label, true, maxName)
	if v.On.IsZero() {
		f.add("on", "give the day the version was made")
	}
	checkText(f, "size", v.Size, false, maxName)
	checkText(f, "preparation", v.Preparation, false, maxText)
	checkText(f, "note", v.Note, false, maxText)
	if v.Version <= 0 {
		f.add("version", "is required: send the data set's version you read")
	}
	return f.err()
}

// CheckResult is the outcome of one data quality check.
type CheckResult string

// The results.
const (
	CheckPass CheckResult = "pass"
	CheckFail CheckResult = "fail"
)

// CheckResults lists the results.
var CheckResults = []CheckResult{CheckPass, CheckFail}

// Valid reports whether r is a known result.
func (r CheckResult) Valid() bool { return contains(CheckResults, r) }

// Label says the result in words, never by colour alone.
func (r CheckResult) Label() string {
	switch r {
	case CheckPass:
		return "Passed"
	case CheckFail:
		return "Failed"
	}
	return string(r)
}

// QualityValidity is how long a passing check counts as current evidence of
// data quality (A.7.4).
const QualityValidity = 12 // months

// DatasetCheck is the result of one data quality check run on a data set
// (A.7.4): a result, not a plan.
type DatasetCheck struct {
	ID            int64       `json:"id"`
	DatasetID     int64       `json:"dataset_id"`
	CheckedOn     Date        `json:"checked_on"`
	VersionLabel  string      `json:"version_label"`
	Requirement   string      `json:"requirement"` // the check or the quality requirement it tests
	Result        CheckResult `json:"result"`
	Measured      string      `json:"measured"`
	Threshold     string      `json:"threshold"`
	CheckedByID   int64       `json:"checked_by_id"`
	CheckedByName string      `json:"checked_by_name"`
	Note          string      `json:"note"`
	CreatedAt     time.Time   `json:"created_at"`
	Version       int         `json:"version"` // the data set's version the writer read
}

// Normalize trims what people type around.
func (c *DatasetCheck) Normalize() {
	c.VersionLabel, c.Requirement = strings.TrimSpace(c.VersionLabel), strings.TrimSpace(c.Requirement)
	c.Measured, c.Threshold, c.Note = strings.TrimSpace(c.Measured), strings.TrimSpace(c.Threshold), strings.TrimSpace(c.Note)
}

// Validate checks a result as a client sent it.
func (c DatasetCheck) Validate() error {
	f := fieldErrors{}
	if c.CheckedOn.IsZero() {
		f.add("checked_on", "give the day the check ran")
	}
	checkText(f, "version_label", c.VersionLabel, false, maxName)
	checkText(f, "requirement", c.Requirement, true, maxName)
	if !c.Result.Valid() {
		f.add("result", "must be one of: "+joinEnum(CheckResults))
	}
	checkText(f, "measured", c.Measured, false, maxName)
	checkText(f, "threshold", c.Threshold, false, maxName)
	checkText(f, "note", c.Note, c.Result == CheckFail, maxText)
	if c.CheckedByID < 0 {
		f.add("checked_by_id", "must be a user ID")
	}
	if c.Version <= 0 {
		f.add("version", "is required: send the data set's version you read")
	}
	return f.err()
}

// LatestChecks keeps the latest result of each check (by requirement),
// from results given newest first, in that order.
func LatestChecks(newestFirst []DatasetCheck) []DatasetCheck {
	seen := map[string]bool{}
	out := []DatasetCheck{}
	for _, c := range newestFirst {
		key := strings.ToLower(c.Requirement)
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out
}

// DatasetQuality is a data set with the latest result of each of its
// quality checks, for an AI system's page.
type DatasetQuality struct {
	Dataset Dataset        `json:"dataset"`
	Latest  []DatasetCheck `json:"latest"`
	Failing int            `json:"failing"`
}

// DatasetFilter narrows the data sets list. Zero values mean "any".
type DatasetFilter struct {
	ListParams
	AISystemID int64
	Use        DatasetUse
	Archived   bool
}

// DatasetSorts are the columns the list can be sorted by.
var DatasetSorts = []string{"ref", "name", "ai_system", "use", "next_check", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f DatasetFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(DatasetSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Use != "" && !f.Use.Valid() {
		errs.add("use", "must be one of: "+joinEnum(DatasetUses))
	}
	return errs.err()
}
