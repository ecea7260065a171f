package aims_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestValidationErrorError(t *testing.T) {
	tests := []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"name": "is required"}, "invalid input: name: is required"},
		{
			map[string]string{"zeta": "z", "alpha": "a", "mid": "m", "eu_ai_act.reasoning": "r"},
			"invalid input: alpha: a; eu_ai_act.reasoning: r; mid: m; zeta: z",
		},
		{map[string]string{}, "invalid input: "},
	}
	for _, tt := range tests {
		e := &aims.ValidationError{Fields: tt.fields}
		// Map order is random: the message must not be.
		for range 50 {
			if got := e.Error(); got != tt.want {
				t.Fatalf("Error() = %q, want %q", got, tt.want)
			}
		}
	}
}

func TestInvalid(t *testing.T) {
	err := aims.Invalid("org_id", "belongs to another organization")
	var ve *aims.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Invalid() = %T, want *ValidationError", err)
	}
	if len(ve.Fields) != 1 || ve.Fields["org_id"] != "belongs to another organization" {
		t.Errorf("Invalid().Fields = %v, want exactly org_id", ve.Fields)
	}
	wrapped := fmt.Errorf("create risk: %w", err)
	if !errors.As(wrapped, &ve) {
		t.Errorf("errors.As through a wrap failed")
	}
}

func TestSentinelErrors(t *testing.T) {
	if !errors.Is(aims.ErrArchived, aims.ErrConflict) {
		t.Errorf("errors.Is(ErrArchived, ErrConflict) = false, want true")
	}
	if !errors.Is(fmt.Errorf("update: %w", aims.ErrArchived), aims.ErrConflict) {
		t.Errorf("errors.Is(wrapped ErrArchived, ErrConflict) = false, want true")
	}
	if !strings.Contains(aims.ErrArchived.Error(), "archived") {
		t.Errorf("ErrArchived = %q, want it to say the record is archived", aims.ErrArchived)
	}
	sentinels := []error{aims.ErrNotFound, aims.ErrConflict, aims.ErrForbidden}
	for i, a := range sentinels {
		for j, b := range sentinels {
			if got := errors.Is(a, b); got != (i == j) {
				t.Errorf("errors.Is(%q, %q) = %v, want %v", a, b, got, i == j)
			}
		}
	}
	if errors.Is(aims.ErrArchived, aims.ErrNotFound) || errors.Is(aims.ErrArchived, aims.ErrForbidden) {
		t.Errorf("ErrArchived matches a sentinel other than ErrConflict")
	}
}
