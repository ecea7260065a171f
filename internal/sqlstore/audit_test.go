package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"aims/internal/aims"
)

func TestAuditChainDetectsTampering(t *testing.T) {
	cases := map[string]struct {
		sql  string
		want string
	}{
		"altered":   {`UPDATE audit_events SET actor = 'mallory' WHERE seq = 3`, "audit event 3: its content does not match its hash"},
		"removed":   {`DELETE FROM audit_events WHERE seq = 4`, "audit event 5: sequence 5 follows 3"},
		"truncated": {`DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)`, "events were removed"},
		"reordered": {`UPDATE audit_events SET seq = CASE seq WHEN 3 THEN 4 ELSE 3 END WHERE seq IN (3, 4)`, "audit event 3: its previous-hash does not match"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, s *Store, c *clock) {
				ctx := context.Background()
				f := newFixture(t, s, "acme")
				if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "A", Purpose: "p"}); err != nil {
					t.Fatal(err)
				}
				n, err := s.VerifyAudit(ctx)
				if err != nil || n < 6 {
					t.Fatalf("intact chain: %d events, %v", n, err)
				}
				tamper := tc.sql
				if name == "reordered" {
					// Swapping two rows' seq needs the unique index out of the way for a moment.
					if _, err := s.w.Exec(`DROP INDEX IF EXISTS audit_events_record`); err != nil {
						t.Fatal(err)
					}
					tamper = strings.Replace(tamper, "WHERE seq IN (3, 4)", "WHERE seq IN (3, 4) AND org_id = "+fmt.Sprint(f.org.ID), 1)
					if s.dialect == Postgres {
						s.w.Exec(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_org_id_seq_key`)
					} else {
						// SQLite cannot drop a table constraint: move the rows through a free number.
						tamper = ""
						for _, q := range []string{`UPDATE audit_events SET seq = 1000 WHERE seq = 3`, `UPDATE audit_events SET seq = 3 WHERE seq = 4`, `UPDATE audit_events SET seq = 4 WHERE seq = 1000`} {
							if _, err := s.w.Exec(q); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
				if tamper != "" {
					if _, err := s.w.Exec(tamper); err != nil {
						t.Fatal(err)
					}
				}
				_, err = s.VerifyAudit(ctx)
				if err == nil || !IsChainProblem(err) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("Verify after %s = %v, want a chain problem containing %q", name, err, tc.want)
				}
			})
		})
	}
}

// TestConcurrentWritesKeepOneChain writes from many goroutines at once; the
// chain head row must serialize them into one unbroken chain.
func TestConcurrentWritesKeepOneChain(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		g := newFixture(t, s, "globex")
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 20; i++ {
			for _, p := range []aims.Principal{f.admin, g.admin} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: fmt.Sprintf("S%d", i), Purpose: "p"})
					errs <- err
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent create: %v", err)
			}
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("chain after concurrent writes: %v", err)
		}
		p, _ := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 100}})
		refs := map[string]bool{}
		for _, a := range p.Items {
			refs[a.Ref] = true
		}
		if len(refs) != 20 {
			t.Errorf("distinct references = %d, want 20", len(refs))
		}
	})
}

func TestAuditEventsFilter(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		a, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "A", Purpose: "p"})
		s.ArchiveAISystem(ctx, f.admin, a.ID, 0)
		got, err := s.AuditEvents(ctx, f.org.ID, AuditFilter{ListParams: aims.ListParams{Limit: 10}, Register: "ai-systems"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != 2 || got.Items[0].Action != aims.ActionArchive {
			t.Errorf("ai-systems events = %d, first %q; want 2, archive first", got.Total, got.Items[0].Action)
		}
		got, _ = s.AuditEvents(ctx, f.org.ID, AuditFilter{ListParams: aims.ListParams{Limit: 10}, Action: aims.ActionArchive, ActorID: f.admin.UserID})
		if got.Total != 1 {
			t.Errorf("archive by admin = %d events, want 1", got.Total)
		}
		today := aims.DateOf(c.t)
		got, _ = s.AuditEvents(ctx, f.org.ID, AuditFilter{ListParams: aims.ListParams{Limit: 10}, From: today.AddMonths(1)})
		if got.Total != 0 {
			t.Errorf("events from next month = %d", got.Total)
		}
		got, _ = s.AuditEvents(ctx, f.org.ID, AuditFilter{ListParams: aims.ListParams{Limit: 10}, From: today, To: today})
		if got.Total == 0 {
			t.Errorf("no events today")
		}
		if _, err := s.AISystem(ctx, f.org.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if errors.Is(err, aims.ErrNotFound) {
			t.Fatal("unreachable")
		}
	})
}
