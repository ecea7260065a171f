package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
)

// annexA is the catalog's 38 Annex A controls, as the web layer gives them.
func annexA(t testing.TB) []aims.SoAControl {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var out []aims.SoAControl
	for _, r := range cat.Assessable(catalog.ISO42001) {
		if strings.HasPrefix(r.ID, "A.") {
			out = append(out, aims.SoAControl{Ref: r.ID, Title: r.Title})
		}
	}
	if len(out) != 38 {
		t.Fatalf("catalog has %d Annex A controls, want 38", len(out))
	}
	return out
}

// designate makes a member top management from today, so they may approve.
func designate(t *testing.T, s *Store, f fixture, userID int64, today time.Time) aims.Designation {
	t.Helper()
	d, err := s.CreateDesignation(context.Background(), f.admin, aims.Designation{UserID: userID, Body: aims.BodyTop,
		Position: "Chief Executive Officer", From: aims.DateOf(today)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// includeAll gives every Annex A control a reason and a justification, so
// the SoA can be approved.
func includeAll(t *testing.T, s *Store, f fixture, controls []aims.SoAControl) {
	t.Helper()
	for _, c := range controls {
		if _, err := s.UpdateSoARow(context.Background(), f.admin, controls, aims.SoAEdit{Ref: c.Ref, Applicable: true,
			Reason: aims.ReasonGoodPractice, Justification: "Part of the AIMS baseline.", Status: aims.GapPlanned}); err != nil {
			t.Fatalf("include %s: %v", c.Ref, err)
		}
	}
}

func TestCustomControlLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		in := aims.CustomControl{Title: " Adverse-action reason codes ", Objective: "Every declined applicant gets the main reasons.",
			Supplements: []string{"A.8.2", "A.6.2.10", "A.6.2.4", "A.8.2"}, OwnerID: f.users[aims.RoleManager],
			Applicable: true, Reason: aims.ReasonObligation, Justification: "Consumer credit law requires reasons.", Status: aims.GapPartial}
		cc, err := s.CreateCustomControl(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		if cc.Ref != "CC-1" || cc.Title != "Adverse-action reason codes" || cc.OwnerName != "The manager" ||
			strings.Join(cc.Supplements, " ") != "A.6.2.4 A.6.2.10 A.8.2" {
			t.Errorf("created = %+v", cc)
		}
		got, err := s.CustomControl(ctx, f.org.ID, cc.ID)
		if err != nil || len(got.Supplements) != 3 || got.Reason != aims.ReasonObligation {
			t.Fatalf("read = %+v, %v", got, err)
		}
		edit := got
		edit.Applicable, edit.Justification, edit.Supplements = false, "Superseded by CC-2.", []string{"A.8.2"}
		c.advance(time.Hour)
		up, err := s.UpdateCustomControl(ctx, f.admin, edit)
		if err != nil || up.Version != 2 || up.Reason != aims.ReasonNotNeeded || up.Status != aims.GapNotApplicable {
			t.Fatalf("update = %+v, %v", up, err)
		}
		if _, err := s.UpdateCustomControl(ctx, f.admin, got); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want conflict", err)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterCustomControls, strconv.FormatInt(cc.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		var fields []string
		for _, ch := range hist[len(hist)-1].Changes {
			fields = append(fields, ch.Field)
		}
		if j := strings.Join(fields, " "); !strings.Contains(j, "supplements") || !strings.Contains(j, "applicable") {
			t.Errorf("update's diff = %s, want supplements and applicable", j)
		}
		page, err := s.CustomControls(ctx, f.org.ID, aims.CustomControlFilter{ListParams: aims.ListParams{Limit: 10, Q: "reason codes"}})
		if err != nil || page.Total != 1 || page.Items[0].Supplements[0] != "A.8.2" {
			t.Errorf("search = %+v, %v", page, err)
		}
		if _, err := s.SetCustomControlArchived(ctx, f.admin, cc.ID, up.Version, true); err != nil {
			t.Fatal(err)
		}
		rows, err := s.SoA(ctx, f.org.ID, annexA(t))
		if err != nil || len(rows) != 38 {
			t.Errorf("SoA after archiving the only custom control: %d rows, %v", len(rows), err)
		}
		// Bad input: nothing written.
		events := auditCount(t, s, f.org.ID)
		for name, bad := range map[string]aims.CustomControl{
			"no title":            {Applicable: true, Reason: aims.ReasonRisk, Justification: "j"},
			"included, no reason": {Title: "x", Applicable: true, Justification: "j"},
			"excluded, no why":    {Title: "x"},
			"not a control":       {Title: "x", Applicable: true, Reason: aims.ReasonRisk, Justification: "j", Supplements: []string{"7.2"}},
			"another org's owner": {Title: "x", Applicable: true, Reason: aims.ReasonRisk, Justification: "j", OwnerID: 999999},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateCustomControl(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: %v, want a validation error", name, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused writes recorded %d events", n-events)
		}
	})
}

func TestSoADraftReadsTheGapAnalysis(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		controls := annexA(t)
		// What the gap analysis holds shows in the SoA, not a copy of it.
		if _, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "A.6.2.4", Status: aims.GapPartial,
			Justification: "Validation before each release.", OwnerID: f.users[aims.RoleManager],
			Links: []aims.GapLink{{URL: "https://wiki.example/validation", Title: "Validation plan"}}}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.SoA(ctx, f.org.ID, controls)
		if err != nil || len(rows) != 38 {
			t.Fatalf("SoA = %d rows, %v", len(rows), err)
		}
		var r aims.SoARow
		for _, x := range rows {
			if x.Ref == "A.6.2.4" {
				r = x
			}
		}
		if !r.Applicable || r.Status != aims.GapPartial || r.OwnerName != "The manager" || r.Justification != "Validation before each release." ||
			len(r.Evidence) != 1 || r.Evidence[0] != "Validation plan" || r.Reason != "" || r.Version != 1 {
			t.Errorf("row = %+v", r)
		}
		if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "reason") {
			t.Errorf("problems = %v, want the missing reason", p)
		}
		// Editing the SoA row edits the gap entry.
		row, err := s.UpdateSoARow(ctx, f.admin, controls, aims.SoAEdit{Ref: "A.6.2.4", Applicable: true, Reason: aims.ReasonRisk,
			Justification: "Treats model drift.", Status: aims.GapImplemented, OwnerID: f.users[aims.RoleManager], Version: 1})
		if err != nil || row.Reason != aims.ReasonRisk || row.Version != 3 || len(row.Evidence) != 1 {
			t.Fatalf("edit = %+v, %v", row, err)
		}
		g, _ := s.GapEntry(ctx, f.org.ID, "A.6.2.4")
		if g.Status != aims.GapImplemented || g.Justification != "Treats model drift." || len(g.Links) != 1 {
			t.Errorf("gap entry after the SoA edit = %+v", g)
		}
		if h, _ := s.History(ctx, f.org.ID, aims.RegisterSoA, "A.6.2.4"); len(h) != 1 {
			t.Errorf("soa history = %d events, want 1", len(h))
		}
		if h, _ := s.History(ctx, f.org.ID, aims.RegisterGap, "A.6.2.4"); len(h) != 2 {
			t.Errorf("gap history = %d events, want 2", len(h))
		}
		// Stale versions, of either half, are refused and change nothing.
		before := auditCount(t, s, f.org.ID)
		for name, e := range map[string]aims.SoAEdit{
			"stale":           {Ref: "A.6.2.4", Applicable: true, Reason: aims.ReasonContract, Justification: "x", Status: aims.GapPartial, Version: 1},
			"stale, same":     {Ref: "A.6.2.4", Applicable: true, Reason: aims.ReasonRisk, Justification: "Treats model drift.", Status: aims.GapImplemented, OwnerID: f.users[aims.RoleManager], Version: 2},
			"from the future": {Ref: "A.6.2.4", Applicable: true, Reason: aims.ReasonContract, Justification: "x", Status: aims.GapPartial, Version: 4},
		} {
			if _, err := s.UpdateSoARow(ctx, f.admin, controls, e); !errors.Is(err, aims.ErrConflict) {
				t.Errorf("%s: %v, want conflict", name, err)
			}
		}
		// Bad input.
		for name, e := range map[string]aims.SoAEdit{
			"no reason":        {Ref: "A.2.2", Applicable: true, Justification: "x", Status: aims.GapPlanned},
			"no justification": {Ref: "A.2.2", Applicable: true, Reason: aims.ReasonRisk, Status: aims.GapPlanned},
			"excluded, no why": {Ref: "A.2.2"},
			"bad status":       {Ref: "A.2.2", Applicable: true, Reason: aims.ReasonRisk, Justification: "x", Status: "done"},
			"bad reason":       {Ref: "A.2.2", Applicable: true, Reason: "whim", Justification: "x", Status: aims.GapPlanned},
			"foreign owner":    {Ref: "A.2.2", Applicable: true, Reason: aims.ReasonRisk, Justification: "x", Status: aims.GapPlanned, OwnerID: 999999},
		} {
			var ve *aims.ValidationError
			if _, err := s.UpdateSoARow(ctx, f.admin, controls, e); !errors.As(err, &ve) {
				t.Errorf("%s: %v, want a validation error", name, err)
			}
		}
		if _, err := s.UpdateSoARow(ctx, f.admin, controls, aims.SoAEdit{Ref: "A.99.1", Applicable: true, Reason: aims.ReasonRisk,
			Justification: "x", Status: aims.GapPlanned}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("unknown control: %v, want not found", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused edits recorded %d events", n-before)
		}
		// Exclusion: status not applicable in the gap analysis.
		if _, err := s.UpdateSoARow(ctx, f.admin, controls, aims.SoAEdit{Ref: "A.10.4", Justification: "We have no business customers."}); err != nil {
			t.Fatal(err)
		}
		if g, _ := s.GapEntry(ctx, f.org.ID, "A.10.4"); g.Status != aims.GapNotApplicable {
			t.Errorf("excluded control's gap status = %s", g.Status)
		}
	})
}

func TestChosenControlCannotBeExcluded(t *testing.T) {
	chosen := map[string][]string{"A.6.2.4": {"RSK-3"}}
	if err := checkNotExcluded(chosen, "A.6.2.4", false); err == nil || !strings.Contains(err.Error(), "RSK-3") {
		t.Errorf("excluding a chosen control: %v", err)
	}
	if err := checkNotExcluded(chosen, "A.6.2.4", true); err != nil {
		t.Errorf("including a chosen control: %v", err)
	}
	if err := checkNotExcluded(chosen, "A.2.2", false); err != nil {
		t.Errorf("excluding a control nobody chose: %v", err)
	}
	r := aims.SoARow{Justification: "x", Risks: []string{"RSK-3"}}
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "RSK-3") {
		t.Errorf("problems of an excluded chosen control = %v", p)
	}
}

func TestSoAApprovalFreezesVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		controls := annexA(t)
		mgr := f.principalOf(aims.RoleManager)
		// Not designated: refused, nothing written.
		before := auditCount(t, s, f.org.ID)
		var ve *aims.ValidationError
		if _, err := s.ApproveSoA(ctx, mgr, controls, aims.SoAApproval{}); !errors.As(err, &ve) || ve.Fields["approver"] == "" {
			t.Fatalf("approval without designation: %v", err)
		}
		designate(t, s, f, mgr.UserID, c.t)
		// Inconsistent rows: refused.
		if _, err := s.ApproveSoA(ctx, mgr, controls, aims.SoAApproval{}); !errors.As(err, &ve) || !strings.Contains(ve.Fields["rows"], "A.2.2") {
			t.Fatalf("approval of an inconsistent SoA: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before+1 { // the designation
			t.Errorf("refused approvals recorded %d events", n-before-1)
		}
		includeAll(t, s, f, controls)
		cc, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: "Reason codes", Applicable: true,
			Reason: aims.ReasonObligation, Justification: "Credit law.", Status: aims.GapPlanned})
		if err != nil {
			t.Fatal(err)
		}
		v1, err := s.ApproveSoA(ctx, mgr, controls, aims.SoAApproval{Note: "First SoA"})
		if err != nil || v1.Number != 1 || v1.RowCount != 39 || v1.ApproverName != "The manager" || v1.DesignationRef == "" {
			t.Fatalf("v1 = %+v, %v", v1, err)
		}
		// Changes after approval go to the draft, never to v1.
		cc.Status = aims.GapImplemented
		if _, err := s.UpdateCustomControl(ctx, f.admin, cc); err != nil {
			t.Fatal(err)
		}
		c.advance(24 * time.Hour)
		v2, err := s.ApproveSoA(ctx, mgr, controls, aims.SoAApproval{})
		if err != nil || v2.Number != 2 {
			t.Fatalf("v2 = %+v, %v", v2, err)
		}
		got1, err := s.SoAVersion(ctx, f.org.ID, v1.ID)
		if err != nil || len(got1.Rows) != 39 || got1.Rows[38].Status != aims.GapPlanned || got1.Note != "First SoA" {
			t.Fatalf("v1 read back = %+v, %v", got1, err)
		}
		got2, _ := s.SoAVersion(ctx, f.org.ID, v2.ID)
		cmp := aims.CompareSoA(got1.Rows, got2.Rows)
		changed := 0
		for _, x := range cmp {
			if x.Changed() {
				changed++
				if x.Ref != cc.Ref || strings.Join(x.Changes, ",") != "status" {
					t.Errorf("changed row = %s %v", x.Ref, x.Changes)
				}
			}
		}
		if changed != 1 {
			t.Errorf("%d rows changed between v1 and v2, want 1", changed)
		}
		if vs, _ := s.SoAVersions(ctx, f.org.ID); len(vs) != 2 || vs[0].Number != 2 {
			t.Errorf("versions = %+v", vs)
		}
		// Supports 6.1.3: the version in force.
		sup, err := s.Supports(ctx, f.org.ID, "6.1.3", 10)
		if err != nil || len(sup) != 1 || sup[0].Ref != "SoA v2" {
			t.Errorf("6.1.3 supports = %+v, %v", sup, err)
		}
		// Another organization cannot read them.
		g := newFixture(t, s, "globex")
		if _, err := s.SoAVersion(ctx, g.org.ID, v1.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's version: %v", err)
		}
		// Frozen in SQL, whatever the code above does.
		for _, q := range []string{
			`UPDATE soa_versions SET note = 'rewritten' WHERE id = $1`,
			`UPDATE soa_versions SET approver_name = 'Someone else' WHERE id = $1`,
			`DELETE FROM soa_versions WHERE id = $1`,
			`UPDATE soa_version_rows SET justification = 'rewritten' WHERE version_id = $1`,
			`DELETE FROM soa_version_rows WHERE version_id = $1`,
			`INSERT INTO soa_version_rows (org_id, version_id, position, control_ref, kind, title, applicable, reason, justification,
				status, owner_name, risks, evidence) SELECT org_id, id, 999, 'CC-9', 'custom', 'Smuggled', TRUE, 'risk', 'x', 'planned', '', '', ''
				FROM soa_versions WHERE id = $1`,
		} {
			if _, err := s.exec(ctx, s.w, q, v1.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
				t.Errorf("%s = %v, want the trigger's refusal", strings.Fields(q)[0]+" "+strings.Fields(q)[1], err)
			}
		}
		again, _ := s.SoAVersion(ctx, f.org.ID, v1.ID)
		if again.Note != "First SoA" || len(again.Rows) != 39 || again.Rows[0].Justification != got1.Rows[0].Justification {
			t.Errorf("v1 changed: %+v", again)
		}
	})
}

// TestConcurrentSoAApprovals: two approvals at once make versions 1 and 2,
// never two version 1s.
func TestConcurrentSoAApprovals(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		controls := annexA(t)
		mgr := f.principalOf(aims.RoleManager)
		designate(t, s, f, mgr.UserID, c.t)
		designate(t, s, f, f.admin.UserID, c.t)
		includeAll(t, s, f, controls)
		for round := range 3 {
			ok, errs := race(2, func(i int) error {
				p := mgr
				if i == 1 {
					p = f.admin
				}
				_, err := s.ApproveSoA(ctx, p, controls, aims.SoAApproval{})
				return err
			})
			if ok != 2 {
				t.Fatalf("round %d: %d of 2 approvals succeeded: %v", round, ok, errs)
			}
		}
		vs, err := s.SoAVersions(ctx, f.org.ID)
		if err != nil || len(vs) != 6 {
			t.Fatalf("versions = %d, %v", len(vs), err)
		}
		for i, v := range vs {
			if v.Number != 6-i || v.RowCount != 38 {
				t.Errorf("version %d = number %d with %d rows", i, v.Number, v.RowCount)
			}
		}
	})
}

// TestConcurrentSoAWrites: eight writers holding one version of an SoA row
// or of a custom control; exactly one wins, the audit trail has one change.
func TestConcurrentSoAWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		controls := annexA(t)
		for round := range 2 { // the first round creates the gap entry and the reason, the second updates both
			row, err := s.SoARow(ctx, f.org.ID, controls, "A.6.2.4")
			if err != nil {
				t.Fatal(err)
			}
			events := auditCount(t, s, f.org.ID)
			ok, errs := race(8, func(i int) error {
				_, err := s.UpdateSoARow(ctx, f.admin, controls, aims.SoAEdit{Ref: "A.6.2.4", Applicable: true, Reason: aims.SoAIncludeReasons[i%4],
					Justification: fmt.Sprintf("Round %d, writer %d", round, i), Status: aims.GapPartial, Version: row.Version})
				return err
			})
			wantOne(t, fmt.Sprintf("SoA row from version %d", row.Version), ok, errs)
			if n := auditCount(t, s, f.org.ID) - events; n < 1 || n > 2 {
				t.Errorf("SoA row: %d events, want the winner's (gap and reason)", n)
			}
		}
		cc, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: "Reason codes", Applicable: true,
			Reason: aims.ReasonObligation, Justification: "Credit law.", Status: aims.GapPlanned})
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		ok, errs := race(8, func(i int) error {
			edit := cc
			edit.Title = fmt.Sprintf("Reason codes %d", i)
			_, err := s.UpdateCustomControl(ctx, f.admin, edit)
			return err
		})
		wantOne(t, "custom control", ok, errs)
		if n := auditCount(t, s, f.org.ID) - events; n != 1 {
			t.Errorf("custom control: %d events, want 1", n)
		}
	})
}
