package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/report"
)

// AI risk (6.1, 8.2, 8.3): the risk criteria, the register of risks and
// opportunities with their treatment, and the heat map.

// maxScaleRows is how many rows of each scale the criteria form offers.
const maxScaleRows = 7

// The risk criteria.

type riskCriteriaView struct {
	layout
	Criteria aims.RiskCriteria // the version shown
	Current  int               // the version in force
	Versions []aims.RiskCriteria
	Form     aims.RiskCriteria // the form's content, padded with empty rows
	Levels   []aims.RiskLimit
	History  []historyRow
}

// Rows lists likelihood numbers from the highest, for a matrix drawn with
// the most likely at the top.
func (v riskCriteriaView) Rows(c aims.RiskCriteria) []int {
	out := make([]int, len(c.Likelihood))
	for i := range out {
		out[i] = len(c.Likelihood) - i
	}
	return out
}

// Cols lists impact numbers from the lowest.
func (v riskCriteriaView) Cols(c aims.RiskCriteria) []int {
	out := make([]int, len(c.Impact))
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// ScaleRows are the form's rows of a scale, padded to maxScaleRows.
func (v riskCriteriaView) ScaleRows(scale []aims.RiskScaleLevel) []aims.RiskScaleLevel {
	out := append([]aims.RiskScaleLevel{}, scale...)
	for len(out) < maxScaleRows {
		out = append(out, aims.RiskScaleLevel{})
	}
	return out
}

// N is i+1: scales and matrix cells count from 1.
func (v riskCriteriaView) N(i int) int { return i + 1 }

// scaleForm is one scale's rows in the criteria form.
type scaleForm struct {
	Name, Legend string
	Rows         []aims.RiskScaleLevel
}

// Scales are the form's two scales, padded with empty rows.
func (v riskCriteriaView) Scales() []scaleForm {
	return []scaleForm{{"likelihood", "Likelihood scale", v.ScaleRows(v.Form.Likelihood)}, {"impact", "Impact scale", v.ScaleRows(v.Form.Impact)}}
}

// Label is a scale level's label, or "" outside the scale.
func (v riskCriteriaView) Label(scale []aims.RiskScaleLevel, n int) string {
	if n < 1 || n > len(scale) {
		return ""
	}
	return scale[n-1].Label
}

func (s *Server) riskCriteriaPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRiskCriteria(w, r, http.StatusOK, nil, formMessage{})
}

// renderRiskCriteria shows the criteria in force (or the version asked for
// with ?version=n) with the form for the next version; mine is the form as
// the person sent it when a save was refused.
func (s *Server) renderRiskCriteria(w http.ResponseWriter, r *http.Request, status int, mine *aims.RiskCriteria, msg formMessage) error {
	p, _ := principalOf(r.Context())
	qr := newQueryReader(r.URL.Query())
	asked := qr.int("version", 0)
	if err := qr.err(); err != nil {
		return err
	}
	current, err := s.store.RiskCriteria(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	shown := current
	if asked != 0 && asked != current.Version {
		if shown, err = s.store.RiskCriteriaVersion(r.Context(), p.OrgID, asked); err != nil {
			return err
		}
	}
	versions, err := s.store.RiskCriteriaVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterRiskCriteria, p.OrgID)
	if err != nil {
		return err
	}
	form := current
	if form.Version == 0 {
		form = aims.DefaultRiskCriteria()
		form.Note = ""
	}
	form.Note = ""
	if mine != nil {
		form = *mine
	}
	title := "AI risk criteria"
	if shown.Version != current.Version {
		title = "AI risk criteria, version " + strconv.Itoa(shown.Version)
	}
	v := riskCriteriaView{layout: s.layoutFor(w, r, title), Criteria: shown, Current: current.Version, Versions: versions,
		Form: form, Levels: aims.RiskLevels, History: history}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "risk_criteria", v)
}

// criteriaVersion reads the version a criteria form carries: 0 before the
// first version.
func criteriaVersion(r *http.Request) (int, error) {
	if err := parseForm(r); err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 0 {
		return 0, badRequest("The form does not carry the version of the criteria it changes. Reload the page and try again.")
	}
	return v, nil
}

// riskCriteriaFromForm reads the scales (rows after the last labelled one
// are dropped), the matrix cells for those scales, the threshold and the
// note.
func riskCriteriaFromForm(r *http.Request, version int) aims.RiskCriteria {
	f := r.PostForm
	c := aims.RiskCriteria{Version: version, Threshold: aims.RiskLimit(f.Get("threshold")), Note: f.Get("note")}
	scale := func(prefix string) []aims.RiskScaleLevel {
		var out []aims.RiskScaleLevel
		last := 0
		for i := 1; i <= maxScaleRows; i++ {
			l := aims.RiskScaleLevel{Label: f.Get(prefix + "_label_" + strconv.Itoa(i)), Meaning: f.Get(prefix + "_meaning_" + strconv.Itoa(i))}
			out = append(out, l)
			if strings.TrimSpace(l.Label) != "" || strings.TrimSpace(l.Meaning) != "" {
				last = i
			}
		}
		return out[:last]
	}
	c.Likelihood, c.Impact = scale("likelihood"), scale("impact")
	c.Matrix = make([][]aims.RiskLimit, len(c.Likelihood))
	for l := range c.Likelihood {
		c.Matrix[l] = make([]aims.RiskLimit, len(c.Impact))
		for i := range c.Impact {
			c.Matrix[l][i] = aims.RiskLimit(f.Get("matrix_" + strconv.Itoa(l+1) + "_" + strconv.Itoa(i+1)))
		}
	}
	return c
}

func (s *Server) saveRiskCriteriaForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	version, err := criteriaVersion(r)
	if err != nil {
		return err
	}
	c := riskCriteriaFromForm(r, version)
	saved, err := s.store.SaveRiskCriteria(r.Context(), p, c)
	if err == nil {
		return s.redirect(w, r, "/risk-criteria", "Risk criteria version "+strconv.Itoa(saved.Version)+" saved.")
	}
	return s.refusedCriteria(w, r, c, err)
}

func (s *Server) refusedCriteria(w http.ResponseWriter, r *http.Request, c aims.RiskCriteria, err error) error {
	p, _ := principalOf(r.Context())
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderRiskCriteria(w, r, http.StatusUnprocessableEntity, &c, formMessage{ve.Fields, "The risk criteria were not saved. Correct the fields marked below."})
	case errors.Is(err, aims.ErrConflict):
		current, cerr := s.store.RiskCriteria(r.Context(), p.OrgID)
		if cerr != nil {
			return cerr
		}
		c.Version = current.Version
		return s.renderRiskCriteria(w, r, http.StatusConflict, &c, formMessage{nil, "Someone saved version " + strconv.Itoa(current.Version) +
			" of the criteria while you were editing. Your input is below and was not saved; save again to make it the next version."})
	}
	return err
}

func (s *Server) defaultRiskCriteriaForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	version, err := criteriaVersion(r)
	if err != nil {
		return err
	}
	saved, err := s.store.UseDefaultRiskCriteria(r.Context(), p, version)
	if err == nil {
		return s.redirect(w, r, "/risk-criteria", "The default criteria are now version "+strconv.Itoa(saved.Version)+".")
	}
	return s.refusedCriteria(w, r, aims.DefaultRiskCriteria(), err)
}

func (s *Server) apiRiskCriteria(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	qr := newQueryReader(r.URL.Query())
	version := qr.int("version", 0)
	if err := qr.err(); err != nil {
		return err
	}
	var c aims.RiskCriteria
	var err error
	if version == 0 {
		c, err = s.store.RiskCriteria(r.Context(), p.OrgID)
	} else {
		c, err = s.store.RiskCriteriaVersion(r.Context(), p.OrgID, version)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiRiskCriteriaVersions(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	all, err := s.store.RiskCriteriaVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.RiskCriteria]{Items: all, Total: len(all)})
}

func (s *Server) apiSaveRiskCriteria(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.RiskCriteria
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.SaveRiskCriteria(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiRiskCriteriaHistory(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	events, err := s.store.History(r.Context(), p.OrgID, aims.RegisterRiskCriteria, strconv.FormatInt(p.OrgID, 10))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
}

// The register of risks and opportunities.

// checkControls refuses an Annex A reference the catalog does not hold;
// custom controls (CC-n) are the Statement of Applicability's to check.
func (s *Server) checkControls(refs []string) error {
	for _, ref := range refs {
		if !strings.HasPrefix(ref, "A.") {
			continue
		}
		if req, ok := s.cat.Requirement(catalog.ISO42001, ref); !ok || !req.Assessable {
			return aims.Invalid("controls", ref+" is not an ISO/IEC 42001 Annex A control")
		}
	}
	return nil
}

func (s *Server) riskHandlers() registerHandlers[aims.Risk] {
	return registerHandlers[aims.Risk]{s: s, base: "/risks", api: "/api/v1/risks", what: "risk",
		get: s.store.Risk,
		create: func(ctx context.Context, p aims.Principal, v aims.Risk) (aims.Risk, error) {
			if err := s.checkControls(v.Controls); err != nil {
				return v, err
			}
			return s.store.CreateRisk(ctx, p, v)
		},
		update: func(ctx context.Context, p aims.Principal, v aims.Risk) (aims.Risk, error) {
			if err := s.checkControls(v.Controls); err != nil {
				return v, err
			}
			return s.store.UpdateRisk(ctx, p, v)
		},
		key:     func(v *aims.Risk) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Risk) bool { return v.Archived },
		parse:   riskFromForm, form: s.riskForm}
}

func riskRef(r aims.Risk) string { return r.Ref }

func riskFilter(q url.Values, limit int) (aims.RiskFilter, error) {
	qr := newQueryReader(q)
	f := aims.RiskFilter{ListParams: qr.list(limit), Kind: aims.RiskKind(qr.str("kind")), Level: aims.RiskLimit(qr.str("level")),
		Status: aims.RiskStatus(qr.str("status")), OwnerID: qr.int64("owner_id"), Flagged: qr.bool("flagged"),
		Likelihood: qr.int("likelihood", 0), Impact: qr.int("impact", 0), Residual: qr.bool("residual"), Archived: qr.bool("archived")}
	if sys := qr.str("ai_system_id"); sys == "aims" {
		f.AIMSWide = true
	} else {
		f.AISystemID = qr.int64("ai_system_id")
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type risksView struct {
	layout
	listNav
	Filter   aims.RiskFilter
	Page     aims.Page[aims.Risk]
	Criteria aims.RiskCriteria
	Members  []aims.Member
	Systems  []aims.AISystem
	Kinds    []aims.RiskKind
	Levels   []aims.RiskLimit
	Statuses []aims.RiskStatus
	HeatLink string
}

func (s *Server) risksPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := riskFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Risks(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	crit, err := s.store.RiskCriteria(r.Context(), p.OrgID)
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
	title := "AI risks and opportunities"
	if f.Archived {
		title = "Archived risks and opportunities"
	}
	q := cloneQuery(r.URL.Query())
	for _, k := range []string{"offset", "limit", "sort", "desc", "likelihood", "impact", "residual"} {
		q.Del(k)
	}
	v := risksView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Criteria: crit, Members: members.Items, Systems: systems,
		listNav: newListNav("/risks", "/api/v1/risks.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Kinds:   aims.RiskKinds, Levels: aims.RiskLevels, Statuses: aims.RiskStatuses, HeatLink: "/risks/heat-map?" + q.Encode()}
	return s.render(w, r, http.StatusOK, "risks", v)
}

func (s *Server) risksCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := riskFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "risks", report.RiskColumns, func(fn func(aims.Risk) error) error {
		return s.store.EachRisk(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiRisks(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := riskFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Risks(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// The heat map.

type heatMapView struct {
	layout
	Filter             aims.RiskFilter
	Map                aims.HeatMap
	Inherent, Residual []byte
	ListLink           string
}

// heatMap reads the heat map of the request's filter.
func (s *Server) heatMap(r *http.Request) (aims.HeatMap, aims.RiskFilter, url.Values, error) {
	p, _ := principalOf(r.Context())
	q := cloneQuery(r.URL.Query())
	for _, k := range []string{"offset", "limit", "sort", "desc", "likelihood", "impact", "residual"} {
		q.Del(k)
	}
	f, err := riskFilter(q, 1)
	if err != nil {
		return aims.HeatMap{}, f, q, err
	}
	h, err := s.store.RiskHeatMap(r.Context(), p.OrgID, f)
	return h, f, q, err
}

func (s *Server) heatMapPage(w http.ResponseWriter, r *http.Request) error {
	h, f, q, err := s.heatMap(r)
	if err != nil {
		return err
	}
	link := func(residual bool) func(l, i int) string {
		return func(l, i int) string {
			c := cloneQuery(q)
			c.Set("likelihood", strconv.Itoa(l))
			c.Set("impact", strconv.Itoa(i))
			if residual {
				c.Set("residual", "1")
			}
			if !c.Has("kind") {
				c.Set("kind", string(aims.KindRisk))
			}
			return "/risks?" + c.Encode()
		}
	}
	v := heatMapView{layout: s.layoutFor(w, r, "AI risk heat map"), Filter: f, Map: h, ListLink: "/risks?" + q.Encode()}
	if h.Criteria.Version > 0 {
		v.Inherent = report.RiskHeatMapSVG("Inherent risk", h.Criteria, func(l, i int) int { return h.Count(false, l, i) }, link(false))
		v.Residual = report.RiskHeatMapSVG("Residual risk", h.Criteria, func(l, i int) int { return h.Count(true, l, i) }, link(true))
	}
	return s.render(w, r, http.StatusOK, "risk_heatmap", v)
}

func (s *Server) apiHeatMap(w http.ResponseWriter, r *http.Request) error {
	h, _, _, err := s.heatMap(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

// One risk.

type riskView struct {
	layout
	Risk        aims.Risk
	Criteria    aims.RiskCriteria // the version its latest assessment used
	Assessments []aims.RiskAssessment
	Evidence    evidencePanel
	History     []historyRow
	Acceptance  aims.RiskAcceptance
	Objectives  []aims.Objective // the objectives that address the risk (objective_risks)
}

// Scale names a likelihood or impact under the risk's criteria: "4 Likely".
func (v riskView) Scale(impact bool, n int) string {
	scale := v.Criteria.Likelihood
	if impact {
		scale = v.Criteria.Impact
	}
	if n < 1 {
		return "—"
	}
	if n > len(scale) {
		return strconv.Itoa(n)
	}
	return strconv.Itoa(n) + " " + scale[n-1].Label
}

func (s *Server) riskPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRisk(w, r, http.StatusOK, nil, formMessage{})
}

func (s *Server) renderRisk(w http.ResponseWriter, r *http.Request, status int, acc *aims.RiskAcceptance, msg formMessage) error {
	p, _ := principalOf(r.Context())
	risk, err := lookup(r, s.store.Risk)
	if err != nil {
		return err
	}
	var crit aims.RiskCriteria
	if risk.CriteriaVersion > 0 {
		if crit, err = s.store.RiskCriteriaVersion(r.Context(), p.OrgID, risk.CriteriaVersion); err != nil {
			return err
		}
	}
	assessments, err := s.store.RiskAssessments(r.Context(), p.OrgID, risk.ID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterRisks, risk.ID)
	if err != nil {
		return err
	}
	v := riskView{layout: s.layoutFor(w, r, risk.Ref+" "+risk.Title), Risk: risk, Criteria: crit, Assessments: assessments, History: history,
		Acceptance: aims.RiskAcceptance{AcceptedOn: s.today(), Version: risk.Version}}
	if acc != nil {
		v.Acceptance = *acc
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterRisks, strconv.FormatInt(risk.ID, 10), !risk.Archived); err != nil {
		return err
	}
	if v.Objectives, err = s.store.RiskObjectives(r.Context(), p.OrgID, risk.ID); err != nil {
		return err
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "risk", v)
}

type riskFormView struct {
	layout
	Risk        aims.Risk
	New         bool
	Criteria    aims.RiskCriteria
	Members     []aims.Member
	Systems     []aims.AISystem
	Parties     []aims.Linked
	Issues      []aims.Link
	Obligations []aims.Linked
	Kinds       []aims.RiskKind
	Sources     []aims.RiskSource
	Statuses    []aims.RiskStatus
	Options     []aims.TreatmentOption
	Results     []aims.TreatmentResult
}

// Linked reports whether the risk links a record of a kind.
func (v riskFormView) Linked(kind string, id int64) bool {
	links := v.Risk.Parties
	switch kind {
	case "issues":
		links = v.Risk.Issues
	case "obligations":
		links = v.Risk.Obligations
	}
	for _, l := range links {
		if l.ID == id {
			return true
		}
	}
	return false
}

// Steps lists a scale's values with their labels, for the selects.
func (v riskFormView) Steps(impact bool) []aims.Link {
	scale := v.Criteria.Likelihood
	if impact {
		scale = v.Criteria.Impact
	}
	out := make([]aims.Link, len(scale))
	for i, l := range scale {
		out[i] = aims.Link{ID: int64(i + 1), Name: l.Label}
	}
	return out
}

// scaleSelect is one likelihood or impact select of the form.
type scaleSelect struct {
	Name, Label string
	Value       int64
	Steps       []aims.Link
}

// Selects are the form's four likelihood and impact selects.
func (v riskFormView) Selects() []scaleSelect {
	r := v.Risk
	return []scaleSelect{
		{"likelihood", "Inherent likelihood", int64(r.Likelihood), v.Steps(false)},
		{"impact", "Inherent impact", int64(r.Impact), v.Steps(true)},
		{"residual_likelihood", "Residual likelihood (after treatment)", int64(r.ResidualLikelihood), v.Steps(false)},
		{"residual_impact", "Residual impact (after treatment)", int64(r.ResidualImpact), v.Steps(true)},
	}
}

// ControlsText is the controls as the form's text field shows them.
func (v riskFormView) ControlsText() string { return strings.Join(v.Risk.Controls, " ") }

func (s *Server) riskForm(w http.ResponseWriter, r *http.Request, status int, risk aims.Risk, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	ctx := r.Context()
	members, err := s.store.Members(ctx, p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	partyNames, err := s.store.PartyNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	issues, err := s.store.ContextIssueLinks(ctx, p.OrgID)
	if err != nil {
		return err
	}
	obligationNames, err := s.store.ObligationNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	crit, err := s.store.RiskCriteria(ctx, p.OrgID)
	if err != nil {
		return err
	}
	if crit.Version == 0 {
		crit = aims.DefaultRiskCriteria() // saved as version 1 with the first risk
	}
	title := "Edit " + risk.Ref
	if isNew {
		title = "Record a risk or opportunity"
	}
	v := riskFormView{layout: s.layoutFor(w, r, title), Risk: risk, New: isNew, Criteria: crit, Members: members.Items, Systems: systems,
		Parties: partyNames, Issues: issues, Obligations: obligationNames, Kinds: aims.RiskKinds, Sources: aims.RiskSources,
		Statuses: aims.RiskStatuses, Options: aims.TreatmentOptions,
		Results: []aims.TreatmentResult{aims.EffectNotChecked, aims.EffectEffective, aims.EffectNotEffective}}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "risk_form", v)
}

func (s *Server) newRiskPage(w http.ResponseWriter, r *http.Request) error {
	qr := newQueryReader(r.URL.Query())
	risk := aims.Risk{Kind: aims.KindRisk, Source: aims.SourceML, AISystemID: qr.int64("ai_system_id"), Status: aims.RiskIdentified}
	if qr.str("kind") == string(aims.KindOpportunity) {
		risk.Kind = aims.KindOpportunity
	}
	return s.riskForm(w, r, http.StatusOK, risk, true, formMessage{})
}

func riskFromForm(r *http.Request) (aims.Risk, error) {
	var k aims.Risk
	if err := parseForm(r); err != nil {
		return k, err
	}
	f, errs := r.PostForm, map[string]string{}
	k.Title, k.Kind, k.Source, k.SourceOther = f.Get("title"), aims.RiskKind(f.Get("kind")), aims.RiskSource(f.Get("source")), f.Get("source_other")
	k.Description, k.Consequences, k.PlannedAction = f.Get("description"), f.Get("consequences"), f.Get("planned_actions")
	k.Status, k.Treatment, k.TreatmentPlan = aims.RiskStatus(f.Get("status")), aims.TreatmentOption(f.Get("treatment")), f.Get("treatment_plan")
	k.Effectiveness, k.CheckNote = aims.TreatmentResult(f.Get("effectiveness")), f.Get("check_note")
	k.Reassess = f.Get("reassess") == "on"
	k.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system of the list")
	k.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	k.PlanOwnerID = formInt64(errs, "plan_owner_id", f.Get("plan_owner_id"), "must be a member")
	for name, dst := range map[string]*int{"likelihood": &k.Likelihood, "impact": &k.Impact,
		"residual_likelihood": &k.ResidualLikelihood, "residual_impact": &k.ResidualImpact} {
		*dst = int(min(formInt64(errs, name, f.Get(name), "must be a level of the scale"), 100))
	}
	k.PlanStart = formDate(errs, "plan_start", f.Get("plan_start"))
	k.PlanDue = formDate(errs, "plan_due", f.Get("plan_due"))
	k.CheckedOn = formDate(errs, "checked_on", f.Get("checked_on"))
	k.Controls = strings.FieldsFunc(f.Get("controls"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	for name, dst := range map[string]*[]aims.Link{"affected_parties": &k.Parties, "context_issues": &k.Issues, "obligations": &k.Obligations} {
		*dst = []aims.Link{}
		for _, v := range f[name] {
			id, err := formID(v)
			if err != nil || id == 0 {
				errs[name] = "must be records of the list"
				continue
			}
			*dst = append(*dst, aims.Link{ID: id})
		}
	}
	return k, validationOf(errs)
}

// acceptRiskForm records the signed-in person's acceptance of a risk's
// residual level; a refusal shows the risk page with the message.
func (s *Server) acceptRiskForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.Risk(r.Context(), p.OrgID, id); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	a := aims.RiskAcceptance{Version: version, Reason: r.PostForm.Get("reason")}
	errs := map[string]string{}
	a.AcceptedOn = formDate(errs, "accepted_on", r.PostForm.Get("accepted_on"))
	if err = validationOf(errs); err == nil {
		var saved aims.Risk
		if saved, err = s.store.AcceptResidualRisk(r.Context(), p, id, a); err == nil {
			return s.redirect(w, r, "/risks/"+strconv.FormatInt(id, 10), "Residual risk of "+saved.Ref+" accepted.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderRisk(w, r, http.StatusUnprocessableEntity, &a, formMessage{ve.Fields, "The acceptance was not recorded. See the messages below."})
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.renderRisk(w, r, http.StatusConflict, nil, formMessage{nil, "The risk changed while you were reading it. Read it again before accepting its residual risk."})
	}
	return err
}

func (s *Server) apiAcceptRisk(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.Risk(r.Context(), p.OrgID, id); err != nil {
		return err
	}
	var in aims.RiskAcceptance
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	saved, err := s.store.AcceptResidualRisk(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

func (s *Server) apiRiskAssessments(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	risk, err := lookup(r, s.store.Risk)
	if err != nil {
		return err
	}
	all, err := s.store.RiskAssessments(r.Context(), p.OrgID, risk.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.RiskAssessment]{Items: all, Total: len(all)})
}

// riskPanelFor is the AI system page's line about its risks.
func (s *Server) riskPanelFor(r *http.Request, systemID int64) (aims.RiskSummary, error) {
	p, _ := principalOf(r.Context())
	return s.store.RiskSummary(r.Context(), p.OrgID, systemID)
}
