package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoEvidence is the evidence an auditor would sample at Brightwater: a
// model validation report, training records, a drift report and a
// transparency check kept as files, and links to the release checklist and
// to last year's penetration test, which has expired. Each is attached to
// the AI systems and requirements it supports.
func demoEvidence(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	const (
		credit    = "CreditLens credit scoring"
		assistant = "Ask Brightwater customer assistant"
		fraud     = "Card transaction fraud detection"
	)
	type attach struct{ system, requirement, lifecycle string } // lifecycle: the start of a CreditLens life-cycle record's title
	items := []struct {
		daysAgo int
		by      aims.Principal
		e       aims.Evidence
		content string
		to      []attach
	}{
		{48, priya, aims.Evidence{Title: "CreditLens 4.2.0 validation report (MV-2026-07)", FileName: "creditlens-4.2.0-validation-report.md", ContentType: "text/markdown",
			Description: "Independent validation by model risk before the 4.2.0 release; results accepted by Jonas Weber. Valid until the annual revalidation.", ValidUntil: today.AddMonths(7)},
			demoValidationReport, []attach{{system: credit}, {requirement: "A.6.2.4"}, {lifecycle: "Independent validation of CreditLens 4.2.0"}}},
		{40, jonas, aims.Evidence{Title: "AI literacy e-learning completions, Q3 2026", FileName: "ai-literacy-completions-2026-q3.csv", ContentType: "text/csv",
			Description: "Export from the learning platform: who completed the AI literacy module and when.", ValidUntil: today.AddMonths(9)},
			demoTrainingCSV, []attach{{requirement: "7.2"}}},
		{33, priya, aims.Evidence{Title: "Fraud model drift report, October 2026", FileName: "fraud-drift-2026-10.json", ContentType: "application/json",
			Description: "Monthly population stability and precision at the operating threshold.", ValidUntil: today.AddMonths(1)},
			demoDriftJSON, []attach{{system: fraud}, {requirement: "A.6.2.6"}}},
		{26, tomas, aims.Evidence{Title: "Ask Brightwater AI disclosure check", FileName: "assistant-disclosure-check.txt", ContentType: "text/plain",
			Description: "Quarterly check that every entry point tells customers they are talking to an AI system (Art. 50(1)).", ValidUntil: today.AddMonths(2)},
			demoDisclosureCheck, []attach{{system: assistant}, {requirement: "A.8.2"}}},
		{22, priya, aims.Evidence{Title: "Model release checklist", URL: "https://confluence.brightwater.example/ml/release-checklist",
			Description: "The checklist every model release passes, with sign-offs per release."},
			"", []attach{{system: credit}, {requirement: "8.1"}}},
		{18, maria, aims.Evidence{Title: "Penetration test of the customer assistant, 2025", URL: "https://grc.brightwater.example/findings/PT-2025-07",
			Description: "External test including prompt injection; the 2026 test is booked but not yet done.", ValidUntil: today.AddMonths(-1)},
			"", []attach{{system: assistant}}},
	}
	for _, it := range items {
		tl.at(it.daysAgo, 3, func() error {
			var to []aims.Attachment
			for _, a := range it.to {
				if a.lifecycle != "" {
					records, err := store.SystemLifecycleRecords(ctx, it.by.OrgID, ids[credit])
					if err != nil {
						return err
					}
					for _, r := range records {
						if strings.HasPrefix(r.Title, a.lifecycle) {
							to = append(to, aims.Attachment{Register: aims.RegisterLifecycleRecords, RecordID: strconv.FormatInt(r.ID, 10)})
						}
					}
				} else if a.system != "" {
					to = append(to, aims.Attachment{Register: aims.RegisterAISystems, RecordID: strconv.FormatInt(ids[a.system], 10)})
				} else {
					to = append(to, aims.Attachment{Register: aims.RegisterGap, RecordID: a.requirement})
				}
			}
			var file *sqlstore.FileContent
			if it.content != "" {
				sum := sha256.Sum256([]byte(it.content))
				file = &sqlstore.FileContent{Content: bytes.NewReader([]byte(it.content)), Size: int64(len(it.content)), SHA256: hex.EncodeToString(sum[:])}
			}
			if _, err := store.CreateEvidence(ctx, it.by, it.e, file, to...); err != nil {
				return fmt.Errorf("evidence %s: %w", it.e.Title, err)
			}
			return nil
		})
	}
}

var demoValidationReport = strings.TrimLeft(`
# CreditLens 4.2.0: model validation report MV-2026-07

Validator: Model validation (second line), A. Hoffmann. Model owner: Priya Nair.

## Scope
Release 4.2.0 of the consumer credit scoring model (gradient-boosted trees,
trained on data set v3: applications 2019-2024 with 12-month outcomes),
compared with the release in production, 4.1.3.

## Results on the out-of-time sample (48,200 applications)
| Measure                                   | 4.1.3 | 4.2.0 | Threshold |
|-------------------------------------------|-------|-------|-----------|
| AUC                                       | 0.79  | 0.812 | >= 0.78   |
| Approval-rate ratio, women to men         | 0.90  | 0.91  | >= 0.80   |
| Approval-rate ratio, aged 18-25 to 26-60  | 0.81  | 0.84  | >= 0.80   |
| Population stability index                | -     | 0.04  | < 0.10    |

## Findings
1. Monotonic constraints on income and debt hold on all test cases.
2. Reason codes match the top contributions in 2,000 sampled declines.
   The table above shows the four headline measures; all seven acceptance
   criteria, with calibration and robustness, are recorded in LCR-3.
3. Observation: applicants aged 18-25 are thin in the training data; watch
   their approval-rate ratio and drift.

## Decision
Results accepted by Jonas Weber (CRO); re-validate at the next retraining or
if monitoring breaches a fairness threshold twice in a row. Release on
condition of monthly drift and fairness monitoring (A.6.2.6).
`, "\n")

var demoTrainingCSV = `employee_id,department,module,completed_on,score
E1042,Lending,AI literacy basics,2026-07-14,92
E1077,Lending,AI literacy basics,2026-07-15,88
E1103,Customer service,AI literacy basics,2026-08-02,95
E1121,Customer service,AI literacy basics,2026-08-03,81
E1150,Data science,AI literacy basics,2026-07-09,100
E1188,Risk,AI literacy basics,2026-09-21,90
E1204,Marketing,AI literacy basics,2026-09-30,85
`

var demoDriftJSON = `{
  "model": "card-fraud-detector",
  "version": "5.4.1",
  "period": "2026-10",
  "population_stability_index": 0.04,
  "precision_at_threshold": 0.91,
  "recall_at_threshold": 0.78,
  "alerts": [],
  "reviewed_by": "Priya Nair"
}
`

var demoDisclosureCheck = `Ask Brightwater: AI disclosure check, Q3 2026
Checked by: Tomás Ruiz, customer service

Entry point                 Disclosure shown before first answer   Result
Mobile app (iOS, Android)   "You are chatting with our AI assistant" Pass
Website chat                 same text, plus link to hand-over        Pass
Online banking help          banner missing on the French locale      Fixed 2026-10-04

Next check due at the end of Q4 2026.
`
