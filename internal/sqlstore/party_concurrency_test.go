package sqlstore

import (
	"context"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentContextWrites: 8 writers holding one version of an
// interested party, then of an obligation, at once: exactly one wins.
func TestConcurrentContextWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		p, err := s.CreateParty(ctx, f.admin, aims.Party{Name: "Regulator", Type: aims.PartyRegulator})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			e := p
			e.Needs = "Need " + string(rune('A'+i))
			_, err := s.UpdateParty(ctx, f.admin, e)
			return err
		})
		wantOne(t, "party update", ok, errs)

		o, err := s.CreateObligation(ctx, f.admin, aims.Obligation{Title: "GDPR Art. 22", Kind: aims.KindLegal})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs = race(8, func(i int) error {
			e := o
			e.HowMet = "Way " + string(rune('A'+i))
			e.AISystemIDs = []int64{sys.ID}
			_, err := s.UpdateObligation(ctx, f.admin, e)
			return err
		})
		wantOne(t, "obligation update", ok, errs)
		got, _ := s.Obligation(ctx, f.org.ID, o.ID)
		if got.Version != 2 || len(got.AISystemIDs) != 1 {
			t.Errorf("after the race: v%d links %v, want v2 with one link", got.Version, got.AISystemIDs)
		}
	})
}

// TestConcurrentProposalsCreateEachSetOnce: 8 people proposing the EU AI
// Act obligations of one system at once create each set once. With the
// organization's lock taken out of ProposeObligations, the unique index
// still holds (every writer succeeds, finding the sets there).
func TestConcurrentProposalsCreateEachSetOnce(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		proposals := []aims.Obligation{
			{Title: "High-risk duties", Kind: aims.KindRegulatory, EUAIActSet: "high-risk-annex-iii"},
			{Title: "AI literacy", Kind: aims.KindRegulatory, EUAIActSet: "limited"},
		}
		created := make([]int, 8)
		ok, errs := race(8, func(i int) error {
			got, err := s.ProposeObligations(ctx, f.admin, sys.ID, proposals)
			created[i] = len(got)
			return err
		})
		if ok != 8 {
			t.Errorf("%d of 8 proposers succeeded: %v", ok, errs)
		}
		total := 0
		for _, n := range created {
			total += n
		}
		p, err := s.Obligations(ctx, f.org.ID, aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: sys.ID})
		if err != nil || p.Total != 2 || total != 2 {
			t.Errorf("obligations after 8 proposers = %d (answered %d created), %v; want 2", p.Total, total, err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}
