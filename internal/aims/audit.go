package aims

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Audit actions.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionArchive = "archive"
	ActionRestore = "restore"
	ActionRevoke  = "revoke"
	// Actions on people and on the trail itself.
	ActionInvite           = "invite"
	ActionAcceptInvitation = "accept-invitation"
	ActionResetPassword    = "reset-password"
	ActionReseal           = "reseal-audit-chain"
	// ActionDispose ends a record's retention: its content goes, the event
	// that it existed stays.
	ActionDispose = "dispose"
)

// Actions lists every action, for the audit log's filter.
var Actions = []string{ActionCreate, ActionUpdate, ActionArchive, ActionRestore, ActionRevoke,
	ActionInvite, ActionAcceptInvitation, ActionResetPassword, ActionReseal, ActionDispose}

// Change is one field of a record before and after a write. Values are JSON,
// so numbers, lists and text keep their type in the trail.
type Change struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old"`
	New   json.RawMessage `json:"new"`
}

// AuditEvent is one write in an organization's audit trail. Events of an
// organization form a hash chain: each event's hash covers its content and
// the previous event's hash, keyed with the AuditKey, so altering, removing
// or reordering any stored event breaks every hash after it, and nobody
// without the key can recompute them.
type AuditEvent struct {
	OrgID    int64     `json:"org_id"`
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id"`
	Actor    string    `json:"actor"`
	Register string    `json:"register"`
	RecordID string    `json:"record_id"`
	Action   string    `json:"action"`
	Changes  []Change  `json:"changes"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// AuditTime is the precision events are stored with: both databases keep
// microseconds, and the hash must survive the round trip.
func AuditTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Canonical is the one serialization an event's hash is computed over:
// compact JSON with a fixed field order, the time in UTC with microseconds,
// and the previous hash. It excludes the event's own hash.
func (e AuditEvent) Canonical() []byte {
	var b bytes.Buffer
	b.WriteString(`{"org":`)
	b.WriteString(strconv.FormatInt(e.OrgID, 10))
	b.WriteString(`,"seq":`)
	b.WriteString(strconv.FormatInt(e.Seq, 10))
	b.WriteString(`,"at":`)
	writeJSON(&b, AuditTime(e.At).Format("2006-01-02T15:04:05.000000Z"))
	b.WriteString(`,"actor_id":`)
	b.WriteString(strconv.FormatInt(e.ActorID, 10))
	b.WriteString(`,"actor":`)
	writeJSON(&b, e.Actor)
	b.WriteString(`,"register":`)
	writeJSON(&b, e.Register)
	b.WriteString(`,"record":`)
	writeJSON(&b, e.RecordID)
	b.WriteString(`,"action":`)
	writeJSON(&b, e.Action)
	b.WriteString(`,"changes":`)
	b.Write(CanonicalChanges(e.Changes))
	b.WriteString(`,"prev":`)
	writeJSON(&b, e.PrevHash)
	b.WriteString(`}`)
	return b.Bytes()
}

// CanonicalChanges serializes changes compactly in their given order; the
// stores keep exactly these bytes so the hash can be recomputed.
func CanonicalChanges(changes []Change) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, c := range changes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"field":`)
		writeJSON(&b, c.Field)
		b.WriteString(`,"old":`)
		writeRaw(&b, c.Old)
		b.WriteString(`,"new":`)
		writeRaw(&b, c.New)
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v string) {
	enc, _ := json.Marshal(v) // a string always marshals
	b.Write(enc)
}

func writeRaw(b *bytes.Buffer, raw json.RawMessage) {
	if len(raw) == 0 {
		b.WriteString("null")
		return
	}
	var c bytes.Buffer
	if err := json.Compact(&c, raw); err != nil {
		writeJSON(b, string(raw))
		return
	}
	b.Write(c.Bytes())
}

// Diff lists the fields that differ between two versions of a record, by
// their JSON names, sorted. Either side may be nil (creation, removal).
// Fields named in skip (bookkeeping such as version and timestamps) are
// left out.
func Diff(before, after any, skip ...string) ([]Change, error) {
	a, err := fields(before)
	if err != nil {
		return nil, err
	}
	b, err := fields(after)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	for _, s := range skip {
		delete(names, s)
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var changes []Change
	for _, k := range keys {
		if !bytes.Equal(a[k], b[k]) {
			changes = append(changes, Change{Field: k, Old: a[k], New: b[k]})
		}
	}
	return changes, nil
}

func fields(v any) (map[string]json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	for k, v := range m {
		var c bytes.Buffer
		if json.Compact(&c, v) == nil {
			m[k] = c.Bytes()
		}
	}
	return m, nil
}

// VerifyChain checks a run of events of one organization, in sequence
// order, starting from the given previous hash and sequence number, with
// the hash function the chain was written with. It returns the index of
// the first broken event and why, or -1.
func VerifyChain(hash func(AuditEvent) string, events []AuditEvent, prevSeq int64, prevHash string) (int, string) {
	for i, e := range events {
		switch {
		case e.Seq != prevSeq+1:
			return i, fmt.Sprintf("sequence %d follows %d: an event is missing or out of order", e.Seq, prevSeq)
		case e.PrevHash != prevHash:
			return i, "its previous-hash does not match the event before it"
		case hash(e) != e.Hash:
			return i, "its content does not match its hash: the stored event was altered"
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return -1, ""
}
