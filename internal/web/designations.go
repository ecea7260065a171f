package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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

func (s *Server) designationForm(w http.ResponseWriter, r *http.Request, status int, d aims.Designation, isNew bool, ferr error) error {
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
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The designation was not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this designation while you were editing. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."
	}
	return s.render(w, r, status, "designation_form", v)
}

func (s *Server) newDesignationPage(w http.ResponseWriter, r *http.Request) error {
	return s.designationForm(w, r, http.StatusOK, aims.Designation{From: s.today(), AcceptUpTo: aims.LimitNone}, true, nil)
}

func (s *Server) editDesignationPage(w http.ResponseWriter, r *http.Request) error {
	d, err := lookup(r, s.store.Designation)
	if err == nil && d.Archived {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	return s.designationForm(w, r, http.StatusOK, d, false, nil)
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
	var err error
	if d.UserID, err = formID(f.Get("user_id")); err != nil {
		errs["user_id"] = "must be a member"
	}
	if d.From, err = aims.ParseDate(strings.TrimSpace(f.Get("from"))); err != nil {
		errs["from"] = "must be a date (YYYY-MM-DD)"
	}
	if d.Until, err = aims.ParseDate(strings.TrimSpace(f.Get("until"))); err != nil {
		errs["until"] = "must be a date (YYYY-MM-DD)"
	}
	if len(errs) > 0 {
		return d, &aims.ValidationError{Fields: errs}
	}
	return d, nil
}

func (s *Server) createDesignationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := designationFromForm(r)
	if err == nil {
		var created aims.Designation
		if created, err = s.store.CreateDesignation(r.Context(), p, d); err == nil {
			return s.redirect(w, r, "/management/"+strconv.FormatInt(created.ID, 10), created.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.designationForm(w, r, http.StatusUnprocessableEntity, d, true, err)
	}
	return err
}

func (s *Server) updateDesignationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Designation)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	d, err := designationFromForm(r)
	d.ID, d.Ref, d.Version = current.ID, current.Ref, version
	if err == nil {
		var saved aims.Designation
		if saved, err = s.store.UpdateDesignation(r.Context(), p, d); err == nil {
			return s.redirect(w, r, "/management/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.designationForm(w, r, http.StatusUnprocessableEntity, d, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Designation(r.Context(), p.OrgID, d.ID); lerr == nil {
			d.Version = latest.Version
		}
		return s.designationForm(w, r, http.StatusConflict, d, false, err)
	}
	return err
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

func (s *Server) apiDesignation(w http.ResponseWriter, r *http.Request) error {
	d, err := lookup(r, s.store.Designation)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiCreateDesignation(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.Designation
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.CreateDesignation(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/designations/"+strconv.FormatInt(d.ID, 10))
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiUpdateDesignation(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Designation)
	if err != nil {
		return err
	}
	var in aims.Designation
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ID != 0 && in.ID != current.ID {
		return aims.Invalid("id", "does not match the ID in the address")
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	in.ID = current.ID
	d, err := s.store.UpdateDesignation(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}
