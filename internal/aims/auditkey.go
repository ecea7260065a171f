package aims

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuditKeyBytes is the length of the secret an audit key is made from.
const AuditKeyBytes = 32

// AuditKey keys the audit hash chain and signs its checkpoints. It is a
// secret kept outside the database (a key file or AIMS_AUDIT_KEY): someone
// who can write to the database but does not hold the key can neither
// recompute the chain after editing an event nor forge a checkpoint.
//
// Two keys are derived from the one secret, so that one use cannot be
// turned against the other: an HMAC key for event hashes, and an Ed25519
// key pair for checkpoints, whose public half an external auditor can keep
// to check signatures without learning the secret.
type AuditKey struct {
	mac  []byte
	sign ed25519.PrivateKey
	id   string
}

// NewAuditKey derives an audit key from a secret of AuditKeyBytes or more.
func NewAuditKey(secret []byte) (AuditKey, error) {
	if len(secret) < AuditKeyBytes {
		return AuditKey{}, fmt.Errorf("audit key: %d bytes, need at least %d", len(secret), AuditKeyBytes)
	}
	mac, err := hkdf.Key(sha256.New, secret, nil, "aims audit chain v1", 32)
	if err != nil {
		return AuditKey{}, fmt.Errorf("audit key: %w", err)
	}
	seed, err := hkdf.Key(sha256.New, secret, nil, "aims audit checkpoint v1", ed25519.SeedSize)
	if err != nil {
		return AuditKey{}, fmt.Errorf("audit key: %w", err)
	}
	k := AuditKey{mac: mac, sign: ed25519.NewKeyFromSeed(seed)}
	sum := sha256.Sum256(k.sign.Public().(ed25519.PublicKey))
	k.id = hex.EncodeToString(sum[:8])
	return k, nil
}

// ParseAuditKey reads a key as it is written in the key file and in
// AIMS_AUDIT_KEY: the secret in hexadecimal, surrounding space ignored.
func ParseAuditKey(text string) (AuditKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(text))
	if err != nil {
		return AuditKey{}, errors.New("audit key: not hexadecimal (want 64 hex digits, as `openssl rand -hex 32` prints)")
	}
	return NewAuditKey(b)
}

// IsZero reports whether k is the zero value, which keys nothing.
func (k AuditKey) IsZero() bool { return k.mac == nil }

// ID names the key without revealing it: the first bytes of the SHA-256 of
// its public key. The database records it, so a server started with
// another key is refused instead of breaking every chain.
func (k AuditKey) ID() string { return k.id }

// PublicKey is the checkpoint-verifying key, base64: safe to publish.
func (k AuditKey) PublicKey() string {
	return base64.StdEncoding.EncodeToString(k.sign.Public().(ed25519.PublicKey))
}

// Hash returns an event's hash: the hex HMAC-SHA256 of its canonical form.
// Without the key nobody can compute it, so an edited event cannot be
// given a matching hash, nor can every later hash be recomputed.
func (k AuditKey) Hash(e AuditEvent) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write(e.Canonical())
	return hex.EncodeToString(m.Sum(nil))
}

// Derive returns a key for another purpose of the installation (signing
// its cookies, say), made from the audit key so that the installation
// keeps one secret, and unable to stand in for it.
func (k AuditKey) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte("aims derived key v1\n" + purpose))
	return m.Sum(nil)
}

// LegacyHash is the unkeyed SHA-256 that chains written before the key
// existed used; it is needed once, to check such a chain before sealing it
// with the key.
func LegacyHash(e AuditEvent) string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Checkpoint is an organization's audit chain head, signed, for keeping
// outside the system: an external auditor who holds one can later have
// `aims audit verify --checkpoint` prove that every event up to it is still
// there unchanged, which catches a trail cut short and its head rolled back.
type Checkpoint struct {
	OrgID     int64     `json:"org_id"`
	OrgName   string    `json:"organization"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"` // when the head event was written
	KeyID     string    `json:"key_id"`
	PublicKey string    `json:"public_key"`
	Signature string    `json:"signature"`
}

// signed is the exact text a checkpoint's signature covers.
func (c Checkpoint) signed() []byte {
	return []byte(strings.Join([]string{"aims audit checkpoint v1", strconv.FormatInt(c.OrgID, 10), c.OrgName,
		strconv.FormatInt(c.Seq, 10), c.Hash, AuditTime(c.At).Format("2006-01-02T15:04:05.000000Z"), c.KeyID}, "\n"))
}

// Sign fills in the key's ID, public key and signature.
func (k AuditKey) Sign(c Checkpoint) Checkpoint {
	c.At = AuditTime(c.At)
	c.KeyID, c.PublicKey = k.ID(), k.PublicKey()
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.sign, c.signed()))
	return c
}

// VerifySignature checks a checkpoint's signature against the public key it
// names. Whoever checks it must also know that public key to be the
// organization's (an auditor keeps it from the first checkpoint; the
// verifier compares it with the key it holds).
func (c Checkpoint) VerifySignature() error {
	pub, err := base64.StdEncoding.DecodeString(c.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return errors.New("the checkpoint's public key is malformed")
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(ed25519.PublicKey(pub), c.signed(), sig) {
		return errors.New("the checkpoint's signature does not match its content: it was altered or not made by aims")
	}
	return nil
}

// Verify checks that a checkpoint was signed with this key.
func (k AuditKey) Verify(c Checkpoint) error {
	if c.PublicKey != k.PublicKey() {
		return fmt.Errorf("the checkpoint was signed with another key (key %s, this key is %s)", c.KeyID, k.ID())
	}
	return c.VerifySignature()
}

// CheckpointFile is how checkpoints leave the system: `aims audit
// checkpoint` prints every organization's, the audit log page downloads its
// own organization's, and `aims audit verify --checkpoint` reads either.
type CheckpointFile struct {
	CreatedAt   time.Time    `json:"created_at"`
	Checkpoints []Checkpoint `json:"checkpoints"`
}
