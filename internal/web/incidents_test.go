package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// walkIncident is an incident the permission walk's routes name; serious
// ones take the report to the authority (one for the form, one for the API).
func walkIncident(e *env, serious bool) int64 {
	e.t.Helper()
	in := aims.Incident{Title: "Walked incident", Description: "d", Severity: aims.IncidentMedium, Harm: aims.HarmOther,
		DetectedAt: e.clock.now().Add(-48 * time.Hour)}
	if serious {
		in.Serious, in.SeriousKind, in.AwareOn = true, aims.SeriousOther, aims.DateOf(e.clock.now().Add(-24*time.Hour))
	}
	i, err := e.store.CreateIncident(context.Background(), e.principal(aims.RoleAdmin), in)
	if err != nil {
		e.t.Fatal(err)
	}
	return i.ID
}

func walkIncidentPlan(e *env) int64 {
	e.t.Helper()
	p, err := e.store.CreateIncidentPlan(context.Background(), e.principal(aims.RoleAdmin), aims.IncidentPlan{IncidentKind: "Walked",
		Audience: "Customers", Channel: "Letter", WithinHours: 24})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.ID
}

func walkInformation(e *env) int64 {
	e.t.Helper()
	n, err := e.store.CreateInformation(context.Background(), e.principal(aims.RoleAdmin), aims.Information{Kind: aims.InfoReportingDuty,
		Title: "Walked report", Audience: "Board", Channel: "Board pack", Frequency: aims.FrequencyOnEvent})
	if err != nil {
		e.t.Fatal(err)
	}
	return n.ID
}

// incidentWalkIDs are the walk fixture's records of this slice.
func incidentWalkIDs(e *env) map[string]string {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return map[string]string{
		aims.RegisterIncidents:     id(walkIncident(e, false)),
		"serious-incidents":        id(walkIncident(e, true)),
		"serious-incidents-api":    id(walkIncident(e, true)),
		aims.RegisterIncidentPlans: id(walkIncidentPlan(e)),
		aims.RegisterInformation:   id(walkInformation(e)),
	}
}

// incidentWalkVersion is the current version of a record of this slice.
func incidentWalkVersion(e *env, names string, id int64) (int, bool) {
	ctx := context.Background()
	switch names {
	case aims.RegisterIncidents, "serious-incidents", "serious-incidents-api":
		i, _ := e.store.Incident(ctx, e.org.ID, id)
		return i.Version, true
	case aims.RegisterIncidentPlans:
		p, _ := e.store.IncidentPlan(ctx, e.org.ID, id)
		return p.Version, true
	case aims.RegisterInformation:
		n, _ := e.store.Information(ctx, e.org.ID, id)
		return n.Version, true
	}
	return 0, false
}

// foreignIncidentIDs are records of this slice in the other organization.
func foreignIncidentIDs(e *env) map[string]string {
	e.t.Helper()
	ctx := context.Background()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	i, err := e.store.CreateIncident(ctx, stray, aims.Incident{Title: "Theirs", Description: "d", Severity: aims.IncidentLow, Harm: aims.HarmOther,
		DetectedAt: e.clock.now().Add(-time.Hour), Serious: true, SeriousKind: aims.SeriousDeath, AwareOn: aims.DateOf(e.clock.now())})
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.store.CreateIncidentPlan(ctx, stray, aims.IncidentPlan{IncidentKind: "Theirs", Audience: "a", Channel: "c", WithinHours: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	n, err := e.store.CreateInformation(ctx, stray, aims.Information{Kind: aims.InfoReportingDuty, Title: "Theirs", Audience: "a", Channel: "c",
		Frequency: aims.FrequencyOnce})
	if err != nil {
		e.t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return map[string]string{aims.RegisterIncidents: id(i.ID), "serious-incidents": id(i.ID), "serious-incidents-api": id(i.ID),
		aims.RegisterIncidentPlans: id(p.ID), aims.RegisterInformation: id(n.ID)}
}

// incidentPages seeds an incident with a log, a plan row and information
// records, and returns a page for each template of this slice.
func incidentPages(t *testing.T, e *env, sys aims.AISystem) map[string]string {
	t.Helper()
	ctx := context.Background()
	admin := e.principal(aims.RoleAdmin)
	i, err := e.store.CreateIncident(ctx, admin, aims.Incident{AISystemID: sys.ID, Title: "Chat assistant quoted outdated loan terms to about 300 customers",
		Description: "Wrong APR quoted.\nSecond line.", DetectedAt: e.clock.now().Add(-72 * time.Hour), ReportedBy: "Customer service",
		Severity: aims.IncidentHigh, Harm: aims.HarmFinancial, PeopleAffected: 312, Serious: true, SeriousKind: aims.SeriousOther,
		AwareOn: aims.DateOf(e.clock.now().Add(-48 * time.Hour)), OwnerID: e.users[aims.RoleManager].ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.LogIncidentMessage(ctx, admin, i.ID, aims.IncidentMessage{SentOn: aims.DateOf(e.clock.now()), Recipients: "Affected customers",
		What: "Letter with the correct terms", Channel: "Letter", Version: 1}); err != nil {
		t.Fatal(err)
	}
	p, err := e.store.CreateIncidentPlan(ctx, admin, aims.IncidentPlan{IncidentKind: "Wrong information given to customers by an AI system",
		MinSeverity: aims.IncidentMedium, Audience: "Affected customers", Channel: "Letter and e-mail", WithinHours: 72})
	if err != nil {
		t.Fatal(err)
	}
	n, err := e.store.CreateInformation(ctx, admin, aims.Information{Kind: aims.InfoReportingMeans, AISystemID: sys.ID, Title: "Report a problem with the assistant",
		Audience: "Customers and the public", PublicPage: true, Link: "https://www.brightwater-financial.example/help/ai-assistant/report-a-problem-with-our-chat-assistant"})
	if err != nil {
		t.Fatal(err)
	}
	is, ps, ns := strconv.FormatInt(i.ID, 10), strconv.FormatInt(p.ID, 10), strconv.FormatInt(n.ID, 10)
	return map[string]string{
		"incidents": "/incidents?serious=1", "incident": "/incidents/" + is, "incident_form": "/incidents/" + is + "/edit",
		"incident_plans": "/incident-plan", "incident_plan": "/incident-plan/" + ps, "incident_plan_form": "/incident-plan/" + ps + "/edit",
		"information_list": "/information?ai_system_id=" + strconv.FormatInt(sys.ID, 10), "information": "/information/" + ns,
		"information_form": "/information/" + ns + "/edit",
	}
}

// TestIncidentHappyPath: an incident recorded through the forms, flagged
// serious, communicated and reported through the API shows its deadline
// as due work until the report is logged; the AI system's page lists it.
func TestIncidentHappyPath(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("Loan assistant")
		sid := strconv.FormatInt(sys.ID, 10)
		res := e.form(aims.RoleContributor, "/incidents", url.Values{"ai_system_id": {sid}, "title": {"Wrong loan terms"},
			"description": {"The assistant quoted a 0% fee."}, "detected_at": {"2026-11-20T14:35"}, "severity": {"high"},
			"harm_category": {"financial"}, "people_affected": {"300"}, "status": {"open"}, "serious": {"1"},
			"serious_kind": {"other"}, "aware_on": {"2026-11-21"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create = %d %.500s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/incidents/"), 10, 64)
		inc, err := e.store.Incident(context.Background(), e.org.ID, id)
		if err != nil || inc.ReportDue.String() != "2026-12-06" || inc.DetectedAt.Format(detectedLayout) != "2026-11-20T14:35" {
			t.Fatalf("created = %+v, %v", inc, err)
		}
		page := e.page(aims.RoleViewer, loc)
		if page.StatusCode != 200 || !strings.Contains(string(page.Body), "Report due by 2026-12-06") && !strings.Contains(string(page.Body), "Overdue") {
			t.Errorf("record page = %d %.500s", page.StatusCode, page.Body)
		}
		due := e.api(aims.RoleAdmin, "GET", "/api/v1/due-work?register=ai-incidents&as_of=2026-11-27", nil)
		if !strings.Contains(string(due.Body), `"due":"2026-12-06"`) {
			t.Errorf("due = %.500s", due.Body)
		}
		api := "/api/v1/incidents/" + strconv.FormatInt(id, 10)
		if r := e.api(aims.RoleContributor, "POST", api+"/messages", aims.IncidentMessage{SentOn: aims.DateOf(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)),
			Recipients: "Affected customers", What: "Letter", Version: 1}); r.StatusCode != http.StatusCreated {
			t.Fatalf("message = %d %s", r.StatusCode, r.Body)
		}
		if r := e.form(aims.RoleContributor, loc+"/authority-report", url.Values{"reported_on": {"2026-11-24"}, "reference": {"MSA-118"}, "version": {"2"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("report = %d %.500s", r.StatusCode, r.Body)
		}
		due = e.api(aims.RoleAdmin, "GET", "/api/v1/due-work?register=ai-incidents&as_of=2026-11-27", nil)
		if strings.Contains(string(due.Body), "2026-12-06") {
			t.Errorf("due after the report = %.500s", due.Body)
		}
		var msgs itemsOf[aims.IncidentMessage]
		if r := e.api(aims.RoleViewer, "GET", api+"/messages", nil); json.Unmarshal(r.Body, &msgs) != nil || msgs.Total != 2 {
			t.Errorf("messages = %s", r.Body)
		}
		hist := e.api(aims.RoleViewer, "GET", api+"/history", nil)
		if !strings.Contains(string(hist.Body), `"communicated"`) || !strings.Contains(string(hist.Body), "MSA-118") {
			t.Errorf("history = %.800s", hist.Body)
		}
		if r := e.page(aims.RoleViewer, "/ai-systems/"+sid); !strings.Contains(string(r.Body), "Wrong loan terms") {
			t.Errorf("AI system page does not list the incident")
		}
		csv := e.page(aims.RoleViewer, "/incidents.csv?serious=1")
		if csv.StatusCode != 200 || !strings.Contains(string(csv.Body), "MSA-118") {
			t.Errorf("csv = %d %.300s", csv.StatusCode, csv.Body)
		}
		// Information and the plan through the API.
		if r := e.api(aims.RoleContributor, "POST", "/api/v1/information", aims.Information{Kind: aims.InfoForUsers, AISystemID: sys.ID,
			Title: "You are talking to an AI assistant", Audience: "Customers", Channel: "Chat window"}); r.StatusCode != http.StatusCreated {
			t.Errorf("information = %d %s", r.StatusCode, r.Body)
		}
		if r := e.api(aims.RoleContributor, "POST", "/api/v1/incident-plan", aims.IncidentPlan{IncidentKind: "Any AI incident",
			Audience: "AIMS lead", Channel: "Phone", WithinHours: 4}); r.StatusCode != http.StatusCreated {
			t.Errorf("plan = %d %s", r.StatusCode, r.Body)
		}
		if r := e.page(aims.RoleViewer, loc); !strings.Contains(string(r.Body), "Any AI incident") {
			t.Errorf("the incident page does not show the plan row that covers it")
		}
	})
}

// TestIncidentBadInput: bad input to the incident, plan and information
// forms and API is a clear 4xx and changes nothing.
func TestIncidentBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		id := walkIncident(e, false)
		serious := walkIncident(e, true)
		plan, info := walkIncidentPlan(e), walkInformation(e)
		foreign := foreignIncidentIDs(e)
		theirSystem, err := e.store.CreateAISystem(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/incidents/" + strconv.FormatInt(id, 10)
		spath := "/incidents/" + strconv.FormatInt(serious, 10)
		api := "/api/v1/incidents/" + strconv.FormatInt(id, 10)
		item := url.Values{"title": {"t"}, "description": {"d"}, "detected_at": {"2026-11-20T10:00"}, "severity": {"low"}, "harm_category": {"other"}, "status": {"open"}}
		with := func(kv ...string) url.Values {
			c := url.Values{}
			for key, vs := range item {
				c[key] = vs
			}
			for i := 0; i < len(kv); i += 2 {
				c.Set(kv[i], kv[i+1])
			}
			return c
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"unknown severity", "/incidents", with("severity", "apocalyptic"), 422},
			{"unknown harm", "/incidents", with("harm_category", "cosmic"), 422},
			{"bad detection time", "/incidents", with("detected_at", "yesterday"), 422},
			{"negative people", "/incidents", with("people_affected", "-3"), 422},
			{"serious without kind", "/incidents", with("serious", "1", "aware_on", "2026-11-21"), 422},
			{"serious without awareness", "/incidents", with("serious", "1", "serious_kind", "death"), 422},
			{"aware before detection", "/incidents", with("serious", "1", "serious_kind", "death", "aware_on", "2026-11-01"), 422},
			{"resolved before detection", "/incidents", with("status", "resolved", "resolved_on", "2026-01-01"), 422},
			{"another organization's system", "/incidents", with("ai_system_id", strconv.FormatInt(theirSystem.ID, 10)), 422},
			{"another organization's owner", "/incidents", with("owner_id", strconv.FormatInt(e.stray.ID, 10)), 422},
			{"stale edit", path, with("version", "9"), 409},
			{"edit without a version", path, item, 400},
			{"log without recipients", path + "/communicated", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "version": {"1"}}, 422},
			{"stale log", path + "/communicated", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "recipients": {"r"}, "version": {"7"}}, 409},
			{"report of a non-serious incident", path + "/authority-report", url.Values{"reported_on": {"2026-11-24"}, "reference": {"R"}, "version": {"1"}}, 422},
			{"report without reference", spath + "/authority-report", url.Values{"reported_on": {"2026-11-24"}, "version": {"1"}}, 422},
			{"stale report", spath + "/authority-report", url.Values{"reported_on": {aims.DateOf(e.clock.now()).String()}, "reference": {"R"}, "version": {"4"}}, 409},
			{"report on another organization's incident", "/incidents/" + foreign["serious-incidents"] + "/authority-report", url.Values{"reported_on": {"2026-11-24"}, "reference": {"R"}, "version": {"1"}}, 404},
			{"plan without hours", "/incident-plan", url.Values{"incident_kind": {"k"}, "audience": {"a"}, "channel": {"c"}}, 422},
			{"plan with another organization's document", "/incident-plan", url.Values{"incident_kind": {"k"}, "audience": {"a"}, "channel": {"c"}, "within_hours": {"4"}, "document_id": {foreignDocument(e)}}, 422},
			{"stale plan edit", "/incident-plan/" + strconv.FormatInt(plan, 10), url.Values{"incident_kind": {"k"}, "audience": {"a"}, "channel": {"c"}, "within_hours": {"4"}, "version": {"3"}}, 409},
			{"user information without a system", "/information", url.Values{"kind": {"user-information"}, "title": {"t"}, "audience": {"a"}, "channel": {"c"}}, 422},
			{"obligation without frequency", "/information", url.Values{"kind": {"reporting-obligation"}, "title": {"t"}, "audience": {"a"}, "channel": {"c"}}, 422},
			{"script link", "/information", url.Values{"kind": {"reporting-obligation"}, "title": {"t"}, "audience": {"a"}, "channel": {"c"}, "frequency": {"once"}, "link": {"javascript:alert(1)"}}, 422},
			{"stale information edit", "/information/" + strconv.FormatInt(info, 10), url.Values{"kind": {"reporting-obligation"}, "title": {"t"}, "audience": {"a"}, "channel": {"c"}, "frequency": {"once"}, "version": {"3"}}, 409},
		}
		before := e.state()
		for _, c := range forms {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
			}
		}
		cases := []struct {
			name, method, path, body string
			status                   int
		}{
			{"malformed", "POST", "/api/v1/incidents", `{"title":`, 400},
			{"unknown kind", "POST", "/api/v1/incidents", `{"title": "t", "description": "d", "detected_at": "2026-11-20T10:00:00Z", "severity": "low", "harm_category": "other", "serious": true, "serious_kind": "meteor", "aware_on": "2026-11-21"}`, 422},
			{"bad time", "POST", "/api/v1/incidents", `{"title": "t", "detected_at": "Tuesday"}`, 400},
			{"stale", "PUT", api, `{"title": "t", "description": "d", "detected_at": "2026-11-20T10:00:00Z", "severity": "low", "harm_category": "other", "version": 4}`, 409},
			{"message without a version", "POST", api + "/messages", `{"sent_on": "2026-11-20", "what": "w", "recipients": "r"}`, 422},
			{"message on another organization's incident", "POST", "/api/v1/incidents/" + foreign[aims.RegisterIncidents] + "/messages", `{"sent_on": "2026-11-20", "what": "w", "recipients": "r", "version": 1}`, 404},
			{"another organization's incident", "GET", "/api/v1/incidents/" + foreign[aims.RegisterIncidents], "", 404},
			{"another organization's plan row", "PUT", "/api/v1/incident-plan/" + foreign[aims.RegisterIncidentPlans], `{"incident_kind": "k", "audience": "a", "channel": "c", "within_hours": 2, "version": 1}`, 404},
			{"another organization's information", "POST", "/api/v1/information/" + foreign[aims.RegisterInformation] + "/archive", `{"version": 1}`, 404},
			{"unknown filter", "GET", "/api/v1/incidents?severity=huge", "", 422},
			{"unknown kind filter", "GET", "/api/v1/information?kind=gossip", "", 422},
		}
		for _, c := range cases {
			ct := ""
			if c.body != "" {
				ct = "application/json"
			}
			res := e.do(c.method, c.path, "token:"+e.users[aims.RoleAdmin].Token, ct, strings.NewReader(c.body))
			if res.StatusCode != c.status {
				t.Errorf("API %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			res.problem(t)
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
	})
}

// TestIncidentListsQueriesDoNotGrow: the three lists run the same number
// of queries with 5 records as with 60.
func TestIncidentListsQueriesDoNotGrow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys := e.createSystem("Scored")
		counts := map[string][]int64{}
		made := 0
		e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil)
		for _, n := range []int{5, 60} {
			for ; made < n; made++ {
				if _, err := e.store.CreateIncident(ctx, e.principal(aims.RoleAdmin), aims.Incident{AISystemID: sys.ID, Title: "Incident " + strconv.Itoa(made),
					Description: "d", Severity: aims.IncidentLow, Harm: aims.HarmOther, DetectedAt: e.clock.now(), OwnerID: e.users[aims.RoleManager].ID}); err != nil {
					t.Fatal(err)
				}
				if _, err := e.store.CreateIncidentPlan(ctx, e.principal(aims.RoleAdmin), aims.IncidentPlan{IncidentKind: "Row " + strconv.Itoa(made),
					Audience: "a", Channel: "c", WithinHours: made + 1}); err != nil {
					t.Fatal(err)
				}
				if _, err := e.store.CreateInformation(ctx, e.principal(aims.RoleAdmin), aims.Information{Kind: aims.InfoForUsers, AISystemID: sys.ID,
					Title: "Notice " + strconv.Itoa(made), Audience: "a", Channel: "c"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range []string{"/incidents", "/incidents?q=incident", "/api/v1/incidents?limit=100", "/incident-plan", "/information",
				"/api/v1/information?limit=100", "/ai-systems/" + strconv.FormatInt(sys.ID, 10)} {
				before := e.store.Queries()
				var res response
				if strings.HasPrefix(path, "/api/") {
					res = e.api(aims.RoleAdmin, "GET", path, nil)
				} else {
					res = e.page(aims.RoleAdmin, path)
				}
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s = %d", path, res.StatusCode)
				}
				counts[path] = append(counts[path], e.store.Queries()-before)
			}
		}
		for path, c := range counts {
			if c[0] != c[1] {
				t.Errorf("%s ran %d queries with 5 records and %d with 60", path, c[0], c[1])
			}
		}
	})
}

// withIncidents adds this slice's records to the walk fixture.
func (f walkFixture) withIncidents(e *env) walkFixture {
	for k, v := range incidentWalkIDs(e) {
		f.ids[k] = v
	}
	return f
}
