package report

import (
	"strings"

	"aims/internal/aims"
)

// ThirdPartyColumns are the columns of the third parties' export; the
// matrix, commitments and assessments stay on the record's page and in the
// API, and the export gives the latest assessment's result and dates.
var ThirdPartyColumns = []Column[aims.ThirdParty]{
	{"ref", func(t aims.ThirdParty) string { return t.Ref }},
	{"name", func(t aims.ThirdParty) string { return t.Name }},
	{"kind", func(t aims.ThirdParty) string { return string(t.Kind) }},
	{"interested_party", func(t aims.ThirdParty) string { return t.PartyName }},
	{"provides", func(t aims.ThirdParty) string { return t.Provides }},
	{"ai_components", func(t aims.ThirdParty) string { return t.Components }},
	{"ai_systems", func(t aims.ThirdParty) string { return strings.Join(t.AISystems, "; ") }},
	{"contract_ref", func(t aims.ThirdParty) string { return t.ContractRef }},
	{"contract_start", func(t aims.ThirdParty) string { return t.ContractStart.String() }},
	{"contract_end", func(t aims.ThirdParty) string { return t.ContractEnd.String() }},
	{"criticality", func(t aims.ThirdParty) string { return string(t.Criticality) }},
	{"status", func(t aims.ThirdParty) string { return string(t.Status) }},
	{"owner", func(t aims.ThirdParty) string { return t.OwnerName }},
	{"review_date", func(t aims.ThirdParty) string { return t.ReviewDate.String() }},
	{"last_assessed", func(t aims.ThirdParty) string { return t.LastAssessed.String() }},
	{"last_result", func(t aims.ThirdParty) string { return string(t.LastResult) }},
	{"next_assessment", func(t aims.ThirdParty) string { return t.NextAssessment.String() }},
	{"archived", func(t aims.ThirdParty) string { return yesNo(t.Archived) }},
	{"created_at", func(t aims.ThirdParty) string { return timestamp(t.CreatedAt) }},
	{"updated_at", func(t aims.ThirdParty) string { return timestamp(t.UpdatedAt) }},
}
