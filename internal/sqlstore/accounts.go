package sqlstore

import (
	"context"
	"database/sql"
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
	rows, err := s.query(ctx, s.r, `SELECT id, name, created_at FROM organizations ORDER BY id`)
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

// Memberships lists the organizations a user may work in today.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.query(ctx, s.r, `SELECT o.id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id
		WHERE m.user_id = $1 AND m.active AND (m.access_until IS NULL OR m.access_until >= $2) ORDER BY o.name`,
		userID, s.today().String())
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

const memberColumns = `u.id, u.email, u.name, m.role, m.active, m.access_until, u.password_hash = '', m.version, m.created_at`

func scanMember(sc interface{ Scan(...any) error }) (aims.Member, error) {
	var m aims.Member
	var until sql.NullTime
	err := sc.Scan(&m.UserID, &m.Email, &m.Name, &m.Role, &m.Active, &until, &m.Invited, &m.Version, &m.CreatedAt)
	m.AccessUntil = dateOf(until)
	m.CreatedAt = m.CreatedAt.UTC()
	return m, err
}

// Member reads one member of an organization.
func (s *Store) Member(ctx context.Context, orgID, userID int64) (aims.Member, error) {
	return s.member(ctx, s.r, orgID, userID)
}

func (s *Store) member(ctx context.Context, q querier, orgID, userID int64) (aims.Member, error) {
	m, err := scanMember(s.queryRow(ctx, q, `SELECT `+memberColumns+` FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID))
	return m, notFound(err, "member")
}

// Members lists an organization's people by name.
func (s *Store) Members(ctx context.Context, orgID int64, p aims.ListParams) (aims.Page[aims.Member], error) {
	page := aims.Page[aims.Member]{Items: []aims.Member{}}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM memberships WHERE org_id = $1`, orgID).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count members: %w", err)
	}
	rows, err := s.query(ctx, s.r, `SELECT `+memberColumns+` FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 ORDER BY m.active DESC, lower(u.name), u.id LIMIT $2 OFFSET $3`, orgID, p.Limit, p.Offset)
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

// AddMember invites or adds a person to the organization. A new person is
// created without a password; when passwordHash is empty and the person has
// none yet, an invitation is stored under inviteHash for them to set one.
// A person who already has an account elsewhere simply joins.
func (s *Store) AddMember(ctx context.Context, p aims.Principal, nm aims.NewMember, passwordHash, inviteHash string) (aims.Member, bool, error) {
	nm.Normalize()
	if err := nm.Validate(); err != nil {
		return aims.Member{}, false, err
	}
	var m aims.Member
	invited := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		var userID int64
		var hash string
		err := s.queryRow(ctx, tx, `SELECT id, password_hash FROM users WHERE email = $1`, nm.Email).Scan(&userID, &hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := s.queryRow(ctx, tx, `INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
				nm.Email, nm.Name, passwordHash, now).Scan(&userID); err != nil {
				return fmt.Errorf("insert user: %w", err)
			}
			hash = passwordHash
		case err != nil:
			return fmt.Errorf("find user: %w", err)
		case passwordHash != "":
			if _, err := s.exec(ctx, tx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, userID); err != nil {
				return fmt.Errorf("set password: %w", err)
			}
			if _, err := s.exec(ctx, tx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, now, userID); err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
			hash = passwordHash
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM memberships WHERE org_id = $1 AND user_id = $2`, p.OrgID, userID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return aims.Invalid("email", "is already a member of this organization")
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO memberships (org_id, user_id, role, active, access_until, version, created_at)
			VALUES ($1, $2, $3, $4, $5, 1, $6)`, p.OrgID, userID, nm.Role, true, nullDate(nm.AccessUntil), now); err != nil {
			return fmt.Errorf("insert membership: %w", err)
		}
		if hash == "" && inviteHash != "" {
			if _, err := s.exec(ctx, tx, `INSERT INTO invitations (org_id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
				p.OrgID, userID, inviteHash, now, now.Add(InvitationTTL)); err != nil {
				return fmt.Errorf("insert invitation: %w", err)
			}
			invited = true
		}
		if m, err = s.member(ctx, tx, p.OrgID, userID); err != nil {
			return err
		}
		changes, _ := aims.Diff(nil, m, "id", "version", "created_at", "invited")
		return s.record(ctx, tx, p, "members", strconv.FormatInt(userID, 10), aims.ActionCreate, changes)
	})
	return m, invited, err
}

// UpdateMember changes a member's role, access end date or active flag.
// The organization always keeps at least one active admin.
func (s *Store) UpdateMember(ctx context.Context, p aims.Principal, userID int64, u aims.MemberUpdate) (aims.Member, error) {
	if err := u.Validate(); err != nil {
		return aims.Member{}, err
	}
	var after aims.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.member(ctx, tx, p.OrgID, userID)
		if err != nil {
			return err
		}
		if before.Version != u.Version {
			return aims.ErrConflict
		}
		if before.Role == aims.RoleAdmin && before.Active && (u.Role != aims.RoleAdmin || !u.Active) {
			var admins int
			if err := s.queryRow(ctx, tx, `SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'admin' AND active`, p.OrgID).Scan(&admins); err != nil {
				return err
			}
			if admins <= 1 {
				return aims.Invalid("role", "the organization needs at least one active admin")
			}
		}
		if _, err := s.exec(ctx, tx, `UPDATE memberships SET role = $1, active = $2, access_until = $3, version = version + 1
			WHERE org_id = $4 AND user_id = $5`, u.Role, u.Active, nullDate(u.AccessUntil), p.OrgID, userID); err != nil {
			return fmt.Errorf("update membership: %w", err)
		}
		if after, err = s.member(ctx, tx, p.OrgID, userID); err != nil {
			return err
		}
		changes, _ := aims.Diff(before, after, "version", "created_at", "invited")
		return s.record(ctx, tx, p, "members", strconv.FormatInt(userID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// Invitation is what the invitation page shows before a password is set.
type Invitation struct {
	OrgID   int64
	OrgName string
	UserID  int64
	Email   string
	Name    string
}

// Invitation finds an unused, unexpired invitation by its token's hash.
func (s *Store) Invitation(ctx context.Context, tokenHash string) (Invitation, error) {
	var inv Invitation
	err := s.queryRow(ctx, s.r, `SELECT o.id, o.name, u.id, u.email, u.name FROM invitations i
		JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.user_id
		WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2`, tokenHash, s.timestamp()).
		Scan(&inv.OrgID, &inv.OrgName, &inv.UserID, &inv.Email, &inv.Name)
	return inv, notFound(err, "invitation")
}

// AcceptInvitation sets the invited person's password and uses up the
// invitation, in one transaction.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash, passwordHash string) (Invitation, error) {
	inv, err := s.Invitation(ctx, tokenHash)
	if err != nil {
		return inv, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, now, tokenHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("invitation: %w", aims.ErrNotFound)
		}
		if _, err := s.exec(ctx, tx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, inv.UserID); err != nil {
			return err
		}
		p := aims.Principal{OrgID: inv.OrgID, UserID: inv.UserID, Email: inv.Email}
		return s.record(ctx, tx, p, "members", strconv.FormatInt(inv.UserID, 10), "accept-invitation", nil)
	})
	return inv, err
}
