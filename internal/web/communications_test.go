package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

// TestCommunicationFlow: a plan item made through the form, a send logged
// (which moves the next due date), a stale log refused with the input
// kept, the list, its filters, the CSV and the API.
func TestCommunicationFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		owner := strconv.FormatInt(e.users[aims.RoleManager].ID, 10)
		res := e.form(aims.RoleContributor, "/communication", url.Values{"subject": {"Quarterly AIMS update"}, "audience": {"internal"},
			"audience_detail": {"Board of directors"}, "frequency": {"quarterly"}, "next_due": {"2026-11-15"}, "channel": {"Board pack"}, "owner_id": {owner}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("plan = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		if page := string(e.page(aims.RoleViewer, loc).Body); !strings.Contains(page, "overdue") || !strings.Contains(page, "Nothing logged yet") {
			t.Errorf("the item's page does not show it overdue and unsent")
		}
		sent := url.Values{"sent_on": {"2026-11-25"}, "what": {"Q3 AIMS report"}, "recipients": {"Board"}, "sent_by_id": {owner},
			"link": {"https://intranet.example/board/q3"}, "version": {"1"}}
		if res := e.form(aims.RoleContributor, loc+"/sent", sent); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log = %d %s", res.StatusCode, res.Body)
		}
		if res := e.form(aims.RoleContributor, loc+"/sent", sent); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Q3 AIMS report") {
			t.Errorf("stale log = %d, want 409 with the input kept", res.StatusCode)
		}
		page := string(e.page(aims.RoleViewer, loc).Body)
		for _, want := range []string{"2027-02-25", "Q3 AIMS report", "https://intranet.example/board/q3", "User manager@acme.test"} {
			if !strings.Contains(page, want) {
				t.Errorf("the item's page lacks %q", want)
			}
		}
		if strings.Contains(page, "<strong>overdue</strong>") {
			t.Errorf("still overdue after logging")
		}
		for q, n := range map[string]int{"": 1, "?audience=external": 0, "?frequency=quarterly": 1, "?overdue=1": 0, "?q=board": 1, "?q=customers": 0} {
			var p aims.Page[aims.Communication]
			e.api(aims.RoleViewer, "GET", "/api/v1/communications"+q, nil).json(t, &p)
			if p.Total != n {
				t.Errorf("list%s total %d, want %d", q, p.Total, n)
			}
		}
		csv := string(e.page(aims.RoleAuditor, "/communication.csv").Body)
		if !strings.Contains(csv, "COM-1,Quarterly AIMS update,,internal,Board of directors,quarterly,2027-02-25,Board pack,User manager@acme.test,,2026-11-25,1,no") {
			t.Errorf("CSV:\n%s", csv)
		}
		var sends itemsOf[aims.CommunicationSend]
		e.api(aims.RoleViewer, "GET", "/api/v1"+strings.Replace(loc, "/communication/", "/communications/", 1)+"/sends", nil).json(t, &sends)
		if sends.Total != 1 || sends.Items[0].What != "Q3 AIMS report" {
			t.Errorf("API log = %+v", sends)
		}
		if sup, _ := e.store.Supports(context.Background(), e.org.ID, "7.4", 5); len(sup) != 1 {
			t.Errorf("supports of 7.4 = %+v", sup)
		}
	})
}

// TestCommunicationBadInput: bad input to the plan's forms and API is a
// clear 4xx and changes nothing.
func TestCommunicationBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		id := walkCommunication(e)
		path := "/communication/" + strconv.FormatInt(id, 10)
		api := "/api/v1/communications/" + strconv.FormatInt(id, 10)
		item := url.Values{"subject": {"s"}, "audience": {"internal"}, "audience_detail": {"Staff"}, "frequency": {"once"}, "channel": {"Intranet"}}
		with := func(k, v string) url.Values {
			c := url.Values{}
			for key, vs := range item {
				c[key] = vs
			}
			c.Set(k, v)
			return c
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"unknown audience", "/communication", with("audience", "everyone"), 422},
			{"unknown frequency", "/communication", with("frequency", "daily"), 422},
			{"recurring without a date", "/communication", with("frequency", "yearly"), 422},
			{"another organization's owner", "/communication", with("owner_id", strconv.FormatInt(e.stray.ID, 10)), 422},
			{"too long", "/communication", with("subject", strings.Repeat("x", 201)), 422},
			{"stale edit", path, with("version", "5"), 409},
			{"edit without a version", path, item, 400},
			{"log without a version", path + "/sent", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "recipients": {"r"}}, 400},
			{"log with a script link", path + "/sent", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "recipients": {"r"}, "link": {"javascript:alert(1)"}, "version": {"1"}}, 422},
			{"log with a bad date", path + "/sent", url.Values{"sent_on": {"soon"}, "what": {"w"}, "recipients": {"r"}, "version": {"1"}}, 422},
			{"log by another organization's member", path + "/sent", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "recipients": {"r"}, "sent_by_id": {strconv.FormatInt(e.stray.ID, 10)}, "version": {"1"}}, 422},
			{"stale log", path + "/sent", url.Values{"sent_on": {"2026-11-20"}, "what": {"w"}, "recipients": {"r"}, "version": {"7"}}, 409},
		}
		before := e.state()
		for _, c := range forms {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
			}
		}
		if res := e.do("POST", "/communication", "session:"+e.users[aims.RoleAdmin].Session, "application/x-www-form-urlencoded",
			strings.NewReader("subject=%FF&audience=internal")); res.StatusCode != http.StatusBadRequest {
			t.Errorf("invalid UTF-8 = %d, want 400", res.StatusCode)
		}
		cases := []struct {
			name, method, path, body string
			status                   int
		}{
			{"malformed", "POST", "/api/v1/communications", `{"subject":`, 400},
			{"unknown frequency", "POST", "/api/v1/communications", `{"subject": "s", "audience": "internal", "audience_detail": "a", "frequency": "hourly", "channel": "c"}`, 422},
			{"NUL", "POST", "/api/v1/communications", `{"subject": "a\u0000", "audience": "internal", "audience_detail": "a", "frequency": "once", "channel": "c"}`, 422},
			{"oversized", "POST", "/api/v1/communications", `{"subject": "` + strings.Repeat("x", 2<<20) + `"}`, 413},
			{"stale", "PUT", api, `{"subject": "s", "audience": "internal", "audience_detail": "a", "frequency": "once", "channel": "c", "version": 4}`, 409},
			{"log without a version", "POST", api + "/sends", `{"sent_on": "2026-11-20", "what": "w", "recipients": "r"}`, 422},
			{"log, stale", "POST", api + "/sends", `{"sent_on": "2026-11-20", "what": "w", "recipients": "r", "version": 3}`, 409},
			{"log on another organization's item", "POST", "/api/v1/communications/" + foreignCommunication(e) + "/sends", `{"sent_on": "2026-11-20", "what": "w", "recipients": "r", "version": 1}`, 404},
			{"unknown filter", "GET", "/api/v1/communications?audience=all", "", 422},
		}
		if after := e.state(); after != before {
			t.Errorf("refused forms changed the organization's data")
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

// TestConcernAndPlanListsQueriesDoNotGrow: the concerns and communication
// pages and their API lists run the same number of queries with 5 records
// as with 120.
func TestConcernAndPlanListsQueriesDoNotGrow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys := e.createSystem("Scored")
		counts := map[string][]int64{}
		made := 0
		e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil)
		for _, n := range []int{5, 120} {
			for ; made < n; made++ {
				if _, err := e.store.CreateConcern(ctx, e.principal(aims.RoleAdmin), aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernBias,
					Description: "Concern " + strconv.Itoa(made), AISystemID: sys.ID, OwnerID: e.users[aims.RoleManager].ID}); err != nil {
					t.Fatal(err)
				}
				if _, err := e.store.CreateCommunication(ctx, e.principal(aims.RoleAdmin), aims.Communication{Subject: "Item " + strconv.Itoa(made),
					Audience: aims.AudienceInternal, AudienceDetail: "Staff", Frequency: aims.FrequencyOnce, Channel: "Intranet", OwnerID: e.users[aims.RoleManager].ID}); err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range []string{"/concerns", "/concerns?overdue=1&q=concern", "/api/v1/concerns?limit=100", "/communication", "/api/v1/communications?limit=100"} {
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
				t.Errorf("%s ran %d queries with 5 records and %d with 120", path, c[0], c[1])
			}
		}
	})
}
