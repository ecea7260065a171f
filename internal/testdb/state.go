package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// VolatileColumns are left out of OrgState dumps: bookkeeping that a read
// legitimately touches (a session seen, a token used), so a refused request
// may change them without having changed anything the organization stored.
// Add a column here only when reads update it.
var VolatileColumns = map[string]bool{
	"last_seen_at": true,
	"last_used_at": true,
}

// OrgState returns a canonical text dump of everything an organization has
// stored, for tests that prove a refused request changed nothing: every row
// of every table that has an org_id column, for that organization; the
// organization's own row; and the users rows of its members (users joined
// through a table named memberships on user_id). Rows are sorted, columns
// are named, so two dumps compare equal exactly when the state is equal.
//
// Tables are found in the catalog, so new tables and columns are covered
// without changing this function. Columns in VolatileColumns are left out.
// Each row is one line, "table: col=value col=value ...", with strings
// quoted, NULL as NULL and times in UTC. It fails the test if the
// organization has no row, so a wrong id cannot make a comparison vacuous.
func OrgState(t testing.TB, source string, orgID int64) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	pg := isPostgres(source)
	var db *sql.DB
	var err error
	if pg {
		db, err = sql.Open("pgx", source)
	} else {
		path := strings.TrimPrefix(strings.TrimPrefix(source, "sqlite://"), "sqlite:")
		// Opening a missing file would create an empty database and give an
		// empty dump, which compares equal to any other empty dump.
		if _, serr := os.Stat(path); serr != nil {
			t.Fatalf("OrgState: sqlite database %s: %v", path, serr)
		}
		db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(ON)")
	}
	if err != nil {
		t.Fatalf("OrgState: open %s: %v", source, err)
	}
	defer db.Close()

	// One read-only transaction, so all tables are read at one moment.
	opts := &sql.TxOptions{ReadOnly: true}
	if pg {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		t.Fatalf("OrgState: begin read transaction on %s: %v", source, err)
	}
	defer tx.Rollback()

	tables, err := stateTables(ctx, tx, pg)
	if err != nil {
		t.Fatalf("OrgState: list tables: %v", err)
	}
	cols := map[string][]string{}
	for _, name := range tables {
		c, err := stateColumns(ctx, tx, pg, name)
		if err != nil {
			t.Fatalf("OrgState: list columns of %s: %v", name, err)
		}
		cols[name] = c
	}
	has := func(table, col string) bool {
		for _, c := range cols[table] {
			if c == col {
				return true
			}
		}
		return false
	}
	ph := func(n int) string {
		if pg {
			return "$" + strconv.Itoa(n)
		}
		return "?"
	}
	membersJoin := has("memberships", "user_id") && has("memberships", "org_id")

	var out []string
	scoped, orgRows := 0, 0
	for _, table := range tables {
		var conds []string
		var args []any
		if has(table, "org_id") {
			args = append(args, orgID)
			conds = append(conds, quoteIdent("org_id")+" = "+ph(len(args)))
		}
		if table == "organizations" && has(table, "id") {
			args = append(args, orgID)
			conds = append(conds, quoteIdent("id")+" = "+ph(len(args)))
		}
		if table == "users" && has(table, "id") && membersJoin {
			args = append(args, orgID)
			conds = append(conds, quoteIdent("id")+" IN (SELECT "+quoteIdent("user_id")+" FROM "+
				quoteIdent("memberships")+" WHERE "+quoteIdent("org_id")+" = "+ph(len(args))+")")
		}
		if len(conds) == 0 {
			continue // not the organization's: schema_migrations and the like
		}
		scoped++
		var shown []string
		for _, c := range cols[table] {
			if !VolatileColumns[c] {
				shown = append(shown, c)
			}
		}
		if len(shown) == 0 {
			continue
		}
		quoted := make([]string, len(shown))
		for i, c := range shown {
			quoted[i] = quoteIdent(c)
		}
		q := "SELECT " + strings.Join(quoted, ", ") + " FROM " + quoteIdent(table) +
			" WHERE " + strings.Join(conds, " OR ")
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("OrgState: read %s: %v\n%s", table, err, q)
		}
		var lines []string
		vals := make([]any, len(shown))
		ptrs := make([]any, len(shown))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				t.Fatalf("OrgState: scan %s: %v", table, err)
			}
			var b strings.Builder
			b.WriteString(table)
			b.WriteString(":")
			for i, c := range shown {
				b.WriteString(" ")
				b.WriteString(c)
				b.WriteString("=")
				b.WriteString(stateValue(vals[i]))
			}
			lines = append(lines, b.String())
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			t.Fatalf("OrgState: read %s: %v", table, err)
		}
		rows.Close()
		if table == "organizations" {
			orgRows = len(lines)
		}
		sort.Strings(lines)
		out = append(out, lines...)
	}
	if scoped == 0 {
		t.Fatalf("OrgState: %s has no table with an org_id column; is it the right, migrated database?", source)
	}
	if has("organizations", "id") && orgRows == 0 {
		t.Fatalf("OrgState: organization %d does not exist in %s", orgID, source)
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}

// isPostgres is sqlstore.IsPostgres (testdb cannot import sqlstore, whose
// tests import testdb).
func isPostgres(source string) bool {
	return strings.HasPrefix(source, "postgres://") || strings.HasPrefix(source, "postgresql://") ||
		strings.Contains(source, "host=") || strings.Contains(source, "dbname=")
}

// stateTables lists the ordinary tables, sorted by name. For SQLite it
// leaves out the internal sqlite_ tables, virtual tables (full-text
// indexes) and their shadow tables (<virtual>_data, _idx, ...).
func stateTables(ctx context.Context, tx *sql.Tx, pg bool) ([]string, error) {
	q := `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if pg {
		q = `SELECT table_name, '' FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names, virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			return nil, err
		}
		if strings.HasPrefix(strings.ToUpper(strings.Join(strings.Fields(ddl), " ")), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var tables []string
next:
	for _, n := range names {
		for _, v := range virtual {
			if strings.HasPrefix(n, v+"_") {
				continue next
			}
		}
		tables = append(tables, n)
	}
	sort.Strings(tables)
	return tables, nil
}

// stateColumns lists a table's columns in alphabetical order.
func stateColumns(ctx context.Context, tx *sql.Tx, pg bool, table string) ([]string, error) {
	q, arg := `SELECT name FROM pragma_table_info(?)`, any(table)
	if pg {
		q = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := tx.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("no columns found")
	}
	sort.Strings(cols)
	return cols, nil
}

// stateValue renders one value the same way whichever engine read it.
func stateValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return strconv.Quote(string(v))
	case string:
		return strconv.Quote(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	default:
		s := fmt.Sprintf("%v", v)
		if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			s = strconv.Quote(s) // an array or the like: keep it on one line
		}
		return s
	}
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
