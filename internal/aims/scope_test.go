package aims

import (
	"strings"
	"testing"
)

func TestScopeStatementValidate(t *testing.T) {
	cases := []struct {
		name  string
		st    ScopeStatement
		field string // "" when valid
	}{
		{"empty", ScopeStatement{}, ""},
		{"full", ScopeStatement{Boundaries: "b", DocumentID: 3, Exclusions: []ScopeExclusion{{AISystemID: 1, Reason: "Retired."}},
			Units: []ScopeUnit{{Name: "Lending", InScope: true}, {Name: "Marketing", Reason: "Later."}},
			Sites: []ScopeSite{{Name: "Frankfurt", InScope: true}}, Issues: []Link{{ID: 1}, {ID: 2}}}, ""},
		{"exclusion without a reason", ScopeStatement{Exclusions: []ScopeExclusion{{AISystemID: 1, Reason: "  "}}}, "exclusions"},
		{"exclusion without a system", ScopeStatement{Exclusions: []ScopeExclusion{{Reason: "r"}}}, "exclusions"},
		{"system excluded twice", ScopeStatement{Exclusions: []ScopeExclusion{{AISystemID: 1, Reason: "r"}, {AISystemID: 1, Reason: "s"}}}, "exclusions"},
		{"unit out without a reason", ScopeStatement{Units: []ScopeUnit{{Name: "Marketing"}}}, "units"},
		{"unit without a name", ScopeStatement{Units: []ScopeUnit{{InScope: true}}}, "units"},
		{"unit twice", ScopeStatement{Units: []ScopeUnit{{Name: "IT", InScope: true}, {Name: "it ", InScope: true}}}, "units"},
		{"unit name too long", ScopeStatement{Units: []ScopeUnit{{Name: strings.Repeat("u", 201), InScope: true}}}, "units"},
		{"site out without a reason", ScopeStatement{Sites: []ScopeSite{{Name: "Lisbon"}}}, "sites"},
		{"negative document", ScopeStatement{DocumentID: -1}, "document_id"},
		{"issue linked twice", ScopeStatement{Issues: []Link{{ID: 4}, {ID: 4}}}, "issues"},
		{"party without an ID", ScopeStatement{Parties: []Link{{}}}, "parties"},
		{"obligation with a bad ID", ScopeStatement{Obligations: []Link{{ID: -2}}}, "obligations"},
		{"NUL in the boundaries", ScopeStatement{Boundaries: "a\x00b"}, "boundaries"},
	}
	for _, c := range cases {
		c.st.Normalize()
		err := c.st.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		ve, ok := err.(*ValidationError)
		if !ok || ve.Fields[c.field] == "" {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

// TestScopeNormalizeOrders: the same sets in another order are the same
// statement, so saving them again changes nothing.
func TestScopeNormalizeOrders(t *testing.T) {
	st := ScopeStatement{Exclusions: []ScopeExclusion{{AISystemID: 3}, {AISystemID: 1}}, Parties: []Link{{ID: 9}, {ID: 2}},
		Units: []ScopeUnit{{Name: " IT "}}, Document: &ScopeDocument{Title: "x"}}
	st.Normalize()
	if st.Exclusions[0].AISystemID != 1 || st.Parties[0].ID != 2 || st.Units[0].Name != "IT" || st.Document != nil || st.Issues == nil || st.Sites == nil {
		t.Errorf("normalized = %+v", st)
	}
}
