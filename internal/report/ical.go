package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"aims/internal/aims"
)

// ICalEvent is one all-day entry of a calendar feed.
type ICalEvent struct {
	UID     string
	Day     aims.Date
	Summary string
	URL     string
	Detail  string
}

// ICal writes an iCalendar (RFC 5545) feed of all-day events: text
// escaped, lines folded at 75 octets, CRLF line ends.
func ICal(w io.Writer, name string, stamp time.Time, events []ICalEvent) error {
	var b strings.Builder
	line := func(s string) {
		// Fold after 75 octets without splitting a UTF-8 sequence.
		for len(s) > 75 {
			cut := 75
			for cut > 0 && s[cut]&0xC0 == 0x80 {
				cut--
			}
			b.WriteString(s[:cut] + "\r\n ")
			s = s[cut:]
		}
		b.WriteString(s + "\r\n")
	}
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//aims//due work//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + icalText(name))
	ts := stamp.UTC().Format("20060102T150405Z")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + icalText(e.UID))
		line("DTSTAMP:" + ts)
		line("DTSTART;VALUE=DATE:" + e.Day.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + e.Day.AddDays(1).Time().Format("20060102"))
		line("SUMMARY:" + icalText(e.Summary))
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		if e.Detail != "" {
			line("DESCRIPTION:" + icalText(e.Detail))
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := fmt.Fprint(w, b.String())
	return err
}

// icalText escapes a TEXT value.
func icalText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}
