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

func reasonCodes(c aims.EvidenceCheck) map[string]int {
	out := map[string]int{}
	for _, r := range c.Reasons {
		out[r.Code]++
	}
	return out
}

// TestCheckSystem walks one AI system from no evidence to evidence
// complete, and checks a prohibited system is never complete.
func TestCheckSystem(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		sys, err := s.AISystem(ctx, f.org.ID, f.system)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if codes := reasonCodes(got); got.Complete || codes[aims.CheckNoImpact] != 1 || codes[aims.CheckNoRiskAssessment] != 1 {
			t.Errorf("no evidence: %+v", got)
		}
		// A risk above the threshold, untreated, is named.
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Unfair refusals", AISystemID: sys.ID, Source: aims.SourceML, Likelihood: 5, Impact: 5})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if codes := reasonCodes(got); codes[aims.CheckRiskUntreated] != 1 || codes[aims.CheckNoRiskAssessment] != 0 {
			t.Errorf("untreated risk: %+v", got)
		}
		// Treated and accepted by designated management; an approved impact assessment.
		r.ResidualLikelihood, r.ResidualImpact, r.Treatment, r.Controls = 2, 2, aims.TreatModify, []string{"A.6.2.4"}
		if r, err = s.UpdateRisk(ctx, f.admin, r); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: r.Version, AcceptedOn: s.today(), Reason: "Within appetite."}); err != nil {
			t.Fatal(err)
		}
		approvedImpact(t, s, f, sys.ID)
		// Accepted on a plan whose control is not in place yet: still named.
		got, _ = s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if codes := reasonCodes(got); got.Complete || len(got.Reasons) != 1 || codes[aims.CheckTreatmentPending] != 1 {
			t.Errorf("treatment not in place: %+v", got)
		}
		if r, err = s.Risk(ctx, f.org.ID, r.ID); err != nil || !r.AcceptedOnPlan() || len(r.ControlsPending) != 1 {
			t.Errorf("risk accepted on plan = %v (pending %v), %v", r.AcceptedOnPlan(), r.ControlsPending, err)
		}
		if _, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "A.6.2.4", Status: aims.GapImplemented,
			Justification: "Model validation runs in the release pipeline."}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if !got.Complete || len(got.Reasons) != 0 {
			t.Errorf("with its evidence: %+v, want evidence complete", got)
		}
		if r, err = s.Risk(ctx, f.org.ID, r.ID); err != nil || r.AcceptedOnPlan() {
			t.Errorf("risk still accepted on plan: pending %v, %v", r.ControlsPending, err)
		}
		// The same system named by its ID; another organization's is not found.
		if byID, err := s.CheckSystem(ctx, f.org.ID, strconv.FormatInt(sys.ID, 10)); err != nil || byID.System != sys.Ref || !byID.Complete {
			t.Errorf("by ID: %+v, %v", byID, err)
		}
		g := newFixture(t, s, "globex")
		if _, err := s.CheckSystem(ctx, g.org.ID, sys.Ref); err == nil {
			t.Errorf("another organization checked %s", sys.Ref)
		}
		// A prohibited practice is never complete.
		bad, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Mood monitor", Purpose: "Infers emotions of staff",
			EUAIAct: &aims.Classification{Prohibited: []string{"art5.1.f"}, Reasoning: "Emotion recognition at work."}})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.CheckSystem(ctx, f.org.ID, bad.Ref)
		if reasonCodes(got)[aims.CheckProhibited] != 1 {
			t.Errorf("prohibited system: %+v", got)
		}
	})
}

// TestStageGateRiskAndImpact: a gate may require what aims check asks of the
// risk and impact registers; a move into the stage is refused, naming why,
// until the system has them.
func TestStageGateRiskAndImpact(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		pol := aims.GatePolicy{Rules: []aims.GateRule{{Stage: aims.StageDeployment, Requires: []aims.GateRequirement{aims.GateImpact, aims.GateRisks}}}}
		if _, err := s.SetGatePolicy(ctx, f.admin, pol); err != nil {
			t.Fatal(err)
		}
		sys, err := s.AISystem(ctx, f.org.ID, f.system)
		if err != nil {
			t.Fatal(err)
		}
		move := sys
		move.Lifecycle = aims.StageDeployment
		_, err = s.UpdateAISystem(ctx, f.admin, move)
		var ve *aims.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["gate.impact-approved"], "no approved impact assessment") ||
			!strings.Contains(ve.Fields["gate.risks-treated"], "no risk of the system has been assessed") {
			t.Fatalf("gate refusal = %v", err)
		}
		// aims check gives each reason once, from the impact and risk checks.
		got, _ := s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if codes := reasonCodes(got); codes[aims.CheckLifecycleEvidence] != 0 || codes[aims.CheckNoImpact] != 1 {
			t.Errorf("check repeats the gate's reasons: %+v", got)
		}
		if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", AISystemID: sys.ID, Source: aims.SourceML, Likelihood: 2, Impact: 2}); err != nil {
			t.Fatal(err)
		}
		approvedImpact(t, s, f, sys.ID)
		if moved, err := s.UpdateAISystem(ctx, f.admin, move); err != nil || moved.Lifecycle != aims.StageDeployment {
			t.Errorf("move with risk and impact done = %+v, %v", moved, err)
		}
		// In the gated stage, a risk left unassessed is named once, by the risk check.
		if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Prompt injection", AISystemID: sys.ID, Source: aims.SourceML}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if codes := reasonCodes(got); codes[aims.CheckRiskUnassessed] != 1 || codes[aims.CheckLifecycleEvidence] != 0 {
			t.Errorf("check in the gated stage repeats the gate's reasons: %+v", got)
		}
	})
}

// approvedImpact gives the system an impact assessment written by the
// admin and approved by the designated manager.
func approvedImpact(t *testing.T, s *Store, f riskFixture, systemID int64) {
	t.Helper()
	ctx := context.Background()
	a, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(systemID, f.users[aims.RoleContributor], s.today().AddMonths(12)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApproveImpactAssessment(ctx, f.manager, a.ID, aims.ImpactStep{Version: 2}); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCriteriaSuperseded: a risk assessed under criteria that are no
// longer in force is named until its ratings are confirmed under the new
// ones, which an edit can do without changing them (reassess).
func TestCheckCriteriaSuperseded(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		sys, err := s.AISystem(ctx, f.org.ID, f.system)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", AISystemID: sys.ID, Source: aims.SourceML, Likelihood: 2, Impact: 2})
		if err != nil {
			t.Fatal(err)
		}
		approvedImpact(t, s, f, sys.ID)
		cur, err := s.RiskCriteria(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		next := aims.DefaultRiskCriteria()
		next.Version, next.Note = cur.Version, "Impact scale reworded"
		c.advance(time.Hour)
		if _, err := s.SaveRiskCriteria(ctx, f.admin, next); err != nil {
			t.Fatal(err)
		}
		got, _ := s.CheckSystem(ctx, f.org.ID, sys.Ref)
		if reasonCodes(got)[aims.CheckCriteriaOutdated] != 1 || got.Complete {
			t.Errorf("risk on superseded criteria: %+v", got)
		}
		r.Reassess = true
		after, err := s.UpdateRisk(ctx, f.admin, r)
		if err != nil || after.CriteriaVersion != cur.Version+1 || after.Reassess {
			t.Fatalf("confirmed under the new criteria = %+v, %v", after, err)
		}
		if as, _ := s.RiskAssessments(ctx, f.org.ID, r.ID); len(as) != 2 {
			t.Errorf("assessments after confirming = %d, want 2", len(as))
		}
		if got, _ := s.CheckSystem(ctx, f.org.ID, sys.Ref); !got.Complete {
			t.Errorf("after reassessment: %+v", got)
		}
		// A risk raised but never assessed keeps the evidence incomplete.
		if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Prompt injection", AISystemID: sys.ID, Source: aims.SourceML}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CheckSystem(ctx, f.org.ID, sys.Ref); got.Complete || reasonCodes(got)[aims.CheckRiskUnassessed] != 1 {
			t.Errorf("with an unassessed risk: %+v", got)
		}
	})
}

// TestReassessmentNeedsEveryRisk: after a significant change, the
// reassessment is done by the registers only when every live risk of the
// system was assessed again and an impact assessment approved since.
func TestReassessmentNeedsEveryRisk(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		sys, err := s.AISystem(ctx, f.org.ID, f.system)
		if err != nil {
			t.Fatal(err)
		}
		var rs []aims.Risk
		for _, title := range []string{"Drift", "Unfair refusals"} {
			r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: title, AISystemID: sys.ID, Source: aims.SourceML, Likelihood: 2, Impact: 2})
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		c.advance(24 * time.Hour)
		ch, err := s.CreateChange(ctx, f.principalOf(aims.RoleContributor), newChange(aims.SubjectAISystem, sys.ID, true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideChange(ctx, f.manager, ch.ID, aims.ChangeStep{Version: 1, On: s.today(), Approve: true, ReassessBy: s.today().AddDays(30)}); err != nil {
			t.Fatal(err)
		}
		pending := func() int {
			due, err := s.ReassessmentsDue(ctx, f.org.ID, sys.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(due)
		}
		approvedImpact(t, s, f, sys.ID)
		rs[0].Likelihood = 3
		if _, err := s.UpdateRisk(ctx, f.admin, rs[0]); err != nil {
			t.Fatal(err)
		}
		if pending() != 1 {
			t.Errorf("one of two risks reassessed: the reassessment counts as done")
		}
		rs[1].Reassess = true // ratings confirmed, unchanged
		if _, err := s.UpdateRisk(ctx, f.admin, rs[1]); err != nil {
			t.Fatal(err)
		}
		if pending() != 0 {
			t.Errorf("every risk reassessed and the impact approved: still pending")
		}
	})
}
