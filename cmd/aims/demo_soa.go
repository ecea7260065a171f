package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// demoSoA is Brightwater's Statement of Applicability: four custom
// controls (one considered and excluded), every Annex A control included
// with its reason and justification (the status, owner and evidence links
// stay the gap analysis's), version 1 approved by the CEO, and a draft for
// version 2 with the changes since: reason codes live in every decline
// letter, and a prompt-injection test control added for the customer
// assistant. People are looked up when their step runs.
func demoSoA(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	_, _ = ids, today
	demoControlsInPlace(ctx, store, tl, people, today)
	cat, err := catalog.Load()
	if err != nil {
		tl.at(9, 0, func() error { return fmt.Errorf("SoA: catalog: %w", err) })
		return
	}
	var controls []aims.SoAControl
	for _, r := range cat.Assessable(catalog.ISO42001) {
		if strings.HasPrefix(r.ID, "A.") {
			controls = append(controls, aims.SoAControl{Ref: r.ID, Title: r.Title})
		}
	}
	custom := map[string]aims.CustomControl{}
	add := func(daysAgo int, key, by, owner string, c aims.CustomControl) {
		tl.at(daysAgo, 2, func() error {
			c.OwnerID = people[owner].UserID
			made, err := store.CreateCustomControl(ctx, people[by], c)
			custom[key] = made
			if err != nil {
				return fmt.Errorf("custom control %s: %w", key, err)
			}
			return nil
		})
	}
	add(13, "reasons", "Jonas Weber", "Tomás Ruiz", aims.CustomControl{Title: "Adverse-action reason codes for declined credit applications",
		Description: "Every declined or counter-offered application gets a letter naming the main factors behind the CreditLens score, in plain language, with the customer's right to ask for a human review.",
		Objective:   "Applicants understand why credit was refused and can contest the decision.",
		Supplements: []string{"A.8.2", "A.9.4"}, Applicable: true, Reason: aims.ReasonObligation, Status: aims.GapPartial,
		Justification: "Consumer credit law and the GDPR's rules on automated decisions require that applicants learn the main reasons for a refusal; live for online applications, branch letters follow in Q1."})
	add(13, "review", "Jonas Weber", "Jonas Weber", aims.CustomControl{Title: "Human review of automated credit declines on request",
		Description: "A credit officer not involved in the original decision reviews a declined application within five working days when the applicant asks, and may overturn the score.",
		Objective:   "No applicant is refused credit by the model alone against their objection.",
		Supplements: []string{"A.9.2", "A.9.4"}, Applicable: true, Reason: aims.ReasonRisk, Status: aims.GapImplemented,
		Justification: "Treats the risk of unfair or wrong automated refusals found in the CreditLens risk assessment; also meets the right to human intervention."})
	add(13, "challenger", "Priya Nair", "Priya Nair", aims.CustomControl{Title: "Challenger-model benchmark before each CreditLens release",
		Description: "The champion-challenger comparison each release already reports (the logistic scorecard kept as challenger, LCR-2) becomes a release gate: a gain over the challenger below the agreed margin blocks the release.",
		Objective:   "Model complexity is only accepted where it brings measurable benefit.",
		Supplements: []string{"A.6.2.4"}, Applicable: true, Reason: aims.ReasonGoodPractice, Status: aims.GapPlanned,
		Justification: "Good practice in model risk management, recommended by the internal validation team. The comparison runs today; the blocking margin is agreed with model risk and first applied to the 2027 release."})
	add(13, "watermark", "Maria Keller", "Maria Keller", aims.CustomControl{Title: "Labelling of AI-generated marketing content",
		Description: "Text or images produced by generative AI for campaigns carry a visible label and machine-readable marking.",
		Supplements: []string{"A.8.2"}, Applicable: false,
		Justification: "Considered after the EU AI Act transparency review: the one generator of marketing content (AIS-6) is outside the AIMS scope for 2026, and Marketing labels its generated images under its own Art. 50(4) procedure. To be revisited when AIS-6 enters the scope."})

	// Every Annex A control is included: a lender that builds its own
	// credit model and runs a vendor chat assistant has a reason for each.
	// The status and owner are left as the gap analysis has them.
	type why struct {
		reason aims.SoAReason
		text   string
	}
	reasons := map[string]why{
		"A.2.2":   {aims.ReasonObligation, "The AIMS requires an AI policy; the EU AI Act's obligations for our high-risk credit scoring need a documented commitment from the Board."},
		"A.2.3":   {aims.ReasonGoodPractice, "Our AI policy must not contradict the information security, privacy and model risk policies that already govern CreditLens."},
		"A.2.4":   {aims.ReasonGoodPractice, "Regulation and our AI use change quickly; the Board reviews the AI policy yearly and after significant changes."},
		"A.3.2":   {aims.ReasonGoodPractice, "Good practice after the 2025 validation findings, which named unclear accountability for model changes; roles are defined in the RACI."},
		"A.3.3":   {aims.ReasonObligation, "The whistleblowing directive requires a reporting channel; AI concerns use it."},
		"A.4.2":   {aims.ReasonObligation, "The technical documentation of a high-risk AI system (EU AI Act Annex IV) must describe the resources it uses; the inventory records them for every system."},
		"A.4.3":   {aims.ReasonObligation, "The EU AI Act's data governance rules (Art. 10) require the data sets of high-risk systems such as CreditLens to be documented."},
		"A.4.4":   {aims.ReasonGoodPractice, "Reproducible model builds need the tooling recorded."},
		"A.4.5":   {aims.ReasonContract, "The hosting contract and outsourcing register need the compute and cloud resources of each AI system."},
		"A.4.6":   {aims.ReasonGoodPractice, "Good practice for a small model development team: the competence records show who can build, validate and run each system."},
		"A.5.2":   {aims.ReasonObligation, "Creditworthiness scoring is high-risk under the EU AI Act; impact assessment is part of our process for it."},
		"A.5.3":   {aims.ReasonObligation, "Impact assessments must be kept and shown to the supervisor on request."},
		"A.5.4":   {aims.ReasonObligation, "A fundamental-rights impact assessment is required for credit scoring of natural persons."},
		"A.5.5":   {aims.ReasonGoodPractice, "Access to credit has effects beyond the individual applicant (over-indebtedness); we assess them with the customer panel."},
		"A.6.1.2": {aims.ReasonGoodPractice, "We develop CreditLens in-house; objectives for responsible development give fairness and explainability measurable targets."},
		"A.6.1.3": {aims.ReasonObligation, "A provider of a high-risk AI system needs documented design and development procedures (EU AI Act Art. 17); our process carries the fairness and validation checks into every release."},
		"A.6.2.2": {aims.ReasonGoodPractice, "Good practice after the 2025 affordability defect, which came from unclear requirements; each release now starts from a specification."},
		"A.6.2.3": {aims.ReasonObligation, "Technical documentation of a high-risk AI system must describe its design and development."},
		"A.6.2.4": {aims.ReasonRisk, "Treats the risks of inaccurate and biased scores: independent validation against acceptance criteria before each release."},
		"A.6.2.5": {aims.ReasonGoodPractice, "Good practice after the 2025 internal audit found a release without sign-off: every deployment now has an approved plan."},
		"A.6.2.6": {aims.ReasonRisk, "Treats the drift risk of CreditLens and the wrong-answer risk of the customer assistant."},
		"A.6.2.7": {aims.ReasonObligation, "The EU AI Act requires technical documentation and instructions for use for high-risk systems."},
		"A.6.2.8": {aims.ReasonObligation, "High-risk AI systems must keep automatically generated logs; we keep them for at least six months."},
		"A.7.2":   {aims.ReasonRisk, "Training data management treats the bias risk in historical lending decisions."},
		"A.7.3":   {aims.ReasonObligation, "The GDPR requires a lawful basis and purpose for the credit bureau and application data we acquire."},
		"A.7.4":   {aims.ReasonObligation, "Data quality requirements apply to the training data of high-risk AI systems."},
		"A.7.5":   {aims.ReasonObligation, "The EU AI Act's data governance rules (Art. 10(2)) require the origin of a high-risk system's data to be recorded; it also lets us trace a biased score back to its source."},
		"A.7.6":   {aims.ReasonObligation, "The EU AI Act's data governance rules (Art. 10(2)) require the preparation operations (imputation, binning) of a high-risk system's data to be documented."},
		"A.8.2":   {aims.ReasonObligation, "Loan officers, as deployers' staff, and customers must get the information the EU AI Act and consumer credit law require."},
		"A.8.3":   {aims.ReasonGoodPractice, "Customers and advocates can report adverse effects through the complaints process."},
		"A.8.4":   {aims.ReasonObligation, "Serious incidents of high-risk AI systems must be reported within fixed deadlines."},
		"A.8.5":   {aims.ReasonObligation, "Reporting duties to the financial supervisor and the data protection authority."},
		"A.9.2":   {aims.ReasonRisk, "Treats the automation-bias risk: loan officers must not rubber-stamp scores."},
		"A.9.3":   {aims.ReasonGoodPractice, "Objectives for responsible use give the human oversight a measurable target (override review rate)."},
		"A.9.4":   {aims.ReasonRisk, "Use of CreditLens outside consumer lending (e.g. for collections) is a misuse risk."},
		"A.10.2":  {aims.ReasonContract, "Responsibilities with the chat assistant's LLM provider and the credit bureau are allocated in the contracts."},
		"A.10.3":  {aims.ReasonContract, "Supplier contracts (LLM provider, credit bureau) must carry our AI requirements."},
		"A.10.4":  {aims.ReasonGoodPractice, "Customers meet our AI in credit decisions and in the app; their expectations feed the AI policy review."},
	}
	tl.at(8, 3, func() error {
		rows, err := store.SoA(ctx, people["Jonas Weber"].OrgID, controls)
		if err != nil {
			return err
		}
		for _, r := range rows {
			w, ok := reasons[r.Ref]
			if !ok || r.Kind != aims.SoAKindAnnexA {
				continue
			}
			status := r.Status
			if status == aims.GapNotApplicable {
				status = aims.GapNotStarted
			}
			if _, err := store.UpdateSoARow(ctx, people["Jonas Weber"], controls, aims.SoAEdit{Ref: r.Ref, Applicable: true,
				Reason: w.reason, Justification: w.text, Status: status, OwnerID: r.OwnerID, Version: r.Version}); err != nil {
				return fmt.Errorf("SoA row %s: %w", r.Ref, err)
			}
		}
		return nil
	})
	tl.at(7, 5, func() error {
		_, err := store.ApproveSoA(ctx, people["Anna Schmidt"], controls, aims.SoAApproval{
			Note: "First Statement of Applicability, after the Management Board's discussion of the AI risk assessment."})
		return err
	})
	// The gap analysis's 6.1.3 moves on with the approved SoA.
	tl.at(6, 1, func() error {
		jonas := people["Jonas Weber"]
		g, err := store.GapEntry(ctx, jonas.OrgID, "6.1.3")
		if err != nil {
			return err
		}
		g.Status = aims.GapPartial
		g.Notes = "SoA v1 approved by the CEO; the treatments of the main risks name their Annex A and custom controls, so the SoA shows the risks behind each one."
		g.TargetDate = today.AddMonths(2)
		_, err = store.UpdateGapEntry(ctx, jonas, g)
		return err
	})
	// Since version 1: reason codes reach the branch letters too, and the
	// assistant's red-team test becomes a control of its own.
	tl.at(3, 2, func() error {
		c, err := store.CustomControl(ctx, people["Tomás Ruiz"].OrgID, custom["reasons"].ID)
		if err != nil {
			return err
		}
		c.Status = aims.GapImplemented
		c.Justification = "Consumer credit law and the GDPR's rules on automated decisions require that applicants learn the main reasons for a refusal; live for online and branch applications since November."
		_, err = store.UpdateCustomControl(ctx, people["Tomás Ruiz"], c)
		return err
	})
	add(2, "injection", "Priya Nair", "Priya Nair", aims.CustomControl{Title: "Prompt-injection and data-leak testing of the customer assistant",
		Description: "Before each prompt or model change, and monthly, a red-team test set tries to make the assistant reveal other customers' data or give binding credit promises.",
		Objective:   "The assistant never discloses personal data or commits the bank to credit terms.",
		Supplements: []string{"A.6.2.4", "A.6.2.6"}, Applicable: true, Reason: aims.ReasonRisk, Status: aims.GapPartial,
		Justification: "Treats the prompt-injection and data-leak risk of the Ask Brightwater assistant found by the red team (its treatment chooses this control)."})
	// The prompt-injection risk's treatment takes up the new control.
	tl.at(2, 3, func() error {
		tomas := people["Tomás Ruiz"]
		r, err := demoRiskByTitle(ctx, store, tomas.OrgID, "Prompt injection makes the assistant")
		if err != nil {
			return err
		}
		r.Controls = append(r.Controls, custom["injection"].Ref)
		_, err = store.UpdateRisk(ctx, tomas, r)
		return err
	})
}
