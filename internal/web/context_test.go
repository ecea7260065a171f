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

// Records of the context issues and process registers for the shared
// tests: the permission walk, the foreign-ID walk and the page render.

func walkContextIssue(e *env) aims.ContextIssue {
	e.t.Helper()
	c, err := e.store.CreateContextIssue(context.Background(), e.principal(aims.RoleAdmin),
		aims.ContextIssue{Title: "Walked issue", Origin: aims.IssueExternal, Category: aims.IssueLegal})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func walkProcess(e *env) aims.Process {
	e.t.Helper()
	p, err := e.store.CreateProcess(context.Background(), e.principal(aims.RoleAdmin), aims.Process{Name: "Walked process", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) stranger() aims.Principal {
	return aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email, Role: aims.RoleAdmin}
}

func foreignIssue(e *env) aims.ContextIssue {
	e.t.Helper()
	c, err := e.store.CreateContextIssue(context.Background(), e.stranger(), aims.ContextIssue{Title: "Theirs", Origin: aims.IssueInternal, Category: aims.IssueOther})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func foreignProcess(e *env) aims.Process {
	e.t.Helper()
	p, err := e.store.CreateProcess(context.Background(), e.stranger(), aims.Process{Name: "Theirs", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func renderedIssue(e *env, sys aims.AISystem) string {
	e.t.Helper()
	ctx := context.Background()
	// A second call finds the statement written and is refused: harmless.
	_, _ = e.store.UpdateContextStatement(ctx, e.principal(aims.RoleAdmin), aims.ContextStatement{Roles: []aims.AIRole{aims.AIRoleProvider},
		ClimateRelevant: aims.ClimateRelevant, ClimateReasoning: "Training energy."})
	c, err := e.store.CreateContextIssue(ctx, e.principal(aims.RoleAdmin), aims.ContextIssue{Title: "Rendered issue", Origin: aims.IssueExternal,
		Category: aims.IssueLegal, AISystems: []aims.Link{{ID: sys.ID}}, OwnerID: e.users[aims.RoleManager].ID})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

func renderedProcess(e *env) string {
	e.t.Helper()
	ctx := context.Background()
	a, err := e.store.CreateProcess(ctx, e.principal(aims.RoleAdmin), aims.Process{Name: "Risk <management>", Purpose: "p", Requirements: []string{"6.1.2"}})
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := e.store.CreateProcess(ctx, e.principal(aims.RoleAdmin), aims.Process{Name: "Review", Purpose: "p", Feeds: []aims.Link{{ID: a.ID}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(b.ID, 10)
}

func TestAPIContextIssuesAndStatement(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		res := e.api(aims.RoleContributor, "POST", "/api/v1/context-issues", `{"title": "EU AI Act", "origin": "external", "category": "legal-regulatory", "ai_systems": [{"id": `+strconv.FormatInt(sys.ID, 10)+`}]}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		var c aims.ContextIssue
		res.json(t, &c)
		if c.Ref != "CTX-1" || c.AISystems[0].Ref != "AIS-1" {
			t.Errorf("created %+v", c)
		}
		path := "/api/v1/context-issues/" + strconv.FormatInt(c.ID, 10)
		edit := c
		edit.Effect = "High-risk obligations for CreditLens."
		if res := e.api(aims.RoleContributor, "PUT", path, edit); res.StatusCode != http.StatusOK {
			t.Fatalf("update = %d %s", res.StatusCode, res.Body)
		}
		if res := e.api(aims.RoleContributor, "PUT", path, edit); res.StatusCode != http.StatusConflict {
			t.Errorf("stale update = %d, want 409", res.StatusCode)
		}
		var list aims.Page[aims.ContextIssue]
		e.api(aims.RoleViewer, "GET", "/api/v1/context-issues?ai_system_id="+strconv.FormatInt(sys.ID, 10)+"&origin=external&q=eu", nil).json(t, &list)
		if list.Total != 1 {
			t.Errorf("filtered list = %+v", list)
		}
		if res := e.api(aims.RoleViewer, "GET", "/api/v1/context-issues.csv", nil); !strings.Contains(string(res.Body), "CTX-1,EU AI Act,external") {
			t.Errorf("CSV = %s", res.Body)
		}

		// The statement: first write at version 0, then versioned.
		var st aims.ContextStatement
		e.api(aims.RoleViewer, "GET", "/api/v1/context", nil).json(t, &st)
		if st.Version != 0 {
			t.Errorf("unwritten statement = %+v", st)
		}
		body := `{"roles": ["provider", "customer"], "climate_relevant": "yes", "climate_reasoning": "Compute energy.", "version": 0}`
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1/context", body); res.StatusCode != http.StatusOK {
			t.Fatalf("statement = %d %s", res.StatusCode, res.Body)
		}
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1/context", strings.Replace(body, "Compute", "GPU", 1)); res.StatusCode != http.StatusConflict {
			t.Errorf("second first write = %d, want 409", res.StatusCode)
		}
		var hist itemsOf[aims.AuditEvent]
		e.api(aims.RoleViewer, "GET", "/api/v1/context/history", nil).json(t, &hist)
		if hist.Total != 1 {
			t.Errorf("statement history = %+v", hist)
		}
		// The gap analysis shows both supporters of 4.1, linked.
		page := string(e.page(aims.RoleViewer, "/gap/4.1").Body)
		if !strings.Contains(page, `href="/context-issues/`+strconv.FormatInt(c.ID, 10)+`"`) || !strings.Contains(page, `href="/context/`+strconv.FormatInt(e.org.ID, 10)+`"`) {
			t.Errorf("gap entry 4.1 does not link its supporters")
		}
		if res := e.page(aims.RoleViewer, "/context/"+strconv.FormatInt(e.org.ID, 10)); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/context-issues") {
			t.Errorf("statement link = %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestContextStatementForm(t *testing.T) {
	e := sqliteEnv(t)
	form := url.Values{"roles": {"provider", "customer"}, "climate_relevant": {"yes"}, "climate_reasoning": {"Energy of training."}, "version": {"0"}}
	if res := e.form(aims.RoleContributor, "/context", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save = %d %s", res.StatusCode, res.Body)
	}
	before := e.state()
	form.Set("climate_reasoning", "Changed")
	res := e.form(aims.RoleContributor, "/context", form) // version 0 again: stale
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Changed") || !strings.Contains(string(res.Body), `name="version" value="1"`) {
		t.Errorf("stale save = %d, want 409 keeping the input and carrying version 1", res.StatusCode)
	}
	bad := url.Values{"climate_relevant": {"yes"}, "version": {"1"}}
	if res := e.form(aims.RoleContributor, "/context", bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "is required") {
		t.Errorf("decision without reasoning = %d", res.StatusCode)
	}
	if res := e.form(aims.RoleContributor, "/context", url.Values{"roles": {"provider"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("form without version = %d, want 400", res.StatusCode)
	}
	if e.state() != before {
		t.Error("refused statement forms changed the organization's data")
	}
	body := string(e.page(aims.RoleViewer, "/context-issues").Body)
	if !strings.Contains(body, "AI customer") || !strings.Contains(body, "Energy of training.") {
		t.Errorf("context page lacks the statement")
	}
}

func TestAPIProcesses(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		res := e.api(aims.RoleContributor, "POST", "/api/v1/processes", `{"name": "AI risk management", "purpose": "p", "requirements": ["6.1.2", "A.5.2"]}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		var risk aims.Process
		res.json(t, &risk)
		res = e.api(aims.RoleContributor, "POST", "/api/v1/processes", `{"name": "Management review", "purpose": "p", "requirements": ["9.3.1"], "feeds": [], "status": "in-operation"}`)
		var review aims.Process
		res.json(t, &review)
		edit := risk
		edit.Feeds = []aims.Link{{ID: review.ID}}
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1/processes/"+strconv.FormatInt(risk.ID, 10), edit); res.StatusCode != http.StatusOK {
			t.Fatalf("update = %d %s", res.StatusCode, res.Body)
		}
		var got aims.Process
		e.api(aims.RoleViewer, "GET", "/api/v1/processes/"+strconv.FormatInt(review.ID, 10), nil).json(t, &got)
		if len(got.FedBy) != 1 || got.FedBy[0].Ref != risk.Ref {
			t.Errorf("review fed by %+v", got.FedBy)
		}
		var list aims.Page[aims.Process]
		e.api(aims.RoleViewer, "GET", "/api/v1/processes?requirement=A.5.2", nil).json(t, &list)
		if list.Total != 1 || list.Items[0].ID != risk.ID {
			t.Errorf("by requirement = %+v", list)
		}
		page := string(e.page(aims.RoleViewer, "/processes/"+strconv.FormatInt(review.ID, 10)).Body)
		if !strings.Contains(page, "Fed by") || !strings.Contains(page, `href="/processes/`+strconv.FormatInt(risk.ID, 10)+`"`) {
			t.Errorf("process page lacks the link back")
		}
		m := string(e.page(aims.RoleViewer, "/processes/map").Body)
		if !strings.Contains(m, "<svg") || !strings.Contains(m, "PRC-1 feeds PRC-2") || !strings.Contains(m, "No process serves clauses 4, 5, 7, 8, 10") {
			t.Errorf("map page lacks the picture, the link or the uncovered clauses")
		}
		if !strings.Contains(string(e.page(aims.RoleViewer, "/gap/9.3.1").Body), `href="/processes/`+strconv.FormatInt(review.ID, 10)+`"`) {
			t.Errorf("gap entry 9.3.1 does not show the process that serves it")
		}
	})
}

// TestContextAndProcessBadInput: each bad request answers 4xx naming the
// problem, and nothing in the organization changes.
func TestContextAndProcessBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		issue := walkContextIssue(e)
		proc := walkProcess(e)
		theirIssue, theirProc := foreignIssue(e), foreignProcess(e)
		theirSys, err := e.store.CreateAISystem(ctx, e.stranger(), aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		ip := "/api/v1/context-issues/" + strconv.FormatInt(issue.ID, 10)
		pp := "/api/v1/processes/" + strconv.FormatInt(proc.ID, 10)
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		iss := func(extra string) string {
			return `{"title": "t", "origin": "external", "category": "legal-regulatory"` + extra + `}`
		}
		prc := func(extra string) string { return `{"name": "n", "purpose": "p"` + extra + `}` }
		before := e.state()
		for _, c := range []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"unknown category", "POST", "/api/v1/context-issues", `{"title": "t", "origin": "external", "category": "weather"}`, 422, "category"},
			{"unknown origin", "POST", "/api/v1/context-issues", `{"title": "t", "origin": "abroad", "category": "other"}`, 422, "origin"},
			{"foreign AI system", "POST", "/api/v1/context-issues", iss(`, "ai_systems": [{"id": ` + id(theirSys.ID) + `}]`), 422, "ai_systems"},
			{"foreign owner", "POST", "/api/v1/context-issues", iss(`, "owner_id": ` + id(e.stray.ID)), 422, "owner_id"},
			{"foreign AI system on edit", "PUT", ip, iss(`, "version": 1, "ai_systems": [{"id": ` + id(theirSys.ID) + `}]`), 422, "ai_systems"},
			{"another organization's issue", "PUT", "/api/v1/context-issues/" + id(theirIssue.ID), iss(`, "version": 1`), 404, ""},
			{"issue without version", "PUT", ip, iss(""), 422, "version"},
			{"malformed statement", "PUT", "/api/v1/context", `{"roles": "provider"`, 400, ""},
			{"unknown role", "PUT", "/api/v1/context", `{"roles": ["deployer"], "version": 0}`, 422, "roles"},
			{"climate without reasoning", "PUT", "/api/v1/context", `{"climate_relevant": "no", "version": 0}`, 422, "climate_reasoning"},
			{"climate maybe", "PUT", "/api/v1/context", `{"climate_relevant": "maybe", "climate_reasoning": "r", "version": 0}`, 422, "climate_relevant"},
			{"unknown requirement", "POST", "/api/v1/processes", prc(`, "requirements": ["4.9"]`), 422, "requirements"},
			{"a group, not a requirement", "POST", "/api/v1/processes", prc(`, "requirements": ["A.6"]`), 422, "requirements"},
			{"unknown requirement on edit", "PUT", pp, prc(`, "version": 1, "requirements": ["11.1"]`), 422, "requirements"},
			{"feeding itself", "PUT", pp, prc(`, "version": 1, "feeds": [{"id": ` + id(proc.ID) + `}]`), 422, "feeds"},
			{"feeding another organization's process", "POST", "/api/v1/processes", prc(`, "feeds": [{"id": ` + id(theirProc.ID) + `}]`), 422, "feeds"},
			{"another organization's process", "PUT", "/api/v1/processes/" + id(theirProc.ID), prc(`, "version": 1`), 404, ""},
			{"unknown status", "POST", "/api/v1/processes", prc(`, "status": "paused"`), 422, "status"},
			{"stale process", "PUT", pp, prc(`, "version": 7`), 409, ""},
			{"bad list filter", "GET", "/api/v1/context-issues?category=weather", "", 422, "category"},
			{"bad process sort", "GET", "/api/v1/processes?sort=owner", "", 422, "sort"},
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
		// The same through the forms.
		pf := "/processes/" + id(proc.ID)
		for _, c := range []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"unknown requirement", pf, url.Values{"name": {"n"}, "purpose": {"p"}, "requirements": {"6.1.2 9.9"}, "version": {"1"}}, 422},
			{"feeding itself", pf, url.Values{"name": {"n"}, "purpose": {"p"}, "feeds": {id(proc.ID)}, "version": {"1"}}, 422},
			{"foreign feed", "/processes", url.Values{"name": {"n"}, "purpose": {"p"}, "feeds": {id(theirProc.ID)}}, 422},
			{"foreign system", "/context-issues", url.Values{"title": {"t"}, "origin": {"external"}, "category": {"other"}, "ai_systems": {id(theirSys.ID)}}, 422},
			{"no version", "/context-issues/" + id(issue.ID), url.Values{"title": {"t"}, "origin": {"external"}, "category": {"other"}}, 400},
			{"foreign issue", "/context-issues/" + id(theirIssue.ID), url.Values{"title": {"t"}, "origin": {"external"}, "category": {"other"}, "version": {"1"}}, 404},
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
