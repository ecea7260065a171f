package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentImpactWrites: eight writers holding one version of a draft,
// of an assessment in review, or of the criteria: exactly one edit, one
// approval and one new criteria version win; and two assessments of one
// system approved at once never leave two current.
func TestConcurrentImpactWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		manager := aims.Principal{OrgID: f.org.ID, UserID: f.users[aims.RoleManager], Email: "manager@acme.test", Role: aims.RoleManager}
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		if err != nil {
			t.Fatal(err)
		}
		next := aims.DateOf(c.t.AddDate(1, 0, 0))
		draft, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(sys.ID, f.users[aims.RoleContributor], next))
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			e := draft
			e.Title = fmt.Sprintf("Edit %d", i)
			_, err := s.UpdateImpactAssessment(ctx, f.admin, e)
			return err
		})
		wantOne(t, "edit a draft", ok, errs)

		crit, err := s.ImpactCriteria(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		ok, errs = race(8, func(i int) error {
			cc := crit
			cc.Note = fmt.Sprintf("Version by writer %d", i)
			_, err := s.SaveImpactCriteria(ctx, f.admin, cc)
			return err
		})
		wantOne(t, "save the criteria", ok, errs)

		// Two assessments in review, each approved by four writers at once.
		var inReview []aims.ImpactAssessment
		for range 2 {
			a, err := s.CreateImpactAssessment(ctx, f.admin, impactDraft(sys.ID, f.users[aims.RoleContributor], next))
			if err != nil {
				t.Fatal(err)
			}
			if a, err = s.SubmitImpactAssessment(ctx, f.admin, a.ID, aims.ImpactStep{Version: a.Version}); err != nil {
				t.Fatal(err)
			}
			inReview = append(inReview, a)
		}
		ok, errs = race(8, func(i int) error {
			a := inReview[i%2]
			_, err := s.ApproveImpactAssessment(ctx, manager, a.ID, aims.ImpactStep{Version: a.Version})
			return err
		})
		if ok != 2 || len(errs) != 6 {
			t.Errorf("approvals: %d succeeded (%v), want one per assessment", ok, errs)
		}
		page, err := s.ImpactAssessments(ctx, f.org.ID, aims.ImpactFilter{ListParams: aims.ListParams{Limit: 10}, State: aims.ImpactApproved})
		if err != nil || page.Total != 1 {
			t.Errorf("current assessments of the system = %d, %v; want 1", page.Total, err)
		}
	})
}
