package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkImpactList pages, filters and searches 10,000 impact
// assessments over 100 AI systems: the first page, a deep page, one
// system's, the sensitive-use filter, and searches of a broad, a short and
// a rare term.
func BenchmarkImpactList(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		var systems []int64
		for i := range 100 {
			a, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: fmt.Sprintf("System %03d", i), Purpose: "p"})
			if err != nil {
				b.Fatal(err)
			}
			systems = append(systems, a.ID)
		}
		for i := range 10000 {
			a := aims.ImpactAssessment{AISystemID: systems[i%100], Title: fmt.Sprintf("Assessment %05d of the %s", i,
				[]string{"scoring", "assistant", "fraud check", "CV screening"}[i%4]),
				Items: []aims.ImpactItem{{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Harm",
					Severity: 1 + i%4, Likelihood: 1 + i%3, Reversibility: 2}}}
			a.Scope = "Retail lending"
			if _, err := s.CreateImpactAssessment(ctx, p, a); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE impact_assessments`)
		}
		for _, c := range []struct {
			label string
			f     aims.ImpactFilter
		}{
			{"first page", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"one system", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: systems[7]}},
			{"sensitive", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50}, Use: aims.UseSensitive}},
			{"q=scoring", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50, Q: "scoring"}}},
			{"q=cv", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50, Q: "cv"}}},
			{"q=04217", aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.ImpactAssessments(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
