package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"aims/internal/aims"
)

// refPrefix is the readable reference of the inventory: AIS-1, AIS-2, ...
const aiSystemPrefix = "AIS-"

// aiSystemMeta are the bookkeeping fields an audit diff leaves out. The
// owner's name stays in, so the history reads "Ada -> Grace", not "3 -> 5".
var aiSystemMeta = []string{"id", "ref", "version", "created_at", "updated_at", "archived"}

const aiSystemColumns = `a.id, a.number, a.version, a.name, a.purpose, a.intended_use, a.foreseeable_misuse,
	a.owner_id, COALESCE(u.name, ''), a.lifecycle, a.roles, a.autonomy, a.human_oversight, a.data_resources,
	a.models, a.tooling, a.compute, a.third_party, a.in_scope, a.review_interval_months, a.last_reviewed,
	a.next_review, a.eu_ai_act, a.risk_class, a.archived, a.created_at, a.updated_at`

const aiSystemFrom = ` FROM ai_systems a LEFT JOIN users u ON u.id = a.owner_id`

func scanAISystem(sc interface{ Scan(...any) error }) (aims.AISystem, error) {
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
	a.Ref = aiSystemPrefix + strconv.FormatInt(number, 10)
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
	if err != nil {
		return a, notFound(err, "AI system")
	}
	return a, nil
}

// aiSystemSort maps the sort names the list accepts to SQL. Each ends with
// the ID so that pages never overlap or skip rows that tie.
var aiSystemSort = map[string]string{
	"":            "a.name, a.id",
	"name":        "a.name, a.id",
	"ref":         "a.number",
	"lifecycle":   "a.lifecycle, a.name, a.id",
	"risk_class":  "a.risk_class, a.name, a.id",
	"next_review": "a.next_review, a.id",
	"updated_at":  "a.updated_at, a.id",
}

// AISystems lists one page of an organization's inventory with the total
// matching the filter: two queries, however many rows there are.
func (s *Store) AISystems(ctx context.Context, orgID int64, f aims.AISystemFilter) (aims.Page[aims.AISystem], error) {
	page := aims.Page[aims.AISystem]{Items: []aims.AISystem{}}
	if err := f.Validate(); err != nil {
		return page, err
	}
	where, args := s.aiSystemWhere(orgID, f)
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM ai_systems a`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count AI systems: %w", err)
	}
	order := aiSystemSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	// A deferred join: the inner query pages through the narrow index alone,
	// so a deep page skips index entries rather than whole rows; only the
	// page's rows are then read in full.
	args = append(args, f.Limit, f.Offset)
	rows, err := s.query(ctx, s.r, `SELECT `+aiSystemColumns+aiSystemFrom+` WHERE a.id IN (SELECT a.id FROM ai_systems a`+where+
		` ORDER BY `+order+` LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args))+`) ORDER BY `+order, args...)
	if err != nil {
		return page, fmt.Errorf("list AI systems: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAISystem(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, a)
	}
	return page, rows.Err()
}

// EachAISystem calls fn for every AI system matching the filter, ignoring
// its paging, streaming rows so that an export of any size runs in
// constant memory.
func (s *Store) EachAISystem(ctx context.Context, orgID int64, f aims.AISystemFilter, fn func(aims.AISystem) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	where, args := s.aiSystemWhere(orgID, f)
	rows, err := s.query(ctx, s.r, `SELECT `+aiSystemColumns+aiSystemFrom+where+` ORDER BY `+aiSystemSort[f.Sort], args...)
	if err != nil {
		return fmt.Errorf("export AI systems: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAISystem(rows)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// aiSystemWhere builds the filter's WHERE clause. Search terms of three
// characters or more go through the trigram index: FTS5 on SQLite (the one
// dialect fork here), pg_trgm behind LIKE on PostgreSQL. Shorter terms scan.
func (s *Store) aiSystemWhere(orgID int64, f aims.AISystemFilter) (string, []any) {
	args := []any{orgID, f.Archived}
	var b strings.Builder
	b.WriteString(` WHERE a.org_id = $1 AND a.archived = $2`)
	add := func(cond string, v any) {
		args = append(args, v)
		b.WriteString(" AND " + strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1))
	}
	if f.Lifecycle != "" {
		add("a.lifecycle = ?", string(f.Lifecycle))
	}
	if f.RiskClass != "" {
		add("a.risk_class = ?", string(f.RiskClass))
	}
	if f.OwnerID != 0 {
		add("a.owner_id = ?", f.OwnerID)
	}
	if f.InScope != "" {
		add("a.in_scope = ?", f.InScope == "yes")
	}
	if f.Overdue {
		add("a.next_review < ?", f.Today.String())
	}
	var match []string // one FTS5 query for all long terms: it intersects them itself
	for _, t := range f.Terms() {
		if s.dialect == SQLite && utf8.RuneCountInString(t) >= 3 {
			match = append(match, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		} else {
			add(`a.search LIKE ? ESCAPE '\'`, likeTerm(t))
		}
	}
	if len(match) > 0 {
		add(`a.id IN (SELECT rowid FROM ai_systems_fts WHERE ai_systems_fts MATCH ?)`, strings.Join(match, " AND "))
	}
	return b.String(), args
}

// searchText is what the inventory's free-text search matches: the
// reference and the descriptive fields, lower-cased.
func searchText(a aims.AISystem) string {
	return strings.ToLower(strings.Join([]string{a.Ref, a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse,
		a.OwnerName, a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty, a.HumanOversight}, "\n"))
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

// checkOwner makes sure an owner is a member of the organization: an ID from
// another organization is refused as unknown.
func (s *Store) checkOwner(ctx context.Context, tx *sql.Tx, orgID, userID int64, field string) (string, error) {
	if userID == 0 {
		return "", nil
	}
	var name string
	err := s.queryRow(ctx, tx, `SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID).Scan(&name)
	if err == sql.ErrNoRows {
		return "", aims.Invalid(field, "is not a member of this organization")
	}
	return name, err
}

// CreateAISystem registers a new AI system. Only name and purpose are
// required; the rest can be filled in as the system is understood.
func (s *Store) CreateAISystem(ctx context.Context, p aims.Principal, a aims.AISystem) (aims.AISystem, error) {
	a.Normalize(s.today())
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, a.OwnerID, "owner_id"); err != nil {
			return err
		}
		var number int64
		if err := s.queryRow(ctx, tx, `INSERT INTO ref_counters (org_id, kind, next) VALUES ($1, 'ai-system', 1)
			ON CONFLICT (org_id, kind) DO UPDATE SET next = ref_counters.next + 1 RETURNING next`, p.OrgID).Scan(&number); err != nil {
			return fmt.Errorf("number AI system: %w", err)
		}
		now := s.timestamp()
		a.Ref, a.Version, a.Archived, a.CreatedAt, a.UpdatedAt = aiSystemPrefix+strconv.FormatInt(number, 10), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO ai_systems (org_id, number, version, name, purpose, intended_use,
			foreseeable_misuse, owner_id, lifecycle, roles, autonomy, human_oversight, data_resources, models, tooling,
			compute, third_party, in_scope, review_interval_months, last_reviewed, next_review, eu_ai_act, risk_class,
			search, archived, created_at, updated_at)
			VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25, $25) RETURNING id`,
			p.OrgID, number, a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse, nullID(a.OwnerID), a.Lifecycle,
			joinRoles(a.Roles), a.Autonomy, a.HumanOversight, a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty,
			a.InScope, a.ReviewIntervalMonths, nullDate(a.LastReviewed), nullDate(a.NextReview), euJSON(a.EUAIAct),
			a.RiskClass, searchText(a), false, now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert AI system: %w", err)
		}
		changes, err := aims.Diff(nil, a, aiSystemMeta...)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "ai-systems", strconv.FormatInt(a.ID, 10), aims.ActionCreate, changes)
	})
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
		if before.Version != a.Version {
			return aims.ErrConflict
		}
		a.Normalize(aims.DateOf(before.CreatedAt))
		if err := a.Validate(); err != nil {
			return err
		}
		if a.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, a.OwnerID, "owner_id"); err != nil {
			return err
		}
		a.Ref, a.Archived, a.CreatedAt, a.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := aims.Diff(before, a, aiSystemMeta...)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return nil
		}
		a.UpdatedAt = s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE ai_systems SET version = version + 1, name = $1, purpose = $2, intended_use = $3,
			foreseeable_misuse = $4, owner_id = $5, lifecycle = $6, roles = $7, autonomy = $8, human_oversight = $9,
			data_resources = $10, models = $11, tooling = $12, compute = $13, third_party = $14, in_scope = $15,
			review_interval_months = $16, last_reviewed = $17, next_review = $18, eu_ai_act = $19, risk_class = $20,
			search = $21, updated_at = $22
			WHERE org_id = $23 AND id = $24 AND version = $25`,
			a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse, nullID(a.OwnerID), a.Lifecycle, joinRoles(a.Roles),
			a.Autonomy, a.HumanOversight, a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty, a.InScope,
			a.ReviewIntervalMonths, nullDate(a.LastReviewed), nullDate(a.NextReview), euJSON(a.EUAIAct), a.RiskClass,
			searchText(a), a.UpdatedAt, p.OrgID, a.ID, a.Version)
		if err != nil {
			return fmt.Errorf("update AI system: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return aims.ErrConflict
		}
		a.Version++
		after = a
		return s.record(ctx, tx, p, "ai-systems", strconv.FormatInt(a.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// ArchiveAISystem takes a system out of the active inventory without
// deleting anything; RestoreAISystem brings it back. Both are no-ops on a
// system already in the wanted state. version, when not 0, must match.
func (s *Store) ArchiveAISystem(ctx context.Context, p aims.Principal, id int64, version int) (aims.AISystem, error) {
	return s.setAISystemArchived(ctx, p, id, version, true)
}

// RestoreAISystem returns an archived system to the active inventory.
func (s *Store) RestoreAISystem(ctx context.Context, p aims.Principal, id int64, version int) (aims.AISystem, error) {
	return s.setAISystemArchived(ctx, p, id, version, false)
}

func (s *Store) setAISystemArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.AISystem, error) {
	var a aims.AISystem
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.aiSystem(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		if version != 0 && version != a.Version {
			return aims.ErrConflict
		}
		if a.Archived == archived {
			return nil
		}
		a.UpdatedAt = s.timestamp()
		if _, err := s.exec(ctx, tx, `UPDATE ai_systems SET archived = $1, version = version + 1, updated_at = $2
			WHERE org_id = $3 AND id = $4`, archived, a.UpdatedAt, p.OrgID, id); err != nil {
			return fmt.Errorf("archive AI system: %w", err)
		}
		a.Archived = archived
		a.Version++
		action := aims.ActionArchive
		if !archived {
			action = aims.ActionRestore
		}
		return s.record(ctx, tx, p, "ai-systems", strconv.FormatInt(id, 10), action,
			[]aims.Change{{Field: "archived", Old: json.RawMessage(strconv.FormatBool(!archived)), New: json.RawMessage(strconv.FormatBool(archived))}})
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
		a.Ref = aiSystemPrefix + strconv.FormatInt(n, 10)
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
