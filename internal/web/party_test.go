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

// TestPartyAndObligationForms: create, edit, conflict, the pages that link
// the two registers both ways, and the CSV exports.
func TestPartyAndObligationForms(t *testing.T) {
	e := sqliteEnv(t)
	sys := e.createSystem("CreditLens")
	sysID := strconv.FormatInt(sys.ID, 10)
	res := e.form(aims.RoleContributor, "/interested-parties", url.Values{"name": {"Works council"}, "type": {"employee"}, "internal": {"on"},
		"needs": {"Co-determination on AI at work"}, "addressed": {"partly"}, "owner_id": {strconv.FormatInt(e.users[aims.RoleManager].ID, 10)}, "review_date": {"2027-03-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create party = %d %s", res.StatusCode, res.Body)
	}
	partyLoc := res.Header.Get("Location")
	partyID := strings.TrimPrefix(partyLoc, "/interested-parties/")
	pid, _ := strconv.ParseInt(partyID, 10, 64)
	p, err := e.store.Party(context.Background(), e.org.ID, pid)
	if err != nil || !p.Internal || p.Type != aims.PartyEmployee || p.Addressed != aims.AddressedPartly || p.ReviewDate.String() != "2027-03-01" {
		t.Fatalf("party from form = %+v, %v", p, err)
	}
	res = e.form(aims.RoleContributor, "/obligations", url.Values{"title": {"Works council agreement on AI"}, "kind": {"contractual"},
		"source": {"Works agreement 2025"}, "ai_system_ids": {sysID}, "party_ids": {partyID}, "status": {"met"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create obligation = %d %s", res.StatusCode, res.Body)
	}
	oblLoc := res.Header.Get("Location")
	// Each record's page links to the other.
	if body := string(e.page(aims.RoleViewer, partyLoc).Body); !strings.Contains(body, `href="`+oblLoc+`"`) {
		t.Errorf("party page does not list the obligation that concerns it")
	}
	if body := string(e.page(aims.RoleViewer, oblLoc).Body); !strings.Contains(body, `href="`+partyLoc+`"`) || !strings.Contains(body, `href="/ai-systems/`+sysID+`"`) {
		t.Errorf("obligation page does not link its party and system")
	}
	// An edit unlinks the system; a second edit from the same page loses.
	edit := url.Values{"title": {"Works council agreement on AI"}, "kind": {"contractual"}, "party_ids": {partyID}, "status": {"partly-met"}, "version": {"1"}}
	if res := e.form(aims.RoleContributor, oblLoc, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", res.StatusCode, res.Body)
	}
	edit.Set("how_met", "Mine")
	if res := e.form(aims.RoleContributor, oblLoc, edit); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Someone else saved") {
		t.Errorf("stale edit = %d", res.StatusCode)
	}
	if body := string(e.page(aims.RoleViewer, oblLoc).Body); !strings.Contains(body, "AIS-1 CreditLens") || !strings.Contains(body, "Partly met") {
		t.Errorf("history or status missing from the obligation page")
	}
	partyEdit := url.Values{"name": {"Works council"}, "type": {"employee"}, "addressed": {"addressed"}, "version": {"1"}}
	if res := e.form(aims.RoleContributor, partyLoc, partyEdit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("party edit = %d %s", res.StatusCode, res.Body)
	}
	partyEdit.Set("how_addressed", "Mine")
	if res := e.form(aims.RoleContributor, partyLoc, partyEdit); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Someone else saved") ||
		!strings.Contains(string(res.Body), `name="version" value="2"`) {
		t.Errorf("stale party edit = %d", res.StatusCode)
	}
	csv := string(e.page(aims.RoleViewer, "/obligations.csv?status=partly-met").Body)
	if !strings.Contains(csv, "Works council agreement on AI") || !strings.Contains(csv, "IP-1 Works council") {
		t.Errorf("obligations CSV: %q", csv)
	}
	if csv := string(e.page(aims.RoleViewer, "/interested-parties.csv?type=employee").Body); strings.Count(csv, "\n") != 2 {
		t.Errorf("parties CSV: %q", csv)
	}
	if list := string(e.page(aims.RoleViewer, "/interested-parties?addressed=addressed&sort=name&desc=1").Body); !strings.Contains(list, "Works council") {
		t.Errorf("filtered party list lacks the party")
	}
}

// TestProposeObligations: the EU AI Act proposal through the form and the
// API creates each set once; an unclassified system yields nothing.
func TestProposeObligations(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		path := "/ai-systems/" + strconv.FormatInt(sys.ID, 10)
		var out proposed
		e.api(aims.RoleContributor, "POST", "/api/v1"+path+"/propose-obligations", nil).json(t, &out)
		if out.Classified || out.Total != 0 {
			t.Errorf("unclassified system proposed %+v", out)
		}
		e.form(aims.RoleAdmin, path+"/classify", url.Values{"annex_iii": {"annex3.5.b"}, "art50": {"art50.1"}, "reasoning": {"Scores applicants."}, "version": {"1"}})
		res := e.form(aims.RoleContributor, path+"/propose-obligations", url.Values{})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/obligations?ai_system_id=") {
			t.Fatalf("propose form = %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		var page aims.Page[aims.Obligation]
		e.api(aims.RoleViewer, "GET", "/api/v1/obligations?ai_system_id="+strconv.FormatInt(sys.ID, 10), nil).json(t, &page)
		if page.Total != 2 {
			t.Fatalf("after proposing: %d obligations, want 2 (high-risk and transparency)", page.Total)
		}
		for _, o := range page.Items {
			if o.Kind != aims.KindRegulatory || o.Status != aims.ComplianceNotAssessed || o.EUAIActSet == "" || len(o.AISystemIDs) != 1 {
				t.Errorf("proposed %+v", o)
			}
		}
		before := e.state()
		e.api(aims.RoleContributor, "POST", "/api/v1"+path+"/propose-obligations", nil).json(t, &out)
		if !out.Classified || out.Total != 0 {
			t.Errorf("second proposal = %+v, want nothing new", out)
		}
		if after := e.state(); after != before {
			t.Errorf("a second proposal changed the organization's data")
		}
	})
}

// TestContextAPIBadInput: refused requests to the two registers answer a
// clear 4xx and change nothing, whoever's IDs they carry.
func TestContextAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
		foreignSys, _ := e.store.CreateAISystem(ctx, stray, aims.AISystem{Name: "Theirs", Purpose: "p"})
		foreignParty, _ := e.store.CreateParty(ctx, stray, aims.Party{Name: "Theirs"})
		party := e.createParty("Regulator")
		obl := e.createObligation("GDPR Art. 22")
		pPath := "/api/v1/interested-parties/" + strconv.FormatInt(party.ID, 10)
		oPath := "/api/v1/obligations/" + strconv.FormatInt(obl.ID, 10)
		fs, fp := strconv.FormatInt(foreignSys.ID, 10), strconv.FormatInt(foreignParty.ID, 10)
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"party without a name", "POST", "/api/v1/interested-parties", `{"type": "customer"}`, 422, "name"},
			{"unknown party type", "POST", "/api/v1/interested-parties", `{"name": "n", "type": "alien"}`, 422, "type"},
			{"unknown addressed", "POST", "/api/v1/interested-parties", `{"name": "n", "addressed": "maybe"}`, 422, "addressed"},
			{"party internal as text", "POST", "/api/v1/interested-parties", `{"name": "n", "internal": "yes"}`, 422, "internal"},
			{"party owner from another organization", "POST", "/api/v1/interested-parties", `{"name": "n", "owner_id": ` + strconv.FormatInt(e.stray.ID, 10) + `}`, 422, "owner_id"},
			{"malformed party", "POST", "/api/v1/interested-parties", `{"name":`, 400, ""},
			{"stale party", "PUT", pPath, `{"name": "n", "version": 5}`, 409, ""},
			{"party without a version", "PUT", pPath, `{"name": "n"}`, 422, "version"},
			{"another organization's party", "PUT", "/api/v1/interested-parties/" + fp, `{"name": "n", "version": 1}`, 404, ""},
			{"unknown party filter", "GET", "/api/v1/interested-parties?type=alien", "", 422, "type"},
			{"obligation without a kind", "POST", "/api/v1/obligations", `{"title": "t"}`, 422, "kind"},
			{"unknown status", "POST", "/api/v1/obligations", `{"title": "t", "kind": "legal", "status": "done"}`, 422, "status"},
			{"links as text", "POST", "/api/v1/obligations", `{"title": "t", "kind": "legal", "ai_system_ids": "1"}`, 422, "ai_system_ids"},
			{"another organization's AI system", "POST", "/api/v1/obligations", `{"title": "t", "kind": "legal", "ai_system_ids": [` + fs + `]}`, 422, "ai_system_ids"},
			{"another organization's party", "POST", "/api/v1/obligations", `{"title": "t", "kind": "legal", "party_ids": [` + fp + `]}`, 422, "party_ids"},
			{"an unknown AI system", "PUT", oPath, `{"title": "t", "kind": "legal", "version": 1, "ai_system_ids": [999999]}`, 422, "ai_system_ids"},
			{"relinking to another organization's party", "PUT", oPath, `{"title": "t", "kind": "legal", "version": 1, "party_ids": [` + fp + `]}`, 422, "party_ids"},
			{"stale obligation", "PUT", oPath, `{"title": "t", "kind": "legal", "version": 3}`, 409, ""},
			{"obligation ID that disagrees", "PUT", oPath, `{"id": 99, "title": "t", "kind": "legal", "version": 1}`, 422, "id"},
			{"proposal for another organization's system", "POST", "/api/v1/ai-systems/" + fs + "/propose-obligations", "", 404, ""},
			{"unknown obligation filter", "GET", "/api/v1/obligations?kind=moral", "", 422, "kind"},
			{"non-numeric system filter", "GET", "/api/v1/obligations?ai_system_id=x", "", 422, "ai_system_id"},
		}
		before := e.state()
		for _, c := range cases {
			ctype := ""
			if c.body != "" {
				ctype = "application/json"
			}
			res := e.do(c.method, c.path, "token:"+e.users[aims.RoleAdmin].Token, ctype, strings.NewReader(c.body))
			if res.StatusCode != c.status {
				t.Errorf("%s: status %d, want %d; body %.300s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			if p := res.problem(t); c.field != "" && p.Errors[c.field] == "" {
				t.Errorf("%s: errors %v do not name %q", c.name, p.Errors, c.field)
			}
		}
		// The forms refuse the same, with the input kept.
		for name, f := range map[string]url.Values{
			"form with another organization's system": {"title": {"Kept title"}, "kind": {"legal"}, "ai_system_ids": {fs}},
			"form with another organization's party":  {"title": {"Kept title"}, "kind": {"legal"}, "party_ids": {fp}},
			"form with a link that is not an ID":      {"title": {"Kept title"}, "kind": {"legal"}, "party_ids": {"x"}},
		} {
			if res := e.form(aims.RoleAdmin, "/obligations", f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "Kept title") {
				t.Errorf("%s = %d", name, res.StatusCode)
			}
		}
		if res := e.form(aims.RoleAdmin, "/interested-parties/"+strconv.FormatInt(party.ID, 10), url.Values{"name": {"n"}, "type": {"customer"}, "addressed": {"partly"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("party form without a version = %d, want 400", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, "/interested-parties/"+strconv.FormatInt(party.ID, 10), url.Values{"name": {"n"}, "type": {"customer"}, "addressed": {"partly"}, "review_date": {"soon"}, "version": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("party form with a bad date = %d, want 422", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}

// TestNewObligationStartsLinked: the link from a party's page opens the
// form with the party ticked.
func TestNewObligationStartsLinked(t *testing.T) {
	e := sqliteEnv(t)
	party := e.createParty("Works council")
	id := strconv.FormatInt(party.ID, 10)
	if body := string(e.page(aims.RoleContributor, "/interested-parties/"+id).Body); !strings.Contains(body, `href="/obligations/new?party_id=`+id+`"`) {
		t.Fatalf("party page has no link to record an obligation")
	}
	body := string(e.page(aims.RoleContributor, "/obligations/new?party_id="+id).Body)
	if !strings.Contains(body, `id="party-`+id+`" name="party_ids" value="`+id+`" checked`) {
		t.Errorf("the new obligation's form does not tick the party")
	}
}
