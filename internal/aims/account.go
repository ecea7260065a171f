package aims

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization is the unit everything belongs to; nothing crosses it.
type Organization struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Member is a person as one organization sees them: their account and their
// role there. A new member is pending until the person accepts the
// invitation, and has no access until then; until then the organization sees
// only the e-mail address and the name its admin typed, never what the
// account holds elsewhere. Deactivated members keep their history but cannot
// sign in to the organization; members with an access end date (external
// auditors) lose access after that day.
type Member struct {
	UserID      int64      `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Role        Role       `json:"role"`
	Active      bool       `json:"active"`
	Pending     bool       `json:"pending"` // invited, not yet accepted
	AccessUntil Date       `json:"access_until"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`  // invited or added
	AcceptedAt  *time.Time `json:"accepted_at"` // joined; null while pending
}

// Joined is when the member accepted, or the zero time while pending.
func (m Member) Joined() time.Time {
	if m.AcceptedAt == nil {
		return time.Time{}
	}
	return *m.AcceptedAt
}

// StatusOn names the member's state on a day, for people: access ends
// after the access end date even though the membership stays active.
func (m Member) StatusOn(today Date) string {
	switch {
	case !m.Active:
		return "Deactivated"
	case m.Pending:
		return "Invitation pending"
	case !m.AccessUntil.IsZero() && m.AccessUntil.Before(today):
		return "Access ended"
	}
	return "Active"
}

// NewMember is what an admin enters to invite or add a person.
type NewMember struct {
	Email       string `json:"email"`
	Name        string `json:"name"`
	Role        Role   `json:"role"`
	AccessUntil Date   `json:"access_until"`
}

// Normalize trims the input and lower-cases the e-mail address, which is
// the sign-in name and must compare equal however it was typed.
func (n *NewMember) Normalize() {
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
}

// Validate checks an invitation.
func (n NewMember) Validate() error {
	f := fieldErrors{}
	checkEmail(f, n.Email)
	checkText(f, "name", n.Name, true, maxName)
	if !n.Role.Valid() {
		f.add("role", "must be one of: "+joinEnum(Roles))
	}
	return f.err()
}

// MemberUpdate changes a member's role, access end date or active flag.
type MemberUpdate struct {
	Role        Role `json:"role"`
	Active      bool `json:"active"`
	AccessUntil Date `json:"access_until"`
	Version     int  `json:"version"`
}

// Validate checks a member update.
func (u MemberUpdate) Validate() error {
	f := fieldErrors{}
	if !u.Role.Valid() {
		f.add("role", "must be one of: "+joinEnum(Roles))
	}
	return f.err()
}

func checkEmail(f fieldErrors, email string) {
	a, err := mail.ParseAddress(email)
	if email == "" {
		f.add("email", "is required")
	} else if err != nil || a.Address != email || len(email) > 254 {
		f.add("email", "is not a valid e-mail address")
	}
}

// Password rules: long enough to resist guessing, short enough that hashing
// it cannot be used to tie up the server.
const (
	MinPassword = 12
	MaxPassword = 256
)

// CheckPassword validates a new password. The minimum counts characters;
// the maximum counts bytes, which is what hashing costs.
func CheckPassword(p string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPassword:
		return Invalid("password", "must be at least "+itoa(MinPassword)+" characters")
	case len(p) > MaxPassword:
		return Invalid("password", "must be at most "+itoa(MaxPassword)+" bytes")
	}
	return nil
}

// CheckOrgName validates an organization's name.
func CheckOrgName(name string) error {
	f := fieldErrors{}
	checkText(f, "org", name, true, maxName)
	return f.err()
}

// APIToken is a bearer token as listed; the secret itself is shown once at
// creation and stored only as a hash. A token acts with its member's current
// role, limited to reading when ReadOnly, and stops working after ExpiresOn.
type APIToken struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	UserEmail  string    `json:"user_email"`
	Label      string    `json:"label"`
	Prefix     string    `json:"prefix"`
	ReadOnly   bool      `json:"read_only"`
	ExpiresOn  Date      `json:"expires_on"` // last day it works; zero: no end
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	RevokedAt  time.Time `json:"revoked_at"`
}

// NewAPIToken is what a person asks for when creating a token.
type NewAPIToken struct {
	Label     string `json:"label"`
	ReadOnly  bool   `json:"read_only"`
	ExpiresOn Date   `json:"expires_on"`
}

// Validate checks a token request; today is the day it is made, since a
// token that has already ended is a mistake.
func (t NewAPIToken) Validate(today Date) error {
	f := fieldErrors{}
	checkText(f, "label", t.Label, true, maxName)
	if !t.ExpiresOn.IsZero() && t.ExpiresOn.Before(today) {
		f.add("expires_on", "is in the past")
	}
	return f.err()
}

// Principal is who is acting: a user in one organization with one role,
// whether they came by session or by API token.
type Principal struct {
	UserID   int64
	Email    string
	Name     string
	OrgID    int64
	OrgName  string
	Role     Role
	TokenID  int64 // set when acting through an API token
	ReadOnly bool  // a read-only token: no writes whatever the role allows
}

// Actor is how the principal is named in the audit trail.
func (p Principal) Actor() string {
	if p.TokenID != 0 {
		return p.Email + " (API token " + itoa(int(p.TokenID)) + ")"
	}
	return p.Email
}
