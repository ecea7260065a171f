package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"aims/internal/aims"
)

// TestTreatmentControlsAndTheSoA: a control a risk treatment chose cannot be
// excluded through the SoA, the gap analysis or a custom control's own
// record, and a treatment cannot choose a control the SoA excludes or a
// custom control that does not exist.
func TestTreatmentControlsAndTheSoA(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		controls := annexA(t)
		cc, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: "Prompt-injection tests", Applicable: true,
			Reason: aims.ReasonRisk, Justification: "The assistant reads customer text.", Status: aims.GapPlanned})
		if err != nil {
			t.Fatal(err)
		}
		excluded, err := s.CreateCustomControl(ctx, f.admin, aims.CustomControl{Title: "On-premise model hosting", Applicable: false,
			Reason: aims.ReasonNotNeeded, Justification: "No model is hosted on premises."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "A.10.4", Status: aims.GapNotApplicable,
			Justification: "No customers receive AI systems."}); err != nil {
			t.Fatal(err)
		}
		risk := aims.Risk{Title: "Injected instructions", Source: aims.SourceML, Likelihood: 3, Impact: 3,
			Treatment: aims.TreatModify, Controls: []string{"A.6.2.4", cc.Ref}}
		r, err := s.CreateRisk(ctx, f.admin, risk)
		if err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, s, f.org.ID)
		var ve *aims.ValidationError
		for name, refused := range map[string]error{
			"a treatment choosing an excluded Annex A control": func() error {
				in := risk
				in.Controls = []string{"A.10.4"}
				_, err := s.CreateRisk(ctx, f.admin, in)
				return err
			}(),
			"a treatment choosing an excluded custom control": func() error {
				in := risk
				in.Controls = []string{excluded.Ref}
				_, err := s.CreateRisk(ctx, f.admin, in)
				return err
			}(),
			"a treatment choosing an unknown custom control": func() error {
				in := risk
				in.Controls = []string{"CC-99"}
				_, err := s.CreateRisk(ctx, f.admin, in)
				return err
			}(),
			"the gap analysis making a chosen control not applicable": func() error {
				_, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "A.6.2.4", Status: aims.GapNotApplicable, Justification: "x"})
				return err
			}(),
			"the SoA excluding a chosen control": func() error {
				_, err := s.UpdateSoARow(ctx, f.admin, controls, aims.SoAEdit{Ref: "A.6.2.4", Applicable: false,
					Reason: aims.ReasonNotNeeded, Justification: "x"})
				return err
			}(),
			"a chosen custom control excluded on its record": func() error {
				in := cc
				in.Applicable, in.Reason = false, aims.ReasonNotNeeded
				_, err := s.UpdateCustomControl(ctx, f.admin, in)
				return err
			}(),
			"a chosen custom control archived": func() error {
				_, err := s.SetCustomControlArchived(ctx, f.admin, cc.ID, cc.Version, true)
				return err
			}(),
		} {
			if !errors.As(refused, &ve) {
				t.Errorf("%s: %v, want a validation error", name, refused)
			}
		}
		if after := auditCount(t, s, f.org.ID); after != before {
			t.Errorf("refused writes added %d audit events", after-before)
		}
		rows, err := s.SoA(ctx, f.org.ID, controls)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if row.Ref == "A.6.2.4" && (len(row.Risks) != 1 || row.Risks[0] != r.Ref) {
				t.Errorf("A.6.2.4's risks = %v, want %s", row.Risks, r.Ref)
			}
		}
		// Once no live treatment chooses it, the control may be excluded.
		if _, err := s.SetRiskArchived(ctx, f.admin, r.ID, r.Version, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "A.6.2.4", Status: aims.GapNotApplicable, Justification: "Retired."}); err != nil {
			t.Errorf("excluding a control no live treatment chooses: %v", err)
		}
	})
}

// TestConcurrentTreatmentAndExclusion races a treatment choosing a control
// against the gap analysis excluding it, on PostgreSQL: one of them is
// refused, never both saved.
func TestConcurrentTreatmentAndExclusion(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		for i, ref := range []string{"A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.8.2", "A.8.3", "A.8.5"} {
			var wg sync.WaitGroup
			start := make(chan struct{})
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				_, _ = s.CreateRisk(ctx, f.admin, aims.Risk{Title: fmt.Sprint("Race ", i), Source: aims.SourceML, Treatment: aims.TreatModify, Controls: []string{ref}})
			}()
			go func() {
				defer wg.Done()
				<-start
				_, _ = s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: ref, Status: aims.GapNotApplicable, Justification: "Race."})
			}()
			close(start)
			wg.Wait()
			chosen, err := s.chosenControls(ctx, s.r, f.org.ID)
			if err != nil {
				t.Fatal(err)
			}
			g, _ := s.GapEntry(ctx, f.org.ID, ref)
			if len(chosen[ref]) > 0 && g.Status == aims.GapNotApplicable {
				t.Errorf("%s: a treatment chose it and the gap analysis excluded it at once", ref)
			}
		}
	})
}
