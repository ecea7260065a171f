package report

import (
	"bytes"
	"fmt"

	"aims/internal/aims"
)

// Geometry of the risk heat map, in SVG user units.
const (
	heatCell    = 64
	heatLabelW  = 150 // likelihood labels on the left
	heatLabelH  = 56  // impact labels below
	heatTitleH  = 30
	heatPadding = 8
)

// heatFill is a cell's fill per level; the level is also written in the
// cell and in its tooltip, so nothing depends on colour alone.
var heatFill = map[aims.RiskLimit]string{
	aims.LimitLow:      "#dcf1e1",
	aims.LimitMedium:   "#fdf0d5",
	aims.LimitHigh:     "#f6c9c9",
	aims.LimitVeryHigh: "#e59a9a",
}

// RiskHeatMapSVG draws one side of a heat map (inherent or residual): a
// grid of likelihood (rows, highest at the top) by impact (columns), each
// cell filled by its level under the criteria, showing the number of risks
// in it and linking to the list of those risks (link(l, i)). Presentation
// attributes only, no script; the same input always gives the same bytes.
func RiskHeatMapSVG(title string, c aims.RiskCriteria, count func(l, i int) int, link func(l, i int) string) []byte {
	id := svgID(title)
	rows, cols := len(c.Likelihood), len(c.Impact)
	width := heatLabelW + cols*heatCell + heatPadding
	height := heatTitleH + rows*heatCell + heatLabelH
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13" fill="#1f2328">`+"\n",
		width, height, width, height, id, id)
	total := 0
	for l := 1; l <= rows; l++ {
		for i := 1; i <= cols; i++ {
			total += count(l, i)
		}
	}
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`+"\n", id, esc(title))
	fmt.Fprintf(&b, `<desc id="%s-desc">%d risks by likelihood (rows) and impact (columns), criteria version %d. Each cell gives its level and count and links to its risks.</desc>`+"\n",
		id, total, c.Version)
	fmt.Fprintf(&b, `<text x="4" y="20" font-size="15" font-weight="bold">%s</text>`+"\n", esc(title))
	for l := rows; l >= 1; l-- {
		y := heatTitleH + (rows-l)*heatCell
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%d %s</text>`+"\n", heatLabelW-6, y+heatCell/2+4, l, esc(truncate(c.Likelihood[l-1].Label, 16)))
		for i := 1; i <= cols; i++ {
			x := heatLabelW + (i-1)*heatCell
			level := c.Level(l, i)
			n := count(l, i)
			noun := "risks"
			if n == 1 {
				noun = "risk"
			}
			label := fmt.Sprintf("Likelihood %d %s, impact %d %s: %s, %d %s", l, c.Likelihood[l-1].Label, i, c.Impact[i-1].Label, aims.LevelLabel(level), n, noun)
			fmt.Fprintf(&b, `<a href="%s"><title>%s</title>`, esc(link(l, i)), esc(label))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff" stroke-width="2"/>`, x, y, heatCell, heatCell, heatFill[level])
			weight := "normal"
			if n > 0 {
				weight = "bold"
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="18" font-weight="%s">%d</text>`, x+heatCell/2, y+heatCell/2+2, weight, n)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10">%s</text></a>`+"\n", x+heatCell/2, y+heatCell-8, esc(aims.LevelLabel(level)))
		}
	}
	base := heatTitleH + rows*heatCell
	for i := 1; i <= cols; i++ {
		x := heatLabelW + (i-1)*heatCell + heatCell/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%d</text>`+"\n", x, base+16, i)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10">%s</text>`+"\n", x, base+30, esc(truncate(c.Impact[i-1].Label, 11)))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12">Impact →</text>`+"\n", heatLabelW+cols*heatCell/2, base+48)
	b.WriteString("</svg>\n")
	return b.Bytes()
}
