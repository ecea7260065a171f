package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// communications is the communication plan (7.4). Its log entries live in
// communication_sends; logging one is an update of the plan item (its
// last sent day, count and next due date), so the item's version orders
// them and its history shows each send.
var communications = table{name: "communications", register: aims.RegisterCommunications, prefix: "COM-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// communicationSupport: a plan item with at least one logged
// communication supports 7.4: the plan runs, it is not only written.
// (Whether an item is about the AI policy, for 5.2, cannot be told
// reliably from free text, so it is not claimed.)
var communicationSupport = supporter{t: communications, query: `
	SELECT '7.4' AS requirement_id, id, number, subject AS title FROM communications
	WHERE org_id = $1 AND NOT archived AND sends > 0`}

var communicationFields = columns{"subject", "content", "audience", "audience_detail", "frequency", "next_due", "channel",
	"owner_id", "interested_party", "search"}

func communicationValues(c aims.Communication) []any {
	return []any{c.Subject, c.Content, c.Audience, c.AudienceDetail, c.Frequency, nullDate(c.NextDue), c.Channel,
		nullID(c.OwnerID), c.InterestedParty, communicationSearch(c)}
}

const communicationColumns = `m.id, m.number, m.version, m.subject, m.content, m.audience, m.audience_detail, m.frequency,
	m.next_due, m.channel, m.owner_id, COALESCE(u.name, ''), m.interested_party, m.last_sent, m.sends, m.archived,
	m.created_at, m.updated_at`

const communicationFrom = ` FROM communications m LEFT JOIN users u ON u.id = m.owner_id`

func scanCommunication(sc scanner) (aims.Communication, error) {
	var c aims.Communication
	var number int64
	var owner sql.NullInt64
	var next, last sql.NullTime
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Subject, &c.Content, &c.Audience, &c.AudienceDetail, &c.Frequency,
		&next, &c.Channel, &owner, &c.OwnerName, &c.InterestedParty, &last, &c.Sends, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref, c.OwnerID = communications.ref(number), owner.Int64
	c.NextDue, c.LastSent = dateOf(next), dateOf(last)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Communication reads one plan item of an organization.
func (s *Store) Communication(ctx context.Context, orgID, id int64) (aims.Communication, error) {
	return s.communication(ctx, s.r, orgID, id)
}

func (s *Store) communication(ctx context.Context, q querier, orgID, id int64) (aims.Communication, error) {
	c, err := scanCommunication(s.queryRow(ctx, q, `SELECT `+communicationColumns+communicationFrom+` WHERE m.org_id = $1 AND m.id = $2`, orgID, id))
	return c, notFound(err, "communication")
}

var communicationSort = map[string]string{
	"":           "(m.next_due IS NULL), m.next_due, m.id", // undated (on-event) items last on both engines
	"next_due":   "(m.next_due IS NULL), m.next_due, m.id",
	"ref":        "m.number, m.id",
	"subject":    "m.subject, m.id",
	"updated_at": "m.updated_at, m.id",
}

// Communications lists one page of the plan, next due first.
func (s *Store) Communications(ctx context.Context, orgID int64, f aims.CommunicationFilter) (aims.Page[aims.Communication], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Communication]{Items: []aims.Communication{}}, err
	}
	order := communicationSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.communicationQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Communication]{Items: []aims.Communication{}}, err
	}
	return list(ctx, s, q, scanCommunication)
}

// EachCommunication calls fn for every plan item matching the filter.
func (s *Store) EachCommunication(ctx context.Context, orgID int64, f aims.CommunicationFilter, fn func(aims.Communication) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.communicationQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanCommunication, func(c aims.Communication) int64 { return c.ID }, fn)
}

func (s *Store) communicationQuery(ctx context.Context, orgID int64, f aims.CommunicationFilter, order string) (listQuery, error) {
	w := newFilter("m", orgID, f.Archived)
	if f.Audience != "" {
		w.and("m.audience = ?", string(f.Audience))
	}
	if f.Frequency != "" {
		w.and("m.frequency = ?", string(f.Frequency))
	}
	if f.OwnerID != 0 {
		w.and("m.owner_id = ?", f.OwnerID)
	}
	if f.Overdue {
		w.and("m.next_due < ?", f.Today.String())
	}
	total, err := s.search(ctx, w, communications, "m", f.Q)
	return listQuery{alias: "m", table: communications.name, columns: communicationColumns, from: communicationFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func communicationSearch(c aims.Communication) string {
	return searchText(c.Ref, c.Subject, c.Content, c.AudienceDetail, c.Channel, c.OwnerName, c.InterestedParty)
}

// CreateCommunication adds an item to the plan.
func (s *Store) CreateCommunication(ctx context.Context, p aims.Principal, c aims.Communication) (aims.Communication, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, communications)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt, c.Sends, c.LastSent = communications.ref(number), 1, false, now, now, 0, aims.Date{}
		err = s.queryRow(ctx, tx, `INSERT INTO communications (org_id, number, version, archived, created_at, updated_at, sends, `+
			communicationFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, 0, `+communicationFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, communicationValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert communication: %w", err)
		}
		changes, err := communications.diff(nil, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, communications.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return c, err
}

// UpdateCommunication saves an edited plan item at the version read. The
// log's figures (last sent, sends) are the log's: an edit keeps them.
func (s *Store) UpdateCommunication(ctx context.Context, p aims.Principal, c aims.Communication) (aims.Communication, error) {
	var after aims.Communication
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.communication(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt, c.Sends, c.LastSent = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt, before.Sends, before.LastSent
		changes, err := communications.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(communicationValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, communications, p.OrgID, c.ID, c.Version,
			communicationFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, communications.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetCommunicationArchived takes an item out of the plan, or restores it.
func (s *Store) SetCommunicationArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Communication, error) {
	var c aims.Communication
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.communication(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, communications, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// LogCommunication records something sent under a plan item, at the
// item's version the writer read, and moves the item on: its last sent
// day, its count, and its next due date by its frequency. The entry and
// the item's change commit together, and the item's history shows both.
func (s *Store) LogCommunication(ctx context.Context, p aims.Principal, id int64, in aims.CommunicationSend) (aims.Communication, error) {
	in.What, in.Recipients, in.Link = strings.TrimSpace(in.What), strings.TrimSpace(in.Recipients), strings.TrimSpace(in.Link)
	if err := in.Validate(); err != nil {
		return aims.Communication{}, err
	}
	var after aims.Communication
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.communication(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if in.SentByName, err = s.checkOwner(ctx, tx, p.OrgID, in.SentByID, "sent_by_id"); err != nil {
			return err
		}
		after = before
		after.Sends++
		if before.LastSent.IsZero() || before.LastSent.Before(in.SentOn) {
			after.LastSent = in.SentOn
			after.NextDue = before.NextAfter(in.SentOn)
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, communications, p.OrgID, id, in.Version, `sends = $1, last_sent = $2, next_due = $3, updated_at = $4`,
			after.Sends, nullDate(after.LastSent), nullDate(after.NextDue), now); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO communication_sends (org_id, communication_id, sent_on, what, recipients, sent_by_id, link, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.OrgID, id, in.SentOn.String(), in.What, in.Recipients, nullID(in.SentByID), in.Link, now); err != nil {
			return fmt.Errorf("log communication: %w", err)
		}
		changes, err := communications.diff(before, after)
		if err != nil {
			return err
		}
		entry, _ := json.Marshal(struct {
			SentOn     aims.Date `json:"sent_on"`
			What       string    `json:"what"`
			Recipients string    `json:"recipients"`
			SentBy     string    `json:"sent_by"`
			Link       string    `json:"link"`
		}{in.SentOn, in.What, in.Recipients, in.SentByName, in.Link})
		changes = append(changes, aims.Change{Field: "sent", Old: json.RawMessage("null"), New: entry})
		after.Version, after.UpdatedAt = before.Version+1, now
		return s.record(ctx, tx, p, communications.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// CommunicationSends reads a plan item's log, newest first, at most limit
// entries.
func (s *Store) CommunicationSends(ctx context.Context, orgID, id int64, limit int) ([]aims.CommunicationSend, error) {
	rows, err := s.query(ctx, s.r, `SELECT x.id, x.communication_id, x.sent_on, x.what, x.recipients, x.sent_by_id, COALESCE(u.name, ''),
		x.link, x.created_at FROM communication_sends x LEFT JOIN users u ON u.id = x.sent_by_id
		WHERE x.org_id = $1 AND x.communication_id = $2 ORDER BY x.sent_on DESC, x.id DESC LIMIT $3`, orgID, id, limit)
	if err != nil {
		return nil, fmt.Errorf("communication log: %w", err)
	}
	defer rows.Close()
	out := []aims.CommunicationSend{}
	for rows.Next() {
		var x aims.CommunicationSend
		var sent sql.NullTime
		var by sql.NullInt64
		if err := rows.Scan(&x.ID, &x.CommunicationID, &sent, &x.What, &x.Recipients, &by, &x.SentByName, &x.Link, &x.CreatedAt); err != nil {
			return nil, err
		}
		x.SentOn, x.SentByID, x.CreatedAt = dateOf(sent), by.Int64, x.CreatedAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}
