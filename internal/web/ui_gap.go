package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/conformity"
	"aims/internal/report"
)

type gapView struct {
	layout
	Overview     conformity.Overview
	Sections     []gapSection
	ClauseChart  []byte
	ControlChart []byte
	Members      []aims.Member
	Statuses     []aims.GapStatus
	// The filter.
	Status  aims.GapStatus
	OwnerID int64
	Only    string // "clauses", "annex-a" or ""
	Overdue bool
	Shown   int
	// Supports counts the register records behind each requirement.
	Supports map[string]int
}

// Evidence counts what supports an item: its links and the register
// records that bear on it.
func (v gapView) Evidence(it conformity.Item) int {
	return len(it.Entry.Links) + v.Supports[it.Requirement.ID]
}

type gapSection struct {
	Group conformity.Group
	Items []conformity.Item
}

func (s *Server) gapPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	qr := newQueryReader(r.URL.Query())
	v := gapView{Overview: o, Statuses: aims.GapStatuses, Status: aims.GapStatus(qr.str("status")), OwnerID: qr.int64("owner_id"),
		Only: qr.str("only"), Overdue: qr.bool("overdue")}
	if v.Status != "" && !v.Status.Valid() {
		qr.errs["status"] = "must be one of the gap statuses"
	}
	if v.Only != "" && v.Only != "clauses" && v.Only != "annex-a" {
		qr.errs["only"] = "must be clauses or annex-a"
	}
	if err := qr.err(); err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	if v.Supports, err = s.store.SupportCounts(r.Context(), p.OrgID); err != nil {
		return err
	}
	title := "Gap analysis"
	if v.Only == "annex-a" {
		title = "Annex A controls"
	}
	v.layout, v.Members = s.layoutFor(w, r, title), members.Items
	v.ClauseChart = report.ReadinessSVG("Readiness by clause", o.Clauses)
	v.ControlChart = report.ReadinessSVG("Readiness by Annex A group", o.Controls)
	groups := append(append([]conformity.Group{}, o.Clauses...), o.Controls...)
	for _, g := range groups {
		if (v.Only == "clauses" && g.Kind != "clause") || (v.Only == "annex-a" && g.Kind == "clause") {
			continue
		}
		sec := gapSection{Group: g}
		for _, it := range o.Items {
			if it.Group != g.ID || (v.Status != "" && it.Entry.Status != v.Status) ||
				(v.OwnerID != 0 && it.Entry.OwnerID != v.OwnerID) || (v.Overdue && !it.Overdue) {
				continue
			}
			sec.Items = append(sec.Items, it)
		}
		v.Shown += len(sec.Items)
		if len(sec.Items) > 0 {
			v.Sections = append(v.Sections, sec)
		}
	}
	return s.render(w, r, http.StatusOK, "gap", v)
}

type gapReportView struct {
	layout
	Overview     conformity.Overview
	Open         []conformity.Item
	Done         []conformity.Item
	ClauseChart  []byte
	ControlChart []byte
}

func (s *Server) gapReportPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	v := gapReportView{layout: s.layoutFor(w, r, "Gap report"), Overview: o, Open: o.ByPriority(), Done: o.Done(),
		ClauseChart:  report.ReadinessSVG("Readiness by clause", o.Clauses),
		ControlChart: report.ReadinessSVG("Readiness by Annex A group", o.Controls)}
	return s.render(w, r, http.StatusOK, "gap_report", v)
}

func (s *Server) gapReportPDF(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.GapPDF(&buf, p.OrgName, s.now(), o); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gap-report-%s.pdf"`, s.today()))
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) gapReportCSV(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.GapCSV(&buf, o); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gap-report-%s.csv"`, s.today()))
	w.Write(buf.Bytes())
	return nil
}

type gapEntryView struct {
	layout
	Req       *catalog.Requirement
	Entry     aims.GapEntry
	Links     []linkGroup
	Members   []aims.Member
	Systems   []aims.AISystem
	Statuses  []aims.GapStatus
	History   []historyRow
	URLLinks  string // the URL links as the textarea shows them
	SystemIDs []int64
	Overdue   bool
	// Supports are the register records that bear on the requirement, the
	// first maxSupports of them.
	Supports []aims.Support
	Evidence evidencePanel
}

// maxSupports is how many supporting records a requirement's page lists.
const maxSupports = 100

// SupportsCut reports whether the page lists only the first maxSupports.
func (v gapEntryView) SupportsCut() bool { return len(v.Supports) == maxSupports }

// LinksSystem reports whether the entry links an AI system, for the picker.
func (v gapEntryView) LinksSystem(id int64) bool { return contains(v.SystemIDs, id) }

func (s *Server) gapEntryView(w http.ResponseWriter, r *http.Request, req *catalog.Requirement, e aims.GapEntry) (gapEntryView, error) {
	p, _ := principalOf(r.Context())
	v := gapEntryView{layout: s.layoutFor(w, r, req.ID+" "+req.Title), Req: req, Entry: e, Links: s.linkGroups(req), Statuses: aims.GapStatuses}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return v, err
	}
	if v.Systems, err = s.store.AISystemNames(r.Context(), p.OrgID); err != nil {
		return v, err
	}
	events, err := s.store.History(r.Context(), p.OrgID, "gap", req.ID)
	if err != nil {
		return v, err
	}
	if v.Supports, err = s.store.Supports(r.Context(), p.OrgID, req.ID, maxSupports); err != nil {
		return v, err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterGap, req.ID, true); err != nil {
		return v, err
	}
	v.Members, v.History = members.Items, historyRows(events, true)
	v.Overdue = e.Overdue(s.today())
	var lines []string
	for _, l := range e.Links {
		if l.AISystemID != 0 {
			v.SystemIDs = append(v.SystemIDs, l.AISystemID)
		} else if l.Title != "" {
			lines = append(lines, l.Title+" | "+l.URL)
		} else {
			lines = append(lines, l.URL)
		}
	}
	v.URLLinks = strings.Join(lines, "\n")
	return v, nil
}

func (s *Server) gapEntryPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	req, err := s.assessable(r.PathValue("id"))
	if err != nil {
		return err
	}
	e, err := s.store.GapEntry(r.Context(), p.OrgID, req.ID)
	if err != nil {
		return err
	}
	v, err := s.gapEntryView(w, r, req, e)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "gap_entry", v)
}

// gapFromForm reads the gap entry form: AI systems ticked in the picker, and
// other evidence as "Title | https://..." lines.
func gapFromForm(r *http.Request, id string) (aims.GapEntry, error) {
	e := aims.GapEntry{RequirementID: id, Links: []aims.GapLink{}}
	if err := parseForm(r); err != nil {
		return e, err
	}
	f := r.PostForm
	errs := map[string]string{}
	e.Status, e.Justification, e.Notes = aims.GapStatus(f.Get("status")), f.Get("justification"), f.Get("notes")
	var err error
	if e.OwnerID, err = formID(f.Get("owner_id")); err != nil {
		errs["owner_id"] = "must be a member"
	}
	if e.TargetDate, err = aims.ParseDate(strings.TrimSpace(f.Get("target_date"))); err != nil {
		errs["target_date"] = "must be a date (YYYY-MM-DD)"
	}
	if e.Version, err = strconv.Atoi(f.Get("version")); err != nil {
		return e, badRequest("The form's version is not a number.")
	}
	for _, sid := range f["ai_systems"] {
		id, err := strconv.ParseInt(sid, 10, 64)
		if err != nil {
			errs["links"] = "unknown AI system"
			continue
		}
		e.Links = append(e.Links, aims.GapLink{AISystemID: id})
	}
	for _, line := range strings.Split(f.Get("url_links"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		title, u, found := strings.Cut(line, "|")
		if !found {
			title, u = "", title
		}
		e.Links = append(e.Links, aims.GapLink{Title: strings.TrimSpace(title), URL: strings.TrimSpace(u)})
	}
	if len(errs) > 0 {
		return e, &aims.ValidationError{Fields: errs}
	}
	return e, nil
}

func (s *Server) updateGapForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	req, err := s.assessable(r.PathValue("id"))
	if err != nil {
		return err
	}
	e, err := gapFromForm(r, req.ID)
	if err == nil {
		if _, err = s.store.UpdateGapEntry(r.Context(), p, e); err == nil {
			return s.redirect(w, r, "/gap#req-"+req.ID, req.ID+" saved.")
		}
	}
	var ve *aims.ValidationError
	status := http.StatusUnprocessableEntity
	msg := "The assessment was not saved. Correct the fields marked below."
	switch {
	case errors.As(err, &ve):
	case errors.Is(err, aims.ErrConflict):
		current, cerr := s.store.GapEntry(r.Context(), p.OrgID, req.ID)
		if cerr != nil {
			return cerr
		}
		status = http.StatusConflict
		msg = "Someone else saved this requirement while you were editing (by " + current.UpdatedBy + " at " +
			current.UpdatedAt.Format("15:04 UTC") + ", now " + current.Status.Label() + "). Your input is below and was not saved; save again to replace theirs."
		e.Version = current.Version
	default:
		return err
	}
	v, verr := s.gapEntryView(w, r, req, e)
	if verr != nil {
		return verr
	}
	if ve != nil {
		v.Errors = ve.Fields
	}
	v.ErrorText = msg
	return s.render(w, r, status, "gap_entry", v)
}
