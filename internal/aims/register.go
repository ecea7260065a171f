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
)

// Registers of the organization's context (clauses 4.1 and 4.2).
const (
	RegisterParties     = "interested-parties"
	RegisterObligations = "obligations"
)
