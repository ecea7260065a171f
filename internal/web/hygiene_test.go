package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestSafeNext: the redirect after sign-in stays on this site whatever
// the input, including what browsers repair into another host.
func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/ai-systems":                 "/ai-systems",
		"/ai-systems?lifecycle=x&q=a": "/ai-systems?lifecycle=x&q=a",
		"/gap/A.4.3#history":          "/gap/A.4.3#history",
		"/%2F%2Fevil.example":         "/", // harmless to a browser, but nothing needs it
		"":                            "/",
		"ai-systems":                  "/",
		"//evil.example":              "/",
		"///evil.example":             "/",
		"/\\evil.example":             "/",
		"\\\\evil.example":            "/",
		"/\t/evil.example":            "/",
		"\t/evil.example":             "/",
		"/\n/evil.example":            "/",
		"/\r/evil.example":            "/",
		"/ /evil.example":             "/",
		"/\x00/evil.example":          "/",
		"/\u00a0/evil.example":        "/",
		"/\u2028/evil.example":        "/",
		"https://evil.example/":       "/",
		"http:/evil.example":          "/",
		"javascript:alert(1)":         "/",
		"/x\x7f":                      "/",
		" /ai-systems":                "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
	// Through the sign-in form, with the value as a browser sends it.
	e := sqliteEnv(t)
	for _, next := range []string{"%09/evil.example", "/%09/evil.example", "/%5Cevil.example", "%2F%2Fevil.example"} {
		raw, _ := url.QueryUnescape(next)
		res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded",
			strings.NewReader("email=viewer%40acme.test&password="+url.QueryEscape(testPassword)+"&next="+url.QueryEscape(raw)))
		loc := res.Header.Get("Location")
		if u, err := url.Parse(loc); err != nil || u.Host != "" || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\t\\") {
			t.Errorf("next=%s redirected to %q", next, loc)
		}
	}
}

// TestNoSecretsInLogs: invitation links, session cookies and API tokens
// never reach the request log, even when a request fails.
func TestNoSecretsInLogs(t *testing.T) {
	e := sqliteEnv(t)
	m := e.invite("log@acme.test", "Log", aims.RoleViewer)
	path := invitePath(t, m)
	invitation := strings.TrimPrefix(path, "/invite/")
	e.do("GET", path, "", "", nil)
	e.postInvite(path, "", url.Values{"action": {"password"}, "password": {"short"}, "confirm": {"short"}})
	e.do("GET", "/invite/"+invitation+"x", "", "", nil) // unknown: a 404
	e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil)
	e.do("GET", "/api/v1/me", "token:"+e.users[aims.RoleViewer].Token+"wrong", "", nil)
	e.page(aims.RoleAdmin, "/ai-systems?token=sekrit-query-value&q=x")
	e.do("GET", "/ai-systems.csv", "token:"+e.users[aims.RoleAdmin].Token, "", nil)
	logs := e.logs.String()
	for name, secret := range map[string]string{
		"invitation":   invitation,
		"session":      e.users[aims.RoleAdmin].Session,
		"API token":    e.users[aims.RoleAdmin].Token,
		"wrong token":  e.users[aims.RoleViewer].Token,
		"query secret": "sekrit-query-value",
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds the %s", name)
		}
	}
	if !strings.Contains(logs, "/invite/[redacted]") || !strings.Contains(logs, "token=%5Bredacted%5D") {
		t.Errorf("the log does not show the redacted requests:\n%s", logs)
	}
}

func TestRedactedURL(t *testing.T) {
	for in, want := range map[string]string{
		"/ai-systems/7":                  "/ai-systems/7",
		"/invite/abc123":                 "/invite/[redacted]",
		"/invite/":                       "/invite/",
		"/%63alendar/aimscal_x.ics":      "/calendar/[redacted]",
		"//calendar/aimscal_x.ics":       "/calendar/[redacted]",
		"/reset/../reset/tok":            "/reset/[redacted]",
		"/report/KEY/status":             "/report/[redacted]",
		"/reportx":                       "/reportx",
		"/ai-systems?q=x&access_token=s": "/ai-systems?access_token=%5Bredacted%5D&q=x",
		"/x?Password=s&next=/y":          "/x?Password=%5Bredacted%5D&next=%2Fy",
	} {
		u, _ := url.ParseRequestURI(in) // as the server reads a request's target
		if got := redactedURL(u); got != want {
			t.Errorf("redactedURL(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestSecureCookiesAndHSTS: behind a TLS proxy (--secure-cookies) every
// cookie is Secure, the ones that clear a cookie too, and HSTS is sent.
func TestSecureCookiesAndHSTS(t *testing.T) {
	e := sqliteEnv(t)
	if res := e.page(aims.RoleViewer, "/"); res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP without a TLS proxy")
	}
	e.srv.cfg.SecureCookies = true
	res := e.do("POST", "/signin", "", "application/x-www-form-urlencoded", strings.NewReader(signinForm("viewer@acme.test", testPassword).Encode()))
	if !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("HSTS = %q", res.Header.Get("Strict-Transport-Security"))
	}
	var session string
	checkAll := func(what string, res response) {
		t.Helper()
		if len(res.Cookies()) == 0 {
			t.Errorf("%s set no cookie", what)
		}
		for _, c := range res.Cookies() {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("%s: cookie %s = Secure %v HttpOnly %v SameSite %v", what, c.Name, c.Secure, c.HttpOnly, c.SameSite)
			}
			if c.Name == sessionCookie && c.Value != "" {
				session = c.Value
			}
		}
	}
	checkAll("sign-in", res)
	res = e.do("POST", "/signout", "session:"+session, "", nil) // clears the session, sets a flash
	checkAll("sign-out", res)
	req, _ := http.NewRequest("GET", e.ts.URL+"/signin", nil)
	req.AddCookie(&http.Cookie{Name: flashCookie, Value: "hello"})
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	checkAll("reading the flash", response{Response: r})
}

// TestArgon2HonoursContext: a request that gives up while every hashing
// slot is busy leaves the queue at once.
func TestArgon2HonoursContext(t *testing.T) {
	e := sqliteEnv(t)
	for range cap(e.srv.hashing) {
		e.srv.hashing <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	ran := false
	start := time.Now()
	err := e.srv.argon2(ctx, func() { ran = true })
	if !errors.Is(err, context.DeadlineExceeded) || ran || time.Since(start) > 5*time.Second {
		t.Errorf("argon2 with a full queue and a done context = %v, ran %v", err, ran)
	}
	<-e.srv.hashing
	if err := e.srv.argon2(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Errorf("argon2 with a free slot = %v, ran %v", err, ran)
	}
}

// TestExportsWithAToken: the CSV exports answer an API token, stream CSV,
// and are in the OpenAPI document; a token sent to a browser page gets a
// 401 that says where tokens work, not the sign-in page.
func TestExportsWithAToken(t *testing.T) {
	e := sqliteEnv(t)
	e.createSystem("Exported system")
	for _, path := range []string{"/api/v1/ai-systems.csv", "/api/v1/ai-systems.csv?q=exported", "/api/v1/gap-assessment.csv"} {
		res := e.api(aims.RoleViewer, "GET", path, nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("GET %s with a token = %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	if body := string(e.api(aims.RoleViewer, "GET", "/api/v1/ai-systems.csv?q=exported", nil).Body); !strings.Contains(body, "Exported system") {
		t.Errorf("export lacks the system:\n%s", body)
	}
	res := e.do("GET", "/ai-systems.csv", "token:"+e.users[aims.RoleViewer].Token, "", nil)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.problem(t).Detail, "/api/v1") {
		t.Errorf("token on a page = %d %s", res.StatusCode, res.Body)
	}
	doc := string(e.do("GET", "/api/openapi.json", "", "", nil).Body)
	if !strings.Contains(doc, `"/api/v1/ai-systems.csv"`) || !strings.Contains(doc, `"text/csv"`) {
		t.Error("the OpenAPI document lacks the CSV export")
	}
}
