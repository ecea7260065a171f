package main

import (
	"context"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoLifecycle: CreditLens has every record its stage needs, with a
// validation whose criteria all passed, a deployment approved by Jonas
// Weber and monthly readings, one outside its threshold with a note; the
// churn model's validation has not passed; TalentMatch entered deployment
// through a recorded override; the gap analysis counts A.6.2.4 to A.6.2.8.
func checkDemoLifecycle(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	systems := map[string]aims.AISystem{}
	page, err := st.AISystems(ctx, orgID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Items {
		systems[a.Name] = a
	}
	credit := systems["CreditLens credit scoring"]
	for _, stage := range []aims.Lifecycle{aims.StageDeployment, aims.StageOperation} {
		if gaps, err := st.StageGate(ctx, orgID, credit.ID, stage); err != nil || len(gaps) != 0 {
			t.Errorf("CreditLens gate for %s: %+v, %v", stage, gaps, err)
		}
	}
	records, err := st.SystemLifecycleRecords(ctx, orgID, credit.ID)
	if err != nil || len(records) != 9 {
		t.Fatalf("CreditLens records: %d, %v", len(records), err)
	}
	kinds := map[aims.LifecycleKind]int{}
	for _, r := range records {
		kinds[r.Kind]++
		switch r.Kind {
		case aims.KindVerification:
			if !r.AllPass() || len(r.Criteria) != 7 || r.ApprovedByName != "Jonas Weber" {
				t.Errorf("CreditLens validation = %+v", r)
			}
		case aims.KindDeployment:
			if r.ApprovedByName != "Jonas Weber" || r.AuthorName != "Priya Nair" || r.Conditions == "" {
				t.Errorf("CreditLens deployment = %+v", r)
			}
		case aims.KindOperation:
			readings, err := st.LifecycleReadings(ctx, orgID, r.ID, 100)
			out := 0
			for _, x := range readings {
				if !x.OK {
					out++
					if !strings.Contains(x.Note, "Root-cause") {
						t.Errorf("out-of-threshold reading without its note: %+v", x)
					}
				}
			}
			if err != nil || len(readings) != 15 || out != 1 || r.ReadingOverdue(aims.DateOf(r.UpdatedAt)) {
				t.Errorf("CreditLens readings: %d (%d out), %v", len(readings), out, err)
			}
		}
	}
	if kinds[aims.KindEventLog] != 2 || kinds[aims.KindDocumentation] != 2 {
		t.Errorf("CreditLens records by kind: %v", kinds)
	}
	if gaps, _ := st.StageGate(ctx, orgID, systems["Churn prediction"].ID, aims.StageDeployment); len(gaps) != 4 {
		t.Errorf("churn model gaps: %+v", gaps)
	}
	talent := systems["TalentMatch CV screening"]
	overrides, err := st.GateOverrides(ctx, orgID, talent.ID)
	if err != nil || len(overrides) != 1 || talent.Lifecycle != aims.StageDeployment || overrides[0].ByName != "Maria Keller" ||
		strings.Join(overrides[0].Missing, ",") != "verification-passed,documentation-users" {
		t.Errorf("TalentMatch override: %+v, %v (stage %s)", overrides, err, talent.Lifecycle)
	}
	counts, err := st.SupportCounts(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{"A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8"} {
		if counts[req] == 0 {
			t.Errorf("no demo record supports %s", req)
		}
	}
}
