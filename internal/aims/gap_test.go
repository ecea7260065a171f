package aims_test

import (
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestGapEntryValidate(t *testing.T) {
	long := strings.Repeat("x", 20_001)
	urlLink := func(u string) aims.GapLink { return aims.GapLink{URL: u, Title: "Doc"} }
	links := func(n int) []aims.GapLink {
		l := make([]aims.GapLink, n)
		for i := range l {
			l[i] = aims.GapLink{AISystemID: int64(i + 1)}
		}
		return l
	}
	tests := []struct {
		name string
		e    aims.GapEntry
		want map[string]string
	}{
		{name: "clause not started", e: aims.GapEntry{RequirementID: "4.1", Status: aims.GapNotStarted}},
		{name: "clause implemented with notes", e: aims.GapEntry{RequirementID: "6.1.2", Status: aims.GapImplemented, Notes: "See policy", OwnerID: 2}},
		{name: "control partial", e: aims.GapEntry{RequirementID: "A.2.2", Status: aims.GapPartial}},
		{
			name: "control not applicable with justification",
			e:    aims.GapEntry{RequirementID: "A.10.3", Status: aims.GapNotApplicable, Justification: "No suppliers of AI components."},
		},
		{
			name: "unknown status",
			e:    aims.GapEntry{RequirementID: "4.1", Status: "done"},
			want: map[string]string{"status": "must be one of: not-started, planned, partial, implemented, not-applicable"},
		},
		{
			name: "empty status",
			e:    aims.GapEntry{RequirementID: "4.1"},
			want: map[string]string{"status": "must be one of"},
		},
		{
			name: "clause cannot be not applicable",
			e:    aims.GapEntry{RequirementID: "9.2", Status: aims.GapNotApplicable, Justification: "We have no auditors."},
			want: map[string]string{"status": "only Annex A controls can be not applicable"},
		},
		{
			name: "control not applicable without justification",
			e:    aims.GapEntry{RequirementID: "A.5.4", Status: aims.GapNotApplicable},
			want: map[string]string{"justification": "is required when a control is not applicable"},
		},
		{
			name: "control not applicable with blank justification",
			e:    aims.GapEntry{RequirementID: "A.5.4", Status: aims.GapNotApplicable, Justification: " \n "},
			want: map[string]string{"justification": "is required"},
		},
		{
			name: "justification too long",
			e:    aims.GapEntry{RequirementID: "A.5.4", Status: aims.GapNotApplicable, Justification: long},
			want: map[string]string{"justification": "is too long"},
		},
		{
			name: "notes too long",
			e:    aims.GapEntry{RequirementID: "4.1", Status: aims.GapPlanned, Notes: long},
			want: map[string]string{"notes": "is too long (at most 20000 characters)"},
		},
		{
			name: "notes with NUL",
			e:    aims.GapEntry{RequirementID: "4.1", Status: aims.GapPlanned, Notes: "\x00"},
			want: map[string]string{"notes": "contains a NUL character"},
		},
		{
			name: "negative owner",
			e:    aims.GapEntry{RequirementID: "4.1", Status: aims.GapPlanned, OwnerID: -3},
			want: map[string]string{"owner_id": "must be a user ID"},
		},
		{name: "AI system link", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: 9, Title: "Chatbot"}}}},
		{name: "https link", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("https://wiki.example.com/ai-policy?v=2#scope")}}},
		{name: "http link", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("http://intranet:8080/doc")}}},
		{name: "upper-case scheme", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("HTTPS://example.com/")}}},
		{name: "link without title", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{URL: "https://example.com"}}}},
		{name: "50 links", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: links(50)}},
		{name: "URL of 2000 characters", e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial,
			Links: []aims.GapLink{urlLink("https://example.com/" + strings.Repeat("a", 2000-len("https://example.com/")))}}},
		{
			name: "51 links",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: links(51)},
			want: map[string]string{"links": "at most 50 links"},
		},
		{
			name: "link to both an AI system and a URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: 1, URL: "https://example.com"}}},
			want: map[string]string{"links": "either to an AI system or to a URL, not both"},
		},
		{
			name: "negative AI system",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: -1}}},
			want: map[string]string{"links": "ai_system_id must be an AI system ID"},
		},
		{
			name: "empty link",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{Title: "nothing"}}},
			want: map[string]string{"links": "each link needs an ai_system_id or an http(s) URL"},
		},
		{
			name: "javascript URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("javascript:alert(document.cookie)")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "javascript URL that looks like it has a host",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("javascript://example.com/%0Aalert(1)")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "data URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("data:text/html,<script>alert(1)</script>")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "ftp URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("ftp://example.com/file")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "https URL without a host",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("https:///path")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "scheme-relative URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("//example.com/doc")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "relative path",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("docs/policy.pdf")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "unparseable URL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{urlLink("https://exa mple.com/%zz")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "URL too long",
			e: aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial,
				Links: []aims.GapLink{urlLink("https://example.com/" + strings.Repeat("a", 2001-len("https://example.com/")))}},
			want: map[string]string{"links": "a URL is at most 2000 characters"},
		},
		{
			name: "a bad link after a good one",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: 1}, urlLink("mailto:a@b.c")}},
			want: map[string]string{"links": "http(s) URL"},
		},
		{
			name: "link title too long",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: 1, Title: strings.Repeat("t", 201)}}},
			want: map[string]string{"links": "is too long (at most 200 characters)"},
		},
		{
			name: "link title with NUL",
			e:    aims.GapEntry{RequirementID: "A.4.2", Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: 1, Title: "a\x00"}}},
			want: map[string]string{"links": "contains a NUL character"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.e.Validate(), tt.want)
		})
	}
}

func TestGapEntryValidateEveryStatus(t *testing.T) {
	for _, s := range aims.GapStatuses {
		e := aims.GapEntry{RequirementID: "A.6.2.4", Status: s, Justification: "Reason."}
		if err := e.Validate(); err != nil {
			t.Errorf("control with status %q: Validate() = %v, want nil", s, err)
		}
		if s == aims.GapNotApplicable {
			continue
		}
		e.RequirementID = "10.1"
		if err := e.Validate(); err != nil {
			t.Errorf("clause with status %q: Validate() = %v, want nil", s, err)
		}
	}
}

func TestGapEntryIsControl(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"A.2.2", true},
		{"A.10.3", true},
		{"4.1", false},
		{"10.2", false},
		{"a.2.2", false},
		{"A2.2", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := (aims.GapEntry{RequirementID: tt.id}).IsControl(); got != tt.want {
			t.Errorf("GapEntry{RequirementID: %q}.IsControl() = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestGapStatusCreditValidLabel(t *testing.T) {
	tests := []struct {
		s      aims.GapStatus
		credit float64
		valid  bool
		label  string
	}{
		{aims.GapNotStarted, 0, true, "Not started"},
		{aims.GapPlanned, 0, true, "Planned"},
		{aims.GapPartial, 0.5, true, "Partial"},
		{aims.GapImplemented, 1, true, "Implemented"},
		{aims.GapNotApplicable, 0, true, "Not applicable"},
		{"", 0, false, ""},
		{"done", 0, false, "done"},
	}
	for _, tt := range tests {
		if got := tt.s.Credit(); got != tt.credit {
			t.Errorf("GapStatus(%q).Credit() = %v, want %v", tt.s, got, tt.credit)
		}
		if got := tt.s.Valid(); got != tt.valid {
			t.Errorf("GapStatus(%q).Valid() = %v, want %v", tt.s, got, tt.valid)
		}
		if got := tt.s.Label(); got != tt.label {
			t.Errorf("GapStatus(%q).Label() = %q, want %q", tt.s, got, tt.label)
		}
	}
}
