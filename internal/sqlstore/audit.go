package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"aims/internal/aims"
)

// record appends one audit event for a write, inside the write's
// transaction. Moving the organization's chain head first takes that row's
// lock, so concurrent writers of one organization queue behind each other
// and each event links to exactly one predecessor.
func (s *Store) record(ctx context.Context, tx *sql.Tx, p aims.Principal, register, recordID, action string, changes []aims.Change) error {
	e := aims.AuditEvent{
		OrgID: p.OrgID, At: s.timestamp(), ActorID: p.UserID, Actor: p.Actor(),
		Register: register, RecordID: recordID, Action: action, Changes: changes,
	}
	if e.Changes == nil {
		e.Changes = []aims.Change{}
	}
	err := s.queryRow(ctx, tx, `UPDATE audit_heads SET seq = seq + 1 WHERE org_id = $1 RETURNING seq, hash`, p.OrgID).
		Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return fmt.Errorf("advance audit chain of organization %d: %w", p.OrgID, err)
	}
	e.Hash = e.ComputeHash()
	if _, err := s.exec(ctx, tx, `UPDATE audit_heads SET hash = $1 WHERE org_id = $2`, e.Hash, p.OrgID); err != nil {
		return fmt.Errorf("update audit head: %w", err)
	}
	_, err = s.exec(ctx, tx, `INSERT INTO audit_events
		(org_id, seq, at, actor_id, actor, register, record_id, action, changes, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.OrgID, e.Seq, e.At, e.ActorID, e.Actor, e.Register, e.RecordID, e.Action,
		string(aims.CanonicalChanges(e.Changes)), e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("insert audit event: %w", err)
	}
	return nil
}

// AuditFilter narrows the organization's audit log.
type AuditFilter struct {
	aims.ListParams
	Register string
	RecordID string
	ActorID  int64
	Action   string
	From, To aims.Date // inclusive days, UTC
}

const auditColumns = `org_id, seq, at, actor_id, actor, register, record_id, action, changes, prev_hash, hash`

func scanEvent(sc interface{ Scan(...any) error }) (aims.AuditEvent, error) {
	var e aims.AuditEvent
	var changes string
	if err := sc.Scan(&e.OrgID, &e.Seq, &e.At, &e.ActorID, &e.Actor, &e.Register, &e.RecordID,
		&e.Action, &changes, &e.PrevHash, &e.Hash); err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	if err := jsonUnmarshal(changes, &e.Changes); err != nil {
		return e, fmt.Errorf("audit event %d/%d: changes: %w", e.OrgID, e.Seq, err)
	}
	return e, nil
}

// AuditEvents lists an organization's audit events, newest first.
func (s *Store) AuditEvents(ctx context.Context, orgID int64, f AuditFilter) (aims.Page[aims.AuditEvent], error) {
	page := aims.Page[aims.AuditEvent]{Items: []aims.AuditEvent{}}
	where := ` WHERE org_id = $1`
	args := []any{orgID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += " AND " + cond + " $" + strconv.Itoa(len(args))
	}
	if f.Register != "" {
		add("register =", f.Register)
	}
	if f.RecordID != "" {
		add("record_id =", f.RecordID)
	}
	if f.ActorID != 0 {
		add("actor_id =", f.ActorID)
	}
	if f.Action != "" {
		add("action =", f.Action)
	}
	if !f.From.IsZero() {
		add("at >=", f.From.Time())
	}
	if !f.To.IsZero() {
		add("at <", f.To.Time().Add(24*time.Hour))
	}
	if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM audit_events`+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count audit events: %w", err)
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.query(ctx, s.r, `SELECT `+auditColumns+` FROM audit_events`+where+
		` ORDER BY seq DESC LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return page, fmt.Errorf("list audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, e)
	}
	return page, rows.Err()
}

// History lists the events of one record, oldest first: its change history.
func (s *Store) History(ctx context.Context, orgID int64, register, recordID string) ([]aims.AuditEvent, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+auditColumns+` FROM audit_events
		WHERE org_id = $1 AND register = $2 AND record_id = $3 ORDER BY seq LIMIT 1000`, orgID, register, recordID)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	events := []aims.AuditEvent{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// ChainProblem names the first broken event of an organization's chain.
type ChainProblem struct {
	OrgID   int64
	OrgName string
	Seq     int64 // the broken event's sequence number, or the head's
	Reason  string
}

func (p ChainProblem) Error() string {
	return fmt.Sprintf("organization %d (%s): audit event %d: %s", p.OrgID, p.OrgName, p.Seq, p.Reason)
}

// VerifyAudit recomputes every organization's hash chain from the stored
// events and compares the end with the chain head. It returns the number of
// events checked and, when a chain is broken, a *ChainProblem for the first
// broken event. Events are streamed, so memory stays flat however long the
// trail is.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	orgs, err := s.Organizations(ctx)
	if err != nil {
		return 0, err
	}
	var checked int64
	for _, o := range orgs {
		var headSeq int64
		var headHash string
		err := s.queryRow(ctx, s.r, `SELECT seq, hash FROM audit_heads WHERE org_id = $1`, o.ID).Scan(&headSeq, &headHash)
		if err != nil {
			return checked, fmt.Errorf("read audit head of organization %d: %w", o.ID, err)
		}
		rows, err := s.query(ctx, s.r, `SELECT `+auditColumns+` FROM audit_events WHERE org_id = $1 ORDER BY seq`, o.ID)
		if err != nil {
			return checked, fmt.Errorf("read audit events: %w", err)
		}
		prevSeq, prevHash := int64(0), ""
		var problem *ChainProblem
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return checked, err
			}
			checked++
			if i, why := aims.VerifyChain([]aims.AuditEvent{e}, prevSeq, prevHash); i >= 0 {
				problem = &ChainProblem{OrgID: o.ID, OrgName: o.Name, Seq: e.Seq, Reason: why}
				break
			}
			prevSeq, prevHash = e.Seq, e.Hash
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return checked, err
		}
		if problem == nil && (prevSeq != headSeq || prevHash != headHash) {
			problem = &ChainProblem{OrgID: o.ID, OrgName: o.Name, Seq: prevSeq + 1,
				Reason: fmt.Sprintf("the chain ends at event %d but its head records event %d: events were removed", prevSeq, headSeq)}
		}
		if problem != nil {
			return checked, problem
		}
	}
	return checked, nil
}

// IsChainProblem reports whether err is a broken chain rather than a failure
// to read it.
func IsChainProblem(err error) bool {
	var p *ChainProblem
	return errors.As(err, &p)
}
