package report

import "aims/internal/aims"

// ConcernColumns are the columns of the concerns' export. The reporter's
// contact is left out: an export travels further than the register.
var ConcernColumns = []Column[aims.Concern]{
	{"ref", func(c aims.Concern) string { return c.Ref }},
	{"received_on", func(c aims.Concern) string { return c.ReceivedOn.String() }},
	{"channel", func(c aims.Concern) string { return string(c.Channel) }},
	{"reporter_name", func(c aims.Concern) string { return c.ReporterName }},
	{"ai_system", func(c aims.Concern) string { return c.AISystemName }},
	{"category", func(c aims.Concern) string { return string(c.Category) }},
	{"summary", func(c aims.Concern) string { return c.Summary }},
	{"description", func(c aims.Concern) string { return c.Description }},
	{"status", func(c aims.Concern) string { return string(c.Status) }},
	{"severity", func(c aims.Concern) string { return string(c.Severity) }},
	{"owner", func(c aims.Concern) string { return c.OwnerName }},
	{"response_due", func(c aims.Concern) string { return c.ResponseDue.String() }},
	{"resolution", func(c aims.Concern) string { return c.Resolution }},
	{"answer_to_reporter", func(c aims.Concern) string { return c.Answer }},
	{"closed_on", func(c aims.Concern) string { return c.ClosedOn.String() }},
	{"archived", func(c aims.Concern) string { return yesNo(c.Archived) }},
}
