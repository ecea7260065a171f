package sqlstore

import (
	"context"
	"strconv"
	"testing"

	"aims/internal/aims"
)

func TestDueItems(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		owner := a.users[aims.RoleManager]
		// Reviewed a year ago every 6 months: overdue by half a year.
		sys, err := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p", OwnerID: owner,
			ReviewIntervalMonths: 6, LastReviewed: s.today().AddMonths(-12)})
		if err != nil {
			t.Fatal(err)
		}
		s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Chatbot", Purpose: "p", ReviewIntervalMonths: 12}) // due in a year, no owner
		gone, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Retired", Purpose: "p", OwnerID: owner, ReviewIntervalMonths: 1})
		s.SetAISystemArchived(ctx, a.admin, gone.ID, gone.Version, true)
		soon := s.today().AddDays(10)
		if _, err := s.UpdateGapEntry(ctx, a.admin, aims.GapEntry{RequirementID: "5.2", Status: aims.GapPartial, OwnerID: owner, TargetDate: soon}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateGapEntry(ctx, a.admin, aims.GapEntry{RequirementID: "5.3", Status: aims.GapImplemented, OwnerID: owner, TargetDate: soon}); err != nil {
			t.Fatal(err)
		}
		s.CreateAISystem(ctx, b.admin, aims.AISystem{Name: "Theirs", Purpose: "p", ReviewIntervalMonths: 1, LastReviewed: s.today().AddMonths(-5)})

		all, err := s.DueItems(ctx, a.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: s.today()})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range all.Items {
			got = append(got, it.Ref+" "+string(it.State)+" "+it.OwnerName)
		}
		want := []string{"AIS-1 overdue The manager", "5.2 due The manager", "AIS-2 upcoming "}
		if all.Total != 3 || len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("due work = %d %q, want %q", all.Total, got, want)
		}
		if all.Items[0].RecordID != strconv.FormatInt(sys.ID, 10) || all.Items[0].What != "Periodic review" || all.Items[0].Register != aims.RegisterAISystems {
			t.Errorf("first item = %+v", all.Items[0])
		}
		mine, _ := s.DueItems(ctx, a.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: s.today(), OwnerID: owner, State: aims.DueOverdue})
		if mine.Total != 1 || mine.Items[0].Ref != "AIS-1" {
			t.Errorf("my overdue work = %+v", mine)
		}
		// As of a day two weeks on, the gap target is overdue too.
		later, _ := s.DueItems(ctx, a.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: s.today().AddDays(14), State: aims.DueOverdue})
		if later.Total != 2 {
			t.Errorf("overdue in two weeks = %d, want 2", later.Total)
		}
		paged, _ := s.DueItems(ctx, a.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 1, Offset: 1}, AsOf: s.today()})
		if paged.Total != 3 || len(paged.Items) != 1 || paged.Items[0].Ref != "5.2" {
			t.Errorf("second page = %+v", paged)
		}
		if _, err := s.DueItems(ctx, a.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: s.today(), State: "late"}); !isField(err, "state") {
			t.Errorf("unknown state = %v", err)
		}
	})
}

// TestDueSourcesRun runs every register's due query on both engines, so a
// source with a wrong column fails here rather than on the due page.
func TestDueSourcesRun(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		a := newFixture(t, s, "acme")
		for _, src := range dueSources {
			rows, err := s.r.QueryContext(context.Background(), `SELECT * FROM (`+string(src)+`) d WHERE d.org_id = $1`, a.org.ID)
			if err != nil {
				t.Errorf("due source fails: %v\n%s", err, src)
				continue
			}
			cols, _ := rows.Columns()
			rows.Close()
			if len(cols) != 8 {
				t.Errorf("due source has %d columns, want 8:\n%s", len(cols), src)
			}
		}
	})
}
