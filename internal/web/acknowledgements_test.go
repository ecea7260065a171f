package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// ackDocument is an approved document (version 1) to ask people to read.
func ackDocument(e *env) aims.Document {
	e.t.Helper()
	return e.newDocument("Acceptable use of AI tools", aims.KindOtherProcedure, aims.StateApproved)
}

// walkCampaign links every role's member to a person in the AIMS (where
// not linked yet) and launches a campaign asking everyone, so that every
// role can acknowledge for itself and the on-behalf example names a
// person asked.
func walkCampaign(e *env) int64 {
	e.t.Helper()
	ctx := context.Background()
	for _, r := range aims.Roles {
		_, _ = e.store.CreatePerson(ctx, e.principal(aims.RoleAdmin), aims.Staff{Name: "Walked " + string(r), UserID: e.users[r].ID})
	}
	people, err := e.store.StaffNames(ctx, e.org.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	ids := []int64{}
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	c, err := e.store.CreateCampaign(ctx, e.principal(aims.RoleAdmin), aims.Campaign{Title: "Walked campaign", DocumentID: ackDocument(e).ID,
		DocVersion: 1, DueDate: aims.DateOf(time.Now().UTC().AddDate(0, 0, 10)), StaffIDs: ids})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// foreignCampaign is a campaign of the other organization.
func foreignCampaign(e *env) string {
	e.t.Helper()
	ctx := context.Background()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email, Role: aims.RoleAdmin}
	author := e.newUser(e.other, "author-"+strconv.FormatInt(time.Now().UnixNano(), 36)+"@globex.test", aims.RoleContributor)
	ap := aims.Principal{OrgID: e.other.ID, UserID: author.ID, Email: author.Email, Role: aims.RoleContributor}
	d, err := e.store.CreateDocument(ctx, ap, aims.NewDocument{Document: aims.Document{Title: "Globex procedure", Kind: aims.KindOtherProcedure}, Content: "Text."})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.SubmitDocument(ctx, ap, d.ID, aims.DocumentStep{Version: 1}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.ApproveDocument(ctx, stray, d.ID, aims.DocumentStep{Version: 2}); err != nil {
		e.t.Fatal(err)
	}
	p, err := e.store.CreatePerson(ctx, stray, aims.Staff{Name: "Globex reader", UserID: e.stray.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.store.CreateCampaign(ctx, stray, aims.Campaign{Title: "Theirs", DocumentID: d.ID, DocVersion: 1,
		DueDate: aims.DateOf(time.Now().UTC().AddDate(0, 0, 10)), StaffIDs: []int64{p.ID}})
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

// campaignPages adds the campaign templates to templatePages.
func campaignPages(t *testing.T, e *env) map[string]string {
	t.Helper()
	id := strconv.FormatInt(walkCampaign(e), 10)
	return map[string]string{"acknowledgements": "/acknowledgements", "acknowledgement": "/acknowledgements/" + id,
		"acknowledgement_form": "/acknowledgements/new", "acknowledgements_mine": "/acknowledgements/mine"}
}

func TestAcknowledgementPages(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		doc := ackDocument(e)
		anna, err := e.store.CreatePerson(context.Background(), e.principal(aims.RoleAdmin), aims.Staff{Name: "Anna Schmidt", UserID: e.users[aims.RoleViewer].ID})
		if err != nil {
			t.Fatal(err)
		}
		ben, err := e.store.CreatePerson(context.Background(), e.principal(aims.RoleAdmin), aims.Staff{Name: "Ben Okafor", Unit: "Lending"})
		if err != nil {
			t.Fatal(err)
		}
		res := e.form(aims.RoleContributor, "/acknowledgements", url.Values{"title": {"Read the procedure"}, "document_id": {strconv.FormatInt(doc.ID, 10)},
			"due_date": {"2030-01-31"}, "staff_ids": {strconv.FormatInt(anna.ID, 10), strconv.FormatInt(ben.ID, 10)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("launch = %d %.500s", res.StatusCode, res.Body)
		}
		loc := res.Header.Get("Location")
		// The viewer, Anna, acknowledges from her list; Ben's is recorded by a manager.
		if page := e.page(aims.RoleViewer, "/acknowledgements/mine"); !strings.Contains(string(page.Body), "I have read version 1 of "+doc.Ref) {
			t.Errorf("my list has no button: %.800s", page.Body)
		}
		if res := e.form(aims.RoleViewer, loc+"/acknowledge", url.Values{"back": {"mine"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/acknowledgements/mine" {
			t.Errorf("acknowledge = %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res := e.form(aims.RoleContributor, loc+"/acknowledge", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("a member not asked acknowledges: %d, want 403", res.StatusCode)
		}
		if res := e.form(aims.RoleManager, loc+"/record", url.Values{"staff_id": {strconv.FormatInt(ben.ID, 10)}, "note": {"Signed the paper form"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("record on behalf = %d %.300s", res.StatusCode, res.Body)
		}
		page := string(e.page(aims.RoleAuditor, loc).Body)
		if !strings.Contains(page, "2 of 2 people acknowledged (100%)") || !strings.Contains(page, "Recorded by User manager@acme.test") {
			t.Errorf("campaign page: %s", page[strings.Index(page, "<main"):])
		}
		csv := string(e.page(aims.RoleAuditor, loc+"/people.csv").Body)
		if !strings.Contains(csv, "Ben Okafor,Lending,acknowledged") || !strings.Contains(csv, "recorded on behalf") {
			t.Errorf("csv: %s", csv)
		}
		if list := string(e.page(aims.RoleViewer, "/acknowledgements").Body); !strings.Contains(list, "2 of 2 (100%)") {
			t.Errorf("list has no progress")
		}

		// Bad input changes nothing.
		api := "/api/v1" + strings.Replace(loc, "/acknowledgements/", "/acknowledgements/", 1)
		draft := e.newDocument("Draft procedure", aims.KindOtherProcedure, aims.StateDraft)
		before := e.state()
		cases := []struct {
			name, method, path, body string
			status                   int
		}{
			{"malformed", "POST", "/api/v1/acknowledgements", `{"title":`, 400},
			{"not approved", "POST", "/api/v1/acknowledgements", `{"title": "t", "document_id": ` + strconv.FormatInt(draft.ID, 10) + `, "doc_version": 1, "due_date": "2030-01-01", "staff_ids": [` + strconv.FormatInt(ben.ID, 10) + `]}`, 422},
			{"no people", "POST", "/api/v1/acknowledgements", `{"title": "t", "document_id": ` + strconv.FormatInt(doc.ID, 10) + `, "doc_version": 1, "due_date": "2030-01-01"}`, 422},
			{"another organization's document", "POST", "/api/v1/acknowledgements", `{"title": "t", "document_id": 999999, "doc_version": 1, "due_date": "2030-01-01", "staff_ids": [` + strconv.FormatInt(ben.ID, 10) + `]}`, 422},
			{"bad date", "POST", "/api/v1/acknowledgements", `{"title": "t", "document_id": 1, "doc_version": 1, "due_date": "soon"}`, 400},
			{"stale", "PUT", api, `{"title": "t", "due_date": "2030-01-01", "status": "closed", "version": 7}`, 409},
			{"bad status", "PUT", api, `{"title": "t", "due_date": "2030-01-01", "status": "done", "version": 1}`, 422},
			{"on behalf without a note", "POST", api + "/record", `{"staff_id": ` + strconv.FormatInt(ben.ID, 10) + `}`, 422},
			{"on behalf of someone not asked", "POST", api + "/record", `{"staff_id": 999999, "note": "paper"}`, 422},
			{"acknowledge when not asked", "POST", api + "/acknowledge", ``, 403},
			{"unknown filter", "GET", "/api/v1/acknowledgements?status=pending", "", 422},
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
