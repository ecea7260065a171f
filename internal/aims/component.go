package aims

import (
	"strings"
	"time"
)

// ComponentKind is what part of an AI system a component is: the resources
// Annex A.4 asks the organization to document (data A.4.3, tooling A.4.4,
// system and computing resources A.4.5) plus the model itself and the
// services bought in from others.
type ComponentKind string

// Kinds of AI system component.
const (
	ComponentModel      ComponentKind = "model"
	ComponentData       ComponentKind = "data"
	ComponentTooling    ComponentKind = "tooling"
	ComponentCompute    ComponentKind = "compute"
	ComponentThirdParty ComponentKind = "third-party-service"
	ComponentOther      ComponentKind = "other"
)

// ComponentKinds lists the kinds in display order.
var ComponentKinds = []ComponentKind{ComponentModel, ComponentData, ComponentTooling, ComponentCompute, ComponentThirdParty, ComponentOther}

// Valid reports whether k is a known kind.
func (k ComponentKind) Valid() bool { return contains(ComponentKinds, k) }

// Label names the kind for people.
func (k ComponentKind) Label() string {
	switch k {
	case ComponentModel:
		return "Model"
	case ComponentData:
		return "Data resource"
	case ComponentTooling:
		return "Tooling"
	case ComponentCompute:
		return "System and computing resource"
	case ComponentThirdParty:
		return "Third-party service"
	case ComponentOther:
		return "Other"
	}
	return string(k)
}

// Control names the Annex A control a kind of component documents.
func (k ComponentKind) Control() string {
	switch k {
	case ComponentData:
		return "A.4.3"
	case ComponentTooling, ComponentModel:
		return "A.4.4"
	case ComponentCompute:
		return "A.4.5"
	}
	return "A.4.2"
}

// Component is one itemised resource of an AI system (A.4.2 to A.4.5): a
// model, a data resource, a tool, the compute it runs on, a service bought
// in. Release is the component's own version ("3.2"), apart from the
// record's edit Version.
//
// ThirdPartyID links the supplier or partner in the third-parties register
// that provides the component (A.10.3); Supplier stays the free text for
// in-house or unrecorded suppliers. DatasetID links, on a data component
// only, the data set (A.7) the component is. ThirdParty and Dataset name
// the linked records ("TP-3 Name"), read only, filled in by the store.
type Component struct {
	ID           int64         `json:"id"`
	Ref          string        `json:"ref"`
	Version      int           `json:"version"`
	AISystemID   int64         `json:"ai_system_id"`
	AISystem     string        `json:"ai_system"`
	Kind         ComponentKind `json:"kind"`
	Name         string        `json:"name"`
	Release      string        `json:"release"`
	Supplier     string        `json:"supplier"`
	ThirdPartyID int64         `json:"third_party_id"`
	ThirdParty   string        `json:"third_party"`
	DatasetID    int64         `json:"dataset_id"`
	Dataset      string        `json:"dataset"`
	OwnerID      int64         `json:"owner_id"`
	OwnerName    string        `json:"owner_name"`
	Description  string        `json:"description"`
	InUseSince   Date          `json:"in_use_since"`
	Retired      Date          `json:"retired"`
	Archived     bool          `json:"archived"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// Normalize trims the names and fills the kind a client left out.
func (c *Component) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Release = strings.TrimSpace(c.Release)
	c.Supplier = strings.TrimSpace(c.Supplier)
	if c.Kind == "" {
		c.Kind = ComponentOther
	}
}

// InUse reports whether the component is in use on a day.
func (c Component) InUse(day Date) bool {
	return !c.Archived && (c.InUseSince.IsZero() || !c.InUseSince.After(day)) && (c.Retired.IsZero() || c.Retired.After(day))
}

// Validate checks a component as a client sent it.
func (c Component) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", c.Name, true, maxName)
	checkText(f, "release", c.Release, false, maxName)
	checkText(f, "supplier", c.Supplier, false, maxName)
	checkText(f, "description", c.Description, false, maxText)
	if !c.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(ComponentKinds))
	}
	if c.AISystemID <= 0 {
		f.add("ai_system_id", "is required: the AI system the component belongs to")
	}
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if c.ThirdPartyID < 0 {
		f.add("third_party_id", "must be a third party ID")
	}
	if c.DatasetID < 0 {
		f.add("dataset_id", "must be a data set ID")
	} else if c.DatasetID != 0 && c.Kind != ComponentData {
		f.add("dataset_id", "only a data resource names a data set: set the kind to data or leave the data set out")
	}
	if !c.InUseSince.IsZero() && !c.Retired.IsZero() && c.Retired.Before(c.InUseSince) {
		f.add("retired", "cannot be before the day it came into use")
	}
	return f.err()
}

// ComponentFilter narrows the components list. Zero values mean "any".
type ComponentFilter struct {
	ListParams
	AISystemID   int64
	Kind         ComponentKind
	OwnerID      int64
	ThirdPartyID int64
	DatasetID    int64
	Archived     bool
}

// ComponentSorts are the columns the components list can be sorted by.
var ComponentSorts = []string{"ref", "name", "kind", "ai_system", "in_use_since", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ComponentFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ComponentSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(ComponentKinds))
	}
	return errs.err()
}

// SystemNeed is one line of an AI system's human resources (A.4.6): a role
// people play for the system, the competence it needs and, when someone is
// named, the person in the AIMS (staff) who plays it.
type SystemNeed struct {
	Role           string `json:"role"`
	CompetenceID   int64  `json:"competence_id"`
	CompetenceName string `json:"competence"`
	StaffID        int64  `json:"staff_id"`
	StaffName      string `json:"staff"`
}

// SystemPeople is an AI system's human resources as a whole, written at
// the system's version: the list replaces the one before.
type SystemPeople struct {
	AISystemID int64        `json:"ai_system_id"`
	Version    int          `json:"version"`
	Needs      []SystemNeed `json:"needs"`
}

// maxNeeds caps the lines of one system's human resources.
const maxNeeds = 100

// Validate checks the lines as a client sent them.
func (p SystemPeople) Validate() error {
	f := fieldErrors{}
	if len(p.Needs) > maxNeeds {
		f.add("needs", "lists more than "+itoa(maxNeeds)+" lines")
	}
	seen := map[[3]string]bool{}
	for i, n := range p.Needs {
		field := "needs." + itoa(i)
		checkText(f, field+".role", n.Role, true, maxName)
		if n.CompetenceID < 0 || n.StaffID < 0 {
			f.add(field, "competence_id and staff_id must be IDs")
		}
		if n.CompetenceID == 0 && n.StaffID == 0 {
			f.add(field, "names neither a competence nor a person")
		}
		key := [3]string{strings.TrimSpace(n.Role), itoa(int(n.CompetenceID)), itoa(int(n.StaffID))}
		if seen[key] {
			f.add(field, "repeats an earlier line")
		}
		seen[key] = true
	}
	return f.err()
}

// NeedGap is a competence an AI system needs that nobody in the AIMS holds
// on the day, or that the person named for the role does not hold.
type NeedGap struct {
	Role       string
	Competence string
	Person     string // "" when nobody holds it at all
}

// Text says the gap in words, so it does not rest on colour.
func (g NeedGap) Text() string {
	if g.Person == "" {
		return "Nobody holds " + g.Competence + " (needed for " + g.Role + ")"
	}
	return g.Person + " does not hold " + g.Competence + " (needed for " + g.Role + ")"
}

// NeedGaps works out the gaps of a system's needs from who holds which
// competence on the day (holders: competence ID to the staff IDs holding
// it, from CompetenceGaps' rule).
func NeedGaps(needs []SystemNeed, holders map[int64]map[int64]bool) []NeedGap {
	out := []NeedGap{}
	for _, n := range needs {
		if n.CompetenceID == 0 {
			continue
		}
		h := holders[n.CompetenceID]
		switch {
		case len(h) == 0:
			out = append(out, NeedGap{Role: n.Role, Competence: n.CompetenceName})
		case n.StaffID != 0 && !h[n.StaffID]:
			out = append(out, NeedGap{Role: n.Role, Competence: n.CompetenceName, Person: n.StaffName})
		}
	}
	return out
}
