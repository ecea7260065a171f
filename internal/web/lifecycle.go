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

// AI system life-cycle records (A.6), their results, and the stage gate.

func lifecycleRef(r aims.LifecycleRecord) string { return r.Ref }

// readingLimit is how many monitoring readings a record's page shows.
const readingLimit = 120

// blankCriteria is how many empty criterion rows the form offers.
const blankCriteria = 3

func lifecycleFilter(q url.Values, limit int) (aims.LifecycleFilter, error) {
	qr := newQueryReader(q)
	f := aims.LifecycleFilter{ListParams: qr.list(limit), SystemID: qr.int64("ai_system_id"), Kind: aims.LifecycleKind(qr.str("kind")),
		Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type lifecycleListView struct {
	layout
	listNav
	Filter  aims.LifecycleFilter
	Page    aims.Page[aims.LifecycleRecord]
	Systems []aims.AISystem
	Kinds   []aims.LifecycleKind
}

func (s *Server) lifecycleListPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := lifecycleFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.LifecycleRecords(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Life-cycle records"
	if f.Archived {
		title = "Archived life-cycle records"
	}
	v := lifecycleListView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Systems: systems, Kinds: aims.LifecycleKinds,
		listNav: newListNav("/lifecycle", "/api/v1/lifecycle-records.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "lifecycle_records", v)
}

func (s *Server) lifecycleCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := lifecycleFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "lifecycle-records", report.LifecycleColumns, func(fn func(aims.LifecycleRecord) error) error {
		return s.store.EachLifecycleRecord(r.Context(), p.OrgID, f, fn)
	})
}

type lifecycleRecordView struct {
	layout
	R         aims.LifecycleRecord
	Readings  []aims.Reading
	Reading   aims.Reading // the reading form's input
	Approval  aims.LifecycleApproval
	CanSign   bool // the person acting may approve it (not its author)
	Evidence  evidencePanel
	History   []historyRow
	ReadingOK string // the reading form's ok choice
}

func (s *Server) lifecycleRecordPage(w http.ResponseWriter, r *http.Request) error {
	rec, err := lookup(r, s.store.LifecycleRecord)
	if err != nil {
		return err
	}
	return s.lifecycleRecordRender(w, r, http.StatusOK, rec, aims.Reading{ReadOn: s.today(), OK: true},
		aims.LifecycleApproval{ApprovedOn: s.today()}, nil)
}

func (s *Server) lifecycleRecordRender(w http.ResponseWriter, r *http.Request, status int, rec aims.LifecycleRecord, reading aims.Reading,
	approval aims.LifecycleApproval, ferr error) error {
	p, _ := principalOf(r.Context())
	readings := []aims.Reading{}
	var err error
	if rec.Kind == aims.KindOperation {
		if readings, err = s.store.LifecycleReadings(r.Context(), p.OrgID, rec.ID, readingLimit); err != nil {
			return err
		}
	}
	history, err := s.history(r, aims.RegisterLifecycleRecords, rec.ID)
	if err != nil {
		return err
	}
	v := lifecycleRecordView{layout: s.layoutFor(w, r, rec.Ref+" "+rec.Title), R: rec, Readings: readings, Reading: reading,
		Approval: approval, CanSign: rec.AuthorID != p.UserID && !slices.Contains(rec.EditorIDs, p.UserID), History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterLifecycleRecords, strconv.FormatInt(rec.ID, 10), !rec.Archived); err != nil {
		return err
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "Not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this record since you opened the page. Your input is below and was not saved; check the record, then send it again."
	}
	return s.render(w, r, status, "lifecycle_record", v)
}

type lifecycleFormView struct {
	layout
	R         aims.LifecycleRecord
	New       bool
	Rows      []aims.Criterion
	Systems   []aims.AISystem
	Members   []aims.Member
	Documents []aims.Document
	Evidence  []aims.Evidence
	Kinds     []aims.LifecycleKind
	Audiences []aims.DocAudience
}

func (s *Server) lifecycleForm(w http.ResponseWriter, r *http.Request, status int, rec aims.LifecycleRecord, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	ctx := r.Context()
	systems, err := s.store.AISystemNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(ctx, p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	docs, err := s.store.Documents(ctx, p.OrgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "title"}})
	if err != nil {
		return err
	}
	ev, err := s.store.EvidenceNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + rec.Ref
	if isNew {
		title = "Add a life-cycle record"
	}
	rows := append(append([]aims.Criterion{}, rec.Criteria...), make([]aims.Criterion, blankCriteria)...)
	v := lifecycleFormView{layout: s.layoutFor(w, r, title), R: rec, New: isNew, Rows: rows, Systems: systems, Members: members.Items,
		Documents: docs.Items, Evidence: ev, Kinds: aims.LifecycleKinds, Audiences: aims.DocAudiences}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "lifecycle_form", v)
}

func (s *Server) newLifecyclePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	rec := aims.LifecycleRecord{Kind: aims.LifecycleKind(q.Get("kind")), ReadingMonths: 1, RequiredMonths: 6, RetentionMonths: 6}
	rec.SystemID, _ = formID(q.Get("ai_system_id"))
	if !rec.Kind.Valid() {
		rec.Kind = aims.KindRequirements
	}
	return s.lifecycleForm(w, r, http.StatusOK, rec, true, formMessage{})
}

// lifecycleFromForm reads the record form, criteria rows included: a row
// with neither criterion nor threshold is left out.
func lifecycleFromForm(r *http.Request) (aims.LifecycleRecord, error) {
	var rec aims.LifecycleRecord
	if err := parseForm(r); err != nil {
		return rec, err
	}
	f := r.PostForm
	errs := map[string]string{}
	rec.SystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "choose an AI system")
	rec.Kind, rec.Title, rec.Summary = aims.LifecycleKind(f.Get("kind")), f.Get("title"), f.Get("summary")
	rec.AuthorID = formInt64(errs, "author_id", f.Get("author_id"), "must be a member")
	rec.ModelVersion = f.Get("model_version")
	rec.DocumentID = formInt64(errs, "document_id", f.Get("document_id"), "choose a document")
	rec.EvidenceID = formInt64(errs, "evidence_id", f.Get("evidence_id"), "choose evidence")
	rec.Audience = aims.DocAudience(f.Get("audience"))
	rec.Logged, rec.Location, rec.Obligation = f.Get("logged"), f.Get("location"), f.Get("obligation")
	num := func(name string) int {
		v := strings.TrimSpace(f.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[name] = "must be a whole number of months"
		}
		return n
	}
	rec.ReadingMonths, rec.RetentionMonths, rec.RequiredMonths = num("reading_months"), num("retention_months"), num("required_months")
	rows, _ := strconv.Atoi(f.Get("rows"))
	rec.Criteria = []aims.Criterion{}
	for i := 0; i < min(rows, 500); i++ {
		k := "c" + strconv.Itoa(i) + "_"
		c := aims.Criterion{Criterion: f.Get(k + "criterion"), Threshold: f.Get(k + "threshold"), Measured: f.Get(k + "measured"),
			Passed: f.Get(k+"passed") == "on", MeasuredBy: f.Get(k + "measured_by"), ModelVersion: f.Get(k + "model_version")}
		c.MeasuredOn = formDate(errs, "criteria."+strconv.Itoa(len(rec.Criteria))+".measured_on", f.Get(k+"measured_on"))
		if strings.TrimSpace(c.Criterion) == "" && strings.TrimSpace(c.Threshold) == "" {
			continue
		}
		rec.Criteria = append(rec.Criteria, c)
	}
	return rec, validationOf(errs)
}

func (s *Server) lifecycleHandlers() registerHandlers[aims.LifecycleRecord] {
	return registerHandlers[aims.LifecycleRecord]{s: s, base: "/lifecycle", api: "/api/v1/lifecycle-records", what: "life-cycle record",
		get: s.store.LifecycleRecord, create: s.store.CreateLifecycleRecord, update: s.store.UpdateLifecycleRecord,
		key:     func(v *aims.LifecycleRecord) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.LifecycleRecord) bool { return v.Archived },
		parse:   lifecycleFromForm, form: s.lifecycleForm}
}

// approveLifecycleForm approves a verification or a deployment as the
// person acting.
func (s *Server) approveLifecycleForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rec, err := lookup(r, s.store.LifecycleRecord)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	in := aims.LifecycleApproval{Version: version, Conditions: r.PostForm.Get("conditions"),
		ApprovedOn: formDate(errs, "approved_on", r.PostForm.Get("approved_on"))}
	if err = validationOf(errs); err == nil {
		var saved aims.LifecycleRecord
		if saved, err = s.store.ApproveLifecycleRecord(r.Context(), p, rec.ID, in); err == nil {
			return s.redirect(w, r, "/lifecycle/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" approved.")
		}
	}
	return s.lifecycleRefused(w, r, rec, aims.Reading{ReadOn: s.today(), OK: true}, in, err)
}

func (s *Server) lifecycleRefused(w http.ResponseWriter, r *http.Request, rec aims.LifecycleRecord, reading aims.Reading, in aims.LifecycleApproval, err error) error {
	p, _ := principalOf(r.Context())
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.lifecycleRecordRender(w, r, http.StatusUnprocessableEntity, rec, reading, in, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.LifecycleRecord(r.Context(), p.OrgID, rec.ID); lerr == nil {
			rec = latest
		}
		return s.lifecycleRecordRender(w, r, http.StatusConflict, rec, reading, in, err)
	}
	return err
}

// readingForm records a monitoring reading.
func (s *Server) readingForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rec, err := lookup(r, s.store.LifecycleRecord)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	in := aims.Reading{Metric: f.Get("metric"), Threshold: f.Get("threshold"), Note: f.Get("note"), OK: f.Get("ok") != "no", Version: version,
		ReadOn: formDate(errs, "read_on", f.Get("read_on"))}
	if in.Value, err = strconv.ParseFloat(strings.TrimSpace(f.Get("value")), 64); err != nil {
		errs["value"] = "must be a number"
	}
	if err = validationOf(errs); err == nil {
		var saved aims.LifecycleRecord
		if saved, err = s.store.AddLifecycleReading(r.Context(), p, rec.ID, in); err == nil {
			return s.redirect(w, r, "/lifecycle/"+strconv.FormatInt(saved.ID, 10), "Reading recorded under "+saved.Ref+".")
		}
	}
	return s.lifecycleRefused(w, r, rec, in, aims.LifecycleApproval{ApprovedOn: s.today()}, err)
}

// lifecycleStage is one stage of a system's life cycle as the page shows
// it: what the gate requires and which records meet each requirement.
type lifecycleStage struct {
	Stage    aims.Lifecycle
	Current  bool
	Requires []lifecycleReq
	Missing  int
}

type lifecycleReq struct {
	Req aims.GateRequirement
	By  []aims.LifecycleRecord
}

// lifecyclePanel is an AI system's life cycle: the stages with the gate's
// requirements, the records, and the overrides of the gate.
type lifecyclePanel struct {
	System    aims.AISystem
	Stages    []lifecycleStage
	Records   []aims.LifecycleRecord
	Overrides []aims.GateOverride
	Next      *lifecycleStage // the next gated stage after the current one
	Kinds     []aims.LifecycleKind
}

func (s *Server) lifecyclePanelFor(r *http.Request, a aims.AISystem) (lifecyclePanel, error) {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	lp := lifecyclePanel{System: a, Kinds: aims.LifecycleKinds}
	policy, err := s.store.GatePolicy(ctx, p.OrgID)
	if err != nil {
		return lp, err
	}
	if lp.Records, err = s.store.SystemLifecycleRecords(ctx, p.OrgID, a.ID); err != nil {
		return lp, err
	}
	if lp.Overrides, err = s.store.GateOverrides(ctx, p.OrgID, a.ID); err != nil {
		return lp, err
	}
	after := false
	for _, stage := range aims.Lifecycles {
		st := lifecycleStage{Stage: stage, Current: stage == a.Lifecycle}
		for _, g := range policy.Requires(stage) {
			req := lifecycleReq{Req: g}
			for _, rec := range lp.Records {
				if g.Met(rec) {
					req.By = append(req.By, rec)
				}
			}
			if len(req.By) == 0 {
				st.Missing++
			}
			st.Requires = append(st.Requires, req)
		}
		lp.Stages = append(lp.Stages, st)
		if after && lp.Next == nil && len(st.Requires) > 0 {
			lp.Next = &lp.Stages[len(lp.Stages)-1]
		}
		after = after || st.Current
	}
	if lp.Next != nil { // the slice may have moved since the pointer was taken
		for i := range lp.Stages {
			if lp.Stages[i].Stage == lp.Next.Stage {
				lp.Next = &lp.Stages[i]
			}
		}
	}
	return lp, nil
}

type systemLifecycleView struct {
	layout
	lifecyclePanel
	Override  aims.GateOverride
	Lifecycle []aims.Lifecycle
}

func (s *Server) systemLifecyclePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	return s.systemLifecycleRender(w, r, http.StatusOK, a, aims.GateOverride{}, nil)
}

func (s *Server) systemLifecycleRender(w http.ResponseWriter, r *http.Request, status int, a aims.AISystem, o aims.GateOverride, ferr error) error {
	lp, err := s.lifecyclePanelFor(r, a)
	if err != nil {
		return err
	}
	v := systemLifecycleView{layout: s.layoutFor(w, r, a.Ref+" "+a.Name+": life cycle"), lifecyclePanel: lp, Override: o, Lifecycle: aims.Lifecycles}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The override was not recorded. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "The AI system changed since you opened the page. Check its stage, then send the override again."
	}
	return s.render(w, r, status, "ai_system_lifecycle", v)
}

// overrideForm moves a system past its gate with a reason.
func (s *Server) overrideForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	o := aims.GateOverride{Stage: aims.Lifecycle(r.PostForm.Get("stage")), Reason: r.PostForm.Get("reason"), Version: version}
	saved, err := s.store.OverrideStageGate(r.Context(), p, a.ID, o)
	if err == nil {
		return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(saved.ID, 10)+"/lifecycle", saved.Ref+" moved to "+saved.Lifecycle.Label()+" past the gate; the override is recorded.")
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) || (errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived)) {
		if latest, lerr := s.store.AISystem(r.Context(), p.OrgID, a.ID); lerr == nil {
			a = latest
		}
		status := http.StatusUnprocessableEntity
		if ve == nil {
			status = http.StatusConflict
		}
		return s.systemLifecycleRender(w, r, status, a, o, err)
	}
	return err
}

type gatePolicyView struct {
	layout
	Policy aims.GatePolicy
	Stages []aims.Lifecycle
	Reqs   []aims.GateRequirement
}

// Has reports whether the policy requires g for stage, for the form's boxes.
func (v gatePolicyView) Has(stage aims.Lifecycle, g aims.GateRequirement) bool {
	for _, x := range v.Policy.Requires(stage) {
		if x == g {
			return true
		}
	}
	return false
}

func (s *Server) gatePolicyPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	policy, err := s.store.GatePolicy(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return s.gatePolicyRender(w, r, http.StatusOK, policy, nil)
}

func (s *Server) gatePolicyRender(w http.ResponseWriter, r *http.Request, status int, policy aims.GatePolicy, ferr error) error {
	v := gatePolicyView{layout: s.layoutFor(w, r, "Stage gate"), Policy: policy, Stages: aims.Lifecycles, Reqs: aims.GateRequirementsAll}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The stage gate was not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed the stage gate since you opened the page. The form shows your choice at the latest version; save again to keep it."
	}
	return s.render(w, r, status, "lifecycle_gate", v)
}

// gatePolicyForm saves the gate: one checkbox per stage and requirement,
// named "<stage>" with the requirement as its value.
func (s *Server) gatePolicyForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version")) // 0: the default, never saved
	if err != nil || version < 0 {
		return badRequest("The form does not carry the version of the stage gate. Reload the page and try again.")
	}
	in := aims.GatePolicy{Version: version, Rules: []aims.GateRule{}}
	for _, stage := range aims.Lifecycles {
		var req []aims.GateRequirement
		for _, g := range r.PostForm[string(stage)] {
			req = append(req, aims.GateRequirement(g))
		}
		if len(req) > 0 {
			in.Rules = append(in.Rules, aims.GateRule{Stage: stage, Requires: req})
		}
	}
	if _, err = s.store.SetGatePolicy(r.Context(), p, in); err == nil {
		return s.redirect(w, r, "/lifecycle-gate", "Stage gate saved.")
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.gatePolicyRender(w, r, http.StatusUnprocessableEntity, in, err)
	case errors.Is(err, aims.ErrConflict):
		if latest, lerr := s.store.GatePolicy(r.Context(), p.OrgID); lerr == nil {
			in.Version = latest.Version
		}
		return s.gatePolicyRender(w, r, http.StatusConflict, in, err)
	}
	return err
}

// The API.

func (s *Server) apiLifecycleRecords(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := lifecycleFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.LifecycleRecords(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiApproveLifecycle(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rec, err := lookup(r, s.store.LifecycleRecord)
	if err != nil {
		return err
	}
	var in aims.LifecycleApproval
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	saved, err := s.store.ApproveLifecycleRecord(r.Context(), p, rec.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

func (s *Server) apiAddReading(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rec, err := lookup(r, s.store.LifecycleRecord)
	if err != nil {
		return err
	}
	var in aims.Reading
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the record's version you read")
	}
	if in.RecordID != 0 && in.RecordID != rec.ID {
		return aims.Invalid("record_id", "does not match the ID in the address")
	}
	saved, err := s.store.AddLifecycleReading(r.Context(), p, rec.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, saved)
}

// systemLifecycle is the API's view of an AI system's life cycle.
type systemLifecycle struct {
	Stage     aims.Lifecycle         `json:"stage"`
	Gates     []stageGate            `json:"gates"`
	Records   []aims.LifecycleRecord `json:"records"`
	Overrides []aims.GateOverride    `json:"overrides"`
}

type stageGate struct {
	Stage    aims.Lifecycle         `json:"stage"`
	Requires []aims.GateRequirement `json:"requires"`
	Gaps     []aims.GateGap         `json:"gaps"`
}

func (s *Server) apiSystemLifecycle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	lp, err := s.lifecyclePanelFor(r, a)
	if err != nil {
		return err
	}
	out := systemLifecycle{Stage: a.Lifecycle, Gates: []stageGate{}, Records: lp.Records, Overrides: lp.Overrides}
	for _, st := range lp.Stages {
		if len(st.Requires) == 0 {
			continue
		}
		g := stageGate{Stage: st.Stage, Gaps: []aims.GateGap{}}
		for _, req := range st.Requires {
			g.Requires = append(g.Requires, req.Req)
			if len(req.By) == 0 {
				g.Gaps = append(g.Gaps, aims.GateGap{Stage: st.Stage, Requirement: req.Req, Message: "missing: " + req.Req.Label()})
			}
		}
		out.Gates = append(out.Gates, g)
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiStageGate answers what a system lacks to enter one stage (the gate's
// own check, as the AI system update and `aims check` run it).
func (s *Server) apiStageGate(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	stage := aims.Lifecycle(r.URL.Query().Get("stage"))
	if stage == "" {
		stage = aims.StageDeployment
	}
	if !stage.Valid() {
		return aims.Invalid("stage", "must be one of the life-cycle stages")
	}
	gaps, err := s.store.StageGate(r.Context(), p.OrgID, a.ID, stage)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.GateGap]{Items: gaps, Total: len(gaps)})
}

func (s *Server) apiOverride(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	var in aims.GateOverride
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the AI system's version you read")
	}
	saved, err := s.store.OverrideStageGate(r.Context(), p, a.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

func (s *Server) apiGatePolicy(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	policy, err := s.store.GatePolicy(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, policy)
}

func (s *Server) apiSetGatePolicy(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.GatePolicy
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	saved, err := s.store.SetGatePolicy(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

// The route table's query parameters and example bodies of the register.

var lifecycleParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.LifecycleSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"ai_system_id", "integer", "Only the records of this AI system.", nil},
	queryParam{"kind", "string", "Kind of record.", enumStrings(aims.LifecycleKinds)},
	queryParam{"archived", "boolean", "List archived records instead of live ones.", nil},
)

var stageParams = []queryParam{{"stage", "string", "The life-cycle stage to enter.", enumStrings(aims.Lifecycles)}}

// lifecycleFormExample is a design record of the system ex.ID names.
func lifecycleFormExample(ex example) any {
	return url.Values{"ai_system_id": {strconv.FormatInt(ex.ID, 10)}, "kind": {"verification"}, "title": {"Pre-release validation v4.2"},
		"model_version": {"v4.2"}, "rows": {"1"}, "c0_criterion": {"AUC on the hold-out sample"}, "c0_threshold": {">= 0.78"},
		"c0_measured": {"0.81"}, "c0_passed": {"on"}, "c0_measured_on": {"2026-11-20"}, "c0_measured_by": {"Model validation team"},
		"version": {strconv.Itoa(ex.Version)}}
}

// lifecycleEditExample keeps the record's system (the form always sends it).
func lifecycleEditExample(ex example) any {
	v := lifecycleFormExample(ex).(url.Values)
	v.Del("ai_system_id")
	v.Set("ai_system_id", "0")
	return v
}

func lifecycleJSONExample(ex example) any {
	return aims.LifecycleRecord{SystemID: ex.ID, Kind: aims.KindEventLog, Title: "Decision event log",
		Logged: "Application inputs, score, reason codes, decision, reviewer", Location: "Audit log store, WORM bucket",
		RetentionMonths: 120, RequiredMonths: 6, Obligation: "EU AI Act Art. 19 and 26(6)", Version: ex.Version}
}

func approveFormExample(ex example) any {
	return url.Values{"approved_on": {"2026-11-25"}, "conditions": {"Monthly fairness monitoring for the first six months"}, "version": {strconv.Itoa(ex.Version)}}
}

func approveJSONExample(ex example) any {
	return aims.LifecycleApproval{ApprovedOn: aims.DateOf(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)),
		Conditions: "Monthly fairness monitoring for the first six months", Version: ex.Version}
}

func readingFormExample(ex example) any {
	return url.Values{"read_on": {"2026-11-26"}, "metric": {"Population stability index"}, "value": {"0.08"}, "threshold": {"< 0.25"},
		"ok": {"yes"}, "version": {strconv.Itoa(ex.Version)}}
}

func readingJSONExample(ex example) any {
	return aims.Reading{ReadOn: aims.DateOf(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)), Metric: "Approval-rate ratio by sex",
		Value: 0.77, Threshold: ">= 0.80", OK: false, Note: "Below threshold after a marketing campaign; root-cause analysis opened", Version: ex.Version}
}

func overrideFormExample(ex example) any {
	return url.Values{"stage": {"deployment"}, "reason": {"Regulator-mandated fix must ship before the V&V sign-off; approved by the CRO"},
		"version": {strconv.Itoa(ex.Version)}}
}

func overrideJSONExample(ex example) any {
	return aims.GateOverride{Stage: aims.StageDeployment, Reason: "Regulator-mandated fix must ship before the V&V sign-off; approved by the CRO",
		Version: ex.Version}
}

func gateFormExample(ex example) any {
	return url.Values{"deployment": {"verification-passed", "deployment-approved", "documentation-users", "event-log"},
		"operation-monitoring": {"verification-passed", "deployment-approved", "documentation-users", "event-log", "monitoring"},
		"version":              {strconv.Itoa(ex.Version)}}
}

func gateJSONExample(ex example) any {
	return aims.GatePolicy{Version: ex.Version, Rules: []aims.GateRule{
		{Stage: aims.StageDeployment, Requires: []aims.GateRequirement{aims.GateVerification, aims.GateDeployment, aims.GateDocUsers, aims.GateEventLog}},
		{Stage: aims.StageOperation, Requires: []aims.GateRequirement{aims.GateVerification, aims.GateDeployment, aims.GateDocUsers, aims.GateEventLog, aims.GateDocRegulators}},
	}}
}
