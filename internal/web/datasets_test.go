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

// walkDataset is a data set of a system of the acting organization.
func walkDataset(e *env) int64 {
	e.t.Helper()
	sys := e.createSystem("System with data")
	d, err := e.store.CreateDataset(context.Background(), e.principal(aims.RoleAdmin), aims.Dataset{AISystemID: sys.ID,
		Name: "Walked data", Use: aims.DatasetTraining, Purpose: "Train."})
	if err != nil {
		e.t.Fatal(err)
	}
	return d.ID
}

// foreignDataset is a data set of the other organization.
func foreignDataset(e *env) string {
	e.t.Helper()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	sys, err := e.store.CreateAISystem(context.Background(), stray, aims.AISystem{Name: "Globex model", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := e.store.CreateDataset(context.Background(), stray, aims.Dataset{AISystemID: sys.ID, Name: "Theirs", Use: aims.DatasetTest, Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(d.ID, 10)
}

// TestDatasetFlow: a data set recorded through the form, with a version
// and a failing then passing quality check appended on its page, shows the
// latest result of each check in words on its page and its AI system's
// page, appears in the list's filters, the CSV and the API, and supports
// A.7.2-A.7.6.
func TestDatasetFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys := e.createSystem("CreditLens")
		today := aims.DateOf(e.clock.now())
		res := e.form(aims.RoleContributor, "/datasets", url.Values{"ai_system_id": {strconv.FormatInt(sys.ID, 10)}, "name": {"Loan applications"},
			"use": {"training"}, "purpose": {"Train the scoring model."}, "source": {"Loan origination system"}, "acquired_how": {"Nightly extract"},
			"rights": {"Own customer data under the loan contract"}, "provenance": {"LOS tables joined with bureau scores"},
			"retention": {"7 years"}, "retention_reason": {"Model reproducibility for supervisors"}, "next_check": {today.AddMonths(6).String()}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		id := strings.TrimPrefix(loc, "/datasets/")
		res = e.form(aims.RoleContributor, loc+"/versions", url.Values{"label": {"v3"}, "on": {today.String()}, "size": {"48,210 applications"},
			"preparation": {"Deduplicated; income winsorised"}, "version_note": {"Quarterly refresh"}, "version": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("version = %d %s", res.StatusCode, res.Body)
		}
		res = e.form(aims.RoleContributor, loc+"/checks", url.Values{"checked_on": {today.String()}, "version_label": {"v3"},
			"requirement": {"Missing income values"}, "result": {"fail"}, "measured": {"3.1%"}, "threshold": {"at most 2%"},
			"note": {"Imputation step skipped"}, "version": {"2"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("check = %d %s", res.StatusCode, res.Body)
		}
		for _, path := range []string{loc, "/ai-systems/" + strconv.FormatInt(sys.ID, 10)} {
			page := string(e.page(aims.RoleViewer, path).Body)
			if !strings.Contains(page, "<strong>Failed:</strong> Missing income values") || !strings.Contains(page, "3.1%") {
				t.Errorf("%s does not flag the failing check in words", path)
			}
		}
		var d aims.Dataset
		e.api(aims.RoleContributor, "POST", "/api/v1/datasets/"+id+"/checks", aims.DatasetCheck{CheckedOn: today, VersionLabel: "v3",
			Requirement: "Missing income values", Result: aims.CheckPass, Measured: "0.4%", Version: 3}).json(t, &d)
		if d.Version != 4 {
			t.Errorf("after the API append the data set is at v%d", d.Version)
		}
		page := string(e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(sys.ID, 10)).Body)
		if strings.Contains(page, "<strong>Failed:</strong> Missing income values") || !strings.Contains(page, "Passed: Missing income values") {
			t.Errorf("the system page does not show the re-run's pass as the latest result")
		}
		var checks itemsOf[aims.DatasetCheck]
		e.api(aims.RoleViewer, "GET", "/api/v1/datasets/"+id+"/checks", nil).json(t, &checks)
		if checks.Total != 2 || checks.Items[0].Result != aims.CheckPass {
			t.Errorf("checks = %+v", checks)
		}
		other := e.createSystem("Other system")
		for q, n := range map[string]int{"": 1, "?use=test": 0, "?use=training": 1, "?ai_system_id=" + strconv.FormatInt(other.ID, 10): 0, "?q=origination": 1, "?q=fraud": 0} {
			var p aims.Page[aims.Dataset]
			e.api(aims.RoleViewer, "GET", "/api/v1/datasets"+q, nil).json(t, &p)
			if p.Total != n {
				t.Errorf("list%s total %d, want %d", q, p.Total, n)
			}
		}
		if due, err := e.store.DueItems(ctx, e.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: today.AddMonths(7), Register: aims.RegisterDatasets}); err != nil || due.Total != 1 {
			t.Errorf("due work a month after the next check = %+v, %v", due, err)
		}
		csv := string(e.page(aims.RoleAuditor, "/datasets.csv").Body)
		if !strings.Contains(csv, "DS-1,"+sys.Ref+",CreditLens,Loan applications,training,") {
			t.Errorf("CSV:\n%s", csv)
		}
		for _, req := range []string{"A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"} {
			if sup, _ := e.store.Supports(ctx, e.org.ID, req, 5); len(sup) != 1 || sup[0].Ref != "DS-1" {
				t.Errorf("supports of %s = %+v", req, sup)
			}
		}
	})
}

// TestDatasetBadInput: bad input is a clear 4xx and changes nothing.
func TestDatasetBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := strconv.FormatInt(e.createSystem("Checked").ID, 10)
		id := strconv.FormatInt(walkDataset(e), 10)
		foreign := foreignDataset(e)
		item := url.Values{"ai_system_id": {sys}, "name": {"Data"}, "use": {"training"}, "purpose": {"Train."}}
		with := func(base url.Values, kv ...string) url.Values {
			c := url.Values{}
			for key, vs := range base {
				c[key] = vs
			}
			for i := 0; i+1 < len(kv); i += 2 {
				c.Set(kv[i], kv[i+1])
			}
			return c
		}
		check := url.Values{"checked_on": {"2026-11-02"}, "requirement": {"Completeness"}, "result": {"pass"}, "version": {"1"}}
		version := url.Values{"label": {"v1"}, "on": {"2026-11-02"}, "version": {"1"}}
		foreignSystem, err := e.store.CreateAISystem(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "G", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"no system", "/datasets", with(item, "ai_system_id", ""), 422},
			{"another organization's system", "/datasets", with(item, "ai_system_id", strconv.FormatInt(foreignSystem.ID, 10)), 422},
			{"unknown use", "/datasets", with(item, "use", "tuning"), 422},
			{"no name", "/datasets", with(item, "name", " "), 422},
			{"no purpose", "/datasets", with(item, "purpose", ""), 422},
			{"bad next check", "/datasets", with(item, "next_check", "soon"), 422},
			{"source without rights", "/datasets", with(item, "source", "Bureau"), 422},
			{"another organization's owner", "/datasets", with(item, "owner_id", strconv.FormatInt(e.stray.ID, 10)), 422},
			{"stale edit", "/datasets/" + id, with(item, "version", "5"), 409},
			{"edit without a version", "/datasets/" + id, item, 400},
			{"edit of another organization's data set", "/datasets/" + foreign, with(item, "ai_system_id", "", "version", "1"), 404},
			{"check: failed without a note", "/datasets/" + id + "/checks", with(check, "result", "fail"), 422},
			{"check: unknown result", "/datasets/" + id + "/checks", with(check, "result", "ok"), 422},
			{"check: bad date", "/datasets/" + id + "/checks", with(check, "checked_on", "today"), 422},
			{"check: no requirement", "/datasets/" + id + "/checks", with(check, "requirement", ""), 422},
			{"check: another organization's checker", "/datasets/" + id + "/checks", with(check, "checked_by_id", strconv.FormatInt(e.stray.ID, 10)), 422},
			{"check: stale", "/datasets/" + id + "/checks", with(check, "version", "7"), 409},
			{"check: no version", "/datasets/" + id + "/checks", with(check, "version", ""), 400},
			{"check on another organization's data set", "/datasets/" + foreign + "/checks", check, 404},
			{"version: no label", "/datasets/" + id + "/versions", with(version, "label", ""), 422},
			{"version: stale", "/datasets/" + id + "/versions", with(version, "version", "7"), 409},
			{"version on another organization's data set", "/datasets/" + foreign + "/versions", version, 404},
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
			{"malformed", "POST", "/api/v1/datasets", `{"ai_system_id":`, 400},
			{"unknown field", "POST", "/api/v1/datasets", `{"ai_system_id": ` + sys + `, "name": "a", "use": "training", "purpose": "p", "quality": "good"}`, 422},
			{"NUL", "POST", "/api/v1/datasets", `{"ai_system_id": ` + sys + `, "name": "a\u0000", "use": "training", "purpose": "p"}`, 422},
			{"stale", "PUT", "/api/v1/datasets/" + id, `{"name": "a", "use": "training", "purpose": "p", "version": 4}`, 409},
			{"another organization's data set", "GET", "/api/v1/datasets/" + foreign, "", 404},
			{"checks of another organization's data set", "GET", "/api/v1/datasets/" + foreign + "/checks", "", 404},
			{"check on another organization's data set", "POST", "/api/v1/datasets/" + foreign + "/checks", `{"checked_on": "2026-11-02", "requirement": "r", "result": "pass", "version": 1}`, 404},
			{"check without a version", "POST", "/api/v1/datasets/" + id + "/checks", `{"checked_on": "2026-11-02", "requirement": "r", "result": "pass"}`, 422},
			{"check naming another data set", "POST", "/api/v1/datasets/" + id + "/checks", `{"dataset_id": ` + foreign + `, "checked_on": "2026-11-02", "requirement": "r", "result": "pass", "version": 1}`, 422},
			{"stale version append", "POST", "/api/v1/datasets/" + id + "/versions", `{"label": "v2", "on": "2026-11-02", "version": 9}`, 409},
			{"unknown filter", "GET", "/api/v1/datasets?use=tuning", "", 422},
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
