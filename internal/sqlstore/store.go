// Package sqlstore keeps the registers in SQLite or PostgreSQL through one
// set of SQL queries. Every exported method owns its transaction, and every
// write appends its audit event in that same transaction.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"aims/internal/aims"
)

// Dialect names the database engine. Queries are shared; only DDL and the
// rare statement that must differ switch on it.
type Dialect string

// The two engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the registers of every organization in one database.
type Store struct {
	dialect Dialect
	w       *sql.DB // writes: one connection on SQLite, the pool on PostgreSQL
	r       *sql.DB // reads: a small pool on SQLite, the same pool on PostgreSQL
	log     *slog.Logger
	now     func() time.Time
	key     aims.AuditKey
	queries atomic.Int64

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared reads, SQLite only
}

// maxStmts bounds the statement cache: filters combine into many query
// texts, and the cache is for the common ones.
const maxStmts = 256

// Options configure a Store.
type Options struct {
	// AuditKey keys the audit chain; it is required, and must be the key the
	// database's chains were sealed with (Migrate checks).
	AuditKey aims.AuditKey
	Logger   *slog.Logger
	// Now is the clock, injected by tests.
	Now func() time.Time
	// MaxConns caps the PostgreSQL pool (default 20).
	MaxConns int
}

// IsPostgres reports whether a data source names a PostgreSQL database: a
// postgres:// URL or a key=value connection string.
func IsPostgres(source string) bool {
	return strings.HasPrefix(source, "postgres://") || strings.HasPrefix(source, "postgresql://") ||
		strings.Contains(source, "host=") || strings.Contains(source, "dbname=")
}

// Open connects to the database a data source names: PostgreSQL for a
// postgres:// URL or connection string, otherwise an SQLite file (a path or
// a sqlite: URL). It does not migrate; call Migrate.
func Open(ctx context.Context, source string, opt Options) (*Store, error) {
	if opt.AuditKey.IsZero() {
		return nil, errors.New("open store: no audit key")
	}
	s := &Store{log: opt.Logger, now: opt.Now, key: opt.AuditKey}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if IsPostgres(source) {
		db, err := sql.Open("pgx", source)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		n := opt.MaxConns
		if n == 0 {
			n = 20
		}
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.dialect, s.w, s.r = Postgres, db, db
	} else {
		path := strings.TrimPrefix(strings.TrimPrefix(source, "sqlite://"), "sqlite:")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
		}
		w, err := openSQLite(path, true)
		if err != nil {
			return nil, err
		}
		r, err := openSQLite(path, false)
		if err != nil {
			w.Close()
			return nil, err
		}
		w.SetMaxOpenConns(1)
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4)
		s.dialect, s.w, s.r = SQLite, w, r
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s: %w", s.dialect, err)
	}
	return s, nil
}

func openSQLite(path string, writer bool) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(ON)")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

// Dialect reports the engine in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the database connections.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Ping checks that the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return s.r.PingContext(ctx) }

// Queries returns how many SQL statements the store has run, a figure the
// tests and the metrics use to prove list pages run a fixed number of them.
func (s *Store) Queries() int64 { return s.queries.Load() }

type queryCounter struct{ n atomic.Int64 }

type counterKey struct{}

// CountQueries returns a context whose store calls are counted, and a
// function that reports the count so far: the web layer logs it per request.
func CountQueries(ctx context.Context) (context.Context, func() int64) {
	c := &queryCounter{}
	return context.WithValue(ctx, counterKey{}, c), c.n.Load
}

func (s *Store) count(ctx context.Context) {
	s.queries.Add(1)
	if c, ok := ctx.Value(counterKey{}).(*queryCounter); ok {
		c.n.Add(1)
	}
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	s.count(ctx)
	return q.ExecContext(ctx, query, args...)
}

func (s *Store) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	s.count(ctx)
	if st := s.prepared(ctx, q, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	s.count(ctx)
	if st := s.prepared(ctx, q, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.QueryRowContext(ctx, query, args...)
}

// prepared returns a cached prepared statement for a read on SQLite's
// reader pool, where parsing the SQL is a sizeable share of a small query's
// cost. PostgreSQL needs none: pgx caches prepared statements itself.
// Anything else (transactions, a full cache, a failed prepare) runs the
// query text directly.
func (s *Store) prepared(ctx context.Context, q querier, query string) *sql.Stmt {
	if s.dialect != SQLite || q != querier(s.r) {
		return nil
	}
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st
	}
	if len(s.stmts) >= maxStmts {
		return nil
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st
}

// tx runs fn in a write transaction and commits it, or rolls back on error.
// On SQLite the transaction takes the write lock at BEGIN (immediate), so
// a read-then-write never fails half-way with SQLITE_BUSY. On PostgreSQL a
// transaction chosen as a deadlock's victim is run again, a few times:
// writers take their locks in one order (the organization's chain head
// first where they take several), and this is the backstop for any path
// that does not.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := inTx(ctx, s.w, nil, fn)
		var pe *pgconn.PgError
		if attempt < 3 && errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") {
			continue
		}
		return err
	}
}

// inTx runs fn in a transaction of db (a pool or one connection).
func inTx(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// timestamp is the time as stored: UTC, microseconds.
func (s *Store) timestamp() time.Time { return aims.AuditTime(s.now()) }

// today is the calendar day of the store's clock, in UTC.
func (s *Store) today() aims.Date { return aims.DateOf(s.now().UTC()) }

// nullDate stores the zero Date as NULL.
func nullDate(d aims.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// nullID stores a zero foreign key as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func dateOf(t sql.NullTime) aims.Date {
	if !t.Valid {
		return aims.Date{}
	}
	return aims.DateOf(t.Time.UTC())
}

func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// notFound turns sql.ErrNoRows into aims.ErrNotFound, naming what was sought.
func notFound(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, aims.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
