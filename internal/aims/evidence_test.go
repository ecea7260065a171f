package aims

import (
	"errors"
	"strings"
	"testing"
)

func TestCleanFileName(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"report.pdf", "report.pdf", true},
		{" Prüfbericht Q3.docx ", "Prüfbericht Q3.docx", true},
		{"v1.2 release notes.md", "v1.2 release notes.md", true},
		{"../../etc/passwd", "", false},
		{"a/b.pdf", "", false},
		{`C:\temp\x.pdf`, "", false},
		{"..", "", false},
		{"report..pdf", "", false},
		{"", "", false},
		{"report\x00.txt", "", false},
		{"line\nbreak.txt", "", false},
		{"bad\xffutf8.txt", "", false},
		{`say "hi".txt`, "", false},
		{strings.Repeat("a", 201), "", false},
	} {
		got, err := CleanFileName(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("CleanFileName(%q) = %q, %v; want %q, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestResolveEvidenceType(t *testing.T) {
	docx := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	for _, c := range []struct {
		sniffed, declared, name, want string // want "" means refused
	}{
		{"application/pdf", "application/pdf", "r.pdf", "application/pdf"},
		{"application/pdf", "", "r", "application/pdf"},
		{"application/pdf", "application/octet-stream", "r.pdf", "application/pdf"},
		{"text/plain", "", "data.csv", "text/csv"},
		{"text/plain", "text/csv; charset=utf-8", "data.csv", "text/csv"},
		{"text/plain", "", "notes.md", "text/markdown"},
		{"text/plain", "", "README", "text/plain"},
		{"application/zip", "", "policy.docx", docx},
		{"application/zip", "", "bundle.zip", ""},
		{"text/html", "image/png", "chart.png", ""},
		{"text/html", "", "page.txt", ""},
		{"text/plain", "application/pdf", "r.pdf", ""},
		{"text/plain", "", "r.pdf", ""},
		{"image/png", "image/jpeg", "x.png", ""},
		{"text/plain", "", "logo.svg", ""},
		{"application/octet-stream", "", "tool.exe", ""},
	} {
		got, err := ResolveEvidenceType(c.sniffed, c.declared, c.name)
		var ve *ValidationError
		if c.want == "" {
			if err == nil || !errors.As(err, &ve) {
				t.Errorf("ResolveEvidenceType(%q, %q, %q) = %q, %v; want a refusal", c.sniffed, c.declared, c.name, got, err)
			}
		} else if got != c.want || err != nil {
			t.Errorf("ResolveEvidenceType(%q, %q, %q) = %q, %v; want %q", c.sniffed, c.declared, c.name, got, err, c.want)
		}
	}
}

func TestEvidenceValidate(t *testing.T) {
	for name, c := range map[string]struct {
		e     Evidence
		field string
	}{
		"file":            {Evidence{Kind: EvidenceFile, Title: "Report"}, ""},
		"link":            {Evidence{Kind: EvidenceLink, Title: "Run", URL: "https://ci.test/1"}, ""},
		"no title":        {Evidence{Kind: EvidenceFile}, "title"},
		"link without":    {Evidence{Kind: EvidenceLink, Title: "Run"}, "url"},
		"javascript link": {Evidence{Kind: EvidenceLink, Title: "Run", URL: "javascript:alert(1)"}, "url"},
		"relative link":   {Evidence{Kind: EvidenceLink, Title: "Run", URL: "/evidence/1"}, "url"},
		"file with URL":   {Evidence{Kind: EvidenceFile, Title: "Report", URL: "https://x.test"}, "url"},
		"unknown kind":    {Evidence{Kind: "folder", Title: "x"}, "kind"},
	} {
		err := c.e.Validate()
		var ve *ValidationError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v, want valid", name, err)
		case c.field != "" && (!errors.As(err, &ve) || ve.Fields[c.field] == ""):
			t.Errorf("%s: %v, want a message for %s", name, err, c.field)
		}
	}
	today, _ := ParseDate("2026-11-27")
	yesterday, _ := ParseDate("2026-11-26")
	if !(Evidence{ValidUntil: yesterday}).Expired(today) || (Evidence{ValidUntil: today}).Expired(today) || (Evidence{}).Expired(today) {
		t.Error("Expired: valid until yesterday is expired; today and no date are not")
	}
	for _, f := range []EvidenceFilter{{Validity: "soon"}, {Type: "text/html"}, {Register: "no-such-register"}, {Kind: "folder"}} {
		f.Limit = 10
		if f.Validate() == nil {
			t.Errorf("filter %+v accepted", f)
		}
	}
}
