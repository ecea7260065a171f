package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// aimsRoles is the register of AIMS roles. The competences a role requires
// and the people who hold it are link tables written with the role, so
// their changes show in the role's audit diff, by name.
var aimsRoles = table{name: "aims_roles", register: aims.RegisterAIMSRoles, prefix: "ROL-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// aimsRoleSupport: a role held by at least one person today supports 5.3
// (roles, responsibilities and authorities are assigned) and A.3.2 (AI
// roles are defined and allocated).
var aimsRoleSupport = supporter{t: aimsRoles, query: `
	SELECT '5.3' AS requirement_id, r.id, r.number, r.name AS title FROM aims_roles r
	WHERE r.org_id = $1 AND NOT r.archived AND EXISTS (SELECT 1 FROM aims_role_people rp WHERE rp.org_id = r.org_id AND rp.role_id = r.id
		AND (rp.valid_from IS NULL OR rp.valid_from <= $2) AND (rp.valid_until IS NULL OR rp.valid_until >= $2))
	UNION ALL SELECT 'A.3.2', r.id, r.number, r.name FROM aims_roles r
	WHERE r.org_id = $1 AND NOT r.archived AND EXISTS (SELECT 1 FROM aims_role_people rp WHERE rp.org_id = r.org_id AND rp.role_id = r.id
		AND (rp.valid_from IS NULL OR rp.valid_from <= $2) AND (rp.valid_until IS NULL OR rp.valid_until >= $2))`}

var aimsRoleFields = columns{"name", "responsibilities", "authorities", "reports_to_id", "search"}

func aimsRoleValues(r aims.AIMSRole) []any {
	return []any{r.Name, r.Responsibilities, r.Authorities, nullID(r.ReportsToID), searchText(r.Ref, r.Name, r.Responsibilities, r.Authorities)}
}

// The list shows how many competences and people each role has; the
// counts read the link tables' primary keys.
const aimsRoleColumns = `r.id, r.number, r.version, r.name, r.responsibilities, r.authorities, r.reports_to_id, COALESCE(b.name, ''),
	(SELECT count(*) FROM aims_role_competences rc WHERE rc.org_id = r.org_id AND rc.role_id = r.id),
	(SELECT count(*) FROM aims_role_people rp WHERE rp.org_id = r.org_id AND rp.role_id = r.id),
	r.archived, r.created_at, r.updated_at`

const aimsRoleFrom = ` FROM aims_roles r LEFT JOIN aims_roles b ON b.org_id = r.org_id AND b.id = r.reports_to_id`

// AIMSRoleRow is a role as its list shows it: the counts of its links
// rather than the links.
type AIMSRoleRow struct {
	aims.AIMSRole
	CompetenceCount int `json:"competence_count"`
	PeopleCount     int `json:"people_count"`
}

func scanAIMSRoleRow(sc scanner) (AIMSRoleRow, error) {
	var r AIMSRoleRow
	var number int64
	var boss sql.NullInt64
	err := sc.Scan(&r.ID, &number, &r.Version, &r.Name, &r.Responsibilities, &r.Authorities, &boss, &r.ReportsToName,
		&r.CompetenceCount, &r.PeopleCount, &r.Archived, &r.CreatedAt, &r.UpdatedAt)
	r.Ref, r.ReportsToID = aimsRoles.ref(number), boss.Int64
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.Competences, r.People = []aims.RoleCompetence{}, []aims.RoleAssignment{}
	return r, err
}

// AIMSRole reads one role with the competences it requires and the people
// who hold it.
func (s *Store) AIMSRole(ctx context.Context, orgID, id int64) (aims.AIMSRole, error) {
	return s.aimsRole(ctx, s.r, orgID, id)
}

func (s *Store) aimsRole(ctx context.Context, q querier, orgID, id int64) (aims.AIMSRole, error) {
	row, err := scanAIMSRoleRow(s.queryRow(ctx, q, `SELECT `+aimsRoleColumns+aimsRoleFrom+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if err != nil {
		return row.AIMSRole, notFound(err, "AIMS role")
	}
	roles := []aims.AIMSRole{row.AIMSRole}
	if err := s.roleLinks(ctx, q, orgID, id, roles); err != nil {
		return row.AIMSRole, err
	}
	return roles[0], nil
}

// roleLinks fills in the competences and people of roles: of the one role
// id, or of every role of the organization when id is 0. Two queries.
func (s *Store) roleLinks(ctx context.Context, q querier, orgID, id int64, roles []aims.AIMSRole) error {
	at := map[int64]int{}
	for i, r := range roles {
		at[r.ID] = i
	}
	args, one, oneP := []any{orgID}, "", ""
	if id != 0 {
		args, one, oneP = append(args, id), " AND rc.role_id = $2", " AND rp.role_id = $2"
	}
	rows, err := s.query(ctx, q, `SELECT rc.role_id, rc.competence_id, c.number, c.name FROM aims_role_competences rc
		JOIN competences c ON c.org_id = rc.org_id AND c.id = rc.competence_id
		WHERE rc.org_id = $1`+one+` ORDER BY rc.role_id, rc.position`, args...)
	if err != nil {
		return fmt.Errorf("role competences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var roleID, n int64
		var c aims.RoleCompetence
		if err := rows.Scan(&roleID, &c.CompetenceID, &n, &c.Name); err != nil {
			return err
		}
		if i, ok := at[roleID]; ok {
			c.Ref = competences.ref(n)
			roles[i].Competences = append(roles[i].Competences, c)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	prows, err := s.query(ctx, q, `SELECT rp.role_id, rp.staff_id, p.number, p.name, rp.valid_from, rp.valid_until FROM aims_role_people rp
		JOIN staff p ON p.org_id = rp.org_id AND p.id = rp.staff_id
		WHERE rp.org_id = $1`+oneP+` ORDER BY rp.role_id, rp.position`, args...)
	if err != nil {
		return fmt.Errorf("role people: %w", err)
	}
	defer prows.Close()
	for prows.Next() {
		var roleID, n int64
		var a aims.RoleAssignment
		var from, until sql.NullTime
		if err := prows.Scan(&roleID, &a.StaffID, &n, &a.Name, &from, &until); err != nil {
			return err
		}
		if i, ok := at[roleID]; ok {
			a.Ref, a.From, a.Until = staff.ref(n), dateOf(from), dateOf(until)
			roles[i].People = append(roles[i].People, a)
		}
	}
	return prows.Err()
}

var aimsRoleSort = map[string]string{
	"":     "r.name, r.id",
	"name": "r.name, r.id",
	"ref":  "r.number, r.id",
}

// AIMSRoles lists one page of the roles, with the counts of their links.
func (s *Store) AIMSRoles(ctx context.Context, orgID int64, f aims.AIMSRoleFilter) (aims.Page[AIMSRoleRow], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[AIMSRoleRow]{Items: []AIMSRoleRow{}}, err
	}
	q, err := s.aimsRoleQuery(ctx, orgID, f, descending(aimsRoleSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[AIMSRoleRow]{Items: []AIMSRoleRow{}}, err
	}
	return list(ctx, s, q, scanAIMSRoleRow)
}

// EachAIMSRole calls fn for every role matching the filter, for exports.
func (s *Store) EachAIMSRole(ctx context.Context, orgID int64, f aims.AIMSRoleFilter, fn func(AIMSRoleRow) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.aimsRoleQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanAIMSRoleRow, func(r AIMSRoleRow) int64 { return r.ID }, fn)
}

func (s *Store) aimsRoleQuery(ctx context.Context, orgID int64, f aims.AIMSRoleFilter, order string) (listQuery, error) {
	w := newFilter("r", orgID, f.Archived)
	total, err := s.search(ctx, w, aimsRoles, "r", f.Q)
	return listQuery{alias: "r", table: aimsRoles.name, columns: aimsRoleColumns, from: aimsRoleFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// resolveRole checks every record a role links to is the organization's
// and, unless the role already linked to it (before), not archived; and
// fills in their references and names for the audit diff.
func (s *Store) resolveRole(ctx context.Context, tx *sql.Tx, orgID int64, r *aims.AIMSRole, before aims.AIMSRole) error {
	kept := map[string]bool{}
	if before.ReportsToID != 0 {
		kept["reports_to_id/"+strconv.FormatInt(before.ReportsToID, 10)] = true
	}
	for _, c := range before.Competences {
		kept["competences/"+strconv.FormatInt(c.CompetenceID, 10)] = true
	}
	for _, a := range before.People {
		kept["people/"+strconv.FormatInt(a.StaffID, 10)] = true
	}
	lookup := func(query string, id int64, field, what string) (int64, string, error) {
		var n int64
		var name string
		var archived bool
		err := s.queryRow(ctx, tx, query, orgID, id).Scan(&n, &name, &archived)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, "", aims.Invalid(field, what+" "+strconv.FormatInt(id, 10)+" does not exist in this organization")
		}
		if err == nil && archived && !kept[field+"/"+strconv.FormatInt(id, 10)] {
			err = aims.Invalid(field, what+" "+name+" is archived")
		}
		return n, name, err
	}
	r.ReportsToName = ""
	if r.ReportsToID != 0 {
		var err error
		if _, r.ReportsToName, err = lookup(`SELECT number, name, archived FROM aims_roles WHERE org_id = $1 AND id = $2`, r.ReportsToID, "reports_to_id", "role"); err != nil {
			return err
		}
	}
	for i, c := range r.Competences {
		n, name, err := lookup(`SELECT number, name, archived FROM competences WHERE org_id = $1 AND id = $2`, c.CompetenceID, "competences", "competence")
		if err != nil {
			return err
		}
		r.Competences[i] = aims.RoleCompetence{CompetenceID: c.CompetenceID, Ref: competences.ref(n), Name: name}
	}
	for i, a := range r.People {
		n, name, err := lookup(`SELECT number, name, archived FROM staff WHERE org_id = $1 AND id = $2`, a.StaffID, "people", "person")
		if err != nil {
			return err
		}
		r.People[i].Ref, r.People[i].Name = staff.ref(n), name
	}
	return nil
}

// writeRoleLinks replaces a role's links in the role's transaction.
func (s *Store) writeRoleLinks(ctx context.Context, tx *sql.Tx, orgID int64, r aims.AIMSRole) error {
	for _, t := range []string{"aims_role_competences", "aims_role_people"} {
		if _, err := s.exec(ctx, tx, `DELETE FROM `+t+` WHERE org_id = $1 AND role_id = $2`, orgID, r.ID); err != nil {
			return fmt.Errorf("replace %s: %w", t, err)
		}
	}
	for i, c := range r.Competences {
		if _, err := s.exec(ctx, tx, `INSERT INTO aims_role_competences (org_id, role_id, competence_id, position) VALUES ($1, $2, $3, $4)`,
			orgID, r.ID, c.CompetenceID, i); err != nil {
			return fmt.Errorf("insert role competence: %w", err)
		}
	}
	for i, a := range r.People {
		if _, err := s.exec(ctx, tx, `INSERT INTO aims_role_people (org_id, role_id, staff_id, position, valid_from, valid_until)
			VALUES ($1, $2, $3, $4, $5, $6)`, orgID, r.ID, a.StaffID, i, nullDate(a.From), nullDate(a.Until)); err != nil {
			return fmt.Errorf("insert role person: %w", err)
		}
	}
	return nil
}

// CreateAIMSRole defines a role with what it requires and who holds it.
func (s *Store) CreateAIMSRole(ctx context.Context, p aims.Principal, r aims.AIMSRole) (aims.AIMSRole, error) {
	r.ID = 0
	r.Normalize()
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.resolveRole(ctx, tx, p.OrgID, &r, aims.AIMSRole{}); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, aimsRoles)
		if err != nil {
			return err
		}
		now := s.timestamp()
		r.Ref, r.Version, r.Archived, r.CreatedAt, r.UpdatedAt = aimsRoles.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO aims_roles (org_id, number, version, archived, created_at, updated_at, `+
			aimsRoleFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+aimsRoleFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, aimsRoleValues(r)...)...).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert AIMS role: %w", err)
		}
		if err := s.writeRoleLinks(ctx, tx, p.OrgID, r); err != nil {
			return err
		}
		changes, err := aimsRoles.diff(nil, r)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, aimsRoles.register, strconv.FormatInt(r.ID, 10), aims.ActionCreate, changes)
	})
	return r, err
}

// UpdateAIMSRole saves an edited role, its competences and its people, at
// the version its editor read.
func (s *Store) UpdateAIMSRole(ctx context.Context, p aims.Principal, r aims.AIMSRole) (aims.AIMSRole, error) {
	var after aims.AIMSRole
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.aimsRole(ctx, tx, p.OrgID, r.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		r.Normalize()
		if err := r.Validate(); err != nil {
			return err
		}
		if err := s.resolveRole(ctx, tx, p.OrgID, &r, before); err != nil {
			return err
		}
		r.Ref, r.Archived, r.CreatedAt, r.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := aimsRoles.diff(before, r)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(r.Version != before.Version)
		}
		r.UpdatedAt = s.timestamp()
		values := append(aimsRoleValues(r), r.UpdatedAt)
		if err := s.update(ctx, tx, aimsRoles, p.OrgID, r.ID, r.Version,
			aimsRoleFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.writeRoleLinks(ctx, tx, p.OrgID, r); err != nil {
			return err
		}
		after = r
		after.Version++
		return s.record(ctx, tx, p, aimsRoles.register, strconv.FormatInt(r.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetAIMSRoleArchived archives a role no longer used, or restores it.
func (s *Store) SetAIMSRoleArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.AIMSRole, error) {
	var r aims.AIMSRole
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = s.aimsRole(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, aimsRoles, id, r.Version, version, r.Archived, archived)
		if changed {
			r.Archived, r.Version, r.UpdatedAt = archived, r.Version+1, at
		}
		return err
	})
	return r, err
}

// AIMSRoleNames lists the active roles for pickers.
func (s *Store) AIMSRoleNames(ctx context.Context, orgID int64) ([]aims.AIMSRole, error) {
	return names(ctx, s, `SELECT id, number, name FROM aims_roles WHERE org_id = $1 AND archived = $2 ORDER BY name, id LIMIT 1000`, orgID,
		func(id, n int64, name string) aims.AIMSRole {
			return aims.AIMSRole{ID: id, Ref: aimsRoles.ref(n), Name: name}
		})
}

// RolesRequiring lists the active roles that require a competence: the
// other direction of the link, shown on the competence's page.
func (s *Store) RolesRequiring(ctx context.Context, orgID, competenceID int64) ([]aims.AIMSRole, error) {
	rows, err := s.query(ctx, s.r, `SELECT r.id, r.number, r.name FROM aims_role_competences rc
		JOIN aims_roles r ON r.org_id = rc.org_id AND r.id = rc.role_id
		WHERE rc.org_id = $1 AND rc.competence_id = $2 AND r.archived = $3 ORDER BY r.name, r.id LIMIT 1000`, orgID, competenceID, false)
	if err != nil {
		return nil, fmt.Errorf("roles requiring a competence: %w", err)
	}
	return collect(rows, func(sc scanner) (aims.AIMSRole, error) {
		var r aims.AIMSRole
		var n int64
		err := sc.Scan(&r.ID, &n, &r.Name)
		r.Ref = aimsRoles.ref(n)
		return r, err
	})
}
