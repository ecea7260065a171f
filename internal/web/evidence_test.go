package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// testFile is content ready for the store's CreateEvidence.
func testFile(s string) *sqlstore.FileContent {
	sum := sha256.Sum256([]byte(s))
	return &sqlstore.FileContent{Content: strings.NewReader(s), Size: int64(len(s)), SHA256: hex.EncodeToString(sum[:])}
}

// part is one part of a hand-built multipart body: a file when filename
// is set (the raw name, unescaped, as a hostile client would send it).
type part struct {
	name, filename, contentType, body string
}

func multipartBody(parts ...part) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			cd += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, _ := mw.CreatePart(h)
		io.WriteString(w, p.body)
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

// upload sends a multipart body to the API as a role.
func (e *env) upload(role aims.Role, parts ...part) response {
	e.t.Helper()
	ct, body := multipartBody(parts...)
	return e.do("POST", "/api/v1/evidence", "token:"+e.users[role].Token, ct, strings.NewReader(body))
}

// withUploadLimit is the environment with a server of another upload limit
// on the same database.
func (e *env) withUploadLimit(limit int64) *env {
	e.t.Helper()
	srv, err := NewServer(Config{Version: "test", MaxUploadBytes: limit}, e.store, testCatalog(e.t), slog.New(slog.DiscardHandler), e.clock.now)
	if err != nil {
		e.t.Fatal(err)
	}
	c := *e
	c.srv, c.ts = srv, httptest.NewServer(srv)
	e.t.Cleanup(c.ts.Close)
	return &c
}

const reportMD = "# CreditLens validation report\n\nAUC 0.81 on the 2026 hold-out set; no subgroup below 0.76.\n"

func TestEvidenceUploadAndDownload(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		res := e.upload(aims.RoleContributor, part{name: "title", body: "CreditLens validation report"},
			part{name: "valid_until", body: "2027-10-01"},
			part{name: "file", filename: "validation-report.md", contentType: "text/markdown", body: reportMD})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("upload = %d %s", res.StatusCode, res.Body)
		}
		var ev aims.Evidence
		res.json(t, &ev)
		sum := sha256.Sum256([]byte(reportMD))
		if ev.Ref != "EV-1" || ev.ContentType != "text/markdown" || ev.FileName != "validation-report.md" || ev.SHA256 != hex.EncodeToString(sum[:]) || ev.Size != int64(len(reportMD)) {
			t.Errorf("uploaded = %+v", ev)
		}
		id := strconv.FormatInt(ev.ID, 10)
		for _, dl := range []response{e.api(aims.RoleViewer, "GET", "/api/v1/evidence/"+id+"/content", nil), e.page(aims.RoleAuditor, "/evidence/"+id+"/content")} {
			if dl.StatusCode != http.StatusOK || string(dl.Body) != reportMD {
				t.Fatalf("download = %d %q", dl.StatusCode, dl.Body)
			}
			for h, want := range map[string]string{
				"Content-Type":            "text/markdown",
				"Content-Disposition":     `attachment; filename=validation-report.md`,
				"X-Content-Type-Options":  "nosniff",
				"Content-Length":          strconv.Itoa(len(reportMD)),
				"Content-Security-Policy": "default-src 'none'; sandbox",
			} {
				if got := dl.Header.Get(h); got != want {
					t.Errorf("download %s = %q, want %q", h, got, want)
				}
			}
		}
		// A name that needs quoting or encoding stays one header value.
		res = e.upload(aims.RoleAdmin, part{name: "file", filename: "Prüfbericht; Q3 2026.txt", body: "Ergebnis: bestanden"})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("upload with a non-ASCII name = %d %s", res.StatusCode, res.Body)
		}
		res.json(t, &ev)
		dl := e.api(aims.RoleAdmin, "GET", "/api/v1/evidence/"+strconv.FormatInt(ev.ID, 10)+"/content", nil)
		if got := dl.Header.Get("Content-Disposition"); got != `attachment; filename*=utf-8''Pr%C3%BCfbericht%3B%20Q3%202026.txt` {
			t.Errorf("Content-Disposition = %q", got)
		}
		// The same content again: a second record, one stored copy.
		again := e.upload(aims.RoleAdmin, part{name: "file", filename: "copy.md", body: reportMD})
		if again.StatusCode != http.StatusCreated {
			t.Fatalf("second upload = %d %s", again.StatusCode, again.Body)
		}
		if n := strings.Count(e.state(), "evidence_blobs:"); n != 2 {
			t.Errorf("stored files = %d, want 2 (the duplicate shares one)", n)
		}
		// A link, as JSON, attached to an AI system at once.
		sys := e.createSystem("CreditLens")
		res = e.api(aims.RoleAdmin, "POST", "/api/v1/evidence", evidenceLink{Title: "Bias test CI run", URL: "https://ci.example.test/runs/4812",
			Attach: []aims.Attachment{{Register: aims.RegisterAISystems, RecordID: strconv.FormatInt(sys.ID, 10)}}})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("link = %d %s", res.StatusCode, res.Body)
		}
		res.json(t, &ev)
		if ev.Kind != aims.EvidenceLink || len(ev.Attachments) != 1 || ev.Attachments[0].Ref != sys.Ref {
			t.Errorf("link = %+v", ev)
		}
		if dl := e.api(aims.RoleAdmin, "GET", "/api/v1/evidence/"+strconv.FormatInt(ev.ID, 10)+"/content", nil); dl.StatusCode != http.StatusNotFound {
			t.Errorf("download of a link = %d, want 404", dl.StatusCode)
		}
		csv := e.page(aims.RoleViewer, "/evidence.csv?kind=file")
		if lines := strings.Split(strings.TrimSpace(string(csv.Body)), "\n"); csv.StatusCode != http.StatusOK || len(lines) != 4 ||
			!strings.HasPrefix(lines[0], "ref,title,kind,file_name,content_type,size,sha256,") || !strings.Contains(lines[1], hex.EncodeToString(sum[:])) {
			t.Errorf("evidence CSV = %d %q", csv.StatusCode, csv.Body)
		}
		page := string(e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(sys.ID, 10)).Body)
		if !strings.Contains(page, "Bias test CI run") {
			t.Error("the AI system's page does not show its evidence")
		}
	})
}

// TestHostileUploads: every way an upload can be wrong gets a clear 4xx
// and stores nothing at all.
func TestHostileUploads(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		small := e.withUploadLimit(1 << 10)
		html := "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
		sys := e.createSystem("CreditLens")
		foreign, err := e.store.CreateAISystem(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		before := e.state()
		cases := []struct {
			name  string
			env   *env
			parts []part
			want  int
		}{
			{"path tricks", e, []part{{name: "file", filename: "../../etc/passwd", body: "root:x:0:0"}}, 422},
			{"folder in name", e, []part{{name: "file", filename: "a/b.pdf", body: "%PDF-1.4"}}, 422},
			{"backslash path", e, []part{{name: "file", filename: `..\..\boot.ini`, body: "x"}}, 422},
			{"NUL in name", e, []part{{name: "file", filename: "report\x00.txt", body: "x"}}, 400},
			{"control character in name", e, []part{{name: "file", filename: "report\x1b[2J.txt", body: "x"}}, 400},
			{"PNG that is HTML", e, []part{{name: "file", filename: "chart.png", contentType: "image/png", body: html}}, 422},
			{"HTML as HTML", e, []part{{name: "file", filename: "page.html", contentType: "text/html", body: html}}, 422},
			{"PDF that is text", e, []part{{name: "file", filename: "reportMD.pdf", contentType: "application/pdf", body: "plain words"}}, 422},
			{"text named .pdf", e, []part{{name: "file", filename: "reportMD.pdf", body: "plain words"}}, 422},
			{"SVG", e, []part{{name: "file", filename: "logo.svg", body: `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`}}, 422},
			{"plain ZIP", e, []part{{name: "file", filename: "bundle.zip", body: "PK\x03\x04" + strings.Repeat("\x00", 30)}}, 422},
			{"zero bytes", e, []part{{name: "file", filename: "empty.txt", body: ""}}, 422},
			{"over the limit", small, []part{{name: "file", filename: "big.txt", body: strings.Repeat("a", 2<<10)}}, 413},
			{"two files", e, []part{{name: "file", filename: "a.txt", body: "a"}, {name: "file", filename: "b.txt", body: "b"}}, 400},
			{"no file, no link", e, []part{{name: "title", body: "Nothing"}}, 422},
			{"bad date", e, []part{{name: "valid_until", body: "next year"}, {name: "file", filename: "a.txt", body: "a"}}, 422},
			{"another organization's system", e, []part{{name: "register", body: "ai-systems"}, {name: "record_id", body: strconv.FormatInt(foreign.ID, 10)}, {name: "file", filename: "a.txt", body: "a"}}, 422},
			{"unknown requirement", e, []part{{name: "register", body: "gap"}, {name: "record_id", body: "99.9"}, {name: "file", filename: "a.txt", body: "a"}}, 422},
			{"javascript link", e, []part{{name: "url", body: "javascript:alert(1)"}, {name: "title", body: "x"}}, 422},
		}
		for _, c := range cases {
			res := c.env.upload(aims.RoleAdmin, c.parts...)
			if res.StatusCode != c.want {
				t.Errorf("%s: %d, want %d; %s", c.name, res.StatusCode, c.want, res.Body)
				continue
			}
			if p := res.problem(t); p.Detail == "" {
				t.Errorf("%s: no explanation", c.name)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("refused uploads changed the organization's data")
		}
		// Not multipart at all, and a broken multipart body.
		if res := e.do("POST", "/api/v1/evidence", "token:"+e.users[aims.RoleAdmin].Token, "text/plain", strings.NewReader("hello")); res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("plain text body = %d, want 415", res.StatusCode)
		}
		ct, body := multipartBody(part{name: "file", filename: "a.txt", body: strings.Repeat("a", 5000)})
		if res := e.do("POST", "/api/v1/evidence", "token:"+e.users[aims.RoleAdmin].Token, ct, strings.NewReader(body[:len(body)/2])); res.StatusCode != http.StatusBadRequest {
			t.Errorf("multipart body cut in half = %d, want 400", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("malformed uploads changed the organization's data")
		}
		// The same through the browser's form.
		ct, body = multipartBody(part{name: "file", filename: "../../etc/passwd", body: "root"})
		if res := e.do("POST", "/evidence", "session:"+e.users[aims.RoleAdmin].Session, ct, strings.NewReader(body)); res.StatusCode != 422 || !strings.Contains(string(res.Body), "plain file name") {
			t.Errorf("form upload with a path = %d", res.StatusCode)
		}
		// Attaching to another organization's record, or an unknown register.
		ev, err := e.store.CreateEvidence(context.Background(), e.principal(aims.RoleAdmin), aims.Evidence{Title: "Report", FileName: "r.txt", ContentType: "text/plain"}, testFile("r"))
		if err != nil {
			t.Fatal(err)
		}
		before = e.state()
		id := strconv.FormatInt(ev.ID, 10)
		for _, b := range []attachBody{{aims.RegisterAISystems, strconv.FormatInt(foreign.ID, 10)}, {"risks", "1"}, {aims.RegisterGap, "9.9.9"}, {aims.RegisterAISystems, ""}} {
			if res := e.api(aims.RoleAdmin, "POST", "/api/v1/evidence/"+id+"/attach", b); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("attach to %v = %d, want 422", b, res.StatusCode)
			}
		}
		if res := e.form(aims.RoleAdmin, "/evidence/attach", url.Values{"evidence_id": {id}, "register": {"ai-systems"}, "record_id": {strconv.FormatInt(foreign.ID, 10)}}); res.StatusCode != 422 {
			t.Errorf("form attach to a foreign system = %d, want 422", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("refused attachments changed the organization's data")
		}
		// The form attaches and returns to the record.
		res := e.form(aims.RoleContributor, "/evidence/attach", url.Values{"evidence_id": {id}, "register": {"ai-systems"}, "record_id": {strconv.FormatInt(sys.ID, 10)}, "back": {"record"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ai-systems/"+strconv.FormatInt(sys.ID, 10) {
			t.Errorf("form attach = %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

// TestUploadClientStopsHalfway: a client that stops sending in the middle
// of a file leaves nothing behind.
func TestUploadClientStopsHalfway(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		before := e.state()
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			fw, _ := mw.CreateFormFile("file", "training-records.csv")
			fw.Write([]byte("name,course,completed\n"))
			for range 300 { // 3 MB of 6, then the connection breaks
				fw.Write(bytes.Repeat([]byte("Maria Keller,AI policy,2026-10-01\n"), 300))
			}
			pw.CloseWithError(errors.New("client gave up"))
		}()
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/evidence", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
		req.ContentLength = 6 << 20
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode < 400 {
				t.Errorf("a broken upload answered %d", res.StatusCode)
			}
		}
		// The server may still be reading when the client gives up.
		deadline := time.Now().Add(5 * time.Second)
		for e.state() != before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if after := e.state(); after != before {
			t.Errorf("a client that stopped halfway left something behind:\n%s", after)
		}
	})
}

// TestUploadMemory uploads a 64 MiB file, generated as it is sent, and
// samples the heap meanwhile: the upload is streamed, so the heap never
// grows by anything like the file's size.
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 64 MiB")
	}
	e := sqliteEnv(t)
	const size = 64 << 20
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, _ := mw.CreateFormFile("file", "inference-log.txt")
		block := bytes.Repeat([]byte("2026-11-27T09:30:00Z credit-decision approved score=0.82 model=creditlens-3.2\n"), 10_000)
		for n := 0; n < size; n += len(block) {
			fw.Write(block)
		}
		mw.Close()
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/evidence", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("64 MiB upload = %d %s", res.StatusCode, body)
	}
	grew := int64(peak.Load()) - int64(base.HeapAlloc)
	t.Logf("64 MiB upload: %s, peak heap %.1f MiB above the %.1f MiB before", took.Round(time.Millisecond), float64(grew)/(1<<20), float64(base.HeapAlloc)/(1<<20))
	if grew > size/4 {
		t.Errorf("peak heap grew by %d MiB during a 64 MiB upload: the upload is not streamed", grew>>20)
	}
	var ev aims.Evidence
	if err := json.Unmarshal(body, &ev); err != nil {
		t.Fatal(err)
	}
	// Download it back, hashing as it comes.
	dl, err := http.NewRequest("GET", e.ts.URL+"/api/v1/evidence/"+strconv.FormatInt(ev.ID, 10)+"/content", nil)
	if err != nil {
		t.Fatal(err)
	}
	dl.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
	got, err := http.DefaultClient.Do(dl)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	h := sha256.New()
	n, _ := io.Copy(h, got.Body)
	if hex.EncodeToString(h.Sum(nil)) != ev.SHA256 || n != ev.Size {
		t.Errorf("download = %d bytes, hash %x; want %d bytes, %s", n, h.Sum(nil), ev.Size, ev.SHA256)
	}
}

// TestChangedFileDownloadIsCut: a file whose stored content no longer
// matches its hash is never delivered as if whole.
func TestChangedFileDownloadIsCut(t *testing.T) {
	e := sqliteEnv(t)
	ev, err := e.store.CreateEvidence(context.Background(), e.principal(aims.RoleAdmin), aims.Evidence{Title: "Report", FileName: "r.txt", ContentType: "text/plain"}, testFile(reportMD))
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, e.source, `UPDATE evidence_chunks SET data = ? WHERE seq = 0`, []byte(strings.ToUpper(reportMD)))
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/evidence/"+strconv.FormatInt(ev.ID, 10)+"/content", nil)
	req.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err == nil {
		t.Error("a changed file downloaded without an error")
	}
}

func tamper(t *testing.T, source, q string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+source) // the driver testdb registers
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// TestEvidenceOpenAPI: the upload is documented as multipart/form-data
// with a binary file part (and a link as JSON), the download as a binary
// file, and real replies fit their schemas.
func TestEvidenceOpenAPI(t *testing.T) {
	e := sqliteEnv(t)
	doc := loadOpenAPI(t, e)
	content := doc.Paths["/api/v1/evidence"]["post"]["requestBody"].(map[string]any)["content"].(map[string]any)
	form, ok := content["multipart/form-data"].(map[string]any)
	if !ok || content["application/json"] == nil {
		t.Fatalf("upload request body = %v, want multipart/form-data and application/json", content)
	}
	schema := doc.Components.Schemas[strings.TrimPrefix(form["schema"].(map[string]any)["$ref"].(string), "#/components/schemas/")].(map[string]any)
	file := schema["properties"].(map[string]any)["file"].(map[string]any)
	if file["format"] != "binary" || fmt.Sprint(schema["required"]) != "[file]" {
		t.Errorf("upload schema = %v, want a required binary file part", schema)
	}
	dl := doc.Paths["/api/v1/evidence/{id}/content"]["get"]["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
	if _, ok := dl["application/octet-stream"]; !ok {
		t.Errorf("download documented as %v, want application/octet-stream", dl)
	}
	sys := e.createSystem("CreditLens")
	res := e.upload(aims.RoleAdmin, part{name: "register", body: "ai-systems"}, part{name: "record_id", body: strconv.FormatInt(sys.ID, 10)},
		part{name: "valid_until", body: "2027-01-31"}, part{name: "file", filename: "r.md", body: reportMD})
	var ev aims.Evidence
	res.json(t, &ev)
	id := strconv.FormatInt(ev.ID, 10)
	for _, c := range [][2]string{{"/api/v1/evidence", "/api/v1/evidence"}, {"/api/v1/evidence/{id}", "/api/v1/evidence/" + id},
		{"/api/v1/evidence/{id}/history", "/api/v1/evidence/" + id + "/history"}} {
		res := e.api(aims.RoleAdmin, "GET", c[1], nil)
		schema := doc.Paths[c[0]]["get"]["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		var v any
		json.Unmarshal(res.Body, &v)
		for _, problem := range conforms(doc, schema, v, c[0]) {
			t.Error(problem)
		}
	}
}

// TestEvidenceAPIBadInput: malformed and stale requests get a clear 4xx and
// change nothing.
func TestEvidenceAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ev, err := e.store.CreateEvidence(context.Background(), e.principal(aims.RoleAdmin), aims.Evidence{Title: "Link", URL: "https://example.test/a"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(ev.ID, 10)
		before := e.state()
		for _, c := range []struct {
			method, path string
			body         any
			want         int
		}{
			{"POST", "/api/v1/evidence", `{"title": "x", "url": `, 400},
			{"POST", "/api/v1/evidence", `{"title": 5}`, 422},
			{"POST", "/api/v1/evidence", `{"title": "x", "url": "https://a.test", "sha256": "00"}`, 422},
			{"POST", "/api/v1/evidence", `{"title": "x", "url": "ftp://files.test/a"}`, 422},
			{"POST", "/api/v1/evidence", `{"title": "x", "url": "https://a.test", "attach": [{"register": "gap", "record_id": "4"}]}`, 422},
			{"PUT", "/api/v1/evidence/" + id, aims.Evidence{Title: "New title"}, 422},
			{"PUT", "/api/v1/evidence/" + id, aims.Evidence{Title: "New title", URL: "https://example.test/a", Version: 7}, 409},
			{"PUT", "/api/v1/evidence/" + id, aims.Evidence{Title: "", Version: 1}, 422},
			{"PUT", "/api/v1/evidence/" + id, `{"title": "x", "version": 1, "valid_until": "soon"}`, 400},
			{"POST", "/api/v1/evidence/" + id + "/attach", `{"register": "gap"}`, 422},
			{"POST", "/api/v1/evidence/" + id + "/archive", versionBody{Version: 9}, 409},
			{"GET", "/api/v1/evidence?validity=soon", nil, 422},
			{"GET", "/api/v1/evidence?type=text/html", nil, 422},
		} {
			if res := e.api(aims.RoleAdmin, c.method, c.path, c.body); res.StatusCode != c.want {
				t.Errorf("%s %s %v = %d, want %d; %s", c.method, c.path, c.body, res.StatusCode, c.want, res.Body)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("refused requests changed the organization's data")
		}
	})
}

// TestEvidenceForms edits evidence through its form, refuses a stale one,
// archives it, and checks that every control of the evidence pages has a
// label.
func TestEvidenceForms(t *testing.T) {
	e := sqliteEnv(t)
	sys := e.createSystem("CreditLens")
	ev, err := e.store.CreateEvidence(context.Background(), e.principal(aims.RoleAdmin), aims.Evidence{Title: "Report", FileName: "r.txt", ContentType: "text/plain"},
		testFile(reportMD), aims.Attachment{Register: aims.RegisterAISystems, RecordID: strconv.FormatInt(sys.ID, 10)})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(ev.ID, 10)
	res := e.form(aims.RoleContributor, "/evidence/"+id, url.Values{"title": {"Validation report 3.2"}, "valid_until": {"2027-06-30"}, "version": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", res.StatusCode, res.Body)
	}
	before := e.state()
	res = e.form(aims.RoleContributor, "/evidence/"+id, url.Values{"title": {"Overwritten"}, "version": {"1"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Overwritten") {
		t.Errorf("stale edit = %d, want 409 keeping the input", res.StatusCode)
	}
	for _, bad := range []url.Values{{"title": {""}, "version": {"2"}}, {"title": {"x"}, "valid_until": {"soon"}, "version": {"2"}}} {
		if res := e.form(aims.RoleContributor, "/evidence/"+id, bad); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("edit %v = %d, want 422", bad, res.StatusCode)
		}
	}
	if res := e.form(aims.RoleContributor, "/evidence/"+id, url.Values{"title": {"x"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("edit without a version = %d, want 400", res.StatusCode)
	}
	if e.state() != before {
		t.Error("refused edits changed the organization's data")
	}
	got, _ := e.store.Evidence(context.Background(), e.org.ID, ev.ID)
	if got.Title != "Validation report 3.2" || got.ValidUntil.String() != "2027-06-30" {
		t.Errorf("after edit: %q until %s", got.Title, got.ValidUntil)
	}
	if res := e.form(aims.RoleManager, "/evidence/"+id+"/archive", url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("archive = %d", res.StatusCode)
	}
	if body := string(e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(sys.ID, 10)).Body); strings.Contains(body, "Validation report 3.2") {
		t.Error("archived evidence still shown on the AI system")
	}
	// Every visible control of the evidence pages has a label.
	control := regexp.MustCompile(`<(input|select|textarea) id="([^"]+)"`)
	for _, path := range []string{"/evidence", "/evidence/new", "/evidence/" + id, "/ai-systems/" + strconv.FormatInt(sys.ID, 10), "/gap/7.5.3"} {
		body := string(e.page(aims.RoleAdmin, path).Body)
		for _, m := range control.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(body, `<label for="`+m[2]+`"`) {
				t.Errorf("%s: control %s has no label", path, m[2])
			}
		}
	}
}

// TestEvidenceListQueries: the evidence list runs the same number of
// queries with 1 record as with 30.
func TestEvidenceListQueries(t *testing.T) {
	e := sqliteEnv(t)
	counts := map[string][]int64{}
	for i := 0; i < 30; i++ {
		if _, err := e.store.CreateEvidence(context.Background(), e.principal(aims.RoleAdmin), aims.Evidence{Title: fmt.Sprint("Report ", i),
			FileName: "r.txt", ContentType: "text/plain"}, testFile(fmt.Sprint("report ", i))); err != nil {
			t.Fatal(err)
		}
		if i != 0 && i != 29 {
			continue
		}
		for _, path := range []string{"/evidence", "/evidence?validity=valid&register=gap&q=report", "/api/v1/evidence?limit=100"} {
			get := func() response {
				if strings.HasPrefix(path, "/api/") {
					return e.api(aims.RoleAdmin, "GET", path, nil)
				}
				return e.page(aims.RoleAdmin, path)
			}
			get() // the first use of a session or token records it
			before := e.store.Queries()
			res := get()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s = %d", path, res.StatusCode)
			}
			counts[path] = append(counts[path], e.store.Queries()-before)
		}
	}
	for path, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s: %d queries with 1 record, %d with 30", path, c[0], c[1])
		}
	}
}
