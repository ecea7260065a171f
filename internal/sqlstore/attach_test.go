package sqlstore

import (
	"context"
	"strconv"
	"testing"

	"aims/internal/aims"
)

// TestAttachToRegisters: evidence attaches to a document and a concern of
// its own organization, named by reference and title; another
// organization's document or an unknown register is refused and writes
// nothing.
func TestAttachToRegisters(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		doc, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Risk assessment process", Kind: aims.KindPlan,
			Origin: aims.OriginInternal, ReviewIntervalMonths: 12}, Content: "# Steps"})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := s.CreateDocument(ctx, b.admin, aims.NewDocument{Document: aims.Document{Title: "Theirs", Kind: aims.KindPlan,
			Origin: aims.OriginInternal, ReviewIntervalMonths: 12}, Content: "x"})
		if err != nil {
			t.Fatal(err)
		}
		ev, err := s.CreateEvidence(ctx, a.admin, aims.Evidence{Title: "Signed approval minutes", URL: "https://intranet.example/minutes"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Attach(ctx, a.admin, ev.ID, aims.RegisterDocuments, strconv.FormatInt(doc.ID, 10))
		if err != nil || len(got.Attachments) != 1 || got.Attachments[0].Ref != doc.Ref || got.Attachments[0].Title != "Risk assessment process" {
			t.Fatalf("attach to a document = %+v, %v", got.Attachments, err)
		}
		events := auditCount(t, s, a.org.ID)
		if _, err := s.Attach(ctx, a.admin, ev.ID, aims.RegisterDocuments, strconv.FormatInt(theirs.ID, 10)); !isField(err, "record_id") {
			t.Errorf("another organization's document = %v, want a record_id error", err)
		}
		if _, err := s.Attach(ctx, a.admin, ev.ID, aims.RegisterWebhooks, "1"); !isField(err, "register") {
			t.Errorf("a register evidence does not attach to = %v", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events {
			t.Errorf("refused attachments recorded %d events", n-events)
		}
		if list, _ := s.EvidenceFor(ctx, a.org.ID, aims.RegisterDocuments, strconv.FormatInt(doc.ID, 10)); len(list) != 1 {
			t.Errorf("evidence for the document = %d", len(list))
		}
	})
}
