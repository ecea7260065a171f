package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

// walkFixture is the state a walk over every route needs: records to point
// at, and a member the admin routes may change without touching the
// members whose roles are being tested.
type walkFixture struct {
	system aims.AISystem
	target user
	token  int64               // the target's token, for admins
	spare  map[aims.Role]int64 // a spare token of each role's own, to revoke
}

func newWalkFixture(e *env) walkFixture {
	e.t.Helper()
	f := walkFixture{system: e.createSystem("Walked system"), target: e.newUser(e.org, "target@acme.test", aims.RoleContributor)}
	page, err := e.store.APITokens(context.Background(), e.org.ID, f.target.ID, aims.ListParams{Limit: 1})
	if err != nil || len(page.Items) != 1 {
		e.t.Fatalf("target token: %v", err)
	}
	f.token = page.Items[0].ID
	f.spare = map[aims.Role]int64{}
	for role, u := range e.users {
		t, err := e.store.CreateAPIToken(context.Background(), e.principal(role), u.ID, "spare", "spare-"+string(role), "spare")
		if err != nil {
			e.t.Fatal(err)
		}
		f.spare[role] = t.ID
	}
	return f
}

// concrete fills a route pattern's parameters with records of the
// organization.
func (f walkFixture) concrete(e *env, path string) string {
	r := strings.NewReplacer(
		"{$}", "",
		"{framework}/{id}", "iso42001/4.3",
		"{framework}", "iso42001",
		"{requirementID}", "4.3",
	)
	path = r.Replace(path)
	switch {
	case strings.Contains(path, "/gap/{id}"):
		return strings.Replace(path, "{id}", "A.4.3", 1)
	case strings.Contains(path, "/people/{id}"), strings.Contains(path, "/members/{id}"):
		return strings.Replace(path, "{id}", strconv.FormatInt(f.target.ID, 10), 1)
	case strings.Contains(path, "/tokens/{id}"):
		return strings.Replace(path, "{id}", strconv.FormatInt(f.token, 10), 1)
	case strings.Contains(path, "/frameworks/{id}"):
		return strings.Replace(path, "{id}", "iso42001", 1)
	}
	return strings.Replace(path, "{id}", strconv.FormatInt(f.system.ID, 10), 1)
}

// body returns a valid request body for a write route, built from the
// current state so versions are fresh.
func (f walkFixture) body(e *env, rt route) (string, string) {
	ctx := context.Background()
	current, _ := e.store.AISystem(ctx, e.org.ID, f.system.ID)
	member, _ := e.store.Member(ctx, e.org.ID, f.target.ID)
	gap, _ := e.store.GapEntry(ctx, e.org.ID, "A.4.3")
	form := func(v url.Values) (string, string) { return "application/x-www-form-urlencoded", v.Encode() }
	js := func(v any) (string, string) {
		b, _ := json.Marshal(v)
		return "application/json", string(b)
	}
	switch rt.method + " " + rt.path {
	case "POST /switch-org":
		return form(url.Values{"org_id": {strconv.FormatInt(e.org.ID, 10)}})
	case "POST /ai-systems":
		return form(url.Values{"name": {"Form system"}, "purpose": {"p"}, "lifecycle": {"design-development"}, "review_interval_months": {"12"}})
	case "POST /ai-systems/{id}":
		return form(url.Values{"name": {"Renamed by form"}, "purpose": {"p"}, "lifecycle": {"design-development"},
			"review_interval_months": {"12"}, "version": {strconv.Itoa(current.Version)}})
	case "POST /ai-systems/{id}/classify":
		return form(url.Values{"annex_iii": {"annex3.4.a"}, "reasoning": {"Screens job applicants."}, "version": {strconv.Itoa(current.Version)}})
	case "POST /ai-systems/{id}/archive", "POST /ai-systems/{id}/restore", "POST /ai-systems/{id}/reviewed":
		return form(url.Values{"version": {strconv.Itoa(current.Version)}})
	case "POST /gap/{id}":
		return form(url.Values{"status": {"partial"}, "version": {strconv.Itoa(gap.Version)}, "notes": {"walked"}})
	case "POST /people":
		return form(url.Values{"email": {"new-" + rt.method + "@acme.test"}, "name": {"New person"}, "role": {"viewer"}})
	case "POST /people/{id}":
		return form(url.Values{"role": {"viewer"}, "active": {"on"}, "version": {strconv.Itoa(member.Version)}})
	case "POST /tokens":
		return form(url.Values{"label": {"walk"}})
	case "POST /api/v1/ai-systems":
		return js(aims.AISystem{Name: "API system", Purpose: "p"})
	case "PUT /api/v1/ai-systems/{id}":
		current.Name = "Renamed by API"
		return js(current)
	case "PUT /api/v1/gap-assessment/{requirementID}":
		g, _ := e.store.GapEntry(ctx, e.org.ID, "4.3")
		g.Status = aims.GapPlanned
		return js(g)
	case "POST /api/v1/members":
		return js(aims.NewMember{Email: "api-new@acme.test", Name: "API person", Role: aims.RoleViewer})
	case "PUT /api/v1/members/{id}":
		return js(aims.MemberUpdate{Role: aims.RoleViewer, Active: true, Version: member.Version})
	case "POST /api/v1/tokens":
		return js(tokenRequest{Label: "walk"})
	}
	return "", ""
}

// TestEveryRouteWithEveryRole walks the whole route table with no
// credentials and with each role: anonymous pages redirect to sign-in and
// anonymous API calls get 401; a role without the route's permission gets
// 403; a role with it succeeds. Auditors and viewers can write nothing but
// their own session and tokens.
func TestEveryRouteWithEveryRole(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		e0 := base
		f0 := newWalkFixture(e0)
		for _, rt := range e0.srv.routes {
			if rt.public {
				continue
			}
			path := f0.concrete(e0, rt.path)
			res := e0.do(rt.method, path, "", "", nil)
			if rt.api {
				if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("anonymous %s %s = %d, want 401 with WWW-Authenticate", rt.method, path, res.StatusCode)
				}
				res.problem(t)
			} else if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin?next=") {
				t.Errorf("anonymous %s %s = %d to %q, want 303 to /signin", rt.method, path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		for _, role := range aims.Roles {
			e, f := e0, f0
			if role != aims.RoleAdmin {
				e = e0.fresh()
				f = newWalkFixture(e)
			}
			auth := "session:" + e.users[role].Session
			for _, rt := range e.srv.routes {
				if rt.public || rt.path == "/signout" {
					continue
				}
				f.token = f.spare[role]
				if rt.api {
					auth = "token:" + e.users[role].Token
				} else {
					auth = "session:" + e.users[role].Session
				}
				ct, body := f.body(e, rt)
				path := f.concrete(e, rt.path)
				res := e.do(rt.method, path, auth, ct, strings.NewReader(body))
				allowed := role.Can(rt.perm)
				switch {
				case !allowed && res.StatusCode != http.StatusForbidden:
					t.Errorf("%s: %s %s = %d, want 403", role, rt.method, path, res.StatusCode)
				case allowed && res.StatusCode >= 400:
					t.Errorf("%s: %s %s = %d, want success; body %.300s", role, rt.method, path, res.StatusCode, res.Body)
				}
				if (role == aims.RoleAuditor || role == aims.RoleViewer) && rt.writes() && rt.perm != aims.PermSelf && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s could write: %s %s = %d", role, rt.method, path, res.StatusCode)
				}
				if rt.api && res.StatusCode == http.StatusForbidden {
					res.problem(t)
				}
			}
			res := e.do("POST", "/signout", "session:"+e.users[role].Session, "", nil)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: sign out = %d", role, res.StatusCode)
			}
			if res := e.page(role, "/"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: home after sign-out = %d, want redirect to sign-in", role, res.StatusCode)
			}
		}
	})
}

// TestOtherOrganizationsIDsAreNotFound sends every route that names a record
// the ID of another organization's record, and an ID that does not exist:
// both answer 404 and change nothing.
func TestOtherOrganizationsIDsAreNotFound(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		foreign, err := e.store.CreateAISystem(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Globex system", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		f := newWalkFixture(e)
		strayToken, _ := e.store.APITokens(ctx, e.other.ID, e.stray.ID, aims.ListParams{Limit: 1})
		before := e.events()
		for _, rt := range e.srv.routes {
			if rt.public || !strings.Contains(rt.path, "{id}") || strings.Contains(rt.path, "{framework}") || strings.HasPrefix(rt.path, "/gap/") || strings.Contains(rt.path, "/frameworks/") {
				continue
			}
			ids := map[string]string{"foreign": strconv.FormatInt(foreign.ID, 10), "unknown": "999999", "not a number": "abc"}
			if strings.Contains(rt.path, "people") || strings.Contains(rt.path, "members") {
				ids["foreign"] = strconv.FormatInt(e.stray.ID, 10)
			}
			if strings.Contains(rt.path, "tokens") {
				ids["foreign"] = strconv.FormatInt(strayToken.Items[0].ID, 10)
			}
			for what, id := range ids {
				path := strings.Replace(rt.path, "{id}", id, 1)
				ct, body := f.body(e, rt)
				auth := "session:" + e.users[aims.RoleAdmin].Session
				if rt.api {
					auth = "token:" + e.users[aims.RoleAdmin].Token
				}
				res := e.do(rt.method, path, auth, ct, strings.NewReader(body))
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("%s ID: %s %s = %d, want 404", what, rt.method, path, res.StatusCode)
				}
			}
		}
		for _, path := range []string{"/gap/9.9", "/gap/A.6", "/catalog/iso42001/A.99", "/catalog/nope", "/api/v1/gap-assessment/4", "/api/v1/frameworks/nope/requirements"} {
			if res := e.page(aims.RoleAdmin, path); res.StatusCode != http.StatusNotFound && !strings.HasPrefix(path, "/api/") {
				t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
			}
			if strings.HasPrefix(path, "/api/") {
				if res := e.api(aims.RoleAdmin, "GET", path, nil); res.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
				}
			}
		}
		if got := e.events(); got != before {
			t.Errorf("requests with foreign or unknown IDs wrote %d audit events", got-before)
		}
	})
}
