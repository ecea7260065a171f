package report

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown parses and renders documents' Markdown. Raw HTML is never
// passed through (no html.WithUnsafe): the renderer writes a comment in
// its place. Tables and strikethrough are on, with column alignment as an
// align attribute (the Content-Security-Policy refuses inline styles);
// automatic links from bare text are off.
var markdown = goldmark.New(goldmark.WithExtensions(
	extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), extension.Strikethrough))

// parseMarkdown reads src into an AST and makes it safe: every link,
// image or autolink whose destination is not http(s), mailto or a
// relative address on this site is replaced by its plain text, so no
// javascript:, data:, vbscript:, file: or protocol-relative address
// reaches a page or a PDF whatever the text says.
func parseMarkdown(src []byte) ast.Node {
	doc := markdown.Parser().Parse(text.NewReader(src))
	var unsafe []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if !SafeURL(string(n.URL(src))) || n.AutoLinkType == ast.AutoLinkEmail && strings.ContainsAny(string(n.URL(src)), ":/") {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		switch n := n.(type) {
		case *ast.AutoLink:
			parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
		case *ast.Image:
			parent.ReplaceChild(parent, n, ast.NewString(nodeText(n, src)))
		default:
			// A link keeps its text, without the address.
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, n, c)
				c = next
			}
			parent.RemoveChild(parent, n)
		}
	}
	return doc
}

// SafeURL reports whether a link destination may be rendered: an http,
// https or mailto address, or a relative one ("/ai-systems/3", "#top",
// "annex.md"). Anything else, including "//host" (another site, by the
// page's scheme) and addresses with control characters, is not.
func SafeURL(dest string) bool {
	d := strings.TrimSpace(html.UnescapeString(dest))
	if d == "" {
		return true
	}
	if strings.HasPrefix(d, "//") || strings.HasPrefix(d, `\`) || strings.HasPrefix(d, `/\`) {
		return false
	}
	for _, r := range d {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	u, err := url.Parse(d)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	case "":
		return u.Host == "" && !strings.Contains(strings.SplitN(d, "/", 2)[0], ":")
	}
	return false
}

// nodeText is the plain text under a node.
func nodeText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for cc := c.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if t, ok := cc.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

// MarkdownHTML renders a document's Markdown as HTML that is safe to put
// in a page: raw HTML is dropped and unsafe links lose their address. The
// web layer marks only this function's output as trusted HTML. Headings
// move one level down, under the page's own title (its one h1).
func MarkdownHTML(src string) (string, error) {
	b := []byte(src)
	doc := parseMarkdown(b)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+1, 6)
		}
		return ast.WalkContinue, nil
	})
	var out bytes.Buffer
	if err := markdown.Renderer().Render(&out, b, doc); err != nil {
		return "", err
	}
	return out.String(), nil
}
