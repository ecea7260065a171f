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

// The risk treatment plan (6.1.3 e, f) as a whole, approved by designated
// management as numbered, frozen versions (risk_plan_versions and their
// rows, migration 0026). The plan's rows are read from the risk register
// (riskPlanRows, the one seam); a version keeps a copy of them in words.

// riskPlanVersions is the approved versions' table, for the gap analysis
// and the audit log: its references read "Risk plan v3".
var riskPlanVersions = table{name: "risk_plan_versions", register: aims.RegisterRiskPlanVersions, prefix: "Risk treatment plan v"}

// riskPlanSupport: the latest version of the plan approved on or before the
// day supports 6.1.3 (the plan approved by designated management).
var riskPlanSupport = supporter{t: riskPlanVersions, query: `
	SELECT '6.1.3' AS requirement_id, v.id, v.number, 'Risk treatment plan' AS title FROM risk_plan_versions v
	WHERE v.org_id = $1 AND v.approved_on <= $2 AND v.number = (SELECT max(w.number) FROM risk_plan_versions w
		WHERE w.org_id = $1 AND w.approved_on <= $2)`}

// riskPlanDue: the plan changed since its latest approval, for its approver:
// a risk was written (edited, assessed, accepted, checked, archived or
// restored) after the approval. Due from the day of the first such write.
// This is a sign of change read in SQL; the plan page compares the rows
// themselves and says exactly what differs.
const riskPlanDue dueSource = `SELECT v.org_id, 'risk-plan-versions', CAST(v.id AS TEXT), 'Risk treatment plan v' || v.number,
	'Risk treatment plan', 'Risk treatment plan changed since approval: approve again',
	substr(CAST((SELECT min(r.updated_at) FROM risks r WHERE r.org_id = v.org_id AND r.updated_at > v.approved_at) AS TEXT), 1, 10),
	v.approver_id FROM risk_plan_versions v
	WHERE v.number = (SELECT max(w.number) FROM risk_plan_versions w WHERE w.org_id = v.org_id)
	AND EXISTS (SELECT 1 FROM risks r WHERE r.org_id = v.org_id AND r.updated_at > v.approved_at)`

// riskPlanRows reads the current plan: every live risk that needs or has a
// treatment and every opportunity with planned actions, in reference order,
// and the references of the risks above their threshold with no treatment.
func (s *Store) riskPlanRows(ctx context.Context, q querier, orgID int64) ([]aims.RiskPlanRow, []string, error) {
	rows, err := s.query(ctx, q, `SELECT `+riskColumns+riskFrom+` WHERE r.org_id = $1 AND NOT r.archived AND r.status <> 'closed'
		AND (r.above_threshold OR r.treatment <> '' OR (r.kind = 'opportunity' AND r.planned_actions <> ''))
		ORDER BY r.number`, orgID)
	if err != nil {
		return nil, nil, fmt.Errorf("risk treatment plan: %w", err)
	}
	defer rows.Close()
	out, untreated := []aims.RiskPlanRow{}, []string{}
	for rows.Next() {
		r, err := scanRisk(rows)
		if err != nil {
			return nil, nil, err
		}
		if !aims.InRiskPlan(r) {
			continue
		}
		if aims.Untreated(r) {
			untreated = append(untreated, r.Ref)
		}
		out = append(out, aims.RiskPlanRowOf(r))
	}
	return out, untreated, rows.Err()
}

// RiskPlan reads the current plan and compares it with the latest approved
// version.
func (s *Store) RiskPlan(ctx context.Context, orgID int64) (aims.RiskPlan, error) {
	rows, _, err := s.riskPlanRows(ctx, s.r, orgID)
	if err != nil {
		return aims.RiskPlan{}, err
	}
	plan := aims.RiskPlan{Rows: rows, Next: 1, Digest: aims.RiskPlanDigest(rows), Changed: true, Changes: []string{}}
	latest, err := scanRiskPlanVersion(s.queryRow(ctx, s.r, `SELECT `+approvedVersionColumns+` FROM risk_plan_versions v
		WHERE v.org_id = $1 ORDER BY v.number DESC LIMIT 1`, orgID))
	if err == sql.ErrNoRows {
		return plan, nil
	}
	if err != nil {
		return plan, fmt.Errorf("latest risk treatment plan: %w", err)
	}
	plan.Next = latest.Number + 1
	if latest.Rows, err = s.riskPlanVersionRows(ctx, orgID, latest.ID); err != nil {
		return plan, err
	}
	plan.Changes = aims.CompareRiskPlans(latest.Rows, rows)
	plan.Changed = len(plan.Changes) > 0
	latest.Rows = nil
	plan.Latest = &latest
	return plan, nil
}

func scanRiskPlanVersion(sc scanner) (aims.RiskPlanVersion, error) {
	v, err := scanApprovedVersion(sc)
	return aims.RiskPlanVersion{ApprovedVersion: v}, err
}

// RiskPlanVersions lists an organization's approved versions, newest first.
func (s *Store) RiskPlanVersions(ctx context.Context, orgID int64) ([]aims.RiskPlanVersion, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+approvedVersionColumns+` FROM risk_plan_versions v WHERE v.org_id = $1 ORDER BY v.number DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("risk treatment plan versions: %w", err)
	}
	defer rows.Close()
	out := []aims.RiskPlanVersion{}
	for rows.Next() {
		v, err := scanRiskPlanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// RiskPlanVersion reads one approved version with its rows.
func (s *Store) RiskPlanVersion(ctx context.Context, orgID, id int64) (aims.RiskPlanVersion, error) {
	v, err := scanRiskPlanVersion(s.queryRow(ctx, s.r, `SELECT `+approvedVersionColumns+` FROM risk_plan_versions v WHERE v.org_id = $1 AND v.id = $2`, orgID, id))
	if err != nil {
		return v, notFound(err, "risk treatment plan version")
	}
	v.Rows, err = s.riskPlanVersionRows(ctx, orgID, id)
	return v, err
}

func (s *Store) riskPlanVersionRows(ctx context.Context, orgID, id int64) ([]aims.RiskPlanRow, error) {
	rows, err := s.query(ctx, s.r, `SELECT risk_ref, kind, title, system_ref, system_name, level, treatment, controls, not_in_place, plan_owner, plan,
		plan_start, plan_due, residual_level, accepted_by, accepted_on, effectiveness, checked_on
		FROM risk_plan_version_rows WHERE org_id = $1 AND version_id = $2 ORDER BY position`, orgID, id)
	if err != nil {
		return nil, fmt.Errorf("risk treatment plan version rows: %w", err)
	}
	defer rows.Close()
	out := []aims.RiskPlanRow{}
	for rows.Next() {
		var r aims.RiskPlanRow
		if err := rows.Scan(&r.Ref, &r.Kind, &r.Title, &r.SystemRef, &r.SystemName, &r.Level, &r.Treatment, &r.Controls, &r.NotInPlace,
			&r.PlanOwner, &r.Plan, &r.PlanStart, &r.PlanDue, &r.ResidualLevel, &r.AcceptedBy, &r.AcceptedOn, &r.Effectiveness, &r.CheckedOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ApproveRiskPlan approves the current plan as the next numbered version,
// on a.ApprovedOn (today when zero, never in the future). The approver
// must hold a designation covering aims.ApproveRiskTreatmentPlan on that
// day and today (approver takes the organization's lock first, so two
// approvals at once are numbered one after the other); no risk above its
// threshold may be without a treatment. Rows are read in the same
// transaction; the version and its rows are frozen by triggers.
func (s *Store) ApproveRiskPlan(ctx context.Context, p aims.Principal, a aims.RiskPlanApproval) (aims.RiskPlanVersion, error) {
	if err := a.Validate(); err != nil {
		return aims.RiskPlanVersion{}, err
	}
	var v aims.RiskPlanVersion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		today := s.today()
		if a.ApprovedOn.IsZero() {
			a.ApprovedOn = today
		}
		if a.ApprovedOn.After(today) {
			return aims.Invalid("approved_on", "must not be in the future")
		}
		// The designation must hold on the day of the approval and today:
		// an approval is not backdated into a designation that has ended.
		if a.ApprovedOn != today {
			if _, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveRiskTreatmentPlan, aims.LimitNone, today, "approved_on"); err != nil {
				return err
			}
		}
		d, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveRiskTreatmentPlan, aims.LimitNone, a.ApprovedOn, "approved_on")
		if err != nil {
			return err
		}
		rows, untreated, err := s.riskPlanRows(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		if len(untreated) > 0 {
			return aims.Invalid("rows", "choose a treatment first for each risk above the acceptance threshold: "+strings.Join(untreated, ", "))
		}
		if err := s.queryRow(ctx, tx, `SELECT COALESCE(max(number), 0) + 1 FROM risk_plan_versions WHERE org_id = $1`, p.OrgID).Scan(&v.Number); err != nil {
			return fmt.Errorf("next risk treatment plan version: %w", err)
		}
		// What the approver read must still be the plan: no one approved
		// it since, and its rows are the same.
		if a.Number == 0 || a.Digest == "" {
			return aims.Invalid("digest", "say which plan is approved: its next number and digest as the plan gave them")
		}
		if a.Number != v.Number || a.Digest != aims.RiskPlanDigest(rows) {
			return aims.ErrConflict
		}
		// A backdated approval cannot approve rows written after its day.
		var changed sql.NullTime
		err = s.queryRow(ctx, tx, `SELECT updated_at FROM risks WHERE org_id = $1 ORDER BY updated_at DESC LIMIT 1`, p.OrgID).Scan(&changed)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("latest risk change: %w", err)
		}
		if d := dateOf(changed); !d.IsZero() && a.ApprovedOn.Before(d) {
			return aims.Invalid("approved_on", "the risk register changed on "+d.String()+": an approval dated before that day cannot approve these rows")
		}
		if err := s.queryRow(ctx, tx, `SELECT 1 FROM risk_plan_versions WHERE org_id = $1 AND approved_on > $2 LIMIT 1`,
			p.OrgID, a.ApprovedOn.String()).Scan(new(int)); err == nil {
			return aims.Invalid("approved_on", "must not be before the latest approved version's date")
		} else if err != sql.ErrNoRows {
			return fmt.Errorf("latest risk treatment plan: %w", err)
		}
		v.ApproverID, v.ApproverName = p.UserID, d.UserName
		v.DesignationRef, v.DesignationPosition, v.DesignationBody = d.Ref, d.Position, d.Body
		v.ApprovedOn, v.ApprovedAt, v.Note, v.RowCount, v.Rows = a.ApprovedOn, s.timestamp(), a.Note, len(rows), rows
		err = s.queryRow(ctx, tx, `INSERT INTO risk_plan_versions (org_id, number, row_count, approver_id, approver_name, designation_ref,
			designation_position, designation_body, approved_on, approved_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`, p.OrgID, v.Number, v.RowCount, p.UserID, v.ApproverName, v.DesignationRef, v.DesignationPosition,
			string(v.DesignationBody), v.ApprovedOn.String(), v.ApprovedAt, v.Note).Scan(&v.ID)
		if err != nil {
			return fmt.Errorf("insert risk treatment plan version: %w", err)
		}
		for i, r := range rows {
			if _, err := s.exec(ctx, tx, `INSERT INTO risk_plan_version_rows (org_id, version_id, position, risk_ref, kind, title,
				system_ref, system_name, level, treatment, controls, not_in_place, plan_owner, plan, plan_start, plan_due, residual_level,
				accepted_by, accepted_on, effectiveness, checked_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
				p.OrgID, v.ID, i, r.Ref, string(r.Kind), r.Title, r.SystemRef, r.SystemName, string(r.Level), string(r.Treatment),
				r.Controls, r.NotInPlace, r.PlanOwner, r.Plan, r.PlanStart, r.PlanDue, string(r.ResidualLevel), r.AcceptedBy, r.AcceptedOn,
				string(r.Effectiveness), r.CheckedOn); err != nil {
				return fmt.Errorf("insert risk treatment plan row: %w", err)
			}
		}
		change := func(field string, val any) aims.Change {
			b, _ := json.Marshal(val)
			return aims.Change{Field: field, Old: json.RawMessage("null"), New: b}
		}
		refs := make([]string, len(rows))
		for i, r := range rows {
			refs[i] = r.Ref
		}
		return s.record(ctx, tx, p, aims.RegisterRiskPlanVersions, strconv.FormatInt(v.ID, 10), aims.ActionCreate, []aims.Change{
			change("number", v.Number), change("approver", v.ApproverName),
			change("designation", v.DesignationRef+" "+v.DesignationPosition), change("approved_on", v.ApprovedOn.String()),
			change("rows", refs), change("note", v.Note)})
	})
	return v, err
}
