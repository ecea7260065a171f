package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoScope: the demo's scope statement states its boundaries, gives
// a reason for every AI system the inventory leaves out, lists units and
// sites in and out with the Marketing interface, links its context and
// the scope document that waits for the CEO.
func checkDemoScope(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	sc, err := st.ScopeStatement(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Version != 2 || sc.Boundaries == "" || len(sc.Exclusions) != 3 || len(sc.Units) != 7 || len(sc.Sites) != 3 ||
		len(sc.Issues) != 4 || len(sc.Obligations) != 4 || len(sc.Parties) != 4 {
		t.Errorf("demo scope statement = %+v", sc)
	}
	if sc.Document == nil || sc.Document.Title != "Scope of the AI management system" || sc.Document.State != aims.StateInReview {
		t.Errorf("demo scope document = %+v", sc.Document)
	}
	reasons := map[int64]bool{}
	for _, e := range sc.Exclusions {
		reasons[e.AISystemID] = e.Reason != ""
	}
	systems, err := st.ScopeSystems(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range systems {
		if !a.InScope && !reasons[a.ID] {
			t.Errorf("demo AI system %s is out of scope without a reason", a.Name)
		}
	}
	out := map[string]bool{}
	for _, u := range sc.Units {
		if !u.InScope {
			out[u.Name] = u.Reason != "" && u.Interfaces != ""
		}
	}
	for _, s := range sc.Sites {
		if !s.InScope {
			out[s.Name] = s.Reason != ""
		}
	}
	if len(out) != 2 || !out["Marketing"] || !out["Lisbon nearshore service centre"] {
		t.Errorf("demo scope leaves out %v", out)
	}
}
