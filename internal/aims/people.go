package aims

import (
	"strings"
	"time"
)

// Staff is a person in the AIMS: someone who holds a role, needs a
// competence or gives evidence of one. Many never sign in (board members,
// contractors, an external DPO), so a person only optionally links to a
// member of the organization, and one member is at most one person.
type Staff struct {
	ID        int64     `json:"id"`
	Ref       string    `json:"ref"`
	Version   int       `json:"version"`
	Name      string    `json:"name"`
	JobTitle  string    `json:"job_title"`
	Unit      string    `json:"unit"`
	Email     string    `json:"email"` // free text for contact; never used to find an account
	UserID    int64     `json:"user_id"`
	UserName  string    `json:"user_name"`
	StartDate Date      `json:"start_date"`
	Left      bool      `json:"left"`
	LeftOn    Date      `json:"left_on"`
	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Normalize trims the text; a day of leaving means the person left.
func (p *Staff) Normalize() {
	p.Name, p.JobTitle, p.Unit, p.Email = strings.TrimSpace(p.Name), strings.TrimSpace(p.JobTitle), strings.TrimSpace(p.Unit), strings.TrimSpace(p.Email)
	if !p.LeftOn.IsZero() {
		p.Left = true
	}
}

// Validate checks a person as a client sent it.
func (p Staff) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", p.Name, true, maxName)
	checkText(f, "job_title", p.JobTitle, false, maxName)
	checkText(f, "unit", p.Unit, false, maxName)
	checkText(f, "email", p.Email, false, maxName)
	if p.UserID < 0 {
		f.add("user_id", "must be a user ID")
	}
	if !p.LeftOn.IsZero() && !p.StartDate.IsZero() && p.LeftOn.Before(p.StartDate) {
		f.add("left_on", "cannot be before the start date")
	}
	return f.err()
}

// StaffFilter narrows the list of people.
type StaffFilter struct {
	ListParams
	Unit     string
	Status   string // "", "active", "left"
	Archived bool
}

// StaffSorts are the columns the list of people can be sorted by.
var StaffSorts = []string{"ref", "name", "unit", "start_date"}

// Validate checks the filter.
func (f StaffFilter) Validate() error {
	errs := listErrors(f.ListParams, StaffSorts)
	checkText(errs, "unit", f.Unit, false, maxName)
	if f.Status != "" && f.Status != "active" && f.Status != "left" {
		errs.add("status", "must be active or left")
	}
	return errs.err()
}

func listErrors(p ListParams, sorts []string) fieldErrors {
	errs := fieldErrors{}
	if err := p.Validate(sorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	return errs
}

// CompetenceKind says what sort of ability a competence is.
type CompetenceKind string

// The kinds of competence.
const (
	CompetenceKnowledge     CompetenceKind = "knowledge"
	CompetenceSkill         CompetenceKind = "skill"
	CompetenceQualification CompetenceKind = "qualification"
	CompetenceAwareness     CompetenceKind = "awareness" // 7.3
)

// CompetenceKinds lists the kinds in display order.
var CompetenceKinds = []CompetenceKind{CompetenceKnowledge, CompetenceSkill, CompetenceQualification, CompetenceAwareness}

// Valid reports whether k is a known kind.
func (k CompetenceKind) Valid() bool { return contains(CompetenceKinds, k) }

// Label names the kind for people.
func (k CompetenceKind) Label() string {
	switch k {
	case CompetenceAwareness:
		return "Awareness (7.3)"
	case "":
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// MaxValidityMonths bounds how long a competence may stay valid.
const MaxValidityMonths = 120

// Competence is an entry of the organization's catalogue of competences
// (7.2): what a role may require and a record may show someone holds.
type Competence struct {
	ID             int64          `json:"id"`
	Ref            string         `json:"ref"`
	Version        int            `json:"version"`
	Name           string         `json:"name"`
	Description    string         `json:"description"`
	Kind           CompetenceKind `json:"kind"`
	Demonstrated   string         `json:"demonstrated"`    // how a person shows it
	ValidityMonths int            `json:"validity_months"` // 0: does not expire
	Archived       bool           `json:"archived"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// Normalize trims the text and defaults the kind to knowledge.
func (c *Competence) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	if c.Kind == "" {
		c.Kind = CompetenceKnowledge
	}
}

// Validate checks a competence as a client sent it.
func (c Competence) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", c.Name, true, maxName)
	checkText(f, "description", c.Description, false, maxText)
	checkText(f, "demonstrated", c.Demonstrated, false, maxText)
	if !c.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(CompetenceKinds))
	}
	if c.ValidityMonths < 0 || c.ValidityMonths > MaxValidityMonths {
		f.add("validity_months", "must be between 0 (does not expire) and "+itoa(MaxValidityMonths))
	}
	return f.err()
}

// CompetenceFilter narrows the catalogue.
type CompetenceFilter struct {
	ListParams
	Kind     CompetenceKind
	Archived bool
}

// CompetenceSorts are the columns the catalogue can be sorted by.
var CompetenceSorts = []string{"ref", "name", "kind"}

// Validate checks the filter.
func (f CompetenceFilter) Validate() error {
	errs := listErrors(f.ListParams, CompetenceSorts)
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(CompetenceKinds))
	}
	return errs.err()
}

// RoleCompetence is a competence a role requires.
type RoleCompetence struct {
	CompetenceID int64  `json:"competence_id"`
	Ref          string `json:"ref"`
	Name         string `json:"name"`
}

// RoleAssignment is a person holding a role, from and until a day when
// they are known.
type RoleAssignment struct {
	StaffID int64  `json:"staff_id"`
	Ref     string `json:"ref"`
	Name    string `json:"name"`
	From    Date   `json:"from"`
	Until   Date   `json:"until"`
}

// Current reports whether the assignment holds on day.
func (a RoleAssignment) Current(day Date) bool {
	return (a.From.IsZero() || !day.Before(a.From)) && (a.Until.IsZero() || !a.Until.Before(day))
}

// AIMSRole is a role of the management system (5.3, A.3.2): what it
// answers for, what it may decide, whom it reports to, what competence it
// needs and who holds it. (Role is a member's permission in aims; an
// AIMS role is accountability.)
type AIMSRole struct {
	ID               int64            `json:"id"`
	Ref              string           `json:"ref"`
	Version          int              `json:"version"`
	Name             string           `json:"name"`
	Responsibilities string           `json:"responsibilities"`
	Authorities      string           `json:"authorities"`
	ReportsToID      int64            `json:"reports_to_id"`
	ReportsToName    string           `json:"reports_to_name"`
	Competences      []RoleCompetence `json:"competences"`
	People           []RoleAssignment `json:"people"`
	Archived         bool             `json:"archived"`
	CreatedAt        time.Time        `json:"created_at"`
	UpdatedAt        time.Time        `json:"updated_at"`
}

// MaxRoleLinks bounds a role's lists of competences and people.
const MaxRoleLinks = 200

// Normalize trims the text and gives the lists their empty value.
func (r *AIMSRole) Normalize() {
	r.Name = strings.TrimSpace(r.Name)
	if r.Competences == nil {
		r.Competences = []RoleCompetence{}
	}
	if r.People == nil {
		r.People = []RoleAssignment{}
	}
}

// Validate checks a role as a client sent it.
func (r AIMSRole) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", r.Name, true, maxName)
	checkText(f, "responsibilities", r.Responsibilities, false, maxText)
	checkText(f, "authorities", r.Authorities, false, maxText)
	if r.ReportsToID < 0 || (r.ID != 0 && r.ReportsToID == r.ID) {
		f.add("reports_to_id", "must be another role")
	}
	if len(r.Competences) > MaxRoleLinks {
		f.add("competences", "lists too many competences (at most "+itoa(MaxRoleLinks)+")")
	}
	seen := map[int64]bool{}
	for _, c := range r.Competences {
		if c.CompetenceID <= 0 {
			f.add("competences", "each must name a competence")
		} else if seen[c.CompetenceID] {
			f.add("competences", "lists a competence twice")
		}
		seen[c.CompetenceID] = true
	}
	if len(r.People) > MaxRoleLinks {
		f.add("people", "lists too many people (at most "+itoa(MaxRoleLinks)+")")
	}
	seen = map[int64]bool{}
	for _, a := range r.People {
		if a.StaffID <= 0 {
			f.add("people", "each must name a person")
		} else if seen[a.StaffID] {
			f.add("people", "lists a person twice")
		}
		seen[a.StaffID] = true
		if !a.From.IsZero() && !a.Until.IsZero() && a.Until.Before(a.From) {
			f.add("people", "an assignment cannot end before it starts")
		}
	}
	return f.err()
}

// AIMSRoleFilter narrows the list of roles.
type AIMSRoleFilter struct {
	ListParams
	Archived bool
}

// AIMSRoleSorts are the columns the list of roles can be sorted by.
var AIMSRoleSorts = []string{"ref", "name"}

// Validate checks the filter.
func (f AIMSRoleFilter) Validate() error { return listErrors(f.ListParams, AIMSRoleSorts).err() }

// RecordKind is how a person gained a competence.
type RecordKind string

// The ways of gaining competence.
const (
	RecordTraining      RecordKind = "training"
	RecordQualification RecordKind = "qualification"
	RecordExperience    RecordKind = "experience"
	RecordMentoring     RecordKind = "mentoring"
	RecordSelfStudy     RecordKind = "self-study"
)

// RecordKinds lists them in display order.
var RecordKinds = []RecordKind{RecordTraining, RecordQualification, RecordExperience, RecordMentoring, RecordSelfStudy}

// Valid reports whether k is a known kind.
func (k RecordKind) Valid() bool { return contains(RecordKinds, k) }

// Label names the kind for people.
func (k RecordKind) Label() string {
	switch k {
	case RecordQualification:
		return "Qualification or certificate"
	case RecordSelfStudy:
		return "Self-study"
	case "":
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// Effectiveness is the evaluation of an action taken to gain competence,
// which 7.2 asks the organization to make.
type Effectiveness string

// The outcomes of the evaluation.
const (
	NotEvaluated Effectiveness = "not-evaluated"
	Effective    Effectiveness = "effective"
	PartlyEff    Effectiveness = "partly"
	NotEffective Effectiveness = "not-effective"
)

// Effectivenesses lists them in display order.
var Effectivenesses = []Effectiveness{NotEvaluated, Effective, PartlyEff, NotEffective}

// Valid reports whether e is a known outcome.
func (e Effectiveness) Valid() bool { return contains(Effectivenesses, e) }

// Label names the outcome for people.
func (e Effectiveness) Label() string {
	switch e {
	case NotEvaluated:
		return "Not yet evaluated"
	case Effective:
		return "Effective"
	case PartlyEff:
		return "Partly effective"
	case NotEffective:
		return "Not effective"
	}
	return string(e)
}

// CompetenceRecord is evidence that a person gained a competence (7.2):
// a course, a certificate, experience, with its expiry and the evaluation
// of whether the action worked.
type CompetenceRecord struct {
	ID               int64         `json:"id"`
	Ref              string        `json:"ref"`
	Version          int           `json:"version"`
	StaffID          int64         `json:"staff_id"`
	StaffName        string        `json:"staff_name"`
	CompetenceID     int64         `json:"competence_id"`
	CompetenceName   string        `json:"competence_name"`
	Kind             RecordKind    `json:"kind"`
	Title            string        `json:"title"`
	Provider         string        `json:"provider"`
	CompletedOn      Date          `json:"completed_on"`
	ExpiresOn        Date          `json:"expires_on"` // from the competence's validity when not given
	Evidence         string        `json:"evidence"`   // a URL or a reference to where the evidence is kept
	Effectiveness    Effectiveness `json:"effectiveness"`
	EvaluationMethod string        `json:"evaluation_method"`
	EvaluatedOn      Date          `json:"evaluated_on"`
	EvaluatedBy      string        `json:"evaluated_by"`
	Archived         bool          `json:"archived"`
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
}

// Normalize trims the text, defaults the kind and the evaluation, and
// derives the expiry from the competence's validity when none was given.
func (c *CompetenceRecord) Normalize(validityMonths int) {
	c.Title, c.Provider, c.Evidence, c.EvaluatedBy = strings.TrimSpace(c.Title), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Evidence), strings.TrimSpace(c.EvaluatedBy)
	if c.Kind == "" {
		c.Kind = RecordTraining
	}
	if c.Effectiveness == "" {
		c.Effectiveness = NotEvaluated
	}
	if c.ExpiresOn.IsZero() && validityMonths > 0 {
		c.ExpiresOn = c.CompletedOn.AddMonths(validityMonths)
	}
}

// Validate checks a record as a client sent it.
func (c CompetenceRecord) Validate() error {
	f := fieldErrors{}
	if c.StaffID <= 0 {
		f.add("staff_id", "choose the person")
	}
	if c.CompetenceID <= 0 {
		f.add("competence_id", "choose the competence gained")
	}
	if !c.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(RecordKinds))
	}
	checkText(f, "title", c.Title, true, maxName)
	checkText(f, "provider", c.Provider, false, maxName)
	checkText(f, "evidence", c.Evidence, false, maxText)
	checkText(f, "evaluation_method", c.EvaluationMethod, false, maxText)
	checkText(f, "evaluated_by", c.EvaluatedBy, false, maxName)
	if c.CompletedOn.IsZero() {
		f.add("completed_on", "give the day it was completed")
	}
	if !c.ExpiresOn.IsZero() && c.ExpiresOn.Before(c.CompletedOn) {
		f.add("expires_on", "cannot be before the day it was completed")
	}
	if !c.Effectiveness.Valid() {
		f.add("effectiveness", "must be one of: "+joinEnum(Effectivenesses))
	} else if c.Effectiveness != NotEvaluated {
		if c.EvaluatedOn.IsZero() {
			f.add("evaluated_on", "give the day the effectiveness was evaluated")
		}
		if strings.TrimSpace(c.EvaluationMethod) == "" {
			f.add("evaluation_method", "say how the effectiveness was evaluated")
		}
	}
	if !c.EvaluatedOn.IsZero() && c.EvaluatedOn.Before(c.CompletedOn) {
		f.add("evaluated_on", "cannot be before the day it was completed")
	}
	return f.err()
}

// Holds reports whether the record shows its competence held on day:
// completed by then, not expired, and not judged not effective.
func (c CompetenceRecord) Holds(day Date) bool {
	return !c.Archived && !c.CompletedOn.IsZero() && !day.Before(c.CompletedOn) &&
		(c.ExpiresOn.IsZero() || !c.ExpiresOn.Before(day)) && c.Effectiveness != NotEffective
}

// CompetenceRecordFilter narrows the list of records.
type CompetenceRecordFilter struct {
	ListParams
	StaffID       int64
	CompetenceID  int64
	Kind          RecordKind
	Effectiveness Effectiveness
	Archived      bool
}

// CompetenceRecordSorts are the columns the list can be sorted by.
var CompetenceRecordSorts = []string{"ref", "completed_on", "expires_on", "person"}

// Validate checks the filter.
func (f CompetenceRecordFilter) Validate() error {
	errs := listErrors(f.ListParams, CompetenceRecordSorts)
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(RecordKinds))
	}
	if f.Effectiveness != "" && !f.Effectiveness.Valid() {
		errs.add("effectiveness", "must be one of: "+joinEnum(Effectivenesses))
	}
	if f.StaffID < 0 {
		errs.add("staff_id", "must be a person's ID")
	}
	if f.CompetenceID < 0 {
		errs.add("competence_id", "must be a competence's ID")
	}
	return errs.err()
}
