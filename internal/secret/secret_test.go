package secret_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"aims/internal/secret"
)

// check calls secret.CheckPassword and turns a panic into a reported value,
// so one bad hash cannot take the rest of the suite down with it.
func check(encoded, password string) (ok bool, err error, panicked any) {
	defer func() { panicked = recover() }()
	ok, err = secret.CheckPassword(encoded, password)
	return ok, err, nil
}

func TestHashPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	const password = "correct horse battery staple"
	hash, err := secret.HashPassword(password)
	if err != nil {
		t.Fatalf("HashPassword(): %v", err)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{password, true},
		{"Correct horse battery staple", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err, p := check(hash, tt.password)
		if p != nil {
			t.Fatalf("CheckPassword(hash, %q) panicked: %v", tt.password, p)
		}
		if err != nil || ok != tt.want {
			t.Errorf("CheckPassword(hash, %q) = (%v, %v), want (%v, nil)", tt.password, ok, err, tt.want)
		}
	}
}

func TestHashPasswordFormat(t *testing.T) {
	t.Parallel()
	hash, err := secret.HashPassword("pässwörd with ünïcode")
	if err != nil {
		t.Fatalf("HashPassword(): %v", err)
	}
	prefix := fmt.Sprintf("$argon2id$v=%d$m=65536,t=3,p=2$", argon2.Version)
	if !strings.HasPrefix(hash, prefix) {
		t.Fatalf("HashPassword() = %q, want the prefix %q", hash, prefix)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 {
		t.Fatalf("HashPassword() = %q has %d $-separated parts, want 6", hash, len(parts))
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) != 16 {
		t.Errorf("salt %q decodes to %d bytes (err %v), want 16", parts[4], len(salt), err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) != 32 {
		t.Errorf("key %q decodes to %d bytes (err %v), want 32", parts[5], len(key), err)
	}
	if ok, err, _ := check(hash, "pässwörd with ünïcode"); !ok || err != nil {
		t.Errorf("CheckPassword() of a Unicode password = (%v, %v), want (true, nil)", ok, err)
	}
}

func TestHashPasswordSalted(t *testing.T) {
	t.Parallel()
	a, err := secret.HashPassword("same password twice")
	if err != nil {
		t.Fatal(err)
	}
	b, err := secret.HashPassword("same password twice")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two hashes of the same password are equal: %q", a)
	}
	saltA, saltB := strings.Split(a, "$")[4], strings.Split(b, "$")[4]
	if saltA == saltB {
		t.Errorf("two hashes share the salt %q", saltA)
	}
	if ok, err, _ := check(b, "same password twice"); !ok || err != nil {
		t.Errorf("CheckPassword(%q) = (%v, %v), want (true, nil)", b, ok, err)
	}
}

// A hash made with other parameters (an older or future setting) verifies
// with the parameters written in it.
func TestCheckPasswordOtherParameters(t *testing.T) {
	t.Parallel()
	salt := []byte("0123456789abcdef")
	tests := []struct {
		name    string
		mem     uint32
		time    uint32
		threads uint8
		keyLen  uint32
	}{
		{"m=32768,t=2,p=1", 32 * 1024, 2, 1, 32},
		{"m=19456,t=2,p=1, 16-byte key", 19 * 1024, 2, 1, 16},
		{"m=8192,t=1,p=4, 64-byte key", 8 * 1024, 1, 4, 64},
	}
	for _, tt := range tests {
		key := argon2.IDKey([]byte("legacy password"), salt, tt.time, tt.mem, tt.threads, tt.keyLen)
		encoded := fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, tt.mem, tt.time, tt.threads,
			base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
		ok, err, p := check(encoded, "legacy password")
		if p != nil || err != nil || !ok {
			t.Errorf("%s: CheckPassword(right password) = (%v, %v, panic %v), want (true, nil)", tt.name, ok, err, p)
		}
		ok, err, p = check(encoded, "legacy passwore")
		if p != nil || err != nil || ok {
			t.Errorf("%s: CheckPassword(wrong password) = (%v, %v, panic %v), want (false, nil)", tt.name, ok, err, p)
		}
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	t.Parallel()
	salt := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef"))
	key := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	ok := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"plain text", "hunter2hunter2"},
		{"bcrypt", "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"},
		{"argon2i", "$argon2i$v=19$m=65536,t=3,p=2$" + salt + "$" + key},
		{"argon2d", "$argon2d$v=19$m=65536,t=3,p=2$" + salt + "$" + key},
		{"upper-case algorithm", "$ARGON2ID$v=19$m=65536,t=3,p=2$" + salt + "$" + key},
		{"no leading dollar", "argon2id$v=19$m=65536,t=3,p=2$" + salt + "$" + key + "$"},
		{"too few parts", "$argon2id$v=19$m=65536,t=3,p=2$" + salt},
		{"too many parts", ok("m=65536,t=3,p=2") + "$extra"},
		{"old version", "$argon2id$v=16$m=65536,t=3,p=2$" + salt + "$" + key},
		{"version missing", "$argon2id$m=65536,t=3,p=2$" + salt + "$" + key + "$x"},
		{"version not a number", "$argon2id$v=x$m=65536,t=3,p=2$" + salt + "$" + key},
		{"parameters missing", ok("")},
		{"parallelism missing", ok("m=65536,t=3")},
		{"parameters out of order", ok("t=3,m=65536,p=2")},
		{"memory not a number", ok("m=lots,t=3,p=2")},
		{"negative time", ok("m=65536,t=-1,p=2")},
		{"memory overflows uint32", ok("m=4294967296,t=3,p=2")},
		{"parallelism overflows uint8", ok("m=65536,t=3,p=256")},
		{"salt not base64", "$argon2id$v=19$m=65536,t=3,p=2$!!!$" + key},
		{"salt padded", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "==$" + key},
		{"key not base64", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$***"},
		{"key empty", "$argon2id$v=19$m=65536,t=3,p=2$" + salt + "$"},
		// HashPassword never writes these; argon2.IDKey panics on them.
		{"zero time", ok("m=65536,t=0,p=2")},
		{"zero parallelism", ok("m=65536,t=3,p=0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err, p := check(tt.encoded, "any password")
			if p != nil {
				t.Fatalf("CheckPassword(%q) panicked (%v), want ErrMalformedHash", tt.encoded, p)
			}
			if got || !errors.Is(err, secret.ErrMalformedHash) {
				t.Errorf("CheckPassword(%q) = (%v, %v), want (false, ErrMalformedHash)", tt.encoded, got, err)
			}
		})
	}
}

func TestToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := secret.Token("aims_")
		rest, found := strings.CutPrefix(tok, "aims_")
		if !found {
			t.Fatalf("Token(\"aims_\") = %q, want the prefix aims_", tok)
		}
		raw, err := base64.RawURLEncoding.DecodeString(rest)
		if err != nil {
			t.Fatalf("Token() = %q: the part after the prefix is not unpadded base64url: %v", tok, err)
		}
		if len(raw) != 32 {
			t.Fatalf("Token() = %q carries %d random bytes, want 32 (256 bits)", tok, len(raw))
		}
		if seen[tok] {
			t.Fatalf("Token() returned %q twice", tok)
		}
		seen[tok] = true
	}
	if tok := secret.Token(""); len(tok) != 43 {
		t.Errorf("Token(\"\") = %q (%d characters), want 43 characters", tok, len(tok))
	}
	if tok := secret.Token("sess_"); !strings.HasPrefix(tok, "sess_") || len(tok) != len("sess_")+43 {
		t.Errorf("Token(\"sess_\") = %q, want sess_ and 43 characters", tok)
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct {
		token string
		want  string
	}{
		// FIPS 180-2 test vectors.
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	}
	for _, tt := range tests {
		if got := secret.HashToken(tt.token); got != tt.want {
			t.Errorf("HashToken(%q) = %s, want %s", tt.token, got, tt.want)
		}
	}
	a, b := secret.HashToken("aims_x"), secret.HashToken("aims_y")
	if a == b {
		t.Errorf("HashToken of two tokens is equal: %s", a)
	}
	if tok := secret.Token("aims_"); secret.HashToken(tok) != secret.HashToken(tok) {
		t.Errorf("HashToken is not deterministic")
	}
}
