package sqlstore

import (
	"context"
	"errors"
	"sync"
	"testing"

	"aims/internal/aims"
)

// TestProposeRiskFromHarm: a harm of an approved (frozen) impact assessment
// raises a risk of the same AI system and links it, once; the frozen
// assessment takes this link and nothing else; a benefit, an unknown harm
// and another organization's assessment are refused; and a draft may not
// link another organization's risk.
func TestProposeRiskFromHarm(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		manager := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleManager], Email: "manager@acme.test", Role: aims.RoleManager}
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(sys.ID, f.users[aims.RoleContributor], aims.DateOf(c.t.AddDate(1, 0, 0))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		harm, benefit := 0, 0
		for i, it := range a.Items {
			if it.Kind == aims.ImpactHarm && harm == 0 {
				harm = i + 1
			}
			if it.Kind == aims.ImpactBenefit && benefit == 0 {
				benefit = i + 1
			}
		}
		if harm == 0 {
			t.Fatal("the draft has no harm")
		}
		// Two proposals at once: one risk, one link.
		var wg sync.WaitGroup
		results := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() { defer wg.Done(); _, results[i] = s.ProposeRisk(ctx, f.admin, a.ID, harm) }()
		}
		wg.Wait()
		won := 0
		for _, err := range results {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, aims.ErrConflict):
				t.Errorf("a losing proposal: %v, want a conflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d proposals won, want 1", won)
		}
		got, err := s.ImpactAssessment(ctx, f.org.ID, a.ID)
		if err != nil || got.Items[harm-1].RiskID == 0 {
			t.Fatalf("harm after proposing: %+v, %v", got.Items[harm-1], err)
		}
		r, err := s.Risk(ctx, f.org.ID, got.Items[harm-1].RiskID)
		if err != nil || r.AISystemID != sys.ID || r.SourceOther != "Impact assessment "+a.Ref || r.Description != got.Items[harm-1].Description {
			t.Errorf("raised risk = %+v, %v", r, err)
		}
		if page, _ := s.Risks(ctx, f.org.ID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 1 {
			t.Errorf("%d risks after racing proposals, want 1", page.Total)
		}
		// The frozen assessment took the link and nothing else may change.
		if _, err := s.exec(ctx, s.w, `UPDATE impact_items SET risk_id = NULL WHERE assessment_id = $1 AND position = $2`, a.ID, harm); err == nil {
			t.Error("unlinking a harm of an approved assessment went through")
		}
		if _, err := s.exec(ctx, s.w, `UPDATE impact_items SET description = 'changed' WHERE assessment_id = $1 AND position = $2`, a.ID, harm); err == nil {
			t.Error("changing a harm of an approved assessment went through")
		}
		var ve *aims.ValidationError
		if benefit != 0 {
			if _, err := s.ProposeRisk(ctx, f.admin, a.ID, benefit); !errors.As(err, &ve) {
				t.Errorf("a benefit raising a risk: %v, want a validation error", err)
			}
		}
		if _, err := s.ProposeRisk(ctx, f.admin, a.ID, 99); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("an unknown harm: %v, want not found", err)
		}
		if _, err := s.ProposeRisk(ctx, other.admin, a.ID, harm); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's assessment: %v, want not found", err)
		}
		// A draft cannot link another organization's risk, in Go or in SQL.
		theirs, err := s.CreateRisk(ctx, other.admin, aims.Risk{Title: "Theirs", Source: aims.SourceML})
		if err != nil {
			t.Fatal(err)
		}
		d := impactDraft(sys.ID, f.users[aims.RoleContributor], aims.DateOf(c.t.AddDate(1, 0, 0)))
		d.Items[harm-1].RiskID = theirs.ID
		if _, err := s.CreateImpactAssessment(ctx, f.admin, d); !errors.As(err, &ve) {
			t.Errorf("a draft linking another organization's risk: %v, want a validation error", err)
		}
		d.Items[harm-1].RiskID = 0
		draft, err := s.CreateImpactAssessment(ctx, f.admin, d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.exec(ctx, s.w, `UPDATE impact_items SET risk_id = $1 WHERE assessment_id = $2`, theirs.ID, draft.ID); err == nil {
			t.Error("SQL let an impact link another organization's risk")
		}
	})
}
