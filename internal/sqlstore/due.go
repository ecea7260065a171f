package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// dueSource is one register's due work: a SELECT of register, record_id
// (text), ref (text), title, what, due (the date as text) and owner_id over
// the organization's ($1) open work. Registers add theirs to dueSources;
// the due views read them all in one query.
type dueSource string

// dueSources lists every register's due work.
var dueSources = []dueSource{aiSystemDue, gapDue}

// aiSystemDue: a live AI system's periodic review.
const aiSystemDue dueSource = `SELECT 'ai-systems' AS register, CAST(id AS TEXT) AS record_id, 'AIS-' || number AS ref, name AS title,
	'Periodic review' AS what, CAST(next_review AS TEXT) AS due, owner_id FROM ai_systems
	WHERE org_id = $1 AND NOT archived AND next_review IS NOT NULL`

// gapDue: an open gap entry's target date.
const gapDue dueSource = `SELECT 'gap', requirement_id, requirement_id, requirement_id, 'Gap analysis target', CAST(target_date AS TEXT), owner_id
	FROM gap_entries WHERE org_id = $1 AND target_date IS NOT NULL AND status NOT IN ('implemented', 'not-applicable')`

func dueUnion() string {
	parts := make([]string, len(dueSources))
	for i, q := range dueSources {
		parts[i] = string(q)
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// DueItems lists one page of an organization's due work in date order,
// with the total: two queries, whatever the number of registers and rows.
// Items due after the horizon of f.AsOf are upcoming; a state filter picks
// one state.
func (s *Store) DueItems(ctx context.Context, orgID int64, f aims.DueFilter) (aims.Page[aims.DueItem], error) {
	page := aims.Page[aims.DueItem]{Items: []aims.DueItem{}}
	if err := f.Validate(); err != nil {
		return page, err
	}
	where, args := dueWhere(orgID, f)
	from := ` FROM (` + dueUnion() + `) d LEFT JOIN users u ON u.id = d.owner_id` + where
	if err := s.queryRow(ctx, s.r, `SELECT count(*)`+from, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count due work: %w", err)
	}
	n := len(args)
	rows, err := s.query(ctx, s.r, `SELECT d.register, d.record_id, d.ref, d.title, d.what, d.due, COALESCE(d.owner_id, 0), COALESCE(u.name, '')`+from+
		` ORDER BY d.due, d.register, d.ref LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, fmt.Errorf("due work: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanDue(rows, f.AsOf)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, it)
	}
	return page, rows.Err()
}

// dueWhere is the filter's condition on the union; the organization is $1.
func dueWhere(orgID int64, f aims.DueFilter) (string, []any) {
	args := []any{orgID}
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.OwnerID != 0 {
		add("d.owner_id = ?", f.OwnerID)
	}
	if f.Register != "" {
		add("d.register = ?", f.Register)
	}
	soon := f.AsOf.AddDays(aims.DueHorizonDays).String()
	switch f.State {
	case aims.DueOverdue:
		add("d.due < ?", f.AsOf.String())
	case aims.DueSoon:
		add("d.due >= ?", f.AsOf.String())
		add("d.due <= ?", soon)
	case aims.DueLater:
		add("d.due > ?", soon)
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func scanDue(sc scanner, asOf aims.Date) (aims.DueItem, error) {
	var it aims.DueItem
	var due string
	var owner sql.NullInt64
	if err := sc.Scan(&it.Register, &it.RecordID, &it.Ref, &it.Title, &it.What, &due, &owner, &it.OwnerName); err != nil {
		return it, err
	}
	d, err := aims.ParseDate(due[:min(len(due), 10)])
	if err != nil {
		return it, fmt.Errorf("due date %q of %s %s: %w", due, it.Register, it.RecordID, err)
	}
	it.Due, it.OwnerID, it.State = d, owner.Int64, aims.StateOn(d, asOf)
	return it, nil
}
