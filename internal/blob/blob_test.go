package blob

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSpool(t *testing.T) {
	dir := t.TempDir()
	content := strings.Repeat("evidence ", 200)
	f, err := Spool(strings.NewReader(content), dir, int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(content))
	if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(content)) || string(f.Head) != content[:HeadSize] {
		t.Errorf("spooled %+v", f)
	}
	b, _ := io.ReadAll(f.Reader())
	if string(b) != content {
		t.Error("Reader does not give the content back")
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	empty := func() bool { e, _ := os.ReadDir(dir); return len(e) == 0 }
	if !empty() {
		t.Error("Close left the temporary file")
	}
	for name, c := range map[string]struct {
		r     io.Reader
		limit int64
		want  error
	}{
		"over the limit": {strings.NewReader(content), int64(len(content) - 1), ErrTooLarge},
		"empty":          {strings.NewReader(""), 10, ErrEmpty},
		"cut short":      {io.MultiReader(strings.NewReader("half"), errReader{}), 100, io.ErrUnexpectedEOF},
	} {
		if _, err := Spool(c.r, dir, c.limit); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if !empty() {
			t.Errorf("%s: a temporary file was left behind", name)
		}
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	for name, age := range map[string]time.Duration{"aims-upload-old": 48 * time.Hour, "aims-upload-new": time.Minute, "other-old": 48 * time.Hour} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, now.Add(-age), now.Add(-age))
	}
	n, err := Sweep(dir, 24*time.Hour, now)
	if err != nil || n != 1 {
		t.Fatalf("Sweep = %d, %v; want 1", n, err)
	}
	left, _ := os.ReadDir(dir)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "aims-upload-new other-old" {
		t.Errorf("left %s", got)
	}
}
