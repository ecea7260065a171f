package sqlstore

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

func TestGapEntries(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p"})
		// Never assessed: not started, version 0.
		e, err := s.GapEntry(ctx, a.org.ID, "A.4.2")
		if err != nil || e.Status != aims.GapNotStarted || e.Version != 0 || e.ID != "A.4.2" {
			t.Fatalf("unassessed = %+v, %v", e, err)
		}
		e.Status, e.OwnerID, e.Notes = aims.GapPartial, a.users[aims.RoleManager], "Inventory started."
		e.Links = []aims.GapLink{{AISystemID: sys.ID}, {Title: "Register", URL: "https://intranet.example/register"}}
		saved, err := s.UpdateGapEntry(ctx, a.principalOf(aims.RoleContributor), e)
		if err != nil {
			t.Fatalf("first assessment: %v", err)
		}
		if saved.Version != 1 || saved.OwnerName != "The manager" || saved.UpdatedBy != "contributor@acme.test" {
			t.Errorf("saved = %+v", saved)
		}
		got, _ := s.GapEntry(ctx, a.org.ID, "A.4.2")
		wantLinks := []aims.GapLink{{AISystemID: sys.ID, AISystemRef: "AIS-1", Title: "Credit scoring"},
			{Title: "Register", URL: "https://intranet.example/register"}}
		if diff := cmp.Diff(wantLinks, got.Links); diff != "" || got.Version != 1 || got.Notes != "Inventory started." {
			t.Errorf("read back: version %d, notes %q, links (-want +got):\n%s", got.Version, got.Notes, diff)
		}
		if ids, _ := s.GapRequirementsFor(ctx, a.org.ID, sys.ID); !cmp.Equal(ids, []string{"A.4.2"}) {
			t.Errorf("requirements for the system = %v", ids)
		}
		// A stale version is refused and writes nothing, even when it
		// would change nothing.
		events := auditCount(t, s, a.org.ID)
		stale := e
		stale.Status = aims.GapImplemented
		if _, err := s.UpdateGapEntry(ctx, a.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale (version 0) = %v, want ErrConflict", err)
		}
		same := got
		same.Version = 7
		if _, err := s.UpdateGapEntry(ctx, a.admin, same); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("no change at a wrong version = %v, want ErrConflict", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events {
			t.Errorf("refused writes recorded %d events", n-events)
		}
		// An edit at the right version changes it; an edit that changes
		// nothing writes nothing.
		got.Status = aims.GapImplemented
		if saved, err = s.UpdateGapEntry(ctx, a.admin, got); err != nil || saved.Version != 2 {
			t.Fatalf("update = %+v, %v", saved, err)
		}
		if _, err := s.UpdateGapEntry(ctx, a.admin, saved); err != nil || auditCount(t, s, a.org.ID) != events+1 {
			t.Errorf("no-op update: %v, %d events", err, auditCount(t, s, a.org.ID)-events)
		}
		// Rules: clauses cannot be excluded; owners and linked systems come
		// from the organization.
		var ve *aims.ValidationError
		for name, bad := range map[string]aims.GapEntry{
			"clause not applicable": {RequirementID: "4.3", Status: aims.GapNotApplicable, Justification: "no"},
			"foreign owner":         {RequirementID: "4.3", Status: aims.GapPlanned, OwnerID: b.admin.UserID},
			"unknown system":        {RequirementID: "4.3", Status: aims.GapPlanned, Links: []aims.GapLink{{AISystemID: 999999}}},
		} {
			if _, err := s.UpdateGapEntry(ctx, a.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: %v, want a validation error", name, err)
			}
		}
		// The other organization sees none of it.
		if entries, _ := s.GapEntries(ctx, b.org.ID); len(entries) != 0 {
			t.Errorf("globex sees %d entries", len(entries))
		}
		if ids, _ := s.GapRequirementsFor(ctx, b.org.ID, sys.ID); len(ids) != 0 {
			t.Errorf("globex sees links of acme's system: %v", ids)
		}
		if n := auditCount(t, s, a.org.ID); n != events+1 {
			t.Errorf("refused entries wrote %d events", n-events-1)
		}
	})
}
