package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// competenceRecords is the register of how people gained competence: one
// competence per record, so each reads "who gained what, how, until when,
// and did it work".
var competenceRecords = table{name: "competence_records", register: aims.RegisterCompetenceRecords, prefix: "TRN-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// competenceRecordSupport: a record judged effective or partly effective,
// of a person still with the organization and not expired, supports 7.2
// (competence gained and the action's effectiveness evaluated); such a
// record of an awareness competence supports 7.3.
var competenceRecordSupport = supporter{t: competenceRecords, query: `
	SELECT '7.2' AS requirement_id, t.id, t.number, p.name || ': ' || c.name AS title FROM competence_records t
	JOIN staff p ON p.org_id = t.org_id AND p.id = t.staff_id JOIN competences c ON c.org_id = t.org_id AND c.id = t.competence_id
	WHERE t.org_id = $1 AND NOT t.archived AND NOT p.archived AND NOT p.has_left AND t.effectiveness IN ('effective', 'partly')
	AND t.completed_on <= $2 AND (t.expires_on IS NULL OR t.expires_on >= $2)
	UNION ALL SELECT '7.3', t.id, t.number, p.name || ': ' || c.name FROM competence_records t
	JOIN staff p ON p.org_id = t.org_id AND p.id = t.staff_id JOIN competences c ON c.org_id = t.org_id AND c.id = t.competence_id
	WHERE t.org_id = $1 AND NOT t.archived AND NOT p.archived AND NOT p.has_left AND c.kind = 'awareness'
	AND t.effectiveness IN ('effective', 'partly') AND t.completed_on <= $2 AND (t.expires_on IS NULL OR t.expires_on >= $2)`}

var competenceRecordFields = columns{"staff_id", "competence_id", "kind", "title", "provider", "completed_on", "expires_on",
	"evidence", "effectiveness", "evaluation_method", "evaluated_on", "evaluated_by", "search"}

func competenceRecordValues(t aims.CompetenceRecord) []any {
	return []any{t.StaffID, t.CompetenceID, t.Kind, t.Title, t.Provider, t.CompletedOn.String(), nullDate(t.ExpiresOn),
		t.Evidence, t.Effectiveness, t.EvaluationMethod, nullDate(t.EvaluatedOn), t.EvaluatedBy,
		searchText(t.Ref, t.StaffName, t.CompetenceName, t.Title, t.Provider, t.Evidence, t.EvaluatedBy)}
}

const competenceRecordColumns = `t.id, t.number, t.version, t.staff_id, p.name, t.competence_id, c.name, t.kind, t.title, t.provider,
	t.completed_on, t.expires_on, t.evidence, t.effectiveness, t.evaluation_method, t.evaluated_on, t.evaluated_by,
	t.archived, t.created_at, t.updated_at`

const competenceRecordFrom = ` FROM competence_records t JOIN staff p ON p.org_id = t.org_id AND p.id = t.staff_id
	JOIN competences c ON c.org_id = t.org_id AND c.id = t.competence_id`

func scanCompetenceRecord(sc scanner) (aims.CompetenceRecord, error) {
	var t aims.CompetenceRecord
	var number int64
	var done, expires, evaluated sql.NullTime
	err := sc.Scan(&t.ID, &number, &t.Version, &t.StaffID, &t.StaffName, &t.CompetenceID, &t.CompetenceName, &t.Kind, &t.Title, &t.Provider,
		&done, &expires, &t.Evidence, &t.Effectiveness, &t.EvaluationMethod, &evaluated, &t.EvaluatedBy,
		&t.Archived, &t.CreatedAt, &t.UpdatedAt)
	t.Ref, t.CompletedOn, t.ExpiresOn, t.EvaluatedOn = competenceRecords.ref(number), dateOf(done), dateOf(expires), dateOf(evaluated)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

// CompetenceRecord reads one record of an organization.
func (s *Store) CompetenceRecord(ctx context.Context, orgID, id int64) (aims.CompetenceRecord, error) {
	return s.competenceRecord(ctx, s.r, orgID, id)
}

func (s *Store) competenceRecord(ctx context.Context, q querier, orgID, id int64) (aims.CompetenceRecord, error) {
	t, err := scanCompetenceRecord(s.queryRow(ctx, q, `SELECT `+competenceRecordColumns+competenceRecordFrom+` WHERE t.org_id = $1 AND t.id = $2`, orgID, id))
	return t, notFound(err, "competence record")
}

var competenceRecordSort = map[string]string{
	"":             "t.completed_on DESC, t.id DESC",
	"completed_on": "t.completed_on, t.id",
	"ref":          "t.number, t.id",
	"expires_on":   "t.expires_on, t.id",
	"person":       "t.staff_id, t.completed_on, t.id",
}

// CompetenceRecords lists one page of the records, newest first by default.
func (s *Store) CompetenceRecords(ctx context.Context, orgID int64, f aims.CompetenceRecordFilter) (aims.Page[aims.CompetenceRecord], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.CompetenceRecord]{Items: []aims.CompetenceRecord{}}, err
	}
	order := competenceRecordSort[f.Sort]
	if f.Sort != "" {
		order = descending(order, f.Desc)
	}
	q, err := s.competenceRecordQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.CompetenceRecord]{Items: []aims.CompetenceRecord{}}, err
	}
	return list(ctx, s, q, scanCompetenceRecord)
}

// EachCompetenceRecord calls fn for every record matching the filter.
func (s *Store) EachCompetenceRecord(ctx context.Context, orgID int64, f aims.CompetenceRecordFilter, fn func(aims.CompetenceRecord) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.competenceRecordQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanCompetenceRecord, func(t aims.CompetenceRecord) int64 { return t.ID }, fn)
}

func (s *Store) competenceRecordQuery(ctx context.Context, orgID int64, f aims.CompetenceRecordFilter, order string) (listQuery, error) {
	w := newFilter("t", orgID, f.Archived)
	if f.StaffID != 0 {
		w.and("t.staff_id = ?", f.StaffID)
	}
	if f.CompetenceID != 0 {
		w.and("t.competence_id = ?", f.CompetenceID)
	}
	if f.Kind != "" {
		w.and("t.kind = ?", string(f.Kind))
	}
	if f.Effectiveness != "" {
		w.and("t.effectiveness = ?", string(f.Effectiveness))
	}
	total, err := s.search(ctx, w, competenceRecords, "t", f.Q)
	return listQuery{alias: "t", table: competenceRecords.name, columns: competenceRecordColumns, from: competenceRecordFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// prepareRecord checks the person and the competence are the
// organization's, fills in their names, and derives the expiry from the
// competence's validity.
func (s *Store) prepareRecord(ctx context.Context, tx *sql.Tx, orgID int64, t *aims.CompetenceRecord) error {
	validity := 0
	if t.CompetenceID > 0 {
		err := s.queryRow(ctx, tx, `SELECT name, validity_months FROM competences WHERE org_id = $1 AND id = $2`, orgID, t.CompetenceID).
			Scan(&t.CompetenceName, &validity)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("competence_id", "is not a competence of this organization")
		}
		if err != nil {
			return err
		}
	}
	if t.StaffID > 0 {
		err := s.queryRow(ctx, tx, `SELECT name FROM staff WHERE org_id = $1 AND id = $2`, orgID, t.StaffID).Scan(&t.StaffName)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("staff_id", "is not a person of this organization")
		}
		if err != nil {
			return err
		}
	}
	t.Normalize(validity)
	return t.Validate()
}

// CreateCompetenceRecord records that a person gained a competence.
func (s *Store) CreateCompetenceRecord(ctx context.Context, p aims.Principal, t aims.CompetenceRecord) (aims.CompetenceRecord, error) {
	t.Normalize(0)
	if err := t.Validate(); err != nil {
		return t, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.prepareRecord(ctx, tx, p.OrgID, &t); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, competenceRecords)
		if err != nil {
			return err
		}
		now := s.timestamp()
		t.Ref, t.Version, t.Archived, t.CreatedAt, t.UpdatedAt = competenceRecords.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO competence_records (org_id, number, version, archived, created_at, updated_at, `+
			competenceRecordFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+competenceRecordFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, competenceRecordValues(t)...)...).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("insert competence record: %w", err)
		}
		changes, err := competenceRecords.diff(nil, t)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, competenceRecords.register, strconv.FormatInt(t.ID, 10), aims.ActionCreate, changes)
	})
	return t, err
}

// UpdateCompetenceRecord saves an edited record, such as its evaluation,
// at the version its editor read.
func (s *Store) UpdateCompetenceRecord(ctx context.Context, p aims.Principal, t aims.CompetenceRecord) (aims.CompetenceRecord, error) {
	var after aims.CompetenceRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.competenceRecord(ctx, tx, p.OrgID, t.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if err := s.prepareRecord(ctx, tx, p.OrgID, &t); err != nil {
			return err
		}
		t.Ref, t.Archived, t.CreatedAt, t.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := competenceRecords.diff(before, t)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(t.Version != before.Version)
		}
		t.UpdatedAt = s.timestamp()
		values := append(competenceRecordValues(t), t.UpdatedAt)
		if err := s.update(ctx, tx, competenceRecords, p.OrgID, t.ID, t.Version,
			competenceRecordFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = t
		after.Version++
		return s.record(ctx, tx, p, competenceRecords.register, strconv.FormatInt(t.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetCompetenceRecordArchived archives a record entered in error, or
// restores it.
func (s *Store) SetCompetenceRecordArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.CompetenceRecord, error) {
	var t aims.CompetenceRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = s.competenceRecord(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, competenceRecords, id, t.Version, version, t.Archived, archived)
		if changed {
			t.Archived, t.Version, t.UpdatedAt = archived, t.Version+1, at
		}
		return err
	})
	return t, err
}

// CompetenceGaps is the competence gap view on f.AsOf: who lacks what
// their role requires and what runs out soon. It reads the roles with
// their links, the people, the competences and the records, five queries
// whatever their number, and aims.CompetenceGaps does the rest.
func (s *Store) CompetenceGaps(ctx context.Context, orgID int64, f aims.GapFilter) (aims.GapView, error) {
	if err := f.Validate(); err != nil {
		return aims.GapView{}, err
	}
	rows, err := s.query(ctx, s.r, `SELECT `+aimsRoleColumns+aimsRoleFrom+` WHERE r.org_id = $1 AND r.archived = $2 ORDER BY r.id`, orgID, false)
	if err != nil {
		return aims.GapView{}, fmt.Errorf("gap roles: %w", err)
	}
	roles, err := collect(rows, func(sc scanner) (aims.AIMSRole, error) {
		r, err := scanAIMSRoleRow(sc)
		return r.AIMSRole, err
	})
	if err != nil {
		return aims.GapView{}, err
	}
	if err := s.roleLinks(ctx, s.r, orgID, 0, roles); err != nil {
		return aims.GapView{}, err
	}
	if rows, err = s.query(ctx, s.r, `SELECT `+staffColumns+staffFrom+` WHERE p.org_id = $1 AND p.archived = $2 AND p.has_left = $2`, orgID, false); err != nil {
		return aims.GapView{}, fmt.Errorf("gap people: %w", err)
	}
	people, err := collect(rows, scanStaff)
	if err != nil {
		return aims.GapView{}, err
	}
	if rows, err = s.query(ctx, s.r, `SELECT `+competenceColumns+competenceFrom+` WHERE c.org_id = $1`, orgID); err != nil {
		return aims.GapView{}, fmt.Errorf("gap competences: %w", err)
	}
	comps, err := collect(rows, scanCompetence)
	if err != nil {
		return aims.GapView{}, err
	}
	byID := make(map[int64]aims.Competence, len(comps))
	for _, c := range comps {
		byID[c.ID] = c
	}
	// Only what the view needs of each record: no names, no free text.
	if rows, err = s.query(ctx, s.r, `SELECT t.id, t.number, t.staff_id, t.competence_id, t.completed_on, t.expires_on, t.effectiveness
		FROM competence_records t WHERE t.org_id = $1 AND t.archived = $2 AND t.completed_on <= $3`, orgID, false, f.AsOf.String()); err != nil {
		return aims.GapView{}, fmt.Errorf("gap records: %w", err)
	}
	records, err := collect(rows, func(sc scanner) (aims.CompetenceRecord, error) {
		var t aims.CompetenceRecord
		var number int64
		var done, expires sql.NullTime
		err := sc.Scan(&t.ID, &number, &t.StaffID, &t.CompetenceID, &done, &expires, &t.Effectiveness)
		t.Ref, t.CompletedOn, t.ExpiresOn = competenceRecords.ref(number), dateOf(done), dateOf(expires)
		return t, err
	})
	if err != nil {
		return aims.GapView{}, err
	}
	return aims.CompetenceGaps(roles, people, records, byID, f), nil
}

// collect scans every row and closes the rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
