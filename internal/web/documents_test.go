package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// newDocument creates a document through the store, moved to the state
// wanted: "draft", "in-review" or "approved" (then with no open version).
func (e *env) newDocument(title string, kind aims.DocKind, state aims.DocState) aims.Document {
	e.t.Helper()
	ctx := context.Background()
	admin, author := e.principal(aims.RoleAdmin), e.principal(aims.RoleContributor) // the author never approves
	d, err := e.store.CreateDocument(ctx, author, aims.NewDocument{Document: aims.Document{Title: title, Kind: kind},
		Content: "# " + title + "\n\nFirst text.", Commitments: aims.CommitmentKeys()})
	if err != nil {
		e.t.Fatal(err)
	}
	if state != aims.StateDraft {
		if _, err := e.store.SubmitDocument(ctx, author, d.ID, aims.DocumentStep{Version: 1}); err != nil {
			e.t.Fatal(err)
		}
	}
	if state == aims.StateApproved {
		if kind.Approval() != "" {
			if _, err := e.store.CreateDesignation(ctx, admin, aims.Designation{UserID: admin.UserID, Body: aims.BodyTop,
				Position: "Chief Executive Officer", From: aims.DateOf(e.clock.now())}); err != nil {
				e.t.Fatal(err)
			}
		}
		if _, err := e.store.ApproveDocument(ctx, admin, d.ID, aims.DocumentStep{Version: 2}); err != nil {
			e.t.Fatal(err)
		}
	}
	d, _ = e.store.Document(ctx, e.org.ID, d.ID)
	return d
}

// documentWalkIDs creates the documents the route walk acts on: one per
// workflow route, each in the state its step starts from, since the walk
// sends every route once in table order.
func documentWalkIDs(e *env) map[string]string {
	states := map[string]aims.DocState{
		aims.RegisterDocuments: aims.StateDraft, "document-drafts": aims.StateDraft,
		"document-submit": aims.StateDraft, "document-submit-api": aims.StateDraft,
		"document-return": aims.StateInReview, "document-return-api": aims.StateInReview,
		"document-approve": aims.StateInReview, "document-approve-api": aims.StateInReview,
		"document-new": aims.StateApproved, "document-new-api": aims.StateApproved,
	}
	out := map[string]string{}
	for names, st := range states {
		out[names] = strconv.FormatInt(e.newDocument("Walked "+names, aims.KindOtherProcedure, st).ID, 10)
	}
	out["document-disposable"] = strconv.FormatInt(e.disposableDocument().ID, 10)
	return out
}

// disposableDocument is a record whose version 1 was superseded more than
// a year ago, under a retention of 12 months: version 1 may be disposed of.
func (e *env) disposableDocument() aims.Document {
	e.t.Helper()
	ctx := context.Background()
	e.clock.advance(-400 * 24 * time.Hour)
	d := e.newDocument("Walked disposable record", aims.KindRecord, aims.StateApproved)
	author, admin := e.principal(aims.RoleContributor), e.principal(aims.RoleAdmin)
	if _, err := e.store.NewDocumentVersion(ctx, author, d.ID, d.Version); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.SubmitDocument(ctx, author, d.ID, aims.DocumentStep{Version: 1}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.ApproveDocument(ctx, admin, d.ID, aims.DocumentStep{Version: 2}); err != nil {
		e.t.Fatal(err)
	}
	e.clock.advance(400 * 24 * time.Hour)
	if err := e.store.SetRetention(ctx, admin, aims.RetentionRule{Kind: aims.KindRecord, Months: 12}); err != nil {
		e.t.Fatal(err)
	}
	return d
}

// documentWalkVersion is the version a route's example sends: the
// document's own for its fields and for starting a version, the open
// version's for the other steps.
func documentWalkVersion(e *env, names string, id int64) int {
	ctx := context.Background()
	d, _ := e.store.Document(ctx, e.org.ID, id)
	if names == aims.RegisterDocuments || strings.HasPrefix(names, "document-new") {
		return d.Version
	}
	v, _ := e.store.DocumentVersion(ctx, e.org.ID, id, d.CurrentNumber)
	return v.Version
}

// foreignDocument is a document of the other organization.
func foreignDocument(e *env) string {
	d, err := e.store.CreateDocument(context.Background(), aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
		aims.NewDocument{Document: aims.Document{Title: "Globex policy", Kind: aims.KindOtherPolicy}, Content: "x"})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(d.ID, 10)
}

// TestDocumentPages walks the workflow through the forms: create from a
// template, edit, submit, return, approve, new version, compare, PDF.
func TestDocumentPages(t *testing.T) {
	e := sqliteEnv(t)
	res := e.form(aims.RoleContributor, "/documents", url.Values{"title": {"AI risk assessment process"}, "kind": {"risk-assessment-process"},
		"origin": {"internal"}, "review_interval_months": {"12"}, "template": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	path := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/documents/"), 10, 64)
	body := string(e.page(aims.RoleViewer, path).Body)
	for _, want := range []string{"<h2>AI risk assessment process</h2>", "Version 1 is draft", "No version approved yet"} {
		if !strings.Contains(body, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
	if strings.Contains(body, "Submit for review") {
		t.Error("a viewer sees the submit button")
	}
	if res := e.form(aims.RoleContributor, path+"/draft", url.Values{"content": {"# Process\n\nIdentify, analyse, evaluate."}, "change_summary": {"First issue."}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit draft = %d %s", res.StatusCode, res.Body)
	}
	// A stale draft edit keeps the person's text and says why: 409.
	res = e.form(aims.RoleContributor, path+"/draft", url.Values{"content": {"My lost words"}, "version": {"1"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "My lost words") {
		t.Errorf("stale draft edit = %d", res.StatusCode)
	}
	if res := e.form(aims.RoleContributor, path+"/submit", url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit = %d %s", res.StatusCode, res.Body)
	}
	// Wrong state: editing a version in review is a 409 that says why.
	res = e.form(aims.RoleContributor, path+"/draft", url.Values{"content": {"x"}, "version": {"3"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "in review") {
		t.Errorf("edit in review = %d %s", res.StatusCode, res.Body)
	}
	if res := e.form(aims.RoleContributor, path+"/approve", url.Values{"version": {"3"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("contributor approves = %d, want 403", res.StatusCode)
	}
	if res := e.form(aims.RoleManager, path+"/approve", url.Values{"version": {"3"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d %s", res.StatusCode, res.Body)
	}
	body = string(e.page(aims.RoleViewer, path).Body)
	if !strings.Contains(body, "Approved by The manager") && !strings.Contains(body, "Approved by") {
		t.Errorf("page does not say who approved: %s", body)
	}
	pdf := e.page(aims.RoleViewer, path+"/pdf")
	if pdf.StatusCode != http.StatusOK || !strings.HasPrefix(string(pdf.Body), "%PDF") || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("PDF = %d %.10q", pdf.StatusCode, pdf.Body)
	}
	d, _ := e.store.Document(context.Background(), e.org.ID, id)
	if res := e.form(aims.RoleContributor, path+"/new-version", url.Values{"version": {strconv.Itoa(d.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new version = %d %s", res.StatusCode, res.Body)
	}
	if res := e.form(aims.RoleContributor, path+"/draft", url.Values{"content": {"# Process\n\nIdentify, analyse, evaluate, treat."}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit v2 = %d %s", res.StatusCode, res.Body)
	}
	// A draft is not printed.
	if res := e.page(aims.RoleViewer, path+"/pdf?v=2"); res.StatusCode != http.StatusConflict {
		t.Errorf("PDF of a draft = %d, want 409", res.StatusCode)
	}
	cmp := string(e.page(aims.RoleViewer, path+"/compare?a=1&b=2").Body)
	for _, want := range []string{"Removed:</strong> Identify, analyse, evaluate.", "Added:</strong> Identify, analyse, evaluate, treat.", "1 lines removed, 1 added"} {
		if !strings.Contains(cmp, want) {
			t.Errorf("compare lacks %q", want)
		}
	}
	for _, bad := range []string{"/compare?a=x", "/compare?a=0"} {
		if res := e.page(aims.RoleViewer, path+bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s = %d, want 400", bad, res.StatusCode)
		}
	}
	if res := e.page(aims.RoleViewer, path+"/compare?a=9"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown version = %d, want 404", res.StatusCode)
	}
}

// TestAIPolicyApprovalNeedsTopManagement: the AI policy is approved only
// by a designated member of top management, whose designation the page
// names; an admin without one is refused with nothing changed.
func TestAIPolicyApprovalNeedsTopManagement(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		d := e.newDocument("AI policy", aims.KindAIPolicy, aims.StateInReview)
		path := "/api/v1/documents/" + strconv.FormatInt(d.ID, 10) + "/approve"
		before := e.state()
		res := e.api(aims.RoleAdmin, "POST", path, aims.DocumentStep{Version: 2})
		if res.StatusCode != http.StatusUnprocessableEntity || res.problem(t).Errors["approver"] == "" {
			t.Errorf("approval by a non-designated admin = %d %s", res.StatusCode, res.Body)
		}
		if e.state() != before {
			t.Error("the refused approval changed something")
		}
		if _, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: e.users[aims.RoleManager].ID,
			Body: aims.BodyTop, Position: "Chief Executive Officer", From: aims.DateOf(e.clock.now())}); err != nil {
			t.Fatal(err)
		}
		res = e.api(aims.RoleManager, "POST", path, aims.DocumentStep{Version: 2})
		var v aims.DocumentVersion
		res.json(t, &v)
		if res.StatusCode != http.StatusOK || v.DesignationRef != "MGT-1" || v.State != aims.StateApproved {
			t.Fatalf("approval by the CEO = %d %s", res.StatusCode, res.Body)
		}
		body := string(e.page(aims.RoleViewer, "/documents/"+strconv.FormatInt(d.ID, 10)).Body)
		if !strings.Contains(body, "Chief Executive Officer (top management, MGT-1), on "+aims.DateOf(e.clock.now()).String()) {
			t.Errorf("the page does not name the designation")
		}
		// The approved AI policy now supports 5.2 in the gap analysis.
		if gap := string(e.page(aims.RoleViewer, "/gap/5.2").Body); !strings.Contains(gap, `href="/documents/`+strconv.FormatInt(d.ID, 10)+`"`) {
			t.Errorf("the gap entry of 5.2 does not link the approved AI policy")
		}
	})
}

// TestDocumentBadInput: a clear 4xx, never a 500, and nothing changed.
func TestDocumentBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		draft := e.newDocument("Plan", aims.KindPlan, aims.StateDraft)
		approved := e.newDocument("Procedure", aims.KindOtherProcedure, aims.StateApproved)
		dp := "/api/v1/documents/" + strconv.FormatInt(draft.ID, 10)
		ap := "/api/v1/documents/" + strconv.FormatInt(approved.ID, 10)
		before := e.state()
		for _, c := range []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"unknown kind", "POST", "/api/v1/documents", `{"title": "x", "kind": "manifesto"}`, 422, "kind"},
			{"no title", "POST", "/api/v1/documents", `{"kind": "plan"}`, 422, "title"},
			{"external without issuer", "POST", "/api/v1/documents", `{"title": "x", "kind": "external"}`, 422, "issuer"},
			{"oversized content", "POST", "/api/v1/documents", `{"title": "x", "kind": "plan", "content": "` + strings.Repeat("x", 200_001) + `"}`, 422, "content"},
			{"wrong type", "POST", "/api/v1/documents", `{"title": 5}`, 422, "Document.title"},
			{"malformed", "POST", "/api/v1/documents", `{"title":`, 400, ""},
			{"unknown commitment", "PUT", dp + "/draft", `{"version": 1, "content": "x", "commitments": ["world-peace"]}`, 422, "commitments"},
			{"stale draft", "PUT", dp + "/draft", `{"version": 7, "content": "x"}`, 409, ""},
			{"no version", "PUT", dp + "/draft", `{"content": "x"}`, 422, "version"},
			{"approve a draft", "POST", dp + "/approve", `{"version": 1}`, 409, ""},
			{"return without note", "POST", dp + "/return", `{"version": 1}`, 422, "note"},
			{"edit approved", "PUT", ap + "/draft", `{"version": 3, "content": "x"}`, 409, ""},
			{"submit approved", "POST", ap + "/submit", `{"version": 3}`, 409, ""},
			{"new version from draft", "POST", dp + "/new-version", fmt.Sprintf(`{"version": %d}`, draft.Version), 409, ""},
			{"stale new version", "POST", ap + "/new-version", `{"version": 99}`, 409, ""},
			{"bad filter", "GET", "/api/v1/documents?state=lost", "", 422, "state"},
			{"bad number", "GET", dp + "/text?number=abc", "", 400, ""},
			{"unknown number", "GET", dp + "/text?number=5", "", 404, ""},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			res := e.api(aims.RoleAdmin, c.method, c.path, body)
			if res.StatusCode != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			if c.field != "" && res.problem(t).Errors[c.field] == "" {
				t.Errorf("%s: no message for %s: %s", c.name, c.field, res.Body)
			}
		}
		if e.state() != before {
			t.Error("bad input changed the organization's data")
		}
	})
}

// TestDocumentMarkdownIsSafeOnThePage sends hostile Markdown through the
// real page.
func TestDocumentMarkdownIsSafeOnThePage(t *testing.T) {
	e := sqliteEnv(t)
	hostile := "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[a](javascript:alert(3)) [b](JAVASCRIPT:alert(4)) " +
		"[c](//evil.example) <javascript:alert(5)> [d][r] ![e](data:text/html,x)\n\n[r]: vbscript:msgbox\n\n[ok](https://example.org/policy)"
	res := e.api(aims.RoleAdmin, "POST", "/api/v1/documents", aims.NewDocument{Document: aims.Document{Title: "Hostile", Kind: aims.KindPlan}, Content: hostile})
	var d aims.Document
	res.json(t, &d)
	body := strings.ToLower(string(e.page(aims.RoleViewer, "/documents/"+strconv.FormatInt(d.ID, 10)).Body))
	for _, bad := range []string{"<script>alert", "onerror=", `href="javascript`, `href="//evil`, "vbscript:", `src="data:`} {
		if strings.Contains(body, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	if !strings.Contains(body, `href="https://example.org/policy"`) {
		t.Error("the safe link was lost")
	}
}

// documentPages are the documents' templates for TestPagesRender: an AI
// policy with an approved version and a draft of the next.
func documentPages(e *env) map[string]string {
	d := e.newDocument("Rendered policy", aims.KindAIPolicy, aims.StateApproved)
	if _, err := e.store.NewDocumentVersion(context.Background(), e.principal(aims.RoleAdmin), d.ID, d.Version); err != nil {
		e.t.Fatal(err)
	}
	id := "/documents/" + strconv.FormatInt(d.ID, 10)
	return map[string]string{"documents": "/documents", "document": id, "document_form": id + "/edit",
		"document_draft": id + "/draft", "document_compare": id + "/compare"}
}

// TestDocumentListQueriesDoNotGrow: the register's page and API cost the
// same number of queries with 5 documents and with 120.
func TestDocumentListQueriesDoNotGrow(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.api(aims.RoleAdmin, "GET", "/api/v1/me", nil)
		counts := map[string][]int64{}
		made := 0
		for _, n := range []int{5, 120} {
			for ; made < n; made++ {
				if _, err := e.store.CreateDocument(context.Background(), e.principal(aims.RoleAdmin), aims.NewDocument{
					Document: aims.Document{Title: fmt.Sprintf("Procedure %03d", made), Kind: aims.KindOtherProcedure, OwnerID: e.users[aims.RoleViewer].ID},
					Content:  "x"}); err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range []string{"/documents", "/documents?q=procedure&state=draft", "/api/v1/documents?limit=100"} {
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
				t.Errorf("%s ran %d queries with 5 documents and %d with 120", path, c[0], c[1])
			}
		}
	})
}

// TestDocumentFormsBadInput: the forms re-render with the messages (422),
// refuse a form without a version (400), and change nothing.
func TestDocumentFormsBadInput(t *testing.T) {
	e := sqliteEnv(t)
	d := e.newDocument("Plan", aims.KindPlan, aims.StateDraft)
	p := "/documents/" + strconv.FormatInt(d.ID, 10)
	before := e.state()
	for _, c := range []struct {
		name, path string
		form       url.Values
		status     int
		want       string
	}{
		{"unknown kind", "/documents", url.Values{"title": {"x"}, "kind": {"manifesto"}, "review_interval_months": {"12"}}, 422, "must be one of"},
		{"oversized content", "/documents", url.Values{"title": {"x"}, "kind": {"plan"}, "review_interval_months": {"12"}, "content": {strings.Repeat("x", 200_001)}}, 422, "too long"},
		{"interval not a number", "/documents", url.Values{"title": {"x"}, "kind": {"plan"}, "review_interval_months": {"soon"}}, 422, "whole number"},
		{"oversized draft", p + "/draft", url.Values{"content": {strings.Repeat("x", 200_001)}, "version": {"1"}}, 422, "too long"},
		{"draft without version", p + "/draft", url.Values{"content": {"x"}}, 400, "version"},
		{"stale draft", p + "/draft", url.Values{"content": {"x"}, "version": {"9"}}, 409, "Someone else changed this draft"},
		{"approve a draft", p + "/approve", url.Values{"version": {"1"}}, 409, "only a version in review can be approved"},
		{"return without note", p + "/return", url.Values{"version": {"1"}}, 422, "say what the draft needs"},
		{"return a draft", p + "/return", url.Values{"version": {"1"}, "note": {"Again."}}, 409, "only a version in review"},
		{"new version while a draft is open", p + "/new-version", url.Values{"version": {strconv.Itoa(d.Version)}}, 409, "still draft"},
		{"foreign owner", p, url.Values{"title": {"x"}, "kind": {"plan"}, "review_interval_months": {"12"}, "owner_id": {strconv.FormatInt(e.stray.ID, 10)}, "version": {strconv.Itoa(d.Version)}}, 422, "not a member"},
	} {
		res := e.form(aims.RoleAdmin, c.path, c.form)
		if res.StatusCode != c.status || !strings.Contains(string(res.Body), c.want) {
			t.Errorf("%s: %d, want %d with %q", c.name, res.StatusCode, c.status, c.want)
		}
	}
	if e.state() != before {
		t.Error("bad forms changed the organization's data")
	}
	// An archived document takes no step until it is restored.
	if res := e.form(aims.RoleAdmin, p+"/archive", url.Values{"version": {strconv.Itoa(d.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive = %d", res.StatusCode)
	}
	if res := e.form(aims.RoleAdmin, p+"/submit", url.Values{"version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("submit an archived document = %d, want 409", res.StatusCode)
	}
	csv := e.page(aims.RoleViewer, "/documents.csv?archived=1")
	if !strings.Contains(string(csv.Body), "Plan") || !strings.HasPrefix(string(csv.Body), "ref,title,kind") {
		t.Errorf("CSV export of archived documents: %q", csv.Body)
	}
}
