package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
	"aims/internal/web"
)

// tokenCreate is the argument list of aims token create on an engine.
func (e engine) tokenCreate(org, email, label string) []string {
	return e.args([]string{"token", "create"}, "--org", org, "--email", email, "--name", label)
}

// newToken runs aims token create and returns the printed token.
func newToken(t *testing.T, e engine, org, email, label string) string {
	t.Helper()
	r := mustCLI(t, noEnv, "", e.tokenCreate(org, email, label)...)
	token := strings.TrimSuffix(r.stdout, "\n")
	if !strings.HasPrefix(token, web.TokenPrefix) || strings.ContainsAny(token, " \n\t") || len(token) < len(web.TokenPrefix)+20 {
		t.Fatalf("token create printed %q, want one token starting with %s", r.stdout, web.TokenPrefix)
	}
	return token
}

type me struct {
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	OrgName string    `json:"org_name"`
	Role    aims.Role `json:"role"`
}

// whoAmI asks the server who a bearer token acts as.
func whoAmI(t *testing.T, base, token string) (int, me) {
	t.Helper()
	resp, body := get(t, base+"/api/v1/me", "Authorization", "Bearer "+token)
	var m me
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("GET /api/v1/me: %v\n%s", err, body)
		}
	}
	return resp.StatusCode, m
}

// TestTokenCreate creates tokens while aims serve runs on the same
// database and uses them against it.
func TestTokenCreate(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada Lovelace", "admin")...)
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "carl@acme.test", "Carl Contributor", "contributor")...)
		mustCLI(t, noEnv, password+"\n", e.userAdd("Globex", "ada@acme.test", "Ada Lovelace", "viewer")...)
		s := serve(t, noEnv, e.args([]string{"serve"}, "--addr", "127.0.0.1:0")...)

		cases := []struct {
			org, email string
			want       me
		}{
			{"Acme AI", "ada@acme.test", me{Email: "ada@acme.test", Name: "Ada Lovelace", OrgName: "Acme AI", Role: aims.RoleAdmin}},
			{"Acme AI", "CARL@acme.test", me{Email: "carl@acme.test", Name: "Carl Contributor", OrgName: "Acme AI", Role: aims.RoleContributor}},
			// The same person, in the other organization, with the role she has there.
			{"Globex", "ada@acme.test", me{Email: "ada@acme.test", Name: "Ada Lovelace", OrgName: "Globex", Role: aims.RoleViewer}},
		}
		tokens := map[string]bool{}
		for _, tc := range cases {
			token := newToken(t, e, tc.org, tc.email, "CI pipeline")
			if tokens[token] {
				t.Errorf("token create printed the same token twice")
			}
			tokens[token] = true
			status, got := whoAmI(t, s.url, token)
			if status != http.StatusOK {
				t.Errorf("GET /api/v1/me with the token for %s in %s = %d, want 200", tc.email, tc.org, status)
				continue
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("token for %s in %s acts as (-want +got):\n%s", tc.email, tc.org, diff)
			}
		}

		// The role is enforced, not just reported: a viewer cannot write.
		globex := newToken(t, e, "Globex", "ada@acme.test", "read only")
		req, _ := http.NewRequest("POST", s.url+"/api/v1/ai-systems", strings.NewReader(`{"name":"X","purpose":"p"}`))
		req.Header.Set("Authorization", "Bearer "+globex)
		req.Header.Set("Content-Type", "application/json")
		if resp, body := do(t, req); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer's token POST /api/v1/ai-systems = %d %s, want 403", resp.StatusCode, body)
		}

		// Without a token, or with a made-up one, the API refuses.
		if status, _ := whoAmI(t, s.url, web.TokenPrefix+"madeupmadeupmadeupmadeupmadeup"); status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with a made-up token = %d, want 401", status)
		}
		if resp, _ := get(t, s.url+"/api/v1/me"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me without a token = %d, want 401", resp.StatusCode)
		}
		checkStopped(t, s)

		// The database keeps the label and a prefix, never the secret.
		st := openStore(t, e)
		acme, err := st.OrganizationByName(context.Background(), "Acme AI")
		if err != nil {
			t.Fatal(err)
		}
		page, err := st.APITokens(context.Background(), acme.ID, 0, aims.ListParams{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 2 {
			t.Errorf("Acme AI has %d tokens, want 2", page.Total)
		}
		for _, tok := range page.Items {
			if tok.Label != "CI pipeline" || !strings.HasPrefix(tok.Prefix, web.TokenPrefix) || tokens[tok.Prefix] {
				t.Errorf("stored token: label %q prefix %q", tok.Label, tok.Prefix)
			}
			found := false
			for secret := range tokens {
				found = found || strings.HasPrefix(secret, tok.Prefix)
			}
			if !found {
				t.Errorf("stored prefix %q begins none of the printed tokens", tok.Prefix)
			}
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
	})
}

// TestTokenCreateAgainstWebServer uses the token against a web server over
// a separate store, as another replica would.
func TestTokenCreateAgainstWebServer(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "aud@acme.test", "Audrey", "auditor")...)
		token := newToken(t, e, "Acme AI", "aud@acme.test", "evidence export")
		ts := webServer(t, openStore(t, e))
		status, got := whoAmI(t, ts.URL, token)
		if want := (me{Email: "aud@acme.test", Name: "Audrey", OrgName: "Acme AI", Role: aims.RoleAuditor}); status != http.StatusOK || got != want {
			t.Errorf("GET /api/v1/me = %d %+v, want 200 %+v", status, got, want)
		}
		// An auditor reads the audit trail through the API.
		if resp, body := get(t, ts.URL+"/api/v1/audit-events", "Authorization", "Bearer "+token); resp.StatusCode != http.StatusOK {
			t.Errorf("auditor's token GET /api/v1/audit-events = %d %s, want 200", resp.StatusCode, body)
		}
	})
}

func TestTokenCreateRefusals(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada", "admin")...)
		mustCLI(t, noEnv, password+"\n", e.userAdd("Globex", "gus@globex.test", "Gus", "admin")...)
		cases := []struct {
			name, org, email, label string
			want                    []string
		}{
			{"unknown organization", "Initech", "ada@acme.test", "ci", []string{`organization "Initech"`, "not found"}},
			{"unknown e-mail", "Acme AI", "nobody@acme.test", "ci", []string{"nobody@acme.test", "not found"}},
			{"not a member", "Acme AI", "gus@globex.test", "ci", []string{"gus@globex.test is not a member of Acme AI"}},
			{"label too long", "Acme AI", "ada@acme.test", strings.Repeat("l", 500), []string{"label", "too long"}},
		}
		for _, tc := range cases {
			r := cli(t, noEnv, "", e.tokenCreate(tc.org, tc.email, tc.label)...)
			if r.err == nil {
				t.Errorf("%s: token create succeeded, printed %q", tc.name, r.stdout)
				continue
			}
			if got := exitCode(r.err); got == 0 {
				t.Errorf("%s: exit code 0", tc.name)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.err.Error(), w) {
					t.Errorf("%s: error %q, want it to contain %q", tc.name, r.err, w)
				}
			}
			if r.stdout != "" {
				t.Errorf("%s: printed %q", tc.name, r.stdout)
			}
		}
		st := openStore(t, e)
		ctx := context.Background()
		if _, err := st.OrganizationByName(ctx, "Initech"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("token create for an unknown organization created it (%v)", err)
		}
		orgs, err := st.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			page, err := st.APITokens(ctx, o.ID, 0, aims.ListParams{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 0 {
				t.Errorf("%s has %d tokens after refused creations, want 0", o.Name, page.Total)
			}
		}
	})
}

func TestTokenCreateUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no org", []string{"--email", "a@b.test", "--name", "ci"}, "--org is required"},
		{"no email", []string{"--org", "Acme", "--name", "ci"}, "--email is required"},
		{"no label", []string{"--org", "Acme", "--email", "a@b.test"}, "--name is required"},
		{"stray argument", []string{"--org", "Acme", "--email", "a@b.test", "--name", "ci", "extra"}, "unexpected arguments: extra"},
	} {
		r := cli(t, noEnv, "", append([]string{"token", "create", "--data", dir}, tc.args...)...)
		var ex exitError
		if !errors.As(r.err, &ex) || ex.code != 2 || !strings.Contains(ex.msg, tc.want) {
			t.Errorf("%s: error %v, want exit code 2 and %q", tc.name, r.err, tc.want)
		}
	}
}
