package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"aims/internal/aims"
)

// The rule between risk treatment and the Statement of Applicability
// (6.1.3): a control a treatment chooses is in the SoA. It is checked on
// both sides under the organization's lock: a treatment cannot choose an
// excluded control (checkTreatmentControls), and the SoA, the gap analysis
// and the custom controls cannot exclude or archive a chosen one
// (lockedChosenControls, checkNotExcluded).

// checkTreatmentControls refuses a treatment's control that the SoA
// excludes: an Annex A control whose gap entry is not applicable, or a
// custom control that is excluded, archived or not the organization's.
func (s *Store) checkTreatmentControls(ctx context.Context, tx *sql.Tx, orgID int64, controls []string) error {
	if len(controls) == 0 {
		return nil
	}
	if err := s.lockOrganization(ctx, tx, orgID); err != nil {
		return err
	}
	for _, ref := range controls {
		if number, ok := strings.CutPrefix(ref, customControls.prefix); ok {
			var applicable, archived bool
			err := s.queryRow(ctx, tx, `SELECT applicable, archived FROM custom_controls WHERE org_id = $1 AND CAST(number AS TEXT) = $2`,
				orgID, number).Scan(&applicable, &archived)
			switch {
			case errors.Is(err, sql.ErrNoRows) || (err == nil && archived):
				return aims.Invalid("controls", ref+" is not a custom control of this organization")
			case err != nil:
				return err
			case !applicable:
				return aims.Invalid("controls", ref+" is excluded in the Statement of Applicability; include it there before a treatment chooses it")
			}
			continue
		}
		var status string
		err := s.queryRow(ctx, tx, `SELECT status FROM gap_entries WHERE org_id = $1 AND requirement_id = $2`, orgID, ref).Scan(&status)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if aims.GapStatus(status) == aims.GapNotApplicable {
			return aims.Invalid("controls", ref+" is excluded in the Statement of Applicability (not applicable in the gap analysis); include it there before a treatment chooses it")
		}
	}
	return nil
}
