package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"aims/internal/aims"
	"aims/internal/testdb"
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
				if err != nil || n.Events < 6 {
					t.Fatalf("intact chain: %d events, %v", n.Events, err)
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

// TestConcurrentWritesKeepOneChain creates records from many goroutines at
// once: each gets its own reference and the chain stays whole.
// (Creations also queue on the reference counter, so this alone cannot
// catch a racy chain append: TestConcurrentUpdatesKeepOneChain does.)
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
		s.SetAISystemArchived(ctx, f.admin, a.ID, 0, true)
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

// tamperEnv is an organization with a few events, for tampering with.
func tamperEnv(t *testing.T, s *Store) fixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, s, "acme")
	for i := range 3 {
		if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: fmt.Sprint("A", i), Purpose: "p"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	return f
}

// rechain rewrites every event's hashes from seq on with hash, as someone
// with write access to the database but without the key would, to cover
// an edit.
func rechain(t *testing.T, s *Store, orgID, from int64, hash func(aims.AuditEvent) string) {
	t.Helper()
	events, err := s.chainOf(context.Background(), s.r, orgID)
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, e := range events {
		if e.Seq >= from {
			e.PrevHash = prev
			e.Hash = hash(e)
			if _, err := s.w.Exec(`UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE org_id = $3 AND seq = $4`, e.PrevHash, e.Hash, orgID, e.Seq); err != nil {
				t.Fatal(err)
			}
		}
		prev = e.Hash
	}
	if _, err := s.w.Exec(`UPDATE audit_heads SET hash = $1 WHERE org_id = $2`, prev, orgID); err != nil {
		t.Fatal(err)
	}
}

// TestKeyedChainResistsRecomputation: editing an event and recomputing
// every later hash, head included, is caught, because the hashes are keyed
// and the key is not in the database.
func TestKeyedChainResistsRecomputation(t *testing.T) {
	other, _ := aims.ParseAuditKey(strings.Repeat("42", 32))
	for name, hash := range map[string]func(aims.AuditEvent) string{
		"unkeyed SHA-256": aims.LegacyHash,
		"another key":     other.Hash,
	} {
		t.Run(name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, s *Store, c *clock) {
				f := tamperEnv(t, s)
				if _, err := s.w.Exec(`UPDATE audit_events SET actor = 'mallory' WHERE org_id = $1 AND seq = 3`, f.org.ID); err != nil {
					t.Fatal(err)
				}
				rechain(t, s, f.org.ID, 3, hash)
				_, err := s.VerifyAudit(context.Background())
				if err == nil || !strings.Contains(err.Error(), "audit event 3: its content does not match its hash") {
					t.Errorf("Verify after an edit with every hash recomputed = %v, want event 3 altered", err)
				}
			})
		})
	}
}

// TestCheckpointCatchesTruncation: deleting the last events and rolling the
// head back leaves a chain that is consistent in itself, which no check
// inside the database can tell from the real one; a checkpoint kept
// outside it can. It also catches an edit with the hashes recomputed with
// the right key (an insider who holds it).
func TestCheckpointCatchesTruncation(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := tamperEnv(t, s)
		cp, err := s.Checkpoint(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.key.Verify(cp); err != nil || cp.Seq < 5 || cp.OrgName != "acme" {
			t.Fatalf("checkpoint %+v: %v", cp, err)
		}
		if _, err := s.VerifyAudit(ctx, cp); err != nil {
			t.Fatalf("intact chain with its checkpoint: %v", err)
		}
		// More writes after the checkpoint are fine.
		if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Later", Purpose: "p"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyAudit(ctx, cp); err != nil {
			t.Fatalf("chain grown past its checkpoint: %v", err)
		}
		// Cut the trail back to before the checkpoint and roll the head back.
		var seq int64
		var hash string
		s.r.QueryRow(`SELECT seq, hash FROM audit_events WHERE org_id = $1 AND seq = $2`, f.org.ID, cp.Seq-2).Scan(&seq, &hash)
		s.w.Exec(`DELETE FROM audit_events WHERE org_id = $1 AND seq > $2`, f.org.ID, seq)
		s.w.Exec(`UPDATE audit_heads SET seq = $1, hash = $2 WHERE org_id = $3`, seq, hash, f.org.ID)
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Fatalf("truncated chain without a checkpoint: %v (it should look consistent)", err)
		}
		_, err = s.VerifyAudit(ctx, cp)
		if err == nil || !strings.Contains(err.Error(), "events were removed and the head rolled back") {
			t.Errorf("truncated chain with the checkpoint = %v, want events removed", err)
		}
	})
}

func TestCheckpointCatchesRewriteWithTheKey(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := tamperEnv(t, s)
		cp, _ := s.Checkpoint(ctx, f.org.ID)
		s.w.Exec(`UPDATE audit_events SET actor = 'mallory' WHERE org_id = $1 AND seq = 2`, f.org.ID)
		rechain(t, s, f.org.ID, 2, s.key.Hash)
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Fatalf("rewritten with the key, without a checkpoint: %v (it should look consistent)", err)
		}
		_, err := s.VerifyAudit(ctx, cp)
		if err == nil || !strings.Contains(err.Error(), "differs from the checkpoint") {
			t.Errorf("rewritten with the key, with the checkpoint = %v", err)
		}
		// A forged checkpoint (its hash edited to match) fails its signature.
		forged := cp
		events, _ := s.chainOf(ctx, s.r, f.org.ID)
		forged.Hash = events[len(events)-1].Hash
		if _, err := s.VerifyAudit(ctx, forged); err == nil || !strings.Contains(err.Error(), "signature") {
			t.Errorf("forged checkpoint = %v, want a signature problem", err)
		}
	})
}

// TestVerifyWithAnotherKey: a store opened with a key other than the one
// the chains are sealed with says so, rather than calling every event
// altered; and Migrate refuses to write with it.
func TestVerifyWithAnotherKey(t *testing.T) {
	for _, e := range testdb.Engines(t, migrateSource) {
		t.Run(e.Name, func(t *testing.T) { verifyWithAnotherKey(t, e.Source) })
	}
}

func verifyWithAnotherKey(t *testing.T, src string) {
	s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	{
		tamperEnv(t, s)
		other, _ := aims.ParseAuditKey(strings.Repeat("42", 32))
		o, err := Open(context.Background(), src, Options{AuditKey: other})
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		var km *KeyMismatch
		if _, err := o.VerifyAudit(context.Background()); !errors.As(err, &km) || IsChainProblem(err) || km.Sealed != s.key.ID() {
			t.Errorf("Verify with another key = %v", err)
		}
		if _, err := o.Migrate(context.Background()); err == nil || !strings.Contains(err.Error(), "sealed with key") {
			t.Errorf("Migrate with another key = %v, want a refusal", err)
		}
	}
}

// TestVerifyWhileWriting: verifying while the server writes must never
// report a broken chain: the heads and the events are read in one
// snapshot. (Reading the head first and the events after saw events
// beyond the head and called them removed.)
func TestVerifyWhileWriting(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := tamperEnv(t, s)
		a, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Busy", Purpose: "p"})
		stop := make(chan struct{})
		done := make(chan error)
		go func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				a.Purpose = fmt.Sprint("purpose ", i)
				var err error
				if a, err = s.UpdateAISystem(ctx, f.admin, a); err != nil {
					done <- err
					return
				}
			}
		}()
		for i := range 60 {
			if _, err := s.VerifyAudit(ctx); err != nil {
				t.Errorf("verify %d while writing: %v", i, err)
				break
			}
		}
		close(stop)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
