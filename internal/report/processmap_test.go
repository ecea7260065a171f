package report

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestProcessMapSVG: the map is well-formed XML, escapes names, names
// every link in words, and no two boxes overlap whatever the count.
func TestProcessMapSVG(t *testing.T) {
	for _, n := range []int{1, 2, 5, 9, 14, 30} {
		nodes := make([]MapNode, n)
		for i := range nodes {
			nodes[i] = MapNode{Ref: fmt.Sprint("PRC-", i+1), Name: "Risk <management> & a very long process name indeed"}
		}
		feeds := [][2]int{}
		if n > 1 {
			feeds = append(feeds, [2]int{0, n - 1})
		}
		svg := ProcessMapSVG("Map", nodes, feeds)
		if err := xml.Unmarshal(svg, new(struct{})); err != nil {
			t.Fatalf("%d nodes: not XML: %v", n, err)
		}
		if strings.Contains(string(svg), "<management>") || !strings.Contains(string(svg), "&lt;management&gt;") {
			t.Errorf("%d nodes: names not escaped", n)
		}
		if n > 1 && !strings.Contains(string(svg), fmt.Sprintf("PRC-1 feeds PRC-%d", n)) {
			t.Errorf("%d nodes: the link is not named", n)
		}
		var boxes [][2]float64
		for _, m := range regexp.MustCompile(`<rect x="([0-9.]+)" y="([0-9.]+)"`).FindAllStringSubmatch(string(svg), -1) {
			x, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			boxes = append(boxes, [2]float64{x, y})
		}
		if len(boxes) != n {
			t.Fatalf("%d nodes drew %d boxes", n, len(boxes))
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				dx, dy := boxes[i][0]-boxes[j][0], boxes[i][1]-boxes[j][1]
				if dx < 0 {
					dx = -dx
				}
				if dy < 0 {
					dy = -dy
				}
				if dx < mapBoxW && dy < mapBoxH {
					t.Errorf("%d nodes: boxes %d and %d overlap", n, i, j)
				}
			}
		}
	}
}
