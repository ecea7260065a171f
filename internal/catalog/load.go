package catalog

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed data/*.json
var data embed.FS

// requirementData is a requirement as written in a data file. Clauses is a
// shorthand for links to ISO/IEC 42001 clauses with basis "ours", used by the
// Annex A controls.
type requirementData struct {
	Requirement
	Clauses []string `json:"clauses"`
}

type frameworkData struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Publisher    string            `json:"publisher"`
	Description  string            `json:"description"`
	Note         string            `json:"note"`
	Requirements []requirementData `json:"requirements"`
}

type dateData struct {
	Date   string `json:"date"`
	Text   string `json:"text"`
	Status string `json:"status"` // "confirmed" or "secondary"
}

// euData is eu-ai-act.json: the articles plus the questionnaire data.
type euData struct {
	frameworkData
	Prohibited    []Option        `json:"prohibited"`
	AnnexI        []Option        `json:"annex_i"`
	AnnexIII      []Option        `json:"annex_iii"`
	AnnexIIIAreas []Option        `json:"annex_iii_areas"`
	Art6_3        []Option        `json:"art6_3"`
	Art50         []Option        `json:"art50"`
	Obligations   []ObligationSet `json:"obligations_by_class"`
	Dates         []dateData      `json:"dates"`
}

// Load parses the embedded frameworks, validates them and builds the indexes
// and reverse links. It runs once at start-up; an error names the file and
// the entry at fault, so a bad edit of the data never reaches a user.
func Load() (*Catalog, error) {
	var iso, nist frameworkData
	var eu euData
	for _, f := range []struct {
		name, id string
		into     any
		fw       *frameworkData
	}{
		{"iso42001.json", ISO42001, &iso, &iso},
		{"nist-ai-rmf.json", NISTAIRMF, &nist, &nist},
		{"eu-ai-act.json", EUAIActID, &eu, &eu.frameworkData},
	} {
		b, err := data.ReadFile("data/" + f.name)
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(f.into); err != nil {
			return nil, fmt.Errorf("catalog: %s: %w", f.name, err)
		}
		if f.fw.ID != f.id {
			return nil, fmt.Errorf("catalog: %s: framework id %q, want %q", f.name, f.fw.ID, f.id)
		}
	}
	act := &EUAIAct{
		Prohibited:    eu.Prohibited,
		AnnexI:        eu.AnnexI,
		AnnexIII:      eu.AnnexIII,
		AnnexIIIAreas: eu.AnnexIIIAreas,
		Art6_3:        eu.Art6_3,
		Art50:         eu.Art50,
		Obligations:   eu.Obligations,
	}
	for _, d := range eu.Dates {
		if d.Status != "confirmed" && d.Status != "secondary" {
			return nil, fmt.Errorf("catalog: eu-ai-act.json: date %s: status %q, want confirmed or secondary", d.Date, d.Status)
		}
		act.Dates = append(act.Dates, KeyDate{Date: d.Date, Text: d.Text, Secondary: d.Status == "secondary"})
	}
	return build([]*Framework{iso.framework(), nist.framework(), eu.framework()}, act)
}

// framework turns file data into a Framework, expanding Clauses into links.
func (d *frameworkData) framework() *Framework {
	f := &Framework{ID: d.ID, Name: d.Name, Version: d.Version, Publisher: d.Publisher,
		Description: d.Description, Note: d.Note, Requirements: make([]*Requirement, len(d.Requirements))}
	for i := range d.Requirements {
		r := &d.Requirements[i].Requirement
		for _, c := range d.Requirements[i].Clauses {
			r.Links = append(r.Links, Link{Framework: ISO42001, Requirement: c, Basis: BasisOurs})
		}
		f.Requirements[i] = r
	}
	return f
}

// kindRules says which kinds a framework has and which kind each kind's
// parent must be ("" = top level). ISO clauses and controls nest in their own kind.
func kindRules(framework string) map[string][]string {
	switch framework {
	case ISO42001:
		return map[string][]string{"clause": {"", "clause"}, "control": {"", "control"}}
	case NISTAIRMF:
		return map[string][]string{"function": {""}, "category": {"function"}, "subcategory": {"category"}}
	case EUAIActID:
		return map[string][]string{"article": {""}}
	}
	return nil
}

// build validates the frameworks and the EU AI Act data, mirrors every link
// and indexes the result. It is separate from Load so tests can feed it
// small, deliberately broken catalogs built in code.
func build(fws []*Framework, eu *EUAIAct) (*Catalog, error) {
	if eu == nil {
		eu = &EUAIAct{}
	}
	c := &Catalog{
		byID:       map[string]*Framework{},
		reqs:       map[string]map[string]*Requirement{},
		children:   map[string]map[string][]*Requirement{},
		assessable: map[string][]*Requirement{},
		eu:         eu,
		options:    map[string]Option{},
	}
	fwPos := map[string]int{}
	reqPos := map[*Requirement]int{}
	for i, f := range fws {
		if err := c.addFramework(f); err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		fwPos[f.ID] = i
		for j, r := range f.Requirements {
			reqPos[r] = j
		}
	}
	if err := c.mirrorLinks(); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	for _, f := range c.frameworks {
		for _, r := range f.Requirements {
			slices.SortStableFunc(r.Links, func(a, b Link) int {
				if n := cmp.Compare(fwPos[a.Framework], fwPos[b.Framework]); n != 0 {
					return n
				}
				return cmp.Compare(reqPos[c.reqs[a.Framework][a.Requirement]], reqPos[c.reqs[b.Framework][b.Requirement]])
			})
		}
	}
	if err := c.checkEU(); err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", EUAIActID, err)
	}
	return c, nil
}

// addFramework checks one framework's entries (IDs, titles, kinds, parents,
// order, assessable leaves) and indexes them.
func (c *Catalog) addFramework(f *Framework) error {
	if f.ID == "" || f.Name == "" {
		return fmt.Errorf("framework %q: id and name are required", f.ID)
	}
	if _, dup := c.byID[f.ID]; dup {
		return fmt.Errorf("framework %q: duplicate", f.ID)
	}
	rules := kindRules(f.ID)
	if rules == nil {
		return fmt.Errorf("framework %q: unknown framework", f.ID)
	}
	reqs := map[string]*Requirement{}
	children := map[string][]*Requirement{}
	for _, r := range f.Requirements {
		if r == nil {
			return fmt.Errorf("%s: nil requirement", f.ID)
		}
		if r.Framework == "" {
			r.Framework = f.ID
		}
		where := fmt.Sprintf("%s %q", f.ID, r.ID)
		switch {
		case r.ID == "":
			return fmt.Errorf("%s: requirement with an empty id (after %d entries)", f.ID, len(reqs))
		case reqs[r.ID] != nil:
			return fmt.Errorf("%s: duplicate id", where)
		case r.Framework != f.ID:
			return fmt.Errorf("%s: framework %q inside %q", where, r.Framework, f.ID)
		case strings.TrimSpace(r.Title) == "":
			return fmt.Errorf("%s: empty title", where)
		case rules[r.Kind] == nil:
			return fmt.Errorf("%s: unknown kind %q", where, r.Kind)
		}
		parentKind := ""
		if r.Parent != "" {
			p := reqs[r.Parent]
			if p == nil {
				return fmt.Errorf("%s: unknown parent %q (parents must come before their children)", where, r.Parent)
			}
			if !strings.HasPrefix(r.ID, r.Parent+".") && !strings.HasPrefix(r.ID, r.Parent+" ") {
				return fmt.Errorf("%s: id does not extend its parent %q", where, r.Parent)
			}
			parentKind = p.Kind
		}
		if !slices.Contains(rules[r.Kind], parentKind) {
			return fmt.Errorf("%s: a %s cannot have parent %q of kind %q", where, r.Kind, r.Parent, parentKind)
		}
		if sib := children[r.Parent]; len(sib) > 0 && !inOrder(sib[len(sib)-1].ID, r.ID) {
			return fmt.Errorf("%s: out of order after %q", where, sib[len(sib)-1].ID)
		}
		reqs[r.ID] = r
		children[r.Parent] = append(children[r.Parent], r)
	}
	for _, r := range f.Requirements {
		if leaf := len(children[r.ID]) == 0; r.Assessable != leaf {
			return fmt.Errorf("%s %q: assessable must be %t: only leaves are assessed", f.ID, r.ID, leaf)
		}
		if r.Assessable {
			c.assessable[f.ID] = append(c.assessable[f.ID], r)
		}
	}
	c.frameworks = append(c.frameworks, f)
	c.byID[f.ID] = f
	c.reqs[f.ID] = reqs
	c.children[f.ID] = children
	return nil
}

// inOrder reports whether sibling b may follow sibling a: when both end in a
// number after the same prefix ("MEASURE 2.9", "MEASURE 2.10"; "9", "10"),
// the numbers must increase. Other pairs (GOVERN then MAP) keep file order.
func inOrder(a, b string) bool {
	pa, na, okA := numericTail(a)
	pb, nb, okB := numericTail(b)
	if !okA || !okB || pa != pb {
		return true
	}
	return na < nb
}

func numericTail(id string) (prefix string, n int, ok bool) {
	i := strings.LastIndexAny(id, ". ")
	n, err := strconv.Atoi(id[i+1:])
	if err != nil {
		return "", 0, false
	}
	if i < 0 {
		return "", n, true
	}
	return id[:i], n, true
}

// mirrorLinks checks every declared link and adds its reverse, so each side
// of a mapping can be read from either end with the same basis.
func (c *Catalog) mirrorLinks() error {
	type key struct{ fromFW, fromID, toFW, toID string }
	basis := map[key]string{}
	var declared []key
	for _, f := range c.frameworks {
		for _, r := range f.Requirements {
			for _, l := range r.Links {
				where := fmt.Sprintf("%s %q: link to %s %q", f.ID, r.ID, l.Framework, l.Requirement)
				if l.Basis != BasisCrosswalk && l.Basis != BasisOurs {
					return fmt.Errorf("%s: basis %q, want %q or %q", where, l.Basis, BasisCrosswalk, BasisOurs)
				}
				if _, ok := c.reqs[l.Framework][l.Requirement]; !ok {
					return fmt.Errorf("%s: no such requirement", where)
				}
				if l.Framework == f.ID && l.Requirement == r.ID {
					return fmt.Errorf("%s: links to itself", where)
				}
				k := key{f.ID, r.ID, l.Framework, l.Requirement}
				if _, dup := basis[k]; dup {
					return fmt.Errorf("%s: duplicate link", where)
				}
				basis[k] = l.Basis
				declared = append(declared, k)
			}
		}
	}
	for _, k := range declared {
		back := key{k.toFW, k.toID, k.fromFW, k.fromID}
		if b, ok := basis[back]; ok {
			if b != basis[k] {
				return fmt.Errorf("%s %q: link to %s %q has basis %q one way and %q the other", k.fromFW, k.fromID, k.toFW, k.toID, basis[k], b)
			}
			continue
		}
		basis[back] = basis[k]
		target := c.reqs[k.toFW][k.toID]
		target.Links = append(target.Links, Link{Framework: k.fromFW, Requirement: k.fromID, Basis: basis[k]})
	}
	return nil
}

// checkEU validates the questionnaire data and indexes the options: unique
// keys with titles, Annex III points in a known area, obligation articles
// that exist, and dates that parse and run forward.
func (c *Catalog) checkEU() error {
	eu := c.eu
	lists := []struct {
		name string
		opts []Option
	}{
		{"prohibited", eu.Prohibited}, {"annex_i", eu.AnnexI}, {"annex_iii", eu.AnnexIII},
		{"annex_iii_areas", eu.AnnexIIIAreas}, {"art6_3", eu.Art6_3}, {"art50", eu.Art50},
	}
	areas := map[string]bool{}
	for _, a := range eu.AnnexIIIAreas {
		areas[a.Group] = true
	}
	for _, l := range lists {
		for _, o := range l.opts {
			switch {
			case o.Key == "":
				return fmt.Errorf("%s: option with an empty key", l.name)
			case strings.TrimSpace(o.Title) == "":
				return fmt.Errorf("%s %q: empty title", l.name, o.Key)
			case c.options[o.Key].Key != "":
				return fmt.Errorf("%s %q: duplicate option key", l.name, o.Key)
			case l.name == "annex_iii" && !areas[o.Group]:
				return fmt.Errorf("%s %q: unknown Annex III area %q", l.name, o.Key, o.Group)
			}
			c.options[o.Key] = o
		}
	}
	classes := map[string]bool{}
	for _, s := range eu.Obligations {
		if s.Class == "" || classes[s.Class] {
			return fmt.Errorf("obligations: empty or duplicate class %q", s.Class)
		}
		classes[s.Class] = true
		for _, a := range slices.Concat(s.Provider, s.Deployer) {
			if _, ok := c.reqs[EUAIActID][a]; !ok {
				return fmt.Errorf("obligations %q: article %q is not in the catalog", s.Class, a)
			}
		}
	}
	prev := ""
	for _, d := range eu.Dates {
		if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			return fmt.Errorf("date %q: %w", d.Date, err)
		}
		if d.Date < prev {
			return fmt.Errorf("date %q: out of order after %q", d.Date, prev)
		}
		if d.Text == "" {
			return fmt.Errorf("date %q: empty text", d.Date)
		}
		prev = d.Date
	}
	return nil
}
