package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestIncidentDutyByClassAndRole: the due work of a serious incident
// follows the AI system's EU AI Act class and the organization's operator
// role for it, read live from the system.
func TestIncidentDutyByClassAndRole(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		system := func(name string, roles []aims.AIRole, eu *aims.Classification) aims.AISystem {
			t.Helper()
			a, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: name, Purpose: "p", Roles: roles, EUAIAct: eu})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		highRisk := func() *aims.Classification {
			return &aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "Creditworthiness of natural persons."}
		}
		built := system("Credit scoring", []aims.AIRole{aims.AIRoleProvider}, highRisk())
		bought := system("Fraud screening", []aims.AIRole{aims.AIRoleDeployer}, highRisk())
		minimal := system("Mail sorting", []aims.AIRole{aims.AIRoleProvider}, &aims.Classification{Reasoning: "Routes internal mail."})
		if built.RiskClass != aims.RiskHigh || bought.RiskClass != aims.RiskHigh || minimal.RiskClass != aims.RiskMinimal {
			t.Fatalf("classes: %s %s %s", built.RiskClass, bought.RiskClass, minimal.RiskClass)
		}
		serious := func(sys aims.AISystem, kind aims.SeriousKind, aware string) aims.Incident {
			t.Helper()
			i, err := s.CreateIncident(ctx, f.admin, aims.Incident{AISystemID: sys.ID, Title: "On " + sys.Name, Description: "d",
				Severity: aims.IncidentCritical, Harm: aims.HarmFundamental, DetectedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
				Serious: true, SeriousKind: kind, AwareOn: day(t, aware), OwnerID: f.users[aims.RoleManager]})
			if err != nil {
				t.Fatal(err)
			}
			return i
		}
		dueOf := func() map[string]aims.DueItem {
			t.Helper()
			out := map[string]aims.DueItem{}
			for _, d := range dueFor(t, s, f.org.ID, aims.RegisterIncidents) {
				if _, dup := out[d.Title]; dup {
					t.Errorf("two due items for %s", d.Title)
				}
				out[d.Title] = d
			}
			return out
		}
		pending := func() int {
			t.Helper()
			page, err := s.Incidents(ctx, f.org.ID, aims.IncidentFilter{ListParams: aims.ListParams{Limit: 50}, Pending: true})
			if err != nil {
				t.Fatal(err)
			}
			return page.Total
		}

		ownInc := serious(built, aims.SeriousDeath, "2026-11-20")
		boughtInc := serious(bought, aims.SeriousOther, "2026-11-25")
		minimalInc := serious(minimal, aims.SeriousOther, "2026-11-25")
		for _, tc := range []struct {
			i    aims.Incident
			kind aims.IncidentDutyKind
			due  string
		}{{ownInc, aims.DutyReportAuthority, "2026-11-30"}, {boughtInc, aims.DutyInformProvider, "2026-11-25"}, {minimalInc, aims.DutyNone, ""}} {
			read, err := s.Incident(ctx, f.org.ID, tc.i.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tc.i.Duty.Kind != tc.kind || read.Duty.Kind != tc.kind || read.Duty.Due.String() != tc.due || read.Duty != tc.i.Duty {
				t.Errorf("%s: written %+v, read %+v, want %s due %q", tc.i.Title, tc.i.Duty, read.Duty, tc.kind, tc.due)
			}
		}
		if r := minimalInc.Duty.Reason; !strings.HasPrefix(r, "No EU AI Act Art. 73 deadline: Mail sorting is classified minimal risk") {
			t.Errorf("minimal risk reason = %q", r)
		}
		due := dueOf()
		if d, ok := due["On Credit scoring"]; !ok || d.Due.String() != "2026-11-30" || !strings.Contains(d.What, "Art. 73") {
			t.Errorf("provider, high-risk: due = %+v", d)
		}
		if d, ok := due["On Fraud screening"]; !ok || d.Due.String() != "2026-11-25" || d.State != aims.DueOverdue || !strings.Contains(d.What, "Inform the provider") {
			t.Errorf("deployer, high-risk: due = %+v", d)
		}
		if d, ok := due["On Mail sorting"]; ok || len(due) != 2 {
			t.Errorf("minimal risk has due work: %+v (all: %+v)", d, due)
		}
		if n := pending(); n != 2 {
			t.Errorf("pending = %d, want 2", n)
		}

		// The deployer: a communication to someone else, or the authority's
		// report, does not inform the provider; one to the provider does.
		v := boughtInc.Version
		after, err := s.LogIncidentMessage(ctx, f.admin, boughtInc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-25"),
			Recipients: "Affected applicants", What: "Letter", Version: v})
		if err != nil {
			t.Fatal(err)
		}
		if after, err = s.ReportIncidentToAuthority(ctx, f.admin, boughtInc.ID, aims.AuthorityReport{ReportedOn: day(t, "2026-11-26"),
			Reference: "MSA-1", Version: after.Version}); err != nil {
			t.Fatal(err)
		}
		if _, ok := dueOf()["On Fraud screening"]; !ok || after.Duty.DoneOn != (aims.Date{}) {
			t.Errorf("the deployer's duty ended without a communication to the provider: %+v", after.Duty)
		}
		after, err = s.LogIncidentMessage(ctx, f.admin, boughtInc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-26"),
			Recipients: "Vendor's incident desk", RecipientKind: aims.RecipientProvider, What: "Serious incident notice", Version: after.Version})
		if err != nil {
			t.Fatal(err)
		}
		if after.ProviderInformedOn.String() != "2026-11-26" || after.Duty.DoneOn.String() != "2026-11-26" || after.Duty.Pending() {
			t.Errorf("after informing the provider: %+v", after.Duty)
		}
		if _, ok := dueOf()["On Fraud screening"]; ok || pending() != 1 {
			t.Errorf("the deployer's duty still due after the provider was informed")
		}
		msgs, err := s.IncidentMessages(ctx, f.org.ID, boughtInc.ID, 10)
		if err != nil || len(msgs) != 3 || msgs[0].RecipientKind != aims.RecipientProvider || msgs[1].RecipientKind != aims.RecipientAuthority ||
			msgs[2].RecipientKind != aims.RecipientOther {
			t.Errorf("log = %+v, %v", msgs, err)
		}
		if _, err := s.LogIncidentMessage(ctx, f.admin, boughtInc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-26"),
			Recipients: "x", RecipientKind: "vendor", What: "x", Version: after.Version}); err == nil {
			t.Errorf("an unknown recipient kind accepted")
		}

		// The provider's report ends its countdown.
		if _, err := s.ReportIncidentToAuthority(ctx, f.admin, ownInc.ID, aims.AuthorityReport{ReportedOn: day(t, "2026-11-27"),
			Reference: "MSA-2", Version: ownInc.Version}); err != nil {
			t.Fatal(err)
		}
		if due := dueOf(); len(due) != 0 || pending() != 0 {
			t.Errorf("due after the report = %+v", due)
		}

		// Read live: the minimal-risk system reclassified high-risk counts
		// its incident down at once; a deployer with the Art. 25 flag
		// becomes the provider.
		minimal.EUAIAct = highRisk()
		if _, err := s.UpdateAISystem(ctx, f.admin, minimal); err != nil {
			t.Fatal(err)
		}
		if d, ok := dueOf()["On Mail sorting"]; !ok || d.Due.String() != "2026-12-10" {
			t.Errorf("reclassified high-risk: due = %+v", d)
		}
		third := system("Chat assistant", []aims.AIRole{aims.AIRoleCustomer, aims.AIRoleDeployer},
			&aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "r", BecomesProvider: true})
		rebranded := serious(third, aims.SeriousWidespread, "2026-11-26")
		if d, ok := dueOf()["On Chat assistant"]; !ok || d.Due.String() != "2026-11-28" || rebranded.Duty.Kind != aims.DutyReportAuthority {
			t.Errorf("Art. 25 provider: due = %+v, duty %+v", d, rebranded.Duty)
		}
	})
}
