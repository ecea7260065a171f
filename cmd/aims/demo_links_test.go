package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoLinks: the bought-in components name their suppliers, the data
// components their data sets, every objective one to three risks, and
// the links are audited edits.
func checkDemoLinks(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	tps, err := st.ThirdParties(ctx, orgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, tp := range tps.Items {
		comps, err := st.ThirdPartyComponents(ctx, orgID, tp.ID)
		if err != nil {
			t.Fatal(err)
		}
		linked += len(comps)
		if tp.Name == "Nordauskunft Kreditbüro AG" && (len(comps) != 1 || comps[0].Name != "Credit bureau score and account data feed") {
			t.Errorf("the bureau's components = %+v", comps)
		}
	}
	if linked != 5 {
		t.Errorf("demo components linked to third parties = %d, want 5", linked)
	}
	sets, err := st.Datasets(ctx, orgID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sets.Items {
		comps, err := st.DatasetComponents(ctx, orgID, d.ID)
		if err != nil || len(comps) != 1 || comps[0].Kind != aims.ComponentData || comps[0].AISystemID != d.AISystemID {
			t.Errorf("data set %s components = %+v, %v", d.Name, comps, err)
			continue
		}
		hist, err := st.History(ctx, orgID, aims.RegisterComponents, strconv.FormatInt(comps[0].ID, 10))
		if err != nil || len(hist) < 2 || !strings.Contains(fieldsOf(hist[len(hist)-1]), "dataset_id") {
			t.Errorf("data set link of %s is not in the component's history", comps[0].Name)
		}
	}
	objs, err := st.Objectives(ctx, orgID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil || objs.Total == 0 {
		t.Fatalf("demo objectives = %d, %v", objs.Total, err)
	}
	for _, o := range objs.Items {
		full, err := st.Objective(ctx, orgID, o.ID)
		if err != nil || len(full.Risks) < 1 || len(full.Risks) > 3 {
			t.Errorf("objective %q names %d risks, %v", o.Title, len(full.Risks), err)
		}
	}
	drift, err := st.Risks(ctx, orgID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 5, Q: "Score drift after interest-rate"}})
	if err != nil || drift.Total != 1 {
		t.Fatalf("drift risk = %d, %v", drift.Total, err)
	}
	if addressed, err := st.RiskObjectives(ctx, orgID, drift.Items[0].ID); err != nil || len(addressed) != 2 {
		t.Errorf("objectives addressing score drift = %d, %v; want 2", len(addressed), err)
	}
}

// fieldsOf lists an audit event's changed fields.
func fieldsOf(e aims.AuditEvent) string {
	var b strings.Builder
	for _, c := range e.Changes {
		b.WriteString(c.Field + " ")
	}
	return b.String()
}
