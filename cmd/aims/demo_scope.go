package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoScopeStatement writes Brightwater's AIMS scope statement (clause 4.3): its
// boundaries, the reasons for each AI system left out, the units and sites
// in and out, the interface with Marketing, the context it took into
// account, and the link to the scope document waiting for the CEO's
// approval. Three weeks ago Maria Keller writes it; a few days ago, after
// the Stage 1 readiness review, she adds the Lisbon service centre.
func demoScopeStatement(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria := people["Maria Keller"]
	byName := func(what string, names map[string]int64, want []string) ([]aims.Link, error) {
		out := []aims.Link{}
		for _, n := range want {
			id, ok := names[n]
			if !ok {
				return nil, fmt.Errorf("scope: no %s named %q", what, n)
			}
			out = append(out, aims.Link{ID: id})
		}
		return out, nil
	}
	all := aims.ListParams{Limit: aims.MaxLimit}
	tl.at(21, 3, func() error {
		st := aims.ScopeStatement{
			Boundaries: "The AI management system covers Brightwater Financial's consumer lending and customer service in Germany and Austria: " +
				"the AI systems used to assess, decide on and service consumer credit, and the Ask Brightwater customer assistant, through " +
				"their whole life cycle from inception to retirement. It includes the AI systems of the supporting functions that touch " +
				"customers or staff decisions (card fraud detection, recruitment screening, churn prediction) and the AI tools used to build them. " +
				"The AI systems in scope are those marked in scope in the AI system inventory.",
			Exclusions: []aims.ScopeExclusion{
				{AISystemID: ids["Marketing image and copy generator"], Reason: "Marketing is outside the 2026 scope; it is to be added in 2027, after the first surveillance audit."},
				{AISystemID: ids["In-house small language model (research)"], Reason: "Research only: not put into service, touches no customer, decision or production data."},
				{AISystemID: ids["Legacy affordability rules engine"], Reason: "Retired: replaced by CreditLens credit scoring; no longer used for any decision."},
			},
			Units: []aims.ScopeUnit{
				{Name: "Consumer lending", InScope: true, Interfaces: "Receives CreditLens scores and loan file summaries; owns the credit decisions."},
				{Name: "Data science", InScope: true, Interfaces: "Provides aggregated churn scores to Marketing through the data warehouse (see Marketing)."},
				{Name: "Customer service", InScope: true},
				{Name: "Risk and compliance", InScope: true},
				{Name: "Human resources", InScope: true},
				{Name: "IT operations", InScope: true, Interfaces: "Runs the data warehouse that Marketing also reads; access is by role."},
				{Name: "Marketing", Reason: "Outside the 2026 scope; to be added in 2027 with the marketing image and copy generator.",
					Interfaces: "Marketing receives aggregated churn scores through the data warehouse; no model access."},
			},
			Sites: []aims.ScopeSite{
				{Name: "Frankfurt head office and data centre", InScope: true},
				{Name: "Vienna branch", InScope: true},
			},
		}
		if id, ok := ids["Marketing image and copy generator"]; !ok || id == 0 {
			return fmt.Errorf("scope: the demo AI systems are not there yet")
		}
		issues, err := store.ContextIssues(ctx, maria.OrgID, aims.ContextIssueFilter{ListParams: all})
		if err != nil {
			return err
		}
		names := map[string]int64{}
		for _, c := range issues.Items {
			names[c.Title] = c.ID
		}
		if st.Issues, err = byName("context issue", names, []string{"EU AI Act obligations for credit scoring",
			"Supervisor expectations on model risk management", "Reliance on a hosted LLM vendor", "Works council stance on AI at work"}); err != nil {
			return err
		}
		obligations, err := store.Obligations(ctx, maria.OrgID, aims.ObligationFilter{ListParams: all})
		if err != nil {
			return err
		}
		names = map[string]int64{}
		for _, o := range obligations.Items {
			names[o.Title] = o.ID
		}
		if st.Obligations, err = byName("obligation", names, []string{"Automated individual decisions on credit applications",
			"Creditworthiness assessment", "Automated models in creditworthiness assessment", "Works agreement on AI at work"}); err != nil {
			return err
		}
		parties, err := store.Parties(ctx, maria.OrgID, aims.PartyFilter{ListParams: all})
		if err != nil {
			return err
		}
		names = map[string]int64{}
		for _, p := range parties.Items {
			names[p.Name] = p.ID
		}
		if st.Parties, err = byName("interested party", names, []string{"Loan applicants and borrowers",
			"BaFin (financial supervisory authority)", "Works council", "Large language model provider"}); err != nil {
			return err
		}
		docs, err := store.Documents(ctx, maria.OrgID, aims.DocumentFilter{ListParams: all, Kind: aims.KindScope})
		if err != nil {
			return err
		}
		for _, d := range docs.Items {
			if d.Title == "Scope of the AI management system" {
				st.DocumentID = d.ID
			}
		}
		if st.DocumentID == 0 {
			return fmt.Errorf("scope: no scope document")
		}
		_, err = store.UpdateScopeStatement(ctx, maria, st)
		return err
	})
	tl.at(4, 3, func() error {
		st, err := store.ScopeStatement(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		st.Sites = append(st.Sites, aims.ScopeSite{Name: "Lisbon nearshore service centre",
			Reason: "Handles only general enquiries by phone and e-mail, without access to the AI systems in scope; to be reviewed if it takes on credit servicing."})
		_, err = store.UpdateScopeStatement(ctx, maria, st)
		return err
	})
}
