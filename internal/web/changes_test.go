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

// Records of the objectives and changes registers for the shared tests:
// the permission walk, the foreign-ID walk and the page render.

func testObjective(kind aims.ObjectiveKind, title string) aims.Objective {
	return aims.Objective{Kind: kind, Title: title, Measure: "Quarterly fairness test", Direction: aims.AtMost, TargetValue: 2,
		TargetUnit: "percentage points", Plan: "Reweigh training data", Evaluation: "Risk committee review",
		TargetDate: aims.DateOf(time.Now().UTC().AddDate(0, 6, 0))}
}

func testChange(subject aims.ChangeSubject, systemID int64, significant bool) aims.ChangeRequest {
	return aims.ChangeRequest{Title: "CreditLens v4", Subject: subject, AISystemID: systemID, Description: "New model version",
		Reason: "Drift", ImpactAffects: "Credit decisions", Significant: significant}
}

func walkObjective(e *env) string {
	e.t.Helper()
	o, err := e.store.CreateObjective(context.Background(), e.principal(aims.RoleAdmin), testObjective(aims.ObjectiveAIMS, "Walked objective"))
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(o.ID, 10)
}

// walkChange is a change requested by requester (not one of the walking
// roles), moved on to state: requested, approved, implemented, or
// "reassessment" (an approved significant change to an AI system).
func walkChange(e *env, requester int64, state aims.ChangeStatus) string {
	e.t.Helper()
	ctx := context.Background()
	by := aims.Principal{OrgID: e.org.ID, UserID: requester, Role: aims.RoleContributor}
	in := testChange(aims.SubjectAIMS, 0, false)
	if state == "reassessment" {
		in = testChange(aims.SubjectAISystem, e.createSystem("Changed system").ID, true)
	}
	c, err := e.store.CreateChange(ctx, by, in)
	if err != nil {
		e.t.Fatal(err)
	}
	today := aims.DateOf(e.clock.t)
	admin := e.principal(aims.RoleAdmin)
	if state != aims.ChangeRequested {
		d := aims.ChangeStep{Version: c.Version, On: today, Approve: true}
		if state == "reassessment" {
			d.ReassessBy = today.AddDays(30)
		}
		if c, err = e.store.DecideChange(ctx, admin, c.ID, d); err != nil {
			e.t.Fatal(err)
		}
	}
	if state == aims.ChangeImplemented {
		if c, err = e.store.ImplementChange(ctx, admin, c.ID, aims.ChangeStep{Version: c.Version, On: today, Note: "Done"}); err != nil {
			e.t.Fatal(err)
		}
	}
	return strconv.FormatInt(c.ID, 10)
}

func foreignObjective(e *env) string {
	e.t.Helper()
	o, err := e.store.CreateObjective(context.Background(), e.stranger(), testObjective(aims.ObjectiveAIMS, "Theirs"))
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(o.ID, 10)
}

func foreignChange(e *env) string {
	e.t.Helper()
	c, err := e.store.CreateChange(context.Background(), e.stranger(), testChange(aims.SubjectAIMS, 0, false))
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

// changePages seeds an objective with readings and a significant change to
// sys waiting for reassessment, and names a page of each template.
func changePages(t *testing.T, e *env, sys aims.AISystem) map[string]string {
	t.Helper()
	ctx := context.Background()
	admin := e.principal(aims.RoleAdmin)
	in := testObjective(aims.ObjectiveResponsibleUse, "Human review overturns fewer than 5% of <automated> declines")
	in.AISystems = []aims.Link{{ID: sys.ID}}
	o, err := e.store.CreateObjective(ctx, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	today := aims.DateOf(e.clock.t)
	if o, err = e.store.RecordMeasurement(ctx, admin, o.ID, aims.Measurement{On: today, Value: 6.5, Status: aims.ObjectiveAtRisk,
		Note: "Above target after the September release", Version: o.Version, NextMeasurement: today.AddDays(-1 + 90)}); err != nil {
		t.Fatal(err)
	}
	c, err := e.store.CreateChange(ctx, e.principal(aims.RoleContributor), testChange(aims.SubjectAISystem, sys.ID, true))
	if err != nil {
		t.Fatal(err)
	}
	if c, err = e.store.DecideChange(ctx, e.principal(aims.RoleManager), c.ID, aims.ChangeStep{Version: 1, On: today, Approve: true,
		Note: "Shadow run for four weeks first", ReassessBy: today.AddDays(30)}); err != nil {
		t.Fatal(err)
	}
	oid, cid := strconv.FormatInt(o.ID, 10), strconv.FormatInt(c.ID, 10)
	return map[string]string{"objectives": "/objectives?kind=responsible-use", "objective": "/objectives/" + oid,
		"objective_form": "/objectives/" + oid + "/edit", "changes": "/changes?reassessment_due=1", "change": "/changes/" + cid,
		"change_form": "/changes/" + cid + "/edit"}
}

func TestAPIObjectives(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		body := testObjective(aims.ObjectiveAIMS, "Approval-rate gap under 2 points")
		body.AISystems = []aims.Link{{ID: sys.ID}}
		res := e.api(aims.RoleContributor, "POST", "/api/v1/objectives", body)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		var o aims.Objective
		res.json(t, &o)
		path := "/api/v1/objectives/" + strconv.FormatInt(o.ID, 10)
		today := aims.DateOf(e.clock.t)
		res = e.api(aims.RoleContributor, "POST", path+"/measurements", aims.Measurement{On: today, Value: 2.6, Status: aims.ObjectiveAtRisk, Note: "Q3", Version: 1})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("reading = %d %s", res.StatusCode, res.Body)
		}
		res.json(t, &o)
		if o.Status != aims.ObjectiveAtRisk || len(o.Measurements) != 1 || o.Measurements[0].ByName == "" {
			t.Errorf("after a reading = %+v", o)
		}
		if res := e.api(aims.RoleContributor, "POST", path+"/measurements", aims.Measurement{On: today, Value: 1, Status: aims.ObjectiveOnTrack, Version: 1}); res.StatusCode != http.StatusConflict {
			t.Errorf("stale reading = %d, want 409", res.StatusCode)
		}
		var list aims.Page[aims.Objective]
		e.api(aims.RoleViewer, "GET", "/api/v1/objectives?kind=aims&status=at-risk&ai_system_id="+strconv.FormatInt(sys.ID, 10)+"&q=gap", nil).json(t, &list)
		if list.Total != 1 {
			t.Errorf("filtered list = %+v", list)
		}
		if res := e.api(aims.RoleViewer, "GET", "/api/v1/objectives.csv", nil); !strings.Contains(string(res.Body), "OBJ-1,aims,Approval-rate gap under 2 points") {
			t.Errorf("CSV = %s", res.Body)
		}
		var hist itemsOf[aims.AuditEvent]
		e.api(aims.RoleViewer, "GET", path+"/history", nil).json(t, &hist)
		if hist.Total != 2 || hist.Items[1].Changes[0].Field != "reading" {
			t.Errorf("history = %+v", hist)
		}
		page := string(e.page(aims.RoleViewer, "/objectives/"+strconv.FormatInt(o.ID, 10)).Body)
		if !strings.Contains(page, "2.6") || !strings.Contains(page, "At risk") {
			t.Errorf("objective page lacks the reading")
		}
	})
}

// TestChangeApprovalMakesReassessmentDue walks a significant change to an
// AI system through the API: the requester cannot approve it; approval
// makes the reassessment due work, shown on the change and on the system;
// recording the reassessment ends it.
func TestChangeApprovalMakesReassessmentDue(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sys := e.createSystem("CreditLens")
		sid := strconv.FormatInt(sys.ID, 10)
		res := e.api(aims.RoleManager, "POST", "/api/v1/changes", testChange(aims.SubjectAISystem, sys.ID, true))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, res.Body)
		}
		var c aims.ChangeRequest
		res.json(t, &c)
		path := "/api/v1/changes/" + strconv.FormatInt(c.ID, 10)
		today := aims.DateOf(e.clock.t)
		approve := aims.ChangeStep{Version: 1, On: today, Approve: true, Note: "Shadow run first", ReassessBy: today.AddDays(21)}
		before := e.state()
		res = e.api(aims.RoleManager, "POST", path+"/decide", approve)
		if p := res.problem(t); res.StatusCode != http.StatusUnprocessableEntity || p.Errors["by"] == "" {
			t.Errorf("requester approving = %d %+v, want 422 on by", res.StatusCode, p)
		}
		if res := e.api(aims.RoleContributor, "POST", path+"/decide", approve); res.StatusCode != http.StatusForbidden {
			t.Errorf("contributor deciding = %d, want 403", res.StatusCode)
		}
		if e.state() != before {
			t.Error("refused decisions changed the organization's data")
		}
		dueWork := func() string {
			return string(e.api(aims.RoleAdmin, "GET", "/api/v1/due-work?register=changes", nil).Body)
		}
		want := "Reassess risk and impact of CreditLens after " + c.Ref
		if strings.Contains(dueWork(), want) {
			t.Errorf("reassessment due before approval")
		}
		res = e.api(aims.RoleAdmin, "POST", path+"/decide", approve)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("approve = %d %s", res.StatusCode, res.Body)
		}
		res.json(t, &c)
		if !c.ReassessmentDue || c.DecidedByName == "" {
			t.Errorf("approved = %+v", c)
		}
		if !strings.Contains(dueWork(), want) {
			t.Errorf("due work lacks %q: %s", want, dueWork())
		}
		if page := string(e.page(aims.RoleViewer, "/ai-systems/"+sid).Body); !strings.Contains(page, "Reassessment due") || !strings.Contains(page, `href="/changes/`+strconv.FormatInt(c.ID, 10)+`"`) {
			t.Errorf("AI system page does not show the reassessment due")
		}
		if page := string(e.page(aims.RoleViewer, "/changes/"+strconv.FormatInt(c.ID, 10)).Body); !strings.Contains(page, "Reassessment due") {
			t.Errorf("change page does not show the reassessment due")
		}
		if res := e.api(aims.RoleAdmin, "POST", path+"/decide", approve); res.StatusCode != http.StatusConflict {
			t.Errorf("deciding twice = %d, want 409", res.StatusCode)
		}
		res = e.api(aims.RoleContributor, "POST", path+"/reassessed", aims.ChangeStep{Version: 2, On: today, Note: "Risk and impact assessments redone"})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reassessed = %d %s", res.StatusCode, res.Body)
		}
		if strings.Contains(dueWork(), want) {
			t.Errorf("due work still lists the reassessment")
		}
		if page := string(e.page(aims.RoleViewer, "/ai-systems/"+sid).Body); strings.Contains(page, "Reassessment due") {
			t.Errorf("AI system page still shows the reassessment due")
		}
		for _, step := range []struct {
			path string
			body aims.ChangeStep
		}{{"/implement", aims.ChangeStep{Version: 3, On: today, Note: "v4 live"}}, {"/close", aims.ChangeStep{Version: 4, On: today, Note: "Gap 1.8 pp"}}} {
			if res := e.api(aims.RoleContributor, "POST", path+step.path, step.body); res.StatusCode != http.StatusOK {
				t.Fatalf("%s = %d %s", step.path, res.StatusCode, res.Body)
			}
		}
		var hist itemsOf[aims.AuditEvent]
		e.api(aims.RoleViewer, "GET", path+"/history", nil).json(t, &hist)
		if hist.Total != 5 {
			t.Errorf("history has %d events, want 5", hist.Total)
		}
		var list aims.Page[aims.ChangeRequest]
		e.api(aims.RoleViewer, "GET", "/api/v1/changes?status=closed&significant=yes&subject=ai-system&ai_system_id="+sid, nil).json(t, &list)
		if list.Total != 1 {
			t.Errorf("filtered list = %+v", list)
		}
		if res := e.api(aims.RoleViewer, "GET", "/api/v1/changes.csv", nil); !strings.Contains(string(res.Body), c.Ref+",CreditLens v4,ai-system") {
			t.Errorf("CSV = %s", res.Body)
		}
	})
}

func TestChangeForms(t *testing.T) {
	e := sqliteEnv(t)
	sys := e.createSystem("CreditLens")
	form := url.Values{"title": {"Retrain on bureau data"}, "subject": {"ai-system"}, "ai_system_id": {strconv.FormatInt(sys.ID, 10)},
		"description": {"d"}, "reason": {"r"}, "impact_affects": {"Credit decisions"}, "significant": {"yes"}}
	res := e.form(aims.RoleContributor, "/changes", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d %s", res.StatusCode, res.Body)
	}
	cp := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(cp, "/changes/"), 10, 64)
	before := e.state()
	form.Set("version", "1")
	form.Set("title", "Changed title")
	e.form(aims.RoleContributor, cp, form)
	res = e.form(aims.RoleContributor, cp, form) // version 1 again: stale
	if res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), "Changed title") || !strings.Contains(string(res.Body), `name="version" value="2"`) {
		t.Errorf("stale edit = %d, want 409 keeping the input and carrying version 2", res.StatusCode)
	}
	before = e.state()
	today := aims.DateOf(e.clock.t).String()
	for _, c := range []struct {
		name   string
		role   aims.Role
		form   url.Values
		status int
		text   string
	}{
		{"approval without reassessment day", aims.RoleManager, url.Values{"version": {"2"}, "decide_decision": {"approve"}, "decide_on": {today}}, 422, "is required"},
		{"no decision", aims.RoleManager, url.Values{"version": {"2"}, "decide_on": {today}}, 422, "choose approve or reject"},
		{"bad day", aims.RoleManager, url.Values{"version": {"2"}, "decide_decision": {"reject"}, "decide_on": {"soon"}, "decide_note": {"n"}}, 422, "must be a date"},
		{"stale", aims.RoleManager, url.Values{"version": {"1"}, "decide_decision": {"reject"}, "decide_on": {today}, "decide_note": {"n"}}, 409, "moved on"},
		{"no version", aims.RoleManager, url.Values{"decide_decision": {"reject"}, "decide_on": {today}, "decide_note": {"n"}}, 400, ""},
		{"contributor", aims.RoleContributor, url.Values{"version": {"2"}, "decide_decision": {"reject"}, "decide_on": {today}, "decide_note": {"n"}}, 403, ""},
	} {
		res := e.form(c.role, cp+"/decide", c.form)
		if res.StatusCode != c.status || !strings.Contains(string(res.Body), c.text) {
			t.Errorf("%s: %d, want %d with %q", c.name, res.StatusCode, c.status, c.text)
		}
	}
	if e.state() != before {
		t.Error("refused decisions changed the organization's data")
	}
	res = e.form(aims.RoleManager, cp+"/decide", url.Values{"version": {"2"}, "decide_decision": {"approve"}, "decide_on": {today},
		"decide_reassess_by": {aims.DateOf(e.clock.t.AddDate(0, 0, 14)).String()}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d %s", res.StatusCode, res.Body)
	}
	c, err := e.store.Change(context.Background(), e.org.ID, id)
	if err != nil || c.Status != aims.ChangeApproved || !c.ReassessmentDue {
		t.Errorf("after approval = %+v, %v", c, err)
	}
	if res := e.form(aims.RoleContributor, cp+"/reassessed", url.Values{"version": {"3"}, "reassessed_on": {today}, "reassessed_note": {"Redone"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("reassessed = %d %s", res.StatusCode, res.Body)
	}
	// An objective's reading through its form.
	o := walkObjective(e)
	op := "/objectives/" + o
	if res := e.form(aims.RoleContributor, op+"/measurements", url.Values{"version": {"1"}, "measured_on": {today}, "value": {"lots"}, "status": {"on-track"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("reading that is not a number = %d", res.StatusCode)
	}
	if res := e.form(aims.RoleContributor, op+"/measurements", url.Values{"version": {"1"}, "measured_on": {today}, "value": {"1.9"}, "status": {"achieved"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("reading = %d %s", res.StatusCode, res.Body)
	}
	if res := e.form(aims.RoleContributor, op+"/measurements", url.Values{"version": {"1"}, "measured_on": {today}, "value": {"1.7"}, "status": {"achieved"}}); res.StatusCode != http.StatusConflict || !strings.Contains(string(res.Body), `value="1.7"`) {
		t.Errorf("stale reading = %d, want 409 keeping the input", res.StatusCode)
	}
}

// TestObjectivesAndChangesBadInput: each bad request answers 4xx naming
// the problem, and nothing in the organization changes.
func TestObjectivesAndChangesBadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		theirSys, err := e.store.CreateAISystem(ctx, e.stranger(), aims.AISystem{Name: "Theirs", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		theirObj, theirChange := foreignObjective(e), foreignChange(e)
		obj := walkObjective(e)
		requested := walkChange(e, e.users[aims.RoleContributor].ID, aims.ChangeRequested)
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		today := aims.DateOf(e.clock.t).String()
		objBody := func(extra string) string {
			return `{"kind": "aims", "title": "t", "measure": "m", "direction": "at-most", "target_value": 2, "target_unit": "%", "plan": "p", "evaluation": "e", "target_date": "2027-01-01"` + extra + `}`
		}
		chgBody := func(extra string) string {
			return `{"title": "t", "description": "d", "reason": "r", "impact_affects": "a"` + extra + `}`
		}
		op, cp := "/api/v1/objectives/"+obj, "/api/v1/changes/"+requested
		before := e.state()
		for _, c := range []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"unknown kind", "POST", "/api/v1/objectives", strings.Replace(objBody(""), `"aims"`, `"vision"`, 1), 422, "kind"},
			{"target not a number", "POST", "/api/v1/objectives", strings.Replace(objBody(""), `2,`, `"two",`, 1), 422, "target_value"},
			{"no target date", "POST", "/api/v1/objectives", strings.Replace(objBody(""), `, "target_date": "2027-01-01"`, ``, 1), 422, "target_date"},
			{"foreign system", "POST", "/api/v1/objectives", objBody(`, "ai_systems": [{"id": ` + id(theirSys.ID) + `}]`), 422, "ai_systems"},
			{"foreign owner", "POST", "/api/v1/objectives", objBody(`, "owner_id": ` + id(e.stray.ID)), 422, "owner_id"},
			{"unknown policy", "POST", "/api/v1/objectives", objBody(`, "policy_id": 999999`), 422, "policy_id"},
			{"another organization's objective", "PUT", "/api/v1/objectives/" + theirObj, objBody(`, "version": 1`), 404, ""},
			{"stale objective", "PUT", op, objBody(`, "version": 7`), 409, ""},
			{"reading without version", "POST", op + "/measurements", `{"measured_on": "` + today + `", "value": 1, "status": "on-track"}`, 422, "version"},
			{"reading with unknown status", "POST", op + "/measurements", `{"measured_on": "` + today + `", "value": 1, "status": "fine", "version": 1}`, 422, "status"},
			{"reading in the future", "POST", op + "/measurements", `{"measured_on": "2100-01-01", "value": 1, "status": "on-track", "version": 1}`, 422, "measured_on"},
			{"malformed reading", "POST", op + "/measurements", `{"value": `, 400, ""},
			{"bad objective filter", "GET", "/api/v1/objectives?status=fine", "", 422, "status"},
			{"unknown subject", "POST", "/api/v1/changes", chgBody(`, "subject": "everything"`), 422, "subject"},
			{"system change without a system", "POST", "/api/v1/changes", chgBody(`, "subject": "ai-system"`), 422, "ai_system_id"},
			{"foreign system change", "POST", "/api/v1/changes", chgBody(`, "subject": "ai-system", "ai_system_id": ` + id(theirSys.ID)), 422, "ai_system_id"},
			{"no reason", "POST", "/api/v1/changes", `{"title": "t", "subject": "aims", "description": "d", "impact_affects": "a"}`, 422, "reason"},
			{"another organization's change", "PUT", "/api/v1/changes/" + theirChange, chgBody(`, "subject": "aims", "version": 1`), 404, ""},
			{"deciding another organization's change", "POST", "/api/v1/changes/" + theirChange + "/decide", `{"version": 1, "on": "` + today + `", "note": "no"}`, 404, ""},
			{"rejection without reason", "POST", cp + "/decide", `{"version": 1, "on": "` + today + `"}`, 422, "note"},
			{"decision in the future", "POST", cp + "/decide", `{"version": 1, "on": "2100-01-01", "approve": true}`, 422, "on"},
			{"reassess_by on an AIMS change", "POST", cp + "/decide", `{"version": 1, "on": "` + today + `", "approve": true, "reassess_by": "` + today + `"}`, 422, "reassess_by"},
			{"implementing before approval", "POST", cp + "/implement", `{"version": 1, "on": "` + today + `", "note": "done"}`, 409, ""},
			{"reassessment not due", "POST", cp + "/reassessed", `{"version": 1, "on": "` + today + `", "note": "done"}`, 409, ""},
			{"stale decision", "POST", cp + "/decide", `{"version": 5, "on": "` + today + `", "note": "no"}`, 409, ""},
			{"step without version", "POST", cp + "/decide", `{"on": "` + today + `", "note": "no"}`, 422, "version"},
			{"bad change filter", "GET", "/api/v1/changes?significant=maybe", "", 422, "significant"},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			res := e.api(aims.RoleAdmin, c.method, c.path, body)
			if res.StatusCode != c.status {
				t.Errorf("%s: %d, want %d; %s", c.name, res.StatusCode, c.status, res.Body)
				continue
			}
			p := res.problem(t)
			if c.field != "" && p.Errors[c.field] == "" {
				t.Errorf("%s: no message for %s in %+v", c.name, c.field, p)
			}
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			status     int
		}{
			{"foreign system", "/objectives", url.Values{"kind": {"aims"}, "title": {"t"}, "measure": {"m"}, "direction": {"at-most"}, "target_value": {"2"},
				"target_unit": {"%"}, "plan": {"p"}, "evaluation": {"e"}, "target_date": {"2027-01-01"}, "ai_systems": {id(theirSys.ID)}}, 422},
			{"target not a number", "/objectives", url.Values{"kind": {"aims"}, "title": {"t"}, "target_value": {"two"}}, 422},
			{"foreign change system", "/changes", url.Values{"title": {"t"}, "subject": {"ai-system"}, "ai_system_id": {id(theirSys.ID)},
				"description": {"d"}, "reason": {"r"}, "impact_affects": {"a"}}, 422},
			{"no version", "/changes/" + requested, url.Values{"title": {"t"}, "subject": {"aims"}}, 400},
			{"foreign change", "/changes/" + theirChange, url.Values{"title": {"t"}, "subject": {"aims"}, "version": {"1"}}, 404},
			{"foreign decision", "/changes/" + theirChange + "/decide", url.Values{"decide_decision": {"approve"}, "decide_on": {today}, "version": {"1"}}, 404},
			{"foreign reading", "/objectives/" + theirObj + "/measurements", url.Values{"measured_on": {today}, "value": {"1"}, "status": {"on-track"}, "version": {"1"}}, 404},
		} {
			if res := e.form(aims.RoleAdmin, c.path, c.form); res.StatusCode != c.status {
				t.Errorf("form %s: %d, want %d", c.name, res.StatusCode, c.status)
			}
		}
		if e.state() != before {
			t.Error("refused requests changed the organization's data")
		}
	})
}
