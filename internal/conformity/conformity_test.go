package conformity

import (
	"fmt"
	"testing"

	"aims/internal/aims"
	"aims/internal/catalog"
)

func load(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(s string) aims.Date {
	d, err := aims.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestComputeEmpty(t *testing.T) {
	o := Compute(load(t), nil, day("2026-11-27"))
	if len(o.Items) != 70 || len(o.Clauses) != 7 || len(o.Controls) != 9 {
		t.Fatalf("items %d, clauses %d, control groups %d; want 70, 7, 9", len(o.Items), len(o.Clauses), len(o.Controls))
	}
	if o.Overall.Score != 0 || o.Overall.Total != 70 || o.ClauseTotal.Total != 32 || o.ControlTotal.Total != 38 {
		t.Errorf("overall %+v, clause total %d, control total %d", o.Overall, o.ClauseTotal.Total, o.ControlTotal.Total)
	}
	if got := len(o.ByPriority()); got != 70 {
		t.Errorf("open items = %d, want 70", got)
	}
	// With nothing done, a mandatory-document clause leads the list.
	first := o.ByPriority()[0]
	if first.Requirement.Kind != "clause" || !first.Requirement.DIMandatory {
		t.Errorf("first priority = %s, want a clause with mandatory documented information", first.Requirement.ID)
	}
}

func TestComputeScores(t *testing.T) {
	entries := map[string]aims.GapEntry{
		"4.1":   {RequirementID: "4.1", Status: aims.GapImplemented},
		"4.2":   {RequirementID: "4.2", Status: aims.GapPartial},
		"4.3":   {RequirementID: "4.3", Status: aims.GapPlanned},
		"A.2.2": {RequirementID: "A.2.2", Status: aims.GapImplemented},
		"A.2.3": {RequirementID: "A.2.3", Status: aims.GapNotApplicable, Justification: "No other policies"},
	}
	o := Compute(load(t), entries, day("2026-11-27"))
	c4 := o.Clauses[0]
	if c4.ID != "4" || c4.Total != 4 || c4.Applicable != 4 || c4.Score != 1.5/4 {
		t.Errorf("clause 4 = %+v, want 4 items, score 0.375", c4)
	}
	a2 := o.Controls[0]
	if a2.ID != "A.2" || a2.Total != 3 || a2.Applicable != 2 || a2.Score != 0.5 || a2.Percent() != 50 {
		t.Errorf("A.2 = %+v, want 2 applicable of 3, 50%%", a2)
	}
	if want := 1.5 / 32; o.ClauseTotal.Score != want {
		t.Errorf("clause total = %v, want %v", o.ClauseTotal.Score, want)
	}
	if want := 1.0 / 37; o.ControlTotal.Score != want {
		t.Errorf("control total = %v, want %v", o.ControlTotal.Score, want)
	}
	if want := 2.5 / 69; o.Overall.Score-want > 1e-12 || want-o.Overall.Score > 1e-12 {
		t.Errorf("overall = %v, want %v", o.Overall.Score, want)
	}
	if o.Assessed != 5 || len(o.Done()) != 3 {
		t.Errorf("assessed %d, done %d; want 5, 3", o.Assessed, len(o.Done()))
	}
}

func TestPriorityOrder(t *testing.T) {
	today := day("2026-11-27")
	entries := map[string]aims.GapEntry{
		// A control overdue outranks every clause.
		"A.7.4": {RequirementID: "A.7.4", Status: aims.GapPartial, OwnerID: 1, TargetDate: day("2026-11-01")},
		// A clause planned, owned and dated ranks below clauses not started.
		"4.3": {RequirementID: "4.3", Status: aims.GapPlanned, OwnerID: 1, TargetDate: day("2027-01-31")},
	}
	o := Compute(load(t), entries, today)
	p := o.ByPriority()
	if p[0].Requirement.ID != "A.7.4" || !p[0].Overdue {
		t.Errorf("first = %s, want overdue A.7.4", p[0].Requirement.ID)
	}
	if want := "Overdue since 2026-11-01: finish it or set a new date."; p[0].Next != want {
		t.Errorf("next = %q, want %q", p[0].Next, want)
	}
	pos := map[string]int{}
	for i, it := range p {
		pos[it.Requirement.ID] = i
	}
	if pos["5.2"] > pos["4.3"] {
		t.Errorf("5.2 (not started, mandatory document) ranks after 4.3 (planned): %d > %d", pos["5.2"], pos["4.3"])
	}
	if pos["4.4"] > pos["A.2.2"] {
		t.Errorf("clause 4.4 ranks after control A.2.2")
	}
	for i := 1; i < len(p); i++ {
		if p[i].Priority > p[i-1].Priority {
			t.Fatalf("not sorted at %d: %d > %d", i, p[i].Priority, p[i-1].Priority)
		}
	}
}

// BenchmarkCompute measures the gap overview of an organization that has
// assessed every requirement, each with two links.
func BenchmarkCompute(b *testing.B) {
	cat := load(b)
	entries := map[string]aims.GapEntry{}
	statuses := aims.GapStatuses
	for i, r := range cat.Assessable(catalog.ISO42001) {
		s := statuses[i%len(statuses)]
		if s == aims.GapNotApplicable && r.Kind == "clause" {
			s = aims.GapPartial
		}
		entries[r.ID] = aims.GapEntry{RequirementID: r.ID, Status: s, OwnerID: int64(i % 3), TargetDate: day("2026-12-01"),
			Links: []aims.GapLink{{URL: fmt.Sprintf("https://example.org/%d", i)}, {AISystemID: 1}}}
	}
	today := day("2026-11-27")
	b.ReportAllocs()
	for b.Loop() {
		o := Compute(cat, entries, today)
		if len(o.ByPriority()) == 0 {
			b.Fatal("nothing open")
		}
	}
}
