package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func signinForm(email, password string) url.Values {
	return url.Values{"email": {email}, "password": {password}, "next": {"/ai-systems"}}
}

func TestSignInAndOut(t *testing.T) {
	e := sqliteEnv(t)
	c := e.browserClient()
	post := func(v url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(e.ts.URL+"/signin", v)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post(signinForm("admin@acme.test", "wrong password!")); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password = %d, want 401", res.StatusCode)
	}
	if res := post(signinForm("nobody@acme.test", testPassword)); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown account = %d, want 401", res.StatusCode)
	}
	res := post(signinForm("ADMIN@acme.test ", testPassword))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ai-systems" {
		t.Fatalf("sign in = %d to %q, want 303 to /ai-systems", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || len(cookie.Value) < 40 {
		t.Fatalf("session cookie = %+v, want HttpOnly SameSite=Lax with a long random value", cookie)
	}
	got, err := c.Get(e.ts.URL + "/ai-systems")
	if err != nil || got.StatusCode != http.StatusOK {
		t.Fatalf("signed-in page = %v %v", got.StatusCode, err)
	}
	got.Body.Close()
	// An off-site next is ignored.
	if res := post(url.Values{"email": {"admin@acme.test"}, "password": {testPassword}, "next": {"//evil.example/x"}}); res.Header.Get("Location") != "/" {
		t.Errorf("off-site next redirected to %q", res.Header.Get("Location"))
	}
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			cookie = ck // the latest session, which signing out ends
		}
	}
	res, err = c.PostForm(e.ts.URL+"/signout", nil)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out = %v %v", res.StatusCode, err)
	}
	// The old cookie value no longer opens anything.
	if res := e.do("GET", "/ai-systems", "session:"+cookie.Value, "", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoked session = %d, want redirect to sign-in", res.StatusCode)
	}
}

func TestSignInRateLimit(t *testing.T) {
	e := sqliteEnv(t)
	var last int
	for i := 0; i < accountBurst+1; i++ {
		res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("viewer@acme.test", "guess number "+strconv.Itoa(i)).Encode()))
		last = res.StatusCode
		if i < accountBurst && last != http.StatusUnauthorized {
			t.Errorf("attempt %d = %d, want 401", i+1, last)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("attempt %d = %d, want 429", accountBurst+1, last)
	}
	// Even the right password waits now; after a minute the account may try again.
	if res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("viewer@acme.test", testPassword).Encode())); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("right password while limited = %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	e.clock.advance(accountEvery)
	if res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("viewer@acme.test", testPassword).Encode())); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after waiting = %d, want 303", res.StatusCode)
	}
	// Many accounts from one address hit the address limit.
	last = 0
	for i := 0; i < signinBurst+2; i++ {
		last = e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("user"+strconv.Itoa(i)+"@acme.test", "x").Encode())).StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("address limit: last attempt = %d, want 429", last)
	}
}

func TestSessionExpiry(t *testing.T) {
	e := sqliteEnv(t)
	if res := e.page(aims.RoleViewer, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("fresh session = %d", res.StatusCode)
	}
	e.clock.advance(e.srv.cfg.SessionIdle + time.Minute)
	if res := e.page(aims.RoleViewer, "/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("idle session = %d, want redirect to sign-in", res.StatusCode)
	}
	if res := e.api(aims.RoleViewer, "GET", "/api/v1/me", nil); res.StatusCode != http.StatusOK {
		t.Errorf("API tokens have no idle expiry: %d", res.StatusCode)
	}
}

func TestTokensFollowMembership(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var me meReply
		e.api(aims.RoleContributor, "GET", "/api/v1/me", nil).json(t, &me)
		if me.Role != aims.RoleContributor || me.OrgID != e.org.ID || me.Email != "contributor@acme.test" || me.TokenID == 0 {
			t.Errorf("me = %+v", me)
		}
		// Demoting the member demotes the token with it.
		m, _ := e.store.Member(ctx, e.org.ID, e.users[aims.RoleContributor].ID)
		if _, err := e.store.UpdateMember(ctx, e.principal(aims.RoleAdmin), m.UserID, aims.MemberUpdate{Role: aims.RoleViewer, Active: true, Version: m.Version}); err != nil {
			t.Fatal(err)
		}
		if res := e.api(aims.RoleContributor, "POST", "/api/v1/ai-systems", `{"name": "n", "purpose": "p"}`); res.StatusCode != http.StatusForbidden {
			t.Errorf("demoted token writes: %d, want 403", res.StatusCode)
		}
		// Deactivating ends both the token and the session.
		m, _ = e.store.Member(ctx, e.org.ID, m.UserID)
		if _, err := e.store.UpdateMember(ctx, e.principal(aims.RoleAdmin), m.UserID, aims.MemberUpdate{Role: aims.RoleViewer, Active: false, Version: m.Version}); err != nil {
			t.Fatal(err)
		}
		if res := e.api(aims.RoleContributor, "GET", "/api/v1/me", nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("deactivated token = %d, want 401", res.StatusCode)
		}
		if res := e.page(aims.RoleContributor, "/"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("deactivated session = %d, want redirect", res.StatusCode)
		}
		// An external auditor's access ends after its last day.
		a, _ := e.store.Member(ctx, e.org.ID, e.users[aims.RoleAuditor].ID)
		if _, err := e.store.UpdateMember(ctx, e.principal(aims.RoleAdmin), a.UserID, aims.MemberUpdate{Role: aims.RoleAuditor, Active: true, AccessUntil: aims.DateOf(e.clock.now()), Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		if res := e.api(aims.RoleAuditor, "GET", "/api/v1/me", nil); res.StatusCode != http.StatusOK {
			t.Errorf("auditor on the last day = %d, want 200", res.StatusCode)
		}
		e.clock.advance(24 * time.Hour)
		if res := e.api(aims.RoleAuditor, "GET", "/api/v1/me", nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("auditor after the last day = %d, want 401", res.StatusCode)
		}
		// A revoked token stops at once; garbage and other schemes are refused.
		var created tokenCreated
		e.api(aims.RoleManager, "POST", "/api/v1/tokens", tokenRequest{Label: "ci"}).json(t, &created)
		if !strings.HasPrefix(created.Token, TokenPrefix) || created.Prefix != created.Token[:len(TokenPrefix)+6] {
			t.Errorf("created token %q with prefix %q", created.Token, created.Prefix)
		}
		if res := e.do("GET", "/api/v1/me", "token:"+created.Token, "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("new token = %d", res.StatusCode)
		}
		if res := e.api(aims.RoleManager, "POST", "/api/v1/tokens/"+strconv.FormatInt(created.ID, 10)+"/revoke", nil); res.StatusCode != http.StatusOK {
			t.Errorf("revoke = %d", res.StatusCode)
		}
		if res := e.do("GET", "/api/v1/me", "token:"+created.Token, "", nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("revoked token = %d, want 401", res.StatusCode)
		}
		for _, h := range []string{"Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer aims_nope"} {
			req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", h)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("Authorization %q = %d, want 401", h, res.StatusCode)
			}
		}
		// A manager cannot revoke someone else's token; an admin can.
		var admins aims.Page[aims.APIToken]
		e.api(aims.RoleAdmin, "GET", "/api/v1/tokens?limit=100", nil).json(t, &admins)
		var mine aims.Page[aims.APIToken]
		e.api(aims.RoleManager, "GET", "/api/v1/tokens", nil).json(t, &mine)
		if admins.Total <= mine.Total || mine.Total != 2 {
			t.Errorf("admin sees %d tokens, manager %d; want all versus own 2", admins.Total, mine.Total)
		}
		viewerToken := int64(0)
		for _, tk := range admins.Items {
			if tk.UserEmail == "viewer@acme.test" {
				viewerToken = tk.ID
			}
		}
		if res := e.api(aims.RoleManager, "POST", "/api/v1/tokens/"+strconv.FormatInt(viewerToken, 10)+"/revoke", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("manager revoking the viewer's token = %d, want 404", res.StatusCode)
		}
	})
}

func TestInvitation(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		res := e.api(aims.RoleAdmin, "POST", "/api/v1/members", aims.NewMember{Email: "New.Person@Acme.test", Name: "New Person", Role: aims.RoleContributor})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("invite = %d %s", res.StatusCode, res.Body)
		}
		var m memberCreated
		res.json(t, &m)
		if m.Email != "new.person@acme.test" || !m.Invited || !strings.Contains(m.InvitationURL, "/invite/") {
			t.Fatalf("invited %+v", m)
		}
		path := m.InvitationURL[strings.Index(m.InvitationURL, "/invite/"):]
		if res := e.do("GET", path, "", "", nil); res.StatusCode != http.StatusOK || !strings.Contains(string(res.Body), "Acme AI") {
			t.Errorf("invitation page = %d", res.StatusCode)
		}
		form := func(pw, confirm string) response {
			return e.do("POST", path, "", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"password": {pw}, "confirm": {confirm}}.Encode()))
		}
		if res := form("short", "short"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "at least 12") {
			t.Errorf("short password = %d", res.StatusCode)
		}
		if res := form("a long enough password", "another long password"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("mismatched confirmation = %d", res.StatusCode)
		}
		res = form("a long enough password", "a long enough password")
		if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
			t.Fatalf("accept = %d", res.StatusCode)
		}
		if res := form("a long enough password", "a long enough password"); res.StatusCode != http.StatusNotFound {
			t.Errorf("second use of the link = %d, want 404", res.StatusCode)
		}
		c := e.browserClient()
		signed, err := c.PostForm(e.ts.URL+"/signin", signinForm("new.person@acme.test", "a long enough password"))
		if err != nil || signed.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in with the new password = %v %v", signed.StatusCode, err)
		}
		// An invitation expires after seven days.
		res = e.api(aims.RoleAdmin, "POST", "/api/v1/members", aims.NewMember{Email: "late@acme.test", Name: "Late", Role: aims.RoleViewer})
		res.json(t, &m)
		e.clock.advance(8 * 24 * time.Hour)
		late := m.InvitationURL[strings.Index(m.InvitationURL, "/invite/"):]
		if res := e.do("GET", late, "", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("expired invitation = %d, want 404", res.StatusCode)
		}
		// Someone with an account elsewhere just joins, with no invitation.
		res = e.api(aims.RoleAdmin, "POST", "/api/v1/members", aims.NewMember{Email: "admin@globex.test", Name: "Globex admin", Role: aims.RoleAuditor})
		m = memberCreated{}
		res.json(t, &m)
		if res.StatusCode != http.StatusCreated || m.InvitationURL != "" {
			t.Errorf("existing account joined with %d, invitation %q", res.StatusCode, m.InvitationURL)
		}
	})
}

func TestLastAdminStays(t *testing.T) {
	e := sqliteEnv(t)
	m, _ := e.store.Member(context.Background(), e.org.ID, e.users[aims.RoleAdmin].ID)
	res := e.api(aims.RoleAdmin, "PUT", "/api/v1/members/"+strconv.FormatInt(m.UserID, 10), aims.MemberUpdate{Role: aims.RoleViewer, Active: true, Version: m.Version})
	if res.StatusCode != http.StatusUnprocessableEntity || res.problem(t).Errors["role"] == "" {
		t.Errorf("demoting the last admin = %d, want 422 on role", res.StatusCode)
	}
}

func TestSecurityHeadersAndCrossOrigin(t *testing.T) {
	e := sqliteEnv(t)
	res := e.page(aims.RoleViewer, "/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
	} {
		if got := res.Header.Get(h); !strings.HasPrefix(got, want) {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if strings.Contains(string(res.Body), " style=") || strings.Contains(string(res.Body), "<script>") {
		t.Errorf("the page has inline style or script, which the CSP would block")
	}
	// A form posted from another site is refused before it reaches the handler.
	req, _ := http.NewRequest("POST", e.ts.URL+"/ai-systems", strings.NewReader("name=x&purpose=y"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: e.users[aims.RoleAdmin].Session})
	before := e.events()
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusForbidden || e.events() != before {
		t.Errorf("cross-site form post = %d, want 403 and nothing written", r.StatusCode)
	}
}
