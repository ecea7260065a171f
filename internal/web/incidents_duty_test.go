package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestIncidentDutyWording: the incident page says which EU AI Act duty a
// serious incident carries and why, the API carries the same decision,
// and a deployer's duty ends when the log form records the provider.
func TestIncidentDutyWording(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.principal(aims.RoleAdmin)
		system := func(name string, roles []aims.AIRole, eu *aims.Classification) aims.AISystem {
			t.Helper()
			a, err := e.store.CreateAISystem(ctx, admin, aims.AISystem{Name: name, Purpose: "p", Roles: roles, EUAIAct: eu})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		high := &aims.Classification{AnnexIII: "annex3.5.b", Reasoning: "Creditworthiness."}
		incident := func(sys aims.AISystem) string {
			t.Helper()
			i, err := e.store.CreateIncident(ctx, admin, aims.Incident{AISystemID: sys.ID, Title: "On " + sys.Name, Description: "d",
				Severity: aims.IncidentCritical, Harm: aims.HarmFundamental, DetectedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
				Serious: true, SeriousKind: aims.SeriousOther, AwareOn: aims.DateOf(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))})
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(i.ID, 10)
		}
		provider := incident(system("Credit scoring", []aims.AIRole{aims.AIRoleProvider}, high))
		fraud := system("Fraud screening", []aims.AIRole{aims.AIRoleDeployer}, high)
		deployer := incident(fraud)
		minimal := incident(system("Mail sorting", []aims.AIRole{aims.AIRoleProvider}, &aims.Classification{Reasoning: "Internal mail."}))
		unknown := incident(system("Chat assistant", []aims.AIRole{aims.AIRoleDeployer}, nil))
		for _, tc := range []struct {
			id        string
			says, not []string
			kind      aims.IncidentDutyKind
			due       string
		}{
			{provider, []string{"Report to the market surveillance authority (Art. 73)", "is the provider of Credit scoring", "Report due by 2026-12-11"},
				[]string{"Inform the provider"}, aims.DutyReportAuthority, "2026-12-11"},
			{deployer, []string{"Inform the provider immediately (Art. 26(5))", "deploys Fraud screening", "the provider makes the Art. 73 report",
				"Overdue:", "no communication to the provider is logged"}, []string{"Report due by"}, aims.DutyInformProvider, "2026-11-26"},
			{minimal, []string{"No EU AI Act Art. 73 deadline: Mail sorting is classified minimal risk, not high-risk"},
				[]string{"Report due by", "Inform the provider"}, aims.DutyNone, ""},
			{unknown, []string{"risk class of Chat assistant is unknown (not classified yet)", "Report due by 2026-12-11"},
				nil, aims.DutyReportAuthority, "2026-12-11"},
		} {
			page := e.page(aims.RoleViewer, "/incidents/"+tc.id)
			body := html.UnescapeString(string(page.Body))
			for _, s := range tc.says {
				if !strings.Contains(body, s) {
					t.Errorf("incident %s: page does not say %q", tc.id, s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(body, s) {
					t.Errorf("incident %s: page says %q", tc.id, s)
				}
			}
			var got aims.Incident
			if r := e.api(aims.RoleViewer, "GET", "/api/v1/incidents/"+tc.id, nil); json.Unmarshal(r.Body, &got) != nil ||
				got.Duty.Kind != tc.kind || got.Duty.Due.String() != tc.due || got.Duty.Reason == "" {
				t.Errorf("incident %s: API eu_duty = %+v", tc.id, got.Duty)
			}
		}
		// The system's page names the pending duty too.
		if sp := html.UnescapeString(string(e.page(aims.RoleViewer, "/ai-systems/"+strconv.FormatInt(fraud.ID, 10)).Body)); !strings.Contains(sp, "Inform the provider immediately (Art. 26(5)): due 2026-11-26") {
			t.Errorf("AI system page does not name the deployer's pending duty")
		}
		// The deployer's log form offers the provider first; logging it ends the duty.
		page := string(e.page(aims.RoleContributor, "/incidents/"+deployer).Body)
		if !strings.Contains(page, `<option value="provider" selected>`) {
			t.Errorf("the log form does not preselect the provider")
		}
		bad := url.Values{"sent_on": {"2026-11-26"}, "recipients": {"Vendor"}, "recipient_kind": {"vendor"}, "what": {"Notice"}, "version": {"1"}}
		if r := e.form(aims.RoleContributor, "/incidents/"+deployer+"/communicated", bad); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown recipient kind = %d", r.StatusCode)
		}
		ok := url.Values{"sent_on": {"2026-11-26"}, "recipients": {"Vendor's incident desk"}, "recipient_kind": {"provider"}, "what": {"Notice"}, "version": {"1"}}
		if r := e.form(aims.RoleContributor, "/incidents/"+deployer+"/communicated", ok); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("log to the provider = %d %.500s", r.StatusCode, r.Body)
		}
		page = html.UnescapeString(string(e.page(aims.RoleViewer, "/incidents/"+deployer).Body))
		if !strings.Contains(page, "Provider informed</strong> on 2026-11-26") || !strings.Contains(page, "The provider of the AI system") {
			t.Errorf("after logging the provider, the page = %.2000s", page)
		}
		due := string(e.api(aims.RoleAdmin, "GET", "/api/v1/due-work?register=ai-incidents&as_of=2026-11-27", nil).Body)
		if strings.Contains(due, "Inform the provider") || !strings.Contains(due, "2026-12-11") {
			t.Errorf("due work = %.800s", due)
		}
		list := html.UnescapeString(string(e.page(aims.RoleViewer, "/incidents").Body))
		for _, s := range []string{"provider informed 2026-11-26", "no Art. 73 deadline", "report by 2026-12-11"} {
			if !strings.Contains(list, s) {
				t.Errorf("list does not say %q", s)
			}
		}
	})
}
