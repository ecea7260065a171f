package web

import (
	"net/http"
	"net/url"
	"strconv"

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
	)
	versionForm := func(ex example) any { return url.Values{"version": {strconv.Itoa(ex.Version)}} }
	versionJSON := func(ex example) any { return versionBody{Version: ex.Version} }
	aiSystemForm := func(ex example) any {
		return url.Values{"name": {"Credit scoring v2"}, "purpose": {"Scores consumer loan applications."}, "lifecycle": {"design-development"},
			"review_interval_months": {"12"}, "version": {strconv.Itoa(ex.Version)}}
	}
	partyForm := func(ex example) any {
		return url.Values{"name": {"Loan applicants"}, "type": {"customer"}, "addressed": {"partly"}, "version": {strconv.Itoa(ex.Version)}}
	}
	obligationForm := func(ex example) any {
		return url.Values{"title": {"Automated individual decisions"}, "kind": {"legal"}, "source": {"GDPR Art. 22"}, "status": {"partly-met"}, "version": {strconv.Itoa(ex.Version)}}
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
		// Context: interested parties (4.2) and obligations (4.1, 4.2).
		{method: "GET", path: "/interested-parties", perm: read, h: s.partiesPage},
		{method: "GET", path: "/interested-parties.csv", perm: read, h: s.partiesCSV},
		{method: "GET", path: "/interested-parties/new", perm: write, h: s.newPartyPage},
		{method: "POST", path: "/interested-parties", perm: write, h: s.createPartyForm, example: partyForm},
		{method: "GET", path: "/interested-parties/{id}", perm: read, h: s.partyPage, names: aims.RegisterParties},
		{method: "GET", path: "/interested-parties/{id}/edit", perm: write, h: s.editPartyPage, names: aims.RegisterParties},
		{method: "POST", path: "/interested-parties/{id}", perm: write, h: s.updatePartyForm, names: aims.RegisterParties, example: partyForm},
		{method: "POST", path: "/interested-parties/{id}/archive", perm: archive, h: archiveForm(s, "/interested-parties", s.store.SetPartyArchived, partyRef, true), names: aims.RegisterParties, example: versionForm},
		{method: "POST", path: "/interested-parties/{id}/restore", perm: archive, h: archiveForm(s, "/interested-parties", s.store.SetPartyArchived, partyRef, false), names: aims.RegisterParties, example: versionForm},
		{method: "GET", path: "/obligations", perm: read, h: s.obligationsPage},
		{method: "GET", path: "/obligations.csv", perm: read, h: s.obligationsCSV},
		{method: "GET", path: "/obligations/new", perm: write, h: s.newObligationPage},
		{method: "POST", path: "/obligations", perm: write, h: s.createObligationForm, example: obligationForm},
		{method: "GET", path: "/obligations/{id}", perm: read, h: s.obligationPage, names: aims.RegisterObligations},
		{method: "GET", path: "/obligations/{id}/edit", perm: write, h: s.editObligationPage, names: aims.RegisterObligations},
		{method: "POST", path: "/obligations/{id}", perm: write, h: s.updateObligationForm, names: aims.RegisterObligations, example: obligationForm},
		{method: "POST", path: "/obligations/{id}/archive", perm: archive, h: archiveForm(s, "/obligations", s.store.SetObligationArchived, obligationRef, true), names: aims.RegisterObligations, example: versionForm},
		{method: "POST", path: "/obligations/{id}/restore", perm: archive, h: archiveForm(s, "/obligations", s.store.SetObligationArchived, obligationRef, false), names: aims.RegisterObligations, example: versionForm},
		{method: "POST", path: "/ai-systems/{id}/propose-obligations", perm: write, h: s.proposeObligationsForm, names: systems, example: func(example) any { return url.Values{} }},
		{method: "GET", path: "/gap", perm: read, h: s.gapPage},
		{method: "GET", path: "/gap/report", perm: read, h: s.gapReportPage},
		{method: "GET", path: "/gap/report.pdf", perm: read, h: s.gapReportPDF},
		{method: "GET", path: "/gap/report.csv", perm: read, h: s.gapReportCSV},
		{method: "GET", path: "/gap/{id}", perm: read, h: s.gapEntryPage, names: gap},
		{method: "POST", path: "/gap/{id}", perm: write, h: s.updateGapForm, names: gap, example: func(ex example) any {
			return url.Values{"status": {"partial"}, "notes": {"Policy drafted, approval due."}, "version": {strconv.Itoa(ex.Version)}}
		}},
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
		{method: "GET", path: "/api/v1/interested-parties", perm: read, api: true, summary: "List the interested parties (4.2).", query: partyParams, reply: aims.Page[aims.Party]{}, h: s.apiParties},
		{method: "GET", path: "/api/v1/interested-parties.csv", perm: read, api: true, summary: "Export the interested parties as CSV, streamed; takes the list's filters.", query: partyParams, reply: csvFile{}, h: s.partiesCSV},
		{method: "POST", path: "/api/v1/interested-parties", perm: write, api: true, summary: "Add an interested party; only the name is required.", body: aims.Party{}, reply: aims.Party{}, status: http.StatusCreated, h: s.apiCreateParty,
			example: func(example) any {
				return aims.Party{Name: "Loan applicants", Type: aims.PartyCustomer, Needs: "Fair and explainable credit decisions."}
			}},
		{method: "GET", path: "/api/v1/interested-parties/{id}", perm: read, api: true, summary: "Read an interested party.", reply: aims.Party{}, h: s.apiParty, names: aims.RegisterParties},
		{method: "PUT", path: "/api/v1/interested-parties/{id}", perm: write, api: true, summary: "Update an interested party: send the record as read, with its version; a stale version answers 409.", body: aims.Party{}, reply: aims.Party{}, h: s.apiUpdateParty, names: aims.RegisterParties,
			example: func(ex example) any {
				return aims.Party{Name: "Loan applicants", Type: aims.PartyCustomer, Addressed: aims.AddressedPartly, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/interested-parties/{id}/archive", perm: archive, api: true, summary: "Archive an interested party (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.Party{}, h: apiArchive(s.store.SetPartyArchived, true), names: aims.RegisterParties, example: versionJSON},
		{method: "POST", path: "/api/v1/interested-parties/{id}/restore", perm: archive, api: true, summary: "Restore an archived interested party.", body: versionBody{}, reply: aims.Party{}, h: apiArchive(s.store.SetPartyArchived, false), names: aims.RegisterParties, example: versionJSON},
		{method: "GET", path: "/api/v1/interested-parties/{id}/history", perm: read, api: true, summary: "The interested party's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterParties, s.store.Party), names: aims.RegisterParties},
		{method: "GET", path: "/api/v1/obligations", perm: read, api: true, summary: "List the obligations: legal, regulatory and contractual requirements (4.1, 4.2).", query: obligationParams, reply: aims.Page[aims.Obligation]{}, h: s.apiObligations},
		{method: "GET", path: "/api/v1/obligations.csv", perm: read, api: true, summary: "Export the obligations as CSV, streamed; takes the list's filters.", query: obligationParams, reply: csvFile{}, h: s.obligationsCSV},
		{method: "POST", path: "/api/v1/obligations", perm: write, api: true, summary: "Record an obligation; title and kind are required. ai_system_ids and party_ids link it to the organization's AI systems and interested parties.", body: aims.Obligation{}, reply: aims.Obligation{}, status: http.StatusCreated, h: s.apiCreateObligation,
			example: func(example) any {
				return aims.Obligation{Title: "Automated individual decisions", Kind: aims.KindLegal, Source: "GDPR Art. 22"}
			}},
		{method: "GET", path: "/api/v1/obligations/{id}", perm: read, api: true, summary: "Read an obligation with the AI systems and interested parties it concerns.", reply: aims.Obligation{}, h: s.apiObligation, names: aims.RegisterObligations},
		{method: "PUT", path: "/api/v1/obligations/{id}", perm: write, api: true, summary: "Update an obligation and its links: send the record as read, with its version; a stale version answers 409.", body: aims.Obligation{}, reply: aims.Obligation{}, h: s.apiUpdateObligation, names: aims.RegisterObligations,
			example: func(ex example) any {
				return aims.Obligation{Title: "Automated individual decisions", Kind: aims.KindLegal, Status: aims.CompliancePartly, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/obligations/{id}/archive", perm: archive, api: true, summary: "Archive an obligation (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.Obligation{}, h: apiArchive(s.store.SetObligationArchived, true), names: aims.RegisterObligations, example: versionJSON},
		{method: "POST", path: "/api/v1/obligations/{id}/restore", perm: archive, api: true, summary: "Restore an archived obligation.", body: versionBody{}, reply: aims.Obligation{}, h: apiArchive(s.store.SetObligationArchived, false), names: aims.RegisterObligations, example: versionJSON},
		{method: "GET", path: "/api/v1/obligations/{id}/history", perm: read, api: true, summary: "The obligation's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterObligations, s.store.Obligation), names: aims.RegisterObligations},
		{method: "POST", path: "/api/v1/ai-systems/{id}/propose-obligations", perm: write, api: true, summary: "Propose obligations from the AI system's EU AI Act classification: records, in one transaction, an obligation for each obligation set it yields that is not recorded for the system yet, and answers those created (none the second time; none, with classified false, for an unclassified system).", reply: proposed{}, h: s.apiProposeObligations, names: systems},
		{method: "GET", path: "/api/v1/gap-assessment", perm: read, api: true, summary: "The gap analysis: every clause requirement and Annex A control with its status, and readiness per clause and Annex A group.", reply: gapReply{}, h: s.apiGap},
		{method: "GET", path: "/api/v1/gap-assessment.csv", perm: read, api: true, summary: "The gap report as CSV, ordered by priority.", reply: csvFile{}, h: s.gapReportCSV},
		{method: "GET", path: "/api/v1/gap-assessment/{requirementID}", perm: read, api: true, summary: "One requirement's gap entry.", reply: aims.GapEntry{}, h: s.apiGapEntry, names: gap},
		{method: "PUT", path: "/api/v1/gap-assessment/{requirementID}", perm: write, api: true, summary: "Record a requirement's status, justification, owner, target date, notes and links; send the version read (0 if never assessed).", body: aims.GapEntry{}, reply: aims.GapEntry{}, h: s.apiUpdateGap, names: gap,
			example: func(ex example) any {
				return aims.GapEntry{Status: aims.GapPlanned, Notes: "Scope statement drafted.", Links: []aims.GapLink{}, Version: ex.Version}
			}},
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
