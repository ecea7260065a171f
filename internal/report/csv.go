package report

import (
	"encoding/csv"
	"fmt"
	"io"
)

// Column is one column of a register's CSV export: its header and how a
// record fills it. Enumerations keep their machine values, so a
// spreadsheet filter or a re-import reads them unchanged.
type Column[T any] struct {
	Name  string
	Value func(T) string
}

// CSV streams a register's records as CSV, one row per record, so an
// export of any size is written as the store reads it, without holding the
// register in memory. Every cell goes through SafeCell.
type CSV[T any] struct {
	w    *csv.Writer
	name string
	cols []Column[T]
}

// NewCSV starts an export of the register name by writing the header row.
func NewCSV[T any](w io.Writer, name string, cols []Column[T]) (*CSV[T], error) {
	c := &CSV[T]{w: csv.NewWriter(w), name: name, cols: cols}
	header := make([]string, len(cols))
	for i, col := range cols {
		header[i] = col.Name
	}
	if err := c.w.Write(header); err != nil {
		return nil, fmt.Errorf("%s CSV: %w", name, err)
	}
	return c, nil
}

// Write adds one record.
func (c *CSV[T]) Write(v T) error {
	row := make([]string, len(c.cols))
	for i, col := range c.cols {
		row[i] = SafeCell(col.Value(v))
	}
	if err := c.w.Write(row); err != nil {
		return fmt.Errorf("%s CSV: %w", c.name, err)
	}
	return nil
}

// Close flushes what is buffered and reports any write error, which the
// caller must check: a failed export must not look like a complete one. It
// does not close the underlying writer.
func (c *CSV[T]) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("%s CSV: %w", c.name, err)
	}
	return nil
}
