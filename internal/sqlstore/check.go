package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// systemCheck adds the reasons one part of the AIMS finds that an AI
// system's evidence is incomplete on a day. Each register that holds
// evidence for a system contributes one.
// q is the reader, or the transaction of a stage move (the gate reads
// the same facts).
type systemCheck func(s *Store, ctx context.Context, q querier, orgID int64, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error)

// systemChecks are run in this order; their reasons are printed in it.
var systemChecks = []systemCheck{
	checkSystemReview,
	checkImpactAssessment,
	checkRiskAssessment,
	checkReassessment,
	checkLifecycleRecords,
}

// riskAssessmentMonths is how old a system's latest risk assessment may be
// and still count as current.
const riskAssessmentMonths = 12

// CheckSystem answers `aims check` for one AI system on the store's date.
// The system is named by its ID or by its reference (AIS-3).
func (s *Store) CheckSystem(ctx context.Context, orgID int64, system string) (aims.EvidenceCheck, error) {
	system = strings.ToUpper(strings.TrimSpace(system))
	id, err := strconv.ParseInt(system, 10, 64)
	if err != nil {
		number, ok := strings.CutPrefix(system, aiSystems.prefix)
		n, err := strconv.ParseInt(number, 10, 64)
		if !ok || err != nil || n <= 0 {
			return aims.EvidenceCheck{}, fmt.Errorf("AI system %q: %w", system, aims.ErrNotFound)
		}
		err = s.queryRow(ctx, s.r, `SELECT id FROM ai_systems WHERE org_id = $1 AND number = $2`, orgID, n).Scan(&id)
		if err != nil {
			return aims.EvidenceCheck{}, notFound(err, "AI system")
		}
	}
	sys, err := s.aiSystem(ctx, s.r, orgID, id)
	if err != nil {
		return aims.EvidenceCheck{}, err
	}
	day := s.today()
	c := aims.EvidenceCheck{System: sys.Ref, Name: sys.Name, Stage: sys.Lifecycle, Day: day, Reasons: []aims.CheckReason{}}
	if sys.Archived {
		c.Reasons = append(c.Reasons, aims.CheckReason{Code: aims.CheckArchived, Message: sys.Ref + " is archived: it is no longer in the inventory"})
	}
	if sys.RiskClass == aims.RiskProhibited {
		c.Reasons = append(c.Reasons, aims.CheckReason{Code: aims.CheckProhibited,
			Message: "its EU AI Act classification is a prohibited practice (Art. 5): it must not be placed on the market, put into service or used"})
	}
	for _, check := range systemChecks {
		rs, err := check(s, ctx, s.r, orgID, sys, day)
		if err != nil {
			return aims.EvidenceCheck{}, err
		}
		c.Reasons = append(c.Reasons, rs...)
	}
	c.Complete = len(c.Reasons) == 0
	return c, nil
}

// checkSystemReview finds the inventory entry's own review overdue.
func checkSystemReview(_ *Store, _ context.Context, _ querier, _ int64, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error) {
	if sys.NextReview.IsZero() || !sys.NextReview.Before(day) {
		return nil, nil
	}
	return []aims.CheckReason{{Code: aims.CheckReviewOverdue,
		Message: "the system's review was due on " + sys.NextReview.String() + " and is overdue"}}, nil
}

// checkImpactAssessment asks for a current approved impact assessment
// (6.1.4, 8.4) whose next review has not passed.
func checkImpactAssessment(s *Store, ctx context.Context, q querier, orgID int64, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error) {
	var number int64
	var next sql.NullTime
	err := s.queryRow(ctx, q, `SELECT number, next_review FROM impact_assessments
		WHERE org_id = $1 AND ai_system_id = $2 AND state = 'approved' AND NOT archived`, orgID, sys.ID).Scan(&number, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return []aims.CheckReason{{Code: aims.CheckNoImpact, Message: "no approved impact assessment of the system"}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("check impact assessment: %w", err)
	}
	if d := dateOf(next); !d.IsZero() && d.Before(day) {
		return []aims.CheckReason{{Code: aims.CheckImpactOverdue,
			Message: impactAssessments.ref(number) + " was due for review on " + d.String()}}, nil
	}
	return nil, nil
}

// checkRiskAssessment asks for a risk assessment of the system made in the
// last riskAssessmentMonths, and names every risk above the threshold of
// its criteria whose residual risk nobody designated has accepted, or
// whose acceptance rests on controls not yet implemented.
func checkRiskAssessment(s *Store, ctx context.Context, q querier, orgID int64, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error) {
	var out []aims.CheckReason
	var latest sql.NullTime
	err := s.queryRow(ctx, q, `SELECT assessed_on FROM risks WHERE org_id = $1 AND ai_system_id = $2 AND NOT archived
		AND assessed_on IS NOT NULL ORDER BY assessed_on DESC LIMIT 1`, orgID, sys.ID).Scan(&latest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("check risk assessment: %w", err)
	}
	switch d := dateOf(latest); {
	case d.IsZero():
		out = append(out, aims.CheckReason{Code: aims.CheckNoRiskAssessment, Message: "no risk of the system has been assessed"})
	case d.Before(day.AddMonths(-riskAssessmentMonths)):
		out = append(out, aims.CheckReason{Code: aims.CheckNoRiskAssessment,
			Message: "the latest risk assessment of the system is of " + d.String() + ", more than " + strconv.Itoa(riskAssessmentMonths) + " months ago"})
	}
	// An assessment counts under the criteria in force: one made under an
	// earlier version is to be made again (6.1.2 asks for consistent,
	// comparable results).
	// A risk not assessed at all is named too.
	outdated, err := s.query(ctx, q, `SELECT r.number, r.title, COALESCE(r.criteria_version, 0), COALESCE(c.number, 0) FROM risks r
		LEFT JOIN (SELECT org_id, max(number) AS number FROM risk_criteria WHERE org_id = $1 GROUP BY org_id) c ON c.org_id = r.org_id
		WHERE r.org_id = $1 AND r.ai_system_id = $2 AND NOT r.archived AND r.status <> 'closed' AND r.kind = 'risk'
		AND (r.assessed_on IS NULL OR r.criteria_version < c.number)
		ORDER BY r.number`, orgID, sys.ID)
	if err != nil {
		return nil, fmt.Errorf("check risk criteria: %w", err)
	}
	defer outdated.Close()
	for outdated.Next() {
		var n int64
		var title string
		var was, now int
		if err := outdated.Scan(&n, &title, &was, &now); err != nil {
			return nil, err
		}
		if was == 0 {
			out = append(out, aims.CheckReason{Code: aims.CheckRiskUnassessed, Message: risks.ref(n) + " " + title + " has not been assessed"})
			continue
		}
		out = append(out, aims.CheckReason{Code: aims.CheckCriteriaOutdated, Message: risks.ref(n) + " " + title + " was assessed under risk criteria v" +
			strconv.Itoa(was) + "; v" + strconv.Itoa(now) + " is in force: assess it again"})
	}
	if err := outdated.Err(); err != nil {
		return nil, err
	}
	// A risk above the threshold counts once its residual level is accepted
	// and every control of its treatment is in place.
	rows, err := s.query(ctx, q, `SELECT r.number, r.title, r.level, r.flagged, `+pendingControls+`
		FROM risks r WHERE r.org_id = $1 AND r.ai_system_id = $2 AND NOT r.archived AND r.kind = 'risk'
		AND r.status <> 'closed' AND (r.flagged OR r.above_threshold) ORDER BY r.number`, orgID, sys.ID)
	if err != nil {
		return nil, fmt.Errorf("check risks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var title, level, pending string
		var flagged bool
		if err := rows.Scan(&n, &title, &level, &flagged, &pending); err != nil {
			return nil, err
		}
		name := risks.ref(n) + " " + title + ": " + strings.ReplaceAll(level, "-", " ") + " risk above the acceptance threshold"
		switch {
		case flagged:
			out = append(out, aims.CheckReason{Code: aims.CheckRiskUntreated, Message: name + " without accepted treatment"})
		case pending != "":
			out = append(out, aims.CheckReason{Code: aims.CheckTreatmentPending,
				Message: name + ", accepted on a treatment not yet in place: " + strings.Join(strings.Fields(pending), ", ") + " not implemented"})
		}
	}
	return out, rows.Err()
}

// checkReassessment names each approved significant change to the system
// whose reassessment of risk and impact is not done (see reassessmentDone).
func checkReassessment(s *Store, ctx context.Context, q querier, orgID int64, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error) {
	rows, err := s.query(ctx, q, `SELECT c.number, c.title, c.reassess_by FROM change_requests c
		WHERE c.org_id = $1 AND c.ai_system_id = $2 AND NOT c.archived AND `+reassessmentPending+` ORDER BY c.number`, orgID, sys.ID)
	if err != nil {
		return nil, fmt.Errorf("check reassessment: %w", err)
	}
	defer rows.Close()
	var out []aims.CheckReason
	for rows.Next() {
		var n int64
		var title string
		var by sql.NullTime
		if err := rows.Scan(&n, &title, &by); err != nil {
			return nil, err
		}
		msg := "risk and impact are to be reassessed after " + changeRequests.ref(n) + " " + title
		if d := dateOf(by); !d.IsZero() {
			msg += ", by " + d.String()
			if d.Before(day) {
				msg += " (overdue)"
			}
		}
		out = append(out, aims.CheckReason{Code: aims.CheckReassessmentDue, Message: msg})
	}
	return out, rows.Err()
}

// checkLifecycleRecords names each life-cycle record the organization's
// stage gate requires for the stage the system is in and it lacks.
func checkLifecycleRecords(s *Store, ctx context.Context, q querier, orgID int64, sys aims.AISystem, _ aims.Date) ([]aims.CheckReason, error) {
	// The impact and risk checks give the gate's register requirements themselves.
	gaps, err := s.stageGate(ctx, q, orgID, sys.ID, sys.Lifecycle, false)
	if err != nil {
		return nil, err
	}
	var out []aims.CheckReason
	for _, g := range gaps {
		out = append(out, aims.CheckReason{Code: aims.CheckLifecycleEvidence, Message: g.Message})
	}
	return out, nil
}
