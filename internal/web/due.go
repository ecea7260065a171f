package web

import (
	"net/http"
	"net/url"

	"aims/internal/aims"
	"aims/internal/catalog"
)

// Due work: everything the registers hold with a due date, due, overdue or
// upcoming as of a day: today, or the day of the Stage 2 audit. "My work"
// is one person's; the due work page is everyone's, for those who steer.

// dueFilter reads the due work's filters. mine limits it to the person.
func dueFilter(q url.Values, p aims.Principal, today aims.Date, mine bool) (aims.DueFilter, error) {
	qr := newQueryReader(q)
	f := aims.DueFilter{ListParams: qr.list(aims.DefaultLimit), AsOf: today, OwnerID: qr.int64("owner_id"),
		Register: qr.str("register"), State: aims.DueState(qr.str("state"))}
	if qr.str("as_of") != "" {
		f.AsOf = qr.date("as_of")
	}
	if mine {
		f.OwnerID = p.UserID
	}
	if f.Register != "" {
		if _, ok := registerByKey(f.Register); !ok {
			qr.errs["register"] = "is not a register"
		}
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// dueItems reads a page of due work, titled.
func (s *Server) dueItems(r *http.Request, f aims.DueFilter) (aims.Page[aims.DueItem], error) {
	p, _ := principalOf(r.Context())
	page, err := s.store.DueItems(r.Context(), p.OrgID, f)
	page.Items = s.titled(page.Items)
	return page, err
}

// titled names gap entries by their requirement's title.
func (s *Server) titled(items []aims.DueItem) []aims.DueItem {
	for i, it := range items {
		if it.Register == aims.RegisterGap {
			if req, ok := s.cat.Requirement(catalog.ISO42001, it.RecordID); ok {
				items[i].Title = req.Title
			}
		}
	}
	return items
}

type dueView struct {
	layout
	listNav
	Filter  aims.DueFilter
	Page    aims.Page[aims.DueItem]
	Mine    bool
	Members []aims.Member
	States  []aims.DueState
	Regs    []register
	// Feed is the person's calendar feed address, shown once after it is
	// made; HasFeed says one exists.
	Feed    string
	HasFeed bool
}

func (s *Server) myWorkPage(w http.ResponseWriter, r *http.Request) error {
	return s.duePage(w, r, true)
}

func (s *Server) dueWorkPage(w http.ResponseWriter, r *http.Request) error {
	return s.duePage(w, r, false)
}

func (s *Server) duePage(w http.ResponseWriter, r *http.Request, mine bool) error {
	p, _ := principalOf(r.Context())
	f, err := dueFilter(r.URL.Query(), p, s.today(), mine)
	if err != nil {
		return err
	}
	v, err := s.dueView(w, r, f, mine)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "due", v)
}

func (s *Server) dueView(w http.ResponseWriter, r *http.Request, f aims.DueFilter, mine bool) (dueView, error) {
	p, _ := principalOf(r.Context())
	page, err := s.dueItems(r, f)
	if err != nil {
		return dueView{}, err
	}
	title, base := "Due work", "/due"
	if mine {
		title, base = "My work", "/my-work"
	}
	v := dueView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Mine: mine, States: aims.DueStates,
		listNav: newListNav(base, "", r.URL.Query(), f.ListParams, page.Total, false)}
	for _, reg := range registers {
		if reg.Path != "" && reg.Records {
			v.Regs = append(v.Regs, reg)
		}
	}
	if mine {
		v.HasFeed, err = s.store.HasCalendarFeed(r.Context(), p)
		return v, err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	v.Members = members.Items
	return v, err
}

func (s *Server) apiDueWork(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := dueFilter(r.URL.Query(), p, s.today(), false)
	if err != nil {
		return err
	}
	page, err := s.dueItems(r, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
