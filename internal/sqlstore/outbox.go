package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Outgoing mail waits in mail_outbox until the scheduler delivers it, so a
// request neither waits on the mail server nor tells by its timing whether
// it queued a message. Every replica's scheduler takes due messages under
// a lease; a message delivered, or given up on, loses its body, which may
// hold a one-time link.

// OutMail is a queued message.
type OutMail struct {
	ID       int64
	To       string
	Subject  string
	Body     string
	Attempts int
}

// mailRetries are the waits after each failed attempt; after the last one
// the message is given up on.
var mailRetries = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}

// QueueMail queues a message for delivery.
func (s *Store) QueueMail(ctx context.Context, to, subject, body string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.queueMail(ctx, tx, to, subject, body) })
}

func (s *Store) queueMail(ctx context.Context, tx *sql.Tx, to, subject, body string) error {
	now := s.timestamp()
	_, err := s.exec(ctx, tx, `INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt, attempts, last_error)
		VALUES ($1, $2, $3, $4, $4, 0, '')`, to, subject, body, now)
	if err != nil {
		return fmt.Errorf("queue mail: %w", err)
	}
	return nil
}

// ClaimMail takes up to limit messages that are due, for lease: no other
// replica takes them meanwhile. A replica that dies holding them lets the
// lease run out, and another sends them.
func (s *Store) ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]OutMail, error) {
	var out []OutMail
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = nil
		now := s.timestamp()
		rows, err := s.query(ctx, tx, `UPDATE mail_outbox SET claimed_until = $1 WHERE id IN (
			SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt <= $2
			AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY id LIMIT $3`+s.skipLocked()+`)
			RETURNING id, recipient, subject, body, attempts`, now.Add(lease), now, limit)
		if err != nil {
			return fmt.Errorf("claim mail: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var m OutMail
			if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Attempts); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// skipLocked lets PostgreSQL replicas claim different rows at once instead
// of queueing behind each other; SQLite has one writer anyway.
func (s *Store) skipLocked() string {
	if s.dialect == Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ``
}

// MailDone records the outcome of an attempt: delivered (err nil), to be
// tried again later, or given up after the last retry. A delivered or
// abandoned message keeps its recipient and subject, not its body.
func (s *Store) MailDone(ctx context.Context, m OutMail, sendErr error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		var err error
		switch {
		case sendErr == nil:
			_, err = s.exec(ctx, tx, `UPDATE mail_outbox SET sent_at = $1, body = '', attempts = attempts + 1, claimed_until = NULL WHERE id = $2`, now, m.ID)
		case m.Attempts >= len(mailRetries):
			_, err = s.exec(ctx, tx, `UPDATE mail_outbox SET failed_at = $1, body = '', attempts = attempts + 1, claimed_until = NULL, last_error = $2 WHERE id = $3`,
				now, truncate(sendErr.Error(), 500), m.ID)
		default:
			_, err = s.exec(ctx, tx, `UPDATE mail_outbox SET next_attempt = $1, attempts = attempts + 1, claimed_until = NULL, last_error = $2 WHERE id = $3`,
				now.Add(mailRetries[m.Attempts]), truncate(sendErr.Error(), 500), m.ID)
		}
		return err
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// MailStats counts the outbox: messages waiting, delivered, given up on,
// and how many still hold a body (only those waiting should).
type MailStats struct {
	Waiting, Sent, Failed, WithBody int
}

// MailStats reads the outbox's counts in one query.
func (s *Store) MailStats(ctx context.Context) (MailStats, error) {
	var m MailStats
	err := s.queryRow(ctx, s.r, `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN body <> '' THEN 1 ELSE 0 END), 0) FROM mail_outbox`).Scan(&m.Waiting, &m.Sent, &m.Failed, &m.WithBody)
	return m, err
}
