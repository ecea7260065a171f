package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

// walkSoARow is the Annex A control whose SoA row the route walk edits.
const walkSoARow = "A.6.2.4"

// soaReady designates a member to top management and gives every Annex A
// control a reason and a justification, so the SoA can be approved.
func soaReady(e *env, p aims.Principal, designee int64) {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.store.CreateDesignation(ctx, aims.Principal{OrgID: p.OrgID, UserID: p.UserID, Email: p.Email, Role: aims.RoleAdmin},
		aims.Designation{UserID: designee, Body: aims.BodyTop, Position: "Chief Executive Officer", From: aims.DateOf(e.clock.now())}); err != nil {
		e.t.Fatal(err)
	}
	controls := e.srv.annexA()
	rows, err := e.store.SoA(ctx, p.OrgID, controls)
	if err != nil {
		e.t.Fatal(err)
	}
	for i, c := range controls {
		if _, err := e.store.UpdateSoARow(ctx, p, controls, aims.SoAEdit{Ref: c.Ref, Applicable: true, Reason: aims.ReasonGoodPractice,
			Justification: "Part of the AIMS baseline.", Status: aims.GapPlanned, Version: rows[i].Version}); err != nil {
			e.t.Fatal(err)
		}
	}
}

// walkSoA prepares the SoA for the route walk (the walking role's member
// designated, every row consistent) and approves version 1.
func walkSoA(e *env, role aims.Role) int64 {
	e.t.Helper()
	admin := e.principal(aims.RoleAdmin)
	soaReady(e, admin, e.users[role].ID)
	if role != aims.RoleAdmin {
		if _, err := e.store.CreateDesignation(context.Background(), admin, aims.Designation{UserID: e.users[aims.RoleAdmin].ID,
			Body: aims.BodyAIRisk, Position: "Head of AI governance", From: aims.DateOf(e.clock.now())}); err != nil {
			e.t.Fatal(err)
		}
	}
	v, err := e.store.ApproveSoA(context.Background(), admin, e.srv.annexA(), aims.SoAApproval{Note: "Walked"})
	if err != nil {
		e.t.Fatal(err)
	}
	return v.ID
}

func walkCustomControl(e *env) int64 {
	e.t.Helper()
	c, err := e.store.CreateCustomControl(context.Background(), e.principal(aims.RoleAdmin), aims.CustomControl{Title: "Walked control",
		Applicable: true, Reason: aims.ReasonGoodPractice, Justification: "Walked.", Status: aims.GapPlanned})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// soaWalkVersion is the version a route naming a custom control or an SoA
// row must carry.
func soaWalkVersion(e *env, names string, id int64) int {
	ctx := context.Background()
	if names == aims.RegisterCustomControls {
		c, _ := e.store.CustomControl(ctx, e.org.ID, id)
		return c.Version
	}
	r, _ := e.store.SoARow(ctx, e.org.ID, e.srv.annexA(), walkSoARow)
	return r.Version
}

// foreignSoA gives the other organization a custom control and an approved
// SoA version, whose IDs must be not found from this one.
func foreignSoA(e *env) map[string]string {
	e.t.Helper()
	stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email, Role: aims.RoleAdmin}
	c, err := e.store.CreateCustomControl(context.Background(), stray, aims.CustomControl{Title: "Globex control",
		Applicable: true, Reason: aims.ReasonObligation, Justification: "Globex.", Status: aims.GapPlanned})
	if err != nil {
		e.t.Fatal(err)
	}
	soaReady(e, stray, e.stray.ID)
	v, err := e.store.ApproveSoA(context.Background(), stray, e.srv.annexA(), aims.SoAApproval{})
	if err != nil {
		e.t.Fatal(err)
	}
	return map[string]string{aims.RegisterCustomControls: strconv.FormatInt(c.ID, 10), aims.RegisterSoA: "A.99.9",
		aims.RegisterSoAVersions: strconv.FormatInt(v.ID, 10)}
}

// soaPages seeds custom controls, an approved version and a changed draft,
// and returns a path for each SoA template.
func soaPages(t *testing.T, e *env) map[string]string {
	t.Helper()
	admin := e.principal(aims.RoleAdmin)
	long := "Adverse-action-reason-codes-for-every-declined-consumer-credit-application-under-national-law"
	c, err := e.store.CreateCustomControl(context.Background(), admin, aims.CustomControl{Title: long, Supplements: []string{"A.8.2", "A.9.4"},
		Description: "https://intranet.brightwater-financial.example/credit/policies/adverse-action-reason-codes/v3/appendix",
		Applicable:  true, Reason: aims.ReasonObligation, Justification: "Consumer credit law.", Status: aims.GapPartial, OwnerID: e.users[aims.RoleManager].ID})
	if err != nil {
		t.Fatal(err)
	}
	soaReady(e, admin, e.users[aims.RoleAdmin].ID)
	v, err := e.store.ApproveSoA(context.Background(), admin, e.srv.annexA(), aims.SoAApproval{Note: "First SoA"})
	if err != nil {
		t.Fatal(err)
	}
	c.Status = aims.GapImplemented
	if _, err := e.store.UpdateCustomControl(context.Background(), admin, c); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(c.ID, 10)
	return map[string]string{"custom_controls": "/custom-controls", "custom_control": "/custom-controls/" + id,
		"custom_control_form": "/custom-controls/" + id + "/edit", "soa": "/soa", "soa_row": "/soa/rows/A.6.2.4",
		"soa_version": "/soa/versions/" + strconv.FormatInt(v.ID, 10), "soa_compare": "/soa/compare"}
}

// TestSoAHappyPath goes through the SoA as people use it: a custom control,
// an Annex A row edited through the SoA (and seen in the gap analysis), an
// approval, a change, the comparison and the exports.
func TestSoAHappyPath(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		res := e.form(aims.RoleContributor, "/custom-controls", url.Values{"title": {"Adverse-action reason codes"}, "supplements": {"A.8.2"},
			"applicable": {"yes"}, "reason": {"obligation"}, "justification": {"Consumer credit law requires reasons."}, "status": {"partial"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create custom control = %d %s", res.StatusCode, res.Body)
		}
		res = e.form(aims.RoleContributor, "/soa/rows/A.6.2.4", url.Values{"applicable": {"yes"}, "reason": {"risk"}, "status": {"partial"},
			"justification": {"Treats model drift."}, "version": {"0"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit row = %d %s", res.StatusCode, res.Body)
		}
		var gap aims.GapEntry
		e.api(aims.RoleViewer, "GET", "/api/v1/gap-assessment/A.6.2.4", nil).json(t, &gap)
		if gap.Status != aims.GapPartial || gap.Justification != "Treats model drift." {
			t.Errorf("gap entry after the SoA edit = %+v", gap)
		}
		// The row history shows the reason, by its code.
		var hist itemsOf[aims.AuditEvent]
		e.api(aims.RoleViewer, "GET", "/api/v1/soa/rows/A.6.2.4/history", nil).json(t, &hist)
		if hist.Total != 1 || !strings.Contains(string(hist.Items[0].Changes[0].New), "risk") {
			t.Errorf("row history = %+v", hist)
		}
		// Not consistent yet: the approval is refused and says why.
		soaDesignate := func() {
			if _, err := e.store.CreateDesignation(context.Background(), e.principal(aims.RoleAdmin), aims.Designation{UserID: e.users[aims.RoleManager].ID,
				Body: aims.BodyAIRisk, Position: "Chief Risk Officer", From: aims.DateOf(e.clock.now())}); err != nil {
				t.Fatal(err)
			}
		}
		soaDesignate()
		res = e.api(aims.RoleManager, "POST", "/api/v1/soa/versions", aims.SoAApproval{})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "A.2.2") {
			t.Fatalf("approve an inconsistent SoA = %d %s", res.StatusCode, res.Body)
		}
		controls := e.srv.annexA()
		for _, c := range controls {
			if c.Ref == "A.6.2.4" {
				continue
			}
			edit := aims.SoAEdit{Applicable: true, Reason: aims.ReasonGoodPractice, Justification: "Baseline.", Status: aims.GapPlanned}
			if c.Ref == "A.10.4" {
				edit = aims.SoAEdit{Justification: "We sell no AI systems or AI-based services to business customers."}
			}
			if res := e.api(aims.RoleContributor, "PUT", "/api/v1/soa/rows/"+c.Ref, edit); res.StatusCode != http.StatusOK {
				t.Fatalf("edit %s = %d %s", c.Ref, res.StatusCode, res.Body)
			}
		}
		// A.6.2.4 is included for a risk: some live risk's treatment must choose it.
		res = e.api(aims.RoleManager, "POST", "/api/v1/soa/versions", aims.SoAApproval{Note: "First SoA"})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "A.6.2.4: included for a risk") {
			t.Fatalf("approve with a risk reason no risk backs = %d %s", res.StatusCode, res.Body)
		}
		if _, err := e.store.CreateRisk(context.Background(), e.principal(aims.RoleAdmin), aims.Risk{Title: "Model drift", Source: aims.SourceML,
			Likelihood: 3, Impact: 3, Treatment: aims.TreatModify, Controls: []string{"A.6.2.4"}}); err != nil {
			t.Fatal(err)
		}
		var v1 aims.SoAVersion
		res = e.api(aims.RoleManager, "POST", "/api/v1/soa/versions", aims.SoAApproval{Note: "First SoA"})
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("approve = %d %s", res.StatusCode, res.Body)
		}
		res.json(t, &v1)
		if v1.Number != 1 || v1.RowCount != 39 || v1.ApproverName == "" || v1.DesignationPosition != "Chief Risk Officer" {
			t.Errorf("v1 = %+v", v1)
		}
		// A change after approval shows in the comparison, named in words.
		var row aims.SoARow
		e.api(aims.RoleViewer, "GET", "/api/v1/soa/rows/A.6.2.4", nil).json(t, &row)
		if res := e.api(aims.RoleContributor, "PUT", "/api/v1/soa/rows/A.6.2.4", aims.SoAEdit{Applicable: true, Reason: aims.ReasonRisk,
			Justification: "Treats model drift.", Status: aims.GapImplemented, Version: row.Version}); res.StatusCode != http.StatusOK {
			t.Fatalf("edit after approval = %d %s", res.StatusCode, res.Body)
		}
		page := e.page(aims.RoleViewer, "/soa/compare")
		if page.StatusCode != http.StatusOK || !bytes.Contains(page.Body, []byte("<strong>Changed:</strong> status")) ||
			!bytes.Contains(page.Body, []byte("1 row differs")) {
			t.Errorf("compare page = %d, no changed row named", page.StatusCode)
		}
		var cmp soaComparison
		e.api(aims.RoleViewer, "GET", "/api/v1/soa/compare?a="+strconv.FormatInt(v1.ID, 10)+"&b=draft", nil).json(t, &cmp)
		if cmp.Changed != 1 {
			t.Errorf("API comparison: %d changed", cmp.Changed)
		}
		// Exports: the version and its date in every CSV row, a PDF.
		csv := e.api(aims.RoleViewer, "GET", "/api/v1/soa/versions/"+strconv.FormatInt(v1.ID, 10)+"/export.csv", nil)
		lines := strings.Split(strings.TrimSpace(string(csv.Body)), "\n")
		if len(lines) != 40 {
			t.Fatalf("version CSV has %d lines", len(lines))
		}
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "1,"+v1.ApprovedOn.String()+",") {
				t.Errorf("CSV row without version and date: %q", l)
				break
			}
		}
		draft := e.page(aims.RoleViewer, "/soa.csv")
		if !bytes.Contains(draft.Body, []byte("\ndraft,"+e.srv.today().String()+",")) {
			t.Errorf("draft CSV rows do not say draft and the day")
		}
		pdf := e.page(aims.RoleViewer, "/soa/versions/"+strconv.FormatInt(v1.ID, 10)+"/export.pdf")
		if pdf.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.Body, []byte("%PDF-")) {
			t.Errorf("PDF = %s", pdf.Header.Get("Content-Type"))
		}
		// Version 1 is what was approved, whatever changed since.
		var got aims.SoAVersion
		e.api(aims.RoleViewer, "GET", "/api/v1/soa/versions/"+strconv.FormatInt(v1.ID, 10), nil).json(t, &got)
		for _, r := range got.Rows {
			if r.Ref == "A.6.2.4" && r.Status != aims.GapPartial {
				t.Errorf("v1's A.6.2.4 = %s, want partial as approved", r.Status)
			}
		}
	})
}

// TestSoABadInput: refused requests answer a clear 4xx and change nothing.
func TestSoABadInput(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cc, err := e.store.CreateCustomControl(ctx, e.principal(aims.RoleAdmin), aims.CustomControl{Title: "Reason codes",
			Applicable: true, Reason: aims.ReasonObligation, Justification: "Credit law.", Status: aims.GapPlanned})
		if err != nil {
			t.Fatal(err)
		}
		if res := e.api(aims.RoleAdmin, "PUT", "/api/v1/soa/rows/A.6.2.4", aims.SoAEdit{Applicable: true, Reason: aims.ReasonObligation,
			Justification: "Drift.", Status: aims.GapPartial}); res.StatusCode != http.StatusOK {
			t.Fatalf("seed row = %d %s", res.StatusCode, res.Body)
		}
		foreign := foreignSoA(e)
		ccID := strconv.FormatInt(cc.ID, 10)
		good := func(v int) aims.SoAEdit {
			return aims.SoAEdit{Applicable: true, Reason: aims.ReasonObligation, Justification: "x", Status: aims.GapPartial, Version: v}
		}
		before := e.state()
		for _, c := range []struct {
			name, method, path string
			body               any
			want               int
		}{
			{"unknown control", "PUT", "/api/v1/soa/rows/A.99.9", good(0), http.StatusNotFound},
			{"a clause is not a control", "PUT", "/api/v1/soa/rows/4.1", good(0), http.StatusNotFound},
			{"reason code missing", "PUT", "/api/v1/soa/rows/A.2.2", aims.SoAEdit{Applicable: true, Justification: "x", Status: aims.GapPlanned}, http.StatusUnprocessableEntity},
			{"unknown reason code", "PUT", "/api/v1/soa/rows/A.2.2", aims.SoAEdit{Applicable: true, Reason: "whim", Justification: "x", Status: aims.GapPlanned}, http.StatusUnprocessableEntity},
			{"exclusion without justification", "PUT", "/api/v1/soa/rows/A.2.2", aims.SoAEdit{}, http.StatusUnprocessableEntity},
			{"inclusion without justification", "PUT", "/api/v1/soa/rows/A.2.2", aims.SoAEdit{Applicable: true, Reason: aims.ReasonObligation, Status: aims.GapPlanned}, http.StatusUnprocessableEntity},
			{"stale row", "PUT", "/api/v1/soa/rows/A.6.2.4", good(1), http.StatusConflict},
			{"another org's owner", "PUT", "/api/v1/soa/rows/A.2.2", aims.SoAEdit{Applicable: true, Reason: aims.ReasonObligation, Justification: "x", Status: aims.GapPlanned, OwnerID: e.stray.ID}, http.StatusUnprocessableEntity},
			{"custom row through the SoA", "PUT", "/api/v1/soa/rows/" + cc.Ref, good(1), http.StatusUnprocessableEntity},
			{"malformed", "PUT", "/api/v1/soa/rows/A.2.2", `{"applicable": "maybe"`, http.StatusBadRequest},
			{"another org's custom control", "PUT", "/api/v1/custom-controls/" + foreign[aims.RegisterCustomControls], aims.CustomControl{Title: "x", Version: 1}, http.StatusNotFound},
			{"another org's version", "GET", "/api/v1/soa/versions/" + foreign[aims.RegisterSoAVersions], nil, http.StatusNotFound},
			{"another org's version CSV", "GET", "/api/v1/soa/versions/" + foreign[aims.RegisterSoAVersions] + "/export.csv", nil, http.StatusNotFound},
			{"compare with another org's version", "GET", "/api/v1/soa/compare?a=" + foreign[aims.RegisterSoAVersions], nil, http.StatusBadRequest},
			{"unknown Annex A control supplemented", "POST", "/api/v1/custom-controls", aims.CustomControl{Title: "x", Supplements: []string{"A.99"}, Applicable: true, Reason: aims.ReasonObligation, Justification: "x", Status: aims.GapPlanned}, http.StatusUnprocessableEntity},
			{"custom control without reason", "POST", "/api/v1/custom-controls", aims.CustomControl{Title: "x", Applicable: true, Justification: "x"}, http.StatusUnprocessableEntity},
			{"stale custom control", "PUT", "/api/v1/custom-controls/" + ccID, aims.CustomControl{Title: "Changed", Applicable: true, Reason: aims.ReasonObligation, Justification: "x", Status: aims.GapPlanned, Version: 9}, http.StatusConflict},
			{"approval without designation", "POST", "/api/v1/soa/versions", aims.SoAApproval{}, http.StatusUnprocessableEntity},
		} {
			res := e.api(aims.RoleAdmin, c.method, c.path, c.body)
			if res.StatusCode != c.want {
				t.Errorf("%s: %s %s = %d, want %d; %s", c.name, c.method, c.path, res.StatusCode, c.want, res.Body)
			}
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			want       int
		}{
			{"row form without version", "/soa/rows/A.2.2", url.Values{"applicable": {"yes"}, "reason": {"risk"}, "justification": {"x"}, "status": {"planned"}}, http.StatusBadRequest},
			{"row form without reason", "/soa/rows/A.2.2", url.Values{"applicable": {"yes"}, "justification": {"x"}, "status": {"planned"}, "version": {"0"}}, http.StatusUnprocessableEntity},
			{"row form, stale", "/soa/rows/A.6.2.4", url.Values{"applicable": {"yes"}, "reason": {"contract"}, "justification": {"x"}, "status": {"planned"}, "version": {"1"}}, http.StatusConflict},
			{"row form, unknown control", "/soa/rows/A.99.9", url.Values{"applicable": {"yes"}, "reason": {"risk"}, "justification": {"x"}, "status": {"planned"}, "version": {"0"}}, http.StatusNotFound},
			{"approval without designation", "/soa/approve", url.Values{}, http.StatusUnprocessableEntity},
			{"custom control form without applicability", "/custom-controls", url.Values{"title": {"x"}}, http.StatusUnprocessableEntity},
			{"another org's custom control form", "/custom-controls/" + foreign[aims.RegisterCustomControls], url.Values{"title": {"x"}, "version": {"1"}}, http.StatusNotFound},
		} {
			res := e.form(aims.RoleAdmin, c.path, c.form)
			if res.StatusCode != c.want {
				t.Errorf("%s: POST %s = %d, want %d", c.name, c.path, res.StatusCode, c.want)
			}
		}
		if res := e.form(aims.RoleAdmin, "/soa/rows/A.6.2.4", url.Values{"applicable": {"yes"}, "reason": {"contract"}, "justification": {"Mine"},
			"status": {"planned"}, "version": {"1"}}); !bytes.Contains(res.Body, []byte("Mine")) {
			t.Error("the conflict page lost the person's input")
		}
		if after := e.state(); after != before {
			t.Error("refused requests changed the organization's data")
		}
	})
}
