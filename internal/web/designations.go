package web

import (
	"net/http"
	"net/url"

	"aims/internal/aims"
	"aims/internal/report"
)

// Top and designated management (5.1, 5.3, 6.1.3): who holds the
// approvals the standard reserves. Only admins name them, since a
// designation is what lets a person sign off the AI policy or accept
// residual risk.

func designationRef(d aims.Designation) string { return d.Ref }

func designationFilter(q url.Values, today aims.Date, limit int) (aims.DesignationFilter, error) {
	qr := newQueryReader(q)
	f := aims.DesignationFilter{ListParams: qr.list(limit), Body: aims.Body(qr.str("body")),
		Current: qr.bool("current"), Archived: qr.bool("archived"), Today: today}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type designationsView struct {
	layout
	listNav
	Filter aims.DesignationFilter
	Page   aims.Page[aims.Designation]
	Bodies []aims.Body
}

func (s *Server) designationsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := designationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Designations(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := designationsView{layout: s.layoutFor(w, r, "Top and designated management"), Filter: f, Page: page, Bodies: aims.Bodies,
		listNav: newListNav("/management", "/api/v1/designations.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "designations", v)
}

type designationView struct {
	layout
	D       aims.Designation
	Current bool
	History []historyRow
	// Approvals lists what the designation lets its holder approve.
	Approvals []aims.Approval
}

func (s *Server) designationPage(w http.ResponseWriter, r *http.Request) error {
	d, err := lookup(r, s.store.Designation)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterDesignations, d.ID)
	if err != nil {
		return err
	}
	v := designationView{layout: s.layoutFor(w, r, d.Ref+" "+d.UserName), D: d, Current: d.Current(s.today()), History: history}
	for _, a := range aims.Approvals {
		if contains(a.Bodies(), d.Body) {
			v.Approvals = append(v.Approvals, a)
		}
	}
	return s.render(w, r, http.StatusOK, "designation", v)
}

// designationFormView names a person (New) or edits a designation.
type designationFormView struct {
	layout
	D       aims.Designation
	New     bool
	Members []aims.Member
	Bodies  []aims.Body
	Limits  []aims.RiskLimit
}

// designationHandlers are the designation's form and API handlers.
func (s *Server) designationHandlers() registerHandlers[aims.Designation] {
	return registerHandlers[aims.Designation]{s: s, base: "/management", api: "/api/v1/designations", what: "designation",
		get: s.store.Designation, create: s.store.CreateDesignation, update: s.store.UpdateDesignation,
		key:     func(d *aims.Designation) (*int64, *string, *int) { return &d.ID, &d.Ref, &d.Version },
		archive: func(d aims.Designation) bool { return d.Archived },
		parse:   designationFromForm, form: s.designationForm}
}

func (s *Server) designationForm(w http.ResponseWriter, r *http.Request, status int, d aims.Designation, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Edit " + d.Ref
	if isNew {
		title = "Designate top or AI risk management"
	}
	v := designationFormView{layout: s.layoutFor(w, r, title), D: d, New: isNew, Members: members.Items, Bodies: aims.Bodies, Limits: aims.RiskLimits}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "designation_form", v)
}

func (s *Server) newDesignationPage(w http.ResponseWriter, r *http.Request) error {
	return s.designationForm(w, r, http.StatusOK, aims.Designation{From: s.today(), AcceptUpTo: aims.LimitNone}, true, formMessage{})
}

// designationFromForm reads the designation form.
func designationFromForm(r *http.Request) (aims.Designation, error) {
	var d aims.Designation
	if err := parseForm(r); err != nil {
		return d, err
	}
	f := r.PostForm
	errs := map[string]string{}
	d.Body, d.Position, d.Basis, d.AcceptUpTo = aims.Body(f.Get("body")), f.Get("position"), f.Get("basis"), aims.RiskLimit(f.Get("accept_up_to"))
	d.UserID = formInt64(errs, "user_id", f.Get("user_id"), "must be a member")
	d.From, d.Until = formDate(errs, "from", f.Get("from")), formDate(errs, "until", f.Get("until"))
	return d, validationOf(errs)
}

func (s *Server) designationsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := designationFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "designations", report.DesignationColumns, func(fn func(aims.Designation) error) error {
		return s.store.EachDesignation(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiDesignations(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := designationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Designations(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
