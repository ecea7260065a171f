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

// AI system impact assessments (6.1.4, 8.4, A.5) and the organization's
// impact criteria. An assessment moves draft → in review → approved →
// superseded; approved and superseded ones are frozen by triggers on both
// engines (migration 0016), rows and all.

var impactAssessments = table{name: "impact_assessments", register: aims.RegisterImpactAssessments, prefix: "IA-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// impactSupport: an approved, current assessment whose review is not
// overdue documents the assessment of its system (6.1.4, 8.4, A.5.2,
// A.5.3); one that rates harms to individuals or groups supports A.5.4,
// harms to society A.5.5.
var impactSupport = supporter{t: impactAssessments, query: `
	SELECT r.requirement_id, i.id, i.number, i.title FROM impact_assessments i
	JOIN (SELECT '6.1.4' AS requirement_id UNION ALL SELECT '8.4' UNION ALL SELECT 'A.5.2' UNION ALL SELECT 'A.5.3') r ON 1 = 1
	WHERE i.org_id = $1 AND NOT i.archived AND i.state = 'approved' AND i.next_review >= $2
	UNION ALL SELECT 'A.5.4', i.id, i.number, i.title FROM impact_assessments i
	WHERE i.org_id = $1 AND NOT i.archived AND i.state = 'approved' AND i.next_review >= $2 AND EXISTS (SELECT 1 FROM impact_items t
		WHERE t.org_id = i.org_id AND t.assessment_id = i.id AND t.kind = 'harm' AND t.affects IN ('individuals', 'groups'))
	UNION ALL SELECT 'A.5.5', i.id, i.number, i.title FROM impact_assessments i
	WHERE i.org_id = $1 AND NOT i.archived AND i.state = 'approved' AND i.next_review >= $2 AND EXISTS (SELECT 1 FROM impact_items t
		WHERE t.org_id = i.org_id AND t.assessment_id = i.id AND t.affects = 'society')`}

// impactDue: the current assessment's next review, for its assessor.
const impactDue dueSource = `SELECT org_id, 'impact-assessments', CAST(id AS TEXT), 'IA-' || number, title, 'Impact assessment review',
	CAST(next_review AS TEXT), assessor_id FROM impact_assessments WHERE NOT archived AND state = 'approved' AND next_review IS NOT NULL`

// The criteria.

func scanCriteria(sc scanner) (aims.ImpactCriteria, error) {
	var c aims.ImpactCriteria
	var number int
	var content, by string
	var at time.Time
	if err := sc.Scan(&number, &content, &by, &at); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return c, fmt.Errorf("impact criteria %d: %w", number, err)
	}
	c.Number, c.CreatedBy, c.CreatedAt = number, by, at.UTC()
	return c, nil
}

func criteriaJSON(c aims.ImpactCriteria) string {
	c.Number, c.CreatedBy, c.CreatedAt = 0, "", time.Time{}
	b, _ := json.Marshal(c) // plain struct
	return string(b)
}

// ImpactCriteria reads the organization's current impact criteria: the
// default, numbered 0, until it saves any.
func (s *Store) ImpactCriteria(ctx context.Context, orgID int64) (aims.ImpactCriteria, error) {
	return s.currentCriteria(ctx, s.r, orgID)
}

func (s *Store) currentCriteria(ctx context.Context, q querier, orgID int64) (aims.ImpactCriteria, error) {
	c, err := scanCriteria(s.queryRow(ctx, q, `SELECT number, content, created_by, created_at FROM impact_criteria
		WHERE org_id = $1 ORDER BY number DESC LIMIT 1`, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return aims.DefaultImpactCriteria(), nil
	}
	return c, err
}

// ImpactCriteriaVersion reads one numbered version.
func (s *Store) ImpactCriteriaVersion(ctx context.Context, orgID int64, number int) (aims.ImpactCriteria, error) {
	return s.criteriaVersion(ctx, s.r, orgID, number)
}

func (s *Store) criteriaVersion(ctx context.Context, q querier, orgID int64, number int) (aims.ImpactCriteria, error) {
	if number == 0 {
		return aims.DefaultImpactCriteria(), nil
	}
	c, err := scanCriteria(s.queryRow(ctx, q, `SELECT number, content, created_by, created_at FROM impact_criteria
		WHERE org_id = $1 AND number = $2`, orgID, number))
	return c, notFound(err, "impact criteria")
}

// ImpactCriteriaVersions lists every saved version, newest first.
func (s *Store) ImpactCriteriaVersions(ctx context.Context, orgID int64) ([]aims.ImpactCriteria, error) {
	rows, err := s.query(ctx, s.r, `SELECT number, content, created_by, created_at FROM impact_criteria
		WHERE org_id = $1 ORDER BY number DESC LIMIT 500`, orgID)
	if err != nil {
		return nil, fmt.Errorf("impact criteria: %w", err)
	}
	defer rows.Close()
	var out []aims.ImpactCriteria
	for rows.Next() {
		c, err := scanCriteria(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveImpactCriteria saves a new version of the criteria. c.Number is the
// number of the version the writer read (0 for the default): if another
// was saved since, the save is a conflict. Versions are never edited.
func (s *Store) SaveImpactCriteria(ctx context.Context, p aims.Principal, c aims.ImpactCriteria) (aims.ImpactCriteria, error) {
	if err := c.Validate(); err != nil {
		return c, err
	}
	var saved aims.ImpactCriteria
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		before, err := s.currentCriteria(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		if before.Number != c.Number {
			return aims.ErrConflict
		}
		saved, err = s.insertCriteria(ctx, tx, p, before, c)
		return err
	})
	return saved, err
}

// insertCriteria writes the version after before and records the change.
func (s *Store) insertCriteria(ctx context.Context, tx *sql.Tx, p aims.Principal, before, c aims.ImpactCriteria) (aims.ImpactCriteria, error) {
	c.Number, c.CreatedBy, c.CreatedAt = before.Number+1, p.Actor(), s.timestamp()
	if _, err := s.exec(ctx, tx, `INSERT INTO impact_criteria (org_id, number, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
		p.OrgID, c.Number, criteriaJSON(c), c.CreatedBy, c.CreatedAt); err != nil {
		if uniqueViolation(err) {
			return c, aims.ErrConflict
		}
		return c, fmt.Errorf("insert impact criteria: %w", err)
	}
	var old any
	if before.Number > 0 {
		old = before
	}
	changes, err := aims.Diff(old, c, "created_at", "created_by")
	if err != nil {
		return c, err
	}
	return c, s.record(ctx, tx, p, aims.RegisterImpactCriteria, strconv.FormatInt(p.OrgID, 10), aims.ActionUpdate, changes)
}

// criteriaFor returns the current criteria in a transaction, saving the
// default as version 1 when the organization has none: an assessment
// always names a stored version.
func (s *Store) criteriaFor(ctx context.Context, tx *sql.Tx, p aims.Principal) (aims.ImpactCriteria, error) {
	if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
		return aims.ImpactCriteria{}, err
	}
	c, err := s.currentCriteria(ctx, tx, p.OrgID)
	if err != nil || c.Number > 0 {
		return c, err
	}
	return s.insertCriteria(ctx, tx, p, c, c)
}

// The assessments.

var impactFields = columns{"title", "content", "triggers", "assessor_id", "reviewer_id", "monitor_id", "next_review", "use_class", "search"}

func impactValues(a aims.ImpactAssessment) []any {
	content, _ := json.Marshal(a.ImpactSections)
	triggers, _ := json.Marshal(a.Triggers)
	return []any{a.Title, string(content), string(triggers), nullID(a.AssessorID), nullID(a.ReviewerID), nullID(a.MonitorID),
		nullDate(a.NextReview), string(a.Use), impactSearch(a)}
}

func impactSearch(a aims.ImpactAssessment) string {
	return searchText(a.Ref, a.Title, a.AISystemRef, a.AISystemName, a.Scope, a.Description, a.Purpose, a.IntendedUses, a.AffectedPeople)
}

const impactColumns = `i.id, i.number, i.version, i.ai_system_id, s.number, s.name, i.title, i.state, i.criteria_number, i.content,
	i.triggers, i.assessor_id, COALESCE(ua.name, ''), i.reviewer_id, COALESCE(ur.name, ''), i.monitor_id, COALESCE(um.name, ''),
	i.next_review, i.use_class, i.approved_on, i.approver_name, i.return_note, i.author_id, COALESCE(uw.name, ''),
	i.archived, i.created_at, i.updated_at`

const impactFrom = ` FROM impact_assessments i JOIN ai_systems s ON s.org_id = i.org_id AND s.id = i.ai_system_id
	LEFT JOIN users ua ON ua.id = i.assessor_id LEFT JOIN users ur ON ur.id = i.reviewer_id
	LEFT JOIN users um ON um.id = i.monitor_id LEFT JOIN users uw ON uw.id = i.author_id`

func scanImpact(sc scanner) (aims.ImpactAssessment, error) {
	var a aims.ImpactAssessment
	var number, sysNumber int64
	var content, triggers string
	var assessor, reviewer, monitor, author sql.NullInt64
	var next, approved sql.NullTime
	err := sc.Scan(&a.ID, &number, &a.Version, &a.AISystemID, &sysNumber, &a.AISystemName, &a.Title, &a.State, &a.CriteriaNumber, &content,
		&triggers, &assessor, &a.AssessorName, &reviewer, &a.ReviewerName, &monitor, &a.MonitorName,
		&next, &a.Use, &approved, &a.ApproverName, &a.ReturnNote, &author, &a.AuthorName,
		&a.Archived, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return a, err
	}
	a.Ref, a.AISystemRef = impactAssessments.ref(number), aiSystems.ref(sysNumber)
	a.AssessorID, a.ReviewerID, a.MonitorID, a.AuthorID = assessor.Int64, reviewer.Int64, monitor.Int64, author.Int64
	a.NextReview, a.ApprovedOn = dateOf(next), dateOf(approved)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(content), &a.ImpactSections); err != nil {
		return a, fmt.Errorf("impact assessment %d: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(triggers), &a.Triggers); err != nil {
		return a, fmt.Errorf("impact assessment %d: triggers: %w", a.ID, err)
	}
	a.Items, a.Disclosures, a.Parties = []aims.ImpactItem{}, []aims.ImpactDisclosure{}, []aims.Link{}
	return a, nil
}

// ImpactAssessment reads one assessment with its impacts, disclosures and
// parties: four queries.
func (s *Store) ImpactAssessment(ctx context.Context, orgID, id int64) (aims.ImpactAssessment, error) {
	return s.impactAssessment(ctx, s.r, orgID, id)
}

func (s *Store) impactAssessment(ctx context.Context, q querier, orgID, id int64) (aims.ImpactAssessment, error) {
	a, err := scanImpact(s.queryRow(ctx, q, `SELECT `+impactColumns+impactFrom+` WHERE i.org_id = $1 AND i.id = $2`, orgID, id))
	if err != nil {
		return a, notFound(err, "impact assessment")
	}
	rows, err := s.query(ctx, q, `SELECT kind, affects, description, severity, likelihood, reversibility, failure_misuse, measures, risk_id
		FROM impact_items WHERE org_id = $1 AND assessment_id = $2 ORDER BY position`, orgID, id)
	if err != nil {
		return a, fmt.Errorf("impact items: %w", err)
	}
	for rows.Next() {
		var it aims.ImpactItem
		var risk sql.NullInt64
		if err := rows.Scan(&it.Kind, &it.Affects, &it.Description, &it.Severity, &it.Likelihood, &it.Reversibility,
			&it.FailureOrMisuse, &it.Measures, &risk); err != nil {
			rows.Close()
			return a, err
		}
		it.RiskID = risk.Int64
		a.Items = append(a.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	rows, err = s.query(ctx, q, `SELECT what, audience, how FROM impact_disclosures WHERE org_id = $1 AND assessment_id = $2 ORDER BY position`, orgID, id)
	if err != nil {
		return a, fmt.Errorf("impact disclosures: %w", err)
	}
	for rows.Next() {
		var d aims.ImpactDisclosure
		if err := rows.Scan(&d.What, &d.Audience, &d.How); err != nil {
			rows.Close()
			return a, err
		}
		a.Disclosures = append(a.Disclosures, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	rows, err = s.query(ctx, q, `SELECT p.id, p.number, p.name FROM impact_assessment_parties l
		JOIN interested_parties p ON p.org_id = l.org_id AND p.id = l.party_id
		WHERE l.org_id = $1 AND l.assessment_id = $2 ORDER BY p.id`, orgID, id)
	if err != nil {
		return a, fmt.Errorf("impact parties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l aims.Link
		var n int64
		if err := rows.Scan(&l.ID, &n, &l.Name); err != nil {
			return a, err
		}
		l.Ref = parties.ref(n)
		a.Parties = append(a.Parties, l)
	}
	return a, rows.Err()
}

var impactSort = map[string]string{
	"":            "i.number DESC, i.id",
	"ref":         "i.number, i.id",
	"title":       "i.title, i.id",
	"state":       "i.state, i.number, i.id",
	"next_review": "i.next_review, i.id",
	"updated_at":  "i.updated_at, i.id",
}

// ImpactAssessments lists one page of assessments: two queries.
func (s *Store) ImpactAssessments(ctx context.Context, orgID int64, f aims.ImpactFilter) (aims.Page[aims.ImpactAssessment], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.ImpactAssessment]{Items: []aims.ImpactAssessment{}}, err
	}
	order := impactSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.impactQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.ImpactAssessment]{Items: []aims.ImpactAssessment{}}, err
	}
	return list(ctx, s, q, scanImpact)
}

// EachImpactAssessment calls fn for every assessment matching the filter,
// for exports (without their rows).
func (s *Store) EachImpactAssessment(ctx context.Context, orgID int64, f aims.ImpactFilter, fn func(aims.ImpactAssessment) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.impactQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanImpact, func(a aims.ImpactAssessment) int64 { return a.ID }, fn)
}

func (s *Store) impactQuery(ctx context.Context, orgID int64, f aims.ImpactFilter, order string) (listQuery, error) {
	w := newFilter("i", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("i.ai_system_id = ?", f.AISystemID)
	}
	if f.State != "" {
		w.and("i.state = ?", string(f.State))
	}
	if f.Use != "" {
		w.and("i.use_class = ?", string(f.Use))
	}
	total, err := s.search(ctx, w, impactAssessments, "i", f.Q)
	return listQuery{alias: "i", table: impactAssessments.name, columns: impactColumns, from: impactFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// prepareImpact checks an assessment's links and people in the writer's
// transaction and computes its use from the criteria it is made with.
func (s *Store) prepareImpact(ctx context.Context, tx *sql.Tx, p aims.Principal, a *aims.ImpactAssessment, c aims.ImpactCriteria) error {
	a.Normalize()
	if err := a.Validate(c); err != nil {
		return err
	}
	var err error
	if a.AssessorName, err = s.checkOwner(ctx, tx, p.OrgID, a.AssessorID, "assessor_id"); err != nil {
		return err
	}
	if a.ReviewerName, err = s.checkOwner(ctx, tx, p.OrgID, a.ReviewerID, "reviewer_id"); err != nil {
		return err
	}
	if a.MonitorName, err = s.checkOwner(ctx, tx, p.OrgID, a.MonitorID, "monitor_id"); err != nil {
		return err
	}
	for i, l := range a.Parties {
		var n int64
		err := s.queryRow(ctx, tx, `SELECT number, name FROM interested_parties WHERE org_id = $1 AND id = $2`, p.OrgID, l.ID).Scan(&n, &a.Parties[i].Name)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("parties", "lists "+strconv.FormatInt(l.ID, 10)+", which is not an interested party of this organization")
		}
		if err != nil {
			return err
		}
		a.Parties[i].Ref = parties.ref(n)
	}
	for i, it := range a.Items {
		if it.RiskID == 0 {
			continue
		}
		var n int64
		err := s.queryRow(ctx, tx, `SELECT number FROM risks WHERE org_id = $1 AND id = $2`, p.OrgID, it.RiskID).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("items."+strconv.Itoa(i)+".risk_id", "is not a risk of this organization")
		}
		if err != nil {
			return err
		}
	}
	a.Use = a.Classify(c)
	return nil
}

// writeImpactRows replaces an assessment's rows in its transaction.
func (s *Store) writeImpactRows(ctx context.Context, tx *sql.Tx, orgID int64, a aims.ImpactAssessment) error {
	for _, t := range []string{"impact_items", "impact_disclosures", "impact_assessment_parties"} {
		if _, err := s.exec(ctx, tx, `DELETE FROM `+t+` WHERE org_id = $1 AND assessment_id = $2`, orgID, a.ID); err != nil {
			return fmt.Errorf("replace %s: %w", t, err)
		}
	}
	for i, it := range a.Items {
		if _, err := s.exec(ctx, tx, `INSERT INTO impact_items (org_id, assessment_id, position, kind, affects, description, severity,
			likelihood, reversibility, failure_misuse, measures, risk_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			orgID, a.ID, i+1, string(it.Kind), string(it.Affects), it.Description, it.Severity, it.Likelihood, it.Reversibility,
			it.FailureOrMisuse, it.Measures, nullID(it.RiskID)); err != nil {
			return fmt.Errorf("insert impact: %w", err)
		}
	}
	for i, d := range a.Disclosures {
		if _, err := s.exec(ctx, tx, `INSERT INTO impact_disclosures (org_id, assessment_id, position, what, audience, how)
			VALUES ($1, $2, $3, $4, $5, $6)`, orgID, a.ID, i+1, d.What, d.Audience, d.How); err != nil {
			return fmt.Errorf("insert disclosure: %w", err)
		}
	}
	for _, l := range a.Parties {
		if _, err := s.exec(ctx, tx, `INSERT INTO impact_assessment_parties (org_id, assessment_id, party_id) VALUES ($1, $2, $3)`,
			orgID, a.ID, l.ID); err != nil {
			return fmt.Errorf("insert party link: %w", err)
		}
	}
	return nil
}

// CreateImpactAssessment starts a draft assessment of an AI system, made
// with the organization's current criteria (the default is saved as
// version 1 on first use).
func (s *Store) CreateImpactAssessment(ctx context.Context, p aims.Principal, a aims.ImpactAssessment) (aims.ImpactAssessment, error) {
	a.Normalize()
	if a.AISystemID <= 0 {
		return a, aims.Invalid("ai_system_id", "is required")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sys, err := s.aiSystem(ctx, tx, p.OrgID, a.AISystemID)
		if errors.Is(err, aims.ErrNotFound) {
			return aims.Invalid("ai_system_id", "is not an AI system of this organization")
		}
		if err != nil {
			return err
		}
		if sys.Archived {
			return aims.Invalid("ai_system_id", "is archived")
		}
		c, err := s.criteriaFor(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := s.prepareImpact(ctx, tx, p, &a, c); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, impactAssessments)
		if err != nil {
			return err
		}
		now := s.timestamp()
		a.Ref, a.Version, a.State, a.CriteriaNumber, a.Archived, a.CreatedAt, a.UpdatedAt = impactAssessments.ref(number), 1, aims.ImpactDraft, c.Number, false, now, now
		a.AISystemRef, a.AISystemName, a.AuthorID, a.ApprovedOn, a.ApproverName, a.ReturnNote = sys.Ref, sys.Name, p.UserID, aims.Date{}, "", ""
		if a.AuthorName, err = s.checkOwner(ctx, tx, p.OrgID, p.UserID, "author"); err != nil {
			return err
		}
		err = s.queryRow(ctx, tx, `INSERT INTO impact_assessments (org_id, number, version, ai_system_id, state, criteria_number,
			approver_name, return_note, author_id, archived, created_at, updated_at, `+impactFields.String()+`)
			VALUES ($1, $2, 1, $3, 'draft', $4, '', '', $5, $6, $7, $7, `+impactFields.values(8)+`) RETURNING id`,
			append([]any{p.OrgID, number, a.AISystemID, c.Number, nullID(p.UserID), false, now}, impactValues(a)...)...).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert impact assessment: %w", err)
		}
		if err := s.writeImpactRows(ctx, tx, p.OrgID, a); err != nil {
			return err
		}
		changes, err := impactAssessments.diff(nil, a)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, impactAssessments.register, strconv.FormatInt(a.ID, 10), aims.ActionCreate, changes)
	})
	return a, err
}

// stateConflict refuses a step that does not fit the assessment's state.
func stateConflict(st aims.ImpactState) error {
	return &aims.StateError{Msg: "the assessment is " + strings.ToLower(st.Label())}
}

// UpdateImpactAssessment saves an edited draft at the version its editor
// read. Only drafts change; the AI system and criteria stay as created.
func (s *Store) UpdateImpactAssessment(ctx context.Context, p aims.Principal, a aims.ImpactAssessment) (aims.ImpactAssessment, error) {
	var after aims.ImpactAssessment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.impactAssessment(ctx, tx, p.OrgID, a.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if before.State != aims.ImpactDraft {
			return stateConflict(before.State)
		}
		if err := s.markImpactEditor(ctx, tx, p, before.ID); err != nil {
			return err
		}
		c, err := s.criteriaVersion(ctx, tx, p.OrgID, before.CriteriaNumber)
		if err != nil {
			return err
		}
		a.AISystemID = before.AISystemID
		if err := s.prepareImpact(ctx, tx, p, &a, c); err != nil {
			return err
		}
		a.Ref, a.AISystemRef, a.AISystemName, a.State, a.CriteriaNumber = before.Ref, before.AISystemRef, before.AISystemName, before.State, before.CriteriaNumber
		a.ApprovedOn, a.ApproverName, a.ReturnNote, a.AuthorID, a.AuthorName = before.ApprovedOn, before.ApproverName, before.ReturnNote, before.AuthorID, before.AuthorName
		a.Archived, a.CreatedAt, a.UpdatedAt = before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := impactAssessments.diff(before, a)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(a.Version != before.Version)
		}
		a.UpdatedAt = s.timestamp()
		values := append(impactValues(a), a.UpdatedAt)
		if err := s.versioned(ctx, tx, impactAssessments.name, "state = 'draft' AND id",
			impactFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), p.OrgID, a.ID, a.Version, values...); err != nil {
			return err
		}
		if err := s.writeImpactRows(ctx, tx, p.OrgID, a); err != nil {
			return err
		}
		after = a
		after.Version++
		return s.record(ctx, tx, p, impactAssessments.register, strconv.FormatInt(a.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// impactStep runs one workflow step at the version the client read: the
// organization is locked first, the assessment read, apply checks the
// state and writes, and the step is one audit event.
func (s *Store) impactStep(ctx context.Context, p aims.Principal, id int64, version int,
	apply func(tx *sql.Tx, a *aims.ImpactAssessment, now time.Time) ([]aims.Change, error)) (aims.ImpactAssessment, error) {
	var a aims.ImpactAssessment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		var err error
		if a, err = s.impactAssessment(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		if a.Archived {
			return aims.ErrArchived
		}
		if version != a.Version {
			return aims.ErrConflict
		}
		before := a.State
		now := s.timestamp()
		changes, err := apply(tx, &a, now)
		if err != nil {
			return err
		}
		a.Version++
		a.UpdatedAt = now
		changes = append([]aims.Change{stateChange(before, a.State)}, changes...)
		return s.record(ctx, tx, p, impactAssessments.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes)
	})
	return a, err
}

func stateChange(old, new any) aims.Change {
	o, _ := json.Marshal(old)
	n, _ := json.Marshal(new)
	return aims.Change{Field: "state", Old: o, New: n}
}

// SubmitImpactAssessment sends a draft for review.
func (s *Store) SubmitImpactAssessment(ctx context.Context, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	return s.impactStep(ctx, p, id, st.Version, func(tx *sql.Tx, a *aims.ImpactAssessment, now time.Time) ([]aims.Change, error) {
		if a.State != aims.ImpactDraft {
			return nil, stateConflict(a.State)
		}
		if err := s.markImpactEditor(ctx, tx, p, a.ID); err != nil {
			return nil, err
		}
		if err := s.versioned(ctx, tx, impactAssessments.name, "state = 'draft' AND id", `state = 'in-review', updated_at = $1`,
			p.OrgID, a.ID, a.Version, now); err != nil {
			return nil, err
		}
		a.State = aims.ImpactInReview
		return nil, nil
	})
}

// ReturnImpactAssessment sends an assessment in review back to draft with
// a note saying why.
func (s *Store) ReturnImpactAssessment(ctx context.Context, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	note := strings.TrimSpace(st.Note)
	if note == "" {
		return aims.ImpactAssessment{}, aims.Invalid("note", "say what needs to change")
	}
	if len(note) > 20_000 {
		return aims.ImpactAssessment{}, aims.Invalid("note", "is too long")
	}
	return s.impactStep(ctx, p, id, st.Version, func(tx *sql.Tx, a *aims.ImpactAssessment, now time.Time) ([]aims.Change, error) {
		if a.State != aims.ImpactInReview {
			return nil, stateConflict(a.State)
		}
		if err := s.versioned(ctx, tx, impactAssessments.name, "state = 'in-review' AND id", `state = 'draft', return_note = $1, updated_at = $2`,
			p.OrgID, a.ID, a.Version, note, now); err != nil {
			return nil, err
		}
		old := a.ReturnNote
		a.State, a.ReturnNote = aims.ImpactDraft, note
		o, _ := json.Marshal(old)
		n, _ := json.Marshal(note)
		return []aims.Change{{Field: "return_note", Old: o, New: n}}, nil
	})
}

// ApproveImpactAssessment approves an assessment in review as the acting
// member, who must be neither its author nor its assessor. The system's
// assessment approved before is superseded in the same transaction.
func (s *Store) ApproveImpactAssessment(ctx context.Context, p aims.Principal, id int64, st aims.ImpactStep) (aims.ImpactAssessment, error) {
	return s.impactStep(ctx, p, id, st.Version, func(tx *sql.Tx, a *aims.ImpactAssessment, now time.Time) ([]aims.Change, error) {
		if a.State != aims.ImpactInReview {
			return nil, stateConflict(a.State)
		}
		var edited int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM impact_assessment_editors WHERE org_id = $1 AND assessment_id = $2 AND user_id = $3`,
			p.OrgID, a.ID, p.UserID).Scan(&edited); err != nil {
			return nil, err
		}
		if p.UserID == 0 || p.UserID == a.AuthorID || p.UserID == a.AssessorID || edited > 0 {
			return nil, aims.Invalid("approver", "whoever wrote, edited, submitted or assessed an impact assessment does not approve it: another person does")
		}
		today := aims.DateOf(now)
		if err := a.CheckApproval(today); err != nil {
			return nil, err
		}
		name, err := s.checkOwner(ctx, tx, p.OrgID, p.UserID, "approver")
		if err != nil {
			return nil, err
		}
		var changes []aims.Change
		rows, err := s.query(ctx, tx, `UPDATE impact_assessments SET state = 'superseded', version = version + 1, updated_at = $1
			WHERE org_id = $2 AND ai_system_id = $3 AND state = 'approved' RETURNING id, number`, now, p.OrgID, a.AISystemID)
		if err != nil {
			return nil, fmt.Errorf("supersede: %w", err)
		}
		var superseded []int64
		for rows.Next() {
			var sid, n int64
			if err := rows.Scan(&sid, &n); err != nil {
				rows.Close()
				return nil, err
			}
			superseded = append(superseded, sid)
			r, _ := json.Marshal(impactAssessments.ref(n))
			changes = append(changes, aims.Change{Field: "supersedes", New: r})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, sid := range superseded {
			if err := s.record(ctx, tx, p, impactAssessments.register, strconv.FormatInt(sid, 10), aims.ActionUpdate,
				[]aims.Change{stateChange(aims.ImpactApproved, aims.ImpactSuperseded)}); err != nil {
				return nil, err
			}
		}
		if err := s.versioned(ctx, tx, impactAssessments.name, "state = 'in-review' AND id",
			`state = 'approved', approved_on = $1, approver_id = $2, approver_name = $3, updated_at = $4`,
			p.OrgID, a.ID, a.Version, today.String(), p.UserID, name, now); err != nil {
			return nil, err
		}
		a.State, a.ApprovedOn, a.ApproverName = aims.ImpactApproved, today, name
		n, _ := json.Marshal(name)
		return append(changes, aims.Change{Field: "approver", New: n}), nil
	})
}

// SetImpactAssessmentArchived archives or restores an assessment; an
// approved one stays approved (the trigger lets only the flag change).
func (s *Store) SetImpactAssessmentArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.ImpactAssessment, error) {
	var a aims.ImpactAssessment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.impactAssessment(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, impactAssessments, id, a.Version, version, a.Archived, archived)
		if changed {
			a.Archived, a.Version, a.UpdatedAt = archived, a.Version+1, at
		}
		return err
	})
	return a, err
}

// ImpactAssessmentsOf lists an AI system's assessments, newest first, for
// its page (at most 50: older ones are on the register's list).
func (s *Store) ImpactAssessmentsOf(ctx context.Context, orgID, systemID int64) ([]aims.ImpactAssessment, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+impactColumns+impactFrom+` WHERE i.org_id = $1 AND i.ai_system_id = $2 AND NOT i.archived
		ORDER BY i.number DESC LIMIT 50`, orgID, systemID)
	if err != nil {
		return nil, fmt.Errorf("impact assessments of a system: %w", err)
	}
	defer rows.Close()
	out := []aims.ImpactAssessment{}
	for rows.Next() {
		a, err := scanImpact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ProposeRisk raises a risk from a harm an impact assessment found (6.1.4:
// its results feed the risk assessment) and links the harm to it, in one
// transaction. The risk starts unassessed, for its owner to assess under
// the risk criteria. A harm links one risk: of two proposals at the same
// moment one wins and the other is refused as a conflict, its risk undone.
// An approved assessment stays frozen but for this link.
func (s *Store) ProposeRisk(ctx context.Context, p aims.Principal, assessmentID int64, position int) (aims.Risk, error) {
	return s.linkHarm(ctx, p, assessmentID, position, 0)
}

// LinkRisk links a harm an impact assessment found to a risk already in
// the register, of the organization, under the same rules as ProposeRisk.
func (s *Store) LinkRisk(ctx context.Context, p aims.Principal, assessmentID int64, position int, riskID int64) (aims.Risk, error) {
	if riskID <= 0 {
		return aims.Risk{}, aims.Invalid("risk_id", "must name a risk")
	}
	return s.linkHarm(ctx, p, assessmentID, position, riskID)
}

// linkHarm links a harm to the risk riskID, or to a new risk raised from
// it when riskID is 0.
func (s *Store) linkHarm(ctx context.Context, p aims.Principal, assessmentID int64, position int, riskID int64) (aims.Risk, error) {
	var linked aims.Risk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		a, err := s.impactAssessment(ctx, tx, p.OrgID, assessmentID)
		if err != nil {
			return err
		}
		if a.Archived {
			return aims.ErrArchived
		}
		if position < 1 || position > len(a.Items) {
			return fmt.Errorf("impact %d of %s: %w", position, a.Ref, aims.ErrNotFound)
		}
		it := a.Items[position-1]
		if it.Kind != aims.ImpactHarm {
			return aims.Invalid("position", "is a benefit: only a harm raises a risk")
		}
		if it.RiskID != 0 {
			return fmt.Errorf("%w: this harm already links a risk", aims.ErrConflict)
		}
		if riskID != 0 {
			if linked, err = s.risk(ctx, tx, p.OrgID, riskID); err != nil {
				return aims.Invalid("risk_id", "is not a risk of this organization")
			}
		} else {
			title := it.Description
			if r := []rune(title); len(r) > 150 {
				title = string(r[:150]) + "…"
			}
			linked, err = s.createRisk(ctx, tx, p, aims.Risk{Kind: aims.KindRisk, Title: title, AISystemID: a.AISystemID,
				Source: aims.SourceOther, SourceOther: "Impact assessment " + a.Ref,
				Description: it.Description,
				Consequences: fmt.Sprintf("Harm to %s found by %s: severity %d, likelihood %d, reversibility %d on its impact scales. Measures it names: %s",
					it.Affects, a.Ref, it.Severity, it.Likelihood, it.Reversibility, it.Measures)})
			if err != nil {
				return err
			}
		}
		res, err := s.exec(ctx, tx, `UPDATE impact_items SET risk_id = $1 WHERE org_id = $2 AND assessment_id = $3 AND position = $4 AND risk_id IS NULL`,
			linked.ID, p.OrgID, a.ID, position)
		if err != nil {
			return fmt.Errorf("link harm to risk: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: this harm already links a risk", aims.ErrConflict)
		}
		change := aims.Change{Field: "items." + strconv.Itoa(position) + ".risk", Old: json.RawMessage(`null`), New: json.RawMessage(strconv.Quote(linked.Ref))}
		return s.record(ctx, tx, p, impactAssessments.register, strconv.FormatInt(a.ID, 10), aims.ActionUpdate, []aims.Change{change})
	})
	return linked, err
}

// markImpactEditor remembers who edited or submitted a draft, in the
// writing transaction: none of them approves it.
func (s *Store) markImpactEditor(ctx context.Context, tx *sql.Tx, p aims.Principal, id int64) error {
	if p.UserID == 0 {
		return nil
	}
	_, err := s.exec(ctx, tx, `INSERT INTO impact_assessment_editors (org_id, assessment_id, user_id) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, assessment_id, user_id) DO NOTHING`, p.OrgID, id, p.UserID)
	if err != nil {
		return fmt.Errorf("impact editor: %w", err)
	}
	return nil
}
