package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoPeopleAndCompetence is Brightwater's people in the AIMS, its
// competence catalogue, its AIMS roles and the records of how people
// gained competence: some current, some about to expire, one lapsed, and
// one course judged not effective and followed up with mentoring, so the
// competence gap view shows what an auditor would expect to probe.
// Members are linked to their accounts; the CEO, the engineers and loan
// officers, the works council and the external DPO have no sign-in.
func demoPeopleAndCompetence(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	_ = ids // the roles name the systems in their text; no record links to them yet
	day := func(daysAgo int) aims.Date { return aims.DateOf(today.Time().AddDate(0, 0, -daysAgo)) }
	staff := map[string]aims.Staff{}
	comps := map[string]aims.Competence{}
	roles := map[string]aims.AIMSRole{}

	competences := []aims.Competence{
		{Name: "AI literacy (EU AI Act Art. 4)", Kind: aims.CompetenceAwareness, ValidityMonths: 12,
			Description:  "Knows what AI systems Brightwater uses, what they can and cannot do, the AI policy, and their own part in using them responsibly.",
			Demonstrated: "Annual e-learning with a final quiz (pass mark 80%)."},
		{Name: "ISO/IEC 42001 internal auditor", Kind: aims.CompetenceQualification, ValidityMonths: 36,
			Description:  "Can plan and run internal audits of the AI management system against ISO/IEC 42001 and ISO 19011.",
			Demonstrated: "Certificate from an accredited internal or lead auditor course, and one audit observed by a qualified auditor."},
		{Name: "Model risk validation", Kind: aims.CompetenceSkill, ValidityMonths: 24,
			Description:  "Independently validates credit models: conceptual soundness, data, performance, stability and limits of use.",
			Demonstrated: "A validation report reviewed and signed off by the Head of Model Risk."},
		{Name: "Fairness testing of credit models", Kind: aims.CompetenceSkill, ValidityMonths: 24,
			Description:  "Tests scoring and pricing models for unjustified differences between groups, chooses metrics, explains results.",
			Demonstrated: "A fairness test report on a production model, peer-reviewed."},
		{Name: "Data protection for AI (GDPR)", Kind: aims.CompetenceKnowledge, ValidityMonths: 24,
			Description:  "Lawful basis, data minimisation, Art. 22 automated decisions and DPIAs as they apply to models and their data.",
			Demonstrated: "DPO-led workshop with a case exercise."},
		{Name: "LLM prompt-injection awareness", Kind: aims.CompetenceAwareness, ValidityMonths: 12,
			Description:  "Recognises prompt injection, data leakage and jailbreaks in LLM assistants and knows how to report them.",
			Demonstrated: "Briefing and a hands-on red-teaming session."},
		{Name: "AI incident handling", Kind: aims.CompetenceKnowledge, ValidityMonths: 12,
			Description:  "Knows the AI incident procedure: triage, severity, EU AI Act serious-incident deadlines, communication.",
			Demonstrated: "Tabletop exercise."},
		{Name: "Credit-decision human oversight", Kind: aims.CompetenceSkill, ValidityMonths: 12,
			Description:  "Reviews model-assisted credit decisions with understanding of the score's limits, avoids automation bias, documents overrides.",
			Demonstrated: "Training with a case review of 20 files, scored by a senior credit officer (pass mark 80%)."},
	}
	tl.at(70, 1, func() error {
		for _, c := range competences {
			out, err := store.CreateCompetence(ctx, people["Maria Keller"], c)
			if err != nil {
				return fmt.Errorf("competence %s: %w", c.Name, err)
			}
			comps[c.Name] = out
		}
		return nil
	})

	type person struct {
		daysAgo     int
		name, title string
		unit, email string
		member      string // the account's name, when the person signs in
		start       int    // years with Brightwater
		left        bool
		leftDaysAgo int
	}
	persons := []person{
		{69, "Anna Schmidt", "Chief Executive Officer", "Executive board", "anna.schmidt@brightwater.example", "Anna Schmidt", 9, false, 0},
		{69, "Maria Keller", "AI governance lead", "Risk and compliance", "maria.keller@brightwater.example", "Maria Keller", 6, false, 0},
		{69, "Jonas Weber", "Chief Risk Officer", "Risk and compliance", "jonas.weber@brightwater.example", "Jonas Weber", 7, false, 0},
		{69, "Priya Nair", "Data science lead", "Data science", "priya.nair@brightwater.example", "Priya Nair", 4, false, 0},
		{69, "Tomás Ruiz", "Customer service lead", "Customer service", "tomas.ruiz@brightwater.example", "Tomás Ruiz", 5, false, 0},
		{69, "Daniel Ortiz", "ML engineer", "Data science", "daniel.ortiz@brightwater.example", "Daniel Ortiz", 2, false, 0},
		{69, "Felix Braun", "Senior ML engineer", "Data science", "felix.braun@brightwater.example", "", 3, false, 0},
		{69, "Aylin Demir", "ML engineer", "Data science", "aylin.demir@brightwater.example", "", 1, false, 0},
		{69, "Marco Rossi", "Senior loan officer", "Consumer lending", "marco.rossi@brightwater.example", "", 8, false, 0},
		{69, "Sofia Lindqvist", "Loan officer", "Consumer lending", "sofia.lindqvist@brightwater.example", "", 1, false, 0},
		{69, "Lukas Meier", "Loan officer", "Consumer lending", "lukas.meier@brightwater.example", "", 3, true, 35},
		{69, "Katrin Vogel", "Works council member", "Works council", "", "", 12, false, 0},
		{69, "Henrik Lund", "External data protection officer (DataSafe GmbH)", "External", "dpo@datasafe.example", "", 3, false, 0},
		{58, "Elena Petrova", "Internal auditor", "Internal audit", "elena.petrova@brightwater.example", "Elena Petrova", 0, false, 0},
		{43, "Sam O'Connor", "Compliance analyst", "Risk and compliance", "sam.oconnor@brightwater.example", "Sam O'Connor", 0, false, 0},
	}
	for _, p := range persons {
		tl.at(p.daysAgo, 2, func() error {
			s := aims.Staff{Name: p.name, JobTitle: p.title, Unit: p.unit, Email: p.email, StartDate: today.AddMonths(-12 * p.start)}
			if p.start == 0 {
				s.StartDate = day(p.daysAgo + 2)
			}
			if p.member != "" {
				s.UserID = people[p.member].UserID
			}
			out, err := store.CreatePerson(ctx, people["Maria Keller"], s)
			if err != nil {
				return fmt.Errorf("person %s: %w", p.name, err)
			}
			staff[p.name] = out
			return nil
		})
	}
	// Lukas Meier moves to a bank across town; his role ends with him.
	tl.at(35, 4, func() error {
		s := staff["Lukas Meier"]
		s.Left, s.LeftOn = true, day(35)
		out, err := store.UpdatePerson(ctx, people["Maria Keller"], s)
		staff["Lukas Meier"] = out
		return err
	})

	type role struct {
		daysAgo                int
		name, reportsTo        string
		responsibilities, auth string
		competences, people    []string
	}
	literacy, auditor, validation, fairness := "AI literacy (EU AI Act Art. 4)", "ISO/IEC 42001 internal auditor", "Model risk validation", "Fairness testing of credit models"
	privacy, injection, incidents, oversight := "Data protection for AI (GDPR)", "LLM prompt-injection awareness", "AI incident handling", "Credit-decision human oversight"
	roleList := []role{
		{68, "AIMS manager", "",
			"Runs the AI management system day to day and reports on its performance to the executive board.\nKeeps the AI policy, scope and Statement of Applicability current.\nPlans the internal audit programme with Internal Audit and prepares management reviews.",
			"May stop the release of an AI system that lacks an approved impact assessment.\nMay call an extraordinary management review.",
			[]string{literacy, incidents, privacy}, []string{"Maria Keller"}},
		{68, "AI risk owner", "AIMS manager",
			"Owns the AI risk register and the risk treatment plan; proposes acceptance of residual risk to designated management.",
			"May require a model revalidation before any material change goes live.",
			[]string{literacy, validation}, []string{"Jonas Weber"}},
		{68, "Model owner", "AI risk owner",
			"Answers for a model through its life cycle: data, development, validation evidence, monitoring and retirement (CreditLens scoring, collections prioritisation).",
			"May roll a model back to its last validated version.",
			[]string{literacy, validation, fairness, privacy}, []string{"Priya Nair", "Felix Braun"}},
		{68, "Human oversight reviewer (loan officer)", "AI risk owner",
			"Reviews every declined or referred credit decision proposed by CreditLens before it is communicated, and documents overrides with reasons.",
			"May overturn the model's proposal; escalates patterns of doubtful proposals to the model owner.",
			[]string{literacy, oversight}, []string{"Marco Rossi", "Sofia Lindqvist", "Lukas Meier"}},
		{68, "AI system product owner", "AIMS manager",
			"Owns the customer service assistant as a product: intended use, user information, feedback and incidents from customers.",
			"May take the assistant offline when it behaves outside its intended use.",
			[]string{literacy, injection, incidents}, []string{"Tomás Ruiz", "Daniel Ortiz"}},
		{57, "Internal auditor", "",
			"Audits the AIMS against ISO/IEC 42001 and Brightwater's own requirements, independently of the activities audited; reports to the audit committee of the supervisory board.",
			"Unrestricted access to AIMS records and people for the audits in the programme.",
			[]string{literacy, auditor}, []string{"Elena Petrova"}},
	}
	for _, r := range roleList {
		tl.at(r.daysAgo, 3, func() error {
			in := aims.AIMSRole{Name: r.name, Responsibilities: r.responsibilities, Authorities: r.auth, ReportsToID: roles[r.reportsTo].ID}
			for _, c := range r.competences {
				in.Competences = append(in.Competences, aims.RoleCompetence{CompetenceID: comps[c].ID})
			}
			for _, p := range r.people {
				in.People = append(in.People, aims.RoleAssignment{StaffID: staff[p].ID, From: day(r.daysAgo)})
			}
			out, err := store.CreateAIMSRole(ctx, people["Maria Keller"], in)
			if err != nil {
				return fmt.Errorf("role %s: %w", r.name, err)
			}
			roles[r.name] = out
			return nil
		})
	}
	// Lukas's assignment ends the day he leaves.
	tl.at(35, 5, func() error {
		r := roles["Human oversight reviewer (loan officer)"]
		for i := range r.People {
			if r.People[i].StaffID == staff["Lukas Meier"].ID {
				r.People[i].Until = day(35)
			}
		}
		out, err := store.UpdateAIMSRole(ctx, people["Maria Keller"], r)
		roles[r.Name] = out
		return err
	})

	type record struct {
		daysAgo           int // when it was entered
		who, competence   string
		kind              aims.RecordKind
		title, provider   string
		completed         int // days ago
		evidence          string
		eff               aims.Effectiveness
		method, evaluator string
	}
	quiz := "E-learning final quiz"
	records := []record{
		{66, "Maria Keller", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 200, "LMS completion report 2026-Q2", aims.Effective, quiz + ", 94%", "Brightwater Academy"},
		{66, "Maria Keller", incidents, aims.RecordTraining, "AI incident tabletop exercise", "Risk and compliance", 150, "Exercise minutes AIMS-EX-01", aims.Effective, "Observed during the exercise; actions completed", "Jonas Weber"},
		{66, "Maria Keller", privacy, aims.RecordTraining, "Data protection for AI workshop", "DataSafe GmbH", 400, "Attendance list DPO-WS-2025-03", aims.Effective, "Case exercise marked by the DPO", "Henrik Lund"},
		{66, "Jonas Weber", literacy, aims.RecordTraining, "AI literacy e-learning 2025", "Brightwater Academy", 335, "LMS completion report 2025-Q4", aims.Effective, quiz + ", 88%", "Brightwater Academy"},
		{66, "Jonas Weber", validation, aims.RecordExperience, "Seven years leading model validation", "", 700, "CV and validation reports MV-2023-04 to MV-2025-11", aims.Effective, "Review of the last three validation reports", "Anna Schmidt"},
		{65, "Priya Nair", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 120, "LMS completion report 2026-Q2", aims.Effective, quiz + ", 97%", "Brightwater Academy"},
		{65, "Priya Nair", validation, aims.RecordTraining, "Model risk management for credit models", "External training provider", 500, "Certificate MRM-88213", aims.Effective, "Validation of collections model reviewed by Jonas Weber", "Jonas Weber"},
		{65, "Priya Nair", fairness, aims.RecordSelfStudy, "Fairness metrics for credit scoring", "Self-study with peer review", 180, "Fairness report CreditLens 4.1, reviewed", aims.PartlyEff, "Peer review of the fairness report: sound metrics, thin explanation of thresholds", "Felix Braun"},
		{65, "Priya Nair", privacy, aims.RecordTraining, "Data protection for AI workshop", "DataSafe GmbH", 400, "Attendance list DPO-WS-2025-03", aims.Effective, "Case exercise marked by the DPO", "Henrik Lund"},
		{65, "Felix Braun", literacy, aims.RecordTraining, "AI literacy e-learning 2025", "Brightwater Academy", 380, "LMS completion report 2025-Q3", aims.Effective, quiz + ", 91%", "Brightwater Academy"},
		{65, "Felix Braun", validation, aims.RecordMentoring, "Validation of the collections model under supervision", "Jonas Weber", 260, "Validation report MV-2026-02", aims.Effective, "Report signed off without major findings", "Jonas Weber"},
		{64, "Marco Rossi", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 90, "LMS completion report 2026-Q3", aims.Effective, quiz + ", 85%", "Brightwater Academy"},
		{64, "Marco Rossi", oversight, aims.RecordTraining, "Reviewing CreditLens proposals", "Credit risk", 390, "Training record CR-HO-2025-1", aims.Effective, "Case review of 20 files, 18 correct", "Jonas Weber"},
		{64, "Tomás Ruiz", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 100, "LMS completion report 2026-Q3", aims.Effective, quiz + ", 90%", "Brightwater Academy"},
		{64, "Tomás Ruiz", injection, aims.RecordTraining, "Prompt injection and LLM red-teaming session", "Data science", 320, "Session slides and attendance", aims.Effective, "Found two injections in the red-teaming exercise", "Priya Nair"},
		{63, "Daniel Ortiz", injection, aims.RecordTraining, "Prompt injection and LLM red-teaming session", "Data science", 320, "Session slides and attendance", aims.NotEvaluated, "", ""},
		{56, "Elena Petrova", auditor, aims.RecordQualification, "ISO/IEC 42001 Lead Auditor", "Accredited training body", 600, "Certificate LA-42001-5521", aims.Effective, "Certificate verified with the training body at hiring; first observed audit planned", "Maria Keller"},
		{56, "Elena Petrova", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 57, "LMS completion report 2026-Q3", aims.Effective, quiz + ", 100%", "Brightwater Academy"},
		{30, "Anna Schmidt", literacy, aims.RecordTraining, "AI literacy for the executive board", "Brightwater Academy", 31, "Board briefing minutes 2026-10", aims.Effective, "Discussion of the AI policy in the board meeting", "Maria Keller"},
		{30, "Katrin Vogel", literacy, aims.RecordTraining, "AI literacy e-learning 2026", "Brightwater Academy", 31, "LMS completion report 2026-Q4", aims.NotEvaluated, "", ""},
	}
	for _, r := range records {
		tl.at(r.daysAgo, 4, func() error {
			in := aims.CompetenceRecord{StaffID: staff[r.who].ID, CompetenceID: comps[r.competence].ID, Kind: r.kind, Title: r.title,
				Provider: r.provider, CompletedOn: day(r.completed), Evidence: r.evidence, Effectiveness: r.eff, EvaluationMethod: r.method, EvaluatedBy: r.evaluator}
			if r.eff != aims.NotEvaluated {
				// Two weeks after completion, but never before the record
				// existed for someone hired since (Elena: at hiring).
				in.EvaluatedOn = day(max(r.completed-14, r.daysAgo))
				if r.completed-14 > r.daysAgo+30 && staff[r.who].StartDate.After(day(r.completed-14)) {
					in.EvaluatedOn = day(r.daysAgo)
				}
			}
			if _, err := store.CreateCompetenceRecord(ctx, people["Maria Keller"], in); err != nil {
				return fmt.Errorf("record %s / %s: %w", r.who, r.competence, err)
			}
			return nil
		})
	}
	// Sofia's oversight training: the case review shows it did not work
	// (she accepted the model's proposal on files she should have queried),
	// so a mentoring follow-up with Marco, which did.
	var sofia aims.CompetenceRecord
	tl.at(50, 4, func() (err error) {
		sofia, err = store.CreateCompetenceRecord(ctx, people["Jonas Weber"], aims.CompetenceRecord{StaffID: staff["Sofia Lindqvist"].ID,
			CompetenceID: comps[oversight].ID, Kind: aims.RecordTraining, Title: "Reviewing CreditLens proposals", Provider: "Credit risk",
			CompletedOn: day(52), Evidence: "Training record CR-HO-2026-2"})
		return err
	})
	tl.at(40, 2, func() (err error) {
		sofia.Effectiveness, sofia.EvaluatedOn, sofia.EvaluatedBy = aims.NotEffective, day(40), "Jonas Weber"
		sofia.EvaluationMethod = "Case review of 20 files: 11 correct; accepted the model's proposal on 6 files with contradicting income evidence. Follow-up: mentoring by a senior loan officer."
		sofia, err = store.UpdateCompetenceRecord(ctx, people["Jonas Weber"], sofia)
		return err
	})
	tl.at(12, 2, func() error {
		_, err := store.CreateCompetenceRecord(ctx, people["Jonas Weber"], aims.CompetenceRecord{StaffID: staff["Sofia Lindqvist"].ID,
			CompetenceID: comps[oversight].ID, Kind: aims.RecordMentoring, Title: "Four weeks of paired file reviews", Provider: "Marco Rossi",
			CompletedOn: day(14), Evidence: "Mentoring log and second case review", Effectiveness: aims.Effective,
			EvaluationMethod: "Second case review of 20 files: 19 correct, overrides documented", EvaluatedOn: day(12), EvaluatedBy: "Jonas Weber"})
		return err
	})
	tl.at(44, 1, func() error {
		_, err := store.CreateCompetenceRecord(ctx, people["Maria Keller"], aims.CompetenceRecord{StaffID: staff["Sofia Lindqvist"].ID,
			CompetenceID: comps[literacy].ID, Kind: aims.RecordTraining, Title: "AI literacy e-learning 2026", Provider: "Brightwater Academy",
			CompletedOn: day(45), Evidence: "LMS completion report 2026-Q3", Effectiveness: aims.Effective, EvaluationMethod: quiz + ", 82%",
			EvaluatedOn: day(45), EvaluatedBy: "Brightwater Academy"})
		return err
	})
}
