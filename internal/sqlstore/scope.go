package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// scopeSupport: the scope statement supports 4.3 once it states its
// boundaries, every live AI system left out of the scope has its reason,
// and the scope document it links has an approved version. Like the
// context statement its ID is the organization's and its number the
// version, so the gap analysis shows "AIMS scope v3" and links to /scope.
var scopeSupport = supporter{
	t: table{name: "scope_statements", register: aims.RegisterScope, prefix: "AIMS scope v"},
	query: `SELECT '4.3' AS requirement_id, s.org_id AS id, s.version AS number, d.title AS title
		FROM scope_statements s JOIN documents d ON d.org_id = s.org_id AND d.id = s.document_id
		WHERE s.org_id = $1 AND s.boundaries <> '' AND d.approved_number > 0 AND NOT d.archived
		AND NOT EXISTS (SELECT 1 FROM ai_systems a WHERE a.org_id = s.org_id AND NOT a.archived AND NOT a.in_scope
			AND NOT EXISTS (SELECT 1 FROM scope_exclusions e WHERE e.org_id = a.org_id AND e.ai_system_id = a.id))`}

// ScopeStatement reads the organization's scope statement with its lists
// and links; one never written comes back empty at version 0.
func (s *Store) ScopeStatement(ctx context.Context, orgID int64) (aims.ScopeStatement, error) {
	return s.scopeStatement(ctx, s.r, orgID)
}

func (s *Store) scopeStatement(ctx context.Context, q querier, orgID int64) (aims.ScopeStatement, error) {
	var st aims.ScopeStatement
	st.Normalize()
	var doc sql.NullInt64
	err := s.queryRow(ctx, q, `SELECT version, boundaries, document_id, updated_at, updated_by FROM scope_statements WHERE org_id = $1`,
		orgID).Scan(&st.Version, &st.Boundaries, &doc, &st.UpdatedAt, &st.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("scope statement: %w", err)
	}
	st.DocumentID, st.UpdatedAt = doc.Int64, st.UpdatedAt.UTC()
	if st.DocumentID != 0 {
		var d aims.ScopeDocument
		var n int64
		if err := s.queryRow(ctx, q, `SELECT number, title, state, approved_number FROM documents WHERE org_id = $1 AND id = $2`,
			orgID, st.DocumentID).Scan(&n, &d.Title, &d.State, &d.ApprovedNumber); err != nil {
			return st, fmt.Errorf("scope document: %w", err)
		}
		d.Ref = documents.ref(n)
		st.Document = &d
	}
	rows, err := s.query(ctx, q, `SELECT e.ai_system_id, a.number, a.name, e.reason FROM scope_exclusions e
		JOIN ai_systems a ON a.org_id = e.org_id AND a.id = e.ai_system_id WHERE e.org_id = $1 ORDER BY e.ai_system_id`, orgID)
	if err != nil {
		return st, fmt.Errorf("scope exclusions: %w", err)
	}
	for rows.Next() {
		var e aims.ScopeExclusion
		var n int64
		if err := rows.Scan(&e.AISystemID, &n, &e.Name, &e.Reason); err != nil {
			rows.Close()
			return st, err
		}
		e.Ref = aiSystems.ref(n)
		st.Exclusions = append(st.Exclusions, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = s.query(ctx, q, `SELECT name, in_scope, reason, interfaces FROM scope_units WHERE org_id = $1 ORDER BY position`, orgID)
	if err != nil {
		return st, fmt.Errorf("scope units: %w", err)
	}
	for rows.Next() {
		var u aims.ScopeUnit
		if err := rows.Scan(&u.Name, &u.InScope, &u.Reason, &u.Interfaces); err != nil {
			rows.Close()
			return st, err
		}
		st.Units = append(st.Units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = s.query(ctx, q, `SELECT name, in_scope, reason FROM scope_sites WHERE org_id = $1 ORDER BY position`, orgID)
	if err != nil {
		return st, fmt.Errorf("scope sites: %w", err)
	}
	for rows.Next() {
		var site aims.ScopeSite
		if err := rows.Scan(&site.Name, &site.InScope, &site.Reason); err != nil {
			rows.Close()
			return st, err
		}
		st.Sites = append(st.Sites, site)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	if st.Issues, err = s.links(ctx, q, `SELECT c.id, c.number, c.title FROM scope_issues l
		JOIN context_issues c ON c.org_id = l.org_id AND c.id = l.issue_id WHERE l.org_id = $1 ORDER BY c.id`, contextIssues, orgID); err != nil {
		return st, err
	}
	if st.Obligations, err = s.links(ctx, q, `SELECT o.id, o.number, o.title FROM scope_obligations l
		JOIN obligations o ON o.org_id = l.org_id AND o.id = l.obligation_id WHERE l.org_id = $1 ORDER BY o.id`, obligations, orgID); err != nil {
		return st, err
	}
	st.Parties, err = s.links(ctx, q, `SELECT p.id, p.number, p.name FROM scope_parties l
		JOIN interested_parties p ON p.org_id = l.org_id AND p.id = l.party_id WHERE l.org_id = $1 ORDER BY p.id`, parties, orgID)
	return st, err
}

// ScopeSystems lists the organization's live AI systems with the
// inventory's in-scope flag: the scope page shows them, the statement
// does not copy them.
func (s *Store) ScopeSystems(ctx context.Context, orgID int64) ([]aims.AISystem, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, number, name, in_scope FROM ai_systems WHERE org_id = $1 AND archived = $2
		ORDER BY name, id LIMIT 1000`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("scope AI systems: %w", err)
	}
	defer rows.Close()
	out := []aims.AISystem{}
	for rows.Next() {
		var a aims.AISystem
		var n int64
		if err := rows.Scan(&a.ID, &n, &a.Name, &a.InScope); err != nil {
			return nil, err
		}
		a.Ref = aiSystems.ref(n)
		out = append(out, a)
	}
	return out, rows.Err()
}

// resolveScope checks that everything the statement links is the
// organization's (a field error otherwise, before anything is written) and
// fills in references and names for the audit diff.
func (s *Store) resolveScope(ctx context.Context, tx *sql.Tx, orgID int64, st *aims.ScopeStatement) error {
	if st.DocumentID != 0 {
		var kind string
		err := s.queryRow(ctx, tx, `SELECT kind FROM documents WHERE org_id = $1 AND id = $2`, orgID, st.DocumentID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("document_id", "document "+strconv.FormatInt(st.DocumentID, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		if aims.DocKind(kind) != aims.KindScope {
			return aims.Invalid("document_id", "must be a document of the kind "+string(aims.KindScope))
		}
	}
	for i, e := range st.Exclusions {
		var n int64
		var inScope bool
		err := s.queryRow(ctx, tx, `SELECT number, name, in_scope FROM ai_systems WHERE org_id = $1 AND id = $2`, orgID, e.AISystemID).
			Scan(&n, &st.Exclusions[i].Name, &inScope)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("exclusions", "AI system "+strconv.FormatInt(e.AISystemID, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		st.Exclusions[i].Ref = aiSystems.ref(n)
		if inScope {
			// A reason kept for a system in scope would quietly become its
			// justification the day someone takes it out.
			return aims.Invalid("exclusions", st.Exclusions[i].Ref+" is in the scope of the AIMS: only a system out of scope has an exclusion reason")
		}
	}
	if err := s.resolveLinks(ctx, tx, contextIssues, "title", orgID, "issues", st.Issues); err != nil {
		return err
	}
	if err := s.resolveLinks(ctx, tx, obligations, "title", orgID, "obligations", st.Obligations); err != nil {
		return err
	}
	return s.resolveLinks(ctx, tx, parties, "name", orgID, "parties", st.Parties)
}

// replaceScopeRows writes the statement's lists and links afresh, in the
// transaction of its write.
func (s *Store) replaceScopeRows(ctx context.Context, tx *sql.Tx, orgID int64, st aims.ScopeStatement) error {
	for _, t := range []string{"scope_exclusions", "scope_units", "scope_sites", "scope_issues", "scope_obligations", "scope_parties"} {
		if _, err := s.exec(ctx, tx, `DELETE FROM `+t+` WHERE org_id = $1`, orgID); err != nil {
			return fmt.Errorf("replace %s: %w", t, err)
		}
	}
	for _, e := range st.Exclusions {
		if _, err := s.exec(ctx, tx, `INSERT INTO scope_exclusions (org_id, ai_system_id, reason) VALUES ($1, $2, $3)`, orgID, e.AISystemID, e.Reason); err != nil {
			return fmt.Errorf("insert scope exclusion: %w", err)
		}
	}
	for i, u := range st.Units {
		if _, err := s.exec(ctx, tx, `INSERT INTO scope_units (org_id, position, name, in_scope, reason, interfaces) VALUES ($1, $2, $3, $4, $5, $6)`,
			orgID, i+1, u.Name, u.InScope, u.Reason, u.Interfaces); err != nil {
			return fmt.Errorf("insert scope unit: %w", err)
		}
	}
	for i, site := range st.Sites {
		if _, err := s.exec(ctx, tx, `INSERT INTO scope_sites (org_id, position, name, in_scope, reason) VALUES ($1, $2, $3, $4, $5)`,
			orgID, i+1, site.Name, site.InScope, site.Reason); err != nil {
			return fmt.Errorf("insert scope site: %w", err)
		}
	}
	for _, l := range []struct {
		table, col string
		links      []aims.Link
	}{{"scope_issues", "issue_id", st.Issues}, {"scope_obligations", "obligation_id", st.Obligations}, {"scope_parties", "party_id", st.Parties}} {
		for _, link := range l.links {
			if _, err := s.exec(ctx, tx, `INSERT INTO `+l.table+` (org_id, `+l.col+`) VALUES ($1, $2)`, orgID, link.ID); err != nil {
				return fmt.Errorf("insert %s: %w", l.table, err)
			}
		}
	}
	return nil
}

// UpdateScopeStatement saves the organization's scope statement at the
// version its editor read (0 for the first). The first write creates the
// row: of concurrent first writers one wins, the others find the row there
// and get aims.ErrConflict, as a stale version would. The lists and links
// are replaced in the same transaction and their change is in the audit
// diff.
func (s *Store) UpdateScopeStatement(ctx context.Context, p aims.Principal, st aims.ScopeStatement) (aims.ScopeStatement, error) {
	st.Normalize()
	if err := st.Validate(); err != nil {
		return st, err
	}
	var after aims.ScopeStatement
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st := st
		if err := s.resolveScope(ctx, tx, p.OrgID, &st); err != nil {
			return err
		}
		before, err := s.scopeStatement(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		changes, err := aims.Diff(before, st, aims.ScopeMeta...)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(st.Version != before.Version)
		}
		st.UpdatedAt, st.UpdatedBy = s.timestamp(), p.Actor()
		if st.Version == 0 {
			res, err := s.exec(ctx, tx, `INSERT INTO scope_statements (org_id, version, boundaries, document_id, updated_at, updated_by)
				VALUES ($1, 1, $2, $3, $4, $5) ON CONFLICT (org_id) DO NOTHING`, p.OrgID, st.Boundaries, nullID(st.DocumentID), st.UpdatedAt, st.UpdatedBy)
			if err != nil {
				return fmt.Errorf("save scope statement: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return aims.ErrConflict
			}
		} else if err := s.versioned(ctx, tx, "scope_statements", "org_id", "boundaries = $1, document_id = $2, updated_at = $3, updated_by = $4",
			p.OrgID, p.OrgID, st.Version, st.Boundaries, nullID(st.DocumentID), st.UpdatedAt, st.UpdatedBy); err != nil {
			return err
		}
		if err := s.replaceScopeRows(ctx, tx, p.OrgID, st); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, aims.RegisterScope, strconv.FormatInt(p.OrgID, 10), aims.ActionUpdate, changes); err != nil {
			return err
		}
		after, err = s.scopeStatement(ctx, tx, p.OrgID)
		return err
	})
	return after, err
}
