package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"aims/internal/aims"
	"aims/internal/blob"
	"aims/internal/catalog"
	"aims/internal/report"
	"aims/internal/sqlstore"
)

// DefaultMaxUpload is the largest evidence file the server takes when the
// configuration does not say (serve --max-upload-mb).
const DefaultMaxUpload = 100 << 20

// maxUpload is the configured upload limit in bytes.
func (s *Server) maxUpload() int64 {
	if s.cfg.MaxUploadBytes > 0 {
		return s.cfg.MaxUploadBytes
	}
	return DefaultMaxUpload
}

// uploadBody is the request body limit of an upload route: the file and
// room for the form's other fields and the multipart framing.
func (s *Server) uploadBody() int64 { return s.maxUpload() + 1<<20 }

// evidenceUpload documents the multipart upload for the OpenAPI document:
// the file part and the fields that go with it.
type evidenceUpload struct {
	File        string    `json:"file" format:"binary"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	ValidUntil  aims.Date `json:"valid_until,omitempty"`
	Register    string    `json:"register,omitempty"`
	RecordID    string    `json:"record_id,omitempty"`
}

// multipartExample is an example multipart body, for the permission walk and
// the OpenAPI document.
type multipartExample struct {
	ContentType string
	Body        string
}

// exampleUpload builds a small valid upload.
func exampleUpload(name, content string, fields url.Values) multipartExample {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	return multipartExample{ContentType: mw.FormDataContentType(), Body: b.String()}
}

// evidenceLink is the API's body for link evidence.
type evidenceLink struct {
	Title       string            `json:"title"`
	Description string            `json:"description"`
	URL         string            `json:"url"`
	ValidUntil  aims.Date         `json:"valid_until"`
	Attach      []aims.Attachment `json:"attach"`
}

// attachBody names the record evidence is attached to or detached from.
type attachBody struct {
	Register string `json:"register"`
	RecordID string `json:"record_id"`
}

// fileContent marks a route that answers a file, for the OpenAPI document.
type fileContent struct{}

// upload is an evidence upload as read from a multipart body: the file
// spooled to disk (nil for a link) and the other fields.
type upload struct {
	file     *blob.File
	name     string // as the client sent it, unchecked
	declared string
	fields   url.Values
}

func (u *upload) Close() {
	if u != nil && u.file != nil {
		u.file.Close()
	}
}

var (
	errUploadCut  = badRequest("The upload ended before it was complete; nothing was stored. Send it again.")
	errNotUpload  = &httpError{status: http.StatusUnsupportedMediaType, msg: "Send the file as multipart/form-data with a part named file."}
	errMalformed  = badRequest("The body is not well-formed multipart/form-data (a part or its header could not be read, or a file name holds control characters); nothing was stored.")
	errTwoFiles   = badRequest("Send one file per upload.")
	errFieldsSize = badRequest("The form's fields are too large.")
)

// readUpload reads a multipart upload as it arrives: small fields into
// memory, the file part straight to a temporary file (blob.Spool), never
// the whole body into memory (no ParseMultipartForm). A client that stops
// halfway, a body over the limit or an empty file is an error, and the
// temporary file is gone.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (*upload, error) {
	// The upload may take longer than the server's default read timeout.
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(time.Hour))
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errNotUpload
	}
	u := &upload{fields: url.Values{}}
	fieldBytes := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			u.Close()
			return nil, uploadError(err)
		}
		_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if part.FormName() == "file" {
			if u.file != nil {
				u.Close()
				return nil, errTwoFiles
			}
			// The name as sent: part.FileName() would quietly drop a path,
			// and a path in a file name is refused, not repaired.
			u.name, u.declared = params["filename"], part.Header.Get("Content-Type")
			if u.name == "" {
				// An empty file input of a browser form: no file chosen.
				if _, err := io.Copy(io.Discard, io.LimitReader(part, 1)); err != nil {
					u.Close()
					return nil, uploadError(err)
				}
				continue
			}
			if u.file, err = blob.Spool(part, s.cfg.UploadDir, s.maxUpload()); err != nil {
				u.Close()
				return nil, uploadError(err)
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, 64<<10+1))
		if err != nil {
			u.Close()
			return nil, uploadError(err)
		}
		fieldBytes += len(b)
		if len(b) > 64<<10 || fieldBytes > 256<<10 || len(u.fields) > 20 {
			u.Close()
			return nil, errFieldsSize
		}
		u.fields.Add(part.FormName(), string(b))
	}
	if !isText(u.fields) {
		u.Close()
		return nil, badRequest("The form holds bytes that are not text (invalid UTF-8 or NUL).")
	}
	return u, nil
}

// uploadError names what went wrong reading an upload.
func uploadError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, blob.ErrTooLarge), errors.As(err, &mbe):
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: "The file is larger than the upload limit; nothing was stored."}
	case errors.Is(err, blob.ErrEmpty):
		return aims.Invalid("file", "is empty (0 bytes)")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
		return errUploadCut
	}
	return errMalformed
}

// evidenceFromUpload turns an upload into the record and content to store,
// deciding the file's type from its content.
func (s *Server) evidenceFromUpload(u *upload) (aims.Evidence, *sqlstore.FileContent, []aims.Attachment, error) {
	e := aims.Evidence{Title: u.fields.Get("title"), Description: u.fields.Get("description"), URL: u.fields.Get("url")}
	var err error
	if e.ValidUntil, err = aims.ParseDate(strings.TrimSpace(u.fields.Get("valid_until"))); err != nil {
		return e, nil, nil, aims.Invalid("valid_until", "must be a date (YYYY-MM-DD)")
	}
	attach, err := s.attachmentsFrom(u.fields.Get("register"), u.fields.Get("record_id"))
	if err != nil {
		return e, nil, nil, err
	}
	if u.file == nil {
		if e.URL == "" {
			return e, nil, nil, aims.Invalid("file", "choose a file to upload, or give a link")
		}
		return e, nil, attach, nil
	}
	if e.FileName, err = aims.CleanFileName(u.name); err != nil {
		return e, nil, nil, err
	}
	sniffed, _, _ := strings.Cut(http.DetectContentType(u.file.Head), ";")
	if e.ContentType, err = aims.ResolveEvidenceType(sniffed, u.declared, e.FileName); err != nil {
		return e, nil, nil, err
	}
	if strings.TrimSpace(e.Title) == "" {
		e.Title = e.FileName
	}
	return e, &sqlstore.FileContent{Content: u.file.Reader(), Size: u.file.Size, SHA256: u.file.SHA256}, attach, nil
}

// attachmentsFrom reads an optional "attach to this record" pair.
func (s *Server) attachmentsFrom(register, recordID string) ([]aims.Attachment, error) {
	if register == "" && recordID == "" {
		return nil, nil
	}
	if err := s.checkAttachTarget(register, recordID); err != nil {
		return nil, err
	}
	return []aims.Attachment{{Register: register, RecordID: recordID}}, nil
}

// checkAttachTarget checks what the store cannot: that a gap analysis
// record is a requirement of the catalog.
func (s *Server) checkAttachTarget(register, recordID string) error {
	if err := aims.CheckAttachment(register, recordID); err != nil {
		return err
	}
	if register == aims.RegisterGap {
		if _, err := s.assessable(recordID); err != nil {
			return aims.Invalid("record_id", "is not a clause requirement or Annex A control of ISO/IEC 42001")
		}
	}
	return nil
}

// evidenceFilter reads the evidence list's filters from a query string.
func evidenceFilter(q url.Values, today aims.Date, limit int) (aims.EvidenceFilter, error) {
	qr := newQueryReader(q)
	f := aims.EvidenceFilter{
		ListParams: qr.list(limit),
		Kind:       aims.EvidenceKind(qr.str("kind")),
		Type:       qr.str("type"),
		Validity:   qr.str("validity"),
		Register:   qr.str("register"),
		Archived:   qr.bool("archived"),
		Today:      today,
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func evidenceRef(e aims.Evidence) string { return e.Ref }

// evidenceAt reads the evidence the path's {id} names.
func (s *Server) evidenceAt(r *http.Request, editable bool) (aims.Evidence, error) {
	e, err := lookup(r, s.store.Evidence)
	if err == nil && editable && e.Archived {
		return e, aims.ErrArchived
	}
	if err == nil {
		s.nameAttachments(&e)
	}
	return e, err
}

// nameAttachments names the requirements evidence is attached to.
func (s *Server) nameAttachments(e *aims.Evidence) {
	for i, a := range e.Attachments {
		if a.Register == aims.RegisterGap {
			if req, ok := s.cat.Requirement(catalog.ISO42001, a.RecordID); ok {
				e.Attachments[i].Ref, e.Attachments[i].Title = req.ID, req.Title
			}
		}
	}
}

// API.

func (s *Server) apiEvidenceList(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := evidenceFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.EvidenceList(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiEvidence(w http.ResponseWriter, r *http.Request) error {
	e, err := s.evidenceAt(r, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// apiCreateEvidence takes a file (multipart/form-data) or a link (JSON).
func (s *Server) apiCreateEvidence(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var e aims.Evidence
	var err error
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/json" {
		var in evidenceLink
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		for _, a := range in.Attach {
			if err := s.checkAttachTarget(a.Register, a.RecordID); err != nil {
				return err
			}
		}
		e, err = s.store.CreateEvidence(r.Context(), p, aims.Evidence{Title: in.Title, Description: in.Description, URL: in.URL, ValidUntil: in.ValidUntil}, nil, in.Attach...)
	} else {
		e, err = s.createUpload(w, r, p)
	}
	if err != nil {
		return err
	}
	s.nameAttachments(&e)
	w.Header().Set("Location", "/api/v1/evidence/"+strconv.FormatInt(e.ID, 10))
	return writeJSON(w, http.StatusCreated, e)
}

// createUpload reads and stores a multipart upload.
func (s *Server) createUpload(w http.ResponseWriter, r *http.Request, p aims.Principal) (aims.Evidence, error) {
	u, err := s.readUpload(w, r)
	if err != nil {
		return aims.Evidence{}, err
	}
	defer u.Close()
	in, file, attach, err := s.evidenceFromUpload(u)
	if err != nil {
		return in, err
	}
	return s.store.CreateEvidence(r.Context(), p, in, file, attach...)
}

func (s *Server) apiUpdateEvidence(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.evidenceAt(r, false)
	if err != nil {
		return err
	}
	var in aims.Evidence
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ID != 0 && in.ID != current.ID {
		return aims.Invalid("id", "does not match the ID in the address")
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	in.ID = current.ID
	e, err := s.store.UpdateEvidence(r.Context(), p, in)
	if err != nil {
		return err
	}
	s.nameAttachments(&e)
	return writeJSON(w, http.StatusOK, e)
}

// apiAttach attaches (on) or detaches evidence.
func (s *Server) apiAttach(on bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		current, err := s.evidenceAt(r, false)
		if err != nil {
			return err
		}
		var in attachBody
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		e, err := s.setAttachment(r, p, current.ID, in.Register, in.RecordID, on)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, e)
	}
}

func (s *Server) setAttachment(r *http.Request, p aims.Principal, id int64, register, recordID string, on bool) (aims.Evidence, error) {
	var e aims.Evidence
	var err error
	if on {
		if err := s.checkAttachTarget(register, recordID); err != nil {
			return e, err
		}
		e, err = s.store.Attach(r.Context(), p, id, register, recordID)
	} else {
		e, err = s.store.Detach(r.Context(), p, id, register, recordID)
	}
	if err == nil {
		s.nameAttachments(&e)
	}
	return e, err
}

// evidenceContent downloads an evidence file: always as an attachment,
// with the type decided at upload, never sniffed, and a policy that would
// run nothing even if a browser displayed it. The content is checked
// against its SHA-256 as it goes out; a file that no longer matches is cut
// short, so the client sees a failed download, never a wrong file that
// looks whole.
func (s *Server) evidenceContent(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	e, err := s.evidenceAt(r, false)
	if err != nil {
		return err
	}
	if e.Kind != aims.EvidenceFile {
		return &httpError{status: http.StatusNotFound, msg: e.Ref + " is a link, not a file: " + e.URL}
	}
	h := w.Header()
	h.Set("Content-Type", e.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.FileName}))
	h.Set("Content-Length", strconv.FormatInt(e.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("ETag", `"`+e.SHA256+`"`)
	// A large file to a slow client may take longer than the server's
	// default write timeout.
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Hour))
	cw := &countingWriter{w: w}
	err = s.store.WriteContent(r.Context(), p.OrgID, e, cw)
	if err == nil {
		return nil
	}
	if cw.n == 0 && !errors.Is(err, sqlstore.ErrCorrupt) {
		h.Del("Content-Disposition")
		h.Del("Content-Length")
		return err
	}
	s.log.Error("evidence download cut short", slog.String("id", requestID(r.Context())), slog.String("evidence", e.Ref), slog.Any("err", err))
	panic(http.ErrAbortHandler)
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (s *Server) evidenceCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := evidenceFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "evidence", report.EvidenceColumns, func(fn func(aims.Evidence) error) error {
		return s.store.EachEvidence(r.Context(), p.OrgID, f, fn)
	})
}

// Pages.

type evidenceListView struct {
	layout
	listNav
	Filter    aims.EvidenceFilter
	Page      aims.Page[aims.Evidence]
	Types     []aims.EvidenceType
	Registers []register
}

func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := evidenceFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.EvidenceList(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	title := "Evidence"
	if f.Archived {
		title = "Archived evidence"
	}
	v := evidenceListView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Types: aims.EvidenceTypes,
		listNav: newListNav("/evidence", "/evidence.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	for _, key := range aims.AttachableRegisters {
		if reg, ok := registerByKey(key); ok {
			v.Registers = append(v.Registers, reg)
		}
	}
	return s.render(w, r, http.StatusOK, "evidence_list", v)
}

type evidenceView struct {
	layout
	E        aims.Evidence
	History  []historyRow
	Expired  bool
	Systems  []aims.AISystem
	Download string
}

func (s *Server) evidenceRecordPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	e, err := s.evidenceAt(r, false)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterEvidence, e.ID)
	if err != nil {
		return err
	}
	v := evidenceView{layout: s.layoutFor(w, r, e.Ref+" "+e.Title), E: e, History: history, Expired: e.Expired(s.today())}
	if e.Kind == aims.EvidenceFile {
		v.Download = "/evidence/" + strconv.FormatInt(e.ID, 10) + "/content"
	}
	if v.Can("write") && !e.Archived {
		if v.Systems, err = s.store.AISystemNames(r.Context(), p.OrgID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "evidence", v)
}

type evidenceFormView struct {
	layout
	E        aims.Evidence
	New      bool
	Register string // attach the new evidence to this record
	RecordID string
	Target   string // the record's name, for the page
	MaxMB    int64
}

func (s *Server) evidenceForm(w http.ResponseWriter, r *http.Request, status int, v evidenceFormView, err error) error {
	title := "Edit " + v.E.Ref
	if v.New {
		title = "Add evidence"
	}
	v.layout = s.layoutFor(w, r, title)
	v.MaxMB = s.maxUpload() >> 20
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The evidence was not saved. Correct the fields marked below."
	}
	if errors.Is(err, aims.ErrConflict) {
		v.ErrorText = "Someone else saved this evidence while you were editing; your changes are below and were not saved. Save again to keep them."
	}
	return s.render(w, r, status, "evidence_form", v)
}

func (s *Server) newEvidencePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := evidenceFormView{New: true, Register: q.Get("register"), RecordID: q.Get("record_id")}
	if v.Register != "" || v.RecordID != "" {
		if err := s.checkAttachTarget(v.Register, v.RecordID); err != nil {
			return badRequest("The record to attach the evidence to is not known.")
		}
		v.Target = v.Register + " " + v.RecordID
		if reg, ok := registerByKey(v.Register); ok {
			v.Target = reg.Label + " " + v.RecordID
		}
	}
	return s.evidenceForm(w, r, http.StatusOK, v, nil)
}

// createEvidenceForm takes the upload form (multipart, streamed) or the
// link form.
func (s *Server) createEvidenceForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	u, err := s.readUpload(w, r)
	if err != nil {
		var ve *aims.ValidationError
		if errors.As(err, &ve) {
			return s.evidenceForm(w, r, http.StatusUnprocessableEntity, evidenceFormView{New: true}, err)
		}
		return err
	}
	defer u.Close()
	in, file, attach, err := s.evidenceFromUpload(u)
	back := evidenceFormView{New: true, E: in, Register: u.fields.Get("register"), RecordID: u.fields.Get("record_id")}
	if err == nil {
		var e aims.Evidence
		if e, err = s.store.CreateEvidence(r.Context(), p, in, file, attach...); err == nil {
			to := "/evidence/" + strconv.FormatInt(e.ID, 10)
			if len(attach) == 1 {
				if link := recordLink(attach[0].Register, attach[0].RecordID); link != "" {
					to = link
				}
			}
			return s.redirect(w, r, to, e.Ref+" added.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.evidenceForm(w, r, http.StatusUnprocessableEntity, back, err)
	}
	return err
}

func (s *Server) editEvidencePage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.evidenceAt(r, true)
	if err != nil {
		return err
	}
	return s.evidenceForm(w, r, http.StatusOK, evidenceFormView{E: e}, nil)
}

func (s *Server) updateEvidenceForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.evidenceAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	e := current
	e.Title, e.Description, e.Version = f.Get("title"), f.Get("description"), version
	if current.Kind == aims.EvidenceLink {
		e.URL = f.Get("url")
	}
	if e.ValidUntil, err = aims.ParseDate(strings.TrimSpace(f.Get("valid_until"))); err != nil {
		err = aims.Invalid("valid_until", "must be a date (YYYY-MM-DD)")
	} else {
		var saved aims.Evidence
		if saved, err = s.store.UpdateEvidence(r.Context(), p, e); err == nil {
			return s.redirect(w, r, "/evidence/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.evidenceForm(w, r, http.StatusUnprocessableEntity, evidenceFormView{E: e}, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		saved, rerr := s.store.Evidence(r.Context(), p.OrgID, current.ID)
		if rerr != nil {
			return rerr
		}
		e.Version = saved.Version
		return s.evidenceForm(w, r, http.StatusConflict, evidenceFormView{E: e}, err)
	}
	return err
}

// attachForm attaches (on) or detaches evidence from a form on either page:
// the evidence's own, or the record's. It returns to the page it came from
// ("back" is "record" for the record's page), never to an address the form
// names.
func (s *Server) attachForm(on bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		if err := parseForm(r); err != nil {
			return err
		}
		f := r.PostForm
		id, err := formID(f.Get("evidence_id"))
		if err != nil || id == 0 {
			return aims.Invalid("evidence_id", "choose evidence to attach")
		}
		e, err := s.setAttachment(r, p, id, f.Get("register"), f.Get("record_id"), on)
		if err != nil {
			return err
		}
		to := "/evidence/" + strconv.FormatInt(e.ID, 10)
		if link := recordLink(f.Get("register"), f.Get("record_id")); f.Get("back") == "record" && link != "" {
			to = link
		}
		msg := e.Ref + " attached."
		if !on {
			msg = e.Ref + " detached."
		}
		return s.redirect(w, r, to, msg)
	}
}

// evidencePanel is the "Evidence" section of a record's page: what is
// attached, and forms to attach more or upload new.
type evidencePanel struct {
	Register, RecordID string
	Items              []aims.Evidence
	Choices            []aims.Evidence // live evidence not attached yet
	CanWrite           bool
	Today              aims.Date
	NewLink            string
}

// evidencePanelFor builds a record page's evidence section.
func (s *Server) evidencePanelFor(r *http.Request, register, recordID string, editable bool) (evidencePanel, error) {
	p, _ := principalOf(r.Context())
	v := evidencePanel{Register: register, RecordID: recordID, Today: s.today(),
		CanWrite: editable && p.Role.Can(aims.PermWrite),
		NewLink:  "/evidence/new?" + url.Values{"register": {register}, "record_id": {recordID}}.Encode()}
	var err error
	if v.Items, err = s.store.EvidenceFor(r.Context(), p.OrgID, register, recordID); err != nil {
		return v, err
	}
	if v.CanWrite {
		all, err := s.store.EvidenceNames(r.Context(), p.OrgID)
		if err != nil {
			return v, err
		}
		attached := map[int64]bool{}
		for _, e := range v.Items {
			attached[e.ID] = true
		}
		for _, e := range all {
			if !attached[e.ID] {
				v.Choices = append(v.Choices, e)
			}
		}
	}
	return v, nil
}

// evidenceTypeNames lists the media types evidence files may have.
func evidenceTypeNames() []string {
	out := make([]string, len(aims.EvidenceTypes))
	for i, t := range aims.EvidenceTypes {
		out[i] = t.Type
	}
	return out
}

// formatSize shows a file size for people.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// shortHash shows the start of a SHA-256; the record page shows it whole.
func shortHash(h string) string {
	if utf8.RuneCountInString(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
