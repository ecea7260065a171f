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

// linkFixture is a third party, a data set and a risk of the test
// organization, and the same of another organization.
type linkFixture struct {
	sys, theirSys                     aims.AISystem
	tp, archivedTP, customer, theirTP aims.ThirdParty
	ds, theirDS                       aims.Dataset
	risk, archivedRisk, theirRisk     aims.Risk
}

func newLinkFixture(e *env) linkFixture {
	e.t.Helper()
	ctx, admin, them := context.Background(), e.principal(aims.RoleAdmin), e.stranger()
	var f linkFixture
	var err error
	must := func(err error) {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	f.sys = e.createSystem("CreditLens")
	f.theirSys, err = e.store.CreateAISystem(ctx, them, aims.AISystem{Name: "Their system", Purpose: "p"})
	must(err)
	f.tp, err = e.store.CreateThirdParty(ctx, admin, aims.ThirdParty{Name: "Northwind Cloud", Kind: aims.ThirdPartySupplier})
	must(err)
	f.archivedTP, err = e.store.CreateThirdParty(ctx, admin, aims.ThirdParty{Name: "Former vendor", Kind: aims.ThirdPartySupplier})
	must(err)
	f.archivedTP, err = e.store.SetThirdPartyArchived(ctx, admin, f.archivedTP.ID, f.archivedTP.Version, true)
	must(err)
	f.customer, err = e.store.CreateThirdParty(ctx, admin, aims.ThirdParty{Name: "Retail client", Kind: aims.ThirdPartyCustomer})
	must(err)
	f.theirTP, err = e.store.CreateThirdParty(ctx, them, aims.ThirdParty{Name: "Their vendor", Kind: aims.ThirdPartySupplier})
	must(err)
	f.ds, err = e.store.CreateDataset(ctx, admin, aims.Dataset{AISystemID: f.sys.ID, Name: "Loan book 2019-2025", Use: aims.DatasetTraining, Purpose: "Train"})
	must(err)
	f.theirDS, err = e.store.CreateDataset(ctx, them, aims.Dataset{AISystemID: f.theirSys.ID, Name: "Theirs", Use: aims.DatasetTraining, Purpose: "p"})
	must(err)
	f.risk, err = e.store.CreateRisk(ctx, admin, aims.Risk{Title: "Unfair refusals", Source: aims.SourceML, Likelihood: 3, Impact: 4})
	must(err)
	f.archivedRisk, err = e.store.CreateRisk(ctx, admin, aims.Risk{Title: "Retired risk", Source: aims.SourceML, Likelihood: 1, Impact: 1})
	must(err)
	f.archivedRisk, err = e.store.SetRiskArchived(ctx, admin, f.archivedRisk.ID, f.archivedRisk.Version, true)
	must(err)
	f.theirRisk, err = e.store.CreateRisk(ctx, them, aims.Risk{Title: "Their risk", Source: aims.SourceML, Likelihood: 1, Impact: 1})
	must(err)
	return f
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// TestRegisterLinkForms: a component names its supplier and data set from
// its form, an objective its risks; each side's page shows the other.
func TestRegisterLinkForms(t *testing.T) {
	e := sqliteEnv(t)
	f := newLinkFixture(e)
	sysPath := "/ai-systems/" + id(f.sys.ID)
	form := string(e.page(aims.RoleContributor, sysPath+"/components/new").Body)
	if !strings.Contains(form, `<option value="`+id(f.tp.ID)+`"`) || strings.Contains(form, `<option value="`+id(f.archivedTP.ID)+`"`) ||
		strings.Contains(form, `<option value="`+id(f.customer.ID)+`"`) || !strings.Contains(form, `<option value="`+id(f.ds.ID)+`"`) {
		t.Errorf("component form does not offer exactly the live suppliers and the data sets")
	}
	res := e.form(aims.RoleContributor, sysPath+"/components", url.Values{"kind": {"data"}, "name": {"Training data"},
		"third_party_id": {id(f.tp.ID)}, "dataset_id": {id(f.ds.ID)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	body := string(e.page(aims.RoleViewer, loc).Body)
	if !strings.Contains(body, `href="/third-parties/`+id(f.tp.ID)+`"`) || !strings.Contains(body, `href="/datasets/`+id(f.ds.ID)+`"`) {
		t.Errorf("component page does not link its third party and data set")
	}
	if body := string(e.page(aims.RoleViewer, "/third-parties/"+id(f.tp.ID)).Body); !strings.Contains(body, `href="`+loc+`"`) {
		t.Errorf("third party page does not list the component")
	}
	if body := string(e.page(aims.RoleViewer, "/datasets/"+id(f.ds.ID)).Body); !strings.Contains(body, `href="`+loc+`"`) ||
		!strings.Contains(body, `href="`+sysPath+`"`) {
		t.Errorf("data set page does not list the component and its system")
	}
	if csv := string(e.page(aims.RoleViewer, "/components.csv?third_party_id="+id(f.tp.ID)).Body); !strings.Contains(csv, "Northwind Cloud") {
		t.Errorf("components CSV lacks the third party: %q", csv)
	}

	// An objective names a risk; the risk's page lists the objective.
	ofBody := string(e.page(aims.RoleContributor, "/objectives/new").Body)
	if !strings.Contains(ofBody, `name="risk_ids" value="`+id(f.risk.ID)+`"`) || strings.Contains(ofBody, `value="`+id(f.archivedRisk.ID)+`"`) {
		t.Errorf("objective form does not offer exactly the live risks")
	}
	res = e.form(aims.RoleContributor, "/objectives", url.Values{"kind": {"aims"}, "title": {"Approval-rate gap under 2 points"},
		"measure": {"Quarterly fairness test"}, "direction": {"at-most"}, "target_value": {"2"}, "target_unit": {"percentage points"},
		"plan": {"Reweigh training data"}, "evaluation": {"Risk committee review"}, "target_date": {"2027-06-30"},
		"risk_ids": {id(f.risk.ID)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("objective create = %d %s", res.StatusCode, res.Body)
	}
	oloc := res.Header.Get("Location")
	if body := string(e.page(aims.RoleViewer, oloc).Body); !strings.Contains(body, `href="/risks/`+id(f.risk.ID)+`"`) || !strings.Contains(body, f.risk.Ref) {
		t.Errorf("objective page does not list its risk")
	}
	if body := string(e.page(aims.RoleViewer, "/risks/"+id(f.risk.ID)).Body); !strings.Contains(body, `href="`+oloc+`"`) {
		t.Errorf("risk page does not list the objective")
	}
	var o aims.Objective
	e.api(aims.RoleViewer, "GET", "/api/v1"+oloc, nil).json(t, &o)
	if len(o.RiskIDs) != 1 || o.RiskIDs[0] != f.risk.ID || len(o.Risks) != 1 || o.Risks[0].Ref != f.risk.Ref {
		t.Errorf("objective API = risk_ids %v risks %v", o.RiskIDs, o.Risks)
	}
	if body := string(e.page(aims.RoleViewer, oloc).Body); !strings.Contains(body, "History") || !strings.Contains(body, "Unfair refusals") {
		t.Errorf("objective history lacks the risk")
	}

	// A risk archived after the objective named it stays on offer, checked.
	cur, _ := e.store.Risk(context.Background(), e.org.ID, f.risk.ID)
	if _, err := e.store.SetRiskArchived(context.Background(), e.principal(aims.RoleAdmin), cur.ID, cur.Version, true); err != nil {
		t.Fatal(err)
	}
	if body := string(e.page(aims.RoleContributor, oloc+"/edit").Body); !strings.Contains(body, `value="`+id(f.risk.ID)+`" checked`) ||
		!strings.Contains(body, "Unfair refusals (archived)") {
		t.Errorf("objective form drops the archived risk it names")
	}
}

// TestRegisterLinksBadInput: another organization's, archived or unfit
// links are a clear 4xx and change nothing.
func TestRegisterLinksBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		f := newLinkFixture(e)
		c := walkComponent(e)
		o, err := e.store.CreateObjective(context.Background(), e.principal(aims.RoleAdmin), aims.Objective{Kind: aims.ObjectiveAIMS,
			Title: "Gap", Measure: "m", Direction: aims.AtMost, TargetValue: 2, TargetUnit: "pp", Plan: "p", Evaluation: "e",
			TargetDate: aims.DateOf(e.clock.now().AddDate(0, 6, 0)), RiskIDs: []int64{f.risk.ID}})
		if err != nil {
			t.Fatal(err)
		}
		sysPath := "/api/v1/ai-systems/" + id(f.sys.ID) + "/components"
		cPath := "/api/v1/components/" + id(c.ID)
		oPath := "/api/v1/objectives/" + id(o.ID)
		obj := func(extra string) string {
			return `{"kind": "aims", "title": "t", "measure": "m", "direction": "at-most", "target_value": 1, "target_unit": "u", "plan": "p",
				"evaluation": "e", "target_date": "2027-01-01"` + extra + `}`
		}
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"another organization's third party", "POST", sysPath, `{"kind": "model", "name": "n", "third_party_id": ` + id(f.theirTP.ID) + `}`, 422, "third_party_id"},
			{"an archived third party", "POST", sysPath, `{"kind": "model", "name": "n", "third_party_id": ` + id(f.archivedTP.ID) + `}`, 422, "third_party_id"},
			{"a customer as supplier", "POST", sysPath, `{"kind": "model", "name": "n", "third_party_id": ` + id(f.customer.ID) + `}`, 422, "third_party_id"},
			{"another organization's data set", "POST", sysPath, `{"kind": "data", "name": "n", "dataset_id": ` + id(f.theirDS.ID) + `}`, 422, "dataset_id"},
			{"a data set on a model", "POST", sysPath, `{"kind": "model", "name": "n", "dataset_id": ` + id(f.ds.ID) + `}`, 422, "dataset_id"},
			{"edit to another organization's third party", "PUT", cPath, `{"kind": "model", "name": "n", "version": 1, "third_party_id": ` + id(f.theirTP.ID) + `}`, 422, "third_party_id"},
			{"non-numeric third party", "PUT", cPath, `{"kind": "model", "name": "n", "version": 1, "third_party_id": "x"}`, 422, "third_party_id"},
			{"non-numeric third party filter", "GET", "/api/v1/components?third_party_id=x", "", 422, "third_party_id"},
			{"objective with another organization's risk", "POST", "/api/v1/objectives", obj(`, "risk_ids": [` + id(f.theirRisk.ID) + `]`), 422, "risk_ids"},
			{"objective with an archived risk", "POST", "/api/v1/objectives", obj(`, "risk_ids": [` + id(f.archivedRisk.ID) + `]`), 422, "risk_ids"},
			{"objective naming a risk twice", "PUT", oPath, obj(`, "version": 1, "risk_ids": [` + id(f.risk.ID) + `, ` + id(f.risk.ID) + `]`), 422, "risk_ids"},
			{"objective edit to another organization's risk", "PUT", oPath, obj(`, "version": 1, "risk_ids": [` + id(f.theirRisk.ID) + `]`), 422, "risk_ids"},
			{"malformed risk list", "PUT", oPath, obj(`, "version": 1, "risk_ids": "x"`), 422, "risk_ids"},
		}
		before := e.state()
		for _, tc := range cases {
			ctype := ""
			if tc.body != "" {
				ctype = "application/json"
			}
			res := e.do(tc.method, tc.path, "token:"+e.users[aims.RoleAdmin].Token, ctype, strings.NewReader(tc.body))
			if res.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d; body %.300s", tc.name, res.StatusCode, tc.status, res.Body)
				continue
			}
			if p := res.problem(t); tc.field != "" && p.Errors[tc.field] == "" {
				t.Errorf("%s: errors %v do not name %q", tc.name, p.Errors, tc.field)
			}
		}
		// The forms: a foreign or malformed link is a 422 that keeps the input.
		uiSys := "/ai-systems/" + id(f.sys.ID) + "/components"
		if res := e.form(aims.RoleAdmin, uiSys, url.Values{"kind": {"model"}, "name": {"Kept name"}, "third_party_id": {id(f.theirTP.ID)}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), "Kept name") {
			t.Errorf("component form with another organization's third party = %d", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, uiSys, url.Values{"kind": {"model"}, "name": {"n"}, "dataset_id": {"x"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("component form with a malformed data set = %d", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, "/objectives/"+id(o.ID), url.Values{"kind": {"aims"}, "title": {"Kept title"}, "measure": {"m"},
			"direction": {"at-most"}, "target_value": {"2"}, "target_unit": {"pp"}, "plan": {"p"}, "evaluation": {"e"}, "target_date": {"2027-01-01"},
			"version": {"1"}, "risk_ids": {id(f.theirRisk.ID)}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "Kept title") {
			t.Errorf("objective form with another organization's risk = %d", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}
