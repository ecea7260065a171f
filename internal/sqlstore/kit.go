package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
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
	if version < 0 || version > math.MaxInt32 {
		return aims.ErrConflict // no row has it; PostgreSQL would refuse to send it as an INTEGER
	}
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

// staleIf refuses a write that changes nothing but was made from an
// outdated read: the writer has not seen the current state.
func staleIf(stale bool) error {
	if stale {
		return aims.ErrConflict
	}
	return nil
}

// checkOwner makes sure an owner is a member of the organization who has
// accepted: an ID from another organization is refused as unknown, and a
// pending member cannot be named, since their name is not theirs to show
// until they consent. (The composite foreign key to memberships holds the
// same-organization rule in the database as well.)
func (s *Store) checkOwner(ctx context.Context, tx *sql.Tx, orgID, userID int64, field string) (string, error) {
	if userID == 0 {
		return "", nil
	}
	var name string
	err := s.queryRow(ctx, tx, `SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.user_id = $2 AND m.accepted_at IS NOT NULL`, orgID, userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", aims.Invalid(field, "is not a member of this organization")
	}
	return name, err
}

// setArchived archives or restores a record the caller read (current is
// its version, was its archived flag) at the version the writer holds (0
// takes current), in its transaction, and records the event. When it
// changes the record, the record is at current+1. It reports whether anything
// changed: a record already in the wanted state is left alone, but only
// for a writer who saw that state; one holding an older version is told
// it lost the race, like any stale writer.
func (s *Store) setArchived(ctx context.Context, tx *sql.Tx, p aims.Principal, t table, id int64, current, version int, was, archived bool) (bool, time.Time, error) {
	if version == 0 {
		version = current
	}
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
	base  string // the conditions the filter starts with
	conds strings.Builder
	args  []any
}

func newFilter(alias string, orgID int64, archived bool) *filter {
	return &filter{base: alias + `.org_id = $1 AND ` + alias + `.archived = $2`, args: []any{orgID, archived}}
}

// and adds a condition whose one "?" takes v.
func (f *filter) and(cond string, v any) {
	f.args = append(f.args, v)
	f.conds.WriteString(" AND " + strings.Replace(cond, "?", "$"+strconv.Itoa(len(f.args)), 1))
}

// rowsPicked says a condition added since picks a few rows by their IDs:
// the starting conditions are then written so that SQLite does not use an
// index for them. Without statistics on a full-text table, SQLite would
// rather walk the organization's index, all of it, checking each row
// against the few IDs, than fetch those rows.
func (f *filter) rowsPicked() {
	f.base = "+" + strings.ReplaceAll(f.base, " AND ", " AND +")
}

func (f *filter) String() string { return " WHERE " + f.base + f.conds.String() }

// probeLimit is how many index matches make a search term "selective":
// few enough to fetch them all, check the other terms on each, and count
// exactly.
const probeLimit = aims.CountCap

// search adds a free-text search of the table's search column: every term
// must match. A term of three characters or more matches anywhere in the
// text; a shorter one matches the start of a word (searchText writes the
// column so that both are plain substring tests on a row).
//
// Which rows are read is what costs, and that depends on the terms:
// "04217" matches one row, "system" every row. So the search first asks
// the indexes how many of the organization's rows the short terms (a
// word-prefix index: FTS5 prefix indexes, a PostgreSQL text-search index)
// and the long ones (a trigram index: FTS5 on SQLite, pg_trgm on
// PostgreSQL) find, counting no further than probeLimit, nor than the
// fewest found so far. If one is selective it picks the rows, every term
// is checked on those rows only, and the count is exact. If none is,
// matches are plentiful: the list walks its sort order checking each row,
// which stops as soon as the page is full, and the count stops at
// aims.CountCap. When one index condition is the whole filter, its probe
// is the count. The one search that still reads every row is broad terms
// whose combination is rare, and then only for its count.
//
// It returns the count when the probe already made it, or -1.
func (s *Store) search(ctx context.Context, w *filter, t table, alias string, q string) (int, error) {
	terms := searchTerms(q)
	if len(terms) == 0 {
		return -1, nil
	}
	var long, short []string
	for _, term := range terms {
		if utf8.RuneCountInString(term) >= 3 {
			long = append(long, term)
		} else {
			short = append(short, term)
		}
	}
	whole := w.conds.Len() == 0 // no other filter than the search
	candidates := s.indexes(t, alias, short, long)
	best, fewest := -1, probeLimit+1
	for i, c := range candidates {
		var n int
		err := s.queryRow(ctx, s.r, `SELECT count(*) FROM (`+c.probe+` LIMIT `+strconv.Itoa(fewest)+`) AS probe`,
			c.arg, w.args[0], w.args[1]).Scan(&n)
		if err != nil {
			return -1, fmt.Errorf("search probe: %w", err)
		}
		if n < fewest {
			best, fewest = i, n
		}
	}
	if best >= 0 {
		w.and(candidates[best].cond, candidates[best].arg)
		if s.dialect == SQLite {
			w.rowsPicked()
		}
	}
	// Each term is checked on the row itself: a plain substring test of the
	// search column (never an index scan: for a broad term the index costs
	// more than the page; PostgreSQL cannot use one for strpos).
	find := "instr(" + alias + ".search, ?) > 0"
	if s.dialect == Postgres {
		find = "strpos(" + alias + ".search, ?) > 0"
	}
	for _, term := range long {
		w.and(find, term)
	}
	for _, term := range short {
		w.and(find, " "+term)
	}
	if whole && len(candidates) == 1 && candidates[0].whole {
		return fewest, nil // probeLimit+1 when it found more: "more than"
	}
	return -1, nil
}

// index is a condition that lets an index pick a search's rows, with the
// query that counts the organization's rows it finds ($1 its argument, $2
// and $3 the organization and the archived flag), and whether it is the
// whole search by itself.
type index struct {
	cond, probe string
	arg         any
	whole       bool
}

// indexes lists the index conditions for a search's short and long terms,
// cheapest to probe first.
func (s *Store) indexes(t table, alias string, short, long []string) []index {
	var out []index
	scope := ` AND ` + alias + `.org_id = $2 AND ` + alias + `.archived = $3`
	if s.dialect == SQLite {
		// The probe walks the full-text match and stops early; the IN list
		// of the condition is only ever built for a selective match.
		for _, c := range []struct {
			table  string
			terms  []string
			prefix bool
		}{{t.name + "_fts_prefix", short, true}, {t.name + "_fts", long, false}} {
			if len(c.terms) > 0 {
				out = append(out, index{
					cond: alias + `.id IN (SELECT rowid FROM ` + c.table + ` WHERE ` + c.table + ` MATCH ?)`,
					probe: `SELECT 1 FROM ` + c.table + ` f JOIN ` + t.name + ` ` + alias + ` ON ` + alias + `.id = f.rowid WHERE f.` +
						c.table + ` MATCH $1` + scope,
					arg: ftsQuery(c.terms, c.prefix), whole: len(c.terms) == len(short)+len(long)})
			}
		}
		return out
	}
	rows := func(cond string) string {
		return `SELECT 1 FROM ` + t.name + ` ` + alias + ` WHERE ` + strings.Replace(cond, "?", "$1", 1) + scope
	}
	if len(short) > 0 {
		parts := make([]string, len(short))
		for i, w := range short {
			parts[i] = w + ":*"
		}
		cond := `to_tsvector('simple', ` + alias + `.search) @@ to_tsquery('simple', ?)`
		out = append(out, index{cond, rows(cond), strings.Join(parts, " & "), len(long) == 0})
	}
	// Each long term is its own candidate (the three longest: a probe
	// each), since the longest is not always the rarest: in "system 04217"
	// it is the other way round.
	byLength := slices.Clone(long)
	slices.SortStableFunc(byLength, func(a, b string) int { return len(b) - len(a) })
	for _, term := range byLength[:min(len(byLength), 3)] {
		cond := alias + `.search LIKE ? ESCAPE '\'`
		out = append(out, index{cond, rows(cond), likeTerm(term), len(long) == 1 && len(short) == 0})
	}
	return out
}

// searchText is what a record's free-text search matches: its fields
// lower-cased, every run of characters other than letters and digits made
// one space, with a space at each end, so " credit scoring ais 7 ". A term
// matches anywhere if the text contains it, and at the start of a word if
// the text contains it after a space.
func searchText(fields ...string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, f := range fields {
		for _, r := range strings.ToLower(f) {
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				b.WriteRune(r)
				space = false
			} else if !space {
				b.WriteByte(' ')
				space = true
			}
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return b.String()
}

// searchTerms splits a search the way searchText writes the column: each
// word typed becomes a term of letters and digits ("load-test" the phrase
// "load test"); words with neither are dropped.
func searchTerms(q string) []string {
	var terms []string
	for _, word := range strings.Fields(q) {
		if t := strings.TrimSpace(searchText(word)); t != "" {
			terms = append(terms, t)
		}
	}
	return terms
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
	capped  bool // count at most aims.CountCap matches (broad searches)
	total   int  // the count when already known (>= 0), or -1
}

// list runs a list's two queries, whatever the number of rows: the count
// and the page. The count reads only the register's table, and stops at
// aims.CountCap when capped. The page is a deferred join: the inner query
// pages through the narrow index alone, so a deep page skips index entries
// rather than whole rows, and only the page's rows are read in full.
func list[T any](ctx context.Context, s *Store, q listQuery, scan func(scanner) (T, error)) (aims.Page[T], error) {
	page := aims.Page[T]{Items: []T{}, Total: q.total}
	count := `SELECT count(*) FROM ` + q.table + ` ` + q.alias + q.where.String()
	if q.capped {
		count = `SELECT count(*) FROM (SELECT 1 FROM ` + q.table + ` ` + q.alias + q.where.String() +
			` LIMIT ` + strconv.Itoa(aims.CountCap+1) + `) AS matches`
	}
	if q.total < 0 {
		if err := s.queryRow(ctx, s.r, count, q.where.args...).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("count %s: %w", q.table, err)
		}
	}
	if page.Total > aims.CountCap {
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

// forShare locks the rows a write reads to link to on PostgreSQL: an
// archive of the record waits for the write, or the write waits for the
// archive and reads the record as archived. SQLite has one writer anyway.
func (s *Store) forShare() string {
	if s.dialect == Postgres {
		return ` FOR SHARE`
	}
	return ``
}
