package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoImpact: Brightwater's impact criteria, approved impact assessments
// of CreditLens (high-risk credit scoring, so the fundamental-rights view
// matters), of the customer assistant, of churn prediction (in design) and
// of the CV screening tool's pilot, approved before it started. The
// CreditLens assessment went back once: the reviewer asked for the
// proxy-discrimination analysis before it could be approved.
func demoImpact(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	partyIDs := func(names ...string) ([]aims.Link, error) {
		page, err := store.Parties(ctx, maria.OrgID, aims.PartyFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}})
		if err != nil {
			return nil, err
		}
		var out []aims.Link
		for _, n := range names {
			found := false
			for _, p := range page.Items {
				if p.Name == n {
					out = append(out, aims.Link{ID: p.ID})
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("demo impact: no interested party %q", n)
			}
		}
		return out, nil
	}

	tl.at(42, 5, func() error {
		c := aims.DefaultImpactCriteria()
		c.Severity = []aims.ScaleLevel{
			{Label: "Minor", Meaning: "Inconvenience or a short delay; no effect on a customer's finances, credit record or access to our products."},
			{Label: "Moderate", Meaning: "A financial loss under EUR 500, a wrong answer put right at the next contact, or a delay of weeks in access to credit."},
			{Label: "Serious", Meaning: "Refusal of credit or worse terms without good reason, a loss above EUR 500, a wrong entry in a credit file, or distress needing support."},
			{Label: "Severe", Meaning: "Over-indebtedness, lasting exclusion from credit, discrimination against a protected group, or harm to many customers at once."},
		}
		c.Likelihood = []aims.ScaleLevel{
			{Label: "Rare", Meaning: "Less than once in five years across the portfolio."},
			{Label: "Possible", Meaning: "A few customers a year could be affected."},
			{Label: "Likely", Meaning: "Some customers are affected every month."},
			{Label: "Almost certain", Meaning: "Happens routinely unless a measure prevents it."},
		}
		c.Note = "Brightwater's first impact criteria, aligned with the AI risk criteria's severity bands so that a harm found here maps onto a risk rating. " +
			"Sensitive uses (score 6 or more) go to the AI risk committee; restricted uses (12 or more, or an irreversible serious harm) need the Management Board."
		_, err := store.SaveImpactCriteria(ctx, maria, c)
		return err
	})

	// CreditLens: started by its owner, returned once, approved by the AIMS lead.
	var credit aims.ImpactAssessment
	tl.at(35, 2, func() error {
		parties, err := partyIDs("Loan applicants and borrowers", "BaFin (financial supervisory authority)", "Consumer protection associations",
			"Supervisory board and internal audit")
		if err != nil {
			return err
		}
		a := aims.ImpactAssessment{AISystemID: ids["CreditLens credit scoring"], Title: "CreditLens 4.2 impact assessment (model release 4.2.0)",
			Parties: parties, AssessorID: priya.UserID, ReviewerID: jonas.UserID, MonitorID: jonas.UserID, NextReview: today.AddMonths(6),
			Triggers: []string{
				"Quarterly retraining that adds, removes or re-weights a feature beyond the documented tolerance",
				"A new loan product, channel or country, or use on business applicants",
				"Population stability index above 0.25 on any of the ten most important features",
				"Adverse impact ratio below 0.8 for any monitored group in two consecutive months",
				"An upheld complaint or AI incident about a credit decision",
				"New BaFin guidance or EU AI Act implementing acts on credit scoring",
			}}
		a.ImpactSections = aims.ImpactSections{
			Scope: "CreditLens release 4.2.0 (model generation 4, validated in MV-2026-07) as used in consumer loan origination in Germany and Austria (instalment loans EUR 1,000–50,000, " +
				"car loans), from application to decision, including the reason codes sent to applicants, and the scores with reason codes we supply since August to Larch Mobility Leasing (TP-5) " +
				"for consumer car-leasing applications, where Larch's officers decide. Out of scope: collections and pricing, which do not use CreditLens; the legacy affordability rules engine, being retired.",
			Description:     "A gradient-boosted tree model that estimates the probability of default within 12 months for a consumer loan application, with the five main reason codes for each score.",
			Functionalities: "Scores an application in under a second from application data and the credit bureau report; gives reason codes in plain language; flags applications outside the training population for manual underwriting.",
			Purpose:         "Consistent, explainable assessment of creditworthiness that supports, and does not replace, the loan officer's decision.",
			IntendedUses:    "Loan officers see the score and reason codes for each consumer application; an officer decides and records the decision; declines are reviewed by a second officer.",
			UnintendedUses:  "Pricing or limit setting for other products; marketing pre-selection; assessing business or self-employed commercial applicants.",
			ForeseeableMisuse: "Officers approving or declining on the score alone under time pressure (automation bias); using the score to decide on existing customers' overdrafts; " +
				"applicants or brokers tuning stated income to pass the threshold.",
			Data: "Internal applications 2019-2024 and their repayment history (data set v3: about 183,000 applications, 96,000 with an outcome), credit bureau data under contract, and the application form. No special categories of personal data; " +
				"nationality, gender and age are held back from the model and used only to test for unequal outcomes.",
			DataQuality: "Labels are 12-month defaults; applications declined before 2021 have no outcome, corrected by reject inference and documented. Young adults, recent movers to Germany and " +
				"self-employed applicants are under-represented (thin files); the validation report quantifies the error for each group.",
			AlgorithmModel: "LightGBM gradient-boosted trees with monotonic constraints on income, existing debt and payment arrears; SHAP values give the reason codes. Retrained quarterly; " +
				"the champion-challenger comparison and the validation report are approved by model risk before release.",
			Geography:  "Germany and Austria; applicants resident in the EU.",
			Languages:  "Reason codes and letters in German and English.",
			Complexity: "Embedded in the loan origination system; the score is one of several inputs next to the binding affordability rules and the officer's judgement.",
			Constraints: "Consumer Credit Directive and German creditworthiness rules (§ 505a BGB), GDPR Art. 22 (no solely automated decision), EU AI Act high-risk duties as provider and deployer; " +
				"the bureau contract limits use of bureau data to credit decisions.",
			AffectedPeople: "Loan applicants (about 4,000 a month), including people who never become customers; co-applicants and guarantors whose data is scored; " +
				"groups with thin credit files (young adults, recent movers, self-employed); loan officers whose work the score shapes.",
			Monitoring: "Approval and default rates, adverse impact ratios by age band, gender and nationality group, population stability on the top 20 features, the officers' override rate, " +
				"and complaints tagged 'credit decision'; results to the AI risk committee.",
			MonitoringEvery: "Monthly; quarterly report to the AI risk committee",
			DeployerProcess: "Consumer loan origination: application intake, credit bureau check, CreditLens score with reason codes, decision by a loan officer (a second officer for every decline), " +
				"offer or decline letter giving the main reasons, complaint and human re-assessment channel.",
			PeriodOfUse: "Release 4.2.0 in continuous use since its phased roll-out replaced 4.1.3; every consumer loan application is scored once at application and again if the amount or term changes, about 4,000 a month. " +
				"Use continues until the model is replaced; this assessment is reviewed at least every six months, and a new model generation is assessed before it is used.",
			HumanOversight: "Every decline is reviewed by a second officer; officers can override the score with a recorded reason; applications outside the training population go to manual underwriting; " +
				"officers are trained on automation bias and the meaning of reason codes before they get access.",
			ResponseMeasures: "Applicants can ask for a human re-assessment and an explanation through the complaints procedure (answer within 10 working days). An unequal outcome or drift beyond its limit " +
				"opens an AI incident; the model owner can switch CreditLens off and fall back to manual underwriting within one business day, and the AI risk committee decides whether to re-assess declined applications from the affected period. " +
				"The data protection officer and the works council are informed of material changes.",
		}
		a.Items = []aims.ImpactItem{
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "An applicant with a thin or atypical credit file is refused credit, or offered worse terms, without good reason.",
				Severity: 3, Likelihood: 2, Reversibility: 2, Measures: "Second-officer review of every decline; reason codes in the letter; human re-assessment on request; thin-file applications routed to manual underwriting."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Indirect discrimination: features that stand in for age, nationality or gender (postcode, employment type, length of residence) lower approval rates for a protected group.",
				Severity: 3, Likelihood: 2, Reversibility: 3, Measures: "Postcode removed as a feature; proxy analysis before each release; adverse impact ratio monitored monthly with 0.8 as the limit."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Loan officers follow the score without judgement under time pressure (automation bias), so the human review becomes a formality.",
				Severity: 3, Likelihood: 3, Reversibility: 2, FailureOrMisuse: true, Measures: "Override-rate monitoring per officer and team; training before access; decline volumes per officer reviewed monthly by the lending manager."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "The model overestimates affordability after a change in the economy (data drift), so customers take loans they cannot repay.",
				Severity: 4, Likelihood: 1, Reversibility: 3, FailureOrMisuse: true, Measures: "Affordability rules remain binding whatever the score; population stability monitoring; champion-challenger comparison at each retraining."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactSociety, Description: "Consistently lower scores for people without a credit history add to the financial exclusion of newcomers and young adults.",
				Severity: 3, Likelihood: 1, Reversibility: 3, Measures: "Alternative data (rent and utility payments, with consent) under evaluation; outcomes for thin-file groups reported to the AI risk committee."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactIndividuals, Description: "Faster and more consistent decisions with stated reasons, instead of differences between officers and branches.",
				Measures: "Decision times and the consistency of decisions across branches are part of the monthly monitoring."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactSociety, Description: "Fewer loans that borrowers cannot repay, lowering over-indebtedness among customers."},
		}
		a.Disclosures = []aims.ImpactDisclosure{
			{What: "That a scoring model supports the decision, the main reasons for a decline and the right to a human re-assessment", Audience: "Loan applicants", How: "Decline letter and the AI notice on the website"},
			{What: "Results of the fundamental-rights impact assessment (EU AI Act Art. 27(3))", Audience: "Market surveillance authority", How: "Notification form, before first use and after each material change"},
			{What: "The full assessment and the monitoring results", Audience: "BaFin and internal audit", How: "On request; part of the annual model risk report"},
			{What: "Monitoring results and open measures", Audience: "Supervisory board risk committee", How: "Quarterly AI risk report"},
		}
		credit, err = store.CreateImpactAssessment(ctx, priya, a)
		return err
	})
	tl.at(31, 3, func() (err error) {
		credit, err = store.SubmitImpactAssessment(ctx, priya, credit.ID, aims.ImpactStep{Version: credit.Version})
		return err
	})
	tl.at(30, 4, func() (err error) {
		credit, err = store.ReturnImpactAssessment(ctx, jonas, credit.ID, aims.ImpactStep{Version: credit.Version,
			Note: "Add the proxy-discrimination analysis for postcode and employment type, and say what the officers' override rate tells us about automation bias."})
		return err
	})
	tl.at(28, 2, func() (err error) {
		credit, err = store.SubmitImpactAssessment(ctx, priya, credit.ID, aims.ImpactStep{Version: credit.Version})
		return err
	})
	tl.at(27, 5, func() (err error) {
		credit, err = store.ApproveImpactAssessment(ctx, maria, credit.ID, aims.ImpactStep{Version: credit.Version})
		return err
	})

	// The customer assistant: written by its owner, reviewed and approved by risk.
	var chat aims.ImpactAssessment
	tl.at(24, 2, func() error {
		parties, err := partyIDs("Loan applicants and borrowers", "Large language model provider", "State data protection authority")
		if err != nil {
			return err
		}
		a := aims.ImpactAssessment{AISystemID: ids["Ask Brightwater customer assistant"], Title: "Ask Brightwater customer assistant impact assessment",
			Parties: parties, AssessorID: tomas.UserID, ReviewerID: priya.UserID, MonitorID: tomas.UserID, NextReview: today.AddMonths(11),
			Triggers: []string{
				"A change of language model or model version by the provider",
				"The assistant gets access to account data or can start transactions",
				"Hand-over rate or complaint rate above its monthly limit",
				"A new language or channel",
			}}
		a.ImpactSections = aims.ImpactSections{
			Scope: "The customer assistant in the mobile app and on the website, answering general questions about accounts, cards and loans. It cannot see or change account data; hand-over to a human agent is included.",
			Description: "A chat assistant built on a hosted general-purpose language model that answers from Brightwater's product documentation and FAQ (retrieval), " +
				"and hands the conversation to an agent on request or when its confidence is low.",
			Functionalities: "Answers questions, links to forms and explains products and fees; tells customers it is an AI system at the start of each conversation; cannot give personalised advice or take decisions.",
			Purpose:         "Shorter waiting times for customers and more time for agents to handle complex and vulnerable-customer cases.",
			IntendedUses:    "General questions from customers and prospects; guidance to the right form, branch or person.",
			UnintendedUses:  "Advice on which loan to take or how much to borrow; complaints handling; anything needing identification.",
			ForeseeableMisuse: "Customers treating answers as personal financial advice; customers typing account numbers or health details into the chat; " +
				"attempts to make the assistant say something offensive or false (prompt injection).",
			Data:        "Product documentation and FAQ (retrieval index, updated weekly); conversation logs kept 90 days for quality review. No account data.",
			DataQuality: "Each document in the index has an owner and a review date; outdated documents are removed at the weekly update; a sample of 200 answers a month is checked against the sources.",
			AlgorithmModel: "Hosted general-purpose language model (EU region) under a data processing agreement; retrieval over our documents; system prompt and guardrails maintained by customer service. " +
				"Assessed on the provider's new model generation, which replaces the retiring 2025-09 snapshot (change request CHG-1), with its regression test of 400 reference questions.",
			Geography:        "Customers in Germany and Austria.",
			Languages:        "German and English; other languages are handed over to an agent.",
			Complexity:       "Depends on the provider's model, which can change; the retrieval index and the guardrails are ours.",
			Constraints:      "EU AI Act Art. 50(1) transparency; GDPR (chat logs); consumer protection rules on advice; the provider may not use our conversations for training (contract).",
			AffectedPeople:   "Customers and prospects who use the chat, including customers in financial difficulty and older customers less used to digital channels; agents who take over conversations.",
			Monitoring:       "Hand-over rate, answers rated unhelpful, complaints mentioning the assistant, the monthly sample of 200 answers checked against the sources, and guardrail triggers.",
			MonitoringEvery:  "Weekly sample review; monthly report to the customer service lead and the AI risk committee",
			HumanOversight:   "Hand-over to a human agent on request or low confidence; weekly review of a sample of conversations; customer service can switch the assistant off within minutes.",
			ResponseMeasures: "Wrong answers found in review or complaints are corrected at the source document and the customers affected are contacted; offensive or harmful output opens an AI incident.",
		}
		a.Items = []aims.ImpactItem{
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "A wrong or outdated answer about fees or terms leads a customer to a costly choice.",
				Severity: 2, Likelihood: 2, Reversibility: 2, Measures: "Answers only from reviewed documents, with a link to the source; weekly index update; goodwill refunds when an answer was wrong."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "A customer treats a general answer as personal financial advice and borrows more than they can afford.",
				Severity: 2, Likelihood: 2, Reversibility: 2, FailureOrMisuse: true, Measures: "The assistant declines advice questions and offers an appointment; loan decisions still go through affordability checks."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Customers in financial difficulty are not recognised and not routed to the hardship team.",
				Severity: 3, Likelihood: 1, Reversibility: 2, Measures: "Keywords about arrears, job loss or illness trigger a hand-over to the hardship team; agents trained on vulnerable customers."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Personal data typed into the chat reaches the model provider.",
				Severity: 2, Likelihood: 2, Reversibility: 3, Measures: "Account and card numbers masked before the model sees them; provider contract forbids training on our data; logs deleted after 90 days."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactSociety, Description: "Older or less digital customers get worse service as human channels shrink.",
				Severity: 2, Likelihood: 1, Reversibility: 1, Measures: "Phone and branch service levels are unchanged; the assistant is an extra channel, not a replacement."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactIndividuals, Description: "Answers around the clock, without waiting for an agent."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactGroups, Description: "Agents have more time for complex cases and customers in difficulty."},
		}
		a.Disclosures = []aims.ImpactDisclosure{
			{What: "That the customer is talking to an AI system, and how to reach a person", Audience: "Chat users", How: "First message of every conversation (Art. 50(1))"},
			{What: "How chat data is processed and by whom", Audience: "Customers", How: "Privacy notice"},
			{What: "Monitoring results", Audience: "AI risk committee", How: "Monthly report"},
		}
		chat, err = store.CreateImpactAssessment(ctx, tomas, a)
		return err
	})
	tl.at(20, 3, func() (err error) {
		chat, err = store.SubmitImpactAssessment(ctx, tomas, chat.ID, aims.ImpactStep{Version: chat.Version})
		return err
	})
	tl.at(18, 4, func() (err error) {
		chat, err = store.ApproveImpactAssessment(ctx, jonas, chat.ID, aims.ImpactStep{Version: chat.Version})
		return err
	})

	// Churn prediction: assessed in design, before the first model is
	// validated or used (ISO/IEC 42005 asks for the assessment early), by
	// its owner, reviewed by the data science lead and approved by the
	// AIMS lead. Its age harm became a criterion of the validation run.
	var churn aims.ImpactAssessment
	tl.at(23, 3, func() error {
		parties, err := partyIDs("Loan applicants and borrowers", "Consumer protection associations", "State data protection authority")
		if err != nil {
			return err
		}
		a := aims.ImpactAssessment{AISystemID: ids["Churn prediction"], Title: "Churn prediction impact assessment (design, model 0.3)",
			Parties: parties, AssessorID: tomas.UserID, ReviewerID: priya.UserID, MonitorID: tomas.UserID, NextReview: today.AddMonths(3),
			Triggers: []string{
				"Before the model enters deployment, with the results of its validation",
				"A new kind of retention offer, above all any credit product or limit increase",
				"New data sources, such as transaction categories or data from other group companies",
				"Offers made without a service agent, or sent automatically",
				"Offer-rate ratio between age bands below 0.8, or a complaint about a retention contact",
			}}
		a.ImpactSections = aims.ImpactSections{
			Scope: "The churn model in design (version 0.3) and its planned use by the service team for retention calls and offers to current-account customers in Germany. " +
				"Out of scope: pricing, credit decisions and collections, which may not use the churn score.",
			Description:     "A model that ranks current-account customers by the likelihood that they close their account within 90 days, from 24 months of account activity.",
			Functionalities: "A weekly ranked list for the service team with the three main drivers per customer; no decision and no contact is made by the model itself.",
			Purpose:         "Reach customers who are about to leave in time to solve their problem or offer better terms, instead of losing them unnoticed.",
			IntendedUses:    "Service agents call customers near the top of the list and may offer a fee waiver or a better savings rate from the product rules.",
			UnintendedUses:  "Credit decisions, pricing or limits; marketing of credit products; any use on customers who objected to profiling.",
			ForeseeableMisuse: "Agents pushing a credit product to meet retention targets; using the score to decide who gets service at all; " +
				"exporting the list to marketing for other campaigns.",
			Data: "Account activity, product holdings and contact history of current-account customers over 24 months; complaints tagged by topic. " +
				"Age and nationality are not features; age band is used only to test for unequal offers. Customers who objected to profiling (GDPR Art. 21) are removed before scoring.",
			DataQuality: "Closures in the last 24 months give the labels; dormant accounts and accounts closed by the bank are excluded. Older customers use the app less, " +
				"so activity features may describe them less well; the validation measures the offer rate by age band.",
			AlgorithmModel: "Logistic regression and gradient-boosted trees compared; the simpler model is kept unless the more complex one gains clearly in lift.",
			Geography:      "Germany; current-account customers only.",
			Languages:      "German and English call scripts.",
			Complexity:     "A ranked list in the service team's campaign tool; agents decide whom to call and what to offer within the product rules.",
			Constraints: "GDPR profiling rules and the right to object (Art. 21); consumer protection rules against unsuitable offers; the works agreement on " +
				"performance data, since agents' retention results are not assessed from the list.",
			AffectedPeople:  "Current-account customers, including older customers and customers in financial difficulty; service agents who use the list.",
			Monitoring:      "Offer rate by age band, offers to customers in arrears (should be none), complaints about retention contacts, and the share of contacted customers who stay.",
			MonitoringEvery: "Monthly once in use; at each validation run before that",
			HumanOversight:  "A service agent chooses whom to call and what to offer; team leads review a sample of retention calls each month.",
			ResponseMeasures: "A complaint about a retention contact goes to the complaints procedure; an unequal offer rate or an offer to a customer in difficulty stops the list " +
				"until the cause is fixed, and the hardship team contacts the customers concerned.",
		}
		a.Items = []aims.ImpactItem{
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "A customer in financial difficulty gets a retention offer instead of a referral to debt advice.",
				Severity: 3, Likelihood: 1, Reversibility: 2, Measures: "Customers in arrears or known to the hardship team are removed before scoring; offers are fee waivers or savings rates only, never credit."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Older customers, who use the app less, are ranked lower and get fewer retention offers than younger customers.",
				Severity: 2, Likelihood: 2, Reversibility: 1, Measures: "Offer-rate ratio between age bands is a validation criterion (at least 0.8) before use and is monitored monthly after."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "A customer who objected to profiling is scored and contacted all the same.",
				Severity: 2, Likelihood: 1, Reversibility: 2, Measures: "Objection flag removes the customer before scoring; the validation checks that none is in the scored population."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "The churn score is reused for credit or pricing decisions it was not built for.",
				Severity: 3, Likelihood: 1, Reversibility: 2, FailureOrMisuse: true, Measures: "The score is only available in the campaign tool; no interface to the lending or pricing systems."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactIndividuals, Description: "Customers about to leave over a fee or a problem get it solved or get better terms they would otherwise miss."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactGroups, Description: "The drivers of closures point the service team to recurring problems, fixed for all customers."},
		}
		a.Disclosures = []aims.ImpactDisclosure{
			{What: "That account activity is used to predict closures for retention offers, and the right to object", Audience: "Customers", How: "Privacy notice, before the model is used"},
			{What: "The assessment and the validation results", Audience: "Data protection officer", How: "With the data protection impact assessment"},
			{What: "Offer rates by age band and complaints about retention contacts", Audience: "AI risk committee", How: "Monthly report once in use"},
		}
		churn, err = store.CreateImpactAssessment(ctx, tomas, a)
		return err
	})
	tl.at(21, 2, func() (err error) {
		churn, err = store.SubmitImpactAssessment(ctx, tomas, churn.ID, aims.ImpactStep{Version: churn.Version})
		return err
	})
	tl.at(19, 3, func() (err error) {
		churn, err = store.ApproveImpactAssessment(ctx, maria, churn.ID, aims.ImpactStep{Version: churn.Version})
		return err
	})

	// TalentMatch: assessed before the pilot (the organization's gate asks
	// for an approved impact assessment before deployment), by the data
	// science lead, reviewed and approved by the AIMS lead, who neither
	// owns the system nor accepts its risk.
	var talent aims.ImpactAssessment
	tl.at(22, 5, func() error {
		parties, err := partyIDs("Works council", "State data protection authority", "Supervisory board and internal audit")
		if err != nil {
			return err
		}
		a := aims.ImpactAssessment{AISystemID: ids["TalentMatch CV screening"], Title: "TalentMatch CV screening impact assessment (pilot, IT recruiting)",
			Parties: parties, AssessorID: priya.UserID, ReviewerID: maria.UserID, MonitorID: maria.UserID, NextReview: today.AddMonths(3),
			Triggers: []string{"Use for a new job family or beyond the three pilot recruiters", "A new version of the vendor's ranking model",
				"Age adverse-impact ratio from the pilot below 0.8", "A complaint from an applicant or the works council about the ranking",
				"The end of the three-month pilot, before any decision on wider use"}}
		a.ImpactSections = aims.ImpactSections{
			Scope:             "The three-month pilot: three recruiters ranking applications for IT roles. Not customer service, operations or management roles.",
			Description:       "A vendor tool that ranks applications against the requirements of an open position.",
			IntendedUses:      "Recruiters see a ranked list only after their first read of each application, and read every application before rejecting it.",
			ForeseeableMisuse: "Rejecting applicants below a rank without reading them; using the ranking for roles outside the pilot.",
			AffectedPeople:    "Job applicants, most of whom never become employees; recruiters; the works council has co-determination rights.",
			Monitoring:        "Adverse-impact ratio by gender and, from the applicants' voluntary age-band answer, by age, per vacancy; recruiters' overrides of the ranking.",
			MonitoringEvery:   "Per vacancy during the pilot; reported monthly to the AIMS lead and the works council",
			HumanOversight:    "Ranking hidden for the first read; recruiters trained on automation bias; HR analytics reviews each vacancy's ratios.",
		}
		a.Items = []aims.ImpactItem{
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Applicants with career breaks (often women and carers) are ranked lower.",
				Severity: 3, Likelihood: 2, Reversibility: 3, Measures: "Gaps removed from the features; gender adverse-impact ratio 0.88 on our 2025 applications (LCR-12); measured per vacancy in the pilot."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Older applicants are ranked lower through graduation years and career length.",
				Severity: 3, Likelihood: 2, Reversibility: 3, Measures: "Graduation years removed; the age ratio is measured in the pilot from a voluntary age-band question, since our 2025 applications hold no dates of birth; the pilot stops below 0.8."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "Part-time workers and people returning to work, most of them women, are ranked lower for shorter recent experience.",
				Severity: 3, Likelihood: 2, Reversibility: 3, Measures: "Experience counted in years, not full-time equivalents; gender ratio per vacancy in the pilot."},
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "A recruiter rejects a low-ranked applicant without reading the application.",
				Severity: 3, Likelihood: 2, Reversibility: 2, FailureOrMisuse: true, Measures: "Ranking hidden for the first read; the tool logs whether each rejected application was opened; HR analytics checks the log monthly."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactIndividuals, Description: "Applications are read sooner: applicants hear back within five working days instead of three weeks."},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactGroups, Description: "Every application is checked against the same written requirements, which makes recruiters' choices easier to review."},
		}
		a.Disclosures = []aims.ImpactDisclosure{
			{What: "That an AI tool ranks applications, that a person reads every application, and whom to ask", Audience: "Applicants", How: "In the job advert and the privacy notice for applicants"},
			{What: "The assessment, the pilot's ratios and the stop condition", Audience: "Works council", How: "Monthly pilot report; the assessment before the pilot starts"},
			{What: "The assessment with the data protection impact assessment", Audience: "Data protection officer", How: "Before the pilot starts"},
		}
		talent, err = store.CreateImpactAssessment(ctx, priya, a)
		return err
	})
	tl.at(20, 4, func() (err error) {
		talent, err = store.SubmitImpactAssessment(ctx, priya, talent.ID, aims.ImpactStep{Version: talent.Version})
		return err
	})
	tl.at(18, 4, func() (err error) {
		talent, err = store.ApproveImpactAssessment(ctx, maria, talent.ID, aims.ImpactStep{Version: talent.Version})
		return err
	})
	// Once the risk workshop has recorded TalentMatch's risk, every harm of
	// IA-4 links it: each is a way the ranking disadvantages applicants.
	tl.at(21, 6, func() error {
		r, err := demoRiskByTitle(ctx, store, priya.OrgID, "CV ranking disadvantages")
		if err != nil {
			return err
		}
		a, err := store.ImpactAssessment(ctx, priya.OrgID, talent.ID)
		if err != nil {
			return err
		}
		for i, it := range a.Items {
			if it.Kind == aims.ImpactHarm {
				if _, err := store.LinkRisk(ctx, priya, a.ID, i+1, r.ID); err != nil {
					return fmt.Errorf("IA-4 harm %d: %w", i+1, err)
				}
			}
		}
		return nil
	})
}
