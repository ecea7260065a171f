package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkDocumentList is the documents register's list at 10,000
// documents, each with one version: first and deep pages, filters and
// searches.
func BenchmarkDocumentList(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		for i := range 10000 {
			in := aims.NewDocument{Document: aims.Document{Title: fmt.Sprintf("Procedure %05d %s", i, []string{"risk", "audit", "supplier", "change", "incident"}[i%5]),
				Kind: aims.DocKinds[i%(len(aims.DocKinds)-1)]}, Content: "Text of the procedure."}
			if _, err := s.CreateDocument(ctx, p, in); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE documents`)
		}
		for _, c := range []struct {
			label string
			f     aims.DocumentFilter
		}{
			{"first page", aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50}}},
			{"deep page 5000", aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}}},
			{"kind and state", aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50}, Kind: aims.KindRiskAssessment, State: aims.StateDraft}},
			{"q=supplier", aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50, Q: "supplier"}}},
			{"q=04217", aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50, Q: "04217"}}},
		} {
			b.Run(name+"/"+c.label, func(b *testing.B) {
				for b.Loop() {
					page, err := s.Documents(ctx, p.OrgID, c.f)
					if err != nil || len(page.Items) == 0 {
						b.Fatal(len(page.Items), err)
					}
				}
			})
		}
	}
}
