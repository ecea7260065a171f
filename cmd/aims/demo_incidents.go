package main

import (
	"context"
	"fmt"
	"time"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoIncidentProcedure is the text of Brightwater's AI incident procedure,
// which the incident communication plan points to.
const demoIncidentProcedure = `# AI incident management procedure

## 1. Purpose and scope
How Brightwater Financial detects, records, contains, communicates and learns from incidents involving the AI systems
in the scope of the AI management system (ISO/IEC 42001 A.8.4, 10.2).

## 2. What is an AI incident
An event in which an AI system behaves other than intended, or is used other than intended, and harms or could harm
customers, staff, the company or others: wrong or misleading output, an unfair outcome, a failed control, a data leak.

## 3. Recording and severity
Whoever notices an incident tells the system owner and the AIMS lead at once; the owner records it in the AI incident
register the same day with its severity (low, medium, high, critical, as defined in the register), harm category and an
estimate of the people affected.

## 4. EU AI Act serious incidents
For CreditLens credit scoring (high-risk, Annex III 5(b)) the Chief Risk Officer decides whether an incident is a
serious incident (Art. 3(49)). If so, it is reported to the market surveillance authority within the Art. 73 deadline
from the day we became aware: 2 days for a widespread infringement or a critical-infrastructure disruption, 10 days
for a death, 15 days otherwise. An initial, incomplete report is sent rather than a late one.

## 5. Communication
Who is informed of which incidents, how, within what time and by whom is the incident communication plan in aims.
Every communication is logged on the incident.

## 6. Closure
An incident is closed when its root cause is known, the corrective actions are done or tracked as a nonconformity,
and the communications the plan requires are logged.
`

// demoIncidents is Brightwater's incident handling (A.8.4) and its
// information for users and interested parties (A.8.2, A.8.3, A.8.5): an
// approved incident procedure, the communication plan that points to it,
// the chat assistant's incident of wrong loan terms (communicated to the
// affected customers and the financial supervisor, assessed as not a
// serious incident under the EU AI Act), a minor incident of the loan file
// summariser caught by the officers' review, and the information records,
// among them CreditLens's adverse-action explanation.
func demoIncidents(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	ago := func(days int) aims.Date { return aims.DateOf(today.Time().AddDate(0, 0, -days)) }
	at := func(days, hour, minute int) time.Time {
		return today.Time().AddDate(0, 0, -days).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	}
	const chatbot, credit, summariser = "Ask Brightwater customer assistant", "CreditLens credit scoring", "Loan file summariser"

	// The procedure, approved by the Chief Risk Officer.
	var procedure int64
	tl.at(58, 2, func() error {
		d, err := store.CreateDocument(ctx, maria, aims.NewDocument{Document: aims.Document{Title: "AI incident management procedure",
			Kind: aims.KindIncident, OwnerID: maria.UserID}, Content: demoIncidentProcedure, ChangeSummary: "First issue."})
		if err != nil {
			return fmt.Errorf("incident procedure: %w", err)
		}
		procedure = d.ID
		return nil
	})
	tl.at(58, 3, func() error {
		v, err := store.DocumentVersion(ctx, maria.OrgID, procedure, 1)
		if err != nil {
			return err
		}
		_, err = store.SubmitDocument(ctx, maria, procedure, aims.DocumentStep{Version: v.Version})
		return err
	})
	tl.at(57, 1, func() error {
		v, err := store.DocumentVersion(ctx, jonas.OrgID, procedure, 1)
		if err != nil {
			return err
		}
		_, err = store.ApproveDocument(ctx, jonas, procedure, aims.DocumentStep{Version: v.Version})
		return err
	})

	// The communication plan.
	plan := []aims.IncidentPlan{
		{IncidentKind: "Any AI incident", Audience: "AIMS lead and the AI system's owner", Channel: "Phone or the #ai-incidents channel, then the register",
			WithinHours: 4, ResponsibleID: 0, Notes: "Whoever notices the incident informs them; the owner records it in the register the same day."},
		{IncidentKind: "AI incident of high or critical severity", MinSeverity: aims.IncidentHigh, Audience: "Chief Executive Officer and the Management Board",
			Channel: "Phone call, then a written summary by e-mail", WithinHours: 24, ResponsibleID: maria.UserID},
		{IncidentKind: "Customers received wrong information or a wrong decision from an AI system", MinSeverity: aims.IncidentMedium,
			Audience: "The affected customers", Channel: "Letter and e-mail, with the correction and how we put it right", WithinHours: 72, ResponsibleID: tomas.UserID,
			Notes: "Wording agreed with Compliance; the letter names a contact and the right to complain."},
		{IncidentKind: "Incident that may breach consumer credit conduct rules or affects many customers", MinSeverity: aims.IncidentHigh,
			Audience: "Financial supervisory authority", Channel: "The supervisor's notification portal", WithinHours: 72, ResponsibleID: jonas.UserID},
		{IncidentKind: "Serious incident under the EU AI Act (CreditLens credit scoring)", MinSeverity: aims.IncidentCritical,
			Audience: "Market surveillance authority of the Member State where it occurred", Channel: "The authority's serious-incident report form",
			WithinHours: 48, ResponsibleID: jonas.UserID,
			Notes: "Art. 73: 2 days for a widespread infringement or critical-infrastructure disruption, 10 for a death, 15 otherwise; the register computes each incident's deadline. Plan for the shortest."},
		{IncidentKind: "Personal data breach through an AI system", Audience: "Data protection officer; the data protection authority where GDPR Art. 33 requires",
			Channel: "E-mail to the DPO; the authority's breach form", WithinHours: 24, ResponsibleID: maria.UserID,
			Notes: "The DPO decides on notifying the authority, which GDPR requires within 72 hours of becoming aware."},
	}
	for i, p := range plan {
		tl.at(56, 2+i, func() error {
			p.DocumentID = procedure
			if _, err := store.CreateIncidentPlan(ctx, maria, p); err != nil {
				return fmt.Errorf("incident plan %d: %w", i+1, err)
			}
			return nil
		})
	}

	// The chat assistant quoted the old loan terms after a rate change.
	var wrongTerms int64
	tl.at(24, 5, func() error {
		i, err := store.CreateIncident(ctx, tomas, aims.Incident{AISystemID: ids[chatbot],
			Title: "Chat assistant quoted outdated personal loan terms",
			Description: "After the personal loan rate change on the 1st of the month, the assistant kept answering questions about personal loans " +
				"with the previous representative APR (6.9% instead of 7.4%) and said early repayment was free of charge, which it no longer is. " +
				"A customer-service agent noticed it when a customer quoted the assistant on the phone.",
			DetectedAt: at(24, 9, 40), ReportedBy: "Customer service agent (call from a customer)", Severity: aims.IncidentHigh,
			Harm: aims.HarmFinancial, PeopleAffected: 312,
			AffectedDescription: "About 300 customers who asked about personal loans over four days; 41 of them applied after the conversation.",
			OwnerID:             tomas.UserID})
		if err != nil {
			return fmt.Errorf("incident: %w", err)
		}
		wrongTerms = i.ID
		return nil
	})
	update := func(days, hour int, by aims.Principal, id *int64, edit func(*aims.Incident)) {
		tl.at(days, hour, func() error {
			i, err := store.Incident(ctx, by.OrgID, *id)
			if err != nil {
				return err
			}
			edit(&i)
			if _, err := store.UpdateIncident(ctx, by, i); err != nil {
				return fmt.Errorf("incident %s: %w", i.Ref, err)
			}
			return nil
		})
	}
	message := func(days, hour int, by aims.Principal, id *int64, m aims.IncidentMessage) {
		tl.at(days, hour, func() error {
			i, err := store.Incident(ctx, by.OrgID, *id)
			if err != nil {
				return err
			}
			m.SentOn, m.Version = ago(days), i.Version
			if _, err := store.LogIncidentMessage(ctx, by, *id, m); err != nil {
				return fmt.Errorf("incident %s message: %w", i.Ref, err)
			}
			return nil
		})
	}
	message(24, 6, tomas, &wrongTerms, aims.IncidentMessage{Recipients: "Maria Keller (AIMS lead), Priya Nair (system owner's data science lead)",
		What: "Incident raised; personal-loan answers to be switched off.", Channel: "Phone and #ai-incidents", SentByID: tomas.UserID})
	update(24, 8, tomas, &wrongTerms, func(i *aims.Incident) {
		i.Status, i.ContainedOn = aims.IncidentContained, ago(24)
		i.Actions = "Contained: the assistant's personal-loan topic switched off; questions on loan terms are handed to an agent."
	})
	message(24, 9, maria, &wrongTerms, aims.IncidentMessage{Recipients: "Anna Schmidt (CEO) and the Management Board",
		What: "Summary of the incident, the containment and the customers affected.", Channel: "Phone, then e-mail", SentByID: maria.UserID})
	message(22, 3, jonas, &wrongTerms, aims.IncidentMessage{Recipients: "Financial supervisory authority",
		What:    "Notification of incorrect pre-contractual information given to about 300 consumers by the online assistant, with the remediation plan.",
		Channel: "Supervisor's notification portal (reference FSA-N-2026-0412)", RecipientKind: aims.RecipientAuthority, SentByID: jonas.UserID})
	message(21, 4, tomas, &wrongTerms, aims.IncidentMessage{Recipients: "The 312 affected customers",
		What:    "Letter and e-mail with the correct APR and early repayment terms; the 41 who applied are offered the terms they were quoted or to withdraw without cost.",
		Channel: "Letter and e-mail", SentByID: tomas.UserID})
	update(16, 3, priya, &wrongTerms, func(i *aims.Incident) {
		i.Status, i.ResolvedOn = aims.IncidentResolved, ago(16)
		i.RootCause = "The product terms in the assistant's retrieval index are refreshed by the weekly sync job, which had failed silently since a schema change " +
			"in the product catalogue; no alert existed for a stale index."
		i.Actions += "\nResolved: index rebuilt and answers checked against the current terms sheet; the job now fails loudly, an alert fires " +
			"when a sync fails, and a change of product terms triggers a rebuild the same day; product changes now include a check of the assistant's answers before go-live." +
			"\nAssessed against EU AI Act Art. 3(49) by the CRO: not a serious incident (no serious harm; the assistant is not a high-risk system); no Art. 73 report."
	})
	update(8, 2, maria, &wrongTerms, func(i *aims.Incident) {
		i.Status, i.ClosedOn = aims.IncidentClosed, ago(8)
		i.Actions += "\nClosed after the post-incident review; the missing monitoring of the index is followed up in the treatment of RSK-7 (index freshness monitoring, A.6.2.6)."
	})

	// A minor incident of the loan file summariser, caught by the officers.
	var coApplicant int64
	tl.at(37, 3, func() error {
		i, err := store.CreateIncident(ctx, priya, aims.Incident{AISystemID: ids[summariser],
			Title:       "Summaries left out a co-applicant's second income",
			Description: "For three joint applications the summary listed only the co-applicant's main salary, not a second, part-time income stated on a separate payslip.",
			DetectedAt:  at(37, 10, 20), ReportedBy: "Credit officer during the file review", Severity: aims.IncidentLow, Harm: aims.HarmFinancial,
			PeopleAffected: 3, AffectedDescription: "Three joint applicants; the officers worked from the full file, so no decision was affected.",
			OwnerID: priya.UserID})
		if err != nil {
			return fmt.Errorf("incident: %w", err)
		}
		coApplicant = i.ID
		return nil
	})
	message(37, 4, priya, &coApplicant, aims.IncidentMessage{Recipients: "Credit officers",
		What: "Reminder to check co-applicants' payslips against the summary until the fix is released.", Channel: "Team e-mail", SentByID: priya.UserID})
	update(37, 5, priya, &coApplicant, func(i *aims.Incident) {
		i.Status, i.ContainedOn = aims.IncidentContained, ago(37)
		i.Actions = "Contained the same day: credit officers check every co-applicant's payslips against the summary until the fix is released."
	})
	update(33, 2, priya, &coApplicant, func(i *aims.Incident) {
		i.Status, i.ResolvedOn = aims.IncidentResolved, ago(33)
		i.RootCause = "The extraction prompt asked for 'the income' of each applicant; payslips after the first for the same person were ignored."
		i.Actions += "\nResolved: prompt and extraction test set extended to several payslips per applicant; 50 past joint applications re-checked, no other case."
	})

	// Information for users and interested parties.
	info := []struct {
		system string
		n      aims.Information
	}{
		{chatbot, aims.Information{Kind: aims.InfoForUsers, Title: "You are chatting with an AI assistant", Audience: "Customers using the app and the website",
			Channel: "Notice at the start of every chat", Link: "https://www.brightwater.example/help/ask-brightwater",
			Details:      "Tells customers they are talking to an AI (EU AI Act Art. 50(1)), what it can and cannot do, that it gives no advice or binding offers, and how to reach a person.",
			LastReviewed: ago(24), OwnerID: tomas.UserID}},
		{chatbot, aims.Information{Kind: aims.InfoReportingMeans, Title: "Report a problem with an answer", Audience: "Customers and anyone else",
			Channel: "'Report this answer' in the chat; the public concern page", PublicPage: true, LastReviewed: ago(30), OwnerID: tomas.UserID}},
		{credit, aims.Information{Kind: aims.InfoForUsers, Title: "Adverse-action explanation for declined applicants", Audience: "Applicants whose loan is declined",
			Channel: "Decision letter and the app",
			Details: "States the main reasons for the decision, that an automated credit score was used and reviewed by a credit officer, and the applicant's " +
				"rights to obtain human intervention, express their view and contest the decision (GDPR Art. 22(3)) and to an explanation of the creditworthiness assessment.",
			LastReviewed: ago(34), OwnerID: jonas.UserID}},
		{credit, aims.Information{Kind: aims.InfoForUsers, Title: "Guide to CreditLens scores for credit officers", Audience: "Credit officers",
			Channel: "Intranet and the officers' induction", Details: "What the score means, its known limits, when to override it and how to record why.",
			LastReviewed: ago(50), OwnerID: priya.UserID}},
		{credit, aims.Information{Kind: aims.InfoReportingMeans, Title: "Ask for a person to review a credit decision", Audience: "Applicants",
			Channel: "Customer service, the decision letter's reply form and the public concern page", PublicPage: true, LastReviewed: ago(34), OwnerID: tomas.UserID}},
		{"", aims.Information{Kind: aims.InfoReportingDuty, Title: "Quarterly AI management report to the Board Risk Committee", Audience: "Board Risk Committee",
			Channel: "Board pack", Frequency: aims.FrequencyQuarterly, LastDone: ago(35), NextDue: today.AddDays(55), OwnerID: maria.UserID,
			Details: "Incidents and their communication, concerns, objectives, risks above appetite and the state of the AIMS."}},
		{credit, aims.Information{Kind: aims.InfoReportingDuty, Title: "Answer to the supervisor's annual questionnaire on models in credit decisions",
			Audience: "Financial supervisory authority", Channel: "Supervisor's reporting portal", Frequency: aims.FrequencyYearly,
			LastDone: ago(300), NextDue: today.AddDays(65), OwnerID: jonas.UserID}},
	}
	for i, in := range info {
		tl.at(30-i, 5, func() error {
			n := in.n
			if in.system != "" {
				if n.AISystemID = ids[in.system]; n.AISystemID == 0 {
					return fmt.Errorf("information %d: unknown AI system %s", i+1, in.system)
				}
			}
			if _, err := store.CreateInformation(ctx, maria, n); err != nil {
				return fmt.Errorf("information %d: %w", i+1, err)
			}
			return nil
		})
	}
}
