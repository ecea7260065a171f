package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/report"
)

// AI incidents (A.8.4): the register of incidents with its communication
// log and the EU AI Act Art. 73 report, and the plan for communicating
// incidents.

func incidentRef(i aims.Incident) string         { return i.Ref }
func incidentPlanRef(p aims.IncidentPlan) string { return p.Ref }

// incidentLogLimit is how many log entries an incident's page shows.
const incidentLogLimit = 200

// detectedLayout is how a form writes and reads the time of detection
// (an HTML datetime-local field, taken as UTC).
const detectedLayout = "2006-01-02T15:04"

func (s *Server) incidentHandlers() registerHandlers[aims.Incident] {
	return registerHandlers[aims.Incident]{s: s, base: "/incidents", api: "/api/v1/incidents", what: "incident",
		get: s.store.Incident, create: s.store.CreateIncident, update: s.store.UpdateIncident,
		key:     func(v *aims.Incident) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Incident) bool { return v.Archived },
		parse:   incidentFromForm, form: s.incidentForm}
}

func (s *Server) incidentPlanHandlers() registerHandlers[aims.IncidentPlan] {
	return registerHandlers[aims.IncidentPlan]{s: s, base: "/incident-plan", api: "/api/v1/incident-plan", what: "plan row",
		get: s.store.IncidentPlan, create: s.store.CreateIncidentPlan, update: s.store.UpdateIncidentPlan,
		key:     func(v *aims.IncidentPlan) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.IncidentPlan) bool { return v.Archived },
		parse:   incidentPlanFromForm, form: s.incidentPlanForm}
}

// incidentEnums are the choices the incident pages offer.
type incidentEnums struct {
	Severities   []aims.IncidentSeverity
	Harms        []aims.HarmCategory
	Statuses     []aims.IncidentStatus
	SeriousKinds []aims.SeriousKind
}

var theIncidentEnums = incidentEnums{aims.IncidentSeverities, aims.HarmCategories, aims.IncidentStatuses, aims.SeriousKinds}

func incidentFilter(q url.Values, limit int) (aims.IncidentFilter, error) {
	qr := newQueryReader(q)
	f := aims.IncidentFilter{ListParams: qr.list(limit), AISystemID: qr.int64("ai_system_id"), Severity: aims.IncidentSeverity(qr.str("severity")),
		Status: aims.IncidentStatus(qr.str("status")), Harm: aims.HarmCategory(qr.str("harm_category")), Serious: qr.bool("serious"),
		Pending: qr.bool("pending"), OwnerID: qr.int64("owner_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type incidentsView struct {
	layout
	listNav
	incidentEnums
	Filter  aims.IncidentFilter
	Page    aims.Page[aims.Incident]
	Systems []aims.AISystem
}

func (s *Server) incidentsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Incidents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := incidentsView{layout: s.layoutFor(w, r, "AI incidents"), incidentEnums: theIncidentEnums, Filter: f, Page: page, Systems: systems,
		listNav: newListNav("/incidents", "/api/v1/incidents.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "incidents", v)
}

type incidentView struct {
	layout
	Evidence evidencePanel
	I        aims.Incident
	Messages []aims.IncidentMessage
	Message  aims.IncidentMessage // the log form's input
	// RecipientKinds and ProviderKind: the log form's kinds of recipient.
	RecipientKinds []aims.RecipientKind
	ProviderKind   aims.RecipientKind
	Report         aims.AuthorityReport // the report form's input
	Plan           []aims.IncidentPlan  // the plan rows that apply to the incident's severity
	Members        []aims.Member
	History        []historyRow
}

func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request) error {
	i, err := lookup(r, s.store.Incident)
	if err != nil {
		return err
	}
	m := aims.IncidentMessage{SentOn: s.today(), RecipientKind: aims.RecipientOther}
	if d := i.Duty; d.Kind == aims.DutyInformProvider && d.Pending() {
		m.RecipientKind = aims.RecipientProvider // what the deployer has to log next
	}
	return s.incidentRecord(w, r, http.StatusOK, i, m, aims.AuthorityReport{ReportedOn: s.today()}, nil)
}

// planApplies reports whether a plan row covers an incident of severity v.
func planApplies(p aims.IncidentPlan, v aims.IncidentSeverity) bool {
	if p.MinSeverity == "" {
		return true
	}
	rank := func(x aims.IncidentSeverity) int {
		for n, s := range aims.IncidentSeverities {
			if s == x {
				return n
			}
		}
		return -1
	}
	return rank(v) >= rank(p.MinSeverity)
}

func (s *Server) incidentRecord(w http.ResponseWriter, r *http.Request, status int, i aims.Incident, m aims.IncidentMessage, rep aims.AuthorityReport, ferr error) error {
	p, _ := principalOf(r.Context())
	msgs, err := s.store.IncidentMessages(r.Context(), p.OrgID, i.ID, incidentLogLimit)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterIncidents, i.ID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	plan, err := s.store.IncidentPlans(r.Context(), p.OrgID, aims.IncidentPlanFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}})
	if err != nil {
		return err
	}
	v := incidentView{layout: s.layoutFor(w, r, i.Ref+" "+i.Title), I: i, Messages: msgs, Message: m, Report: rep, Members: members.Items, History: history,
		RecipientKinds: aims.RecipientKinds, ProviderKind: aims.RecipientProvider}
	for _, row := range plan.Items {
		if planApplies(row, i.Severity) {
			v.Plan = append(v.Plan, row)
		}
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterIncidents, strconv.FormatInt(i.ID, 10), !i.Archived); err != nil {
		return err
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(ferr, &ve):
		v.Errors, v.ErrorText = ve.Fields, "Nothing was logged. Correct the fields marked below."
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this incident or logged something since you opened the page. Your input is below and was not saved; " +
			"check the log, then log it again if it is still missing."
	}
	return s.render(w, r, status, "incident", v)
}

type incidentFormView struct {
	layout
	incidentEnums
	I        aims.Incident
	New      bool
	Detected string // the datetime-local value
	Members  []aims.Member
	Systems  []aims.AISystem
}

func (s *Server) incidentForm(w http.ResponseWriter, r *http.Request, status int, i aims.Incident, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + i.Ref
	if isNew {
		title = "Record an AI incident"
	}
	v := incidentFormView{layout: s.layoutFor(w, r, title), incidentEnums: theIncidentEnums, I: i, New: isNew, Members: members.Items, Systems: systems}
	if !i.DetectedAt.IsZero() {
		v.Detected = i.DetectedAt.UTC().Format(detectedLayout)
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "incident_form", v)
}

func (s *Server) newIncidentPage(w http.ResponseWriter, r *http.Request) error {
	i := aims.Incident{Severity: aims.IncidentMedium, Harm: aims.HarmOther, Status: aims.IncidentOpen,
		DetectedAt: time.Now().UTC().Truncate(time.Minute)}
	if id, err := formID(r.URL.Query().Get("ai_system_id")); err == nil {
		i.AISystemID = id
	}
	return s.incidentForm(w, r, http.StatusOK, i, true, formMessage{})
}

func incidentFromForm(r *http.Request) (aims.Incident, error) {
	var i aims.Incident
	if err := parseForm(r); err != nil {
		return i, err
	}
	f := r.PostForm
	errs := map[string]string{}
	i.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system")
	i.Title, i.Description, i.ReportedBy = f.Get("title"), f.Get("description"), f.Get("reported_by")
	if v := strings.TrimSpace(f.Get("detected_at")); v != "" {
		t, err := time.Parse(detectedLayout, v)
		if err != nil {
			errs["detected_at"] = "must be a date and time (YYYY-MM-DDTHH:MM)"
		}
		i.DetectedAt = t
	}
	i.Severity, i.Harm, i.Status = aims.IncidentSeverity(f.Get("severity")), aims.HarmCategory(f.Get("harm_category")), aims.IncidentStatus(f.Get("status"))
	if v := strings.TrimSpace(f.Get("people_affected")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs["people_affected"] = "must be a whole number"
		}
		i.PeopleAffected = n
	}
	i.AffectedDescription, i.RootCause, i.Actions = f.Get("affected_description"), f.Get("root_cause"), f.Get("actions")
	i.ContainedOn = formDate(errs, "contained_on", f.Get("contained_on"))
	i.ResolvedOn = formDate(errs, "resolved_on", f.Get("resolved_on"))
	i.ClosedOn = formDate(errs, "closed_on", f.Get("closed_on"))
	i.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	i.Serious = f.Get("serious") != ""
	i.SeriousKind = aims.SeriousKind(f.Get("serious_kind"))
	i.AwareOn = formDate(errs, "aware_on", f.Get("aware_on"))
	return i, validationOf(errs)
}

// logIncidentForm records what was communicated about the incident.
func (s *Server) logIncidentForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Incident)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	m := aims.IncidentMessage{Recipients: f.Get("recipients"), What: f.Get("what"), Channel: f.Get("channel"),
		RecipientKind: aims.RecipientKind(f.Get("recipient_kind")), Version: version}
	m.SentByID = formInt64(errs, "sent_by_id", f.Get("sent_by_id"), "must be a member")
	m.SentOn = formDate(errs, "sent_on", f.Get("sent_on"))
	if err = validationOf(errs); err == nil {
		var saved aims.Incident
		if saved, err = s.store.LogIncidentMessage(r.Context(), p, current.ID, m); err == nil {
			return s.redirect(w, r, "/incidents/"+strconv.FormatInt(saved.ID, 10), "Logged on "+saved.Ref+".")
		}
	}
	return s.incidentActionFailed(w, r, current, m, aims.AuthorityReport{ReportedOn: s.today()}, err)
}

// reportIncidentForm logs the report to the market surveillance authority.
func (s *Server) reportIncidentForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Incident)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	rep := aims.AuthorityReport{Reference: f.Get("reference"), Authority: f.Get("authority"), Version: version}
	rep.ReportedOn = formDate(errs, "reported_on", f.Get("reported_on"))
	if err = validationOf(errs); err == nil {
		var saved aims.Incident
		if saved, err = s.store.ReportIncidentToAuthority(r.Context(), p, current.ID, rep); err == nil {
			return s.redirect(w, r, "/incidents/"+strconv.FormatInt(saved.ID, 10), "Report to the authority logged on "+saved.Ref+".")
		}
	}
	return s.incidentActionFailed(w, r, current, aims.IncidentMessage{SentOn: s.today()}, rep, err)
}

func (s *Server) incidentActionFailed(w http.ResponseWriter, r *http.Request, current aims.Incident, m aims.IncidentMessage, rep aims.AuthorityReport, err error) error {
	p, _ := principalOf(r.Context())
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.incidentRecord(w, r, http.StatusUnprocessableEntity, current, m, rep, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := s.store.Incident(r.Context(), p.OrgID, current.ID); lerr == nil {
			current = latest
		}
		return s.incidentRecord(w, r, http.StatusConflict, current, m, rep, err)
	}
	return err
}

func (s *Server) incidentsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "ai-incidents", report.IncidentColumns, func(fn func(aims.Incident) error) error {
		return s.store.EachIncident(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiIncidents(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Incidents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiLogIncidentMessage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Incident)
	if err != nil {
		return err
	}
	var in aims.IncidentMessage
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the incident's version you read")
	}
	if in.IncidentID != 0 && in.IncidentID != current.ID {
		return aims.Invalid("incident_id", "does not match the ID in the address")
	}
	i, err := s.store.LogIncidentMessage(r.Context(), p, current.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, i)
}

func (s *Server) apiReportIncident(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, s.store.Incident)
	if err != nil {
		return err
	}
	var in aims.AuthorityReport
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the incident's version you read")
	}
	i, err := s.store.ReportIncidentToAuthority(r.Context(), p, current.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}

// ---- The incident communication plan ----

func incidentPlanFilter(q url.Values, limit int) (aims.IncidentPlanFilter, error) {
	qr := newQueryReader(q)
	f := aims.IncidentPlanFilter{ListParams: qr.list(limit), MinSeverity: aims.IncidentSeverity(qr.str("min_severity")),
		ResponsibleID: qr.int64("responsible_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type incidentPlansView struct {
	layout
	listNav
	Filter     aims.IncidentPlanFilter
	Page       aims.Page[aims.IncidentPlan]
	Members    []aims.Member
	Severities []aims.IncidentSeverity
}

func (s *Server) incidentPlansPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentPlanFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.IncidentPlans(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := incidentPlansView{layout: s.layoutFor(w, r, "Incident communication plan"), Filter: f, Page: page, Members: members.Items,
		Severities: aims.IncidentSeverities,
		listNav:    newListNav("/incident-plan", "/api/v1/incident-plan.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "incident_plans", v)
}

type incidentPlanView struct {
	layout
	Row     aims.IncidentPlan
	History []historyRow
}

func (s *Server) incidentPlanPage(w http.ResponseWriter, r *http.Request) error {
	row, err := lookup(r, s.store.IncidentPlan)
	if err != nil {
		return err
	}
	v := incidentPlanView{layout: s.layoutFor(w, r, row.Ref+" "+row.IncidentKind), Row: row}
	if v.History, err = s.history(r, aims.RegisterIncidentPlans, row.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "incident_plan", v)
}

type incidentPlanFormView struct {
	layout
	Row        aims.IncidentPlan
	New        bool
	Members    []aims.Member
	Documents  []aims.Link
	Severities []aims.IncidentSeverity
}

func (s *Server) incidentPlanForm(w http.ResponseWriter, r *http.Request, status int, row aims.IncidentPlan, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	docs, err := s.store.IncidentDocumentNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + row.Ref
	if isNew {
		title = "Add to the incident communication plan"
	}
	v := incidentPlanFormView{layout: s.layoutFor(w, r, title), Row: row, New: isNew, Members: members.Items, Documents: docs, Severities: aims.IncidentSeverities}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "incident_plan_form", v)
}

func (s *Server) newIncidentPlanPage(w http.ResponseWriter, r *http.Request) error {
	return s.incidentPlanForm(w, r, http.StatusOK, aims.IncidentPlan{WithinHours: 24}, true, formMessage{})
}

func incidentPlanFromForm(r *http.Request) (aims.IncidentPlan, error) {
	var p aims.IncidentPlan
	if err := parseForm(r); err != nil {
		return p, err
	}
	f := r.PostForm
	errs := map[string]string{}
	p.IncidentKind, p.MinSeverity, p.Audience, p.Channel = f.Get("incident_kind"), aims.IncidentSeverity(f.Get("min_severity")), f.Get("audience"), f.Get("channel")
	p.Notes = f.Get("notes")
	n, err := strconv.Atoi(strings.TrimSpace(f.Get("within_hours")))
	if err != nil {
		errs["within_hours"] = "must be a whole number of hours"
	}
	p.WithinHours = n
	p.ResponsibleID = formInt64(errs, "responsible_id", f.Get("responsible_id"), "must be a member")
	p.DocumentID = formInt64(errs, "document_id", f.Get("document_id"), "must be a document")
	return p, validationOf(errs)
}

func (s *Server) incidentPlansCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentPlanFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "incident-plan", report.IncidentPlanColumns, func(fn func(aims.IncidentPlan) error) error {
		return s.store.EachIncidentPlan(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiIncidentPlans(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := incidentPlanFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.IncidentPlans(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// ---- The panel on the AI system's page ----

// incidentPanel is what the AI system's page shows of its incidents and
// the information provided about it.
type incidentPanel struct {
	SystemID    int64
	Editable    bool
	Incidents   []aims.Incident
	Information []aims.Information
}

// incidentPanelLimit is how many of each the panel lists.
const incidentPanelLimit = 10

func (s *Server) incidentPanelFor(r *http.Request, a aims.AISystem, editable bool) (incidentPanel, error) {
	p, _ := principalOf(r.Context())
	inc, info, err := s.store.AISystemIncidentsInformation(r.Context(), p.OrgID, a.ID, incidentPanelLimit)
	return incidentPanel{SystemID: a.ID, Editable: editable, Incidents: inc, Information: info}, err
}
