package aims

import (
	"strings"
	"time"
)

// ThirdPartyKind says which side of the organization a third party is on:
// it supplies the organization, receives from it, or works with it.
type ThirdPartyKind string

// Kinds of third party.
const (
	ThirdPartySupplier ThirdPartyKind = "supplier"
	ThirdPartyCustomer ThirdPartyKind = "customer"
	ThirdPartyPartner  ThirdPartyKind = "partner"
)

// ThirdPartyKinds lists the kinds in display order.
var ThirdPartyKinds = []ThirdPartyKind{ThirdPartySupplier, ThirdPartyCustomer, ThirdPartyPartner}

// Valid reports whether k is a known kind.
func (k ThirdPartyKind) Valid() bool { return contains(ThirdPartyKinds, k) }

// Label names the kind for people.
func (k ThirdPartyKind) Label() string {
	switch k {
	case ThirdPartySupplier:
		return "Supplier"
	case ThirdPartyCustomer:
		return "Customer"
	case ThirdPartyPartner:
		return "Partner"
	}
	return string(k)
}

// Supplies reports whether the organization receives something from a
// third party of this kind, so that A.10.3 asks for it to be assessed.
func (k ThirdPartyKind) Supplies() bool { return k == ThirdPartySupplier || k == ThirdPartyPartner }

// Criticality is how much the organization's AI systems depend on a third
// party: it sets how closely the relationship is watched.
type Criticality string

// Criticality levels, lowest first.
const (
	CriticalityLow    Criticality = "low"
	CriticalityMedium Criticality = "medium"
	CriticalityHigh   Criticality = "high"
)

// Criticalities lists the levels in order.
var Criticalities = []Criticality{CriticalityLow, CriticalityMedium, CriticalityHigh}

// Valid reports whether c is a known level.
func (c Criticality) Valid() bool { return contains(Criticalities, c) }

// Label names the level for people.
func (c Criticality) Label() string {
	if c == "" {
		return ""
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// ThirdPartyStatus is where the relationship stands.
type ThirdPartyStatus string

// Relationship states.
const (
	RelationProspective ThirdPartyStatus = "prospective"
	RelationActive      ThirdPartyStatus = "active"
	RelationEnded       ThirdPartyStatus = "ended"
)

// ThirdPartyStatuses lists the states in order.
var ThirdPartyStatuses = []ThirdPartyStatus{RelationProspective, RelationActive, RelationEnded}

// Valid reports whether s is a known state.
func (s ThirdPartyStatus) Valid() bool { return contains(ThirdPartyStatuses, s) }

// Label names the state for people.
func (s ThirdPartyStatus) Label() string {
	switch s {
	case RelationProspective:
		return "Prospective"
	case RelationActive:
		return "Active"
	case RelationEnded:
		return "Ended"
	}
	return string(s)
}

// Activity is a row of the responsibility matrix (A.10.2): a life-cycle
// stage of an AI system (the Lifecycle values) or an activity that runs
// across the stages.
type Activity string

// The cross-cutting activities, beside the life-cycle stages.
const (
	ActivityDataProvision     Activity = "data-provision"
	ActivityHumanOversight    Activity = "human-oversight"
	ActivityMonitoring        Activity = "monitoring"
	ActivityIncidentReporting Activity = "incident-reporting"
	ActivityDocumentation     Activity = "documentation"
)

// Activities lists the matrix's rows in display order: the life-cycle
// stages, then the cross-cutting activities.
var Activities = func() []Activity {
	out := make([]Activity, 0, len(Lifecycles)+5)
	for _, s := range Lifecycles {
		out = append(out, Activity(s))
	}
	return append(out, ActivityDataProvision, ActivityHumanOversight, ActivityMonitoring, ActivityIncidentReporting, ActivityDocumentation)
}()

// Valid reports whether a is a known row of the matrix.
func (a Activity) Valid() bool { return contains(Activities, a) }

// Label names the activity for people.
func (a Activity) Label() string {
	switch a {
	case ActivityDataProvision:
		return "Data provision"
	case ActivityHumanOversight:
		return "Human oversight"
	case ActivityMonitoring:
		return "Monitoring"
	case ActivityIncidentReporting:
		return "Incident reporting"
	case ActivityDocumentation:
		return "Documentation and information"
	}
	return Lifecycle(a).Label()
}

// Share is one party's part in an activity: responsible for it alone,
// sharing it, or none.
type Share string

// Shares of an activity.
const (
	ShareNone        Share = "none"
	ShareShared      Share = "shared"
	ShareResponsible Share = "responsible"
)

// Shares lists the values in display order.
var Shares = []Share{ShareResponsible, ShareShared, ShareNone}

// Valid reports whether s is a known value.
func (s Share) Valid() bool { return contains(Shares, s) }

// Label names the value for people (never by colour alone).
func (s Share) Label() string {
	switch s {
	case ShareResponsible:
		return "Responsible"
	case ShareShared:
		return "Shared"
	case ShareNone:
		return "None"
	}
	return string(s)
}

// Responsibility is one row of a third party's responsibility matrix: who
// does an activity, the organization, the supplier or the customer.
type Responsibility struct {
	Activity     Activity `json:"activity"`
	Organization Share    `json:"organization"`
	Supplier     Share    `json:"supplier"`
	Customer     Share    `json:"customer"`
	Note         string   `json:"note"`
}

// Empty reports whether the row says nothing: nobody has a part and there
// is no note. An empty row is not kept.
func (r Responsibility) Empty() bool {
	return r.Organization == ShareNone && r.Supplier == ShareNone && r.Customer == ShareNone && strings.TrimSpace(r.Note) == ""
}

// NormalizeResponsibilities fills a missing share with none, drops empty
// rows and orders the rest by activity, so that a reordered matrix is no
// change.
func NormalizeResponsibilities(in []Responsibility) []Responsibility {
	out := []Responsibility{}
	for _, r := range in {
		for _, s := range []*Share{&r.Organization, &r.Supplier, &r.Customer} {
			if *s == "" {
				*s = ShareNone
			}
		}
		if !r.Empty() {
			out = append(out, r)
		}
	}
	order := map[Activity]int{}
	for i, a := range Activities {
		order[a] = i
	}
	for i := 1; i < len(out); i++ { // insertion sort: at most a dozen rows
		for j := i; j > 0 && order[out[j].Activity] < order[out[j-1].Activity]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ValidateResponsibilities checks a matrix: known activities, each once,
// and known shares.
func ValidateResponsibilities(in []Responsibility) error {
	f := fieldErrors{}
	seen := map[Activity]bool{}
	for _, r := range in {
		switch {
		case !r.Activity.Valid():
			f.add("responsibilities", "activity "+clip(string(r.Activity))+" is not one of: "+joinEnum(Activities))
		case seen[r.Activity]:
			f.add("responsibilities", "lists activity "+string(r.Activity)+" twice")
		case !r.Organization.Valid() || !r.Supplier.Valid() || !r.Customer.Valid():
			f.add("responsibilities", "each share must be one of: "+joinEnum(Shares))
		}
		seen[r.Activity] = true
		checkText(f, "responsibilities", r.Note, false, maxName*5)
	}
	return f.err()
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}

// CustomerCommitment is one thing the organization owes a customer (A.10.4): an
// expectation it meets and the information it provides for it.
type CustomerCommitment struct {
	Expectation string `json:"expectation"`
	Information string `json:"information"`
}

// AssessmentMethod is how a supplier was assessed (A.10.3).
type AssessmentMethod string

// Assessment methods.
const (
	MethodQuestionnaire     AssessmentMethod = "questionnaire"
	MethodAudit             AssessmentMethod = "audit"
	MethodCertificateReview AssessmentMethod = "certificate-review"
)

// AssessmentMethods lists the methods in display order.
var AssessmentMethods = []AssessmentMethod{MethodQuestionnaire, MethodAudit, MethodCertificateReview}

// Valid reports whether m is a known method.
func (m AssessmentMethod) Valid() bool { return contains(AssessmentMethods, m) }

// Label names the method for people.
func (m AssessmentMethod) Label() string {
	switch m {
	case MethodQuestionnaire:
		return "Questionnaire"
	case MethodAudit:
		return "Audit"
	case MethodCertificateReview:
		return "Certificate review"
	}
	return string(m)
}

// AssessmentResult is the conclusion of a supplier assessment.
type AssessmentResult string

// Assessment results.
const (
	ResultAcceptable           AssessmentResult = "acceptable"
	ResultAcceptableConditions AssessmentResult = "acceptable-with-conditions"
	ResultNotAcceptable        AssessmentResult = "not-acceptable"
)

// AssessmentResults lists the results in display order.
var AssessmentResults = []AssessmentResult{ResultAcceptable, ResultAcceptableConditions, ResultNotAcceptable}

// Valid reports whether r is a known result.
func (r AssessmentResult) Valid() bool { return contains(AssessmentResults, r) }

// Label names the result for people.
func (r AssessmentResult) Label() string {
	switch r {
	case ResultAcceptable:
		return "Acceptable"
	case ResultAcceptableConditions:
		return "Acceptable with conditions"
	case ResultNotAcceptable:
		return "Not acceptable"
	}
	return string(r)
}

// Accepted reports whether the supplier may be used on this result.
func (r AssessmentResult) Accepted() bool {
	return r == ResultAcceptable || r == ResultAcceptableConditions
}

// SupplierAssessment is one dated assessment of a third party (A.10.3): it
// is kept as it was recorded; a later assessment supersedes it.
type SupplierAssessment struct {
	ID         int64            `json:"id"`
	AssessedOn Date             `json:"assessed_on"`
	Method     AssessmentMethod `json:"method"`
	// Certificate names the certificate reviewed ("ISO/IEC 42001, no.
	// 123, issued by …") and CertificateExpires its expiry, for the
	// certificate-review method.
	Certificate        string           `json:"certificate"`
	CertificateExpires Date             `json:"certificate_expires"`
	Result             AssessmentResult `json:"result"`
	Findings           string           `json:"findings"`
	Conditions         string           `json:"conditions"`
	Assessor           string           `json:"assessor"`
	NextDue            Date             `json:"next_due"`
	RecordedBy         string           `json:"recorded_by"` // read only
	CreatedAt          time.Time        `json:"created_at"`  // read only
}

// NewAssessment is an assessment as a client sends it, with the version of
// the third party it was made against.
type NewAssessment struct {
	Version int `json:"version"`
	SupplierAssessment
}

// Validate checks an assessment as a client sent it.
func (a SupplierAssessment) Validate() error {
	f := fieldErrors{}
	if a.AssessedOn.IsZero() {
		f.add("assessed_on", "is required")
	}
	if !a.Method.Valid() {
		f.add("method", "must be one of: "+joinEnum(AssessmentMethods))
	}
	if !a.Result.Valid() {
		f.add("result", "must be one of: "+joinEnum(AssessmentResults))
	}
	checkText(f, "certificate", a.Certificate, a.Method == MethodCertificateReview, maxName)
	if a.Method == MethodCertificateReview && a.CertificateExpires.IsZero() {
		f.add("certificate_expires", "is required for a certificate review")
	}
	checkText(f, "findings", a.Findings, false, maxText)
	checkText(f, "conditions", a.Conditions, a.Result == ResultAcceptableConditions, maxText)
	checkText(f, "assessor", a.Assessor, true, maxName)
	if !a.NextDue.IsZero() && !a.NextDue.After(a.AssessedOn) {
		f.add("next_due", "must be after the assessment")
	}
	return f.err()
}

// ThirdParty is a supplier, customer or partner of the organization in its
// AI work (A.10, 8.1): what it provides or receives, the AI systems it
// concerns, the contract, who answers for the relationship, how the
// responsibilities are split (A.10.2), how it was assessed (A.10.3) and
// what the organization owes it as a customer (A.10.4).
type ThirdParty struct {
	ID      int64          `json:"id"`
	Ref     string         `json:"ref"`
	Version int            `json:"version"`
	Name    string         `json:"name"`
	Kind    ThirdPartyKind `json:"kind"`
	// PartyID links the interested party (4.2) the third party is, if
	// recorded; PartyName is read only.
	PartyID   int64  `json:"party_id"`
	PartyName string `json:"party_name"`
	// Provides is what the third party provides or receives: products,
	// services, data. Components names the AI components involved in free
	// text; itemised components belong to the components register, which
	// links back to the supplier.
	Provides    string  `json:"provides"`
	Components  string  `json:"components"`
	AISystemIDs []int64 `json:"ai_system_ids"`
	// AISystems names the linked systems ("AIS-3 CreditLens"), read only.
	AISystems     []string         `json:"ai_systems"`
	ContractRef   string           `json:"contract_ref"`
	ContractStart Date             `json:"contract_start"`
	ContractEnd   Date             `json:"contract_end"`
	Criticality   Criticality      `json:"criticality"`
	Status        ThirdPartyStatus `json:"status"`
	OwnerID       int64            `json:"owner_id"`
	OwnerName     string           `json:"owner_name"`
	ReviewDate    Date             `json:"review_date"`
	Notes         string           `json:"notes"`
	// Commitments are what the organization owes a customer (A.10.4).
	Commitments []CustomerCommitment `json:"commitments"`
	// Responsibilities is the matrix (A.10.2); it is written through its
	// own form or PUT .../responsibilities, never by an edit of the record.
	Responsibilities []Responsibility `json:"responsibilities"`
	// The latest assessment's result and the next one's date, read only:
	// written when an assessment is recorded.
	LastAssessed   Date                 `json:"last_assessed"`
	LastResult     AssessmentResult     `json:"last_result"`
	NextAssessment Date                 `json:"next_assessment"`
	Assessments    []SupplierAssessment `json:"assessments"` // newest first, read only
	Archived       bool                 `json:"archived"`
	CreatedAt      time.Time            `json:"created_at"`
	UpdatedAt      time.Time            `json:"updated_at"`
}

// Normalize trims the name, fills defaults and puts links and rows in a
// canonical order.
func (t *ThirdParty) Normalize() {
	t.Name = strings.TrimSpace(t.Name)
	if t.Status == "" {
		t.Status = RelationActive
	}
	if t.Criticality == "" {
		t.Criticality = CriticalityMedium
	}
	t.AISystemIDs = canonicalIDs(t.AISystemIDs)
	rows := []CustomerCommitment{}
	for _, c := range t.Commitments {
		if strings.TrimSpace(c.Expectation) != "" || strings.TrimSpace(c.Information) != "" {
			rows = append(rows, c)
		}
	}
	t.Commitments = rows
}

// Validate checks a third party as a client sent it.
func (t ThirdParty) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", t.Name, true, maxName)
	if !t.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(ThirdPartyKinds))
	}
	if !t.Criticality.Valid() {
		f.add("criticality", "must be one of: "+joinEnum(Criticalities))
	}
	if !t.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(ThirdPartyStatuses))
	}
	checkText(f, "provides", t.Provides, false, maxText)
	checkText(f, "components", t.Components, false, maxText)
	checkText(f, "contract_ref", t.ContractRef, false, maxName)
	checkText(f, "notes", t.Notes, false, maxText)
	if !t.ContractStart.IsZero() && !t.ContractEnd.IsZero() && t.ContractEnd.Before(t.ContractStart) {
		f.add("contract_end", "must not be before the contract's start")
	}
	if t.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if t.PartyID < 0 {
		f.add("party_id", "must be an interested party's ID")
	}
	if len(t.AISystemIDs) > maxLinks {
		f.add("ai_system_ids", "lists more than "+itoa(maxLinks)+" records")
	}
	for _, id := range t.AISystemIDs {
		if id <= 0 {
			f.add("ai_system_ids", "must list record IDs")
			break
		}
	}
	if len(t.Commitments) > maxLinks {
		f.add("commitments", "lists more than "+itoa(maxLinks)+" rows")
	}
	for _, c := range t.Commitments {
		checkText(f, "commitments", c.Expectation, true, maxText)
		checkText(f, "commitments", c.Information, false, maxText)
	}
	return f.err()
}

// LinkedSystems pairs the linked AI systems' IDs with their names.
func (t ThirdParty) LinkedSystems() []Linked { return pair(t.AISystemIDs, t.AISystems) }

// ReviewOverdue reports whether the relationship's review is past due.
func (t ThirdParty) ReviewOverdue(today Date) bool {
	return !t.Archived && t.Status != RelationEnded && !t.ReviewDate.IsZero() && t.ReviewDate.Before(today)
}

// AssessmentOverdue reports whether the next assessment is past due.
func (t ThirdParty) AssessmentOverdue(today Date) bool {
	return !t.Archived && t.Status != RelationEnded && !t.NextAssessment.IsZero() && t.NextAssessment.Before(today)
}

// Matrix is the responsibility matrix as a page shows it: every activity,
// with the recorded row or an empty one.
func (t ThirdParty) Matrix() []Responsibility {
	at := map[Activity]Responsibility{}
	for _, r := range t.Responsibilities {
		at[r.Activity] = r
	}
	out := make([]Responsibility, len(Activities))
	for i, a := range Activities {
		r, ok := at[a]
		if !ok {
			r = Responsibility{Activity: a, Organization: ShareNone, Supplier: ShareNone, Customer: ShareNone}
		}
		out[i] = r
	}
	return out
}

// ResponsibilitiesInput is a matrix as a client sends it, with the version
// of the third party it was read from: the matrix is saved whole or not
// at all.
type ResponsibilitiesInput struct {
	Version          int              `json:"version"`
	Responsibilities []Responsibility `json:"responsibilities"`
}

// ThirdPartyFilter narrows the third parties list. Zero values mean "any".
type ThirdPartyFilter struct {
	ListParams
	Kind        ThirdPartyKind
	Status      ThirdPartyStatus
	Criticality Criticality
	AISystemID  int64
	PartyID     int64
	OwnerID     int64
	Archived    bool
	Overdue     bool // review or assessment past due
	Today       Date // the day "overdue" is judged against
}

// ThirdPartySorts are the columns the third parties can be sorted by.
var ThirdPartySorts = []string{"ref", "name", "kind", "criticality", "status", "review_date", "next_assessment", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ThirdPartyFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ThirdPartySorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(ThirdPartyKinds))
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(ThirdPartyStatuses))
	}
	if f.Criticality != "" && !f.Criticality.Valid() {
		errs.add("criticality", "must be one of: "+joinEnum(Criticalities))
	}
	return errs.err()
}
