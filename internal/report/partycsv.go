package report

import (
	"strings"

	"aims/internal/aims"
)

// PartyColumns are the columns of the interested parties' export.
var PartyColumns = []Column[aims.Party]{
	{"ref", func(p aims.Party) string { return p.Ref }},
	{"name", func(p aims.Party) string { return p.Name }},
	{"type", func(p aims.Party) string { return string(p.Type) }},
	{"internal", func(p aims.Party) string { return yesNo(p.Internal) }},
	{"needs", func(p aims.Party) string { return p.Needs }},
	{"requirements", func(p aims.Party) string { return p.Requirements }},
	{"addressed", func(p aims.Party) string { return string(p.Addressed) }},
	{"how_addressed", func(p aims.Party) string { return p.HowAddressed }},
	{"owner", func(p aims.Party) string { return p.OwnerName }},
	{"review_date", func(p aims.Party) string { return p.ReviewDate.String() }},
	{"archived", func(p aims.Party) string { return yesNo(p.Archived) }},
	{"created_at", func(p aims.Party) string { return timestamp(p.CreatedAt) }},
	{"updated_at", func(p aims.Party) string { return timestamp(p.UpdatedAt) }},
}

// ObligationColumns are the columns of the obligations' export; linked
// records are listed by reference and name, separated by semicolons.
var ObligationColumns = []Column[aims.Obligation]{
	{"ref", func(o aims.Obligation) string { return o.Ref }},
	{"title", func(o aims.Obligation) string { return o.Title }},
	{"kind", func(o aims.Obligation) string { return string(o.Kind) }},
	{"source", func(o aims.Obligation) string { return o.Source }},
	{"asks", func(o aims.Obligation) string { return o.Asks }},
	{"ai_systems", func(o aims.Obligation) string { return strings.Join(o.AISystems, "; ") }},
	{"interested_parties", func(o aims.Obligation) string { return strings.Join(o.Parties, "; ") }},
	{"owner", func(o aims.Obligation) string { return o.OwnerName }},
	{"how_met", func(o aims.Obligation) string { return o.HowMet }},
	{"status", func(o aims.Obligation) string { return string(o.Status) }},
	{"review_date", func(o aims.Obligation) string { return o.ReviewDate.String() }},
	{"eu_ai_act_set", func(o aims.Obligation) string { return o.EUAIActSet }},
	{"archived", func(o aims.Obligation) string { return yesNo(o.Archived) }},
	{"created_at", func(o aims.Obligation) string { return timestamp(o.CreatedAt) }},
	{"updated_at", func(o aims.Obligation) string { return timestamp(o.UpdatedAt) }},
}
