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
		full, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p", InScope: true,
			Data: "Bureau data", Tooling: "MLflow", Compute: "EKS"})
		dataOnly, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Chat assistant", Purpose: "p", InScope: true, Data: "Transcripts"})
		s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Out of scope", Purpose: "p", Data: "x", Tooling: "y", Compute: "z"})
		gone, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Retired", Purpose: "p", InScope: true, Data: "x"})
		if _, err := s.SetAISystemArchived(ctx, a.admin, gone.ID, gone.Version, true); err != nil {
			t.Fatal(err)
		}
		s.CreateAISystem(ctx, b.admin, aims.AISystem{Name: "Other org", Purpose: "p", InScope: true, Data: "x", Tooling: "y", Compute: "z"})

		counts, err := s.SupportCounts(ctx, a.org.ID)
		if want := map[string]int{"A.4.2": 1, "A.4.3": 2, "A.4.4": 1, "A.4.5": 1}; err != nil || !cmp.Equal(counts, want) {
			t.Errorf("SupportCounts = %v, %v; want %v", counts, err, want)
		}
		got, err := s.Supports(ctx, a.org.ID, "A.4.3", 10)
		want := []aims.Support{
			{RequirementID: "A.4.3", Register: aims.RegisterAISystems, ID: full.ID, Ref: "AIS-1", Title: "Credit scoring"},
			{RequirementID: "A.4.3", Register: aims.RegisterAISystems, ID: dataOnly.ID, Ref: "AIS-2", Title: "Chat assistant"},
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
