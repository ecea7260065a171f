package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentContextAndProcessWrites: 8 writers holding one version of
// a context issue, a process and the context statement (its first write
// too): exactly one wins each time, and one event is written.
func TestConcurrentContextAndProcessWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		ci, err := s.CreateContextIssue(ctx, f.admin, aims.ContextIssue{Title: "t", Origin: aims.IssueExternal, Category: aims.IssueLegal})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := s.CreateProcess(ctx, f.admin, aims.Process{Name: "n", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		step := func(what string, write func(i int) error) {
			t.Helper()
			ok, errs := race(8, write)
			wantOne(t, what, ok, errs)
			if n := auditCount(t, s, f.org.ID); n != events+1 {
				t.Errorf("%s: %d audit events written, want 1", what, n-events)
			}
			events = auditCount(t, s, f.org.ID)
		}
		step("context issue update", func(i int) error {
			edit := ci
			edit.Title = fmt.Sprint("t", i)
			_, err := s.UpdateContextIssue(ctx, f.admin, edit)
			return err
		})
		step("context issue archive", func(int) error {
			_, err := s.SetContextIssueArchived(ctx, f.admin, ci.ID, 2, true)
			return err
		})
		step("process update", func(i int) error {
			edit := pr
			edit.Purpose = fmt.Sprint("p", i)
			_, err := s.UpdateProcess(ctx, f.admin, edit)
			return err
		})
		step("first context statement", func(i int) error {
			_, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{RolesNote: fmt.Sprint(i)})
			return err
		})
		step("context statement update", func(i int) error {
			_, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{RolesNote: fmt.Sprint("n", i), Version: 1})
			return err
		})
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("chain after the races: %v", err)
		}
	})
}
