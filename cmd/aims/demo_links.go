package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoLinks joins the demo's registers once they all exist: the
// components bought in name their supplier in the third-parties register
// (A.10.3), the data components name the data set they are (A.4.3, A.7),
// and each objective names the risks it addresses (6.2). Two days ago the
// AIMS lead and the system owners tidied the inventory before the
// internal audit; each link is a versioned, audited edit.
func demoLinks(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria := people["Maria Keller"]
	// Component (by name) to the third party whose supplier text it
	// carries: the bureau feed's "National credit bureau" is Nordauskunft,
	// the assistant's "LLM vendor" is Aurora.
	suppliers := []struct{ component, thirdParty, by string }{
		{"Credit bureau score and account data feed", "Nordauskunft Kreditbüro AG", "Jonas Weber"},
		{"Hosted large language model (general-purpose)", "Aurora Language Models GmbH", "Tomás Ruiz"},
		{"Chatbot platform with retrieval index", "Cobalt Conversational Platforms GmbH", "Tomás Ruiz"},
		{"Vendor cloud, EU region", "Cobalt Conversational Platforms GmbH", "Tomás Ruiz"},
		{"TalentMatch ranking service (vendor SaaS)", "Quillon Talent Analytics B.V.", "Maria Keller"},
	}
	// Data component to the data set it is.
	sets := []struct{ component, dataset, by string }{
		{"Loan applications 2019-2025 (training data set)", "Loan applications 2019-2025", "Priya Nair"},
		{"Card transaction stream and confirmed fraud labels", "Card transactions and confirmed fraud labels", "Priya Nair"},
		{"Product documentation and FAQ corpus", "Product documentation and FAQ corpus", "Tomás Ruiz"},
	}
	// Objective to the risks it helps treat.
	objectiveRisks := []struct {
		objective string
		risks     []string
	}{
		{"Keep CreditLens's approval-rate gap between age groups within 2 percentage points", []string{
			"Thin-file applicants refused more often than their repayment record justifies",
			"Score drift after interest-rate and income shifts"}},
		{"Bring complaints about Ask Brightwater to at most 3 per 10,000 conversations", []string{
			"Assistant states wrong fees or contract terms"}},
		{"Contain AI incidents within 5 working days of the report", []string{
			"Prompt injection makes the assistant reveal another customer's data",
			"Staff paste customer data into unapproved public AI tools"}},
		{"Train everyone who works with AI systems in AI literacy", []string{
			"Loan officers accept scores without real review (automation bias)",
			"Staff paste customer data into unapproved public AI tools"}},
		{"Verify every model release against its acceptance criteria before deployment", []string{
			"Score drift after interest-rate and income shifts",
			"Fraud patterns change faster than the model is retrained",
			"Suggested code introduces security vulnerabilities"}},
		{"A credit officer reviews every CreditLens decline before the applicant is told", []string{
			"Loan officers accept scores without real review (automation bias)",
			"Declined applicants cannot get a meaningful explanation of the decision"}},
		{"Tell every customer that Ask Brightwater is an AI system before the conversation starts", []string{
			"Assistant states wrong fees or contract terms"}},
	}

	all := aims.ListParams{Limit: aims.MaxLimit}
	component := func(name string) (aims.Component, error) {
		page, err := store.Components(ctx, maria.OrgID, aims.ComponentFilter{ListParams: all})
		if err != nil {
			return aims.Component{}, err
		}
		for _, c := range page.Items {
			if c.Name == name {
				return c, nil
			}
		}
		return aims.Component{}, fmt.Errorf("demo links: no component %q", name)
	}
	tl.at(2, 6, func() error {
		tps, err := store.ThirdParties(ctx, maria.OrgID, aims.ThirdPartyFilter{ListParams: all})
		if err != nil {
			return err
		}
		for _, l := range suppliers {
			c, err := component(l.component)
			if err != nil {
				return err
			}
			for _, t := range tps.Items {
				if t.Name == l.thirdParty {
					c.ThirdPartyID = t.ID
				}
			}
			if c.ThirdPartyID == 0 {
				return fmt.Errorf("demo links: no third party %q", l.thirdParty)
			}
			if _, err := store.UpdateComponent(ctx, people[l.by], c); err != nil {
				return fmt.Errorf("link %s to its supplier: %w", l.component, err)
			}
		}
		dss, err := store.Datasets(ctx, maria.OrgID, aims.DatasetFilter{ListParams: all})
		if err != nil {
			return err
		}
		for _, l := range sets {
			c, err := component(l.component)
			if err != nil {
				return err
			}
			for _, d := range dss.Items {
				if d.Name == l.dataset {
					c.DatasetID = d.ID
				}
			}
			if c.DatasetID == 0 {
				return fmt.Errorf("demo links: no data set %q", l.dataset)
			}
			if _, err := store.UpdateComponent(ctx, people[l.by], c); err != nil {
				return fmt.Errorf("link %s to its data set: %w", l.component, err)
			}
		}
		return nil
	})
	tl.at(2, 7, func() error {
		risks, err := store.RiskNames(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		riskID := map[string]int64{}
		for _, r := range risks {
			riskID[r.Name] = r.ID
		}
		objs, err := store.Objectives(ctx, maria.OrgID, aims.ObjectiveFilter{ListParams: all})
		if err != nil {
			return err
		}
		byTitle := map[string]int64{}
		for _, o := range objs.Items {
			byTitle[o.Title] = o.ID
		}
		for _, l := range objectiveRisks {
			if byTitle[l.objective] == 0 {
				return fmt.Errorf("demo links: no objective %q", l.objective)
			}
			o, err := store.Objective(ctx, maria.OrgID, byTitle[l.objective])
			if err != nil {
				return err
			}
			o.RiskIDs = nil
			for _, title := range l.risks {
				if riskID[title] == 0 {
					return fmt.Errorf("demo links: no live risk %q", title)
				}
				o.RiskIDs = append(o.RiskIDs, riskID[title])
			}
			if _, err := store.UpdateObjective(ctx, maria, o); err != nil {
				return fmt.Errorf("link objective %q to its risks: %w", l.objective, err)
			}
		}
		return nil
	})
}
