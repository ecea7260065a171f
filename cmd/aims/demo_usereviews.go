package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoUseReviews are Brightwater's checks of actual against intended use
// (A.9.4): the credit model's overrides sampled, the customer assistant's
// chats read (one deviation with actions), and the CV screening ranking
// checked for the misuse its inventory entry foresees.
func demoUseReviews(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, ids map[string]int64, today aims.Date) {
	jonas, tomas, priya := people["Jonas Weber"], people["Tomás Ruiz"], people["Priya Nair"]
	ago := func(days int) aims.Date { return aims.DateOf(today.Time().AddDate(0, 0, -days)) }
	review := func(daysAgo int, by aims.Principal, system string, u aims.UseReview) {
		tl.at(daysAgo, 4, func() error {
			u.AISystemID, u.ReviewerID, u.ReviewedOn = ids[system], by.UserID, ago(daysAgo)
			if _, err := store.CreateUseReview(ctx, by, u); err != nil {
				return fmt.Errorf("use review of %s: %w", system, err)
			}
			return nil
		})
	}
	review(40, jonas, "CreditLens credit scoring", aims.UseReview{PeriodFrom: ago(130), PeriodTo: ago(41), Method: aims.UseMethodOutputs,
		ActualUse: "Sampled 120 decided applications from the quarter. Every decision was recorded by a loan officer; officers " +
			"departed from the score in 9 cases, each with a written reason. No decision was taken on the score alone, and the score " +
			"was not used for any purpose other than consumer credit decisions: our own consumer loans and, through the scoring API, Larch Mobility Leasing's " +
			"consumer car-leasing applications under its agreement (TP-5), where Larch's officers decide (checked against the scoring API's client list).",
		Outcome: aims.UseAsIntended, NextReview: ago(40).AddMonths(6)})
	review(21, tomas, "Ask Brightwater customer assistant", aims.UseReview{PeriodFrom: ago(51), PeriodTo: ago(22), Method: aims.UseMethodOutputs,
		ActualUse: "Read 300 randomly drawn conversations. 286 were general questions answered or routed as intended. In 14, customers asked " +
			"whether they could afford a loan or which product to choose, and the assistant gave an answer that reads as advice.",
		Outcome:    aims.UseDeviations,
		Deviations: "14 of 300 conversations (4.7%) drifted into individual product advice, which the intended use excludes.",
		Actions: "Refusal and hand-over to an adviser added to the assistant's instructions, released with the model switch (CHG-1); the same " +
			"questions added to the monthly test set; next sample brought forward to three months.",
		NextReview: ago(21).AddMonths(3)})
	// TalentMatch's pilot was approved 14 days ago: its first use review
	// covers the pilot's first two weeks, and the next follows monthly.
	review(1, priya, "TalentMatch CV screening", aims.UseReview{PeriodFrom: ago(14), PeriodTo: ago(2), Method: aims.UseMethodLogs,
		ActualUse: "First two weeks of the pilot: compared the ranking log with the applicant tracking system for the 2 IT vacancies " +
			"(137 applications). Only the three pilot recruiters saw rankings; every application was opened by a recruiter before its " +
			"ranking was shown, including all ranked in the bottom quarter, and no application was rejected without a recorded read.",
		Outcome: aims.UseAsIntended, NextReview: ago(1).AddMonths(1)})
}
