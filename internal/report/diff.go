package report

import "strings"

// DiffOp says what happened to a line between two versions.
type DiffOp string

// Line operations.
const (
	DiffSame    DiffOp = "same"
	DiffRemoved DiffOp = "removed"
	DiffAdded   DiffOp = "added"
)

// DiffRow is one row of a side-by-side comparison: the line of the older
// version on the left, of the newer on the right; a removed line has no
// right side and an added line no left side.
type DiffRow struct {
	Op              DiffOp
	Left, Right     string
	LeftNo, RightNo int // 1-based line numbers, 0 where the side is empty
}

// MaxDiffLines caps each side of a comparison: the longest-common-
// subsequence table grows with the product of the two line counts.
const MaxDiffLines = 3000

// LineDiff compares two texts line by line with a longest common
// subsequence, and reports false when either has more than MaxDiffLines
// lines.
func LineDiff(a, b string) ([]DiffRow, bool) {
	left, right := splitLines(a), splitLines(b)
	if len(left) > MaxDiffLines || len(right) > MaxDiffLines {
		return nil, false
	}
	n, m := len(left), len(right)
	// lcs[i][j] is the common subsequence length of left[i:] and right[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if left[i] == right[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []DiffRow
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && left[i] == right[j]:
			rows = append(rows, DiffRow{Op: DiffSame, Left: left[i], Right: right[j], LeftNo: i + 1, RightNo: j + 1})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			rows = append(rows, DiffRow{Op: DiffAdded, Right: right[j], RightNo: j + 1})
			j++
		default:
			rows = append(rows, DiffRow{Op: DiffRemoved, Left: left[i], LeftNo: i + 1})
			i++
		}
	}
	return rows, true
}

func splitLines(s string) []string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
