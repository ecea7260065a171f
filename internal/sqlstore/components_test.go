package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/testdb"
)

func TestComponentLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans", InScope: true})
		chat, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chatbot", Purpose: "Answers"})
		foreign, _ := s.CreateAISystem(ctx, g.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		in := aims.Component{AISystemID: sys.ID, Kind: aims.ComponentModel, Name: " Gradient-boosted credit model ",
			Release: "3.2", Supplier: "In-house", OwnerID: f.users[aims.RoleManager], InUseSince: aims.DateOf(c.t.AddDate(0, -3, 0))}
		cm, err := s.CreateComponent(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateComponent: %v", err)
		}
		if cm.Ref != "CMP-1" || cm.Version != 1 || cm.Name != "Gradient-boosted credit model" || cm.AISystem != "AIS-1 CreditLens" ||
			cm.OwnerName != "The manager" {
			t.Errorf("created = %+v", cm)
		}
		got, err := s.Component(ctx, f.org.ID, cm.ID)
		if err != nil || got.Release != "3.2" || got.AISystem != "AIS-1 CreditLens" || got.InUseSince != in.InUseSince {
			t.Fatalf("read back = %+v, %v", got, err)
		}

		// Bad input and another organization's IDs change nothing.
		before := auditCount(t, s, f.org.ID)
		for name, bad := range map[string]aims.Component{
			"no name":              {AISystemID: sys.ID, Kind: aims.ComponentData},
			"unknown kind":         {AISystemID: sys.ID, Kind: "gpu", Name: "x"},
			"no system":            {Kind: aims.ComponentData, Name: "x"},
			"other org's system":   {AISystemID: foreign.ID, Kind: aims.ComponentData, Name: "x"},
			"other org's owner":    {AISystemID: sys.ID, Kind: aims.ComponentData, Name: "x", OwnerID: g.users[aims.RoleManager]},
			"third party linked":   {AISystemID: sys.ID, Kind: aims.ComponentThirdParty, Name: "x", ThirdPartyID: 4},
			"retired before start": {AISystemID: sys.ID, Kind: aims.ComponentData, Name: "x", InUseSince: aims.DateOf(c.t), Retired: aims.DateOf(c.t.AddDate(0, 0, -1))},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateComponent(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: err %v, want a validation error", name, err)
			}
		}
		if _, err := s.Component(ctx, g.org.ID, cm.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org reads the component: %v", err)
		}
		foreignEdit := got
		if _, err := s.UpdateComponent(ctx, g.admin, foreignEdit); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org edits the component: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}

		edit := got
		edit.Release, edit.AISystemID = "3.3", chat.ID
		c.advance(time.Hour)
		updated, err := s.UpdateComponent(ctx, f.admin, edit)
		if err != nil || updated.Version != 2 || updated.AISystem != "AIS-2 Chatbot" {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		events := auditCount(t, s, f.org.ID)
		stale := got
		stale.Name = "Overwritten"
		if _, err := s.UpdateComponent(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		if same, err := s.UpdateComponent(ctx, f.admin, updated); err != nil || same.Version != 2 {
			t.Errorf("no-op update = v%d, %v", same.Version, err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused and no-op updates wrote %d events", n-events)
		}
		hist, err := s.History(ctx, f.org.ID, aims.RegisterComponents, strconv.FormatInt(cm.ID, 10))
		if err != nil || len(hist) != 2 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		diff := ""
		for _, ch := range hist[1].Changes {
			diff += ch.Field + ":" + string(ch.Old) + ">" + string(ch.New) + " "
		}
		if !strings.Contains(diff, `ai_system:"AIS-1 CreditLens">"AIS-2 Chatbot"`) || !strings.Contains(diff, `release:"3.2">"3.3"`) {
			t.Errorf("update diff = %s", diff)
		}

		// Lists: by system, by kind, search, archive.
		s.CreateComponent(ctx, f.admin, aims.Component{AISystemID: sys.ID, Kind: aims.ComponentCompute, Name: "GPU node pool"})
		page, err := s.Components(ctx, f.org.ID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10}, AISystemID: sys.ID})
		if err != nil || page.Total != 1 || page.Items[0].Name != "GPU node pool" {
			t.Errorf("by system = %+v, %v", page, err)
		}
		if page, _ := s.Components(ctx, f.org.ID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10, Q: "gradient"}}); page.Total != 1 {
			t.Errorf("search gradient found %d", page.Total)
		}
		if page, _ := s.Components(ctx, f.org.ID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10}, Kind: aims.ComponentModel}); page.Total != 1 {
			t.Errorf("kind model found %d", page.Total)
		}
		if page, _ := s.Components(ctx, g.org.ID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 0 {
			t.Errorf("another org lists %d", page.Total)
		}
		arch, err := s.SetComponentArchived(ctx, f.admin, cm.ID, updated.Version, true)
		if err != nil || !arch.Archived || arch.Version != 3 {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.UpdateComponent(ctx, f.admin, arch); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("edit archived: %v", err)
		}
		if _, err := s.SetComponentArchived(ctx, f.admin, cm.ID, updated.Version, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale restore: %v", err)
		}
		n := 0
		s.EachComponent(ctx, f.org.ID, aims.ComponentFilter{}, func(aims.Component) error { n++; return nil })
		if n != 1 {
			t.Errorf("export of live components gave %d", n)
		}
	})
}

func TestSystemPeople(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f, g := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loans"})
		priya, _ := s.CreatePerson(ctx, f.admin, aims.Staff{Name: "Priya Nair"})
		jonas, _ := s.CreatePerson(ctx, f.admin, aims.Staff{Name: "Jonas Weber"})
		ml, _ := s.CreateCompetence(ctx, f.admin, aims.Competence{Name: "Model validation", Kind: aims.CompetenceKinds[0]})
		fair, _ := s.CreateCompetence(ctx, f.admin, aims.Competence{Name: "Fairness testing", Kind: aims.CompetenceKinds[0]})
		theirs, _ := s.CreateCompetence(ctx, g.admin, aims.Competence{Name: "Theirs", Kind: aims.CompetenceKinds[0]})
		if _, err := s.CreateCompetenceRecord(ctx, f.admin, aims.CompetenceRecord{StaffID: priya.ID, CompetenceID: ml.ID,
			Kind: aims.RecordKinds[0], Title: "Validation course", CompletedOn: aims.DateOf(c.t.AddDate(0, -1, 0))}); err != nil {
			t.Fatal(err)
		}

		before := auditCount(t, s, f.org.ID)
		for name, bad := range map[string]aims.SystemPeople{
			"other org's competence": {AISystemID: sys.ID, Version: sys.Version, Needs: []aims.SystemNeed{{Role: "Validator", CompetenceID: theirs.ID}}},
			"no role":                {AISystemID: sys.ID, Version: sys.Version, Needs: []aims.SystemNeed{{CompetenceID: ml.ID}}},
			"nothing named":          {AISystemID: sys.ID, Version: sys.Version, Needs: []aims.SystemNeed{{Role: "Validator"}}},
		} {
			var ve *aims.ValidationError
			if _, err := s.SetSystemPeople(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("%s: err %v, want a validation error", name, err)
			}
		}
		if _, err := s.SetSystemPeople(ctx, g.admin, aims.SystemPeople{AISystemID: sys.ID, Version: sys.Version}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another org sets the needs: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused writes recorded %d events", n-before)
		}

		in := aims.SystemPeople{AISystemID: sys.ID, Version: sys.Version, Needs: []aims.SystemNeed{
			{Role: "Model validator", CompetenceID: ml.ID, StaffID: priya.ID},
			{Role: "Fairness reviewer", CompetenceID: fair.ID},
			{Role: "Second validator", CompetenceID: ml.ID, StaffID: jonas.ID},
		}}
		out, err := s.SetSystemPeople(ctx, f.admin, in)
		if err != nil || out.Version != 2 || out.Needs[0].StaffName != "Priya Nair" || out.Needs[1].CompetenceName != "Fairness testing" {
			t.Fatalf("SetSystemPeople = %+v, %v", out, err)
		}
		if _, err := s.SetSystemPeople(ctx, f.admin, in); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale write: %v", err)
		}
		read, _ := s.SystemPeople(ctx, f.org.ID, sys.ID)
		gaps, err := s.SystemNeedGaps(ctx, f.org.ID, read.Needs)
		if err != nil || len(gaps) != 2 || gaps[0].Text() != "Nobody holds Fairness testing (needed for Fairness reviewer)" ||
			gaps[1].Text() != "Jonas Weber does not hold Model validation (needed for Second validator)" {
			t.Errorf("gaps = %+v, %v", gaps, err)
		}
		hist, _ := s.History(ctx, f.org.ID, aims.RegisterAISystems, strconv.FormatInt(sys.ID, 10))
		if last := hist[len(hist)-1]; len(last.Changes) != 1 || last.Changes[0].Field != "human_resources" ||
			!strings.Contains(string(last.Changes[0].New), "Model validator: Model validation / Priya Nair") {
			t.Errorf("history = %+v", last)
		}
	})
}

// TestMigrationMovesFreeTextIntoComponents runs the migrations up to 0018,
// writes an AI system as the inventory held it then (free-text resources,
// the old mixed roles), and checks that 0019 makes one component of each
// text and gives each old sub-role its main role.
func TestMigrationMovesFreeTextIntoComponents(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var src string
			if engine == "sqlite" {
				src = testdb.SQLite(t, func(string) error { return nil })
			} else {
				if ok, why := testdb.PostgresAvailable(); !ok {
					testdb.Unavailable(t, why)
				}
				src = testdb.EmptyPostgres(t)
			}
			s, err := Open(context.Background(), src, Options{AuditKey: testdb.AuditKey()})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ms, err := Migrations(s.dialect)
			if err != nil {
				t.Fatal(err)
			}
			upTo := 0
			for i, m := range ms {
				if strings.HasPrefix(m.Name, "0019") {
					upTo = i
				}
			}
			ctx := context.Background()
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			err = s.tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
					return err
				}
				for _, m := range ms[:upTo] {
					if _, err := tx.Exec(m.SQL); err != nil {
						return err
					}
					if _, err := tx.Exec(`INSERT INTO schema_migrations VALUES ($1, '2026-10-01T09:00:00Z')`, m.Name); err != nil {
						return err
					}
				}
				for _, q := range []string{
					`INSERT INTO organizations (id, name, created_at) VALUES (1, 'Old Co', $1)`,
					`INSERT INTO users (id, email, name, password_hash, created_at) VALUES (1, 'ann@old.test', 'Ann', 'x', $1)`,
					`INSERT INTO memberships (org_id, user_id, role, active, version, created_at, accepted_at) VALUES (1, 1, 'admin', TRUE, 1, $1, $1)`,
				} {
					if _, err := tx.Exec(q, at); err != nil {
						return err
					}
				}
				for i, sys := range []struct{ roles, data, models, third string }{
					{"provider,deployer", "Loan applications 2019-2025", "Gradient-boosted trees", ""},
					{"developer,user", "", "", "LLM vendor"},
					{"", "", "", ""},
				} {
					if _, err := tx.Exec(`INSERT INTO ai_systems (org_id, number, version, name, purpose, intended_use, foreseeable_misuse, owner_id,
						lifecycle, roles, autonomy, human_oversight, data_resources, models, tooling, compute, third_party, in_scope,
						review_interval_months, eu_ai_act, risk_class, search, archived, created_at, updated_at)
						VALUES (1, $1, 1, $2, 'p', '', '', 1, 'inception', $3, '', '', $4, $5, '', '', $6, TRUE, 12, '',
						'unclassified', ' x ', FALSE, $7, $7)`, i+1, "System "+strconv.Itoa(i+1), sys.roles, sys.data, sys.models, sys.third, at); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			var roles []string
			rows, _ := s.r.Query(`SELECT roles FROM ai_systems ORDER BY number`)
			for rows.Next() {
				var r string
				rows.Scan(&r)
				roles = append(roles, r)
			}
			rows.Close()
			if strings.Join(roles, "|") != "provider,customer,deployer|producer,developer,customer,user|" {
				t.Errorf("migrated roles = %q", roles)
			}
			page, err := s.Components(ctx, 1, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10, Sort: "ref"}})
			if err != nil || page.Total != 3 {
				t.Fatalf("components = %+v, %v", page, err)
			}
			want := []string{"CMP-1 data AIS-1 System 1 Loan applications 2019-2025 Ann", "CMP-2 model AIS-1 System 1 Gradient-boosted trees Ann",
				"CMP-3 third-party-service AIS-2 System 2 LLM vendor Ann"}
			for i, c := range page.Items {
				if got := c.Ref + " " + string(c.Kind) + " " + c.AISystem + " " + c.Description + " " + c.OwnerName; got != want[i] {
					t.Errorf("component %d = %q, want %q", i, got, want[i])
				}
			}
			if p, _ := s.Components(ctx, 1, aims.ComponentFilter{ListParams: aims.ListParams{Limit: 10, Q: "vendor"}}); p.Total != 1 {
				t.Errorf("search finds %d migrated components for vendor", p.Total)
			}
			// The next component is numbered after the migrated ones.
			var next int
			if err := s.r.QueryRow(`SELECT next FROM ref_counters WHERE org_id = 1 AND kind = 'ai-components'`).Scan(&next); err != nil || next != 3 {
				t.Errorf("reference counter = %d, %v; want 3", next, err)
			}
		})
	}
}
