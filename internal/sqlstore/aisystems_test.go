package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

func TestAISystemLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: " Credit scoring ", Purpose: "Scores loan applicants"})
		if err != nil {
			t.Fatalf("CreateAISystem: %v", err)
		}
		if a.Ref != "AIS-1" || a.Version != 1 || a.Name != "Credit scoring" || a.Lifecycle != aims.StageInception {
			t.Errorf("created = %+v, want AIS-1 v1 trimmed name, inception", a)
		}
		if got, want := a.NextReview.String(), "2027-11-27"; got != want {
			t.Errorf("NextReview = %s, want %s (registration + 12 months)", got, want)
		}
		got, err := s.AISystem(ctx, f.org.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Ref != "AIS-1" || got.Purpose != "Scores loan applicants" || got.RiskClass != aims.RiskUnclassified || !got.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("read back = %+v", got)
		}

		// An edit with the version read succeeds and bumps the version.
		edit := got
		edit.Lifecycle = aims.StageVerification // not gated: the stage gate has its own tests (lifecycle_test.go)
		edit.OwnerID = f.users[aims.RoleManager]
		edit.Roles = []aims.AIRole{aims.AIRoleDeployer}
		edit.EUAIAct = &aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "Scores natural persons' creditworthiness."}
		c.advance(time.Hour)
		updated, err := s.UpdateAISystem(ctx, f.admin, edit)
		if err != nil {
			t.Fatalf("UpdateAISystem: %v", err)
		}
		if updated.Version != 2 || updated.RiskClass != aims.RiskHigh || updated.OwnerName != "The manager" {
			t.Errorf("updated = v%d %s owner %q, want v2 high-risk owner The manager", updated.Version, updated.RiskClass, updated.OwnerName)
		}
		events := auditCount(t, s, f.org.ID)

		// A second edit from the same stale read is refused and changes nothing.
		stale := got
		stale.Name = "Overwritten"
		if _, err := s.UpdateAISystem(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update error = %v, want ErrConflict", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("audit events after refused update = %d, want %d", n, events)
		}
		// A version no row can hold is stale too, on both engines:
		// PostgreSQL would refuse to send it for an INTEGER column.
		huge := updated
		huge.Name, huge.Version = "Overwritten", 3_000_000_000
		if _, err := s.UpdateAISystem(ctx, f.admin, huge); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("update at version 3000000000: %v, want ErrConflict", err)
		}
		if _, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 3_000_000_000, true); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("archive at version 3000000000: %v, want ErrConflict", err)
		}
		// Saving without changes writes nothing.
		same, err := s.UpdateAISystem(ctx, f.admin, updated)
		if err != nil || same.Version != 2 {
			t.Errorf("no-op update = v%d, %v; want v2, nil", same.Version, err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("audit events after no-op update = %d, want %d", n, events)
		}

		// The history shows the fields that changed, from what to what.
		hist, err := s.History(ctx, f.org.ID, "ai-systems", strconv.FormatInt(a.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[1].Action != aims.ActionUpdate {
			t.Fatalf("history = %d events, want create and update", len(hist))
		}
		fields := map[string]string{}
		for _, ch := range hist[1].Changes {
			fields[ch.Field] = string(ch.Old) + " -> " + string(ch.New)
		}
		for field, want := range map[string]string{
			"lifecycle":  `"inception" -> "verification-validation"`,
			"owner_name": `"" -> "The manager"`,
			"risk_class": `"unclassified" -> "high-risk"`,
		} {
			if fields[field] != want {
				t.Errorf("history change %s = %q, want %q", field, fields[field], want)
			}
		}
		if _, ok := fields["name"]; ok {
			t.Errorf("history lists unchanged field name")
		}

		// Archive and restore, idempotently.
		arch, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 0, true)
		if err != nil || !arch.Archived || arch.Version != 3 {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 0, true); err != nil {
			t.Errorf("archiving twice: %v", err)
		}
		edit = arch
		edit.Name = "Edited while archived"
		if _, err := s.UpdateAISystem(ctx, f.admin, edit); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("editing an archived system: %v, want ErrArchived", err)
		}
		if _, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 1, false); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("restore with stale version: %v, want ErrConflict", err)
		}
		rest, err := s.SetAISystemArchived(ctx, f.admin, a.ID, 3, false)
		if err != nil || rest.Archived {
			t.Errorf("restore = %+v, %v", rest, err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestAISystemValidation(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		before := auditCount(t, s, f.org.ID)
		for name, in := range map[string]aims.AISystem{
			"no name":           {Purpose: "p"},
			"no purpose":        {Name: "n"},
			"unknown lifecycle": {Name: "n", Purpose: "p", Lifecycle: "shipping"},
			"unknown role":      {Name: "n", Purpose: "p", Roles: []aims.AIRole{"owner"}},
			"foreign owner":     {Name: "n", Purpose: "p", OwnerID: other.users[aims.RoleAdmin]},
			"bad annex":         {Name: "n", Purpose: "p", EUAIAct: &aims.Classification{AnnexIII: "annex3.9.z", Reasoning: "r"}},
		} {
			_, err := s.CreateAISystem(ctx, f.admin, in)
			var ve *aims.ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s: error = %v, want a validation error", name, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != before {
			t.Errorf("refused creations wrote %d audit events", n-before)
		}
		p, _ := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 10}})
		if p.Total != 0 {
			t.Errorf("refused creations stored %d systems", p.Total)
		}
	})
}

func TestAISystemsAreConfinedToTheirOrganization(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chatbot", Purpose: "Answers customers"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AISystem(ctx, other.org.ID, a.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from other org: %v, want ErrNotFound", err)
		}
		a.Name = "Hijacked"
		if _, err := s.UpdateAISystem(ctx, other.admin, a); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("update from other org: %v, want ErrNotFound", err)
		}
		if _, err := s.SetAISystemArchived(ctx, other.admin, a.ID, 0, true); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("archive from other org: %v, want ErrNotFound", err)
		}
		// Each organization numbers its own systems from 1.
		b, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Forecast", Purpose: "Forecasts demand"})
		if err != nil || b.Ref != "AIS-1" {
			t.Errorf("other org's first system = %q, %v; want AIS-1", b.Ref, err)
		}
		p, _ := s.AISystems(ctx, other.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 10}})
		if p.Total != 1 || p.Items[0].Name != "Forecast" {
			t.Errorf("other org lists %+v", p)
		}
	})
}

func TestAISystemListFiltersSearchSortAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		stages := []aims.Lifecycle{aims.StageDesign, aims.StageOperation, aims.StageOperation}
		for i := 0; i < 30; i++ {
			in := aims.AISystem{Name: fmt.Sprintf("System %02d", i), Purpose: "Purpose " + strconv.Itoa(i), Lifecycle: stages[i%3],
				GateReason: "Running before the AIMS began; its records follow."}
			if i == 7 {
				in.Purpose = "Detects 100% of fraud_cases in claims"
			}
			if i%5 == 0 {
				in.EUAIAct = &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "chat"}
			}
			if i%10 == 0 {
				in.LastReviewed = aims.DateOf(c.t.AddDate(-2, 0, 0))
			}
			if _, err := s.CreateAISystem(ctx, f.admin, in); err != nil {
				t.Fatal(err)
			}
		}
		list := func(f2 aims.AISystemFilter) aims.Page[aims.AISystem] {
			t.Helper()
			if f2.Limit == 0 {
				f2.Limit = 50
			}
			p, err := s.AISystems(ctx, f.org.ID, f2)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		if p := list(aims.AISystemFilter{Lifecycle: aims.StageOperation}); p.Total != 20 {
			t.Errorf("operation filter total = %d, want 20", p.Total)
		}
		if p := list(aims.AISystemFilter{RiskClass: aims.RiskLimited}); p.Total != 6 {
			t.Errorf("limited filter total = %d, want 6", p.Total)
		}
		if p := list(aims.AISystemFilter{Overdue: true, Today: aims.DateOf(c.t)}); p.Total != 3 {
			t.Errorf("overdue total = %d, want 3", p.Total)
		}
		// Search is case-insensitive, needs every word, and treats % and _ literally.
		if p := list(aims.AISystemFilter{ListParams: aims.ListParams{Q: "FRAUD_cases 100%"}}); p.Total != 1 || p.Items[0].Name != "System 07" {
			t.Errorf("search = %+v, want System 07", p)
		}
		if p := list(aims.AISystemFilter{ListParams: aims.ListParams{Q: "100% nothing"}}); p.Total != 0 {
			t.Errorf("search with a missing word matched %d", p.Total)
		}
		if p := list(aims.AISystemFilter{ListParams: aims.ListParams{Q: "ais-12"}}); p.Total != 1 {
			t.Errorf("search by reference matched %d, want 1", p.Total)
		}
		// Pages do not overlap and cover everything.
		seen := map[int64]bool{}
		for off := 0; off < 30; off += 7 {
			p := list(aims.AISystemFilter{ListParams: aims.ListParams{Limit: 7, Offset: off, Sort: "ref", Desc: true}})
			if p.Total != 30 {
				t.Fatalf("total = %d", p.Total)
			}
			for _, a := range p.Items {
				if seen[a.ID] {
					t.Errorf("%s on two pages", a.Ref)
				}
				seen[a.ID] = true
			}
		}
		if len(seen) != 30 {
			t.Errorf("pages covered %d systems, want 30", len(seen))
		}
		if p := list(aims.AISystemFilter{ListParams: aims.ListParams{Sort: "ref", Desc: true, Limit: 1}}); p.Items[0].Ref != "AIS-30" {
			t.Errorf("first by ref desc = %s, want AIS-30", p.Items[0].Ref)
		}
		if _, err := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 10, Sort: "purpose; DROP TABLE"}}); err == nil {
			t.Errorf("unknown sort accepted")
		}
	})
}

// TestAISystemListQueryCount proves a list page runs the same number of
// queries whatever the number of rows.
func TestAISystemListQueryCount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		counts := map[int]int64{}
		for _, n := range []int{5, 120} {
			for i := len(counts) * 5; i < n; i++ {
				if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: fmt.Sprintf("S%d", i), Purpose: "p", OwnerID: f.users[aims.RoleViewer]}); err != nil {
					t.Fatal(err)
				}
			}
			cctx, queries := CountQueries(ctx)
			if _, err := s.AISystems(cctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 100}}); err != nil {
				t.Fatal(err)
			}
			counts[n] = queries()
		}
		if counts[5] != counts[120] || counts[5] != 2 {
			t.Errorf("queries per page: %v, want 2 at both sizes", counts)
		}
	})
}

// TestAISystemSearchFollowsEdits checks the search index stays in step with
// writes (the SQLite triggers, the PostgreSQL index) and that short terms,
// which no trigram index can serve, still match.
func TestAISystemSearchFollowsEdits(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Käse-Prüfer", Purpose: "Grades cheese wheels by photo"})
		if err != nil {
			t.Fatal(err)
		}
		s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Other", Purpose: "Unrelated"})
		find := func(q string) int {
			t.Helper()
			p, err := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 10, Q: q}})
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		for q, want := range map[string]int{"cheese": 1, "EESE wh": 1, "käse": 1, "PRÜF": 1, "by": 1, "x": 0, `"quoted"`: 0, "wheels unrelated": 0} {
			if got := find(q); got != want {
				t.Errorf("search %q = %d, want %d", q, got, want)
			}
		}
		a.Purpose = "Grades wine by taste"
		if _, err := s.UpdateAISystem(ctx, f.admin, a); err != nil {
			t.Fatal(err)
		}
		if find("cheese") != 0 || find("wine") != 1 {
			t.Errorf("after the edit: cheese %d, wine %d; want 0, 1", find("cheese"), find("wine"))
		}
	})
}

func TestInventorySummary(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		old := aims.DateOf(c.t.AddDate(-2, 0, 0))
		for _, a := range []aims.AISystem{
			{Name: "a", Purpose: "p", InScope: true, EUAIAct: &aims.Classification{AnnexIII: "annex3.4.a", Reasoning: "r"}},
			{Name: "b", Purpose: "p", InScope: true, LastReviewed: old},
			{Name: "c", Purpose: "p", EUAIAct: &aims.Classification{Reasoning: "r"}, LastReviewed: old},
			{Name: "d", Purpose: "p"},
		} {
			if _, err := s.CreateAISystem(ctx, f.admin, a); err != nil {
				t.Fatal(err)
			}
		}
		archived, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "e", Purpose: "p", InScope: true, LastReviewed: old})
		s.SetAISystemArchived(ctx, f.admin, archived.ID, 0, true)
		got, err := s.InventorySummary(ctx, f.org.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := aims.InventorySummary{Total: 4, InScope: 2, Overdue: 2, ByClass: map[aims.RiskClass]int{aims.RiskHigh: 1, aims.RiskMinimal: 1, aims.RiskUnclassified: 2}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("InventorySummary (-want +got):\n%s", diff)
		}
	})
}

// TestAISystemSearchSemanticsAndCap: long terms match anywhere, short ones
// the start of a word; a broad search counts to aims.CountCap and says so,
// a selective one counts exactly; and the pages beyond the cap still come.
func TestAISystemSearchSemanticsAndCap(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		// 1,100 systems in one statement (the list is what is tested here,
		// not the writes): "Fleet unit N", with N from 1 to 1100.
		_, err := s.w.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)
			INSERT INTO ai_systems (org_id, number, version, name, purpose, intended_use, foreseeable_misuse, lifecycle, roles,
				autonomy, human_oversight, data_resources, models, tooling, compute, third_party, in_scope, review_interval_months,
				eu_ai_act, risk_class, search, archived, created_at, updated_at)
			SELECT $1, 1000 + i, 1, 'Fleet unit ' || i, 'Routes vans', '', '', 'operation-monitoring', '', '', '', '', '', '', '', '',
				TRUE, 12, '', 'unclassified', ' ais ' || (1000 + i) || ' fleet unit ' || i || ' routes vans ', FALSE, $2, $2 FROM n`,
			f.org.ID, c.t)
		if err != nil {
			t.Fatal(err)
		}
		s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Load-test harness", Purpose: "Mystery vans"})
		search := func(q string, offset int) aims.Page[aims.AISystem] {
			t.Helper()
			p, err := s.AISystems(ctx, f.org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 50, Offset: offset, Q: q}})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return p
		}
		// Unit i carries the reference AIS-(1000+i).
		for _, tc := range []struct {
			q      string
			total  int
			capped bool
		}{
			{"fleet", 1000, true},    // broad: counted to the cap
			{"vans", 1000, true},     // broad, and on another system too
			{"unit 10", 209, false},  // every word counts on its own: "unit" and a word starting 10
			{"unit 1099", 2, false},  // selective: exact (unit 1099 and AIS-1099)
			{"10", 209, false},       // words starting 10: AIS-1001..1099, units 10, 100-109, 1000-1099
			{"10 fleet", 209, false}, // short and long together
			{"ys", 0, false},         // short terms match the start of a word only
			{"my", 1, false},         // "mystery"
			{"load test", 1, false},  // punctuation is a word break, typed or stored
			{"load-test harness", 1, false},
			{"fleet zz", 0, false}, // broad and empty together
		} {
			got := search(tc.q, 0)
			if got.Total != tc.total || got.Capped != tc.capped {
				t.Errorf("search %q: total %d capped %v, want %d %v", tc.q, got.Total, got.Capped, tc.total, tc.capped)
			}
			for _, a := range got.Items {
				text := aiSystemSearch(a)
				for _, term := range searchTerms(tc.q) {
					if len([]rune(term)) < 3 && !strings.Contains(text, " "+term) || len([]rune(term)) >= 3 && !strings.Contains(text, term) {
						t.Errorf("search %q returned %s (%q)", tc.q, a.Name, text)
					}
				}
			}
		}
		// Past the cap the pages still come, without overlap.
		p := search("fleet", 1050)
		if len(p.Items) != 50 || !p.Capped {
			t.Errorf("page at 1050 of a capped search: %d items, capped %v", len(p.Items), p.Capped)
		}
	})
}

// TestExportHoldsNoConnection: an export reads in batches and writes each
// batch with no database connection in use, so a slow client holds no
// connection (nor, on SQLite, a read snapshot that stops checkpoints).
func TestExportHoldsNoConnection(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for i := range exportBatch + 20 {
			if _, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: fmt.Sprint("S", i), Purpose: "p"}); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		var last int64
		err := s.EachAISystem(ctx, f.org.ID, aims.AISystemFilter{}, func(a aims.AISystem) error {
			if inUse := s.r.Stats().InUse; inUse != 0 {
				t.Fatalf("row %d written with %d connections in use", n, inUse)
			}
			if a.ID <= last {
				t.Fatalf("rows out of order: %d after %d", a.ID, last)
			}
			last = a.ID
			n++
			return nil
		})
		if err != nil || n != exportBatch+20 {
			t.Errorf("exported %d rows, %v; want %d", n, err, exportBatch+20)
		}
	})
}
