package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentConcernTriage: eight people triage one concern from the
// same read at once; exactly one triage is saved.
func TestConcurrentConcernTriage(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		con, err := s.CreateConcern(ctx, f.admin, aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernBias, Description: "Declined"})
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		ok, errs := race(8, func(i int) error {
			tri := con
			tri.Status, tri.Severity, tri.Resolution = aims.ConcernTriaged, aims.SeverityMedium, fmt.Sprint("writer ", i)
			_, err := s.UpdateConcern(ctx, f.admin, tri)
			return err
		})
		wantOne(t, "triage", ok, errs)
		if n := auditCount(t, s, f.org.ID); n != events+1 {
			t.Errorf("audit events = %d, want %d", n, events+1)
		}
		ok, errs = race(8, func(i int) error {
			_, err := s.SetConcernChannel(ctx, f.admin, 0, aims.ChannelEnable)
			return err
		})
		wantOne(t, "enable the public page", ok, errs)
	})
}

// TestConcurrentPublicCeiling: many public submissions at once, from an
// organization with room for only a few more: the ceiling holds exactly,
// since each submission counts under the organization's lock.
func TestConcurrentPublicCeiling(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		const room = 3
		for i := 0; i < aims.PublicDailyLimit-room; i++ {
			if _, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernOther, Description: "before"}, fmt.Sprint("pre", i)); err != nil {
				t.Fatal(err)
			}
		}
		ok, errs := race(16, func(i int) error {
			_, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernOther, Description: "flood"}, fmt.Sprint("race", i))
			return err
		})
		if ok != room {
			t.Errorf("%d of 16 concurrent submissions accepted, want %d", ok, room)
		}
		for _, err := range errs {
			if !errors.Is(err, aims.ErrConcernCeiling) {
				t.Errorf("a refused submission got %v, want the ceiling", err)
			}
		}
		page, err := s.Concerns(ctx, f.org.ID, aims.ConcernFilter{ListParams: aims.ListParams{Limit: 1}})
		if err != nil || page.Total != aims.PublicDailyLimit {
			t.Errorf("stored %d public concerns, %v; want %d", page.Total, err, aims.PublicDailyLimit)
		}
	})
}
