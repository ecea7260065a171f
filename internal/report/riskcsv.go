package report

import (
	"strconv"
	"strings"

	"aims/internal/aims"
)

// RiskColumns are the columns of the risk register's export.
var RiskColumns = []Column[aims.Risk]{
	{"ref", func(r aims.Risk) string { return r.Ref }},
	{"kind", func(r aims.Risk) string { return string(r.Kind) }},
	{"title", func(r aims.Risk) string { return r.Title }},
	{"ai_system", func(r aims.Risk) string { return strings.TrimSpace(r.AISystemRef + " " + r.AISystemName) }},
	{"source", func(r aims.Risk) string { return string(r.Source) }},
	{"source_other", func(r aims.Risk) string { return r.SourceOther }},
	{"description", func(r aims.Risk) string { return r.Description }},
	{"consequences", func(r aims.Risk) string { return r.Consequences }},
	{"owner", func(r aims.Risk) string { return r.OwnerName }},
	{"status", func(r aims.Risk) string { return string(r.Status) }},
	{"likelihood", func(r aims.Risk) string { return scaleValue(r.Likelihood) }},
	{"impact", func(r aims.Risk) string { return scaleValue(r.Impact) }},
	{"level", func(r aims.Risk) string { return string(r.Level) }},
	{"residual_likelihood", func(r aims.Risk) string { return scaleValue(r.ResidualLikelihood) }},
	{"residual_impact", func(r aims.Risk) string { return scaleValue(r.ResidualImpact) }},
	{"residual_level", func(r aims.Risk) string { return string(r.ResidualLevel) }},
	{"criteria_version", func(r aims.Risk) string { return scaleValue(r.CriteriaVersion) }},
	{"assessed_on", func(r aims.Risk) string { return r.AssessedOn.String() }},
	{"above_threshold_without_accepted_treatment", func(r aims.Risk) string { return yesNo(r.Flagged) }},
	{"treatment", func(r aims.Risk) string { return string(r.Treatment) }},
	{"controls", func(r aims.Risk) string { return strings.Join(r.Controls, " ") }},
	{"controls_not_in_place", func(r aims.Risk) string { return strings.Join(r.ControlsPending, " ") }},
	{"treatment_plan", func(r aims.Risk) string { return r.TreatmentPlan }},
	{"plan_owner", func(r aims.Risk) string { return r.PlanOwnerName }},
	{"plan_start", func(r aims.Risk) string { return r.PlanStart.String() }},
	{"plan_due", func(r aims.Risk) string { return r.PlanDue.String() }},
	{"planned_actions", func(r aims.Risk) string { return r.PlannedAction }},
	{"accepted_by", func(r aims.Risk) string { return r.AcceptedUnder }},
	{"accepted_on", func(r aims.Risk) string { return r.AcceptedOn.String() }},
	{"acceptance_reason", func(r aims.Risk) string { return r.AcceptanceReason }},
	{"checked_on", func(r aims.Risk) string { return r.CheckedOn.String() }},
	{"effectiveness", func(r aims.Risk) string { return string(r.Effectiveness) }},
	{"archived", func(r aims.Risk) string { return yesNo(r.Archived) }},
	{"created_at", func(r aims.Risk) string { return timestamp(r.CreatedAt) }},
	{"updated_at", func(r aims.Risk) string { return timestamp(r.UpdatedAt) }},
}

func scaleValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
