package report

import (
	"strconv"

	"aims/internal/aims"
)

// LifecycleColumns are the columns of the life-cycle records' export.
var LifecycleColumns = []Column[aims.LifecycleRecord]{
	{"ref", func(r aims.LifecycleRecord) string { return r.Ref }},
	{"ai_system", func(r aims.LifecycleRecord) string { return r.SystemRef + " " + r.SystemName }},
	{"kind", func(r aims.LifecycleRecord) string { return string(r.Kind) }},
	{"control", func(r aims.LifecycleRecord) string { return r.Kind.Control() }},
	{"title", func(r aims.LifecycleRecord) string { return r.Title }},
	{"summary", func(r aims.LifecycleRecord) string { return r.Summary }},
	{"author", func(r aims.LifecycleRecord) string { return r.AuthorName }},
	{"model_version", func(r aims.LifecycleRecord) string { return r.ModelVersion }},
	{"document", func(r aims.LifecycleRecord) string { return r.DocumentRef }},
	{"evidence", func(r aims.LifecycleRecord) string { return r.EvidenceRef }},
	{"audience", func(r aims.LifecycleRecord) string { return string(r.Audience) }},
	{"approved_by", func(r aims.LifecycleRecord) string { return r.ApprovedByName }},
	{"approved_on", func(r aims.LifecycleRecord) string { return r.ApprovedOn.String() }},
	{"conditions", func(r aims.LifecycleRecord) string { return r.Conditions }},
	{"reading_months", func(r aims.LifecycleRecord) string { return months(r.ReadingMonths) }},
	{"last_reading", func(r aims.LifecycleRecord) string { return r.LastReading.String() }},
	{"next_reading", func(r aims.LifecycleRecord) string { return r.NextReading.String() }},
	{"logged", func(r aims.LifecycleRecord) string { return r.Logged }},
	{"location", func(r aims.LifecycleRecord) string { return r.Location }},
	{"retention_months", func(r aims.LifecycleRecord) string { return months(r.RetentionMonths) }},
	{"required_months", func(r aims.LifecycleRecord) string { return months(r.RequiredMonths) }},
	{"obligation", func(r aims.LifecycleRecord) string { return r.Obligation }},
	{"archived", func(r aims.LifecycleRecord) string { return yesNo(r.Archived) }},
}

func months(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
