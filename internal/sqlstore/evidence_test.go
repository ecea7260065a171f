package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// fileOf is content ready for CreateEvidence.
func fileOf(b []byte) *FileContent {
	sum := sha256.Sum256(b)
	return &FileContent{Content: bytes.NewReader(b), Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
}

func countRows(t *testing.T, s *Store, table string, orgID int64) int {
	t.Helper()
	var n int
	if err := s.w.QueryRow(`SELECT count(*) FROM `+table+` WHERE org_id = $1`, orgID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEvidenceFiles(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		// 2.5 chunks, so the content spans three rows.
		content := bytes.Repeat([]byte("Model validation report, CreditLens v3.\n"), (5*ChunkSize/2)/40)
		in := aims.Evidence{Title: "CreditLens validation report", FileName: "validation.txt", ContentType: "text/plain",
			ValidUntil: aims.DateOf(c.t.AddDate(1, 0, 0))}
		e, err := s.CreateEvidence(ctx, f.admin, in, fileOf(content))
		if err != nil {
			t.Fatalf("CreateEvidence: %v", err)
		}
		if e.Ref != "EV-1" || e.Kind != aims.EvidenceFile || e.Size != int64(len(content)) || e.Version != 1 || e.UploadedByID != f.admin.UserID {
			t.Errorf("created = %+v", e)
		}
		if n := countRows(t, s, "evidence_chunks", f.org.ID); n != 3 {
			t.Errorf("chunks = %d, want 3", n)
		}
		var out bytes.Buffer
		got, err := s.Evidence(ctx, f.org.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WriteContent(ctx, f.org.ID, got, &out); err != nil || !bytes.Equal(out.Bytes(), content) {
			t.Errorf("WriteContent = %d bytes, %v; want the %d bytes uploaded", out.Len(), err, len(content))
		}

		// The same content again is a second record sharing one copy.
		again, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "Same report, filed twice", FileName: "copy.txt", ContentType: "text/plain"}, fileOf(content))
		if err != nil {
			t.Fatalf("second upload: %v", err)
		}
		if again.SHA256 != e.SHA256 || again.Ref != "EV-2" {
			t.Errorf("second upload = %s %s, want EV-2 with the same hash", again.Ref, again.SHA256)
		}
		if n := countRows(t, s, "evidence_blobs", f.org.ID); n != 1 {
			t.Errorf("blobs after a duplicate = %d, want 1", n)
		}
		if n := countRows(t, s, "evidence_chunks", f.org.ID); n != 3 {
			t.Errorf("chunks after a duplicate = %d, want 3", n)
		}
		// Another organization with the same content keeps its own copy.
		if _, err := s.CreateEvidence(ctx, other.admin, aims.Evidence{Title: "Theirs", FileName: "t.txt", ContentType: "text/plain"}, fileOf(content)); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "evidence_chunks", other.org.ID); n != 3 {
			t.Errorf("other organization's chunks = %d, want 3", n)
		}
		// Another organization cannot read it.
		if _, err := s.Evidence(ctx, other.org.ID, e.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("Evidence from another organization: %v, want ErrNotFound", err)
		}

		// Content that is not what was measured is refused and leaves nothing.
		before := countRows(t, s, "evidence", f.org.ID)
		bad := fileOf([]byte("short"))
		bad.Content = strings.NewReader("shorx")
		if _, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "x", FileName: "x.txt", ContentType: "text/plain"}, bad); err == nil {
			t.Error("content differing from its hash was stored")
		}
		if n := countRows(t, s, "evidence", f.org.ID); n != before {
			t.Errorf("evidence rows after a refused upload = %d, want %d", n, before)
		}
		if n := countRows(t, s, "evidence_blobs", f.org.ID); n != 1 {
			t.Errorf("blobs after a refused upload = %d, want 1", n)
		}
		for name, ev := range map[string]aims.Evidence{
			"path in name":  {Title: "x", FileName: "../../etc/passwd", ContentType: "text/plain"},
			"unknown type":  {Title: "x", FileName: "x.html", ContentType: "text/html"},
			"no title":      {FileName: "x.txt", ContentType: "text/plain"},
			"file with url": {Title: "x", FileName: "x.txt", ContentType: "text/plain", URL: "https://example.test"},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateEvidence(ctx, f.admin, ev, fileOf([]byte("hello"))); !errors.As(err, &ve) {
				t.Errorf("%s: %v, want a validation error", name, err)
			}
		}

		// Verify finds nothing wrong, then a changed chunk and a missing one.
		var problems []EvidenceProblem
		collect := func(p EvidenceProblem) error { problems = append(problems, p); return nil }
		if n, err := s.VerifyEvidence(ctx, collect); err != nil || n != 2 || len(problems) != 0 {
			t.Fatalf("VerifyEvidence = %d files, %v, %v; want 2 files, no problems", n, problems, err)
		}
		if _, err := s.w.Exec(`UPDATE evidence_chunks SET data = $1 WHERE org_id = $2 AND seq = 1`, []byte("tampered"), f.org.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.Exec(`DELETE FROM evidence_chunks WHERE org_id = $1 AND seq = 2`, other.org.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyEvidence(ctx, collect); err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, p := range problems {
			lines = append(lines, p.OrgName+" "+p.Ref+" "+p.Title+" missing="+strconv.FormatBool(p.Missing))
		}
		want := "acme EV-1 CreditLens validation report missing=false|acme EV-2 Same report, filed twice missing=false|globex EV-1 Theirs missing=true"
		if got := strings.Join(lines, "|"); got != want {
			t.Errorf("problems =\n%s\nwant\n%s", got, want)
		}
		out.Reset()
		if err := s.WriteContent(ctx, f.org.ID, got, &out); !errors.Is(err, ErrCorrupt) {
			t.Errorf("WriteContent of a changed file: %v, want ErrCorrupt", err)
		}
	})
}

func TestEvidenceLinksAttachmentsAndArchive(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loan applications"})
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		link, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "Bias test run", URL: "https://ci.example.test/runs/42",
			ValidUntil: aims.DateOf(c.t.AddDate(0, 0, -1))}, nil,
			aims.Attachment{Register: aims.RegisterAISystems, RecordID: strconv.FormatInt(sys.ID, 10)})
		if err != nil {
			t.Fatalf("CreateEvidence link: %v", err)
		}
		if link.Kind != aims.EvidenceLink || len(link.Attachments) != 1 || link.Attachments[0].Ref != sys.Ref {
			t.Errorf("link = %+v", link)
		}
		if !link.Expired(aims.DateOf(c.t)) {
			t.Error("evidence valid until yesterday is not expired")
		}
		if _, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "x", URL: "javascript:alert(1)"}, nil); err == nil {
			t.Error("a javascript: link was accepted")
		}

		// Attaching to another organization's record, or to one that does
		// not exist, is refused and writes nothing.
		events := auditCount(t, s, f.org.ID)
		for _, rec := range []string{strconv.FormatInt(foreign.ID, 10), "999999", "01", "x"} {
			var ve *aims.ValidationError
			if _, err := s.Attach(ctx, f.admin, link.ID, aims.RegisterAISystems, rec); !errors.As(err, &ve) {
				t.Errorf("attach to AI system %q: %v, want a validation error", rec, err)
			}
		}
		if _, err := s.Attach(ctx, f.admin, link.ID, "risks", "1"); err == nil {
			t.Error("attach to an unknown register succeeded")
		}
		if _, err := s.Attach(ctx, other.admin, link.ID, aims.RegisterAISystems, strconv.FormatInt(foreign.ID, 10)); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization attaching our evidence: %v, want ErrNotFound", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused attachments wrote %d events", n-events)
		}
		// Attach to a requirement; twice is once.
		for range 2 {
			if _, err := s.Attach(ctx, f.admin, link.ID, aims.RegisterGap, "7.5.3"); err != nil {
				t.Fatal(err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != events+1 {
			t.Errorf("attaching twice wrote %d events, want 1", n-events)
		}
		for _, reg := range []struct{ register, id string }{{aims.RegisterAISystems, strconv.FormatInt(sys.ID, 10)}, {aims.RegisterGap, "7.5.3"}} {
			list, err := s.EvidenceFor(ctx, f.org.ID, reg.register, reg.id)
			if err != nil || len(list) != 1 || list[0].ID != link.ID {
				t.Errorf("EvidenceFor(%s %s) = %v, %v", reg.register, reg.id, list, err)
			}
		}
		// Expired evidence does not support the requirement; valid evidence does.
		sup, err := s.Supports(ctx, f.org.ID, "7.5.3", 10)
		if err != nil || len(sup) != 0 {
			t.Errorf("supports of 7.5.3 with expired evidence = %v, %v; want none", sup, err)
		}
		edit := link
		edit.ValidUntil = aims.DateOf(time.Now().AddDate(1, 0, 0))
		edited, err := s.UpdateEvidence(ctx, f.admin, edit)
		if err != nil || edited.Version != 2 {
			t.Fatalf("UpdateEvidence = v%d, %v", edited.Version, err)
		}
		if _, err := s.UpdateEvidence(ctx, f.admin, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit: %v, want ErrConflict", err)
		}
		sup, err = s.Supports(ctx, f.org.ID, "7.5.3", 10)
		if err != nil || len(sup) != 1 || sup[0].Ref != "EV-1" || sup[0].Register != aims.RegisterEvidence {
			t.Errorf("supports of 7.5.3 = %v, %v; want EV-1", sup, err)
		}

		// Lists: by validity, by register, by search.
		if _, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "AI policy training records", FileName: "training.csv", ContentType: "text/csv",
			ValidUntil: aims.DateOf(c.t.AddDate(0, -1, 0))}, fileOf([]byte("name,course,completed\n"))); err != nil {
			t.Fatal(err)
		}
		today := aims.DateOf(c.t)
		for name, tc := range map[string]struct {
			f    aims.EvidenceFilter
			want string
		}{
			"all":      {aims.EvidenceFilter{}, "EV-2 EV-1"},
			"expired":  {aims.EvidenceFilter{Validity: "expired"}, "EV-2"},
			"valid":    {aims.EvidenceFilter{Validity: "valid"}, "EV-1"},
			"attached": {aims.EvidenceFilter{Register: aims.RegisterGap}, "EV-1"},
			"csv":      {aims.EvidenceFilter{Type: "text/csv"}, "EV-2"},
			"links":    {aims.EvidenceFilter{Kind: aims.EvidenceLink}, "EV-1"},
			"search":   {aims.EvidenceFilter{ListParams: aims.ListParams{Q: "training"}}, "EV-2"},
			"short":    {aims.EvidenceFilter{ListParams: aims.ListParams{Q: "bi"}}, "EV-1"},
		} {
			tc.f.Limit, tc.f.Today = 10, today
			page, err := s.EvidenceList(ctx, f.org.ID, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var refs []string
			for _, e := range page.Items {
				refs = append(refs, e.Ref)
			}
			if got := strings.Join(refs, " "); got != tc.want || page.Total != len(refs) {
				t.Errorf("%s: list = %q (total %d), want %q", name, got, page.Total, tc.want)
			}
		}

		// Detach, archive, restore.
		if e, err := s.Detach(ctx, f.admin, link.ID, aims.RegisterGap, "7.5.3"); err != nil || len(e.Attachments) != 1 {
			t.Errorf("Detach = %v, %v", e.Attachments, err)
		}
		archived, err := s.SetEvidenceArchived(ctx, f.admin, link.ID, edited.Version, true)
		if err != nil || !archived.Archived || archived.Version != 3 {
			t.Fatalf("archive = %+v, %v", archived, err)
		}
		if _, err := s.Attach(ctx, f.admin, link.ID, aims.RegisterGap, "7.5.3"); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("attach archived evidence: %v, want ErrArchived", err)
		}
		if list, _ := s.EvidenceFor(ctx, f.org.ID, aims.RegisterAISystems, strconv.FormatInt(sys.ID, 10)); len(list) != 0 {
			t.Errorf("archived evidence still listed on the AI system: %v", list)
		}
		if _, err := s.SetEvidenceArchived(ctx, f.admin, link.ID, 0, false); err != nil {
			t.Fatal(err)
		}
		history, err := s.History(ctx, f.org.ID, aims.RegisterEvidence, strconv.FormatInt(link.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range history {
			actions = append(actions, ev.Action)
		}
		if got, want := strings.Join(actions, " "), "create update update update update archive restore"; got != want {
			t.Errorf("history = %s, want %s", got, want)
		}
	})
}

// TestConcurrentEvidenceWrites: 8 editors holding one version, exactly one
// wins; 8 uploads of the same new content at once store it once; 8
// attachments of the same record at once make one row and one event.
func TestConcurrentEvidenceWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		e, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "Report", FileName: "r.txt", ContentType: "text/plain"}, fileOf([]byte("report")))
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			edit := e
			edit.Title = fmt.Sprint("Report, edit ", i)
			_, err := s.UpdateEvidence(ctx, f.admin, edit)
			return err
		})
		wantOne(t, "UpdateEvidence", ok, errs)
		ok, errs = race(8, func(i int) error {
			_, err := s.SetEvidenceArchived(ctx, f.admin, e.ID, e.Version+1, i%2 == 0)
			return err
		})
		if ok < 1 {
			t.Errorf("SetEvidenceArchived: no writer succeeded: %v", errs)
		}

		content := bytes.Repeat([]byte("same content, uploaded eight times at once\n"), ChunkSize/20)
		ok, errs = race(8, func(i int) error {
			_, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: fmt.Sprint("Copy ", i), FileName: "c.txt", ContentType: "text/plain"}, fileOf(content))
			return err
		})
		if ok != 8 {
			t.Errorf("8 uploads of the same content: %d succeeded, errors %v", ok, errs)
		}
		if n := countRows(t, s, "evidence_blobs", f.org.ID); n != 2 {
			t.Errorf("stored files = %d, want 2", n)
		}
		if n := countRows(t, s, "evidence_chunks", f.org.ID); n != 1+3 {
			t.Errorf("chunks = %d, want 4", n)
		}

		live, err := s.CreateEvidence(ctx, f.admin, aims.Evidence{Title: "Link", URL: "https://example.test/x"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		ok, errs = race(8, func(int) error {
			_, err := s.Attach(ctx, f.admin, live.ID, aims.RegisterGap, "7.5.3")
			return err
		})
		if ok != 8 {
			t.Errorf("8 attachments at once: %d succeeded, errors %v", ok, errs)
		}
		if n := auditCount(t, s, f.org.ID) - events; n != 1 {
			t.Errorf("8 attachments of one record wrote %d events, want 1", n)
		}
		if n := countRows(t, s, "evidence_attachments", f.org.ID); n != 1 {
			t.Errorf("attachment rows = %d, want 1", n)
		}
	})
}
