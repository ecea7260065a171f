package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
	"aims/internal/testdb"
	"aims/internal/web"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// noPrepare leaves a database empty: every command migrates it itself.
func noPrepare(string) error { return nil }

// engine is one database the command line is tested on, with the flags
// that select it.
type engine struct {
	name   string
	source string   // the data source for sqlstore.Open
	data   string   // the data folder: the SQLite file's, and the audit key's
	flags  []string // --data DIR, and --database URL on PostgreSQL
	envs   []string // the same choice made through the environment
}

// engineOf describes a database to the command line. On PostgreSQL the
// data folder still holds the audit key.
func engineOf(t *testing.T, e testdb.Engine) engine {
	if e.Name == "sqlite" {
		dir := filepath.Dir(e.Source)
		return engine{name: e.Name, source: e.Source, data: dir, flags: []string{"--data", dir}, envs: []string{"AIMS_DATA", dir}}
	}
	dir := t.TempDir()
	return engine{name: e.Name, source: e.Source, data: dir, flags: []string{"--database", e.Source, "--data", dir},
		envs: []string{"AIMS_DATABASE_URL", e.Source, "AIMS_DATA", dir}}
}

// eachEngine runs fn as a subtest on every available engine with a fresh,
// empty database.
func eachEngine(t *testing.T, fn func(t *testing.T, e engine)) {
	t.Helper()
	for _, eng := range testdb.Engines(t, noPrepare) {
		t.Run(eng.Name, func(t *testing.T) { fn(t, engineOf(t, eng)) })
	}
}

// args joins a subcommand, the engine's storage flags and further flags.
func (e engine) args(cmd []string, more ...string) []string {
	out := append([]string{}, cmd...)
	out = append(out, e.flags...)
	return append(out, more...)
}

// envOf is a getenv over fixed pairs; tests never read the real environment.
func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

var noEnv = envOf()

// result is one finished run of the command line.
type result struct {
	stdout, stderr string
	err            error
}

// cli runs the command line in-process with the given standard input.
func cli(t *testing.T, getenv func(string) string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr syncBuffer
	err := run(t.Context(), args, getenv, strings.NewReader(stdin), &stdout, &stderr)
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// mustCLI runs the command line and fails the test unless it succeeds.
func mustCLI(t *testing.T, getenv func(string) string, stdin string, args ...string) result {
	t.Helper()
	r := cli(t, getenv, stdin, args...)
	if r.err != nil {
		t.Fatalf("aims %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.err, r.stdout, r.stderr)
	}
	return r
}

// exitCode is the status main would exit with for err.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ex exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	return 1
}

// syncBuffer is a bytes buffer safe for the server's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// served is `aims serve` or `aims demo` running in a goroutine.
type served struct {
	url    string   // http://host:port from the "serving on" line
	lines  []string // what it printed on standard output before serving
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)`)

// serve starts the command line with args (serve or demo) and waits until
// it prints the line saying where it serves, and for demo the sign-in line.
func serve(t *testing.T, getenv func(string) string, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	s := &served{stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		err := run(ctx, args, getenv, strings.NewReader(""), pw, s.stderr)
		pw.Close()
		s.done <- err
	}()
	t.Cleanup(func() { s.stop(t) })
	demo := len(args) > 0 && args[0] == "demo"
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				err := s.stop(t)
				t.Fatalf("aims %s ended before serving: %v\nstdout: %q\nstderr: %s", strings.Join(args, " "), err, s.lines, s.stderr)
			}
			s.lines = append(s.lines, line)
			if m := servingLine.FindStringSubmatch(line); m != nil {
				s.url = m[1]
			}
			if s.url != "" && (!demo || strings.HasPrefix(line, "demo sign-in: ")) {
				return s
			}
		case <-timeout:
			s.cancel()
			t.Fatalf("aims %s did not start serving within 2 minutes; printed %q\nstderr: %s", strings.Join(args, " "), s.lines, s.stderr)
		}
	}
}

// stop cancels the server's context and returns what run returned.
func (s *served) stop(t *testing.T) error {
	s.once.Do(func() {
		s.cancel()
		select {
		case s.err = <-s.done:
		case <-time.After(time.Minute):
			s.err = errors.New("run did not return within a minute of cancelling its context")
		}
	})
	return s.err
}

// client does not follow redirects, so tests see the 303 of a sign-in.
func client() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// do sends a request and reads the whole reply.
func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return resp, string(b)
}

// get sends a GET with optional header pairs.
func get(t *testing.T, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

// signin posts the sign-in form and returns the response and the session
// cookie it set, if any.
func signin(t *testing.T, base, email, password string) (*http.Response, *http.Cookie) {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequest("POST", base+"/signin", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ := do(t, req)
	for _, c := range resp.Cookies() {
		if c.Name == "aims_session" && c.Value != "" {
			return resp, c
		}
	}
	return resp, nil
}

// openStore opens the database a test's commands used, with the audit key
// they created, for checking what they stored. It does not migrate: the
// commands must have done that.
func openStore(t *testing.T, e engine) *sqlstore.Store {
	t.Helper()
	key, err := storage{data: e.data}.auditKey(true)
	if err != nil {
		t.Fatalf("audit key: %v", err)
	}
	st, err := sqlstore.Open(context.Background(), e.source, sqlstore.Options{AuditKey: key})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// webServer serves the web application over the store, as aims serve would.
func webServer(t *testing.T, st *sqlstore.Store) *httptest.Server {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.NewServer(web.Config{Version: "test"}, st, cat, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// sqlstoreFilter is a filter of the audit log by action.
func sqlstoreFilter(action string) sqlstore.AuditFilter {
	return sqlstore.AuditFilter{ListParams: aims.ListParams{Limit: 10}, Action: action}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
