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

// MaxDiffLines caps each side of a comparison, and MaxDiffCells the part
// that differs: the longest-common-subsequence table of the lines between
// the common start and end grows with the product of their counts, so a
// viewer asking for two long, wholly different versions costs at most a
// few megabytes and milliseconds.
const (
	MaxDiffLines = 20_000
	MaxDiffCells = 1_000_000
)

// LineDiff compares two texts line by line: the lines both share at the
// start and the end as they are, the middle with a longest common
// subsequence. It reports false when either text has more than
// MaxDiffLines lines or the middle more than MaxDiffCells cells.
func LineDiff(a, b string) ([]DiffRow, bool) {
	left, right := splitLines(a), splitLines(b)
	if len(left) > MaxDiffLines || len(right) > MaxDiffLines {
		return nil, false
	}
	pre := 0
	for pre < len(left) && pre < len(right) && left[pre] == right[pre] {
		pre++
	}
	suf := 0
	for suf < len(left)-pre && suf < len(right)-pre && left[len(left)-1-suf] == right[len(right)-1-suf] {
		suf++
	}
	n, m := len(left)-pre-suf, len(right)-pre-suf
	if (n+1)*(m+1) > MaxDiffCells {
		return nil, false
	}
	var rows []DiffRow
	for k := 0; k < pre; k++ {
		rows = append(rows, DiffRow{Op: DiffSame, Left: left[k], Right: right[k], LeftNo: k + 1, RightNo: k + 1})
	}
	l, r := left[pre:pre+n], right[pre:pre+m]
	// lcs[i][j] is the common subsequence length of l[i:] and r[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if l[i] == r[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && l[i] == r[j]:
			rows = append(rows, DiffRow{Op: DiffSame, Left: l[i], Right: r[j], LeftNo: pre + i + 1, RightNo: pre + j + 1})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			rows = append(rows, DiffRow{Op: DiffAdded, Right: r[j], RightNo: pre + j + 1})
			j++
		default:
			rows = append(rows, DiffRow{Op: DiffRemoved, Left: l[i], LeftNo: pre + i + 1})
			i++
		}
	}
	for k := 0; k < suf; k++ {
		li, ri := len(left)-suf+k, len(right)-suf+k
		rows = append(rows, DiffRow{Op: DiffSame, Left: left[li], Right: right[ri], LeftNo: li + 1, RightNo: ri + 1})
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
