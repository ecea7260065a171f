package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"unicode/utf8"
)

// MapNode is one process on the process map.
type MapNode struct {
	Ref, Name string
}

// Geometry of the process map, in SVG user units.
const (
	mapBoxW   = 190
	mapBoxH   = 44
	mapMargin = 20
	mapRunes  = 26 // names longer than this end in an ellipsis
)

// ProcessMapSVG draws processes as boxes on a circle and each feed link
// (indices into nodes, from and to) as an arrow. Like ReadinessSVG it uses
// presentation attributes only, so it can be inlined under a strict
// Content-Security-Policy; the page lists the same links as a table, so
// nothing depends on reading the picture. The same input gives the same
// bytes.
func ProcessMapSVG(title string, nodes []MapNode, feeds [][2]int) []byte {
	n := len(nodes)
	// An ellipse whose arc between neighbours is 1.5 boxes wide and 1.5
	// boxes tall, so that neighbours stand apart by a box's width or by
	// its height wherever they are on it (1.5 > the square root of 2).
	rx := math.Max(260, 1.5*float64(n)*(mapBoxW+10)/(2*math.Pi))
	ry := math.Max(150, 1.5*float64(n)*(mapBoxH+10)/(2*math.Pi))
	width := 2*rx + mapBoxW + 2*mapMargin
	height := 2*ry + mapBoxH + 2*mapMargin
	cx, cy := width/2, height/2
	pos := make([][2]float64, n)
	for i := range nodes {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(max(n, 1))
		pos[i] = [2]float64{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	var b bytes.Buffer
	// No width or height: the picture scales to the page's column.
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="process-map-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12" fill="#1f2328">`+"\n",
		width, height)
	b.WriteString(`<title id="process-map-title">`)
	xml.EscapeText(&b, []byte(title))
	b.WriteString("</title>\n")
	b.WriteString(`<defs><marker id="process-map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>` + "\n")
	for _, f := range feeds {
		a, z := pos[f[0]], pos[f[1]]
		dx, dy := z[0]-a[0], z[1]-a[1]
		t := edgeT(dx, dy)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#57606a" stroke-width="1.5" marker-end="url(#process-map-arrow)"><title>`,
			a[0]+t*dx, a[1]+t*dy, z[0]-t*dx, z[1]-t*dy)
		xml.EscapeText(&b, []byte(nodes[f[0]].Ref+" feeds "+nodes[f[1]].Ref))
		b.WriteString("</title></line>\n")
	}
	for i, nd := range nodes {
		x, y := pos[i][0]-mapBoxW/2, pos[i][1]-mapBoxH/2
		fmt.Fprintf(&b, `<g><title>`)
		xml.EscapeText(&b, []byte(nd.Ref+" "+nd.Name))
		fmt.Fprintf(&b, `</title><rect x="%.1f" y="%.1f" width="%d" height="%d" rx="6" fill="#ffffff" stroke="#0969da" stroke-width="1.5"/>`, x, y, mapBoxW, mapBoxH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-weight="600">`, x+8, y+17)
		xml.EscapeText(&b, []byte(nd.Ref))
		fmt.Fprintf(&b, `</text><text x="%.1f" y="%.1f">`, x+8, y+34)
		xml.EscapeText(&b, []byte(ellipsis(nd.Name, mapRunes)))
		b.WriteString("</text></g>\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// edgeT is how far along a line between two box centres the boxes' edge
// lies, so arrows start and end at the boxes rather than inside them.
func edgeT(dx, dy float64) float64 {
	t := 0.5
	if dx != 0 {
		t = math.Min(t, (mapBoxW/2+4)/math.Abs(dx))
	}
	if dy != 0 {
		t = math.Min(t, (mapBoxH/2+4)/math.Abs(dy))
	}
	return t
}

func ellipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
