package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// dueSource is one register's due work: a SELECT of org_id, register,
// record_id (text), ref (text), title, what, due (the date as text) and
// owner_id over every organization's open work. Registers add theirs to
// dueSources; the due views read them all in one query, which filters by
// organization outside the union (both engines push the condition down
// into each part), and the daily digest reads every organization's.
type dueSource string

// dueSources lists every register's due work.
var dueSources = []dueSource{aiSystemDue, gapDue, documentDue, evidenceDue, concernDue, communicationDue,
	contextIssueDue, processDue, trainingDue, partyDue, obligationDue, acknowledgementDue,
	useReviewDue,
	incidentReportDue, incidentInformDue, informationDue,
	lifecycleDue,
	riskDue,
	riskPlanDue,
	impactDue,
	thirdPartyReviewDue, thirdPartyAssessmentDue,
	objectiveTargetDue, objectiveMeasurementDue, changeImplementationDue, changeReassessmentDue,
	datasetDue,
}

// aiSystemDue: a live AI system's periodic review.
const aiSystemDue dueSource = `SELECT org_id, 'ai-systems' AS register, CAST(id AS TEXT) AS record_id, 'AIS-' || number AS ref, name AS title,
	'Periodic review' AS what, CAST(next_review AS TEXT) AS due, owner_id FROM ai_systems
	WHERE NOT archived AND next_review IS NOT NULL`

// gapDue: an open gap entry's target date.
const gapDue dueSource = `SELECT org_id, 'gap', requirement_id, requirement_id, requirement_id, 'Gap analysis target', CAST(target_date AS TEXT), owner_id
	FROM gap_entries WHERE target_date IS NOT NULL AND status NOT IN ('implemented', 'not-applicable')`

// documentDue: a live document's periodic review.
const documentDue dueSource = `SELECT org_id, 'documents', CAST(id AS TEXT), 'DOC-' || number, title, 'Document review',
	CAST(next_review AS TEXT), owner_id FROM documents WHERE NOT archived AND next_review IS NOT NULL`

// evidenceDue: live evidence that stops being valid, for whoever added it.
const evidenceDue dueSource = `SELECT org_id, 'evidence', CAST(id AS TEXT), 'EV-' || number, title, 'Evidence valid until',
	CAST(valid_until AS TEXT), uploaded_by FROM evidence WHERE NOT archived AND valid_until IS NOT NULL`

// concernDue: an open concern's response date.
const concernDue dueSource = `SELECT org_id, 'concerns', CAST(id AS TEXT), 'CON-' || number, summary, 'Response to a concern',
	CAST(response_due AS TEXT), owner_id FROM concerns
	WHERE NOT archived AND response_due IS NOT NULL AND status NOT IN ('resolved', 'dismissed')`

// communicationDue: the next communication of the plan.
const communicationDue dueSource = `SELECT org_id, 'communications', CAST(id AS TEXT), 'COM-' || number, subject, 'Planned communication',
	CAST(next_due AS TEXT), owner_id FROM communications WHERE NOT archived AND next_due IS NOT NULL`

// contextIssueDue and processDue: their review dates.
const contextIssueDue dueSource = `SELECT org_id, 'context-issues', CAST(id AS TEXT), 'CTX-' || number, title, 'Context issue review',
	CAST(review_date AS TEXT), owner_id FROM context_issues WHERE NOT archived AND review_date IS NOT NULL`

const processDue dueSource = `SELECT org_id, 'processes', CAST(id AS TEXT), 'PRC-' || number, name, 'Process review',
	CAST(review_date AS TEXT), owner_id FROM processes WHERE NOT archived AND review_date IS NOT NULL AND status <> 'retired'`

// partyDue and obligationDue: their review dates.
const partyDue dueSource = `SELECT org_id, 'interested-parties', CAST(id AS TEXT), 'IP-' || number, name, 'Interested party review',
	CAST(review_date AS TEXT), owner_id FROM interested_parties WHERE NOT archived AND review_date IS NOT NULL`

const obligationDue dueSource = `SELECT org_id, 'obligations', CAST(id AS TEXT), 'OBL-' || number, title, 'Obligation review',
	CAST(review_date AS TEXT), owner_id FROM obligations WHERE NOT archived AND review_date IS NOT NULL`

// trainingDue: a competence that expires, on the person's latest record
// of it (a renewed one replaces the old), for the person when they have
// a sign-in.
const trainingDue dueSource = `SELECT r.org_id, 'competence-records', CAST(r.id AS TEXT), 'TRN-' || r.number, p.name || ': ' || c.name,
	'Competence expires', CAST(r.expires_on AS TEXT), p.user_id
	FROM competence_records r JOIN staff p ON p.org_id = r.org_id AND p.id = r.staff_id
	JOIN competences c ON c.org_id = r.org_id AND c.id = r.competence_id
	WHERE NOT r.archived AND NOT p.archived AND r.expires_on IS NOT NULL AND NOT p.has_left
	AND NOT EXISTS (SELECT 1 FROM competence_records n WHERE n.org_id = r.org_id AND n.staff_id = r.staff_id
		AND n.competence_id = r.competence_id AND NOT n.archived AND n.completed_on > r.completed_on)`

func dueUnion() string {
	parts := make([]string, len(dueSources))
	for i, q := range dueSources {
		parts[i] = string(q)
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// DueItems lists one page of an organization's due work in date order,
// with the total: two queries, whatever the number of registers and rows.
// Items due after the horizon of f.AsOf are upcoming; a state filter picks
// one state.
func (s *Store) DueItems(ctx context.Context, orgID int64, f aims.DueFilter) (aims.Page[aims.DueItem], error) {
	page := aims.Page[aims.DueItem]{Items: []aims.DueItem{}}
	if err := f.Validate(); err != nil {
		return page, err
	}
	where, args := dueWhere(orgID, f)
	from := ` FROM (` + dueUnion() + `) d LEFT JOIN users u ON u.id = d.owner_id` + where
	if err := s.queryRow(ctx, s.r, `SELECT count(*)`+from, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count due work: %w", err)
	}
	n := len(args)
	rows, err := s.query(ctx, s.r, `SELECT d.register, d.record_id, d.ref, d.title, d.what, d.due, COALESCE(d.owner_id, 0), COALESCE(u.name, '')`+from+
		` ORDER BY d.due, d.register, d.ref LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, fmt.Errorf("due work: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanDue(rows, f.AsOf)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, it)
	}
	return page, rows.Err()
}

// dueWhere is the filter's condition on the union; the organization is $1.
func dueWhere(orgID int64, f aims.DueFilter) (string, []any) {
	args := []any{orgID}
	conds := []string{"d.org_id = $1"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.OwnerID != 0 {
		add("d.owner_id = ?", f.OwnerID)
	}
	if f.Register != "" {
		add("d.register = ?", f.Register)
	}
	soon := f.AsOf.AddDays(aims.DueHorizonDays).String()
	switch f.State {
	case aims.DueOverdue:
		add("d.due < ?", f.AsOf.String())
	case aims.DueSoon:
		add("d.due >= ?", f.AsOf.String())
		add("d.due <= ?", soon)
	case aims.DueLater:
		add("d.due > ?", soon)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func scanDue(sc scanner, asOf aims.Date) (aims.DueItem, error) {
	var it aims.DueItem
	var due string
	var owner sql.NullInt64
	if err := sc.Scan(&it.Register, &it.RecordID, &it.Ref, &it.Title, &it.What, &due, &owner, &it.OwnerName); err != nil {
		return it, err
	}
	d, err := aims.ParseDate(due[:min(len(due), 10)])
	if err != nil {
		return it, fmt.Errorf("due date %q of %s %s: %w", due, it.Register, it.RecordID, err)
	}
	it.Due, it.OwnerID, it.State = d, owner.Int64, aims.StateOn(d, asOf)
	return it, nil
}

// Digest is one person's due work, overdue or due soon, in every
// organization where they have access.
type Digest struct {
	UserID      int64
	Email, Name string
	Orgs        []DigestOrg
}

// DigestOrg is the part of a digest from one organization.
type DigestOrg struct {
	Name  string
	Items []aims.DueItem
}

// Digests reads the digests of day in one query: for each person, what
// they own that is overdue or due within the horizon, in organizations
// where their membership is accepted, active and not past its last day.
func (s *Store) Digests(ctx context.Context, day aims.Date) ([]Digest, error) {
	rows, err := s.query(ctx, s.r, `SELECT u.id, u.email, u.name, o.name, d.register, d.record_id, d.ref, d.title, d.what, d.due, d.owner_id, u.name
		FROM (`+dueUnion()+`) d
		JOIN memberships m ON m.org_id = d.org_id AND m.user_id = d.owner_id
		JOIN users u ON u.id = m.user_id
		JOIN organizations o ON o.id = d.org_id
		WHERE d.due <= $1 AND m.active AND m.accepted_at IS NOT NULL AND (m.access_until IS NULL OR m.access_until >= $2)
		ORDER BY u.id, o.name, d.due, d.register, d.ref`, day.AddDays(aims.DueHorizonDays).String(), day.String())
	if err != nil {
		return nil, fmt.Errorf("digests: %w", err)
	}
	defer rows.Close()
	var out []Digest
	for rows.Next() {
		var id int64
		var email, name, org string
		var it aims.DueItem
		var due string
		var owner sql.NullInt64
		if err := rows.Scan(&id, &email, &name, &org, &it.Register, &it.RecordID, &it.Ref, &it.Title, &it.What, &due, &owner, &it.OwnerName); err != nil {
			return nil, err
		}
		d, err := aims.ParseDate(due[:min(len(due), 10)])
		if err != nil {
			return nil, fmt.Errorf("due date %q: %w", due, err)
		}
		it.Due, it.OwnerID, it.State = d, owner.Int64, aims.StateOn(d, day)
		if len(out) == 0 || out[len(out)-1].UserID != id {
			out = append(out, Digest{UserID: id, Email: email, Name: name})
		}
		dg := &out[len(out)-1]
		if len(dg.Orgs) == 0 || dg.Orgs[len(dg.Orgs)-1].Name != org {
			dg.Orgs = append(dg.Orgs, DigestOrg{Name: org})
		}
		o := &dg.Orgs[len(dg.Orgs)-1]
		o.Items = append(o.Items, it)
	}
	return out, rows.Err()
}

// QueueMailOnce queues a message unless one with the same kind and key was
// queued before, by this server or any other on the same database: the
// claim and the message commit together. It reports whether it queued.
func (s *Store) QueueMailOnce(ctx context.Context, kind, key, to, subject, body string) (bool, error) {
	var queued bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		queued = false
		res, err := s.exec(ctx, tx, `INSERT INTO schedule_claims (kind, claim_key, claimed_at) VALUES ($1, $2, $3)
			ON CONFLICT (kind, claim_key) DO NOTHING`, kind, key, s.timestamp())
		if err != nil {
			return fmt.Errorf("claim %s %s: %w", kind, key, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return err
		}
		queued = true
		return s.queueMail(ctx, tx, to, subject, body)
	})
	return queued, err
}
