package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoRisk: criteria in two versions, fifteen or so risks and three
// opportunities, residual risks accepted by the CRO within medium and by
// the CEO above it, one risk still flagged, dated assessments under both
// versions, and support for 6.1.2 and 6.1.3.
func checkDemoRisk(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	crit, err := st.RiskCriteria(ctx, orgID)
	if err != nil || crit.Version != 2 || crit.Level(1, 5) != aims.LimitHigh {
		t.Errorf("criteria = v%d, %v; want version 2 with severe impacts high", crit.Version, err)
	}
	page, err := st.Risks(ctx, orgID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	risks, opportunities, flagged := 0, 0, 0
	acceptedBy, owners := map[string]int{}, map[string]int{}
	for _, r := range page.Items {
		owners[r.OwnerName]++
		// Every live risk and opportunity is assessed under the criteria
		// in force (aims check names those on a superseded version).
		if !r.Archived && r.CriteriaVersion != crit.Version {
			t.Errorf("%s %q assessed under criteria v%d, not v%d in force", r.Ref, r.Title, r.CriteriaVersion, crit.Version)
		}
		if r.Kind == aims.KindOpportunity {
			opportunities++
			continue
		}
		risks++
		if !r.Assessed() {
			t.Errorf("%s %q was never assessed", r.Ref, r.Title)
		}
		if r.AcceptedByID != 0 && r.AcceptedByID == r.OwnerID {
			t.Errorf("%s: its owner %s accepted it", r.Ref, r.OwnerName)
		}
		if r.Flagged {
			flagged++
		}
		if !r.AcceptedOn.IsZero() {
			acceptedBy[r.AcceptedBy]++
			if r.AcceptedBy == "Jonas Weber" && r.ResidualLevel.Rank() > aims.LimitMedium.Rank() {
				t.Errorf("%s: Jonas accepted %s above his limit", r.Ref, r.ResidualLevel)
			}
		}
	}
	if risks < 14 || opportunities != 3 || flagged != 1 || acceptedBy["Jonas Weber"] < 5 || acceptedBy["Anna Schmidt"] != 1 {
		t.Errorf("risks %d, opportunities %d, flagged %d, accepted %v", risks, opportunities, flagged, acceptedBy)
	}
	// The first line owns the risks: model and data, customer-facing,
	// AIMS-wide; the CRO who accepts them owns none.
	if owners["Priya Nair"] < 5 || owners["Tomás Ruiz"] < 5 || owners["Maria Keller"] < 3 || owners["Jonas Weber"] != 0 {
		t.Errorf("demo risks by owner = %v", owners)
	}
	first := page.Items[0]
	hist, err := st.RiskAssessments(ctx, orgID, first.ID)
	if err != nil || len(hist) != 2 || hist[1].CriteriaVersion != 1 || hist[0].CriteriaVersion != 2 {
		t.Errorf("%s assessments = %+v, %v; want one under each criteria version", first.Ref, hist, err)
	}
	counts, err := st.SupportCounts(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{"6.1.2", "8.2", "6.1.3", "8.3"} {
		if counts[req] == 0 {
			t.Errorf("no demo risk supports %s", req)
		}
	}
}
