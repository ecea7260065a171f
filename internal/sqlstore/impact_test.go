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

// impactDraft is a complete assessment of sys, ready for approval.
func impactDraft(sys int64, assessor int64, next aims.Date) aims.ImpactAssessment {
	a := aims.ImpactAssessment{AISystemID: sys, Title: "Credit scoring impact assessment", AssessorID: assessor, NextReview: next,
		Triggers: []string{"Model retrained", " ", "New market"},
		Items: []aims.ImpactItem{
			{Kind: aims.ImpactHarm, Affects: aims.ImpactIndividuals, Description: "Unfair refusal of credit", Severity: 3, Likelihood: 2, Reversibility: 2, Measures: "Human review of refusals"},
			{Kind: aims.ImpactBenefit, Affects: aims.ImpactGroups, Description: "Faster decisions"},
		},
		Disclosures: []aims.ImpactDisclosure{{What: "Summary of the assessment", Audience: "Applicants", How: "Website"}}}
	a.Scope, a.Description, a.IntendedUses, a.ForeseeableMisuse, a.Monitoring = "Retail lending", "Gradient boosting model", "Score applications", "Automatic refusal", "Monthly fairness report"
	return a
}

func TestImpactAssessmentLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		manager := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleManager], Email: "manager@acme.test", Role: aims.RoleManager}
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		party, err := s.CreateParty(ctx, f.admin, aims.Party{Name: "Loan applicants"})
		if err != nil {
			t.Fatal(err)
		}
		if crit, err := s.ImpactCriteria(ctx, f.org.ID); err != nil || crit.Number != 0 || len(crit.Severity) != 4 {
			t.Fatalf("default criteria = %+v, %v", crit, err)
		}
		next := aims.DateOf(c.t.AddDate(1, 0, 0))
		in := impactDraft(sys.ID, f.users[aims.RoleContributor], next)
		in.Parties = []aims.Link{{ID: party.ID}}
		a, err := s.CreateImpactAssessment(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if a.Ref != "IA-1" || a.State != aims.ImpactDraft || a.CriteriaNumber != 1 || a.Use != aims.UseSensitive ||
			len(a.Triggers) != 2 || a.Parties[0].Name != "Loan applicants" || a.AssessorName != "The contributor" {
			t.Errorf("created = %+v", a)
		}
		got, err := s.ImpactAssessment(ctx, f.org.ID, a.ID)
		if err != nil || len(got.Items) != 2 || got.Items[0].Measures != "Human review of refusals" || len(got.Disclosures) != 1 ||
			got.Parties[0].Ref != "IP-1" || got.AISystemName != "CreditLens" || got.Scope != "Retail lending" {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		// The default criteria were saved as version 1, in the trail.
		if h, _ := s.History(ctx, f.org.ID, aims.RegisterImpactCriteria, strconv.FormatInt(f.org.ID, 10)); len(h) != 1 {
			t.Errorf("criteria history = %d events", len(h))
		}

		// An edit; a stale one is refused.
		edit := got
		edit.Items = append(edit.Items, aims.ImpactItem{Kind: aims.ImpactHarm, Affects: aims.ImpactSociety,
			Description: "Exclusion of thin-file applicants", Severity: 4, Likelihood: 3, Reversibility: 3})
		c.advance(time.Hour)
		upd, err := s.UpdateImpactAssessment(ctx, f.admin, edit)
		if err != nil || upd.Version != 2 || upd.Use != aims.UseRestricted {
			t.Fatalf("update = %+v, %v", upd, err)
		}
		stale := got
		stale.Title = "Overwritten"
		if _, err := s.UpdateImpactAssessment(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		// Bad input: another organization's party, a level off the scale.
		other := newFixture(t, s, "globex")
		foreign, err := s.CreateParty(ctx, other.admin, aims.Party{Name: "Globex party"})
		if err != nil {
			t.Fatal(err)
		}
		bad := upd
		bad.Parties = []aims.Link{{ID: foreign.ID}}
		var ve *aims.ValidationError
		if _, err := s.UpdateImpactAssessment(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields["parties"] == "" {
			t.Errorf("foreign party: %v", err)
		}
		bad = upd
		bad.Items = []aims.ImpactItem{{Kind: aims.ImpactHarm, Affects: aims.ImpactGroups, Description: "x", Severity: 9, Likelihood: 1, Reversibility: 1}}
		if _, err := s.UpdateImpactAssessment(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields["items.0.severity"] == "" {
			t.Errorf("severity off the scale: %v", err)
		}
		foreignSys, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Globex", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(foreignSys.ID, 0, next)); !errors.As(err, &ve) || ve.Fields["ai_system_id"] == "" {
			t.Errorf("foreign system: %v", err)
		}
		if _, err := s.ImpactAssessment(ctx, other.org.ID, a.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from another organization: %v", err)
		}

		// Workflow: submit, return, submit, approve by another person.
		if _, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 2}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("approve a draft: %v", err)
		}
		sub, err := s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 2})
		if err != nil || sub.State != aims.ImpactInReview || sub.Version != 3 {
			t.Fatalf("submit = %+v, %v", sub, err)
		}
		if _, err := s.UpdateImpactAssessment(ctx, f.admin, sub); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("edit in review: %v", err)
		}
		if _, err := s.ReturnImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 3}); !errors.As(err, &ve) {
			t.Errorf("return without a note: %v", err)
		}
		ret, err := s.ReturnImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 3, Note: "Add the society harm's measures"})
		if err != nil || ret.State != aims.ImpactDraft || ret.ReturnNote == "" {
			t.Fatalf("return = %+v, %v", ret, err)
		}
		if _, err := s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 4}); err != nil {
			t.Fatal(err)
		}
		// The author may not approve, nor the assessor.
		if _, err := s.ApproveImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 5}); !errors.As(err, &ve) || ve.Fields["approver"] == "" {
			t.Errorf("self-approval: %v", err)
		}
		assessor := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleContributor], Email: "contributor@acme.test", Role: aims.RoleContributor}
		if _, err := s.ApproveImpactAssessment(ctx, assessor, a.ID, aims.ImpactStep{Version: 5}); !errors.As(err, &ve) || ve.Fields["approver"] == "" {
			t.Errorf("approval by the assessor: %v", err)
		}
		if _, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 4}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale approval: %v", err)
		}
		ok, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 5})
		if err != nil || ok.State != aims.ImpactApproved || ok.ApproverName != "The manager" || ok.ApprovedOn.IsZero() {
			t.Fatalf("approve = %+v, %v", ok, err)
		}
		if _, err := s.UpdateImpactAssessment(ctx, f.admin, ok); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("edit approved: %v", err)
		}
		// It supports 6.1.4, 8.4 and A.5.2-A.5.5, and its review is due work.
		for _, req := range []string{"6.1.4", "8.4", "A.5.2", "A.5.3", "A.5.4", "A.5.5"} {
			if sup, err := s.Supports(ctx, f.org.ID, req, 10); err != nil || len(sup) != 1 {
				t.Errorf("supports %s = %v, %v", req, sup, err)
			}
		}
		due, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: next, Register: aims.RegisterImpactAssessments})
		if err != nil || due.Total != 1 {
			t.Errorf("due = %+v, %v", due, err)
		}

		// A second assessment approved supersedes the first.
		b, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(sys.ID, f.users[aims.RoleContributor], next))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitImpactAssessment(ctx, f.admin, b.ID, aims.ImpactStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveImpactAssessment(ctx, manager, b.ID, aims.ImpactStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		first, _ := s.ImpactAssessment(ctx, f.org.ID, a.ID)
		if first.State != aims.ImpactSuperseded {
			t.Errorf("first after second approval = %s", first.State)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterImpactAssessments, strconv.FormatInt(a.ID, 10))
		if err != nil || len(hist) != 7 {
			t.Errorf("history = %d events, %v", len(hist), err)
		}
		// Archive and restore an approved one: only the flag moves.
		arch, err := s.SetImpactAssessmentArchived(ctx, f.admin, b.ID, 0, true)
		if err != nil || !arch.Archived || arch.State != aims.ImpactApproved {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.SetImpactAssessmentArchived(ctx, f.admin, b.ID, arch.Version, false); err != nil {
			t.Fatal(err)
		}
		page, err := s.ImpactAssessments(ctx, f.org.ID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 10, Q: "credit"}, AISystemID: sys.ID})
		if err != nil || page.Total != 2 {
			t.Errorf("search = %d, %v", page.Total, err)
		}
		page, err = s.ImpactAssessments(ctx, f.org.ID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 10}, State: aims.ImpactApproved})
		if err != nil || page.Total != 1 || page.Items[0].ID != b.ID {
			t.Errorf("approved = %+v, %v", page, err)
		}
	})
}

// TestImpactAssessmentFrozenInSQL: an approved assessment, its impacts
// and disclosures cannot change whatever the code above does; dropping
// the triggers lets the same statements through, so this test is what
// notices a broken trigger.
func TestImpactAssessmentFrozenInSQL(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		manager := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleManager], Email: "manager@acme.test", Role: aims.RoleManager}
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(sys.ID, f.users[aims.RoleContributor], aims.DateOf(c.t.AddDate(1, 0, 0))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: 2}); err != nil {
			t.Fatal(err)
		}
		tampers := []string{
			`UPDATE impact_assessments SET content = '{}' WHERE id = $1`,
			`UPDATE impact_assessments SET state = 'draft' WHERE id = $1`,
			`UPDATE impact_assessments SET next_review = NULL WHERE id = $1`,
			`UPDATE impact_items SET description = 'changed' WHERE assessment_id = $1`,
			`DELETE FROM impact_items WHERE assessment_id = $1`,
			`INSERT INTO impact_disclosures (org_id, assessment_id, position, what, audience, how) SELECT org_id, id, 9, 'w', 'a', 'h' FROM impact_assessments WHERE id = $1`,
		}
		for _, q := range tampers {
			if _, err := s.exec(ctx, s.w, q, a.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
				t.Errorf("%s: %v, want refused as frozen", q, err)
			}
		}
		after, err := s.ImpactAssessment(ctx, f.org.ID, a.ID)
		if err != nil || after.Scope != "Retail lending" || len(after.Items) != 2 || len(after.Disclosures) != 1 || after.State != aims.ImpactApproved {
			t.Errorf("frozen assessment changed: %+v, %v", after, err)
		}
		// Without the triggers the same statements go through.
		drops := []string{`DROP TRIGGER impact_assessments_frozen`, `DROP TRIGGER impact_items_frozen_update`}
		if s.dialect == Postgres {
			drops = []string{`DROP TRIGGER impact_assessments_frozen ON impact_assessments`, `DROP TRIGGER impact_items_frozen ON impact_items`}
		}
		for _, d := range drops {
			if _, err := s.w.Exec(d); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{tampers[0], tampers[3]} {
			if _, err := s.exec(ctx, s.w, q, a.ID); err != nil {
				t.Errorf("without the trigger, %s: %v", q, err)
			}
		}
	})
}

func TestImpactCriteriaVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		crit := aims.DefaultImpactCriteria()
		crit.SensitiveScore = 4
		v1, err := s.SaveImpactCriteria(ctx, f.admin, crit)
		if err != nil || v1.Number != 1 {
			t.Fatalf("save v1 = %+v, %v", v1, err)
		}
		if _, err := s.SaveImpactCriteria(ctx, f.admin, crit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale save: %v", err)
		}
		bad := v1
		bad.RestrictedScore = 1
		var ve *aims.ValidationError
		if _, err := s.SaveImpactCriteria(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields["restricted_score"] == "" {
			t.Errorf("bad thresholds: %v", err)
		}
		v1.RestrictedScore = 9
		v2, err := s.SaveImpactCriteria(ctx, f.admin, v1)
		if err != nil || v2.Number != 2 {
			t.Fatalf("save v2 = %+v, %v", v2, err)
		}
		if old, err := s.ImpactCriteriaVersion(ctx, f.org.ID, 1); err != nil || old.RestrictedScore != 12 {
			t.Errorf("v1 kept = %+v, %v", old, err)
		}
		all, err := s.ImpactCriteriaVersions(ctx, f.org.ID)
		if err != nil || len(all) != 2 || all[0].Number != 2 {
			t.Errorf("versions = %+v, %v", all, err)
		}
		h, _ := s.History(ctx, f.org.ID, aims.RegisterImpactCriteria, strconv.FormatInt(f.org.ID, 10))
		if len(h) != 2 || !strings.Contains(string(h[1].Changes[0].New)+string(h[1].Changes[len(h[1].Changes)-1].New), "9") {
			t.Errorf("criteria history = %+v", h)
		}
		if _, err := s.exec(ctx, s.w, `UPDATE impact_criteria SET content = '{}' WHERE org_id = $1`, f.org.ID); err == nil {
			t.Error("a criteria version was edited in place")
		}
	})
}
