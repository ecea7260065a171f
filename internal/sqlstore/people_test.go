package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// peopleFixture is an organization with two people, two competences and a
// role requiring both, held by the first person.
type peopleFixture struct {
	fixture
	anna, ben    aims.Staff
	lit, audit   aims.Competence
	role         aims.AIMSRole
	annaLiteracy aims.CompetenceRecord
}

func newPeopleFixture(t *testing.T, s *Store, name string) peopleFixture {
	t.Helper()
	ctx := context.Background()
	f := peopleFixture{fixture: newFixture(t, s, name)}
	var err error
	if f.anna, err = s.CreatePerson(ctx, f.admin, aims.Staff{Name: "Anna Schmidt", JobTitle: "CEO", Unit: "Board", UserID: f.users[aims.RoleManager]}); err != nil {
		t.Fatal(err)
	}
	if f.ben, err = s.CreatePerson(ctx, f.admin, aims.Staff{Name: "Ben Okafor", JobTitle: "Loan officer", Unit: "Lending"}); err != nil {
		t.Fatal(err)
	}
	if f.lit, err = s.CreateCompetence(ctx, f.admin, aims.Competence{Name: "AI literacy", Kind: aims.CompetenceAwareness, ValidityMonths: 12}); err != nil {
		t.Fatal(err)
	}
	if f.audit, err = s.CreateCompetence(ctx, f.admin, aims.Competence{Name: "ISO/IEC 42001 internal auditor", Kind: aims.CompetenceQualification, ValidityMonths: 36}); err != nil {
		t.Fatal(err)
	}
	if f.role, err = s.CreateAIMSRole(ctx, f.admin, aims.AIMSRole{Name: "AIMS manager", Responsibilities: "Runs the AIMS.",
		Competences: []aims.RoleCompetence{{CompetenceID: f.lit.ID}, {CompetenceID: f.audit.ID}},
		People:      []aims.RoleAssignment{{StaffID: f.anna.ID, From: mustDate("2026-01-01")}}}); err != nil {
		t.Fatal(err)
	}
	if f.annaLiteracy, err = s.CreateCompetenceRecord(ctx, f.admin, aims.CompetenceRecord{StaffID: f.anna.ID, CompetenceID: f.lit.ID,
		Title: "AI literacy e-learning", CompletedOn: mustDate("2026-02-01")}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPeopleRegisters(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newPeopleFixture(t, s, "acme")
		if a.anna.Ref != "PER-1" || a.anna.UserName != "The manager" || a.lit.Ref != "CMP-1" || a.role.Ref != "ROL-1" || a.annaLiteracy.Ref != "TRN-1" {
			t.Errorf("refs and names: %s %q %s %s %s", a.anna.Ref, a.anna.UserName, a.lit.Ref, a.role.Ref, a.annaLiteracy.Ref)
		}
		// The expiry comes from the competence's validity.
		if a.annaLiteracy.ExpiresOn != mustDate("2027-02-01") || a.annaLiteracy.StaffName != "Anna Schmidt" || a.annaLiteracy.Effectiveness != aims.NotEvaluated {
			t.Errorf("record: %+v", a.annaLiteracy)
		}
		role, err := s.AIMSRole(ctx, a.org.ID, a.role.ID)
		if err != nil || len(role.Competences) != 2 || role.Competences[1].Name != "ISO/IEC 42001 internal auditor" ||
			len(role.People) != 1 || role.People[0].Name != "Anna Schmidt" || role.People[0].From != mustDate("2026-01-01") {
			t.Fatalf("role read back: %+v, %v", role, err)
		}

		// One member is one person.
		if _, err := s.CreatePerson(ctx, a.admin, aims.Staff{Name: "Anna again", UserID: a.users[aims.RoleManager]}); !isField(err, "user_id") {
			t.Errorf("a second person for one member = %v, want a user_id error", err)
		}

		// Edits: versioned, the link tables replaced in the role's write and
		// shown in its audit diff.
		role.People = append(role.People, aims.RoleAssignment{StaffID: a.ben.ID})
		role.Competences = role.Competences[:1]
		role2, err := s.UpdateAIMSRole(ctx, a.admin, role)
		if err != nil || role2.Version != 2 {
			t.Fatalf("update role = %+v, %v", role2, err)
		}
		events, err := s.History(ctx, a.org.ID, aims.RegisterAIMSRoles, fmt.Sprint(role.ID))
		if err != nil || len(events) != 2 {
			t.Fatalf("role history: %d events, %v", len(events), err)
		}
		changed := map[string]bool{}
		for _, ch := range events[len(events)-1].Changes {
			changed[ch.Field] = true
		}
		if !changed["people"] || !changed["competences"] {
			t.Errorf("the role's diff lacks its links: %v", events[len(events)-1].Changes)
		}
		n := auditCount(t, s, a.org.ID)
		if _, err := s.UpdateAIMSRole(ctx, a.admin, role); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale role update = %v", err)
		}
		stale := a.anna
		stale.JobTitle = "Chair"
		if _, err := s.UpdatePerson(ctx, a.admin, stale); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdatePerson(ctx, a.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale person update = %v", err)
		}
		if auditCount(t, s, a.org.ID) != n+1 {
			t.Errorf("refused writes recorded events")
		}
		rec := a.annaLiteracy
		rec.Effectiveness, rec.EvaluatedOn, rec.EvaluationMethod, rec.EvaluatedBy = aims.Effective, mustDate("2026-03-01"), "Quiz score 90%", "Maria Keller"
		rec, err = s.UpdateCompetenceRecord(ctx, a.admin, rec)
		if err != nil || rec.Version != 2 {
			t.Fatalf("evaluate record = %+v, %v", rec, err)
		}
		comp := a.lit
		comp.ValidityMonths = 24
		if comp, err = s.UpdateCompetence(ctx, a.admin, comp); err != nil || comp.Version != 2 {
			t.Fatalf("update competence = %+v, %v", comp, err)
		}
		if got, _ := s.CompetenceRecord(ctx, a.org.ID, rec.ID); got.ExpiresOn != mustDate("2027-02-01") {
			t.Errorf("a record's expiry moved with its competence: %s", got.ExpiresOn)
		}

		// Archive and restore, with the version read.
		if _, err := s.SetCompetenceArchived(ctx, a.admin, comp.ID, 1, true); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("archive at a stale version = %v", err)
		}
		if got, err := s.SetCompetenceArchived(ctx, a.admin, comp.ID, comp.Version, true); err != nil || !got.Archived {
			t.Errorf("archive = %+v, %v", got, err)
		}
		if _, err := s.UpdateCompetence(ctx, a.admin, comp); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("edit of an archived competence = %v", err)
		}
		// An archived competence cannot be newly required.
		role2.Competences = append(role2.Competences, aims.RoleCompetence{CompetenceID: a.audit.ID})
		if _, err := s.SetCompetenceArchived(ctx, a.admin, comp.ID, 0, false); err != nil {
			t.Fatal(err)
		}
		for _, set := range []func() error{
			func() error { _, err := s.SetPersonArchived(ctx, a.admin, a.ben.ID, 0, true); return err },
			func() error { _, err := s.SetPersonArchived(ctx, a.admin, a.ben.ID, 0, false); return err },
			func() error { _, err := s.SetAIMSRoleArchived(ctx, a.admin, role2.ID, 0, true); return err },
			func() error { _, err := s.SetAIMSRoleArchived(ctx, a.admin, role2.ID, 0, false); return err },
			func() error { _, err := s.SetCompetenceRecordArchived(ctx, a.admin, rec.ID, 0, true); return err },
			func() error { _, err := s.SetCompetenceRecordArchived(ctx, a.admin, rec.ID, 0, false); return err },
		} {
			if err := set(); err != nil {
				t.Errorf("archive or restore: %v", err)
			}
		}

		// A role keeps a person archived since it was saved, but cannot
		// newly take an archived one.
		if _, err := s.SetPersonArchived(ctx, a.admin, a.ben.ID, 0, true); err != nil {
			t.Fatal(err)
		}
		role3, err := s.AIMSRole(ctx, a.org.ID, role2.ID)
		if err != nil {
			t.Fatal(err)
		}
		role3.Name = "AIMS manager and owner"
		if role3, err = s.UpdateAIMSRole(ctx, a.admin, role3); err != nil {
			t.Errorf("edit of a role holding an archived person = %v", err)
		}
		if _, err := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "New", People: []aims.RoleAssignment{{StaffID: a.ben.ID}}}); !isField(err, "people") {
			t.Errorf("a new role with an archived person = %v, want a people error", err)
		}
		if _, err := s.SetPersonArchived(ctx, a.admin, a.ben.ID, 0, false); err != nil {
			t.Fatal(err)
		}

		// Lists: filters, search and paging.
		people, err := s.Staff(ctx, a.org.ID, aims.StaffFilter{ListParams: aims.ListParams{Limit: 1}, Unit: "Lending"})
		if err != nil || people.Total != 1 || people.Items[0].Name != "Ben Okafor" {
			t.Errorf("staff by unit = %+v, %v", people, err)
		}
		people, err = s.Staff(ctx, a.org.ID, aims.StaffFilter{ListParams: aims.ListParams{Limit: 1, Offset: 1, Q: "chair"}})
		if err != nil || people.Total != 1 || len(people.Items) != 0 {
			t.Errorf("search past the page = %+v, %v", people, err)
		}
		cs, err := s.Competences(ctx, a.org.ID, aims.CompetenceFilter{ListParams: aims.ListParams{Limit: 10}, Kind: aims.CompetenceQualification})
		if err != nil || cs.Total != 1 || cs.Items[0].ID != a.audit.ID {
			t.Errorf("competences by kind = %+v, %v", cs, err)
		}
		roles, err := s.AIMSRoles(ctx, a.org.ID, aims.AIMSRoleFilter{ListParams: aims.ListParams{Limit: 10, Q: "runs aims"}})
		if err != nil || roles.Total != 1 || roles.Items[0].PeopleCount != 2 || roles.Items[0].CompetenceCount != 1 {
			t.Errorf("roles search = %+v, %v", roles, err)
		}
		recs, err := s.CompetenceRecords(ctx, a.org.ID, aims.CompetenceRecordFilter{ListParams: aims.ListParams{Limit: 10, Q: "anna"}, Effectiveness: aims.Effective})
		if err != nil || recs.Total != 1 {
			t.Errorf("records by effectiveness and person's name = %+v, %v", recs, err)
		}

		// Supporters: the held role supports 5.3 and A.3.2, the effective
		// awareness record 7.2 and 7.3.
		counts, err := s.SupportCounts(ctx, a.org.ID)
		if err != nil || counts["A.3.2"] != 1 || counts["7.2"] != 1 || counts["7.3"] != 1 || counts["5.3"] != 1 {
			t.Errorf("support counts = %v, %v", counts, err)
		}
	})
}

// TestPeopleLinksStayInTheirOrganization gives every link of the registers
// another organization's IDs: each is refused as a validation error and
// nothing is written.
func TestPeopleLinksStayInTheirOrganization(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newPeopleFixture(t, s, "acme"), newPeopleFixture(t, s, "globex")
		before := auditCount(t, s, a.org.ID)
		role := a.role
		cases := []struct {
			name, field string
			write       func() error
		}{
			{"person linked to another organization's member", "user_id", func() error {
				_, err := s.CreatePerson(ctx, a.admin, aims.Staff{Name: "X", UserID: b.users[aims.RoleViewer]})
				return err
			}},
			{"person edited to another organization's member", "user_id", func() error {
				p := a.ben
				p.UserID = b.users[aims.RoleViewer]
				_, err := s.UpdatePerson(ctx, a.admin, p)
				return err
			}},
			{"role requiring another organization's competence", "competences", func() error {
				r := role
				r.Competences = []aims.RoleCompetence{{CompetenceID: b.lit.ID}}
				_, err := s.UpdateAIMSRole(ctx, a.admin, r)
				return err
			}},
			{"role held by another organization's person", "people", func() error {
				r := role
				r.People = []aims.RoleAssignment{{StaffID: b.anna.ID}}
				_, err := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "X", People: r.People})
				return err
			}},
			{"role reporting to another organization's role", "reports_to_id", func() error {
				_, err := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: "X", ReportsToID: b.role.ID})
				return err
			}},
			{"role reporting to itself", "reports_to_id", func() error {
				r := role
				r.ReportsToID = r.ID
				_, err := s.UpdateAIMSRole(ctx, a.admin, r)
				return err
			}},
			{"record of another organization's person", "staff_id", func() error {
				_, err := s.CreateCompetenceRecord(ctx, a.admin, aims.CompetenceRecord{StaffID: b.anna.ID, CompetenceID: a.lit.ID, Title: "t", CompletedOn: mustDate("2026-01-01")})
				return err
			}},
			{"record of another organization's competence", "competence_id", func() error {
				r := a.annaLiteracy
				r.CompetenceID = b.lit.ID
				_, err := s.UpdateCompetenceRecord(ctx, a.admin, r)
				return err
			}},
		}
		for _, c := range cases {
			if err := c.write(); !isField(err, c.field) {
				t.Errorf("%s = %v, want a validation error on %s", c.name, err, c.field)
			}
		}
		for _, read := range []func() error{
			func() error { _, err := s.Person(ctx, a.org.ID, b.anna.ID); return err },
			func() error { _, err := s.Competence(ctx, a.org.ID, b.lit.ID); return err },
			func() error { _, err := s.AIMSRole(ctx, a.org.ID, b.role.ID); return err },
			func() error { _, err := s.CompetenceRecord(ctx, a.org.ID, b.annaLiteracy.ID); return err },
			func() error { _, err := s.SetAIMSRoleArchived(ctx, a.admin, b.role.ID, 0, true); return err },
		} {
			if err := read(); !errors.Is(err, aims.ErrNotFound) {
				t.Errorf("another organization's record = %v, want ErrNotFound", err)
			}
		}
		if n := auditCount(t, s, a.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}
		if got, _ := s.AIMSRole(ctx, a.org.ID, role.ID); got.Version != 1 || len(got.People) != 1 || len(got.Competences) != 2 {
			t.Errorf("the role changed: %+v", got)
		}
	})
}

// TestCompetenceGapsStore reads the gap view through the store: its state
// per required competence, and a fixed number of queries at any size.
func TestCompetenceGapsStore(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newPeopleFixture(t, s, "acme")
		f := aims.GapFilter{AsOf: mustDate("2026-06-01"), Within: 60}
		v, err := s.CompetenceGaps(ctx, a.org.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]aims.GapState{}
		for _, g := range v.Items {
			got[g.CompetenceName] = g.State
		}
		if len(v.Items) != 2 || got["AI literacy"] != aims.GapHeld || got["ISO/IEC 42001 internal auditor"] != aims.GapMissing {
			t.Errorf("gaps = %+v", v.Items)
		}
		f.AsOf = mustDate("2027-01-15")
		if v, _ = s.CompetenceGaps(ctx, a.org.ID, f); v.Counts[aims.GapExpiring] != 1 {
			t.Errorf("six weeks before expiry: counts %v", v.Counts)
		}
		f.AsOf = mustDate("2027-03-01")
		if v, _ = s.CompetenceGaps(ctx, a.org.ID, f); v.Counts[aims.GapExpired] != 1 {
			t.Errorf("after expiry: counts %v", v.Counts)
		}
		queries := func() int64 {
			before := s.Queries()
			if _, err := s.CompetenceGaps(ctx, a.org.ID, f); err != nil {
				t.Fatal(err)
			}
			return s.Queries() - before
		}
		small := queries()
		for i := range 30 {
			p, err := s.CreatePerson(ctx, a.admin, aims.Staff{Name: fmt.Sprint("Person ", i)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateCompetenceRecord(ctx, a.admin, aims.CompetenceRecord{StaffID: p.ID, CompetenceID: a.audit.ID, Title: "Course", CompletedOn: mustDate("2026-01-01")}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateAIMSRole(ctx, a.admin, aims.AIMSRole{Name: fmt.Sprint("Role ", i), Competences: []aims.RoleCompetence{{CompetenceID: a.audit.ID}},
				People: []aims.RoleAssignment{{StaffID: p.ID}}}); err != nil {
				t.Fatal(err)
			}
		}
		if large := queries(); large != small {
			t.Errorf("the gap view ran %d queries with 2 people and %d with 32", small, large)
		}
		if _, err := s.CompetenceGaps(ctx, a.org.ID, aims.GapFilter{State: "fine"}); !isField(err, "state") {
			t.Errorf("unknown state = %v", err)
		}
	})
}

// TestConcurrentRoleUpdates: 8 writers holding one version of a role
// replace its people at once; exactly one wins and the role's links are
// that writer's.
func TestConcurrentRoleUpdates(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a := newPeopleFixture(t, s, "acme")
		people := make([]aims.Staff, 8)
		for i := range people {
			p, err := s.CreatePerson(ctx, a.admin, aims.Staff{Name: fmt.Sprint("Writer ", i)})
			if err != nil {
				t.Fatal(err)
			}
			people[i] = p
		}
		events := auditCount(t, s, a.org.ID)
		ok, errs := race(8, func(i int) error {
			r := a.role
			r.People = []aims.RoleAssignment{{StaffID: people[i].ID}}
			_, err := s.UpdateAIMSRole(ctx, a.admin, r)
			return err
		})
		wantOne(t, "role update", ok, errs)
		got, err := s.AIMSRole(ctx, a.org.ID, a.role.ID)
		if err != nil || got.Version != 2 || len(got.People) != 1 {
			t.Errorf("after the race: %+v, %v", got, err)
		}
		if n := auditCount(t, s, a.org.ID); n != events+1 {
			t.Errorf("%d events recorded, want 1", n-events)
		}
		// Two people linked to one member at once: one wins.
		ok, errs = race(8, func(i int) error {
			p := people[i]
			p.UserID = a.users[aims.RoleViewer]
			_, err := s.UpdatePerson(ctx, a.admin, p)
			return err
		})
		if ok != 1 {
			t.Errorf("%d people linked to one member at once, want 1", ok)
		}
		for _, err := range errs {
			if !isField(err, "user_id") {
				t.Errorf("a losing link got %v, want a user_id error", err)
			}
		}
	})
}
