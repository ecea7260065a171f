package web

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

// publicPages are the templates a visitor sees without signing in.
var publicPages = map[string]bool{"signin": true, "invite": true, "forgot": true, "reset": true}

// templatePages seeds e (a mailEnv, so that the reset pages exist) with a
// record of every kind, some with long names, URLs and addresses on
// purpose, and returns a path that renders each template. A template
// added without a page here fails the tests that call it.
func templatePages(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx := context.Background()
	long := "Creditworthiness-and-affordability-scoring-engine-for-consumer-lending-second-generation"
	sys := e.createSystem(long)
	id := strconv.FormatInt(sys.ID, 10)
	for _, r := range []response{e.form(aims.RoleAdmin, "/ai-systems/"+id+"/classify", url.Values{"prohibited": {"art5.1.f"}, "reasoning": {"Emotion recognition at work."}, "version": {"1"}}),
		e.form(aims.RoleAdmin, "/ai-systems/"+id, url.Values{"name": {long + " (edited)"}, "purpose": {"https://intranet.brightwater-financial.example/governance/ai/model-cards/creditworthiness-and-affordability-scoring-engine/v2"}, "lifecycle": {string(aims.StageVerification)}, "review_interval_months": {"12"}, "version": {"2"}}),
		e.form(aims.RoleAdmin, "/gap/A.4.3", url.Values{"status": {"implemented"}, "ai_systems": {id},
			"url_links": {"Model card | https://intranet.brightwater-financial.example/governance/ai/model-cards/creditworthiness-and-affordability-scoring-engine/v2/appendix-data-quality-assessment"},
			"notes":     {"See " + long}, "version": {"0"}}),
	} {
		if r.StatusCode >= 400 {
			t.Fatalf("seeding: %d %s", r.StatusCode, r.Body)
		}
	}
	longUser := e.newUser(e.org, "priya.nair.data-science-lead.model-risk@brightwater-financial-services.example", aims.RoleContributor)
	d, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: longUser.ID,
		Body: aims.BodyAIRisk, Position: "Chief Risk Officer and Head of Model Risk Management", AcceptUpTo: aims.LimitMedium, From: aims.DateOf(time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	did := strconv.FormatInt(d.ID, 10)
	invite := secret.Token("")
	if _, err := e.store.AddMember(ctx, e.principal(aims.RoleAdmin), aims.NewMember{Email: "jonas.weber.risk-management@brightwater-financial-services.example",
		Name: "Jonas Weber", Role: aims.RoleViewer}, secret.HashToken(invite), nil); err != nil {
		t.Fatal(err)
	}
	reset := secret.Token("")
	if err := e.store.RequestPasswordReset(ctx, "viewer@acme.test", secret.HashToken(reset), func(string) (string, string) { return "s", "b" }); err != nil {
		t.Fatal(err)
	}
	hook, err := e.store.CreateWebhook(ctx, e.principal(aims.RoleAdmin), aims.Webhook{URL: "https://hooks.brightwater-financial.example/aims/due-work/notifications/v1",
		Events: []string{aims.EventDue, aims.EventOverdue}, Active: true, Secret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.QueueWebhookPing(ctx, e.principal(aims.RoleAdmin), hook.ID); err != nil {
		t.Fatal(err)
	}
	ev, err := e.store.CreateEvidence(ctx, e.principal(aims.RoleAdmin), aims.Evidence{Title: "CreditLens validation report, second generation, appendix B: data quality", FileName: "r.txt", ContentType: "text/plain",
		ValidUntil: mustDate("2026-01-01")}, testFile("rendered"), aims.Attachment{Register: aims.RegisterAISystems, RecordID: id}, aims.Attachment{Register: aims.RegisterGap, RecordID: "A.4.3"})
	if err != nil {
		t.Fatal(err)
	}
	evID := strconv.FormatInt(ev.ID, 10)
	pages := map[string]string{
		"evidence_list": "/evidence", "evidence": "/evidence/" + evID, "evidence_form": "/evidence/new?register=gap&record_id=A.4.3",
		"webhooks": "/webhooks", "webhook": "/webhooks/" + strconv.FormatInt(hook.ID, 10),
		"home": "/", "catalog": "/catalog", "framework": "/catalog/nist-ai-rmf", "requirement": "/catalog/iso42001/A.4.3",
		"ai_systems": "/ai-systems", "ai_system": "/ai-systems/" + id, "ai_system_form": "/ai-systems/" + id + "/edit",
		"classify": "/ai-systems/" + id + "/classify", "gap": "/gap", "gap_entry": "/gap/A.4.3",
		"gap_report": "/gap/report", "people": "/people", "member": "/people/" + strconv.FormatInt(longUser.ID, 10),
		"tokens": "/tokens", "audit": "/audit", "error": "/ai-systems/999999", "security": "/security",
		"due": "/due?as_of=2030-01-01", "designations": "/management", "designation": "/management/" + did, "designation_form": "/management/" + did + "/edit",
		"invite": "/invite/" + invite, "signin": "/signin", "forgot": "/forgot", "reset": "/reset/" + reset,
	}
	issueID, processID := renderedIssue(e, sys), renderedProcess(e)
	for name, path := range map[string]string{"context_issues": "/context-issues", "context_issue": "/context-issues/" + issueID,
		"context_issue_form": "/context-issues/" + issueID + "/edit", "processes": "/processes", "process": "/processes/" + processID,
		"process_form": "/processes/" + processID + "/edit", "process_map": "/processes/map"} {
		pages[name] = path
	}
	for name, path := range concernPages(t, e) {
		pages[name] = path
	}
	pp := seedPeople(t, e)
	for name, path := range map[string]string{
		"staff": "/staff?q=anna", "person": "/staff/" + pp.person, "person_form": "/staff/" + pp.person + "/edit",
		"competences": "/competences?kind=awareness", "competence": "/competences/" + pp.competence, "competence_form": "/competences/" + pp.competence + "/edit",
		"aims_roles": "/roles", "aims_role": "/roles/" + pp.role, "aims_role_form": "/roles/" + pp.role + "/edit",
		"training": "/training?effectiveness=effective", "training_record": "/training/" + pp.record, "training_form": "/training/" + pp.record + "/edit",
		"competence_gaps": "/competence-gaps?within=90", "raci": "/roles/raci", "retention": "/documents/retention",
	} {
		pages[name] = path
	}
	party := e.createParty("Rendered party")
	obl, err := e.store.CreateObligation(ctx, e.principal(aims.RoleAdmin), aims.Obligation{Title: "Rendered obligation",
		Kind: aims.KindLegal, AISystemIDs: []int64{sys.ID}, PartyIDs: []int64{party.ID}})
	if err != nil {
		t.Fatal(err)
	}
	pages["parties"], pages["party"] = "/interested-parties", "/interested-parties/"+strconv.FormatInt(party.ID, 10)
	pages["party_form"] = "/interested-parties/" + strconv.FormatInt(party.ID, 10) + "/edit"
	pages["obligations"], pages["obligation"] = "/obligations?ai_system_id="+id, "/obligations/"+strconv.FormatInt(obl.ID, 10)
	pages["obligation_form"] = "/obligations/" + strconv.FormatInt(obl.ID, 10) + "/edit"
	pages["scope"] = renderedScope(e, party, obl, issueID)
	for name, path := range componentPages(e, sys) {
		pages[name] = path
	}
	for name, path := range riskPages(t, e, sys.ID, party.ID, obl.ID) {
		pages[name] = path
	}
	for name, path := range campaignPages(t, e) {
		pages[name] = path
	}
	for name, path := range changePages(t, e, sys) {
		pages[name] = path
	}
	for name, path := range documentPages(e) {
		pages[name] = path
	}
	ds := strconv.FormatInt(walkDataset(e), 10)
	pages["datasets"], pages["dataset"], pages["dataset_form"] = "/datasets", "/datasets/"+ds, "/datasets/"+ds+"/edit"
	ur := strconv.FormatInt(walkUseReview(e), 10)
	pages["use_reviews"], pages["use_review"], pages["use_review_form"] = "/use-reviews", "/use-reviews/"+ur, "/use-reviews/"+ur+"/edit"
	for name, path := range incidentPages(t, e, sys) {
		pages[name] = path
	}
	for name, path := range riskPlanPages(t, e) {
		pages[name] = path
	}
	for name, path := range soaPages(t, e) {
		pages[name] = path
	}
	for name, path := range lifecyclePages(e, sys) {
		pages[name] = path
	}
	for name, path := range impactPages(e) {
		pages[name] = path
	}
	for name, path := range thirdPartyPages(t, e, sys) {
		pages[name] = path
	}
	for name := range e.srv.pages.byName {
		if _, ok := pages[name]; !ok {
			t.Errorf("template %s has no page in templatePages", name)
		}
	}
	return pages
}
