package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoImpactRisks: every harm of the four approved impact assessments
// links a risk of its AI system.
func checkDemoImpactRisks(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.ImpactAssessments(ctx, orgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 10}, State: aims.ImpactApproved})
	if err != nil || page.Total != 4 {
		t.Fatalf("approved demo impact assessments = %d, %v; want 4", page.Total, err)
	}
	for _, item := range page.Items {
		a, err := st.ImpactAssessment(ctx, orgID, item.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range a.Items {
			if it.Kind != aims.ImpactHarm {
				continue
			}
			r, err := st.Risk(ctx, orgID, it.RiskID)
			if err != nil || r.AISystemID != a.AISystemID {
				t.Errorf("%s harm %d links risk %d (%v), not a risk of its system", a.Ref, i+1, it.RiskID, err)
			}
			// A risk raised from the harm is assessed after it was raised.
			if !r.Assessed() || r.AssessedOn.Before(aims.DateOf(r.CreatedAt)) || r.OwnerID == 0 {
				t.Errorf("%s harm %d: %s assessed on %s, raised %s, owner %d", a.Ref, i+1, r.Ref, r.AssessedOn, r.CreatedAt, r.OwnerID)
			}
		}
	}
}
