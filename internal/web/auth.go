package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

// Sign-in limits: per client address, and per account so that guessing
// one person's password from many addresses is slow too.
const (
	signinBurst       = 10
	signinEvery       = 6 * time.Second // 10 a minute per address
	accountBurst      = 5
	accountEvery      = time.Minute
	dummyPasswordHash = "$argon2id$v=19$m=65536,t=3,p=2$jF31vvmWxP3S2ThUgwamGQ$o518hQHgVBPpCMpupvlVBmz+Bkx7ot6tD8QzjnCXLtM"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		return &httpError{status: http.StatusServiceUnavailable, msg: "database unavailable"}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

type signinView struct {
	layout
	Email string
	Next  string
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) error {
	v := signinView{layout: s.layoutFor(w, r, "Sign in"), Next: safeNext(r.URL.Query().Get("next"))}
	return s.render(w, r, http.StatusOK, "signin", v)
}

// safeNext keeps the post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	password := r.PostForm.Get("password")
	v := signinView{layout: s.layoutFor(w, r, "Sign in"), Email: email, Next: safeNext(r.PostForm.Get("next"))}
	refuse := func(status int, msg string) error {
		v.ErrorText = msg
		return s.render(w, r, status, "signin", v)
	}
	if ok, wait := s.limiter.allow("ip:"+s.clientIP(r), signinBurst, signinEvery); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return refuse(http.StatusTooManyRequests, "Too many sign-in attempts from your address. Wait a minute and try again.")
	}
	if ok, wait := s.limiter.allow("account:"+email, accountBurst, accountEvery); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return refuse(http.StatusTooManyRequests, "Too many sign-in attempts for this account. Wait a minute and try again.")
	}
	if email == "" || password == "" || len(password) > aims.MaxPassword {
		return refuse(http.StatusUnprocessableEntity, "Enter your e-mail address and password.")
	}
	acct, err := s.store.AccountByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, aims.ErrNotFound) {
		return err
	}
	hash := acct.PasswordHash
	if hash == "" {
		hash = dummyPasswordHash // same work whether or not the account exists
	}
	var ok bool
	s.argon2(func() { ok, err = secret.CheckPassword(hash, password) })
	if err != nil || !ok || acct.PasswordHash == "" {
		return refuse(http.StatusUnauthorized, "The e-mail address or password is wrong.")
	}
	orgs, err := s.store.Memberships(r.Context(), acct.ID)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return refuse(http.StatusForbidden, "Your account has no active access to any organization. Ask an admin.")
	}
	if err := s.startSession(w, r, acct.ID, orgs[0].OrgID); err != nil {
		return err
	}
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID, orgID int64) error {
	token := secret.Token("")
	if err := s.store.CreateSession(r.Context(), secret.HashToken(token), userID, orgID, s.cfg.SessionMax); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: int(s.cfg.SessionMax.Seconds())})
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.RevokeSession(r.Context(), secret.HashToken(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return s.redirect(w, r, "/signin", "You are signed out.")
}

func (s *Server) switchOrg(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	orgID, err := strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64)
	if err != nil {
		return aims.Invalid("org_id", "must be an organization ID")
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return badRequest("Switching organization needs a signed-in browser session.")
	}
	if err := s.store.SwitchOrganization(r.Context(), secret.HashToken(c.Value), p.UserID, orgID); err != nil {
		return err
	}
	return s.redirect(w, r, "/", "")
}

type inviteView struct {
	layout
	Token   string
	OrgName string
	Email   string
	Name    string
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	inv, err := s.store.Invitation(r.Context(), secret.HashToken(token))
	if err != nil {
		if errors.Is(err, aims.ErrNotFound) {
			return &httpError{status: http.StatusNotFound, msg: "This invitation link is unknown, used or expired. Ask an admin for a new one."}
		}
		return err
	}
	v := inviteView{layout: s.layoutFor(w, r, "Accept invitation"), Token: token, OrgName: inv.OrgName, Email: inv.Email, Name: inv.Name}
	return s.render(w, r, http.StatusOK, "invite", v)
}

func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if ok, _ := s.limiter.allow("ip:"+s.clientIP(r), signinBurst, signinEvery); !ok {
		return &httpError{status: http.StatusTooManyRequests, msg: "Too many attempts. Wait a minute and try again."}
	}
	inv, err := s.store.Invitation(r.Context(), secret.HashToken(token))
	if err != nil {
		if errors.Is(err, aims.ErrNotFound) {
			return &httpError{status: http.StatusNotFound, msg: "This invitation link is unknown, used or expired. Ask an admin for a new one."}
		}
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	password := r.PostForm.Get("password")
	v := inviteView{layout: s.layoutFor(w, r, "Accept invitation"), Token: token, OrgName: inv.OrgName, Email: inv.Email, Name: inv.Name}
	if err := aims.CheckPassword(password); err != nil {
		v.Errors = err.(*aims.ValidationError).Fields
		v.ErrorText = "Choose a password that meets the rules."
		return s.render(w, r, http.StatusUnprocessableEntity, "invite", v)
	}
	if password != r.PostForm.Get("confirm") {
		v.Errors = map[string]string{"confirm": "does not match the password"}
		v.ErrorText = "The two passwords differ."
		return s.render(w, r, http.StatusUnprocessableEntity, "invite", v)
	}
	var hash string
	s.argon2(func() { hash, err = secret.HashPassword(password) })
	if err != nil {
		return err
	}
	if _, err := s.store.AcceptInvitation(r.Context(), secret.HashToken(token), hash); err != nil {
		return err
	}
	if err := s.startSession(w, r, inv.UserID, inv.OrgID); err != nil {
		return err
	}
	return s.redirect(w, r, "/", "Welcome to "+inv.OrgName+".")
}
