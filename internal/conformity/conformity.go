// Package conformity turns the gap analysis into readiness: how far each
// clause and Annex A group is implemented, and what to do next, in order of
// what a certification auditor will look at first.
package conformity

import (
	"sort"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
)

// Item is one assessable requirement (a clause 4-10 leaf or an Annex A
// control) with the organization's gap entry for it.
type Item struct {
	Requirement *catalog.Requirement
	Entry       aims.GapEntry
	Group       string // the top-level clause ("6") or Annex A group ("A.6")
	Open        bool   // work remains: not implemented and not excluded
	Overdue     bool   // open and past its target date
	Priority    int    // higher comes first among open items
	// Next says in one sentence what to do about an open item.
	Next string
}

// Group is the readiness of one clause or Annex A group.
type Group struct {
	ID         string
	Title      string
	Kind       string // "clause" or "control"
	Total      int    // assessable requirements in the group
	Applicable int    // Total minus those not applicable
	Counts     map[aims.GapStatus]int
	// Score is the share of applicable requirements implemented, partial
	// work counting half (see aims.GapStatus.Credit); 1 when nothing applies.
	Score float64
}

// Percent is Score as a whole percentage, rounded down so that 99.9% never
// shows as done.
func (g Group) Percent() int { return int(g.Score * 100) }

// Overview is the gap analysis of one organization on one day.
type Overview struct {
	AsOf     aims.Date
	Clauses  []Group // 4 to 10
	Controls []Group // A.2 to A.10
	// ClauseTotal, ControlTotal and Overall add up the groups.
	ClauseTotal, ControlTotal, Overall Group
	Items                              []Item // standard order
	Assessed                           int    // items with an entry
}

// Compute builds the overview from the catalog and the organization's gap
// entries (keyed by requirement ID; missing ones are not started). It does
// no I/O: the caller reads the entries with two queries.
func Compute(cat *catalog.Catalog, entries map[string]aims.GapEntry, today aims.Date) Overview {
	o := Overview{AsOf: today}
	groups := map[string]*Group{}
	var order []string
	for _, top := range cat.Children(catalog.ISO42001, "") {
		g := &Group{ID: top.ID, Title: top.Title, Kind: top.Kind, Counts: map[aims.GapStatus]int{}}
		groups[top.ID] = g
		order = append(order, top.ID)
	}
	for _, r := range cat.Assessable(catalog.ISO42001) {
		e, ok := entries[r.ID]
		if ok {
			o.Assessed++
		} else {
			e = aims.GapEntry{ID: r.ID, RequirementID: r.ID, Status: aims.GapNotStarted, Links: []aims.GapLink{}}
		}
		it := Item{Requirement: r, Entry: e, Group: topOf(r.ID)}
		it.Open, it.Overdue = e.Open(), e.Overdue(today)
		if it.Open {
			it.Priority, it.Next = priority(it, today)
		}
		o.Items = append(o.Items, it)
		if g := groups[it.Group]; g != nil {
			g.add(e.Status)
		}
	}
	o.ClauseTotal = Group{ID: "clauses", Title: "Clauses 4 to 10", Kind: "clause", Counts: map[aims.GapStatus]int{}}
	o.ControlTotal = Group{ID: "annex-a", Title: "Annex A controls", Kind: "control", Counts: map[aims.GapStatus]int{}}
	o.Overall = Group{ID: "all", Title: "All requirements", Counts: map[aims.GapStatus]int{}}
	for _, id := range order {
		g := groups[id]
		g.finish()
		total := &o.ClauseTotal
		if g.Kind == "clause" {
			o.Clauses = append(o.Clauses, *g)
		} else {
			o.Controls = append(o.Controls, *g)
			total = &o.ControlTotal
		}
		total.merge(*g)
		o.Overall.merge(*g)
	}
	o.ClauseTotal.finish()
	o.ControlTotal.finish()
	o.Overall.finish()
	return o
}

func (g *Group) add(s aims.GapStatus) {
	g.Total++
	g.Counts[s]++
	if s != aims.GapNotApplicable {
		g.Applicable++
	}
	g.Score += s.Credit() // a sum until finish divides it
}

func (g *Group) merge(o Group) {
	g.Total += o.Total
	g.Applicable += o.Applicable
	for s, n := range o.Counts {
		g.Counts[s] += n
	}
	g.Score += o.Score * float64(o.Applicable)
}

func (g *Group) finish() {
	if g.Applicable == 0 {
		g.Score = 1
		return
	}
	g.Score /= float64(g.Applicable)
}

// topOf returns the clause ("6") or Annex A group ("A.6") of a requirement.
func topOf(id string) string {
	if strings.HasPrefix(id, "A.") {
		parts := strings.SplitN(id, ".", 3)
		return parts[0] + "." + parts[1]
	}
	top, _, _ := strings.Cut(id, ".")
	return top
}

// Priority weights. An auditor's Stage 1 review starts with the clauses and
// the documented information they make mandatory, and a missed target date
// is a commitment already broken, so those come first; among the rest,
// untouched work before planned work before partial work, and work nobody
// owns or has dated before work that is planned.
const (
	weightOverdue    = 1000
	weightClause     = 300
	weightMandatory  = 200
	weightNotStarted = 100
	weightPlanned    = 60
	weightPartial    = 30
	weightNoOwner    = 20
	weightNoDate     = 10
)

func priority(it Item, today aims.Date) (int, string) {
	e, r := it.Entry, it.Requirement
	p := 0
	var next []string
	if it.Overdue {
		p += weightOverdue
		next = append(next, "overdue since "+e.TargetDate.String()+": finish it or set a new date")
	}
	if r.Kind == "clause" {
		p += weightClause
	}
	if r.DIMandatory {
		p += weightMandatory
	}
	switch e.Status {
	case aims.GapNotStarted:
		p += weightNotStarted
	case aims.GapPlanned:
		p += weightPlanned
	case aims.GapPartial:
		p += weightPartial
	}
	if e.OwnerID == 0 {
		p += weightNoOwner
		next = append(next, "assign an owner")
	}
	if e.TargetDate.IsZero() {
		p += weightNoDate
		next = append(next, "set a target date")
	}
	switch {
	case len(next) > 0:
	case e.Status == aims.GapPartial:
		next = append(next, "complete the remaining work and link the evidence")
	default:
		next = append(next, "start the planned work")
	}
	if r.DIMandatory && len(e.Links) == 0 {
		next = append(next, "keep and link: "+lowerFirst(strings.TrimSuffix(r.DocumentedInformation, ".")))
	}
	s := strings.Join(next, "; ")
	return p, strings.ToUpper(s[:1]) + s[1:] + "."
}

// ByPriority returns the open items, most urgent first; ties keep the
// standard's order.
func (o Overview) ByPriority() []Item {
	var open []Item
	for _, it := range o.Items {
		if it.Open {
			open = append(open, it)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].Priority > open[j].Priority })
	return open
}

// Done returns the items implemented or excluded, in the standard's order.
func (o Overview) Done() []Item {
	var done []Item
	for _, it := range o.Items {
		if !it.Open {
			done = append(done, it)
		}
	}
	return done
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "AI ") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
