package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"aims/internal/aims"
)

// Password resets by e-mail: the person asks with their address; if it is
// an account that has a password and works somewhere, a one-time link
// valid for ResetTTL is queued to it. The reply to the asker is the same
// either way, and the mail leaves later from the outbox, so neither the
// answer nor its timing tells whether the address has an account.

// ResetTTL is how long a reset link works.
const ResetTTL = time.Hour

// resetsPerHour caps the links one account gets in an hour, so the form
// cannot be used to flood a person's mailbox.
const resetsPerHour = 3

// ErrResetInvalid refuses a reset link that is unknown, used or expired.
var ErrResetInvalid = errors.New("this password reset link is not valid: it was used, it expired, or a newer one was sent")

// RequestPasswordReset queues a reset link for the account of email, when
// there is one that may reset its password; compose writes the message for
// the account's name. Nothing tells the caller whether it queued.
func (s *Store) RequestPasswordReset(ctx context.Context, email, tokenHash string, compose func(name string) (subject, body string)) error {
	email = strings.ToLower(strings.TrimSpace(email))
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		var userID int64
		var name string
		var recent int
		err := s.queryRow(ctx, tx, `SELECT u.id, u.name, (SELECT count(*) FROM password_resets r WHERE r.user_id = u.id AND r.created_at > $2)
			FROM users u WHERE u.email = $1 AND u.password_hash <> ''
			AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.accepted_at IS NOT NULL AND m.active)`,
			email, now.Add(-time.Hour)).Scan(&userID, &name, &recent)
		if errors.Is(err, sql.ErrNoRows) || recent >= resetsPerHour {
			return nil
		}
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		// Only the newest link works.
		if _, err := s.exec(ctx, tx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID); err != nil {
			return fmt.Errorf("void resets: %w", err)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, userID, now, now.Add(ResetTTL)); err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		subject, body := compose(name)
		if err := s.queueMail(ctx, tx, email, subject, body); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, 0, userID, aims.SecurityResetRequested, "", "a reset link was e-mailed to the account's address")
	})
}

// PasswordResetValid reports whether a reset link still works, for the
// page that asks for the new password.
func (s *Store) PasswordResetValid(ctx context.Context, tokenHash string) bool {
	var n int
	err := s.queryRow(ctx, s.r, `SELECT count(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		tokenHash, s.timestamp()).Scan(&n)
	return err == nil && n == 1
}

// ResetPassword sets the password through a reset link, once: the link is
// used up in the same statement that checks it, so two uses at once cannot
// both succeed. As when the operator sets a password, the account's
// sessions end, its unused invitations are voided and its API tokens are
// revoked: whoever held the old password may have made some.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash, ip string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		var userID int64
		err := s.queryRow(ctx, tx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
			RETURNING user_id`, now, tokenHash).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrResetInvalid
		}
		if err != nil {
			return fmt.Errorf("use reset link: %w", err)
		}
		if err := s.setPassword(ctx, tx, userID, passwordHash); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, 0, userID, aims.SecurityPasswordReset, ip, "through a reset link sent by e-mail; sessions ended, API tokens revoked")
	})
}
