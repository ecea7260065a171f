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
)

func TestRiskCriteriaVersions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		none, err := s.RiskCriteria(ctx, f.org.ID)
		if err != nil || none.Version != 0 {
			t.Fatalf("criteria before any = %+v, %v", none, err)
		}
		v1, err := s.UseDefaultRiskCriteria(ctx, f.admin, 0)
		if err != nil || v1.Version != 1 || len(v1.Likelihood) != 5 || v1.Level(5, 5) != aims.LimitVeryHigh || v1.Threshold != aims.LimitMedium {
			t.Fatalf("default = %+v, %v", v1, err)
		}
		// A second editor of version 0 lost the race.
		if _, err := s.UseDefaultRiskCriteria(ctx, f.admin, 0); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale default: %v, want ErrConflict", err)
		}
		edit := v1
		edit.Threshold = aims.LimitLow
		edit.Matrix[0][0] = aims.LimitHigh // above its neighbours
		var ve *aims.ValidationError
		if _, err := s.SaveRiskCriteria(ctx, f.admin, edit); !errors.As(err, &ve) || ve.Fields["matrix.1.2"] == "" {
			t.Errorf("falling matrix: %v", err)
		}
		edit = aims.DefaultRiskCriteria()
		edit.Version, edit.Threshold, edit.Note = 1, aims.LimitLow, "Board lowered the appetite"
		c.advance(time.Hour)
		v2, err := s.SaveRiskCriteria(ctx, f.admin, edit)
		if err != nil || v2.Version != 2 {
			t.Fatalf("v2 = %+v, %v", v2, err)
		}
		old, err := s.RiskCriteriaVersion(ctx, f.org.ID, 1)
		if err != nil || old.Threshold != aims.LimitMedium {
			t.Errorf("v1 read back = %+v, %v", old, err)
		}
		if _, err := s.RiskCriteriaVersion(ctx, f.org.ID, 3); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("missing version: %v", err)
		}
		all, err := s.RiskCriteriaVersions(ctx, f.org.ID)
		if err != nil || len(all) != 2 || all[0].Version != 2 {
			t.Errorf("versions = %d, %v", len(all), err)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterRiskCriteria, strconv.FormatInt(f.org.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d, %v", len(hist), err)
		}
		found := false
		for _, ch := range hist[1].Changes {
			found = found || ch.Field == "threshold" && string(ch.Old) == `"medium"` && string(ch.New) == `"low"`
		}
		if !found {
			t.Errorf("v2's event does not show the threshold change: %+v", hist[1].Changes)
		}
		// A version is frozen in the database itself.
		if _, err := s.w.ExecContext(ctx, `UPDATE risk_criteria SET threshold = 'high' WHERE org_id = $1`, f.org.ID); err == nil {
			t.Error("a criteria version was changed in place")
		}
	})
}

// riskFixture is an organization with a system, linkable records and the
// designations of the demo: a risk manager who may accept up to medium and
// a chief executive who may accept anything.
type riskFixture struct {
	fixture
	system, party, issue, obligation int64
	manager, ceo                     aims.Principal
}

func newRiskFixture(t *testing.T, s *Store, name string) riskFixture {
	t.Helper()
	ctx := context.Background()
	f := riskFixture{fixture: newFixture(t, s, name)}
	sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
	if err != nil {
		t.Fatal(err)
	}
	party, err := s.CreateParty(ctx, f.admin, aims.Party{Name: "Loan applicants"})
	if err != nil {
		t.Fatal(err)
	}
	issue, err := s.CreateContextIssue(ctx, f.admin, aims.ContextIssue{Title: "Consumer credit rules", Origin: aims.IssueExternal, Category: aims.IssueLegal})
	if err != nil {
		t.Fatal(err)
	}
	obl, err := s.CreateObligation(ctx, f.admin, aims.Obligation{Title: "EU AI Act high-risk duties", Kind: aims.KindLegal})
	if err != nil {
		t.Fatal(err)
	}
	f.system, f.party, f.issue, f.obligation = sys.ID, party.ID, issue.ID, obl.ID
	f.manager = aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleManager], Email: "manager@" + name + ".test", Name: "The manager", Role: aims.RoleManager}
	f.ceo = aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleContributor], Email: "contributor@" + name + ".test", Name: "The contributor", Role: aims.RoleContributor}
	from := aims.DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, d := range []aims.Designation{
		{UserID: f.manager.UserID, Body: aims.BodyAIRisk, Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium, From: from},
		{UserID: f.ceo.UserID, Body: aims.BodyTop, Position: "Chief Executive Officer", AcceptUpTo: aims.LimitVeryHigh, From: from},
	} {
		if _, err := s.CreateDesignation(ctx, f.admin, d); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func TestRiskLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		in := aims.Risk{Title: " Unfair refusals for thin-file applicants ", AISystemID: f.system, Source: aims.SourceML,
			Description: "Applicants with little credit history score low.", Parties: []aims.Link{{ID: f.party}},
			Issues: []aims.Link{{ID: f.issue}}, Obligations: []aims.Link{{ID: f.obligation}}, OwnerID: f.users[aims.RoleManager],
			Likelihood: 4, Impact: 4}
		r, err := s.CreateRisk(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateRisk: %v", err)
		}
		if r.Ref != "RSK-1" || r.Title != "Unfair refusals for thin-file applicants" || r.Level != aims.LimitHigh || r.CriteriaVersion != 1 ||
			!r.AboveThreshold || !r.Flagged || r.AISystemRef != "AIS-1" || r.Parties[0].Name != "Loan applicants" || r.Kind != aims.KindRisk {
			t.Errorf("created = %+v", r)
		}
		// The first risk seeded the default criteria.
		if crit, _ := s.RiskCriteria(ctx, f.org.ID); crit.Version != 1 {
			t.Errorf("criteria after the first risk = v%d", crit.Version)
		}
		got, err := s.Risk(ctx, f.org.ID, r.ID)
		if err != nil || got.Issues[0].Ref != "CTX-1" || got.Obligations[0].Name != "EU AI Act high-risk duties" {
			t.Fatalf("read back = %+v, %v", got, err)
		}

		// Criteria v2 lowers the threshold; the treatment with residual
		// likelihood and impact is a new assessment under it.
		v2 := aims.DefaultRiskCriteria()
		v2.Version, v2.Threshold = 1, aims.LimitLow
		if _, err := s.SaveRiskCriteria(ctx, f.admin, v2); err != nil {
			t.Fatal(err)
		}
		c.advance(24 * time.Hour)
		for _, title := range []string{"Reject-inference study", "Manual review of thin files"} {
			if _, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: title, Applicable: true, Reason: aims.ReasonRisk,
				Justification: "Treats thin-file refusals."}); err != nil {
				t.Fatal(err)
			}
		}
		edit := got
		edit.Treatment, edit.Controls, edit.TreatmentPlan = aims.TreatModify, []string{"A.7.4", "CC-2", "A.6.2.4"}, "Reject-inference study; manual review."
		edit.ResidualLikelihood, edit.ResidualImpact = 2, 3
		edit.PlanDue = aims.DateOf(c.t.AddDate(0, 2, 0))
		treated, err := s.UpdateRisk(ctx, f.admin, edit)
		if err != nil {
			t.Fatalf("treat: %v", err)
		}
		if treated.ResidualLevel != aims.LimitMedium || treated.CriteriaVersion != 2 || strings.Join(treated.Controls, " ") != "A.6.2.4 A.7.4 CC-2" || !treated.Flagged {
			t.Errorf("treated = %+v", treated)
		}
		hist, err := s.RiskAssessments(ctx, f.org.ID, r.ID)
		if err != nil || len(hist) != 2 || hist[0].CriteriaVersion != 2 || hist[1].CriteriaVersion != 1 || hist[1].Level != aims.LimitHigh {
			t.Fatalf("assessments = %+v, %v", hist, err)
		}
		events := auditCount(t, s, f.org.ID)
		stale := got
		stale.Title = "Overwritten"
		if _, err := s.UpdateRisk(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		if _, err := s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: got.Version, AcceptedOn: s.today(), Reason: "x"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale acceptance: %v, want ErrConflict", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused writes wrote %d events", n-events)
		}

		// The manager may accept the medium residual risk.
		acc, err := s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: treated.Version, AcceptedOn: s.today(), Reason: "Within appetite after manual review."})
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if acc.Flagged || acc.AcceptedBy != "The manager" || !strings.Contains(acc.AcceptedUnder, "Chief Risk Officer, MGT-1") {
			t.Errorf("accepted = %+v", acc)
		}
		// Raising the residual risk withdraws the acceptance.
		edit = acc
		edit.ResidualLikelihood, edit.ResidualImpact = 4, 4
		raised, err := s.UpdateRisk(ctx, f.admin, edit)
		if err != nil || !raised.AcceptedOn.IsZero() || !raised.Flagged || raised.ResidualLevel != aims.LimitHigh {
			t.Fatalf("raised = %+v, %v", raised, err)
		}
		if n, _ := s.RiskAssessments(ctx, f.org.ID, r.ID); len(n) != 3 {
			t.Errorf("assessments after the raise = %d, want 3", len(n))
		}

		// Filters, the heat map and the system summary.
		opp, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Faster decisions", Kind: aims.KindOpportunity, Source: aims.SourceAutomation,
			Likelihood: 5, Impact: 5, PlannedAction: "Pilot instant decisions for existing customers."})
		if err != nil || opp.AboveThreshold || opp.Flagged {
			t.Fatalf("an opportunity is never above the acceptance threshold: %+v, %v", opp, err)
		}
		for _, tc := range []struct {
			f    aims.RiskFilter
			want int
		}{
			{aims.RiskFilter{}, 2},
			{aims.RiskFilter{Flagged: true}, 1},
			{aims.RiskFilter{Kind: aims.KindOpportunity}, 1},
			{aims.RiskFilter{AIMSWide: true}, 1},
			{aims.RiskFilter{AISystemID: f.system}, 1},
			{aims.RiskFilter{Level: aims.LimitHigh}, 1},
			{aims.RiskFilter{Likelihood: 4, Impact: 4, Residual: true}, 1},
			{aims.RiskFilter{Likelihood: 2, Impact: 3, Residual: true}, 0},
			{aims.RiskFilter{ListParams: aims.ListParams{Q: "thin"}}, 1},
		} {
			tc.f.Limit = 10
			page, err := s.Risks(ctx, f.org.ID, tc.f)
			if err != nil || page.Total != tc.want || len(page.Items) != tc.want {
				t.Errorf("Risks(%+v) = %d, %v; want %d", tc.f, page.Total, err, tc.want)
			}
		}
		h, err := s.RiskHeatMap(ctx, f.org.ID, aims.RiskFilter{})
		if err != nil || h.Count(false, 4, 4) != 1 || h.Count(true, 4, 4) != 1 || h.Count(false, 3, 3) != 0 {
			t.Errorf("heat map = %+v, %v", h, err)
		}
		if sum, err := s.RiskSummary(ctx, f.org.ID, f.system); err != nil || sum.Risks != 1 || sum.Flagged != 1 {
			t.Errorf("summary = %+v, %v", sum, err)
		}
		byControl, err := s.chosenControls(ctx, s.r, f.org.ID)
		if err != nil || len(byControl["A.7.4"]) != 1 || byControl["A.7.4"][0] != "RSK-1" {
			t.Errorf("control risks = %+v, %v", byControl, err)
		}

		arch, err := s.SetRiskArchived(ctx, f.admin, r.ID, raised.Version, true)
		if err != nil || !arch.Archived || arch.Flagged {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.UpdateRisk(ctx, f.admin, arch); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("edit archived: %v", err)
		}
		back, err := s.SetRiskArchived(ctx, f.admin, r.ID, arch.Version, false)
		if err != nil || !back.Flagged {
			t.Errorf("restore = %+v, %v", back, err)
		}
	})
}

// TestResidualAcceptanceLimit: a risk manager whose designation reaches
// medium cannot accept a high residual risk; the chief executive can; a
// member without a designation cannot accept at all. Refusals change
// nothing.
func TestResidualAcceptanceLimit(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Chatbot gives wrong fee information", Source: aims.SourceTransparency,
			Likelihood: 4, Impact: 4, ResidualLikelihood: 3, ResidualImpact: 4, Treatment: aims.TreatModify})
		if err != nil || r.ResidualLevel != aims.LimitHigh {
			t.Fatalf("create = %+v, %v", r, err)
		}
		events := auditCount(t, s, f.org.ID)
		var ve *aims.ValidationError
		for who, p := range map[string]aims.Principal{"manager (limit medium)": f.manager, "admin (no designation)": f.admin} {
			if _, err := s.AcceptResidualRisk(ctx, p, r.ID, aims.RiskAcceptance{Version: r.Version, AcceptedOn: s.today(), Reason: "ok"}); !errors.As(err, &ve) || ve.Fields["accepted_by"] == "" {
				t.Errorf("%s accepting a high residual risk: %v, want a refusal on accepted_by", who, err)
			}
		}
		for _, a := range []aims.RiskAcceptance{
			{Version: r.Version, AcceptedOn: s.today()},                                  // no reason
			{Version: r.Version, AcceptedOn: s.today().AddDays(1), Reason: "tomorrow"},   // future
			{Version: r.Version, AcceptedOn: s.today().AddDays(-1), Reason: "yesterday"}, // before the assessment
		} {
			if _, err := s.AcceptResidualRisk(ctx, f.ceo, r.ID, a); !errors.As(err, &ve) {
				t.Errorf("accept %+v: %v, want a validation error", a, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused acceptances wrote %d events", n-events)
		}
		acc, err := s.AcceptResidualRisk(ctx, f.ceo, r.ID, aims.RiskAcceptance{Version: r.Version, AcceptedOn: s.today(), Reason: "Board accepts until the new model ships."})
		if err != nil || acc.Flagged || !strings.Contains(acc.AcceptedUnder, "Chief Executive Officer") {
			t.Errorf("CEO accepts = %+v, %v", acc, err)
		}
	})
}

func TestRiskBadInput(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		g := newRiskFixture(t, s, "globex")
		foreign, err := s.CreateRisk(ctx, g.admin, aims.Risk{Title: "Globex risk", Source: aims.SourceHardware})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Risk(ctx, f.org.ID, foreign.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's risk: %v", err)
		}
		ok := aims.Risk{Title: "t", Source: aims.SourceML}
		for field, r := range map[string]aims.Risk{
			"title":            {Source: aims.SourceML},
			"source":           {Title: "t", Source: "astrology"},
			"source_other":     {Title: "t", Source: aims.SourceOther},
			"likelihood":       {Title: "t", Source: aims.SourceML, Likelihood: 6, Impact: 1},
			"impact":           {Title: "t", Source: aims.SourceML, Likelihood: 2},
			"treatment":        {Title: "t", Source: aims.SourceML, Kind: aims.KindOpportunity, Treatment: aims.TreatModify},
			"controls":         {Title: "t", Source: aims.SourceML, Controls: []string{"ISO 27001 A.5"}},
			"ai_system_id":     {Title: "t", Source: aims.SourceML, AISystemID: g.system},
			"owner_id":         {Title: "t", Source: aims.SourceML, OwnerID: g.users[aims.RoleAdmin]},
			"affected_parties": {Title: "t", Source: aims.SourceML, Parties: []aims.Link{{ID: g.party}}},
			"context_issues":   {Title: "t", Source: aims.SourceML, Issues: []aims.Link{{ID: g.issue}}},
			"obligations":      {Title: "t", Source: aims.SourceML, Obligations: []aims.Link{{ID: g.obligation}}},
			"checked_on":       {Title: "t", Source: aims.SourceML, Effectiveness: aims.EffectEffective},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateRisk(ctx, f.admin, r); !errors.As(err, &ve) || ve.Fields[field] == "" {
				t.Errorf("%s: %v", field, err)
			}
		}
		if page, _ := s.Risks(ctx, f.org.ID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 0 {
			t.Errorf("refused risks were written: %d", page.Total)
		}
		if _, err := s.CreateRisk(ctx, f.admin, ok); err != nil {
			t.Errorf("a plain risk: %v", err)
		}
		if _, err := s.SetRiskArchived(ctx, f.admin, foreign.ID, 0, true); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("archive another organization's risk: %v", err)
		}
		if _, err := s.AcceptResidualRisk(ctx, f.ceo, foreign.ID, aims.RiskAcceptance{Version: 1, AcceptedOn: s.today(), Reason: "x"}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("accept another organization's risk: %v", err)
		}
	})
}

// TestConcurrentRiskWrites: 8 writers holding one version of a risk, of an
// acceptance and of the criteria: exactly one wins each time.
func TestConcurrentRiskWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		r, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "t", Source: aims.SourceML, Likelihood: 3, Impact: 3, ResidualLikelihood: 2, ResidualImpact: 2})
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		step := func(what string, write func(i int) error) {
			t.Helper()
			ok, errs := race(8, write)
			wantOne(t, what, ok, errs)
			if n := auditCount(t, s, f.org.ID); n != events+1 {
				t.Errorf("%s: %d audit events written, want 1", what, n-events)
			}
			events = auditCount(t, s, f.org.ID)
		}
		step("risk update", func(i int) error {
			edit := r
			edit.Title = fmt.Sprint("t", i)
			_, err := s.UpdateRisk(ctx, f.admin, edit)
			return err
		})
		step("residual acceptance", func(i int) error {
			_, err := s.AcceptResidualRisk(ctx, f.manager, r.ID, aims.RiskAcceptance{Version: 2, AcceptedOn: s.today(), Reason: fmt.Sprint("r", i)})
			return err
		})
		step("criteria version", func(i int) error {
			c := aims.DefaultRiskCriteria()
			c.Version, c.Note = 1, fmt.Sprint("n", i)
			_, err := s.SaveRiskCriteria(ctx, f.admin, c)
			return err
		})
		if n, _ := s.RiskAssessments(ctx, f.org.ID, r.ID); len(n) != 1 {
			t.Errorf("assessments = %d, want 1", len(n))
		}
		var rows int
		if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM risk_criteria WHERE org_id = $1`, f.org.ID).Scan(&rows); err != nil || rows != 2 {
			t.Errorf("criteria rows = %d, %v", rows, err)
		}
	})
}
