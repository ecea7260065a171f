package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"aims/internal/aims"
)

// A calendar feed shows a person's due work in their calendar program,
// which fetches it without signing in: its address holds a secret, stored
// here only as a hash. One feed per person and organization; making a new
// one retires the old address, and it stops working when the person loses
// access.

// CreateCalendarFeed gives the person a feed at the secret whose hash is
// given, retiring any earlier one.
func (s *Store) CreateCalendarFeed(ctx context.Context, p aims.Principal, tokenHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE calendar_feeds SET revoked_at = $1 WHERE org_id = $2 AND user_id = $3 AND revoked_at IS NULL`,
			now, p.OrgID, p.UserID); err != nil {
			return fmt.Errorf("retire calendar feed: %w", err)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO calendar_feeds (token_hash, org_id, user_id, created_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, p.OrgID, p.UserID, now); err != nil {
			return fmt.Errorf("calendar feed: %w", err)
		}
		return s.logSecurity(ctx, tx, p.OrgID, p.UserID, aims.SecurityCalendarFeed, "", "calendar feed address made; any earlier one retired")
	})
}

// RevokeCalendarFeed retires the person's feed; it reports whether there
// was one.
func (s *Store) RevokeCalendarFeed(ctx context.Context, p aims.Principal) (bool, error) {
	var had bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE calendar_feeds SET revoked_at = $1 WHERE org_id = $2 AND user_id = $3 AND revoked_at IS NULL`,
			s.timestamp(), p.OrgID, p.UserID)
		if err != nil {
			return fmt.Errorf("revoke calendar feed: %w", err)
		}
		n, _ := res.RowsAffected()
		if had = n > 0; !had {
			return nil
		}
		return s.logSecurity(ctx, tx, p.OrgID, p.UserID, aims.SecurityCalendarFeed, "", "calendar feed address retired")
	})
	return had, err
}

// HasCalendarFeed reports whether the person has a live feed.
func (s *Store) HasCalendarFeed(ctx context.Context, p aims.Principal) (bool, error) {
	var n int
	err := s.queryRow(ctx, s.r, `SELECT count(*) FROM calendar_feeds WHERE org_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
		p.OrgID, p.UserID).Scan(&n)
	return n > 0, err
}

// CalendarFeed finds whose feed a secret opens: a live feed of a person
// who still has access to the organization (accepted, active, within their
// access dates), or aims.ErrNotFound.
func (s *Store) CalendarFeed(ctx context.Context, tokenHash string) (orgID, userID int64, orgName string, err error) {
	err = s.queryRow(ctx, s.r, `SELECT f.org_id, f.user_id, o.name FROM calendar_feeds f
		JOIN memberships m ON m.org_id = f.org_id AND m.user_id = f.user_id
		JOIN organizations o ON o.id = f.org_id
		WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND m.active AND m.accepted_at IS NOT NULL
		AND (m.access_until IS NULL OR m.access_until >= $2)`, tokenHash, s.today().String()).Scan(&orgID, &userID, &orgName)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, "", aims.ErrNotFound
	}
	return orgID, userID, orgName, err
}
