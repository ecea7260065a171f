package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestProcessLifecycleAndFeeds(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		risk, err := s.CreateProcess(ctx, f.admin, aims.Process{Name: "AI risk management", Purpose: "Assess and treat AI risks",
			Requirements: []string{"6.1.3", "A.5.2", "6.1.2", "4.4"}, OwnerID: f.users[aims.RoleManager]})
		if err != nil {
			t.Fatalf("CreateProcess: %v", err)
		}
		if risk.Ref != "PRC-1" || risk.Status != aims.ProcessDraft || strings.Join(risk.Requirements, " ") != "4.4 6.1.2 6.1.3 A.5.2" {
			t.Errorf("created = %+v", risk)
		}
		review, err := s.CreateProcess(ctx, f.admin, aims.Process{Name: "Management review", Purpose: "Review the AIMS", Requirements: []string{"9.3.1"}})
		if err != nil {
			t.Fatal(err)
		}
		edit := risk
		edit.Feeds = []aims.Link{{ID: review.ID}}
		edit.Status = aims.ProcessOperating
		updated, err := s.UpdateProcess(ctx, f.admin, edit)
		if err != nil || updated.Version != 2 || updated.Feeds[0].Ref != "PRC-2" {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		// Both ways: the review is fed by risk management.
		got, err := s.Process(ctx, f.org.ID, review.ID)
		if err != nil || len(got.FedBy) != 1 || got.FedBy[0].ID != risk.ID || len(got.Feeds) != 0 {
			t.Errorf("review = %+v, %v", got, err)
		}
		// Feeding itself is refused, in the domain and in SQL.
		self := updated
		self.Feeds = []aims.Link{{ID: risk.ID}}
		var ve *aims.ValidationError
		if _, err := s.UpdateProcess(ctx, f.admin, self); !errors.As(err, &ve) || ve.Fields["feeds"] == "" {
			t.Errorf("self-feeding: %v", err)
		}
		if _, err := s.exec(ctx, s.w, `INSERT INTO process_feeds (org_id, from_id, to_id) VALUES ($1, $2, $2)`, f.org.ID, risk.ID); err == nil {
			t.Error("the database accepted a process feeding itself")
		}
		events := auditCount(t, s, f.org.ID)
		if _, err := s.UpdateProcess(ctx, f.admin, risk); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused update wrote %d events", n-events)
		}
		// Editing the fed process leaves the feeding one's history alone.
		rv, _ := s.Process(ctx, f.org.ID, review.ID)
		rv.Purpose = "Review the AIMS at planned intervals"
		if _, err := s.UpdateProcess(ctx, f.admin, rv); err != nil {
			t.Fatal(err)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterProcesses, strconv.FormatInt(review.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d, %v", len(hist), err)
		}
		for _, ch := range hist[1].Changes {
			if ch.Field != "purpose" {
				t.Errorf("review's edit recorded %s", ch.Field)
			}
		}
		// Supporters: each process in operation supports 4.4 and what it
		// serves; the review process is still a draft.
		counts, err := s.SupportCounts(ctx, f.org.ID)
		if err != nil || counts["4.4"] != 1 || counts["6.1.2"] != 1 || counts["9.3.1"] != 0 {
			t.Errorf("support counts = %v, %v", counts, err)
		}
		rv, _ = s.Process(ctx, f.org.ID, review.ID)
		rv.Status = aims.ProcessOperating
		if _, err := s.UpdateProcess(ctx, f.admin, rv); err != nil {
			t.Fatal(err)
		}
		if counts, _ = s.SupportCounts(ctx, f.org.ID); counts["4.4"] != 2 || counts["9.3.1"] != 1 {
			t.Errorf("support counts with the review in operation = %v", counts)
		}
		if _, err := s.SetProcessArchived(ctx, f.admin, review.ID, 0, true); err != nil {
			t.Fatal(err)
		}
		counts, _ = s.SupportCounts(ctx, f.org.ID)
		if counts["4.4"] != 1 || counts["9.3.1"] != 0 {
			t.Errorf("support counts after archive = %v", counts)
		}
		m, err := s.ProcessMap(ctx, f.org.ID)
		if err != nil || len(m.Processes) != 1 || len(m.Feeds) != 0 {
			t.Errorf("map after archive = %+v, %v", m, err)
		}
		if _, err := s.SetProcessArchived(ctx, f.admin, review.ID, 0, false); err != nil {
			t.Fatal(err)
		}
		m, _ = s.ProcessMap(ctx, f.org.ID)
		if len(m.Processes) != 2 || len(m.Feeds) != 1 || len(m.Processes[0].Requirements) != 4 {
			t.Errorf("map = %+v", m)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestProcessesRefuseOtherOrganizations(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		theirs, err := s.CreateProcess(ctx, other.admin, aims.Process{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := s.CreateProcess(ctx, f.admin, aims.Process{Name: "Mine", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, s, f.org.ID)
		for name, in := range map[string]aims.Process{
			"foreign owner":   {Name: "n", Purpose: "p", OwnerID: other.users[aims.RoleAdmin]},
			"foreign process": {Name: "n", Purpose: "p", Feeds: []aims.Link{{ID: theirs.ID}}},
			"unknown status":  {Name: "n", Purpose: "p", Status: "paused"},
			"twice":           {Name: "n", Purpose: "p", Requirements: []string{"8.1", "8.1"}},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateProcess(ctx, f.admin, in); !errors.As(err, &ve) {
				t.Errorf("create with %s: %v", name, err)
			}
			in.ID, in.Version = mine.ID, 1
			if _, err := s.UpdateProcess(ctx, f.admin, in); !errors.As(err, &ve) {
				t.Errorf("update with %s: %v", name, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes wrote %d events", n-before)
		}
		if _, err := s.Process(ctx, f.org.ID, theirs.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("reading another organization's process: %v", err)
		}
	})
}

func TestProcessListFiltersSearchAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for i := 0; i < 23; i++ {
			in := aims.Process{Name: fmt.Sprintf("Process %02d", i), Purpose: "p", Status: aims.ProcessStatuses[i%3]}
			if i == 5 {
				in.Inputs, in.Requirements, in.OwnerID = "Supplier questionnaires", []string{"A.10.3"}, f.users[aims.RoleViewer]
			}
			if _, err := s.CreateProcess(ctx, f.admin, in); err != nil {
				t.Fatal(err)
			}
		}
		list := func(fl aims.ProcessFilter) aims.Page[aims.Process] {
			t.Helper()
			if fl.Limit == 0 {
				fl.Limit = 50
			}
			p, err := s.Processes(ctx, f.org.ID, fl)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		if p := list(aims.ProcessFilter{Status: aims.ProcessOperating}); p.Total != 8 {
			t.Errorf("in operation = %d, want 8", p.Total)
		}
		for name, fl := range map[string]aims.ProcessFilter{
			"requirement": {RequirementID: "A.10.3"}, "owner": {OwnerID: f.users[aims.RoleViewer]},
			"search": {ListParams: aims.ListParams{Q: "supplier QUEST"}}, "reference": {ListParams: aims.ListParams{Q: "prc-6"}},
		} {
			if p := list(fl); p.Total != 1 || p.Items[0].Name != "Process 05" {
				t.Errorf("%s filter = %+v", name, p)
			}
		}
		seen := map[int64]bool{}
		for off := 0; off < 23; off += 5 {
			for _, it := range list(aims.ProcessFilter{ListParams: aims.ListParams{Limit: 5, Offset: off, Sort: "status"}}).Items {
				if seen[it.ID] {
					t.Errorf("%s on two pages", it.Ref)
				}
				seen[it.ID] = true
			}
		}
		if len(seen) != 23 {
			t.Errorf("pages covered %d, want 23", len(seen))
		}
	})
}

// TestContextAndProcessListQueryCount: a list page is two queries whatever
// the number of rows.
func TestContextAndProcessListQueryCount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		counts := map[int][2]int64{}
		for _, n := range []int{3, 60} {
			for i := len(counts) * 3; i < n; i++ {
				if _, err := s.CreateContextIssue(ctx, f.admin, aims.ContextIssue{Title: fmt.Sprint("I", i), Origin: aims.IssueInternal, Category: aims.IssueOther}); err != nil {
					t.Fatal(err)
				}
				if _, err := s.CreateProcess(ctx, f.admin, aims.Process{Name: fmt.Sprint("P", i), Purpose: "p", Requirements: []string{"8.1"}}); err != nil {
					t.Fatal(err)
				}
			}
			cctx, queries := CountQueries(ctx)
			if _, err := s.ContextIssues(cctx, f.org.ID, aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 50}}); err != nil {
				t.Fatal(err)
			}
			issues := queries()
			cctx, queries = CountQueries(ctx)
			if _, err := s.Processes(cctx, f.org.ID, aims.ProcessFilter{ListParams: aims.ListParams{Limit: 50}, RequirementID: "8.1"}); err != nil {
				t.Fatal(err)
			}
			counts[n] = [2]int64{issues, queries()}
		}
		if counts[3] != counts[60] || counts[3] != [2]int64{2, 2} {
			t.Errorf("queries per page (issues, processes): %v, want 2 and 2 at both sizes", counts)
		}
	})
}
