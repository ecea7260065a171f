package report

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/conformity"
)

var (
	today     = day("2026-11-27")
	generated = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
)

func day(s string) aims.Date {
	d, err := aims.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// overview is an organization half-way to certification: every status
// occurs, some targets are overdue, some items have owners, notes and links.
func overview(t testing.TB) conformity.Overview {
	t.Helper()
	cat := loadCatalog(t)
	entries := map[string]aims.GapEntry{}
	for i, r := range cat.Assessable(catalog.ISO42001) {
		e := aims.GapEntry{RequirementID: r.ID, Links: []aims.GapLink{}, Version: 1,
			UpdatedAt: generated.Add(-time.Duration(i) * time.Hour), UpdatedBy: "Zoë Łukasiewicz"}
		switch i % 6 {
		case 0:
			e.Status = aims.GapImplemented
			e.OwnerID, e.OwnerName = 7, "Zoë Łukasiewicz"
			e.Links = []aims.GapLink{{AISystemID: 3, AISystemRef: "AIS-3", Title: "Credit scoring"}, {URL: "https://intranet.example/policy", Title: "AI policy v2"}}
		case 1:
			e.Status = aims.GapPartial
			e.OwnerID, e.OwnerName = 8, "Ana Pereira"
			e.TargetDate = day("2026-10-31") // overdue
			e.Notes = "Draft exists; waiting for the risk committee."
		case 2:
			e.Status = aims.GapPlanned
			e.TargetDate = day("2027-03-31")
		case 3:
			if r.Kind == "control" {
				e.Status = aims.GapNotApplicable
				e.Justification = "We do not develop AI systems; we only deploy third-party ones."
			} else {
				e.Status = aims.GapImplemented
			}
		default:
			continue // not assessed: not started
		}
		entries[r.ID] = e
	}
	return conformity.Compute(cat, entries, today)
}

// bigOverview stresses the layout: every item open, owned by someone with a
// long name, overdue, with long notes, many links, text outside the fonts
// and control characters.
func bigOverview(t testing.TB) conformity.Overview {
	t.Helper()
	cat := loadCatalog(t)
	entries := map[string]aims.GapEntry{}
	notes := strings.Repeat("The supplier's model card is incomplete; ask for the evaluation data, the known limitations and the retraining schedule. ", 30) +
		"Emoji 😀, CJK 中文, tab\there, CR\r\nnew line, NUL\x00 and https://very-long-url.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	for _, r := range cat.Assessable(catalog.ISO42001) {
		e := aims.GapEntry{RequirementID: r.ID, Status: aims.GapPartial, Notes: notes,
			OwnerID: 9, OwnerName: "Maximiliane Alexandra von Hohenzollern-Sigmaringen (Head of AI Governance)",
			TargetDate: day("2026-01-15")}
		for k := range 8 {
			e.Links = append(e.Links, aims.GapLink{URL: fmt.Sprintf("https://evidence.example/%s/document-%d-with-a-rather-long-name", r.ID, k), Title: "Evidence " + strconv.Itoa(k)})
		}
		entries[r.ID] = e
	}
	return conformity.Compute(cat, entries, today)
}

// node is any XML element, for walking the SVG.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

func parseSVG(t *testing.T, b []byte) node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b)
		}
	}
	var root node
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestReadinessSVG(t *testing.T) {
	o := overview(t)
	groups := append(append([]conformity.Group{}, o.Clauses...), o.Controls...)
	b := ReadinessSVG("Readiness", groups)
	root := parseSVG(t, b)

	if root.XMLName.Local != "svg" || root.attr("role") != "img" || root.attr("viewBox") == "" {
		t.Errorf("root = <%s role=%q viewBox=%q>, want <svg role=img> with a viewBox", root.XMLName.Local, root.attr("role"), root.attr("viewBox"))
	}
	ids := map[string]string{} // id -> element
	var rows []node
	root.walk(func(n node) {
		switch n.XMLName.Local {
		case "style", "script", "foreignObject":
			t.Errorf("SVG contains <%s>", n.XMLName.Local)
		}
		for _, a := range n.Attrs {
			if strings.EqualFold(a.Name.Local, "style") || strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
				t.Errorf("<%s> has attribute %s", n.XMLName.Local, a.Name.Local)
			}
		}
		if id := n.attr("id"); id != "" {
			if _, dup := ids[id]; dup {
				t.Errorf("id %q used twice", id)
			}
			ids[id] = n.XMLName.Local
		}
		if n.XMLName.Local == "g" && n.attr("data-group") != "" {
			rows = append(rows, n)
		}
	})
	labelled := strings.Fields(root.attr("aria-labelledby"))
	if len(labelled) != 2 || ids[labelled[0]] != "title" || ids[labelled[1]] != "desc" {
		t.Errorf("aria-labelledby = %q, want the ids of <title> and <desc>; ids %v", root.attr("aria-labelledby"), ids)
	}

	if len(rows) != len(groups) {
		t.Fatalf("%d bar rows, want %d", len(rows), len(groups))
	}
	for i, g := range groups {
		r := rows[i]
		if r.attr("data-group") != g.ID {
			t.Errorf("row %d is %q, want %q", i, r.attr("data-group"), g.ID)
		}
		var texts []string
		segments := 0
		for _, c := range r.Nodes {
			switch c.XMLName.Local {
			case "text":
				texts = append(texts, c.Text)
			case "rect":
				if len(c.Nodes) == 1 && c.Nodes[0].XMLName.Local == "title" {
					segments++
				}
			}
		}
		if want := fmt.Sprintf("%d%%", g.Percent()); len(texts) != 2 || texts[1] != want {
			t.Errorf("group %s texts %q, want the label then %q", g.ID, texts, want)
		}
		if !strings.HasPrefix(texts[0], g.ID+" ") {
			t.Errorf("group %s label = %q", g.ID, texts[0])
		}
		nonZero := 0
		for _, n := range g.Counts {
			if n > 0 {
				nonZero++
			}
		}
		if segments != nonZero {
			t.Errorf("group %s has %d segments, want %d", g.ID, segments, nonZero)
		}
	}

	if !bytes.Equal(b, ReadinessSVG("Readiness", groups)) {
		t.Error("two renderings of the same input differ")
	}
}

func TestReadinessSVGDetails(t *testing.T) {
	groups := []conformity.Group{{
		ID: "A.6", Title: "AI system life cycle", Kind: "control", Total: 9, Applicable: 8, Score: 0.5,
		Counts: map[aims.GapStatus]int{aims.GapImplemented: 3, aims.GapPartial: 2, aims.GapNotStarted: 3, aims.GapNotApplicable: 1},
	}, {
		ID: "A.8", Title: "Information for interested parties of AI systems and a very long tail", Kind: "control",
		Counts: map[aims.GapStatus]int{}, Score: 1,
	}}
	title := `Annex A <draft> & "final"`
	b := ReadinessSVG(title, groups)
	root := parseSVG(t, b)

	var titles, texts []string
	root.walk(func(n node) {
		switch n.XMLName.Local {
		case "title":
			titles = append(titles, n.Text)
		case "text":
			texts = append(texts, n.Text)
		}
	})
	for _, want := range []string{title, "A.6: 3 implemented", "A.6: 2 partial", "A.6: 3 not started", "A.6: 1 not applicable"} {
		if !contains(titles, want) {
			t.Errorf("no <title> %q in %q", want, titles)
		}
	}
	if contains(titles, "A.6: 0 planned") {
		t.Error("an empty segment is drawn")
	}
	if texts[0] != title {
		t.Errorf("visible title = %q, want %q", texts[0], title)
	}
	if !contains(texts, "50%") || !contains(texts, "100%") {
		t.Errorf("percentages missing from %q", texts)
	}
	for _, s := range texts {
		if strings.HasPrefix(s, "A.8 ") && (!strings.HasSuffix(s, "…") || len([]rune(s)) > svgLabelRunes) {
			t.Errorf("long label = %q, want at most %d runes ending in an ellipsis", s, svgLabelRunes)
		}
	}
	if strings.Contains(string(b), `<draft>`) {
		t.Error("title is not escaped")
	}

	a, c := svgID("Clauses"), svgID("Annex A")
	if a == c || svgID("A&B") == svgID("A B") {
		t.Errorf("ids are not unique per title: %q %q", a, c)
	}
	if id := svgID("Ärger über Ümlaute"); !strings.HasPrefix(id, "readiness-") || strings.ContainsAny(id, " Ää") {
		t.Errorf("svgID = %q, want an ASCII id", id)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestStatusColorsContrast guards WCAG 1.4.11: every bar colour stands out
// from the white page by at least 3:1.
func TestStatusColorsContrast(t *testing.T) {
	lum := func(c rgb) float64 {
		ch := func(v int) float64 {
			s := float64(v) / 255
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.r) + 0.7152*ch(c.g) + 0.0722*ch(c.b)
	}
	seen := map[string]bool{}
	for _, s := range chartStatuses {
		hex := statusColors[s]
		if seen[hex] {
			t.Errorf("%s shares its colour %s", s, hex)
		}
		seen[hex] = true
		if ratio := 1.05 / (lum(hexRGB(hex)) + 0.05); ratio < 3 {
			t.Errorf("%s colour %s has contrast %.2f:1 against white, want at least 3:1", s, hex, ratio)
		}
	}
}

func TestSafeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"-1", "'-1"},
		{"+1", "'+1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		if got := SafeCell(tc.in); got != tc.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not read back: %v", err)
	}
	return rows
}

func TestGapCSV(t *testing.T) {
	cat := loadCatalog(t)
	entries := map[string]aims.GapEntry{
		"6.1.2": {RequirementID: "6.1.2", Status: aims.GapPartial, OwnerID: 4, OwnerName: "Ana Pereira",
			TargetDate: day("2026-10-01"), Notes: `=HYPERLINK("https://evil.example","click")`,
			Links: []aims.GapLink{
				{AISystemID: 3, AISystemRef: "AIS-3", Title: "Credit scoring"},
				{URL: "https://intranet.example/risk", Title: "Risk procedure"},
			},
			UpdatedAt: time.Date(2026, 11, 2, 10, 4, 5, 0, time.FixedZone("CET", 3600)), UpdatedBy: "ana"},
		"A.2.3": {RequirementID: "A.2.3", Status: aims.GapNotApplicable, Justification: "No other policies exist."},
		"4.1":   {RequirementID: "4.1", Status: aims.GapImplemented},
	}
	o := conformity.Compute(cat, entries, today)
	var buf bytes.Buffer
	if err := GapCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	header := []string{"rank", "requirement", "title", "kind", "group", "status", "justification",
		"owner", "target_date", "overdue", "mandatory_documented_information", "documented_information",
		"next_step", "notes", "links", "updated_at", "updated_by"}
	if diff := cmp.Diff(header, rows[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	data := rows[1:]
	if len(data) != 70 {
		t.Fatalf("%d data rows, want 70", len(data))
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}

	// The overdue clause with mandatory documented information comes first.
	want := []string{"1", "6.1.2", "AI risk assessment", "clause", "6", "partial", "", "Ana Pereira",
		"2026-10-01", "yes", "yes", o.ByPriority()[0].Requirement.DocumentedInformation, o.ByPriority()[0].Next,
		`'=HYPERLINK("https://evil.example","click")`, "AIS-3 Credit scoring; Risk procedure <https://intranet.example/risk>",
		"2026-11-02T09:04:05Z", "ana"}
	if diff := cmp.Diff(want, data[0]); diff != "" {
		t.Errorf("first row (-want +got):\n%s", diff)
	}

	open := len(o.ByPriority())
	for i, r := range data {
		wantRank := ""
		if i < open {
			wantRank = strconv.Itoa(i + 1)
		}
		if r[col["rank"]] != wantRank {
			t.Errorf("row %d rank = %q, want %q", i, r[col["rank"]], wantRank)
		}
		if !aims.GapStatus(r[col["status"]]).Valid() {
			t.Errorf("row %d status = %q, want a machine value", i, r[col["status"]])
		}
	}
	last := data[len(data)-1]
	if last[col["requirement"]] != "A.2.3" || last[col["status"]] != "not-applicable" || last[col["justification"]] != "No other policies exist." || last[col["kind"]] != "control" {
		t.Errorf("last row = %q, want the excluded control A.2.3 with its justification", last)
	}
	if got := data[open][col["requirement"]]; got != "4.1" {
		t.Errorf("first done row = %q, want 4.1", got)
	}
}

// failWriter fails every write, as a client that hung up does.
type failWriter struct{}

var errWrite = errors.New("connection reset")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestGapCSVWriteError(t *testing.T) {
	if err := GapCSV(failWriter{}, overview(t)); !errors.Is(err, errWrite) {
		t.Errorf("GapCSV = %v, want %v", err, errWrite)
	}
}

func TestAISystemCSV(t *testing.T) {
	created := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	systems := []aims.AISystem{{
		Ref: "AIS-1", Name: `=cmd|' /C calc'!A0`, Purpose: "Scores loan applications.",
		IntendedUse: "Pre-screening, a person decides.", ForeseeableMisuse: "Automatic rejection.",
		OwnerName: "Zoë Łukasiewicz", Lifecycle: aims.StageOperation,
		Roles: []aims.AIRole{aims.AIRoleDeployer, aims.AIRoleUser}, Autonomy: aims.AutonomyHumanInLoop,
		HumanOversight: "Credit officer reviews every score.", Data: "Applications, bureau data",
		Models: "Gradient boosting", Tooling: "MLflow", Compute: "EU cloud", ThirdParty: "Bureau API",
		InScope: true, ReviewIntervalMonths: 6, LastReviewed: day("2026-06-01"), NextReview: day("2026-12-01"),
		EUAIAct:   &aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "Creditworthiness of natural persons.\nNo derogation."},
		RiskClass: aims.RiskHigh, CreatedAt: created, UpdatedAt: created.Add(48 * time.Hour),
	}, {
		Ref: "AIS-2", Name: "Chat assistant", Purpose: "-answers staff questions", Lifecycle: aims.StageDesign,
		Roles: []aims.AIRole{}, ReviewIntervalMonths: 12, RiskClass: aims.RiskUnclassified, Archived: true,
		CreatedAt: created,
	}}
	var buf bytes.Buffer
	c, err := NewCSV(&buf, "AI system", AISystemColumns)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range systems {
		if err := c.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ref", "name", "purpose", "intended_use", "foreseeable_misuse", "owner", "lifecycle", "roles",
			"autonomy", "human_oversight", "data", "models", "tooling", "compute", "third_party", "in_scope",
			"eu_ai_act_class", "eu_ai_act_reasoning", "review_interval_months", "last_reviewed", "next_review",
			"archived", "created_at", "updated_at"},
		{"AIS-1", `'=cmd|' /C calc'!A0`, "Scores loan applications.", "Pre-screening, a person decides.",
			"Automatic rejection.", "Zoë Łukasiewicz", "operation-monitoring", "deployer;user", "human-in-the-loop",
			"Credit officer reviews every score.", "Applications, bureau data", "Gradient boosting", "MLflow",
			"EU cloud", "Bureau API", "yes", "high-risk", "Creditworthiness of natural persons.\nNo derogation.",
			"6", "2026-06-01", "2026-12-01", "no", "2026-01-05T08:00:00Z", "2026-01-07T08:00:00Z"},
		{"AIS-2", "Chat assistant", "'-answers staff questions", "", "", "", "design-development", "", "", "", "",
			"", "", "", "", "no", "unclassified", "", "12", "", "", "yes", "2026-01-05T08:00:00Z", ""},
	}
	if diff := cmp.Diff(want, readCSV(t, buf.Bytes())); diff != "" {
		t.Errorf("inventory CSV (-want +got):\n%s", diff)
	}
}

func TestAISystemCSVWriteError(t *testing.T) {
	c, err := NewCSV(failWriter{}, "AI system", AISystemColumns) // the header stays buffered
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(aims.AISystem{Ref: "AIS-1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); !errors.Is(err, errWrite) {
		t.Errorf("Close = %v, want %v", err, errWrite)
	}
}

// pdfText encodes s the way fpdf writes text in a UTF-8 font: UTF-16BE in
// a PDF string, with the string's special characters escaped.
func pdfText(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`)
	return []byte(r.Replace(string(b)))
}

// renderPlain renders without compression so the page content is searchable.
func renderPlain(t *testing.T, org string, o conformity.Overview) ([]byte, int) {
	t.Helper()
	pdf := newGapPDF(org, generated, o)
	pdf.SetCompression(false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), pdf.PageCount()
}

func TestGapPDF(t *testing.T) {
	o := overview(t)
	var buf bytes.Buffer
	if err := GapPDF(&buf, "Example Bank AG", generated, o); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Errorf("not a PDF: starts %q, ends %q", b[:min(8, len(b))], b[max(0, len(b)-8):])
	}
	var again bytes.Buffer
	if err := GapPDF(&again, "Example Bank AG", generated, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again.Bytes()) {
		t.Error("two renderings of the same input differ")
	}

	plain, pages := renderPlain(t, "Zoë's Bank (Europe) AG", o)
	if bytes.Contains(plain, pdfText("Long entries end in")) {
		t.Error("nothing was shortened, yet the report says so")
	}
	if pages < 3 {
		t.Errorf("%d pages, want the summary page and at least two pages of items", pages)
	}
	for _, want := range []string{
		"Zoë's Bank (Europe) AG",            // header, every page
		"Gap analysis — ISO/IEC 42001:2023", // header
		"AI system impact assessment",       // a requirement title
		"Open items by priority",
		"Implemented or not applicable",
		"We do not develop", // a justification, wrapped after these words or later
		"overdue",
		fmt.Sprintf("Page %d of %d", pages, pages),
		fmt.Sprintf("%d%%", o.Overall.Percent()),
		"Generated 2026-11-27 09:30 UTC",
	} {
		if n := bytes.Count(plain, pdfText(want)); n == 0 {
			t.Errorf("PDF does not show %q", want)
		}
	}
	// Once per page in the header, once on the title page and once in the
	// document's title.
	if n := bytes.Count(plain, pdfText("Zoë's Bank (Europe) AG")); n != pages+2 {
		t.Errorf("organization shown %d times, want %d", n, pages+2)
	}
}

func TestGapPDFBig(t *testing.T) {
	_, normal := renderPlain(t, "Example", overview(t))
	plain, big := renderPlain(t, "Example", bigOverview(t))
	if big <= normal {
		t.Errorf("big overview has %d pages, the normal one %d; want more", big, normal)
	}
	// 70 open items, each with its notes and evidence.
	if n := bytes.Count(plain, pdfText("Notes: The supplier")); n != 70 {
		t.Errorf("%d notes shown, want 70", n)
	}
	if n := bytes.Count(plain, pdfText("Maximiliane")); n != 70 {
		t.Errorf("%d owners shown, want 70", n)
	}
	if !bytes.Contains(plain, pdfText("Open items by priority (continued)")) {
		t.Error("no continued table header")
	}
	if !bytes.Contains(plain, pdfText("Long entries end in “…” here; the CSV export has them in full.")) {
		t.Error("shortened notes are not announced")
	}
}

func TestGapPDFEmpty(t *testing.T) {
	cat := loadCatalog(t)
	entries := map[string]aims.GapEntry{}
	for _, r := range cat.Assessable(catalog.ISO42001) {
		entries[r.ID] = aims.GapEntry{RequirementID: r.ID, Status: aims.GapImplemented}
	}
	plain, _ := renderPlain(t, "Done Ltd", conformity.Compute(cat, entries, today))
	if !bytes.Contains(plain, pdfText("No open items: every requirement is implemented or excluded.")) {
		t.Error("an empty open-items table does not say so")
	}
}

func TestGapPDFWriteError(t *testing.T) {
	if err := GapPDF(failWriter{}, "Example", generated, overview(t)); !errors.Is(err, errWrite) {
		t.Errorf("GapPDF = %v, want %v", err, errWrite)
	}
}

func BenchmarkGapPDF(b *testing.B) {
	o := overview(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := GapPDF(io.Discard, "Example Bank AG", generated, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGapPDFBig(b *testing.B) {
	o := bigOverview(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := GapPDF(io.Discard, "Example Bank AG", generated, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadinessSVG(b *testing.B) {
	o := overview(b)
	b.ReportAllocs()
	for b.Loop() {
		ReadinessSVG("Annex A", o.Controls)
	}
}
