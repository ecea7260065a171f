package aims_test

import (
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestListParamsValidate(t *testing.T) {
	sorts := []string{"name", "updated_at"}
	tests := []struct {
		name string
		p    aims.ListParams
		want map[string]string
	}{
		{name: "default limit", p: aims.ListParams{Limit: aims.DefaultLimit}},
		{name: "limit 1", p: aims.ListParams{Limit: 1}},
		{name: "limit 500", p: aims.ListParams{Limit: 500}},
		{name: "offset at the limit", p: aims.ListParams{Limit: 10, Offset: 1_000_000}},
		{name: "query of 200 characters", p: aims.ListParams{Limit: 10, Q: strings.Repeat("q", 200)}},
		{name: "allowed sort, descending", p: aims.ListParams{Limit: 10, Sort: "updated_at", Desc: true}},
		{name: "default sort", p: aims.ListParams{Limit: 10, Sort: ""}},
		{
			name: "limit 0",
			p:    aims.ListParams{Limit: 0},
			want: map[string]string{"limit": "must be between 1 and 500"},
		},
		{
			name: "limit negative",
			p:    aims.ListParams{Limit: -1},
			want: map[string]string{"limit": "must be between 1 and 500"},
		},
		{
			name: "limit 501",
			p:    aims.ListParams{Limit: 501},
			want: map[string]string{"limit": "must be between 1 and 500"},
		},
		{
			name: "offset negative",
			p:    aims.ListParams{Limit: 10, Offset: -1},
			want: map[string]string{"offset": "must be between 0 and 1000000"},
		},
		{
			name: "offset too large",
			p:    aims.ListParams{Limit: 10, Offset: 1_000_001},
			want: map[string]string{"offset": "must be between 0 and 1000000"},
		},
		{
			name: "query too long",
			p:    aims.ListParams{Limit: 10, Q: strings.Repeat("q", 201)},
			want: map[string]string{"q": "is too long (at most 200 characters)"},
		},
		{
			name: "sort not allowed",
			p:    aims.ListParams{Limit: 10, Sort: "password_hash"},
			want: map[string]string{"sort": "must be one of: name, updated_at"},
		},
		{
			name: "sort is case-sensitive",
			p:    aims.ListParams{Limit: 10, Sort: "Name"},
			want: map[string]string{"sort": "must be one of"},
		},
		{
			name: "everything wrong",
			p:    aims.ListParams{Limit: 1000, Offset: -5, Q: strings.Repeat("q", 300), Sort: "x"},
			want: map[string]string{"limit": "between", "offset": "between", "q": "too long", "sort": "one of"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.p.Validate(sorts...), tt.want)
		})
	}
}

func TestListParamsValidateNoSorts(t *testing.T) {
	if err := (aims.ListParams{Limit: 10}).Validate(); err != nil {
		t.Errorf("Validate() with no sort = %v, want nil", err)
	}
	checkFields(t, aims.ListParams{Limit: 10, Sort: "name"}.Validate(), map[string]string{"sort": "must be one of"})
}
