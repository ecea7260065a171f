package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoAcknowledgements: version 1 of the AI policy was read by all
// (closed, 100%); version 2 is open at about 60%, with acknowledgements
// both by the people themselves and recorded on their behalf, and shows
// as due work for those who have not read it; the campaign at 100%
// supports 7.3.
func checkDemoAcknowledgements(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.Campaigns(ctx, orgID, aims.CampaignFilter{ListParams: aims.ListParams{Limit: 10}})
	if err != nil || page.Total != 2 {
		t.Fatalf("campaigns = %+v, %v", page, err)
	}
	byVersion := map[int]aims.Campaign{}
	for _, c := range page.Items {
		byVersion[c.DocVersion] = c
	}
	v1, v2 := byVersion[1], byVersion[2]
	if v1.Status != aims.CampaignClosed || v1.Percent() != 100 || v1.Asked < 8 {
		t.Errorf("version 1 campaign = %+v, want closed at 100%%", v1)
	}
	if v2.Status != aims.CampaignOpen || v2.Percent() < 50 || v2.Percent() > 70 || v2.Title != "Read the AI policy, version 2" {
		t.Errorf("version 2 campaign = %+v, want open at about 60%%", v2)
	}
	people, err := st.CampaignPeople(ctx, orgID, v2.ID)
	if err != nil {
		t.Fatal(err)
	}
	self, behalf := 0, 0
	for _, a := range people {
		switch {
		case a.Done() && a.OnBehalf && a.Note != "":
			behalf++
		case a.Done():
			self++
		}
	}
	if self == 0 || behalf == 0 {
		t.Errorf("version 2: %d by themselves, %d on behalf; want both", self, behalf)
	}
	due, err := st.DueItems(ctx, orgID, aims.DueFilter{ListParams: aims.ListParams{Limit: 500}, AsOf: aims.DateOf(v2.DueDate.Time())})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range due.Items {
		if d.Register == aims.RegisterAcknowledgements {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no due work for the people who have not read version 2")
	}
	if sup, _ := st.Supports(ctx, orgID, "7.3", 20); !supportsRef(sup, v1.Ref) {
		t.Errorf("the completed campaign does not support 7.3: %+v", sup)
	}
}

func supportsRef(sup []aims.Support, ref string) bool {
	for _, s := range sup {
		if s.Register == aims.RegisterAcknowledgements && s.Ref == ref {
			return true
		}
	}
	return false
}
