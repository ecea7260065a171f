package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// obligationAt reads the obligation the path's {id} names.
func (s *Server) obligationAt(r *http.Request, editable bool) (aims.Obligation, error) {
	o, err := lookup(r, s.store.Obligation)
	if err == nil && editable && o.Archived {
		return o, aims.ErrArchived
	}
	return o, err
}

func obligationRef(o aims.Obligation) string { return o.Ref }

// obligationFilter reads the obligations' filters from a query string.
func obligationFilter(q url.Values, limit int) (aims.ObligationFilter, error) {
	qr := newQueryReader(q)
	f := aims.ObligationFilter{
		ListParams: qr.list(limit),
		Kind:       aims.ObligationKind(qr.str("kind")),
		Status:     aims.Compliance(qr.str("status")),
		AISystemID: qr.int64("ai_system_id"),
		PartyID:    qr.int64("party_id"),
		OwnerID:    qr.int64("owner_id"),
		Archived:   qr.bool("archived"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type obligationsView struct {
	layout
	listNav
	Filter   aims.ObligationFilter
	Page     aims.Page[aims.Obligation]
	Members  []aims.Member
	Systems  []aims.AISystem
	Kinds    []aims.ObligationKind
	Statuses []aims.Compliance
}

func (s *Server) apiObligations(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := obligationFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Obligations(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// proposed is the answer to a proposal: the obligations it created (none
// when every set was recorded already, or the system is not classified).
type proposed struct {
	Classified bool              `json:"classified"`
	Items      []aims.Obligation `json:"items"`
	Total      int               `json:"total"`
}

// propose records the obligations the path's AI system's EU AI Act
// classification yields that are not recorded for it yet. Another
// organization's system is not found; an unclassified one yields none.
func (s *Server) propose(r *http.Request) (proposed, aims.AISystem, error) {
	p, _ := principalOf(r.Context())
	out := proposed{Items: []aims.Obligation{}}
	a, err := s.aiSystemAt(r, true)
	if err != nil || a.EUAIAct == nil {
		return out, a, err
	}
	out.Classified = true
	out.Items, err = s.store.ProposeObligations(r.Context(), p, a.ID, s.cat.ObligationProposals(a))
	out.Total = len(out.Items)
	return out, a, err
}

func (s *Server) apiProposeObligations(w http.ResponseWriter, r *http.Request) error {
	out, _, err := s.propose(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) proposeObligationsForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	out, a, err := s.propose(r)
	if err != nil {
		return err
	}
	msg := "The EU AI Act obligations of " + a.Ref + " were all recorded already; nothing new."
	switch {
	case !out.Classified:
		msg = a.Ref + " has no EU AI Act classification yet, so nothing was proposed. Classify it first."
	case out.Total > 0:
		refs := make([]string, out.Total)
		for i, o := range out.Items {
			refs[i] = o.Ref
		}
		msg = "Proposed from the EU AI Act classification of " + a.Ref + ": " + strings.Join(refs, ", ") + ". Assess each and record how it is met."
	}
	return s.redirect(w, r, "/obligations?ai_system_id="+strconv.FormatInt(a.ID, 10), msg)
}

func (s *Server) obligationsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := obligationFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Obligations(r.Context(), p.OrgID, f)
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
	title := "Obligations"
	if f.Archived {
		title = "Archived obligations"
	}
	v := obligationsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Systems: systems,
		listNav: newListNav("/obligations", "/api/v1/obligations.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Kinds:   aims.ObligationKinds, Statuses: aims.Compliances}
	return s.render(w, r, http.StatusOK, "obligations", v)
}

func (s *Server) obligationsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := obligationFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "obligations", report.ObligationColumns, func(fn func(aims.Obligation) error) error {
		return s.store.EachObligation(r.Context(), p.OrgID, f, fn)
	})
}

type obligationPageView struct {
	layout
	Evidence   evidencePanel // how the obligation is shown to be met
	Obligation aims.Obligation
	History    []historyRow
}

func (s *Server) obligationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.obligationAt(r, false)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterObligations, o.ID)
	if err != nil {
		return err
	}
	v := obligationPageView{layout: s.layoutFor(w, r, o.Ref+" "+o.Title), Obligation: o, History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterObligations, strconv.FormatInt(o.ID, 10), !o.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "obligation", v)
}

type obligationFormView struct {
	layout
	Obligation aims.Obligation
	New        bool
	Members    []aims.Member
	Systems    []aims.AISystem
	Parties    []aims.Linked
	Kinds      []aims.ObligationKind
	Statuses   []aims.Compliance
	Conflict   []changeRow
}

// LinksSystem and LinksParty tell the form's checkboxes which records the
// obligation links to.
func (v obligationFormView) LinksSystem(id int64) bool {
	return slices.Contains(v.Obligation.AISystemIDs, id)
}

func (v obligationFormView) LinksParty(id int64) bool {
	return slices.Contains(v.Obligation.PartyIDs, id)
}

func (s *Server) obligationForm(w http.ResponseWriter, r *http.Request, status int, o aims.Obligation, isNew bool, err error) error {
	p, _ := principalOf(r.Context())
	members, lerr := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if lerr != nil {
		return lerr
	}
	systems, lerr := s.store.AISystemNames(r.Context(), p.OrgID)
	if lerr != nil {
		return lerr
	}
	parties, lerr := s.store.PartyNames(r.Context(), p.OrgID)
	if lerr != nil {
		return lerr
	}
	title := "Edit " + o.Ref
	if isNew {
		title = "Record an obligation"
	}
	v := obligationFormView{layout: s.layoutFor(w, r, title), Obligation: o, New: isNew, Members: members.Items,
		Systems: systems, Parties: parties, Kinds: aims.ObligationKinds, Statuses: aims.Compliances}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The obligation was not saved. Correct the fields marked below."
	}
	if errors.Is(err, aims.ErrConflict) {
		saved, serr := s.store.Obligation(r.Context(), p.OrgID, o.ID)
		if serr != nil {
			return serr
		}
		o.Normalize()
		changes, derr := aims.Diff(saved, o, "id", "ref", "version", "created_at", "updated_at", "archived", "owner_name",
			"ai_systems", "parties", "eu_ai_act_set")
		if derr != nil {
			return derr
		}
		v.Obligation.Version, v.Obligation.Ref = saved.Version, saved.Ref
		v.ErrorText = "Someone else saved this obligation while you were editing. Your changes are below and were not saved. " +
			"Compare them with the saved values, then save again to keep yours."
		for _, c := range changes {
			v.Conflict = append(v.Conflict, changeRows(c.Field, c.Old, c.New)...)
		}
	}
	return s.render(w, r, status, "obligation_form", v)
}

func (s *Server) newObligationPage(w http.ResponseWriter, r *http.Request) error {
	o := aims.Obligation{Kind: aims.KindLegal, Status: aims.ComplianceNotAssessed}
	// A link from an AI system or a party's page starts the obligation linked to it.
	if id, err := strconv.ParseInt(r.URL.Query().Get("ai_system_id"), 10, 64); err == nil {
		o.AISystemIDs = []int64{id}
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("party_id"), 10, 64); err == nil {
		o.PartyIDs = []int64{id}
	}
	return s.obligationForm(w, r, http.StatusOK, o, true, nil)
}

// obligationFromForm reads the edit form over base.
func obligationFromForm(r *http.Request, base aims.Obligation) (aims.Obligation, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	o := base
	errs := map[string]string{}
	o.Title, o.Kind, o.Source, o.Asks = f.Get("title"), aims.ObligationKind(f.Get("kind")), f.Get("source"), f.Get("asks")
	o.HowMet, o.Status = f.Get("how_met"), aims.Compliance(f.Get("status"))
	var err error
	if o.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if o.ReviewDate, err = aims.ParseDate(strings.TrimSpace(f.Get("review_date"))); err != nil {
		errs["review_date"] = "must be a date (YYYY-MM-DD)"
	}
	for field, dst := range map[string]*[]int64{"ai_system_ids": &o.AISystemIDs, "party_ids": &o.PartyIDs} {
		*dst = []int64{}
		for _, v := range nonEmpty(f[field]) {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs[field] = "must list records"
				break
			}
			*dst = append(*dst, id)
		}
	}
	o.Version = 0
	if len(errs) > 0 {
		return o, &aims.ValidationError{Fields: errs}
	}
	return o, nil
}

func (s *Server) createObligationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := obligationFromForm(r, aims.Obligation{})
	if err == nil {
		var created aims.Obligation
		if created, err = s.store.CreateObligation(r.Context(), p, o); err == nil {
			return s.redirect(w, r, "/obligations/"+strconv.FormatInt(created.ID, 10), created.Ref+" recorded.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.obligationForm(w, r, http.StatusUnprocessableEntity, o, true, err)
	}
	return err
}

func (s *Server) editObligationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.obligationAt(r, true)
	if err != nil {
		return err
	}
	return s.obligationForm(w, r, http.StatusOK, o, false, nil)
}

func (s *Server) updateObligationForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.obligationAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	o, err := obligationFromForm(r, current)
	o.Version = version
	if err == nil {
		var saved aims.Obligation
		if saved, err = s.store.UpdateObligation(r.Context(), p, o); err == nil {
			return s.redirect(w, r, "/obligations/"+strconv.FormatInt(current.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.obligationForm(w, r, http.StatusUnprocessableEntity, o, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.obligationForm(w, r, http.StatusConflict, o, false, err)
	}
	return err
}

// obligationParams are the obligations list's query parameters.
var obligationParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.ObligationSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"kind", "string", "Kind of obligation.", enumStrings(aims.ObligationKinds)},
	queryParam{"status", "string", "Compliance status.", enumStrings(aims.Compliances)},
	queryParam{"ai_system_id", "integer", "Only obligations that concern this AI system.", nil},
	queryParam{"party_id", "integer", "Only obligations that concern this interested party.", nil},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"archived", "boolean", "List archived obligations instead of active ones.", nil},
)

// obligationAPI is the register's API read, create and update handlers.
func (s *Server) obligationAPI() registerHandlers[aims.Obligation] {
	return registerHandlers[aims.Obligation]{s: s, api: "/api/v1/obligations", get: s.store.Obligation,
		create: s.store.CreateObligation,
		update: s.store.UpdateObligation,
		key:    func(v *aims.Obligation) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version }}
}
