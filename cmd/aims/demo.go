package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// The demo organization: a mid-size European consumer lender preparing for
// ISO/IEC 42001 certification, about halfway through its gap analysis.
const (
	demoOrg      = "Brightwater Financial (demo)"
	demoPassword = "aims-demo-password"
	demoAdmin    = "maria.keller@brightwater.example"
)

type demoPerson struct {
	email, name string
	role        aims.Role
	joined      int // days ago
	until       int // days of access for an external auditor; 0 = open-ended
	ip          string
}

// demoPeople join one by one, invited by Maria, who set the organization
// up with the operator three months ago.
var demoPeople = []demoPerson{
	{demoAdmin, "Maria Keller", aims.RoleAdmin, 92, 0, "10.20.30.40"},
	{"jonas.weber@brightwater.example", "Jonas Weber", aims.RoleManager, 90, 0, "10.20.30.41"},
	{"priya.nair@brightwater.example", "Priya Nair", aims.RoleContributor, 89, 0, "10.20.30.42"},
	{"tomas.ruiz@brightwater.example", "Tomás Ruiz", aims.RoleContributor, 89, 0, "10.20.30.43"},
	{"daniel.ortiz@brightwater.example", "Daniel Ortiz", aims.RoleContributor, 88, 0, "10.20.30.44"},
	{"elena.petrova@brightwater.example", "Elena Petrova", aims.RoleAuditor, 60, 0, "10.20.30.45"},
	{"sam.oconnor@brightwater.example", "Sam O'Connor", aims.RoleViewer, 45, 0, "10.20.30.46"},
	{"lena.fischer@certbody.example", "Lena Fischer", aims.RoleAuditor, 12, 120, "203.0.113.80"},
}

// ensureDemo creates the demo organization unless it exists, and returns the
// sign-in to print. openAt opens the same database with a clock of the
// demo's own, so its history spreads over the three months it tells.
func ensureDemo(ctx context.Context, store *sqlstore.Store, openAt func(clock func() time.Time) (*sqlstore.Store, error), now time.Time) (string, error) {
	signin := demoAdmin + " / " + demoPassword + " (every demo person has this password)"
	_, err := store.OrganizationByName(ctx, demoOrg)
	if err == nil {
		return signin, nil
	}
	if !errors.Is(err, aims.ErrNotFound) {
		return "", err
	}
	clock := &demoClock{now: now}
	past, err := openAt(clock.tick)
	if err != nil {
		return "", err
	}
	defer past.Close()
	return signin, loadDemo(ctx, past, clock, now)
}

// demoClock is the demo's timeline: set to a day in the past, it moves on
// a few minutes with every step and a second with every reading, so steps
// read as a working day's and a record's times agree with its audit
// event's to the second.
type demoClock struct {
	now, t time.Time
}

// on sets the clock to days ago, at 09:00 plus hour; it never goes back,
// so two steps in the same hour follow each other.
func (c *demoClock) on(daysAgo, hour int) {
	d := c.now.UTC().AddDate(0, 0, -daysAgo)
	if t := time.Date(d.Year(), d.Month(), d.Day(), 9+hour, 0, 0, 0, time.UTC); t.After(c.t) {
		c.t = t
	}
}

// demoTimeline runs the demo's events in the order of their days, so the
// audit trail's times rise with its sequence.
type demoTimeline struct {
	clock *demoClock
	steps []demoStep
}

type demoStep struct {
	daysAgo, hour int
	do            func() error
}

func (t *demoTimeline) at(daysAgo, hour int, do func() error) {
	t.steps = append(t.steps, demoStep{daysAgo, hour, do})
}

func (t *demoTimeline) run() error {
	sort.SliceStable(t.steps, func(i, j int) bool {
		a, b := t.steps[i], t.steps[j]
		return a.daysAgo > b.daysAgo || a.daysAgo == b.daysAgo && a.hour < b.hour
	})
	for _, s := range t.steps {
		t.clock.on(s.daysAgo, s.hour)
		if err := s.do(); err != nil {
			return err
		}
		t.clock.t = t.clock.t.Add(3 * time.Minute)
	}
	return nil
}

func (c *demoClock) tick() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func loadDemo(ctx context.Context, store *sqlstore.Store, clock *demoClock, now time.Time) error {
	clock.on(92, 0)
	org, err := store.CreateOrganization(ctx, demoOrg, "demo")
	if err != nil {
		return err
	}
	hash, err := secret.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	today := aims.DateOf(now.UTC())
	people := map[string]aims.Principal{}
	join := func(tl *demoTimeline, i int, p demoPerson) {
		nm := aims.NewMember{Email: p.email, Name: p.name, Role: p.role}
		if p.until > 0 {
			nm.AccessUntil = aims.DateOf(now.AddDate(0, 0, p.until))
		}
		add := func(m aims.Member) {
			people[p.name] = aims.Principal{OrgID: org.ID, UserID: m.UserID, Email: m.Email, Name: p.name, Role: m.Role}
		}
		if i == 0 {
			tl.at(p.joined, 0, func() error {
				out, err := store.AddMemberAsOperator(ctx, org.ID, nm, hash, false, "operator root@brightwater-aims (aims user add)")
				add(out.Member)
				return err
			})
			return
		}
		// Invited by Maria, accepted the next morning.
		link := secret.HashToken(secret.Token(""))
		tl.at(p.joined, 0, func() error {
			m, err := store.AddMember(ctx, people["Maria Keller"], nm, link, nil)
			add(m)
			return err
		})
		tl.at(p.joined-1, 0, func() error {
			_, err := store.AcceptWithPassword(ctx, link, hash, p.ip)
			return err
		})
	}
	// The core team first: the rest of the timeline names them.
	founding, tl := &demoTimeline{clock: clock}, &demoTimeline{clock: clock}
	for i, p := range demoPeople {
		if p.joined >= 88 {
			join(founding, i, p)
		} else {
			join(tl, i, p)
		}
	}
	if err := founding.run(); err != nil {
		return fmt.Errorf("core team: %w", err)
	}
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	ago := func(months int) aims.Date { return today.AddMonths(-months) }

	systems := []struct {
		by aims.Principal
		a  aims.AISystem
	}{
		{priya, aims.AISystem{
			Name: "CreditLens credit scoring", Purpose: "Scores the creditworthiness of consumer loan applicants to support lending decisions.",
			IntendedUse:       "Loan officers see a score and the main factors for each application; an officer makes and records the decision.",
			ForeseeableMisuse: "Automatic rejection without review; use for pricing other products; use on business applicants.",
			OwnerID:           priya.UserID, Lifecycle: aims.StageOperation, Roles: []aims.AIRole{aims.AIRoleProvider, aims.AIRoleDeployer},
			Autonomy: aims.AutonomyAssistive, HumanOversight: "Every decline is reviewed by a second officer; officers can override the score with a recorded reason.",
			Data:    "Five years of loan applications and repayment history (internal), credit bureau data under contract.",
			Models:  "Gradient-boosted trees, retrained quarterly; monotonic constraints on income and debt features.",
			Tooling: "Python, scikit-learn, MLflow model registry, internal feature store.", Compute: "On-premises Kubernetes cluster in Frankfurt.",
			ThirdParty: "Credit bureau data feed (SCHUFA-like provider).", InScope: true, ReviewIntervalMonths: 6, LastReviewed: ago(7),
			EUAIAct: &aims.Classification{AnnexIII: "annex3.5.b", Profiling: true,
				Reasoning: "Evaluates the creditworthiness of natural persons (Annex III point 5(b)) and profiles applicants from personal data, so the Art. 6(3) derogation cannot apply. We develop it and use it ourselves: provider and deployer duties both apply."},
		}},
		{tomas, aims.AISystem{
			Name: "Ask Brightwater customer assistant", Purpose: "Answers customers' questions about accounts and products in the app and on the website.",
			IntendedUse: "General questions and guidance to the right form or person; it cannot see or change account data.", ForeseeableMisuse: "Customers treating answers as financial advice.",
			OwnerID: tomas.UserID, Lifecycle: aims.StageOperation, Roles: []aims.AIRole{aims.AIRoleDeployer}, Autonomy: aims.AutonomyHumanOnLoop,
			HumanOversight: "Hand-over to a human agent on request or low confidence; weekly review of a sample of conversations.",
			Data:           "Product documentation and FAQ; conversation logs kept 90 days.", Models: "Hosted large language model (general-purpose) with retrieval over our documents.",
			Tooling: "Vendor chatbot platform, retrieval index.", Compute: "Vendor cloud, EU region.", ThirdParty: "LLM provider under a data processing agreement.",
			InScope: true, ReviewIntervalMonths: 12, LastReviewed: ago(3),
			EUAIAct: &aims.Classification{Art50: []string{"art50.1"},
				Reasoning: "Interacts directly with customers, so they must be told they are talking to an AI system (Art. 50(1)). No Annex III use: it gives information only and takes no decision about access to credit."},
		}},
		{priya, aims.AISystem{
			Name: "Card transaction fraud detection", Purpose: "Flags card transactions that are likely fraudulent for blocking or review.",
			OwnerID: priya.UserID, Lifecycle: aims.StageOperation, Roles: []aims.AIRole{aims.AIRoleProvider, aims.AIRoleDeployer}, Autonomy: aims.AutonomyHumanOnLoop,
			HumanOversight: "Fraud analysts review blocked transactions within 30 minutes and can release them.",
			Data:           "Card transaction stream, device data, confirmed fraud labels.", Models: "Isolation forest plus gradient-boosted classifier.",
			Tooling: "Streaming platform, Python.", Compute: "On-premises cluster.", InScope: true, ReviewIntervalMonths: 12, LastReviewed: ago(14),
			EUAIAct: &aims.Classification{Reasoning: "Annex III point 5(b) excludes AI systems used to detect financial fraud; no other Annex III use, no Art. 50 situation. Minimal risk."},
		}},
		{jonas, aims.AISystem{
			Name: "TalentMatch CV screening", Purpose: "Ranks job applications against the requirements of open positions.",
			IntendedUse: "Recruiters use the ranking to decide whom to read first; every application is still read.", ForeseeableMisuse: "Rejecting applicants below a rank without reading them.",
			OwnerID: jonas.UserID, Lifecycle: aims.StageVerification, Roles: []aims.AIRole{aims.AIRoleDeployer}, Autonomy: aims.AutonomyAssistive,
			HumanOversight: "Recruiters trained on automation bias; ranking hidden for the first review of each application (pilot).",
			ThirdParty:     "SaaS recruitment vendor; model not visible to us.", InScope: true, ReviewIntervalMonths: 6,
			EUAIAct: &aims.Classification{AnnexIII: "annex3.4.a",
				Reasoning: "Filters and evaluates job applicants (Annex III point 4(a)); it influences who is considered, so no Art. 6(3) derogation. We are the deployer: Art. 26 duties, informing workers' representatives and applicants."},
		}},
		{tomas, aims.AISystem{
			Name: "Loan file summariser", Purpose: "Summarises the documents of a loan application for the officer.",
			IntendedUse: "A reading aid: the officer still reads the source documents for every decision.", OwnerID: tomas.UserID,
			Lifecycle: aims.StageDeployment, Roles: []aims.AIRole{aims.AIRoleDeveloper, aims.AIRoleDeployer}, Autonomy: aims.AutonomyAssistive,
			Models: "Hosted general-purpose language model with a fixed prompt.", ThirdParty: "LLM provider.", InScope: true, ReviewIntervalMonths: 12,
			EUAIAct: &aims.Classification{AnnexIII: "annex3.5.b", Art6_3: "art6.3.d",
				Art6_3Reason: "Prepares the file for the credit assessment; it produces no score or recommendation and the officer reviews the source documents.",
				Reasoning:    "Used in the credit process (Annex III point 5(b)) but only as a preparatory task; no profiling. Derogation documented; registration under Art. 49(2) planned."},
		}},
		{maria, aims.AISystem{
			Name: "Marketing image and copy generator", Purpose: "Drafts images and copy for marketing campaigns.", OwnerID: maria.UserID,
			Lifecycle: aims.StageOperation, Roles: []aims.AIRole{aims.AIRoleUser}, Autonomy: aims.AutonomyAssistive,
			HumanOversight: "Marketing reviews and edits every asset before publication.", ThirdParty: "Image generation SaaS.",
			InScope: false, ReviewIntervalMonths: 12, LastReviewed: ago(2),
			EUAIAct: &aims.Classification{Art50: []string{"art50.4.deepfake"},
				Reasoning: "Realistic images of people in campaigns would be deep fakes; we label generated images (Art. 50(4)). Outside the AIMS scope for now (marketing is not in scope 2026)."},
		}},
		{priya, aims.AISystem{
			Name: "Developer code assistant", Purpose: "Suggests code to software engineers in their editor.", OwnerID: priya.UserID,
			Lifecycle: aims.StageOperation, Roles: []aims.AIRole{aims.AIRoleUser}, Autonomy: aims.AutonomyAssistive, ThirdParty: "Commercial code assistant.",
			InScope: true, ReviewIntervalMonths: 12, LastReviewed: ago(13),
			EUAIAct: &aims.Classification{Reasoning: "Internal productivity tool with no effect on customers; no Annex III use, no Art. 50 situation."},
		}},
		{tomas, aims.AISystem{
			Name: "Churn prediction", Purpose: "Predicts which customers are likely to leave, for retention offers.", OwnerID: tomas.UserID,
			Lifecycle: aims.StageDesign, Roles: []aims.AIRole{aims.AIRoleDeveloper, aims.AIRoleDeployer}, Data: "Account activity, product holdings.",
			InScope: true, ReviewIntervalMonths: 12,
			IntendedUse: "Ranks current-account customers by their likelihood of closing the account within 90 days, so that the service team can choose whom to call with a retention offer. " +
				"The score is one input to a person's choice; it decides nothing about a customer on its own.",
			ForeseeableMisuse: "Using the score for credit, pricing or collections decisions; contacting customers who objected to profiling; " +
				"pushing offers to customers in financial difficulty instead of routing them to debt advice.",
			EUAIAct: &aims.Classification{Reasoning: "Minimal risk: ranks customers for retention offers only; no Annex III use (no creditworthiness, pricing or access to essential services), " +
				"no Art. 50 situation (customers do not interact with it). Profiling under the GDPR is covered by the objection flag and the DPIA."},
		}},
		{jonas, aims.AISystem{
			Name: "Call-centre agent wellbeing monitor", Purpose: "Proposed: infer agents' emotional state from their voice during calls to offer breaks.",
			OwnerID: jonas.UserID, Lifecycle: aims.StageInception, Roles: []aims.AIRole{aims.AIRoleDeployer}, InScope: true, ReviewIntervalMonths: 3,
			EUAIAct: &aims.Classification{Prohibited: []string{"art5.1.f"},
				Reasoning: "Emotion recognition in the workplace, not for medical or safety reasons: prohibited by Art. 5(1)(f). Recommendation: do not proceed; consider self-reported wellbeing check-ins instead."},
		}},
		{priya, aims.AISystem{
			Name: "In-house small language model (research)", Purpose: "Research prototype to evaluate a small model trained on public finance texts.",
			OwnerID: priya.UserID, Lifecycle: aims.StageInception, Roles: []aims.AIRole{aims.AIRoleDeveloper}, InScope: false, ReviewIntervalMonths: 12,
			EUAIAct: &aims.Classification{OutOfScope: true, OutOfScopeReason: "Scientific research and development only, not placed on the market or put into service (Art. 2(6)).",
				Reasoning: "Research only; reassess before any use in operations."},
		}},
		{jonas, aims.AISystem{
			Name: "Legacy affordability rules engine", Purpose: "Rule-based affordability checks replaced by CreditLens.", OwnerID: jonas.UserID,
			Lifecycle: aims.StageRetirement, Roles: []aims.AIRole{aims.AIRoleProvider}, InScope: false, ReviewIntervalMonths: 12,
		}},
	}
	ids := map[string]int64{}
	// The AIMS lead sets the organization's stage gate before the inventory
	// is built: besides the life-cycle records, deployment and operation
	// need an approved impact assessment of the system.
	tl.at(81, 0, func() error {
		policy := aims.DefaultGatePolicy()
		for i := range policy.Rules {
			policy.Rules[i].Requires = append(policy.Rules[i].Requires, aims.GateImpact)
		}
		_, err := store.SetGatePolicy(ctx, maria, policy)
		return err
	})
	// Why each system that already ran is registered past the gate.
	pastGate := map[string]string{
		"CreditLens credit scoring": "In production since 2023 under the model risk policy; its validation, deployment and monitoring records are being moved into the AIMS " +
			"from the model risk files, and its impact assessment is being written.",
		"Ask Brightwater customer assistant": "Live in the app since 2025 under a vendor contract signed before the AIMS; the vendor's documentation and our prompt tests " +
			"are collected and the impact assessment is under way.",
		"Card transaction fraud detection": "In production for years under the fraud team's release process; its validation reports and drift monitoring exist " +
			"outside the AIMS and are to be recorded here.",
		"Loan file summariser":               "Rolled out to credit officers in 2026 as a reading aid before the AIMS began; deployment record, user guide and logs to be recorded.",
		"Marketing image and copy generator": "A SaaS tool Marketing has used since 2025; outside the AIMS scope for 2026, registered so that the inventory is complete.",
		"Developer code assistant":           "A licensed editor plug-in in use by engineering since 2024; registered so that the inventory is complete, records under the AIMS roll-out plan.",
	}
	for i, s := range systems {
		tl.at(80-3*i, 1, func() error {
			// Systems that already ran when the AIMS began enter the
			// inventory past the stage gate: the AIMS lead registers them,
			// and the reason stays as their gate override.
			by := s.by
			if len(aims.DefaultGatePolicy().Needs(s.a.Lifecycle)) > 0 {
				by = maria
				if s.a.GateReason = pastGate[s.a.Name]; s.a.GateReason == "" {
					return fmt.Errorf("AI system %s: no reason to register it past the gate", s.a.Name)
				}
			}
			a, err := store.CreateAISystem(ctx, by, s.a)
			if err != nil {
				return fmt.Errorf("AI system %s: %w", s.a.Name, err)
			}
			ids[a.Name] = a.ID
			return nil
		})
	}
	// A little history: CreditLens gained a monthly report, the legacy
	// engine was archived.
	tl.at(20, 2, func() error {
		credit, err := store.AISystem(ctx, org.ID, ids["CreditLens credit scoring"])
		if err != nil {
			return err
		}
		credit.HumanOversight += " Monthly override-rate report to the credit committee."
		_, err = store.UpdateAISystem(ctx, jonas, credit)
		return err
	})
	tl.at(14, 3, func() error {
		_, err := store.SetAISystemArchived(ctx, jonas, ids["Legacy affordability rules engine"], 0, true)
		return err
	})

	policy := aims.GapLink{Title: "AI policy as published to staff on the intranet (the approved versions are DOC-1)", URL: "https://intranet.brightwater.example/policies/ai-policy"}
	// Links to AI systems name them: their IDs exist once the timeline
	// has created them.
	gaps := []struct {
		by      aims.Principal
		e       aims.GapEntry
		systems []string
	}{
		{maria, aims.GapEntry{RequirementID: "4.1", Status: aims.GapImplemented, OwnerID: maria.UserID, Notes: "Context analysis workshop held; issues register kept in the AIMS manual.", Links: []aims.GapLink{{Title: "AIMS manual, section 2", URL: "https://intranet.brightwater.example/aims/manual#context"}}}, nil},
		{maria, aims.GapEntry{RequirementID: "4.2", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(1), Notes: "Customers, regulator and staff covered; works council and credit bureau not yet."}, nil},
		{maria, aims.GapEntry{RequirementID: "4.3", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(-1), Notes: "Draft scope names the lending and customer-service AI systems; marketing excluded, justification pending board approval."},
			[]string{"CreditLens credit scoring", "Ask Brightwater customer assistant"}},
		{maria, aims.GapEntry{RequirementID: "4.4", Status: aims.GapPlanned, OwnerID: maria.UserID, TargetDate: today.AddMonths(3)}, nil},
		{maria, aims.GapEntry{RequirementID: "5.1", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(2), Notes: "Board sponsor named; resources for 2027 not yet approved."}, nil},
		{maria, aims.GapEntry{RequirementID: "5.2", Status: aims.GapImplemented, OwnerID: maria.UserID, Notes: "Policy approved by the board and published on the intranet.", Links: []aims.GapLink{policy}}, nil},
		{maria, aims.GapEntry{RequirementID: "5.3", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(1), Notes: "RACI drafted; not yet communicated."}, nil},
		{jonas, aims.GapEntry{RequirementID: "6.1.1", Status: aims.GapPlanned, OwnerID: jonas.UserID, TargetDate: today.AddMonths(2)}, nil},
		{jonas, aims.GapEntry{RequirementID: "6.1.2", Status: aims.GapPartial, OwnerID: jonas.UserID, TargetDate: today.AddMonths(-1), Notes: "Risk method adapted from the operational-risk framework; AI-specific risk sources (Annex C) not yet included."}, nil},
		{jonas, aims.GapEntry{RequirementID: "6.1.3", Status: aims.GapNotStarted, OwnerID: jonas.UserID, TargetDate: today.AddMonths(4), Notes: "Statement of Applicability after the risk assessment."}, nil},
		{priya, aims.GapEntry{RequirementID: "6.1.4", Status: aims.GapPartial, OwnerID: priya.UserID, TargetDate: today.AddMonths(2), Notes: "Impact criteria set; the first assessment (CreditLens) drafted on a template based on ISO/IEC 42005 clause 6."}, nil},
		{maria, aims.GapEntry{RequirementID: "6.2", Status: aims.GapImplemented, OwnerID: maria.UserID,
			Notes: "AI objectives set at the planning workshop, each linked to the AI policy with a measure, plan, resources, owner, target date and evaluation; readings recorded in the objectives register."}, nil},
		{maria, aims.GapEntry{RequirementID: "7.2", Status: aims.GapPartial, OwnerID: jonas.UserID, TargetDate: today.AddMonths(3), Notes: "AI literacy e-learning rolled out to 60% of staff."}, nil},
		{maria, aims.GapEntry{RequirementID: "7.5.1", Status: aims.GapPartial, OwnerID: maria.UserID, Notes: "Mandatory documents listed; several still drafts."}, nil},
		{priya, aims.GapEntry{RequirementID: "8.1", Status: aims.GapPartial, OwnerID: priya.UserID, TargetDate: today.AddMonths(2), Notes: "Model release checklist in use for CreditLens; not yet for vendor systems."}, nil},
		{maria, aims.GapEntry{RequirementID: "9.2.2", Status: aims.GapPlanned, TargetDate: today.AddMonths(5), Notes: "Internal audit programme 2027 drafted."}, nil},
		{maria, aims.GapEntry{RequirementID: "A.2.2", Status: aims.GapImplemented, OwnerID: maria.UserID, Links: []aims.GapLink{policy}}, nil},
		{maria, aims.GapEntry{RequirementID: "A.2.3", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(1), Notes: "Mapped against the information security and privacy policies; model risk policy pending."}, nil},
		{maria, aims.GapEntry{RequirementID: "A.2.4", Status: aims.GapPlanned, OwnerID: maria.UserID, TargetDate: today.AddMonths(10)}, nil},
		{maria, aims.GapEntry{RequirementID: "A.3.2", Status: aims.GapPartial, OwnerID: maria.UserID, TargetDate: today.AddMonths(1)}, nil},
		{jonas, aims.GapEntry{RequirementID: "A.3.3", Status: aims.GapImplemented, OwnerID: jonas.UserID, Notes: "AI concerns go through the existing whistleblowing channel (anonymous option).", Links: []aims.GapLink{{Title: "Speak-up procedure", URL: "https://intranet.brightwater.example/speak-up"}}}, nil},
		{priya, aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, OwnerID: priya.UserID, Notes: "Inventory records resources for in-house systems; vendor systems incomplete."}, []string{"CreditLens credit scoring", "Card transaction fraud detection"}},
		{priya, aims.GapEntry{RequirementID: "A.4.3", Status: aims.GapImplemented, OwnerID: priya.UserID}, []string{"CreditLens credit scoring", "Card transaction fraud detection"}},
		{priya, aims.GapEntry{RequirementID: "A.4.4", Status: aims.GapImplemented, OwnerID: priya.UserID}, []string{"CreditLens credit scoring"}},
		{priya, aims.GapEntry{RequirementID: "A.4.5", Status: aims.GapPartial, OwnerID: priya.UserID}, nil},
		{priya, aims.GapEntry{RequirementID: "A.5.2", Status: aims.GapPlanned, OwnerID: priya.UserID, TargetDate: today.AddMonths(2)}, nil},
		{priya, aims.GapEntry{RequirementID: "A.6.2.4", Status: aims.GapImplemented, OwnerID: priya.UserID, Notes: "Validation report per CreditLens release, signed off by model risk."}, []string{"CreditLens credit scoring"}},
		{priya, aims.GapEntry{RequirementID: "A.6.2.6", Status: aims.GapPartial, OwnerID: priya.UserID, TargetDate: today.AddMonths(-2), Notes: "Drift monitoring live for CreditLens; no monitoring for the customer assistant yet."}, nil},
		{priya, aims.GapEntry{RequirementID: "A.6.2.8", Status: aims.GapImplemented, OwnerID: priya.UserID}, nil},
		{tomas, aims.GapEntry{RequirementID: "A.7.4", Status: aims.GapPartial, OwnerID: tomas.UserID, TargetDate: today.AddMonths(2)}, nil},
		{tomas, aims.GapEntry{RequirementID: "A.7.5", Status: aims.GapPlanned, OwnerID: tomas.UserID, TargetDate: today.AddMonths(3)}, nil},
		{tomas, aims.GapEntry{RequirementID: "A.8.2", Status: aims.GapPartial, OwnerID: tomas.UserID, Notes: "Chatbot discloses AI use; loan officers' guide to CreditLens scores drafted."}, []string{"Ask Brightwater customer assistant"}},
		{jonas, aims.GapEntry{RequirementID: "A.10.3", Status: aims.GapPlanned, OwnerID: jonas.UserID, TargetDate: today.AddMonths(4), Notes: "AI clauses for supplier contracts with procurement."}, nil},
		{jonas, aims.GapEntry{RequirementID: "A.10.4", Status: aims.GapPartial, OwnerID: jonas.UserID, TargetDate: today.AddMonths(3),
			Notes: "Customers meet our AI in credit decisions and the chat assistant: complaints and the customer panel feed the AI policy review; not yet a standing input to impact assessments."}, nil},
	}
	for i, g := range gaps {
		tl.at(45-i, 4, func() error {
			for _, name := range g.systems {
				g.e.Links = append(g.e.Links, aims.GapLink{AISystemID: ids[name]})
			}
			if g.e.RequirementID == "9.2.2" {
				g.e.OwnerID = people["Elena Petrova"].UserID // joined after the core team
			}
			if _, err := store.UpdateGapEntry(ctx, g.by, g.e); err != nil {
				return fmt.Errorf("gap entry %s: %w", g.e.RequirementID, err)
			}
			return nil
		})
	}
	// The gap analysis catches up with the registers once the risk
	// workshop, the impact assessments and the first treatments are done:
	// each status says what the registers show, and what is still missing.
	tl.at(1, 5, func() error {
		for _, u := range []struct {
			by     aims.Principal
			req    string
			status aims.GapStatus
			owner  aims.Principal
			target int // months from today; 0 for none
			notes  string
		}{
			{jonas, "6.1.1", aims.GapPartial, jonas, 2, "Risk criteria and the register of AI risks and opportunities in place; actions planned for the three opportunities. " +
				"Not yet: the actions integrated into the AIMS processes and their effectiveness evaluated."},
			{jonas, "6.1.2", aims.GapImplemented, jonas, 0, "Risk criteria version 2 (management review MR-2026-2); risks identified at the risk workshop of 8 to 12 November with AI-specific sources, " +
				"assessed by their owners under the criteria in force, and harms from the impact assessments raised into the register and assessed."},
			{jonas, "6.1.3", aims.GapPartial, jonas, 2, "SoA v1 approved by the CEO; the treatments of the main risks name their Annex A and custom controls, so the SoA shows the risks behind each one. " +
				"Not yet: the prompt-injection risk found by the red team has no accepted treatment, and the SoA's next version with the red-team control is a draft."},
			{priya, "6.1.4", aims.GapPartial, priya, 3, "Impact criteria set and the ISO/IEC 42005-based assessment in use: CreditLens, the customer assistant, churn prediction (in design) and the TalentMatch pilot assessed and approved. " +
				"Not yet: the impact assessment process document is a draft, and fraud detection and the loan file summariser are not assessed."},
			{maria, "6.3", aims.GapImplemented, maria, 0, "Changes to the AIMS go through change requests with purpose, consequences and resources, decided by someone other than the requester; " +
				"the second-line review of AI incidents was approved, carried out and reviewed that way."},
			{priya, "8.1", aims.GapPartial, priya, 2, "Stage gate, life-cycle records, the release checklist and change requests control the in-house models; suppliers are assessed with responsibility matrices. " +
				"Not yet: the credit bureau's reassessment is overdue, and TalentMatch entered its pilot past the gate on a recorded override."},
			{jonas, "8.2", aims.GapPartial, jonas, 2, "Risk assessments performed at the workshop; after management review MR-2026-2 every live risk and opportunity was assessed again under criteria version 2 by its owner. Not yet: a planned interval for reassessment, " +
				"and the reassessment after the approved CreditLens 5.0 change is still due."},
			{jonas, "8.3", aims.GapPartial, jonas, 3, "Treatments in place for the main risks, residual risk accepted by the CRO within his limit or by the CEO above it. " +
				"Not yet: effectiveness checked for one treatment only (blocked card payments); the prompt-injection treatment is in progress."},
			{priya, "8.4", aims.GapPartial, priya, 3, "Impact assessments performed and approved for CreditLens, the customer assistant, churn prediction and the TalentMatch pilot (before it started). " +
				"Not yet: fraud detection and the loan file summariser."},
		} {
			g, err := store.GapEntry(ctx, u.by.OrgID, u.req)
			if err != nil {
				return err
			}
			g.Status, g.OwnerID, g.Notes, g.TargetDate = u.status, u.owner.UserID, u.notes, aims.Date{}
			if u.target != 0 {
				g.TargetDate = today.AddMonths(u.target)
			}
			if _, err := store.UpdateGapEntry(ctx, u.by, g); err != nil {
				return fmt.Errorf("gap entry %s: %w", u.req, err)
			}
		}
		return nil
	})
	demoAccess(ctx, store, tl, people, today)
	demoComponents(ctx, store, tl, people, ids, today)
	demoIncidents(ctx, store, tl, people, ids, today)
	demoLifecycle(ctx, store, tl, people, ids, today)
	demoRisk(ctx, store, tl, people, ids, today)
	demoThirdParty(ctx, store, tl, people, ids, today)
	demoChanges(ctx, store, tl, people, ids, today)
	demoEvidence(ctx, store, tl, people, ids, today)
	demoDocuments(ctx, store, tl, people, ids, today)
	demoProcesses(ctx, store, tl, people, ids, today)
	demoConcerns(ctx, store, tl, people, ids, today)
	demoPeopleAndCompetence(ctx, store, tl, people, ids, today)
	demoRACI(ctx, store, tl, people)
	demoContext(ctx, store, tl, people, ids, today)
	demoScopeStatement(ctx, store, tl, people, ids, today)
	demoAcknowledgements(ctx, store, tl, people, today)
	demoUseReviews(ctx, store, tl, people, ids, today)
	demoImpactRisks(ctx, store, tl, people, ids)
	demoReassess(ctx, store, tl, people)
	demoSoA(ctx, store, tl, people, ids, today)
	demoImpact(ctx, store, tl, people, ids, today)
	demoRiskPlan(ctx, store, tl, people, today)
	demoDatasets(ctx, store, tl, people, ids, today)
	demoLinks(ctx, store, tl, people, ids, today)
	return tl.run()
}

// demoAccess is the access history an access review samples: a leaver
// deactivated and later refused at sign-in, tokens made and one revoked,
// sign-ins and a mistyped password, and a colleague invited who has not
// accepted yet. No token's secret is kept. People who join later are
// looked up when their step runs.
func demoAccess(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, today aims.Date) {
	maria, priya, daniel := people["Maria Keller"], people["Priya Nair"], people["Daniel Ortiz"]
	token := func(p aims.Principal, nt aims.NewAPIToken) (aims.APIToken, error) {
		t := secret.Token("aims_")
		return store.CreateAPIToken(ctx, p, p.UserID, nt, secret.HashToken(t), t[:11])
	}
	var old aims.APIToken
	tl.at(61, 2, func() (err error) {
		old, err = token(priya, aims.NewAPIToken{Label: "Notebook experiments"})
		return err
	})
	tl.at(30, 1, func() error {
		d, err := store.Member(ctx, maria.OrgID, daniel.UserID)
		if err != nil {
			return err
		}
		if _, err := store.UpdateMember(ctx, maria, daniel.UserID, aims.MemberUpdate{Role: d.Role, Active: false, Version: d.Version}); err != nil {
			return fmt.Errorf("leaver: %w", err)
		}
		return nil
	})
	tl.at(15, 2, func() error {
		if _, err := store.RevokeAPIToken(ctx, priya, old.ID, priya.UserID); err != nil {
			return err
		}
		// The release pipeline reads the inventory with a read-only token
		// that ends with the pipeline's contract.
		_, err := token(priya, aims.NewAPIToken{Label: "Model release pipeline", ReadOnly: true, ExpiresOn: today.AddMonths(6)})
		return err
	})
	tl.at(5, 0, func() error {
		return store.SignInRefused(ctx, daniel.UserID, aims.SecuritySignInRefused, "198.51.100.23", "no active access to any organization")
	})
	ip := map[string]string{}
	for _, p := range demoPeople {
		ip[p.name] = p.ip
	}
	for _, s := range []struct {
		who     string
		daysAgo int
	}{{"Maria Keller", 3}, {"Elena Petrova", 2}, {"Lena Fischer", 1}, {"Maria Keller", 1}} {
		session := secret.HashToken(secret.Token(""))
		tl.at(s.daysAgo, 0, func() error {
			who := people[s.who]
			return store.CreateSession(ctx, session, who.UserID, who.OrgID, 8*time.Hour, ip[s.who])
		})
		tl.at(s.daysAgo, 6, func() error { return store.RevokeSession(ctx, session, ip[s.who]) })
	}
	tl.at(4, 1, func() error {
		return store.SignInRefused(ctx, people["Sam O'Connor"].UserID, aims.SecuritySignInFailed, ip["Sam O'Connor"], "wrong password")
	})
	// A new colleague was invited two days ago and has not accepted yet.
	tl.at(2, 3, func() error {
		if _, err := store.AddMember(ctx, maria, aims.NewMember{Email: "noah.brandt@brightwater.example",
			Name: "Noah Brandt", Role: aims.RoleContributor}, secret.HashToken(secret.Token("")), nil); err != nil {
			return fmt.Errorf("pending person: %w", err)
		}
		return nil
	})
}
