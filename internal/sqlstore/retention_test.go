package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestRetentionAndDisposal: a superseded version is disposed of only once
// its kind's retention has run out and the document is not on legal hold;
// its text goes, its record and the trail's event stay; an approved
// version never loses its text, even through raw SQL.
func TestRetentionAndDisposal(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		author, approver := a.principalOf(aims.RoleContributor), a.principalOf(aims.RoleManager)
		d, err := s.CreateDocument(ctx, author, aims.NewDocument{Document: aims.Document{Title: "Plan", Kind: aims.KindPlan}, Content: "First text."})
		if err != nil {
			t.Fatal(err)
		}
		approve := func(ver int) {
			t.Helper()
			if _, err := s.SubmitDocument(ctx, author, d.ID, aims.DocumentStep{Version: ver}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ApproveDocument(ctx, approver, d.ID, aims.DocumentStep{Version: ver + 1}); err != nil {
				t.Fatal(err)
			}
		}
		approve(1)
		d, _ = s.Document(ctx, a.org.ID, d.ID)
		if _, err := s.NewDocumentVersion(ctx, author, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		v2, _ := s.DocumentVersion(ctx, a.org.ID, d.ID, 2)
		if _, err := s.EditDraft(ctx, author, d.ID, aims.DraftEdit{Version: v2.Version, Content: "Second text.", ChangeSummary: "v2"}); err != nil {
			t.Fatal(err)
		}
		approve(v2.Version + 1)

		// No rule: kept for ever.
		if _, err := s.DisposeVersion(ctx, a.admin, d.ID, 1); !isField(err, "retention") {
			t.Errorf("disposal without a rule = %v", err)
		}
		if err := s.SetRetention(ctx, a.admin, aims.RetentionRule{Kind: aims.KindPlan, Months: 12}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DisposeVersion(ctx, a.admin, d.ID, 1); !isField(err, "retention") {
			t.Errorf("disposal before the retention ran out = %v", err)
		}
		c.advance(366 * 24 * time.Hour)
		d, _ = s.Document(ctx, a.org.ID, d.ID)
		held, err := s.SetLegalHold(ctx, a.admin, d.ID, d.Version, "Customer complaint before the ombudsman, case 2027-14")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DisposeVersion(ctx, a.admin, d.ID, 1); !isField(err, "legal_hold") {
			t.Errorf("disposal under legal hold = %v", err)
		}
		if _, err := s.SetLegalHold(ctx, a.admin, d.ID, held.Version, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DisposeVersion(ctx, a.admin, d.ID, 2); !isField(err, "state") {
			t.Errorf("disposal of the approved version = %v", err)
		}
		got, err := s.DisposeVersion(ctx, a.admin, d.ID, 1)
		if err != nil || got.DisposedAt == nil || got.Content != "" {
			t.Fatalf("disposal = %+v, %v", got, err)
		}
		v1, _ := s.DocumentVersion(ctx, a.org.ID, d.ID, 1)
		if v1.Content != "" || v1.DisposedBy != "The admin" || v1.ApproverName != "The manager" || v1.State != aims.StateSuperseded {
			t.Errorf("after disposal the version reads %+v", v1)
		}
		h, _ := s.History(ctx, a.org.ID, aims.RegisterDocuments, strconv.FormatInt(d.ID, 10))
		if last := h[len(h)-1]; last.Action != aims.ActionDispose {
			t.Errorf("last event = %s, want dispose", last.Action)
		}
		// The database keeps the exception narrow: a disposed version stays
		// disposed, and the approved one keeps its text.
		for _, q := range []string{
			`UPDATE document_versions SET content = 'back' WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET disposed_at = NULL WHERE document_id = $1 AND number = 1`,
			`UPDATE document_versions SET content = '', disposed_at = '2030-01-01', disposed_by = 'x' WHERE document_id = $1 AND number = 2`,
		} {
			if _, err := s.exec(ctx, s.w, q, d.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
				t.Errorf("%s = %v, want the trigger's refusal", q, err)
			}
		}
		if err := s.SetRetentions(ctx, a.admin, []aims.RetentionRule{{Kind: aims.KindPlan, Months: 6}, {Kind: "poems", Months: 3}}); !isField(err, "kind") {
			t.Errorf("a rule for an unknown kind = %v", err)
		}
		if rules, _ := s.RetentionRules(ctx, a.org.ID); rules[aims.KindPlan] != 12 {
			t.Errorf("a refused batch changed the plan's period to %d", rules[aims.KindPlan])
		}
		if _, err := s.SetLegalHold(ctx, a.admin, d.ID, 1, "stale"); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("a hold at a stale version = %v", err)
		}
	})
}
