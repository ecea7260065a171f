package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestAPIAISystemLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		res := e.api(aims.RoleContributor, "POST", "/api/v1/ai-systems", `{"name": "Resume ranker", "purpose": "Ranks job applications"}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		var a aims.AISystem
		res.json(t, &a)
		if a.ID == 0 || a.Version != 1 || a.Ref != "AIS-1" || res.Header.Get("Location") != "/api/v1/ai-systems/"+strconv.FormatInt(a.ID, 10) {
			t.Errorf("created %+v, Location %q", a, res.Header.Get("Location"))
		}
		path := "/api/v1/ai-systems/" + strconv.FormatInt(a.ID, 10)
		var got aims.AISystem
		e.api(aims.RoleViewer, "GET", path, nil).json(t, &got)
		if got.Name != "Resume ranker" || got.Lifecycle != aims.StageInception || got.RiskClass != aims.RiskUnclassified {
			t.Errorf("read %+v", got)
		}

		// Classify and edit in one PUT of the record as read.
		edit := got
		edit.Lifecycle = aims.StageVerification
		edit.EUAIAct = &aims.Classification{AnnexIII: "annex3.4.a", Reasoning: "Evaluates candidates."}
		res = e.api(aims.RoleContributor, "PUT", path, edit)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("update = %d %s", res.StatusCode, res.Body)
		}
		var updated aims.AISystem
		res.json(t, &updated)
		if updated.Version != 2 || updated.RiskClass != aims.RiskHigh {
			t.Errorf("updated: version %d class %s, want 2 high-risk", updated.Version, updated.RiskClass)
		}

		// The same stale read again is refused, and nothing is written.
		before := e.events()
		stale := got
		stale.Name = "Lost update"
		res = e.api(aims.RoleContributor, "PUT", path, stale)
		if res.StatusCode != http.StatusConflict {
			t.Errorf("stale update = %d, want 409", res.StatusCode)
		}
		if p := res.problem(t); !strings.Contains(p.Detail, "changed by someone else") {
			t.Errorf("conflict detail = %q", p.Detail)
		}
		if e.events() != before {
			t.Errorf("refused update wrote an audit event")
		}

		var hist itemsOf[aims.AuditEvent]
		e.api(aims.RoleAuditor, "GET", path+"/history", nil).json(t, &hist)
		if hist.Total != 2 || hist.Items[1].Action != aims.ActionUpdate || hist.Items[1].Actor != e.users[aims.RoleContributor].Email+" (API token "+tokenID(t, e, aims.RoleContributor)+")" {
			t.Errorf("history = %+v", hist)
		}

		// Archive: gone from the active list, present among the archived, restorable.
		res = e.api(aims.RoleManager, "POST", path+"/archive", `{"version": 2}`)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("archive = %d %s", res.StatusCode, res.Body)
		}
		var list aims.Page[aims.AISystem]
		e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems", nil).json(t, &list)
		if list.Total != 0 {
			t.Errorf("active list after archive has %d", list.Total)
		}
		e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems?archived=true", nil).json(t, &list)
		if list.Total != 1 || !list.Items[0].Archived {
			t.Errorf("archived list = %+v", list)
		}
		if res := e.api(aims.RoleContributor, "PUT", path, updated); res.StatusCode != http.StatusConflict || !strings.Contains(res.problem(t).Detail, "archived") {
			t.Errorf("editing an archived system = %d, want 409 naming the archive", res.StatusCode)
		}
		if res := e.api(aims.RoleManager, "POST", path+"/restore", nil); res.StatusCode != http.StatusOK {
			t.Errorf("restore = %d %s", res.StatusCode, res.Body)
		}
		e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems?q=RESUME&lifecycle=verification-validation&risk_class=high-risk", nil).json(t, &list)
		if list.Total != 1 {
			t.Errorf("filtered list total = %d, want 1", list.Total)
		}
	})
}

func tokenID(t *testing.T, e *env, role aims.Role) string {
	t.Helper()
	p, err := e.store.TokenPrincipal(context.Background(), hashOf(e.users[role].Token))
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(p.TokenID, 10)
}

func TestAPIGapAssessment(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var g gapReply
		e.api(aims.RoleViewer, "GET", "/api/v1/gap-assessment", nil).json(t, &g)
		if len(g.Items) != 70 || g.Overall.Percent != 0 || len(g.Groups) != 16 {
			t.Fatalf("initial gap: %d items, %d%%, %d groups", len(g.Items), g.Overall.Percent, len(g.Groups))
		}
		sys := e.createSystem("Scoring")
		entry := aims.GapEntry{Status: aims.GapImplemented, OwnerID: e.users[aims.RoleManager].ID, TargetDate: mustDate("2027-01-31"),
			Notes: "Done.", Links: []aims.GapLink{{AISystemID: sys.ID}, {Title: "Policy", URL: "https://intranet.example/policy"}}}
		res := e.api(aims.RoleContributor, "PUT", "/api/v1/gap-assessment/A.4.3", entry)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("put = %d %s", res.StatusCode, res.Body)
		}
		var saved aims.GapEntry
		res.json(t, &saved)
		if saved.Version != 1 || saved.Links[0].AISystemRef != "AIS-1" || saved.Links[0].Title != "Scoring" || saved.OwnerName == "" {
			t.Errorf("saved = %+v", saved)
		}
		e.api(aims.RoleViewer, "GET", "/api/v1/gap-assessment", nil).json(t, &g)
		if g.AnnexA.Counts["implemented"] != 1 || g.AnnexA.Percent != 2 { // 1 of 38
			t.Errorf("annex A after = %+v", g.AnnexA)
		}
		// The link shows on the AI system's page, the other direction.
		if page := e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(sys.ID, 10)); !strings.Contains(string(page.Body), `href="/gap/A.4.3"`) {
			t.Errorf("AI system page does not link back to A.4.3")
		}
		// A second writer with the old version is refused.
		before := e.events()
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1/gap-assessment/A.4.3", entry); res.StatusCode != http.StatusConflict {
			t.Errorf("stale gap put = %d, want 409", res.StatusCode)
		}
		if e.events() != before {
			t.Errorf("refused gap put wrote an event")
		}
		var one aims.GapEntry
		e.api(aims.RoleViewer, "GET", "/api/v1/gap-assessment/4.3", nil).json(t, &one)
		if one.Status != aims.GapNotStarted || one.Version != 0 {
			t.Errorf("unassessed entry = %+v", one)
		}
	})
}

func mustDate(s string) aims.Date {
	d, err := aims.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestAPIBadInput sends every kind of bad request the issue lists. Each gets
// a 4xx that names the problem, as a problem document, and none writes
// anything.
func TestAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("Target")
		sysPath := "/api/v1/ai-systems/" + strconv.FormatInt(sys.ID, 10)
		foreign, err := e.store.CreateAISystem(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		valid := func(extra string) string { return `{"name": "n", "purpose": "p"` + extra + `}` }
		current := `"version": 1, "name": "Target", "purpose": "Purpose of Target"`
		pp, pf := seedPeople(t, e), seedForeignPeople(t, e)
		big := `{"name": "` + strings.Repeat("x", 2<<20) + `", "purpose": "p"}`
		cases := []struct {
			name, method, path, body, ctype string
			status                          int
			field, detail                   string
		}{
			{"malformed JSON", "POST", "/api/v1/ai-systems", `{"name": "x",`, "", 400, "", "not valid JSON"},
			{"not JSON", "POST", "/api/v1/ai-systems", `hello`, "", 400, "", "not valid JSON"},
			{"a list, not an object", "POST", "/api/v1/ai-systems", `[]`, "", 400, "", "JSON object"},
			{"two objects", "POST", "/api/v1/ai-systems", valid("") + ` {}`, "", 400, "", "exactly one"},
			{"empty body", "POST", "/api/v1/ai-systems", ``, "", 400, "", "empty"},
			{"wrong type", "POST", "/api/v1/ai-systems", `{"name": 5, "purpose": "p"}`, "", 422, "name", ""},
			{"wrong nested type", "POST", "/api/v1/ai-systems", valid(`, "eu_ai_act": {"art50": "art50.1", "reasoning": "r"}`), "", 422, "eu_ai_act.art50", ""},
			{"unknown lifecycle", "POST", "/api/v1/ai-systems", valid(`, "lifecycle": "shipping"`), "", 422, "lifecycle", ""},
			{"unknown role", "POST", "/api/v1/ai-systems", valid(`, "roles": ["owner"]`), "", 422, "roles", ""},
			{"unknown Annex III point", "POST", "/api/v1/ai-systems", valid(`, "eu_ai_act": {"annex_iii": "annex3.9.z", "reasoning": "r"}`), "", 422, "eu_ai_act.annex_iii", ""},
			{"classification without reasoning", "POST", "/api/v1/ai-systems", valid(`, "eu_ai_act": {"annex_iii": "annex3.4.a"}`), "", 422, "eu_ai_act.reasoning", ""},
			{"unknown field", "POST", "/api/v1/ai-systems", valid(`, "colour": "red"`), "", 422, "colour", ""},
			{"missing required fields", "POST", "/api/v1/ai-systems", `{}`, "", 422, "purpose", ""},
			{"bad date", "POST", "/api/v1/ai-systems", valid(`, "last_reviewed": "2026-13-45"`), "", 400, "", "2026-13-45"},
			{"date far in the future", "POST", "/api/v1/ai-systems", valid(`, "last_reviewed": "9999-06-01", "review_interval_months": 60`), "", 400, "", "outside the years"},
			{"year zero", "POST", "/api/v1/ai-systems", valid(`, "last_reviewed": "0000-03-01"`), "", 400, "", "0000-03-01"},
			{"the zero date", "PUT", "/api/v1/members/" + strconv.FormatInt(e.users[aims.RoleAuditor].ID, 10), `{"role": "auditor", "active": true, "access_until": "0001-01-01", "version": 1}`, "", 400, "", "outside the years"},
			{"a token ending on the zero date", "POST", "/api/v1/tokens", `{"label": "x", "expires_on": "0001-01-01"}`, "", 400, "", "outside the years"},
			{"bytes that are not text in a filter", "GET", "/api/v1/audit-events?record_id=%FF", "", "", 422, "record_id", ""},
			{"NUL in a search", "GET", "/api/v1/ai-systems?q=a%00b", "", "", 422, "q", ""},
			{"bytes that are not text in a register filter", "GET", "/api/v1/audit-events?register=a%C3", "", "", 422, "register", ""},
			{"owner from another organization", "POST", "/api/v1/ai-systems", valid(`, "owner_id": ` + strconv.FormatInt(e.stray.ID, 10)), "", 422, "owner_id", ""},
			{"oversized body", "POST", "/api/v1/ai-systems", big, "", 413, "", "larger than"},
			{"wrong content type", "POST", "/api/v1/ai-systems", valid(""), "text/plain", 415, "", "application/json"},
			{"absurd limit", "GET", "/api/v1/ai-systems?limit=100000", "", "", 422, "limit", ""},
			{"negative offset", "GET", "/api/v1/ai-systems?offset=-5", "", "", 422, "offset", ""},
			{"absurd offset", "GET", "/api/v1/ai-systems?offset=99999999999", "", "", 422, "offset", ""},
			{"non-numeric limit", "GET", "/api/v1/ai-systems?limit=ten", "", "", 422, "limit", ""},
			{"unknown sort", "GET", "/api/v1/ai-systems?sort=password", "", "", 422, "sort", ""},
			{"unknown filter value", "GET", "/api/v1/ai-systems?risk_class=scary", "", "", 422, "risk_class", ""},
			{"bad boolean", "GET", "/api/v1/ai-systems?archived=perhaps", "", "", 422, "archived", ""},
			{"another organization's ID", "PUT", "/api/v1/ai-systems/" + strconv.FormatInt(foreign.ID, 10), `{` + current + `}`, "", 404, "", ""},
			{"stale version", "PUT", sysPath, `{"version": 7, "name": "x", "purpose": "p"}`, "", 409, "", "version"},
			{"no version", "PUT", sysPath, `{"name": "x", "purpose": "p"}`, "", 422, "version", ""},
			{"ID that disagrees with the path", "PUT", sysPath, `{"id": 99, ` + current + `}`, "", 422, "id", ""},
			{"archive with a stale version", "POST", sysPath + "/archive", `{"version": 9}`, "", 409, "", ""},
			{"clause not applicable", "PUT", "/api/v1/gap-assessment/4.3", `{"status": "not-applicable", "justification": "We do not want it"}`, "", 422, "status", ""},
			{"control not applicable without justification", "PUT", "/api/v1/gap-assessment/A.2.2", `{"status": "not-applicable"}`, "", 422, "justification", ""},
			{"unknown gap status", "PUT", "/api/v1/gap-assessment/A.2.2", `{"status": "done"}`, "", 422, "status", ""},
			{"link to another organization's system", "PUT", "/api/v1/gap-assessment/A.2.2", `{"status": "partial", "links": [{"ai_system_id": ` + strconv.FormatInt(foreign.ID, 10) + `}]}`, "", 422, "links", ""},
			{"link with a script URL", "PUT", "/api/v1/gap-assessment/A.2.2", `{"status": "partial", "links": [{"url": "javascript:alert(1)"}]}`, "", 422, "links", ""},
			{"gap ID that disagrees with the path", "PUT", "/api/v1/gap-assessment/A.2.2", `{"id": "A.2.3", "status": "partial"}`, "", 422, "id", ""},
			{"gap entry for a group", "PUT", "/api/v1/gap-assessment/A.2", `{"status": "partial"}`, "", 404, "", ""},
			{"stale gap version", "PUT", "/api/v1/gap-assessment/A.2.2", `{"status": "partial", "version": 3}`, "", 409, "", ""},
			{"invalid e-mail", "POST", "/api/v1/members", `{"email": "not-an-address", "name": "N", "role": "viewer"}`, "", 422, "email", ""},
			{"unknown role", "POST", "/api/v1/members", `{"email": "x@acme.test", "name": "N", "role": "god"}`, "", 422, "role", ""},
			{"member twice", "POST", "/api/v1/members", `{"email": "viewer@acme.test", "name": "N", "role": "viewer"}`, "", 422, "email", ""},
			{"token without a label", "POST", "/api/v1/tokens", `{"label": ""}`, "", 422, "label", ""},
			{"token ending in the past", "POST", "/api/v1/tokens", `{"label": "x", "expires_on": "2020-01-01"}`, "", 422, "expires_on", ""},
			{"token with a bad scope", "POST", "/api/v1/tokens", `{"label": "x", "read_only": "yes"}`, "", 422, "read_only", ""},
			{"stale member version", "PUT", "/api/v1/members/" + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10), `{"role": "auditor", "active": true, "version": 4}`, "", 409, "", ""},
			{"the last admin demoted", "PUT", "/api/v1/members/" + strconv.FormatInt(e.users[aims.RoleAdmin].ID, 10), `{"role": "viewer", "active": true, "version": 1}`, "", 422, "role", ""},
			{"new link for an active member", "POST", "/api/v1/members/" + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10) + "/invitation", "", "", 422, "id", ""},
			{"another organization's member", "PUT", "/api/v1/members/" + strconv.FormatInt(e.stray.ID, 10), `{"role": "viewer", "active": true, "version": 1}`, "", 404, "", ""},
			{"another organization's token", "POST", "/api/v1/tokens/999999/revoke", "", "", 404, "", ""},
			{"unknown security event kind", "GET", "/api/v1/security-events?kind=hack", "", "", 422, "kind", ""},
			{"unknown audit date", "GET", "/api/v1/audit-events?from=yesterday", "", "", 422, "from", ""},
			{"designation of another organization's member", "POST", "/api/v1/designations", `{"user_id": ` + strconv.FormatInt(e.stray.ID, 10) + `, "body": "top-management", "position": "CEO", "from": "2026-01-01"}`, "", 422, "user_id", ""},
			{"designation to an unknown body", "POST", "/api/v1/designations", `{"user_id": ` + strconv.FormatInt(e.users[aims.RoleManager].ID, 10) + `, "body": "board", "position": "CEO", "from": "2026-01-01"}`, "", 422, "body", ""},
			{"designation with an unknown limit", "POST", "/api/v1/designations", `{"user_id": ` + strconv.FormatInt(e.users[aims.RoleManager].ID, 10) + `, "body": "top-management", "position": "CEO", "accept_up_to": "any", "from": "2026-01-01"}`, "", 422, "accept_up_to", ""},
			{"designation ending before it starts", "POST", "/api/v1/designations", `{"user_id": ` + strconv.FormatInt(e.users[aims.RoleManager].ID, 10) + `, "body": "top-management", "position": "CEO", "from": "2026-05-01", "until": "2026-04-30"}`, "", 422, "until", ""},
			{"designation without a start", "POST", "/api/v1/designations", `{"user_id": ` + strconv.FormatInt(e.users[aims.RoleManager].ID, 10) + `, "body": "top-management", "position": "CEO"}`, "", 422, "from", ""},
			{"due work in an unknown state", "GET", "/api/v1/due-work?state=late", "", "", 422, "state", ""},
			{"due work as of no date", "GET", "/api/v1/due-work?as_of=tomorrow", "", "", 422, "as_of", ""},
			{"due work of an unknown register", "GET", "/api/v1/due-work?register=secrets", "", "", 422, "register", ""},
			{"due work searched", "GET", "/api/v1/due-work?q=review", "", "", 422, "q", ""},
			{"designation filter with an unknown body", "GET", "/api/v1/designations?body=board", "", "", 422, "body", ""},
			{"person linked to another organization's member", "POST", "/api/v1/staff", `{"name": "X", "user_id": ` + strconv.FormatInt(e.stray.ID, 10) + `}`, "", 422, "user_id", ""},
			{"person linked to a member already a person", "POST", "/api/v1/staff", `{"name": "X", "user_id": ` + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10) + `}`, "", 422, "user_id", ""},
			{"person without a name", "POST", "/api/v1/staff", `{"job_title": "CEO"}`, "", 422, "name", ""},
			{"person with a wrong type", "POST", "/api/v1/staff", `{"name": "X", "left": "yes"}`, "", 422, "left", ""},
			{"another organization's person", "PUT", "/api/v1/staff/" + pf.person, `{"name": "X", "version": 1}`, "", 404, "", ""},
			{"stale person", "PUT", "/api/v1/staff/" + pp.person, `{"name": "X", "version": 9}`, "", 409, "", ""},
			{"person filter with an unknown status", "GET", "/api/v1/staff?status=gone", "", "", 422, "status", ""},
			{"competence of an unknown kind", "POST", "/api/v1/competences", `{"name": "X", "kind": "talent"}`, "", 422, "kind", ""},
			{"competence valid too long", "POST", "/api/v1/competences", `{"name": "X", "validity_months": 1000}`, "", 422, "validity_months", ""},
			{"role requiring another organization's competence", "POST", "/api/v1/aims-roles", `{"name": "X", "competences": [{"competence_id": ` + pf.competence + `}]}`, "", 422, "competences", ""},
			{"role held by another organization's person", "POST", "/api/v1/aims-roles", `{"name": "X", "people": [{"staff_id": ` + pf.person + `}]}`, "", 422, "people", ""},
			{"role reporting to another organization's role", "POST", "/api/v1/aims-roles", `{"name": "X", "reports_to_id": ` + pf.role + `}`, "", 422, "reports_to_id", ""},
			{"role reporting to itself", "PUT", "/api/v1/aims-roles/" + pp.role, `{"name": "X", "reports_to_id": ` + pp.role + `, "version": 1}`, "", 422, "reports_to_id", ""},
			{"role with a person twice", "POST", "/api/v1/aims-roles", `{"name": "X", "people": [{"staff_id": ` + pp.person + `}, {"staff_id": ` + pp.person + `}]}`, "", 422, "people", ""},
			{"role with a bad assignment date", "POST", "/api/v1/aims-roles", `{"name": "X", "people": [{"staff_id": ` + pp.person + `, "from": "soon"}]}`, "", 400, "", "soon"},
			{"another organization's role", "PUT", "/api/v1/aims-roles/" + pf.role, `{"name": "X", "version": 1}`, "", 404, "", ""},
			{"record of another organization's person", "POST", "/api/v1/competence-records", `{"staff_id": ` + pf.person + `, "competence_id": ` + pp.competence + `, "title": "t", "completed_on": "2026-01-01"}`, "", 422, "staff_id", ""},
			{"record of another organization's competence", "POST", "/api/v1/competence-records", `{"staff_id": ` + pp.person + `, "competence_id": ` + pf.competence + `, "title": "t", "completed_on": "2026-01-01"}`, "", 422, "competence_id", ""},
			{"record evaluated without a method", "POST", "/api/v1/competence-records", `{"staff_id": ` + pp.person + `, "competence_id": ` + pp.competence + `, "title": "t", "completed_on": "2026-01-01", "effectiveness": "effective", "evaluated_on": "2026-02-01"}`, "", 422, "evaluation_method", ""},
			{"record with an unknown effectiveness", "POST", "/api/v1/competence-records", `{"staff_id": ` + pp.person + `, "competence_id": ` + pp.competence + `, "title": "t", "completed_on": "2026-01-01", "effectiveness": "great"}`, "", 422, "effectiveness", ""},
			{"stale record", "PUT", "/api/v1/competence-records/" + pp.record, `{"staff_id": ` + pp.person + `, "competence_id": ` + pp.competence + `, "title": "t", "completed_on": "2026-01-01", "version": 5}`, "", 409, "", ""},
			{"another organization's record", "POST", "/api/v1/competence-records/" + pf.record + "/archive", "", "", 404, "", ""},
			{"gap view with an unknown state", "GET", "/api/v1/competence-gaps?state=fine", "", "", 422, "state", ""},
			{"gap view on a bad day", "GET", "/api/v1/competence-gaps?as_of=tomorrow", "", "", 422, "as_of", ""},
			{"gap view looking back", "GET", "/api/v1/competence-gaps?within=-3", "", "", 422, "within", ""},
		}
		before := e.state()
		for _, c := range cases {
			ctype := c.ctype
			if ctype == "" && c.body != "" {
				ctype = "application/json"
			}
			var body *strings.Reader
			body = strings.NewReader(c.body)
			res := e.do(c.method, c.path, "token:"+e.users[aims.RoleAdmin].Token, ctype, body)
			if res.StatusCode != c.status {
				t.Errorf("%s: status %d, want %d; body %.300s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			p := res.problem(t)
			if p.Status != c.status || p.Title == "" || p.Detail == "" {
				t.Errorf("%s: problem %+v is incomplete", c.name, p)
			}
			if c.field != "" && p.Errors[c.field] == "" {
				t.Errorf("%s: errors %v do not name %q", c.name, p.Errors, c.field)
			}
			if c.detail != "" && !strings.Contains(p.Detail, c.detail) {
				t.Errorf("%s: detail %q does not mention %q", c.name, p.Detail, c.detail)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		var list aims.Page[aims.AISystem]
		e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems", nil).json(t, &list)
		if list.Total != 1 || list.Items[0].Name != "Target" || list.Items[0].Version != 1 {
			t.Errorf("after bad requests the inventory is %+v", list)
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}

func TestWrongMethodAndUnknownRoute(t *testing.T) {
	e := sqliteEnv(t)
	res := e.api(aims.RoleAdmin, "DELETE", "/api/v1/ai-systems", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, POST" {
		t.Errorf("DELETE on the list = %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	res.problem(t)
	if res := e.api(aims.RoleAdmin, "GET", "/api/v1/nothing-here", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown API route = %d", res.StatusCode)
	} else {
		res.problem(t)
	}
	if res := e.page(aims.RoleAdmin, "/nothing-here"); res.StatusCode != http.StatusNotFound || !strings.Contains(string(res.Body), "</html>") {
		t.Errorf("unknown page = %d", res.StatusCode)
	}
}
