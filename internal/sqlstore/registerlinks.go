package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"aims/internal/aims"
)

// Joins between registers (migration 0027): the risks an objective
// addresses (objective_risks), and the third party and data set a
// component names (ai_components.third_party_id and dataset_id, in
// components.go).

// objectiveRisks reads the risks an objective names, in ID order.
func (s *Store) objectiveRisks(ctx context.Context, q querier, orgID, objectiveID int64) ([]aims.Link, error) {
	return s.links(ctx, q, `SELECT r.id, r.number, r.title FROM objective_risks l
		JOIN risks r ON r.org_id = l.org_id AND r.id = l.risk_id
		WHERE l.org_id = $1 AND l.objective_id = $2 ORDER BY r.id`, risks, orgID, objectiveID)
}

// resolveObjectiveRisks checks the risks an objective names, in the
// objective's write, and returns them labelled: another organization's
// risk is unknown (422), and an archived risk cannot be newly linked,
// though a link made before it was archived stays (kept: the IDs linked
// before the edit).
func (s *Store) resolveObjectiveRisks(ctx context.Context, tx *sql.Tx, orgID int64, ids []int64, kept []aims.Link) ([]aims.Link, error) {
	out := make([]aims.Link, 0, len(ids))
	for _, id := range ids {
		var l aims.Link
		var number int64
		var archived bool
		err := s.queryRow(ctx, tx, `SELECT id, number, title, archived FROM risks WHERE org_id = $1 AND id = $2`+s.forShare(), orgID, id).
			Scan(&l.ID, &number, &l.Name, &archived)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, aims.Invalid("risk_ids", "risk "+strconv.FormatInt(id, 10)+" does not exist in this organization")
		}
		if err != nil {
			return nil, err
		}
		l.Ref = risks.ref(number)
		if archived && !slices.ContainsFunc(kept, func(k aims.Link) bool { return k.ID == id }) {
			return nil, aims.Invalid("risk_ids", l.Ref+" is archived: restore the risk first")
		}
		out = append(out, l)
	}
	return out, nil
}

// replaceObjectiveRisks writes an objective's risks, in its write.
func (s *Store) replaceObjectiveRisks(ctx context.Context, tx *sql.Tx, orgID int64, o aims.Objective) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM objective_risks WHERE org_id = $1 AND objective_id = $2`, orgID, o.ID); err != nil {
		return fmt.Errorf("replace objective risks: %w", err)
	}
	for _, l := range o.Risks {
		if _, err := s.exec(ctx, tx, `INSERT INTO objective_risks (org_id, objective_id, risk_id) VALUES ($1, $2, $3)`,
			orgID, o.ID, l.ID); err != nil {
			return fmt.Errorf("insert objective risk: %w", err)
		}
	}
	return nil
}

// RiskObjectives lists the live objectives that address a risk, for the
// risk's page: one query.
func (s *Store) RiskObjectives(ctx context.Context, orgID, riskID int64) ([]aims.Objective, error) {
	page, err := s.Objectives(ctx, orgID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "ref"}, RiskID: riskID})
	return page.Items, err
}

// ThirdPartyComponents lists the live components that name a third party
// (the "AI components involved" of its page).
func (s *Store) ThirdPartyComponents(ctx context.Context, orgID, thirdPartyID int64) ([]aims.Component, error) {
	page, err := s.Components(ctx, orgID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "ai_system"},
		ThirdPartyID: thirdPartyID})
	return page.Items, err
}

// DatasetComponents lists the live components that are a data set, with
// their AI systems (the data set's users).
func (s *Store) DatasetComponents(ctx context.Context, orgID, datasetID int64) ([]aims.Component, error) {
	page, err := s.Components(ctx, orgID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "ai_system"},
		DatasetID: datasetID})
	return page.Items, err
}
