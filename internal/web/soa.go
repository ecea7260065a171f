package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/report"
)

// The Statement of Applicability (6.1.3 d) and the custom controls. The
// SoA's draft is what the registers hold now: an Annex A control's row is
// its gap entry plus a coded reason, a custom control's row is the custom
// control itself. Approving freezes a numbered version.

// annexA lists the 38 Annex A controls from the catalog, in the standard's
// order.
func (s *Server) annexA() []aims.SoAControl {
	var out []aims.SoAControl
	for _, r := range s.cat.Assessable(catalog.ISO42001) {
		if strings.HasPrefix(r.ID, "A.") {
			out = append(out, aims.SoAControl{Ref: r.ID, Title: r.Title})
		}
	}
	return out
}

// checkSupplements refuses IDs that are not Annex A controls of the catalog.
func (s *Server) checkSupplements(refs []string) error {
	for _, ref := range refs {
		req, ok := s.cat.Requirement(catalog.ISO42001, strings.TrimSpace(ref))
		if !ok || !req.Assessable || !strings.HasPrefix(req.ID, "A.") {
			return aims.Invalid("supplements", ref+" is not an Annex A control")
		}
	}
	return nil
}

// Custom controls.

func (s *Server) customControlHandlers() registerHandlers[aims.CustomControl] {
	return registerHandlers[aims.CustomControl]{s: s, base: "/custom-controls", api: "/api/v1/custom-controls", what: "custom control",
		get: s.store.CustomControl,
		create: func(ctx context.Context, p aims.Principal, v aims.CustomControl) (aims.CustomControl, error) {
			if err := s.checkSupplements(v.Supplements); err != nil {
				return v, err
			}
			return s.store.CreateCustomControl(ctx, p, v)
		},
		update: func(ctx context.Context, p aims.Principal, v aims.CustomControl) (aims.CustomControl, error) {
			if err := s.checkSupplements(v.Supplements); err != nil {
				return v, err
			}
			return s.store.UpdateCustomControl(ctx, p, v)
		},
		key:     func(v *aims.CustomControl) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.CustomControl) bool { return v.Archived },
		parse:   customControlFromForm, form: s.customControlForm}
}

func customControlRef(c aims.CustomControl) string { return c.Ref }

func customControlFilter(q url.Values, limit int) (aims.CustomControlFilter, error) {
	qr := newQueryReader(q)
	f := aims.CustomControlFilter{ListParams: qr.list(limit), Status: aims.GapStatus(qr.str("status")),
		OwnerID: qr.int64("owner_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type customControlsView struct {
	layout
	listNav
	Filter   aims.CustomControlFilter
	Page     aims.Page[aims.CustomControl]
	Statuses []aims.GapStatus
}

func (s *Server) customControlsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := customControlFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.CustomControls(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	title := "Custom controls"
	if f.Archived {
		title = "Archived custom controls"
	}
	v := customControlsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Statuses: aims.GapStatuses,
		listNav: newListNav("/custom-controls", "/custom-controls.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "custom_controls", v)
}

type customControlView struct {
	layout
	Control  aims.CustomControl
	Row      aims.SoARow
	Titles   map[string]string
	Evidence evidencePanel
	History  []historyRow
}

func (s *Server) customControlPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := lookup(r, s.store.CustomControl)
	if err != nil {
		return err
	}
	row := aims.SoARow{Ref: c.Ref, Applicable: c.Applicable, Reason: c.Reason, Justification: c.Justification, Status: c.Status}
	if !c.Archived {
		if row, err = s.store.SoARow(r.Context(), p.OrgID, nil, c.Ref); err != nil {
			return err
		}
	}
	history, err := s.history(r, aims.RegisterCustomControls, c.ID)
	if err != nil {
		return err
	}
	v := customControlView{layout: s.layoutFor(w, r, c.Ref+" "+c.Title), Control: c, Row: row, Titles: s.controlTitles(), History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterCustomControls, strconv.FormatInt(c.ID, 10), !c.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "custom_control", v)
}

// controlTitles maps each Annex A control to its title.
func (s *Server) controlTitles() map[string]string {
	m := map[string]string{}
	for _, c := range s.annexA() {
		m[c.Ref] = c.Title
	}
	return m
}

type customControlFormView struct {
	layout
	Control  aims.CustomControl
	New      bool
	Members  []aims.Member
	Controls []aims.SoAControl
	Reasons  []aims.SoAReason
	Statuses []aims.GapStatus
}

// Supplements reports whether the control supplements an Annex A control.
func (v customControlFormView) Supplements(ref string) bool {
	return contains(v.Control.Supplements, ref)
}

func (s *Server) customControlForm(w http.ResponseWriter, r *http.Request, status int, c aims.CustomControl, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "Edit " + c.Ref
	if isNew {
		title = "Add a custom control"
	}
	v := customControlFormView{layout: s.layoutFor(w, r, title), Control: c, New: isNew, Members: members.Items,
		Controls: s.annexA(), Reasons: aims.SoAIncludeReasons, Statuses: aims.SoAStatuses}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "custom_control_form", v)
}

func (s *Server) newCustomControlPage(w http.ResponseWriter, r *http.Request) error {
	return s.customControlForm(w, r, http.StatusOK, aims.CustomControl{Applicable: true, Status: aims.GapNotStarted}, true, formMessage{})
}

// soaFields reads the SoA part of a form: applicable yes or no, the reason,
// the justification and the status.
func soaFields(f url.Values, errs map[string]string) (bool, aims.SoAReason, string, aims.GapStatus) {
	applicable := true
	switch f.Get("applicable") {
	case "yes":
	case "no":
		applicable = false
	default:
		errs["applicable"] = "choose whether the control applies"
	}
	return applicable, aims.SoAReason(f.Get("reason")), f.Get("justification"), aims.GapStatus(f.Get("status"))
}

func customControlFromForm(r *http.Request) (aims.CustomControl, error) {
	var c aims.CustomControl
	if err := parseForm(r); err != nil {
		return c, err
	}
	f, errs := r.PostForm, map[string]string{}
	c.Title, c.Description, c.Objective = f.Get("title"), f.Get("description"), f.Get("objective")
	c.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	c.Supplements = append([]string{}, f["supplements"]...)
	c.Applicable, c.Reason, c.Justification, c.Status = soaFields(f, errs)
	return c, validationOf(errs)
}

func (s *Server) customControlsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := customControlFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "custom-controls", report.CustomControlColumns, func(fn func(aims.CustomControl) error) error {
		return s.store.EachCustomControl(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiCustomControls(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := customControlFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.CustomControls(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// The SoA.

type soaView struct {
	layout
	Rows      []aims.SoARow
	Problems  int
	Included  int
	Excluded  int
	Versions  []aims.SoAVersion
	Note      string
	AsOf      aims.Date
	CanChange bool
}

func (s *Server) soaPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSoA(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderSoA(w http.ResponseWriter, r *http.Request, status int, note string, fields map[string]string) error {
	p, _ := principalOf(r.Context())
	rows, err := s.store.SoA(r.Context(), p.OrgID, s.annexA())
	if err != nil {
		return err
	}
	versions, err := s.store.SoAVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := soaView{layout: s.layoutFor(w, r, "Statement of Applicability"), Rows: rows, Versions: versions, Note: note, AsOf: s.today()}
	for _, row := range rows {
		if len(row.Problems()) > 0 {
			v.Problems++
		}
		if row.Applicable {
			v.Included++
		} else {
			v.Excluded++
		}
	}
	v.Errors = fields
	if fields != nil {
		v.ErrorText = "The SoA was not approved. See below."
	}
	return s.render(w, r, status, "soa", v)
}

// soaRowView is one row of the draft with its edit form and history.
type soaRowView struct {
	layout
	Row        aims.SoARow
	Edit       aims.SoAEdit
	Members    []aims.Member
	Reasons    []aims.SoAReason
	Statuses   []aims.GapStatus
	Objective  string
	Evidence   evidencePanel
	SoAHistory []historyRow
	GapHistory []historyRow
}

func (s *Server) soaRowPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSoARow(w, r, http.StatusOK, nil, nil)
}

// renderSoARow shows a row; mine is the person's refused input.
func (s *Server) renderSoARow(w http.ResponseWriter, r *http.Request, status int, mine *aims.SoAEdit, err error) error {
	p, _ := principalOf(r.Context())
	ref := r.PathValue("id")
	row, gerr := s.store.SoARow(r.Context(), p.OrgID, s.annexA(), ref)
	if gerr != nil {
		return gerr
	}
	if row.Kind == aims.SoAKindCustom {
		http.Redirect(w, r, "/custom-controls/"+strconv.FormatInt(row.ID, 10), http.StatusSeeOther)
		return nil
	}
	members, merr := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	soaEvents, herr := s.store.History(r.Context(), p.OrgID, aims.RegisterSoA, ref)
	if herr != nil {
		return herr
	}
	gapEvents, herr := s.store.History(r.Context(), p.OrgID, aims.RegisterGap, ref)
	if herr != nil {
		return herr
	}
	edit := aims.SoAEdit{Ref: row.Ref, Applicable: row.Applicable, Reason: row.Reason, Justification: row.Justification,
		Status: row.Status, OwnerID: row.OwnerID, Version: row.Version}
	if edit.Status == aims.GapNotApplicable {
		edit.Status = aims.GapNotStarted
	}
	v := soaRowView{layout: s.layoutFor(w, r, row.Ref+" "+row.Title), Row: row, Edit: edit, Members: members.Items,
		Reasons: aims.SoAIncludeReasons, Statuses: aims.SoAStatuses,
		SoAHistory: historyRows(soaEvents, true), GapHistory: historyRows(gapEvents, true)}
	if req, ok := s.cat.Requirement(catalog.ISO42001, ref); ok {
		v.Objective = req.Description
	}
	if v.Evidence, gerr = s.evidencePanelFor(r, aims.RegisterGap, ref, true); gerr != nil {
		return gerr
	}
	if mine != nil {
		mine.Version = row.Version // saving again is a deliberate choice
		v.Edit = *mine
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The row was not saved. Correct the fields marked below."
	case errors.Is(err, aims.ErrConflict):
		v.ErrorText = "Someone else changed this control (here or in the gap analysis) while you were editing. Your input is below and was not saved; " +
			"the form now holds the latest version, so saving again keeps your input."
	}
	return s.render(w, r, status, "soa_row", v)
}

func soaEditFromForm(r *http.Request, ref string) (aims.SoAEdit, error) {
	e := aims.SoAEdit{Ref: ref}
	if err := parseForm(r); err != nil {
		return e, err
	}
	f, errs := r.PostForm, map[string]string{}
	var err error
	if e.Version, err = strconv.Atoi(f.Get("version")); err != nil || e.Version < 0 {
		return e, badRequest("The form does not carry the version of the row it edits. Reload the page and try again.")
	}
	e.Applicable, e.Reason, e.Justification, e.Status = soaFields(f, errs)
	e.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	return e, validationOf(errs)
}

func (s *Server) updateSoARowForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	ref := r.PathValue("id")
	if _, err := s.assessable(ref); err != nil || !strings.HasPrefix(ref, "A.") {
		return aims.ErrNotFound
	}
	e, err := soaEditFromForm(r, ref)
	if err == nil {
		if _, err = s.store.UpdateSoARow(r.Context(), p, s.annexA(), e); err == nil {
			return s.redirect(w, r, "/soa#row-"+ref, ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderSoARow(w, r, http.StatusUnprocessableEntity, &e, err)
	case errors.Is(err, aims.ErrConflict):
		return s.renderSoARow(w, r, http.StatusConflict, &e, err)
	}
	return err
}

func (s *Server) approveSoAForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	v, err := s.store.ApproveSoA(r.Context(), p, s.annexA(), aims.SoAApproval{Note: note})
	if err == nil {
		return s.redirect(w, r, "/soa/versions/"+strconv.FormatInt(v.ID, 10), "Statement of Applicability "+v.Label()+" approved.")
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.renderSoA(w, r, http.StatusUnprocessableEntity, note, ve.Fields)
	}
	return err
}

type soaVersionView struct {
	layout
	Version aims.SoAVersion
	Others  []aims.SoAVersion
}

func (s *Server) soaVersion(r *http.Request) (aims.SoAVersion, error) {
	return lookup(r, s.store.SoAVersion)
}

func (s *Server) soaVersionPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	v, err := s.soaVersion(r)
	if err != nil {
		return err
	}
	all, err := s.store.SoAVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "soa_version", soaVersionView{layout: s.layoutFor(w, r, "Statement of Applicability "+v.Label()),
		Version: v, Others: all})
}

// soaDoc is the SoA a report prints: version id 0 (or none) is the draft.
func (s *Server) soaDoc(r *http.Request, versionID string) (report.SoA, error) {
	p, _ := principalOf(r.Context())
	doc := report.SoA{Org: p.OrgName, AsOf: s.today()}
	if versionID == "" || versionID == "draft" {
		rows, err := s.store.SoA(r.Context(), p.OrgID, s.annexA())
		doc.Rows = rows
		return doc, err
	}
	id, err := strconv.ParseInt(versionID, 10, 64)
	if err != nil || id <= 0 {
		return doc, aims.ErrNotFound
	}
	v, err := s.store.SoAVersion(r.Context(), p.OrgID, id)
	if err != nil {
		return doc, err
	}
	doc.Version, doc.Rows, doc.AsOf = &v, v.Rows, v.ApprovedOn
	return doc, nil
}

func soaFileName(doc report.SoA) string {
	if doc.Version != nil {
		return fmt.Sprintf("soa-v%d-%s", doc.Version.Number, doc.Version.ApprovedOn)
	}
	return "soa-draft-" + doc.AsOf.String()
}

func (s *Server) writeSoACSV(w http.ResponseWriter, r *http.Request, versionID string) error {
	doc, err := s.soaDoc(r, versionID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+soaFileName(doc)+`.csv"`)
	var buf bytes.Buffer
	c, err := report.NewCSV(&buf, "soa", report.SoAColumns)
	if err != nil {
		return err
	}
	for _, row := range doc.Rows {
		if err := c.Write(report.SoALine{SoA: &doc, Row: row}); err != nil {
			return err
		}
	}
	if err := c.Close(); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) writeSoAPDF(w http.ResponseWriter, r *http.Request, versionID string) error {
	doc, err := s.soaDoc(r, versionID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.SoAPDF(&buf, s.now(), doc); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+soaFileName(doc)+`.pdf"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) soaCSV(w http.ResponseWriter, r *http.Request) error { return s.writeSoACSV(w, r, "") }
func (s *Server) soaPDF(w http.ResponseWriter, r *http.Request) error { return s.writeSoAPDF(w, r, "") }
func (s *Server) soaVersionCSV(w http.ResponseWriter, r *http.Request) error {
	return s.writeSoACSV(w, r, r.PathValue("id"))
}
func (s *Server) soaVersionPDF(w http.ResponseWriter, r *http.Request) error {
	return s.writeSoAPDF(w, r, r.PathValue("id"))
}

type soaCompareView struct {
	layout
	Old, New report.SoA
	A, B     string
	Rows     []aims.SoAComparison
	Changed  int
	Versions []aims.SoAVersion
	OnlyDiff bool
}

// soaCompare sets two versions side by side: a and b are version IDs or
// "draft"; by default the latest version against the draft.
func (s *Server) soaCompare(r *http.Request) (soaCompareView, error) {
	p, _ := principalOf(r.Context())
	versions, err := s.store.SoAVersions(r.Context(), p.OrgID)
	if err != nil {
		return soaCompareView{}, err
	}
	q := r.URL.Query()
	a, b := q.Get("a"), q.Get("b")
	if b == "" {
		b = "draft"
	}
	if a == "" {
		a = "draft"
		if len(versions) > 0 {
			a = strconv.FormatInt(versions[0].ID, 10)
		}
	}
	old, err := s.soaDoc(r, a)
	if err != nil {
		return soaCompareView{}, badRequest("a must be a version of this organization's SoA or draft")
	}
	nw, err := s.soaDoc(r, b)
	if err != nil {
		return soaCompareView{}, badRequest("b must be a version of this organization's SoA or draft")
	}
	v := soaCompareView{Old: old, New: nw, A: a, B: b, Rows: aims.CompareSoA(old.Rows, nw.Rows), Versions: versions, OnlyDiff: q.Get("changed") != ""}
	for _, c := range v.Rows {
		if c.Changed() {
			v.Changed++
		}
	}
	return v, nil
}

func (s *Server) soaComparePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.soaCompare(r)
	if err != nil {
		return err
	}
	v.layout = s.layoutFor(w, r, "Compare SoA versions")
	return s.render(w, r, http.StatusOK, "soa_compare", v)
}

// The SoA's API.

func (s *Server) apiSoA(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rows, err := s.store.SoA(r.Context(), p.OrgID, s.annexA())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.SoARow]{Items: rows, Total: len(rows)})
}

func (s *Server) apiSoARow(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	row, err := s.store.SoARow(r.Context(), p.OrgID, s.annexA(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, row)
}

func (s *Server) apiUpdateSoARow(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	ref := r.PathValue("id")
	if !strings.HasPrefix(ref, "A.") {
		if strings.HasPrefix(ref, "CC-") {
			return aims.Invalid("ref", "a custom control's row is the custom control: PUT /api/v1/custom-controls/{id}")
		}
		return aims.ErrNotFound
	}
	var e aims.SoAEdit
	if err := decodeJSON(r, &e); err != nil {
		return err
	}
	if e.Ref != "" && e.Ref != ref {
		return aims.Invalid("ref", "does not match the control in the address")
	}
	e.Ref = ref
	row, err := s.store.UpdateSoARow(r.Context(), p, s.annexA(), e)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, row)
}

func (s *Server) apiSoARowHistory(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	ref := r.PathValue("id")
	if _, err := s.store.SoARow(r.Context(), p.OrgID, s.annexA(), ref); err != nil {
		return err
	}
	events, err := s.store.History(r.Context(), p.OrgID, aims.RegisterSoA, ref)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
}

func (s *Server) apiApproveSoA(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var a aims.SoAApproval
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	v, err := s.store.ApproveSoA(r.Context(), p, s.annexA(), a)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/soa/versions/"+strconv.FormatInt(v.ID, 10))
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiSoAVersions(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	vs, err := s.store.SoAVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.SoAVersion]{Items: vs, Total: len(vs)})
}

func (s *Server) apiSoAVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.soaVersion(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// soaComparison is the API's answer to a comparison.
type soaComparison struct {
	A       string               `json:"a"`
	B       string               `json:"b"`
	Changed int                  `json:"changed"`
	Rows    []aims.SoAComparison `json:"rows"`
}

func (s *Server) apiSoACompare(w http.ResponseWriter, r *http.Request) error {
	v, err := s.soaCompare(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, soaComparison{A: v.Old.Label(), B: v.New.Label(), Changed: v.Changed, Rows: v.Rows})
}

// Example bodies of the SoA's and custom controls' write routes.

func customControlFormExample(ex example) any {
	return url.Values{"title": {"Adverse-action reason codes"}, "objective": {"Every declined applicant learns the main reasons."},
		"supplements": {"A.8.2"}, "applicable": {"yes"}, "reason": {"obligation"}, "status": {"partial"},
		"justification": {"Consumer credit law requires the main reasons for a refusal."}, "version": {strconv.Itoa(ex.Version)}}
}

func customControlJSONExample(ex example) any {
	return aims.CustomControl{Title: "Human review of declined applications", Supplements: []string{"A.9.4"}, Applicable: true,
		Reason: aims.ReasonGoodPractice, Justification: "Good practice for automated refusals, beyond what A.9.4 asks.", Status: aims.GapImplemented, Version: ex.Version}
}

func soaRowFormExample(ex example) any {
	return url.Values{"applicable": {"yes"}, "reason": {"obligation"}, "status": {"partial"},
		"justification": {"The lending supervisor's model risk guidance requires it."}, "version": {strconv.Itoa(ex.Version)}}
}

func soaRowJSONExample(ex example) any {
	return aims.SoAEdit{Applicable: true, Reason: aims.ReasonObligation, Status: aims.GapImplemented,
		Justification: "The lending supervisor's model risk guidance requires it.", Version: ex.Version}
}

func soaApproveFormExample(example) any { return url.Values{"note": {"Annual review of the SoA."}} }

func soaApproveJSONExample(example) any { return aims.SoAApproval{Note: "Annual review of the SoA."} }

var customControlParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.CustomControlSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"status", "string", "Implementation status.", enumStrings(aims.GapStatuses)},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"archived", "boolean", "List archived custom controls instead.", nil},
)

var soaCompareParams = []queryParam{
	{"a", "string", "The older side: a version's ID or draft (default: the latest version).", nil},
	{"b", "string", "The newer side: a version's ID or draft (default: draft).", nil},
}
