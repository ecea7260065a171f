package aims_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

// invalidFields lists the fields a validation error names, or nil.
func invalidFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	ve, ok := err.(*aims.ValidationError)
	if !ok {
		t.Fatalf("error %v is not a ValidationError", err)
	}
	var out []string
	for _, f := range []string{"name", "title", "type", "kind", "addressed", "status", "owner_id", "needs", "source",
		"ai_system_ids", "party_ids", "limit", "sort"} {
		if ve.Fields[f] != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestPartyValidate(t *testing.T) {
	long := strings.Repeat("x", 20_001)
	tests := []struct {
		name string
		in   aims.Party
		want []string
	}{
		{"minimal", aims.Party{Name: "Loan applicants"}, nil},
		{"full", aims.Party{Name: "BaFin", Type: aims.PartyRegulator, Needs: "n", Requirements: "r", Addressed: aims.AddressedPartly, HowAddressed: "h", OwnerID: 3}, nil},
		{"no name", aims.Party{Name: "  "}, []string{"name"}},
		{"unknown type", aims.Party{Name: "n", Type: "alien"}, []string{"type"}},
		{"unknown addressed", aims.Party{Name: "n", Addressed: "maybe"}, []string{"addressed"}},
		{"negative owner", aims.Party{Name: "n", OwnerID: -1}, []string{"owner_id"}},
		{"needs too long", aims.Party{Name: "n", Needs: long}, []string{"needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.in
			p.Normalize()
			if diff := cmp.Diff(tt.want, invalidFields(t, p.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	p := aims.Party{Name: " x "}
	p.Normalize()
	if p.Name != "x" || p.Type != aims.PartyOther || p.Addressed != aims.AddressedNot {
		t.Errorf("Normalize() = %+v, want trimmed, other, not addressed", p)
	}
}

func TestObligationValidate(t *testing.T) {
	tests := []struct {
		name string
		in   aims.Obligation
		want []string
	}{
		{"minimal", aims.Obligation{Title: "GDPR Art. 22", Kind: aims.KindLegal}, nil},
		{"links", aims.Obligation{Title: "t", Kind: aims.KindContractual, AISystemIDs: []int64{2, 1, 2}, PartyIDs: []int64{4}}, nil},
		{"no title", aims.Obligation{Kind: aims.KindLegal}, []string{"title"}},
		{"no kind", aims.Obligation{Title: "t"}, []string{"kind"}},
		{"unknown status", aims.Obligation{Title: "t", Kind: aims.KindLegal, Status: "done"}, []string{"status"}},
		{"bad system ID", aims.Obligation{Title: "t", Kind: aims.KindLegal, AISystemIDs: []int64{0}}, []string{"ai_system_ids"}},
		{"bad party ID", aims.Obligation{Title: "t", Kind: aims.KindLegal, PartyIDs: []int64{-4}}, []string{"party_ids"}},
		{"source too long", aims.Obligation{Title: "t", Kind: aims.KindLegal, Source: strings.Repeat("s", 201)}, []string{"source"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.in
			o.Normalize()
			if diff := cmp.Diff(tt.want, invalidFields(t, o.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	o := aims.Obligation{Title: "t", AISystemIDs: []int64{3, 1, 3}}
	o.Normalize()
	if diff := cmp.Diff([]int64{1, 3}, o.AISystemIDs); diff != "" || o.Status != aims.ComplianceNotAssessed || o.PartyIDs == nil {
		t.Errorf("Normalize() = %+v (ids diff %s)", o, diff)
	}
	filters := map[string]aims.ObligationFilter{
		"bad kind":   {ListParams: aims.ListParams{Limit: 10}, Kind: "x"},
		"bad status": {ListParams: aims.ListParams{Limit: 10}, Status: "x"},
		"bad sort":   {ListParams: aims.ListParams{Limit: 10, Sort: "asks"}},
	}
	for name, f := range filters {
		if f.Validate() == nil {
			t.Errorf("%s: filter accepted", name)
		}
	}
	if err := (aims.PartyFilter{ListParams: aims.ListParams{Limit: 10}, Addressed: "x"}).Validate(); err == nil {
		t.Errorf("party filter with unknown addressed accepted")
	}
}
