package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/testdb"
)

// schema is the shape both engines must agree on.
type schema struct {
	Columns     map[string][]string // table -> columns in order
	Indexes     []string            // "table.index" of explicitly created indexes
	ForeignKeys []string            // "table (cols) -> parent (cols)", sorted
}

func sqliteSchema(t *testing.T, db *sql.DB) schema {
	sc := schema{Columns: map[string][]string{}}
	rows, err := db.Query(`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, col string
		rows.Scan(&tbl, &col)
		sc.Columns[tbl] = append(sc.Columns[tbl], col)
	}
	irows, err := db.Query(`SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1`)
	// The search index is the one structure that differs by design: an
	// FTS5 table (and its shadow tables) here, a pg_trgm index there.
	for tbl := range sc.Columns {
		if strings.Contains(tbl, "_fts") {
			delete(sc.Columns, tbl)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer irows.Close()
	for irows.Next() {
		var n string
		irows.Scan(&n)
		sc.Indexes = append(sc.Indexes, n)
	}
	// Foreign keys, one line per constraint with its columns in order.
	frows, err := db.Query(`SELECT m.name, f.id, f."table", f."from", COALESCE(f."to", '') FROM sqlite_master m
		JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer frows.Close()
	type fk struct{ table, parent, from, to string }
	keys := map[string]*fk{}
	var order []string
	for frows.Next() {
		var tbl, parent, from, to string
		var id int
		frows.Scan(&tbl, &id, &parent, &from, &to)
		k := fmt.Sprintf("%s/%d", tbl, id)
		if keys[k] == nil {
			keys[k] = &fk{table: tbl, parent: parent}
			order = append(order, k)
		}
		keys[k].from += sep(keys[k].from) + from
		keys[k].to += sep(keys[k].to) + to
	}
	for _, k := range order {
		f := keys[k]
		if f.to == "" || strings.Trim(f.to, ", ") == "" {
			f.to = "id" // SQLite leaves the parent's primary key implicit
		}
		sc.ForeignKeys = append(sc.ForeignKeys, fmt.Sprintf("%s (%s) -> %s (%s)", f.table, f.from, f.parent, f.to))
	}
	sort.Strings(sc.ForeignKeys)
	return sc
}

func sep(s string) string {
	if s == "" {
		return ""
	}
	return ", "
}

func postgresSchema(t *testing.T, db *sql.DB) schema {
	sc := schema{Columns: map[string][]string{}}
	rows, err := db.Query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, col string
		rows.Scan(&tbl, &col)
		sc.Columns[tbl] = append(sc.Columns[tbl], col)
	}
	irows, err := db.Query(`SELECT i.tablename || '.' || i.indexname FROM pg_indexes i
		WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
		AND i.indexname NOT LIKE '%\_search' AND i.indexname NOT LIKE '%\_prefix'
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer irows.Close()
	for irows.Next() {
		var n string
		irows.Scan(&n)
		sc.Indexes = append(sc.Indexes, n)
	}
	frows, err := db.Query(`SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
		(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
		(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
		FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`)
	if err != nil {
		t.Fatal(err)
	}
	defer frows.Close()
	for frows.Next() {
		var tbl, parent, from, to string
		frows.Scan(&tbl, &parent, &from, &to)
		sc.ForeignKeys = append(sc.ForeignKeys, fmt.Sprintf("%s (%s) -> %s (%s)", tbl, from, parent, to))
	}
	sort.Strings(sc.ForeignKeys)
	return sc
}

// TestMigrationParity migrates both engines and compares their tables,
// columns and indexes, so the two DDL files cannot drift apart.
func TestMigrationParity(t *testing.T) {
	if ok, why := testdb.PostgresAvailable(); !ok {
		testdb.Unavailable(t, "the parity test needs PostgreSQL: "+why)
	}
	lite := testdb.SQLite(t, migrateSource)
	pg := testdb.Postgres(t, migrateSource)
	ls, err := Open(context.Background(), lite, Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer ls.Close()
	ps, err := Open(context.Background(), pg, Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	a, b := sqliteSchema(t, ls.r), postgresSchema(t, ps.r)
	if len(a.Columns) < 10 || len(a.ForeignKeys) < 20 {
		t.Fatalf("sqlite schema has only %d tables and %d foreign keys: %v", len(a.Columns), len(a.ForeignKeys), a.ForeignKeys)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("schemas differ (-sqlite +postgres):\n%s", diff)
	}
}

func TestMigrationFileNamesMatch(t *testing.T) {
	a, err := Migrations(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Migrations(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []Migration) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.Name)
		}
		return strings.Join(s, ",")
	}
	if names(a) != names(b) || len(a) == 0 {
		t.Errorf("migration files differ: sqlite %q, postgres %q", names(a), names(b))
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		applied, err := s.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second Migrate applied %v, want nothing", applied)
		}
	})
}
