package aims

import (
	"strings"
	"unicode/utf8"
)

// Paging limits. A list answers at most MaxLimit rows at a time so that one
// request can never ask the server for the whole table.
const (
	DefaultLimit = 50
	MaxLimit     = 500
	MaxOffset    = 1_000_000
	maxQuery     = 200
)

// ListParams are the paging, search and sort inputs every register list takes.
type ListParams struct {
	Limit  int
	Offset int
	Q      string // free-text search: every word must match
	Sort   string // a column the register allows; "" for its default
	Desc   bool
}

// Validate checks paging and search bounds; sorts allows the register's columns.
func (p ListParams) Validate(sorts ...string) error {
	f := fieldErrors{}
	if p.Limit < 1 || p.Limit > MaxLimit {
		f.add("limit", "must be between 1 and "+itoa(MaxLimit))
	}
	if p.Offset < 0 || p.Offset > MaxOffset {
		f.add("offset", "must be between 0 and "+itoa(MaxOffset))
	}
	if utf8.RuneCountInString(p.Q) > maxQuery {
		f.add("q", "is too long (at most "+itoa(maxQuery)+" characters)")
	}
	if p.Sort != "" && !contains(sorts, p.Sort) {
		f.add("sort", "must be one of: "+strings.Join(sorts, ", "))
	}
	return f.err()
}

// Page is one page of a list and the number of rows matching the filter.
// A search counts at most CountCap matches, since counting every match of
// a broad search would cost more than the page itself: Capped then means
// the total is "more than CountCap".
type Page[T any] struct {
	Items  []T  `json:"items"`
	Total  int  `json:"total"`
	Capped bool `json:"total_capped,omitempty"`
}

// CountCap is where a search stops counting.
const CountCap = 1000

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
