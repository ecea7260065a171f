package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// walkConcern is the concern the permission walk's routes name.
func walkConcern(e *env) int64 {
	e.t.Helper()
	c, err := e.store.CreateConcern(context.Background(), e.principal(aims.RoleAdmin), aims.Concern{Channel: aims.ChannelEmail,
		Category: aims.ConcernBias, Description: "Walked concern"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// foreignConcern is a concern of the other organization.
func foreignConcern(e *env) string {
	e.t.Helper()
	c, err := e.store.CreateConcern(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
		aims.Concern{Channel: aims.ChannelPhone, Category: aims.ConcernOther, Description: "Theirs"})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

// enablePublicPage turns the organization's public page on and returns
// its address.
func (e *env) enablePublicPage() string {
	e.t.Helper()
	ch, err := e.store.SetConcernChannel(context.Background(), e.principal(aims.RoleAdmin), 0, aims.ChannelEnable)
	if err != nil {
		e.t.Fatal(err)
	}
	return "/report/" + ch.Key
}

// concernPages are the concern templates' pages for TestPagesRender.
func concernPages(t *testing.T, e *env) map[string]string {
	t.Helper()
	id := strconv.FormatInt(walkConcern(e), 10)
	comm := strconv.FormatInt(walkCommunication(e), 10)
	return map[string]string{"concerns": "/concerns", "concern": "/concerns/" + id, "concern_form": "/concerns/new",
		"report": e.enablePublicPage(), "communications": "/communication", "communication": "/communication/" + comm,
		"communication_form": "/communication/" + comm + "/edit"}
}

// anon posts a form with no credentials, as a reporter's browser would.
func (e *env) anon(path string, v url.Values) response {
	e.t.Helper()
	return e.do("POST", path, "", "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

var codePattern = regexp.MustCompile(`[A-Z2-7]{4}(-[A-Z2-7]{4}){5}`)

// TestPublicReporting: an admin turns the public page on; a reporter
// with no account sends a concern anonymously and gets a follow-up code;
// members triage and answer it; the reporter reads the answer, and only
// the answer, with the code. Wrong codes get a neutral reply; the old
// address stops working when the key is rotated; neither the key nor the
// code reaches the request log.
func TestPublicReporting(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		if res := e.form(aims.RoleManager, "/concerns/public-page", url.Values{"action": {"enable"}, "version": {"0"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a manager turns the page on = %d, want 403", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, "/concerns/public-page", url.Values{"action": {"enable"}, "version": {"0"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable = %d %s", res.StatusCode, res.Body)
		}
		list := string(e.page(aims.RoleViewer, "/concerns").Body)
		m := regexp.MustCompile(`/report/([A-Za-z0-9_-]{22})`).FindStringSubmatch(list)
		if m == nil {
			t.Fatalf("the concerns page does not show the public address")
		}
		key, path := m[1], "/report/"+m[1]
		form := e.do("GET", path, "", "", nil)
		body := string(form.Body)
		if form.StatusCode != http.StatusOK || !strings.Contains(body, "Report a concern to Acme AI") || strings.Contains(body, "Sign out") ||
			strings.Contains(body, "<script") && strings.Contains(body, "inline") {
			t.Fatalf("public form = %d\n%s", form.StatusCode, body)
		}
		for _, leak := range []string{"acme.test", "User admin", "/concerns", "Globex"} {
			if strings.Contains(body, leak) {
				t.Errorf("the public page shows %q", leak)
			}
		}
		res := e.anon(path, url.Values{"category": {"bias"}, "description": {"I was declined and want to know why.\nPlease explain."},
			"contact": {"admin@acme.test"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("submit = %d %s", res.StatusCode, res.Body)
		}
		code := codePattern.FindString(string(res.Body))
		if code == "" {
			t.Fatalf("no follow-up code shown:\n%s", res.Body)
		}
		page, err := e.store.Concerns(context.Background(), e.org.ID, aims.ConcernFilter{ListParams: aims.ListParams{Limit: 5}})
		if err != nil || page.Total != 1 {
			t.Fatalf("stored concerns: %+v %v", page, err)
		}
		con := page.Items[0]
		if con.Channel != aims.ChannelPublicForm || !con.FollowUp || con.ReporterContact != "admin@acme.test" || con.ReporterName != "" {
			t.Errorf("stored = %+v", con)
		}
		// The address given is an account's, but the concern is no one's.
		events, _ := e.store.History(context.Background(), e.org.ID, aims.RegisterConcerns, strconv.FormatInt(con.ID, 10))
		if len(events) != 1 || events[0].ActorID != 0 || events[0].Actor != "public reporting form" {
			t.Errorf("creation event = %+v", events)
		}
		status := func(code string) string {
			t.Helper()
			res := e.anon(path+"/status", url.Values{"code": {code}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d %s", res.StatusCode, res.Body)
			}
			return string(res.Body)
		}
		if s := status(strings.ToLower(strings.ReplaceAll(code, "-", " "))); !strings.Contains(s, "Received, not yet reviewed") {
			t.Errorf("status before triage:\n%s", s)
		}
		// Triage through the form; the answer is what the reporter reads.
		conPath := "/concerns/" + strconv.FormatInt(con.ID, 10)
		res = e.form(aims.RoleContributor, conPath, url.Values{"status": {"resolved"}, "severity": {"medium"}, "category": {"transparency"},
			"response_due": {"2026-12-27"}, "resolution": {"Internal: reviewer R. checked file 4411."}, "answer": {"A person reviewed your application; you may ask for a new review."},
			"version": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("triage = %d %s", res.StatusCode, res.Body)
		}
		s := status(code)
		if !strings.Contains(s, "A person reviewed your application") || !strings.Contains(s, "Resolved") || strings.Contains(s, "4411") ||
			strings.Contains(s, "CON-") || strings.Contains(s, "Medium") {
			t.Errorf("status after triage shows too little or too much:\n%s", s)
		}
		for _, wrong := range []string{"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "", strings.Repeat("x", 100)} {
			if s := status(wrong); !strings.Contains(s, "No concern matches this code") {
				t.Errorf("wrong code %q:\n%s", wrong, s)
			}
		}
		// The honeypot, bad input and oversized bodies are refused.
		before := e.state()
		for name, c := range map[string]struct {
			body   string
			status int
		}{
			"honeypot":         {"category=bias&description=spam&website=http%3A%2F%2Fspam.test", 400},
			"unknown category": {"category=gossip&description=x", 422},
			"no description":   {"category=bias&description=", 422},
			"too long":         {"category=bias&description=" + strings.Repeat("x", aims.MaxConcernText+1), 422},
			"invalid UTF-8":    {"category=bias&description=a%FF", 400},
			"NUL":              {"category=bias&description=a%00b", 400},
			"oversized":        {"category=bias&description=" + strings.Repeat("x", 300<<10), 413},
		} {
			e.clock.advance(time.Hour) // past the per-address limit
			res := e.do("POST", path, "", "application/x-www-form-urlencoded", strings.NewReader(c.body))
			if res.StatusCode != c.status {
				t.Errorf("%s: %d, want %d", name, res.StatusCode, c.status)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("refused public submissions changed the organization's data")
		}
		// Rotating retires the address (through the API: the session idled
		// out while the clock moved past the per-address limit).
		var ch aims.ConcernChannelState
		e.api(aims.RoleViewer, "GET", "/api/v1/concern-channel", nil).json(t, &ch)
		if res := e.api(aims.RoleAdmin, "POST", "/api/v1/concern-channel", channelBody{Action: aims.ChannelRotate, Version: ch.Version}); res.StatusCode != http.StatusOK {
			t.Fatalf("rotate = %d %s", res.StatusCode, res.Body)
		}
		for _, p := range []string{path, path + "/status"} {
			method := "GET"
			if strings.HasSuffix(p, "/status") {
				method = "POST"
			}
			if res := e.do(method, p, "", "application/x-www-form-urlencoded", strings.NewReader("code="+code)); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s after rotation = %d, want 404", method, p, res.StatusCode)
			}
		}
		logs := e.logs.String()
		if strings.Contains(logs, key) || strings.Contains(logs, code) || strings.Contains(logs, normalCode(code)) {
			t.Errorf("the request log holds the key or the follow-up code:\n%s", logs)
		}
		if !strings.Contains(logs, "/report/[redacted]") {
			t.Errorf("the log does not show the redacted requests")
		}
	})
}

// TestPublicReportingLimits: one address may send five concerns an hour;
// the organization takes fifty a day from all addresses, then answers a
// polite 429 without storing anything.
func TestPublicReportingLimits(t *testing.T) {
	e := sqliteEnv(t)
	path := e.enablePublicPage()
	send := func() response {
		return e.anon(path, url.Values{"category": {"other"}, "description": {"flood"}})
	}
	for i := range 5 {
		if res := send(); res.StatusCode != http.StatusOK {
			t.Fatalf("submission %d = %d", i+1, res.StatusCode)
		}
	}
	if res := send(); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("sixth submission from one address = %d, want 429 with Retry-After", res.StatusCode)
	}
	for i := 5; i < aims.PublicDailyLimit; i++ {
		e.clock.advance(12 * time.Minute)
		if res := send(); res.StatusCode != http.StatusOK {
			t.Fatalf("submission %d = %d", i+1, res.StatusCode)
		}
	}
	e.clock.advance(12 * time.Minute)
	before := e.state()
	res := send()
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(res.Body), "cannot take more for now") {
		t.Errorf("submission over the daily ceiling = %d", res.StatusCode)
	}
	if e.state() != before {
		t.Errorf("a refused submission changed the organization's data")
	}
	// Follow-up codes are limited per address too.
	for i := range reportCheckBurst {
		if res := e.anon(path+"/status", url.Values{"code": {"WRONG"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("code %d = %d", i, res.StatusCode)
		}
	}
	if res := e.anon(path+"/status", url.Values{"code": {"WRONG"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("codes over the limit = %d, want 429", res.StatusCode)
	}
}

// TestConcernsFlow: a member logs a concern received by phone, triages it
// through the form (a stale version keeps the input), and the list, its
// filters, the CSV and the API show it.
func TestConcernsFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		res := e.form(aims.RoleContributor, "/concerns", url.Values{"channel": {"phone"}, "category": {"bias"}, "received_on": {"2026-10-01"},
			"description": {"Caller says the score is unfair to self-employed people."}, "ai_system_id": {strconv.FormatInt(sys.ID, 10)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		page := string(e.page(aims.RoleViewer, loc).Body)
		for _, want := range []string{"CON-1", "Anonymous", "CreditLens", "2026-10-31", "overdue"} {
			if !strings.Contains(page, want) {
				t.Errorf("concern page lacks %q", want)
			}
		}
		stale := url.Values{"status": {"investigating"}, "severity": {"high"}, "category": {"bias"}, "response_due": {"2026-10-31"},
			"resolution": {"Kept input"}, "ai_system_id": {strconv.FormatInt(sys.ID, 10)}, "version": {"4"}}
		if res := e.form(aims.RoleContributor, loc, stale); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Kept input") {
			t.Errorf("stale triage = %d, want 409 with the input kept", res.StatusCode)
		}
		stale.Set("version", "1")
		if res := e.form(aims.RoleContributor, loc, stale); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("triage = %d %s", res.StatusCode, res.Body)
		}
		for q, want := range map[string]bool{
			"?status=investigating": true, "?status=new": false, "?severity=high": true, "?overdue=1": true, "?open=1": true,
			"?ai_system_id=" + strconv.FormatInt(sys.ID, 10): true, "?q=self+employed": true, "?q=mortgage": false, "?category=privacy": false,
		} {
			if got := strings.Contains(string(e.page(aims.RoleViewer, "/concerns"+q).Body), "/concerns/1\""); got != want && !strings.Contains(loc, "/concerns/1") {
				t.Errorf("list%s shows the concern: %v, want %v", q, got, want)
			}
			var p aims.Page[aims.Concern]
			e.api(aims.RoleViewer, "GET", "/api/v1/concerns"+q, nil).json(t, &p)
			if (p.Total == 1) != want {
				t.Errorf("API list%s total %d, want shown %v", q, p.Total, want)
			}
		}
		csv := string(e.page(aims.RoleAuditor, "/concerns.csv").Body)
		if !strings.Contains(csv, "CON-1,2026-10-01,phone,,CreditLens,bias") || strings.Count(csv, "\n") != 2 {
			t.Errorf("CSV:\n%s", csv)
		}
		// The API updates with the version read.
		var c aims.Concern
		e.api(aims.RoleViewer, "GET", "/api"+"/v1"+loc, nil).json(t, &c)
		c.Status, c.Resolution, c.Answer = aims.ConcernResolved, "Score reviewed; no unfair treatment found.", "We reviewed the scoring."
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1"+loc, c); res.StatusCode != http.StatusOK {
			t.Fatalf("API triage = %d %s", res.StatusCode, res.Body)
		}
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1"+loc, c); res.StatusCode != http.StatusConflict {
			t.Errorf("API triage at a stale version = %d, want 409", res.StatusCode)
		}
	})
}

// TestConcernBadInput: every kind of bad input to the concerns' forms and
// API is a clear 4xx and changes nothing.
func TestConcernBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		con, err := e.store.CreateConcern(ctx, e.principal(aims.RoleAdmin), aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernPrivacy, Description: "Target"})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := e.store.CreateAISystem(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		foreignSys, foreignUser := strconv.FormatInt(theirs.ID, 10), strconv.FormatInt(e.stray.ID, 10)
		conPath := "/concerns/" + strconv.FormatInt(con.ID, 10)
		triage := func(extra ...string) url.Values {
			v := url.Values{"status": {"triaged"}, "severity": {"low"}, "category": {"privacy"}, "version": {"1"}}
			for i := 0; i+1 < len(extra); i += 2 {
				v.Set(extra[i], extra[i+1])
			}
			return v
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"unknown category", "/concerns", url.Values{"channel": {"email"}, "category": {"gossip"}, "description": {"d"}, "received_on": {"2026-11-01"}}, 422},
			{"public-form channel", "/concerns", url.Values{"channel": {"public-form"}, "category": {"bias"}, "description": {"d"}, "received_on": {"2026-11-01"}}, 422},
			{"another organization's AI system", "/concerns", url.Values{"channel": {"email"}, "category": {"bias"}, "description": {"d"}, "received_on": {"2026-11-01"}, "ai_system_id": {foreignSys}}, 422},
			{"too long", "/concerns", url.Values{"channel": {"email"}, "category": {"bias"}, "description": {strings.Repeat("é", aims.MaxConcernText+1)}, "received_on": {"2026-11-01"}}, 422},
			{"bad date", "/concerns", url.Values{"channel": {"email"}, "category": {"bias"}, "description": {"d"}, "received_on": {"yesterday"}}, 422},
			{"unknown status", conPath, triage("status", "done"), 422},
			{"unknown severity", conPath, triage("severity", "dire"), 422},
			{"triaged without severity", conPath, triage("severity", ""), 422},
			{"resolved without resolution", conPath, triage("status", "resolved"), 422},
			{"another organization's owner", conPath, triage("owner_id", foreignUser), 422},
			{"another organization's system", conPath, triage("ai_system_id", foreignSys), 422},
			{"stale version", conPath, triage("version", "3"), 409},
			{"no version", conPath, url.Values{"status": {"triaged"}, "severity": {"low"}}, 400},
			{"public page without a version", "/concerns/public-page", url.Values{"action": {"enable"}}, 400},
			{"public page, unknown action", "/concerns/public-page", url.Values{"action": {"explode"}, "version": {"0"}}, 422},
			{"public page, stale version", "/concerns/public-page", url.Values{"action": {"rotate"}, "version": {"5"}}, 409},
		}
		before := e.state()
		for _, c := range forms {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d; %.300s", c.name, res.StatusCode, c.status, res.Body)
			}
		}
		for _, raw := range []string{"channel=email&category=bias&description=%FF", "channel=email&category=bias&description=a%00"} {
			if res := e.do("POST", "/concerns", "session:"+e.users[aims.RoleAdmin].Session, "application/x-www-form-urlencoded", strings.NewReader(raw)); res.StatusCode != http.StatusBadRequest {
				t.Errorf("form %s = %d, want 400", raw, res.StatusCode)
			}
		}
		api := "/api/v1" + conPath
		cases := []struct {
			name, method, path, body string
			status                   int
		}{
			{"malformed JSON", "POST", "/api/v1/concerns", `{"channel": "email",`, 400},
			{"unknown category", "POST", "/api/v1/concerns", `{"channel": "email", "category": "gossip", "description": "d"}`, 422},
			{"unknown channel", "POST", "/api/v1/concerns", `{"channel": "pigeon", "category": "bias", "description": "d"}`, 422},
			{"another organization's AI system", "POST", "/api/v1/concerns", `{"channel": "email", "category": "bias", "description": "d", "ai_system_id": ` + foreignSys + `}`, 422},
			{"NUL", "POST", "/api/v1/concerns", `{"channel": "email", "category": "bias", "description": "a\u0000b"}`, 422},
			{"oversized", "POST", "/api/v1/concerns", `{"channel": "email", "category": "bias", "description": "` + strings.Repeat("x", 2<<20) + `"}`, 413},
			{"stale version", "PUT", api, `{"channel": "email", "category": "privacy", "description": "Target", "version": 9}`, 409},
			{"no version", "PUT", api, `{"channel": "email", "category": "privacy", "description": "Target"}`, 422},
			{"to the public channel", "PUT", api, `{"channel": "public-form", "category": "privacy", "description": "Target", "version": 1}`, 422},
			{"unknown filter", "GET", "/api/v1/concerns?status=done", "", 422},
			{"channel, unknown action", "POST", "/api/v1/concern-channel", `{"action": "explode", "version": 0}`, 422},
			{"channel, stale", "POST", "/api/v1/concern-channel", `{"action": "rotate", "version": 3}`, 409},
			{"another organization's concern", "PUT", "/api/v1/concerns/" + foreignConcern(e), `{"channel": "email", "category": "privacy", "description": "x", "version": 1}`, 404},
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
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}

// walkCommunication is the plan item the permission walk's routes name.
func walkCommunication(e *env) int64 {
	e.t.Helper()
	c, err := e.store.CreateCommunication(context.Background(), e.principal(aims.RoleAdmin), aims.Communication{Subject: "Walked",
		Audience: aims.AudienceInternal, AudienceDetail: "Staff", Frequency: aims.FrequencyOnEvent, Channel: "Intranet"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// foreignCommunication is a plan item of the other organization.
func foreignCommunication(e *env) string {
	e.t.Helper()
	c, err := e.store.CreateCommunication(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
		aims.Communication{Subject: "Theirs", Audience: aims.AudienceExternal, AudienceDetail: "Press", Frequency: aims.FrequencyOnce, Channel: "Web"})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}
