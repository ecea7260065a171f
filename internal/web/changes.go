package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// Change requests (6.3, 8.1): requested, decided by someone other than
// the requester, implemented, closed with a review of the outcome; an
// approved significant change to an AI system asks for its risk and
// impact assessments again.

func (s *Server) changeHandlers() registerHandlers[aims.ChangeRequest] {
	return registerHandlers[aims.ChangeRequest]{s: s, base: "/changes", api: "/api/v1/changes", what: "change request",
		get: s.store.Change, create: s.store.CreateChange, update: s.store.UpdateChange,
		key:     func(v *aims.ChangeRequest) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.ChangeRequest) bool { return v.Archived },
		parse:   changeFromForm, form: s.changeForm}
}

func changeRef(c aims.ChangeRequest) string { return c.Ref }

func changeFilter(q url.Values, limit int) (aims.ChangeFilter, error) {
	qr := newQueryReader(q)
	f := aims.ChangeFilter{ListParams: qr.list(limit), Subject: aims.ChangeSubject(qr.str("subject")), Status: aims.ChangeStatus(qr.str("status")),
		AISystemID: qr.int64("ai_system_id"), Significant: qr.str("significant"), Reassessment: qr.bool("reassessment_due"),
		OwnerID: qr.int64("owner_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := changeFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Changes(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) changesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := changeFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "changes", report.ChangeColumns, func(fn func(aims.ChangeRequest) error) error {
		return s.store.EachChange(r.Context(), p.OrgID, f, fn)
	})
}

type changesView struct {
	layout
	listNav
	Filter   aims.ChangeFilter
	Page     aims.Page[aims.ChangeRequest]
	Members  []aims.Member
	Systems  []aims.AISystem
	Subjects []aims.ChangeSubject
	Statuses []aims.ChangeStatus
}

func (s *Server) changesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := changeFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Changes(r.Context(), p.OrgID, f)
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
	title := "Changes"
	if f.Archived {
		title = "Archived changes"
	}
	v := changesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Systems: systems,
		listNav:  newListNav("/changes", "/api/v1/changes.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Subjects: aims.ChangeSubjects, Statuses: aims.ChangeStatuses}
	return s.render(w, r, http.StatusOK, "changes", v)
}

type changeView struct {
	layout
	C        aims.ChangeRequest
	Step     aims.ChangeStep // the step form refilled when refused
	StepName string          // which step form it belongs to
	Evidence evidencePanel
	History  []historyRow
}

// Mine reports whether the signed-in member requested the change: they
// may not decide on it.
func (v changeView) Mine() bool { return v.C.RequestedByID != 0 && v.C.RequestedByID == v.P.UserID }

// StepOn is the day a step's form shows: the one typed if it was refused,
// else today.
func (v changeView) StepOn(step string) string {
	if v.StepName == step {
		return v.Step.On.String()
	}
	return v.Today.String()
}

// StepNote is the note a refused step's form keeps.
func (v changeView) StepNote(step string) string {
	if v.StepName == step {
		return v.Step.Note
	}
	return ""
}

// StepOpen reports whether a step's form was the one refused.
func (v changeView) StepOpen(step string) bool { return v.StepName == step }

func (s *Server) changePage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Change)
	if err != nil {
		return err
	}
	return s.renderChange(w, r, http.StatusOK, c, "", aims.ChangeStep{On: s.today()}, formMessage{})
}

func (s *Server) renderChange(w http.ResponseWriter, r *http.Request, status int, c aims.ChangeRequest, step string, st aims.ChangeStep, msg formMessage) error {
	v := changeView{layout: s.layoutFor(w, r, c.Ref+" "+c.Title), C: c, Step: st, StepName: step}
	var err error
	if v.History, err = s.history(r, aims.RegisterChanges, c.ID); err != nil {
		return err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterChanges, strconv.FormatInt(c.ID, 10), !c.Archived); err != nil {
		return err
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "change", v)
}

type changeFormView struct {
	layout
	C        aims.ChangeRequest
	New      bool
	Members  []aims.Member
	Systems  []aims.AISystem
	Subjects []aims.ChangeSubject
}

func (s *Server) changeForm(w http.ResponseWriter, r *http.Request, status int, c aims.ChangeRequest, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + c.Ref
	if isNew {
		title = "Request a change"
	}
	v := changeFormView{layout: s.layoutFor(w, r, title), C: c, New: isNew, Members: members.Items, Systems: systems, Subjects: aims.ChangeSubjects}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "change_form", v)
}

func (s *Server) newChangePage(w http.ResponseWriter, r *http.Request) error {
	c := aims.ChangeRequest{Subject: aims.SubjectAISystem}
	if id, err := formID(r.URL.Query().Get("ai_system_id")); err == nil {
		c.AISystemID = id
	}
	return s.changeForm(w, r, http.StatusOK, c, true, formMessage{})
}

func changeFromForm(r *http.Request) (aims.ChangeRequest, error) {
	if err := parseForm(r); err != nil {
		return aims.ChangeRequest{}, err
	}
	f := r.PostForm
	errs := map[string]string{}
	c := aims.ChangeRequest{Title: f.Get("title"), Subject: aims.ChangeSubject(f.Get("subject")), Description: f.Get("description"),
		Reason: f.Get("reason"), ImpactAffects: f.Get("impact_affects"), ImpactConsequences: f.Get("impact_consequences"),
		ImpactResources: f.Get("impact_resources"), Significant: f.Get("significant") == "yes"}
	if c.Subject == aims.SubjectAISystem {
		c.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system of the list")
	}
	c.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	c.PlannedOn = formDate(errs, "planned_on", f.Get("planned_on"))
	return c, validationOf(errs)
}

// changeStep is one workflow step of the store, by the name of its route.
func (s *Server) changeStep(step string) func(ctx context.Context, p aims.Principal, id int64, st aims.ChangeStep) (aims.ChangeRequest, error) {
	switch step {
	case "decide":
		return s.store.DecideChange
	case "implement":
		return s.store.ImplementChange
	case "close":
		return s.store.CloseChange
	}
	return s.store.RecordReassessment
}

var changeStepDone = map[string]string{"decide": "decided", "implement": "recorded as implemented", "close": "closed",
	"reassessed": "reassessment recorded"}

// changeStepForm is a workflow step's form on the change's page.
func (s *Server) changeStepForm(step string) func(http.ResponseWriter, *http.Request) error {
	do := s.changeStep(step)
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		c, err := lookup(r, s.store.Change)
		if err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		f := r.PostForm
		errs := map[string]string{}
		// Each step's fields carry its name ("close_note"), so that the
		// forms of one page never share an element ID.
		field := func(name string) string { return step + "_" + name }
		st := aims.ChangeStep{Version: version, Note: f.Get(field("note")), Approve: f.Get(field("decision")) == "approve"}
		if step == "decide" && f.Get(field("decision")) != "approve" && f.Get(field("decision")) != "reject" {
			errs["decision"] = "choose approve or reject"
		}
		st.On = formDate(errs, "on", f.Get(field("on")))
		st.ReassessBy = formDate(errs, "reassess_by", f.Get(field("reassess_by")))
		err = validationOf(errs)
		if err == nil {
			var saved aims.ChangeRequest
			if saved, err = do(r.Context(), p, c.ID, st); err == nil {
				return s.redirect(w, r, "/changes/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" "+changeStepDone[step]+".")
			}
		}
		var ve *aims.ValidationError
		switch {
		case errors.As(err, &ve):
			fields := map[string]string{}
			for k, v := range ve.Fields {
				fields[field(k)] = v
			}
			return s.renderChange(w, r, http.StatusUnprocessableEntity, c, step, st, formMessage{fields, "Nothing was recorded. Correct the fields marked below."})
		case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
			latest, lerr := s.store.Change(r.Context(), p.OrgID, c.ID)
			if lerr != nil {
				return lerr
			}
			return s.renderChange(w, r, http.StatusConflict, latest, step, st, formMessage{nil,
				"Nothing was recorded: the change request moved on while you were looking at it (" + err.Error() + "). The page now shows it as it stands."})
		}
		return err
	}
}

// apiChangeStep is a workflow step of the API: a ChangeStep body.
func (s *Server) apiChangeStep(step string) func(http.ResponseWriter, *http.Request) error {
	do := s.changeStep(step)
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		c, err := lookup(r, s.store.Change)
		if err != nil {
			return err
		}
		var st aims.ChangeStep
		if err := decodeJSON(r, &st); err != nil {
			return err
		}
		if st.Version == 0 {
			return aims.Invalid("version", "is required: send the version you read")
		}
		saved, err := do(r.Context(), p, c.ID, st)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, saved)
	}
}

// The changes' query parameters and example bodies, for the route table.
var changeParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column (newest requested first by default).", aims.ChangeSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"subject", "string", "The AIMS (6.3) or an AI system (8.1).", enumStrings(aims.ChangeSubjects)},
	queryParam{"status", "string", "Workflow status.", enumStrings(aims.ChangeStatuses)},
	queryParam{"ai_system_id", "integer", "Only changes to this AI system.", nil},
	queryParam{"significant", "string", "Significant changes or not.", []string{"yes", "no"}},
	queryParam{"reassessment_due", "boolean", "Only approved significant changes whose risk and impact reassessment is not done yet.", nil},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"archived", "boolean", "List archived changes instead.", nil},
)

func changeFormExample(ex example) any {
	return url.Values{"title": {"Add a second-line review of AI incidents"}, "subject": {"aims"}, "description": {"d"}, "reason": {"r"},
		"impact_affects": {"Incident procedure"}, "version": {strconv.Itoa(ex.Version)}}
}

func changeJSONExample(ex example) any {
	return aims.ChangeRequest{Title: "Add a second-line review of AI incidents", Subject: aims.SubjectAIMS, Description: "d", Reason: "r",
		ImpactAffects: "Incident procedure", Version: ex.Version}
}

// changeStepExample is a step's form: a non-significant change is
// approved, so no reassessment day is needed.
func changeStepExample(step string) func(ex example) any {
	return func(ex example) any {
		v := url.Values{"version": {strconv.Itoa(ex.Version)}, step + "_note": {"Checked"}} // the day: today
		if step == "decide" {
			v.Set("decide_decision", "approve")
		}
		return v
	}
}

func changeStepJSONExample(step string) func(ex example) any {
	return func(ex example) any {
		return aims.ChangeStep{Version: ex.Version, Approve: step == "decide", Note: "Checked"}
	}
}
