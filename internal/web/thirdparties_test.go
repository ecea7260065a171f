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

func walkThirdParty(e *env) int64 {
	e.t.Helper()
	t, err := e.store.CreateThirdParty(context.Background(), e.principal(aims.RoleAdmin), aims.ThirdParty{Name: "Walked supplier", Kind: aims.ThirdPartySupplier})
	if err != nil {
		e.t.Fatal(err)
	}
	return t.ID
}

// thirdPartyPages seeds a third party with a matrix, an assessment and
// commitments, and returns a page for each of the register's templates.
func thirdPartyPages(t *testing.T, e *env, sys aims.AISystem) map[string]string {
	t.Helper()
	ctx := context.Background()
	tp, err := e.store.CreateThirdParty(ctx, e.principal(aims.RoleAdmin), aims.ThirdParty{
		Name: "Northwind Models — hosted large language model platform for regulated financial services", Kind: aims.ThirdPartySupplier,
		Provides: "Hosted model, https://northwind-models.example/enterprise/contracts/eu-data-boundary/financial-services-addendum", AISystemIDs: []int64{sys.ID},
		Commitments: []aims.CustomerCommitment{{Expectation: "Explain each score", Information: "Reason codes with every score"}},
		Responsibilities: []aims.Responsibility{{Activity: aims.ActivityMonitoring, Organization: aims.ShareResponsible, Supplier: aims.ShareShared,
			Note: "Weekly sample review of answers"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.AddThirdPartyAssessment(ctx, e.principal(aims.RoleAdmin), tp.ID, aims.NewAssessment{Version: 1, SupplierAssessment: aims.SupplierAssessment{
		AssessedOn: aims.DateOf(time.Now().UTC()), Method: aims.MethodCertificateReview, Certificate: "ISO/IEC 42001, no. 42-0815", CertificateExpires: aims.DateOf(time.Now().UTC().AddDate(2, 0, 0)),
		Result: aims.ResultAcceptableConditions, Conditions: "EU data boundary in the contract", Assessor: "Jonas Weber"}}); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(tp.ID, 10)
	return map[string]string{"third_parties": "/third-parties?kind=supplier", "third_party": "/third-parties/" + id,
		"third_party_form": "/third-parties/" + id + "/edit", "third_party_matrix": "/third-parties/" + id + "/responsibilities",
		"third_party_assessment": "/third-parties/" + id + "/assessments/new"}
}

// TestThirdPartyForms: record, edit, the matrix and an assessment through
// the forms; the record page, the AI system's panel, the list, the CSV and
// the history show them; stale forms answer 409 and keep the input.
func TestThirdPartyForms(t *testing.T) {
	e := sqliteEnv(t)
	sys := e.createSystem("Chat assistant")
	sysID := strconv.FormatInt(sys.ID, 10)
	party := e.createParty("LLM vendor")
	res := e.form(aims.RoleContributor, "/third-parties", url.Values{"name": {"Northwind Models"}, "kind": {"supplier"},
		"provides": {"Hosted large language model"}, "ai_system_ids": {sysID}, "party_id": {strconv.FormatInt(party.ID, 10)},
		"criticality": {"high"}, "status": {"active"}, "review_date": {"2027-06-30"}, "contract_ref": {"MSA-2025-114"},
		"commitment_expectation": {"", ""}, "commitment_information": {"", ""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/third-parties/"), 10, 64)
	tp, err := e.store.ThirdParty(context.Background(), e.org.ID, id)
	if err != nil || tp.Criticality != aims.CriticalityHigh || len(tp.AISystemIDs) != 1 || tp.PartyID != party.ID || len(tp.Commitments) != 0 {
		t.Fatalf("from the form = %+v, %v", tp, err)
	}
	edit := url.Values{"name": {"Northwind Models"}, "kind": {"customer"}, "criticality": {"high"}, "status": {"active"}, "ai_system_ids": {sysID},
		"commitment_expectation": {"Scores explained", ""}, "commitment_information": {"Reason codes", ""}, "version": {"1"}}
	if res := e.form(aims.RoleContributor, loc, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", res.StatusCode, res.Body)
	}
	edit.Set("notes", "Mine")
	if res := e.form(aims.RoleContributor, loc, edit); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Mine") ||
		!strings.Contains(string(res.Body), `name="version" value="2"`) {
		t.Errorf("stale edit = %d", res.StatusCode)
	}

	// The matrix, saved whole; from the same page again it is stale and the
	// second person's input is kept.
	if body := string(e.page(aims.RoleContributor, loc+"/responsibilities").Body); !strings.Contains(body, `name="org_human-oversight"`) ||
		!strings.Contains(body, `<th scope="row" id="act-deployment">Deployment</th>`) {
		t.Errorf("matrix form lacks its rows")
	}
	matrix := url.Values{"org_operation-monitoring": {"shared"}, "supplier_operation-monitoring": {"shared"}, "note_operation-monitoring": {"Vendor hosts"},
		"org_incident-reporting": {"responsible"}, "version": {"2"}}
	if res := e.form(aims.RoleContributor, loc+"/responsibilities", matrix); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("matrix = %d %s", res.StatusCode, res.Body)
	}
	matrix.Set("note_incident-reporting", "Second writer's note")
	res = e.form(aims.RoleContributor, loc+"/responsibilities", matrix)
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Second writer&#39;s note") || !strings.Contains(string(res.Body), `name="version" value="3"`) {
		t.Errorf("stale matrix = %d", res.StatusCode)
	}
	matrix.Set("org_documentation", "maybe")
	matrix.Set("version", "3")
	if res := e.form(aims.RoleContributor, loc+"/responsibilities", matrix); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("matrix with an unknown share = %d", res.StatusCode)
	}

	// An assessment with conditions needs them; then it is recorded.
	assess := url.Values{"assessed_on": {"2026-10-01"}, "method": {"audit"}, "result": {"acceptable-with-conditions"}, "assessor": {"Jonas Weber"},
		"next_due": {"2027-10-01"}, "findings": {"Logging gaps"}, "version": {"3"}}
	if res := e.form(aims.RoleContributor, loc+"/assessments", assess); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "Logging gaps") {
		t.Errorf("assessment without conditions = %d", res.StatusCode)
	}
	assess.Set("conditions", "Logs kept 6 months")
	if res := e.form(aims.RoleContributor, loc+"/assessments", assess); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assessment = %d %s", res.StatusCode, res.Body)
	}
	if res := e.form(aims.RoleContributor, loc+"/assessments", assess); res.StatusCode != http.StatusConflict {
		t.Errorf("stale assessment = %d", res.StatusCode)
	}

	page := string(e.page(aims.RoleViewer, loc).Body)
	for _, want := range []string{"Operation and monitoring", "Vendor hosts", "Acceptable with conditions", "Logs kept 6 months", "Scores explained",
		`href="/ai-systems/` + sysID + `"`, "responsibilities", "assessment"} {
		if !strings.Contains(page, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	if strings.Contains(page, `href="`+loc+`/responsibilities"`) {
		t.Errorf("a viewer is offered the matrix form")
	}
	if body := string(e.page(aims.RoleViewer, "/ai-systems/"+sysID).Body); !strings.Contains(body, `href="`+loc+`"`) {
		t.Errorf("the AI system page does not list its third party")
	}
	if list := string(e.page(aims.RoleViewer, "/third-parties?ai_system_id="+sysID+"&q=northwind&sort=next_assessment").Body); !strings.Contains(list, "Northwind Models") {
		t.Errorf("filtered list lacks the third party")
	}
	if csv := string(e.page(aims.RoleViewer, "/third-parties.csv?kind=customer").Body); !strings.Contains(csv, "acceptable-with-conditions") || !strings.Contains(csv, "AIS-1 Chat assistant") {
		t.Errorf("CSV: %q", csv)
	}
	var hist itemsOf[aims.AuditEvent]
	e.api(aims.RoleViewer, "GET", "/api/v1/third-parties/"+strconv.FormatInt(id, 10)+"/history", nil).json(t, &hist)
	if hist.Total != 4 {
		t.Errorf("history = %d events, want 4 (create, edit, matrix, assessment)", hist.Total)
	}
}

// TestThirdPartyAPIBadInput: refused requests answer a clear 4xx and change
// nothing, whoever's IDs they carry.
func TestThirdPartyAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
		foreignSys, _ := e.store.CreateAISystem(ctx, stray, aims.AISystem{Name: "Theirs", Purpose: "p"})
		foreignParty, _ := e.store.CreateParty(ctx, stray, aims.Party{Name: "Theirs"})
		foreignTP, _ := e.store.CreateThirdParty(ctx, stray, aims.ThirdParty{Name: "Theirs", Kind: aims.ThirdPartySupplier})
		tp := walkThirdParty(e)
		path := "/api/v1/third-parties/" + strconv.FormatInt(tp, 10)
		fpath := "/api/v1/third-parties/" + strconv.FormatInt(foreignTP.ID, 10)
		fs, fp := strconv.FormatInt(foreignSys.ID, 10), strconv.FormatInt(foreignParty.ID, 10)
		okAssessment := `"assessed_on": "2026-10-01", "method": "questionnaire", "result": "acceptable", "assessor": "J"`
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"without a name", "POST", "/api/v1/third-parties", `{"kind": "supplier"}`, 422, "name"},
			{"unknown kind", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "vendor"}`, 422, "kind"},
			{"unknown status", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "status": "paused"}`, 422, "status"},
			{"contract ends before it starts", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "contract_start": "2026-05-01", "contract_end": "2026-01-01"}`, 422, "contract_end"},
			{"a date that is not one", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "review_date": "soon"}`, 400, ""},
			{"another organization's AI system", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "ai_system_ids": [` + fs + `]}`, 422, "ai_system_ids"},
			{"another organization's party", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "party_id": ` + fp + `}`, 422, "party_id"},
			{"an unknown party", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "party_id": 999999}`, 422, "party_id"},
			{"an unknown activity at creation", "POST", "/api/v1/third-parties", `{"name": "n", "kind": "supplier", "responsibilities": [{"activity": "sales", "organization": "responsible"}]}`, 422, "responsibilities"},
			{"malformed", "POST", "/api/v1/third-parties", `{"name":`, 400, ""},
			{"stale", "PUT", path, `{"name": "n", "kind": "supplier", "version": 7}`, 409, ""},
			{"without a version", "PUT", path, `{"name": "n", "kind": "supplier"}`, 422, "version"},
			{"another organization's third party", "PUT", fpath, `{"name": "n", "kind": "supplier", "version": 1}`, 404, ""},
			{"reading another organization's", "GET", fpath, "", 404, ""},
			{"its history", "GET", fpath + "/history", "", 404, ""},
			{"archiving another organization's", "POST", fpath + "/archive", "", 404, ""},
			{"matrix of another organization's", "PUT", fpath + "/responsibilities", `{"version": 1, "responsibilities": []}`, 404, ""},
			{"matrix with an unknown activity", "PUT", path + "/responsibilities", `{"version": 1, "responsibilities": [{"activity": "sales", "organization": "responsible"}]}`, 422, "responsibilities"},
			{"matrix with an unknown share", "PUT", path + "/responsibilities", `{"version": 1, "responsibilities": [{"activity": "monitoring", "organization": "mostly"}]}`, 422, "responsibilities"},
			{"matrix with an activity twice", "PUT", path + "/responsibilities", `{"version": 1, "responsibilities": [{"activity": "monitoring", "organization": "responsible"}, {"activity": "monitoring", "supplier": "shared"}]}`, 422, "responsibilities"},
			{"stale matrix", "PUT", path + "/responsibilities", `{"version": 4, "responsibilities": [{"activity": "monitoring", "organization": "responsible"}]}`, 409, ""},
			{"matrix without a version", "PUT", path + "/responsibilities", `{"responsibilities": []}`, 422, "version"},
			{"matrix rows as text", "PUT", path + "/responsibilities", `{"version": 1, "responsibilities": "all"}`, 422, "responsibilities"},
			{"assessment of another organization's", "POST", fpath + "/assessments", `{"version": 1, ` + okAssessment + `}`, 404, ""},
			{"stale assessment", "POST", path + "/assessments", `{"version": 3, ` + okAssessment + `}`, 409, ""},
			{"assessment with an unknown result", "POST", path + "/assessments", `{"version": 1, "assessed_on": "2026-10-01", "method": "audit", "result": "fine", "assessor": "J"}`, 422, "result"},
			{"certificate review without a certificate", "POST", path + "/assessments", `{"version": 1, "assessed_on": "2026-10-01", "method": "certificate-review", "result": "acceptable", "assessor": "J"}`, 422, "certificate"},
			{"next assessment before this one", "POST", path + "/assessments", `{"version": 1, ` + okAssessment + `, "next_due": "2026-01-01"}`, 422, "next_due"},
			{"unknown filter", "GET", "/api/v1/third-parties?criticality=extreme", "", 422, "criticality"},
			{"non-numeric system filter", "GET", "/api/v1/third-parties?ai_system_id=x", "", 422, "ai_system_id"},
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
			"form with another organization's system": {"name": {"Kept name"}, "kind": {"supplier"}, "ai_system_ids": {fs}},
			"form with another organization's party":  {"name": {"Kept name"}, "kind": {"supplier"}, "party_id": {fp}},
			"form with a bad date":                    {"name": {"Kept name"}, "kind": {"supplier"}, "contract_end": {"next year"}},
		} {
			if res := e.form(aims.RoleAdmin, "/third-parties", f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "Kept name") {
				t.Errorf("%s = %d", name, res.StatusCode)
			}
		}
		tpPath := "/third-parties/" + strconv.FormatInt(tp, 10)
		for name, c := range map[string]struct {
			path   string
			values url.Values
			status int
		}{
			"edit without a version":       {tpPath, url.Values{"name": {"n"}, "kind": {"supplier"}}, 400},
			"matrix without a version":     {tpPath + "/responsibilities", url.Values{"org_monitoring": {"responsible"}}, 400},
			"assessment without a version": {tpPath + "/assessments", url.Values{"method": {"audit"}}, 400},
			"matrix of another org's":      {"/third-parties/" + strconv.FormatInt(foreignTP.ID, 10) + "/responsibilities", url.Values{"version": {"1"}}, 404},
			"commitment rows that do not pair": {tpPath, url.Values{"name": {"n"}, "kind": {"supplier"}, "version": {"1"},
				"commitment_expectation": {"a", "b"}, "commitment_information": {"a"}}, 400},
		} {
			if res := e.form(aims.RoleAdmin, c.path, c.values); res.StatusCode != c.status {
				t.Errorf("%s = %d, want %d", name, res.StatusCode, c.status)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}
