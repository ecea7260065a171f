package main

import (
	"context"
	"regexp"
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
		if c.Release == "4.2.0" && strings.HasPrefix(c.Name, "CreditLens scoring model") {
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
	// One version story: the model in use is the one deployed and the one
	// its impact assessment assessed.
	records, err := st.SystemLifecycleRecords(ctx, orgID, sys.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		if r.Kind == aims.KindDeployment && r.ModelVersion != credit.Release {
			t.Errorf("CreditLens deploys %s but runs %s", r.ModelVersion, credit.Release)
		}
	}
	ias, err := st.ImpactAssessments(ctx, orgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 5}, AISystemID: sys.ID, State: aims.ImpactApproved})
	if err != nil || len(ias.Items) != 1 {
		t.Fatalf("CreditLens approved impact assessments: %d, %v", len(ias.Items), err)
	}
	if title := ias.Items[0].Title; !strings.Contains(title, credit.Release) {
		t.Errorf("CreditLens impact assessment %q does not name release %s", title, credit.Release)
	}
	// A supplier named on a component carries the contract of its
	// third-party record.
	tps, err := st.ThirdParties(ctx, orgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	contract, named := regexp.MustCompile(`[A-Z]+-[0-9]{4}-[0-9]+`), 0
	for _, it := range tps.Items {
		tp, err := st.ThirdParty(ctx, orgID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		ref := contract.FindString(tp.ContractRef)
		for _, c := range page.Items {
			if strings.Contains(c.Supplier, tp.Name) {
				named++
				if ref == "" || !strings.Contains(c.Supplier, ref) {
					t.Errorf("component %s names %s without its contract %q: %q", c.Ref, tp.Name, tp.ContractRef, c.Supplier)
				}
			}
		}
	}
	if named < 2 {
		t.Errorf("%d demo components name a supplier of the third-party register, want the bureau and the LLM provider", named)
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
