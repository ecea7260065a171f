package sqlstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// Findings of the attacker review of issue 7, each kept as a test.

// TestLifecycleAuthorIsTheWriter: a manager cannot name someone else the
// author of a verification and then approve it; nor approve on a future day.
func TestLifecycleAuthorIsTheWriter(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		ls := newLifecycleSet(t, s, f, "CreditLens")
		r, err := s.CreateLifecycleRecord(ctx, ls.manager, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindVerification,
			Title: "Self-made validation", AuthorID: f.users[aims.RoleViewer], Criteria: []aims.Criterion{
				{Criterion: "AUC", Threshold: ">= 0.7", Measured: "0.9", Passed: true, MeasuredOn: s.today(), MeasuredBy: "me"}}})
		if err != nil {
			t.Fatal(err)
		}
		if r.AuthorID != ls.manager.UserID {
			t.Errorf("author = %d, want the writer %d", r.AuthorID, ls.manager.UserID)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, r.ID, aims.LifecycleApproval{Version: r.Version, ApprovedOn: s.today()}); !isField(err, "approved_by_id") {
			t.Errorf("the writer approving their own record: %v, want a refusal", err)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, f.admin, ls.vv.ID, aims.LifecycleApproval{Version: ls.vv.Version, ApprovedOn: s.today().AddDays(30)}); !isField(err, "approved_on") {
			t.Errorf("an approval dated next month: %v, want a refusal", err)
		}
	})
}

// TestAcceptanceFollowsTreatmentAndDesignation: dropping the treatment an
// acceptance was given for withdraws it; an acceptance is not backdated into
// a designation that has ended; a restored risk's controls must still be in
// the SoA.
func TestAcceptanceFollowsTreatmentAndDesignation(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Unfair refusals", Source: aims.SourceML, Likelihood: 4, Impact: 4,
			ResidualLikelihood: 2, ResidualImpact: 2, Treatment: aims.TreatModify, TreatmentPlan: "Reject inference", Controls: []string{"A.6.2.4"}})
		if err != nil {
			t.Fatal(err)
		}
		acc, err := s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: r.Version, AcceptedOn: s.today(), Reason: "Within appetite."})
		if err != nil || acc.AcceptedOn.IsZero() {
			t.Fatalf("accept = %+v, %v", acc, err)
		}
		acc.Treatment, acc.TreatmentPlan, acc.Controls = "", "", []string{}
		dropped, err := s.UpdateRisk(ctx, f.admin, acc)
		if err != nil {
			t.Fatal(err)
		}
		if !dropped.AcceptedOn.IsZero() || !dropped.Flagged {
			t.Errorf("after dropping the treatment: accepted on %s, flagged %v; want the acceptance withdrawn", dropped.AcceptedOn, dropped.Flagged)
		}

		// A designation that ended yesterday cannot accept today by
		// dating the acceptance back.
		_, err = s.CreateDesignation(ctx, f.admin, aims.Designation{UserID: f.users[aims.RoleViewer], Body: aims.BodyAIRisk, Position: "Former CRO",
			AcceptUpTo: aims.LimitVeryHigh, From: s.today().AddDays(-60), Until: s.today().AddDays(-1)})
		if err != nil {
			t.Fatal(err)
		}
		former := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleViewer], Email: "viewer@acme.test", Role: aims.RoleManager}
		c.advance(-30 * 24 * time.Hour) // assessed while the designation was in force
		old, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", Source: aims.SourceML, Likelihood: 3, Impact: 3, ResidualLikelihood: 2, ResidualImpact: 2})
		if err != nil {
			t.Fatal(err)
		}
		c.advance(30 * 24 * time.Hour)
		var ve *aims.ValidationError
		if _, err := s.AcceptResidualRisk(ctx, former, old.ID, aims.RiskAcceptance{Version: old.Version, AcceptedOn: old.AssessedOn, Reason: "Backdated."}); !errors.As(err, &ve) {
			t.Errorf("an acceptance under an ended designation: %v, want a refusal", err)
		}

		// Restoring a risk whose custom control was archived meanwhile.
		cc, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: "Reason codes", Applicable: true, Reason: aims.ReasonRisk, Justification: "Law."})
		if err != nil {
			t.Fatal(err)
		}
		withCC, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Opaque refusals", Source: aims.SourceTransparency, Treatment: aims.TreatModify, Controls: []string{cc.Ref}})
		if err != nil {
			t.Fatal(err)
		}
		archived, err := s.SetRiskArchived(ctx, f.admin, withCC.ID, withCC.Version, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetCustomControlArchived(ctx, f.admin, cc.ID, cc.Version, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetRiskArchived(ctx, f.admin, withCC.ID, archived.Version, false); !errors.As(err, &ve) {
			t.Errorf("restoring a risk whose control was archived: %v, want a refusal", err)
		}
	})
}

// TestOnlyTheRequesterLowersSignificance: whoever decides a change cannot
// first mark it not significant and so take away its reassessment.
func TestOnlyTheRequesterLowersSignificance(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		requester := f.principalOf(aims.RoleContributor)
		ch, err := s.CreateChange(ctx, requester, newChange(aims.SubjectAISystem, sys.ID, true))
		if err != nil {
			t.Fatal(err)
		}
		ch.Significant = false
		var ve *aims.ValidationError
		if _, err := s.UpdateChange(ctx, f.principalOf(aims.RoleManager), ch); !errors.As(err, &ve) || ve.Fields["significant"] == "" {
			t.Errorf("a manager marking the request not significant: %v, want a refusal", err)
		}
		if _, err := s.UpdateChange(ctx, requester, ch); err != nil {
			t.Errorf("the requester marking it not significant: %v", err)
		}
	})
}

// TestImpactEditorDoesNotApprove: a manager who rewrote and submitted
// someone else's draft does not approve it.
func TestImpactEditorDoesNotApprove(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		manager := f.principalOf(aims.RoleManager)
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.CreateImpactAssessment(ctx, f.principalOf(aims.RoleContributor), impactDraft(sys.ID, f.users[aims.RoleViewer], s.today().AddMonths(12)))
		if err != nil {
			t.Fatal(err)
		}
		a.Description = "Rewritten by the manager."
		if a, err = s.UpdateImpactAssessment(ctx, manager, a); err != nil {
			t.Fatal(err)
		}
		if a, err = s.SubmitImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		var ve *aims.ValidationError
		if _, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: a.Version}); !errors.As(err, &ve) || ve.Fields["approver"] == "" {
			t.Errorf("the manager who rewrote the draft approving it: %v, want a refusal", err)
		}
		if _, err := s.ApproveImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: a.Version}); err != nil {
			t.Errorf("another person approving: %v", err)
		}
	})
}

// TestTreatmentCarriedOutSupports83: an accepted residual risk shows the
// treatment decided (6.1.3); only a later check that found it effective
// shows the plan carried out (8.3), as an auditor samples it.
func TestTreatmentCarriedOutSupports83(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", Source: aims.SourceML, Likelihood: 3, Impact: 3,
			ResidualLikelihood: 2, ResidualImpact: 2, Treatment: aims.TreatModify, Controls: []string{"A.6.2.6"}})
		if err != nil {
			t.Fatal(err)
		}
		if r, err = s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: r.Version, AcceptedOn: s.today(), Reason: "Monitored monthly."}); err != nil {
			t.Fatal(err)
		}
		count := func(req string) int {
			sup, err := s.Supports(ctx, f.org.ID, req, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(sup)
		}
		if count("6.1.3") != 1 || count("8.3") != 0 {
			t.Errorf("accepted, not yet checked: 6.1.3 %d, 8.3 %d; want 1 and 0", count("6.1.3"), count("8.3"))
		}
		r.CheckedOn, r.Effectiveness, r.CheckNote = s.today(), aims.EffectEffective, "Drift alarms fired and were handled."
		if _, err := s.UpdateRisk(ctx, f.admin, r); err != nil {
			t.Fatal(err)
		}
		if count("8.3") != 1 {
			t.Errorf("after an effective check: 8.3 %d, want 1", count("8.3"))
		}
	})
}

// TestRiskListCarriesControls: an auditor sampling from the list or the
// export sees each risk's treatment controls, as on the record.
func TestRiskListCarriesControls(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", Source: aims.SourceML, Treatment: aims.TreatModify,
			Controls: []string{"A.7.4", "A.6.2.6"}}); err != nil {
			t.Fatal(err)
		}
		page, err := s.Risks(ctx, f.org.ID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 10}})
		if err != nil || len(page.Items) != 1 || strings.Join(page.Items[0].Controls, " ") != "A.6.2.6 A.7.4" {
			t.Errorf("list = %+v, %v", page.Items, err)
		}
		var exported []string
		if err := s.EachRisk(ctx, f.org.ID, aims.RiskFilter{}, func(r aims.Risk) error {
			exported = append(exported, strings.Join(r.Controls, " "))
			return nil
		}); err != nil || len(exported) != 1 || exported[0] != "A.6.2.6 A.7.4" {
			t.Errorf("export = %v, %v", exported, err)
		}
	})
}
