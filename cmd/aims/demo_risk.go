package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoRisk is Brightwater's AI risk register (6.1, 8.2, 8.3): the Chief
// Risk Officer starts from the default 5 × 5 criteria, the risk workshop
// records fifteen risks and three opportunities, a management review makes
// the criteria version 2 (a severe impact is never below high), the main
// risks are reassessed and treated with Annex A and custom controls, and
// the residual risks are accepted by Jonas Weber (up to medium) or, above
// that, by Anna Schmidt as CEO. Risks are owned, assessed and treated by
// the first line: Priya Nair for model and data risks, Tomás Ruiz for
// customer-facing ones, Maria Keller for AIMS-wide ones; the CRO owns none,
// so no owner accepts their own risk. A prompt-injection risk found three
// days ago is still above the threshold without accepted treatment. People
// and linked records are looked up when their step runs.
func demoRisk(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	who := func(name string) func() aims.Principal { return func() aims.Principal { return people[name] } }
	jonas, priya, tomas, maria, anna := who("Jonas Weber"), who("Priya Nair"), who("Tomás Ruiz"), who("Maria Keller"), who("Anna Schmidt")

	// Linked records by the start of their name, found when a step runs.
	find := func(kind, prefix string) (aims.Link, error) {
		org := jonas().OrgID
		var labels []aims.Link
		switch kind {
		case "party", "obligation":
			get := store.PartyNames
			if kind == "obligation" {
				get = store.ObligationNames
			}
			named, err := get(ctx, org)
			if err != nil {
				return aims.Link{}, err
			}
			for _, n := range named {
				_, name, _ := strings.Cut(n.Label, " ")
				labels = append(labels, aims.Link{ID: n.ID, Name: name})
			}
		case "issue":
			var err error
			if labels, err = store.ContextIssueLinks(ctx, org); err != nil {
				return aims.Link{}, err
			}
		}
		for _, l := range labels {
			if strings.HasPrefix(l.Name, prefix) {
				return aims.Link{ID: l.ID}, nil
			}
		}
		return aims.Link{}, fmt.Errorf("demo risk: no %s named %q", kind, prefix)
	}

	tl.at(23, 1, func() error {
		_, err := store.UseDefaultRiskCriteria(ctx, jonas(), 0)
		return err
	})

	type demoRiskEntry struct {
		day, hour   int
		by          func() aims.Principal
		system      string
		r           aims.Risk
		parties     []string
		issues      []string
		obligations []string
	}
	const (
		credit  = "CreditLens credit scoring"
		chat    = "Ask Brightwater customer assistant"
		fraud   = "Card transaction fraud detection"
		talent  = "TalentMatch CV screening"
		summary = "Loan file summariser"
		market  = "Marketing image and copy generator"
		code    = "Developer code assistant"
		churn   = "Churn prediction"
		mood    = "Call-centre agent wellbeing monitor"
		slm     = "In-house small language model (research)"
	)
	entries := []demoRiskEntry{
		{22, 1, priya, credit, aims.Risk{Title: "Thin-file applicants refused more often than their repayment record justifies", Source: aims.SourceML,
			Description:  "Applicants with a short credit history (young adults, people new to Germany) get low scores because the training data holds few of them and no outcomes for those refused in the past.",
			Consequences: "Creditworthy people are refused credit or get worse terms; possible indirect discrimination by age or origin; supervisory findings under the EBA guidelines.",
			Likelihood:   4, Impact: 4, Status: aims.RiskIdentified},
			[]string{"Loan applicants", "BaFin"}, []string{"EU AI Act obligations", "Supervisor expectations"}, []string{"Creditworthiness assessment", "Automated models"}},
		{22, 2, tomas, credit, aims.Risk{Title: "Declined applicants cannot get a meaningful explanation of the decision", Source: aims.SourceTransparency,
			Description:  "Gradient-boosted model; reason codes are generic and loan officers cannot explain a refusal in terms the applicant understands.",
			Consequences: "Applicants cannot contest decisions; breach of the right to an explanation of automated credit decisions; complaints and fines.",
			Likelihood:   3, Impact: 4, Status: aims.RiskIdentified},
			[]string{"Loan applicants", "Consumer protection"}, nil, []string{"Automated individual decisions"}},
		{22, 3, priya, credit, aims.Risk{Title: "Score drift after interest-rate and income shifts", Source: aims.SourceML,
			Description:  "The population applying changes with the rate environment; the model's calibration was set on 2021-2024 data.",
			Consequences: "Default rates above the risk appetite, or unnecessary refusals, until the drift is noticed.",
			Likelihood:   3, Impact: 3, Status: aims.RiskIdentified, Treatment: aims.TreatRetain, Controls: []string{"A.6.2.6"},
			TreatmentPlan: "Monthly population-stability and calibration report to the model risk committee; retrain when PSI exceeds 0.2."},
			nil, []string{"Interest-rate environment"}, nil},
		{22, 4, priya, credit, aims.Risk{Title: "Loan officers accept scores without real review (automation bias)", Source: aims.SourceAutomation,
			Description:  "Officers handle 60 files a day; overrides fell from 6% to under 1% in six months.",
			Consequences: "The human-in-the-loop safeguard exists on paper only; Art. 22 GDPR exception no longer holds.",
			Likelihood:   4, Impact: 3, Status: aims.RiskIdentified},
			[]string{"Loan applicants"}, nil, []string{"Automated individual decisions"}},
		{21, 1, tomas, fraud, aims.Risk{Title: "Legitimate card payments abroad blocked as fraud", Source: aims.SourceEnvironment,
			Description:  "Travel and online purchases from new merchants look like fraud patterns; customers abroad are left without a working card.",
			Consequences: "Customers stranded; complaints; churn.",
			Likelihood:   4, Impact: 3, Status: aims.RiskIdentified},
			[]string{"Loan applicants"}, []string{"Customer trust"}, nil},
		{21, 2, priya, fraud, aims.Risk{Title: "Fraud patterns change faster than the model is retrained", Source: aims.SourceML,
			Description:  "Quarterly retraining; card-testing attacks change within weeks.",
			Consequences: "Fraud losses; chargeback costs.",
			Likelihood:   3, Impact: 4, Status: aims.RiskIdentified},
			nil, nil, nil},
		{21, 3, tomas, chat, aims.Risk{Title: "Assistant states wrong fees or contract terms", Source: aims.SourceML,
			Description:  "The language model answers from its general knowledge when the product pages do not cover a question, and sounds certain.",
			Consequences: "Customers rely on wrong information; misselling complaints; consumer-protection action.",
			Likelihood:   4, Impact: 4, Status: aims.RiskIdentified},
			[]string{"Loan applicants", "Consumer protection"}, []string{"Reliance on a hosted LLM"}, []string{"LLM provider"}},
		{21, 4, maria, talent, aims.Risk{Title: "CV ranking disadvantages candidates through age or gender proxies", Source: aims.SourceML,
			Description:  "Ranking learned from past hiring decisions; career gaps and graduation years act as proxies.",
			Consequences: "Discrimination in hiring (AGG); high-risk use under the EU AI Act Annex III; reputational harm.",
			Likelihood:   3, Impact: 5, Status: aims.RiskIdentified},
			[]string{"Works council"}, []string{"Works council stance"}, []string{"Works agreement"}},
		{20, 1, tomas, summary, aims.Risk{Title: "Summary leaves out material facts of the loan file", Source: aims.SourceML,
			Description:  "Long files are summarised in one page; existing debts in attachments were missed in testing (2 of 50 files).",
			Consequences: "Officer decides on incomplete information.",
			Likelihood:   3, Impact: 3, Status: aims.RiskTreated, Treatment: aims.TreatModify, Controls: []string{"A.6.2.4", "A.8.2"},
			TreatmentPlan:      "Summary lists the documents it read and flags attachments it could not read; officers open the debt schedule themselves.",
			ResidualLikelihood: 2, ResidualImpact: 2},
			nil, nil, nil},
		{20, 2, maria, market, aims.Risk{Title: "Generated images or copy infringe third-party rights", Source: aims.SourceOther, SourceOther: "Rights in the model's training data",
			Description:  "The image generator may reproduce protected works or trademarks.",
			Consequences: "Claims from rights holders; campaign withdrawn.",
			Likelihood:   2, Impact: 3, Status: aims.RiskTreated, Treatment: aims.TreatShare, Controls: []string{"A.10.3"},
			TreatmentPlan:      "Provider's IP indemnity in the enterprise contract; legal review of every published campaign.",
			ResidualLikelihood: 2, ResidualImpact: 2},
			nil, nil, nil},
		{20, 3, priya, code, aims.Risk{Title: "Suggested code introduces security vulnerabilities", Source: aims.SourceReadiness,
			Description:  "Engineers accept suggestions with outdated or insecure patterns.",
			Consequences: "Vulnerabilities in customer-facing systems.",
			Likelihood:   3, Impact: 3, Status: aims.RiskTreated, Treatment: aims.TreatModify, Controls: []string{"A.9.2"},
			TreatmentPlan:      "Static analysis and peer review required for every merge; the assistant is off for the payment core.",
			ResidualLikelihood: 2, ResidualImpact: 3},
			nil, nil, nil},
		{20, 4, maria, mood, aims.Risk{Title: "Inferring call-centre agents' emotions is a prohibited practice", Source: aims.SourceOther, SourceOther: "Legal: EU AI Act Art. 5(1)(f)",
			Description:  "The proposed monitor would infer emotions of workers from their voice.",
			Consequences: "Prohibited AI practice; fines up to 7% of turnover; breach of the works agreement.",
			Likelihood:   5, Impact: 5, Status: aims.RiskIdentified},
			[]string{"Works council"}, []string{"Works council stance"}, []string{"Works agreement"}},
		{19, 1, priya, slm, aims.Risk{Title: "Research model reproduces licensed texts it was trained on", Source: aims.SourceML,
			Description:  "Small model trained on public finance texts; some sources are licensed for research only.",
			Consequences: "Licence breach if outputs left the research environment.",
			Likelihood:   2, Impact: 2, Status: aims.RiskIdentified, Treatment: aims.TreatRetain,
			TreatmentPlan: "Stays in the research environment; no outputs published."},
			nil, nil, nil},
		{19, 2, maria, "", aims.Risk{Title: "Staff paste customer data into unapproved public AI tools", Source: aims.SourceOther, SourceOther: "Unapproved AI use by staff",
			Description:  "Free chat assistants are one browser tab away; the proxy log shows daily visits.",
			Consequences: "Personal data leaves the bank; GDPR breach; loss of customer trust.",
			Likelihood:   4, Impact: 4, Status: aims.RiskIdentified},
			[]string{"State data protection"}, []string{"Mature data protection culture"}, nil},
		{19, 3, tomas, churn, aims.Risk{Title: "Retention offers steer vulnerable customers into unsuitable products", Source: aims.SourceTransparency,
			Description:  "The churn score does not see financial difficulty; offers go to customers who should get debt advice instead.",
			Consequences: "Unfair treatment of vulnerable customers.",
			Likelihood:   2, Impact: 4, Status: aims.RiskIdentified},
			[]string{"Consumer protection"}, nil, nil},
		// Opportunities (6.1.1 asks for actions on them too).
		{18, 1, priya, credit, aims.Risk{Kind: aims.KindOpportunity, Title: "Open-banking cash-flow data lets thin-file applicants be scored fairly", Source: aims.SourceML,
			Description:   "With consent, account transactions show income and spending where credit history is missing.",
			PlannedAction: "Pilot with 2,000 consenting applicants in Q1; compare approval and default rates with the current model; impact assessment before use.",
			Likelihood:    3, Impact: 4, Status: aims.RiskPlanned},
			[]string{"Loan applicants"}, []string{"Competitors offering instant"}, nil},
		{18, 2, tomas, chat, aims.Risk{Kind: aims.KindOpportunity, Title: "Assistant answers in Turkish, Polish and Arabic", Source: aims.SourceReadiness,
			Description:   "A third of our customers prefer another language; the model handles them well in tests.",
			PlannedAction: "Translate the product knowledge base; test answer accuracy per language before launch.",
			Likelihood:    4, Impact: 3, Status: aims.RiskPlanned},
			[]string{"Loan applicants"}, nil, nil},
		{18, 3, maria, "", aims.Risk{Kind: aims.KindOpportunity, Title: "Reuse the AIMS evidence for EU AI Act conformity of high-risk systems", Source: aims.SourceLifecycle,
			Description:   "Risk management, data governance and logging records kept for ISO/IEC 42001 cover much of Art. 9-12 for CreditLens and TalentMatch.",
			PlannedAction: "Map Annex A controls to the Art. 9-15 requirements; close the gaps in the technical documentation.",
			Likelihood:    4, Impact: 3, Status: aims.RiskPlanned},
			[]string{"BaFin"}, []string{"EU AI Act obligations"}, nil},
	}
	created := map[string]aims.Risk{}
	for _, e := range entries {
		tl.at(e.day, e.hour, func() error {
			r := e.r
			r.OwnerID = e.by().UserID
			if e.system != "" {
				r.AISystemID = ids[e.system]
			}
			for _, list := range []struct {
				kind  string
				names []string
				dst   *[]aims.Link
			}{{"party", e.parties, &r.Parties}, {"issue", e.issues, &r.Issues}, {"obligation", e.obligations, &r.Obligations}} {
				for _, n := range list.names {
					l, err := find(list.kind, n)
					if err != nil {
						return err
					}
					*list.dst = append(*list.dst, l)
				}
			}
			saved, err := store.CreateRisk(ctx, e.by(), r)
			if err != nil {
				return fmt.Errorf("risk %q: %w", r.Title, err)
			}
			created[r.Title[:24]] = saved
			return nil
		})
	}

	// The management review makes severe impacts never lower than high and
	// words the impact scale for customers and supervisors.
	tl.at(14, 2, func() error {
		c := aims.DefaultRiskCriteria()
		c.Version = 1
		c.Impact = []aims.RiskScaleLevel{
			{Label: "Negligible", Meaning: "No customer notices; no rule is touched."},
			{Label: "Minor", Meaning: "A few customers inconvenienced, put right within a day; no loss."},
			{Label: "Moderate", Meaning: "Customers lose money or time that we refund; an internal policy is breached; a complaint wave."},
			{Label: "Major", Meaning: "Many customers harmed or treated unfairly; a legal or supervisory requirement is breached; press coverage."},
			{Label: "Severe", Meaning: "Lasting harm to customers or their fundamental rights; supervisory measures or fines; the licence or the business at stake."},
		}
		c.Matrix[0][4], c.Matrix[1][4] = aims.LimitHigh, aims.LimitHigh
		c.Note = "Management review MR-2026-2: a severe impact is never below high, whatever its likelihood; impact scale worded for customers and supervisors."
		_, err := store.SaveRiskCriteria(ctx, jonas(), c)
		return err
	})

	// Treatments after the review, reassessed under version 2, and the
	// acceptance of the residual risk within each person's limit.
	type treatment struct {
		day       int
		key       string
		by        func() aims.Principal
		option    aims.TreatmentOption
		controls  []string
		plan      string
		planOwner func() aims.Principal
		rl, ri    int
		status    aims.RiskStatus
		acceptBy  func() aims.Principal
		reason    string
		checked   string // the effectiveness note, when checked
	}
	treatments := []treatment{
		{12, "Thin-file applicants ref", priya, aims.TreatModify, []string{"A.7.4", "A.6.2.4", "A.5.4", "CC-3"},
			"Extend the reject inference used for the pre-2021 refusals (parcelling) to the 2023-2025 refusals and compare it with the open-banking pilot; fairness tests by age band and nationality at each release; thin-file applications go to manual review.",
			priya, 2, 3, aims.RiskTreated, jonas, "Residual medium is within the appetite with manual review of thin files; revisit after the open-banking pilot.", ""},
		{12, "Declined applicants cann", tomas, aims.TreatModify, []string{"A.8.2", "A.6.2.7", "CC-1"},
			"Plain-language reason codes from SHAP values; refusal letters name the three main reasons and how to ask for a review.",
			tomas, 2, 3, aims.RiskTreated, jonas, "Explanations tested with the customer panel; residual medium accepted.", ""},
		{11, "Loan officers accept sco", priya, aims.TreatModify, []string{"A.9.2", "A.9.3", "CC-2"},
			"Sample of 5% of approvals re-reviewed blind each month; override rate reported to the model risk committee; training for officers.",
			priya, 3, 3, aims.RiskTreated, jonas, "Blind re-review in place since October; residual medium accepted.", ""},
		{11, "Legitimate card payments", tomas, aims.TreatModify, []string{"A.6.2.6", "A.8.2"},
			"Travel notice in the app; a blocked card can be released by the customer in the app after strong authentication.",
			priya, 3, 2, aims.RiskTreated, jonas, "Self-release cuts the impact to minor; residual medium accepted.", "Blocked-card complaints fell by 40% in November."},
		{10, "Fraud patterns change fa", priya, aims.TreatModify, []string{"A.6.2.6", "A.7.2"},
			"Weekly retraining on recent labelled fraud; drift alert on the feature distribution.",
			priya, 2, 4, aims.RiskTreated, jonas, "Weekly retraining running; residual medium accepted.", ""},
		{10, "Assistant states wrong f", tomas, aims.TreatModify, []string{"A.8.2", "A.6.2.4", "A.6.2.6", "A.10.3"},
			"Answers about fees and terms only from the product knowledge base (retrieval), with a link to the price list; everything else hands over to an agent; " +
				"an alert fires when the retrieval index is older than the product catalogue (the monitoring INC-2 showed was missing).",
			tomas, 3, 4, aims.RiskPlanned, anna, "The Management Board accepts a high residual risk until retrieval grounding ships in Q1 2027; weekly sample review by customer service meanwhile.", ""},
		{9, "CV ranking disadvantages", maria, aims.TreatModify, []string{"A.5.4", "A.7.4", "A.9.4"},
			"Graduation years and gaps removed from features; adverse-impact ratio per age band and gender reported for every vacancy; recruiters see the ranking only after screening.",
			maria, 2, 4, aims.RiskTreated, jonas, "Gender adverse-impact ratio 0.88 on our 2025 applications; the age ratio is measured during the pilot, whose stop condition covers it. Residual medium accepted for the pilot only.", ""},
		{9, "Inferring call-centre ag", maria, aims.TreatAvoid, nil,
			"Project stopped by the Management Board; no voice data is analysed for emotions. Wellbeing offered through voluntary breaks instead.",
			maria, 1, 2, aims.RiskClosed, jonas, "Avoided: the project is stopped; the low risk that the idea returns is accepted and watched by the works agreement's review.", ""},
		{8, "Staff paste customer dat", maria, aims.TreatModify, []string{"A.2.2", "A.9.2"},
			"Approved internal assistant for all staff; public AI tools blocked at the proxy; awareness module in AI literacy training.",
			maria, 2, 3, aims.RiskTreated, jonas, "Proxy block and approved alternative in place; residual medium accepted.", ""},
	}
	for _, t := range treatments {
		tl.at(t.day, 3, func() error {
			r, err := store.Risk(ctx, jonas().OrgID, created[t.key].ID)
			if err != nil {
				return err
			}
			r.Treatment, r.Controls, r.TreatmentPlan, r.PlanOwnerID = t.option, t.controls, t.plan, t.planOwner().UserID
			r.ResidualLikelihood, r.ResidualImpact, r.Status = t.rl, t.ri, t.status
			r.PlanStart, r.PlanDue = today.AddDays(-t.day), today.AddMonths(3)
			if r, err = store.UpdateRisk(ctx, t.by(), r); err != nil {
				return fmt.Errorf("treat %q: %w", r.Title, err)
			}
			if _, err := store.AcceptResidualRisk(ctx, t.acceptBy(), r.ID, aims.RiskAcceptance{Version: r.Version, Reason: t.reason}); err != nil {
				return fmt.Errorf("accept %q: %w", r.Title, err)
			}
			return nil
		})
		if t.checked != "" {
			tl.at(2, 2, func() error {
				r, err := store.Risk(ctx, jonas().OrgID, created[t.key].ID)
				if err != nil {
					return err
				}
				r.CheckedOn, r.Effectiveness, r.CheckNote = today.AddDays(-2), aims.EffectEffective, t.checked
				_, err = store.UpdateRisk(ctx, t.by(), r)
				return err
			})
		}
	}

	// Found three days ago by the red team, not yet treated: flagged.
	tl.at(3, 2, func() error {
		injection, err := find("obligation", "LLM provider")
		if err != nil {
			return err
		}
		_, err = store.CreateRisk(ctx, tomas(), aims.Risk{Title: "Prompt injection makes the assistant reveal another customer's data",
			AISystemID: ids[chat], Source: aims.SourceOther, SourceOther: "Adversarial input (prompt injection)",
			Description:  "Red-team test RT-2026-11 got the assistant to read out a transaction list by hiding instructions in a payment reference.",
			Consequences: "Disclosure of personal and account data; GDPR breach notification; loss of trust.",
			Obligations:  []aims.Link{injection}, OwnerID: tomas().UserID, Likelihood: 3, Impact: 5, Status: aims.RiskPlanned,
			Treatment: aims.TreatModify, Controls: []string{"A.6.2.4", "A.6.2.8"}, PlanOwnerID: priya().UserID, PlanStart: today.AddDays(-2), PlanDue: today.AddDays(21),
			TreatmentPlan: "Tool calls limited to the signed-in customer's own data; payment references stripped before they reach the model; red-team retest."})
		return err
	})
}
