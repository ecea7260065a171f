package report

import "aims/internal/aims"

// UseReviewColumns are the columns of the use reviews' export (A.9.4).
var UseReviewColumns = []Column[aims.UseReview]{
	{"ref", func(u aims.UseReview) string { return u.Ref }},
	{"ai_system", func(u aims.UseReview) string { return u.AISystemRef }},
	{"ai_system_name", func(u aims.UseReview) string { return u.AISystemName }},
	{"reviewed_on", func(u aims.UseReview) string { return u.ReviewedOn.String() }},
	{"period_from", func(u aims.UseReview) string { return u.PeriodFrom.String() }},
	{"period_to", func(u aims.UseReview) string { return u.PeriodTo.String() }},
	{"method", func(u aims.UseReview) string { return string(u.Method) }},
	{"intended_use", func(u aims.UseReview) string { return u.IntendedUse }},
	{"actual_use", func(u aims.UseReview) string { return u.ActualUse }},
	{"outcome", func(u aims.UseReview) string { return string(u.Outcome) }},
	{"deviations", func(u aims.UseReview) string { return u.Deviations }},
	{"actions", func(u aims.UseReview) string { return u.Actions }},
	{"reviewer", func(u aims.UseReview) string { return u.ReviewerName }},
	{"next_review", func(u aims.UseReview) string { return u.NextReview.String() }},
	{"archived", func(u aims.UseReview) string { return yesNo(u.Archived) }},
	{"created_at", func(u aims.UseReview) string { return timestamp(u.CreatedAt) }},
	{"updated_at", func(u aims.UseReview) string { return timestamp(u.UpdatedAt) }},
}
