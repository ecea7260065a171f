package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkObjectiveAndChangeLists pages, searches and filters 10,000
// objectives and 10,000 change requests, one in a hundred of them a
// significant change to an AI system waiting for reassessment, and reads
// the due work that includes them.
func BenchmarkObjectiveAndChangeLists(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		sys, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10000 {
			o := aims.Objective{Kind: aims.ObjectiveKinds[i%2], Title: fmt.Sprintf("Objective %05d %s", i, []string{"fairness", "complaints", "incidents", "training"}[i%4]),
				Measure: "m", Direction: aims.AtMost, TargetValue: 2, TargetUnit: "%", Plan: "p", Evaluation: "e", TargetDate: aims.DateOf(s.now()).AddDays(i % 365)}
			if i%100 == 0 {
				o.AISystems = []aims.Link{{ID: sys.ID}}
			}
			if _, err := s.CreateObjective(ctx, p, o); err != nil {
				b.Fatal(err)
			}
			c := aims.ChangeRequest{Title: fmt.Sprintf("Change %05d %s", i, []string{"model", "data", "procedure", "vendor"}[i%4]), Subject: aims.SubjectAIMS,
				Description: "d", Reason: "r", ImpactAffects: "a"}
			if i%100 == 0 {
				c.Subject, c.AISystemID, c.Significant = aims.SubjectAISystem, sys.ID, true
			}
			if _, err := s.CreateChange(ctx, p, c); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE objectives`)
			s.w.Exec(`VACUUM ANALYZE objective_systems`)
			s.w.Exec(`VACUUM ANALYZE change_requests`)
		}
		lp := aims.ListParams{Limit: 50}
		for label, run := range map[string]func() (int, error){
			"objectives/first page": func() (int, error) {
				pg, err := s.Objectives(ctx, p.OrgID, aims.ObjectiveFilter{ListParams: lp})
				return len(pg.Items), err
			},
			"objectives/deep page 5000": func() (int, error) {
				pg, err := s.Objectives(ctx, p.OrgID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}})
				return len(pg.Items), err
			},
			"objectives/q=fairness": func() (int, error) {
				pg, err := s.Objectives(ctx, p.OrgID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 50, Q: "fairness"}})
				return len(pg.Items), err
			},
			"objectives/responsible-use": func() (int, error) {
				pg, err := s.Objectives(ctx, p.OrgID, aims.ObjectiveFilter{ListParams: lp, Kind: aims.ObjectiveResponsibleUse})
				return len(pg.Items), err
			},
			"objectives/ai_system": func() (int, error) {
				pg, err := s.Objectives(ctx, p.OrgID, aims.ObjectiveFilter{ListParams: lp, AISystemID: sys.ID})
				return len(pg.Items), err
			},
			"changes/first page": func() (int, error) {
				pg, err := s.Changes(ctx, p.OrgID, aims.ChangeFilter{ListParams: lp})
				return len(pg.Items), err
			},
			"changes/q=vendor": func() (int, error) {
				pg, err := s.Changes(ctx, p.OrgID, aims.ChangeFilter{ListParams: aims.ListParams{Limit: 50, Q: "vendor"}})
				return len(pg.Items), err
			},
			"changes/requested": func() (int, error) {
				pg, err := s.Changes(ctx, p.OrgID, aims.ChangeFilter{ListParams: lp, Status: aims.ChangeRequested})
				return len(pg.Items), err
			},
			"changes/one record": func() (int, error) { _, err := s.Change(ctx, p.OrgID, 5000); return 1, err },
		} {
			b.Run(name+"/"+label, func(b *testing.B) {
				for b.Loop() {
					if n, err := run(); err != nil || n == 0 {
						b.Fatal(n, err)
					}
				}
			})
		}
	}
}
