package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"aims/internal/aims"
)

// lifecycleSet makes a system with the records the default gate asks for
// (V&V not yet approved): the V&V and deployment by the contributor.
type lifecycleSet struct {
	system                        aims.AISystem
	vv, deploy, userDoc, eventLog aims.LifecycleRecord
	contributor, manager          aims.Principal
}

func newLifecycleSet(t *testing.T, s *Store, f fixture, name string) lifecycleSet {
	t.Helper()
	ctx := context.Background()
	ls := lifecycleSet{contributor: f.principalOf(aims.RoleContributor), manager: f.principalOf(aims.RoleManager)}
	var err error
	ls.system, err = s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: name, Purpose: "Scores applications", Lifecycle: aims.StageVerification})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.CreateDocument(ctx, f.admin, aims.NewDocument{Document: aims.Document{Title: "User guide " + name, Kind: aims.KindPlan,
		OwnerID: f.users[aims.RoleAdmin]}, Content: "How to read a score."})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(r aims.LifecycleRecord) aims.LifecycleRecord {
		t.Helper()
		r.SystemID = ls.system.ID
		out, err := s.CreateLifecycleRecord(ctx, ls.contributor, r)
		if err != nil {
			t.Fatalf("create %s: %v", r.Kind, err)
		}
		return out
	}
	ls.vv = mk(aims.LifecycleRecord{Kind: aims.KindVerification, Title: "Pre-release validation", ModelVersion: "v4.2",
		Criteria: []aims.Criterion{
			{Criterion: "AUC on hold-out", Threshold: ">= 0.78", Measured: "0.81", Passed: true, MeasuredOn: day(t, "2026-11-20"), MeasuredBy: "Model validation"},
			{Criterion: "Approval-rate ratio by sex", Threshold: ">= 0.80", Measured: "0.86", Passed: true, MeasuredOn: day(t, "2026-11-20"), MeasuredBy: "Model validation"},
		}})
	ls.deploy = mk(aims.LifecycleRecord{Kind: aims.KindDeployment, Title: "Deployment plan v4.2", ModelVersion: "v4.2"})
	ls.userDoc = mk(aims.LifecycleRecord{Kind: aims.KindDocumentation, Title: "Guide for credit officers", Audience: aims.DocUsers, DocumentID: doc.ID})
	ls.eventLog = mk(aims.LifecycleRecord{Kind: aims.KindEventLog, Title: "Decision log", Logged: "Inputs, score, decision",
		Location: "Audit store", RetentionMonths: 120, RequiredMonths: 6, Obligation: "EU AI Act Art. 19"})
	return ls
}

func TestLifecycleRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		ls := newLifecycleSet(t, s, f, "Credit scoring")
		if ls.vv.Ref != "LCR-1" || ls.vv.AuthorName != "The contributor" || len(ls.vv.Criteria) != 2 || ls.vv.Criteria[0].ModelVersion != "v4.2" {
			t.Errorf("created V&V = %+v", ls.vv)
		}
		got, err := s.LifecycleRecord(ctx, f.org.ID, ls.vv.ID)
		if err != nil || len(got.Criteria) != 2 || got.Criteria[1].Measured != "0.86" || got.SystemRef != ls.system.Ref || got.Approved() {
			t.Errorf("read = %+v, %v", got, err)
		}
		if ls.userDoc.DocumentRef == "" {
			t.Errorf("document link = %+v", ls.userDoc)
		}
		// Another organization sees nothing and links nothing.
		if _, err := s.LifecycleRecord(ctx, other.org.ID, ls.vv.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization reads: %v", err)
		}
		if _, err := s.CreateLifecycleRecord(ctx, other.admin, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindDesign, Title: "x"}); !isField(err, "ai_system_id") {
			t.Errorf("another organization's system: %v", err)
		}
		if _, err := s.CreateLifecycleRecord(ctx, f.admin, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindDocumentation, Title: "x",
			Audience: aims.DocUsers, DocumentID: 999999}); !isField(err, "document_id") {
			t.Errorf("unknown document: %v", err)
		}
		edit := ls.vv
		edit.Title = "Changed"
		if _, err := s.UpdateLifecycleRecord(ctx, other.admin, edit); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization edits: %v", err)
		}
		// The author cannot approve; another manager can; a failing criterion blocks it.
		approval := aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-25")}
		author := ls.contributor
		author.Role = aims.RoleManager
		if _, err := s.ApproveLifecycleRecord(ctx, author, ls.vv.ID, approval); !isField(err, "approved_by_id") {
			t.Errorf("author approves: %v", err)
		}
		failing := ls.vv
		failing.Criteria = append([]aims.Criterion{}, ls.vv.Criteria...)
		failing.Criteria[1].Passed, failing.Criteria[1].Measured = false, "0.74"
		failed, err := s.UpdateLifecycleRecord(ctx, f.admin, failing)
		if err != nil || failed.Version != 2 || failed.AllPass() {
			t.Fatalf("record a failed criterion = %+v, %v", failed, err)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.vv.ID, aims.LifecycleApproval{Version: 2, ApprovedOn: day(t, "2026-11-25")}); !isField(err, "criteria") {
			t.Errorf("approve a failing V&V: %v", err)
		}
		// Stale edit: 409, and nothing written.
		if _, err := s.UpdateLifecycleRecord(ctx, f.admin, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit: %v", err)
		}
		passing := failed
		passing.Criteria[1].Passed, passing.Criteria[1].Measured = true, "0.83"
		if passing, err = s.UpdateLifecycleRecord(ctx, f.admin, passing); err != nil {
			t.Fatal(err)
		}
		approved, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.vv.ID, aims.LifecycleApproval{Version: passing.Version, ApprovedOn: day(t, "2026-11-25")})
		if err != nil || !approved.Approved() || approved.ApprovedByName != "The manager" {
			t.Fatalf("approve = %+v, %v", approved, err)
		}
		// Editing an approved record withdraws the approval.
		again := approved
		again.Summary = "Re-run with new data"
		again, err = s.UpdateLifecycleRecord(ctx, f.admin, again)
		if err != nil || again.Approved() {
			t.Errorf("edit of an approved record = %+v, %v", again, err)
		}
		// A deployment approval needs its conditions.
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.deploy.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-26")}); !isField(err, "conditions") {
			t.Errorf("deployment without conditions: %v", err)
		}
		dep, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.deploy.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-26"),
			Conditions: "Monthly fairness monitoring"})
		if err != nil || dep.Conditions != "Monthly fairness monitoring" {
			t.Errorf("deployment approval = %+v, %v", dep, err)
		}
		// Monitoring readings: rows, dated and attributable, moving the next one due.
		mon, err := s.CreateLifecycleRecord(ctx, ls.contributor, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindOperation,
			Title: "Monthly monitoring", ReadingMonths: 1})
		if err != nil || mon.NextReading.String() != "2026-12-27" {
			t.Fatalf("monitoring = %+v, %v", mon, err)
		}
		if _, err := s.AddLifecycleReading(ctx, ls.contributor, mon.ID, aims.Reading{ReadOn: day(t, "2026-11-26"), Metric: "PSI", Value: 0.31,
			Threshold: "< 0.25", OK: false, Version: 1}); !isField(err, "note") {
			t.Errorf("out-of-threshold reading without a note: %v", err)
		}
		mon, err = s.AddLifecycleReading(ctx, ls.contributor, mon.ID, aims.Reading{ReadOn: day(t, "2026-11-26"), Metric: "PSI", Value: 0.31,
			Threshold: "< 0.25", OK: false, Note: "Drift after a rate change; retraining scheduled", Version: 1})
		if err != nil || mon.LastReading.String() != "2026-11-26" || mon.NextReading.String() != "2026-12-26" || mon.Version != 2 {
			t.Errorf("after a reading = %+v, %v", mon, err)
		}
		if _, err := s.AddLifecycleReading(ctx, ls.contributor, mon.ID, aims.Reading{ReadOn: day(t, "2026-11-26"), Metric: "PSI", Value: 0.1,
			Threshold: "< 0.25", OK: true, Version: 1}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale reading: %v", err)
		}
		readings, err := s.LifecycleReadings(ctx, f.org.ID, mon.ID, 10)
		if err != nil || len(readings) != 1 || readings[0].RecordedByName != "The contributor" || readings[0].Value != 0.31 {
			t.Errorf("readings = %+v, %v", readings, err)
		}
		if r, _ := s.LifecycleReadings(ctx, other.org.ID, mon.ID, 10); len(r) != 0 {
			t.Errorf("another organization reads the readings")
		}
		// History: the V&V's create, three edits and its approval.
		events, _ := s.History(ctx, f.org.ID, aims.RegisterLifecycleRecords, fmt.Sprint(ls.vv.ID))
		if len(events) != 5 {
			t.Errorf("history = %d events", len(events))
		}
		// Requirements count for A.6.2.2 only once someone other than their author baselined them.
		reqs, err := s.CreateLifecycleRecord(ctx, ls.contributor, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindRequirements,
			Title: "Credit scoring requirements", Summary: "Accuracy, fairness and explanation requirements."})
		if err != nil {
			t.Fatal(err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.6.2.2", 5); len(sup) != 0 {
			t.Errorf("unapproved requirements support A.6.2.2: %+v", sup)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, reqs.ID, aims.LifecycleApproval{Version: reqs.Version, ApprovedOn: day(t, "2026-11-26")}); err != nil {
			t.Fatal(err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.6.2.2", 5); len(sup) != 1 || sup[0].ID != reqs.ID {
			t.Errorf("approved requirements do not support A.6.2.2: %+v", sup)
		}
		// Supports: the approved deployment, the monitoring with a recent reading, the event log;
		// the V&V whose approval was withdrawn does not.
		for req, want := range map[string]int{"A.6.2.4": 0, "A.6.2.5": 1, "A.6.2.6": 1, "A.6.2.8": 1} {
			if sup, _ := s.Supports(ctx, f.org.ID, req, 5); len(sup) != want {
				t.Errorf("supports of %s = %+v, want %d", req, sup, want)
			}
		}
		// Archive and restore; a list finds by kind and search.
		arch, err := s.SetLifecycleRecordArchived(ctx, f.admin, ls.eventLog.ID, ls.eventLog.Version, true)
		if err != nil || !arch.Archived {
			t.Errorf("archive = %+v, %v", arch, err)
		}
		if _, err := s.SetLifecycleRecordArchived(ctx, f.admin, ls.eventLog.ID, ls.eventLog.Version, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale restore: %v", err)
		}
		page, err := s.LifecycleRecords(ctx, f.org.ID, aims.LifecycleFilter{ListParams: aims.ListParams{Limit: 10, Q: "monitoring"}})
		if err != nil || page.Total != 1 || page.Items[0].ID != mon.ID {
			t.Errorf("search = %+v, %v", page, err)
		}
		page, _ = s.LifecycleRecords(ctx, f.org.ID, aims.LifecycleFilter{ListParams: aims.ListParams{Limit: 10}, Kind: aims.KindEventLog, Archived: true})
		if page.Total != 1 {
			t.Errorf("archived event logs = %d", page.Total)
		}
	})
}

func TestStageGate(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		ls := newLifecycleSet(t, s, f, "Credit scoring")
		move := ls.system
		move.Lifecycle = aims.StageDeployment
		before := auditCount(t, s, f.org.ID)
		_, err := s.UpdateAISystem(ctx, f.admin, move)
		var ve *aims.ValidationError
		if !errors.As(err, &ve) || ve.Fields["gate.verification-passed"] == "" || ve.Fields["gate.deployment-approved"] == "" ||
			ve.Fields["gate.documentation-users"] != "" || ve.Fields["gate.event-log"] != "" || ve.Fields["lifecycle"] == "" {
			t.Fatalf("gate refusal = %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("a refused move wrote %d events", n-before)
		}
		gaps, err := s.StageGate(ctx, f.org.ID, ls.system.ID, aims.StageDeployment)
		if err != nil || len(gaps) != 2 {
			t.Errorf("StageGate = %+v, %v", gaps, err)
		}
		if _, err := s.StageGate(ctx, other.org.ID, ls.system.ID, aims.StageDeployment); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's gate: %v", err)
		}
		// An event log kept shorter than its obligation does not count.
		short := ls.eventLog
		short.RetentionMonths = 3
		if _, err := s.UpdateLifecycleRecord(ctx, f.admin, short); err != nil {
			t.Fatal(err)
		}
		if gaps, _ := s.StageGate(ctx, f.org.ID, ls.system.ID, aims.StageDeployment); len(gaps) != 3 {
			t.Errorf("short retention: gaps = %+v", gaps)
		}
		// Override: a contributor may not; a manager only when designated; an admin with a reason.
		o := aims.GateOverride{Stage: aims.StageDeployment, Reason: "Regulator-mandated fix must ship before the V&V sign-off", Version: ls.system.Version}
		if _, err := s.OverrideStageGate(ctx, ls.contributor, ls.system.ID, o); !errors.Is(err, aims.ErrForbidden) {
			t.Errorf("contributor overrides: %v", err)
		}
		if _, err := s.OverrideStageGate(ctx, ls.manager, ls.system.ID, o); !isField(err, "reason") {
			t.Errorf("undesignated manager overrides: %v", err)
		}
		if _, err := s.OverrideStageGate(ctx, f.admin, ls.system.ID, aims.GateOverride{Stage: aims.StageDeployment, Reason: "because", Version: ls.system.Version}); !isField(err, "reason") {
			t.Errorf("override without a real reason: %v", err)
		}
		if _, err := s.OverrideStageGate(ctx, other.admin, ls.system.ID, o); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization overrides: %v", err)
		}
		if _, err := s.CreateDesignation(ctx, f.admin, aims.Designation{UserID: f.users[aims.RoleManager], Body: aims.BodyAIRisk,
			Position: "Chief Risk Officer", From: day(t, "2026-01-01"), Basis: "Board minutes"}); err != nil {
			t.Fatal(err)
		}
		moved, err := s.OverrideStageGate(ctx, ls.manager, ls.system.ID, o)
		if err != nil || moved.Lifecycle != aims.StageDeployment || moved.Version != ls.system.Version+1 {
			t.Fatalf("override = %+v, %v", moved, err)
		}
		if _, err := s.OverrideStageGate(ctx, f.admin, ls.system.ID, o); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale override: %v", err)
		}
		ovs, err := s.GateOverrides(ctx, f.org.ID, ls.system.ID)
		if err != nil || len(ovs) != 1 || len(ovs[0].Missing) != 3 || ovs[0].ByName != "The manager" || ovs[0].Designated == "" {
			t.Errorf("overrides = %+v, %v", ovs, err)
		}
		events, _ := s.History(ctx, f.org.ID, aims.RegisterAISystems, fmt.Sprint(ls.system.ID))
		last := events[len(events)-1]
		if len(last.Changes) != 2 || last.Changes[1].Field != "gate_override" {
			t.Errorf("override event = %+v", last)
		}
		// With the records in place, the move passes without an override.
		second := newLifecycleSet(t, s, f, "Fraud screening")
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, second.vv.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-25")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, f.admin, second.deploy.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-25"), Conditions: "None"}); err != nil {
			t.Fatal(err)
		}
		go2 := second.system
		go2.Lifecycle = aims.StageDeployment
		if _, err := s.UpdateAISystem(ctx, f.admin, go2); err != nil {
			t.Errorf("move with every record: %v", err)
		}
		// A policy without gates lets anything through; a stale policy write is refused.
		pol, err := s.GatePolicy(ctx, f.org.ID)
		if err != nil || pol.Version != 0 || len(pol.Requires(aims.StageDeployment)) != 4 {
			t.Errorf("default policy = %+v, %v", pol, err)
		}
		pol.Rules = []aims.GateRule{{Stage: aims.StageRetirement, Requires: []aims.GateRequirement{aims.GateEventLog}}}
		saved, err := s.SetGatePolicy(ctx, f.admin, pol)
		if err != nil || saved.Version != 1 {
			t.Fatalf("set policy = %+v, %v", saved, err)
		}
		if _, err := s.SetGatePolicy(ctx, f.admin, pol); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale policy: %v", err)
		}
		if _, err := s.SetGatePolicy(ctx, f.admin, aims.GatePolicy{Version: 1, Rules: []aims.GateRule{{Stage: "launch"}}}); !isField(err, "rules.0.stage") {
			t.Errorf("bad policy: %v", err)
		}
		if gaps, _ := s.StageGate(ctx, f.org.ID, ls.system.ID, aims.StageDeployment); len(gaps) != 0 {
			t.Errorf("ungated stage: %+v", gaps)
		}
	})
}

// TestConcurrentGateAndArchive: a stage move racing the archive of a record
// the gate requires must not pass on the record that is gone. Both take the
// organization's lock, so either the archive waits for the move (and comes
// after it in the audit chain) or the move sees the record archived and is
// refused. Without the lock, the move reads the record live, the archive
// commits, and the move commits after it.
func TestConcurrentGateAndArchive(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for round := range 12 {
			ls := newLifecycleSet(t, s, f, fmt.Sprintf("System %d", round))
			if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.vv.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-25")}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, ls.deploy.ID, aims.LifecycleApproval{Version: 1, ApprovedOn: day(t, "2026-11-25"), Conditions: "c"}); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			var moveErr, archErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				m := ls.system
				m.Lifecycle = aims.StageDeployment
				_, moveErr = s.UpdateAISystem(ctx, f.admin, m)
			}()
			go func() {
				defer wg.Done()
				<-start
				_, archErr = s.SetLifecycleRecordArchived(ctx, f.admin, ls.eventLog.ID, ls.eventLog.Version, true)
			}()
			close(start)
			wg.Wait()
			if archErr != nil {
				t.Fatalf("archive: %v", archErr)
			}
			if moveErr != nil {
				if !isField(moveErr, "gate.event-log") {
					t.Errorf("round %d: move refused with %v", round, moveErr)
				}
				continue
			}
			sys, _ := s.History(ctx, f.org.ID, aims.RegisterAISystems, fmt.Sprint(ls.system.ID))
			rec, _ := s.History(ctx, f.org.ID, aims.RegisterLifecycleRecords, fmt.Sprint(ls.eventLog.ID))
			if moveSeq, archSeq := sys[len(sys)-1].Seq, rec[len(rec)-1].Seq; moveSeq > archSeq {
				t.Errorf("round %d: the move (event %d) passed the gate after the event log was archived (event %d)", round, moveSeq, archSeq)
			}
		}
	})
}

// TestLifecycleQueryCounts: the list is two queries and a system's records
// (the gate's read) three, whatever the number of records.
func TestLifecycleQueryCounts(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "S", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[int][2]int64{}
		made := 0
		for _, n := range []int{3, 60} {
			for ; made < n; made++ {
				if _, err := s.CreateLifecycleRecord(ctx, f.admin, aims.LifecycleRecord{SystemID: sys.ID, Kind: aims.KindVerification,
					Title: fmt.Sprintf("V%d", made), Criteria: []aims.Criterion{{Criterion: "AUC", Threshold: "0.7"}}}); err != nil {
					t.Fatal(err)
				}
			}
			lctx, list := CountQueries(ctx)
			if _, err := s.LifecycleRecords(lctx, f.org.ID, aims.LifecycleFilter{ListParams: aims.ListParams{Limit: 100}}); err != nil {
				t.Fatal(err)
			}
			gctx, gate := CountQueries(ctx)
			if _, err := s.StageGate(gctx, f.org.ID, sys.ID, aims.StageDeployment); err != nil {
				t.Fatal(err)
			}
			counts[n] = [2]int64{list(), gate()}
		}
		if counts[3] != counts[60] || counts[3][0] != 2 || counts[3][1] != 4 {
			t.Errorf("queries (list, gate) by size: %v, want 2 and 4 at both sizes", counts)
		}
	})
}

// TestRegistrationGate: registering a system directly in a gated stage is
// passing the gate, so it takes the override's authority and a reason, and
// is kept as an override; a contributor cannot do it at all.
func TestRegistrationGate(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		running := aims.AISystem{Name: "Legacy scoring", Purpose: "Scores applications", Lifecycle: aims.StageOperation}
		before := auditCount(t, s, f.org.ID)
		if _, err := s.CreateAISystem(ctx, f.principalOf(aims.RoleContributor), withReason(running)); !isField(err, "lifecycle") {
			t.Errorf("contributor registers past the gate: %v", err)
		}
		later := running
		later.Lifecycle = aims.StageReEvaluation // after the gated stages: no way round them
		if _, err := s.CreateAISystem(ctx, f.principalOf(aims.RoleContributor), later); !isField(err, "lifecycle") {
			t.Errorf("contributor registers in re-evaluation: %v", err)
		}
		if _, err := s.CreateAISystem(ctx, f.principalOf(aims.RoleManager), withReason(running)); !isField(err, "gate_reason") {
			t.Errorf("undesignated manager registers past the gate: %v", err)
		}
		if _, err := s.CreateAISystem(ctx, f.admin, running); !isField(err, "gate_reason") {
			t.Errorf("admin registers past the gate without a reason: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused registrations wrote %d events", n-before)
		}
		if p, _ := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 10}}); p.Total != 0 {
			t.Errorf("refused registrations left %d systems", p.Total)
		}
		a, err := s.CreateAISystem(ctx, f.admin, withReason(running))
		if err != nil || a.Lifecycle != aims.StageOperation || a.GateReason != "" {
			t.Fatalf("admin registration = %+v, %v", a, err)
		}
		ovs, err := s.GateOverrides(ctx, f.org.ID, a.ID)
		if err != nil || len(ovs) != 1 || ovs[0].FromStage != "" || ovs[0].Stage != aims.StageOperation || len(ovs[0].Missing) != 4 ||
			ovs[0].ByName != "The admin" || ovs[0].Reason != withReason(running).GateReason {
			t.Errorf("registration override = %+v, %v", ovs, err)
		}
		events, _ := s.History(ctx, f.org.ID, aims.RegisterAISystems, fmt.Sprint(a.ID))
		if len(events) != 1 || events[0].Changes[len(events[0].Changes)-1].Field != "gate_override" {
			t.Errorf("registration event = %+v", events)
		}
		// An ungated stage needs nothing, and keeps no reason.
		early, err := s.CreateAISystem(ctx, f.principalOf(aims.RoleContributor), aims.AISystem{Name: "New idea", Purpose: "p", Lifecycle: aims.StageDesign})
		if err != nil {
			t.Fatal(err)
		}
		if ovs, _ := s.GateOverrides(ctx, f.org.ID, early.ID); len(ovs) != 0 {
			t.Errorf("ungated registration kept an override: %+v", ovs)
		}
	})
}

func withReason(a aims.AISystem) aims.AISystem {
	a.GateReason = "In production since 2024, before the AIMS began; records are being collected."
	return a
}

// TestLifecycleEditorCannotApprove: whoever rewrote a record's content
// cannot approve it, in the store and in SQL.
func TestLifecycleEditorCannotApprove(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		ls := newLifecycleSet(t, s, f, "Credit scoring")
		reqs, err := s.CreateLifecycleRecord(ctx, ls.contributor, aims.LifecycleRecord{SystemID: ls.system.ID, Kind: aims.KindRequirements,
			Title: "Requirements", Summary: "Accuracy and fairness."})
		if err != nil {
			t.Fatal(err)
		}
		reqs.Summary = "Whatever the manager now wants baselined"
		if reqs, err = s.UpdateLifecycleRecord(ctx, ls.manager, reqs); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveLifecycleRecord(ctx, ls.manager, reqs.ID, aims.LifecycleApproval{Version: reqs.Version, ApprovedOn: s.today()}); !isField(err, "approved_by_id") {
			t.Errorf("editor approves: %v", err)
		}
		if _, err := s.w.ExecContext(ctx, `UPDATE lifecycle_records SET approved_by_id = $1, approved_on = $2 WHERE org_id = $3 AND id = $4`,
			ls.manager.UserID, s.today().String(), f.org.ID, reqs.ID); err == nil {
			t.Errorf("the schema let an editor approve")
		}
		got, err := s.ApproveLifecycleRecord(ctx, f.admin, reqs.ID, aims.LifecycleApproval{Version: reqs.Version, ApprovedOn: s.today()})
		if err != nil || got.ApprovedByName != "The admin" {
			t.Errorf("another person approves = %+v, %v", got, err)
		}
	})
}
