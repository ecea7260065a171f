package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestFormBadInput covers the main form paths: a refused form comes back as
// 422 with the person's input kept and the message beside the field, and
// nothing is written.
func TestFormBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("Target")
		id := strconv.FormatInt(sys.ID, 10)
		pp, pf := seedPeople(t, e), seedForeignPeople(t, e)
		cases := []struct {
			name, path string
			form       url.Values
			status     int
			want       []string // in the page
		}{
			{"AI system without a name", "/ai-systems", url.Values{"purpose": {"Kept purpose"}, "lifecycle": {"inception"}, "review_interval_months": {"12"}}, 422,
				[]string{"is required", "Kept purpose", `aria-invalid="true"`}},
			{"AI system with a bad stage", "/ai-systems", url.Values{"name": {"n"}, "purpose": {"p"}, "lifecycle": {"shipping"}, "review_interval_months": {"12"}}, 422,
				[]string{"must be one of"}},
			{"AI system with a bad interval", "/ai-systems/" + id, url.Values{"name": {"n"}, "purpose": {"p"}, "lifecycle": {"inception"}, "review_interval_months": {"often"}, "version": {"1"}}, 422,
				[]string{"whole number of months"}},
			{"AI system with a bad date", "/ai-systems/" + id, url.Values{"name": {"n"}, "purpose": {"p"}, "lifecycle": {"inception"}, "review_interval_months": {"12"}, "last_reviewed": {"31/12/2026"}, "version": {"1"}}, 422,
				[]string{"must be a date"}},
			{"AI system with a stale version", "/ai-systems/" + id, url.Values{"name": {"Mine"}, "purpose": {"p"}, "lifecycle": {"inception"}, "review_interval_months": {"12"}, "version": {"7"}}, 409,
				[]string{"Someone else saved", "Saved now"}},
			{"AI system without a version", "/ai-systems/" + id, url.Values{"name": {"Mine"}, "purpose": {"p"}, "lifecycle": {"inception"}, "review_interval_months": {"12"}}, 400,
				[]string{"does not carry the version"}},
			{"archive without a version", "/ai-systems/" + id + "/archive", url.Values{}, 400, []string{"does not carry the version"}},
			{"archive at a stale version", "/ai-systems/" + id + "/archive", url.Values{"version": {"9"}}, 409, []string{"changed by someone else"}},
			{"classification without a version", "/ai-systems/" + id + "/classify", url.Values{"annex_iii": {"annex3.4.a"}, "reasoning": {"r"}}, 400, []string{"does not carry the version"}},
			{"member without a version", "/people/" + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10), url.Values{"role": {"auditor"}, "active": {"on"}}, 400, []string{"does not carry the version"}},
			{"member at a stale version", "/people/" + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10), url.Values{"role": {"auditor"}, "active": {"on"}, "version": {"5"}}, 409, []string{"changed by someone else"}},
			{"last admin demoted", "/people/" + strconv.FormatInt(e.users[aims.RoleAdmin].ID, 10), url.Values{"role": {"viewer"}, "active": {"on"}, "version": {"1"}}, 422, []string{"at least one active admin"}},
			{"new link for an active member", "/people/" + strconv.FormatInt(e.users[aims.RoleViewer].ID, 10) + "/invite", url.Values{}, 422, []string{"only pending members"}},
			{"token expiring in the past", "/tokens", url.Values{"label": {"old"}, "expires_on": {"2020-01-01"}}, 422, []string{"is in the past"}},
			{"token with a bad date", "/tokens", url.Values{"label": {"old"}, "expires_on": {"soon"}}, 422, []string{"must be a date"}},
			{"classification without reasoning", "/ai-systems/" + id + "/classify", url.Values{"annex_iii": {"annex3.4.a"}, "version": {"1"}}, 422,
				[]string{"reasoning: is required"}},
			{"6(3) without Annex III", "/ai-systems/" + id + "/classify", url.Values{"art6_3": {"art6.3.a"}, "reasoning": {"r"}, "version": {"1"}}, 422,
				[]string{"applies only to Annex III"}},
			{"clause not applicable", "/gap/4.3", url.Values{"status": {"not-applicable"}, "justification": {"no"}, "version": {"0"}}, 422,
				[]string{"only Annex A controls can be not applicable"}},
			{"control not applicable without reason", "/gap/A.2.3", url.Values{"status": {"not-applicable"}, "version": {"0"}}, 422,
				[]string{"is required when a control is not applicable"}},
			{"gap link with a bad URL", "/gap/A.2.3", url.Values{"status": {"partial"}, "version": {"0"}, "url_links": {"Policy | ftp://x"}}, 422,
				[]string{"http(s) URL", "Policy | ftp://x"}},
			{"gap stale version", "/gap/A.2.3", url.Values{"status": {"partial"}, "version": {"4"}}, 409, []string{"Someone else saved"}},
			{"person with a bad e-mail", "/people", url.Values{"email": {"nope"}, "name": {"N"}, "role": {"viewer"}}, 422, []string{"not a valid e-mail address"}},
			{"token without a label", "/tokens", url.Values{"label": {""}}, 422, []string{"label: is required"}},
			{"designation without a position", "/management", url.Values{"user_id": {strconv.FormatInt(e.users[aims.RoleManager].ID, 10)}, "body": {"top-management"},
				"accept_up_to": {"none"}, "from": {"2026-01-01"}, "basis": {"Kept basis"}}, 422, []string{"is required", "Kept basis"}},
			{"designation of another organization's member", "/management", url.Values{"user_id": {strconv.FormatInt(e.stray.ID, 10)}, "body": {"top-management"},
				"position": {"CEO"}, "accept_up_to": {"none"}, "from": {"2026-01-01"}}, 422, []string{"user_id", "field-error"}},
			{"designation with a bad date", "/management", url.Values{"user_id": {strconv.FormatInt(e.users[aims.RoleManager].ID, 10)}, "body": {"top-management"},
				"position": {"CEO"}, "accept_up_to": {"none"}, "from": {"first of May"}}, 422, []string{"must be a date"}},
			{"person without a name", "/staff", url.Values{"job_title": {"Kept title"}}, 422, []string{"is required", "Kept title"}},
			{"person linked to another organization's member", "/staff", url.Values{"name": {"X"}, "user_id": {strconv.FormatInt(e.stray.ID, 10)}}, 422, []string{"not a member"}},
			{"person with a bad start", "/staff", url.Values{"name": {"X"}, "start_date": {"May"}}, 422, []string{"must be a date"}},
			{"person at a stale version", "/staff/" + pp.person, url.Values{"name": {"Mine"}, "version": {"4"}}, 409, []string{"Someone else changed this person"}},
			{"person without a version", "/staff/" + pp.person, url.Values{"name": {"Mine"}}, 400, []string{"does not carry the version"}},
			{"competence with a bad validity", "/competences", url.Values{"name": {"X"}, "kind": {"skill"}, "validity_months": {"forever"}}, 422, []string{"whole number of months"}},
			{"role requiring another organization's competence", "/roles", url.Values{"name": {"X"}, "competences": {pf.competence}}, 422, []string{"does not exist in this organization"}},
			{"role held by another organization's person", "/roles/" + pp.role, url.Values{"name": {"X"}, "people": {pf.person}, "version": {"1"}}, 422, []string{"does not exist in this organization"}},
			{"role assignment with a bad date", "/roles", url.Values{"name": {"X"}, "people": {pp.person}, "from_" + pp.person: {"soon"}}, 422, []string{"must be a date"}},
			{"role at a stale version", "/roles/" + pp.role, url.Values{"name": {"X"}, "version": {"3"}}, 409, []string{"Someone else changed this role"}},
			{"record of another organization's competence", "/training", url.Values{"staff_id": {pp.person}, "competence_id": {pf.competence}, "title": {"t"}, "kind": {"training"},
				"completed_on": {"2026-01-01"}, "effectiveness": {"not-evaluated"}}, 422, []string{"not a competence of this organization"}},
			{"record without a title", "/training", url.Values{"staff_id": {pp.person}, "competence_id": {pp.competence}, "kind": {"training"},
				"completed_on": {"2026-01-01"}, "effectiveness": {"not-evaluated"}, "provider": {"Kept provider"}}, 422, []string{"is required", "Kept provider"}},
			{"record judged without a day", "/training/" + pp.record, url.Values{"staff_id": {pp.person}, "competence_id": {pp.competence}, "title": {"t"}, "kind": {"training"},
				"completed_on": {"2026-01-01"}, "effectiveness": {"partly"}, "evaluation_method": {"quiz"}, "version": {"1"}}, 422, []string{"give the day the effectiveness was evaluated"}},
			{"record archive at a stale version", "/training/" + pp.record + "/archive", url.Values{"version": {"8"}}, 409, []string{"changed by someone else"}},
		}
		before := e.state()
		for _, c := range cases {
			res := e.form(aims.RoleAdmin, c.path, c.form)
			if res.StatusCode != c.status {
				t.Errorf("%s: status %d, want %d", c.name, res.StatusCode, c.status)
				continue
			}
			body := string(res.Body)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: page lacks %q", c.name, w)
				}
			}
		}
		// Bytes that are not text are refused before anything reads them.
		for _, raw := range []struct{ path, body string }{
			{"/ai-systems", "name=%FF&purpose=p&lifecycle=inception&review_interval_months=12"},
			{"/gap/4.1", "status=partial&notes=a%C3&version=0"},
			{"/people", "email=x%40acme.test&name=%00&role=viewer"},
			{"/tokens", "label=%FF"},
		} {
			if res := e.do("POST", raw.path, "session:"+e.users[aims.RoleAdmin].Session, "application/x-www-form-urlencoded", strings.NewReader(raw.body)); res.StatusCode != http.StatusBadRequest {
				t.Errorf("POST %s %s = %d, want 400", raw.path, raw.body, res.StatusCode)
			}
		}
		if res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader("email=x%00%40a.test&password=p")); res.StatusCode != http.StatusBadRequest {
			t.Errorf("sign-in with a NUL in the address = %d, want 400", res.StatusCode)
		}
		if res := e.page(aims.RoleAdmin, "/audit?action=%FF"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("audit filter with bytes that are not text = %d, want 422", res.StatusCode)
		}
		// An oversized form is refused whole.
		big := url.Values{"name": {strings.Repeat("x", 2<<20)}, "purpose": {"p"}}
		if res := e.form(aims.RoleAdmin, "/ai-systems", big); res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized form = %d, want 413", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("refused forms changed the organization's data")
		}
	})
}

// TestFormRegisterPastTheGate: the registration form takes the reason a
// system enters a gated stage directly; a contributor cannot, an admin can
// with the reason, which the life-cycle page then shows.
func TestFormRegisterPastTheGate(t *testing.T) {
	e := sqliteEnv(t)
	running := url.Values{"name": {"Claims triage"}, "purpose": {"Sorts claims"}, "lifecycle": {"operation-monitoring"}, "review_interval_months": {"12"}}
	before := e.state()
	if res := e.form(aims.RoleContributor, "/ai-systems", running); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.Body), "behind the stage gate") {
		t.Errorf("contributor registers in operation: %d", res.StatusCode)
	}
	if res := e.form(aims.RoleAdmin, "/ai-systems", running); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.Body), "say why it is registered here") {
		t.Errorf("admin registers in operation without a reason: %d", res.StatusCode)
	}
	if after := e.state(); after != before {
		t.Errorf("refused registrations changed the organization's data")
	}
	running.Set("gate_reason", "In production since 2024, before the AIMS began.")
	res := e.form(aims.RoleAdmin, "/ai-systems", running)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin registers with a reason: %d %s", res.StatusCode, res.Body)
	}
	page := string(e.page(aims.RoleViewer, res.Header.Get("Location")+"/lifecycle").Body)
	if !strings.Contains(page, "registered it in Operation and monitoring without") || !strings.Contains(page, "before the AIMS began") {
		t.Errorf("life-cycle page does not show the registration past the gate")
	}
}

func TestFormEditAndClassify(t *testing.T) {
	e := sqliteEnv(t)
	res := e.form(aims.RoleContributor, "/ai-systems", url.Values{"name": {"Triage"}, "purpose": {"Sorts claims"}, "lifecycle": {"design-development"},
		"roles": {"provider", "deployer"}, "in_scope": {"on"}, "review_interval_months": {"6"}, "owner_id": {strconv.FormatInt(e.users[aims.RoleManager].ID, 10)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/ai-systems/"), 10, 64)
	a, err := e.store.AISystem(context.Background(), e.org.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	// deployer brings its main role, customer: three roles
	if !a.InScope || len(a.Roles) != 3 || a.ReviewIntervalMonths != 6 || a.OwnerID != e.users[aims.RoleManager].ID || a.Lifecycle != aims.StageDesign {
		t.Errorf("created from form: %+v", a)
	}
	res = e.form(aims.RoleContributor, loc+"/classify", url.Values{"annex_iii": {"annex3.5.b"}, "art6_3": {"art6.3.d"},
		"art6_3_justification": {"Only prepares the file."}, "art50": {"art50.1"}, "reasoning": {"Summarises loan files."}, "version": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("classify = %d %s", res.StatusCode, res.Body)
	}
	page := string(e.page(aims.RoleViewer, loc).Body)
	for _, want := range []string{"Limited (transparency)", "Art. 6(4)", "Summarises loan files.", "Only prepares the file."} {
		if !strings.Contains(page, want) {
			t.Errorf("system page lacks %q", want)
		}
	}
	// Editing the record keeps the classification the edit form does not show.
	res = e.form(aims.RoleContributor, loc, url.Values{"name": {"Triage v2"}, "purpose": {"Sorts claims"}, "lifecycle": {"design-development"},
		"review_interval_months": {"6"}, "version": {"2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d", res.StatusCode)
	}
	a, _ = e.store.AISystem(context.Background(), e.org.ID, id)
	if a.Name != "Triage v2" || a.EUAIAct == nil || a.RiskClass != aims.RiskLimited {
		t.Errorf("after edit: name %q class %s", a.Name, a.RiskClass)
	}
	// The list page, its filters and the CSV export.
	list := string(e.page(aims.RoleViewer, "/ai-systems?risk_class=limited&sort=name&desc=1").Body)
	if !strings.Contains(list, "Triage v2") || !strings.Contains(list, `aria-sort="descending"`) {
		t.Errorf("filtered list lacks the system or the sort state")
	}
	csv := e.page(aims.RoleViewer, "/ai-systems.csv?risk_class=limited")
	if csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(string(csv.Body), "Triage v2") || strings.Count(string(csv.Body), "\n") != 2 {
		t.Errorf("CSV export: %q", csv.Body)
	}
}

// TestPagesRender visits a page of every template with the data they show,
// so a template that breaks on real data fails here.
func TestPagesRender(t *testing.T) {
	e := mailEnv(t)
	pages := templatePages(t, e)
	for name, path := range pages {
		res := e.page(aims.RoleAdmin, path)
		if publicPages[name] {
			res = e.do("GET", path, "", "", nil)
		}
		want := http.StatusOK
		if name == "error" {
			want = http.StatusNotFound
		}
		if res.StatusCode != want || !strings.Contains(string(res.Body), "</html>") {
			t.Errorf("%s (%s) = %d", name, path, res.StatusCode)
		}
		// The footer names the build, never a field of the page's own view.
		if !strings.Contains(string(res.Body), `<footer class="foot">aims test · `) {
			t.Errorf("%s (%s): footer is not the build's", name, path)
		}
	}
	if body := string(e.page(aims.RoleAdmin, pages["ai_system"]).Body); !strings.Contains(body, "Prohibited") || !strings.Contains(body, `href="/gap/A.4.3"`) {
		t.Errorf("system page lacks the class or the back link")
	}
	if body := string(e.do("GET", "/signin", "", "", nil).Body); !strings.Contains(body, `autocomplete="current-password"`) {
		t.Errorf("sign-in page broken")
	}
}

// TestListQueriesDoNotGrow counts the SQL statements of the inventory page
// and API at two sizes: a page costs the same whatever the number of rows.
func TestListQueriesDoNotGrow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		counts := map[string][]int64{}
		e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil) // the token's first use records itself once
		for _, n := range []int{10, 260} {
			for i := len(counts["/ai-systems"]) * 10; i < n; i++ {
				if _, err := e.store.CreateAISystem(context.Background(), e.principal(aims.RoleAdmin), aims.AISystem{Name: fmt.Sprintf("S%03d", i), Purpose: "p",
					OwnerID: e.users[aims.RoleViewer].ID}); err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range []string{"/ai-systems", "/api/v1/ai-systems?limit=100", "/gap", "/api/v1/audit-events?limit=100", "/"} {
				before := e.store.Queries()
				var res response
				if strings.HasPrefix(path, "/api/") {
					res = e.api(aims.RoleAdmin, "GET", path, nil)
				} else {
					res = e.page(aims.RoleAdmin, path)
				}
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s = %d", path, res.StatusCode)
				}
				counts[path] = append(counts[path], e.store.Queries()-before)
			}
		}
		for path, c := range counts {
			if c[0] != c[1] {
				t.Errorf("%s ran %d queries with 10 systems and %d with 260", path, c[0], c[1])
			}
		}
		t.Logf("queries per request: %v", counts)
		var page aims.Page[aims.AISystem]
		json.Unmarshal(e.api(aims.RoleAdmin, "GET", "/api/v1/ai-systems?limit=100", nil).Body, &page)
		if page.Total != 260 || len(page.Items) != 100 {
			t.Errorf("list: total %d, items %d", page.Total, len(page.Items))
		}
	})
}

func TestRecordAReview(t *testing.T) {
	e := sqliteEnv(t)
	sys, err := e.store.CreateAISystem(context.Background(), e.principal(aims.RoleAdmin), aims.AISystem{Name: "Reviewed", Purpose: "p",
		LastReviewed: aims.DateOf(e.clock.now().Add(-400 * 24 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	path := "/ai-systems/" + strconv.FormatInt(sys.ID, 10)
	if !strings.Contains(string(e.page(aims.RoleViewer, path).Body), "overdue") {
		t.Fatalf("a system not reviewed for 400 days is not shown overdue")
	}
	res := e.form(aims.RoleContributor, path+"/reviewed", url.Values{"version": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record a review = %d %s", res.StatusCode, res.Body)
	}
	a, _ := e.store.AISystem(context.Background(), e.org.ID, sys.ID)
	today := aims.DateOf(e.clock.now())
	if a.LastReviewed != today || a.NextReview != today.AddMonths(12) || a.Version != 2 {
		t.Errorf("after the review: last %s next %s version %d", a.LastReviewed, a.NextReview, a.Version)
	}
	if res := e.form(aims.RoleContributor, path+"/reviewed", url.Values{"version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("review with a stale version = %d, want 409", res.StatusCode)
	}
	if res := e.form(aims.RoleViewer, path+"/reviewed", url.Values{"version": {"2"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer records a review = %d, want 403", res.StatusCode)
	}
}

// TestDesignationsFlow: an admin designates the CEO through the form, ends
// the designation at a stale version (refused, input kept) and then at the
// current one; the list, the record, the CSV and the gap analysis show it.
func TestDesignationsFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ceo := strconv.FormatInt(e.users[aims.RoleManager].ID, 10)
		res := e.form(aims.RoleAdmin, "/management", url.Values{"user_id": {ceo}, "body": {"top-management"}, "position": {"Chief Executive Officer"},
			"accept_up_to": {"high"}, "basis": {"Board resolution 2026-02"}, "from": {"2026-02-01"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("designate = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		page := string(e.page(aims.RoleViewer, loc).Body)
		for _, want := range []string{"MGT-1", "Chief Executive Officer", "Board resolution 2026-02", "AI policy (5.2)", "Up to high", "in force today"} {
			if !strings.Contains(page, want) {
				t.Errorf("designation page lacks %q", want)
			}
		}
		end := url.Values{"user_id": {ceo}, "body": {"top-management"}, "position": {"Chief Executive Officer"}, "accept_up_to": {"high"},
			"basis": {"Board resolution 2026-02"}, "from": {"2026-02-01"}, "until": {"2026-02-28"}, "version": {"3"}}
		if res := e.form(aims.RoleAdmin, loc, end); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "2026-02-28") {
			t.Errorf("stale end = %d, want 409 with the input kept", res.StatusCode)
		}
		end.Set("version", "1")
		if res := e.form(aims.RoleAdmin, loc, end); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("end = %d %s", res.StatusCode, res.Body)
		}
		if page := string(e.page(aims.RoleViewer, loc).Body); !strings.Contains(page, "not in force today") || !strings.Contains(page, "2026-02-28") {
			t.Errorf("an ended designation's page does not say so")
		}
		if list := string(e.page(aims.RoleViewer, "/management?current=1").Body); strings.Contains(list, "Chief Executive Officer") {
			t.Errorf("the in-force filter lists an ended designation")
		}
		csv := string(e.page(aims.RoleAuditor, "/management.csv").Body)
		if !strings.Contains(csv, "MGT-1,User manager@acme.test,top-management,Chief Executive Officer,high,Board resolution 2026-02,2026-02-01,2026-02-28,no") {
			t.Errorf("CSV export:\n%s", csv)
		}
		if res := e.form(aims.RoleManager, "/management", url.Values{"user_id": {ceo}, "body": {"top-management"}, "position": {"CEO"}, "from": {"2026-02-01"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a manager designating top management = %d, want 403", res.StatusCode)
		}
	})
}

// TestDueWork: my work lists what I own; the due work page lists
// everyone's and answers as of another day; the API agrees.
func TestDueWork(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		mgr := e.users[aims.RoleManager].ID
		if _, err := e.store.CreateAISystem(ctx, e.principal(aims.RoleAdmin), aims.AISystem{Name: "Scoring", Purpose: "p", OwnerID: mgr,
			ReviewIntervalMonths: 1, LastReviewed: aims.DateOf(time.Now().AddDate(0, -2, 0))}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.UpdateGapEntry(ctx, e.principal(aims.RoleAdmin), aims.GapEntry{RequirementID: "5.2", Status: aims.GapPlanned,
			TargetDate: aims.DateOf(time.Now().AddDate(0, 0, 40))}); err != nil {
			t.Fatal(err)
		}
		mine := string(e.page(aims.RoleManager, "/my-work").Body)
		if !strings.Contains(mine, "Scoring") || !strings.Contains(mine, "Overdue") || strings.Contains(mine, "AI policy") {
			t.Errorf("my work does not list exactly the manager's overdue review")
		}
		if other := string(e.page(aims.RoleContributor, "/my-work").Body); strings.Contains(other, "Scoring") {
			t.Errorf("another person's my work lists the manager's review")
		}
		all := string(e.page(aims.RoleViewer, "/due").Body)
		if !strings.Contains(all, "Scoring") || !strings.Contains(all, "AI policy") || !strings.Contains(all, "Upcoming") {
			t.Errorf("due work lacks an item or the upcoming state")
		}
		var page aims.Page[aims.DueItem]
		e.api(aims.RoleViewer, "GET", "/api/v1/due-work?state=overdue&as_of="+aims.DateOf(time.Now().AddDate(0, 0, 60)).String(), nil).json(t, &page)
		if page.Total != 2 || page.Items[1].Register != aims.RegisterGap || page.Items[1].Title != "AI policy" {
			t.Errorf("overdue in 60 days = %+v", page)
		}
	})
}
