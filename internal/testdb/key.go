package testdb

import "aims/internal/aims"

// AuditKeyHex is the audit key every test database is sealed with: the
// PostgreSQL template is migrated once, and the key it adopts travels
// with every clone.
const AuditKeyHex = "74657374206175646974206b6579202d206e6f7420666f72207573652121212121"

// AuditKey is AuditKeyHex, parsed.
func AuditKey() aims.AuditKey {
	k, err := aims.ParseAuditKey(AuditKeyHex)
	if err != nil {
		panic(err)
	}
	return k
}
