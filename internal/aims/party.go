package aims

import (
	"strings"
	"time"
)

// PartyType is the kind of interested party (clause 4.2): who they are to
// the organization decides which needs and expectations they bring.
type PartyType string

// Kinds of interested party.
const (
	PartyCustomer  PartyType = "customer"
	PartyRegulator PartyType = "regulator"
	PartyEmployee  PartyType = "employee"
	PartySupplier  PartyType = "supplier"
	PartyPartner   PartyType = "partner"
	PartyOwner     PartyType = "owner"
	PartyCommunity PartyType = "community"
	PartyOther     PartyType = "other"
)

// PartyTypes lists the kinds in display order.
var PartyTypes = []PartyType{PartyCustomer, PartyRegulator, PartyEmployee, PartySupplier, PartyPartner, PartyOwner, PartyCommunity, PartyOther}

// Valid reports whether t is a known kind.
func (t PartyType) Valid() bool { return contains(PartyTypes, t) }

// Label names the kind for people.
func (t PartyType) Label() string {
	switch t {
	case PartyCustomer:
		return "Customer"
	case PartyRegulator:
		return "Regulator or authority"
	case PartyEmployee:
		return "Employees and their representatives"
	case PartySupplier:
		return "Supplier"
	case PartyPartner:
		return "Partner"
	case PartyOwner:
		return "Investor or owner"
	case PartyCommunity:
		return "Affected community or public"
	case PartyOther:
		return "Other"
	}
	return string(t)
}

// Addressed says whether the AI management system addresses a party's
// relevant requirements (4.2 c), so the gaps among them are visible.
type Addressed string

// How far the AIMS addresses a party's requirements.
const (
	AddressedFully  Addressed = "addressed"
	AddressedPartly Addressed = "partly"
	AddressedNot    Addressed = "not-addressed"
)

// Addressings lists the levels from most to least addressed.
var Addressings = []Addressed{AddressedFully, AddressedPartly, AddressedNot}

// Valid reports whether a is a known level.
func (a Addressed) Valid() bool { return contains(Addressings, a) }

// Label names the level for people.
func (a Addressed) Label() string {
	switch a {
	case AddressedFully:
		return "Addressed"
	case AddressedPartly:
		return "Partly addressed"
	case AddressedNot:
		return "Not addressed"
	}
	return string(a)
}

// Party is one interested party of the AI management system: who they are,
// what they need and expect, which of those needs are requirements the AIMS
// must meet, and whether it does (clause 4.2).
type Party struct {
	ID           int64     `json:"id"`
	Ref          string    `json:"ref"`
	Version      int       `json:"version"`
	Name         string    `json:"name"`
	Type         PartyType `json:"type"`
	Internal     bool      `json:"internal"`
	Needs        string    `json:"needs"`
	Requirements string    `json:"requirements"`
	Addressed    Addressed `json:"addressed"`
	HowAddressed string    `json:"how_addressed"`
	OwnerID      int64     `json:"owner_id"`
	OwnerName    string    `json:"owner_name"`
	ReviewDate   Date      `json:"review_date"`
	Archived     bool      `json:"archived"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Normalize trims the name and fills the defaults a client may leave out:
// a party nobody has assessed yet is not addressed.
func (p *Party) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	if p.Type == "" {
		p.Type = PartyOther
	}
	if p.Addressed == "" {
		p.Addressed = AddressedNot
	}
}

// Validate checks an interested party as a client sent it.
func (p Party) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", p.Name, true, maxName)
	checkText(f, "needs", p.Needs, false, maxText)
	checkText(f, "requirements", p.Requirements, false, maxText)
	checkText(f, "how_addressed", p.HowAddressed, false, maxText)
	if !p.Type.Valid() {
		f.add("type", "must be one of: "+joinEnum(PartyTypes))
	}
	if !p.Addressed.Valid() {
		f.add("addressed", "must be one of: "+joinEnum(Addressings))
	}
	if p.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// PartyFilter narrows the interested parties list. Zero values mean "any".
type PartyFilter struct {
	ListParams
	Type      PartyType
	Addressed Addressed
	OwnerID   int64
	Archived  bool
}

// PartySorts are the columns the interested parties can be sorted by.
var PartySorts = []string{"ref", "name", "type", "addressed", "review_date", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f PartyFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(PartySorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Type != "" && !f.Type.Valid() {
		errs.add("type", "must be one of: "+joinEnum(PartyTypes))
	}
	if f.Addressed != "" && !f.Addressed.Valid() {
		errs.add("addressed", "must be one of: "+joinEnum(Addressings))
	}
	return errs.err()
}
