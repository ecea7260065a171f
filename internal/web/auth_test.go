package web

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
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

// signinFrom posts the sign-in form from a client address (the server
// trusts X-Forwarded-For in these tests), with the browser's cookies.
func (e *env) signinFrom(addr, email, password string, cookies ...*http.Cookie) response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/signin", strings.NewReader(signinForm(email, password).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: b}
}

// TestSignInRateLimit: guessing is slowed per account and address; a
// stranger guessing from one address cannot lock the person out, from
// their own address; a per-account ceiling bounds guessing from many
// addresses; and one address cannot try many accounts.
func TestSignInRateLimit(t *testing.T) {
	e := sqliteEnv(t)
	e.srv.cfg.TrustProxy = true
	for i := range accountIPBurst {
		if res := e.signinFrom("203.0.113.66", "viewer@acme.test", "guess "+strconv.Itoa(i)); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("guess %d = %d, want 401", i+1, res.StatusCode)
		}
	}
	res := e.signinFrom("203.0.113.66", "viewer@acme.test", testPassword)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(string(res.Body), "for this account from your address") {
		t.Errorf("stranger after %d guesses = %d, Retry-After %q", accountIPBurst, res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The person, from their own address, is not locked out.
	if res := e.signinFrom("198.51.100.7", "viewer@acme.test", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the person from their address = %d, want 303", res.StatusCode)
	}
	// The stranger's address gets one more try after the pause.
	e.clock.advance(accountIPEvery)
	if res := e.signinFrom("203.0.113.66", "viewer@acme.test", "guess again"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("after the pause = %d, want 401", res.StatusCode)
	}
	// Guessing from many addresses meets the per-account ceiling.
	e.clock.advance(time.Hour)
	var last response
	for i := range accountBurst + 1 {
		last = e.signinFrom("10.0.0."+strconv.Itoa(i+1), "manager@acme.test", "guess")
	}
	if last.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(last.Body), "for this account.") {
		t.Errorf("guess %d from another address = %d, want 429 for the account", accountBurst+1, last.StatusCode)
	}
	e.clock.advance(accountEvery)
	if res := e.signinFrom("10.1.0.1", "manager@acme.test", testPassword); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the ceiling refills = %d, want 303", res.StatusCode)
	}
	// Many accounts from one address hit the address limit.
	for i := range addressBurst + 1 {
		last = e.signinFrom("192.0.2.99", "user"+strconv.Itoa(i)+"@acme.test", "x")
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("address limit: last attempt = %d, want 429", last.StatusCode)
	}
	// Failed sign-ins of known accounts are in the security log.
	page, _ := e.store.SecurityEvents(context.Background(), e.org.ID, sqlstore.SecurityFilter{ListParams: aims.ListParams{Limit: 100}, Kind: aims.SecuritySignInFailed})
	if page.Total != accountIPBurst+1+accountBurst {
		t.Errorf("security log has %d failed sign-ins, want %d", page.Total, accountIPBurst+1+accountBurst)
	}
}

// TestKnownDeviceSkipsTheAccountCeiling: strangers guessing from many
// addresses (here a new IPv6 /64 each time, since the addresses of one /64
// count as one) can drain an account's ceiling, but the browser the person
// signed in with before still gets in, from any address.
func TestKnownDeviceSkipsTheAccountCeiling(t *testing.T) {
	e := sqliteEnv(t)
	e.srv.cfg.TrustProxy = true
	res := e.signinFrom("198.51.100.7", "viewer@acme.test", testPassword)
	var device *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == deviceCookie {
			device = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || device == nil || strings.Contains(device.Value, "viewer") {
		t.Fatalf("first sign-in = %d, device cookie %v", res.StatusCode, device)
	}
	// One /64 is one address for the limits.
	for i := range accountIPBurst {
		e.signinFrom("2001:db8:1:1::"+strconv.Itoa(i+1), "viewer@acme.test", "guess")
	}
	if res := e.signinFrom("2001:db8:1:1::ff", "viewer@acme.test", "guess"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64 = %d, want 429", res.StatusCode)
	}
	for i := range accountBurst {
		e.signinFrom("2001:db8:2:"+strconv.Itoa(i+1)+"::1", "viewer@acme.test", "guess")
	}
	if res := e.signinFrom("203.0.113.50", "viewer@acme.test", testPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a new browser after the ceiling is drained = %d, want 429", res.StatusCode)
	}
	if res := e.signinFrom("203.0.113.51", "viewer@acme.test", testPassword, device); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the person's own browser = %d, want 303", res.StatusCode)
	}
	// The cookie is the viewer's only: it exempts nobody else.
	if res := e.signinFrom("203.0.113.52", "manager@acme.test", "guess", device); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("another account with the viewer's cookie = %d, want 401", res.StatusCode)
	}
	ctx := context.Background()
	viewer, err := e.store.AccountByEmail(ctx, "viewer@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	known := func(v string, acct sqlstore.Account) bool {
		req := httptest.NewRequest("POST", "/signin", nil)
		req.AddCookie(&http.Cookie{Name: deviceCookie, Value: v})
		return e.srv.knownDevice(req, acct)
	}
	if !known(device.Value, viewer) {
		t.Fatalf("the viewer's own cookie is not known")
	}
	nonce, _, _ := strings.Cut(device.Value, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(nonce)
	longer := append(raw, 'x')
	// The signature with its last two characters changed (to "AA", or to
	// "BB" when it ends in "AA" already: 1 run in 4,096).
	tampered := device.Value[:len(device.Value)-2] + "AA"
	if tampered == device.Value {
		tampered = device.Value[:len(device.Value)-2] + "BB"
	}
	for _, v := range []string{tampered, "garbage", "", "." + strings.SplitN(device.Value, ".", 2)[1],
		// A nonce of another length, even one signed with the key.
		base64.RawURLEncoding.EncodeToString(longer) + "." + base64.RawURLEncoding.EncodeToString(e.srv.deviceMAC(longer, viewer))} {
		if known(v, viewer) {
			t.Errorf("device cookie %q accepted", v)
		}
	}
	// A password reset voids the device: whoever took the old password
	// and the browser with it gains nothing.
	hash, _ := secret.HashPassword("a new password for the viewer")
	if _, err := e.store.AddMemberAsOperator(ctx, e.org.ID, aims.NewMember{Email: "viewer@acme.test", Name: "The viewer", Role: aims.RoleViewer},
		hash, true, "operator test"); err != nil {
		t.Fatal(err)
	}
	if viewer, err = e.store.AccountByEmail(ctx, "viewer@acme.test"); err != nil {
		t.Fatal(err)
	}
	if known(device.Value, viewer) {
		t.Errorf("the device cookie outlived a password reset")
	}
}

// TestRefusedSignInsAreLogged: a right password for an account with no
// access left (a leaver) is refused and shown in the security log of the
// organizations it belonged to.
func TestRefusedSignInsAreLogged(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		m, _ := e.store.Member(ctx, e.org.ID, e.users[aims.RoleViewer].ID)
		if _, err := e.store.UpdateMember(ctx, e.principal(aims.RoleAdmin), m.UserID, aims.MemberUpdate{Role: m.Role, Active: false, Version: m.Version}); err != nil {
			t.Fatal(err)
		}
		res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("viewer@acme.test", testPassword).Encode()))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("a leaver's sign-in = %d, want 403", res.StatusCode)
		}
		page, _ := e.store.SecurityEvents(ctx, e.org.ID, sqlstore.SecurityFilter{ListParams: aims.ListParams{Limit: 5}, Kind: aims.SecuritySignInRefused})
		if page.Total != 1 || page.Items[0].Actor != "viewer@acme.test" {
			t.Errorf("refused sign-ins logged: %+v", page.Items)
		}
	})
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
		e.api(aims.RoleManager, "POST", "/api/v1/tokens", aims.NewAPIToken{Label: "ci"}).json(t, &created)
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

// invitePath is the path of a member's invitation link.
func invitePath(t *testing.T, m memberCreated) string {
	t.Helper()
	i := strings.Index(m.InvitationURL, "/invite/")
	if i < 0 {
		t.Fatalf("no invitation link in %+v", m)
	}
	return m.InvitationURL[i:]
}

func (e *env) invite(email, name string, role aims.Role) memberCreated {
	e.t.Helper()
	res := e.api(aims.RoleAdmin, "POST", "/api/v1/members", aims.NewMember{Email: email, Name: name, Role: role})
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("invite %s = %d %s", email, res.StatusCode, res.Body)
	}
	var m memberCreated
	res.json(e.t.(*testing.T), &m)
	return m
}

func (e *env) postInvite(path, session string, v url.Values) response {
	e.t.Helper()
	auth := ""
	if session != "" {
		auth = "session:" + session
	}
	return e.do("POST", path, auth, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// TestInvitationFormLimitsByAddress: the invitation form counts the
// addresses of one IPv6 /64 as one, like the sign-in form, since it can
// make the server hash passwords.
func TestInvitationFormLimitsByAddress(t *testing.T) {
	e := sqliteEnv(t)
	e.srv.cfg.TrustProxy = true
	path := invitePath(t, e.invite("limit@acme.test", "Limit", aims.RoleViewer))
	post := func(addr string) int {
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(url.Values{"action": {"password"}, "password": {"short"}, "confirm": {"short"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", addr)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for i := range addressBurst {
		if got := post("2001:db8:7:7::" + strconv.Itoa(i+1)); got != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d = %d, want 422", i+1, got)
		}
	}
	if got := post("2001:db8:7:7::ff"); got != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64 = %d, want 429", got)
	}
	if got := post("2001:db8:7:8::1"); got != http.StatusUnprocessableEntity {
		t.Errorf("another /64 = %d, want 422", got)
	}
}

// TestInvitationForANewAccount: a new person sets a password through the
// link, once, and joins.
func TestInvitationForANewAccount(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		m := e.invite("New.Person@Acme.test", "New Person", aims.RoleContributor)
		if m.Email != "new.person@acme.test" || !m.Pending || m.Name != "New Person" {
			t.Fatalf("invited %+v", m)
		}
		path := invitePath(t, m)
		if res := e.do("GET", path, "", "", nil); res.StatusCode != http.StatusOK || !strings.Contains(string(res.Body), "Acme AI") ||
			!strings.Contains(string(res.Body), `value="password"`) {
			t.Errorf("invitation page = %d", res.StatusCode)
		}
		set := func(pw, confirm string) response {
			return e.postInvite(path, "", url.Values{"action": {"password"}, "password": {pw}, "confirm": {confirm}})
		}
		if res := set("short", "short"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "at least 12") {
			t.Errorf("short password = %d", res.StatusCode)
		}
		if res := set("a long enough password", "another long password"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("mismatched confirmation = %d", res.StatusCode)
		}
		if res := set("a long enough password", "a long enough password"); res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
			t.Fatalf("accept = %d", res.StatusCode)
		}
		if res := set("a long enough password", "a long enough password"); res.StatusCode != http.StatusNotFound {
			t.Errorf("second use of the link = %d, want 404", res.StatusCode)
		}
		if got, _ := e.store.Member(context.Background(), e.org.ID, m.UserID); got.Pending {
			t.Error("still pending after accepting")
		}
		c := e.browserClient()
		signed, err := c.PostForm(e.ts.URL+"/signin", signinForm("new.person@acme.test", "a long enough password"))
		if err != nil || signed.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in with the new password = %v %v", signed.StatusCode, err)
		}
		// An invitation expires after seven days.
		late := invitePath(t, e.invite("late@acme.test", "Late", aims.RoleViewer))
		e.clock.advance(8 * 24 * time.Hour)
		if res := e.do("GET", late, "", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("expired invitation = %d, want 404", res.StatusCode)
		}
	})
}

// TestInvitationForAnExistingAccount: adding an address that has an
// account through another organization answers exactly as for a new one;
// the person stays pending, with no access, until they consent by signing
// in to that account through the link; nobody else can accept for them.
func TestInvitationForAnExistingAccount(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		fresh := e.invite("fresh@elsewhere.test", "Fresh", aims.RoleAuditor)
		m := e.invite("admin@globex.test", "Globex's admin, as we call them", aims.RoleAuditor)
		if !m.Pending || m.Name != "Globex's admin, as we call them" || m.InvitationURL == "" {
			t.Fatalf("existing account invited as %+v", m)
		}
		if strings.Contains(string(e.api(aims.RoleAdmin, "GET", "/api/v1/members", nil).Body), "Globex") &&
			!strings.Contains(m.Name, "Globex") {
			t.Error("the member list shows another organization's name")
		}
		shape := func(x memberCreated) memberCreated {
			x.UserID, x.Email, x.Name, x.InvitationURL, x.CreatedAt = 0, "", "", "", time.Time{}
			return x
		}
		if shape(m) != shape(fresh) {
			t.Errorf("replies differ: existing %+v, new %+v", shape(m), shape(fresh))
		}
		path := invitePath(t, m)
		// Pending: the account's session in globex cannot switch into acme.
		if res := e.do("POST", "/switch-org", "session:"+e.stray.Session, "application/x-www-form-urlencoded",
			strings.NewReader(url.Values{"org_id": {strconv.FormatInt(e.org.ID, 10)}}.Encode())); res.StatusCode != http.StatusNotFound {
			t.Errorf("switching into the pending organization = %d, want 404", res.StatusCode)
		}
		// The link cannot set a password on it. The reply gives no reason
		// and acme's security log does not hear of it (acme would learn
		// the address has an account); the operator's log does.
		res := e.postInvite(path, "", url.Values{"action": {"password"}, "password": {"taken over by acme"}, "confirm": {"taken over by acme"}})
		if res.StatusCode != http.StatusConflict || strings.Contains(string(res.Body), "already has") {
			t.Errorf("setting a password through the link = %d, want 409 without the reason", res.StatusCode)
		}
		if sec, _ := e.store.SecurityEvents(context.Background(), e.org.ID, sqlstore.SecurityFilter{ListParams: aims.ListParams{Limit: 5}, UserID: m.UserID}); sec.Total != 0 {
			t.Errorf("acme's security log has %d events of the invited account before it accepted", sec.Total)
		}
		if !strings.Contains(e.logs.String(), "invitation-password-refused") {
			t.Errorf("the operator's log does not show the refused password")
		}
		// Anonymous, the page is the same for an existing account and a new
		// address (the inviting admin holds the link too); signed in as
		// globex's admin, it offers to accept.
		page := func(m memberCreated) string {
			p := invitePath(t, m)
			body := string(e.do("GET", p, "", "", nil).Body)
			return strings.NewReplacer(p, "LINK", m.Email, "EMAIL", m.Name, "NAME", "Auditor", "ROLE").Replace(body)
		}
		if a, b := page(m), page(fresh); a != b || !strings.Contains(a, `value="signin"`) || !strings.Contains(a, `value="password"`) {
			t.Errorf("the invitation pages of an existing account and a new address differ:\n%s\n---\n%s", a, b)
		}
		if body := string(e.do("GET", path, "session:"+e.stray.Session, "", nil).Body); !strings.Contains(body, `value="accept"`) {
			t.Error("the page does not offer the signed-in account to accept")
		}
		// Someone else, signed in or signing in, cannot accept.
		if res := e.postInvite(path, e.users[aims.RoleAdmin].Session, url.Values{"action": {"accept"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("acme's admin accepting = %d, want 403", res.StatusCode)
		}
		if res := e.postInvite(path, "", url.Values{"action": {"signin"}, "email": {"admin@acme.test"}, "password": {testPassword}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("signing in as another account = %d, want 403", res.StatusCode)
		}
		if res := e.postInvite(path, "", url.Values{"action": {"signin"}, "email": {"admin@globex.test"}, "password": {"wrong password!"}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password = %d, want 401", res.StatusCode)
		}
		if got, _ := e.store.Member(context.Background(), e.org.ID, m.UserID); !got.Pending {
			t.Fatal("accepted without consent")
		}
		// The account holder accepts from their session.
		res = e.postInvite(path, e.stray.Session, url.Values{"action": {"accept"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accepting = %d %s", res.StatusCode, res.Body)
		}
		var me meReply
		if r := e.do("GET", "/api/v1/me", "session:"+e.stray.Session, "", nil); r.StatusCode == http.StatusOK {
			r.json(t, &me)
		}
		if me.OrgID != e.org.ID || me.Role != aims.RoleAuditor {
			t.Errorf("after accepting, the session is in %+v, want acme as auditor", me)
		}
		// Signing in through the link works too, and starts a session in
		// the organization joined.
		e.newUser(e.other, "consultant@globex.test", aims.RoleManager)
		link := invitePath(t, e.invite("consultant@globex.test", "Consultant", aims.RoleContributor))
		res = e.postInvite(link, "", url.Values{"action": {"signin"}, "email": {"Consultant@globex.test"}, "password": {testPassword}})
		if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
			t.Fatalf("sign in through the link = %d", res.StatusCode)
		}
		var session string
		for _, c := range res.Cookies() {
			if c.Name == sessionCookie {
				session = c.Value
			}
		}
		me = meReply{}
		e.do("GET", "/api/v1/me", "session:"+session, "", nil).json(t, &me)
		if me.OrgID != e.org.ID || me.Email != "consultant@globex.test" {
			t.Errorf("signed in through the link as %+v", me)
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
