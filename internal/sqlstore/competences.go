package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// competences is the organization's catalogue of competences.
var competences = table{name: "competences", register: aims.RegisterCompetences, prefix: "CMP-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

var competenceFields = columns{"name", "description", "kind", "demonstrated", "validity_months", "search"}

func competenceValues(c aims.Competence) []any {
	return []any{c.Name, c.Description, c.Kind, c.Demonstrated, c.ValidityMonths, searchText(c.Ref, c.Name, c.Description, c.Demonstrated)}
}

const competenceColumns = `c.id, c.number, c.version, c.name, c.description, c.kind, c.demonstrated, c.validity_months,
	c.archived, c.created_at, c.updated_at`

const competenceFrom = ` FROM competences c`

func scanCompetence(sc scanner) (aims.Competence, error) {
	var c aims.Competence
	var number int64
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Name, &c.Description, &c.Kind, &c.Demonstrated, &c.ValidityMonths,
		&c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref = competences.ref(number)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Competence reads one competence of an organization.
func (s *Store) Competence(ctx context.Context, orgID, id int64) (aims.Competence, error) {
	return s.competence(ctx, s.r, orgID, id)
}

func (s *Store) competence(ctx context.Context, q querier, orgID, id int64) (aims.Competence, error) {
	c, err := scanCompetence(s.queryRow(ctx, q, `SELECT `+competenceColumns+competenceFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	return c, notFound(err, "competence")
}

var competenceSort = map[string]string{
	"":     "c.name, c.id",
	"name": "c.name, c.id",
	"ref":  "c.number, c.id",
	"kind": "c.kind, c.name, c.id",
}

// Competences lists one page of the catalogue.
func (s *Store) Competences(ctx context.Context, orgID int64, f aims.CompetenceFilter) (aims.Page[aims.Competence], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Competence]{Items: []aims.Competence{}}, err
	}
	q, err := s.competenceQuery(ctx, orgID, f, descending(competenceSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[aims.Competence]{Items: []aims.Competence{}}, err
	}
	return list(ctx, s, q, scanCompetence)
}

// EachCompetence calls fn for every competence matching the filter.
func (s *Store) EachCompetence(ctx context.Context, orgID int64, f aims.CompetenceFilter, fn func(aims.Competence) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.competenceQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanCompetence, func(c aims.Competence) int64 { return c.ID }, fn)
}

func (s *Store) competenceQuery(ctx context.Context, orgID int64, f aims.CompetenceFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.Kind != "" {
		w.and("c.kind = ?", string(f.Kind))
	}
	total, err := s.search(ctx, w, competences, "c", f.Q)
	return listQuery{alias: "c", table: competences.name, columns: competenceColumns, from: competenceFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// CreateCompetence adds a competence to the catalogue.
func (s *Store) CreateCompetence(ctx context.Context, p aims.Principal, c aims.Competence) (aims.Competence, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		number, err := s.number(ctx, tx, p.OrgID, competences)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = competences.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO competences (org_id, number, version, archived, created_at, updated_at, `+
			competenceFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+competenceFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, competenceValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert competence: %w", err)
		}
		changes, err := competences.diff(nil, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, competences.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return c, err
}

// UpdateCompetence saves an edited competence at the version read. Records
// already made keep the expiry they were given.
func (s *Store) UpdateCompetence(ctx context.Context, p aims.Principal, c aims.Competence) (aims.Competence, error) {
	var after aims.Competence
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.competence(ctx, tx, p.OrgID, c.ID)
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
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := competences.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(competenceValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, competences, p.OrgID, c.ID, c.Version,
			competenceFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, competences.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetCompetenceArchived archives a competence no longer used, or restores
// it. Roles requiring it stop asking for it in the gap view.
func (s *Store) SetCompetenceArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Competence, error) {
	var c aims.Competence
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.competence(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, competences, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// CompetenceNames lists the active competences for pickers.
func (s *Store) CompetenceNames(ctx context.Context, orgID int64) ([]aims.Competence, error) {
	return names(ctx, s, `SELECT id, number, name FROM competences WHERE org_id = $1 AND archived = $2 ORDER BY name, id LIMIT 1000`, orgID,
		func(id, n int64, name string) aims.Competence {
			return aims.Competence{ID: id, Ref: competences.ref(n), Name: name}
		})
}
