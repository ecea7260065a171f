package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

const password = "correct horse battery staple"

// userAdd is the argument list of aims user add on an engine.
func (e engine) userAdd(org, email, name, role string) []string {
	return e.args([]string{"user", "add"}, "--org", org, "--email", email, "--name", name, "--role", role)
}

// checkPassword reports whether the stored hash of email accepts pw.
func checkPassword(t *testing.T, st *sqlstore.Store, email, pw string) bool {
	t.Helper()
	acct, err := st.AccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("account %s: %v", email, err)
	}
	ok, err := secret.CheckPassword(acct.PasswordHash, pw)
	if err != nil {
		t.Fatalf("check password of %s: %v", email, err)
	}
	return ok
}

func roleIn(t *testing.T, st *sqlstore.Store, email string) map[string]aims.Role {
	t.Helper()
	acct, err := st.AccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("account %s: %v", email, err)
	}
	ms, err := st.Memberships(context.Background(), acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]aims.Role{}
	for _, m := range ms {
		out[m.OrgName] = m.Role
	}
	return out
}

func TestUserAdd(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		r := mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada Lovelace", "admin")...)
		if want := "added Ada Lovelace <ada@acme.test> to Acme AI as admin\nnew account: the password from standard input is set\n"; r.stdout != want {
			t.Errorf("user add printed %q, want %q", r.stdout, want)
		}
		if strings.Contains(r.stdout+r.stderr, password) {
			t.Errorf("user add echoed the password")
		}
		st := openStore(t, e)
		org, err := st.OrganizationByName(ctx, "Acme AI")
		if err != nil {
			t.Fatalf("organization not created: %v", err)
		}
		if !checkPassword(t, st, "ada@acme.test", password) {
			t.Errorf("the stored hash does not accept the password from standard input")
		}
		if checkPassword(t, st, "ada@acme.test", password+"\n") {
			t.Errorf("the stored password kept the newline")
		}

		// The person signs in to the web application with that password.
		ts := webServer(t, st)
		resp, cookie := signin(t, ts.URL, "ada@acme.test", password)
		if resp.StatusCode != http.StatusSeeOther || cookie == nil {
			t.Errorf("sign-in with the new password = %d, cookie %v; want 303 and a session", resp.StatusCode, cookie)
		} else if resp, _ := get(t, ts.URL+"/", "Cookie", cookie.Name+"="+cookie.Value); resp.StatusCode != http.StatusOK {
			t.Errorf("GET / after sign-in = %d, want 200", resp.StatusCode)
		}
		if resp, _ := signin(t, ts.URL, "ada@acme.test", "not the password at all"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("sign-in with a wrong password = %d, want 401", resp.StatusCode)
		}

		// Further people join the existing organization, one of each role;
		// the e-mail address is normalized.
		for _, role := range aims.Roles[1:] {
			email := " " + strings.ToUpper(string(role[:1])) + string(role[1:]) + "@Acme.Test "
			r := mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", email, "The "+string(role), string(role))...)
			want := "added The " + string(role) + " <" + string(role) + "@acme.test> to Acme AI as " + string(role) + "\nnew account: the password from standard input is set\n"
			if r.stdout != want {
				t.Errorf("user add %s printed %q, want %q", role, r.stdout, want)
			}
		}
		orgs, err := st.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 1 {
			t.Errorf("%d organizations after adding five people to one, want 1", len(orgs))
		}
		members, err := st.Members(ctx, org.ID, aims.ListParams{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]aims.Role{}
		for _, m := range members.Items {
			got[m.Email] = m.Role
			if !m.Active || m.Pending {
				t.Errorf("member %s: active %v, pending %v; want active at once", m.Email, m.Active, m.Pending)
			}
		}
		want := map[string]aims.Role{"ada@acme.test": aims.RoleAdmin}
		for _, role := range aims.Roles[1:] {
			want[string(role)+"@acme.test"] = role
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("members (-want +got):\n%s", diff)
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
	})
}

// TestUserAddToSecondOrganization: a person can hold a different role in
// another organization, which the command creates.
func TestUserAddToSecondOrganization(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada Lovelace", "admin")...)
		mustCLI(t, noEnv, password+"\n", e.userAdd("Globex", "ada@acme.test", "Ada Lovelace", "auditor")...)
		st := openStore(t, e)
		if diff := cmp.Diff(map[string]aims.Role{"Acme AI": aims.RoleAdmin, "Globex": aims.RoleAuditor}, roleIn(t, st, "ada@acme.test")); diff != "" {
			t.Errorf("memberships (-want +got):\n%s", diff)
		}
	})
}

// TestUserAddPasswordInput checks how the password line is read.
func TestUserAddPasswordInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, stdin, want string }{
		{"newline", password + "\n", password},
		{"crlf", password + "\r\n", password},
		{"no newline", password, password},
		{"first line only", password + "\nsecond line\n", password},
		{"inner spaces kept", "  spaces  inside  \n", "  spaces  inside  "},
		{"exactly 12", "123456789012\n", "123456789012"},
		{"12 non-ASCII characters", strings.Repeat("é", 12) + "\n", strings.Repeat("é", 12)},
		{"exactly 256", strings.Repeat("p", aims.MaxPassword) + "\n", strings.Repeat("p", aims.MaxPassword)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mustCLI(t, noEnv, tc.stdin, "user", "add", "--data", dir, "--org", "Acme", "--email", "ada@acme.test", "--name", "Ada", "--role", "viewer")
			st := openStore(t, engine{source: filepath.Join(dir, "aims.db"), data: dir})
			if !checkPassword(t, st, "ada@acme.test", tc.want) {
				t.Errorf("stdin %q: the stored password is not %q", tc.stdin, tc.want)
			}
		})
	}
}

// TestUserAddBadPassword refuses passwords outside 12..256 characters with
// a clear error, and creates neither the organization nor the person.
func TestUserAddBadPassword(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		for _, tc := range []struct{ name, stdin, want string }{
			{"short", "short\n", "at least 12 characters"},
			{"11 characters", "12345678901\n", "at least 12 characters"},
			{"empty", "", "at least 12 characters"},
			{"blank line", "\n", "at least 12 characters"},
			{"11 characters in 22 bytes", strings.Repeat("é", 11) + "\n", "at least 12 characters"},
			{"too long", strings.Repeat("p", aims.MaxPassword+1) + "\n", "at most 256"},
			{"far too long", strings.Repeat("p", 10000), "at most 256"},
		} {
			r := cli(t, noEnv, tc.stdin, e.userAdd("Acme AI", "ada@acme.test", "Ada", "admin")...)
			if r.err == nil {
				t.Errorf("%s password accepted: %q", tc.name, r.stdout)
				continue
			}
			if exitCode(r.err) == 0 {
				t.Errorf("%s password: exit code 0", tc.name)
			}
			if msg := r.err.Error(); !strings.Contains(msg, "password") || !strings.Contains(msg, tc.want) {
				t.Errorf("%s password: error %q, want it to say the password must be %s", tc.name, msg, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("%s password: printed %q", tc.name, r.stdout)
			}
		}
		mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		st := openStore(t, e)
		checkNothingCreated(t, st, "Acme AI", "ada@acme.test")
	})
}

func checkNothingCreated(t *testing.T, st *sqlstore.Store, org, email string) {
	t.Helper()
	ctx := context.Background()
	if o, err := st.OrganizationByName(ctx, org); !errors.Is(err, aims.ErrNotFound) {
		t.Errorf("organization %q after a refused user add: %+v, %v; want not found", org, o, err)
	}
	if a, err := st.AccountByEmail(ctx, email); !errors.Is(err, aims.ErrNotFound) {
		t.Errorf("account %s after a refused user add: %+v, %v; want not found", email, a, err)
	}
}

// TestUserAddUsageErrors refuses bad invocations with exit code 2 before
// reading a password or opening the database.
func TestUserAddUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	full := map[string]string{"--org": "Acme", "--email": "ada@acme.test", "--name": "Ada", "--role": "admin"}
	argsWithout := func(skip string, extra ...string) []string {
		args := []string{"user", "add", "--data", dir}
		for _, f := range []string{"--org", "--email", "--name", "--role"} {
			if f != skip {
				args = append(args, f, full[f])
			}
		}
		return append(args, extra...)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown role", append(argsWithout("--role"), "--role", "owner"), "--role must be one of admin, manager, contributor, auditor, viewer"},
		{"role in capitals", append(argsWithout("--role"), "--role", "Admin"), "--role must be one of"},
		{"no org", argsWithout("--org"), "--org is required"},
		{"blank org", append(argsWithout("--org"), "--org", "  "), "--org is required"},
		{"no email", argsWithout("--email"), "--email is required"},
		{"no name", argsWithout("--name"), "--name is required"},
		{"no role", argsWithout("--role"), "--role is required"},
		{"stray argument", argsWithout("", "bob@acme.test"), "unexpected arguments: bob@acme.test"},
		{"unknown flag", argsWithout("", "--password", "x"), "flag provided but not defined"},
	}
	for _, tc := range cases {
		r := cli(t, noEnv, password+"\n", tc.args...)
		var ex exitError
		if !errors.As(r.err, &ex) || ex.code != 2 {
			t.Errorf("%s: error %v, want exit code 2", tc.name, r.err)
			continue
		}
		if !strings.Contains(ex.msg, tc.want) {
			t.Errorf("%s: message %q, want it to contain %q", tc.name, ex.msg, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%s: printed %q", tc.name, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "aims.db")); !os.IsNotExist(err) {
		t.Errorf("refused invocations created a database (%v)", err)
	}
}

// TestUserAddInvalidInput: input the store refuses gives a clear error and
// leaves nothing behind, not even the organization.
func TestUserAddInvalidInput(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		for _, tc := range []struct {
			name             string
			org, email, want string
		}{
			{"bad e-mail", "Acme AI", "not-an-address", "email: is not a valid e-mail address"},
			{"name too long", strings.Repeat("x", 500), "ada@acme.test", "invalid input"},
		} {
			r := cli(t, noEnv, password+"\n", e.userAdd(tc.org, tc.email, "Ada", "admin")...)
			if r.err == nil {
				t.Errorf("%s accepted: %q", tc.name, r.stdout)
				continue
			}
			if exitCode(r.err) == 0 || !strings.Contains(r.err.Error(), tc.want) {
				t.Errorf("%s: error %q (exit %d), want a non-zero exit mentioning %q", tc.name, r.err, exitCode(r.err), tc.want)
			}
			// The refusal comes before the database is touched at all.
			st := openStore(t, e)
			if _, err := st.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkNothingCreated(t, st, tc.org, tc.email)
		}
	})
}

// TestUserAddTwice: the same person cannot be added to one organization
// twice.
func TestUserAddTwice(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada", "admin")...)
		r := cli(t, noEnv, password+"\n", e.userAdd("Acme AI", "ADA@acme.test", "Ada", "viewer")...)
		if r.err == nil || !strings.Contains(r.err.Error(), "already a member") {
			t.Errorf("second add: %v, want already a member", r.err)
		}
		st := openStore(t, e)
		if diff := cmp.Diff(map[string]aims.Role{"Acme AI": aims.RoleAdmin}, roleIn(t, st, "ada@acme.test")); diff != "" {
			t.Errorf("memberships after a refused second add (-want +got):\n%s", diff)
		}
	})
}

// TestUserAddKeepsAnExistingPassword: adding an existing account to
// another organization leaves its password alone (and does not even read
// one); --reset-password changes it, ends its sessions, and each of its
// organizations' audit trails records the reset.
func TestUserAddKeepsAnExistingPassword(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, password+"\n", e.userAdd("Acme AI", "ada@acme.test", "Ada", "admin")...)
		r := mustCLI(t, noEnv, "a different password\n", e.userAdd("Globex", "ada@acme.test", "Ada", "auditor")...)
		if !strings.Contains(r.stdout, "its password is unchanged") {
			t.Errorf("second organization printed %q", r.stdout)
		}
		st := openStore(t, e)
		if !checkPassword(t, st, "ada@acme.test", password) {
			t.Fatal("adding to a second organization changed the password")
		}
		if r := cli(t, noEnv, password+"\n", e.userAdd("Globex", "ada@acme.test", "Ada", "auditor")...); r.err == nil {
			t.Error("adding twice without --reset-password succeeded")
		}
		r = mustCLI(t, noEnv, "a different password\n", append(e.userAdd("Globex", "ada@acme.test", "Ada", "auditor"), "--reset-password")...)
		if !strings.Contains(r.stdout, "password reset") {
			t.Errorf("reset printed %q", r.stdout)
		}
		if !checkPassword(t, st, "ada@acme.test", "a different password") {
			t.Error("--reset-password did not set the new password")
		}
		orgs, _ := st.Organizations(t.Context())
		for _, o := range orgs {
			if h, _ := st.AuditEvents(t.Context(), o.ID, sqlstoreFilter("reset-password")); h.Total != 1 {
				t.Errorf("%s's trail has %d resets, want 1", o.Name, h.Total)
			}
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
	})
}
