package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
	"aims/internal/web"
)

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	var st storage
	st.register(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := st.connect(ctx, quietLog(), true)
	if err != nil {
		return err
	}
	defer store.Close()
	applied, err := store.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "%s: schema is up to date\n", st.describe())
		return nil
	}
	fmt.Fprintf(stdout, "%s: applied %s\n", st.describe(), strings.Join(applied, ", "))
	return nil
}

// orgFor finds an organization by name, creating it in the name of actor
// when actor is not empty.
func orgFor(ctx context.Context, store *sqlstore.Store, name, actor string) (aims.Organization, error) {
	org, err := store.OrganizationByName(ctx, name)
	if errors.Is(err, aims.ErrNotFound) && actor != "" {
		return store.CreateOrganization(ctx, name, actor)
	}
	return org, err
}

// operator names who runs a command in the audit trail: the operating
// system's user and host, and the command. The command line acts for the
// operator of the installation, not for a member.
func operator(command string) string {
	name := "unknown user"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown host"
	}
	return "operator " + name + "@" + host + " (aims " + command + ")"
}

func cmdUserAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	var st storage
	st.register(fs, getenv)
	org := fs.String("org", "", "organization name (created if absent)")
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "admin, manager, contributor, auditor or viewer")
	reset := fs.Bool("reset-password", false, "set a new password (from standard input) on an existing account, ending its sessions")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"org", *org}, [2]string{"email", *email}, [2]string{"name", *name}, [2]string{"role", *role}); err != nil {
		return err
	}
	if !aims.Role(*role).Valid() {
		return exitError{code: 2, msg: "--role must be one of admin, manager, contributor, auditor, viewer"}
	}
	nm := aims.NewMember{Email: *email, Name: *name, Role: aims.Role(*role)}
	nm.Normalize()
	if err := errors.Join(aims.CheckOrgName(strings.TrimSpace(*org)), nm.Validate()); err != nil {
		return err
	}
	store, err := st.open(ctx, quietLog())
	if err != nil {
		return err
	}
	defer store.Close()
	acct, err := store.AccountByEmail(ctx, nm.Email)
	exists := err == nil
	if err != nil && !errors.Is(err, aims.ErrNotFound) {
		return err
	}
	// Check everything before writing, so a refusal creates no
	// organization either. The password is read only when it will be
	// used: for a new account, an account that has none yet, or a reset.
	var hash string
	if !exists || *reset || acct.PasswordHash == "" {
		if hash, err = readPassword(stdin); err != nil {
			return err
		}
	}
	actor := operator("user add")
	o, err := orgFor(ctx, store, *org, actor)
	if err != nil {
		return err
	}
	out, err := store.AddMemberAsOperator(ctx, o.ID, nm, hash, *reset, actor)
	if err != nil {
		return err
	}
	m := out.Member
	switch {
	case out.Joined:
		fmt.Fprintf(stdout, "added %s <%s> to %s as %s\n", m.Name, m.Email, o.Name, m.Role)
	default:
		fmt.Fprintf(stdout, "%s <%s> is already a member of %s (as %s)\n", m.Name, m.Email, o.Name, m.Role)
	}
	switch {
	case out.NewAccount:
		fmt.Fprintln(stdout, "new account: the password from standard input is set")
	case out.PasswordSet && !*reset:
		fmt.Fprintln(stdout, "existing account without a password: the password from standard input is set, and each of its organizations' audit trail records it")
	case out.PasswordSet:
		fmt.Fprintln(stdout, "password reset: the account's sessions ended and its API tokens were revoked, and each of its organizations' audit trail records the reset")
	default:
		fmt.Fprintln(stdout, "existing account: its password is unchanged (add --reset-password to set a new one)")
	}
	return nil
}

// readPassword reads a password from the first line of standard input and
// hashes it.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, aims.MaxPassword+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := aims.CheckPassword(password); err != nil {
		return "", fmt.Errorf("password (from standard input) %s", err.(*aims.ValidationError).Fields["password"])
	}
	return secret.HashPassword(password)
}

func cmdTokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("token create", stderr)
	var st storage
	st.register(fs, getenv)
	org := fs.String("org", "", "organization name")
	email := fs.String("email", "", "the user the token acts as")
	label := fs.String("name", "", "a label saying where the token is used")
	readOnly := fs.Bool("read-only", false, "the token can read but never change anything")
	expires := fs.String("expires", "", "the token's last day (YYYY-MM-DD); none by default")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"org", *org}, [2]string{"email", *email}, [2]string{"name", *label}); err != nil {
		return err
	}
	nt := aims.NewAPIToken{Label: *label, ReadOnly: *readOnly}
	var err error
	if nt.ExpiresOn, err = aims.ParseDate(*expires); err != nil {
		return exitError{code: 2, msg: "--expires must be a date (YYYY-MM-DD)"}
	}
	store, err := st.open(ctx, quietLog())
	if err != nil {
		return err
	}
	defer store.Close()
	o, err := orgFor(ctx, store, *org, "")
	if err != nil {
		return err
	}
	acct, err := store.AccountByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("user %s: %w", *email, err)
	}
	token := secret.Token(web.TokenPrefix)
	if _, err := store.CreateAPIToken(ctx, sqlstore.System(o.ID, operator("token create")), acct.ID, nt, secret.HashToken(token), token[:len(web.TokenPrefix)+6]); err != nil {
		if errors.Is(err, aims.ErrNotFound) {
			return fmt.Errorf("%s is not a member of %s", *email, o.Name)
		}
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// existing opens a database for the audit commands: one that must exist
// already, without migrating it. Only reseal may create a key: a new key
// proves nothing about chains sealed with another.
func existing(ctx context.Context, st storage, createKey bool) (*sqlstore.Store, error) {
	if st.database == "" {
		if _, err := os.Stat(st.source()); err != nil {
			return nil, fmt.Errorf("no database at %s: %w", st.source(), err)
		}
	}
	return st.connect(ctx, quietLog(), createKey)
}

func cmdAuditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit verify", stderr)
	var st storage
	st.register(fs, getenv)
	file := fs.String("checkpoint", "", "a file of signed chain heads (from aims audit checkpoint or the audit log page) that must still hold")
	if err := parse(fs, args); err != nil {
		return err
	}
	var cf aims.CheckpointFile
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		if err := json.Unmarshal(b, &cf); err != nil || len(cf.Checkpoints) == 0 {
			return exitError{code: 2, msg: "checkpoint: " + *file + " holds no checkpoints (want the JSON aims audit checkpoint prints)"}
		}
	}
	store, err := existing(ctx, st, false)
	if err != nil {
		return err
	}
	defer store.Close()
	report, err := store.VerifyAudit(ctx, cf.Checkpoints...)
	var km *sqlstore.KeyMismatch
	switch {
	case sqlstore.IsChainProblem(err):
		return exitError{code: 1, msg: "audit trail BROKEN: " + err.Error()}
	case errors.As(err, &km):
		return exitError{code: 1, msg: "cannot verify with this key: " + err.Error()}
	case err != nil:
		return err
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events verified with audit key %s\n", report.Events, report.KeyID)
	for _, o := range report.Orgs {
		fmt.Fprintf(stdout, "  organization %d (%s): %d events, head event %d, hash %s\n", o.Org.ID, o.Org.Name, o.Events, o.HeadSeq, o.HeadHash)
		for _, c := range o.Checkpoints {
			fmt.Fprintf(stdout, "    checkpoint at event %d (%s, hash %s, signed with key %s) holds: every event up to it is unchanged\n",
				c.Seq, c.At.Format("2006-01-02 15:04:05 UTC"), c.Hash, c.KeyID)
		}
	}
	if len(cf.Checkpoints) == 0 {
		fmt.Fprintln(stdout, "No checkpoint was given: this proves no event was altered, reordered or removed from the middle, "+
			"but not that none was removed from the end with the head moved back. For that, keep the output of "+
			"aims audit checkpoint outside aims and give it here with --checkpoint.")
	}
	return nil
}

func cmdAuditCheckpoint(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit checkpoint", stderr)
	var st storage
	st.register(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := existing(ctx, st, false)
	if err != nil {
		return err
	}
	defer store.Close()
	cs, err := store.Checkpoints(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(aims.CheckpointFile{CreatedAt: aims.AuditTime(time.Now()), Checkpoints: cs}, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}

func cmdAuditReseal(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit reseal", stderr)
	var st storage
	st.register(fs, getenv)
	reason := fs.String("reason", "", "why the old key cannot be used (recorded in every organization's trail)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"reason", *reason}); err != nil {
		return err
	}
	store, err := existing(ctx, st, true)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Reseal(ctx, *reason, operator("audit reseal")); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "every audit chain is resealed with the present key; each organization's trail records it, and checkpoints signed before no longer match")
	return nil
}
