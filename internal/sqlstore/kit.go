package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"aims/internal/aims"
)

// The register kit: what every register's store code shares. A register
// describes its table once (table) and calls these helpers for numbering,
// versioned writes, archiving, the audited diff, filtering, search, paging
// and export; its own file keeps only its columns, its scan and its rules.
// docs/architecture.md has the checklist for adding a register.

// table is a register's table as the kit sees it. Kit tables have org_id,
// id, number, version, archived, updated_at and search columns, a unique
// (org_id, id) that other tables' links reference, and, on SQLite, the
// NAME_fts (trigram) and NAME_fts_prefix (word prefix) search tables.
type table struct {
	name     string   // SQL table
	register string   // audit register key, also the reference counter's kind
	prefix   string   // reference prefix: "AIS-"
	meta     []string // bookkeeping fields an audit diff leaves out
}

// ref is a record's readable reference: AIS-7.
func (t table) ref(number int64) string { return t.prefix + strconv.FormatInt(number, 10) }

// diff lists what an edit changes, leaving the bookkeeping out.
func (t table) diff(before, after any) ([]aims.Change, error) {
	return aims.Diff(before, after, t.meta...)
}

// number takes the next reference number of the register in an
// organization. The counter row's lock orders concurrent creations.
func (s *Store) number(ctx context.Context, tx *sql.Tx, orgID int64, t table) (int64, error) {
	var n int64
	err := s.queryRow(ctx, tx, `INSERT INTO ref_counters (org_id, kind, next) VALUES ($1, $2, 1)
		ON CONFLICT (org_id, kind) DO UPDATE SET next = ref_counters.next + 1 RETURNING next`, orgID, t.register).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("number %s: %w", t.register, err)
	}
	return n, nil
}

// versioned runs the one kind of UPDATE a versioned record allows: the row
// of this organization, at the version the writer read, moved to the next
// version. set is the SET list with placeholders $1..$n for args; the
// helper appends the organization, key and version conditions. When no row
// matched, someone else wrote first: aims.ErrConflict. The check is in the
// statement, so concurrent writers holding the same version cannot both
// succeed on either engine.
func (s *Store) versioned(ctx context.Context, tx *sql.Tx, tbl, keyCol, set string, orgID int64, key any, version int, args ...any) error {
	n := len(args)
	q := `UPDATE ` + tbl + ` SET version = version + 1, ` + set +
		` WHERE org_id = $` + strconv.Itoa(n+1) + ` AND ` + keyCol + ` = $` + strconv.Itoa(n+2) + ` AND version = $` + strconv.Itoa(n+3)
	res, err := s.exec(ctx, tx, q, append(args, orgID, key, version)...)
	if err != nil {
		return fmt.Errorf("update %s: %w", tbl, err)
	}
	if rows, err := res.RowsAffected(); err != nil || rows != 1 {
		return aims.ErrConflict
	}
	return nil
}

// update is versioned for a kit table, keyed by id.
func (s *Store) update(ctx context.Context, tx *sql.Tx, t table, orgID, id int64, version int, set string, args ...any) error {
	return s.versioned(ctx, tx, t.name, "id", set, orgID, id, version, args...)
}

// setArchived archives or restores a record the caller read (current is
// its version, was its archived flag) at the version the writer holds, in
// its transaction, and records the event. It reports whether anything
// changed: a record already in the wanted state is left alone, but only
// for a writer who saw that state; one holding an older version is told
// it lost the race, like any stale writer.
func (s *Store) setArchived(ctx context.Context, tx *sql.Tx, p aims.Principal, t table, id int64, current, version int, was, archived bool) (bool, time.Time, error) {
	if was == archived {
		if version != current {
			return false, time.Time{}, aims.ErrConflict
		}
		return false, time.Time{}, nil
	}
	now := s.timestamp()
	if err := s.update(ctx, tx, t, p.OrgID, id, version, `archived = $1, updated_at = $2`, archived, now); err != nil {
		return false, now, err
	}
	action := aims.ActionArchive
	if !archived {
		action = aims.ActionRestore
	}
	return true, now, s.record(ctx, tx, p, t.register, strconv.FormatInt(id, 10), action,
		[]aims.Change{{Field: "archived", Old: json.RawMessage(strconv.FormatBool(was)), New: json.RawMessage(strconv.FormatBool(archived))}})
}

// filter builds a WHERE clause one condition at a time, numbering the
// placeholders. Every kit list starts with the organization and the
// archived flag, which lead every kit table's indexes.
type filter struct {
	b    strings.Builder
	args []any
}

func newFilter(alias string, orgID int64, archived bool) *filter {
	f := &filter{args: []any{orgID, archived}}
	f.b.WriteString(` WHERE ` + alias + `.org_id = $1 AND ` + alias + `.archived = $2`)
	return f
}

// and adds a condition whose one "?" takes v.
func (f *filter) and(cond string, v any) {
	f.args = append(f.args, v)
	f.b.WriteString(" AND " + strings.Replace(cond, "?", "$"+strconv.Itoa(len(f.args)), 1))
}

func (f *filter) String() string { return f.b.String() }

// search adds a free-text search of the table's search column: every term
// must match. Terms of three characters or more match anywhere, through a
// trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL); shorter terms
// match the start of a word, through a word index (FTS5 prefix indexes,
// a PostgreSQL text-search index), because a trigram index cannot find
// them and a scan of every row is what makes a search slow. Each kind of
// term is one indexed condition, so the database intersects them.
func (s *Store) search(f *filter, t table, alias string, terms []string) {
	var long, short []string
	for _, term := range terms {
		if utf8.RuneCountInString(term) >= 3 {
			long = append(long, term)
		} else if w := wordChars(term); w != "" {
			short = append(short, w)
		}
	}
	switch s.dialect {
	case SQLite:
		if len(long) > 0 {
			f.and(alias+`.id IN (SELECT rowid FROM `+t.name+`_fts WHERE `+t.name+`_fts MATCH ?)`, ftsQuery(long, false))
		}
		if len(short) > 0 {
			f.and(alias+`.id IN (SELECT rowid FROM `+t.name+`_fts_prefix WHERE `+t.name+`_fts_prefix MATCH ?)`, ftsQuery(short, true))
		}
	case Postgres:
		for _, term := range long {
			f.and(alias+`.search LIKE ? ESCAPE '\'`, likeTerm(term))
		}
		if len(short) > 0 {
			parts := make([]string, len(short))
			for i, w := range short {
				parts[i] = "'" + w + "':*"
			}
			f.and(`to_tsvector('simple', `+alias+`.search) @@ to_tsquery('simple', ?)`, strings.Join(parts, " & "))
		}
	}
}

// wordChars keeps a short term's letters and digits: the word index holds
// nothing else, and the query syntax of both engines gives the rest
// meaning.
func wordChars(term string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, term)
}

// ftsQuery quotes terms as FTS5 phrases joined by AND; prefix makes each a
// prefix query.
func ftsQuery(terms []string, prefix bool) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " AND ")
}

// likeTerm escapes a search word for LIKE ... ESCAPE '\'.
func likeTerm(term string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(term) + "%"
}

// listQuery is one register list: what to select, from where, which rows
// and in what order.
type listQuery struct {
	alias   string // the register table's alias in from
	table   string
	columns string // the select list
	from    string // " FROM table alias LEFT JOIN ..."
	where   *filter
	order   string // ends with the alias's id, so pages never overlap
	limit   int
	offset  int
	capped  bool // count at most aims.CountCap matches (searches)
}

// list runs a list's two queries, whatever the number of rows: the count
// and the page. The count reads only the register's table, and stops at
// aims.CountCap when capped. The page is a deferred join: the inner query
// pages through the narrow index alone, so a deep page skips index entries
// rather than whole rows, and only the page's rows are read in full.
func list[T any](ctx context.Context, s *Store, q listQuery, scan func(scanner) (T, error)) (aims.Page[T], error) {
	page := aims.Page[T]{Items: []T{}}
	count := `SELECT count(*) FROM ` + q.table + ` ` + q.alias + q.where.String()
	if q.capped {
		count = `SELECT count(*) FROM (SELECT 1 FROM ` + q.table + ` ` + q.alias + q.where.String() +
			` LIMIT ` + strconv.Itoa(aims.CountCap+1) + `) AS matches`
	}
	if err := s.queryRow(ctx, s.r, count, q.where.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count %s: %w", q.table, err)
	}
	if q.capped && page.Total > aims.CountCap {
		page.Total, page.Capped = aims.CountCap, true
	}
	args := append(append([]any{}, q.where.args...), q.limit, q.offset)
	n := len(args)
	rows, err := s.query(ctx, s.r, `SELECT `+q.columns+q.from+` WHERE `+q.alias+`.id IN (SELECT `+q.alias+`.id FROM `+
		q.table+` `+q.alias+q.where.String()+` ORDER BY `+q.order+` LIMIT $`+strconv.Itoa(n-1)+` OFFSET $`+strconv.Itoa(n)+
		`) ORDER BY `+q.order, args...)
	if err != nil {
		return page, fmt.Errorf("list %s: %w", q.table, err)
	}
	defer rows.Close()
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, item)
	}
	return page, rows.Err()
}

// exportBatch is how many rows an export reads per query.
const exportBatch = 500

// each calls fn for every row of the list, in id order (the order records
// were created), ignoring its paging. It reads exportBatch rows at a time
// and closes each batch's query before calling fn, so an export to a slow
// client never holds a database connection or an SQLite read snapshot
// while it waits for the network, and memory stays flat however large the
// register is.
func each[T any](ctx context.Context, s *Store, q listQuery, scan func(scanner) (T, error), id func(T) int64, fn func(T) error) error {
	var after int64
	for {
		args := append(append([]any{}, q.where.args...), after, exportBatch)
		n := len(args)
		rows, err := s.query(ctx, s.r, `SELECT `+q.columns+q.from+q.where.String()+` AND `+q.alias+`.id > $`+strconv.Itoa(n-1)+
			` ORDER BY `+q.alias+`.id LIMIT $`+strconv.Itoa(n), args...)
		if err != nil {
			return fmt.Errorf("export %s: %w", q.table, err)
		}
		batch := make([]T, 0, exportBatch)
		for rows.Next() {
			item, err := scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, item)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, item := range batch {
			if err := fn(item); err != nil {
				return err
			}
		}
		if len(batch) < exportBatch {
			return nil
		}
		after = id(batch[len(batch)-1])
	}
}

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(...any) error }

// columns is a register's writable columns, listed once for its INSERT and
// its UPDATE.
type columns []string

// values is the placeholder list "$from, $from+1, ..." for an INSERT.
func (c columns) values(from int) string {
	p := make([]string, len(c))
	for i := range c {
		p[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(p, ", ")
}

// set is the SET list "col = $from, ..." for an UPDATE.
func (c columns) set(from int) string {
	p := make([]string, len(c))
	for i, name := range c {
		p[i] = name + " = $" + strconv.Itoa(from+i)
	}
	return strings.Join(p, ", ")
}

func (c columns) String() string { return strings.Join(c, ", ") }
