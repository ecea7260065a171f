package aims

// Role is what a person may do in one organization. A user can hold a
// different role in each organization they belong to.
type Role string

// The five roles. Auditors read everything and will record findings; viewers
// only read.
const (
	RoleAdmin       Role = "admin"
	RoleManager     Role = "manager"
	RoleContributor Role = "contributor"
	RoleAuditor     Role = "auditor"
	RoleViewer      Role = "viewer"
)

// Roles lists every role, most powerful first, for forms and tests.
var Roles = []Role{RoleAdmin, RoleManager, RoleContributor, RoleAuditor, RoleViewer}

// Valid reports whether r is one of the five roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleManager, RoleContributor, RoleAuditor, RoleViewer:
		return true
	}
	return false
}

// Label is the role's name as shown to people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Admin"
	case RoleManager:
		return "Manager"
	case RoleContributor:
		return "Contributor"
	case RoleAuditor:
		return "Auditor"
	case RoleViewer:
		return "Viewer"
	}
	return string(r)
}

// Permission is a kind of action. Every route names the one it needs, and
// Can is the single place that decides.
type Permission int

// Permissions, from the weakest.
const (
	// PermSelf is any signed-in person acting on their own account:
	// signing out, switching organization, their own API tokens.
	PermSelf Permission = iota
	// PermRead reads the organization's registers and the catalog.
	PermRead
	// PermWrite creates and edits register records and the gap analysis.
	PermWrite
	// PermArchive archives and restores records.
	PermArchive
	// PermAuditLog reads the organization-wide audit log.
	PermAuditLog
	// PermAdmin manages people, roles and everyone's API tokens.
	PermAdmin
)

// String names the permission in messages and tests.
func (p Permission) String() string {
	switch p {
	case PermSelf:
		return "self"
	case PermRead:
		return "read"
	case PermWrite:
		return "write"
	case PermArchive:
		return "archive"
	case PermAuditLog:
		return "audit-log"
	case PermAdmin:
		return "admin"
	}
	return "unknown"
}

// Can reports whether a role holds a permission. This is the only
// permission table in the product.
func (r Role) Can(p Permission) bool {
	switch p {
	case PermSelf, PermRead:
		return r.Valid()
	case PermWrite:
		return r == RoleAdmin || r == RoleManager || r == RoleContributor
	case PermArchive:
		return r == RoleAdmin || r == RoleManager
	case PermAuditLog:
		return r == RoleAdmin || r == RoleManager || r == RoleAuditor
	case PermAdmin:
		return r == RoleAdmin
	}
	return false
}
