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

func walkComponent(e *env) aims.Component {
	e.t.Helper()
	sys := e.createSystem("Walked component system")
	c, err := e.store.CreateComponent(context.Background(), e.principal(aims.RoleAdmin),
		aims.Component{AISystemID: sys.ID, Kind: aims.ComponentModel, Name: "Walked model", Release: "1.0"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func foreignComponent(e *env) aims.Component {
	e.t.Helper()
	sys, err := e.store.CreateAISystem(context.Background(), e.stranger(), aims.AISystem{Name: "Their system", Purpose: "p"})
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.store.CreateComponent(context.Background(), e.stranger(), aims.Component{AISystemID: sys.ID, Kind: aims.ComponentData, Name: "Their data"})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// componentPages are the pages of this slice that TestPagesRender and the
// narrow-screen test visit.
func componentPages(e *env, sys aims.AISystem) map[string]string {
	c := walkComponent(e)
	id, sid := strconv.FormatInt(c.ID, 10), strconv.FormatInt(sys.ID, 10)
	return map[string]string{"components": "/components?kind=model", "component": "/components/" + id,
		"component_form": "/components/" + id + "/edit", "ai_system_people": "/ai-systems/" + sid + "/people"}
}

// TestComponentForms: add a component from its system's page, edit it,
// lose a stale edit, see it on the system page, in the list, the CSV and
// the history; record the people the system needs and see the gaps.
func TestComponentForms(t *testing.T) {
	e := sqliteEnv(t)
	sys := e.createSystem("CreditLens")
	sysPath := "/ai-systems/" + strconv.FormatInt(sys.ID, 10)
	if body := string(e.page(aims.RoleContributor, sysPath).Body); !strings.Contains(body, `href="`+sysPath+`/components/new"`) {
		t.Fatalf("system page has no link to add a component")
	}
	if body := string(e.page(aims.RoleContributor, sysPath+"/components/new").Body); !strings.Contains(body, `action="`+sysPath+`/components"`) {
		t.Fatalf("new component form posts elsewhere")
	}
	res := e.form(aims.RoleContributor, sysPath+"/components", url.Values{"kind": {"model"}, "name": {"Gradient-boosted credit model"},
		"release": {"3.2"}, "supplier": {"In-house"}, "owner_id": {strconv.FormatInt(e.users[aims.RoleManager].ID, 10)}, "in_use_since": {"2026-01-05"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	cid, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/components/"), 10, 64)
	c, err := e.store.Component(context.Background(), e.org.ID, cid)
	if err != nil || c.AISystemID != sys.ID || c.Release != "3.2" || c.InUseSince.String() != "2026-01-05" {
		t.Fatalf("component from form = %+v, %v", c, err)
	}
	edit := url.Values{"ai_system_id": {strconv.FormatInt(sys.ID, 10)}, "kind": {"model"}, "name": {"Gradient-boosted credit model"}, "release": {"3.3"}, "version": {"1"}}
	if res := e.form(aims.RoleContributor, loc, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d %s", res.StatusCode, res.Body)
	}
	edit.Set("release", "4.0")
	if res := e.form(aims.RoleContributor, loc, edit); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), `name="version" value="2"`) ||
		!strings.Contains(string(res.Body), "4.0") {
		t.Errorf("stale edit = %d", res.StatusCode)
	}
	if body := string(e.page(aims.RoleViewer, loc).Body); !strings.Contains(body, "3.3") || !strings.Contains(body, "History") || !strings.Contains(body, "3.2") {
		t.Errorf("component page lacks its version or history")
	}
	if body := string(e.page(aims.RoleViewer, sysPath).Body); !strings.Contains(body, `href="`+loc+`"`) {
		t.Errorf("system page does not list its component")
	}
	if body := string(e.page(aims.RoleViewer, "/components?ai_system_id="+strconv.FormatInt(sys.ID, 10)+"&sort=kind&desc=1").Body); !strings.Contains(body, "CMP-1") {
		t.Errorf("filtered list lacks the component")
	}
	if csv := string(e.page(aims.RoleViewer, "/components.csv?kind=model").Body); !strings.Contains(csv, "AIS-1 CreditLens") || strings.Count(csv, "\n") != 2 {
		t.Errorf("components CSV: %q", csv)
	}

	// The people the system needs, and the gap nobody fills.
	ctx := context.Background()
	person, _ := e.store.CreatePerson(ctx, e.principal(aims.RoleAdmin), aims.Staff{Name: "Priya Nair"})
	comp, _ := e.store.CreateCompetence(ctx, e.principal(aims.RoleAdmin), aims.Competence{Name: "Model validation", Kind: aims.CompetenceSkill})
	sys, _ = e.store.AISystem(ctx, e.org.ID, sys.ID)
	people := url.Values{"role_0": {"Model validator"}, "competence_0": {strconv.FormatInt(comp.ID, 10)}, "staff_0": {strconv.FormatInt(person.ID, 10)},
		"role_1": {""}, "competence_1": {""}, "staff_1": {""}, "version": {strconv.Itoa(sys.Version)}}
	if res := e.form(aims.RoleContributor, sysPath+"/people", people); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save people = %d %s", res.StatusCode, res.Body)
	}
	if res := e.form(aims.RoleContributor, sysPath+"/people", people); res.StatusCode != http.StatusConflict {
		t.Errorf("stale people form = %d", res.StatusCode)
	}
	body := string(e.page(aims.RoleViewer, sysPath).Body)
	if !strings.Contains(body, "Model validator: needs Model validation; played by Priya Nair") ||
		!strings.Contains(body, "Gap: Nobody holds Model validation (needed for Model validator)") {
		t.Errorf("system page lacks the people or their gap")
	}
	var hr aims.SystemPeople
	e.api(aims.RoleViewer, "GET", "/api/v1"+sysPath+"/human-resources", nil).json(t, &hr)
	if len(hr.Needs) != 1 || hr.Needs[0].StaffName != "Priya Nair" || hr.Version != sys.Version+1 {
		t.Errorf("human resources = %+v", hr)
	}
	if body := string(e.page(aims.RoleViewer, sysPath).Body); !strings.Contains(body, "human resources") || !strings.Contains(body, "Model validator: Model validation / Priya Nair") {
		t.Errorf("the system's history does not show the people's change")
	}
}

// TestComponentAPIBadInput: refused requests answer a clear 4xx and change
// nothing, whoever's IDs they carry.
func TestComponentAPIBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sys := e.createSystem("CreditLens")
		c := walkComponent(e)
		theirs := foreignComponent(e)
		theirComp, _ := e.store.CreateCompetence(ctx, e.stranger(), aims.Competence{Name: "Theirs", Kind: aims.CompetenceSkill})
		sysPath := "/api/v1/ai-systems/" + strconv.FormatInt(sys.ID, 10)
		cPath := "/api/v1/components/" + strconv.FormatInt(c.ID, 10)
		fc := strconv.FormatInt(theirs.ID, 10)
		fs := strconv.FormatInt(theirs.AISystemID, 10)
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"component without a name", "POST", sysPath + "/components", `{"kind": "model"}`, 422, "name"},
			{"unknown kind", "POST", sysPath + "/components", `{"kind": "gpu", "name": "n"}`, 422, "kind"},
			{"system that disagrees", "POST", sysPath + "/components", `{"kind": "model", "name": "n", "ai_system_id": 99}`, 422, "ai_system_id"},
			{"unknown third party", "POST", sysPath + "/components", `{"kind": "model", "name": "n", "third_party_id": 987654}`, 422, "third_party_id"},
			{"owner from another organization", "POST", sysPath + "/components", `{"kind": "model", "name": "n", "owner_id": ` + strconv.FormatInt(e.stray.ID, 10) + `}`, 422, "owner_id"},
			{"retired before in use", "POST", sysPath + "/components", `{"kind": "model", "name": "n", "in_use_since": "2026-05-01", "retired": "2026-04-01"}`, 422, "retired"},
			{"malformed component", "POST", sysPath + "/components", `{"kind":`, 400, ""},
			{"another organization's system", "POST", "/api/v1/ai-systems/" + fs + "/components", `{"kind": "model", "name": "n"}`, 404, ""},
			{"moving to another organization's system", "PUT", cPath, `{"kind": "model", "name": "n", "version": 1, "ai_system_id": ` + fs + `}`, 422, "ai_system_id"},
			{"stale component", "PUT", cPath, `{"kind": "model", "name": "n", "version": 7}`, 409, ""},
			{"component without a version", "PUT", cPath, `{"kind": "model", "name": "n"}`, 422, "version"},
			{"another organization's component", "PUT", "/api/v1/components/" + fc, `{"kind": "model", "name": "n", "version": 1}`, 404, ""},
			{"another organization's component history", "GET", "/api/v1/components/" + fc + "/history", "", 404, ""},
			{"unknown kind filter", "GET", "/api/v1/components?kind=gpu", "", 422, "kind"},
			{"non-numeric system filter", "GET", "/api/v1/components?ai_system_id=x", "", 422, "ai_system_id"},
			{"people with another organization's competence", "PUT", sysPath + "/human-resources", `{"version": 1, "needs": [{"role": "r", "competence_id": ` + strconv.FormatInt(theirComp.ID, 10) + `}]}`, 422, "needs.0.competence_id"},
			{"people line naming nothing", "PUT", sysPath + "/human-resources", `{"version": 1, "needs": [{"role": "r"}]}`, 422, "needs.0"},
			{"stale people", "PUT", sysPath + "/human-resources", `{"version": 9, "needs": []}`, 409, ""},
			{"people without a version", "PUT", sysPath + "/human-resources", `{"needs": []}`, 422, "version"},
			{"another organization's system's people", "PUT", "/api/v1/ai-systems/" + fs + "/human-resources", `{"version": 1, "needs": []}`, 404, ""},
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
		uiSys := "/ai-systems/" + strconv.FormatInt(sys.ID, 10)
		if res := e.form(aims.RoleAdmin, uiSys+"/components", url.Values{"kind": {"model"}, "name": {""}, "release": {"Kept release"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.Body), "Kept release") {
			t.Errorf("form without a name = %d", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, "/components/"+strconv.FormatInt(c.ID, 10), url.Values{"kind": {"model"}, "name": {"n"}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("component form without a version = %d, want 400", res.StatusCode)
		}
		if res := e.form(aims.RoleAdmin, uiSys+"/people", url.Values{"role_0": {"r"}, "staff_0": {"x"}, "version": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("people form with a bad person = %d, want 422", res.StatusCode)
		}
		if after := e.state(); after != before {
			t.Errorf("bad requests changed the organization's data")
		}
		if strings.Contains(e.logs.String(), "level=ERROR") {
			t.Errorf("a bad request was logged as a server error:\n%s", e.logs.String())
		}
	})
}
