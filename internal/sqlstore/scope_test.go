package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestScopeStatement: the first write, an update, a stale version, the
// refusals (an exclusion without a reason, another organization's AI
// system, document, issue, obligation or party) that write nothing, and
// the 4.3 supporter, which needs boundaries, a reason for every
// out-of-scope live AI system and an approved scope document.
func TestScopeStatement(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p", InScope: true}); err != nil {
			t.Fatal(err)
		}
		out, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Image generator", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		issue, _ := s.CreateContextIssue(ctx, f.admin, aims.ContextIssue{Title: "Rates", Origin: aims.IssueExternal, Category: aims.IssueEconomic})
		obl, _ := s.CreateObligation(ctx, f.admin, aims.Obligation{Title: "CCD", Kind: aims.KindLegal})
		party, _ := s.CreateParty(ctx, f.admin, aims.Party{Name: "Borrowers"})
		doc, err := s.CreateDocument(ctx, f.admin, aims.NewDocument{Document: aims.Document{Title: "Scope of the AIMS", Kind: aims.KindScope}, Content: "x"})
		if err != nil {
			t.Fatal(err)
		}
		theirSys, _ := s.CreateAISystem(ctx, g.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		theirDoc, _ := s.CreateDocument(ctx, g.admin, aims.NewDocument{Document: aims.Document{Title: "Theirs", Kind: aims.KindScope}, Content: "x"})
		theirIssue, _ := s.CreateContextIssue(ctx, g.admin, aims.ContextIssue{Title: "Theirs", Origin: aims.IssueExternal, Category: aims.IssueEconomic})
		theirObl, _ := s.CreateObligation(ctx, g.admin, aims.Obligation{Title: "Theirs", Kind: aims.KindLegal})
		theirParty, _ := s.CreateParty(ctx, g.admin, aims.Party{Name: "Theirs"})

		supports := func() int {
			t.Helper()
			sup, err := s.Supports(ctx, f.org.ID, "4.3", 10)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range sup {
				if x.Register == aims.RegisterScope {
					n++
				}
			}
			return n
		}

		st, err := s.ScopeStatement(ctx, f.org.ID)
		if err != nil || st.Version != 0 || st.Units == nil || st.Issues == nil {
			t.Fatalf("unwritten scope = %+v, %v", st, err)
		}
		first := aims.ScopeStatement{Boundaries: "Consumer lending.", DocumentID: doc.ID,
			Units:  []aims.ScopeUnit{{Name: "Lending", InScope: true, Interfaces: "Marketing gets scores."}, {Name: "Marketing", Reason: "Later."}},
			Sites:  []aims.ScopeSite{{Name: "Frankfurt", InScope: true}},
			Issues: []aims.Link{{ID: issue.ID}}, Obligations: []aims.Link{{ID: obl.ID}}, Parties: []aims.Link{{ID: party.ID}}}
		st, err = s.UpdateScopeStatement(ctx, f.admin, first)
		if err != nil || st.Version != 1 || st.Document == nil || st.Document.Ref != doc.Ref || len(st.Units) != 2 ||
			st.Units[1].Reason != "Later." || st.Issues[0].Ref != issue.Ref || st.Parties[0].Name != "Borrowers" {
			t.Fatalf("first write = %+v, %v", st, err)
		}
		if n := supports(); n != 0 {
			t.Errorf("scope supports 4.3 with an unexplained exclusion and no approved document: %d", n)
		}
		// A second first writer finds the statement there.
		if _, err := s.UpdateScopeStatement(ctx, f.admin, aims.ScopeStatement{Boundaries: "Other."}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("second first write = %v, want conflict", err)
		}
		events := auditCount(t, s, f.org.ID)
		refused := map[string]aims.ScopeStatement{
			"exclusions":  {Version: 1, Exclusions: []aims.ScopeExclusion{{AISystemID: out.ID, Reason: " "}}},
			"units":       {Version: 1, Units: []aims.ScopeUnit{{Name: "Marketing"}}},
			"sites":       {Version: 1, Sites: []aims.ScopeSite{{Name: "Lisbon"}}},
			"document_id": {Version: 1, DocumentID: theirDoc.ID},
			"issues":      {Version: 1, Issues: []aims.Link{{ID: theirIssue.ID}}},
			"obligations": {Version: 1, Obligations: []aims.Link{{ID: theirObl.ID}}},
			"parties":     {Version: 1, Parties: []aims.Link{{ID: theirParty.ID}}},
		}
		for field, bad := range refused {
			if _, err := s.UpdateScopeStatement(ctx, f.admin, bad); !isField(err, field) {
				t.Errorf("%s: %v, want a field error", field, err)
			}
		}
		if _, err := s.UpdateScopeStatement(ctx, f.admin, aims.ScopeStatement{Version: 1,
			Exclusions: []aims.ScopeExclusion{{AISystemID: theirSys.ID, Reason: "r"}}}); !isField(err, "exclusions") {
			t.Errorf("another organization's AI system: %v", err)
		}
		if _, err := s.UpdateScopeStatement(ctx, f.admin, aims.ScopeStatement{Version: 7, Boundaries: "b"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale write = %v, want conflict", err)
		}
		if got, _ := s.ScopeStatement(ctx, f.org.ID); got.Version != 1 || len(got.Units) != 2 || len(got.Issues) != 1 || auditCount(t, s, f.org.ID) != events {
			t.Errorf("refused writes changed the statement: %+v", got)
		}
		// The update replaces the lists; the audit diff shows them.
		next := first
		next.Version = 1
		next.Exclusions = []aims.ScopeExclusion{{AISystemID: out.ID, Reason: "Marketing is outside the 2026 scope."}}
		next.Sites = append(next.Sites, aims.ScopeSite{Name: "Lisbon", Reason: "Nearshore centre, 2027."})
		next.Issues = nil
		st, err = s.UpdateScopeStatement(ctx, f.admin, next)
		if err != nil || st.Version != 2 || len(st.Exclusions) != 1 || st.Exclusions[0].Ref != out.Ref || len(st.Sites) != 2 || len(st.Issues) != 0 {
			t.Fatalf("update = %+v, %v", st, err)
		}
		h, err := s.History(ctx, f.org.ID, aims.RegisterScope, fmt.Sprint(f.org.ID))
		if err != nil || len(h) != 2 {
			t.Fatalf("history = %d events, %v", len(h), err)
		}
		fields := map[string]bool{}
		for _, ch := range h[1].Changes {
			fields[ch.Field] = true
		}
		if !fields["exclusions"] || !fields["sites"] || !fields["issues"] || fields["units"] {
			t.Errorf("update's diff names %v", fields)
		}
		if n := supports(); n != 0 {
			t.Errorf("scope supports 4.3 before its document is approved")
		}
		// Approved by top management, the scope supports 4.3.
		if _, err := s.SubmitDocument(ctx, f.admin, doc.ID, aims.DocumentStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateDesignation(ctx, f.admin, aims.Designation{UserID: f.users[aims.RoleManager], Body: aims.BodyTop,
			Position: "Chief Executive Officer", Basis: "Board resolution", From: mustDate("2026-01-01")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveDocument(ctx, f.principalOf(aims.RoleManager), doc.ID, aims.DocumentStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		if n := supports(); n != 1 {
			t.Errorf("approved scope supports 4.3 %d times, want 1", n)
		}
		// A new AI system out of scope without a reason withdraws it.
		if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chatbot", Purpose: "p"}); err != nil {
			t.Fatal(err)
		}
		if n := supports(); n != 0 {
			t.Errorf("scope supports 4.3 with an unexplained out-of-scope system")
		}
	})
}

// TestConcurrentScopeWrites: 8 first writers of the scope statement, then
// 8 writers holding version 1: exactly one wins each time.
func TestConcurrentScopeWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for _, version := range []int{0, 1} {
			events := auditCount(t, s, f.org.ID)
			ok, errs := race(8, func(i int) error {
				_, err := s.UpdateScopeStatement(ctx, f.admin, aims.ScopeStatement{Version: version, Boundaries: fmt.Sprint("b", version, i),
					Sites: []aims.ScopeSite{{Name: fmt.Sprint("site ", i), InScope: true}}})
				return err
			})
			wantOne(t, fmt.Sprint("scope write at version ", version), ok, errs)
			if n := auditCount(t, s, f.org.ID); n != events+1 {
				t.Errorf("version %d: %d audit events written, want 1", version, n-events)
			}
			if st, _ := s.ScopeStatement(ctx, f.org.ID); st.Version != version+1 || len(st.Sites) != 1 {
				t.Errorf("after the race at version %d: %+v", version, st)
			}
		}
	})
}
