package aims

import (
	"strings"
	"time"
)

// AI system impact assessment (6.1.4, 8.4, A.5), structured the way
// ISO/IEC 42005 lays out an assessment record (its clause 6), with the
// organization's own impact scales and thresholds for sensitive and
// restricted uses (its 5.7) kept as numbered, versioned criteria.

// ScaleLevel is one step of an impact scale: level n is the n-th entry.
type ScaleLevel struct {
	Label   string `json:"label"`
	Meaning string `json:"meaning"`
}

// ImpactCriteria are the organization's impact scales and thresholds. Each
// change is a new numbered version; an assessment keeps the number of the
// version it was made with.
type ImpactCriteria struct {
	Number        int          `json:"number"` // 0 before the organization saved any
	Severity      []ScaleLevel `json:"severity"`
	Likelihood    []ScaleLevel `json:"likelihood"`
	Reversibility []ScaleLevel `json:"reversibility"` // from easily reversed to irreversible
	// A harm whose severity × likelihood reaches SensitiveScore makes the
	// use sensitive (further review); RestrictedScore, restricted (top
	// management decides whether it goes ahead). An irreversible harm (the
	// last reversibility level) of severity IrreversibleSeverity or more
	// makes the use restricted whatever its likelihood.
	SensitiveScore       int       `json:"sensitive_score"`
	RestrictedScore      int       `json:"restricted_score"`
	IrreversibleSeverity int       `json:"irreversible_severity"`
	Note                 string    `json:"note"` // why this version
	CreatedBy            string    `json:"created_by,omitempty"`
	CreatedAt            time.Time `json:"created_at"`
}

// DefaultImpactCriteria is what an organization starts from: four-step
// scales a consumer-facing business can use as they are.
func DefaultImpactCriteria() ImpactCriteria {
	return ImpactCriteria{
		Severity: []ScaleLevel{
			{"Minor", "Inconvenience; no lasting effect on a person's rights, finances, health or opportunities."},
			{"Moderate", "A noticeable effect on a person's finances, access to a service or treatment, put right within weeks."},
			{"Serious", "A significant effect on rights, livelihood, health or access to essential services."},
			{"Severe", "Lasting or grave harm to people's rights, safety or livelihood, or harm to many people at once."},
		},
		Likelihood: []ScaleLevel{
			{"Rare", "Not expected over the system's life; would need an unusual combination of events."},
			{"Possible", "Could happen to some people in a year of normal use."},
			{"Likely", "Expected to happen to some people every year."},
			{"Almost certain", "Happens regularly in normal use unless measures prevent it."},
		},
		Reversibility: []ScaleLevel{
			{"Easily reversed", "Corrected by the organization at once, at no cost to the person."},
			{"Reversible with effort", "Needs a complaint, a review or time to put right."},
			{"Hard to reverse", "Only partly put right, or only at real cost to the person."},
			{"Irreversible", "Cannot be undone."},
		},
		SensitiveScore: 6, RestrictedScore: 12, IrreversibleSeverity: 3,
		Note: "Default scales, to be adapted by the organization.",
	}
}

// Impact scales share the risk scales' bound, maxScale.

// Validate checks scales and thresholds.
func (c ImpactCriteria) Validate() error {
	f := fieldErrors{}
	for _, s := range []struct {
		field  string
		levels []ScaleLevel
	}{{"severity", c.Severity}, {"likelihood", c.Likelihood}, {"reversibility", c.Reversibility}} {
		if len(s.levels) < 2 || len(s.levels) > maxScale {
			f.add(s.field, "needs between 2 and "+itoa(maxScale)+" levels")
		}
		for _, l := range s.levels {
			checkText(f, s.field, l.Label, true, maxName)
			checkText(f, s.field, l.Meaning, false, maxText)
		}
	}
	top := len(c.Severity) * len(c.Likelihood)
	if c.SensitiveScore < 1 || c.SensitiveScore > top {
		f.add("sensitive_score", "must be between 1 and "+itoa(top)+" (highest severity × highest likelihood)")
	}
	if c.RestrictedScore < c.SensitiveScore || c.RestrictedScore > top {
		f.add("restricted_score", "must be at least the sensitive threshold and at most "+itoa(top))
	}
	if c.IrreversibleSeverity < 1 || c.IrreversibleSeverity > len(c.Severity) {
		f.add("irreversible_severity", "must be a level of the severity scale")
	}
	checkText(f, "note", c.Note, false, maxText)
	return f.err()
}

// Label returns a level's label on a scale, "" for 0 or out of range.
func scaleLabel(levels []ScaleLevel, n int) string {
	if n < 1 || n > len(levels) {
		return ""
	}
	return levels[n-1].Label
}

// SeverityLabel, LikelihoodLabel and ReversibilityLabel name levels.
func (c ImpactCriteria) SeverityLabel(n int) string      { return scaleLabel(c.Severity, n) }
func (c ImpactCriteria) LikelihoodLabel(n int) string    { return scaleLabel(c.Likelihood, n) }
func (c ImpactCriteria) ReversibilityLabel(n int) string { return scaleLabel(c.Reversibility, n) }

// Use is how far an assessment's harms reach the thresholds.
type Use string

// Uses, from the least to the most demanding.
const (
	UseOrdinary   Use = "ordinary"
	UseSensitive  Use = "sensitive"
	UseRestricted Use = "restricted"
)

// Label names the use for people.
func (u Use) Label() string {
	switch u {
	case UseSensitive:
		return "Sensitive use"
	case UseRestricted:
		return "Restricted use"
	}
	return "Below the thresholds"
}

// Classify judges one harm against the criteria.
func (c ImpactCriteria) Classify(it ImpactItem) Use {
	if it.Kind != ImpactHarm {
		return UseOrdinary
	}
	score := it.Severity * it.Likelihood
	switch {
	case score >= c.RestrictedScore && c.RestrictedScore > 0,
		it.Reversibility == len(c.Reversibility) && it.Severity >= c.IrreversibleSeverity && c.IrreversibleSeverity > 0:
		return UseRestricted
	case score >= c.SensitiveScore && c.SensitiveScore > 0:
		return UseSensitive
	}
	return UseOrdinary
}

// ImpactKind says whether an impact is a benefit or a harm.
type ImpactKind string

// The kinds.
const (
	ImpactBenefit ImpactKind = "benefit"
	ImpactHarm    ImpactKind = "harm"
)

// ImpactKinds lists them.
var ImpactKinds = []ImpactKind{ImpactHarm, ImpactBenefit}

// Valid reports whether k is known.
func (k ImpactKind) Valid() bool { return contains(ImpactKinds, k) }

// Label names the kind.
func (k ImpactKind) Label() string {
	if k == ImpactBenefit {
		return "Benefit"
	}
	return "Harm"
}

// ImpactScope is who an impact falls on.
type ImpactScope string

// The scopes of 6.1.4: individuals, groups of individuals, societies.
const (
	ImpactIndividuals ImpactScope = "individuals"
	ImpactGroups      ImpactScope = "groups"
	ImpactSociety     ImpactScope = "society"
)

// ImpactScopes lists them.
var ImpactScopes = []ImpactScope{ImpactIndividuals, ImpactGroups, ImpactSociety}

// Valid reports whether s is known.
func (s ImpactScope) Valid() bool { return contains(ImpactScopes, s) }

// Label names the scope.
func (s ImpactScope) Label() string {
	switch s {
	case ImpactIndividuals:
		return "Individuals"
	case ImpactGroups:
		return "Groups of individuals"
	case ImpactSociety:
		return "Society"
	}
	return string(s)
}

// ImpactItem is one actual or reasonably foreseeable impact: a benefit or
// a harm, rated on the criteria's scales, with the measures that address
// it. RiskID links a harm to the risk register (no foreign key yet: the
// risk register is joined after the merge).
type ImpactItem struct {
	Kind            ImpactKind  `json:"kind"`
	Affects         ImpactScope `json:"affects"`
	Description     string      `json:"description"`
	Severity        int         `json:"severity"`
	Likelihood      int         `json:"likelihood"`
	Reversibility   int         `json:"reversibility"`
	FailureOrMisuse bool        `json:"failure_or_misuse"`
	Measures        string      `json:"measures"`
	RiskID          int64       `json:"risk_id,omitempty"`
}

// ImpactDisclosure is what the organization tells whom about the
// assessment or the system's impacts, and how.
type ImpactDisclosure struct {
	What     string `json:"what"`
	Audience string `json:"audience"`
	How      string `json:"how"`
}

// ImpactSections are the narrative parts of an assessment record, in the
// order of ISO/IEC 42005 clause 6, then post-deployment monitoring and
// the extra facts the EU AI Act's fundamental-rights assessment asks for.
type ImpactSections struct {
	Scope             string `json:"scope"`
	Description       string `json:"description"`
	Functionalities   string `json:"functionalities"`
	Purpose           string `json:"purpose"`
	IntendedUses      string `json:"intended_uses"`
	UnintendedUses    string `json:"unintended_uses"`
	ForeseeableMisuse string `json:"foreseeable_misuse"`
	Data              string `json:"data"`
	DataQuality       string `json:"data_quality"`
	AlgorithmModel    string `json:"algorithm_model"`
	Geography         string `json:"geography"`
	Languages         string `json:"languages"`
	Complexity        string `json:"complexity"`
	Constraints       string `json:"constraints"`
	AffectedPeople    string `json:"affected_people"` // affected people who are not users, and other parties
	Monitoring        string `json:"monitoring"`      // what is watched after deployment, and how
	MonitoringEvery   string `json:"monitoring_every"`
	// For the EU AI Act's fundamental-rights impact assessment (Art. 27).
	DeployerProcess  string `json:"deployer_process"`
	PeriodOfUse      string `json:"period_of_use"`
	HumanOversight   string `json:"human_oversight"`
	ResponseMeasures string `json:"response_measures"` // if risks materialise: governance, complaints
}

// ImpactState is where an assessment is in its approval.
type ImpactState string

// The states: draft, in review, approved (the current one for its system,
// frozen), superseded (by a later approved one, frozen).
const (
	ImpactDraft      ImpactState = "draft"
	ImpactInReview   ImpactState = "in-review"
	ImpactApproved   ImpactState = "approved"
	ImpactSuperseded ImpactState = "superseded"
)

// ImpactStates lists them.
var ImpactStates = []ImpactState{ImpactDraft, ImpactInReview, ImpactApproved, ImpactSuperseded}

// Valid reports whether s is known.
func (s ImpactState) Valid() bool { return contains(ImpactStates, s) }

// Label names the state.
func (s ImpactState) Label() string {
	switch s {
	case ImpactDraft:
		return "Draft"
	case ImpactInReview:
		return "In review"
	case ImpactApproved:
		return "Approved (current)"
	case ImpactSuperseded:
		return "Superseded"
	}
	return string(s)
}

// Frozen reports whether the record can no longer change.
func (s ImpactState) Frozen() bool { return s == ImpactApproved || s == ImpactSuperseded }

// ImpactAssessment is one assessment of one AI system. A system has many
// over time; the approved one is current.
type ImpactAssessment struct {
	ID             int64       `json:"id"`
	Ref            string      `json:"ref"`
	Version        int         `json:"version"`
	AISystemID     int64       `json:"ai_system_id"`
	AISystemRef    string      `json:"ai_system_ref"`
	AISystemName   string      `json:"ai_system_name"`
	Title          string      `json:"title"`
	State          ImpactState `json:"state"`
	CriteriaNumber int         `json:"criteria_number"`
	ImpactSections
	Triggers     []string           `json:"triggers"` // events that call for reassessment
	Parties      []Link             `json:"parties"`  // interested parties concerned
	Items        []ImpactItem       `json:"items"`
	Disclosures  []ImpactDisclosure `json:"disclosures"`
	AssessorID   int64              `json:"assessor_id"`
	AssessorName string             `json:"assessor_name"`
	ReviewerID   int64              `json:"reviewer_id"`
	ReviewerName string             `json:"reviewer_name"`
	MonitorID    int64              `json:"monitor_id"` // who monitors the impacts after deployment
	MonitorName  string             `json:"monitor_name"`
	NextReview   Date               `json:"next_review"`
	Use          Use                `json:"use"` // computed against the criteria
	ApprovedOn   Date               `json:"approved_on"`
	ApproverName string             `json:"approver_name"`
	ReturnNote   string             `json:"return_note"`
	AuthorID     int64              `json:"author_id"`
	AuthorName   string             `json:"author_name"`
	Archived     bool               `json:"archived"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
}

// maxItems bounds the rows of one assessment.
const maxItems = 100

// Normalize trims, drops blank triggers and orders the party links.
func (a *ImpactAssessment) Normalize() {
	a.Title = strings.TrimSpace(a.Title)
	triggers := []string{}
	for _, t := range a.Triggers {
		if t = strings.TrimSpace(t); t != "" {
			triggers = append(triggers, t)
		}
	}
	a.Triggers = triggers
	a.Parties = normalizeLinks(a.Parties)
	if a.Items == nil {
		a.Items = []ImpactItem{}
	}
	if a.Disclosures == nil {
		a.Disclosures = []ImpactDisclosure{}
	}
	for i := range a.Items {
		a.Items[i].Description = strings.TrimSpace(a.Items[i].Description)
		if a.Items[i].Kind == ImpactBenefit {
			a.Items[i].RiskID = 0
		}
	}
}

// Validate checks an assessment against the criteria it is made with.
func (a ImpactAssessment) Validate(c ImpactCriteria) error {
	f := fieldErrors{}
	checkText(f, "title", a.Title, true, maxName)
	if a.AISystemID <= 0 {
		f.add("ai_system_id", "is required")
	}
	for field, v := range map[string]string{"scope": a.Scope, "description": a.Description, "functionalities": a.Functionalities,
		"purpose": a.Purpose, "intended_uses": a.IntendedUses, "unintended_uses": a.UnintendedUses,
		"foreseeable_misuse": a.ForeseeableMisuse, "data": a.Data, "data_quality": a.DataQuality,
		"algorithm_model": a.AlgorithmModel, "geography": a.Geography, "languages": a.Languages, "complexity": a.Complexity,
		"constraints": a.Constraints, "affected_people": a.AffectedPeople, "monitoring": a.Monitoring,
		"deployer_process": a.DeployerProcess, "period_of_use": a.PeriodOfUse,
		"human_oversight": a.HumanOversight, "response_measures": a.ResponseMeasures} {
		checkText(f, field, v, false, maxText)
	}
	checkText(f, "monitoring_every", a.MonitoringEvery, false, maxName)
	if len(a.Triggers) > maxItems {
		f.add("triggers", "lists more than "+itoa(maxItems)+" triggers")
	}
	for _, t := range a.Triggers {
		checkText(f, "triggers", t, false, maxName)
	}
	checkLinks(f, "parties", a.Parties)
	if len(a.Items) > maxItems {
		f.add("items", "lists more than "+itoa(maxItems)+" impacts")
	}
	for i, it := range a.Items {
		key := "items." + itoa(i)
		if !it.Kind.Valid() {
			f.add(key+".kind", "must be one of: "+joinEnum(ImpactKinds))
		}
		if !it.Affects.Valid() {
			f.add(key+".affects", "must be one of: "+joinEnum(ImpactScopes))
		}
		checkText(f, key+".description", it.Description, true, maxText)
		checkText(f, key+".measures", it.Measures, false, maxText)
		rated := it.Kind == ImpactHarm // a harm is always rated; a benefit may be
		checkLevel(f, key+".severity", it.Severity, len(c.Severity), rated)
		checkLevel(f, key+".likelihood", it.Likelihood, len(c.Likelihood), rated)
		checkLevel(f, key+".reversibility", it.Reversibility, len(c.Reversibility), rated)
		if it.RiskID < 0 {
			f.add(key+".risk_id", "must be a risk's ID")
		}
	}
	if len(a.Disclosures) > maxItems {
		f.add("disclosures", "lists more than "+itoa(maxItems)+" disclosures")
	}
	for i, d := range a.Disclosures {
		key := "disclosures." + itoa(i)
		checkText(f, key+".what", d.What, true, maxText)
		checkText(f, key+".audience", d.Audience, true, maxName)
		checkText(f, key+".how", d.How, false, maxName)
	}
	for field, id := range map[string]int64{"assessor_id": a.AssessorID, "reviewer_id": a.ReviewerID, "monitor_id": a.MonitorID} {
		if id < 0 {
			f.add(field, "must be a user ID")
		}
	}
	return f.err()
}

func checkLevel(f fieldErrors, field string, n, levels int, required bool) {
	if n == 0 && !required {
		return
	}
	if n < 1 || n > levels {
		f.add(field, "must be a level from 1 to "+itoa(levels)+" of the criteria's scale")
	}
}

// CheckApproval lists what an assessment needs before it is approved: the
// record must be complete enough to stand as the system's assessment.
func (a ImpactAssessment) CheckApproval(today Date) error {
	f := fieldErrors{}
	for field, v := range map[string]string{"scope": a.Scope, "description": a.Description, "intended_uses": a.IntendedUses,
		"foreseeable_misuse": a.ForeseeableMisuse, "monitoring": a.Monitoring} {
		if strings.TrimSpace(v) == "" {
			f.add(field, "is required before approval")
		}
	}
	harms := 0
	for _, it := range a.Items {
		if it.Kind == ImpactHarm {
			harms++
		}
	}
	if harms == 0 {
		f.add("items", "list at least one harm before approval")
	}
	if a.AssessorID == 0 {
		f.add("assessor_id", "is required before approval")
	}
	if a.NextReview.IsZero() || !a.NextReview.After(today) {
		f.add("next_review", "must be a day after today before approval")
	}
	return f.err()
}

// Classify computes the use from the harms.
func (a ImpactAssessment) Classify(c ImpactCriteria) Use {
	use := UseOrdinary
	for _, it := range a.Items {
		switch c.Classify(it) {
		case UseRestricted:
			return UseRestricted
		case UseSensitive:
			use = UseSensitive
		}
	}
	return use
}

// Harms and Benefits split the items for pages.
func (a ImpactAssessment) Harms() []ImpactItem    { return a.itemsOf(ImpactHarm) }
func (a ImpactAssessment) Benefits() []ImpactItem { return a.itemsOf(ImpactBenefit) }

func (a ImpactAssessment) itemsOf(k ImpactKind) []ImpactItem {
	var out []ImpactItem
	for _, it := range a.Items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

// ReviewOverdue reports whether the next review has passed.
func (a ImpactAssessment) ReviewOverdue(today Date) bool {
	return !a.NextReview.IsZero() && a.NextReview.Before(today)
}

// ImpactFilter narrows the assessments list.
type ImpactFilter struct {
	ListParams
	AISystemID int64
	State      ImpactState
	Use        Use
	Archived   bool
}

// ImpactSorts are the columns the list sorts by.
var ImpactSorts = []string{"ref", "title", "state", "next_review", "updated_at"}

// Uses lists the uses.
var Uses = []Use{UseOrdinary, UseSensitive, UseRestricted}

// Validate checks the filter.
func (f ImpactFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ImpactSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.State != "" && !f.State.Valid() {
		errs.add("state", "must be one of: "+joinEnum(ImpactStates))
	}
	if f.Use != "" && !contains(Uses, f.Use) {
		errs.add("use", "must be one of: "+joinEnum(Uses))
	}
	return errs.err()
}

// ImpactStep is a workflow step as a client sends it: the version read
// and, to return a draft, the note saying why.
type ImpactStep struct {
	Version int    `json:"version"`
	Note    string `json:"note,omitempty"`
}

// FRIA is the EU AI Act's fundamental-rights impact assessment (Art. 27)
// as produced from an impact assessment: each element names the record's
// fields it comes from.
type FRIA struct {
	Process         string       // (a) the deployer's processes the system is used in
	PeriodFrequency string       // (b) period and frequency of use
	Categories      string       // (c) categories of people and groups likely affected
	Parties         []Link       // (c) the interested parties recorded
	Risks           []ImpactItem // (d) specific risks of harm to those categories
	Oversight       string       // (e) human oversight measures
	Response        string       // (f) measures if the risks materialise
	Disclosures     []ImpactDisclosure
}

// FRIA maps the record's fields to the elements of Art. 27(1).
func (a ImpactAssessment) FRIA() FRIA {
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, "\n\n")
	}
	process := a.DeployerProcess
	if strings.TrimSpace(process) == "" {
		process = a.IntendedUses
	}
	risks := a.Harms()
	var measures []string
	for _, it := range risks {
		if strings.TrimSpace(it.Measures) != "" {
			measures = append(measures, "- "+it.Description+": "+it.Measures)
		}
	}
	return FRIA{
		Process:         process,
		PeriodFrequency: join(a.PeriodOfUse),
		Categories:      a.AffectedPeople,
		Parties:         a.Parties,
		Risks:           risks,
		Oversight:       a.HumanOversight,
		Response:        join(a.ResponseMeasures, strings.Join(measures, "\n")),
		Disclosures:     a.Disclosures,
	}
}

// NeedsFRIA reports whether an AI system's EU AI Act classification makes
// every deployer assess its impact on fundamental rights: credit scoring
// and life and health insurance pricing (Annex III 5(b), 5(c)). Public
// bodies and providers of public services need one for more points; the
// page says so.
func NeedsFRIA(c *Classification) bool {
	return c != nil && (c.AnnexIII == "annex3.5.b" || c.AnnexIII == "annex3.5.c")
}
