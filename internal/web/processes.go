package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/report"
)

// The AIMS processes (4.4): what the management system is made of and how
// its parts feed each other.

func (s *Server) processAt(r *http.Request, editable bool) (aims.Process, error) {
	p, err := lookup(r, s.store.Process)
	if err == nil && editable && p.Archived {
		return p, aims.ErrArchived
	}
	return p, err
}

func processRef(p aims.Process) string { return p.Ref }

func processFilter(q url.Values, limit int) (aims.ProcessFilter, error) {
	qr := newQueryReader(q)
	f := aims.ProcessFilter{
		ListParams:    qr.list(limit),
		Status:        aims.ProcessStatus(qr.str("status")),
		OwnerID:       qr.int64("owner_id"),
		RequirementID: qr.str("requirement"),
		Archived:      qr.bool("archived"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// checkRequirements refuses requirement IDs the catalog does not hold as
// an assessable ISO/IEC 42001 clause or control, as the gap analysis does.
func (s *Server) checkRequirements(ids []string) error {
	for _, id := range ids {
		if req, ok := s.cat.Requirement(catalog.ISO42001, strings.TrimSpace(id)); !ok || !req.Assessable {
			return aims.Invalid("requirements", id+" is not an ISO/IEC 42001 clause or Annex A control (use e.g. 6.1.2 or A.6.2.4)")
		}
	}
	return nil
}

func (s *Server) apiProcesses(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := processFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Processes(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) processesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := processFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "processes", report.ProcessColumns, func(fn func(aims.Process) error) error {
		return s.store.EachProcess(r.Context(), p.OrgID, f, fn)
	})
}

type processesView struct {
	layout
	listNav
	Filter   aims.ProcessFilter
	Page     aims.Page[aims.Process]
	Members  []aims.Member
	Statuses []aims.ProcessStatus
}

func (s *Server) processesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := processFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Processes(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "AIMS processes"
	if f.Archived {
		title = "Archived AIMS processes"
	}
	v := processesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Statuses: aims.ProcessStatuses,
		listNav: newListNav("/processes", "/api/v1/processes.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "processes", v)
}

type processView struct {
	layout
	Process      aims.Process
	Requirements []*catalog.Requirement
	History      []historyRow
}

func (s *Server) processPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processAt(r, false)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterProcesses, p.ID)
	if err != nil {
		return err
	}
	v := processView{layout: s.layoutFor(w, r, p.Ref+" "+p.Name), Process: p, History: history}
	for _, id := range p.Requirements {
		if req, ok := s.cat.Requirement(catalog.ISO42001, id); ok {
			v.Requirements = append(v.Requirements, req)
		}
	}
	return s.render(w, r, http.StatusOK, "process", v)
}

type processFormView struct {
	layout
	Process      aims.Process
	New          bool
	Members      []aims.Member
	Others       []aims.Link
	Statuses     []aims.ProcessStatus
	Requirements string // as typed: IDs separated by spaces or commas
	Roles        []aims.AIMSRole
	Letters      []string
}

// Letter is the role's RACI letter in the process on the form, or "".
func (v processFormView) Letter(roleID int64) string {
	for _, r := range v.Process.RACI {
		if r.RoleID == roleID {
			return r.Letter
		}
	}
	return ""
}

// Feeds reports whether the process feeds another.
func (v processFormView) Feeds(id int64) bool {
	for _, l := range v.Process.Feeds {
		if l.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) processForm(w http.ResponseWriter, r *http.Request, status int, p aims.Process, isNew bool, err error) error {
	pr, _ := principalOf(r.Context())
	members, merr := s.store.Members(r.Context(), pr.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if merr != nil {
		return merr
	}
	names, nerr := s.store.ProcessNames(r.Context(), pr.OrgID)
	if nerr != nil {
		return nerr
	}
	others, listed := []aims.Link{}, map[int64]bool{}
	for _, n := range names {
		if n.ID != p.ID || isNew {
			others, listed[n.ID] = append(others, n), true
		}
	}
	for _, l := range p.Feeds { // an archived process it feeds stays choosable
		if !listed[l.ID] && l.Ref != "" {
			others = append(others, l)
		}
	}
	title := "Edit " + p.Ref
	if isNew {
		title = "Record an AIMS process"
	}
	roles, rerr := s.store.AIMSRoleNames(r.Context(), pr.OrgID)
	if rerr != nil {
		return rerr
	}
	v := processFormView{layout: s.layoutFor(w, r, title), Process: p, New: isNew, Members: members.Items, Others: others,
		Statuses: aims.ProcessStatuses, Requirements: strings.Join(p.Requirements, " "), Roles: roles, Letters: aims.RACILetters}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The process was not saved. Correct the fields marked below."
	case errors.Is(err, aims.ErrConflict):
		v.ErrorText = "Someone else saved this process while you were editing. Your changes are below and were not saved; " +
			"open the record in another tab to compare, then save again to keep yours."
	}
	return s.render(w, r, status, "process_form", v)
}

func (s *Server) newProcessPage(w http.ResponseWriter, r *http.Request) error {
	return s.processForm(w, r, http.StatusOK, aims.Process{Status: aims.ProcessDraft}, true, nil)
}

func (s *Server) processFromForm(r *http.Request, base aims.Process) (aims.Process, error) {
	if err := parseForm(r); err != nil {
		return base, err
	}
	f := r.PostForm
	p := base
	errs := map[string]string{}
	p.Name, p.Purpose, p.Inputs, p.Outputs = f.Get("name"), f.Get("purpose"), f.Get("inputs"), f.Get("outputs")
	p.Status = aims.ProcessStatus(f.Get("status"))
	p.Requirements = strings.FieldsFunc(f.Get("requirements"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	var err error
	if p.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if p.ReviewDate, err = aims.ParseDate(strings.TrimSpace(f.Get("review_date"))); err != nil {
		errs["review_date"] = "must be a date (YYYY-MM-DD)"
	}
	p.Feeds = []aims.Link{}
	for _, v := range f["feeds"] {
		id, err := formID(v)
		if err != nil || id == 0 {
			errs["feeds"] = "must be processes of the list"
			continue
		}
		p.Feeds = append(p.Feeds, aims.Link{ID: id})
	}
	p.RACI = []aims.RACI{}
	for k, vs := range f {
		id, ok := strings.CutPrefix(k, "raci_")
		if !ok || len(vs) == 0 || vs[0] == "" {
			continue
		}
		roleID, err := strconv.ParseInt(id, 10, 64)
		if err != nil || roleID <= 0 {
			errs["raci"] = "must name AIMS roles of the list"
			continue
		}
		p.RACI = append(p.RACI, aims.RACI{RoleID: roleID, Letter: vs[0]})
	}
	if err := s.checkRequirements(p.Requirements); err != nil {
		errs["requirements"] = err.(*aims.ValidationError).Fields["requirements"]
	}
	p.Version = 0
	if len(errs) > 0 {
		return p, &aims.ValidationError{Fields: errs}
	}
	return p, nil
}

func (s *Server) createProcessForm(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	p, err := s.processFromForm(r, aims.Process{})
	if err == nil {
		var created aims.Process
		if created, err = s.store.CreateProcess(r.Context(), pr, p); err == nil {
			return s.redirect(w, r, "/processes/"+strconv.FormatInt(created.ID, 10), created.Ref+" recorded.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.processForm(w, r, http.StatusUnprocessableEntity, p, true, err)
	}
	return err
}

func (s *Server) editProcessPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.processAt(r, true)
	if err != nil {
		return err
	}
	return s.processForm(w, r, http.StatusOK, p, false, nil)
}

func (s *Server) updateProcessForm(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	current, err := s.processAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	p, err := s.processFromForm(r, current)
	p.Version = version
	if err == nil {
		var saved aims.Process
		if saved, err = s.store.UpdateProcess(r.Context(), pr, p); err == nil {
			return s.redirect(w, r, "/processes/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.processForm(w, r, http.StatusUnprocessableEntity, p, false, err)
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		saved, gerr := s.store.Process(r.Context(), pr.OrgID, p.ID)
		if gerr != nil {
			return gerr
		}
		p.Version = saved.Version
		return s.processForm(w, r, http.StatusConflict, p, false, err)
	}
	return err
}

// processMapView is "how the AIMS connects": the processes and their feed
// links as a picture and as a table, and which clauses no process serves.
type processMapView struct {
	layout
	SVG       []byte
	Processes []aims.Process
	Feeds     []mapFeed
	Clauses   []clauseCoverage
	Uncovered []string // the top-level clauses (4 to 10) no process serves at all
	Unserved  []string // every requirement of clauses 4 to 10 no process serves
	Truncated bool
}

type mapFeed struct{ From, To aims.Process }

// clauseCoverage is one assessable clause requirement and the processes
// that serve it.
type clauseCoverage struct {
	Req       *catalog.Requirement
	Processes []aims.Process
}

func (s *Server) processMapPage(w http.ResponseWriter, r *http.Request) error {
	pr, _ := principalOf(r.Context())
	m, err := s.store.ProcessMap(r.Context(), pr.OrgID)
	if err != nil {
		return err
	}
	v := processMapView{layout: s.layoutFor(w, r, "How the AIMS connects"), Processes: m.Processes, Truncated: m.Truncated}
	index := map[int64]int{}
	nodes := make([]report.MapNode, len(m.Processes))
	serving := map[string][]aims.Process{}
	for i, p := range m.Processes {
		index[p.ID] = i
		nodes[i] = report.MapNode{Ref: p.Ref, Name: p.Name}
		for _, id := range p.Requirements {
			serving[id] = append(serving[id], p)
		}
	}
	edges := make([][2]int, 0, len(m.Feeds))
	for _, f := range m.Feeds {
		a, b := index[f[0]], index[f[1]]
		edges = append(edges, [2]int{a, b})
		v.Feeds = append(v.Feeds, mapFeed{From: m.Processes[a], To: m.Processes[b]})
	}
	if len(nodes) > 0 {
		v.SVG = report.ProcessMapSVG("AIMS processes and the processes each feeds", nodes, edges)
	}
	covered := map[string]bool{}
	for _, req := range s.cat.Assessable(catalog.ISO42001) {
		if req.Kind != "clause" {
			continue
		}
		top, _, _ := strings.Cut(req.ID, ".")
		if len(serving[req.ID]) > 0 {
			covered[top] = true
		}
		v.Clauses = append(v.Clauses, clauseCoverage{Req: req, Processes: serving[req.ID]})
		if len(serving[req.ID]) == 0 {
			v.Unserved = append(v.Unserved, req.ID)
		}
	}
	for c := 4; c <= 10; c++ {
		if id := strconv.Itoa(c); !covered[id] {
			v.Uncovered = append(v.Uncovered, id)
		}
	}
	return s.render(w, r, http.StatusOK, "process_map", v)
}

// processAPI is the Process API's read, create and update handlers; the
// requirements a process serves are checked against the catalog first.
func (s *Server) processAPI() registerHandlers[aims.Process] {
	return registerHandlers[aims.Process]{s: s, api: "/api/v1/processes", get: s.store.Process,
		create: func(ctx context.Context, p aims.Principal, v aims.Process) (aims.Process, error) {
			if err := s.checkRequirements(v.Requirements); err != nil {
				return v, err
			}
			return s.store.CreateProcess(ctx, p, v)
		},
		update: func(ctx context.Context, p aims.Principal, v aims.Process) (aims.Process, error) {
			if err := s.checkRequirements(v.Requirements); err != nil {
				return v, err
			}
			return s.store.UpdateProcess(ctx, p, v)
		},
		key: func(v *aims.Process) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version }}
}
