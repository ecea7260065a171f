package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aims/internal/mail/mailtest"
)

// checkServing checks the health check and the OpenAPI document of a
// running server.
func checkServing(t *testing.T, base string) {
	t.Helper()
	resp, body := get(t, base+"/healthz")
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("GET /healthz = %d %q, want 200 ok", resp.StatusCode, body)
	}
	resp, body = get(t, base+"/api/openapi.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/openapi.json = %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("OpenAPI content type %q, want application/json", ct)
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("OpenAPI document is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf(`"openapi" = %q, want "3.1.0"`, doc.OpenAPI)
	}
	if _, ok := doc.Paths["/api/v1/me"]; !ok {
		t.Errorf("OpenAPI document has no /api/v1/me path")
	}
}

// checkStopped checks that run returned nil after its context ended and
// that nothing listens any more.
func checkStopped(t *testing.T, s *served) {
	t.Helper()
	if err := s.stop(t); err != nil {
		t.Errorf("run after cancel = %v, want nil (graceful shutdown)", err)
	}
	if resp, err := client().Get(s.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("GET /healthz after shutdown answered %d; the server still listens", resp.StatusCode)
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		s := serve(t, noEnv, e.args([]string{"serve"}, "--addr", "127.0.0.1:0")...)
		if !strings.HasPrefix(s.url, "http://127.0.0.1:") || strings.HasSuffix(s.url, ":0") {
			t.Errorf("serving on %q, want the real port on 127.0.0.1", s.url)
		}
		line := s.lines[len(s.lines)-1]
		db := "(PostgreSQL)"
		if e.name == "sqlite" {
			db = "(SQLite " + e.source + ")"
		}
		if !strings.Contains(line, db) || !strings.HasPrefix(line, "aims "+version+" serving on ") {
			t.Errorf("start line %q, want the version, address and %s", line, db)
		}
		if e.name == "postgres" && strings.Contains(strings.Join(s.lines, "\n")+s.stderr.String(), e.source) {
			t.Errorf("serve printed the connection string")
		}
		checkServing(t, s.url)
		checkStopped(t, s)

		// Migrations ran at start: nothing is left to apply.
		st := openStore(t, e)
		applied, err := st.Migrate(t.Context())
		if err != nil || len(applied) != 0 {
			t.Errorf("migrate after serve applied %v (%v), want nothing", applied, err)
		}
	})
}

// TestServeFromEnvironment serves with no flags at all: AIMS_ADDR gives the
// address and AIMS_DATA (or AIMS_DATABASE_URL) the database.
func TestServeFromEnvironment(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // free the port for the server to take
		env := append([]string{"AIMS_ADDR", addr}, e.envs...)
		s := serve(t, envOf(env...), "serve")
		if want := "http://" + addr; s.url != want {
			t.Errorf("serving on %q, want %q from AIMS_ADDR", s.url, want)
		}
		checkServing(t, s.url)
		checkStopped(t, s)
		if e.name == "sqlite" {
			if _, err := os.Stat(e.source); err != nil {
				t.Errorf("no database in the AIMS_DATA folder: %v", err)
			}
		} else if _, err := os.Stat(filepath.Join(e.data, "aims.db")); !os.IsNotExist(err) {
			t.Errorf("an SQLite file was created although AIMS_DATABASE_URL was set (%v)", err)
		}
		// The schema went to the database the environment named.
		r := mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		if !strings.HasSuffix(r.stdout, ": schema is up to date\n") {
			t.Errorf("migrate after serving from the environment printed %q, want up to date", r.stdout)
		}
	})
}

// TestServeAddrFlagOverridesEnvironment: --addr wins over AIMS_ADDR, which
// here names an address nobody could listen on.
func TestServeAddrFlagOverridesEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := serve(t, envOf("AIMS_ADDR", "256.0.0.1:99999", "AIMS_DATA", dir), "serve", "--addr", "127.0.0.1:0")
	checkServing(t, s.url)
	checkStopped(t, s)
}

// runBounded runs the command line with a deadline, for commands that
// should fail at once rather than serve.
func runBounded(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var stdout, stderr syncBuffer
	err := run(ctx, args, noEnv, strings.NewReader(""), &stdout, &stderr)
	if ctx.Err() != nil {
		t.Fatalf("aims %s served until the deadline; want it to fail at start", strings.Join(args, " "))
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

func TestServeAddressInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, cmd := range []string{"serve", "demo"} {
		r := runBounded(t, cmd, "--data", t.TempDir(), "--addr", ln.Addr().String())
		if r.err == nil {
			t.Errorf("aims %s on a taken address returned nil", cmd)
		} else if !strings.Contains(r.err.Error(), "address already in use") {
			t.Errorf("aims %s on a taken address: %v, want address already in use", cmd, r.err)
		}
		if strings.Contains(r.stdout, "serving on") {
			t.Errorf("aims %s claimed to serve: %q", cmd, r.stdout)
		}
	}
}

func TestServeBadAddress(t *testing.T) {
	t.Parallel()
	r := runBounded(t, "serve", "--data", t.TempDir(), "--addr", "not-an-address")
	if r.err == nil {
		t.Fatal("serve on a malformed address returned nil")
	}
	if got := exitCode(r.err); got == 0 {
		t.Errorf("exit %d, want non-zero", got)
	}
}

func TestServeUnreachableDatabase(t *testing.T) {
	t.Parallel()
	r := runBounded(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--database", "postgres://aims@127.0.0.1:1/aims?sslmode=disable&connect_timeout=5")
	if r.err == nil {
		t.Fatal("serve against an unreachable database returned nil")
	}
	if strings.Contains(r.stdout, "serving on") {
		t.Errorf("serve claimed to serve without a database: %q", r.stdout)
	}
}

// TestServeMailsTheDigest: with a mail server configured, aims demo's
// scheduler e-mails each demo person who owns overdue work their digest,
// with links on the configured address.
func TestServeMailsTheDigest(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t)
	data := t.TempDir()
	s := serve(t, envOf("AIMS_SMTP", smtp.Addr, "AIMS_SMTP_SECURITY", "none", "AIMS_SMTP_FROM", "aims@brightwater.example",
		"AIMS_BASE_URL", "https://aims.brightwater.example/"), "demo", "--data", data, "--addr", "127.0.0.1:0", "--digest-hour", "0")
	var maria *mailtest.Received
	for n := 1; maria == nil && n < 20; n++ {
		for _, m := range smtp.Wait(t, n) {
			if m.To == "maria.keller@brightwater.example" {
				maria = &m
			}
		}
	}
	checkStopped(t, s)
	if maria == nil {
		t.Fatalf("no digest for Maria Keller among %d messages", len(smtp.Messages()))
	}
	if !strings.Contains(maria.Subject, "overdue") || !strings.Contains(maria.Body, "https://aims.brightwater.example/gap/") ||
		!strings.Contains(maria.Body, "Brightwater Financial (demo)") {
		t.Errorf("digest:\n%s\n%s", maria.Subject, maria.Body)
	}
}

func TestServeMailNeedsABaseURL(t *testing.T) {
	r := cli(t, envOf("AIMS_SMTP", "127.0.0.1:25"), "", "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	var ee exitError
	if !errors.As(r.err, &ee) || ee.code != 2 || !strings.Contains(ee.msg, "--base-url") {
		t.Errorf("serve with mail and no base URL = %v", r.err)
	}
}
