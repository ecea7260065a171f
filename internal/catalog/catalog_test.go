package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"aims/internal/aims"
)

// load runs Load once per test; failing here means the embedded data is broken.
func load(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	return c
}

func ids(rs []*Requirement) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// Titles copied from ../shared/reference/standards.md (sections 1 and 2):
// the guard that the catalog's titles match the reference exactly.
var isoTitles = []struct{ id, title string }{
	{"4", "Context of the organization"},
	{"4.1", "Understanding the organization and its context"},
	{"4.2", "Understanding the needs and expectations of interested parties"},
	{"4.3", "Determining the scope of the AI management system"},
	{"4.4", "AI management system"},
	{"5", "Leadership"},
	{"5.1", "Leadership and commitment"},
	{"5.2", "AI policy"},
	{"5.3", "Roles, responsibilities and authorities"},
	{"6", "Planning"},
	{"6.1", "Actions to address risks and opportunities"},
	{"6.1.1", "General"},
	{"6.1.2", "AI risk assessment"},
	{"6.1.3", "AI risk treatment"},
	{"6.1.4", "AI system impact assessment"},
	{"6.2", "AI objectives and planning to achieve them"},
	{"6.3", "Planning of changes"},
	{"7", "Support"},
	{"7.1", "Resources"},
	{"7.2", "Competence"},
	{"7.3", "Awareness"},
	{"7.4", "Communication"},
	{"7.5", "Documented information"},
	{"7.5.1", "General"},
	{"7.5.2", "Creating and updating documented information"},
	{"7.5.3", "Control of documented information"},
	{"8", "Operation"},
	{"8.1", "Operational planning and control"},
	{"8.2", "AI risk assessment"},
	{"8.3", "AI risk treatment"},
	{"8.4", "AI system impact assessment"},
	{"9", "Performance evaluation"},
	{"9.1", "Monitoring, measurement, analysis and evaluation"},
	{"9.2", "Internal audit"},
	{"9.2.1", "General"},
	{"9.2.2", "Internal audit programme"},
	{"9.3", "Management review"},
	{"9.3.1", "General"},
	{"9.3.2", "Management review inputs"},
	{"9.3.3", "Management review results"},
	{"10", "Improvement"},
	{"10.1", "Continual improvement"},
	{"10.2", "Nonconformity and corrective action"},
	{"A.2", "Policies related to AI"},
	{"A.2.2", "AI policy"},
	{"A.2.3", "Alignment with other organizational policies"},
	{"A.2.4", "Review of the AI policy"},
	{"A.3", "Internal organization"},
	{"A.3.2", "AI roles and responsibilities"},
	{"A.3.3", "Reporting of concerns"},
	{"A.4", "Resources for AI systems"},
	{"A.4.2", "Resource documentation"},
	{"A.4.3", "Data resources"},
	{"A.4.4", "Tooling resources"},
	{"A.4.5", "System and computing resources"},
	{"A.4.6", "Human resources"},
	{"A.5", "Assessing impacts of AI systems"},
	{"A.5.2", "AI system impact assessment process"},
	{"A.5.3", "Documentation of AI system impact assessments"},
	{"A.5.4", "Assessing AI system impact on individuals or groups of individuals"},
	{"A.5.5", "Assessing societal impacts of AI systems"},
	{"A.6", "AI system life cycle"},
	{"A.6.1", "Management guidance for AI system development"},
	{"A.6.1.2", "Objectives for responsible development of AI system"},
	{"A.6.1.3", "Processes for responsible AI system design and development"},
	{"A.6.2", "AI system life cycle"},
	{"A.6.2.2", "AI system requirements and specification"},
	{"A.6.2.3", "Documentation of AI system design and development"},
	{"A.6.2.4", "AI system verification and validation"},
	{"A.6.2.5", "AI system deployment"},
	{"A.6.2.6", "AI system operation and monitoring"},
	{"A.6.2.7", "AI system technical documentation"},
	{"A.6.2.8", "AI system recording of event logs"},
	{"A.7", "Data for AI systems"},
	{"A.7.2", "Data for development and enhancement of AI system"},
	{"A.7.3", "Acquisition of data"},
	{"A.7.4", "Quality of data for AI systems"},
	{"A.7.5", "Data provenance"},
	{"A.7.6", "Data preparation"},
	{"A.8", "Information for interested parties of AI systems"},
	{"A.8.2", "System documentation and information for users"},
	{"A.8.3", "External reporting"},
	{"A.8.4", "Communication of incidents"},
	{"A.8.5", "Information for interested parties"},
	{"A.9", "Use of AI systems"},
	{"A.9.2", "Processes for responsible use of AI systems"},
	{"A.9.3", "Objectives for responsible use of AI system"},
	{"A.9.4", "Intended use of the AI system"},
	{"A.10", "Third-party and customer relationships"},
	{"A.10.2", "Allocating responsibilities"},
	{"A.10.3", "Suppliers"},
	{"A.10.4", "Customers"},
}

// NIST AI RMF category titles copied from ../shared/reference/nist-ai-rmf.md
// ("Functions and categories"), the wording standards.md section 4 shares
// word for word; the catalog uses it for both title and description.
var nistCategories = []struct {
	id, title     string
	subcategories int
}{
	{"GOVERN 1", "Organization-wide policies, processes, procedures and practices for mapping, measuring and managing AI risk are in place, transparent and effectively implemented", 7},
	{"GOVERN 2", "Accountability structures empower, make responsible and train the right teams and people for mapping, measuring and managing AI risk", 3},
	{"GOVERN 3", "Workforce diversity, equity, inclusion and accessibility processes are prioritised in AI risk work throughout the life cycle", 2},
	{"GOVERN 4", "Teams are committed to a culture that considers and communicates AI risk", 3},
	{"GOVERN 5", "Processes exist for robust engagement with relevant AI actors", 2},
	{"GOVERN 6", "Policies and procedures address AI risks and benefits from third-party software and data and other supply-chain issues", 2},
	{"MAP 1", "Context is established and understood", 6},
	{"MAP 2", "The AI system is categorised", 3},
	{"MAP 3", "AI capabilities, targeted usage, goals, and expected benefits and costs are understood against appropriate benchmarks", 5},
	{"MAP 4", "Risks and benefits are mapped for all components of the AI system, including third-party software and data", 2},
	{"MAP 5", "Impacts on individuals, groups, communities, organizations and society are characterised", 2},
	{"MEASURE 1", "Appropriate methods and metrics are identified and applied", 3},
	{"MEASURE 2", "AI systems are evaluated for trustworthy characteristics", 13},
	{"MEASURE 3", "Mechanisms to track identified AI risks over time are in place", 3},
	{"MEASURE 4", "Feedback on the efficacy of measurement is gathered and assessed", 3},
	{"MANAGE 1", "AI risks, based on MAP and MEASURE assessments and analysis, are prioritised, responded to and managed", 4},
	{"MANAGE 2", "Strategies to maximise AI benefits and minimise negative impacts are planned, prepared, implemented, documented and informed by relevant AI actors", 4},
	{"MANAGE 3", "AI risks and benefits from third-party entities are managed", 2},
	{"MANAGE 4", "Risk treatments (including response and recovery) and communication plans for identified and measured AI risks are documented and monitored regularly", 3},
}

// Annex III area titles: the Official Journal headings as in
// ../shared/reference/eu-ai-act.md section 1 (bold rows; the same list is in
// standards.md section 5, where the parentheses are notes, not part of the
// heading), with their number of points.
var annexIIIAreas = []struct {
	key, title string
	points     int
}{
	{"annex3.area.1", "Biometrics", 3},
	{"annex3.area.2", "Critical infrastructure", 1},
	{"annex3.area.3", "Education and vocational training", 4},
	{"annex3.area.4", "Employment, workers' management and access to self-employment", 2},
	{"annex3.area.5", "Access to and enjoyment of essential private services and essential public services and benefits", 4},
	{"annex3.area.6", "Law enforcement", 5},
	{"annex3.area.7", "Migration, asylum and border control management", 4},
	{"annex3.area.8", "Administration of justice and democratic processes", 2},
}

func TestISOTitles(t *testing.T) {
	c := load(t)
	f, ok := c.Framework(ISO42001)
	if !ok {
		t.Fatal("Framework(iso42001) not found")
	}
	if got, want := len(f.Requirements), len(isoTitles); got != want {
		t.Errorf("ISO entries = %d, want %d", got, want)
	}
	for i, w := range isoTitles {
		r, ok := c.Requirement(ISO42001, w.id)
		if !ok {
			t.Errorf("Requirement(iso42001, %q) not found", w.id)
			continue
		}
		if r.Title != w.title {
			t.Errorf("%s title = %q, want %q", w.id, r.Title, w.title)
		}
		if i < len(f.Requirements) && f.Requirements[i].ID != w.id {
			t.Errorf("ISO entry %d = %q, want %q (standard order)", i, f.Requirements[i].ID, w.id)
		}
	}
}

func TestISOCounts(t *testing.T) {
	c := load(t)
	f, _ := c.Framework(ISO42001)
	count := map[string]int{}
	for _, r := range f.Requirements {
		switch {
		case r.Kind == "clause":
			count["clause"]++
			if r.Assessable {
				count["clause leaf"]++
			}
		case r.Kind == "control" && r.Assessable:
			count["control"]++
			count[r.ID[:strings.LastIndex(r.ID, ".")]]++
			if strings.HasPrefix(r.ID, "A.6.") {
				count["A.6"]++
			}
		case r.Kind == "control":
			count["objective entry"]++
		default:
			t.Errorf("%s: kind %q", r.ID, r.Kind)
		}
	}
	for k, want := range map[string]int{
		"clause": 43, "clause leaf": 32, "control": 38, "objective entry": 11,
		"A.2": 3, "A.3": 2, "A.4": 5, "A.5": 4, "A.6": 9, "A.6.1": 2, "A.6.2": 7,
		"A.7": 5, "A.8": 4, "A.9": 3, "A.10": 3,
	} {
		if got := count[k]; got != want {
			t.Errorf("count %s = %d, want %d", k, got, want)
		}
	}
	a := c.Assessable(ISO42001)
	if len(a) != 70 {
		t.Fatalf("Assessable(iso42001) = %d items, want 70", len(a))
	}
	for i, want := range map[int]string{0: "4.1", 31: "10.2", 32: "A.2.2", 69: "A.10.4"} {
		if a[i].ID != want {
			t.Errorf("Assessable(iso42001)[%d] = %q, want %q", i, a[i].ID, want)
		}
	}
}

func TestISOStructure(t *testing.T) {
	c := load(t)
	for id, want := range map[string]string{
		"4": "", "4.1": "4", "6.1": "6", "6.1.2": "6.1", "7.5.3": "7.5", "9.2.2": "9.2", "10.2": "10",
		"A.2": "", "A.2.2": "A.2", "A.6": "", "A.6.1": "A.6", "A.6.1.2": "A.6.1", "A.6.2.8": "A.6.2", "A.10.4": "A.10",
	} {
		if r, _ := c.Requirement(ISO42001, id); r == nil || r.Parent != want {
			t.Errorf("%s parent = %v, want %q", id, r, want)
		}
	}
	if got, want := ids(c.Children(ISO42001, "")), []string{"4", "5", "6", "7", "8", "9", "10",
		"A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"}; !slices.Equal(got, want) {
		t.Errorf("Children(iso42001, \"\") = %v, want %v", got, want)
	}
	if got, want := ids(c.Children(ISO42001, "A.6")), []string{"A.6.1", "A.6.2"}; !slices.Equal(got, want) {
		t.Errorf("Children(iso42001, A.6) = %v, want %v", got, want)
	}
	if got, want := ids(c.Children(ISO42001, "6.1")), []string{"6.1.1", "6.1.2", "6.1.3", "6.1.4"}; !slices.Equal(got, want) {
		t.Errorf("Children(iso42001, 6.1) = %v, want %v", got, want)
	}

	// The mandatory documented information checklist: the bold items of
	// standards.md section 1, plus 4.4 (42001 adds "document" to the
	// harmonized-structure clause; the reference confirms it in the DI column).
	wantMandatory := []string{"4.3", "4.4", "5.2", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "7.2", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2.2", "9.3.3", "10.2"}
	var mandatory []string
	f, _ := c.Framework(ISO42001)
	for _, r := range f.Requirements {
		if r.DIMandatory {
			mandatory = append(mandatory, r.ID)
			if r.DocumentedInformation == "" {
				t.Errorf("%s: mandatory documented information without a description", r.ID)
			}
		}
		if r.Description == "" {
			t.Errorf("%s: no description", r.ID)
		}
		if r.Assessable && r.Evidence == "" {
			t.Errorf("%s: assessable but no evidence", r.ID)
		}
		if !r.Assessable && r.Evidence != "" {
			t.Errorf("%s: a grouping entry with evidence", r.ID)
		}
		isGroup := r.Kind == "control" && !r.Assessable
		if hasObjective := r.Objective != ""; hasObjective != (isGroup && r.ID != "A.6") {
			t.Errorf("%s: objective %q; want one on every objective entry except A.6", r.ID, r.Objective)
		}
		if r.Kind == "control" && r.Assessable && !slices.ContainsFunc(r.Links, func(l Link) bool { return l.Framework == ISO42001 }) {
			t.Errorf("%s: no related clause", r.ID)
		}
	}
	if !slices.Equal(mandatory, wantMandatory) {
		t.Errorf("mandatory DI = %v, want %v", mandatory, wantMandatory)
	}
}

func TestNIST(t *testing.T) {
	c := load(t)
	f, ok := c.Framework(NISTAIRMF)
	if !ok {
		t.Fatal("Framework(nist-ai-rmf) not found")
	}
	kinds := map[string]int{}
	for _, r := range f.Requirements {
		kinds[r.Kind]++
	}
	for k, want := range map[string]int{"function": 4, "category": 19, "subcategory": 72} {
		if kinds[k] != want {
			t.Errorf("NIST %s entries = %d, want %d", k, kinds[k], want)
		}
	}
	if got, want := ids(c.Children(NISTAIRMF, "")), []string{"GOVERN", "MAP", "MEASURE", "MANAGE"}; !slices.Equal(got, want) {
		t.Errorf("NIST functions = %v, want %v", got, want)
	}
	var cats []string
	for _, w := range nistCategories {
		cats = append(cats, w.id)
		r, ok := c.Requirement(NISTAIRMF, w.id)
		if !ok {
			t.Errorf("Requirement(nist-ai-rmf, %q) not found", w.id)
			continue
		}
		if r.Title != w.title {
			t.Errorf("%s title = %q, want %q", w.id, r.Title, w.title)
		}
		if r.Description != w.title {
			t.Errorf("%s description = %q, want the category wording %q", w.id, r.Description, w.title)
		}
		if got := len(c.Children(NISTAIRMF, w.id)); got != w.subcategories {
			t.Errorf("%s has %d subcategories, want %d", w.id, got, w.subcategories)
		}
	}
	var gotCats []string
	for _, r := range f.Requirements {
		if r.Kind == "category" {
			gotCats = append(gotCats, r.ID)
		}
	}
	if !slices.Equal(gotCats, cats) {
		t.Errorf("NIST categories = %v, want %v", gotCats, cats)
	}
	m2 := ids(c.Children(NISTAIRMF, "MEASURE 2"))
	if i, j := slices.Index(m2, "MEASURE 2.9"), slices.Index(m2, "MEASURE 2.10"); i < 0 || j != i+1 || m2[len(m2)-1] != "MEASURE 2.13" {
		t.Errorf("MEASURE 2 children = %v, want numeric order ending in MEASURE 2.13", m2)
	}
	a := c.Assessable(NISTAIRMF)
	if len(a) != 72 || a[0].ID != "GOVERN 1.1" || a[71].ID != "MANAGE 4.3" {
		t.Errorf("Assessable(nist-ai-rmf) = %d items from %q, want 72 from GOVERN 1.1 to MANAGE 4.3", len(a), a[0].ID)
	}

	// nist-ai-rmf.md: 18 rows crosswalk only, 2 mixed (GOVERN 1.2, MANAGE 4.3), 52 ours.
	rows := map[string]int{}
	var mixed []string
	for _, r := range a {
		var cw, ours int
		for _, l := range r.Links {
			if l.Framework != ISO42001 {
				t.Errorf("%s links to %s %s; NIST maps to ISO/IEC 42001 only", r.ID, l.Framework, l.Requirement)
			}
			if l.Basis == BasisCrosswalk {
				cw++
			} else {
				ours++
			}
		}
		switch {
		case cw > 0 && ours > 0:
			rows["mixed"]++
			mixed = append(mixed, r.ID)
		case cw > 0:
			rows["crosswalk"]++
		case ours > 0:
			rows["ours"]++
		default:
			t.Errorf("%s has no ISO/IEC 42001 mapping", r.ID)
		}
	}
	if rows["crosswalk"] != 18 || rows["ours"] != 52 || !slices.Equal(mixed, []string{"GOVERN 1.2", "MANAGE 4.3"}) {
		t.Errorf("mapping rows = %v, mixed %v; want 18 crosswalk, 52 ours, mixed GOVERN 1.2 and MANAGE 4.3", rows, mixed)
	}
}

func linksOf(r *Requirement, framework string) []Link {
	var out []Link
	for _, l := range r.Links {
		if l.Framework == framework {
			out = append(out, l)
		}
	}
	return out
}

func TestCrosswalkRows(t *testing.T) {
	c := load(t)
	cw := func(id string) Link { return Link{ISO42001, id, BasisCrosswalk} }
	ours := func(id string) Link { return Link{ISO42001, id, BasisOurs} }
	for _, tc := range []struct {
		id   string
		want []Link
	}{
		{"GOVERN 1.6", []Link{cw("A.4.2"), cw("A.4.3"), cw("A.4.4"), cw("A.4.5"), cw("A.4.6")}},
		{"GOVERN 1.2", []Link{ours("5.2"), ours("A.2.2"), cw("A.6.1.2"), cw("A.9.3")}},
		{"GOVERN 2.1", []Link{cw("5.3"), cw("7.1"), cw("7.2"), cw("7.3"), cw("7.4"), cw("A.3.2")}},
		{"MEASURE 1.3", []Link{ours("9.2.1"), ours("9.2.2"), ours("A.6.2.4")}},
		{"MANAGE 4.3", []Link{cw("9.3.2"), ours("10.2"), cw("A.6.2.6"), ours("A.8.4"), cw("A.8.5")}},
	} {
		r, ok := c.Requirement(NISTAIRMF, tc.id)
		if !ok {
			t.Errorf("Requirement(nist-ai-rmf, %q) not found", tc.id)
			continue
		}
		if got := linksOf(r, ISO42001); !slices.Equal(got, tc.want) {
			t.Errorf("%s links = %v, want %v", tc.id, got, tc.want)
		}
	}
	// The reverse side: the control lists the subcategory with the same basis.
	a44, _ := c.Requirement(ISO42001, "A.4.4")
	if !slices.Contains(a44.Links, Link{NISTAIRMF, "GOVERN 1.6", BasisCrosswalk}) {
		t.Errorf("A.4.4 links = %v, want GOVERN 1.6 (crosswalk) among them", a44.Links)
	}
}

func TestLinksResolveAndMirror(t *testing.T) {
	c := load(t)
	total := 0
	for _, f := range c.Frameworks() {
		for _, r := range f.Requirements {
			if r.Framework != f.ID {
				t.Errorf("%s %q: Framework = %q", f.ID, r.ID, r.Framework)
			}
			seen := map[Link]bool{}
			for _, l := range r.Links {
				total++
				if l.Basis != BasisCrosswalk && l.Basis != BasisOurs {
					t.Errorf("%s %q -> %v: basis %q", f.ID, r.ID, l, l.Basis)
				}
				if seen[l] {
					t.Errorf("%s %q: duplicate link %v", f.ID, r.ID, l)
				}
				seen[l] = true
				to, ok := c.Requirement(l.Framework, l.Requirement)
				if !ok {
					t.Errorf("%s %q -> %v: target not found", f.ID, r.ID, l)
					continue
				}
				if back := (Link{f.ID, r.ID, l.Basis}); !slices.Contains(to.Links, back) {
					t.Errorf("%s %q -> %v: no mirror %v on the target", f.ID, r.ID, l, back)
				}
			}
		}
	}
	if total == 0 {
		t.Error("no links at all")
	}
}

func TestEUArticles(t *testing.T) {
	c := load(t)
	// The obligations table of eu-ai-act.md section 6, plus the articles the
	// obligations by class refer to.
	want := []string{"art4", "art5", "art6", "art8", "art9", "art10", "art11", "art12", "art13", "art14", "art15",
		"art16", "art17", "art18", "art19", "art20", "art21", "art26", "art27", "art43", "art47", "art48", "art49",
		"art50", "art52", "art53", "art54", "art55", "art72", "art73", "art86", "art95"}
	f, _ := c.Framework(EUAIActID)
	if got := ids(f.Requirements); !slices.Equal(got, want) {
		t.Errorf("EU articles = %v, want %v", got, want)
	}
	for _, r := range f.Requirements {
		if r.Kind != "article" || r.Who == "" || r.Description == "" || !r.Assessable {
			t.Errorf("%s: kind %q, who %q, assessable %t, description %q", r.ID, r.Kind, r.Who, r.Assessable, r.Description)
		}
		iso := linksOf(r, ISO42001)
		if len(iso) == 0 {
			t.Errorf("%s: no ISO/IEC 42001 link", r.ID)
		}
		for _, l := range iso {
			if l.Basis != BasisOurs {
				t.Errorf("%s -> %s: basis %q, want ours", r.ID, l.Requirement, l.Basis)
			}
		}
	}
	r, _ := c.Requirement(EUAIActID, "art27")
	if got, want := linksOf(r, ISO42001), []Link{{ISO42001, "6.1.4", BasisOurs}, {ISO42001, "8.4", BasisOurs},
		{ISO42001, "A.5.2", BasisOurs}, {ISO42001, "A.5.3", BasisOurs}, {ISO42001, "A.5.4", BasisOurs}, {ISO42001, "A.5.5", BasisOurs}}; !slices.Equal(got, want) {
		t.Errorf("art27 links = %v, want %v", got, want)
	}
}

func optionKeys(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Key
	}
	return out
}

func TestEUOptions(t *testing.T) {
	c := load(t)
	eu := c.EUAIAct()
	// The domain package validates stored answers against its own key lists;
	// both sides must agree.
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"prohibited", optionKeys(eu.Prohibited), aims.ProhibitedKeys},
		{"annex_i", optionKeys(eu.AnnexI), aims.AnnexIKeys},
		{"annex_iii", optionKeys(eu.AnnexIII), aims.AnnexIIIKeys},
		{"art6_3", optionKeys(eu.Art6_3), aims.Art6_3Keys},
		{"art50", optionKeys(eu.Art50), aims.Art50Keys},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s keys = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if got, want := optionKeys(eu.Prohibited), []string{"art5.1.a", "art5.1.b", "art5.1.c", "art5.1.d",
		"art5.1.e", "art5.1.f", "art5.1.g", "art5.1.h", "art5.intimate-imagery"}; !slices.Equal(got, want) {
		t.Errorf("prohibited = %v, want %v", got, want)
	}
	for _, o := range eu.Prohibited {
		if o.Secondary != (o.Key == "art5.intimate-imagery") {
			t.Errorf("%s: secondary = %t; only the Omnibus ban is secondary", o.Key, o.Secondary)
		}
	}
	groups := map[string]int{}
	for _, o := range eu.AnnexI {
		groups[o.Group]++
	}
	if groups["A"] != 12 || groups["B"] != 8 || len(eu.AnnexI) != 20 {
		t.Errorf("Annex I groups = %v, want A=12, B=8", groups)
	}
	if len(eu.AnnexIII) != 25 || len(eu.AnnexIIIAreas) != 8 {
		t.Errorf("Annex III = %d points in %d areas, want 25 in 8", len(eu.AnnexIII), len(eu.AnnexIIIAreas))
	}
	points := map[string]int{}
	for _, o := range eu.AnnexIII {
		points[o.Group]++
		if !strings.HasPrefix(o.Key, "annex3."+o.Group) {
			t.Errorf("%s: group %q does not match the key", o.Key, o.Group)
		}
	}
	for i, w := range annexIIIAreas {
		if i >= len(eu.AnnexIIIAreas) {
			break
		}
		a := eu.AnnexIIIAreas[i]
		if a.Key != w.key || a.Title != w.title {
			t.Errorf("Annex III area %d = %q %q, want %q %q", i+1, a.Key, a.Title, w.key, w.title)
		}
		if points[a.Group] != w.points {
			t.Errorf("Annex III area %s has %d points, want %d", a.Group, points[a.Group], w.points)
		}
	}
	o, ok := c.Option("annex3.5.b")
	if !ok || o.Group != "5" || !strings.Contains(o.Title, "credit") {
		t.Errorf("Option(annex3.5.b) = %+v, %t; want the credit-scoring point of area 5", o, ok)
	}
	if o, ok := c.Option("annex3.area.4"); !ok || o.Title != annexIIIAreas[3].title {
		t.Errorf("Option(annex3.area.4) = %+v, %t", o, ok)
	}
	if _, ok := c.Option("art5.1.z"); ok {
		t.Error("Option(art5.1.z) found, want not found")
	}
}

func TestEUObligations(t *testing.T) {
	c := load(t)
	eu := c.EUAIAct()
	var classes []string
	byClass := map[string]ObligationSet{}
	for _, s := range eu.Obligations {
		classes = append(classes, s.Class)
		byClass[s.Class] = s
		for _, a := range slices.Concat(s.Provider, s.Deployer) {
			if _, ok := c.Requirement(EUAIActID, a); !ok {
				t.Errorf("%s: article %q not in the catalog", s.Class, a)
			}
		}
	}
	want := []string{"prohibited", "high-risk-annex-iii", "high-risk-annex-i-a", "high-risk-annex-i-b",
		"annex-iii-derogated", "limited", "minimal", "gpai", "gpai-systemic"}
	if !slices.Equal(classes, want) {
		t.Errorf("classes = %v, want %v", classes, want)
	}
	for _, tc := range []struct {
		class, article string
		deployer       bool
	}{
		{"high-risk-annex-iii", "art9", false},
		{"high-risk-annex-iii", "art43", false},
		{"high-risk-annex-iii", "art26", true},
		{"high-risk-annex-iii", "art27", true},
		{"limited", "art50", false},
		{"limited", "art50", true},
		{"minimal", "art95", false},
		{"gpai", "art53", false},
		{"gpai-systemic", "art55", false},
		{"annex-iii-derogated", "art49", false},
	} {
		s := byClass[tc.class]
		list := s.Provider
		if tc.deployer {
			list = s.Deployer
		}
		if !slices.Contains(list, tc.article) {
			t.Errorf("%s (deployer %t) = %v, want %s among them", tc.class, tc.deployer, list, tc.article)
		}
	}
}

func TestEUDates(t *testing.T) {
	c := load(t)
	status := map[string]bool{}
	for _, d := range c.EUAIAct().Dates {
		if s, seen := status[d.Date]; !seen || !s {
			status[d.Date] = d.Secondary
		}
	}
	for date, secondary := range map[string]bool{
		"2024-08-01": false, "2025-02-02": false, "2025-08-02": false, "2026-07-27": true,
		"2026-12-02": true, "2027-12-02": true, "2028-08-02": true, "2030-12-31": false,
	} {
		got, ok := status[date]
		if !ok || got != secondary {
			t.Errorf("date %s: present %t, secondary %t; want secondary %t", date, ok, got, secondary)
		}
	}
}

// TestReferenceCorrections pins the corrections made when the reference
// files were revised, so that none of them silently comes back.
func TestReferenceCorrections(t *testing.T) {
	c := load(t)
	get := func(fw, id string) *Requirement {
		t.Helper()
		r, ok := c.Requirement(fw, id)
		if !ok {
			t.Fatalf("Requirement(%s, %q) not found", fw, id)
		}
		return r
	}

	// ISO/IEC 42001 4.4 and 6.1.1 call for documented information (standards.md section 1).
	for id, words := range map[string][]string{
		"4.4":   {"AIMS", "processes", "interact"},
		"6.1.1": {"records", "AI risks and opportunities"},
	} {
		r := get(ISO42001, id)
		if !r.DIMandatory {
			t.Errorf("%s: di_mandatory = false, want true", id)
		}
		for _, w := range words {
			if !strings.Contains(r.DocumentedInformation, w) {
				t.Errorf("%s documented information = %q, want it to mention %q", id, r.DocumentedInformation, w)
			}
		}
		if low := strings.ToLower(r.DocumentedInformation); strings.Contains(low, "possibly") || strings.Contains(low, "recollection") {
			t.Errorf("%s documented information is still hedged: %q", id, r.DocumentedInformation)
		}
	}

	// Annex A controls reworded in our own words: no runs of the standard's
	// phrasing in the description, documented information or evidence.
	for id, runs := range map[string][]string{
		"A.3.3":   {"with respect to an ai system", "throughout its life cycle"},
		"A.6.2.2": {"specify and document requirements", "material enhancement"},
		"A.9.3":   {"objectives that guide", "to guide the responsible use"},
	} {
		r := get(ISO42001, id)
		for _, text := range []string{r.Description, r.DocumentedInformation, r.Evidence} {
			for _, run := range runs {
				if strings.Contains(strings.ToLower(text), run) {
					t.Errorf("%s reuses the standard's wording %q: %q", id, run, text)
				}
			}
		}
	}

	// NIST AI RMF categories use the AI 100-1 category wording.
	for id, phrase := range map[string]string{
		"GOVERN 1": "effectively implemented",
		"MAP 3":    "targeted usage",
		"MAP 5":    "communities",
		"MANAGE 2": "informed by relevant AI actors",
	} {
		if r := get(NISTAIRMF, id); !strings.Contains(r.Title, phrase) {
			t.Errorf("%s title = %q, want it to contain %q", id, r.Title, phrase)
		}
	}

	// Annex III area headings as in the Official Journal.
	for key, want := range map[string]string{
		"annex3.area.4": "Employment, workers' management and access to self-employment",
		"annex3.area.5": "Access to and enjoyment of essential private services and essential public services and benefits",
		"annex3.area.7": "Migration, asylum and border control management",
	} {
		if o, ok := c.Option(key); !ok || o.Title != want {
			t.Errorf("Option(%s) title = %q, want %q", key, o.Title, want)
		}
	}

	// Art 73: the two-day case is a serious and irreversible disruption of
	// the management or operation of critical infrastructure (Art 3(49)(b)).
	if d := get(EUAIActID, "art73").Description; !strings.Contains(d, "serious and irreversible disruption of the management or operation of critical infrastructure") {
		t.Errorf("art73 description = %q, want the Art 3(49)(b) wording", d)
	}

	// Art 4 as replaced by Regulation (EU) 2026/1744: an effort duty that
	// stays with providers and deployers, known from secondary sources.
	a4 := get(EUAIActID, "art4").Description
	for _, w := range []string{"providers and deployers take measures to support the development of AI literacy", "(secondary)", "2 Feb 2025"} {
		if !strings.Contains(a4, w) {
			t.Errorf("art4 description = %q, want it to contain %q", a4, w)
		}
	}
	if strings.Contains(a4, "sources disagree") {
		t.Errorf("art4 description still says the sources disagree: %q", a4)
	}

	// Art 86 is confirmed: Annex III except point 2, subsidiary to Union law.
	a86 := get(EUAIActID, "art86").Description
	for _, w := range []string{"Annex III", "except point 2", "86(3)"} {
		if !strings.Contains(a86, w) {
			t.Errorf("art86 description = %q, want it to contain %q", a86, w)
		}
	}

	// Nothing in the EU AI Act data is left marked as unchecked recollection,
	// and every Omnibus fact is flagged as secondary. A confirmed original
	// date may say that the Omnibus effect on it is unknown.
	eu := c.EUAIAct()
	f, _ := c.Framework(EUAIActID)
	omnibus := func(s string) bool {
		s = strings.ReplaceAll(s, "the Omnibus effect is unknown", "")
		return strings.Contains(s, "Omnibus") || strings.Contains(s, "2026/1744")
	}
	for _, r := range f.Requirements {
		if strings.Contains(r.Description, "recollection") {
			t.Errorf("%s: description still marked as recollection: %q", r.ID, r.Description)
		}
		if omnibus(r.Description) && !strings.Contains(r.Description, "secondary") {
			t.Errorf("%s: Omnibus fact not flagged as secondary: %q", r.ID, r.Description)
		}
	}
	for _, s := range eu.Obligations {
		if strings.Contains(s.Note, "recollection") {
			t.Errorf("obligations %s: note still marked as recollection: %q", s.Class, s.Note)
		}
		if omnibus(s.Note) && !strings.Contains(s.Note, "secondary") {
			t.Errorf("obligations %s: Omnibus fact not flagged as secondary: %q", s.Class, s.Note)
		}
	}
	for _, o := range slices.Concat(eu.Prohibited, eu.AnnexI, eu.AnnexIII, eu.AnnexIIIAreas, eu.Art6_3, eu.Art50) {
		if omnibus(o.Title+" "+o.Note) && !o.Secondary {
			t.Errorf("option %s: Omnibus fact not flagged as secondary: %q", o.Key, o.Note)
		}
	}
	for _, d := range eu.Dates {
		if omnibus(d.Text) && !d.Secondary {
			t.Errorf("date %s: Omnibus fact not flagged as secondary: %q", d.Date, d.Text)
		}
	}
}

func TestLookupsMiss(t *testing.T) {
	c := load(t)
	if _, ok := c.Framework("iso27001"); ok {
		t.Error("Framework(iso27001) found")
	}
	if _, ok := c.Requirement(ISO42001, "A.1"); ok {
		t.Error("Requirement(iso42001, A.1) found; Annex A starts at A.2")
	}
	if got := c.Children("nope", ""); got != nil {
		t.Errorf("Children(nope) = %v, want nil", got)
	}
	if got := c.Assessable("nope"); got != nil {
		t.Errorf("Assessable(nope) = %v, want nil", got)
	}
}

func TestJSONShape(t *testing.T) {
	c := load(t)
	r, _ := c.Requirement(ISO42001, "4.3")
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"framework", "id", "title", "kind", "parent", "description", "documented_information", "di_mandatory", "evidence", "assessable", "links"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON of 4.3 lacks %q: %s", k, b)
		}
	}
	for _, k := range []string{"objective", "who"} {
		if _, ok := m[k]; ok {
			t.Errorf("JSON of 4.3 has empty %q: %s", k, b)
		}
	}
}

// tiny is a valid two-framework catalog for the validation tests to break.
func tiny() ([]*Framework, *EUAIAct) {
	return []*Framework{
			{ID: ISO42001, Name: "ISO", Requirements: []*Requirement{
				{ID: "4", Title: "Context", Kind: "clause"},
				{ID: "4.1", Title: "Issues", Kind: "clause", Parent: "4", Assessable: true},
				{ID: "4.2", Title: "Parties", Kind: "clause", Parent: "4", Assessable: true},
			}},
			{ID: NISTAIRMF, Name: "NIST", Requirements: []*Requirement{
				{ID: "GOVERN", Title: "Govern", Kind: "function"},
				{ID: "GOVERN 1", Title: "Policies", Kind: "category", Parent: "GOVERN"},
				{ID: "GOVERN 1.1", Title: "Laws", Kind: "subcategory", Parent: "GOVERN 1", Assessable: true,
					Links: []Link{{ISO42001, "4.1", BasisCrosswalk}}},
			}},
		}, &EUAIAct{
			AnnexIIIAreas: []Option{{Key: "annex3.area.1", Title: "Biometrics", Group: "1"}},
			AnnexIII:      []Option{{Key: "annex3.1.a", Title: "Remote biometric identification", Group: "1"}},
			Dates:         []KeyDate{{Date: "2024-08-01", Text: "In force"}},
		}
}

func TestBuildValid(t *testing.T) {
	fws, eu := tiny()
	c, err := build(fws, eu)
	if err != nil {
		t.Fatalf("build(tiny) = %v", err)
	}
	r, _ := c.Requirement(ISO42001, "4.1")
	if want := []Link{{NISTAIRMF, "GOVERN 1.1", BasisCrosswalk}}; !slices.Equal(r.Links, want) {
		t.Errorf("4.1 links = %v, want mirrored %v", r.Links, want)
	}
	if got := ids(c.Assessable(ISO42001)); !slices.Equal(got, []string{"4.1", "4.2"}) {
		t.Errorf("Assessable = %v", got)
	}
}

func TestBuildRejects(t *testing.T) {
	req := func(fws []*Framework, fw int, id string) *Requirement {
		for _, r := range fws[fw].Requirements {
			if r.ID == id {
				return r
			}
		}
		panic("no " + id)
	}
	for _, tc := range []struct {
		name  string
		spoil func(fws []*Framework, eu *EUAIAct) []*Framework
		want  string
	}{
		{"duplicate id", func(fws []*Framework, _ *EUAIAct) []*Framework {
			fws[0].Requirements = append(fws[0].Requirements, &Requirement{ID: "4.1", Title: "Again", Kind: "clause", Parent: "4", Assessable: true})
			return fws
		}, `iso42001 "4.1": duplicate id`},
		{"unknown parent", func(fws []*Framework, _ *EUAIAct) []*Framework {
			fws[0].Requirements = append(fws[0].Requirements, &Requirement{ID: "5.1", Title: "Leadership", Kind: "clause", Parent: "5", Assessable: true})
			return fws
		}, `iso42001 "5.1": unknown parent "5"`},
		{"id outside its parent", func(fws []*Framework, _ *EUAIAct) []*Framework {
			fws[0].Requirements = append(fws[0].Requirements, &Requirement{ID: "5.1", Title: "Leadership", Kind: "clause", Parent: "4", Assessable: true})
			return fws
		}, `iso42001 "5.1": id does not extend its parent "4"`},
		{"dangling link", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 1, "GOVERN 1.1").Links[0].Requirement = "4.9"
			return fws
		}, `nist-ai-rmf "GOVERN 1.1": link to iso42001 "4.9": no such requirement`},
		{"link to unknown framework", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 1, "GOVERN 1.1").Links[0].Framework = "iso27001"
			return fws
		}, `nist-ai-rmf "GOVERN 1.1": link to iso27001 "4.1": no such requirement`},
		{"unknown basis", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 1, "GOVERN 1.1").Links[0].Basis = "official"
			return fws
		}, `nist-ai-rmf "GOVERN 1.1": link to iso42001 "4.1": basis "official"`},
		{"duplicate link", func(fws []*Framework, _ *EUAIAct) []*Framework {
			r := req(fws, 1, "GOVERN 1.1")
			r.Links = append(r.Links, r.Links[0])
			return fws
		}, `nist-ai-rmf "GOVERN 1.1": link to iso42001 "4.1": duplicate link`},
		{"mirror with another basis", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 0, "4.1").Links = []Link{{NISTAIRMF, "GOVERN 1.1", BasisOurs}}
			return fws
		}, `iso42001 "4.1": link to nist-ai-rmf "GOVERN 1.1" has basis "ours" one way and "crosswalk" the other`},
		{"unknown kind", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 0, "4.2").Kind = "article"
			return fws
		}, `iso42001 "4.2": unknown kind "article"`},
		{"parent of the wrong kind", func(fws []*Framework, _ *EUAIAct) []*Framework {
			fws[1].Requirements = append(fws[1].Requirements, &Requirement{ID: "GOVERN 2", Title: "X", Kind: "subcategory", Parent: "GOVERN", Assessable: true})
			return fws
		}, `nist-ai-rmf "GOVERN 2": a subcategory cannot have parent "GOVERN" of kind "function"`},
		{"leaf not assessable", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 0, "4.2").Assessable = false
			return fws
		}, `iso42001 "4.2": assessable must be true`},
		{"parent assessable", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 0, "4").Assessable = true
			return fws
		}, `iso42001 "4": assessable must be false`},
		{"siblings out of order", func(fws []*Framework, _ *EUAIAct) []*Framework {
			rs := fws[0].Requirements
			rs[1], rs[2] = rs[2], rs[1]
			return fws
		}, `iso42001 "4.1": out of order after "4.2"`},
		{"empty title", func(fws []*Framework, _ *EUAIAct) []*Framework {
			req(fws, 0, "4.2").Title = " "
			return fws
		}, `iso42001 "4.2": empty title`},
		{"unknown framework", func(fws []*Framework, _ *EUAIAct) []*Framework {
			fws[0].ID = "iso27001"
			return fws
		}, `framework "iso27001": unknown framework`},
		{"duplicate framework", func(fws []*Framework, _ *EUAIAct) []*Framework {
			return append(fws, fws[0])
		}, `framework "iso42001": duplicate`},
		{"obligation to a missing article", func(fws []*Framework, eu *EUAIAct) []*Framework {
			eu.Obligations = []ObligationSet{{Class: "minimal", Provider: []string{"art95"}}}
			return fws
		}, `obligations "minimal": article "art95" is not in the catalog`},
		{"duplicate option key", func(fws []*Framework, eu *EUAIAct) []*Framework {
			eu.Art50 = []Option{{Key: "annex3.1.a", Title: "Clash"}}
			return fws
		}, `art50 "annex3.1.a": duplicate option key`},
		{"Annex III point in no area", func(fws []*Framework, eu *EUAIAct) []*Framework {
			eu.AnnexIII[0].Group = "9"
			return fws
		}, `annex_iii "annex3.1.a": unknown Annex III area "9"`},
		{"bad date", func(fws []*Framework, eu *EUAIAct) []*Framework {
			eu.Dates = append(eu.Dates, KeyDate{Date: "2026-13-01", Text: "Never"})
			return fws
		}, `date "2026-13-01"`},
		{"dates out of order", func(fws []*Framework, eu *EUAIAct) []*Framework {
			eu.Dates = append(eu.Dates, KeyDate{Date: "2020-01-01", Text: "Before"})
			return fws
		}, `date "2020-01-01": out of order after "2024-08-01"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fws, eu := tiny()
			fws = tc.spoil(fws, eu)
			_, err := build(fws, eu)
			if err == nil {
				t.Fatalf("build() = nil error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("build() = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
