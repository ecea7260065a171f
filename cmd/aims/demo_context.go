package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// demoContext is Brightwater's context (clauses 4.1 and 4.2): the
// interested parties of its AI management system and the obligations that
// bind its AI, the EU AI Act ones proposed from the classification of
// CreditLens and the customer assistant. The works council and the credit
// bureau join late, as the gap analysis of 4.2 said they would; a few
// records are reassessed later, so their history shows.
func demoContext(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	parties := map[string]int64{}
	type party struct {
		daysAgo int
		by      aims.Principal
		p       aims.Party
	}
	for _, d := range []party{
		{70, maria, aims.Party{Name: "Loan applicants and borrowers", Type: aims.PartyCustomer, OwnerID: tomas.UserID,
			Needs:        "Quick, fair and non-discriminatory credit decisions; to understand why an application was declined; to reach a person who can review it; their data used only for the credit decision.",
			Requirements: "Human intervention and the right to contest automated decisions (GDPR Art. 22(3)); explanation and human review of automated creditworthiness assessments (Consumer Credit Directive 2023/2225 Art. 18); explanation of decisions based on high-risk AI (EU AI Act Art. 86).",
			Addressed:    aims.AddressedPartly, HowAddressed: "Decline letters give the main reasons; an underwriter reviews any decision on request within five working days. A plain-language explanation service for CreditLens scores is planned for Q2.",
			ReviewDate: today.AddMonths(5)}},
		{69, maria, aims.Party{Name: "BaFin (financial supervisory authority)", Type: aims.PartyRegulator, OwnerID: jonas.UserID,
			Needs:        "Sound, explainable and well-governed models in credit decisions; clear accountability; evidence on request during supervisory reviews.",
			Requirements: "EBA Guidelines on loan origination and monitoring, section 4.3.4 (automated models in creditworthiness assessment); BaFin's supervisory principles for algorithms in decision-making; market surveillance of high-risk AI used by credit institutions (EU AI Act Art. 74(6)).",
			Addressed:    aims.AddressedPartly, HowAddressed: "CreditLens is under the model risk policy with annual validation. EU AI Act conformity evidence is being built through the AIMS.",
			ReviewDate: today.AddMonths(6)}},
		{68, maria, aims.Party{Name: "State data protection authority", Type: aims.PartyRegulator, OwnerID: maria.UserID,
			Needs:        "Lawful, transparent and minimal processing of personal data in AI systems; safeguards for automated decisions; DPIAs for high-risk processing.",
			Requirements: "GDPR Arts 5, 13-15, 22 and 35.",
			Addressed:    aims.AddressedPartly, HowAddressed: "DPIA for CreditLens approved; DPIA for the customer assistant in progress. Privacy notices name automated decision-making.",
			ReviewDate: today.AddMonths(6)}},
		{66, maria, aims.Party{Name: "Supervisory board and internal audit", Type: aims.PartyOwner, Internal: true, OwnerID: maria.UserID,
			Needs:        "Assurance that AI risks stay within the risk appetite; regular reporting; ISO/IEC 42001 certification in 2027.",
			Requirements: "Quarterly AI risk report to the risk committee; internal audit of the AIMS within the 2027 audit plan.",
			Addressed:    aims.AddressedFully, HowAddressed: "AI risk is a standing item of the quarterly risk report since Q3; internal audit has the AIMS in its 2027 plan.",
			ReviewDate: today.AddMonths(12)}},
		{64, tomas, aims.Party{Name: "Large language model provider", Type: aims.PartySupplier, OwnerID: priya.UserID,
			Needs:        "Use of its model within its usage policies and contract; timely payment; reports of misuse or vulnerabilities.",
			Requirements: "Enterprise terms and data processing agreement; the provider's usage policies. In return it owes us the Art. 53(1)(b) information on its general-purpose model.",
			Addressed:    aims.AddressedPartly, HowAddressed: "Usage policies mapped to the assistant's guardrails. The model documentation for downstream providers has been requested, not yet received.",
			ReviewDate: today.AddMonths(3)}},
		{62, tomas, aims.Party{Name: "Consumer protection associations", Type: aims.PartyCommunity,
			Needs:        "Fair treatment of consumers in credit scoring; no indirect discrimination; explanations consumers can follow; complaints taken seriously.",
			Requirements: "None binding beyond the law; the organization commits to answer their enquiries within 30 days.",
			Addressed:    aims.AddressedNot, HowAddressed: "No regular exchange yet; a yearly meeting with the regional consumer centre is proposed for the AI policy review.",
			ReviewDate: today.AddMonths(4)}},
		{28, maria, aims.Party{Name: "Works council", Type: aims.PartyEmployee, Internal: true, OwnerID: jonas.UserID,
			Needs:        "To be informed and consulted before AI changes work; no performance or behaviour monitoring of staff without agreement; training for staff who use AI.",
			Requirements: "Co-determination on technical systems able to monitor employees (Works Constitution Act §87(1) no. 6); information on planned AI at work (§90); the works agreement on AI at work.",
			Addressed:    aims.AddressedNot, ReviewDate: today.AddMonths(6)}},
		{26, priya, aims.Party{Name: "Credit bureau", Type: aims.PartySupplier, OwnerID: priya.UserID,
			Needs:        "Its data used only for the purposes the participation agreement allows; corrections reported back; contract fees.",
			Requirements: "Participation agreement: permitted purposes and data return. Since the CJEU's SCHUFA judgment (C-634/21), a bureau score that decisively drives our decision can itself be an automated decision under GDPR Art. 22.",
			Addressed:    aims.AddressedPartly, HowAddressed: "The bureau score is one input among several in CreditLens; the weight it carries is documented in the model documentation.",
			ReviewDate: today.AddMonths(12)}},
	} {
		tl.at(d.daysAgo, 2, func() error {
			p, err := store.CreateParty(ctx, d.by, d.p)
			if err != nil {
				return fmt.Errorf("interested party %s: %w", d.p.Name, err)
			}
			parties[p.Name] = p.ID
			return nil
		})
	}

	// The EU AI Act obligations, proposed from the classifications.
	cat, catErr := catalog.Load()
	proposed := map[string]int64{}
	for i, name := range []string{"CreditLens credit scoring", "Ask Brightwater customer assistant"} {
		tl.at(52-i, 3, func() error {
			if catErr != nil {
				return catErr
			}
			a, err := store.AISystem(ctx, maria.OrgID, ids[name])
			if err != nil {
				return err
			}
			created, err := store.ProposeObligations(ctx, maria, a.ID, cat.ObligationProposals(a))
			if err != nil {
				return fmt.Errorf("EU AI Act obligations of %s: %w", name, err)
			}
			for _, o := range created {
				proposed[name] = o.ID
			}
			return nil
		})
	}

	type obligation struct {
		daysAgo int
		by      aims.Principal
		o       aims.Obligation
		systems []string
		parties []string
	}
	obligations := map[string]int64{}
	for _, d := range []obligation{
		{50, jonas, aims.Obligation{Title: "Automated individual decisions on credit applications", Kind: aims.KindLegal, Source: "GDPR Art. 22",
			Asks:    "A decision based solely on automated processing with legal or similarly significant effects only where necessary for the contract, with safeguards: human intervention, the applicant's point of view and the right to contest.",
			OwnerID: jonas.UserID, ReviewDate: today.AddMonths(6)},
			[]string{"CreditLens credit scoring"}, []string{"Loan applicants and borrowers", "State data protection authority"}},
		{49, maria, aims.Obligation{Title: "Data protection impact assessments", Kind: aims.KindLegal, Source: "GDPR Art. 35",
			Asks:    "Assess, before processing, the impact of processing likely to result in a high risk to people's rights, such as systematic evaluation by automated means, and consult the authority where the risk cannot be reduced.",
			OwnerID: maria.UserID, Status: aims.CompliancePartly, HowMet: "DPIA for CreditLens approved by the DPO; DPIA for the customer assistant drafted, open points on chat log retention.",
			ReviewDate: today.AddMonths(6)},
			[]string{"CreditLens credit scoring", "Ask Brightwater customer assistant"}, []string{"State data protection authority"}},
		{48, jonas, aims.Obligation{Title: "Creditworthiness assessment", Kind: aims.KindLegal, Source: "Directive (EU) 2023/2225 Art. 18, as transposed",
			Asks:    "A thorough creditworthiness assessment on relevant and accurate information about income and expenses; where it involves automated processing, the consumer may ask for human intervention, a clear explanation and a review of the decision.",
			OwnerID: jonas.UserID, Status: aims.CompliancePartly, HowMet: "Affordability data checked against account statements; human review on request in place. The explanation wording for automated assessments is being revised for the national rules applying from 20 November 2026.",
			ReviewDate: today.AddMonths(3)},
			[]string{"CreditLens credit scoring", "Loan file summariser"}, []string{"Loan applicants and borrowers", "BaFin (financial supervisory authority)"}},
		{47, priya, aims.Obligation{Title: "Automated models in creditworthiness assessment", Kind: aims.KindRegulatory, Source: "EBA/GL/2020/06 section 4.3.4",
			Asks:    "Understand the models used, their methodology, input data, assumptions and limits; control model quality and bias; keep human judgement and the ability to override; document and validate.",
			OwnerID: priya.UserID, Status: aims.ComplianceMet, HowMet: "Model documentation and annual independent validation under the model risk policy; overrides by underwriters logged and reported monthly to the credit committee.",
			ReviewDate: today.AddMonths(12)},
			[]string{"CreditLens credit scoring"}, []string{"BaFin (financial supervisory authority)"}},
		{40, tomas, aims.Obligation{Title: "LLM provider's usage policies and data terms", Kind: aims.KindContractual, Source: "LLM provider enterprise agreement §4 and DPA",
			Asks:    "Use the model only within the provider's usage policies: no automated eligibility decisions on credit, disclosure to users that they talk to an AI, no use for prohibited purposes; customer data is not used for training.",
			OwnerID: tomas.UserID, Status: aims.ComplianceMet, HowMet: "The assistant answers product and account questions only and hands any credit question to staff; AI disclosure in the chat window; zero-retention option active.",
			ReviewDate: today.AddMonths(6)},
			[]string{"Ask Brightwater customer assistant"}, []string{"Large language model provider"}},
		{24, maria, aims.Obligation{Title: "Works agreement on AI at work", Kind: aims.KindContractual, Source: "Works agreement on AI systems (Works Constitution Act §§87, 90)",
			Asks:    "Inform the works council before introducing or materially changing an AI system that affects staff; no monitoring of individual performance or behaviour by AI; AI training for affected staff; a joint review each year.",
			OwnerID: jonas.UserID, Status: aims.ComplianceNotMet, HowMet: "The agent wellbeing monitor was proposed without consulting the works council.",
			ReviewDate: today.AddMonths(12)},
			[]string{"Call-centre agent wellbeing monitor", "TalentMatch CV screening", "Developer code assistant"}, []string{"Works council"}},
	} {
		tl.at(d.daysAgo, 4, func() error {
			for _, n := range d.systems {
				d.o.AISystemIDs = append(d.o.AISystemIDs, ids[n])
			}
			for _, n := range d.parties {
				d.o.PartyIDs = append(d.o.PartyIDs, parties[n])
			}
			o, err := store.CreateObligation(ctx, d.by, d.o)
			if err != nil {
				return fmt.Errorf("obligation %s: %w", d.o.Title, err)
			}
			obligations[o.Title] = o.ID
			return nil
		})
	}

	// Later assessments: the proposals get owners and a status, Art. 22 is
	// assessed, the works council is consulted and the monitor stopped.
	edit := func(by aims.Principal, id func() int64, change func(*aims.Obligation)) func() error {
		return func() error {
			o, err := store.Obligation(ctx, by.OrgID, id())
			if err != nil {
				return err
			}
			change(&o)
			_, err = store.UpdateObligation(ctx, by, o)
			return err
		}
	}
	tl.at(30, 3, edit(priya, func() int64 { return proposed["CreditLens credit scoring"] }, func(o *aims.Obligation) {
		o.OwnerID, o.Status, o.ReviewDate = priya.UserID, aims.CompliancePartly, today.AddMonths(3)
		o.PartyIDs = append(o.PartyIDs, parties["BaFin (financial supervisory authority)"], parties["Loan applicants and borrowers"])
		o.HowMet = "Risk management, data governance, logging and human oversight run under the model risk policy and the AIMS. Open: quality management system mapping (Art. 17), conformity assessment under Annex VI and EU database registration before the application date; fundamental rights impact assessment (Art. 27) as deployer under Annex III 5(b), to be done with the DPIA update."
	}))
	tl.at(29, 3, edit(tomas, func() int64 { return proposed["Ask Brightwater customer assistant"] }, func(o *aims.Obligation) {
		o.OwnerID, o.Status, o.ReviewDate = tomas.UserID, aims.ComplianceMet, today.AddMonths(6)
		o.HowMet = "The chat window tells customers at the start that they are talking to an AI assistant; AI literacy training completed by the customer service team."
	}))
	tl.at(20, 2, edit(jonas, func() int64 { return obligations["Automated individual decisions on credit applications"] }, func(o *aims.Obligation) {
		o.Status = aims.CompliancePartly
		o.PartyIDs = append(o.PartyIDs, parties["Credit bureau"]) // the bureau's score counts too (C-634/21)
		o.HowMet = "Declines below the score threshold are reviewed by an underwriter before they are sent, so approvals only are fully automated. Contest route via customer service; the review SLA is not yet monitored."
	}))
	tl.at(10, 2, edit(jonas, func() int64 { return obligations["Works agreement on AI at work"] }, func(o *aims.Obligation) {
		o.Status = aims.CompliancePartly
		o.HowMet = "Wellbeing monitor stopped at inception and presented to the works council; AI training for affected staff scheduled. Joint review set for March."
	}))
	tl.at(10, 3, func() error {
		p, err := store.Party(ctx, jonas.OrgID, parties["Works council"])
		if err != nil {
			return err
		}
		p.Addressed = aims.AddressedPartly
		p.HowAddressed = "Works agreement on AI signed; the wellbeing monitor is on hold until the works council agrees. AI changes affecting staff now go to the council first."
		_, err = store.UpdateParty(ctx, jonas, p)
		return err
	})
}
