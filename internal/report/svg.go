package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"

	"aims/internal/conformity"
)

// Geometry of the readiness chart, in SVG user units.
const (
	svgWidth      = 720
	svgTitleH     = 30 // the visible title above the rows
	svgRowH       = 28
	svgBarH       = 16
	svgLabelX     = 4
	svgBarX       = 276
	svgBarW       = 372
	svgPercentX   = 716 // right edge of the percentage text
	svgLegendH    = 34
	svgLabelRunes = 38 // labels longer than this end in an ellipsis
)

// ReadinessSVG draws the readiness of clauses or Annex A groups as a
// horizontal stacked bar chart: one row per group, segments for each status,
// the readiness percentage as text and a legend. The markup uses only
// presentation attributes (no style attribute, no <style>, no script), so it
// can be inlined in pages served under a strict Content-Security-Policy and
// reused in e-mail; the counts are in tooltips and in the <desc>, so nothing
// depends on colour alone. The same input always gives the same bytes.
func ReadinessSVG(title string, groups []conformity.Group) []byte {
	id := svgID(title)
	height := svgTitleH + len(groups)*svgRowH + svgLegendH
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13" fill="#1f2328">`+"\n",
		svgWidth, height, svgWidth, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`+"\n", id, esc(title))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`+"\n", id, esc(svgDesc(groups)))
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="15" font-weight="bold">%s</text>`+"\n", svgLabelX, esc(title))
	for i, g := range groups {
		svgRow(&b, g, svgTitleH+i*svgRowH)
	}
	svgLegend(&b, svgTitleH+len(groups)*svgRowH+10)
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// svgRow draws one group: its label, the stacked bar over all its
// requirements, and its readiness percentage.
func svgRow(b *bytes.Buffer, g conformity.Group, top int) {
	label := g.ID + " " + g.Title
	fmt.Fprintf(b, `<g data-group="%s">`, esc(g.ID))
	fmt.Fprintf(b, `<title>%s: %d%%</title>`+"\n", esc(label), g.Percent())
	fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", svgLabelX, top+18, esc(truncate(label, svgLabelRunes)))
	barY := top + (svgRowH-svgBarH)/2
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#eaeef2"/>`+"\n", svgBarX, barY, svgBarW, svgBarH)
	done := 0
	for _, s := range chartStatuses {
		n := g.Counts[s]
		if n == 0 || g.Total == 0 {
			continue
		}
		x0 := svgBarX + float64(svgBarW*done)/float64(g.Total)
		done += n
		x1 := svgBarX + float64(svgBarW*done)/float64(g.Total)
		fmt.Fprintf(b, `<rect x="%.2f" y="%d" width="%.2f" height="%d" fill="%s" stroke="#ffffff" stroke-width="1"><title>%s: %d %s</title></rect>`+"\n",
			x0, barY, x1-x0, svgBarH, statusColors[s], esc(g.ID), n, strings.ToLower(s.Label()))
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="end" font-weight="bold">%d%%</text>`+"\n", svgPercentX, top+18, g.Percent())
	b.WriteString("</g>\n")
}

// svgLegend names the colours, one swatch per status in bar order.
func svgLegend(b *bytes.Buffer, y int) {
	b.WriteString(`<g font-size="12">` + "\n")
	x := svgLabelX
	for _, s := range chartStatuses {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, x, y, statusColors[s])
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", x+17, y+10, esc(s.Label()))
		// About 7 units per character at 12 units is generous for
		// proportional fonts, so labels never run into the next swatch.
		x += 17 + 7*len(s.Label()) + 18
	}
	b.WriteString("</g>\n")
}

// svgDesc spells the whole chart out for screen readers, which read the
// <desc> of an image instead of its parts.
func svgDesc(groups []conformity.Group) string {
	var parts []string
	for _, g := range groups {
		var counts []string
		for _, s := range chartStatuses {
			if n := g.Counts[s]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", n, strings.ToLower(s.Label())))
			}
		}
		if len(counts) == 0 {
			counts = append(counts, "no requirements")
		}
		parts = append(parts, fmt.Sprintf("%s %s: %d%% ready (%s).", g.ID, g.Title, g.Percent(), strings.Join(counts, ", ")))
	}
	return "Readiness is the share of applicable requirements implemented, partial work counting half. " + strings.Join(parts, " ")
}

// svgID derives the ids of the chart's <title> and <desc> from its title, so
// two charts on one page never share an id and the same chart always gets
// the same one. The hash keeps titles that slug alike ("A&B", "A B") apart.
func svgID(title string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			slug.WriteRune(r)
			dash = false
		} else if !dash && slug.Len() > 0 {
			slug.WriteByte('-')
			dash = true
		}
		if slug.Len() >= 32 {
			break
		}
	}
	h := fnv.New32a()
	h.Write([]byte(title))
	prefix := "readiness-"
	if s := strings.TrimSuffix(slug.String(), "-"); s != "" {
		prefix += s + "-"
	}
	return fmt.Sprintf("%s%08x", prefix, h.Sum32())
}

// truncate shortens s to at most n runes, ending in an ellipsis when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// esc escapes text for XML character data and attribute values alike.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
