package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoLifecycle is the life-cycle evidence (A.6) an auditor samples: the
// full set for CreditLens in operation (requirements, design, a validation
// with fairness and accuracy criteria and their results, the deployment
// approved by Jonas Weber with conditions, monthly monitoring readings with
// one outside its threshold and what was done, documentation for loan
// officers and for the supervisor, decision logs kept ten years and
// service logs six months); a partial set for the churn model still in
// design, whose validation has not passed; and the TalentMatch pilot moved
// into deployment past the gate by Maria Keller, with her reason.
func demoLifecycle(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	made := map[string]aims.LifecycleRecord{}
	add := func(daysAgo, hour int, key string, by aims.Principal, system string, r aims.LifecycleRecord) {
		tl.at(daysAgo, hour, func() error {
			r.SystemID = ids[system]
			out, err := store.CreateLifecycleRecord(ctx, by, r)
			if err != nil {
				return fmt.Errorf("life-cycle record %s: %w", r.Title, err)
			}
			made[key] = out
			return nil
		})
	}
	approve := func(daysAgo, hour int, key string, by aims.Principal, on aims.Date, conditions string) {
		tl.at(daysAgo, hour, func() error {
			r := made[key]
			if _, err := store.ApproveLifecycleRecord(ctx, by, r.ID, aims.LifecycleApproval{Version: r.Version, ApprovedOn: on, Conditions: conditions}); err != nil {
				return fmt.Errorf("approve %s: %w", r.Title, err)
			}
			return nil
		})
	}
	link := func(daysAgo int, key string, by aims.Principal, e aims.Evidence) {
		tl.at(daysAgo, 5, func() error {
			out, err := store.CreateEvidence(ctx, by, e, nil)
			if err != nil {
				return fmt.Errorf("evidence %s: %w", e.Title, err)
			}
			made[key] = aims.LifecycleRecord{ID: out.ID}
			return nil
		})
	}

	// CreditLens: documented from its registration onwards.
	const credit = "CreditLens credit scoring"
	add(78, 2, "credit-req", priya, credit, aims.LifecycleRecord{Kind: aims.KindRequirements, Title: "CreditLens 4.x requirements and specification",
		ModelVersion: "4.x",
		Summary: "Purpose: 12-month probability of default for consumer loan applications of EUR 1,000 to 50,000.\n" +
			"Performance: Gini of at least 0.56 (AUC 0.78) on an out-of-time sample; calibration within the rating master scale.\n" +
			"Fairness: approval-rate ratio of at least 0.80 between women and men and between applicants aged 18-25 and 26-60; no protected attribute as input.\n" +
			"Explainability: the four main reason codes for every decline, usable in the adverse-action letter (CCD2 Art. 18, GDPR Art. 22).\n" +
			"Operation: answer within 300 ms at the 99th percentile; officer decides and records every decision.\n" +
			"Customers of the scoring API: consumer car-leasing applications of Larch Mobility Leasing (TP-5) since August 2026, same score and reason codes; Larch's officers decide."})
	add(77, 2, "credit-design", priya, credit, aims.LifecycleRecord{Kind: aims.KindDesign, Title: "CreditLens 4.2 model design and development record",
		ModelVersion: "4.2.0",
		Summary: "Gradient-boosted trees with monotonic constraints on income, existing debt and arrears; 41 features from the application and bureau data.\n" +
			"Training data: data set v3, applications 2019-2024 with 12-month outcomes; reject inference by parcelling; data sheet in the feature store.\n" +
			"Alternatives considered: logistic scorecard (Gini 0.51) kept as challenger and fallback. Registered in MLflow as creditlens/4.2.0."})
	// Requirements and design are baselined by the risk function before validation.
	approve(77, 5, "credit-req", jonas, today.AddMonths(-8), "")    // signed on paper before development began; recorded when the AIMS started
	approve(76, 1, "credit-design", jonas, today.AddMonths(-6), "") // signed before validation (LCR-3) and deployment (LCR-4)
	by := "Model validation (second line), A. Hoffmann"
	measured := today.AddMonths(-5)
	add(76, 3, "credit-vv", priya, credit, aims.LifecycleRecord{Kind: aims.KindVerification, Title: "Independent validation of CreditLens 4.2.0 before release",
		ModelVersion: "4.2.0",
		Summary:      "Out-of-time sample: 48,200 applications from the last two quarters before release. Validation report MV-2026-07.",
		Criteria: []aims.Criterion{
			{Criterion: "Discrimination: AUC on the out-of-time sample", Threshold: ">= 0.78", Measured: "0.812", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Calibration: Hosmer-Lemeshow p-value by rating grade", Threshold: ">= 0.05", Measured: "0.21", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Fairness: approval-rate ratio, women to men", Threshold: ">= 0.80", Measured: "0.91", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Fairness: approval-rate ratio, aged 18-25 to aged 26-60", Threshold: ">= 0.80", Measured: "0.84", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Explainability: declines with four valid reason codes", Threshold: "100%", Measured: "100% (sample of 2,000)", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Stability: population stability index, development to recent applicants", Threshold: "< 0.10", Measured: "0.04", Passed: true, MeasuredOn: measured, MeasuredBy: by},
			{Criterion: "Robustness: largest score change for a 5% change in declared income", Threshold: "<= 2 points", Measured: "1.4 points", Passed: true, MeasuredOn: measured, MeasuredBy: by},
		}})
	approve(75, 4, "credit-vv", jonas, today.AddMonths(-5).AddDays(9), "Results accepted; re-validate at the next retraining or if monitoring breaches a fairness threshold twice in a row.")
	add(75, 5, "credit-deploy", priya, credit, aims.LifecycleRecord{Kind: aims.KindDeployment, Title: "Deployment of CreditLens 4.2.0 to all branches and the online channel",
		ModelVersion: "4.2.0",
		Summary: "Four weeks in shadow mode beside 4.1.3, then 20% of applications for four weeks, then all.\n" +
			"Rollback: switch the scoring service back to 4.1.3 in the model registry (tested on the staging cluster).\n" +
			"Loan officers briefed in the branch meetings; the guide for loan officers updated before go-live."})
	approve(74, 2, "credit-deploy", jonas, today.AddMonths(-4),
		"Monthly fairness and drift readings for the first six months; roll back to 4.1.3 if an approval-rate ratio stays below 0.80 for two consecutive months; credit committee informed quarterly.")
	link(73, "ev-officers", priya, aims.Evidence{Title: "CreditLens guide for loan officers, version 4.2",
		URL: "https://intranet.brightwater.example/lending/creditlens/officer-guide-4.2"})
	link(73, "ev-annex4", priya, aims.Evidence{Title: "CreditLens technical documentation (EU AI Act Annex IV), release 4.2",
		URL: "https://grc.brightwater.example/ai/creditlens/technical-documentation/4.2"})
	tl.at(72, 2, func() error {
		for _, d := range []struct {
			key      string
			audience aims.DocAudience
			title    string
			summary  string
		}{
			{"ev-officers", aims.DocUsers, "Instructions for use for loan officers", "What the score and the reason codes mean, when to refer an application, how to record an override and its reason, the known limits (thin-file and self-employed applicants)."},
			{"ev-annex4", aims.DocRegulators, "Technical documentation for the supervisory authority", "Annex IV content: system description, data and its governance, validation results, human oversight, accuracy and robustness, the monitoring plan."},
		} {
			if _, err := store.CreateLifecycleRecord(ctx, priya, aims.LifecycleRecord{SystemID: ids[credit], Kind: aims.KindDocumentation, Title: d.title,
				Summary: d.summary, Audience: d.audience, EvidenceID: made[d.key].ID, ModelVersion: "4.2.0"}); err != nil {
				return fmt.Errorf("documentation %s: %w", d.title, err)
			}
		}
		return nil
	})
	add(71, 3, "credit-log", priya, credit, aims.LifecycleRecord{Kind: aims.KindEventLog, Title: "CreditLens decision log",
		Logged:   "Application reference, input features as scored, model version, score, reason codes, officer's decision, override and its reason, timestamps.",
		Location: "Audit log store on write-once object storage, Frankfurt", RetentionMonths: 120, RequiredMonths: 6,
		Obligation: "EU AI Act Art. 19 and 26(6): at least six months; kept ten years with the credit file"})
	add(71, 4, "credit-svc-log", priya, credit, aims.LifecycleRecord{Kind: aims.KindEventLog, Title: "CreditLens scoring service logs",
		Logged:   "Requests, response times, errors, model registry version switches.",
		Location: "Central log platform (OpenSearch), Frankfurt", RetentionMonths: 6, RequiredMonths: 6, Obligation: "EU AI Act Art. 19(1): at least six months"})
	add(70, 2, "credit-mon", priya, credit, aims.LifecycleRecord{Kind: aims.KindOperation, Title: "CreditLens monthly performance and fairness monitoring",
		ModelVersion: "4.2.0", ReadingMonths: 1,
		Summary: "Readings on the previous month's decisions, reported to the credit committee. Thresholds as in the validation; two consecutive fairness breaches trigger the rollback condition of the deployment approval."})
	for _, m := range []struct {
		daysAgo int
		r       []aims.Reading
	}{
		{62, []aims.Reading{
			{Metric: "AUC on matured applications (rolling 12 months)", Value: 0.806, Threshold: ">= 0.78", OK: true},
			{Metric: "Population stability index", Value: 0.05, Threshold: "< 0.10", OK: true},
			{Metric: "Approval-rate ratio, women to men", Value: 0.9, Threshold: ">= 0.80", OK: true},
			{Metric: "Approval-rate ratio, aged 18-25 to aged 26-60", Value: 0.83, Threshold: ">= 0.80", OK: true},
			{Metric: "Officer override rate", Value: 0.031, Threshold: "<= 0.05", OK: true},
		}},
		{32, []aims.Reading{
			{Metric: "AUC on matured applications (rolling 12 months)", Value: 0.801, Threshold: ">= 0.78", OK: true},
			{Metric: "Population stability index", Value: 0.08, Threshold: "< 0.10", OK: true, Note: "Rising: more first-time borrowers from the student-loan campaign."},
			{Metric: "Approval-rate ratio, women to men", Value: 0.89, Threshold: ">= 0.80", OK: true},
			{Metric: "Approval-rate ratio, aged 18-25 to aged 26-60", Value: 0.77, Threshold: ">= 0.80", OK: false,
				Note: "Below threshold: the student-loan campaign brought in many thin-file applicants aged 18-25. Root-cause analysis by Priya Nair; credit committee informed; thin-file segment reweighting prepared for 4.2.1. First month below: the rollback condition needs two."},
			{Metric: "Officer override rate", Value: 0.044, Threshold: "<= 0.05", OK: true},
		}},
		{2, []aims.Reading{
			{Metric: "AUC on matured applications (rolling 12 months)", Value: 0.804, Threshold: ">= 0.78", OK: true},
			{Metric: "Population stability index", Value: 0.06, Threshold: "< 0.10", OK: true},
			{Metric: "Approval-rate ratio, women to men", Value: 0.9, Threshold: ">= 0.80", OK: true},
			{Metric: "Approval-rate ratio, aged 18-25 to aged 26-60", Value: 0.82, Threshold: ">= 0.80", OK: true,
				Note: "Back above threshold after officers were reminded to refer thin-file applications; 4.2.1 validation scheduled."},
			{Metric: "Officer override rate", Value: 0.036, Threshold: "<= 0.05", OK: true},
		}},
	} {
		tl.at(m.daysAgo, 5, func() error {
			rec, err := store.LifecycleRecord(ctx, priya.OrgID, made["credit-mon"].ID)
			if err != nil {
				return err
			}
			for _, r := range m.r {
				r.ReadOn, r.Version = today.AddDays(-m.daysAgo), rec.Version
				if rec, err = store.AddLifecycleReading(ctx, priya, rec.ID, r); err != nil {
					return fmt.Errorf("reading %s: %w", r.Metric, err)
				}
			}
			return nil
		})
	}

	// Churn prediction, in design: requirements and design recorded, the
	// first validation run not passed and not approved.
	const churn = "Churn prediction"
	add(40, 2, "churn-req", tomas, churn, aims.LifecycleRecord{Kind: aims.KindRequirements, Title: "Churn prediction requirements",
		Summary: "Rank current-account customers by likelihood of closing within 90 days, for retention offers by the service team. No automated decision about a customer; offers follow the product rules; customers who objected to profiling are excluded."})
	add(30, 2, "churn-design", tomas, churn, aims.LifecycleRecord{Kind: aims.KindDesign, Title: "Churn prediction model design (first iteration)", ModelVersion: "0.3",
		Summary: "Logistic regression and gradient-boosted trees compared on 24 months of account activity; features exclude age and nationality."})
	approve(38, 2, "churn-req", maria, today.AddDays(-38), "Offers to customers who objected to profiling stay excluded.")
	approve(28, 2, "churn-design", priya, today.AddDays(-28), "Age and nationality stay out of the features; the offer-rate ratio by age band is a validation criterion.")
	add(9, 3, "churn-vv", tomas, churn, aims.LifecycleRecord{Kind: aims.KindVerification, Title: "First validation run of the churn model", ModelVersion: "0.3",
		Criteria: []aims.Criterion{
			{Criterion: "Top-decile lift on the hold-out sample", Threshold: ">= 2.5", Measured: "2.9", Passed: true, MeasuredOn: today.AddDays(-10), MeasuredBy: "Data science team"},
			{Criterion: "Offer-rate ratio, aged 60+ to aged 26-59", Threshold: ">= 0.80", Measured: "0.71", Passed: false, MeasuredOn: today.AddDays(-10), MeasuredBy: "Data science team"},
			{Criterion: "Share of customers who objected to profiling in the scored population", Threshold: "0%"},
		}})

	// TalentMatch: the recruitment pilot entered deployment past the gate.
	const talent = "TalentMatch CV screening"
	add(16, 2, "talent-vv", maria, talent, aims.LifecycleRecord{Kind: aims.KindVerification, Title: "Adverse-impact test of the vendor ranking on our 2025 applications",
		ModelVersion: "vendor release 2026.3",
		Summary: "The vendor's ranking replayed on our 1,240 applications for IT roles in 2025 and compared with who was invited to interview. " +
			"The gender ratio passes (0.88). The age ratio cannot be measured on these applications: they hold no dates of birth, which we do not ask for. " +
			"It is measured in the pilot from the applicants' voluntary age-band answer, and the pilot stops if it falls below 0.80.",
		Criteria: []aims.Criterion{
			{Criterion: "Adverse-impact ratio, women to men, invited to interview", Threshold: ">= 0.80", Measured: "0.88", Passed: true, MeasuredOn: today.AddDays(-17), MeasuredBy: "HR analytics with the vendor"},
			{Criterion: "Adverse-impact ratio, aged 50+ to under 50", Threshold: ">= 0.80"},
		}})
	add(15, 2, "talent-deploy", maria, talent, aims.LifecycleRecord{Kind: aims.KindDeployment, Title: "TalentMatch pilot with the IT recruiting team",
		ModelVersion: "vendor release 2026.3",
		Summary:      "Three recruiters for three months; ranking hidden for the first read of each application; applicants told in the job advert; works council informed."})
	// Approved by the CEO, who neither owns TalentMatch nor accepts its risk.
	tl.at(14, 2, func() error {
		r := made["talent-deploy"]
		if _, err := store.ApproveLifecycleRecord(ctx, people["Anna Schmidt"], r.ID, aims.LifecycleApproval{Version: r.Version, ApprovedOn: today.AddDays(-14),
			Conditions: "Pilot only: three recruiters, IT roles, three months; stop if the age adverse-impact ratio, once measured, is below 0.80."}); err != nil {
			return fmt.Errorf("approve %s: %w", r.Title, err)
		}
		return nil
	})
	add(14, 3, "talent-log", maria, talent, aims.LifecycleRecord{Kind: aims.KindEventLog, Title: "TalentMatch ranking logs at the vendor",
		Logged:   "Each ranking with the job, the application, the score and the recruiter's action.",
		Location: "Vendor platform (EU region), exported monthly to our HR archive", RetentionMonths: 6, RequiredMonths: 6,
		Obligation: "EU AI Act Art. 26(6): deployers keep logs at least six months"})
	tl.at(13, 3, func() error {
		a, err := store.AISystem(ctx, maria.OrgID, ids[talent])
		if err != nil {
			return err
		}
		_, err = store.OverrideStageGate(ctx, maria, a.ID, aims.GateOverride{Stage: aims.StageDeployment, Version: a.Version,
			Reason: "Pilot deployment approved by the CEO (LCR-13) with IA-4 approved: it starts with the IT recruiting team before the vendor's user guide (due with release 2026.4) exists, " +
				"and before the age adverse-impact ratio is measured, which LCR-12 could not do on our 2025 applications (no dates of birth) and the pilot measures from the applicants' voluntary age-band answer. " +
				"Safeguards: ranking hidden for the first read, three recruiters, stop condition in the deployment approval. Gate to be met before any wider roll-out."})
		return err
	})
}
