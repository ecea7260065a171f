package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
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
	concernParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.ConcernSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"status", "string", "Triage status.", enumStrings(aims.ConcernStatuses)},
		queryParam{"category", "string", "Category.", enumStrings(aims.ConcernCategories)},
		queryParam{"severity", "string", "Severity.", enumStrings(aims.ConcernSeverities)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"ai_system_id", "integer", "The AI system concerned.", nil},
		queryParam{"open", "boolean", "Only concerns not yet resolved or dismissed.", nil},
		queryParam{"overdue", "boolean", "Only open concerns past their response due date.", nil},
		queryParam{"archived", "boolean", "List archived concerns instead.", nil},
	)
	communicationParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.CommunicationSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"audience", "string", "Internal or external.", enumStrings(aims.Audiences)},
		queryParam{"frequency", "string", "How often.", enumStrings(aims.Frequencies)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"overdue", "boolean", "Only items whose next communication is past due.", nil},
		queryParam{"archived", "boolean", "List archived items instead.", nil},
	)
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
		cons    = aims.RegisterConcerns
		conPage = aims.RegisterConcernChannel
		comms   = aims.RegisterCommunications
	)
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
	concernForm := func(ex example) any {
		return url.Values{"channel": {"email"}, "category": {"bias"}, "received_on": {"2026-11-20"},
			"description": {"I was declined for a loan and was not told why."}, "reporter_name": {"A. Applicant"}}
	}
	triageForm := func(ex example) any {
		return url.Values{"status": {"triaged"}, "severity": {"medium"}, "category": {"transparency"}, "response_due": {"2026-12-20"},
			"version": {strconv.Itoa(ex.Version)}}
	}
	concernJSON := func(ex example) any {
		return aims.Concern{Channel: aims.ChannelPhone, Category: aims.ConcernTransparency, Description: "The chat assistant quoted the wrong fee.",
			Status: aims.ConcernTriaged, Severity: aims.SeverityLow, Version: ex.Version}
	}
	communicationForm := func(ex example) any {
		return url.Values{"subject": {"Quarterly AIMS update"}, "audience": {"internal"}, "audience_detail": {"Board of directors"},
			"frequency": {"quarterly"}, "next_due": {"2027-01-15"}, "channel": {"Board pack"}, "version": {strconv.Itoa(ex.Version)}}
	}
	sentForm := func(ex example) any {
		return url.Values{"sent_on": {"2026-11-20"}, "what": {"Q3 AIMS report"}, "recipients": {"Board"}, "version": {strconv.Itoa(ex.Version)}}
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
		{method: "GET", path: "/report/{key}", public: true, h: s.publicReportForm},
		{method: "POST", path: "/report/{key}", public: true, h: s.publicReport},
		{method: "POST", path: "/report/{key}/status", public: true, h: s.publicReportStatus},

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
		{method: "GET", path: "/concerns", perm: read, h: s.concernsPage},
		{method: "GET", path: "/concerns.csv", perm: read, h: s.concernsCSV},
		{method: "GET", path: "/concerns/new", perm: write, h: s.newConcernPage},
		{method: "POST", path: "/concerns", perm: write, h: s.createConcernForm, example: concernForm},
		{method: "POST", path: "/concerns/public-page", perm: admin, h: s.concernChannelForm, names: conPage, example: func(ex example) any {
			return url.Values{"action": {"enable"}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "GET", path: "/concerns/{id}", perm: read, h: s.concernPage, names: cons},
		{method: "POST", path: "/concerns/{id}", perm: write, h: s.triageConcernForm, names: cons, example: triageForm},
		{method: "POST", path: "/concerns/{id}/archive", perm: archive, h: archiveForm(s, "/concerns", s.store.SetConcernArchived, concernRef, true), names: cons, example: versionForm},
		{method: "POST", path: "/concerns/{id}/restore", perm: archive, h: archiveForm(s, "/concerns", s.store.SetConcernArchived, concernRef, false), names: cons, example: versionForm},
		{method: "GET", path: "/communication", perm: read, h: s.communicationsPage},
		{method: "GET", path: "/communication.csv", perm: read, h: s.communicationsCSV},
		{method: "GET", path: "/communication/new", perm: write, h: s.newCommunicationPage},
		{method: "POST", path: "/communication", perm: write, h: s.createCommunicationForm, example: communicationForm},
		{method: "GET", path: "/communication/{id}", perm: read, h: s.communicationPage, names: comms},
		{method: "GET", path: "/communication/{id}/edit", perm: write, h: s.editCommunicationPage, names: comms},
		{method: "POST", path: "/communication/{id}", perm: write, h: s.updateCommunicationForm, names: comms, example: communicationForm},
		{method: "POST", path: "/communication/{id}/sent", perm: write, h: s.logSentForm, names: comms, example: sentForm},
		{method: "POST", path: "/communication/{id}/archive", perm: archive, h: archiveForm(s, "/communication", s.store.SetCommunicationArchived, communicationRef, true), names: comms, example: versionForm},
		{method: "POST", path: "/communication/{id}/restore", perm: archive, h: archiveForm(s, "/communication", s.store.SetCommunicationArchived, communicationRef, false), names: comms, example: versionForm},
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
		{method: "GET", path: "/api/v1/concerns", perm: read, api: true, summary: "List concerns about the organization's AI (A.3.3).", query: concernParams, reply: aims.Page[aims.Concern]{}, h: s.apiConcerns},
		{method: "GET", path: "/api/v1/concerns.csv", perm: read, api: true, summary: "Export concerns as CSV, streamed; takes the list's filters. Reporters' contact details are left out.", query: concernParams, reply: csvFile{}, h: s.concernsCSV},
		{method: "POST", path: "/api/v1/concerns", perm: write, api: true, summary: "Log a concern received by e-mail, phone or in person; the reporter may be anonymous. Only the public reporting page gives the channel public-form.", body: aims.Concern{}, reply: aims.Concern{}, status: http.StatusCreated, h: s.apiCreateConcern,
			example: func(example) any {
				return aims.Concern{Channel: aims.ChannelEmail, Category: aims.ConcernBias, Description: "My application was declined by the scoring system; I want to know why."}
			}},
		{method: "GET", path: "/api/v1/concerns/{id}", perm: read, api: true, summary: "Read a concern.", reply: aims.Concern{}, h: s.apiConcern, names: cons},
		{method: "PUT", path: "/api/v1/concerns/{id}", perm: write, api: true, summary: "Triage or edit a concern: send the record as read, with its version; a stale version answers 409. Closing (resolved, dismissed) needs a resolution.", body: aims.Concern{}, reply: aims.Concern{}, h: s.apiUpdateConcern, names: cons, example: concernJSON},
		{method: "POST", path: "/api/v1/concerns/{id}/archive", perm: archive, api: true, summary: "Archive a concern (nothing is deleted).", body: versionBody{}, reply: aims.Concern{}, h: apiArchive(s.store.SetConcernArchived, true), names: cons, example: versionJSON},
		{method: "POST", path: "/api/v1/concerns/{id}/restore", perm: archive, api: true, summary: "Restore an archived concern.", body: versionBody{}, reply: aims.Concern{}, h: apiArchive(s.store.SetConcernArchived, false), names: cons, example: versionJSON},
		{method: "GET", path: "/api/v1/concerns/{id}/history", perm: read, api: true, summary: "The concern's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, cons, s.store.Concern), names: cons},
		{method: "GET", path: "/api/v1/concern-channel", perm: read, api: true, summary: "The public reporting page: whether it is on, and its key (the page is /report/{key}).", reply: aims.ConcernChannelState{}, h: s.apiConcernChannel},
		{method: "POST", path: "/api/v1/concern-channel", perm: admin, api: true, summary: "Enable, disable or rotate the public reporting page (action enable, disable or rotate) at the version read (0 before it was first enabled). Rotating retires the old address.", body: channelBody{}, reply: aims.ConcernChannelState{}, h: s.apiSetConcernChannel, names: conPage,
			example: func(ex example) any { return channelBody{Action: aims.ChannelRotate, Version: ex.Version} }},
		{method: "GET", path: "/api/v1/communications", perm: read, api: true, summary: "List the communication plan (7.4).", query: communicationParams, reply: aims.Page[aims.Communication]{}, h: s.apiCommunications},
		{method: "GET", path: "/api/v1/communications.csv", perm: read, api: true, summary: "Export the communication plan as CSV; takes the list's filters.", query: communicationParams, reply: csvFile{}, h: s.communicationsCSV},
		{method: "POST", path: "/api/v1/communications", perm: write, api: true, summary: "Add an item to the communication plan: what, with whom, when, how and who.", body: aims.Communication{}, reply: aims.Communication{}, status: http.StatusCreated, h: s.apiCreateCommunication,
			example: func(example) any {
				return aims.Communication{Subject: "AI policy to all staff", Audience: aims.AudienceInternal, AudienceDetail: "All staff",
					Frequency: aims.FrequencyOnEvent, Channel: "Intranet and e-mail"}
			}},
		{method: "GET", path: "/api/v1/communications/{id}", perm: read, api: true, summary: "Read a plan item.", reply: aims.Communication{}, h: s.apiCommunication, names: comms},
		{method: "PUT", path: "/api/v1/communications/{id}", perm: write, api: true, summary: "Update a plan item: send it as read, with its version; a stale version answers 409. The log's figures (last_sent, sends) are kept.", body: aims.Communication{}, reply: aims.Communication{}, h: s.apiUpdateCommunication, names: comms,
			example: func(ex example) any {
				return aims.Communication{Subject: "AI policy to all staff", Audience: aims.AudienceInternal, AudienceDetail: "All staff",
					Frequency: aims.FrequencyOnEvent, Channel: "Intranet", Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/communications/{id}/sends", perm: read, api: true, summary: "The log of what was sent under a plan item, newest first (at most 100).", reply: itemsOf[aims.CommunicationSend]{}, h: s.apiCommunicationSends, names: comms},
		{method: "POST", path: "/api/v1/communications/{id}/sends", perm: write, api: true, summary: "Log something sent under a plan item, with the item's version read; its next due date moves on by its frequency. Answers the plan item.", body: aims.CommunicationSend{}, reply: aims.Communication{}, status: http.StatusCreated, h: s.apiLogCommunication, names: comms,
			example: func(ex example) any {
				return aims.CommunicationSend{SentOn: aims.DateOf(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), What: "Policy v2 announcement", Recipients: "All staff", Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/communications/{id}/archive", perm: archive, api: true, summary: "Archive a plan item (nothing is deleted).", body: versionBody{}, reply: aims.Communication{}, h: apiArchive(s.store.SetCommunicationArchived, true), names: comms, example: versionJSON},
		{method: "POST", path: "/api/v1/communications/{id}/restore", perm: archive, api: true, summary: "Restore an archived plan item.", body: versionBody{}, reply: aims.Communication{}, h: apiArchive(s.store.SetCommunicationArchived, false), names: comms, example: versionJSON},
		{method: "GET", path: "/api/v1/communications/{id}/history", perm: read, api: true, summary: "The plan item's change history, with each communication logged, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, comms, s.store.Communication), names: comms},
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
