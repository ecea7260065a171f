package sqlstore

import (
	"context"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func migrateSource(src string) error {
	s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey()})
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Migrate(context.Background())
	return err
}

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// eachEngine runs fn as a subtest on every available engine with a fresh,
// migrated store and a test clock.
func eachEngine(t *testing.T, fn func(t *testing.T, s *Store, c *clock)) {
	t.Helper()
	for _, e := range testdb.Engines(t, migrateSource) {
		t.Run(e.Name, func(t *testing.T) {
			c := &clock{t: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)}
			s, err := Open(context.Background(), e.Source, Options{Now: c.now, AuditKey: testdb.AuditKey()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			fn(t, s, c)
		})
	}
}

// fixture is an organization with one member of each role.
type fixture struct {
	org    aims.Organization
	admin  aims.Principal
	users  map[aims.Role]int64
	viewer aims.Principal
}

func newFixture(t *testing.T, s *Store, name string) fixture {
	t.Helper()
	ctx := context.Background()
	org, err := s.CreateOrganization(ctx, name, "test")
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	f := fixture{org: org, users: map[aims.Role]int64{}}
	for _, r := range aims.Roles {
		out, err := s.AddMemberAsOperator(ctx, org.ID, aims.NewMember{Email: string(r) + "@" + name + ".test", Name: "The " + string(r), Role: r}, "hash", false, "test")
		if err != nil {
			t.Fatalf("AddMemberAsOperator %s: %v", r, err)
		}
		f.users[r] = out.Member.UserID
	}
	f.admin = aims.Principal{OrgID: org.ID, UserID: f.users[aims.RoleAdmin], Email: "admin@" + name + ".test", Role: aims.RoleAdmin}
	return f
}

func auditCount(t *testing.T, s *Store, orgID int64) int {
	t.Helper()
	p, err := s.AuditEvents(context.Background(), orgID, AuditFilter{ListParams: aims.ListParams{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// principalOf is the member of a role acting in the fixture's organization.
func (f fixture) principalOf(r aims.Role) aims.Principal {
	return aims.Principal{OrgID: f.org.ID, UserID: f.users[r], Email: string(r) + "@" + f.org.Name + ".test", Role: r}
}
