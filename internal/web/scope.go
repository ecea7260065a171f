package web

import (
	"errors"
	"net/http"
	"strconv"

	"aims/internal/aims"
)

// The AIMS scope (clause 4.3): one statement per organization, shown the
// way a certification auditor reads it, with the inventory's AI systems in
// and out of scope beside the reasons for leaving some out.

// scopeSystem is one live AI system of the inventory as the scope page
// shows it: out-of-scope systems carry their exclusion reason, or are
// flagged for having none.
type scopeSystem struct {
	aims.AISystem
	Reason string
}

type scopeView struct {
	layout
	Statement  aims.ScopeStatement
	InScope    []scopeSystem
	OutOfScope []scopeSystem
	Missing    int // out-of-scope systems without a reason
	Documents  []aims.Document
	Issues     []aims.ContextIssue
	Obligs     []aims.Obligation
	Parties    []aims.Party
	Blanks     []int // empty rows the form offers for new units and sites
	History    []historyRow
}

// Linked reports whether id is among links, for the form's checkboxes.
func (v scopeView) Linked(links []aims.Link, id int64) bool {
	for _, l := range links {
		if l.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) scopePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderScope(w, r, http.StatusOK, nil, nil, "")
}

// renderScope shows the statement; mine is the statement as the person
// typed it when a save was refused.
func (s *Server) renderScope(w http.ResponseWriter, r *http.Request, status int, mine *aims.ScopeStatement, fields map[string]string, msg string) error {
	p, _ := principalOf(r.Context())
	ctx := r.Context()
	st, err := s.store.ScopeStatement(ctx, p.OrgID)
	if err != nil {
		return err
	}
	if mine != nil {
		mine.UpdatedAt, mine.UpdatedBy, mine.Document = st.UpdatedAt, st.UpdatedBy, st.Document
		st = *mine
	}
	systems, err := s.store.ScopeSystems(ctx, p.OrgID)
	if err != nil {
		return err
	}
	v := scopeView{layout: s.layoutFor(w, r, "AIMS scope"), Statement: st, Blanks: []int{1, 2}}
	reasons := map[int64]string{}
	for _, e := range st.Exclusions {
		reasons[e.AISystemID] = e.Reason
	}
	for _, a := range systems {
		if a.InScope {
			v.InScope = append(v.InScope, scopeSystem{AISystem: a})
			continue
		}
		v.OutOfScope = append(v.OutOfScope, scopeSystem{AISystem: a, Reason: reasons[a.ID]})
		if reasons[a.ID] == "" {
			v.Missing++
		}
	}
	if v.Can("write") {
		limit := aims.ListParams{Limit: aims.MaxLimit}
		docs, err := s.store.Documents(ctx, p.OrgID, aims.DocumentFilter{ListParams: limit, Kind: aims.KindScope})
		if err != nil {
			return err
		}
		issues, err := s.store.ContextIssues(ctx, p.OrgID, aims.ContextIssueFilter{ListParams: limit})
		if err != nil {
			return err
		}
		obligs, err := s.store.Obligations(ctx, p.OrgID, aims.ObligationFilter{ListParams: limit})
		if err != nil {
			return err
		}
		parties, err := s.store.Parties(ctx, p.OrgID, aims.PartyFilter{ListParams: limit})
		if err != nil {
			return err
		}
		v.Documents, v.Issues, v.Obligs, v.Parties = docs.Items, issues.Items, obligs.Items, parties.Items
	}
	if v.History, err = s.history(r, aims.RegisterScope, p.OrgID); err != nil {
		return err
	}
	v.Errors, v.ErrorText = fields, msg
	return s.render(w, r, status, "scope", v)
}

// updateScopeForm saves the scope form. Rows of units and sites arrive as
// parallel lists; a row without a name is an unused blank. An out-of-scope
// AI system whose reason is left empty records no exclusion: the page then
// flags it.
func (s *Server) updateScopeForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 0 {
		return badRequest("The form does not carry the version of the statement it edits. Reload the page and try again.")
	}
	st := aims.ScopeStatement{Version: version, Boundaries: f.Get("boundaries")}
	if d := f.Get("document_id"); d != "" {
		if st.DocumentID, err = strconv.ParseInt(d, 10, 64); err != nil {
			return badRequest("The scope document is not a document's ID.")
		}
	}
	systems, reasons := f["exclusion_system"], f["exclusion_reason"]
	if len(systems) != len(reasons) {
		return badRequest("The form's exclusions do not pair AI systems with reasons.")
	}
	for i, id := range systems {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return badRequest("An exclusion does not name an AI system by its ID.")
		}
		if reasons[i] != "" {
			st.Exclusions = append(st.Exclusions, aims.ScopeExclusion{AISystemID: n, Reason: reasons[i]})
		}
	}
	names, ins, whys, ifaces := f["unit_name"], f["unit_in_scope"], f["unit_reason"], f["unit_interfaces"]
	if len(ins) != len(names) || len(whys) != len(names) || len(ifaces) != len(names) {
		return badRequest("The form's rows of units are incomplete.")
	}
	for i, name := range names {
		if name != "" || whys[i] != "" || ifaces[i] != "" {
			st.Units = append(st.Units, aims.ScopeUnit{Name: name, InScope: ins[i] != "no", Reason: whys[i], Interfaces: ifaces[i]})
		}
	}
	names, ins, whys = f["site_name"], f["site_in_scope"], f["site_reason"]
	if len(ins) != len(names) || len(whys) != len(names) {
		return badRequest("The form's rows of sites are incomplete.")
	}
	for i, name := range names {
		if name != "" || whys[i] != "" {
			st.Sites = append(st.Sites, aims.ScopeSite{Name: name, InScope: ins[i] != "no", Reason: whys[i]})
		}
	}
	for field, target := range map[string]*[]aims.Link{"issues": &st.Issues, "obligations": &st.Obligations, "parties": &st.Parties} {
		for _, id := range f[field] {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return badRequest("A link does not name a record by its ID.")
			}
			*target = append(*target, aims.Link{ID: n})
		}
	}
	_, err = s.store.UpdateScopeStatement(r.Context(), p, st)
	if err == nil {
		return s.redirect(w, r, "/scope", "Scope statement saved.")
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		st.Normalize()
		return s.renderScope(w, r, http.StatusUnprocessableEntity, &st, ve.Fields, "The scope statement was not saved. Correct the fields marked below.")
	case errors.Is(err, aims.ErrConflict):
		current, cerr := s.store.ScopeStatement(r.Context(), p.OrgID)
		if cerr != nil {
			return cerr
		}
		st.Normalize()
		st.Version = current.Version
		return s.renderScope(w, r, http.StatusConflict, &st, nil, "Someone else saved the scope statement while you were editing (by "+
			current.UpdatedBy+" at "+current.UpdatedAt.Format("15:04 UTC")+"). Your input is below and was not saved; save again to replace theirs.")
	}
	return err
}

// scopeRecordPage is where the gap analysis and the audit log link the
// statement, by the organization's ID.
func (s *Server) scopeRecordPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if id, err := pathID(r, "id"); err != nil || id != p.OrgID {
		return aims.ErrNotFound
	}
	http.Redirect(w, r, "/scope", http.StatusSeeOther)
	return nil
}

func (s *Server) apiScope(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	st, err := s.store.ScopeStatement(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiUpdateScope(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.ScopeStatement
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.store.UpdateScopeStatement(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiScopeHistory(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	events, err := s.store.History(r.Context(), p.OrgID, aims.RegisterScope, strconv.FormatInt(p.OrgID, 10))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
}
