package aims

import (
	"strings"
	"time"
)

// Lifecycle is the stage an AI system is in, following the life cycle of
// ISO/IEC 22989 that Annex A.6 is organized around.
type Lifecycle string

// Life-cycle stages in order.
const (
	StageInception      Lifecycle = "inception"
	StageDesign         Lifecycle = "design-development"
	StageVerification   Lifecycle = "verification-validation"
	StageDeployment     Lifecycle = "deployment"
	StageOperation      Lifecycle = "operation-monitoring"
	StageReEvaluation   Lifecycle = "re-evaluation"
	StageRetirement     Lifecycle = "retirement"
	defaultReviewMonths           = 12
)

// Lifecycles lists the stages in life-cycle order.
var Lifecycles = []Lifecycle{StageInception, StageDesign, StageVerification, StageDeployment, StageOperation, StageReEvaluation, StageRetirement}

// Valid reports whether s is a known stage.
func (s Lifecycle) Valid() bool { return contains(Lifecycles, s) }

// Label names the stage for people.
func (s Lifecycle) Label() string {
	switch s {
	case StageInception:
		return "Inception"
	case StageDesign:
		return "Design and development"
	case StageVerification:
		return "Verification and validation"
	case StageDeployment:
		return "Deployment"
	case StageOperation:
		return "Operation and monitoring"
	case StageReEvaluation:
		return "Re-evaluation"
	case StageRetirement:
		return "Retirement"
	}
	return string(s)
}

// AIRole is a role the organization plays for an AI system (clause 4.1 asks
// the organization to determine its roles). The main roles follow ISO/IEC
// 42001 and ISO/IEC 22989: provider, producer, customer, partner, subject
// and relevant authority; developer is a sub-role of producer, deployer and
// user are sub-roles of customer. One system may have several. These are
// the organization's roles under the standard, kept apart from its operator
// role under the EU AI Act (provider, deployer, ... in the classification).
type AIRole string

// The organization's possible roles for a system.
const (
	AIRoleProvider  AIRole = "provider"
	AIRoleProducer  AIRole = "producer"
	AIRoleDeveloper AIRole = "developer"
	AIRoleDeployer  AIRole = "deployer"
	AIRoleUser      AIRole = "user"
)

// AIRoleCustomer, AIRolePartner, AIRoleSubject and AIRoleAuthority are in
// contextissue.go, which the context statement shares.

// AIRoles lists the roles in display order, each sub-role after its main
// role. Migration 0019 rewrote older lists in this order.
var AIRoles = []AIRole{AIRoleProvider, AIRoleProducer, AIRoleDeveloper, AIRoleCustomer, AIRoleDeployer, AIRoleUser,
	AIRolePartner, AIRoleSubject, AIRoleAuthority}

// Valid reports whether r is a known role.
func (r AIRole) Valid() bool { return contains(AIRoles, r) }

// Parent is the main role a sub-role belongs to, or "" for a main role.
func (r AIRole) Parent() AIRole {
	switch r {
	case AIRoleDeveloper:
		return AIRoleProducer
	case AIRoleDeployer, AIRoleUser:
		return AIRoleCustomer
	}
	return ""
}

// Label names the role for people.
func (r AIRole) Label() string {
	switch r {
	case "":
		return ""
	case AIRoleAuthority:
		return "Relevant authority"
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

func hasDuplicate(roles []AIRole) bool {
	seen := map[AIRole]bool{}
	for _, r := range roles {
		if seen[r] {
			return true
		}
		seen[r] = true
	}
	return false
}

// withParents adds the main role of each sub-role and puts the list in
// AIRoles' order; unknown roles stay at the end for Validate to name.
func withParents(roles []AIRole) []AIRole {
	has := map[AIRole]bool{}
	for _, r := range roles {
		has[r] = true
		if p := r.Parent(); p != "" {
			has[p] = true
		}
	}
	out := []AIRole{}
	for _, r := range AIRoles {
		if has[r] {
			out = append(out, r)
		}
	}
	for _, r := range roles {
		if !r.Valid() {
			out = append(out, r)
		}
	}
	return out
}

// Autonomy says how far an AI system acts without a person deciding, which
// drives how much human oversight it needs.
type Autonomy string

// Autonomy levels, from least to most autonomous.
const (
	AutonomyAssistive     Autonomy = "assistive"
	AutonomyHumanInLoop   Autonomy = "human-in-the-loop"
	AutonomyHumanOnLoop   Autonomy = "human-on-the-loop"
	AutonomyAutonomous    Autonomy = "autonomous"
	AutonomyNotDetermined Autonomy = ""
)

// Autonomies lists the levels in order.
var Autonomies = []Autonomy{AutonomyAssistive, AutonomyHumanInLoop, AutonomyHumanOnLoop, AutonomyAutonomous}

// Valid reports whether a is a known level or not yet determined.
func (a Autonomy) Valid() bool { return a == AutonomyNotDetermined || contains(Autonomies, a) }

// Label names the level for people.
func (a Autonomy) Label() string {
	switch a {
	case AutonomyAssistive:
		return "Assistive: a person decides"
	case AutonomyHumanInLoop:
		return "Human in the loop: acts after approval"
	case AutonomyHumanOnLoop:
		return "Human on the loop: acts, a person can intervene"
	case AutonomyAutonomous:
		return "Autonomous"
	}
	return "Not determined"
}

// AISystem is one entry of the AI system inventory, the register that Annex
// A.4, A.6 and A.7 evidence hangs from and that scope, risk and impact
// assessments point at.
type AISystem struct {
	ID                   int64           `json:"id"`
	Ref                  string          `json:"ref"`
	Version              int             `json:"version"`
	Name                 string          `json:"name"`
	Purpose              string          `json:"purpose"`
	IntendedUse          string          `json:"intended_use"`
	ForeseeableMisuse    string          `json:"foreseeable_misuse"`
	OwnerID              int64           `json:"owner_id"`
	OwnerName            string          `json:"owner_name"`
	Lifecycle            Lifecycle       `json:"lifecycle"`
	Roles                []AIRole        `json:"roles"`
	Autonomy             Autonomy        `json:"autonomy"`
	HumanOversight       string          `json:"human_oversight"`
	Data                 string          `json:"data"`
	Models               string          `json:"models"`
	Tooling              string          `json:"tooling"`
	Compute              string          `json:"compute"`
	ThirdParty           string          `json:"third_party"`
	InScope              bool            `json:"in_scope"`
	ReviewIntervalMonths int             `json:"review_interval_months"`
	LastReviewed         Date            `json:"last_reviewed"`
	NextReview           Date            `json:"next_review"`
	EUAIAct              *Classification `json:"eu_ai_act"`
	RiskClass            RiskClass       `json:"risk_class"`
	Archived             bool            `json:"archived"`
	CreatedAt            time.Time       `json:"created_at"`
	UpdatedAt            time.Time       `json:"updated_at"`
	// GateReason is read only when a system is registered: why it enters
	// the inventory in a stage behind the stage gate without the records
	// the gate requires (a system already running when the AIMS began).
	// It is kept as the registration's gate override, never on the system.
	GateReason string `json:"gate_reason,omitempty"`
}

// Text limits for the inventory's fields.
const (
	maxName = 200
	maxText = 20_000
)

// Normalize fills the defaults a record takes when the client left them out,
// and derives the fields that are never entered: the risk class comes from
// the EU AI Act answers, the next review from the last review (or, for a
// system never reviewed, from the day it was registered).
func (s *AISystem) Normalize(registered Date) {
	s.Name = strings.TrimSpace(s.Name)
	if s.Lifecycle == "" {
		s.Lifecycle = StageInception
	}
	if s.ReviewIntervalMonths == 0 {
		s.ReviewIntervalMonths = defaultReviewMonths
	}
	if s.Roles == nil {
		s.Roles = []AIRole{}
	}
	if !hasDuplicate(s.Roles) { // a duplicate stays for Validate to name
		s.Roles = withParents(s.Roles)
	}
	base := s.LastReviewed
	if base.IsZero() {
		base = registered
	}
	s.NextReview = base.AddMonths(s.ReviewIntervalMonths)
	s.RiskClass = RiskUnclassified
	if c := s.EUAIAct; c != nil {
		if c.Prohibited == nil {
			c.Prohibited = []string{}
		}
		if c.Art50 == nil {
			c.Art50 = []string{}
		}
		s.RiskClass = c.Result().Class
	}
}

// Validate checks an AI system as a client sent it.
func (s AISystem) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", s.Name, true, maxName)
	checkText(f, "purpose", s.Purpose, true, maxText)
	for field, v := range map[string]string{
		"intended_use": s.IntendedUse, "foreseeable_misuse": s.ForeseeableMisuse,
		"human_oversight": s.HumanOversight, "data": s.Data, "models": s.Models,
		"tooling": s.Tooling, "compute": s.Compute, "third_party": s.ThirdParty, "gate_reason": s.GateReason,
	} {
		checkText(f, field, v, false, maxText)
	}
	if !s.Lifecycle.Valid() {
		f.add("lifecycle", "must be one of: "+joinEnum(Lifecycles))
	}
	seen := map[AIRole]bool{}
	for _, r := range s.Roles {
		if !r.Valid() {
			f.add("roles", "each role must be one of: "+joinEnum(AIRoles))
		} else if seen[r] {
			f.add("roles", "lists "+string(r)+" twice")
		}
		seen[r] = true
	}
	if !s.Autonomy.Valid() {
		f.add("autonomy", "must be one of: "+joinEnum(Autonomies)+" (or empty)")
	}
	if s.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if s.ReviewIntervalMonths < 1 || s.ReviewIntervalMonths > 60 {
		f.add("review_interval_months", "must be between 1 and 60")
	}
	if s.EUAIAct != nil {
		if err := s.EUAIAct.Validate(); err != nil {
			for k, v := range err.(*ValidationError).Fields {
				f.add("eu_ai_act."+k, v)
			}
		}
	}
	return f.err()
}

// ReviewOverdue reports whether the system's periodic review is past due.
func (s AISystem) ReviewOverdue(today Date) bool {
	return !s.Archived && !s.NextReview.IsZero() && s.NextReview.Before(today)
}

// AISystemFilter narrows the inventory list. Zero values mean "any".
type AISystemFilter struct {
	ListParams
	Lifecycle Lifecycle
	RiskClass RiskClass
	OwnerID   int64
	InScope   string // "", "yes", "no"
	Archived  bool   // list archived systems instead of active ones
	Overdue   bool   // only systems whose review is past due
	Today     Date   // the day "overdue" is judged against
}

// AISystemSorts are the columns the inventory can be sorted by.
var AISystemSorts = []string{"ref", "name", "lifecycle", "risk_class", "next_review", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f AISystemFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(AISystemSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Lifecycle != "" && !f.Lifecycle.Valid() {
		errs.add("lifecycle", "must be one of: "+joinEnum(Lifecycles))
	}
	if f.RiskClass != "" && !f.RiskClass.Valid() {
		errs.add("risk_class", "must be one of: "+joinEnum(RiskClasses))
	}
	if f.InScope != "" && f.InScope != "yes" && f.InScope != "no" {
		errs.add("in_scope", "must be yes or no")
	}
	return errs.err()
}

func joinEnum[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// InventorySummary counts the active inventory for the home page.
type InventorySummary struct {
	Total   int
	InScope int
	Overdue int
	ByClass map[RiskClass]int
}
