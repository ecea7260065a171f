package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// aiSystems is the inventory's table. The owner's name stays in the audit
// diff, so the history reads "Ada -> Grace", not "3 -> 5".
var aiSystems = table{name: "ai_systems", register: aims.RegisterAISystems, prefix: "AIS-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "gate_reason"}}

// aiSystemSupport: an in-scope AI system whose record names its data, its
// tooling or its compute documents that resource (A.4.3 to A.4.5); one that
// names all three documents its resources as a whole (A.4.2).
var aiSystemSupport = supporter{t: aiSystems, query: `
	SELECT 'A.4.2' AS requirement_id, id, number, name AS title FROM ai_systems
	WHERE org_id = $1 AND NOT archived AND in_scope AND data_resources <> '' AND tooling <> '' AND compute <> ''
	UNION ALL SELECT 'A.4.3', id, number, name FROM ai_systems WHERE org_id = $1 AND NOT archived AND in_scope AND data_resources <> ''
	UNION ALL SELECT 'A.4.4', id, number, name FROM ai_systems WHERE org_id = $1 AND NOT archived AND in_scope AND tooling <> ''
	UNION ALL SELECT 'A.4.5', id, number, name FROM ai_systems WHERE org_id = $1 AND NOT archived AND in_scope AND compute <> ''`}

// aiSystemFields are the columns an edit writes, in aiSystemValues' order.
var aiSystemFields = columns{"name", "purpose", "intended_use", "foreseeable_misuse", "owner_id", "lifecycle", "roles",
	"autonomy", "human_oversight", "data_resources", "models", "tooling", "compute", "third_party", "in_scope",
	"review_interval_months", "last_reviewed", "next_review", "eu_ai_act", "risk_class", "search"}

func aiSystemValues(a aims.AISystem) []any {
	return []any{a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse, nullID(a.OwnerID), a.Lifecycle, joinRoles(a.Roles),
		a.Autonomy, a.HumanOversight, a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty, a.InScope,
		a.ReviewIntervalMonths, nullDate(a.LastReviewed), nullDate(a.NextReview), euJSON(a.EUAIAct), a.RiskClass, aiSystemSearch(a)}
}

const aiSystemColumns = `a.id, a.number, a.version, a.name, a.purpose, a.intended_use, a.foreseeable_misuse,
	a.owner_id, COALESCE(u.name, ''), a.lifecycle, a.roles, a.autonomy, a.human_oversight, a.data_resources,
	a.models, a.tooling, a.compute, a.third_party, a.in_scope, a.review_interval_months, a.last_reviewed,
	a.next_review, a.eu_ai_act, a.risk_class, a.archived, a.created_at, a.updated_at`

const aiSystemFrom = ` FROM ai_systems a LEFT JOIN users u ON u.id = a.owner_id`

func scanAISystem(sc scanner) (aims.AISystem, error) {
	var a aims.AISystem
	var number int64
	var owner sql.NullInt64
	var roles, eu string
	var last, next sql.NullTime
	err := sc.Scan(&a.ID, &number, &a.Version, &a.Name, &a.Purpose, &a.IntendedUse, &a.ForeseeableMisuse,
		&owner, &a.OwnerName, &a.Lifecycle, &roles, &a.Autonomy, &a.HumanOversight, &a.Data,
		&a.Models, &a.Tooling, &a.Compute, &a.ThirdParty, &a.InScope, &a.ReviewIntervalMonths, &last,
		&next, &eu, &a.RiskClass, &a.Archived, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return a, err
	}
	a.Ref = aiSystems.ref(number)
	a.OwnerID = owner.Int64
	a.LastReviewed, a.NextReview = dateOf(last), dateOf(next)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.Roles = []aims.AIRole{}
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			a.Roles = append(a.Roles, aims.AIRole(r))
		}
	}
	if eu != "" {
		a.EUAIAct = &aims.Classification{}
		if err := json.Unmarshal([]byte(eu), a.EUAIAct); err != nil {
			return a, fmt.Errorf("AI system %d: EU AI Act answers: %w", a.ID, err)
		}
	}
	return a, nil
}

// AISystem reads one AI system of an organization.
func (s *Store) AISystem(ctx context.Context, orgID, id int64) (aims.AISystem, error) {
	return s.aiSystem(ctx, s.r, orgID, id)
}

func (s *Store) aiSystem(ctx context.Context, q querier, orgID, id int64) (aims.AISystem, error) {
	a, err := scanAISystem(s.queryRow(ctx, q, `SELECT `+aiSystemColumns+aiSystemFrom+` WHERE a.org_id = $1 AND a.id = $2`, orgID, id))
	return a, notFound(err, "AI system")
}

// aiSystemSort maps the sort names the list accepts to SQL. Each ends with
// the ID so that pages never overlap or skip rows that tie.
var aiSystemSort = map[string]string{
	"":            "a.name, a.id",
	"name":        "a.name, a.id",
	"ref":         "a.number, a.id",
	"lifecycle":   "a.lifecycle, a.name, a.id",
	"risk_class":  "a.risk_class, a.name, a.id",
	"next_review": "a.next_review, a.id",
	"updated_at":  "a.updated_at, a.id",
}

// AISystems lists one page of an organization's inventory with the total
// matching the filter: two queries, however many rows there are.
func (s *Store) AISystems(ctx context.Context, orgID int64, f aims.AISystemFilter) (aims.Page[aims.AISystem], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.AISystem]{Items: []aims.AISystem{}}, err
	}
	order := aiSystemSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.aiSystemQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.AISystem]{Items: []aims.AISystem{}}, err
	}
	return list(ctx, s, q, scanAISystem)
}

// EachAISystem calls fn for every AI system matching the filter, ignoring
// its paging and sort, in the order they were registered, for exports.
func (s *Store) EachAISystem(ctx context.Context, orgID int64, f aims.AISystemFilter, fn func(aims.AISystem) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.aiSystemQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanAISystem, func(a aims.AISystem) int64 { return a.ID }, fn)
}

func (s *Store) aiSystemQuery(ctx context.Context, orgID int64, f aims.AISystemFilter, order string) (listQuery, error) {
	w := newFilter("a", orgID, f.Archived)
	if f.Lifecycle != "" {
		w.and("a.lifecycle = ?", string(f.Lifecycle))
	}
	if f.RiskClass != "" {
		w.and("a.risk_class = ?", string(f.RiskClass))
	}
	if f.OwnerID != 0 {
		w.and("a.owner_id = ?", f.OwnerID)
	}
	if f.InScope != "" {
		w.and("a.in_scope = ?", f.InScope == "yes")
	}
	if f.Overdue {
		w.and("a.next_review < ?", f.Today.String())
	}
	total, err := s.search(ctx, w, aiSystems, "a", f.Q)
	return listQuery{alias: "a", table: aiSystems.name, columns: aiSystemColumns, from: aiSystemFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// aiSystemSearch is what the inventory's free-text search matches: the
// reference and the descriptive fields.
func aiSystemSearch(a aims.AISystem) string {
	return searchText(a.Ref, a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse, a.OwnerName, a.Data, a.Models,
		a.Tooling, a.Compute, a.ThirdParty, a.HumanOversight)
}

func joinRoles(roles []aims.AIRole) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func euJSON(c *aims.Classification) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c) // plain struct of strings and bools
	return string(b)
}

// CreateAISystem registers a new AI system. Only name and purpose are
// required; the rest can be filled in as the system is understood.
func (s *Store) CreateAISystem(ctx context.Context, p aims.Principal, a aims.AISystem) (aims.AISystem, error) {
	a.Normalize(s.today())
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil { // the stage gate's policy holds still
			return err
		}
		var err error
		if a.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, a.OwnerID, "owner_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, aiSystems)
		if err != nil {
			return err
		}
		now := s.timestamp()
		a.Ref, a.Version, a.Archived, a.CreatedAt, a.UpdatedAt = aiSystems.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO ai_systems (org_id, number, version, archived, created_at, updated_at, `+
			aiSystemFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+aiSystemFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, aiSystemValues(a)...)...).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert AI system: %w", err)
		}
		changes, err := aiSystems.diff(nil, a)
		if err != nil {
			return err
		}
		passed, err := s.registrationGate(ctx, tx, p, a)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, aiSystems.register, strconv.FormatInt(a.ID, 10), aims.ActionCreate, append(changes, passed...))
	})
	a.GateReason = ""
	return a, err
}

// UpdateAISystem saves an edited AI system. a.Version must be the version
// the editor read: if someone saved in between, the edit is refused with
// aims.ErrConflict rather than overwriting theirs. An edit that changes
// nothing writes nothing.
func (s *Store) UpdateAISystem(ctx context.Context, p aims.Principal, a aims.AISystem) (aims.AISystem, error) {
	var after aims.AISystem
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.aiSystem(ctx, tx, p.OrgID, a.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		a.Normalize(aims.DateOf(before.CreatedAt))
		if err := a.Validate(); err != nil {
			return err
		}
		if a.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, a.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.checkStageGate(ctx, tx, p.OrgID, before, a); err != nil { // lifecycle.go
			return err
		}
		a.Ref, a.Archived, a.CreatedAt, a.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := aiSystems.diff(before, a)
		if err != nil {
			return err
		}
		if len(changes) == 0 { // nothing to write, if nothing was missed
			after = before
			return staleIf(a.Version != before.Version)
		}
		a.UpdatedAt = s.timestamp()
		values := append(aiSystemValues(a), a.UpdatedAt)
		if err := s.update(ctx, tx, aiSystems, p.OrgID, a.ID, a.Version,
			aiSystemFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = a
		after.Version++ // a, as given, stays as it was should the transaction run again
		return s.record(ctx, tx, p, aiSystems.register, strconv.FormatInt(a.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetAISystemArchived takes a system out of the active inventory without
// deleting anything (archived), or brings it back. It is a no-op on a
// system already in the wanted state. version is the version the caller
// read; 0 takes the current one.
func (s *Store) SetAISystemArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.AISystem, error) {
	var a aims.AISystem
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.aiSystem(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, aiSystems, id, a.Version, version, a.Archived, archived)
		if changed {
			a.Archived, a.Version, a.UpdatedAt = archived, a.Version+1, at
		}
		return err
	})
	return a, err
}

// AISystemNames lists the active systems' IDs, references and names, for
// pickers such as the gap analysis's links. It is capped: a picker is not
// a list page.
func (s *Store) AISystemNames(ctx context.Context, orgID int64) ([]aims.AISystem, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, number, name FROM ai_systems WHERE org_id = $1 AND archived = $2
		ORDER BY name, id LIMIT 1000`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("AI system names: %w", err)
	}
	defer rows.Close()
	var out []aims.AISystem
	for rows.Next() {
		var a aims.AISystem
		var n int64
		if err := rows.Scan(&a.ID, &n, &a.Name); err != nil {
			return nil, err
		}
		a.Ref = aiSystems.ref(n)
		out = append(out, a)
	}
	return out, rows.Err()
}

// InventorySummary counts an organization's active AI systems by risk
// class, in scope and overdue for review: two queries, each answered from
// an index alone.
func (s *Store) InventorySummary(ctx context.Context, orgID int64) (aims.InventorySummary, error) {
	sum := aims.InventorySummary{ByClass: map[aims.RiskClass]int{}}
	rows, err := s.query(ctx, s.r, `SELECT risk_class, in_scope, count(*) FROM ai_systems
		WHERE org_id = $1 AND archived = $2 GROUP BY risk_class, in_scope`, orgID, false)
	if err != nil {
		return sum, fmt.Errorf("inventory summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var class aims.RiskClass
		var inScope bool
		var n int
		if err := rows.Scan(&class, &inScope, &n); err != nil {
			return sum, err
		}
		sum.ByClass[class] += n
		sum.Total += n
		if inScope {
			sum.InScope += n
		}
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	err = s.queryRow(ctx, s.r, `SELECT count(*) FROM ai_systems WHERE org_id = $1 AND archived = $2 AND next_review < $3`,
		orgID, false, s.today().String()).Scan(&sum.Overdue)
	if err != nil {
		return sum, fmt.Errorf("overdue reviews: %w", err)
	}
	return sum, nil
}
