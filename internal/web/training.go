package web

import (
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// Competence records (7.2, 7.3): how each person gained a competence,
// until when it holds, and whether the action was effective; and the
// competence gap view over the roles.

func (s *Server) recordHandlers() registerHandlers[aims.CompetenceRecord] {
	return registerHandlers[aims.CompetenceRecord]{s: s, base: "/training", api: "/api/v1/competence-records", what: "competence record",
		get: s.store.CompetenceRecord, create: s.store.CreateCompetenceRecord, update: s.store.UpdateCompetenceRecord,
		key:     func(v *aims.CompetenceRecord) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.CompetenceRecord) bool { return v.Archived },
		parse:   recordFromForm, form: s.recordForm}
}

func recordRef(t aims.CompetenceRecord) string { return t.Ref }

func recordFilter(q url.Values, limit int) (aims.CompetenceRecordFilter, error) {
	qr := newQueryReader(q)
	f := aims.CompetenceRecordFilter{ListParams: qr.list(limit), StaffID: qr.int64("staff_id"), CompetenceID: qr.int64("competence_id"),
		Kind: aims.RecordKind(qr.str("kind")), Effectiveness: aims.Effectiveness(qr.str("effectiveness")), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type trainingView struct {
	layout
	listNav
	Filter          aims.CompetenceRecordFilter
	Page            aims.Page[aims.CompetenceRecord]
	People          []aims.Staff
	Competences     []aims.Competence
	Kinds           []aims.RecordKind
	Effectivenesses []aims.Effectiveness
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := recordFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.CompetenceRecords(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := trainingView{layout: s.layoutFor(w, r, "Training and competence records"), Filter: f, Page: page,
		Kinds: aims.RecordKinds, Effectivenesses: aims.Effectivenesses,
		listNav: newListNav("/training", "/api/v1/competence-records.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	if v.People, err = s.store.StaffNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	if v.Competences, err = s.store.CompetenceNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training", v)
}

type trainingRecordView struct {
	layout
	Evidence evidencePanel
	T        aims.CompetenceRecord
	Holds    bool
	History  []historyRow
}

func (s *Server) trainingRecordPage(w http.ResponseWriter, r *http.Request) error {
	t, err := lookup(r, s.store.CompetenceRecord)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterCompetenceRecords, t.ID)
	if err != nil {
		return err
	}
	v := trainingRecordView{layout: s.layoutFor(w, r, t.Ref+" "+t.StaffName+": "+t.CompetenceName), T: t, Holds: t.Holds(s.today()), History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterCompetenceRecords, strconv.FormatInt(t.ID, 10), !t.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_record", v)
}

type trainingFormView struct {
	layout
	T               aims.CompetenceRecord
	New             bool
	People          []aims.Staff
	Competences     []aims.Competence
	Kinds           []aims.RecordKind
	Effectivenesses []aims.Effectiveness
}

func (s *Server) recordForm(w http.ResponseWriter, r *http.Request, status int, t aims.CompetenceRecord, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	title := "Edit " + t.Ref
	if isNew {
		title = "Record competence gained"
	}
	v := trainingFormView{layout: s.layoutFor(w, r, title), T: t, New: isNew, Kinds: aims.RecordKinds, Effectivenesses: aims.Effectivenesses}
	var err error
	if v.People, err = s.store.StaffNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	if v.Competences, err = s.store.CompetenceNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "training_form", v)
}

// newTrainingRecordPage opens the form, with the person and competence
// chosen when the link that led here named them (from a gap).
func (s *Server) newTrainingRecordPage(w http.ResponseWriter, r *http.Request) error {
	qr := newQueryReader(r.URL.Query())
	t := aims.CompetenceRecord{StaffID: qr.int64("staff_id"), CompetenceID: qr.int64("competence_id"), Kind: aims.RecordTraining,
		CompletedOn: s.today(), Effectiveness: aims.NotEvaluated}
	return s.recordForm(w, r, http.StatusOK, t, true, formMessage{})
}

func recordFromForm(r *http.Request) (aims.CompetenceRecord, error) {
	var t aims.CompetenceRecord
	if err := parseForm(r); err != nil {
		return t, err
	}
	f, errs := r.PostForm, map[string]string{}
	t.StaffID = formInt64(errs, "staff_id", f.Get("staff_id"), "must be a person")
	t.CompetenceID = formInt64(errs, "competence_id", f.Get("competence_id"), "must be a competence")
	t.Kind, t.Title, t.Provider, t.Evidence = aims.RecordKind(f.Get("kind")), f.Get("title"), f.Get("provider"), f.Get("evidence")
	t.CompletedOn = formDate(errs, "completed_on", f.Get("completed_on"))
	t.ExpiresOn = formDate(errs, "expires_on", f.Get("expires_on"))
	t.Effectiveness, t.EvaluationMethod, t.EvaluatedBy = aims.Effectiveness(f.Get("effectiveness")), f.Get("evaluation_method"), f.Get("evaluated_by")
	t.EvaluatedOn = formDate(errs, "evaluated_on", f.Get("evaluated_on"))
	return t, validationOf(errs)
}

func (s *Server) trainingCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := recordFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "competence-records", report.CompetenceRecordColumns, func(fn func(aims.CompetenceRecord) error) error {
		return s.store.EachCompetenceRecord(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiCompetenceRecords(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := recordFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.CompetenceRecords(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// The competence gap view.

func (s *Server) gapFilter(q url.Values) (aims.GapFilter, error) {
	qr := newQueryReader(q)
	f := aims.GapFilter{RoleID: qr.int64("role_id"), StaffID: qr.int64("staff_id"), State: aims.GapState(qr.str("state")),
		AsOf: qr.date("as_of"), Within: qr.int("within", aims.DefaultGapWindow)}
	if f.AsOf.IsZero() {
		f.AsOf = s.today()
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// gapPageRows is how many rows of the gap view a page shows.
const gapPageRows = 200

type competenceGapsView struct {
	layout
	Filter aims.GapFilter
	View   aims.GapView
	Shown  []aims.CompetenceGap // this page's rows
	Pages  pager
	Roles  []aims.AIMSRole
	People []aims.Staff
	States []aims.GapState
	Export string
}

func (s *Server) competenceGapsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := s.gapFilter(r.URL.Query())
	if err != nil {
		return err
	}
	view, err := s.store.CompetenceGaps(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	offset := newQueryReader(r.URL.Query()).int("offset", 0)
	offset = max(0, min(offset, len(view.Items)))
	q := cloneQuery(r.URL.Query())
	q.Del("offset")
	v := competenceGapsView{layout: s.layoutFor(w, r, "Competence gaps"), Filter: f, View: view, States: aims.GapStates,
		Shown:  view.Items[offset:min(offset+gapPageRows, len(view.Items))],
		Pages:  newPager("/competence-gaps", r.URL.Query(), len(view.Items), false, offset, gapPageRows),
		Export: "/api/v1/competence-gaps.csv?" + q.Encode()}
	if v.Roles, err = s.store.AIMSRoleNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	if v.People, err = s.store.StaffNames(r.Context(), p.OrgID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "competence_gaps", v)
}

// Link is the address of a filter of the gap view with one change.
func (v competenceGapsView) Link(name, value string) string {
	q := url.Values{}
	if v.Filter.RoleID != 0 {
		q.Set("role_id", strconv.FormatInt(v.Filter.RoleID, 10))
	}
	if v.Filter.StaffID != 0 {
		q.Set("staff_id", strconv.FormatInt(v.Filter.StaffID, 10))
	}
	if v.Filter.AsOf != v.Today {
		q.Set("as_of", v.Filter.AsOf.String())
	}
	if v.Filter.Within != aims.DefaultGapWindow {
		q.Set("within", strconv.Itoa(v.Filter.Within))
	}
	if value == "" {
		q.Del(name)
	} else {
		q.Set(name, value)
	}
	return "/competence-gaps?" + q.Encode()
}

func (s *Server) competenceGapsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := s.gapFilter(r.URL.Query())
	if err != nil {
		return err
	}
	view, err := s.store.CompetenceGaps(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "competence-gaps", report.CompetenceGapColumns, func(fn func(aims.CompetenceGap) error) error {
		for _, g := range view.Items {
			if err := fn(g); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Server) apiCompetenceGaps(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := s.gapFilter(r.URL.Query())
	if err != nil {
		return err
	}
	view, err := s.store.CompetenceGaps(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, view)
}
