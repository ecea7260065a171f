package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/report"
)

// aiSystemAt reads the AI system the path's {id} names, in the acting
// organization; editable additionally refuses an archived one.
func (s *Server) aiSystemAt(r *http.Request, editable bool) (aims.AISystem, error) {
	a, err := lookup(r, s.store.AISystem)
	if err == nil && editable && a.Archived {
		return a, aims.ErrArchived
	}
	return a, err
}

func aiSystemRef(a aims.AISystem) string { return a.Ref }

// aiSystemFilter reads the inventory's filters from a query string; the API,
// the list page and the CSV export share it.
func aiSystemFilter(q url.Values, today aims.Date, limit int) (aims.AISystemFilter, error) {
	qr := newQueryReader(q)
	f := aims.AISystemFilter{
		ListParams: qr.list(limit),
		Lifecycle:  aims.Lifecycle(qr.str("lifecycle")),
		RiskClass:  aims.RiskClass(qr.str("risk_class")),
		OwnerID:    qr.int64("owner_id"),
		InScope:    qr.str("in_scope"),
		Overdue:    qr.bool("overdue"),
		Archived:   qr.bool("archived"),
		Today:      today,
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type aiSystemsView struct {
	layout
	listNav
	Filter  aims.AISystemFilter
	Page    aims.Page[aims.AISystem]
	Members []aims.Member
	Stages  []aims.Lifecycle
	Classes []aims.RiskClass
}

func (s *Server) apiAISystems(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AISystems(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiAISystem(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiCreateAISystem(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.AISystem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateAISystem(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/ai-systems/"+strconv.FormatInt(a.ID, 10))
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiUpdateAISystem(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.aiSystemAt(r, false)
	if err != nil {
		return err // an unknown or foreign ID is not found, whatever the body says
	}
	id := current.ID
	var in aims.AISystem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ID != 0 && in.ID != id {
		return aims.Invalid("id", "does not match the ID in the address")
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	in.ID = id
	a, err := s.store.UpdateAISystem(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) aiSystemsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AISystems(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "AI systems"
	if f.Archived {
		title = "Archived AI systems"
	}
	v := aiSystemsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items,
		listNav: newListNav("/ai-systems", "/api/v1/ai-systems.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Stages:  aims.Lifecycles, Classes: aims.RiskClasses}
	return s.render(w, r, http.StatusOK, "ai_systems", v)
}

func (s *Server) aiSystemsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "ai-systems", report.AISystemColumns, func(fn func(aims.AISystem) error) error {
		return s.store.EachAISystem(r.Context(), p.OrgID, f, fn)
	})
}

type aiSystemView struct {
	layout
	System       aims.AISystem
	Result       aims.Result
	Obligations  []obligationView
	History      []historyRow
	Requirements []*catalog.Requirement
	Overdue      bool
	Evidence     evidencePanel
	Components   componentsPanel
	Incidents    incidentPanel  // A.8: incidents and information for interested parties
	Lifecycle    lifecyclePanel // lifecycle.go
	Risks        aims.RiskSummary
	Impacts      impactPanel
	ThirdParties []aims.ThirdParty    // the suppliers, customers and partners involved (A.10)
	Reassessment []aims.ChangeRequest // approved significant changes whose reassessment is due
	Datasets     datasetsPanel
}

type obligationView struct {
	Set      catalog.ObligationSet
	Provider []*catalog.Requirement
	Deployer []*catalog.Requirement
}

func (s *Server) aiSystemPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := a.ID
	history, err := s.history(r, aims.RegisterAISystems, id)
	if err != nil {
		return err
	}
	reqIDs, err := s.store.GapRequirementsFor(r.Context(), p.OrgID, id)
	if err != nil {
		return err
	}
	v := aiSystemView{layout: s.layoutFor(w, r, a.Ref+" "+a.Name), System: a, History: history, Overdue: a.ReviewOverdue(s.today())}
	if v.Reassessment, err = s.store.ReassessmentsDue(r.Context(), p.OrgID, id); err != nil {
		return err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterAISystems, strconv.FormatInt(id, 10), !a.Archived); err != nil {
		return err
	}
	if v.Components, err = s.componentsPanelFor(r, a); err != nil {
		return err
	}
	if v.Incidents, err = s.incidentPanelFor(r, a, !a.Archived && v.Can("write")); err != nil {
		return err
	}
	if v.Lifecycle, err = s.lifecyclePanelFor(r, a); err != nil {
		return err
	}
	if v.Risks, err = s.riskPanelFor(r, a.ID); err != nil {
		return err
	}
	if v.Impacts, err = s.impactPanelFor(r, v.layout, a); err != nil {
		return err
	}
	if v.Datasets, err = s.datasetsPanelFor(r, a); err != nil {
		return err
	}
	for _, rid := range reqIDs {
		if req, ok := s.cat.Requirement(catalog.ISO42001, rid); ok {
			v.Requirements = append(v.Requirements, req)
		}
	}
	if v.ThirdParties, err = s.thirdPartiesFor(r, id); err != nil {
		return err
	}
	if a.EUAIAct != nil {
		v.Result = a.EUAIAct.Result()
		v.Obligations = s.obligations(v.Result)
	}
	return s.render(w, r, http.StatusOK, "ai_system", v)
}

// obligations resolves the obligation sets a classification result names.
func (s *Server) obligations(res aims.Result) []obligationView {
	var out []obligationView
	for _, key := range res.Obligations {
		for _, set := range s.cat.EUAIAct().Obligations {
			if set.Class != key {
				continue
			}
			ov := obligationView{Set: set}
			for _, a := range set.Provider {
				if req, ok := s.cat.Requirement(catalog.EUAIActID, a); ok {
					ov.Provider = append(ov.Provider, req)
				}
			}
			for _, a := range set.Deployer {
				if req, ok := s.cat.Requirement(catalog.EUAIActID, a); ok {
					ov.Deployer = append(ov.Deployer, req)
				}
			}
			out = append(out, ov)
		}
	}
	return out
}

type aiSystemFormView struct {
	layout
	System   aims.AISystem
	New      bool
	Members  []aims.Member
	Stages   []aims.Lifecycle
	Roles    []aims.AIRole
	Autonomy []aims.Autonomy
	Conflict []changeRow // fields where the saved version differs from the form
}

func (s *Server) aiSystemFormView(w http.ResponseWriter, r *http.Request, a aims.AISystem, isNew bool) (aiSystemFormView, error) {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return aiSystemFormView{}, err
	}
	title := "Edit " + a.Ref
	if isNew {
		title = "Register an AI system"
	}
	return aiSystemFormView{layout: s.layoutFor(w, r, title), System: a, New: isNew, Members: members.Items,
		Stages: aims.Lifecycles, Roles: aims.AIRoles, Autonomy: aims.Autonomies}, nil
}

func (s *Server) aiSystemForm(w http.ResponseWriter, r *http.Request, status int, a aims.AISystem, isNew bool, err error) error {
	v, verr := s.aiSystemFormView(w, r, a, isNew)
	if verr != nil {
		return verr
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The AI system was not saved. Correct the fields marked below."
	}
	return s.render(w, r, status, "ai_system_form", v)
}

func (s *Server) newAISystemPage(w http.ResponseWriter, r *http.Request) error {
	return s.aiSystemForm(w, r, http.StatusOK, aims.AISystem{Lifecycle: aims.StageInception, ReviewIntervalMonths: 12, InScope: true}, true, nil)
}

// aiSystemFromForm reads the edit form. Fields the form does not carry (the
// EU AI Act answers, which have their own form) are kept from base.
func aiSystemFromForm(r *http.Request, base aims.AISystem) (aims.AISystem, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	a := base
	errs := map[string]string{}
	a.Name, a.Purpose = f.Get("name"), f.Get("purpose")
	a.IntendedUse, a.ForeseeableMisuse = f.Get("intended_use"), f.Get("foreseeable_misuse")
	a.Lifecycle, a.Autonomy = aims.Lifecycle(f.Get("lifecycle")), aims.Autonomy(f.Get("autonomy"))
	a.HumanOversight = f.Get("human_oversight") // the free-text resources are kept: components replace them
	a.GateReason = f.Get("gate_reason")         // read on registration only
	a.InScope = f.Get("in_scope") == "on"
	a.Roles = []aims.AIRole{}
	for _, role := range f["roles"] {
		a.Roles = append(a.Roles, aims.AIRole(role))
	}
	var err error
	if a.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if a.ReviewIntervalMonths, err = strconv.Atoi(strings.TrimSpace(f.Get("review_interval_months"))); err != nil {
		errs["review_interval_months"] = "must be a whole number of months"
	}
	if a.LastReviewed, err = aims.ParseDate(strings.TrimSpace(f.Get("last_reviewed"))); err != nil {
		errs["last_reviewed"] = "must be a date (YYYY-MM-DD)"
	}
	a.Version = 0 // the update reads the form's own (formVersion): never the current one
	if len(errs) > 0 {
		return a, &aims.ValidationError{Fields: errs}
	}
	return a, nil
}

func (s *Server) createAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := aiSystemFromForm(r, aims.AISystem{})
	if err == nil {
		var created aims.AISystem
		if created, err = s.store.CreateAISystem(r.Context(), p, a); err == nil {
			return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(created.ID, 10), created.Ref+" registered.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.aiSystemForm(w, r, http.StatusUnprocessableEntity, a, true, err)
	}
	return err
}

func (s *Server) editAISystemPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	return s.aiSystemForm(w, r, http.StatusOK, a, false, nil)
}

func (s *Server) updateAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := current.ID
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	a, err := aiSystemFromForm(r, current)
	a.Version = version
	if err == nil {
		var saved aims.AISystem
		if saved, err = s.store.UpdateAISystem(r.Context(), p, a); err == nil {
			return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(id, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.aiSystemForm(w, r, http.StatusUnprocessableEntity, a, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.aiSystemConflict(w, r, a)
	}
	return err
}

// aiSystemConflict re-shows an edit that lost a race: the person's input is
// kept, the fields where the saved version now differs are listed, and the
// form carries the new version, so saving again is a deliberate choice made
// after seeing the other change.
func (s *Server) aiSystemConflict(w http.ResponseWriter, r *http.Request, mine aims.AISystem) error {
	p, _ := principalOf(r.Context())
	saved, err := s.store.AISystem(r.Context(), p.OrgID, mine.ID)
	if err != nil {
		return err
	}
	mine.Normalize(aims.DateOf(saved.CreatedAt))
	changes, err := aims.Diff(saved, mine, "id", "ref", "version", "created_at", "updated_at", "archived", "owner_name", "risk_class", "next_review")
	if err != nil {
		return err
	}
	mine.Version, mine.Ref = saved.Version, saved.Ref
	v, err := s.aiSystemFormView(w, r, mine, false)
	if err != nil {
		return err
	}
	v.ErrorText = "Someone else saved this AI system while you were editing. Your changes are below and were not saved. " +
		"Compare them with the saved values, then save again to keep yours."
	for _, c := range changes {
		v.Conflict = append(v.Conflict, changeRows(c.Field, c.Old, c.New)...)
	}
	return s.render(w, r, http.StatusConflict, "ai_system_form", v)
}

// reviewedAISystemForm records that the periodic review happened today,
// which moves the next review one interval on.
func (s *Server) reviewedAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	if a.Version, err = formVersion(r); err != nil {
		return err
	}
	a.LastReviewed = s.today()
	saved, err := s.store.UpdateAISystem(r.Context(), p, a)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" reviewed today; next review "+saved.NextReview.String()+".")
}

type classifyView struct {
	layout
	System aims.AISystem
	C      aims.Classification
	EU     *catalog.EUAIAct
	Areas  []annexIIIArea
}

type annexIIIArea struct {
	Area   catalog.Option
	Points []catalog.Option
}

func (s *Server) classifyView(w http.ResponseWriter, r *http.Request, a aims.AISystem, c aims.Classification) classifyView {
	eu := s.cat.EUAIAct()
	v := classifyView{layout: s.layoutFor(w, r, "EU AI Act classification of "+a.Ref), System: a, C: c, EU: eu}
	for _, area := range eu.AnnexIIIAreas {
		g := annexIIIArea{Area: area}
		for _, pt := range eu.AnnexIII {
			if "annex3.area."+pt.Group == area.Key {
				g.Points = append(g.Points, pt)
			}
		}
		v.Areas = append(v.Areas, g)
	}
	return v
}

func (s *Server) classifyPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	c := aims.Classification{}
	if a.EUAIAct != nil {
		c = *a.EUAIAct
	}
	return s.render(w, r, http.StatusOK, "classify", s.classifyView(w, r, a, c))
}

func (s *Server) classifyForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := a.ID
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	c := aims.Classification{
		OutOfScope: f.Get("out_of_scope") == "on", OutOfScopeReason: f.Get("out_of_scope_reason"),
		BecomesProvider: f.Get("becomes_provider") == "on",
		Prohibited:      nonEmpty(f["prohibited"]),
		AnnexI:          f.Get("annex_i"), AnnexIThirdParty: f.Get("annex_i_third_party") == "on",
		AnnexIII: f.Get("annex_iii"), Profiling: f.Get("profiling") == "on",
		Art6_3: f.Get("art6_3"), Art6_3Reason: f.Get("art6_3_justification"),
		Art50: nonEmpty(f["art50"]),
		GPAI:  f.Get("gpai") == "on", GPAIOpenWeights: f.Get("gpai_open_weights") == "on", GPAISystemic: f.Get("gpai_systemic") == "on",
		Reasoning: f.Get("reasoning"),
	}
	if a.Version, err = formVersion(r); err != nil {
		return err
	}
	a.EUAIAct = &c
	saved, err := s.store.UpdateAISystem(r.Context(), p, a)
	if err == nil {
		return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(id, 10), saved.Ref+" classified: "+saved.RiskClass.Label()+".")
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v := s.classifyView(w, r, a, c)
		fields := map[string]string{}
		for k, m := range ve.Fields {
			fields[strings.TrimPrefix(k, "eu_ai_act.")] = m
		}
		v.Errors, v.ErrorText = fields, "The classification was not saved. Correct the answers marked below."
		return s.render(w, r, http.StatusUnprocessableEntity, "classify", v)
	}
	return err
}
