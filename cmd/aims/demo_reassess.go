package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoRiskByTitle finds a live risk by the start of its title.
func demoRiskByTitle(ctx context.Context, store *sqlstore.Store, orgID int64, prefix string) (aims.Risk, error) {
	page, err := store.Risks(ctx, orgID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 200}})
	if err != nil {
		return aims.Risk{}, err
	}
	for _, r := range page.Items {
		if strings.HasPrefix(r.Title, prefix) && !r.Archived {
			return store.Risk(ctx, orgID, r.ID)
		}
	}
	return aims.Risk{}, fmt.Errorf("demo: no risk titled %q", prefix)
}

// demoReassess is the reassessment round after management review MR-2026-2
// made the risk criteria version 2 (8.2): every owner rates again, under
// the reworded impact scale, each live risk and opportunity the treatment
// decisions of that week did not already reassess, in the week after the
// review and before the risk treatment plan is approved. Retained risks
// get their residual level (the same as the inherent one: nothing more is
// done) and the CRO accepts it within his limit.
func demoReassess(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal) {
	type rating struct {
		day, hour int
		by        string
		title     string
		l, i      int // inherent, 0 to keep
		rl, ri    int // residual, 0 to keep
		retain    string
		accept    string
	}
	for _, x := range []rating{
		{13, 4, "Priya Nair", "Score drift after interest-rate", 0, 0, 3, 3,
			"", "Reassessed under criteria v2: retained with the monthly population-stability and calibration report, which caught the 2025 shift in time; residual medium accepted until the 5.0 retraining (CHG-4)."},
		{13, 5, "Priya Nair", "Suggested code introduces security", 3, 4, 0, 0, // v2's "major": a breach of the supervisor's IT requirements
			"", "Reassessed under criteria v2: inherent high, as a vulnerability in a customer-facing system breaches the supervisor's IT requirements; static analysis and peer review of every merge keep the residual medium, accepted."},
		{13, 6, "Priya Nair", "Research model reproduces licensed", 0, 0, 2, 2,
			"", "Reassessed under criteria v2: retained, the model stays in the research environment; residual low accepted."},
		{13, 7, "Priya Nair", "Open-banking cash-flow data", 4, 0, 0, 0,
			"", ""}, // CHG-4 makes the pilot likely
		{12, 5, "Tomás Ruiz", "Summary leaves out material facts", 3, 4, 0, 0, // v2's "major": the creditworthiness assessment rests on incomplete facts
			"", "Reassessed under criteria v2: inherent high, as a credit decision on incomplete facts breaches the creditworthiness rules; the document list and the officers' own check of the debt schedule keep the residual low, accepted."},
		{12, 6, "Tomás Ruiz", "Retention offers steer vulnerable", 0, 0, 1, 4,
			"Retained with the design's measures: customers with arrears or an open hardship case are removed before scoring, and offers are limited to the products the suitability rules allow.",
			"Reassessed under criteria v2 with the design's exclusions; residual low accepted while the system is in design."},
		{12, 7, "Tomás Ruiz", "Assistant answers in Turkish", 3, 0, 0, 0,
			"", ""}, // translating the knowledge base proved larger than thought
		{12, 8, "Tomás Ruiz", "Customers in financial difficulty", 0, 0, 2, 4,
			"", "Reassessed under criteria v2: hardship keywords hand over to the hardship team; residual medium accepted."},
		{12, 9, "Tomás Ruiz", "Personal data typed into the chat", 0, 0, 3, 3,
			"", "Reassessed under criteria v2: masking and the AI addendum in place; residual medium accepted."},
		{12, 10, "Tomás Ruiz", "Older or less digital customers", 0, 0, 2, 2,
			"", "Reassessed under criteria v2: phone and branch service unchanged; residual low accepted."},
		{12, 11, "Tomás Ruiz", "Older customers, who use the app", 0, 0, 2, 3,
			"", "Reassessed under criteria v2: retained until the validation criterion on the offer-rate ratio is met; residual medium accepted."},
		{12, 12, "Tomás Ruiz", "A customer who objected to profiling", 0, 0, 1, 3,
			"", "Reassessed under criteria v2: the objection flag removes the customer before scoring; residual low accepted."},
		{12, 13, "Tomás Ruiz", "The churn score is reused", 0, 0, 1, 3,
			"", "Reassessed under criteria v2: no interface to lending or pricing; residual low accepted."},
		{11, 5, "Maria Keller", "Generated images or copy infringe", 0, 0, 1, 2,
			"", ""}, // legal review of six campaigns found nothing
		{11, 6, "Maria Keller", "Reuse the AIMS evidence for EU AI Act", 0, 4, 0, 0,
			"", ""}, // the Art. 9-15 mapping covers both high-risk systems
	} {
		tl.at(x.day, x.hour, func() error {
			p := people[x.by]
			r, err := demoRiskByTitle(ctx, store, p.OrgID, x.title)
			if err != nil {
				return err
			}
			if x.l != 0 {
				r.Likelihood = x.l
			}
			if x.i != 0 {
				r.Impact = x.i
			}
			if x.rl != 0 {
				r.ResidualLikelihood, r.ResidualImpact = x.rl, x.ri
				if r.Treatment == "" {
					r.Treatment = aims.TreatRetain
				}
				r.Status = aims.RiskTreated
			}
			if x.retain != "" {
				r.Treatment, r.TreatmentPlan = aims.TreatRetain, x.retain
			}
			if r, err = store.UpdateRisk(ctx, p, r); err != nil {
				return fmt.Errorf("reassess %q: %w", x.title, err)
			}
			if x.accept != "" {
				if _, err := store.AcceptResidualRisk(ctx, people["Jonas Weber"], r.ID, aims.RiskAcceptance{Version: r.Version, Reason: x.accept}); err != nil {
					return fmt.Errorf("accept %q: %w", x.title, err)
				}
			}
			return nil
		})
	}
}
