package main

import (
	"context"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoComponents: the demo itemises CreditLens's resources (its
// current and retired model, the training data, the bureau feed, tooling
// and compute) and the assistant's hosted model, clears the free text it
// replaces, records the people the systems need, and the gap analysis
// counts components for A.4.2 to A.4.5.
func checkDemoComponents(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.Components(ctx, orgID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[aims.ComponentKind]int{}
	var credit *aims.Component
	retired := 0
	for i, c := range page.Items {
		kinds[c.Kind]++
		if c.Release == "3.2" && strings.HasPrefix(c.Name, "CreditLens scoring model") {
			credit = &page.Items[i]
		}
		if !c.Retired.IsZero() {
			retired++
		}
	}
	if page.Total < 12 || kinds[aims.ComponentModel] < 3 || kinds[aims.ComponentThirdParty] < 2 || kinds[aims.ComponentCompute] < 3 || retired != 1 {
		t.Errorf("demo components: %d, by kind %v, %d retired", page.Total, kinds, retired)
	}
	if credit == nil || credit.OwnerName != "Priya Nair" {
		t.Fatalf("demo has no current CreditLens model: %+v", credit)
	}
	sys, err := st.AISystem(ctx, orgID, credit.AISystemID)
	if err != nil || sys.Models != "" || sys.Data != "" {
		t.Errorf("CreditLens keeps its free-text resources after itemising: %+v, %v", sys, err)
	}
	people, err := st.SystemPeople(ctx, orgID, sys.ID)
	if err != nil || len(people.Needs) < 4 {
		t.Errorf("CreditLens needs %+v, %v", people, err)
	}
	counts, err := st.SupportCounts(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{"A.4.2", "A.4.3", "A.4.4", "A.4.5"} {
		if counts[req] == 0 {
			t.Errorf("no component supports %s: %v", req, counts)
		}
	}
}
