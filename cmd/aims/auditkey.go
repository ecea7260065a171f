package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"aims/internal/aims"
)

// keyFile is the audit key's file in the data folder.
const keyFile = "audit.key"

// auditKey loads the key the audit chain is sealed with: AIMS_AUDIT_KEY
// when set (every replica of a PostgreSQL installation must share it), or
// the key file in the data folder. With create set, a missing file is
// created with a new random key, readable by its owner only: the first
// start of an installation. The key never enters the database, so someone
// who can write there cannot recompute the chain.
func (s storage) auditKey(create bool) (aims.AuditKey, error) {
	if s.key != "" {
		k, err := aims.ParseAuditKey(s.key)
		if err != nil {
			return k, fmt.Errorf("AIMS_AUDIT_KEY: %w", err)
		}
		return k, nil
	}
	path := filepath.Join(s.data, keyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		if b, err = newKeyFile(path); errors.Is(err, fs.ErrExist) {
			b, err = os.ReadFile(path) // another process made it first
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return aims.AuditKey{}, fmt.Errorf("no audit key: %s does not exist and AIMS_AUDIT_KEY is not set", path)
	}
	if err != nil {
		return aims.AuditKey{}, fmt.Errorf("audit key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return aims.AuditKey{}, fmt.Errorf("audit key %s is readable by others (mode %v): run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	k, err := aims.ParseAuditKey(string(b))
	if err != nil {
		return k, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// newKeyFile writes a new random key to path, failing if it exists.
func newKeyFile(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	secret := make([]byte, aims.AuditKeyBytes)
	rand.Read(secret)
	b := []byte(hex.EncodeToString(secret) + "\n")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	return b, f.Close()
}
