package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// BenchmarkCompetenceGaps1000 is the competence gap view of an
// organization of 1,000 people in 20 roles, each role requiring 5 of 40
// competences, with 2 records per person: the five queries and the pure
// computation, on each engine.
func BenchmarkCompetenceGaps1000(b *testing.B) {
	ctx := context.Background()
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		var comps []aims.Competence
		for i := range 40 {
			c, err := s.CreateCompetence(ctx, p, aims.Competence{Name: fmt.Sprint("Competence ", i), Kind: aims.CompetenceSkill, ValidityMonths: 12})
			if err != nil {
				b.Fatal(err)
			}
			comps = append(comps, c)
		}
		roles := make([]aims.AIMSRole, 20)
		for i := range roles {
			roles[i] = aims.AIMSRole{Name: fmt.Sprint("Role ", i)}
			for j := range 5 {
				roles[i].Competences = append(roles[i].Competences, aims.RoleCompetence{CompetenceID: comps[(i*2+j)%40].ID})
			}
		}
		for i := range 1000 {
			person, err := s.CreatePerson(ctx, p, aims.Staff{Name: fmt.Sprint("Person ", i)})
			if err != nil {
				b.Fatal(err)
			}
			r := &roles[i%20]
			r.People = append(r.People, aims.RoleAssignment{StaffID: person.ID})
			for j := range 2 {
				if _, err := s.CreateCompetenceRecord(ctx, p, aims.CompetenceRecord{StaffID: person.ID, CompetenceID: r.Competences[j].CompetenceID,
					Title: "Course", CompletedOn: mustDate("2026-01-15").AddMonths(-j * 5)}); err != nil {
					b.Fatal(err)
				}
			}
		}
		for _, r := range roles {
			if _, err := s.CreateAIMSRole(ctx, p, r); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				v, err := s.CompetenceGaps(ctx, p.OrgID, aims.GapFilter{AsOf: mustDate("2026-06-01"), Within: 60})
				if err != nil || len(v.Items) != 5000 {
					b.Fatalf("%d rows, %v", len(v.Items), err)
				}
			}
		})
	}
}
