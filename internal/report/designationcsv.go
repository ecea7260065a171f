package report

import "aims/internal/aims"

// DesignationColumns are the columns of the management designations' export.
var DesignationColumns = []Column[aims.Designation]{
	{"ref", func(d aims.Designation) string { return d.Ref }},
	{"person", func(d aims.Designation) string { return d.UserName }},
	{"body", func(d aims.Designation) string { return string(d.Body) }},
	{"position", func(d aims.Designation) string { return d.Position }},
	{"accept_up_to", func(d aims.Designation) string { return string(d.AcceptUpTo) }},
	{"basis", func(d aims.Designation) string { return d.Basis }},
	{"from", func(d aims.Designation) string { return d.From.String() }},
	{"until", func(d aims.Designation) string { return d.Until.String() }},
	{"archived", func(d aims.Designation) string { return yesNo(d.Archived) }},
}
