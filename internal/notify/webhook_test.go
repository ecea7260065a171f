package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/mail/mailtest"
	"aims/internal/sqlstore"
	"aims/internal/testdb"
)

// receiver is a webhook endpoint that checks each delivery's signature.
type receiver struct {
	mu     sync.Mutex
	got    []map[string]any
	bad    []string
	status int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	sig := r.Header.Get("X-Aims-Signature")
	ts, _, _ := strings.Cut(strings.TrimPrefix(sig, "t="), ",")
	unix, _ := strconv.ParseInt(ts, 10, 64)
	if Sign("s3cret-of-the-endpoint", time.Unix(unix, 0), body) != sig {
		rc.bad = append(rc.bad, sig)
	}
	var m map[string]any
	json.Unmarshal(body, &m)
	m["header_event"] = r.Header.Get("X-Aims-Event")
	rc.got = append(rc.got, m)
	if rc.status != 0 {
		w.WriteHeader(rc.status)
	}
}

func (rc *receiver) deliveries() []map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]map[string]any(nil), rc.got...)
}

// hookOrg makes an organization with one item that became overdue today,
// one that enters its due-soon window today, one due in between, and an
// endpoint for both events.
func hookOrg(t *testing.T, s *sqlstore.Store, url string) (aims.Principal, aims.Webhook) {
	t.Helper()
	ctx := context.Background()
	o, err := s.CreateOrganization(ctx, "acme", "test")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: "admin@acme.test", Name: "Admin", Role: aims.RoleAdmin}, "hash", false, "test")
	if err != nil {
		t.Fatal(err)
	}
	p := aims.Principal{OrgID: o.ID, UserID: admin.Member.UserID, Email: "admin@acme.test", Role: aims.RoleAdmin}
	for name, last := range map[string]string{"Overdue since today": "2026-10-29", "Due in 30 days": "2026-11-30", "Due in a week": "2026-11-07"} {
		d, _ := aims.ParseDate(last)
		if _, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: name, Purpose: "p", ReviewIntervalMonths: 1, LastReviewed: d}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.CreateWebhook(ctx, p, aims.Webhook{URL: url, Events: []string{aims.EventDue, aims.EventOverdue}, Active: true, Secret: "s3cret-of-the-endpoint"})
	if err != nil {
		t.Fatal(err)
	}
	return p, h
}

// TestWebhookEventsOnceAcrossReplicas: two replicas tick together; each
// event reaches the endpoint once, signed.
func TestWebhookEventsOnceAcrossReplicas(t *testing.T) {
	for _, e := range testdb.Engines(t, migrate) {
		t.Run(e.Name, func(t *testing.T) {
			rc := &receiver{}
			ts := httptest.NewServer(rc)
			defer ts.Close()
			smtp := mailtest.Start(t)
			a, b := server(t, e.Source, smtp), server(t, e.Source, smtp)
			for _, s := range []*Scheduler{a, b} {
				s.Webhooks = aims.WebhookPolicy{AllowPrivate: true} // the test endpoint is on loopback
			}
			hookOrg(t, a.Store, ts.URL+"/hook")
			var wg sync.WaitGroup
			for range 2 {
				for _, s := range []*Scheduler{a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if err := s.Tick(context.Background()); err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			got := rc.deliveries()
			if len(got) != 2 || len(rc.bad) != 0 {
				t.Fatalf("%d deliveries (%d badly signed): %v", len(got), len(rc.bad), got)
			}
			events := map[string]string{}
			for _, d := range got {
				item := d["item"].(map[string]any)
				events[d["event"].(string)] = item["title"].(string)
				if d["header_event"] != d["event"] || d["organization"] != "acme" {
					t.Errorf("delivery %v", d)
				}
			}
			if events["overdue"] != "Overdue since today" || events["due"] != "Due in 30 days" {
				t.Errorf("events %v", events)
			}
		})
	}
}

// TestWebhookPolicyAndRetries: an endpoint on this machine is refused at
// connection time unless the operator allows private addresses; a failing
// endpoint is retried with backoff, and the log shows each attempt.
func TestWebhookPolicyAndRetries(t *testing.T) {
	e := testdb.Engines(t, migrate)[0]
	rc := &receiver{status: http.StatusServiceUnavailable}
	ts := httptest.NewServer(rc)
	defer ts.Close()
	s := server(t, e.Source, mailtest.Start(t))
	p, h := hookOrg(t, s.Store, ts.URL+"/hook")
	ctx := context.Background()
	if err := s.Store.QueueWebhookPing(ctx, p, h.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeliverWebhooks(ctx); err != nil { // the default policy: no private addresses
		t.Fatal(err)
	}
	if n := len(rc.deliveries()); n != 0 {
		t.Fatalf("a delivery reached a loopback endpoint: %d", n)
	}
	log, _ := s.Store.WebhookDeliveries(ctx, p.OrgID, h.ID, 10)
	if len(log) != 1 || log[0].State != "waiting" || log[0].Attempts != 1 || !strings.Contains(log[0].LastError, "not allowed") {
		t.Fatalf("delivery log after a blocked attempt: %+v", log)
	}
	s.Webhooks, s.client = aims.WebhookPolicy{AllowPrivate: true}, nil
	day = day.Add(2 * time.Minute) // past the first backoff
	defer func() { day = day.Add(-2 * time.Minute) }()
	if err := s.DeliverWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	log, _ = s.Store.WebhookDeliveries(ctx, p.OrgID, h.ID, 10)
	if len(rc.deliveries()) != 1 || log[0].StatusCode != 503 || log[0].State != "waiting" || log[0].Attempts != 2 {
		t.Fatalf("after a 503: %d received, log %+v", len(rc.deliveries()), log)
	}
	// Not again before the next backoff (5 minutes).
	if err := s.DeliverWebhooks(ctx); err != nil || len(rc.deliveries()) != 1 {
		t.Fatalf("retried before the backoff: %d, %v", len(rc.deliveries()), err)
	}
	rc.mu.Lock()
	rc.status = 0
	rc.mu.Unlock()
	day = day.Add(6 * time.Minute)
	defer func() { day = day.Add(-6 * time.Minute) }()
	if err := s.DeliverWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
	log, _ = s.Store.WebhookDeliveries(ctx, p.OrgID, h.ID, 10)
	if log[0].State != "delivered" || log[0].StatusCode != 200 || log[0].Attempts != 3 || log[0].Event != "ping" {
		t.Errorf("after success: %+v", log[0])
	}
}

func TestWebhookPolicy(t *testing.T) {
	p := aims.WebhookPolicy{Hosts: []string{"hooks.example.org", "*.ci.example.com"}}
	for raw, ok := range map[string]bool{
		"https://hooks.example.org/x": true, "https://a.ci.example.com/x": true, "https://ci.example.com/x": false,
		"https://evil.example.org/x": false, "https://hooks.example.org.evil.test/": false,
	} {
		if err := p.CheckURL(raw); (err == nil) != ok {
			t.Errorf("CheckURL(%s) = %v, want ok %v", raw, err, ok)
		}
	}
	open := aims.WebhookPolicy{}
	for raw, ok := range map[string]bool{
		"https://127.0.0.1/": false, "http://[::1]:8080/": false, "http://10.1.2.3/": false, "http://192.168.1.1/": false,
		"http://169.254.169.254/latest/meta-data": false, "http://100.64.0.1/": false, "http://0.0.0.0/": false,
		"http://[::ffff:127.0.0.1]/": false, "https://93.184.215.14/": true, "https://hooks.example.org/": true,
		"http://[64:ff9b::a9fe:a9fe]/": false, "http://[64:ff9b::7f00:1]/": false, "http://[2002:a9fe:a9fe::1]/": false,
		"http://[::7f00:1]/": false, "http://198.18.0.1/": false, "http://192.0.0.8/": false, "http://240.0.0.1/": false,
		"http://[fec0::1]/": false, "http://[64:ff9b::5db8:d70e]/": true, "http://[2606:4700::1111]/": true,
	} {
		if err := open.CheckURL(raw); (err == nil) != ok {
			t.Errorf("open CheckURL(%s) = %v, want ok %v", raw, err, ok)
		}
	}
}
