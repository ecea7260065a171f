package main

import (
	"context"
	"strings"
	"testing"

	"aims/internal/sqlstore"
)

// checkDemoRiskPlan: version 1 approved by the CRO a week ago, and the plan
// changed since by the prompt-injection risk found afterwards.
func checkDemoRiskPlan(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	plan, err := st.RiskPlan(context.Background(), orgID)
	if err != nil || plan.Latest == nil || plan.Latest.Number != 1 || plan.Latest.ApproverName != "Jonas Weber" ||
		plan.Latest.DesignationPosition != "Chief Risk Officer" || plan.Latest.RowCount < 10 {
		t.Fatalf("demo risk plan = %+v, %v", plan.Latest, err)
	}
	t.Logf("demo risk plan v1: %d rows; changed since: %v", plan.Latest.RowCount, plan.Changes)
	if !plan.Changed || !strings.Contains(strings.Join(plan.Changes, "; "), " added") {
		t.Errorf("demo risk plan changes since v1 = %v, want the new risk added", plan.Changes)
	}
}
