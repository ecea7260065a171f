package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
)

// supporter is one register's part in the gap analysis: a SELECT of
// requirement_id, id, number and title over the organization's ($1) records
// that support a requirement, on the day $2 (YYYY-MM-DD, the store's
// clock): a record in force, current or not expired on that day. The register decides what counts: a live
// record, an approved version, a record whose field is filled in.
type supporter struct {
	t     table
	query string
}

// supporters lists every register that supports requirements. A register
// adds its supporter here; Supports and SupportCounts read them all in one
// query, whatever their number.
var supporters = []supporter{designationSupport, evidenceSupport, documentSupport,
	contextIssueSupport, contextStatementSupport, processSupport, concernSupport, communicationSupport,
	aimsRoleSupport, competenceRecordSupport, partySupport, obligationSupport,
	scopeSupport,
	campaignSupport,
	useReviewSupport,
	componentSupport, // A.4.2-A.4.5 from itemised components; replaces aiSystemSupport's free-text rule
	incidentPlanSupport, incidentSupport, informationSupport,
	soaSupport,
	lifecycleSupport,
	riskSupport,
	riskPlanSupport,
	impactSupport,
	thirdPartySupport,
	objectiveSupport, changeSupport,
	datasetSupport,
}

// supportUnion is every supporter's query, labelled with its register.
func supportUnion() string {
	parts := make([]string, len(supporters))
	for i, sp := range supporters {
		parts[i] = `SELECT '` + sp.t.register + `' AS register, q.requirement_id, q.id, q.number, q.title FROM (` + sp.query + `) q`
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// prefixes maps each supporting register to its reference prefix.
func supportTable(register string) (table, bool) {
	for _, sp := range supporters {
		if sp.t.register == register {
			return sp.t, true
		}
	}
	return table{}, false
}

// Supports reads the records that support one requirement, at most limit of
// them, in register then reference order.
func (s *Store) Supports(ctx context.Context, orgID int64, requirementID string, limit int) ([]aims.Support, error) {
	rows, err := s.query(ctx, s.r, `SELECT register, requirement_id, id, number, title FROM (`+supportUnion()+`) s
		WHERE requirement_id = $3 ORDER BY register, number LIMIT $4`, orgID, s.today().String(), requirementID, limit)
	if err != nil {
		return nil, fmt.Errorf("supports: %w", err)
	}
	defer rows.Close()
	out := []aims.Support{}
	for rows.Next() {
		var sp aims.Support
		var number int64
		if err := rows.Scan(&sp.Register, &sp.RequirementID, &sp.ID, &number, &sp.Title); err != nil {
			return nil, err
		}
		t, _ := supportTable(sp.Register)
		sp.Ref = t.ref(number)
		out = append(out, sp)
	}
	return out, rows.Err()
}

// SupportCounts counts the supporting records of every requirement that has
// any, in one query.
func (s *Store) SupportCounts(ctx context.Context, orgID int64) (map[string]int, error) {
	rows, err := s.query(ctx, s.r, `SELECT requirement_id, COUNT(*) FROM (`+supportUnion()+`) s GROUP BY requirement_id`, orgID, s.today().String())
	if err != nil {
		return nil, fmt.Errorf("support counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
