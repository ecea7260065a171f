// Package aims holds the domain of the AI management system: the records an
// organization keeps for ISO/IEC 42001, their validation rules, and who may do
// what. It does no I/O, so every rule here can be tested without a database.
package aims

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors let storage and web layers agree on outcomes without
// sharing types: the web layer maps them to 404, 409 and 403.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("the record was changed by someone else since it was read")
	ErrForbidden = errors.New("forbidden")
)

// ValidationError carries one message per field, so a form can show each
// message beside its input and the API can return the same map.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// fieldErrors collects messages while a Validate method walks its fields.
type fieldErrors map[string]string

func (f fieldErrors) add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: map[string]string(f)}
}

// Invalid builds a ValidationError for a single field; layers outside this
// package use it for checks that need storage, such as a foreign ID.
func Invalid(field, msg string) error {
	return &ValidationError{Fields: map[string]string{field: msg}}
}

// checkText enforces the limits shared by every free-text field.
func checkText(f fieldErrors, field, value string, required bool, max int) {
	v := strings.TrimSpace(value)
	switch {
	case required && v == "":
		f.add(field, "is required")
	case utf8.RuneCountInString(value) > max:
		f.add(field, "is too long (at most "+itoa(max)+" characters)")
	case strings.ContainsRune(value, 0):
		f.add(field, "contains a NUL character")
	case !utf8.ValidString(value):
		f.add(field, "is not valid UTF-8 text")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// ErrArchived refuses edits to an archived record; it is a conflict, since
// the record's state, not the input, is what stands in the way.
var ErrArchived = fmt.Errorf("%w: the record is archived; restore it before editing", ErrConflict)
