package aims

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// ScopeStatement is the organization's one statement of the scope of its
// AI management system (clause 4.3), written the way a certification
// auditor reads it: the boundaries, the scope document it is published in,
// the AI systems left out and why, the organizational units and sites in
// and out, the interfaces with units outside, and the context issues,
// obligations and interested parties it took into account. Which AI
// systems are in scope is the inventory's own flag; the statement records
// only the reasons for those left out. Like the context statement it is
// versioned but not numbered: there is one.
type ScopeStatement struct {
	Version     int              `json:"version"`
	Boundaries  string           `json:"boundaries"`
	DocumentID  int64            `json:"document_id"` // 0: not linked yet
	Document    *ScopeDocument   `json:"document,omitempty"`
	Exclusions  []ScopeExclusion `json:"exclusions"`
	Units       []ScopeUnit      `json:"units"`
	Sites       []ScopeSite      `json:"sites"`
	Issues      []Link           `json:"issues"`
	Obligations []Link           `json:"obligations"`
	Parties     []Link           `json:"parties"`
	UpdatedAt   time.Time        `json:"updated_at"`
	UpdatedBy   string           `json:"updated_by"`
}

// ScopeDocument is the linked scope document as the statement shows it:
// read-only, filled in by the store.
type ScopeDocument struct {
	Ref            string   `json:"ref"`
	Title          string   `json:"title"`
	State          DocState `json:"state"`
	ApprovedNumber int      `json:"approved_number"` // the version in force, 0 if none
}

// ScopeExclusion is an AI system of the inventory left out of the scope,
// with the reason.
type ScopeExclusion struct {
	AISystemID int64  `json:"ai_system_id"`
	Ref        string `json:"ref,omitempty"`
	Name       string `json:"name,omitempty"`
	Reason     string `json:"reason"`
}

// ScopeUnit is an organizational unit in or out of the scope; for a unit
// in scope, Interfaces says how it works with units outside.
type ScopeUnit struct {
	Name       string `json:"name"`
	InScope    bool   `json:"in_scope"`
	Reason     string `json:"reason"`
	Interfaces string `json:"interfaces"`
}

// ScopeSite is a location in or out of the scope.
type ScopeSite struct {
	Name    string `json:"name"`
	InScope bool   `json:"in_scope"`
	Reason  string `json:"reason"`
}

// ScopeMeta are the fields a scope statement's audit diff leaves out: the
// bookkeeping and what the store derives.
var ScopeMeta = []string{"version", "updated_at", "updated_by", "document"}

// Normalize trims names and gives the lists their empty values, so a
// statement saved twice unchanged is the same statement.
func (s *ScopeStatement) Normalize() {
	s.Document = nil
	if s.Exclusions == nil {
		s.Exclusions = []ScopeExclusion{}
	}
	if s.Units == nil {
		s.Units = []ScopeUnit{}
	}
	if s.Sites == nil {
		s.Sites = []ScopeSite{}
	}
	for _, l := range []*[]Link{&s.Issues, &s.Obligations, &s.Parties} {
		if *l == nil {
			*l = []Link{}
		}
	}
	sort.SliceStable(s.Exclusions, func(i, j int) bool { return s.Exclusions[i].AISystemID < s.Exclusions[j].AISystemID })
	for _, l := range []*[]Link{&s.Issues, &s.Obligations, &s.Parties} {
		links := *l
		sort.SliceStable(links, func(i, j int) bool { return links[i].ID < links[j].ID })
	}
	for i := range s.Units {
		s.Units[i].Name = strings.TrimSpace(s.Units[i].Name)
	}
	for i := range s.Sites {
		s.Sites[i].Name = strings.TrimSpace(s.Sites[i].Name)
	}
}

// Validate checks a scope statement as a client sent it: whatever is left
// out of the scope carries its reason.
func (s ScopeStatement) Validate() error {
	f := fieldErrors{}
	checkText(f, "boundaries", s.Boundaries, false, maxText)
	if s.DocumentID < 0 {
		f.add("document_id", "must be a document's ID or 0")
	}
	seen := map[int64]bool{}
	for _, e := range s.Exclusions {
		switch {
		case e.AISystemID <= 0:
			f.add("exclusions", "each exclusion must name an AI system")
		case seen[e.AISystemID]:
			f.add("exclusions", "lists AI system "+strconv.FormatInt(e.AISystemID, 10)+" twice")
		case strings.TrimSpace(e.Reason) == "":
			f.add("exclusions", "an AI system left out of the scope needs a reason")
		}
		seen[e.AISystemID] = true
		checkText(f, "exclusions", e.Reason, false, maxText)
	}
	names := map[string]bool{}
	for _, u := range s.Units {
		checkPlace(f, "units", u.Name, u.InScope, u.Reason, names)
		checkText(f, "units", u.Interfaces, false, maxText)
	}
	names = map[string]bool{}
	for _, site := range s.Sites {
		checkPlace(f, "sites", site.Name, site.InScope, site.Reason, names)
	}
	for field, links := range map[string][]Link{"issues": s.Issues, "obligations": s.Obligations, "parties": s.Parties} {
		ids := map[int64]bool{}
		for _, l := range links {
			if l.ID <= 0 || ids[l.ID] {
				f.add(field, "each link must name a record once")
			}
			ids[l.ID] = true
		}
	}
	return f.err()
}

// checkPlace checks one unit or site: named once, and a reason when it is
// left out.
func checkPlace(f fieldErrors, field, name string, in bool, reason string, seen map[string]bool) {
	key := strings.ToLower(strings.TrimSpace(name))
	switch {
	case key == "":
		f.add(field, "each entry needs a name")
	case seen[key]:
		f.add(field, "lists "+name+" twice")
	case !in && strings.TrimSpace(reason) == "":
		f.add(field, name+" is left out of the scope and needs a reason")
	}
	seen[key] = true
	checkText(f, field, name, false, maxName)
	checkText(f, field, reason, false, maxText)
}
