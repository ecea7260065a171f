package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoDatasets is Brightwater's data for AI systems (A.7.2-A.7.6): the
// credit model's training data with two versions, its acquisition from the
// loan origination system and the credit bureau feed, and a missing-income
// check that failed and passed again after a fix; the fraud model's
// transactions; the customer assistant's FAQ corpus.
func demoDatasets(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	priya, tomas, jonas := people["Priya Nair"], people["Tomás Ruiz"], people["Jonas Weber"]
	ago := func(days int) aims.Date { return aims.DateOf(today.Time().AddDate(0, 0, -days)) }
	sets := map[string]int64{}
	// record creates a data set with its versions.
	record := func(daysAgo int, by aims.Principal, system string, d aims.Dataset, versions ...aims.DatasetVersion) {
		tl.at(daysAgo, 5, func() error {
			d.AISystemID, d.OwnerID = ids[system], by.UserID
			ds, err := store.CreateDataset(ctx, by, d)
			if err != nil {
				return fmt.Errorf("data set %s: %w", d.Name, err)
			}
			for _, v := range versions {
				v.Version = ds.Version
				if ds, err = store.AddDatasetVersion(ctx, by, ds.ID, v); err != nil {
					return fmt.Errorf("version %s of %s: %w", v.Label, d.Name, err)
				}
			}
			sets[d.Name] = ds.ID
			return nil
		})
	}
	// checked appends quality check results at the data set's current version.
	checked := func(daysAgo int, by aims.Principal, name string, checks ...aims.DatasetCheck) {
		tl.at(daysAgo, 6, func() error {
			for _, c := range checks {
				cur, err := store.Dataset(ctx, by.OrgID, sets[name])
				if err != nil {
					return err
				}
				c.Version, c.CheckedByID, c.CheckedOn = cur.Version, by.UserID, ago(daysAgo)
				if _, err := store.AddDatasetCheck(ctx, by, cur.ID, c); err != nil {
					return fmt.Errorf("check %s of %s: %w", c.Requirement, name, err)
				}
			}
			return nil
		})
	}

	const loans = "Loan applications 2019-2025"
	record(50, priya, "CreditLens credit scoring", aims.Dataset{Name: loans, Use: aims.DatasetTraining,
		Purpose: "Training and out-of-time validation of the CreditLens scoring model. Not to be used for marketing, pricing or collections models.",
		Description: "Consumer loan applications from January 2019 to June 2025 with the 12-month repayment outcome of each approved loan " +
			"(rejected applications carry no outcome). Holds personal data of applicants: income, employment, household, bureau attributes.",
		Source: "Brightwater loan origination system (LOS) and the credit bureau score and account data feed",
		AcquiredHow: "Quarterly extract from the LOS data warehouse by the data engineering pipeline; bureau attributes as received " +
			"through the bureau API at application time and stored with the application, not re-requested for modelling.",
		Rights: "Own customer data, processed for credit decisions and the models that support them under the loan contract and the " +
			"privacy notice (reviewed by the DPO, 2024). Bureau data used under the credit bureau data supply contract, whose clause 7 " +
			"permits credit risk model development by the subscriber.",
		Provenance: "Applications keyed in by loan officers or submitted through the online channel into the LOS; repayment outcomes " +
			"from core banking 12 months after disbursement; bureau attributes from the bureau feed. Customer numbers are replaced by " +
			"a pseudonymous key in the analytics zone before data science access; the extraction and preparation code is versioned " +
			"in the data pipeline repository.",
		Retention:       "Until 7 years after the last model version trained on it is retired",
		RetentionReason: "To reproduce and explain past credit decisions for the supervisor and in complaints; kept pseudonymised.",
		NextCheck:       ago(45).AddMonths(3)},
		aims.DatasetVersion{Label: "v3", On: ago(230), Size: "183,402 applications (96,115 with outcome)",
			Preparation: "Duplicates of re-submitted applications removed (kept the last); applications under 18 or with test flags excluded; " +
				"income winsorised at the 99.5th percentile; pseudonymised.",
			Note: "Trained model 4.2.0, the release in production (validation MV-2026-07)."},
		aims.DatasetVersion{Label: "v4", On: ago(52), Size: "201,877 applications (104,560 with outcome)",
			Preparation: "As v3, plus applications from January to June 2025; the online channel's new income field mapped to declared " +
				"net monthly income; missing income imputed from the verified payslip field where present.",
			Note: "For the quarterly retraining to 4.2.1; not yet in production."})
	checked(48, priya, loans,
		aims.DatasetCheck{VersionLabel: "v4", Requirement: "Duplicate applications", Result: aims.CheckPass, Measured: "0.02%", Threshold: "at most 0.1%"},
		aims.DatasetCheck{VersionLabel: "v4", Requirement: "Missing income values", Result: aims.CheckFail, Measured: "3.1%", Threshold: "at most 2%",
			Note: "Income missing in 6,258 applications, almost all from the online channel since March 2025: the imputation step did not " +
				"run on the new field mapping. Pipeline fixed and v4 rebuilt; the 4.2.1 training held until the re-run passes."},
		aims.DatasetCheck{VersionLabel: "v4", Requirement: "Outcome label completeness for approved loans", Result: aims.CheckPass,
			Measured: "99.6%", Threshold: "at least 99%"})
	// v3 trained the model in production: its checks, run before that
	// training and reported in the validation file, are recorded too.
	checked(47, priya, loans,
		aims.DatasetCheck{VersionLabel: "v3", Requirement: "Duplicate applications", Result: aims.CheckPass, Measured: "0.03%", Threshold: "at most 0.1%",
			Note: "Run before training 4.2.0 and reported in the data section of MV-2026-07; recorded here when the data set entered the register."},
		aims.DatasetCheck{VersionLabel: "v3", Requirement: "Missing income values", Result: aims.CheckPass, Measured: "0.9%", Threshold: "at most 2%",
			Note: "Run before training 4.2.0 (MV-2026-07, data section)."},
		aims.DatasetCheck{VersionLabel: "v3", Requirement: "Outcome label completeness for approved loans", Result: aims.CheckPass,
			Measured: "99.5%", Threshold: "at least 99%", Note: "Run before training 4.2.0 (MV-2026-07, data section)."})
	checked(45, priya, loans,
		aims.DatasetCheck{VersionLabel: "v4", Requirement: "Missing income values", Result: aims.CheckPass, Measured: "0.7%", Threshold: "at most 2%",
			Note: "Re-run on v4 as rebuilt after the imputation fix."},
		aims.DatasetCheck{VersionLabel: "v4", Requirement: "Representativeness by age band against 2025 applicants", Result: aims.CheckPass,
			Measured: "largest gap 1.8 points (18-25)", Threshold: "at most 3 points per band"})

	const cards = "Card transactions and confirmed fraud labels"
	record(47, priya, "Card transaction fraud detection", aims.Dataset{Name: cards, Use: aims.DatasetTraining,
		Purpose:     "Monthly retraining and back-testing of the fraud detection model. Not to be used to profile customers for other purposes.",
		Description: "Card authorisations of the last 24 months with the fraud label confirmed by fraud operations or a chargeback.",
		Source:      "Card processing platform and the fraud operations case system",
		AcquiredHow: "Daily export of authorisations from the card processing platform; labels from closed fraud cases and chargebacks, " +
			"joined monthly.",
		Rights: "Own transaction data, processed to prevent fraud (legitimate interest and the card scheme rules, recorded in the " +
			"record of processing activities).",
		Provenance: "Authorisation messages as logged by the card processing platform; labels set by fraud analysts on case closure or " +
			"from scheme chargeback reason codes. Card numbers tokenised at the platform; no raw card numbers reach the data set.",
		Retention:       "Rolling 24 months, then deleted",
		RetentionReason: "Fraud patterns older than two years no longer help the model; deletion limits the personal data held.",
		NextCheck:       ago(46).AddMonths(2)},
		aims.DatasetVersion{Label: "2025-10 retrain", On: ago(47), Size: "412 million authorisations, 61,300 confirmed fraud",
			Preparation: "Transactions younger than 90 days excluded (labels not yet final); merchant categories mapped to the 2025 scheme list; " +
				"negatives down-sampled 1:50 for training, full data kept for back-testing."})
	checked(46, jonas, cards,
		aims.DatasetCheck{VersionLabel: "2025-10 retrain", Requirement: "Label maturity: share of fraud confirmed after 90 days",
			Result: aims.CheckPass, Measured: "1.4%", Threshold: "at most 3%"},
		aims.DatasetCheck{VersionLabel: "2025-10 retrain", Requirement: "Fraud rate in training sample against population",
			Result: aims.CheckPass, Measured: "ratio 50.2:1", Threshold: "50:1 plus or minus 2%"})

	const faq = "Product documentation and FAQ corpus"
	record(30, tomas, "Ask Brightwater customer assistant", aims.Dataset{Name: faq, Use: aims.DatasetProduction,
		Purpose:     "The only source the customer assistant answers from (retrieval at answer time). Not used to train any model.",
		Description: "Approved product terms, fee tables, FAQ pages and service procedures in English, German and Spanish.",
		Source:      "Brightwater document management system (approved product and service documents)",
		AcquiredHow: "Weekly sync of the documents in approved state; the vendor indexes them for retrieval in the EU region.",
		Rights:      "Own content. The vendor may process it only to serve Brightwater's assistant (data processing agreement, clause 4).",
		Provenance: "Written by Products, Legal and Customer Service, approved in the document management system; each indexed " +
			"document keeps its document reference and version.",
		Retention:       "Current approved versions only in the index; superseded versions remain in the document management system",
		RetentionReason: "The assistant must never answer from withdrawn terms; the document history is kept under the document retention rule."},
		aims.DatasetVersion{Label: "week 44", On: ago(30), Size: "1,284 documents",
			Preparation: "Only documents in approved state; internal-only sections removed; PDFs converted to text and split by heading."})
	checked(29, tomas, faq,
		aims.DatasetCheck{VersionLabel: "week 44", Requirement: "Every indexed document is the current approved version", Result: aims.CheckPass,
			Measured: "1,284 of 1,284", Threshold: "all"},
		aims.DatasetCheck{VersionLabel: "week 44", Requirement: "No withdrawn product terms in the index", Result: aims.CheckPass,
			Measured: "0 found", Threshold: "none"})
	// The index rebuilt when INC-2 was resolved, and checked again.
	tl.at(16, 4, func() error {
		cur, err := store.Dataset(ctx, tomas.OrgID, sets[faq])
		if err != nil {
			return err
		}
		_, err = store.AddDatasetVersion(ctx, tomas, cur.ID, aims.DatasetVersion{Version: cur.Version, Label: "week 46 (rebuilt after INC-2)", On: ago(16),
			Size: "1,291 documents", Preparation: "Full rebuild after the failed weekly syncs: only documents in approved state, including the personal loan terms of 1 November."})
		return err
	})
	checked(16, tomas, faq,
		aims.DatasetCheck{VersionLabel: "week 46 (rebuilt after INC-2)", Requirement: "Every indexed document is the current approved version", Result: aims.CheckPass,
			Measured: "1,291 of 1,291", Threshold: "all"},
		aims.DatasetCheck{VersionLabel: "week 46 (rebuilt after INC-2)", Requirement: "No withdrawn product terms in the index", Result: aims.CheckPass,
			Measured: "0 found (the October personal loan terms removed)", Threshold: "none"})
}
