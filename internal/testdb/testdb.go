// Package testdb gives tests real databases: an SQLite file always, and a
// PostgreSQL database when AIMS_TEST_POSTGRES names a server or the server
// binaries are installed, in which case Main starts a throwaway cluster.
package testdb

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Engine is one database a test runs against.
type Engine struct {
	Name   string // "sqlite" or "postgres"
	Source string // the data source for sqlstore.Open
}

var (
	server    string // base connection string of the PostgreSQL server, "" if none
	why       string // why there is none
	prepOnce  sync.Once
	prepErr   error
	template  string
	dbCounter atomic.Int64
)

// Main wraps a package's tests: it finds or starts PostgreSQL, runs the
// tests and stops what it started. Use it from TestMain.
func Main(m *testing.M) {
	stop := setup()
	code := m.Run()
	if template != "" {
		if db, err := sql.Open("pgx", server); err == nil {
			db.Exec(`DROP DATABASE IF EXISTS ` + template)
			db.Close()
		}
	}
	stop()
	os.Exit(code)
}

func setup() (stop func()) {
	if s := os.Getenv("AIMS_TEST_POSTGRES"); s != "" {
		server = s
		return func() {}
	}
	bin := findPostgres()
	if bin == "" {
		why = "PostgreSQL is not installed (no initdb found) and AIMS_TEST_POSTGRES is not set; install postgresql or set AIMS_TEST_POSTGRES to run the PostgreSQL half of the tests"
		return func() {}
	}
	dir, err := os.MkdirTemp("", "aims-pg-")
	if err != nil {
		why = "temp dir: " + err.Error()
		return func() {}
	}
	asPostgres := func(args ...string) *exec.Cmd {
		if os.Geteuid() == 0 {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
		return exec.Command(args[0], args[1:]...)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			why = "running as root and there is no postgres user to run the server as"
			return func() { os.RemoveAll(dir) }
		}
		exec.Command("chown", u.Username, dir).Run()
	}
	data := filepath.Join(dir, "data")
	if out, err := asPostgres(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--no-locale", "--no-sync").CombinedOutput(); err != nil {
		why = fmt.Sprintf("initdb failed: %v: %s", err, out)
		return func() { os.RemoveAll(dir) }
	}
	opts := fmt.Sprintf("-k %s -p 54329 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	if out, err := asPostgres(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-o", opts, "start").CombinedOutput(); err != nil {
		why = fmt.Sprintf("pg_ctl start failed: %v: %s", err, out)
		return func() { os.RemoveAll(dir) }
	}
	server = fmt.Sprintf("host=%s port=54329 user=postgres dbname=postgres sslmode=disable", dir)
	return func() {
		asPostgres(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	}
}

// findPostgres returns the newest installed server's bin folder, or "".
func findPostgres() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func versionOf(dir string) int {
	var v int
	fmt.Sscanf(filepath.Base(filepath.Dir(dir)), "%d", &v)
	return v
}

// Engines returns the databases a store test should run on, each fresh and
// prepared by prepare (which migrates a source). When PostgreSQL is not
// available, the postgres engine is reported as a skipped subtest that says
// why, so the gap is visible in the test output.
func Engines(t testing.TB, prepare func(source string) error) []Engine {
	t.Helper()
	engines := []Engine{{Name: "sqlite", Source: SQLite(t, prepare)}}
	if server == "" {
		if tt, ok := t.(*testing.T); ok {
			tt.Run("postgres", func(t *testing.T) { Unavailable(t, "PostgreSQL: "+why) })
		}
		return engines
	}
	return append(engines, Engine{Name: "postgres", Source: Postgres(t, prepare)})
}

// SQLite returns a prepared SQLite database file in the test's temp dir.
func SQLite(t testing.TB, prepare func(source string) error) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "aims.db")
	if err := prepare(src); err != nil {
		t.Fatalf("prepare sqlite: %v", err)
	}
	return src
}

// PostgresAvailable reports whether Postgres can hand out databases, and
// if not, why.
func PostgresAvailable() (bool, string) { return server != "", why }

// Postgres returns a fresh PostgreSQL database, cloned from a template that
// prepare migrated once for the whole package (cloning takes a tenth of a
// second; migrating each time would take longer). It is dropped when the
// test ends.
func Postgres(t testing.TB, prepare func(source string) error) string {
	t.Helper()
	if server == "" {
		Unavailable(t, "PostgreSQL: "+why)
	}
	prepOnce.Do(func() {
		name := fmt.Sprintf("aims_tmpl_%d", os.Getpid())
		if prepErr = createDB(name, ""); prepErr != nil {
			return
		}
		if prepErr = prepare(withDB(server, name)); prepErr == nil {
			template = name
		}
	})
	if prepErr != nil {
		t.Fatalf("prepare postgres template: %v", prepErr)
	}
	name := fmt.Sprintf("aims_t_%d_%d", os.Getpid(), dbCounter.Add(1))
	if err := createDB(name, template); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", server)
		if err == nil {
			db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			db.Close()
		}
	})
	return withDB(server, name)
}

func createDB(name, template string) error {
	db, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer db.Close()
	q := `CREATE DATABASE ` + name
	if template != "" {
		q += ` TEMPLATE ` + template
	}
	// A template in use by another session cannot be cloned; a concurrent
	// clone in this process can hold it for a moment.
	for i := 0; ; i++ {
		_, err = db.Exec(q)
		if err == nil || i == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// withDB sets the database of a key=value or URL connection string.
func withDB(source, name string) string {
	if u, err := url.Parse(source); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		return u.String()
	}
	var parts []string
	for _, f := range strings.Fields(source) {
		if !strings.HasPrefix(f, "dbname=") {
			parts = append(parts, f)
		}
	}
	return strings.Join(append(parts, "dbname="+name), " ")
}

// Unavailable skips a test whose real component (PostgreSQL, Chromium) is
// not installed, saying so loudly; with AIMS_TEST_REQUIRE_ALL set, as in
// CI, it fails instead, so nothing is left out unnoticed.
func Unavailable(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("AIMS_TEST_REQUIRE_ALL") != "" {
		t.Fatalf("NOT AVAILABLE (AIMS_TEST_REQUIRE_ALL is set): %s", what)
	}
	t.Skipf("SKIPPED, not available: %s", what)
}

// EmptyPostgres returns a new PostgreSQL database with nothing in it, not
// even the migrated schema, for tests of migrations themselves.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	if server == "" {
		Unavailable(t, "PostgreSQL: "+why)
	}
	name := fmt.Sprintf("aims_e_%d_%d", os.Getpid(), dbCounter.Add(1))
	if err := createDB(name, ""); err != nil {
		t.Fatalf("create empty database: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", server); err == nil {
			db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			db.Close()
		}
	})
	return withDB(server, name)
}
