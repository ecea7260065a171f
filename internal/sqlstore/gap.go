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

const gapColumns = `g.requirement_id, g.status, g.justification, g.owner_id, COALESCE(u.name, ''), g.target_date,
	g.notes, g.version, g.updated_at, g.updated_by`

func scanGap(sc interface{ Scan(...any) error }) (aims.GapEntry, error) {
	var e aims.GapEntry
	var owner sql.NullInt64
	var target sql.NullTime
	err := sc.Scan(&e.RequirementID, &e.Status, &e.Justification, &owner, &e.OwnerName, &target,
		&e.Notes, &e.Version, &e.UpdatedAt, &e.UpdatedBy)
	e.ID, e.OwnerID, e.TargetDate, e.UpdatedAt = e.RequirementID, owner.Int64, dateOf(target), e.UpdatedAt.UTC()
	e.Links = []aims.GapLink{}
	return e, err
}

// GapEntries returns every gap entry an organization has recorded, keyed by
// requirement ID, with their links: two queries for the whole analysis.
// Requirements without an entry are not started.
func (s *Store) GapEntries(ctx context.Context, orgID int64) (map[string]aims.GapEntry, error) {
	return s.gapEntries(ctx, s.r, orgID, "")
}

// GapEntry reads one requirement's entry; a requirement never assessed comes
// back as not started, version 0.
func (s *Store) GapEntry(ctx context.Context, orgID int64, requirementID string) (aims.GapEntry, error) {
	m, err := s.gapEntries(ctx, s.r, orgID, requirementID)
	if err != nil {
		return aims.GapEntry{}, err
	}
	return entryOrNew(m, requirementID), nil
}

func entryOrNew(m map[string]aims.GapEntry, id string) aims.GapEntry {
	if e, ok := m[id]; ok {
		return e
	}
	return aims.GapEntry{ID: id, RequirementID: id, Status: aims.GapNotStarted, Links: []aims.GapLink{}}
}

func (s *Store) gapEntries(ctx context.Context, q querier, orgID int64, only string) (map[string]aims.GapEntry, error) {
	out := map[string]aims.GapEntry{}
	rows, err := s.query(ctx, q, `SELECT `+gapColumns+` FROM gap_entries g LEFT JOIN users u ON u.id = g.owner_id
		WHERE g.org_id = $1 AND ($2 = '' OR g.requirement_id = $2)`, orgID, only)
	if err != nil {
		return nil, fmt.Errorf("gap entries: %w", err)
	}
	for rows.Next() {
		e, err := scanGap(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out[e.RequirementID] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, q, `SELECT l.requirement_id, COALESCE(l.ai_system_id, 0), COALESCE(a.number, 0), l.url, l.title
		FROM gap_links l LEFT JOIN ai_systems a ON a.org_id = l.org_id AND a.id = l.ai_system_id
		WHERE l.org_id = $1 AND ($2 = '' OR l.requirement_id = $2) ORDER BY l.requirement_id, l.position`, orgID, only)
	if err != nil {
		return nil, fmt.Errorf("gap links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var number int64
		var l aims.GapLink
		if err := rows.Scan(&id, &l.AISystemID, &number, &l.URL, &l.Title); err != nil {
			return nil, err
		}
		if number != 0 {
			l.AISystemRef = aiSystems.ref(number)
		}
		e := out[id]
		e.Links = append(e.Links, l)
		out[id] = e
	}
	return out, rows.Err()
}

// gapMeta are the bookkeeping fields an audit diff of a gap entry leaves out.
var gapMeta = []string{"id", "requirement_id", "version", "updated_at", "updated_by"}

// gapFields are the columns an assessment writes.
var gapFields = columns{"status", "justification", "owner_id", "target_date", "notes", "updated_at", "updated_by"}

// UpdateGapEntry records the gap analysis's judgement of one requirement.
// e.Version is the version the editor read (0 for a requirement never
// assessed); a stale version is refused with aims.ErrConflict. The caller
// checks that the requirement exists in the catalog.
func (s *Store) UpdateGapEntry(ctx context.Context, p aims.Principal, e aims.GapEntry) (aims.GapEntry, error) {
	if e.Links == nil {
		e.Links = []aims.GapLink{}
	}
	e.ID = e.RequirementID
	if err := e.Validate(); err != nil {
		return e, err
	}
	var after aims.GapEntry
	err := s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.gapEntries(ctx, tx, p.OrgID, e.RequirementID)
		if err != nil {
			return err
		}
		before := entryOrNew(m, e.RequirementID)
		if e.Status == aims.GapNotApplicable && before.Status != aims.GapNotApplicable {
			chosen, err := s.lockedChosenControls(ctx, tx, p.OrgID)
			if err != nil {
				return err
			}
			if risks := chosen[e.RequirementID]; len(risks) > 0 {
				return aims.Invalid("status", "cannot be not applicable: the treatment of "+strings.Join(risks, ", ")+" chose this control")
			}
		}
		if e.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, e.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.resolveGapLinks(ctx, tx, p.OrgID, e.Links); err != nil {
			return err
		}
		changes, err := aims.Diff(before, e, gapMeta...)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(e.Version != before.Version)
		}
		e.UpdatedAt, e.UpdatedBy = s.timestamp(), p.Actor()
		values := []any{e.Status, e.Justification, nullID(e.OwnerID), nullDate(e.TargetDate), e.Notes, e.UpdatedAt, e.UpdatedBy}
		if e.Version == 0 {
			// The first assessment creates the row; a concurrent first
			// assessment finds it there and is a conflict, as a stale
			// version would be.
			res, err := s.exec(ctx, tx, `INSERT INTO gap_entries (org_id, requirement_id, version, `+gapFields.String()+`)
				VALUES ($1, $2, 1, `+gapFields.values(3)+`) ON CONFLICT (org_id, requirement_id) DO NOTHING`,
				append([]any{p.OrgID, e.RequirementID}, values...)...)
			if err != nil {
				return fmt.Errorf("save gap entry %s: %w", e.RequirementID, err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return aims.ErrConflict
			}
		} else if err := s.versioned(ctx, tx, "gap_entries", "requirement_id", gapFields.set(1), p.OrgID, e.RequirementID, e.Version, values...); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM gap_links WHERE org_id = $1 AND requirement_id = $2`, p.OrgID, e.RequirementID); err != nil {
			return fmt.Errorf("replace gap links: %w", err)
		}
		for i, l := range e.Links {
			if _, err := s.exec(ctx, tx, `INSERT INTO gap_links (org_id, requirement_id, position, ai_system_id, url, title)
				VALUES ($1, $2, $3, $4, $5, $6)`, p.OrgID, e.RequirementID, i, nullID(l.AISystemID), l.URL, l.Title); err != nil {
				return fmt.Errorf("insert gap link: %w", err)
			}
		}
		after = e
		after.Version++ // e, as given, stays as it was should the transaction run again
		return s.record(ctx, tx, p, aims.RegisterGap, e.RequirementID, aims.ActionUpdate, changes)
	})
	return after, err
}

// resolveGapLinks checks that linked AI systems belong to the organization
// and fills in their references and, where the link has none, their names.
func (s *Store) resolveGapLinks(ctx context.Context, tx *sql.Tx, orgID int64, links []aims.GapLink) error {
	for i, l := range links {
		if l.AISystemID == 0 {
			continue
		}
		var number int64
		var name string
		err := s.queryRow(ctx, tx, `SELECT number, name FROM ai_systems WHERE org_id = $1 AND id = $2`, orgID, l.AISystemID).Scan(&number, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("links", "AI system "+strconv.FormatInt(l.AISystemID, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		links[i].AISystemRef = aiSystems.ref(number)
		if links[i].Title == "" {
			links[i].Title = name
		}
	}
	return nil
}

// GapRequirementsFor lists the requirements whose gap entries link to an AI
// system: the other direction of the link, shown on the system's page.
func (s *Store) GapRequirementsFor(ctx context.Context, orgID, aiSystemID int64) ([]string, error) {
	rows, err := s.query(ctx, s.r, `SELECT DISTINCT requirement_id FROM gap_links WHERE org_id = $1 AND ai_system_id = $2
		ORDER BY requirement_id`, orgID, aiSystemID)
	if err != nil {
		return nil, fmt.Errorf("gap links of AI system: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
