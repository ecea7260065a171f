package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"aims/internal/aims"
	"aims/internal/testdb"
)

// race runs n writers at once, released together, and returns how many
// succeeded and every error of the others.
func race(n int, write func(i int) error) (int, []error) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = write(i)
		}()
	}
	close(start)
	wg.Wait()
	ok, failed := 0, []error{}
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			failed = append(failed, err)
		}
	}
	return ok, failed
}

// postgresOnly runs fn on PostgreSQL, where writers really run at once:
// SQLite has one writer connection, so races cannot happen there at all.
func postgresOnly(t *testing.T, fn func(t *testing.T, s *Store, c *clock)) {
	t.Helper()
	if ok, why := testdb.PostgresAvailable(); !ok {
		testdb.Unavailable(t, "concurrent writers need PostgreSQL: "+why)
	}
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		if s.dialect == Postgres {
			fn(t, s, c)
		}
	})
}

// wantOne checks that exactly one of the writers won and every other one
// was told it lost to a concurrent write.
func wantOne(t *testing.T, what string, ok int, errs []error) {
	t.Helper()
	if ok != 1 {
		t.Errorf("%s: %d of 8 writers succeeded, want exactly 1", what, ok)
	}
	for _, err := range errs {
		if !errors.Is(err, aims.ErrConflict) {
			t.Errorf("%s: a losing writer got %v, want ErrConflict", what, err)
		}
	}
}

// TestConcurrentVersionedWrites sends 8 writers holding the same version of
// one record at once, for every kind of versioned write: exactly one wins,
// the rest get a conflict, and the audit trail records one change.
func TestConcurrentVersionedWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Credit scoring", Purpose: "p"})
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
		step("AI system update", func(i int) error {
			edit := a
			edit.Name = fmt.Sprintf("Credit scoring %d", i)
			_, err := s.UpdateAISystem(ctx, f.admin, edit)
			return err
		})
		step("archive", func(int) error {
			_, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 2, true)
			return err
		})
		step("restore", func(int) error {
			_, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 3, false)
			return err
		})
		step("first gap assessment", func(i int) error {
			_, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "4.1", Status: aims.GapPlanned, Notes: fmt.Sprint(i)})
			return err
		})
		step("gap update", func(i int) error {
			_, err := s.UpdateGapEntry(ctx, f.admin, aims.GapEntry{RequirementID: "4.1", Status: aims.GapPartial, Notes: fmt.Sprint(i), Version: 1})
			return err
		})
		m, err := s.Member(ctx, f.org.ID, f.users[aims.RoleViewer])
		if err != nil {
			t.Fatal(err)
		}
		step("member update", func(i int) error {
			role := []aims.Role{aims.RoleContributor, aims.RoleAuditor}[i%2]
			_, err := s.UpdateMember(ctx, f.admin, m.UserID, aims.MemberUpdate{Role: role, Active: true, Version: m.Version})
			return err
		})
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("chain after the races: %v", err)
		}
	})
}

// TestTwoAdminsCannotDemoteEachOther: two admins, each removing the
// other's admin role at the same moment, must not leave the organization
// without one. It runs many rounds, since a lost race is a matter of
// timing.
func TestTwoAdminsCannotDemoteEachOther(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		second, err := s.AddMemberAsOperator(ctx, f.org.ID, aims.NewMember{Email: "second@acme.test", Name: "Second", Role: aims.RoleAdmin}, "hash", false, "test")
		if err != nil {
			t.Fatal(err)
		}
		admins := []int64{f.admin.UserID, second.Member.UserID}
		for round := range 20 {
			ok, _ := race(2, func(i int) error {
				me, other := admins[i], admins[1-i]
				m, err := s.Member(ctx, f.org.ID, other)
				if err != nil {
					return err
				}
				p := aims.Principal{OrgID: f.org.ID, UserID: me, Email: "admin", Role: aims.RoleAdmin}
				_, err = s.UpdateMember(ctx, p, other, aims.MemberUpdate{Role: aims.RoleViewer, Active: true, Version: m.Version})
				return err
			})
			var left int
			if err := s.r.QueryRow(`SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'admin' AND active`, f.org.ID).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left != 1 || ok != 1 {
				t.Fatalf("round %d: %d demotions succeeded, %d admins left; want 1 and 1", round, ok, left)
			}
			// Make both admins again for the next round.
			for _, id := range admins {
				m, _ := s.Member(ctx, f.org.ID, id)
				if m.Role != aims.RoleAdmin {
					if _, err := s.UpdateMember(ctx, f.admin, id, aims.MemberUpdate{Role: aims.RoleAdmin, Active: true, Version: m.Version}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
}

// TestConcurrentUpdatesKeepOneChain updates different records of two
// organizations at once. Nothing but the chain head orders these writes
// (creations also queue on the reference counter, which would hide a
// racy append), so a chain append that read the head without holding its
// lock forks the chain or collides on its sequence number here.
func TestConcurrentUpdatesKeepOneChain(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		var systems []aims.AISystem
		var owners []aims.Principal
		for _, name := range []string{"acme", "globex"} {
			f := newFixture(t, s, name)
			for i := range 12 {
				a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: fmt.Sprintf("S%d", i), Purpose: "p"})
				if err != nil {
					t.Fatal(err)
				}
				systems, owners = append(systems, a), append(owners, f.admin)
			}
		}
		ok, errs := race(len(systems), func(i int) error {
			edit := systems[i]
			edit.Purpose = "changed at once"
			_, err := s.UpdateAISystem(ctx, owners[i], edit)
			return err
		})
		if ok != len(systems) {
			t.Fatalf("%d of %d updates succeeded: %v", ok, len(systems), errs)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("chain after concurrent updates: %v", err)
		}
	})
}

// TestConcurrentInvitationsOfANewAddress: organizations inviting the same
// new address at the same instant all succeed, and share one account that
// exactly one of their invitations may give a password.
func TestConcurrentInvitationsOfANewAddress(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		orgs := make([]fixture, 8)
		for i := range orgs {
			orgs[i] = newFixture(t, s, fmt.Sprint("org", i))
		}
		ok, errs := race(len(orgs), func(i int) error {
			_, err := s.AddMember(ctx, orgs[i].admin, aims.NewMember{Email: "consultant@example.test", Name: "Consultant", Role: aims.RoleViewer},
				fmt.Sprint("invitation-hash-", i), nil)
			return err
		})
		if ok != len(orgs) {
			t.Fatalf("%d of %d invitations succeeded: %v", ok, len(orgs), errs)
		}
		var accounts, setters int
		if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM users WHERE email = 'consultant@example.test'`).Scan(&accounts); err != nil {
			t.Fatal(err)
		}
		if err := s.queryRow(ctx, s.r, `SELECT count(*) FROM invitations i JOIN users u ON u.id = i.user_id
			WHERE u.email = 'consultant@example.test' AND i.sets_password`).Scan(&setters); err != nil {
			t.Fatal(err)
		}
		if accounts != 1 || setters != 1 {
			t.Errorf("%d accounts and %d password-setting invitations, want 1 and 1", accounts, setters)
		}
	})
}
