package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoConcerns: the demo has its public reporting page on, concerns
// in every state of their handling, and a communication plan whose items
// mostly have communications logged.
func checkDemoConcerns(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	ch, err := st.ConcernChannel(ctx, orgID)
	if err != nil || !ch.Enabled {
		t.Errorf("demo public reporting page = %+v, %v; want it on", ch, err)
	}
	page, err := st.Concerns(ctx, orgID, aims.ConcernFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total < 6 {
		t.Errorf("%d demo concerns, want at least 6", page.Total)
	}
	statuses, public, answered := map[aims.ConcernStatus]bool{}, 0, 0
	for _, c := range page.Items {
		statuses[c.Status] = true
		if c.Channel == aims.ChannelPublicForm && c.FollowUp {
			public++
		}
		if c.Answer != "" {
			answered++
		}
	}
	for _, s := range []aims.ConcernStatus{aims.ConcernNew, aims.ConcernTriaged, aims.ConcernInvestigating, aims.ConcernResolved, aims.ConcernDismissed} {
		if !statuses[s] {
			t.Errorf("no demo concern is %s", s)
		}
	}
	if public < 3 || answered < 3 {
		t.Errorf("%d public concerns and %d answered, want at least 3 of each", public, answered)
	}
	plan, err := st.Communications(ctx, orgID, aims.CommunicationFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, c := range plan.Items {
		if c.Sends > 0 {
			sent++
		}
	}
	if plan.Total < 6 || sent < 4 {
		t.Errorf("demo communication plan has %d items, %d with sends; want at least 6 and 4", plan.Total, sent)
	}
	for _, req := range []string{"A.3.3", "7.4"} {
		if sup, err := st.Supports(ctx, orgID, req, 5); err != nil || len(sup) == 0 {
			t.Errorf("no demo record supports %s (%v)", req, err)
		}
	}
}
