package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// demoDocuments is Brightwater's controlled documents: the CEO joins and is
// designated to top management, the Chief Risk Officer to AI risk
// management; the AI policy in its third version (two approved by the CEO,
// the first now superseded, a draft in progress), the AIMS scope in
// review, approved processes, a draft impact assessment process, the 2027
// audit programme and the LLM provider's model card as a document of
// external origin. People are looked up when their step runs.
func demoDocuments(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	_ = ids // no document names an AI system by its ID yet
	who := func(name string) func() aims.Principal { return func() aims.Principal { return people[name] } }
	anna, maria, jonas := who("Anna Schmidt"), who("Maria Keller"), who("Jonas Weber")

	// Anna Schmidt, the CEO, joins: invited by Maria, accepted the next day.
	link := secret.HashToken(secret.Token(""))
	tl.at(87, 1, func() error {
		m, err := store.AddMember(ctx, maria(), aims.NewMember{Email: "anna.schmidt@brightwater.example", Name: "Anna Schmidt", Role: aims.RoleManager}, link, nil)
		people["Anna Schmidt"] = aims.Principal{OrgID: maria().OrgID, UserID: m.UserID, Email: m.Email, Name: "Anna Schmidt", Role: m.Role}
		return err
	})
	tl.at(86, 0, func() error {
		hash, err := secret.HashPassword(demoPassword)
		if err != nil {
			return err
		}
		_, err = store.AcceptWithPassword(ctx, link, hash, "10.20.30.39")
		return err
	})
	tl.at(84, 2, func() error {
		from := aims.DateOf(today.Time().AddDate(0, 0, -84))
		for _, d := range []aims.Designation{
			{UserID: anna().UserID, Body: aims.BodyTop, Position: "Chief Executive Officer", AcceptUpTo: aims.LimitVeryHigh, From: from,
				Basis: "Board resolution BR-2026-07: the Management Board owns the AI management system; the CEO signs off the AI policy and the AIMS scope, and accepts residual AI risk above medium on the Board's behalf after its discussion."},
			{UserID: jonas().UserID, Body: aims.BodyAIRisk, Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium, From: from,
				Basis: "Board resolution BR-2026-07: the CRO approves AI risk treatment plans and accepts residual AI risk up to medium; higher levels go to the CEO after discussion in the Management Board."},
		} {
			if _, err := store.CreateDesignation(ctx, maria(), d); err != nil {
				return fmt.Errorf("designation: %w", err)
			}
		}
		return nil
	})

	docs := map[string]int64{}
	create := func(daysAgo, hour int, key string, by func() aims.Principal, in aims.NewDocument) {
		tl.at(daysAgo, hour, func() error {
			d, err := store.CreateDocument(ctx, by(), in)
			if err != nil {
				return fmt.Errorf("document %s: %w", key, err)
			}
			docs[key] = d.ID
			return nil
		})
	}
	// step runs a workflow step on a document's latest version, reading
	// the versions it needs when the step runs.
	step := func(daysAgo, hour int, key string, by func() aims.Principal, what string, do func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error) {
		tl.at(daysAgo, hour, func() error {
			p := by()
			d, err := store.Document(ctx, p.OrgID, docs[key])
			if err != nil {
				return fmt.Errorf("document %s: %w", key, err)
			}
			v, err := store.DocumentVersion(ctx, p.OrgID, d.ID, d.CurrentNumber)
			if err != nil {
				return fmt.Errorf("document %s: %w", key, err)
			}
			if err := do(p, d, v); err != nil {
				return fmt.Errorf("document %s: %s: %w", key, what, err)
			}
			return nil
		})
	}
	edit := func(daysAgo, hour int, key string, by func() aims.Principal, content, summary string, commitments []string) {
		step(daysAgo, hour, key, by, "edit", func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error {
			_, err := store.EditDraft(ctx, p, d.ID, aims.DraftEdit{Version: v.Version, Content: content, ChangeSummary: summary, Commitments: commitments})
			return err
		})
	}
	submit := func(daysAgo, hour int, key string, by func() aims.Principal) {
		step(daysAgo, hour, key, by, "submit", func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error {
			_, err := store.SubmitDocument(ctx, p, d.ID, aims.DocumentStep{Version: v.Version})
			return err
		})
	}
	approve := func(daysAgo, hour int, key string, by func() aims.Principal) {
		step(daysAgo, hour, key, by, "approve", func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error {
			_, err := store.ApproveDocument(ctx, p, d.ID, aims.DocumentStep{Version: v.Version})
			return err
		})
	}
	returned := func(daysAgo, hour int, key string, by func() aims.Principal, note string) {
		step(daysAgo, hour, key, by, "return", func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error {
			_, err := store.ReturnDocument(ctx, p, d.ID, aims.DocumentStep{Version: v.Version, Note: note})
			return err
		})
	}
	next := func(daysAgo, hour int, key string, by func() aims.Principal) {
		step(daysAgo, hour, key, by, "new version", func(p aims.Principal, d aims.Document, v aims.DocumentVersion) error {
			_, err := store.NewDocumentVersion(ctx, p, d.ID, d.Version)
			return err
		})
	}
	all := aims.CommitmentKeys()

	// The AI policy: version 1 approved by the CEO about ten weeks ago,
	// version 2 (generative AI) three weeks ago, version 3 in draft.
	create(80, 1, "policy", maria, aims.NewDocument{Document: aims.Document{Title: "AI policy", Kind: aims.KindAIPolicy,
		OwnerID: maria().UserID, ReviewIntervalMonths: 12,
		RelatedPolicies: "Works with the Information Security Policy (ISP-01) for access to models and data, the Data Protection Policy (DP-02) for " +
			"personal data in training and operation, the Model Risk Management Policy (MRM-03) for validation of credit models, and the Code of Conduct. " +
			"Where the model risk policy is stricter for credit models it prevails; conflicts go to the AI governance committee."},
		Content: strings.Replace(demoPolicyV1, demoObjectivesOwner, "", 1), ChangeSummary: "First issue.", Commitments: []string{"purpose", "requirements"}})
	firstDraft := strings.Replace(demoPolicyV1, demoObjectivesOwner, "", 1)
	edit(76, 2, "policy", maria, firstDraft, "First issue.", all)
	submit(75, 3, "policy", maria)
	returned(73, 2, "policy", anna, "Say who sets the AI objectives and when they are reviewed; then resubmit.")
	edit(72, 1, "policy", maria, demoPolicyV1, "First issue; who sets the objectives added after the CEO's review.", all)
	submit(72, 4, "policy", maria)
	approve(70, 2, "policy", anna)
	next(30, 1, "policy", maria)
	edit(29, 2, "policy", maria, demoPolicyV2, "Version 2: rules for generative AI tools and the customer assistant; AI literacy training.", all)
	submit(23, 1, "policy", maria)
	approve(20, 3, "policy", anna)
	next(6, 2, "policy", maria)
	edit(5, 3, "policy", maria, demoPolicyV2+"\n## 8. Serious incidents\nAn AI incident that harms customers is reported to the CEO within 24 hours.\n",
		"Draft: incident escalation to the CEO.", all)

	// The AIMS scope: drafted, now waiting for the CEO.
	create(60, 2, "scope", maria, aims.NewDocument{Document: aims.Document{Title: "Scope of the AI management system", Kind: aims.KindScope,
		OwnerID: maria().UserID}, Content: demoScope, ChangeSummary: "First issue for Stage 1."})
	submit(3, 2, "scope", maria)

	// Processes.
	create(66, 1, "risk", jonas, aims.NewDocument{Document: aims.Document{Title: "AI risk assessment process", Kind: aims.KindRiskAssessment,
		OwnerID: jonas().UserID}, Template: true, ChangeSummary: "From the starter template."})
	edit(58, 2, "risk", jonas, demoRiskProcess, "Criteria aligned with the enterprise risk matrix (5x5).", nil)
	submit(52, 1, "risk", jonas)
	approve(50, 3, "risk", maria)

	create(55, 1, "control", maria, aims.NewDocument{Document: aims.Document{Title: "Control of documented information", Kind: aims.KindDocumentControl,
		OwnerID: maria().UserID, ReviewIntervalMonths: 24}, Content: demoDocumentControl, ChangeSummary: "From the starter template; roles, access and retention filled in."})
	submit(54, 2, "control", maria)
	approve(53, 1, "control", jonas)

	create(12, 2, "impact", jonas, aims.NewDocument{Document: aims.Document{Title: "AI system impact assessment process", Kind: aims.KindImpactAssessment,
		OwnerID: jonas().UserID}, Template: true, ChangeSummary: "Started from the starter template; ISO/IEC 42005 structure to be added."})

	create(25, 1, "audit", maria, aims.NewDocument{Document: aims.Document{Title: "Internal audit programme 2027", Kind: aims.KindAuditProgramme,
		OwnerID: people["Elena Petrova"].UserID}, Content: demoAuditProgramme, ChangeSummary: "Programme for 2027."})
	tl.at(25, 2, func() error { // Elena joined after the core team: name her as owner when she is known
		d, err := store.Document(ctx, maria().OrgID, docs["audit"])
		if err != nil {
			return err
		}
		d.OwnerID = people["Elena Petrova"].UserID
		_, err = store.UpdateDocument(ctx, maria(), d)
		return err
	})
	submit(19, 1, "audit", maria)
	approve(18, 2, "audit", anna) // the programme's author does not approve it

	// The LLM provider's model card, controlled as external origin.
	create(40, 3, "card", who("Tomás Ruiz"), aims.NewDocument{Document: aims.Document{Title: "Model card of the hosted language model (Ask Brightwater)",
		Kind: aims.KindExternal, Origin: aims.OriginExternal, Issuer: "Lumen Language Systems GmbH (LLM provider)", ExternalRef: "Model card v2.3, March 2026",
		OwnerID: people["Tomás Ruiz"].UserID, ReviewIntervalMonths: 6}, Content: demoModelCard, ChangeSummary: "Received with the contract renewal."})
	submit(39, 1, "card", who("Tomás Ruiz"))
	approve(38, 2, "card", jonas)
}

// demoObjectivesOwner is what the CEO asked for before approving version 1.
const demoObjectivesOwner = " The AIMS lead proposes them and the management review agrees them."

const demoPolicyV1 = `# AI policy of Brightwater Financial

## 1. Purpose
Brightwater lends to consumers. We develop AI for credit scoring and fraud detection and use AI from suppliers
for customer service and recruitment. This policy says how we want AI used here and what we commit to. It applies
to all staff and contractors and to every AI system in the AIMS scope.

## 2. Principles
- Decisions about credit are explainable to the customer and can be reviewed by a person.
- Every AI system has a named owner and an entry in the AI system inventory.
- We do not use AI for purposes the EU AI Act prohibits.

## 3. Objectives
We set measurable AI objectives each year within this policy, for fairness of credit decisions, incident
handling and staff competence.` + demoObjectivesOwner + `

## 4. Commitments
- We meet the legal and contractual requirements that apply to our AI systems, including the EU AI Act,
  the GDPR and consumer credit law.
- We keep improving the AI management system using audits, incidents, complaints and reviews.

## 5. Relation to other policies
This policy works with the Information Security Policy, the Data Protection Policy and the Model Risk
Management Policy.

## 6. Ownership and review
The CEO approves this policy; the AIMS lead owns it and reviews it every 12 months or after a significant change.
`

const demoPolicyV2 = demoPolicyV1 + `
## 7. Generative AI
- Staff use only generative AI tools on the approved list; no customer data goes into other tools.
- The customer assistant tells customers they are talking to an AI system and hands over to a person on request.
- Everyone who works with AI systems completes AI literacy training each year.
`

const demoScope = `# Scope of the AI management system

## Boundaries
The AIMS covers Brightwater Financial's consumer lending business in Germany and Austria: the credit, fraud,
customer service and HR functions, and the AI systems listed in the AI system inventory as in scope.

## Our roles
Provider and deployer of CreditLens credit scoring and card fraud detection; deployer of the customer
assistant and the CV screening service.

## Outside the scope
The research prototype of a small language model: it does not touch customers or decisions.
`

const demoRiskProcess = `# AI risk assessment process

## When
Before an AI system goes live, after a significant change, and at least every 12 months.

## Steps
1. Identify risks for the bank, for customers and for society, with the system owner and compliance.
2. Rate likelihood and consequence from 1 to 5 on the enterprise risk matrix.
3. Evaluate: low is accepted by the owner; medium is treated or accepted by the Chief Risk Officer;
   high and very high are treated and reported to the Management Board.
4. Record each risk, its owner and its level in the risk register.
`

const demoAuditProgramme = `# Internal audit programme 2027

| Quarter | Area | Auditor |
|---|---|---|
| Q1 | Clauses 4 and 5, A.2, A.3 | Elena Petrova |
| Q2 | Clause 6 and 8, A.5, A.6 (CreditLens) | external auditor under contract |
| Q3 | Clause 7, A.4, A.7, A.10 | Elena Petrova |
| Q4 | Clauses 9 and 10, A.8, A.9 | Elena Petrova |

Elena Petrova reports to the Audit Committee and audits no process she runs. The Q2 audit of model
development is bought in, since Internal Audit took part in the CreditLens validation.
`

const demoModelCard = `# Model card (summary of the supplier's document)

- Model: general-purpose large language model, hosted in the EU.
- Intended uses per the supplier: conversational assistance, summarization, retrieval-augmented answers.
- Known limitations: may state wrong facts with confidence; not evaluated for financial advice.
- Training data: public web data and licensed data up to a cut-off date; no Brightwater data.
- The full card is kept in the supplier contract file.
`

// demoDocumentControl is the starter template, filled in.
const demoDocumentControl = `# Document control procedure

## Identification
Every controlled document has a reference, a title, an owner, a kind and a version number in aims.

## Review and approval
Drafts are reviewed by the document's owner and one person from the AI governance committee, and approved by the
head of the owning function; never by their author. The AI policy and the AIMS scope are approved by top management
(the CEO), as the management designations in aims record.
An approved version is frozen; changes start a new version with a change summary.

## Availability and protection
Approved versions are available to all staff on the intranet (AIMS space) and in aims; external parties receive PDF
copies on request through the AIMS manager. Editing rights follow the aims roles: contributors draft, managers and
admins approve; the audit trail records every change.

## Retention
Superseded versions are kept for ten years after they are superseded (the retention period of our credit files) and
marked as superseded. Documents of external origin are recorded with their issuer and reference.
`
