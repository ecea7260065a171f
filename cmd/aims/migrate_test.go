package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aims/internal/sqlstore"
	"aims/internal/testdb"
)

func migrationNames(t *testing.T, d sqlstore.Dialect) string {
	t.Helper()
	ms, err := sqlstore.Migrations(d)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if len(names) == 0 {
		t.Fatalf("no migrations for %s", d)
	}
	return strings.Join(names, ", ")
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		db := "PostgreSQL"
		if e.name == "sqlite" {
			db = "SQLite " + e.source
		}
		r := mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		if want := db + ": applied " + migrationNames(t, sqlstore.Dialect(e.name)) + "\n"; r.stdout != want {
			t.Errorf("first migrate printed %q, want %q", r.stdout, want)
		}
		r = mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		if want := db + ": schema is up to date\n"; r.stdout != want {
			t.Errorf("second migrate printed %q, want %q", r.stdout, want)
		}
		if e.name == "postgres" && strings.Contains(r.stdout+r.stderr, e.source) {
			t.Errorf("migrate printed the connection string: %q", r.stdout+r.stderr)
		}
		// The schema is really there: a store can use it without migrating.
		st := openStore(t, e)
		if _, err := st.Organizations(t.Context()); err != nil {
			t.Errorf("organizations after migrate: %v", err)
		}
	})
}

// TestMigrateFromEnvironment selects the database with AIMS_DATA or
// AIMS_DATABASE_URL instead of flags.
func TestMigrateFromEnvironment(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		r := mustCLI(t, envOf(e.envs...), "", "migrate")
		if !strings.Contains(r.stdout, ": applied ") {
			t.Errorf("migrate from the environment printed %q, want applied steps", r.stdout)
		}
		// The flags now find the same database already migrated.
		r = mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		if !strings.HasSuffix(r.stdout, ": schema is up to date\n") {
			t.Errorf("migrate with flags after the environment printed %q, want up to date", r.stdout)
		}
	})
}

// TestDataFlagOverridesEnvironment: a --data flag wins over AIMS_DATA.
func TestDataFlagOverridesEnvironment(t *testing.T) {
	t.Parallel()
	envDir, flagDir := t.TempDir(), t.TempDir()
	mustCLI(t, envOf("AIMS_DATA", envDir), "", "migrate", "--data", flagDir)
	if _, err := os.Stat(filepath.Join(flagDir, "aims.db")); err != nil {
		t.Errorf("no database in the --data folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(envDir, "aims.db")); !os.IsNotExist(err) {
		t.Errorf("a database was created in the AIMS_DATA folder the flag overrode (%v)", err)
	}
}

// TestDatabaseFlagOverridesData: with --database, the data folder gets no
// SQLite file.
func TestDatabaseFlagOverridesData(t *testing.T) {
	t.Parallel()
	src := testdb.Postgres(t, noPrepare)
	dir := t.TempDir()
	r := mustCLI(t, noEnv, "", "migrate", "--data", dir, "--database", src)
	if !strings.HasPrefix(r.stdout, "PostgreSQL: ") {
		t.Errorf("migrate printed %q, want it to name PostgreSQL", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "aims.db")); !os.IsNotExist(err) {
		t.Errorf("an SQLite file was created although --database was given (%v)", err)
	}
}

func TestMigrateUnreachableDatabase(t *testing.T) {
	t.Parallel()
	r := cli(t, noEnv, "", "migrate", "--data", t.TempDir(), "--database", "postgres://aims:secret-pw@127.0.0.1:1/aims?sslmode=disable&connect_timeout=5")
	if r.err == nil {
		t.Fatalf("migrate against an unreachable server succeeded: %q", r.stdout)
	}
	if got := exitCode(r.err); got != 1 {
		t.Errorf("exit %d, want 1", got)
	}
	if !strings.Contains(r.err.Error(), "postgres") {
		t.Errorf("error %q does not say which database failed", r.err)
	}
	if strings.Contains(r.err.Error()+r.stdout+r.stderr, "secret-pw") {
		t.Errorf("the password leaked into the output: %q", r.err.Error()+r.stdout+r.stderr)
	}
}
