package aims

// Register keys name each register in the audit trail (an event's
// register), in its filters and in the reference counters. They never
// change once records exist: the trail is kept forever.
const (
	RegisterOrganizations = "organizations"
	RegisterMembers       = "members"
	RegisterTokens        = "api-tokens"
	RegisterAISystems     = "ai-systems"
	RegisterGap           = "gap"
	RegisterDesignations  = "designations"
	RegisterWebhooks      = "webhooks"
	RegisterEvidence      = "evidence"
)

// RegisterDocuments is the controlled documents register (7.5).
const RegisterDocuments = "documents"

// Register keys of the context issues (4.1), the context statement and the
// AIMS processes (4.4).
const (
	RegisterContextIssues = "context-issues"
	RegisterContext       = "context"
	RegisterProcesses     = "processes"
)

// Registers of concerns and communication (A.3.3, 7.4).
const (
	RegisterConcerns       = "concerns"
	RegisterConcernChannel = "concern-channel"
	RegisterCommunications = "communications"
)

// The registers of people, competence and AIMS roles (5.3, 7.2, 7.3).
const (
	RegisterStaff             = "staff"
	RegisterCompetences       = "competences"
	RegisterAIMSRoles         = "aims-roles"
	RegisterCompetenceRecords = "competence-records"
)

// Registers of the organization's context (clauses 4.1 and 4.2).
const (
	RegisterParties     = "interested-parties"
	RegisterObligations = "obligations"
)

// RegisterScope is the AIMS scope statement (clause 4.3).
const RegisterScope = "scope"

// RegisterAcknowledgements is the register of acknowledgement campaigns
// (7.3): people asked to read an approved document version.
const RegisterAcknowledgements = "acknowledgements"

// RegisterComponents is the register of AI system components (A.4.2 to
// A.4.5): models, data, tooling, compute and third-party services.
const RegisterComponents = "ai-components"

// Registers of AI incidents and information for interested parties (A.8).
const (
	RegisterIncidents     = "ai-incidents"
	RegisterIncidentPlans = "incident-plans"
	RegisterInformation   = "ai-information"
)

// Registers of the Statement of Applicability (6.1.3 d): the custom
// controls, the SoA's rows (events keyed by the control's reference) and
// its approved versions.
const (
	RegisterCustomControls = "custom-controls"
	RegisterSoA            = "soa"
	RegisterSoAVersions    = "soa-versions"
)

// RegisterLifecycleRecords is the register of AI system life-cycle records
// (A.6); RegisterLifecycleGate the organization's stage-gate policy.
const (
	RegisterLifecycleRecords = "lifecycle-records"
	RegisterLifecycleGate    = "lifecycle-gate"
)

// Registers of AI risk (6.1): the risk criteria and the register of risks
// and opportunities with their treatment.
const (
	RegisterRiskCriteria = "risk-criteria"
	RegisterRisks        = "risks"
)

// RegisterRiskPlanVersions holds the approved versions of the risk
// treatment plan as a whole (6.1.3).
const RegisterRiskPlanVersions = "risk-plan-versions"

// Registers of AI system impact assessment (6.1.4, 8.4, A.5): the
// assessments and the organization's versioned impact criteria.
const (
	RegisterImpactAssessments = "impact-assessments"
	RegisterImpactCriteria    = "impact-criteria"
)

// RegisterThirdParties is the register of suppliers, customers and
// partners (A.10, 8.1), with their responsibility matrices and assessments.
const RegisterThirdParties = "third-parties"

// Registers of AI objectives (6.2, A.9.3) and change requests (6.3, 8.1).
const (
	RegisterObjectives = "objectives"
	RegisterChanges    = "changes"
)
