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

// staff is the register of people in the AIMS. A person may link to a
// member of the organization, whose name shows beside theirs.
var staff = table{name: "staff", register: aims.RegisterStaff, prefix: "PER-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

var staffFields = columns{"name", "job_title", "unit", "email", "user_id", "start_date", "has_left", "left_on", "search"}

func staffValues(p aims.Staff) []any {
	return []any{p.Name, p.JobTitle, p.Unit, p.Email, nullID(p.UserID), nullDate(p.StartDate), p.Left, nullDate(p.LeftOn),
		searchText(p.Ref, p.Name, p.JobTitle, p.Unit, p.Email, p.UserName)}
}

const staffColumns = `p.id, p.number, p.version, p.name, p.job_title, p.unit, p.email, p.user_id, COALESCE(u.name, ''),
	p.start_date, p.has_left, p.left_on, p.archived, p.created_at, p.updated_at`

const staffFrom = ` FROM staff p LEFT JOIN users u ON u.id = p.user_id`

func scanStaff(sc scanner) (aims.Staff, error) {
	var p aims.Staff
	var number int64
	var user sql.NullInt64
	var start, left sql.NullTime
	err := sc.Scan(&p.ID, &number, &p.Version, &p.Name, &p.JobTitle, &p.Unit, &p.Email, &user, &p.UserName,
		&start, &p.Left, &left, &p.Archived, &p.CreatedAt, &p.UpdatedAt)
	p.Ref, p.UserID, p.StartDate, p.LeftOn = staff.ref(number), user.Int64, dateOf(start), dateOf(left)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// Person reads one person of an organization.
func (s *Store) Person(ctx context.Context, orgID, id int64) (aims.Staff, error) {
	return s.person(ctx, s.r, orgID, id)
}

func (s *Store) person(ctx context.Context, q querier, orgID, id int64) (aims.Staff, error) {
	p, err := scanStaff(s.queryRow(ctx, q, `SELECT `+staffColumns+staffFrom+` WHERE p.org_id = $1 AND p.id = $2`, orgID, id))
	return p, notFound(err, "person")
}

var staffSort = map[string]string{
	"":           "p.name, p.id",
	"name":       "p.name, p.id",
	"ref":        "p.number, p.id",
	"unit":       "p.unit, p.name, p.id",
	"start_date": "p.start_date, p.id",
}

// Staff lists one page of an organization's people.
func (s *Store) Staff(ctx context.Context, orgID int64, f aims.StaffFilter) (aims.Page[aims.Staff], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Staff]{Items: []aims.Staff{}}, err
	}
	q, err := s.staffQuery(ctx, orgID, f, descending(staffSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[aims.Staff]{Items: []aims.Staff{}}, err
	}
	return list(ctx, s, q, scanStaff)
}

// EachPerson calls fn for every person matching the filter, for exports.
func (s *Store) EachPerson(ctx context.Context, orgID int64, f aims.StaffFilter, fn func(aims.Staff) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.staffQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanStaff, func(p aims.Staff) int64 { return p.ID }, fn)
}

func (s *Store) staffQuery(ctx context.Context, orgID int64, f aims.StaffFilter, order string) (listQuery, error) {
	w := newFilter("p", orgID, f.Archived)
	if f.Unit != "" {
		w.and("p.unit = ?", f.Unit)
	}
	if f.Status != "" {
		w.and("p.has_left = ?", f.Status == "left")
	}
	total, err := s.search(ctx, w, staff, "p", f.Q)
	return listQuery{alias: "p", table: staff.name, columns: staffColumns, from: staffFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// descending turns a sort's ORDER BY list around when desc is set.
func descending(order string, desc bool) string {
	if !desc {
		return order
	}
	return strings.ReplaceAll(order, ",", " DESC,") + " DESC"
}

// checkStaffMember checks the member a person links to: an accepted
// member of the organization, not yet linked to another person. The
// organization's lock orders two writers linking the same member.
func (s *Store) checkStaffMember(ctx context.Context, tx *sql.Tx, orgID int64, p *aims.Staff) error {
	var err error
	if p.UserName, err = s.checkOwner(ctx, tx, orgID, p.UserID, "user_id"); err != nil || p.UserID == 0 {
		return err
	}
	if err := s.lockOrganization(ctx, tx, orgID); err != nil {
		return err
	}
	var number int64
	err = s.queryRow(ctx, tx, `SELECT number FROM staff WHERE org_id = $1 AND user_id = $2 AND id <> $3`, orgID, p.UserID, p.ID).Scan(&number)
	if err == nil {
		return aims.Invalid("user_id", "is already the account of "+staff.ref(number))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// CreatePerson adds a person to the AIMS.
func (s *Store) CreatePerson(ctx context.Context, p aims.Principal, in aims.Staff) (aims.Staff, error) {
	in.Normalize()
	in.ID = 0
	if err := in.Validate(); err != nil {
		return in, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkStaffMember(ctx, tx, p.OrgID, &in); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, staff)
		if err != nil {
			return err
		}
		now := s.timestamp()
		in.Ref, in.Version, in.Archived, in.CreatedAt, in.UpdatedAt = staff.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO staff (org_id, number, version, archived, created_at, updated_at, `+
			staffFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+staffFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, staffValues(in)...)...).Scan(&in.ID)
		if err != nil {
			return fmt.Errorf("insert person: %w", err)
		}
		changes, err := staff.diff(nil, in)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, staff.register, strconv.FormatInt(in.ID, 10), aims.ActionCreate, changes)
	})
	return in, err
}

// UpdatePerson saves an edited person at the version its editor read.
func (s *Store) UpdatePerson(ctx context.Context, p aims.Principal, in aims.Staff) (aims.Staff, error) {
	var after aims.Staff
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.person(ctx, tx, p.OrgID, in.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		in.Normalize()
		if err := in.Validate(); err != nil {
			return err
		}
		if err := s.checkStaffMember(ctx, tx, p.OrgID, &in); err != nil {
			return err
		}
		in.Ref, in.Archived, in.CreatedAt, in.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := staff.diff(before, in)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(in.Version != before.Version)
		}
		in.UpdatedAt = s.timestamp()
		values := append(staffValues(in), in.UpdatedAt)
		if err := s.update(ctx, tx, staff, p.OrgID, in.ID, in.Version,
			staffFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = in
		after.Version++
		return s.record(ctx, tx, p, staff.register, strconv.FormatInt(in.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetPersonArchived archives a person entered in error, or restores them.
// A person who left is marked so instead, and stays on the records.
func (s *Store) SetPersonArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Staff, error) {
	var r aims.Staff
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = s.person(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, staff, id, r.Version, version, r.Archived, archived)
		if changed {
			r.Archived, r.Version, r.UpdatedAt = archived, r.Version+1, at
		}
		return err
	})
	return r, err
}

// StaffNames lists the active people's IDs, references and names, for
// pickers. It is capped: a picker is not a list page.
func (s *Store) StaffNames(ctx context.Context, orgID int64) ([]aims.Staff, error) {
	return names(ctx, s, `SELECT id, number, name FROM staff WHERE org_id = $1 AND archived = $2 ORDER BY name, id LIMIT 1000`, orgID,
		func(id, n int64, name string) aims.Staff { return aims.Staff{ID: id, Ref: staff.ref(n), Name: name} })
}

// names runs a picker's query of id, number and name.
func names[T any](ctx context.Context, s *Store, query string, orgID int64, make func(id, n int64, name string) T) ([]T, error) {
	rows, err := s.query(ctx, s.r, query, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var id, n int64
		var name string
		if err := rows.Scan(&id, &n, &name); err != nil {
			return nil, err
		}
		out = append(out, make(id, n, name))
	}
	return out, rows.Err()
}
