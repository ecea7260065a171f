package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// evidenceTable is the evidence register's table. A file's content is not
// in it: it is in evidence_chunks, under the file's SHA-256, shared by the
// organization's evidence records with the same content.
var evidenceTable = table{name: "evidence", register: aims.RegisterEvidence, prefix: "EV-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "uploaded_by_name", "attachments"}}

// ChunkSize is how much of a file one evidence_chunks row holds.
const ChunkSize = 1 << 20

// evidenceSupport: evidence attached to a requirement of the gap analysis,
// live and not expired, supports that requirement.
var evidenceSupport = supporter{t: evidenceTable, query: `
	SELECT x.record_id AS requirement_id, e.id, e.number, e.title FROM evidence_attachments x
	JOIN evidence e ON e.org_id = x.org_id AND e.id = x.evidence_id
	WHERE x.org_id = $1 AND x.register = 'gap' AND NOT e.archived
	AND (e.valid_until IS NULL OR e.valid_until >= $2)`}

// FileContent is a file to store as evidence: a reader of its content, and
// the size and SHA-256 it was measured to have when it was taken in. The
// store hashes the content again as it writes it, and refuses it if it
// differs.
type FileContent struct {
	Content io.Reader
	Size    int64
	SHA256  string
}

// evidenceFields are the columns an edit writes, in evidenceValues' order.
var evidenceFields = columns{"title", "description", "url", "valid_until", "search"}

func evidenceValues(e aims.Evidence) []any {
	return []any{e.Title, e.Description, e.URL, nullDate(e.ValidUntil), evidenceSearch(e)}
}

const evidenceColumns = `e.id, e.number, e.version, e.kind, e.title, e.description, e.file_name, COALESCE(e.sha256, ''),
	e.size, e.content_type, e.url, e.valid_until, COALESCE(e.uploaded_by, 0), COALESCE(u.name, ''), e.archived,
	e.created_at, e.updated_at`

const evidenceFrom = ` FROM evidence e LEFT JOIN users u ON u.id = e.uploaded_by`

func scanEvidence(sc scanner) (aims.Evidence, error) {
	var e aims.Evidence
	var number int64
	var valid sql.NullTime
	err := sc.Scan(&e.ID, &number, &e.Version, &e.Kind, &e.Title, &e.Description, &e.FileName, &e.SHA256,
		&e.Size, &e.ContentType, &e.URL, &valid, &e.UploadedByID, &e.UploadedByName, &e.Archived,
		&e.CreatedAt, &e.UpdatedAt)
	e.Ref = evidenceTable.ref(number)
	e.ValidUntil = dateOf(valid)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.Attachments = []aims.Attachment{}
	return e, err
}

// evidenceSearch is what the evidence list's search matches.
func evidenceSearch(e aims.Evidence) string {
	return searchText(e.Ref, e.Title, e.Description, e.FileName, e.URL, e.SHA256)
}

// Evidence reads one evidence record of an organization with its
// attachments.
func (s *Store) Evidence(ctx context.Context, orgID, id int64) (aims.Evidence, error) {
	return s.evidence(ctx, s.r, orgID, id)
}

func (s *Store) evidence(ctx context.Context, q querier, orgID, id int64) (aims.Evidence, error) {
	e, err := scanEvidence(s.queryRow(ctx, q, `SELECT `+evidenceColumns+evidenceFrom+` WHERE e.org_id = $1 AND e.id = $2`, orgID, id))
	if err != nil {
		return e, notFound(err, "evidence")
	}
	e.Attachments, err = s.attachments(ctx, q, orgID, id)
	return e, err
}

// attachments reads what an evidence record is attached to, naming the
// records of each register (the gap analysis's requirements are named by
// the catalog): one query for the attachments, one per register present.
func (s *Store) attachments(ctx context.Context, q querier, orgID, id int64) ([]aims.Attachment, error) {
	rows, err := s.query(ctx, q, `SELECT x.register, x.record_id, COALESCE(u.name, ''), x.attached_at
		FROM evidence_attachments x LEFT JOIN users u ON u.id = x.attached_by
		WHERE x.org_id = $1 AND x.evidence_id = $2 ORDER BY x.register, x.record_id`, orgID, id)
	if err != nil {
		return nil, fmt.Errorf("evidence attachments: %w", err)
	}
	out := []aims.Attachment{}
	ids := map[string][]any{}
	for rows.Next() {
		var a aims.Attachment
		if err := rows.Scan(&a.Register, &a.RecordID, &a.By, &a.At); err != nil {
			rows.Close()
			return nil, err
		}
		a.At = a.At.UTC()
		if n, err := strconv.ParseInt(a.RecordID, 10, 64); err == nil {
			ids[a.Register] = append(ids[a.Register], n)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for reg, list := range ids {
		at, ok := attachables[reg]
		if !ok {
			continue
		}
		ph := make([]string, len(list))
		for i := range list {
			ph[i] = "$" + strconv.Itoa(i+2)
		}
		rows, err := s.query(ctx, q, `SELECT CAST(id AS TEXT), number, `+at.title+` FROM `+at.t.name+
			` WHERE org_id = $1 AND id IN (`+strings.Join(ph, ", ")+`)`, append([]any{orgID}, list...)...)
		if err != nil {
			return nil, fmt.Errorf("attached %s: %w", reg, err)
		}
		names := map[string][2]string{}
		for rows.Next() {
			var rid, title string
			var number int64
			if err := rows.Scan(&rid, &number, &title); err != nil {
				rows.Close()
				return nil, err
			}
			names[rid] = [2]string{at.t.ref(number), title}
		}
		rows.Close()
		for i, a := range out {
			if n, ok := names[a.RecordID]; ok && a.Register == reg {
				out[i].Ref, out[i].Title = n[0], n[1]
			}
		}
	}
	return out, nil
}

// evidenceSort maps the sort names the list accepts to SQL.
var evidenceSort = map[string]string{
	"":            "e.title, e.id",
	"title":       "e.title, e.id",
	"ref":         "e.number, e.id",
	"valid_until": "e.valid_until, e.id",
	"updated_at":  "e.updated_at, e.id",
}

// EvidenceList lists one page of an organization's evidence with the total
// matching the filter: two queries, however many rows there are.
func (s *Store) EvidenceList(ctx context.Context, orgID int64, f aims.EvidenceFilter) (aims.Page[aims.Evidence], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Evidence]{Items: []aims.Evidence{}}, err
	}
	order := evidenceSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.evidenceQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Evidence]{Items: []aims.Evidence{}}, err
	}
	return list(ctx, s, q, scanEvidence)
}

// EachEvidence calls fn for every evidence record matching the filter, in
// the order they were added, for exports.
func (s *Store) EachEvidence(ctx context.Context, orgID int64, f aims.EvidenceFilter, fn func(aims.Evidence) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.evidenceQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanEvidence, func(e aims.Evidence) int64 { return e.ID }, fn)
}

func (s *Store) evidenceQuery(ctx context.Context, orgID int64, f aims.EvidenceFilter, order string) (listQuery, error) {
	w := newFilter("e", orgID, f.Archived)
	if f.Kind != "" {
		w.and("e.kind = ?", string(f.Kind))
	}
	if f.Type != "" {
		w.and("e.content_type = ?", f.Type)
	}
	switch f.Validity {
	case "expired":
		w.and("e.valid_until < ?", f.Today.String())
	case "valid":
		w.and("(e.valid_until IS NULL OR e.valid_until >= ?)", f.Today.String())
	}
	if f.Register != "" {
		w.and("EXISTS (SELECT 1 FROM evidence_attachments x WHERE x.org_id = e.org_id AND x.evidence_id = e.id AND x.register = ?)", f.Register)
	}
	total, err := s.search(ctx, w, evidenceTable, "e", f.Q)
	return listQuery{alias: "e", table: evidenceTable.name, columns: evidenceColumns, from: evidenceFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// EvidenceFor lists the live evidence attached to one record (at most 200,
// newest first), for the record's page.
func (s *Store) EvidenceFor(ctx context.Context, orgID int64, register, recordID string) ([]aims.Evidence, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+evidenceColumns+evidenceFrom+`
		JOIN evidence_attachments x ON x.org_id = e.org_id AND x.evidence_id = e.id
		WHERE x.org_id = $1 AND x.register = $2 AND x.record_id = $3 AND e.archived = $4
		ORDER BY e.created_at DESC, e.id DESC LIMIT 200`, orgID, register, recordID, false)
	if err != nil {
		return nil, fmt.Errorf("evidence for %s %s: %w", register, recordID, err)
	}
	defer rows.Close()
	out := []aims.Evidence{}
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EvidenceNames lists the live evidence's IDs, references and titles, for
// the attach form's picker; it is capped, as a picker is not a list page.
func (s *Store) EvidenceNames(ctx context.Context, orgID int64) ([]aims.Evidence, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, number, title FROM evidence WHERE org_id = $1 AND archived = $2
		ORDER BY title, id LIMIT 1000`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("evidence names: %w", err)
	}
	defer rows.Close()
	out := []aims.Evidence{}
	for rows.Next() {
		var e aims.Evidence
		var n int64
		if err := rows.Scan(&e.ID, &n, &e.Title); err != nil {
			return nil, err
		}
		e.Ref = evidenceTable.ref(n)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CreateEvidence adds evidence: a link (file nil) or a file, whose content
// is written in the same transaction as the record, in chunks, unless the
// organization holds the same content already. Nothing is written until the
// content has been read whole and matches its measured size and hash, so a
// failure at any point leaves nothing behind. attach, when given, attaches
// the new record to those records in the same transaction.
func (s *Store) CreateEvidence(ctx context.Context, p aims.Principal, e aims.Evidence, file *FileContent, attach ...aims.Attachment) (aims.Evidence, error) {
	e.Normalize()
	e.Kind, e.SHA256, e.Size = aims.EvidenceLink, "", 0
	if file == nil {
		e.FileName, e.ContentType = "", ""
	} else {
		e.Kind = aims.EvidenceFile
	}
	if err := e.Validate(); err != nil {
		return e, err
	}
	if file != nil {
		name, err := aims.CleanFileName(e.FileName)
		if err != nil {
			return e, err
		}
		if aims.EvidenceTypeLabel(e.ContentType) == e.ContentType {
			return e, aims.Invalid("file", "is of a type aims does not keep")
		}
		if file.Size <= 0 || len(file.SHA256) != 64 {
			return e, aims.Invalid("file", "is empty")
		}
		e.FileName, e.SHA256, e.Size = name, file.SHA256, file.Size
	}
	for _, a := range attach {
		if err := aims.CheckAttachment(a.Register, a.RecordID); err != nil {
			return e, err
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if file != nil {
			if err := s.storeContent(ctx, tx, p.OrgID, *file); err != nil {
				return err
			}
		}
		return s.createEvidence(ctx, tx, p, &e, attach)
	})
	return e, err
}

func (s *Store) createEvidence(ctx context.Context, tx *sql.Tx, p aims.Principal, e *aims.Evidence, attach []aims.Attachment) error {
	number, err := s.number(ctx, tx, p.OrgID, evidenceTable)
	if err != nil {
		return err
	}
	now := s.timestamp()
	e.Ref, e.Version, e.Archived, e.CreatedAt, e.UpdatedAt = evidenceTable.ref(number), 1, false, now, now
	e.UploadedByID = p.UserID
	if e.UploadedByName, err = s.checkOwner(ctx, tx, p.OrgID, p.UserID, "uploaded_by"); err != nil {
		return err
	}
	var sum any
	if e.SHA256 != "" {
		sum = e.SHA256
	}
	err = s.queryRow(ctx, tx, `INSERT INTO evidence (org_id, number, version, archived, created_at, updated_at, kind,
		file_name, sha256, size, content_type, uploaded_by, `+evidenceFields.String()+`)
		VALUES ($1, $2, 1, $3, $4, $4, $5, $6, $7, $8, $9, $10, `+evidenceFields.values(11)+`) RETURNING id`,
		append([]any{p.OrgID, number, false, now, e.Kind, e.FileName, sum, e.Size, e.ContentType, nullID(p.UserID)},
			evidenceValues(*e)...)...).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("insert evidence: %w", err)
	}
	changes, err := evidenceTable.diff(nil, *e)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(e.ID, 10)
	if err := s.record(ctx, tx, p, evidenceTable.register, id, aims.ActionCreate, changes); err != nil {
		return err
	}
	if len(attach) == 0 {
		return nil
	}
	for _, a := range attach {
		if _, err := s.attach(ctx, tx, p, e.ID, a.Register, a.RecordID); err != nil {
			return err
		}
	}
	after, err := s.attachments(ctx, tx, p.OrgID, e.ID)
	if err != nil {
		return err
	}
	e.Attachments = after
	return s.record(ctx, tx, p, evidenceTable.register, id, aims.ActionUpdate, []aims.Change{attachmentChange(nil, after)})
}

// storeContent writes a file's content under its hash, unless the
// organization holds it already (then the content is not read at all).
// It hashes what it writes and refuses content whose size or hash differs
// from what was measured, which rolls the transaction back. The blob row
// is claimed first (ON CONFLICT DO NOTHING), so two uploads of the same
// content at once write it once: the second waits for the first to commit.
func (s *Store) storeContent(ctx context.Context, tx *sql.Tx, orgID int64, f FileContent) error {
	chunks := (f.Size + ChunkSize - 1) / ChunkSize
	res, err := s.exec(ctx, tx, `INSERT INTO evidence_blobs (org_id, sha256, size, chunks, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (org_id, sha256) DO NOTHING`, orgID, f.SHA256, f.Size, chunks, s.timestamp())
	if err != nil {
		return fmt.Errorf("store file: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // the organization holds this content already
	}
	h := sha256.New()
	buf := make([]byte, ChunkSize)
	var size int64
	for seq := int64(0); ; seq++ {
		n, err := io.ReadFull(f.Content, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			if _, err := s.exec(ctx, tx, `INSERT INTO evidence_chunks (org_id, sha256, seq, data) VALUES ($1, $2, $3, $4)`,
				orgID, f.SHA256, seq, buf[:n]); err != nil {
				return fmt.Errorf("store file chunk %d: %w", seq, err)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("read file: %w", err)
		}
	}
	if size != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return errors.New("store file: the content changed while it was stored")
	}
	return nil
}

// WriteContent writes an evidence file's content to w, a chunk at a time,
// each chunk read by its own query so no connection is held while w waits
// for a slow client. It hashes what it writes: content that no longer
// matches its SHA-256, or a missing chunk, is ErrCorrupt, after the bytes
// have gone out (the caller cuts the download short so the client sees a
// failure, not a file that looks whole).
func (s *Store) WriteContent(ctx context.Context, orgID int64, e aims.Evidence, w io.Writer) error {
	if e.Kind != aims.EvidenceFile {
		return fmt.Errorf("evidence %s: %w", e.Ref, aims.ErrNotFound)
	}
	sum, size, err := s.readContent(ctx, orgID, e.SHA256, w)
	if err != nil {
		return err
	}
	if sum != e.SHA256 || size != e.Size {
		return fmt.Errorf("evidence %s: %w", e.Ref, ErrCorrupt)
	}
	return nil
}

// ErrCorrupt is stored content that no longer matches its hash.
var ErrCorrupt = errors.New("the stored file does not match its SHA-256")

// errMissing is content with a chunk missing.
var errMissing = errors.New("the stored file is missing (in part or whole)")

// readContent copies a blob's chunks to w in order and returns the hash
// and size of what it copied. A chunk missing is errMissing.
func (s *Store) readContent(ctx context.Context, orgID int64, sum string, w io.Writer) (string, int64, error) {
	var chunks int64
	err := s.queryRow(ctx, s.r, `SELECT chunks FROM evidence_blobs WHERE org_id = $1 AND sha256 = $2`, orgID, sum).Scan(&chunks)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, errMissing
	}
	if err != nil {
		return "", 0, fmt.Errorf("read file: %w", err)
	}
	h := sha256.New()
	var size int64
	var data []byte
	for seq := int64(0); seq < chunks; seq++ {
		data = data[:0]
		err := s.queryRow(ctx, s.r, `SELECT data FROM evidence_chunks WHERE org_id = $1 AND sha256 = $2 AND seq = $3`,
			orgID, sum, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return "", size, errMissing
		}
		if err != nil {
			return "", size, fmt.Errorf("read file chunk %d: %w", seq, err)
		}
		h.Write(data)
		size += int64(len(data))
		if _, err := w.Write(data); err != nil {
			return "", size, err
		}
	}
	// A chunk beyond the count would be content nobody reads: still a change.
	var extra int
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM evidence_chunks WHERE org_id = $1 AND sha256 = $2 AND seq >= $3`,
		orgID, sum, chunks).Scan(&extra); err != nil {
		return "", size, fmt.Errorf("read file: %w", err)
	}
	if extra > 0 {
		return "", size, ErrCorrupt
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// UpdateEvidence saves an edited evidence record: title, description,
// validity and, for a link, its address. A file's content never changes:
// new content is new evidence. e.Version must be the version the editor
// read.
func (s *Store) UpdateEvidence(ctx context.Context, p aims.Principal, e aims.Evidence) (aims.Evidence, error) {
	var after aims.Evidence
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.evidence(ctx, tx, p.OrgID, e.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		next := before
		next.Title, next.Description, next.ValidUntil = e.Title, e.Description, e.ValidUntil
		if before.Kind == aims.EvidenceLink {
			next.URL = e.URL
		}
		next.Normalize()
		if err := next.Validate(); err != nil {
			return err
		}
		changes, err := evidenceTable.diff(before, next)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(e.Version != before.Version)
		}
		next.UpdatedAt = s.timestamp()
		values := append(evidenceValues(next), next.UpdatedAt)
		if err := s.update(ctx, tx, evidenceTable, p.OrgID, e.ID, e.Version,
			evidenceFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = next
		after.Version = e.Version + 1
		return s.record(ctx, tx, p, evidenceTable.register, strconv.FormatInt(e.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetEvidenceArchived archives evidence (its content stays, for the
// records and the audit trail) or restores it.
func (s *Store) SetEvidenceArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Evidence, error) {
	var e aims.Evidence
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = s.evidence(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, evidenceTable, id, e.Version, version, e.Archived, archived)
		if changed {
			e.Archived, e.Version, e.UpdatedAt = archived, e.Version+1, at
		}
		return err
	})
	return e, err
}

// attachable is a register evidence may be attached to: its table and the
// column that names its records. A later register adds one line here (and
// its key to aims.AttachableRegisters). The gap analysis's records are the
// catalog's requirements, which the caller checks: the store does not hold
// the catalog.
type attachable struct {
	t     table
	title string
}

var attachables = map[string]attachable{
	aims.RegisterAISystems:         {aiSystems, "name"},
	aims.RegisterDocuments:         {documents, "title"},
	aims.RegisterCompetenceRecords: {competenceRecords, "title"},
	aims.RegisterConcerns:          {concerns, "summary"},
	aims.RegisterCommunications:    {communications, "subject"},
	aims.RegisterContextIssues:     {contextIssues, "title"},
	aims.RegisterProcesses:         {processes, "name"},
	aims.RegisterObligations:       {obligations, "title"},
	aims.RegisterUseReviews:        {useReviews, "'Use review of ' || CAST(reviewed_on AS TEXT)"},
	aims.RegisterComponents:        {components, "name"},
	aims.RegisterIncidents:         {incidents, "title"},
	aims.RegisterInformation:       {information, "title"},
	aims.RegisterCustomControls:    {customControls, "title"},
	aims.RegisterLifecycleRecords:  {lifecycleRecords, "title"},
	aims.RegisterRisks:             {risks, "title"},
	aims.RegisterImpactAssessments: {impactAssessments, "title"},
	aims.RegisterThirdParties:      {thirdParties, "name"},
	aims.RegisterObjectives:        {objectives, "title"},
	aims.RegisterChanges:           {changeRequests, "title"},
	aims.RegisterDatasets:          {datasets, "name"},
}

// checkTarget makes sure the record evidence is attached to is the
// organization's.
func (s *Store) checkTarget(ctx context.Context, q querier, orgID int64, register, recordID string) error {
	at, ok := attachables[register]
	if !ok {
		return nil // the gap analysis: checked by the caller against the catalog
	}
	id, err := strconv.ParseInt(recordID, 10, 64)
	if err != nil || strconv.FormatInt(id, 10) != recordID {
		return aims.Invalid("record_id", "is not a record of this organization in "+register)
	}
	var n int
	if err := s.queryRow(ctx, q, `SELECT count(*) FROM `+at.t.name+` WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return aims.Invalid("record_id", "is not a record of this organization in "+register)
	}
	return nil
}

// Attach attaches evidence to a record of a register, which must be the
// organization's. Attaching twice changes nothing. It is recorded in the
// evidence's history; attachments are a set that each call changes by one
// element, so they do not move the evidence's version (no edit can be
// lost to them).
func (s *Store) Attach(ctx context.Context, p aims.Principal, evidenceID int64, register, recordID string) (aims.Evidence, error) {
	return s.changeAttachment(ctx, p, evidenceID, register, recordID, true)
}

// Detach removes an attachment; the history keeps that it was there.
func (s *Store) Detach(ctx context.Context, p aims.Principal, evidenceID int64, register, recordID string) (aims.Evidence, error) {
	return s.changeAttachment(ctx, p, evidenceID, register, recordID, false)
}

func (s *Store) changeAttachment(ctx context.Context, p aims.Principal, evidenceID int64, register, recordID string, on bool) (aims.Evidence, error) {
	var e aims.Evidence
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = s.evidence(ctx, tx, p.OrgID, evidenceID); err != nil {
			return err
		}
		if err := aims.CheckAttachment(register, recordID); err != nil {
			return err
		}
		if e.Archived && on {
			return aims.ErrArchived
		}
		var changed bool
		if on {
			changed, err = s.attach(ctx, tx, p, evidenceID, register, recordID)
		} else {
			var res sql.Result
			res, err = s.exec(ctx, tx, `DELETE FROM evidence_attachments WHERE org_id = $1 AND evidence_id = $2 AND register = $3 AND record_id = $4`,
				p.OrgID, evidenceID, register, recordID)
			if err == nil {
				n, _ := res.RowsAffected()
				changed = n > 0
			}
		}
		if err != nil || !changed {
			return err
		}
		before := e.Attachments
		if e.Attachments, err = s.attachments(ctx, tx, p.OrgID, evidenceID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, evidenceTable.register, strconv.FormatInt(evidenceID, 10), aims.ActionUpdate,
			[]aims.Change{attachmentChange(before, e.Attachments)})
	})
	return e, err
}

// attach adds one attachment row after checking its record; it reports
// whether the row is new.
func (s *Store) attach(ctx context.Context, tx *sql.Tx, p aims.Principal, evidenceID int64, register, recordID string) (bool, error) {
	if err := aims.CheckAttachment(register, recordID); err != nil {
		return false, err
	}
	if err := s.checkTarget(ctx, tx, p.OrgID, register, recordID); err != nil {
		return false, err
	}
	res, err := s.exec(ctx, tx, `INSERT INTO evidence_attachments (org_id, evidence_id, register, record_id, attached_by, attached_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, evidence_id, register, record_id) DO NOTHING`,
		p.OrgID, evidenceID, register, recordID, nullID(p.UserID), s.timestamp())
	if err != nil {
		return false, fmt.Errorf("attach evidence: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// attachmentChange is the audit trail's view of an attachment change: the
// records before and after, as "register/id" (with the reference when
// there is one).
func attachmentChange(before, after []aims.Attachment) aims.Change {
	names := func(as []aims.Attachment) json.RawMessage {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = a.Register + "/" + a.RecordID
			if a.Ref != "" {
				out[i] += " (" + a.Ref + ")"
			}
		}
		b, _ := json.Marshal(out)
		return b
	}
	return aims.Change{Field: "attachments", Old: names(before), New: names(after)}
}

// EvidenceProblem is a stored file that no longer matches its SHA-256, or
// is missing, with every evidence record that holds it.
type EvidenceProblem struct {
	OrgID   int64
	OrgName string
	Ref     string
	Title   string
	SHA256  string
	Missing bool // a chunk (or more) is gone, rather than changed
}

// VerifyEvidence recomputes the SHA-256 of every stored file of every
// organization from its chunks, one chunk per query, and calls fn for each
// evidence record whose file changed or is missing. It returns how many
// files it checked.
func (s *Store) VerifyEvidence(ctx context.Context, fn func(EvidenceProblem) error) (int, error) {
	type blob struct {
		org int64
		sum string
	}
	var blobs []blob
	rows, err := s.query(ctx, s.r, `SELECT org_id, sha256 FROM evidence_blobs ORDER BY org_id, sha256`)
	if err != nil {
		return 0, fmt.Errorf("verify evidence: %w", err)
	}
	for rows.Next() {
		var b blob
		if err := rows.Scan(&b.org, &b.sum); err != nil {
			rows.Close()
			return 0, err
		}
		blobs = append(blobs, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, b := range blobs {
		sum, _, err := s.readContent(ctx, b.org, b.sum, io.Discard)
		missing := errors.Is(err, errMissing)
		if err != nil && !missing && !errors.Is(err, ErrCorrupt) {
			return 0, err
		}
		if err == nil && sum == b.sum {
			continue
		}
		rows, err := s.query(ctx, s.r, `SELECT o.name, e.number, e.title FROM evidence e JOIN organizations o ON o.id = e.org_id
			WHERE e.org_id = $1 AND e.sha256 = $2 ORDER BY e.number`, b.org, b.sum)
		if err != nil {
			return 0, fmt.Errorf("verify evidence: %w", err)
		}
		var found []EvidenceProblem
		for rows.Next() {
			pr := EvidenceProblem{OrgID: b.org, SHA256: b.sum, Missing: missing}
			var n int64
			if err := rows.Scan(&pr.OrgName, &n, &pr.Title); err != nil {
				rows.Close()
				return 0, err
			}
			pr.Ref = evidenceTable.ref(n)
			found = append(found, pr)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		for _, pr := range found {
			if err := fn(pr); err != nil {
				return 0, err
			}
		}
	}
	return len(blobs), nil
}
