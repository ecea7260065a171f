package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// planReady designates the member for AI risk and records a treated risk
// and an opportunity, so the plan has rows and can be approved.
func planReady(e *env, p aims.Principal, designee int64) aims.Risk {
	e.t.Helper()
	ctx := context.Background()
	admin := aims.Principal{OrgID: p.OrgID, UserID: p.UserID, Email: p.Email, Role: aims.RoleAdmin}
	if _, err := e.store.CreateDesignation(ctx, admin, aims.Designation{UserID: designee, Body: aims.BodyAIRisk, Position: "Chief Risk Officer",
		AcceptUpTo: aims.LimitHigh, From: aims.DateOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))}); err != nil {
		e.t.Fatal(err)
	}
	r, err := e.store.CreateRisk(ctx, admin, aims.Risk{Title: "Thin-file applicants refused unfairly", Source: aims.SourceML,
		Likelihood: 4, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 3, Treatment: aims.TreatModify, TreatmentPlan: "Monthly fairness test"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateRisk(ctx, admin, aims.Risk{Kind: aims.KindOpportunity, Title: "Faster decisions", Source: aims.SourceAutomation,
		PlannedAction: "Pilot instant decisions for small loans"}); err != nil {
		e.t.Fatal(err)
	}
	return r
}

// walkRiskPlan approves a version for the route walk, as a designated admin.
func walkRiskPlan(e *env) int64 {
	e.t.Helper()
	admin := e.principal(aims.RoleAdmin)
	planReady(e, admin, admin.UserID)
	v, err := e.store.ApproveRiskPlan(context.Background(), admin, e.planAsRead(admin.OrgID, aims.RiskPlanApproval{Note: "Walked"}))
	if err != nil {
		e.t.Fatal(err)
	}
	return v.ID
}

// foreignRiskPlan approves a version in the other organization.
func foreignRiskPlan(e *env) string {
	e.t.Helper()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email, Role: aims.RoleAdmin}
	planReady(e, stray, e.stray.ID)
	v, err := e.store.ApproveRiskPlan(context.Background(), stray, e.planAsRead(stray.OrgID, aims.RiskPlanApproval{}))
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(v.ID, 10)
}

// riskPlanPages seeds an approved version and a change after it, and
// returns a path for each risk plan template.
func riskPlanPages(t *testing.T, e *env) map[string]string {
	t.Helper()
	admin := e.principal(aims.RoleAdmin)
	r := planReady(e, admin, e.users[aims.RoleManager].ID)
	v, err := e.store.ApproveRiskPlan(context.Background(), e.principal(aims.RoleManager), e.planAsRead(e.org.ID, aims.RiskPlanApproval{Note: "First plan"}))
	if err != nil {
		t.Fatal(err)
	}
	r.TreatmentPlan = "Weekly fairness test by age band and postcode"
	if _, err := e.store.UpdateRisk(context.Background(), admin, r); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(v.ID, 10)
	return map[string]string{"risk_plan": "/risk-plan", "risk_plan_version": "/risk-plan/versions/" + id,
		"risk_plan_compare": "/risk-plan/compare?a=" + id + "&b=current"}
}

// TestRiskPlanHappyPath: the designated manager approves the plan in the
// form; the page then says when the plan changes; exports carry the version.
func TestRiskPlanHappyPath(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		r := planReady(e, e.principal(aims.RoleAdmin), e.users[aims.RoleManager].ID)
		if res := e.page(aims.RoleViewer, "/risk-plan"); res.StatusCode != http.StatusOK || !bytes.Contains(res.Body, []byte("not been approved yet")) ||
			!bytes.Contains(res.Body, []byte(r.Ref)) || bytes.Contains(res.Body, []byte(`action="/risk-plan/approve"`)) {
			t.Fatalf("plan page for a viewer = %d", res.StatusCode)
		}
		if res := e.form(aims.RoleContributor, "/risk-plan/approve", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("contributor approving = %d, want 403", res.StatusCode)
		}
		read := func() aims.RiskPlan {
			var plan aims.RiskPlan
			e.api(aims.RoleViewer, "GET", "/api/v1/risk-plan", nil).json(t, &plan)
			return plan
		}
		seen := read()
		res := e.form(aims.RoleManager, "/risk-plan/approve", url.Values{"note": {"First plan"}, "number": {"1"}, "digest": {seen.Digest}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/risk-plan/versions/") {
			t.Fatalf("approve = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		if res := e.page(aims.RoleViewer, loc); res.StatusCode != http.StatusOK || !bytes.Contains(res.Body, []byte("Chief Risk Officer")) {
			t.Errorf("version page = %d", res.StatusCode)
		}
		if res := e.page(aims.RoleViewer, loc+"/export.pdf"); res.StatusCode != http.StatusOK || !bytes.HasPrefix(res.Body, []byte("%PDF-")) {
			t.Errorf("PDF = %d %q", res.StatusCode, res.Body[:min(len(res.Body), 20)])
		}
		if res := e.page(aims.RoleViewer, loc+"/export.csv"); res.StatusCode != http.StatusOK || !bytes.Contains(res.Body, []byte("1,2026-11-27,")) {
			t.Errorf("CSV = %d %s", res.StatusCode, res.Body)
		}
		var plan aims.RiskPlan
		e.api(aims.RoleViewer, "GET", "/api/v1/risk-plan", nil).json(t, &plan)
		if plan.Changed || plan.Latest == nil || plan.Latest.Number != 1 || len(plan.Rows) != 2 {
			t.Errorf("API plan after approval = %+v", plan)
		}
		r, _ = e.store.Risk(ctx, e.org.ID, r.ID)
		r.TreatmentPlan = "Weekly fairness test"
		if _, err := e.store.UpdateRisk(ctx, e.principal(aims.RoleAdmin), r); err != nil {
			t.Fatal(err)
		}
		if res := e.page(aims.RoleViewer, "/risk-plan"); !bytes.Contains(res.Body, []byte("The plan has changed since version 1 was approved on")) {
			t.Error("the page does not say the plan changed")
		}
		// An approval of the plan as read before that edit, or a second
		// click on an old page, freezes nothing.
		stale := aims.RiskPlanApproval{Note: "Unseen", Number: 2, Digest: seen.Digest}
		if res := e.api(aims.RoleManager, "POST", "/api/v1/risk-plan/approve", stale); res.StatusCode != http.StatusConflict {
			t.Errorf("approval of a plan that changed since it was read = %d, want 409", res.StatusCode)
		}
		if res := e.form(aims.RoleManager, "/risk-plan/approve", url.Values{"number": {"1"}, "digest": {read().Digest}}); res.StatusCode != http.StatusConflict {
			t.Errorf("second approval from an old page = %d, want 409", res.StatusCode)
		}
		now := read()
		res = e.api(aims.RoleManager, "POST", "/api/v1/risk-plan/approve", aims.RiskPlanApproval{Note: "Fairness test made weekly", Number: now.Next, Digest: now.Digest})
		var v aims.RiskPlanVersion
		res.json(t, &v)
		if res.StatusCode != http.StatusCreated || v.Number != 2 || len(v.Rows) != 2 {
			t.Fatalf("API approve = %d %+v", res.StatusCode, v)
		}
		var vs itemsOf[aims.RiskPlanVersion]
		e.api(aims.RoleViewer, "GET", "/api/v1/risk-plan/versions", nil).json(t, &vs)
		if vs.Total != 2 || vs.Items[0].Number != 2 {
			t.Errorf("versions = %+v", vs)
		}
		if res := e.page(aims.RoleViewer, "/risk-plan/compare"); res.StatusCode != http.StatusOK || !bytes.Contains(res.Body, []byte("0 rows differ")) {
			t.Errorf("compare latest with current = %d", res.StatusCode)
		}
	})
}

// TestRiskPlanBadInput: refused approvals answer a clear 4xx and change
// nothing.
func TestRiskPlanBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		planReady(e, e.principal(aims.RoleAdmin), e.users[aims.RoleManager].ID)
		foreign := foreignRiskPlan(e)
		future := aims.DateOf(e.clock.now()).AddDays(1)
		plan, err := e.store.RiskPlan(context.Background(), e.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		before := e.state()
		for _, c := range []struct {
			name, method, path string
			role               aims.Role
			body               any
			want               int
		}{
			{"malformed", "POST", "/api/v1/risk-plan/approve", aims.RoleManager, `{"note": `, http.StatusBadRequest},
			{"unknown field", "POST", "/api/v1/risk-plan/approve", aims.RoleManager, `{"note": "x", "approver": "CEO"}`, http.StatusUnprocessableEntity},
			{"not a date", "POST", "/api/v1/risk-plan/approve", aims.RoleManager, `{"approved_on": "soon"}`, http.StatusBadRequest},
			{"future date", "POST", "/api/v1/risk-plan/approve", aims.RoleManager, aims.RiskPlanApproval{ApprovedOn: future, Number: 1, Digest: plan.Digest}, http.StatusUnprocessableEntity},
			{"not designated", "POST", "/api/v1/risk-plan/approve", aims.RoleAdmin, aims.RiskPlanApproval{Number: 1, Digest: plan.Digest}, http.StatusUnprocessableEntity},
			{"no number or digest", "POST", "/api/v1/risk-plan/approve", aims.RoleManager, aims.RiskPlanApproval{Note: "x"}, http.StatusUnprocessableEntity},
			{"another org's version", "GET", "/api/v1/risk-plan/versions/" + foreign, aims.RoleAdmin, nil, http.StatusNotFound},
			{"not an ID", "GET", "/api/v1/risk-plan/versions/v1", aims.RoleAdmin, nil, http.StatusNotFound},
		} {
			res := e.api(c.role, c.method, c.path, c.body)
			if res.StatusCode != c.want {
				t.Errorf("%s: %s %s = %d, want %d; %s", c.name, c.method, c.path, res.StatusCode, c.want, res.Body)
			}
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			want       int
		}{
			{"future date", "/risk-plan/approve", url.Values{"approved_on": {future.String()}}, http.StatusUnprocessableEntity},
			{"not a date", "/risk-plan/approve", url.Values{"approved_on": {"31/12/2026"}}, http.StatusUnprocessableEntity},
		} {
			res := e.form(aims.RoleManager, c.path, c.form)
			if res.StatusCode != c.want || !bytes.Contains(res.Body, []byte("The plan was not approved")) {
				t.Errorf("%s: POST %s = %d, want %d with the message", c.name, c.path, res.StatusCode, c.want)
			}
		}
		for _, path := range []string{"/risk-plan/versions/" + foreign, "/risk-plan/versions/" + foreign + "/export.pdf", "/risk-plan/compare?a=" + foreign} {
			if res := e.page(aims.RoleAdmin, path); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s = %d, want 404 or 400", path, res.StatusCode)
			}
		}
		if after := e.state(); after != before {
			t.Error("refused requests changed the organization's data")
		}
	})
}

// planAsRead fills an approval with the organization's plan as it reads now.
func (e *env) planAsRead(orgID int64, a aims.RiskPlanApproval) aims.RiskPlanApproval {
	e.t.Helper()
	plan, err := e.store.RiskPlan(context.Background(), orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	a.Number, a.Digest = plan.Next, plan.Digest
	return a
}
