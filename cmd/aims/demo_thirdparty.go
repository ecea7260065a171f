package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoThirdParty records Brightwater's suppliers and its one business
// customer (A.10, 8.1): the hosted LLM behind the customer assistant, the
// credit bureau feeding CreditLens, the cloud hosting fraud detection's
// standby, the consultancy that validates CreditLens, a leasing company
// that receives CreditLens scores, and a speech-analytics vendor that was
// turned down. Components that name a supplier carry the same contract.
// Each has a responsibility matrix; the suppliers are assessed, one with
// conditions, and the credit bureau's reassessment is overdue.
func demoThirdParty(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	const (
		credit    = "CreditLens credit scoring"
		assistant = "Ask Brightwater customer assistant"
		fraud     = "Card transaction fraud detection"
		wellbeing = "Call-centre agent wellbeing monitor"
	)
	day := func(n int) aims.Date { return today.AddDays(-n) }
	R, S, N := aims.ShareResponsible, aims.ShareShared, aims.ShareNone
	row := func(a aims.Activity, org, sup, cus aims.Share, note string) aims.Responsibility {
		return aims.Responsibility{Activity: a, Organization: org, Supplier: sup, Customer: cus, Note: note}
	}
	stage := func(l aims.Lifecycle) aims.Activity { return aims.Activity(l) }
	items := []struct {
		daysAgo     int
		by          aims.Principal
		party       string // the interested party's name, if one is recorded
		systems     []string
		t           aims.ThirdParty
		assessments []aims.SupplierAssessment
	}{
		{24, tomas, "Large language model provider", []string{assistant}, aims.ThirdParty{
			Name: "Aurora Language Models GmbH", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityHigh, Status: aims.RelationActive,
			Provides:    "Hosted general-purpose large language model behind the Ask Brightwater assistant, through an EU-region API, with the vendor's content filters.",
			Components:  "General-purpose LLM (release pinned per deployment: the 2025-09 snapshot, to be replaced by the vendor's new generation before its retirement in December); embedding model for the retrieval index; vendor moderation service.",
			ContractRef: "MSA-2025-031 with data processing agreement and AI addendum", ContractStart: day(410), ContractEnd: today.AddMonths(14),
			OwnerID: tomas.UserID, ReviewDate: today.AddMonths(5),
			Notes: "The addendum bars training on our prompts and answers, keeps processing in the EU and requires 30 days' notice of a model change.",
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageDesign), S, R, N, "Vendor develops and trains the model; we design prompts, retrieval and hand-over rules."),
				row(stage(aims.StageVerification), R, S, N, "We test every model version against our answer-quality and safety suite before switching; the vendor supplies its model card and evaluation results."),
				row(stage(aims.StageDeployment), R, N, N, "We decide when a pinned model version goes live."),
				row(stage(aims.StageOperation), S, S, N, "Vendor runs the service to the SLA; we run the assistant and its guardrails."),
				row(aims.ActivityDataProvision, R, N, N, "Our product documentation and FAQ only; no customer account data reaches the vendor."),
				row(aims.ActivityHumanOversight, R, N, N, "Hand-over to an agent on request or low confidence; weekly conversation sample review."),
				row(aims.ActivityMonitoring, R, S, N, "We monitor answer quality and complaints; the vendor reports abuse and outages."),
				row(aims.ActivityIncidentReporting, R, S, N, "Vendor notifies us of security or model incidents within 24 hours; we inform customers and authorities."),
				row(aims.ActivityDocumentation, S, S, N, "Vendor: model card and usage policies; we: the system's documentation and customer disclosure (Art. 50(1))."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(23), Method: aims.MethodCertificateReview, Certificate: "ISO/IEC 27001:2022, certificate no. DE-27001-4471, accredited certification body; ISO/IEC 42001 certification planned for 2027",
				CertificateExpires: today.AddMonths(19), Result: aims.ResultAcceptableConditions,
				Findings:   "Certificate scope covers the API platform in the EU region. No ISO/IEC 42001 certificate yet; the model card does not give error rates for German.",
				Conditions: "Contractual 30-day notice of model changes confirmed in the AI addendum; German-language evaluation results delivered before the next model switch; reassess once ISO/IEC 42001 certification is reached.",
				Assessor:   "Jonas Weber", NextDue: today.AddMonths(9)},
		}},
		{22, priya, "Credit bureau", []string{credit}, aims.ThirdParty{
			Name: "Nordauskunft Kreditbüro AG", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityHigh, Status: aims.RelationActive,
			Provides:    "Credit bureau data for consumer applicants (payment history, existing credit, bureau score) through a real-time interface.",
			Components:  "Bureau score (the bureau's own model) and raw bureau attributes used as CreditLens features.",
			ContractRef: "Participation agreement TP-2019-007", ContractStart: day(2500), OwnerID: priya.UserID, ReviewDate: today.AddMonths(4),
			Notes: "The bureau score is one input among several; its weight is documented in the CreditLens model documentation (SCHUFA judgment, C-634/21).",
			Responsibilities: []aims.Responsibility{
				row(aims.ActivityDataProvision, N, R, N, "Bureau answers for the accuracy and lawful collection of its data."),
				row(stage(aims.StageDesign), R, N, N, "We choose which attributes CreditLens uses and how much weight the bureau score carries."),
				row(stage(aims.StageVerification), R, S, N, "We validate the attributes' predictive value; the bureau documents its score's validation."),
				row(aims.ActivityMonitoring, R, S, N, "We track hit rates and drift of bureau attributes; the bureau announces changes to its score."),
				row(aims.ActivityIncidentReporting, S, S, N, "Data errors reported both ways within 5 working days; corrections returned to the bureau."),
				row(aims.ActivityDocumentation, S, S, N, "Bureau: score documentation for applicants' access requests; we: the explanation given to applicants."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(430), Method: aims.MethodAudit, Result: aims.ResultAcceptable, Assessor: "Internal audit (Elena Petrova)",
				Findings: "On-site audit of data quality controls and the correction process; score documentation adequate.",
				NextDue:  day(65)},
		}},
		{21, maria, "", []string{fraud, assistant}, aims.ThirdParty{
			Name: "Helio Cloud Services (EU region)", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityMedium, Status: aims.RelationActive,
			Provides:    "Infrastructure in the Frankfurt region for the fraud model's disaster-recovery scoring pool and the off-site backups of the assistant's retrieval index; production runs on our own cluster and the chatbot platform.",
			Components:  "Compute and storage only; no AI services of the provider are used.",
			ContractRef: "Cloud framework agreement CF-2024-12", ContractStart: day(700), ContractEnd: today.AddMonths(26), OwnerID: maria.UserID,
			ReviewDate: today.AddMonths(8),
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageOperation), S, S, N, "Provider runs the platform to its SLA; we run the models and their monitoring."),
				row(aims.ActivityMonitoring, R, S, N, "Provider monitors the platform; we monitor the models."),
				row(aims.ActivityIncidentReporting, R, S, N, "Provider reports platform incidents under the framework agreement."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(20), Method: aims.MethodCertificateReview, Certificate: "ISO/IEC 27001:2022 and ISO/IEC 27017, certificate no. EU-CL-2231; SOC 2 Type II report for 2025",
				CertificateExpires: today.AddMonths(22), Result: aims.ResultAcceptable, Assessor: "Maria Keller",
				Findings: "Certificates cover the Frankfurt region; no exceptions in the SOC 2 report relevant to our workloads.", NextDue: today.AddMonths(11)},
		}},
		{19, jonas, "", []string{credit}, aims.ThirdParty{
			Name: "Kestrel Model Risk Partners", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityMedium, Status: aims.RelationActive,
			Provides:    "Independent annual review of the second line's CreditLens validation: re-performs a sample of its performance, stability and fairness tests and reports to the model risk committee.",
			ContractRef: "Statement of work SOW-2026-02", ContractStart: day(150), ContractEnd: today.AddMonths(10), OwnerID: jonas.UserID,
			ReviewDate: today.AddMonths(9),
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageVerification), R, S, N, "Our second line validates each release (MV-2026-07); Kestrel reviews that validation each year; model risk decides on the findings."),
				row(aims.ActivityDocumentation, S, R, N, "Kestrel writes its annual review report; we keep it as evidence with the validation reports."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(150), Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptable, Assessor: "Jonas Weber",
				Findings: "Supplier questionnaire on independence, staff qualifications and confidentiality; two references from other lenders checked.",
				NextDue:  today.AddMonths(7)},
		}},
		{17, jonas, "", []string{credit}, aims.ThirdParty{
			Name: "Larch Mobility Leasing GmbH", Kind: aims.ThirdPartyCustomer, Criticality: aims.CriticalityMedium, Status: aims.RelationActive,
			Provides:    "Receives CreditLens risk scores with reason codes for consumer car-leasing applications through our scoring API.",
			ContractRef: "Scoring services agreement SSA-2026-01", ContractStart: day(120), ContractEnd: today.AddMonths(24), OwnerID: jonas.UserID,
			ReviewDate: today.AddMonths(6),
			Notes:      "Larch is the deployer of the score for its own decisions (EU AI Act Art. 26); we remain the provider.",
			Commitments: []aims.CustomerCommitment{
				{Expectation: "Scores are explainable to the applicant.", Information: "Up to four reason codes with every score, and a reason-code catalogue."},
				{Expectation: "The score is used only for its intended purpose.", Information: "Instructions for use: intended use, limits (no business applicants, no pricing of other products), human review of declines."},
				{Expectation: "Advance notice of model changes.", Information: "60 days' notice of a new model version, with the validation summary."},
				{Expectation: "Incidents affecting scores are reported.", Information: "Notification within 72 hours, with affected scores and remediation."},
				{Expectation: "Performance stays as contracted.", Information: "Quarterly performance report: discrimination, stability and approval-rate drift for Larch's applicants."},
			},
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageDesign), R, N, N, "We develop and train CreditLens."),
				row(stage(aims.StageVerification), R, N, S, "We validate; Larch checks the score on its own portfolio before go-live."),
				row(stage(aims.StageDeployment), S, N, S, "Joint go-live decision for each model version."),
				row(aims.ActivityHumanOversight, N, N, R, "Larch's credit officers review every decline and decide."),
				row(aims.ActivityMonitoring, R, N, S, "We monitor the model; Larch monitors decisions and overrides and shares them quarterly."),
				row(aims.ActivityIncidentReporting, R, N, S, "We report model incidents to Larch; Larch reports complaints and suspected errors to us."),
				row(aims.ActivityDocumentation, R, N, N, "Instructions for use and technical documentation (provider duties)."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(16), Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptable, Assessor: "Jonas Weber",
				Findings: "Deployer questionnaire: Larch's officers review every decline, the instructions for use were acknowledged, and the score is used only for consumer car-leasing decisions.",
				NextDue:  today.AddMonths(12)},
		}},
		{17, tomas, "", []string{assistant}, aims.ThirdParty{
			Name: "Cobalt Conversational Platforms GmbH", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityHigh, Status: aims.RelationActive,
			Provides:    "The SaaS chatbot platform behind Ask Brightwater: conversation flows, hand-over to agents, the retrieval index and its hosting in the EU region.",
			Components:  "Chatbot platform with retrieval index (release 4.8); platform hosting in the vendor's EU cloud region.",
			ContractRef: "SaaS agreement SA-2025-014 with data processing agreement", ContractStart: day(430), ContractEnd: today.AddMonths(12),
			OwnerID: tomas.UserID, ReviewDate: today.AddMonths(6),
			Notes: "After INC-2 the vendor added a failure alert to the index refresh job; the agreement is to be extended with an index-freshness commitment.",
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageOperation), S, S, N, "Vendor runs the platform and the index refresh job to the SLA; we run the assistant's flows and hand-over rules."),
				row(aims.ActivityDataProvision, R, N, N, "We publish the approved product documents the index is built from."),
				row(aims.ActivityMonitoring, R, S, N, "Vendor alerts on failed or stale index refreshes; we sample answers weekly."),
				row(aims.ActivityIncidentReporting, R, S, N, "Vendor reports platform incidents within 24 hours; we inform customers and authorities."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(16), Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptableConditions, Assessor: "Jonas Weber",
				Findings:   "Questionnaire after INC-2: the index refresh failed silently after a catalogue schema change; no monitoring of index freshness existed.",
				Conditions: "Failure alert and freshness check on the index refresh job (done); index-freshness commitment in the agreement at renewal.",
				NextDue:    today.AddMonths(6)},
		}},
		{17, maria, "", []string{"TalentMatch CV screening"}, aims.ThirdParty{
			Name: "Quillon Talent Analytics B.V.", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityHigh, Status: aims.RelationActive,
			Provides:    "The TalentMatch ranking service (SaaS): ranks applications against a vacancy's requirements; the model is the vendor's and not visible to us.",
			Components:  "TalentMatch ranking model (vendor release 2026.3); ranking logs kept on the vendor platform in the EU region.",
			ContractRef: "Pilot agreement PA-2026-09 with data processing agreement", ContractStart: day(20), ContractEnd: today.AddMonths(3),
			OwnerID: maria.UserID, ReviewDate: today.AddMonths(3),
			Notes: "Pilot contract only. As provider of a high-risk system (Annex III 4(a)) the vendor owes us the instructions for use (due with release 2026.4) and its conformity documentation.",
			Responsibilities: []aims.Responsibility{
				row(stage(aims.StageDesign), N, R, N, "Vendor develops and trains the ranking model."),
				row(stage(aims.StageVerification), S, S, N, "Vendor supplies its bias testing; we test adverse impact on our own applications (LCR-12) and in the pilot."),
				row(stage(aims.StageDeployment), R, N, N, "We decide on the pilot and any wider use."),
				row(aims.ActivityHumanOversight, R, N, N, "Recruiters read every application; ranking hidden for the first read."),
				row(aims.ActivityMonitoring, R, S, N, "We measure adverse-impact ratios per vacancy; the vendor reports model changes and errors."),
				row(aims.ActivityIncidentReporting, S, S, N, "Each side reports incidents and suspected bias to the other within 48 hours."),
				row(aims.ActivityDocumentation, S, R, N, "Vendor: instructions for use and technical documentation (provider duties); we: logs export and the deployer's records."),
			},
		}, []aims.SupplierAssessment{
			{AssessedOn: day(17), Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptableConditions, Assessor: "Jonas Weber",
				Findings:   "Vendor questionnaire and the bias testing summary reviewed; instructions for use not yet available; logs kept six months on the vendor platform.",
				Conditions: "Instructions for use delivered with release 2026.4 before any wider roll-out; monthly export of the ranking logs to our HR archive.",
				NextDue:    today.AddMonths(3)},
		}},
		{12, tomas, "", []string{wellbeing}, aims.ThirdParty{
			Name: "Alder Speech Analytics", Kind: aims.ThirdPartySupplier, Criticality: aims.CriticalityLow, Status: aims.RelationProspective,
			Provides:   "Proposed: voice analytics inferring call-centre agents' emotional state.",
			Components: "Vendor's speech emotion recognition model.",
			OwnerID:    tomas.UserID, ReviewDate: today.AddMonths(3),
			Notes: "Not to be contracted: emotion recognition at the workplace is prohibited (EU AI Act Art. 5(1)(f)).",
		}, []aims.SupplierAssessment{
			{AssessedOn: day(10), Method: aims.MethodQuestionnaire, Result: aims.ResultNotAcceptable, Assessor: "Maria Keller",
				Findings: "The product's core function is emotion recognition of employees at work, which is prohibited; the vendor offers no configuration without it."},
		}},
	}
	for _, it := range items {
		tl.at(it.daysAgo, 4, func() error {
			t := it.t
			for _, name := range it.systems {
				t.AISystemIDs = append(t.AISystemIDs, ids[name])
			}
			if it.party != "" {
				names, err := store.PartyNames(ctx, it.by.OrgID)
				if err != nil {
					return err
				}
				for _, p := range names {
					if strings.HasSuffix(p.Label, " "+it.party) {
						t.PartyID = p.ID
					}
				}
			}
			created, err := store.CreateThirdParty(ctx, it.by, t)
			if err != nil {
				return fmt.Errorf("third party %s: %w", t.Name, err)
			}
			version := created.Version
			for _, a := range it.assessments {
				saved, err := store.AddThirdPartyAssessment(ctx, it.by, created.ID, aims.NewAssessment{Version: version, SupplierAssessment: a})
				if err != nil {
					return fmt.Errorf("assessment of %s: %w", t.Name, err)
				}
				version = saved.Version
			}
			if t.Kind == aims.ThirdPartySupplier && len(it.assessments) > 0 && it.assessments[0].Certificate != "" {
				a := it.assessments[0]
				_, err := store.CreateEvidence(ctx, it.by, aims.Evidence{Title: t.Name + ": certificate reviewed",
					URL:         "https://grc.brightwater.example/suppliers/" + strconv.FormatInt(created.ID, 10) + "/certificates",
					Description: a.Certificate, ValidUntil: a.CertificateExpires}, nil,
					aims.Attachment{Register: aims.RegisterThirdParties, RecordID: strconv.FormatInt(created.ID, 10)})
				if err != nil {
					return fmt.Errorf("certificate of %s: %w", t.Name, err)
				}
			}
			return nil
		})
	}
}
