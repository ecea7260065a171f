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
	}
	if deviations != 1 {
		t.Errorf("demo use reviews with deviations = %d, want 1", deviations)
	}
	if sup, err := st.Supports(ctx, orgID, "A.9.4", 10); err != nil || len(sup) != 3 {
		t.Errorf("A.9.4 supported by %d demo records, %v; want 3", len(sup), err)
	}
}
