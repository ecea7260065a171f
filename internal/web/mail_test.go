package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
	"aims/internal/mail"
	"aims/internal/mail/mailtest"
	"aims/internal/notify"
	"aims/internal/secret"
)

// deliver hands the outbox to a real SMTP server, as the scheduler of
// aims serve does, and returns what arrived.
func (e *env) deliver(t *testing.T, smtp *mailtest.Server, want int) []mailtest.Received {
	t.Helper()
	e.srv.resets.Wait() // reset requests run after their reply
	sender, err := mail.NewSender(mail.Config{Addr: smtp.Addr, From: "aims <aims@acme.test>", Security: "none"})
	if err != nil {
		t.Fatal(err)
	}
	s := &notify.Scheduler{Store: e.store, Mail: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: e.clock.now}
	if err := s.DeliverMail(context.Background()); err != nil {
		t.Fatal(err)
	}
	return smtp.Wait(t, want)
}

var linkIn = regexp.MustCompile(`https://aims\.acme\.test(/(?:reset|invite)/[A-Za-z0-9_-]+)`)

// TestPasswordResetByMail: the reply to "forgot" is the same for any
// address; a known one gets a one-hour link by mail that works once, ends
// the account's sessions and never appears in the log.
func TestPasswordResetByMail(t *testing.T) {
	e := mailEnv(t)
	smtp := mailtest.Start(t)
	anon := func(method, path string, form url.Values) response {
		return e.do(method, path, "", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	}
	if page := string(e.do("GET", "/signin", "", "", nil).Body); !strings.Contains(page, `href="/forgot"`) {
		t.Error("the sign-in page does not offer a reset")
	}
	known := anon("POST", "/forgot", url.Values{"email": {"Viewer@Acme.test "}})
	unknown := anon("POST", "/forgot", url.Values{"email": {"nobody@acme.test"}})
	if known.StatusCode != 200 || unknown.StatusCode != 200 || strings.ReplaceAll(string(known.Body), "Viewer@Acme.test", "") != strings.ReplaceAll(string(unknown.Body), "nobody@acme.test", "") {
		t.Errorf("the replies differ: %d and %d", known.StatusCode, unknown.StatusCode)
	}
	got := e.deliver(t, smtp, 1)
	if len(got) != 1 || got[0].To != "viewer@acme.test" {
		t.Fatalf("mail: %+v", got)
	}
	m := linkIn.FindStringSubmatch(got[0].Body)
	if m == nil {
		t.Fatalf("no link in %q", got[0].Body)
	}
	link := m[1]
	if res := e.do("GET", link, "", "", nil); res.StatusCode != 200 {
		t.Fatalf("reset page = %d", res.StatusCode)
	}
	if res := anon("POST", link, url.Values{"password": {"short"}, "confirm": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("short password = %d", res.StatusCode)
	}
	newPassword := url.Values{"password": {"a much longer passphrase"}, "confirm": {"a much longer passphrase"}}
	if res := anon("POST", link, newPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset = %d %s", res.StatusCode, res.Body)
	}
	if res := anon("POST", link, newPassword); res.StatusCode != http.StatusNotFound {
		t.Errorf("second use of the link = %d, want 404", res.StatusCode)
	}
	if res := e.page(aims.RoleViewer, "/"); res.StatusCode == http.StatusOK {
		t.Error("the old session survived the reset")
	}
	if res := anon("POST", "/signin", url.Values{"email": {"viewer@acme.test"}, "password": {"a much longer passphrase"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the new password = %d", res.StatusCode)
	}
	if strings.Contains(e.logs.String(), strings.TrimPrefix(link, "/reset/")) {
		t.Error("the reset token reached the log")
	}
	// Three links an hour per account at most: the form cannot flood a mailbox.
	for range 5 {
		anon("POST", "/forgot", url.Values{"email": {"viewer@acme.test"}})
	}
	e.srv.resets.Wait()
	if stats, _ := e.store.MailStats(context.Background()); stats.Waiting != 2 {
		t.Errorf("after five more requests %d messages wait, want 2 (three in the hour)", stats.Waiting)
	}
}

// TestInvitationByMail: with mail configured, the admin never sees the
// invitation link; the person gets it, and it works.
func TestInvitationByMail(t *testing.T) {
	e := mailEnv(t)
	smtp := mailtest.Start(t)
	res := e.api(aims.RoleAdmin, "POST", "/api/v1/members", aims.NewMember{Email: "zoe@acme.test", Name: "Zoë", Role: aims.RoleContributor})
	if res.StatusCode != http.StatusCreated || strings.Contains(string(res.Body), "/invite/") || !strings.Contains(string(res.Body), `"invitation_mailed":true`) {
		t.Fatalf("invite = %d %s", res.StatusCode, res.Body)
	}
	if page := string(e.form(aims.RoleAdmin, "/people", url.Values{"email": {"noah@acme.test"}, "name": {"Noah"}, "role": {"viewer"}}).Body); strings.Contains(page, "/invite/") ||
		!strings.Contains(page, "e-mailed") {
		t.Error("the people page shows the link, or does not say it was mailed")
	}
	got := e.deliver(t, smtp, 2)
	var zoe mailtest.Received
	for _, m := range got {
		if m.To == "zoe@acme.test" {
			zoe = m
		}
	}
	m := linkIn.FindStringSubmatch(zoe.Body)
	if m == nil || !strings.Contains(zoe.Subject, "Acme AI") || !strings.Contains(zoe.Body, "contributor") {
		t.Fatalf("invitation mail: %+v", zoe)
	}
	accept := url.Values{"action": {"password"}, "password": {"zoe's own passphrase"}, "confirm": {"zoe's own passphrase"}}
	if res := e.do("POST", m[1], "", "application/x-www-form-urlencoded", strings.NewReader(accept.Encode())); res.StatusCode != http.StatusSeeOther {
		t.Errorf("accepting through the mailed link = %d", res.StatusCode)
	}
}

// TestNoResetWithoutMail: without a mail server the reset pages do not exist.
func TestNoResetWithoutMail(t *testing.T) {
	e := sqliteEnv(t)
	for _, p := range []string{"/forgot", "/reset/abc"} {
		if res := e.do("GET", p, "", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
}

var feedIn = regexp.MustCompile(`value="https?://[^"]*(/calendar/aimscal_[A-Za-z0-9_-]+\.ics)"`)

// TestCalendarFeed: a person's feed lists their due work as iCalendar at a
// secret address that works without signing in, until they make a new
// one, stop it, or lose access; the address never reaches the log.
func TestCalendarFeed(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		mgr := e.users[aims.RoleManager]
		if _, err := e.store.CreateAISystem(ctx, e.principal(aims.RoleAdmin), aims.AISystem{Name: "Scoring, v2; retrained", Purpose: "p", OwnerID: mgr.ID,
			ReviewIntervalMonths: 1}); err != nil {
			t.Fatal(err)
		}
		feed := func() string {
			m := feedIn.FindStringSubmatch(string(e.form(aims.RoleManager, "/my-work/calendar", url.Values{}).Body))
			if m == nil {
				t.Fatal("no feed address on the page")
			}
			return m[1]
		}
		first := feed()
		res := e.do("GET", first, "", "", nil)
		body := string(res.Body)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
			!strings.Contains(body, "BEGIN:VEVENT\r\n") || !strings.Contains(body, `SUMMARY:Periodic review: AIS-1 Scoring\, v2\; retrained`) ||
			!strings.Contains(body, "DTSTART;VALUE=DATE:20261227") {
			t.Errorf("feed = %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		second := feed()
		if res := e.do("GET", first, "", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("the retired address answers %d", res.StatusCode)
		}
		if res := e.do("GET", second, "", "", nil); res.StatusCode != 200 {
			t.Errorf("the new address answers %d", res.StatusCode)
		}
		if other := string(e.do("GET", strings.Replace(second, ".ics", "", 1), "", "", nil).Body); strings.Contains(other, "VEVENT") {
			t.Error("an address without .ics answered")
		}
		// Losing access closes the feed.
		m, _ := e.store.Member(ctx, e.org.ID, mgr.ID)
		if _, err := e.store.UpdateMember(ctx, e.principal(aims.RoleAdmin), mgr.ID, aims.MemberUpdate{Role: m.Role, Active: false, Version: m.Version}); err != nil {
			t.Fatal(err)
		}
		if res := e.do("GET", second, "", "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("a deactivated member's feed answers %d", res.StatusCode)
		}
		if strings.Contains(e.logs.String(), "aimscal_") {
			t.Error("a feed address reached the log")
		}
		// Stopping: the contributor makes one and stops it.
		e.form(aims.RoleContributor, "/my-work/calendar", url.Values{})
		if res := e.form(aims.RoleContributor, "/my-work/calendar/revoke", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("stop = %d", res.StatusCode)
		}
		if page := string(e.page(aims.RoleContributor, "/my-work").Body); strings.Contains(page, "Stop the feed") {
			t.Error("the feed still shows as live after stopping it")
		}
	})
}

// TestWebhooksAdmin: an admin adds an endpoint and sees its secret once;
// the operator's policy refuses local addresses and hosts off its list;
// edits are version-checked; a test event shows in the delivery log.
func TestWebhooksAdmin(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		page := string(e.form(aims.RoleAdmin, "/webhooks", url.Values{"url": {"https://hooks.example.org/aims"}, "events": {"overdue"}}).Body)
		secret := regexp.MustCompile(`value="(whsec_[A-Za-z0-9_-]+)"`).FindStringSubmatch(page)
		if secret == nil || !strings.Contains(page, "WH-1") {
			t.Fatalf("no secret shown after adding the endpoint")
		}
		if again := string(e.page(aims.RoleAdmin, "/webhooks").Body); strings.Contains(again, secret[1]) {
			t.Error("the secret is shown a second time")
		}
		for _, bad := range []string{"http://127.0.0.1:8080/", "http://169.254.169.254/latest", "https://user:pw@hooks.example.org/", "ftp://hooks.example.org/"} {
			if res := e.api(aims.RoleAdmin, "POST", "/api/v1/webhooks", webhookIn{URL: bad, Events: []string{"due"}}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("endpoint %s = %d, want 422", bad, res.StatusCode)
			}
		}
		if res := e.api(aims.RoleAdmin, "POST", "/api/v1/webhooks", webhookIn{URL: "https://hooks.example.org/", Events: []string{"deleted"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown event = %d", res.StatusCode)
		}
		var list aims.Page[aims.Webhook]
		e.api(aims.RoleAdmin, "GET", "/api/v1/webhooks", nil).json(t, &list)
		if list.Total != 1 || strings.Contains(fmt.Sprint(list), "whsec_") {
			t.Fatalf("list = %+v", list)
		}
		path := "/api/v1/webhooks/" + strconv.FormatInt(list.Items[0].ID, 10)
		if res := e.api(aims.RoleAdmin, "PUT", path, webhookIn{URL: "https://hooks.example.org/v2", Events: []string{"due"}, Active: true, Version: 9}); res.StatusCode != http.StatusConflict {
			t.Errorf("stale edit = %d", res.StatusCode)
		}
		if res := e.api(aims.RoleAdmin, "PUT", path, webhookIn{URL: "https://hooks.example.org/v2", Events: []string{"due"}, Active: true, Version: 1}); res.StatusCode != http.StatusOK {
			t.Errorf("edit = %d %s", res.StatusCode, res.Body)
		}
		if res := e.api(aims.RoleAdmin, "POST", path+"/test", nil); res.StatusCode != http.StatusAccepted {
			t.Errorf("test event = %d", res.StatusCode)
		}
		var log itemsOf[aims.WebhookDelivery]
		e.api(aims.RoleAdmin, "GET", path+"/deliveries", nil).json(t, &log)
		if log.Total != 1 || log.Items[0].Event != "ping" || log.Items[0].State != "waiting" {
			t.Errorf("deliveries = %+v", log)
		}
		if res := e.api(aims.RoleManager, "GET", path+"/deliveries", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a manager reads the deliveries: %d", res.StatusCode)
		}
	})
}

// TestPasswordChangeEndsFeedsAndResetLinks: a calendar feed made before a
// password reset, and a second reset link sent before it, stop working.
func TestPasswordChangeEndsFeedsAndResetLinks(t *testing.T) {
	e := mailEnv(t)
	m := feedIn.FindStringSubmatch(string(e.form(aims.RoleViewer, "/my-work/calendar", url.Values{}).Body))
	if m == nil {
		t.Fatal("no feed")
	}
	ctx := context.Background()
	first, second := "first-reset-token", "second-reset-token"
	for _, tok := range []string{first, second} {
		if err := e.store.RequestPasswordReset(ctx, "viewer@acme.test", secret.HashToken(tok), func(string) (string, string) { return "s", "b" }); err != nil {
			t.Fatal(err)
		}
	}
	// The second request voided the first link; use the second.
	pw := url.Values{"password": {"a much longer passphrase"}, "confirm": {"a much longer passphrase"}}
	if res := e.do("POST", "/reset/"+second, "", "application/x-www-form-urlencoded", strings.NewReader(pw.Encode())); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset = %d", res.StatusCode)
	}
	if res := e.do("GET", m[1], "", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("the calendar feed answers %d after the password reset", res.StatusCode)
	}
	// An operator reset voids a link sent before it.
	third := "third-reset-token"
	if err := e.store.RequestPasswordReset(ctx, "viewer@acme.test", secret.HashToken(third), func(string) (string, string) { return "s", "b" }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.AddMemberAsOperator(ctx, e.org.ID, aims.NewMember{Email: "viewer@acme.test", Name: "V", Role: aims.RoleViewer}, testHash(t), true, "test"); err != nil {
		t.Fatal(err)
	}
	if e.store.PasswordResetValid(ctx, secret.HashToken(third)) {
		t.Error("a reset link survives the operator's reset")
	}
}

// TestWebhookAddressStaysOutOfTheTrail: managers and auditors read the
// audit trail but not the endpoints; the path of an endpoint's address,
// where chat services keep their credential, is not in the trail.
func TestWebhookAddressStaysOutOfTheTrail(t *testing.T) {
	e := sqliteEnv(t)
	secretPath := "/services/T000/B000/XXXXsecretXXXX"
	if res := e.api(aims.RoleAdmin, "POST", "/api/v1/webhooks", webhookIn{URL: "https://hooks.example.org" + secretPath, Events: []string{"due"}}); res.StatusCode != http.StatusCreated {
		t.Fatalf("create = %d", res.StatusCode)
	}
	trail := string(e.api(aims.RoleAuditor, "GET", "/api/v1/audit-events?register=webhooks", nil).Body)
	if strings.Contains(trail, "XXXXsecretXXXX") || !strings.Contains(trail, "https://hooks.example.org/") {
		t.Errorf("the trail shows %s", trail)
	}
}

// TestReporterKnownToTriageOnly: a concern's reporter is shown to those
// who triage it, not to viewers or auditors, and not in the audit trail.
func TestReporterKnownToTriageOnly(t *testing.T) {
	e := sqliteEnv(t)
	res := e.api(aims.RoleContributor, "POST", "/api/v1/concerns", map[string]any{"description": "The chat assistant quoted the wrong fee.",
		"category": "other", "channel": "email", "reporter_name": "Zoë Whistle", "reporter_contact": "zoe@customers.example"})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("log a concern = %d %s", res.StatusCode, res.Body)
	}
	var c aims.Concern
	res.json(t, &c)
	path := "/api/v1/concerns/" + strconv.FormatInt(c.ID, 10)
	for _, role := range []aims.Role{aims.RoleViewer, aims.RoleAuditor} {
		for _, p := range []string{path, "/api/v1/concerns", path + "/history", "/concerns/" + strconv.FormatInt(c.ID, 10)} {
			var body string
			if strings.HasPrefix(p, "/api/") {
				body = string(e.api(role, "GET", p, nil).Body)
			} else {
				body = string(e.page(role, p).Body)
			}
			if strings.Contains(body, "Zoë") || strings.Contains(body, "zoe@customers") {
				t.Errorf("%s sees the reporter at %s", role, p)
			}
		}
	}
	for _, role := range []aims.Role{aims.RoleViewer, aims.RoleAuditor} {
		if csv := string(e.api(role, "GET", "/api/v1/concerns.csv", nil).Body); strings.Contains(csv, "Zoë") {
			t.Errorf("%s reads the reporter in the export", role)
		}
		var found aims.Page[aims.Concern]
		e.api(role, "GET", "/api/v1/concerns?q=Whistle", nil).json(t, &found)
		if found.Total != 0 {
			t.Errorf("%s finds the concern by its reporter's name", role)
		}
	}
	if trail := string(e.api(aims.RoleAdmin, "GET", "/api/v1/audit-events?register=concerns", nil).Body); strings.Contains(trail, "zoe@customers") {
		t.Error("the reporter's contact is in the audit trail")
	}
	if body := string(e.api(aims.RoleContributor, "GET", path, nil).Body); !strings.Contains(body, "zoe@customers.example") {
		t.Error("those who triage do not see the reporter's contact")
	}
}
