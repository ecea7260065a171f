package sqlstore

import (
	"context"
	"fmt"

	"aims/internal/aims"
)

// logSecurity appends an event to the security log. With orgID set it goes
// to that organization's log; otherwise an event about an account goes to
// the log of every organization the account has accepted (a pending
// membership learns nothing of the account), and an event about no known
// account (userID 0) is kept without an organization, for the operator.
func (s *Store) logSecurity(ctx context.Context, q querier, orgID, userID int64, kind, ip, detail string) error {
	orgs := []any{nil}
	switch {
	case orgID != 0:
		orgs = []any{orgID}
	case userID != 0:
		ids, err := s.acceptedOrganizations(ctx, q, userID)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			orgs = orgs[:0]
			for _, id := range ids {
				orgs = append(orgs, id)
			}
		}
	}
	actor := ""
	if userID != 0 {
		if err := s.queryRow(ctx, q, `SELECT email FROM users WHERE id = $1`, userID).Scan(&actor); err != nil {
			return fmt.Errorf("security log: %w", err)
		}
	}
	for _, org := range orgs {
		if _, err := s.exec(ctx, q, `INSERT INTO security_events (at, org_id, user_id, kind, actor, ip, detail)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.timestamp(), org, nullID(userID), kind, actor, ip, detail); err != nil {
			return fmt.Errorf("security log: %w", err)
		}
	}
	return nil
}

// acceptedOrganizations lists the organizations an account has joined.
func (s *Store) acceptedOrganizations(ctx context.Context, q querier, userID int64) ([]int64, error) {
	rows, err := s.query(ctx, q, `SELECT org_id FROM memberships WHERE user_id = $1 AND accepted_at IS NOT NULL ORDER BY org_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("organizations of account: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SignInRefused records a refused sign-in (kind: a wrong password, or a
// right one for an account with no access left): for a known account
// (userID not 0) in the logs of the organizations it has joined, so their
// admins see a leaver trying, otherwise without one. The address typed is
// not kept for an unknown account: people type passwords into the e-mail
// field, and the log must never hold a secret.
func (s *Store) SignInRefused(ctx context.Context, userID int64, kind, ip, why string) error {
	return s.logSecurity(ctx, s.w, 0, userID, kind, ip, why)
}

// SecurityFilter narrows an organization's security log.
type SecurityFilter struct {
	aims.ListParams
	Kind   string
	UserID int64
}

// SecurityEvents lists an organization's security log, newest first.
func (s *Store) SecurityEvents(ctx context.Context, orgID int64, f SecurityFilter) (aims.Page[aims.SecurityEvent], error) {
	page := aims.Page[aims.SecurityEvent]{Items: []aims.SecurityEvent{}}
	w := &filter{base: `org_id = $1`, args: []any{orgID}}
	if f.Kind != "" {
		w.and("kind = ?", f.Kind)
	}
	if f.UserID != 0 {
		w.and("user_id = ?", f.UserID)
	}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM security_events`+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count security events: %w", err)
	}
	args := append(w.args, f.Limit, f.Offset)
	rows, err := s.query(ctx, s.r, `SELECT id, at, kind, COALESCE(user_id, 0), actor, ip, detail FROM security_events`+w.String()+
		fmt.Sprintf(` ORDER BY id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return page, fmt.Errorf("list security events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e aims.SecurityEvent
		if err := rows.Scan(&e.ID, &e.At, &e.Kind, &e.UserID, &e.Actor, &e.IP, &e.Detail); err != nil {
			return page, err
		}
		e.At = e.At.UTC()
		page.Items = append(page.Items, e)
	}
	return page, rows.Err()
}
