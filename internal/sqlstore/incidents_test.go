package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"aims/internal/aims"
)

// dueFor reads the organization's due work of a register.
func dueFor(t *testing.T, s *Store, orgID int64, register string) []aims.DueItem {
	t.Helper()
	page, err := s.DueItems(context.Background(), orgID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, Register: register,
		AsOf: aims.DateOf(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestIncidents(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Loan assistant", Purpose: "Answers customers"})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := s.CreateAISystem(ctx, other.admin, aims.AISystem{Name: "Theirs", Purpose: "x"})
		if err != nil {
			t.Fatal(err)
		}
		in := aims.Incident{AISystemID: sys.ID, Title: " Wrong loan terms quoted ", Description: "The assistant quoted a 0% fee.",
			DetectedAt: time.Date(2026, 11, 20, 14, 35, 20, 0, time.UTC), ReportedBy: "Customer service", Severity: aims.IncidentHigh,
			Harm: aims.HarmFinancial, PeopleAffected: 300, OwnerID: f.users[aims.RoleManager]}
		inc, err := s.CreateIncident(ctx, f.admin, in)
		if err != nil {
			t.Fatalf("CreateIncident: %v", err)
		}
		if inc.Ref != "INC-1" || inc.Title != "Wrong loan terms quoted" || inc.Status != aims.IncidentOpen || inc.AISystemName != "Loan assistant" ||
			inc.OwnerName != "The manager" || inc.DetectedAt.Second() != 0 {
			t.Errorf("created = %+v", inc)
		}
		got, err := s.Incident(ctx, f.org.ID, inc.ID)
		if err != nil || !got.DetectedAt.Equal(inc.DetectedAt) || got.PeopleAffected != 300 {
			t.Errorf("read = %+v, %v", got, err)
		}
		// Another organization's system, owner or incident: refused or not found.
		bad := in
		bad.AISystemID = theirs.ID
		if _, err := s.CreateIncident(ctx, f.admin, bad); err == nil {
			t.Errorf("another organization's AI system accepted")
		}
		if _, err := s.Incident(ctx, other.org.ID, inc.ID); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization reads the incident: %v", err)
		}
		// Flag it serious: the deadline is derived and due work appears.
		edit := inc
		edit.Serious, edit.SeriousKind, edit.AwareOn = true, aims.SeriousOther, day(t, "2026-11-21")
		edit.Status = aims.IncidentContained
		edited, err := s.UpdateIncident(ctx, f.admin, edit)
		if err != nil {
			t.Fatalf("UpdateIncident: %v", err)
		}
		if edited.ReportDue.String() != "2026-12-06" || edited.ContainedOn.String() != "2026-11-27" || edited.Version != 2 {
			t.Errorf("edited = %+v", edited)
		}
		if _, err := s.UpdateIncident(ctx, f.admin, edit); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit: %v", err)
		}
		due := dueFor(t, s, f.org.ID, aims.RegisterIncidents)
		if len(due) != 1 || due[0].Due.String() != "2026-12-06" || due[0].Ref != "INC-1" || due[0].OwnerName != "The manager" {
			t.Errorf("due = %+v", due)
		}
		// Log a communication, then the report to the authority.
		m := aims.IncidentMessage{SentOn: day(t, "2026-11-21"), Recipients: "Affected customers", What: "Letter with the correct terms",
			Channel: "Letter", SentByID: f.users[aims.RoleContributor], Version: 2}
		logged, err := s.LogIncidentMessage(ctx, f.admin, inc.ID, m)
		if err != nil || logged.Messages != 1 || logged.Version != 3 {
			t.Fatalf("LogIncidentMessage = %+v, %v", logged, err)
		}
		if _, err := s.LogIncidentMessage(ctx, f.admin, inc.ID, m); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale log: %v", err)
		}
		if _, err := s.LogIncidentMessage(ctx, other.admin, inc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-21"), Recipients: "r", What: "w", Version: 3}); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization logs: %v", err)
		}
		if _, err := s.ReportIncidentToAuthority(ctx, f.admin, inc.ID, aims.AuthorityReport{ReportedOn: day(t, "2026-11-24"), Version: 3}); err == nil {
			t.Errorf("a report without its reference accepted")
		}
		reported, err := s.ReportIncidentToAuthority(ctx, f.admin, inc.ID, aims.AuthorityReport{ReportedOn: day(t, "2026-11-24"), Reference: "MSA-2026-118", Version: 3})
		if err != nil || reported.AuthorityReportedOn.String() != "2026-11-24" || reported.Messages != 2 || reported.Version != 4 {
			t.Fatalf("report = %+v, %v", reported, err)
		}
		if due := dueFor(t, s, f.org.ID, aims.RegisterIncidents); len(due) != 0 {
			t.Errorf("due after the report = %+v", due)
		}
		msgs, err := s.IncidentMessages(ctx, f.org.ID, inc.ID, 10)
		if err != nil || len(msgs) != 2 || msgs[0].Recipients != "Market surveillance authority" || msgs[1].SentByName != "The contributor" {
			t.Errorf("log = %+v, %v", msgs, err)
		}
		if msgs, _ := s.IncidentMessages(ctx, other.org.ID, inc.ID, 10); len(msgs) != 0 {
			t.Errorf("another organization reads the log")
		}
		// An edit keeps the log's figures.
		again := reported
		again.Status, again.RootCause = aims.IncidentResolved, "Outdated fee table in the retrieval index"
		resolved, err := s.UpdateIncident(ctx, f.admin, again)
		if err != nil || resolved.Messages != 2 || resolved.AuthorityReference != "MSA-2026-118" || resolved.ResolvedOn.IsZero() {
			t.Errorf("resolved = %+v, %v", resolved, err)
		}
		events, _ := s.History(ctx, f.org.ID, aims.RegisterIncidents, fmt.Sprint(inc.ID))
		if len(events) != 5 || events[2].Changes[len(events[2].Changes)-1].Field != "communicated" {
			t.Errorf("history = %+v", events)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.8.4", 5); len(sup) != 1 || sup[0].Ref != "INC-1" {
			t.Errorf("supports of A.8.4 = %+v", sup)
		}
		// Lists, filters and search.
		for name, want := range map[string]struct {
			f aims.IncidentFilter
			n int
		}{
			"all":      {aims.IncidentFilter{}, 1},
			"system":   {aims.IncidentFilter{AISystemID: sys.ID}, 1},
			"severity": {aims.IncidentFilter{Severity: aims.IncidentLow}, 0},
			"serious":  {aims.IncidentFilter{Serious: true}, 1},
			"pending":  {aims.IncidentFilter{Pending: true}, 0},
			"search":   {aims.IncidentFilter{ListParams: aims.ListParams{Q: "loan terms"}}, 1},
			"prefix":   {aims.IncidentFilter{ListParams: aims.ListParams{Q: "ms"}}, 1},
		} {
			want.f.Limit = 10
			page, err := s.Incidents(ctx, f.org.ID, want.f)
			if err != nil || page.Total != want.n {
				t.Errorf("%s: total %d, %v; want %d", name, page.Total, err, want.n)
			}
		}
		arch, err := s.SetIncidentArchived(ctx, f.admin, inc.ID, resolved.Version, true)
		if err != nil || !arch.Archived {
			t.Fatalf("archive: %v", err)
		}
		if _, err := s.LogIncidentMessage(ctx, f.admin, inc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-25"), Recipients: "r", What: "w", Version: arch.Version}); !errors.Is(err, aims.ErrArchived) {
			t.Errorf("logging on an archived incident: %v", err)
		}
	})
}

// TestArt73Deadlines: the deadline for each kind, around its boundaries,
// is the day of awareness plus 2, 10 or 15 days, and is due work until
// the report is logged.
func TestArt73Deadlines(t *testing.T) {
	for _, tc := range []struct {
		kind        aims.SeriousKind
		aware, want string
	}{
		{aims.SeriousWidespread, "2026-11-27", "2026-11-29"},
		{aims.SeriousInfrastructure, "2026-12-30", "2027-01-01"}, // across a year
		{aims.SeriousDeath, "2026-11-27", "2026-12-07"},
		{aims.SeriousDeath, "2028-02-20", "2028-03-01"}, // across a leap day
		{aims.SeriousOther, "2026-11-27", "2026-12-12"},
		{aims.SeriousOther, "2027-02-14", "2027-03-01"},
		{"", "2026-11-27", ""},
		{aims.SeriousOther, "", ""},
	} {
		var aware aims.Date
		if tc.aware != "" {
			aware = day(t, tc.aware)
		}
		if got := aims.ReportDeadline(aware, tc.kind).String(); got != tc.want {
			t.Errorf("%s aware %s: deadline %q, want %q", tc.kind, tc.aware, got, tc.want)
		}
	}
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for _, tc := range []struct {
			kind aims.SeriousKind
			days int
		}{{aims.SeriousWidespread, 2}, {aims.SeriousInfrastructure, 2}, {aims.SeriousDeath, 10}, {aims.SeriousOther, 15}} {
			inc, err := s.CreateIncident(ctx, f.admin, aims.Incident{Title: string(tc.kind), Description: "d", Severity: aims.IncidentCritical,
				Harm: aims.HarmOther, DetectedAt: time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC), Serious: true, SeriousKind: tc.kind,
				AwareOn: day(t, "2026-11-27")})
			if err != nil {
				t.Fatal(err)
			}
			want := day(t, "2026-11-27").AddDays(tc.days)
			if inc.ReportDue != want {
				t.Errorf("%s: due %s, want %s", tc.kind, inc.ReportDue, want)
			}
			// Due the last day, overdue the day after.
			if inc.ReportOverdue(want) || !inc.ReportOverdue(want.AddDays(1)) {
				t.Errorf("%s: overdue on the deadline or not after it", tc.kind)
			}
		}
		due := dueFor(t, s, f.org.ID, aims.RegisterIncidents)
		if len(due) != 4 || due[0].Due.String() != "2026-11-29" || due[3].Due.String() != "2026-12-12" {
			t.Errorf("due = %+v", due)
		}
		// Awareness before detection is refused; a serious incident needs its kind.
		if _, err := s.CreateIncident(ctx, f.admin, aims.Incident{Title: "t", Description: "d", Severity: aims.IncidentLow, Harm: aims.HarmOther,
			DetectedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), Serious: true, AwareOn: day(t, "2026-11-25")}); err == nil {
			t.Errorf("a serious incident without its kind, aware before detection, accepted")
		}
	})
}

func TestIncidentPlanAndInformation(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		other := newFixture(t, s, "globex")
		row, err := s.CreateIncidentPlan(ctx, f.admin, aims.IncidentPlan{IncidentKind: "Serious incident under the EU AI Act",
			MinSeverity: aims.IncidentCritical, Audience: "Market surveillance authority", Channel: "Authority's reporting form",
			WithinHours: 48, ResponsibleID: f.users[aims.RoleManager]})
		if err != nil || row.Ref != "ICP-1" || row.Within() != "2 days" || row.ResponsibleName != "The manager" {
			t.Fatalf("CreateIncidentPlan = %+v, %v", row, err)
		}
		if _, err := s.CreateIncidentPlan(ctx, f.admin, aims.IncidentPlan{IncidentKind: "k", Audience: "a", Channel: "c", WithinHours: 4, DocumentID: 999999}); err == nil {
			t.Errorf("an unknown document accepted")
		}
		row.WithinHours = 24
		if _, err := s.UpdateIncidentPlan(ctx, other.admin, row); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("another organization edits the plan: %v", err)
		}
		edited, err := s.UpdateIncidentPlan(ctx, f.admin, row)
		if err != nil || edited.Version != 2 {
			t.Fatalf("UpdateIncidentPlan = %+v, %v", edited, err)
		}
		if _, err := s.UpdateIncidentPlan(ctx, f.admin, row); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale edit: %v", err)
		}
		if page, err := s.IncidentPlans(ctx, f.org.ID, aims.IncidentPlanFilter{ListParams: aims.ListParams{Limit: 10, Q: "authority"}}); err != nil || page.Total != 1 {
			t.Errorf("search = %+v, %v", page, err)
		}

		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Credit model", Purpose: "Scores"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateInformation(ctx, f.admin, aims.Information{Kind: aims.InfoForUsers, Title: "Notice", Audience: "Applicants", Channel: "Web"}); err == nil {
			t.Errorf("information for users without its AI system accepted")
		}
		duty, err := s.CreateInformation(ctx, f.admin, aims.Information{Kind: aims.InfoReportingDuty, Title: "Annual AI report to the board",
			Audience: "Board", Channel: "Board pack", Frequency: aims.FrequencyYearly, NextDue: day(t, "2026-12-15"), OwnerID: f.users[aims.RoleAdmin]})
		if err != nil || duty.Ref != "INF-1" {
			t.Fatalf("CreateInformation = %+v, %v", duty, err)
		}
		notice, err := s.CreateInformation(ctx, f.admin, aims.Information{Kind: aims.InfoForUsers, AISystemID: sys.ID, Title: "Adverse-action explanation",
			Audience: "Declined applicants", Channel: "Letter", LastReviewed: day(t, "2026-10-01"), PublicPage: true, Frequency: aims.FrequencyMonthly})
		if err != nil || notice.PublicPage || notice.Frequency != "" || notice.AISystemName != "Credit model" {
			t.Fatalf("notice = %+v, %v", notice, err)
		}
		due := dueFor(t, s, f.org.ID, aims.RegisterInformation)
		if len(due) != 1 || due[0].Ref != "INF-1" {
			t.Errorf("due = %+v", due)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.8.2", 5); len(sup) != 1 || sup[0].Ref != "INF-2" {
			t.Errorf("supports of A.8.2 = %+v", sup)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.8.5", 5); len(sup) != 0 {
			t.Errorf("an obligation never reported supports A.8.5: %+v", sup)
		}
		duty.LastDone, duty.NextDue = day(t, "2026-12-10"), day(t, "2027-12-15")
		if duty, err = s.UpdateInformation(ctx, f.admin, duty); err != nil || duty.Version != 2 {
			t.Fatalf("UpdateInformation = %+v, %v", duty, err)
		}
		if sup, _ := s.Supports(ctx, f.org.ID, "A.8.5", 5); len(sup) != 1 {
			t.Errorf("supports of A.8.5 = %+v", sup)
		}
		incs, infos, err := s.AISystemIncidentsInformation(ctx, f.org.ID, sys.ID, 10)
		if err != nil || len(incs) != 0 || len(infos) != 1 {
			t.Errorf("panel = %v %v %v", incs, infos, err)
		}
		if _, err := s.SetInformationArchived(ctx, f.admin, duty.ID, 1, true); !errors.Is(err, aims.ErrConflict) {
			t.Errorf("stale archive: %v", err)
		}
	})
}

// TestConcurrentIncidentWrites: eight people log a message, or the report
// to the authority, from the same read at once; exactly one wins.
func TestConcurrentIncidentWrites(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		inc, err := s.CreateIncident(ctx, f.admin, aims.Incident{Title: "t", Description: "d", Severity: aims.IncidentCritical, Harm: aims.HarmOther,
			DetectedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), Serious: true, SeriousKind: aims.SeriousDeath, AwareOn: day(t, "2026-11-26")})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			_, err := s.LogIncidentMessage(ctx, f.admin, inc.ID, aims.IncidentMessage{SentOn: day(t, "2026-11-27"), What: fmt.Sprint("m ", i), Recipients: "Staff", Version: 1})
			return err
		})
		wantOne(t, "log a message", ok, errs)
		ok, errs = race(8, func(i int) error {
			_, err := s.ReportIncidentToAuthority(ctx, f.admin, inc.ID, aims.AuthorityReport{ReportedOn: day(t, "2026-11-27"), Reference: fmt.Sprint("R-", i), Version: 2})
			return err
		})
		wantOne(t, "report to the authority", ok, errs)
		if msgs, _ := s.IncidentMessages(ctx, f.org.ID, inc.ID, 20); len(msgs) != 2 {
			t.Errorf("%d entries logged, want 2", len(msgs))
		}
	})
}

// TestConcurrentIncidentEdits: eight editors holding one version of an
// incident, a plan row or an information record: exactly one edit wins.
func TestConcurrentIncidentEdits(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		inc, err := s.CreateIncident(ctx, f.admin, aims.Incident{Title: "t", Description: "d", Severity: aims.IncidentLow, Harm: aims.HarmOther,
			DetectedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		row, err := s.CreateIncidentPlan(ctx, f.admin, aims.IncidentPlan{IncidentKind: "k", Audience: "a", Channel: "c", WithinHours: 4})
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.CreateInformation(ctx, f.admin, aims.Information{Kind: aims.InfoReportingDuty, Title: "t", Audience: "a", Channel: "c", Frequency: aims.FrequencyOnce})
		if err != nil {
			t.Fatal(err)
		}
		ok, errs := race(8, func(i int) error {
			e := inc
			e.RootCause = fmt.Sprint("cause ", i)
			_, err := s.UpdateIncident(ctx, f.admin, e)
			return err
		})
		wantOne(t, "edit an incident", ok, errs)
		ok, errs = race(8, func(i int) error {
			e := row
			e.WithinHours = 10 + i
			_, err := s.UpdateIncidentPlan(ctx, f.admin, e)
			return err
		})
		wantOne(t, "edit a plan row", ok, errs)
		ok, errs = race(8, func(i int) error {
			e := info
			e.Audience = fmt.Sprint("audience ", i)
			_, err := s.UpdateInformation(ctx, f.admin, e)
			return err
		})
		wantOne(t, "edit an information record", ok, errs)
		ok, errs = race(8, func(i int) error {
			_, err := s.SetIncidentArchived(ctx, f.admin, inc.ID, 2, i%2 == 0)
			return err
		})
		if ok < 1 {
			t.Errorf("no archive or restore succeeded: %v", errs)
		}
		if got, _ := s.Incident(ctx, f.org.ID, inc.ID); got.Version != 3 {
			t.Errorf("incident at version %d after racing archives, want 3", got.Version)
		}
	})
}

// TestIncidentDatesNotAhead: an incident detected later than now, a log
// entry or an authority report dated in the future are refused; a message
// to the provider before the day of awareness does not meet Art. 26(5).
func TestIncidentDatesNotAhead(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		sys, err := s.CreateAISystem(ctx, f.admin, aims.AISystem{Name: "Fraud screening", Purpose: "p", Roles: []aims.AIRole{aims.AIRoleDeployer},
			EUAIAct: &aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "Creditworthiness."}})
		if err != nil {
			t.Fatal(err)
		}
		in := aims.Incident{AISystemID: sys.ID, Title: "Wrong refusals", Description: "d", Severity: aims.IncidentCritical,
			Harm: aims.HarmFundamental, DetectedAt: c.t.Add(2 * time.Hour), Serious: true, SeriousKind: aims.SeriousOther, AwareOn: s.today().AddDays(1)}
		if _, err := s.CreateIncident(ctx, f.admin, in); !isField(err, "detected_at") {
			t.Errorf("incident detected in two hours: %v", err)
		}
		in.DetectedAt, in.AwareOn = c.t.Add(-48*time.Hour), s.today().AddDays(-1)
		i, err := s.CreateIncident(ctx, f.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		msg := aims.IncidentMessage{SentOn: s.today().AddDays(1), Recipients: "Vendor", RecipientKind: aims.RecipientProvider, What: "w", Version: i.Version}
		if _, err := s.LogIncidentMessage(ctx, f.admin, i.ID, msg); !isField(err, "sent_on") {
			t.Errorf("message dated tomorrow: %v", err)
		}
		msg.SentOn = s.today().AddDays(-2) // before the day of awareness
		if i, err = s.LogIncidentMessage(ctx, f.admin, i.ID, msg); err != nil || !i.ProviderInformedOn.IsZero() {
			t.Errorf("message before awareness met the duty: %+v, %v", i.ProviderInformedOn, err)
		}
		if _, err := s.ReportIncidentToAuthority(ctx, f.admin, i.ID, aims.AuthorityReport{ReportedOn: s.today().AddDays(1), Reference: "R-1",
			Version: i.Version}); !isField(err, "reported_on") {
			t.Errorf("report dated tomorrow: %v", err)
		}
		msg.SentOn, msg.Version = s.today().AddDays(-1), i.Version // the day of awareness: meets it
		if i, err = s.LogIncidentMessage(ctx, f.admin, i.ID, msg); err != nil || i.ProviderInformedOn != s.today().AddDays(-1) {
			t.Fatalf("message on the day of awareness: %+v, %v", i.ProviderInformedOn, err)
		}
		edit := i
		edit.AwareOn = s.today().AddDays(5)
		if _, err := s.UpdateIncident(ctx, f.admin, edit); !isField(err, "aware_on") {
			t.Errorf("awareness in five days: %v", err)
		}
		edit.AwareOn = s.today() // aware later than that message: it no longer meets the duty
		if i, err = s.UpdateIncident(ctx, f.admin, edit); err != nil || !i.ProviderInformedOn.IsZero() || !i.Duty.Pending() {
			t.Errorf("after moving awareness past the message: informed %s, duty %+v, %v", i.ProviderInformedOn, i.Duty, err)
		}
	})
}
