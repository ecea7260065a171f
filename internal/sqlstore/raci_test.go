package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"testing"

	"aims/internal/aims"
)

// TestProcessRACI: a process names the AIMS roles' parts in it; the
// matrix reads them back; a role of another organization, two accountable
// roles or an unknown letter are refused and write nothing; the database
// itself refuses a second accountable role.
func TestProcessRACI(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		owner, err := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "AI risk owner"})
		if err != nil {
			t.Fatal(err)
		}
		doer, _ := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "Model owner"})
		theirs, _ := s.CreateAIMSRole(ctx, b.admin, aims.AIMSRole{Name: "Theirs"})
		p, err := s.CreateProcess(ctx, a.admin, aims.Process{Name: "AI risk management", Purpose: "p",
			RACI: []aims.RACI{{RoleID: doer.ID, Letter: "R"}, {RoleID: owner.ID, Letter: "A"}}})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Process(ctx, a.org.ID, p.ID)
		if len(got.RACI) != 2 || got.RACI[0].Name != "AI risk owner" || got.RACI[0].Letter != "A" || got.RACI[0].Ref != owner.Ref {
			t.Errorf("RACI read back = %+v", got.RACI)
		}
		m, err := s.RACI(ctx, a.org.ID)
		if err != nil || m.Letters[[2]int64{doer.ID, p.ID}] != "R" || len(m.Roles) != 2 || len(m.Processes) != 1 {
			t.Errorf("matrix = %+v, %v", m, err)
		}
		events := auditCount(t, s, a.org.ID)
		for _, bad := range [][]aims.RACI{
			{{RoleID: theirs.ID, Letter: "R"}},
			{{RoleID: doer.ID, Letter: "A"}, {RoleID: owner.ID, Letter: "A"}},
			{{RoleID: doer.ID, Letter: "X"}},
		} {
			up := got
			up.RACI = bad
			if _, err := s.UpdateProcess(ctx, a.admin, up); !isField(err, "raci") {
				t.Errorf("RACI %+v = %v, want a raci error", bad, err)
			}
		}
		retired, _ := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "Retired role"})
		if _, err := s.SetAIMSRoleArchived(ctx, a.admin, retired.ID, retired.Version, true); err != nil {
			t.Fatal(err)
		}
		events += 2 // the retired role's creation and archiving
		up := got
		up.RACI = []aims.RACI{{RoleID: retired.ID, Letter: "A"}}
		if _, err := s.UpdateProcess(ctx, a.admin, up); !isField(err, "raci") {
			t.Errorf("an archived role made accountable = %v, want a raci error", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events {
			t.Errorf("refused RACI recorded %d events", n-events)
		}
		// The database holds one accountable role per process on its own.
		err = s.tx(ctx, func(tx *sql.Tx) error {
			_, err := s.exec(ctx, tx, `UPDATE process_raci SET letter = 'A' WHERE org_id = $1 AND role_id = $2`, a.org.ID, doer.ID)
			return err
		})
		if err == nil {
			t.Error("the database took a second accountable role")
		}
		// An edit of the RACI shows in the history by name.
		up = got
		up.RACI = []aims.RACI{{RoleID: owner.ID, Letter: "A"}, {RoleID: doer.ID, Letter: "C"}}
		if _, err := s.UpdateProcess(ctx, a.admin, up); err != nil {
			t.Fatal(err)
		}
		h, _ := s.History(ctx, a.org.ID, aims.RegisterProcesses, strconv.FormatInt(p.ID, 10))
		if last := h[len(h)-1]; len(last.Changes) != 1 || last.Changes[0].Field != "raci" {
			t.Errorf("last change = %+v", last.Changes)
		}
	})
}
