package report

import (
	"strconv"

	"aims/internal/aims"
)

// DocumentColumns are the columns of the controlled documents' export.
var DocumentColumns = []Column[aims.Document]{
	{"ref", func(d aims.Document) string { return d.Ref }},
	{"title", func(d aims.Document) string { return d.Title }},
	{"kind", func(d aims.Document) string { return string(d.Kind) }},
	{"origin", func(d aims.Document) string { return string(d.Origin) }},
	{"issuer", func(d aims.Document) string { return d.Issuer }},
	{"external_ref", func(d aims.Document) string { return d.ExternalRef }},
	{"owner", func(d aims.Document) string { return d.OwnerName }},
	{"state", func(d aims.Document) string { return string(d.State) }},
	{"current_version", func(d aims.Document) string { return strconv.Itoa(d.CurrentNumber) }},
	{"approved_version", func(d aims.Document) string {
		if d.ApprovedNumber == 0 {
			return ""
		}
		return strconv.Itoa(d.ApprovedNumber)
	}},
	{"approved_on", func(d aims.Document) string { return dateText(d.ApprovedOn) }},
	{"review_interval_months", func(d aims.Document) string { return strconv.Itoa(d.ReviewIntervalMonths) }},
	{"next_review", func(d aims.Document) string { return dateText(d.NextReview) }},
	{"related_policies", func(d aims.Document) string { return d.RelatedPolicies }},
	{"archived", func(d aims.Document) string { return yesNo(d.Archived) }},
}

func dateText(d aims.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
