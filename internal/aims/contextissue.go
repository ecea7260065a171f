package aims

import (
	"strings"
	"time"
)

// IssueOrigin says whether a context issue arises inside the organization
// or outside it (clause 4.1 asks for both).
type IssueOrigin string

// The two origins.
const (
	IssueInternal IssueOrigin = "internal"
	IssueExternal IssueOrigin = "external"
)

// IssueOrigins lists the origins in display order.
var IssueOrigins = []IssueOrigin{IssueExternal, IssueInternal}

// Valid reports whether o is a known origin.
func (o IssueOrigin) Valid() bool { return contains(IssueOrigins, o) }

// Label names the origin for people.
func (o IssueOrigin) Label() string {
	if o == "" {
		return ""
	}
	return strings.ToUpper(string(o[:1])) + string(o[1:])
}

// IssueCategory groups context issues the way a PESTLE-style analysis of
// clause 4.1 does.
type IssueCategory string

// The categories.
const (
	IssueLegal          IssueCategory = "legal-regulatory"
	IssueTechnological  IssueCategory = "technological"
	IssueEconomic       IssueCategory = "economic-market"
	IssueSocial         IssueCategory = "social-ethical"
	IssueEnvironmental  IssueCategory = "environmental"
	IssueOrganizational IssueCategory = "organizational-cultural"
	IssueCompetitive    IssueCategory = "competitive"
	IssueOther          IssueCategory = "other"
)

// IssueCategories lists the categories in display order.
var IssueCategories = []IssueCategory{IssueLegal, IssueTechnological, IssueEconomic, IssueSocial, IssueEnvironmental,
	IssueOrganizational, IssueCompetitive, IssueOther}

// Valid reports whether c is a known category.
func (c IssueCategory) Valid() bool { return contains(IssueCategories, c) }

// Label names the category for people.
func (c IssueCategory) Label() string {
	switch c {
	case IssueLegal:
		return "Legal and regulatory"
	case IssueTechnological:
		return "Technological"
	case IssueEconomic:
		return "Economic and market"
	case IssueSocial:
		return "Social and ethical"
	case IssueEnvironmental:
		return "Environmental (including climate)"
	case IssueOrganizational:
		return "Organizational and cultural"
	case IssueCompetitive:
		return "Competitive"
	case IssueOther:
		return "Other"
	}
	return string(c)
}

// Link names another record a record points to: only ID is read from a
// client; the store fills in the reference and name, so the audit diff
// reads "AIS-3 CreditLens", not a bare number.
type Link struct {
	ID   int64  `json:"id"`
	Ref  string `json:"ref,omitempty"`
	Name string `json:"name,omitempty"`
}

// ContextIssue is one internal or external issue relevant to the
// organization's purpose that affects its ability to achieve the intended
// results of its AI management system (clause 4.1).
type ContextIssue struct {
	ID          int64         `json:"id"`
	Ref         string        `json:"ref"`
	Version     int           `json:"version"`
	Title       string        `json:"title"`
	Origin      IssueOrigin   `json:"origin"`
	Category    IssueCategory `json:"category"`
	Description string        `json:"description"`
	Effect      string        `json:"effect"`
	AISystems   []Link        `json:"ai_systems"`
	OwnerID     int64         `json:"owner_id"`
	OwnerName   string        `json:"owner_name"`
	ReviewDate  Date          `json:"review_date"`
	Archived    bool          `json:"archived"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// Normalize trims the title and orders the linked systems, so an edit that
// only reorders them changes nothing.
func (c *ContextIssue) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.AISystems = normalizeLinks(c.AISystems)
}

// Validate checks a context issue as a client sent it.
func (c ContextIssue) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", c.Title, true, maxName)
	checkText(f, "description", c.Description, false, maxText)
	checkText(f, "effect", c.Effect, false, maxText)
	if !c.Origin.Valid() {
		f.add("origin", "must be one of: "+joinEnum(IssueOrigins))
	}
	if !c.Category.Valid() {
		f.add("category", "must be one of: "+joinEnum(IssueCategories))
	}
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	checkLinks(f, "ai_systems", c.AISystems)
	return f.err()
}

// maxLinks bounds the links one record may carry.
const maxLinks = 200

func normalizeLinks(links []Link) []Link {
	out := make([]Link, 0, len(links))
	for _, l := range links {
		out = append(out, Link{ID: l.ID})
	}
	// Insertion sort: a record has few links.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ID < out[j-1].ID; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func checkLinks(f fieldErrors, field string, links []Link) {
	if len(links) > maxLinks {
		f.add(field, "lists more than "+itoa(maxLinks)+" records")
	}
	seen := map[int64]bool{}
	for _, l := range links {
		if l.ID <= 0 {
			f.add(field, "each entry needs the ID of a record")
		} else if seen[l.ID] {
			f.add(field, "lists record "+itoa(int(l.ID))+" twice")
		}
		seen[l.ID] = true
	}
}

// ContextIssueFilter narrows the context issues list. Zero values mean "any".
type ContextIssueFilter struct {
	ListParams
	Origin     IssueOrigin
	Category   IssueCategory
	AISystemID int64
	OwnerID    int64
	Archived   bool
}

// ContextIssueSorts are the columns the list can be sorted by.
var ContextIssueSorts = []string{"ref", "title", "category", "origin", "review_date", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ContextIssueFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ContextIssueSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Origin != "" && !f.Origin.Valid() {
		errs.add("origin", "must be one of: "+joinEnum(IssueOrigins))
	}
	if f.Category != "" && !f.Category.Valid() {
		errs.add("category", "must be one of: "+joinEnum(IssueCategories))
	}
	return errs.err()
}

// The roles of ISO/IEC 22989 an organization can play toward AI that the
// AI system roles do not name already. The context statement records the
// organization's roles as a whole (clause 4.1).
const (
	AIRoleCustomer  AIRole = "customer"
	AIRolePartner   AIRole = "partner"
	AIRoleSubject   AIRole = "subject"
	AIRoleAuthority AIRole = "relevant-authority"
)

// ContextRoles lists the roles a context statement may name, in the
// standard's order.
var ContextRoles = []AIRole{AIRoleProvider, AIRoleProducer, AIRoleCustomer, AIRolePartner, AIRoleSubject, AIRoleAuthority}

// ContextLabel names a role as the context statement shows it.
func (r AIRole) ContextLabel() string {
	if r == AIRoleAuthority {
		return "Relevant authority"
	}
	return "AI " + string(r)
}

// Climate is the organization's decision whether climate change is a
// relevant issue, which clause 4.1 asks it to determine.
type Climate string

// The decisions, and "not decided yet".
const (
	ClimateUndecided   Climate = ""
	ClimateRelevant    Climate = "yes"
	ClimateNotRelevant Climate = "no"
)

// Valid reports whether c is yes, no or not decided.
func (c Climate) Valid() bool {
	return c == ClimateUndecided || c == ClimateRelevant || c == ClimateNotRelevant
}

// Label says the decision for people.
func (c Climate) Label() string {
	switch c {
	case ClimateRelevant:
		return "Relevant"
	case ClimateNotRelevant:
		return "Not relevant"
	}
	return "Not decided yet"
}

// ContextStatement is the organization's one statement of its context:
// its roles toward AI, and whether climate change is a relevant issue and
// why. It is versioned like any record but not numbered: there is one.
type ContextStatement struct {
	Version          int       `json:"version"`
	Roles            []AIRole  `json:"roles"`
	RolesNote        string    `json:"roles_note"`
	ClimateRelevant  Climate   `json:"climate_relevant"`
	ClimateReasoning string    `json:"climate_reasoning"`
	LastReviewed     Date      `json:"last_reviewed"`
	UpdatedAt        time.Time `json:"updated_at"`
	UpdatedBy        string    `json:"updated_by"`
}

// Normalize puts the roles in the standard's order, so the same set saved
// twice is the same statement.
func (c *ContextStatement) Normalize() {
	roles := []AIRole{}
	for _, r := range ContextRoles {
		if contains(c.Roles, r) {
			roles = append(roles, r)
		}
	}
	for _, r := range c.Roles {
		if !contains(ContextRoles, r) { // kept for Validate to refuse
			roles = append(roles, r)
		}
	}
	c.Roles = roles
}

// Validate checks a context statement as a client sent it.
func (c ContextStatement) Validate() error {
	f := fieldErrors{}
	seen := map[AIRole]bool{}
	for _, r := range c.Roles {
		if !contains(ContextRoles, r) {
			f.add("roles", "each role must be one of: "+joinEnum(ContextRoles))
		} else if seen[r] {
			f.add("roles", "lists "+string(r)+" twice")
		}
		seen[r] = true
	}
	checkText(f, "roles_note", c.RolesNote, false, maxText)
	if !c.ClimateRelevant.Valid() {
		f.add("climate_relevant", "must be yes, no or empty (not decided yet)")
	}
	checkText(f, "climate_reasoning", c.ClimateReasoning, c.ClimateRelevant != ClimateUndecided, maxText)
	return f.err()
}
