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
// CreditLens, customer assistant and churn prediction assessments links
// the risk it is treated under, and the harms no risk covered yet raise
// new ones.
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
	trace(tomas, "Churn prediction", map[string]string{
		"A customer in financial difficulty": "Retention offers steer vulnerable",
	})

	// The risks raised from harms are assessed by their owners the same
	// day, before the assistant's CHG-1 is switched on; the two above the
	// threshold are treated and their residual risk accepted by the CRO
	// within his limit, the others retained with the measures the impact
	// assessment names (and reassessed under criteria v2, demoReassess).
	raised := map[string]int64{}
	step := func(daysAgo, hour int, by func() aims.Principal, system, harm string, do func(p aims.Principal, r aims.Risk) error) {
		tl.at(daysAgo, hour, func() error {
			p := by()
			if raised[harm] == 0 {
				page, err := store.ImpactAssessments(ctx, p.OrgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 5}, AISystemID: ids[system], State: aims.ImpactApproved})
				if err != nil || len(page.Items) != 1 {
					return fmt.Errorf("impact assessment of %s: %d, %w", system, len(page.Items), err)
				}
				a, err := store.ImpactAssessment(ctx, p.OrgID, page.Items[0].ID)
				if err != nil {
					return err
				}
				for _, it := range a.Items {
					if it.Kind == aims.ImpactHarm && strings.HasPrefix(it.Description, harm) {
						raised[harm] = it.RiskID
					}
				}
			}
			r, err := store.Risk(ctx, p.OrgID, raised[harm])
			if err != nil {
				return fmt.Errorf("risk raised from %q: %w", harm, err)
			}
			if err := do(p, r); err != nil {
				return fmt.Errorf("risk raised from %q: %w", harm, err)
			}
			return nil
		})
	}
	who := func(name string) func() aims.Principal { return func() aims.Principal { return people[name] } }
	priya, owner, cro := who("Priya Nair"), who("Tomás Ruiz"), who("Jonas Weber")
	type assessment struct {
		by      func() aims.Principal
		system  string
		harm    string
		l, i    int
		retain  string // the plan when the risk is retained
		treat   []string
		plan    string
		rl, ri  int
		accept  string
		treatOn int
	}
	const credit, chat, churn = "CreditLens credit scoring", "Ask Brightwater customer assistant", "Churn prediction"
	for _, x := range []assessment{
		{by: priya, system: credit, harm: "Indirect discrimination", l: 3, i: 4,
			treat: []string{"A.5.4", "A.6.2.4", "A.6.2.6", "A.7.4"},
			plan: "Proxy analysis of postcode, employment type and length of residence before each release (postcode removed for 4.2.0); " +
				"adverse impact ratio by age band, gender and nationality group monthly, 0.8 as the limit; two months below it trigger the rollback condition of the deployment approval.",
			rl: 2, ri: 4, treatOn: 10,
			accept: "Proxy analysis and monthly adverse-impact monitoring in place; residual medium accepted. To be assessed again for the 5.0 generation (CHG-4)."},
		{by: owner, system: chat, harm: "A customer treats a general answer", l: 4, i: 3,
			treat: []string{"A.8.2", "A.9.4"},
			plan: "Questions about affordability or which product to choose are refused and handed over to an adviser (assistant instructions); " +
				"these questions join the monthly test set; the next use review is brought forward to three months.",
			rl: 2, ri: 3, treatOn: 9,
			accept: "The use review found 14 of 300 conversations drifting into advice; hand-over to advisers now tested monthly. Residual medium accepted."},
		{by: owner, system: chat, harm: "Customers in financial difficulty", l: 2, i: 4,
			retain: "Retained with the measures in place: keywords about arrears, job loss or illness hand the conversation to the hardship team; hand-overs checked in the monthly sample."},
		{by: owner, system: chat, harm: "Personal data typed into the chat", l: 3, i: 3,
			retain: "Retained with the measures in place: account and card numbers masked before the model sees them; the AI addendum forbids training on our data; logs deleted after 90 days."},
		{by: owner, system: chat, harm: "Older or less digital customers", l: 2, i: 2,
			retain: "Retained: phone and branch service levels stay as they are; reviewed each year with the customer panel."},
		// Churn prediction is in design: its harms are retained with the
		// measures the design builds in, and the validation tests them.
		{by: owner, system: churn, harm: "Older customers, who use the app less", l: 2, i: 3,
			retain: "Retained with the design's measure: the offer-rate ratio between age bands is a validation criterion (at least 0.8); the model is not used until it passes."},
		{by: owner, system: churn, harm: "A customer who objected to profiling", l: 1, i: 3,
			retain: "Retained with the design's measure: the objection flag removes the customer before scoring, and the validation checks none is left in the scored population."},
		{by: owner, system: churn, harm: "The churn score is reused", l: 1, i: 3,
			retain: "Retained: the score exists only in the campaign tool, with no interface to the lending or pricing systems; checked at the deployment review."},
	} {
		step(17, 5, x.by, x.system, x.harm, func(p aims.Principal, r aims.Risk) error {
			r.OwnerID, r.Likelihood, r.Impact = p.UserID, x.l, x.i
			if x.retain != "" {
				r.Treatment, r.TreatmentPlan, r.Status = aims.TreatRetain, x.retain, aims.RiskTreated
			}
			_, err := store.UpdateRisk(ctx, p, r)
			return err
		})
		if x.retain != "" {
			continue
		}
		step(x.treatOn, 4, x.by, x.system, x.harm, func(p aims.Principal, r aims.Risk) error {
			r.Treatment, r.Controls, r.TreatmentPlan, r.PlanOwnerID = aims.TreatModify, x.treat, x.plan, p.UserID
			r.ResidualLikelihood, r.ResidualImpact, r.Status = x.rl, x.ri, aims.RiskTreated
			r.PlanStart, r.PlanDue = r.AssessedOn, r.AssessedOn.AddMonths(3)
			r, err := store.UpdateRisk(ctx, p, r)
			if err != nil {
				return err
			}
			_, err = store.AcceptResidualRisk(ctx, cro(), r.ID, aims.RiskAcceptance{Version: r.Version, Reason: x.accept})
			return err
		})
	}
}
