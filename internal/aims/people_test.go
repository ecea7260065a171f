package aims

import (
	"fmt"
	"strings"
	"testing"
)

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPeopleValidate(t *testing.T) {
	long := strings.Repeat("x", maxName+1)
	cases := []struct {
		name  string
		v     interface{ Validate() error }
		field string // "" when valid
	}{
		{"person", Staff{Name: "Anna Schmidt"}, ""},
		{"person without a name", Staff{Name: " "}, "name"},
		{"person with a long title", Staff{Name: "A", JobTitle: long}, "job_title"},
		{"person leaving before starting", Staff{Name: "A", StartDate: day("2026-02-01"), LeftOn: day("2026-01-01")}, "left_on"},
		{"person with a negative account", Staff{Name: "A", UserID: -1}, "user_id"},
		{"competence", Competence{Name: "AI literacy", Kind: CompetenceAwareness, ValidityMonths: 12}, ""},
		{"competence of an unknown kind", Competence{Name: "x", Kind: "talent"}, "kind"},
		{"competence valid for ever and a day", Competence{Name: "x", Kind: CompetenceSkill, ValidityMonths: 121}, "validity_months"},
		{"competence valid negatively", Competence{Name: "x", Kind: CompetenceSkill, ValidityMonths: -1}, "validity_months"},
		{"role", AIMSRole{Name: "AIMS manager", Competences: []RoleCompetence{{CompetenceID: 1}}, People: []RoleAssignment{{StaffID: 2}}}, ""},
		{"role reporting to itself", AIMSRole{ID: 3, Name: "x", ReportsToID: 3}, "reports_to_id"},
		{"role requiring a competence twice", AIMSRole{Name: "x", Competences: []RoleCompetence{{CompetenceID: 1}, {CompetenceID: 1}}}, "competences"},
		{"role naming no competence", AIMSRole{Name: "x", Competences: []RoleCompetence{{}}}, "competences"},
		{"role with a person twice", AIMSRole{Name: "x", People: []RoleAssignment{{StaffID: 1}, {StaffID: 1}}}, "people"},
		{"role assignment ending before it starts", AIMSRole{Name: "x", People: []RoleAssignment{{StaffID: 1, From: day("2026-05-01"), Until: day("2026-04-01")}}}, "people"},
		{"record", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: NotEvaluated}, ""},
		{"record without a person", CompetenceRecord{CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: NotEvaluated}, "staff_id"},
		{"record without a day", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", Effectiveness: NotEvaluated}, "completed_on"},
		{"record of an unknown kind", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: "osmosis", Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: NotEvaluated}, "kind"},
		{"record expiring before completion", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), ExpiresOn: day("2025-01-01"), Effectiveness: NotEvaluated}, "expires_on"},
		{"record evaluated without a day", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: Effective, EvaluationMethod: "quiz"}, "evaluated_on"},
		{"record evaluated without a method", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: Effective, EvaluatedOn: day("2026-02-01")}, "evaluation_method"},
		{"record with an unknown evaluation", CompetenceRecord{StaffID: 1, CompetenceID: 2, Kind: RecordTraining, Title: "t", CompletedOn: day("2026-01-01"), Effectiveness: "great"}, "effectiveness"},
		{"gap filter", GapFilter{State: GapExpiring, Within: 60}, ""},
		{"gap filter with an unknown state", GapFilter{State: "fine"}, "state"},
		{"gap filter looking back", GapFilter{Within: -1}, "within"},
		{"staff filter with an unknown status", StaffFilter{ListParams: ListParams{Limit: 1}, Status: "gone"}, "status"},
		{"record filter with an unknown sort", CompetenceRecordFilter{ListParams: ListParams{Limit: 1, Sort: "salary"}}, "sort"},
	}
	for _, c := range cases {
		err := c.v.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want valid", c.name, err)
			}
			continue
		}
		ve, ok := err.(*ValidationError)
		if !ok || ve.Fields[c.field] == "" {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func TestCompetenceRecordNormalize(t *testing.T) {
	r := CompetenceRecord{CompletedOn: day("2026-01-31")}
	r.Normalize(1)
	if r.ExpiresOn != day("2026-02-28") || r.Kind != RecordTraining || r.Effectiveness != NotEvaluated {
		t.Errorf("derived %+v", r)
	}
	r = CompetenceRecord{CompletedOn: day("2026-01-31"), ExpiresOn: day("2026-06-01")}
	r.Normalize(12)
	if r.ExpiresOn != day("2026-06-01") {
		t.Errorf("a given expiry was replaced: %s", r.ExpiresOn)
	}
	r = CompetenceRecord{CompletedOn: day("2026-01-31")}
	if r.Normalize(0); !r.ExpiresOn.IsZero() {
		t.Errorf("a competence that does not expire got an expiry %s", r.ExpiresOn)
	}
}

func TestCompetenceGaps(t *testing.T) {
	comps := map[int64]Competence{
		1: {ID: 1, Ref: "CMP-1", Name: "AI literacy"},
		2: {ID: 2, Ref: "CMP-2", Name: "Fairness testing"},
		3: {ID: 3, Ref: "CMP-3", Name: "Retired", Archived: true},
	}
	people := []Staff{
		{ID: 10, Name: "Ada"}, {ID: 11, Name: "Bea"}, {ID: 12, Name: "Cy", Left: true}, {ID: 13, Name: "Dee", StartDate: day("2027-01-01")},
	}
	roles := []AIMSRole{{ID: 100, Ref: "ROL-1", Name: "Model owner",
		Competences: []RoleCompetence{{CompetenceID: 1}, {CompetenceID: 2}, {CompetenceID: 3}},
		People:      []RoleAssignment{{StaffID: 10}, {StaffID: 11, Until: day("2026-12-31")}, {StaffID: 12}, {StaffID: 13}}},
		{ID: 101, Name: "Ended", People: []RoleAssignment{{StaffID: 10, Until: day("2026-01-01")}}, Competences: []RoleCompetence{{CompetenceID: 1}}},
		{ID: 102, Name: "Archived", Archived: true, People: []RoleAssignment{{StaffID: 10}}, Competences: []RoleCompetence{{CompetenceID: 1}}},
	}
	rec := func(id, staff, comp int64, done, expires string, e Effectiveness) CompetenceRecord {
		r := CompetenceRecord{ID: id, Ref: fmt.Sprint("TRN-", id), StaffID: staff, CompetenceID: comp, CompletedOn: day(done), Effectiveness: e}
		if expires != "" {
			r.ExpiresOn = day(expires)
		}
		return r
	}
	asOf := day("2026-06-01")
	cases := []struct {
		name    string
		records []CompetenceRecord
		want    map[string]GapState // "staff/competence" -> state
	}{
		{"nothing recorded", nil, map[string]GapState{"10/1": GapMissing, "10/2": GapMissing, "11/1": GapMissing, "11/2": GapMissing}},
		{"held, expiring, expired", []CompetenceRecord{
			rec(1, 10, 1, "2026-01-01", "", Effective),
			rec(2, 10, 2, "2025-08-01", "2026-07-15", NotEvaluated),
			rec(3, 11, 1, "2025-01-01", "2026-01-01", Effective),
		}, map[string]GapState{"10/1": GapHeld, "10/2": GapExpiring, "11/1": GapExpired, "11/2": GapMissing}},
		{"expiry on the day still holds, one beyond the window is held", []CompetenceRecord{
			rec(1, 10, 1, "2025-06-01", "2026-06-01", Effective),
			rec(2, 10, 2, "2026-01-01", "2026-08-01", Effective),
		}, map[string]GapState{"10/1": GapExpiring, "10/2": GapHeld, "11/1": GapMissing, "11/2": GapMissing}},
		{"not effective does not count, its follow-up does", []CompetenceRecord{
			rec(1, 10, 1, "2026-01-01", "", NotEffective),
			rec(2, 11, 1, "2026-01-01", "", NotEffective),
			rec(3, 11, 1, "2026-03-01", "2027-03-01", PartlyEff),
		}, map[string]GapState{"10/1": GapMissing, "10/2": GapMissing, "11/1": GapHeld, "11/2": GapMissing}},
		{"a record completed after the day does not count yet", []CompetenceRecord{
			rec(1, 10, 1, "2026-06-02", "", Effective),
		}, map[string]GapState{"10/1": GapMissing, "10/2": GapMissing, "11/1": GapMissing, "11/2": GapMissing}},
		{"the longest-lasting record wins", []CompetenceRecord{
			rec(1, 10, 1, "2025-07-01", "2026-07-01", Effective),
			rec(2, 10, 1, "2026-05-01", "2027-05-01", Effective),
		}, map[string]GapState{"10/1": GapHeld, "10/2": GapMissing, "11/1": GapMissing, "11/2": GapMissing}},
	}
	for _, c := range cases {
		v := CompetenceGaps(roles, people, c.records, comps, GapFilter{AsOf: asOf, Within: 60})
		got := map[string]GapState{}
		for _, g := range v.Items {
			if g.RoleID != 100 {
				t.Errorf("%s: row from role %d, which is ended or archived", c.name, g.RoleID)
			}
			got[fmt.Sprintf("%d/%d", g.StaffID, g.CompetenceID)] = g.State
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
		total := 0
		for _, n := range v.Counts {
			total += n
		}
		if total != len(v.Items) {
			t.Errorf("%s: counts %v add to %d, rows %d", c.name, v.Counts, total, len(v.Items))
		}
	}
	// Filters: by state the rows narrow and the counts stay; by person both.
	recs := []CompetenceRecord{rec(1, 10, 1, "2026-01-01", "", Effective)}
	v := CompetenceGaps(roles, people, recs, comps, GapFilter{AsOf: asOf, Within: 60, State: GapMissing})
	if len(v.Items) != 3 || v.Counts[GapHeld] != 1 || v.Counts[GapMissing] != 3 {
		t.Errorf("state filter: %d rows, counts %v", len(v.Items), v.Counts)
	}
	v = CompetenceGaps(roles, people, recs, comps, GapFilter{AsOf: asOf, Within: 60, StaffID: 11})
	if len(v.Items) != 2 || v.Counts[GapHeld] != 0 {
		t.Errorf("person filter: %+v", v)
	}
	// After Bea's assignment ends she is no longer listed.
	v = CompetenceGaps(roles, people, recs, comps, GapFilter{AsOf: day("2027-02-01"), Within: 60})
	for _, g := range v.Items {
		if g.StaffID == 11 {
			t.Errorf("a person whose assignment ended is listed: %+v", g)
		}
	}
	// Dee starts in 2027: listed then, not before.
	if !containsStaff(v.Items, 13) || containsStaff(CompetenceGaps(roles, people, nil, comps, GapFilter{AsOf: asOf}).Items, 13) {
		t.Errorf("a person is listed before their start date or not after it")
	}
}

func containsStaff(gs []CompetenceGap, id int64) bool {
	for _, g := range gs {
		if g.StaffID == id {
			return true
		}
	}
	return false
}

// BenchmarkCompetenceGaps works out the gap view of 1,000 people in 20
// roles, each role requiring 5 of 40 competences, with 4 records each.
func BenchmarkCompetenceGaps(b *testing.B) {
	roles, people, records, comps := gapFixture(1000)
	b.ResetTimer()
	for b.Loop() {
		v := CompetenceGaps(roles, people, records, comps, GapFilter{AsOf: day("2026-06-01"), Within: 60})
		if len(v.Items) != 5000 {
			b.Fatalf("%d rows", len(v.Items))
		}
	}
}

func gapFixture(n int) ([]AIMSRole, []Staff, []CompetenceRecord, map[int64]Competence) {
	comps := map[int64]Competence{}
	for i := int64(1); i <= 40; i++ {
		comps[i] = Competence{ID: i, Name: fmt.Sprint("Competence ", i)}
	}
	roles := make([]AIMSRole, 20)
	for i := range roles {
		roles[i] = AIMSRole{ID: int64(1000 + i), Name: fmt.Sprint("Role ", i)}
		for j := 0; j < 5; j++ {
			roles[i].Competences = append(roles[i].Competences, RoleCompetence{CompetenceID: int64((i*2+j)%40 + 1)})
		}
	}
	var people []Staff
	var records []CompetenceRecord
	for i := 0; i < n; i++ {
		id := int64(10_000 + i)
		people = append(people, Staff{ID: id, Name: fmt.Sprint("Person ", i)})
		r := &roles[i%20]
		r.People = append(r.People, RoleAssignment{StaffID: id})
		for j := 0; j < 4; j++ {
			records = append(records, CompetenceRecord{ID: int64(i*4 + j), StaffID: id, CompetenceID: r.Competences[j].CompetenceID,
				CompletedOn: day("2025-09-01").AddMonths(-j * 3), ExpiresOn: day("2026-07-01").AddMonths(-j * 2), Effectiveness: Effective})
		}
	}
	return roles, people, records, comps
}
