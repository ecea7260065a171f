package web

import (
	"net/url"
	"strconv"
	"time"

	"aims/internal/aims"
)

// The query parameters and example bodies of the incident, incident plan
// and information routes (the routes themselves are in routes.go's table).

var (
	incidentParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column (default: newest detected first).", aims.IncidentSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"ai_system_id", "integer", "Only incidents of this AI system.", nil},
		queryParam{"severity", "string", "Severity.", enumStrings(aims.IncidentSeverities)},
		queryParam{"status", "string", "Status.", enumStrings(aims.IncidentStatuses)},
		queryParam{"harm_category", "string", "Harm category.", enumStrings(aims.HarmCategories)},
		queryParam{"serious", "boolean", "Only serious incidents under the EU AI Act (Art. 3(49)).", nil},
		queryParam{"pending", "boolean", "Only serious incidents whose EU AI Act duty is still to be met: the Art. 73 report to the authority, or informing the provider (Art. 26(5)); see eu_duty.", nil},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"archived", "boolean", "List archived incidents instead of active ones.", nil},
	)
	incidentPlanParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column (default: quickest first).", aims.IncidentPlanSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"min_severity", "string", "Rows that start at this severity.", enumStrings(aims.IncidentSeverities)},
		queryParam{"responsible_id", "integer", "Responsible member's user ID.", nil},
		queryParam{"archived", "boolean", "List archived rows instead of active ones.", nil},
	)
	informationParams = append(append([]queryParam{}, pagingParams...),
		queryParam{"sort", "string", "Sort column.", aims.InformationSorts},
		queryParam{"desc", "boolean", "Sort descending.", nil},
		queryParam{"kind", "string", "Kind: information for users (A.8.2), means to report adverse impacts (A.8.3), reporting obligation (A.8.5).", enumStrings(aims.InformationKinds)},
		queryParam{"ai_system_id", "integer", "Only records about this AI system.", nil},
		queryParam{"owner_id", "integer", "Owner's user ID.", nil},
		queryParam{"overdue", "boolean", "Only reports past their due date.", nil},
		queryParam{"archived", "boolean", "List archived records instead of active ones.", nil},
	)
)

func incidentFormExample(ex example) any {
	return url.Values{"title": {"Chat assistant quoted an outdated fee"}, "description": {"Customers were told there is no arrangement fee."},
		"detected_at": {"2026-11-20T14:35"}, "severity": {"medium"}, "harm_category": {"financial"}, "people_affected": {"40"},
		"status": {"open"}, "version": {strconv.Itoa(ex.Version)}}
}

func incidentJSONExample(ex example) any {
	return aims.Incident{Title: "Chat assistant quoted an outdated fee", Description: "Customers were told there is no arrangement fee.",
		DetectedAt: time.Date(2026, 11, 20, 14, 35, 0, 0, time.UTC), Severity: aims.IncidentMedium, Harm: aims.HarmFinancial,
		PeopleAffected: 40, Status: aims.IncidentOpen, Version: ex.Version}
}

func incidentMessageForm(ex example) any {
	return url.Values{"sent_on": {"2026-11-21"}, "recipients": {"Affected customers"}, "what": {"Letter with the correct fee"},
		"channel": {"Letter"}, "recipient_kind": {"other"}, "version": {strconv.Itoa(ex.Version)}}
}

func incidentMessageJSON(ex example) any {
	return aims.IncidentMessage{SentOn: aims.DateOf(time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)), Recipients: "Affected customers",
		What: "Letter with the correct fee", Channel: "Letter", RecipientKind: aims.RecipientOther, Version: ex.Version}
}

// The report examples are dated the server's today: a report is logged
// once made, never ahead.
func (s *Server) authorityReportForm(ex example) any {
	return url.Values{"reported_on": {s.today().String()}, "reference": {"MSA-2026-118"}, "version": {strconv.Itoa(ex.Version)}}
}

func (s *Server) authorityReportJSON(ex example) any {
	return aims.AuthorityReport{ReportedOn: s.today(), Reference: "MSA-2026-118", Version: ex.Version}
}

func incidentPlanFormExample(ex example) any {
	return url.Values{"incident_kind": {"Wrong information given to customers"}, "min_severity": {"medium"}, "audience": {"Affected customers"},
		"channel": {"Letter and e-mail"}, "within_hours": {"72"}, "version": {strconv.Itoa(ex.Version)}}
}

func incidentPlanJSONExample(ex example) any {
	return aims.IncidentPlan{IncidentKind: "Wrong information given to customers", MinSeverity: aims.IncidentMedium, Audience: "Affected customers",
		Channel: "Letter and e-mail", WithinHours: 72, Version: ex.Version}
}

func informationFormExample(ex example) any {
	return url.Values{"kind": {"reporting-obligation"}, "title": {"Annual AI report to the board"}, "audience": {"Board of directors"},
		"channel": {"Board pack"}, "frequency": {"yearly"}, "next_due": {"2027-03-31"}, "version": {strconv.Itoa(ex.Version)}}
}

func informationJSONExample(ex example) any {
	return aims.Information{Kind: aims.InfoReportingDuty, Title: "Annual AI report to the board", Audience: "Board of directors",
		Channel: "Board pack", Frequency: aims.FrequencyYearly, NextDue: aims.DateOf(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)), Version: ex.Version}
}
