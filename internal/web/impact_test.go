package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// impactRecord is a complete assessment of sys, started by author with
// assessor as its assessor, moved to state.
func (e *env) impactRecord(sys aims.AISystem, author aims.Principal, assessor int64, state aims.ImpactState) aims.ImpactAssessment {
	e.t.Helper()
	ctx := context.Background()
	in := aims.ImpactAssessment{AISystemID: sys.ID, Title: "Impact assessment of " + sys.Name, AssessorID: assessor,
		NextReview: aims.DateOf(time.Now().UTC().AddDate(1, 0, 0)), Triggers: []string{"Model retrained"},
		Items: []aims.ImpactItem{{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Unfair refusal of credit",
			Severity: 3, Likelihood: 3, Reversibility: 2, Measures: "Human review of every refusal"},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactGroups, Description: "Faster, consistent decisions"}},
		Disclosures: []aims.ImpactDisclosure{{What: "Summary of the assessment", Audience: "Applicants", How: "Website"}}}
	in.Scope, in.Description, in.IntendedUses, in.ForeseeableMisuse, in.Monitoring = "Retail lending", "Scoring model", "Score applications",
		"Automatic refusal without review", "Monthly fairness report"
	in.PeriodOfUse, in.HumanOversight = "Every application, all year", "A credit officer decides every refusal"
	a, err := e.store.CreateImpactAssessment(ctx, author, in)
	if err != nil {
		e.t.Fatal(err)
	}
	manager := e.principal(aims.RoleManager)
	if state != aims.ImpactDraft {
		if a, err = e.store.SubmitImpactAssessment(ctx, author, a.ID, aims.ImpactStep{Version: a.Version}); err != nil {
			e.t.Fatal(err)
		}
	}
	if state == aims.ImpactApproved {
		if author.UserID == manager.UserID {
			manager = e.principal(aims.RoleAdmin)
		}
		if a, err = e.store.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: a.Version}); err != nil {
			e.t.Fatal(err)
		}
	}
	return a
}

// impactWalkIDs are the records the permission walk's routes name: a
// draft, drafts to submit, assessments in review to return and approve
// (written and assessed by a contributor, so admins and managers may
// approve them).
func impactWalkIDs(e *env, author int64) map[string]string {
	sys := e.createSystem("Walked impact system")
	p := aims.Principal{OrgID: e.org.ID, UserID: author, Email: "target@acme.test", Role: aims.RoleContributor}
	id := func(a aims.ImpactAssessment) string { return strconv.FormatInt(a.ID, 10) }
	ids := map[string]string{aims.RegisterImpactAssessments: id(e.impactRecord(sys, p, author, aims.ImpactDraft)),
		aims.RegisterImpactCriteria: strconv.FormatInt(e.org.ID, 10)}
	for _, names := range []string{"impact-submit", "impact-submit-api", "impact-propose", "impact-propose-api", "impact-link-api"} {
		ids[names] = id(e.impactRecord(sys, p, author, aims.ImpactDraft))
	}
	for _, names := range []string{"impact-return", "impact-return-api", "impact-approve", "impact-approve-api"} {
		ids[names] = id(e.impactRecord(sys, p, author, aims.ImpactInReview))
	}
	return ids
}

func impactWalkVersion(e *env, names string, id int64) (int, bool) {
	switch {
	case names == aims.RegisterImpactCriteria:
		c, _ := e.store.ImpactCriteria(context.Background(), e.org.ID)
		return c.Number, true
	case strings.HasPrefix(names, "impact"):
		a, _ := e.store.ImpactAssessment(context.Background(), e.org.ID, id)
		return a.Version, true
	}
	return 0, false
}

// foreignImpact is another organization's assessment.
func foreignImpact(e *env) string {
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	sys, err := e.store.CreateAISystem(context.Background(), stray, aims.AISystem{Name: "Globex scoring", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.store.CreateImpactAssessment(context.Background(), stray, aims.ImpactAssessment{AISystemID: sys.ID, Title: "Globex assessment"})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(a.ID, 10)
}

// impactPages are the register's templates with a page each.
func impactPages(e *env) map[string]string {
	sys := e.createSystem("Creditworthiness-and-affordability-scoring-engine-for-consumer-lending (impact)")
	a := e.impactRecord(sys, e.principal(aims.RoleContributor), e.users[aims.RoleContributor].ID, aims.ImpactApproved)
	id := strconv.FormatInt(a.ID, 10)
	d := e.impactRecord(sys, e.principal(aims.RoleAdmin), 0, aims.ImpactDraft)
	return map[string]string{"impact_assessments": "/impact-assessments", "impact_assessment": "/impact-assessments/" + id,
		"impact_fria": "/impact-assessments/" + id + "/fria", "impact_assessment_form": "/impact-assessments/" + strconv.FormatInt(d.ID, 10) + "/edit",
		"impact_criteria": "/impact-criteria"}
}

func TestImpactAssessmentPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		party := e.createParty("Loan applicants")
		// Start from the form, as a contributor.
		full := url.Values{"ai_system_id": {strconv.FormatInt(sys.ID, 10)},
			"title": {"CreditLens impact assessment"}, "scope": {"Retail lending"}, "parties": {strconv.FormatInt(party.ID, 10)},
			"item_kind": {"harm", "benefit", "harm"}, "item_affects": {"individuals", "society", "groups"},
			"item_description": {"Unfair refusal", "Faster decisions", ""}, "item_severity": {"4", "", ""}, "item_likelihood": {"3", "", ""},
			"item_reversibility": {"3", "", ""}, "item_failure": {"no", "no", "no"}, "item_measures": {"Human review", "", ""},
			"item_risk_id": {"", "", ""}, "disclosure_what": {"Summary", ""}, "disclosure_audience": {"Applicants", ""}, "disclosure_how": {"", ""},
			"triggers": {"Model retrained\r\nNew market"}, "description": {"Gradient boosting"}, "intended_uses": {"Scoring"},
			"foreseeable_misuse": {"Automatic refusal"}, "monitoring": {"Monthly fairness report"},
			"assessor_id": {strconv.FormatInt(e.users[aims.RoleContributor].ID, 10)},
			"next_review": {aims.DateOf(time.Now().UTC().AddDate(1, 0, 0)).String()}}
		res := e.form(aims.RoleContributor, "/impact-assessments", full)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		path := res.Header.Get("Location")
		n, _ := strconv.ParseInt(strings.TrimPrefix(path, "/impact-assessments/"), 10, 64)
		a, err := e.store.ImpactAssessment(context.Background(), e.org.ID, n)
		if err != nil || len(a.Items) != 2 || len(a.Disclosures) != 1 || len(a.Triggers) != 2 || a.Use != aims.UseRestricted || len(a.Parties) != 1 {
			t.Fatalf("created = %+v, %v", a, err)
		}
		page := e.page(aims.RoleViewer, path)
		for _, want := range []string{"CreditLens impact assessment", "Unfair refusal", "Restricted use", "Loan applicants", "Model retrained"} {
			if !strings.Contains(string(page.Body), want) {
				t.Errorf("record page lacks %q", want)
			}
		}
		if sp := e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(sys.ID, 10)); !strings.Contains(string(sp.Body), a.Ref+" CreditLens impact assessment") {
			t.Error("the AI system page does not list its assessment")
		}
		// Stale form: 409 and the input kept.
		id := strconv.FormatInt(a.ID, 10)
		full.Set("version", "1")
		full.Set("title", "CreditLens impact assessment, edited")
		if r := e.form(aims.RoleContributor, "/impact-assessments/"+id, full); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit = %d %s", r.StatusCode, r.Body)
		}
		if r := e.form(aims.RoleContributor, "/impact-assessments/"+id, url.Values{"version": {"1"}, "title": {"Mine"}}); r.StatusCode != http.StatusConflict || !strings.Contains(string(r.Body), "Mine") {
			t.Errorf("stale edit = %d", r.StatusCode)
		}
		// Workflow: submit, self-approval refused, approval by another.
		if r := e.form(aims.RoleContributor, "/impact-assessments/"+id+"/submit", url.Values{"version": {"2"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit = %d %s", r.StatusCode, r.Body)
		}
		before := e.state()
		self := e.api(aims.RoleManager, "POST", "/api/v1/impact-assessments/"+id+"/approve", aims.ImpactStep{Version: 3})
		if self.StatusCode != http.StatusOK {
			t.Fatalf("approve = %d %s", self.StatusCode, self.Body)
		}
		// The approved one is frozen: an edit is a conflict, the PDFs render.
		if r := e.api(aims.RoleAdmin, "PUT", "/api/v1/impact-assessments/"+id, impactJSONExample(example{Version: 4})); r.StatusCode != http.StatusConflict {
			t.Errorf("edit approved = %d", r.StatusCode)
		}
		_ = before
		for _, p := range []string{"/pdf", "/fria.pdf"} {
			r := e.page(aims.RoleViewer, "/impact-assessments/"+id+p)
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(string(r.Body), "%PDF") || len(r.Body) < 2000 || !strings.Contains(string(r.Body), utf16BE("CreditLens")) {
				t.Errorf("%s = %d, %d bytes", p, r.StatusCode, len(r.Body))
			}
		}
		fria := e.page(aims.RoleViewer, "/impact-assessments/"+id+"/fria")
		if !strings.Contains(string(fria.Body), "Unfair refusal") || !strings.Contains(string(fria.Body), "Period and frequency of use") {
			t.Errorf("FRIA view lacks the harms")
		}
		hist := e.api(aims.RoleViewer, "GET", "/api/v1/impact-assessments/"+id+"/history", nil)
		if hist.StatusCode != http.StatusOK || !strings.Contains(string(hist.Body), `"in-review"`) || !strings.Contains(string(hist.Body), `"approver"`) {
			t.Errorf("history = %d %.300s", hist.StatusCode, hist.Body)
		}
	})
}

func TestImpactAssessmentSelfApprovalRefused(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		manager := e.principal(aims.RoleManager)
		a := e.impactRecord(sys, manager, e.users[aims.RoleContributor].ID, aims.ImpactInReview)
		before := e.state()
		r := e.api(aims.RoleManager, "POST", "/api/v1/impact-assessments/"+strconv.FormatInt(a.ID, 10)+"/approve", aims.ImpactStep{Version: a.Version})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "approver") {
			t.Errorf("self-approval = %d %s", r.StatusCode, r.Body)
		}
		if e.state() != before {
			t.Error("a refused self-approval changed the organization's data")
		}
		if p := e.page(aims.RoleManager, "/impact-assessments/"+strconv.FormatInt(a.ID, 10)); !strings.Contains(string(p.Body), "another person approves it") {
			t.Error("the page offers the author an approval")
		}
	})
}

func TestImpactAssessmentBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		draft := e.impactRecord(sys, e.principal(aims.RoleAdmin), 0, aims.ImpactDraft)
		id := strconv.FormatInt(draft.ID, 10)
		foreignParty, err := e.store.CreateParty(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.Party{Name: "Globex party"})
		if err != nil {
			t.Fatal(err)
		}
		foreignSys := foreignImpact(e)
		_ = foreignSys
		good := func() aims.ImpactAssessment {
			a := impactJSONExample(example{ID: sys.ID}).(aims.ImpactAssessment)
			return a
		}
		before := e.state()
		for name, tc := range map[string]struct {
			method, path string
			body         any
			status       int
		}{
			"no title":          {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Title = ""; return a }(), 422},
			"no system":         {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.AISystemID = 0; return a }(), 422},
			"unknown system":    {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.AISystemID = 999999; return a }(), 422},
			"foreign party":     {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Parties = []aims.Link{{ID: foreignParty.ID}}; return a }(), 422},
			"severity off":      {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Items[0].Severity = 7; return a }(), 422},
			"unrated harm":      {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Items[0].Likelihood = 0; return a }(), 422},
			"bad kind":          {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Items[0].Kind = "peril"; return a }(), 422},
			"disclosure blank":  {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.Disclosures[0].Audience = ""; return a }(), 422},
			"foreign assessor":  {"POST", "/api/v1/impact-assessments", func() any { a := good(); a.AssessorID = e.stray.ID; return a }(), 422},
			"malformed":         {"POST", "/api/v1/impact-assessments", "{", 400},
			"stale update":      {"PUT", "/api/v1/impact-assessments/" + id, func() any { a := good(); a.Version = 7; return a }(), 409},
			"no version":        {"PUT", "/api/v1/impact-assessments/" + id, good(), 422},
			"approve a draft":   {"POST", "/api/v1/impact-assessments/" + id + "/approve", aims.ImpactStep{Version: draft.Version}, 409},
			"return a draft":    {"POST", "/api/v1/impact-assessments/" + id + "/return", aims.ImpactStep{Version: draft.Version, Note: "x"}, 409},
			"stale submit":      {"POST", "/api/v1/impact-assessments/" + id + "/submit", aims.ImpactStep{Version: 9}, 409},
			"criteria stale":    {"PUT", "/api/v1/impact-criteria", impactCriteriaJSONExample(example{Version: 5}), 409},
			"criteria bad":      {"PUT", "/api/v1/impact-criteria", aims.ImpactCriteria{Number: 1, Severity: []aims.ScaleLevel{{Label: "Only"}}}, 422},
			"foreign id":        {"GET", "/api/v1/impact-assessments/" + foreignSys, nil, 404},
			"foreign id update": {"PUT", "/api/v1/impact-assessments/" + foreignSys, good(), 404},
		} {
			var r response
			if s, ok := tc.body.(string); ok {
				r = e.do(tc.method, tc.path, "token:"+e.users[aims.RoleAdmin].Token, "application/json", strings.NewReader(s))
			} else {
				r = e.api(aims.RoleAdmin, tc.method, tc.path, tc.body)
			}
			if r.StatusCode != tc.status {
				t.Errorf("%s: %d, want %d; %.300s", name, r.StatusCode, tc.status, r.Body)
			}
		}
		for name, v := range map[string]url.Values{
			"rows out of step": {"version": {strconv.Itoa(draft.Version)}, "title": {"x"}, "item_description": {"a", "b"}, "item_kind": {"harm"}},
			"bad level":        {"version": {strconv.Itoa(draft.Version)}, "title": {"x"}, "item_description": {"a"}, "item_kind": {"harm"}, "item_affects": {"groups"}, "item_severity": {"x"}, "item_likelihood": {"1"}, "item_reversibility": {"1"}, "item_failure": {"no"}, "item_measures": {""}, "item_risk_id": {""}},
			"no version":       {"title": {"x"}},
			"criteria blank":   {"number": {"1"}, "sensitive_score": {"x"}},
		} {
			path := "/impact-assessments/" + id
			if strings.HasPrefix(name, "criteria") {
				path = "/impact-criteria"
			}
			if r := e.form(aims.RoleAdmin, path, v); r.StatusCode < 400 || r.StatusCode >= 500 {
				t.Errorf("form %s = %d", name, r.StatusCode)
			}
		}
		if e.state() != before {
			t.Error("bad input changed the organization's data")
		}
	})
}

// utf16BE is ASCII text as fpdf writes it in a UTF-8 document's metadata.
func utf16BE(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteByte(0)
		b.WriteByte(c)
	}
	return b.String()
}
