package report

import "aims/internal/aims"

// ComponentColumns are the columns of the AI system components' export.
var ComponentColumns = []Column[aims.Component]{
	{"ref", func(c aims.Component) string { return c.Ref }},
	{"ai_system", func(c aims.Component) string { return c.AISystem }},
	{"kind", func(c aims.Component) string { return string(c.Kind) }},
	{"name", func(c aims.Component) string { return c.Name }},
	{"release", func(c aims.Component) string { return c.Release }},
	{"supplier", func(c aims.Component) string { return c.Supplier }},
	{"third_party", func(c aims.Component) string { return c.ThirdParty }},
	{"dataset", func(c aims.Component) string { return c.Dataset }},
	{"owner", func(c aims.Component) string { return c.OwnerName }},
	{"description", func(c aims.Component) string { return c.Description }},
	{"in_use_since", func(c aims.Component) string { return c.InUseSince.String() }},
	{"retired", func(c aims.Component) string { return c.Retired.String() }},
	{"archived", func(c aims.Component) string { return yesNo(c.Archived) }},
	{"created_at", func(c aims.Component) string { return timestamp(c.CreatedAt) }},
	{"updated_at", func(c aims.Component) string { return timestamp(c.UpdatedAt) }},
}
