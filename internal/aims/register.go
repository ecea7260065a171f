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

// Registers of concerns and communication (A.3.3, 7.4).
const (
	RegisterConcerns       = "concerns"
	RegisterConcernChannel = "concern-channel"
	RegisterCommunications = "communications"
)
