package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
)

// System is the actor of writes made by the command line and the demo
// loader rather than by a signed-in person.
func System(orgID int64, name string) aims.Principal {
	return aims.Principal{OrgID: orgID, Email: name, Role: aims.RoleAdmin}
}

// CreateOrganization creates an organization and the head of its audit
// chain; its first audit event records its creation.
func (s *Store) CreateOrganization(ctx context.Context, name, actor string) (aims.Organization, error) {
	name = strings.TrimSpace(name)
	if err := aims.CheckOrgName(name); err != nil {
		return aims.Organization{}, err
	}
	o := aims.Organization{Name: name, CreatedAt: s.timestamp()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM organizations WHERE name = $1`, name).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return aims.Invalid("org", "an organization with this name exists")
		}
		if err := s.queryRow(ctx, tx, `INSERT INTO organizations (name, created_at) VALUES ($1, $2) RETURNING id`,
			name, o.CreatedAt).Scan(&o.ID); err != nil {
			return fmt.Errorf("insert organization: %w", err)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO audit_heads (org_id, seq, hash) VALUES ($1, 0, '')`, o.ID); err != nil {
			return fmt.Errorf("insert audit head: %w", err)
		}
		changes, _ := aims.Diff(nil, o, "id", "created_at")
		return s.record(ctx, tx, System(o.ID, actor), "organizations", strconv.FormatInt(o.ID, 10), aims.ActionCreate, changes)
	})
	return o, err
}

// OrganizationByName finds an organization by its exact name.
func (s *Store) OrganizationByName(ctx context.Context, name string) (aims.Organization, error) {
	var o aims.Organization
	err := s.queryRow(ctx, s.r, `SELECT id, name, created_at FROM organizations WHERE name = $1`, name).Scan(&o.ID, &o.Name, &o.CreatedAt)
	if err != nil {
		return o, notFound(err, "organization "+strconv.Quote(name))
	}
	return o, nil
}

// Organizations lists every organization, for the audit verifier and the CLI.
func (s *Store) Organizations(ctx context.Context) ([]aims.Organization, error) {
	return s.organizations(ctx, s.r)
}

func (s *Store) organizations(ctx context.Context, q querier) ([]aims.Organization, error) {
	rows, err := s.query(ctx, q, `SELECT id, name, created_at FROM organizations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	defer rows.Close()
	var orgs []aims.Organization
	for rows.Next() {
		var o aims.Organization
		if err := rows.Scan(&o.ID, &o.Name, &o.CreatedAt); err != nil {
			return nil, err
		}
		orgs = append(orgs, o)
	}
	return orgs, rows.Err()
}

// Account is a user's sign-in record.
type Account struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
}

// AccountByEmail finds a user for sign-in.
func (s *Store) AccountByEmail(ctx context.Context, email string) (Account, error) {
	var a Account
	err := s.queryRow(ctx, s.r, `SELECT id, email, name, password_hash FROM users WHERE email = $1`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&a.ID, &a.Email, &a.Name, &a.PasswordHash)
	return a, notFound(err, "user")
}

// Membership is one organization a user belongs to, for choosing where to
// work after sign-in.
type Membership struct {
	OrgID   int64
	OrgName string
	Role    aims.Role
}

// access is the condition under which a membership m lets its person in
// today ($today): accepted, active and within its access end date.
const access = `m.accepted_at IS NOT NULL AND m.active AND (m.access_until IS NULL OR m.access_until >= `

// Memberships lists the organizations a user may work in today.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.query(ctx, s.r, `SELECT o.id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id
		WHERE m.user_id = $1 AND `+access+`$2) ORDER BY o.name`, userID, s.today().String())
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	defer rows.Close()
	var ms []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.OrgID, &m.OrgName, &m.Role); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}

// memberColumns read a member as the organization sees them: until the
// person accepts, the name is the one the inviting admin typed, never the
// account's own name, which another organization may have set.
const memberColumns = `u.id, u.email, CASE WHEN m.accepted_at IS NULL THEN m.invited_name ELSE u.name END,
	m.role, m.active, m.accepted_at IS NULL, m.access_until, m.version, m.created_at, m.accepted_at`

func scanMember(sc scanner) (aims.Member, error) {
	var m aims.Member
	var until, accepted sql.NullTime
	err := sc.Scan(&m.UserID, &m.Email, &m.Name, &m.Role, &m.Active, &m.Pending, &until, &m.Version, &m.CreatedAt, &accepted)
	m.AccessUntil = dateOf(until)
	m.CreatedAt = m.CreatedAt.UTC()
	if accepted.Valid {
		at := accepted.Time.UTC()
		m.AcceptedAt = &at
	}
	return m, err
}

// memberMeta are the fields a member's audit diff leaves out.
var memberMeta = []string{"id", "version", "created_at"}

// Member reads one member of an organization.
func (s *Store) Member(ctx context.Context, orgID, userID int64) (aims.Member, error) {
	return s.member(ctx, s.r, orgID, userID)
}

func (s *Store) member(ctx context.Context, q querier, orgID, userID int64) (aims.Member, error) {
	m, err := scanMember(s.queryRow(ctx, q, `SELECT `+memberColumns+` FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID))
	return m, notFound(err, "member")
}

// Members lists an organization's people: active first, then by name.
func (s *Store) Members(ctx context.Context, orgID int64, p aims.ListParams) (aims.Page[aims.Member], error) {
	page := aims.Page[aims.Member]{Items: []aims.Member{}}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM memberships WHERE org_id = $1`, orgID).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count members: %w", err)
	}
	rows, err := s.query(ctx, s.r, `SELECT `+memberColumns+` FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 ORDER BY m.active DESC, lower(CASE WHEN m.accepted_at IS NULL THEN m.invited_name ELSE u.name END), u.id
		LIMIT $2 OFFSET $3`, orgID, p.Limit, p.Offset)
	if err != nil {
		return page, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, m)
	}
	return page, rows.Err()
}

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// InviteMail writes the message that carries an invitation link to the
// person, from the member the write added (or invited again) and the
// organization's name; the store queues it in the write's transaction.
type InviteMail struct {
	Compose func(m aims.Member, orgName string) (to, subject, body string)
}

// queueInvite queues the invitation message, when there is one.
func (s *Store) queueInvite(ctx context.Context, tx *sql.Tx, orgID int64, m aims.Member, mail *InviteMail) error {
	if mail == nil {
		return nil
	}
	var org string
	if err := s.queryRow(ctx, tx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&org); err != nil {
		return fmt.Errorf("organization: %w", err)
	}
	to, subject, body := mail.Compose(m, org)
	return s.queueMail(ctx, tx, to, subject, body)
}

// AddMember invites a person to the organization: the membership is
// pending, with no access, until the person accepts through the invitation
// stored under inviteHash. The answer is the same whether or not the
// address already has an account, in this installation or through another
// organization: nothing about the account leaks to the inviting admin. A
// new address gets an account without a password, which the invitation
// sets; an existing account keeps its password and its name, and accepting
// needs the person to sign in to it (their consent).
func (s *Store) AddMember(ctx context.Context, p aims.Principal, nm aims.NewMember, inviteHash string, mail *InviteMail) (aims.Member, error) {
	nm.Normalize()
	if err := nm.Validate(); err != nil {
		return aims.Member{}, err
	}
	var m aims.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		userID, isNew, err := s.ensureAccount(ctx, tx, nm, "")
		if err != nil {
			return err
		}
		if err := s.insertMembership(ctx, tx, p.OrgID, userID, nm, false); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, p.OrgID, userID, inviteHash, isNew); err != nil {
			return err
		}
		if m, err = s.member(ctx, tx, p.OrgID, userID); err != nil {
			return err
		}
		if err := s.queueInvite(ctx, tx, p.OrgID, m, mail); err != nil {
			return err
		}
		changes, _ := aims.Diff(nil, m, memberMeta...)
		return s.record(ctx, tx, p, aims.RegisterMembers, strconv.FormatInt(userID, 10), aims.ActionCreate, changes)
	})
	return m, err
}

// ensureAccount finds the account of an address or creates it (with the
// password hash given, which may be empty). It reports whether the
// account is new.
func (s *Store) ensureAccount(ctx context.Context, tx *sql.Tx, nm aims.NewMember, passwordHash string) (int64, bool, error) {
	// A random ID, not the next in a sequence: an organization sees the
	// IDs of its members, and a sequence would tell it whether an address
	// it invites had an account already (an older, smaller ID). When the
	// address has an account, or another organization is creating it at
	// this instant (the insert then waits for theirs), the insert does
	// nothing and the account is found instead.
	userID := accountID()
	res, err := s.exec(ctx, tx, `INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (email) DO NOTHING`, userID, nm.Email, nm.Name, passwordHash, s.timestamp())
	if err != nil {
		return 0, false, fmt.Errorf("create account: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return userID, true, err
	}
	if err := s.queryRow(ctx, tx, `SELECT id FROM users WHERE email = $1`, nm.Email).Scan(&userID); err != nil {
		return 0, false, fmt.Errorf("find account: %w", err)
	}
	return userID, false, nil
}

// accountID is a random account ID: positive, below 2^53 so that
// JavaScript reads it exactly, and above 2^32, clear of the sequential IDs
// of accounts created before.
func accountID() int64 {
	var b [8]byte
	rand.Read(b[:])
	return 1<<32 + int64(binary.BigEndian.Uint64(b[:])%(1<<53-1<<32))
}

// insertMembership adds the membership, pending unless accepted.
func (s *Store) insertMembership(ctx context.Context, tx *sql.Tx, orgID, userID int64, nm aims.NewMember, accepted bool) error {
	now := s.timestamp()
	var acceptedAt any
	if accepted {
		acceptedAt = now
	}
	res, err := s.exec(ctx, tx, `INSERT INTO memberships (org_id, user_id, role, active, access_until, version, created_at,
		accepted_at, invited_name) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8) ON CONFLICT (org_id, user_id) DO NOTHING`,
		orgID, userID, nm.Role, true, nullDate(nm.AccessUntil), now, acceptedAt, nm.Name)
	if err != nil {
		return fmt.Errorf("insert membership: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return aims.Invalid("email", "is already a member of this organization")
	}
	return nil
}

// invite stores a new invitation for a pending member, replacing any
// earlier unused one of the same organization, so only the newest link
// works. setsPassword marks the invitation that created the account: only
// it may set the account's password. Any other is a request for the
// account holder's consent, whoever holds the link.
func (s *Store) invite(ctx context.Context, tx *sql.Tx, orgID, userID int64, inviteHash string, setsPassword bool) error {
	now := s.timestamp()
	if _, err := s.exec(ctx, tx, `UPDATE invitations SET voided_at = $1 WHERE org_id = $2 AND user_id = $3
		AND used_at IS NULL AND voided_at IS NULL`, now, orgID, userID); err != nil {
		return fmt.Errorf("void earlier invitations: %w", err)
	}
	if _, err := s.exec(ctx, tx, `INSERT INTO invitations (org_id, user_id, token_hash, created_at, expires_at, sets_password)
		VALUES ($1, $2, $3, $4, $5, $6)`, orgID, userID, inviteHash, now, now.Add(InvitationTTL), setsPassword); err != nil {
		return fmt.Errorf("insert invitation: %w", err)
	}
	return nil
}

// Reinvite issues a new invitation link to a member who has not accepted
// yet (the old link expired, was lost, or was voided when the person set a
// password through another organization's link). The earlier link of this
// organization stops working.
func (s *Store) Reinvite(ctx context.Context, p aims.Principal, userID int64, inviteHash string, mail *InviteMail) (aims.Member, error) {
	var m aims.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.member(ctx, tx, p.OrgID, userID); err != nil {
			return err
		}
		if !m.Pending {
			return aims.Invalid("id", "has already accepted; only pending members get a new invitation")
		}
		// The new link may set the password if this organization's first
		// one could: it created the account.
		var created bool
		if err := s.queryRow(ctx, tx, `SELECT EXISTS (SELECT 1 FROM invitations WHERE org_id = $1 AND user_id = $2 AND sets_password)`,
			p.OrgID, userID).Scan(&created); err != nil {
			return err
		}
		if err := s.invite(ctx, tx, p.OrgID, userID, inviteHash, created); err != nil {
			return err
		}
		if err := s.queueInvite(ctx, tx, p.OrgID, m, mail); err != nil {
			return err
		}
		return s.record(ctx, tx, p, aims.RegisterMembers, strconv.FormatInt(userID, 10), aims.ActionInvite, nil)
	})
	return m, err
}

// OperatorAdd is what `aims user add` did for a person.
type OperatorAdd struct {
	Member      aims.Member
	NewAccount  bool // the address had no account
	Joined      bool // the membership is new
	PasswordSet bool // the password was set or reset
}

// AddMemberAsOperator is the command line's way to add a person: the
// operator of the installation, who runs it and is named as actor, is
// trusted, so the membership is active at once. A new address gets an
// account with passwordHash, and so does an existing account that has no
// password yet. An existing password is kept unless reset is set, which
// changes it to passwordHash. Setting a password on an existing account
// ends its sessions, voids its unused invitations, revokes its API tokens,
// and is recorded in the audit trail of every organization it has joined.
func (s *Store) AddMemberAsOperator(ctx context.Context, orgID int64, nm aims.NewMember, passwordHash string, reset bool, actor string) (OperatorAdd, error) {
	nm.Normalize()
	if err := nm.Validate(); err != nil {
		return OperatorAdd{}, err
	}
	var out OperatorAdd
	p := System(orgID, actor)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		userID, isNew, err := s.ensureAccount(ctx, tx, nm, passwordHash)
		if err != nil {
			return err
		}
		out.NewAccount, out.PasswordSet = isNew, isNew
		var exists bool
		if err := s.queryRow(ctx, tx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2)`,
			orgID, userID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if err := s.insertMembership(ctx, tx, orgID, userID, nm, true); err != nil {
				return err
			}
			out.Joined = true
			m, err := s.member(ctx, tx, orgID, userID)
			if err != nil {
				return err
			}
			changes, _ := aims.Diff(nil, m, memberMeta...)
			if err := s.record(ctx, tx, p, aims.RegisterMembers, strconv.FormatInt(userID, 10), aims.ActionCreate, changes); err != nil {
				return err
			}
		} else if !reset {
			return aims.Invalid("email", "is already a member of this organization")
		}
		var hasPassword bool
		if err := s.queryRow(ctx, tx, `SELECT password_hash <> '' FROM users WHERE id = $1`, userID).Scan(&hasPassword); err != nil {
			return err
		}
		if !isNew && (reset || !hasPassword) {
			if passwordHash == "" {
				return aims.Invalid("password", "is required: the account has none yet")
			}
			if err := s.setPassword(ctx, tx, userID, passwordHash); err != nil {
				return err
			}
			out.PasswordSet = true
			if err := s.recordReset(ctx, tx, userID, actor); err != nil {
				return err
			}
		}
		out.Member, err = s.member(ctx, tx, orgID, userID)
		return err
	})
	return out, err
}

// recordReset writes a password reset into the audit trail and the
// security log of every organization the account has joined.
func (s *Store) recordReset(ctx context.Context, tx *sql.Tx, userID int64, actor string) error {
	orgs, err := s.acceptedOrganizations(ctx, tx, userID)
	if err != nil {
		return err
	}
	for _, org := range orgs {
		note := json.RawMessage(`"sessions ended, unused invitations voided, API tokens revoked"`)
		if err := s.record(ctx, tx, System(org, actor), aims.RegisterMembers, strconv.FormatInt(userID, 10), aims.ActionResetPassword,
			[]aims.Change{{Field: "password", Old: json.RawMessage(`null`), New: note}}); err != nil {
			return err
		}
	}
	return s.logSecurity(ctx, tx, 0, userID, aims.SecurityPasswordReset, "", "set by the operator ("+actor+"); sessions ended, API tokens revoked")
}

// setPassword changes an account's password, as the operator may, and
// revokes its API tokens too: whoever held the old password may have made
// some.
func (s *Store) setPassword(ctx context.Context, tx *sql.Tx, userID int64, hash string) error {
	if _, err := s.exec(ctx, tx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if _, err := s.exec(ctx, tx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
		s.timestamp(), userID); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return s.endAccess(ctx, tx, userID, "")
}

// endAccess follows a password change: every session of the account ends,
// its calendar feeds and unused reset links stop working, and its unused
// invitations (but the one being used, named by its hash) are voided, so
// nothing granted under the old state survives it, and no other
// organization's old link can set the password again.
func (s *Store) endAccess(ctx context.Context, tx *sql.Tx, userID int64, exceptInvitation string) error {
	now := s.timestamp()
	if _, err := s.exec(ctx, tx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, now, userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if _, err := s.exec(ctx, tx, `UPDATE invitations SET voided_at = $1 WHERE user_id = $2 AND used_at IS NULL
		AND voided_at IS NULL AND token_hash <> $3`, now, userID, exceptInvitation); err != nil {
		return fmt.Errorf("void invitations: %w", err)
	}
	// Calendar feeds and reset links are made with the old password's
	// access too: a feed made from a stolen session, or a reset link sent
	// before the operator stepped in, must not outlive the change.
	if _, err := s.exec(ctx, tx, `UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, now, userID); err != nil {
		return fmt.Errorf("retire calendar feeds: %w", err)
	}
	if _, err := s.exec(ctx, tx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID); err != nil {
		return fmt.Errorf("void reset links: %w", err)
	}
	return nil
}

// lockOrganization makes the transaction the only writer of the
// organization until it ends, by taking the lock of its audit chain head
// row (which every write takes anyway, only later). Reads after it see
// every write committed before it, so a rule that counts rows, such as "at
// least one active admin", cannot be broken by two writers who each see
// the other's row unchanged. On SQLite the immediate transaction already
// serializes all writers.
func (s *Store) lockOrganization(ctx context.Context, tx *sql.Tx, orgID int64) error {
	if _, err := s.exec(ctx, tx, `UPDATE audit_heads SET seq = seq WHERE org_id = $1`, orgID); err != nil {
		return fmt.Errorf("lock organization: %w", err)
	}
	return nil
}

// UpdateMember changes a member's role, access end date or active flag, at
// the version the admin read. The organization always keeps at least one
// admin who can work today: active, accepted and within any access end
// date. That rule holds under concurrent writers because the organization
// is locked before the admins are counted.
func (s *Store) UpdateMember(ctx context.Context, p aims.Principal, userID int64, u aims.MemberUpdate) (aims.Member, error) {
	if err := u.Validate(); err != nil {
		return aims.Member{}, err
	}
	var after aims.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		before, err := s.member(ctx, tx, p.OrgID, userID)
		if err != nil {
			return err
		}
		today := s.today()
		working := func(role aims.Role, active, pending bool, until aims.Date) bool {
			return role == aims.RoleAdmin && active && !pending && (until.IsZero() || !until.Before(today))
		}
		if working(before.Role, before.Active, before.Pending, before.AccessUntil) && !working(u.Role, u.Active, before.Pending, u.AccessUntil) {
			var others int
			if err := s.queryRow(ctx, tx, `SELECT count(*) FROM memberships m WHERE m.org_id = $1 AND m.user_id <> $2
				AND m.role = 'admin' AND `+access+`$3)`, p.OrgID, userID, today.String()).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return aims.Invalid("role", "the organization needs at least one active admin")
			}
		}
		if err := s.versioned(ctx, tx, "memberships", "user_id", `role = $1, active = $2, access_until = $3`,
			p.OrgID, userID, u.Version, u.Role, u.Active, nullDate(u.AccessUntil)); err != nil {
			return err
		}
		if after, err = s.member(ctx, tx, p.OrgID, userID); err != nil {
			return err
		}
		changes, _ := aims.Diff(before, after, memberMeta...)
		return s.record(ctx, tx, p, aims.RegisterMembers, strconv.FormatInt(userID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// Invitation is what the invitation page shows: the organization, and the
// invited person as the inviting admin entered them.
type Invitation struct {
	OrgID        int64
	OrgName      string
	UserID       int64
	Email        string
	Name         string
	Role         aims.Role
	HasPassword  bool // the account can be signed in to: accepting needs that
	SetsPassword bool // the invitation created the account, and may set its password
}

// Invitation finds an unused, unvoided, unexpired invitation by its token's
// hash.
func (s *Store) Invitation(ctx context.Context, tokenHash string) (Invitation, error) {
	return s.invitation(ctx, s.r, tokenHash)
}

func (s *Store) invitation(ctx context.Context, q querier, tokenHash string) (Invitation, error) {
	var inv Invitation
	err := s.queryRow(ctx, q, `SELECT o.id, o.name, u.id, u.email, m.invited_name, m.role, u.password_hash <> '', i.sets_password
		FROM invitations i JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.user_id
		JOIN memberships m ON m.org_id = i.org_id AND m.user_id = i.user_id
		WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.voided_at IS NULL AND i.expires_at > $2
		AND m.accepted_at IS NULL`, tokenHash, s.timestamp()).
		Scan(&inv.OrgID, &inv.OrgName, &inv.UserID, &inv.Email, &inv.Name, &inv.Role, &inv.HasPassword, &inv.SetsPassword)
	return inv, notFound(err, "invitation")
}

// ErrCannotSetPassword refuses to set a password through an invitation
// that may not: the account has one (its holder signs in to accept), or
// another organization's invitation created it and is the only one that
// may set it.
var ErrCannotSetPassword = errors.New("this invitation cannot set the account's password")

// AcceptWithPassword accepts the invitation that created an account and
// sets the account's first password. It is refused, in the statements, if
// the invitation did not create the account, if the account has a password,
// or if it has joined any organization already (only its holder, or the
// operator, may give it a password then), so two links used at once
// cannot both win and an old link cannot replace a password set since.
// Setting it ends the account's sessions and voids its other invitations.
// A refused attempt is not in the inviting organization's security log:
// it would tell that organization, before the person consents, that the
// address has an account. The caller logs it for the operator.
func (s *Store) AcceptWithPassword(ctx context.Context, tokenHash, passwordHash, ip string) (Invitation, error) {
	var inv Invitation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if inv, err = s.invitation(ctx, tx, tokenHash); err != nil {
			return err
		}
		if err := s.lockOrganization(ctx, tx, inv.OrgID); err != nil {
			return err
		}
		// The account's row before the invitation's: of two links used at
		// once, the second waits here for the first, then finds a password.
		res, err := s.exec(ctx, tx, `UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = '' AND $3
			AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = $2 AND accepted_at IS NOT NULL)`,
			passwordHash, inv.UserID, inv.SetsPassword)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return ErrCannotSetPassword
		}
		if err := s.useInvitation(ctx, tx, tokenHash); err != nil {
			return err
		}
		if err := s.endAccess(ctx, tx, inv.UserID, tokenHash); err != nil {
			return err
		}
		if err := s.acceptMembership(ctx, tx, inv); err != nil {
			return err
		}
		if err := s.logSecurity(ctx, tx, inv.OrgID, inv.UserID, aims.SecurityPasswordSet, ip, "through the invitation of "+inv.OrgName); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, inv.OrgID, inv.UserID, aims.SecurityInvitationUsed, ip, "joined "+inv.OrgName)
	})
	return inv, err
}

// AcceptAs accepts an invitation for an account that has a password, as
// that account: userID is who is signed in (or just signed in through the
// link), and must be the invited account. This is the person's consent to
// join the organization.
func (s *Store) AcceptAs(ctx context.Context, tokenHash string, userID int64, ip string) (Invitation, error) {
	var inv Invitation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if inv, err = s.invitation(ctx, tx, tokenHash); err != nil {
			return err
		}
		if userID != inv.UserID {
			return ErrOtherAccount
		}
		if !inv.HasPassword {
			return fmt.Errorf("invitation: %w", aims.ErrNotFound)
		}
		if err := s.lockOrganization(ctx, tx, inv.OrgID); err != nil {
			return err
		}
		if err := s.useInvitation(ctx, tx, tokenHash); err != nil {
			return err
		}
		if err := s.acceptMembership(ctx, tx, inv); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, inv.OrgID, inv.UserID, aims.SecurityInvitationUsed, ip, "joined "+inv.OrgName)
	})
	return inv, err
}

// useInvitation marks an invitation used, in the statement that checks it
// is still open, so it works once however many use it at once.
func (s *Store) useInvitation(ctx context.Context, tx *sql.Tx, tokenHash string) error {
	now := s.timestamp()
	res, err := s.exec(ctx, tx, `UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL
		AND voided_at IS NULL AND expires_at > $1`, now, tokenHash)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("invitation: %w", aims.ErrNotFound)
	}
	return nil
}

// ErrOtherAccount refuses an invitation accepted by another account than
// the one invited.
var ErrOtherAccount = errors.New("this invitation is for another account")

// acceptMembership ends a membership's pending state: from now on the
// organization sees the account's own name.
func (s *Store) acceptMembership(ctx context.Context, tx *sql.Tx, inv Invitation) error {
	before, err := s.member(ctx, tx, inv.OrgID, inv.UserID)
	if err != nil {
		return err
	}
	res, err := s.exec(ctx, tx, `UPDATE memberships SET accepted_at = $1, version = version + 1
		WHERE org_id = $2 AND user_id = $3 AND accepted_at IS NULL`, s.timestamp(), inv.OrgID, inv.UserID)
	if err != nil {
		return fmt.Errorf("accept membership: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return aims.ErrConflict
	}
	after, err := s.member(ctx, tx, inv.OrgID, inv.UserID)
	if err != nil {
		return err
	}
	changes, _ := aims.Diff(before, after, memberMeta...)
	p := aims.Principal{OrgID: inv.OrgID, UserID: inv.UserID, Email: inv.Email}
	return s.record(ctx, tx, p, aims.RegisterMembers, strconv.FormatInt(inv.UserID, 10), aims.ActionAcceptInvitation, changes)
}
