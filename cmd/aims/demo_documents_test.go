package main

import (
	"context"
	"testing"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// checkDemoDocuments: the demo's AI policy has a superseded, an approved
// (by the CEO, naming her designation) and a draft version; the scope is
// in review; an external document is controlled; and the register
// supports the AI policy requirements in the gap analysis.
func checkDemoDocuments(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	page, err := st.Documents(ctx, orgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[aims.DocKind]aims.Document{}
	for _, d := range page.Items {
		byKind[d.Kind] = d
	}
	policy := byKind[aims.KindAIPolicy]
	if policy.ApprovedNumber != 2 || policy.CurrentNumber != 3 || policy.State != aims.StateDraft {
		t.Errorf("AI policy = %+v, want version 2 approved and version 3 in draft", policy)
	}
	versions, err := st.DocumentVersions(ctx, orgID, policy.ID)
	if err != nil || len(versions) != 3 || versions[2].State != aims.StateSuperseded {
		t.Errorf("AI policy versions = %+v, %v", versions, err)
	} else if v := versions[1]; v.ApproverName != "Anna Schmidt" || v.DesignationPosition != "Chief Executive Officer" || v.DesignationRef == "" {
		t.Errorf("AI policy approval = %+v, want the CEO's designation", v)
	}
	if byKind[aims.KindScope].State != aims.StateInReview {
		t.Errorf("scope = %+v, want in review", byKind[aims.KindScope])
	}
	if ext := byKind[aims.KindExternal]; ext.Origin != aims.OriginExternal || ext.ApprovedNumber != 1 || ext.Issuer == "" {
		t.Errorf("external document = %+v", ext)
	}
	for _, k := range []aims.DocKind{aims.KindRiskAssessment, aims.KindAuditProgramme, aims.KindDocumentControl} {
		if byKind[k].ApprovedNumber == 0 {
			t.Errorf("%s has no approved version", k)
		}
	}
	if byKind[aims.KindImpactAssessment].State != aims.StateDraft {
		t.Errorf("impact assessment process = %+v, want a draft", byKind[aims.KindImpactAssessment])
	}
	counts, err := st.SupportCounts(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{"5.2", "A.2.2", "A.2.3", "A.2.4", "6.1.2", "7.5.1", "7.5.2", "9.2.2"} {
		if counts[req] == 0 {
			t.Errorf("no demo document supports %s", req)
		}
	}
	if counts["4.3"] != 0 {
		t.Errorf("the scope in review supports 4.3")
	}
}
