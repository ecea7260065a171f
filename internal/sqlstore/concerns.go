package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// concerns is the register of concerns about the organization's AI
// (A.3.3). The follow-up code's hash is never part of the record as read,
// so it is never in an audit diff or an API reply.
var concerns = table{name: "concerns", register: aims.RegisterConcerns, prefix: "CON-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "follow_up"}}

// concernSupport: a concern that was triaged (handled, not merely
// received) supports A.3.3: the reporting channel runs with evidence.
// The public page being enabled would be a weaker sign (a channel that
// exists) and is no record with a reference, so it is not counted.
var concernSupport = supporter{t: concerns, query: `
	SELECT 'A.3.3' AS requirement_id, id, number, summary AS title FROM concerns
	WHERE org_id = $1 AND NOT archived AND status <> 'new'`}

var concernFields = columns{"received_on", "channel", "reporter_name", "reporter_contact", "ai_system_id", "category",
	"summary", "description", "status", "severity", "owner_id", "response_due", "resolution", "answer", "closed_on", "search"}

func concernValues(c aims.Concern) []any {
	return []any{c.ReceivedOn.String(), c.Channel, c.ReporterName, c.ReporterContact, nullID(c.AISystemID), c.Category,
		c.Summary, c.Description, c.Status, c.Severity, nullID(c.OwnerID), nullDate(c.ResponseDue), c.Resolution, c.Answer,
		nullDate(c.ClosedOn), concernSearch(c)}
}

const concernColumns = `c.id, c.number, c.version, c.received_on, c.channel, c.reporter_name, c.reporter_contact,
	c.ai_system_id, COALESCE(a.name, ''), c.category, c.summary, c.description, c.status, c.severity, c.owner_id,
	COALESCE(u.name, ''), c.response_due, c.resolution, c.answer, c.closed_on, c.followup_hash IS NOT NULL,
	c.archived, c.created_at, c.updated_at`

const concernFrom = ` FROM concerns c LEFT JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	LEFT JOIN users u ON u.id = c.owner_id`

func scanConcern(sc scanner) (aims.Concern, error) {
	var c aims.Concern
	var number int64
	var system, owner sql.NullInt64
	var received, due, closed sql.NullTime
	err := sc.Scan(&c.ID, &number, &c.Version, &received, &c.Channel, &c.ReporterName, &c.ReporterContact,
		&system, &c.AISystemName, &c.Category, &c.Summary, &c.Description, &c.Status, &c.Severity, &owner,
		&c.OwnerName, &due, &c.Resolution, &c.Answer, &closed, &c.FollowUp, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref = concerns.ref(number)
	c.AISystemID, c.OwnerID = system.Int64, owner.Int64
	c.ReceivedOn, c.ResponseDue, c.ClosedOn = dateOf(received), dateOf(due), dateOf(closed)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Concern reads one concern of an organization.
func (s *Store) Concern(ctx context.Context, orgID, id int64) (aims.Concern, error) {
	return s.concern(ctx, s.r, orgID, id)
}

func (s *Store) concern(ctx context.Context, q querier, orgID, id int64) (aims.Concern, error) {
	c, err := scanConcern(s.queryRow(ctx, q, `SELECT `+concernColumns+concernFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	return c, notFound(err, "concern")
}

var concernSort = map[string]string{
	"":             "c.received_on DESC, c.id DESC",
	"received_on":  "c.received_on, c.id",
	"ref":          "c.number, c.id",
	"status":       "c.status, c.response_due, c.id",
	"severity":     "c.severity, c.id",
	"response_due": "c.response_due, c.id",
	"updated_at":   "c.updated_at, c.id",
}

// Concerns lists one page of an organization's concerns, newest first by
// default.
func (s *Store) Concerns(ctx context.Context, orgID int64, f aims.ConcernFilter) (aims.Page[aims.Concern], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Concern]{Items: []aims.Concern{}}, err
	}
	order := concernSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.concernQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Concern]{Items: []aims.Concern{}}, err
	}
	return list(ctx, s, q, scanConcern)
}

// EachConcern calls fn for every concern matching the filter, for exports.
func (s *Store) EachConcern(ctx context.Context, orgID int64, f aims.ConcernFilter, fn func(aims.Concern) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.concernQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanConcern, func(c aims.Concern) int64 { return c.ID }, fn)
}

func (s *Store) concernQuery(ctx context.Context, orgID int64, f aims.ConcernFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.Status != "" {
		w.and("c.status = ?", string(f.Status))
	}
	if f.Category != "" {
		w.and("c.category = ?", string(f.Category))
	}
	if f.Severity != "" {
		w.and("c.severity = ?", string(f.Severity))
	}
	if f.OwnerID != 0 {
		w.and("c.owner_id = ?", f.OwnerID)
	}
	if f.AISystemID != 0 {
		w.and("c.ai_system_id = ?", f.AISystemID)
	}
	if f.Open || f.Overdue {
		w.conds.WriteString(" AND c.status NOT IN ('resolved', 'dismissed')")
	}
	if f.Overdue {
		w.and("c.response_due < ?", f.Today.String())
	}
	total, err := s.search(ctx, w, concerns, "c", f.Q)
	return listQuery{alias: "c", table: concerns.name, columns: concernColumns, from: concernFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// concernSearch is what the concerns' search matches. The reporter's
// contact is left out: it is for answering, not for finding people.
func concernSearch(c aims.Concern) string {
	// Not the reporter's name: every reader searches, and a match would
	// tell who raised a concern.
	return searchText(c.Ref, c.Summary, c.Description, c.AISystemName, c.OwnerName, c.Resolution)
}

// checkAISystem makes sure a linked AI system is one of the
// organization's: another organization's ID is refused as unknown. (The
// composite foreign key holds the same rule in the database.)
func (s *Store) checkAISystem(ctx context.Context, tx *sql.Tx, orgID, id int64, field string) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := s.queryRow(ctx, tx, `SELECT name FROM ai_systems WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", aims.Invalid(field, "is not an AI system of this organization")
	}
	return name, err
}

// CreateConcern records a concern a member received (in person, by e-mail
// or phone, or their own). Its reporter is whoever the member typed:
// nothing is looked up.
func (s *Store) CreateConcern(ctx context.Context, p aims.Principal, c aims.Concern) (aims.Concern, error) {
	c.Normalize(s.today())
	if err := c.Validate(); err != nil {
		return c, err
	}
	if c.Channel == aims.ChannelPublicForm {
		return c, errPublicOnly
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.insertConcern(ctx, tx, p, &c, nil)
	})
	return c, err
}

// errPublicOnly: only the public page records concerns from the public
// form, so the channel tells the truth about how a concern arrived.
var errPublicOnly = aims.Invalid("channel", "public-form is given only to concerns sent through the public reporting page")

// insertConcern writes a new concern and its audit event; followUp is the
// hash of the reporter's follow-up code, or nil.
func (s *Store) insertConcern(ctx context.Context, tx *sql.Tx, p aims.Principal, c *aims.Concern, followUp any) error {
	var err error
	if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
		return err
	}
	if c.AISystemName, err = s.checkAISystem(ctx, tx, p.OrgID, c.AISystemID, "ai_system_id"); err != nil {
		return err
	}
	number, err := s.number(ctx, tx, p.OrgID, concerns)
	if err != nil {
		return err
	}
	now := s.timestamp()
	c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt, c.FollowUp = concerns.ref(number), 1, false, now, now, followUp != nil
	err = s.queryRow(ctx, tx, `INSERT INTO concerns (org_id, number, version, archived, created_at, updated_at, followup_hash, `+
		concernFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, $5, `+concernFields.values(6)+`) RETURNING id`,
		append([]any{p.OrgID, number, false, now, followUp}, concernValues(*c)...)...).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert concern: %w", err)
	}
	changes, err := concerns.diff(nil, auditedConcern(*c))
	if err != nil {
		return err
	}
	return s.record(ctx, tx, p, concerns.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
}

// UpdateConcern saves a concern as triaged or edited, at the version its
// editor read. The day it closed follows its status.
func (s *Store) UpdateConcern(ctx context.Context, p aims.Principal, c aims.Concern) (aims.Concern, error) {
	var after aims.Concern
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.concern(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if c.ReceivedOn.IsZero() {
			c.ReceivedOn = before.ReceivedOn // an edit that leaves it out does not move it to today
		}
		if c.Status.Closed() && before.Status == c.Status && c.ClosedOn.IsZero() {
			c.ClosedOn = before.ClosedOn // stays closed on the day it closed
		}
		c.Normalize(s.today())
		if err := c.Validate(); err != nil {
			return err
		}
		if (c.Channel == aims.ChannelPublicForm) != (before.Channel == aims.ChannelPublicForm) {
			return errPublicOnly
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		if c.AISystemName, err = s.checkAISystem(ctx, tx, p.OrgID, c.AISystemID, "ai_system_id"); err != nil {
			return err
		}
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt, c.FollowUp = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt, before.FollowUp
		changes, err := concerns.diff(auditedConcern(before), auditedConcern(c))
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(concernValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, concerns, p.OrgID, c.ID, c.Version,
			concernFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, concerns.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetConcernArchived archives a concern (a duplicate, or recorded in
// error) or restores it.
func (s *Store) SetConcernArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Concern, error) {
	var c aims.Concern
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.concern(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, concerns, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// PublicReporter is the actor of a concern submitted through the public
// form: nobody signed in, and no account is ever looked up.
func PublicReporter(orgID int64) aims.Principal {
	return aims.Principal{OrgID: orgID, Email: "public reporting form"}
}

// ReportConcern takes a concern from the organization's public form, with
// the hash of the follow-up code the reporter was given. The daily ceiling
// holds in SQL: the organization is locked before its public concerns of
// the last 24 hours are counted, so concurrent submissions queue and the
// fifty-first is refused with aims.ErrConcernCeiling on either engine.
func (s *Store) ReportConcern(ctx context.Context, orgID int64, in aims.PublicConcern, followUpHash string) (aims.Concern, error) {
	if err := in.Validate(); err != nil {
		return aims.Concern{}, err
	}
	var c aims.Concern
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c = in.Concern(s.today())
		if err := s.lockOrganization(ctx, tx, orgID); err != nil {
			return err
		}
		var n int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM concerns WHERE org_id = $1 AND channel = $2 AND created_at > $3`,
			orgID, aims.ChannelPublicForm, s.timestamp().AddDate(0, 0, -1)).Scan(&n); err != nil {
			return fmt.Errorf("count public concerns: %w", err)
		}
		if n >= aims.PublicDailyLimit {
			return aims.ErrConcernCeiling
		}
		return s.insertConcern(ctx, tx, PublicReporter(orgID), &c, followUpHash)
	})
	return c, err
}

// ConcernStatus reads what a reporter may see of their concern, found by
// the hash of their follow-up code within the organization. An archived
// concern (a duplicate) still answers: the reporter keeps their answer.
func (s *Store) ConcernStatus(ctx context.Context, orgID int64, followUpHash string) (aims.ConcernStatusView, error) {
	var v aims.ConcernStatusView
	var received, closed sql.NullTime
	err := s.queryRow(ctx, s.r, `SELECT received_on, status, answer, closed_on FROM concerns
		WHERE org_id = $1 AND followup_hash = $2`, orgID, followUpHash).
		Scan(&received, &v.Status, &v.Answer, &closed)
	v.ReceivedOn, v.ClosedOn = dateOf(received), dateOf(closed)
	return v, notFound(err, "concern")
}

// ConcernChannel reads the organization's public reporting page; an
// organization that never enabled it has version 0.
func (s *Store) ConcernChannel(ctx context.Context, orgID int64) (aims.ConcernChannelState, error) {
	return s.concernChannel(ctx, s.r, orgID)
}

func (s *Store) concernChannel(ctx context.Context, q querier, orgID int64) (aims.ConcernChannelState, error) {
	var c aims.ConcernChannelState
	err := s.queryRow(ctx, q, `SELECT enabled, public_key, version, updated_at FROM concern_channels WHERE org_id = $1`, orgID).
		Scan(&c.Enabled, &c.Key, &c.Version, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return aims.ConcernChannelState{}, nil
	}
	c.UpdatedAt = c.UpdatedAt.UTC()
	return c, err
}

// PublicChannel finds the organization whose enabled public page a key
// names: its ID and name, and nothing else.
func (s *Store) PublicChannel(ctx context.Context, key string) (int64, string, error) {
	var id int64
	var name string
	err := s.queryRow(ctx, s.r, `SELECT o.id, o.name FROM concern_channels c JOIN organizations o ON o.id = c.org_id
		WHERE c.public_key = $1 AND c.enabled = $2`, key, true).Scan(&id, &name)
	return id, name, notFound(err, "reporting page")
}

// newChannelKey is a public page's key: 128 random bits.
func newChannelKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SetConcernChannel enables, disables or rotates the public reporting
// page at the version the admin read (0 before it was ever enabled).
// Enabling for the first time and rotating give a new key, after which
// the old address no longer answers; disabling keeps the key, so enabling
// again restores the address already published. The key is not written
// to the audit trail, only that it changed.
func (s *Store) SetConcernChannel(ctx context.Context, p aims.Principal, version int, action aims.ConcernChannelAction) (aims.ConcernChannelState, error) {
	if !action.Valid() {
		return aims.ConcernChannelState{}, aims.Invalid("action", "must be enable, disable or rotate")
	}
	var after aims.ConcernChannelState
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.concernChannel(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		after = before
		now := s.timestamp()
		var changes []aims.Change
		change := func(field, old, new string) {
			changes = append(changes, aims.Change{Field: field, Old: json.RawMessage(old), New: json.RawMessage(new)})
		}
		switch {
		case before.Version == 0 && action == aims.ChannelDisable:
			return staleIf(version != 0)
		case before.Version == 0:
			if version != 0 {
				return aims.ErrConflict
			}
			after = aims.ConcernChannelState{Enabled: true, Key: newChannelKey(), Version: 1, UpdatedAt: now}
			res, err := s.exec(ctx, tx, `INSERT INTO concern_channels (org_id, public_key, enabled, version, updated_at)
				VALUES ($1, $2, $3, 1, $4) ON CONFLICT (org_id) DO NOTHING`, p.OrgID, after.Key, true, now)
			if err != nil {
				return fmt.Errorf("enable reporting page: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return aims.ErrConflict
			}
			change("enabled", "false", "true")
			change("key", `""`, `"new"`)
		default:
			switch action {
			case aims.ChannelEnable:
				after.Enabled = true
			case aims.ChannelDisable:
				after.Enabled = false
			case aims.ChannelRotate:
				after.Key = newChannelKey()
				change("key", `"previous"`, `"new"`)
			}
			if after.Enabled != before.Enabled {
				change("enabled", strconv.FormatBool(before.Enabled), strconv.FormatBool(after.Enabled))
			}
			if len(changes) == 0 {
				return staleIf(version != before.Version)
			}
			if err := s.versioned(ctx, tx, "concern_channels", "org_id", `public_key = $1, enabled = $2, updated_at = $3`,
				p.OrgID, p.OrgID, version, after.Key, after.Enabled, now); err != nil {
				return err
			}
			after.Version, after.UpdatedAt = version+1, now
		}
		return s.record(ctx, tx, p, aims.RegisterConcernChannel, "public-page", aims.ActionUpdate, changes)
	})
	return after, err
}

// OpenConcerns counts the organization's open concerns and those past
// their response due date, in one query.
func (s *Store) OpenConcerns(ctx context.Context, orgID int64, today aims.Date) (open, overdue int, err error) {
	err = s.queryRow(ctx, s.r, `SELECT count(*), COALESCE(sum(CASE WHEN response_due < $3 THEN 1 ELSE 0 END), 0)
		FROM concerns WHERE org_id = $1 AND archived = $2 AND status NOT IN ('resolved', 'dismissed')`,
		orgID, false, today.String()).Scan(&open, &overdue)
	return open, overdue, err
}

// auditedConcern is a concern as the audit trail keeps it: whether the
// reporter gave a name and a contact, not what they are. The trail is read
// by auditors and, per record, by every reader; the reporter is known only
// to those who triage, on the concern itself.
func auditedConcern(c aims.Concern) aims.Concern {
	given := func(v string) string {
		if v == "" {
			return ""
		}
		return "(given; shown to those who triage)"
	}
	c.ReporterName, c.ReporterContact = given(c.ReporterName), given(c.ReporterContact)
	return c
}
