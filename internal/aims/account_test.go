package aims_test

import (
	"fmt"
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestNewMemberNormalize(t *testing.T) {
	tests := []struct {
		email, name         string
		wantEmail, wantName string
	}{
		{"  Alice@Example.COM \n", "  Alice Smith\t", "alice@example.com", "Alice Smith"},
		{"bob@example.com", "Bob", "bob@example.com", "Bob"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		n := aims.NewMember{Email: tt.email, Name: tt.name, Role: aims.RoleViewer}
		n.Normalize()
		if n.Email != tt.wantEmail || n.Name != tt.wantName {
			t.Errorf("Normalize(%q, %q) = (%q, %q), want (%q, %q)", tt.email, tt.name, n.Email, n.Name, tt.wantEmail, tt.wantName)
		}
		if n.Role != aims.RoleViewer {
			t.Errorf("Normalize changed the role to %q", n.Role)
		}
	}
}

func TestNewMemberValidate(t *testing.T) {
	// local@domain of exactly n bytes
	address := func(n int) string {
		domain := "@example.com"
		return strings.Repeat("a", n-len(domain)) + domain
	}
	tests := []struct {
		name string
		m    aims.NewMember
		want map[string]string
	}{
		{name: "valid", m: aims.NewMember{Email: "ann@example.com", Name: "Ann", Role: aims.RoleAuditor}},
		{name: "plus address and subdomain", m: aims.NewMember{Email: "ann+aims@mail.example.co.uk", Name: "Ann", Role: aims.RoleViewer}},
		{name: "254-character address", m: aims.NewMember{Email: address(254), Name: "Ann", Role: aims.RoleViewer}},
		{name: "with an access end date", m: aims.NewMember{Email: "ext@audit.example", Name: "Ext", Role: aims.RoleAuditor, AccessUntil: day(t, "2025-12-31")}},
		{
			name: "email missing",
			m:    aims.NewMember{Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is required"},
		},
		{
			name: "two at signs",
			m:    aims.NewMember{Email: "a@b@c", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "display name form",
			m:    aims.NewMember{Email: "Name <a@b.c>", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "angle brackets",
			m:    aims.NewMember{Email: "<a@b.c>", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "two addresses",
			m:    aims.NewMember{Email: "a@b.c, d@e.f", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "no at sign",
			m:    aims.NewMember{Email: "ann.example.com", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "no local part",
			m:    aims.NewMember{Email: "@example.com", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "no domain",
			m:    aims.NewMember{Email: "ann@", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "space inside",
			m:    aims.NewMember{Email: "ann smith@example.com", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "untrimmed (Validate before Normalize)",
			m:    aims.NewMember{Email: " ann@example.com", Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "255-character address",
			m:    aims.NewMember{Email: address(255), Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "300-character address",
			m:    aims.NewMember{Email: address(300), Name: "Ann", Role: aims.RoleViewer},
			want: map[string]string{"email": "is not a valid e-mail address"},
		},
		{
			name: "name missing",
			m:    aims.NewMember{Email: "ann@example.com", Name: " ", Role: aims.RoleViewer},
			want: map[string]string{"name": "is required"},
		},
		{
			name: "name too long",
			m:    aims.NewMember{Email: "ann@example.com", Name: strings.Repeat("n", 201), Role: aims.RoleViewer},
			want: map[string]string{"name": "is too long (at most 200 characters)"},
		},
		{
			name: "role missing",
			m:    aims.NewMember{Email: "ann@example.com", Name: "Ann"},
			want: map[string]string{"role": "must be one of: admin, manager, contributor, auditor, viewer"},
		},
		{
			name: "role unknown",
			m:    aims.NewMember{Email: "ann@example.com", Name: "Ann", Role: "owner"},
			want: map[string]string{"role": "must be one of"},
		},
		{
			name: "everything missing",
			m:    aims.NewMember{},
			want: map[string]string{"email": "is required", "name": "is required", "role": "must be one of"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.m.Validate(), tt.want)
		})
	}
}

func TestNewMemberNormalizeThenValidate(t *testing.T) {
	n := aims.NewMember{Email: "  ANN@Example.com ", Name: " Ann ", Role: aims.RoleManager}
	n.Normalize()
	if err := n.Validate(); err != nil {
		t.Errorf("Validate() after Normalize() = %v, want nil", err)
	}
}

func TestMemberUpdateValidate(t *testing.T) {
	for _, r := range aims.Roles {
		if err := (aims.MemberUpdate{Role: r}).Validate(); err != nil {
			t.Errorf("MemberUpdate{Role: %q}.Validate() = %v, want nil", r, err)
		}
	}
	checkFields(t, aims.MemberUpdate{Role: "root"}.Validate(), map[string]string{"role": "must be one of"})
	checkFields(t, aims.MemberUpdate{}.Validate(), map[string]string{"role": "must be one of"})
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name    string
		p       string
		wantErr string // "" for accepted
	}{
		{"empty", "", "must be at least 12 characters"},
		{"11 characters", strings.Repeat("p", 11), "must be at least 12 characters"},
		{"12 characters", strings.Repeat("p", 12), ""},
		{"256 characters", strings.Repeat("p", 256), ""},
		{"257 characters", strings.Repeat("p", 257), "must be at most 256 bytes"},
		{"spaces count", "correct horse battery staple", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := aims.CheckPassword(tt.p)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("CheckPassword(%d bytes) = %v, want nil", len(tt.p), err)
				}
				return
			}
			checkFields(t, err, map[string]string{"password": tt.wantErr})
		})
	}
}

// The minimum says "characters": a password of a few multi-byte characters
// must not pass as if every byte were a character.
func TestCheckPasswordCountsCharactersNotBytes(t *testing.T) {
	tests := []struct {
		name string
		p    string
	}{
		{"6 accented letters (12 bytes)", strings.Repeat("é", 6)},
		{"4 CJK characters (12 bytes)", "密码密码"},
		{"3 emoji (12 bytes)", "🔑🔑🔑"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := aims.CheckPassword(tt.p); err == nil {
				t.Errorf("CheckPassword(%q) (%d characters) = nil, want an error: fewer than %d characters",
					tt.p, len([]rune(tt.p)), aims.MinPassword)
			}
		})
	}
}

func TestCheckOrgNameAndTokenLabel(t *testing.T) {
	checks := []struct {
		name  string
		field string
		check func(string) error
	}{
		{"CheckOrgName", "org", aims.CheckOrgName},
		{"NewAPIToken.Validate", "label", func(l string) error { return aims.NewAPIToken{Label: l}.Validate(aims.Date{}) }},
	}
	values := []struct {
		v    string
		want string
	}{
		{"Acme", ""},
		{strings.Repeat("a", 200), ""},
		{"", "is required"},
		{"  ", "is required"},
		{strings.Repeat("a", 201), "is too long (at most 200 characters)"},
		{"a\x00b", "contains a NUL character"},
	}
	for _, c := range checks {
		for i, v := range values {
			var want map[string]string
			if v.want != "" {
				want = map[string]string{c.field: v.want}
			}
			t.Run(fmt.Sprintf("%s/%d", c.name, i), func(t *testing.T) {
				checkFields(t, c.check(v.v), want)
			})
		}
	}
}

func TestPrincipalActor(t *testing.T) {
	tests := []struct {
		p    aims.Principal
		want string
	}{
		{aims.Principal{UserID: 1, Email: "ann@example.com", Name: "Ann"}, "ann@example.com"},
		{aims.Principal{UserID: 1, Email: "ann@example.com", TokenID: 7}, "ann@example.com (API token 7)"},
		{aims.Principal{UserID: 1, Email: "ann@example.com", TokenID: 9_000_000_001}, "ann@example.com (API token 9000000001)"},
	}
	for _, tt := range tests {
		if got := tt.p.Actor(); got != tt.want {
			t.Errorf("Principal{Email: %q, TokenID: %d}.Actor() = %q, want %q", tt.p.Email, tt.p.TokenID, got, tt.want)
		}
	}
}

func TestNewAPITokenExpiry(t *testing.T) {
	today, _ := aims.ParseDate("2026-11-30")
	for _, tt := range []struct {
		expires string
		want    map[string]string
	}{
		{"", nil},
		{"2026-11-30", nil}, // its last day may be today
		{"2027-01-01", nil},
		{"2026-11-29", map[string]string{"expires_on": "is in the past"}},
	} {
		d, _ := aims.ParseDate(tt.expires)
		checkFields(t, aims.NewAPIToken{Label: "ci", ExpiresOn: d}.Validate(today), tt.want)
	}
}

func TestMemberStatus(t *testing.T) {
	today, _ := aims.ParseDate("2026-11-30")
	yesterday, _ := aims.ParseDate("2026-11-29")
	for _, tt := range []struct {
		m    aims.Member
		want string
	}{
		{aims.Member{Active: true}, "Active"},
		{aims.Member{Active: true, AccessUntil: today}, "Active"},
		{aims.Member{Active: true, AccessUntil: yesterday}, "Access ended"},
		{aims.Member{Active: true, Pending: true}, "Invitation pending"},
		{aims.Member{Active: false, Pending: true}, "Deactivated"},
	} {
		if got := tt.m.StatusOn(today); got != tt.want {
			t.Errorf("%+v.Status() = %q, want %q", tt.m, got, tt.want)
		}
	}
}
