package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"aims/internal/aims"
)

// planRisks gives the fixture a treated, accepted high risk of its AI
// system, an AIMS-wide low risk with nothing to treat, and an opportunity
// with planned actions.
func planRisks(t *testing.T, s *Store, f riskFixture) aims.Risk {
	t.Helper()
	ctx := context.Background()
	high, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Unfair refusals", AISystemID: f.system, Source: aims.SourceML,
		Likelihood: 4, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 2, Treatment: aims.TreatModify, Controls: []string{"A.7.4"},
		TreatmentPlan: "Monthly fairness test", PlanOwnerID: f.manager.UserID, PlanDue: s.today().AddDays(60)})
	if err != nil {
		t.Fatal(err)
	}
	if high, err = s.AcceptResidualRisk(ctx, f.manager, high.ID, aims.RiskAcceptance{Version: high.Version, Reason: "Within appetite."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Slow dashboards", Source: aims.SourceHardware, Likelihood: 1, Impact: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRisk(ctx, f.admin, aims.Risk{Kind: aims.KindOpportunity, Title: "Faster decisions", Source: aims.SourceAutomation,
		PlannedAction: "Pilot instant decisions for small loans"}); err != nil {
		t.Fatal(err)
	}
	return high
}

func TestApproveRiskPlan(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		high := planRisks(t, s, f)

		plan, err := s.RiskPlan(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !plan.Changed || plan.Latest != nil || len(plan.Rows) != 2 {
			t.Fatalf("plan before approval = %+v, want 2 rows, changed, no version", plan)
		}
		if r := plan.Rows[0]; r.Ref != high.Ref || r.System() != "AIS-1 CreditLens" || r.Level != aims.LimitHigh || r.PlanOwner != "The manager" ||
			r.AcceptedBy == "" || r.Acceptance() == "Not accepted" || plan.Rows[1].Kind != aims.KindOpportunity || plan.Rows[1].Plan == "" {
			t.Errorf("rows = %+v", plan.Rows)
		}
		// Accepted while its control is not in place: the plan says so.
		if r := plan.Rows[0]; r.NotInPlace != "A.7.4" || !strings.Contains(r.Acceptance(), "on the plan: A.7.4 not yet in place") {
			t.Errorf("conditional acceptance = %q, %q", r.NotInPlace, r.Acceptance())
		}

		// Refusals, each changing nothing.
		var ve *aims.ValidationError
		if _, err := s.ApproveRiskPlan(ctx, f.admin, aims.RiskPlanApproval{}); !errors.As(err, &ve) || ve.Fields["approved_on"] == "" {
			t.Errorf("approval without a designation: %v, want refused on approved_on", err)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.ceo, aims.RiskPlanApproval{ApprovedOn: s.today().AddDays(1)}); !errors.As(err, &ve) || ve.Fields["approved_on"] == "" {
			t.Errorf("approval in the future: %v, want refused", err)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.ceo, aims.RiskPlanApproval{ApprovedOn: aims.DateOf(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))}); !errors.As(err, &ve) || ve.Fields["approved_on"] == "" {
			t.Errorf("approval backdated before the designation: %v, want refused", err)
		}
		untreated, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Model drift", Source: aims.SourceML, Likelihood: 5, Impact: 4})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.manager, aims.RiskPlanApproval{}); !errors.As(err, &ve) || !strings.Contains(ve.Fields["rows"], untreated.Ref) {
			t.Errorf("approval with an untreated high risk: %v, want refused naming %s", err, untreated.Ref)
		}
		if vs, _ := s.RiskPlanVersions(ctx, f.org.ID); len(vs) != 0 {
			t.Fatalf("refused approvals left versions: %+v", vs)
		}
		untreated.Treatment, untreated.TreatmentPlan = aims.TreatModify, "Drift monitor"
		if _, err := s.UpdateRisk(ctx, f.admin, untreated); err != nil {
			t.Fatal(err)
		}

		// An approval dated before the register's latest change cannot
		// approve today's rows; the designated CRO approves today, as read.
		if _, err := s.ApproveRiskPlan(ctx, f.manager, asRead(t, s, f.org.ID, aims.RiskPlanApproval{ApprovedOn: s.today().AddDays(-3)})); !errors.As(err, &ve) ||
			!strings.Contains(ve.Fields["approved_on"], "changed on") {
			t.Errorf("backdated approval: %v, want refused", err)
		}
		read, _ := s.RiskPlan(ctx, f.org.ID)
		if _, err := s.ApproveRiskPlan(ctx, f.manager, aims.RiskPlanApproval{Number: 2, Digest: read.Digest}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("approval naming another number: %v, want a conflict", err)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.manager, aims.RiskPlanApproval{Number: 1, Digest: strings.Repeat("0", 64)}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("approval of other rows: %v, want a conflict", err)
		}
		on := s.today()
		v, err := s.ApproveRiskPlan(ctx, f.manager, aims.RiskPlanApproval{ApprovedOn: on, Note: "First plan", Number: read.Next, Digest: read.Digest})
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 1 || v.RowCount != 3 || v.ApprovedOn != on || v.DesignationPosition != "Chief Risk Officer" || v.ApproverName != "The manager" {
			t.Errorf("version = %+v", v)
		}
		got, err := s.RiskPlanVersion(ctx, f.org.ID, v.ID)
		if err != nil || len(got.Rows) != 3 || got.Rows[2].Title != "Model drift" || got.Rows[2].Acceptance() != "Not accepted" || got.Note != "First plan" ||
			got.Rows[0].NotInPlace != "A.7.4" {
			t.Errorf("read back %+v, %v", got, err)
		}
		if _, err := s.RiskPlanVersion(ctx, f.org.ID+1000, v.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's version: %v", err)
		}
		if h, _ := s.History(ctx, f.org.ID, aims.RegisterRiskPlanVersions, strconv.FormatInt(v.ID, 10)); len(h) != 1 || h[0].Action != aims.ActionCreate {
			t.Errorf("audit = %+v, want one create event", h)
		}
		plan, _ = s.RiskPlan(ctx, f.org.ID)
		if plan.Changed || plan.Latest == nil || plan.Latest.Number != 1 {
			t.Errorf("plan right after approval = %+v, want unchanged since v1", plan)
		}
		sup, err := s.Supports(ctx, f.org.ID, "6.1.3", 50)
		if err != nil || !hasSupport(sup, aims.RegisterRiskPlanVersions) {
			t.Errorf("6.1.3 supporters = %+v, %v, want the approved plan", sup, err)
		}
		if n := planDue(t, s, f.org.ID); n != 0 {
			t.Errorf("due right after approval: %d items", n)
		}

		// A change afterwards: the page and due work both say so.
		c.advance(time.Hour)
		high, _ = s.Risk(ctx, f.org.ID, high.ID)
		high.TreatmentPlan = "Weekly fairness test"
		if _, err := s.UpdateRisk(ctx, f.admin, high); err != nil {
			t.Fatal(err)
		}
		plan, _ = s.RiskPlan(ctx, f.org.ID)
		if !plan.Changed || len(plan.Changes) != 1 || !strings.Contains(plan.Changes[0], high.Ref+": ") || !strings.Contains(plan.Changes[0], "plan") {
			t.Errorf("changes = %v", plan.Changes)
		}
		if n := planDue(t, s, f.org.ID); n != 1 {
			t.Errorf("due after a change: %d items, want 1", n)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.ceo, aims.RiskPlanApproval{}); !errors.As(err, &ve) || ve.Fields["digest"] == "" {
			t.Errorf("approval naming no plan: %v", err)
		}
		v2, err := s.ApproveRiskPlan(ctx, f.ceo, asRead(t, s, f.org.ID, aims.RiskPlanApproval{}))
		if err != nil || v2.Number != 2 || v2.DesignationPosition != "Chief Executive Officer" {
			t.Fatalf("v2 = %+v, %v", v2, err)
		}
		if _, err := s.ApproveRiskPlan(ctx, f.ceo, asRead(t, s, f.org.ID, aims.RiskPlanApproval{ApprovedOn: on.AddDays(-1)})); !errors.As(err, &ve) || ve.Fields["approved_on"] == "" {
			t.Errorf("approval dated before the latest version: %v, want refused", err)
		}
		if vs, _ := s.RiskPlanVersions(ctx, f.org.ID); len(vs) != 2 || vs[0].Number != 2 {
			t.Errorf("versions = %+v", vs)
		}
	})
}

func hasSupport(sup []aims.Support, register string) bool {
	for _, x := range sup {
		if x.Register == register {
			return true
		}
	}
	return false
}

func planDue(t *testing.T, s *Store, orgID int64) int {
	t.Helper()
	page, err := s.DueItems(context.Background(), orgID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: s.today(), Register: aims.RegisterRiskPlanVersions})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// TestRiskPlanVersionFrozen: an approved version and its rows are frozen in
// SQL on both engines, whatever the code does; without the triggers the
// same statements go through.
func TestRiskPlanVersionFrozen(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		planRisks(t, s, f)
		v, err := s.ApproveRiskPlan(ctx, f.manager, asRead(t, s, f.org.ID, aims.RiskPlanApproval{Note: "First plan"}))
		if err != nil {
			t.Fatal(err)
		}
		tampers := []string{
			`UPDATE risk_plan_versions SET note = 'changed' WHERE id = $1`,
			`UPDATE risk_plan_version_rows SET accepted_by = 'Someone else' WHERE version_id = $1`,
			`DELETE FROM risk_plan_version_rows WHERE version_id = $1`,
			`DELETE FROM risk_plan_versions WHERE id = $1`,
			`INSERT INTO risk_plan_version_rows (org_id, version_id, position, risk_ref, kind, title, system_ref, system_name, level, treatment,
				controls, plan_owner, plan, plan_start, plan_due, residual_level, accepted_by, accepted_on, effectiveness, checked_on)
				SELECT org_id, id, 99, 'RSK-99', 'risk', 'x', '', '', '', '', '', '', '', '', '', '', '', '', '', '' FROM risk_plan_versions WHERE id = $1`,
		}
		for _, q := range tampers {
			if _, err := s.exec(ctx, s.w, q, v.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
				t.Errorf("%s: %v, want refused as frozen", q, err)
			}
		}
		got, err := s.RiskPlanVersion(ctx, f.org.ID, v.ID)
		if err != nil || got.Note != "First plan" || len(got.Rows) != 2 || got.Rows[0].AcceptedBy != "The manager" {
			t.Errorf("frozen version changed: %+v, %v", got, err)
		}
		drops := []string{`DROP TRIGGER risk_plan_versions_frozen_update`, `DROP TRIGGER risk_plan_version_rows_frozen_update`}
		if s.dialect == Postgres {
			drops = []string{`DROP TRIGGER risk_plan_versions_frozen ON risk_plan_versions`, `DROP TRIGGER risk_plan_version_rows_frozen ON risk_plan_version_rows`}
		}
		for _, d := range drops {
			if _, err := s.w.Exec(d); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range tampers[:2] {
			if _, err := s.exec(ctx, s.w, q, v.ID); err != nil {
				t.Errorf("without the trigger, %s: %v", q, err)
			}
		}
	})
}

// TestConcurrentRiskPlanApprovals: eight approvals at once of the plan as
// read: one wins, the others are told the plan was approved meanwhile (the
// organization's lock orders them; the number read decides).
func TestConcurrentRiskPlanApprovals(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		planRisks(t, s, f)
		read, err := s.RiskPlan(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := f.manager
				if i%2 == 1 {
					p = f.ceo
				}
				_, errs[i] = s.ApproveRiskPlan(ctx, p, aims.RiskPlanApproval{Note: "Race " + strconv.Itoa(i), Number: read.Next, Digest: read.Digest})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, aims.ErrConflict):
				t.Errorf("approval failed with %v, want success or a conflict", err)
			}
		}
		vs, err := s.RiskPlanVersions(ctx, f.org.ID)
		// All eight read the same plan: exactly one approval freezes it.
		if err != nil || len(vs) != 1 || ok != 1 {
			t.Fatalf("%d versions for %d successes, %v", len(vs), ok, err)
		}
		for i, v := range vs {
			if v.Number != len(vs)-i {
				t.Errorf("version numbers %+v, want %d..1 without gaps or duplicates", vs, len(vs))
				break
			}
		}
	})
}

// asRead fills an approval with the number and digest of the plan as it
// reads now, as the plan page would.
func asRead(t *testing.T, s *Store, orgID int64, a aims.RiskPlanApproval) aims.RiskPlanApproval {
	t.Helper()
	plan, err := s.RiskPlan(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	a.Number, a.Digest = plan.Next, plan.Digest
	return a
}
