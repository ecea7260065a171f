package report

import (
	"strconv"
	"time"

	"aims/internal/aims"
)

// IncidentColumns are the columns of the AI incident register's export.
var IncidentColumns = []Column[aims.Incident]{
	{"ref", func(i aims.Incident) string { return i.Ref }},
	{"title", func(i aims.Incident) string { return i.Title }},
	{"ai_system", func(i aims.Incident) string { return i.AISystemName }},
	{"detected_at", func(i aims.Incident) string { return i.DetectedAt.UTC().Format(time.RFC3339) }},
	{"reported_by", func(i aims.Incident) string { return i.ReportedBy }},
	{"severity", func(i aims.Incident) string { return string(i.Severity) }},
	{"harm_category", func(i aims.Incident) string { return string(i.Harm) }},
	{"people_affected", func(i aims.Incident) string { return strconv.Itoa(i.PeopleAffected) }},
	{"affected_description", func(i aims.Incident) string { return i.AffectedDescription }},
	{"status", func(i aims.Incident) string { return string(i.Status) }},
	{"contained_on", func(i aims.Incident) string { return i.ContainedOn.String() }},
	{"resolved_on", func(i aims.Incident) string { return i.ResolvedOn.String() }},
	{"closed_on", func(i aims.Incident) string { return i.ClosedOn.String() }},
	{"description", func(i aims.Incident) string { return i.Description }},
	{"root_cause", func(i aims.Incident) string { return i.RootCause }},
	{"actions", func(i aims.Incident) string { return i.Actions }},
	{"owner", func(i aims.Incident) string { return i.OwnerName }},
	{"serious_eu_ai_act", func(i aims.Incident) string { return yesNo(i.Serious) }},
	{"serious_kind", func(i aims.Incident) string { return string(i.SeriousKind) }},
	{"aware_on", func(i aims.Incident) string { return i.AwareOn.String() }},
	{"eu_duty", func(i aims.Incident) string { return string(i.EUDuty().Kind) }},
	{"eu_duty_due", func(i aims.Incident) string { return i.EUDuty().Due.String() }},
	{"eu_duty_done_on", func(i aims.Incident) string { return i.EUDuty().DoneOn.String() }},
	{"report_due", func(i aims.Incident) string { return i.ReportDue.String() }},
	{"authority_reported_on", func(i aims.Incident) string { return i.AuthorityReportedOn.String() }},
	{"authority_reference", func(i aims.Incident) string { return i.AuthorityReference }},
	{"communications", func(i aims.Incident) string { return strconv.Itoa(i.Messages) }},
	{"archived", func(i aims.Incident) string { return yesNo(i.Archived) }},
}

// IncidentPlanColumns are the columns of the incident communication plan's export.
var IncidentPlanColumns = []Column[aims.IncidentPlan]{
	{"ref", func(p aims.IncidentPlan) string { return p.Ref }},
	{"incident_kind", func(p aims.IncidentPlan) string { return p.IncidentKind }},
	{"min_severity", func(p aims.IncidentPlan) string { return string(p.MinSeverity) }},
	{"audience", func(p aims.IncidentPlan) string { return p.Audience }},
	{"channel", func(p aims.IncidentPlan) string { return p.Channel }},
	{"within_hours", func(p aims.IncidentPlan) string { return strconv.Itoa(p.WithinHours) }},
	{"responsible", func(p aims.IncidentPlan) string { return p.ResponsibleName }},
	{"document", func(p aims.IncidentPlan) string { return p.DocumentRef }},
	{"notes", func(p aims.IncidentPlan) string { return p.Notes }},
	{"archived", func(p aims.IncidentPlan) string { return yesNo(p.Archived) }},
}

// InformationColumns are the columns of the information register's export.
var InformationColumns = []Column[aims.Information]{
	{"ref", func(n aims.Information) string { return n.Ref }},
	{"kind", func(n aims.Information) string { return string(n.Kind) }},
	{"control", func(n aims.Information) string { return n.Kind.Control() }},
	{"ai_system", func(n aims.Information) string { return n.AISystemName }},
	{"title", func(n aims.Information) string { return n.Title }},
	{"details", func(n aims.Information) string { return n.Details }},
	{"audience", func(n aims.Information) string { return n.Audience }},
	{"channel", func(n aims.Information) string { return n.Channel }},
	{"document", func(n aims.Information) string { return n.DocumentRef }},
	{"link", func(n aims.Information) string { return n.Link }},
	{"public_page", func(n aims.Information) string { return yesNo(n.PublicPage) }},
	{"frequency", func(n aims.Information) string { return string(n.Frequency) }},
	{"next_due", func(n aims.Information) string { return n.NextDue.String() }},
	{"last_done", func(n aims.Information) string { return n.LastDone.String() }},
	{"last_reviewed", func(n aims.Information) string { return n.LastReviewed.String() }},
	{"owner", func(n aims.Information) string { return n.OwnerName }},
	{"archived", func(n aims.Information) string { return yesNo(n.Archived) }},
}
