package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// lifecycleRecords is the register of AI system life-cycle records (A.6).
// Its results are rows: a verification's criteria in lifecycle_criteria,
// replaced with the record's write (the audit diff shows them), and the
// monitoring's readings in lifecycle_readings, appended one by one, each
// an update of its record so the record's version orders them.
//
// Every write that can take a record away from a stage gate (an edit, an
// archive) takes the organization's lock first, as the gate's check does:
// a stage move and the archive of a record it needs are serialized, so the
// move cannot pass on a record that is gone (TestConcurrentGateAndArchive).
var lifecycleRecords = table{name: "lifecycle_records", register: aims.RegisterLifecycleRecords, prefix: "LCR-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "ai_system_ref", "ai_system_name",
		"author_name", "approved_by_name", "document_ref", "evidence_ref", "next_reading", "editor_ids"}}

// lifecycleSupport: only records with results count. Approved requirements
// and design records of a live system (A.6.2.2, A.6.2.3); a verification
// approved with every criterion passed (A.6.2.4); an approved deployment
// (A.6.2.5); monitoring with a reading whose next is not overdue (A.6.2.6);
// documentation linked to approved documents or live evidence (A.6.2.7);
// event logs kept as long as their obligation requires (A.6.2.8).
var lifecycleSupport = supporter{t: lifecycleRecords, query: `
	SELECT CASE r.kind WHEN 'requirements' THEN 'A.6.2.2' WHEN 'design' THEN 'A.6.2.3' WHEN 'verification' THEN 'A.6.2.4'
		WHEN 'deployment' THEN 'A.6.2.5' WHEN 'operation' THEN 'A.6.2.6' WHEN 'technical-documentation' THEN 'A.6.2.7'
		ELSE 'A.6.2.8' END AS requirement_id, r.id, r.number, r.title FROM lifecycle_records r
	JOIN ai_systems a ON a.org_id = r.org_id AND a.id = r.ai_system_id
	WHERE r.org_id = $1 AND NOT r.archived AND NOT a.archived AND (
		(r.kind IN ('requirements', 'design') AND r.approved_by_id IS NOT NULL AND r.approved_on <= $2)
		OR (r.kind = 'verification' AND r.approved_by_id IS NOT NULL
			AND EXISTS (SELECT 1 FROM lifecycle_criteria c WHERE c.org_id = r.org_id AND c.record_id = r.id)
			AND NOT EXISTS (SELECT 1 FROM lifecycle_criteria c WHERE c.org_id = r.org_id AND c.record_id = r.id AND NOT c.passed))
		OR (r.kind = 'deployment' AND r.approved_by_id IS NOT NULL AND r.approved_on <= $2)
		OR (r.kind = 'operation' AND r.last_reading IS NOT NULL AND r.next_reading >= $2)
		OR (r.kind = 'technical-documentation' AND (
			EXISTS (SELECT 1 FROM documents d WHERE d.org_id = r.org_id AND d.id = r.document_id AND NOT d.archived AND d.approved_number > 0)
			OR EXISTS (SELECT 1 FROM evidence e WHERE e.org_id = r.org_id AND e.id = r.evidence_id AND NOT e.archived
				AND (e.valid_until IS NULL OR e.valid_until >= $2))))
		OR (r.kind = 'event-log' AND r.retention_months >= r.required_months))`}

// lifecycleDue: the next monitoring reading of a live system in operation.
const lifecycleDue dueSource = `SELECT r.org_id, 'lifecycle-records', CAST(r.id AS TEXT), 'LCR-' || r.number, r.title, 'Monitoring reading',
	CAST(r.next_reading AS TEXT), r.author_id FROM lifecycle_records r WHERE NOT r.archived AND r.next_reading IS NOT NULL`

var lifecycleFields = columns{"ai_system_id", "kind", "title", "summary", "author_id", "model_version", "document_id", "evidence_id",
	"audience", "approved_by_id", "approved_on", "conditions", "reading_months", "last_reading", "next_reading", "logged", "location",
	"retention_months", "required_months", "obligation", "search"}

func lifecycleValues(r aims.LifecycleRecord) []any {
	return []any{r.SystemID, r.Kind, r.Title, r.Summary, nullID(r.AuthorID), r.ModelVersion, nullID(r.DocumentID), nullID(r.EvidenceID),
		r.Audience, nullID(r.ApprovedByID), nullDate(r.ApprovedOn), r.Conditions, r.ReadingMonths, nullDate(r.LastReading),
		nullDate(r.NextReading), r.Logged, r.Location, r.RetentionMonths, r.RequiredMonths, r.Obligation, lifecycleSearch(r)}
}

const lifecycleColumns = `r.id, r.number, r.version, r.ai_system_id, a.number, a.name, r.kind, r.title, r.summary, r.author_id,
	COALESCE(au.name, ''), r.model_version, r.document_id, COALESCE(d.number, 0), r.evidence_id, COALESCE(e.number, 0), r.audience,
	r.approved_by_id, COALESCE(ap.name, ''), r.approved_on, r.conditions, r.reading_months, r.last_reading, r.next_reading,
	r.logged, r.location, r.retention_months, r.required_months, r.obligation, r.archived, r.created_at, r.updated_at`

const lifecycleFrom = ` FROM lifecycle_records r JOIN ai_systems a ON a.org_id = r.org_id AND a.id = r.ai_system_id
	LEFT JOIN users au ON au.id = r.author_id LEFT JOIN users ap ON ap.id = r.approved_by_id
	LEFT JOIN documents d ON d.org_id = r.org_id AND d.id = r.document_id
	LEFT JOIN evidence e ON e.org_id = r.org_id AND e.id = r.evidence_id`

func scanLifecycle(sc scanner) (aims.LifecycleRecord, error) {
	var r aims.LifecycleRecord
	var number, sysNumber, docNumber, evNumber int64
	var author, doc, ev, approver sql.NullInt64
	var approved, last, next sql.NullTime
	err := sc.Scan(&r.ID, &number, &r.Version, &r.SystemID, &sysNumber, &r.SystemName, &r.Kind, &r.Title, &r.Summary, &author,
		&r.AuthorName, &r.ModelVersion, &doc, &docNumber, &ev, &evNumber, &r.Audience,
		&approver, &r.ApprovedByName, &approved, &r.Conditions, &r.ReadingMonths, &last, &next,
		&r.Logged, &r.Location, &r.RetentionMonths, &r.RequiredMonths, &r.Obligation, &r.Archived, &r.CreatedAt, &r.UpdatedAt)
	r.Ref, r.SystemRef = lifecycleRecords.ref(number), aiSystems.ref(sysNumber)
	r.AuthorID, r.DocumentID, r.EvidenceID, r.ApprovedByID = author.Int64, doc.Int64, ev.Int64, approver.Int64
	if r.DocumentID != 0 {
		r.DocumentRef = documents.ref(docNumber)
	}
	if r.EvidenceID != 0 {
		r.EvidenceRef = evidenceTable.ref(evNumber)
	}
	r.ApprovedOn, r.LastReading, r.NextReading = dateOf(approved), dateOf(last), dateOf(next)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	r.Criteria = []aims.Criterion{}
	return r, err
}

// LifecycleRecord reads one life-cycle record with its criteria.
func (s *Store) LifecycleRecord(ctx context.Context, orgID, id int64) (aims.LifecycleRecord, error) {
	return s.lifecycleRecord(ctx, s.r, orgID, id)
}

func (s *Store) lifecycleRecord(ctx context.Context, q querier, orgID, id int64) (aims.LifecycleRecord, error) {
	r, err := scanLifecycle(s.queryRow(ctx, q, `SELECT `+lifecycleColumns+lifecycleFrom+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	if err != nil {
		return r, notFound(err, "life-cycle record")
	}
	crit, err := s.lifecycleCriteria(ctx, q, orgID, []int64{id})
	if err != nil {
		return r, err
	}
	r.Criteria = crit[id]
	if r.Criteria == nil {
		r.Criteria = []aims.Criterion{}
	}
	r.EditorIDs, err = s.lifecycleEditors(ctx, q, orgID, id)
	return r, err
}

// lifecycleCriteria reads the criteria of the given records in one query.
func (s *Store) lifecycleCriteria(ctx context.Context, q querier, orgID int64, ids []int64) (map[int64][]aims.Criterion, error) {
	out := map[int64][]aims.Criterion{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{orgID}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.query(ctx, q, `SELECT record_id, criterion, threshold, measured, passed, measured_on, measured_by, model_version
		FROM lifecycle_criteria WHERE org_id = $1 AND record_id IN (`+strings.Join(ph, ", ")+`) ORDER BY record_id, position`, args...)
	if err != nil {
		return nil, fmt.Errorf("life-cycle criteria: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c aims.Criterion
		var on sql.NullTime
		if err := rows.Scan(&id, &c.Criterion, &c.Threshold, &c.Measured, &c.Passed, &on, &c.MeasuredBy, &c.ModelVersion); err != nil {
			return nil, err
		}
		c.MeasuredOn = dateOf(on)
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}

var lifecycleSort = map[string]string{
	"":           "r.number, r.id",
	"ref":        "r.number, r.id",
	"title":      "r.title, r.id",
	"kind":       "r.kind, r.title, r.id",
	"updated_at": "r.updated_at, r.id",
}

// LifecycleRecords lists one page of the register.
func (s *Store) LifecycleRecords(ctx context.Context, orgID int64, f aims.LifecycleFilter) (aims.Page[aims.LifecycleRecord], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.LifecycleRecord]{Items: []aims.LifecycleRecord{}}, err
	}
	order := lifecycleSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.lifecycleQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.LifecycleRecord]{Items: []aims.LifecycleRecord{}}, err
	}
	return list(ctx, s, q, scanLifecycle)
}

// EachLifecycleRecord calls fn for every record matching the filter, for
// exports (without criteria: the CSV counts them from the record page).
func (s *Store) EachLifecycleRecord(ctx context.Context, orgID int64, f aims.LifecycleFilter, fn func(aims.LifecycleRecord) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.lifecycleQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanLifecycle, func(r aims.LifecycleRecord) int64 { return r.ID }, fn)
}

func (s *Store) lifecycleQuery(ctx context.Context, orgID int64, f aims.LifecycleFilter, order string) (listQuery, error) {
	w := newFilter("r", orgID, f.Archived)
	if f.SystemID != 0 {
		w.and("r.ai_system_id = ?", f.SystemID)
	}
	if f.Kind != "" {
		w.and("r.kind = ?", string(f.Kind))
	}
	total, err := s.search(ctx, w, lifecycleRecords, "r", f.Q)
	return listQuery{alias: "r", table: lifecycleRecords.name, columns: lifecycleColumns, from: lifecycleFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func lifecycleSearch(r aims.LifecycleRecord) string {
	return searchText(r.Ref, r.Title, r.Summary, r.SystemRef, r.SystemName, string(r.Kind), r.Kind.Label(), r.ModelVersion,
		r.AuthorName, r.Logged, r.Location, r.Obligation)
}

// SystemLifecycleRecords reads every live record of one AI system with its
// criteria: two queries.
func (s *Store) SystemLifecycleRecords(ctx context.Context, orgID, systemID int64) ([]aims.LifecycleRecord, error) {
	return s.systemLifecycleRecords(ctx, s.r, orgID, systemID)
}

func (s *Store) systemLifecycleRecords(ctx context.Context, q querier, orgID, systemID int64) ([]aims.LifecycleRecord, error) {
	rows, err := s.query(ctx, q, `SELECT `+lifecycleColumns+lifecycleFrom+` WHERE r.org_id = $1 AND r.ai_system_id = $2 AND r.archived = $3
		ORDER BY r.number LIMIT 1000`, orgID, systemID, false)
	if err != nil {
		return nil, fmt.Errorf("life-cycle records of a system: %w", err)
	}
	out := []aims.LifecycleRecord{}
	var ids []int64
	for rows.Next() {
		r, err := scanLifecycle(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
		ids = append(ids, r.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	crit, err := s.lifecycleCriteria(ctx, q, orgID, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if c := crit[out[i].ID]; c != nil {
			out[i].Criteria = c
		}
	}
	return out, nil
}

// checkLifecycleLinks makes sure the system, the document and the evidence
// a record names are the organization's (another organization's ID is a
// 422 on its field), and fills in the names the audit diff shows.
func (s *Store) checkLifecycleLinks(ctx context.Context, tx *sql.Tx, orgID int64, r *aims.LifecycleRecord) error {
	var n int64
	var archived bool
	err := s.queryRow(ctx, tx, `SELECT number, name, archived FROM ai_systems WHERE org_id = $1 AND id = $2`+s.forShare(), orgID, r.SystemID).Scan(&n, &r.SystemName, &archived)
	if errors.Is(err, sql.ErrNoRows) {
		return aims.Invalid("ai_system_id", "is not an AI system of this organization")
	} else if err != nil {
		return err
	}
	if archived {
		return aims.Invalid("ai_system_id", "is archived")
	}
	r.SystemRef = aiSystems.ref(n)
	r.DocumentRef, r.EvidenceRef = "", ""
	if r.DocumentID != 0 {
		err := s.queryRow(ctx, tx, `SELECT number FROM documents WHERE org_id = $1 AND id = $2`, orgID, r.DocumentID).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("document_id", "is not a document of this organization")
		} else if err != nil {
			return err
		}
		r.DocumentRef = documents.ref(n)
	}
	if r.EvidenceID != 0 {
		err := s.queryRow(ctx, tx, `SELECT number FROM evidence WHERE org_id = $1 AND id = $2`, orgID, r.EvidenceID).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("evidence_id", "is not evidence of this organization")
		} else if err != nil {
			return err
		}
		r.EvidenceRef = evidenceTable.ref(n)
	}
	return nil
}

// writeCriteria replaces a record's criteria.
func (s *Store) writeCriteria(ctx context.Context, tx *sql.Tx, orgID, id int64, criteria []aims.Criterion) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM lifecycle_criteria WHERE org_id = $1 AND record_id = $2`, orgID, id); err != nil {
		return fmt.Errorf("clear criteria: %w", err)
	}
	for i, c := range criteria {
		if _, err := s.exec(ctx, tx, `INSERT INTO lifecycle_criteria (org_id, record_id, position, criterion, threshold, measured, passed,
			measured_on, measured_by, model_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			orgID, id, i, c.Criterion, c.Threshold, c.Measured, c.Passed, nullDate(c.MeasuredOn), c.MeasuredBy, c.ModelVersion); err != nil {
			return fmt.Errorf("write criterion: %w", err)
		}
	}
	return nil
}

// CreateLifecycleRecord adds a life-cycle record to an AI system. The
// author defaults to the person writing; the approval is its own step.
func (s *Store) CreateLifecycleRecord(ctx context.Context, p aims.Principal, r aims.LifecycleRecord) (aims.LifecycleRecord, error) {
	if p.UserID != 0 { // the author is who writes it, never a name the client gives
		r.AuthorID = p.UserID
	}
	r.ApprovedByID, r.ApprovedByName, r.ApprovedOn, r.LastReading = 0, "", aims.Date{}, aims.Date{}
	r.Normalize(s.today())
	r.Conditions = ""
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if err = s.checkLifecycleLinks(ctx, tx, p.OrgID, &r); err != nil {
			return err
		}
		if r.AuthorName, err = s.checkOwner(ctx, tx, p.OrgID, r.AuthorID, "author_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, lifecycleRecords)
		if err != nil {
			return err
		}
		now := s.timestamp()
		r.Ref, r.Version, r.Archived, r.CreatedAt, r.UpdatedAt = lifecycleRecords.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO lifecycle_records (org_id, number, version, archived, created_at, updated_at, `+
			lifecycleFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+lifecycleFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, lifecycleValues(r)...)...).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("insert life-cycle record: %w", err)
		}
		if err := s.writeCriteria(ctx, tx, p.OrgID, r.ID, r.Criteria); err != nil {
			return err
		}
		if err := s.addLifecycleEditor(ctx, tx, p, r.ID); err != nil {
			return err
		}
		changes, err := lifecycleRecords.diff(nil, r)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, lifecycleRecords.register, strconv.FormatInt(r.ID, 10), aims.ActionCreate, changes)
	})
	return r, err
}

// UpdateLifecycleRecord saves an edited record at the version read. The
// readings' figures and the approval are not the form's: an edit keeps
// them, except that any change to an approved record withdraws its
// approval (what was approved is no longer what the record says).
func (s *Store) UpdateLifecycleRecord(ctx context.Context, p aims.Principal, r aims.LifecycleRecord) (aims.LifecycleRecord, error) {
	var after aims.LifecycleRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		before, err := s.lifecycleRecord(ctx, tx, p.OrgID, r.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if r.SystemID == 0 {
			r.SystemID = before.SystemID
		}
		r.AuthorID = before.AuthorID
		r.ApprovedByID, r.ApprovedByName, r.ApprovedOn, r.Conditions = before.ApprovedByID, before.ApprovedByName, before.ApprovedOn, before.Conditions
		r.LastReading = before.LastReading
		r.Normalize(aims.DateOf(before.CreatedAt))
		if err := r.Validate(); err != nil {
			return err
		}
		if err := s.checkLifecycleLinks(ctx, tx, p.OrgID, &r); err != nil {
			return err
		}
		if r.AuthorName, err = s.checkOwner(ctx, tx, p.OrgID, r.AuthorID, "author_id"); err != nil {
			return err
		}
		if r.ApprovedByID != 0 && r.ApprovedByID == r.AuthorID {
			return aims.Invalid("author_id", "cannot be the record's approver")
		}
		r.Ref, r.Archived, r.CreatedAt, r.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := lifecycleRecords.diff(before, r)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(r.Version != before.Version)
		}
		if before.Approved() {
			r.ApprovedByID, r.ApprovedByName, r.ApprovedOn, r.Conditions = 0, "", aims.Date{}, ""
			if changes, err = lifecycleRecords.diff(before, r); err != nil {
				return err
			}
		}
		r.UpdatedAt = s.timestamp()
		values := append(lifecycleValues(r), r.UpdatedAt)
		if err := s.update(ctx, tx, lifecycleRecords, p.OrgID, r.ID, r.Version,
			lifecycleFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.writeCriteria(ctx, tx, p.OrgID, r.ID, r.Criteria); err != nil {
			return err
		}
		if err := s.addLifecycleEditor(ctx, tx, p, r.ID); err != nil {
			return err
		}
		after = r
		after.Version++
		return s.record(ctx, tx, p, lifecycleRecords.register, strconv.FormatInt(r.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// addLifecycleEditor keeps that the person acting wrote the record's
// content: they cannot approve it (nor can its author).
func (s *Store) addLifecycleEditor(ctx context.Context, tx *sql.Tx, p aims.Principal, recordID int64) error {
	if _, err := s.exec(ctx, tx, `INSERT INTO lifecycle_record_editors (org_id, record_id, user_id) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, p.OrgID, recordID, p.UserID); err != nil {
		return fmt.Errorf("life-cycle record editor: %w", err)
	}
	return nil
}

// lifecycleEditors reads who wrote a record's content.
func (s *Store) lifecycleEditors(ctx context.Context, q querier, orgID, recordID int64) ([]int64, error) {
	rows, err := s.query(ctx, q, `SELECT user_id FROM lifecycle_record_editors WHERE org_id = $1 AND record_id = $2 ORDER BY user_id`, orgID, recordID)
	if err != nil {
		return nil, fmt.Errorf("life-cycle record editors: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SetLifecycleRecordArchived archives or restores a record. It takes the
// organization's lock first, as the stage gate does.
func (s *Store) SetLifecycleRecordArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.LifecycleRecord, error) {
	var r aims.LifecycleRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		var err error
		if r, err = s.lifecycleRecord(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, lifecycleRecords, id, r.Version, version, r.Archived, archived)
		if changed {
			r.Archived, r.Version, r.UpdatedAt = archived, r.Version+1, at
		}
		return err
	})
	return r, err
}

// ApproveLifecycleRecord approves requirements or a design (baselined), a
// verification (its results are accepted) or a deployment (it is
// authorised) as the person acting, who
// must not be its author; a verification only when every criterion passed.
func (s *Store) ApproveLifecycleRecord(ctx context.Context, p aims.Principal, id int64, a aims.LifecycleApproval) (aims.LifecycleRecord, error) {
	a.Conditions = strings.TrimSpace(a.Conditions)
	var after aims.LifecycleRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lifecycleRecord(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if err := before.CheckApproval(p.UserID, a); err != nil {
			return err
		}
		if a.ApprovedOn.After(s.today()) { // an approval on paper before the record was made may be recorded
			return aims.Invalid("approved_on", "must not be in the future")
		}
		if before.Approved() {
			return staleIf(a.Version != before.Version) // approved already: nothing to do
		}
		after = before
		if after.ApprovedByName, err = s.checkOwner(ctx, tx, p.OrgID, p.UserID, "approved_by_id"); err != nil {
			return err
		}
		after.ApprovedByID, after.ApprovedOn, after.Conditions = p.UserID, a.ApprovedOn, a.Conditions
		now := s.timestamp()
		if err := s.update(ctx, tx, lifecycleRecords, p.OrgID, id, a.Version, `approved_by_id = $1, approved_on = $2, conditions = $3, updated_at = $4`,
			p.UserID, a.ApprovedOn.String(), a.Conditions, now); err != nil {
			return err
		}
		changes, err := lifecycleRecords.diff(before, after)
		if err != nil {
			return err
		}
		changes = append(changes, aims.Change{Field: "approved_by", Old: json.RawMessage(`""`), New: jsonString(after.ApprovedByName)})
		after.Version, after.UpdatedAt = before.Version+1, now
		return s.record(ctx, tx, p, lifecycleRecords.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

func jsonString(v string) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// AddLifecycleReading records a monitoring reading under an operation
// record, at the record's version the writer read, and moves the record's
// last reading and next one due on. The reading names who recorded it.
func (s *Store) AddLifecycleReading(ctx context.Context, p aims.Principal, id int64, in aims.Reading) (aims.LifecycleRecord, error) {
	in.Metric, in.Threshold, in.Note = strings.TrimSpace(in.Metric), strings.TrimSpace(in.Threshold), strings.TrimSpace(in.Note)
	if err := in.Validate(); err != nil {
		return aims.LifecycleRecord{}, err
	}
	var after aims.LifecycleRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lifecycleRecord(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if before.Kind != aims.KindOperation {
			return aims.Invalid("kind", "readings are recorded under an operation and monitoring record")
		}
		if in.RecordedByName, err = s.checkOwner(ctx, tx, p.OrgID, p.UserID, "recorded_by_id"); err != nil {
			return err
		}
		after = before
		if before.LastReading.IsZero() || before.LastReading.Before(in.ReadOn) {
			after.LastReading = in.ReadOn
		}
		after.Normalize(aims.DateOf(before.CreatedAt))
		now := s.timestamp()
		if err := s.update(ctx, tx, lifecycleRecords, p.OrgID, id, in.Version, `last_reading = $1, next_reading = $2, updated_at = $3`,
			nullDate(after.LastReading), nullDate(after.NextReading), now); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO lifecycle_readings (org_id, record_id, read_on, metric, value, threshold, ok, note,
			recorded_by_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.OrgID, id, in.ReadOn.String(), in.Metric, in.Value, in.Threshold, in.OK, in.Note, p.UserID, now); err != nil {
			return fmt.Errorf("add reading: %w", err)
		}
		changes, err := lifecycleRecords.diff(before, after)
		if err != nil {
			return err
		}
		entry, _ := json.Marshal(struct {
			ReadOn    aims.Date `json:"read_on"`
			Metric    string    `json:"metric"`
			Value     float64   `json:"value"`
			Threshold string    `json:"threshold"`
			OK        bool      `json:"ok"`
			Note      string    `json:"note"`
		}{in.ReadOn, in.Metric, in.Value, in.Threshold, in.OK, in.Note})
		changes = append(changes, aims.Change{Field: "reading", Old: json.RawMessage("null"), New: entry})
		after.Version, after.UpdatedAt = before.Version+1, now
		return s.record(ctx, tx, p, lifecycleRecords.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// LifecycleReadings reads a record's readings, newest first, at most limit.
func (s *Store) LifecycleReadings(ctx context.Context, orgID, id int64, limit int) ([]aims.Reading, error) {
	rows, err := s.query(ctx, s.r, `SELECT x.id, x.record_id, x.read_on, x.metric, x.value, x.threshold, x.ok, x.note, x.recorded_by_id,
		COALESCE(u.name, ''), x.created_at FROM lifecycle_readings x LEFT JOIN users u ON u.id = x.recorded_by_id
		WHERE x.org_id = $1 AND x.record_id = $2 ORDER BY x.read_on DESC, x.id DESC LIMIT $3`, orgID, id, limit)
	if err != nil {
		return nil, fmt.Errorf("readings: %w", err)
	}
	defer rows.Close()
	out := []aims.Reading{}
	for rows.Next() {
		var x aims.Reading
		var on sql.NullTime
		var by sql.NullInt64
		if err := rows.Scan(&x.ID, &x.RecordID, &on, &x.Metric, &x.Value, &x.Threshold, &x.OK, &x.Note, &by, &x.RecordedByName, &x.CreatedAt); err != nil {
			return nil, err
		}
		x.ReadOn, x.RecordedByID, x.CreatedAt = dateOf(on), by.Int64, x.CreatedAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}

// GatePolicy reads the organization's stage gate: the default policy (at
// version 0) until it has saved its own.
func (s *Store) GatePolicy(ctx context.Context, orgID int64) (aims.GatePolicy, error) {
	return s.gatePolicy(ctx, s.r, orgID)
}

func (s *Store) gatePolicy(ctx context.Context, q querier, orgID int64) (aims.GatePolicy, error) {
	var p aims.GatePolicy
	var rules string
	err := s.queryRow(ctx, q, `SELECT version, rules, updated_at FROM lifecycle_gate_policies WHERE org_id = $1`, orgID).Scan(&p.Version, &rules, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return aims.DefaultGatePolicy(), nil
	} else if err != nil {
		return p, fmt.Errorf("gate policy: %w", err)
	}
	p.UpdatedAt = p.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(rules), &p.Rules); err != nil {
		return p, fmt.Errorf("gate policy rules: %w", err)
	}
	return p, nil
}

// SetGatePolicy saves the organization's stage gate at the version read
// (0 for the default it never saved). It takes the organization's lock, as
// the gate's check does.
func (s *Store) SetGatePolicy(ctx context.Context, p aims.Principal, in aims.GatePolicy) (aims.GatePolicy, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	in.Normalize()
	var after aims.GatePolicy
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		before, err := s.gatePolicy(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		bv, av := struct {
			Rules []aims.GateRule `json:"rules"`
		}{before.Rules}, struct {
			Rules []aims.GateRule `json:"rules"`
		}{in.Rules}
		changes, err := aims.Diff(bv, av)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(in.Version != before.Version)
		}
		rules, _ := json.Marshal(in.Rules)
		now := s.timestamp()
		if before.Version == 0 {
			if in.Version != 0 {
				return aims.ErrConflict
			}
			res, err := s.exec(ctx, tx, `INSERT INTO lifecycle_gate_policies (org_id, version, rules, updated_at) VALUES ($1, 1, $2, $3)
				ON CONFLICT (org_id) DO NOTHING`, p.OrgID, string(rules), now)
			if err != nil {
				return fmt.Errorf("insert gate policy: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return aims.ErrConflict
			}
		} else if err := s.versioned(ctx, tx, "lifecycle_gate_policies", "org_id", `rules = $1, updated_at = $2`, p.OrgID, p.OrgID,
			in.Version, string(rules), now); err != nil {
			return err
		}
		after = aims.GatePolicy{Version: before.Version + 1, Rules: in.Rules, UpdatedAt: now}
		return s.record(ctx, tx, p, aims.RegisterLifecycleGate, strconv.FormatInt(p.OrgID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// StageGate lists what an AI system lacks, under its organization's gate
// policy, to enter stage: one gap per required record that no live record
// meets; none when the stage is not gated. This is the one check of the
// life-cycle records that other parts (the AI system's update, `aims
// check`) call; requirements of other registers (impact and risk
// assessments) join here.
func (s *Store) StageGate(ctx context.Context, orgID, systemID int64, stage aims.Lifecycle) ([]aims.GateGap, error) {
	if _, err := s.aiSystem(ctx, s.r, orgID, systemID); err != nil {
		return nil, err
	}
	return s.stageGate(ctx, s.r, orgID, systemID, stage, true)
}

// stageGate lists what the system lacks to be in stage. With registers it
// also judges the gate's impact-approved and risks-treated requirements;
// aims check, which makes those checks itself, asks without.
func (s *Store) stageGate(ctx context.Context, q querier, orgID, systemID int64, stage aims.Lifecycle, registers bool) ([]aims.GateGap, error) {
	policy, err := s.gatePolicy(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if len(policy.Needs(stage)) == 0 {
		return []aims.GateGap{}, nil
	}
	records, err := s.systemLifecycleRecords(ctx, q, orgID, systemID)
	if err != nil {
		return nil, err
	}
	// What is not a record is what aims check asks of the risk and impact
	// registers, read in the same transaction.
	unmet := map[aims.GateRequirement]string{}
	for g, check := range map[aims.GateRequirement]systemCheck{aims.GateImpact: checkImpactAssessment, aims.GateRisks: checkRiskAssessment} {
		if !registers || !slices.Contains(policy.Needs(stage), g) {
			continue
		}
		reasons, err := check(s, ctx, q, orgID, aims.AISystem{ID: systemID}, s.today())
		if err != nil {
			return nil, err
		}
		if len(reasons) > 0 {
			msgs := make([]string, len(reasons))
			for i, r := range reasons {
				msgs[i] = r.Message
			}
			unmet[g] = strings.Join(msgs, "; ")
		}
	}
	return aims.GateGaps(policy, stage, records, unmet), nil
}

// checkStageGate is the AI system update's gate: a move into a gated stage
// is refused, naming each missing record, unless the system already is in
// that stage. It takes the organization's lock before reading the records,
// so no concurrent edit or archive of a record can slip between the check
// and the move.
func (s *Store) checkStageGate(ctx context.Context, tx *sql.Tx, orgID int64, before, after aims.AISystem) error {
	if before.Lifecycle == after.Lifecycle {
		return nil
	}
	if err := s.lockOrganization(ctx, tx, orgID); err != nil {
		return err
	}
	gaps, err := s.stageGate(ctx, tx, orgID, after.ID, after.Lifecycle, true)
	if err != nil {
		return err
	}
	if len(gaps) > 0 {
		return aims.GateRefusal(after.Lifecycle, gaps)
	}
	return nil
}

// OverrideStageGate moves an AI system into a stage past its gate, at the
// system's version the writer read, with a reason. Admins may override; a
// manager only while designated to AI risk management (the designation is
// named in the override). The override, the gaps it was made over and the
// move are one audit event of the AI system, and a row of
// lifecycle_gate_overrides that the system's page shows.
func (s *Store) OverrideStageGate(ctx context.Context, p aims.Principal, systemID int64, o aims.GateOverride) (aims.AISystem, error) {
	o.Reason = strings.TrimSpace(o.Reason)
	if err := o.Validate(); err != nil {
		return aims.AISystem{}, err
	}
	var after aims.AISystem
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		before, err := s.aiSystem(ctx, tx, p.OrgID, systemID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if before.Version != o.Version {
			return aims.ErrConflict
		}
		if before.Lifecycle == o.Stage {
			return aims.Invalid("stage", "the system is in this stage already")
		}
		if o.Designated, err = s.gateOverrider(ctx, tx, p, "reason"); err != nil {
			return err
		}
		gaps, err := s.stageGate(ctx, tx, p.OrgID, systemID, o.Stage, true)
		if err != nil {
			return err
		}
		if len(gaps) == 0 {
			return aims.Invalid("stage", "nothing is missing: move the system without an override")
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, aiSystems, p.OrgID, systemID, o.Version, `lifecycle = $1, updated_at = $2`, string(o.Stage), now); err != nil {
			return err
		}
		o.SystemID, o.FromStage, o.At = systemID, before.Lifecycle, now
		entry, err := s.recordGateOverride(ctx, tx, p, o, gaps)
		if err != nil {
			return err
		}
		changes := []aims.Change{
			{Field: "lifecycle", Old: jsonString(string(before.Lifecycle)), New: jsonString(string(o.Stage))},
			entry,
		}
		after = before
		after.Lifecycle, after.Version, after.UpdatedAt = o.Stage, before.Version+1, now
		return s.record(ctx, tx, p, aiSystems.register, strconv.FormatInt(systemID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// gateOverrider checks that the person acting may pass the stage gate: an
// admin, or a manager designated for AI risk management today (whose
// designation is returned, to be named in the override). Anyone else is
// refused on field.
func (s *Store) gateOverrider(ctx context.Context, tx *sql.Tx, p aims.Principal, field string) (string, error) {
	switch p.Role {
	case aims.RoleAdmin:
		return "", nil
	case aims.RoleManager:
		d, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveRiskTreatmentPlan, aims.LimitNone, s.today(), field)
		return d.Ref, err
	}
	return "", aims.ErrForbidden
}

// recordGateOverride keeps an override of the gate (o, with the system,
// stages, reason, designation and time set) over gaps as a row of
// lifecycle_gate_overrides, and returns the gate_override change of the
// system's audit event.
func (s *Store) recordGateOverride(ctx context.Context, tx *sql.Tx, p aims.Principal, o aims.GateOverride, gaps []aims.GateGap) (aims.Change, error) {
	o.Missing = make([]string, len(gaps))
	for i, g := range gaps {
		o.Missing[i] = string(g.Requirement)
	}
	missing, _ := json.Marshal(o.Missing)
	if _, err := s.exec(ctx, tx, `INSERT INTO lifecycle_gate_overrides (org_id, ai_system_id, from_stage, stage, reason, missing, by_id,
		designation, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.OrgID, o.SystemID, string(o.FromStage), string(o.Stage),
		o.Reason, string(missing), p.UserID, o.Designated, o.At); err != nil {
		return aims.Change{}, fmt.Errorf("record override: %w", err)
	}
	entry, _ := json.Marshal(struct {
		Reason      string   `json:"reason"`
		Missing     []string `json:"missing"`
		Designation string   `json:"designation,omitempty"`
	}{o.Reason, o.Missing, o.Designated})
	return aims.Change{Field: "gate_override", Old: json.RawMessage("null"), New: entry}, nil
}

// registrationGate is the gate of a system registered directly in a stage
// (a is inserted, with its ID): nothing to do for an ungated stage; for a
// gated one, only someone who may override the gate may register it, with
// a.GateReason, which becomes the registration's override (from_stage "").
// A contributor cannot put a system behind the gate by creating it there.
// The caller holds the organization's lock, taken before the system's
// number, so the gate's policy cannot change in between.
func (s *Store) registrationGate(ctx context.Context, tx *sql.Tx, p aims.Principal, a aims.AISystem) ([]aims.Change, error) {
	gaps, err := s.stageGate(ctx, tx, p.OrgID, a.ID, a.Lifecycle, true)
	if err != nil || len(gaps) == 0 {
		return nil, err
	}
	if p.Role != aims.RoleAdmin && p.Role != aims.RoleManager {
		return nil, aims.Invalid("lifecycle", a.Lifecycle.Label()+" is behind the stage gate: register the system in an earlier stage, "+
			"or ask an admin or a designated manager to register it here with the reason its records are missing")
	}
	o := aims.GateOverride{SystemID: a.ID, Stage: a.Lifecycle, Reason: a.GateReason, At: a.CreatedAt}
	if err := o.Validate(); err != nil {
		return nil, aims.Invalid("gate_reason", a.Lifecycle.Label()+" is behind the stage gate and the system has none of its records: "+
			"say why it is registered here (20 characters at least)")
	}
	if o.Designated, err = s.gateOverrider(ctx, tx, p, "gate_reason"); err != nil {
		return nil, err
	}
	entry, err := s.recordGateOverride(ctx, tx, p, o, gaps)
	return []aims.Change{entry}, err
}

// GateOverrides lists the overrides of an AI system's gate, newest first.
func (s *Store) GateOverrides(ctx context.Context, orgID, systemID int64) ([]aims.GateOverride, error) {
	rows, err := s.query(ctx, s.r, `SELECT o.id, o.ai_system_id, o.from_stage, o.stage, o.reason, o.missing, o.by_id, COALESCE(u.name, ''),
		o.designation, o.at FROM lifecycle_gate_overrides o LEFT JOIN users u ON u.id = o.by_id
		WHERE o.org_id = $1 AND o.ai_system_id = $2 ORDER BY o.at DESC, o.id DESC LIMIT 100`, orgID, systemID)
	if err != nil {
		return nil, fmt.Errorf("gate overrides: %w", err)
	}
	defer rows.Close()
	out := []aims.GateOverride{}
	for rows.Next() {
		var o aims.GateOverride
		var missing string
		if err := rows.Scan(&o.ID, &o.SystemID, &o.FromStage, &o.Stage, &o.Reason, &missing, &o.ByID, &o.ByName, &o.Designated, &o.At); err != nil {
			return nil, err
		}
		o.At = o.At.UTC()
		if err := json.Unmarshal([]byte(missing), &o.Missing); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
