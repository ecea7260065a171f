package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// peopleIDs are the records seedPeople made, as path segments.
type peopleIDs struct{ person, other, competence, role, record string }

// seedPeople gives the organization a person linked to the viewer's
// account, one without a sign-in, a competence, a role requiring it held
// by both, and a record of the first person gaining it.
func seedPeople(t *testing.T, e *env) peopleIDs {
	t.Helper()
	ctx := context.Background()
	admin := e.principal(aims.RoleAdmin)
	anna, err := e.store.CreatePerson(ctx, admin, aims.Staff{Name: "Anna Schmidt", JobTitle: "CEO", Unit: "Board", UserID: e.users[aims.RoleViewer].ID})
	if err != nil {
		t.Fatal(err)
	}
	ben, err := e.store.CreatePerson(ctx, admin, aims.Staff{Name: "Ben Okafor", JobTitle: "Loan officer", Unit: "Lending"})
	if err != nil {
		t.Fatal(err)
	}
	lit, err := e.store.CreateCompetence(ctx, admin, aims.Competence{Name: "AI literacy", Kind: aims.CompetenceAwareness, ValidityMonths: 12})
	if err != nil {
		t.Fatal(err)
	}
	role, err := e.store.CreateAIMSRole(ctx, admin, aims.AIMSRole{Name: "Human oversight reviewer", Responsibilities: "Reviews declines.\nEscalates.",
		Competences: []aims.RoleCompetence{{CompetenceID: lit.ID}}, People: []aims.RoleAssignment{{StaffID: anna.ID}, {StaffID: ben.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	today := aims.DateOf(e.clock.now())
	rec, err := e.store.CreateCompetenceRecord(ctx, admin, aims.CompetenceRecord{StaffID: anna.ID, CompetenceID: lit.ID, Title: "AI literacy e-learning",
		CompletedOn: today.AddMonths(-11), Effectiveness: aims.Effective, EvaluationMethod: "Quiz", EvaluatedOn: today.AddMonths(-11)})
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return peopleIDs{id(anna.ID), id(ben.ID), id(lit.ID), id(role.ID), id(rec.ID)}
}

// TestPeoplePagesAndGapView goes through the registers as a person would:
// the role page marks each holder's competence, the gap view counts and
// filters, a record made from a gap closes it, the API answers the same.
func TestPeoplePagesAndGapView(t *testing.T) {
	e := sqliteEnv(t)
	ids := seedPeople(t, e)
	role := string(e.page(aims.RoleViewer, "/roles/"+ids.role).Body)
	for _, want := range []string{"Anna Schmidt", "Ben Okafor", "Expiring soon", "Missing", "Reviews declines.<br>Escalates."} {
		if !strings.Contains(role, want) {
			t.Errorf("role page lacks %q", want)
		}
	}
	gaps := string(e.page(aims.RoleViewer, "/competence-gaps?state=missing").Body)
	if !strings.Contains(gaps, "Ben Okafor") || strings.Contains(gaps, `<a href="/staff/`+ids.person+`">Anna Schmidt`) {
		t.Errorf("the missing filter shows the wrong people")
	}
	var v aims.GapView
	e.api(aims.RoleViewer, "GET", "/api/v1/competence-gaps?within=10", nil).json(t, &v)
	if v.Counts[aims.GapHeld] != 1 || v.Counts[aims.GapMissing] != 1 || v.Within != 10 {
		t.Errorf("API gap view with a 10-day window: %+v", v.Counts)
	}
	// A record made through the form, from the gap's link, closes the gap.
	if res := e.page(aims.RoleContributor, "/training/new?staff_id="+ids.other+"&competence_id="+ids.competence); !strings.Contains(string(res.Body), `value="`+ids.other+`" selected`) {
		t.Errorf("the new record form does not take the person from the link")
	}
	res := e.form(aims.RoleContributor, "/training", url.Values{"staff_id": {ids.other}, "competence_id": {ids.competence}, "kind": {"training"},
		"title": {"AI literacy workshop"}, "completed_on": {aims.DateOf(e.clock.now()).String()}, "effectiveness": {"not-evaluated"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record = %d %s", res.StatusCode, res.Body)
	}
	e.api(aims.RoleViewer, "GET", "/api/v1/competence-gaps?as_of="+aims.DateOf(e.clock.now()).String(), nil).json(t, &v)
	if v.Counts[aims.GapMissing] != 0 || v.Counts[aims.GapExpiring]+v.Counts[aims.GapHeld] != 2 {
		t.Errorf("after the record: %+v", v.Counts)
	}
	// Later the record expires: the view on that day says so.
	e.api(aims.RoleViewer, "GET", "/api/v1/competence-gaps?as_of="+aims.DateOf(e.clock.now().Add(400*24*time.Hour)).String(), nil).json(t, &v)
	if v.Counts[aims.GapExpired] != 2 {
		t.Errorf("a year on: %+v", v.Counts)
	}
	// Edit a role through the form: people and their days.
	res = e.form(aims.RoleContributor, "/roles/"+ids.role, url.Values{"name": {"Human oversight reviewer"}, "competences": {ids.competence},
		"people": {ids.other}, "from_" + ids.other: {"2026-01-01"}, "until_" + ids.other: {"2026-12-31"}, "version": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit role = %d %s", res.StatusCode, res.Body)
	}
	var r aims.AIMSRole
	e.api(aims.RoleViewer, "GET", "/api/v1/aims-roles/"+ids.role, nil).json(t, &r)
	if len(r.People) != 1 || r.People[0].Name != "Ben Okafor" || r.People[0].Until.String() != "2026-12-31" || r.Version != 2 {
		t.Errorf("role after the form: %+v", r)
	}
	// The role's history shows the people changed, by name and period.
	if page := string(e.page(aims.RoleViewer, "/roles/"+ids.role).Body); !strings.Contains(page, "Ben Okafor from 2026-01-01 until 2026-12-31") {
		t.Errorf("the role's history does not show the new assignment")
	}
	// The exports.
	for path, want := range map[string]string{"/staff.csv?unit=Lending": "Ben Okafor", "/competences.csv": "AI literacy", "/roles.csv": "Human oversight reviewer",
		"/training.csv?staff_id=" + ids.other: "AI literacy workshop", "/competence-gaps.csv": "Ben Okafor"} {
		res := e.page(aims.RoleViewer, path)
		if res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(string(res.Body), want) {
			t.Errorf("%s: %q", path, res.Body)
		}
	}
	// The person page shows the roles and the record.
	person := string(e.page(aims.RoleViewer, "/staff/"+ids.other).Body)
	if !strings.Contains(person, "AI literacy workshop") || !strings.Contains(person, "Human oversight reviewer") {
		t.Errorf("person page lacks the record or the role")
	}
	// The competence's page names the roles that require it.
	if page := string(e.page(aims.RoleViewer, "/competences/"+ids.competence).Body); !strings.Contains(page, `<a href="/roles/`+ids.role+`">Human oversight reviewer</a>`) {
		t.Errorf("the competence's page does not name the role requiring it")
	}
	// The navigation shows the Support section.
	home := string(e.page(aims.RoleViewer, "/").Body)
	for _, want := range []string{"Support", `href="/staff"`, `href="/competence-gaps"`, `href="/roles"`} {
		if !strings.Contains(home, want) {
			t.Errorf("navigation lacks %q", want)
		}
	}
}

// TestPeopleQueriesDoNotGrow: the lists and the gap view answer in the same
// number of queries at two sizes.
func TestPeopleQueriesDoNotGrow(t *testing.T) {
	e := sqliteEnv(t)
	ids := seedPeople(t, e)
	ctx := context.Background()
	comp, _ := strconv.ParseInt(ids.competence, 10, 64)
	counts := map[string][]int64{}
	e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil)
	for _, n := range []int{5, 60} {
		for i := len(counts["/staff"]) * 5; i < n; i++ {
			p, err := e.store.CreatePerson(ctx, e.principal(aims.RoleAdmin), aims.Staff{Name: "Person " + strconv.Itoa(i)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.CreateAIMSRole(ctx, e.principal(aims.RoleAdmin), aims.AIMSRole{Name: "Role " + strconv.Itoa(i),
				Competences: []aims.RoleCompetence{{CompetenceID: comp}}, People: []aims.RoleAssignment{{StaffID: p.ID}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.store.CreateCompetenceRecord(ctx, e.principal(aims.RoleAdmin), aims.CompetenceRecord{StaffID: p.ID, CompetenceID: comp,
				Title: "Course", CompletedOn: aims.DateOf(e.clock.now())}); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{"/staff", "/roles", "/training", "/competence-gaps", "/api/v1/competence-gaps", "/api/v1/aims-roles"} {
			before := e.store.Queries()
			var res response
			if strings.HasPrefix(path, "/api/") {
				res = e.api(aims.RoleAdmin, "GET", path, nil)
			} else {
				res = e.page(aims.RoleAdmin, path)
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s = %d", path, res.StatusCode)
			}
			counts[path] = append(counts[path], e.store.Queries()-before)
		}
	}
	for path, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s ran %d queries with 5 people and %d with 60", path, c[0], c[1])
		}
	}
	t.Logf("queries per request: %v", counts)
	// The gap view pages its rows: 62 people hold a role, 200 rows a page.
	page := string(e.page(aims.RoleAdmin, "/competence-gaps?offset=50").Body)
	if !strings.Contains(page, "51–62 of 62") || strings.Count(page, `<td><a href="/staff/`) != 12 {
		t.Errorf("the second part of the gap view is not paged as asked")
	}
}

// seedForeignPeople gives the other organization a person, a competence, a
// role and a record, for the IDs no link of this organization may take.
func seedForeignPeople(t *testing.T, e *env) peopleIDs {
	t.Helper()
	ctx := context.Background()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	p, err := e.store.CreatePerson(ctx, stray, aims.Staff{Name: "Globex person"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.store.CreateCompetence(ctx, stray, aims.Competence{Name: "Globex competence"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.store.CreateAIMSRole(ctx, stray, aims.AIMSRole{Name: "Globex role"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := e.store.CreateCompetenceRecord(ctx, stray, aims.CompetenceRecord{StaffID: p.ID, CompetenceID: c.ID, Title: "Globex course", CompletedOn: aims.DateOf(e.clock.now())})
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return peopleIDs{person: id(p.ID), competence: id(c.ID), role: id(r.ID), record: id(rec.ID)}
}
