package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// information is the register of information for interested parties: for
// users (A.8.2), the means to report adverse impacts (A.8.3) and the
// reporting obligations with their due dates (A.8.5).
var information = table{name: "ai_information", register: aims.RegisterInformation, prefix: "INF-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "ai_system_name", "owner_name", "document_ref", "document_title"}}

// informationSupport: a live record of each kind supports its control.
// Information for users counts once reviewed; a reporting obligation once
// it was done at least once: the records an auditor would accept.
var informationSupport = supporter{t: information, query: `
	SELECT CASE kind WHEN 'user-information' THEN 'A.8.2' WHEN 'reporting-means' THEN 'A.8.3' ELSE 'A.8.5' END AS requirement_id,
		id, number, title FROM ai_information
	WHERE org_id = $1 AND NOT archived AND (
		(kind = 'user-information' AND last_reviewed IS NOT NULL) OR kind = 'reporting-means'
		OR (kind = 'reporting-obligation' AND last_done IS NOT NULL))`}

// informationDue: the next report under a reporting obligation (A.8.5).
const informationDue dueSource = `SELECT org_id, 'ai-information', CAST(id AS TEXT), 'INF-' || number, title,
	'Report to interested parties (A.8.5)', CAST(next_due AS TEXT), owner_id FROM ai_information
	WHERE NOT archived AND kind = 'reporting-obligation' AND next_due IS NOT NULL`

var informationFields = columns{"kind", "ai_system_id", "title", "details", "audience", "channel", "document_id", "link",
	"public_page", "frequency", "next_due", "last_done", "last_reviewed", "owner_id", "search"}

func informationValues(n aims.Information) []any {
	return []any{n.Kind, nullID(n.AISystemID), n.Title, n.Details, n.Audience, n.Channel, nullID(n.DocumentID), n.Link,
		n.PublicPage, n.Frequency, nullDate(n.NextDue), nullDate(n.LastDone), nullDate(n.LastReviewed), nullID(n.OwnerID), informationSearch(n)}
}

const informationColumns = `m.id, m.number, m.version, m.kind, m.ai_system_id, COALESCE(a.name, ''), m.title, m.details, m.audience,
	m.channel, m.document_id, COALESCE(d.number, 0), COALESCE(d.title, ''), m.link, m.public_page, m.frequency, m.next_due,
	m.last_done, m.last_reviewed, m.owner_id, COALESCE(u.name, ''), m.archived, m.created_at, m.updated_at`

const informationFrom = ` FROM ai_information m LEFT JOIN users u ON u.id = m.owner_id
	LEFT JOIN ai_systems a ON a.org_id = m.org_id AND a.id = m.ai_system_id
	LEFT JOIN documents d ON d.org_id = m.org_id AND d.id = m.document_id`

func scanInformation(sc scanner) (aims.Information, error) {
	var n aims.Information
	var number, docNumber int64
	var sys, doc, owner sql.NullInt64
	var next, done, reviewed sql.NullTime
	err := sc.Scan(&n.ID, &number, &n.Version, &n.Kind, &sys, &n.AISystemName, &n.Title, &n.Details, &n.Audience,
		&n.Channel, &doc, &docNumber, &n.DocumentTitle, &n.Link, &n.PublicPage, &n.Frequency, &next,
		&done, &reviewed, &owner, &n.OwnerName, &n.Archived, &n.CreatedAt, &n.UpdatedAt)
	n.Ref, n.AISystemID, n.DocumentID, n.OwnerID = information.ref(number), sys.Int64, doc.Int64, owner.Int64
	if doc.Valid {
		n.DocumentRef = documents.ref(docNumber)
	}
	n.NextDue, n.LastDone, n.LastReviewed = dateOf(next), dateOf(done), dateOf(reviewed)
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return n, err
}

// Information reads one record of an organization.
func (s *Store) Information(ctx context.Context, orgID, id int64) (aims.Information, error) {
	return s.information(ctx, s.r, orgID, id)
}

func (s *Store) information(ctx context.Context, q querier, orgID, id int64) (aims.Information, error) {
	n, err := scanInformation(s.queryRow(ctx, q, `SELECT `+informationColumns+informationFrom+` WHERE m.org_id = $1 AND m.id = $2`, orgID, id))
	return n, notFound(err, "information record")
}

var informationSort = map[string]string{
	"":           "m.kind, m.number, m.id",
	"kind":       "m.kind, m.number, m.id",
	"ref":        "m.number, m.id",
	"title":      "m.title, m.id",
	"next_due":   "(m.next_due IS NULL), m.next_due, m.id",
	"updated_at": "m.updated_at, m.id",
}

// Informations lists one page of the register.
func (s *Store) Informations(ctx context.Context, orgID int64, f aims.InformationFilter) (aims.Page[aims.Information], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Information]{Items: []aims.Information{}}, err
	}
	q, err := s.informationQuery(ctx, orgID, f, descOrder(informationSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[aims.Information]{Items: []aims.Information{}}, err
	}
	return list(ctx, s, q, scanInformation)
}

// EachInformation calls fn for every record matching the filter.
func (s *Store) EachInformation(ctx context.Context, orgID int64, f aims.InformationFilter, fn func(aims.Information) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.informationQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanInformation, func(n aims.Information) int64 { return n.ID }, fn)
}

func (s *Store) informationQuery(ctx context.Context, orgID int64, f aims.InformationFilter, order string) (listQuery, error) {
	w := newFilter("m", orgID, f.Archived)
	if f.Kind != "" {
		w.and("m.kind = ?", string(f.Kind))
	}
	if f.AISystemID != 0 {
		w.and("m.ai_system_id = ?", f.AISystemID)
	}
	if f.OwnerID != 0 {
		w.and("m.owner_id = ?", f.OwnerID)
	}
	if f.Overdue {
		w.and("m.next_due < ?", f.Today.String())
	}
	total, err := s.search(ctx, w, information, "m", f.Q)
	return listQuery{alias: "m", table: information.name, columns: informationColumns, from: informationFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func informationSearch(n aims.Information) string {
	return searchText(n.Ref, n.Title, n.Details, n.Audience, n.Channel, n.AISystemName, n.DocumentRef, n.DocumentTitle, n.OwnerName)
}

func (s *Store) checkInformationLinks(ctx context.Context, tx *sql.Tx, orgID int64, n *aims.Information) error {
	var err error
	if n.OwnerName, err = s.checkOwner(ctx, tx, orgID, n.OwnerID, "owner_id"); err != nil {
		return err
	}
	if n.AISystemName, err = s.checkAISystem(ctx, tx, orgID, n.AISystemID, "ai_system_id"); err != nil {
		return err
	}
	n.DocumentRef, n.DocumentTitle, err = s.checkDocument(ctx, tx, orgID, n.DocumentID, "document_id")
	return err
}

// CreateInformation adds a record.
func (s *Store) CreateInformation(ctx context.Context, p aims.Principal, n aims.Information) (aims.Information, error) {
	n.Normalize()
	if err := n.Validate(); err != nil {
		return n, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkInformationLinks(ctx, tx, p.OrgID, &n); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, information)
		if err != nil {
			return err
		}
		now := s.timestamp()
		n.Ref, n.Version, n.Archived, n.CreatedAt, n.UpdatedAt = information.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO ai_information (org_id, number, version, archived, created_at, updated_at, `+
			informationFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+informationFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, informationValues(n)...)...).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("insert information: %w", err)
		}
		changes, err := information.diff(nil, n)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, information.register, strconv.FormatInt(n.ID, 10), aims.ActionCreate, changes)
	})
	return n, err
}

// UpdateInformation saves an edited record at the version read.
func (s *Store) UpdateInformation(ctx context.Context, p aims.Principal, n aims.Information) (aims.Information, error) {
	var after aims.Information
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.information(ctx, tx, p.OrgID, n.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		n.Normalize()
		if err := n.Validate(); err != nil {
			return err
		}
		if err := s.checkInformationLinks(ctx, tx, p.OrgID, &n); err != nil {
			return err
		}
		n.Ref, n.Archived, n.CreatedAt, n.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := information.diff(before, n)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(n.Version != before.Version)
		}
		n.UpdatedAt = s.timestamp()
		values := append(informationValues(n), n.UpdatedAt)
		if err := s.update(ctx, tx, information, p.OrgID, n.ID, n.Version,
			informationFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = n
		after.Version++
		return s.record(ctx, tx, p, information.register, strconv.FormatInt(n.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetInformationArchived takes a record out of the register, or restores it.
func (s *Store) SetInformationArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Information, error) {
	var n aims.Information
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = s.information(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, information, id, n.Version, version, n.Archived, archived)
		if changed {
			n.Archived, n.Version, n.UpdatedAt = archived, n.Version+1, at
		}
		return err
	})
	return n, err
}

// AISystemIncidentsInformation is what the AI system's page shows of this
// slice: its latest incidents and its information records, at most limit
// of each, in two queries.
func (s *Store) AISystemIncidentsInformation(ctx context.Context, orgID, systemID int64, limit int) ([]aims.Incident, []aims.Information, error) {
	inc, err := s.Incidents(ctx, orgID, aims.IncidentFilter{ListParams: aims.ListParams{Limit: limit}, AISystemID: systemID})
	if err != nil {
		return nil, nil, err
	}
	info, err := s.Informations(ctx, orgID, aims.InformationFilter{ListParams: aims.ListParams{Limit: limit}, AISystemID: systemID})
	if err != nil {
		return nil, nil, err
	}
	return inc.Items, info.Items, nil
}
