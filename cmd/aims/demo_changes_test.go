package main

import (
	"context"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoChanges: the demo's objectives are measured, two are for
// responsible use, and its changes include the pending reassessment of
// CreditLens after an approved significant change, as due work, beside an
// AIMS change closed with its review and a rejected one.
func checkDemoChanges(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	objs, err := st.Objectives(ctx, orgID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[aims.ObjectiveKind]int{}
	for _, o := range objs.Items {
		kinds[o.Kind]++
		if o.LastMeasured.IsZero() || o.PolicyID == 0 {
			t.Errorf("demo objective %s has no reading or no policy: %+v", o.Ref, o)
		}
	}
	if kinds[aims.ObjectiveAIMS] < 4 || kinds[aims.ObjectiveResponsibleDevelopment] != 1 || kinds[aims.ObjectiveResponsibleUse] != 2 {
		t.Errorf("demo objectives by kind = %v", kinds)
	}
	pending, err := st.Changes(ctx, orgID, aims.ChangeFilter{ListParams: aims.ListParams{Limit: 10}, Reassessment: true})
	if err != nil || pending.Total != 1 || pending.Items[0].AISystemName != "CreditLens credit scoring" || pending.Items[0].Status != aims.ChangeApproved {
		t.Fatalf("demo changes waiting for reassessment = %+v, %v", pending, err)
	}
	due, err := st.DueItems(ctx, orgID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: aims.DateOf(pending.Items[0].UpdatedAt), Register: aims.RegisterChanges})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range due.Items {
		found = found || strings.HasPrefix(it.What, "Reassess risk and impact of CreditLens credit scoring after "+pending.Items[0].Ref)
	}
	if !found {
		t.Errorf("demo due work lacks the CreditLens reassessment: %+v", due.Items)
	}
	all, err := st.Changes(ctx, orgID, aims.ChangeFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, c := range all.Items {
		states[string(c.Subject)+" "+string(c.Status)]++
		if c.Subject != aims.SubjectAISystem || c.Status != aims.ChangeClosed {
			continue
		}
		// The closed model change was reassessed in the registers (no
		// note recorded by hand) before it was carried out.
		ias, err := st.ImpactAssessments(ctx, orgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 5}, AISystemID: c.AISystemID, State: aims.ImpactApproved})
		if err != nil || len(ias.Items) != 1 {
			t.Fatalf("approved impact assessments of %s: %+v, %v", c.AISystemName, ias, err)
		}
		if on := ias.Items[0].ApprovedOn; c.ReassessmentDue || !c.ReassessedOn.IsZero() || on.Before(c.DecidedOn) || c.ImplementedOn.Before(on) {
			t.Errorf("%s: decided %s, impact assessment approved %s, implemented %s, reassessed by hand on %s",
				c.Ref, c.DecidedOn, on, c.ImplementedOn, c.ReassessedOn)
		}
	}
	if states["aims closed"] != 1 || states["ai-system rejected"] != 1 || states["ai-system closed"] != 1 || states["ai-system requested"] != 1 {
		t.Errorf("demo changes by subject and status = %v", states)
	}
	for _, req := range []string{"6.2", "A.9.3", "6.3", "8.1"} {
		if sup, err := st.Supports(ctx, orgID, req, 10); err != nil || len(sup) == 0 {
			t.Errorf("nothing in the demo supports %s (%v)", req, err)
		}
	}
}
