package blob

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
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
