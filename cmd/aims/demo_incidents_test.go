package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoIncidents: the demo has an incident communication plan linked
// to its procedure, the chat assistant's incident communicated to the
// affected customers and the supervisor, a resolved minor incident, and
// information records for users, among them CreditLens's adverse-action
// explanation, each supporting its Annex A control.
func checkDemoIncidents(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	plan, err := st.IncidentPlans(ctx, orgID, aims.IncidentPlanFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, p := range plan.Items {
		if p.DocumentID != 0 {
			linked++
		}
	}
	if plan.Total < 5 || linked != plan.Total {
		t.Errorf("demo incident plan has %d rows, %d linked to the procedure", plan.Total, linked)
	}
	incs, err := st.Incidents(ctx, orgID, aims.IncidentFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var chatbot, minor bool
	for _, i := range incs.Items {
		if i.AISystemName == "Ask Brightwater customer assistant" && i.Status == aims.IncidentClosed && i.PeopleAffected >= 300 {
			msgs, err := st.IncidentMessages(ctx, orgID, i.ID, 20)
			if err != nil {
				t.Fatal(err)
			}
			customers, regulator := false, false
			for _, m := range msgs {
				customers = customers || m.Recipients == "The 312 affected customers"
				regulator = regulator || m.Recipients == "Financial supervisory authority"
			}
			chatbot = customers && regulator
		}
		if i.Severity == aims.IncidentLow && i.Status == aims.IncidentResolved {
			minor = true
		}
	}
	if !chatbot || !minor {
		t.Errorf("demo incidents: chat assistant's communicated %v, minor resolved %v; %+v", chatbot, minor, incs.Items)
	}
	info, err := st.Informations(ctx, orgID, aims.InformationFilter{ListParams: aims.ListParams{Limit: 100, Q: "adverse-action explanation"}})
	if err != nil || info.Total != 1 || info.Items[0].AISystemName != "CreditLens credit scoring" {
		t.Errorf("adverse-action explanation = %+v, %v", info.Items, err)
	}
	for _, req := range []string{"A.8.2", "A.8.3", "A.8.4", "A.8.5"} {
		if sup, err := st.Supports(ctx, orgID, req, 5); err != nil || len(sup) == 0 {
			t.Errorf("nothing in the demo supports %s (%v)", req, err)
		}
	}
}
