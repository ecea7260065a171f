package report

import (
	"io"
	"strconv"

	"aims/internal/conformity"
)

// gapRow is one line of the gap report CSV: an item, with its rank among
// the open items ("" once implemented or excluded).
type gapRow struct {
	rank string
	conformity.Item
}

// gapColumns are the gap report CSV's columns. Their names are stable
// machine names: people build spreadsheets and scripts on them.
var gapColumns = []Column[gapRow]{
	{"rank", func(g gapRow) string { return g.rank }},
	{"requirement", func(g gapRow) string { return g.Requirement.ID }},
	{"title", func(g gapRow) string { return g.Requirement.Title }},
	{"kind", func(g gapRow) string { return g.Requirement.Kind }},
	{"group", func(g gapRow) string { return g.Group }},
	{"status", func(g gapRow) string { return string(g.Entry.Status) }},
	{"justification", func(g gapRow) string { return g.Entry.Justification }},
	{"owner", func(g gapRow) string { return g.Entry.OwnerName }},
	{"target_date", func(g gapRow) string { return g.Entry.TargetDate.String() }},
	{"overdue", func(g gapRow) string { return yesNo(g.Overdue) }},
	{"mandatory_documented_information", func(g gapRow) string { return yesNo(g.Requirement.DIMandatory) }},
	{"documented_information", func(g gapRow) string { return g.Requirement.DocumentedInformation }},
	{"next_step", func(g gapRow) string { return g.Next }},
	{"notes", func(g gapRow) string { return g.Entry.Notes }},
	{"links", func(g gapRow) string { return linksText(g.Entry.Links) }},
	{"updated_at", func(g gapRow) string { return timestamp(g.Entry.UpdatedAt) }},
	{"updated_by", func(g gapRow) string { return g.Entry.UpdatedBy }},
}

// GapCSV writes the gap report for spreadsheets: the open items in the order
// to work on them (ranked), then the items implemented or excluded (no
// rank), so a team can plan and track the road to certification outside the
// product. Statuses keep their machine values so that filters and scripts do
// not depend on the display language.
func GapCSV(w io.Writer, o conformity.Overview) error {
	c, err := NewCSV(w, "gap report", gapColumns)
	if err != nil {
		return err
	}
	for i, it := range o.ByPriority() {
		if err := c.Write(gapRow{strconv.Itoa(i + 1), it}); err != nil {
			return err
		}
	}
	for _, it := range o.Done() {
		if err := c.Write(gapRow{"", it}); err != nil {
			return err
		}
	}
	return c.Close()
}
