package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func TestContextIssueLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		in := aims.ContextIssue{Title: " EU AI Act ", Origin: aims.IssueExternal, Category: aims.IssueLegal,
			Effect: "Credit scoring is high-risk.", AISystems: []aims.Link{{ID: sys.ID}}, OwnerID: f.users[aims.RoleManager]}
		ci, err := s.CreateContextIssue(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateContextIssue: %v", err)
		}
		if ci.Ref != "CTX-1" || ci.Version != 1 || ci.Title != "EU AI Act" || ci.OwnerName != "The manager" ||
			len(ci.AISystems) != 1 || ci.AISystems[0].Ref != "AIS-1" || ci.AISystems[0].Name != "CreditLens" {
			t.Errorf("created = %+v", ci)
		}
		got, err := s.ContextIssue(ctx, f.org.ID, ci.ID)
		if err != nil || got.AISystems[0].Name != "CreditLens" || got.Effect != in.Effect {
			t.Fatalf("read back = %+v, %v", got, err)
		}

		edit := got
		edit.AISystems = nil
		edit.ReviewDate = aims.DateOf(c.t.AddDate(0, 6, 0))
		c.advance(time.Hour)
		updated, err := s.UpdateContextIssue(ctx, f.admin, edit)
		if err != nil || updated.Version != 2 || len(updated.AISystems) != 0 {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		events := auditCount(t, s, f.org.ID)
		stale := got
		stale.Title = "Overwritten"
		if _, err := s.UpdateContextIssue(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		if same, err := s.UpdateContextIssue(ctx, f.admin, updated); err != nil || same.Version != 2 {
			t.Errorf("no-op update = v%d, %v", same.Version, err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused and no-op updates wrote %d events", n-events)
		}
		// The link's removal is in the history, named.
		hist, err := s.History(ctx, f.org.ID, aims.RegisterContextIssues, strconv.FormatInt(ci.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		var sysChange string
		for _, ch := range hist[1].Changes {
			if ch.Field == "ai_systems" {
				sysChange = string(ch.Old) + " -> " + string(ch.New)
			}
		}
		if !strings.Contains(sysChange, `"AIS-1"`) || !strings.HasSuffix(sysChange, "-> []") {
			t.Errorf("ai_systems change = %q", sysChange)
		}

		arch, err := s.SetContextIssueArchived(ctx, f.admin, ci.ID, 2, true)
		if err != nil || !arch.Archived || arch.Version != 3 {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.UpdateContextIssue(ctx, f.admin, arch); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("edit archived: %v", err)
		}
		if _, err := s.SetContextIssueArchived(ctx, f.admin, ci.ID, 2, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale restore: %v", err)
		}
		if r, err := s.SetContextIssueArchived(ctx, f.admin, ci.ID, 3, false); err != nil || r.Archived {
			t.Errorf("restore = %+v, %v", r, err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestContextIssuesRefuseOtherOrganizations(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		theirs, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		ci, err := s.CreateContextIssue(ctx, f.admin, aims.ContextIssue{Title: "t", Origin: aims.IssueInternal, Category: aims.IssueOther})
		if err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, s, f.org.ID)
		for name, in := range map[string]aims.ContextIssue{
			"foreign owner":     {Title: "t", Origin: aims.IssueInternal, Category: aims.IssueOther, OwnerID: other.users[aims.RoleAdmin]},
			"foreign AI system": {Title: "t", Origin: aims.IssueInternal, Category: aims.IssueOther, AISystems: []aims.Link{{ID: theirs.ID}}},
			"unknown category":  {Title: "t", Origin: aims.IssueInternal, Category: "weather"},
			"no origin":         {Title: "t", Category: aims.IssueOther},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateContextIssue(ctx, f.admin, in); !errors.As(err, &ve) {
				t.Errorf("create with %s: %v, want a validation error", name, err)
			}
			in.ID, in.Version = ci.ID, 1
			if _, err := s.UpdateContextIssue(ctx, f.admin, in); !errors.As(err, &ve) {
				t.Errorf("update with %s: %v, want a validation error", name, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes wrote %d events", n-before)
		}
		if _, err := s.ContextIssue(ctx, other.org.ID, ci.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from the other organization: %v", err)
		}
		if _, err := s.SetContextIssueArchived(ctx, other.admin, ci.ID, 0, true); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("archive from the other organization: %v", err)
		}
	})
}

func TestContextIssueListFiltersSearchAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chat", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 25; i++ {
			in := aims.ContextIssue{Title: fmt.Sprintf("Issue %02d", i), Origin: aims.IssueOrigins[i%2], Category: aims.IssueCategories[i%4]}
			if i == 7 {
				in.Description = "Reliance on a hosted LLM vendor"
				in.AISystems = []aims.Link{{ID: sys.ID}}
				in.OwnerID = f.users[aims.RoleViewer]
			}
			if _, err := s.CreateContextIssue(ctx, f.admin, in); err != nil {
				t.Fatal(err)
			}
		}
		list := func(fl aims.ContextIssueFilter) aims.Page[aims.ContextIssue] {
			t.Helper()
			if fl.Limit == 0 {
				fl.Limit = 50
			}
			p, err := s.ContextIssues(ctx, f.org.ID, fl)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		if p := list(aims.ContextIssueFilter{Origin: aims.IssueExternal}); p.Total != 13 {
			t.Errorf("external = %d, want 13", p.Total)
		}
		if p := list(aims.ContextIssueFilter{Category: aims.IssueLegal}); p.Total != 7 {
			t.Errorf("legal = %d, want 7", p.Total)
		}
		for name, fl := range map[string]aims.ContextIssueFilter{
			"AI system": {AISystemID: sys.ID}, "owner": {OwnerID: f.users[aims.RoleViewer]},
			"search": {ListParams: aims.ListParams{Q: "hosted llm"}}, "reference": {ListParams: aims.ListParams{Q: "ctx-8"}},
		} {
			if p := list(fl); p.Total != 1 || p.Items[0].Title != "Issue 07" {
				t.Errorf("%s filter = %+v, want Issue 07", name, p)
			}
		}
		seen := map[int64]bool{}
		for off := 0; off < 25; off += 10 {
			for _, it := range list(aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 10, Offset: off, Sort: "category", Desc: true}}).Items {
				if seen[it.ID] {
					t.Errorf("%s on two pages", it.Ref)
				}
				seen[it.ID] = true
			}
		}
		if len(seen) != 25 {
			t.Errorf("pages covered %d, want 25", len(seen))
		}
		if _, err := s.ContextIssues(ctx, f.org.ID, aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 10, Sort: "effect"}}); err == nil {
			t.Error("unknown sort accepted")
		}
	})
}

func TestContextStatement(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		empty, err := s.ContextStatement(ctx, f.org.ID)
		if err != nil || empty.Version != 0 || len(empty.Roles) != 0 {
			t.Fatalf("unwritten statement = %+v, %v", empty, err)
		}
		if sp, _ := s.Supports(ctx, f.org.ID, "4.1", 10); len(sp) != 0 {
			t.Errorf("supports before any statement: %+v", sp)
		}
		var ve *aims.ValidationError
		if _, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{ClimateRelevant: aims.ClimateRelevant}); !errors.As(err, &ve) {
			t.Errorf("climate decision without reasoning: %v", err)
		}
		if _, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{Roles: []aims.AIRole{"deployer"}}); !errors.As(err, &ve) {
			t.Errorf("a role the statement does not know: %v", err)
		}
		first, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{Roles: []aims.AIRole{aims.AIRoleCustomer, aims.AIRoleProvider}})
		if err != nil || first.Version != 1 || first.Roles[0] != aims.AIRoleProvider {
			t.Fatalf("first write = %+v, %v", first, err)
		}
		if sp, _ := s.Supports(ctx, f.org.ID, "4.1", 10); len(sp) != 0 {
			t.Errorf("undecided statement supports 4.1: %+v", sp)
		}
		// A second first write finds the row there: a conflict.
		if _, err := s.UpdateContextStatement(ctx, f.admin, aims.ContextStatement{RolesNote: "late"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("second first write: %v, want ErrConflict", err)
		}
		next := first
		next.ClimateRelevant, next.ClimateReasoning = aims.ClimateRelevant, "Training energy."
		second, err := s.UpdateContextStatement(ctx, f.admin, next)
		if err != nil || second.Version != 2 {
			t.Fatalf("second write = %+v, %v", second, err)
		}
		if _, err := s.UpdateContextStatement(ctx, f.admin, first); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale write: %v, want ErrConflict", err)
		}
		sp, err := s.Supports(ctx, f.org.ID, "4.1", 10)
		if err != nil || len(sp) != 1 || sp[0].Register != aims.RegisterContext || sp[0].ID != f.org.ID || sp[0].Ref != "Context statement v2" {
			t.Errorf("supports = %+v, %v", sp, err)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterContext, strconv.FormatInt(f.org.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Errorf("history = %d events, %v", len(hist), err)
		}
	})
}
