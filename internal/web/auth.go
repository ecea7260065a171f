package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// Sign-in limits. Guessing is limited per client address (an IPv6 address
// counts by its /64, which one customer usually holds whole), and per
// account and address together, so a stranger hammering one person's
// account from one address exhausts only their own allowance, never the
// person's. A per-account ceiling bounds guessing from many addresses at
// once; it refills faster than any one address may try, so a single
// address can never drain it. A browser that has signed in to the account
// before carries a device cookie that exempts it from that ceiling: a
// stranger with many addresses can slow down new browsers, never lock the
// person out of theirs. At 120 tries an hour against argon2id and
// passwords of 12 characters or more, guessing is hopeless.
const (
	addressBurst      = 10
	addressEvery      = 6 * time.Second // 10 a minute per address
	accountIPBurst    = 5
	accountIPEvery    = 2 * time.Minute // then 30 an hour per account and address
	accountBurst      = 30
	accountEvery      = 30 * time.Second // 120 an hour per account, from all addresses
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
	Email  string
	Next   string
	Forgot bool // a reset link can be e-mailed
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) error {
	v := signinView{layout: s.layoutFor(w, r, "Sign in"), Next: safeNext(r.URL.Query().Get("next")), Forgot: s.cfg.Mail}
	return s.render(w, r, http.StatusOK, "signin", v)
}

// safeNext keeps the redirect after sign-in on this site: it accepts only
// a path on this server (no scheme, no host, not "//" or "/\", which
// browsers read as another host) made of visible characters, since
// browsers drop tabs and newlines inside a URL and would then read what
// is left. Anything else goes home.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, c := range next {
		if c == '\\' || unicode.IsSpace(c) || unicode.IsControl(c) || !unicode.IsPrint(c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// checkSignIn applies the sign-in limits and checks a password, taking the
// same time whether or not the account exists. A refused attempt on a
// known account goes to the security log of its organizations.
func (s *Server) checkSignIn(w http.ResponseWriter, r *http.Request, email, password string) (sqlstore.Account, error) {
	ip := s.clientIP(r)
	acct, err := s.store.AccountByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, aims.ErrNotFound) {
		return acct, err
	}
	limits := []struct {
		key   string
		burst int
		every time.Duration
		who   string
	}{
		{"ip:" + addressKey(ip), addressBurst, addressEvery, "from your address"},
		{"account-ip:" + email + "\x00" + addressKey(ip), accountIPBurst, accountIPEvery, "for this account from your address"},
	}
	if !s.knownDevice(r, acct) {
		limits = append(limits, struct {
			key   string
			burst int
			every time.Duration
			who   string
		}{"account:" + email, accountBurst, accountEvery, "for this account"})
	}
	for _, l := range limits {
		if ok, wait := s.limiter.allow(l.key, l.burst, l.every); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			return sqlstore.Account{}, &httpError{status: http.StatusTooManyRequests,
				msg: "Too many sign-in attempts " + l.who + ". Wait " + waitText(wait) + " and try again."}
		}
	}
	if email == "" || password == "" || len(password) > aims.MaxPassword {
		return sqlstore.Account{}, &httpError{status: http.StatusUnprocessableEntity, msg: "Enter your e-mail address and password."}
	}
	hash := acct.PasswordHash
	if hash == "" {
		hash = dummyPasswordHash // same work whether or not the account exists
	}
	var ok bool
	if err := s.argon2(r.Context(), func() { ok, err = secret.CheckPassword(hash, password) }); err != nil {
		return acct, err
	}
	if err != nil || !ok || acct.PasswordHash == "" {
		if err := s.store.SignInRefused(r.Context(), acct.ID, aims.SecuritySignInFailed, ip, "wrong password"); err != nil {
			return acct, err
		}
		return acct, &httpError{status: http.StatusUnauthorized, msg: "The e-mail address or password is wrong."}
	}
	s.rememberDevice(w, r, acct)
	return acct, nil
}

// addressKey is the part of a client address the limits count by: the
// whole IPv4 address, or the /64 of an IPv6 one.
func addressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() || a.Is4In6() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}

const deviceCookie = "aims_device"

// deviceMAC is the device cookie's signature: over a fixed-length nonce,
// the account's ID and a digest of its password hash, so that it names
// one account and a password reset voids it.
func (s *Server) deviceMAC(nonce []byte, acct sqlstore.Account) []byte {
	m := hmac.New(sha256.New, s.cfg.DeviceKey)
	m.Write([]byte("aims-device-v1\x00"))
	m.Write(nonce)
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(acct.ID)))
	pw := sha256.Sum256([]byte(acct.PasswordHash))
	m.Write(pw[:])
	return m.Sum(nil)
}

const deviceNonce = 16

// rememberDevice marks this browser as one that has signed in to the
// account, for a year. The cookie names no account: it is a nonce and a
// signature that only the account verifies.
func (s *Server) rememberDevice(w http.ResponseWriter, r *http.Request, acct sqlstore.Account) {
	if len(s.cfg.DeviceKey) == 0 {
		return
	}
	nonce := make([]byte, deviceNonce)
	rand.Read(nonce)
	v := base64.RawURLEncoding.EncodeToString(nonce) + "." + base64.RawURLEncoding.EncodeToString(s.deviceMAC(nonce, acct))
	s.setCookie(w, r, deviceCookie, v, 365*24*3600)
}

// knownDevice reports whether the browser has signed in to the account,
// with its present password, before.
func (s *Server) knownDevice(r *http.Request, acct sqlstore.Account) bool {
	c, err := r.Cookie(deviceCookie)
	if err != nil || len(s.cfg.DeviceKey) == 0 || acct.ID == 0 || acct.PasswordHash == "" {
		return false
	}
	n, sig, ok := strings.Cut(c.Value, ".")
	nonce, err1 := base64.RawURLEncoding.DecodeString(n)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	return ok && err1 == nil && err2 == nil && len(nonce) == deviceNonce && hmac.Equal(mac, s.deviceMAC(nonce, acct))
}

// waitText says how long to wait, in words.
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return "a minute"
	}
	return strconv.Itoa(int(d.Minutes())+1) + " minutes"
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	v := signinView{layout: s.layoutFor(w, r, "Sign in"), Email: email, Next: safeNext(r.PostForm.Get("next")), Forgot: s.cfg.Mail}
	acct, err := s.checkSignIn(w, r, email, r.PostForm.Get("password"))
	if err != nil {
		var he *httpError
		if errors.As(err, &he) {
			v.ErrorText = he.msg
			return s.render(w, r, he.status, "signin", v)
		}
		return err
	}
	orgs, err := s.store.Memberships(r.Context(), acct.ID)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		if err := s.store.SignInRefused(r.Context(), acct.ID, aims.SecuritySignInRefused, s.clientIP(r), "no active access to any organization"); err != nil {
			return err
		}
		v.ErrorText = "Your account has no active access to any organization. Ask an admin, or open the invitation link you were sent."
		return s.render(w, r, http.StatusForbidden, "signin", v)
	}
	if err := s.startSession(w, r, acct.ID, orgs[0].OrgID); err != nil {
		return err
	}
	http.Redirect(w, r, v.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID, orgID int64) error {
	token := secret.Token("")
	if err := s.store.CreateSession(r.Context(), secret.HashToken(token), userID, orgID, s.cfg.SessionMax, s.clientIP(r)); err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, token, int(s.cfg.SessionMax.Seconds()))
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.RevokeSession(r.Context(), secret.HashToken(c.Value), s.clientIP(r)); err != nil {
			return err
		}
	}
	s.setCookie(w, r, sessionCookie, "", -1)
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
	if err := s.store.SwitchOrganization(r.Context(), secret.HashToken(c.Value), p.UserID, orgID, s.clientIP(r)); err != nil {
		return err
	}
	return s.redirect(w, r, "/", "")
}

// inviteView is the invitation page. Whoever holds the link sees the same
// page whatever the state of the account, since the inviting admin holds
// it too: choose a password (a new account), or sign in (an account that
// exists) to consent to joining. Only a browser already signed in to the
// invited account is offered one click to accept.
type inviteView struct {
	layout
	Token    string
	Inv      sqlstore.Invitation
	SignedAs string // the e-mail of the account signed in on this browser, if any
	Email    string // typed into the sign-in form
}

// Mine reports whether the browser is signed in to the invited account.
func (v inviteView) Mine() bool { return v.SignedAs != "" && v.SignedAs == v.Inv.Email }

var errInvitationGone = &httpError{status: http.StatusNotFound,
	msg: "This invitation link is unknown, used, replaced or expired. Ask the organization's admin for a new one."}

// invitation finds the invitation a link names, and who is signed in on
// this browser (the route is public: signing in is optional here).
func (s *Server) invitation(w http.ResponseWriter, r *http.Request) (inviteView, aims.Principal, error) {
	token := r.PathValue("token")
	inv, err := s.store.Invitation(r.Context(), secret.HashToken(token))
	if errors.Is(err, aims.ErrNotFound) {
		return inviteView{}, aims.Principal{}, errInvitationGone
	}
	if err != nil {
		return inviteView{}, aims.Principal{}, err
	}
	var p aims.Principal
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		p, _ = s.store.SessionPrincipal(r.Context(), secret.HashToken(c.Value), s.cfg.SessionIdle)
	}
	v := inviteView{layout: s.layoutFor(w, r, "Join "+inv.OrgName), Token: token, Inv: inv, SignedAs: p.Email, Email: inv.Email}
	return v, p, nil
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.invitation(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "invite", v)
}

// acceptInvite takes the invitation page's answer: a new password for an
// account without one, or consent from the invited account, signed in
// already or signing in here.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	if ok, _ := s.limiter.allow("ip:"+addressKey(s.clientIP(r)), addressBurst, addressEvery); !ok {
		return &httpError{status: http.StatusTooManyRequests, msg: "Too many attempts. Wait a minute and try again."}
	}
	if err := parseForm(r); err != nil {
		return err
	}
	v, p, err := s.invitation(w, r)
	if err != nil {
		return err
	}
	hash := secret.HashToken(v.Token)
	refuse := func(status int, msg string, fields map[string]string) error {
		v.ErrorText, v.Errors = msg, fields
		return s.render(w, r, status, "invite", v)
	}
	// Worded the same whatever the reason, which the inviting admin, who
	// holds the link, must not learn.
	cannotSet := func() error {
		s.log.Warn("invitation-password-refused", "org", v.Inv.OrgID, "account", v.Inv.UserID, "ip", s.clientIP(r))
		return refuse(http.StatusConflict, "This invitation cannot set a password. If you use aims with "+v.Inv.Email+
			" already, sign in below to accept; otherwise open the first invitation you received, or ask whoever runs aims.", nil)
	}
	var inv sqlstore.Invitation
	switch r.PostForm.Get("action") {
	case "password":
		if v.Inv.HasPassword || !v.Inv.SetsPassword {
			return cannotSet() // before the costly hashing; the store checks again
		}
		password := r.PostForm.Get("password")
		if err := aims.CheckPassword(password); err != nil {
			return refuse(http.StatusUnprocessableEntity, "Choose a password that meets the rules.", err.(*aims.ValidationError).Fields)
		}
		if password != r.PostForm.Get("confirm") {
			return refuse(http.StatusUnprocessableEntity, "The two passwords differ.", map[string]string{"confirm": "does not match the password"})
		}
		var pwHash string
		if err := s.argon2(r.Context(), func() { pwHash, err = secret.HashPassword(password) }); err != nil {
			return err
		}
		if err != nil {
			return err
		}
		if inv, err = s.store.AcceptWithPassword(r.Context(), hash, pwHash, s.clientIP(r)); errors.Is(err, sqlstore.ErrCannotSetPassword) {
			return cannotSet()
		}
	case "accept":
		if !v.Mine() {
			return refuse(http.StatusForbidden, "Sign in as "+v.Inv.Email+" to accept this invitation.", nil)
		}
		inv, err = s.store.AcceptAs(r.Context(), hash, p.UserID, s.clientIP(r))
	case "signin":
		v.Email = strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
		acct, serr := s.checkSignIn(w, r, v.Email, r.PostForm.Get("password"))
		var he *httpError
		if errors.As(serr, &he) {
			return refuse(he.status, he.msg, nil)
		}
		if serr != nil {
			return serr
		}
		if acct.ID != v.Inv.UserID {
			return refuse(http.StatusForbidden, "This invitation is for "+v.Inv.Email+"; you signed in as another account.", nil)
		}
		inv, err = s.store.AcceptAs(r.Context(), hash, acct.ID, s.clientIP(r))
	default:
		return badRequest("The form does not say what to do with the invitation.")
	}
	if errors.Is(err, aims.ErrNotFound) {
		return errInvitationGone
	}
	if err != nil {
		return err
	}
	if c, cerr := r.Cookie(sessionCookie); r.PostForm.Get("action") == "accept" && cerr == nil {
		err = s.store.SwitchOrganization(r.Context(), secret.HashToken(c.Value), inv.UserID, inv.OrgID, s.clientIP(r))
	} else {
		err = s.startSession(w, r, inv.UserID, inv.OrgID)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/", "Welcome to "+inv.OrgName+".")
}
