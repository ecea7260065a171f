package aims_test

import (
	"testing"

	"aims/internal/aims"
)

func TestRoleCan(t *testing.T) {
	perms := []aims.Permission{aims.PermSelf, aims.PermRead, aims.PermWrite, aims.PermArchive, aims.PermAuditLog, aims.PermAdmin}
	// The expected permission table, one row per role, columns in the order of perms.
	want := map[aims.Role][6]bool{
		//                self  read  write  archive audit-log admin
		aims.RoleAdmin:       {true, true, true, true, true, true},
		aims.RoleManager:     {true, true, true, true, true, false},
		aims.RoleContributor: {true, true, true, false, false, false},
		aims.RoleAuditor:     {true, true, false, false, true, false},
		aims.RoleViewer:      {true, true, false, false, false, false},
		// Anything that is not a role may do nothing at all.
		"":      {false, false, false, false, false, false},
		"owner": {false, false, false, false, false, false},
		"Admin": {false, false, false, false, false, false},
	}
	if len(aims.Roles) != 5 {
		t.Fatalf("len(Roles) = %d, want 5", len(aims.Roles))
	}
	for _, r := range aims.Roles {
		if _, ok := want[r]; !ok {
			t.Errorf("role %q has no row in the expected table", r)
		}
	}
	for r, row := range want {
		for i, p := range perms {
			if got := r.Can(p); got != row[i] {
				t.Errorf("Role(%q).Can(%s) = %v, want %v", r, p, got, row[i])
			}
		}
		for _, p := range []aims.Permission{-1, aims.PermAdmin + 1, 100} {
			if r.Can(p) {
				t.Errorf("Role(%q).Can(%d) = true for an unknown permission, want false", r, int(p))
			}
		}
	}
}

func TestRoleValidAndLabel(t *testing.T) {
	tests := []struct {
		r     aims.Role
		valid bool
		label string
	}{
		{aims.RoleAdmin, true, "Admin"},
		{aims.RoleManager, true, "Manager"},
		{aims.RoleContributor, true, "Contributor"},
		{aims.RoleAuditor, true, "Auditor"},
		{aims.RoleViewer, true, "Viewer"},
		{"", false, ""},
		{"Admin", false, "Admin"},
		{"admin ", false, "admin "},
		{"owner", false, "owner"},
	}
	for _, tt := range tests {
		if got := tt.r.Valid(); got != tt.valid {
			t.Errorf("Role(%q).Valid() = %v, want %v", tt.r, got, tt.valid)
		}
		if got := tt.r.Label(); got != tt.label {
			t.Errorf("Role(%q).Label() = %q, want %q", tt.r, got, tt.label)
		}
	}
	for _, r := range aims.Roles {
		if !r.Valid() {
			t.Errorf("Roles lists %q, which is not Valid", r)
		}
	}
}

func TestPermissionString(t *testing.T) {
	tests := []struct {
		p    aims.Permission
		want string
	}{
		{aims.PermSelf, "self"},
		{aims.PermRead, "read"},
		{aims.PermWrite, "write"},
		{aims.PermArchive, "archive"},
		{aims.PermAuditLog, "audit-log"},
		{aims.PermAdmin, "admin"},
		{aims.PermAdmin + 1, "unknown"},
		{-1, "unknown"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Permission(%d).String() = %q, want %q", int(tt.p), got, tt.want)
		}
	}
}
