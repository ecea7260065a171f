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

// renderedScope writes a full scope statement for the page render: a
// linked scope document, an excluded AI system and one without a reason,
// units and sites in and out, and links to the context.
func renderedScope(e *env, party aims.Party, obl aims.Obligation, issueID string) string {
	e.t.Helper()
	ctx := context.Background()
	doc := e.newDocument("Scope of the AI management system", aims.KindScope, aims.StateDraft)
	out := e.createSystem("Rendered <out of scope> system")
	unreasoned := e.createSystem("Rendered system without a reason")
	for _, a := range []aims.AISystem{out, unreasoned} {
		a.InScope = false
		if _, err := e.store.UpdateAISystem(ctx, e.principal(aims.RoleAdmin), a); err != nil {
			e.t.Fatal(err)
		}
	}
	issue, _ := strconv.ParseInt(issueID, 10, 64)
	if _, err := e.store.UpdateScopeStatement(ctx, e.principal(aims.RoleAdmin), aims.ScopeStatement{
		Boundaries: "Consumer lending <in Germany>.", DocumentID: doc.ID,
		Exclusions: []aims.ScopeExclusion{{AISystemID: out.ID, Reason: "Research only."}},
		Units: []aims.ScopeUnit{{Name: "Lending", InScope: true, Interfaces: "Marketing gets scores."},
			{Name: "Marketing", Reason: "Outside the 2026 scope."}},
		Sites:  []aims.ScopeSite{{Name: "Frankfurt", InScope: true}, {Name: "Lisbon", Reason: "Nearshore."}},
		Issues: []aims.Link{{ID: issue}}, Obligations: []aims.Link{{ID: obl.ID}}, Parties: []aims.Link{{ID: party.ID}},
	}); err != nil {
		e.t.Fatal(err)
	}
	return "/scope"
}

// TestScopePage: the page shows the statement as an auditor reads it and
// flags an out-of-scope system without a reason; the form saves, refuses
// a unit left out without a reason keeping the input, and refuses a stale
// version keeping the input.
func TestScopePage(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	party, obl := e.createParty("Customers"), e.createObligation("Consumer credit directive")
	path := renderedScope(e, party, obl, renderedIssue(e, e.createSystem("Scored system")))
	res := e.page(aims.RoleViewer, path)
	body := string(res.Body)
	for _, want := range []string{"Consumer lending &lt;in Germany&gt;.", "Research only.", "No reason recorded", "out of scope without a recorded reason",
		"Marketing gets scores.", "Outside the 2026 scope.", "Lisbon", "Customers", "Consumer credit directive", "Rendered issue",
		"Scope of the AI management system", "no approved version yet"} {
		if !strings.Contains(body, want) {
			t.Errorf("scope page lacks %q", want)
		}
	}
	if strings.Contains(body, "Edit the scope statement") {
		t.Errorf("a viewer is offered the edit form")
	}
	st, _ := e.store.ScopeStatement(ctx, e.org.ID)
	form := url.Values{"version": {strconv.Itoa(st.Version)}, "boundaries": {"Kept boundaries"},
		"unit_name": {"Marketing", ""}, "unit_in_scope": {"no", "yes"}, "unit_reason": {"", ""}, "unit_interfaces": {"", ""},
		"site_name": {"Vienna"}, "site_in_scope": {"yes"}, "site_reason": {""}}
	before := e.state()
	if res := e.form(aims.RoleContributor, "/scope", form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(res.Body), "Kept boundaries") || !strings.Contains(string(res.Body), "needs a reason") {
		t.Errorf("unit left out without a reason = %d", res.StatusCode)
	}
	form["unit_reason"] = []string{"Outside the 2026 scope.", ""}
	form["version"] = []string{strconv.Itoa(st.Version + 5)}
	if res := e.form(aims.RoleContributor, "/scope", form); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Kept boundaries") {
		t.Errorf("stale scope form = %d", res.StatusCode)
	}
	if e.state() != before {
		t.Fatalf("refused scope forms changed the organization's data")
	}
	form["version"] = []string{strconv.Itoa(st.Version)}
	if res := e.form(aims.RoleContributor, "/scope", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("scope form = %d %.300s", res.StatusCode, res.Body)
	}
	st, _ = e.store.ScopeStatement(ctx, e.org.ID)
	if st.Boundaries != "Kept boundaries" || len(st.Units) != 1 || len(st.Sites) != 1 || st.DocumentID != 0 || len(st.Exclusions) != 0 {
		t.Errorf("saved scope = %+v", st)
	}
}

// TestScopeAPIBadInput: refusals are clear 4xx answers that change nothing.
func TestScopeAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		stray := e.stranger()
		foreignSys, _ := e.store.CreateAISystem(ctx, stray, aims.AISystem{Name: "Theirs", Purpose: "p"})
		foreignParty, _ := e.store.CreateParty(ctx, stray, aims.Party{Name: "Theirs"})
		foreignIss := foreignIssue(e)
		out := e.createSystem("Ours, out of scope")
		policy := e.newDocument("AI policy", aims.KindAIPolicy, aims.StateDraft)
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		cases := []struct {
			name, method, body string
			status             int
			field              string
		}{
			{"malformed", "PUT", `{"boundaries":`, 400, ""},
			{"exclusion without a reason", "PUT", `{"exclusions": [{"ai_system_id": ` + id(out.ID) + `}]}`, 422, "exclusions"},
			{"unit left out without a reason", "PUT", `{"units": [{"name": "Marketing", "in_scope": false}]}`, 422, "units"},
			{"site left out without a reason", "PUT", `{"sites": [{"name": "Lisbon", "in_scope": false, "reason": " "}]}`, 422, "sites"},
			{"unit without a name", "PUT", `{"units": [{"name": "", "in_scope": true}]}`, 422, "units"},
			{"site twice", "PUT", `{"sites": [{"name": "Lisbon", "in_scope": true}, {"name": "lisbon", "in_scope": true}]}`, 422, "sites"},
			{"another organization's AI system", "PUT", `{"exclusions": [{"ai_system_id": ` + id(foreignSys.ID) + `, "reason": "r"}]}`, 422, "exclusions"},
			{"another organization's document", "PUT", `{"document_id": ` + foreignDocument(e) + `}`, 422, "document_id"},
			{"a document of another kind", "PUT", `{"document_id": ` + id(policy.ID) + `}`, 422, "document_id"},
			{"another organization's issue", "PUT", `{"issues": [{"id": ` + id(foreignIss.ID) + `}]}`, 422, "issues"},
			{"another organization's party", "PUT", `{"parties": [{"id": ` + id(foreignParty.ID) + `}]}`, 422, "parties"},
			{"an unknown obligation", "PUT", `{"obligations": [{"id": 999999}]}`, 422, "obligations"},
			{"links as text", "PUT", `{"issues": "1"}`, 422, "issues"},
			{"stale", "PUT", `{"boundaries": "b", "version": 4}`, 409, ""},
		}
		before := e.state()
		for _, c := range cases {
			res := e.do(c.method, "/api/v1/scope", "token:"+e.users[aims.RoleAdmin].Token, "application/json", strings.NewReader(c.body))
			if res.StatusCode != c.status {
				t.Errorf("%s: status %d, want %d; body %.300s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			if p := res.problem(t); c.field != "" && p.Errors[c.field] == "" {
				t.Errorf("%s: errors %v do not name %q", c.name, p.Errors, c.field)
			}
		}
		if res := e.form(aims.RoleAdmin, "/scope", url.Values{"boundaries": {"b"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("scope form without a version = %d, want 400", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, "/scope", url.Values{"version": {"0"}, "unit_name": {"a", "b"}, "unit_in_scope": {"yes"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("scope form with incomplete rows = %d, want 400", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
		// And a good one saves, reads back, and has a history.
		res := e.api(aims.RoleContributor, "PUT", "/api/v1/scope", aims.ScopeStatement{Boundaries: "Consumer lending.",
			Exclusions: []aims.ScopeExclusion{{AISystemID: out.ID, Reason: "Retired."}}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("PUT scope = %d %s", res.StatusCode, res.Body)
		}
		var got aims.ScopeStatement
		e.api(aims.RoleViewer, "GET", "/api/v1/scope", nil).json(t, &got)
		if got.Version != 1 || len(got.Exclusions) != 1 || got.Exclusions[0].Ref != out.Ref {
			t.Errorf("GET scope = %+v", got)
		}
		var h itemsOf[aims.AuditEvent]
		e.api(aims.RoleViewer, "GET", "/api/v1/scope/history", nil).json(t, &h)
		if h.Total != 1 {
			t.Errorf("scope history has %d events, want 1", h.Total)
		}
	})
}
