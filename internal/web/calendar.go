package web

import (
	"net/http"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
	"aims/internal/secret"
)

// calendarPrefix marks calendar feed secrets, like API tokens' prefix.
const calendarPrefix = "aimscal_"

// maxFeedItems caps a feed: a calendar is not an export.
const maxFeedItems = 500

// createCalendarFeed makes the person a feed address and shows it once on
// the my-work page; an earlier address stops working.
func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	token := secret.Token(calendarPrefix)
	if err := s.store.CreateCalendarFeed(r.Context(), p, secret.HashToken(token)); err != nil {
		return err
	}
	f, err := dueFilter(r.URL.Query(), p, s.today(), true)
	if err != nil {
		return err
	}
	v, err := s.dueView(w, r, f, true)
	if err != nil {
		return err
	}
	v.Feed, v.HasFeed = s.baseURL(r)+"/calendar/"+token+".ics", true
	return s.render(w, r, http.StatusOK, "due", v)
}

func (s *Server) revokeCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	if _, err := s.store.RevokeCalendarFeed(r.Context(), p); err != nil {
		return err
	}
	return s.redirect(w, r, "/my-work", "The calendar feed address no longer works.")
}

// calendarFeed answers a feed address: the person's due work in the
// organization, as iCalendar. An unknown or retired address, or one whose
// person lost access, is not found.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok || !strings.HasPrefix(token, calendarPrefix) {
		return aims.ErrNotFound
	}
	orgID, userID, orgName, err := s.store.CalendarFeed(r.Context(), secret.HashToken(token))
	if err != nil {
		return err
	}
	page, err := s.store.DueItems(r.Context(), orgID, aims.DueFilter{ListParams: aims.ListParams{Limit: maxFeedItems},
		AsOf: s.today(), OwnerID: userID})
	if err != nil {
		return err
	}
	base := s.cfg.BaseURL
	if base == "" {
		base = s.baseURL(r)
	}
	events := make([]report.ICalEvent, len(page.Items))
	for i, it := range s.titled(page.Items) {
		ev := report.ICalEvent{UID: it.Register + "-" + it.RecordID + "-" + strings.ToLower(strings.ReplaceAll(it.What, " ", "-")) + "@" + orgName,
			Day: it.Due, Summary: it.What + ": " + it.Ref + " " + it.Title, Detail: orgName + " · owner " + it.OwnerName}
		if l := recordLink(it.Register, it.RecordID); l != "" {
			ev.URL = base + l
		}
		events[i] = ev
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=900")
	return report.ICal(w, "aims: "+orgName, s.now(), events)
}
