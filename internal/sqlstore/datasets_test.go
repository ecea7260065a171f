package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func TestDatasetLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans", InScope: true})
		chat, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chatbot", Purpose: "Answers"})
		foreign, _ := s.CreateAISystem(ctx, g.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		today := aims.DateOf(c.t)
		in := aims.Dataset{AISystemID: sys.ID, Name: " Loan applications ", Use: aims.DatasetTraining, Purpose: "Train the scoring model",
			OwnerID: f.users[aims.RoleManager], Source: "Loan origination system", AcquiredHow: "Nightly extract", Rights: "Own data; contract basis",
			NextCheck: today.AddMonths(3)}
		ds, err := s.CreateDataset(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateDataset: %v", err)
		}
		if ds.Ref != "DS-1" || ds.Version != 1 || ds.Name != "Loan applications" || ds.AISystemRef != sys.Ref || ds.OwnerName != "The manager" {
			t.Errorf("created = %+v", ds)
		}

		due, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 10}, AsOf: today.AddMonths(4), Register: aims.RegisterDatasets})
		if err != nil || due.Total != 1 || due.Items[0].Ref != "DS-1" || due.Items[0].State != aims.DueOverdue {
			t.Errorf("due work after the next check = %+v, %v", due, err)
		}

		// Bad input and another organization's IDs change nothing.
		before := auditCount(t, s, f.org.ID)
		for name, bad := range map[string]aims.Dataset{
			"no name":            {AISystemID: sys.ID, Use: aims.DatasetTest, Purpose: "p"},
			"unknown use":        {AISystemID: sys.ID, Use: "tuning", Name: "x", Purpose: "p"},
			"no purpose":         {AISystemID: sys.ID, Use: aims.DatasetTest, Name: "x"},
			"source, no rights":  {AISystemID: sys.ID, Use: aims.DatasetTest, Name: "x", Purpose: "p", Source: "Bureau"},
			"other org's system": {AISystemID: foreign.ID, Use: aims.DatasetTest, Name: "x", Purpose: "p"},
			"other org's owner":  {AISystemID: sys.ID, Use: aims.DatasetTest, Name: "x", Purpose: "p", OwnerID: g.users[aims.RoleManager]},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateDataset(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: err %v, want a validation error", name, err)
			}
		}
		if _, err := s.Dataset(ctx, g.org.ID, ds.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org reads the data set: %v", err)
		}
		if _, err := s.UpdateDataset(ctx, g.admin, ds); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org edits the data set: %v", err)
		}
		if _, err := s.AddDatasetCheck(ctx, g.admin, ds.ID, aims.DatasetCheck{CheckedOn: today, Requirement: "r", Result: aims.CheckPass, Version: 1}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org appends a check: %v", err)
		}
		if _, err := s.AddDatasetCheck(ctx, f.admin, ds.ID, aims.DatasetCheck{CheckedOn: today, Requirement: "r", Result: aims.CheckPass, Version: 1,
			CheckedByID: g.users[aims.RoleManager]}); err == nil {
			t.Errorf("a check by another org's member was accepted")
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}

		// Nothing supports A.7.4-A.7.6 yet; A.7.2 and A.7.3 are there.
		if sup, _ := s.Supports(ctx, f.org.ID, "A.7.3", 5); len(sup) != 1 || sup[0].Ref != "DS-1" {
			t.Errorf("A.7.3 = %+v", sup)
		}
		for _, req := range []string{"A.7.4", "A.7.5", "A.7.6"} {
			if sup, _ := s.Supports(ctx, f.org.ID, req, 5); len(sup) != 0 {
				t.Errorf("%s before any record = %+v", req, sup)
			}
		}

		edit := ds
		edit.Provenance, edit.AISystemID = "Extracted from LOS tables; joined with bureau scores", chat.ID
		c.advance(time.Hour)
		updated, err := s.UpdateDataset(ctx, f.admin, edit)
		if err != nil || updated.Version != 2 || updated.AISystemName != "Chatbot" {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		stale := ds
		stale.Name = "Overwritten"
		if _, err := s.UpdateDataset(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}

		// Versions and checks append under the data set's version.
		v3 := aims.DatasetVersion{Label: "v3", On: today.AddDays(-30), Size: "48,210 applications", Preparation: "Deduplicated; income winsorised", Version: 2}
		after, err := s.AddDatasetVersion(ctx, f.admin, ds.ID, v3)
		if err != nil || after.Version != 3 {
			t.Fatalf("AddDatasetVersion = %+v, %v", after, err)
		}
		if _, err := s.AddDatasetVersion(ctx, f.admin, ds.ID, v3); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("a second append at the same version: %v, want ErrConflict", err)
		}
		fail := aims.DatasetCheck{CheckedOn: today.AddDays(-20), VersionLabel: "v3", Requirement: "Missing income values", Result: aims.CheckFail,
			Measured: "3.1%", Threshold: "≤ 2%", CheckedByID: f.users[aims.RoleManager], Note: "Imputation missing", Version: 3}
		if after, err = s.AddDatasetCheck(ctx, f.admin, ds.ID, fail); err != nil || after.Version != 4 {
			t.Fatalf("AddDatasetCheck = %+v, %v", after, err)
		}
		if _, err := s.AddDatasetCheck(ctx, f.admin, ds.ID, fail); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale check: %v", err)
		}
		var ve *aims.ValidationError
		if _, err := s.AddDatasetCheck(ctx, f.admin, ds.ID, aims.DatasetCheck{CheckedOn: today, Requirement: "x", Result: aims.CheckFail, Version: 4}); !errors.As(err, &ve) {
			t.Errorf("a failed check without a note: %v", err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.7.4", 5); len(sup) != 0 {
			t.Errorf("a failing check supports A.7.4: %+v", sup)
		}
		pass := fail
		pass.CheckedOn, pass.Result, pass.Measured, pass.Note, pass.Version = today.AddDays(-10), aims.CheckPass, "0.4%", "", 4
		if after, err = s.AddDatasetCheck(ctx, f.admin, ds.ID, pass); err != nil {
			t.Fatal(err)
		}
		checks, _ := s.DatasetChecks(ctx, f.org.ID, ds.ID, 10)
		latest := aims.LatestChecks(checks)
		if len(checks) != 2 || len(latest) != 1 || latest[0].Result != aims.CheckPass || checks[1].CheckedByName != "The manager" {
			t.Errorf("checks = %+v, latest %+v", checks, latest)
		}
		if vs, _ := s.DatasetVersions(ctx, f.org.ID, ds.ID, 10); len(vs) != 1 || vs[0].Preparation != v3.Preparation || vs[0].On != v3.On {
			t.Errorf("versions = %+v", vs)
		}
		for _, req := range []string{"A.7.2", "A.7.4", "A.7.5", "A.7.6"} {
			if sup, _ := s.Supports(ctx, f.org.ID, req, 5); len(sup) != 1 {
				t.Errorf("%s = %+v", req, sup)
			}
		}
		// A year and more later the passing check is no longer current.
		c.advance(366 * 24 * time.Hour)
		if sup, _ := s.Supports(ctx, f.org.ID, "A.7.4", 5); len(sup) != 0 {
			t.Errorf("a check of over a year ago supports A.7.4: %+v", sup)
		}
		q, err := s.SystemDataQuality(ctx, f.org.ID, chat.ID)
		if err != nil || len(q) != 1 || len(q[0].Latest) != 1 || q[0].Failing != 0 {
			t.Errorf("system data quality = %+v, %v", q, err)
		}

		hist, err := s.History(ctx, f.org.ID, aims.RegisterDatasets, strconv.FormatInt(ds.ID, 10))
		if err != nil || len(hist) != 5 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		if ch := hist[3].Changes; len(ch) != 1 || ch[0].Field != "quality_check" || !strings.Contains(string(ch[0].New), `"measured":"3.1%"`) ||
			!strings.Contains(string(ch[0].New), `"checked_by":"The manager"`) {
			t.Errorf("check in history = %+v", hist[3].Changes)
		}

		// Lists: by system, by use, search, another org, archive.
		s.CreateDataset(ctx, f.admin, aims.Dataset{AISystemID: sys.ID, Name: "Bureau holdout", Use: aims.DatasetTest, Purpose: "Back-test"})
		if page, err := s.Datasets(ctx, f.org.ID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 10}, AISystemID: sys.ID}); err != nil || page.Total != 1 || page.Items[0].Name != "Bureau holdout" {
			t.Errorf("by system = %+v, %v", page, err)
		}
		if page, _ := s.Datasets(ctx, f.org.ID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 10}, Use: aims.DatasetTraining}); page.Total != 1 {
			t.Errorf("use training found %d", page.Total)
		}
		if page, _ := s.Datasets(ctx, f.org.ID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 10, Q: "bureau"}}); page.Total != 2 {
			t.Errorf("search bureau found %d", page.Total)
		}
		if page, _ := s.Datasets(ctx, g.org.ID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 0 {
			t.Errorf("another org lists %d", page.Total)
		}
		arch, err := s.SetDatasetArchived(ctx, f.admin, ds.ID, after.Version, true)
		if err != nil || !arch.Archived || arch.Version != after.Version+1 {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.AddDatasetVersion(ctx, f.admin, ds.ID, aims.DatasetVersion{Label: "v5", On: today, Version: arch.Version}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("append to an archived data set: %v", err)
		}
		if _, err := s.SetDatasetArchived(ctx, f.admin, ds.ID, after.Version, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale restore: %v", err)
		}
		n := 0
		s.EachDataset(ctx, f.org.ID, aims.DatasetFilter{}, func(aims.Dataset) error { n++; return nil })
		if n != 1 {
			t.Errorf("export of live data sets gave %d", n)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.7.5", 5); len(sup) != 0 {
			t.Errorf("an archived data set supports A.7.5: %+v", sup)
		}
	})
}
