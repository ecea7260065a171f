package web

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

// The public reporting page (A.3.3): /report/{key}, for anyone, with no
// sign-in and no JavaScript. It shows the organization's name and nothing
// else of it, never looks up accounts, and protects itself: a small body
// limit, a limit per client address, a daily ceiling per organization
// held in the database, and a honeypot field. The key and the follow-up
// code are secrets the request log never shows: the key is in the path,
// which the log redacts, and the code is only ever posted.

const (
	reportBody       = 192 << 10 // a description of 10,000 characters, percent-encoded, fits
	reportBurst      = 5
	reportEvery      = 12 * time.Minute // 5 an hour per address
	reportCheckBurst = 10
	reportCheckEvery = 30 * time.Second // follow-up codes tried, per address
)

var errReportGone = &httpError{status: http.StatusNotFound, msg: "There is no reporting page at this address."}

type reportView struct {
	layout
	Key        string
	OrgName    string
	Categories []aims.ConcernCategory
	In         aims.PublicConcern
	Code       string                  // the follow-up code, shown once after a submission
	Status     *aims.ConcernStatusView // the answer to a follow-up code
	NoMatch    bool
}

// reportPage finds the organization a key names; an unknown, rotated or
// disabled key is simply not found.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) (reportView, int64, error) {
	key := r.PathValue("key")
	if len(key) > 64 {
		return reportView{}, 0, errReportGone
	}
	orgID, name, err := s.store.PublicChannel(r.Context(), key)
	if errors.Is(err, aims.ErrNotFound) {
		return reportView{}, 0, errReportGone
	}
	if err != nil {
		return reportView{}, 0, err
	}
	w.Header().Set("Cache-Control", "no-store")
	v := reportView{layout: s.layoutFor(w, r, "Report a concern to "+name), Key: key, OrgName: name, Categories: aims.ConcernCategories}
	return v, orgID, nil
}

func (s *Server) publicReportForm(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.reportPage(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "report", v)
}

func (s *Server) tooMany(w http.ResponseWriter, wait time.Duration, msg string) error {
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	return &httpError{status: http.StatusTooManyRequests, msg: msg}
}

// publicReport takes a concern from the public form and shows the
// follow-up code once.
func (s *Server) publicReport(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, reportBody)
	v, orgID, err := s.reportPage(w, r)
	if err != nil {
		return err
	}
	if ok, wait := s.limiter.allow("report:"+addressKey(s.clientIP(r)), reportBurst, reportEvery); !ok {
		return s.tooMany(w, wait, "Too many concerns were sent from your address. Wait "+waitText(wait)+" and try again.")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("website") != "" { // the honeypot: people never see it
		return badRequest("The concern could not be accepted.")
	}
	v.In = aims.PublicConcern{Category: aims.ConcernCategory(f.Get("category")), Description: f.Get("description"),
		Name: f.Get("name"), Contact: f.Get("contact")}
	code := followUpCode()
	_, err = s.store.ReportConcern(r.Context(), orgID, v.In, secret.HashToken(normalCode(code)))
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Errors, v.ErrorText = ve.Fields, "The concern was not sent. Correct the fields marked below."
		return s.render(w, r, http.StatusUnprocessableEntity, "report", v)
	case errors.Is(err, aims.ErrConcernCeiling):
		return s.tooMany(w, time.Hour, "This reporting page has received many concerns today and cannot take more for now. "+
			"Please try again tomorrow, or contact "+v.OrgName+" another way.")
	case err != nil:
		return err
	}
	v.Code, v.In = code, aims.PublicConcern{}
	return s.render(w, r, http.StatusOK, "report", v)
}

// publicReportStatus answers a follow-up code, posted so that it never
// appears in an address or a log. A wrong code gets the same neutral
// reply whatever the reason, and codes are limited per address.
func (s *Server) publicReportStatus(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	v, orgID, err := s.reportPage(w, r)
	if err != nil {
		return err
	}
	if ok, wait := s.limiter.allow("report-code:"+addressKey(s.clientIP(r)), reportCheckBurst, reportCheckEvery); !ok {
		return s.tooMany(w, wait, "Too many follow-up codes were tried from your address. Wait "+waitText(wait)+" and try again.")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	code := normalCode(r.PostForm.Get("code"))
	if code == "" || len(code) > 64 {
		v.NoMatch = true
		return s.render(w, r, http.StatusOK, "report", v)
	}
	st, err := s.store.ConcernStatus(r.Context(), orgID, secret.HashToken(code))
	switch {
	case errors.Is(err, aims.ErrNotFound):
		v.NoMatch = true
	case err != nil:
		return err
	default:
		v.Status = &st
	}
	return s.render(w, r, http.StatusOK, "report", v)
}

// followUpCode is a reporter's code: 120 random bits in 24 letters and
// digits, grouped by four so it can be written down.
func followUpCode() string {
	b := make([]byte, 15)
	rand.Read(b)
	raw := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	var parts []string
	for i := 0; i < len(raw); i += 4 {
		parts = append(parts, raw[i:min(i+4, len(raw))])
	}
	return strings.Join(parts, "-")
}

// normalCode is a code as typed, made comparable: upper case, without the
// dashes and spaces people add or leave out.
func normalCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, strings.TrimSpace(code))
}
