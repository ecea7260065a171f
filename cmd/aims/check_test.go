package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// createSystem registers an AI system through the API and returns its
// reference.
func createSystem(t *testing.T, base, token, body string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/ai-systems", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, reply := do(t, req)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/ai-systems = %d %s", resp.StatusCode, reply)
	}
	var a aims.AISystem
	if err := json.Unmarshal([]byte(reply), &a); err != nil {
		t.Fatal(err)
	}
	return a.Ref
}

// TestCheck runs aims check against a server and against the database, on
// a system whose evidence is incomplete, one whose review is overdue, and
// references it must refuse with exit 2.
func TestCheck(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada Lovelace", "admin")...)
		mustCLI(t, noEnv, password+"\n", e.userAdd("Globex", "gus@globex.test", "Gus Globex", "admin")...)
		s := serve(t, noEnv, e.args([]string{"serve"}, "--addr", "127.0.0.1:0")...)
		token := newToken(t, e, "Acme AI", "ada@acme.test", "release pipeline")
		globex := newToken(t, e, "Globex", "gus@globex.test", "pipeline")
		today := aims.DateOf(time.Now().UTC())
		current := createSystem(t, s.url, token, `{"name":"Credit scoring","purpose":"Score loan applications","last_reviewed":"`+today.String()+`"}`)
		overdue := createSystem(t, s.url, token, `{"name":"Chatbot","purpose":"Answer customers","last_reviewed":"`+today.AddMonths(-13).String()+`"}`)
		// References are numbered per organization: Globex's AIS-3 is not
		// Acme's, and Acme has none.
		createSystem(t, s.url, globex, `{"name":"Globex model","purpose":"p"}`)
		createSystem(t, s.url, globex, `{"name":"Globex model 2","purpose":"p"}`)
		other := createSystem(t, s.url, globex, `{"name":"Globex model 3","purpose":"p"}`)
		remote := envOf("AIMS_TOKEN", token)

		r := cli(t, remote, "", "check", "--url", s.url, "--system", overdue)
		if exitCode(r.err) != 1 || !strings.Contains(r.stdout, "review-overdue: ") || !strings.Contains(r.stdout, "evidence incomplete") {
			t.Errorf("check of an overdue system: exit %d\n%s%s", exitCode(r.err), r.stdout, r.stderr)
		}
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n")[1:] {
			if !strings.Contains(line, ": ") {
				t.Errorf("reason line %q is not CODE: message", line)
			}
		}
		// The same answer read from the database directly, as JSON.
		r = cli(t, noEnv, "", e.args([]string{"check"}, "--org", "Acme AI", "--system", strings.ToLower(overdue), "--json")...)
		var c aims.EvidenceCheck
		if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || exitCode(r.err) != 1 {
			t.Fatalf("check --json: exit %d, %v\n%s", exitCode(r.err), err, r.stdout)
		}
		if c.System != overdue || c.Complete || len(c.Reasons) == 0 || c.Reasons[0].Code != aims.CheckReviewOverdue {
			t.Errorf("check --json = %+v", c)
		}
		if r := cli(t, remote, "", "check", "--url", s.url, "--system", current); exitCode(r.err) == 2 || !strings.HasPrefix(r.stdout, current+" Credit scoring: evidence ") {
			t.Errorf("check of a current system: exit %d\n%s%s", exitCode(r.err), r.stdout, r.stderr)
		}

		// What cannot be checked exits 2 and says why, on both paths.
		for _, tc := range []struct {
			name string
			env  func(string) string
			args []string
			want string
		}{
			{"other organization's system", remote, []string{"check", "--url", s.url, "--system", other}, "404"},
			{"not a reference", remote, []string{"check", "--url", s.url, "--system", "AIS-x"}, "404"},
			{"not a reference, refused before asking", remote, []string{"check", "--url", s.url, "--system", "../../me"}, "--system must be"},
			{"no token", noEnv, []string{"check", "--url", s.url, "--system", current}, "AIMS_TOKEN"},
			{"wrong token", envOf("AIMS_TOKEN", "aims_nope"), []string{"check", "--url", s.url, "--system", current}, "401"},
			{"plain http to another host", remote, []string{"check", "--url", "http://aims.example.com", "--system", current}, "https"},
			{"no system", remote, []string{"check", "--url", s.url}, "--system is required"},
			{"local, other organization", noEnv, e.args([]string{"check"}, "--org", "Initech", "--system", current), "not found"},
			{"local, no organization", noEnv, e.args([]string{"check"}, "--system", current), "--org is required"},
		} {
			r := cli(t, tc.env, "", tc.args...)
			if exitCode(r.err) != 2 || r.stdout != "" || !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("%s: exit %d err %v stdout %q, want exit 2 naming %q", tc.name, exitCode(r.err), r.err, r.stdout, tc.want)
			}
		}
		checkStopped(t, s)
	})
}
