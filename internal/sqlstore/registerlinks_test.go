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

// lastDiff is the latest audit event's changes of a record as one line.
func lastDiff(t *testing.T, s *Store, orgID int64, reg string, id int64) string {
	t.Helper()
	hist, err := s.History(context.Background(), orgID, reg, strconv.FormatInt(id, 10))
	if err != nil || len(hist) == 0 {
		t.Fatalf("history of %s %d: %d events, %v", reg, id, len(hist), err)
	}
	diff := ""
	for _, ch := range hist[len(hist)-1].Changes {
		diff += ch.Field + ":" + string(ch.Old) + ">" + string(ch.New) + " "
	}
	return diff
}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	var ve *aims.ValidationError
	if !errors.As(err, &ve) || ve.Fields[field] == "" {
		t.Errorf("%s: err %v, want a field error on %s", what, err, field)
	}
}

func TestComponentThirdPartyAndDataset(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		theirSys, _ := s.CreateAISystem(ctx, g.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		cloud, err := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Cloud provider", Kind: aims.ThirdPartySupplier})
		if err != nil {
			t.Fatal(err)
		}
		bureau, _ := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Credit bureau", Kind: aims.ThirdPartySupplier})
		customer, _ := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Retail client", Kind: aims.ThirdPartyCustomer})
		theirTP, _ := s.CreateThirdParty(ctx, g.admin, aims.ThirdParty{Name: "Theirs", Kind: aims.ThirdPartySupplier})
		loans, err := s.CreateDataset(ctx, f.admin, aims.Dataset{AISystemID: sys.ID, Name: "Loan book", Use: aims.DatasetTraining, Purpose: "Train"})
		if err != nil {
			t.Fatal(err)
		}
		theirDS, _ := s.CreateDataset(ctx, g.admin, aims.Dataset{AISystemID: theirSys.ID, Name: "Theirs", Use: aims.DatasetTraining, Purpose: "p"})

		svc, err := s.CreateComponent(ctx, f.admin, aims.Component{AISystemID: sys.ID, Kind: aims.ComponentThirdParty, Name: "GPU cluster",
			ThirdPartyID: cloud.ID})
		if err != nil || svc.ThirdParty != "TP-1 Cloud provider" {
			t.Fatalf("component with third party = %+v, %v", svc, err)
		}
		data, err := s.CreateComponent(ctx, f.admin, aims.Component{AISystemID: sys.ID, Kind: aims.ComponentData, Name: "Training data",
			ThirdPartyID: bureau.ID, DatasetID: loans.ID})
		if err != nil || data.Dataset != "DS-1 Loan book" || data.ThirdParty != "TP-2 Credit bureau" {
			t.Fatalf("data component = %+v, %v", data, err)
		}
		if got, _ := s.Component(ctx, f.org.ID, data.ID); got.DatasetID != loans.ID || got.Dataset != "DS-1 Loan book" || got.ThirdPartyID != bureau.ID {
			t.Errorf("read back = %+v", got)
		}
		if d := lastDiff(t, s, f.org.ID, aims.RegisterComponents, svc.ID); !strings.Contains(d, `third_party:null>"TP-1 Cloud provider"`) &&
			!strings.Contains(d, `third_party:"">"TP-1 Cloud provider"`) {
			t.Errorf("create diff = %s", d)
		}

		// Refused: another organization's IDs, a customer, a data set on a
		// component that is not data, an archived third party or data set.
		archivedTP, _ := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Old vendor", Kind: aims.ThirdPartySupplier})
		archivedTP, _ = s.SetThirdPartyArchived(ctx, f.admin, archivedTP.ID, archivedTP.Version, true)
		oldDS, _ := s.CreateDataset(ctx, f.admin, aims.Dataset{AISystemID: sys.ID, Name: "Old extract", Use: aims.DatasetTraining, Purpose: "p"})
		oldDS, _ = s.SetDatasetArchived(ctx, f.admin, oldDS.ID, oldDS.Version, true)
		before := auditCount(t, s, f.org.ID)
		for name, tc := range map[string]struct {
			c     aims.Component
			field string
		}{
			"other org's third party": {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentThirdParty, Name: "x", ThirdPartyID: theirTP.ID}, "third_party_id"},
			"other org's data set":    {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentData, Name: "x", DatasetID: theirDS.ID}, "dataset_id"},
			"customer":                {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentThirdParty, Name: "x", ThirdPartyID: customer.ID}, "third_party_id"},
			"data set on a model":     {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentModel, Name: "x", DatasetID: loans.ID}, "dataset_id"},
			"archived third party":    {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentThirdParty, Name: "x", ThirdPartyID: archivedTP.ID}, "third_party_id"},
			"archived data set":       {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentData, Name: "x", DatasetID: oldDS.ID}, "dataset_id"},
			"negative third party":    {aims.Component{AISystemID: sys.ID, Kind: aims.ComponentData, Name: "x", ThirdPartyID: -1}, "third_party_id"},
		} {
			_, err := s.CreateComponent(ctx, f.admin, tc.c)
			wantField(t, name, err, tc.field)
		}
		edit := svc
		edit.ThirdPartyID = theirTP.ID
		_, err = s.UpdateComponent(ctx, f.admin, edit)
		wantField(t, "edit to other org's third party", err, "third_party_id")
		edit.ThirdPartyID = archivedTP.ID
		_, err = s.UpdateComponent(ctx, f.admin, edit)
		wantField(t, "edit to archived third party", err, "third_party_id")
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}
		if got, _ := s.Component(ctx, f.org.ID, svc.ID); got.ThirdPartyID != cloud.ID || got.Version != svc.Version {
			t.Errorf("refused edit changed the component: %+v", got)
		}

		// The database itself refuses a link into another organization.
		for col, id := range map[string]int64{"third_party_id": theirTP.ID, "dataset_id": theirDS.ID} {
			if _, err := s.w.ExecContext(ctx, `UPDATE ai_components SET `+col+` = $1 WHERE id = $2`, id, data.ID); err == nil {
				t.Errorf("the schema lets %s point into another organization", col)
			}
		}

		// A change of link is in the audit diff, by name.
		edit.ThirdPartyID = bureau.ID
		moved, err := s.UpdateComponent(ctx, f.admin, edit)
		if err != nil || moved.ThirdParty != "TP-2 Credit bureau" {
			t.Fatalf("relink = %+v, %v", moved, err)
		}
		if d := lastDiff(t, s, f.org.ID, aims.RegisterComponents, svc.ID); !strings.Contains(d, `third_party:"TP-1 Cloud provider">"TP-2 Credit bureau"`) {
			t.Errorf("relink diff = %s", d)
		}

		// A link made before its third party was archived stays on edit.
		bureauNow, _ := s.ThirdParty(ctx, f.org.ID, bureau.ID)
		if _, err := s.SetThirdPartyArchived(ctx, f.admin, bureau.ID, bureauNow.Version, true); err != nil {
			t.Fatal(err)
		}
		moved.Release = "2"
		if kept, err := s.UpdateComponent(ctx, f.admin, moved); err != nil || kept.ThirdPartyID != bureau.ID {
			t.Errorf("edit keeping an archived third party = %+v, %v", kept, err)
		}

		// Each side lists the components that name it; another org sees none.
		if list, err := s.ThirdPartyComponents(ctx, f.org.ID, bureau.ID); err != nil || len(list) != 2 {
			t.Errorf("bureau's components = %d, %v", len(list), err)
		}
		if list, _ := s.ThirdPartyComponents(ctx, f.org.ID, cloud.ID); len(list) != 0 {
			t.Errorf("cloud's components = %d after the relink", len(list))
		}
		if list, err := s.DatasetComponents(ctx, f.org.ID, loans.ID); err != nil || len(list) != 1 || list[0].AISystem != "AIS-1 CreditLens" {
			t.Errorf("loan book's components = %+v, %v", list, err)
		}
		if list, _ := s.DatasetComponents(ctx, g.org.ID, loans.ID); len(list) != 0 {
			t.Errorf("another org lists %d components of the data set", len(list))
		}
		if page, _ := s.Components(ctx, f.org.ID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10, Q: "bureau"}}); page.Total != 2 {
			t.Errorf("search by supplier name found %d", page.Total)
		}
	})
}

func TestObjectiveRisks(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		risk := func(p aims.Principal, title string) aims.Risk {
			r, err := s.CreateRisk(ctx, p, aims.Risk{Title: title, Source: aims.SourceML, Likelihood: 3, Impact: 3})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		bias, drift, theirs := risk(f.admin, "Unfair refusals"), risk(f.admin, "Model drift"), risk(g.admin, "Theirs")
		old := risk(f.admin, "Retired risk")
		old, err := s.SetRiskArchived(ctx, f.admin, old.ID, old.Version, true)
		if err != nil {
			t.Fatal(err)
		}
		in := newObjective(aims.ObjectiveAIMS, "Fairness gap")
		in.AISystems, in.RiskIDs = []aims.Link{{ID: sys.ID}}, []int64{drift.ID, bias.ID}
		o, err := s.CreateObjective(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateObjective: %v", err)
		}
		if len(o.Risks) != 2 || o.Risks[0].Ref != "RSK-1" || o.Risks[0].Name != "Unfair refusals" || o.Risks[1].Ref != "RSK-2" {
			t.Errorf("created risks = %+v", o.Risks)
		}
		got, err := s.Objective(ctx, f.org.ID, o.ID)
		if err != nil || len(got.RiskIDs) != 2 || got.RiskIDs[0] != bias.ID || len(got.Risks) != 2 {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		if d := lastDiff(t, s, f.org.ID, aims.RegisterObjectives, o.ID); !strings.Contains(d, `"RSK-1"`) {
			t.Errorf("create diff = %s", d)
		}

		// Refused, nothing changed: another org's risk, archived, twice, not an ID.
		before := auditCount(t, s, f.org.ID)
		for name, ids := range map[string][]int64{
			"other org's risk": {theirs.ID},
			"archived risk":    {old.ID},
			"twice":            {bias.ID, bias.ID},
			"not an ID":        {0},
		} {
			bad := newObjective(aims.ObjectiveAIMS, "x")
			bad.RiskIDs = ids
			_, err := s.CreateObjective(ctx, f.admin, bad)
			wantField(t, "create "+name, err, "risk_ids")
			edit := got
			edit.RiskIDs = ids
			_, err = s.UpdateObjective(ctx, f.admin, edit)
			wantField(t, "update "+name, err, "risk_ids")
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}
		if now, _ := s.Objective(ctx, f.org.ID, o.ID); now.Version != got.Version || len(now.Risks) != 2 {
			t.Errorf("refused edits changed the objective: %+v", now)
		}

		// Replaced in the objective's write; the diff names the risks.
		edit := got
		edit.RiskIDs = []int64{drift.ID}
		updated, err := s.UpdateObjective(ctx, f.admin, edit)
		if err != nil || updated.Version != got.Version+1 || len(updated.Risks) != 1 || updated.Risks[0].ID != drift.ID {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		if d := lastDiff(t, s, f.org.ID, aims.RegisterObjectives, o.ID); !strings.Contains(d, "risks:") || !strings.Contains(d, "Unfair refusals") {
			t.Errorf("update diff = %s", d)
		}
		stale := got
		stale.RiskIDs = []int64{}
		if _, err := s.UpdateObjective(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}

		// The risk's side: the objectives that address it.
		if list, err := s.RiskObjectives(ctx, f.org.ID, drift.ID); err != nil || len(list) != 1 || list[0].ID != o.ID {
			t.Errorf("drift's objectives = %+v, %v", list, err)
		}
		if list, _ := s.RiskObjectives(ctx, f.org.ID, bias.ID); len(list) != 0 {
			t.Errorf("bias's objectives = %d after the edit", len(list))
		}
		if list, _ := s.RiskObjectives(ctx, g.org.ID, drift.ID); len(list) != 0 {
			t.Errorf("another org lists %d objectives", len(list))
		}

		// A link to a risk archived after it was made stays on edit.
		driftNow, _ := s.Risk(ctx, f.org.ID, drift.ID)
		if _, err := s.SetRiskArchived(ctx, f.admin, drift.ID, driftNow.Version, true); err != nil {
			t.Fatal(err)
		}
		updated.Title = "Fairness gap under 2 points"
		if kept, err := s.UpdateObjective(ctx, f.admin, updated); err != nil || len(kept.Risks) != 1 {
			t.Errorf("edit keeping an archived risk = %+v, %v", kept, err)
		}
	})
}

// TestLinkWaitsForArchive: a link written while another transaction
// archives its target waits for it, then is refused, on PostgreSQL; the
// archived record is never newly linked.
func TestLinkWaitsForArchive(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newRiskFixture(t, s, "acme")
		tp, err := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Vendor", Kind: aims.ThirdPartySupplier})
		if err != nil {
			t.Fatal(err)
		}
		risk, err := s.CreateRisk(ctx, f.admin, aims.Risk{Title: "Drift", Source: aims.SourceML, Likelihood: 2, Impact: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			table string
			id    int64
			link  func() error
		}{
			{"third_parties", tp.ID, func() error {
				_, err := s.CreateComponent(ctx, f.admin, aims.Component{AISystemID: f.system, Kind: aims.ComponentThirdParty, Name: "Model API", ThirdPartyID: tp.ID})
				return err
			}},
			{"ai_systems", f.system, func() error {
				_, err := s.CreateLifecycleRecord(ctx, f.admin, aims.LifecycleRecord{SystemID: f.system, Kind: aims.KindDesign, Title: "Design"})
				return err
			}},
			{"risks", risk.ID, func() error {
				_, err := s.CreateObjective(ctx, f.admin, aims.Objective{Kind: aims.ObjectiveAIMS, Title: "Keep drift low", Measure: "PSI",
					Direction: aims.AtMost, TargetValue: 0.2, TargetUnit: "PSI", Plan: "Retrain", Evaluation: "Monthly",
					TargetDate: s.today().AddDays(90), RiskIDs: []int64{risk.ID}})
				return err
			}},
		} {
			tx, err := s.w.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+tc.table+` SET archived = true, version = version + 1 WHERE org_id = $1 AND id = $2`, f.org.ID, tc.id); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- tc.link() }()
			time.Sleep(300 * time.Millisecond) // the link reads its target while the archive is not committed
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err == nil {
				t.Errorf("%s: newly linked to a record archived at the same moment", tc.table)
			}
		}
	})
}
