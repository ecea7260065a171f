package aims

import (
	"slices"
	"strconv"
)

// What the EU AI Act asks of the organization when an AI incident is a
// serious incident (Art. 3(49)) depends on the AI system's risk class and
// on the organization's operator role for it. DecideIncidentDuty is the one
// place that decides it; the incident page, the API, the due work and the
// register's filters all follow it.

// EURole is the organization's operator role for an AI system under the EU
// AI Act, as far as serious incidents go: provider (Art. 3(3)) or deployer
// (Art. 3(4)), or unknown when its roles for the system say neither.
type EURole string

// Operator roles for the incident duties.
const (
	EURoleProvider EURole = "provider"
	EURoleDeployer EURole = "deployer"
	EURoleUnknown  EURole = ""
)

// EURoles lists them.
var EURoles = []EURole{EURoleProvider, EURoleDeployer, EURoleUnknown}

// EUProviderRoles and EUDeployerRoles are the organization's roles for a
// system (ISO/IEC 22989) read as the EU AI Act's provider and deployer, as
// the catalog's obligation proposals read them. A rebranded, substantially
// modified or repurposed system (Art. 25) makes the organization its
// provider whatever its roles.
var (
	EUProviderRoles = []AIRole{AIRoleProvider, AIRoleProducer}
	EUDeployerRoles = []AIRole{AIRoleCustomer, AIRoleDeployer, AIRoleUser}
)

// EURoleOf reads the operator role from a system's roles: provider wins
// when the organization is both, since the provider's duty covers the
// deployer's.
func EURoleOf(roles []AIRole, becomesProvider bool) EURole {
	has := func(set []AIRole) bool {
		return slices.ContainsFunc(roles, func(r AIRole) bool { return slices.Contains(set, r) })
	}
	switch {
	case becomesProvider || has(EUProviderRoles):
		return EURoleProvider
	case has(EUDeployerRoles):
		return EURoleDeployer
	}
	return EURoleUnknown
}

// IncidentDutyKind is the duty a serious incident puts on the organization.
type IncidentDutyKind string

// Duties.
const (
	// DutyNone: no dated EU AI Act duty (not serious, or not high-risk).
	DutyNone IncidentDutyKind = "none"
	// DutyReportAuthority: report to the market surveillance authority
	// within the Art. 73 deadline (the provider of a high-risk system).
	DutyReportAuthority IncidentDutyKind = "report-authority"
	// DutyInformProvider: inform the provider immediately, Art. 26(5) (the
	// deployer of a high-risk system).
	DutyInformProvider IncidentDutyKind = "inform-provider"
)

// Label names the duty for people.
func (k IncidentDutyKind) Label() string {
	switch k {
	case DutyReportAuthority:
		return "Report to the market surveillance authority (Art. 73)"
	case DutyInformProvider:
		return "Inform the provider immediately (Art. 26(5))"
	}
	return "No EU AI Act Art. 73 deadline"
}

// IncidentDutyCase is what the decision needs to know.
type IncidentDutyCase struct {
	Serious    bool
	Kind       SeriousKind
	AwareOn    Date
	HasSystem  bool      // false: the incident is about the AIMS as a whole
	SystemName string    // for the reason, optional
	Class      RiskClass // the system's EU AI Act class
	Role       EURole
}

// IncidentDuty is the decision: which duty, due when, and why in words.
type IncidentDuty struct {
	Kind   IncidentDutyKind `json:"kind"`
	Due    Date             `json:"due"`     // zero when there is no duty or no day of awareness
	DoneOn Date             `json:"done_on"` // the day the duty was met, set by Incident.EUDuty
	Reason string           `json:"reason"`
}

// Pending reports whether the duty is still to be met.
func (d IncidentDuty) Pending() bool {
	return d.Kind != DutyNone && d.DoneOn.IsZero() && !d.Due.IsZero()
}

// Overdue reports whether the duty is past its day.
func (d IncidentDuty) Overdue(today Date) bool { return d.Pending() && d.Due.Before(today) }

// DecideIncidentDuty decides the EU AI Act duty of a serious incident:
//   - a high-risk system the organization provides: the Art. 73 report,
//     due within the kind's 2, 10 or 15 days of awareness;
//   - a high-risk system it deploys: inform the provider immediately, due
//     the day of awareness (Art. 26(5));
//   - a system whose class is unknown (not classified, or no system named),
//     or a high-risk system whose role is not recorded: counted down as the
//     Art. 73 report, to be safe;
//   - any other class: no deadline, with the reason.
func DecideIncidentDuty(c IncidentDutyCase) IncidentDuty {
	if !c.Serious {
		return IncidentDuty{Kind: DutyNone, Reason: "No EU AI Act Art. 73 deadline: not flagged as a serious incident (Art. 3(49))."}
	}
	system := "the AI system"
	if c.SystemName != "" {
		system = c.SystemName
	}
	report := func(why string) IncidentDuty {
		return IncidentDuty{Kind: DutyReportAuthority, Due: ReportDeadline(c.AwareOn, c.Kind), Reason: why +
			" Report it to the market surveillance authority of the Member State where it occurred within " +
			strconv.Itoa(c.Kind.Days()) + " days of becoming aware (" + c.Kind.article() + "); an initial, incomplete report may come first."}
	}
	switch {
	case !c.HasSystem:
		return report("The incident is not linked to an AI system, so its EU AI Act risk class is unknown: the deadline counts down as for a high-risk system the organization provides, to be safe.")
	case c.Class == RiskUnclassified || !c.Class.Valid():
		return report("The EU AI Act risk class of " + system + " is unknown (not classified yet): the deadline counts down as for a high-risk system the organization provides, to be safe. Classify the system to confirm.")
	case c.Class != RiskHigh:
		return IncidentDuty{Kind: DutyNone, Reason: "No EU AI Act Art. 73 deadline: " + system + " " + classPhrase(c.Class) +
			", not high-risk, and Art. 73 reporting applies to high-risk AI systems only."}
	case c.Role == EURoleProvider:
		return report("The organization is the provider of " + system + ", a high-risk AI system: the Art. 73 report is its duty.")
	case c.Role == EURoleDeployer:
		return IncidentDuty{Kind: DutyInformProvider, Due: c.AwareOn, Reason: "The organization deploys " + system +
			", a high-risk AI system, and is not its provider: under Art. 26(5) it informs the provider immediately, then the importer or distributor and the market surveillance authority; the provider makes the Art. 73 report. If the provider cannot be reached, the organization reports under Art. 73 itself. The duty is met when a communication to the provider is logged below."}
	}
	return report("The organization's role for " + system + ", a high-risk AI system, is not recorded (provider or deployer): the deadline counts down as for its provider, to be safe. Record the organization's roles on the AI system.")
}

// article names the paragraph of Art. 73 that sets the kind's deadline.
func (k SeriousKind) article() string {
	switch k {
	case SeriousWidespread, SeriousInfrastructure:
		return "Art. 73(3)"
	case SeriousDeath:
		return "Art. 73(4)"
	}
	return "Art. 73(2)"
}

// classPhrase says what a class other than high-risk means, for a reason.
func classPhrase(c RiskClass) string {
	switch c {
	case RiskProhibited:
		return "is classified as a prohibited practice (Art. 5), which must not be used at all"
	case RiskLimited:
		return "is classified limited risk (transparency duties, Art. 50)"
	case RiskMinimal:
		return "is classified minimal risk"
	case RiskOutOfScope:
		return "is recorded as outside the AI Act's scope (Art. 2)"
	}
	return "is classified " + string(c)
}

// EUDuty decides the incident's duty from its own fields and its AI
// system's class and role, with the day it was met.
func (i Incident) EUDuty() IncidentDuty {
	d := DecideIncidentDuty(IncidentDutyCase{Serious: i.Serious, Kind: i.SeriousKind, AwareOn: i.AwareOn,
		HasSystem: i.AISystemID != 0, SystemName: i.AISystemName, Class: i.AISystemClass, Role: i.AISystemRole})
	switch d.Kind {
	case DutyReportAuthority:
		d.DoneOn = i.AuthorityReportedOn
	case DutyInformProvider:
		d.DoneOn = i.ProviderInformedOn
	}
	return d
}

// RecipientKind says who a communication about an incident went to, where
// it matters to a duty: a communication to the provider meets the
// deployer's Art. 26(5) duty.
type RecipientKind string

// Recipient kinds.
const (
	RecipientOther       RecipientKind = "other"
	RecipientProvider    RecipientKind = "provider"
	RecipientDistributor RecipientKind = "importer-distributor"
	RecipientAuthority   RecipientKind = "authority"
)

// RecipientKinds lists them.
var RecipientKinds = []RecipientKind{RecipientOther, RecipientProvider, RecipientDistributor, RecipientAuthority}

// Valid reports whether k is a known kind.
func (k RecipientKind) Valid() bool { return contains(RecipientKinds, k) }

// Label names the kind for people.
func (k RecipientKind) Label() string {
	switch k {
	case RecipientOther:
		return "Someone else (customers, staff, partners)"
	case RecipientProvider:
		return "The provider of the AI system"
	case RecipientDistributor:
		return "The importer or distributor"
	case RecipientAuthority:
		return "A market surveillance or other authority"
	}
	return string(k)
}
