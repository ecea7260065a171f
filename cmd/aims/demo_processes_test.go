package main

import (
	"context"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoContextAndProcesses: the demo's context statement records its
// roles and climate decision, about ten context issues link to AI systems,
// and about nine processes serve known requirements and feed each other,
// some of them edited later.
func checkDemoContextAndProcesses(t *testing.T, st *sqlstore.Store, orgID int64, known map[string]bool) {
	t.Helper()
	ctx := context.Background()
	cs, err := st.ContextStatement(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Version < 3 || cs.ClimateRelevant != aims.ClimateRelevant || !strings.Contains(cs.ClimateReasoning, "energy") ||
		len(cs.Roles) != 2 || cs.Roles[0] != aims.AIRoleProvider || cs.Roles[1] != aims.AIRoleCustomer {
		t.Errorf("demo context statement = %+v", cs)
	}
	issues, err := st.ContextIssues(ctx, orgID, aims.ContextIssueFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if issues.Total < 9 {
		t.Errorf("%d context issues, want about 10", issues.Total)
	}
	linked := 0
	for _, it := range issues.Items {
		c, err := st.ContextIssue(ctx, orgID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.AISystems) > 0 {
			linked++
		}
	}
	if linked < 5 {
		t.Errorf("%d context issues name AI systems, want most", linked)
	}
	m, err := st.ProcessMap(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Processes) < 8 || len(m.Feeds) < 10 {
		t.Errorf("%d processes with %d feed links, want about 9 and a connected map", len(m.Processes), len(m.Feeds))
	}
	for _, p := range m.Processes {
		for _, r := range p.Requirements {
			if !known[r] {
				t.Errorf("%s serves %q, which is not an assessable requirement", p.Ref, r)
			}
		}
		if len(p.Requirements) == 0 {
			t.Errorf("%s serves no requirement", p.Ref)
		}
	}
	edited := 0
	for _, p := range m.Processes {
		if p.Version > 2 {
			edited++
		}
	}
	if edited < 2 {
		t.Errorf("%d processes edited after their links were set, want a few", edited)
	}
}
