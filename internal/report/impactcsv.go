package report

import (
	"strconv"

	"aims/internal/aims"
)

// ImpactColumns are the columns of the impact assessments' export. The
// list does not read each assessment's rows; the record, its PDF and the
// API do.
var ImpactColumns = []Column[aims.ImpactAssessment]{
	{"ref", func(a aims.ImpactAssessment) string { return a.Ref }},
	{"title", func(a aims.ImpactAssessment) string { return a.Title }},
	{"ai_system", func(a aims.ImpactAssessment) string { return a.AISystemRef + " " + a.AISystemName }},
	{"state", func(a aims.ImpactAssessment) string { return string(a.State) }},
	{"use", func(a aims.ImpactAssessment) string { return string(a.Use) }},
	{"criteria_version", func(a aims.ImpactAssessment) string { return strconv.Itoa(a.CriteriaNumber) }},
	{"scope", func(a aims.ImpactAssessment) string { return a.Scope }},
	{"assessor", func(a aims.ImpactAssessment) string { return a.AssessorName }},
	{"reviewer", func(a aims.ImpactAssessment) string { return a.ReviewerName }},
	{"approved_on", func(a aims.ImpactAssessment) string { return dateText(a.ApprovedOn) }},
	{"approver", func(a aims.ImpactAssessment) string { return a.ApproverName }},
	{"next_review", func(a aims.ImpactAssessment) string { return dateText(a.NextReview) }},
	{"archived", func(a aims.ImpactAssessment) string { return yesNo(a.Archived) }},
	{"created_at", func(a aims.ImpactAssessment) string { return timestamp(a.CreatedAt) }},
	{"updated_at", func(a aims.ImpactAssessment) string { return timestamp(a.UpdatedAt) }},
}
