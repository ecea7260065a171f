package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// Password reset by e-mail, offered when a mail server is configured. The
// reply to "forgot my password" is the same whether or not the address
// has an account, and the mail leaves later from the outbox, so neither the
// page nor its timing tells an asker which addresses use aims.

type resetView struct {
	layout
	Token string
	Sent  bool
	Valid bool
}

// forgotLimit caps requests from one address, on top of the per-account cap
// the store keeps.
const (
	forgotBurst = 5
	forgotEvery = 2 * time.Minute
)

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Mail {
		return aims.ErrNotFound
	}
	return s.render(w, r, http.StatusOK, "forgot", resetView{layout: s.layoutFor(w, r, "Forgot your password")})
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Mail {
		return aims.ErrNotFound
	}
	if ok, wait := s.limiter.allow("forgot:"+addressKey(s.clientIP(r)), forgotBurst, forgotEvery); !ok {
		return &httpError{status: http.StatusTooManyRequests, msg: "Too many requests from your address. Wait " + waitText(wait) + " and try again."}
	}
	if err := parseForm(r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	v := resetView{layout: s.layoutFor(w, r, "Forgot your password")}
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		v.Errors, v.ErrorText = map[string]string{"email": "enter the address you sign in with"}, "Enter your e-mail address."
		return s.render(w, r, http.StatusUnprocessableEntity, "forgot", v)
	}
	// The request runs after the reply: finding the account and queueing
	// its link takes longer than finding nothing, and the reply must not
	// tell which happened. At most a few run at once; beyond that the
	// request is dropped (the per-address limit makes that rare).
	select {
	case s.resetSlots <- struct{}{}:
		s.resets.Add(1)
		go func() {
			defer func() { <-s.resetSlots; s.resets.Done() }()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			token := secret.Token("")
			err := s.store.RequestPasswordReset(ctx, email, secret.HashToken(token), func(name string) (string, string) {
				return "Reset your aims password", "Hello " + name + ",\n\nsomeone, probably you, asked to reset the password of your aims account.\n" +
					"To choose a new password, open this link within the hour:\n\n" + s.cfg.BaseURL + "/reset/" + token + "\n\n" +
					"Resetting ends your sessions, calendar feeds and other reset links, and revokes your API tokens, as any password change does.\n" +
					"If you did not ask, ignore this message: your password stays as it is.\n"
			})
			if err != nil {
				s.log.Error("password reset request", "err", err)
			}
		}()
	default:
		s.log.Warn("password reset request dropped: too many at once")
	}
	v.Sent = true
	return s.render(w, r, http.StatusOK, "forgot", v)
}

func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Mail {
		return aims.ErrNotFound
	}
	token := r.PathValue("token")
	v := resetView{layout: s.layoutFor(w, r, "Choose a new password"), Token: token, Valid: s.store.PasswordResetValid(r.Context(), secret.HashToken(token))}
	status := http.StatusOK
	if !v.Valid {
		status = http.StatusNotFound
	}
	return s.render(w, r, status, "reset", v)
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Mail {
		return aims.ErrNotFound
	}
	if ok, _ := s.limiter.allow("ip:"+addressKey(s.clientIP(r)), addressBurst, addressEvery); !ok {
		return &httpError{status: http.StatusTooManyRequests, msg: "Too many attempts. Wait a minute and try again."}
	}
	if err := parseForm(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	hash := secret.HashToken(token)
	v := resetView{layout: s.layoutFor(w, r, "Choose a new password"), Token: token, Valid: true}
	if !s.store.PasswordResetValid(r.Context(), hash) { // before the costly hashing; the store checks again
		v.Valid = false
		return s.render(w, r, http.StatusNotFound, "reset", v)
	}
	password := r.PostForm.Get("password")
	if err := aims.CheckPassword(password); err != nil {
		v.ErrorText, v.Errors = "Choose a password that meets the rules.", err.(*aims.ValidationError).Fields
		return s.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	if password != r.PostForm.Get("confirm") {
		v.ErrorText, v.Errors = "The two passwords differ.", map[string]string{"confirm": "does not match the password"}
		return s.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	var pwHash string
	var err error
	if aerr := s.argon2(r.Context(), func() { pwHash, err = secret.HashPassword(password) }); aerr != nil {
		return aerr
	}
	if err != nil {
		return err
	}
	if err := s.store.ResetPassword(r.Context(), hash, pwHash, s.clientIP(r)); errors.Is(err, sqlstore.ErrResetInvalid) {
		v.Valid = false
		return s.render(w, r, http.StatusNotFound, "reset", v)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/signin", "Your password was changed. Sign in with the new one.")
}
