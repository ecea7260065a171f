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

// Acknowledgement campaigns (7.3): people asked to read an approved
// document version, who did, and the progress.

func campaignRef(c aims.Campaign) string { return c.Ref }

func campaignFilter(q url.Values, limit int) (aims.CampaignFilter, error) {
	qr := newQueryReader(q)
	f := aims.CampaignFilter{ListParams: qr.list(limit), Status: aims.CampaignStatus(qr.str("status")),
		DocumentID: qr.int64("document_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type campaignsView struct {
	layout
	listNav
	Filter   aims.CampaignFilter
	Page     aims.Page[aims.Campaign]
	Statuses []aims.CampaignStatus
}

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := campaignFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Campaigns(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := campaignsView{layout: s.layoutFor(w, r, "Acknowledgements"), Filter: f, Page: page, Statuses: aims.CampaignStatuses,
		listNav: newListNav("/acknowledgements", "", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "acknowledgements", v)
}

type campaignView struct {
	layout
	C       aims.Campaign
	People  []aims.Acknowledgement
	Mine    *aims.Acknowledgement // the signed-in member's own line, if asked
	Overdue bool
	Ack     aims.AckInput // the on-behalf form's input
	History []historyRow
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	return s.campaignRecord(w, r, http.StatusOK, c, aims.AckInput{}, nil)
}

func (s *Server) campaignRecord(w http.ResponseWriter, r *http.Request, status int, c aims.Campaign, in aims.AckInput, ferr error) error {
	p, _ := principalOf(r.Context())
	people, err := s.store.CampaignPeople(r.Context(), p.OrgID, c.ID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterAcknowledgements, c.ID)
	if err != nil {
		return err
	}
	v := campaignView{layout: s.layoutFor(w, r, c.Ref+" "+c.Title), C: c, People: people, Overdue: c.Overdue(s.today()), Ack: in, History: history}
	for i := range people {
		if people[i].UserID == p.UserID {
			v.Mine = &people[i]
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The acknowledgement was not recorded. Correct the fields marked below."
	case ferr != nil:
		v.ErrorText = ferr.Error()
	}
	return s.render(w, r, status, "acknowledgement", v)
}

type campaignFormView struct {
	layout
	C         aims.Campaign
	New       bool
	Members   []aims.Member
	Documents []aims.Document
	Staff     []aims.Staff
	Roles     []aims.AIMSRole
	Picked    map[int64]bool
	PickedRol map[int64]bool
}

func (s *Server) campaignForm(w http.ResponseWriter, r *http.Request, status int, c aims.Campaign, isNew bool, ferr error) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := campaignFormView{layout: s.layoutFor(w, r, "Edit "+c.Ref), C: c, New: isNew, Members: members.Items,
		Picked: map[int64]bool{}, PickedRol: map[int64]bool{}}
	if isNew {
		v.Title = "Launch an acknowledgement campaign"
		docs, err := s.store.Documents(r.Context(), p.OrgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}})
		if err != nil {
			return err
		}
		for _, d := range docs.Items {
			if d.ApprovedNumber > 0 {
				v.Documents = append(v.Documents, d)
			}
		}
		if v.Staff, err = s.store.StaffNames(r.Context(), p.OrgID); err != nil {
			return err
		}
		if v.Roles, err = s.store.AIMSRoleNames(r.Context(), p.OrgID); err != nil {
			return err
		}
		for _, id := range c.StaffIDs {
			v.Picked[id] = true
		}
		for _, id := range c.RoleIDs {
			v.PickedRol[id] = true
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The campaign was not saved. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this campaign while you were editing. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."
	}
	return s.render(w, r, status, "acknowledgement_form", v)
}

func (s *Server) newCampaignPage(w http.ResponseWriter, r *http.Request) error {
	return s.campaignForm(w, r, http.StatusOK, aims.Campaign{DueDate: s.today().AddDays(14), Status: aims.CampaignOpen}, true, nil)
}

func (s *Server) editCampaignPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Campaign)
	if err == nil && c.Archived {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	return s.campaignForm(w, r, http.StatusOK, c, false, nil)
}

func formIDs(values []string) ([]int64, bool) {
	out := []int64{}
	for _, v := range nonEmpty(values) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return out, false
		}
		out = append(out, id)
	}
	return out, true
}

func campaignFromForm(r *http.Request) (aims.Campaign, error) {
	var c aims.Campaign
	if err := parseForm(r); err != nil {
		return c, err
	}
	f := r.PostForm
	errs := map[string]string{}
	c.Title, c.Status = f.Get("title"), aims.CampaignStatus(f.Get("status"))
	var err error
	var ok bool
	if c.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if c.DueDate, err = aims.ParseDate(strings.TrimSpace(f.Get("due_date"))); err != nil {
		errs["due_date"] = "must be a date (YYYY-MM-DD)"
	}
	if c.DocumentID, err = formID(f.Get("document_id")); err != nil {
		errs["document_id"] = "choose a document"
	}
	if v := strings.TrimSpace(f.Get("doc_version")); v != "" {
		if c.DocVersion, err = strconv.Atoi(v); err != nil {
			errs["doc_version"] = "must be a version number"
		}
	}
	if c.StaffIDs, ok = formIDs(f["staff_ids"]); !ok {
		errs["staff_ids"] = "must be people"
	}
	if c.RoleIDs, ok = formIDs(f["role_ids"]); !ok {
		errs["role_ids"] = "must be AIMS roles"
	}
	if len(errs) > 0 {
		return c, &aims.ValidationError{Fields: errs}
	}
	return c, nil
}

func (s *Server) createCampaignForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := campaignFromForm(r)
	if err == nil && c.DocVersion == 0 && c.DocumentID > 0 {
		// No version given: the one in force.
		if d, derr := s.store.Document(r.Context(), p.OrgID, c.DocumentID); derr == nil {
			c.DocVersion = d.ApprovedNumber
		}
	}
	if err == nil {
		var created aims.Campaign
		if created, err = s.store.CreateCampaign(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/acknowledgements/"+strconv.FormatInt(created.ID, 10), created.Ref+" launched.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.campaignForm(w, r, http.StatusUnprocessableEntity, c, true, err)
	}
	return err
}

func (s *Server) updateCampaignForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	c, err := campaignFromForm(r)
	c.ID, c.Ref, c.Version, c.DocumentID, c.DocVersion = current.ID, current.Ref, version, current.DocumentID, current.DocVersion
	if err == nil {
		var saved aims.Campaign
		if saved, err = s.store.UpdateCampaign(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/acknowledgements/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.campaignForm(w, r, http.StatusUnprocessableEntity, c, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Campaign(r.Context(), p.OrgID, c.ID); lerr == nil {
			c.Version = latest.Version
		}
		return s.campaignForm(w, r, http.StatusConflict, c, false, err)
	}
	return err
}

// acknowledgeForm is the signed-in person's own "I have read it"; back to
// where they pressed it.
func (s *Server) acknowledgeForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.store.Acknowledge(r.Context(), p, c.ID, aims.AckInput{}, false); err != nil {
		return err
	}
	to := "/acknowledgements/" + strconv.FormatInt(c.ID, 10)
	if r.PostForm.Get("back") == "mine" {
		to = "/acknowledgements/mine"
	}
	return s.redirect(w, r, to, "Recorded: you have read version "+strconv.Itoa(c.DocVersion)+" of "+c.DocumentRef+".")
}

// recordAckForm records an acknowledgement on someone's behalf.
func (s *Server) recordAckForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := aims.AckInput{Note: r.PostForm.Get("note")}
	if in.StaffID, err = formID(r.PostForm.Get("staff_id")); err != nil {
		err = aims.Invalid("staff_id", "choose a person")
	} else {
		var a aims.Acknowledgement
		if a, err = s.store.Acknowledge(r.Context(), p, c.ID, in, true); err == nil {
			return s.redirect(w, r, "/acknowledgements/"+strconv.FormatInt(c.ID, 10), "Recorded for "+a.StaffName+".")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.campaignRecord(w, r, http.StatusUnprocessableEntity, c, in, err)
	}
	return err
}

type myAcksView struct {
	layout
	Items []aims.MyAcknowledgement
}

func (s *Server) myAcknowledgementsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	items, err := s.store.MyAcknowledgements(r.Context(), p)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "acknowledgements_mine", myAcksView{layout: s.layoutFor(w, r, "Documents I am asked to read"), Items: items})
}

func (s *Server) campaignPeopleCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	people, err := s.store.CampaignPeople(r.Context(), p.OrgID, c.ID)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "acknowledgements-"+strings.ToLower(c.Ref), report.AcknowledgementColumns, func(fn func(aims.Acknowledgement) error) error {
		for _, a := range people {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := campaignFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Campaigns(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.Campaign
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateCampaign(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/acknowledgements/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiUpdateCampaign(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	var in aims.Campaign
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
	c, err := s.store.UpdateCampaign(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiCampaignPeople(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	people, err := s.store.CampaignPeople(r.Context(), p.OrgID, c.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.Acknowledgement]{Items: people, Total: len(people)})
}

func (s *Server) apiMyAcknowledgements(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	items, err := s.store.MyAcknowledgements(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.MyAcknowledgement]{Items: items, Total: len(items)})
}

// apiAcknowledge records the caller's own acknowledgement; the body may be
// empty.
func (s *Server) apiAcknowledge(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	a, err := s.store.Acknowledge(r.Context(), p, c.ID, aims.AckInput{}, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiRecordAck(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.Campaign)
	if err != nil {
		return err
	}
	var in aims.AckInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.Acknowledge(r.Context(), p, c.ID, in, true)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
