package report

import (
	"bytes"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestRiskPlanPDFRepeatsVersionOnEveryPage: a plan long enough for several
// pages carries its version, date and approval on each.
func TestRiskPlanPDFRepeatsVersionOnEveryPage(t *testing.T) {
	var rows []aims.RiskPlanRow
	for i := 1; i <= 120; i++ {
		rows = append(rows, aims.RiskPlanRow{Ref: fmt.Sprintf("RSK-%d", i), Kind: aims.KindRisk, Title: "Thin-file applicants are refused more often",
			SystemRef: "AIS-1", SystemName: "CreditLens", Level: aims.LimitHigh, Treatment: aims.TreatModify, Controls: "A.6.2.4, CC-3",
			PlanOwner: "Jonas Weber", Plan: "Monthly fairness test by age band and postcode; retrain when the gap exceeds 2 points.",
			PlanDue: "2027-03-31", ResidualLevel: aims.LimitMedium})
	}
	rows = append(rows, aims.RiskPlanRow{Ref: "RSK-121", Kind: aims.KindOpportunity, Title: "Faster decisions", Plan: "Pilot instant decisions"})
	p := RiskPlan{Org: "Brightwater Financial", Version: aims.RiskPlanVersion{ApprovedVersion: aims.ApprovedVersion{Number: 2,
		ApproverName: "Anna Schmidt", DesignationRef: "MGT-1", DesignationPosition: "Chief Executive Officer", DesignationBody: aims.BodyTop,
		ApprovedOn: day("2026-11-20"), RowCount: len(rows)}, Rows: rows}}
	pdf := newRiskPlanPDF(generated, p)
	pdf.SetCompression(false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages := pdf.PageCount()
	if pages < 3 {
		t.Fatalf("%d pages for 121 rows", pages)
	}
	plain := buf.Bytes()
	if n := bytes.Count(plain, pdfText("Risk treatment plan — Version 2, approved 2026-11-20")); n != pages {
		t.Errorf("header with version and date on %d of %d pages", n, pages)
	}
	if n := bytes.Count(plain, pdfText("Approved by Anna Schmidt (MGT-1) on 2026-11-20")); n != pages {
		t.Errorf("footer with the approval on %d of %d pages", n, pages)
	}
	if !bytes.Contains(plain, pdfText("RSK-121")) || !bytes.Contains(plain, pdfText("Not accepted")) {
		t.Error("rows missing")
	}
}
