package web

import (
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// Information for interested parties (A.8.2, A.8.3, A.8.5): what users are
// told about each AI system, how they can report adverse impacts (the
// public reporting page for concerns is linked, not rebuilt), and what the
// organization reports to interested parties and when.

func informationRef(n aims.Information) string { return n.Ref }

func (s *Server) informationHandlers() registerHandlers[aims.Information] {
	return registerHandlers[aims.Information]{s: s, base: "/information", api: "/api/v1/information", what: "record",
		get: s.store.Information, create: s.store.CreateInformation, update: s.store.UpdateInformation,
		key:     func(v *aims.Information) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Information) bool { return v.Archived },
		parse:   informationFromForm, form: s.informationForm}
}

func informationFilter(q url.Values, today aims.Date, limit int) (aims.InformationFilter, error) {
	qr := newQueryReader(q)
	f := aims.InformationFilter{ListParams: qr.list(limit), Kind: aims.InformationKind(qr.str("kind")), AISystemID: qr.int64("ai_system_id"),
		OwnerID: qr.int64("owner_id"), Overdue: qr.bool("overdue"), Archived: qr.bool("archived"), Today: today}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type informationListView struct {
	layout
	listNav
	Filter  aims.InformationFilter
	Page    aims.Page[aims.Information]
	Systems []aims.AISystem
	Kinds   []aims.InformationKind
}

func (s *Server) informationListPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := informationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Informations(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := informationListView{layout: s.layoutFor(w, r, "Information for interested parties"), Filter: f, Page: page, Systems: systems,
		Kinds:   aims.InformationKinds,
		listNav: newListNav("/information", "/api/v1/information.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "information_list", v)
}

type informationView struct {
	layout
	Evidence  evidencePanel
	N         aims.Information
	Overdue   bool
	PublicURL string // the public reporting page's address, when the record uses it and it is on
	PublicOff bool   // the record uses the public page, which is off
	History   []historyRow
}

func (s *Server) informationPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	n, err := lookup(r, s.store.Information)
	if err != nil {
		return err
	}
	v := informationView{layout: s.layoutFor(w, r, n.Ref+" "+n.Title), N: n, Overdue: n.Overdue(s.today())}
	if n.PublicPage {
		ch, err := s.store.ConcernChannel(r.Context(), p.OrgID)
		if err != nil {
			return err
		}
		if ch.Enabled {
			v.PublicURL = s.origin(r) + "/report/" + ch.Key
		} else {
			v.PublicOff = true
		}
	}
	if v.History, err = s.history(r, aims.RegisterInformation, n.ID); err != nil {
		return err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterInformation, strconv.FormatInt(n.ID, 10), !n.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "information", v)
}

type informationFormView struct {
	layout
	N           aims.Information
	New         bool
	Members     []aims.Member
	Systems     []aims.AISystem
	Documents   []aims.Link
	Kinds       []aims.InformationKind
	Frequencies []aims.Frequency
}

func (s *Server) informationForm(w http.ResponseWriter, r *http.Request, status int, n aims.Information, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	docs, err := s.store.IncidentDocumentNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + n.Ref
	if isNew {
		title = "Record information for interested parties"
	}
	v := informationFormView{layout: s.layoutFor(w, r, title), N: n, New: isNew, Members: members.Items, Systems: systems, Documents: docs,
		Kinds: aims.InformationKinds, Frequencies: aims.Frequencies}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "information_form", v)
}

func (s *Server) newInformationPage(w http.ResponseWriter, r *http.Request) error {
	n := aims.Information{Kind: aims.InfoForUsers}
	q := r.URL.Query()
	if k := aims.InformationKind(q.Get("kind")); k.Valid() {
		n.Kind = k
	}
	if id, err := formID(q.Get("ai_system_id")); err == nil {
		n.AISystemID = id
	}
	return s.informationForm(w, r, http.StatusOK, n, true, formMessage{})
}

func informationFromForm(r *http.Request) (aims.Information, error) {
	var n aims.Information
	if err := parseForm(r); err != nil {
		return n, err
	}
	f := r.PostForm
	errs := map[string]string{}
	n.Kind, n.Title, n.Details = aims.InformationKind(f.Get("kind")), f.Get("title"), f.Get("details")
	n.Audience, n.Channel, n.Link = f.Get("audience"), f.Get("channel"), f.Get("link")
	n.PublicPage = f.Get("public_page") != ""
	n.Frequency = aims.Frequency(f.Get("frequency"))
	n.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system")
	n.DocumentID = formInt64(errs, "document_id", f.Get("document_id"), "must be a document")
	n.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	n.NextDue = formDate(errs, "next_due", f.Get("next_due"))
	n.LastDone = formDate(errs, "last_done", f.Get("last_done"))
	n.LastReviewed = formDate(errs, "last_reviewed", f.Get("last_reviewed"))
	return n, validationOf(errs)
}

func (s *Server) informationCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := informationFilter(r.URL.Query(), s.today(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "ai-information", report.InformationColumns, func(fn func(aims.Information) error) error {
		return s.store.EachInformation(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiInformationList(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := informationFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Informations(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
