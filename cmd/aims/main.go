// Command aims is the AI management system for ISO/IEC 42001: web UI, JSON
// API and command line in one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if !errors.As(err, &ex) || ex.msg != "" {
			fmt.Fprintln(os.Stderr, "aims:", err)
		}
		code := 1
		if errors.As(err, &ex) {
			code = ex.code
		}
		os.Exit(code)
	}
}

// exitError ends the program with a specific status.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

const usage = `aims: AI management system for ISO/IEC 42001

Usage:
  aims serve   --data DIR --addr HOST:PORT [--database URL]   serve the web UI and API
  aims demo    --data DIR --addr HOST:PORT [--database URL]   create the demo organization if absent, and serve
  aims migrate --data DIR [--database URL]                     bring the database schema up to date
  aims user add --data DIR --org NAME --email E --name N --role ROLE [--reset-password]
               add a person, active at once; a new account's password is read from standard
               input; an existing account keeps its password unless --reset-password is given
  aims token create --data DIR --org NAME --email E --name LABEL [--read-only] [--expires YYYY-MM-DD]
               print a new API token
  aims audit verify --data DIR [--database URL] [--checkpoint FILE]
               check every organization's keyed audit chain, and that nothing before the
               checkpointed heads changed
  aims audit checkpoint --data DIR [--database URL]           print every organization's signed chain head (JSON)
  aims audit reseal --data DIR [--database URL] --reason TEXT reseal every chain with the present key, when
               the key it was sealed with is lost for good
  aims evidence verify --data DIR [--database URL]           recompute every stored evidence file's SHA-256;
               name each that changed or is missing (exit 1)
  aims check --system REF (--url URL | --data DIR [--database URL] --org NAME) [--json]
               exit 0 when the AI system's evidence is complete, 1 with each reason when
               not (the API token is read from AIMS_TOKEN), 2 when it could not be checked
  aims version

Environment: AIMS_DATA, AIMS_ADDR and AIMS_DATABASE_URL give the defaults of
--data, --addr and --database. --database takes postgres://... (or a
key=value connection string); without it aims keeps an SQLite file in DIR.
The audit key is AIMS_AUDIT_KEY (64 hex digits) or DIR/audit.key, created
at the first start; every replica must use the same one.
`

// run is the whole program, with its environment passed in so tests can
// drive every subcommand in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError{code: 2}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, getenv, stdout, stderr, false)
	case "demo":
		return cmdServe(ctx, rest, getenv, stdout, stderr, true)
	case "migrate":
		return cmdMigrate(ctx, rest, getenv, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return usageError(stderr, "aims user add ...")
		}
		return cmdUserAdd(ctx, rest[1:], getenv, stdin, stdout, stderr)
	case "token":
		if len(rest) == 0 || rest[0] != "create" {
			return usageError(stderr, "aims token create ...")
		}
		return cmdTokenCreate(ctx, rest[1:], getenv, stdout, stderr)
	case "audit":
		switch {
		case len(rest) > 0 && rest[0] == "verify":
			return cmdAuditVerify(ctx, rest[1:], getenv, stdout, stderr)
		case len(rest) > 0 && rest[0] == "checkpoint":
			return cmdAuditCheckpoint(ctx, rest[1:], getenv, stdout, stderr)
		case len(rest) > 0 && rest[0] == "reseal":
			return cmdAuditReseal(ctx, rest[1:], getenv, stdout, stderr)
		}
		return usageError(stderr, "aims audit verify|checkpoint|reseal ...")
	case "evidence":
		if len(rest) == 0 || rest[0] != "verify" {
			return usageError(stderr, "aims evidence verify ...")
		}
		return cmdEvidenceVerify(ctx, rest[1:], getenv, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "aims", version)
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return exitError{code: 2, msg: "unknown command " + cmd}
}

func usageError(stderr io.Writer, what string) error {
	fmt.Fprint(stderr, usage)
	return exitError{code: 2, msg: "usage: " + what}
}

// storage holds the flags every subcommand that touches the database
// takes, and the audit key from the environment.
type storage struct {
	data     string
	database string
	key      string // AIMS_AUDIT_KEY
}

func (s *storage) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&s.data, "data", envOr(getenv, "AIMS_DATA", "data"), "data folder: the SQLite database and the audit key file (env AIMS_DATA)")
	fs.StringVar(&s.database, "database", getenv("AIMS_DATABASE_URL"), "PostgreSQL URL instead of SQLite in the data folder (env AIMS_DATABASE_URL)")
	s.key = getenv("AIMS_AUDIT_KEY")
}

// source is the data source for sqlstore.Open.
func (s storage) source() string {
	if s.database != "" {
		return s.database
	}
	return filepath.Join(s.data, "aims.db")
}

// describe names the database without its password, for messages.
func (s storage) describe() string {
	if s.database == "" {
		return "SQLite " + s.source()
	}
	return "PostgreSQL"
}

// open connects and migrates, with the audit key (created at the first
// start of an installation).
func (s storage) open(ctx context.Context, log *slog.Logger) (*sqlstore.Store, error) {
	st, err := s.connect(ctx, log, true)
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// connect opens the database with the audit key, without migrating.
func (s storage) connect(ctx context.Context, log *slog.Logger, createKey bool) (*sqlstore.Store, error) {
	key, err := s.auditKey(createKey)
	if err != nil {
		return nil, err
	}
	return sqlstore.Open(ctx, s.source(), sqlstore.Options{Logger: log, AuditKey: key})
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("aims "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitError{code: 0}
		}
		return exitError{code: 2, msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return exitError{code: 2, msg: "unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	return nil
}

// required reports the first missing flag, in the order given.
func required(flags ...[2]string) error {
	for _, f := range flags {
		if strings.TrimSpace(f[1]) == "" {
			return exitError{code: 2, msg: "--" + f[0] + " is required"}
		}
	}
	return nil
}

func loadCatalog() (*catalog.Catalog, error) {
	c, err := catalog.Load()
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}
