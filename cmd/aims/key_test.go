package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aims/internal/aims"
)

// TestAuditKeyFile: the first start creates the key file, readable by its
// owner only; later commands use it; a key others can read is refused;
// AIMS_AUDIT_KEY takes its place; and a different key cannot write to a
// database sealed with another.
func TestAuditKeyFile(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		path := filepath.Join(e.data, keyFile)
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v, mode %v; want 0600", err, fi.Mode().Perm())
		}
		b, _ := os.ReadFile(path)
		if _, err := aims.ParseAuditKey(string(b)); err != nil {
			t.Fatalf("key file holds %q: %v", b, err)
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		// A key others can read is refused, not used.
		os.Chmod(path, 0o644)
		if r := cli(t, noEnv, "", e.args([]string{"migrate"})...); r.err == nil || !strings.Contains(r.err.Error(), "chmod 600") {
			t.Errorf("world-readable key: %v", r.err)
		}
		os.Chmod(path, 0o600)
		// The same key through the environment works; another does not.
		mustCLI(t, envOf("AIMS_AUDIT_KEY", string(b)), "", e.args([]string{"migrate"})...)
		r := cli(t, envOf("AIMS_AUDIT_KEY", strings.Repeat("ab", 32)), "", e.args([]string{"migrate"})...)
		if r.err == nil || !strings.Contains(r.err.Error(), "sealed with key") {
			t.Errorf("another key: %v, want a refusal naming both keys", r.err)
		}
		r = cli(t, envOf("AIMS_AUDIT_KEY", strings.Repeat("ab", 32)), "", e.args([]string{"audit", "verify"})...)
		if r.err == nil || !strings.Contains(r.err.Error(), "cannot verify with this key") || strings.Contains(r.err.Error(), "BROKEN") {
			t.Errorf("verify with another key: %v, want it told apart from a broken trail", r.err)
		}
		if r := cli(t, envOf("AIMS_AUDIT_KEY", "short"), "", e.args([]string{"migrate"})...); r.err == nil || !strings.Contains(r.err.Error(), "AIMS_AUDIT_KEY") {
			t.Errorf("malformed key: %v", r.err)
		}
		// Verifying never creates a key.
		os.Rename(path, path+".moved")
		if r := cli(t, noEnv, "", e.args([]string{"audit", "verify"})...); r.err == nil || !strings.Contains(r.err.Error(), "no audit key") {
			t.Errorf("verify without a key: %v", r.err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("audit verify created a key file")
		}
	})
}

// TestCheckpointsLeaveTheDatabase: aims audit checkpoint prints every
// organization's signed head; verify --checkpoint then proves the trail
// up to it unchanged, and catches a trail cut short with its head rolled
// back, which nothing inside the database can.
func TestCheckpointsLeaveTheDatabase(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		org := auditFixture(t, e)
		r := mustCLI(t, noEnv, "", e.args([]string{"audit", "checkpoint"})...)
		var cf aims.CheckpointFile
		if err := json.Unmarshal([]byte(r.stdout), &cf); err != nil || len(cf.Checkpoints) != 2 {
			t.Fatalf("checkpoint printed %q: %v", r.stdout, err)
		}
		g := cf.Checkpoints[1]
		if g.OrgID != org || g.OrgName != "Globex" || g.Seq != 5 || g.Signature == "" || g.PublicKey == "" {
			t.Errorf("Globex's checkpoint = %+v", g)
		}
		file := filepath.Join(t.TempDir(), "checkpoint.json")
		os.WriteFile(file, []byte(r.stdout), 0o600)
		r = mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"}, "--checkpoint", file)...)
		if !strings.Contains(r.stdout, "checkpoint at event 5 (") || strings.Count(r.stdout, ") holds: every event up to it is unchanged") != 2 ||
			strings.Contains(r.stdout, "No checkpoint was given") {
			t.Errorf("verify with checkpoints printed %q", r.stdout)
		}
		// Cut Globex's trail back by two events and roll its head back.
		db := rawDB(t, e)
		var hash string
		db.QueryRow(`SELECT hash FROM audit_events WHERE org_id = $1 AND seq = 3`, org).Scan(&hash)
		db.Exec(`DELETE FROM audit_events WHERE org_id = $1 AND seq > 3`, org)
		db.Exec(`UPDATE audit_heads SET seq = 3, hash = $1 WHERE org_id = $2`, hash, org)
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...) // consistent in itself
		r = cli(t, noEnv, "", e.args([]string{"audit", "verify"}, "--checkpoint", file)...)
		if exitCode(r.err) != 1 || !strings.Contains(r.err.Error(), "(Globex): audit event 4: the chain ends at event 3 but a checkpoint") {
			t.Errorf("verify of a truncated trail with its checkpoint = %v", r.err)
		}
		// A checkpoint file that is not one is a usage error.
		os.WriteFile(file, []byte(`{"checkpoints": []}`), 0o600)
		if r := cli(t, noEnv, "", e.args([]string{"audit", "verify"}, "--checkpoint", file)...); exitCode(r.err) != 2 {
			t.Errorf("empty checkpoint file: %v", r.err)
		}
	})
}

// TestResealAfterALostKey: without the key the database refuses to start
// (a new key would break every chain); aims audit reseal starts the
// chains afresh under a new key, records why in every organization, and
// the checkpoints signed before no longer hold.
func TestResealAfterALostKey(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		auditFixture(t, e)
		old := mustCLI(t, noEnv, "", e.args([]string{"audit", "checkpoint"})...).stdout
		os.Remove(filepath.Join(e.data, keyFile))
		if r := cli(t, noEnv, "", e.args([]string{"migrate"})...); r.err == nil || !strings.Contains(r.err.Error(), "sealed with key") {
			t.Fatalf("start with a lost key: %v, want a refusal", r.err)
		}
		os.Remove(filepath.Join(e.data, keyFile)) // the refused start made a new one
		if r := cli(t, noEnv, "", e.args([]string{"audit", "reseal"})...); exitCode(r.err) != 2 {
			t.Errorf("reseal without a reason: %v", r.err)
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "reseal"}, "--reason", "the old server's disk failed")...)
		mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		r := mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		if !strings.HasPrefix(r.stdout, "audit trail intact: 9 events") {
			t.Errorf("after resealing: %q, want the 7 events and 2 reseal records", r.stdout)
		}
		file := filepath.Join(t.TempDir(), "old.json")
		os.WriteFile(file, []byte(old), 0o600)
		if r := cli(t, noEnv, "", e.args([]string{"audit", "verify"}, "--checkpoint", file)...); r.err == nil || !strings.Contains(r.err.Error(), "signed with another key") {
			t.Errorf("old checkpoint after resealing: %v", r.err)
		}
		st := openStore(t, e)
		orgs, _ := st.Organizations(t.Context())
		for _, o := range orgs {
			h, _ := st.History(t.Context(), o.ID, aims.RegisterOrganizations, itoa(o.ID))
			last := h[len(h)-1]
			if last.Action != "reseal-audit-chain" || !strings.Contains(string(last.Changes[2].New), "the old server's disk failed") {
				t.Errorf("%s's trail ends with %s %s", o.Name, last.Action, last.Changes)
			}
		}
	})
}
