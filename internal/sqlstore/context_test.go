package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"aims/internal/aims"
)

func TestPartyLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		p, err := s.CreateParty(ctx, f.admin, aims.Party{Name: " Loan applicants ", Type: aims.PartyCustomer,
			Needs: "Fair, explainable credit decisions", OwnerID: f.users[aims.RoleManager]})
		if err != nil {
			t.Fatalf("CreateParty: %v", err)
		}
		if p.Ref != "IP-1" || p.Version != 1 || p.Name != "Loan applicants" || p.Addressed != aims.AddressedNot || p.OwnerName != "The manager" {
			t.Errorf("created = %+v", p)
		}
		got, err := s.Party(ctx, f.org.ID, p.ID)
		if err != nil || got.Needs != p.Needs || got.Type != aims.PartyCustomer {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		edit := got
		edit.Addressed, edit.HowAddressed = aims.AddressedPartly, "Adverse-action notices; explanation service planned."
		edit.ReviewDate = aims.DateOf(c.t.AddDate(0, 6, 0))
		upd, err := s.UpdateParty(ctx, f.admin, edit)
		if err != nil || upd.Version != 2 {
			t.Fatalf("UpdateParty = v%d, %v", upd.Version, err)
		}
		events := auditCount(t, s, f.org.ID)
		stale := got
		stale.Name = "Overwritten"
		if _, err := s.UpdateParty(ctx, f.admin, stale); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		foreign := upd
		foreign.OwnerID = other.users[aims.RoleAdmin]
		var ve *aims.ValidationError
		if _, err := s.UpdateParty(ctx, f.admin, foreign); !errors.As(err, &ve) || ve.Fields["owner_id"] == "" {
			t.Errorf("another organization's owner: %v, want owner_id refused", err)
		}
		if _, err := s.UpdateParty(ctx, other.admin, upd); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("update from another organization: %v, want ErrNotFound", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused writes added %d events", n-events)
		}
		hist, _ := s.History(ctx, f.org.ID, aims.RegisterParties, strconv.FormatInt(p.ID, 10))
		if len(hist) != 2 || len(hist[1].Changes) != 3 {
			t.Errorf("history = %+v, want create and an update of 3 fields", hist)
		}
		arch, err := s.SetPartyArchived(ctx, f.admin, p.ID, upd.Version, true)
		if err != nil || !arch.Archived {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if _, err := s.UpdateParty(ctx, f.admin, arch); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("editing archived: %v, want ErrArchived", err)
		}
		sup, err := s.Supports(ctx, f.org.ID, "4.2", 10)
		if err != nil || len(sup) != 0 {
			t.Errorf("archived party supports 4.2: %+v, %v", sup, err)
		}
		if _, err := s.SetPartyArchived(ctx, f.admin, p.ID, arch.Version, false); err != nil {
			t.Fatal(err)
		}
		sup, _ = s.Supports(ctx, f.org.ID, "4.2", 10)
		if len(sup) != 1 || sup[0].Ref != "IP-1" {
			t.Errorf("supports of 4.2 = %+v, want IP-1", sup)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestPartyListFiltersSearchAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for i := 0; i < 25; i++ {
			in := aims.Party{Name: fmt.Sprintf("Party %02d", i), Type: aims.PartyTypes[i%len(aims.PartyTypes)]}
			if i%5 == 0 {
				in.Addressed, in.OwnerID = aims.AddressedFully, f.users[aims.RoleManager]
			}
			if i == 7 {
				in.Needs = "Works council co-determination"
			}
			if _, err := s.CreateParty(ctx, f.admin, in); err != nil {
				t.Fatal(err)
			}
		}
		list := func(pf aims.PartyFilter) aims.Page[aims.Party] {
			t.Helper()
			if pf.Limit == 0 {
				pf.Limit = 50
			}
			p, err := s.Parties(ctx, f.org.ID, pf)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		if p := list(aims.PartyFilter{Type: aims.PartyRegulator}); p.Total != 3 {
			t.Errorf("regulators = %d, want 3", p.Total)
		}
		if p := list(aims.PartyFilter{Addressed: aims.AddressedFully, OwnerID: f.users[aims.RoleManager]}); p.Total != 5 {
			t.Errorf("addressed and owned = %d, want 5", p.Total)
		}
		if p := list(aims.PartyFilter{ListParams: aims.ListParams{Q: "council co"}}); p.Total != 1 || p.Items[0].Name != "Party 07" {
			t.Errorf("search = %+v", p)
		}
		seen := map[int64]bool{}
		for off := 0; off < 25; off += 10 {
			for _, p := range list(aims.PartyFilter{ListParams: aims.ListParams{Limit: 10, Offset: off, Sort: "type"}}).Items {
				if seen[p.ID] {
					t.Errorf("%s on two pages", p.Ref)
				}
				seen[p.ID] = true
			}
		}
		if len(seen) != 25 {
			t.Errorf("pages covered %d, want 25", len(seen))
		}
		if _, err := s.Parties(ctx, f.org.ID, aims.PartyFilter{ListParams: aims.ListParams{Limit: 10}, Type: "alien"}); err == nil {
			t.Errorf("unknown type accepted")
		}
		n := 0
		if err := s.EachParty(ctx, f.org.ID, aims.PartyFilter{Type: aims.PartyCustomer}, func(aims.Party) error { n++; return nil }); err != nil || n != 4 {
			t.Errorf("export = %d, %v; want 4", n, err)
		}
	})
}

func TestObligationLifecycleAndLinks(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "Scores loan applications"})
		bot, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Assistant", Purpose: "Answers customers"})
		party, _ := s.CreateParty(ctx, f.admin, aims.Party{Name: "Data protection authority", Type: aims.PartyRegulator})
		foreignSys, _ := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "p"})
		foreignParty, _ := s.CreateParty(ctx, other.admin, aims.Party{Name: "Theirs"})

		o, err := s.CreateObligation(ctx, f.admin, aims.Obligation{Title: "Automated decisions", Kind: aims.KindLegal,
			Source: "GDPR Art. 22", AISystemIDs: []int64{sys.ID, sys.ID}, PartyIDs: []int64{party.ID}})
		if err != nil {
			t.Fatalf("CreateObligation: %v", err)
		}
		if o.Ref != "OBL-1" || o.Status != aims.ComplianceNotAssessed || len(o.AISystemIDs) != 1 ||
			o.AISystems[0] != "AIS-1 CreditLens" || o.Parties[0] != "IP-1 Data protection authority" {
			t.Errorf("created = %+v", o)
		}
		got, err := s.Obligation(ctx, f.org.ID, o.ID)
		if err != nil || len(got.AISystemIDs) != 1 || got.AISystemIDs[0] != sys.ID || len(got.PartyIDs) != 1 {
			t.Fatalf("read back = %+v, %v", got, err)
		}
		// Another organization's records cannot be linked or owned.
		events := auditCount(t, s, f.org.ID)
		for name, bad := range map[string]aims.Obligation{
			"foreign system": {Title: "t", Kind: aims.KindLegal, AISystemIDs: []int64{foreignSys.ID}},
			"foreign party":  {Title: "t", Kind: aims.KindLegal, PartyIDs: []int64{foreignParty.ID}},
			"foreign owner":  {Title: "t", Kind: aims.KindLegal, OwnerID: other.users[aims.RoleAdmin]},
			"no kind":        {Title: "t"},
		} {
			var ve *aims.ValidationError
			if _, err := s.CreateObligation(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("create with %s: %v, want a validation error", name, err)
			}
			bad.ID, bad.Version = got.ID, got.Version
			if _, err := s.UpdateObligation(ctx, f.admin, bad); !errors.As(err, &ve) {
				t.Errorf("update with %s: %v, want a validation error", name, err)
			}
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("refused writes added %d events", n-events)
		}
		// An edit replaces the links and its diff names them.
		edit := got
		edit.AISystemIDs = []int64{bot.ID, sys.ID}
		edit.Status, edit.HowMet = aims.CompliancePartly, "Human review of every decline."
		upd, err := s.UpdateObligation(ctx, f.admin, edit)
		if err != nil || upd.Version != 2 {
			t.Fatalf("update = %+v, %v", upd, err)
		}
		if _, err := s.UpdateObligation(ctx, f.admin, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale update: %v, want ErrConflict", err)
		}
		hist, _ := s.History(ctx, f.org.ID, aims.RegisterObligations, strconv.FormatInt(o.ID, 10))
		changed := map[string]string{}
		for _, ch := range hist[len(hist)-1].Changes {
			changed[ch.Field] = string(ch.Old) + " -> " + string(ch.New)
		}
		if want := `["AIS-1 CreditLens"] -> ["AIS-1 CreditLens","AIS-2 Assistant"]`; changed["ai_systems"] != want {
			t.Errorf("ai_systems change = %q, want %q", changed["ai_systems"], want)
		}
		if _, ok := changed["ai_system_ids"]; ok {
			t.Errorf("diff lists raw IDs")
		}
		// Both directions: filter by system and by party.
		for name, flt := range map[string]aims.ObligationFilter{
			"by system": {AISystemID: bot.ID}, "by party": {PartyID: party.ID}, "by status": {Status: aims.CompliancePartly},
			"search link": {ListParams: aims.ListParams{Q: "assistant"}},
		} {
			flt.Limit = 10
			p, err := s.Obligations(ctx, f.org.ID, flt)
			if err != nil || p.Total != 1 || len(p.Items[0].AISystems) != 2 {
				t.Errorf("%s = %+v, %v", name, p, err)
			}
		}
		if p, _ := s.Obligations(ctx, f.org.ID, aims.ObligationFilter{ListParams: aims.ListParams{Limit: 10}, AISystemID: foreignSys.ID}); p.Total != 0 {
			t.Errorf("filter by another organization's system found %d", p.Total)
		}
		if _, err := s.Obligation(ctx, other.org.ID, o.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("read from another organization: %v", err)
		}
		arch, err := s.SetObligationArchived(ctx, f.admin, o.ID, 0, true)
		if err != nil || !arch.Archived || arch.Version != 3 {
			t.Fatalf("archive = %+v, %v", arch, err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "4.1", 10); len(sup) != 0 {
			t.Errorf("archived obligation supports 4.1: %+v", sup)
		}
		if _, err := s.SetObligationArchived(ctx, f.admin, o.ID, 3, false); err != nil {
			t.Fatal(err)
		}
		for _, req := range []string{"4.1", "4.2"} {
			if sup, _ := s.Supports(ctx, f.org.ID, req, 10); len(sup) == 0 || sup[len(sup)-1].Ref != "OBL-1" {
				t.Errorf("supports of %s = %+v, want OBL-1", req, sup)
			}
		}
		n := 0
		err = s.EachObligation(ctx, f.org.ID, aims.ObligationFilter{}, func(o aims.Obligation) error {
			n++
			if len(o.AISystems) != 2 {
				t.Errorf("export without links: %+v", o)
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Errorf("export = %d, %v", n, err)
		}
		if _, err := s.VerifyAudit(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

func TestProposeObligationsIsIdempotent(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		proposals := []aims.Obligation{
			{Title: "High-risk duties", Kind: aims.KindRegulatory, Source: "EU AI Act", EUAIActSet: "high-risk-annex-iii"},
			{Title: "Transparency", Kind: aims.KindRegulatory, Source: "EU AI Act Art. 50", EUAIActSet: "limited"},
		}
		got, err := s.ProposeObligations(ctx, f.admin, sys.ID, proposals)
		if err != nil || len(got) != 2 || got[0].EUAIActSet != "high-risk-annex-iii" || got[0].AISystems[0] != "AIS-1 CreditLens" {
			t.Fatalf("first proposal = %+v, %v", got, err)
		}
		events := auditCount(t, s, f.org.ID)
		if again, err := s.ProposeObligations(ctx, f.admin, sys.ID, proposals); err != nil || len(again) != 0 {
			t.Errorf("second proposal = %+v, %v; want nothing new", again, err)
		}
		// Archived still counts as recorded.
		if _, err := s.SetObligationArchived(ctx, f.admin, got[1].ID, 0, true); err != nil {
			t.Fatal(err)
		}
		events++
		if again, _ := s.ProposeObligations(ctx, f.admin, sys.ID, proposals); len(again) != 0 {
			t.Errorf("proposal after archive created %d", len(again))
		}
		if _, err := s.ProposeObligations(ctx, other.admin, sys.ID, proposals); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("proposal for another organization's system: %v, want ErrNotFound", err)
		}
		if n := auditCount(t, s, f.org.ID); n != events {
			t.Errorf("idempotent proposals added %d events", n-events)
		}
		// An edit keeps the set.
		e := got[0]
		e.Status = aims.CompliancePartly
		if upd, err := s.UpdateObligation(ctx, f.admin, e); err != nil || upd.EUAIActSet != "high-risk-annex-iii" {
			t.Errorf("edited proposal = %+v, %v", upd, err)
		}
	})
}

// TestObligationListQueryCount: a page of obligations with their links
// costs the same number of queries at any size: count, page and one query
// per link table.
func TestObligationListQueryCount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, _ := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		party, _ := s.CreateParty(ctx, f.admin, aims.Party{Name: "Regulator"})
		counts := map[int]int64{}
		for _, n := range []int{5, 60} {
			for i := len(counts) * 5; i < n; i++ {
				if _, err := s.CreateObligation(ctx, f.admin, aims.Obligation{Title: fmt.Sprintf("O%d", i), Kind: aims.KindLegal,
					AISystemIDs: []int64{sys.ID}, PartyIDs: []int64{party.ID}}); err != nil {
					t.Fatal(err)
				}
			}
			cctx, queries := CountQueries(ctx)
			p, err := s.Obligations(cctx, f.org.ID, aims.ObligationFilter{ListParams: aims.ListParams{Limit: 100}})
			if err != nil || len(p.Items) != n || len(p.Items[n-1].Parties) != 1 {
				t.Fatalf("list of %d: %d items, %v", n, len(p.Items), err)
			}
			counts[n] = queries()
		}
		if counts[5] != counts[60] || counts[5] != 4 {
			t.Errorf("queries per page: %v, want 4 at both sizes", counts)
		}
	})
}
