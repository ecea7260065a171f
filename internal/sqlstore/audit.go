package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
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
	e.Hash = s.key.Hash(e)
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
	if p.OrgID == 0 {
		return p.Reason
	}
	return fmt.Sprintf("organization %d (%s): audit event %d: %s", p.OrgID, p.OrgName, p.Seq, p.Reason)
}

// IsChainProblem reports whether err is a broken chain rather than a failure
// to read it.
func IsChainProblem(err error) bool {
	var p *ChainProblem
	return errors.As(err, &p)
}

// snapshot runs fn in a read-only transaction that sees the database as of
// one moment: REPEATABLE READ on PostgreSQL; on SQLite a read transaction,
// whose WAL snapshot is fixed at its first read. The verifier needs it: the
// chain heads and the events must be read as one state, or a write
// between the two reads looks like tampering.
func (s *Store) snapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return inTx(ctx, s.r, opts, fn)
}

// KeyMismatch is a store opened with another key than the one the
// database's chains were sealed with: nothing can be verified with it, and
// nothing may be written with it.
type KeyMismatch struct{ Sealed, Given string }

func (k *KeyMismatch) Error() string {
	return fmt.Sprintf("the audit chains of this database are sealed with key %s, but the key given is %s: "+
		"use the original key file (audit.key in the data folder) or AIMS_AUDIT_KEY, or, if it is lost for good, see aims audit reseal", k.Sealed, k.Given)
}

// checkKey compares the key with the one the database's chains were
// sealed with. A database with no record of one yet adopts this key.
func (s *Store) checkKey(ctx context.Context, q querier, adopt bool) error {
	id, err := s.sealedWith(ctx, q)
	switch {
	case err != nil:
		return err
	case id == "" && adopt:
		_, err = s.exec(ctx, q, `INSERT INTO audit_key (id, key_id, created_at) VALUES (1, $1, $2)`, s.key.ID(), s.timestamp())
		return err
	case id != "" && id != s.key.ID():
		return &KeyMismatch{Sealed: id, Given: s.key.ID()}
	}
	return nil
}

// sealedWith is the ID of the key the chains are sealed with, or "".
func (s *Store) sealedWith(ctx context.Context, q querier) (string, error) {
	var id string
	err := s.queryRow(ctx, q, `SELECT key_id FROM audit_key WHERE id = 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read audit key: %w", err)
	}
	return id, nil
}

// AuditReport is what a verification found: the events checked, and each
// organization's head and the checkpoints it met.
type AuditReport struct {
	Events int64
	KeyID  string
	Orgs   []ChainReport
}

// ChainReport is one organization's verified chain.
type ChainReport struct {
	Org         aims.Organization
	Events      int64
	HeadSeq     int64
	HeadHash    string
	Checkpoints []aims.Checkpoint // those given for it, all of which held
}

// VerifyAudit recomputes every organization's keyed hash chain from the
// stored events and compares its end with the chain head, all in one
// consistent snapshot, so a server writing meanwhile cannot make an intact
// chain look broken. Each checkpoint given (signed heads kept outside the
// database) must verify with this key and its event must still be there
// with the same hash, which proves nothing up to it was cut off or
// rewritten, even by someone holding the key. When a chain is broken it
// returns a *ChainProblem for the first broken event; with another key, a
// *KeyMismatch. Events are streamed, so memory stays flat however long the
// trail is.
func (s *Store) VerifyAudit(ctx context.Context, checkpoints ...aims.Checkpoint) (AuditReport, error) {
	report := AuditReport{KeyID: s.key.ID()}
	pinned := map[int64][]aims.Checkpoint{}
	for _, c := range checkpoints {
		if err := s.key.Verify(c); err != nil {
			return report, &ChainProblem{OrgID: c.OrgID, OrgName: c.OrgName, Seq: c.Seq, Reason: "checkpoint: " + err.Error()}
		}
		pinned[c.OrgID] = append(pinned[c.OrgID], c)
	}
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		if err := s.checkKey(ctx, tx, false); err != nil {
			return err
		}
		orgs, err := s.organizations(ctx, tx)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, o := range orgs {
			known[o.ID] = true
			r, err := s.verifyChain(ctx, tx, o, pinned[o.ID])
			report.Events += r.Events
			if err != nil {
				return err
			}
			report.Orgs = append(report.Orgs, r)
		}
		for id, cs := range pinned {
			if !known[id] {
				return &ChainProblem{OrgID: id, OrgName: cs[0].OrgName, Seq: cs[0].Seq, Reason: "checkpointed organization is missing from the database"}
			}
		}
		return nil
	})
	return report, err
}

// verifyChain checks one organization's chain against its head and its
// checkpoints.
func (s *Store) verifyChain(ctx context.Context, tx *sql.Tx, o aims.Organization, pins []aims.Checkpoint) (ChainReport, error) {
	r := ChainReport{Org: o, Checkpoints: pins}
	if err := s.queryRow(ctx, tx, `SELECT seq, hash FROM audit_heads WHERE org_id = $1`, o.ID).Scan(&r.HeadSeq, &r.HeadHash); err != nil {
		return r, fmt.Errorf("read audit head of organization %d: %w", o.ID, err)
	}
	want := map[int64]string{}
	var last int64
	for _, c := range pins {
		want[c.Seq] = c.Hash
		last = max(last, c.Seq)
	}
	rows, err := s.query(ctx, tx, `SELECT `+auditColumns+` FROM audit_events WHERE org_id = $1 ORDER BY seq`, o.ID)
	if err != nil {
		return r, fmt.Errorf("read audit events: %w", err)
	}
	defer rows.Close()
	prevSeq, prevHash := int64(0), ""
	problem := func(seq int64, why string) error {
		return &ChainProblem{OrgID: o.ID, OrgName: o.Name, Seq: seq, Reason: why}
	}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return r, err
		}
		r.Events++
		if i, why := aims.VerifyChain(s.key.Hash, []aims.AuditEvent{e}, prevSeq, prevHash); i >= 0 {
			return r, problem(e.Seq, why)
		}
		if h, ok := want[e.Seq]; ok && h != e.Hash {
			return r, problem(e.Seq, "it differs from the checkpoint kept outside the database: the trail was rewritten")
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	if prevSeq < last {
		return r, problem(prevSeq+1, fmt.Sprintf("the chain ends at event %d but a checkpoint kept outside the database "+
			"records event %d: events were removed and the head rolled back", prevSeq, last))
	}
	if prevSeq != r.HeadSeq || prevHash != r.HeadHash {
		return r, problem(prevSeq+1, fmt.Sprintf("the chain ends at event %d but its head records event %d: events were removed", prevSeq, r.HeadSeq))
	}
	return r, nil
}

// Checkpoint signs an organization's current chain head, for keeping
// outside the database (an external auditor downloads it from the audit
// log page).
func (s *Store) Checkpoint(ctx context.Context, orgID int64) (aims.Checkpoint, error) {
	var c aims.Checkpoint
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.checkpoint(ctx, tx, orgID)
		return err
	})
	return c, err
}

func (s *Store) checkpoint(ctx context.Context, q querier, orgID int64) (aims.Checkpoint, error) {
	c := aims.Checkpoint{OrgID: orgID}
	err := s.queryRow(ctx, q, `SELECT o.name, h.seq, h.hash, e.at FROM audit_heads h JOIN organizations o ON o.id = h.org_id
		JOIN audit_events e ON e.org_id = h.org_id AND e.seq = h.seq WHERE h.org_id = $1`, orgID).Scan(&c.OrgName, &c.Seq, &c.Hash, &c.At)
	if err != nil {
		return c, notFound(err, "audit head")
	}
	return s.key.Sign(c), nil
}

// Checkpoints signs every organization's chain head, as of one moment.
func (s *Store) Checkpoints(ctx context.Context) ([]aims.Checkpoint, error) {
	var out []aims.Checkpoint
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		orgs, err := s.organizations(ctx, tx)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			c, err := s.checkpoint(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// reseal recomputes every organization's chain with the store's key, in
// the caller's write transaction, and records in each chain that it did so
// and why. It serves two moments: the upgrade that introduced the key
// (chains written with the unkeyed SHA-256 of earlier versions are first
// checked with it, and the result is part of the record), and a lost key
// (nothing can be checked; the record says so). Checkpoints signed before
// no longer match, which is itself the evidence that the trail was
// resealed.
func (s *Store) reseal(ctx context.Context, tx *sql.Tx, check func(aims.AuditEvent) string, why, oldKey, actor string) error {
	orgs, err := s.organizations(ctx, tx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		events, err := s.chainOf(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		var oldHead string
		if err := s.queryRow(ctx, tx, `SELECT hash FROM audit_heads WHERE org_id = $1`, o.ID).Scan(&oldHead); err != nil {
			return fmt.Errorf("read head of %d: %w", o.ID, err)
		}
		verdict := fmt.Sprintf("%d events not checked: the key they were sealed with is not available", len(events))
		if check != nil {
			verdict = fmt.Sprintf("%d events checked with the previous hash and found intact", len(events))
			if i, reason := aims.VerifyChain(check, events, 0, ""); i >= 0 {
				verdict = fmt.Sprintf("BROKEN at event %d before resealing: %s", events[i].Seq, reason)
			}
		}
		prev := ""
		for _, e := range events {
			e.PrevHash = prev
			e.Hash = s.key.Hash(e)
			if _, err := s.exec(ctx, tx, `UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE org_id = $3 AND seq = $4`,
				e.PrevHash, e.Hash, o.ID, e.Seq); err != nil {
				return fmt.Errorf("reseal event %d/%d: %w", o.ID, e.Seq, err)
			}
			prev = e.Hash
		}
		if _, err := s.exec(ctx, tx, `UPDATE audit_heads SET hash = $1 WHERE org_id = $2`, prev, o.ID); err != nil {
			return fmt.Errorf("reseal head of %d: %w", o.ID, err)
		}
		str := func(v string) json.RawMessage {
			b, _ := json.Marshal(v)
			return b
		}
		if err := s.record(ctx, tx, System(o.ID, actor), aims.RegisterOrganizations, strconv.FormatInt(o.ID, 10), aims.ActionReseal,
			[]aims.Change{
				{Field: "audit_key", Old: str(oldKey), New: str(s.key.ID())},
				{Field: "head_before", Old: json.RawMessage(`null`), New: str(fmt.Sprintf("event %d, hash %s", len(events), oldHead))},
				{Field: "reason", Old: json.RawMessage(`null`), New: str(why)},
				{Field: "trail_before", Old: json.RawMessage(`null`), New: str(verdict)},
			}); err != nil {
			return err
		}
	}
	return nil
}

// chainOf reads an organization's whole chain, for resealing, which
// rewrites it anyway.
func (s *Store) chainOf(ctx context.Context, q querier, orgID int64) ([]aims.AuditEvent, error) {
	rows, err := s.query(ctx, q, `SELECT `+auditColumns+` FROM audit_events WHERE org_id = $1 ORDER BY seq`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read audit events: %w", err)
	}
	defer rows.Close()
	var events []aims.AuditEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// Reseal starts every chain afresh under the store's key, when the key
// they were sealed with is lost for good: see reseal. The audit_key record
// moves to the new key. actor names who ran it.
func (s *Store) Reseal(ctx context.Context, why, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, err := s.sealedWith(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM audit_key`); err != nil {
			return err
		}
		if err := s.checkKey(ctx, tx, true); err != nil {
			return err
		}
		return s.reseal(ctx, tx, nil, why, old, actor)
	})
}
