// Package report renders what the registers and the conformity engine know
// into the forms people take away from the product: SVG charts for pages and
// e-mail, CSV for spreadsheets and PDF for auditors and top management.
//
// Renderings do no I/O of their own beyond the writer they are given, and the
// same input always gives the same bytes, so every output can be tested and
// cached.
package report

import (
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
)

// chartStatuses is the order in which bars, legends and counts show the gap
// statuses: done work first, so bars read from left to right as progress.
var chartStatuses = []aims.GapStatus{
	aims.GapImplemented, aims.GapPartial, aims.GapPlanned, aims.GapNotStarted, aims.GapNotApplicable,
}

// statusColors are shared by the SVG charts and the PDF so a status looks the
// same everywhere. Each has at least 3:1 contrast against white (WCAG 1.4.11)
// and neighbours on a bar differ in lightness as well as hue.
var statusColors = map[aims.GapStatus]string{
	aims.GapImplemented:   "#116329",
	aims.GapPartial:       "#bf8700",
	aims.GapPlanned:       "#0550ae",
	aims.GapNotStarted:    "#cf222e",
	aims.GapNotApplicable: "#8c959f",
}

// SafeCell defuses a spreadsheet formula: a cell that begins with =, +, -,
// @, a tab or a carriage return is prefixed with a single quote, so that
// text a user typed into a register (or an attacker into a reporting
// channel) is never run as a formula when the export is opened in Excel or
// LibreOffice. Every CSV export passes every cell through it.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// yesNo spells a flag the way spreadsheet filters expect.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// timestamp formats an instant as RFC 3339 in UTC, or "" when unset, so
// exports from servers in different zones compare equal.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// linkText names what a gap entry links to: "AIS-3 Title" for a record,
// "Title <https://...>" for a document elsewhere.
func linkText(l aims.GapLink) string {
	switch {
	case l.URL != "":
		return strings.TrimSpace(l.Title + " <" + l.URL + ">")
	case l.AISystemRef != "":
		return strings.TrimSpace(l.AISystemRef + " " + l.Title)
	case l.AISystemID != 0:
		return strings.TrimSpace("AI system " + strconv.FormatInt(l.AISystemID, 10) + " " + l.Title)
	}
	return l.Title
}

func linksText(links []aims.GapLink) string {
	s := make([]string, len(links))
	for i, l := range links {
		s[i] = linkText(l)
	}
	return strings.Join(s, "; ")
}
