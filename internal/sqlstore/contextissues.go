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

// contextIssues is the register of internal and external issues (4.1).
var contextIssues = table{name: "context_issues", register: aims.RegisterContextIssues, prefix: "CTX-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// contextIssueSupport: every live context issue supports 4.1.
var contextIssueSupport = supporter{t: contextIssues, query: `
	SELECT '4.1' AS requirement_id, id, number, title FROM context_issues WHERE org_id = $1 AND NOT archived`}

var contextIssueFields = columns{"title", "origin", "category", "description", "effect", "owner_id", "review_date", "search"}

func contextIssueValues(c aims.ContextIssue) []any {
	return []any{c.Title, c.Origin, c.Category, c.Description, c.Effect, nullID(c.OwnerID), nullDate(c.ReviewDate), contextIssueSearch(c)}
}

const contextIssueColumns = `c.id, c.number, c.version, c.title, c.origin, c.category, c.description, c.effect,
	c.owner_id, COALESCE(u.name, ''), c.review_date, c.archived, c.created_at, c.updated_at`

const contextIssueFrom = ` FROM context_issues c LEFT JOIN users u ON u.id = c.owner_id`

func scanContextIssue(sc scanner) (aims.ContextIssue, error) {
	var c aims.ContextIssue
	var number int64
	var owner sql.NullInt64
	var review sql.NullTime
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Title, &c.Origin, &c.Category, &c.Description, &c.Effect,
		&owner, &c.OwnerName, &review, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref, c.OwnerID, c.ReviewDate = contextIssues.ref(number), owner.Int64, dateOf(review)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.AISystems = []aims.Link{}
	return c, err
}

// ContextIssue reads one context issue of an organization with the AI
// systems it bears on.
func (s *Store) ContextIssue(ctx context.Context, orgID, id int64) (aims.ContextIssue, error) {
	return s.contextIssue(ctx, s.r, orgID, id)
}

func (s *Store) contextIssue(ctx context.Context, q querier, orgID, id int64) (aims.ContextIssue, error) {
	c, err := scanContextIssue(s.queryRow(ctx, q, `SELECT `+contextIssueColumns+contextIssueFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if err != nil {
		return c, notFound(err, "context issue")
	}
	c.AISystems, err = s.links(ctx, q, `SELECT a.id, a.number, a.name FROM context_issue_systems l
		JOIN ai_systems a ON a.org_id = l.org_id AND a.id = l.ai_system_id
		WHERE l.org_id = $1 AND l.issue_id = $2 ORDER BY a.id`, aiSystems, orgID, id)
	return c, err
}

// links reads a record's links: rows of id, number and name.
func (s *Store) links(ctx context.Context, q querier, query string, t table, args ...any) ([]aims.Link, error) {
	rows, err := s.query(ctx, q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("links to %s: %w", t.name, err)
	}
	defer rows.Close()
	out := []aims.Link{}
	for rows.Next() {
		var l aims.Link
		var n int64
		if err := rows.Scan(&l.ID, &n, &l.Name); err != nil {
			return nil, err
		}
		l.Ref = t.ref(n)
		out = append(out, l)
	}
	return out, rows.Err()
}

// resolveLinks checks that every linked record is one of the
// organization's and fills in its reference and name: an ID of another
// organization is refused as unknown, a field error like a foreign owner.
func (s *Store) resolveLinks(ctx context.Context, tx *sql.Tx, t table, nameCol string, orgID int64, field string, links []aims.Link) error {
	for i, l := range links {
		var n int64
		err := s.queryRow(ctx, tx, `SELECT number, `+nameCol+` FROM `+t.name+` WHERE org_id = $1 AND id = $2`, orgID, l.ID).Scan(&n, &links[i].Name)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid(field, "record "+strconv.FormatInt(l.ID, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		links[i].Ref = t.ref(n)
	}
	return nil
}

var contextIssueSort = map[string]string{
	"":            "c.title, c.id",
	"title":       "c.title, c.id",
	"ref":         "c.number, c.id",
	"category":    "c.category, c.title, c.id",
	"origin":      "c.origin, c.title, c.id",
	"review_date": "c.review_date, c.id",
	"updated_at":  "c.updated_at, c.id",
}

// ContextIssues lists one page of an organization's context issues with
// the total matching the filter: two queries. The list leaves each issue's
// AI systems out; the record has them.
func (s *Store) ContextIssues(ctx context.Context, orgID int64, f aims.ContextIssueFilter) (aims.Page[aims.ContextIssue], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.ContextIssue]{Items: []aims.ContextIssue{}}, err
	}
	order := contextIssueSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.contextIssueQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.ContextIssue]{Items: []aims.ContextIssue{}}, err
	}
	return list(ctx, s, q, scanContextIssue)
}

// EachContextIssue calls fn for every issue matching the filter, in the
// order they were recorded, for exports.
func (s *Store) EachContextIssue(ctx context.Context, orgID int64, f aims.ContextIssueFilter, fn func(aims.ContextIssue) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.contextIssueQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanContextIssue, func(c aims.ContextIssue) int64 { return c.ID }, fn)
}

func (s *Store) contextIssueQuery(ctx context.Context, orgID int64, f aims.ContextIssueFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.Origin != "" {
		w.and("c.origin = ?", string(f.Origin))
	}
	if f.Category != "" {
		w.and("c.category = ?", string(f.Category))
	}
	if f.OwnerID != 0 {
		w.and("c.owner_id = ?", f.OwnerID)
	}
	if f.AISystemID != 0 {
		// Not correlated ($1 is the organization): the link table's index
		// picks the few issues once, rather than once per issue.
		w.and("c.id IN (SELECT l.issue_id FROM context_issue_systems l WHERE l.org_id = $1 AND l.ai_system_id = ?)", f.AISystemID)
	}
	total, err := s.search(ctx, w, contextIssues, "c", f.Q)
	return listQuery{alias: "c", table: contextIssues.name, columns: contextIssueColumns, from: contextIssueFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func contextIssueSearch(c aims.ContextIssue) string {
	return searchText(c.Ref, c.Title, c.Description, c.Effect, c.OwnerName, c.Category.Label())
}

// CreateContextIssue records a new context issue.
func (s *Store) CreateContextIssue(ctx context.Context, p aims.Principal, c aims.ContextIssue) (aims.ContextIssue, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	var created aims.ContextIssue
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := c // the transaction may run again
		var err error
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, aiSystems, "name", p.OrgID, "ai_systems", c.AISystems); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, contextIssues)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = contextIssues.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO context_issues (org_id, number, version, archived, created_at, updated_at, `+
			contextIssueFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+contextIssueFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, contextIssueValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert context issue: %w", err)
		}
		if err := s.replaceIssueSystems(ctx, tx, p.OrgID, c); err != nil {
			return err
		}
		changes, err := contextIssues.diff(nil, c)
		if err != nil {
			return err
		}
		created = c
		return s.record(ctx, tx, p, contextIssues.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

// replaceIssueSystems writes an issue's links to AI systems afresh, in the
// transaction of the issue's write.
func (s *Store) replaceIssueSystems(ctx context.Context, tx *sql.Tx, orgID int64, c aims.ContextIssue) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM context_issue_systems WHERE org_id = $1 AND issue_id = $2`, orgID, c.ID); err != nil {
		return fmt.Errorf("replace context issue links: %w", err)
	}
	for _, l := range c.AISystems {
		if _, err := s.exec(ctx, tx, `INSERT INTO context_issue_systems (org_id, issue_id, ai_system_id) VALUES ($1, $2, $3)`,
			orgID, c.ID, l.ID); err != nil {
			return fmt.Errorf("insert context issue link: %w", err)
		}
	}
	return nil
}

// UpdateContextIssue saves an edited context issue at the version its
// editor read; a stale version is refused with aims.ErrConflict. Its links
// to AI systems are replaced in the same transaction, and their change is
// in the audit diff.
func (s *Store) UpdateContextIssue(ctx context.Context, p aims.Principal, c aims.ContextIssue) (aims.ContextIssue, error) {
	var after aims.ContextIssue
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := c
		before, err := s.contextIssue(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveLinks(ctx, tx, aiSystems, "name", p.OrgID, "ai_systems", c.AISystems); err != nil {
			return err
		}
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := contextIssues.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(contextIssueValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, contextIssues, p.OrgID, c.ID, c.Version,
			contextIssueFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.replaceIssueSystems(ctx, tx, p.OrgID, c); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, contextIssues.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetContextIssueArchived archives or restores a context issue.
func (s *Store) SetContextIssueArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.ContextIssue, error) {
	var c aims.ContextIssue
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.contextIssue(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, contextIssues, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// contextStatementSupport: the context statement supports 4.1 once its
// climate change decision is recorded. It is the organization's one
// statement: its ID is the organization's and its number the version, so
// the gap analysis shows "Context statement v3" and links to /context.
var contextStatementSupport = supporter{
	t: table{name: "context_statements", register: aims.RegisterContext, prefix: "Context statement v"},
	query: `SELECT '4.1' AS requirement_id, org_id AS id, version AS number,
		CASE climate_relevant WHEN 'yes' THEN 'Climate change judged relevant' ELSE 'Climate change judged not relevant' END AS title
		FROM context_statements WHERE org_id = $1 AND climate_relevant <> ''`}

// contextStatementMeta are the bookkeeping fields its audit diff leaves out.
var contextStatementMeta = []string{"version", "updated_at", "updated_by"}

var contextStatementFields = columns{"roles", "roles_note", "climate_relevant", "climate_reasoning", "last_reviewed", "updated_at", "updated_by"}

// ContextStatement reads the organization's context statement; one never
// written comes back empty at version 0.
func (s *Store) ContextStatement(ctx context.Context, orgID int64) (aims.ContextStatement, error) {
	return s.contextStatement(ctx, s.r, orgID)
}

func (s *Store) contextStatement(ctx context.Context, q querier, orgID int64) (aims.ContextStatement, error) {
	var c aims.ContextStatement
	var roles string
	var last sql.NullTime
	err := s.queryRow(ctx, q, `SELECT version, roles, roles_note, climate_relevant, climate_reasoning, last_reviewed, updated_at, updated_by
		FROM context_statements WHERE org_id = $1`, orgID).Scan(&c.Version, &roles, &c.RolesNote, &c.ClimateRelevant,
		&c.ClimateReasoning, &last, &c.UpdatedAt, &c.UpdatedBy)
	c.Roles = []aims.AIRole{}
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("context statement: %w", err)
	}
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			c.Roles = append(c.Roles, aims.AIRole(r))
		}
	}
	c.LastReviewed, c.UpdatedAt = dateOf(last), c.UpdatedAt.UTC()
	return c, nil
}

// UpdateContextStatement saves the organization's context statement at the
// version its editor read (0 for the first). The first write creates the
// row: of concurrent first writers one wins, the others find the row there
// and get aims.ErrConflict, as a stale version would.
func (s *Store) UpdateContextStatement(ctx context.Context, p aims.Principal, c aims.ContextStatement) (aims.ContextStatement, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	var after aims.ContextStatement
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := c
		before, err := s.contextStatement(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		changes, err := aims.Diff(before, c, contextStatementMeta...)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt, c.UpdatedBy = s.timestamp(), p.Actor()
		values := []any{joinRoles(c.Roles), c.RolesNote, c.ClimateRelevant, c.ClimateReasoning, nullDate(c.LastReviewed), c.UpdatedAt, c.UpdatedBy}
		if c.Version == 0 {
			res, err := s.exec(ctx, tx, `INSERT INTO context_statements (org_id, version, `+contextStatementFields.String()+`)
				VALUES ($1, 1, `+contextStatementFields.values(2)+`) ON CONFLICT (org_id) DO NOTHING`, append([]any{p.OrgID}, values...)...)
			if err != nil {
				return fmt.Errorf("save context statement: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return aims.ErrConflict
			}
		} else if err := s.versioned(ctx, tx, "context_statements", "org_id", contextStatementFields.set(1), p.OrgID, p.OrgID, c.Version, values...); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, aims.RegisterContext, strconv.FormatInt(p.OrgID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}
