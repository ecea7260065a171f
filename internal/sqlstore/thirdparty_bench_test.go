package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkThirdPartyList pages, filters and searches 10,000 third
// parties, each linked to one of 100 AI systems, a quarter of them
// assessed: the list's two queries plus one for the links.
func BenchmarkThirdPartyList(b *testing.B) {
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
		today := s.today()
		for i := range 10000 {
			t := aims.ThirdParty{Name: fmt.Sprintf("Vendor %05d", i), Kind: aims.ThirdPartyKinds[i%3], Criticality: aims.Criticalities[i%3],
				Provides: fmt.Sprintf("Service line %d for region %d", i%37, i%11), AISystemIDs: []int64{systems[i%100]}, ReviewDate: today.AddDays(i%400 - 30)}
			tp, err := s.CreateThirdParty(ctx, p, t)
			if err != nil {
				b.Fatal(err)
			}
			if i%4 == 0 {
				if _, err := s.AddThirdPartyAssessment(ctx, p, tp.ID, aims.NewAssessment{Version: 1, SupplierAssessment: aims.SupplierAssessment{
					AssessedOn: today.AddDays(-i % 500), Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptable, Assessor: "A",
					NextDue: today.AddDays(-i%500 + 365)}}); err != nil {
					b.Fatal(err)
				}
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE`)
		}
		for _, c := range []struct {
			label string
			f     aims.ThirdPartyFilter
		}{
			{"first page", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"kind", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}, Kind: aims.ThirdPartyCustomer}},
			{"ai system", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: systems[7]}},
			{"overdue", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}, Overdue: true, Today: today}},
			{"q=04217", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
			{"q=service 3", aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50, Q: "service 3"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.ThirdParties(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
