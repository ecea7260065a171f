package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// historyRow is one audit event as the history table shows it.
type historyRow struct {
	Event   aims.AuditEvent
	Changes []changeRow
}

// Summary names the changed fields in a few words, for the audit log's
// collapsed rows.
func (h historyRow) Summary() string {
	names := make([]string, 0, 3)
	for i, c := range h.Changes {
		if i == 3 {
			return strings.Join(names, ", ") + " and " + strconv.Itoa(len(h.Changes)-3) + " more"
		}
		names = append(names, c.Field)
	}
	return strings.Join(names, ", ")
}

type changeRow struct {
	Field, Old, New string
}

// historyRows turns events into table rows, newest first: a record's
// history comes from the store oldest first, the audit log newest first.
func historyRows(events []aims.AuditEvent, oldestFirst bool) []historyRow {
	rows := make([]historyRow, 0, len(events))
	for i := range events {
		e := events[i]
		if oldestFirst {
			e = events[len(events)-1-i]
		}
		row := historyRow{Event: e}
		for _, c := range e.Changes {
			row.Changes = append(row.Changes, changeRows(c.Field, c.Old, c.New)...)
		}
		rows = append(rows, row)
	}
	return rows
}

// changeRows shows one changed field for people: an object (the EU AI Act
// answers) as its changed members, each value in words. A creation lists
// only the fields it set; IDs that have a name beside them are left out.
func changeRows(field string, old, new json.RawMessage) []changeRow {
	if field == "owner_id" || namedIDs[field] {
		return nil
	}
	var a, b map[string]json.RawMessage
	errA, errB := json.Unmarshal(old, &a), json.Unmarshal(new, &b)
	if (errA == nil || isNull(old)) && (errB == nil || isNull(new)) && (a != nil || b != nil) {
		keys := map[string]bool{}
		for k := range a {
			keys[k] = true
		}
		for k := range b {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var rows []changeRow
		for _, k := range names {
			rows = append(rows, changeRows(field+" › "+k, a[k], b[k])...)
		}
		return rows
	}
	ch := changeRow{Field: strings.ReplaceAll(field, "_", " "), Old: showJSON(old), New: showJSON(new)}
	if ch.Old == ch.New {
		return nil
	}
	return []changeRow{ch}
}

// namedIDs are link fields whose record's name is in the diff beside them.
var namedIDs = map[string]bool{"user_id": true, "reports_to_id": true, "staff_id": true, "competence_id": true}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// showJSON renders a changed value for people: text without quotes, lists
// as comma-separated words, empty values and false as a dash.
func showJSON(raw []byte) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case nil:
		return "—"
	case string:
		if v == "" {
			return "—"
		}
		return v
	case bool:
		if v {
			return "yes"
		}
		return "—"
	case float64:
		if v == 0 {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		if len(v) == 0 {
			return "—"
		}
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
			if m, ok := x.(map[string]any); ok {
				parts[i] = linkText(m)
			}
		}
		return strings.Join(parts, "; ")
	}
	return string(raw)
}

// linkText names a link in a list of links (a gap entry's evidence): the
// record's reference and title, or the title and address.
func linkText(m map[string]any) string {
	var parts []string
	for _, k := range []string{"ai_system_ref", "ref", "title", "name", "url"} {
		if s, ok := m[k].(string); ok && s != "" {
			parts = append(parts, s)
		}
	}
	// A period of a link (a person's assignment to a role).
	for _, k := range []string{"from", "until"} {
		if s, ok := m[k].(string); ok && s != "" {
			parts = append(parts, k+" "+s)
		}
	}
	return strings.Join(parts, " ")
}
