package report

import (
	"strconv"
	"time"

	"aims/internal/aims"
)

// AcknowledgementColumns are the columns of a campaign's export: everyone
// asked and where they stand, the sample an auditor draws from.
var AcknowledgementColumns = []Column[aims.Acknowledgement]{
	{"person_ref", func(a aims.Acknowledgement) string { return a.StaffRef }},
	{"person", func(a aims.Acknowledgement) string { return a.StaffName }},
	{"unit", func(a aims.Acknowledgement) string { return a.Unit }},
	{"status", func(a aims.Acknowledgement) string {
		if a.Done() {
			return "acknowledged"
		}
		return "outstanding"
	}},
	{"acknowledged_at", func(a aims.Acknowledgement) string {
		if a.AcknowledgedAt == nil {
			return ""
		}
		return a.AcknowledgedAt.UTC().Format(time.RFC3339)
	}},
	{"version_read", func(a aims.Acknowledgement) string {
		if a.DocVersion == 0 {
			return ""
		}
		return strconv.Itoa(a.DocVersion)
	}},
	{"how", func(a aims.Acknowledgement) string {
		switch {
		case !a.Done():
			return ""
		case a.OnBehalf:
			return "recorded on behalf"
		}
		return "by themselves"
	}},
	{"recorded_by", func(a aims.Acknowledgement) string { return a.RecordedByName }},
	{"note", func(a aims.Acknowledgement) string { return a.Note }},
}
