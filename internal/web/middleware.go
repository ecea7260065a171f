package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	pathpkg "path"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

// maxBody caps request bodies: forms and JSON records are small, and a cap
// keeps one request from tying up memory.
const maxBody = 1 << 20

const sessionCookie = "aims_session"

// build registers every route on a mux and wraps it in the middleware that
// applies to all requests.
func (s *Server) build() http.Handler {
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range s.routes {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
		if rt.api {
			allowed[rt.path] = append(allowed[rt.path], rt.method)
		}
	}
	// An API address called with the wrong method gets a 405 problem
	// document like every other API error, not the mux's plain text.
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.fail(w, r, true, &httpError{status: http.StatusMethodNotAllowed, msg: "This address answers " + allow + ", not " + r.Method + "."})
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), errNoRoute)
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), errCrossOrigin)
	}))
	return s.recoverer(s.logged(s.securityHeaders(csrf.Handler(mux))))
}

var (
	errNoRoute     = &httpError{status: http.StatusNotFound, msg: "There is no page or API route at this address."}
	errCrossOrigin = &httpError{status: http.StatusForbidden, msg: "Cross-origin request refused. Submit the form from this site's own pages."}
	errSignIn      = &httpError{status: http.StatusUnauthorized, msg: "Sign in, or send an API token as Authorization: Bearer TOKEN."}
	errTokenOnPage = &httpError{status: http.StatusUnauthorized, msg: "API tokens work on the API (/api/v1/...; see /api/openapi.json), not on the browser's pages."}
	errReadOnly    = &httpError{status: http.StatusForbidden, msg: "This API token is read-only: it cannot change anything."}
)

// wrap adds what every route needs before its handler runs: the body limit,
// who is acting, and the permission check, the one place roles are checked.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBody)
		if rt.maxBody > 0 {
			limit = rt.maxBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if !rt.public {
			p, err := s.authenticate(r, rt.api)
			if err != nil {
				if errors.Is(err, errSignIn) && !rt.api {
					http.Redirect(w, r, "/signin?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, rt.api || errors.Is(err, errTokenOnPage), err)
				return
			}
			if !p.Role.Can(rt.perm) {
				s.fail(w, r, rt.api, aims.ErrForbidden)
				return
			}
			if p.ReadOnly && rt.writes() {
				s.fail(w, r, rt.api, errReadOnly)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), principalKey, p))
			w.Header().Set("Cache-Control", "no-store")
		}
		if err := rt.h(w, r); err != nil {
			s.fail(w, r, rt.api, err)
		}
	})
}

// authenticate finds who is acting: an API token (API routes only) or the
// session cookie.
func (s *Server) authenticate(r *http.Request, api bool) (aims.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		if !api {
			return aims.Principal{}, errTokenOnPage
		}
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return aims.Principal{}, errSignIn
		}
		p, err := s.store.TokenPrincipal(r.Context(), secret.HashToken(strings.TrimSpace(token)))
		if errors.Is(err, aims.ErrNotFound) {
			return p, errSignIn
		}
		return p, err
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return aims.Principal{}, errSignIn
	}
	p, err := s.store.SessionPrincipal(r.Context(), secret.HashToken(c.Value), s.cfg.SessionIdle)
	if errors.Is(err, aims.ErrNotFound) {
		return p, errSignIn
	}
	return p, err
}

// securityHeaders sets the headers every response carries. The content
// security policy allows only this server's own scripts, styles and images:
// no inline script, no third-party origin. HSTS goes with TLS, whether it
// ends here or at the proxy in front (--secure-cookies says there is one).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status a handler wrote, for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logged gives each request an ID and logs one line when it ends: route,
// status, duration and how many SQL queries it ran.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		ctx, queries := sqlstore.CountQueries(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		next.ServeHTTP(sw, r.WithContext(ctx))
		s.log.LogAttrs(ctx, levelFor(sw.status), "request",
			slog.String("id", id), slog.String("method", r.Method), slog.String("path", redactedURL(r.URL)),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)), slog.Int("queries", int(queries())))
	})
}

// recoverer turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", redactedURL(r.URL), "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// clientIP is the address rate limits are keyed on.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			parts := strings.Split(f, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// levelFor logs server errors as errors and everything else as info.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// secretPaths are the paths whose segment after the prefix is a secret
// (an invitation, a reset link, a calendar feed, a public reporting
// page's key). The log shows them as the route, never the secret.
var secretPaths = []string{"/invite/", "/reset/", "/calendar/", "/report/"}

// secretParams are query parameters that may carry a secret; their values
// are never logged.
var secretParams = []string{"token", "access_token", "password", "secret", "key", "code", "invite", "session"}

// redactedURL is the request's path and query as the log may show them:
// secrets in paths and in query values replaced by [redacted]. Sessions
// and API tokens travel in headers, which are not logged at all.
// The check reads the path as the router does, decoded and cleaned, so
// "/%63alendar/…" or "//calendar/…" is recognized too; such a path is
// logged as its cleaned prefix.
func redactedURL(u *url.URL) string {
	path := u.EscapedPath()
	clean := pathpkg.Clean("/" + u.Path)
	for _, prefix := range secretPaths {
		if strings.HasPrefix(clean+"/", prefix) && len(clean) >= len(prefix) {
			path = prefix + "[redacted]"
		}
	}
	if u.RawQuery == "" {
		return path
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return path + "?[unreadable query]"
	}
	for k := range q {
		for _, p := range secretParams {
			if strings.Contains(strings.ToLower(k), p) {
				q[k] = []string{"[redacted]"}
			}
		}
	}
	return path + "?" + q.Encode()
}
