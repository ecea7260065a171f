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

	"aims/internal/aims"
	"aims/internal/secret"
)

// allowed says who may use each route, written by hand from the product's
// rules and not from the route table: A admin, M manager, C contributor,
// U auditor, V viewer. The walk compares every route's real answer with
// it, so a route given the wrong permission in the table fails, and so
// does a route added without a line here.
var allowed = map[string]string{
	// One's own session and tokens.
	"POST /switch-org":                "AMCUV",
	"GET /tokens":                     "AMCUV",
	"POST /tokens":                    "AMCUV",
	"POST /tokens/{id}/revoke":        "AMCUV",
	"GET /api/v1/me":                  "AMCUV",
	"GET /api/v1/tokens":              "AMCUV",
	"POST /api/v1/tokens":             "AMCUV",
	"POST /api/v1/tokens/{id}/revoke": "AMCUV",
	// Reading the registers and the catalog: everyone.
	"GET /{$}":                                   "AMCUV",
	"GET /catalog":                               "AMCUV",
	"GET /catalog/{framework}":                   "AMCUV",
	"GET /catalog/{framework}/{id}":              "AMCUV",
	"GET /ai-systems":                            "AMCUV",
	"GET /ai-systems.csv":                        "AMCUV",
	"GET /ai-systems/{id}":                       "AMCUV",
	"GET /gap":                                   "AMCUV",
	"GET /gap/report":                            "AMCUV",
	"GET /gap/report.pdf":                        "AMCUV",
	"GET /gap/report.csv":                        "AMCUV",
	"GET /gap/{id}":                              "AMCUV",
	"GET /people":                                "AMCUV",
	"GET /api/v1/frameworks":                     "AMCUV",
	"GET /api/v1/frameworks/{id}/requirements":   "AMCUV",
	"GET /api/v1/ai-systems":                     "AMCUV",
	"GET /api/v1/ai-systems.csv":                 "AMCUV",
	"GET /api/v1/ai-systems/{id}":                "AMCUV",
	"GET /api/v1/ai-systems/{id}/history":        "AMCUV",
	"GET /api/v1/gap-assessment":                 "AMCUV",
	"GET /api/v1/gap-assessment.csv":             "AMCUV",
	"GET /api/v1/gap-assessment/{requirementID}": "AMCUV",
	"GET /api/v1/members":                        "AMCUV",
	// Editing records: contributors and up; auditors and viewers never.
	"GET /ai-systems/new":                        "AMC",
	"POST /ai-systems":                           "AMC",
	"GET /ai-systems/{id}/edit":                  "AMC",
	"POST /ai-systems/{id}":                      "AMC",
	"GET /ai-systems/{id}/classify":              "AMC",
	"POST /ai-systems/{id}/classify":             "AMC",
	"POST /ai-systems/{id}/reviewed":             "AMC",
	"POST /gap/{id}":                             "AMC",
	"POST /api/v1/ai-systems":                    "AMC",
	"PUT /api/v1/ai-systems/{id}":                "AMC",
	"PUT /api/v1/gap-assessment/{requirementID}": "AMC",
	// Archiving and restoring: managers and admins.
	"POST /ai-systems/{id}/archive":        "AM",
	"POST /ai-systems/{id}/restore":        "AM",
	"POST /api/v1/ai-systems/{id}/archive": "AM",
	"POST /api/v1/ai-systems/{id}/restore": "AM",
	// The audit trail, its signed head, the security log and each person's
	// record: those who answer for the system, and its auditors.
	"GET /audit":                   "AMU",
	"GET /audit/checkpoint.json":   "AMU",
	"GET /api/v1/audit-events":     "AMU",
	"GET /api/v1/audit-checkpoint": "AMU",
	"GET /people/{id}":             "AMU",
	"GET /security":                "AMU",
	"GET /api/v1/security-events":  "AMU",
	// Interested parties and obligations: read by everyone, written by
	// contributors and up, archived by managers and admins.
	"GET /interested-parties":                          "AMCUV",
	"GET /interested-parties.csv":                      "AMCUV",
	"GET /interested-parties/{id}":                     "AMCUV",
	"GET /interested-parties/new":                      "AMC",
	"POST /interested-parties":                         "AMC",
	"GET /interested-parties/{id}/edit":                "AMC",
	"POST /interested-parties/{id}":                    "AMC",
	"POST /interested-parties/{id}/archive":            "AM",
	"POST /interested-parties/{id}/restore":            "AM",
	"GET /api/v1/interested-parties":                   "AMCUV",
	"GET /api/v1/interested-parties.csv":               "AMCUV",
	"GET /api/v1/interested-parties/{id}":              "AMCUV",
	"GET /api/v1/interested-parties/{id}/history":      "AMCUV",
	"POST /api/v1/interested-parties":                  "AMC",
	"PUT /api/v1/interested-parties/{id}":              "AMC",
	"POST /api/v1/interested-parties/{id}/archive":     "AM",
	"POST /api/v1/interested-parties/{id}/restore":     "AM",
	"GET /obligations":                                 "AMCUV",
	"GET /obligations.csv":                             "AMCUV",
	"GET /obligations/{id}":                            "AMCUV",
	"GET /obligations/new":                             "AMC",
	"POST /obligations":                                "AMC",
	"GET /obligations/{id}/edit":                       "AMC",
	"POST /obligations/{id}":                           "AMC",
	"POST /obligations/{id}/archive":                   "AM",
	"POST /obligations/{id}/restore":                   "AM",
	"POST /ai-systems/{id}/propose-obligations":        "AMC",
	"GET /api/v1/obligations":                          "AMCUV",
	"GET /api/v1/obligations.csv":                      "AMCUV",
	"GET /api/v1/obligations/{id}":                     "AMCUV",
	"GET /api/v1/obligations/{id}/history":             "AMCUV",
	"POST /api/v1/obligations":                         "AMC",
	"PUT /api/v1/obligations/{id}":                     "AMC",
	"POST /api/v1/obligations/{id}/archive":            "AM",
	"POST /api/v1/obligations/{id}/restore":            "AM",
	"POST /api/v1/ai-systems/{id}/propose-obligations": "AMC",
	// Managing people: admins.
	"POST /people":                         "A",
	"POST /people/{id}":                    "A",
	"POST /people/{id}/invite":             "A",
	"POST /api/v1/members":                 "A",
	"PUT /api/v1/members/{id}":             "A",
	"POST /api/v1/members/{id}/invitation": "A",
}

var roleLetters = map[aims.Role]string{aims.RoleAdmin: "A", aims.RoleManager: "M", aims.RoleContributor: "C", aims.RoleAuditor: "U", aims.RoleViewer: "V"}

// walkFixture is what a walk over every route points at: one record of
// each kind a route's {id} can name, a member the admin routes may change
// without touching the members whose roles are being tested, and a member
// who has not accepted yet.
type walkFixture struct {
	ids map[string]string // by what a route names: its {id}
}

const walkRequirement = "A.4.3"

func newWalkFixture(e *env, role aims.Role) walkFixture {
	e.t.Helper()
	ctx := context.Background()
	target := e.newUser(e.org, "target@acme.test", aims.RoleContributor)
	pending, err := e.store.AddMember(ctx, e.principal(aims.RoleAdmin), aims.NewMember{Email: "pending@acme.test", Name: "Pending", Role: aims.RoleViewer}, "walk-invite")
	if err != nil {
		e.t.Fatal(err)
	}
	// A token of the walking role's own, to revoke.
	spare, err := e.store.CreateAPIToken(ctx, e.principal(role), e.users[role].ID, aims.NewAPIToken{Label: "spare"}, "spare-"+string(role), "spare")
	if err != nil {
		e.t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return walkFixture{ids: map[string]string{
		aims.RegisterAISystems: id(e.createSystem("Walked system").ID),
		aims.RegisterMembers:   id(target.ID),
		"pending-members":      id(pending.UserID),
		aims.RegisterTokens:    id(spare.ID),
		aims.RegisterGap:       walkRequirement,

		aims.RegisterParties:     id(e.createParty("Walked party").ID),
		aims.RegisterObligations: id(e.createObligation("Walked obligation").ID),
	}}
}

// version is the current version of the record a route names.
func (f walkFixture) version(e *env, names string) int {
	ctx := context.Background()
	id, _ := strconv.ParseInt(f.ids[names], 10, 64)
	switch names {
	case aims.RegisterAISystems:
		a, _ := e.store.AISystem(ctx, e.org.ID, id)
		return a.Version
	case aims.RegisterMembers:
		m, _ := e.store.Member(ctx, e.org.ID, id)
		return m.Version
	case aims.RegisterGap:
		g, _ := e.store.GapEntry(ctx, e.org.ID, walkRequirement)
		return g.Version
	case aims.RegisterParties:
		p, _ := e.store.Party(ctx, e.org.ID, id)
		return p.Version
	case aims.RegisterObligations:
		o, _ := e.store.Obligation(ctx, e.org.ID, id)
		return o.Version
	}
	return 0
}

// request is a route's example request, on the fixture's records.
func (f walkFixture) request(e *env, rt route, unique string) (path, contentType, body string) {
	path = strings.NewReplacer("{$}", "", "{framework}/{id}", "iso42001/4.3", "{framework}", "iso42001",
		"/frameworks/{id}", "/frameworks/iso42001", "{requirementID}", f.ids[aims.RegisterGap]).Replace(rt.path)
	path = strings.Replace(path, "{id}", f.ids[rt.names], 1)
	if rt.example == nil {
		return path, "", ""
	}
	switch v := rt.example(example{Version: f.version(e, rt.names), Unique: unique, OrgID: e.org.ID}).(type) {
	case url.Values:
		return path, "application/x-www-form-urlencoded", v.Encode()
	default:
		b, err := json.Marshal(v)
		if err != nil {
			e.t.Fatal(err)
		}
		return path, "application/json", string(b)
	}
}

// TestEveryRouteWithEveryRole walks the whole route table with no
// credentials and with each role, sending each route its example request:
// anonymous pages redirect to sign-in and anonymous API calls get 401; a
// role the matrix above allows succeeds, any other gets 403.
func TestEveryRouteWithEveryRole(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		seen := map[string]bool{}
		for _, rt := range base.srv.routes {
			key := rt.method + " " + rt.path
			seen[key] = true
			if _, ok := allowed[key]; !ok && !rt.public && rt.path != "/signout" {
				t.Errorf("%s has no line in the permission matrix", key)
			}
			if rt.writes() && !rt.public && rt.example == nil && rt.body != nil {
				t.Errorf("%s takes a body but has no example", key)
			}
		}
		for key := range allowed {
			if !seen[key] {
				t.Errorf("the permission matrix names %s, which is not a route", key)
			}
		}
		f0 := newWalkFixture(base, aims.RoleAdmin)
		for _, rt := range base.srv.routes {
			if rt.public {
				continue
			}
			path, _, _ := f0.request(base, rt, "anon")
			res := base.do(rt.method, path, "", "", nil)
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
			e, f := base, f0
			if role != aims.RoleAdmin {
				e = base.fresh()
				f = newWalkFixture(e, role)
			}
			for i, rt := range e.srv.routes {
				if rt.public || rt.path == "/signout" {
					continue
				}
				auth := "session:" + e.users[role].Session
				if rt.api {
					auth = "token:" + e.users[role].Token
				}
				path, ct, body := f.request(e, rt, fmt.Sprint(role, i))
				res := e.do(rt.method, path, auth, ct, strings.NewReader(body))
				may := strings.Contains(allowed[rt.method+" "+rt.path], roleLetters[role])
				switch {
				case !may && res.StatusCode != http.StatusForbidden:
					t.Errorf("%s: %s %s = %d, want 403", role, rt.method, path, res.StatusCode)
				case may && res.StatusCode >= 400:
					t.Errorf("%s: %s %s = %d, want success; body %.300s", role, rt.method, path, res.StatusCode, res.Body)
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

// TestReadOnlyTokens: a read-only token reads what its member's role
// reads and changes nothing, whatever the role.
func TestReadOnlyTokens(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		f := newWalkFixture(e, aims.RoleAdmin)
		token := secret.Token(TokenPrefix)
		if _, err := e.store.CreateAPIToken(context.Background(), e.principal(aims.RoleAdmin), e.users[aims.RoleAdmin].ID,
			aims.NewAPIToken{Label: "reader", ReadOnly: true}, secret.HashToken(token), token[:10]); err != nil {
			t.Fatal(err)
		}
		before := e.state()
		for i, rt := range e.srv.routes {
			if !rt.api {
				continue
			}
			path, ct, body := f.request(e, rt, fmt.Sprint("ro", i))
			res := e.do(rt.method, path, "token:"+token, ct, strings.NewReader(body))
			switch {
			case rt.writes() && res.StatusCode != http.StatusForbidden:
				t.Errorf("read-only token: %s %s = %d, want 403", rt.method, path, res.StatusCode)
			case !rt.writes() && res.StatusCode != http.StatusOK:
				t.Errorf("read-only token: %s %s = %d, want 200", rt.method, path, res.StatusCode)
			}
		}
		if after := e.state(); after != before {
			t.Error("a read-only token changed the organization's data")
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
		strayPending, err := e.store.AddMember(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.NewMember{Email: "pending@globex.test", Name: "P", Role: aims.RoleViewer}, "stray-invite")
		if err != nil {
			t.Fatal(err)
		}
		f := newWalkFixture(e, aims.RoleAdmin)
		strayToken, _ := e.store.APITokens(ctx, e.other.ID, e.stray.ID, aims.ListParams{Limit: 1})
		foreignIDs := map[string]string{
			aims.RegisterAISystems: strconv.FormatInt(foreign.ID, 10),
			aims.RegisterMembers:   strconv.FormatInt(e.stray.ID, 10),
			"pending-members":      strconv.FormatInt(strayPending.UserID, 10),
			aims.RegisterTokens:    strconv.FormatInt(strayToken.Items[0].ID, 10),
		}
		foreignParty, err := e.store.CreateParty(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.Party{Name: "Globex party"})
		if err != nil {
			t.Fatal(err)
		}
		foreignObligation, err := e.store.CreateObligation(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.Obligation{Title: "Globex obligation", Kind: aims.KindLegal})
		if err != nil {
			t.Fatal(err)
		}
		foreignIDs[aims.RegisterParties] = strconv.FormatInt(foreignParty.ID, 10)
		foreignIDs[aims.RegisterObligations] = strconv.FormatInt(foreignObligation.ID, 10)
		before := e.state()
		for i, rt := range e.srv.routes {
			if rt.public || !strings.Contains(rt.path, "{id}") || rt.names == "" || rt.names == aims.RegisterGap {
				continue
			}
			for what, id := range map[string]string{"foreign": foreignIDs[rt.names], "unknown": "999999", "not a number": "abc"} {
				_, ct, body := f.request(e, rt, fmt.Sprint("x", i))
				path := strings.Replace(rt.path, "{id}", id, 1)
				auth := "session:" + e.users[aims.RoleAdmin].Session
				if rt.api {
					auth = "token:" + e.users[aims.RoleAdmin].Token
				}
				if res := e.do(rt.method, path, auth, ct, strings.NewReader(body)); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s ID: %s %s = %d, want 404", what, rt.method, path, res.StatusCode)
				}
			}
		}
		for _, path := range []string{"/gap/9.9", "/gap/A.6", "/catalog/iso42001/A.99", "/catalog/nope"} {
			if res := e.page(aims.RoleAdmin, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
			}
		}
		for _, path := range []string{"/api/v1/gap-assessment/4", "/api/v1/frameworks/nope/requirements"} {
			if res := e.api(aims.RoleAdmin, "GET", path, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("requests with foreign or unknown IDs changed the organization's data")
		}
	})
}
