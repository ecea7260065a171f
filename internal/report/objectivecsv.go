package report

import (
	"strings"

	"aims/internal/aims"
)

// ObjectiveColumns are the columns of the objectives' export: the latest
// reading stands for the status; the readings are on the record.
var ObjectiveColumns = []Column[aims.Objective]{
	{"ref", func(o aims.Objective) string { return o.Ref }},
	{"kind", func(o aims.Objective) string { return string(o.Kind) }},
	{"title", func(o aims.Objective) string { return o.Title }},
	{"measure", func(o aims.Objective) string { return o.Measure }},
	{"direction", func(o aims.Objective) string { return string(o.Direction) }},
	{"target_value", func(o aims.Objective) string { return aims.FormatValue(o.TargetValue) }},
	{"target_unit", func(o aims.Objective) string { return o.TargetUnit }},
	{"plan", func(o aims.Objective) string { return o.Plan }},
	{"resources", func(o aims.Objective) string { return o.Resources }},
	{"owner", func(o aims.Objective) string { return o.OwnerName }},
	{"target_date", func(o aims.Objective) string { return o.TargetDate.String() }},
	{"evaluation", func(o aims.Objective) string { return o.Evaluation }},
	{"policy", func(o aims.Objective) string { return strings.TrimSpace(o.PolicyRef + " " + o.PolicyTitle) }},
	{"status", func(o aims.Objective) string { return string(o.Status) }},
	{"last_value", func(o aims.Objective) string {
		if o.LastMeasured.IsZero() {
			return ""
		}
		return aims.FormatValue(o.LastValue)
	}},
	{"last_measured", func(o aims.Objective) string { return o.LastMeasured.String() }},
	{"next_measurement", func(o aims.Objective) string { return o.NextMeasurement.String() }},
	{"archived", func(o aims.Objective) string { return yesNo(o.Archived) }},
	{"created_at", func(o aims.Objective) string { return timestamp(o.CreatedAt) }},
	{"updated_at", func(o aims.Objective) string { return timestamp(o.UpdatedAt) }},
}

// ChangeColumns are the columns of the change requests' export.
var ChangeColumns = []Column[aims.ChangeRequest]{
	{"ref", func(c aims.ChangeRequest) string { return c.Ref }},
	{"title", func(c aims.ChangeRequest) string { return c.Title }},
	{"subject", func(c aims.ChangeRequest) string { return string(c.Subject) }},
	{"ai_system", func(c aims.ChangeRequest) string { return strings.TrimSpace(c.AISystemRef + " " + c.AISystemName) }},
	{"description", func(c aims.ChangeRequest) string { return c.Description }},
	{"reason", func(c aims.ChangeRequest) string { return c.Reason }},
	{"impact_affects", func(c aims.ChangeRequest) string { return c.ImpactAffects }},
	{"impact_consequences", func(c aims.ChangeRequest) string { return c.ImpactConsequences }},
	{"impact_resources", func(c aims.ChangeRequest) string { return c.ImpactResources }},
	{"significant", func(c aims.ChangeRequest) string { return yesNo(c.Significant) }},
	{"owner", func(c aims.ChangeRequest) string { return c.OwnerName }},
	{"planned_on", func(c aims.ChangeRequest) string { return c.PlannedOn.String() }},
	{"status", func(c aims.ChangeRequest) string { return string(c.Status) }},
	{"requested_by", func(c aims.ChangeRequest) string { return c.RequestedByName }},
	{"requested_on", func(c aims.ChangeRequest) string { return c.RequestedOn.String() }},
	{"decided_by", func(c aims.ChangeRequest) string { return c.DecidedByName }},
	{"decided_on", func(c aims.ChangeRequest) string { return c.DecidedOn.String() }},
	{"conditions", func(c aims.ChangeRequest) string { return c.Conditions }},
	{"reassess_by", func(c aims.ChangeRequest) string { return c.ReassessBy.String() }},
	{"reassessment_due", func(c aims.ChangeRequest) string { return yesNo(c.ReassessmentDue) }},
	{"reassessed_on", func(c aims.ChangeRequest) string { return c.ReassessedOn.String() }},
	{"implemented_by", func(c aims.ChangeRequest) string { return c.ImplementedByName }},
	{"implemented_on", func(c aims.ChangeRequest) string { return c.ImplementedOn.String() }},
	{"closed_on", func(c aims.ChangeRequest) string { return c.ClosedOn.String() }},
	{"outcome_review", func(c aims.ChangeRequest) string { return c.OutcomeReview }},
	{"archived", func(c aims.ChangeRequest) string { return yesNo(c.Archived) }},
	{"created_at", func(c aims.ChangeRequest) string { return timestamp(c.CreatedAt) }},
	{"updated_at", func(c aims.ChangeRequest) string { return timestamp(c.UpdatedAt) }},
}
