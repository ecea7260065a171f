package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoSoA: the demo's SoA has five custom controls (one
// excluded), version 1 approved by the CEO under her designation with
// every row consistent, and a draft that differs from it.
func checkDemoSoA(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	versions, err := st.SoAVersions(ctx, orgID)
	if err != nil || len(versions) != 1 {
		t.Fatalf("demo SoA versions = %+v, %v", versions, err)
	}
	v, err := st.SoAVersion(ctx, orgID, versions[0].ID)
	if err != nil || v.Number != 1 || v.ApproverName != "Anna Schmidt" || v.DesignationPosition != "Chief Executive Officer" || len(v.Rows) != 42 {
		t.Fatalf("demo SoA v1 = %+v (%d rows), %v", v, len(v.Rows), err)
	}
	excluded := 0
	for _, r := range v.Rows {
		if p := r.Problems(); len(p) > 0 {
			t.Errorf("demo SoA v1 row %s: %v", r.Ref, p)
		}
		if !r.Applicable {
			excluded++
		}
		// A control included for a risk is chosen by a live risk's treatment.
		if r.Applicable && r.Reason == aims.ReasonRisk && len(r.Risks) == 0 {
			t.Errorf("demo SoA v1 row %s is included for a risk that no risk's treatment chooses", r.Ref)
		}
	}
	if excluded != 1 {
		t.Errorf("demo SoA v1 excludes %d controls, want 1", excluded)
	}
	page, err := st.CustomControls(ctx, orgID, aims.CustomControlFilter{ListParams: aims.ListParams{Limit: 10}})
	if err != nil || page.Total != 5 {
		t.Errorf("demo custom controls = %d, %v", page.Total, err)
	}
	var draft []aims.SoARow
	for _, r := range v.Rows { // the draft is read with the same Annex A list
		if r.Kind == aims.SoAKindAnnexA {
			draft = append(draft, r)
		}
	}
	controls := make([]aims.SoAControl, len(draft))
	for i, r := range draft {
		controls[i] = aims.SoAControl{Ref: r.Ref, Title: r.Title}
	}
	now, err := st.SoA(ctx, orgID, controls)
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, c := range aims.CompareSoA(v.Rows, now) {
		if c.Changed() {
			changed++
		}
	}
	// Since v1: CC-1 implemented, CC-5 added, and two later risks whose
	// treatments call for A.6.2.4 and A.6.2.8.
	if len(now) != 43 || changed != 4 {
		t.Errorf("demo SoA draft: %d rows, %d changed since v1; want 43 and 4", len(now), changed)
	}
	checkDemoGapAgrees(t, st, orgID)
}

// checkDemoGapAgrees: the demo's gap statuses for planning and operation
// say what the registers show: a requirement records support is not "not
// started" or "planned", and an "implemented" one has records behind it.
func checkDemoGapAgrees(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	gaps, err := st.GapEntries(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{"6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "6.3", "8.1", "8.2", "8.3", "8.4"} {
		sup, err := st.Supports(ctx, orgID, req, 100)
		if err != nil {
			t.Fatal(err)
		}
		g, ok := gaps[req]
		status := aims.GapNotStarted
		if ok {
			status = g.Status
		}
		switch {
		case len(sup) > 0 && (status == aims.GapNotStarted || status == aims.GapPlanned):
			t.Errorf("gap %s is %s while %d records support it", req, status, len(sup))
		case len(sup) == 0 && status == aims.GapImplemented:
			t.Errorf("gap %s is implemented with no record behind it", req)
		case ok && status != aims.GapImplemented && g.Notes == "":
			t.Errorf("gap %s is %s without a note of what is missing", req, status)
		}
	}
}
