package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"testing"

	"aims/internal/aims"
)

func TestDesignations(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		day := mustDate("2026-03-01")
		ceo := aims.Designation{UserID: a.users[aims.RoleManager], Body: aims.BodyTop, Position: "Chief Executive Officer",
			Basis: "Board resolution 2026-02", From: day}
		got, err := s.CreateDesignation(ctx, a.admin, ceo)
		if err != nil || got.Ref != "MGT-1" || got.Version != 1 || got.UserName != "The manager" || got.AcceptUpTo != aims.LimitNone {
			t.Fatalf("create = %+v, %v", got, err)
		}
		// The person must be a member of the same organization.
		other := ceo
		other.UserID = b.users[aims.RoleManager]
		if _, err := s.CreateDesignation(ctx, a.admin, other); !isField(err, "user_id") {
			t.Errorf("another organization's member = %v, want a user_id error", err)
		}
		if _, err := s.CreateDesignation(ctx, a.admin, aims.Designation{Body: "board"}); !isField(err, "body") {
			t.Errorf("unknown body = %v", err)
		}
		cro, err := s.CreateDesignation(ctx, a.admin, aims.Designation{UserID: a.users[aims.RoleContributor], Body: aims.BodyAIRisk,
			Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium, From: day})
		if err != nil {
			t.Fatal(err)
		}

		check := func(userID int64, ap aims.Approval, level aims.RiskLimit, on string) error {
			var out error
			err := s.tx(ctx, func(tx *sql.Tx) error {
				_, out = s.approver(ctx, tx, a.org.ID, userID, ap, level, mustDate(on), "approved_by")
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		ceoID, croID := a.users[aims.RoleManager], a.users[aims.RoleContributor]
		for _, c := range []struct {
			who   int64
			ap    aims.Approval
			level aims.RiskLimit
			on    string
			ok    bool
		}{
			{ceoID, aims.ApproveAIPolicy, aims.LimitNone, "2026-03-01", true},
			{ceoID, aims.ApproveAIPolicy, aims.LimitNone, "2026-02-28", false}, // before the designation
			{croID, aims.ApproveAIPolicy, aims.LimitNone, "2026-04-01", false}, // reserved to top management
			{croID, aims.ApproveRiskTreatmentPlan, aims.LimitNone, "2026-04-01", true},
			{croID, aims.ApproveResidualRisk, aims.LimitMedium, "2026-04-01", true},
			{croID, aims.ApproveResidualRisk, aims.LimitHigh, "2026-04-01", false}, // above the limit
			{ceoID, aims.ApproveResidualRisk, aims.LimitLow, "2026-04-01", false},  // top management with no limit set
			{a.users[aims.RoleAdmin], aims.ApproveSoA, aims.LimitNone, "2026-04-01", false},
		} {
			err := check(c.who, c.ap, c.level, c.on)
			if c.ok != (err == nil) {
				t.Errorf("approver(%d, %s, %s, %s) = %v, want ok %v", c.who, c.ap, c.level, c.on, err, c.ok)
			}
			if err != nil && !isField(err, "approved_by") {
				t.Errorf("refusal is %v, want a validation error on approved_by", err)
			}
		}

		// Ending a designation is an edit at the version read; a stale one
		// is refused and writes nothing.
		cro.Until = mustDate("2026-06-30")
		ended, err := s.UpdateDesignation(ctx, a.admin, cro)
		if err != nil || ended.Version != 2 {
			t.Fatalf("end = %+v, %v", ended, err)
		}
		events := auditCount(t, s, a.org.ID)
		if _, err := s.UpdateDesignation(ctx, a.admin, cro); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update = %v, want ErrConflict", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events {
			t.Errorf("a refused write recorded %d events", n-events)
		}
		if err := check(croID, aims.ApproveSoA, aims.LimitNone, "2026-06-30"); err != nil {
			t.Errorf("last day of the designation: %v", err)
		}
		if err := check(croID, aims.ApproveSoA, aims.LimitNone, "2026-07-01"); err == nil {
			t.Error("an ended designation still approves")
		}
		// Archived: no authority at all; restored: back.
		if _, err := s.SetDesignationArchived(ctx, a.admin, got.ID, got.Version, true); err != nil {
			t.Fatal(err)
		}
		if err := check(ceoID, aims.ApproveAIPolicy, aims.LimitNone, "2026-04-01"); err == nil {
			t.Error("an archived designation still approves")
		}
		if _, err := s.Designation(ctx, b.org.ID, got.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from another organization = %v, want ErrNotFound", err)
		}
		page, err := s.Designations(ctx, a.org.ID, aims.DesignationFilter{ListParams: aims.ListParams{Limit: 10}, Current: true, Today: mustDate("2026-05-01")})
		if err != nil || page.Total != 1 || page.Items[0].Ref != "MGT-2" {
			t.Errorf("current designations = %+v, %v; want MGT-2 alone", page, err)
		}
		if n, _ := s.SupportCounts(ctx, a.org.ID); n["5.1"] != 0 || n["5.3"] != 0 {
			t.Errorf("supports with the CEO archived and the CRO ended = %v", n)
		}
		// In force today (the test clock's 2026-11-27) counts, ended or not
		// yet started does not.
		for _, d := range []aims.Designation{
			{UserID: a.users[aims.RoleViewer], Body: aims.BodyTop, Position: "Interim CEO", From: mustDate("2026-11-01"), Until: mustDate("2026-12-31")},
			{UserID: a.users[aims.RoleAuditor], Body: aims.BodyTop, Position: "Next CEO", From: mustDate("2027-01-01")},
		} {
			if _, err := s.CreateDesignation(ctx, a.admin, d); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := s.SupportCounts(ctx, a.org.ID); n["5.1"] != 1 || n["5.3"] != 1 {
			t.Errorf("supports with an interim and a future CEO = %v, want the interim one", n)
		}
	})
}

// TestApproverRacesArchive: an approval checked while the designation it
// rests on is archived either commits before the archive or is refused;
// it never rests on an authority that was gone when it committed.
func TestApproverRacesArchive(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newFixture(t, s, "acme")
		for range 20 {
			d, err := s.CreateDesignation(ctx, a.admin, aims.Designation{UserID: a.users[aims.RoleManager], Body: aims.BodyTop,
				Position: "CEO", From: mustDate("2026-01-01")})
			if err != nil {
				t.Fatal(err)
			}
			var approvedSeq, archivedSeq int64
			id := strconv.FormatInt(d.ID, 10)
			race(2, func(i int) error {
				return s.tx(ctx, func(tx *sql.Tx) error {
					if i == 0 {
						if _, err := s.approver(ctx, tx, a.org.ID, d.UserID, aims.ApproveAIPolicy, aims.LimitNone, mustDate("2026-05-01"), "x"); err != nil {
							return err
						}
						return s.record(ctx, tx, a.admin, "test", "approval-"+id, aims.ActionUpdate, nil)
					}
					_, _, err := s.setArchived(ctx, tx, a.admin, designations, d.ID, d.Version, d.Version, false, true)
					return err
				})
			})
			// Whatever the order, the approval's event must come before the
			// archive's if it was made at all.
			err = s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(CASE WHEN register = 'test' THEN seq END), 0),
				MAX(CASE WHEN register = 'designations' AND action = 'archive' THEN seq END) FROM audit_events WHERE org_id = $1 AND record_id IN ($2, $3)`,
				a.org.ID, "approval-"+id, id).Scan(&approvedSeq, &archivedSeq)
			if err != nil {
				t.Fatal(err)
			}
			if approvedSeq > archivedSeq {
				t.Fatalf("approval (seq %d) committed after its designation was archived (seq %d)", approvedSeq, archivedSeq)
			}
		}
	})
}

func mustDate(s string) aims.Date {
	d, err := aims.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// isField reports whether err is a validation error naming field.
func isField(err error, field string) bool {
	var v *aims.ValidationError
	return errors.As(err, &v) && v.Fields[field] != ""
}
