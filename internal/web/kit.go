package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// The web half of the register kit: what every register's pages and API
// handlers share. A register's own handlers parse its fields and render
// its pages; finding the record, paging, sorting, history, archiving and
// the CSV download go through these.

// register is one register as people see it. The navigation, the audit
// log's filter and its links to records all read the registers table, so
// a new register appears in all three by adding one line.
type register struct {
	Key     string // the audit trail's register key
	Label   string // plural, as the navigation shows it
	Path    string // its list page; records are Path/{id}
	Section string // the navigation group
	Records bool   // the audit log links events to Path/{record_id}
	Perm    string // what the layout's Can must allow to show it; "" for everyone
}

// registers lists them in navigation order within each section.
var registers = []register{
	{Key: aims.RegisterAISystems, Label: "AI systems", Path: "/ai-systems", Section: "Context", Records: true},
	{Key: aims.RegisterDesignations, Label: "Top management", Path: "/management", Section: "Leadership", Records: true},
	{Key: aims.RegisterEvidence, Label: "Evidence", Path: "/evidence", Section: "Support", Records: true},
	{Key: aims.RegisterDocuments, Label: "Documents", Path: "/documents", Section: "Support", Records: true},
	{Key: aims.RegisterContextIssues, Label: "Context issues", Path: "/context-issues", Section: "Context", Records: true},
	{Key: aims.RegisterContext, Label: "Context statement", Path: "/context", Records: true},
	{Key: aims.RegisterProcesses, Label: "AIMS processes", Path: "/processes", Section: "Context", Records: true},
	{Key: aims.RegisterAIMSRoles, Label: "AIMS roles", Path: "/roles", Section: "Leadership", Records: true},
	{Key: aims.RegisterStaff, Label: "People in the AIMS", Path: "/staff", Section: "Support", Records: true},
	{Key: aims.RegisterCompetences, Label: "Competences", Path: "/competences", Section: "Support", Records: true},
	{Key: aims.RegisterCompetenceRecords, Label: "Training records", Path: "/training", Section: "Support", Records: true},
	{Key: aims.RegisterParties, Label: "Interested parties", Path: "/interested-parties", Section: "Context", Records: true},
	{Key: aims.RegisterObligations, Label: "Obligations", Path: "/obligations", Section: "Context", Records: true},
	{Key: aims.RegisterGap, Label: "Gap analysis", Path: "/gap", Section: "Certification", Records: true},
	{Key: aims.RegisterMembers, Label: "People", Path: "/people", Section: "Administration", Records: true},
	{Key: aims.RegisterTokens, Label: "API tokens", Path: "/tokens", Section: "Administration"},
	{Key: aims.RegisterWebhooks, Label: "Webhooks", Path: "/webhooks", Section: "Administration", Records: true, Perm: "admin"},
	{Key: aims.RegisterOrganizations, Label: "Organization"},
	{Key: aims.RegisterConcerns, Label: "Concerns", Path: "/concerns", Section: "Annex A", Records: true},
	{Key: aims.RegisterConcernChannel, Label: "Public reporting page"},
	{Key: aims.RegisterCommunications, Label: "Communication", Path: "/communication", Section: "Support", Records: true},
	{Key: aims.RegisterScope, Label: "AIMS scope", Path: "/scope", Section: "Context", Records: true},
	{Key: aims.RegisterDatasets, Label: "Data sets", Path: "/datasets", Section: "Operation", Records: true},
	{Key: aims.RegisterUseReviews, Label: "Use reviews", Path: "/use-reviews", Section: "Operation", Records: true},
	{Key: aims.RegisterAcknowledgements, Label: "Acknowledgements", Path: "/acknowledgements", Section: "Support", Records: true},
	{Key: aims.RegisterComponents, Label: "AI system components", Path: "/components", Section: "Operation", Records: true},
	{Key: aims.RegisterIncidents, Label: "AI incidents", Path: "/incidents", Section: "Operation", Records: true},
	{Key: aims.RegisterIncidentPlans, Label: "Incident communication plan", Path: "/incident-plan", Section: "Operation", Records: true},
	{Key: aims.RegisterInformation, Label: "Information for interested parties", Path: "/information", Section: "Operation", Records: true},
	{Key: aims.RegisterCustomControls, Label: "Custom controls", Path: "/custom-controls", Section: "Annex A", Records: true},
	{Key: aims.RegisterSoA, Label: "Statement of Applicability", Path: "/soa/rows", Records: true},
	{Key: aims.RegisterSoAVersions, Label: "SoA versions", Path: "/soa/versions", Records: true},
	{Key: aims.RegisterLifecycleRecords, Label: "Life-cycle records", Path: "/lifecycle", Section: "Operation", Records: true},
	{Key: aims.RegisterLifecycleGate, Label: "Stage gate", Path: "/lifecycle-gate", Section: "Operation"},
	{Key: aims.RegisterRisks, Label: "AI risks", Path: "/risks", Section: "Planning", Records: true},
	{Key: aims.RegisterRiskCriteria, Label: "Risk criteria", Path: "/risk-criteria", Section: "Planning"},
	{Key: aims.RegisterRiskPlanVersions, Label: "Risk treatment plan versions", Path: "/risk-plan/versions", Records: true},
	{Key: aims.RegisterImpactAssessments, Label: "Impact assessments", Path: "/impact-assessments", Section: "Planning", Records: true},
	{Key: aims.RegisterImpactCriteria, Label: "Impact criteria", Path: "/impact-criteria", Records: true},
	{Key: aims.RegisterThirdParties, Label: "Third parties", Path: "/third-parties", Section: "Operation", Records: true},
	{Key: aims.RegisterObjectives, Label: "AI objectives", Path: "/objectives", Section: "Planning", Records: true},
	{Key: aims.RegisterChanges, Label: "Changes", Path: "/changes", Section: "Planning", Records: true},
}

// pageLinks are the navigation's entries that are not registers.
var pageLinks = []navItem{
	{Section: "Work", Label: "My work", Path: "/my-work"},
	{Section: "Work", Label: "Due work", Path: "/due"},
	{Section: "Work", Label: "Documents to read", Path: "/acknowledgements/mine"},
	{Section: "Context", Label: "How the AIMS connects", Path: "/processes/map"},
	{Section: "Leadership", Label: "RACI", Path: "/roles/raci"},
	{Section: "Annex A", Label: "Annex A controls", Path: "/gap?only=annex-a"},
	{Section: "Support", Label: "Competence gaps", Path: "/competence-gaps"},
	{Section: "Certification", Label: "Gap report", Path: "/gap/report"},
	{Section: "Planning", Label: "Risk treatment plan", Path: "/risk-plan"},
	{Section: "Planning", Label: "Statement of Applicability", Path: "/soa"},
	{Section: "Frameworks", Label: "Catalog", Path: "/catalog"},
	{Section: "Administration", Label: "Audit log", Path: "/audit", Perm: "audit"},
	{Section: "Administration", Label: "Security log", Path: "/security", Perm: "audit"},
}

// navSections orders the navigation's groups, each with the clause it serves.
var navSections = []struct{ Title, Clause string }{
	{"Work", ""}, {"Context", "clause 4"}, {"Leadership", "clause 5"}, {"Planning", "clause 6"}, {"Support", "clause 7"},
	{"Operation", "clause 8"}, {"Annex A", ""}, {"Certification", ""}, {"Frameworks", ""}, {"Administration", ""},
}

// navItem is one entry of the side navigation.
type navItem struct {
	Section, Label, Path string
	Perm                 string // what the layout's Can must allow; "" for everyone
	Current              bool
}

// navSection is a group of the side navigation.
type navSection struct {
	Title, Clause string
	Items         []navItem
}

// Nav builds the side navigation for the current page from the registers
// table and the other pages: the entry whose address is the longest prefix
// of the current path is the current one.
func (l layout) Nav() []navSection {
	items := []navItem{}
	for _, r := range registers {
		if r.Path != "" && r.Section != "" && (r.Perm == "" || l.Can(r.Perm)) {
			items = append(items, navItem{Section: r.Section, Label: r.Label, Path: r.Path})
		}
	}
	for _, it := range pageLinks {
		if it.Perm == "" || l.Can(it.Perm) {
			items = append(items, it)
		}
	}
	best := -1
	for i, it := range items {
		if (l.Path == it.Path || strings.HasPrefix(l.Path, it.Path+"/") || strings.HasPrefix(l.Path, it.Path+".")) &&
			(best < 0 || len(it.Path) > len(items[best].Path)) {
			best = i
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	var out []navSection
	for _, sec := range navSections {
		ns := navSection{Title: sec.Title, Clause: sec.Clause}
		for _, it := range items {
			if it.Section == sec.Title {
				ns.Items = append(ns.Items, it)
			}
		}
		if len(ns.Items) > 0 {
			out = append(out, ns)
		}
	}
	return out
}

// registerByKey finds a register's entry.
func registerByKey(key string) (register, bool) {
	for _, r := range registers {
		if r.Key == key {
			return r, true
		}
	}
	return register{}, false
}

// RecordLink is the path of a record's page, or "" when its register has
// none: the audit log, the due work and the digest link records with it.
func RecordLink(register, id string) string { return recordLink(register, id) }

// recordLink is where the audit log links an event's record, or "".
func recordLink(reg, id string) string {
	if r, ok := registerByKey(reg); ok && r.Records {
		return r.Path + "/" + url.PathEscape(id)
	}
	return ""
}

// lookup reads the record the path's {id} names, in the acting
// organization. Anything that cannot name one of its records, a malformed
// ID or another organization's, is not found.
func lookup[T any](r *http.Request, get func(ctx context.Context, orgID, id int64) (T, error)) (T, error) {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	return get(r.Context(), p.OrgID, id)
}

// apiChildRows answers, as a list, the rows a record holds (its log, its
// readings, its versions, its results), at most limit, in the store's
// order. The record is looked up first, so an ID of another organization's
// record is a 404 before any row is read.
func apiChildRows[P, C any](get func(ctx context.Context, orgID, id int64) (P, error),
	rows func(ctx context.Context, orgID, id int64, limit int) ([]C, error), limit int) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := lookup(r, get); err != nil {
			return err
		}
		p, _ := principalOf(r.Context())
		id, _ := pathID(r, "id") // lookup read it
		items, err := rows(r.Context(), p.OrgID, id, limit)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, itemsOf[C]{Items: items, Total: len(items)})
	}
}

// listNav is the navigation of a list page: sort links on the column
// headers, the CSV export of the current filter, and the pager.
type listNav struct {
	Base   string     // the list's address
	Export string     // its CSV export's address
	Query  url.Values // the current filter
	Sort   string
	Desc   bool
	Pages  pager
}

func newListNav(base, export string, q url.Values, lp aims.ListParams, total int, capped bool) listNav {
	return listNav{Base: base, Export: export, Query: q, Sort: lp.Sort, Desc: lp.Desc,
		Pages: newPager(base, q, total, capped, lp.Offset, lp.Limit)}
}

// SortLink returns the address that sorts the list by a column, toggling
// the direction when it is already sorted by it.
func (n listNav) SortLink(col string) string {
	q := cloneQuery(n.Query)
	q.Del("offset")
	q.Set("sort", col)
	if n.Sort == col && !n.Desc {
		q.Set("desc", "1")
	} else {
		q.Del("desc")
	}
	return n.Base + "?" + q.Encode()
}

// SortState is the aria-sort value of a column header; def is the column
// the list is sorted by when no sort is given.
func (n listNav) SortState(col, def string) string {
	if n.Sort != col && !(col == def && n.Sort == "") {
		return "none"
	}
	if n.Desc {
		return "descending"
	}
	return "ascending"
}

// ExportLink is the CSV export of the current filter.
func (n listNav) ExportLink() string {
	q := cloneQuery(n.Query)
	q.Del("offset")
	q.Del("limit")
	return n.Export + "?" + q.Encode()
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
	Capped               bool // Total is a floor: "more than"
	Prev, Next           string
	First, Last          int // 1-based rows shown
}

func newPager(base string, q url.Values, total int, capped bool, offset, limit int) pager {
	p := pager{Total: total, Capped: capped, Offset: offset, Limit: limit, First: offset + 1, Last: min(offset+limit, total)}
	if capped {
		p.Last = offset + limit
	}
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
	if offset+limit < total || (capped && offset+limit < aims.MaxOffset) {
		p.Next = link(offset + limit)
	}
	return p
}

// history returns a record's history as table rows, newest first.
func (s *Server) history(r *http.Request, reg string, id int64) ([]historyRow, error) {
	p, _ := principalOf(r.Context())
	events, err := s.store.History(r.Context(), p.OrgID, reg, strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	return historyRows(events, true), nil
}

// apiHistory answers a record's history, oldest first, for any register:
// get proves the record is the organization's before its events are read.
func apiHistory[T any](s *Server, reg string, get func(ctx context.Context, orgID, id int64) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		if _, err := lookup(r, get); err != nil {
			return err
		}
		id, _ := pathID(r, "id")
		events, err := s.store.History(r.Context(), p.OrgID, reg, strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
	}
}

// archiver archives (true) or restores (false) a record at a version.
type archiver[T any] func(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (T, error)

// apiArchive is the API's archive or restore of any register: an optional
// body {"version": n} guards against a stale read.
func apiArchive[T any](set archiver[T], archived bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		version, err := optionalVersion(r)
		if err != nil {
			return err
		}
		rec, err := set(r.Context(), p, id, version, archived)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, rec)
	}
}

// archiveForm is the archive or restore button of any register's page: the
// form carries the version the page showed, and the answer returns to the
// record with a message naming it.
func archiveForm[T any](s *Server, base string, set archiver[T], ref func(T) string, archived bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		rec, err := set(r.Context(), p, id, version, archived)
		if err != nil {
			return err
		}
		msg := ref(rec) + " archived. It stays in the records and can be restored."
		if !archived {
			msg = ref(rec) + " restored."
		}
		return s.redirect(w, r, base+"/"+strconv.FormatInt(id, 10), msg)
	}
}

// formVersion reads the version a form carries: every form that changes a
// versioned record sends the version its page showed, so the write can be
// refused if someone saved in between.
func formVersion(r *http.Request) (int, error) {
	if err := parseForm(r); err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 1 {
		return 0, badRequest("The form does not carry the version of the record it edits. Reload the page and try again.")
	}
	return v, nil
}

type versionBody struct {
	Version int `json:"version"`
}

// optionalVersion reads {"version": n} if a body was sent; no body means
// "whatever the current version is".
func optionalVersion(r *http.Request) (int, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return 0, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return 0, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	var v versionBody
	if err := decodeJSON(r, &v); err != nil {
		return 0, err
	}
	return v.Version, nil
}

// csvDownload streams a register's CSV export: the header at once, then
// each record as the store reads it. Once rows are on their way an error
// can no longer become an error page, so the connection is cut instead:
// the client sees a failed download, never a short file that looks whole.
func csvDownload[T any](s *Server, w http.ResponseWriter, r *http.Request, name string, cols []report.Column[T], each func(func(T) error) error) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, name, s.today()))
	c, err := report.NewCSV(w, name, cols)
	if err == nil {
		if err = each(c.Write); err == nil {
			err = c.Close()
		}
	}
	if err != nil {
		s.log.Warn("export cut short", slog.String("id", requestID(r.Context())), slog.String("export", name), slog.Any("err", err))
		panic(http.ErrAbortHandler)
	}
	return nil
}
