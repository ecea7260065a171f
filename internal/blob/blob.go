// Package blob takes in evidence files: it reads an upload once, as it
// arrives, into a temporary file, computing its SHA-256 and size and
// keeping its first bytes for type detection, and refuses an upload over
// the limit or an empty one. The whole file is never held in memory, and
// the database transaction that stores it (sqlstore) starts only once the
// upload is complete, so a slow or vanishing client never holds a
// database lock or leaves a part of a file behind.
package blob

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// ChunkSize is how much of a file one database row holds, and the buffer
// a copy uses.
const ChunkSize = 1 << 20

// HeadSize is how many leading bytes type detection looks at (what
// http.DetectContentType reads).
const HeadSize = 512

// Errors of a spool: the web layer answers 413 and 422.
var (
	ErrTooLarge = errors.New("the file is larger than the upload limit")
	ErrEmpty    = errors.New("the file is empty")
)

// File is an upload spooled to a temporary file: its hash, size and first
// bytes. Close removes it.
type File struct {
	f      *os.File
	SHA256 string // lower-case hex
	Size   int64
	Head   []byte // the first HeadSize bytes (fewer for a small file)
}

// Spool reads r to its end into a new temporary file in dir (the system's
// temporary folder when dir is ""), hashing it on the way. It reads at most
// limit bytes: one more is ErrTooLarge. Any error removes what was written.
func Spool(r io.Reader, dir string, limit int64) (*File, error) {
	f, err := os.CreateTemp(dir, "aims-upload-*")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	out := &File{f: f}
	fail := func(err error) (*File, error) {
		out.Close()
		return nil, err
	}
	h := sha256.New()
	buf := make([]byte, 64<<10)
	n, err := io.CopyBuffer(io.MultiWriter(f, h, &headWriter{out}), io.LimitReader(r, limit+1), buf)
	if err != nil {
		return fail(err)
	}
	switch {
	case n > limit:
		return fail(ErrTooLarge)
	case n == 0:
		return fail(ErrEmpty)
	}
	out.Size, out.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return out, nil
}

// headWriter keeps the first HeadSize bytes written.
type headWriter struct{ f *File }

func (w *headWriter) Write(p []byte) (int, error) {
	if room := HeadSize - len(w.f.Head); room > 0 {
		w.f.Head = append(w.f.Head, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// Reader reads the spooled file from its start.
func (f *File) Reader() io.Reader { return io.NewSectionReader(f.f, 0, f.Size) }

// Close removes the temporary file.
func (f *File) Close() error {
	if f == nil || f.f == nil {
		return nil
	}
	name := f.f.Name()
	err := f.f.Close()
	f.f = nil
	return errors.Join(err, os.Remove(name))
}

// Sweep removes uploads left in dir ("" is the system's temporary folder)
// by a server that stopped while taking them in, once they are older than
// age: no upload takes that long, so a file that old has no reader left.
// It returns how many it removed.
func Sweep(dir string, age time.Duration, now time.Time) (int, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	matches, err := filepath.Glob(filepath.Join(dir, "aims-upload-*"))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > age {
			if os.Remove(m) == nil {
				n++
			}
		}
	}
	return n, nil
}
