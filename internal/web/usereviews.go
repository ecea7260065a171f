package web

import (
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// Use reviews (A.9.4): dated checks that AI systems are used as intended.

func (s *Server) useReviewHandlers() registerHandlers[aims.UseReview] {
	return registerHandlers[aims.UseReview]{s: s, base: "/use-reviews", api: "/api/v1/use-reviews", what: "use review",
		get: s.store.UseReview, create: s.store.CreateUseReview, update: s.store.UpdateUseReview,
		key:     func(v *aims.UseReview) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.UseReview) bool { return v.Archived },
		parse:   useReviewFromForm, form: s.useReviewForm}
}

func useReviewRef(u aims.UseReview) string { return u.Ref }

func useReviewFilter(q url.Values, limit int) (aims.UseReviewFilter, error) {
	qr := newQueryReader(q)
	f := aims.UseReviewFilter{ListParams: qr.list(limit), AISystemID: qr.int64("ai_system_id"),
		Outcome: aims.UseOutcome(qr.str("outcome")), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type useReviewsView struct {
	layout
	listNav
	Filter   aims.UseReviewFilter
	Page     aims.Page[aims.UseReview]
	Systems  []aims.AISystem
	Outcomes []aims.UseOutcome
}

func (s *Server) useReviewsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := useReviewFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.UseReviews(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Use reviews"
	if f.Archived {
		title = "Archived use reviews"
	}
	v := useReviewsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Systems: systems, Outcomes: aims.UseOutcomes,
		listNav: newListNav("/use-reviews", "/api/v1/use-reviews.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "use_reviews", v)
}

func (s *Server) useReviewsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := useReviewFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "use-reviews", report.UseReviewColumns, func(fn func(aims.UseReview) error) error {
		return s.store.EachUseReview(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiUseReviews(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := useReviewFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.UseReviews(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

type useReviewView struct {
	layout
	Review   aims.UseReview
	Evidence evidencePanel
	History  []historyRow
}

func (s *Server) useReviewPage(w http.ResponseWriter, r *http.Request) error {
	u, err := lookup(r, s.store.UseReview)
	if err != nil {
		return err
	}
	v := useReviewView{layout: s.layoutFor(w, r, u.Ref+" "+u.AISystemName), Review: u}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterUseReviews, strconv.FormatInt(u.ID, 10), !u.Archived); err != nil {
		return err
	}
	if v.History, err = s.history(r, aims.RegisterUseReviews, u.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "use_review", v)
}

type useReviewFormView struct {
	layout
	Review   aims.UseReview
	New      bool
	Members  []aims.Member
	Systems  []aims.AISystem
	Methods  []aims.UseMethod
	Outcomes []aims.UseOutcome
}

func (s *Server) useReviewForm(w http.ResponseWriter, r *http.Request, status int, u aims.UseReview, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	if !isNew && u.AISystemRef == "" { // a refused edit: the form does not carry the system
		if cur, err := s.store.UseReview(r.Context(), p.OrgID, u.ID); err == nil {
			u.AISystemID, u.AISystemRef, u.AISystemName = cur.AISystemID, cur.AISystemRef, cur.AISystemName
		}
	}
	title := "Edit " + u.Ref
	if isNew {
		title = "Record a use review"
	}
	v := useReviewFormView{layout: s.layoutFor(w, r, title), Review: u, New: isNew, Members: members.Items, Systems: systems,
		Methods: aims.UseMethods, Outcomes: aims.UseOutcomes}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "use_review_form", v)
}

func (s *Server) newUseReviewPage(w http.ResponseWriter, r *http.Request) error {
	qr := newQueryReader(r.URL.Query())
	u := aims.UseReview{ReviewedOn: s.today(), AISystemID: qr.int64("ai_system_id"), Method: aims.UseMethodOutputs, Outcome: aims.UseAsIntended}
	if qr.err() != nil {
		u.AISystemID = 0
	}
	return s.useReviewForm(w, r, http.StatusOK, u, true, formMessage{})
}

func useReviewFromForm(r *http.Request) (aims.UseReview, error) {
	var u aims.UseReview
	if err := parseForm(r); err != nil {
		return u, err
	}
	f, errs := r.PostForm, map[string]string{}
	u.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system of the list") // new reviews only
	u.ReviewedOn = formDate(errs, "reviewed_on", f.Get("reviewed_on"))
	u.PeriodFrom = formDate(errs, "period_from", f.Get("period_from"))
	u.PeriodTo = formDate(errs, "period_to", f.Get("period_to"))
	u.NextReview = formDate(errs, "next_review", f.Get("next_review"))
	u.Method, u.Outcome = aims.UseMethod(f.Get("method")), aims.UseOutcome(f.Get("outcome"))
	u.IntendedUse, u.ActualUse, u.Deviations, u.Actions = f.Get("intended_use"), f.Get("actual_use"), f.Get("deviations"), f.Get("actions")
	u.ReviewerID = formInt64(errs, "reviewer_id", f.Get("reviewer_id"), "must be a member")
	return u, validationOf(errs)
}
