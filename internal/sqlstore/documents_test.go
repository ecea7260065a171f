package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"aims/internal/aims"
)

// versionState reads a version's state and text straight from the table.
func versionState(t *testing.T, s *Store, orgID, docID int64, number int) (aims.DocState, string) {
	t.Helper()
	v, err := s.DocumentVersion(context.Background(), orgID, docID, number)
	if err != nil {
		t.Fatalf("version %d: %v", number, err)
	}
	return v.State, v.Content
}

func TestDocumentWorkflow(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		manager := a.principalOf(aims.RoleManager)
		doc, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "AI policy", Kind: aims.KindAIPolicy,
			OwnerID: a.users[aims.RoleAdmin]}, Template: true, Commitments: []string{"purpose"}})
		if err != nil || doc.Ref != "DOC-1" || doc.State != aims.StateDraft || doc.CurrentNumber != 1 || doc.Origin != aims.OriginInternal {
			t.Fatalf("create = %+v, %v", doc, err)
		}
		v1, err := s.DocumentVersion(ctx, a.org.ID, doc.ID, 1)
		if err != nil || !strings.Contains(v1.Content, "# AI policy") || v1.Version != 1 {
			t.Fatalf("first draft = %+v, %v", v1, err)
		}
		// Edit the draft at its version; a stale version is refused.
		v1, err = s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 1, Content: "# AI policy\n\nWe commit.", ChangeSummary: "First issue.",
			Commitments: []string{"purpose", "objectives"}})
		if err != nil || v1.Version != 2 {
			t.Fatalf("edit = %+v, %v", v1, err)
		}
		same, err := s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 2, Content: "# AI policy\n\nWe commit.", ChangeSummary: "First issue.",
			Commitments: []string{"purpose", "objectives"}})
		if err != nil || same.Version != 2 {
			t.Errorf("an edit that changes nothing = version %d, %v; want 2, written nothing", same.Version, err)
		}
		if _, err := s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 1, Content: "stale"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit = %v, want conflict", err)
		}
		// Approving a draft is refused: it is not in review.
		if _, err := s.ApproveDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 2}); !errors.As(err, new(*aims.StateError)) {
			t.Errorf("approve a draft = %v, want a state error", err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 3, Content: "late"}); !errors.As(err, new(*aims.StateError)) {
			t.Errorf("edit in review = %v, want a state error", err)
		}
		// An AI policy that does not cover every commitment is not approved.
		if _, err := s.ApproveDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 3}); !isField(err, "commitments") {
			t.Errorf("approve with missing commitments = %v, want a commitments error", err)
		}
		if _, err := s.ReturnDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 3}); !isField(err, "note") {
			t.Errorf("return without a note = %v", err)
		}
		if _, err := s.ReturnDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 3, Note: "Cover every commitment."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 4, Content: "# AI policy\n\nWe commit to all.",
			ChangeSummary: "First issue.", Commitments: aims.CommitmentKeys()}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 5}); err != nil {
			t.Fatal(err)
		}
		// The admin holds no designation to top management: refused, and
		// nothing changed.
		events := auditCount(t, s, a.org.ID)
		if _, err := s.ApproveDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 6}); !isField(err, "approver") {
			t.Errorf("approval by a non-designated admin = %v, want an approver error", err)
		}
		if st, _ := versionState(t, s, a.org.ID, doc.ID, 1); st != aims.StateInReview || auditCount(t, s, a.org.ID) != events {
			t.Errorf("refused approval changed something: state %s", st)
		}
		ceo, err := s.CreateDesignation(ctx, a.admin, aims.Designation{UserID: a.users[aims.RoleManager], Body: aims.BodyTop,
			Position: "Chief Executive Officer", Basis: "Board resolution", From: mustDate("2026-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.ApproveDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 6})
		if err != nil || v.State != aims.StateApproved || v.ApproverName != "The manager" || v.DesignationRef != ceo.Ref ||
			v.DesignationPosition != "Chief Executive Officer" || v.ApprovedAt == nil {
			t.Fatalf("approval by the CEO = %+v, %v", v, err)
		}
		got, _ := s.Document(ctx, a.org.ID, doc.ID)
		if got.State != aims.StateApproved || got.ApprovedNumber != 1 || got.ApprovedOn.String() != "2026-11-27" || got.NextReview.String() != "2027-11-27" {
			t.Errorf("document after approval = %+v", got)
		}
		// Approved text is frozen, in SQL, whatever the code above does.
		for _, q := range []string{
			`UPDATE document_versions SET content = 'rewritten' WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET change_summary = 'rewritten' WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET state = 'draft' WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET approver_name = 'Someone else' WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET designation_ref = 'MGT-99', designation_position = 'Chairman' WHERE document_id = $1 AND number = 1`,
			`DELETE FROM document_versions WHERE document_id = $1 AND number = 1`,
		} {
			if _, err := s.exec(ctx, s.w, q, doc.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
				t.Errorf("%s = %v, want the trigger's refusal", q, err)
			}
		}
		if _, content := versionState(t, s, a.org.ID, doc.ID, 1); content != "# AI policy\n\nWe commit to all." {
			t.Errorf("frozen content changed: %q", content)
		}
		// The kind of an approved document stays: an approval was given for it.
		changed := got
		changed.Kind = aims.KindPlan
		if _, err := s.UpdateDocument(ctx, a.admin, changed); !isField(err, "kind") {
			t.Errorf("kind change after approval = %v, want a kind error", err)
		}
		changed = got
		changed.Title, changed.RelatedPolicies = "AI policy of Acme", "Fits the security policy."
		if got, err = s.UpdateDocument(ctx, a.admin, changed); err != nil || got.Version != changed.Version+1 {
			t.Fatalf("edit of the document's fields = %+v, %v", got, err)
		}
		if _, err := s.UpdateDocument(ctx, a.admin, changed); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale document edit = %v", err)
		}
		// A new version copies the approved text; only one open version.
		v2, err := s.NewDocumentVersion(ctx, a.admin, doc.ID, got.Version)
		if err != nil || v2.Number != 2 || v2.Content != "# AI policy\n\nWe commit to all." || len(v2.Commitments) != len(aims.PolicyCommitments) {
			t.Fatalf("new version = %+v, %v", v2, err)
		}
		got, _ = s.Document(ctx, a.org.ID, doc.ID)
		if _, err := s.NewDocumentVersion(ctx, a.admin, doc.ID, got.Version); !errors.As(err, new(*aims.StateError)) {
			t.Errorf("a second open version = %v, want a state error", err)
		}
		if _, err := s.exec(ctx, s.w, `INSERT INTO document_versions (org_id, document_id, number, version, state, content,
			change_summary, commitments, created_at, updated_at, return_note, approver_name, designation_ref, designation_position,
			designation_body) VALUES ($1, $2, 9, 1, 'draft', '', '', '', $3, $3, '', '', '', '', '')`, a.org.ID, doc.ID, s.timestamp()); !uniqueViolation(err) {
			t.Errorf("raw second draft = %v, want a unique violation", err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		c.advance(24 * 3600 * 1e9)
		if _, err := s.ApproveDocument(ctx, manager, doc.ID, aims.DocumentStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		if st, _ := versionState(t, s, a.org.ID, doc.ID, 1); st != aims.StateSuperseded {
			t.Errorf("version 1 is %s after version 2's approval, want superseded", st)
		}
		got, _ = s.Document(ctx, a.org.ID, doc.ID)
		if got.ApprovedNumber != 2 || got.ApprovedOn.String() != "2026-11-28" {
			t.Errorf("document after second approval = %+v", got)
		}
		versions, err := s.DocumentVersions(ctx, a.org.ID, doc.ID)
		if err != nil || len(versions) != 2 || versions[0].Number != 2 || versions[0].Content != "" {
			t.Errorf("versions = %+v, %v", versions, err)
		}

		// Another organization's IDs are not found, and change nothing.
		bp := b.admin
		if _, err := s.Document(ctx, b.org.ID, doc.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("foreign read = %v", err)
		}
		if _, err := s.DocumentVersion(ctx, b.org.ID, doc.ID, 1); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("foreign version read = %v", err)
		}
		for name, call := range map[string]func() error{
			"edit":    func() error { _, err := s.EditDraft(ctx, bp, doc.ID, aims.DraftEdit{Version: 1}); return err },
			"submit":  func() error { _, err := s.SubmitDocument(ctx, bp, doc.ID, aims.DocumentStep{Version: 1}); return err },
			"approve": func() error { _, err := s.ApproveDocument(ctx, bp, doc.ID, aims.DocumentStep{Version: 1}); return err },
			"new":     func() error { _, err := s.NewDocumentVersion(ctx, bp, doc.ID, got.Version); return err },
			"update": func() error {
				_, err := s.UpdateDocument(ctx, bp, aims.Document{ID: doc.ID, Title: "x", Kind: aims.KindPlan, Version: got.Version})
				return err
			},
			"archive": func() error { _, err := s.SetDocumentArchived(ctx, bp, doc.ID, 0, true); return err },
		} {
			if err := call(); !errors.Is(err, aims.ErrNotFound) {
				t.Errorf("foreign %s = %v, want not found", name, err)
			}
		}
		// An owner from another organization is refused.
		if _, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "x", Kind: aims.KindPlan,
			OwnerID: b.users[aims.RoleAdmin]}}); !isField(err, "owner_id") {
			t.Errorf("foreign owner = %v", err)
		}
	})
}

func TestDocumentValidationAndList(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		for _, bad := range []struct {
			in    aims.NewDocument
			field string
		}{
			{aims.NewDocument{Document: aims.Document{Kind: aims.KindPlan}}, "title"},
			{aims.NewDocument{Document: aims.Document{Title: "x", Kind: "manifesto"}}, "kind"},
			{aims.NewDocument{Document: aims.Document{Title: "x", Kind: aims.KindExternal}}, "issuer"},
			{aims.NewDocument{Document: aims.Document{Title: "x", Kind: aims.KindPlan}, Content: strings.Repeat("x", 200_001)}, "content"},
			{aims.NewDocument{Document: aims.Document{Title: "x", Kind: aims.KindPlan, ReviewIntervalMonths: 99}}, "review_interval_months"},
			{aims.NewDocument{Document: aims.Document{Title: "x", Kind: aims.KindAIPolicy}, Commitments: []string{"world-peace"}}, "commitments"},
		} {
			if _, err := s.CreateDocument(ctx, a.admin, bad.in); !isField(err, bad.field) {
				t.Errorf("create %+v = %v, want a %s error", bad.in.Document, err, bad.field)
			}
		}
		if n := auditCount(t, s, a.org.ID); n != auditCount(t, s, a.org.ID) {
			t.Fatal("unstable")
		}
		kinds := []aims.DocKind{aims.KindRiskAssessment, aims.KindImpactAssessment, aims.KindAuditProgramme, aims.KindPlan}
		for i := range 12 {
			in := aims.NewDocument{Document: aims.Document{Title: fmt.Sprintf("Procedure %02d", i), Kind: kinds[i%len(kinds)]}, Content: "Text."}
			if i == 11 {
				in.Document = aims.Document{Title: "Model card of the LLM", Kind: aims.KindExternal, Issuer: "Mistral AI", ExternalRef: "card v3"}
			}
			if _, err := s.CreateDocument(ctx, a.admin, in); err != nil {
				t.Fatal(err)
			}
		}
		page, err := s.Documents(ctx, a.org.ID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 5, Offset: 5, Sort: "ref"}})
		if err != nil || page.Total != 12 || len(page.Items) != 5 || page.Items[0].Ref != "DOC-6" {
			t.Fatalf("page = %d items of %d, %v", len(page.Items), page.Total, err)
		}
		for q, want := range map[string]int{"mistral": 1, "procedure": 11, "impact assessment": 3, "doc 12": 1, "zzz": 0} {
			page, err := s.Documents(ctx, a.org.ID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50, Q: q}})
			if err != nil || page.Total != want {
				t.Errorf("search %q = %d, %v; want %d", q, page.Total, err, want)
			}
		}
		page, _ = s.Documents(ctx, a.org.ID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50}, Origin: aims.OriginExternal})
		if page.Total != 1 || page.Items[0].Issuer != "Mistral AI" {
			t.Errorf("external filter = %+v", page)
		}
		page, _ = s.Documents(ctx, a.org.ID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50}, Kind: aims.KindAuditProgramme, State: aims.StateDraft})
		if page.Total != 3 {
			t.Errorf("kind and state filter = %d, want 3", page.Total)
		}
		if _, err := s.Documents(ctx, a.org.ID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 50}, State: "lost"}); !isField(err, "state") {
			t.Errorf("unknown state filter = %v", err)
		}
		n := 0
		if err := s.EachDocument(ctx, a.org.ID, aims.DocumentFilter{}, func(aims.Document) error { n++; return nil }); err != nil || n != 12 {
			t.Errorf("each = %d, %v", n, err)
		}
	})
}

// TestConcurrentDocumentSteps: 8 writers holding one version of one draft,
// editing or submitting it at once: exactly one wins. Then 8 writers start
// the next version at once: exactly one draft exists.
func TestConcurrentDocumentSteps(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		doc, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Plan", Kind: aims.KindPlan}, Content: "v"})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			if i%2 == 0 {
				_, err := s.SubmitDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 1})
				return err
			}
			_, err := s.EditDraft(ctx, a.admin, doc.ID, aims.DraftEdit{Version: 1, Content: fmt.Sprint("text ", i)})
			return err
		})
		wantOne(t, "edit or submit one draft", ok, errs)
		d, _ := s.Document(ctx, a.org.ID, doc.ID)
		if d.State == aims.StateDraft {
			if _, err := s.SubmitDocument(ctx, a.admin, doc.ID, aims.DocumentStep{Version: 2}); err != nil {
				t.Fatal(err)
			}
		}
		v, _ := s.DocumentVersion(ctx, a.org.ID, doc.ID, 1)
		ok, errs = race(8, func(i int) error {
			_, err := s.ApproveDocument(ctx, a.principalOf(aims.RoleManager), doc.ID, aims.DocumentStep{Version: v.Version})
			return err
		})
		wantOne(t, "approve one version", ok, errs)
		d, _ = s.Document(ctx, a.org.ID, doc.ID)
		ok, errs = race(8, func(i int) error {
			_, err := s.NewDocumentVersion(ctx, a.admin, doc.ID, d.Version)
			return err
		})
		wantOne(t, "start the next version", ok, errs)
		var open int
		if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM document_versions WHERE document_id = $1 AND state IN ('draft', 'in-review')`,
			doc.ID).Scan(&open); err != nil || open != 1 {
			t.Errorf("open versions = %d, %v; want 1", open, err)
		}
	})
}

// TestDocumentSupport: a document supports its kind's requirement and
// 7.5.1 only once a version is approved; an AI policy supports A.2.3 only
// with its relation to other policies recorded, and A.2.4 only while its
// review is not overdue.
func TestDocumentSupport(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		if _, err := s.CreateDesignation(ctx, a.admin, aims.Designation{UserID: a.users[aims.RoleAdmin], Body: aims.BodyTop,
			Position: "CEO", From: mustDate("2020-01-01")}); err != nil {
			t.Fatal(err)
		}
		approved := func(title string, kind aims.DocKind, related string, months int) aims.Document {
			author := a.principalOf(aims.RoleContributor) // the author never approves
			d, err := s.CreateDocument(ctx, author, aims.NewDocument{Document: aims.Document{Title: title, Kind: kind, RelatedPolicies: related,
				ReviewIntervalMonths: months}, Content: "Text.", Commitments: aims.CommitmentKeys()})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SubmitDocument(ctx, author, d.ID, aims.DocumentStep{Version: 1}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ApproveDocument(ctx, a.admin, d.ID, aims.DocumentStep{Version: 2}); err != nil {
				t.Fatal(err)
			}
			return d
		}
		// Reviewed in time (the next review is years away) and recorded
		// against other policies; and one approved long ago, overdue.
		approved("AI policy", aims.KindAIPolicy, "Fits the security policy.", 60)
		c.t = c.t.AddDate(-3, 0, 0)
		approved("Old AI policy", aims.KindAIPolicy, "", 12)
		c.t = c.t.AddDate(3, 0, 0)
		approved("Audit programme", aims.KindAuditProgramme, "", 12)
		if _, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Scope", Kind: aims.KindScope}, Content: "x"}); err != nil {
			t.Fatal(err)
		}
		counts, err := s.SupportCounts(ctx, a.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for req, want := range map[string]int{"5.2": 2, "A.2.2": 2, "A.2.3": 1, "A.2.4": 1, "9.2.2": 1, "7.5.1": 3, "4.3": 0} {
			if counts[req] != want {
				t.Errorf("%s is supported by %d documents, want %d", req, counts[req], want)
			}
		}
		sup, err := s.Supports(ctx, a.org.ID, "A.2.4", 10)
		if err != nil || len(sup) != 1 || sup[0].Ref != "DOC-1" || sup[0].Register != aims.RegisterDocuments {
			t.Errorf("A.2.4 supports = %+v, %v", sup, err)
		}
	})
}

// TestScopeApprovalNeedsTopManagement: the AIMS scope, like the AI policy,
// is approved only by designated top management; a designation for AI risk
// does not cover it, and one that ended does not either.
func TestScopeApprovalNeedsTopManagement(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		manager, contributor := a.principalOf(aims.RoleManager), a.users[aims.RoleContributor]
		d, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Scope", Kind: aims.KindScope}, Content: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, d.ID, aims.DocumentStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		for _, des := range []aims.Designation{
			{UserID: manager.UserID, Body: aims.BodyAIRisk, Position: "CRO", AcceptUpTo: aims.LimitHigh, From: mustDate("2026-01-01")},
			{UserID: manager.UserID, Body: aims.BodyTop, Position: "Former CEO", From: mustDate("2025-01-01"), Until: mustDate("2026-06-30")},
			{UserID: contributor, Body: aims.BodyTop, Position: "CFO", From: mustDate("2026-01-01")},
		} {
			if _, err := s.CreateDesignation(ctx, a.admin, des); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.ApproveDocument(ctx, manager, d.ID, aims.DocumentStep{Version: 2}); !isField(err, "approver") {
			t.Errorf("approval on an AI risk and an ended designation = %v, want an approver error", err)
		}
		// The CFO holds a current top management designation; the approval
		// rests on it, whatever the route's role.
		v, err := s.ApproveDocument(ctx, a.principalOf(aims.RoleContributor), d.ID, aims.DocumentStep{Version: 2})
		if err != nil || v.DesignationPosition != "CFO" || v.DesignationBody != aims.BodyTop {
			t.Errorf("approval by the CFO = %+v, %v", v, err)
		}
	})
}

// TestNoSelfApproval: the author of a version cannot approve it, and a
// text that keeps a template's placeholders is not approved; neither
// refusal writes anything.
func TestNoSelfApproval(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		d, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Plan", Kind: aims.KindPlan}, Content: "Kept for [years]."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, d.ID, aims.DocumentStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, a.org.ID)
		if _, err := s.ApproveDocument(ctx, a.principalOf(aims.RoleManager), d.ID, aims.DocumentStep{Version: 2}); !isField(err, "content") {
			t.Errorf("approval with a placeholder left = %v, want a content error", err)
		}
		clean, err := s.CreateDocument(ctx, a.admin, aims.NewDocument{Document: aims.Document{Title: "Plan 2", Kind: aims.KindPlan}, Content: "Kept for ten years."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitDocument(ctx, a.admin, clean.ID, aims.DocumentStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		events = auditCount(t, s, a.org.ID)
		if _, err := s.ApproveDocument(ctx, a.admin, clean.ID, aims.DocumentStep{Version: 2}); !isField(err, "approver") {
			t.Errorf("self-approval = %v, want an approver error", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events {
			t.Errorf("refused approvals recorded %d events", n-events)
		}
	})
}

// TestEditorDoesNotApprove: a manager who rewrote and submitted someone
// else's draft cannot approve it.
func TestEditorDoesNotApprove(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		mgr := a.principalOf(aims.RoleManager)
		d, err := s.CreateDocument(ctx, a.principalOf(aims.RoleContributor), aims.NewDocument{Document: aims.Document{Title: "Plan", Kind: aims.KindPlan}, Content: "Draft."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditDraft(ctx, mgr, d.ID, aims.DraftEdit{Version: 1, Content: "The manager's own text."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitDocument(ctx, mgr, d.ID, aims.DocumentStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveDocument(ctx, mgr, d.ID, aims.DocumentStep{Version: 3}); !isField(err, "approver") {
			t.Errorf("approval by the editor = %v, want an approver error", err)
		}
		if _, err := s.ApproveDocument(ctx, a.admin, d.ID, aims.DocumentStep{Version: 3}); err != nil {
			t.Errorf("approval by another person = %v", err)
		}
	})
}
