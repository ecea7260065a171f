package notify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/mail"
	"aims/internal/mail/mailtest"
	"aims/internal/sqlstore"
	"aims/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func migrate(src string) error {
	s, err := sqlstore.Open(context.Background(), src, sqlstore.Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Migrate(context.Background())
	return err
}

var day = time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)

// server is one aims replica: its own store (connection pool) and its own
// scheduler, on the database the test shares between replicas.
func server(t *testing.T, source string, smtp *mailtest.Server) *Scheduler {
	t.Helper()
	now := func() time.Time { return day }
	st, err := sqlstore.Open(context.Background(), source, sqlstore.Options{AuditKey: testdb.AuditKey(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sender, err := mail.NewSender(mail.Config{Addr: smtp.Addr, From: "aims <aims@brightwater.example>", Security: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return &Scheduler{Store: st, Mail: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now,
		BaseURL: "https://aims.brightwater.example", DigestHour: 6,
		Link: func(reg, id string) string { return "/" + reg + "/" + id }}
}

// people makes an organization whose n owners each own one overdue AI
// system review, and a member who owns nothing.
func people(t *testing.T, s *sqlstore.Store, org string, n int) {
	t.Helper()
	ctx := context.Background()
	o, err := s.CreateOrganization(ctx, org, "test")
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: "admin@" + org + ".test", Name: "Admin", Role: aims.RoleAdmin}, "hash", false, "test")
	if err != nil {
		t.Fatal(err)
	}
	p := aims.Principal{OrgID: o.ID, UserID: admin.Member.UserID, Email: "admin@" + org + ".test", Role: aims.RoleAdmin}
	for i := range n {
		m, err := s.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: fmt.Sprintf("owner%d@%s.test", i, org), Name: fmt.Sprintf("Owner %d", i), Role: aims.RoleContributor}, "hash", false, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: fmt.Sprintf("System %d", i), Purpose: "p", OwnerID: m.Member.UserID,
			ReviewIntervalMonths: 1, LastReviewed: aims.DateOf(day).AddMonths(-2)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDigestOncePerPersonAcrossReplicas: two replicas on one database tick
// at the same moments; every owner gets exactly one digest, and ticking
// again the same day sends nothing more.
func TestDigestOncePerPersonAcrossReplicas(t *testing.T) {
	for _, e := range testdb.Engines(t, migrate) {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			a, b := server(t, e.Source, smtp), server(t, e.Source, smtp)
			people(t, a.Store, "acme", 12)
			ctx := context.Background()
			for range 3 {
				var wg sync.WaitGroup
				for _, s := range []*Scheduler{a, b} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if err := s.Tick(ctx); err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			got := smtp.Wait(t, 12)
			time.Sleep(100 * time.Millisecond) // anything extra would be in flight by now
			got = smtp.Messages()
			seen := map[string]int{}
			for _, m := range got {
				seen[m.To]++
			}
			if len(got) != 12 || len(seen) != 12 {
				t.Fatalf("%d messages to %d people, want 12 to 12: %v", len(got), len(seen), seen)
			}
			m := got[0]
			if m.Subject != "aims: 1 overdue, 0 due soon" || !strings.Contains(m.Body, "Periodic review: AIS-") ||
				!strings.Contains(m.Body, "https://aims.brightwater.example/ai-systems/") || !strings.Contains(m.Body, "acme") {
				t.Errorf("digest:\n%s\n%s", m.Subject, m.Body)
			}
		})
	}
}

// TestMailRetriesThenGivesUp: a refused message is tried again after the
// backoff, delivered once the server takes it, and a delivered message
// keeps no body.
func TestMailRetries(t *testing.T) {
	for _, e := range testdb.Engines(t, migrate) {
		t.Run(e.Name, func(t *testing.T) {
			smtp := mailtest.Start(t)
			s := server(t, e.Source, smtp)
			ctx := context.Background()
			if err := s.Store.QueueMail(ctx, "zoe@x.test", "Your link", "https://aims.example/reset/SECRET"); err != nil {
				t.Fatal(err)
			}
			smtp.SetReject(true)
			if err := s.DeliverMail(ctx); err != nil {
				t.Fatal(err)
			}
			smtp.SetReject(false)
			if err := s.DeliverMail(ctx); err != nil { // not due again for a minute
				t.Fatal(err)
			}
			if n := len(smtp.Messages()); n != 0 {
				t.Fatalf("retried before the backoff: %d messages", n)
			}
			day = day.Add(2 * time.Minute)
			defer func() { day = day.Add(-2 * time.Minute) }()
			if err := s.DeliverMail(ctx); err != nil {
				t.Fatal(err)
			}
			if got := smtp.Wait(t, 1); got[0].To != "zoe@x.test" {
				t.Errorf("delivered %+v", got)
			}
			again, err := s.Store.ClaimMail(ctx, 10, time.Minute)
			if err != nil || len(again) != 0 {
				t.Errorf("after delivery the outbox still offers %v, %v", again, err)
			}
			if n := countBodies(t, s.Store); n != 0 {
				t.Errorf("%d delivered messages kept their body", n)
			}
		})
	}
}

func countBodies(t *testing.T, s *sqlstore.Store) int {
	m, err := s.MailStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.Sent != 1 || m.Waiting != 0 {
		t.Errorf("outbox %+v, want one sent", m)
	}
	return m.WithBody
}

// BenchmarkDigests measures the day's digests of 1,000 people, each owning
// an overdue AI system review: reading them (one query) and writing each
// message's text, without queueing.
func BenchmarkDigests(b *testing.B) {
	src := testdb.SQLite(b, migrate)
	smtp := mailtest.Start(b)
	s := server(&testing.T{}, src, smtp)
	ctx := context.Background()
	o, _ := s.Store.CreateOrganization(ctx, "bench", "test")
	admin, _ := s.Store.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: "admin@bench.test", Name: "Admin", Role: aims.RoleAdmin}, "hash", false, "test")
	p := aims.Principal{OrgID: o.ID, UserID: admin.Member.UserID, Role: aims.RoleAdmin}
	for i := range 1000 {
		m, err := s.Store.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: fmt.Sprintf("o%d@bench.test", i), Name: fmt.Sprintf("Owner %d", i), Role: aims.RoleContributor}, "hash", false, "test")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Store.CreateAISystem(ctx, p, aims.AISystem{Name: fmt.Sprintf("S%d", i), Purpose: "p", OwnerID: m.Member.UserID,
			ReviewIntervalMonths: 1, LastReviewed: aims.DateOf(day).AddMonths(-2)}); err != nil {
			b.Fatal(err)
		}
	}
	next := 0                           // a new day each round: a day's digests are claimed once
	b.Run("queue", func(b *testing.B) { // claims and queues each person's message, a transaction each
		for range b.N {
			next++
			if n, err := s.QueueDigests(ctx, aims.DateOf(day).AddDays(next)); err != nil || n != 1000 {
				b.Fatalf("queued %d, %v", n, err)
			}
		}
	})
	b.Run("compute", func(b *testing.B) {
		for range b.N {
			ds, err := s.Store.Digests(ctx, aims.DateOf(day))
			if err != nil || len(ds) != 1000 {
				b.Fatalf("%d digests, %v", len(ds), err)
			}
			for _, d := range ds {
				s.digestText(d, aims.DateOf(day))
			}
		}
	})
}
