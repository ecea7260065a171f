package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// thirdParties is the register of suppliers, customers and partners (A.10,
// 8.1). The links' IDs and the read-only parts stay out of the audit diff:
// the linked records' names show a change, and the matrix and assessments
// are audited by the writes that change them.
var thirdParties = table{name: "third_parties", register: aims.RegisterThirdParties, prefix: "TP-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "ai_system_ids", "party_id",
		"responsibilities", "assessments", "last_assessed", "last_result", "next_assessment", "commitments"}}

// thirdPartySupport: an active relationship whose matrix gives someone a
// part in an activity supports A.10.2; an active supplier or partner whose
// latest assessment accepted it and is not past its next date supports
// A.10.3 and 8.1 (externally provided products and services under
// control); an active customer with what the organization owes it
// recorded supports A.10.4.
var thirdPartySupport = supporter{t: thirdParties, query: `
	SELECT 'A.10.2' AS requirement_id, t.id, t.number, t.name AS title FROM third_parties t
	WHERE t.org_id = $1 AND NOT t.archived AND t.status = 'active' AND EXISTS (SELECT 1 FROM third_party_responsibilities r
		WHERE r.org_id = t.org_id AND r.third_party_id = t.id AND 'responsible' IN (r.organization, r.supplier, r.customer))
	UNION ALL SELECT 'A.10.3', t.id, t.number, t.name FROM third_parties t
	WHERE t.org_id = $1 AND NOT t.archived AND t.status = 'active' AND t.kind IN ('supplier', 'partner')
		AND t.last_result IN ('acceptable', 'acceptable-with-conditions') AND (t.next_assessment IS NULL OR t.next_assessment >= $2)
	UNION ALL SELECT '8.1', t.id, t.number, t.name FROM third_parties t
	WHERE t.org_id = $1 AND NOT t.archived AND t.status = 'active' AND t.kind IN ('supplier', 'partner')
		AND t.last_result IN ('acceptable', 'acceptable-with-conditions') AND (t.next_assessment IS NULL OR t.next_assessment >= $2)
	UNION ALL SELECT 'A.10.4', t.id, t.number, t.name FROM third_parties t
	WHERE t.org_id = $1 AND NOT t.archived AND t.status = 'active' AND t.kind = 'customer' AND EXISTS (SELECT 1 FROM third_party_commitments c
		WHERE c.org_id = t.org_id AND c.third_party_id = t.id)`}

// thirdPartyReviewDue and thirdPartyAssessmentDue: a live relationship's
// review, and a supplier's or partner's next assessment.
const thirdPartyReviewDue dueSource = `SELECT org_id, 'third-parties', CAST(id AS TEXT), 'TP-' || number, name, 'Third-party review',
	CAST(review_date AS TEXT), owner_id FROM third_parties WHERE NOT archived AND review_date IS NOT NULL AND status <> 'ended'`

const thirdPartyAssessmentDue dueSource = `SELECT org_id, 'third-parties', CAST(id AS TEXT), 'TP-' || number, name, 'Supplier assessment',
	CAST(next_assessment AS TEXT), owner_id FROM third_parties WHERE NOT archived AND next_assessment IS NOT NULL AND status <> 'ended'`

// thirdPartyFields are the columns an edit writes, in thirdPartyValues' order.
var thirdPartyFields = columns{"name", "kind", "party_id", "provides", "components", "contract_ref", "contract_start", "contract_end",
	"criticality", "status", "owner_id", "review_date", "notes", "search"}

func thirdPartyValues(t aims.ThirdParty) []any {
	return []any{t.Name, t.Kind, nullID(t.PartyID), t.Provides, t.Components, t.ContractRef, nullDate(t.ContractStart), nullDate(t.ContractEnd),
		t.Criticality, t.Status, nullID(t.OwnerID), nullDate(t.ReviewDate), t.Notes, thirdPartySearch(t)}
}

const thirdPartyColumns = `t.id, t.number, t.version, t.name, t.kind, t.party_id, COALESCE(ip.number, 0), COALESCE(ip.name, ''),
	t.provides, t.components, t.contract_ref, t.contract_start, t.contract_end, t.criticality, t.status, t.owner_id, COALESCE(u.name, ''),
	t.review_date, t.notes, t.last_assessed, t.last_result, t.next_assessment, t.archived, t.created_at, t.updated_at`

const thirdPartyFrom = ` FROM third_parties t LEFT JOIN users u ON u.id = t.owner_id
	LEFT JOIN interested_parties ip ON ip.org_id = t.org_id AND ip.id = t.party_id`

func scanThirdParty(sc scanner) (aims.ThirdParty, error) {
	var t aims.ThirdParty
	var number, partyNumber int64
	var party, owner sql.NullInt64
	var partyName string
	var start, end, review, last, next sql.NullTime
	err := sc.Scan(&t.ID, &number, &t.Version, &t.Name, &t.Kind, &party, &partyNumber, &partyName,
		&t.Provides, &t.Components, &t.ContractRef, &start, &end, &t.Criticality, &t.Status, &owner, &t.OwnerName,
		&review, &t.Notes, &last, &t.LastResult, &next, &t.Archived, &t.CreatedAt, &t.UpdatedAt)
	t.Ref = thirdParties.ref(number)
	t.PartyID, t.OwnerID = party.Int64, owner.Int64
	if t.PartyID != 0 {
		t.PartyName = parties.ref(partyNumber) + " " + partyName
	}
	t.ContractStart, t.ContractEnd, t.ReviewDate = dateOf(start), dateOf(end), dateOf(review)
	t.LastAssessed, t.NextAssessment = dateOf(last), dateOf(next)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.AISystemIDs, t.AISystems = []int64{}, []string{}
	t.Commitments, t.Responsibilities, t.Assessments = []aims.CustomerCommitment{}, []aims.Responsibility{}, []aims.SupplierAssessment{}
	return t, err
}

// thirdPartyLinks fills in the linked AI systems of the given third
// parties: one query, however many.
func (s *Store) thirdPartyLinks(ctx context.Context, q querier, orgID int64, items []aims.ThirdParty) error {
	if len(items) == 0 {
		return nil
	}
	at := map[int64]int{}
	args := []any{orgID}
	marks := make([]string, len(items))
	for i, t := range items {
		at[t.ID] = i
		args = append(args, t.ID)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.query(ctx, q, `SELECT l.third_party_id, a.id, a.number, a.name FROM third_party_ai_systems l
		JOIN ai_systems a ON a.org_id = l.org_id AND a.id = l.ai_system_id
		WHERE l.org_id = $1 AND l.third_party_id IN (`+strings.Join(marks, ", ")+`) ORDER BY l.third_party_id, a.id`, args...)
	if err != nil {
		return fmt.Errorf("third-party links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tid, id, n int64
		var name string
		if err := rows.Scan(&tid, &id, &n, &name); err != nil {
			return err
		}
		t := &items[at[tid]]
		t.AISystemIDs, t.AISystems = append(t.AISystemIDs, id), append(t.AISystems, aiSystems.ref(n)+" "+name)
	}
	return rows.Err()
}

// thirdPartyDetails reads one third party's matrix, commitments and
// assessments.
func (s *Store) thirdPartyDetails(ctx context.Context, q querier, orgID int64, t *aims.ThirdParty) error {
	rows, err := s.query(ctx, q, `SELECT activity, organization, supplier, customer, note FROM third_party_responsibilities
		WHERE org_id = $1 AND third_party_id = $2`, orgID, t.ID)
	if err != nil {
		return fmt.Errorf("responsibilities: %w", err)
	}
	for rows.Next() {
		var r aims.Responsibility
		if err := rows.Scan(&r.Activity, &r.Organization, &r.Supplier, &r.Customer, &r.Note); err != nil {
			rows.Close()
			return err
		}
		t.Responsibilities = append(t.Responsibilities, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	t.Responsibilities = aims.NormalizeResponsibilities(t.Responsibilities)
	rows, err = s.query(ctx, q, `SELECT expectation, information FROM third_party_commitments
		WHERE org_id = $1 AND third_party_id = $2 ORDER BY position`, orgID, t.ID)
	if err != nil {
		return fmt.Errorf("commitments: %w", err)
	}
	for rows.Next() {
		var c aims.CustomerCommitment
		if err := rows.Scan(&c.Expectation, &c.Information); err != nil {
			rows.Close()
			return err
		}
		t.Commitments = append(t.Commitments, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.query(ctx, q, `SELECT a.id, a.assessed_on, a.method, a.certificate, a.certificate_expires, a.result, a.findings,
		a.conditions, a.assessor, a.next_due, COALESCE(u.name, ''), a.created_at
		FROM third_party_assessments a LEFT JOIN users u ON u.id = a.recorded_by
		WHERE a.org_id = $1 AND a.third_party_id = $2 ORDER BY a.assessed_on DESC, a.id DESC`, orgID, t.ID)
	if err != nil {
		return fmt.Errorf("assessments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a aims.SupplierAssessment
		var on, expires, next sql.NullTime
		if err := rows.Scan(&a.ID, &on, &a.Method, &a.Certificate, &expires, &a.Result, &a.Findings, &a.Conditions,
			&a.Assessor, &next, &a.RecordedBy, &a.CreatedAt); err != nil {
			return err
		}
		a.AssessedOn, a.CertificateExpires, a.NextDue, a.CreatedAt = dateOf(on), dateOf(expires), dateOf(next), a.CreatedAt.UTC()
		t.Assessments = append(t.Assessments, a)
	}
	return rows.Err()
}

// ThirdParty reads one third party of an organization with its links,
// matrix, commitments and assessments.
func (s *Store) ThirdParty(ctx context.Context, orgID, id int64) (aims.ThirdParty, error) {
	return s.thirdParty(ctx, s.r, orgID, id)
}

func (s *Store) thirdParty(ctx context.Context, q querier, orgID, id int64) (aims.ThirdParty, error) {
	t, err := scanThirdParty(s.queryRow(ctx, q, `SELECT `+thirdPartyColumns+thirdPartyFrom+` WHERE t.org_id = $1 AND t.id = $2`, orgID, id))
	if err != nil {
		return t, notFound(err, "third party")
	}
	items := []aims.ThirdParty{t}
	if err := s.thirdPartyLinks(ctx, q, orgID, items); err != nil {
		return t, err
	}
	t = items[0]
	return t, s.thirdPartyDetails(ctx, q, orgID, &t)
}

var thirdPartySort = map[string]string{
	"":                "t.name, t.id",
	"name":            "t.name, t.id",
	"ref":             "t.number, t.id",
	"kind":            "t.kind, t.name, t.id",
	"criticality":     "t.criticality, t.name, t.id",
	"status":          "t.status, t.name, t.id",
	"review_date":     "t.review_date, t.id",
	"next_assessment": "t.next_assessment, t.id",
	"updated_at":      "t.updated_at, t.id",
}

// ThirdParties lists one page of an organization's third parties with
// their AI systems and the total matching the filter: three queries (and
// the search's probes), however many rows. The page leaves the matrix,
// commitments and assessments to the record.
func (s *Store) ThirdParties(ctx context.Context, orgID int64, f aims.ThirdPartyFilter) (aims.Page[aims.ThirdParty], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.ThirdParty]{Items: []aims.ThirdParty{}}, err
	}
	order := thirdPartySort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.thirdPartyQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.ThirdParty]{Items: []aims.ThirdParty{}}, err
	}
	page, err := list(ctx, s, q, scanThirdParty)
	if err == nil {
		err = s.thirdPartyLinks(ctx, s.r, orgID, page.Items)
	}
	return page, err
}

// EachThirdParty calls fn for every third party matching the filter, with
// its AI systems, in the order they were registered, for exports.
func (s *Store) EachThirdParty(ctx context.Context, orgID int64, f aims.ThirdPartyFilter, fn func(aims.ThirdParty) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.thirdPartyQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	batch := make([]aims.ThirdParty, 0, exportBatch)
	flush := func() error {
		if err := s.thirdPartyLinks(ctx, s.r, orgID, batch); err != nil {
			return err
		}
		for _, t := range batch {
			if err := fn(t); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err = each(ctx, s, q, scanThirdParty, func(t aims.ThirdParty) int64 { return t.ID }, func(t aims.ThirdParty) error {
		batch = append(batch, t)
		if len(batch) == exportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func (s *Store) thirdPartyQuery(ctx context.Context, orgID int64, f aims.ThirdPartyFilter, order string) (listQuery, error) {
	w := newFilter("t", orgID, f.Archived)
	if f.Kind != "" {
		w.and("t.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.and("t.status = ?", string(f.Status))
	}
	if f.Criticality != "" {
		w.and("t.criticality = ?", string(f.Criticality))
	}
	if f.OwnerID != 0 {
		w.and("t.owner_id = ?", f.OwnerID)
	}
	if f.PartyID != 0 {
		w.and("t.party_id = ?", f.PartyID)
	}
	if f.AISystemID != 0 {
		w.and("t.id IN (SELECT third_party_id FROM third_party_ai_systems WHERE org_id = $1 AND ai_system_id = ?)", f.AISystemID)
	}
	if f.Overdue {
		today := f.Today
		if today.IsZero() {
			today = s.today()
		}
		// Both dates compare with the one placeholder the condition adds.
		w.and("t.status <> 'ended' AND (t.review_date < ? OR t.next_assessment < $"+strconv.Itoa(len(w.args)+1)+")", today.String())
	}
	total, err := s.search(ctx, w, thirdParties, "t", f.Q)
	return listQuery{alias: "t", table: thirdParties.name, columns: thirdPartyColumns, from: thirdPartyFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// thirdPartySearch is what the free-text search matches.
func thirdPartySearch(t aims.ThirdParty) string {
	return searchText(t.Ref, t.Name, t.Kind.Label(), t.Provides, t.Components, t.ContractRef, t.Notes, t.OwnerName, t.PartyName,
		strings.Join(t.AISystems, " "))
}

// resolveThirdParty checks that the owner, the interested party and every
// linked AI system are the organization's, and names them: another
// organization's ID is refused as unknown.
func (s *Store) resolveThirdParty(ctx context.Context, tx *sql.Tx, orgID int64, t *aims.ThirdParty) error {
	var err error
	if t.OwnerName, err = s.checkOwner(ctx, tx, orgID, t.OwnerID, "owner_id"); err != nil {
		return err
	}
	t.PartyName = ""
	if t.PartyID != 0 {
		var n int64
		var name string
		err := s.queryRow(ctx, tx, `SELECT number, name FROM interested_parties WHERE org_id = $1 AND id = $2`, orgID, t.PartyID).Scan(&n, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("party_id", "interested party "+strconv.FormatInt(t.PartyID, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		t.PartyName = parties.ref(n) + " " + name
	}
	t.AISystems = make([]string, len(t.AISystemIDs))
	for i, id := range t.AISystemIDs {
		var n int64
		var name string
		err := s.queryRow(ctx, tx, `SELECT number, name FROM ai_systems WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("ai_system_ids", "record "+strconv.FormatInt(id, 10)+" does not exist in this organization")
		}
		if err != nil {
			return err
		}
		t.AISystems[i] = aiSystems.ref(n) + " " + name
	}
	return nil
}

// writeThirdPartyLinks replaces a third party's AI system links and
// commitments with the ones it lists.
func (s *Store) writeThirdPartyLinks(ctx context.Context, tx *sql.Tx, orgID int64, t aims.ThirdParty) error {
	for _, tbl := range []string{"third_party_ai_systems", "third_party_commitments"} {
		if _, err := s.exec(ctx, tx, `DELETE FROM `+tbl+` WHERE org_id = $1 AND third_party_id = $2`, orgID, t.ID); err != nil {
			return fmt.Errorf("replace %s: %w", tbl, err)
		}
	}
	for _, id := range t.AISystemIDs {
		if _, err := s.exec(ctx, tx, `INSERT INTO third_party_ai_systems (org_id, third_party_id, ai_system_id) VALUES ($1, $2, $3)`,
			orgID, t.ID, id); err != nil {
			return fmt.Errorf("insert third-party link: %w", err)
		}
	}
	for i, c := range t.Commitments {
		if _, err := s.exec(ctx, tx, `INSERT INTO third_party_commitments (org_id, third_party_id, position, expectation, information)
			VALUES ($1, $2, $3, $4, $5)`, orgID, t.ID, i+1, c.Expectation, c.Information); err != nil {
			return fmt.Errorf("insert commitment: %w", err)
		}
	}
	return nil
}

// CreateThirdParty records a third party. Name and kind are required. A
// matrix sent with it is saved in the same transaction; assessments are
// recorded afterwards, each on its own.
func (s *Store) CreateThirdParty(ctx context.Context, p aims.Principal, t aims.ThirdParty) (aims.ThirdParty, error) {
	t.Normalize()
	t.Responsibilities = aims.NormalizeResponsibilities(t.Responsibilities)
	if err := t.Validate(); err != nil {
		return t, err
	}
	if err := aims.ValidateResponsibilities(t.Responsibilities); err != nil {
		return t, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.resolveThirdParty(ctx, tx, p.OrgID, &t); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, thirdParties)
		if err != nil {
			return err
		}
		now := s.timestamp()
		t.Ref, t.Version, t.Archived, t.CreatedAt, t.UpdatedAt = thirdParties.ref(number), 1, false, now, now
		t.LastAssessed, t.LastResult, t.NextAssessment, t.Assessments = aims.Date{}, "", aims.Date{}, []aims.SupplierAssessment{}
		err = s.queryRow(ctx, tx, `INSERT INTO third_parties (org_id, number, version, archived, created_at, updated_at, last_result, `+
			thirdPartyFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, '', `+thirdPartyFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, thirdPartyValues(t)...)...).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("insert third party: %w", err)
		}
		if err := s.writeThirdPartyLinks(ctx, tx, p.OrgID, t); err != nil {
			return err
		}
		if err := s.writeResponsibilities(ctx, tx, p.OrgID, t.ID, t.Responsibilities); err != nil {
			return err
		}
		changes, err := thirdParties.diff(nil, t)
		if err != nil {
			return err
		}
		changes = append(changes, commitmentsChange(nil, t.Commitments)...)
		if len(t.Responsibilities) > 0 {
			changes = append(changes, matrixChange(nil, t.Responsibilities))
		}
		return s.record(ctx, tx, p, thirdParties.register, strconv.FormatInt(t.ID, 10), aims.ActionCreate, changes)
	})
	return t, err
}

// UpdateThirdParty saves an edited third party, its AI system links and
// its commitments at the version the editor read; a stale version is
// aims.ErrConflict. The matrix and the assessments are left as they are.
func (s *Store) UpdateThirdParty(ctx context.Context, p aims.Principal, t aims.ThirdParty) (aims.ThirdParty, error) {
	var after aims.ThirdParty
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.thirdParty(ctx, tx, p.OrgID, t.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		t.Normalize()
		if err := t.Validate(); err != nil {
			return err
		}
		if err := s.resolveThirdParty(ctx, tx, p.OrgID, &t); err != nil {
			return err
		}
		t.Ref, t.Archived, t.CreatedAt, t.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		t.Responsibilities, t.Assessments = before.Responsibilities, before.Assessments
		t.LastAssessed, t.LastResult, t.NextAssessment = before.LastAssessed, before.LastResult, before.NextAssessment
		changes, err := thirdParties.diff(before, t)
		if err != nil {
			return err
		}
		changes = append(changes, commitmentsChange(before.Commitments, t.Commitments)...)
		if len(changes) == 0 {
			after = before
			return staleIf(t.Version != before.Version)
		}
		t.UpdatedAt = s.timestamp()
		values := append(thirdPartyValues(t), t.UpdatedAt)
		if err := s.update(ctx, tx, thirdParties, p.OrgID, t.ID, t.Version,
			thirdPartyFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if !slices.Equal(before.AISystemIDs, t.AISystemIDs) || !reflect.DeepEqual(before.Commitments, t.Commitments) {
			if err := s.writeThirdPartyLinks(ctx, tx, p.OrgID, t); err != nil {
				return err
			}
		}
		after = t
		after.Version++
		return s.record(ctx, tx, p, thirdParties.register, strconv.FormatInt(t.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// writeResponsibilities replaces a third party's matrix.
func (s *Store) writeResponsibilities(ctx context.Context, tx *sql.Tx, orgID, id int64, rows []aims.Responsibility) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM third_party_responsibilities WHERE org_id = $1 AND third_party_id = $2`, orgID, id); err != nil {
		return fmt.Errorf("replace responsibilities: %w", err)
	}
	for _, r := range rows {
		if _, err := s.exec(ctx, tx, `INSERT INTO third_party_responsibilities (org_id, third_party_id, activity, organization, supplier, customer, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, orgID, id, r.Activity, r.Organization, r.Supplier, r.Customer, r.Note); err != nil {
			return fmt.Errorf("insert responsibility: %w", err)
		}
	}
	return nil
}

// matrixChange is the audit diff's entry for a changed matrix: an object
// keyed by activity, so the history shows one line per activity changed
// ("organization shared, supplier responsible, customer none: note").
func matrixChange(before, after []aims.Responsibility) aims.Change {
	text := func(rows []aims.Responsibility) []byte {
		m := map[string]string{}
		for _, r := range rows {
			t := "organization " + string(r.Organization) + ", supplier " + string(r.Supplier) + ", customer " + string(r.Customer)
			if r.Note != "" {
				t += ": " + r.Note
			}
			m[string(r.Activity)] = t
		}
		b, _ := json.Marshal(m)
		return b
	}
	return aims.Change{Field: "responsibilities", Old: text(before), New: text(after)}
}

// commitmentsChange is the audit diff's entry for changed commitments to a
// customer, one line each, or nothing when they did not change.
func commitmentsChange(before, after []aims.CustomerCommitment) []aims.Change {
	if reflect.DeepEqual(before, after) || len(before) == 0 && len(after) == 0 {
		return nil
	}
	text := func(rows []aims.CustomerCommitment) []byte {
		lines := []string{}
		for _, c := range rows {
			line := c.Expectation
			if c.Information != "" {
				line += " — " + c.Information
			}
			lines = append(lines, line)
		}
		b, _ := json.Marshal(lines)
		return b
	}
	return []aims.Change{{Field: "commitments", Old: text(before), New: text(after)}}
}

// SetThirdPartyResponsibilities saves a third party's whole responsibility
// matrix (A.10.2) at the version the editor read: every row or none. The
// third party's version moves, so two people saving the matrix from the
// same page cannot both win, and an edit of the record made meanwhile
// makes the matrix save stale too.
func (s *Store) SetThirdPartyResponsibilities(ctx context.Context, p aims.Principal, id int64, in aims.ResponsibilitiesInput) (aims.ThirdParty, error) {
	var after aims.ThirdParty
	rows := aims.NormalizeResponsibilities(in.Responsibilities)
	if err := aims.ValidateResponsibilities(rows); err != nil {
		return after, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.thirdParty(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if reflect.DeepEqual(before.Responsibilities, rows) {
			after = before
			return staleIf(in.Version != before.Version)
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, thirdParties, p.OrgID, id, in.Version, `updated_at = $1`, now); err != nil {
			return err
		}
		if err := s.writeResponsibilities(ctx, tx, p.OrgID, id, rows); err != nil {
			return err
		}
		after = before
		after.Responsibilities, after.Version, after.UpdatedAt = rows, before.Version+1, now
		return s.record(ctx, tx, p, thirdParties.register, strconv.FormatInt(id, 10), aims.ActionUpdate,
			[]aims.Change{matrixChange(before.Responsibilities, rows)})
	})
	return after, err
}

// AddThirdPartyAssessment records a dated assessment of a third party
// (A.10.3) at the version of the third party the assessor read, and makes
// it the latest when it is the newest by date: the third party's last
// result and next assessment date follow it. Recorded assessments are
// never changed; a later one supersedes them.
func (s *Store) AddThirdPartyAssessment(ctx context.Context, p aims.Principal, id int64, in aims.NewAssessment) (aims.ThirdParty, error) {
	var after aims.ThirdParty
	a := in.SupplierAssessment
	if err := a.Validate(); err != nil {
		return after, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.thirdParty(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		now := s.timestamp()
		latest := before.LastAssessed.IsZero() || !a.AssessedOn.Before(before.LastAssessed)
		last, result, next := nullDate(before.LastAssessed), string(before.LastResult), nullDate(before.NextAssessment)
		if latest {
			last, result, next = nullDate(a.AssessedOn), string(a.Result), nullDate(a.NextDue)
		}
		if err := s.update(ctx, tx, thirdParties, p.OrgID, id, in.Version,
			`updated_at = $1, last_assessed = $2, last_result = $3, next_assessment = $4`, now, last, result, next); err != nil {
			return err
		}
		err = s.queryRow(ctx, tx, `INSERT INTO third_party_assessments (org_id, third_party_id, assessed_on, method, certificate,
			certificate_expires, result, findings, conditions, assessor, next_due, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			p.OrgID, id, nullDate(a.AssessedOn), a.Method, a.Certificate, nullDate(a.CertificateExpires), a.Result, a.Findings,
			a.Conditions, a.Assessor, nullDate(a.NextDue), nullID(p.UserID), now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("insert assessment: %w", err)
		}
		a.RecordedBy, a.CreatedAt = p.Actor(), now
		// The trail names the assessment by its fields; its ID, recorder and
		// time are the event's own.
		var fields map[string]json.RawMessage
		raw, err := json.Marshal(a)
		if err == nil {
			err = json.Unmarshal(raw, &fields)
		}
		if err != nil {
			return err
		}
		delete(fields, "id")
		delete(fields, "recorded_by")
		delete(fields, "created_at")
		entry, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		changes := []aims.Change{{Field: "assessment", Old: json.RawMessage("null"), New: entry}}
		if latest {
			for _, c := range []struct {
				field    string
				old, new any
			}{{"last_result", before.LastResult, a.Result}, {"next_assessment", before.NextAssessment, a.NextDue}} {
				o, _ := json.Marshal(c.old)
				n, _ := json.Marshal(c.new)
				if string(o) != string(n) {
					changes = append(changes, aims.Change{Field: c.field, Old: o, New: n})
				}
			}
		}
		if err := s.record(ctx, tx, p, thirdParties.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes); err != nil {
			return err
		}
		after, err = s.thirdParty(ctx, tx, p.OrgID, id)
		return err
	})
	return after, err
}

// SetThirdPartyArchived archives or restores a third party; version 0
// takes the current one.
func (s *Store) SetThirdPartyArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.ThirdParty, error) {
	var t aims.ThirdParty
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = s.thirdParty(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, thirdParties, id, t.Version, version, t.Archived, archived)
		if changed {
			t.Archived, t.Version, t.UpdatedAt = archived, t.Version+1, at
		}
		return err
	})
	return t, err
}

// ThirdPartiesFor lists the live third parties involved in an AI system,
// for its page: one query for the page of at most 100, one for their links.
// This is the seam for the components register (0019): a component's
// supplier can link here by third_parties (org_id, id).
func (s *Store) ThirdPartiesFor(ctx context.Context, orgID, systemID int64) ([]aims.ThirdParty, error) {
	page, err := s.ThirdParties(ctx, orgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 100}, AISystemID: systemID})
	return page.Items, err
}
