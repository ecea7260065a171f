package report

import (
	"strconv"

	"aims/internal/aims"
)

// StaffColumns are the columns of the export of people in the AIMS.
var StaffColumns = []Column[aims.Staff]{
	{"ref", func(p aims.Staff) string { return p.Ref }},
	{"name", func(p aims.Staff) string { return p.Name }},
	{"job_title", func(p aims.Staff) string { return p.JobTitle }},
	{"unit", func(p aims.Staff) string { return p.Unit }},
	{"email", func(p aims.Staff) string { return p.Email }},
	{"account", func(p aims.Staff) string { return p.UserName }},
	{"start_date", func(p aims.Staff) string { return p.StartDate.String() }},
	{"left", func(p aims.Staff) string { return yesNo(p.Left) }},
	{"left_on", func(p aims.Staff) string { return p.LeftOn.String() }},
	{"archived", func(p aims.Staff) string { return yesNo(p.Archived) }},
}

// CompetenceColumns are the columns of the competence catalogue's export.
var CompetenceColumns = []Column[aims.Competence]{
	{"ref", func(c aims.Competence) string { return c.Ref }},
	{"name", func(c aims.Competence) string { return c.Name }},
	{"kind", func(c aims.Competence) string { return string(c.Kind) }},
	{"description", func(c aims.Competence) string { return c.Description }},
	{"demonstrated", func(c aims.Competence) string { return c.Demonstrated }},
	{"validity_months", func(c aims.Competence) string { return strconv.Itoa(c.ValidityMonths) }},
	{"archived", func(c aims.Competence) string { return yesNo(c.Archived) }},
}

// AIMSRoleColumns are the columns of the AIMS roles' export; the
// competences and people are listed by reference within one cell.
var AIMSRoleColumns = []Column[aims.AIMSRole]{
	{"ref", func(r aims.AIMSRole) string { return r.Ref }},
	{"name", func(r aims.AIMSRole) string { return r.Name }},
	{"reports_to", func(r aims.AIMSRole) string { return r.ReportsToName }},
	{"responsibilities", func(r aims.AIMSRole) string { return r.Responsibilities }},
	{"authorities", func(r aims.AIMSRole) string { return r.Authorities }},
	{"archived", func(r aims.AIMSRole) string { return yesNo(r.Archived) }},
}

// CompetenceRecordColumns are the columns of the competence records' export.
var CompetenceRecordColumns = []Column[aims.CompetenceRecord]{
	{"ref", func(t aims.CompetenceRecord) string { return t.Ref }},
	{"person", func(t aims.CompetenceRecord) string { return t.StaffName }},
	{"competence", func(t aims.CompetenceRecord) string { return t.CompetenceName }},
	{"kind", func(t aims.CompetenceRecord) string { return string(t.Kind) }},
	{"title", func(t aims.CompetenceRecord) string { return t.Title }},
	{"provider", func(t aims.CompetenceRecord) string { return t.Provider }},
	{"completed_on", func(t aims.CompetenceRecord) string { return t.CompletedOn.String() }},
	{"expires_on", func(t aims.CompetenceRecord) string { return t.ExpiresOn.String() }},
	{"evidence", func(t aims.CompetenceRecord) string { return t.Evidence }},
	{"effectiveness", func(t aims.CompetenceRecord) string { return string(t.Effectiveness) }},
	{"evaluation_method", func(t aims.CompetenceRecord) string { return t.EvaluationMethod }},
	{"evaluated_on", func(t aims.CompetenceRecord) string { return t.EvaluatedOn.String() }},
	{"evaluated_by", func(t aims.CompetenceRecord) string { return t.EvaluatedBy }},
	{"archived", func(t aims.CompetenceRecord) string { return yesNo(t.Archived) }},
}

// CompetenceGapColumns are the columns of the competence gap view's export.
var CompetenceGapColumns = []Column[aims.CompetenceGap]{
	{"person", func(g aims.CompetenceGap) string { return g.StaffName }},
	{"person_ref", func(g aims.CompetenceGap) string { return g.StaffRef }},
	{"role", func(g aims.CompetenceGap) string { return g.RoleName }},
	{"competence", func(g aims.CompetenceGap) string { return g.CompetenceName }},
	{"state", func(g aims.CompetenceGap) string { return string(g.State) }},
	{"until", func(g aims.CompetenceGap) string { return g.Until.String() }},
	{"record", func(g aims.CompetenceGap) string { return g.RecordRef }},
}
