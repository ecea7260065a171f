package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
)

// webhooks is the register of an organization's webhook endpoints. The
// secret never enters the audit diff (it is not part of the record's JSON).
var webhooks = table{name: "webhooks", register: aims.RegisterWebhooks, prefix: "WH-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

const webhookColumns = `w.id, w.number, w.version, w.url, w.events, w.active, w.archived, w.created_at, w.updated_at`

func scanWebhook(sc scanner) (aims.Webhook, error) {
	var h aims.Webhook
	var number int64
	var events string
	err := sc.Scan(&h.ID, &number, &h.Version, &h.URL, &events, &h.Active, &h.Archived, &h.CreatedAt, &h.UpdatedAt)
	h.Ref, h.Events = webhooks.ref(number), splitList(events)
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	return h, err
}

func splitList(s string) []string {
	out := []string{}
	for _, v := range strings.Split(s, ",") {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Webhook reads one endpoint of an organization.
func (s *Store) Webhook(ctx context.Context, orgID, id int64) (aims.Webhook, error) {
	return s.webhook(ctx, s.r, orgID, id)
}

func (s *Store) webhook(ctx context.Context, q querier, orgID, id int64) (aims.Webhook, error) {
	h, err := scanWebhook(s.queryRow(ctx, q, `SELECT `+webhookColumns+` FROM webhooks w WHERE w.org_id = $1 AND w.id = $2`, orgID, id))
	return h, notFound(err, "webhook")
}

// Webhooks lists an organization's endpoints, active ones first.
func (s *Store) Webhooks(ctx context.Context, orgID int64, lp aims.ListParams, archived bool) (aims.Page[aims.Webhook], error) {
	if err := lp.Validate(); err != nil {
		return aims.Page[aims.Webhook]{Items: []aims.Webhook{}}, err
	}
	return list(ctx, s, listQuery{alias: "w", table: webhooks.name, columns: webhookColumns, from: ` FROM webhooks w`,
		where: newFilter("w", orgID, archived), order: "w.number, w.id", limit: lp.Limit, offset: lp.Offset, total: -1}, scanWebhook)
}

// CreateWebhook adds an endpoint; h.Secret is the signing secret the
// caller made and shows once.
func (s *Store) CreateWebhook(ctx context.Context, p aims.Principal, h aims.Webhook) (aims.Webhook, error) {
	if err := h.Validate(); err != nil {
		return h, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		number, err := s.number(ctx, tx, p.OrgID, webhooks)
		if err != nil {
			return err
		}
		now := s.timestamp()
		h.Ref, h.Version, h.Archived, h.CreatedAt, h.UpdatedAt = webhooks.ref(number), 1, false, now, now
		if err := s.queryRow(ctx, tx, `INSERT INTO webhooks (org_id, number, version, url, secret, events, active, archived, created_at, updated_at)
			VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			p.OrgID, number, h.URL, h.Secret, strings.Join(h.Events, ","), h.Active, false, now).Scan(&h.ID); err != nil {
			return fmt.Errorf("insert webhook: %w", err)
		}
		changes, err := webhooks.diff(nil, auditedHook(h))
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, webhooks.register, strconv.FormatInt(h.ID, 10), aims.ActionCreate, changes)
	})
	return h, err
}

// UpdateWebhook changes an endpoint's address, events or active flag at
// the version its editor read.
func (s *Store) UpdateWebhook(ctx context.Context, p aims.Principal, h aims.Webhook) (aims.Webhook, error) {
	var after aims.Webhook
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.webhook(ctx, tx, p.OrgID, h.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if err := h.Validate(); err != nil {
			return err
		}
		h.Ref, h.Archived, h.CreatedAt, h.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := webhooks.diff(auditedHook(before), auditedHook(h))
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(h.Version != before.Version)
		}
		h.UpdatedAt = s.timestamp()
		if err := s.update(ctx, tx, webhooks, p.OrgID, h.ID, h.Version, `url = $1, events = $2, active = $3, updated_at = $4`,
			h.URL, strings.Join(h.Events, ","), h.Active, h.UpdatedAt); err != nil {
			return err
		}
		after = h
		after.Version++
		return s.record(ctx, tx, p, webhooks.register, strconv.FormatInt(h.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetWebhookArchived retires an endpoint (nothing more is sent to it) or
// brings it back; its delivery log stays.
func (s *Store) SetWebhookArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Webhook, error) {
	var h aims.Webhook
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if h, err = s.webhook(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, webhooks, id, h.Version, version, h.Archived, archived)
		if changed {
			h.Archived, h.Version, h.UpdatedAt = archived, h.Version+1, at
		}
		return err
	})
	return h, err
}

// auditedHook is an endpoint as the audit trail keeps it: its address
// cut to scheme and host with a fingerprint of the whole. Chat services
// put their credential in the path, and the trail is read by managers and
// auditors who may not read the endpoints themselves.
func auditedHook(h aims.Webhook) aims.Webhook {
	h.URL = aims.RedactURL(h.URL)
	return h
}

// webhookPayload is the JSON body of a delivery.
type webhookPayload struct {
	Event        string        `json:"event"`
	Organization string        `json:"organization"`
	Day          aims.Date     `json:"day"`
	Item         *aims.DueItem `json:"item,omitempty"`
}

// QueueWebhookPing queues a test delivery to one endpoint.
func (s *Store) QueueWebhookPing(ctx context.Context, p aims.Principal, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		h, err := s.webhook(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if h.Archived {
			return aims.ErrArchived
		}
		var org string
		if err := s.queryRow(ctx, tx, `SELECT name FROM organizations WHERE id = $1`, p.OrgID).Scan(&org); err != nil {
			return err
		}
		return s.queueDelivery(ctx, tx, p.OrgID, id, webhookPayload{Event: aims.EventPing, Organization: org, Day: s.today()})
	})
}

func (s *Store) queueDelivery(ctx context.Context, tx *sql.Tx, orgID, hookID int64, pl webhookPayload) error {
	body, err := json.Marshal(pl)
	if err != nil {
		return err
	}
	now := s.timestamp()
	_, err = s.exec(ctx, tx, `INSERT INTO webhook_deliveries (org_id, webhook_id, event, payload, created_at, next_attempt, attempts, status_code, last_error)
		VALUES ($1, $2, $3, $4, $5, $5, 0, 0, '')`, orgID, hookID, pl.Event, string(body), now)
	if err != nil {
		return fmt.Errorf("queue delivery: %w", err)
	}
	return nil
}

// QueueWebhookEvents queues day's events for every organization with an
// active endpoint, once per organization and day whichever replica comes
// first: "due" for work that enters its due-soon window today, "overdue"
// for work whose date was yesterday. It returns how many it queued.
func (s *Store) QueueWebhookEvents(ctx context.Context, day aims.Date) (int, error) {
	// The organizations with endpoints, then each organization's events in
	// its own transaction with its claim.
	rows, err := s.query(ctx, s.r, `SELECT DISTINCT w.org_id, o.name FROM webhooks w JOIN organizations o ON o.id = w.org_id
		WHERE w.active AND NOT w.archived ORDER BY w.org_id`)
	if err != nil {
		return 0, fmt.Errorf("webhook organizations: %w", err)
	}
	type org struct {
		id   int64
		name string
	}
	var orgs []org
	for rows.Next() {
		var o org
		if err := rows.Scan(&o.id, &o.name); err != nil {
			rows.Close()
			return 0, err
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	for _, o := range orgs {
		n := 0
		err := s.tx(ctx, func(tx *sql.Tx) error {
			n = 0
			res, err := s.exec(ctx, tx, `INSERT INTO schedule_claims (kind, claim_key, claimed_at) VALUES ('webhook-events', $1, $2)
				ON CONFLICT (kind, claim_key) DO NOTHING`, fmt.Sprintf("%d:%s", o.id, day), s.timestamp())
			if err != nil {
				return err
			}
			if c, err := res.RowsAffected(); err != nil || c != 1 {
				return err
			}
			hooks, err := s.activeHooks(ctx, tx, o.id)
			if err != nil {
				return err
			}
			items, err := s.transitions(ctx, tx, o.id, day)
			if err != nil {
				return err
			}
			for _, it := range items {
				event := aims.EventDue
				if it.State == aims.DueOverdue {
					event = aims.EventOverdue
				}
				for _, h := range hooks {
					if !h.Subscribes(event) {
						continue
					}
					if err := s.queueDelivery(ctx, tx, o.id, h.ID, webhookPayload{Event: event, Organization: o.name, Day: day, Item: &it}); err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func (s *Store) activeHooks(ctx context.Context, tx *sql.Tx, orgID int64) ([]aims.Webhook, error) {
	rows, err := s.query(ctx, tx, `SELECT `+webhookColumns+` FROM webhooks w WHERE w.org_id = $1 AND w.active AND NOT w.archived`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []aims.Webhook
	for rows.Next() {
		h, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// transitions are the organization's due items that change state on day:
// due yesterday (now overdue) or due at the end of the due-soon window.
func (s *Store) transitions(ctx context.Context, tx *sql.Tx, orgID int64, day aims.Date) ([]aims.DueItem, error) {
	rows, err := s.query(ctx, tx, `SELECT d.register, d.record_id, d.ref, d.title, d.what, d.due, COALESCE(d.owner_id, 0), COALESCE(u.name, '')
		FROM (`+dueUnion()+`) d LEFT JOIN users u ON u.id = d.owner_id
		WHERE d.org_id = $1 AND d.due IN ($2, $3) ORDER BY d.due, d.register, d.ref`,
		orgID, day.AddDays(-1).String(), day.AddDays(aims.DueHorizonDays).String())
	if err != nil {
		return nil, fmt.Errorf("due transitions: %w", err)
	}
	defer rows.Close()
	var out []aims.DueItem
	for rows.Next() {
		it, err := scanDue(rows, day)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Delivery is a claimed delivery with what sending it needs.
type Delivery struct {
	ID       int64
	OrgID    int64
	Event    string
	URL      string
	Secret   string
	Payload  string
	Attempts int
}

// ClaimDeliveries takes up to limit due deliveries for lease, like
// ClaimMail. Deliveries to an endpoint archived or made inactive since
// they were queued are not sent.
func (s *Store) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]Delivery, error) {
	var out []Delivery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = nil
		now := s.timestamp()
		rows, err := s.query(ctx, tx, `UPDATE webhook_deliveries SET claimed_until = $1 WHERE id IN (
			SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.org_id = d.org_id AND w.id = d.webhook_id
			WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt <= $2 AND w.active AND NOT w.archived
			AND (d.claimed_until IS NULL OR d.claimed_until < $2) ORDER BY d.id LIMIT $3`+s.skipLocked()+`)
			RETURNING id`, now.Add(lease), now, limit)
		if err != nil {
			return fmt.Errorf("claim deliveries: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			var d Delivery
			if err := s.queryRow(ctx, tx, `SELECT d.id, d.org_id, d.event, w.url, w.secret, d.payload, d.attempts
				FROM webhook_deliveries d JOIN webhooks w ON w.org_id = d.org_id AND w.id = d.webhook_id WHERE d.id = $1`, id).
				Scan(&d.ID, &d.OrgID, &d.Event, &d.URL, &d.Secret, &d.Payload, &d.Attempts); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// webhookRetries are the waits after each failed attempt.
var webhookRetries = mailRetries

// DeliveryDone records an attempt: delivered (err nil), retried later with
// backoff, or given up after the last retry.
func (s *Store) DeliveryDone(ctx context.Context, d Delivery, status int, sendErr error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		var err error
		switch {
		case sendErr == nil:
			_, err = s.exec(ctx, tx, `UPDATE webhook_deliveries SET delivered_at = $1, status_code = $2, attempts = attempts + 1, claimed_until = NULL, last_error = '' WHERE id = $3`,
				now, status, d.ID)
		case d.Attempts >= len(webhookRetries):
			_, err = s.exec(ctx, tx, `UPDATE webhook_deliveries SET failed_at = $1, status_code = $2, attempts = attempts + 1, claimed_until = NULL, last_error = $3 WHERE id = $4`,
				now, status, truncate(sendErr.Error(), 500), d.ID)
		default:
			_, err = s.exec(ctx, tx, `UPDATE webhook_deliveries SET next_attempt = $1, status_code = $2, attempts = attempts + 1, claimed_until = NULL, last_error = $3 WHERE id = $4`,
				now.Add(webhookRetries[d.Attempts]), status, truncate(sendErr.Error(), 500), d.ID)
		}
		return err
	})
}

// WebhookDeliveries lists an endpoint's latest deliveries, newest first.
func (s *Store) WebhookDeliveries(ctx context.Context, orgID, webhookID int64, limit int) ([]aims.WebhookDelivery, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, event, created_at, attempts, status_code, last_error, delivered_at, failed_at, payload
		FROM webhook_deliveries WHERE org_id = $1 AND webhook_id = $2 ORDER BY id DESC LIMIT $3`, orgID, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	defer rows.Close()
	out := []aims.WebhookDelivery{}
	for rows.Next() {
		var d aims.WebhookDelivery
		var delivered, failed sql.NullTime
		if err := rows.Scan(&d.ID, &d.Event, &d.CreatedAt, &d.Attempts, &d.StatusCode, &d.LastError, &delivered, &failed, &d.Payload); err != nil {
			return nil, err
		}
		d.CreatedAt = d.CreatedAt.UTC()
		switch {
		case delivered.Valid:
			d.State, d.DeliveredAt = "delivered", delivered.Time.UTC()
		case failed.Valid:
			d.State = "failed"
		default:
			d.State = "waiting"
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
