package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/report"
)

// Third parties (A.10, 8.1): suppliers, customers and partners, the
// responsibility matrix (A.10.2), supplier assessments (A.10.3) and what
// the organization owes customers (A.10.4).

func (s *Server) thirdPartyHandlers() registerHandlers[aims.ThirdParty] {
	return registerHandlers[aims.ThirdParty]{s: s, base: "/third-parties", api: "/api/v1/third-parties", what: "third party",
		get: s.store.ThirdParty, create: s.store.CreateThirdParty, update: s.store.UpdateThirdParty,
		key:     func(v *aims.ThirdParty) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.ThirdParty) bool { return v.Archived },
		parse:   thirdPartyFromForm, form: s.thirdPartyForm}
}

func thirdPartyRef(t aims.ThirdParty) string { return t.Ref }

// thirdPartyFilter reads the third parties' filters from a query string.
func thirdPartyFilter(q url.Values, today aims.Date, limit int) (aims.ThirdPartyFilter, error) {
	qr := newQueryReader(q)
	f := aims.ThirdPartyFilter{
		ListParams:  qr.list(limit),
		Kind:        aims.ThirdPartyKind(qr.str("kind")),
		Status:      aims.ThirdPartyStatus(qr.str("status")),
		Criticality: aims.Criticality(qr.str("criticality")),
		AISystemID:  qr.int64("ai_system_id"),
		PartyID:     qr.int64("party_id"),
		OwnerID:     qr.int64("owner_id"),
		Overdue:     qr.bool("overdue"),
		Archived:    qr.bool("archived"),
		Today:       today,
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// thirdPartyParams are the list's query parameters.
var thirdPartyParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.ThirdPartySorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"kind", "string", "Supplier, customer or partner.", enumStrings(aims.ThirdPartyKinds)},
	queryParam{"status", "string", "State of the relationship.", enumStrings(aims.ThirdPartyStatuses)},
	queryParam{"criticality", "string", "Criticality.", enumStrings(aims.Criticalities)},
	queryParam{"ai_system_id", "integer", "Only third parties involved in this AI system.", nil},
	queryParam{"party_id", "integer", "Only third parties linked to this interested party.", nil},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"overdue", "boolean", "Only relationships whose review or next assessment is past due.", nil},
	queryParam{"archived", "boolean", "List archived third parties instead of active ones.", nil},
)

type thirdPartiesView struct {
	layout
	listNav
	Filter        aims.ThirdPartyFilter
	Page          aims.Page[aims.ThirdParty]
	Members       []aims.Member
	Systems       []aims.AISystem
	Kinds         []aims.ThirdPartyKind
	Statuses      []aims.ThirdPartyStatus
	Criticalities []aims.Criticality
}

func (s *Server) apiThirdParties(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := thirdPartyFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ThirdParties(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) thirdPartiesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := thirdPartyFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ThirdParties(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Third parties"
	if f.Archived {
		title = "Archived third parties"
	}
	v := thirdPartiesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Systems: systems,
		listNav: newListNav("/third-parties", "/api/v1/third-parties.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Kinds:   aims.ThirdPartyKinds, Statuses: aims.ThirdPartyStatuses, Criticalities: aims.Criticalities}
	return s.render(w, r, http.StatusOK, "third_parties", v)
}

func (s *Server) thirdPartiesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := thirdPartyFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "third-parties", report.ThirdPartyColumns, func(fn func(aims.ThirdParty) error) error {
		return s.store.EachThirdParty(r.Context(), p.OrgID, f, fn)
	})
}

type thirdPartyView struct {
	layout
	T                 aims.ThirdParty
	ReviewOverdue     bool
	AssessmentOverdue bool
	Evidence          evidencePanel // certificates, contracts, questionnaires
	History           []historyRow
	Components        []aims.Component // the components that name it (ai_components.third_party_id)
}

func (s *Server) thirdPartyPage(w http.ResponseWriter, r *http.Request) error {
	t, err := lookup(r, s.store.ThirdParty)
	if err != nil {
		return err
	}
	v := thirdPartyView{layout: s.layoutFor(w, r, t.Ref+" "+t.Name), T: t,
		ReviewOverdue: t.ReviewOverdue(s.today()), AssessmentOverdue: t.AssessmentOverdue(s.today())}
	if v.History, err = s.history(r, aims.RegisterThirdParties, t.ID); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	if v.Components, err = s.store.ThirdPartyComponents(r.Context(), p.OrgID, t.ID); err != nil {
		return err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterThirdParties, strconv.FormatInt(t.ID, 10), !t.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "third_party", v)
}

// blankCommitments is how many empty rows the form offers for new
// commitments to a customer.
const blankCommitments = 3

type thirdPartyFormView struct {
	layout
	T             aims.ThirdParty
	New           bool
	Members       []aims.Member
	Systems       []aims.AISystem
	Parties       []aims.Linked
	Kinds         []aims.ThirdPartyKind
	Statuses      []aims.ThirdPartyStatus
	Criticalities []aims.Criticality
	Rows          []aims.CustomerCommitment // the commitments and the blank rows
}

// LinksSystem tells the form's checkboxes which AI systems are linked.
func (v thirdPartyFormView) LinksSystem(id int64) bool { return slices.Contains(v.T.AISystemIDs, id) }

func (s *Server) thirdPartyForm(w http.ResponseWriter, r *http.Request, status int, t aims.ThirdParty, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	parties, err := s.store.PartyNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + t.Ref
	if isNew {
		title = "Record a third party"
	}
	v := thirdPartyFormView{layout: s.layoutFor(w, r, title), T: t, New: isNew, Members: members.Items, Systems: systems, Parties: parties,
		Kinds: aims.ThirdPartyKinds, Statuses: aims.ThirdPartyStatuses, Criticalities: aims.Criticalities}
	v.Rows = append(append(v.Rows, t.Commitments...), make([]aims.CustomerCommitment, blankCommitments)...)
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "third_party_form", v)
}

func (s *Server) newThirdPartyPage(w http.ResponseWriter, r *http.Request) error {
	t := aims.ThirdParty{Kind: aims.ThirdPartySupplier, Status: aims.RelationActive, Criticality: aims.CriticalityMedium}
	// A link from an AI system's page starts the third party linked to it.
	if id, err := strconv.ParseInt(r.URL.Query().Get("ai_system_id"), 10, 64); err == nil {
		t.AISystemIDs = []int64{id}
	}
	return s.thirdPartyForm(w, r, http.StatusOK, t, true, formMessage{})
}

// thirdPartyFromForm reads the record's form. Commitments arrive as
// parallel lists; a row left empty is an unused blank.
func thirdPartyFromForm(r *http.Request) (aims.ThirdParty, error) {
	if err := parseForm(r); err != nil {
		return aims.ThirdParty{}, err
	}
	f := r.PostForm
	errs := map[string]string{}
	t := aims.ThirdParty{Name: f.Get("name"), Kind: aims.ThirdPartyKind(f.Get("kind")), Provides: f.Get("provides"),
		Components: f.Get("components"), ContractRef: f.Get("contract_ref"), Criticality: aims.Criticality(f.Get("criticality")),
		Status: aims.ThirdPartyStatus(f.Get("status")), Notes: f.Get("notes")}
	t.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	t.PartyID = formInt64(errs, "party_id", f.Get("party_id"), "must be an interested party")
	t.ContractStart = formDate(errs, "contract_start", f.Get("contract_start"))
	t.ContractEnd = formDate(errs, "contract_end", f.Get("contract_end"))
	t.ReviewDate = formDate(errs, "review_date", f.Get("review_date"))
	t.AISystemIDs = []int64{}
	for _, v := range nonEmpty(f["ai_system_ids"]) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["ai_system_ids"] = "must list records"
			break
		}
		t.AISystemIDs = append(t.AISystemIDs, id)
	}
	exp, info := f["commitment_expectation"], f["commitment_information"]
	if len(exp) != len(info) {
		return t, badRequest("The form's rows of commitments are incomplete.")
	}
	for i := range exp {
		if strings.TrimSpace(exp[i]) != "" || strings.TrimSpace(info[i]) != "" {
			t.Commitments = append(t.Commitments, aims.CustomerCommitment{Expectation: exp[i], Information: info[i]})
		}
	}
	return t, validationOf(errs)
}

// The responsibility matrix (A.10.2): one form, saved whole.

type matrixFormView struct {
	layout
	T      aims.ThirdParty
	Rows   []aims.Responsibility // every activity, in order
	Shares []aims.Share
}

func (s *Server) matrixForm(w http.ResponseWriter, r *http.Request, status int, t aims.ThirdParty, msg formMessage) error {
	v := matrixFormView{layout: s.layoutFor(w, r, "Responsibilities: "+t.Ref+" "+t.Name), T: t, Rows: t.Matrix(), Shares: aims.Shares}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "third_party_matrix", v)
}

func (s *Server) matrixPage(w http.ResponseWriter, r *http.Request) error {
	t, err := lookup(r, s.store.ThirdParty)
	if err == nil && t.Archived {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	return s.matrixForm(w, r, http.StatusOK, t, formMessage{})
}

// matrixFromForm reads a row for every activity: org_ACTIVITY,
// supplier_ACTIVITY, customer_ACTIVITY and note_ACTIVITY; a share left
// out is none.
func matrixFromForm(r *http.Request) []aims.Responsibility {
	f := r.PostForm
	out := make([]aims.Responsibility, 0, len(aims.Activities))
	share := func(name string) aims.Share {
		if v := f.Get(name); v != "" {
			return aims.Share(v)
		}
		return aims.ShareNone
	}
	for _, a := range aims.Activities {
		k := string(a)
		out = append(out, aims.Responsibility{Activity: a, Organization: share("org_" + k), Supplier: share("supplier_" + k),
			Customer: share("customer_" + k), Note: f.Get("note_" + k)})
	}
	return out
}

func (s *Server) matrixSaveForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.ThirdParty)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	rows := matrixFromForm(r)
	saved, err := s.store.SetThirdPartyResponsibilities(r.Context(), p, current.ID, aims.ResponsibilitiesInput{Version: version, Responsibilities: rows})
	if err == nil {
		return s.redirect(w, r, "/third-parties/"+strconv.FormatInt(current.ID, 10), saved.Ref+": responsibilities saved.")
	}
	shown := current
	shown.Responsibilities = aims.NormalizeResponsibilities(rows)
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		shown.Version = version
		return s.matrixForm(w, r, http.StatusUnprocessableEntity, shown, formMessage{ve.Fields, "The matrix was not saved. Correct the rows marked below."})
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.matrixForm(w, r, http.StatusConflict, shown, formMessage{nil, "Someone else changed this third party while you were editing. " +
			"Your matrix is below and was not saved; the form now holds the latest version, so saving again keeps your matrix."})
	}
	return err
}

func (s *Server) apiMatrix(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.ThirdParty)
	if err != nil {
		return err
	}
	var in aims.ResponsibilitiesInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	t, err := s.store.SetThirdPartyResponsibilities(r.Context(), p, current.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// Supplier assessments (A.10.3).

type assessmentFormView struct {
	layout
	T       aims.ThirdParty
	A       aims.SupplierAssessment
	Methods []aims.AssessmentMethod
	Results []aims.AssessmentResult
}

func (s *Server) assessmentForm(w http.ResponseWriter, r *http.Request, status int, t aims.ThirdParty, a aims.SupplierAssessment, msg formMessage) error {
	v := assessmentFormView{layout: s.layoutFor(w, r, "Assess "+t.Ref+" "+t.Name), T: t, A: a, Methods: aims.AssessmentMethods, Results: aims.AssessmentResults}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "third_party_assessment", v)
}

func (s *Server) newAssessmentPage(w http.ResponseWriter, r *http.Request) error {
	t, err := lookup(r, s.store.ThirdParty)
	if err == nil && t.Archived {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	today := s.today()
	return s.assessmentForm(w, r, http.StatusOK, t, aims.SupplierAssessment{AssessedOn: today, Method: aims.MethodQuestionnaire,
		Result: aims.ResultAcceptable, NextDue: today.AddMonths(12)}, formMessage{})
}

func assessmentFromForm(r *http.Request) (aims.SupplierAssessment, error) {
	f := r.PostForm
	errs := map[string]string{}
	a := aims.SupplierAssessment{Method: aims.AssessmentMethod(f.Get("method")), Certificate: f.Get("certificate"),
		Result: aims.AssessmentResult(f.Get("result")), Findings: f.Get("findings"), Conditions: f.Get("conditions"), Assessor: f.Get("assessor")}
	a.AssessedOn = formDate(errs, "assessed_on", f.Get("assessed_on"))
	a.CertificateExpires = formDate(errs, "certificate_expires", f.Get("certificate_expires"))
	a.NextDue = formDate(errs, "next_due", f.Get("next_due"))
	return a, validationOf(errs)
}

func (s *Server) assessmentSaveForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.ThirdParty)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	a, err := assessmentFromForm(r)
	if err == nil {
		var saved aims.ThirdParty
		if saved, err = s.store.AddThirdPartyAssessment(r.Context(), p, current.ID, aims.NewAssessment{Version: version, SupplierAssessment: a}); err == nil {
			return s.redirect(w, r, "/third-parties/"+strconv.FormatInt(current.ID, 10), saved.Ref+": assessment recorded.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		shown := current
		shown.Version = version
		return s.assessmentForm(w, r, http.StatusUnprocessableEntity, shown, a, formMessage{ve.Fields, "The assessment was not recorded. Correct the fields marked below."})
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.assessmentForm(w, r, http.StatusConflict, current, a, formMessage{nil, "Someone else changed this third party while you were entering the assessment. " +
			"Your assessment is below and was not recorded; check the latest record, then record it again."})
	}
	return err
}

func (s *Server) apiAddAssessment(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.ThirdParty)
	if err != nil {
		return err
	}
	var in aims.NewAssessment
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version of the third party you read")
	}
	t, err := s.store.AddThirdPartyAssessment(r.Context(), p, current.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, t)
}

// thirdPartiesFor is the AI system page's panel: the third parties involved.
func (s *Server) thirdPartiesFor(r *http.Request, systemID int64) ([]aims.ThirdParty, error) {
	p, _ := principalOf(r.Context())
	return s.store.ThirdPartiesFor(r.Context(), p.OrgID, systemID)
}

// Example bodies for the route table: the permission walk sends them and
// the OpenAPI document shows them.

func thirdPartyFormExample(ex example) any {
	return url.Values{"name": {"Northwind Models"}, "kind": {"supplier"}, "provides": {"Hosted large language model"},
		"criticality": {"high"}, "status": {"active"}, "version": {strconv.Itoa(ex.Version)}}
}

func thirdPartyJSONExample(ex example) any {
	return aims.ThirdParty{Name: "Northwind Models", Kind: aims.ThirdPartySupplier, Provides: "Hosted large language model for the chat assistant",
		Criticality: aims.CriticalityHigh, Status: aims.RelationActive, Version: ex.Version}
}

func matrixFormExample(ex example) any {
	return url.Values{"org_" + string(aims.StageOperation): {"shared"}, "supplier_" + string(aims.StageOperation): {"shared"},
		"note_" + string(aims.StageOperation): {"The vendor runs the model; we monitor its answers."}, "version": {strconv.Itoa(ex.Version)}}
}

func matrixJSONExample(ex example) any {
	return aims.ResponsibilitiesInput{Version: ex.Version, Responsibilities: []aims.Responsibility{
		{Activity: aims.ActivityIncidentReporting, Organization: aims.ShareResponsible, Supplier: aims.ShareShared, Note: "Vendor reports within 24 hours"}}}
}

func assessmentFormExample(ex example) any {
	return url.Values{"assessed_on": {"2026-11-02"}, "method": {"questionnaire"}, "result": {"acceptable"}, "assessor": {"Jonas Weber"},
		"next_due": {"2027-11-02"}, "version": {strconv.Itoa(ex.Version)}}
}

func assessmentJSONExample(ex example) any {
	return aims.NewAssessment{Version: ex.Version, SupplierAssessment: aims.SupplierAssessment{AssessedOn: aims.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)),
		Method: aims.MethodCertificateReview, Certificate: "ISO/IEC 27001, no. 1234", CertificateExpires: aims.DateOf(time.Date(2028, 5, 31, 0, 0, 0, 0, time.UTC)),
		Result: aims.ResultAcceptable, Assessor: "Jonas Weber", NextDue: aims.DateOf(time.Date(2027, 11, 2, 0, 0, 0, 0, time.UTC))}}
}
