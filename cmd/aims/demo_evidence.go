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
	type attach struct{ system, requirement string }
	items := []struct {
		daysAgo int
		by      aims.Principal
		e       aims.Evidence
		content string
		to      []attach
	}{
		{48, priya, aims.Evidence{Title: "CreditLens 3.2 validation report", FileName: "creditlens-3.2-validation-report.md", ContentType: "text/markdown",
			Description: "Independent validation by model risk before the 3.2 release; signed off by Jonas Weber.", ValidUntil: today.AddMonths(5)},
			demoValidationReport, []attach{{system: credit}, {requirement: "A.6.2.4"}}},
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
				if a.system != "" {
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
# CreditLens 3.2: model validation report

Validator: Model Risk, Brightwater Financial. Model owner: Priya Nair.

## Scope
Release 3.2 of the consumer credit scoring model (gradient-boosted trees,
retrained on applications up to June 2026).

## Results on the hold-out set (42,118 applications)
| Measure                         | 3.1   | 3.2   | Threshold |
|---------------------------------|-------|-------|-----------|
| AUC                             | 0.79  | 0.81  | >= 0.75   |
| Approval rate gap, age 18-25    | 3.9 pp| 2.7 pp| <= 5 pp   |
| Approval rate gap, sex          | 1.1 pp| 0.8 pp| <= 3 pp   |
| Population stability index      | -     | 0.06  | < 0.10    |

## Findings
1. Monotonic constraints on income and debt hold on all test cases.
2. Reason codes match the top contributions in 500 sampled decisions.
3. Observation: the young-applicant segment is thin after 2025; watch drift.

## Decision
Approved for release on condition of monthly drift monitoring (A.6.2.6).
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
