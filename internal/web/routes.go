package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// route is one entry of the route table: the mux pattern, who may use it,
// and, for the API, what the OpenAPI document says about it. Registration,
// permission checks, the permission test and the OpenAPI document all read
// this one table, so none of them can drift from the others.
type route struct {
	method  string
	path    string
	public  bool            // served without signing in
	perm    aims.Permission // what the principal's role must allow
	api     bool            // JSON API: bearer tokens, problem JSON, in the OpenAPI document
	summary string
	query   []queryParam // documented query parameters
	body    any          // request body type, for the document and the decoder
	reply   any          // success response type
	status  int          // success status when not 200
	h       func(w http.ResponseWriter, r *http.Request) error
	// names is the kind of record the path's {id} names ("ai-systems",
	// "members", "pending-members", "api-tokens", "gap"), and example
	// builds a valid request body for a write from that record's current
	// version: url.Values for a form, a value to send as JSON for the API.
	// The permission walk sends every route its example, with no
	// hand-written case per route, and the OpenAPI document shows it.
	names   string
	example func(ex example) any
}

// example is what an example body may depend on.
type example struct {
	Version int    // the current version of the record the route names
	Unique  string // differs per call, for e-mail addresses that must be new
	OrgID   int64  // the acting organization
	UserID  int64  // an accepted member of the acting organization
	// A person and a competence of the acting organization, for the
	// bodies of roles and competence records.
	StaffID, CompetenceID int64
}

// csvFile marks a route that answers a CSV file, for the OpenAPI document.
type csvFile struct{}

// queryParam documents one query parameter of an API route.
type queryParam struct {
	name, typ, desc string
	enum            []string
}

// writes reports whether the route changes data (for the permission test).
func (rt route) writes() bool { return rt.method != http.MethodGet }

var (
	pagingParams = []queryParam{
		{"limit", "integer", "Rows per page, 1 to 500 (default 50).", nil},
		{"offset", "integer", "Rows to skip (default 0).", nil},
		{"q", "string", "Free-text search; every word must match.", nil},
	}
	aiSystemParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.AISystemSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"lifecycle", "string", "Life-cycle stage.", enumStrings(aims.Lifecycles)},
		queryParam{"risk_class", "string", "EU AI Act risk class.", enumStrings(aims.RiskClasses)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"in_scope", "string", "In the AIMS scope.", []string{"yes", "no"}},
		queryParam{"overdue", "boolean", "Only systems whose review is past due.", nil},
		queryParam{"archived", "boolean", "List archived systems instead of active ones.", nil},
	)
	designationParams = append(append([]queryParam{}, pagingParams[:2]...),
		queryParam{"sort", "string", "Sort column.", aims.DesignationSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"body", "string", "Top management or management for AI risk.", enumStrings(aims.Bodies)},
		queryParam{"current", "boolean", "Only designations in force today.", nil},
		queryParam{"archived", "boolean", "List archived designations instead.", nil},
	)
	staffParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.StaffSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"unit", "string", "Unit or department, exactly.", nil},
		queryParam{"status", "string", "Still with the organization, or left.", []string{"active", "left"}},
		queryParam{"archived", "boolean", "List archived people instead.", nil},
	)
	competenceParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.CompetenceSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"kind", "string", "Kind of competence.", enumStrings(aims.CompetenceKinds)},
		queryParam{"archived", "boolean", "List archived competences instead.", nil},
	)
	aimsRoleParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.AIMSRoleSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"archived", "boolean", "List archived roles instead.", nil},
	)
	recordParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column (default: newest completed first).", aims.CompetenceRecordSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"staff_id", "integer", "The person's ID.", nil},
		queryParam{"competence_id", "integer", "The competence's ID.", nil},
		queryParam{"kind", "string", "How the competence was gained.", enumStrings(aims.RecordKinds)},
		queryParam{"effectiveness", "string", "The evaluation of the action's effectiveness.", enumStrings(aims.Effectivenesses)},
		queryParam{"archived", "boolean", "List archived records instead.", nil},
	)
	gapParams = []queryParam{
		{"as_of", "string", "The day the view is worked out for (YYYY-MM-DD, default today).", nil},
		{"within", "integer", "Days ahead that count as expiring soon (default 60).", nil},
		{"role_id", "integer", "Only this AIMS role.", nil},
		{"staff_id", "integer", "Only this person.", nil},
		{"state", "string", "Only this state; the counts still cover every state.", enumStrings(aims.GapStates)},
	}
	securityParams = append(append([]queryParam{}, pagingParams[:2]...),
		queryParam{"kind", "string", "Kind of event.", aims.SecurityKinds},
		queryParam{"user_id", "integer", "User ID of the account.", nil},
	)
	auditParams = append(append([]queryParam{}, pagingParams[:2]...),
		queryParam{"register", "string", "Register, e.g. ai-systems, gap, members.", nil},
		queryParam{"record_id", "string", "Record ID within the register.", nil},
		queryParam{"actor_id", "integer", "User ID of the actor.", nil},
		queryParam{"action", "string", "Action, e.g. create, update, archive.", nil},
		queryParam{"from", "string", "First day (YYYY-MM-DD).", nil},
		queryParam{"to", "string", "Last day (YYYY-MM-DD).", nil},
	)
)

func (s *Server) routeTable() []route {
	const (
		read    = aims.PermRead
		write   = aims.PermWrite
		archive = aims.PermArchive
		self    = aims.PermSelf
		admin   = aims.PermAdmin
		auditor = aims.PermAuditLog
	)
	const (
		systems = aims.RegisterAISystems
		gap     = aims.RegisterGap
		members = aims.RegisterMembers
		pending = "pending-members"
		tokens  = aims.RegisterTokens
		desigs  = aims.RegisterDesignations
		staffs  = aims.RegisterStaff
		comps   = aims.RegisterCompetences
		aroles  = aims.RegisterAIMSRoles
		records = aims.RegisterCompetenceRecords
	)
	staffH, compH, roleH, recH := s.staffHandlers(), s.competenceHandlers(), s.aimsRoleHandlers(), s.recordHandlers()
	personForm := func(ex example) any {
		return url.Values{"name": {"Anna Schmidt"}, "job_title": {"Chief Executive Officer"}, "unit": {"Board"}, "start_date": {"2019-04-01"},
			"version": {strconv.Itoa(ex.Version)}}
	}
	personJSON := func(ex example) any {
		return aims.Staff{Name: "Lena Fischer", JobTitle: "External data protection officer", Unit: "External", Version: ex.Version}
	}
	competenceForm := func(ex example) any {
		return url.Values{"name": {"AI literacy (EU AI Act Art. 4)"}, "kind": {"awareness"}, "validity_months": {"12"},
			"demonstrated": {"E-learning with a final quiz"}, "version": {strconv.Itoa(ex.Version)}}
	}
	competenceJSON := func(ex example) any {
		return aims.Competence{Name: "Fairness testing", Kind: aims.CompetenceSkill, Demonstrated: "A fairness test report reviewed by a peer",
			ValidityMonths: 24, Version: ex.Version}
	}
	aimsRoleForm := func(ex example) any {
		v := url.Values{"name": {"Model owner"}, "responsibilities": {"Answers for a model through its life cycle."}, "version": {strconv.Itoa(ex.Version)}}
		if ex.CompetenceID != 0 {
			v.Set("competences", strconv.FormatInt(ex.CompetenceID, 10))
		}
		if ex.StaffID != 0 {
			v.Set("people", strconv.FormatInt(ex.StaffID, 10))
			v.Set("from_"+strconv.FormatInt(ex.StaffID, 10), "2026-01-01")
		}
		return v
	}
	aimsRoleJSON := func(ex example) any {
		r := aims.AIMSRole{Name: "Human oversight reviewer", Responsibilities: "Reviews declined credit decisions.",
			Authorities: "May overturn a model's decision.", Version: ex.Version}
		if ex.CompetenceID != 0 {
			r.Competences = []aims.RoleCompetence{{CompetenceID: ex.CompetenceID}}
		}
		if ex.StaffID != 0 {
			r.People = []aims.RoleAssignment{{StaffID: ex.StaffID, From: aims.DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))}}
		}
		return r
	}
	recordForm := func(ex example) any {
		return url.Values{"staff_id": {strconv.FormatInt(max(ex.StaffID, 1), 10)}, "competence_id": {strconv.FormatInt(max(ex.CompetenceID, 1), 10)},
			"kind": {"training"}, "title": {"AI literacy e-learning"}, "completed_on": {"2026-03-02"}, "effectiveness": {"effective"},
			"evaluation_method": {"Final quiz, 85%"}, "evaluated_on": {"2026-03-02"}, "version": {strconv.Itoa(ex.Version)}}
	}
	recordJSON := func(ex example) any {
		return aims.CompetenceRecord{StaffID: max(ex.StaffID, 1), CompetenceID: max(ex.CompetenceID, 1), Kind: aims.RecordQualification,
			Title: "ISO/IEC 42001 Lead Auditor", Provider: "An accredited training body", CompletedOn: aims.DateOf(time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC)),
			Evidence: "Certificate no. 42-1234", Version: ex.Version}
	}
	versionForm := func(ex example) any { return url.Values{"version": {strconv.Itoa(ex.Version)}} }
	versionJSON := func(ex example) any { return versionBody{Version: ex.Version} }
	aiSystemForm := func(ex example) any {
		return url.Values{"name": {"Credit scoring v2"}, "purpose": {"Scores consumer loan applications."}, "lifecycle": {"design-development"},
			"review_interval_months": {"12"}, "version": {strconv.Itoa(ex.Version)}}
	}
	designationForm := func(ex example) any {
		return url.Values{"user_id": {strconv.FormatInt(ex.UserID, 10)}, "body": {"top-management"}, "position": {"Chief Executive Officer"},
			"accept_up_to": {"high"}, "from": {"2026-01-01"}, "version": {strconv.Itoa(ex.Version)}}
	}
	designationJSON := func(ex example) any {
		return aims.Designation{UserID: ex.UserID, Body: aims.BodyAIRisk, Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium,
			From: aims.DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Version: ex.Version}
	}
	return []route{
		// Public.
		{method: "GET", path: "/healthz", public: true, h: s.healthz},
		{method: "GET", path: "/static/{file}", public: true, h: s.static},
		{method: "GET", path: "/signin", public: true, h: s.signinPage},
		{method: "POST", path: "/signin", public: true, h: s.signin},
		{method: "GET", path: "/invite/{token}", public: true, h: s.invitePage},
		{method: "POST", path: "/invite/{token}", public: true, h: s.acceptInvite},
		{method: "GET", path: "/api/openapi.json", public: true, h: s.openAPI},

		// The signed-in person's own session.
		{method: "POST", path: "/signout", perm: self, h: s.signout},
		{method: "POST", path: "/switch-org", perm: self, h: s.switchOrg, example: func(ex example) any {
			return url.Values{"org_id": {strconv.FormatInt(ex.OrgID, 10)}}
		}},

		// Pages.
		{method: "GET", path: "/{$}", perm: read, h: s.home},
		{method: "GET", path: "/catalog", perm: read, h: s.catalogPage},
		{method: "GET", path: "/catalog/{framework}", perm: read, h: s.frameworkPage},
		{method: "GET", path: "/catalog/{framework}/{id}", perm: read, h: s.requirementPage},
		{method: "GET", path: "/ai-systems", perm: read, h: s.aiSystemsPage},
		{method: "GET", path: "/ai-systems.csv", perm: read, h: s.aiSystemsCSV},
		{method: "GET", path: "/ai-systems/new", perm: write, h: s.newAISystemPage},
		{method: "POST", path: "/ai-systems", perm: write, h: s.createAISystemForm, example: aiSystemForm},
		{method: "GET", path: "/ai-systems/{id}", perm: read, h: s.aiSystemPage, names: systems},
		{method: "GET", path: "/ai-systems/{id}/edit", perm: write, h: s.editAISystemPage, names: systems},
		{method: "POST", path: "/ai-systems/{id}", perm: write, h: s.updateAISystemForm, names: systems, example: aiSystemForm},
		{method: "GET", path: "/ai-systems/{id}/classify", perm: write, h: s.classifyPage, names: systems},
		{method: "POST", path: "/ai-systems/{id}/classify", perm: write, h: s.classifyForm, names: systems, example: func(ex example) any {
			return url.Values{"annex_iii": {"annex3.5.b"}, "reasoning": {"Assesses the creditworthiness of natural persons."}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "POST", path: "/ai-systems/{id}/reviewed", perm: write, h: s.reviewedAISystemForm, names: systems, example: versionForm},
		{method: "POST", path: "/ai-systems/{id}/archive", perm: archive, h: archiveForm(s, "/ai-systems", s.store.SetAISystemArchived, aiSystemRef, true), names: systems, example: versionForm},
		{method: "POST", path: "/ai-systems/{id}/restore", perm: archive, h: archiveForm(s, "/ai-systems", s.store.SetAISystemArchived, aiSystemRef, false), names: systems, example: versionForm},
		{method: "GET", path: "/gap", perm: read, h: s.gapPage},
		{method: "GET", path: "/gap/report", perm: read, h: s.gapReportPage},
		{method: "GET", path: "/gap/report.pdf", perm: read, h: s.gapReportPDF},
		{method: "GET", path: "/gap/report.csv", perm: read, h: s.gapReportCSV},
		{method: "GET", path: "/gap/{id}", perm: read, h: s.gapEntryPage, names: gap},
		{method: "POST", path: "/gap/{id}", perm: write, h: s.updateGapForm, names: gap, example: func(ex example) any {
			return url.Values{"status": {"partial"}, "notes": {"Policy drafted, approval due."}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "GET", path: "/management", perm: read, h: s.designationsPage},
		{method: "GET", path: "/management.csv", perm: read, h: s.designationsCSV},
		{method: "GET", path: "/management/new", perm: admin, h: s.newDesignationPage},
		{method: "POST", path: "/management", perm: admin, h: s.createDesignationForm, example: designationForm},
		{method: "GET", path: "/management/{id}", perm: read, h: s.designationPage, names: desigs},
		{method: "GET", path: "/management/{id}/edit", perm: admin, h: s.editDesignationPage, names: desigs},
		{method: "POST", path: "/management/{id}", perm: admin, h: s.updateDesignationForm, names: desigs, example: designationForm},
		{method: "POST", path: "/management/{id}/archive", perm: admin, h: archiveForm(s, "/management", s.store.SetDesignationArchived, designationRef, true), names: desigs, example: versionForm},
		{method: "POST", path: "/management/{id}/restore", perm: admin, h: archiveForm(s, "/management", s.store.SetDesignationArchived, designationRef, false), names: desigs, example: versionForm},
		// People in the AIMS, competences, AIMS roles, competence records
		// and the competence gap view (5.3, A.3.2, 7.2, 7.3).
		{method: "GET", path: "/staff", perm: read, h: s.staffPage},
		{method: "GET", path: "/staff.csv", perm: read, h: s.staffCSV},
		{method: "GET", path: "/staff/new", perm: write, h: s.newPersonPage},
		{method: "POST", path: "/staff", perm: write, h: staffH.createForm, example: personForm},
		{method: "GET", path: "/staff/{id}", perm: read, h: s.personPage, names: staffs},
		{method: "GET", path: "/staff/{id}/edit", perm: write, h: staffH.editPage, names: staffs},
		{method: "POST", path: "/staff/{id}", perm: write, h: staffH.updateForm, names: staffs, example: personForm},
		{method: "POST", path: "/staff/{id}/archive", perm: archive, h: archiveForm(s, "/staff", s.store.SetPersonArchived, staffRef, true), names: staffs, example: versionForm},
		{method: "POST", path: "/staff/{id}/restore", perm: archive, h: archiveForm(s, "/staff", s.store.SetPersonArchived, staffRef, false), names: staffs, example: versionForm},
		{method: "GET", path: "/competences", perm: read, h: s.competencesPage},
		{method: "GET", path: "/competences.csv", perm: read, h: s.competencesCSV},
		{method: "GET", path: "/competences/new", perm: write, h: s.newCompetencePage},
		{method: "POST", path: "/competences", perm: write, h: compH.createForm, example: competenceForm},
		{method: "GET", path: "/competences/{id}", perm: read, h: s.competencePage, names: comps},
		{method: "GET", path: "/competences/{id}/edit", perm: write, h: compH.editPage, names: comps},
		{method: "POST", path: "/competences/{id}", perm: write, h: compH.updateForm, names: comps, example: competenceForm},
		{method: "POST", path: "/competences/{id}/archive", perm: archive, h: archiveForm(s, "/competences", s.store.SetCompetenceArchived, competenceRef, true), names: comps, example: versionForm},
		{method: "POST", path: "/competences/{id}/restore", perm: archive, h: archiveForm(s, "/competences", s.store.SetCompetenceArchived, competenceRef, false), names: comps, example: versionForm},
		{method: "GET", path: "/roles", perm: read, h: s.aimsRolesPage},
		{method: "GET", path: "/roles.csv", perm: read, h: s.aimsRolesCSV},
		{method: "GET", path: "/roles/new", perm: write, h: s.newAIMSRolePage},
		{method: "POST", path: "/roles", perm: write, h: roleH.createForm, example: aimsRoleForm},
		{method: "GET", path: "/roles/{id}", perm: read, h: s.aimsRolePage, names: aroles},
		{method: "GET", path: "/roles/{id}/edit", perm: write, h: roleH.editPage, names: aroles},
		{method: "POST", path: "/roles/{id}", perm: write, h: roleH.updateForm, names: aroles, example: aimsRoleForm},
		{method: "POST", path: "/roles/{id}/archive", perm: archive, h: archiveForm(s, "/roles", s.store.SetAIMSRoleArchived, aimsRoleRef, true), names: aroles, example: versionForm},
		{method: "POST", path: "/roles/{id}/restore", perm: archive, h: archiveForm(s, "/roles", s.store.SetAIMSRoleArchived, aimsRoleRef, false), names: aroles, example: versionForm},
		{method: "GET", path: "/training", perm: read, h: s.trainingPage},
		{method: "GET", path: "/training.csv", perm: read, h: s.trainingCSV},
		{method: "GET", path: "/training/new", perm: write, h: s.newTrainingRecordPage},
		{method: "POST", path: "/training", perm: write, h: recH.createForm, example: recordForm},
		{method: "GET", path: "/training/{id}", perm: read, h: s.trainingRecordPage, names: records},
		{method: "GET", path: "/training/{id}/edit", perm: write, h: recH.editPage, names: records},
		{method: "POST", path: "/training/{id}", perm: write, h: recH.updateForm, names: records, example: recordForm},
		{method: "POST", path: "/training/{id}/archive", perm: archive, h: archiveForm(s, "/training", s.store.SetCompetenceRecordArchived, recordRef, true), names: records, example: versionForm},
		{method: "POST", path: "/training/{id}/restore", perm: archive, h: archiveForm(s, "/training", s.store.SetCompetenceRecordArchived, recordRef, false), names: records, example: versionForm},
		{method: "GET", path: "/competence-gaps", perm: read, h: s.competenceGapsPage},
		{method: "GET", path: "/competence-gaps.csv", perm: read, h: s.competenceGapsCSV},
		{method: "GET", path: "/people", perm: read, h: s.peoplePage},
		{method: "POST", path: "/people", perm: admin, h: s.addMemberForm, example: func(ex example) any {
			return url.Values{"email": {"new-" + ex.Unique + "@example.test"}, "name": {"New Person"}, "role": {"viewer"}}
		}},
		{method: "GET", path: "/people/{id}", perm: auditor, h: s.memberPage, names: members},
		{method: "POST", path: "/people/{id}", perm: admin, h: s.updateMemberForm, names: members, example: func(ex example) any {
			return url.Values{"role": {"viewer"}, "active": {"on"}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "POST", path: "/people/{id}/invite", perm: admin, h: s.reinviteForm, names: pending, example: func(example) any { return url.Values{} }},
		{method: "GET", path: "/tokens", perm: self, h: s.tokensPage},
		{method: "POST", path: "/tokens", perm: self, h: s.createTokenForm, example: func(example) any {
			return url.Values{"label": {"CI release gate"}, "read_only": {"on"}}
		}},
		{method: "POST", path: "/tokens/{id}/revoke", perm: self, h: s.revokeTokenForm, names: tokens, example: func(example) any { return url.Values{} }},
		{method: "GET", path: "/audit", perm: auditor, h: s.auditPage},
		{method: "GET", path: "/audit/checkpoint.json", perm: auditor, h: s.checkpointDownload},
		{method: "GET", path: "/security", perm: auditor, h: s.securityPage},

		// API.
		{method: "GET", path: "/api/v1/me", perm: self, api: true, summary: "Who is acting: user, organization and role.", reply: meReply{}, h: s.apiMe},
		{method: "GET", path: "/api/v1/frameworks", perm: read, api: true, summary: "List the frameworks in the catalog.", reply: itemsOf[frameworkSummary]{}, h: s.apiFrameworks},
		{method: "GET", path: "/api/v1/frameworks/{id}/requirements", perm: read, api: true, summary: "List a framework's requirements in the standard's order (ISO/IEC 42001 has id iso42001).", reply: itemsOf[*catalog.Requirement]{}, h: s.apiRequirements},
		{method: "GET", path: "/api/v1/ai-systems", perm: read, api: true, summary: "List the AI system inventory.", query: aiSystemParams, reply: aims.Page[aims.AISystem]{}, h: s.apiAISystems},
		{method: "GET", path: "/api/v1/ai-systems.csv", perm: read, api: true, summary: "Export the AI system inventory as CSV, streamed; takes the list's filters.", query: aiSystemParams, reply: csvFile{}, h: s.aiSystemsCSV},
		{method: "POST", path: "/api/v1/ai-systems", perm: write, api: true, summary: "Register an AI system; only name and purpose are required.", body: aims.AISystem{}, reply: aims.AISystem{}, status: http.StatusCreated, h: s.apiCreateAISystem,
			example: func(example) any {
				return aims.AISystem{Name: "Invoice OCR", Purpose: "Reads supplier invoices into the ledger."}
			}},
		{method: "GET", path: "/api/v1/ai-systems/{id}", perm: read, api: true, summary: "Read an AI system.", reply: aims.AISystem{}, h: s.apiAISystem, names: systems},
		{method: "PUT", path: "/api/v1/ai-systems/{id}", perm: write, api: true, summary: "Update an AI system: send the record as read, with its version; a stale version answers 409.", body: aims.AISystem{}, reply: aims.AISystem{}, h: s.apiUpdateAISystem, names: systems,
			example: func(ex example) any {
				return aims.AISystem{Name: "Invoice OCR", Purpose: "Reads supplier invoices into the ledger.", Lifecycle: aims.StageOperation, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/ai-systems/{id}/archive", perm: archive, api: true, summary: "Archive an AI system (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.AISystem{}, h: apiArchive(s.store.SetAISystemArchived, true), names: systems, example: versionJSON},
		{method: "POST", path: "/api/v1/ai-systems/{id}/restore", perm: archive, api: true, summary: "Restore an archived AI system.", body: versionBody{}, reply: aims.AISystem{}, h: apiArchive(s.store.SetAISystemArchived, false), names: systems, example: versionJSON},
		{method: "GET", path: "/api/v1/ai-systems/{id}/history", perm: read, api: true, summary: "The AI system's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, systems, s.store.AISystem), names: systems},
		{method: "GET", path: "/api/v1/gap-assessment", perm: read, api: true, summary: "The gap analysis: every clause requirement and Annex A control with its status, and readiness per clause and Annex A group.", reply: gapReply{}, h: s.apiGap},
		{method: "GET", path: "/api/v1/gap-assessment.csv", perm: read, api: true, summary: "The gap report as CSV, ordered by priority.", reply: csvFile{}, h: s.gapReportCSV},
		{method: "GET", path: "/api/v1/gap-assessment/{requirementID}", perm: read, api: true, summary: "One requirement's gap entry.", reply: aims.GapEntry{}, h: s.apiGapEntry, names: gap},
		{method: "PUT", path: "/api/v1/gap-assessment/{requirementID}", perm: write, api: true, summary: "Record a requirement's status, justification, owner, target date, notes and links; send the version read (0 if never assessed).", body: aims.GapEntry{}, reply: aims.GapEntry{}, h: s.apiUpdateGap, names: gap,
			example: func(ex example) any {
				return aims.GapEntry{Status: aims.GapPlanned, Notes: "Scope statement drafted.", Links: []aims.GapLink{}, Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/designations", perm: read, api: true, summary: "List the designations of top management and of management for AI risk, in force and ended.", query: designationParams, reply: aims.Page[aims.Designation]{}, h: s.apiDesignations},
		{method: "GET", path: "/api/v1/designations.csv", perm: read, api: true, summary: "Export the designations as CSV; takes the list's filters.", query: designationParams, reply: csvFile{}, h: s.designationsCSV},
		{method: "POST", path: "/api/v1/designations", perm: admin, api: true, summary: "Designate a member as top management or as management for AI risk, from a day, with the highest residual risk they may accept (admins only).", body: aims.Designation{}, reply: aims.Designation{}, status: http.StatusCreated, h: s.apiCreateDesignation, example: designationJSON},
		{method: "GET", path: "/api/v1/designations/{id}", perm: read, api: true, summary: "Read a designation.", reply: aims.Designation{}, h: s.apiDesignation, names: desigs},
		{method: "PUT", path: "/api/v1/designations/{id}", perm: admin, api: true, summary: "Update a designation, for instance set its last day; send the version read.", body: aims.Designation{}, reply: aims.Designation{}, h: s.apiUpdateDesignation, names: desigs, example: designationJSON},
		{method: "POST", path: "/api/v1/designations/{id}/archive", perm: admin, api: true, summary: "Archive a designation entered in error (an ended one keeps its last day instead).", body: versionBody{}, reply: aims.Designation{}, h: apiArchive(s.store.SetDesignationArchived, true), names: desigs, example: versionJSON},
		{method: "POST", path: "/api/v1/designations/{id}/restore", perm: admin, api: true, summary: "Restore an archived designation.", body: versionBody{}, reply: aims.Designation{}, h: apiArchive(s.store.SetDesignationArchived, false), names: desigs, example: versionJSON},
		{method: "GET", path: "/api/v1/designations/{id}/history", perm: read, api: true, summary: "The designation's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, desigs, s.store.Designation), names: desigs},
		{method: "GET", path: "/api/v1/staff", perm: read, api: true, summary: "List the people in the AIMS (with or without a sign-in).", query: staffParams, reply: aims.Page[aims.Staff]{}, h: s.apiStaff},
		{method: "GET", path: "/api/v1/staff.csv", perm: read, api: true, summary: "Export the people in the AIMS as CSV; takes the list's filters.", query: staffParams, reply: csvFile{}, h: s.staffCSV},
		{method: "POST", path: "/api/v1/staff", perm: write, api: true, summary: "Add a person to the AIMS; user_id optionally links a member of the organization (one person per member).", body: aims.Staff{}, reply: aims.Staff{}, status: http.StatusCreated, h: staffH.apiCreate, example: personJSON},
		{method: "GET", path: "/api/v1/staff/{id}", perm: read, api: true, summary: "Read a person.", reply: aims.Staff{}, h: staffH.apiGet, names: staffs},
		{method: "PUT", path: "/api/v1/staff/{id}", perm: write, api: true, summary: "Update a person; send the version read.", body: aims.Staff{}, reply: aims.Staff{}, h: staffH.apiUpdate, names: staffs, example: personJSON},
		{method: "POST", path: "/api/v1/staff/{id}/archive", perm: archive, api: true, summary: "Archive a person entered in error (one who left is marked left instead).", body: versionBody{}, reply: aims.Staff{}, h: apiArchive(s.store.SetPersonArchived, true), names: staffs, example: versionJSON},
		{method: "POST", path: "/api/v1/staff/{id}/restore", perm: archive, api: true, summary: "Restore an archived person.", body: versionBody{}, reply: aims.Staff{}, h: apiArchive(s.store.SetPersonArchived, false), names: staffs, example: versionJSON},
		{method: "GET", path: "/api/v1/staff/{id}/history", perm: read, api: true, summary: "The person's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, staffs, s.store.Person), names: staffs},
		{method: "GET", path: "/api/v1/competences", perm: read, api: true, summary: "List the competence catalogue.", query: competenceParams, reply: aims.Page[aims.Competence]{}, h: s.apiCompetences},
		{method: "GET", path: "/api/v1/competences.csv", perm: read, api: true, summary: "Export the competence catalogue as CSV.", query: competenceParams, reply: csvFile{}, h: s.competencesCSV},
		{method: "POST", path: "/api/v1/competences", perm: write, api: true, summary: "Add a competence: kind, how it is demonstrated, validity in months (0: does not expire).", body: aims.Competence{}, reply: aims.Competence{}, status: http.StatusCreated, h: compH.apiCreate, example: competenceJSON},
		{method: "GET", path: "/api/v1/competences/{id}", perm: read, api: true, summary: "Read a competence.", reply: aims.Competence{}, h: compH.apiGet, names: comps},
		{method: "PUT", path: "/api/v1/competences/{id}", perm: write, api: true, summary: "Update a competence; send the version read. Records made keep their expiry.", body: aims.Competence{}, reply: aims.Competence{}, h: compH.apiUpdate, names: comps, example: competenceJSON},
		{method: "POST", path: "/api/v1/competences/{id}/archive", perm: archive, api: true, summary: "Archive a competence no longer used; roles stop requiring it in the gap view.", body: versionBody{}, reply: aims.Competence{}, h: apiArchive(s.store.SetCompetenceArchived, true), names: comps, example: versionJSON},
		{method: "POST", path: "/api/v1/competences/{id}/restore", perm: archive, api: true, summary: "Restore an archived competence.", body: versionBody{}, reply: aims.Competence{}, h: apiArchive(s.store.SetCompetenceArchived, false), names: comps, example: versionJSON},
		{method: "GET", path: "/api/v1/competences/{id}/history", perm: read, api: true, summary: "The competence's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, comps, s.store.Competence), names: comps},
		{method: "GET", path: "/api/v1/aims-roles", perm: read, api: true, summary: "List the AIMS roles with the number of competences they require and people who hold them.", query: aimsRoleParams, reply: aims.Page[sqlstore.AIMSRoleRow]{}, h: s.apiAIMSRoles},
		{method: "GET", path: "/api/v1/aims-roles.csv", perm: read, api: true, summary: "Export the AIMS roles as CSV.", query: aimsRoleParams, reply: csvFile{}, h: s.aimsRolesCSV},
		{method: "POST", path: "/api/v1/aims-roles", perm: write, api: true, summary: "Define an AIMS role: responsibilities, authorities, the role it reports to, required competences and the people assigned.", body: aims.AIMSRole{}, reply: aims.AIMSRole{}, status: http.StatusCreated, h: roleH.apiCreate, example: aimsRoleJSON},
		{method: "GET", path: "/api/v1/aims-roles/{id}", perm: read, api: true, summary: "Read an AIMS role with its competences and people.", reply: aims.AIMSRole{}, h: roleH.apiGet, names: aroles},
		{method: "PUT", path: "/api/v1/aims-roles/{id}", perm: write, api: true, summary: "Update an AIMS role; its competences and people are replaced by those sent. Send the version read.", body: aims.AIMSRole{}, reply: aims.AIMSRole{}, h: roleH.apiUpdate, names: aroles, example: aimsRoleJSON},
		{method: "POST", path: "/api/v1/aims-roles/{id}/archive", perm: archive, api: true, summary: "Archive an AIMS role no longer used.", body: versionBody{}, reply: aims.AIMSRole{}, h: apiArchive(s.store.SetAIMSRoleArchived, true), names: aroles, example: versionJSON},
		{method: "POST", path: "/api/v1/aims-roles/{id}/restore", perm: archive, api: true, summary: "Restore an archived AIMS role.", body: versionBody{}, reply: aims.AIMSRole{}, h: apiArchive(s.store.SetAIMSRoleArchived, false), names: aroles, example: versionJSON},
		{method: "GET", path: "/api/v1/aims-roles/{id}/history", perm: read, api: true, summary: "The AIMS role's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aroles, s.store.AIMSRole), names: aroles},
		{method: "GET", path: "/api/v1/competence-records", perm: read, api: true, summary: "List the competence records (training, qualifications, experience), newest first.", query: recordParams, reply: aims.Page[aims.CompetenceRecord]{}, h: s.apiCompetenceRecords},
		{method: "GET", path: "/api/v1/competence-records.csv", perm: read, api: true, summary: "Export the competence records as CSV.", query: recordParams, reply: csvFile{}, h: s.trainingCSV},
		{method: "POST", path: "/api/v1/competence-records", perm: write, api: true, summary: "Record that a person gained a competence; expires_on defaults from the competence's validity. The effectiveness of the action (7.2) is evaluated on the record.", body: aims.CompetenceRecord{}, reply: aims.CompetenceRecord{}, status: http.StatusCreated, h: recH.apiCreate, example: recordJSON},
		{method: "GET", path: "/api/v1/competence-records/{id}", perm: read, api: true, summary: "Read a competence record.", reply: aims.CompetenceRecord{}, h: recH.apiGet, names: records},
		{method: "PUT", path: "/api/v1/competence-records/{id}", perm: write, api: true, summary: "Update a competence record, for instance its evaluation; send the version read.", body: aims.CompetenceRecord{}, reply: aims.CompetenceRecord{}, h: recH.apiUpdate, names: records, example: recordJSON},
		{method: "POST", path: "/api/v1/competence-records/{id}/archive", perm: archive, api: true, summary: "Archive a competence record entered in error.", body: versionBody{}, reply: aims.CompetenceRecord{}, h: apiArchive(s.store.SetCompetenceRecordArchived, true), names: records, example: versionJSON},
		{method: "POST", path: "/api/v1/competence-records/{id}/restore", perm: archive, api: true, summary: "Restore an archived competence record.", body: versionBody{}, reply: aims.CompetenceRecord{}, h: apiArchive(s.store.SetCompetenceRecordArchived, false), names: records, example: versionJSON},
		{method: "GET", path: "/api/v1/competence-records/{id}/history", perm: read, api: true, summary: "The competence record's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, records, s.store.CompetenceRecord), names: records},
		{method: "GET", path: "/api/v1/competence-gaps", perm: read, api: true, summary: "The competence gap view on a day: for each active person assigned to a role, each competence the role requires, held, expiring soon, expired or missing, with a count per state.", query: gapParams, reply: aims.GapView{}, h: s.apiCompetenceGaps},
		{method: "GET", path: "/api/v1/competence-gaps.csv", perm: read, api: true, summary: "The competence gap view as CSV; takes the same filters.", query: gapParams, reply: csvFile{}, h: s.competenceGapsCSV},
		{method: "GET", path: "/api/v1/members", perm: read, api: true, summary: "List the organization's people.", query: pagingParams[:2], reply: aims.Page[aims.Member]{}, h: s.apiMembers},
		{method: "POST", path: "/api/v1/members", perm: admin, api: true, summary: "Invite a person: they join, pending, and get an invitation link to accept (and set a password if their address has no account yet). The reply is the same whether or not the address has an account.", body: aims.NewMember{}, reply: memberCreated{}, status: http.StatusCreated, h: s.apiAddMember,
			example: func(ex example) any {
				return aims.NewMember{Email: "api-" + ex.Unique + "@example.test", Name: "Ana Auditor", Role: aims.RoleAuditor}
			}},
		{method: "PUT", path: "/api/v1/members/{id}", perm: admin, api: true, summary: "Change a member's role, access end date or active flag; send the version read.", body: aims.MemberUpdate{}, reply: aims.Member{}, h: s.apiUpdateMember, names: members,
			example: func(ex example) any {
				return aims.MemberUpdate{Role: aims.RoleViewer, Active: true, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/members/{id}/invitation", perm: admin, api: true, summary: "Give a pending member a new invitation link; the earlier link stops working.", reply: memberCreated{}, status: http.StatusCreated, h: s.apiReinvite, names: pending},
		{method: "GET", path: "/api/v1/tokens", perm: self, api: true, summary: "List API tokens: your own, or everyone's for admins.", query: pagingParams[:2], reply: aims.Page[aims.APIToken]{}, h: s.apiTokens},
		{method: "POST", path: "/api/v1/tokens", perm: self, api: true, summary: "Create an API token for yourself, optionally read-only and with a last day; the secret is shown once.", body: aims.NewAPIToken{}, reply: tokenCreated{}, status: http.StatusCreated, h: s.apiCreateToken,
			example: func(example) any { return aims.NewAPIToken{Label: "Nightly export", ReadOnly: true} }},
		{method: "POST", path: "/api/v1/tokens/{id}/revoke", perm: self, api: true, summary: "Revoke an API token (your own; admins any).", reply: aims.APIToken{}, h: s.apiRevokeToken, names: tokens},
		{method: "GET", path: "/api/v1/audit-events", perm: auditor, api: true, summary: "The organization's audit trail, newest first.", query: auditParams, reply: aims.Page[aims.AuditEvent]{}, h: s.apiAuditEvents},
		{method: "GET", path: "/api/v1/audit-checkpoint", perm: auditor, api: true, summary: "The audit chain's current head, signed with the installation's checkpoint key (its public key is in the reply). The organization keeps it outside aims; aims audit verify --checkpoint FILE later proves every event up to it is unchanged.", reply: aims.CheckpointFile{}, h: s.apiCheckpoint},
		{method: "GET", path: "/api/v1/security-events", perm: auditor, api: true, summary: "The security log, newest first: sign-ins, failed and refused sign-ins, sign-outs, organization switches, passwords set and reset, invitations accepted, API tokens created and revoked.", query: securityParams, reply: aims.Page[aims.SecurityEvent]{}, h: s.apiSecurityEvents},
	}
}

// itemsOf is a list reply without paging.
type itemsOf[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
