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

// Concerns about the organization's AI (A.3.3): the register members
// triage, and the organization's public reporting page (public_report.go).

func concernRef(c aims.Concern) string { return c.Ref }

func concernFilter(q url.Values, today aims.Date, limit int) (aims.ConcernFilter, error) {
	qr := newQueryReader(q)
	f := aims.ConcernFilter{ListParams: qr.list(limit), Status: aims.ConcernStatus(qr.str("status")),
		Category: aims.ConcernCategory(qr.str("category")), Severity: aims.ConcernSeverity(qr.str("severity")),
		OwnerID: qr.int64("owner_id"), AISystemID: qr.int64("ai_system_id"), Open: qr.bool("open"),
		Overdue: qr.bool("overdue"), Archived: qr.bool("archived"), Today: today}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type concernsView struct {
	layout
	listNav
	Filter     aims.ConcernFilter
	Page       aims.Page[aims.Concern]
	Members    []aims.Member
	Systems    []aims.AISystem
	Statuses   []aims.ConcernStatus
	Categories []aims.ConcernCategory
	Severities []aims.ConcernSeverity
	Channel    aims.ConcernChannelState
	PublicURL  string
}

func (s *Server) concernsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := concernFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Concerns(r.Context(), p.OrgID, f)
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
	ch, err := s.store.ConcernChannel(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := concernsView{layout: s.layoutFor(w, r, "Concerns"), Filter: f, Page: page, Members: members.Items, Systems: systems,
		Statuses: aims.ConcernStatuses, Categories: aims.ConcernCategories, Severities: aims.ConcernSeverities, Channel: ch,
		listNav: newListNav("/concerns", "/api/v1/concerns.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	if ch.Enabled {
		v.PublicURL = s.origin(r) + "/report/" + ch.Key
	}
	return s.render(w, r, http.StatusOK, "concerns", v)
}

// origin is the address people reach this server at, for links they copy.
func (s *Server) origin(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type concernView struct {
	layout
	Evidence   evidencePanel
	C          aims.Concern
	Overdue    bool
	History    []historyRow
	Members    []aims.Member
	Systems    []aims.AISystem
	Statuses   []aims.ConcernStatus
	Categories []aims.ConcernCategory
	Severities []aims.ConcernSeverity
}

// concernPage is a concern with its triage form; a refused triage comes
// back here with the person's input and the messages.
func (s *Server) concernPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Concern)
	if err != nil {
		return err
	}
	return s.concernTriage(w, r, http.StatusOK, c, nil)
}

func (s *Server) concernTriage(w http.ResponseWriter, r *http.Request, status int, c aims.Concern, ferr error) error {
	p, _ := principalOf(r.Context())
	history, err := s.history(r, aims.RegisterConcerns, c.ID)
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
	v := concernView{layout: s.layoutFor(w, r, c.Ref+" "+c.Summary), C: forReader(p, c), Overdue: c.ResponseOverdue(s.today()), History: history,
		Members: members.Items, Systems: systems, Statuses: aims.ConcernStatuses, Categories: aims.ConcernCategories, Severities: aims.ConcernSeverities}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterConcerns, strconv.FormatInt(c.ID, 10), !c.Archived); err != nil {
		return err
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The triage was not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this concern while you were triaging it. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."
	}
	return s.render(w, r, status, "concern", v)
}

// triageFromForm overlays the triage form's fields on the concern as read:
// what the reporter said stays as received.
func triageFromForm(r *http.Request, c aims.Concern) (aims.Concern, error) {
	f := r.PostForm
	errs := map[string]string{}
	c.Status, c.Severity, c.Category = aims.ConcernStatus(f.Get("status")), aims.ConcernSeverity(f.Get("severity")), aims.ConcernCategory(f.Get("category"))
	c.Resolution, c.Answer = f.Get("resolution"), f.Get("answer")
	var err error
	if c.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if c.AISystemID, err = formID(f.Get("ai_system_id")); err != nil {
		errs["ai_system_id"] = "must be an AI system"
	}
	if c.ResponseDue, err = aims.ParseDate(strings.TrimSpace(f.Get("response_due"))); err != nil {
		errs["response_due"] = "must be a date (YYYY-MM-DD)"
	}
	if len(errs) > 0 {
		return c, &aims.ValidationError{Fields: errs}
	}
	return c, nil
}

func (s *Server) triageConcernForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Concern)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	c, err := triageFromForm(r, current)
	c.Version = version
	if err == nil {
		var saved aims.Concern
		if saved, err = s.store.UpdateConcern(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/concerns/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.concernTriage(w, r, http.StatusUnprocessableEntity, c, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Concern(r.Context(), p.OrgID, c.ID); lerr == nil {
			c.Version = latest.Version
		}
		return s.concernTriage(w, r, http.StatusConflict, c, err)
	}
	return err
}

// concernFormView logs a concern a member received.
type concernFormView struct {
	layout
	C          aims.Concern
	Members    []aims.Member
	Systems    []aims.AISystem
	Channels   []aims.ConcernChannel
	Categories []aims.ConcernCategory
}

func (s *Server) concernForm(w http.ResponseWriter, r *http.Request, status int, c aims.Concern, ferr error) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := concernFormView{layout: s.layoutFor(w, r, "Log a concern"), C: c, Members: members.Items, Systems: systems,
		Channels: aims.ConcernChannels[1:], Categories: aims.ConcernCategories}
	var ve *aims.ValidationError
	if errors.As(ferr, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The concern was not saved. Correct the fields marked below."
	}
	return s.render(w, r, status, "concern_form", v)
}

func (s *Server) newConcernPage(w http.ResponseWriter, r *http.Request) error {
	return s.concernForm(w, r, http.StatusOK, aims.Concern{ReceivedOn: s.today(), Channel: aims.ChannelEmail}, nil)
}

func concernFromForm(r *http.Request) (aims.Concern, error) {
	var c aims.Concern
	if err := parseForm(r); err != nil {
		return c, err
	}
	f := r.PostForm
	errs := map[string]string{}
	c.Channel, c.Category = aims.ConcernChannel(f.Get("channel")), aims.ConcernCategory(f.Get("category"))
	c.ReporterName, c.ReporterContact, c.Summary, c.Description = f.Get("reporter_name"), f.Get("reporter_contact"), f.Get("summary"), f.Get("description")
	var err error
	if c.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if c.AISystemID, err = formID(f.Get("ai_system_id")); err != nil {
		errs["ai_system_id"] = "must be an AI system"
	}
	if c.ReceivedOn, err = aims.ParseDate(strings.TrimSpace(f.Get("received_on"))); err != nil {
		errs["received_on"] = "must be a date (YYYY-MM-DD)"
	}
	if len(errs) > 0 {
		return c, &aims.ValidationError{Fields: errs}
	}
	return c, nil
}

func (s *Server) createConcernForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := concernFromForm(r)
	if err == nil {
		var created aims.Concern
		if created, err = s.store.CreateConcern(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/concerns/"+strconv.FormatInt(created.ID, 10), created.Ref+" logged.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.concernForm(w, r, http.StatusUnprocessableEntity, c, err)
	}
	return err
}

// concernChannelForm enables, disables or rotates the public reporting
// page: admins only, at the version the page showed.
func (s *Server) concernChannelForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 0 {
		return badRequest("The form does not carry the version of the reporting page. Reload the page and try again.")
	}
	action := aims.ConcernChannelAction(r.PostForm.Get("action"))
	if _, err := s.store.SetConcernChannel(r.Context(), p, version, action); err != nil {
		return err
	}
	msg := map[aims.ConcernChannelAction]string{
		aims.ChannelEnable:  "The public reporting page is on.",
		aims.ChannelDisable: "The public reporting page is off.",
		aims.ChannelRotate:  "The public reporting page has a new address; the old one no longer answers.",
	}[action]
	return s.redirect(w, r, "/concerns", msg)
}

func (s *Server) concernsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := concernFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "concerns", report.ConcernColumns, func(fn func(aims.Concern) error) error {
		return s.store.EachConcern(r.Context(), p.OrgID, f, func(c aims.Concern) error { return fn(forReader(p, c)) })
	})
}

// forReader leaves the reporter's name and contact out for those who do
// not triage concerns (auditors, viewers): whoever raises a concern about
// the organization's AI is known to as few people as the work needs.
func forReader(p aims.Principal, c aims.Concern) aims.Concern {
	if !p.Role.Can(aims.PermWrite) && (c.ReporterName != "" || c.ReporterContact != "") {
		c.ReporterName, c.ReporterContact, c.ReporterWithheld = "", "", true
	}
	return c
}

func (s *Server) apiConcerns(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := concernFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Concerns(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	for i, c := range page.Items {
		page.Items[i] = forReader(p, c)
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiConcern(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Concern)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, forReader(p, c))
}

func (s *Server) apiCreateConcern(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.Concern
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateConcern(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/concerns/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiUpdateConcern(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Concern)
	if err != nil {
		return err
	}
	var in aims.Concern
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
	c, err := s.store.UpdateConcern(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// channelBody is the API's change to the public reporting page.
type channelBody struct {
	Action  aims.ConcernChannelAction `json:"action"`
	Version int                       `json:"version"`
}

func (s *Server) apiConcernChannel(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	ch, err := s.store.ConcernChannel(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ch)
}

func (s *Server) apiSetConcernChannel(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in channelBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ch, err := s.store.SetConcernChannel(r.Context(), p, in.Version, in.Action)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ch)
}
