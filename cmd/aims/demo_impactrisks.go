package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoImpactRisks traces the approved impact assessments into the risk
// register (6.1.4): once the risk workshop has run, each harm of the
// CreditLens and customer assistant assessments links the risk it is
// treated under, and the harms no risk covered yet raise new ones.
func demoImpactRisks(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64) {
	jonas, tomas := people["Jonas Weber"], people["Tomás Ruiz"]
	trace := func(by aims.Principal, system string, links map[string]string) {
		tl.at(17, 4, func() error {
			page, err := store.ImpactAssessments(ctx, by.OrgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 5}, AISystemID: ids[system], State: aims.ImpactApproved})
			if err != nil || len(page.Items) != 1 {
				return fmt.Errorf("impact assessment of %s: %d, %w", system, len(page.Items), err)
			}
			a, err := store.ImpactAssessment(ctx, by.OrgID, page.Items[0].ID)
			if err != nil {
				return err
			}
			risks, err := store.Risks(ctx, by.OrgID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: ids[system]})
			if err != nil {
				return err
			}
			for i, it := range a.Items {
				if it.Kind != aims.ImpactHarm {
					continue
				}
				var riskID int64
				for harm, title := range links {
					if strings.HasPrefix(it.Description, harm) {
						for _, r := range risks.Items {
							if strings.HasPrefix(r.Title, title) {
								riskID = r.ID
							}
						}
						if riskID == 0 {
							return fmt.Errorf("no risk %q for the harm %q", title, harm)
						}
					}
				}
				if riskID != 0 {
					_, err = store.LinkRisk(ctx, by, a.ID, i+1, riskID)
				} else {
					_, err = store.ProposeRisk(ctx, by, a.ID, i+1)
				}
				if err != nil {
					return fmt.Errorf("harm %d of %s: %w", i+1, a.Ref, err)
				}
			}
			return nil
		})
	}
	trace(jonas, "CreditLens credit scoring", map[string]string{
		"An applicant with a thin":      "Thin-file applicants refused",
		"Loan officers follow":          "Loan officers accept scores",
		"The model overestimates":       "Score drift after",
		"Consistently lower scores for": "Thin-file applicants refused",
	})
	trace(tomas, "Ask Brightwater customer assistant", map[string]string{
		"A wrong or outdated answer": "Assistant states wrong fees",
	})
}
