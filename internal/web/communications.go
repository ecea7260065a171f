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

// The communication plan (7.4) and the log of what was sent under it.

func communicationRef(c aims.Communication) string { return c.Ref }

// sendLogLimit is how many log entries a plan item's page shows.
const sendLogLimit = 100

func communicationFilter(q url.Values, today aims.Date, limit int) (aims.CommunicationFilter, error) {
	qr := newQueryReader(q)
	f := aims.CommunicationFilter{ListParams: qr.list(limit), Audience: aims.Audience(qr.str("audience")),
		Frequency: aims.Frequency(qr.str("frequency")), OwnerID: qr.int64("owner_id"), Overdue: qr.bool("overdue"),
		Archived: qr.bool("archived"), Today: today}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type communicationsView struct {
	layout
	listNav
	Filter      aims.CommunicationFilter
	Page        aims.Page[aims.Communication]
	Members     []aims.Member
	Audiences   []aims.Audience
	Frequencies []aims.Frequency
}

func (s *Server) communicationsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := communicationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Communications(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := communicationsView{layout: s.layoutFor(w, r, "Communication plan"), Filter: f, Page: page, Members: members.Items,
		Audiences: aims.Audiences, Frequencies: aims.Frequencies,
		listNav: newListNav("/communication", "/api/v1/communications.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "communications", v)
}

type communicationView struct {
	layout
	Evidence evidencePanel
	C        aims.Communication
	Overdue  bool
	Sends    []aims.CommunicationSend
	Send     aims.CommunicationSend // the log form's input
	Members  []aims.Member
	History  []historyRow
}

func (s *Server) communicationPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Communication)
	if err != nil {
		return err
	}
	return s.communicationRecord(w, r, http.StatusOK, c, aims.CommunicationSend{SentOn: s.today()}, nil)
}

func (s *Server) communicationRecord(w http.ResponseWriter, r *http.Request, status int, c aims.Communication, send aims.CommunicationSend, ferr error) error {
	p, _ := principalOf(r.Context())
	sends, err := s.store.CommunicationSends(r.Context(), p.OrgID, c.ID, sendLogLimit)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterCommunications, c.ID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := communicationView{layout: s.layoutFor(w, r, c.Ref+" "+c.Subject), C: c, Overdue: c.Overdue(s.today()), Sends: sends,
		Send: send, Members: members.Items, History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterCommunications, strconv.FormatInt(c.ID, 10), !c.Archived); err != nil {
		return err
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The communication was not logged. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this plan item or logged a communication since you opened the page. Your input is below and was not saved; " +
			"check the log, then log it again if it is still missing."
	}
	return s.render(w, r, status, "communication", v)
}

// communicationFormView adds (New) or edits a plan item.
type communicationFormView struct {
	layout
	C           aims.Communication
	New         bool
	Members     []aims.Member
	Audiences   []aims.Audience
	Frequencies []aims.Frequency
}

func (s *Server) communicationForm(w http.ResponseWriter, r *http.Request, status int, c aims.Communication, isNew bool, ferr error) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Edit " + c.Ref
	if isNew {
		title = "Plan a communication"
	}
	v := communicationFormView{layout: s.layoutFor(w, r, title), C: c, New: isNew, Members: members.Items, Audiences: aims.Audiences, Frequencies: aims.Frequencies}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The plan item was not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this plan item while you were editing. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."
	}
	return s.render(w, r, status, "communication_form", v)
}

func (s *Server) newCommunicationPage(w http.ResponseWriter, r *http.Request) error {
	return s.communicationForm(w, r, http.StatusOK, aims.Communication{Audience: aims.AudienceInternal, Frequency: aims.FrequencyQuarterly}, true, nil)
}

func (s *Server) editCommunicationPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Communication)
	if err == nil && c.Archived {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	return s.communicationForm(w, r, http.StatusOK, c, false, nil)
}

func communicationFromForm(r *http.Request) (aims.Communication, error) {
	var c aims.Communication
	if err := parseForm(r); err != nil {
		return c, err
	}
	f := r.PostForm
	errs := map[string]string{}
	c.Subject, c.Content, c.Audience, c.AudienceDetail = f.Get("subject"), f.Get("content"), aims.Audience(f.Get("audience")), f.Get("audience_detail")
	c.Frequency, c.Channel, c.InterestedParty = aims.Frequency(f.Get("frequency")), f.Get("channel"), f.Get("interested_party")
	var err error
	if c.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if c.NextDue, err = aims.ParseDate(strings.TrimSpace(f.Get("next_due"))); err != nil {
		errs["next_due"] = "must be a date (YYYY-MM-DD)"
	}
	if len(errs) > 0 {
		return c, &aims.ValidationError{Fields: errs}
	}
	return c, nil
}

func (s *Server) createCommunicationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := communicationFromForm(r)
	if err == nil {
		var created aims.Communication
		if created, err = s.store.CreateCommunication(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/communication/"+strconv.FormatInt(created.ID, 10), created.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.communicationForm(w, r, http.StatusUnprocessableEntity, c, true, err)
	}
	return err
}

func (s *Server) updateCommunicationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Communication)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	c, err := communicationFromForm(r)
	c.ID, c.Ref, c.Version = current.ID, current.Ref, version
	if err == nil {
		var saved aims.Communication
		if saved, err = s.store.UpdateCommunication(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/communication/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.communicationForm(w, r, http.StatusUnprocessableEntity, c, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Communication(r.Context(), p.OrgID, c.ID); lerr == nil {
			c.Version = latest.Version
		}
		return s.communicationForm(w, r, http.StatusConflict, c, false, err)
	}
	return err
}

// logSentForm records something sent under the plan item.
func (s *Server) logSentForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Communication)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := aims.CommunicationSend{What: f.Get("what"), Recipients: f.Get("recipients"), Link: strings.TrimSpace(f.Get("link")), Version: version}
	errs := map[string]string{}
	if in.SentByID, err = formID(f.Get("sent_by_id")); err != nil {
		errs["sent_by_id"] = "must be a member"
	}
	if in.SentOn, err = aims.ParseDate(strings.TrimSpace(f.Get("sent_on"))); err != nil {
		errs["sent_on"] = "must be a date (YYYY-MM-DD)"
	}
	if len(errs) > 0 {
		err = &aims.ValidationError{Fields: errs}
	} else {
		var saved aims.Communication
		if saved, err = s.store.LogCommunication(r.Context(), p, current.ID, in); err == nil {
			return s.redirect(w, r, "/communication/"+strconv.FormatInt(saved.ID, 10), "Logged under "+saved.Ref+".")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.communicationRecord(w, r, http.StatusUnprocessableEntity, current, in, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Communication(r.Context(), p.OrgID, current.ID); lerr == nil {
			current = latest
		}
		return s.communicationRecord(w, r, http.StatusConflict, current, in, err)
	}
	return err
}

func (s *Server) communicationsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := communicationFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "communications", report.CommunicationColumns, func(fn func(aims.Communication) error) error {
		return s.store.EachCommunication(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiCommunications(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := communicationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Communications(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiLogCommunication(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Communication)
	if err != nil {
		return err
	}
	var in aims.CommunicationSend
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the plan item's version you read")
	}
	if in.CommunicationID != 0 && in.CommunicationID != current.ID {
		return aims.Invalid("communication_id", "does not match the ID in the address")
	}
	c, err := s.store.LogCommunication(r.Context(), p, current.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// communicationAPI is the register's API read, create and update handlers.
func (s *Server) communicationAPI() registerHandlers[aims.Communication] {
	return registerHandlers[aims.Communication]{s: s, api: "/api/v1/communications", get: s.store.Communication,
		create: s.store.CreateCommunication,
		update: s.store.UpdateCommunication,
		key:    func(v *aims.Communication) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version }}
}
