package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// The form and API handlers of a register on the kit share their shape:
// read the record the path names, parse, save at the version the form
// carried, redirect or re-render with the field messages, or, on a
// conflict, re-render the person's input at the latest version.
// registerHandlers holds what differs, so a register's file keeps only its
// fields, its filters and its pages (the people, competence, roles and
// designations registers use it).
type registerHandlers[T any] struct {
	s       *Server
	base    string // the list page: records are base/{id}
	api     string // the API collection
	what    string // "person", for messages
	get     func(ctx context.Context, orgID, id int64) (T, error)
	create  func(ctx context.Context, p aims.Principal, v T) (T, error)
	update  func(ctx context.Context, p aims.Principal, v T) (T, error)
	key     func(v *T) (id *int64, ref *string, version *int)
	archive func(v T) bool
	// parse reads the form; form renders it, new or edited, with what a
	// refused save says.
	parse func(r *http.Request) (T, error)
	form  func(w http.ResponseWriter, r *http.Request, status int, v T, isNew bool, msg formMessage) error
}

// formMessage is what a refused form says above and beside its fields.
type formMessage struct {
	Fields map[string]string
	Text   string
}

func (h registerHandlers[T]) message(err error) formMessage {
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return formMessage{ve.Fields, "The " + h.what + " was not saved. Correct the fields marked below."}
	case errors.Is(err, aims.ErrConflict):
		return formMessage{nil, "Someone else changed this " + h.what + " while you were editing. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."}
	}
	return formMessage{}
}

func (h registerHandlers[T]) editPage(w http.ResponseWriter, r *http.Request) error {
	v, err := lookup(r, h.get)
	if err == nil && h.archive(v) {
		err = aims.ErrArchived
	}
	if err != nil {
		return err
	}
	return h.form(w, r, http.StatusOK, v, false, formMessage{})
}

func (h registerHandlers[T]) createForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	v, err := h.parse(r)
	if err == nil {
		var created T
		if created, err = h.create(r.Context(), p, v); err == nil {
			id, ref, _ := h.key(&created)
			return h.s.redirect(w, r, h.base+"/"+strconv.FormatInt(*id, 10), *ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return h.form(w, r, http.StatusUnprocessableEntity, v, true, h.message(err))
	}
	return err
}

func (h registerHandlers[T]) updateForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, h.get)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	v, err := h.parse(r)
	cid, cref, _ := h.key(&current)
	id, ref, ver := h.key(&v)
	*id, *ref, *ver = *cid, *cref, version
	if err == nil {
		if _, err = h.update(r.Context(), p, v); err == nil {
			return h.s.redirect(w, r, h.base+"/"+strconv.FormatInt(*id, 10), *ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.form(w, r, http.StatusUnprocessableEntity, v, false, h.message(err))
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		if latest, lerr := h.get(r.Context(), p.OrgID, *id); lerr == nil {
			_, _, lv := h.key(&latest)
			*ver = *lv
		}
		return h.form(w, r, http.StatusConflict, v, false, h.message(err))
	}
	return err
}

func (h registerHandlers[T]) apiGet(w http.ResponseWriter, r *http.Request) error {
	v, err := lookup(r, h.get)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (h registerHandlers[T]) apiCreate(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in T
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := h.create(r.Context(), p, in)
	if err != nil {
		return err
	}
	id, _, _ := h.key(&v)
	w.Header().Set("Location", h.api+"/"+strconv.FormatInt(*id, 10))
	return writeJSON(w, http.StatusCreated, v)
}

func (h registerHandlers[T]) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := lookup(r, h.get)
	if err != nil {
		return err
	}
	var in T
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	cid, _, _ := h.key(&current)
	id, _, ver := h.key(&in)
	if *id != 0 && *id != *cid {
		return aims.Invalid("id", "does not match the ID in the address")
	}
	if *ver == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	*id = *cid
	v, err := h.update(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// formDate reads an optional date field into errs.
func formDate(errs map[string]string, name, v string) aims.Date {
	d, err := aims.ParseDate(strings.TrimSpace(v))
	if err != nil {
		errs[name] = "must be a date (YYYY-MM-DD)"
	}
	return d
}

// formInt64 reads an optional ID field into errs.
func formInt64(errs map[string]string, name, v, msg string) int64 {
	id, err := formID(v)
	if err != nil || id < 0 {
		errs[name] = msg
	}
	return id
}

func validationOf(errs map[string]string) error {
	if len(errs) > 0 {
		return &aims.ValidationError{Fields: errs}
	}
	return nil
}
