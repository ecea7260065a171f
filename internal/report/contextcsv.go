package report

import "aims/internal/aims"

// ContextIssueColumns are the columns of the context issues' export. The
// list does not read each issue's AI systems; the record and the API do.
var ContextIssueColumns = []Column[aims.ContextIssue]{
	{"ref", func(c aims.ContextIssue) string { return c.Ref }},
	{"title", func(c aims.ContextIssue) string { return c.Title }},
	{"origin", func(c aims.ContextIssue) string { return string(c.Origin) }},
	{"category", func(c aims.ContextIssue) string { return string(c.Category) }},
	{"description", func(c aims.ContextIssue) string { return c.Description }},
	{"effect_on_aims", func(c aims.ContextIssue) string { return c.Effect }},
	{"owner", func(c aims.ContextIssue) string { return c.OwnerName }},
	{"review_date", func(c aims.ContextIssue) string { return c.ReviewDate.String() }},
	{"archived", func(c aims.ContextIssue) string { return yesNo(c.Archived) }},
	{"created_at", func(c aims.ContextIssue) string { return timestamp(c.CreatedAt) }},
	{"updated_at", func(c aims.ContextIssue) string { return timestamp(c.UpdatedAt) }},
}

// ProcessColumns are the columns of the AIMS processes' export.
var ProcessColumns = []Column[aims.Process]{
	{"ref", func(p aims.Process) string { return p.Ref }},
	{"name", func(p aims.Process) string { return p.Name }},
	{"purpose", func(p aims.Process) string { return p.Purpose }},
	{"owner", func(p aims.Process) string { return p.OwnerName }},
	{"inputs", func(p aims.Process) string { return p.Inputs }},
	{"outputs", func(p aims.Process) string { return p.Outputs }},
	{"status", func(p aims.Process) string { return string(p.Status) }},
	{"review_date", func(p aims.Process) string { return p.ReviewDate.String() }},
	{"archived", func(p aims.Process) string { return yesNo(p.Archived) }},
	{"created_at", func(p aims.Process) string { return timestamp(p.CreatedAt) }},
	{"updated_at", func(p aims.Process) string { return timestamp(p.UpdatedAt) }},
}
