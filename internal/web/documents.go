package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// documentAt reads the document the path's {id} names, in the acting
// organization; editable additionally refuses an archived one.
func (s *Server) documentAt(r *http.Request, editable bool) (aims.Document, error) {
	d, err := lookup(r, s.store.Document)
	if err == nil && editable && d.Archived {
		return d, aims.ErrArchived
	}
	return d, err
}

func documentRef(d aims.Document) string { return d.Ref }

// stepError turns a workflow step refused by the version's state into a
// 409 that says which state it is in; anything else passes unchanged.
func stepError(err error) error {
	var se *aims.StateError
	if errors.As(err, &se) {
		return &httpError{status: http.StatusConflict, msg: "Not possible now: " + se.Msg + "."}
	}
	return err
}

// documentFilter reads the register's filters from a query string.
func documentFilter(q url.Values, today aims.Date, limit int) (aims.DocumentFilter, error) {
	qr := newQueryReader(q)
	f := aims.DocumentFilter{
		ListParams: qr.list(limit),
		Kind:       aims.DocKind(qr.str("kind")),
		Origin:     aims.Origin(qr.str("origin")),
		OwnerID:    qr.int64("owner_id"),
		State:      aims.DocState(qr.str("state")),
		Overdue:    qr.bool("overdue"),
		Archived:   qr.bool("archived"),
		Today:      today,
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type documentsView struct {
	layout
	listNav
	Filter  aims.DocumentFilter
	Page    aims.Page[aims.Document]
	Members []aims.Member
	Kinds   []aims.DocKind
	States  []aims.DocState
	Origins []aims.Origin
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := documentFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Documents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Documents"
	if f.Archived {
		title = "Archived documents"
	}
	v := documentsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items,
		listNav: newListNav("/documents", "/api/v1/documents.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Kinds:   aims.DocKinds, States: aims.DocStates, Origins: aims.Origins}
	return s.render(w, r, http.StatusOK, "documents", v)
}

func (s *Server) documentsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := documentFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "documents", report.DocumentColumns, func(fn func(aims.Document) error) error {
		return s.store.EachDocument(r.Context(), p.OrgID, f, fn)
	})
}

// commitmentRow is one line of the AI policy checklist on a page.
type commitmentRow struct {
	aims.Commitment
	Ticked bool
}

func commitmentRows(v aims.DocumentVersion) []commitmentRow {
	out := make([]commitmentRow, len(aims.PolicyCommitments))
	for i, c := range aims.PolicyCommitments {
		out[i] = commitmentRow{c, v.Covers(c.Key)}
	}
	return out
}

type documentView struct {
	layout
	Evidence    evidencePanel // files and links attached to the document
	Doc         aims.Document
	Shown       aims.DocumentVersion // the version on the page, with its text
	HTML        template.HTML        // its text, rendered safely
	Open        *aims.DocumentVersion
	Versions    []aims.DocumentVersion
	Commitments []commitmentRow
	History     []historyRow
	Overdue     bool
	Reserved    string // who alone may approve this kind, or ""
	// Retention: the kind's period in months (0: kept for ever) and the
	// first day each superseded version may be disposed of, by number.
	Retention  int
	Disposable map[int]aims.Date
}

// DisposableNow reports whether a version may be disposed of today.
func (v documentView) DisposableNow(n int) bool {
	on, ok := v.Disposable[n]
	return ok && !on.IsZero() && !v.Today.Before(on) && v.Doc.LegalHold == ""
}

// markdownHTML renders a version's Markdown through the safe renderer, the
// only place a document's text becomes trusted HTML.
func markdownHTML(src string) (template.HTML, error) {
	out, err := report.MarkdownHTML(src)
	return template.HTML(out), err
}

// shownNumber picks the version a page shows: the one asked for (?v=n),
// else the open version, else the approved one.
func shownNumber(r *http.Request, d aims.Document) (int, error) {
	if q := r.URL.Query().Get("v"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			return 0, aims.ErrNotFound
		}
		return n, nil
	}
	return d.CurrentNumber, nil
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	n, err := shownNumber(r, d)
	if err != nil {
		return err
	}
	shown, err := s.store.DocumentVersion(r.Context(), p.OrgID, d.ID, n)
	if err != nil {
		return err
	}
	versions, err := s.store.DocumentVersions(r.Context(), p.OrgID, d.ID)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterDocuments, d.ID)
	if err != nil {
		return err
	}
	html, err := markdownHTML(shown.Content)
	if err != nil {
		return err
	}
	v := documentView{layout: s.layoutFor(w, r, d.Ref+" "+d.Title), Doc: d, Shown: shown, HTML: html, Versions: versions,
		History: history, Overdue: d.ReviewOverdue(s.today()), Commitments: commitmentRows(shown)}
	for i := range versions {
		if versions[i].State.Open() {
			open := versions[i]
			if open.Number == shown.Number {
				open = shown
			}
			v.Open = &open
		}
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterDocuments, strconv.FormatInt(d.ID, 10), !d.Archived); err != nil {
		return err
	}
	rules, err := s.store.RetentionRules(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v.Retention, v.Disposable = rules[d.Kind], map[int]aims.Date{}
	for _, ver := range versions {
		if ver.State == aims.StateSuperseded && ver.DisposedAt == nil {
			v.Disposable[ver.Number] = aims.DisposableOn(aims.DateOf(ver.UpdatedAt), v.Retention)
		}
	}
	if a := d.Kind.Approval(); a != "" {
		v.Reserved = "Reserved to top management: " + a.Label() + ". Only a person designated to it may approve a version, and the approval names the designation."
	}
	return s.render(w, r, http.StatusOK, "document", v)
}

type documentFormView struct {
	layout
	Doc           aims.Document
	New           bool
	Content       string
	ChangeSummary string
	Template      bool
	Members       []aims.Member
	Kinds         []aims.DocKind
	Origins       []aims.Origin
	Templates     []aims.DocKind
}

func (s *Server) documentForm(w http.ResponseWriter, r *http.Request, status int, v documentFormView, err error) error {
	p, _ := principalOf(r.Context())
	members, merr := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	title := "Edit " + v.Doc.Ref
	if v.New {
		title = "New document"
	}
	v.layout, v.Members, v.Kinds, v.Origins = s.layoutFor(w, r, title), members.Items, aims.DocKinds, aims.Origins
	for _, k := range aims.DocKinds {
		if aims.HasTemplate(k) {
			v.Templates = append(v.Templates, k)
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The document was not saved. Correct the fields marked below."
	}
	return s.render(w, r, status, "document_form", v)
}

func (s *Server) newDocumentPage(w http.ResponseWriter, r *http.Request) error {
	kind := aims.DocKind(r.URL.Query().Get("kind"))
	if !kind.Valid() {
		kind = aims.KindAIPolicy
	}
	return s.documentForm(w, r, http.StatusOK, documentFormView{New: true, Template: true,
		Doc: aims.Document{Kind: kind, Origin: aims.OriginInternal, ReviewIntervalMonths: 12}}, nil)
}

// documentFromForm reads the document's own fields from a form.
func documentFromForm(r *http.Request, base aims.Document) (aims.Document, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	d := base
	errs := map[string]string{}
	d.Title, d.Kind, d.Origin = f.Get("title"), aims.DocKind(f.Get("kind")), aims.Origin(f.Get("origin"))
	d.Issuer, d.ExternalRef, d.RelatedPolicies = f.Get("issuer"), f.Get("external_ref"), f.Get("related_policies")
	var err error
	if d.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if d.ReviewIntervalMonths, err = strconv.Atoi(strings.TrimSpace(f.Get("review_interval_months"))); err != nil {
		errs["review_interval_months"] = "must be a whole number of months"
	}
	d.Version = 0
	if len(errs) > 0 {
		return d, &aims.ValidationError{Fields: errs}
	}
	return d, nil
}

func (s *Server) createDocumentForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := documentFromForm(r, aims.Document{})
	in := aims.NewDocument{Document: d, Content: r.PostForm.Get("content"), ChangeSummary: r.PostForm.Get("change_summary"),
		Template: r.PostForm.Get("template") == "on", Commitments: r.PostForm["commitments"]}
	if err == nil {
		var created aims.Document
		if created, err = s.store.CreateDocument(r.Context(), p, in); err == nil {
			return s.redirect(w, r, "/documents/"+strconv.FormatInt(created.ID, 10), created.Ref+" created with a first draft.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.documentForm(w, r, http.StatusUnprocessableEntity, documentFormView{New: true, Doc: d, Content: in.Content,
			ChangeSummary: in.ChangeSummary, Template: in.Template}, err)
	}
	return err
}

func (s *Server) editDocumentPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentAt(r, true)
	if err != nil {
		return err
	}
	return s.documentForm(w, r, http.StatusOK, documentFormView{Doc: d}, nil)
}

func (s *Server) updateDocumentForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	d, err := documentFromForm(r, current)
	d.Version = version
	if err == nil {
		var saved aims.Document
		if saved, err = s.store.UpdateDocument(r.Context(), p, d); err == nil {
			return s.redirect(w, r, "/documents/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.documentForm(w, r, http.StatusUnprocessableEntity, documentFormView{Doc: d}, err)
	}
	return err
}

type draftFormView struct {
	layout
	Doc         aims.Document
	Draft       aims.DocumentVersion
	Commitments []commitmentRow
	Stale       bool
}

func (s *Server) draftForm(w http.ResponseWriter, r *http.Request, status int, d aims.Document, v aims.DocumentVersion, err error) error {
	view := draftFormView{layout: s.layoutFor(w, r, "Edit the draft of "+d.Ref), Doc: d, Draft: v, Commitments: commitmentRows(v)}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		view.Errors, view.ErrorText = ve.Fields, "The draft was not saved. Correct the fields marked below."
	case err != nil:
		view.Stale = true
		view.ErrorText = "Someone else changed this draft while you were editing, so yours was not saved. Your text is below; " +
			"open the document to see theirs, then save again to keep yours."
	}
	return s.render(w, r, status, "document_draft", view)
}

func (s *Server) editDraftPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, true)
	if err != nil {
		return err
	}
	v, err := s.store.DocumentVersion(r.Context(), p.OrgID, d.ID, d.CurrentNumber)
	if err != nil {
		return err
	}
	if v.State != aims.StateDraft {
		return stepError(&aims.StateError{Msg: "version " + strconv.Itoa(v.Number) + " is " + strings.ToLower(v.State.Label()) +
			"; only a draft can be edited"})
	}
	return s.draftForm(w, r, http.StatusOK, d, v, nil)
}

func (s *Server) editDraftForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	e := aims.DraftEdit{Version: version, Content: r.PostForm.Get("content"), ChangeSummary: r.PostForm.Get("change_summary"),
		Commitments: r.PostForm["commitments"]}
	saved, err := s.store.EditDraft(r.Context(), p, d.ID, e)
	if err == nil {
		return s.redirect(w, r, "/documents/"+strconv.FormatInt(d.ID, 10), fmt.Sprintf("%s version %d saved.", d.Ref, saved.Number))
	}
	mine := aims.DocumentVersion{Number: d.CurrentNumber, Version: version, State: aims.StateDraft, Content: e.Content,
		ChangeSummary: e.ChangeSummary, Commitments: e.Commitments}
	var ve *aims.ValidationError
	var se *aims.StateError
	switch {
	case errors.As(err, &ve):
		return s.draftForm(w, r, http.StatusUnprocessableEntity, d, mine, err)
	case errors.As(err, &se) || errors.Is(err, aims.ErrArchived):
		return stepError(err)
	case errors.Is(err, aims.ErrConflict):
		if cur, cerr := s.store.DocumentVersion(r.Context(), p.OrgID, d.ID, d.CurrentNumber); cerr == nil {
			mine.Version = cur.Version // saving again is a deliberate choice after seeing theirs
		}
		return s.draftForm(w, r, http.StatusConflict, d, mine, err)
	}
	return err
}

// stepForm is a workflow button: submit, return, approve.
func (s *Server) stepForm(do func(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error), done string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		d, err := s.documentAt(r, false)
		if err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		v, err := do(r, p, d.ID, aims.DocumentStep{Version: version, Note: r.PostForm.Get("note")})
		if err != nil {
			return stepError(err)
		}
		return s.redirect(w, r, "/documents/"+strconv.FormatInt(d.ID, 10), fmt.Sprintf("%s version %d %s.", d.Ref, v.Number, done))
	}
}

func (s *Server) submitStep(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.store.SubmitDocument(r.Context(), p, id, st)
}

func (s *Server) returnStep(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.store.ReturnDocument(r.Context(), p, id, st)
}

func (s *Server) approveStep(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.store.ApproveDocument(r.Context(), p, id, st)
}

func (s *Server) newVersionStep(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error) {
	return s.store.NewDocumentVersion(r.Context(), p, id, st.Version)
}

// documentVersionFor reads version ?v=n of the document the path names,
// defaulting to def when the query names none.
func (s *Server) documentVersionFor(r *http.Request, param string, def int) (aims.Document, aims.DocumentVersion, error) {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return d, aims.DocumentVersion{}, err
	}
	n := def
	if q := r.URL.Query().Get(param); q != "" {
		if n, err = strconv.Atoi(q); err != nil || n < 1 {
			return d, aims.DocumentVersion{}, badRequest("The version number in " + param + " must be a whole number from 1.")
		}
	}
	if n == 0 {
		return d, aims.DocumentVersion{}, &httpError{status: http.StatusNotFound, msg: "This document has no approved version yet."}
	}
	v, err := s.store.DocumentVersion(r.Context(), p.OrgID, d.ID, n)
	return d, v, err
}

// documentPDF downloads an approved or superseded version (?v=n; the
// approved one by default) as a PDF.
func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	d, v, err := s.documentVersionFor(r, "v", d.ApprovedNumber)
	if err != nil {
		return err
	}
	if !v.State.Frozen() {
		return &httpError{status: http.StatusConflict, msg: fmt.Sprintf("Version %d is %s; only approved and superseded versions are printed.",
			v.Number, strings.ToLower(v.State.Label()))}
	}
	var buf bytes.Buffer
	if err := report.DocumentPDF(&buf, p.OrgName, d, v, s.now()); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.pdf"`, d.Ref, v.Number))
	_, err = w.Write(buf.Bytes())
	return err
}

type compareView struct {
	layout
	Doc       aims.Document
	A, B      aims.DocumentVersion
	Rows      []report.DiffRow
	TooLarge  bool
	Versions  []aims.DocumentVersion
	Added     int
	Removed   int
	Unchanged int
}

// comparePage shows two versions side by side (?a=1&b=3; by default the
// approved version against the latest).
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	defA := max(d.ApprovedNumber, 1)
	if defA == d.CurrentNumber && defA > 1 {
		defA--
	}
	_, a, err := s.documentVersionFor(r, "a", defA)
	if err != nil {
		return err
	}
	_, b, err := s.documentVersionFor(r, "b", d.CurrentNumber)
	if err != nil {
		return err
	}
	versions, err := s.store.DocumentVersions(r.Context(), p.OrgID, d.ID)
	if err != nil {
		return err
	}
	v := compareView{layout: s.layoutFor(w, r, fmt.Sprintf("%s: version %d and version %d", d.Ref, a.Number, b.Number)),
		Doc: d, A: a, B: b, Versions: versions}
	rows, ok := report.LineDiff(a.Content, b.Content)
	v.Rows, v.TooLarge = rows, !ok
	for _, row := range rows {
		switch row.Op {
		case report.DiffAdded:
			v.Added++
		case report.DiffRemoved:
			v.Removed++
		default:
			v.Unchanged++
		}
	}
	return s.render(w, r, http.StatusOK, "document_compare", v)
}

// The API.

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := documentFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Documents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiCreateDocument(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.NewDocument
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.CreateDocument(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/documents/"+strconv.FormatInt(d.ID, 10))
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiUpdateDocument(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	var in aims.Document
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
	d, err := s.store.UpdateDocument(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiDocumentVersions(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	versions, err := s.store.DocumentVersions(r.Context(), p.OrgID, d.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.DocumentVersion]{Items: versions, Total: len(versions)})
}

// apiDocumentText answers one version with its Markdown (?number=n; the
// latest by default).
func (s *Server) apiDocumentText(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	_, v, err := s.documentVersionFor(r, "number", d.CurrentNumber)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiEditDraft(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := s.documentAt(r, false)
	if err != nil {
		return err
	}
	var in aims.DraftEdit
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version of the draft you read")
	}
	v, err := s.store.EditDraft(r.Context(), p, d.ID, in)
	if err != nil {
		return stepError(err)
	}
	return writeJSON(w, http.StatusOK, v)
}

// apiStep is a workflow step of the API: a body {"version": n, "note": …}.
func (s *Server) apiStep(do func(r *http.Request, p aims.Principal, id int64, st aims.DocumentStep) (aims.DocumentVersion, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		d, err := s.documentAt(r, false)
		if err != nil {
			return err
		}
		var in aims.DocumentStep
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if in.Version == 0 {
			return aims.Invalid("version", "is required: send the version you read")
		}
		v, err := do(r, p, d.ID, in)
		if err != nil {
			return stepError(err)
		}
		return writeJSON(w, http.StatusOK, v)
	}
}
