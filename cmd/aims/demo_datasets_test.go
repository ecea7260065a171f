package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoDatasets: three data sets; the credit model's training data has
// v3 and v4, a failing missing-income check whose re-run passed, so its
// latest results all pass; every data set supports A.7.2-A.7.6.
func checkDemoDatasets(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.Datasets(ctx, orgID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil || page.Total != 3 {
		t.Fatalf("demo data sets = %d, %v; want 3", page.Total, err)
	}
	var loans aims.Dataset
	for _, d := range page.Items {
		if d.Name == "Loan applications 2019-2025" {
			loans = d
		}
	}
	if loans.AISystemName != "CreditLens credit scoring" || loans.Source == "" || loans.Provenance == "" || loans.Retention == "" {
		t.Fatalf("demo loan applications = %+v", loans)
	}
	versions, _ := st.DatasetVersions(ctx, orgID, loans.ID, 10)
	if len(versions) != 2 || versions[0].Label != "v4" || versions[1].Label != "v3" {
		t.Errorf("demo loan application versions = %+v", versions)
	}
	checks, _ := st.DatasetChecks(ctx, orgID, loans.ID, 20)
	failed := 0
	for _, c := range checks {
		if c.Result == aims.CheckFail && c.Requirement == "Missing income values" && c.Measured == "3.1%" {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("demo: the failing missing-income check is missing: %+v", checks)
	}
	for _, c := range aims.LatestChecks(checks) {
		if c.Result != aims.CheckPass {
			t.Errorf("demo: latest %q failed; the re-run should have passed", c.Requirement)
		}
	}
	for _, req := range []string{"A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"} {
		sup, err := st.Supports(ctx, orgID, req, 20)
		n := 0
		for _, s := range sup {
			if s.Register == aims.RegisterDatasets {
				n++
			}
		}
		if err != nil || n != 3 {
			t.Errorf("%s supported by %d demo data sets, %v; want 3", req, n, err)
		}
	}
}
