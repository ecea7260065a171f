package aims_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

// goldenEvent is the fixed event whose canonical form is pinned below.
func goldenEvent() aims.AuditEvent {
	return aims.AuditEvent{
		OrgID:    7,
		Seq:      42,
		At:       time.Date(2025, 3, 4, 5, 6, 7, 123456789, time.FixedZone("CET", 3600)),
		ActorID:  3,
		Actor:    `Ann "Q" <ann@example.com> (API token 5)`,
		Register: "ai_system",
		RecordID: "AIS-0001",
		Action:   aims.ActionUpdate,
		Changes: []aims.Change{
			{Field: "name", Old: json.RawMessage(`"Chat bot"`), New: json.RawMessage(`"Chatbot & co"`)},
			{Field: "roles", Old: json.RawMessage(`[ "deployer" ]`), New: json.RawMessage("[\n  \"deployer\",\n  \"provider\"\n]")},
			{Field: "eu_ai_act", Old: nil, New: json.RawMessage(`{"annex_iii": "annex3.4.a", "gpai": false}`)},
		},
		PrevHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Hash:     "not part of the canonical form",
	}
}

// The hash chain of every stored audit trail depends on these exact bytes:
// a change here makes every existing trail fail verification.
const goldenCanonical = `{"org":7,"seq":42,"at":"2025-03-04T04:06:07.123456Z","actor_id":3,` +
	`"actor":"Ann \"Q\" \u003cann@example.com\u003e (API token 5)","register":"ai_system",` +
	`"record":"AIS-0001","action":"update","changes":[` +
	`{"field":"name","old":"Chat bot","new":"Chatbot & co"},` +
	`{"field":"roles","old":["deployer"],"new":["deployer","provider"]},` +
	`{"field":"eu_ai_act","old":null,"new":{"annex_iii":"annex3.4.a","gpai":false}}],` +
	`"prev":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}`

// sha256 of goldenCanonical, computed outside Go (printf '%s' … | sha256sum):
// the unkeyed hash of chains written before the audit key.
const goldenLegacyHash = "b22535ab38e94d4d5638966837edfbd51880ad883acc595eec8032ccf67d2cbc"

// The keyed hash of goldenCanonical under testKey, computed outside Go with
// Python's hmac and hashlib: HKDF-SHA256 of the secret (no salt, info "aims
// audit chain v1") gives the HMAC key, HMAC-SHA256 of the canonical form
// the hash.
const goldenHash = "984efa4c9fa9b299df0555ed855bf036360b604b018a0f27f1333883d6636fa4"

// testKey is made from the secret 00 01 02 ... 1f.
var testKey = mustKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")

func mustKey(hex string) aims.AuditKey {
	k, err := aims.ParseAuditKey(hex)
	if err != nil {
		panic(err)
	}
	return k
}

func TestAuditEventCanonicalGolden(t *testing.T) {
	got := string(goldenEvent().Canonical())
	if got != goldenCanonical {
		t.Errorf("Canonical() =\n%s\nwant\n%s", got, goldenCanonical)
	}
	if !json.Valid([]byte(got)) {
		t.Errorf("Canonical() is not valid JSON: %s", got)
	}
	if h := testKey.Hash(goldenEvent()); h != goldenHash {
		t.Errorf("Hash() = %s, want %s", h, goldenHash)
	}
	if h := aims.LegacyHash(goldenEvent()); h != goldenLegacyHash {
		t.Errorf("LegacyHash() = %s, want %s", h, goldenLegacyHash)
	}
}

func TestAuditEventCanonicalEmpty(t *testing.T) {
	const want = `{"org":0,"seq":0,"at":"0001-01-01T00:00:00.000000Z","actor_id":0,"actor":"","register":"","record":"","action":"","changes":[],"prev":""}`
	if got := string(aims.AuditEvent{}.Canonical()); got != want {
		t.Errorf("AuditEvent{}.Canonical() =\n%s\nwant\n%s", got, want)
	}
}

func TestAuditEventHashCoversEveryField(t *testing.T) {
	base := goldenEvent()
	baseHash := testKey.Hash(base)
	if len(baseHash) != 64 || strings.Trim(baseHash, "0123456789abcdef") != "" {
		t.Fatalf("Hash() = %q, want 64 lower-case hex digits", baseHash)
	}
	tests := []struct {
		name   string
		mutate func(*aims.AuditEvent)
	}{
		{"org", func(e *aims.AuditEvent) { e.OrgID = 8 }},
		{"seq", func(e *aims.AuditEvent) { e.Seq = 43 }},
		{"at by a microsecond", func(e *aims.AuditEvent) { e.At = e.At.Add(time.Microsecond) }},
		{"at by a day", func(e *aims.AuditEvent) { e.At = e.At.AddDate(0, 0, 1) }},
		{"actor id", func(e *aims.AuditEvent) { e.ActorID = 4 }},
		{"actor", func(e *aims.AuditEvent) { e.Actor = "mallory@example.com" }},
		{"actor case", func(e *aims.AuditEvent) { e.Actor = strings.ToUpper(e.Actor) }},
		{"register", func(e *aims.AuditEvent) { e.Register = "risk" }},
		{"record", func(e *aims.AuditEvent) { e.RecordID = "AIS-0002" }},
		{"action", func(e *aims.AuditEvent) { e.Action = aims.ActionArchive }},
		{"change field name", func(e *aims.AuditEvent) { e.Changes[0].Field = "purpose" }},
		{"change old value", func(e *aims.AuditEvent) { e.Changes[0].Old = json.RawMessage(`"Chat-bot"`) }},
		{"change new value", func(e *aims.AuditEvent) { e.Changes[1].New = json.RawMessage(`["deployer"]`) }},
		{"change old null to empty string", func(e *aims.AuditEvent) { e.Changes[2].Old = json.RawMessage(`""`) }},
		{"change value type", func(e *aims.AuditEvent) { e.Changes[0].Old = json.RawMessage(`1`) }},
		{"change removed", func(e *aims.AuditEvent) { e.Changes = e.Changes[:2] }},
		{"change added", func(e *aims.AuditEvent) {
			e.Changes = append(e.Changes, aims.Change{Field: "version", Old: json.RawMessage(`1`), New: json.RawMessage(`2`)})
		}},
		{"changes reordered", func(e *aims.AuditEvent) { e.Changes[0], e.Changes[1] = e.Changes[1], e.Changes[0] }},
		{"no changes", func(e *aims.AuditEvent) { e.Changes = nil }},
		{"prev hash", func(e *aims.AuditEvent) { e.PrevHash = strings.Repeat("0", 64) }},
		{"prev hash empty", func(e *aims.AuditEvent) { e.PrevHash = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goldenEvent() // fresh copy: the mutations touch the Changes slice
			tt.mutate(&e)
			if got := testKey.Hash(e); got == baseHash {
				t.Errorf("changing %s left the hash at %s", tt.name, got)
			}
		})
	}
}

func TestAuditEventHashIgnores(t *testing.T) {
	baseHash := testKey.Hash(goldenEvent())
	tests := []struct {
		name   string
		mutate func(*aims.AuditEvent)
	}{
		{"its own hash", func(e *aims.AuditEvent) { e.Hash = "" }},
		{"the time zone of the same instant", func(e *aims.AuditEvent) { e.At = e.At.In(time.FixedZone("X", -7*3600)) }},
		{"the monotonic clock reading", func(e *aims.AuditEvent) { e.At = e.At.Round(0) }},
		{"nanoseconds below the microsecond", func(e *aims.AuditEvent) { e.At = e.At.Add(-789 * time.Nanosecond) }},
		{"insignificant white space in values", func(e *aims.AuditEvent) {
			e.Changes[2].New = json.RawMessage("{\n\t\"annex_iii\" : \"annex3.4.a\",\n\t\"gpai\" : false\n}")
		}},
		{"nil and empty old values", func(e *aims.AuditEvent) { e.Changes[2].Old = json.RawMessage{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goldenEvent()
			tt.mutate(&e)
			if got := testKey.Hash(e); got != baseHash {
				t.Errorf("changing %s changed the hash to %s, want %s", tt.name, got, baseHash)
			}
		})
	}
}

// Both databases keep microseconds: an event hashed before it is stored
// must verify after it is read back.
func TestAuditTimePrecision(t *testing.T) {
	at := time.Date(2025, 7, 1, 23, 59, 59, 999_999_999, time.FixedZone("UTC+2", 7200))
	if got, want := aims.AuditTime(at), time.Date(2025, 7, 1, 21, 59, 59, 999_999_000, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("AuditTime(%v) = %v, want %v (truncated, not rounded, in UTC)", at, got, want)
	}

	e := goldenEvent()
	e.At = at
	before := testKey.Hash(e)

	stored := e
	stored.At = time.UnixMicro(at.UnixMicro()).In(time.Local) // what a database returns
	if after := testKey.Hash(stored); after != before {
		t.Errorf("hash after a microsecond round trip = %s, want %s", after, before)
	}
	if !strings.Contains(string(e.Canonical()), `"at":"2025-07-01T21:59:59.999999Z"`) {
		t.Errorf("Canonical() = %s, want the time truncated to 2025-07-01T21:59:59.999999Z", e.Canonical())
	}

	whole := goldenEvent()
	whole.At = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if !strings.Contains(string(whole.Canonical()), `"at":"2025-01-01T00:00:00.000000Z"`) {
		t.Errorf("Canonical() = %s, want six fractional digits even for a whole second", whole.Canonical())
	}
}

func TestCanonicalChanges(t *testing.T) {
	tests := []struct {
		name    string
		changes []aims.Change
		want    string
	}{
		{"nil", nil, `[]`},
		{"empty", []aims.Change{}, `[]`},
		{"nil values are null", []aims.Change{{Field: "a"}}, `[{"field":"a","old":null,"new":null}]`},
		{"empty values are null", []aims.Change{{Field: "a", Old: json.RawMessage{}, New: json.RawMessage("")}}, `[{"field":"a","old":null,"new":null}]`},
		{"explicit null kept", []aims.Change{{Field: "a", Old: json.RawMessage(`null`), New: json.RawMessage(`0`)}}, `[{"field":"a","old":null,"new":0}]`},
		{
			"values compacted",
			[]aims.Change{{Field: "x", Old: json.RawMessage(" { \"k\" : [ 1 , 2 ] ,\n \"s\": \"a b\" } "), New: json.RawMessage("\ttrue\n")}},
			`[{"field":"x","old":{"k":[1,2],"s":"a b"},"new":true}]`,
		},
		{
			"given order kept",
			[]aims.Change{{Field: "z", New: json.RawMessage(`1`)}, {Field: "a", New: json.RawMessage(`2`)}},
			`[{"field":"z","old":null,"new":1},{"field":"a","old":null,"new":2}]`,
		},
		{
			"field names escaped",
			[]aims.Change{{Field: "we\"ird<>", New: json.RawMessage(`1`)}},
			`[{"field":"we\"ird\u003c\u003e","old":null,"new":1}]`,
		},
		{
			"invalid JSON written as a string",
			[]aims.Change{{Field: "a", Old: json.RawMessage(`{not json`), New: json.RawMessage(`1`)}},
			`[{"field":"a","old":"{not json","new":1}]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(aims.CanonicalChanges(tt.changes))
			if got != tt.want {
				t.Errorf("CanonicalChanges() = %s, want %s", got, tt.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("CanonicalChanges() = %s is not valid JSON", got)
			}
		})
	}
}

// changeStrings renders changes as "field: old -> new" for readable diffs,
// with <nil> for a missing side.
func changeStrings(changes []aims.Change) []string {
	show := func(r json.RawMessage) string {
		if r == nil {
			return "<nil>"
		}
		return string(r)
	}
	out := []string{}
	for _, c := range changes {
		out = append(out, fmt.Sprintf("%s: %s -> %s", c.Field, show(c.Old), show(c.New)))
	}
	return out
}

func TestDiff(t *testing.T) {
	type inner struct {
		A int      `json:"a"`
		B []string `json:"b"`
	}
	type record struct {
		Zeta    string `json:"zeta"`
		Alpha   int    `json:"alpha"`
		Mid     bool   `json:"mid"`
		Nested  inner  `json:"nested"`
		Version int    `json:"version"`
		Updated string `json:"updated_at"`
		Hidden  string `json:"-"`
	}
	r1 := record{Zeta: "z", Alpha: 1, Mid: true, Nested: inner{A: 1, B: []string{"x"}}, Version: 1, Updated: "t1", Hidden: "h1"}
	tests := []struct {
		name    string
		before  any
		after   any
		skip    []string
		want    []string
		wantErr bool
	}{
		{
			name:   "creation from nil",
			before: nil,
			after:  r1,
			want: []string{
				"alpha: <nil> -> 1",
				`mid: <nil> -> true`,
				`nested: <nil> -> {"a":1,"b":["x"]}`,
				`updated_at: <nil> -> "t1"`,
				"version: <nil> -> 1",
				`zeta: <nil> -> "z"`,
			},
		},
		{
			name:   "removal to nil",
			before: r1,
			after:  nil,
			skip:   []string{"version", "updated_at", "nested"},
			want:   []string{"alpha: 1 -> <nil>", "mid: true -> <nil>", `zeta: "z" -> <nil>`},
		},
		{
			name:   "a typed nil pointer counts as nothing",
			before: (*record)(nil),
			after:  &record{Alpha: 2},
			skip:   []string{"version", "updated_at", "nested", "mid"},
			want:   []string{"alpha: <nil> -> 2", `zeta: <nil> -> ""`},
		},
		{
			name:   "identical",
			before: r1,
			after:  r1,
			want:   []string{},
		},
		{
			name:   "only changed fields, sorted",
			before: r1,
			after:  record{Zeta: "zz", Alpha: 2, Mid: true, Nested: r1.Nested, Version: 1, Updated: "t1", Hidden: "h2"},
			want:   []string{"alpha: 1 -> 2", `zeta: "z" -> "zz"`},
		},
		{
			name:   "skip list",
			before: r1,
			after:  record{Zeta: "z", Alpha: 1, Mid: false, Nested: r1.Nested, Version: 2, Updated: "t2"},
			skip:   []string{"version", "updated_at", "not_a_field"},
			want:   []string{"mid: true -> false"},
		},
		{
			name:   "only skipped fields changed",
			before: r1,
			after:  record{Zeta: "z", Alpha: 1, Mid: true, Nested: r1.Nested, Version: 2, Updated: "t2"},
			skip:   []string{"version", "updated_at"},
			want:   []string{},
		},
		{
			name:   "nested object changed: the whole object, compacted",
			before: r1,
			after:  record{Zeta: "z", Alpha: 1, Mid: true, Nested: inner{A: 1, B: []string{"x", "y"}}, Version: 1, Updated: "t1"},
			want:   []string{`nested: {"a":1,"b":["x"]} -> {"a":1,"b":["x","y"]}`},
		},
		{
			name:   "maps with differently formatted equal values",
			before: map[string]json.RawMessage{"a": json.RawMessage(`[1, 2]`), "b": json.RawMessage(`{"k": "v"}`)},
			after:  map[string]json.RawMessage{"a": json.RawMessage(`[1,2]`), "b": json.RawMessage(`{"k":"w"}`), "c": json.RawMessage(`null`)},
			want:   []string{`b: {"k":"v"} -> {"k":"w"}`, "c: <nil> -> null"},
		},
		{
			name:    "not an object",
			before:  42,
			after:   r1,
			wantErr: true,
		},
		{
			name:    "not marshalable",
			before:  r1,
			after:   map[string]any{"ch": make(chan int)},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := aims.Diff(tt.before, tt.after, tt.skip...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Diff() error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if got != nil {
					t.Errorf("Diff() = %v with an error, want nil", got)
				}
				return
			}
			if diff := cmp.Diff(tt.want, changeStrings(got)); diff != "" {
				t.Errorf("Diff() (-want +got):\n%s", diff)
			}
		})
	}
}

// The audit trail diffs real records; bookkeeping fields are skipped.
func TestDiffAISystem(t *testing.T) {
	before := validSystem()
	before.Normalize(day(t, "2025-01-01"))
	after := before
	after.Name = "Support assistant"
	after.Version++
	after.UpdatedAt = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	got, err := aims.Diff(before, after, "version", "updated_at")
	if err != nil {
		t.Fatalf("Diff(): %v", err)
	}
	want := []string{`name: "Support chatbot" -> "Support assistant"`}
	if diff := cmp.Diff(want, changeStrings(got)); diff != "" {
		t.Errorf("Diff() (-want +got):\n%s", diff)
	}
}

// chain builds n events of one organization after (prevSeq, prevHash), each
// hashed the way the stores hash them.
func chain(n int, prevSeq int64, prevHash string) []aims.AuditEvent {
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	events := make([]aims.AuditEvent, n)
	for i := range events {
		e := aims.AuditEvent{
			OrgID: 1, Seq: prevSeq + 1, At: start.Add(time.Duration(i) * time.Minute),
			ActorID: 2, Actor: "ann@example.com", Register: "ai_system", RecordID: fmt.Sprint(i + 1),
			Action: aims.ActionCreate, PrevHash: prevHash,
			Changes: []aims.Change{{Field: "name", New: json.RawMessage(fmt.Sprintf(`"System %d"`, i+1))}},
		}
		e.Hash = testKey.Hash(e)
		events[i] = e
		prevSeq, prevHash = e.Seq, e.Hash
	}
	return events
}

func TestVerifyChain(t *testing.T) {
	const altered = "its content does not match its hash: the stored event was altered"
	const badPrev = "its previous-hash does not match the event before it"
	tests := []struct {
		name      string
		events    func() []aims.AuditEvent
		prevSeq   int64
		prevHash  string
		wantIndex int
		wantWhy   string
	}{
		{
			name:      "empty",
			events:    func() []aims.AuditEvent { return nil },
			wantIndex: -1,
		},
		{
			name:      "good chain from the start",
			events:    func() []aims.AuditEvent { return chain(5, 0, "") },
			wantIndex: -1,
		},
		{
			name:      "good chain continuing a verified prefix",
			events:    func() []aims.AuditEvent { return chain(3, 10, "abc") },
			prevSeq:   10,
			prevHash:  "abc",
			wantIndex: -1,
		},
		{
			name: "altered content",
			events: func() []aims.AuditEvent {
				ev := chain(5, 0, "")
				ev[2].Actor = "mallory@example.com"
				return ev
			},
			wantIndex: 2,
			wantWhy:   altered,
		},
		{
			name: "altered change value",
			events: func() []aims.AuditEvent {
				ev := chain(5, 0, "")
				ev[4].Changes = []aims.Change{{Field: "name", New: json.RawMessage(`"Other"`)}}
				return ev
			},
			wantIndex: 4,
			wantWhy:   altered,
		},
		{
			name: "altered hash",
			events: func() []aims.AuditEvent {
				ev := chain(5, 0, "")
				ev[0].Hash = strings.Repeat("0", 64)
				return ev
			},
			wantIndex: 0,
			wantWhy:   altered,
		},
		{
			name: "altered and rehashed: the next event's link breaks",
			events: func() []aims.AuditEvent {
				ev := chain(5, 0, "")
				ev[1].Action = aims.ActionArchive
				ev[1].Hash = testKey.Hash(ev[1])
				return ev
			},
			wantIndex: 2,
			wantWhy:   badPrev,
		},
		{
			name:      "wrong previous hash at the start",
			events:    func() []aims.AuditEvent { return chain(3, 0, "") },
			prevHash:  "not-the-start",
			wantIndex: 0,
			wantWhy:   badPrev,
		},
		{
			name: "wrong previous hash in the middle",
			events: func() []aims.AuditEvent {
				ev := chain(4, 0, "")
				ev[3].PrevHash = ev[1].Hash
				ev[3].Hash = testKey.Hash(ev[3])
				return ev
			},
			wantIndex: 3,
			wantWhy:   badPrev,
		},
		{
			name: "gap in the sequence",
			events: func() []aims.AuditEvent {
				ev := chain(5, 0, "")
				return append(ev[:2:2], ev[3:]...)
			},
			wantIndex: 2,
			wantWhy:   "sequence 4 follows 2: an event is missing or out of order",
		},
		{
			name:      "chain does not start after the given sequence",
			events:    func() []aims.AuditEvent { return chain(2, 5, "") },
			prevSeq:   3,
			wantIndex: 0,
			wantWhy:   "sequence 6 follows 3: an event is missing or out of order",
		},
		{
			name: "reordered",
			events: func() []aims.AuditEvent {
				ev := chain(4, 0, "")
				ev[1], ev[2] = ev[2], ev[1]
				return ev
			},
			wantIndex: 1,
			wantWhy:   "sequence 3 follows 1: an event is missing or out of order",
		},
		{
			name: "duplicated",
			events: func() []aims.AuditEvent {
				ev := chain(3, 0, "")
				return append(ev[:2:2], ev[1], ev[2])
			},
			wantIndex: 2,
			wantWhy:   "sequence 2 follows 2: an event is missing or out of order",
		},
		{
			name: "last event removed is not detectable without the expected head",
			events: func() []aims.AuditEvent {
				return chain(5, 0, "")[:4]
			},
			wantIndex: -1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotIndex, gotWhy := aims.VerifyChain(testKey.Hash, tt.events(), tt.prevSeq, tt.prevHash)
			if gotIndex != tt.wantIndex || gotWhy != tt.wantWhy {
				t.Errorf("VerifyChain() = (%d, %q), want (%d, %q)", gotIndex, gotWhy, tt.wantIndex, tt.wantWhy)
			}
		})
	}
}

// Chains verified in pieces agree with the chain verified whole.
func TestVerifyChainInPieces(t *testing.T) {
	ev := chain(6, 0, "")
	if i, why := aims.VerifyChain(testKey.Hash, ev[:3], 0, ""); i != -1 {
		t.Fatalf("first half: VerifyChain() = (%d, %q), want -1", i, why)
	}
	if i, why := aims.VerifyChain(testKey.Hash, ev[3:], ev[2].Seq, ev[2].Hash); i != -1 {
		t.Errorf("second half: VerifyChain() = (%d, %q), want -1", i, why)
	}
	if i, _ := aims.VerifyChain(testKey.Hash, ev[3:], ev[1].Seq, ev[1].Hash); i != 0 {
		t.Errorf("second half after the wrong event: VerifyChain() index = %d, want 0", i)
	}
}
