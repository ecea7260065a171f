package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/testdb"
)

// legacyDatabase is a database as the first release left it: only the
// first migration, with one organization whose audit chain was written
// with the unkeyed SHA-256 of that release.
func legacyDatabase(t *testing.T, src string, broken bool) {
	t.Helper()
	s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ms, err := Migrations(s.dialect)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	err = s.tx(context.Background(), func(tx *sql.Tx) error {
		for _, q := range []string{`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`, ms[0].SQL} {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		tx.Exec(`INSERT INTO schema_migrations VALUES ($1, '2026-10-01T09:00:00Z')`, ms[0].Name)
		tx.Exec(`INSERT INTO organizations (id, name, created_at) VALUES (1, 'Old Co', $1)`, at)
		tx.Exec(`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (1, 'ann@old.test', 'Ann', 'x', $1)`, at)
		tx.Exec(`INSERT INTO memberships (org_id, user_id, role, active, version, created_at) VALUES (1, 1, 'admin', TRUE, 1, $1)`, at)
		tx.Exec(`INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at) VALUES ('h', 1, 1, $1, $1, $1)`, at)
		// Bob was invited and never set a password.
		tx.Exec(`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (2, 'bob@old.test', 'Bob', '', $1)`, at)
		tx.Exec(`INSERT INTO memberships (org_id, user_id, role, active, version, created_at) VALUES (1, 2, 'viewer', TRUE, 1, $1)`, at)
		tx.Exec(`INSERT INTO invitations (org_id, user_id, token_hash, created_at, expires_at) VALUES (1, 2, 'bob-link', $1, $2)`,
			at, at.AddDate(1, 0, 0))
		tx.Exec(`INSERT INTO ref_counters (org_id, kind, next) VALUES (1, 'ai-system', 4)`)
		tx.Exec(`INSERT INTO ai_systems (org_id, number, version, name, purpose, intended_use, foreseeable_misuse, owner_id,
			lifecycle, roles, autonomy, human_oversight, data_resources, models, tooling, compute, third_party, in_scope,
			review_interval_months, eu_ai_act, risk_class, search, archived, created_at, updated_at)
			VALUES (1, 4, 1, 'HR-Bot', 'Screens CVs', '', '', 1, 'inception', '', '', '', '', '', '', '', '', TRUE, 12, '',
			'unclassified', $2, FALSE, $1, $1)`, at, "ais-4\nhr-bot\nscreens cvs")
		prev := ""
		for i := int64(1); i <= 3; i++ {
			e := aims.AuditEvent{OrgID: 1, Seq: i, At: at.Add(time.Duration(i) * time.Minute), ActorID: 1, Actor: "ann@old.test",
				Register: "ai-systems", RecordID: "1", Action: aims.ActionUpdate, PrevHash: prev,
				Changes: []aims.Change{{Field: "name", New: json.RawMessage(`"v` + string(rune('0'+i)) + `"`)}}}
			e.Hash = aims.LegacyHash(e)
			actor := e.Actor
			if broken && i == 2 {
				actor = "mallory" // altered after it was written
			}
			if _, err := tx.Exec(`INSERT INTO audit_events (org_id, seq, at, actor_id, actor, register, record_id, action, changes, prev_hash, hash)
				VALUES (1, $1, $2, 1, $3, 'ai-systems', '1', 'update', $4, $5, $6)`,
				e.Seq, e.At, actor, string(aims.CanonicalChanges(e.Changes)), e.PrevHash, e.Hash); err != nil {
				return err
			}
			prev = e.Hash
		}
		_, err := tx.Exec(`INSERT INTO audit_heads (org_id, seq, hash) VALUES (1, 3, $1)`, prev)
		return err
	})
	if err != nil {
		t.Fatalf("legacy database: %v", err)
	}
}

// TestUpgradeSealsLegacyChains: upgrading a database from the first
// release checks its unkeyed chains, seals them with the key, and records
// the result in each chain; the data's links satisfy the new foreign keys,
// and the reference counter keeps counting.
func TestUpgradeSealsLegacyChains(t *testing.T) {
	sources := map[string]func() string{"sqlite": func() string { return testdb.SQLite(t, func(string) error { return nil }) }}
	if ok, _ := testdb.PostgresAvailable(); ok {
		sources["postgres"] = func() string { return testdb.EmptyPostgres(t) }
	} else {
		t.Run("postgres", func(t *testing.T) { testdb.Unavailable(t, "PostgreSQL") })
	}
	for name, source := range sources {
		for _, broken := range []bool{false, true} {
			t.Run(name, func(t *testing.T) {
				src := source()
				legacyDatabase(t, src, broken)
				s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey(), Now: func() time.Time {
					return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
				}})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				applied, err := s.Migrate(context.Background())
				if err != nil {
					t.Fatalf("Migrate: %v", err)
				}
				if len(applied) == 0 || applied[0] != keyedChains {
					t.Fatalf("applied %v", applied)
				}
				if n, err := s.VerifyAudit(context.Background()); err != nil || n.Events != 4 {
					t.Fatalf("after the upgrade: %d events, %v; want the 3 old ones and the seal, intact", n.Events, err)
				}
				page, _ := s.AuditEvents(context.Background(), 1, AuditFilter{ListParams: aims.ListParams{Limit: 1}})
				seal := page.Items[0]
				reason := string(seal.Changes[3].New)
				want := "3 events checked with the previous hash and found intact"
				if broken {
					want = "BROKEN at event 2 before resealing"
				}
				if seal.Action != "reseal-audit-chain" || !strings.Contains(reason, want) {
					t.Errorf("seal event %s %s, want it to say %q", seal.Action, reason, want)
				}
				// The old data lives on: the member has accepted, the next
				// AI system is AIS-5. Bob, who never set a password, is
				// pending, and only his own invitation may give him one.
				if m, err := s.Member(context.Background(), 1, 1); err != nil || m.Pending {
					t.Errorf("old member = %+v, %v; want accepted", m, err)
				}
				if m, err := s.Member(context.Background(), 1, 2); err != nil || !m.Pending {
					t.Errorf("old member without a password = %+v, %v; want pending", m, err)
				}
				if inv, err := s.Invitation(context.Background(), "bob-link"); err != nil || !inv.SetsPassword {
					t.Errorf("bob's link = %+v, %v; want one that sets his password", inv, err)
				}
				// Its search text was rewritten: "hr" finds it as a word.
				found, err := s.AISystems(context.Background(), 1, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 5, Q: "hr"}})
				if err != nil || found.Total != 1 {
					t.Errorf("search of an upgraded system = %+v, %v", found, err)
				}
				a, err := s.CreateAISystem(context.Background(), aims.Principal{OrgID: 1, UserID: 1, Email: "ann@old.test"}, aims.AISystem{Name: "New", Purpose: "p"})
				if err != nil || a.Ref != "AIS-5" {
					t.Errorf("next system = %q, %v; want AIS-5", a.Ref, err)
				}
			})
		}
	}
}
