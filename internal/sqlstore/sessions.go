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

// touchEvery limits how often a session or token records its last use, so
// reading pages does not turn every request into a write.
const touchEvery = time.Minute

// CreateSession signs a person in: it stores a new session under its
// token's hash, in an organization they may work in, and logs the sign-in
// there. ip is the client's address, for the security log.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID, orgID int64, lifetime time.Duration, ip string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		_, err := s.exec(ctx, tx, `INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $4, $5)`, tokenHash, userID, orgID, now, now.Add(lifetime))
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return s.logSecurity(ctx, tx, orgID, userID, aims.SecuritySignIn, ip, "")
	})
}

const principalColumns = `u.id, u.email, u.name, o.id, o.name, m.role`

// SessionPrincipal resolves a session token to who is acting. A session
// ends when it is revoked, past its absolute expiry, idle longer than idle,
// or when the person lost access to the organization.
func (s *Store) SessionPrincipal(ctx context.Context, tokenHash string, idle time.Duration) (aims.Principal, error) {
	var p aims.Principal
	var id int64
	var lastSeen time.Time
	now := s.timestamp()
	err := s.queryRow(ctx, s.r, `SELECT `+principalColumns+`, s.id, s.last_seen_at FROM sessions s
		JOIN users u ON u.id = s.user_id
		JOIN organizations o ON o.id = s.org_id
		JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id
		WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
		AND `+access+`$4)`,
		tokenHash, now, now.Add(-idle), s.today().String()).
		Scan(&p.UserID, &p.Email, &p.Name, &p.OrgID, &p.OrgName, &p.Role, &id, &lastSeen)
	if err != nil {
		return p, notFound(err, "session")
	}
	if now.Sub(lastSeen) > touchEvery {
		if _, err := s.exec(ctx, s.w, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, id); err != nil {
			return p, fmt.Errorf("touch session: %w", err)
		}
	}
	return p, nil
}

// RevokeSession ends a session (sign-out) and logs it in the session's
// organization.
func (s *Store) RevokeSession(ctx context.Context, tokenHash, ip string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var userID, orgID int64
		err := s.queryRow(ctx, tx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL
			RETURNING user_id, org_id`, s.timestamp(), tokenHash).Scan(&userID, &orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already ended
		}
		if err != nil {
			return fmt.Errorf("revoke session: %w", err)
		}
		return s.logSecurity(ctx, tx, orgID, userID, aims.SecuritySignOut, ip, "")
	})
}

// SwitchOrganization moves a session to another organization the user may
// work in, and logs the entry there.
func (s *Store) SwitchOrganization(ctx context.Context, tokenHash string, userID, orgID int64, ip string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE sessions SET org_id = $1 WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL
			AND EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = $1 AND m.user_id = $3 AND `+access+`$4))`,
			orgID, tokenHash, userID, s.today().String())
		if err != nil {
			return fmt.Errorf("switch organization: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("organization: %w", aims.ErrNotFound)
		}
		return s.logSecurity(ctx, tx, orgID, userID, aims.SecuritySwitchOrg, ip, "")
	})
}

// CreateAPIToken stores a new token for a member of the acting
// organization; the secret itself never reaches the database.
func (s *Store) CreateAPIToken(ctx context.Context, p aims.Principal, userID int64, nt aims.NewAPIToken, tokenHash, prefix string) (aims.APIToken, error) {
	nt.Label = strings.TrimSpace(nt.Label)
	if err := nt.Validate(s.today()); err != nil {
		return aims.APIToken{}, err
	}
	t := aims.APIToken{UserID: userID, Label: nt.Label, Prefix: prefix, ReadOnly: nt.ReadOnly, ExpiresOn: nt.ExpiresOn, CreatedAt: s.timestamp()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Only for a member who can work here today: a token for someone
		// deactivated or past their access end would be dead on arrival.
		if err := s.queryRow(ctx, tx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.org_id = $1 AND m.user_id = $2 AND `+access+`$3)`, p.OrgID, userID, s.today().String()).Scan(&t.UserEmail); err != nil {
			return notFound(err, "member with access")
		}
		if err := s.queryRow(ctx, tx, `INSERT INTO api_tokens (org_id, user_id, label, prefix, token_hash, created_at, read_only, expires_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, p.OrgID, userID, t.Label, prefix, tokenHash, t.CreatedAt,
			t.ReadOnly, nullDate(t.ExpiresOn)).Scan(&t.ID); err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		changes, _ := aims.Diff(nil, t, "id", "created_at", "last_used_at", "revoked_at")
		if err := s.record(ctx, tx, p, aims.RegisterTokens, strconv.FormatInt(t.ID, 10), aims.ActionCreate, changes); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, p.OrgID, userID, aims.SecurityTokenCreated, "", tokenDetail(t, p))
	})
	return t, err
}

// tokenDetail describes a token for the security log: never its secret.
func tokenDetail(t aims.APIToken, by aims.Principal) string {
	d := fmt.Sprintf("token %d %q (%s…)", t.ID, t.Label, t.Prefix)
	if t.ReadOnly {
		d += ", read-only"
	}
	if !t.ExpiresOn.IsZero() {
		d += ", until " + t.ExpiresOn.String()
	}
	return d + ", by " + by.Actor()
}

func scanToken(sc scanner) (aims.APIToken, error) {
	var t aims.APIToken
	var used, revoked, expires sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Label, &t.Prefix, &t.ReadOnly, &expires, &t.CreatedAt, &used, &revoked)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt, t.ExpiresOn = t.CreatedAt.UTC(), timeOf(used), timeOf(revoked), dateOf(expires)
	return t, err
}

const tokenColumns = `t.id, t.user_id, u.email, t.label, t.prefix, t.read_only, t.expires_on, t.created_at, t.last_used_at, t.revoked_at`

// APITokens lists an organization's tokens, newest first; userID 0 lists
// everyone's (for admins). (The user ID comes first in each condition:
// PostgreSQL types a parameter by its first use, and account IDs need
// BIGINT.)
func (s *Store) APITokens(ctx context.Context, orgID, userID int64, p aims.ListParams) (aims.Page[aims.APIToken], error) {
	page := aims.Page[aims.APIToken]{Items: []aims.APIToken{}}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM api_tokens t WHERE t.org_id = $1 AND (t.user_id = $2 OR $2 = 0)`,
		orgID, userID).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count tokens: %w", err)
	}
	rows, err := s.query(ctx, s.r, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.org_id = $1 AND (t.user_id = $2 OR $2 = 0) ORDER BY t.id DESC LIMIT $3 OFFSET $4`, orgID, userID, p.Limit, p.Offset)
	if err != nil {
		return page, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, t)
	}
	return page, rows.Err()
}

// RevokeAPIToken ends a token. ownerID, when not 0, limits the revocation to
// that user's own tokens, so members can revoke theirs and only admins can
// revoke anyone's. Revoking twice changes nothing the second time.
func (s *Store) RevokeAPIToken(ctx context.Context, p aims.Principal, tokenID, ownerID int64) (aims.APIToken, error) {
	var t aims.APIToken
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanToken(s.queryRow(ctx, tx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.org_id = $1 AND t.id = $2 AND (t.user_id = $3 OR $3 = 0)`, p.OrgID, tokenID, ownerID))
		if err != nil {
			return notFound(err, "API token")
		}
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE api_tokens SET revoked_at = $1 WHERE org_id = $2 AND id = $3 AND revoked_at IS NULL`,
			now, p.OrgID, t.ID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			// Already revoked, perhaps a moment ago by someone else: answer
			// with when.
			return s.queryRow(ctx, tx, `SELECT revoked_at FROM api_tokens WHERE org_id = $1 AND id = $2`, p.OrgID, t.ID).Scan(&t.RevokedAt)
		}
		t.RevokedAt = now
		if err := s.record(ctx, tx, p, aims.RegisterTokens, strconv.FormatInt(t.ID, 10), aims.ActionRevoke, nil); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, p.OrgID, t.UserID, aims.SecurityTokenRevoked, "", tokenDetail(t, p))
	})
	return t, err
}

// TokenPrincipal resolves an API token to who is acting: the token's user,
// with their current role, in the token's organization, read-only if the
// token is. A revoked token, or one past its last day, resolves to nothing.
func (s *Store) TokenPrincipal(ctx context.Context, tokenHash string) (aims.Principal, error) {
	var p aims.Principal
	var used sql.NullTime
	now := s.timestamp()
	today := s.today().String()
	err := s.queryRow(ctx, s.r, `SELECT `+principalColumns+`, t.id, t.read_only, t.last_used_at FROM api_tokens t
		JOIN users u ON u.id = t.user_id
		JOIN organizations o ON o.id = t.org_id
		JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_on IS NULL OR t.expires_on >= $2)
		AND `+access+`$2)`, tokenHash, today).
		Scan(&p.UserID, &p.Email, &p.Name, &p.OrgID, &p.OrgName, &p.Role, &p.TokenID, &p.ReadOnly, &used)
	if err != nil {
		return p, notFound(err, "API token")
	}
	if !used.Valid || now.Sub(used.Time) > touchEvery {
		if _, err := s.exec(ctx, s.w, `UPDATE api_tokens SET last_used_at = $1 WHERE org_id = $2 AND id = $3`, now, p.OrgID, p.TokenID); err != nil {
			return p, fmt.Errorf("touch token: %w", err)
		}
	}
	return p, nil
}
