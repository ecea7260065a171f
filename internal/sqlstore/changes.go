package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// changeRequests is the register of change requests to the AIMS (6.3) and
// to AI systems (8.1). The names of the people in it stay in the audit
// diff, so the history reads "decided_by_name: Maria Keller".
var changeRequests = table{name: "change_requests", register: aims.RegisterChanges, prefix: "CHG-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "reassessment_due",
		"requested_by_id", "decided_by_id", "implemented_by_id", "closed_by_id", "reassessed_by_id"}}

// reassessmentDone is the SQL condition, on a change aliased c, that the
// AI system's risk and impact assessments were made again since the change
// was approved: every live risk of the system assessed on or after the
// approval (one newly assessed risk is not a reassessment of the others)
// and an impact assessment of it approved on or after it. A reassessment
// recorded by hand on the change (RecordReassessment, with who, when and a
// note) also counts: the existing assessments were reviewed and stand. The
// due work, the list's filter, the record's flag, the AI system page and
// aims check all follow this one fragment.
const reassessmentDone = `c.reassessed_on IS NOT NULL OR (
	EXISTS (SELECT 1 FROM risks r WHERE r.org_id = c.org_id AND r.ai_system_id = c.ai_system_id AND NOT r.archived
		AND r.kind = 'risk' AND r.status <> 'closed')
	AND NOT EXISTS (SELECT 1 FROM risks r WHERE r.org_id = c.org_id AND r.ai_system_id = c.ai_system_id AND NOT r.archived
		AND r.kind = 'risk' AND r.status <> 'closed' AND (r.assessed_on IS NULL OR r.assessed_on < c.decided_on))
	AND EXISTS (SELECT 1 FROM impact_assessments i WHERE i.org_id = c.org_id AND i.ai_system_id = c.ai_system_id
		AND i.state = 'approved' AND NOT i.archived AND i.approved_on >= c.decided_on))`

// reassessmentPending is the condition that a change asks for a
// reassessment not done yet: approved (and possibly implemented or
// closed since), significant, to an AI system.
const reassessmentPending = `(c.subject = 'ai-system' AND c.significant AND c.status IN ('approved', 'implemented', 'closed') AND NOT (` +
	reassessmentDone + `))`

// changeReassessmentDue: an approved significant change to an AI system
// asks for its risk and impact assessments again, by the change's
// reassess_by day, for the system's owner (or the change's).
const changeReassessmentDue dueSource = `SELECT c.org_id, 'changes', CAST(c.id AS TEXT), 'CHG-' || c.number, c.title,
	'Reassess risk and impact of ' || a.name || ' after CHG-' || c.number, CAST(c.reassess_by AS TEXT), COALESCE(a.owner_id, c.owner_id)
	FROM change_requests c JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	WHERE NOT c.archived AND c.reassess_by IS NOT NULL AND ` + reassessmentPending

// changeImplementationDue: an approved change's planned day.
const changeImplementationDue dueSource = `SELECT org_id, 'changes', CAST(id AS TEXT), 'CHG-' || number, title, 'Implement approved change',
	CAST(planned_on AS TEXT), owner_id FROM change_requests WHERE NOT archived AND planned_on IS NOT NULL AND status = 'approved'`

// changeSupport: a change to the AIMS carried out by the day, after its
// approval, supports 6.3 (changes are planned and carried out under
// control); one to an AI system supports 8.1 once carried out and, when
// significant, reassessed. An approval alone shows a plan, not control.
var changeSupport = supporter{t: changeRequests, query: `
	SELECT CASE c.subject WHEN 'aims' THEN '6.3' ELSE '8.1' END AS requirement_id, c.id, c.number, c.title FROM change_requests c
	WHERE c.org_id = $1 AND NOT c.archived AND c.status IN ('implemented', 'closed') AND c.implemented_on <= $2
	AND NOT ` + reassessmentPending}

var changeFields = columns{"title", "subject", "ai_system_id", "description", "reason", "impact_affects", "impact_consequences",
	"impact_resources", "significant", "owner_id", "planned_on", "search"}

func changeValues(c aims.ChangeRequest) []any {
	return []any{c.Title, c.Subject, nullID(c.AISystemID), c.Description, c.Reason, c.ImpactAffects, c.ImpactConsequences,
		c.ImpactResources, c.Significant, nullID(c.OwnerID), nullDate(c.PlannedOn), changeSearch(c)}
}

// changeStepFields are the workflow's columns, written by its steps.
var changeStepFields = columns{"status", "decided_by", "decided_on", "conditions", "reassess_by", "implemented_by", "implemented_on",
	"implementation_note", "closed_by", "closed_on", "outcome_review", "reassessed_by", "reassessed_on", "reassessment_note"}

func changeStepValues(c aims.ChangeRequest) []any {
	return []any{c.Status, nullID(c.DecidedByID), nullDate(c.DecidedOn), c.Conditions, nullDate(c.ReassessBy),
		nullID(c.ImplementedByID), nullDate(c.ImplementedOn), c.ImplementationNote, nullID(c.ClosedByID), nullDate(c.ClosedOn),
		c.OutcomeReview, nullID(c.ReassessedByID), nullDate(c.ReassessedOn), c.ReassessmentNote}
}

const changeColumns = `c.id, c.number, c.version, c.title, c.subject, c.ai_system_id, COALESCE(a.number, 0), COALESCE(a.name, ''),
	c.description, c.reason, c.impact_affects, c.impact_consequences, c.impact_resources, c.significant,
	c.owner_id, COALESCE(uo.name, ''), c.planned_on, c.status,
	c.requested_by, COALESCE(ur.name, ''), c.requested_on,
	c.decided_by, COALESCE(ud.name, ''), c.decided_on, c.conditions, c.reassess_by,
	c.implemented_by, COALESCE(ui.name, ''), c.implemented_on, c.implementation_note,
	c.closed_by, COALESCE(uc.name, ''), c.closed_on, c.outcome_review,
	c.reassessed_by, COALESCE(ua.name, ''), c.reassessed_on, c.reassessment_note,
	CASE WHEN ` + reassessmentPending + ` THEN 1 ELSE 0 END, c.archived, c.created_at, c.updated_at`

const changeFrom = ` FROM change_requests c LEFT JOIN ai_systems a ON a.org_id = c.org_id AND a.id = c.ai_system_id
	LEFT JOIN users uo ON uo.id = c.owner_id LEFT JOIN users ur ON ur.id = c.requested_by
	LEFT JOIN users ud ON ud.id = c.decided_by LEFT JOIN users ui ON ui.id = c.implemented_by
	LEFT JOIN users uc ON uc.id = c.closed_by LEFT JOIN users ua ON ua.id = c.reassessed_by`

func scanChange(sc scanner) (aims.ChangeRequest, error) {
	var c aims.ChangeRequest
	var number, sysNumber int64
	var sys, owner, req, dec, impl, closed, reass sql.NullInt64
	var planned, reqOn, decOn, reassessBy, implOn, closedOn, reassOn sql.NullTime
	var due int
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Title, &c.Subject, &sys, &sysNumber, &c.AISystemName,
		&c.Description, &c.Reason, &c.ImpactAffects, &c.ImpactConsequences, &c.ImpactResources, &c.Significant,
		&owner, &c.OwnerName, &planned, &c.Status,
		&req, &c.RequestedByName, &reqOn,
		&dec, &c.DecidedByName, &decOn, &c.Conditions, &reassessBy,
		&impl, &c.ImplementedByName, &implOn, &c.ImplementationNote,
		&closed, &c.ClosedByName, &closedOn, &c.OutcomeReview,
		&reass, &c.ReassessedByName, &reassOn, &c.ReassessmentNote,
		&due, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref, c.AISystemID, c.OwnerID = changeRequests.ref(number), sys.Int64, owner.Int64
	if sys.Valid {
		c.AISystemRef = aiSystems.ref(sysNumber)
	}
	c.RequestedByID, c.DecidedByID, c.ImplementedByID, c.ClosedByID, c.ReassessedByID = req.Int64, dec.Int64, impl.Int64, closed.Int64, reass.Int64
	c.PlannedOn, c.RequestedOn, c.DecidedOn, c.ReassessBy = dateOf(planned), dateOf(reqOn), dateOf(decOn), dateOf(reassessBy)
	c.ImplementedOn, c.ClosedOn, c.ReassessedOn = dateOf(implOn), dateOf(closedOn), dateOf(reassOn)
	c.ReassessmentDue = due == 1
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Change reads one change request of an organization.
func (s *Store) Change(ctx context.Context, orgID, id int64) (aims.ChangeRequest, error) {
	return s.change(ctx, s.r, orgID, id)
}

func (s *Store) change(ctx context.Context, q querier, orgID, id int64) (aims.ChangeRequest, error) {
	c, err := scanChange(s.queryRow(ctx, q, `SELECT `+changeColumns+changeFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	return c, notFound(err, "change request")
}

var changeSort = map[string]string{
	"":             "c.requested_on DESC, c.id DESC",
	"ref":          "c.number, c.id",
	"title":        "c.title, c.id",
	"status":       "c.status, c.title, c.id",
	"requested_on": "c.requested_on, c.id",
	"planned_on":   "c.planned_on, c.id",
	"updated_at":   "c.updated_at, c.id",
}

// Changes lists one page of an organization's change requests, newest
// first unless sorted otherwise: two queries.
func (s *Store) Changes(ctx context.Context, orgID int64, f aims.ChangeFilter) (aims.Page[aims.ChangeRequest], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.ChangeRequest]{Items: []aims.ChangeRequest{}}, err
	}
	order := changeSort[f.Sort]
	if f.Desc && f.Sort != "" {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.changeQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.ChangeRequest]{Items: []aims.ChangeRequest{}}, err
	}
	return list(ctx, s, q, scanChange)
}

// EachChange calls fn for every change matching the filter, in the order
// they were requested, for exports.
func (s *Store) EachChange(ctx context.Context, orgID int64, f aims.ChangeFilter, fn func(aims.ChangeRequest) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.changeQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanChange, func(c aims.ChangeRequest) int64 { return c.ID }, fn)
}

func (s *Store) changeQuery(ctx context.Context, orgID int64, f aims.ChangeFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.Subject != "" {
		w.and("c.subject = ?", string(f.Subject))
	}
	if f.Status != "" {
		w.and("c.status = ?", string(f.Status))
	}
	if f.AISystemID != 0 {
		w.and("c.ai_system_id = ?", f.AISystemID)
	}
	if f.Significant != "" {
		w.and("c.significant = ?", f.Significant == "yes")
	}
	if f.OwnerID != 0 {
		w.and("c.owner_id = ?", f.OwnerID)
	}
	if f.Reassessment {
		w.conds.WriteString(" AND " + reassessmentPending)
	}
	total, err := s.search(ctx, w, changeRequests, "c", f.Q)
	return listQuery{alias: "c", table: changeRequests.name, columns: changeColumns, from: changeFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func changeSearch(c aims.ChangeRequest) string {
	return searchText(c.Ref, c.Title, c.Description, c.Reason, c.ImpactAffects, c.AISystemName, c.OwnerName)
}

// ReassessmentsDue lists the changes that ask for an AI system's risk and
// impact assessments to be made again, for the system's page: one query.
func (s *Store) ReassessmentsDue(ctx context.Context, orgID, aiSystemID int64) ([]aims.ChangeRequest, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+changeColumns+changeFrom+` WHERE c.org_id = $1 AND c.ai_system_id = $2 AND NOT c.archived AND `+
		reassessmentPending+` ORDER BY c.reassess_by, c.id LIMIT 100`, orgID, aiSystemID)
	if err != nil {
		return nil, fmt.Errorf("reassessments due: %w", err)
	}
	defer rows.Close()
	out := []aims.ChangeRequest{}
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// resolveChange checks the AI system and the owner of a change and fills
// in their names.
func (s *Store) resolveChange(ctx context.Context, tx *sql.Tx, orgID int64, c *aims.ChangeRequest) error {
	var err error
	if c.OwnerName, err = s.checkOwner(ctx, tx, orgID, c.OwnerID, "owner_id"); err != nil {
		return err
	}
	c.AISystemRef, c.AISystemName = "", ""
	if c.AISystemID != 0 {
		links := []aims.Link{{ID: c.AISystemID}}
		if err := s.resolveLinks(ctx, tx, aiSystems, "name", orgID, "ai_system_id", links); err != nil {
			return err
		}
		c.AISystemRef, c.AISystemName = links[0].Ref, links[0].Name
	}
	return nil
}

// CreateChange records a change request: requested, today, by the
// principal.
func (s *Store) CreateChange(ctx context.Context, p aims.Principal, c aims.ChangeRequest) (aims.ChangeRequest, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	var created aims.ChangeRequest
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := c
		if err := s.resolveChange(ctx, tx, p.OrgID, &c); err != nil {
			return err
		}
		requester, err := s.checkOwner(ctx, tx, p.OrgID, p.UserID, "requested_by")
		if err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, changeRequests)
		if err != nil {
			return err
		}
		now := s.timestamp()
		step := aims.ChangeRequest{Status: aims.ChangeRequested}
		c.Status, c.RequestedByID, c.RequestedByName, c.RequestedOn = aims.ChangeRequested, p.UserID, requester, s.today()
		c.DecidedByID, c.DecidedByName, c.DecidedOn, c.Conditions, c.ReassessBy = 0, "", aims.Date{}, "", aims.Date{}
		c.ImplementedByID, c.ImplementedByName, c.ImplementedOn, c.ImplementationNote = 0, "", aims.Date{}, ""
		c.ClosedByID, c.ClosedByName, c.ClosedOn, c.OutcomeReview = 0, "", aims.Date{}, ""
		c.ReassessedByID, c.ReassessedByName, c.ReassessedOn, c.ReassessmentNote, c.ReassessmentDue = 0, "", aims.Date{}, "", false
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = changeRequests.ref(number), 1, false, now, now
		args := append([]any{p.OrgID, number, false, now, nullID(p.UserID), nullDate(c.RequestedOn)}, changeValues(c)...)
		args = append(args, changeStepValues(step)...)
		err = s.queryRow(ctx, tx, `INSERT INTO change_requests (org_id, number, version, archived, created_at, updated_at, requested_by, requested_on, `+
			changeFields.String()+`, `+changeStepFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, $5, $6, `+
			changeFields.values(7)+`, `+changeStepFields.values(7+len(changeFields))+`) RETURNING id`, args...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert change request: %w", err)
		}
		changes, err := changeRequests.diff(nil, c)
		if err != nil {
			return err
		}
		created = c
		return s.record(ctx, tx, p, changeRequests.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

// errNotRequested refuses an edit of a change already decided: what was
// approved is what is carried out.
var errNotRequested = fmt.Errorf("%w: only a change request not decided yet can be edited", aims.ErrConflict)

// UpdateChange saves an edited change request at the version its editor
// read, while it waits for a decision.
func (s *Store) UpdateChange(ctx context.Context, p aims.Principal, c aims.ChangeRequest) (aims.ChangeRequest, error) {
	var after aims.ChangeRequest
	err := s.tx(ctx, func(tx *sql.Tx) error {
		c := c
		before, err := s.change(ctx, tx, p.OrgID, c.ID)
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
		if err := s.resolveChange(ctx, tx, p.OrgID, &c); err != nil {
			return err
		}
		edit := before
		edit.Version = c.Version
		edit.Title, edit.Subject, edit.AISystemID, edit.AISystemRef, edit.AISystemName = c.Title, c.Subject, c.AISystemID, c.AISystemRef, c.AISystemName
		edit.Description, edit.Reason, edit.ImpactAffects, edit.ImpactConsequences, edit.ImpactResources =
			c.Description, c.Reason, c.ImpactAffects, c.ImpactConsequences, c.ImpactResources
		edit.Significant, edit.OwnerID, edit.OwnerName, edit.PlannedOn = c.Significant, c.OwnerID, c.OwnerName, c.PlannedOn
		// Only the requester may judge their change not significant after
		// all: otherwise whoever decides could first take away the
		// reassessment a significant change asks for.
		if before.Significant && !edit.Significant && p.UserID != before.RequestedByID {
			return aims.Invalid("significant", "only the person who requested the change may mark it not significant")
		}
		changes, err := changeRequests.diff(before, edit)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(edit.Version != before.Version)
		}
		// The owner and the planned day may move after approval; the rest
		// was what the decision was about.
		for _, ch := range changes {
			if before.Status != aims.ChangeRequested && ch.Field != "owner_id" && ch.Field != "owner_name" && ch.Field != "planned_on" {
				return errNotRequested
			}
		}
		edit.UpdatedAt = s.timestamp()
		values := append(changeValues(edit), edit.UpdatedAt)
		if err := s.update(ctx, tx, changeRequests, p.OrgID, edit.ID, edit.Version,
			changeFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = edit
		after.Version++
		return s.record(ctx, tx, p, changeRequests.register, strconv.FormatInt(edit.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// changeStep runs one workflow step on a change at the version the actor
// read: apply checks the state and sets the step's fields, or refuses. The
// write is versioned, so of two steps taken at once on one version (an
// approval and a rejection) only one is kept; the other is a conflict.
func (s *Store) changeStep(ctx context.Context, p aims.Principal, id int64, version int,
	apply func(tx *sql.Tx, c *aims.ChangeRequest, actor string) error) (aims.ChangeRequest, error) {
	var after aims.ChangeRequest
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.change(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if version != before.Version {
			return aims.ErrConflict
		}
		actor, err := s.checkOwner(ctx, tx, p.OrgID, p.UserID, "by")
		if err != nil {
			return err
		}
		c := before
		if err := apply(tx, &c, actor); err != nil {
			return err
		}
		changes, err := changeRequests.diff(before, c)
		if err != nil {
			return err
		}
		c.UpdatedAt = s.timestamp()
		values := append(changeStepValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, changeRequests, p.OrgID, id, version,
			changeStepFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, changeRequests.register, strconv.FormatInt(id, 10), aims.ActionUpdate, changes); err != nil {
			return err
		}
		after, err = s.change(ctx, tx, p.OrgID, id)
		return err
	})
	return after, err
}

// dayOr is the day a step names, or today when it names none.
func (s *Store) dayOr(d aims.Date) aims.Date {
	if d.IsZero() {
		return s.today()
	}
	return d
}

func wrongState(c *aims.ChangeRequest, step string) error {
	return fmt.Errorf("%w: %s is %s; it cannot be %s now", aims.ErrConflict, c.Ref, c.Status, step)
}

// DecideChange approves or rejects a requested change. The decision is
// someone else's than the requester's. Approving a significant change to
// an AI system needs the day its risk and impact assessments are to be
// made again by (reassess_by): from then on it is due work until they are.
func (s *Store) DecideChange(ctx context.Context, p aims.Principal, id int64, d aims.ChangeStep) (aims.ChangeRequest, error) {
	d.On = s.dayOr(d.On)
	if err := d.Validate(s.today(), !d.Approve); err != nil {
		return aims.ChangeRequest{}, err
	}
	return s.changeStep(ctx, p, id, d.Version, func(tx *sql.Tx, c *aims.ChangeRequest, actor string) error {
		if c.Status != aims.ChangeRequested {
			return wrongState(c, "decided")
		}
		if c.RequestedByID != 0 && c.RequestedByID == p.UserID {
			return aims.Invalid("by", "the person who requested a change cannot decide on it; another member must")
		}
		if d.On.Before(c.RequestedOn) {
			return aims.Invalid("on", "cannot be before the change was requested ("+c.RequestedOn.String()+")")
		}
		c.DecidedByID, c.DecidedByName, c.DecidedOn, c.Conditions = p.UserID, actor, d.On, d.Note
		if !d.Approve {
			c.Status = aims.ChangeRejected
			if !d.ReassessBy.IsZero() {
				return aims.Invalid("reassess_by", "is for approvals only")
			}
			return nil
		}
		c.Status = aims.ChangeApproved
		switch {
		case c.NeedsReassessment() && d.ReassessBy.IsZero():
			return aims.Invalid("reassess_by", "is required: by when the AI system's risk and impact assessments are to be made again")
		case !d.ReassessBy.IsZero() && !c.NeedsReassessment():
			return aims.Invalid("reassess_by", "is for significant changes to an AI system only")
		case !d.ReassessBy.IsZero() && d.ReassessBy.Before(d.On):
			return aims.Invalid("reassess_by", "cannot be before the approval")
		}
		c.ReassessBy = d.ReassessBy
		return nil
	})
}

// ImplementChange records that an approved change was carried out.
func (s *Store) ImplementChange(ctx context.Context, p aims.Principal, id int64, st aims.ChangeStep) (aims.ChangeRequest, error) {
	st.On = s.dayOr(st.On)
	if err := st.Validate(s.today(), true); err != nil {
		return aims.ChangeRequest{}, err
	}
	return s.changeStep(ctx, p, id, st.Version, func(tx *sql.Tx, c *aims.ChangeRequest, actor string) error {
		if c.Status != aims.ChangeApproved {
			return wrongState(c, "implemented")
		}
		if st.On.Before(c.DecidedOn) {
			return aims.Invalid("on", "cannot be before the approval ("+c.DecidedOn.String()+")")
		}
		c.Status, c.ImplementedByID, c.ImplementedByName, c.ImplementedOn, c.ImplementationNote = aims.ChangeImplemented, p.UserID, actor, st.On, st.Note
		return nil
	})
}

// CloseChange closes an implemented change with the review of its outcome.
func (s *Store) CloseChange(ctx context.Context, p aims.Principal, id int64, st aims.ChangeStep) (aims.ChangeRequest, error) {
	st.On = s.dayOr(st.On)
	if err := st.Validate(s.today(), true); err != nil {
		return aims.ChangeRequest{}, err
	}
	return s.changeStep(ctx, p, id, st.Version, func(tx *sql.Tx, c *aims.ChangeRequest, actor string) error {
		if c.Status != aims.ChangeImplemented {
			return wrongState(c, "closed")
		}
		if st.On.Before(c.ImplementedOn) {
			return aims.Invalid("on", "cannot be before the implementation ("+c.ImplementedOn.String()+")")
		}
		c.Status, c.ClosedByID, c.ClosedByName, c.ClosedOn, c.OutcomeReview = aims.ChangeClosed, p.UserID, actor, st.On, st.Note
		return nil
	})
}

// RecordReassessment records that the AI system's risk and impact
// assessments were made again after a significant change: the stand-in
// for the risk and impact registers (see reassessmentDone).
func (s *Store) RecordReassessment(ctx context.Context, p aims.Principal, id int64, st aims.ChangeStep) (aims.ChangeRequest, error) {
	st.On = s.dayOr(st.On)
	if err := st.Validate(s.today(), true); err != nil {
		return aims.ChangeRequest{}, err
	}
	return s.changeStep(ctx, p, id, st.Version, func(tx *sql.Tx, c *aims.ChangeRequest, actor string) error {
		if !c.ReassessmentDue {
			return fmt.Errorf("%w: %s does not wait for a reassessment", aims.ErrConflict, c.Ref)
		}
		if st.On.Before(c.DecidedOn) {
			return aims.Invalid("on", "cannot be before the approval ("+c.DecidedOn.String()+")")
		}
		c.ReassessedByID, c.ReassessedByName, c.ReassessedOn, c.ReassessmentNote = p.UserID, actor, st.On, st.Note
		return nil
	})
}

// SetChangeArchived archives or restores a change request.
func (s *Store) SetChangeArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.ChangeRequest, error) {
	var c aims.ChangeRequest
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.change(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, changeRequests, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}
