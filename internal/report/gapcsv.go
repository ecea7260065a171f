package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"aims/internal/conformity"
)

// gapColumns is the header of the gap report CSV. Column names are stable
// machine names: people build spreadsheets and scripts on them.
var gapColumns = []string{
	"rank", "requirement", "title", "kind", "group", "status", "justification",
	"owner", "target_date", "overdue", "mandatory_documented_information",
	"documented_information", "next_step", "notes", "links", "updated_at", "updated_by",
}

// GapCSV writes the gap report for spreadsheets: the open items in the order
// to work on them (ranked), then the items implemented or excluded (no
// rank), so a team can plan and track the road to certification outside the
// product. Statuses keep their machine values so that filters and scripts do
// not depend on the display language. Every cell is passed through SafeCell.
func GapCSV(w io.Writer, o conformity.Overview) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(gapColumns); err != nil {
		return fmt.Errorf("gap report CSV: %w", err)
	}
	for i, it := range o.ByPriority() {
		if err := cw.Write(gapRow(strconv.Itoa(i+1), it)); err != nil {
			return fmt.Errorf("gap report CSV: %w", err)
		}
	}
	for _, it := range o.Done() {
		if err := cw.Write(gapRow("", it)); err != nil {
			return fmt.Errorf("gap report CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("gap report CSV: %w", err)
	}
	return nil
}

func gapRow(rank string, it conformity.Item) []string {
	r, e := it.Requirement, it.Entry
	row := []string{
		rank, r.ID, r.Title, r.Kind, it.Group, string(e.Status), e.Justification,
		e.OwnerName, e.TargetDate.String(), yesNo(it.Overdue), yesNo(r.DIMandatory),
		r.DocumentedInformation, it.Next, e.Notes, linksText(e.Links),
		timestamp(e.UpdatedAt), e.UpdatedBy,
	}
	for i := range row {
		row[i] = SafeCell(row[i])
	}
	return row
}
