package report

import (
	"strconv"
	"strings"

	"aims/internal/aims"
)

// AISystemColumns are the columns of the AI system inventory's export.
var AISystemColumns = []Column[aims.AISystem]{
	{"ref", func(a aims.AISystem) string { return a.Ref }},
	{"name", func(a aims.AISystem) string { return a.Name }},
	{"purpose", func(a aims.AISystem) string { return a.Purpose }},
	{"intended_use", func(a aims.AISystem) string { return a.IntendedUse }},
	{"foreseeable_misuse", func(a aims.AISystem) string { return a.ForeseeableMisuse }},
	{"owner", func(a aims.AISystem) string { return a.OwnerName }},
	{"lifecycle", func(a aims.AISystem) string { return string(a.Lifecycle) }},
	{"roles", func(a aims.AISystem) string {
		roles := make([]string, len(a.Roles))
		for i, r := range a.Roles {
			roles[i] = string(r)
		}
		return strings.Join(roles, ";")
	}},
	{"autonomy", func(a aims.AISystem) string { return string(a.Autonomy) }},
	{"human_oversight", func(a aims.AISystem) string { return a.HumanOversight }},
	{"data", func(a aims.AISystem) string { return a.Data }},
	{"models", func(a aims.AISystem) string { return a.Models }},
	{"tooling", func(a aims.AISystem) string { return a.Tooling }},
	{"compute", func(a aims.AISystem) string { return a.Compute }},
	{"third_party", func(a aims.AISystem) string { return a.ThirdParty }},
	{"in_scope", func(a aims.AISystem) string { return yesNo(a.InScope) }},
	{"eu_ai_act_class", func(a aims.AISystem) string { return string(a.RiskClass) }},
	{"eu_ai_act_reasoning", func(a aims.AISystem) string {
		if a.EUAIAct == nil {
			return ""
		}
		return a.EUAIAct.Reasoning
	}},
	{"review_interval_months", func(a aims.AISystem) string { return strconv.Itoa(a.ReviewIntervalMonths) }},
	{"last_reviewed", func(a aims.AISystem) string { return a.LastReviewed.String() }},
	{"next_review", func(a aims.AISystem) string { return a.NextReview.String() }},
	{"archived", func(a aims.AISystem) string { return yesNo(a.Archived) }},
	{"created_at", func(a aims.AISystem) string { return timestamp(a.CreatedAt) }},
	{"updated_at", func(a aims.AISystem) string { return timestamp(a.UpdatedAt) }},
}
