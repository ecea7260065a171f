package sqlstore

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

func TestSupports(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		full, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p", InScope: true})
		dataOnly, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Chat assistant", Purpose: "p", InScope: true})
		out, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Out of scope", Purpose: "p"})
		gone, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Retired", Purpose: "p", InScope: true})
		other, _ := s.CreateAISystem(ctx, b.admin, aims.AISystem{Name: "Other org", Purpose: "p", InScope: true})
		today := s.today()
		for _, cm := range []struct {
			p aims.Principal
			c aims.Component
		}{
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentData, Name: "Bureau data"}},
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentTooling, Name: "MLflow"}},
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentCompute, Name: "EKS"}},
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentThirdParty, Name: "Bureau API"}},
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentData, Name: "Old feed", Retired: today}},
			{a.admin, aims.Component{AISystemID: full.ID, Kind: aims.ComponentModel, Name: "Next model", InUseSince: today.AddDays(1)}},
			{a.admin, aims.Component{AISystemID: dataOnly.ID, Kind: aims.ComponentData, Name: "Transcripts"}},
			{a.admin, aims.Component{AISystemID: out.ID, Kind: aims.ComponentData, Name: "x"}},
			{a.admin, aims.Component{AISystemID: gone.ID, Kind: aims.ComponentData, Name: "x"}},
			{b.admin, aims.Component{AISystemID: other.ID, Kind: aims.ComponentData, Name: "x"}},
		} {
			if _, err := s.CreateComponent(ctx, cm.p, cm.c); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SetAISystemArchived(ctx, a.admin, gone.ID, gone.Version, true); err != nil {
			t.Fatal(err)
		}

		counts, err := s.SupportCounts(ctx, a.org.ID)
		if want := map[string]int{"A.4.2": 5, "A.4.3": 2, "A.4.4": 1, "A.4.5": 1}; err != nil || !cmp.Equal(counts, want) {
			t.Errorf("SupportCounts = %v, %v; want %v", counts, err, want)
		}
		got, err := s.Supports(ctx, a.org.ID, "A.4.3", 10)
		want := []aims.Support{
			{RequirementID: "A.4.3", Register: aims.RegisterComponents, ID: 1, Ref: "CMP-1", Title: "Bureau data"},
			{RequirementID: "A.4.3", Register: aims.RegisterComponents, ID: 7, Ref: "CMP-7", Title: "Transcripts"},
		}
		for i := range got {
			got[i].ID = 0
		}
		for i := range want {
			want[i].ID = 0
		}
		if diff := cmp.Diff(want, got); err != nil || diff != "" {
			t.Errorf("Supports(A.4.3) err %v (-want +got):\n%s", err, diff)
		}
		if got, _ := s.Supports(ctx, a.org.ID, "A.4.3", 1); len(got) != 1 {
			t.Errorf("limit 1 gave %d", len(got))
		}
		if got, err := s.Supports(ctx, a.org.ID, "5.2", 10); err != nil || len(got) != 0 {
			t.Errorf("Supports(5.2) = %v, %v; want none", got, err)
		}
	})
}
