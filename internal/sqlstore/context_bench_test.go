package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkContextAndProcessLists pages and searches 10,000 context issues
// and 10,000 processes: the first page, a deep page, a search, and the
// filters that read a link table (an AI system's issues, a requirement's
// processes).
func BenchmarkContextAndProcessLists(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		sys, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10000 {
			c := aims.ContextIssue{Title: fmt.Sprintf("Issue %05d %s", i, []string{"regulation", "talent", "vendor", "energy", "trust"}[i%5]),
				Origin: aims.IssueOrigins[i%2], Category: aims.IssueCategories[i%len(aims.IssueCategories)], Effect: "Effect on the AIMS."}
			if i%100 == 0 {
				c.AISystems = []aims.Link{{ID: sys.ID}}
			}
			if _, err := s.CreateContextIssue(ctx, p, c); err != nil {
				b.Fatal(err)
			}
			pr := aims.Process{Name: fmt.Sprintf("Process %05d", i), Purpose: "Load-test process.", Requirements: []string{"8.1", fmt.Sprintf("9.%d", 1+i%2)}}
			if i%100 == 0 {
				pr.Requirements = append(pr.Requirements, "A.10.3")
			}
			if _, err := s.CreateProcess(ctx, p, pr); err != nil {
				b.Fatal(err)
			}
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE context_issues`)
			s.w.Exec(`VACUUM ANALYZE processes`)
			s.w.Exec(`VACUUM ANALYZE context_issue_systems`)
			s.w.Exec(`VACUUM ANALYZE process_requirements`)
		}
		lp := aims.ListParams{Limit: 50}
		for label, run := range map[string]func() (int, error){
			"issues/first page": func() (int, error) {
				pg, err := s.ContextIssues(ctx, p.OrgID, aims.ContextIssueFilter{ListParams: lp})
				return len(pg.Items), err
			},
			"issues/deep page 5000": func() (int, error) {
				pg, err := s.ContextIssues(ctx, p.OrgID, aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 50, Offset: 5000}})
				return len(pg.Items), err
			},
			"issues/q=vendor": func() (int, error) {
				pg, err := s.ContextIssues(ctx, p.OrgID, aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 50, Q: "vendor"}})
				return len(pg.Items), err
			},
			"issues/ai_system": func() (int, error) {
				pg, err := s.ContextIssues(ctx, p.OrgID, aims.ContextIssueFilter{ListParams: lp, AISystemID: sys.ID})
				return len(pg.Items), err
			},
			"processes/first page": func() (int, error) {
				pg, err := s.Processes(ctx, p.OrgID, aims.ProcessFilter{ListParams: lp})
				return len(pg.Items), err
			},
			"processes/requirement=A.10.3": func() (int, error) {
				pg, err := s.Processes(ctx, p.OrgID, aims.ProcessFilter{ListParams: lp, RequirementID: "A.10.3"})
				return len(pg.Items), err
			},
			"processes/one record": func() (int, error) { _, err := s.Process(ctx, p.OrgID, 5000); return 1, err },
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
