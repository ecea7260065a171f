package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

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
	store, err := sqlstore.Open(ctx, st.source(), sqlstore.Options{})
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

// orgFor finds an organization by name, creating it when create is set.
func orgFor(ctx context.Context, store *sqlstore.Store, name string, create bool) (aims.Organization, error) {
	org, err := store.OrganizationByName(ctx, name)
	if errors.Is(err, aims.ErrNotFound) && create {
		return store.CreateOrganization(ctx, name, "cli")
	}
	return org, err
}

func cmdUserAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	var st storage
	st.register(fs, getenv)
	org := fs.String("org", "", "organization name (created if absent)")
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "admin, manager, contributor, auditor or viewer")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"org", *org}, [2]string{"email", *email}, [2]string{"name", *name}, [2]string{"role", *role}); err != nil {
		return err
	}
	if !aims.Role(*role).Valid() {
		return exitError{code: 2, msg: "--role must be one of admin, manager, contributor, auditor, viewer"}
	}
	// Check everything before touching the database, so a refusal creates
	// no organization either.
	nm := aims.NewMember{Email: *email, Name: *name, Role: aims.Role(*role)}
	nm.Normalize()
	if err := errors.Join(aims.CheckOrgName(strings.TrimSpace(*org)), nm.Validate()); err != nil {
		return err
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, aims.MaxPassword+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := aims.CheckPassword(password); err != nil {
		return fmt.Errorf("password (from standard input) %s", err.(*aims.ValidationError).Fields["password"])
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	store, err := st.open(ctx, quietLog())
	if err != nil {
		return err
	}
	defer store.Close()
	o, err := orgFor(ctx, store, *org, true)
	if err != nil {
		return err
	}
	m, _, err := store.AddMember(ctx, sqlstore.System(o.ID, "cli"), nm, hash, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s <%s> to %s as %s\n", m.Name, m.Email, o.Name, m.Role)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("token create", stderr)
	var st storage
	st.register(fs, getenv)
	org := fs.String("org", "", "organization name")
	email := fs.String("email", "", "the user the token acts as")
	label := fs.String("name", "", "a label saying where the token is used")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := required([2]string{"org", *org}, [2]string{"email", *email}, [2]string{"name", *label}); err != nil {
		return err
	}
	store, err := st.open(ctx, quietLog())
	if err != nil {
		return err
	}
	defer store.Close()
	o, err := orgFor(ctx, store, *org, false)
	if err != nil {
		return err
	}
	acct, err := store.AccountByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("user %s: %w", *email, err)
	}
	token := secret.Token(web.TokenPrefix)
	if _, err := store.CreateAPIToken(ctx, sqlstore.System(o.ID, "cli"), acct.ID, *label, secret.HashToken(token), token[:len(web.TokenPrefix)+6]); err != nil {
		if errors.Is(err, aims.ErrNotFound) {
			return fmt.Errorf("%s is not a member of %s", *email, o.Name)
		}
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func cmdAuditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit verify", stderr)
	var st storage
	st.register(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	if st.database == "" {
		if _, err := os.Stat(st.source()); err != nil {
			return fmt.Errorf("no database at %s: %w", st.source(), err)
		}
	}
	store, err := sqlstore.Open(ctx, st.source(), sqlstore.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	n, err := store.VerifyAudit(ctx)
	if err != nil {
		if sqlstore.IsChainProblem(err) {
			return exitError{code: 1, msg: "audit trail BROKEN: " + err.Error()}
		}
		return err
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events verified\n", n)
	return nil
}
