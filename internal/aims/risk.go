package aims

import (
	"regexp"
	"strings"
	"time"
)

// RiskScaleLevel is one step of a likelihood or impact scale: its label
// ("Likely") and what it means in the organization ("once a year or more").
type RiskScaleLevel struct {
	Label   string `json:"label"`
	Meaning string `json:"meaning"`
}

// RiskCriteria are the organization's AI risk criteria (6.1.1): the
// likelihood and impact scales, the matrix that gives a level to each pair,
// and the acceptance threshold, the highest level a risk may have without
// treatment. They are never edited in place: a change is a new numbered
// version, and each assessment keeps the version it was made with.
type RiskCriteria struct {
	Version    int              `json:"version"` // 0: none defined yet
	Likelihood []RiskScaleLevel `json:"likelihood"`
	Impact     []RiskScaleLevel `json:"impact"`
	// Matrix[l-1][i-1] is the level of likelihood l and impact i.
	Matrix    [][]RiskLimit `json:"matrix"`
	Threshold RiskLimit     `json:"threshold"`
	Note      string        `json:"note"` // why this version
	CreatedAt time.Time     `json:"created_at"`
	CreatedBy string        `json:"created_by"`
}

// RiskLevels are the levels a matrix cell may take, from the lowest: the
// ranks of RiskLimit, so a designation's limit compares directly.
var RiskLevels = []RiskLimit{LimitLow, LimitMedium, LimitHigh, LimitVeryHigh}

// LevelLabel names a risk level for people.
func LevelLabel(l RiskLimit) string {
	switch l {
	case LimitLow:
		return "Low"
	case LimitMedium:
		return "Medium"
	case LimitHigh:
		return "High"
	case LimitVeryHigh:
		return "Very high"
	}
	return "Not assessed"
}

// Scale sizes a criteria version may have.
const (
	minScale = 2
	maxScale = 7
)

// DefaultRiskCriteria is the 5 × 5 matrix an organization starts from.
func DefaultRiskCriteria() RiskCriteria {
	c := RiskCriteria{
		Likelihood: []RiskScaleLevel{
			{"Rare", "Not expected in the system's life; no known occurrence in comparable systems."},
			{"Unlikely", "Could happen in the system's life; has happened elsewhere."},
			{"Possible", "Expected to happen once in a few years."},
			{"Likely", "Expected to happen about once a year."},
			{"Almost certain", "Expected to happen several times a year, or is happening."},
		},
		Impact: []RiskScaleLevel{
			{"Negligible", "No noticeable effect on people or the organization."},
			{"Minor", "Short inconvenience to a few people; easily reversed."},
			{"Moderate", "Harm to some people or a breach of an internal rule; reversible with effort."},
			{"Major", "Significant harm to many people, a legal breach or regulatory attention."},
			{"Severe", "Lasting or irreversible harm to people or fundamental rights; sanctions; the business at stake."},
		},
		Threshold: LimitMedium,
		Note:      "Default 5 × 5 criteria.",
	}
	c.Matrix = make([][]RiskLimit, 5)
	for l := range 5 {
		c.Matrix[l] = make([]RiskLimit, 5)
		for i := range 5 {
			switch score := (l + 1) * (i + 1); {
			case score <= 4:
				c.Matrix[l][i] = LimitLow
			case score <= 9:
				c.Matrix[l][i] = LimitMedium
			case score <= 16:
				c.Matrix[l][i] = LimitHigh
			default:
				c.Matrix[l][i] = LimitVeryHigh
			}
		}
	}
	return c
}

// Level is the matrix's level for a likelihood and an impact (1-based), or
// "" when either is outside the scales.
func (c RiskCriteria) Level(likelihood, impact int) RiskLimit {
	if likelihood < 1 || impact < 1 || likelihood > len(c.Matrix) || impact > len(c.Matrix[likelihood-1]) {
		return ""
	}
	return c.Matrix[likelihood-1][impact-1]
}

// Above reports whether a level is above the acceptance threshold: a risk
// at that level needs treatment or the acceptance of management.
func (c RiskCriteria) Above(level RiskLimit) bool {
	return level != "" && level.Rank() > c.Threshold.Rank()
}

// Normalize trims the labels.
func (c *RiskCriteria) Normalize() {
	for _, s := range [][]RiskScaleLevel{c.Likelihood, c.Impact} {
		for i := range s {
			s[i].Label, s[i].Meaning = strings.TrimSpace(s[i].Label), strings.TrimSpace(s[i].Meaning)
		}
	}
	c.Note = strings.TrimSpace(c.Note)
}

// Validate checks a criteria version as a client sent it: scales of 2 to 7
// labelled levels, a full matrix whose level never falls as likelihood or
// impact rises, and a threshold among the levels.
func (c RiskCriteria) Validate() error {
	f := fieldErrors{}
	for _, s := range []struct {
		field string
		scale []RiskScaleLevel
	}{{"likelihood", c.Likelihood}, {"impact", c.Impact}} {
		if len(s.scale) < minScale || len(s.scale) > maxScale {
			f.add(s.field, "must have between 2 and 7 levels")
			continue
		}
		seen := map[string]bool{}
		for i, l := range s.scale {
			checkText(f, s.field+"."+itoa(i+1)+".label", l.Label, true, 60)
			checkText(f, s.field+"."+itoa(i+1)+".meaning", l.Meaning, false, 1000)
			if seen[strings.ToLower(l.Label)] && l.Label != "" {
				f.add(s.field+"."+itoa(i+1)+".label", "is used twice")
			}
			seen[strings.ToLower(l.Label)] = true
		}
	}
	if !contains(RiskLevels, c.Threshold) {
		f.add("threshold", "must be one of: "+joinEnum(RiskLevels))
	}
	checkText(f, "note", c.Note, false, 2000)
	if _, bad := f["likelihood"]; bad {
		return f.err()
	}
	if _, bad := f["impact"]; bad {
		return f.err()
	}
	if len(c.Matrix) != len(c.Likelihood) {
		f.add("matrix", "must have a row per likelihood level")
		return f.err()
	}
	for l, row := range c.Matrix {
		if len(row) != len(c.Impact) {
			f.add("matrix", "must have a cell per impact level in each row")
			return f.err()
		}
		for i, v := range row {
			cell := "matrix." + itoa(l+1) + "." + itoa(i+1)
			switch {
			case !contains(RiskLevels, v):
				f.add(cell, "must be one of: "+joinEnum(RiskLevels))
			case l > 0 && contains(RiskLevels, c.Matrix[l-1][i]) && v.Rank() < c.Matrix[l-1][i].Rank():
				f.add(cell, "is lower than the level of a lower likelihood")
			case i > 0 && contains(RiskLevels, row[i-1]) && v.Rank() < row[i-1].Rank():
				f.add(cell, "is lower than the level of a lower impact")
			}
		}
	}
	return f.err()
}

// RiskKind says whether an entry is a risk or an opportunity: 6.1.1 asks
// for actions on both.
type RiskKind string

// The two kinds.
const (
	KindRisk        RiskKind = "risk"
	KindOpportunity RiskKind = "opportunity"
)

// RiskKinds lists the kinds.
var RiskKinds = []RiskKind{KindRisk, KindOpportunity}

// Valid reports whether k is a known kind.
func (k RiskKind) Valid() bool { return contains(RiskKinds, k) }

// Label names the kind for people.
func (k RiskKind) Label() string {
	if k == KindOpportunity {
		return "Opportunity"
	}
	return "Risk"
}

// RiskSource is where an AI risk comes from, following the AI-specific
// risk sources that ISO/IEC 42001 Annex C and ISO/IEC 23894 Annex B
// describe (named here in our own words), or another source described in
// text.
type RiskSource string

// The sources.
const (
	SourceEnvironment  RiskSource = "environment-complexity"
	SourceTransparency RiskSource = "transparency-explainability"
	SourceAutomation   RiskSource = "level-of-automation"
	SourceML           RiskSource = "machine-learning"
	SourceHardware     RiskSource = "hardware"
	SourceLifecycle    RiskSource = "life-cycle"
	SourceReadiness    RiskSource = "technology-readiness"
	SourceOther        RiskSource = "other"
)

// RiskSources lists the sources in display order.
var RiskSources = []RiskSource{SourceEnvironment, SourceTransparency, SourceAutomation, SourceML, SourceHardware,
	SourceLifecycle, SourceReadiness, SourceOther}

// Valid reports whether s is a known source.
func (s RiskSource) Valid() bool { return contains(RiskSources, s) }

// Label names the source for people.
func (s RiskSource) Label() string {
	switch s {
	case SourceEnvironment:
		return "Complexity of the environment the system works in"
	case SourceTransparency:
		return "Lack of transparency or explainability"
	case SourceAutomation:
		return "Level of automation"
	case SourceML:
		return "Machine learning (data quality, drift, training)"
	case SourceHardware:
		return "Hardware and its limits"
	case SourceLifecycle:
		return "System life-cycle issues"
	case SourceReadiness:
		return "Technology readiness"
	case SourceOther:
		return "Other (described)"
	}
	return string(s)
}

// RiskStatus is where a risk stands.
type RiskStatus string

// The statuses.
const (
	RiskIdentified RiskStatus = "identified"
	RiskPlanned    RiskStatus = "treatment-planned"
	RiskTreated    RiskStatus = "treated"
	RiskClosed     RiskStatus = "closed"
)

// RiskStatuses lists them in order.
var RiskStatuses = []RiskStatus{RiskIdentified, RiskPlanned, RiskTreated, RiskClosed}

// Valid reports whether s is a known status.
func (s RiskStatus) Valid() bool { return contains(RiskStatuses, s) }

// Label names the status for people.
func (s RiskStatus) Label() string {
	switch s {
	case RiskIdentified:
		return "Identified"
	case RiskPlanned:
		return "Treatment planned"
	case RiskTreated:
		return "Treated"
	case RiskClosed:
		return "Closed"
	}
	return string(s)
}

// TreatmentOption is how a risk is treated (6.1.3).
type TreatmentOption string

// The options, and none chosen yet.
const (
	TreatNone   TreatmentOption = ""
	TreatModify TreatmentOption = "modify"
	TreatAvoid  TreatmentOption = "avoid"
	TreatShare  TreatmentOption = "share"
	TreatRetain TreatmentOption = "retain"
)

// TreatmentOptions lists the options.
var TreatmentOptions = []TreatmentOption{TreatModify, TreatAvoid, TreatShare, TreatRetain}

// Valid reports whether o is a known option or none.
func (o TreatmentOption) Valid() bool { return o == TreatNone || contains(TreatmentOptions, o) }

// Label names the option for people.
func (o TreatmentOption) Label() string {
	switch o {
	case TreatModify:
		return "Modify: reduce likelihood or impact with controls"
	case TreatAvoid:
		return "Avoid: stop or change the activity"
	case TreatShare:
		return "Share: with a supplier, insurer or partner"
	case TreatRetain:
		return "Retain: accept it as it is"
	}
	return "Not chosen yet"
}

// TreatmentResult is the result of the later check of a treatment (8.3).
type TreatmentResult string

// The results, and not checked yet.
const (
	EffectNotChecked   TreatmentResult = ""
	EffectEffective    TreatmentResult = "effective"
	EffectNotEffective TreatmentResult = "not-effective"
)

// Valid reports whether e is a known result.
func (e TreatmentResult) Valid() bool {
	return e == EffectNotChecked || e == EffectEffective || e == EffectNotEffective
}

// Label names the result for people.
func (e TreatmentResult) Label() string {
	switch e {
	case EffectEffective:
		return "Effective"
	case EffectNotEffective:
		return "Not effective"
	}
	return "Not checked yet"
}

// Risk is one AI risk or opportunity of an AI system or of the AIMS as a
// whole, with its latest assessment and its treatment.
type Risk struct {
	ID            int64      `json:"id"`
	Ref           string     `json:"ref"`
	Version       int        `json:"version"`
	Kind          RiskKind   `json:"kind"`
	Title         string     `json:"title"`
	AISystemID    int64      `json:"ai_system_id"` // 0: the AIMS as a whole
	AISystemRef   string     `json:"ai_system_ref"`
	AISystemName  string     `json:"ai_system_name"`
	Source        RiskSource `json:"source"`
	SourceOther   string     `json:"source_other"`
	Description   string     `json:"description"`
	Consequences  string     `json:"consequences"`
	Parties       []Link     `json:"affected_parties"`
	Issues        []Link     `json:"context_issues"`
	Obligations   []Link     `json:"obligations"`
	OwnerID       int64      `json:"owner_id"`
	OwnerName     string     `json:"owner_name"`
	Status        RiskStatus `json:"status"`
	PlannedAction string     `json:"planned_actions"` // for an opportunity

	// The latest assessment; each is kept in risk_assessments.
	Likelihood         int       `json:"likelihood"` // 0: not assessed
	Impact             int       `json:"impact"`
	Level              RiskLimit `json:"level"`
	ResidualLikelihood int       `json:"residual_likelihood"`
	ResidualImpact     int       `json:"residual_impact"`
	ResidualLevel      RiskLimit `json:"residual_level"`
	CriteriaVersion    int       `json:"criteria_version"`
	AssessedOn         Date      `json:"assessed_on"`
	AboveThreshold     bool      `json:"above_threshold"`

	// Treatment (6.1.3, 8.3).
	Treatment TreatmentOption `json:"treatment"`
	Controls  []string        `json:"controls"` // Annex A IDs or custom control references (CC-3)
	// ControlsPending are the chosen controls not yet implemented (their
	// gap entry or custom control says so), read from the registers.
	ControlsPending []string `json:"controls_pending"`
	TreatmentPlan   string   `json:"treatment_plan"`
	PlanOwnerID     int64    `json:"plan_owner_id"`
	PlanOwnerName   string   `json:"plan_owner_name"`
	PlanStart       Date     `json:"plan_start"`
	PlanDue         Date     `json:"plan_due"`

	// Acceptance of the residual risk, by designated management.
	AcceptedByID     int64  `json:"accepted_by_id"`
	AcceptedBy       string `json:"accepted_by"`
	AcceptedOn       Date   `json:"accepted_on"`
	AcceptanceReason string `json:"acceptance_reason"`
	AcceptedUnder    string `json:"accepted_under"` // the designation it rests on

	// The later check of the treatment.
	CheckedOn     Date            `json:"checked_on"`
	Effectiveness TreatmentResult `json:"effectiveness"`
	CheckNote     string          `json:"check_note"`

	// Reassess, in an edit, asks for a new dated assessment under the
	// criteria in force even though no rating changed (the ratings are
	// confirmed under new criteria). Never stored.
	Reassess bool `json:"reassess,omitempty"`

	// Flagged: above the threshold without an accepted residual risk.
	Flagged   bool      `json:"flagged"`
	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AcceptedOnPlan reports whether the residual level was accepted while
// controls of its treatment are not yet in place: the accepted level is
// what the risk will be once they are, not what it is today.
func (r Risk) AcceptedOnPlan() bool { return !r.AcceptedOn.IsZero() && len(r.ControlsPending) > 0 }

// Assessed reports whether the risk has an inherent assessment.
func (r Risk) Assessed() bool { return r.Likelihood > 0 && r.Impact > 0 }

// HasResidual reports whether a residual likelihood and impact are given.
func (r Risk) HasResidual() bool { return r.ResidualLikelihood > 0 && r.ResidualImpact > 0 }

// FlagFor works out whether a risk is flagged: a live risk whose inherent
// level is above its criteria's threshold and whose residual risk has not
// been accepted.
func (r Risk) FlagFor() bool {
	return r.Kind == KindRisk && !r.Archived && r.Status != RiskClosed && r.AboveThreshold && r.AcceptedOn.IsZero()
}

var controlRef = regexp.MustCompile(`^(A\.[0-9]+(\.[0-9]+)+|CC-[0-9]+)$`)

// ValidControlRef reports whether s looks like an Annex A control ID
// ("A.6.2.4") or a custom control's reference ("CC-3"). Whether an Annex A
// ID exists is the catalog's question.
func ValidControlRef(s string) bool { return controlRef.MatchString(s) }

// Normalize trims the text, orders the links and controls, and clears what
// an opportunity does not carry.
func (r *Risk) Normalize() {
	r.Title = strings.TrimSpace(r.Title)
	if r.Kind == "" {
		r.Kind = KindRisk
	}
	if r.Status == "" {
		r.Status = RiskIdentified
	}
	r.SourceOther = strings.TrimSpace(r.SourceOther)
	r.Parties, r.Issues, r.Obligations = normalizeLinks(r.Parties), normalizeLinks(r.Issues), normalizeLinks(r.Obligations)
	controls := []string{}
	for _, c := range r.Controls {
		if c = strings.TrimSpace(c); c != "" && !contains(controls, c) {
			controls = append(controls, c)
		}
	}
	// Insertion sort: few controls.
	for i := 1; i < len(controls); i++ {
		for j := i; j > 0 && controls[j] < controls[j-1]; j-- {
			controls[j], controls[j-1] = controls[j-1], controls[j]
		}
	}
	r.Controls = controls
}

// Validate checks a risk as a client sent it, against the scales of the
// criteria it is assessed with.
func (r Risk) Validate(c RiskCriteria) error {
	f := fieldErrors{}
	checkText(f, "title", r.Title, true, maxName)
	if !r.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(RiskKinds))
	}
	if !r.Source.Valid() {
		f.add("source", "must be one of: "+joinEnum(RiskSources))
	}
	checkText(f, "source_other", r.SourceOther, r.Source == SourceOther, maxName)
	checkText(f, "description", r.Description, false, maxText)
	checkText(f, "consequences", r.Consequences, false, maxText)
	checkText(f, "planned_actions", r.PlannedAction, false, maxText)
	checkText(f, "treatment_plan", r.TreatmentPlan, false, maxText)
	checkText(f, "check_note", r.CheckNote, false, maxText)
	if !r.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(RiskStatuses))
	}
	if r.AISystemID < 0 {
		f.add("ai_system_id", "must be an AI system's ID")
	}
	if r.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if r.PlanOwnerID < 0 {
		f.add("plan_owner_id", "must be a user ID")
	}
	checkLinks(f, "affected_parties", r.Parties)
	checkLinks(f, "context_issues", r.Issues)
	checkLinks(f, "obligations", r.Obligations)
	scale := func(field string, v, n int) {
		if v < 0 || v > n {
			f.add(field, "must be between 1 and "+itoa(n)+" (or empty: not assessed)")
		}
	}
	scale("likelihood", r.Likelihood, len(c.Likelihood))
	scale("impact", r.Impact, len(c.Impact))
	scale("residual_likelihood", r.ResidualLikelihood, len(c.Likelihood))
	scale("residual_impact", r.ResidualImpact, len(c.Impact))
	if (r.Likelihood == 0) != (r.Impact == 0) {
		f.add("impact", "give both likelihood and impact, or neither")
	}
	if (r.ResidualLikelihood == 0) != (r.ResidualImpact == 0) {
		f.add("residual_impact", "give both residual likelihood and impact, or neither")
	}
	if r.HasResidual() && !r.Assessed() {
		f.add("likelihood", "assess the inherent risk before its residual risk")
	}
	if !r.Treatment.Valid() {
		f.add("treatment", "must be one of: "+joinEnum(TreatmentOptions)+" (or empty)")
	}
	if r.Kind == KindOpportunity && (r.Treatment != TreatNone || len(r.Controls) > 0 || r.HasResidual()) {
		f.add("treatment", "an opportunity has planned actions, not a treatment")
	}
	if len(r.Controls) > 100 {
		f.add("controls", "lists more than 100 controls")
	}
	for _, ctl := range r.Controls {
		if !ValidControlRef(ctl) {
			f.add("controls", ctl+" is neither an Annex A control (A.6.2.4) nor a custom control (CC-3)")
		}
	}
	if !r.PlanStart.IsZero() && !r.PlanDue.IsZero() && r.PlanDue.Before(r.PlanStart) {
		f.add("plan_due", "must not be before the start")
	}
	if !r.Effectiveness.Valid() {
		f.add("effectiveness", "must be effective, not-effective or empty")
	}
	if (r.Effectiveness == EffectNotChecked) != r.CheckedOn.IsZero() {
		f.add("checked_on", "give the day of the check together with its result")
	}
	return f.err()
}

// RiskAssessment is one dated result of assessing a risk (8.2): the
// inherent and residual likelihood, impact and level, with the criteria
// version used. Assessments are never changed.
type RiskAssessment struct {
	Number             int       `json:"number"`
	AssessedOn         Date      `json:"assessed_on"`
	Assessor           string    `json:"assessor"`
	CriteriaVersion    int       `json:"criteria_version"`
	Likelihood         int       `json:"likelihood"`
	Impact             int       `json:"impact"`
	Level              RiskLimit `json:"level"`
	ResidualLikelihood int       `json:"residual_likelihood"`
	ResidualImpact     int       `json:"residual_impact"`
	ResidualLevel      RiskLimit `json:"residual_level"`
	CreatedAt          time.Time `json:"created_at"`
}

// RiskAcceptance is designated management's acceptance of a risk's
// residual level, given by the signed-in person; no day means today.
type RiskAcceptance struct {
	Version    int    `json:"version"`
	AcceptedOn Date   `json:"accepted_on"`
	Reason     string `json:"reason"`
}

// Validate checks an acceptance as a client sent it.
func (a RiskAcceptance) Validate() error {
	f := fieldErrors{}
	checkText(f, "reason", a.Reason, true, maxText)
	return f.err()
}

// RiskFilter narrows the risk register. Zero values mean "any".
type RiskFilter struct {
	ListParams
	AISystemID int64
	AIMSWide   bool // only risks of the AIMS as a whole
	Kind       RiskKind
	Level      RiskLimit
	Status     RiskStatus
	OwnerID    int64
	Flagged    bool // above the threshold without an accepted residual risk
	// A heat map cell: likelihood and impact, inherent or residual.
	Likelihood, Impact int
	Residual           bool
	Archived           bool
}

// RiskSorts are the columns the register can be sorted by.
var RiskSorts = []string{"ref", "title", "level", "residual_level", "status", "assessed_on", "plan_due", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f RiskFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(RiskSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(RiskKinds))
	}
	if f.Level != "" && !contains(RiskLevels, f.Level) {
		errs.add("level", "must be one of: "+joinEnum(RiskLevels))
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(RiskStatuses))
	}
	if f.Likelihood < 0 || f.Likelihood > maxScale {
		errs.add("likelihood", "must be between 1 and 7")
	}
	if f.Impact < 0 || f.Impact > maxScale {
		errs.add("impact", "must be between 1 and 7")
	}
	if f.AIMSWide && f.AISystemID != 0 {
		errs.add("ai_system_id", "choose an AI system or the AIMS as a whole, not both")
	}
	return errs.err()
}

// HeatCell is the number of risks at one likelihood and impact.
type HeatCell struct {
	Likelihood, Impact, Count int
}

// HeatMap counts the risks of a filter per cell, inherent and residual.
type HeatMap struct {
	Criteria RiskCriteria
	Inherent []HeatCell
	Residual []HeatCell
	Outside  int // counted under scales larger than the current ones
}

// Count is the number in a cell of one side of the map.
func (h HeatMap) Count(residual bool, likelihood, impact int) int {
	cells := h.Inherent
	if residual {
		cells = h.Residual
	}
	for _, c := range cells {
		if c.Likelihood == likelihood && c.Impact == impact {
			return c.Count
		}
	}
	return 0
}

// RiskSummary is what the AI system page shows of its risks.
type RiskSummary struct {
	AISystemID int64
	Risks      int
	Flagged    int
}

// LevelName names a risk level for people (the criteria's levels are the
// limits' ranks).
func (l RiskLimit) LevelName() string { return LevelLabel(l) }

// LevelClass is the style class of a level's badge; the badge shows the
// level's name as well, so colour is never the only sign.
func (l RiskLimit) LevelClass() string {
	switch l {
	case LimitLow:
		return "risk-minimal"
	case LimitMedium:
		return "risk-limited"
	case LimitHigh:
		return "risk-high-risk"
	case LimitVeryHigh:
		return "risk-prohibited"
	}
	return "risk-unclassified"
}
