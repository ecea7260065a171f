package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"aims/internal/aims"
)

// TestConcurrentDatasetAppends: 8 writers holding one version of a data
// set each append a quality check result, then a version: exactly one wins
// each time, the others are told they lost, and the child tables hold the
// winner's row only.
func TestConcurrentDatasetAppends(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		ds, err := s.CreateDataset(ctx, f.admin, aims.Dataset{AISystemID: sys.ID, Name: "Loans", Use: aims.DatasetTraining, Purpose: "Train"})
		if err != nil {
			t.Fatal(err)
		}
		today := aims.DateOf(c.t)
		ok, errs := race(8, func(i int) error {
			_, err := s.AddDatasetCheck(ctx, f.admin, ds.ID, aims.DatasetCheck{CheckedOn: today, Requirement: fmt.Sprint("Check ", i),
				Result: aims.CheckPass, Version: ds.Version})
			return err
		})
		wantOne(t, "quality check append", ok, errs)
		ok, errs = race(8, func(i int) error {
			_, err := s.AddDatasetVersion(ctx, f.admin, ds.ID, aims.DatasetVersion{Label: fmt.Sprint("v", i), On: today, Version: ds.Version + 1})
			return err
		})
		wantOne(t, "version append", ok, errs)
		var checks, versions int
		s.r.QueryRow(`SELECT count(*) FROM dataset_checks WHERE org_id = $1`, f.org.ID).Scan(&checks)
		s.r.QueryRow(`SELECT count(*) FROM dataset_versions WHERE org_id = $1`, f.org.ID).Scan(&versions)
		if checks != 1 || versions != 1 {
			t.Errorf("child tables hold %d checks and %d versions, want one each", checks, versions)
		}
		got, _ := s.Dataset(ctx, f.org.ID, ds.ID)
		if got.Version != ds.Version+2 {
			t.Errorf("data set at v%d, want v%d", got.Version, ds.Version+2)
		}
	})
}
