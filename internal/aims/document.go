package aims

import (
	"regexp"
	"strings"
	"time"
)

// DocKind says what a controlled document is, so that rules can check that
// each document the standard asks for exists and is approved (7.5.1).
type DocKind string

// Document kinds.
const (
	KindAIPolicy             DocKind = "ai-policy"
	KindScope                DocKind = "aims-scope"
	KindRiskAssessment       DocKind = "risk-assessment-process"
	KindRiskTreatment        DocKind = "risk-treatment-process"
	KindImpactAssessment     DocKind = "impact-assessment-process"
	KindAuditProgramme       DocKind = "internal-audit-programme"
	KindManagementReview     DocKind = "management-review-procedure"
	KindDocumentControl      DocKind = "document-control-procedure"
	KindCompetence           DocKind = "competence-procedure"
	KindCommunication        DocKind = "communication-plan"
	KindIncident             DocKind = "incident-procedure"
	KindChange               DocKind = "change-procedure"
	KindSupplier             DocKind = "supplier-procedure"
	KindOtherPolicy          DocKind = "other-policy"
	KindOtherProcedure       DocKind = "other-procedure"
	KindPlan                 DocKind = "plan"
	KindRecord               DocKind = "record"
	KindExternal             DocKind = "external"
	maxDocContent                    = 200_000 // bytes of Markdown in one version
	defaultDocReviewInterval         = 12
)

// DocKinds lists the kinds in display order.
var DocKinds = []DocKind{KindAIPolicy, KindScope, KindRiskAssessment, KindRiskTreatment, KindImpactAssessment,
	KindAuditProgramme, KindManagementReview, KindDocumentControl, KindCompetence, KindCommunication, KindIncident,
	KindChange, KindSupplier, KindOtherPolicy, KindOtherProcedure, KindPlan, KindRecord, KindExternal}

// Valid reports whether k is a known kind.
func (k DocKind) Valid() bool { return contains(DocKinds, k) }

// Label names the kind for people, with the clause it serves.
func (k DocKind) Label() string {
	switch k {
	case KindAIPolicy:
		return "AI policy (5.2)"
	case KindScope:
		return "AIMS scope (4.3)"
	case KindRiskAssessment:
		return "AI risk assessment process (6.1.2)"
	case KindRiskTreatment:
		return "AI risk treatment process (6.1.3)"
	case KindImpactAssessment:
		return "AI system impact assessment process (6.1.4)"
	case KindAuditProgramme:
		return "Internal audit programme (9.2.2)"
	case KindManagementReview:
		return "Management review procedure (9.3)"
	case KindDocumentControl:
		return "Document control procedure (7.5)"
	case KindCompetence:
		return "Competence procedure (7.2)"
	case KindCommunication:
		return "Communication plan (7.4)"
	case KindIncident:
		return "Incident procedure"
	case KindChange:
		return "Change procedure"
	case KindSupplier:
		return "Supplier procedure"
	case KindOtherPolicy:
		return "Other policy"
	case KindOtherProcedure:
		return "Other procedure"
	case KindPlan:
		return "Plan"
	case KindRecord:
		return "Record"
	case KindExternal:
		return "Document of external origin"
	}
	return string(k)
}

// Approval is the reserved approval a version of this kind needs, or ""
// when any admin or manager may approve it.
func (k DocKind) Approval() Approval {
	switch k {
	case KindAIPolicy:
		return ApproveAIPolicy
	case KindScope:
		return ApproveScope
	}
	return ""
}

// Origin says whether the organization wrote a document or received it
// (a supplier's model card, a regulator's guidance); both are controlled.
type Origin string

// Origins.
const (
	OriginInternal Origin = "internal"
	OriginExternal Origin = "external"
)

// Origins lists them.
var Origins = []Origin{OriginInternal, OriginExternal}

// Valid reports whether o is a known origin.
func (o Origin) Valid() bool { return contains(Origins, o) }

// Label names the origin for people.
func (o Origin) Label() string {
	if o == OriginExternal {
		return "External origin"
	}
	return "Internal"
}

// DocState is where a version stands in its approval: a draft is written,
// submitted for review, approved (then frozen), and superseded by the next
// approved version.
type DocState string

// Version states.
const (
	StateDraft      DocState = "draft"
	StateInReview   DocState = "in-review"
	StateApproved   DocState = "approved"
	StateSuperseded DocState = "superseded"
)

// DocStates lists the states in order.
var DocStates = []DocState{StateDraft, StateInReview, StateApproved, StateSuperseded}

// Valid reports whether s is a known state.
func (s DocState) Valid() bool { return contains(DocStates, s) }

// Label names the state for people.
func (s DocState) Label() string {
	switch s {
	case StateDraft:
		return "Draft"
	case StateInReview:
		return "In review"
	case StateApproved:
		return "Approved"
	case StateSuperseded:
		return "Superseded"
	}
	return string(s)
}

// Open reports whether a version in this state is still being worked on.
// A document has at most one open version.
func (s DocState) Open() bool { return s == StateDraft || s == StateInReview }

// Frozen reports whether a version's text may no longer change.
func (s DocState) Frozen() bool { return s == StateApproved || s == StateSuperseded }

// DocAction is a step of the approval workflow.
type DocAction string

// Workflow steps.
const (
	DocEdit    DocAction = "edit"
	DocSubmit  DocAction = "submit"
	DocReturn  DocAction = "return"
	DocApprove DocAction = "approve"
)

// docMoves says from which state each step starts and where it leads.
var docMoves = map[DocAction][2]DocState{
	DocEdit:    {StateDraft, StateDraft},
	DocSubmit:  {StateDraft, StateInReview},
	DocReturn:  {StateInReview, StateDraft},
	DocApprove: {StateInReview, StateApproved},
}

// Move answers the state a step leads to from state from, or a StateError
// that says why the step is not possible.
func (a DocAction) Move(from DocState) (DocState, error) {
	m, ok := docMoves[a]
	if !ok {
		return from, &StateError{Msg: "unknown step " + string(a)}
	}
	if from != m[0] {
		return from, &StateError{Msg: "the version is " + strings.ToLower(from.Label()) + "; only a version " +
			strings.ToLower(m[0].Label()) + " can be " + a.past()}
	}
	return m[1], nil
}

func (a DocAction) past() string {
	switch a {
	case DocEdit:
		return "edited"
	case DocSubmit:
		return "submitted for review"
	case DocReturn:
		return "returned to draft"
	}
	return "approved"
}

// StateError refuses a step that the record's state does not allow: a
// conflict (409), with a message that says which state it is in.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

// Is makes a StateError a conflict for errors.Is.
func (e *StateError) Is(target error) bool { return target == ErrConflict }

// Commitment is one thing the AI policy commits to (5.2, paraphrased), or
// that it records (A.2.3). A version of the AI policy says which of them
// its text covers; it is approved only when it covers all.
type Commitment struct {
	Key, Label string
}

// PolicyCommitments are our paraphrases of what clause 5.2 asks of an AI
// policy, and Annex A.2.3.
var PolicyCommitments = []Commitment{
	{"purpose", "Fits the organization's purpose and the way it develops, provides or uses AI (5.2 a)"},
	{"objectives", "Gives a framework within which AI objectives are set (5.2 b)"},
	{"requirements", "Commits to meeting the requirements that apply to the organization (5.2 c)"},
	{"improvement", "Commits to continually improving the AI management system (5.2 d)"},
	{"other-policies", "Says how it relates to the organization's other policies (A.2.3)"},
}

// CommitmentKeys lists the keys of PolicyCommitments.
func CommitmentKeys() []string {
	out := make([]string, len(PolicyCommitments))
	for i, c := range PolicyCommitments {
		out[i] = c.Key
	}
	return out
}

// Document is a controlled document: a policy, procedure, plan or record,
// or one of external origin, with its versions and their approvals (7.5).
// The state, numbers and dates of its versions are kept on it by the
// workflow, so the list can filter and sort by them.
type Document struct {
	ID                   int64    `json:"id"`
	Ref                  string   `json:"ref"`
	Version              int      `json:"version"`
	Title                string   `json:"title"`
	Kind                 DocKind  `json:"kind"`
	Origin               Origin   `json:"origin"`
	Issuer               string   `json:"issuer"`       // external: who issued it
	ExternalRef          string   `json:"external_ref"` // external: their reference or version
	OwnerID              int64    `json:"owner_id"`
	OwnerName            string   `json:"owner_name"`
	ReviewIntervalMonths int      `json:"review_interval_months"`
	RelatedPolicies      string   `json:"related_policies"` // A.2.3, for the AI policy
	State                DocState `json:"state"`            // of the latest version
	CurrentNumber        int      `json:"current_number"`   // the latest version
	ApprovedNumber       int      `json:"approved_number"`  // the version in force, 0 if none
	// LegalHold, when set, is why no version may be disposed of: a dispute,
	// an investigation, a regulator's request. Set with its own action.
	LegalHold  string    `json:"legal_hold"`
	ApprovedOn Date      `json:"approved_on"`
	NextReview Date      `json:"next_review"`
	Archived   bool      `json:"archived"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Normalize trims text, fills defaults and derives the next review from
// the last approval.
func (d *Document) Normalize() {
	d.Title, d.Issuer, d.ExternalRef = strings.TrimSpace(d.Title), strings.TrimSpace(d.Issuer), strings.TrimSpace(d.ExternalRef)
	if d.Origin == "" {
		d.Origin = OriginInternal
		if d.Kind == KindExternal {
			d.Origin = OriginExternal
		}
	}
	if d.ReviewIntervalMonths == 0 {
		d.ReviewIntervalMonths = defaultDocReviewInterval
	}
	d.NextReview = d.ApprovedOn.AddMonths(d.ReviewIntervalMonths)
}

// Validate checks a document's own fields as a client sent them.
func (d Document) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", d.Title, true, maxName)
	if !d.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(DocKinds))
	}
	if !d.Origin.Valid() {
		f.add("origin", "must be one of: "+joinEnum(Origins))
	}
	checkText(f, "issuer", d.Issuer, d.Origin == OriginExternal, maxName)
	checkText(f, "external_ref", d.ExternalRef, false, maxName)
	if d.Origin == OriginInternal && d.Issuer != "" {
		f.add("issuer", "is only for documents of external origin")
	}
	checkText(f, "related_policies", d.RelatedPolicies, false, maxText)
	if d.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if d.ReviewIntervalMonths < 1 || d.ReviewIntervalMonths > 60 {
		f.add("review_interval_months", "must be between 1 and 60")
	}
	return f.err()
}

// ReviewOverdue reports whether the approved version's periodic review is
// past due on today.
func (d Document) ReviewOverdue(today Date) bool {
	return !d.Archived && !d.NextReview.IsZero() && d.NextReview.Before(today)
}

// DocumentVersion is one version of a document's text. Approved and
// superseded versions are frozen: the database refuses changes to them.
type DocumentVersion struct {
	ID            int64      `json:"id"`
	DocumentID    int64      `json:"document_id"`
	Number        int        `json:"number"`
	Version       int        `json:"version"` // of this row, for optimistic locking
	State         DocState   `json:"state"`
	Content       string     `json:"content"` // Markdown
	ChangeSummary string     `json:"change_summary"`
	Commitments   []string   `json:"commitments"` // AI policy: PolicyCommitments keys the text covers
	AuthorID      int64      `json:"author_id"`
	AuthorName    string     `json:"author_name"`
	CreatedAt     time.Time  `json:"created_at"`
	SubmittedAt   *time.Time `json:"submitted_at"`
	ReturnNote    string     `json:"return_note"`
	ApproverID    int64      `json:"approver_id"`
	ApproverName  string     `json:"approver_name"`
	ApprovedAt    *time.Time `json:"approved_at"`
	// The designation a reserved approval rested on (AI policy, scope).
	DesignationRef      string `json:"designation_ref"`
	DesignationPosition string `json:"designation_position"`
	DesignationBody     Body   `json:"designation_body"`
	// A superseded version whose retention ran out may be disposed of: its
	// text goes, this record of it stays.
	DisposedAt *time.Time `json:"disposed_at,omitempty"`
	DisposedBy string     `json:"disposed_by,omitempty"`
	UpdatedAt  time.Time  `json:"updated_at"` // a superseded version's: the day it was superseded
}

// RetentionRule is how long superseded versions of a kind of document are
// kept before they may be disposed of (7.5.3).
type RetentionRule struct {
	Kind   DocKind `json:"kind"`
	Months int     `json:"months"` // 0: kept for ever
}

// Validate checks a rule.
func (r RetentionRule) Validate() error {
	f := fieldErrors{}
	if !r.Kind.Valid() {
		f.add("kind", "must be one of the kinds of document")
	}
	if r.Months < 0 || r.Months > 1200 {
		f.add("months", "must be between 0 (kept for ever) and 1200")
	}
	return f.err()
}

// DisposableOn is the first day a superseded version may be disposed of
// under a retention of months, counted from the day it was superseded;
// zero when it is kept for ever.
func DisposableOn(superseded Date, months int) Date {
	if months <= 0 || superseded.IsZero() {
		return Date{}
	}
	return superseded.AddMonths(months)
}

// Validate checks a draft's text as a client sent it.
func (v DocumentVersion) Validate() error {
	f := fieldErrors{}
	if len(v.Content) > maxDocContent {
		f.add("content", "is too long (at most "+itoa(maxDocContent/1000)+" KB)")
	} else {
		checkText(f, "content", v.Content, false, maxDocContent)
	}
	checkText(f, "change_summary", v.ChangeSummary, false, maxText)
	seen := map[string]bool{}
	for _, c := range v.Commitments {
		if !contains(CommitmentKeys(), c) {
			f.add("commitments", "each must be one of: "+strings.Join(CommitmentKeys(), ", "))
		} else if seen[c] {
			f.add("commitments", "lists "+c+" twice")
		}
		seen[c] = true
	}
	return f.err()
}

// MissingCommitments lists the AI policy commitments a version does not
// yet say it covers.
func (v DocumentVersion) MissingCommitments() []Commitment {
	var out []Commitment
	for _, c := range PolicyCommitments {
		if !contains(v.Commitments, c.Key) {
			out = append(out, c)
		}
	}
	return out
}

// Covers reports whether the version ticks a commitment.
func (v DocumentVersion) Covers(key string) bool { return contains(v.Commitments, key) }

// CheckApproval is the rule an approval of this version keeps beyond the
// approver's authority: an AI policy covers every commitment.
func (v DocumentVersion) CheckApproval(kind DocKind) error {
	if ph := Placeholders(v.Content); len(ph) > 0 {
		return Invalid("content", "the text still holds template placeholders to fill in before approval: "+strings.Join(ph, ", "))
	}
	if kind != KindAIPolicy {
		return nil
	}
	if missing := v.MissingCommitments(); len(missing) > 0 {
		labels := make([]string, len(missing))
		for i, c := range missing {
			labels[i] = c.Label
		}
		return Invalid("commitments", "an AI policy is approved only when its text covers every commitment; missing: "+strings.Join(labels, "; "))
	}
	return nil
}

// NewDocument is a document with its first draft.
type NewDocument struct {
	Document
	Content       string   `json:"content"`
	ChangeSummary string   `json:"change_summary"`
	Commitments   []string `json:"commitments"`
	Template      bool     `json:"template"` // start from the kind's starter template when content is empty
}

// DraftEdit is an edit of a document's draft at the version its editor read.
type DraftEdit struct {
	Version       int      `json:"version"`
	Content       string   `json:"content"`
	ChangeSummary string   `json:"change_summary"`
	Commitments   []string `json:"commitments"`
}

// DocumentStep is a workflow step's request: the version of the open
// version (or, to start a new version, of the document) the person read,
// and for a return the reason.
type DocumentStep struct {
	Version int    `json:"version"`
	Note    string `json:"note"`
}

// DocumentFilter narrows the documents list. Zero values mean "any".
type DocumentFilter struct {
	ListParams
	Kind     DocKind
	Origin   Origin
	OwnerID  int64
	State    DocState
	Overdue  bool
	Archived bool
	Today    Date
}

// DocumentSorts are the columns the list can be sorted by.
var DocumentSorts = []string{"ref", "title", "kind", "state", "next_review", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f DocumentFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(DocumentSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(DocKinds))
	}
	if f.Origin != "" && !f.Origin.Valid() {
		errs.add("origin", "must be one of: "+joinEnum(Origins))
	}
	if f.State != "" && !f.State.Valid() {
		errs.add("state", "must be one of: "+joinEnum(DocStates))
	}
	return errs.err()
}

// placeholder is a starter template's gap, "[role]", "[years]": square
// brackets around words, not a Markdown link ("[text](url)", "[text][ref]",
// "[ref]: url"), an image or a task box ("[ ]", "[x]").
var placeholder = regexp.MustCompile(`(^|[^\]!\\])(\[[^\[\]\n]{2,80}\])([^(\[:]|$)`)

// Placeholders lists the first few template placeholders left in a text.
func Placeholders(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, m := range placeholder.FindAllStringSubmatch(line, -1) {
			if len(out) == 5 {
				return append(out, "…")
			}
			out = append(out, m[2])
		}
	}
	return out
}
