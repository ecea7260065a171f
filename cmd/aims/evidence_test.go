package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// TestEvidenceVerify stores files in two organizations, then changes one
// chunk and deletes another directly in SQL: evidence verify names both
// records and exits 1.
func TestEvidenceVerify(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		mustCLI(t, noEnv, "", e.args([]string{"migrate"})...)
		st := openStore(t, e)
		var orgs []int64
		for _, name := range []string{"Acme AI", "Globex"} {
			o, err := st.CreateOrganization(ctx, name, "test")
			if err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, o.ID)
			for i, title := range []string{"Model card", "Bias test results"} {
				content := bytes.Repeat([]byte(fmt.Sprintf("%s of %s, line\n", title, name)), 1000*(i+1))
				sum := sha256.Sum256(content)
				if _, err := st.CreateEvidence(ctx, sqlstore.System(o.ID, "test"), aims.Evidence{Title: title, FileName: "f.txt", ContentType: "text/plain"},
					&sqlstore.FileContent{Content: bytes.NewReader(content), Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}); err != nil {
					t.Fatal(err)
				}
			}
		}
		r := mustCLI(t, noEnv, "", e.args([]string{"evidence", "verify"})...)
		if want := "evidence intact: 4 stored files match their SHA-256\n"; r.stdout != want {
			t.Errorf("evidence verify printed %q, want %q", r.stdout, want)
		}
		db := rawDB(t, e)
		for _, q := range []string{
			fmt.Sprintf(`UPDATE evidence_chunks SET data = data || data WHERE org_id = %d AND sha256 = (SELECT sha256 FROM evidence WHERE org_id = %d AND number = 2)`, orgs[0], orgs[0]),
			fmt.Sprintf(`DELETE FROM evidence_chunks WHERE org_id = %d AND sha256 = (SELECT sha256 FROM evidence WHERE org_id = %d AND number = 1)`, orgs[1], orgs[1]),
		} {
			if res, err := db.Exec(q); err != nil {
				t.Fatalf("tamper %q: %v", q, err)
			} else if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("tamper %q changed nothing", q)
			}
		}
		r = cli(t, noEnv, "", e.args([]string{"evidence", "verify"})...)
		var ex exitError
		if !errors.As(r.err, &ex) || ex.code != 1 || !strings.Contains(ex.msg, "BROKEN: 2 evidence records") {
			t.Fatalf("evidence verify after tampering: %v, want exit 1 naming 2 records", r.err)
		}
		for _, want := range []string{
			fmt.Sprintf(`organization %d (Acme AI): EV-2 "Bias test results": CHANGED`, orgs[0]),
			fmt.Sprintf(`organization %d (Globex): EV-1 "Model card": MISSING`, orgs[1]),
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("evidence verify printed %q, want it to contain %q", r.stdout, want)
			}
		}
		if n := strings.Count(r.stdout, "\n"); n != 2 {
			t.Errorf("evidence verify printed %d lines, want 2:\n%s", n, r.stdout)
		}
	})
}

// TestMaxUploadFlag: the upload limit must be a sensible number of MiB,
// from the flag or the environment.
func TestMaxUploadFlag(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  []string
		args []string
	}{
		{nil, []string{"serve", "--data", t.TempDir(), "--max-upload-mb", "0"}},
		{[]string{"AIMS_MAX_UPLOAD_MB", "lots"}, []string{"serve", "--data", t.TempDir()}},
	} {
		r := cli(t, envOf(c.env...), "", c.args...)
		var ex exitError
		if !errors.As(r.err, &ex) || ex.code != 2 || !strings.Contains(ex.msg, "max-upload-mb") {
			t.Errorf("%v %v: %v, want exit 2 naming --max-upload-mb", c.env, c.args, r.err)
		}
	}
}
