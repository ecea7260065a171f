package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"aims/internal/aims"
)

func day(t *testing.T, s string) aims.Date {
	t.Helper()
	d, err := aims.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCommunicationPlan(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		item, err := s.CreateCommunication(ctx, f.admin, aims.Communication{Subject: " Quarterly AIMS update ", Audience: aims.AudienceInternal,
			AudienceDetail: "Board of directors", Frequency: aims.FrequencyQuarterly, NextDue: day(t, "2026-12-15"), Channel: "Board pack",
			OwnerID: f.users[aims.RoleManager], InterestedParty: "Board"})
		if err != nil {
			t.Fatalf("CreateCommunication: %v", err)
		}
		if item.Ref != "COM-1" || item.Subject != "Quarterly AIMS update" || item.OwnerName != "The manager" || item.Sends != 0 {
			t.Errorf("created = %+v", item)
		}
		if _, err := s.CreateCommunication(ctx, f.admin, aims.Communication{Subject: "x", Audience: aims.AudienceExternal, AudienceDetail: "y",
			Frequency: aims.FrequencyOnce, Channel: "web", OwnerID: other.users[aims.RoleAdmin]}); err == nil {
			t.Errorf("another organization's owner accepted")
		}
		// No support for 7.4 until something is logged.
		if sup, _ := s.Supports(ctx, f.org.ID, "7.4", 5); len(sup) != 0 {
			t.Errorf("an unsent plan item supports 7.4")
		}
		send := aims.CommunicationSend{SentOn: day(t, "2026-11-20"), What: "Q3 AIMS report", Recipients: "Board", SentByID: f.users[aims.RoleManager],
			Link: "https://intranet.example/board/q3", Version: 1}
		logged, err := s.LogCommunication(ctx, f.admin, item.ID, send)
		if err != nil {
			t.Fatalf("LogCommunication: %v", err)
		}
		if logged.Version != 2 || logged.Sends != 1 || logged.LastSent.String() != "2026-11-20" || logged.NextDue.String() != "2027-02-20" {
			t.Errorf("after logging = %+v", logged)
		}
		// A second entry from the same stale read is refused, and writes nothing.
		if _, err := s.LogCommunication(ctx, f.admin, item.ID, send); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale log: %v", err)
		}
		if _, err := s.LogCommunication(ctx, other.admin, item.ID, aims.CommunicationSend{SentOn: day(t, "2026-11-20"), What: "w", Recipients: "r", Version: 2}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization logs: %v", err)
		}
		sends, err := s.CommunicationSends(ctx, f.org.ID, item.ID, 10)
		if err != nil || len(sends) != 1 || sends[0].SentByName != "The manager" || sends[0].Link != "https://intranet.example/board/q3" {
			t.Errorf("log = %+v, %v", sends, err)
		}
		if sends, _ := s.CommunicationSends(ctx, other.org.ID, item.ID, 10); len(sends) != 0 {
			t.Errorf("another organization reads the log")
		}
		events, _ := s.History(ctx, f.org.ID, aims.RegisterCommunications, fmt.Sprint(item.ID))
		if len(events) != 2 || events[1].Changes[len(events[1].Changes)-1].Field != "sent" {
			t.Errorf("history = %+v", events)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "7.4", 5); len(sup) != 1 || sup[0].Ref != "COM-1" {
			t.Errorf("supports of 7.4 = %+v", sup)
		}
		// An edit keeps the log's figures; a stale edit is refused.
		edit := logged
		edit.Channel = "Board pack and meeting"
		edited, err := s.UpdateCommunication(ctx, f.admin, edit)
		if err != nil || edited.Sends != 1 || edited.Version != 3 {
			t.Errorf("edit = %+v, %v", edited, err)
		}
		if _, err := s.UpdateCommunication(ctx, f.admin, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit: %v", err)
		}
		// Lists, filters and search.
		for name, want := range map[string]struct {
			f aims.CommunicationFilter
			n int
		}{
			"all":       {aims.CommunicationFilter{}, 1},
			"audience":  {aims.CommunicationFilter{Audience: aims.AudienceExternal}, 0},
			"frequency": {aims.CommunicationFilter{Frequency: aims.FrequencyQuarterly}, 1},
			"overdue":   {aims.CommunicationFilter{Overdue: true, Today: day(t, "2027-03-01")}, 1},
			"search":    {aims.CommunicationFilter{ListParams: aims.ListParams{Q: "board"}}, 1},
		} {
			want.f.Limit = 10
			page, err := s.Communications(ctx, f.org.ID, want.f)
			if err != nil || page.Total != want.n {
				t.Errorf("%s: total %d, %v; want %d", name, page.Total, err, want.n)
			}
		}
		arch, err := s.SetCommunicationArchived(ctx, f.admin, item.ID, edited.Version, true)
		if err != nil || !arch.Archived {
			t.Fatalf("archive: %v", err)
		}
		if _, err := s.LogCommunication(ctx, f.admin, item.ID, aims.CommunicationSend{SentOn: day(t, "2026-11-25"), What: "w", Recipients: "r", Version: arch.Version}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("logging on an archived item: %v", err)
		}
	})
}

// TestConcurrentCommunicationLog: eight people log a send from the same
// read at once; exactly one entry is written.
func TestConcurrentCommunicationLog(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		item, err := s.CreateCommunication(ctx, f.admin, aims.Communication{Subject: "Update", Audience: aims.AudienceInternal,
			AudienceDetail: "Staff", Frequency: aims.FrequencyMonthly, NextDue: day(t, "2026-12-01"), Channel: "Intranet"})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			_, err := s.LogCommunication(ctx, f.admin, item.ID, aims.CommunicationSend{SentOn: day(t, "2026-11-27"), What: fmt.Sprint("send ", i), Recipients: "Staff", Version: 1})
			return err
		})
		wantOne(t, "log a send", ok, errs)
		if sends, _ := s.CommunicationSends(ctx, f.org.ID, item.ID, 20); len(sends) != 1 {
			t.Errorf("%d entries logged, want 1", len(sends))
		}
	})
}
