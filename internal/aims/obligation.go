package aims

import (
	"slices"
	"strings"
	"time"
)

// ObligationKind says where an obligation comes from: the law, a
// regulator's rules, a contract, or a commitment the organization chose.
type ObligationKind string

// Kinds of obligation.
const (
	KindLegal       ObligationKind = "legal"
	KindRegulatory  ObligationKind = "regulatory"
	KindContractual ObligationKind = "contractual"
	KindVoluntary   ObligationKind = "voluntary"
)

// ObligationKinds lists the kinds in display order.
var ObligationKinds = []ObligationKind{KindLegal, KindRegulatory, KindContractual, KindVoluntary}

// Valid reports whether k is a known kind.
func (k ObligationKind) Valid() bool { return contains(ObligationKinds, k) }

// Label names the kind for people.
func (k ObligationKind) Label() string {
	switch k {
	case KindLegal:
		return "Legal"
	case KindRegulatory:
		return "Regulatory"
	case KindContractual:
		return "Contractual"
	case KindVoluntary:
		return "Voluntary commitment"
	}
	return string(k)
}

// Compliance is how far the organization meets an obligation.
type Compliance string

// Compliance levels; an obligation nobody has looked at is not assessed.
const (
	ComplianceMet         Compliance = "met"
	CompliancePartly      Compliance = "partly-met"
	ComplianceNotMet      Compliance = "not-met"
	ComplianceNotAssessed Compliance = "not-assessed"
)

// Compliances lists the levels in display order.
var Compliances = []Compliance{ComplianceMet, CompliancePartly, ComplianceNotMet, ComplianceNotAssessed}

// Valid reports whether c is a known level.
func (c Compliance) Valid() bool { return contains(Compliances, c) }

// Label names the level for people.
func (c Compliance) Label() string {
	switch c {
	case ComplianceMet:
		return "Met"
	case CompliancePartly:
		return "Partly met"
	case ComplianceNotMet:
		return "Not met"
	case ComplianceNotAssessed:
		return "Not assessed"
	}
	return string(c)
}

// Linked names a record another record links to, for pages and the audit
// trail: "AIS-3 CreditLens".
type Linked struct {
	ID    int64
	Label string
}

// Obligation is a legal, regulatory or contractual requirement the AI
// management system must meet (clauses 4.1 and 4.2): where it comes from,
// what it asks, which AI systems and interested parties it concerns, and
// how it is met.
type Obligation struct {
	ID          int64          `json:"id"`
	Ref         string         `json:"ref"`
	Version     int            `json:"version"`
	Title       string         `json:"title"`
	Kind        ObligationKind `json:"kind"`
	Source      string         `json:"source"`
	Asks        string         `json:"asks"`
	AISystemIDs []int64        `json:"ai_system_ids"`
	// AISystems and Parties name the linked records ("AIS-3 CreditLens"),
	// in their IDs' order; they are read-only, filled in by the store.
	AISystems  []string   `json:"ai_systems"`
	PartyIDs   []int64    `json:"party_ids"`
	Parties    []string   `json:"parties"`
	OwnerID    int64      `json:"owner_id"`
	OwnerName  string     `json:"owner_name"`
	HowMet     string     `json:"how_met"`
	Status     Compliance `json:"status"`
	ReviewDate Date       `json:"review_date"`
	// EUAIActSet is the EU AI Act catalog's obligation set the obligation
	// was proposed from, for the AI system it was proposed for; "" for an
	// obligation entered by hand. Read-only.
	EUAIActSet string    `json:"eu_ai_act_set"`
	Archived   bool      `json:"archived"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Normalize trims the title, fills the defaults a client may leave out and
// puts the links in a canonical order, so that a reordered list is no
// change.
func (o *Obligation) Normalize() {
	o.Title = strings.TrimSpace(o.Title)
	if o.Status == "" {
		o.Status = ComplianceNotAssessed
	}
	o.AISystemIDs = canonicalIDs(o.AISystemIDs)
	o.PartyIDs = canonicalIDs(o.PartyIDs)
}

func canonicalIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	if out == nil {
		out = []int64{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Validate checks an obligation as a client sent it.
func (o Obligation) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", o.Title, true, maxName)
	checkText(f, "source", o.Source, false, maxName)
	checkText(f, "asks", o.Asks, false, maxText)
	checkText(f, "how_met", o.HowMet, false, maxText)
	if !o.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(ObligationKinds))
	}
	if !o.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(Compliances))
	}
	if o.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	for field, ids := range map[string][]int64{"ai_system_ids": o.AISystemIDs, "party_ids": o.PartyIDs} {
		if len(ids) > maxLinks {
			f.add(field, "lists more than "+itoa(maxLinks)+" records")
		}
		for _, id := range ids {
			if id <= 0 {
				f.add(field, "must list record IDs")
				break
			}
		}
	}
	return f.err()
}

// LinkedSystems pairs the linked AI systems' IDs with their names.
func (o Obligation) LinkedSystems() []Linked { return pair(o.AISystemIDs, o.AISystems) }

// LinkedParties pairs the linked interested parties' IDs with their names.
func (o Obligation) LinkedParties() []Linked { return pair(o.PartyIDs, o.Parties) }

func pair(ids []int64, labels []string) []Linked {
	out := make([]Linked, 0, len(ids))
	for i, id := range ids {
		l := Linked{ID: id}
		if i < len(labels) {
			l.Label = labels[i]
		}
		out = append(out, l)
	}
	return out
}

// ObligationFilter narrows the obligations list. Zero values mean "any".
type ObligationFilter struct {
	ListParams
	Kind       ObligationKind
	Status     Compliance
	AISystemID int64
	PartyID    int64
	OwnerID    int64
	Archived   bool
}

// ObligationSorts are the columns the obligations can be sorted by.
var ObligationSorts = []string{"ref", "title", "kind", "status", "review_date", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ObligationFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ObligationSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(ObligationKinds))
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(Compliances))
	}
	return errs.err()
}
