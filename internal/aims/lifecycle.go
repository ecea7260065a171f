package aims

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Life-cycle records (Annex A.6): per AI system, the records the life-cycle
// controls ask for, with their results as rows (criteria of a verification,
// readings of the monitoring), not prose. A stage gate, configured per
// organization, names the records a system needs before it may enter a
// stage.

// LifecycleKind is which A.6 control a life-cycle record answers.
type LifecycleKind string

// The kinds of life-cycle record.
const (
	KindRequirements  LifecycleKind = "requirements"            // A.6.2.2
	KindDesign        LifecycleKind = "design"                  // A.6.2.3
	KindVerification  LifecycleKind = "verification"            // A.6.2.4
	KindDeployment    LifecycleKind = "deployment"              // A.6.2.5
	KindOperation     LifecycleKind = "operation"               // A.6.2.6
	KindDocumentation LifecycleKind = "technical-documentation" // A.6.2.7
	KindEventLog      LifecycleKind = "event-log"               // A.6.2.8
)

// LifecycleKinds lists the kinds in life-cycle order.
var LifecycleKinds = []LifecycleKind{KindRequirements, KindDesign, KindVerification, KindDeployment, KindOperation, KindDocumentation, KindEventLog}

// Valid reports whether k is a known kind.
func (k LifecycleKind) Valid() bool { return contains(LifecycleKinds, k) }

// Label names the kind for people.
func (k LifecycleKind) Label() string {
	switch k {
	case KindRequirements:
		return "Requirements and specification"
	case KindDesign:
		return "Design and development"
	case KindVerification:
		return "Verification and validation"
	case KindDeployment:
		return "Deployment plan and approval"
	case KindOperation:
		return "Operation and monitoring"
	case KindDocumentation:
		return "Technical documentation"
	case KindEventLog:
		return "Event logs"
	}
	return string(k)
}

// Control is the Annex A control the kind of record answers.
func (k LifecycleKind) Control() string {
	switch k {
	case KindRequirements:
		return "A.6.2.2"
	case KindDesign:
		return "A.6.2.3"
	case KindVerification:
		return "A.6.2.4"
	case KindDeployment:
		return "A.6.2.5"
	case KindOperation:
		return "A.6.2.6"
	case KindDocumentation:
		return "A.6.2.7"
	case KindEventLog:
		return "A.6.2.8"
	}
	return ""
}

// Approvable reports whether records of the kind are approved: the
// requirements and the design are baselined, a verification's results are
// accepted, a deployment is authorised.
func (k LifecycleKind) Approvable() bool {
	return k == KindRequirements || k == KindDesign || k == KindVerification || k == KindDeployment
}

// DocAudience is whom a piece of technical documentation is for (A.6.2.7).
type DocAudience string

// Audiences of technical documentation.
const (
	DocUsers      DocAudience = "users"
	DocOperators  DocAudience = "operators"
	DocRegulators DocAudience = "regulators"
	DocInternal   DocAudience = "internal"
)

// DocAudiences lists them in display order.
var DocAudiences = []DocAudience{DocUsers, DocOperators, DocRegulators, DocInternal}

// Valid reports whether a is a known audience.
func (a DocAudience) Valid() bool { return contains(DocAudiences, a) }

// Label names the audience for people.
func (a DocAudience) Label() string {
	switch a {
	case DocUsers:
		return "Users"
	case DocOperators:
		return "Operators"
	case DocRegulators:
		return "Regulators"
	case DocInternal:
		return "Internal"
	}
	return string(a)
}

// Criterion is one acceptance criterion of a verification and validation
// record with its result: what was required, what was measured, against
// which model version, when and by whom.
type Criterion struct {
	Criterion    string `json:"criterion"`
	Threshold    string `json:"threshold"`
	Measured     string `json:"measured"`
	Passed       bool   `json:"passed"`
	MeasuredOn   Date   `json:"measured_on"`
	MeasuredBy   string `json:"measured_by"`
	ModelVersion string `json:"model_version"`
}

// LifecycleRecord is one life-cycle record of an AI system. The fields a
// kind does not use stay empty.
type LifecycleRecord struct {
	ID         int64         `json:"id"`
	Ref        string        `json:"ref"`
	Version    int           `json:"version"`
	SystemID   int64         `json:"ai_system_id"`
	SystemRef  string        `json:"ai_system_ref"`
	SystemName string        `json:"ai_system_name"`
	Kind       LifecycleKind `json:"kind"`
	Title      string        `json:"title"`
	Summary    string        `json:"summary"`
	AuthorID   int64         `json:"author_id"` // who prepared it; never its approver
	AuthorName string        `json:"author_name"`
	// ModelVersion is the model or system version the record is about
	// (verification, deployment, monitoring).
	ModelVersion string `json:"model_version"`
	DocumentID   int64  `json:"document_id"` // a controlled document (documents)
	DocumentRef  string `json:"document_ref"`
	EvidenceID   int64  `json:"evidence_id"` // or a piece of evidence
	EvidenceRef  string `json:"evidence_ref"`
	// Technical documentation: for whom.
	Audience DocAudience `json:"audience"`
	// Verification: the acceptance criteria and their results.
	Criteria []Criterion `json:"criteria"`
	// Verification and deployment: the approval, by someone other than the
	// author, with its conditions.
	ApprovedByID   int64  `json:"approved_by_id"`
	ApprovedByName string `json:"approved_by_name"`
	ApprovedOn     Date   `json:"approved_on"`
	Conditions     string `json:"conditions"`
	// EditorIDs are who wrote the content: the author and every later
	// editor. None of them may approve it. Read-only.
	EditorIDs []int64 `json:"editor_ids"`
	// Operation and monitoring: how often readings are due; the last
	// reading and the next one due are kept from the readings.
	ReadingMonths int  `json:"reading_months"`
	LastReading   Date `json:"last_reading"`
	NextReading   Date `json:"next_reading"`
	// Event logs: what is logged, where, how long it is kept, and the
	// period an obligation requires (EU AI Act Art. 19 and 26: at least six
	// months).
	Logged          string    `json:"logged"`
	Location        string    `json:"location"`
	RetentionMonths int       `json:"retention_months"`
	RequiredMonths  int       `json:"required_months"`
	Obligation      string    `json:"obligation"`
	Archived        bool      `json:"archived"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Approved reports whether the record carries an approval.
func (r LifecycleRecord) Approved() bool { return r.ApprovedByID != 0 && !r.ApprovedOn.IsZero() }

// AllPass reports whether a verification has criteria and every one passed.
func (r LifecycleRecord) AllPass() bool {
	if len(r.Criteria) == 0 {
		return false
	}
	for _, c := range r.Criteria {
		if !c.Passed {
			return false
		}
	}
	return true
}

// Failed counts the criteria that did not pass.
func (r LifecycleRecord) Failed() int {
	n := 0
	for _, c := range r.Criteria {
		if !c.Passed {
			n++
		}
	}
	return n
}

// RetentionMeets reports whether an event log is kept at least as long as
// its obligation requires.
func (r LifecycleRecord) RetentionMeets() bool { return r.RetentionMonths >= r.RequiredMonths }

// ReadingOverdue reports whether a monitoring reading is past due.
func (r LifecycleRecord) ReadingOverdue(today Date) bool {
	return !r.Archived && !r.NextReading.IsZero() && r.NextReading.Before(today)
}

// Limits of the life-cycle record's fields.
const (
	maxCriteria       = 200
	maxRetentionMonth = 1200
)

// Normalize trims the text, empties the fields the kind does not use and
// works out the next reading due from the last (or from created, the day
// the record was made).
func (r *LifecycleRecord) Normalize(created Date) {
	r.Title, r.ModelVersion = strings.TrimSpace(r.Title), strings.TrimSpace(r.ModelVersion)
	r.Logged, r.Location, r.Obligation = strings.TrimSpace(r.Logged), strings.TrimSpace(r.Location), strings.TrimSpace(r.Obligation)
	if r.Criteria == nil || r.Kind != KindVerification {
		r.Criteria = []Criterion{}
	}
	for i := range r.Criteria {
		c := &r.Criteria[i]
		c.Criterion, c.Threshold, c.Measured = strings.TrimSpace(c.Criterion), strings.TrimSpace(c.Threshold), strings.TrimSpace(c.Measured)
		c.MeasuredBy, c.ModelVersion = strings.TrimSpace(c.MeasuredBy), strings.TrimSpace(c.ModelVersion)
		if c.ModelVersion == "" {
			c.ModelVersion = r.ModelVersion
		}
	}
	if r.Kind != KindDocumentation {
		r.Audience = ""
	}
	if r.Kind != KindOperation {
		r.ReadingMonths, r.LastReading, r.NextReading = 0, Date{}, Date{}
	} else {
		base := r.LastReading
		if base.IsZero() {
			base = created
		}
		r.NextReading = Date{}
		if r.ReadingMonths > 0 {
			r.NextReading = base.AddMonths(r.ReadingMonths)
		}
	}
	if r.Kind != KindEventLog {
		r.Logged, r.Location, r.Obligation, r.RetentionMonths, r.RequiredMonths = "", "", "", 0, 0
	}
	if !r.Kind.Approvable() {
		r.ApprovedByID, r.ApprovedByName, r.ApprovedOn, r.Conditions = 0, "", Date{}, ""
	}
}

// Validate checks a record as a client sent it. The approval is not
// entered here: it is its own step (Approve).
func (r LifecycleRecord) Validate() error {
	f := fieldErrors{}
	if r.SystemID <= 0 {
		f.add("ai_system_id", "is required")
	}
	if !r.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(LifecycleKinds))
	}
	checkText(f, "title", r.Title, true, maxName)
	checkText(f, "summary", r.Summary, false, maxText)
	checkText(f, "model_version", r.ModelVersion, false, maxName)
	checkText(f, "conditions", r.Conditions, false, maxText)
	if r.AuthorID < 0 {
		f.add("author_id", "must be a user ID")
	}
	if r.DocumentID < 0 {
		f.add("document_id", "must be a document ID")
	}
	if r.EvidenceID < 0 {
		f.add("evidence_id", "must be an evidence ID")
	}
	switch r.Kind {
	case KindDocumentation:
		if !r.Audience.Valid() {
			f.add("audience", "must be one of: "+joinEnum(DocAudiences))
		}
		if r.DocumentID == 0 && r.EvidenceID == 0 {
			f.add("document_id", "link the controlled document or the evidence that holds the documentation")
		}
	case KindVerification:
		if len(r.Criteria) > maxCriteria {
			f.add("criteria", "at most "+itoa(maxCriteria)+" criteria")
		}
		for i, c := range r.Criteria {
			key := "criteria." + itoa(i)
			checkText(f, key+".criterion", c.Criterion, true, maxName)
			checkText(f, key+".threshold", c.Threshold, true, maxName)
			checkText(f, key+".measured", c.Measured, false, maxName)
			checkText(f, key+".measured_by", c.MeasuredBy, false, maxName)
			checkText(f, key+".model_version", c.ModelVersion, false, maxName)
			if c.Measured != "" && (c.MeasuredOn.IsZero() || c.MeasuredBy == "") {
				f.add(key+".measured_on", "a result needs the day it was measured and by whom")
			}
			if c.Passed && c.Measured == "" {
				f.add(key+".passed", "a criterion passes only on a measured result")
			}
		}
	case KindOperation:
		if r.ReadingMonths < 1 || r.ReadingMonths > 24 {
			f.add("reading_months", "give how often readings are due, 1 to 24 months")
		}
	case KindEventLog:
		checkText(f, "logged", r.Logged, true, maxText)
		checkText(f, "location", r.Location, true, maxName)
		checkText(f, "obligation", r.Obligation, false, maxName)
		if r.RetentionMonths < 1 || r.RetentionMonths > maxRetentionMonth {
			f.add("retention_months", "must be between 1 and "+itoa(maxRetentionMonth)+" months")
		}
		if r.RequiredMonths < 0 || r.RequiredMonths > maxRetentionMonth {
			f.add("required_months", "must be between 0 and "+itoa(maxRetentionMonth)+" months")
		}
	}
	return f.err()
}

// LifecycleApproval approves a verification (its results are accepted) or
// a deployment (it is authorised), by the person acting, at the version
// they read.
type LifecycleApproval struct {
	Version    int    `json:"version"`
	ApprovedOn Date   `json:"approved_on"`
	Conditions string `json:"conditions"`
}

// CheckApproval says why a record cannot be approved by approver, if it
// cannot: only requirements, design, verifications and deployments are
// approved, never by their author, a verification only when it has criteria
// and all of them pass.
func (r LifecycleRecord) CheckApproval(approver int64, a LifecycleApproval) error {
	f := fieldErrors{}
	switch {
	case !r.Kind.Approvable():
		f.add("kind", "only requirements, design, verification and deployment records are approved")
	case r.AuthorID == approver:
		f.add("approved_by_id", "the author of a record cannot approve it")
	case slices.Contains(r.EditorIDs, approver):
		f.add("approved_by_id", "you edited this record, so someone else must approve it")
	case r.Kind == KindVerification && !r.AllPass():
		f.add("criteria", "a verification is approved only when it has criteria and every one passed")
	}
	if a.ApprovedOn.IsZero() {
		f.add("approved_on", "give the day of the approval")
	}
	checkText(f, "conditions", a.Conditions, r.Kind == KindDeployment, maxText)
	return f.err()
}

// Reading is one dated result of the monitoring of an AI system in
// operation: a metric's value against its threshold.
type Reading struct {
	ID             int64     `json:"id"`
	RecordID       int64     `json:"record_id"`
	ReadOn         Date      `json:"read_on"`
	Metric         string    `json:"metric"`
	Value          float64   `json:"value"`
	Threshold      string    `json:"threshold"`
	OK             bool      `json:"ok"`
	Note           string    `json:"note"`
	RecordedByID   int64     `json:"recorded_by_id"`
	RecordedByName string    `json:"recorded_by_name"`
	CreatedAt      time.Time `json:"created_at"`
	Version        int       `json:"version"` // the record's version the writer read
}

// Validate checks a reading. One outside its threshold must say what was
// done about it.
func (r Reading) Validate() error {
	f := fieldErrors{}
	if r.ReadOn.IsZero() {
		f.add("read_on", "give the day of the reading")
	}
	checkText(f, "metric", r.Metric, true, maxName)
	checkText(f, "threshold", r.Threshold, true, maxName)
	checkText(f, "note", r.Note, !r.OK, maxText)
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		f.add("value", "must be a number")
	}
	return f.err()
}

// LifecycleFilter narrows the register's list.
type LifecycleFilter struct {
	ListParams
	SystemID int64
	Kind     LifecycleKind
	Archived bool
}

// LifecycleSorts are the columns the list can be sorted by.
var LifecycleSorts = []string{"ref", "title", "kind", "updated_at"}

// Validate checks the filter.
func (f LifecycleFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(LifecycleSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(LifecycleKinds))
	}
	if f.SystemID < 0 {
		errs.add("ai_system_id", "must be an AI system ID")
	}
	return errs.err()
}

// GateRequirement is one record a stage gate can require.
type GateRequirement string

// The requirements a gate can name.
const (
	GateRequirements  GateRequirement = "requirements"
	GateDesign        GateRequirement = "design"
	GateVerification  GateRequirement = "verification-passed"
	GateDeployment    GateRequirement = "deployment-approved"
	GateMonitoring    GateRequirement = "monitoring"
	GateDocUsers      GateRequirement = "documentation-users"
	GateDocOperators  GateRequirement = "documentation-operators"
	GateDocRegulators GateRequirement = "documentation-regulators"
	GateDocInternal   GateRequirement = "documentation-internal"
	GateEventLog      GateRequirement = "event-log"
	// Not life-cycle records: what the risk and impact registers show.
	GateImpact GateRequirement = "impact-approved"
	GateRisks  GateRequirement = "risks-treated"
)

// GateRequirementsAll lists every requirement a gate can name.
var GateRequirementsAll = []GateRequirement{GateRequirements, GateDesign, GateVerification, GateDeployment, GateMonitoring,
	GateDocUsers, GateDocOperators, GateDocRegulators, GateDocInternal, GateEventLog, GateImpact, GateRisks}

// Valid reports whether g is a known requirement.
func (g GateRequirement) Valid() bool { return contains(GateRequirementsAll, g) }

// Label says what the requirement asks for.
func (g GateRequirement) Label() string {
	switch g {
	case GateRequirements:
		return "An approved requirements and specification record (A.6.2.2)"
	case GateDesign:
		return "An approved design and development record (A.6.2.3)"
	case GateVerification:
		return "An approved verification and validation with every criterion passed (A.6.2.4)"
	case GateDeployment:
		return "An approved deployment plan (A.6.2.5)"
	case GateMonitoring:
		return "An operation and monitoring record (A.6.2.6)"
	case GateDocUsers:
		return "Technical documentation for users (A.6.2.7)"
	case GateDocOperators:
		return "Technical documentation for operators (A.6.2.7)"
	case GateDocRegulators:
		return "Technical documentation for regulators (A.6.2.7)"
	case GateDocInternal:
		return "Internal technical documentation (A.6.2.7)"
	case GateEventLog:
		return "An event-log record whose retention meets its obligation (A.6.2.8)"
	case GateImpact:
		return "A current approved impact assessment (6.1.4, A.5.2)"
	case GateRisks:
		return "A risk assessment from the last 12 months, every risk above the threshold treated with its residual risk accepted and its controls in place (6.1.2, 6.1.3)"
	}
	return string(g)
}

// Kind is the record kind that meets the requirement; none for what the
// risk and impact registers show.
func (g GateRequirement) Kind() LifecycleKind {
	switch g {
	case GateRequirements:
		return KindRequirements
	case GateDesign:
		return KindDesign
	case GateVerification:
		return KindVerification
	case GateDeployment:
		return KindDeployment
	case GateMonitoring:
		return KindOperation
	case GateDocUsers, GateDocOperators, GateDocRegulators, GateDocInternal:
		return KindDocumentation
	case GateEventLog:
		return KindEventLog
	}
	return ""
}

// Met reports whether one live record meets the requirement.
func (g GateRequirement) Met(r LifecycleRecord) bool {
	if r.Archived || r.Kind != g.Kind() {
		return false
	}
	switch g {
	case GateRequirements, GateDesign, GateDeployment:
		return r.Approved()
	case GateVerification:
		return r.Approved() && r.AllPass()
	case GateDocUsers:
		return r.Audience == DocUsers
	case GateDocOperators:
		return r.Audience == DocOperators
	case GateDocRegulators:
		return r.Audience == DocRegulators
	case GateDocInternal:
		return r.Audience == DocInternal
	case GateEventLog:
		return r.RetentionMeets()
	}
	return true
}

// GateRule is what one stage requires before a system may enter it.
type GateRule struct {
	Stage    Lifecycle         `json:"stage"`
	Requires []GateRequirement `json:"requires"`
}

// GatePolicy is an organization's stage gate: for each gated stage, the
// records required before an AI system may enter it.
type GatePolicy struct {
	Version   int        `json:"version"`
	Rules     []GateRule `json:"rules"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// DefaultGatePolicy is the gate an organization has until it sets its own:
// deployment, and operation (a system may not skip deployment's gate),
// need an approved verification with every criterion passed, an approved
// deployment, technical documentation for users and an event-log record.
func DefaultGatePolicy() GatePolicy {
	req := []GateRequirement{GateVerification, GateDeployment, GateDocUsers, GateEventLog}
	return GatePolicy{Rules: []GateRule{
		{Stage: StageDeployment, Requires: req},
		{Stage: StageOperation, Requires: append([]GateRequirement{}, req...)},
	}}
}

// Normalize orders the rules by stage and their requirements as listed,
// and drops empty rules, so that equal policies compare equal.
func (p *GatePolicy) Normalize() {
	var rules []GateRule
	for _, stage := range Lifecycles {
		for _, r := range p.Rules {
			if r.Stage != stage {
				continue
			}
			var req []GateRequirement
			for _, g := range GateRequirementsAll {
				if contains(r.Requires, g) {
					req = append(req, g)
				}
			}
			if len(req) > 0 {
				rules = append(rules, GateRule{Stage: stage, Requires: req})
			}
			break
		}
	}
	if rules == nil {
		rules = []GateRule{}
	}
	p.Rules = rules
}

// Validate checks a policy as a client sent it.
func (p GatePolicy) Validate() error {
	f := fieldErrors{}
	seen := map[Lifecycle]bool{}
	for i, r := range p.Rules {
		key := "rules." + itoa(i)
		if !r.Stage.Valid() {
			f.add(key+".stage", "must be one of: "+joinEnum(Lifecycles))
		} else if seen[r.Stage] {
			f.add(key+".stage", "names "+string(r.Stage)+" twice")
		}
		seen[r.Stage] = true
		for _, g := range r.Requires {
			if !g.Valid() {
				f.add(key+".requires", "each must be one of: "+joinEnum(GateRequirementsAll))
			}
		}
	}
	return f.err()
}

// Requires lists what the policy requires for stage.
func (p GatePolicy) Requires(stage Lifecycle) []GateRequirement {
	for _, r := range p.Rules {
		if r.Stage == stage {
			return r.Requires
		}
	}
	return nil
}

// Needs is what a system needs to be in stage: the requirements of that
// stage and of every gated stage before it, so that no stage after a gate
// (re-evaluation after operation, say) is a way round it. Retirement needs
// only its own: ending a system is never held back by records it lacks.
func (p GatePolicy) Needs(stage Lifecycle) []GateRequirement {
	if stage == StageRetirement {
		return p.Requires(stage)
	}
	var out []GateRequirement
	for _, s := range Lifecycles {
		for _, g := range p.Requires(s) {
			if !contains(out, g) {
				out = append(out, g)
			}
		}
		if s == stage {
			break
		}
	}
	return out
}

// GateGap is one record a system lacks to enter a stage.
type GateGap struct {
	Stage       Lifecycle       `json:"stage"`
	Requirement GateRequirement `json:"requirement"`
	Message     string          `json:"message"`
}

// GateGaps lists what a system with these records lacks to enter stage
// under the policy: one gap per requirement no live record meets. unmet
// gives, for a requirement that is not a record (GateImpact, GateRisks),
// why the registers do not meet it; it is met when absent.
func GateGaps(p GatePolicy, stage Lifecycle, records []LifecycleRecord, unmet map[GateRequirement]string) []GateGap {
	gaps := []GateGap{}
	for _, g := range p.Needs(stage) {
		if g.Kind() == "" {
			if why, ok := unmet[g]; ok {
				gaps = append(gaps, GateGap{Stage: stage, Requirement: g, Message: "missing: " + g.Label() + ": " + why})
			}
			continue
		}
		met := false
		for _, r := range records {
			if g.Met(r) {
				met = true
				break
			}
		}
		if !met {
			gaps = append(gaps, GateGap{Stage: stage, Requirement: g, Message: "missing: " + g.Label()})
		}
	}
	return gaps
}

// GateRefusal is the validation error of a stage move the gate refuses:
// one message per missing record, under lifecycle and gate.<requirement>.
func GateRefusal(stage Lifecycle, gaps []GateGap) error {
	f := fieldErrors{}
	msgs := make([]string, len(gaps))
	for i, g := range gaps {
		msgs[i] = g.Requirement.Label()
		f.add("gate."+string(g.Requirement), g.Message)
	}
	f["lifecycle"] = "cannot enter " + stage.Label() + " without: " + strings.Join(msgs, "; ")
	return f.err()
}

// GateOverride is a stage move past the gate by an allowed person (an
// admin, or a manager designated for AI risk management), with the reason
// and the gaps it was made over.
type GateOverride struct {
	ID         int64     `json:"id"`
	SystemID   int64     `json:"ai_system_id"`
	FromStage  Lifecycle `json:"from_stage"`
	Stage      Lifecycle `json:"stage"`
	Reason     string    `json:"reason"`
	Missing    []string  `json:"missing"`
	ByID       int64     `json:"by_id"`
	ByName     string    `json:"by_name"`
	Designated string    `json:"designation"` // the designation a manager's override rests on
	At         time.Time `json:"at"`
	Version    int       `json:"version"` // the AI system's version the writer read
}

// Validate checks an override request.
func (o GateOverride) Validate() error {
	f := fieldErrors{}
	if !o.Stage.Valid() {
		f.add("stage", "must be one of: "+joinEnum(Lifecycles))
	}
	checkText(f, "reason", o.Reason, true, maxText)
	if strings.TrimSpace(o.Reason) != "" && len([]rune(strings.TrimSpace(o.Reason))) < 20 {
		f.add("reason", "explain the override in a sentence (20 characters at least)")
	}
	return f.err()
}

// Evidence attaches to life-cycle records (test reports, monitoring
// dashboards exports); added here so the shared list stays untouched.
func init() { AttachableRegisters = append(AttachableRegisters, RegisterLifecycleRecords) }
