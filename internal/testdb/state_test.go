package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

// stateSchema is a small stand-in for the real schema: organizations,
// users, memberships, a register with org_id (with a volatile column), a
// users column that reads touch, and a table that belongs to no one.
var stateSchema = []string{
	`CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMP NOT NULL)`,
	`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, last_seen_at TIMESTAMP)`,
	`CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT NOT NULL, PRIMARY KEY (org_id, user_id))`,
	`CREATE TABLE systems (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, name TEXT NOT NULL, notes TEXT, review DATE, data BLOB, last_used_at TIMESTAMP)`,
	`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	// Org 1 was created at 03:04:05 UTC, written in another zone.
	`INSERT INTO organizations VALUES (1, 'Acme', '2026-01-02 05:04:05+02:00'), (2, 'Other', '2026-01-02 03:04:05')`,
	`INSERT INTO users VALUES (1, 'ann@acme.test', 'Ann', NULL), (2, 'bob@other.test', 'Bob', NULL),
		(3, 'cy@both.test', 'Cy', '2026-01-02 03:04:05'), (4, 'dee@none.test', 'Dee', NULL)`,
	`INSERT INTO memberships VALUES (1, 1, 'admin'), (1, 3, 'viewer'), (2, 2, 'admin'), (2, 3, 'admin')`,
	// The first note holds a newline and text that looks like another row:
	// quoting must keep it on its own line.
	`INSERT INTO systems VALUES
		(1, 1, 'Chatbot', 'line one
systems: id=3 name="Secret"', '2026-06-30', NULL, '2026-01-02 03:04:05'),
		(2, 1, 'Scorer', NULL, NULL, NULL, NULL),
		(3, 2, 'Secret', 'org two', '2026-06-30', NULL, NULL),
		(10, 1, 'Tenth', '', NULL, NULL, NULL)`,
	`INSERT INTO settings VALUES ('mode', 'x')`,
}

// sqliteOnly adds a full-text index as the real schema has: a virtual
// table (with an org_id column, so it would show if not skipped) and its
// shadow tables.
var sqliteOnly = []string{
	`PRAGMA journal_mode=WAL`,
	`CREATE VIRTUAL TABLE systems_fts USING fts5(org_id, name)`,
	`INSERT INTO systems_fts (org_id, name) VALUES (1, 'Chatbot'), (2, 'Secret')`,
	`ANALYZE`, // creates the internal table sqlite_stat1
}

func prepareState(source string) error {
	var stmts []string
	if isPostgres(source) {
		// PostgreSQL spells the types as the real schema does.
		r := strings.NewReplacer("TIMESTAMP", "TIMESTAMPTZ", "BLOB", "BYTEA")
		for _, s := range stateSchema {
			stmts = append(stmts, r.Replace(s))
		}
	} else {
		stmts = append(append([]string{}, sqliteOnly[:1]...), append(stateSchema, sqliteOnly[1:]...)...)
	}
	db, err := openForTest(source)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

func openForTest(source string) (*sql.DB, error) {
	if isPostgres(source) {
		return sql.Open("pgx", source)
	}
	return sql.Open("sqlite", strings.TrimPrefix(source, "sqlite:"))
}

// execState runs one statement; a ? in it is the one argument.
func execState(t *testing.T, source, q string, args ...any) {
	t.Helper()
	db, err := openForTest(source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if isPostgres(source) {
		q = strings.Replace(q, "?", "$1", 1)
	}
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// wantOrg1 is org 1's state as both engines must render it.
const wantOrg1 = `memberships: org_id=1 role="admin" user_id=1
memberships: org_id=1 role="viewer" user_id=3
organizations: created_at=2026-01-02T03:04:05Z id=1 name="Acme"
systems: data=NULL id=1 name="Chatbot" notes="line one\nsystems: id=3 name=\"Secret\"" org_id=1 review=2026-06-30T00:00:00Z
systems: data=NULL id=10 name="Tenth" notes="" org_id=1 review=NULL
systems: data=NULL id=2 name="Scorer" notes=NULL org_id=1 review=NULL
users: email="ann@acme.test" id=1 name="Ann"
users: email="cy@both.test" id=3 name="Cy"
`

func TestOrgState(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		src := SQLite(t, prepareState)
		testOrgState(t, "sqlite", src)
		checkTables(t, src, "memberships organizations risks settings systems users")
		if a, b := OrgState(t, src, 1), OrgState(t, "sqlite:"+src, 1); a != b {
			t.Errorf("a sqlite: source gives another dump:\n%s\nthan the path:\n%s", b, a)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		if ok, why := PostgresAvailable(); !ok {
			Unavailable(t, "PostgreSQL: "+why)
		}
		src := Postgres(t, prepareState)
		testOrgState(t, "postgres", src)
		checkTables(t, src, "memberships organizations risks settings systems users")
	})
}

func testOrgState(t *testing.T, engine, src string) {
	if got := OrgState(t, src, 1); got != wantOrg1 {
		t.Fatalf("org 1 dump:\n%s\nwant:\n%s", got, wantOrg1)
	}
	got2 := OrgState(t, src, 2)
	for _, want := range []string{`organizations: created_at=2026-01-02T03:04:05Z id=2 name="Other"`,
		`systems: data=NULL id=3 name="Secret"`, `users: email="bob@other.test"`, `users: email="cy@both.test"`} {
		if !strings.Contains(got2, want) {
			t.Errorf("org 2 dump lacks %q:\n%s", want, got2)
		}
	}
	for _, bad := range []string{"Acme", "Chatbot", "ann@", "dee@", "settings", "fts"} {
		if strings.Contains(got2, bad) {
			t.Errorf("org 2 dump has %q:\n%s", bad, got2)
		}
	}

	// A write another connection has not committed is not state yet, and
	// an open writer does not block the dump.
	db, err := openForTest(src)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE systems SET name = 'Uncommitted' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if got := OrgState(t, src, 1); got != wantOrg1 {
		t.Errorf("dump shows an uncommitted write:\n%s", got)
	}
	tx.Rollback()
	db.Close()

	steps := []struct {
		sql     string
		args    []any
		changes bool
		only    string // engine, if only one has what the step touches
	}{
		// Other organizations, no one's, and volatile columns: no change.
		{sql: `UPDATE systems SET name = 'Changed' WHERE id = 3`},
		{sql: `UPDATE organizations SET name = 'Other2' WHERE id = 2`},
		{sql: `UPDATE users SET name = 'Bobby' WHERE id = 2`},
		{sql: `UPDATE users SET name = 'Dee2' WHERE id = 4`},
		{sql: `INSERT INTO memberships VALUES (2, 4, 'viewer')`},
		{sql: `UPDATE memberships SET role = 'viewer' WHERE org_id = 2 AND user_id = 3`},
		{sql: `UPDATE settings SET value = 'y'`},
		{sql: `UPDATE users SET last_seen_at = '2026-03-01 00:00:00' WHERE id = 1`},
		{sql: `UPDATE users SET last_seen_at = NULL WHERE id = 3`},
		{sql: `UPDATE systems SET last_used_at = '2026-03-01 00:00:00' WHERE id = 1`},
		{sql: `INSERT INTO systems_fts (org_id, name) VALUES (1, 'Index only')`, only: "sqlite"},
		// Rewriting a row unchanged can move it (PostgreSQL writes a new
		// tuple at the end); the dump must not depend on where rows lie.
		{sql: `UPDATE systems SET name = name WHERE org_id = 1 AND id < 5`},
		{sql: `UPDATE memberships SET role = role WHERE org_id = 1 AND user_id = 1`},
		// Organization 1's state: a change.
		{sql: `UPDATE systems SET name = 'Changed' WHERE id = 1`, changes: true},
		{sql: `UPDATE systems SET notes = NULL WHERE id = 1`, changes: true},
		{sql: `UPDATE systems SET notes = 'NULL' WHERE id = 1`, changes: true},
		{sql: `UPDATE systems SET review = '2027-01-01' WHERE id = 1`, changes: true},
		{sql: `UPDATE systems SET data = ? WHERE id = 10`, args: []any{[]byte("hi\nthere")}, changes: true},
		{sql: `UPDATE systems SET notes = NULL WHERE id = 10`, changes: true},
		{sql: `UPDATE organizations SET name = 'Acme2' WHERE id = 1`, changes: true},
		{sql: `UPDATE users SET name = 'Ann2' WHERE id = 1`, changes: true},
		{sql: `UPDATE users SET email = 'cy@x.test' WHERE id = 3`, changes: true},
		{sql: `UPDATE memberships SET role = 'editor' WHERE org_id = 1 AND user_id = 3`, changes: true},
		{sql: `INSERT INTO memberships VALUES (1, 4, 'viewer')`, changes: true},
		{sql: `INSERT INTO systems VALUES (4, 1, 'New', NULL, NULL, NULL, NULL)`, changes: true},
		{sql: `DELETE FROM systems WHERE id = 2`, changes: true},
		// The schema grows: new columns and tables are covered unasked.
		{sql: `ALTER TABLE systems ADD COLUMN extra TEXT`, changes: true},
		{sql: `CREATE TABLE risks (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, title TEXT NOT NULL)`},
		{sql: `INSERT INTO risks VALUES (1, 2, 'Theirs')`},
		{sql: `INSERT INTO risks VALUES (2, 1, 'Ours')`, changes: true},
	}
	before := OrgState(t, src, 1)
	for _, s := range steps {
		if s.only != "" && s.only != engine {
			continue
		}
		execState(t, src, s.sql, s.args...)
		after := OrgState(t, src, 1)
		if changed := after != before; changed != s.changes {
			t.Errorf("%s: dump changed = %v, want %v\nbefore:\n%s\nafter:\n%s", s.sql, changed, s.changes, before, after)
		}
		before = after
	}
	for _, want := range []string{`risks: id=2 org_id=1 title="Ours"`, `users: email="dee@none.test" id=4 name="Dee2"`,
		`systems: data=NULL extra=NULL id=4 name="New" notes=NULL org_id=1 review=NULL`,
		`systems: data="hi\nthere" extra=NULL id=10 name="Tenth" notes=NULL`} {
		if !strings.Contains(before, want) {
			t.Errorf("final dump lacks %q:\n%s", want, before)
		}
	}
	if strings.Contains(before, "Theirs") {
		t.Errorf("final dump has another organization's risk:\n%s", before)
	}

	// A wrong organization id fails instead of giving an empty dump.
	if msg := orgStateFatal(t, src, 99); !strings.Contains(msg, "organization 99 does not exist") {
		t.Errorf("OrgState for a missing organization: fatal %q", msg)
	}
}

func TestOrgStateWrongDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.db")
	if msg := orgStateFatal(t, missing, 1); !strings.Contains(msg, "missing.db") {
		t.Errorf("missing file: fatal %q", msg)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("OrgState created %s", missing)
	}
	empty := SQLite(t, func(src string) error {
		db, err := sql.Open("sqlite", src)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Exec(`CREATE TABLE schema_migrations (version INTEGER)`)
		return err
	})
	if msg := orgStateFatal(t, empty, 1); !strings.Contains(msg, "no table with an org_id column") {
		t.Errorf("database without org tables: fatal %q", msg)
	}
}

// checkTables checks the tables OrgState considers: no internal, virtual
// or shadow tables (systems_fts, systems_fts_data, sqlite_stat1, ...).
func checkTables(t *testing.T, src, want string) {
	t.Helper()
	db, err := openForTest(src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tables, err := stateTables(context.Background(), tx, isPostgres(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tables, " "); got != want {
		t.Errorf("tables: %s\nwant:   %s", got, want)
	}
}

// fatalTB records the first Fatalf and stops the goroutine, as testing does.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// orgStateFatal runs OrgState and returns the message it failed with, or
// "" if it did not fail.
func orgStateFatal(t *testing.T, src string, orgID int64) string {
	f := &fatalTB{TB: t}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		OrgState(f, src, orgID)
	}()
	wg.Wait()
	return f.msg
}

func TestStateValue(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, "NULL"},
		{"NULL", `"NULL"`},
		{"", `""`},
		{"a\nb: c=d", `"a\nb: c=d"`},
		{[]byte("hi\n"), `"hi\n"`},
		{int64(-7), "-7"},
		{1.5, "1.5"},
		{true, "true"},
		{time.Date(2026, 1, 2, 5, 4, 5, 600, time.FixedZone("x", 2*3600)), "2026-01-02T03:04:05.0000006Z"},
		{[]string{"a b", "c"}, `"[a b c]"`}, // anything else stays on one line
	} {
		if got := stateValue(c.in); got != c.want {
			t.Errorf("stateValue(%#v) = %s, want %s", c.in, got, c.want)
		}
	}
}
