package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func TestConcernLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores applicants"})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		con, err := s.CreateConcern(ctx, f.admin, aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernBias,
			Description: "I was declined and nobody told me why.\nPlease explain.", ReporterName: "A. Applicant", AISystemID: sys.ID})
		if err != nil {
			t.Fatalf("CreateConcern: %v", err)
		}
		if con.Ref != "CON-1" || con.Status != aims.ConcernNew || con.Summary != "I was declined and nobody told me why." ||
			con.ResponseDue.String() != "2026-12-27" || con.AISystemName != "CreditLens" || con.FollowUp {
			t.Errorf("created = %+v", con)
		}
		// Another organization's AI system or owner is refused as unknown.
		for name, bad := range map[string]aims.Concern{
			"foreign system": {Channel: aims.ChannelEmail, Category: aims.ConcernBias, Description: "d", AISystemID: theirs.ID},
			"foreign owner":  {Channel: aims.ChannelEmail, Category: aims.ConcernBias, Description: "d", OwnerID: other.users[aims.RoleAdmin]},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateConcern(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: %v, want a validation error", name, err)
			}
		}
		if _, err := s.Concern(ctx, other.org.ID, con.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization reads the concern: %v", err)
		}
		// Triage: severity is required once triaged.
		tri := con
		tri.Status = aims.ConcernTriaged
		if _, err := s.UpdateConcern(ctx, f.admin, tri); err == nil || !strings.Contains(err.Error(), "severity") {
			t.Errorf("triage without severity: %v", err)
		}
		tri.Severity, tri.OwnerID = aims.SeverityHigh, f.users[aims.RoleManager]
		c.advance(time.Hour)
		tri, err = s.UpdateConcern(ctx, f.admin, tri)
		if err != nil || tri.Version != 2 || tri.OwnerName != "The manager" {
			t.Fatalf("triage = %+v, %v", tri, err)
		}
		// A stale triage is refused.
		stale := con
		stale.Status, stale.Severity = aims.ConcernDismissed, aims.SeverityLow
		stale.Resolution = "Out of scope"
		if _, err := s.UpdateConcern(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale triage: %v, want conflict", err)
		}
		// Closing needs a resolution; the closing day is set and kept.
		done := tri
		done.Status = aims.ConcernResolved
		if _, err := s.UpdateConcern(ctx, f.admin, done); err == nil {
			t.Errorf("resolved without a resolution was accepted")
		}
		done.Resolution, done.Answer = "Explained the human review.", "A person reviewed your application."
		done, err = s.UpdateConcern(ctx, f.admin, done)
		if err != nil || done.ClosedOn.String() != "2026-11-27" {
			t.Fatalf("resolve = %+v, %v", done, err)
		}
		c.advance(48 * time.Hour)
		done.Answer += " You may ask for a new decision."
		if done, err = s.UpdateConcern(ctx, f.admin, done); err != nil || done.ClosedOn.String() != "2026-11-27" {
			t.Errorf("editing a closed concern moved its closing day: %s, %v", done.ClosedOn, err)
		}
		// Lists: filters, search, overdue.
		if _, err := s.CreateConcern(ctx, f.admin, aims.Concern{Channel: aims.ChannelPhone, Category: aims.ConcernPrivacy,
			Description: "The chat assistant kept my data", ReceivedOn: aims.DateOf(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))}); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]struct {
			f aims.ConcernFilter
			n int
		}{
			"all":        {aims.ConcernFilter{}, 2},
			"status":     {aims.ConcernFilter{Status: aims.ConcernResolved}, 1},
			"category":   {aims.ConcernFilter{Category: aims.ConcernPrivacy}, 1},
			"severity":   {aims.ConcernFilter{Severity: aims.SeverityHigh}, 1},
			"owner":      {aims.ConcernFilter{OwnerID: f.users[aims.RoleManager]}, 1},
			"system":     {aims.ConcernFilter{AISystemID: sys.ID}, 1},
			"overdue":    {aims.ConcernFilter{Overdue: true, Today: s.today()}, 1},
			"open":       {aims.ConcernFilter{Open: true}, 1},
			"search":     {aims.ConcernFilter{ListParams: aims.ListParams{Q: "assistant"}}, 1},
			"short term": {aims.ConcernFilter{ListParams: aims.ListParams{Q: "cr"}}, 1},
		} {
			want.f.Limit = 10
			page, err := s.Concerns(ctx, f.org.ID, want.f)
			if err != nil || page.Total != want.n || len(page.Items) != want.n {
				t.Errorf("%s: total %d items %d, %v; want %d", name, page.Total, len(page.Items), err, want.n)
			}
		}
		if page, _ := s.Concerns(ctx, other.org.ID, aims.ConcernFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 0 {
			t.Errorf("another organization lists %d concerns", page.Total)
		}
		// Archive and restore.
		arch, err := s.SetConcernArchived(ctx, f.admin, con.ID, done.Version, true)
		if err != nil || !arch.Archived {
			t.Fatalf("archive: %v", err)
		}
		if _, err := s.UpdateConcern(ctx, f.admin, arch); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("edit archived: %v", err)
		}
		if _, err := s.SetConcernArchived(ctx, f.admin, con.ID, arch.Version, false); err != nil {
			t.Errorf("restore: %v", err)
		}
		if _, err := s.SetConcernArchived(ctx, other.admin, con.ID, 0, true); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization archives: %v", err)
		}
		// The triaged concern supports A.3.3.
		sup, err := s.Supports(ctx, f.org.ID, "A.3.3", 10)
		if err != nil || len(sup) != 1 || sup[0].Ref != "CON-1" {
			t.Errorf("supports of A.3.3 = %+v, %v", sup, err)
		}
		var n int
		if err := s.EachConcern(ctx, f.org.ID, aims.ConcernFilter{}, func(aims.Concern) error { n++; return nil }); err != nil || n != 2 {
			t.Errorf("export: %d rows, %v", n, err)
		}
	})
}

func TestPublicConcerns(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		// The page is off until an admin enables it.
		if ch, err := s.ConcernChannel(ctx, f.org.ID); err != nil || ch.Enabled || ch.Version != 0 {
			t.Fatalf("initial channel = %+v, %v", ch, err)
		}
		ch, err := s.SetConcernChannel(ctx, f.admin, 0, aims.ChannelEnable)
		if err != nil || !ch.Enabled || len(ch.Key) != 22 || ch.Version != 1 {
			t.Fatalf("enable = %+v, %v", ch, err)
		}
		if _, err := s.SetConcernChannel(ctx, f.admin, 0, aims.ChannelEnable); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("second enable at version 0: %v, want conflict", err)
		}
		id, name, err := s.PublicChannel(ctx, ch.Key)
		if err != nil || id != f.org.ID || name != "acme" {
			t.Errorf("PublicChannel = %d %q %v", id, name, err)
		}
		con, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernSafety, Description: "The robot advisor told me to borrow more."}, "hash-1")
		if err != nil || con.Channel != aims.ChannelPublicForm || !con.FollowUp || con.Ref != "CON-1" {
			t.Fatalf("ReportConcern = %+v, %v", con, err)
		}
		v, err := s.ConcernStatus(ctx, f.org.ID, "hash-1")
		if err != nil || v.Status != aims.ConcernNew || v.ReceivedOn.String() != "2026-11-27" {
			t.Errorf("status = %+v, %v", v, err)
		}
		if _, err := s.ConcernStatus(ctx, other.org.ID, "hash-1"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's page finds the code: %v", err)
		}
		if _, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: "gossip", Description: "x"}, "hash-2"); err == nil {
			t.Errorf("unknown category accepted")
		}
		// Rotating the key retires the old address; disabling closes it.
		old := ch.Key
		if ch, err = s.SetConcernChannel(ctx, f.admin, ch.Version, aims.ChannelRotate); err != nil || ch.Key == old {
			t.Fatalf("rotate = %+v, %v", ch, err)
		}
		if _, _, err := s.PublicChannel(ctx, old); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("old key still answers: %v", err)
		}
		if _, err := s.SetConcernChannel(ctx, f.admin, 1, aims.ChannelDisable); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale disable: %v", err)
		}
		if ch, err = s.SetConcernChannel(ctx, f.admin, ch.Version, aims.ChannelDisable); err != nil || ch.Enabled {
			t.Fatalf("disable = %+v, %v", ch, err)
		}
		if _, _, err := s.PublicChannel(ctx, ch.Key); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("disabled page still answers: %v", err)
		}
		// The audit trail never holds the key.
		events, err := s.History(ctx, f.org.ID, aims.RegisterConcernChannel, "public-page")
		if err != nil || len(events) != 3 {
			t.Fatalf("channel history: %d events, %v", len(events), err)
		}
		for _, e := range events {
			for _, ch := range e.Changes {
				if strings.Contains(string(ch.New)+string(ch.Old), old) {
					t.Errorf("the audit trail holds the key")
				}
			}
		}
		// The daily ceiling: 50 public concerns in 24 hours, then refused.
		for i := 2; i <= aims.PublicDailyLimit; i++ {
			if _, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernOther, Description: "flood"}, fmt.Sprint("h", i)); err != nil {
				t.Fatalf("submission %d: %v", i, err)
			}
		}
		if _, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernOther, Description: "one too many"}, "h-over"); !errors.Is(err, aims.ErrConcernCeiling) {
			t.Errorf("51st submission: %v, want the ceiling", err)
		}
		// Concerns members record do not count against it.
		if _, err := s.CreateConcern(ctx, f.admin, aims.Concern{Channel: aims.ChannelPhone, Category: aims.ConcernOther, Description: "by phone"}); err != nil {
			t.Errorf("a member's concern refused at the ceiling: %v", err)
		}
		c.advance(25 * time.Hour)
		if _, err := s.ReportConcern(ctx, f.org.ID, aims.PublicConcern{Category: aims.ConcernOther, Description: "next day"}, "h-next"); err != nil {
			t.Errorf("submission the next day: %v", err)
		}
	})
}
