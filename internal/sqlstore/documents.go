package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"aims/internal/aims"
)

// documents is the controlled documents register. The workflow's fields
// (state, numbers, approval day) are kept on the row by the workflow.
var documents = table{name: "documents", register: aims.RegisterDocuments, prefix: "DOC-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// documentSupport: a document with an approved version supports the
// requirement its kind documents, and 7.5.1 (documented information is
// kept). An approved AI policy supports 5.2 and A.2.2, A.2.3 when it
// records its relation to other policies, and A.2.4 while its review is
// not overdue (judged against the database's today).
var documentSupport = supporter{t: documents, query: `
	SELECT CASE kind
		WHEN 'ai-policy' THEN '5.2'
		WHEN 'aims-scope' THEN '4.3'
		WHEN 'risk-assessment-process' THEN '6.1.2'
		WHEN 'risk-treatment-process' THEN '6.1.3'
		WHEN 'impact-assessment-process' THEN '6.1.4'
		WHEN 'internal-audit-programme' THEN '9.2.2'
		WHEN 'management-review-procedure' THEN '9.3.1'
		WHEN 'document-control-procedure' THEN '7.5.2'
		WHEN 'competence-procedure' THEN '7.2'
		WHEN 'communication-plan' THEN '7.4'
		END AS requirement_id, id, number, title FROM documents
	WHERE org_id = $1 AND NOT archived AND approved_number > 0 AND kind IN ('ai-policy', 'aims-scope', 'risk-assessment-process',
		'risk-treatment-process', 'impact-assessment-process', 'internal-audit-programme', 'management-review-procedure',
		'document-control-procedure', 'competence-procedure', 'communication-plan')
	UNION ALL SELECT '7.5.1', id, number, title FROM documents WHERE org_id = $1 AND NOT archived AND approved_number > 0
	UNION ALL SELECT '7.5.3', id, number, title FROM documents WHERE org_id = $1 AND NOT archived AND approved_number > 0 AND kind = 'document-control-procedure'
	UNION ALL SELECT 'A.2.2', id, number, title FROM documents WHERE org_id = $1 AND NOT archived AND approved_number > 0 AND kind = 'ai-policy'
	UNION ALL SELECT 'A.2.3', id, number, title FROM documents WHERE org_id = $1 AND NOT archived AND approved_number > 0 AND kind = 'ai-policy' AND related_policies <> ''
	UNION ALL SELECT 'A.2.4', id, number, title FROM documents WHERE org_id = $1 AND NOT archived AND approved_number > 0 AND kind = 'ai-policy' AND next_review >= $2`}

// documentFields are the columns an edit of the document writes.
var documentFields = columns{"title", "kind", "origin", "issuer", "external_ref", "owner_id", "review_interval_months",
	"related_policies", "next_review", "search"}

func documentValues(d aims.Document) []any {
	return []any{d.Title, d.Kind, d.Origin, d.Issuer, d.ExternalRef, nullID(d.OwnerID), d.ReviewIntervalMonths,
		d.RelatedPolicies, nullDate(d.NextReview), documentSearch(d)}
}

const documentColumns = `d.id, d.number, d.version, d.title, d.kind, d.origin, d.issuer, d.external_ref, d.owner_id,
	COALESCE(u.name, ''), d.review_interval_months, d.related_policies, d.state, d.current_number, d.approved_number,
	d.approved_on, d.next_review, d.archived, d.created_at, d.updated_at, d.legal_hold`

const documentFrom = ` FROM documents d LEFT JOIN users u ON u.id = d.owner_id`

func scanDocument(sc scanner) (aims.Document, error) {
	var d aims.Document
	var number int64
	var owner sql.NullInt64
	var approved, next sql.NullTime
	err := sc.Scan(&d.ID, &number, &d.Version, &d.Title, &d.Kind, &d.Origin, &d.Issuer, &d.ExternalRef, &owner,
		&d.OwnerName, &d.ReviewIntervalMonths, &d.RelatedPolicies, &d.State, &d.CurrentNumber, &d.ApprovedNumber,
		&approved, &next, &d.Archived, &d.CreatedAt, &d.UpdatedAt, &d.LegalHold)
	d.Ref, d.OwnerID = documents.ref(number), owner.Int64
	d.ApprovedOn, d.NextReview = dateOf(approved), dateOf(next)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// documentSearch is what the register's search matches.
func documentSearch(d aims.Document) string {
	return searchText(d.Ref, d.Title, string(d.Kind), d.Kind.Label(), d.Issuer, d.ExternalRef, d.OwnerName)
}

// Document reads one document of an organization.
func (s *Store) Document(ctx context.Context, orgID, id int64) (aims.Document, error) {
	return s.document(ctx, s.r, orgID, id)
}

func (s *Store) document(ctx context.Context, q querier, orgID, id int64) (aims.Document, error) {
	d, err := scanDocument(s.queryRow(ctx, q, `SELECT `+documentColumns+documentFrom+` WHERE d.org_id = $1 AND d.id = $2`, orgID, id))
	return d, notFound(err, "document")
}

var documentSort = map[string]string{
	"":            "d.title, d.id",
	"title":       "d.title, d.id",
	"ref":         "d.number, d.id",
	"kind":        "d.kind, d.title, d.id",
	"state":       "d.state, d.title, d.id",
	"next_review": "d.next_review, d.id",
	"updated_at":  "d.updated_at, d.id",
}

// Documents lists one page of an organization's documents: two queries.
func (s *Store) Documents(ctx context.Context, orgID int64, f aims.DocumentFilter) (aims.Page[aims.Document], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Document]{Items: []aims.Document{}}, err
	}
	order := documentSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.documentQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Document]{Items: []aims.Document{}}, err
	}
	return list(ctx, s, q, scanDocument)
}

// EachDocument calls fn for every document matching the filter, for exports.
func (s *Store) EachDocument(ctx context.Context, orgID int64, f aims.DocumentFilter, fn func(aims.Document) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.documentQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanDocument, func(d aims.Document) int64 { return d.ID }, fn)
}

func (s *Store) documentQuery(ctx context.Context, orgID int64, f aims.DocumentFilter, order string) (listQuery, error) {
	w := newFilter("d", orgID, f.Archived)
	if f.Kind != "" {
		w.and("d.kind = ?", string(f.Kind))
	}
	if f.Origin != "" {
		w.and("d.origin = ?", string(f.Origin))
	}
	if f.OwnerID != 0 {
		w.and("d.owner_id = ?", f.OwnerID)
	}
	if f.State != "" {
		w.and("d.state = ?", string(f.State))
	}
	if f.Overdue {
		w.and("d.next_review < ?", f.Today.String())
	}
	total, err := s.search(ctx, w, documents, "d", f.Q)
	return listQuery{alias: "d", table: documents.name, columns: documentColumns, from: documentFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// documentVersionColumns are a version's columns; withContent leaves the
// text out of lists of versions.
func documentVersionColumns(withContent bool) string {
	content := `''`
	if withContent {
		content = `v.content`
	}
	return `v.id, v.document_id, v.number, v.version, v.state, ` + content + `, v.change_summary, v.commitments,
		v.author_id, COALESCE(a.name, ''), v.created_at, v.submitted_at, v.return_note, v.approver_id, v.approver_name,
		v.approved_at, v.designation_ref, v.designation_position, v.designation_body, v.disposed_at, v.disposed_by, v.updated_at`
}

const documentVersionFrom = ` FROM document_versions v LEFT JOIN users a ON a.id = v.author_id`

func scanDocumentVersion(sc scanner) (aims.DocumentVersion, error) {
	var v aims.DocumentVersion
	var author, approver sql.NullInt64
	var commitments string
	var submitted, approved, disposed sql.NullTime
	err := sc.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Version, &v.State, &v.Content, &v.ChangeSummary, &commitments,
		&author, &v.AuthorName, &v.CreatedAt, &submitted, &v.ReturnNote, &approver, &v.ApproverName,
		&approved, &v.DesignationRef, &v.DesignationPosition, &v.DesignationBody, &disposed, &v.DisposedBy, &v.UpdatedAt)
	if disposed.Valid {
		t := disposed.Time.UTC()
		v.DisposedAt = &t
	}
	v.UpdatedAt = v.UpdatedAt.UTC()
	v.AuthorID, v.ApproverID = author.Int64, approver.Int64
	v.CreatedAt = v.CreatedAt.UTC()
	if submitted.Valid {
		t := submitted.Time.UTC()
		v.SubmittedAt = &t
	}
	if approved.Valid {
		t := approved.Time.UTC()
		v.ApprovedAt = &t
	}
	v.Commitments = []string{}
	for _, c := range strings.Split(commitments, ",") {
		if c != "" {
			v.Commitments = append(v.Commitments, c)
		}
	}
	return v, err
}

// DocumentVersions lists a document's versions without their text, newest
// first, at most 500.
func (s *Store) DocumentVersions(ctx context.Context, orgID, documentID int64) ([]aims.DocumentVersion, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+documentVersionColumns(false)+documentVersionFrom+
		` WHERE v.org_id = $1 AND v.document_id = $2 ORDER BY v.number DESC LIMIT 500`, orgID, documentID)
	if err != nil {
		return nil, fmt.Errorf("document versions: %w", err)
	}
	defer rows.Close()
	out := []aims.DocumentVersion{}
	for rows.Next() {
		v, err := scanDocumentVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DocumentVersion reads one version of a document, with its text.
func (s *Store) DocumentVersion(ctx context.Context, orgID, documentID int64, number int) (aims.DocumentVersion, error) {
	return s.documentVersion(ctx, s.r, orgID, documentID, number)
}

func (s *Store) documentVersion(ctx context.Context, q querier, orgID, documentID int64, number int) (aims.DocumentVersion, error) {
	v, err := scanDocumentVersion(s.queryRow(ctx, q, `SELECT `+documentVersionColumns(true)+documentVersionFrom+
		` WHERE v.org_id = $1 AND v.document_id = $2 AND v.number = $3`, orgID, documentID, number))
	return v, notFound(err, "document version")
}

// openVersion reads the document's draft or version in review.
func (s *Store) openVersion(ctx context.Context, tx *sql.Tx, orgID, documentID int64) (aims.DocumentVersion, error) {
	v, err := scanDocumentVersion(s.queryRow(ctx, tx, `SELECT `+documentVersionColumns(true)+documentVersionFrom+
		` WHERE v.org_id = $1 AND v.document_id = $2 AND v.state IN ('draft', 'in-review')`, orgID, documentID))
	if errors.Is(err, sql.ErrNoRows) {
		return v, &aims.StateError{Msg: "the document has no draft or version in review; start a new version first"}
	}
	return v, err
}

// uniqueViolation reports whether err is a unique index refusing a row:
// another writer created the same thing first.
func uniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// insertVersion adds a draft version.
func (s *Store) insertVersion(ctx context.Context, tx *sql.Tx, p aims.Principal, v *aims.DocumentVersion) error {
	now := s.timestamp()
	v.State, v.Version, v.CreatedAt, v.AuthorID = aims.StateDraft, 1, now, p.UserID
	if v.Commitments == nil {
		v.Commitments = []string{}
	}
	err := s.queryRow(ctx, tx, `INSERT INTO document_versions (org_id, document_id, number, version, state, content,
		change_summary, commitments, author_id, created_at, updated_at, return_note, approver_name, designation_ref,
		designation_position, designation_body) VALUES ($1, $2, $3, 1, 'draft', $4, $5, $6, $7, $8, $8, '', '', '', '', '')
		RETURNING id`, p.OrgID, v.DocumentID, v.Number, v.Content, v.ChangeSummary, strings.Join(v.Commitments, ","),
		nullID(p.UserID), now).Scan(&v.ID)
	if uniqueViolation(err) {
		return fmt.Errorf("%w: another version was started at the same time", aims.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("insert document version: %w", err)
	}
	return nil
}

// CreateDocument registers a document with its first draft, which starts
// from the kind's starter template when asked and no text was given.
func (s *Store) CreateDocument(ctx context.Context, p aims.Principal, in aims.NewDocument) (aims.Document, error) {
	d := in.Document
	d.ApprovedOn = aims.Date{}
	d.Normalize()
	if in.Template && strings.TrimSpace(in.Content) == "" {
		in.Content = aims.StarterTemplate(d.Kind)
	}
	v := aims.DocumentVersion{Number: 1, Content: in.Content, ChangeSummary: in.ChangeSummary, Commitments: in.Commitments}
	if v.ChangeSummary == "" {
		v.ChangeSummary = "First draft."
	}
	errs := map[string]string{}
	for _, err := range []error{d.Validate(), v.Validate()} {
		var ve *aims.ValidationError
		if errors.As(err, &ve) {
			for k, m := range ve.Fields {
				errs[k] = m
			}
		}
	}
	if len(errs) > 0 {
		return d, &aims.ValidationError{Fields: errs}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, d.OwnerID, "owner_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, documents)
		if err != nil {
			return err
		}
		now := s.timestamp()
		d.Ref, d.Version, d.Archived, d.CreatedAt, d.UpdatedAt = documents.ref(number), 1, false, now, now
		d.State, d.CurrentNumber, d.ApprovedNumber = aims.StateDraft, 1, 0
		err = s.queryRow(ctx, tx, `INSERT INTO documents (org_id, number, version, archived, created_at, updated_at,
			state, current_number, approved_number, `+documentFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, 'draft', 1, 0, `+
			documentFields.values(5)+`) RETURNING id`, append([]any{p.OrgID, number, false, now}, documentValues(d)...)...).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		v.DocumentID = d.ID
		if err := s.insertVersion(ctx, tx, p, &v); err != nil {
			return err
		}
		changes, err := documents.diff(nil, d)
		if err != nil {
			return err
		}
		changes = append(changes, versionChange(1, "state", nil, aims.StateDraft),
			versionChange(1, "change_summary", nil, v.ChangeSummary), versionChange(1, "content_bytes", nil, len(v.Content)))
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(d.ID, 10), aims.ActionCreate, changes)
	})
	return d, err
}

// versionChange is an audit diff line about one version: "v2.state".
func versionChange(number int, field string, old, new any) aims.Change {
	c := aims.Change{Field: "v" + strconv.Itoa(number) + "." + field}
	if old != nil {
		c.Old, _ = json.Marshal(old)
	}
	if new != nil {
		c.New, _ = json.Marshal(new)
	}
	return c
}

// UpdateDocument saves an edit of the document's own fields (not its
// text, which lives in its versions) at the version its editor read.
func (s *Store) UpdateDocument(ctx context.Context, p aims.Principal, d aims.Document) (aims.Document, error) {
	var after aims.Document
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.document(ctx, tx, p.OrgID, d.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		d.State, d.CurrentNumber, d.ApprovedNumber, d.ApprovedOn = before.State, before.CurrentNumber, before.ApprovedNumber, before.ApprovedOn
		d.LegalHold = before.LegalHold // set with its own action
		d.Normalize()
		if err := d.Validate(); err != nil {
			return err
		}
		// An approval was given for the kind it was: an approved plan never
		// becomes an AI policy that top management did not sign.
		if before.ApprovedNumber > 0 && d.Kind != before.Kind {
			return aims.Invalid("kind", "cannot change once a version is approved; create a new document of the other kind")
		}
		if d.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, d.OwnerID, "owner_id"); err != nil {
			return err
		}
		d.Ref, d.Archived, d.CreatedAt, d.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := documents.diff(before, d)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(d.Version != before.Version)
		}
		d.UpdatedAt = s.timestamp()
		values := append(documentValues(d), d.UpdatedAt)
		if err := s.update(ctx, tx, documents, p.OrgID, d.ID, d.Version,
			documentFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = d
		after.Version++
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(d.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetDocumentArchived archives a document (nothing is deleted) or restores it.
func (s *Store) SetDocumentArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Document, error) {
	var d aims.Document
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = s.document(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, documents, id, d.Version, version, d.Archived, archived)
		if changed {
			d.Archived, d.Version, d.UpdatedAt = archived, d.Version+1, at
		}
		return err
	})
	return d, err
}

// step runs one workflow step on the document's open version at the
// version the person read: it reads the document and the open version,
// checks the step is possible from the version's state, lets apply write
// it (a versioned UPDATE that also requires the state it read), moves the
// document row's bookkeeping on and records the event.
func (s *Store) step(ctx context.Context, p aims.Principal, documentID int64, version int, action aims.DocAction,
	apply func(tx *sql.Tx, d *aims.Document, v *aims.DocumentVersion, now time.Time) ([]aims.Change, error)) (aims.DocumentVersion, error) {
	var out aims.DocumentVersion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Every step takes the organization's lock first, as the approver
		// check does, so steps on one document never wait on each other in
		// opposite orders.
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		d, err := s.document(ctx, tx, p.OrgID, documentID)
		if err != nil {
			return err
		}
		if d.Archived {
			return aims.ErrArchived
		}
		v, err := s.openVersion(ctx, tx, p.OrgID, documentID)
		if err != nil {
			return err
		}
		if version != v.Version {
			return aims.ErrConflict
		}
		to, err := action.Move(v.State)
		if err != nil {
			return err
		}
		now := s.timestamp()
		from := v.State
		changes, err := apply(tx, &d, &v, now)
		if err != nil {
			return err
		}
		if from != to {
			changes = append([]aims.Change{versionChange(v.Number, "state", from, to)}, changes...)
		}
		out = v
		if len(changes) == 0 {
			return nil // nothing to write: the version stays as it was
		}
		v.State, v.Version = to, v.Version+1
		out = v
		// The document's bookkeeping follows its latest version.
		if _, err := s.exec(ctx, tx, `UPDATE documents SET version = version + 1, state = $1, approved_number = $2,
			approved_on = $3, next_review = $4, updated_at = $5 WHERE org_id = $6 AND id = $7`,
			to, d.ApprovedNumber, nullDate(d.ApprovedOn), nullDate(d.NextReview), now, p.OrgID, d.ID); err != nil {
			return fmt.Errorf("update document: %w", err)
		}
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(d.ID, 10), aims.ActionUpdate, changes)
	})
	return out, err
}

// EditDraft saves a draft's text, change summary and (for the AI policy)
// commitments. Only a draft can be edited: the UPDATE itself requires it,
// besides the version read.
func (s *Store) EditDraft(ctx context.Context, p aims.Principal, documentID int64, e aims.DraftEdit) (aims.DocumentVersion, error) {
	in := aims.DocumentVersion{Content: e.Content, ChangeSummary: e.ChangeSummary, Commitments: e.Commitments}
	if in.Commitments == nil {
		in.Commitments = []string{}
	}
	if err := in.Validate(); err != nil {
		return in, err
	}
	return s.step(ctx, p, documentID, e.Version, aims.DocEdit, func(tx *sql.Tx, d *aims.Document, v *aims.DocumentVersion, now time.Time) ([]aims.Change, error) {
		var changes []aims.Change
		if in.Content != v.Content {
			changes = append(changes, versionChange(v.Number, "content_bytes", len(v.Content), len(in.Content)))
		}
		if in.ChangeSummary != v.ChangeSummary {
			changes = append(changes, versionChange(v.Number, "change_summary", v.ChangeSummary, in.ChangeSummary))
		}
		if strings.Join(in.Commitments, ",") != strings.Join(v.Commitments, ",") {
			changes = append(changes, versionChange(v.Number, "commitments", v.Commitments, in.Commitments))
		}
		if len(changes) == 0 {
			return nil, nil
		}
		if err := s.versioned(ctx, tx, "document_versions", "state = 'draft' AND id",
			`content = $1, change_summary = $2, commitments = $3, updated_at = $4`, p.OrgID, v.ID, v.Version,
			in.Content, in.ChangeSummary, strings.Join(in.Commitments, ","), now); err != nil {
			return nil, err
		}
		v.Content, v.ChangeSummary, v.Commitments = in.Content, in.ChangeSummary, in.Commitments
		return changes, s.noteEditor(ctx, tx, p, v.ID)
	})
}

// noteEditor records that a person wrote or submitted a version, so that
// they cannot approve it.
func (s *Store) noteEditor(ctx context.Context, tx *sql.Tx, p aims.Principal, versionID int64) error {
	_, err := s.exec(ctx, tx, `INSERT INTO document_version_editors (org_id, version_id, user_id) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, version_id, user_id) DO NOTHING`, p.OrgID, versionID, p.UserID)
	return err
}

// SubmitDocument sends the draft for review.
func (s *Store) SubmitDocument(ctx context.Context, p aims.Principal, documentID int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.step(ctx, p, documentID, st.Version, aims.DocSubmit, func(tx *sql.Tx, d *aims.Document, v *aims.DocumentVersion, now time.Time) ([]aims.Change, error) {
		if strings.TrimSpace(v.Content) == "" {
			return nil, aims.Invalid("content", "an empty draft cannot be submitted for review")
		}
		if err := s.versioned(ctx, tx, "document_versions", "state = 'draft' AND id",
			`state = 'in-review', submitted_at = $1, return_note = '', updated_at = $1`, p.OrgID, v.ID, v.Version, now); err != nil {
			return nil, err
		}
		v.SubmittedAt, v.ReturnNote = &now, ""
		return nil, s.noteEditor(ctx, tx, p, v.ID)
	})
}

// ReturnDocument sends a version in review back to draft, with the reason.
func (s *Store) ReturnDocument(ctx context.Context, p aims.Principal, documentID int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	note := strings.TrimSpace(st.Note)
	f := map[string]string{}
	if note == "" {
		f["note"] = "say what the draft needs before it can be approved"
	} else if len(note) > 20_000 {
		f["note"] = "is too long (at most 20000 characters)"
	}
	if len(f) > 0 {
		return aims.DocumentVersion{}, &aims.ValidationError{Fields: f}
	}
	return s.step(ctx, p, documentID, st.Version, aims.DocReturn, func(tx *sql.Tx, d *aims.Document, v *aims.DocumentVersion, now time.Time) ([]aims.Change, error) {
		if err := s.versioned(ctx, tx, "document_versions", "state = 'in-review' AND id",
			`state = 'draft', return_note = $1, updated_at = $2`, p.OrgID, v.ID, v.Version, note, now); err != nil {
			return nil, err
		}
		v.ReturnNote = note
		return []aims.Change{versionChange(v.Number, "return_note", nil, note)}, nil
	})
}

// ApproveDocument approves the version in review as the acting person,
// who is not its author. The AI policy and the AIMS scope are approved
// only by a person whose designation to top management covers it on the
// day, and the approval names that designation; an AI policy must cover
// every commitment, and no text may keep a template's placeholders. The
// version approved before is superseded in the same transaction.
func (s *Store) ApproveDocument(ctx context.Context, p aims.Principal, documentID int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.step(ctx, p, documentID, st.Version, aims.DocApprove, func(tx *sql.Tx, d *aims.Document, v *aims.DocumentVersion, now time.Time) ([]aims.Change, error) {
		if err := v.CheckApproval(d.Kind); err != nil {
			return nil, err
		}
		name, err := s.checkOwner(ctx, tx, p.OrgID, p.UserID, "approver")
		if err != nil {
			return nil, err
		}
		var wrote int
		if err := s.queryRow(ctx, tx, `SELECT count(*) FROM document_version_editors WHERE org_id = $1 AND version_id = $2 AND user_id = $3`,
			p.OrgID, v.ID, p.UserID).Scan(&wrote); err != nil {
			return nil, err
		}
		if v.AuthorID == p.UserID || wrote > 0 {
			return nil, aims.Invalid("approver", "whoever wrote or submitted a version does not approve it: another person reviews and approves it (7.5.2)")
		}
		var des aims.Designation
		if a := d.Kind.Approval(); a != "" {
			if des, err = s.approver(ctx, tx, p.OrgID, p.UserID, a, aims.LimitNone, aims.DateOf(now), "approver"); err != nil {
				return nil, err
			}
		}
		var changes []aims.Change
		if d.ApprovedNumber > 0 {
			if _, err := s.exec(ctx, tx, `UPDATE document_versions SET state = 'superseded', version = version + 1, updated_at = $1
				WHERE org_id = $2 AND document_id = $3 AND state = 'approved'`, now, p.OrgID, d.ID); err != nil {
				return nil, fmt.Errorf("supersede: %w", err)
			}
			changes = append(changes, versionChange(d.ApprovedNumber, "state", aims.StateApproved, aims.StateSuperseded))
		}
		if err := s.versioned(ctx, tx, "document_versions", "state = 'in-review' AND id",
			`state = 'approved', approver_id = $1, approver_name = $2, approved_at = $3, designation_ref = $4,
			designation_position = $5, designation_body = $6, updated_at = $3`, p.OrgID, v.ID, v.Version,
			p.UserID, name, now, des.Ref, des.Position, string(des.Body)); err != nil {
			return nil, err
		}
		v.ApproverID, v.ApproverName, v.ApprovedAt = p.UserID, name, &now
		v.DesignationRef, v.DesignationPosition, v.DesignationBody = des.Ref, des.Position, des.Body
		d.ApprovedNumber, d.ApprovedOn = v.Number, aims.DateOf(now)
		d.Normalize()
		changes = append(changes, versionChange(v.Number, "approver", nil, name))
		if des.Ref != "" {
			changes = append(changes, versionChange(v.Number, "designation", nil, des.Ref+" "+des.Position))
		}
		return changes, nil
	})
}

// NewDocumentVersion starts the next version of a document as a draft that
// copies the approved text. version is the document's version the person
// read; a document with a draft or a version in review already has its
// next version. Two people starting one at once: one wins, in the
// document's versioned UPDATE and, behind it, in the unique index of open
// versions.
func (s *Store) NewDocumentVersion(ctx context.Context, p aims.Principal, documentID int64, version int) (aims.DocumentVersion, error) {
	var v aims.DocumentVersion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		d, err := s.document(ctx, tx, p.OrgID, documentID)
		if err != nil {
			return err
		}
		if d.Archived {
			return aims.ErrArchived
		}
		if version != d.Version {
			return aims.ErrConflict
		}
		if d.State.Open() {
			return &aims.StateError{Msg: "version " + strconv.Itoa(d.CurrentNumber) + " is still " +
				strings.ToLower(d.State.Label()) + "; finish it before starting another"}
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, documents, p.OrgID, d.ID, version, `state = 'draft', current_number = $1, updated_at = $2`,
			d.CurrentNumber+1, now); err != nil {
			return err
		}
		v = aims.DocumentVersion{DocumentID: d.ID, Number: d.CurrentNumber + 1}
		if d.ApprovedNumber > 0 {
			var commitments string
			err := s.queryRow(ctx, tx, `SELECT content, commitments FROM document_versions WHERE org_id = $1 AND document_id = $2
				AND number = $3`, p.OrgID, d.ID, d.ApprovedNumber).Scan(&v.Content, &commitments)
			if err != nil {
				return fmt.Errorf("approved text: %w", err)
			}
			v.Commitments = strings.FieldsFunc(commitments, func(r rune) bool { return r == ',' })
		}
		if err := s.insertVersion(ctx, tx, p, &v); err != nil {
			return err
		}
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(d.ID, 10), aims.ActionUpdate, []aims.Change{
			versionChange(v.Number, "state", nil, aims.StateDraft),
			versionChange(v.Number, "copied_from", nil, d.ApprovedNumber)})
	})
	return v, err
}
