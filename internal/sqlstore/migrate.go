package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"aims/internal/aims"
)

//go:embed migrations
var migrations embed.FS

// Migration is one schema step, the same file name for both engines.
type Migration struct {
	Name string
	SQL  string
}

// Migrations returns the steps for a dialect in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Name: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	return ms, nil
}

// keyedChains is the migration that introduced the audit key: chains
// written before it are sealed with the key when it is applied.
const keyedChains = "0002_hardening"

// Migrate brings the schema up to date. All pending steps and their
// bookkeeping rows run in one transaction, so a failed step leaves nothing
// half-applied. On PostgreSQL an advisory lock makes replicas that start
// together take turns; on SQLite the immediate transaction does the same,
// with foreign keys off so that a step may rebuild a table, and every key
// checked before the commit. The same transaction seals chains written
// before the audit key existed, and checks that the store's key is the
// one the database's chains are sealed with. It returns the names of the
// steps it applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	var applied []string
	run := func(tx *sql.Tx) error {
		applied = applied[:0] // a retried transaction starts again
		if s.dialect == Postgres {
			if _, err := s.exec(ctx, tx, `SELECT pg_advisory_xact_lock(4242001)`); err != nil {
				return fmt.Errorf("migration lock: %w", err)
			}
		}
		if _, err := s.exec(ctx, tx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		done := map[string]bool{}
		rows, err := s.query(ctx, tx, `SELECT name FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			done[n] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range ms {
			if done[m.Name] {
				continue
			}
			if _, err := s.exec(ctx, tx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`,
				m.Name, s.timestamp().Format("2006-01-02T15:04:05Z")); err != nil {
				return fmt.Errorf("record migration %s: %w", m.Name, err)
			}
			applied = append(applied, m.Name)
			if m.Name == keyedChains {
				if err := s.reseal(ctx, tx, aims.LegacyHash, "the audit chain is keyed from this version on", "none (unkeyed SHA-256)", "aims migration "+keyedChains); err != nil {
					return err
				}
				if err := s.rewriteSearch(ctx, tx); err != nil {
					return err
				}
			}
		}
		if err := s.checkKey(ctx, tx, true); err != nil {
			return err
		}
		if s.dialect == SQLite && len(applied) > 0 {
			return foreignKeyCheck(ctx, tx)
		}
		return nil
	}
	if s.dialect == SQLite {
		err = s.withoutForeignKeys(ctx, func(c *sql.Conn) error { return inTx(ctx, c, nil, run) })
	} else {
		err = s.tx(ctx, run)
	}
	if err != nil {
		return nil, err
	}
	return applied, nil
}

// withoutForeignKeys runs fn on the SQLite writer connection with foreign
// key enforcement off (it cannot be switched inside a transaction), and
// switches it back on after.
func (s *Store) withoutForeignKeys(ctx context.Context, fn func(c *sql.Conn) error) error {
	c, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	return fn(c)
}

// foreignKeyCheck fails when any row's foreign key points nowhere, naming
// the first one.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("migration leaves %s row %d pointing to a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// rewriteSearch brings the search column of rows written before 0002 to
// the form searchText writes, which the word-prefix search relies on.
func (s *Store) rewriteSearch(ctx context.Context, tx *sql.Tx) error {
	rows, err := s.query(ctx, tx, `SELECT id, search FROM ai_systems`)
	if err != nil {
		return fmt.Errorf("read search texts: %w", err)
	}
	old := map[int64]string{}
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return err
		}
		old[id] = text
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, text := range old {
		if _, err := s.exec(ctx, tx, `UPDATE ai_systems SET search = $1 WHERE id = $2`, searchText(text), id); err != nil {
			return fmt.Errorf("rewrite search text: %w", err)
		}
	}
	return nil
}
