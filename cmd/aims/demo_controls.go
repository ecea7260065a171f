package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoControlUpdate is one Annex A control the gap analysis moves on once
// the registers show it: implemented only where records support it (the
// notes name them), partial where they show work still in progress.
type demoControlUpdate struct {
	req    string
	status aims.GapStatus
	owner  string
	target int // months from today; 0 for none
	notes  string
}

// demoControlsInPlace: before the SoA is written (day 8), the owners of
// the Annex A controls record what the registers now show. Brightwater has
// run CreditLens, fraud detection and the customer assistant for years:
// their monitoring, data checks, user information, use reviews and impact
// assessments are in the registers, so those controls are in place. What
// is still in progress stays partial: technical documentation beyond
// CreditLens, the societal view with the customer panel, a written process
// for responsible use, and the challenger benchmark (CC-3, planned). The
// controls chosen for the treatments of high risks (see demo_risk.go) are
// in place for fraud detection, TalentMatch, the assistant's advice risk
// and CreditLens's proxy discrimination; not yet for thin files (CC-3),
// explanations (A.6.2.7), automation bias (A.9.2) and the assistant's wrong
// fees (A.10.3). People are looked up when their step runs.
func demoControlsInPlace(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, today aims.Date) {
	step := func(daysAgo, hour int, by string, updates []demoControlUpdate) {
		tl.at(daysAgo, hour, func() error {
			p := people[by]
			for _, u := range updates {
				g, err := store.GapEntry(ctx, p.OrgID, u.req)
				if err != nil {
					return err
				}
				g.Status, g.OwnerID, g.Notes, g.TargetDate = u.status, people[u.owner].UserID, u.notes, aims.Date{}
				if u.target != 0 {
					g.TargetDate = today.AddMonths(u.target)
				}
				if _, err := store.UpdateGapEntry(ctx, p, g); err != nil {
					return fmt.Errorf("gap entry %s: %w", u.req, err)
				}
			}
			return nil
		})
	}

	// After the data set checks (days 48-29): the data controls.
	step(16, 7, "Priya Nair", []demoControlUpdate{
		{"A.7.2", aims.GapImplemented, "Priya Nair", 0, "Training data of the in-house models recorded with its use, versions, owner and next check: " +
			"DS-1 (CreditLens loan applications 2019-2025) and DS-2 (card transactions with confirmed fraud labels); the assistant's retrieval corpus DS-3 likewise."},
		{"A.7.4", aims.GapImplemented, "Priya Nair", 0, "Quality requirements checked on each data set version with measured results: DS-1 v3, which trained the model in production, passes; " +
			"v4, for the next retraining, passes since the missing-income fix (missing income values 3.1% at the first check, 0.7% at the re-check), DS-2's label maturity and sampling checks pass, and DS-3's index checks pass for week 44 and for the rebuild after INC-2 (week 46)."},
	})
	// After the customer assistant's assessment was approved (day 18).
	step(17, 5, "Priya Nair", []demoControlUpdate{
		{"A.5.2", aims.GapPartial, "Priya Nair", 2, "The impact assessment process (PRC-2) is used with the impact criteria: IA-1 (CreditLens), IA-2 (customer assistant) " +
			"IA-3 (churn prediction, assessed in design) and IA-4 (TalentMatch pilot) approved. Not yet: the process document is a draft, and fraud detection and the loan file summariser are not assessed."},
		{"A.5.3", aims.GapImplemented, "Priya Nair", 0, "Each assessment is kept in the impact register with its versions, the reviewer's return and the approval (IA-1, IA-2, IA-3); " +
			"results go to the AI risk committee."},
		{"A.5.4", aims.GapImplemented, "Priya Nair", 0, "Impacts on individuals and groups assessed, rated and given measures, and approved by someone other than the assessor: " +
			"IA-1 (thin files, proxy discrimination, automation bias), IA-2 (wrong answers, advice, hardship) and IA-3 (offers by age, vulnerable customers)."},
		{"A.5.5", aims.GapPartial, "Priya Nair", 3, "Societal impacts assessed in IA-1 (financial exclusion of newcomers) and IA-2 (customers less used to digital channels). " +
			"Not yet: the customer panel's view, which the SoA names as the way we assess them."},
	})
	// Once the life-cycle records, incident plans, supplier matrices and
	// planned reports are in the registers, before the SoA is written.
	step(8, 2, "Jonas Weber", []demoControlUpdate{
		{"A.6.2.2", aims.GapPartial, "Priya Nair", 3, "Requirements recorded and approved before design for the in-house models: CreditLens 4.x (LCR-1) and churn prediction (LCR-10). " +
			"Not yet: requirements records for the vendor systems (customer assistant, fraud detection, TalentMatch, loan file summariser)."},
		{"A.6.2.3", aims.GapPartial, "Priya Nair", 3, "Design and development recorded and approved for CreditLens 4.2 (LCR-2) and churn prediction 0.3 (LCR-11). " +
			"Not yet: design records for the vendor systems, which rely on the vendors' documentation."},
		{"A.6.2.5", aims.GapPartial, "Priya Nair", 3, "Deployment plans approved before go-live for CreditLens 4.2.0 (LCR-4) and the TalentMatch pilot (LCR-13). " +
			"Not yet: deployment records for the customer assistant and the loan file summariser, which went live before the AIMS."},
		{"A.6.2.8", aims.GapPartial, "Priya Nair", 3, "Event logs recorded with their retention against the obligation: CreditLens decision and scoring-service logs (LCR-7, LCR-8) and TalentMatch's ranking logs (LCR-14). " +
			"Not yet: event-log records for the customer assistant, fraud detection and the loan file summariser."},
		{"A.8.4", aims.GapImplemented, "Tomás Ruiz", 0, "Incident handling in operation: the AI incident handling process (PRC-5), communication plans per incident type (ICP-1 to ICP-6) " +
			"and the incident register with INC-1 (summariser) and INC-2 (assistant), each with its notifications."},
		{"A.8.5", aims.GapImplemented, "Jonas Weber", 0, "Reporting duties kept with their recipients, last report and next due date: the quarterly AI management report to the Board Risk Committee (INF-6) " +
			"and the answer to the supervisor's annual questionnaire on models in credit decisions (INF-7)."},
		{"A.10.2", aims.GapPartial, "Jonas Weber", 3, "Responsibilities with AI suppliers allocated in responsibility matrices: TP-1 Aurora (9 rows), TP-2 Nordauskunft (6), TP-3 Helio (3), " +
			"TP-4 Kestrel (2), TP-5 Larch (7), TP-6 Cobalt (4) and TP-7 Quillon (7). Not yet: every matrix countersigned by the supplier."},
		{"A.10.3", aims.GapPartial, "Jonas Weber", 4, "AI clauses in place with the LLM provider (TP-1's AI addendum: no training on our data, processing in the EU, 30 days' notice of a model change) " +
			"and conditions set in the assessments of TP-6 Cobalt and TP-7 Quillon. Not yet: the standard AI clauses for every supplier contract, drafted with procurement."},
	})
	// After the use reviews (days 40 and 21) and the monitoring readings.
	step(9, 5, "Jonas Weber", []demoControlUpdate{
		{"A.6.2.6", aims.GapImplemented, "Priya Nair", 0, "Monitoring in operation with recorded readings: CreditLens's monthly performance and fairness monitoring (LCR-9; the October " +
			"fairness breach was analysed and reported to the credit committee) and the fraud model's drift report (EV-5). The assistant's answers are sampled weekly; its use review UR-2 records the result."},
		{"A.6.2.7", aims.GapPartial, "Priya Nair", 3, "CreditLens has its instructions for use for loan officers (LCR-5) and its technical documentation for the supervisory authority (LCR-6). " +
			"Not yet: technical documentation for users of the customer assistant, fraud detection and TalentMatch."},
		{"A.8.2", aims.GapImplemented, "Tomás Ruiz", 0, "Information for users in place and recorded: the assistant's AI disclosure (INF-1, checked in EV-6), " +
			"the explanation for declined applicants (INF-3) and the guide to CreditLens scores for credit officers (INF-4)."},
		{"A.9.2", aims.GapPartial, "Jonas Weber", 2, "Practised for CreditLens (a second officer reviews every decline before the applicant is told, OBJ-6; blind re-review of 5% of approvals since October; review by an officer not involved when the applicant asks, CC-2) and for the code assistant " +
			"(peer review of every merge). Not yet: a written process for the responsible use of every AI system, and no register record shows it yet."},
		{"A.9.3", aims.GapImplemented, "Maria Keller", 0, "Objectives for responsible use set with a measure, target and owner: a credit officer reviews every CreditLens decline " +
			"before the applicant is told (OBJ-6), and every customer learns that Ask Brightwater is an AI system before the conversation starts (OBJ-7)."},
		{"A.9.4", aims.GapImplemented, "Jonas Weber", 0, "Actual use checked against the intended use, with the next review dated: CreditLens (UR-1, used as intended) and " +
			"the customer assistant (UR-2, drift into advice found and corrected with CHG-1)."},
	})
}
