package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// aiSystemColumns is the header of the AI system inventory CSV.
var aiSystemColumns = []string{
	"ref", "name", "purpose", "intended_use", "foreseeable_misuse", "owner",
	"lifecycle", "roles", "autonomy", "human_oversight", "data", "models",
	"tooling", "compute", "third_party", "in_scope", "eu_ai_act_class",
	"eu_ai_act_reasoning", "review_interval_months", "last_reviewed",
	"next_review", "archived", "created_at", "updated_at",
}

// AISystemCSV streams the AI system inventory as CSV, one row per system, so
// an export of thousands of systems can be written page by page as the
// store reads them, without holding the whole inventory in memory.
type AISystemCSV struct {
	w *csv.Writer
}

// NewAISystemCSV starts an inventory export by writing the header row.
func NewAISystemCSV(w io.Writer) (*AISystemCSV, error) {
	c := &AISystemCSV{w: csv.NewWriter(w)}
	if err := c.w.Write(aiSystemColumns); err != nil {
		return nil, fmt.Errorf("AI system CSV: %w", err)
	}
	return c, nil
}

// Write adds one system. Enumerations keep their machine values and every
// cell goes through SafeCell, as in every export.
func (c *AISystemCSV) Write(a aims.AISystem) error {
	roles := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		roles[i] = string(r)
	}
	reasoning := ""
	if a.EUAIAct != nil {
		reasoning = a.EUAIAct.Reasoning
	}
	row := []string{
		a.Ref, a.Name, a.Purpose, a.IntendedUse, a.ForeseeableMisuse, a.OwnerName,
		string(a.Lifecycle), strings.Join(roles, ";"), string(a.Autonomy), a.HumanOversight,
		a.Data, a.Models, a.Tooling, a.Compute, a.ThirdParty, yesNo(a.InScope),
		string(a.RiskClass), reasoning, strconv.Itoa(a.ReviewIntervalMonths),
		a.LastReviewed.String(), a.NextReview.String(), yesNo(a.Archived),
		timestamp(a.CreatedAt), timestamp(a.UpdatedAt),
	}
	for i := range row {
		row[i] = SafeCell(row[i])
	}
	if err := c.w.Write(row); err != nil {
		return fmt.Errorf("AI system CSV: %s: %w", a.Ref, err)
	}
	return nil
}

// Close flushes what is buffered and reports any write error, which the
// caller must check: a failed export must not look like a complete one. It
// does not close the underlying writer.
func (c *AISystemCSV) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("AI system CSV: %w", err)
	}
	return nil
}
