package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/secret"
	"aims/internal/sqlstore"
	"aims/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func migrateSource(src string) error {
	s, err := sqlstore.Open(context.Background(), src, sqlstore.Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Migrate(context.Background())
	return err
}

var (
	catOnce sync.Once
	cat     *catalog.Catalog
	catErr  error
)

func testCatalog(t testing.TB) *catalog.Catalog {
	catOnce.Do(func() { cat, catErr = catalog.Load() })
	if catErr != nil {
		t.Fatal(catErr)
	}
	return cat
}

// testClock is shared by the server and the store.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// user is a test member with a session cookie and an API token.
type user struct {
	ID      int64
	Email   string
	Session string
	Token   string
}

// env is a running server over a real database with two organizations:
// org, with one member of each role, and other, with an admin.
type env struct {
	t      testing.TB
	engine string
	source string
	store  *sqlstore.Store
	srv    *Server
	ts     *httptest.Server
	clock  *testClock
	org    aims.Organization
	other  aims.Organization
	users  map[aims.Role]user
	stray  user // the other organization's admin
	logs   *bytes.Buffer
}

// engines runs fn on a fresh environment per available database engine.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, eng := range testdb.Engines(t, migrateSource) {
		t.Run(eng.Name, func(t *testing.T) { fn(t, newEnv(t, eng)) })
	}
}

// sqliteEnv is a fresh environment on SQLite only, for tests of the web
// layer that the engine cannot affect.
func sqliteEnv(t testing.TB) *env {
	return newEnv(t, testdb.Engine{Name: "sqlite", Source: testdb.SQLite(t, migrateSource)})
}

// fresh is a new environment on a new database of the same engine.
func (e *env) fresh() *env {
	if e.engine == "postgres" {
		return newEnv(e.t, testdb.Engine{Name: "postgres", Source: testdb.Postgres(e.t, migrateSource)})
	}
	return sqliteEnv(e.t)
}

func newEnv(t testing.TB, eng testdb.Engine) *env { return newEnvConfig(t, eng, nil) }

// mailEnv is an environment on SQLite whose server has a mail server
// configured: invitations are mailed, passwords can be reset by e-mail.
func mailEnv(t testing.TB) *env {
	return newEnvConfig(t, testdb.Engine{Name: "sqlite", Source: testdb.SQLite(t, migrateSource)}, func(c *Config) {
		c.Mail, c.BaseURL = true, "https://aims.acme.test"
	})
}

func newEnvConfig(t testing.TB, eng testdb.Engine, configure func(*Config)) *env {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	store, err := sqlstore.Open(ctx, eng.Source, sqlstore.Options{Now: clock.now, AuditKey: testdb.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	logs := &bytes.Buffer{}
	cfg := Config{Version: "test", DeviceKey: testdb.AuditKey().Derive("device cookie")}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := NewServer(cfg, store, testCatalog(t), slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil)), clock.now)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &env{t: t, engine: eng.Name, source: eng.Source, store: store, srv: srv, ts: ts, clock: clock, users: map[aims.Role]user{}, logs: logs}
	e.org = e.newOrg("Acme AI")
	for _, r := range aims.Roles {
		e.users[r] = e.newUser(e.org, string(r)+"@acme.test", r)
	}
	e.other = e.newOrg("Globex")
	e.stray = e.newUser(e.other, "admin@globex.test", aims.RoleAdmin)
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (e *env) newOrg(name string) aims.Organization {
	o, err := e.store.CreateOrganization(context.Background(), name, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// newUser adds a member with a password ("correct horse battery"), a
// session and an API token.
func (e *env) newUser(org aims.Organization, email string, role aims.Role) user {
	ctx := context.Background()
	out, err := e.store.AddMemberAsOperator(ctx, org.ID, aims.NewMember{Email: email, Name: "User " + email, Role: role}, testHash(e.t), false, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	m := out.Member
	u := user{ID: m.UserID, Email: email, Session: secret.Token(""), Token: secret.Token(TokenPrefix)}
	if err := e.store.CreateSession(ctx, secret.HashToken(u.Session), m.UserID, org.ID, 24*time.Hour, "192.0.2.1"); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateAPIToken(ctx, sqlstore.System(org.ID, "test"), m.UserID, aims.NewAPIToken{Label: "test"}, secret.HashToken(u.Token), u.Token[:10]); err != nil {
		e.t.Fatal(err)
	}
	return u
}

var (
	hashOnce sync.Once
	hash     string
)

const testPassword = "correct horse battery"

func testHash(t testing.TB) string {
	hashOnce.Do(func() {
		var err error
		if hash, err = secret.HashPassword(testPassword); err != nil {
			t.Fatal(err)
		}
	})
	return hash
}

func (e *env) principal(r aims.Role) aims.Principal {
	u := e.users[r]
	return aims.Principal{OrgID: e.org.ID, UserID: u.ID, Email: u.Email, Role: r}
}

// response is a finished request, body read.
type response struct {
	*http.Response
	Body []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v\n%s", r.Request.URL.Path, err, r.Body)
	}
}

// problem decodes a problem document.
func (r response) problem(t *testing.T) problem {
	t.Helper()
	var p problem
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s %s: content type %q, want application/problem+json; body %s", r.Request.Method, r.Request.URL.Path, ct, r.Body)
	}
	r.json(t, &p)
	return p
}

// do sends a request. auth is "" (anonymous), "token:" + token, or
// "session:" + session token.
func (e *env) do(method, path, auth, contentType string, body io.Reader) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	switch {
	case strings.HasPrefix(auth, "token:"):
		req.Header.Set("Authorization", "Bearer "+strings.TrimPrefix(auth, "token:"))
	case strings.HasPrefix(auth, "session:"):
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: strings.TrimPrefix(auth, "session:")})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: b}
}

// api calls the JSON API as a role.
func (e *env) api(role aims.Role, method, path string, body any) response {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			r = strings.NewReader(b)
		default:
			raw, err := json.Marshal(b)
			if err != nil {
				e.t.Fatal(err)
			}
			r = bytes.NewReader(raw)
		}
	}
	ct := ""
	if body != nil {
		ct = "application/json"
	}
	return e.do(method, path, "token:"+e.users[role].Token, ct, r)
}

// page fetches a page as a role (by session).
func (e *env) page(role aims.Role, path string) response {
	e.t.Helper()
	return e.do("GET", path, "session:"+e.users[role].Session, "", nil)
}

// form posts a form as a role (by session).
func (e *env) form(role aims.Role, path string, values url.Values) response {
	e.t.Helper()
	return e.do("POST", path, "session:"+e.users[role].Session, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
}

// events counts the organization's audit events, to prove refusals wrote
// nothing.
func (e *env) events() int {
	e.t.Helper()
	p, err := e.store.AuditEvents(context.Background(), e.org.ID, sqlstore.AuditFilter{ListParams: aims.ListParams{Limit: 1}})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Total
}

// state is everything the organization has stored, to prove a refused
// request changed nothing at all.
func (e *env) state() string {
	e.t.Helper()
	return testdb.OrgState(e.t, e.source, e.org.ID)
}

// createSystem registers an AI system through the store.
func (e *env) createSystem(name string) aims.AISystem {
	e.t.Helper()
	a, err := e.store.CreateAISystem(context.Background(), e.principal(aims.RoleAdmin), aims.AISystem{Name: name, Purpose: "Purpose of " + name})
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// browserClient is an HTTP client with a cookie jar, as a browser would be.
func (e *env) browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func hashOf(token string) string { return secret.HashToken(token) }

func (e *env) createParty(name string) aims.Party {
	e.t.Helper()
	p, err := e.store.CreateParty(context.Background(), e.principal(aims.RoleAdmin), aims.Party{Name: name, Type: aims.PartyRegulator})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) createObligation(title string) aims.Obligation {
	e.t.Helper()
	o, err := e.store.CreateObligation(context.Background(), e.principal(aims.RoleAdmin), aims.Obligation{Title: title, Kind: aims.KindLegal})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}
