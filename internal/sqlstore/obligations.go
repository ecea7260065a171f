package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// obligations is the table of legal, regulatory and contractual
// requirements (clauses 4.1, 4.2). The links' IDs stay out of the audit
// diff: the linked records' names ("AIS-3 CreditLens") show the change.
var obligations = table{name: "obligations", register: aims.RegisterObligations, prefix: "OBL-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "ai_system_ids", "party_ids"}}

// obligationSupport: every live obligation is part of the organization's
// understanding of its context (4.1) and of its interested parties'
// requirements (4.2).
var obligationSupport = supporter{t: obligations, query: `
	SELECT '4.1' AS requirement_id, id, number, title FROM obligations WHERE org_id = $1 AND NOT archived
	UNION ALL SELECT '4.2', id, number, title FROM obligations WHERE org_id = $1 AND NOT archived`}

// obligationFields are the columns an edit writes, in obligationValues' order.
var obligationFields = columns{"title", "kind", "source", "asks", "owner_id", "how_met", "status", "review_date", "search"}

func obligationValues(o aims.Obligation) []any {
	return []any{o.Title, o.Kind, o.Source, o.Asks, nullID(o.OwnerID), o.HowMet, o.Status, nullDate(o.ReviewDate), obligationSearch(o)}
}

const obligationColumns = `o.id, o.number, o.version, o.title, o.kind, o.source, o.asks, o.owner_id, COALESCE(u.name, ''),
	o.how_met, o.status, o.review_date, COALESCE(o.eu_ai_act_set, ''), o.archived, o.created_at, o.updated_at`

const obligationFrom = ` FROM obligations o LEFT JOIN users u ON u.id = o.owner_id`

func scanObligation(sc scanner) (aims.Obligation, error) {
	var o aims.Obligation
	var number int64
	var owner sql.NullInt64
	var review sql.NullTime
	err := sc.Scan(&o.ID, &number, &o.Version, &o.Title, &o.Kind, &o.Source, &o.Asks, &owner, &o.OwnerName,
		&o.HowMet, &o.Status, &review, &o.EUAIActSet, &o.Archived, &o.CreatedAt, &o.UpdatedAt)
	o.Ref = obligations.ref(number)
	o.OwnerID = owner.Int64
	o.ReviewDate = dateOf(review)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.AISystemIDs, o.AISystems, o.PartyIDs, o.Parties = []int64{}, []string{}, []int64{}, []string{}
	return o, err
}

// obligationLinks are the two link tables: the records an obligation concerns.
var obligationLinks = []struct {
	table, column string
	target        table
	label         string // the target's name column
	field         string // the obligation's field, for messages
}{
	{"obligation_ai_systems", "ai_system_id", aiSystems, "name", "ai_system_ids"},
	{"obligation_parties", "party_id", parties, "name", "party_ids"},
}

// obligationLinks fills in the linked AI systems and parties of the given
// obligations: two queries, however many obligations.
func (s *Store) obligationLinks(ctx context.Context, q querier, orgID int64, items []aims.Obligation) error {
	if len(items) == 0 {
		return nil
	}
	at := map[int64]int{}
	args := []any{orgID}
	marks := make([]string, len(items))
	for i, o := range items {
		at[o.ID] = i
		args = append(args, o.ID)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	for k, l := range obligationLinks {
		rows, err := s.query(ctx, q, `SELECT l.obligation_id, t.id, t.number, t.`+l.label+` FROM `+l.table+` l
			JOIN `+l.target.name+` t ON t.org_id = l.org_id AND t.id = l.`+l.column+`
			WHERE l.org_id = $1 AND l.obligation_id IN (`+strings.Join(marks, ", ")+`) ORDER BY l.obligation_id, t.id`, args...)
		if err != nil {
			return fmt.Errorf("obligation links: %w", err)
		}
		for rows.Next() {
			var oid, id, n int64
			var name string
			if err := rows.Scan(&oid, &id, &n, &name); err != nil {
				rows.Close()
				return err
			}
			o := &items[at[oid]]
			if k == 0 {
				o.AISystemIDs, o.AISystems = append(o.AISystemIDs, id), append(o.AISystems, l.target.ref(n)+" "+name)
			} else {
				o.PartyIDs, o.Parties = append(o.PartyIDs, id), append(o.Parties, l.target.ref(n)+" "+name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Obligation reads one obligation of an organization with its links.
func (s *Store) Obligation(ctx context.Context, orgID, id int64) (aims.Obligation, error) {
	return s.obligation(ctx, s.r, orgID, id)
}

func (s *Store) obligation(ctx context.Context, q querier, orgID, id int64) (aims.Obligation, error) {
	o, err := scanObligation(s.queryRow(ctx, q, `SELECT `+obligationColumns+obligationFrom+` WHERE o.org_id = $1 AND o.id = $2`, orgID, id))
	if err != nil {
		return o, notFound(err, "obligation")
	}
	items := []aims.Obligation{o}
	err = s.obligationLinks(ctx, q, orgID, items)
	return items[0], err
}

var obligationSort = map[string]string{
	"":            "o.title, o.id",
	"title":       "o.title, o.id",
	"ref":         "o.number, o.id",
	"kind":        "o.kind, o.title, o.id",
	"status":      "o.status, o.title, o.id",
	"review_date": "o.review_date, o.id",
	"updated_at":  "o.updated_at, o.id",
}

// Obligations lists one page of an organization's obligations with their
// links and the total matching the filter: four queries, however many rows.
func (s *Store) Obligations(ctx context.Context, orgID int64, f aims.ObligationFilter) (aims.Page[aims.Obligation], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Obligation]{Items: []aims.Obligation{}}, err
	}
	order := obligationSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.obligationQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Obligation]{Items: []aims.Obligation{}}, err
	}
	page, err := list(ctx, s, q, scanObligation)
	if err == nil {
		err = s.obligationLinks(ctx, s.r, orgID, page.Items)
	}
	return page, err
}

// EachObligation calls fn for every obligation matching the filter, with
// its links, in the order they were registered, for exports.
func (s *Store) EachObligation(ctx context.Context, orgID int64, f aims.ObligationFilter, fn func(aims.Obligation) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.obligationQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	batch := make([]aims.Obligation, 0, exportBatch)
	flush := func() error {
		if err := s.obligationLinks(ctx, s.r, orgID, batch); err != nil {
			return err
		}
		for _, o := range batch {
			if err := fn(o); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err = each(ctx, s, q, scanObligation, func(o aims.Obligation) int64 { return o.ID }, func(o aims.Obligation) error {
		batch = append(batch, o)
		if len(batch) == exportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func (s *Store) obligationQuery(ctx context.Context, orgID int64, f aims.ObligationFilter, order string) (listQuery, error) {
	w := newFilter("o", orgID, f.Archived)
	if f.Kind != "" {
		w.and("o.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.and("o.status = ?", string(f.Status))
	}
	if f.OwnerID != 0 {
		w.and("o.owner_id = ?", f.OwnerID)
	}
	// The link conditions are not correlated ($1 is the organization in
	// every kit filter), so the engines read the few links once and fetch
	// their obligations, rather than probe the links for every obligation.
	if f.AISystemID != 0 {
		w.and("o.id IN (SELECT obligation_id FROM obligation_ai_systems WHERE org_id = $1 AND ai_system_id = ?)", f.AISystemID)
	}
	if f.PartyID != 0 {
		w.and("o.id IN (SELECT obligation_id FROM obligation_parties WHERE org_id = $1 AND party_id = ?)", f.PartyID)
	}
	total, err := s.search(ctx, w, obligations, "o", f.Q)
	return listQuery{alias: "o", table: obligations.name, columns: obligationColumns, from: obligationFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// obligationSearch is what the free-text search matches, the linked
// records' names included.
func obligationSearch(o aims.Obligation) string {
	return searchText(o.Ref, o.Title, o.Kind.Label(), o.Source, o.Asks, o.HowMet, o.OwnerName,
		strings.Join(o.AISystems, " "), strings.Join(o.Parties, " "))
}

// resolveObligationLinks checks that every linked record is the organization's and
// names them: another organization's ID is refused as unknown.
func (s *Store) resolveObligationLinks(ctx context.Context, tx *sql.Tx, orgID int64, o *aims.Obligation) error {
	for k, l := range obligationLinks {
		ids := o.AISystemIDs
		if k == 1 {
			ids = o.PartyIDs
		}
		labels := make([]string, len(ids))
		for i, id := range ids {
			var n int64
			var name string
			err := s.queryRow(ctx, tx, `SELECT number, `+l.label+` FROM `+l.target.name+` WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n, &name)
			if errors.Is(err, sql.ErrNoRows) {
				return aims.Invalid(l.field, "record "+strconv.FormatInt(id, 10)+" does not exist in this organization")
			}
			if err != nil {
				return err
			}
			labels[i] = l.target.ref(n) + " " + name
		}
		if k == 0 {
			o.AISystems = labels
		} else {
			o.Parties = labels
		}
	}
	return nil
}

// writeLinks replaces an obligation's links with the ones it lists.
func (s *Store) writeLinks(ctx context.Context, tx *sql.Tx, orgID int64, o aims.Obligation) error {
	for k, l := range obligationLinks {
		ids := o.AISystemIDs
		if k == 1 {
			ids = o.PartyIDs
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM `+l.table+` WHERE org_id = $1 AND obligation_id = $2`, orgID, o.ID); err != nil {
			return fmt.Errorf("replace %s: %w", l.table, err)
		}
		for _, id := range ids {
			if _, err := s.exec(ctx, tx, `INSERT INTO `+l.table+` (org_id, obligation_id, `+l.column+`) VALUES ($1, $2, $3)`,
				orgID, o.ID, id); err != nil {
				return fmt.Errorf("insert %s: %w", l.table, err)
			}
		}
	}
	return nil
}

// CreateObligation records an obligation. Title and kind are required.
func (s *Store) CreateObligation(ctx context.Context, p aims.Principal, o aims.Obligation) (aims.Obligation, error) {
	o.Normalize()
	o.EUAIActSet = ""
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		o, err = s.insertObligation(ctx, tx, p, o, 0)
		return err
	})
	return o, err
}

// insertObligation checks an obligation's owner and links, inserts it with
// its links and records the event. A proposal names the AI system it was
// proposed for (euSystem) and its set (o.EUAIActSet); when the set is
// already recorded for that system it inserts nothing and answers
// sql.ErrNoRows.
func (s *Store) insertObligation(ctx context.Context, tx *sql.Tx, p aims.Principal, o aims.Obligation, euSystem int64) (aims.Obligation, error) {
	var err error
	if o.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, o.OwnerID, "owner_id"); err != nil {
		return o, err
	}
	if err := s.resolveObligationLinks(ctx, tx, p.OrgID, &o); err != nil {
		return o, err
	}
	number, err := s.number(ctx, tx, p.OrgID, obligations)
	if err != nil {
		return o, err
	}
	now := s.timestamp()
	o.Ref, o.Version, o.Archived, o.CreatedAt, o.UpdatedAt = obligations.ref(number), 1, false, now, now
	var set any
	if o.EUAIActSet != "" {
		set = o.EUAIActSet
	}
	err = s.queryRow(ctx, tx, `INSERT INTO obligations (org_id, number, version, archived, created_at, updated_at, eu_ai_act_set, eu_system_id, `+
		obligationFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, $5, $6, `+obligationFields.values(7)+`)
		ON CONFLICT (org_id, eu_ai_act_set, eu_system_id) DO NOTHING RETURNING id`,
		append([]any{p.OrgID, number, false, now, set, nullID(euSystem)}, obligationValues(o)...)...).Scan(&o.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return o, err
	}
	if err != nil {
		return o, fmt.Errorf("insert obligation: %w", err)
	}
	if err := s.writeLinks(ctx, tx, p.OrgID, o); err != nil {
		return o, err
	}
	changes, err := obligations.diff(nil, o)
	if err != nil {
		return o, err
	}
	return o, s.record(ctx, tx, p, obligations.register, strconv.FormatInt(o.ID, 10), aims.ActionCreate, changes)
}

// UpdateObligation saves an edited obligation and its links at the version
// the editor read; a stale version is aims.ErrConflict. Changed links are
// replaced in the same transaction and show in the audit diff.
func (s *Store) UpdateObligation(ctx context.Context, p aims.Principal, o aims.Obligation) (aims.Obligation, error) {
	var after aims.Obligation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.obligation(ctx, tx, p.OrgID, o.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		o.Normalize()
		if err := o.Validate(); err != nil {
			return err
		}
		if o.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, o.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveObligationLinks(ctx, tx, p.OrgID, &o); err != nil {
			return err
		}
		o.Ref, o.Archived, o.CreatedAt, o.UpdatedAt, o.EUAIActSet = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt, before.EUAIActSet
		changes, err := obligations.diff(before, o)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(o.Version != before.Version)
		}
		o.UpdatedAt = s.timestamp()
		values := append(obligationValues(o), o.UpdatedAt)
		if err := s.update(ctx, tx, obligations, p.OrgID, o.ID, o.Version,
			obligationFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if !slices.Equal(before.AISystemIDs, o.AISystemIDs) || !slices.Equal(before.PartyIDs, o.PartyIDs) {
			if err := s.writeLinks(ctx, tx, p.OrgID, o); err != nil {
				return err
			}
		}
		after = o
		after.Version++
		return s.record(ctx, tx, p, obligations.register, strconv.FormatInt(o.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetObligationArchived archives or restores an obligation; version 0
// takes the current one.
func (s *Store) SetObligationArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Obligation, error) {
	var o aims.Obligation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if o, err = s.obligation(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, obligations, id, o.Version, version, o.Archived, archived)
		if changed {
			o.Archived, o.Version, o.UpdatedAt = archived, o.Version+1, at
		}
		return err
	})
	return o, err
}

// ProposeObligations records, for one AI system, each proposed obligation
// (an EU AI Act obligation set, named in EUAIActSet) that is not recorded
// for that system yet, linked to the system, in one transaction, and
// answers the ones it created. Running it again creates nothing: a set
// already recorded for the system, even archived, is left alone. The
// organization's lock orders concurrent proposers, and the unique index on
// (org, set, system) would refuse a duplicate even without it.
func (s *Store) ProposeObligations(ctx context.Context, p aims.Principal, systemID int64, proposals []aims.Obligation) ([]aims.Obligation, error) {
	var created []aims.Obligation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		created = []aims.Obligation{}
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		a, err := s.aiSystem(ctx, tx, p.OrgID, systemID)
		if err != nil {
			return err
		}
		if a.Archived {
			return aims.ErrArchived
		}
		for _, o := range proposals {
			if o.EUAIActSet == "" {
				return aims.Invalid("eu_ai_act_set", "a proposal names its obligation set")
			}
			var exists int
			err := s.queryRow(ctx, tx, `SELECT count(*) FROM obligations WHERE org_id = $1 AND eu_ai_act_set = $2 AND eu_system_id = $3`,
				p.OrgID, o.EUAIActSet, systemID).Scan(&exists)
			if err != nil {
				return fmt.Errorf("proposed obligation: %w", err)
			}
			if exists > 0 {
				continue
			}
			o.AISystemIDs = append(o.AISystemIDs, systemID)
			o.Normalize()
			if err := o.Validate(); err != nil {
				return err
			}
			o, err = s.insertObligation(ctx, tx, p, o, systemID)
			if errors.Is(err, sql.ErrNoRows) {
				continue // proposed meanwhile
			}
			if err != nil {
				return err
			}
			created = append(created, o)
		}
		return nil
	})
	return created, err
}

// ObligationNames lists the active obligations' references and titles.
func (s *Store) ObligationNames(ctx context.Context, orgID int64) ([]aims.Linked, error) {
	return s.names(ctx, orgID, obligations, "title")
}
