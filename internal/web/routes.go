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
	// maxBody is the request body limit when not the default (uploads).
	maxBody int64
}

// example is what an example body may depend on.
type example struct {
	Version int    // the current version of the record the route names
	Unique  string // differs per call, for e-mail addresses that must be new
	OrgID   int64  // the acting organization
	UserID  int64  // an accepted member of the acting organization
	ID      int64  // the ID of the record the route names, for a body that names it
	// A person and a competence of the acting organization, for the
	// bodies of roles and competence records.
	StaffID, CompetenceID int64
	RiskID                int64 // a risk of the acting organization
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
	datasetParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.DatasetSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"ai_system_id", "integer", "Only data sets of this AI system.", nil},
		queryParam{"use", "string", "What the data is used for.", enumStrings(aims.DatasetUses)},
		queryParam{"archived", "boolean", "List archived data sets instead.", nil},
	)
	useReviewParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.UseReviewSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"ai_system_id", "integer", "Only reviews of this AI system.", nil},
		queryParam{"outcome", "string", "Outcome.", enumStrings(aims.UseOutcomes)},
		queryParam{"archived", "boolean", "List archived reviews instead.", nil},
	)
	designationParams = append(append([]queryParam{}, pagingParams[:2]...),
		queryParam{"sort", "string", "Sort column.", aims.DesignationSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"body", "string", "Top management or management for AI risk.", enumStrings(aims.Bodies)},
		queryParam{"current", "boolean", "Only designations in force today.", nil},
		queryParam{"archived", "boolean", "List archived designations instead.", nil},
	)
	riskParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.RiskSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"ai_system_id", "string", "An AI system's ID, or aims for risks of the AIMS as a whole.", nil},
		queryParam{"kind", "string", "Risk or opportunity.", enumStrings(aims.RiskKinds)},
		queryParam{"level", "string", "Inherent level.", enumStrings(aims.RiskLevels)},
		queryParam{"status", "string", "Status.", enumStrings(aims.RiskStatuses)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"flagged", "boolean", "Only risks above the threshold without accepted treatment.", nil},
		queryParam{"likelihood", "integer", "A heat map cell's likelihood.", nil},
		queryParam{"impact", "integer", "A heat map cell's impact.", nil},
		queryParam{"residual", "boolean", "The cell is on the residual map.", nil},
		queryParam{"archived", "boolean", "List archived entries instead.", nil},
	)
	dueParams = append(append([]queryParam{}, pagingParams[:2]...),
		queryParam{"as_of", "string", "The day the states are judged on (YYYY-MM-DD); today by default.", nil},
		queryParam{"state", "string", "Only items in this state.", enumStrings(aims.DueStates)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"register", "string", "Only this register's items, e.g. ai-systems, gap.", nil},
	)
	evidenceParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.EvidenceSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"kind", "string", "File or link.", enumStrings(aims.EvidenceKinds)},
		queryParam{"type", "string", "Media type of files.", evidenceTypeNames()},
		queryParam{"validity", "string", "Expired (valid until a past day) or valid.", []string{"valid", "expired"}},
		queryParam{"register", "string", "Attached to a record of this register.", aims.AttachableRegisters},
		queryParam{"archived", "boolean", "List archived evidence instead of live.", nil},
	)
	documentParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.DocumentSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"kind", "string", "Kind of document.", enumStrings(aims.DocKinds)},
		queryParam{"origin", "string", "Internal or of external origin.", enumStrings(aims.Origins)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"state", "string", "State of the latest version.", enumStrings(aims.DocStates)},
		queryParam{"overdue", "boolean", "Only documents whose review is past due.", nil},
		queryParam{"archived", "boolean", "List archived documents instead of active ones.", nil},
	)
	impactParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.ImpactSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"ai_system_id", "integer", "Only assessments of this AI system.", nil},
		queryParam{"state", "string", "Workflow state.", enumStrings(aims.ImpactStates)},
		queryParam{"use", "string", "How the harms stand against the thresholds.", enumStrings(aims.Uses)},
		queryParam{"archived", "boolean", "List archived assessments instead.", nil},
	)
	contextIssueParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.ContextIssueSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"origin", "string", "Internal or external.", enumStrings(aims.IssueOrigins)},
		queryParam{"category", "string", "Category.", enumStrings(aims.IssueCategories)},
		queryParam{"ai_system_id", "integer", "Only issues that bear on this AI system.", nil},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"archived", "boolean", "List archived issues instead of active ones.", nil},
	)
	processParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.ProcessSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"status", "string", "Status.", enumStrings(aims.ProcessStatuses)},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"requirement", "string", "Only processes that serve this ISO/IEC 42001 requirement, e.g. 6.1.2 or A.6.2.4.", nil},
		queryParam{"archived", "boolean", "List archived processes instead of active ones.", nil},
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
	campaignParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.CampaignSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"status", "string", "Open or closed.", enumStrings(aims.CampaignStatuses)},
		queryParam{"document_id", "integer", "Only campaigns for this document.", nil},
		queryParam{"archived", "boolean", "List archived campaigns instead.", nil},
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
		hooks   = aims.RegisterWebhooks
		evid    = aims.RegisterEvidence
		docs    = aims.RegisterDocuments
		issues  = aims.RegisterContextIssues
		procs   = aims.RegisterProcesses
		cons    = aims.RegisterConcerns
		conPage = aims.RegisterConcernChannel
		comms   = aims.RegisterCommunications
		staffs  = aims.RegisterStaff
		comps   = aims.RegisterCompetences
		aroles  = aims.RegisterAIMSRoles
		records = aims.RegisterCompetenceRecords
		acks    = aims.RegisterAcknowledgements
		uses    = aims.RegisterUseReviews
		riskc   = aims.RegisterRiskCriteria
		risksK  = aims.RegisterRisks
		objs    = aims.RegisterObjectives
		chgs    = aims.RegisterChanges
		dsets   = aims.RegisterDatasets
	)
	datasetForm := func(ex example) any {
		return url.Values{"ai_system_id": {strconv.FormatInt(ex.ID, 10)}, "name": {"Loan applications"}, "use": {"training"},
			"purpose": {"Train the credit scoring model."}, "version": {strconv.Itoa(ex.Version)}}
	}
	datasetJSON := func(ex example) any {
		return aims.Dataset{AISystemID: ex.ID, Name: "Loan applications", Use: aims.DatasetTraining, Purpose: "Train the credit scoring model.",
			Source: "Loan origination system", Rights: "Own customer data", Version: ex.Version}
	}
	datasetEdit := func(ex example) any {
		v := datasetForm(ex).(url.Values)
		v.Del("ai_system_id")
		return v
	}
	datasetEditJSON := func(ex example) any {
		d := datasetJSON(ex).(aims.Dataset)
		d.AISystemID = 0
		return d
	}
	datasetVersionForm := func(ex example) any {
		return url.Values{"label": {"v4"}, "on": {"2026-11-02"}, "preparation": {"Deduplicated."}, "version": {strconv.Itoa(ex.Version)}}
	}
	datasetCheckForm := func(ex example) any {
		return url.Values{"checked_on": {"2026-11-02"}, "requirement": {"Missing income values"}, "result": {"pass"}, "measured": {"0.4%"},
			"threshold": {"at most 2%"}, "version": {strconv.Itoa(ex.Version)}}
	}
	useReviewForm := func(ex example) any {
		return url.Values{"ai_system_id": {strconv.FormatInt(ex.ID, 10)}, "reviewed_on": {"2026-11-02"}, "method": {"usage-logs"},
			"actual_use": {"Agents use the assistant for first-line answers only."}, "outcome": {"as-intended"}, "version": {strconv.Itoa(ex.Version)}}
	}
	useReviewJSON := func(ex example) any {
		return aims.UseReview{AISystemID: ex.ID, ReviewedOn: aims.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)), Method: aims.UseMethodLogs,
			ActualUse: "Agents use the assistant for first-line answers only.", Outcome: aims.UseAsIntended, Version: ex.Version}
	}
	useReviewEdit := func(ex example) any {
		v := useReviewForm(ex).(url.Values)
		v.Del("ai_system_id")
		return v
	}
	useReviewEditJSON := func(ex example) any {
		u := useReviewJSON(ex).(aims.UseReview)
		u.AISystemID = 0
		return u
	}
	campaignForm := func(ex example) any {
		return url.Values{"title": {"Read the AI policy"}, "document_id": {strconv.FormatInt(ex.ID, 10)}, "doc_version": {"1"},
			"due_date": {aims.DateOf(time.Now().UTC().AddDate(0, 0, 14)).String()}, "staff_ids": {strconv.FormatInt(ex.StaffID, 10)}}
	}
	campaignEditForm := func(ex example) any {
		return url.Values{"title": {"Read the AI policy"}, "status": {"open"}, "due_date": {aims.DateOf(time.Now().UTC().AddDate(0, 0, 21)).String()},
			"version": {strconv.Itoa(ex.Version)}}
	}
	contextIssueForm := func(ex example) any {
		return url.Values{"title": {"EU AI Act obligations"}, "origin": {"external"}, "category": {"legal-regulatory"}, "version": {strconv.Itoa(ex.Version)}}
	}
	processForm := func(ex example) any {
		return url.Values{"name": {"Incident handling"}, "purpose": {"Handles AI incidents."}, "status": {"draft"}, "requirements": {"10.2 A.8.4"}, "version": {strconv.Itoa(ex.Version)}}
	}
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
	componentForm := func(ex example) any {
		return url.Values{"kind": {"model"}, "name": {"Gradient-boosted credit model"}, "release": {"3.2"}, "supplier": {"In-house"},
			"ai_system_id": {strconv.FormatInt(ex.ID, 10)}, "in_use_since": {"2026-01-05"}, "version": {strconv.Itoa(ex.Version)}}
	}
	componentJSON := func(ex example) any {
		return aims.Component{Kind: aims.ComponentCompute, Name: "GPU node pool", Release: "2026-02", Supplier: "In-house data centre", Version: ex.Version}
	}
	systemPeopleForm := func(ex example) any {
		return url.Values{"role_0": {"Model validator"}, "competence_0": {strconv.FormatInt(ex.CompetenceID, 10)},
			"staff_0": {strconv.FormatInt(ex.StaffID, 10)}, "version": {strconv.Itoa(ex.Version)}}
	}
	systemPeopleJSON := func(ex example) any {
		return aims.SystemPeople{Version: ex.Version, Needs: []aims.SystemNeed{{Role: "Model validator", CompetenceID: ex.CompetenceID, StaffID: ex.StaffID}}}
	}
	riskH := s.riskHandlers()
	riskForm := func(ex example) any {
		return url.Values{"title": {"Thin-file applicants refused unfairly"}, "kind": {"risk"}, "source": {"machine-learning"}, "status": {"treatment-planned"},
			"likelihood": {"4"}, "impact": {"4"}, "residual_likelihood": {"2"}, "residual_impact": {"3"}, "treatment": {"modify"},
			"controls": {"A.6.2.4 A.7.4"}, "plan_due": {aims.DateOf(time.Now().UTC().AddDate(0, 2, 0)).String()}, "version": {strconv.Itoa(ex.Version)}}
	}
	riskJSON := func(ex example) any {
		return aims.Risk{Title: "Chatbot states wrong fees", Kind: aims.KindRisk, Source: aims.SourceTransparency, Status: aims.RiskPlanned,
			Likelihood: 3, Impact: 4, ResidualLikelihood: 2, ResidualImpact: 2, Treatment: aims.TreatModify, Controls: []string{"A.8.2"}, Version: ex.Version}
	}
	riskAcceptForm := func(ex example) any {
		return url.Values{"reason": {"Within the risk appetite after manual review."}, "version": {strconv.Itoa(ex.Version)}}
	}
	riskAcceptJSON := func(ex example) any {
		return aims.RiskAcceptance{Reason: "Within the risk appetite after manual review.", Version: ex.Version}
	}
	criteriaForm := func(ex example) any {
		v := url.Values{"threshold": {"medium"}, "note": {"Annual review"}, "version": {strconv.Itoa(ex.Version)}}
		d := aims.DefaultRiskCriteria()
		for i := range d.Likelihood {
			n := strconv.Itoa(i + 1)
			v.Set("likelihood_label_"+n, d.Likelihood[i].Label)
			v.Set("impact_label_"+n, d.Impact[i].Label)
			for j := range d.Impact {
				v.Set("matrix_"+n+"_"+strconv.Itoa(j+1), string(d.Matrix[i][j]))
			}
		}
		return v
	}
	criteriaJSON := func(ex example) any {
		c := aims.DefaultRiskCriteria()
		c.Version, c.Note = ex.Version, "Annual review"
		return c
	}
	versionJSON := func(ex example) any { return versionBody{Version: ex.Version} }
	aiSystemForm := func(ex example) any {
		return url.Values{"name": {"Credit scoring v2"}, "purpose": {"Scores consumer loan applications."}, "lifecycle": {"design-development"},
			"review_interval_months": {"12"}, "version": {strconv.Itoa(ex.Version)}}
	}
	designationForm := func(ex example) any {
		return url.Values{"user_id": {strconv.FormatInt(ex.UserID, 10)}, "body": {"top-management"}, "position": {"Chief Executive Officer"},
			"accept_up_to": {"high"}, "from": {"2026-01-01"}, "version": {strconv.Itoa(ex.Version)}}
	}
	desigH := s.designationHandlers()
	webhookForm := func(ex example) any {
		return url.Values{"url": {"https://hooks.example.org/aims"}, "events": {"due", "overdue"}, "active": {"on"}, "version": {strconv.Itoa(ex.Version)}}
	}
	designationJSON := func(ex example) any {
		return aims.Designation{UserID: ex.UserID, Body: aims.BodyAIRisk, Position: "Chief Risk Officer", AcceptUpTo: aims.LimitMedium,
			From: aims.DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Version: ex.Version}
	}
	evidenceUploadForm := func(ex example) any {
		return exampleUpload("model-card-"+ex.Unique+".md", "# CreditLens model card\n\nValidated 2026-10-01.\n",
			url.Values{"title": {"CreditLens model card"}, "valid_until": {"2027-10-01"}})
	}
	attachJSON := func(example) any { return attachBody{Register: gap, RecordID: "7.5.3"} }
	attachForm := func(ex example) any {
		return url.Values{"evidence_id": {strconv.FormatInt(ex.ID, 10)}, "register": {gap}, "record_id": {"7.5.3"}}
	}
	documentForm := func(ex example) any {
		return url.Values{"title": {"Acceptable use of generative AI"}, "kind": {"other-policy"}, "origin": {"internal"},
			"review_interval_months": {"12"}, "content": {"# Acceptable use\n\nStaff may use approved tools only."}, "version": {strconv.Itoa(ex.Version)}}
	}
	draftForm := func(ex example) any {
		return url.Values{"content": {"# Plan\n\nRevised text."}, "change_summary": {"Revised."}, "version": {strconv.Itoa(ex.Version)}}
	}
	noteForm := func(ex example) any {
		return url.Values{"note": {"Name the owner of each step."}, "version": {strconv.Itoa(ex.Version)}}
	}
	stepJSON := func(ex example) any {
		return aims.DocumentStep{Version: ex.Version, Note: "Name the owner of each step."}
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
		{method: "GET", path: "/forgot", public: true, h: s.forgotPage},
		{method: "POST", path: "/forgot", public: true, h: s.forgot},
		{method: "GET", path: "/reset/{token}", public: true, h: s.resetPage},
		{method: "GET", path: "/calendar/{token}", public: true, h: s.calendarFeed},
		{method: "POST", path: "/reset/{token}", public: true, h: s.reset},
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
		{method: "GET", path: "/datasets", perm: read, h: s.datasetsPage},
		{method: "GET", path: "/datasets.csv", perm: read, h: s.datasetsCSV},
		{method: "GET", path: "/datasets/new", perm: write, h: s.newDatasetPage},
		{method: "POST", path: "/datasets", perm: write, h: s.datasetHandlers().createForm, names: systems, example: datasetForm},
		{method: "GET", path: "/datasets/{id}", perm: read, h: s.datasetPage, names: dsets},
		{method: "GET", path: "/datasets/{id}/edit", perm: write, h: s.datasetHandlers().editPage, names: dsets},
		{method: "POST", path: "/datasets/{id}", perm: write, h: s.datasetHandlers().updateForm, names: dsets, example: datasetEdit},
		{method: "POST", path: "/datasets/{id}/versions", perm: write, h: s.appendDatasetForm("version"), names: dsets, example: datasetVersionForm},
		{method: "POST", path: "/datasets/{id}/checks", perm: write, h: s.appendDatasetForm("check"), names: dsets, example: datasetCheckForm},
		{method: "POST", path: "/datasets/{id}/archive", perm: archive, h: archiveForm(s, "/datasets", s.store.SetDatasetArchived, datasetRef, true), names: dsets, example: versionForm},
		{method: "POST", path: "/datasets/{id}/restore", perm: archive, h: archiveForm(s, "/datasets", s.store.SetDatasetArchived, datasetRef, false), names: dsets, example: versionForm},
		{method: "GET", path: "/use-reviews", perm: read, h: s.useReviewsPage},
		{method: "GET", path: "/use-reviews.csv", perm: read, h: s.useReviewsCSV},
		{method: "GET", path: "/use-reviews/new", perm: write, h: s.newUseReviewPage},
		{method: "POST", path: "/use-reviews", perm: write, h: s.useReviewHandlers().createForm, names: systems, example: useReviewForm},
		{method: "GET", path: "/use-reviews/{id}", perm: read, h: s.useReviewPage, names: uses},
		{method: "GET", path: "/use-reviews/{id}/edit", perm: write, h: s.useReviewHandlers().editPage, names: uses},
		{method: "POST", path: "/use-reviews/{id}", perm: write, h: s.useReviewHandlers().updateForm, names: uses, example: useReviewEdit},
		{method: "POST", path: "/use-reviews/{id}/archive", perm: archive, h: archiveForm(s, "/use-reviews", s.store.SetUseReviewArchived, useReviewRef, true), names: uses, example: versionForm},
		{method: "POST", path: "/use-reviews/{id}/restore", perm: archive, h: archiveForm(s, "/use-reviews", s.store.SetUseReviewArchived, useReviewRef, false), names: uses, example: versionForm},
		{method: "POST", path: "/ai-systems/{id}/archive", perm: archive, h: archiveForm(s, "/ai-systems", s.store.SetAISystemArchived, aiSystemRef, true), names: systems, example: versionForm},
		{method: "POST", path: "/ai-systems/{id}/restore", perm: archive, h: archiveForm(s, "/ai-systems", s.store.SetAISystemArchived, aiSystemRef, false), names: systems, example: versionForm},
		// AI system life-cycle records (A.6) and the stage gate.
		{method: "GET", path: "/lifecycle", perm: read, h: s.lifecycleListPage},
		{method: "GET", path: "/lifecycle.csv", perm: read, h: s.lifecycleCSV},
		{method: "GET", path: "/lifecycle/new", perm: write, h: s.newLifecyclePage},
		{method: "POST", path: "/lifecycle", perm: write, h: s.lifecycleHandlers().createForm, names: systems, example: lifecycleFormExample},
		{method: "GET", path: "/lifecycle/{id}", perm: read, h: s.lifecycleRecordPage, names: aims.RegisterLifecycleRecords},
		{method: "GET", path: "/lifecycle/{id}/edit", perm: write, h: s.lifecycleHandlers().editPage, names: aims.RegisterLifecycleRecords},
		{method: "POST", path: "/lifecycle/{id}", perm: write, h: s.lifecycleHandlers().updateForm, names: aims.RegisterLifecycleRecords, example: lifecycleEditExample},
		{method: "POST", path: "/lifecycle/{id}/approve", perm: archive, h: s.approveLifecycleForm, names: "lifecycle-approve", example: approveFormExample},
		{method: "POST", path: "/lifecycle/{id}/readings", perm: write, h: s.readingForm, names: "lifecycle-operation", example: readingFormExample},
		{method: "POST", path: "/lifecycle/{id}/archive", perm: archive, h: archiveForm(s, "/lifecycle", s.store.SetLifecycleRecordArchived, lifecycleRef, true), names: aims.RegisterLifecycleRecords, example: versionForm},
		{method: "POST", path: "/lifecycle/{id}/restore", perm: archive, h: archiveForm(s, "/lifecycle", s.store.SetLifecycleRecordArchived, lifecycleRef, false), names: aims.RegisterLifecycleRecords, example: versionForm},
		{method: "GET", path: "/ai-systems/{id}/lifecycle", perm: read, h: s.systemLifecyclePage, names: systems},
		{method: "POST", path: "/ai-systems/{id}/lifecycle/override", perm: archive, h: s.overrideForm, names: "lifecycle-override", example: overrideFormExample},
		{method: "GET", path: "/lifecycle-gate", perm: read, h: s.gatePolicyPage},
		{method: "POST", path: "/lifecycle-gate", perm: admin, h: s.gatePolicyForm, names: aims.RegisterLifecycleGate, example: gateFormExample},
		// AI system impact assessments (6.1.4, 8.4, A.5) and the impact criteria.
		{method: "GET", path: "/impact-assessments", perm: read, h: s.impactsPage},
		{method: "GET", path: "/impact-assessments.csv", perm: read, h: s.impactsCSV},
		{method: "GET", path: "/impact-assessments/new", perm: write, h: s.newImpactPage},
		{method: "POST", path: "/impact-assessments", perm: write, h: s.impactHandlers().createForm, names: aims.RegisterAISystems, example: impactCreateFormExample},
		{method: "GET", path: "/impact-assessments/{id}", perm: read, h: s.impactPage, names: aims.RegisterImpactAssessments},
		{method: "GET", path: "/impact-assessments/{id}/edit", perm: write, h: s.editImpactPage, names: aims.RegisterImpactAssessments},
		{method: "POST", path: "/impact-assessments/{id}", perm: write, h: s.impactHandlers().updateForm, names: aims.RegisterImpactAssessments, example: impactFormExample},
		{method: "GET", path: "/impact-assessments/{id}/pdf", perm: read, h: s.impactPDF(false), names: aims.RegisterImpactAssessments},
		{method: "GET", path: "/impact-assessments/{id}/fria", perm: read, h: s.friaPage, names: aims.RegisterImpactAssessments},
		{method: "GET", path: "/impact-assessments/{id}/fria.pdf", perm: read, h: s.impactPDF(true), names: aims.RegisterImpactAssessments},
		{method: "POST", path: "/impact-assessments/{id}/submit", perm: write, h: s.impactStepForm(s.submitImpact, "submitted for review"), names: "impact-submit", example: impactStepFormExample},
		{method: "POST", path: "/impact-assessments/{id}/return", perm: archive, h: s.impactStepForm(s.returnImpact, "returned to draft"), names: "impact-return", example: impactStepFormExample},
		{method: "POST", path: "/impact-assessments/{id}/propose-risk", perm: write, h: s.proposeRiskForm, names: "impact-propose", example: func(ex example) any { return url.Values{"position": {"1"}} }},
		{method: "POST", path: "/impact-assessments/{id}/approve", perm: archive, h: s.impactStepForm(s.approveImpact, "approved"), names: "impact-approve", example: impactStepFormExample},
		{method: "POST", path: "/impact-assessments/{id}/archive", perm: archive, h: archiveForm(s, "/impact-assessments", s.store.SetImpactAssessmentArchived, impactRef, true), names: aims.RegisterImpactAssessments, example: versionForm},
		{method: "POST", path: "/impact-assessments/{id}/restore", perm: archive, h: archiveForm(s, "/impact-assessments", s.store.SetImpactAssessmentArchived, impactRef, false), names: aims.RegisterImpactAssessments, example: versionForm},
		{method: "GET", path: "/impact-criteria", perm: read, h: s.impactCriteriaPage},
		{method: "GET", path: "/impact-criteria/{id}", perm: read, h: s.impactCriteriaRecordPage, names: aims.RegisterImpactCriteria},
		{method: "POST", path: "/impact-criteria", perm: archive, h: s.saveImpactCriteriaForm, names: aims.RegisterImpactCriteria, example: impactCriteriaFormExample},
		{method: "GET", path: "/documents", perm: read, h: s.documentsPage},
		{method: "GET", path: "/documents.csv", perm: read, h: s.documentsCSV},
		{method: "GET", path: "/documents/new", perm: write, h: s.newDocumentPage},
		{method: "POST", path: "/documents", perm: write, h: s.createDocumentForm, example: documentForm},
		{method: "GET", path: "/documents/retention", perm: read, h: s.retentionPage},
		{method: "POST", path: "/documents/retention", perm: admin, h: s.retentionForm, example: func(example) any {
			return url.Values{"months_record": {"12"}, "months_plan": {"60"}}
		}},
		{method: "POST", path: "/documents/{id}/legal-hold", perm: admin, h: s.legalHoldForm, names: docs, example: func(ex example) any {
			return url.Values{"legal_hold": {"Complaint before the ombudsman, case 2027-14"}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "POST", path: "/documents/{id}/dispose", perm: admin, h: s.disposeForm, names: "document-disposable", example: func(example) any {
			return url.Values{"number": {"1"}}
		}},
		{method: "GET", path: "/documents/{id}", perm: read, h: s.documentPage, names: docs},
		{method: "GET", path: "/documents/{id}/edit", perm: write, h: s.editDocumentPage, names: docs},
		{method: "POST", path: "/documents/{id}", perm: write, h: s.updateDocumentForm, names: docs, example: documentForm},
		{method: "GET", path: "/documents/{id}/compare", perm: read, h: s.comparePage, names: docs},
		{method: "GET", path: "/documents/{id}/pdf", perm: read, h: s.documentPDF, names: "document-new"},
		{method: "GET", path: "/documents/{id}/draft", perm: write, h: s.editDraftPage, names: "document-drafts"},
		{method: "POST", path: "/documents/{id}/draft", perm: write, h: s.editDraftForm, names: "document-drafts", example: draftForm},
		{method: "POST", path: "/documents/{id}/submit", perm: write, h: s.stepForm(s.submitStep, "submitted for review"), names: "document-submit", example: versionForm},
		{method: "POST", path: "/documents/{id}/return", perm: archive, h: s.stepForm(s.returnStep, "returned to draft"), names: "document-return", example: noteForm},
		{method: "POST", path: "/documents/{id}/approve", perm: archive, h: s.stepForm(s.approveStep, "approved"), names: "document-approve", example: versionForm},
		{method: "POST", path: "/documents/{id}/new-version", perm: write, h: s.stepForm(s.newVersionStep, "started as a draft"), names: "document-new", example: versionForm},
		{method: "POST", path: "/documents/{id}/archive", perm: archive, h: archiveForm(s, "/documents", s.store.SetDocumentArchived, documentRef, true), names: docs, example: versionForm},
		{method: "POST", path: "/documents/{id}/restore", perm: archive, h: archiveForm(s, "/documents", s.store.SetDocumentArchived, documentRef, false), names: docs, example: versionForm},
		{method: "GET", path: "/risk-criteria", perm: read, h: s.riskCriteriaPage},
		{method: "POST", path: "/risk-criteria", perm: archive, h: s.saveRiskCriteriaForm, names: riskc, example: criteriaForm},
		{method: "POST", path: "/risk-criteria/default", perm: archive, h: s.defaultRiskCriteriaForm, names: riskc, example: versionForm},
		// The risk treatment plan as a whole (6.1.3), before the risks' routes:
		// the route walk approves it before its risk examples change the register.
		{method: "GET", path: "/risk-plan", perm: read, h: s.riskPlanPage},
		{method: "POST", path: "/risk-plan/approve", perm: archive, h: s.approveRiskPlanForm, example: s.riskPlanApproveFormExample},
		{method: "GET", path: "/risk-plan/compare", perm: read, h: s.riskPlanComparePage},
		{method: "GET", path: "/risk-plan/versions/{id}", perm: read, h: s.riskPlanVersionPage, names: aims.RegisterRiskPlanVersions},
		{method: "GET", path: "/risk-plan/versions/{id}/export.csv", perm: read, h: s.riskPlanVersionCSV, names: aims.RegisterRiskPlanVersions},
		{method: "GET", path: "/risk-plan/versions/{id}/export.pdf", perm: read, h: s.riskPlanVersionPDF, names: aims.RegisterRiskPlanVersions},
		{method: "GET", path: "/risks", perm: read, h: s.risksPage},
		{method: "GET", path: "/risks.csv", perm: read, h: s.risksCSV},
		{method: "GET", path: "/risks/heat-map", perm: read, h: s.heatMapPage},
		{method: "GET", path: "/risks/new", perm: write, h: s.newRiskPage},
		{method: "POST", path: "/risks", perm: write, h: riskH.createForm, example: riskForm},
		{method: "GET", path: "/risks/{id}", perm: read, h: s.riskPage, names: risksK},
		{method: "GET", path: "/risks/{id}/edit", perm: write, h: riskH.editPage, names: risksK},
		{method: "POST", path: "/risks/{id}", perm: write, h: riskH.updateForm, names: risksK, example: riskForm},
		{method: "POST", path: "/risks/{id}/accept", perm: write, h: s.acceptRiskForm, names: risksK, example: riskAcceptForm},
		{method: "POST", path: "/risks/{id}/archive", perm: archive, h: archiveForm(s, "/risks", s.store.SetRiskArchived, riskRef, true), names: risksK, example: versionForm},
		{method: "POST", path: "/risks/{id}/restore", perm: archive, h: archiveForm(s, "/risks", s.store.SetRiskArchived, riskRef, false), names: risksK, example: versionForm},
		{method: "GET", path: "/context-issues", perm: read, h: s.contextIssuesPage},
		{method: "GET", path: "/context-issues.csv", perm: read, h: s.contextIssuesCSV},
		{method: "GET", path: "/context-issues/new", perm: write, h: s.newContextIssuePage},
		{method: "POST", path: "/context-issues", perm: write, h: s.createContextIssueForm, example: contextIssueForm},
		{method: "GET", path: "/context-issues/{id}", perm: read, h: s.contextIssuePage, names: issues},
		{method: "GET", path: "/context-issues/{id}/edit", perm: write, h: s.editContextIssuePage, names: issues},
		{method: "POST", path: "/context-issues/{id}", perm: write, h: s.updateContextIssueForm, names: issues, example: contextIssueForm},
		{method: "POST", path: "/context-issues/{id}/archive", perm: archive, h: archiveForm(s, "/context-issues", s.store.SetContextIssueArchived, contextIssueRef, true), names: issues, example: versionForm},
		{method: "POST", path: "/context-issues/{id}/restore", perm: archive, h: archiveForm(s, "/context-issues", s.store.SetContextIssueArchived, contextIssueRef, false), names: issues, example: versionForm},
		{method: "POST", path: "/context", perm: write, h: s.updateContextStatementForm, names: aims.RegisterContext, example: func(ex example) any {
			return url.Values{"roles": {"provider", "customer"}, "climate_relevant": {"no"}, "climate_reasoning": {"No material exposure."}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "GET", path: "/context/{id}", perm: read, h: s.contextStatementPage, names: aims.RegisterContext},
		{method: "GET", path: "/scope", perm: read, h: s.scopePage},
		{method: "POST", path: "/scope", perm: write, h: s.updateScopeForm, names: aims.RegisterScope, example: func(ex example) any {
			return url.Values{"boundaries": {"Consumer lending in Germany."}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "GET", path: "/scope/{id}", perm: read, h: s.scopeRecordPage, names: aims.RegisterScope},
		{method: "GET", path: "/processes", perm: read, h: s.processesPage},
		{method: "GET", path: "/processes.csv", perm: read, h: s.processesCSV},
		{method: "GET", path: "/roles/raci", perm: read, h: s.raciPage},
		{method: "GET", path: "/processes/map", perm: read, h: s.processMapPage},
		{method: "GET", path: "/processes/new", perm: write, h: s.newProcessPage},
		{method: "POST", path: "/processes", perm: write, h: s.createProcessForm, example: processForm},
		{method: "GET", path: "/processes/{id}", perm: read, h: s.processPage, names: procs},
		{method: "GET", path: "/processes/{id}/edit", perm: write, h: s.editProcessPage, names: procs},
		{method: "POST", path: "/processes/{id}", perm: write, h: s.updateProcessForm, names: procs, example: processForm},
		{method: "POST", path: "/processes/{id}/archive", perm: archive, h: archiveForm(s, "/processes", s.store.SetProcessArchived, processRef, true), names: procs, example: versionForm},
		{method: "POST", path: "/processes/{id}/restore", perm: archive, h: archiveForm(s, "/processes", s.store.SetProcessArchived, processRef, false), names: procs, example: versionForm},
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
		// Custom controls and the Statement of Applicability (6.1.3 d), before
		// the gap analysis's routes: the route walk approves the SoA before its
		// gap example leaves a control without a justification.
		{method: "GET", path: "/custom-controls", perm: read, h: s.customControlsPage},
		{method: "GET", path: "/custom-controls.csv", perm: read, h: s.customControlsCSV},
		{method: "GET", path: "/custom-controls/new", perm: write, h: s.newCustomControlPage},
		{method: "POST", path: "/custom-controls", perm: write, h: s.customControlHandlers().createForm, example: customControlFormExample},
		{method: "GET", path: "/custom-controls/{id}", perm: read, h: s.customControlPage, names: aims.RegisterCustomControls},
		{method: "GET", path: "/custom-controls/{id}/edit", perm: write, h: s.customControlHandlers().editPage, names: aims.RegisterCustomControls},
		{method: "POST", path: "/custom-controls/{id}", perm: write, h: s.customControlHandlers().updateForm, names: aims.RegisterCustomControls, example: customControlFormExample},
		{method: "POST", path: "/custom-controls/{id}/archive", perm: archive, h: archiveForm(s, "/custom-controls", s.store.SetCustomControlArchived, customControlRef, true), names: aims.RegisterCustomControls, example: versionForm},
		{method: "POST", path: "/custom-controls/{id}/restore", perm: archive, h: archiveForm(s, "/custom-controls", s.store.SetCustomControlArchived, customControlRef, false), names: aims.RegisterCustomControls, example: versionForm},
		{method: "GET", path: "/soa", perm: read, h: s.soaPage},
		{method: "GET", path: "/soa.csv", perm: read, h: s.soaCSV},
		{method: "GET", path: "/soa.pdf", perm: read, h: s.soaPDF},
		{method: "GET", path: "/soa/compare", perm: read, h: s.soaComparePage},
		{method: "GET", path: "/soa/rows/{id}", perm: read, h: s.soaRowPage, names: aims.RegisterSoA},
		{method: "POST", path: "/soa/rows/{id}", perm: write, h: s.updateSoARowForm, names: aims.RegisterSoA, example: soaRowFormExample},
		{method: "POST", path: "/soa/approve", perm: archive, h: s.approveSoAForm, example: soaApproveFormExample},
		{method: "GET", path: "/soa/versions/{id}", perm: read, h: s.soaVersionPage, names: aims.RegisterSoAVersions},
		{method: "GET", path: "/soa/versions/{id}/export.csv", perm: read, h: s.soaVersionCSV, names: aims.RegisterSoAVersions},
		{method: "GET", path: "/soa/versions/{id}/export.pdf", perm: read, h: s.soaVersionPDF, names: aims.RegisterSoAVersions},
		{method: "GET", path: "/api/v1/custom-controls", perm: read, api: true, summary: "List the custom controls (6.1.3): controls the organization adds to Annex A, each a row of the SoA.", query: customControlParams, reply: aims.Page[aims.CustomControl]{}, h: s.apiCustomControls},
		{method: "GET", path: "/api/v1/custom-controls.csv", perm: read, api: true, summary: "Export the custom controls as CSV; takes the list's filters.", query: customControlParams, reply: csvFile{}, h: s.customControlsCSV},
		{method: "POST", path: "/api/v1/custom-controls", perm: write, api: true, summary: "Add a custom control (CC-n): title; supplements lists Annex A control IDs; applicable, reason (risk, obligation, contract, good-practice; not-needed when excluded), justification and status make its SoA row.", body: aims.CustomControl{}, reply: aims.CustomControl{}, status: http.StatusCreated, h: s.customControlHandlers().apiCreate, example: customControlJSONExample},
		{method: "GET", path: "/api/v1/custom-controls/{id}", perm: read, api: true, summary: "Read a custom control.", reply: aims.CustomControl{}, h: s.customControlHandlers().apiGet, names: aims.RegisterCustomControls},
		{method: "PUT", path: "/api/v1/custom-controls/{id}", perm: write, api: true, summary: "Update a custom control; send the version read. A control chosen in a risk treatment cannot be excluded.", body: aims.CustomControl{}, reply: aims.CustomControl{}, h: s.customControlHandlers().apiUpdate, names: aims.RegisterCustomControls, example: customControlJSONExample},
		{method: "POST", path: "/api/v1/custom-controls/{id}/archive", perm: archive, api: true, summary: "Archive a custom control (nothing is deleted); it leaves the SoA's draft.", body: versionBody{}, reply: aims.CustomControl{}, h: apiArchive(s.store.SetCustomControlArchived, true), names: aims.RegisterCustomControls, example: versionJSON},
		{method: "POST", path: "/api/v1/custom-controls/{id}/restore", perm: archive, api: true, summary: "Restore an archived custom control.", body: versionBody{}, reply: aims.CustomControl{}, h: apiArchive(s.store.SetCustomControlArchived, false), names: aims.RegisterCustomControls, example: versionJSON},
		{method: "GET", path: "/api/v1/custom-controls/{id}/history", perm: read, api: true, summary: "The custom control's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterCustomControls, s.store.CustomControl), names: aims.RegisterCustomControls},
		{method: "GET", path: "/api/v1/soa", perm: read, api: true, summary: "The Statement of Applicability's current draft: a row per Annex A control (status, justification, owner and evidence from the gap analysis, the reason from the SoA) and per custom control.", reply: itemsOf[aims.SoARow]{}, h: s.apiSoA},
		{method: "GET", path: "/api/v1/soa.csv", perm: read, api: true, summary: "The draft as CSV; every row names the version (draft) and its date.", reply: csvFile{}, h: s.soaCSV},
		{method: "GET", path: "/api/v1/soa/compare", perm: read, api: true, summary: "Two versions side by side, with the fields that changed in each row.", query: soaCompareParams, reply: soaComparison{}, h: s.apiSoACompare},
		{method: "GET", path: "/api/v1/soa/rows/{id}", perm: read, api: true, summary: "One row of the draft, by control (A.6.2.4 or CC-3).", reply: aims.SoARow{}, h: s.apiSoARow, names: aims.RegisterSoA},
		{method: "PUT", path: "/api/v1/soa/rows/{id}", perm: write, api: true, summary: "Edit an Annex A control's row: applicable, reason, justification, status and owner_id, with the row's version read; writes the gap entry and the reason in one transaction. A custom control's row is edited as the custom control.", body: aims.SoAEdit{}, reply: aims.SoARow{}, h: s.apiUpdateSoARow, names: aims.RegisterSoA, example: soaRowJSONExample},
		{method: "GET", path: "/api/v1/soa/rows/{id}/history", perm: read, api: true, summary: "The history of an Annex A row's reason, oldest first (the gap entry's is under gap-assessment).", reply: itemsOf[aims.AuditEvent]{}, h: s.apiSoARowHistory, names: aims.RegisterSoA},
		{method: "GET", path: "/api/v1/soa/versions", perm: read, api: true, summary: "The approved versions, newest first.", reply: itemsOf[aims.SoAVersion]{}, h: s.apiSoAVersions},
		{method: "POST", path: "/api/v1/soa/versions", perm: archive, api: true, summary: "Approve the current draft as the next version, as yourself: you must be designated to top management or to management for AI risk, and every row must be consistent. The version is frozen.", body: aims.SoAApproval{}, reply: aims.SoAVersion{}, status: http.StatusCreated, h: s.apiApproveSoA, example: soaApproveJSONExample},
		{method: "GET", path: "/api/v1/soa/versions/{id}", perm: read, api: true, summary: "An approved version with its rows.", reply: aims.SoAVersion{}, h: s.apiSoAVersion, names: aims.RegisterSoAVersions},
		{method: "GET", path: "/api/v1/soa/versions/{id}/export.csv", perm: read, api: true, summary: "An approved version as CSV; every row names the version and its date.", reply: csvFile{}, h: s.soaVersionCSV, names: aims.RegisterSoAVersions},
		{method: "GET", path: "/api/v1/soa/versions/{id}/export.pdf", perm: read, api: true, summary: "An approved version as PDF, with the version and its date on every page.", reply: fileContent{}, h: s.soaVersionPDF, names: aims.RegisterSoAVersions},
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
		{method: "POST", path: "/management", perm: admin, h: desigH.createForm, example: designationForm},
		{method: "GET", path: "/management/{id}", perm: read, h: s.designationPage, names: desigs},
		{method: "GET", path: "/management/{id}/edit", perm: admin, h: desigH.editPage, names: desigs},
		{method: "POST", path: "/management/{id}", perm: admin, h: desigH.updateForm, names: desigs, example: designationForm},
		{method: "POST", path: "/management/{id}/archive", perm: admin, h: archiveForm(s, "/management", s.store.SetDesignationArchived, designationRef, true), names: desigs, example: versionForm},
		{method: "POST", path: "/management/{id}/restore", perm: admin, h: archiveForm(s, "/management", s.store.SetDesignationArchived, designationRef, false), names: desigs, example: versionForm},
		{method: "GET", path: "/my-work", perm: read, h: s.myWorkPage},
		{method: "GET", path: "/due", perm: read, h: s.dueWorkPage},
		{method: "POST", path: "/my-work/calendar", perm: read, h: s.createCalendarFeed, example: func(example) any { return url.Values{} }},
		{method: "POST", path: "/my-work/calendar/revoke", perm: read, h: s.revokeCalendarFeed, example: func(example) any { return url.Values{} }},
		{method: "GET", path: "/webhooks", perm: admin, h: s.webhooksPage},
		{method: "POST", path: "/webhooks", perm: admin, h: s.createWebhookForm, example: webhookForm},
		{method: "GET", path: "/webhooks/{id}", perm: admin, h: s.webhookPage, names: hooks},
		{method: "POST", path: "/webhooks/{id}", perm: admin, h: s.updateWebhookForm, names: hooks, example: webhookForm},
		{method: "POST", path: "/webhooks/{id}/test", perm: admin, h: s.pingWebhookForm, names: hooks, example: func(example) any { return url.Values{} }},
		{method: "POST", path: "/webhooks/{id}/archive", perm: admin, h: archiveForm(s, "/webhooks", s.store.SetWebhookArchived, webhookRef, true), names: hooks, example: versionForm},
		{method: "POST", path: "/webhooks/{id}/restore", perm: admin, h: archiveForm(s, "/webhooks", s.store.SetWebhookArchived, webhookRef, false), names: hooks, example: versionForm},
		{method: "GET", path: "/evidence", perm: read, h: s.evidencePage},
		{method: "GET", path: "/evidence.csv", perm: read, h: s.evidenceCSV},
		{method: "GET", path: "/evidence/new", perm: write, h: s.newEvidencePage},
		{method: "POST", path: "/evidence", perm: write, h: s.createEvidenceForm, example: evidenceUploadForm, maxBody: s.uploadBody()},
		{method: "POST", path: "/evidence/attach", perm: write, h: s.attachForm(true), names: evid, example: attachForm},
		{method: "POST", path: "/evidence/detach", perm: write, h: s.attachForm(false), names: evid, example: attachForm},
		{method: "GET", path: "/evidence/{id}", perm: read, h: s.evidenceRecordPage, names: evid},
		{method: "GET", path: "/evidence/{id}/content", perm: read, h: s.evidenceContent, names: evid},
		{method: "GET", path: "/evidence/{id}/edit", perm: write, h: s.editEvidencePage, names: evid},
		{method: "POST", path: "/evidence/{id}", perm: write, h: s.updateEvidenceForm, names: evid, example: func(ex example) any {
			return url.Values{"title": {"CreditLens validation report"}, "valid_until": {"2027-12-31"}, "version": {strconv.Itoa(ex.Version)}}
		}},
		{method: "POST", path: "/evidence/{id}/archive", perm: archive, h: archiveForm(s, "/evidence", s.store.SetEvidenceArchived, evidenceRef, true), names: evid, example: versionForm},
		{method: "POST", path: "/evidence/{id}/restore", perm: archive, h: archiveForm(s, "/evidence", s.store.SetEvidenceArchived, evidenceRef, false), names: evid, example: versionForm},
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
		// Acknowledgement campaigns (7.3): read an approved document version.
		{method: "GET", path: "/acknowledgements", perm: read, h: s.campaignsPage},
		{method: "GET", path: "/acknowledgements/mine", perm: read, h: s.myAcknowledgementsPage},
		{method: "GET", path: "/acknowledgements/new", perm: write, h: s.newCampaignPage},
		{method: "POST", path: "/acknowledgements", perm: write, h: s.createCampaignForm, names: "acknowledgement-doc", example: campaignForm},
		{method: "GET", path: "/acknowledgements/{id}", perm: read, h: s.campaignPage, names: acks},
		{method: "GET", path: "/acknowledgements/{id}/people.csv", perm: read, h: s.campaignPeopleCSV, names: acks},
		{method: "GET", path: "/acknowledgements/{id}/edit", perm: write, h: s.editCampaignPage, names: acks},
		{method: "POST", path: "/acknowledgements/{id}", perm: write, h: s.updateCampaignForm, names: acks, example: campaignEditForm},
		{method: "POST", path: "/acknowledgements/{id}/acknowledge", perm: read, h: s.acknowledgeForm, names: acks, example: func(example) any { return url.Values{} }},
		{method: "POST", path: "/acknowledgements/{id}/record", perm: archive, h: s.recordAckForm, names: acks, example: func(ex example) any {
			return url.Values{"staff_id": {strconv.FormatInt(ex.StaffID, 10)}, "note": {"Signed the paper form at the team meeting"}}
		}},
		{method: "POST", path: "/acknowledgements/{id}/archive", perm: archive, h: archiveForm(s, "/acknowledgements", s.store.SetCampaignArchived, campaignRef, true), names: acks, example: versionForm},
		{method: "POST", path: "/acknowledgements/{id}/restore", perm: archive, h: archiveForm(s, "/acknowledgements", s.store.SetCampaignArchived, campaignRef, false), names: acks, example: versionForm},

		// Third parties (A.10, 8.1): everyone reads, contributors and up
		// record, allocate responsibilities and assess, managers archive.
		{method: "GET", path: "/third-parties", perm: read, h: s.thirdPartiesPage},
		{method: "GET", path: "/third-parties.csv", perm: read, h: s.thirdPartiesCSV},
		{method: "GET", path: "/third-parties/new", perm: write, h: s.newThirdPartyPage},
		{method: "POST", path: "/third-parties", perm: write, h: s.thirdPartyHandlers().createForm, example: thirdPartyFormExample},
		{method: "GET", path: "/third-parties/{id}", perm: read, h: s.thirdPartyPage, names: aims.RegisterThirdParties},
		{method: "GET", path: "/third-parties/{id}/edit", perm: write, h: s.thirdPartyHandlers().editPage, names: aims.RegisterThirdParties},
		{method: "POST", path: "/third-parties/{id}", perm: write, h: s.thirdPartyHandlers().updateForm, names: aims.RegisterThirdParties, example: thirdPartyFormExample},
		{method: "GET", path: "/third-parties/{id}/responsibilities", perm: write, h: s.matrixPage, names: aims.RegisterThirdParties},
		{method: "POST", path: "/third-parties/{id}/responsibilities", perm: write, h: s.matrixSaveForm, names: aims.RegisterThirdParties, example: matrixFormExample},
		{method: "GET", path: "/third-parties/{id}/assessments/new", perm: write, h: s.newAssessmentPage, names: aims.RegisterThirdParties},
		{method: "POST", path: "/third-parties/{id}/assessments", perm: write, h: s.assessmentSaveForm, names: aims.RegisterThirdParties, example: assessmentFormExample},
		{method: "POST", path: "/third-parties/{id}/archive", perm: archive, h: archiveForm(s, "/third-parties", s.store.SetThirdPartyArchived, thirdPartyRef, true), names: aims.RegisterThirdParties, example: versionForm},
		{method: "POST", path: "/third-parties/{id}/restore", perm: archive, h: archiveForm(s, "/third-parties", s.store.SetThirdPartyArchived, thirdPartyRef, false), names: aims.RegisterThirdParties, example: versionForm},
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

		// AI system components (A.4.2-A.4.5) and the people a system needs (A.4.6).
		{method: "GET", path: "/components", perm: read, h: s.componentsPage},
		{method: "GET", path: "/components.csv", perm: read, h: s.componentsCSV},
		{method: "GET", path: "/components/{id}", perm: read, h: s.componentPage, names: aims.RegisterComponents},
		{method: "GET", path: "/components/{id}/edit", perm: write, h: s.componentHandlers().editPage, names: aims.RegisterComponents},
		{method: "POST", path: "/components/{id}", perm: write, h: s.componentHandlers().updateForm, names: aims.RegisterComponents, example: componentForm},
		{method: "POST", path: "/components/{id}/archive", perm: archive, h: archiveForm(s, "/components", s.store.SetComponentArchived, componentRef, true), names: aims.RegisterComponents, example: versionForm},
		{method: "POST", path: "/components/{id}/restore", perm: archive, h: archiveForm(s, "/components", s.store.SetComponentArchived, componentRef, false), names: aims.RegisterComponents, example: versionForm},
		{method: "GET", path: "/ai-systems/{id}/components/new", perm: write, h: s.newComponentPage, names: systems},
		{method: "POST", path: "/ai-systems/{id}/components", perm: write, h: s.createComponentForm, names: systems, example: componentForm},
		{method: "GET", path: "/ai-systems/{id}/people", perm: write, h: s.systemPeoplePage, names: systems},
		{method: "POST", path: "/ai-systems/{id}/people", perm: write, h: s.saveSystemPeopleForm, names: systems, example: systemPeopleForm},
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
				return aims.AISystem{Name: "Invoice OCR", Purpose: "Reads supplier invoices into the ledger.", Lifecycle: aims.StageVerification, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/ai-systems/{id}/archive", perm: archive, api: true, summary: "Archive an AI system (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.AISystem{}, h: apiArchive(s.store.SetAISystemArchived, true), names: systems, example: versionJSON},
		{method: "POST", path: "/api/v1/ai-systems/{id}/restore", perm: archive, api: true, summary: "Restore an archived AI system.", body: versionBody{}, reply: aims.AISystem{}, h: apiArchive(s.store.SetAISystemArchived, false), names: systems, example: versionJSON},
		{method: "GET", path: "/api/v1/ai-systems/{id}/history", perm: read, api: true, summary: "The AI system's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, systems, s.store.AISystem), names: systems},
		{method: "GET", path: "/api/v1/datasets", perm: read, api: true, summary: "List the data sets of the AI systems (A.7.2-A.7.6).", query: datasetParams, reply: aims.Page[aims.Dataset]{}, h: s.apiDatasets},
		{method: "GET", path: "/api/v1/datasets.csv", perm: read, api: true, summary: "Export the data sets as CSV; takes the list's filters.", query: datasetParams, reply: csvFile{}, h: s.datasetsCSV},
		{method: "POST", path: "/api/v1/datasets", perm: write, api: true, summary: "Record a data set of an AI system: its use, acquisition, provenance and retention.", body: aims.Dataset{}, reply: aims.Dataset{}, status: http.StatusCreated, h: s.datasetHandlers().apiCreate, names: systems, example: datasetJSON},
		{method: "GET", path: "/api/v1/datasets/{id}", perm: read, api: true, summary: "Read a data set.", reply: aims.Dataset{}, h: s.datasetHandlers().apiGet, names: dsets},
		{method: "PUT", path: "/api/v1/datasets/{id}", perm: write, api: true, summary: "Update a data set: send it as read, with its version; a stale version answers 409. A zero ai_system_id keeps its AI system.", body: aims.Dataset{}, reply: aims.Dataset{}, h: s.datasetHandlers().apiUpdate, names: dsets, example: datasetEditJSON},
		{method: "GET", path: "/api/v1/datasets/{id}/versions", perm: read, api: true, summary: "The data set's versions and the preparation applied to each, newest first (at most 100).", reply: itemsOf[aims.DatasetVersion]{}, h: apiChildRows(s.store.Dataset, s.store.DatasetVersions, datasetChildLimit), names: dsets},
		{method: "POST", path: "/api/v1/datasets/{id}/versions", perm: write, api: true, summary: "Record a version of the data set, with the data set's version read (409 when stale). Answers the data set.", body: aims.DatasetVersion{}, reply: aims.Dataset{}, status: http.StatusCreated, h: s.apiAddDatasetVersion, names: dsets,
			example: func(ex example) any {
				return aims.DatasetVersion{Label: "v4", On: aims.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)), Preparation: "Deduplicated.", Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/datasets/{id}/checks", perm: read, api: true, summary: "The data set's quality check results, newest first (at most 100).", reply: itemsOf[aims.DatasetCheck]{}, h: apiChildRows(s.store.Dataset, s.store.DatasetChecks, datasetChildLimit), names: dsets},
		{method: "POST", path: "/api/v1/datasets/{id}/checks", perm: write, api: true, summary: "Record the result of a data quality check (a failed check needs a note), with the data set's version read (409 when stale). Answers the data set.", body: aims.DatasetCheck{}, reply: aims.Dataset{}, status: http.StatusCreated, h: s.apiAddDatasetCheck, names: dsets,
			example: func(ex example) any {
				return aims.DatasetCheck{CheckedOn: aims.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)), Requirement: "Missing income values", Result: aims.CheckPass, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/datasets/{id}/archive", perm: archive, api: true, summary: "Archive a data set (nothing is deleted).", body: versionBody{}, reply: aims.Dataset{}, h: apiArchive(s.store.SetDatasetArchived, true), names: dsets, example: versionJSON},
		{method: "POST", path: "/api/v1/datasets/{id}/restore", perm: archive, api: true, summary: "Restore an archived data set.", body: versionBody{}, reply: aims.Dataset{}, h: apiArchive(s.store.SetDatasetArchived, false), names: dsets, example: versionJSON},
		{method: "GET", path: "/api/v1/datasets/{id}/history", perm: read, api: true, summary: "The data set's change history, with each version and check result recorded, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, dsets, s.store.Dataset), names: dsets},
		{method: "GET", path: "/api/v1/use-reviews", perm: read, api: true, summary: "List the use reviews (A.9.4), newest first.", query: useReviewParams, reply: aims.Page[aims.UseReview]{}, h: s.apiUseReviews},
		{method: "GET", path: "/api/v1/use-reviews.csv", perm: read, api: true, summary: "Export the use reviews as CSV; takes the list's filters.", query: useReviewParams, reply: csvFile{}, h: s.useReviewsCSV},
		{method: "POST", path: "/api/v1/use-reviews", perm: write, api: true, summary: "Record a check of an AI system's actual use against its intended use; a blank intended_use keeps the inventory's.", body: aims.UseReview{}, reply: aims.UseReview{}, status: http.StatusCreated, h: s.useReviewHandlers().apiCreate, names: systems, example: useReviewJSON},
		{method: "GET", path: "/api/v1/use-reviews/{id}", perm: read, api: true, summary: "Read a use review.", reply: aims.UseReview{}, h: s.useReviewHandlers().apiGet, names: uses},
		{method: "PUT", path: "/api/v1/use-reviews/{id}", perm: write, api: true, summary: "Update a use review: send it as read, with its version; a stale version answers 409. Its AI system cannot change.", body: aims.UseReview{}, reply: aims.UseReview{}, h: s.useReviewHandlers().apiUpdate, names: uses, example: useReviewEditJSON},
		{method: "POST", path: "/api/v1/use-reviews/{id}/archive", perm: archive, api: true, summary: "Archive a use review (nothing is deleted).", body: versionBody{}, reply: aims.UseReview{}, h: apiArchive(s.store.SetUseReviewArchived, true), names: uses, example: versionJSON},
		{method: "POST", path: "/api/v1/use-reviews/{id}/restore", perm: archive, api: true, summary: "Restore an archived use review.", body: versionBody{}, reply: aims.UseReview{}, h: apiArchive(s.store.SetUseReviewArchived, false), names: uses, example: versionJSON},
		{method: "GET", path: "/api/v1/use-reviews/{id}/history", perm: read, api: true, summary: "The use review's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, uses, s.store.UseReview), names: uses},
		{method: "GET", path: "/api/v1/ai-systems/{id}/evidence-check", perm: read, api: true, summary: "Whether an AI system's evidence is complete today (aims check), and each reason it is not; {id} may also be the reference (AIS-3). Says \"evidence complete\", never \"conformant\".", reply: aims.EvidenceCheck{}, h: s.apiEvidenceCheck, names: systems},
		{method: "GET", path: "/api/v1/retention", perm: read, api: true, summary: "The retention periods per kind of document (kinds without one keep every version).", reply: itemsOf[aims.RetentionRule]{}, h: s.apiRetention},
		{method: "PUT", path: "/api/v1/retention", perm: admin, api: true, summary: "Set how many months superseded versions of a kind of document are kept (0: for ever); admins only.", body: aims.RetentionRule{}, reply: aims.RetentionRule{}, h: s.apiSetRetention,
			example: func(example) any { return aims.RetentionRule{Kind: aims.KindRecord, Months: 12} }},
		{method: "POST", path: "/api/v1/documents/{id}/legal-hold", perm: admin, api: true, summary: "Put a document on legal hold with a reason, or lift it with an empty one; send the document's version.", body: holdBody{}, reply: aims.Document{}, h: s.apiLegalHold, names: docs,
			example: func(ex example) any {
				return holdBody{LegalHold: "Regulator's request of 2027-03-01", Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/documents/{id}/dispose", perm: admin, api: true, summary: "Dispose of a superseded version whose retention has run out (not under legal hold): its text goes, its record and the audit event stay.", body: disposeBody{}, reply: aims.DocumentVersion{}, h: s.apiDispose, names: "document-disposable",
			example: func(example) any { return disposeBody{Number: 1} }},
		{method: "GET", path: "/api/v1/documents", perm: read, api: true, summary: "List the controlled documents.", query: documentParams, reply: aims.Page[aims.Document]{}, h: s.apiDocuments},
		{method: "GET", path: "/api/v1/documents.csv", perm: read, api: true, summary: "Export the controlled documents as CSV, streamed; takes the list's filters.", query: documentParams, reply: csvFile{}, h: s.documentsCSV},
		{method: "POST", path: "/api/v1/documents", perm: write, api: true, summary: "Create a controlled document with its first draft; template true starts an empty draft from the kind's starter template.", body: aims.NewDocument{}, reply: aims.Document{}, status: http.StatusCreated, h: s.apiCreateDocument,
			example: func(example) any {
				return aims.NewDocument{Document: aims.Document{Title: "AI risk assessment process", Kind: aims.KindRiskAssessment}, Template: true}
			}},
		{method: "GET", path: "/api/v1/documents/{id}", perm: read, api: true, summary: "Read a document: its own fields and the state of its versions.", reply: aims.Document{}, h: s.apiDocument, names: docs},
		{method: "PUT", path: "/api/v1/documents/{id}", perm: write, api: true, summary: "Update a document's own fields (not its text); send the version read.", body: aims.Document{}, reply: aims.Document{}, h: s.apiUpdateDocument, names: docs,
			example: func(ex example) any {
				return aims.Document{Title: "Walked document", Kind: aims.KindOtherProcedure, ReviewIntervalMonths: 24, Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/documents/{id}/versions", perm: read, api: true, summary: "A document's versions, newest first, without their text.", reply: itemsOf[aims.DocumentVersion]{}, h: s.apiDocumentVersions, names: docs},
		{method: "GET", path: "/api/v1/documents/{id}/text", perm: read, api: true, summary: "One version with its Markdown text: ?number=n, the latest by default.", query: []queryParam{{"number", "integer", "Version number.", nil}}, reply: aims.DocumentVersion{}, h: s.apiDocumentText, names: docs},
		{method: "PUT", path: "/api/v1/documents/{id}/draft", perm: write, api: true, summary: "Edit the draft's text, change summary and (AI policy) commitments; send the draft's version. Only a draft can be edited.", body: aims.DraftEdit{}, reply: aims.DocumentVersion{}, h: s.apiEditDraft, names: "document-drafts",
			example: func(ex example) any {
				return aims.DraftEdit{Version: ex.Version, Content: "# Plan\n\nRevised text.", ChangeSummary: "Revised."}
			}},
		{method: "POST", path: "/api/v1/documents/{id}/submit", perm: write, api: true, summary: "Submit the draft for review; send the draft's version.", body: aims.DocumentStep{}, reply: aims.DocumentVersion{}, h: s.apiStep(s.submitStep), names: "document-submit-api", example: stepJSON},
		{method: "POST", path: "/api/v1/documents/{id}/return", perm: archive, api: true, summary: "Return the version in review to draft with a note saying why; send its version.", body: aims.DocumentStep{}, reply: aims.DocumentVersion{}, h: s.apiStep(s.returnStep), names: "document-return-api", example: stepJSON},
		{method: "POST", path: "/api/v1/documents/{id}/approve", perm: archive, api: true, summary: "Approve the version in review as yourself; the AI policy and the AIMS scope only by a person designated to top management. The approval names the designation; the version approved before is superseded.", body: aims.DocumentStep{}, reply: aims.DocumentVersion{}, h: s.apiStep(s.approveStep), names: "document-approve-api", example: stepJSON},
		{method: "POST", path: "/api/v1/documents/{id}/new-version", perm: write, api: true, summary: "Start the next version as a draft copying the approved text; send the document's version.", body: aims.DocumentStep{}, reply: aims.DocumentVersion{}, h: s.apiStep(s.newVersionStep), names: "document-new-api", example: stepJSON},
		{method: "POST", path: "/api/v1/documents/{id}/archive", perm: archive, api: true, summary: "Archive a document (nothing is deleted).", body: versionBody{}, reply: aims.Document{}, h: apiArchive(s.store.SetDocumentArchived, true), names: docs, example: versionJSON},
		{method: "POST", path: "/api/v1/documents/{id}/restore", perm: archive, api: true, summary: "Restore an archived document.", body: versionBody{}, reply: aims.Document{}, h: apiArchive(s.store.SetDocumentArchived, false), names: docs, example: versionJSON},
		{method: "GET", path: "/api/v1/documents/{id}/history", perm: read, api: true, summary: "The document's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, docs, s.store.Document), names: docs},
		{method: "GET", path: "/api/v1/context-issues", perm: read, api: true, summary: "List the context issues (clause 4.1).", query: contextIssueParams, reply: aims.Page[aims.ContextIssue]{}, h: s.apiContextIssues},
		{method: "GET", path: "/api/v1/context-issues.csv", perm: read, api: true, summary: "Export the context issues as CSV, streamed; takes the list's filters.", query: contextIssueParams, reply: csvFile{}, h: s.contextIssuesCSV},
		{method: "POST", path: "/api/v1/context-issues", perm: write, api: true, summary: "Record a context issue; title, origin and category are required; ai_systems lists {\"id\": n} of the organization's AI systems.", body: aims.ContextIssue{}, reply: aims.ContextIssue{}, status: http.StatusCreated, h: s.contextIssueAPI().apiCreate,
			example: func(example) any {
				return aims.ContextIssue{Title: "Scarcity of ML talent", Origin: aims.IssueExternal, Category: aims.IssueEconomic, AISystems: []aims.Link{}}
			}},
		{method: "GET", path: "/api/v1/context-issues/{id}", perm: read, api: true, summary: "Read a context issue with the AI systems it bears on.", reply: aims.ContextIssue{}, h: s.contextIssueAPI().apiGet, names: issues},
		{method: "PUT", path: "/api/v1/context-issues/{id}", perm: write, api: true, summary: "Update a context issue: send the record as read, with its version; a stale version answers 409.", body: aims.ContextIssue{}, reply: aims.ContextIssue{}, h: s.contextIssueAPI().apiUpdate, names: issues,
			example: func(ex example) any {
				return aims.ContextIssue{Title: "Scarcity of ML talent", Origin: aims.IssueExternal, Category: aims.IssueEconomic, AISystems: []aims.Link{}, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/context-issues/{id}/archive", perm: archive, api: true, summary: "Archive a context issue (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.ContextIssue{}, h: apiArchive(s.store.SetContextIssueArchived, true), names: issues, example: versionJSON},
		{method: "POST", path: "/api/v1/context-issues/{id}/restore", perm: archive, api: true, summary: "Restore an archived context issue.", body: versionBody{}, reply: aims.ContextIssue{}, h: apiArchive(s.store.SetContextIssueArchived, false), names: issues, example: versionJSON},
		{method: "GET", path: "/api/v1/context-issues/{id}/history", perm: read, api: true, summary: "The context issue's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, issues, s.store.ContextIssue), names: issues},
		{method: "GET", path: "/api/v1/context", perm: read, api: true, summary: "The organization's context statement (clause 4.1): its roles toward AI and its decision on climate change; version 0 until first saved.", reply: aims.ContextStatement{}, h: s.apiContextStatement},
		{method: "PUT", path: "/api/v1/context", perm: write, api: true, summary: "Save the context statement; send the version read (0 before the first save); a stale version answers 409.", body: aims.ContextStatement{}, reply: aims.ContextStatement{}, h: s.apiUpdateContextStatement, names: aims.RegisterContext,
			example: func(ex example) any {
				return aims.ContextStatement{Roles: []aims.AIRole{aims.AIRoleProvider}, ClimateRelevant: aims.ClimateNotRelevant, ClimateReasoning: "No material exposure.", Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/context/history", perm: read, api: true, summary: "The context statement's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: s.apiContextStatementHistory},
		{method: "GET", path: "/api/v1/scope", perm: read, api: true, summary: "The organization's AIMS scope statement (clause 4.3): boundaries, scope document, reasons for AI systems out of scope, units, sites and the context considered; version 0 until first saved.", reply: aims.ScopeStatement{}, h: s.apiScope},
		{method: "PUT", path: "/api/v1/scope", perm: write, api: true, summary: "Save the scope statement; send the version read (0 before the first save); a stale version answers 409. Whatever is left out needs a reason; links name the organization's records by ID.", body: aims.ScopeStatement{}, reply: aims.ScopeStatement{}, h: s.apiUpdateScope, names: aims.RegisterScope,
			example: func(ex example) any {
				return aims.ScopeStatement{Boundaries: "Consumer lending in Germany.", Sites: []aims.ScopeSite{{Name: "Frankfurt head office", InScope: true}}, Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/scope/history", perm: read, api: true, summary: "The scope statement's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: s.apiScopeHistory},
		{method: "GET", path: "/api/v1/processes", perm: read, api: true, summary: "List the AIMS processes (clause 4.4).", query: processParams, reply: aims.Page[aims.Process]{}, h: s.apiProcesses},
		{method: "GET", path: "/api/v1/processes.csv", perm: read, api: true, summary: "Export the AIMS processes as CSV, streamed; takes the list's filters.", query: processParams, reply: csvFile{}, h: s.processesCSV},
		{method: "POST", path: "/api/v1/processes", perm: write, api: true, summary: "Record an AIMS process; name and purpose are required; requirements are ISO/IEC 42001 clause and control IDs; feeds lists {\"id\": n} of the processes it feeds.", body: aims.Process{}, reply: aims.Process{}, status: http.StatusCreated, h: s.processAPI().apiCreate,
			example: func(example) any {
				return aims.Process{Name: "Incident handling", Purpose: "Handles AI incidents.", Requirements: []string{"10.2", "A.8.4"}, Feeds: []aims.Link{}}
			}},
		{method: "GET", path: "/api/v1/processes/{id}", perm: read, api: true, summary: "Read a process with its requirements, the processes it feeds and those that feed it.", reply: aims.Process{}, h: s.processAPI().apiGet, names: procs},
		{method: "PUT", path: "/api/v1/processes/{id}", perm: write, api: true, summary: "Update a process: send the record as read, with its version; a stale version answers 409. fed_by is read only.", body: aims.Process{}, reply: aims.Process{}, h: s.processAPI().apiUpdate, names: procs,
			example: func(ex example) any {
				return aims.Process{Name: "Incident handling", Purpose: "Handles AI incidents.", Requirements: []string{"10.2"}, Feeds: []aims.Link{}, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/processes/{id}/archive", perm: archive, api: true, summary: "Archive a process (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.Process{}, h: apiArchive(s.store.SetProcessArchived, true), names: procs, example: versionJSON},
		{method: "POST", path: "/api/v1/processes/{id}/restore", perm: archive, api: true, summary: "Restore an archived process.", body: versionBody{}, reply: aims.Process{}, h: apiArchive(s.store.SetProcessArchived, false), names: procs, example: versionJSON},
		{method: "GET", path: "/api/v1/processes/{id}/history", perm: read, api: true, summary: "The process's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, procs, s.store.Process), names: procs},
		{method: "GET", path: "/api/v1/interested-parties", perm: read, api: true, summary: "List the interested parties (4.2).", query: partyParams, reply: aims.Page[aims.Party]{}, h: s.apiParties},
		{method: "GET", path: "/api/v1/interested-parties.csv", perm: read, api: true, summary: "Export the interested parties as CSV, streamed; takes the list's filters.", query: partyParams, reply: csvFile{}, h: s.partiesCSV},
		{method: "POST", path: "/api/v1/interested-parties", perm: write, api: true, summary: "Add an interested party; only the name is required.", body: aims.Party{}, reply: aims.Party{}, status: http.StatusCreated, h: s.partyAPI().apiCreate,
			example: func(example) any {
				return aims.Party{Name: "Loan applicants", Type: aims.PartyCustomer, Needs: "Fair and explainable credit decisions."}
			}},
		{method: "GET", path: "/api/v1/interested-parties/{id}", perm: read, api: true, summary: "Read an interested party.", reply: aims.Party{}, h: s.partyAPI().apiGet, names: aims.RegisterParties},
		{method: "PUT", path: "/api/v1/interested-parties/{id}", perm: write, api: true, summary: "Update an interested party: send the record as read, with its version; a stale version answers 409.", body: aims.Party{}, reply: aims.Party{}, h: s.partyAPI().apiUpdate, names: aims.RegisterParties,
			example: func(ex example) any {
				return aims.Party{Name: "Loan applicants", Type: aims.PartyCustomer, Addressed: aims.AddressedPartly, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/interested-parties/{id}/archive", perm: archive, api: true, summary: "Archive an interested party (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.Party{}, h: apiArchive(s.store.SetPartyArchived, true), names: aims.RegisterParties, example: versionJSON},
		{method: "POST", path: "/api/v1/interested-parties/{id}/restore", perm: archive, api: true, summary: "Restore an archived interested party.", body: versionBody{}, reply: aims.Party{}, h: apiArchive(s.store.SetPartyArchived, false), names: aims.RegisterParties, example: versionJSON},
		{method: "GET", path: "/api/v1/interested-parties/{id}/history", perm: read, api: true, summary: "The interested party's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterParties, s.store.Party), names: aims.RegisterParties},
		{method: "GET", path: "/api/v1/obligations", perm: read, api: true, summary: "List the obligations: legal, regulatory and contractual requirements (4.1, 4.2).", query: obligationParams, reply: aims.Page[aims.Obligation]{}, h: s.apiObligations},
		{method: "GET", path: "/api/v1/obligations.csv", perm: read, api: true, summary: "Export the obligations as CSV, streamed; takes the list's filters.", query: obligationParams, reply: csvFile{}, h: s.obligationsCSV},
		{method: "POST", path: "/api/v1/obligations", perm: write, api: true, summary: "Record an obligation; title and kind are required. ai_system_ids and party_ids link it to the organization's AI systems and interested parties.", body: aims.Obligation{}, reply: aims.Obligation{}, status: http.StatusCreated, h: s.obligationAPI().apiCreate,
			example: func(example) any {
				return aims.Obligation{Title: "Automated individual decisions", Kind: aims.KindLegal, Source: "GDPR Art. 22"}
			}},
		{method: "GET", path: "/api/v1/obligations/{id}", perm: read, api: true, summary: "Read an obligation with the AI systems and interested parties it concerns.", reply: aims.Obligation{}, h: s.obligationAPI().apiGet, names: aims.RegisterObligations},
		{method: "PUT", path: "/api/v1/obligations/{id}", perm: write, api: true, summary: "Update an obligation and its links: send the record as read, with its version; a stale version answers 409.", body: aims.Obligation{}, reply: aims.Obligation{}, h: s.obligationAPI().apiUpdate, names: aims.RegisterObligations,
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
		{method: "GET", path: "/api/v1/designations", perm: read, api: true, summary: "List the designations of top management and of management for AI risk, in force and ended.", query: designationParams, reply: aims.Page[aims.Designation]{}, h: s.apiDesignations},
		{method: "GET", path: "/api/v1/designations.csv", perm: read, api: true, summary: "Export the designations as CSV; takes the list's filters.", query: designationParams, reply: csvFile{}, h: s.designationsCSV},
		{method: "POST", path: "/api/v1/designations", perm: admin, api: true, summary: "Designate a member as top management or as management for AI risk, from a day, with the highest residual risk they may accept (admins only).", body: aims.Designation{}, reply: aims.Designation{}, status: http.StatusCreated, h: desigH.apiCreate, example: designationJSON},
		{method: "GET", path: "/api/v1/designations/{id}", perm: read, api: true, summary: "Read a designation.", reply: aims.Designation{}, h: desigH.apiGet, names: desigs},
		{method: "PUT", path: "/api/v1/designations/{id}", perm: admin, api: true, summary: "Update a designation, for instance set its last day; send the version read.", body: aims.Designation{}, reply: aims.Designation{}, h: desigH.apiUpdate, names: desigs, example: designationJSON},
		{method: "POST", path: "/api/v1/designations/{id}/archive", perm: admin, api: true, summary: "Archive a designation entered in error (an ended one keeps its last day instead).", body: versionBody{}, reply: aims.Designation{}, h: apiArchive(s.store.SetDesignationArchived, true), names: desigs, example: versionJSON},
		{method: "POST", path: "/api/v1/designations/{id}/restore", perm: admin, api: true, summary: "Restore an archived designation.", body: versionBody{}, reply: aims.Designation{}, h: apiArchive(s.store.SetDesignationArchived, false), names: desigs, example: versionJSON},
		{method: "GET", path: "/api/v1/designations/{id}/history", perm: read, api: true, summary: "The designation's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, desigs, s.store.Designation), names: desigs},
		{method: "GET", path: "/api/v1/due-work", perm: read, api: true, summary: "Everything with a due date in the registers, in date order, each due, overdue or upcoming as of a day (today unless as_of is given).", query: dueParams, reply: aims.Page[aims.DueItem]{}, h: s.apiDueWork},
		{method: "GET", path: "/api/v1/webhooks", perm: admin, api: true, summary: "List the organization's webhook endpoints (admins).", query: pagingParams[:2], reply: aims.Page[aims.Webhook]{}, h: s.apiWebhooks},
		{method: "POST", path: "/api/v1/webhooks", perm: admin, api: true, summary: "Add a webhook endpoint for due and overdue events; the reply holds its signing secret, shown once. The operator decides which hosts it may point at.", body: webhookIn{}, reply: webhookCreated{}, status: http.StatusCreated, h: s.apiCreateWebhook,
			example: func(example) any {
				return webhookIn{URL: "https://hooks.example.org/aims", Events: []string{aims.EventOverdue}}
			}},
		{method: "GET", path: "/api/v1/webhooks/{id}", perm: admin, api: true, summary: "Read a webhook endpoint.", reply: aims.Webhook{}, h: s.apiWebhook, names: hooks},
		{method: "PUT", path: "/api/v1/webhooks/{id}", perm: admin, api: true, summary: "Change an endpoint's address, events or active flag; send the version read.", body: webhookIn{}, reply: aims.Webhook{}, h: s.apiUpdateWebhook, names: hooks,
			example: func(ex example) any {
				return webhookIn{URL: "https://hooks.example.org/aims", Events: []string{aims.EventDue, aims.EventOverdue}, Active: true, Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/webhooks/{id}/test", perm: admin, api: true, summary: "Queue a test event (ping) to an endpoint.", reply: aims.Webhook{}, status: http.StatusAccepted, h: s.apiPingWebhook, names: hooks},
		{method: "GET", path: "/api/v1/webhooks/{id}/deliveries", perm: admin, api: true, summary: "The endpoint's latest deliveries and their attempts, newest first.", reply: itemsOf[aims.WebhookDelivery]{}, h: s.apiWebhookDeliveries, names: hooks},
		{method: "POST", path: "/api/v1/webhooks/{id}/archive", perm: admin, api: true, summary: "Archive an endpoint: nothing more is sent to it; its log stays.", body: versionBody{}, reply: aims.Webhook{}, h: apiArchive(s.store.SetWebhookArchived, true), names: hooks, example: versionJSON},
		{method: "POST", path: "/api/v1/webhooks/{id}/restore", perm: admin, api: true, summary: "Restore an archived endpoint.", body: versionBody{}, reply: aims.Webhook{}, h: apiArchive(s.store.SetWebhookArchived, false), names: hooks, example: versionJSON},
		{method: "GET", path: "/api/v1/evidence", perm: read, api: true, summary: "List the evidence register: files and links.", query: evidenceParams, reply: aims.Page[aims.Evidence]{}, h: s.apiEvidenceList},
		{method: "GET", path: "/api/v1/evidence.csv", perm: read, api: true, summary: "Export the evidence register as CSV (with each file's SHA-256); takes the list's filters.", query: evidenceParams, reply: csvFile{}, h: s.evidenceCSV},
		{method: "POST", path: "/api/v1/evidence", perm: write, api: true, summary: "Add evidence: a file as multipart/form-data (part file, up to the server's upload limit; its type is detected from its content), or a link as JSON. Optionally attach it to a record (register and record_id).", body: evidenceUpload{}, reply: aims.Evidence{}, status: http.StatusCreated, h: s.apiCreateEvidence, example: evidenceUploadForm, maxBody: s.uploadBody()},
		{method: "GET", path: "/api/v1/evidence/{id}", perm: read, api: true, summary: "Read evidence with its attachments.", reply: aims.Evidence{}, h: s.apiEvidence, names: evid},
		{method: "PUT", path: "/api/v1/evidence/{id}", perm: write, api: true, summary: "Update evidence's title, description, validity and (links only) URL; send the version read. A file's content never changes: upload new evidence.", body: aims.Evidence{}, reply: aims.Evidence{}, h: s.apiUpdateEvidence, names: evid,
			example: func(ex example) any {
				return aims.Evidence{Title: "CreditLens validation report 2026", ValidUntil: aims.DateOf(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)), Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/evidence/{id}/content", perm: read, api: true, summary: "Download an evidence file, checked against its SHA-256 as it is sent (a changed file is cut short).", reply: fileContent{}, h: s.evidenceContent, names: evid},
		{method: "POST", path: "/api/v1/evidence/{id}/attach", perm: write, api: true, summary: "Attach evidence to a record: register ai-systems with an AI system's ID, or gap with a requirement ID.", body: attachBody{}, reply: aims.Evidence{}, h: s.apiAttach(true), names: evid, example: attachJSON},
		{method: "POST", path: "/api/v1/evidence/{id}/detach", perm: write, api: true, summary: "Detach evidence from a record.", body: attachBody{}, reply: aims.Evidence{}, h: s.apiAttach(false), names: evid, example: attachJSON},
		{method: "POST", path: "/api/v1/evidence/{id}/archive", perm: archive, api: true, summary: "Archive evidence (its file is kept).", body: versionBody{}, reply: aims.Evidence{}, h: apiArchive(s.store.SetEvidenceArchived, true), names: evid, example: versionJSON},
		{method: "POST", path: "/api/v1/evidence/{id}/restore", perm: archive, api: true, summary: "Restore archived evidence.", body: versionBody{}, reply: aims.Evidence{}, h: apiArchive(s.store.SetEvidenceArchived, false), names: evid, example: versionJSON},
		{method: "GET", path: "/api/v1/evidence/{id}/history", perm: read, api: true, summary: "The evidence's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, evid, s.store.Evidence), names: evid},
		{method: "GET", path: "/api/v1/staff", perm: read, api: true, summary: "List the people in the AIMS (with or without a sign-in).", query: staffParams, reply: aims.Page[aims.Staff]{}, h: s.apiStaff},
		{method: "GET", path: "/api/v1/staff.csv", perm: read, api: true, summary: "Export the people in the AIMS as CSV; takes the list's filters.", query: staffParams, reply: csvFile{}, h: s.staffCSV},
		{method: "POST", path: "/api/v1/staff", perm: write, api: true, summary: "Add a person to the AIMS; user_id optionally links a member of the organization (one person per member).", body: aims.Staff{}, reply: aims.Staff{}, status: http.StatusCreated, h: staffH.apiCreate, example: personJSON},
		{method: "GET", path: "/api/v1/staff/{id}", perm: read, api: true, summary: "Read a person.", reply: aims.Staff{}, h: staffH.apiGet, names: staffs},
		{method: "PUT", path: "/api/v1/staff/{id}", perm: write, api: true, summary: "Update a person; send the version read.", body: aims.Staff{}, reply: aims.Staff{}, h: staffH.apiUpdate, names: staffs, example: personJSON},
		{method: "POST", path: "/api/v1/staff/{id}/archive", perm: archive, api: true, summary: "Archive a person entered in error (one who left is marked left instead).", body: versionBody{}, reply: aims.Staff{}, h: apiArchive(s.store.SetPersonArchived, true), names: staffs, example: versionJSON},
		{method: "POST", path: "/api/v1/staff/{id}/restore", perm: archive, api: true, summary: "Restore an archived person.", body: versionBody{}, reply: aims.Staff{}, h: apiArchive(s.store.SetPersonArchived, false), names: staffs, example: versionJSON},
		{method: "GET", path: "/api/v1/staff/{id}/history", perm: read, api: true, summary: "The person's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, staffs, s.store.Person), names: staffs},

		// AI system components (A.4.2-A.4.5) and the people a system needs (A.4.6).
		{method: "GET", path: "/api/v1/components", perm: read, api: true, summary: "List the components of the AI systems (A.4.2-A.4.5), across systems or for one.", query: componentParams, reply: aims.Page[aims.Component]{}, h: s.apiComponents},
		{method: "GET", path: "/api/v1/components.csv", perm: read, api: true, summary: "Export the components as CSV; takes the list's filters.", query: componentParams, reply: csvFile{}, h: s.componentsCSV},
		{method: "POST", path: "/api/v1/ai-systems/{id}/components", perm: write, api: true, summary: "Add a component to the AI system: kind (model, data, tooling, compute, third-party-service, other) and name are required; third_party_id is reserved for the third-parties register and must be 0 for now.", body: aims.Component{}, reply: aims.Component{}, status: http.StatusCreated, h: s.apiCreateComponent, names: systems, example: componentJSON},
		{method: "GET", path: "/api/v1/components/{id}", perm: read, api: true, summary: "Read a component.", reply: aims.Component{}, h: s.componentHandlers().apiGet, names: aims.RegisterComponents},
		{method: "PUT", path: "/api/v1/components/{id}", perm: write, api: true, summary: "Update a component; send the version read (409 when stale).", body: aims.Component{}, reply: aims.Component{}, h: s.componentHandlers().apiUpdate, names: aims.RegisterComponents, example: componentJSON},
		{method: "POST", path: "/api/v1/components/{id}/archive", perm: archive, api: true, summary: "Archive a component (nothing is deleted); a component no longer used is given a retired date instead.", body: versionBody{}, reply: aims.Component{}, h: apiArchive(s.store.SetComponentArchived, true), names: aims.RegisterComponents, example: versionJSON},
		{method: "POST", path: "/api/v1/components/{id}/restore", perm: archive, api: true, summary: "Restore an archived component.", body: versionBody{}, reply: aims.Component{}, h: apiArchive(s.store.SetComponentArchived, false), names: aims.RegisterComponents, example: versionJSON},
		{method: "GET", path: "/api/v1/components/{id}/history", perm: read, api: true, summary: "The component's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterComponents, s.store.Component), names: aims.RegisterComponents},
		{method: "GET", path: "/api/v1/ai-systems/{id}/human-resources", perm: read, api: true, summary: "The people the AI system needs (A.4.6): roles, the competence each needs and who plays it, at the system's version.", reply: aims.SystemPeople{}, h: s.apiSystemPeople, names: systems},
		{method: "PUT", path: "/api/v1/ai-systems/{id}/human-resources", perm: write, api: true, summary: "Replace the people the AI system needs; send the AI system's version read (409 when stale). Another organization's competence or person is refused (422).", body: aims.SystemPeople{}, reply: aims.SystemPeople{}, h: s.apiSetSystemPeople, names: systems, example: systemPeopleJSON},
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
		{method: "GET", path: "/api/v1/raci", perm: read, api: true, summary: "The RACI over the live AIMS processes: the roles, the processes, and each role's letter (R, A, C or I) where it has a part.", reply: raciReply{}, h: s.apiRACI},
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
		{method: "POST", path: "/api/v1/communications", perm: write, api: true, summary: "Add an item to the communication plan: what, with whom, when, how and who.", body: aims.Communication{}, reply: aims.Communication{}, status: http.StatusCreated, h: s.communicationAPI().apiCreate,
			example: func(example) any {
				return aims.Communication{Subject: "AI policy to all staff", Audience: aims.AudienceInternal, AudienceDetail: "All staff",
					Frequency: aims.FrequencyOnEvent, Channel: "Intranet and e-mail"}
			}},
		{method: "GET", path: "/api/v1/communications/{id}", perm: read, api: true, summary: "Read a plan item.", reply: aims.Communication{}, h: s.communicationAPI().apiGet, names: comms},
		{method: "PUT", path: "/api/v1/communications/{id}", perm: write, api: true, summary: "Update a plan item: send it as read, with its version; a stale version answers 409. The log's figures (last_sent, sends) are kept.", body: aims.Communication{}, reply: aims.Communication{}, h: s.communicationAPI().apiUpdate, names: comms,
			example: func(ex example) any {
				return aims.Communication{Subject: "AI policy to all staff", Audience: aims.AudienceInternal, AudienceDetail: "All staff",
					Frequency: aims.FrequencyOnEvent, Channel: "Intranet", Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/communications/{id}/sends", perm: read, api: true, summary: "The log of what was sent under a plan item, newest first (at most 100).", reply: itemsOf[aims.CommunicationSend]{}, h: apiChildRows(s.store.Communication, s.store.CommunicationSends, sendLogLimit), names: comms},
		{method: "POST", path: "/api/v1/communications/{id}/sends", perm: write, api: true, summary: "Log something sent under a plan item, with the item's version read; its next due date moves on by its frequency. Answers the plan item.", body: aims.CommunicationSend{}, reply: aims.Communication{}, status: http.StatusCreated, h: s.apiLogCommunication, names: comms,
			example: func(ex example) any {
				return aims.CommunicationSend{SentOn: aims.DateOf(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), What: "Policy v2 announcement", Recipients: "All staff", Version: ex.Version}
			}},
		{method: "POST", path: "/api/v1/communications/{id}/archive", perm: archive, api: true, summary: "Archive a plan item (nothing is deleted).", body: versionBody{}, reply: aims.Communication{}, h: apiArchive(s.store.SetCommunicationArchived, true), names: comms, example: versionJSON},
		{method: "POST", path: "/api/v1/communications/{id}/restore", perm: archive, api: true, summary: "Restore an archived plan item.", body: versionBody{}, reply: aims.Communication{}, h: apiArchive(s.store.SetCommunicationArchived, false), names: comms, example: versionJSON},
		{method: "GET", path: "/api/v1/communications/{id}/history", perm: read, api: true, summary: "The plan item's change history, with each communication logged, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, comms, s.store.Communication), names: comms},
		{method: "GET", path: "/api/v1/acknowledgements", perm: read, api: true, summary: "List acknowledgement campaigns (7.3), each with its progress.", query: campaignParams, reply: aims.Page[aims.Campaign]{}, h: s.apiCampaigns},
		{method: "GET", path: "/api/v1/my-acknowledgements", perm: read, api: true, summary: "The live campaigns that ask the caller (the person in the AIMS linked to their account), with where they stand.", reply: itemsOf[aims.MyAcknowledgement]{}, h: s.apiMyAcknowledgements},
		{method: "POST", path: "/api/v1/acknowledgements", perm: write, api: true, summary: "Launch a campaign: an approved (or superseded) document version to read, and who is asked: people by ID and everyone holding the AIMS roles given, expanded at launch. A version not approved answers 422.", body: aims.Campaign{}, reply: aims.Campaign{}, status: http.StatusCreated, h: s.apiCreateCampaign, names: "acknowledgement-doc",
			example: func(ex example) any {
				return aims.Campaign{Title: "Read the AI policy, version 1", DocumentID: ex.ID, DocVersion: 1, DueDate: aims.DateOf(time.Now().UTC().AddDate(0, 0, 14)), StaffIDs: []int64{ex.StaffID}}
			}},
		{method: "GET", path: "/api/v1/acknowledgements/{id}", perm: read, api: true, summary: "Read a campaign, with everyone asked (staff_ids) and its progress.", reply: aims.Campaign{}, h: s.apiCampaign, names: acks},
		{method: "PUT", path: "/api/v1/acknowledgements/{id}", perm: write, api: true, summary: "Update a campaign's title, due date, owner and status (open or closed), with the version read; the document, its version and the people asked are fixed at launch.", body: aims.Campaign{}, reply: aims.Campaign{}, h: s.apiUpdateCampaign, names: acks,
			example: func(ex example) any {
				return aims.Campaign{Title: "Read the AI policy", DueDate: aims.DateOf(time.Now().UTC().AddDate(0, 0, 21)), Status: aims.CampaignOpen, Version: ex.Version}
			}},
		{method: "GET", path: "/api/v1/acknowledgements/{id}/people", perm: read, api: true, summary: "Everyone the campaign asks, with when and how each acknowledged, or outstanding.", reply: itemsOf[aims.Acknowledgement]{}, h: s.apiCampaignPeople, names: acks},
		{method: "GET", path: "/api/v1/acknowledgements/{id}/people.csv", perm: read, api: true, summary: "Export everyone the campaign asks and their status as CSV.", reply: csvFile{}, h: s.campaignPeopleCSV, names: acks},
		{method: "POST", path: "/api/v1/acknowledgements/{id}/acknowledge", perm: read, api: true, summary: "Acknowledge for oneself: the caller's linked person has read the campaign's version. Again changes nothing; a caller the campaign does not ask gets 403.", reply: aims.Acknowledgement{}, h: s.apiAcknowledge, names: acks},
		{method: "POST", path: "/api/v1/acknowledgements/{id}/record", perm: archive, api: true, summary: "Record an acknowledgement on a person's behalf (a paper form, say), with a note; recorded as such.", body: aims.AckInput{}, reply: aims.Acknowledgement{}, h: s.apiRecordAck, names: acks,
			example: func(ex example) any {
				return aims.AckInput{StaffID: ex.StaffID, Note: "Signed the paper form at the team meeting"}
			}},
		{method: "POST", path: "/api/v1/acknowledgements/{id}/archive", perm: archive, api: true, summary: "Archive a campaign (nothing is deleted).", body: versionBody{}, reply: aims.Campaign{}, h: apiArchive(s.store.SetCampaignArchived, true), names: acks, example: versionJSON},
		{method: "POST", path: "/api/v1/acknowledgements/{id}/restore", perm: archive, api: true, summary: "Restore an archived campaign.", body: versionBody{}, reply: aims.Campaign{}, h: apiArchive(s.store.SetCampaignArchived, false), names: acks, example: versionJSON},
		{method: "GET", path: "/api/v1/acknowledgements/{id}/history", perm: read, api: true, summary: "The campaign's history, with each acknowledgement, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, acks, s.store.Campaign), names: acks},
		// AI incidents (A.8.4): the register, its communication log and the EU AI Act Art. 73 report.
		{method: "GET", path: "/incidents", perm: read, h: s.incidentsPage},
		{method: "GET", path: "/incidents.csv", perm: read, h: s.incidentsCSV},
		{method: "GET", path: "/incidents/new", perm: write, h: s.newIncidentPage},
		{method: "POST", path: "/incidents", perm: write, h: s.incidentHandlers().createForm, example: incidentFormExample},
		{method: "GET", path: "/incidents/{id}", perm: read, h: s.incidentPage, names: aims.RegisterIncidents},
		{method: "GET", path: "/incidents/{id}/edit", perm: write, h: s.incidentHandlers().editPage, names: aims.RegisterIncidents},
		{method: "POST", path: "/incidents/{id}", perm: write, h: s.incidentHandlers().updateForm, names: aims.RegisterIncidents, example: incidentFormExample},
		{method: "POST", path: "/incidents/{id}/communicated", perm: write, h: s.logIncidentForm, names: aims.RegisterIncidents, example: incidentMessageForm},
		{method: "POST", path: "/incidents/{id}/authority-report", perm: write, h: s.reportIncidentForm, names: "serious-incidents", example: s.authorityReportForm},
		{method: "POST", path: "/incidents/{id}/archive", perm: archive, h: archiveForm(s, "/incidents", s.store.SetIncidentArchived, incidentRef, true), names: aims.RegisterIncidents, example: versionForm},
		{method: "POST", path: "/incidents/{id}/restore", perm: archive, h: archiveForm(s, "/incidents", s.store.SetIncidentArchived, incidentRef, false), names: aims.RegisterIncidents, example: versionForm},
		{method: "GET", path: "/api/v1/incidents", perm: read, api: true, summary: "List AI incidents (A.8.4), newest first.", query: incidentParams, reply: aims.Page[aims.Incident]{}, h: s.apiIncidents},
		{method: "GET", path: "/api/v1/incidents.csv", perm: read, api: true, summary: "Export AI incidents as CSV; takes the list's filters.", query: incidentParams, reply: csvFile{}, h: s.incidentsCSV},
		{method: "POST", path: "/api/v1/incidents", perm: write, api: true, summary: "Record an AI incident. For a serious incident under the EU AI Act (Art. 3(49)) set serious, serious_kind and aware_on: report_due is derived (Art. 73: 2 days for a widespread infringement or a critical-infrastructure disruption, 10 for a death, 15 otherwise) and counts down as due work.", body: aims.Incident{}, reply: aims.Incident{}, status: http.StatusCreated, h: s.incidentHandlers().apiCreate, example: incidentJSONExample},
		{method: "GET", path: "/api/v1/incidents/{id}", perm: read, api: true, summary: "Read an incident.", reply: aims.Incident{}, h: s.incidentHandlers().apiGet, names: aims.RegisterIncidents},
		{method: "PUT", path: "/api/v1/incidents/{id}", perm: write, api: true, summary: "Update an incident: send it as read, with its version; a stale version answers 409. The log's figures (messages, the authority report) are kept.", body: aims.Incident{}, reply: aims.Incident{}, h: s.incidentHandlers().apiUpdate, names: aims.RegisterIncidents, example: incidentJSONExample},
		{method: "GET", path: "/api/v1/incidents/{id}/messages", perm: read, api: true, summary: "The incident's communication log, newest first (at most 200).", reply: itemsOf[aims.IncidentMessage]{}, h: apiChildRows(s.store.Incident, s.store.IncidentMessages, incidentLogLimit), names: aims.RegisterIncidents},
		{method: "POST", path: "/api/v1/incidents/{id}/messages", perm: write, api: true, summary: "Log what was communicated about the incident, to whom, when and by whom, with the incident's version read. Answers the incident.", body: aims.IncidentMessage{}, reply: aims.Incident{}, status: http.StatusCreated, h: s.apiLogIncidentMessage, names: aims.RegisterIncidents, example: incidentMessageJSON},
		{method: "POST", path: "/api/v1/incidents/{id}/authority-report", perm: write, api: true, summary: "Log the report of a serious incident to the market surveillance authority (EU AI Act Art. 73), with the incident's version read: its due work ends and the log gets an entry.", body: aims.AuthorityReport{}, reply: aims.Incident{}, h: s.apiReportIncident, names: "serious-incidents-api", example: s.authorityReportJSON},
		{method: "POST", path: "/api/v1/incidents/{id}/archive", perm: archive, api: true, summary: "Archive an incident (nothing is deleted).", body: versionBody{}, reply: aims.Incident{}, h: apiArchive(s.store.SetIncidentArchived, true), names: aims.RegisterIncidents, example: versionJSON},
		{method: "POST", path: "/api/v1/incidents/{id}/restore", perm: archive, api: true, summary: "Restore an archived incident.", body: versionBody{}, reply: aims.Incident{}, h: apiArchive(s.store.SetIncidentArchived, false), names: aims.RegisterIncidents, example: versionJSON},
		{method: "GET", path: "/api/v1/incidents/{id}/history", perm: read, api: true, summary: "The incident's history, with each communication and the authority report, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterIncidents, s.store.Incident), names: aims.RegisterIncidents},
		// The incident communication plan (A.8.4).
		{method: "GET", path: "/incident-plan", perm: read, h: s.incidentPlansPage},
		{method: "GET", path: "/incident-plan.csv", perm: read, h: s.incidentPlansCSV},
		{method: "GET", path: "/incident-plan/new", perm: write, h: s.newIncidentPlanPage},
		{method: "POST", path: "/incident-plan", perm: write, h: s.incidentPlanHandlers().createForm, example: incidentPlanFormExample},
		{method: "GET", path: "/incident-plan/{id}", perm: read, h: s.incidentPlanPage, names: aims.RegisterIncidentPlans},
		{method: "GET", path: "/incident-plan/{id}/edit", perm: write, h: s.incidentPlanHandlers().editPage, names: aims.RegisterIncidentPlans},
		{method: "POST", path: "/incident-plan/{id}", perm: write, h: s.incidentPlanHandlers().updateForm, names: aims.RegisterIncidentPlans, example: incidentPlanFormExample},
		{method: "POST", path: "/incident-plan/{id}/archive", perm: archive, h: archiveForm(s, "/incident-plan", s.store.SetIncidentPlanArchived, incidentPlanRef, true), names: aims.RegisterIncidentPlans, example: versionForm},
		{method: "POST", path: "/incident-plan/{id}/restore", perm: archive, h: archiveForm(s, "/incident-plan", s.store.SetIncidentPlanArchived, incidentPlanRef, false), names: aims.RegisterIncidentPlans, example: versionForm},
		{method: "GET", path: "/api/v1/incident-plan", perm: read, api: true, summary: "List the incident communication plan (A.8.4): who is informed of which incidents, how, within what time and by whom.", query: incidentPlanParams, reply: aims.Page[aims.IncidentPlan]{}, h: s.apiIncidentPlans},
		{method: "GET", path: "/api/v1/incident-plan.csv", perm: read, api: true, summary: "Export the incident communication plan as CSV; takes the list's filters.", query: incidentPlanParams, reply: csvFile{}, h: s.incidentPlansCSV},
		{method: "POST", path: "/api/v1/incident-plan", perm: write, api: true, summary: "Add a row to the incident communication plan.", body: aims.IncidentPlan{}, reply: aims.IncidentPlan{}, status: http.StatusCreated, h: s.incidentPlanHandlers().apiCreate, example: incidentPlanJSONExample},
		{method: "GET", path: "/api/v1/incident-plan/{id}", perm: read, api: true, summary: "Read a plan row.", reply: aims.IncidentPlan{}, h: s.incidentPlanHandlers().apiGet, names: aims.RegisterIncidentPlans},
		{method: "PUT", path: "/api/v1/incident-plan/{id}", perm: write, api: true, summary: "Update a plan row: send it as read, with its version; a stale version answers 409.", body: aims.IncidentPlan{}, reply: aims.IncidentPlan{}, h: s.incidentPlanHandlers().apiUpdate, names: aims.RegisterIncidentPlans, example: incidentPlanJSONExample},
		{method: "POST", path: "/api/v1/incident-plan/{id}/archive", perm: archive, api: true, summary: "Archive a plan row (nothing is deleted).", body: versionBody{}, reply: aims.IncidentPlan{}, h: apiArchive(s.store.SetIncidentPlanArchived, true), names: aims.RegisterIncidentPlans, example: versionJSON},
		{method: "POST", path: "/api/v1/incident-plan/{id}/restore", perm: archive, api: true, summary: "Restore an archived plan row.", body: versionBody{}, reply: aims.IncidentPlan{}, h: apiArchive(s.store.SetIncidentPlanArchived, false), names: aims.RegisterIncidentPlans, example: versionJSON},
		{method: "GET", path: "/api/v1/incident-plan/{id}/history", perm: read, api: true, summary: "The plan row's history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterIncidentPlans, s.store.IncidentPlan), names: aims.RegisterIncidentPlans},
		// Information for interested parties (A.8.2, A.8.3, A.8.5).
		{method: "GET", path: "/information", perm: read, h: s.informationListPage},
		{method: "GET", path: "/information.csv", perm: read, h: s.informationCSV},
		{method: "GET", path: "/information/new", perm: write, h: s.newInformationPage},
		{method: "POST", path: "/information", perm: write, h: s.informationHandlers().createForm, example: informationFormExample},
		{method: "GET", path: "/information/{id}", perm: read, h: s.informationPage, names: aims.RegisterInformation},
		{method: "GET", path: "/information/{id}/edit", perm: write, h: s.informationHandlers().editPage, names: aims.RegisterInformation},
		{method: "POST", path: "/information/{id}", perm: write, h: s.informationHandlers().updateForm, names: aims.RegisterInformation, example: informationFormExample},
		{method: "POST", path: "/information/{id}/archive", perm: archive, h: archiveForm(s, "/information", s.store.SetInformationArchived, informationRef, true), names: aims.RegisterInformation, example: versionForm},
		{method: "POST", path: "/information/{id}/restore", perm: archive, h: archiveForm(s, "/information", s.store.SetInformationArchived, informationRef, false), names: aims.RegisterInformation, example: versionForm},
		{method: "GET", path: "/api/v1/information", perm: read, api: true, summary: "List information for interested parties: for users (A.8.2), means to report adverse impacts (A.8.3), reporting obligations (A.8.5).", query: informationParams, reply: aims.Page[aims.Information]{}, h: s.apiInformationList},
		{method: "GET", path: "/api/v1/information.csv", perm: read, api: true, summary: "Export information for interested parties as CSV; takes the list's filters.", query: informationParams, reply: csvFile{}, h: s.informationCSV},
		{method: "POST", path: "/api/v1/information", perm: write, api: true, summary: "Add a record. Information for users and means of reporting name their AI system; a reporting obligation may be for the AIMS as a whole and has a frequency and next due date, which is due work.", body: aims.Information{}, reply: aims.Information{}, status: http.StatusCreated, h: s.informationHandlers().apiCreate, example: informationJSONExample},
		{method: "GET", path: "/api/v1/information/{id}", perm: read, api: true, summary: "Read a record.", reply: aims.Information{}, h: s.informationHandlers().apiGet, names: aims.RegisterInformation},
		{method: "PUT", path: "/api/v1/information/{id}", perm: write, api: true, summary: "Update a record: send it as read, with its version; a stale version answers 409.", body: aims.Information{}, reply: aims.Information{}, h: s.informationHandlers().apiUpdate, names: aims.RegisterInformation, example: informationJSONExample},
		{method: "POST", path: "/api/v1/information/{id}/archive", perm: archive, api: true, summary: "Archive a record (nothing is deleted).", body: versionBody{}, reply: aims.Information{}, h: apiArchive(s.store.SetInformationArchived, true), names: aims.RegisterInformation, example: versionJSON},
		{method: "POST", path: "/api/v1/information/{id}/restore", perm: archive, api: true, summary: "Restore an archived record.", body: versionBody{}, reply: aims.Information{}, h: apiArchive(s.store.SetInformationArchived, false), names: aims.RegisterInformation, example: versionJSON},
		{method: "GET", path: "/api/v1/information/{id}/history", perm: read, api: true, summary: "The record's history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterInformation, s.store.Information), names: aims.RegisterInformation},
		{method: "GET", path: "/api/v1/lifecycle-records", perm: read, api: true, summary: "List AI system life-cycle records (A.6.2.2 to A.6.2.8).", query: lifecycleParams, reply: aims.Page[aims.LifecycleRecord]{}, h: s.apiLifecycleRecords},
		{method: "GET", path: "/api/v1/lifecycle-records.csv", perm: read, api: true, summary: "Export life-cycle records as CSV; takes the list's filters.", query: lifecycleParams, reply: csvFile{}, h: s.lifecycleCSV},
		{method: "POST", path: "/api/v1/lifecycle-records", perm: write, api: true, summary: "Add a life-cycle record to an AI system: requirements, design, verification and validation with its criteria and results, deployment plan, operation and monitoring, technical documentation for an audience, or event logs with their retention. The author defaults to the caller; approval is its own step.", body: aims.LifecycleRecord{}, reply: aims.LifecycleRecord{}, status: http.StatusCreated, h: s.lifecycleHandlers().apiCreate, names: systems, example: lifecycleJSONExample},
		{method: "GET", path: "/api/v1/lifecycle-records/{id}", perm: read, api: true, summary: "Read a life-cycle record with its criteria.", reply: aims.LifecycleRecord{}, h: s.lifecycleHandlers().apiGet, names: aims.RegisterLifecycleRecords},
		{method: "PUT", path: "/api/v1/lifecycle-records/{id}", perm: write, api: true, summary: "Update a life-cycle record with the version read (409 when stale). Criteria are replaced as sent; any change to an approved record withdraws its approval.", body: aims.LifecycleRecord{}, reply: aims.LifecycleRecord{}, h: s.lifecycleHandlers().apiUpdate, names: aims.RegisterLifecycleRecords, example: lifecycleJSONExample},
		{method: "POST", path: "/api/v1/lifecycle-records/{id}/approve", perm: archive, api: true, summary: "Approve requirements or a design (baselined), a verification (every criterion passed) or a deployment (conditions required) as the caller, who must not be its author nor have edited it.", body: aims.LifecycleApproval{}, reply: aims.LifecycleRecord{}, h: s.apiApproveLifecycle, names: "lifecycle-approve-api", example: approveJSONExample},
		{method: "GET", path: "/api/v1/lifecycle-records/{id}/readings", perm: read, api: true, summary: "The monitoring readings of an operation record, newest first (at most 120).", reply: itemsOf[aims.Reading]{}, h: apiChildRows(s.store.LifecycleRecord, s.store.LifecycleReadings, readingLimit), names: aims.RegisterLifecycleRecords},
		{method: "POST", path: "/api/v1/lifecycle-records/{id}/readings", perm: write, api: true, summary: "Record a monitoring reading (metric, value, threshold, within it or not; a note when not) with the record's version read; the next reading due moves on.", body: aims.Reading{}, reply: aims.LifecycleRecord{}, status: http.StatusCreated, h: s.apiAddReading, names: "lifecycle-operation", example: readingJSONExample},
		{method: "POST", path: "/api/v1/lifecycle-records/{id}/archive", perm: archive, api: true, summary: "Archive a life-cycle record (nothing is deleted); the stage gate no longer counts it.", body: versionBody{}, reply: aims.LifecycleRecord{}, h: apiArchive(s.store.SetLifecycleRecordArchived, true), names: aims.RegisterLifecycleRecords, example: versionJSON},
		{method: "POST", path: "/api/v1/lifecycle-records/{id}/restore", perm: archive, api: true, summary: "Restore an archived life-cycle record.", body: versionBody{}, reply: aims.LifecycleRecord{}, h: apiArchive(s.store.SetLifecycleRecordArchived, false), names: aims.RegisterLifecycleRecords, example: versionJSON},
		{method: "GET", path: "/api/v1/lifecycle-records/{id}/history", perm: read, api: true, summary: "The record's change history with its approvals and readings, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterLifecycleRecords, s.store.LifecycleRecord), names: aims.RegisterLifecycleRecords},
		{method: "GET", path: "/api/v1/ai-systems/{id}/lifecycle", perm: read, api: true, summary: "An AI system's life cycle: its stage, each gated stage with what it requires and what is missing, its records and the gate's overrides.", reply: systemLifecycle{}, h: s.apiSystemLifecycle, names: systems},
		{method: "GET", path: "/api/v1/ai-systems/{id}/stage-gate", perm: read, api: true, summary: "What the AI system lacks to enter a stage (deployment unless stage is given) under the organization's gate; empty when nothing.", query: stageParams, reply: itemsOf[aims.GateGap]{}, h: s.apiStageGate, names: systems},
		{method: "POST", path: "/api/v1/ai-systems/{id}/stage-override", perm: archive, api: true, summary: "Move an AI system into a stage past its gate, with a reason, at the system's version read: admins, or managers designated to AI risk management. Recorded in the audit trail with the missing records.", body: aims.GateOverride{}, reply: aims.AISystem{}, h: s.apiOverride, names: "lifecycle-override-api", example: overrideJSONExample},
		{method: "GET", path: "/api/v1/lifecycle-gate", perm: read, api: true, summary: "The organization's stage gate: for each gated stage, the records required before an AI system may enter it (version 0: the default).", reply: aims.GatePolicy{}, h: s.apiGatePolicy},
		{method: "PUT", path: "/api/v1/lifecycle-gate", perm: admin, api: true, summary: "Set the stage gate at the version read (0 for the default).", body: aims.GatePolicy{}, reply: aims.GatePolicy{}, h: s.apiSetGatePolicy, names: aims.RegisterLifecycleGate, example: gateJSONExample},
		{method: "GET", path: "/api/v1/risk-criteria", perm: read, api: true, summary: "The AI risk criteria in force (6.1.1), or the version ?version=n: scales, matrix and acceptance threshold; version 0 when none are set.", query: []queryParam{{"version", "integer", "A numbered version; the one in force by default.", nil}}, reply: aims.RiskCriteria{}, h: s.apiRiskCriteria},
		{method: "PUT", path: "/api/v1/risk-criteria", perm: archive, api: true, summary: "Save the next version of the risk criteria: send the version read (0 for the first); a stale version answers 409. Versions are never changed.", body: aims.RiskCriteria{}, reply: aims.RiskCriteria{}, status: http.StatusCreated, h: s.apiSaveRiskCriteria, names: riskc, example: criteriaJSON},
		{method: "GET", path: "/api/v1/risk-criteria/versions", perm: read, api: true, summary: "Every version of the risk criteria, newest first.", reply: itemsOf[aims.RiskCriteria]{}, h: s.apiRiskCriteriaVersions},
		{method: "GET", path: "/api/v1/risk-criteria/history", perm: read, api: true, summary: "The audit history of the risk criteria, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: s.apiRiskCriteriaHistory},
		{method: "GET", path: "/api/v1/risk-plan", perm: read, api: true, summary: "The current risk treatment plan (6.1.3): a row per live risk above its threshold or with a treatment, and per opportunity with planned actions; the latest approved version and whether the plan changed since, with what changed.", reply: aims.RiskPlan{}, h: s.apiRiskPlan},
		{method: "POST", path: "/api/v1/risk-plan/approve", perm: archive, api: true, summary: "Approve the current plan as the next version, as yourself, on approved_on (today when empty, never in the future, not before the register's latest change): you must be designated to top management or to management for AI risk on that day and today, and every risk above its threshold must have a treatment (422 naming them). Send number and digest as GET /api/v1/risk-plan gave them (next_number, digest): if the plan changed or was approved since, the answer is 409 and nothing is frozen. The version is frozen.", body: aims.RiskPlanApproval{}, reply: aims.RiskPlanVersion{}, status: http.StatusCreated, h: s.apiApproveRiskPlan, example: s.riskPlanApproveJSONExample},
		{method: "GET", path: "/api/v1/risk-plan/versions", perm: read, api: true, summary: "The approved versions of the risk treatment plan, newest first.", reply: itemsOf[aims.RiskPlanVersion]{}, h: s.apiRiskPlanVersions},
		{method: "GET", path: "/api/v1/risk-plan/versions/{id}", perm: read, api: true, summary: "An approved version of the risk treatment plan with its rows.", reply: aims.RiskPlanVersion{}, h: s.apiRiskPlanVersion, names: aims.RegisterRiskPlanVersions},
		{method: "GET", path: "/api/v1/risks", perm: read, api: true, summary: "List the AI risks and opportunities (6.1.2, 8.2) with their latest assessment and treatment.", query: riskParams, reply: aims.Page[aims.Risk]{}, h: s.apiRisks},
		{method: "GET", path: "/api/v1/risks.csv", perm: read, api: true, summary: "Export the risks and opportunities as CSV, streamed; takes the list's filters.", query: riskParams, reply: csvFile{}, h: s.risksCSV},
		{method: "GET", path: "/api/v1/risk-heat-map", perm: read, api: true, summary: "Counts of risks per likelihood and impact, inherent and residual, for the list's filters, with the criteria in force.", query: riskParams, reply: aims.HeatMap{}, h: s.apiHeatMap},
		{method: "POST", path: "/api/v1/risks", perm: write, api: true, summary: "Record a risk or opportunity; title and source are required. Likelihood and impact are assessed under the criteria in force (the default ones are set first if none are) and kept as a dated assessment. controls lists Annex A IDs or custom control references (CC-n).", body: aims.Risk{}, reply: aims.Risk{}, status: http.StatusCreated, h: riskH.apiCreate, example: riskJSON},
		{method: "GET", path: "/api/v1/risks/{id}", perm: read, api: true, summary: "Read a risk or opportunity with its links, controls and acceptance.", reply: aims.Risk{}, h: riskH.apiGet, names: risksK},
		{method: "PUT", path: "/api/v1/risks/{id}", perm: write, api: true, summary: "Update a risk with the version read; a changed likelihood or impact is a new dated assessment, a changed residual risk withdraws its acceptance. Acceptance is not written here.", body: aims.Risk{}, reply: aims.Risk{}, h: riskH.apiUpdate, names: risksK, example: riskJSON},
		{method: "POST", path: "/api/v1/risks/{id}/accept", perm: write, api: true, summary: "Accept the risk's residual level as designated management, in the caller's name: their designation must be in force on accepted_on and reach the level (422 on accepted_by otherwise).", body: aims.RiskAcceptance{}, reply: aims.Risk{}, h: s.apiAcceptRisk, names: risksK, example: riskAcceptJSON},
		{method: "GET", path: "/api/v1/risks/{id}/assessments", perm: read, api: true, summary: "Every dated assessment of the risk, newest first, with the criteria version used.", reply: itemsOf[aims.RiskAssessment]{}, h: s.apiRiskAssessments, names: risksK},
		{method: "POST", path: "/api/v1/risks/{id}/archive", perm: archive, api: true, summary: "Archive a risk (nothing is deleted).", body: versionBody{}, reply: aims.Risk{}, h: apiArchive(s.store.SetRiskArchived, true), names: risksK, example: versionJSON},
		{method: "POST", path: "/api/v1/risks/{id}/restore", perm: archive, api: true, summary: "Restore an archived risk.", body: versionBody{}, reply: aims.Risk{}, h: apiArchive(s.store.SetRiskArchived, false), names: risksK, example: versionJSON},
		{method: "GET", path: "/api/v1/risks/{id}/history", perm: read, api: true, summary: "The risk's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, risksK, s.store.Risk), names: risksK},
		{method: "GET", path: "/api/v1/impact-assessments", perm: read, api: true, summary: "List the AI system impact assessments (6.1.4, 8.4, A.5), without their rows.", query: impactParams, reply: aims.Page[aims.ImpactAssessment]{}, h: s.apiImpacts},
		{method: "GET", path: "/api/v1/impact-assessments.csv", perm: read, api: true, summary: "Export the impact assessments as CSV, streamed; takes the list's filters.", query: impactParams, reply: csvFile{}, h: s.impactsCSV},
		{method: "POST", path: "/api/v1/impact-assessments", perm: write, api: true, summary: "Start a draft impact assessment of an AI system, made with the current impact criteria (the default is saved as version 1 on first use). Sections follow ISO/IEC 42005 clause 6; items are benefits and harms rated on the criteria's scales; parties lists {\"id\": n} of interested parties.", body: aims.ImpactAssessment{}, reply: aims.ImpactAssessment{}, status: http.StatusCreated, h: s.impactHandlers().apiCreate, names: aims.RegisterAISystems, example: impactJSONExample},
		{method: "GET", path: "/api/v1/impact-assessments/{id}", perm: read, api: true, summary: "Read an impact assessment with its impacts, disclosures and parties; use says how its harms stand against the sensitive and restricted thresholds.", reply: aims.ImpactAssessment{}, h: s.impactHandlers().apiGet, names: aims.RegisterImpactAssessments},
		{method: "PUT", path: "/api/v1/impact-assessments/{id}", perm: write, api: true, summary: "Update a draft: send the record as read, with its version; a stale version or a state other than draft answers 409. The AI system and the criteria version stay as created.", body: aims.ImpactAssessment{}, reply: aims.ImpactAssessment{}, h: s.impactHandlers().apiUpdate, names: aims.RegisterImpactAssessments, example: impactJSONExample},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/submit", perm: write, api: true, summary: "Submit the draft for review; send its version.", body: aims.ImpactStep{}, reply: aims.ImpactAssessment{}, h: s.impactAPIStep(s.submitImpact), names: "impact-submit-api", example: impactStepJSONExample},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/return", perm: archive, api: true, summary: "Return the assessment in review to draft with a note saying why; send its version.", body: aims.ImpactStep{}, reply: aims.ImpactAssessment{}, h: s.impactAPIStep(s.returnImpact), names: "impact-return-api", example: impactStepJSONExample},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/propose-risk", perm: write, api: true, summary: "Raise a risk from a harm the assessment found (6.1.4), by the harm's number: the risk is recorded unassessed, for the AI system, and the harm links it, in one step. A harm links one risk (409 when it already does); an approved assessment stays frozen but for this link.", body: proposeRiskBody{}, reply: aims.Risk{}, status: http.StatusCreated, h: s.apiProposeRisk, names: "impact-propose-api", example: func(ex example) any { return proposeRiskBody{Position: 1} }},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/link-risk", perm: write, api: true, summary: "Link a harm the assessment found, by its number, to a risk already in the register (risk_id). A harm links one risk (409 when it already does).", body: proposeRiskBody{}, reply: aims.Risk{}, h: s.apiLinkRisk, names: "impact-link-api", example: func(ex example) any { return proposeRiskBody{Position: 1, RiskID: ex.RiskID} }},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/approve", perm: archive, api: true, summary: "Approve the assessment in review as yourself (neither its author nor its assessor); it becomes the system's current assessment, frozen, and the one approved before is superseded.", body: aims.ImpactStep{}, reply: aims.ImpactAssessment{}, h: s.impactAPIStep(s.approveImpact), names: "impact-approve-api", example: impactStepJSONExample},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/archive", perm: archive, api: true, summary: "Archive an impact assessment (nothing is deleted).", body: versionBody{}, reply: aims.ImpactAssessment{}, h: apiArchive(s.store.SetImpactAssessmentArchived, true), names: aims.RegisterImpactAssessments, example: versionJSON},
		{method: "POST", path: "/api/v1/impact-assessments/{id}/restore", perm: archive, api: true, summary: "Restore an archived impact assessment.", body: versionBody{}, reply: aims.ImpactAssessment{}, h: apiArchive(s.store.SetImpactAssessmentArchived, false), names: aims.RegisterImpactAssessments, example: versionJSON},
		{method: "GET", path: "/api/v1/impact-assessments/{id}/history", perm: read, api: true, summary: "The impact assessment's change history, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterImpactAssessments, s.store.ImpactAssessment), names: aims.RegisterImpactAssessments},
		{method: "GET", path: "/api/v1/impact-criteria", perm: read, api: true, summary: "The organization's current impact criteria (ISO/IEC 42005 5.7): severity, likelihood and reversibility scales and the thresholds for sensitive and restricted uses; number 0 is the default, before any is saved.", reply: aims.ImpactCriteria{}, h: s.apiImpactCriteria},
		{method: "PUT", path: "/api/v1/impact-criteria", perm: archive, api: true, summary: "Save a new version of the impact criteria; send the number of the version read as number (0 for the default); a stale number answers 409. Versions are never edited.", body: aims.ImpactCriteria{}, reply: aims.ImpactCriteria{}, h: s.apiSaveImpactCriteria, names: aims.RegisterImpactCriteria, example: impactCriteriaJSONExample},
		{method: "GET", path: "/api/v1/third-parties", perm: read, api: true, summary: "List the third parties: suppliers, customers and partners (A.10, 8.1), with the AI systems they concern and their latest assessment.", query: thirdPartyParams, reply: aims.Page[aims.ThirdParty]{}, h: s.apiThirdParties},
		{method: "GET", path: "/api/v1/third-parties.csv", perm: read, api: true, summary: "Export the third parties as CSV, streamed; takes the list's filters.", query: thirdPartyParams, reply: csvFile{}, h: s.thirdPartiesCSV},
		{method: "POST", path: "/api/v1/third-parties", perm: write, api: true, summary: "Record a third party; name and kind are required. ai_system_ids links AI systems, party_id an interested party, commitments what a customer is owed (A.10.4); a responsibilities matrix may be sent too.", body: aims.ThirdParty{}, reply: aims.ThirdParty{}, status: http.StatusCreated, h: s.thirdPartyHandlers().apiCreate, example: thirdPartyJSONExample},
		{method: "GET", path: "/api/v1/third-parties/{id}", perm: read, api: true, summary: "Read a third party with its AI systems, responsibility matrix, commitments and assessments (newest first).", reply: aims.ThirdParty{}, h: s.thirdPartyHandlers().apiGet, names: aims.RegisterThirdParties},
		{method: "PUT", path: "/api/v1/third-parties/{id}", perm: write, api: true, summary: "Update a third party, its AI system links and commitments, with the version read (409 when stale). The matrix and assessments are left as they are: they have their own routes.", body: aims.ThirdParty{}, reply: aims.ThirdParty{}, h: s.thirdPartyHandlers().apiUpdate, names: aims.RegisterThirdParties, example: thirdPartyJSONExample},
		{method: "PUT", path: "/api/v1/third-parties/{id}/responsibilities", perm: write, api: true, summary: "Replace the responsibility matrix (A.10.2) whole, with the third party's version read: each row an activity (a life-cycle stage or data-provision, human-oversight, monitoring, incident-reporting, documentation) and a share (responsible, shared, none) for the organization, the supplier and the customer. All rows or none are saved; a stale version answers 409.", body: aims.ResponsibilitiesInput{}, reply: aims.ThirdParty{}, h: s.apiMatrix, names: aims.RegisterThirdParties, example: matrixJSONExample},
		{method: "POST", path: "/api/v1/third-parties/{id}/assessments", perm: write, api: true, summary: "Record a dated supplier assessment (A.10.3) with the third party's version read; the newest by date sets the latest result and the next assessment date. Recorded assessments never change.", body: aims.NewAssessment{}, reply: aims.ThirdParty{}, status: http.StatusCreated, h: s.apiAddAssessment, names: aims.RegisterThirdParties, example: assessmentJSONExample},
		{method: "POST", path: "/api/v1/third-parties/{id}/archive", perm: archive, api: true, summary: "Archive a third party (nothing is deleted). An optional body {\"version\": n} guards against stale reads.", body: versionBody{}, reply: aims.ThirdParty{}, h: apiArchive(s.store.SetThirdPartyArchived, true), names: aims.RegisterThirdParties, example: versionJSON},
		{method: "POST", path: "/api/v1/third-parties/{id}/restore", perm: archive, api: true, summary: "Restore an archived third party.", body: versionBody{}, reply: aims.ThirdParty{}, h: apiArchive(s.store.SetThirdPartyArchived, false), names: aims.RegisterThirdParties, example: versionJSON},
		{method: "GET", path: "/api/v1/third-parties/{id}/history", perm: read, api: true, summary: "The third party's change history, oldest first: edits, matrix saves and assessments.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, aims.RegisterThirdParties, s.store.ThirdParty), names: aims.RegisterThirdParties},
		// AI objectives (6.2, A.9.3) and change requests (6.3, 8.1). Each
		// workflow step names its own record, in the state the step fits.
		{method: "GET", path: "/objectives", perm: read, h: s.objectivesPage},
		{method: "GET", path: "/objectives.csv", perm: read, h: s.objectivesCSV},
		{method: "GET", path: "/objectives/new", perm: write, h: s.newObjectivePage},
		{method: "POST", path: "/objectives", perm: write, h: s.objectiveHandlers().createForm, example: objectiveFormExample},
		{method: "GET", path: "/objectives/{id}", perm: read, h: s.objectivePage, names: objs},
		{method: "GET", path: "/objectives/{id}/edit", perm: write, h: s.objectiveHandlers().editPage, names: objs},
		{method: "POST", path: "/objectives/{id}", perm: write, h: s.objectiveHandlers().updateForm, names: objs, example: objectiveFormExample},
		{method: "POST", path: "/objectives/{id}/measurements", perm: write, h: s.recordMeasurementForm, names: objs, example: measurementFormExample},
		{method: "POST", path: "/objectives/{id}/archive", perm: archive, h: archiveForm(s, "/objectives", s.store.SetObjectiveArchived, objectiveRef, true), names: objs, example: versionForm},
		{method: "POST", path: "/objectives/{id}/restore", perm: archive, h: archiveForm(s, "/objectives", s.store.SetObjectiveArchived, objectiveRef, false), names: objs, example: versionForm},
		{method: "GET", path: "/changes", perm: read, h: s.changesPage},
		{method: "GET", path: "/changes.csv", perm: read, h: s.changesCSV},
		{method: "GET", path: "/changes/new", perm: write, h: s.newChangePage},
		{method: "POST", path: "/changes", perm: write, h: s.changeHandlers().createForm, example: changeFormExample},
		{method: "GET", path: "/changes/{id}", perm: read, h: s.changePage, names: chgs},
		{method: "GET", path: "/changes/{id}/edit", perm: write, h: s.changeHandlers().editPage, names: chgs},
		{method: "POST", path: "/changes/{id}", perm: write, h: s.changeHandlers().updateForm, names: chgs, example: changeFormExample},
		{method: "POST", path: "/changes/{id}/decide", perm: archive, h: s.changeStepForm("decide"), names: "change-decide", example: changeStepExample("decide")},
		{method: "POST", path: "/changes/{id}/implement", perm: write, h: s.changeStepForm("implement"), names: "change-implement", example: changeStepExample("implement")},
		{method: "POST", path: "/changes/{id}/close", perm: write, h: s.changeStepForm("close"), names: "change-close", example: changeStepExample("close")},
		{method: "POST", path: "/changes/{id}/reassessed", perm: write, h: s.changeStepForm("reassessed"), names: "change-reassessed", example: changeStepExample("reassessed")},
		{method: "POST", path: "/changes/{id}/archive", perm: archive, h: archiveForm(s, "/changes", s.store.SetChangeArchived, changeRef, true), names: chgs, example: versionForm},
		{method: "POST", path: "/changes/{id}/restore", perm: archive, h: archiveForm(s, "/changes", s.store.SetChangeArchived, changeRef, false), names: chgs, example: versionForm},
		{method: "GET", path: "/api/v1/objectives", perm: read, api: true, summary: "List the AI objectives (6.2) and the objectives for responsible use (A.9.3).", query: objectiveParams, reply: aims.Page[aims.Objective]{}, h: s.apiObjectives},
		{method: "GET", path: "/api/v1/objectives.csv", perm: read, api: true, summary: "Export the objectives as CSV, streamed; takes the list's filters.", query: objectiveParams, reply: csvFile{}, h: s.objectivesCSV},
		{method: "POST", path: "/api/v1/objectives", perm: write, api: true, summary: "Set an objective: kind, the measurable objective, its measure, direction, target value and unit, the plan (what, resources, who, by when, how evaluated), the AI policy it serves (policy_id, a document) and ai_systems as [{\"id\": n}]. Status and readings come from measurements.", body: aims.Objective{}, reply: aims.Objective{}, status: http.StatusCreated, h: s.objectiveHandlers().apiCreate, example: objectiveJSONExample},
		{method: "GET", path: "/api/v1/objectives/{id}", perm: read, api: true, summary: "Read an objective with its AI systems and its readings, newest first.", reply: aims.Objective{}, h: s.objectiveHandlers().apiGet, names: objs},
		{method: "PUT", path: "/api/v1/objectives/{id}", perm: write, api: true, summary: "Update an objective: send the record as read, with its version; a stale version answers 409. Status and readings are left as they are.", body: aims.Objective{}, reply: aims.Objective{}, h: s.objectiveHandlers().apiUpdate, names: objs, example: objectiveJSONExample},
		{method: "POST", path: "/api/v1/objectives/{id}/measurements", perm: write, api: true, summary: "Record a reading: measured_on, value, status (on-track, at-risk, achieved, missed), note, optionally next_measurement, and the objective's version read. Readings are kept; the newest sets the status.", body: aims.Measurement{}, reply: aims.Objective{}, status: http.StatusCreated, h: s.apiRecordMeasurement, names: objs, example: measurementJSONExample},
		{method: "POST", path: "/api/v1/objectives/{id}/archive", perm: archive, api: true, summary: "Archive an objective (nothing is deleted).", body: versionBody{}, reply: aims.Objective{}, h: apiArchive(s.store.SetObjectiveArchived, true), names: objs, example: versionJSON},
		{method: "POST", path: "/api/v1/objectives/{id}/restore", perm: archive, api: true, summary: "Restore an archived objective.", body: versionBody{}, reply: aims.Objective{}, h: apiArchive(s.store.SetObjectiveArchived, false), names: objs, example: versionJSON},
		{method: "GET", path: "/api/v1/objectives/{id}/history", perm: read, api: true, summary: "The objective's change history with its readings, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, objs, s.store.Objective), names: objs},
		{method: "GET", path: "/api/v1/changes", perm: read, api: true, summary: "List the change requests to the AIMS (6.3) and to AI systems (8.1), newest first.", query: changeParams, reply: aims.Page[aims.ChangeRequest]{}, h: s.apiChanges},
		{method: "GET", path: "/api/v1/changes.csv", perm: read, api: true, summary: "Export the change requests as CSV, streamed; takes the list's filters.", query: changeParams, reply: csvFile{}, h: s.changesCSV},
		{method: "POST", path: "/api/v1/changes", perm: write, api: true, summary: "Request a change: title, subject (aims or ai-system, with ai_system_id), description, reason, the impact analysis and whether it is significant. It is requested today by the caller; the workflow fields are set by the steps.", body: aims.ChangeRequest{}, reply: aims.ChangeRequest{}, status: http.StatusCreated, h: s.changeHandlers().apiCreate, example: changeJSONExample},
		{method: "GET", path: "/api/v1/changes/{id}", perm: read, api: true, summary: "Read a change request, with reassessment_due when its AI system's risk and impact assessments wait to be made again.", reply: aims.ChangeRequest{}, h: s.changeHandlers().apiGet, names: chgs},
		{method: "PUT", path: "/api/v1/changes/{id}", perm: write, api: true, summary: "Update a change request not decided yet (after the decision, only owner_id and planned_on); send the version read.", body: aims.ChangeRequest{}, reply: aims.ChangeRequest{}, h: s.changeHandlers().apiUpdate, names: chgs, example: changeJSONExample},
		{method: "POST", path: "/api/v1/changes/{id}/decide", perm: archive, api: true, summary: "Approve (approve: true, note the conditions) or reject (note the reason) a requested change; never by its requester (422). Approving a significant change to an AI system needs reassess_by: its risk and impact reassessment becomes due work.", body: aims.ChangeStep{}, reply: aims.ChangeRequest{}, h: s.apiChangeStep("decide"), names: "change-decide-api", example: changeStepJSONExample("decide")},
		{method: "POST", path: "/api/v1/changes/{id}/implement", perm: write, api: true, summary: "Record that an approved change was carried out: on, note (what was done).", body: aims.ChangeStep{}, reply: aims.ChangeRequest{}, h: s.apiChangeStep("implement"), names: "change-implement-api", example: changeStepJSONExample("implement")},
		{method: "POST", path: "/api/v1/changes/{id}/close", perm: write, api: true, summary: "Close an implemented change with the review of its outcome (note).", body: aims.ChangeStep{}, reply: aims.ChangeRequest{}, h: s.apiChangeStep("close"), names: "change-close-api", example: changeStepJSONExample("close")},
		{method: "POST", path: "/api/v1/changes/{id}/reassessed", perm: write, api: true, summary: "Record that the AI system's risk and impact assessments were made again after an approved significant change (on, note); the due work ends.", body: aims.ChangeStep{}, reply: aims.ChangeRequest{}, h: s.apiChangeStep("reassessed"), names: "change-reassessed-api", example: changeStepJSONExample("reassessed")},
		{method: "POST", path: "/api/v1/changes/{id}/archive", perm: archive, api: true, summary: "Archive a change request (nothing is deleted).", body: versionBody{}, reply: aims.ChangeRequest{}, h: apiArchive(s.store.SetChangeArchived, true), names: chgs, example: versionJSON},
		{method: "POST", path: "/api/v1/changes/{id}/restore", perm: archive, api: true, summary: "Restore an archived change request.", body: versionBody{}, reply: aims.ChangeRequest{}, h: apiArchive(s.store.SetChangeArchived, false), names: chgs, example: versionJSON},
		{method: "GET", path: "/api/v1/changes/{id}/history", perm: read, api: true, summary: "The change request's history, each workflow step with who and when, oldest first.", reply: itemsOf[aims.AuditEvent]{}, h: apiHistory(s, chgs, s.store.Change), names: chgs},
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
