package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

func newObjective(kind aims.ObjectiveKind, title string) aims.Objective {
	return aims.Objective{Kind: kind, Title: title, Measure: "Gap in approval rates between groups, quarterly", Direction: aims.AtMost,
		TargetValue: 2, TargetUnit: "percentage points", Plan: "Reweigh training data", Evaluation: "Risk committee reviews each quarter",
		TargetDate: mustDate("2027-06-30")}
}

func newChange(subject aims.ChangeSubject, systemID int64, significant bool) aims.ChangeRequest {
	return aims.ChangeRequest{Title: "Model v4", Subject: subject, AISystemID: systemID, Description: "Retrain on bureau data",
		Reason: "Drift", ImpactAffects: "Credit decisions", Significant: significant}
}

func TestObjectiveLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "other")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		in := newObjective(aims.ObjectiveAIMS, " Fairness gap ")
		in.AISystems, in.OwnerID = []aims.Link{{ID: sys.ID}}, f.users[aims.RoleManager]
		o, err := s.CreateObjective(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateObjective: %v", err)
		}
		if o.Ref != "OBJ-1" || o.Title != "Fairness gap" || o.Status != aims.ObjectiveNotMeasured || len(o.AISystems) != 1 || o.AISystems[0].Name != "CreditLens" {
			t.Errorf("created = %+v", o)
		}
		// Another organization's system or owner is a field error, nothing written.
		events := auditCount(t, s, f.org.ID)
		bad := in
		bad.AISystems = []aims.Link{{ID: foreign.ID}}
		var ve *aims.ValidationError
		if _, err := s.CreateObjective(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields["ai_systems"] == "" {
			t.Errorf("foreign system: %v", err)
		}
		bad = in
		bad.PolicyID = 999999
		if _, err := s.CreateObjective(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields["policy_id"] == "" {
			t.Errorf("unknown policy: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused creations wrote %d events", n-events)
		}
		if _, err := s.Objective(ctx, other.org.ID, o.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from another organization: %v", err)
		}

		// Readings: history kept, status from the latest, a stale one refused.
		c.advance(24 * 3600e9)
		m1 := aims.Measurement{On: aims.DateOf(c.t), Value: 3.1, Status: aims.ObjectiveAtRisk, Note: "Q3", Version: 1,
			NextMeasurement: aims.DateOf(c.t).AddDays(90)}
		o2, err := s.RecordMeasurement(ctx, f.admin, o.ID, m1)
		if err != nil {
			t.Fatalf("RecordMeasurement: %v", err)
		}
		if o2.Version != 2 || o2.Status != aims.ObjectiveAtRisk || o2.LastValue != 3.1 || len(o2.Measurements) != 1 || o2.NextMeasurement != m1.NextMeasurement {
			t.Errorf("after a reading = %+v", o2)
		}
		if _, err := s.RecordMeasurement(ctx, f.admin, o.ID, m1); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale reading: %v", err)
		}
		older := aims.Measurement{On: aims.DateOf(c.t).AddDays(-30), Value: 4, Status: aims.ObjectiveAtRisk, Version: 2}
		o3, err := s.RecordMeasurement(ctx, f.admin, o.ID, older)
		if err != nil || o3.LastValue != 3.1 || len(o3.Measurements) != 2 || o3.Measurements[0].Value != 3.1 {
			t.Errorf("backdated reading = %+v, %v", o3, err)
		}
		future := aims.Measurement{On: aims.DateOf(c.t).AddDays(1), Value: 1, Status: aims.ObjectiveOnTrack, Version: 3}
		if _, err := s.RecordMeasurement(ctx, f.admin, o.ID, future); !errors.As(err, &ve) || ve.Fields["measured_on"] == "" {
			t.Errorf("future reading: %v", err)
		}
		if _, err := s.RecordMeasurement(ctx, other.admin, o.ID, m1); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("reading from another organization: %v", err)
		}
		// An edit keeps the readings and the status.
		edit := o3
		edit.TargetValue = 1.5
		o4, err := s.UpdateObjective(ctx, f.admin, edit)
		if err != nil || o4.Version != 4 || o4.Status != aims.ObjectiveAtRisk || o4.TargetValue != 1.5 {
			t.Errorf("update = %+v, %v", o4, err)
		}
		if _, err := s.UpdateObjective(ctx, f.admin, o3); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterObjectives, strconv.FormatInt(o.ID, 10))
		if err != nil || len(hist) != 4 || hist[1].Changes[0].Field != "reading" || !strings.Contains(string(hist[1].Changes[0].New), "3.1 percentage points") {
			t.Errorf("history = %+v, %v", hist, err)
		}
		// Responsible-use objectives are typed apart.
		if _, err := s.CreateObjective(ctx, f.admin, newObjective(aims.ObjectiveResponsibleUse, "Override rate reviewed")); err != nil {
			t.Fatal(err)
		}
		page, err := s.Objectives(ctx, f.org.ID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 10}, Kind: aims.ObjectiveResponsibleUse})
		if err != nil || page.Total != 1 || page.Items[0].Title != "Override rate reviewed" {
			t.Errorf("responsible-use filter = %+v, %v", page, err)
		}
		// Responsible-development objectives support A.6.1.2 once measured.
		dev, err := s.CreateObjective(ctx, f.admin, newObjective(aims.ObjectiveResponsibleDevelopment, "Releases verified before deployment"))
		if err != nil {
			t.Fatal(err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.6.1.2", 10); len(sup) != 0 {
			t.Errorf("an unmeasured objective supports A.6.1.2: %+v", sup)
		}
		if _, err := s.RecordMeasurement(ctx, f.admin, dev.ID, aims.Measurement{On: aims.DateOf(c.t), Value: 2, Status: aims.ObjectiveOnTrack,
			Version: dev.Version}); err != nil {
			t.Fatal(err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.6.1.2", 10); len(sup) != 1 || sup[0].ID != dev.ID {
			t.Errorf("supports A.6.1.2 = %+v", sup)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.9.3", 10); len(sup) != 0 {
			t.Errorf("a responsible-development objective supports A.9.3: %+v", sup)
		}
		page, err = s.Objectives(ctx, f.org.ID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 10, Q: "fairness"}})
		if err != nil || page.Total != 1 {
			t.Errorf("search = %+v, %v", page, err)
		}
		page, err = s.Objectives(ctx, f.org.ID, aims.ObjectiveFilter{ListParams: aims.ListParams{Limit: 10}, AISystemID: sys.ID})
		if err != nil || page.Total != 1 {
			t.Errorf("system filter = %+v, %v", page, err)
		}
		// Supports 6.2 once measured; due work lists the next reading and the target.
		sup, err := s.Supports(ctx, f.org.ID, "6.2", 10)
		if err != nil || len(sup) != 1 || sup[0].Ref != "OBJ-1" {
			t.Errorf("supports 6.2 = %+v, %v", sup, err)
		}
		due, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: aims.DateOf(c.t), Register: aims.RegisterObjectives})
		if err != nil || due.Total != 4 { // OBJ-1's reading and target, OBJ-2's and OBJ-3's targets
			t.Errorf("due objectives = %+v, %v", due, err)
		}
		arch, err := s.SetObjectiveArchived(ctx, f.admin, o.ID, 4, true)
		if err != nil || !arch.Archived {
			t.Errorf("archive = %+v, %v", arch, err)
		}
		if _, err := s.RecordMeasurement(ctx, f.admin, o.ID, aims.Measurement{On: aims.DateOf(c.t), Value: 1, Status: aims.ObjectiveOnTrack, Version: 5}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("reading on archived: %v", err)
		}
	})
}

func TestChangeWorkflow(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "other")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans", OwnerID: f.users[aims.RoleContributor]})
		if err != nil {
			t.Fatal(err)
		}
		requester := f.principalOf(aims.RoleContributor)
		manager := f.principalOf(aims.RoleManager)
		today := aims.DateOf(c.t)

		// Bad input: another organization's system, an AIMS change naming a system.
		var ve *aims.ValidationError
		events := auditCount(t, s, f.org.ID)
		if _, err := s.CreateChange(ctx, other.admin, newChange(aims.SubjectAISystem, sys.ID, true)); !errors.As(err, &ve) || ve.Fields["ai_system_id"] == "" {
			t.Errorf("foreign system: %v", err)
		}
		if _, err := s.CreateChange(ctx, requester, newChange(aims.SubjectAIMS, sys.ID, false)); !errors.As(err, &ve) || ve.Fields["ai_system_id"] == "" {
			t.Errorf("AIMS change with a system: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused creations wrote %d events", n-events)
		}

		ch, err := s.CreateChange(ctx, requester, newChange(aims.SubjectAISystem, sys.ID, true))
		if err != nil {
			t.Fatalf("CreateChange: %v", err)
		}
		if ch.Ref != "CHG-1" || ch.Status != aims.ChangeRequested || ch.RequestedByName != "The contributor" || ch.RequestedOn != today || ch.AISystemName != "CreditLens" {
			t.Errorf("created = %+v", ch)
		}
		// The requester cannot decide on their own change.
		events = auditCount(t, s, f.org.ID)
		if _, err := s.DecideChange(ctx, requester, ch.ID, aims.ChangeStep{Version: 1, On: today, Approve: true, ReassessBy: today.AddDays(30)}); !errors.As(err, &ve) || ve.Fields["by"] == "" {
			t.Errorf("requester approving: %v", err)
		}
		// A significant change to a system needs its reassessment day.
		if _, err := s.DecideChange(ctx, manager, ch.ID, aims.ChangeStep{Version: 1, On: today, Approve: true}); !errors.As(err, &ve) || ve.Fields["reassess_by"] == "" {
			t.Errorf("approval without reassess_by: %v", err)
		}
		if _, err := s.ImplementChange(ctx, manager, ch.ID, aims.ChangeStep{Version: 1, On: today, Note: "done"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("implementing a requested change: %v", err)
		}
		if _, err := s.DecideChange(ctx, other.admin, ch.ID, aims.ChangeStep{Version: 1, On: today, Approve: true, ReassessBy: today.AddDays(30)}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("decision from another organization: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused steps wrote %d events", n-events)
		}
		if due, _ := s.ReassessmentsDue(ctx, f.org.ID, sys.ID); len(due) != 0 {
			t.Errorf("reassessment due before approval: %+v", due)
		}

		approved, err := s.DecideChange(ctx, manager, ch.ID, aims.ChangeStep{Version: 1, On: today, Approve: true, Note: "Shadow run first", ReassessBy: today.AddDays(30)})
		if err != nil {
			t.Fatalf("approve: %v", err)
		}
		if approved.Status != aims.ChangeApproved || approved.DecidedByName != "The manager" || !approved.ReassessmentDue || approved.Version != 2 {
			t.Errorf("approved = %+v", approved)
		}
		// Approval makes due work: "Reassess risk and impact of CreditLens after CHG-1", the system owner's.
		due, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: today, Register: aims.RegisterChanges})
		if err != nil || due.Total != 1 || due.Items[0].What != "Reassess risk and impact of CreditLens after CHG-1" ||
			due.Items[0].Due != today.AddDays(30) || due.Items[0].OwnerID != f.users[aims.RoleContributor] {
			t.Errorf("due work = %+v, %v", due, err)
		}
		if sd, _ := s.ReassessmentsDue(ctx, f.org.ID, sys.ID); len(sd) != 1 {
			t.Errorf("system reassessments due = %+v", sd)
		}
		if p, _ := s.Changes(ctx, f.org.ID, aims.ChangeFilter{ListParams: aims.ListParams{Limit: 10}, Reassessment: true}); p.Total != 1 {
			t.Errorf("reassessment filter = %d", p.Total)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "8.1", 10); len(sup) != 0 {
			t.Errorf("a change waiting for reassessment supports 8.1: %+v", sup)
		}
		// Edits after approval may move only the owner and planned day.
		edit := approved
		edit.Description = "Something else"
		if _, err := s.UpdateChange(ctx, manager, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("editing an approved change: %v", err)
		}
		edit = approved
		edit.PlannedOn = today.AddDays(10)
		approved, err = s.UpdateChange(ctx, manager, edit)
		if err != nil || approved.Version != 3 {
			t.Fatalf("moving the planned day: %+v, %v", approved, err)
		}

		// The manual reassessment removes the due work.
		if _, err := s.RecordReassessment(ctx, manager, ch.ID, aims.ChangeStep{Version: 2, On: today, Note: "x"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale reassessment: %v", err)
		}
		c.advance(48 * 3600e9)
		today = aims.DateOf(c.t)
		re, err := s.RecordReassessment(ctx, manager, ch.ID, aims.ChangeStep{Version: 3, On: today, Note: "RSK-4 reassessed; impact assessment v3 approved"})
		if err != nil || re.ReassessmentDue || re.ReassessedByName != "The manager" {
			t.Fatalf("reassessment = %+v, %v", re, err)
		}
		due, _ = s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: today, Register: aims.RegisterChanges})
		if due.Total != 1 || due.Items[0].What != "Implement approved change" {
			t.Errorf("due work after reassessment = %+v", due)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "8.1", 10); len(sup) != 0 {
			t.Errorf("an approved change not yet carried out supports 8.1: %+v", sup)
		}
		if _, err := s.RecordReassessment(ctx, manager, ch.ID, aims.ChangeStep{Version: 4, On: today, Note: "again"}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("second reassessment: %v", err)
		}
		impl, err := s.ImplementChange(ctx, requester, ch.ID, aims.ChangeStep{Version: 4, On: today, Note: "Deployed v4"})
		if err != nil || impl.Status != aims.ChangeImplemented {
			t.Fatalf("implement = %+v, %v", impl, err)
		}
		if _, err := s.CloseChange(ctx, manager, ch.ID, aims.ChangeStep{Version: 5, On: today}); !errors.As(err, &ve) || ve.Fields["note"] == "" {
			t.Errorf("closing without a review: %v", err)
		}
		closed, err := s.CloseChange(ctx, manager, ch.ID, aims.ChangeStep{Version: 5, On: today, Note: "Gap fell to 1.8 pp"})
		if err != nil || closed.Status != aims.ChangeClosed || closed.OutcomeReview == "" {
			t.Fatalf("close = %+v, %v", closed, err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "8.1", 10); len(sup) != 1 {
			t.Errorf("supports 8.1 = %+v", sup)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterChanges, strconv.FormatInt(ch.ID, 10))
		if err != nil || len(hist) != 6 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		var statuses []string
		for _, e := range hist {
			for _, x := range e.Changes {
				if x.Field == "status" {
					statuses = append(statuses, string(x.New))
				}
			}
		}
		if got := strings.Join(statuses, " "); got != `"requested" "approved" "implemented" "closed"` {
			t.Errorf("status history = %s", got)
		}

		// A rejection needs its reason; an AIMS change needs no reassessment.
		aimsChange, err := s.CreateChange(ctx, requester, newChange(aims.SubjectAIMS, 0, true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideChange(ctx, manager, aimsChange.ID, aims.ChangeStep{Version: 1, On: today}); !errors.As(err, &ve) || ve.Fields["note"] == "" {
			t.Errorf("rejection without a reason: %v", err)
		}
		if _, err := s.DecideChange(ctx, manager, aimsChange.ID, aims.ChangeStep{Version: 1, On: today, Approve: true, ReassessBy: today}); !errors.As(err, &ve) || ve.Fields["reassess_by"] == "" {
			t.Errorf("reassess_by on an AIMS change: %v", err)
		}
		rej, err := s.DecideChange(ctx, manager, aimsChange.ID, aims.ChangeStep{Version: 1, On: today, Note: "Not now"})
		if err != nil || rej.Status != aims.ChangeRejected || rej.ReassessmentDue {
			t.Errorf("reject = %+v, %v", rej, err)
		}
		if p, _ := s.Changes(ctx, f.org.ID, aims.ChangeFilter{ListParams: aims.ListParams{Limit: 10, Q: "bureau"}, Status: aims.ChangeRejected}); p.Total != 1 {
			t.Errorf("search and status filter = %d", p.Total)
		}
		if _, err := s.SetChangeArchived(ctx, f.admin, aimsChange.ID, 2, true); err != nil {
			t.Errorf("archive: %v", err)
		}
	})
}

// TestConcurrentChangeDecisions: 8 members approve or reject one requested
// change at once, holding its version: one decision is kept, one event.
func TestConcurrentChangeDecisions(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		ch, err := s.CreateChange(ctx, f.principalOf(aims.RoleContributor), newChange(aims.SubjectAISystem, sys.ID, true))
		if err != nil {
			t.Fatal(err)
		}
		events := auditCount(t, s, f.org.ID)
		today := aims.DateOf(c.t)
		deciders := []aims.Principal{f.admin, f.principalOf(aims.RoleManager)}
		ok, errs := race(8, func(i int) error {
			d := aims.ChangeStep{Version: 1, On: today, Approve: i%2 == 0, Note: fmt.Sprint("decision ", i)}
			if d.Approve {
				d.ReassessBy = today.AddDays(30)
			}
			_, err := s.DecideChange(ctx, deciders[i%2], ch.ID, d)
			return err
		})
		wantOne(t, "change decision", ok, errs)
		if n := auditCount(t, s, f.org.ID); n != events+1 {
			t.Errorf("%d audit events written, want 1", n-events)
		}
		got, err := s.Change(ctx, f.org.ID, ch.ID)
		if err != nil || got.Version != 2 || (got.Status != aims.ChangeApproved && got.Status != aims.ChangeRejected) {
			t.Errorf("after the race = %+v, %v", got, err)
		}
	})
}
