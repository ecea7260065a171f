package aims

import "time"

// SecurityEvent is one entry of an organization's security log: who signed
// in or failed to, signed out, entered the organization, or created or
// revoked an API token. The log sits beside the audit chain rather than in
// it: these are facts about access, not changes to the organization's
// records, they include failed attempts that no organization owns, and
// they can be numerous. Changes to tokens are in the audit chain as well.
type SecurityEvent struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	UserID int64     `json:"user_id"`
	Actor  string    `json:"actor"` // the account's e-mail address
	IP     string    `json:"ip"`
	Detail string    `json:"detail"`
}

// Security event kinds.
const (
	SecuritySignIn        = "sign-in"
	SecuritySignInFailed  = "sign-in-failed"
	SecuritySignOut       = "sign-out"
	SecuritySwitchOrg     = "switch-organization"
	SecurityTokenCreated  = "token-created"
	SecurityTokenRevoked  = "token-revoked"
	SecurityPasswordSet   = "password-set"
	SecurityPasswordReset = "password-reset"
	// SecurityResetRequested is a reset link e-mailed to the account.
	SecurityResetRequested = "password-reset-requested"
	// SecurityCalendarFeed is a calendar feed address made or retired.
	SecurityCalendarFeed   = "calendar-feed"
	SecurityInvitationUsed = "invitation-accepted"
	// SecuritySignInRefused is a right password for an account with no
	// access left: deactivated everywhere or past its access end date.
	SecuritySignInRefused = "sign-in-refused"
)

// SecurityKinds lists the kinds, for the log's filter.
var SecurityKinds = []string{SecuritySignIn, SecuritySignInFailed, SecuritySignOut, SecuritySwitchOrg,
	SecurityTokenCreated, SecurityTokenRevoked, SecurityPasswordSet, SecurityPasswordReset, SecurityResetRequested,
	SecurityInvitationUsed, SecuritySignInRefused, SecurityCalendarFeed}
