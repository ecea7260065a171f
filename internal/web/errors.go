package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"aims/internal/aims"
)

// httpError is an error that already knows its status and its message for
// people.
type httpError struct {
	status int
	msg    string
	fields map[string]string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(msg string) error { return &httpError{status: http.StatusBadRequest, msg: msg} }

// problem is an RFC 9457 problem document.
type problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// classify is the one error mapper: not found 404, validation 422,
// conflict 409, forbidden 403, and anything unexpected 500 with a generic
// message, logged once with the request ID.
func (s *Server) classify(r *http.Request, err error) (int, string, map[string]string) {
	var he *httpError
	var ve *aims.ValidationError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg, he.fields
	case errors.As(err, &ve):
		return http.StatusUnprocessableEntity, "The input is not valid; see the messages for each field.", ve.Fields
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is larger than the limit of %d bytes.", mbe.Limit), nil
	case errors.Is(err, aims.ErrNotFound):
		return http.StatusNotFound, "Not found in this organization.", nil
	case errors.Is(err, aims.ErrArchived):
		return http.StatusConflict, "The record is archived; restore it before editing.", nil
	case errors.Is(err, aims.ErrConflict):
		return http.StatusConflict, "The record was changed by someone else since you read it (its version moved on). Read it again and reapply your change.", nil
	case errors.Is(err, aims.ErrForbidden):
		return http.StatusForbidden, "Your role does not allow this.", nil
	}
	s.log.Error("request failed", slog.String("id", requestID(r.Context())), slog.String("path", redactedURL(r.URL)), slog.Any("err", err))
	return http.StatusInternalServerError, "Something went wrong on our side. The error was logged with request ID " + requestID(r.Context()) + ".", nil
}

// fail answers an error: problem JSON for the API, an error page for people.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	status, msg, fields := s.classify(r, err)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="aims"`)
	}
	if api {
		writeProblem(w, r, status, msg, fields)
		return
	}
	s.renderError(w, r, status, msg, fields)
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string, fields map[string]string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
		Detail: detail, Instance: redactedURL(&url.URL{Path: r.URL.Path}), Errors: fields, RequestID: requestID(r.Context())})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode reply: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// decodeJSON reads exactly one JSON object into v. Every way a body can be
// wrong gets its own clear message: not JSON at all (400), a field of the
// wrong type or not known (422, naming the field), too large (413).
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &httpError{status: http.StatusUnsupportedMediaType, msg: "Send the body as application/json."}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return badRequest("The body must hold exactly one JSON object; there is more after it.")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return badRequest("The request body is empty; send a JSON object.")
	case errors.As(err, &syn):
		return badRequest(fmt.Sprintf("The body is not valid JSON (at byte %d): %v.", syn.Offset, syn))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("The body is not valid JSON: it ends too early.")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return badRequest("The body must be a JSON object.")
		}
		return aims.Invalid(field, "must be "+jsonKind(typ.Type.Kind().String())+", not "+typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return aims.Invalid(name, "is not a field of this record")
	}
	// Errors from a type's own UnmarshalJSON, such as a malformed date.
	return badRequest("The body could not be read: " + err.Error() + ".")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "a number"
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
