package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoComponents itemises the resources of Brightwater's main AI systems
// (A.4.2 to A.4.5): CreditLens's gradient-boosted model in its current and
// retired versions, its training data, the bureau feed, the feature store
// and registry, the compute it runs on; the customer assistant's hosted
// language model from a vendor; the fraud model and its GPU nodes. The
// free text the inventory held is cleared once itemised. It also records
// the people each system needs (A.4.6), so the gap a new fairness tester
// leaves shows on the system's page.
func demoComponents(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	priya, jonas, tomas := people["Priya Nair"], people["Jonas Weber"], people["Tomás Ruiz"]
	credit, chat, fraud := "CreditLens credit scoring", "Ask Brightwater customer assistant", "Card transaction fraud detection"
	months := func(n int) aims.Date { return today.AddMonths(-n) }
	type comp struct {
		system string
		by     aims.Principal
		c      aims.Component
	}
	list := []comp{
		{credit, priya, aims.Component{Kind: aims.ComponentModel, Name: "CreditLens scoring model (gradient-boosted trees)", Release: "4.1.3",
			Supplier: "In-house (Data science)", OwnerID: priya.UserID, InUseSince: months(13), Retired: months(2),
			Description: "Previous release; replaced by 4.2.0 after its phased roll-out (shadow, 20%, all). Kept in the model registry as the rollback target the deployment approval names and to reproduce decisions made while it was live."}},
		{credit, priya, aims.Component{Kind: aims.ComponentModel, Name: "CreditLens scoring model (gradient-boosted trees)", Release: "4.2.0",
			Supplier: "In-house (Data science)", OwnerID: priya.UserID, InUseSince: months(3),
			Description: "Gradient-boosted trees with monotonic constraints on income and debt-to-income features (MLflow creditlens/4.2.0); validated in MV-2026-07 and deployment approved before the roll-out. Retrained quarterly, revalidated before each release."}},
		{credit, priya, aims.Component{Kind: aims.ComponentData, Name: "Loan applications 2019-2025 (training data set)", Release: "v3",
			Supplier: "In-house (core banking and loan origination)", OwnerID: priya.UserID, InUseSince: months(3),
			Description: "Consumer loan applications with 12-month repayment outcomes; personal data pseudonymised before use. Version v3 (applications 2019-2024) trained the live model 4.2.0; v4 adds the 2025 applications for the next quarterly retraining. Quality checks are recorded per version."}},
		{credit, jonas, aims.Component{Kind: aims.ComponentThirdParty, Name: "Credit bureau score and account data feed", Release: "API v2",
			Supplier: "Nordauskunft Kreditbüro AG (participation agreement TP-2019-007)", OwnerID: priya.UserID, InUseSince: months(30),
			Description: "Bureau score and open credit lines at application time; the supplier is assessed in the third-party register."}},
		{credit, priya, aims.Component{Kind: aims.ComponentTooling, Name: "Feature store", Release: "2.4", Supplier: "In-house (open-source based)",
			OwnerID: priya.UserID, InUseSince: months(24), Description: "Serves the same feature definitions to training and scoring, so the two cannot drift apart."}},
		{credit, priya, aims.Component{Kind: aims.ComponentTooling, Name: "MLflow model registry", Release: "2.12", Supplier: "Open source, run in-house",
			OwnerID: priya.UserID, InUseSince: months(24), Description: "Holds every model version with its training run, data version and validation report."}},
		{credit, priya, aims.Component{Kind: aims.ComponentCompute, Name: "On-premises Kubernetes cluster, Frankfurt (CPU node pool)", Release: "1.29",
			Supplier: "In-house IT operations", OwnerID: priya.UserID, InUseSince: months(30),
			Description: "Scoring service and quarterly retraining; no customer data leaves the data centre."}},
		{chat, tomas, aims.Component{Kind: aims.ComponentThirdParty, Name: "Hosted large language model (general-purpose)", Release: "2025-09 snapshot",
			Supplier: "Aurora Language Models GmbH (MSA-2025-031 with data processing agreement and AI addendum, EU region)", OwnerID: tomas.UserID, InUseSince: months(5),
			Description: "Answers from our retrieved documents only; the vendor does not train on our prompts (AI addendum). A new snapshot is tested before we switch."}},
		{chat, tomas, aims.Component{Kind: aims.ComponentTooling, Name: "Chatbot platform with retrieval index", Release: "4.8",
			Supplier: "Chatbot platform vendor (SaaS)", OwnerID: tomas.UserID, InUseSince: months(14),
			Description: "Conversation flows, hand-over to agents, and the retrieval index rebuilt weekly from approved product documents."}},
		{chat, tomas, aims.Component{Kind: aims.ComponentData, Name: "Product documentation and FAQ corpus", Release: "weekly",
			Supplier: "In-house (Products and Legal)", OwnerID: tomas.UserID, InUseSince: months(14),
			Description: "Only approved documents; conversation logs are kept 90 days and are not used for training."}},
		{chat, tomas, aims.Component{Kind: aims.ComponentCompute, Name: "Vendor cloud, EU region", Supplier: "Chatbot platform vendor (SaaS)",
			OwnerID: tomas.UserID, InUseSince: months(14), Description: "Hosting of the platform and the model endpoint, both in the EU."}},
		{"TalentMatch CV screening", people["Maria Keller"], aims.Component{Kind: aims.ComponentThirdParty, Name: "TalentMatch ranking service (vendor SaaS)", Release: "vendor release 2026.3",
			Supplier: "Quillon Talent Analytics B.V. (pilot agreement PA-2026-09)", OwnerID: people["Maria Keller"].UserID, InUseSince: today.AddDays(-13),
			Description: "The vendor's ranking model, used through its web application by three recruiters in the pilot; ranking logs stay on the vendor platform (EU region) and are exported monthly."}},
		{fraud, priya, aims.Component{Kind: aims.ComponentModel, Name: "Fraud scoring ensemble (isolation forest and gradient-boosted classifier)", Release: "5.4.1",
			Supplier: "In-house (Data science)", OwnerID: priya.UserID, InUseSince: months(2),
			Description: "Scores each card transaction in under 50 ms; thresholds set with the fraud operations team. The monthly drift report names the release it measured."}},
		{fraud, priya, aims.Component{Kind: aims.ComponentData, Name: "Card transaction stream and confirmed fraud labels", Release: "rolling 24 months",
			Supplier: "In-house (card processing)", OwnerID: priya.UserID, InUseSince: months(26)}},
		{fraud, priya, aims.Component{Kind: aims.ComponentCompute, Name: "GPU nodes for retraining (2 nodes) and CPU scoring pool", Supplier: "In-house IT operations",
			OwnerID: priya.UserID, InUseSince: months(12), Description: "Retraining monthly on the GPU nodes; real-time scoring on the CPU pool."}},
	}
	tl.at(40, 3, func() error {
		for _, it := range list {
			if it.system == "TalentMatch CV screening" {
				continue
			}
			it.c.AISystemID = ids[it.system]
			if _, err := store.CreateComponent(ctx, it.by, it.c); err != nil {
				return fmt.Errorf("component %s: %w", it.c.Name, err)
			}
		}
		// The free text is itemised now; clearing it is in each system's history.
		for _, name := range []string{credit, chat, fraud} {
			a, err := store.AISystem(ctx, priya.OrgID, ids[name])
			if err != nil {
				return err
			}
			a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty = "", "", "", "", ""
			if _, err := store.UpdateAISystem(ctx, priya, a); err != nil {
				return fmt.Errorf("itemise %s: %w", name, err)
			}
		}
		return nil
	})

	tl.at(13, 4, func() error {
		for _, it := range list {
			if it.system != "TalentMatch CV screening" {
				continue
			}
			it.c.AISystemID = ids[it.system]
			if _, err := store.CreateComponent(ctx, it.by, it.c); err != nil {
				return fmt.Errorf("component %s: %w", it.c.Name, err)
			}
		}
		return nil
	})
	// The third-party record follows the component's new release.
	tl.at(16, 11, func() error {
		page, err := store.ThirdParties(ctx, tomas.OrgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}})
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if it.Name != "Aurora Language Models GmbH" {
				continue
			}
			t, err := store.ThirdParty(ctx, tomas.OrgID, it.ID)
			if err != nil {
				return err
			}
			t.Components = "General-purpose LLM (release pinned per deployment: the 2026-10 generation since CHG-1, which replaced the 2025-09 snapshot before its retirement in December); " +
				"embedding model for the retrieval index; vendor moderation service."
			if _, err := store.UpdateThirdParty(ctx, tomas, t); err != nil {
				return fmt.Errorf("third party %s: %w", t.Name, err)
			}
		}
		return nil
	})
	// The assistant moves to the provider's new model generation under its
	// change request: the component's release and history follow.
	tl.at(16, 10, func() error {
		page, err := store.Components(ctx, tomas.OrgID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 50}, AISystemID: ids[chat]})
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			if it.Kind != aims.ComponentThirdParty {
				continue
			}
			c, err := store.Component(ctx, tomas.OrgID, it.ID)
			if err != nil {
				return err
			}
			c.Release, c.InUseSince = "2026-10 generation", today.AddDays(-16)
			c.Description = "Answers from our retrieved documents only; the vendor does not train on our prompts (AI addendum). " +
				"Moved from the 2025-09 snapshot, which the provider retires in December, after the 400 reference questions passed (change request CHG-1)."
			if _, err := store.UpdateComponent(ctx, tomas, c); err != nil {
				return fmt.Errorf("component %s: %w", c.Name, err)
			}
		}
		return nil
	})

	needs := map[string][]struct{ role, competence, person string }{
		credit: {
			{"Model owner", "Model risk validation", "Priya Nair"},
			{"Independent model validator", "Model risk validation", "Felix Braun"},
			{"Fairness tester", "Fairness testing of credit models", "Aylin Demir"},
			{"Human oversight reviewer", "Credit-decision human oversight", "Marco Rossi"},
			{"Human oversight reviewer", "Credit-decision human oversight", "Sofia Lindqvist"},
			{"Data protection review", "Data protection for AI (GDPR)", "Henrik Lund"},
		},
		chat: {
			{"Product owner", "LLM prompt-injection awareness", "Tomás Ruiz"},
			{"AI incident handler", "AI incident handling", ""},
		},
	}
	tl.at(20, 2, func() error {
		comps, err := store.CompetenceNames(ctx, priya.OrgID)
		if err != nil {
			return err
		}
		staff, err := store.StaffNames(ctx, priya.OrgID)
		if err != nil {
			return err
		}
		compID, staffID := map[string]int64{}, map[string]int64{}
		for _, c := range comps {
			compID[c.Name] = c.ID
		}
		for _, s := range staff {
			staffID[s.Name] = s.ID
		}
		for _, name := range []string{credit, chat} {
			a, err := store.AISystem(ctx, priya.OrgID, ids[name])
			if err != nil {
				return err
			}
			in := aims.SystemPeople{AISystemID: a.ID, Version: a.Version}
			for _, n := range needs[name] {
				if compID[n.competence] == 0 || (n.person != "" && staffID[n.person] == 0) {
					return fmt.Errorf("need %s of %s names an unknown competence or person", n.role, name)
				}
				in.Needs = append(in.Needs, aims.SystemNeed{Role: n.role, CompetenceID: compID[n.competence], StaffID: staffID[n.person]})
			}
			if _, err := store.SetSystemPeople(ctx, priya, in); err != nil {
				return fmt.Errorf("people of %s: %w", name, err)
			}
		}
		return nil
	})
}
