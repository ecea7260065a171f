// Command load measures aims under load: it seeds an organization with many
// AI systems, then sends concurrent requests to a running server and
// reports latency percentiles. It is a development tool, not part of the
// aims binary; docs/performance.md records what it measured.
//
//	go run ./tools/load seed --database URL|--data DIR --systems 10000
//	go run ./tools/load run --url http://127.0.0.1:8080 --clients 20 --requests 2000 [--think 500ms]
//	go run ./tools/load logstats server.log   # server-side times and queries per path
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

const (
	loadOrg      = "Load test"
	loadEmail    = "load@aims.test"
	loadPassword = "load-test-password"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: load seed|run [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "logstats":
		err = logstats(os.Args[2:])
	default:
		err = errors.New("unknown command " + os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// seed creates the load-test organization, its admin and n AI systems
// through the store, each with its audit event, as real writes would.
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	data := fs.String("data", "data", "SQLite data folder")
	database := fs.String("database", "", "PostgreSQL URL")
	n := fs.Int("systems", 10000, "AI systems to create")
	nRisks := fs.Int("risks", 0, "AI risks to create, spread over the first 100 systems and the AIMS as a whole")
	fs.Parse(args)
	source := *database
	if source == "" {
		source = filepath.Join(*data, "aims.db")
	}
	ctx := context.Background()
	// The server the load runs against must seal the chain with the same
	// key: measure.sh sets AIMS_AUDIT_KEY for both.
	key, err := aims.ParseAuditKey(os.Getenv("AIMS_AUDIT_KEY"))
	if err != nil {
		return fmt.Errorf("set AIMS_AUDIT_KEY (64 hex digits) for the seed and the server alike: %w", err)
	}
	store, err := sqlstore.Open(ctx, source, sqlstore.Options{AuditKey: key})
	if err != nil {
		return err
	}
	defer store.Close()
	if _, err := store.Migrate(ctx); err != nil {
		return err
	}
	org, err := store.OrganizationByName(ctx, loadOrg)
	if errors.Is(err, aims.ErrNotFound) {
		org, err = store.CreateOrganization(ctx, loadOrg, "load")
	}
	if err != nil {
		return err
	}
	hash, err := secret.HashPassword(loadPassword)
	if err != nil {
		return err
	}
	out, err := store.AddMemberAsOperator(ctx, org.ID, aims.NewMember{Email: loadEmail, Name: "Load Tester", Role: aims.RoleAdmin}, hash, false, "load")
	if err != nil && !strings.Contains(err.Error(), "already a member") {
		return err
	}
	m := out.Member
	p := aims.Principal{OrgID: org.ID, UserID: m.UserID, Email: loadEmail, Role: aims.RoleAdmin}
	stages := aims.Lifecycles
	var systemIDs []int64
	start := time.Now()
	for i := 0; i < *n; i++ {
		a := aims.AISystem{
			Name:      fmt.Sprintf("System %05d %s", i, []string{"scoring", "assistant", "forecast", "vision", "triage"}[i%5]),
			Purpose:   fmt.Sprintf("Load-test system number %d, which does something useful with data set %d.", i, i%97),
			Lifecycle: stages[i%len(stages)], InScope: i%3 != 0, OwnerID: m.UserID,
			Data: "Customer records", Models: "Gradient-boosted trees", ReviewIntervalMonths: 1 + i%24,
			GateReason: "Seeded for a load test, already in this stage.",
		}
		if i%4 == 0 {
			a.EUAIAct = &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "Talks to people."}
		}
		created, err := store.CreateAISystem(ctx, p, a)
		if err != nil {
			return fmt.Errorf("system %d: %w", i, err)
		}
		if len(systemIDs) < 100 {
			systemIDs = append(systemIDs, created.ID)
		}
	}
	d := time.Since(start)
	fmt.Printf("seeded %d AI systems in %s (%.2f ms per write with its audit event)\n", *n, d.Round(time.Millisecond), float64(d.Microseconds())/1000/float64(max(*n, 1)))
	if *nRisks == 0 {
		return nil
	}
	sources := aims.RiskSources[:len(aims.RiskSources)-1] // every source but "other", which needs its own text
	start = time.Now()
	for i := 0; i < *nRisks; i++ {
		r := aims.Risk{Title: fmt.Sprintf("Risk %05d: %s", i, []string{"unfair refusals", "data drift", "wrong answers", "data leak", "automation bias"}[i%5]),
			Source: sources[i%len(sources)], Likelihood: 1 + i%5, Impact: 1 + (i/5)%5, OwnerID: m.UserID}
		if i%10 != 0 && len(systemIDs) > 0 {
			r.AISystemID = systemIDs[i%len(systemIDs)]
		}
		if i%3 == 0 {
			r.Treatment, r.ResidualLikelihood, r.ResidualImpact, r.Controls = aims.TreatModify, 1+i%2, 1+i%3, []string{"A.6.2.4"}
		}
		if _, err := store.CreateRisk(ctx, p, r); err != nil {
			return fmt.Errorf("risk %d: %w", i, err)
		}
	}
	d = time.Since(start)
	fmt.Printf("seeded %d risks in %s (%.2f ms per write with its assessment and audit event)\n", *nRisks, d.Round(time.Millisecond), float64(d.Microseconds())/1000/float64(*nRisks))
	return nil
}

// run signs in, then sends requests from concurrent clients to each path
// and prints latency percentiles as a Markdown table.
func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "server address")
	clients := fs.Int("clients", 20, "concurrent clients")
	requests := fs.Int("requests", 2000, "requests per path")
	session := fs.String("session", "", "file that keeps the session cookie between runs (sign-in is rate-limited)")
	think := fs.Duration("think", 0, "pause between a client's requests (0: closed loop, as fast as the server answers)")
	paths := fs.String("paths", "/ai-systems,/ai-systems?q=scoring&lifecycle=operation-monitoring&sort=next_review,/ai-systems?offset=9950,/api/v1/ai-systems,/api/v1/ai-systems?q=assistant&risk_class=limited&limit=100,/gap,/", "comma-separated paths")
	fs.Parse(args)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if err := signIn(client, *base, *session); err != nil {
		return err
	}
	// The API accepts the session too, so one sign-in serves both.
	fmt.Printf("| path | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |\n|---|---|---|---|---|---|---|---|\n")
	for _, path := range strings.Split(*paths, ",") {
		lat, errs, wall := hammer(client, *base+path, *clients, *requests, *think)
		slices.Sort(lat)
		q := func(p float64) float64 {
			if len(lat) == 0 {
				return 0
			}
			return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
		}
		fmt.Printf("| `%s` | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f |\n", path, len(lat), errs, q(0.50), q(0.95), q(0.99), q(1), float64(len(lat))/wall.Seconds())
	}
	return nil
}

// signIn gets a session cookie into the client's jar, reusing the one saved
// in file when there is one.
func signIn(client *http.Client, base, file string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if file != "" {
		if b, err := os.ReadFile(file); err == nil {
			client.Jar.SetCookies(u, []*http.Cookie{{Name: "aims_session", Value: strings.TrimSpace(string(b))}})
			return nil
		}
	}
	res, err := client.PostForm(base+"/signin", url.Values{"email": {loadEmail}, "password": {loadPassword}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in: %s (seed first)", res.Status)
	}
	for _, c := range client.Jar.Cookies(u) {
		if c.Name == "aims_session" && file != "" {
			return os.WriteFile(file, []byte(c.Value), 0o600)
		}
	}
	return nil
}

func hammer(client *http.Client, target string, clients, requests int, think time.Duration) ([]time.Duration, int, time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	work := make(chan struct{}, requests)
	for i := 0; i < requests; i++ {
		work <- struct{}{}
	}
	close(work)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				t := time.Now()
				res, err := client.Get(target)
				ok := err == nil && res.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				d := time.Since(t)
				mu.Lock()
				if ok {
					lat = append(lat, d)
				} else {
					errs++
				}
				mu.Unlock()
				time.Sleep(think)
			}
		}()
	}
	wg.Wait()
	return lat, errs, time.Since(start)
}

// logstats reads a server log (the text handler's lines) and reports, per
// method and path, the server-side duration percentiles and the SQL
// queries per request.
func logstats(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: load logstats FILE")
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	type stat struct {
		d       []time.Duration
		queries map[string]int
	}
	stats := map[string]*stat{}
	var order []string
	for _, line := range strings.Split(string(b), "\n") {
		f := map[string]string{}
		for _, kv := range strings.Fields(line) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				f[k] = v
			}
		}
		if f["msg"] != "request" || f["status"] != "200" {
			continue
		}
		d, err := time.ParseDuration(f["duration"])
		if err != nil {
			continue
		}
		key := f["method"] + " " + f["path"]
		st, ok := stats[key]
		if !ok {
			st = &stat{queries: map[string]int{}}
			stats[key] = st
			order = append(order, key)
		}
		st.d = append(st.d, d)
		st.queries[f["queries"]]++
	}
	fmt.Printf("| request | n | server p50 ms | server p95 ms | server p99 ms | SQL queries per request |\n|---|---|---|---|---|---|\n")
	for _, key := range order {
		st := stats[key]
		slices.Sort(st.d)
		q := func(p float64) float64 { return float64(st.d[int(p*float64(len(st.d)-1))].Microseconds()) / 1000 }
		var qs []string
		for n, c := range st.queries {
			qs = append(qs, fmt.Sprintf("%s (×%d)", n, c))
		}
		slices.Sort(qs)
		fmt.Printf("| `%s` | %d | %.2f | %.2f | %.2f | %s |\n", key, len(st.d), q(0.5), q(0.95), q(0.99), strings.Join(qs, ", "))
	}
	return nil
}
