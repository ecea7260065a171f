package report

import (
	"strings"

	"aims/internal/aims"
)

// CustomControlColumns are the columns of the custom controls' export.
var CustomControlColumns = []Column[aims.CustomControl]{
	{"ref", func(c aims.CustomControl) string { return c.Ref }},
	{"title", func(c aims.CustomControl) string { return c.Title }},
	{"description", func(c aims.CustomControl) string { return c.Description }},
	{"objective", func(c aims.CustomControl) string { return c.Objective }},
	{"owner", func(c aims.CustomControl) string { return c.OwnerName }},
	{"supplements", func(c aims.CustomControl) string { return strings.Join(c.Supplements, ";") }},
	{"applicable", func(c aims.CustomControl) string { return yesNo(c.Applicable) }},
	{"reason", func(c aims.CustomControl) string { return string(c.Reason) }},
	{"justification", func(c aims.CustomControl) string { return c.Justification }},
	{"status", func(c aims.CustomControl) string { return string(c.Status) }},
	{"archived", func(c aims.CustomControl) string { return yesNo(c.Archived) }},
	{"created_at", func(c aims.CustomControl) string { return timestamp(c.CreatedAt) }},
	{"updated_at", func(c aims.CustomControl) string { return timestamp(c.UpdatedAt) }},
}
