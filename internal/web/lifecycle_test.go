package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

func mustLifecycle(e *env, p aims.Principal, r aims.LifecycleRecord) aims.LifecycleRecord {
	e.t.Helper()
	out, err := e.store.CreateLifecycleRecord(context.Background(), p, r)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func passingVV(systemID int64) aims.LifecycleRecord {
	return aims.LifecycleRecord{SystemID: systemID, Kind: aims.KindVerification, Title: "Validation v1", ModelVersion: "v1",
		Criteria: []aims.Criterion{{Criterion: "AUC", Threshold: ">= 0.7", Measured: "0.8", Passed: true,
			MeasuredOn: mustDate("2026-11-20"), MeasuredBy: "Validation team"}}}
}

// lifecycleWalkIDs makes the records the route walk's life-cycle routes
// name: a record, a V&V for each approval route (by the contributor, so
// admins and managers may approve it), an operation record, and a system
// for each override route (whose manager is designated to AI risk
// management, so managers may override).
func lifecycleWalkIDs(e *env, role aims.Role) map[string]string {
	e.t.Helper()
	ctx := context.Background()
	author := e.principal(aims.RoleContributor)
	sys := e.createSystem("Lifecycle walked system")
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	if role == aims.RoleManager {
		if _, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: e.users[aims.RoleManager].ID,
			Body: aims.BodyAIRisk, Position: "Chief Risk Officer", From: mustDate("2020-01-01")}); err != nil {
			e.t.Fatal(err)
		}
	}
	return map[string]string{
		aims.RegisterLifecycleRecords: id(mustLifecycle(e, author, aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindDesign, Title: "Design"}).ID),
		"lifecycle-approve":           id(mustLifecycle(e, author, passingVV(sys.ID)).ID),
		"lifecycle-approve-api":       id(mustLifecycle(e, author, passingVV(sys.ID)).ID),
		"lifecycle-operation": id(mustLifecycle(e, author, aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindOperation, Title: "Monitoring",
			ReadingMonths: 1}).ID),
		"lifecycle-override":     id(e.createSystem("Override walked").ID),
		"lifecycle-override-api": id(e.createSystem("Override walked by API").ID),
	}
}

func lifecycleWalkVersion(e *env, names string, id int64) int {
	ctx := context.Background()
	switch names {
	case "lifecycle-override", "lifecycle-override-api":
		a, _ := e.store.AISystem(ctx, e.org.ID, id)
		return a.Version
	case aims.RegisterLifecycleGate:
		p, _ := e.store.GatePolicy(ctx, e.org.ID)
		return p.Version
	}
	r, _ := e.store.LifecycleRecord(ctx, e.org.ID, id)
	return r.Version
}

// foreignLifecycleIDs are records of the other organization for each of
// the life-cycle routes' names; systemID is its AI system.
func foreignLifecycleIDs(e *env, systemID int64) map[string]string {
	e.t.Helper()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	rec := strconv.FormatInt(mustLifecycle(e, stray, aims.LifecycleRecord{SystemID: systemID, Kind: aims.KindOperation, Title: "Theirs", ReadingMonths: 1}).ID, 10)
	vv := strconv.FormatInt(mustLifecycle(e, stray, passingVV(systemID)).ID, 10)
	sys := strconv.FormatInt(systemID, 10)
	return map[string]string{aims.RegisterLifecycleRecords: rec, "lifecycle-operation": rec, "lifecycle-approve": vv, "lifecycle-approve-api": vv,
		"lifecycle-override": sys, "lifecycle-override-api": sys}
}

// lifecyclePages renders every life-cycle template, with a full set of
// records on a system named at length.
func lifecyclePages(e *env, sys aims.AISystem) map[string]string {
	e.t.Helper()
	ctx := context.Background()
	author := e.principal(aims.RoleContributor)
	vv := mustLifecycle(e, author, passingVV(sys.ID))
	if _, err := e.store.ApproveLifecycleRecord(ctx, e.principal(aims.RoleManager), vv.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: mustDate("2026-11-25")}); err != nil {
		e.t.Fatal(err)
	}
	mon := mustLifecycle(e, author, aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindOperation, Title: "Monthly monitoring of the creditworthiness-and-affordability scoring engine", ReadingMonths: 1})
	if _, err := e.store.AddLifecycleReading(ctx, author, mon.ID, aims.Reading{ReadOn: mustDate("2026-11-26"), Metric: "Approval-rate ratio by sex (four-fifths rule)",
		Value: 0.77, Threshold: ">= 0.80", Note: "Below threshold after a marketing campaign aimed at young applicants; root-cause analysis LCR opened", Version: 1}); err != nil {
		e.t.Fatal(err)
	}
	mustLifecycle(e, author, aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindEventLog, Title: "Decision log", Logged: "Inputs, score, decision",
		Location: "s3://brightwater-financial-audit-logs/credit/decisions/worm-retention-bucket", RetentionMonths: 3, RequiredMonths: 6})
	id := strconv.FormatInt(sys.ID, 10)
	return map[string]string{
		"lifecycle_records": "/lifecycle?ai_system_id=" + id, "lifecycle_record": "/lifecycle/" + strconv.FormatInt(mon.ID, 10),
		"lifecycle_form": "/lifecycle/" + strconv.FormatInt(vv.ID, 10) + "/edit", "ai_system_lifecycle": "/ai-systems/" + id + "/lifecycle",
		"lifecycle_gate": "/lifecycle-gate",
	}
}

// TestStageGateThroughTheWeb: moving a system into deployment by the form
// and the API is refused with each missing record named, and nothing is
// written; records made through the forms (V&V with criteria, approval by
// another person, deployment approval, documentation, event log) open the
// gate; an override by an admin is recorded and shown on the system page.
func TestStageGateThroughTheWeb(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("Credit scoring")
		id := strconv.FormatInt(sys.ID, 10)
		move := url.Values{"name": {"Credit scoring"}, "purpose": {"p"}, "lifecycle": {"deployment"}, "review_interval_months": {"12"}, "version": {"1"}}
		before := e.state()
		res := e.form(aims.RoleContributor, "/ai-systems/"+id, move)
		body := string(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot enter Deployment without") ||
			!strings.Contains(body, "An approved deployment plan (A.6.2.5)") || !strings.Contains(body, "Technical documentation for users (A.6.2.7)") {
			t.Fatalf("form move = %d %.500s", res.StatusCode, body)
		}
		res = e.api(aims.RoleContributor, "PUT", "/api/v1/ai-systems/"+id, aims.AISystem{Name: "Credit scoring", Purpose: "p", Lifecycle: aims.StageDeployment,
			ReviewIntervalMonths: 12, Version: 1})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("API move = %d", res.StatusCode)
		}
		p := res.problem(t)
		for _, g := range []string{"verification-passed", "deployment-approved", "documentation-users", "event-log"} {
			if p.Errors["gate."+g] == "" {
				t.Errorf("the refusal does not name %s: %v", g, p.Errors)
			}
		}
		if e.state() != before {
			t.Errorf("a refused move changed the organization's data")
		}
		// The records, through the forms and the API.
		res = e.form(aims.RoleContributor, "/lifecycle", url.Values{"ai_system_id": {id}, "kind": {"verification"}, "title": {"Validation v4"},
			"model_version": {"v4"}, "rows": {"3"}, "c0_criterion": {"AUC"}, "c0_threshold": {">= 0.78"}, "c0_measured": {"0.81"}, "c0_passed": {"on"},
			"c0_measured_on": {"2026-11-20"}, "c0_measured_by": {"Validation"}, "c1_criterion": {"Approval-rate ratio"}, "c1_threshold": {">= 0.8"},
			"c1_measured": {"0.86"}, "c1_passed": {"on"}, "c1_measured_on": {"2026-11-20"}, "c1_measured_by": {"Validation"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("V&V form = %d %.400s", res.StatusCode, res.Body)
		}
		vv := res.Header.Get("Location")
		if r := e.form(aims.RoleManager, vv+"/approve", url.Values{"approved_on": {"2026-11-25"}, "version": {"1"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve = %d %.300s", r.StatusCode, r.Body)
		}
		page := string(e.page(aims.RoleViewer, vv).Body)
		for _, want := range []string{"Approved by", "0.86", "Every criterion passed"} {
			if !strings.Contains(page, want) {
				t.Errorf("the V&V page lacks %q", want)
			}
		}
		var dep aims.LifecycleRecord
		e.api(aims.RoleContributor, "POST", "/api/v1/lifecycle-records", aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindDeployment, Title: "Roll-out"}).json(t, &dep)
		// The author may not approve their own record; the manager may.
		if r := e.api(aims.RoleContributor, "POST", "/api/v1/lifecycle-records/"+strconv.FormatInt(dep.ID, 10)+"/approve",
			aims.LifecycleApproval{Version: 1, ApprovedOn: mustDate("2026-11-26"), Conditions: "c"}); r.StatusCode != http.StatusForbidden {
			t.Errorf("contributor approves = %d", r.StatusCode)
		}
		if r := e.api(aims.RoleManager, "POST", "/api/v1/lifecycle-records/"+strconv.FormatInt(dep.ID, 10)+"/approve",
			aims.LifecycleApproval{Version: 1, ApprovedOn: mustDate("2026-11-26"), Conditions: "Monthly monitoring"}); r.StatusCode != http.StatusOK {
			t.Errorf("manager approves = %d %s", r.StatusCode, r.Body)
		}
		var gaps itemsOf[aims.GateGap]
		e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems/"+id+"/stage-gate?stage=deployment", nil).json(t, &gaps)
		if gaps.Total != 2 {
			t.Errorf("gaps after V&V and deployment = %+v", gaps)
		}
		// Override by an admin, with a reason: recorded and shown.
		res = e.form(aims.RoleAdmin, "/ai-systems/"+id+"/lifecycle/override", url.Values{"stage": {"deployment"},
			"reason": {"Regulator-mandated fix; documentation follows within two weeks"}, "version": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("override = %d %.400s", res.StatusCode, res.Body)
		}
		a, _ := e.store.AISystem(context.Background(), e.org.ID, sys.ID)
		if a.Lifecycle != aims.StageDeployment {
			t.Errorf("after the override: %s", a.Lifecycle)
		}
		page = string(e.page(aims.RoleViewer, "/ai-systems/"+id).Body)
		if !strings.Contains(page, "Gate overridden") || !strings.Contains(page, "Regulator-mandated fix") {
			t.Errorf("the system page does not show the override")
		}
		page = string(e.page(aims.RoleViewer, "/ai-systems/"+id+"/lifecycle").Body)
		if !strings.Contains(page, "documentation-users, event-log") {
			t.Errorf("the life-cycle page does not name what the override skipped")
		}
	})
}

// TestLifecycleBadInput: bad input is a clear 4xx and changes nothing.
func TestLifecycleBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("Credit scoring")
		sid := strconv.FormatInt(sys.ID, 10)
		ctx := context.Background()
		foreign, err := e.store.CreateAISystem(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		theirs := foreignLifecycleIDs(e, foreign.ID)
		mon := mustLifecycle(e, e.principal(aims.RoleAdmin), aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindOperation, Title: "Monitoring", ReadingMonths: 1})
		mine := mustLifecycle(e, e.principal(aims.RoleAdmin), passingVV(sys.ID))
		path := "/lifecycle/" + strconv.FormatInt(mon.ID, 10)
		api := "/api/v1/lifecycle-records/" + strconv.FormatInt(mon.ID, 10)
		base := url.Values{"ai_system_id": {sid}, "kind": {"design"}, "title": {"Design"}}
		with := func(k, v string) url.Values {
			c := url.Values{}
			for key, vs := range base {
				c[key] = vs
			}
			c.Set(k, v)
			return c
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"unknown kind", "/lifecycle", with("kind", "launch"), 422},
			{"another organization's system", "/lifecycle", with("ai_system_id", strconv.FormatInt(foreign.ID, 10)), 422},
			{"no title", "/lifecycle", with("title", ""), 422},
			{"documentation without a link", "/lifecycle", url.Values{"ai_system_id": {sid}, "kind": {"technical-documentation"}, "title": {"Guide"}, "audience": {"users"}}, 422},
			{"event log without a period", "/lifecycle", url.Values{"ai_system_id": {sid}, "kind": {"event-log"}, "title": {"Log"}, "logged": {"x"}, "location": {"y"}}, 422},
			{"pass without a result", "/lifecycle", url.Values{"ai_system_id": {sid}, "kind": {"verification"}, "title": {"V"}, "rows": {"1"}, "c0_criterion": {"AUC"}, "c0_threshold": {"0.7"}, "c0_passed": {"on"}}, 422},
			{"stale edit", path, with("version", "5"), 409},
			{"edit without a version", path, base, 400},
			{"reading out of threshold without a note", path + "/readings", url.Values{"read_on": {"2026-11-20"}, "metric": {"PSI"}, "value": {"0.4"}, "threshold": {"< 0.25"}, "ok": {"no"}, "version": {"1"}}, 422},
			{"reading not a number", path + "/readings", url.Values{"read_on": {"2026-11-20"}, "metric": {"PSI"}, "value": {"high"}, "threshold": {"< 0.25"}, "version": {"1"}}, 422},
			{"stale reading", path + "/readings", url.Values{"read_on": {"2026-11-20"}, "metric": {"PSI"}, "value": {"0.1"}, "threshold": {"< 0.25"}, "version": {"9"}}, 409},
			{"author approves", "/lifecycle/" + strconv.FormatInt(mine.ID, 10) + "/approve", url.Values{"approved_on": {"2026-11-20"}, "version": {"1"}}, 422},
			{"approve a monitoring record", path + "/approve", url.Values{"approved_on": {"2026-11-20"}, "version": {"1"}}, 422},
			{"override without a reason", "/ai-systems/" + sid + "/lifecycle/override", url.Values{"stage": {"deployment"}, "version": {"1"}}, 422},
			{"override, stale", "/ai-systems/" + sid + "/lifecycle/override", url.Values{"stage": {"deployment"}, "reason": {"A long enough reason for the override"}, "version": {"3"}}, 409},
			{"gate with an unknown requirement", "/lifecycle-gate", url.Values{"deployment": {"a-blessing"}, "version": {"0"}}, 422},
			{"gate, stale", "/lifecycle-gate", url.Values{"deployment": {"event-log"}, "version": {"4"}}, 409},
		}
		before := e.state()
		for _, c := range forms {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
			}
		}
		cases := []struct {
			name, method, path, body string
			status                   int
		}{
			{"malformed", "POST", "/api/v1/lifecycle-records", `{"title":`, 400},
			{"another organization's system", "POST", "/api/v1/lifecycle-records", `{"ai_system_id": ` + strconv.FormatInt(foreign.ID, 10) + `, "kind": "design", "title": "t"}`, 422},
			{"unknown document", "POST", "/api/v1/lifecycle-records", `{"ai_system_id": ` + sid + `, "kind": "technical-documentation", "title": "t", "audience": "users", "document_id": 999999}`, 422},
			{"stale", "PUT", api, `{"kind": "operation", "title": "t", "reading_months": 1, "version": 4}`, 409},
			{"another organization's record", "GET", "/api/v1/lifecycle-records/" + theirs[aims.RegisterLifecycleRecords], "", 404},
			{"reading on another organization's record", "POST", "/api/v1/lifecycle-records/" + theirs["lifecycle-operation"] + "/readings", `{"read_on": "2026-11-20", "metric": "m", "value": 1, "threshold": "t", "ok": true, "version": 1}`, 404},
			{"approve another organization's record", "POST", "/api/v1/lifecycle-records/" + theirs["lifecycle-approve"] + "/approve", `{"approved_on": "2026-11-20", "version": 1}`, 404},
			{"override another organization's system", "POST", "/api/v1/ai-systems/" + strconv.FormatInt(foreign.ID, 10) + "/stage-override", `{"stage": "deployment", "reason": "A long enough reason for the override", "version": 1}`, 404},
			{"gate of another organization's system", "GET", "/api/v1/ai-systems/" + strconv.FormatInt(foreign.ID, 10) + "/stage-gate?stage=deployment", "", 404},
			{"gate of an unknown stage", "GET", "/api/v1/ai-systems/" + sid + "/stage-gate?stage=launch", "", 422},
			{"policy, unknown stage", "PUT", "/api/v1/lifecycle-gate", `{"version": 0, "rules": [{"stage": "launch", "requires": ["event-log"]}]}`, 422},
			{"unknown filter", "GET", "/api/v1/lifecycle-records?kind=all", "", 422},
		}
		for _, c := range cases {
			ct := ""
			if c.body != "" {
				ct = "application/json"
			}
			res := e.do(c.method, c.path, "token:"+e.users[aims.RoleAdmin].Token, ct, strings.NewReader(c.body))
			if res.StatusCode != c.status {
				t.Errorf("API %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			res.problem(t)
		}
		if after := e.state(); after != before {
			t.Errorf("refused requests changed the organization's data")
		}
	})
}
