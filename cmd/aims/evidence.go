package main

import (
	"context"
	"fmt"
	"io"

	"aims/internal/sqlstore"
)

// cmdEvidenceVerify recomputes the SHA-256 of every stored evidence file
// from its content and names, by organization, reference and title, every
// evidence record whose file changed or is missing; it exits 1 when any
// did. It reads each file a chunk at a time: memory stays flat however
// large the files.
func cmdEvidenceVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("evidence verify", stderr)
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
	bad := 0
	files, err := store.VerifyEvidence(ctx, func(p sqlstore.EvidenceProblem) error {
		bad++
		what := "CHANGED (its content no longer matches its SHA-256)"
		if p.Missing {
			what = "MISSING (its content is gone, in part or whole)"
		}
		_, err := fmt.Fprintf(stdout, "organization %d (%s): %s %q: %s; sha256 %s\n", p.OrgID, p.OrgName, p.Ref, p.Title, what, p.SHA256)
		return err
	})
	if err != nil {
		return err
	}
	if bad > 0 {
		return exitError{code: 1, msg: fmt.Sprintf("evidence BROKEN: %d evidence records hold a file that changed or is missing (of %d stored files)", bad, files)}
	}
	fmt.Fprintf(stdout, "evidence intact: %d stored files match their SHA-256\n", files)
	return nil
}
