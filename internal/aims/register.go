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
)

// The registers of people, competence and AIMS roles (5.3, 7.2, 7.3).
const (
	RegisterStaff             = "staff"
	RegisterCompetences       = "competences"
	RegisterAIMSRoles         = "aims-roles"
	RegisterCompetenceRecords = "competence-records"
)
