package main

import (
	"context"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoRiskPlan: a week ago, once the treatments decided after the
// management review were in place and accepted, Jonas Weber approved the
// risk treatment plan as version 1 as Chief Risk Officer (the Board's
// resolution BR-2026-07 gives the CRO that approval). Since then the red
// team found the prompt-injection risk and the first effectiveness check
// came in, so the plan page and his due work say version 2 is needed.
func demoRiskPlan(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, today aims.Date) {
	tl.at(7, 2, func() error {
		jonas := people["Jonas Weber"]
		plan, err := store.RiskPlan(ctx, jonas.OrgID) // the plan he reads and approves
		if err != nil {
			return err
		}
		_, err = store.ApproveRiskPlan(ctx, jonas, aims.RiskPlanApproval{ApprovedOn: today.AddDays(-7), Number: plan.Next, Digest: plan.Digest,
			Note: "First plan after management review MR-2026-2: treatments decided and residual risks accepted by the CRO and, above medium, by the CEO."})
		return err
	})
}
