package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// demoCounts is what must not grow when demo runs again.
type demoCounts struct {
	Organizations   int
	ActiveSystems   int
	ArchivedSystems int
	Members         int
	GapEntries      int
	AuditEvents     int
}

func countDemo(t *testing.T, st *sqlstore.Store, orgID int64) demoCounts {
	t.Helper()
	ctx := context.Background()
	var c demoCounts
	orgs, err := st.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Organizations = len(orgs)
	for _, archived := range []bool{false, true} {
		p, err := st.AISystems(ctx, orgID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 1}, Archived: archived})
		if err != nil {
			t.Fatal(err)
		}
		if archived {
			c.ArchivedSystems = p.Total
		} else {
			c.ActiveSystems = p.Total
		}
	}
	m, err := st.Members(ctx, orgID, aims.ListParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	c.Members = m.Total
	g, err := st.GapEntries(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	c.GapEntries = len(g)
	a, err := st.AuditEvents(ctx, orgID, sqlstore.AuditFilter{ListParams: aims.ListParams{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	c.AuditEvents = a.Total
	return c
}

// demoSignin reads the e-mail and password from the "demo sign-in:" line.
func demoSignin(t *testing.T, lines []string) (email, password string) {
	t.Helper()
	for _, l := range lines {
		rest, ok := strings.CutPrefix(l, "demo sign-in: ")
		if !ok {
			continue
		}
		email, after, ok := strings.Cut(rest, " / ")
		fields := strings.Fields(after)
		if !ok || email == "" || len(fields) == 0 {
			t.Fatalf("cannot read the sign-in from %q", l)
		}
		return email, fields[0]
	}
	t.Fatalf("demo printed no sign-in line: %q", lines)
	return "", ""
}

func TestDemo(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := serve(t, noEnv, e.args([]string{"demo"}, "--addr", "127.0.0.1:0")...)
		if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
			t.Errorf("demo serving on %q, want an address on 127.0.0.1", s.url)
		}
		checkServing(t, s.url)
		st := openStore(t, e)

		org, err := st.OrganizationByName(ctx, demoOrg)
		if err != nil {
			t.Fatalf("demo organization: %v", err)
		}

		// The inventory: at least 8 active systems across risk classes and
		// life-cycle stages, and one archived.
		active, err := st.AISystems(ctx, org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		if len(active.Items) < 8 {
			t.Errorf("%d active AI systems, want at least 8", len(active.Items))
		}
		classes, stages := map[aims.RiskClass]bool{}, map[aims.Lifecycle]bool{}
		for _, a := range active.Items {
			classes[a.RiskClass] = true
			stages[a.Lifecycle] = true
		}
		if len(classes) < 4 {
			t.Errorf("active systems cover risk classes %v, want at least 4", classes)
		}
		if len(stages) < 4 {
			t.Errorf("active systems cover life-cycle stages %v, want at least 4", stages)
		}
		archived, err := st.AISystems(ctx, org.ID, aims.AISystemFilter{ListParams: aims.ListParams{Limit: 500}, Archived: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(archived.Items) < 1 {
			t.Errorf("no archived AI system")
		}

		// People, roles and competence: a realistic mix in the gap view.
		staff, err := st.Staff(ctx, org.ID, aims.StaffFilter{ListParams: aims.ListParams{Limit: 1}})
		if err != nil || staff.Total < 15 {
			t.Errorf("%d people in the AIMS, want at least 15 (%v)", staff.Total, err)
		}
		aimsRoles, err := st.AIMSRoles(ctx, org.ID, aims.AIMSRoleFilter{ListParams: aims.ListParams{Limit: 1}})
		if err != nil || aimsRoles.Total < 6 {
			t.Errorf("%d AIMS roles, want at least 6 (%v)", aimsRoles.Total, err)
		}
		records, err := st.CompetenceRecords(ctx, org.ID, aims.CompetenceRecordFilter{ListParams: aims.ListParams{Limit: 1}, Effectiveness: aims.NotEffective})
		if err != nil || records.Total != 1 {
			t.Errorf("%d records judged not effective, want 1 (%v)", records.Total, err)
		}
		competenceGaps, err := st.CompetenceGaps(ctx, org.ID, aims.GapFilter{AsOf: aims.DateOf(time.Now().UTC()), Within: aims.DefaultGapWindow})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("demo competence gaps today: %v", competenceGaps.Counts)
		for _, state := range aims.GapStates {
			if competenceGaps.Counts[state] == 0 {
				t.Errorf("the demo's gap view has no %s competence: %v", state, competenceGaps.Counts)
			}
		}

		// People of every role.
		members, err := st.Members(ctx, org.ID, aims.ListParams{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		roles := map[aims.Role]bool{}
		for _, m := range members.Items {
			if m.Active && !m.Pending {
				roles[m.Role] = true
			}
		}
		for _, r := range aims.Roles {
			if !roles[r] {
				t.Errorf("no active demo member with role %s (roles %v)", r, roles)
			}
		}

		// A gap analysis under way: some but not all requirements assessed,
		// with every kind of answer.
		cat, err := catalog.Load()
		if err != nil {
			t.Fatal(err)
		}
		requirements := cat.Assessable("iso42001")
		if len(requirements) != 70 {
			t.Errorf("catalog has %d assessable ISO/IEC 42001 requirements, want 70", len(requirements))
		}
		known := map[string]bool{}
		for _, r := range requirements {
			known[r.ID] = true
		}
		gaps, err := st.GapEntries(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[aims.GapStatus]int{}
		assessed := 0
		for id, g := range gaps {
			if !known[id] {
				t.Errorf("gap entry for %q, which is not an assessable requirement", id)
			}
			statuses[g.Status]++
			if g.Status != aims.GapNotStarted {
				assessed++
			}
		}
		if assessed == 0 || assessed >= len(requirements) {
			t.Errorf("%d of %d requirements assessed, want some but not all", assessed, len(requirements))
		}
		// No exclusion is required: every Annex A control applies to a lender
		// whose customers meet its AI, and a weak exclusion in the demo would
		// teach the wrong habit.
		for _, st := range []aims.GapStatus{aims.GapImplemented, aims.GapPartial, aims.GapPlanned} {
			if statuses[st] == 0 {
				t.Errorf("no gap entry is %s (statuses %v)", st, statuses)
			}
		}

		// Evidence: files and links, attached to systems and requirements,
		// one expired, and every stored file intact.
		evidence, err := st.EvidenceList(ctx, org.ID, aims.EvidenceFilter{ListParams: aims.ListParams{Limit: 500}, Today: aims.DateOf(time.Now().UTC())})
		if err != nil {
			t.Fatal(err)
		}
		kinds, expired := map[aims.EvidenceKind]int{}, 0
		for _, ev := range evidence.Items {
			kinds[ev.Kind]++
			if ev.Expired(aims.DateOf(time.Now().UTC())) {
				expired++
			}
		}
		if kinds[aims.EvidenceFile] < 3 || kinds[aims.EvidenceLink] < 1 || expired != 1 {
			t.Errorf("demo evidence: %v, %d expired; want at least 3 files, a link and one expired", kinds, expired)
		}
		for _, reg := range []string{aims.RegisterAISystems, aims.RegisterGap} {
			attached, err := st.EvidenceList(ctx, org.ID, aims.EvidenceFilter{ListParams: aims.ListParams{Limit: 500}, Register: reg})
			if err != nil || attached.Total < 2 {
				t.Errorf("demo evidence attached to %s: %d, %v; want at least 2", reg, attached.Total, err)
			}
		}
		if r := mustCLI(t, noEnv, "", e.args([]string{"evidence", "verify"})...); !strings.HasPrefix(r.stdout, "evidence intact: 4 ") {
			t.Errorf("evidence verify of the demo printed %q", r.stdout)
		}
		checkDemoDocuments(t, st, org.ID)
		checkDemoAcknowledgements(t, st, org.ID)
		// The RACI: most processes have an accountable role, two do not yet.
		m, err := st.RACI(ctx, org.ID)
		if err != nil || len(m.Letters) < 25 {
			t.Errorf("demo RACI: %d letters, %v", len(m.Letters), err)
		}
		// Due work comes from every register that has dates.
		due, err := st.DueItems(ctx, org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 500}, AsOf: aims.DateOf(time.Now().UTC())})
		if err != nil {
			t.Fatal(err)
		}
		regs := map[string]int{}
		for _, it := range due.Items {
			regs[it.Register]++
		}
		for _, reg := range []string{aims.RegisterAISystems, aims.RegisterGap, aims.RegisterDocuments, aims.RegisterEvidence,
			aims.RegisterConcerns, aims.RegisterCommunications, aims.RegisterCompetenceRecords} {
			if regs[reg] == 0 {
				t.Errorf("the demo's due work has nothing from %s: %v", reg, regs)
			}
		}
		checkDemoContextAndProcesses(t, st, org.ID, known)
		checkDemoConcerns(t, st, org.ID)
		checkDemoIncidents(t, st, org.ID)
		checkDemoContext(t, st, org.ID)
		checkDemoScope(t, st, org.ID)
		checkDemoUseReviews(t, st, org.ID)
		checkDemoImpactRisks(t, st, org.ID)
		checkDemoDatasets(t, st, org.ID)
		checkDemoComponents(t, st, org.ID)
		checkDemoSoA(t, st, org.ID)
		checkDemoLifecycle(t, st, org.ID)
		checkDemoRisk(t, st, org.ID)
		checkDemoRiskPlan(t, st, org.ID)
		checkDemoImpact(t, st, org.ID)
		checkDemoThirdParties(t, st, org.ID)
		checkDemoChanges(t, st, org.ID)
		checkDemoControls(t, st, org.ID)
		checkDemoLinks(t, st, org.ID)

		// The printed sign-in works.
		email, password := demoSignin(t, s.lines)
		resp, cookie := signin(t, s.url, email, password)
		if resp.StatusCode != http.StatusSeeOther || cookie == nil {
			t.Fatalf("POST /signin with the demo sign-in = %d, session cookie %v; want 303 and a cookie", resp.StatusCode, cookie)
		}
		resp, body := get(t, s.url+"/", "Cookie", cookie.Name+"="+cookie.Value)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET / signed in as the demo admin = %d, want 200", resp.StatusCode)
		}
		if !strings.Contains(body, "Brightwater") {
			t.Errorf("home page does not show the demo organization")
		}
		checkStopped(t, s)

		// A second run finds the organization and adds nothing.
		before := countDemo(t, st, org.ID)
		s = serve(t, noEnv, e.args([]string{"demo"}, "--addr", "127.0.0.1:0")...)
		if e2, p2 := demoSignin(t, s.lines); e2 != email || p2 != password {
			t.Errorf("second run printed sign-in %s / %s, want %s / %s", e2, p2, email, password)
		}
		checkServing(t, s.url)
		checkStopped(t, s)
		if diff := cmp.Diff(before, countDemo(t, st, org.ID)); diff != "" {
			t.Errorf("second demo run changed the demo data (-first +second):\n%s", diff)
		}

		// Everything the demo wrote is in an intact audit chain.
		r := mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
		if !strings.HasPrefix(r.stdout, "audit trail intact: ") {
			t.Errorf("audit verify printed %q", r.stdout)
		}
	})
}

// TestDemoBesideOtherOrganizations: demo on a database already in use adds
// its organization and leaves the others alone.
func TestDemoBesideOtherOrganizations(t *testing.T) {
	t.Parallel()
	eachEngine(t, func(t *testing.T, e engine) {
		mustCLI(t, noEnv, "a long enough password\n", e.args([]string{"user", "add"}, "--org", "Acme", "--email", "ada@acme.test", "--name", "Ada", "--role", "admin")...)
		s := serve(t, noEnv, e.args([]string{"demo"}, "--addr", "127.0.0.1:0")...)
		checkStopped(t, s)
		st := openStore(t, e)
		orgs, err := st.Organizations(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		if diff := cmp.Diff([]string{"Acme", demoOrg}, names); diff != "" {
			t.Errorf("organizations (-want +got):\n%s", diff)
		}
		mustCLI(t, noEnv, "", e.args([]string{"audit", "verify"})...)
	})
}

// checkDemoContext: about eight interested parties and eight obligations,
// the EU AI Act ones proposed for CreditLens and the customer assistant,
// linked to systems and parties, some edited since.
func checkDemoContext(t *testing.T, st *sqlstore.Store, orgID int64) {
	t.Helper()
	ctx := context.Background()
	parties, err := st.Parties(ctx, orgID, aims.PartyFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	types := map[aims.PartyType]bool{}
	for _, p := range parties.Items {
		types[p.Type] = true
	}
	if parties.Total < 8 || len(types) < 5 {
		t.Errorf("%d interested parties of %d types, want at least 8 of 5", parties.Total, len(types))
	}
	obls, err := st.Obligations(ctx, orgID, aims.ObligationFilter{ListParams: aims.ListParams{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	proposed, linked, edited := map[string]bool{}, 0, 0
	for _, o := range obls.Items {
		if o.EUAIActSet != "" {
			proposed[o.EUAIActSet] = true
		}
		if len(o.AISystems) > 0 && len(o.Parties) > 0 {
			linked++
		}
		if o.Version > 1 {
			edited++
		}
	}
	if obls.Total < 8 || !proposed["high-risk-annex-iii"] || !proposed["limited"] || linked < 6 || edited < 3 {
		t.Errorf("%d obligations, EU AI Act sets %v, %d linked both ways, %d edited; want at least 8, high-risk and limited, 6, 3",
			obls.Total, proposed, linked, edited)
	}
	sup, err := st.Supports(ctx, orgID, "4.2", 100)
	if err != nil || len(sup) < 16 {
		t.Errorf("%d records support 4.2 (%v), want the parties and the obligations", len(sup), err)
	}
}
