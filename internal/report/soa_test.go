package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/catalog"
)

// bigSoA is the SoA the issue asks to measure: the 38 Annex A controls and
// 200 custom controls, approved as version 3.
func bigSoA(t testing.TB, custom int) SoA {
	t.Helper()
	var rows []aims.SoARow
	for _, r := range loadCatalog(t).Assessable(catalog.ISO42001) {
		if strings.HasPrefix(r.ID, "A.") {
			rows = append(rows, aims.SoARow{Kind: aims.SoAKindAnnexA, Ref: r.ID, Title: r.Title, Applicable: true,
				Reason: aims.ReasonRisk, Justification: "Treats the credit-scoring risks RSK-4 and RSK-7; reviewed each quarter.",
				Status: aims.GapPartial, OwnerName: "Jonas Weber", Risks: []string{"RSK-4", "RSK-7"}, Evidence: []string{"EV-3 Validation report"}})
		}
	}
	for i := 1; i <= custom; i++ {
		rows = append(rows, aims.SoARow{Kind: aims.SoAKindCustom, Ref: fmt.Sprintf("CC-%d", i), Title: fmt.Sprintf("Custom control %d", i),
			Applicable: i%10 != 0, Reason: aims.ReasonGoodPractice, Justification: "Supplements Annex A for our lending products.",
			Status: aims.GapImplemented, OwnerName: "Maria Keller"})
	}
	v := &aims.SoAVersion{ApprovedVersion: aims.ApprovedVersion{Number: 3, ApproverName: "Anna Schmidt", DesignationRef: "MGT-1",
		DesignationPosition: "Chief Executive Officer", DesignationBody: aims.BodyTop, ApprovedOn: day("2026-11-20"), RowCount: len(rows)}}
	return SoA{Org: "Brightwater Financial", Version: v, Rows: rows}
}

func TestSoAPDFRepeatsVersionOnEveryPage(t *testing.T) {
	s := bigSoA(t, 200)
	pdf := newSoAPDF(generated, s)
	pdf.SetCompression(false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages := pdf.PageCount()
	t.Logf("238 rows: %d pages", pages)
	if pages < 5 {
		t.Fatalf("%d pages for 238 rows", pages)
	}
	plain := buf.Bytes()
	if n := bytes.Count(plain, pdfText("Statement of Applicability — Version 3, approved 2026-11-20")); n != pages {
		t.Errorf("header with version and date on %d of %d pages", n, pages)
	}
	if n := bytes.Count(plain, pdfText("Approved by Anna Schmidt (MGT-1) on 2026-11-20")); n != pages {
		t.Errorf("footer with the approval on %d of %d pages", n, pages)
	}
	if !bytes.Contains(plain, pdfText("CC-200")) || !bytes.Contains(plain, pdfText("A.10.4")) {
		t.Error("rows missing")
	}
	draft := SoA{Org: "Brightwater Financial", AsOf: day("2026-11-30"), Rows: s.Rows[:38]}
	pdf = newSoAPDF(generated, draft)
	pdf.SetCompression(false)
	buf.Reset()
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), pdfText("Draft as of 2026-11-30")); n < pdf.PageCount() {
		t.Errorf("draft label on %d of %d pages", n, pdf.PageCount())
	}
}

func TestSoACSVCarriesVersionAndDate(t *testing.T) {
	s := bigSoA(t, 2)
	var buf bytes.Buffer
	c, err := NewCSV(&buf, "soa", SoAColumns)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Rows {
		if err := c.Write(SoALine{SoA: &s, Row: r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 41 || !strings.HasPrefix(lines[0], "soa_version,soa_date,approved_by,control") {
		t.Fatalf("CSV = %d lines, header %q", len(lines), lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "3,2026-11-20,Anna Schmidt,") {
			t.Errorf("row without version and date: %q", l)
		}
	}
}

// BenchmarkSoAPDF builds the PDF of an SoA with 38 Annex A and 200 custom
// controls (docs/performance.md).
func BenchmarkSoAPDF(b *testing.B) {
	s := bigSoA(b, 200)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := SoAPDF(&buf, generated, s); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}
