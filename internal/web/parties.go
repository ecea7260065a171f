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

// partyAt reads the interested party the path's {id} names.
func (s *Server) partyAt(r *http.Request, editable bool) (aims.Party, error) {
	p, err := lookup(r, s.store.Party)
	if err == nil && editable && p.Archived {
		return p, aims.ErrArchived
	}
	return p, err
}

func partyRef(p aims.Party) string { return p.Ref }

// partyFilter reads the interested parties' filters from a query string.
func partyFilter(q url.Values, limit int) (aims.PartyFilter, error) {
	qr := newQueryReader(q)
	f := aims.PartyFilter{
		ListParams: qr.list(limit),
		Type:       aims.PartyType(qr.str("type")),
		Addressed:  aims.Addressed(qr.str("addressed")),
		OwnerID:    qr.int64("owner_id"),
		Archived:   qr.bool("archived"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type partiesView struct {
	layout
	listNav
	Filter     aims.PartyFilter
	Page       aims.Page[aims.Party]
	Members    []aims.Member
	Types      []aims.PartyType
	Addressing []aims.Addressed
}

func (s *Server) apiParties(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := partyFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Parties(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) partiesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := partyFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Parties(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Interested parties"
	if f.Archived {
		title = "Archived interested parties"
	}
	v := partiesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items,
		listNav: newListNav("/interested-parties", "/api/v1/interested-parties.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Types:   aims.PartyTypes, Addressing: aims.Addressings}
	return s.render(w, r, http.StatusOK, "parties", v)
}

func (s *Server) partiesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := partyFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "interested-parties", report.PartyColumns, func(fn func(aims.Party) error) error {
		return s.store.EachParty(r.Context(), p.OrgID, f, fn)
	})
}

type partyView struct {
	layout
	Party       aims.Party
	Obligations []aims.Obligation
	History     []historyRow
}

func (s *Server) partyPage(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	p, err := s.partyAt(r, false)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterParties, p.ID)
	if err != nil {
		return err
	}
	obl, err := s.store.Obligations(r.Context(), pr.OrgID, aims.ObligationFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}, PartyID: p.ID})
	if err != nil {
		return err
	}
	v := partyView{layout: s.layoutFor(w, r, p.Ref+" "+p.Name), Party: p, History: history, Obligations: obl.Items}
	return s.render(w, r, http.StatusOK, "party", v)
}

type partyFormView struct {
	layout
	Party      aims.Party
	New        bool
	Members    []aims.Member
	Types      []aims.PartyType
	Addressing []aims.Addressed
	Conflict   []changeRow
}

func (s *Server) partyForm(w http.ResponseWriter, r *http.Request, status int, p aims.Party, isNew bool, err error) error {
	pr, _ := principalOf(r.Context())
	members, merr := s.store.Members(r.Context(), pr.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	title := "Edit " + p.Ref
	if isNew {
		title = "Add an interested party"
	}
	v := partyFormView{layout: s.layoutFor(w, r, title), Party: p, New: isNew, Members: members.Items,
		Types: aims.PartyTypes, Addressing: aims.Addressings}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The interested party was not saved. Correct the fields marked below."
	}
	if errors.Is(err, aims.ErrConflict) {
		saved, serr := s.store.Party(r.Context(), pr.OrgID, p.ID)
		if serr != nil {
			return serr
		}
		p.Normalize()
		changes, derr := aims.Diff(saved, p, "id", "ref", "version", "created_at", "updated_at", "archived", "owner_name")
		if derr != nil {
			return derr
		}
		v.Party.Version, v.Party.Ref = saved.Version, saved.Ref
		v.ErrorText = "Someone else saved this interested party while you were editing. Your changes are below and were not saved. " +
			"Compare them with the saved values, then save again to keep yours."
		for _, c := range changes {
			v.Conflict = append(v.Conflict, changeRows(c.Field, c.Old, c.New)...)
		}
	}
	return s.render(w, r, status, "party_form", v)
}

func (s *Server) newPartyPage(w http.ResponseWriter, r *http.Request) error {
	return s.partyForm(w, r, http.StatusOK, aims.Party{Type: aims.PartyCustomer, Addressed: aims.AddressedNot}, true, nil)
}

// partyFromForm reads the edit form over base.
func partyFromForm(r *http.Request, base aims.Party) (aims.Party, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	p := base
	errs := map[string]string{}
	p.Name, p.Type, p.Internal = f.Get("name"), aims.PartyType(f.Get("type")), f.Get("internal") == "on"
	p.Needs, p.Requirements = f.Get("needs"), f.Get("requirements")
	p.Addressed, p.HowAddressed = aims.Addressed(f.Get("addressed")), f.Get("how_addressed")
	var err error
	if p.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if p.ReviewDate, err = aims.ParseDate(strings.TrimSpace(f.Get("review_date"))); err != nil {
		errs["review_date"] = "must be a date (YYYY-MM-DD)"
	}
	p.Version = 0
	if len(errs) > 0 {
		return p, &aims.ValidationError{Fields: errs}
	}
	return p, nil
}

func (s *Server) createPartyForm(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	p, err := partyFromForm(r, aims.Party{})
	if err == nil {
		var created aims.Party
		if created, err = s.store.CreateParty(r.Context(), pr, p); err == nil {
			return s.redirect(w, r, "/interested-parties/"+strconv.FormatInt(created.ID, 10), created.Ref+" added.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.partyForm(w, r, http.StatusUnprocessableEntity, p, true, err)
	}
	return err
}

func (s *Server) editPartyPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.partyAt(r, true)
	if err != nil {
		return err
	}
	return s.partyForm(w, r, http.StatusOK, p, false, nil)
}

func (s *Server) updatePartyForm(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	current, err := s.partyAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	p, err := partyFromForm(r, current)
	p.Version = version
	if err == nil {
		var saved aims.Party
		if saved, err = s.store.UpdateParty(r.Context(), pr, p); err == nil {
			return s.redirect(w, r, "/interested-parties/"+strconv.FormatInt(current.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.partyForm(w, r, http.StatusUnprocessableEntity, p, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.partyForm(w, r, http.StatusConflict, p, false, err)
	}
	return err
}

// partyParams are the interested parties list's query parameters.
var partyParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.PartySorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"type", "string", "Type of party.", enumStrings(aims.PartyTypes)},
	queryParam{"addressed", "string", "Whether the AIMS addresses the party's requirements.", enumStrings(aims.Addressings)},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"archived", "boolean", "List archived parties instead of active ones.", nil},
)

// partyAPI is the register's API read, create and update handlers.
func (s *Server) partyAPI() registerHandlers[aims.Party] {
	return registerHandlers[aims.Party]{s: s, api: "/api/v1/interested-parties", get: s.store.Party,
		create: s.store.CreateParty,
		update: s.store.UpdateParty,
		key:    func(v *aims.Party) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version }}
}
