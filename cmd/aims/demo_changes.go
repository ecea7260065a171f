package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoChanges: the AI objectives Brightwater set itself after its AI
// policy was approved (6.2), each with a plan and quarterly or monthly
// readings, two objectives for the responsible use of its customer-facing
// systems (A.9.3), and its change requests (6.3, 8.1): a model change to
// CreditLens approved and waiting for the reassessment of its risks and
// impacts, a provider model change carried through to closure, an AIMS
// change to incident handling, a proposal rejected under the EU AI Act and
// one not decided yet.
func demoChanges(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas := func() aims.Principal { return people["Maria Keller"] }, func() aims.Principal { return people["Jonas Weber"] }
	priya, tomas := func() aims.Principal { return people["Priya Nair"] }, func() aims.Principal { return people["Tomás Ruiz"] }
	const (
		credit   = "CreditLens credit scoring"
		chatbot  = "Ask Brightwater customer assistant"
		fraud    = "Card transaction fraud detection"
		monitor  = "Call-centre agent wellbeing monitor"
		summary  = "Loan file summariser"
		policyTi = "AI policy"
	)
	policy := func(orgID int64) (int64, error) {
		docs, err := store.Documents(ctx, orgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 100}, Kind: aims.KindAIPolicy})
		if err != nil {
			return 0, err
		}
		for _, d := range docs.Items {
			if d.Title == policyTi {
				return d.ID, nil
			}
		}
		return 0, fmt.Errorf("objectives: no AI policy in the demo")
	}

	// Objectives: set at the AIMS planning workshop, 52 days ago.
	type reading struct {
		daysAgo int
		value   float64
		status  aims.ObjectiveStatus
		note    string
		next    int // days from today of the next reading, on the latest
	}
	objectives := map[string]int64{}
	objective := func(by func() aims.Principal, owner func() aims.Principal, systems []string, o aims.Objective, readings []reading) {
		tl.at(52, 10, func() error {
			p := by()
			id, err := policy(p.OrgID)
			if err != nil {
				return err
			}
			o.PolicyID, o.OwnerID = id, owner().UserID
			for _, name := range systems {
				o.AISystems = append(o.AISystems, aims.Link{ID: ids[name]})
			}
			created, err := store.CreateObjective(ctx, p, o)
			if err != nil {
				return fmt.Errorf("objective %q: %w", o.Title, err)
			}
			objectives[o.Title] = created.ID
			return nil
		})
		for i, r := range readings {
			tl.at(r.daysAgo, 15, func() error {
				id := objectives[o.Title]
				cur, err := store.Objective(ctx, owner().OrgID, id)
				if err != nil {
					return err
				}
				m := aims.Measurement{Value: r.value, Status: r.status, Note: r.note, Version: cur.Version}
				if i == len(readings)-1 && r.next != 0 {
					m.NextMeasurement = today.AddDays(r.next)
				}
				_, err = store.RecordMeasurement(ctx, owner(), id, m)
				return err
			})
		}
	}
	objective(maria, priya, []string{credit}, aims.Objective{Kind: aims.ObjectiveAIMS,
		Title:     "Keep CreditLens's approval-rate gap between age groups within 2 percentage points",
		Measure:   "Largest difference in approval rate between the age bands 18-25, 26-40, 41-60 and 61+ among applicants of the same risk grade, from the decision log of the quarter; computed by the model validation team.",
		Direction: aims.AtMost, TargetValue: 2, TargetUnit: "percentage points",
		Plan:       "Add bureau thin-file indicators so that young applicants are not scored on missing history; monotonic constraints on age-correlated features; quarterly fairness test as a release criterion.",
		Resources:  "Two data scientists for six weeks; the external fairness review (budget EUR 18,000).",
		TargetDate: today.AddDays(120),
		Evaluation: "The credit risk committee reviews the quarterly fairness report; the result is an input to the management review.",
	}, []reading{
		{48, 3.1, aims.ObjectiveAtRisk, "Baseline from Q2 decisions: 18-25 approved 3.1 points less often within the same risk grade.", 0},
		{19, 2.6, aims.ObjectiveAtRisk, "Q3: thin-file indicators in test only; gap narrowing. A new model version with transaction data is being prepared to close it.", 72},
	})
	objective(maria, tomas, []string{chatbot}, aims.Objective{Kind: aims.ObjectiveAIMS,
		Title:     "Bring complaints about Ask Brightwater to at most 3 per 10,000 conversations",
		Measure:   "Complaints naming the assistant (complaint system, category 'digital assistant') per 10,000 conversations in the month.",
		Direction: aims.AtMost, TargetValue: 3, TargetUnit: "complaints per 10,000 conversations",
		Plan:       "Hand over to a person after two failed answers; answer fee questions from the approved tariff text only; monthly review of complaint themes with the provider.",
		Resources:  "Customer service team lead (10% of time); provider's success manager.",
		TargetDate: today.AddDays(90),
		Evaluation: "Monthly at the customer service meeting; quarterly in the AIMS report to the Management Board.",
	}, []reading{
		{45, 5.2, aims.ObjectiveAtRisk, "September: most complaints about fee answers.", 0},
		{16, 3.8, aims.ObjectiveOnTrack, "October: hand-over to agents live since 3 October.", 0},
		{2, 3.3, aims.ObjectiveOnTrack, "November, first three weeks.", 28},
	})
	objective(maria, jonas, nil, aims.Objective{Kind: aims.ObjectiveAIMS,
		Title:     "Contain AI incidents within 5 working days of the report",
		Measure:   "Median working days from an AI incident's report to its containment, over the incidents closed in the quarter.",
		Direction: aims.AtMost, TargetValue: 5, TargetUnit: "working days",
		Plan:       "Incident procedure with an on-call AI system owner; second-line review by Risk (see the AIMS change); playbooks for the three customer-facing systems.",
		Resources:  "Risk (Jonas Weber), AI system owners' on-call rota.",
		TargetDate: today.AddDays(150),
		Evaluation: "Quarterly incident statistics reviewed by the AIMS lead and reported to the management review.",
	}, []reading{
		{40, 7, aims.ObjectiveAtRisk, "Q3 baseline from the service desk, before the incident register opened: 4 AI-related tickets, median 7 days; two waited for the provider.", 0},
		{6, 0, aims.ObjectiveOnTrack, "Q4 so far: one incident closed (INC-2), contained the day it was reported. INC-1, also contained the day it was reported, is resolved but not yet closed.", 60},
	})
	objective(maria, maria, nil, aims.Objective{Kind: aims.ObjectiveAIMS,
		Title:     "Train everyone who works with AI systems in AI literacy",
		Measure:   "Share of staff holding an AIMS role or working with an in-scope AI system whose AI literacy training is current (training records).",
		Direction: aims.AtLeast, TargetValue: 95, TargetUnit: "%",
		Plan:       "E-learning with a final quiz for all; a half-day workshop for AI system owners; reminders through the due work.",
		Resources:  "E-learning licence; HR training coordinator.",
		TargetDate: today.AddDays(35),
		Evaluation: "Monthly from the training records; the gap view lists who is missing.",
	}, []reading{
		{44, 62, aims.ObjectiveOnTrack, "Launch month.", 0},
		{14, 88, aims.ObjectiveOnTrack, "Loan officers done; call centre at 70%.", 16},
	})
	objective(maria, priya, []string{credit, fraud, summary}, aims.Objective{Kind: aims.ObjectiveResponsibleDevelopment,
		Title:     "Verify every model release against its acceptance criteria before deployment",
		Measure:   "Share of model releases to production in the quarter with a signed verification and validation report against the acceptance criteria.",
		Direction: aims.AtLeast, TargetValue: 100, TargetUnit: "% of releases",
		Plan:       "Release checklist in the deployment pipeline; no deployment without the report attached to the release.",
		Resources:  "MLOps engineer to add the pipeline check (two weeks).",
		TargetDate: today.AddDays(60),
		Evaluation: "The AIMS lead samples releases each quarter; exceptions are nonconformities.",
	}, []reading{
		{30, 100, aims.ObjectiveAchieved, "Q3: one model release to production, CreditLens 4.2.0, with its validation report (LCR-3); no fraud or summariser release. Kept as a standing measure from Q4.", 0},
	})
	objective(maria, jonas, []string{credit}, aims.Objective{Kind: aims.ObjectiveResponsibleUse,
		Title:     "A credit officer reviews every CreditLens decline before the applicant is told",
		Measure:   "Share of declines in the month with a recorded officer review before the decision letter (loan system audit log).",
		Direction: aims.AtLeast, TargetValue: 100, TargetUnit: "% of declines",
		Plan:       "Decision letters can only be sent after the review step; monthly sample of 30 reviews for quality.",
		Resources:  "Credit operations team lead.",
		TargetDate: today.AddDays(180),
		Evaluation: "Monthly report to the credit risk committee; each miss is analysed by credit operations and the applicant's case reviewed again.",
	}, []reading{
		{33, 99.2, aims.ObjectiveAtRisk, "Two letters sent without review during the system outage on 14 October; both cases reviewed afterwards and the declines upheld.", 0},
		{3, 100, aims.ObjectiveOnTrack, "November: no exceptions.", 27},
	})
	objective(maria, tomas, []string{chatbot}, aims.Objective{Kind: aims.ObjectiveResponsibleUse,
		Title:     "Tell every customer that Ask Brightwater is an AI system before the conversation starts",
		Measure:   "Share of sampled conversations (200 a month) that open with the disclosure and the offer of a person.",
		Direction: aims.AtLeast, TargetValue: 100, TargetUnit: "% of sampled conversations",
		Plan:       "Fixed opening message outside the model's control; monthly sample by customer service quality.",
		Resources:  "Customer service quality analyst (one day a month).",
		TargetDate: today.AddDays(180),
		Evaluation: "Monthly sample reviewed by the customer service lead; reported quarterly.",
	}, []reading{
		{15, 100, aims.ObjectiveOnTrack, "October sample: 200 of 200.", 15},
	})

	// Change requests.
	type step struct {
		daysAgo, hour int
		by            func() aims.Principal
		do            string // decide, reject, implement, reassessed, close
		note          string
		reassessBy    int // days from today
	}
	changes := map[string]int64{}
	change := func(daysAgo int, by, owner func() aims.Principal, system string, c aims.ChangeRequest, steps []step) {
		tl.at(daysAgo, 11, func() error {
			if system != "" {
				c.Subject, c.AISystemID = aims.SubjectAISystem, ids[system]
			} else {
				c.Subject = aims.SubjectAIMS
			}
			c.OwnerID = owner().UserID
			created, err := store.CreateChange(ctx, by(), c)
			if err != nil {
				return fmt.Errorf("change %q: %w", c.Title, err)
			}
			changes[c.Title] = created.ID
			return nil
		})
		for _, s := range steps {
			tl.at(s.daysAgo, s.hour, func() error {
				p := s.by()
				id := changes[c.Title]
				cur, err := store.Change(ctx, p.OrgID, id)
				if err != nil {
					return err
				}
				st := aims.ChangeStep{Version: cur.Version, Note: s.note}
				switch s.do {
				case "decide", "reject":
					st.Approve = s.do == "decide"
					if s.reassessBy != 0 {
						st.ReassessBy = today.AddDays(s.reassessBy)
					}
					_, err = store.DecideChange(ctx, p, id, st)
				case "implement":
					_, err = store.ImplementChange(ctx, p, id, st)
				case "reassessed":
					_, err = store.RecordReassessment(ctx, p, id, st)
				case "close":
					_, err = store.CloseChange(ctx, p, id, st)
				}
				if err != nil {
					return fmt.Errorf("change %q, %s: %w", c.Title, s.do, err)
				}
				return nil
			})
		}
	}
	change(50, tomas, priya, chatbot, aims.ChangeRequest{
		Title:              "Ask Brightwater: move to the provider's new model generation",
		Description:        "The provider retires the current model in December; switch the assistant to its successor with the same system prompt and retrieval sources.",
		Reason:             "End of support of the current model announced by the provider for 15 December.",
		ImpactAffects:      "The assistant's answers to customers; the transparency notice; the complaint objective; the provider contract annex.",
		ImpactConsequences: "Different wording and refusal behaviour; possible wrong fee answers; the risk and impact assessments rest on the old model's test results.",
		ImpactResources:    "Regression test of 400 reference questions (two days); customer service review of 100 answers.",
		Significant:        true, PlannedOn: today.AddDays(-16),
	}, []step{
		// The reassessment is the real one: the assistant's risks assessed
		// at the risk workshop and its impact assessment approved, both
		// with the new model's test results and after this approval.
		{47, 14, jonas, "decide", "Approved on condition that the 400 reference questions pass at least as well as today, fee answers stay tariff-only, " +
			"and the assistant's risks and impact assessment, being set up for the AIMS, are made with the new model's test results before the switch.", -16},
		{16, 9, priya, "implement", "Switched after 398 of 400 reference questions passed; the two failures were fixed in the retrieval sources. " +
			"One change to the system prompt besides the model: the advice refusal and hand-over to an adviser from use review UR-2, tested with the same questions. " +
			"The assistant's risks were assessed beforehand (at the risk workshop, and those raised from its impact assessment on 13 November) and the impact assessment approved, on the new model's test results.", 0},
		{1, 8, tomas, "close", "Two weeks on the new model: complaints at 3.3 per 10,000 conversations in November against 3.8 in October, no incident, " +
			"fee answers tariff-only in the weekly sample. Change achieved its purpose; complaint themes reviewed again at the monthly meeting.", 0},
	})
	change(42, maria, jonas, "", aims.ChangeRequest{
		Title:              "Add a second-line review of AI incidents by Risk",
		Description:        "Every AI incident of severity medium or above is reviewed by Risk within five working days of containment; the incident procedure and the AIMS roles change accordingly.",
		Reason:             "AI-related service desk tickets in Q3, before the incident register opened, were contained late (median 7 days) and two root causes were not followed up; the internal audit plan asks for independent review.",
		ImpactAffects:      "Incident procedure (DOC), AIMS roles (Risk manager), the incident objective, the management review inputs.",
		ImpactConsequences: "More work for Risk; a clearer record of root causes for 10.2.",
		ImpactResources:    "About two days a month of the risk manager.",
		Significant:        false, PlannedOn: today.AddDays(-30),
	}, []step{
		{40, 9, jonas, "decide", "Approved; start with the open incidents.", 0},
		{30, 11, maria, "implement", "Incident procedure version 2 approved and communicated; the risk manager role updated.", 0},
		{10, 15, maria, "close", "INC-2, the one incident of medium severity or above since, reviewed by Risk within five working days of its containment; keep as is and look again at the management review.", 0},
	})
	change(30, tomas, tomas, monitor, aims.ChangeRequest{
		Title:              "Pilot the agent wellbeing monitor on live calls",
		Description:        "Run the voice-based wellbeing monitor on 20 agents' live calls for six weeks to offer breaks.",
		Reason:             "Agent sickness absence rose 18% this year.",
		ImpactAffects:      "Call-centre agents (their emotions inferred from their voices); works council agreement; data protection impact assessment.",
		ImpactConsequences: "Inferring employees' emotions at work; possible pressure on agents; legal exposure.",
		ImpactResources:    "Vendor pilot fee; HR and works council time.",
		Significant:        true,
	}, []step{
		{27, 10, maria, "reject", "Rejected: emotion recognition in the workplace is prohibited by the EU AI Act (Art. 5(1)(f)) except for medical or safety reasons, which this is not. HR to look at workload measures instead.", 0},
	})
	change(12, priya, priya, credit, aims.ChangeRequest{
		Title:              "CreditLens 5.0: retrain with open-banking transaction data",
		Description:        "New model generation (5.0, replacing 4.2) trained with twelve months of account transaction features (open banking, with the applicant's consent) in addition to bureau data; new thin-file indicators.",
		Reason:             "Reduce the approval-rate gap for young applicants with thin bureau files (objective) and improve default prediction (Gini +4 points in development).",
		ImpactAffects:      "Credit decisions for all consumer loan applicants; the data sources and the data protection impact assessment; the model documentation; the fairness objective.",
		ImpactConsequences: "New personal data used in decisions; changed decisions for some applicants; the current risk and impact assessments no longer describe the system.",
		ImpactResources:    "Validation team (three weeks); external fairness review; legal review of the consent text.",
		Significant:        true, PlannedOn: today.AddDays(25),
	}, []step{
		{6, 14, jonas, "decide", "Approved on condition of a four-week shadow run against 4.2, no change to cut-off scores without the credit risk committee, and the consent text cleared by Legal before go-live.", 20},
	})
	change(3, priya, priya, fraud, aims.ChangeRequest{
		Title:              "Card fraud detection: add merchant-category velocity features",
		Description:        "Add features counting transactions per merchant category in the last hour and day.",
		Reason:             "Card-testing attacks at online merchants are missed today.",
		ImpactAffects:      "Fraud alerts and blocked transactions; the alert review team's workload.",
		ImpactConsequences: "More alerts in the first weeks; fewer missed attacks.",
		Significant:        false, PlannedOn: today.AddDays(14),
	}, nil)
}
