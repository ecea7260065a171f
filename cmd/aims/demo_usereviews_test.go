package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoUseReviews: three use reviews, one with deviations and actions,
// and every one current evidence of A.9.4.
func checkDemoUseReviews(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.UseReviews(ctx, orgID, aims.UseReviewFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil || page.Total != 3 {
		t.Fatalf("demo use reviews = %d, %v; want 3", page.Total, err)
	}
	deviations := 0
	for _, u := range page.Items {
		if u.IntendedUse == "" || u.ReviewerName == "" {
			t.Errorf("%s lacks the intended use it checked against or its reviewer", u.Ref)
		}
		if u.Outcome != aims.UseAsIntended {
			deviations++
		}
		// A review of actual use comes after the use: after the system's
		// deployment approval, and for a system first deployed by that
		// approval (the TalentMatch pilot), over a period after it.
		records, err := st.SystemLifecycleRecords(ctx, orgID, u.AISystemID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			if r.Kind != aims.KindDeployment || !r.Approved() {
				continue
			}
			if u.ReviewedOn.Before(r.ApprovedOn) || u.AISystemName == "TalentMatch CV screening" && u.PeriodFrom.Before(r.ApprovedOn) {
				t.Errorf("%s of %s reviews %s to %s on %s, before its deployment approval of %s", u.Ref, u.AISystemName, u.PeriodFrom, u.PeriodTo, u.ReviewedOn, r.ApprovedOn)
			}
		}
	}
	if deviations != 1 {
		t.Errorf("demo use reviews with deviations = %d, want 1", deviations)
	}
	if sup, err := st.Supports(ctx, orgID, "A.9.4", 10); err != nil || len(sup) != 3 {
		t.Errorf("A.9.4 supported by %d demo records, %v; want 3", len(sup), err)
	}
}
