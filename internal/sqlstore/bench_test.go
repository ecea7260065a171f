package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/testdb"
)

// benchStores opens a fresh, migrated store per available engine.
func benchStores(b *testing.B) map[string]*Store {
	out := map[string]*Store{}
	sources := map[string]string{"sqlite": testdb.SQLite(b, migrateSource)}
	if ok, _ := testdb.PostgresAvailable(); ok {
		sources["postgres"] = testdb.Postgres(b, migrateSource)
	}
	for name, src := range sources {
		s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey()})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		out[name] = s
	}
	return out
}

func benchOrg(b *testing.B, s *Store) aims.Principal {
	org, err := s.CreateOrganization(context.Background(), fmt.Sprintf("bench %d", time.Now().UnixNano()), "bench")
	if err != nil {
		b.Fatal(err)
	}
	return System(org.ID, "bench")
}

// BenchmarkAuditRecord is the cost an audit event adds to a write: the
// chain head's move, the hash and the insert, in a transaction that does
// nothing else, minus an empty transaction's own cost (BenchmarkEmptyTx).
func BenchmarkAuditRecord(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		changes := []aims.Change{{Field: "name", Old: []byte(`"a"`), New: []byte(`"b"`)}, {Field: "purpose", Old: []byte(`"x"`), New: []byte(`"y"`)}}
		ctx := context.Background()
		b.Run(name+"/record", func(b *testing.B) {
			for b.Loop() {
				if err := s.tx(ctx, func(tx *sql.Tx) error { return s.record(ctx, tx, p, "bench", "1", aims.ActionUpdate, changes) }); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/empty-tx", func(b *testing.B) {
			for b.Loop() {
				if err := s.tx(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateAISystem is a whole write: validation, numbering, insert
// and its audit event, committed.
func BenchmarkCreateAISystem(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		b.Run(name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if _, err := s.CreateAISystem(context.Background(), p, aims.AISystem{Name: fmt.Sprintf("S%d", i), Purpose: "p"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGapEntries reads a fully assessed gap analysis (70 entries, two
// links each): the store half of the gap overview.
func BenchmarkGapEntries(b *testing.B) {
	ids := []string{"4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "6.3",
		"7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2.1", "9.2.2",
		"9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"}
	for i := 0; i < 38; i++ {
		ids = append(ids, fmt.Sprintf("A.x.%d", i))
	}
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		a, err := s.CreateAISystem(context.Background(), p, aims.AISystem{Name: "S", Purpose: "p"})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range ids {
			e := aims.GapEntry{RequirementID: id, Status: aims.GapPartial, Notes: "n",
				Links: []aims.GapLink{{AISystemID: a.ID}, {URL: "https://example.org/" + id}}}
			if _, err := s.UpdateGapEntry(context.Background(), p, e); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m, err := s.GapEntries(context.Background(), p.OrgID)
				if err != nil || len(m) != 70 {
					b.Fatal(len(m), err)
				}
			}
		})
	}
}

// BenchmarkAISystemList pages and searches an inventory of 10,000 systems
// named as the load tool names them ("System 04217 scoring"): the first
// page, a deep page, and searches of long terms, short terms and both.
// The budget: the "system 00" search at least a third of a first
// page's throughput, the deep page at least half.
func BenchmarkAISystemList(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		for i := range 10000 {
			a := aims.AISystem{Name: fmt.Sprintf("System %05d %s", i, []string{"scoring", "assistant", "forecast", "vision", "triage"}[i%5]),
				Purpose:   fmt.Sprintf("Load-test system number %d, which does something useful with data set %d.", i, i%97),
				Lifecycle: aims.Lifecycles[i%len(aims.Lifecycles)], Data: "Customer records", Models: "Gradient-boosted trees"}
			if _, err := s.CreateAISystem(ctx, p, a); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE ai_systems`)
		}
		for _, c := range []struct {
			label string
			f     aims.AISystemFilter
		}{
			{"first page", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"q=system 00", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "system 00"}}},
			{"q=00", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "00"}}},
			{"q=scoring", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "scoring"}}},
			{"q=04217", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
			{"q=system 04217", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "system 04217"}}},
			{"q=data set 7", aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Q: "data set 7"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.AISystems(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
