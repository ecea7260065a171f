package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"aims/internal/aims"
)

// pathID reads a numeric record ID from the path. Anything else cannot name
// a record, so it is "not found", like an ID from another organization.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, aims.ErrNotFound
	}
	return id, nil
}

// parseForm reads a posted form: a body over the limit is 413, anything
// else unreadable 400, and so is a form (or a query) holding bytes that
// are not text, which no field of any record may hold.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return err
	case err != nil:
		return badRequest("The form could not be read.")
	case !isText(r.Form):
		return badRequest("The form holds bytes that are not text (invalid UTF-8 or NUL).")
	}
	return nil
}

// isText reports whether every value is valid UTF-8 without NUL bytes:
// the databases refuse anything else, and must never be asked.
func isText(values url.Values) bool {
	for k, vs := range values {
		if !utf8.ValidString(k) || strings.ContainsRune(k, 0) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return false
			}
		}
	}
	return true
}

// queryReader collects query-parameter errors into one validation error.
type queryReader struct {
	q    url.Values
	errs map[string]string
}

func newQueryReader(q url.Values) *queryReader {
	qr := &queryReader{q: q, errs: map[string]string{}}
	for k, vs := range q {
		if !isText(url.Values{k: vs}) {
			qr.errs[k] = "is not valid text (invalid UTF-8 or NUL)"
			delete(q, k)
		}
	}
	return qr
}

func (qr *queryReader) int(name string, def int) int {
	v := strings.TrimSpace(qr.q.Get(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		qr.errs[name] = "must be a whole number"
		return def
	}
	return n
}

func (qr *queryReader) int64(name string) int64 {
	v := strings.TrimSpace(qr.q.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		qr.errs[name] = "must be an ID"
		return 0
	}
	return n
}

func (qr *queryReader) bool(name string) bool {
	switch strings.ToLower(strings.TrimSpace(qr.q.Get(name))) {
	case "", "0", "false", "no", "off":
		return false
	case "1", "true", "yes", "on":
		return true
	}
	qr.errs[name] = "must be true or false"
	return false
}

func (qr *queryReader) date(name string) aims.Date {
	d, err := aims.ParseDate(strings.TrimSpace(qr.q.Get(name)))
	if err != nil {
		qr.errs[name] = "must be a date of the form YYYY-MM-DD"
	}
	return d
}

func (qr *queryReader) str(name string) string { return strings.TrimSpace(qr.q.Get(name)) }

func (qr *queryReader) list(limit int) aims.ListParams {
	return aims.ListParams{Limit: qr.int("limit", limit), Offset: qr.int("offset", 0), Q: qr.str("q"),
		Sort: qr.str("sort"), Desc: qr.bool("desc")}
}

func (qr *queryReader) err() error {
	if len(qr.errs) == 0 {
		return nil
	}
	return &aims.ValidationError{Fields: qr.errs}
}

// listParams reads plain paging.
func listParams(q url.Values, limit int) (aims.ListParams, error) {
	qr := newQueryReader(q)
	p := qr.list(limit)
	if err := qr.err(); err != nil {
		return p, err
	}
	return p, p.Validate()
}

// formID reads an optional record ID from a form field.
func formID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// nonEmpty drops blank and "none" choices from a multiple-choice field.
func nonEmpty(values []string) []string {
	out := []string{}
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && v != "none" {
			out = append(out, v)
		}
	}
	return out
}
