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

func mustDay(t *testing.T, s string) aims.Date {
	t.Helper()
	d, err := aims.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestThirdPartyLifecycle: create with links, edit, stale edit, the matrix
// saved whole at a version, assessments, supporters, due work, search,
// another organization's IDs, archive.
func TestThirdPartyLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		g := newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Chat assistant", Purpose: "Answers customers"})
		party, _ := s.CreateParty(ctx, f.admin, aims.Party{Name: "LLM vendor", Type: aims.PartySupplier})
		theirSys, _ := s.CreateAISystem(ctx, g.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		theirParty, _ := s.CreateParty(ctx, g.admin, aims.Party{Name: "Theirs"})

		in := aims.ThirdParty{Name: " Northwind Models ", Kind: aims.ThirdPartySupplier, PartyID: party.ID, Provides: "Hosted large language model",
			AISystemIDs: []int64{sys.ID, sys.ID}, OwnerID: f.users[aims.RoleManager], ReviewDate: mustDay(t, "2027-01-31"),
			Responsibilities: []aims.Responsibility{{Activity: aims.ActivityMonitoring, Organization: aims.ShareResponsible}}}
		tp, err := s.CreateThirdParty(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateThirdParty: %v", err)
		}
		if tp.Ref != "TP-1" || tp.Name != "Northwind Models" || tp.Status != aims.RelationActive || tp.Criticality != aims.CriticalityMedium ||
			len(tp.AISystemIDs) != 1 || tp.AISystems[0] != "AIS-1 Chat assistant" || !strings.HasPrefix(tp.PartyName, "IP-1") || tp.OwnerName != "The manager" {
			t.Errorf("created = %+v", tp)
		}
		got, err := s.ThirdParty(ctx, f.org.ID, tp.ID)
		if err != nil || len(got.Responsibilities) != 1 || got.Responsibilities[0].Supplier != aims.ShareNone {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		if _, err := s.ThirdParty(ctx, g.org.ID, tp.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization read it: %v", err)
		}

		// Another organization's links are refused as unknown.
		for field, bad := range map[string]aims.ThirdParty{
			"ai_system_ids": {Name: "x", Kind: aims.ThirdPartySupplier, AISystemIDs: []int64{theirSys.ID}},
			"party_id":      {Name: "x", Kind: aims.ThirdPartySupplier, PartyID: theirParty.ID},
			"owner_id":      {Name: "x", Kind: aims.ThirdPartySupplier, OwnerID: g.users[aims.RoleAdmin]},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateThirdParty(ctx, f.admin, bad); !errors.As(err, &ve) || ve.Fields[field] == "" {
				t.Errorf("%s from another organization: %v", field, err)
			}
		}

		edit := got
		edit.Commitments = []aims.CustomerCommitment{{Expectation: "Explain declines", Information: "Reason codes"}}
		edit.Criticality = aims.CriticalityHigh
		c.advance(time.Hour)
		updated, err := s.UpdateThirdParty(ctx, f.admin, edit)
		if err != nil || updated.Version != 2 || len(updated.Responsibilities) != 1 {
			t.Fatalf("update = %+v, %v", updated, err)
		}
		events := auditCount(t, s, f.org.ID)
		if _, err := s.UpdateThirdParty(ctx, f.admin, got); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		// The matrix: stale, unknown activity and unknown share are refused,
		// whole; a save at the current version replaces it.
		rows := []aims.Responsibility{
			{Activity: aims.Activity(aims.StageOperation), Organization: aims.ShareShared, Supplier: aims.ShareShared, Note: "Vendor runs the model"},
			{Activity: aims.ActivityIncidentReporting, Organization: aims.ShareResponsible, Supplier: aims.ShareShared},
		}
		if _, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 1, Responsibilities: rows}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale matrix: %v", err)
		}
		for _, bad := range [][]aims.Responsibility{
			append(rows, aims.Responsibility{Activity: "sales", Organization: aims.ShareResponsible}),
			append(rows, aims.Responsibility{Activity: aims.ActivityDocumentation, Organization: "maybe"}),
			append(rows, rows[0]),
		} {
			var ve *aims.ValidationError
			if _, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 2, Responsibilities: bad}); !errors.As(err, &ve) {
				t.Errorf("bad matrix %v: %v", bad[len(bad)-1], err)
			}
		}
		if _, err := s.SetThirdPartyResponsibilities(ctx, g.admin, tp.ID, aims.ResponsibilitiesInput{Version: 2, Responsibilities: rows}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization's matrix save: %v", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused writes recorded %d events", n-events)
		}
		m, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 2, Responsibilities: rows})
		if err != nil || m.Version != 3 || len(m.Responsibilities) != 2 || m.Responsibilities[0].Activity != aims.Activity(aims.StageOperation) {
			t.Fatalf("matrix save = %+v, %v", m.Responsibilities, err)
		}
		// Saving the same matrix again changes nothing; from an old page it is stale.
		if _, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 3, Responsibilities: rows}); err != nil {
			t.Errorf("same matrix: %v", err)
		}
		if _, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 2, Responsibilities: rows[:1]}); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("matrix from an old page: %v", err)
		}

		// Assessments: a certificate review with conditions, then an older
		// one that does not displace it.
		today := aims.DateOf(c.t)
		a := aims.NewAssessment{Version: 3, SupplierAssessment: aims.SupplierAssessment{AssessedOn: today, Method: aims.MethodCertificateReview,
			Certificate: "ISO/IEC 27001 no. 1234", CertificateExpires: today.AddMonths(20), Result: aims.ResultAcceptableConditions,
			Conditions: "Data stays in the EU", Assessor: "Jonas Weber", NextDue: today.AddMonths(12)}}
		if _, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, aims.NewAssessment{Version: 3, SupplierAssessment: aims.SupplierAssessment{AssessedOn: today,
			Method: aims.MethodAudit, Result: aims.ResultAcceptableConditions, Assessor: "x"}}); err == nil {
			t.Errorf("conditions missing: accepted")
		}
		withA, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, a)
		if err != nil || withA.Version != 4 || withA.LastResult != aims.ResultAcceptableConditions || withA.NextAssessment != today.AddMonths(12) || len(withA.Assessments) != 1 {
			t.Fatalf("assessment = %+v, %v", withA, err)
		}
		if _, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, a); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale assessment: %v", err)
		}
		old := a
		old.Version, old.AssessedOn, old.NextDue, old.Result = 4, today.AddDays(-400), today.AddDays(-35), aims.ResultAcceptable
		withB, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, old)
		if err != nil || len(withB.Assessments) != 2 || withB.LastResult != aims.ResultAcceptableConditions || withB.Assessments[0].AssessedOn != today {
			t.Fatalf("older assessment = %+v, %v", withB, err)
		}

		// Supporters: A.10.2 (matrix), A.10.3 and 8.1 (assessment in date).
		counts, err := s.SupportCounts(ctx, f.org.ID)
		if err != nil || counts["A.10.2"] != 1 || counts["A.10.3"] != 1 || counts["8.1"] != 1 || counts["A.10.4"] != 0 {
			t.Errorf("support counts = %v, %v", counts, err)
		}
		// Due work: review and next assessment.
		due, err := s.DueItems(ctx, f.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: today, Register: aims.RegisterThirdParties})
		if err != nil || due.Total != 2 {
			t.Errorf("due = %+v, %v", due, err)
		}

		// Lists: filters, search, the AI system's panel.
		for name, flt := range map[string]aims.ThirdPartyFilter{
			"kind":      {Kind: aims.ThirdPartySupplier},
			"system":    {AISystemID: sys.ID},
			"party":     {PartyID: party.ID},
			"search":    {ListParams: aims.ListParams{Q: "northw"}},
			"short":     {ListParams: aims.ListParams{Q: "ho"}},
			"high":      {Criticality: aims.CriticalityHigh},
			"overdue":   {Overdue: true, Today: today.AddMonths(13)},
			"next sort": {ListParams: aims.ListParams{Sort: "next_assessment", Desc: true}},
		} {
			if flt.Limit == 0 {
				flt.Limit = 10
			}
			page, err := s.ThirdParties(ctx, f.org.ID, flt)
			if err != nil || page.Total != 1 || len(page.Items) != 1 || page.Items[0].AISystems[0] != "AIS-1 Chat assistant" {
				t.Errorf("%s: %+v, %v", name, page, err)
			}
		}
		if page, _ := s.ThirdParties(ctx, f.org.ID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 10}, Overdue: true, Today: today}); page.Total != 0 {
			t.Errorf("overdue today = %d", page.Total)
		}
		if page, _ := s.ThirdParties(ctx, g.org.ID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: 10}}); page.Total != 0 {
			t.Errorf("another organization lists %d", page.Total)
		}
		panel, err := s.ThirdPartiesFor(ctx, f.org.ID, sys.ID)
		if err != nil || len(panel) != 1 {
			t.Errorf("panel = %v, %v", panel, err)
		}

		// History: create, update, matrix, two assessments.
		hist, err := s.History(ctx, f.org.ID, aims.RegisterThirdParties, strconv.FormatInt(tp.ID, 10))
		if err != nil || len(hist) != 5 {
			t.Fatalf("history = %d events, %v", len(hist), err)
		}
		var fields []string
		for _, e := range hist {
			for _, ch := range e.Changes {
				fields = append(fields, ch.Field)
			}
		}
		joined := strings.Join(fields, ",")
		for _, want := range []string{"responsibilities", "commitments", "criticality", "assessment", "last_result"} {
			if !strings.Contains(joined, want) {
				t.Errorf("history fields %s lack %s", joined, want)
			}
		}

		arch, err := s.SetThirdPartyArchived(ctx, f.admin, tp.ID, 5, true)
		if err != nil || !arch.Archived {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 6}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("matrix of an archived third party: %v", err)
		}
		if _, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, aims.NewAssessment{Version: 6, SupplierAssessment: a.SupplierAssessment}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("assessment of an archived third party: %v", err)
		}
		if counts, _ := s.SupportCounts(ctx, f.org.ID); counts["A.10.2"] != 0 {
			t.Errorf("archived third party still supports A.10.2")
		}
		if _, err := s.SetThirdPartyArchived(ctx, f.admin, tp.ID, 6, false); err != nil {
			t.Errorf("restore: %v", err)
		}
	})
}

// TestConcurrentThirdPartyWrites: 8 writers holding one version of a third
// party, saving its record, then its matrix, then an assessment: exactly
// one wins each time, and the matrix is one writer's whole.
func TestConcurrentThirdPartyWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		tp, err := s.CreateThirdParty(ctx, f.admin, aims.ThirdParty{Name: "Cloud provider", Kind: aims.ThirdPartySupplier})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			e := tp
			e.Notes = "Note " + strconv.Itoa(i)
			_, err := s.UpdateThirdParty(ctx, f.admin, e)
			return err
		})
		wantOne(t, "third-party update", ok, errs)

		ok, errs = race(8, func(i int) error {
			rows := []aims.Responsibility{}
			for k, a := range aims.Activities[:i+1] {
				rows = append(rows, aims.Responsibility{Activity: a, Organization: aims.ShareResponsible, Note: "writer " + strconv.Itoa(i) + " row " + strconv.Itoa(k)})
			}
			_, err := s.SetThirdPartyResponsibilities(ctx, f.admin, tp.ID, aims.ResponsibilitiesInput{Version: 2, Responsibilities: rows})
			return err
		})
		wantOne(t, "matrix save", ok, errs)
		got, _ := s.ThirdParty(ctx, f.org.ID, tp.ID)
		writer := ""
		for _, r := range got.Responsibilities {
			w := strings.Fields(r.Note)[1]
			if writer != "" && w != writer {
				t.Errorf("the matrix mixes writers %s and %s", writer, w)
			}
			writer = w
		}
		if n, _ := strconv.Atoi(writer); len(got.Responsibilities) != n+1 || got.Version != 3 {
			t.Errorf("matrix after the race: %d rows from writer %s, v%d", len(got.Responsibilities), writer, got.Version)
		}

		today := aims.DateOf(c.t)
		ok, errs = race(8, func(i int) error {
			_, err := s.AddThirdPartyAssessment(ctx, f.admin, tp.ID, aims.NewAssessment{Version: 3, SupplierAssessment: aims.SupplierAssessment{
				AssessedOn: today, Method: aims.MethodQuestionnaire, Result: aims.ResultAcceptable, Assessor: "A" + strconv.Itoa(i)}})
			return err
		})
		wantOne(t, "assessment", ok, errs)
		if got, _ := s.ThirdParty(ctx, f.org.ID, tp.ID); len(got.Assessments) != 1 {
			t.Errorf("%d assessments after the race, want 1", len(got.Assessments))
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}
