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

// processes is the register of AIMS processes (4.4). Who feeds a process
// is the other processes' business: fed_by stays out of its audit diff.
var processes = table{name: "processes", register: aims.RegisterProcesses, prefix: "PRC-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "fed_by"}}

// processSupport: every process in operation supports 4.4 and each
// requirement it serves; a draft or retired one does not.
var processSupport = supporter{t: processes, query: `
	SELECT '4.4' AS requirement_id, id, number, name AS title FROM processes WHERE org_id = $1 AND NOT archived AND status = 'in-operation'
	UNION ALL SELECT r.requirement_id, p.id, p.number, p.name FROM process_requirements r
	JOIN processes p ON p.org_id = r.org_id AND p.id = r.process_id
	WHERE r.org_id = $1 AND NOT p.archived AND p.status = 'in-operation' AND r.requirement_id <> '4.4'`}

var processFields = columns{"name", "purpose", "owner_id", "inputs", "outputs", "review_date", "status", "search"}

func processValues(p aims.Process) []any {
	return []any{p.Name, p.Purpose, nullID(p.OwnerID), p.Inputs, p.Outputs, nullDate(p.ReviewDate), p.Status, processSearch(p)}
}

const processColumns = `p.id, p.number, p.version, p.name, p.purpose, p.owner_id, COALESCE(u.name, ''), p.inputs, p.outputs,
	p.review_date, p.status, p.archived, p.created_at, p.updated_at`

const processFrom = ` FROM processes p LEFT JOIN users u ON u.id = p.owner_id`

func scanProcess(sc scanner) (aims.Process, error) {
	var p aims.Process
	var number int64
	var owner sql.NullInt64
	var review sql.NullTime
	err := sc.Scan(&p.ID, &number, &p.Version, &p.Name, &p.Purpose, &owner, &p.OwnerName, &p.Inputs, &p.Outputs,
		&review, &p.Status, &p.Archived, &p.CreatedAt, &p.UpdatedAt)
	p.Ref, p.OwnerID, p.ReviewDate = processes.ref(number), owner.Int64, dateOf(review)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Requirements, p.Feeds, p.FedBy = []string{}, []aims.Link{}, []aims.Link{}
	return p, err
}

// Process reads one process with its requirements and its feed links both
// ways.
func (s *Store) Process(ctx context.Context, orgID, id int64) (aims.Process, error) {
	return s.process(ctx, s.r, orgID, id)
}

func (s *Store) process(ctx context.Context, q querier, orgID, id int64) (aims.Process, error) {
	p, err := scanProcess(s.queryRow(ctx, q, `SELECT `+processColumns+processFrom+` WHERE p.org_id = $1 AND p.id = $2`, orgID, id))
	if err != nil {
		return p, notFound(err, "process")
	}
	rows, err := s.query(ctx, q, `SELECT requirement_id FROM process_requirements WHERE org_id = $1 AND process_id = $2`, orgID, id)
	if err != nil {
		return p, fmt.Errorf("process requirements: %w", err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return p, err
		}
		p.Requirements = append(p.Requirements, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, err
	}
	p.Normalize() // the standard's order
	if p.Feeds, err = s.links(ctx, q, `SELECT x.id, x.number, x.name FROM process_feeds f JOIN processes x ON x.org_id = f.org_id AND x.id = f.to_id
		WHERE f.org_id = $1 AND f.from_id = $2 ORDER BY x.id`, processes, orgID, id); err != nil {
		return p, err
	}
	if p.FedBy, err = s.links(ctx, q, `SELECT x.id, x.number, x.name FROM process_feeds f JOIN processes x ON x.org_id = f.org_id AND x.id = f.from_id
		WHERE f.org_id = $1 AND f.to_id = $2 ORDER BY x.id`, processes, orgID, id); err != nil {
		return p, err
	}
	p.RACI, err = s.raciOf(ctx, q, orgID, id)
	return p, err
}

// raciOf reads a process's RACI, named, in role order.
func (s *Store) raciOf(ctx context.Context, q querier, orgID, processID int64) ([]aims.RACI, error) {
	rows, err := s.query(ctx, q, `SELECT x.role_id, r.number, r.name, x.letter FROM process_raci x
		JOIN aims_roles r ON r.org_id = x.org_id AND r.id = x.role_id
		WHERE x.org_id = $1 AND x.process_id = $2 ORDER BY x.role_id`, orgID, processID)
	if err != nil {
		return nil, fmt.Errorf("process RACI: %w", err)
	}
	defer rows.Close()
	out := []aims.RACI{}
	for rows.Next() {
		var r aims.RACI
		var n int64
		if err := rows.Scan(&r.RoleID, &n, &r.Name, &r.Letter); err != nil {
			return nil, err
		}
		r.Ref = aimsRoles.ref(n)
		out = append(out, r)
	}
	return out, rows.Err()
}

// resolveRACI names the roles of a process's RACI, refusing a role that
// is not the organization's, or one archived since (unless the process
// had it already: an edit of something else does not have to drop it).
func (s *Store) resolveRACI(ctx context.Context, tx *sql.Tx, orgID int64, raci, had []aims.RACI) error {
	kept := map[int64]bool{}
	for _, r := range had {
		kept[r.RoleID] = true
	}
	for i, r := range raci {
		var n int64
		var archived bool
		err := s.queryRow(ctx, tx, `SELECT number, name, archived FROM aims_roles WHERE org_id = $1 AND id = $2`, orgID, r.RoleID).Scan(&n, &raci[i].Name, &archived)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("raci", "role "+strconv.FormatInt(r.RoleID, 10)+" is not an AIMS role of this organization")
		}
		if err != nil {
			return err
		}
		if archived && !kept[r.RoleID] {
			return aims.Invalid("raci", "role "+aimsRoles.ref(n)+" is archived: it cannot take a part in a process")
		}
		raci[i].Ref = aimsRoles.ref(n)
	}
	return nil
}

var processSort = map[string]string{
	"":            "p.name, p.id",
	"name":        "p.name, p.id",
	"ref":         "p.number, p.id",
	"status":      "p.status, p.name, p.id",
	"review_date": "p.review_date, p.id",
	"updated_at":  "p.updated_at, p.id",
}

// Processes lists one page of an organization's processes with the total
// matching the filter: two queries. The list leaves requirements and links
// out; the record has them.
func (s *Store) Processes(ctx context.Context, orgID int64, f aims.ProcessFilter) (aims.Page[aims.Process], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Process]{Items: []aims.Process{}}, err
	}
	order := processSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.processQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Process]{Items: []aims.Process{}}, err
	}
	return list(ctx, s, q, scanProcess)
}

// EachProcess calls fn for every process matching the filter, in the order
// they were recorded, for exports.
func (s *Store) EachProcess(ctx context.Context, orgID int64, f aims.ProcessFilter, fn func(aims.Process) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.processQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanProcess, func(p aims.Process) int64 { return p.ID }, fn)
}

func (s *Store) processQuery(ctx context.Context, orgID int64, f aims.ProcessFilter, order string) (listQuery, error) {
	w := newFilter("p", orgID, f.Archived)
	if f.Status != "" {
		w.and("p.status = ?", string(f.Status))
	}
	if f.OwnerID != 0 {
		w.and("p.owner_id = ?", f.OwnerID)
	}
	if f.RequirementID != "" {
		w.and("p.id IN (SELECT r.process_id FROM process_requirements r WHERE r.org_id = $1 AND r.requirement_id = ?)", f.RequirementID)
	}
	total, err := s.search(ctx, w, processes, "p", f.Q)
	return listQuery{alias: "p", table: processes.name, columns: processColumns, from: processFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func processSearch(p aims.Process) string {
	return searchText(p.Ref, p.Name, p.Purpose, p.Inputs, p.Outputs, p.OwnerName, strings.Join(p.Requirements, " "))
}

// replaceProcessLinks writes a process's requirements and the processes
// it feeds afresh, in the transaction of the process's write.
func (s *Store) replaceProcessLinks(ctx context.Context, tx *sql.Tx, orgID int64, p aims.Process) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM process_requirements WHERE org_id = $1 AND process_id = $2`, orgID, p.ID); err != nil {
		return fmt.Errorf("replace process requirements: %w", err)
	}
	for _, r := range p.Requirements {
		if _, err := s.exec(ctx, tx, `INSERT INTO process_requirements (org_id, process_id, requirement_id) VALUES ($1, $2, $3)`,
			orgID, p.ID, r); err != nil {
			return fmt.Errorf("insert process requirement: %w", err)
		}
	}
	if _, err := s.exec(ctx, tx, `DELETE FROM process_feeds WHERE org_id = $1 AND from_id = $2`, orgID, p.ID); err != nil {
		return fmt.Errorf("replace process feeds: %w", err)
	}
	for _, l := range p.Feeds {
		if _, err := s.exec(ctx, tx, `INSERT INTO process_feeds (org_id, from_id, to_id) VALUES ($1, $2, $3)`, orgID, p.ID, l.ID); err != nil {
			return fmt.Errorf("insert process feed: %w", err)
		}
	}
	if _, err := s.exec(ctx, tx, `DELETE FROM process_raci WHERE org_id = $1 AND process_id = $2`, orgID, p.ID); err != nil {
		return fmt.Errorf("replace process RACI: %w", err)
	}
	for _, r := range p.RACI {
		if _, err := s.exec(ctx, tx, `INSERT INTO process_raci (org_id, process_id, role_id, letter) VALUES ($1, $2, $3, $4)`,
			orgID, p.ID, r.RoleID, r.Letter); err != nil {
			return fmt.Errorf("insert process RACI: %w", err)
		}
	}
	return nil
}

// CreateProcess records a new AIMS process. The caller checks that its
// requirements exist in the catalog.
func (s *Store) CreateProcess(ctx context.Context, pr aims.Principal, p aims.Process) (aims.Process, error) {
	p.ID = 0
	p.Normalize()
	if err := p.Validate(); err != nil {
		return p, err
	}
	var created aims.Process
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p := p
		var err error
		if p.OwnerName, err = s.checkOwner(ctx, tx, pr.OrgID, p.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, processes, "name", pr.OrgID, "feeds", p.Feeds); err != nil {
			return err
		}
		if err := s.resolveRACI(ctx, tx, pr.OrgID, p.RACI, nil); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, pr.OrgID, processes)
		if err != nil {
			return err
		}
		now := s.timestamp()
		p.Ref, p.Version, p.Archived, p.CreatedAt, p.UpdatedAt, p.FedBy = processes.ref(number), 1, false, now, now, []aims.Link{}
		err = s.queryRow(ctx, tx, `INSERT INTO processes (org_id, number, version, archived, created_at, updated_at, `+
			processFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+processFields.values(5)+`) RETURNING id`,
			append([]any{pr.OrgID, number, false, now}, processValues(p)...)...).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("insert process: %w", err)
		}
		if err := s.replaceProcessLinks(ctx, tx, pr.OrgID, p); err != nil {
			return err
		}
		changes, err := processes.diff(nil, p)
		if err != nil {
			return err
		}
		created = p
		return s.record(ctx, tx, pr, processes.register, strconv.FormatInt(p.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

// UpdateProcess saves an edited process at the version its editor read; a
// stale version is refused with aims.ErrConflict. Its requirements and the
// processes it feeds are replaced in the same transaction and their change
// is in the audit diff.
func (s *Store) UpdateProcess(ctx context.Context, pr aims.Principal, p aims.Process) (aims.Process, error) {
	var after aims.Process
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p := p
		before, err := s.process(ctx, tx, pr.OrgID, p.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		if p.OwnerName, err = s.checkOwner(ctx, tx, pr.OrgID, p.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, processes, "name", pr.OrgID, "feeds", p.Feeds); err != nil {
			return err
		}
		if err := s.resolveRACI(ctx, tx, pr.OrgID, p.RACI, before.RACI); err != nil {
			return err
		}
		p.Ref, p.Archived, p.CreatedAt, p.UpdatedAt, p.FedBy = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt, before.FedBy
		changes, err := processes.diff(before, p)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(p.Version != before.Version)
		}
		p.UpdatedAt = s.timestamp()
		values := append(processValues(p), p.UpdatedAt)
		if err := s.update(ctx, tx, processes, pr.OrgID, p.ID, p.Version,
			processFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.replaceProcessLinks(ctx, tx, pr.OrgID, p); err != nil {
			return err
		}
		after = p
		after.Version++
		return s.record(ctx, tx, pr, processes.register, strconv.FormatInt(p.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetProcessArchived archives or restores a process. Its feed links stay:
// the map shows live processes only.
func (s *Store) SetProcessArchived(ctx context.Context, pr aims.Principal, id int64, version int, archived bool) (aims.Process, error) {
	var p aims.Process
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.process(ctx, tx, pr.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, pr, processes, id, p.Version, version, p.Archived, archived)
		if changed {
			p.Archived, p.Version, p.UpdatedAt = archived, p.Version+1, at
		}
		return err
	})
	return p, err
}

// ProcessMap is every live process with the requirements it serves and
// the feed links between live processes: the "how the AIMS connects" view.
// Three queries; the map is capped at maxMapProcesses processes.
type ProcessMap struct {
	Processes []aims.Process
	Feeds     [][2]int64 // from, to
	Truncated bool
}

const maxMapProcesses = 500

// ProcessMap reads the organization's process map.
func (s *Store) ProcessMap(ctx context.Context, orgID int64) (ProcessMap, error) {
	var m ProcessMap
	page, err := s.Processes(ctx, orgID, aims.ProcessFilter{ListParams: aims.ListParams{Limit: maxMapProcesses, Sort: "ref"}})
	if err != nil {
		return m, err
	}
	m.Processes, m.Truncated = page.Items, page.Total > len(page.Items)
	index := map[int64]int{}
	for i, p := range m.Processes {
		index[p.ID] = i
	}
	rows, err := s.query(ctx, s.r, `SELECT process_id, requirement_id FROM process_requirements WHERE org_id = $1`, orgID)
	if err != nil {
		return m, fmt.Errorf("process map requirements: %w", err)
	}
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			rows.Close()
			return m, err
		}
		if i, ok := index[id]; ok {
			m.Processes[i].Requirements = append(m.Processes[i].Requirements, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m, err
	}
	for i := range m.Processes {
		m.Processes[i].Normalize()
	}
	rows, err = s.query(ctx, s.r, `SELECT from_id, to_id FROM process_feeds WHERE org_id = $1 ORDER BY from_id, to_id`, orgID)
	if err != nil {
		return m, fmt.Errorf("process map feeds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f [2]int64
		if err := rows.Scan(&f[0], &f[1]); err != nil {
			return m, err
		}
		_, a := index[f[0]]
		_, b := index[f[1]]
		if a && b {
			m.Feeds = append(m.Feeds, f)
		}
	}
	return m, rows.Err()
}

// ProcessNames lists the active processes' IDs, references and names, for
// pickers. It is capped: a picker is not a list page.
func (s *Store) ProcessNames(ctx context.Context, orgID int64) ([]aims.Link, error) {
	return s.links(ctx, s.r, `SELECT id, number, name FROM processes WHERE org_id = $1 AND archived = $2 ORDER BY name, id LIMIT 1000`,
		processes, orgID, false)
}

// RACIMatrix is the RACI over the organization's live processes: the
// AIMS roles (rows), the processes (columns) and each role's letter in
// each process. Three queries, whatever the size.
type RACIMatrix struct {
	Roles     []aims.Link
	Processes []aims.Link
	Letters   map[[2]int64]string // [role ID, process ID]
}

// RACI reads the organization's RACI matrix.
func (s *Store) RACI(ctx context.Context, orgID int64) (RACIMatrix, error) {
	m := RACIMatrix{Letters: map[[2]int64]string{}}
	var err error
	if m.Roles, err = s.links(ctx, s.r, `SELECT id, number, name FROM aims_roles WHERE org_id = $1 AND NOT archived ORDER BY name, id LIMIT 200`,
		aimsRoles, orgID); err != nil {
		return m, err
	}
	if m.Processes, err = s.links(ctx, s.r, `SELECT id, number, name FROM processes WHERE org_id = $1 AND NOT archived AND status <> 'retired'
		ORDER BY number, id LIMIT 200`, processes, orgID); err != nil {
		return m, err
	}
	rows, err := s.query(ctx, s.r, `SELECT role_id, process_id, letter FROM process_raci WHERE org_id = $1`, orgID)
	if err != nil {
		return m, fmt.Errorf("RACI: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var role, process int64
		var l string
		if err := rows.Scan(&role, &process, &l); err != nil {
			return m, err
		}
		m.Letters[[2]int64{role, process}] = l
	}
	return m, rows.Err()
}
