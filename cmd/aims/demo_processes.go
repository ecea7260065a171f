package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoProcesses tells how Brightwater worked out its context (4.1) and
// described its AIMS processes and how they feed each other (4.4): a first
// context statement, the climate decision a fortnight later, the issues
// register, the processes, and some edits, so histories have content.
func demoProcesses(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	elena := people["Elena Petrova"]

	// The context statement: roles first, the climate decision after the
	// energy figures came in, a review ten days ago.
	statement := aims.ContextStatement{
		Roles: []aims.AIRole{aims.AIRoleProvider, aims.AIRoleCustomer},
		RolesNote: "AI provider of the systems we develop and put into service ourselves (CreditLens credit scoring, card fraud detection). " +
			"AI customer of hosted general-purpose models and AI-enabled SaaS (customer assistant, loan file summariser, CV screening). " +
			"Our customers are AI subjects of CreditLens; we do not produce AI for others.",
	}
	tl.at(52, 2, func() error {
		_, err := store.UpdateContextStatement(ctx, maria, statement)
		return err
	})
	tl.at(37, 2, func() error {
		s, err := store.ContextStatement(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		s.ClimateRelevant = aims.ClimateRelevant
		s.ClimateReasoning = "Relevant only through the energy our AI compute uses: quarterly retraining of CreditLens and the fraud models, " +
			"the in-house language model research and the hosted LLM calls. Our lending is consumer credit with no material physical " +
			"climate exposure in the AIMS scope, so climate does not otherwise change what the AIMS must achieve. Energy of training " +
			"and inference is tracked as context issue CTX-8 and feeds the sustainability report."
		_, err = store.UpdateContextStatement(ctx, maria, s)
		return err
	})
	tl.at(10, 1, func() error {
		s, err := store.ContextStatement(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		s.LastReviewed = aims.DateOf(today.Time().AddDate(0, 0, -10))
		s.RolesNote += " Reviewed with the board sponsor: no change of roles; revisit if the loan file summariser is offered to broker partners."
		_, err = store.UpdateContextStatement(ctx, maria, s)
		return err
	})

	issues := []struct {
		by      aims.Principal
		c       aims.ContextIssue
		systems []string
	}{
		{jonas, aims.ContextIssue{Title: "EU AI Act obligations for credit scoring", Origin: aims.IssueExternal, Category: aims.IssueLegal,
			Description: "Creditworthiness assessment of natural persons is high-risk under Annex III point 5(b); since the Digital Omnibus (Regulation (EU) 2026/1744) the high-risk obligations apply from 2 December 2027 instead of August 2026.",
			Effect:      "CreditLens needs a conformity assessment, technical documentation, logging and human oversight by design; the AIMS risk and life-cycle processes must produce that evidence.",
			OwnerID:     jonas.UserID, ReviewDate: today.AddMonths(3)}, []string{"CreditLens credit scoring", "Loan file summariser"}},
		{jonas, aims.ContextIssue{Title: "Supervisor expectations on model risk management", Origin: aims.IssueExternal, Category: aims.IssueLegal,
			Description: "The national supervisor and the EBA loan-origination guidelines expect validated, explainable credit models with independent review.",
			Effect:      "Model validation and second-line sign-off are release criteria in the AI system life-cycle process.",
			OwnerID:     jonas.UserID, ReviewDate: today.AddMonths(6)}, []string{"CreditLens credit scoring", "Card transaction fraud detection"}},
		{priya, aims.ContextIssue{Title: "Scarcity of machine-learning talent", Origin: aims.IssueExternal, Category: aims.IssueEconomic,
			Description: "Three data-science vacancies open for over six months; salaries above our bands in Frankfurt and Dublin.",
			Effect:      "Key-person risk on CreditLens retraining; drives the competence process and the reliance on vendors.",
			OwnerID:     priya.UserID, ReviewDate: today.AddMonths(6)}, nil},
		{priya, aims.ContextIssue{Title: "Reliance on a hosted LLM vendor", Origin: aims.IssueExternal, Category: aims.IssueTechnological,
			Description: "The customer assistant and the loan file summariser depend on one general-purpose model provider; model versions change at the vendor's pace.",
			Effect:      "Supplier management must cover model change notices, EU data residency and exit; regression tests before each vendor model change.",
			OwnerID:     priya.UserID, ReviewDate: today.AddMonths(3)}, []string{"Ask Brightwater customer assistant", "Loan file summariser"}},
		{tomas, aims.ContextIssue{Title: "Customer trust after a fintech scandal", Origin: aims.IssueExternal, Category: aims.IssueSocial,
			Description: "A competitor's automated lending was found to disadvantage applicants from some postcodes; press and consumer groups now ask lenders how they use AI.",
			Effect:      "Transparency toward customers (A.8) and fairness testing of CreditLens are AI objectives for 2027.",
			OwnerID:     tomas.UserID, ReviewDate: today.AddMonths(4)}, []string{"CreditLens credit scoring", "Ask Brightwater customer assistant"}},
		{maria, aims.ContextIssue{Title: "Works council stance on AI at work", Origin: aims.IssueInternal, Category: aims.IssueOrganizational,
			Description: "The works council must agree to systems that monitor or assess staff and has asked for a framework agreement on AI.",
			Effect:      "Employee-facing AI needs works council consultation before deployment; the wellbeing monitor proposal was stopped.",
			OwnerID:     maria.UserID, ReviewDate: today.AddMonths(2)}, []string{"TalentMatch CV screening", "Call-centre agent wellbeing monitor"}},
		{maria, aims.ContextIssue{Title: "Mature data protection culture", Origin: aims.IssueInternal, Category: aims.IssueOrganizational,
			Description: "GDPR processes are well established: DPIAs, a data protection officer with a direct line to the board, privacy training completion above 95%.",
			Effect:      "An asset for the AIMS: the impact assessment process builds on the DPIA practice instead of starting anew.",
			OwnerID:     maria.UserID, ReviewDate: today.AddMonths(12)}, nil},
		{priya, aims.ContextIssue{Title: "Energy use of model training and inference", Origin: aims.IssueInternal, Category: aims.IssueEnvironmental,
			Description: "Quarterly retraining and hosted LLM calls are the AIMS's material energy use; the sustainability report asks for an estimate.",
			Effect:      "The reason climate change is judged relevant in the context statement; compute energy is estimated per release.",
			OwnerID:     priya.UserID, ReviewDate: today.AddMonths(12)}, []string{"CreditLens credit scoring", "In-house small language model (research)"}},
		{jonas, aims.ContextIssue{Title: "Interest-rate environment pushing automation", Origin: aims.IssueExternal, Category: aims.IssueEconomic,
			Description: "Higher funding costs squeeze margins on small consumer loans; the business plan counts on automating loan processing.",
			Effect:      "Pressure to widen automated decisions; the AI policy keeps every decline under human review.",
			OwnerID:     jonas.UserID, ReviewDate: today.AddMonths(6)}, []string{"CreditLens credit scoring", "Loan file summariser"}},
		{maria, aims.ContextIssue{Title: "Competitors offering instant loan decisions", Origin: aims.IssueExternal, Category: aims.IssueCompetitive,
			Description: "Digital lenders advertise decisions in under a minute.",
			Effect:      "Product asks for faster decisions; any change to CreditLens's human-review step goes through impact assessment first.",
			OwnerID:     maria.UserID, ReviewDate: today.AddMonths(6)}, []string{"CreditLens credit scoring"}},
	}
	issueIDs := make([]int64, len(issues))
	for i, is := range issues {
		tl.at(48-i/2, 3, func() error {
			for _, name := range is.systems {
				is.c.AISystems = append(is.c.AISystems, aims.Link{ID: ids[name]})
			}
			c, err := store.CreateContextIssue(ctx, is.by, is.c)
			if err != nil {
				return fmt.Errorf("context issue %s: %w", is.c.Title, err)
			}
			issueIDs[i] = c.ID
			return nil
		})
	}
	// The vendor issue gained an exit plan; the competitive issue a review.
	tl.at(18, 2, func() error {
		c, err := store.ContextIssue(ctx, priya.OrgID, issueIDs[3])
		if err != nil {
			return err
		}
		c.Effect += " Exit plan: a second provider qualified for the summariser by Q2."
		_, err = store.UpdateContextIssue(ctx, priya, c)
		return err
	})

	processes := []struct {
		key   string
		by    aims.Principal
		p     aims.Process
		feeds []string
	}{
		{"risk", jonas, aims.Process{Name: "AI risk management", Purpose: "Identify, analyse, evaluate and treat AI risks against the risk criteria, and keep the Statement of Applicability.",
			Inputs:       "Context issues, interested parties' requirements, impact assessment results, incidents, supplier assessments, management review decisions.",
			Outputs:      "AI risk register, risk treatment plan, Statement of Applicability, residual-risk acceptance by risk owners.",
			Requirements: []string{"6.1.1", "6.1.2", "6.1.3", "8.2", "8.3"}, OwnerID: jonas.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(6)},
			[]string{"lifecycle", "review"}},
		{"impact", priya, aims.Process{Name: "AI system impact assessment", Purpose: "Assess the consequences of each AI system for individuals, groups and society before deployment and on significant change.",
			Inputs:       "AI system records, intended use, data descriptions, DPIA results, customer complaints.",
			Outputs:      "Impact assessment reports, retained; impacts passed to risk management.",
			Requirements: []string{"6.1.4", "8.4", "A.5.2", "A.5.3", "A.5.4", "A.5.5"}, OwnerID: priya.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(6)},
			[]string{"risk", "lifecycle"}},
		{"lifecycle", priya, aims.Process{Name: "AI system life cycle and model release", Purpose: "Take AI systems from requirements through development, validation and release to operation, monitoring and retirement.",
			Inputs:       "Requirements, risk treatment actions, impact assessment results, data sets, supplier model change notices.",
			Outputs:      "Validated releases with sign-off, technical documentation, monitoring reports, event logs.",
			Requirements: []string{"8.1", "9.1", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.4"},
			OwnerID:      priya.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(6)},
			[]string{"incident", "documents"}},
		{"suppliers", jonas, aims.Process{Name: "Supplier management for AI", Purpose: "Select, contract and monitor suppliers of AI models, data and AI-enabled services.",
			Inputs:       "Procurement requests, vendor questionnaires, model cards, contract terms.",
			Outputs:      "Supplier assessments, AI clauses in contracts, allocation of responsibilities.",
			Requirements: []string{"8.1", "A.10.2", "A.10.3"}, OwnerID: jonas.UserID, Status: aims.ProcessDraft, ReviewDate: today.AddMonths(3)},
			[]string{"risk"}},
		{"incident", tomas, aims.Process{Name: "AI incident handling", Purpose: "Receive, assess, communicate and correct AI incidents and nonconformities, including reports from customers.",
			Inputs:       "Monitoring alerts, customer complaints, staff concerns, supplier incident notices.",
			Outputs:      "Incident records, communications to users and authorities, corrective actions.",
			Requirements: []string{"10.2", "A.3.3", "A.8.3", "A.8.4"}, OwnerID: tomas.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(6)},
			[]string{"risk", "review"}},
		{"audit", maria, aims.Process{Name: "Internal audit of the AIMS", Purpose: "Audit the AIMS at planned intervals against ISO/IEC 42001 and our own rules.",
			Inputs:       "Audit programme, documented information, previous findings.",
			Outputs:      "Audit reports and findings to management review and corrective action.",
			Requirements: []string{"9.2.1", "9.2.2"}, OwnerID: elena.UserID, Status: aims.ProcessDraft, ReviewDate: today.AddMonths(12)},
			[]string{"review", "incident"}},
		{"review", maria, aims.Process{Name: "Management review", Purpose: "Top management reviews the AIMS's suitability, adequacy and effectiveness and decides on changes.",
			Inputs:       "Audit results, incident trends, risk status, objectives' performance, changes in context issues.",
			Outputs:      "Decisions on improvement, resources and changes to the AIMS; updated AI objectives.",
			Requirements: []string{"6.2", "9.3.1", "9.3.2", "9.3.3", "10.1"}, OwnerID: maria.UserID, Status: aims.ProcessDraft, ReviewDate: today.AddMonths(12)},
			[]string{"risk", "competence"}},
		{"documents", maria, aims.Process{Name: "Document control", Purpose: "Create, approve, publish, version and retain the AIMS's documented information.",
			Inputs:       "Drafts of policies, procedures and records from every process.",
			Outputs:      "Approved, versioned documents on the intranet; retention schedule.",
			Requirements: []string{"7.5.1", "7.5.2", "7.5.3"}, OwnerID: maria.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(12)},
			[]string{"audit"}},
		{"competence", jonas, aims.Process{Name: "Competence and awareness", Purpose: "Make sure people working on or with AI are competent and aware of the AI policy and their part in it.",
			Inputs:       "Role profiles, skills gaps, AI policy, management review decisions.",
			Outputs:      "Training plan and records, AI literacy e-learning completion, competence evidence.",
			Requirements: []string{"7.2", "7.3", "A.4.6"}, OwnerID: jonas.UserID, Status: aims.ProcessOperating, ReviewDate: today.AddMonths(12)},
			[]string{"lifecycle"}},
	}
	procIDs := map[string]int64{}
	for i, pr := range processes {
		tl.at(36-i/3, 4, func() error {
			p, err := store.CreateProcess(ctx, pr.by, pr.p)
			if err != nil {
				return fmt.Errorf("process %s: %w", pr.p.Name, err)
			}
			procIDs[pr.key] = p.ID
			return nil
		})
	}
	// Once all are written down, the links between them.
	for _, pr := range processes {
		tl.at(30, 2, func() error {
			p, err := store.Process(ctx, pr.by.OrgID, procIDs[pr.key])
			if err != nil {
				return err
			}
			for _, k := range pr.feeds {
				p.Feeds = append(p.Feeds, aims.Link{ID: procIDs[k]})
			}
			_, err = store.UpdateProcess(ctx, pr.by, p)
			return err
		})
	}
	// Later: supplier management went live and learnt to feed the life
	// cycle; the first management review date was set.
	tl.at(16, 3, func() error {
		p, err := store.Process(ctx, jonas.OrgID, procIDs["suppliers"])
		if err != nil {
			return err
		}
		p.Status = aims.ProcessOperating
		p.Feeds = append(p.Feeds, aims.Link{ID: procIDs["lifecycle"]})
		p.Outputs += " Model change notices passed to the release process."
		_, err = store.UpdateProcess(ctx, jonas, p)
		return err
	})
	tl.at(6, 2, func() error {
		p, err := store.Process(ctx, maria.OrgID, procIDs["review"])
		if err != nil {
			return err
		}
		p.Status, p.ReviewDate = aims.ProcessOperating, today.AddMonths(6)
		p.Inputs += " Context statement and interested parties' feedback."
		_, err = store.UpdateProcess(ctx, maria, p)
		return err
	})
}
