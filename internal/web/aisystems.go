package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/report"
)

type aiSystemsView struct {
	layout
	Filter  aims.AISystemFilter
	Page    aims.Page[aims.AISystem]
	Members []aims.Member
	Query   url.Values // the current filter, for sort and page links
	Pages   pager
	Stages  []aims.Lifecycle
	Classes []aims.RiskClass
}

// SortLink returns the address that sorts the list by a column, toggling
// the direction when it is already sorted by it.
func (v aiSystemsView) SortLink(col string) string {
	q := cloneQuery(v.Query)
	q.Del("offset")
	q.Set("sort", col)
	if v.Filter.Sort == col && !v.Filter.Desc {
		q.Set("desc", "1")
	} else {
		q.Del("desc")
	}
	return "/ai-systems?" + q.Encode()
}

// SortState is the aria-sort value of a column header.
func (v aiSystemsView) SortState(col string) string {
	if v.Filter.Sort != col && !(col == "name" && v.Filter.Sort == "") {
		return "none"
	}
	if v.Filter.Desc {
		return "descending"
	}
	return "ascending"
}

// ExportLink is the CSV export of the current filter.
func (v aiSystemsView) ExportLink() string {
	q := cloneQuery(v.Query)
	q.Del("offset")
	q.Del("limit")
	return "/ai-systems.csv?" + q.Encode()
}

func cloneQuery(q url.Values) url.Values {
	c := url.Values{}
	for k, vs := range q {
		if len(vs) > 0 && vs[0] != "" {
			c[k] = append([]string(nil), vs...)
		}
	}
	return c
}

// pager is the page navigation below a list.
type pager struct {
	Total, Offset, Limit int
	Prev, Next           string
	First, Last          int // 1-based rows shown
}

func newPager(base string, q url.Values, total, offset, limit int) pager {
	p := pager{Total: total, Offset: offset, Limit: limit, First: offset + 1, Last: min(offset+limit, total)}
	if total == 0 {
		p.First = 0
	}
	link := func(off int) string {
		c := cloneQuery(q)
		if off > 0 {
			c.Set("offset", strconv.Itoa(off))
		} else {
			c.Del("offset")
		}
		return base + "?" + c.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(0, offset-limit))
	}
	if offset+limit < total {
		p.Next = link(offset + limit)
	}
	return p
}

func (s *Server) aiSystemsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AISystems(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "AI systems"
	if f.Archived {
		title = "Archived AI systems"
	}
	v := aiSystemsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items,
		Query: r.URL.Query(), Pages: newPager("/ai-systems", r.URL.Query(), page.Total, f.Offset, f.Limit),
		Stages: aims.Lifecycles, Classes: aims.RiskClasses}
	return s.render(w, r, http.StatusOK, "ai_systems", v)
}

func (s *Server) aiSystemsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ai-systems-%s.csv"`, s.today()))
	c, err := report.NewAISystemCSV(w)
	if err != nil {
		return err
	}
	if err := s.store.EachAISystem(r.Context(), p.OrgID, f, c.Write); err != nil {
		return err
	}
	return c.Close()
}

type aiSystemView struct {
	layout
	System       aims.AISystem
	Result       aims.Result
	Obligations  []obligationView
	History      []historyRow
	Requirements []*catalog.Requirement
	Overdue      bool
}

type obligationView struct {
	Set      catalog.ObligationSet
	Provider []*catalog.Requirement
	Deployer []*catalog.Requirement
}

func (s *Server) aiSystemPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := a.ID
	events, err := s.store.History(r.Context(), p.OrgID, "ai-systems", strconv.FormatInt(id, 10))
	if err != nil {
		return err
	}
	reqIDs, err := s.store.GapRequirementsFor(r.Context(), p.OrgID, id)
	if err != nil {
		return err
	}
	v := aiSystemView{layout: s.layoutFor(w, r, a.Ref+" "+a.Name), System: a, History: historyRows(events, true), Overdue: a.ReviewOverdue(s.today())}
	for _, rid := range reqIDs {
		if req, ok := s.cat.Requirement(catalog.ISO42001, rid); ok {
			v.Requirements = append(v.Requirements, req)
		}
	}
	if a.EUAIAct != nil {
		v.Result = a.EUAIAct.Result()
		v.Obligations = s.obligations(v.Result)
	}
	return s.render(w, r, http.StatusOK, "ai_system", v)
}

// obligations resolves the obligation sets a classification result names.
func (s *Server) obligations(res aims.Result) []obligationView {
	var out []obligationView
	for _, key := range res.Obligations {
		for _, set := range s.cat.EUAIAct().Obligations {
			if set.Class != key {
				continue
			}
			ov := obligationView{Set: set}
			for _, a := range set.Provider {
				if req, ok := s.cat.Requirement(catalog.EUAIActID, a); ok {
					ov.Provider = append(ov.Provider, req)
				}
			}
			for _, a := range set.Deployer {
				if req, ok := s.cat.Requirement(catalog.EUAIActID, a); ok {
					ov.Deployer = append(ov.Deployer, req)
				}
			}
			out = append(out, ov)
		}
	}
	return out
}

// historyRow is one audit event as the history table shows it.
type historyRow struct {
	Event   aims.AuditEvent
	Changes []changeRow
}

// Summary names the changed fields in a few words, for the audit log's
// collapsed rows.
func (h historyRow) Summary() string {
	names := make([]string, 0, 3)
	for i, c := range h.Changes {
		if i == 3 {
			return strings.Join(names, ", ") + " and " + strconv.Itoa(len(h.Changes)-3) + " more"
		}
		names = append(names, c.Field)
	}
	return strings.Join(names, ", ")
}

type changeRow struct {
	Field, Old, New string
}

// historyRows turns events into table rows, newest first: a record's
// history comes from the store oldest first, the audit log newest first.
func historyRows(events []aims.AuditEvent, oldestFirst bool) []historyRow {
	rows := make([]historyRow, 0, len(events))
	for i := range events {
		e := events[i]
		if oldestFirst {
			e = events[len(events)-1-i]
		}
		row := historyRow{Event: e}
		for _, c := range e.Changes {
			row.Changes = append(row.Changes, changeRows(c.Field, c.Old, c.New)...)
		}
		rows = append(rows, row)
	}
	return rows
}

// changeRows shows one changed field for people: an object (the EU AI Act
// answers) as its changed members, each value in words. A creation lists
// only the fields it set; IDs that have a name beside them are left out.
func changeRows(field string, old, new json.RawMessage) []changeRow {
	if field == "owner_id" {
		return nil
	}
	var a, b map[string]json.RawMessage
	errA, errB := json.Unmarshal(old, &a), json.Unmarshal(new, &b)
	if (errA == nil || isNull(old)) && (errB == nil || isNull(new)) && (a != nil || b != nil) {
		keys := map[string]bool{}
		for k := range a {
			keys[k] = true
		}
		for k := range b {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var rows []changeRow
		for _, k := range names {
			rows = append(rows, changeRows(field+" › "+k, a[k], b[k])...)
		}
		return rows
	}
	ch := changeRow{Field: strings.ReplaceAll(field, "_", " "), Old: showJSON(old), New: showJSON(new)}
	if ch.Old == ch.New {
		return nil
	}
	return []changeRow{ch}
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// showJSON renders a changed value for people: text without quotes, lists
// as comma-separated words, empty values and false as a dash.
func showJSON(raw []byte) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case nil:
		return "—"
	case string:
		if v == "" {
			return "—"
		}
		return v
	case bool:
		if v {
			return "yes"
		}
		return "—"
	case float64:
		if v == 0 {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		if len(v) == 0 {
			return "—"
		}
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
			if m, ok := x.(map[string]any); ok {
				parts[i] = linkText(m)
			}
		}
		return strings.Join(parts, "; ")
	}
	return string(raw)
}

// linkText names a link in a list of links (a gap entry's evidence): the
// record's reference and title, or the title and address.
func linkText(m map[string]any) string {
	var parts []string
	for _, k := range []string{"ai_system_ref", "title", "url"} {
		if s, ok := m[k].(string); ok && s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

type aiSystemFormView struct {
	layout
	System   aims.AISystem
	New      bool
	Members  []aims.Member
	Stages   []aims.Lifecycle
	Roles    []aims.AIRole
	Autonomy []aims.Autonomy
	Conflict []changeRow // fields where the saved version differs from the form
}

func (s *Server) aiSystemForm(w http.ResponseWriter, r *http.Request, status int, a aims.AISystem, isNew bool, err error) error {
	p, _ := principalOf(r.Context())
	members, merr := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	title := "Edit " + a.Ref
	if isNew {
		title = "Register an AI system"
	}
	v := aiSystemFormView{layout: s.layoutFor(w, r, title), System: a, New: isNew, Members: members.Items,
		Stages: aims.Lifecycles, Roles: aims.AIRoles, Autonomy: aims.Autonomies}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v.Errors, v.ErrorText = ve.Fields, "The AI system was not saved. Correct the fields marked below."
	}
	return s.render(w, r, status, "ai_system_form", v)
}

func (s *Server) newAISystemPage(w http.ResponseWriter, r *http.Request) error {
	return s.aiSystemForm(w, r, http.StatusOK, aims.AISystem{Lifecycle: aims.StageInception, ReviewIntervalMonths: 12, InScope: true}, true, nil)
}

// aiSystemFromForm reads the edit form. Fields the form does not carry (the
// EU AI Act answers, which have their own form) are kept from base.
func aiSystemFromForm(r *http.Request, base aims.AISystem) (aims.AISystem, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	a := base
	errs := map[string]string{}
	a.Name, a.Purpose = f.Get("name"), f.Get("purpose")
	a.IntendedUse, a.ForeseeableMisuse = f.Get("intended_use"), f.Get("foreseeable_misuse")
	a.Lifecycle, a.Autonomy = aims.Lifecycle(f.Get("lifecycle")), aims.Autonomy(f.Get("autonomy"))
	a.HumanOversight, a.Data, a.Models = f.Get("human_oversight"), f.Get("data"), f.Get("models")
	a.Tooling, a.Compute, a.ThirdParty = f.Get("tooling"), f.Get("compute"), f.Get("third_party")
	a.InScope = f.Get("in_scope") == "on"
	a.Roles = []aims.AIRole{}
	for _, role := range f["roles"] {
		a.Roles = append(a.Roles, aims.AIRole(role))
	}
	var err error
	if a.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if a.ReviewIntervalMonths, err = strconv.Atoi(strings.TrimSpace(f.Get("review_interval_months"))); err != nil {
		errs["review_interval_months"] = "must be a whole number of months"
	}
	if a.LastReviewed, err = aims.ParseDate(strings.TrimSpace(f.Get("last_reviewed"))); err != nil {
		errs["last_reviewed"] = "must be a date (YYYY-MM-DD)"
	}
	if v := f.Get("version"); v != "" {
		if a.Version, err = strconv.Atoi(v); err != nil {
			return a, badRequest("The form's version is not a number.")
		}
	}
	if len(errs) > 0 {
		return a, &aims.ValidationError{Fields: errs}
	}
	return a, nil
}

func formID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

func (s *Server) createAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := aiSystemFromForm(r, aims.AISystem{})
	if err == nil {
		var created aims.AISystem
		if created, err = s.store.CreateAISystem(r.Context(), p, a); err == nil {
			return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(created.ID, 10), created.Ref+" registered.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.aiSystemForm(w, r, http.StatusUnprocessableEntity, a, true, err)
	}
	return err
}

func (s *Server) editAISystemPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	return s.aiSystemForm(w, r, http.StatusOK, a, false, nil)
}

func (s *Server) updateAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := current.ID
	a, err := aiSystemFromForm(r, current)
	if err == nil {
		var saved aims.AISystem
		if saved, err = s.store.UpdateAISystem(r.Context(), p, a); err == nil {
			return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(id, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.aiSystemForm(w, r, http.StatusUnprocessableEntity, a, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		return s.aiSystemConflict(w, r, a)
	}
	return err
}

// aiSystemConflict re-shows an edit that lost a race: the person's input is
// kept, the fields where the saved version now differs are listed, and the
// form carries the new version, so saving again is a deliberate choice made
// after seeing the other change.
func (s *Server) aiSystemConflict(w http.ResponseWriter, r *http.Request, mine aims.AISystem) error {
	p, _ := principalOf(r.Context())
	saved, err := s.store.AISystem(r.Context(), p.OrgID, mine.ID)
	if err != nil {
		return err
	}
	mine.Normalize(aims.DateOf(saved.CreatedAt))
	changes, err := aims.Diff(saved, mine, "id", "ref", "version", "created_at", "updated_at", "archived", "owner_name", "risk_class", "next_review")
	if err != nil {
		return err
	}
	mine.Version = saved.Version
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := aiSystemFormView{layout: s.layoutFor(w, r, "Edit "+saved.Ref), System: mine, Members: members.Items,
		Stages: aims.Lifecycles, Roles: aims.AIRoles, Autonomy: aims.Autonomies}
	v.ErrorText = "Someone else saved this AI system while you were editing. Your changes are below and were not saved. " +
		"Compare them with the saved values, then save again to keep yours."
	for _, c := range changes {
		v.Conflict = append(v.Conflict, changeRows(c.Field, c.Old, c.New)...)
	}
	return s.render(w, r, http.StatusConflict, "ai_system_form", v)
}

// reviewedAISystemForm records that the periodic review happened today,
// which moves the next review one interval on.
func (s *Server) reviewedAISystemForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if a.Version, err = strconv.Atoi(r.PostForm.Get("version")); err != nil {
		return badRequest("The form's version is not a number.")
	}
	a.LastReviewed = s.today()
	saved, err := s.store.UpdateAISystem(r.Context(), p, a)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" reviewed today; next review "+saved.NextReview.String()+".")
}

func (s *Server) archiveAISystemForm(w http.ResponseWriter, r *http.Request) error {
	return s.setArchivedForm(w, r, true)
}

func (s *Server) restoreAISystemForm(w http.ResponseWriter, r *http.Request) error {
	return s.setArchivedForm(w, r, false)
}

func (s *Server) setArchivedForm(w http.ResponseWriter, r *http.Request, archived bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	a, err := s.setArchived(r, id, version, archived)
	if err != nil {
		return err
	}
	msg := a.Ref + " archived. It stays in the records and can be restored."
	if !archived {
		msg = a.Ref + " restored."
	}
	return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(id, 10), msg)
}

type classifyView struct {
	layout
	System aims.AISystem
	C      aims.Classification
	EU     *catalog.EUAIAct
	Areas  []annexIIIArea
}

type annexIIIArea struct {
	Area   catalog.Option
	Points []catalog.Option
}

func (s *Server) classifyView(w http.ResponseWriter, r *http.Request, a aims.AISystem, c aims.Classification) classifyView {
	eu := s.cat.EUAIAct()
	v := classifyView{layout: s.layoutFor(w, r, "EU AI Act classification of "+a.Ref), System: a, C: c, EU: eu}
	for _, area := range eu.AnnexIIIAreas {
		g := annexIIIArea{Area: area}
		for _, pt := range eu.AnnexIII {
			if "annex3.area."+pt.Group == area.Key {
				g.Points = append(g.Points, pt)
			}
		}
		v.Areas = append(v.Areas, g)
	}
	return v
}

func (s *Server) classifyPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	c := aims.Classification{}
	if a.EUAIAct != nil {
		c = *a.EUAIAct
	}
	return s.render(w, r, http.StatusOK, "classify", s.classifyView(w, r, a, c))
}

func (s *Server) classifyForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	id := a.ID
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	c := aims.Classification{
		OutOfScope: f.Get("out_of_scope") == "on", OutOfScopeReason: f.Get("out_of_scope_reason"),
		BecomesProvider: f.Get("becomes_provider") == "on",
		Prohibited:      nonEmpty(f["prohibited"]),
		AnnexI:          f.Get("annex_i"), AnnexIThirdParty: f.Get("annex_i_third_party") == "on",
		AnnexIII: f.Get("annex_iii"), Profiling: f.Get("profiling") == "on",
		Art6_3: f.Get("art6_3"), Art6_3Reason: f.Get("art6_3_justification"),
		Art50: nonEmpty(f["art50"]),
		GPAI:  f.Get("gpai") == "on", GPAIOpenWeights: f.Get("gpai_open_weights") == "on", GPAISystemic: f.Get("gpai_systemic") == "on",
		Reasoning: f.Get("reasoning"),
	}
	version, _ := strconv.Atoi(f.Get("version"))
	a.Version = version
	a.EUAIAct = &c
	saved, err := s.store.UpdateAISystem(r.Context(), p, a)
	if err == nil {
		return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(id, 10), saved.Ref+" classified: "+saved.RiskClass.Label()+".")
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		v := s.classifyView(w, r, a, c)
		fields := map[string]string{}
		for k, m := range ve.Fields {
			fields[strings.TrimPrefix(k, "eu_ai_act.")] = m
		}
		v.Errors, v.ErrorText = fields, "The classification was not saved. Correct the answers marked below."
		return s.render(w, r, http.StatusUnprocessableEntity, "classify", v)
	}
	return err
}

func nonEmpty(values []string) []string {
	out := []string{}
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && v != "none" {
			out = append(out, v)
		}
	}
	return out
}
