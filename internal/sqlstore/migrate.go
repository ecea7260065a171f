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

// Migrate brings the schema up to date. All pending steps and their
// bookkeeping rows run in one transaction, so a failed step leaves nothing
// half-applied. On PostgreSQL an advisory lock makes replicas that start
// together take turns; on SQLite the immediate transaction does the same.
// It returns the names of the steps it applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	var applied []string
	err = s.tx(ctx, func(tx *sql.Tx) error {
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
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return applied, nil
}
