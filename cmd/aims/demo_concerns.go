package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// demoConcerns is Brightwater's concern channel (A.3.3) and its
// communication plan (7.4): the public reporting page turned on, six
// concerns in every state of their handling, and six plan items, most
// with communications logged. Reporters' follow-up codes are random and
// not kept: only their hashes are stored, as for any reporter.
func demoConcerns(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	maria, jonas, priya, tomas := people["Maria Keller"], people["Jonas Weber"], people["Priya Nair"], people["Tomás Ruiz"]
	ago := func(days int) aims.Date { return aims.DateOf(today.Time().AddDate(0, 0, -days)) }
	code := func() string { return secret.HashToken(secret.Token("demo-code-")) }

	tl.at(72, 3, func() error {
		_, err := store.SetConcernChannel(ctx, maria, 0, aims.ChannelEnable)
		return err
	})

	// report sends a concern through the public page; triage steps later
	// read it by its ID.
	concerns := map[string]int64{}
	report := func(daysAgo int, name string, in aims.PublicConcern) {
		tl.at(daysAgo, 2, func() error {
			c, err := store.ReportConcern(ctx, maria.OrgID, in, code())
			if err != nil {
				return fmt.Errorf("concern %s: %w", name, err)
			}
			concerns[name] = c.ID
			return nil
		})
	}
	logged := func(daysAgo int, name string, by aims.Principal, c aims.Concern, system string) {
		tl.at(daysAgo, 2, func() error {
			c.AISystemID = ids[system]
			saved, err := store.CreateConcern(ctx, by, c)
			if err != nil {
				return fmt.Errorf("concern %s: %w", name, err)
			}
			concerns[name] = saved.ID
			return nil
		})
	}
	triage := func(daysAgo, hour int, name string, by aims.Principal, system string, edit func(*aims.Concern)) {
		tl.at(daysAgo, hour, func() error {
			c, err := store.Concern(ctx, by.OrgID, concerns[name])
			if err != nil {
				return err
			}
			if system != "" {
				c.AISystemID = ids[system]
			}
			edit(&c)
			if _, err := store.UpdateConcern(ctx, by, c); err != nil {
				return fmt.Errorf("triage %s: %w", name, err)
			}
			return nil
		})
	}

	// A declined applicant asks why; the answer explains the human review
	// and their rights under Art. 22 GDPR.
	report(40, "declined", aims.PublicConcern{Category: aims.ConcernTransparency, Name: "Julia Morales", Contact: "j.morales@mail.example",
		Description: "My personal loan application was declined within minutes last week. Was this decided by a computer? " +
			"Nobody could tell me why in the branch, and I have a stable job. I would like to know the reasons and have a person look at it again."})
	triage(39, 2, "declined", tomas, "CreditLens credit scoring", func(c *aims.Concern) {
		c.Status, c.Severity, c.OwnerID = aims.ConcernInvestigating, aims.SeverityMedium, tomas.UserID
		c.Resolution = "Application file pulled; asked Credit Risk to check the CreditLens inputs and the officer's review record."
	})
	triage(34, 4, "declined", tomas, "", func(c *aims.Concern) {
		c.Status = aims.ConcernResolved
		c.Resolution = "CreditLens inputs were correct. The decline was made by a credit officer after the score, as the credit policy requires; " +
			"the deciding factor was the debt-to-income ratio above our limit. The 'within minutes' impression came from the automatic " +
			"acknowledgement e-mail, which reads like a decision: raised with Marketing to reword it (see communication plan COM-3). " +
			"Offered a second review by another officer; no model issue."
		c.Answer = "Thank you for writing to us. Your application was scored by our credit scoring system and then decided by one of our credit " +
			"officers: no loan is declined by the system alone. The main reason was that the monthly repayment would have been too high compared " +
			"with your income and existing commitments.\n" +
			"Under Article 22 of the GDPR you have the right to have a person review the decision, to give your point of view and to contest it. " +
			"If you would like that, reply to customer.care@brightwater.example quoting this code, and a different credit officer will review your " +
			"application within 10 working days. You may also ask for a copy of the data we used (Article 15 GDPR)."
	})

	// An employee, anonymously, about the wellbeing monitor proposal: an
	// emotion recognition system at work, which the EU AI Act prohibits.
	report(50, "wellbeing", aims.PublicConcern{Category: aims.ConcernLegal,
		Description: "I work in the call centre. We were told that a new tool will listen to our voices during calls to detect stress and mood. " +
			"Nobody asked us and I do not want software judging my emotions. Is this even allowed? I prefer not to give my name."})
	triage(49, 1, "wellbeing", maria, "Call-centre agent wellbeing monitor", func(c *aims.Concern) {
		c.Status, c.Severity, c.OwnerID = aims.ConcernInvestigating, aims.SeverityHigh, maria.UserID
		c.Resolution = "Legal review requested: inferring emotions of employees at the workplace is prohibited by EU AI Act Art. 5(1)(f) unless for medical or safety reasons."
	})
	triage(43, 3, "wellbeing", maria, "", func(c *aims.Concern) {
		c.Status = aims.ConcernResolved
		c.Resolution = "Legal confirmed the prohibition applies (no medical or safety purpose). The AI governance board stopped the proposal; " +
			"the system is recorded as prohibited and will not be procured. Works council briefed (COM-5). Lesson: new AI at work now goes " +
			"through the EU AI Act classification before any pilot is announced."
		c.Answer = "Thank you for raising this. You were right to ask: systems that infer employees' emotions at work are prohibited under the " +
			"EU AI Act. The proposal has been stopped and the tool will not be introduced. The works council has been informed, and new AI " +
			"tools affecting staff will be checked before they are announced."
	})

	// A customer, by e-mail, about wrong information on fees from the chat
	// assistant: still being investigated.
	logged(25, "fees", tomas, aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernSafety, ReporterName: "Peter Lindqvist",
		ReporterContact: "p.lindqvist@mail.example", ReceivedOn: ago(25),
		Summary:     "Chat assistant said early repayment is free; a fee was charged",
		Description: "Customer e-mail: before repaying his car loan early he asked the app's chat assistant, which said early repayment is free of charge. He was then charged an early repayment fee of EUR 180 and asks for a refund and an explanation."},
		"Ask Brightwater customer assistant")
	triage(24, 3, "fees", tomas, "", func(c *aims.Concern) {
		c.Status, c.Severity, c.OwnerID = aims.ConcernInvestigating, aims.SeverityMedium, tomas.UserID
		c.Resolution = "Conversation log confirms the wrong answer: the retrieval index still held the 2024 fee schedule. Fee refunded as goodwill. " +
			"Open: vendor to re-index and add a fee-question test set; checking other conversations about fees since the last index update."
	})

	// A developer, in person, about the code assistant sending code out.
	logged(18, "code", priya, aims.Concern{Channel: aims.ChannelInternal, Category: aims.ConcernOther, ReceivedOn: ago(18),
		Summary:     "Code assistant may send proprietary code and secrets to the vendor",
		Description: "A developer noticed that the code assistant sends the open files to the vendor's service, including configuration files that hold connection strings for the test environment. Is our source code used to train the vendor's model?"},
		"Developer code assistant")
	triage(17, 2, "code", priya, "", func(c *aims.Concern) {
		c.Status, c.Severity, c.OwnerID = aims.ConcernTriaged, aims.SeverityHigh, priya.UserID
		c.ResponseDue = ago(3)
		c.Resolution = "Checking the vendor contract (training on customer code, retention) with Procurement; interim: exclusion list for config and secrets files."
	})

	// Out of scope: not about AI at all.
	report(30, "rates", aims.PublicConcern{Category: aims.ConcernOther, Name: "H. Becker",
		Description: "Your savings rates are far below other banks. Why do you keep lowering them while loan rates go up?"})
	triage(29, 2, "rates", tomas, "", func(c *aims.Concern) {
		c.Status, c.Severity, c.OwnerID = aims.ConcernDismissed, aims.SeverityLow, tomas.UserID
		c.Resolution = "Not about the use of AI: a complaint about savings rates. Passed to Customer Care (ticket CC-20418)."
		c.Answer = "Thank you for your message. It concerns our savings rates rather than our use of artificial intelligence, so we have passed it to our Customer Care team, who will answer you directly."
	})

	// New, not yet triaged.
	report(1, "fraud", aims.PublicConcern{Category: aims.ConcernBias,
		Description: "My card is blocked every time I pay in my home country (Morocco), three times this year, even after I told the bank I travel there every summer. " +
			"My colleagues who travel to Spain never have this. It feels like the system treats certain countries as suspicious."})

	// The communication plan.
	type send struct {
		daysAgo                int
		what, recipients, link string
		by                     aims.Principal
	}
	plan := []struct {
		by    aims.Principal
		c     aims.Communication
		sends []send
	}{
		{maria, aims.Communication{Subject: "AI policy to all staff", Audience: aims.AudienceInternal, AudienceDetail: "All staff, including contractors",
			Frequency: aims.FrequencyOnEvent, Channel: "Intranet news and an e-mail from the CEO; acknowledgement in the HR learning system",
			Content: "Each approved version of the AI policy: what it commits us to, what changes for staff, where to raise concerns.",
			OwnerID: maria.UserID, InterestedParty: "Employees"},
			[]send{{62, "AI policy (DOC-1) version 1, approved by the CEO: announcement, summary of the commitments and link to the policy", "All staff (412)", "https://intranet.brightwater.example/policies/ai-policy", maria},
				{19, "AI policy (DOC-1) version 2, approved by the CEO: what changes for generative AI tools and the customer assistant; AI literacy training for all staff", "All staff (415)", "https://intranet.brightwater.example/policies/ai-policy", maria}}},
		{maria, aims.Communication{Subject: "Quarterly AIMS update to the Management Board", Audience: aims.AudienceInternal, AudienceDetail: "Management Board",
			Frequency: aims.FrequencyQuarterly, NextDue: ago(46), Channel: "Board pack item with a 15-minute presentation",
			Content: "Status of the AI management system: inventory changes, high risks, gap analysis progress, concerns received and their handling, decisions needed.",
			OwnerID: maria.UserID, InterestedParty: "Management Board, Supervisory Board"},
			[]send{{46, "Q3 AIMS status report: 11 AI systems, gap analysis 40% assessed, prohibited-practice review of the wellbeing monitor", "Management Board", "", maria}}},
		{tomas, aims.Communication{Subject: "Customers are told they are talking to an AI (EU AI Act Art. 50(1))", Audience: aims.AudienceExternal,
			AudienceDetail: "Customers using the app and website chat", Frequency: aims.FrequencyOnEvent,
			Channel: "Greeting of every chat session and the help centre page", Content: "Reviewed whenever the assistant or its wording changes.",
			OwnerID: tomas.UserID, InterestedParty: "Customers"},
			[]send{{33, "Chat greeting updated: \"You are chatting with Ask Brightwater, an AI assistant. You can ask for a person at any time.\"; acknowledgement e-mail reworded so it no longer reads like a decision", "All chat users", "https://www.brightwater.example/help/ask-brightwater", tomas}}},
		{jonas, aims.Communication{Subject: "Annual transparency statement on credit scoring", Audience: aims.AudienceExternal,
			AudienceDetail: "Loan applicants and the public", Frequency: aims.FrequencyYearly, NextDue: ago(14),
			Channel: "Website page \"How we use AI in lending\"",
			Content: "What CreditLens does and does not do, the human review of every decline, applicants' rights under Art. 22 GDPR, and how to raise a concern through the public reporting page.",
			OwnerID: jonas.UserID, InterestedParty: "Loan applicants, consumer associations"},
			[]send{{14, "2026 statement published, with the link to the public reporting page", "Public website", "https://www.brightwater.example/ai/lending", jonas}}},
		{maria, aims.Communication{Subject: "Works council briefing before new AI at work", Audience: aims.AudienceInternal, AudienceDetail: "Works council",
			Frequency: aims.FrequencyOnEvent, Channel: "Briefing meeting with minutes, before any pilot is announced",
			Content: "Purpose, data about employees, EU AI Act classification and oversight of any AI system that affects staff.",
			OwnerID: maria.UserID, InterestedParty: "Works council, employees"},
			[]send{{44, "Briefing on the call-centre wellbeing monitor proposal and the decision to stop it (EU AI Act Art. 5(1)(f))", "Works council", "", maria}}},
		{jonas, aims.Communication{Subject: "Reporting to the supervisor", Audience: aims.AudienceExternal,
			AudienceDetail: "National financial supervisor; market surveillance authority for high-risk AI", Frequency: aims.FrequencyOnEvent,
			Channel: "Supervisor's reporting portal; e-mail to the relationship manager",
			Content: "Serious incidents of high-risk AI systems (EU AI Act Art. 73) and material changes to credit models under the model risk guidelines.",
			OwnerID: jonas.UserID, InterestedParty: "Supervisory authorities"}, nil},
	}
	for i, item := range plan {
		var id int64
		tl.at(70-i, 5, func() error {
			c, err := store.CreateCommunication(ctx, item.by, item.c)
			if err != nil {
				return fmt.Errorf("communication %q: %w", item.c.Subject, err)
			}
			id = c.ID
			return nil
		})
		for _, s := range item.sends {
			tl.at(s.daysAgo, 5, func() error {
				c, err := store.Communication(ctx, s.by.OrgID, id)
				if err != nil {
					return err
				}
				_, err = store.LogCommunication(ctx, s.by, id, aims.CommunicationSend{SentOn: ago(s.daysAgo), What: s.what,
					Recipients: s.recipients, SentByID: s.by.UserID, Link: s.link, Version: c.Version})
				return err
			})
		}
	}
}
