package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// components is the AI system components' table (A.4.2 to A.4.5). The
// system's and owner's names stay in the audit diff, so the history reads
// names, not IDs.
var components = table{name: "ai_components", register: aims.RegisterComponents, prefix: "CMP-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// componentSupport: a live, in-use component of an in-scope AI system
// documents that resource: data A.4.3, models and tooling A.4.4, compute
// A.4.5; any of them is part of the resource documentation of A.4.2. A
// retired component, or one of an archived or out-of-scope system, counts
// for nothing.
var componentSupport = supporter{t: components, query: `
	SELECT CASE c.kind WHEN 'data' THEN 'A.4.3' WHEN 'model' THEN 'A.4.4' WHEN 'tooling' THEN 'A.4.4'
		WHEN 'compute' THEN 'A.4.5' END AS requirement_id, c.id, c.number, c.name AS title
	FROM ai_components c JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	WHERE c.org_id = $1 AND NOT c.archived AND NOT a.archived AND a.in_scope AND c.kind IN ('data', 'model', 'tooling', 'compute')
		AND (c.in_use_since IS NULL OR c.in_use_since <= $2) AND (c.retired IS NULL OR c.retired > $2)
	UNION ALL SELECT 'A.4.2', c.id, c.number, c.name
	FROM ai_components c JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	WHERE c.org_id = $1 AND NOT c.archived AND NOT a.archived AND a.in_scope
		AND (c.in_use_since IS NULL OR c.in_use_since <= $2) AND (c.retired IS NULL OR c.retired > $2)`}

// componentFields are the columns an edit writes, in componentValues' order.
var componentFields = columns{"ai_system_id", "kind", "name", "release_label", "supplier", "third_party_id", "owner_id",
	"description", "in_use_since", "retired", "search", "dataset_id"}

func componentValues(c aims.Component) []any {
	return []any{c.AISystemID, c.Kind, c.Name, c.Release, c.Supplier, nullID(c.ThirdPartyID), nullID(c.OwnerID),
		c.Description, nullDate(c.InUseSince), nullDate(c.Retired), componentSearch(c), nullID(c.DatasetID)}
}

const componentColumns = `c.id, c.number, c.version, c.ai_system_id, a.number, a.name, c.kind, c.name, c.release_label,
	c.supplier, c.third_party_id, c.owner_id, COALESCE(u.name, ''), c.description, c.in_use_since, c.retired, c.archived,
	c.created_at, c.updated_at, COALESCE(tp.number, 0), COALESCE(tp.name, ''), c.dataset_id, COALESCE(ds.number, 0), COALESCE(ds.name, '')`

const componentFrom = ` FROM ai_components c JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	LEFT JOIN users u ON u.id = c.owner_id
	LEFT JOIN third_parties tp ON tp.org_id = c.org_id AND tp.id = c.third_party_id
	LEFT JOIN datasets ds ON ds.org_id = c.org_id AND ds.id = c.dataset_id`

func scanComponent(sc scanner) (aims.Component, error) {
	var c aims.Component
	var number, sysNumber, tpNumber, dsNumber int64
	var sysName, tpName, dsName string
	var third, owner, dataset sql.NullInt64
	var since, retired sql.NullTime
	err := sc.Scan(&c.ID, &number, &c.Version, &c.AISystemID, &sysNumber, &sysName, &c.Kind, &c.Name, &c.Release,
		&c.Supplier, &third, &owner, &c.OwnerName, &c.Description, &since, &retired, &c.Archived, &c.CreatedAt, &c.UpdatedAt,
		&tpNumber, &tpName, &dataset, &dsNumber, &dsName)
	c.Ref = components.ref(number)
	c.AISystem = aiSystems.ref(sysNumber) + " " + sysName
	c.ThirdPartyID, c.OwnerID, c.DatasetID = third.Int64, owner.Int64, dataset.Int64
	if third.Valid {
		c.ThirdParty = thirdParties.ref(tpNumber) + " " + tpName
	}
	if dataset.Valid {
		c.Dataset = datasets.ref(dsNumber) + " " + dsName
	}
	c.InUseSince, c.Retired = dateOf(since), dateOf(retired)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Component reads one component of an organization.
func (s *Store) Component(ctx context.Context, orgID, id int64) (aims.Component, error) {
	return s.component(ctx, s.r, orgID, id)
}

func (s *Store) component(ctx context.Context, q querier, orgID, id int64) (aims.Component, error) {
	c, err := scanComponent(s.queryRow(ctx, q, `SELECT `+componentColumns+componentFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	return c, notFound(err, "component")
}

// componentSort maps the list's sort names to SQL, each ending with the ID.
var componentSort = map[string]string{
	"":             "c.name, c.id",
	"name":         "c.name, c.id",
	"ref":          "c.number, c.id",
	"kind":         "c.kind, c.name, c.id",
	"ai_system":    "c.ai_system_id, c.kind, c.id",
	"in_use_since": "c.in_use_since, c.id",
	"updated_at":   "c.updated_at, c.id",
}

// Components lists one page of an organization's components, across its AI
// systems or for one, with the total matching the filter: two queries.
func (s *Store) Components(ctx context.Context, orgID int64, f aims.ComponentFilter) (aims.Page[aims.Component], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Component]{Items: []aims.Component{}}, err
	}
	order := componentSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.componentQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Component]{Items: []aims.Component{}}, err
	}
	return list(ctx, s, q, scanComponent)
}

// EachComponent calls fn for every component matching the filter, in the
// order they were recorded, for exports.
func (s *Store) EachComponent(ctx context.Context, orgID int64, f aims.ComponentFilter, fn func(aims.Component) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.componentQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanComponent, func(c aims.Component) int64 { return c.ID }, fn)
}

func (s *Store) componentQuery(ctx context.Context, orgID int64, f aims.ComponentFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("c.ai_system_id = ?", f.AISystemID)
	}
	if f.Kind != "" {
		w.and("c.kind = ?", string(f.Kind))
	}
	if f.OwnerID != 0 {
		w.and("c.owner_id = ?", f.OwnerID)
	}
	if f.ThirdPartyID != 0 {
		w.and("c.third_party_id = ?", f.ThirdPartyID)
	}
	if f.DatasetID != 0 {
		w.and("c.dataset_id = ?", f.DatasetID)
	}
	total, err := s.search(ctx, w, components, "c", f.Q)
	return listQuery{alias: "c", table: components.name, columns: componentColumns, from: componentFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// componentSearch is what the free-text search matches.
func componentSearch(c aims.Component) string {
	return searchText(c.Ref, c.Name, c.Kind.Label(), c.Release, c.Supplier, c.OwnerName, c.AISystem, c.Description, c.ThirdParty, c.Dataset)
}

// checkSystem makes sure an AI system is the organization's and returns its
// "REF name" label; another organization's ID is unknown, a 422 on field.
func (s *Store) checkSystem(ctx context.Context, tx *sql.Tx, orgID, id int64, field string) (string, error) {
	var number int64
	var name string
	var archived bool
	err := s.queryRow(ctx, tx, `SELECT number, name, archived FROM ai_systems WHERE org_id = $1 AND id = $2`+s.forShare(), orgID, id).
		Scan(&number, &name, &archived)
	if errors.Is(err, sql.ErrNoRows) {
		return "", aims.Invalid(field, "is not an AI system of this organization")
	}
	if err == nil && archived {
		return "", aims.Invalid(field, "is archived: restore the AI system first")
	}
	return aiSystems.ref(number) + " " + name, err
}

// prepareComponent checks a component's links inside its write.
func (s *Store) prepareComponent(ctx context.Context, tx *sql.Tx, orgID int64, c *aims.Component) error {
	var err error
	if c.AISystem, err = s.checkSystem(ctx, tx, orgID, c.AISystemID, "ai_system_id"); err != nil {
		return err
	}
	if c.OwnerName, err = s.checkOwner(ctx, tx, orgID, c.OwnerID, "owner_id"); err != nil {
		return err
	}
	return s.checkComponentLinks(ctx, tx, orgID, c, aims.Component{})
}

// checkComponentLinks makes sure the third party and the data set a
// component names are the organization's and fills in their labels. A
// customer does not supply components; an archived third party or data
// set cannot be newly linked, though a link made before it was archived
// stays (before is the component as stored, zero for a new one).
func (s *Store) checkComponentLinks(ctx context.Context, tx *sql.Tx, orgID int64, c *aims.Component, before aims.Component) error {
	c.ThirdParty, c.Dataset = "", ""
	if c.ThirdPartyID != 0 {
		var number int64
		var name string
		var kind aims.ThirdPartyKind
		var archived bool
		err := s.queryRow(ctx, tx, `SELECT number, name, kind, archived FROM third_parties WHERE org_id = $1 AND id = $2`+s.forShare(), orgID, c.ThirdPartyID).
			Scan(&number, &name, &kind, &archived)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return aims.Invalid("third_party_id", "is not a third party of this organization")
		case err != nil:
			return err
		case c.ThirdPartyID != before.ThirdPartyID && archived:
			return aims.Invalid("third_party_id", "is archived: restore the third party first")
		case c.ThirdPartyID != before.ThirdPartyID && kind == aims.ThirdPartyCustomer:
			return aims.Invalid("third_party_id", "is a customer: link the supplier or partner that provides the component")
		}
		c.ThirdParty = thirdParties.ref(number) + " " + name
	}
	if c.DatasetID != 0 {
		var number int64
		var name string
		var archived bool
		err := s.queryRow(ctx, tx, `SELECT number, name, archived FROM datasets WHERE org_id = $1 AND id = $2`+s.forShare(), orgID, c.DatasetID).
			Scan(&number, &name, &archived)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return aims.Invalid("dataset_id", "is not a data set of this organization")
		case err != nil:
			return err
		case c.DatasetID != before.DatasetID && archived:
			return aims.Invalid("dataset_id", "is archived: restore the data set first")
		}
		c.Dataset = datasets.ref(number) + " " + name
	}
	return nil
}

// CreateComponent records a component of an AI system.
func (s *Store) CreateComponent(ctx context.Context, p aims.Principal, c aims.Component) (aims.Component, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.prepareComponent(ctx, tx, p.OrgID, &c); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, components)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = components.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO ai_components (org_id, number, version, archived, created_at, updated_at, `+
			componentFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+componentFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, componentValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert component: %w", err)
		}
		changes, err := components.diff(nil, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, components.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return c, err
}

// UpdateComponent saves an edited component at the version the editor read;
// a stale version is aims.ErrConflict. An edit that changes nothing writes
// nothing.
func (s *Store) UpdateComponent(ctx context.Context, p aims.Principal, c aims.Component) (aims.Component, error) {
	var after aims.Component
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.component(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if c.AISystemID == 0 { // left out: it stays with its system
			c.AISystemID = before.AISystemID
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if c.AISystemID == before.AISystemID {
			c.AISystem = before.AISystem // an archived system's component can still be edited
		} else if c.AISystem, err = s.checkSystem(ctx, tx, p.OrgID, c.AISystemID, "ai_system_id"); err != nil {
			return err
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.checkComponentLinks(ctx, tx, p.OrgID, &c, before); err != nil {
			return err
		}
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := components.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(componentValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, components, p.OrgID, c.ID, c.Version,
			componentFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, components.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetComponentArchived archives or restores a component; version 0 takes
// the current one.
func (s *Store) SetComponentArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Component, error) {
	var c aims.Component
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.component(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, components, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// SystemPeople reads an AI system's human resources (A.4.6) at the
// system's current version, with names filled in.
func (s *Store) SystemPeople(ctx context.Context, orgID, systemID int64) (aims.SystemPeople, error) {
	a, err := s.aiSystem(ctx, s.r, orgID, systemID)
	if err != nil {
		return aims.SystemPeople{}, err
	}
	needs, err := s.systemNeeds(ctx, s.r, orgID, systemID)
	return aims.SystemPeople{AISystemID: systemID, Version: a.Version, Needs: needs}, err
}

func (s *Store) systemNeeds(ctx context.Context, q querier, orgID, systemID int64) ([]aims.SystemNeed, error) {
	rows, err := s.query(ctx, q, `SELECT n.role, COALESCE(n.competence_id, 0), COALESCE(c.name, ''), COALESCE(n.staff_id, 0),
		COALESCE(p.name, '') FROM ai_system_needs n
		LEFT JOIN competences c ON c.org_id = n.org_id AND c.id = n.competence_id
		LEFT JOIN staff p ON p.org_id = n.org_id AND p.id = n.staff_id
		WHERE n.org_id = $1 AND n.ai_system_id = $2 ORDER BY n.position`, orgID, systemID)
	if err != nil {
		return nil, fmt.Errorf("system needs: %w", err)
	}
	return collectAll(rows, func(sc scanner) (aims.SystemNeed, error) {
		var n aims.SystemNeed
		err := sc.Scan(&n.Role, &n.CompetenceID, &n.CompetenceName, &n.StaffID, &n.StaffName)
		return n, err
	})
}

// collectAll is collect that answers an empty list rather than nil.
func collectAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	out, err := collect(rows, scan)
	if out == nil {
		out = []T{}
	}
	return out, err
}

// SetSystemPeople replaces an AI system's human resources at the system's
// version (409 when stale): the lines are checked (another organization's
// competence or person is a 422), replaced, the system's version moves on
// and the change is one event in the system's history.
func (s *Store) SetSystemPeople(ctx context.Context, p aims.Principal, in aims.SystemPeople) (aims.SystemPeople, error) {
	for i := range in.Needs {
		in.Needs[i].Role = strings.TrimSpace(in.Needs[i].Role)
	}
	if in.Needs == nil {
		in.Needs = []aims.SystemNeed{}
	}
	if err := in.Validate(); err != nil {
		return in, err
	}
	var out aims.SystemPeople
	err := s.tx(ctx, func(tx *sql.Tx) error {
		a, err := s.aiSystem(ctx, tx, p.OrgID, in.AISystemID)
		if err != nil {
			return err
		}
		if a.Archived {
			return aims.ErrArchived
		}
		before, err := s.systemNeeds(ctx, tx, p.OrgID, a.ID)
		if err != nil {
			return err
		}
		needs := make([]aims.SystemNeed, len(in.Needs))
		for i, n := range in.Needs {
			field := "needs." + strconv.Itoa(i)
			if n.CompetenceID != 0 {
				if err := s.queryRow(ctx, tx, `SELECT name FROM competences WHERE org_id = $1 AND id = $2`, p.OrgID, n.CompetenceID).
					Scan(&n.CompetenceName); errors.Is(err, sql.ErrNoRows) {
					return aims.Invalid(field+".competence_id", "is not a competence of this organization")
				} else if err != nil {
					return err
				}
			}
			if n.StaffID != 0 {
				if err := s.queryRow(ctx, tx, `SELECT name FROM staff WHERE org_id = $1 AND id = $2`, p.OrgID, n.StaffID).
					Scan(&n.StaffName); errors.Is(err, sql.ErrNoRows) {
					return aims.Invalid(field+".staff_id", "is not a person in this organization's AIMS")
				} else if err != nil {
					return err
				}
			}
			needs[i] = n
		}
		out = aims.SystemPeople{AISystemID: a.ID, Version: a.Version, Needs: needs}
		old, _ := json.Marshal(needLabels(before))
		now, _ := json.Marshal(needLabels(needs))
		if string(old) == string(now) {
			return staleIf(in.Version != a.Version)
		}
		if err := s.update(ctx, tx, aiSystems, p.OrgID, a.ID, in.Version, `updated_at = $1`, s.timestamp()); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM ai_system_needs WHERE org_id = $1 AND ai_system_id = $2`, p.OrgID, a.ID); err != nil {
			return fmt.Errorf("clear system needs: %w", err)
		}
		for i, n := range needs {
			if _, err := s.exec(ctx, tx, `INSERT INTO ai_system_needs (org_id, ai_system_id, position, role, competence_id, staff_id)
				VALUES ($1, $2, $3, $4, $5, $6)`, p.OrgID, a.ID, i, n.Role, nullID(n.CompetenceID), nullID(n.StaffID)); err != nil {
				return fmt.Errorf("insert system need: %w", err)
			}
		}
		out.Version = a.Version + 1
		return s.record(ctx, tx, p, aiSystems.register, strconv.FormatInt(a.ID, 10), aims.ActionUpdate,
			[]aims.Change{{Field: "human_resources", Old: old, New: now}})
	})
	return out, err
}

// needLabels is how a system's needs read in its audit diff.
func needLabels(needs []aims.SystemNeed) []string {
	out := make([]string, len(needs))
	for i, n := range needs {
		out[i] = n.Role + ": " + strings.TrimSpace(n.CompetenceName+" / "+n.StaffName)
	}
	return out
}

// SystemNeedGaps works out the gaps of a system's human resources on the
// day: who holds each needed competence, by the competence records' rule
// (completed by then, not expired, not judged not effective), among the
// people who have not left. Two queries.
func (s *Store) SystemNeedGaps(ctx context.Context, orgID int64, needs []aims.SystemNeed) ([]aims.NeedGap, error) {
	var ids []any
	var ph []string
	for _, n := range needs {
		if n.CompetenceID != 0 {
			ids = append(ids, n.CompetenceID)
			ph = append(ph, "$"+strconv.Itoa(len(ids)+2))
		}
	}
	if len(ids) == 0 {
		return []aims.NeedGap{}, nil
	}
	rows, err := s.query(ctx, s.r, `SELECT t.competence_id, t.staff_id, t.completed_on, t.expires_on, t.effectiveness
		FROM competence_records t JOIN staff p ON p.org_id = t.org_id AND p.id = t.staff_id
		WHERE t.org_id = $1 AND NOT t.archived AND NOT p.archived AND NOT p.has_left AND t.completed_on <= $2
		AND t.competence_id IN (`+strings.Join(ph, ", ")+`)`, append([]any{orgID, s.today().String()}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("need holders: %w", err)
	}
	records, err := collect(rows, func(sc scanner) (aims.CompetenceRecord, error) {
		var t aims.CompetenceRecord
		var done, expires sql.NullTime
		err := sc.Scan(&t.CompetenceID, &t.StaffID, &done, &expires, &t.Effectiveness)
		t.CompletedOn, t.ExpiresOn = dateOf(done), dateOf(expires)
		return t, err
	})
	if err != nil {
		return nil, err
	}
	holders := map[int64]map[int64]bool{}
	today := s.today()
	for _, t := range records {
		if t.Holds(today) {
			if holders[t.CompetenceID] == nil {
				holders[t.CompetenceID] = map[int64]bool{}
			}
			holders[t.CompetenceID][t.StaffID] = true
		}
	}
	return aims.NeedGaps(needs, holders), nil
}
