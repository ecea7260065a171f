package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// walkRisk is a risk the route walk points at, with a residual risk the
// walking role may accept: it gets a designation for AI risk that reaches
// every level.
func walkRisk(e *env, role aims.Role) aims.Risk {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: e.users[role].ID, Body: aims.BodyAIRisk,
		Position: "Walked risk officer", AcceptUpTo: aims.LimitVeryHigh, From: aims.DateOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))}); err != nil {
		e.t.Fatal(err)
	}
	r, err := e.store.CreateRisk(ctx, e.principal(aims.RoleAdmin), aims.Risk{Title: "Walked risk", Source: aims.SourceML,
		Likelihood: 4, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 2, Treatment: aims.TreatModify})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func foreignRisk(e *env) aims.Risk {
	e.t.Helper()
	r, err := e.store.CreateRisk(context.Background(), e.stranger(), aims.Risk{Title: "Theirs", Source: aims.SourceHardware, Likelihood: 1, Impact: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// riskPages seeds a treated, accepted risk and an opportunity and returns
// the pages of the risk templates.
func riskPages(t *testing.T, e *env, systemID, partyID, obligationID int64) map[string]string {
	t.Helper()
	ctx := context.Background()
	r, err := e.store.CreateRisk(ctx, e.principal(aims.RoleAdmin), aims.Risk{
		Title: "Thin-file applicants are refused more often than their repayment record would justify", AISystemID: systemID, Source: aims.SourceML,
		Description: "https://intranet.brightwater-financial.example/governance/ai/risk/credit/thin-file-applicants-reject-inference-study-2026",
		Parties:     []aims.Link{{ID: partyID}}, Obligations: []aims.Link{{ID: obligationID}}, Likelihood: 4, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 3,
		Treatment: aims.TreatModify, Controls: []string{"A.7.4", "A.6.2.4"}, TreatmentPlan: "Reject-inference study; manual review of declines.",
		PlanDue: aims.DateOf(time.Now().UTC().AddDate(0, 3, 0))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.CreateRisk(ctx, e.principal(aims.RoleAdmin), aims.Risk{Title: "Faster decisions for existing customers",
		Kind: aims.KindOpportunity, Source: aims.SourceAutomation, Likelihood: 3, Impact: 3, PlannedAction: "Pilot instant decisions."}); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(r.ID, 10)
	return map[string]string{"risks": "/risks?flagged=1", "risk": "/risks/" + id, "risk_form": "/risks/" + id + "/edit",
		"risk_criteria": "/risk-criteria", "risk_heatmap": "/risks/heat-map"}
}

// TestRiskRegisterPages: criteria from the default, a risk through the
// form, its treatment and acceptance by the designated manager, the flag in
// the list, on the record and on the AI system page, and the heat map.
func TestRiskRegisterPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys := e.createSystem("CreditLens")
		sid := strconv.FormatInt(sys.ID, 10)
		if res := e.form(aims.RoleManager, "/risk-criteria/default", url.Values{"version": {"0"}}); res.StatusCode != 303 {
			t.Fatalf("default criteria: %d %s", res.StatusCode, res.Body)
		}
		if res := e.form(aims.RoleContributor, "/risk-criteria/default", url.Values{"version": {"1"}}); res.StatusCode != 403 {
			t.Errorf("contributor changing the criteria: %d, want 403", res.StatusCode)
		}
		res := e.form(aims.RoleContributor, "/risks", url.Values{"title": {"Unfair refusals"}, "kind": {"risk"}, "source": {"machine-learning"},
			"status": {"identified"}, "ai_system_id": {sid}, "likelihood": {"4"}, "impact": {"5"}})
		if res.StatusCode != 303 {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		page := string(e.page(aims.RoleViewer, loc).Body)
		if !strings.Contains(page, "Above the acceptance threshold without accepted treatment") || !strings.Contains(page, "Very high") {
			t.Errorf("record does not show the flag and level")
		}
		if list := string(e.page(aims.RoleViewer, "/risks?flagged=1").Body); !strings.Contains(list, "above threshold, no accepted treatment") {
			t.Errorf("list lacks the flag")
		}
		if sp := string(e.page(aims.RoleViewer, "/ai-systems/"+sid).Body); !strings.Contains(sp, "1 above the threshold without accepted treatment") {
			t.Errorf("AI system page lacks the risk panel's flag")
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/risks/"), 10, 64)
		treat := url.Values{"title": {"Unfair refusals"}, "kind": {"risk"}, "source": {"machine-learning"}, "status": {"treatment-planned"},
			"ai_system_id": {sid}, "likelihood": {"4"}, "impact": {"5"}, "residual_likelihood": {"2"}, "residual_impact": {"3"},
			"treatment": {"modify"}, "controls": {"A.7.4, A.6.2.4"}, "version": {"1"}}
		if res := e.form(aims.RoleContributor, loc, treat); res.StatusCode != 303 {
			t.Fatalf("treat: %d %s", res.StatusCode, res.Body)
		}
		// A manager without a designation cannot accept; with one up to
		// medium they can accept this medium residual risk.
		accept := url.Values{"reason": {"Within appetite."}, "version": {"2"}}
		if res := e.form(aims.RoleManager, loc+"/accept", accept); res.StatusCode != 422 || !strings.Contains(string(res.Body), "designation") {
			t.Errorf("accept without designation: %d", res.StatusCode)
		}
		if _, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: e.users[aims.RoleManager].ID,
			Body: aims.BodyAIRisk, Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium, From: aims.DateOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))}); err != nil {
			t.Fatal(err)
		}
		if res := e.form(aims.RoleManager, loc+"/accept", accept); res.StatusCode != 303 {
			t.Fatalf("accept: %d %s", res.StatusCode, res.Body)
		}
		r, err := e.store.Risk(ctx, e.org.ID, id)
		if err != nil || r.Flagged || r.AcceptedOn.IsZero() || strings.Join(r.Controls, " ") != "A.6.2.4 A.7.4" {
			t.Fatalf("after acceptance = %+v, %v", r, err)
		}
		page = string(e.page(aims.RoleViewer, loc).Body)
		if !strings.Contains(page, "Chief Risk Officer") || strings.Contains(page, "Above the acceptance threshold without") {
			t.Errorf("record after acceptance does not name the designation, or still flags")
		}
		if !strings.Contains(page, "Accepted on the plan") || !strings.Contains(page, "A.6.2.4, A.7.4 (their gap entry") {
			t.Errorf("record accepted before its controls are in place does not say so")
		}
		if list := string(e.page(aims.RoleViewer, "/risks").Body); !strings.Contains(list, "accepted on plan, controls not yet in place") {
			t.Errorf("list does not mark the risk accepted on plan")
		}
		m := string(e.page(aims.RoleViewer, "/risks/heat-map?ai_system_id="+sid).Body)
		if !strings.Contains(m, "<svg") || !strings.Contains(m, "impact=5&amp;kind=risk&amp;likelihood=4") || !strings.Contains(m, "Likelihood 4 Likely, impact 5 Severe: Very high, 1 risk") {
			t.Errorf("heat map lacks its cell link or label")
		}
		cell := string(e.page(aims.RoleViewer, "/risks?kind=risk&likelihood=2&impact=3&residual=1").Body)
		if !strings.Contains(cell, "Unfair refusals") {
			t.Errorf("the residual cell's list lacks the risk")
		}
		csv := string(e.page(aims.RoleViewer, "/risks.csv").Body)
		if !strings.Contains(csv, "RSK-1") || !strings.Contains(csv, "Within appetite.") {
			t.Errorf("CSV = %s", csv)
		}
	})
}

// TestRiskBadInput: each bad request answers 4xx naming the problem, and
// nothing in the organization changes.
func TestRiskBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		r := walkRisk(e, aims.RoleAdmin)
		theirs := foreignRisk(e)
		theirParty, err := e.store.CreateParty(context.Background(), e.stranger(), aims.Party{Name: "Theirs"})
		if err != nil {
			t.Fatal(err)
		}
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		rp := "/api/v1/risks/" + id(r.ID)
		risk := func(extra string) string { return `{"title": "t", "source": "hardware"` + extra + `}` }
		before := e.state()
		for _, c := range []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"unknown source", "POST", "/api/v1/risks", `{"title": "t", "source": "astrology"}`, 422, "source"},
			{"likelihood off the scale", "POST", "/api/v1/risks", risk(`, "likelihood": 9, "impact": 1`), 422, "likelihood"},
			{"unknown Annex A control", "POST", "/api/v1/risks", risk(`, "controls": ["A.99.1"]`), 422, "controls"},
			{"not a control", "POST", "/api/v1/risks", risk(`, "controls": ["ISO 27001"]`), 422, "controls"},
			{"foreign party", "POST", "/api/v1/risks", risk(`, "affected_parties": [{"id": ` + id(theirParty.ID) + `}]`), 422, "affected_parties"},
			{"foreign owner", "POST", "/api/v1/risks", risk(`, "owner_id": ` + id(e.stray.ID)), 422, "owner_id"},
			{"another organization's risk", "PUT", "/api/v1/risks/" + id(theirs.ID), risk(`, "version": 1`), 404, ""},
			{"accept another organization's risk", "POST", "/api/v1/risks/" + id(theirs.ID) + "/accept", `{"version": 1, "accepted_on": "2026-01-01", "reason": "x"}`, 404, ""},
			{"stale risk", "PUT", rp, risk(`, "version": 7`), 409, ""},
			{"stale acceptance", "POST", rp + "/accept", `{"version": 7, "reason": "x"}`, 409, ""},
			{"acceptance without reason", "POST", rp + "/accept", `{"version": 1}`, 422, "reason"},
			{"malformed risk", "POST", "/api/v1/risks", `{"title": `, 400, ""},
			{"stale criteria", "PUT", "/api/v1/risk-criteria", `{"version": 0, "likelihood": [{"label": "a"}, {"label": "b"}], "impact": [{"label": "a"}, {"label": "b"}], "matrix": [["low", "low"], ["low", "high"]], "threshold": "low"}`, 409, ""},
			{"falling matrix", "PUT", "/api/v1/risk-criteria", `{"version": 1, "likelihood": [{"label": "a"}, {"label": "b"}], "impact": [{"label": "a"}, {"label": "b"}], "matrix": [["high", "low"], ["low", "high"]], "threshold": "low"}`, 422, "matrix.1.2"},
			{"bad list filter", "GET", "/api/v1/risks?level=extreme", "", 422, "level"},
			{"both system and AIMS", "GET", "/api/v1/risks?ai_system_id=aims&kind=risk&level=low&sort=owner", "", 422, "sort"},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			res := e.api(aims.RoleAdmin, c.method, c.path, body)
			if res.StatusCode != c.status {
				t.Errorf("%s: %d, want %d; %s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			p := res.problem(t)
			if c.field != "" && p.Errors[c.field] == "" {
				t.Errorf("%s: no message for %s in %+v", c.name, c.field, p)
			}
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"no version", "/risks/" + id(r.ID), url.Values{"title": {"t"}, "source": {"hardware"}}, 400},
			{"foreign risk", "/risks/" + id(theirs.ID), url.Values{"title": {"t"}, "source": {"hardware"}, "version": {"1"}}, 404},
			{"bad date", "/risks", url.Values{"title": {"t"}, "source": {"hardware"}, "plan_due": {"soon"}}, 422},
			{"criteria without version", "/risk-criteria", url.Values{"threshold": {"low"}}, 400},
			{"criteria with one level", "/risk-criteria", url.Values{"version": {"1"}, "threshold": {"low"}, "likelihood_label_1": {"Rare"}, "impact_label_1": {"Minor"}, "matrix_1_1": {"low"}}, 422},
			{"accept without version", "/risks/" + id(r.ID) + "/accept", url.Values{"reason": {"x"}}, 400},
		} {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d", c.name, res.StatusCode, c.status)
			}
		}
		if e.state() != before {
			t.Error("refused requests changed the organization's data")
		}
	})
}

// TestRiskComputedFieldsAreNotTheClients: what the registers decide (the
// controls not yet in place) is never taken from a request, not even in
// the reply to it.
func TestRiskComputedFieldsAreNotTheClients(t *testing.T) {
	e := sqliteEnv(t)
	res := e.api(aims.RoleContributor, "POST", "/api/v1/risks", `{"title": "Drift", "source": "machine-learning", "likelihood": 2, "impact": 2,
		"treatment": "modify", "controls": ["A.6.2.6"], "controls_pending": ["FORGED"]}`)
	var r aims.Risk
	res.json(t, &r)
	if res.StatusCode != 201 || strings.Join(r.ControlsPending, " ") != "A.6.2.6" {
		t.Errorf("create = %d, controls_pending %v, want the register's [A.6.2.6]", res.StatusCode, r.ControlsPending)
	}
}
