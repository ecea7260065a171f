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

// objectives is the register of AI objectives (6.2) and objectives for the
// responsible use of AI systems (A.9.3). Its readings are in
// objective_measurements, appended by RecordMeasurement, and stay out of
// the edit's diff: a reading is its own audit event.
var objectives = table{name: "objectives", register: aims.RegisterObjectives, prefix: "OBJ-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "measurements", "risk_ids"}}

// objectiveSupport: a live objective measured by the day supports 6.2 (an
// AIMS objective), A.6.1.2 (responsible development) or A.9.3 (responsible
// use). Measured is what an auditor asks for: an objective nobody measures
// is a wish.
var objectiveSupport = supporter{t: objectives, query: `
	SELECT CASE kind WHEN 'aims' THEN '6.2' WHEN 'responsible-development' THEN 'A.6.1.2' ELSE 'A.9.3' END AS requirement_id,
		id, number, title FROM objectives
	WHERE org_id = $1 AND NOT archived AND last_measured IS NOT NULL AND last_measured <= $2`}

// objectiveTargetDue and objectiveMeasurementDue: an open objective's
// target date and its next reading.
const objectiveTargetDue dueSource = `SELECT org_id, 'objectives', CAST(id AS TEXT), 'OBJ-' || number, title, 'Objective target date',
	CAST(target_date AS TEXT), owner_id FROM objectives
	WHERE NOT archived AND target_date IS NOT NULL AND status NOT IN ('achieved', 'missed')`

const objectiveMeasurementDue dueSource = `SELECT org_id, 'objectives', CAST(id AS TEXT), 'OBJ-' || number, title, 'Objective measurement',
	CAST(next_measurement AS TEXT), owner_id FROM objectives
	WHERE NOT archived AND next_measurement IS NOT NULL AND status NOT IN ('achieved', 'missed')`

var objectiveFields = columns{"kind", "title", "measure", "direction", "target_value", "target_unit", "plan", "resources",
	"owner_id", "target_date", "evaluation", "next_measurement", "policy_id", "search"}

func objectiveValues(o aims.Objective) []any {
	return []any{o.Kind, o.Title, o.Measure, o.Direction, o.TargetValue, o.TargetUnit, o.Plan, o.Resources,
		nullID(o.OwnerID), nullDate(o.TargetDate), o.Evaluation, nullDate(o.NextMeasurement), nullID(o.PolicyID), objectiveSearch(o)}
}

const objectiveColumns = `o.id, o.number, o.version, o.kind, o.title, o.measure, o.direction, o.target_value, o.target_unit,
	o.plan, o.resources, o.owner_id, COALESCE(u.name, ''), o.target_date, o.evaluation, o.next_measurement,
	o.policy_id, COALESCE(d.number, 0), COALESCE(d.title, ''), o.status, o.last_value, o.last_measured,
	o.archived, o.created_at, o.updated_at`

const objectiveFrom = ` FROM objectives o LEFT JOIN users u ON u.id = o.owner_id
	LEFT JOIN documents d ON d.org_id = o.org_id AND d.id = o.policy_id`

func scanObjective(sc scanner) (aims.Objective, error) {
	var o aims.Objective
	var number, docNumber int64
	var owner, policy sql.NullInt64
	var target, next, last sql.NullTime
	err := sc.Scan(&o.ID, &number, &o.Version, &o.Kind, &o.Title, &o.Measure, &o.Direction, &o.TargetValue, &o.TargetUnit,
		&o.Plan, &o.Resources, &owner, &o.OwnerName, &target, &o.Evaluation, &next,
		&policy, &docNumber, &o.PolicyTitle, &o.Status, &o.LastValue, &last,
		&o.Archived, &o.CreatedAt, &o.UpdatedAt)
	o.Ref, o.OwnerID, o.PolicyID = objectives.ref(number), owner.Int64, policy.Int64
	if policy.Valid {
		o.PolicyRef = documents.ref(docNumber)
	}
	o.TargetDate, o.NextMeasurement, o.LastMeasured = dateOf(target), dateOf(next), dateOf(last)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.AISystems, o.Measurements, o.RiskIDs, o.Risks = []aims.Link{}, []aims.Measurement{}, []int64{}, []aims.Link{}
	return o, err
}

// Objective reads one objective with its AI systems and its readings,
// newest first.
func (s *Store) Objective(ctx context.Context, orgID, id int64) (aims.Objective, error) {
	return s.objective(ctx, s.r, orgID, id)
}

func (s *Store) objective(ctx context.Context, q querier, orgID, id int64) (aims.Objective, error) {
	o, err := scanObjective(s.queryRow(ctx, q, `SELECT `+objectiveColumns+objectiveFrom+` WHERE o.org_id = $1 AND o.id = $2`, orgID, id))
	if err != nil {
		return o, notFound(err, "objective")
	}
	o.AISystems, err = s.links(ctx, q, `SELECT a.id, a.number, a.name FROM objective_systems l
		JOIN ai_systems a ON a.org_id = l.org_id AND a.id = l.ai_system_id
		WHERE l.org_id = $1 AND l.objective_id = $2 ORDER BY a.id`, aiSystems, orgID, id)
	if err != nil {
		return o, err
	}
	if o.Risks, err = s.objectiveRisks(ctx, q, orgID, id); err != nil {
		return o, err
	}
	for _, l := range o.Risks {
		o.RiskIDs = append(o.RiskIDs, l.ID)
	}
	rows, err := s.query(ctx, q, `SELECT m.id, m.measured_on, m.value, m.status, m.note, COALESCE(m.by_id, 0), COALESCE(u.name, ''), m.recorded_at
		FROM objective_measurements m LEFT JOIN users u ON u.id = m.by_id
		WHERE m.org_id = $1 AND m.objective_id = $2 ORDER BY m.measured_on DESC, m.id DESC`, orgID, id)
	if err != nil {
		return o, fmt.Errorf("objective readings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m aims.Measurement
		var on sql.NullTime
		if err := rows.Scan(&m.ID, &on, &m.Value, &m.Status, &m.Note, &m.ByID, &m.ByName, &m.RecordedAt); err != nil {
			return o, err
		}
		m.On, m.RecordedAt = dateOf(on), m.RecordedAt.UTC()
		o.Measurements = append(o.Measurements, m)
	}
	return o, rows.Err()
}

var objectiveSort = map[string]string{
	"":                 "o.title, o.id",
	"title":            "o.title, o.id",
	"ref":              "o.number, o.id",
	"kind":             "o.kind, o.title, o.id",
	"status":           "o.status, o.title, o.id",
	"target_date":      "o.target_date, o.id",
	"next_measurement": "o.next_measurement, o.id",
	"updated_at":       "o.updated_at, o.id",
}

// Objectives lists one page of an organization's objectives with the
// total matching the filter: two queries. The list leaves out each
// objective's systems and readings; the record has them.
func (s *Store) Objectives(ctx context.Context, orgID int64, f aims.ObjectiveFilter) (aims.Page[aims.Objective], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Objective]{Items: []aims.Objective{}}, err
	}
	order := objectiveSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.objectiveQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Objective]{Items: []aims.Objective{}}, err
	}
	return list(ctx, s, q, scanObjective)
}

// EachObjective calls fn for every objective matching the filter, in the
// order they were recorded, for exports.
func (s *Store) EachObjective(ctx context.Context, orgID int64, f aims.ObjectiveFilter, fn func(aims.Objective) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.objectiveQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanObjective, func(o aims.Objective) int64 { return o.ID }, fn)
}

func (s *Store) objectiveQuery(ctx context.Context, orgID int64, f aims.ObjectiveFilter, order string) (listQuery, error) {
	w := newFilter("o", orgID, f.Archived)
	if f.Kind != "" {
		w.and("o.kind = ?", string(f.Kind))
	}
	switch f.Status {
	case "":
	case "none":
		w.and("o.status = ?", "")
	default:
		w.and("o.status = ?", f.Status)
	}
	if f.OwnerID != 0 {
		w.and("o.owner_id = ?", f.OwnerID)
	}
	if f.AISystemID != 0 {
		w.and("o.id IN (SELECT l.objective_id FROM objective_systems l WHERE l.org_id = $1 AND l.ai_system_id = ?)", f.AISystemID)
	}
	if f.RiskID != 0 {
		w.and("o.id IN (SELECT l.objective_id FROM objective_risks l WHERE l.org_id = $1 AND l.risk_id = ?)", f.RiskID)
	}
	total, err := s.search(ctx, w, objectives, "o", f.Q)
	return listQuery{alias: "o", table: objectives.name, columns: objectiveColumns, from: objectiveFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func objectiveSearch(o aims.Objective) string {
	return searchText(o.Ref, o.Title, o.Measure, o.TargetUnit, o.Plan, o.Evaluation, o.OwnerName, o.Kind.Label())
}

// checkPolicy makes sure the linked document is the organization's and
// fills in its reference and title.
func (s *Store) checkPolicy(ctx context.Context, tx *sql.Tx, orgID int64, o *aims.Objective) error {
	o.PolicyRef, o.PolicyTitle = "", ""
	if o.PolicyID == 0 {
		return nil
	}
	links := []aims.Link{{ID: o.PolicyID}}
	if err := s.resolveLinks(ctx, tx, documents, "title", orgID, "policy_id", links); err != nil {
		return err
	}
	o.PolicyRef, o.PolicyTitle = links[0].Ref, links[0].Name
	return nil
}

// CreateObjective records a new objective; it starts unmeasured.
func (s *Store) CreateObjective(ctx context.Context, p aims.Principal, o aims.Objective) (aims.Objective, error) {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return o, err
	}
	var created aims.Objective
	err := s.tx(ctx, func(tx *sql.Tx) error {
		o := o
		var err error
		if o.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, o.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.checkPolicy(ctx, tx, p.OrgID, &o); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, aiSystems, "name", p.OrgID, "ai_systems", o.AISystems); err != nil {
			return err
		}
		if o.Risks, err = s.resolveObjectiveRisks(ctx, tx, p.OrgID, o.RiskIDs, nil); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, objectives)
		if err != nil {
			return err
		}
		now := s.timestamp()
		o.Ref, o.Version, o.Archived, o.CreatedAt, o.UpdatedAt = objectives.ref(number), 1, false, now, now
		o.Status, o.LastValue, o.LastMeasured, o.Measurements = aims.ObjectiveNotMeasured, 0, aims.Date{}, []aims.Measurement{}
		err = s.queryRow(ctx, tx, `INSERT INTO objectives (org_id, number, version, archived, created_at, updated_at, status, last_value, `+
			objectiveFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, '', 0, `+objectiveFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, objectiveValues(o)...)...).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("insert objective: %w", err)
		}
		if err := s.replaceObjectiveSystems(ctx, tx, p.OrgID, o); err != nil {
			return err
		}
		if err := s.replaceObjectiveRisks(ctx, tx, p.OrgID, o); err != nil {
			return err
		}
		changes, err := objectives.diff(nil, o)
		if err != nil {
			return err
		}
		created = o
		return s.record(ctx, tx, p, objectives.register, strconv.FormatInt(o.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

func (s *Store) replaceObjectiveSystems(ctx context.Context, tx *sql.Tx, orgID int64, o aims.Objective) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM objective_systems WHERE org_id = $1 AND objective_id = $2`, orgID, o.ID); err != nil {
		return fmt.Errorf("replace objective links: %w", err)
	}
	for _, l := range o.AISystems {
		if _, err := s.exec(ctx, tx, `INSERT INTO objective_systems (org_id, objective_id, ai_system_id) VALUES ($1, $2, $3)`,
			orgID, o.ID, l.ID); err != nil {
			return fmt.Errorf("insert objective link: %w", err)
		}
	}
	return nil
}

// UpdateObjective saves an edited objective at the version its editor
// read. Its status and readings are not the edit's: they come from
// RecordMeasurement.
func (s *Store) UpdateObjective(ctx context.Context, p aims.Principal, o aims.Objective) (aims.Objective, error) {
	var after aims.Objective
	err := s.tx(ctx, func(tx *sql.Tx) error {
		o := o
		before, err := s.objective(ctx, tx, p.OrgID, o.ID)
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
		if err := s.checkPolicy(ctx, tx, p.OrgID, &o); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, aiSystems, "name", p.OrgID, "ai_systems", o.AISystems); err != nil {
			return err
		}
		if o.Risks, err = s.resolveObjectiveRisks(ctx, tx, p.OrgID, o.RiskIDs, before.Risks); err != nil {
			return err
		}
		o.Ref, o.Archived, o.CreatedAt, o.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		o.Status, o.LastValue, o.LastMeasured, o.Measurements = before.Status, before.LastValue, before.LastMeasured, before.Measurements
		changes, err := objectives.diff(before, o)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(o.Version != before.Version)
		}
		o.UpdatedAt = s.timestamp()
		values := append(objectiveValues(o), o.UpdatedAt)
		if err := s.update(ctx, tx, objectives, p.OrgID, o.ID, o.Version,
			objectiveFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.replaceObjectiveSystems(ctx, tx, p.OrgID, o); err != nil {
			return err
		}
		if err := s.replaceObjectiveRisks(ctx, tx, p.OrgID, o); err != nil {
			return err
		}
		after = o
		after.Version++
		return s.record(ctx, tx, p, objectives.register, strconv.FormatInt(o.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// RecordMeasurement appends a reading to an objective at the version its
// recorder read (m.Version): the objective's status, latest value and,
// when given, next reading move with it, as one versioned write and one
// audit event (an update whose diff starts with the reading). A reading dated before the latest one is kept in the
// history but leaves the status as the latest reading set it.
func (s *Store) RecordMeasurement(ctx context.Context, p aims.Principal, objectiveID int64, m aims.Measurement) (aims.Objective, error) {
	var after aims.Objective
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.objective(ctx, tx, p.OrgID, objectiveID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		m.On = s.dayOr(m.On)
		if err := m.Validate(s.today()); err != nil {
			return err
		}
		o := before
		if o.LastMeasured.IsZero() || !m.On.Before(o.LastMeasured) {
			o.Status, o.LastValue, o.LastMeasured = m.Status, m.Value, m.On
		}
		if !m.NextMeasurement.IsZero() {
			o.NextMeasurement = m.NextMeasurement
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, objectives, p.OrgID, o.ID, m.Version,
			`status = $1, last_value = $2, last_measured = $3, next_measurement = $4, updated_at = $5`,
			o.Status, o.LastValue, nullDate(o.LastMeasured), nullDate(o.NextMeasurement), now); err != nil {
			return err
		}
		var id int64
		if err := s.queryRow(ctx, tx, `INSERT INTO objective_measurements (org_id, objective_id, measured_on, value, status, note, by_id, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, p.OrgID, o.ID, nullDate(m.On), m.Value, m.Status, m.Note,
			nullID(p.UserID), now).Scan(&id); err != nil {
			return fmt.Errorf("insert reading: %w", err)
		}
		changes, err := aims.Diff(before, o, objectives.meta...)
		if err != nil {
			return err
		}
		reading, _ := json.Marshal(fmt.Sprintf("%s: %s %s (%s)%s", m.On, aims.FormatValue(m.Value), o.TargetUnit, m.Status.Label(), noteSuffix(m.Note)))
		changes = append([]aims.Change{{Field: "reading", Old: json.RawMessage("null"), New: reading}}, changes...)
		o.Version, o.UpdatedAt = m.Version+1, now
		after = o
		return s.record(ctx, tx, p, objectives.register, strconv.FormatInt(o.ID, 10), aims.ActionUpdate, changes)
	})
	if err != nil {
		return after, err
	}
	return s.Objective(ctx, p.OrgID, objectiveID)
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// SetObjectiveArchived archives or restores an objective.
func (s *Store) SetObjectiveArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Objective, error) {
	var o aims.Objective
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if o, err = s.objective(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, objectives, id, o.Version, version, o.Archived, archived)
		if changed {
			o.Archived, o.Version, o.UpdatedAt = archived, o.Version+1, at
		}
		return err
	})
	return o, err
}
