package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// The context of the organization (4.1): the context issues register and,
// at the top of its page, the organization's context statement.

func (s *Server) contextIssueAt(r *http.Request, editable bool) (aims.ContextIssue, error) {
	c, err := lookup(r, s.store.ContextIssue)
	if err == nil && editable && c.Archived {
		return c, aims.ErrArchived
	}
	return c, err
}

func contextIssueRef(c aims.ContextIssue) string { return c.Ref }

func contextIssueFilter(q url.Values, limit int) (aims.ContextIssueFilter, error) {
	qr := newQueryReader(q)
	f := aims.ContextIssueFilter{
		ListParams: qr.list(limit),
		Origin:     aims.IssueOrigin(qr.str("origin")),
		Category:   aims.IssueCategory(qr.str("category")),
		AISystemID: qr.int64("ai_system_id"),
		OwnerID:    qr.int64("owner_id"),
		Archived:   qr.bool("archived"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func (s *Server) apiContextIssues(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := contextIssueFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ContextIssues(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) contextIssuesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := contextIssueFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "context-issues", report.ContextIssueColumns, func(fn func(aims.ContextIssue) error) error {
		return s.store.EachContextIssue(r.Context(), p.OrgID, f, fn)
	})
}

// contextStatementView is the statement's part of the context issues page.
type contextStatementView struct {
	Statement aims.ContextStatement
	Roles     []aims.AIRole
	Climates  []aims.Climate
	History   []historyRow
}

type contextIssuesView struct {
	layout
	listNav
	contextStatementView
	Filter     aims.ContextIssueFilter
	Page       aims.Page[aims.ContextIssue]
	Members    []aims.Member
	Systems    []aims.AISystem
	Origins    []aims.IssueOrigin
	Categories []aims.IssueCategory
}

func (s *Server) contextIssuesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderContextIssues(w, r, http.StatusOK, nil, nil, "")
}

// renderContextIssues shows the list and the statement; mine is the
// statement as the person typed it when a save was refused.
func (s *Server) renderContextIssues(w http.ResponseWriter, r *http.Request, status int, mine *aims.ContextStatement, fields map[string]string, msg string) error {
	p, _ := principalOf(r.Context())
	f, err := contextIssueFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.ContextIssues(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	st, err := s.store.ContextStatement(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	if mine != nil {
		mine.UpdatedAt, mine.UpdatedBy = st.UpdatedAt, st.UpdatedBy
		st = *mine
	}
	history, err := s.history(r, aims.RegisterContext, p.OrgID)
	if err != nil {
		return err
	}
	title := "Context of the organization"
	if f.Archived {
		title = "Archived context issues"
	}
	v := contextIssuesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Systems: systems,
		listNav: newListNav("/context-issues", "/api/v1/context-issues.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		contextStatementView: contextStatementView{Statement: st, Roles: aims.ContextRoles,
			Climates: []aims.Climate{aims.ClimateUndecided, aims.ClimateRelevant, aims.ClimateNotRelevant}, History: history},
		Origins: aims.IssueOrigins, Categories: aims.IssueCategories}
	v.Errors, v.ErrorText = fields, msg
	return s.render(w, r, status, "context_issues", v)
}

type contextIssueView struct {
	layout
	Issue   aims.ContextIssue
	History []historyRow
}

func (s *Server) contextIssuePage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.contextIssueAt(r, false)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterContextIssues, c.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "context_issue", contextIssueView{layout: s.layoutFor(w, r, c.Ref+" "+c.Title), Issue: c, History: history})
}

type contextIssueFormView struct {
	layout
	Issue      aims.ContextIssue
	New        bool
	Members    []aims.Member
	Systems    []aims.AISystem
	Origins    []aims.IssueOrigin
	Categories []aims.IssueCategory
}

// LinksSystem reports whether the issue names an AI system.
func (v contextIssueFormView) LinksSystem(id int64) bool {
	for _, l := range v.Issue.AISystems {
		if l.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) contextIssueForm(w http.ResponseWriter, r *http.Request, status int, c aims.ContextIssue, isNew bool, err error) error {
	p, _ := principalOf(r.Context())
	members, merr := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	systems, serr := s.store.AISystemNames(r.Context(), p.OrgID)
	if serr != nil {
		return serr
	}
	listed := map[int64]bool{}
	for _, a := range systems {
		listed[a.ID] = true
	}
	for _, l := range c.AISystems { // an archived system it names stays choosable
		if !listed[l.ID] && l.Ref != "" {
			systems = append(systems, aims.AISystem{ID: l.ID, Ref: l.Ref, Name: l.Name})
		}
	}
	title := "Edit " + c.Ref
	if isNew {
		title = "Record a context issue"
	}
	v := contextIssueFormView{layout: s.layoutFor(w, r, title), Issue: c, New: isNew, Members: members.Items, Systems: systems,
		Origins: aims.IssueOrigins, Categories: aims.IssueCategories}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The context issue was not saved. Correct the fields marked below."
	case errors.Is(err, aims.ErrConflict):
		v.ErrorText = "Someone else saved this context issue while you were editing. Your changes are below and were not saved; " +
			"open the record in another tab to compare, then save again to keep yours."
	}
	return s.render(w, r, status, "context_issue_form", v)
}

func (s *Server) newContextIssuePage(w http.ResponseWriter, r *http.Request) error {
	return s.contextIssueForm(w, r, http.StatusOK, aims.ContextIssue{Origin: aims.IssueExternal}, true, nil)
}

func contextIssueFromForm(r *http.Request, base aims.ContextIssue) (aims.ContextIssue, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	c := base
	errs := map[string]string{}
	c.Title, c.Description, c.Effect = f.Get("title"), f.Get("description"), f.Get("effect")
	c.Origin, c.Category = aims.IssueOrigin(f.Get("origin")), aims.IssueCategory(f.Get("category"))
	var err error
	if c.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if c.ReviewDate, err = aims.ParseDate(strings.TrimSpace(f.Get("review_date"))); err != nil {
		errs["review_date"] = "must be a date (YYYY-MM-DD)"
	}
	c.AISystems = []aims.Link{}
	for _, v := range f["ai_systems"] {
		id, err := formID(v)
		if err != nil || id == 0 {
			errs["ai_systems"] = "must be AI systems of the list"
			continue
		}
		c.AISystems = append(c.AISystems, aims.Link{ID: id})
	}
	c.Version = 0
	if len(errs) > 0 {
		return c, &aims.ValidationError{Fields: errs}
	}
	return c, nil
}

func (s *Server) createContextIssueForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := contextIssueFromForm(r, aims.ContextIssue{})
	if err == nil {
		var created aims.ContextIssue
		if created, err = s.store.CreateContextIssue(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/context-issues/"+strconv.FormatInt(created.ID, 10), created.Ref+" recorded.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.contextIssueForm(w, r, http.StatusUnprocessableEntity, c, true, err)
	}
	return err
}

func (s *Server) editContextIssuePage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.contextIssueAt(r, true)
	if err != nil {
		return err
	}
	return s.contextIssueForm(w, r, http.StatusOK, c, false, nil)
}

func (s *Server) updateContextIssueForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.contextIssueAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	c, err := contextIssueFromForm(r, current)
	c.Version = version
	if err == nil {
		var saved aims.ContextIssue
		if saved, err = s.store.UpdateContextIssue(r.Context(), p, c); err == nil {
			return s.redirect(w, r, "/context-issues/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.contextIssueForm(w, r, http.StatusUnprocessableEntity, c, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		saved, gerr := s.store.ContextIssue(r.Context(), p.OrgID, c.ID)
		if gerr != nil {
			return gerr
		}
		c.Version = saved.Version // saving again is a deliberate choice
		return s.contextIssueForm(w, r, http.StatusConflict, c, false, err)
	}
	return err
}

// The context statement.

func (s *Server) apiContextStatement(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := s.store.ContextStatement(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiUpdateContextStatement(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.ContextStatement
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.UpdateContextStatement(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiContextStatementHistory(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	events, err := s.store.History(r.Context(), p.OrgID, aims.RegisterContext, strconv.FormatInt(p.OrgID, 10))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
}

// updateContextStatementForm saves the statement form of the context
// issues page. Its version is 0 before the first save.
func (s *Server) updateContextStatementForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 0 {
		return badRequest("The form does not carry the version of the statement it edits. Reload the page and try again.")
	}
	c := aims.ContextStatement{Version: version, RolesNote: f.Get("roles_note"),
		ClimateRelevant: aims.Climate(f.Get("climate_relevant")), ClimateReasoning: f.Get("climate_reasoning"), Roles: []aims.AIRole{}}
	for _, role := range f["roles"] {
		c.Roles = append(c.Roles, aims.AIRole(role))
	}
	if c.LastReviewed, err = aims.ParseDate(strings.TrimSpace(f.Get("last_reviewed"))); err != nil {
		err = aims.Invalid("last_reviewed", "must be a date (YYYY-MM-DD)")
	} else if _, err = s.store.UpdateContextStatement(r.Context(), p, c); err == nil {
		return s.redirect(w, r, "/context-issues", "Context statement saved.")
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		c.Normalize()
		return s.renderContextIssues(w, r, http.StatusUnprocessableEntity, &c, ve.Fields, "The context statement was not saved. Correct the fields marked below.")
	case errors.Is(err, aims.ErrConflict):
		current, cerr := s.store.ContextStatement(r.Context(), p.OrgID)
		if cerr != nil {
			return cerr
		}
		c.Normalize()
		c.Version = current.Version
		return s.renderContextIssues(w, r, http.StatusConflict, &c, nil, "Someone else saved the context statement while you were editing (by "+
			current.UpdatedBy+" at "+current.UpdatedAt.Format("15:04 UTC")+"). Your input is below and was not saved; save again to replace theirs.")
	}
	return err
}

// contextStatementPage is where the gap analysis and the audit log link
// the statement: it lives at the top of the context issues page.
func (s *Server) contextStatementPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if id, err := pathID(r, "id"); err != nil || id != p.OrgID {
		return aims.ErrNotFound
	}
	http.Redirect(w, r, "/context-issues#context-statement", http.StatusSeeOther)
	return nil
}

// contextIssueAPI is the register's API read, create and update handlers.
func (s *Server) contextIssueAPI() registerHandlers[aims.ContextIssue] {
	return registerHandlers[aims.ContextIssue]{s: s, api: "/api/v1/context-issues", get: s.store.ContextIssue,
		create: s.store.CreateContextIssue,
		update: s.store.UpdateContextIssue,
		key:    func(v *aims.ContextIssue) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version }}
}
