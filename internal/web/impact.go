package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// AI system impact assessments (6.1.4, 8.4, A.5) following ISO/IEC 42005,
// the organization's impact criteria, and the EU AI Act fundamental-rights
// impact assessment (Art. 27) produced from the same record.

func (s *Server) impactAt(r *http.Request, editable bool) (aims.ImpactAssessment, error) {
	a, err := lookup(r, s.store.ImpactAssessment)
	if err == nil && editable && a.Archived {
		return a, aims.ErrArchived
	}
	return a, err
}

func impactRef(a aims.ImpactAssessment) string { return a.Ref }

func impactFilter(q url.Values, limit int) (aims.ImpactFilter, error) {
	qr := newQueryReader(q)
	f := aims.ImpactFilter{
		ListParams: qr.list(limit),
		AISystemID: qr.int64("ai_system_id"),
		State:      aims.ImpactState(qr.str("state")),
		Use:        aims.Use(qr.str("use")),
		Archived:   qr.bool("archived"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type impactsView struct {
	layout
	listNav
	Filter  aims.ImpactFilter
	Page    aims.Page[aims.ImpactAssessment]
	Systems []aims.AISystem
	States  []aims.ImpactState
	Uses    []aims.Use
}

func (s *Server) impactsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := impactFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ImpactAssessments(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "AI system impact assessments"
	if f.Archived {
		title = "Archived impact assessments"
	}
	return s.render(w, r, http.StatusOK, "impact_assessments", impactsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page,
		listNav: newListNav("/impact-assessments", "/api/v1/impact-assessments.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Systems: systems, States: aims.ImpactStates, Uses: aims.Uses})
}

func (s *Server) apiImpacts(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := impactFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ImpactAssessments(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) impactsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := impactFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "impact-assessments", report.ImpactColumns, func(fn func(aims.ImpactAssessment) error) error {
		return s.store.EachImpactAssessment(r.Context(), p.OrgID, f, fn)
	})
}

// impactView is the record page.
type impactView struct {
	layout
	A          aims.ImpactAssessment
	Criteria   aims.ImpactCriteria
	System     aims.AISystem
	NeedsFRIA  bool
	CanApprove bool // the acting member is neither author nor assessor
	Overdue    bool
	Evidence   evidencePanel
	History    []historyRow
}

// Rated is a harm or benefit with its labels, for the page.
type ratedItem struct {
	aims.ImpactItem
	N                                   int
	Severity, Likelihood, Reversibility string
	Use                                 aims.Use
}

func (v impactView) Rated(kind string) []ratedItem {
	var out []ratedItem
	for i, it := range v.A.Items {
		if string(it.Kind) != kind {
			continue
		}
		out = append(out, ratedItem{ImpactItem: it, N: i + 1, Severity: v.Criteria.SeverityLabel(it.Severity),
			Likelihood: v.Criteria.LikelihoodLabel(it.Likelihood), Reversibility: v.Criteria.ReversibilityLabel(it.Reversibility),
			Use: v.Criteria.Classify(it)})
	}
	return out
}

// FRIA is the Art. 27 view of the record.
func (v impactView) FRIA() aims.FRIA { return v.A.FRIA() }

func (s *Server) impactView(w http.ResponseWriter, r *http.Request) (impactView, error) {
	p, _ := principalOf(r.Context())
	a, err := s.impactAt(r, false)
	if err != nil {
		return impactView{}, err
	}
	c, err := s.store.ImpactCriteriaVersion(r.Context(), p.OrgID, a.CriteriaNumber)
	if err != nil {
		return impactView{}, err
	}
	sys, err := s.store.AISystem(r.Context(), p.OrgID, a.AISystemID)
	if err != nil {
		return impactView{}, err
	}
	v := impactView{layout: s.layoutFor(w, r, a.Ref+" "+a.Title), A: a, Criteria: c, System: sys, NeedsFRIA: aims.NeedsFRIA(sys.EUAIAct),
		CanApprove: p.UserID != a.AuthorID && p.UserID != a.AssessorID,
		Overdue:    a.State == aims.ImpactApproved && a.ReviewOverdue(s.today())}
	return v, nil
}

func (s *Server) impactPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.impactView(w, r)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(v.A.ID, 10)
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterImpactAssessments, id, !v.A.Archived); err != nil {
		return err
	}
	if v.History, err = s.history(r, aims.RegisterImpactAssessments, v.A.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "impact_assessment", v)
}

func (s *Server) friaPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.impactView(w, r)
	if err != nil {
		return err
	}
	v.Title = v.A.Ref + " fundamental-rights impact assessment"
	return s.render(w, r, http.StatusOK, "impact_fria", v)
}

func (s *Server) impactPDF(fria bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		a, err := s.impactAt(r, false)
		if err != nil {
			return err
		}
		c, err := s.store.ImpactCriteriaVersion(r.Context(), p.OrgID, a.CriteriaNumber)
		if err != nil {
			return err
		}
		heading, sections, name := "AI system impact assessment", report.ImpactSections(a, c), a.Ref
		if fria {
			heading, sections, name = "Fundamental-rights impact assessment (EU AI Act Art. 27)", report.FRIASections(a, c), a.Ref+"-fria"
		}
		var buf bytes.Buffer
		if err := report.ImpactPDF(&buf, p.OrgName, heading, a, sections, s.now()); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.pdf"`, name, a.Version))
		_, err = w.Write(buf.Bytes())
		return err
	}
}

// The form.

type impactFormView struct {
	layout
	A        aims.ImpactAssessment
	New      bool
	Criteria aims.ImpactCriteria
	Systems  []aims.AISystem
	Members  []aims.Member
	Parties  []aims.Party
	Kinds    []aims.ImpactKind
	Scopes   []aims.ImpactScope
	Items    []aims.ImpactItem       // the rows, with blanks to add
	Discl    []aims.ImpactDisclosure // the rows, with blanks to add
}

// Linked reports whether the assessment names a party.
func (v impactFormView) Linked(id int64) bool {
	for _, l := range v.A.Parties {
		if l.ID == id {
			return true
		}
	}
	return false
}

// Levels numbers a scale for the form's selects.
func (v impactFormView) Levels(scale string) []levelOption {
	levels := map[string][]aims.ScaleLevel{"severity": v.Criteria.Severity, "likelihood": v.Criteria.Likelihood,
		"reversibility": v.Criteria.Reversibility}[scale]
	out := make([]levelOption, len(levels))
	for i, l := range levels {
		out[i] = levelOption{N: i + 1, Label: l.Label}
	}
	return out
}

// Scales names the three scales for the form's rows.
func (v impactFormView) Scales() []struct{ Name, Title string } {
	return []struct{ Name, Title string }{{"severity", "Severity"}, {"likelihood", "Likelihood"}, {"reversibility", "Reversibility"}}
}

// LevelOf is an item's level on a scale.
func (v impactFormView) LevelOf(it aims.ImpactItem, scale string) int {
	switch scale {
	case "severity":
		return it.Severity
	case "likelihood":
		return it.Likelihood
	}
	return it.Reversibility
}

type levelOption struct {
	N     int
	Label string
}

func (s *Server) impactForm(w http.ResponseWriter, r *http.Request, status int, a aims.ImpactAssessment, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	ctx := r.Context()
	c, err := s.store.ImpactCriteria(ctx, p.OrgID)
	if !isNew {
		c, err = s.store.ImpactCriteriaVersion(ctx, p.OrgID, a.CriteriaNumber)
	}
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(ctx, p.OrgID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(ctx, p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	parties, err := s.store.Parties(ctx, p.OrgID, aims.PartyFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}})
	if err != nil {
		return err
	}
	title := "Edit " + a.Ref
	if isNew {
		title = "Start an impact assessment"
	}
	v := impactFormView{layout: s.layoutFor(w, r, title), A: a, New: isNew, Criteria: c, Systems: systems, Members: members.Items,
		Parties: parties.Items, Kinds: aims.ImpactKinds, Scopes: aims.ImpactScopes,
		Items: append(append([]aims.ImpactItem{}, a.Items...), make([]aims.ImpactItem, 3)...),
		Discl: append(append([]aims.ImpactDisclosure{}, a.Disclosures...), make([]aims.ImpactDisclosure, 2)...)}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "impact_assessment_form", v)
}

func (s *Server) newImpactPage(w http.ResponseWriter, r *http.Request) error {
	a := aims.ImpactAssessment{Title: "Impact assessment"}
	if id, err := formID(r.URL.Query().Get("ai_system_id")); err == nil && id > 0 {
		p, _ := principalOf(r.Context())
		if sys, err := s.store.AISystem(r.Context(), p.OrgID, id); err == nil {
			a.AISystemID, a.Title = sys.ID, "Impact assessment of "+sys.Name
			a.Purpose, a.IntendedUses, a.ForeseeableMisuse, a.HumanOversight = sys.Purpose, sys.IntendedUse, sys.ForeseeableMisuse, sys.HumanOversight
			a.Data, a.AlgorithmModel = sys.Data, sys.Models
		}
	}
	return s.impactForm(w, r, http.StatusOK, a, true, formMessage{})
}

// impactFromForm reads the form. Rows arrive as parallel lists; a row with
// neither a description nor measures is an unused blank.
func impactFromForm(r *http.Request) (aims.ImpactAssessment, error) {
	if err := parseForm(r); err != nil {
		return aims.ImpactAssessment{}, err
	}
	f := r.PostForm
	errs := map[string]string{}
	a := aims.ImpactAssessment{Title: f.Get("title")}
	a.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system of the list")
	a.ImpactSections = aims.ImpactSections{Scope: f.Get("scope"), Description: f.Get("description"), Functionalities: f.Get("functionalities"),
		Purpose: f.Get("purpose"), IntendedUses: f.Get("intended_uses"), UnintendedUses: f.Get("unintended_uses"),
		ForeseeableMisuse: f.Get("foreseeable_misuse"), Data: f.Get("data"), DataQuality: f.Get("data_quality"),
		AlgorithmModel: f.Get("algorithm_model"), Geography: f.Get("geography"), Languages: f.Get("languages"),
		Complexity: f.Get("complexity"), Constraints: f.Get("constraints"), AffectedPeople: f.Get("affected_people"),
		Monitoring: f.Get("monitoring"), MonitoringEvery: f.Get("monitoring_every"), DeployerProcess: f.Get("deployer_process"),
		PeriodOfUse: f.Get("period_of_use"), HumanOversight: f.Get("human_oversight"), ResponseMeasures: f.Get("response_measures")}
	a.Triggers = strings.Split(strings.ReplaceAll(f.Get("triggers"), "\r\n", "\n"), "\n")
	a.AssessorID = formInt64(errs, "assessor_id", f.Get("assessor_id"), "must be a member")
	a.ReviewerID = formInt64(errs, "reviewer_id", f.Get("reviewer_id"), "must be a member")
	a.MonitorID = formInt64(errs, "monitor_id", f.Get("monitor_id"), "must be a member")
	a.NextReview = formDate(errs, "next_review", f.Get("next_review"))
	a.Parties = []aims.Link{}
	for _, v := range f["parties"] {
		id, err := formID(v)
		if err != nil || id <= 0 {
			errs["parties"] = "must be interested parties of the list"
			continue
		}
		a.Parties = append(a.Parties, aims.Link{ID: id})
	}
	kinds, affects, descs := f["item_kind"], f["item_affects"], f["item_description"]
	sev, lik, rev, fail, meas, risk := f["item_severity"], f["item_likelihood"], f["item_reversibility"], f["item_failure"], f["item_measures"], f["item_risk_id"]
	n := len(descs)
	for _, l := range [][]string{kinds, affects, sev, lik, rev, fail, meas, risk} {
		if len(l) != n {
			return a, badRequest("The form's rows of impacts are incomplete.")
		}
	}
	level := func(i int, v, field string) int {
		if strings.TrimSpace(v) == "" {
			return 0
		}
		x, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			errs["items."+strconv.Itoa(i)+"."+field] = "must be a level of the scale"
		}
		return x
	}
	a.Items = []aims.ImpactItem{}
	for i := range descs {
		if strings.TrimSpace(descs[i]) == "" && strings.TrimSpace(meas[i]) == "" {
			continue
		}
		k := len(a.Items)
		it := aims.ImpactItem{Kind: aims.ImpactKind(kinds[i]), Affects: aims.ImpactScope(affects[i]), Description: descs[i],
			Severity: level(k, sev[i], "severity"), Likelihood: level(k, lik[i], "likelihood"), Reversibility: level(k, rev[i], "reversibility"),
			FailureOrMisuse: fail[i] == "yes", Measures: meas[i]}
		it.RiskID = formInt64(errs, "items."+strconv.Itoa(k)+".risk_id", risk[i], "must be a risk's ID")
		a.Items = append(a.Items, it)
	}
	whats, auds, hows := f["disclosure_what"], f["disclosure_audience"], f["disclosure_how"]
	if len(auds) != len(whats) || len(hows) != len(whats) {
		return a, badRequest("The form's rows of disclosures are incomplete.")
	}
	a.Disclosures = []aims.ImpactDisclosure{}
	for i := range whats {
		if strings.TrimSpace(whats[i]) == "" && strings.TrimSpace(auds[i]) == "" && strings.TrimSpace(hows[i]) == "" {
			continue
		}
		a.Disclosures = append(a.Disclosures, aims.ImpactDisclosure{What: whats[i], Audience: auds[i], How: hows[i]})
	}
	return a, validationOf(errs)
}

// impactHandlers are the register's form and API handlers.
func (s *Server) impactHandlers() registerHandlers[aims.ImpactAssessment] {
	return registerHandlers[aims.ImpactAssessment]{s: s, base: "/impact-assessments", api: "/api/v1/impact-assessments", what: "impact assessment",
		get: s.store.ImpactAssessment, create: s.store.CreateImpactAssessment, update: s.store.UpdateImpactAssessment,
		key:     func(v *aims.ImpactAssessment) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.ImpactAssessment) bool { return v.Archived || v.State != aims.ImpactDraft },
		parse:   impactFromForm,
		form: func(w http.ResponseWriter, r *http.Request, status int, v aims.ImpactAssessment, isNew bool, msg formMessage) error {
			if !isNew { // the page keeps what the record fixes
				p, _ := principalOf(r.Context())
				if cur, err := s.store.ImpactAssessment(r.Context(), p.OrgID, v.ID); err == nil {
					v.CriteriaNumber, v.AISystemID, v.AISystemRef, v.AISystemName, v.State = cur.CriteriaNumber, cur.AISystemID, cur.AISystemRef, cur.AISystemName, cur.State
				}
			}
			return s.impactForm(w, r, status, v, isNew, msg)
		}}
}

// impactStepForm runs a workflow step from the record page's buttons.
func (s *Server) impactStepForm(do func(r *http.Request, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error), done string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		a, err := s.impactAt(r, false)
		if err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		a, err = do(r, p, a.ID, aims.ImpactStep{Version: version, Note: r.PostForm.Get("note")})
		if err != nil {
			return stepError(err)
		}
		return s.redirect(w, r, "/impact-assessments/"+strconv.FormatInt(a.ID, 10), a.Ref+" "+done+".")
	}
}

func (s *Server) impactAPIStep(do func(r *http.Request, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		a, err := s.impactAt(r, false)
		if err != nil {
			return err
		}
		var in aims.ImpactStep
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if in.Version == 0 {
			return aims.Invalid("version", "is required: send the version you read")
		}
		a, err = do(r, p, a.ID, in)
		if err != nil {
			return stepError(err)
		}
		return writeJSON(w, http.StatusOK, a)
	}
}

func (s *Server) submitImpact(r *http.Request, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	return s.store.SubmitImpactAssessment(r.Context(), p, id, st)
}

func (s *Server) returnImpact(r *http.Request, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	return s.store.ReturnImpactAssessment(r.Context(), p, id, st)
}

func (s *Server) approveImpact(r *http.Request, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	return s.store.ApproveImpactAssessment(r.Context(), p, id, st)
}

// The criteria.

type impactCriteriaView struct {
	layout
	Current  aims.ImpactCriteria
	Form     aims.ImpactCriteria // what the form shows: the current one, or the refused input
	Versions []aims.ImpactCriteria
	History  []historyRow
}

// Scales are the current criteria's scales in order, for the page.
func (v impactCriteriaView) Scales() []struct {
	Name   string
	Levels []aims.ScaleLevel
} {
	return []struct {
		Name   string
		Levels []aims.ScaleLevel
	}{{"Severity", v.Current.Severity}, {"Likelihood", v.Current.Likelihood}, {"Reversibility", v.Current.Reversibility}}
}

// Rows pads a scale with blank rows up to the most a scale may have.
func (v impactCriteriaView) Rows(scale string) []aims.ScaleLevel {
	levels := map[string][]aims.ScaleLevel{"severity": v.Form.Severity, "likelihood": v.Form.Likelihood,
		"reversibility": v.Form.Reversibility}[scale]
	out := append([]aims.ScaleLevel{}, levels...)
	for len(out) < 7 {
		out = append(out, aims.ScaleLevel{})
	}
	return out
}

func (s *Server) impactCriteriaPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderImpactCriteria(w, r, http.StatusOK, nil, formMessage{})
}

func (s *Server) renderImpactCriteria(w http.ResponseWriter, r *http.Request, status int, mine *aims.ImpactCriteria, msg formMessage) error {
	p, _ := principalOf(r.Context())
	c, err := s.store.ImpactCriteria(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	versions, err := s.store.ImpactCriteriaVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterImpactCriteria, p.OrgID)
	if err != nil {
		return err
	}
	v := impactCriteriaView{layout: s.layoutFor(w, r, "Impact criteria"), Current: c, Form: c, Versions: versions, History: history}
	if mine != nil {
		v.Form = *mine
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "impact_criteria", v)
}

func (s *Server) saveImpactCriteriaForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	number, err := strconv.Atoi(f.Get("number"))
	if err != nil || number < 0 {
		return badRequest("The form does not carry the number of the criteria version it changes. Reload the page and try again.")
	}
	c := aims.ImpactCriteria{Number: number, Note: f.Get("note")}
	errs := map[string]string{}
	for _, sc := range []struct {
		name string
		into *[]aims.ScaleLevel
	}{{"severity", &c.Severity}, {"likelihood", &c.Likelihood}, {"reversibility", &c.Reversibility}} {
		labels, meanings := f[sc.name+"_label"], f[sc.name+"_meaning"]
		if len(labels) != len(meanings) {
			return badRequest("The form's scale rows are incomplete.")
		}
		*sc.into = []aims.ScaleLevel{}
		for i := range labels {
			if strings.TrimSpace(labels[i]) != "" || strings.TrimSpace(meanings[i]) != "" {
				*sc.into = append(*sc.into, aims.ScaleLevel{Label: labels[i], Meaning: meanings[i]})
			}
		}
	}
	for name, into := range map[string]*int{"sensitive_score": &c.SensitiveScore, "restricted_score": &c.RestrictedScore, "irreversible_severity": &c.IrreversibleSeverity} {
		if *into, err = strconv.Atoi(strings.TrimSpace(f.Get(name))); err != nil {
			errs[name] = "must be a whole number"
		}
	}
	if err = validationOf(errs); err == nil {
		var saved aims.ImpactCriteria
		if saved, err = s.store.SaveImpactCriteria(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/impact-criteria", fmt.Sprintf("Impact criteria version %d saved.", saved.Number))
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderImpactCriteria(w, r, http.StatusUnprocessableEntity, &c, formMessage{ve.Fields, "The criteria were not saved. Correct the fields marked below."})
	case errors.Is(err, aims.ErrConflict):
		cur, cerr := s.store.ImpactCriteria(r.Context(), p.OrgID)
		if cerr != nil {
			return cerr
		}
		c.Number = cur.Number
		return s.renderImpactCriteria(w, r, http.StatusConflict, &c, formMessage{nil, fmt.Sprintf("Someone saved version %d of the criteria while you were editing. Your input is below and was not saved; save again to make it the next version.", cur.Number)})
	}
	return err
}

func (s *Server) apiImpactCriteria(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := s.store.ImpactCriteria(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiSaveImpactCriteria(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.ImpactCriteria
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.SaveImpactCriteria(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) impactCriteriaRecordPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if id, err := pathID(r, "id"); err != nil || id != p.OrgID {
		return aims.ErrNotFound
	}
	http.Redirect(w, r, "/impact-criteria", http.StatusSeeOther)
	return nil
}

// impactPanel is the AI system page's list of its impact assessments.
type impactPanel struct {
	SystemID int64
	Items    []aims.ImpactAssessment
	CanWrite bool
	Archived bool
}

func (s *Server) impactPanelFor(r *http.Request, l layout, a aims.AISystem) (impactPanel, error) {
	p, _ := principalOf(r.Context())
	items, err := s.store.ImpactAssessmentsOf(r.Context(), p.OrgID, a.ID)
	return impactPanel{SystemID: a.ID, Items: items, CanWrite: l.Can("write"), Archived: a.Archived}, err
}

// editImpactPage opens the form of a draft; any other state answers 409.
func (s *Server) editImpactPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.impactAt(r, true)
	if err != nil {
		return err
	}
	if a.State != aims.ImpactDraft {
		return stepError(&aims.StateError{Msg: "the assessment is " + strings.ToLower(a.State.Label()) + "; only a draft is edited"})
	}
	return s.impactForm(w, r, http.StatusOK, a, false, formMessage{})
}

// Example bodies of the register's writes, for the route table.

func impactFormExample(ex example) any {
	v := url.Values{"title": {"Impact assessment of credit scoring"}, "scope": {"Retail lending in Germany"},
		"item_kind": {"harm"}, "item_affects": {"individuals"}, "item_description": {"Unfair refusal"}, "item_severity": {"3"},
		"item_likelihood": {"2"}, "item_reversibility": {"2"}, "item_failure": {"no"}, "item_measures": {"Human review"}, "item_risk_id": {""},
		"disclosure_what": {"Summary"}, "disclosure_audience": {"Applicants"}, "disclosure_how": {"Website"}}
	v.Set("version", strconv.Itoa(ex.Version))
	return v
}

func impactCreateFormExample(ex example) any {
	v := impactFormExample(ex).(url.Values)
	v.Del("version")
	v.Set("ai_system_id", strconv.FormatInt(ex.ID, 10))
	return v
}

func impactJSONExample(ex example) any {
	a := aims.ImpactAssessment{AISystemID: ex.ID, Title: "Impact assessment of credit scoring", Version: ex.Version,
		Items: []aims.ImpactItem{{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Unfair refusal of credit",
			Severity: 3, Likelihood: 2, Reversibility: 2, Measures: "Human review of every refusal"}},
		Disclosures: []aims.ImpactDisclosure{{What: "Summary of the assessment", Audience: "Applicants", How: "Website"}},
		Triggers:    []string{"Model retrained"}, Parties: []aims.Link{}}
	a.Scope = "Retail lending in Germany"
	return a
}

func impactStepFormExample(ex example) any {
	return url.Values{"version": {strconv.Itoa(ex.Version)}, "note": {"Rate the society harm."}}
}

func impactStepJSONExample(ex example) any {
	return aims.ImpactStep{Version: ex.Version, Note: "Rate the society harm."}
}

func impactCriteriaFormExample(ex example) any {
	v := url.Values{"number": {strconv.Itoa(ex.Version)}, "sensitive_score": {"6"}, "restricted_score": {"12"}, "irreversible_severity": {"3"},
		"note": {"Walked."}}
	for _, sc := range []string{"severity", "likelihood", "reversibility"} {
		v[sc+"_label"] = []string{"Low", "Medium", "High", "Very high"}
		v[sc+"_meaning"] = []string{"", "", "", ""}
	}
	return v
}

func impactCriteriaJSONExample(ex example) any {
	c := aims.DefaultImpactCriteria()
	c.Number = ex.Version
	return c
}
