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

// walkUseReview is a use review of a system of the acting organization.
func walkUseReview(e *env) int64 {
	e.t.Helper()
	sys := e.createSystem("Reviewed system")
	u, err := e.store.CreateUseReview(context.Background(), e.principal(aims.RoleAdmin), aims.UseReview{AISystemID: sys.ID,
		ReviewedOn: aims.DateOf(e.clock.now()), Method: aims.UseMethodLogs, ActualUse: "As intended.", Outcome: aims.UseAsIntended})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// foreignUseReview is a use review of the other organization.
func foreignUseReview(e *env) string {
	e.t.Helper()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
	sys, err := e.store.CreateAISystem(context.Background(), stray, aims.AISystem{Name: "Globex bot", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.store.CreateUseReview(context.Background(), stray, aims.UseReview{AISystemID: sys.ID,
		ReviewedOn: aims.DateOf(e.clock.now()), Method: aims.UseMethodLogs, ActualUse: "Theirs.", Outcome: aims.UseAsIntended})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(u.ID, 10)
}

// TestUseReviewFlow: a review recorded through the form keeps the
// system's intended use of the day, shows on the list with its filters,
// in the CSV and the API, is due work for the reviewer and supports A.9.4.
func TestUseReviewFlow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys, err := e.store.CreateAISystem(ctx, e.principal(aims.RoleAdmin), aims.AISystem{Name: "Service assistant", Purpose: "Help agents",
			IntendedUse: "Drafts answers that an agent checks before sending."})
		if err != nil {
			t.Fatal(err)
		}
		today := aims.DateOf(e.clock.now())
		reviewer := strconv.FormatInt(e.users[aims.RoleManager].ID, 10)
		res := e.form(aims.RoleContributor, "/use-reviews", url.Values{"ai_system_id": {strconv.FormatInt(sys.ID, 10)},
			"reviewed_on": {today.String()}, "method": {"output-sample"}, "actual_use": {"In 4 of 200 chats agents sent the draft unchanged without reading it."},
			"outcome": {"deviations"}, "deviations": {"Drafts sent unread."}, "actions": {"Refresher for agents; CR to require a click-through."},
			"reviewer_id": {reviewer}, "next_review": {today.AddMonths(6).String()}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record = %d %s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		page := string(e.page(aims.RoleViewer, loc).Body)
		for _, want := range []string{"Drafts answers that an agent checks before sending.", "Deviations from the intended use", "Refresher for agents"} {
			if !strings.Contains(page, want) {
				t.Errorf("the review's page lacks %q", want)
			}
		}
		// The inventory changes later; the review keeps what it checked against.
		sys.IntendedUse = "Answers customers directly."
		if _, err := e.store.UpdateAISystem(ctx, e.principal(aims.RoleAdmin), sys); err != nil {
			t.Fatal(err)
		}
		var u aims.UseReview
		e.api(aims.RoleViewer, "GET", "/api/v1"+loc, nil).json(t, &u)
		if u.IntendedUse != "Drafts answers that an agent checks before sending." || u.AISystemRef != sys.Ref || u.ReviewerName == "" {
			t.Errorf("API review = %+v", u)
		}
		// Edits keep the system; naming another is refused.
		other := e.createSystem("Other system")
		u.AISystemID = other.ID
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1"+loc, u); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("moving a review to another system = %d, want 422", res.StatusCode)
		}
		for q, n := range map[string]int{"": 1, "?outcome=misuse": 0, "?outcome=deviations": 1, "?ai_system_id=" + strconv.FormatInt(other.ID, 10): 0, "?q=unread": 1, "?q=fraud": 0} {
			var p aims.Page[aims.UseReview]
			e.api(aims.RoleViewer, "GET", "/api/v1/use-reviews"+q, nil).json(t, &p)
			if p.Total != n {
				t.Errorf("list%s total %d, want %d", q, p.Total, n)
			}
		}
		csv := string(e.page(aims.RoleAuditor, "/use-reviews.csv").Body)
		if !strings.Contains(csv, "UR-1,"+sys.Ref+",Service assistant,"+today.String()+",,,output-sample,") {
			t.Errorf("CSV:\n%s", csv)
		}
		if sup, _ := e.store.Supports(ctx, e.org.ID, "A.9.4", 5); len(sup) != 1 || sup[0].Ref != "UR-1" {
			t.Errorf("supports of A.9.4 = %+v", sup)
		}
		due, err := e.store.DueItems(ctx, e.org.ID, aims.DueFilter{ListParams: aims.ListParams{Limit: 50}, AsOf: today.AddMonths(7), Register: aims.RegisterUseReviews})
		if err != nil || due.Total != 1 || due.Items[0].Ref != "UR-1" || due.Items[0].State != aims.DueOverdue {
			t.Errorf("due work a month after the next review = %+v, %v", due, err)
		}
	})
}

// TestUseReviewBadInput: bad input is a clear 4xx and changes nothing.
func TestUseReviewBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := strconv.FormatInt(e.createSystem("Checked").ID, 10)
		id := strconv.FormatInt(walkUseReview(e), 10)
		item := url.Values{"ai_system_id": {sys}, "reviewed_on": {"2026-11-02"}, "method": {"usage-logs"}, "actual_use": {"Fine."}, "outcome": {"as-intended"}}
		with := func(kv ...string) url.Values {
			c := url.Values{}
			for key, vs := range item {
				c[key] = vs
			}
			for i := 0; i+1 < len(kv); i += 2 {
				c.Set(kv[i], kv[i+1])
			}
			return c
		}
		foreignSystem, err := e.store.CreateAISystem(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "G", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		forms := []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"no system", "/use-reviews", with("ai_system_id", ""), 422},
			{"another organization's system", "/use-reviews", with("ai_system_id", strconv.FormatInt(foreignSystem.ID, 10)), 422},
			{"unknown outcome", "/use-reviews", with("outcome", "fine"), 422},
			{"unknown method", "/use-reviews", with("method", "guess"), 422},
			{"deviations without saying which", "/use-reviews", with("outcome", "misuse"), 422},
			{"period ends before it starts", "/use-reviews", with("period_from", "2026-10-01", "period_to", "2026-09-01"), 422},
			{"period after the review", "/use-reviews", with("period_to", "2026-12-01"), 422},
			{"next review before this one", "/use-reviews", with("next_review", "2026-01-01"), 422},
			{"bad date", "/use-reviews", with("reviewed_on", "yesterday"), 422},
			{"no actual use", "/use-reviews", with("actual_use", " "), 422},
			{"another organization's reviewer", "/use-reviews", with("reviewer_id", strconv.FormatInt(e.stray.ID, 10)), 422},
			{"stale edit", "/use-reviews/" + id, with("ai_system_id", "", "version", "5"), 409},
			{"edit without a version", "/use-reviews/" + id, with("ai_system_id", ""), 400},
			{"edit naming another system", "/use-reviews/" + id, with("version", "1"), 422},
			{"edit of another organization's review", "/use-reviews/" + foreignUseReview(e), with("ai_system_id", "", "version", "1"), 404},
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
			{"malformed", "POST", "/api/v1/use-reviews", `{"ai_system_id":`, 400},
			{"unknown field", "POST", "/api/v1/use-reviews", `{"ai_system_id": ` + sys + `, "reviewed_on": "2026-11-02", "method": "usage-logs", "actual_use": "a", "outcome": "as-intended", "verdict": "ok"}`, 422},
			{"NUL", "POST", "/api/v1/use-reviews", `{"ai_system_id": ` + sys + `, "reviewed_on": "2026-11-02", "method": "usage-logs", "actual_use": "a\u0000", "outcome": "as-intended"}`, 422},
			{"stale", "PUT", "/api/v1/use-reviews/" + id, `{"reviewed_on": "2026-11-02", "method": "usage-logs", "actual_use": "a", "outcome": "as-intended", "version": 4}`, 409},
			{"another organization's review", "GET", "/api/v1/use-reviews/" + foreignUseReview(e), "", 404},
			{"unknown filter", "GET", "/api/v1/use-reviews?outcome=ok", "", 422},
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
			t.Errorf("refused requests changed the organization's data")
		}
	})
}
