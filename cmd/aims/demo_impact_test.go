package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoImpact: the demo has its own impact criteria, four approved
// assessments (churn prediction's made in design, TalentMatch's before its
// pilot), complete enough for an
// auditor (harms rated and measured, disclosures, monitoring, triggers,
// approval by someone other than the author), the credit scoring one a
// sensitive use with its Art. 27 view filled in.
func checkDemoImpact(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	c, err := st.ImpactCriteria(ctx, orgID)
	if err != nil || c.Number != 1 || c.Severity[3].Label != "Severe" {
		t.Errorf("demo impact criteria = %+v, %v", c, err)
	}
	page, err := st.ImpactAssessments(ctx, orgID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	states := map[aims.ImpactState]int{}
	for _, item := range page.Items {
		states[item.State]++
		if item.State != aims.ImpactApproved {
			continue
		}
		a, err := st.ImpactAssessment(ctx, orgID, item.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Harms()) < 4 || len(a.Benefits()) < 2 || len(a.Disclosures) < 3 || len(a.Triggers) < 4 || len(a.Parties) < 3 ||
			a.Monitoring == "" || a.MonitorName == "" || a.ReviewerName == "" || a.ApproverName == "" || a.ApproverName == a.AuthorName ||
			a.ApproverName == a.AssessorName || a.CriteriaNumber != 1 {
			t.Errorf("demo assessment %s is not complete: %+v", a.Ref, a)
		}
		for _, h := range a.Harms() {
			if h.Measures == "" || h.Severity == 0 {
				t.Errorf("demo assessment %s: harm %q without rating or measures", a.Ref, h.Description)
			}
		}
		if a.AISystemName == "CreditLens credit scoring" {
			f := a.FRIA()
			if a.Use != aims.UseSensitive || f.PeriodFrequency == "" || f.Oversight == "" || f.Response == "" || f.Process == "" {
				t.Errorf("CreditLens assessment: use %s, FRIA %+v", a.Use, f)
			}
		}
	}
	if states[aims.ImpactApproved] != 4 || states[aims.ImpactDraft] != 0 || page.Total != 4 {
		t.Errorf("demo impact assessments by state = %v", states)
	}
	// Churn prediction's and TalentMatch's assessments name no societal
	// harm, so A.5.5 has the two others behind it.
	for req, want := range map[string]int{"6.1.4": 4, "8.4": 4, "A.5.4": 4, "A.5.5": 2} {
		sup, err := st.Supports(ctx, orgID, req, 10)
		n := 0
		for _, s := range sup {
			if s.Register == aims.RegisterImpactAssessments {
				n++
			}
		}
		if err != nil || n != want {
			t.Errorf("demo support for %s = %v, %v", req, sup, err)
		}
	}
}
