package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkObligationList pages, filters and searches 10,000 obligations,
// each linked to one of 100 AI systems and one of 20 interested parties:
// the list's two queries plus one per link table.
func BenchmarkObligationList(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		var systems, parties []int64
		for i := range 100 {
			a, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: fmt.Sprintf("System %03d", i), Purpose: "p"})
			if err != nil {
				b.Fatal(err)
			}
			systems = append(systems, a.ID)
		}
		for i := range 20 {
			pt, err := s.CreateParty(ctx, p, aims.Party{Name: fmt.Sprintf("Party %02d", i), Type: aims.PartyTypes[i%len(aims.PartyTypes)]})
			if err != nil {
				b.Fatal(err)
			}
			parties = append(parties, pt.ID)
		}
		for i := range 10000 {
			o := aims.Obligation{Title: fmt.Sprintf("Obligation %05d", i), Kind: aims.ObligationKinds[i%4], Status: aims.Compliances[i%4],
				Source: fmt.Sprintf("Regulation %d Art. %d", i%37, i%11), AISystemIDs: []int64{systems[i%100]}, PartyIDs: []int64{parties[i%20]}}
			if _, err := s.CreateObligation(ctx, p, o); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE`) // as autovacuum would have by now
		}
		for _, c := range []struct {
			label string
			f     aims.ObligationFilter
		}{
			{"first page", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"status", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50}, Status: aims.CompliancePartly}},
			{"ai system", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: systems[7]}},
			{"q=04217", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
			{"q=regulation 3", aims.ObligationFilter{ListParams: aims.ListParams{Limit: 50, Q: "regulation 3"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.Obligations(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
