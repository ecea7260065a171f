package main

import (
	"context"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoThirdParties: the demo's suppliers and customer each have a
// matrix; the LLM vendor's assessment has conditions, the credit bureau's
// reassessment is overdue, the customer is owed information, and the
// gap analysis counts them for A.10.2, A.10.3, A.10.4 and 8.1.
func checkDemoThirdParties(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.ThirdParties(ctx, orgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil || page.Total != 8 {
		t.Fatalf("demo third parties = %d, %v; want 8", page.Total, err)
	}
	today := aims.DateOf(time.Now().UTC())
	byName := map[string]aims.ThirdParty{}
	for _, it := range page.Items {
		tp, err := st.ThirdParty(ctx, orgID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		byName[tp.Name] = tp
		if tp.Status == aims.RelationActive && len(tp.Responsibilities) == 0 {
			t.Errorf("demo third party %s has no responsibility matrix", tp.Name)
		}
		if len(tp.AISystemIDs) == 0 {
			t.Errorf("demo third party %s concerns no AI system", tp.Name)
		}
	}
	if v := byName["Aurora Language Models GmbH"]; v.LastResult != aims.ResultAcceptableConditions || v.PartyID == 0 || v.Assessments[0].Conditions == "" {
		t.Errorf("demo LLM vendor = %+v", v)
	}
	if b := byName["Nordauskunft Kreditbüro AG"]; !b.AssessmentOverdue(today) || b.PartyID == 0 {
		t.Errorf("demo credit bureau's assessment is not overdue: next %s", b.NextAssessment)
	}
	if c := byName["Larch Mobility Leasing GmbH"]; c.Kind != aims.ThirdPartyCustomer || len(c.Commitments) < 3 {
		t.Errorf("demo customer = %+v", c)
	}
	counts, err := st.SupportCounts(ctx, orgID)
	if err != nil || counts["A.10.2"] < 4 || counts["A.10.3"] < 3 || counts["A.10.4"] != 1 || counts["8.1"] < 3 {
		t.Errorf("demo third parties support %v, %v", counts, err)
	}
}
