// Package notify is the scheduler that runs inside aims serve: it delivers
// queued mail, queues each person's daily digest of due work, and delivers
// webhook events. Every replica runs one; the database decides which
// replica does each piece of work, so several replicas on one PostgreSQL
// send each digest and each event once.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/mail"
	"aims/internal/sqlstore"
)

// Scheduler does the periodic work. Mail is nil when no mail server is
// configured: then nothing is queued for delivery by mail.
type Scheduler struct {
	Store   *sqlstore.Store
	Mail    *mail.Sender
	Catalog *catalog.Catalog
	Log     *slog.Logger
	Now     func() time.Time
	BaseURL string // where people reach this aims, for links in mail
	// DigestHour is the hour of the day (UTC) from which the day's digests
	// go out.
	DigestHour int
	// Every is how often it looks for work.
	Every time.Duration
	// Link is the path of a record's page ("" when it has none).
	Link func(register, recordID string) string
	// Webhooks is where deliveries may go.
	Webhooks aims.WebhookPolicy

	client *http.Client
}

// Run works until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every == 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick does what is due now: the day's digests once their hour has come,
// the day's webhook events, then the mail and the deliveries that wait.
func (s *Scheduler) Tick(ctx context.Context) error {
	now := s.Now().UTC()
	if s.Mail != nil && now.Hour() >= s.DigestHour {
		if _, err := s.QueueDigests(ctx, aims.DateOf(now)); err != nil {
			return err
		}
	}
	if _, err := s.Store.QueueWebhookEvents(ctx, aims.DateOf(now)); err != nil {
		return err
	}
	return errors.Join(s.DeliverMail(ctx), s.DeliverWebhooks(ctx))
}

// DeliverMail sends every message that is due, a batch at a time.
func (s *Scheduler) DeliverMail(ctx context.Context) error {
	if s.Mail == nil {
		return nil
	}
	for {
		batch, err := s.Store.ClaimMail(ctx, 20, 5*time.Minute)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, m := range batch {
			err := s.Mail.Send(ctx, mail.Message{To: m.To, Subject: m.Subject, Body: m.Body})
			if err != nil {
				// The error names the server's answer, never the body.
				s.Log.Warn("mail not delivered", "mail_id", m.ID, "attempt", m.Attempts+1, "err", err)
			}
			if err := s.Store.MailDone(ctx, m, err); err != nil {
				return err
			}
		}
	}
}

// QueueDigests queues the digest of day for every person who owns due
// work, unless some server queued it already. It returns how many it
// queued.
func (s *Scheduler) QueueDigests(ctx context.Context, day aims.Date) (int, error) {
	digests, err := s.Store.Digests(ctx, day)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range digests {
		subject, body := s.digestText(d, day)
		queued, err := s.Store.QueueMailOnce(ctx, "digest", fmt.Sprintf("%d:%s", d.UserID, day), d.Email, subject, body)
		if err != nil {
			return n, err
		}
		if queued {
			n++
		}
	}
	return n, nil
}

// digestText writes a digest: overdue first, then what falls due soon,
// each with a link to the record.
func (s *Scheduler) digestText(d sqlstore.Digest, day aims.Date) (string, string) {
	overdue, soon := 0, 0
	var b strings.Builder
	fmt.Fprintf(&b, "Good morning %s,\n\nthis is your due work in aims as of %s.\n", d.Name, day)
	for _, o := range d.Orgs {
		fmt.Fprintf(&b, "\n%s\n%s\n", o.Name, strings.Repeat("=", len([]rune(o.Name))))
		for _, state := range []aims.DueState{aims.DueOverdue, aims.DueSoon} {
			first := true
			for _, it := range o.Items {
				if it.State != state {
					continue
				}
				if first {
					fmt.Fprintf(&b, "\n%s:\n", state.Label())
					first = false
				}
				if state == aims.DueOverdue {
					overdue++
				} else {
					soon++
				}
				fmt.Fprintf(&b, "- %s  %s: %s %s\n", it.Due, it.What, it.Ref, s.title(it))
				if link := s.link(it); link != "" {
					fmt.Fprintf(&b, "  %s\n", link)
				}
			}
		}
	}
	fmt.Fprintf(&b, "\nYour work in full: %s/my-work\n", s.BaseURL)
	subject := fmt.Sprintf("aims: %d overdue, %d due soon", overdue, soon)
	return subject, b.String()
}

func (s *Scheduler) title(it aims.DueItem) string {
	if it.Register == aims.RegisterGap && s.Catalog != nil {
		if req, ok := s.Catalog.Requirement(catalog.ISO42001, it.RecordID); ok {
			return req.Title
		}
	}
	return it.Title
}

// link is the address of the item's record, when it has a page.
func (s *Scheduler) link(it aims.DueItem) string {
	if s.Link == nil {
		return ""
	}
	if path := s.Link(it.Register, it.RecordID); path != "" {
		return s.BaseURL + path
	}
	return ""
}
