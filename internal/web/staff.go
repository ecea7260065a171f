package web

import (
	"net/http"
	"net/url"

	"aims/internal/aims"
	"aims/internal/report"
)

// People in the AIMS (7.2) and the catalogue of competences. The people
// here are not the sign-in accounts of /people: a person may have one, and
// many (board members, contractors, an external DPO) have none.

func (s *Server) staffHandlers() registerHandlers[aims.Staff] {
	return registerHandlers[aims.Staff]{s: s, base: "/staff", api: "/api/v1/staff", what: "person",
		get: s.store.Person, create: s.store.CreatePerson, update: s.store.UpdatePerson,
		key:     func(v *aims.Staff) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Staff) bool { return v.Archived },
		parse:   personFromForm, form: s.personForm}
}

func staffRef(p aims.Staff) string { return p.Ref }

func staffFilter(q url.Values, limit int) (aims.StaffFilter, error) {
	qr := newQueryReader(q)
	f := aims.StaffFilter{ListParams: qr.list(limit), Unit: qr.str("unit"), Status: qr.str("status"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type staffView struct {
	layout
	listNav
	Filter aims.StaffFilter
	Page   aims.Page[aims.Staff]
}

func (s *Server) staffPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := staffFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Staff(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := staffView{layout: s.layoutFor(w, r, "People in the AIMS"), Filter: f, Page: page,
		listNav: newListNav("/staff", "/api/v1/staff.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "staff", v)
}

type personView struct {
	layout
	Person  aims.Staff
	Gaps    aims.GapView
	Records aims.Page[aims.CompetenceRecord]
	History []historyRow
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	person, err := lookup(r, s.store.Person)
	if err != nil {
		return err
	}
	gaps, err := s.store.CompetenceGaps(r.Context(), p.OrgID, aims.GapFilter{StaffID: person.ID, AsOf: s.today(), Within: aims.DefaultGapWindow})
	if err != nil {
		return err
	}
	records, err := s.store.CompetenceRecords(r.Context(), p.OrgID, aims.CompetenceRecordFilter{ListParams: aims.ListParams{Limit: aims.DefaultLimit}, StaffID: person.ID})
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterStaff, person.ID)
	if err != nil {
		return err
	}
	v := personView{layout: s.layoutFor(w, r, person.Ref+" "+person.Name), Person: person, Gaps: gaps, Records: records, History: history}
	return s.render(w, r, http.StatusOK, "person", v)
}

type personFormView struct {
	layout
	Person  aims.Staff
	New     bool
	Members []aims.Member
}

func (s *Server) personForm(w http.ResponseWriter, r *http.Request, status int, person aims.Staff, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Edit " + person.Ref
	if isNew {
		title = "Add a person to the AIMS"
	}
	v := personFormView{layout: s.layoutFor(w, r, title), Person: person, New: isNew, Members: members.Items}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "person_form", v)
}

func (s *Server) newPersonPage(w http.ResponseWriter, r *http.Request) error {
	return s.personForm(w, r, http.StatusOK, aims.Staff{StartDate: s.today()}, true, formMessage{})
}

func personFromForm(r *http.Request) (aims.Staff, error) {
	var p aims.Staff
	if err := parseForm(r); err != nil {
		return p, err
	}
	f, errs := r.PostForm, map[string]string{}
	p.Name, p.JobTitle, p.Unit, p.Email = f.Get("name"), f.Get("job_title"), f.Get("unit"), f.Get("email")
	p.UserID = formInt64(errs, "user_id", f.Get("user_id"), "must be a member")
	p.StartDate = formDate(errs, "start_date", f.Get("start_date"))
	p.LeftOn = formDate(errs, "left_on", f.Get("left_on"))
	p.Left = f.Get("left") != ""
	return p, validationOf(errs)
}

func (s *Server) staffCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := staffFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "staff", report.StaffColumns, func(fn func(aims.Staff) error) error {
		return s.store.EachPerson(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := staffFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Staff(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// The catalogue of competences.

func (s *Server) competenceHandlers() registerHandlers[aims.Competence] {
	return registerHandlers[aims.Competence]{s: s, base: "/competences", api: "/api/v1/competences", what: "competence",
		get: s.store.Competence, create: s.store.CreateCompetence, update: s.store.UpdateCompetence,
		key:     func(v *aims.Competence) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Competence) bool { return v.Archived },
		parse:   competenceFromForm, form: s.competenceForm}
}

func competenceRef(c aims.Competence) string { return c.Ref }

func competenceFilter(q url.Values, limit int) (aims.CompetenceFilter, error) {
	qr := newQueryReader(q)
	f := aims.CompetenceFilter{ListParams: qr.list(limit), Kind: aims.CompetenceKind(qr.str("kind")), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type competencesView struct {
	layout
	listNav
	Filter aims.CompetenceFilter
	Page   aims.Page[aims.Competence]
	Kinds  []aims.CompetenceKind
}

func (s *Server) competencesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := competenceFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Competences(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := competencesView{layout: s.layoutFor(w, r, "Competences"), Filter: f, Page: page, Kinds: aims.CompetenceKinds,
		listNav: newListNav("/competences", "/api/v1/competences.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "competences", v)
}

type competenceView struct {
	layout
	C       aims.Competence
	Roles   []aims.AIMSRole // the roles that require it
	Records aims.Page[aims.CompetenceRecord]
	History []historyRow
}

func (s *Server) competencePage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Competence)
	if err != nil {
		return err
	}
	records, err := s.store.CompetenceRecords(r.Context(), p.OrgID, aims.CompetenceRecordFilter{ListParams: aims.ListParams{Limit: aims.DefaultLimit}, CompetenceID: c.ID})
	if err != nil {
		return err
	}
	roles, err := s.store.RolesRequiring(r.Context(), p.OrgID, c.ID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterCompetences, c.ID)
	if err != nil {
		return err
	}
	v := competenceView{layout: s.layoutFor(w, r, c.Ref+" "+c.Name), C: c, Roles: roles, Records: records, History: history}
	return s.render(w, r, http.StatusOK, "competence", v)
}

type competenceFormView struct {
	layout
	C     aims.Competence
	New   bool
	Kinds []aims.CompetenceKind
}

func (s *Server) competenceForm(w http.ResponseWriter, r *http.Request, status int, c aims.Competence, isNew bool, msg formMessage) error {
	title := "Edit " + c.Ref
	if isNew {
		title = "Add a competence"
	}
	v := competenceFormView{layout: s.layoutFor(w, r, title), C: c, New: isNew, Kinds: aims.CompetenceKinds}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "competence_form", v)
}

func (s *Server) newCompetencePage(w http.ResponseWriter, r *http.Request) error {
	return s.competenceForm(w, r, http.StatusOK, aims.Competence{Kind: aims.CompetenceKnowledge}, true, formMessage{})
}

func competenceFromForm(r *http.Request) (aims.Competence, error) {
	var c aims.Competence
	if err := parseForm(r); err != nil {
		return c, err
	}
	f, errs := r.PostForm, map[string]string{}
	c.Name, c.Description, c.Kind, c.Demonstrated = f.Get("name"), f.Get("description"), aims.CompetenceKind(f.Get("kind")), f.Get("demonstrated")
	n := formInt64(errs, "validity_months", f.Get("validity_months"), "must be a whole number of months (0: does not expire)")
	if n > aims.MaxValidityMonths {
		errs["validity_months"] = "must be between 0 (does not expire) and 120"
	}
	c.ValidityMonths = int(min(n, aims.MaxValidityMonths+1))
	return c, validationOf(errs)
}

func (s *Server) competencesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := competenceFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "competences", report.CompetenceColumns, func(fn func(aims.Competence) error) error {
		return s.store.EachCompetence(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiCompetences(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := competenceFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Competences(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
