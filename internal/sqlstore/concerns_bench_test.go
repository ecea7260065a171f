package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkConcernList pages, filters and searches 10,000 concerns: the
// first page in the default order (newest first), a deep page, the
// overdue filter and searches of a long, a short and a rare term.
func BenchmarkConcernList(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		for i := range 10000 {
			c := aims.Concern{Channel: aims.ConcernChannels[1+i%4], Category: aims.ConcernCategories[i%len(aims.ConcernCategories)],
				Description: fmt.Sprintf("Concern %05d about the %s: something the reporter found %s.", i,
					[]string{"scoring", "assistant", "fraud check", "CV screening"}[i%4], []string{"unfair", "unclear", "wrong"}[i%3]),
				ReceivedOn: aims.DateOf(s.now().AddDate(0, 0, -i%400))}
			if _, err := s.CreateConcern(ctx, p, c); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE concerns`)
		}
		today := s.today()
		for _, c := range []struct {
			label string
			f     aims.ConcernFilter
		}{
			{"first page", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"overdue", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50}, Overdue: true, Today: today}},
			{"q=unfair", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50, Q: "unfair"}}},
			{"q=cv", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50, Q: "cv"}}},
			{"q=04217", aims.ConcernFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.Concerns(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
