package report

import (
	"strconv"
	"strings"

	"aims/internal/aims"
)

// EvidenceColumns are the columns of the evidence register's export: what
// an auditor needs to find each file again and check it is unchanged.
var EvidenceColumns = []Column[aims.Evidence]{
	{"ref", func(e aims.Evidence) string { return e.Ref }},
	{"title", func(e aims.Evidence) string { return e.Title }},
	{"kind", func(e aims.Evidence) string { return string(e.Kind) }},
	{"file_name", func(e aims.Evidence) string { return e.FileName }},
	{"content_type", func(e aims.Evidence) string { return e.ContentType }},
	{"size", func(e aims.Evidence) string {
		if e.Kind != aims.EvidenceFile {
			return ""
		}
		return strconv.FormatInt(e.Size, 10)
	}},
	{"sha256", func(e aims.Evidence) string { return e.SHA256 }},
	{"url", func(e aims.Evidence) string { return e.URL }},
	{"valid_until", func(e aims.Evidence) string { return e.ValidUntil.String() }},
	{"description", func(e aims.Evidence) string { return strings.TrimSpace(e.Description) }},
	{"uploaded_by", func(e aims.Evidence) string { return e.UploadedByName }},
	{"uploaded_at", func(e aims.Evidence) string { return e.CreatedAt.UTC().Format("2006-01-02T15:04:05Z") }},
	{"archived", func(e aims.Evidence) string { return yesNo(e.Archived) }},
}
