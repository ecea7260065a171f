package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentComponentWrites: 8 writers holding one version of a
// component, then of a system's human resources: exactly one wins each
// time, the others are told they lost, and the needs table holds the
// winner's lines only.
func TestConcurrentComponentWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		cm, err := s.CreateComponent(ctx, f.admin, aims.Component{AISystemID: sys.ID, Kind: aims.ComponentModel, Name: "Model", Release: "1"})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			edit := cm
			edit.Release = fmt.Sprint("2.", i)
			_, err := s.UpdateComponent(ctx, f.admin, edit)
			return err
		})
		wantOne(t, "component update", ok, errs)
		ok, errs = race(8, func(i int) error {
			_, err := s.SetComponentArchived(ctx, f.admin, cm.ID, cm.Version+1, i%2 == 0)
			return err
		})
		if ok < 1 {
			t.Errorf("archive race: no writer succeeded: %v", errs)
		}

		comp, _ := s.CreateCompetence(ctx, f.admin, aims.Competence{Name: "Validation", Kind: aims.CompetenceSkill})
		ok, errs = race(8, func(i int) error {
			needs := make([]aims.SystemNeed, i+1)
			for j := range needs {
				needs[j] = aims.SystemNeed{Role: fmt.Sprint("Role ", i, ".", j), CompetenceID: comp.ID}
			}
			_, err := s.SetSystemPeople(ctx, f.admin, aims.SystemPeople{AISystemID: sys.ID, Version: sys.Version, Needs: needs})
			return err
		})
		wantOne(t, "human resources", ok, errs)
		people, err := s.SystemPeople(ctx, f.org.ID, sys.ID)
		if err != nil || people.Version != sys.Version+1 {
			t.Fatalf("after the race: %+v, %v", people, err)
		}
		for _, n := range people.Needs {
			if n.Role[:6] != people.Needs[0].Role[:6] || len(people.Needs) == 0 {
				t.Errorf("needs mix writers: %+v", people.Needs)
			}
		}
		var rows int
		s.r.QueryRow(`SELECT count(*) FROM ai_system_needs WHERE org_id = $1`, f.org.ID).Scan(&rows)
		if rows != len(people.Needs) {
			t.Errorf("needs table has %d rows, the winner wrote %d", rows, len(people.Needs))
		}
	})
}
