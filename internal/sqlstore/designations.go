package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// designations is the register of top and designated management. The
// person's name stays in the audit diff, so the history reads names.
var designations = table{name: "designations", register: aims.RegisterDesignations, prefix: "MGT-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

var designationFields = columns{"user_id", "body", "position", "accept_up_to", "basis", "valid_from", "valid_until"}

func designationValues(d aims.Designation) []any {
	return []any{d.UserID, d.Body, d.Position, d.AcceptUpTo, d.Basis, d.From.String(), nullDate(d.Until)}
}

const designationColumns = `d.id, d.number, d.version, d.user_id, COALESCE(u.name, ''), d.body, d.position, d.accept_up_to,
	d.basis, d.valid_from, d.valid_until, d.archived, d.created_at, d.updated_at`

const designationFrom = ` FROM designations d LEFT JOIN users u ON u.id = d.user_id`

// designationSupport: a designation in force today supports 5.1 (top
// management is named, for top management) and 5.3 (the authorities are
// assigned).
var designationSupport = supporter{t: designations, query: `
	SELECT '5.1' AS requirement_id, d.id, d.number, u.name AS title FROM designations d JOIN users u ON u.id = d.user_id
	WHERE d.org_id = $1 AND NOT d.archived AND d.body = 'top-management' AND d.valid_from <= $2 AND (d.valid_until IS NULL OR d.valid_until >= $2)
	UNION ALL SELECT '5.3', d.id, d.number, u.name FROM designations d JOIN users u ON u.id = d.user_id
	WHERE d.org_id = $1 AND NOT d.archived AND d.valid_from <= $2 AND (d.valid_until IS NULL OR d.valid_until >= $2)`}

func scanDesignation(sc scanner) (aims.Designation, error) {
	var d aims.Designation
	var number int64
	var from, until sql.NullTime
	err := sc.Scan(&d.ID, &number, &d.Version, &d.UserID, &d.UserName, &d.Body, &d.Position, &d.AcceptUpTo,
		&d.Basis, &from, &until, &d.Archived, &d.CreatedAt, &d.UpdatedAt)
	d.Ref, d.From, d.Until = designations.ref(number), dateOf(from), dateOf(until)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// Designation reads one designation of an organization.
func (s *Store) Designation(ctx context.Context, orgID, id int64) (aims.Designation, error) {
	return s.designation(ctx, s.r, orgID, id)
}

func (s *Store) designation(ctx context.Context, q querier, orgID, id int64) (aims.Designation, error) {
	d, err := scanDesignation(s.queryRow(ctx, q, `SELECT `+designationColumns+designationFrom+` WHERE d.org_id = $1 AND d.id = $2`, orgID, id))
	return d, notFound(err, "designation")
}

var designationSort = map[string]string{
	"":     "d.body, d.valid_from, d.id",
	"body": "d.body, d.valid_from, d.id",
	"ref":  "d.number, d.id",
	"name": "u.name, d.id",
	"from": "d.valid_from, d.id",
}

// Designations lists one page of an organization's designations.
func (s *Store) Designations(ctx context.Context, orgID int64, f aims.DesignationFilter) (aims.Page[aims.Designation], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Designation]{Items: []aims.Designation{}}, err
	}
	order := designationSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	return list(ctx, s, designationQuery(orgID, f, order), scanDesignation)
}

// EachDesignation calls fn for every designation matching the filter, for
// exports.
func (s *Store) EachDesignation(ctx context.Context, orgID int64, f aims.DesignationFilter, fn func(aims.Designation) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	return each(ctx, s, designationQuery(orgID, f, ""), scanDesignation, func(d aims.Designation) int64 { return d.ID }, fn)
}

func designationQuery(orgID int64, f aims.DesignationFilter, order string) listQuery {
	w := newFilter("d", orgID, f.Archived)
	if f.Body != "" {
		w.and("d.body = ?", string(f.Body))
	}
	if f.Current {
		w.and("d.valid_from <= ?", f.Today.String())
		w.and("(d.valid_until IS NULL OR d.valid_until >= ?)", f.Today.String())
	}
	return listQuery{alias: "d", table: designations.name, columns: designationColumns, from: designationFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, total: -1}
}

// CreateDesignation names a person to a body.
func (s *Store) CreateDesignation(ctx context.Context, p aims.Principal, d aims.Designation) (aims.Designation, error) {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return d, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d.UserName, err = s.checkOwner(ctx, tx, p.OrgID, d.UserID, "user_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, designations)
		if err != nil {
			return err
		}
		now := s.timestamp()
		d.Ref, d.Version, d.Archived, d.CreatedAt, d.UpdatedAt = designations.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO designations (org_id, number, version, archived, created_at, updated_at, `+
			designationFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+designationFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, designationValues(d)...)...).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("insert designation: %w", err)
		}
		changes, err := designations.diff(nil, d)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, designations.register, strconv.FormatInt(d.ID, 10), aims.ActionCreate, changes)
	})
	return d, err
}

// UpdateDesignation saves an edited designation at the version its editor
// read; ending one is an edit that sets its last day.
func (s *Store) UpdateDesignation(ctx context.Context, p aims.Principal, d aims.Designation) (aims.Designation, error) {
	var after aims.Designation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.designation(ctx, tx, p.OrgID, d.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		d.Normalize()
		if err := d.Validate(); err != nil {
			return err
		}
		if d.UserName, err = s.checkOwner(ctx, tx, p.OrgID, d.UserID, "user_id"); err != nil {
			return err
		}
		d.Ref, d.Archived, d.CreatedAt, d.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := designations.diff(before, d)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(d.Version != before.Version)
		}
		d.UpdatedAt = s.timestamp()
		values := append(designationValues(d), d.UpdatedAt)
		if err := s.update(ctx, tx, designations, p.OrgID, d.ID, d.Version,
			designationFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = d
		after.Version++
		return s.record(ctx, tx, p, designations.register, strconv.FormatInt(d.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetDesignationArchived archives a designation entered in error, or
// restores it. A designation that ended is given an end date instead.
func (s *Store) SetDesignationArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Designation, error) {
	var d aims.Designation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = s.designation(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, designations, id, d.Version, version, d.Archived, archived)
		if changed {
			d.Archived, d.Version, d.UpdatedAt = archived, d.Version+1, at
		}
		return err
	})
	return d, err
}

// approver checks, inside the transaction of the write that records an
// approval, that the person holds on day a designation covering it. For
// the acceptance of residual risk, level is the risk's level and the
// designation's limit must reach it; other approvals pass LimitNone. The
// check and the approval commit together, so a designation archived or
// ended at the same moment cannot let a stale authority through on
// PostgreSQL either: the writer first takes the organization's lock,
// which every designation write takes too.
//
// It answers the designation the approval rests on ("Jane Doe, Chief
// Risk Officer, MGT-2"), for the approval to name, or a validation error
// on field.
func (s *Store) approver(ctx context.Context, tx *sql.Tx, orgID, userID int64, a aims.Approval, level aims.RiskLimit, day aims.Date, field string) (aims.Designation, error) {
	if err := s.lockOrganization(ctx, tx, orgID); err != nil {
		return aims.Designation{}, err
	}
	w := newFilter("d", orgID, false)
	w.and("d.user_id = ?", userID)
	w.and("d.valid_from <= ?", day.String())
	w.and("(d.valid_until IS NULL OR d.valid_until >= ?)", day.String())
	var bodies []string
	for _, b := range a.Bodies() {
		w.args = append(w.args, string(b))
		bodies = append(bodies, "$"+strconv.Itoa(len(w.args)))
	}
	w.conds.WriteString(" AND d.body IN (" + strings.Join(bodies, ", ") + ")")
	if a == aims.ApproveResidualRisk {
		var limits []string
		for _, l := range aims.RiskLimits[max(level.Rank(), 1):] {
			w.args = append(w.args, string(l))
			limits = append(limits, "$"+strconv.Itoa(len(w.args)))
		}
		w.conds.WriteString(" AND d.accept_up_to IN (" + strings.Join(limits, ", ") + ")")
	}
	d, err := scanDesignation(s.queryRow(ctx, tx, `SELECT `+designationColumns+designationFrom+w.String()+
		` ORDER BY d.body DESC, d.number LIMIT 1`, w.args...))
	if err == sql.ErrNoRows {
		return d, aims.ErrNotDesignated(field, a)
	}
	return d, err
}
