package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// parties is the interested parties' table (clause 4.2).
var parties = table{name: "interested_parties", register: aims.RegisterParties, prefix: "IP-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// partySupport: every live interested party is part of the record of who
// the interested parties are and what they require (4.2).
var partySupport = supporter{t: parties, query: `
	SELECT '4.2' AS requirement_id, id, number, name AS title FROM interested_parties WHERE org_id = $1 AND NOT archived`}

// partyFields are the columns an edit writes, in partyValues' order.
var partyFields = columns{"name", "type", "internal", "needs", "requirements", "addressed", "how_addressed",
	"owner_id", "review_date", "search"}

func partyValues(p aims.Party) []any {
	return []any{p.Name, p.Type, p.Internal, p.Needs, p.Requirements, p.Addressed, p.HowAddressed,
		nullID(p.OwnerID), nullDate(p.ReviewDate), partySearch(p)}
}

const partyColumns = `p.id, p.number, p.version, p.name, p.type, p.internal, p.needs, p.requirements, p.addressed,
	p.how_addressed, p.owner_id, COALESCE(u.name, ''), p.review_date, p.archived, p.created_at, p.updated_at`

const partyFrom = ` FROM interested_parties p LEFT JOIN users u ON u.id = p.owner_id`

func scanParty(sc scanner) (aims.Party, error) {
	var p aims.Party
	var number int64
	var owner sql.NullInt64
	var review sql.NullTime
	err := sc.Scan(&p.ID, &number, &p.Version, &p.Name, &p.Type, &p.Internal, &p.Needs, &p.Requirements, &p.Addressed,
		&p.HowAddressed, &owner, &p.OwnerName, &review, &p.Archived, &p.CreatedAt, &p.UpdatedAt)
	p.Ref = parties.ref(number)
	p.OwnerID = owner.Int64
	p.ReviewDate = dateOf(review)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// Party reads one interested party of an organization.
func (s *Store) Party(ctx context.Context, orgID, id int64) (aims.Party, error) {
	return s.party(ctx, s.r, orgID, id)
}

func (s *Store) party(ctx context.Context, q querier, orgID, id int64) (aims.Party, error) {
	p, err := scanParty(s.queryRow(ctx, q, `SELECT `+partyColumns+partyFrom+` WHERE p.org_id = $1 AND p.id = $2`, orgID, id))
	return p, notFound(err, "interested party")
}

// partySort maps the list's sort names to SQL, each ending with the ID.
var partySort = map[string]string{
	"":            "p.name, p.id",
	"name":        "p.name, p.id",
	"ref":         "p.number, p.id",
	"type":        "p.type, p.name, p.id",
	"addressed":   "p.addressed, p.name, p.id",
	"review_date": "p.review_date, p.id",
	"updated_at":  "p.updated_at, p.id",
}

// Parties lists one page of an organization's interested parties with the
// total matching the filter.
func (s *Store) Parties(ctx context.Context, orgID int64, f aims.PartyFilter) (aims.Page[aims.Party], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Party]{Items: []aims.Party{}}, err
	}
	order := partySort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.partyQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Party]{Items: []aims.Party{}}, err
	}
	return list(ctx, s, q, scanParty)
}

// EachParty calls fn for every interested party matching the filter, in
// the order they were registered, for exports.
func (s *Store) EachParty(ctx context.Context, orgID int64, f aims.PartyFilter, fn func(aims.Party) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.partyQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanParty, func(p aims.Party) int64 { return p.ID }, fn)
}

func (s *Store) partyQuery(ctx context.Context, orgID int64, f aims.PartyFilter, order string) (listQuery, error) {
	w := newFilter("p", orgID, f.Archived)
	if f.Type != "" {
		w.and("p.type = ?", string(f.Type))
	}
	if f.Addressed != "" {
		w.and("p.addressed = ?", string(f.Addressed))
	}
	if f.OwnerID != 0 {
		w.and("p.owner_id = ?", f.OwnerID)
	}
	total, err := s.search(ctx, w, parties, "p", f.Q)
	return listQuery{alias: "p", table: parties.name, columns: partyColumns, from: partyFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// partySearch is what the free-text search matches.
func partySearch(p aims.Party) string {
	return searchText(p.Ref, p.Name, p.Type.Label(), p.Needs, p.Requirements, p.HowAddressed, p.OwnerName)
}

// CreateParty registers an interested party. Only the name is required.
func (s *Store) CreateParty(ctx context.Context, pr aims.Principal, p aims.Party) (aims.Party, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p.OwnerName, err = s.checkOwner(ctx, tx, pr.OrgID, p.OwnerID, "owner_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, pr.OrgID, parties)
		if err != nil {
			return err
		}
		now := s.timestamp()
		p.Ref, p.Version, p.Archived, p.CreatedAt, p.UpdatedAt = parties.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO interested_parties (org_id, number, version, archived, created_at, updated_at, `+
			partyFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+partyFields.values(5)+`) RETURNING id`,
			append([]any{pr.OrgID, number, false, now}, partyValues(p)...)...).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("insert interested party: %w", err)
		}
		changes, err := parties.diff(nil, p)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, pr, parties.register, strconv.FormatInt(p.ID, 10), aims.ActionCreate, changes)
	})
	return p, err
}

// UpdateParty saves an edited interested party at the version the editor
// read; a stale version is aims.ErrConflict. An edit that changes nothing
// writes nothing.
func (s *Store) UpdateParty(ctx context.Context, pr aims.Principal, p aims.Party) (aims.Party, error) {
	var after aims.Party
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.party(ctx, tx, pr.OrgID, p.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		if p.OwnerName, err = s.checkOwner(ctx, tx, pr.OrgID, p.OwnerID, "owner_id"); err != nil {
			return err
		}
		p.Ref, p.Archived, p.CreatedAt, p.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := parties.diff(before, p)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(p.Version != before.Version)
		}
		p.UpdatedAt = s.timestamp()
		values := append(partyValues(p), p.UpdatedAt)
		if err := s.update(ctx, tx, parties, pr.OrgID, p.ID, p.Version,
			partyFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = p
		after.Version++
		return s.record(ctx, tx, pr, parties.register, strconv.FormatInt(p.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetPartyArchived archives or restores an interested party; version 0
// takes the current one.
func (s *Store) SetPartyArchived(ctx context.Context, pr aims.Principal, id int64, version int, archived bool) (aims.Party, error) {
	var p aims.Party
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.party(ctx, tx, pr.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, pr, parties, id, p.Version, version, p.Archived, archived)
		if changed {
			p.Archived, p.Version, p.UpdatedAt = archived, p.Version+1, at
		}
		return err
	})
	return p, err
}

// PartyNames lists the active parties' IDs, references and names, for
// pickers. It is capped: a picker is not a list page.
func (s *Store) PartyNames(ctx context.Context, orgID int64) ([]aims.Linked, error) {
	return s.names(ctx, orgID, parties, "name")
}

// names reads a kit table's active records as "REF name" labels, by name.
func (s *Store) names(ctx context.Context, orgID int64, t table, col string) ([]aims.Linked, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, number, `+col+` FROM `+t.name+` WHERE org_id = $1 AND archived = $2
		ORDER BY `+col+`, id LIMIT 1000`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("%s names: %w", t.register, err)
	}
	defer rows.Close()
	out := []aims.Linked{}
	for rows.Next() {
		var l aims.Linked
		var n int64
		var name string
		if err := rows.Scan(&l.ID, &n, &name); err != nil {
			return nil, err
		}
		l.Label = t.ref(n) + " " + name
		out = append(out, l)
	}
	return out, rows.Err()
}
