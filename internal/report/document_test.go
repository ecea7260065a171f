package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

// TestMarkdownIsSafe renders hostile Markdown: no script, no event
// handler, no dangerous link address survives, while safe links do.
func TestMarkdownIsSafe(t *testing.T) {
	for _, c := range []struct{ name, src, keep string }{
		{"script tag", "<script>alert(1)</script>", ""},
		{"inline html", "Hi <img src=x onerror=alert(1)> there", "Hi"},
		{"javascript link", "[x](javascript:alert(1))", "x"},
		{"upper case scheme", "[x](JAVASCRIPT:alert(1))", "x"},
		{"entity in scheme", "[x](javascript&#58;alert(1))", "x"},
		{"tab in scheme", "[x](<java\tscript:alert(1)>)", "x"},
		{"data image", "![a](data:image/svg+xml;base64,PHN2Zz4=)", "a"},
		{"vbscript", "[x](vbscript:msgbox)", "x"},
		{"file", "[x](file:///etc/passwd)", "x"},
		{"protocol relative", "[x](//evil.example/a)", "x"},
		{"backslash host", `[x](/\evil.example)`, "x"},
		{"autolink", "<javascript:alert(1)>", "javascript:alert(1)"},
		{"reference link", "[x][r]\n\n[r]: javascript:alert(1)", "x"},
		{"table alignment", "| a |\n|--:|\n| 1 |", "align=\"right\""},
		{"attribute break", `[x](https://a.example/"onmouseover="alert(1))`, ""},
	} {
		out, err := MarkdownHTML(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		low := strings.ToLower(out)
		for _, bad := range []string{"style=", "<script", "onerror=", "javascript:alert(1)\"", "href=\"javascript", "href=\"//", "src=\"data:", "vbscript:", "file:", `onmouseover="`, "<img src=\"x\""} {
			if strings.Contains(low, bad) {
				t.Errorf("%s: %q renders %q, which contains %q", c.name, c.src, out, bad)
			}
		}
		if strings.Contains(low, "<a ") && !strings.Contains(low, `href="https://`) {
			t.Errorf("%s: a link survived: %q", c.name, out)
		}
		if !strings.Contains(out, c.keep) {
			t.Errorf("%s: lost the text %q: %q", c.name, c.keep, out)
		}
	}
	out, _ := MarkdownHTML("# Title\n\nSee [the policy](/documents/3), [site](https://example.org), <https://example.org/x>, [mail](mailto:a@example.org) and [anchor](#top).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
	for _, want := range []string{"<h2>Title</h2>", `href="/documents/3"`, `href="https://example.org"`, `href="https://example.org/x"`, `href="mailto:a@example.org"`, `href="#top"`, "<li>one</li>", "<table>"} {
		if !strings.Contains(out, want) {
			t.Errorf("safe Markdown lost %q: %s", want, out)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://a.example": true, "http://a.example/x": true, "mailto:x@a.example": true, "/x": true, "x.md": true, "#t": true, "?q=1": true,
		"javascript:x": false, "JaVaScRiPt:x": false, " javascript:x": false, "data:text/html,x": false, "//a.example": false,
		"https:a": false, "foo:bar": false, "java\nscript:x": false, `\\a.example`: false,
	} {
		if got := SafeURL(u); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestLineDiff(t *testing.T) {
	rows, ok := LineDiff("a\nb\nc\nd", "a\nc\nd\ne")
	if !ok {
		t.Fatal("refused")
	}
	var got []string
	for _, r := range rows {
		got = append(got, string(r.Op)+":"+max(r.Left, r.Right))
	}
	if want := "same:a removed:b same:c same:d added:e"; strings.Join(got, " ") != want {
		t.Errorf("diff = %s, want %s", strings.Join(got, " "), want)
	}
	if _, ok := LineDiff(strings.Repeat("x\n", MaxDiffLines+1), "x"); ok {
		t.Error("an oversized text was compared")
	}
	if rows, _ := LineDiff("", ""); len(rows) != 0 {
		t.Errorf("empty diff = %v", rows)
	}
	// A long text with one changed line compares its start and end as they
	// are; two long, wholly different texts are refused, not computed.
	long := strings.Repeat("line\n", 2000)
	rows, ok = LineDiff(long+"old\n"+long, long+"new\n"+long)
	if !ok || len(rows) != 4002 || rows[2000].Op == DiffSame || rows[2001].Op == DiffSame || rows[2000].Op == rows[2001].Op || rows[4001].LeftNo != 4001 {
		t.Errorf("one changed line among 4001: ok %v, %d rows", ok, len(rows))
	}
	a, b := "", ""
	for i := range 2000 {
		a += fmt.Sprintf("a%d\n", i)
		b += fmt.Sprintf("b%d\n", i)
	}
	if _, ok := LineDiff(a, b); ok {
		t.Error("two wholly different long texts were compared")
	}
}

func TestDocumentPDF(t *testing.T) {
	at := time.Date(2026, 9, 14, 10, 0, 0, 0, time.UTC)
	d := aims.Document{Ref: "DOC-1", Title: "AI policy", Kind: aims.KindAIPolicy}
	v := aims.DocumentVersion{Number: 2, State: aims.StateApproved, ApproverName: "Anna Schmidt", ApprovedAt: &at,
		DesignationRef: "MGT-1", DesignationPosition: "Chief Executive Officer",
		Content: "# AI policy\n\n" + strings.Repeat("A paragraph of policy text that wraps over the line. ", 200) +
			"\n\n1. first\n2. second\n   - nested\n\n```\ncode\n```\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[bad](javascript:alert(1)) 😀"}
	var b bytes.Buffer
	if err := DocumentPDF(&b, "Brightwater", d, v, at); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
		t.Errorf("not a PDF: %.20q", b.Bytes())
	}
	pdf := newDocumentPDF("Brightwater", d, v, at)
	if pdf.PageCount() < 2 {
		t.Errorf("pages = %d, want the long text to run over", pdf.PageCount())
	}
	v.State = aims.StateDraft
	if err := DocumentPDF(&b, "Brightwater", d, v, at); err == nil {
		t.Error("a draft was printed")
	}
}
