package aims_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func TestParseAuditKey(t *testing.T) {
	for _, tt := range []struct {
		text, err string
	}{
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", ""},
		{"  000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", ""},
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e", "31 bytes, need at least 32"},
		{"", "0 bytes"},
		{"not hex at all, not hex at all, not hex at all, not hex at all!", "not hexadecimal"},
	} {
		k, err := aims.ParseAuditKey(tt.text)
		switch {
		case tt.err == "" && (err != nil || k.IsZero()):
			t.Errorf("ParseAuditKey(%q) = %v, want a key", tt.text, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseAuditKey(%q) = %v, want an error containing %q", tt.text, err, tt.err)
		}
	}
	if !(aims.AuditKey{}).IsZero() {
		t.Error("the zero AuditKey is not zero")
	}
}

// Two keys hash the same event differently, and the ID and public key tell
// them apart without revealing either.
func TestAuditKeysDiffer(t *testing.T) {
	other := mustKey(strings.Repeat("ab", 32))
	e := goldenEvent()
	if testKey.Hash(e) == other.Hash(e) {
		t.Error("two keys give the same hash")
	}
	if testKey.ID() == other.ID() || testKey.PublicKey() == other.PublicKey() || len(testKey.ID()) != 16 {
		t.Errorf("IDs %q and %q, public keys %q and %q", testKey.ID(), other.ID(), testKey.PublicKey(), other.PublicKey())
	}
	if strings.Contains(testKey.ID()+testKey.PublicKey(), "000102") {
		t.Error("the ID or public key shows the secret")
	}
	if testKey.Hash(e) == aims.LegacyHash(e) {
		t.Error("the keyed hash equals the unkeyed one")
	}
}

func TestCheckpointSignature(t *testing.T) {
	c := testKey.Sign(aims.Checkpoint{OrgID: 3, OrgName: "Acme AI", Seq: 41, Hash: strings.Repeat("c", 64),
		At: time.Date(2026, 11, 30, 8, 0, 0, 123456789, time.UTC)})
	if c.KeyID != testKey.ID() || c.PublicKey != testKey.PublicKey() || c.Signature == "" {
		t.Fatalf("signed checkpoint %+v", c)
	}
	if err := testKey.Verify(c); err != nil {
		t.Fatalf("Verify(signed) = %v", err)
	}
	// It survives the trip through a file.
	b, _ := json.Marshal(aims.CheckpointFile{Checkpoints: []aims.Checkpoint{c}})
	var f aims.CheckpointFile
	if err := json.Unmarshal(b, &f); err != nil || testKey.Verify(f.Checkpoints[0]) != nil {
		t.Fatalf("after JSON: %v, %v", err, testKey.Verify(f.Checkpoints[0]))
	}
	// Any change to what it pins breaks the signature.
	for name, edit := range map[string]func(*aims.Checkpoint){
		"org":  func(c *aims.Checkpoint) { c.OrgID = 4 },
		"name": func(c *aims.Checkpoint) { c.OrgName = "Globex" },
		"seq":  func(c *aims.Checkpoint) { c.Seq = 40 },
		"hash": func(c *aims.Checkpoint) { c.Hash = strings.Repeat("d", 64) },
		"at":   func(c *aims.Checkpoint) { c.At = c.At.Add(time.Second) },
		"key":  func(c *aims.Checkpoint) { c.KeyID = "0000000000000000" },
	} {
		bad := c
		edit(&bad)
		if err := testKey.Verify(bad); err == nil || !strings.Contains(err.Error(), "signature does not match") {
			t.Errorf("%s changed: Verify = %v, want a signature mismatch", name, err)
		}
	}
	// A checkpoint signed with another key is refused, even though its own
	// signature is valid: the public key must be this installation's.
	other := mustKey(strings.Repeat("ab", 32)).Sign(c)
	if err := other.VerifySignature(); err != nil {
		t.Fatalf("another key's checkpoint does not verify on its own: %v", err)
	}
	if err := testKey.Verify(other); err == nil || !strings.Contains(err.Error(), "signed with another key") {
		t.Errorf("Verify(other key's checkpoint) = %v", err)
	}
	garbled := c
	garbled.PublicKey = "not base64!"
	if err := garbled.VerifySignature(); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("garbled public key: %v", err)
	}
}
