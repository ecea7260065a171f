package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// systemCheck adds the reasons one part of the AIMS finds that an AI
// system's evidence is incomplete on a day. Each register that holds
// evidence for a system contributes one.
type systemCheck func(ctx context.Context, q querier, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error)

// systemChecks are run in this order; their reasons are printed in it.
var systemChecks = []systemCheck{
	checkSystemReview,
}

// CheckSystem answers `aims check` for one AI system on the store's date.
// The system is named by its ID or by its reference (AIS-3).
func (s *Store) CheckSystem(ctx context.Context, orgID int64, system string) (aims.EvidenceCheck, error) {
	system = strings.ToUpper(strings.TrimSpace(system))
	id, err := strconv.ParseInt(system, 10, 64)
	if err != nil {
		number, ok := strings.CutPrefix(system, aiSystems.prefix)
		n, err := strconv.ParseInt(number, 10, 64)
		if !ok || err != nil || n <= 0 {
			return aims.EvidenceCheck{}, aims.Invalid("system", "must be an AI system's ID or reference, such as "+aiSystems.ref(1))
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
	for _, check := range systemChecks {
		rs, err := check(ctx, s.r, sys, day)
		if err != nil {
			return aims.EvidenceCheck{}, err
		}
		c.Reasons = append(c.Reasons, rs...)
	}
	c.Complete = len(c.Reasons) == 0
	return c, nil
}

// checkSystemReview finds the inventory entry's own review overdue.
func checkSystemReview(_ context.Context, _ querier, sys aims.AISystem, day aims.Date) ([]aims.CheckReason, error) {
	if sys.NextReview.IsZero() || !sys.NextReview.Before(day) {
		return nil, nil
	}
	return []aims.CheckReason{{Code: aims.CheckReviewOverdue,
		Message: "the system's review was due on " + sys.NextReview.String() + " and is overdue"}}, nil
}
