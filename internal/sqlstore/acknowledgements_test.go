package sqlstore

import (
	"context"
	"errors"
	"testing"

	"aims/internal/aims"
)

// ackFixture is a people fixture with an approved procedure (version 1)
// that has a new draft (version 2, not approved).
type ackFixture struct {
	peopleFixture
	doc aims.Document
}

func newAckFixture(t *testing.T, s *Store, name string) ackFixture {
	t.Helper()
	ctx := context.Background()
	f := ackFixture{peopleFixture: newPeopleFixture(t, s, name)}
	author := f.principalOf(aims.RoleContributor)
	var err error
	if f.doc, err = s.CreateDocument(ctx, author, aims.NewDocument{Document: aims.Document{Title: "Acceptable use of AI tools",
		Kind: aims.KindOtherProcedure}, Content: "Use only approved AI tools."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitDocument(ctx, author, f.doc.ID, aims.DocumentStep{Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApproveDocument(ctx, f.admin, f.doc.ID, aims.DocumentStep{Version: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewDocumentVersion(ctx, author, f.doc.ID, 3); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestAcknowledgementCampaigns(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newAckFixture(t, s, "acme")
		other := newAckFixture(t, s, "globex")
		due := day(t, "2026-12-31")
		base := aims.Campaign{Title: "Read the acceptable use procedure", DocumentID: f.doc.ID, DocVersion: 1, DueDate: due,
			OwnerID: f.users[aims.RoleAdmin]}

		// Only an approved version, only this organization's document and people.
		bad := map[string]func(c *aims.Campaign){
			"doc_version": func(c *aims.Campaign) { c.DocVersion = 2; c.StaffIDs = []int64{f.ben.ID} },
			"document_id": func(c *aims.Campaign) { c.DocumentID = other.doc.ID; c.StaffIDs = []int64{f.ben.ID} },
			"staff_ids":   func(c *aims.Campaign) { c.StaffIDs = []int64{f.ben.ID, other.ben.ID} },
			"role_ids":    func(c *aims.Campaign) { c.StaffIDs = nil; c.RoleIDs = []int64{other.role.ID} },
			"due_date":    func(c *aims.Campaign) { c.DueDate = aims.Date{}; c.StaffIDs = []int64{f.ben.ID} },
		}
		before := auditCount(t, s, f.org.ID)
		for field, mutate := range bad {
			in := base
			mutate(&in)
			if _, err := s.CreateCampaign(ctx, f.admin, in); !isField(err, field) {
				t.Errorf("%s: CreateCampaign = %v, want a field error", field, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused launches wrote %d audit events", n-before)
		}

		// Ben by name, Anna through the role she holds.
		in := base
		in.StaffIDs, in.RoleIDs = []int64{f.ben.ID}, []int64{f.role.ID}
		camp, err := s.CreateCampaign(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateCampaign: %v", err)
		}
		if camp.Ref != "ACK-1" || camp.Asked != 2 || camp.DocumentRef != f.doc.Ref || camp.Status != aims.CampaignOpen {
			t.Errorf("launched = %+v", camp)
		}
		// Due work: Anna has a sign-in (the manager), Ben has none.
		dues, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: day(t, "2026-12-01")})
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, d := range dues.Items {
			if d.Register == aims.RegisterAcknowledgements {
				found++
				if d.OwnerID != f.users[aims.RoleManager] || d.What != "Read and acknowledge "+f.doc.Ref+" v1" {
					t.Errorf("due item = %+v", d)
				}
			}
		}
		if found != 1 {
			t.Errorf("%d due items for the campaign, want 1 (Anna's)", found)
		}

		// Anna acknowledges herself; twice changes nothing.
		anna := f.principalOf(aims.RoleManager)
		before = auditCount(t, s, f.org.ID)
		a, err := s.Acknowledge(ctx, anna, camp.ID, aims.AckInput{}, false)
		if err != nil || !a.Done() || a.StaffID != f.anna.ID || a.OnBehalf || a.DocVersion != 1 {
			t.Fatalf("Acknowledge = %+v, %v", a, err)
		}
		if _, err := s.Acknowledge(ctx, anna, camp.ID, aims.AckInput{}, false); err != nil {
			t.Errorf("second acknowledgement: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before+1 {
			t.Errorf("two acknowledgements wrote %d audit events, want 1", n-before)
		}
		// The viewer has no person; another organization's member is not found.
		if _, err := s.Acknowledge(ctx, f.principalOf(aims.RoleViewer), camp.ID, aims.AckInput{}, false); !errors.Is(err, aims.ErrForbidden) {
			t.Errorf("unlinked member acknowledges: %v", err)
		}
		if _, err := s.Acknowledge(ctx, other.principalOf(aims.RoleManager), camp.ID, aims.AckInput{}, false); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization acknowledges: %v", err)
		}
		// On behalf: needs a note, a person asked.
		if _, err := s.Acknowledge(ctx, f.admin, camp.ID, aims.AckInput{StaffID: f.ben.ID}, true); !isField(err, "note") {
			t.Errorf("on behalf without a note: %v", err)
		}
		if _, err := s.Acknowledge(ctx, f.admin, camp.ID, aims.AckInput{StaffID: other.ben.ID, Note: "paper"}, true); !isField(err, "staff_id") {
			t.Errorf("on behalf of someone not asked: %v", err)
		}
		b, err := s.Acknowledge(ctx, f.admin, camp.ID, aims.AckInput{StaffID: f.ben.ID, Note: "Signed the paper form"}, true)
		if err != nil || !b.OnBehalf || b.Note != "Signed the paper form" || b.RecordedByID != f.users[aims.RoleAdmin] {
			t.Errorf("on behalf = %+v, %v", b, err)
		}
		got, err := s.Campaign(ctx, f.org.ID, camp.ID)
		if err != nil || got.Acknowledged != 2 || got.Percent() != 100 || got.Version != 1 {
			t.Errorf("campaign = %+v, %v", got, err)
		}
		people, err := s.CampaignPeople(ctx, f.org.ID, camp.ID)
		if err != nil || len(people) != 2 || people[0].StaffName != "Anna Schmidt" || people[1].How() != "Recorded by The admin" {
			t.Errorf("people = %+v, %v", people, err)
		}
		mine, err := s.MyAcknowledgements(ctx, anna)
		if err != nil || len(mine) != 1 || mine[0].Campaign.ID != camp.ID || !mine[0].Mine.Done() {
			t.Errorf("mine = %+v, %v", mine, err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "7.3", 5); len(sup) == 0 {
			t.Errorf("a fully acknowledged campaign does not support 7.3")
		}

		// Close, then archive: no more acknowledgements.
		got.Status = aims.CampaignClosed
		closed, err := s.UpdateCampaign(ctx, f.admin, got)
		if err != nil || closed.Version != 2 {
			t.Fatalf("close: %+v, %v", closed, err)
		}
		if _, err := s.UpdateCampaign(ctx, f.admin, got); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		if _, err := s.SetCampaignArchived(ctx, f.admin, camp.ID, 2, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Acknowledge(ctx, anna, camp.ID, aims.AckInput{}, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("acknowledge an archived campaign: %v", err)
		}
		list, err := s.Campaigns(ctx, f.org.ID, aims.CampaignFilter{ListParams: aims.ListParams{Limit: 10}})
		if err != nil || list.Total != 0 {
			t.Errorf("live list after archiving = %+v, %v", list, err)
		}
		list, err = s.Campaigns(ctx, f.org.ID, aims.CampaignFilter{ListParams: aims.ListParams{Limit: 10, Q: "acceptable"}, Archived: true})
		if err != nil || list.Total != 1 || list.Items[0].Acknowledged != 2 {
			t.Errorf("archived list = %+v, %v", list, err)
		}
	})
}

// TestConcurrentAcknowledgements: eight acknowledgements of the same person
// at once leave one acknowledgement and one audit event.
func TestConcurrentAcknowledgements(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newAckFixture(t, s, "acme")
		camp, err := s.CreateCampaign(ctx, f.admin, aims.Campaign{Title: "Read it", DocumentID: f.doc.ID, DocVersion: 1,
			DueDate: day(t, "2026-12-31"), StaffIDs: []int64{f.anna.ID, f.ben.ID}})
		if err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, s, f.org.ID)
		anna := f.principalOf(aims.RoleManager)
		ok, errs := race(8, func(i int) error {
			_, err := s.Acknowledge(ctx, anna, camp.ID, aims.AckInput{}, false)
			return err
		})
		if ok != 8 {
			t.Errorf("%d of 8 acknowledgements succeeded, want all (idempotent): %v", ok, errs)
		}
		if n := auditCount(t, s, f.org.ID); n != before+1 {
			t.Errorf("8 concurrent acknowledgements wrote %d audit events, want 1", n-before)
		}
		got, _ := s.Campaign(ctx, f.org.ID, camp.ID)
		if got.Acknowledged != 1 {
			t.Errorf("acknowledged = %d, want 1", got.Acknowledged)
		}
	})
}
