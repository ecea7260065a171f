package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aims/internal/aims"
)

// auditFixture fills a migrated database: Acme AI with two audit events,
// then Globex with five (creation, a member, three tokens made by the
// command line). People are added through the store with a placeholder
// hash, which keeps the many fixtures of these tests free of argon2 work.
// It returns Globex's organization ID.
func auditFixture(t *testing.T, e engine) int64 {
	t.Helper()
	ctx := context.Background()
	mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
	st := openStore(t, e)
	var globex aims.Organization
	for _, p := range []struct{ org, email string }{{"Acme AI", "ada@acme.test"}, {"Globex", "gus@globex.test"}} {
		o, err := st.CreateOrganization(ctx, p.org, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddMemberAsOperator(ctx, o.ID, aims.NewMember{Email: p.email, Name: "Someone", Role: aims.RoleAdmin}, "placeholder", false, "test"); err != nil {
			t.Fatal(err)
		}
		globex = o
	}
	for i := range 3 {
		newToken(t, e, "Globex", "gus@globex.test", fmt.Sprint("token ", i))
	}
	return globex.ID
}

// rawDB opens the database under the store, to tamper with it.
func rawDB(t *testing.T, e engine) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if e.name == "postgres" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, e.source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestAuditVerifyIntact(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		auditFixture(t, e)
		r := mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		for _, want := range []string{"audit trail intact: 7 events verified with audit key ",
			"\n  organization 1 (Acme AI): 2 events, head event 2, hash ", "\n  organization 2 (Globex): 5 events, head event 5, hash ",
			"No checkpoint was given"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("audit verify printed %q, want it to contain %q", r.stdout, want)
			}
		}
		// The environment selects the database as well as the flags do.
		r = mustCLI(t, envOf(e.envs...), "", "audit", "verify")
		if !strings.HasPrefix(r.stdout, "audit trail intact: 7 ") {
			t.Errorf("audit verify from the environment printed %q", r.stdout)
		}
	})
}

func TestAuditVerifyEmptyDatabase(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		r := mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		if want := "audit trail intact: 0 events verified"; !strings.HasPrefix(r.stdout, want) {
			t.Errorf("audit verify of an empty database printed %q, want %q", r.stdout, want)
		}
	})
}

// TestAuditVerifyDetectsTampering edits Globex's stored events directly and
// expects audit verify to fail naming Globex and the first broken event.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tamper []string // statements; $ORG is Globex's ID
		want   string   // after "organization N (Globex): "
	}{
		{"altered actor", []string{`UPDATE audit_events SET actor = 'mallory' WHERE org_id = $ORG AND seq = 3`},
			"audit event 3: its content does not match its hash"},
		{"altered changes", []string{`UPDATE audit_events SET changes = '[]' WHERE org_id = $ORG AND seq = 2`},
			"audit event 2: its content does not match its hash"},
		{"altered hash", []string{`UPDATE audit_events SET hash = '` + strings.Repeat("0", 64) + `' WHERE org_id = $ORG AND seq = 4`},
			"audit event 4: its content does not match its hash"},
		{"removed from the middle", []string{`DELETE FROM audit_events WHERE org_id = $ORG AND seq = 3`},
			"audit event 4: sequence 4 follows 2"},
		{"removed the first", []string{`DELETE FROM audit_events WHERE org_id = $ORG AND seq = 1`},
			"audit event 2: sequence 2 follows 0"},
		{"removed the last", []string{`DELETE FROM audit_events WHERE org_id = $ORG AND seq = 5`},
			"audit event 5: the chain ends at event 4 but its head records event 5"},
		{"removed all", []string{`DELETE FROM audit_events WHERE org_id = $ORG`},
			"audit event 1: the chain ends at event 0 but its head records event 5"},
		// Two events swap places: move them through a free number so the
		// unique (org_id, seq) constraint holds at every step.
		{"reordered", []string{
			`UPDATE audit_events SET seq = 1000 WHERE org_id = $ORG AND seq = 3`,
			`UPDATE audit_events SET seq = 3 WHERE org_id = $ORG AND seq = 4`,
			`UPDATE audit_events SET seq = 4 WHERE org_id = $ORG AND seq = 1000`,
		}, "audit event 3: "},
		{"reordered last two", []string{
			`UPDATE audit_events SET seq = 1000 WHERE org_id = $ORG AND seq = 4`,
			`UPDATE audit_events SET seq = 4 WHERE org_id = $ORG AND seq = 5`,
			`UPDATE audit_events SET seq = 5 WHERE org_id = $ORG AND seq = 1000`,
		}, "audit event 4: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, e engine) {
				org := auditFixture(t, e)
				mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
				db := rawDB(t, e)
				for _, q := range tc.tamper {
					res, err := db.Exec(strings.ReplaceAll(q, "$ORG", fmt.Sprint(org)))
					if err != nil {
						t.Fatalf("tamper %q: %v", q, err)
					}
					if n, _ := res.RowsAffected(); n == 0 {
						t.Fatalf("tamper %q changed nothing", q)
					}
				}
				r := cli(t, noEnv, "", e.args([]string{"audit", "verify"})...)
				var ex exitError
				if !errors.As(r.err, &ex) || ex.code == 0 {
					t.Fatalf("audit verify after tampering: %v (stdout %q), want a non-zero exit", r.err, r.stdout)
				}
				want := fmt.Sprintf("organization %d (Globex): %s", org, tc.want)
				if !strings.Contains(ex.msg, want) {
					t.Errorf("audit verify said %q, want it to contain %q", ex.msg, want)
				}
				if !strings.Contains(ex.msg, "BROKEN") {
					t.Errorf("audit verify said %q, want it to say the trail is BROKEN", ex.msg)
				}
				if strings.Contains(r.stdout, "intact") {
					t.Errorf("audit verify printed %q after tampering", r.stdout)
				}
			})
		})
	}
}

// TestAuditVerifyNamesFirstBrokenOrganization tampers with both
// organizations; the first one is reported.
func TestAuditVerifyNamesFirstBrokenOrganization(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		auditFixture(t, e)
		db := rawDB(t, e)
		if _, err := db.Exec(`UPDATE audit_events SET action = 'delete' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		r := cli(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		if exitCode(r.err) == 0 || !strings.Contains(r.err.Error(), "(Acme AI): audit event 2: ") {
			t.Errorf("audit verify = %v, want Acme AI's event 2 named", r.err)
		}
	})
}

// TestAuditVerifyMissingDatabase: verifying a folder that holds no
// database fails, and leaves no empty database (or folder) behind.
func TestAuditVerifyMissingDatabase(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "no", "such", "folder")
	r := cli(t, noEnv, "", "audit", "verify", "--data", data)
	if exitCode(r.err) == 0 {
		t.Errorf("audit verify of a missing database exited 0: %q", r.stdout)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("audit verify created %s (%v); a read-only check should not create a database", data, err)
	}
}
