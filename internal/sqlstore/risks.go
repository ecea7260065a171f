package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// AI risk (6.1, 8.2, 8.3). The criteria are numbered versions that are
// never changed (a trigger on each engine refuses it); the risks register
// is a kit table whose latest assessment and treatment sit on the row, with
// every assessment kept in risk_assessments and the chosen controls in
// risk_controls.

// riskCriteriaMeta are the bookkeeping fields a criteria diff leaves out.
var riskCriteriaMeta = []string{"version", "created_at", "created_by"}

func scanRiskCriteria(sc scanner) (aims.RiskCriteria, error) {
	var c aims.RiskCriteria
	var likelihood, impact, matrix string
	err := sc.Scan(&c.Version, &likelihood, &impact, &matrix, &c.Threshold, &c.Note, &c.CreatedAt, &c.CreatedBy)
	if err != nil {
		return c, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	for _, x := range []struct {
		s string
		v any
	}{{likelihood, &c.Likelihood}, {impact, &c.Impact}, {matrix, &c.Matrix}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return c, fmt.Errorf("risk criteria v%d: %w", c.Version, err)
		}
	}
	return c, nil
}

const riskCriteriaColumns = `number, likelihood, impact, matrix, threshold, note, created_at, created_by`

// RiskCriteria reads the organization's current risk criteria; an
// organization that has none yet gets version 0, empty.
func (s *Store) RiskCriteria(ctx context.Context, orgID int64) (aims.RiskCriteria, error) {
	return s.riskCriteria(ctx, s.r, orgID, 0)
}

// RiskCriteriaVersion reads one numbered version of the criteria.
func (s *Store) RiskCriteriaVersion(ctx context.Context, orgID int64, number int) (aims.RiskCriteria, error) {
	if number < 1 {
		return aims.RiskCriteria{}, aims.ErrNotFound
	}
	return s.riskCriteria(ctx, s.r, orgID, number)
}

// riskCriteria reads a version, or the latest when number is 0.
func (s *Store) riskCriteria(ctx context.Context, q querier, orgID int64, number int) (aims.RiskCriteria, error) {
	query := `SELECT ` + riskCriteriaColumns + ` FROM risk_criteria WHERE org_id = $1 ORDER BY number DESC LIMIT 1`
	args := []any{orgID}
	if number > 0 {
		query = `SELECT ` + riskCriteriaColumns + ` FROM risk_criteria WHERE org_id = $1 AND number = $2`
		args = append(args, number)
	}
	c, err := scanRiskCriteria(s.queryRow(ctx, q, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		if number > 0 {
			return aims.RiskCriteria{}, notFound(err, "risk criteria version")
		}
		return aims.RiskCriteria{}, nil
	}
	return c, err
}

// RiskCriteriaVersions lists every version, newest first, for the
// criteria page (an organization has few).
func (s *Store) RiskCriteriaVersions(ctx context.Context, orgID int64) ([]aims.RiskCriteria, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+riskCriteriaColumns+` FROM risk_criteria WHERE org_id = $1 ORDER BY number DESC LIMIT 100`, orgID)
	if err != nil {
		return nil, fmt.Errorf("risk criteria versions: %w", err)
	}
	defer rows.Close()
	out := []aims.RiskCriteria{}
	for rows.Next() {
		c, err := scanRiskCriteria(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveRiskCriteria records a new version of the criteria. c.Version is the
// version its editor read (0 when there was none): the new one is the next
// number, and of two editors of the same version only the first is saved;
// the other gets aims.ErrConflict. The change is audited as a diff from the
// version it replaces.
func (s *Store) SaveRiskCriteria(ctx context.Context, p aims.Principal, c aims.RiskCriteria) (aims.RiskCriteria, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	var saved aims.RiskCriteria
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		saved, err = s.insertRiskCriteria(ctx, tx, p, c)
		return err
	})
	return saved, err
}

// UseDefaultRiskCriteria saves the default 5 × 5 criteria as the next
// version, after the version the person read.
func (s *Store) UseDefaultRiskCriteria(ctx context.Context, p aims.Principal, version int) (aims.RiskCriteria, error) {
	c := aims.DefaultRiskCriteria()
	c.Version = version
	return s.SaveRiskCriteria(ctx, p, c)
}

func (s *Store) insertRiskCriteria(ctx context.Context, tx *sql.Tx, p aims.Principal, c aims.RiskCriteria) (aims.RiskCriteria, error) {
	if c.Version < 0 {
		return c, aims.ErrConflict
	}
	before, err := s.riskCriteria(ctx, tx, p.OrgID, 0)
	if err != nil {
		return c, err
	}
	if before.Version != c.Version {
		return c, aims.ErrConflict
	}
	likelihood, _ := json.Marshal(c.Likelihood)
	impact, _ := json.Marshal(c.Impact)
	matrix, _ := json.Marshal(c.Matrix)
	c.Version++
	c.CreatedAt, c.CreatedBy = s.timestamp(), actorName(p)
	res, err := s.exec(ctx, tx, `INSERT INTO risk_criteria (org_id, `+riskCriteriaColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (org_id, number) DO NOTHING`, p.OrgID, c.Version, string(likelihood), string(impact), string(matrix),
		c.Threshold, c.Note, c.CreatedAt, c.CreatedBy)
	if err != nil {
		return c, fmt.Errorf("save risk criteria: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return c, aims.ErrConflict
	}
	var prev any
	action := aims.ActionCreate
	if before.Version > 0 {
		prev, action = before, aims.ActionUpdate
	}
	changes, err := aims.Diff(prev, c, riskCriteriaMeta...)
	if err != nil {
		return c, err
	}
	changes = append(changes, aims.Change{Field: "version", Old: json.RawMessage(strconv.Itoa(before.Version)), New: json.RawMessage(strconv.Itoa(c.Version))})
	return c, s.record(ctx, tx, p, aims.RegisterRiskCriteria, strconv.FormatInt(p.OrgID, 10), action, changes)
}

// actorName is how an assessment or a criteria version names who made it.
func actorName(p aims.Principal) string {
	if p.Name != "" && p.TokenID == 0 {
		return p.Name
	}
	return p.Actor()
}

// criteriaInForce reads the current criteria in a write's transaction,
// seeding the default ones when the organization has none: the first risk
// recorded starts the criteria's history.
func (s *Store) criteriaInForce(ctx context.Context, tx *sql.Tx, p aims.Principal) (aims.RiskCriteria, error) {
	c, err := s.riskCriteria(ctx, tx, p.OrgID, 0)
	if err != nil || c.Version > 0 {
		return c, err
	}
	d := aims.DefaultRiskCriteria()
	d.Note = "Default 5 × 5 criteria, set when the first risk was recorded."
	return s.insertRiskCriteria(ctx, tx, p, d)
}

// risks is the register of AI risks and opportunities.
var risks = table{name: "risks", register: aims.RegisterRisks, prefix: "RSK-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "controls_pending", "reassess"}}

// riskSupport: an assessed risk supports 6.1.2 and 8.2; an accepted
// residual risk supports 6.1.3 (the treatment decided); only a treatment
// whose later check found it effective supports 8.3 (the plan carried out).
var riskSupport = supporter{t: risks, query: `
	SELECT '6.1.2' AS requirement_id, id, number, title FROM risks WHERE org_id = $1 AND NOT archived AND assessed_on IS NOT NULL AND assessed_on <= $2
	UNION ALL SELECT '8.2', id, number, title FROM risks WHERE org_id = $1 AND NOT archived AND assessed_on IS NOT NULL AND assessed_on <= $2
	UNION ALL SELECT '6.1.3', id, number, title FROM risks WHERE org_id = $1 AND NOT archived AND kind = 'risk' AND accepted_on IS NOT NULL AND accepted_on <= $2
	UNION ALL SELECT '8.3', id, number, title FROM risks WHERE org_id = $1 AND NOT archived AND kind = 'risk' AND effectiveness = 'effective' AND checked_on <= $2`}

// riskDue: a live risk's treatment plan due date, for the plan's owner (or
// the risk's), until the treatment is done.
const riskDue dueSource = `SELECT org_id, 'risks', CAST(id AS TEXT), 'RSK-' || number, title, 'Risk treatment due',
	CAST(plan_due AS TEXT), COALESCE(plan_owner_id, owner_id) FROM risks
	WHERE NOT archived AND plan_due IS NOT NULL AND status IN ('identified', 'treatment-planned')`

var riskFields = columns{"kind", "title", "ai_system_id", "source", "source_other", "description", "consequences", "owner_id",
	"status", "planned_actions", "likelihood", "impact", "level", "level_rank", "residual_likelihood", "residual_impact",
	"residual_level", "residual_rank", "criteria_version", "assessed_on", "above_threshold", "treatment", "treatment_plan",
	"plan_owner_id", "plan_start", "plan_due", "accepted_by_id", "accepted_by", "accepted_on", "acceptance_reason",
	"accepted_under", "checked_on", "effectiveness", "check_note", "flagged", "search"}

func riskValues(r aims.Risk) []any {
	var criteria any
	if r.CriteriaVersion > 0 {
		criteria = r.CriteriaVersion
	}
	return []any{r.Kind, r.Title, nullID(r.AISystemID), r.Source, r.SourceOther, r.Description, r.Consequences, nullID(r.OwnerID),
		r.Status, r.PlannedAction, r.Likelihood, r.Impact, r.Level, r.Level.Rank(), r.ResidualLikelihood, r.ResidualImpact,
		r.ResidualLevel, r.ResidualLevel.Rank(), criteria, nullDate(r.AssessedOn), r.AboveThreshold, r.Treatment, r.TreatmentPlan,
		nullID(r.PlanOwnerID), nullDate(r.PlanStart), nullDate(r.PlanDue), nullID(r.AcceptedByID), r.AcceptedBy, nullDate(r.AcceptedOn),
		r.AcceptanceReason, r.AcceptedUnder, nullDate(r.CheckedOn), r.Effectiveness, r.CheckNote, r.Flagged, riskSearch(r)}
}

const riskColumns = `r.id, r.number, r.version, r.kind, r.title, r.ai_system_id, a.number, COALESCE(a.name, ''), r.source,
	r.source_other, r.description, r.consequences, r.owner_id, COALESCE(u.name, ''), r.status, r.planned_actions,
	r.likelihood, r.impact, r.level, r.residual_likelihood, r.residual_impact, r.residual_level, r.criteria_version,
	r.assessed_on, r.above_threshold, r.treatment, r.treatment_plan, r.plan_owner_id, COALESCE(pu.name, ''), r.plan_start,
	r.plan_due, r.accepted_by_id, r.accepted_by, r.accepted_on, r.acceptance_reason, r.accepted_under, r.checked_on,
	r.effectiveness, r.check_note, r.flagged, r.archived, r.created_at, r.updated_at,
	COALESCE((SELECT string_agg(c.control_ref, ' ' ORDER BY c.control_ref) FROM risk_controls c
		WHERE c.org_id = r.org_id AND c.risk_id = r.id), ''),
	` + pendingControls

// pendingControl joins a chosen control (c) to what says whether it is in
// place: an Annex A control's gap entry, or the custom control itself. A
// control with neither (no gap entry written yet) is not in place.
const pendingControl = `
		LEFT JOIN gap_entries g ON g.org_id = c.org_id AND g.requirement_id = c.control_ref
		LEFT JOIN custom_controls cc ON cc.org_id = c.org_id AND 'CC-' || cc.number = c.control_ref`

const controlNotInPlace = `COALESCE(g.status, cc.status, 'not-started') <> 'implemented'`

// pendingControls is a risk's (r) chosen controls not yet in place, as one
// space-separated text.
const pendingControls = `COALESCE((SELECT string_agg(c.control_ref, ' ' ORDER BY c.control_ref) FROM risk_controls c` + pendingControl + `
		WHERE c.org_id = r.org_id AND c.risk_id = r.id AND ` + controlNotInPlace + `), '')`

const riskFrom = ` FROM risks r LEFT JOIN users u ON u.id = r.owner_id LEFT JOIN users pu ON pu.id = r.plan_owner_id
	LEFT JOIN ai_systems a ON a.org_id = r.org_id AND a.id = r.ai_system_id`

func scanRisk(sc scanner) (aims.Risk, error) {
	var r aims.Risk
	var number int64
	var system, systemNumber, owner, planOwner, acceptedBy, criteria sql.NullInt64
	var assessed, start, due, accepted, checked sql.NullTime
	var controls, pending string
	err := sc.Scan(&r.ID, &number, &r.Version, &r.Kind, &r.Title, &system, &systemNumber, &r.AISystemName, &r.Source,
		&r.SourceOther, &r.Description, &r.Consequences, &owner, &r.OwnerName, &r.Status, &r.PlannedAction,
		&r.Likelihood, &r.Impact, &r.Level, &r.ResidualLikelihood, &r.ResidualImpact, &r.ResidualLevel, &criteria,
		&assessed, &r.AboveThreshold, &r.Treatment, &r.TreatmentPlan, &planOwner, &r.PlanOwnerName, &start,
		&due, &acceptedBy, &r.AcceptedBy, &accepted, &r.AcceptanceReason, &r.AcceptedUnder, &checked,
		&r.Effectiveness, &r.CheckNote, &r.Flagged, &r.Archived, &r.CreatedAt, &r.UpdatedAt, &controls, &pending)
	if err != nil {
		return r, err
	}
	r.Ref = risks.ref(number)
	r.AISystemID, r.OwnerID, r.PlanOwnerID, r.AcceptedByID = system.Int64, owner.Int64, planOwner.Int64, acceptedBy.Int64
	if systemNumber.Valid {
		r.AISystemRef = aiSystems.ref(systemNumber.Int64)
	}
	r.CriteriaVersion = int(criteria.Int64)
	r.AssessedOn, r.PlanStart, r.PlanDue, r.AcceptedOn, r.CheckedOn = dateOf(assessed), dateOf(start), dateOf(due), dateOf(accepted), dateOf(checked)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.Parties, r.Issues, r.Obligations = []aims.Link{}, []aims.Link{}, []aims.Link{}
	r.Controls = strings.Fields(controls) // the treatment's controls, in the list and the export too
	r.ControlsPending = strings.Fields(pending)
	return r, nil
}

// Risk reads one risk or opportunity with its links and controls.
func (s *Store) Risk(ctx context.Context, orgID, id int64) (aims.Risk, error) {
	return s.risk(ctx, s.r, orgID, id)
}

func (s *Store) risk(ctx context.Context, q querier, orgID, id int64) (aims.Risk, error) {
	r, err := scanRisk(s.queryRow(ctx, q, `SELECT `+riskColumns+riskFrom+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if err != nil {
		return r, notFound(err, "risk")
	}
	if r.Parties, err = s.links(ctx, q, `SELECT x.id, x.number, x.name FROM risk_parties l
		JOIN interested_parties x ON x.org_id = l.org_id AND x.id = l.party_id
		WHERE l.org_id = $1 AND l.risk_id = $2 ORDER BY x.id`, parties, orgID, id); err != nil {
		return r, err
	}
	if r.Issues, err = s.links(ctx, q, `SELECT x.id, x.number, x.title FROM risk_issues l
		JOIN context_issues x ON x.org_id = l.org_id AND x.id = l.issue_id
		WHERE l.org_id = $1 AND l.risk_id = $2 ORDER BY x.id`, contextIssues, orgID, id); err != nil {
		return r, err
	}
	r.Obligations, err = s.links(ctx, q, `SELECT x.id, x.number, x.title FROM risk_obligations l
		JOIN obligations x ON x.org_id = l.org_id AND x.id = l.obligation_id
		WHERE l.org_id = $1 AND l.risk_id = $2 ORDER BY x.id`, obligations, orgID, id)
	return r, err
}

var riskSort = map[string]string{
	"":               "r.number, r.id",
	"ref":            "r.number, r.id",
	"title":          "r.title, r.id",
	"level":          "r.level_rank, r.id",
	"residual_level": "r.residual_rank, r.id",
	"status":         "r.status, r.id",
	"assessed_on":    "r.assessed_on, r.id",
	"plan_due":       "r.plan_due, r.id",
	"updated_at":     "r.updated_at, r.id",
}

// Risks lists one page of the register with the total matching the
// filter: two queries. The list leaves links and controls out; the record
// has them.
func (s *Store) Risks(ctx context.Context, orgID int64, f aims.RiskFilter) (aims.Page[aims.Risk], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Risk]{Items: []aims.Risk{}}, err
	}
	order := riskSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.riskQuery(ctx, orgID, f, order, true)
	if err != nil {
		return aims.Page[aims.Risk]{Items: []aims.Risk{}}, err
	}
	return list(ctx, s, q, scanRisk)
}

// EachRisk calls fn for every risk matching the filter, in the order they
// were recorded, for exports.
func (s *Store) EachRisk(ctx context.Context, orgID int64, f aims.RiskFilter, fn func(aims.Risk) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.riskQuery(ctx, orgID, f, "", true)
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanRisk, func(r aims.Risk) int64 { return r.ID }, fn)
}

// riskQuery builds the list's query; cell says whether a heat map cell's
// likelihood and impact narrow it (the heat map itself counts every cell).
func (s *Store) riskQuery(ctx context.Context, orgID int64, f aims.RiskFilter, order string, cell bool) (listQuery, error) {
	w := newFilter("r", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("r.ai_system_id = ?", f.AISystemID)
	}
	if f.AIMSWide {
		w.conds.WriteString(" AND r.ai_system_id IS NULL")
	}
	if f.Kind != "" {
		w.and("r.kind = ?", string(f.Kind))
	}
	if f.Level != "" {
		w.and("r.level_rank = ?", f.Level.Rank())
	}
	if f.Status != "" {
		w.and("r.status = ?", string(f.Status))
	}
	if f.OwnerID != 0 {
		w.and("r.owner_id = ?", f.OwnerID)
	}
	if f.Flagged {
		w.and("r.flagged = ?", true)
	}
	if cell && f.Likelihood > 0 {
		col := "r.likelihood = ?"
		if f.Residual {
			col = "r.residual_likelihood = ?"
		}
		w.and(col, f.Likelihood)
	}
	if cell && f.Impact > 0 {
		col := "r.impact = ?"
		if f.Residual {
			col = "r.residual_impact = ?"
		}
		w.and(col, f.Impact)
	}
	total, err := s.search(ctx, w, risks, "r", f.Q)
	return listQuery{alias: "r", table: risks.name, columns: riskColumns, from: riskFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// RiskHeatMap counts the risks matching the filter per likelihood and
// impact, inherent and residual, in one aggregate query, with the current
// criteria whose scales draw the map. A filter without a kind counts risks
// only: opportunities are not drawn on a map of threats.
func (s *Store) RiskHeatMap(ctx context.Context, orgID int64, f aims.RiskFilter) (aims.HeatMap, error) {
	h := aims.HeatMap{Inherent: []aims.HeatCell{}, Residual: []aims.HeatCell{}}
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return h, err
	}
	if f.Kind == "" {
		f.Kind = aims.KindRisk
	}
	c, err := s.RiskCriteria(ctx, orgID)
	if err != nil {
		return h, err
	}
	h.Criteria = c
	q, err := s.riskQuery(ctx, orgID, f, "", false)
	if err != nil {
		return h, err
	}
	where := q.where.String()
	rows, err := s.query(ctx, s.r, `SELECT 0, r.likelihood, r.impact, count(*) FROM risks r`+where+` AND r.likelihood > 0
		GROUP BY r.likelihood, r.impact
		UNION ALL SELECT 1, r.residual_likelihood, r.residual_impact, count(*) FROM risks r`+where+` AND r.residual_likelihood > 0
		GROUP BY r.residual_likelihood, r.residual_impact`, q.where.args...)
	if err != nil {
		return h, fmt.Errorf("risk heat map: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var side int
		var cell aims.HeatCell
		if err := rows.Scan(&side, &cell.Likelihood, &cell.Impact, &cell.Count); err != nil {
			return h, err
		}
		if cell.Likelihood > len(c.Likelihood) || cell.Impact > len(c.Impact) {
			h.Outside += cell.Count
			continue
		}
		if side == 0 {
			h.Inherent = append(h.Inherent, cell)
		} else {
			h.Residual = append(h.Residual, cell)
		}
	}
	return h, rows.Err()
}

// RiskSummary counts an AI system's live risks and those flagged, for the
// system's page: one query.
func (s *Store) RiskSummary(ctx context.Context, orgID, systemID int64) (aims.RiskSummary, error) {
	sum := aims.RiskSummary{AISystemID: systemID}
	err := s.queryRow(ctx, s.r, `SELECT count(*), COALESCE(SUM(CASE WHEN flagged THEN 1 ELSE 0 END), 0) FROM risks
		WHERE org_id = $1 AND archived = $2 AND ai_system_id = $3 AND kind = 'risk'`, orgID, false, systemID).Scan(&sum.Risks, &sum.Flagged)
	if err != nil {
		return sum, fmt.Errorf("risk summary: %w", err)
	}
	return sum, nil
}

// RiskAssessments lists a risk's dated assessments, newest first.
func (s *Store) RiskAssessments(ctx context.Context, orgID, riskID int64) ([]aims.RiskAssessment, error) {
	rows, err := s.query(ctx, s.r, `SELECT number, assessed_on, assessor, criteria_version, likelihood, impact, level,
		residual_likelihood, residual_impact, residual_level, created_at FROM risk_assessments
		WHERE org_id = $1 AND risk_id = $2 ORDER BY number DESC LIMIT 500`, orgID, riskID)
	if err != nil {
		return nil, fmt.Errorf("risk assessments: %w", err)
	}
	defer rows.Close()
	out := []aims.RiskAssessment{}
	for rows.Next() {
		var a aims.RiskAssessment
		var on sql.NullTime
		if err := rows.Scan(&a.Number, &on, &a.Assessor, &a.CriteriaVersion, &a.Likelihood, &a.Impact, &a.Level,
			&a.ResidualLikelihood, &a.ResidualImpact, &a.ResidualLevel, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.AssessedOn, a.CreatedAt = dateOf(on), a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

func riskSearch(r aims.Risk) string {
	return searchText(r.Ref, r.Title, r.Description, r.Consequences, r.SourceOther, r.OwnerName, r.AISystemRef, r.AISystemName,
		r.PlannedAction, r.TreatmentPlan, strings.Join(r.Controls, " "))
}

// prepareRisk checks a risk's references in a write's transaction and
// fills in their names: owners, the AI system and the linked records.
func (s *Store) prepareRisk(ctx context.Context, tx *sql.Tx, p aims.Principal, r *aims.Risk) error {
	var err error
	if r.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, r.OwnerID, "owner_id"); err != nil {
		return err
	}
	if r.PlanOwnerName, err = s.checkOwner(ctx, tx, p.OrgID, r.PlanOwnerID, "plan_owner_id"); err != nil {
		return err
	}
	r.AISystemRef, r.AISystemName = "", ""
	if r.AISystemID != 0 {
		var n int64
		err := s.queryRow(ctx, tx, `SELECT number, name FROM ai_systems WHERE org_id = $1 AND id = $2`, p.OrgID, r.AISystemID).Scan(&n, &r.AISystemName)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("ai_system_id", "is not an AI system of this organization")
		}
		if err != nil {
			return err
		}
		r.AISystemRef = aiSystems.ref(n)
	}
	if err := s.resolveLinks(ctx, tx, parties, "name", p.OrgID, "affected_parties", r.Parties); err != nil {
		return err
	}
	if err := s.resolveLinks(ctx, tx, contextIssues, "title", p.OrgID, "context_issues", r.Issues); err != nil {
		return err
	}
	if err := s.resolveLinks(ctx, tx, obligations, "title", p.OrgID, "obligations", r.Obligations); err != nil {
		return err
	}
	return s.checkTreatmentControls(ctx, tx, p.OrgID, r.Controls)
}

// assess works out the levels of a risk's likelihoods and impacts under
// the criteria, and whether it is above the acceptance threshold (a risk's
// question: an opportunity is never "above the threshold").
func assess(r *aims.Risk, c aims.RiskCriteria, today aims.Date) {
	r.Level, r.ResidualLevel = c.Level(r.Likelihood, r.Impact), c.Level(r.ResidualLikelihood, r.ResidualImpact)
	r.CriteriaVersion, r.AssessedOn, r.AboveThreshold = 0, aims.Date{}, false
	if r.Assessed() {
		r.CriteriaVersion, r.AssessedOn, r.AboveThreshold = c.Version, today, r.Kind == aims.KindRisk && c.Above(r.Level)
	}
}

// recordAssessment keeps a risk's assessment as a dated result.
func (s *Store) recordAssessment(ctx context.Context, tx *sql.Tx, p aims.Principal, r aims.Risk) error {
	if !r.Assessed() {
		return nil
	}
	_, err := s.exec(ctx, tx, `INSERT INTO risk_assessments (org_id, risk_id, number, assessed_on, assessor_id, assessor,
		criteria_version, likelihood, impact, level, residual_likelihood, residual_impact, residual_level, created_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(number), 0) + 1 FROM risk_assessments WHERE org_id = $1 AND risk_id = $2),
		$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, p.OrgID, r.ID, r.AssessedOn.String(), nullID(p.UserID), actorName(p),
		r.CriteriaVersion, r.Likelihood, r.Impact, r.Level, r.ResidualLikelihood, r.ResidualImpact, r.ResidualLevel, s.timestamp())
	if err != nil {
		return fmt.Errorf("record risk assessment: %w", err)
	}
	return nil
}

// replaceRiskLinks writes a risk's links and controls afresh, in the
// transaction of the risk's write.
func (s *Store) replaceRiskLinks(ctx context.Context, tx *sql.Tx, orgID int64, r aims.Risk) error {
	for _, l := range []struct {
		table, col string
		links      []aims.Link
	}{{"risk_parties", "party_id", r.Parties}, {"risk_issues", "issue_id", r.Issues}, {"risk_obligations", "obligation_id", r.Obligations}} {
		if _, err := s.exec(ctx, tx, `DELETE FROM `+l.table+` WHERE org_id = $1 AND risk_id = $2`, orgID, r.ID); err != nil {
			return fmt.Errorf("replace %s: %w", l.table, err)
		}
		for _, x := range l.links {
			if _, err := s.exec(ctx, tx, `INSERT INTO `+l.table+` (org_id, risk_id, `+l.col+`) VALUES ($1, $2, $3)`, orgID, r.ID, x.ID); err != nil {
				return fmt.Errorf("insert %s: %w", l.table, err)
			}
		}
	}
	if _, err := s.exec(ctx, tx, `DELETE FROM risk_controls WHERE org_id = $1 AND risk_id = $2`, orgID, r.ID); err != nil {
		return fmt.Errorf("replace risk controls: %w", err)
	}
	for _, c := range r.Controls {
		if _, err := s.exec(ctx, tx, `INSERT INTO risk_controls (org_id, risk_id, control_ref) VALUES ($1, $2, $3)`, orgID, r.ID, c); err != nil {
			return fmt.Errorf("insert risk control: %w", err)
		}
	}
	return nil
}

// clearAcceptance drops an acceptance the client cannot give through an
// edit (acceptance is its own, signed-off step).
func clearAcceptance(r *aims.Risk) {
	r.AcceptedByID, r.AcceptedBy, r.AcceptedOn, r.AcceptanceReason, r.AcceptedUnder = 0, "", aims.Date{}, "", ""
}

// CreateRisk records a new risk or opportunity. Its likelihood and impact,
// when given, are assessed under the current criteria (the default ones
// are set first if the organization has none) and kept as its first dated
// assessment.
func (s *Store) CreateRisk(ctx context.Context, p aims.Principal, r aims.Risk) (aims.Risk, error) {
	var created aims.Risk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		created, err = s.createRisk(ctx, tx, p, r)
		return err
	})
	return created, err
}

// createRisk records a new risk in the caller's transaction.
func (s *Store) createRisk(ctx context.Context, tx *sql.Tx, p aims.Principal, r aims.Risk) (aims.Risk, error) {
	var created aims.Risk
	err := func() error {
		r.Normalize()
		c, err := s.criteriaInForce(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := r.Validate(c); err != nil {
			return err
		}
		if err := s.prepareRisk(ctx, tx, p, &r); err != nil {
			return err
		}
		clearAcceptance(&r)
		assess(&r, c, s.today())
		r.Flagged = r.FlagFor()
		number, err := s.number(ctx, tx, p.OrgID, risks)
		if err != nil {
			return err
		}
		now := s.timestamp()
		r.Ref, r.Version, r.Archived, r.CreatedAt, r.UpdatedAt = risks.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO risks (org_id, number, version, archived, created_at, updated_at, `+
			riskFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+riskFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, riskValues(r)...)...).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert risk: %w", err)
		}
		if err := s.replaceRiskLinks(ctx, tx, p.OrgID, r); err != nil {
			return err
		}
		if err := s.recordAssessment(ctx, tx, p, r); err != nil {
			return err
		}
		changes, err := risks.diff(nil, r)
		if err != nil {
			return err
		}
		var pending string // what the registers say, never what the client sent
		if err := s.queryRow(ctx, tx, `SELECT `+pendingControls+` FROM risks r WHERE r.org_id = $1 AND r.id = $2`,
			p.OrgID, r.ID).Scan(&pending); err != nil {
			return fmt.Errorf("risk controls not in place: %w", err)
		}
		r.ControlsPending = strings.Fields(pending)
		created = r
		return s.record(ctx, tx, p, risks.register, strconv.FormatInt(r.ID, 10), aims.ActionCreate, changes)
	}()
	return created, err
}

// UpdateRisk saves an edited risk at the version its editor read. A change
// of likelihood or impact, inherent or residual, is a new assessment under
// the current criteria, kept as a dated result; one that changes the
// residual risk withdraws its acceptance, which must then be given again.
// Acceptance itself is not written here (AcceptResidualRisk).
func (s *Store) UpdateRisk(ctx context.Context, p aims.Principal, r aims.Risk) (aims.Risk, error) {
	var after aims.Risk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r := r
		before, err := s.risk(ctx, tx, p.OrgID, r.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		r.Normalize()
		c, err := s.criteriaInForce(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := r.Validate(c); err != nil {
			return err
		}
		if err := s.prepareRisk(ctx, tx, p, &r); err != nil {
			return err
		}
		reassessed := r.Likelihood != before.Likelihood || r.Impact != before.Impact ||
			r.ResidualLikelihood != before.ResidualLikelihood || r.ResidualImpact != before.ResidualImpact ||
			(r.Reassess && r.Assessed()) || (r.Kind != before.Kind && r.Assessed())
		if reassessed {
			assess(&r, c, s.today())
		} else {
			r.Level, r.ResidualLevel, r.CriteriaVersion, r.AssessedOn, r.AboveThreshold =
				before.Level, before.ResidualLevel, before.CriteriaVersion, before.AssessedOn, before.AboveThreshold
		}
		r.AcceptedByID, r.AcceptedBy, r.AcceptedOn, r.AcceptanceReason, r.AcceptedUnder =
			before.AcceptedByID, before.AcceptedBy, before.AcceptedOn, before.AcceptanceReason, before.AcceptedUnder
		// An acceptance is of a residual risk under a treatment: a change of
		// either withdraws it.
		if r.ResidualLikelihood != before.ResidualLikelihood || r.ResidualImpact != before.ResidualImpact ||
			r.ResidualLevel != before.ResidualLevel || r.Kind != aims.KindRisk || r.Treatment != before.Treatment ||
			r.TreatmentPlan != before.TreatmentPlan || !slices.Equal(r.Controls, before.Controls) {
			clearAcceptance(&r)
		}
		r.Ref, r.Archived, r.CreatedAt, r.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		r.Flagged = r.FlagFor()
		changes, err := risks.diff(before, r)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(r.Version != before.Version)
		}
		r.UpdatedAt = s.timestamp()
		values := append(riskValues(r), r.UpdatedAt)
		if err := s.update(ctx, tx, risks, p.OrgID, r.ID, r.Version,
			riskFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.replaceRiskLinks(ctx, tx, p.OrgID, r); err != nil {
			return err
		}
		if reassessed {
			if err := s.recordAssessment(ctx, tx, p, r); err != nil {
				return err
			}
		}
		after = r
		after.Version, after.Reassess = after.Version+1, false
		return s.record(ctx, tx, p, risks.register, strconv.FormatInt(r.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// AcceptResidualRisk records that the signed-in person, as designated
// management, accepts a risk's residual level on a day, with the reason.
// The designation must be in force on that day and its limit must reach
// the residual level (Store.approver), or the acceptance is refused on the
// accepted_by field. a.Version is the version the person read.
func (s *Store) AcceptResidualRisk(ctx context.Context, p aims.Principal, id int64, a aims.RiskAcceptance) (aims.Risk, error) {
	a.Reason = strings.TrimSpace(a.Reason)
	if err := a.Validate(); err != nil {
		return aims.Risk{}, err
	}
	var after aims.Risk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		r, err := s.risk(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if r.Archived {
			return aims.ErrArchived
		}
		if r.Version != a.Version {
			return aims.ErrConflict
		}
		if a.AcceptedOn.IsZero() {
			a.AcceptedOn = s.today()
		}
		switch {
		case r.Kind != aims.KindRisk:
			return aims.Invalid("kind", "only a risk's residual level is accepted")
		case !r.HasResidual():
			return aims.Invalid("residual_likelihood", "assess the residual risk before accepting it")
		case a.AcceptedOn.After(s.today()):
			return aims.Invalid("accepted_on", "must not be in the future")
		case !r.AssessedOn.IsZero() && a.AcceptedOn.Before(r.AssessedOn):
			return aims.Invalid("accepted_on", "must not be before the assessment it accepts ("+r.AssessedOn.String()+")")
		}
		// The designation must hold on the day of the acceptance and today:
		// an acceptance is not backdated into a designation that has ended.
		if a.AcceptedOn != s.today() {
			if _, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveResidualRisk, r.ResidualLevel, s.today(), "accepted_by"); err != nil {
				return err
			}
		}
		d, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveResidualRisk, r.ResidualLevel, a.AcceptedOn, "accepted_by")
		if err != nil {
			return err
		}
		before := r
		r.AcceptedByID, r.AcceptedBy, r.AcceptedOn, r.AcceptanceReason = p.UserID, d.UserName, a.AcceptedOn, a.Reason
		r.AcceptedUnder = d.UserName + ", " + d.Position + ", " + d.Ref
		r.Flagged = r.FlagFor()
		changes, err := risks.diff(before, r)
		if err != nil {
			return err
		}
		r.UpdatedAt = s.timestamp()
		values := append(riskValues(r), r.UpdatedAt)
		if err := s.update(ctx, tx, risks, p.OrgID, r.ID, a.Version,
			riskFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = r
		after.Version++
		return s.record(ctx, tx, p, risks.register, strconv.FormatInt(r.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetRiskArchived archives or restores a risk. An archived risk is never
// flagged; a restored one is judged again.
func (s *Store) SetRiskArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Risk, error) {
	var r aims.Risk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = s.risk(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		if !archived && r.Archived { // a restored treatment's controls must still be in the SoA
			if err := s.checkTreatmentControls(ctx, tx, p.OrgID, r.Controls); err != nil {
				return err
			}
		}
		changed, at, err := s.setArchived(ctx, tx, p, risks, id, r.Version, version, r.Archived, archived)
		if err != nil || !changed {
			return err
		}
		r.Archived, r.Version, r.UpdatedAt = archived, r.Version+1, at
		r.Flagged = r.FlagFor()
		_, err = s.exec(ctx, tx, `UPDATE risks SET flagged = $1 WHERE org_id = $2 AND id = $3`, r.Flagged, p.OrgID, id)
		return err
	})
	return r, err
}

// RiskNames lists the live risks' IDs, references and titles, for pickers
// (capped: a picker is not a list page).
func (s *Store) RiskNames(ctx context.Context, orgID int64) ([]aims.Link, error) {
	return s.links(ctx, s.r, `SELECT id, number, title FROM risks WHERE org_id = $1 AND archived = $2 ORDER BY number LIMIT 1000`, risks, orgID, false)
}

// ContextIssueLinks lists the live context issues' IDs, references and
// titles, for the risk form's picker (capped).
func (s *Store) ContextIssueLinks(ctx context.Context, orgID int64) ([]aims.Link, error) {
	return s.links(ctx, s.r, `SELECT id, number, title FROM context_issues WHERE org_id = $1 AND archived = $2 ORDER BY number LIMIT 1000`, contextIssues, orgID, false)
}
