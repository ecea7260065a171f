package report

import "aims/internal/aims"

// DatasetColumns are the columns of the data sets' export (A.7.2-A.7.6).
var DatasetColumns = []Column[aims.Dataset]{
	{"ref", func(d aims.Dataset) string { return d.Ref }},
	{"ai_system", func(d aims.Dataset) string { return d.AISystemRef }},
	{"ai_system_name", func(d aims.Dataset) string { return d.AISystemName }},
	{"name", func(d aims.Dataset) string { return d.Name }},
	{"use", func(d aims.Dataset) string { return string(d.Use) }},
	{"purpose", func(d aims.Dataset) string { return d.Purpose }},
	{"description", func(d aims.Dataset) string { return d.Description }},
	{"owner", func(d aims.Dataset) string { return d.OwnerName }},
	{"source", func(d aims.Dataset) string { return d.Source }},
	{"acquired_how", func(d aims.Dataset) string { return d.AcquiredHow }},
	{"rights", func(d aims.Dataset) string { return d.Rights }},
	{"provenance", func(d aims.Dataset) string { return d.Provenance }},
	{"retention", func(d aims.Dataset) string { return d.Retention }},
	{"retention_reason", func(d aims.Dataset) string { return d.RetentionReason }},
	{"next_check", func(d aims.Dataset) string { return d.NextCheck.String() }},
	{"archived", func(d aims.Dataset) string { return yesNo(d.Archived) }},
	{"created_at", func(d aims.Dataset) string { return timestamp(d.CreatedAt) }},
	{"updated_at", func(d aims.Dataset) string { return timestamp(d.UpdatedAt) }},
}
