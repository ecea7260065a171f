package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
)

// ackCampaigns is the register of acknowledgement campaigns (7.3). The
// people a campaign asks live in ack_people, one row per person, written
// with the campaign at launch; an acknowledgement fills that row in once
// and is recorded in the campaign's history. It does not move the
// campaign's version: people acknowledge at the same time without
// stepping on each other or on an edit of the campaign.
var ackCampaigns = table{name: "ack_campaigns", register: aims.RegisterAcknowledgements, prefix: "ACK-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "asked", "acknowledged", "role_ids"}}

// campaignSupport: a live campaign that at least 80% of the people asked
// have acknowledged supports 7.3 (awareness). It does not claim 5.2: that
// the AI policy was communicated is the communication plan's to show, and
// a campaign about some other document says nothing about it.
var campaignSupport = supporter{t: ackCampaigns, query: `
	SELECT '7.3' AS requirement_id, c.id, c.number, c.title FROM ack_campaigns c
	WHERE c.org_id = $1 AND NOT c.archived
	AND (SELECT count(*) FROM ack_people a WHERE a.org_id = c.org_id AND a.campaign_id = c.id) > 0
	AND 5 * (SELECT count(*) FROM ack_people a WHERE a.org_id = c.org_id AND a.campaign_id = c.id AND a.acknowledged_at IS NOT NULL)
		>= 4 * (SELECT count(*) FROM ack_people a WHERE a.org_id = c.org_id AND a.campaign_id = c.id)`}

// acknowledgementDue: an open campaign's due date, for each person asked
// who has not acknowledged and can sign in.
const acknowledgementDue dueSource = `SELECT c.org_id, 'acknowledgements', CAST(c.id AS TEXT), 'ACK-' || c.number,
	c.title, 'Read and acknowledge DOC-' || d.number || ' v' || CAST(c.doc_version AS TEXT), CAST(c.due_date AS TEXT), p.user_id
	FROM ack_campaigns c JOIN ack_people a ON a.org_id = c.org_id AND a.campaign_id = c.id
	JOIN staff p ON p.org_id = a.org_id AND p.id = a.staff_id
	JOIN documents d ON d.org_id = c.org_id AND d.id = c.document_id
	WHERE NOT c.archived AND c.status = 'open' AND a.acknowledged_at IS NULL AND p.user_id IS NOT NULL AND NOT p.archived`

var campaignFields = columns{"title", "document_id", "doc_version", "due_date", "owner_id", "status", "search"}

func campaignValues(c aims.Campaign) []any {
	return []any{c.Title, c.DocumentID, c.DocVersion, c.DueDate.String(), nullID(c.OwnerID), c.Status,
		searchText(c.Ref, c.Title, c.DocumentRef, c.DocumentTitle, c.OwnerName)}
}

const campaignColumns = `c.id, c.number, c.version, c.title, c.document_id, d.number, d.title, c.doc_version, c.due_date,
	c.owner_id, COALESCE(u.name, ''), c.status,
	(SELECT count(*) FROM ack_people a WHERE a.org_id = c.org_id AND a.campaign_id = c.id),
	(SELECT count(*) FROM ack_people a WHERE a.org_id = c.org_id AND a.campaign_id = c.id AND a.acknowledged_at IS NOT NULL),
	c.archived, c.created_at, c.updated_at`

const campaignFrom = ` FROM ack_campaigns c JOIN documents d ON d.org_id = c.org_id AND d.id = c.document_id
	LEFT JOIN users u ON u.id = c.owner_id`

func scanCampaign(sc scanner) (aims.Campaign, error) {
	var c aims.Campaign
	var number, docNumber int64
	var owner sql.NullInt64
	var due sql.NullTime
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Title, &c.DocumentID, &docNumber, &c.DocumentTitle, &c.DocVersion, &due,
		&owner, &c.OwnerName, &c.Status, &c.Asked, &c.Acknowledged, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref, c.DocumentRef, c.OwnerID, c.DueDate = ackCampaigns.ref(number), documents.ref(docNumber), owner.Int64, dateOf(due)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.StaffIDs = []int64{}
	return c, err
}

// Campaign reads one acknowledgement campaign with everyone it asks.
func (s *Store) Campaign(ctx context.Context, orgID, id int64) (aims.Campaign, error) {
	return s.campaign(ctx, s.r, orgID, id)
}

func (s *Store) campaign(ctx context.Context, q querier, orgID, id int64) (aims.Campaign, error) {
	c, err := scanCampaign(s.queryRow(ctx, q, `SELECT `+campaignColumns+campaignFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if err != nil {
		return c, notFound(err, "acknowledgement campaign")
	}
	rows, err := s.query(ctx, q, `SELECT staff_id FROM ack_people WHERE org_id = $1 AND campaign_id = $2 ORDER BY staff_id`, orgID, id)
	if err != nil {
		return c, fmt.Errorf("campaign people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		if err := rows.Scan(&sid); err != nil {
			return c, err
		}
		c.StaffIDs = append(c.StaffIDs, sid)
	}
	return c, rows.Err()
}

var campaignSort = map[string]string{
	"":           "c.due_date DESC, c.id DESC",
	"due_date":   "c.due_date, c.id",
	"ref":        "c.number, c.id",
	"title":      "c.title, c.id",
	"updated_at": "c.updated_at, c.id",
}

// Campaigns lists one page of campaigns, latest due first, each with its
// progress.
func (s *Store) Campaigns(ctx context.Context, orgID int64, f aims.CampaignFilter) (aims.Page[aims.Campaign], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Campaign]{Items: []aims.Campaign{}}, err
	}
	order := campaignSort[f.Sort]
	if f.Desc {
		order = descending(order, true)
	}
	w := newFilter("c", orgID, f.Archived)
	if f.Status != "" {
		w.and("c.status = ?", string(f.Status))
	}
	if f.DocumentID != 0 {
		w.and("c.document_id = ?", f.DocumentID)
	}
	total, err := s.search(ctx, w, ackCampaigns, "c", f.Q)
	if err != nil {
		return aims.Page[aims.Campaign]{Items: []aims.Campaign{}}, err
	}
	return list(ctx, s, listQuery{alias: "c", table: ackCampaigns.name, columns: campaignColumns, from: campaignFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, scanCampaign)
}

// checkCampaignDocument makes sure the document is the organization's and
// the version is approved (or superseded: people may be asked to read
// what was in force), and fills in the document's reference and title.
func (s *Store) checkCampaignDocument(ctx context.Context, tx *sql.Tx, orgID int64, c *aims.Campaign) error {
	var number int64
	var state aims.DocState
	err := s.queryRow(ctx, tx, `SELECT d.number, d.title, COALESCE(v.state, '') FROM documents d
		LEFT JOIN document_versions v ON v.org_id = d.org_id AND v.document_id = d.id AND v.number = $3
		WHERE d.org_id = $1 AND d.id = $2`, orgID, c.DocumentID, c.DocVersion).Scan(&number, &c.DocumentTitle, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return aims.Invalid("document_id", "document "+strconv.FormatInt(c.DocumentID, 10)+" does not exist in this organization")
	}
	if err != nil {
		return err
	}
	c.DocumentRef = documents.ref(number)
	if state == "" {
		return aims.Invalid("doc_version", "the document has no version "+strconv.Itoa(c.DocVersion))
	}
	if !state.Frozen() {
		return aims.Invalid("doc_version", "version "+strconv.Itoa(c.DocVersion)+" is "+strings.ToLower(state.Label())+"; only an approved version can be acknowledged")
	}
	return nil
}

// campaignPeople expands who a campaign asks: the people named, and
// everyone holding one of the roles today. People who left or are
// archived are not asked.
func (s *Store) campaignPeople(ctx context.Context, tx *sql.Tx, orgID int64, c aims.Campaign) ([]int64, error) {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range c.StaffIDs {
		var archived, left bool
		var name string
		err := s.queryRow(ctx, tx, `SELECT name, archived, has_left FROM staff WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&name, &archived, &left)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, aims.Invalid("staff_ids", "person "+strconv.FormatInt(id, 10)+" does not exist in this organization")
		}
		if err != nil {
			return nil, err
		}
		if archived || left {
			return nil, aims.Invalid("staff_ids", name+" has left or is archived")
		}
		seen[id] = true
		out = append(out, id)
	}
	today := s.today().String()
	for _, rid := range c.RoleIDs {
		var n int
		err := s.queryRow(ctx, tx, `SELECT count(*) FROM aims_roles WHERE org_id = $1 AND id = $2 AND NOT archived`, orgID, rid).Scan(&n)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, aims.Invalid("role_ids", "role "+strconv.FormatInt(rid, 10)+" does not exist in this organization")
		}
		rows, err := s.query(ctx, tx, `SELECT p.id FROM aims_role_people rp JOIN staff p ON p.org_id = rp.org_id AND p.id = rp.staff_id
			WHERE rp.org_id = $1 AND rp.role_id = $2 AND NOT p.archived AND NOT p.has_left
			AND (rp.valid_from IS NULL OR rp.valid_from <= $3) AND (rp.valid_until IS NULL OR rp.valid_until >= $3)
			ORDER BY rp.position`, orgID, rid, today)
		if err != nil {
			return nil, fmt.Errorf("role holders: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, aims.Invalid("staff_ids", "ask at least one person, by name or by role")
	}
	return out, nil
}

// CreateCampaign launches a campaign: the people named and everyone
// holding the roles now are asked, in the campaign's transaction.
func (s *Store) CreateCampaign(ctx context.Context, p aims.Principal, c aims.Campaign) (aims.Campaign, error) {
	c.Normalize()
	c.Status = aims.CampaignOpen
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.checkCampaignDocument(ctx, tx, p.OrgID, &c); err != nil {
			return err
		}
		if c.StaffIDs, err = s.campaignPeople(ctx, tx, p.OrgID, c); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, ackCampaigns)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = ackCampaigns.ref(number), 1, false, now, now
		c.Asked, c.Acknowledged, c.RoleIDs = len(c.StaffIDs), 0, nil
		err = s.queryRow(ctx, tx, `INSERT INTO ack_campaigns (org_id, number, version, archived, created_at, updated_at, `+
			campaignFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+campaignFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, campaignValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert campaign: %w", err)
		}
		for _, sid := range c.StaffIDs {
			if _, err := s.exec(ctx, tx, `INSERT INTO ack_people (org_id, campaign_id, staff_id, on_behalf, note) VALUES ($1, $2, $3, $4, '')`,
				p.OrgID, c.ID, sid, false); err != nil {
				return fmt.Errorf("insert campaign person: %w", err)
			}
		}
		changes, err := ackCampaigns.diff(nil, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, ackCampaigns.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return c, err
}

// UpdateCampaign saves a campaign's title, due date, owner and status at
// the version read. The document, its version and the people asked are
// fixed at launch: a new version to read is a new campaign.
func (s *Store) UpdateCampaign(ctx context.Context, p aims.Principal, c aims.Campaign) (aims.Campaign, error) {
	var after aims.Campaign
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.campaign(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		c.DocumentID, c.DocVersion, c.StaffIDs, c.RoleIDs = before.DocumentID, before.DocVersion, before.StaffIDs, nil
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		c.Ref, c.DocumentRef, c.DocumentTitle, c.Archived, c.CreatedAt, c.UpdatedAt = before.Ref, before.DocumentRef, before.DocumentTitle, before.Archived, before.CreatedAt, before.UpdatedAt
		c.StaffIDs, c.Asked, c.Acknowledged = before.StaffIDs, before.Asked, before.Acknowledged
		changes, err := ackCampaigns.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(campaignValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, ackCampaigns, p.OrgID, c.ID, c.Version,
			campaignFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, ackCampaigns.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetCampaignArchived archives a campaign or restores it.
func (s *Store) SetCampaignArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Campaign, error) {
	var c aims.Campaign
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.campaign(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, ackCampaigns, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

const ackColumns = `a.campaign_id, a.staff_id, p.number, p.name, p.unit, COALESCE(p.user_id, 0), a.acknowledged_at,
	COALESCE(a.doc_version, 0), COALESCE(a.recorded_by, 0), COALESCE(ru.name, ''), a.on_behalf, a.note`

const ackFrom = ` FROM ack_people a JOIN staff p ON p.org_id = a.org_id AND p.id = a.staff_id
	LEFT JOIN users ru ON ru.id = a.recorded_by`

func scanAck(sc scanner) (aims.Acknowledgement, error) {
	var a aims.Acknowledgement
	var number int64
	var at sql.NullTime
	err := sc.Scan(&a.CampaignID, &a.StaffID, &number, &a.StaffName, &a.Unit, &a.UserID, &at, &a.DocVersion,
		&a.RecordedByID, &a.RecordedByName, &a.OnBehalf, &a.Note)
	a.StaffRef = staff.ref(number)
	if at.Valid {
		t := at.Time.UTC()
		a.AcknowledgedAt = &t
	}
	return a, err
}

// CampaignPeople lists everyone a campaign asks, by name, with their
// acknowledgement if given.
func (s *Store) CampaignPeople(ctx context.Context, orgID, id int64) ([]aims.Acknowledgement, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+ackColumns+ackFrom+` WHERE a.org_id = $1 AND a.campaign_id = $2 ORDER BY p.name, p.id`, orgID, id)
	if err != nil {
		return nil, fmt.Errorf("campaign people: %w", err)
	}
	defer rows.Close()
	out := []aims.Acknowledgement{}
	for rows.Next() {
		a, err := scanAck(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Acknowledge records that a person read the campaign's version. Without
// onBehalf it is the signed-in member's own acknowledgement, for the
// person linked to their account; with it, a manager records it for the
// person named, with a note of how they confirmed it. A person not asked
// is refused (ErrForbidden for oneself, a field error for another), a
// closed or archived campaign is a conflict, and acknowledging again
// changes nothing and records nothing.
func (s *Store) Acknowledge(ctx context.Context, p aims.Principal, id int64, in aims.AckInput, onBehalf bool) (aims.Acknowledgement, error) {
	in.Note = strings.TrimSpace(in.Note)
	if err := in.Validate(onBehalf); err != nil {
		return aims.Acknowledgement{}, err
	}
	var out aims.Acknowledgement
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c, err := scanCampaign(s.queryRow(ctx, tx, `SELECT `+campaignColumns+campaignFrom+` WHERE c.org_id = $1 AND c.id = $2`, p.OrgID, id))
		if err != nil {
			return notFound(err, "acknowledgement campaign")
		}
		if c.Archived {
			return aims.ErrArchived
		}
		if c.Status != aims.CampaignOpen {
			return &aims.StateError{Msg: "the campaign is closed; it takes no more acknowledgements"}
		}
		if !onBehalf {
			in.StaffID = 0
			err := s.queryRow(ctx, tx, `SELECT id FROM staff WHERE org_id = $1 AND user_id = $2`, p.OrgID, p.UserID).Scan(&in.StaffID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: your account is not linked to a person in the AIMS", aims.ErrForbidden)
			}
			if err != nil {
				return err
			}
		}
		row := func() (aims.Acknowledgement, error) {
			return scanAck(s.queryRow(ctx, tx, `SELECT `+ackColumns+ackFrom+` WHERE a.org_id = $1 AND a.campaign_id = $2 AND a.staff_id = $3`,
				p.OrgID, id, in.StaffID))
		}
		if out, err = row(); errors.Is(err, sql.ErrNoRows) {
			if onBehalf {
				return aims.Invalid("staff_id", "this person is not asked in the campaign")
			}
			return fmt.Errorf("%w: this campaign does not ask you", aims.ErrForbidden)
		} else if err != nil {
			return err
		}
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE ack_people SET acknowledged_at = $1, doc_version = $2, recorded_by = $3, on_behalf = $4, note = $5
			WHERE org_id = $6 AND campaign_id = $7 AND staff_id = $8 AND acknowledged_at IS NULL`,
			now, c.DocVersion, p.UserID, onBehalf, in.Note, p.OrgID, id, in.StaffID)
		if err != nil {
			return fmt.Errorf("acknowledge: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // acknowledged already: nothing changes
		}
		if out, err = row(); err != nil {
			return err
		}
		entry, _ := json.Marshal(struct {
			Person   string    `json:"person"`
			Document string    `json:"document"`
			Version  int       `json:"version"`
			At       time.Time `json:"at"`
			OnBehalf bool      `json:"on_behalf"`
			Note     string    `json:"note,omitempty"`
		}{out.StaffRef + " " + out.StaffName, c.DocumentRef, c.DocVersion, now, onBehalf, in.Note})
		return s.record(ctx, tx, p, ackCampaigns.register, strconv.FormatInt(id, 10), aims.ActionUpdate,
			[]aims.Change{{Field: "acknowledged", Old: json.RawMessage("null"), New: entry}})
	})
	return out, err
}

// MyAcknowledgements lists the live campaigns that ask the person linked
// to the member, open ones first, each with where they stand: two
// queries, whatever the number.
func (s *Store) MyAcknowledgements(ctx context.Context, p aims.Principal) ([]aims.MyAcknowledgement, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+ackColumns+ackFrom+`
		JOIN ack_campaigns c ON c.org_id = a.org_id AND c.id = a.campaign_id
		WHERE a.org_id = $1 AND p.user_id = $2 AND NOT c.archived
		ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, c.due_date, c.id LIMIT 200`, p.OrgID, p.UserID)
	if err != nil {
		return nil, fmt.Errorf("my acknowledgements: %w", err)
	}
	out := []aims.MyAcknowledgement{}
	ids := []string{}
	for rows.Next() {
		a, err := scanAck(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, aims.MyAcknowledgement{Mine: a})
		ids = append(ids, strconv.FormatInt(a.CampaignID, 10))
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	crows, err := s.query(ctx, s.r, `SELECT `+campaignColumns+campaignFrom+` WHERE c.org_id = $1 AND c.id IN (`+strings.Join(ids, ", ")+`)`, p.OrgID)
	if err != nil {
		return nil, fmt.Errorf("my campaigns: %w", err)
	}
	defer crows.Close()
	byID := map[int64]aims.Campaign{}
	for crows.Next() {
		c, err := scanCampaign(crows)
		if err != nil {
			return nil, err
		}
		byID[c.ID] = c
	}
	for i := range out {
		out[i].Campaign = byID[out[i].Mine.CampaignID]
	}
	return out, crows.Err()
}
