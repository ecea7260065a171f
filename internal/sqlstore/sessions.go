package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"aims/internal/aims"
)

// touchEvery limits how often a session or token records its last use, so
// reading pages does not turn every request into a write.
const touchEvery = time.Minute

// CreateSession stores a new session under its token's hash.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID, orgID int64, lifetime time.Duration) error {
	now := s.timestamp()
	_, err := s.exec(ctx, s.w, `INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $4, $5)`, tokenHash, userID, orgID, now, now.Add(lifetime))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
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
		AND m.active AND (m.access_until IS NULL OR m.access_until >= $4)`,
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

// RevokeSession ends a session (sign-out).
func (s *Store) RevokeSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, s.w, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`, s.timestamp(), tokenHash)
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// SwitchOrganization moves a session to another organization the user may
// work in.
func (s *Store) SwitchOrganization(ctx context.Context, tokenHash string, userID, orgID int64) error {
	res, err := s.exec(ctx, s.w, `UPDATE sessions SET org_id = $1 WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = $1 AND m.user_id = $3 AND m.active
		AND (m.access_until IS NULL OR m.access_until >= $4))`, orgID, tokenHash, userID, s.today().String())
	if err != nil {
		return fmt.Errorf("switch organization: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("organization: %w", aims.ErrNotFound)
	}
	return nil
}

// CreateAPIToken stores a new token for a member of the acting
// organization; the secret itself never reaches the database.
func (s *Store) CreateAPIToken(ctx context.Context, p aims.Principal, userID int64, label, tokenHash, prefix string) (aims.APIToken, error) {
	if err := aims.CheckTokenLabel(label); err != nil {
		return aims.APIToken{}, err
	}
	t := aims.APIToken{UserID: userID, Label: label, Prefix: prefix, CreatedAt: s.timestamp()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.queryRow(ctx, tx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.org_id = $1 AND m.user_id = $2`, p.OrgID, userID).Scan(&t.UserEmail); err != nil {
			return notFound(err, "member")
		}
		if err := s.queryRow(ctx, tx, `INSERT INTO api_tokens (org_id, user_id, label, prefix, token_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.OrgID, userID, label, prefix, tokenHash, t.CreatedAt).Scan(&t.ID); err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		changes, _ := aims.Diff(nil, t, "id", "created_at", "last_used_at", "revoked_at")
		return s.record(ctx, tx, p, "api-tokens", strconv.FormatInt(t.ID, 10), aims.ActionCreate, changes)
	})
	return t, err
}

func scanToken(sc interface{ Scan(...any) error }) (aims.APIToken, error) {
	var t aims.APIToken
	var used, revoked sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Label, &t.Prefix, &t.CreatedAt, &used, &revoked)
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = t.CreatedAt.UTC(), timeOf(used), timeOf(revoked)
	return t, err
}

const tokenColumns = `t.id, t.user_id, u.email, t.label, t.prefix, t.created_at, t.last_used_at, t.revoked_at`

// APITokens lists an organization's tokens, newest first; userID 0 lists
// everyone's (for admins).
func (s *Store) APITokens(ctx context.Context, orgID, userID int64, p aims.ListParams) (aims.Page[aims.APIToken], error) {
	page := aims.Page[aims.APIToken]{Items: []aims.APIToken{}}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM api_tokens t WHERE t.org_id = $1 AND ($2 = 0 OR t.user_id = $2)`,
		orgID, userID).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count tokens: %w", err)
	}
	rows, err := s.query(ctx, s.r, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.org_id = $1 AND ($2 = 0 OR t.user_id = $2) ORDER BY t.id DESC LIMIT $3 OFFSET $4`, orgID, userID, p.Limit, p.Offset)
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
// revoke anyone's.
func (s *Store) RevokeAPIToken(ctx context.Context, p aims.Principal, tokenID, ownerID int64) (aims.APIToken, error) {
	var t aims.APIToken
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanToken(s.queryRow(ctx, tx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.org_id = $1 AND t.id = $2 AND ($3 = 0 OR t.user_id = $3)`, p.OrgID, tokenID, ownerID))
		if err != nil {
			return notFound(err, "API token")
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		t.RevokedAt = s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, t.RevokedAt, t.ID); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return s.record(ctx, tx, p, "api-tokens", strconv.FormatInt(t.ID, 10), aims.ActionRevoke, nil)
	})
	return t, err
}

// TokenPrincipal resolves an API token to who is acting: the token's user,
// with their current role, in the token's organization.
func (s *Store) TokenPrincipal(ctx context.Context, tokenHash string) (aims.Principal, error) {
	var p aims.Principal
	var used sql.NullTime
	now := s.timestamp()
	err := s.queryRow(ctx, s.r, `SELECT `+principalColumns+`, t.id, t.last_used_at FROM api_tokens t
		JOIN users u ON u.id = t.user_id
		JOIN organizations o ON o.id = t.org_id
		JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL
		AND m.active AND (m.access_until IS NULL OR m.access_until >= $2)`, tokenHash, s.today().String()).
		Scan(&p.UserID, &p.Email, &p.Name, &p.OrgID, &p.OrgName, &p.Role, &p.TokenID, &used)
	if err != nil {
		return p, notFound(err, "API token")
	}
	if !used.Valid || now.Sub(used.Time) > touchEvery {
		if _, err := s.exec(ctx, s.w, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, p.TokenID); err != nil {
			return p, fmt.Errorf("touch token: %w", err)
		}
	}
	return p, nil
}
