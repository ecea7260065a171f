// Package web serves the AIMS: the server-rendered UI, the JSON API under
// /api/v1 and its OpenAPI document, all from one route table.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/sqlstore"
)

// Config is what the server needs to know about how it is deployed.
type Config struct {
	// SecureCookies marks the session cookie Secure even when the request
	// arrived over plain HTTP, for servers behind a TLS-terminating proxy.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For, for rate
	// limiting behind a proxy.
	TrustProxy bool
	// SessionIdle and SessionMax end sessions after inactivity and in any
	// case; zero means 2 hours and 24 hours.
	SessionIdle, SessionMax time.Duration
	// Version is shown in the footer and the OpenAPI document.
	Version string
	// DeviceKey signs the cookie that marks a browser as one that has
	// signed in to an account before; replicas share it (it is derived from
	// the audit key). Without one, no browser is exempt from the
	// per-account sign-in ceiling.
	DeviceKey []byte
	// Mail says a mail server is configured: invitations are e-mailed to
	// the person rather than shown to the admin, and a forgotten password
	// can be reset by e-mail. BaseURL, required with Mail, is the address
	// people reach aims at; links in mail use it, never a request's Host.
	Mail    bool
	BaseURL string
	// Webhooks is where the operator lets webhook endpoints point.
	Webhooks aims.WebhookPolicy
	// MaxUploadBytes is the largest evidence file taken (0: DefaultMaxUpload).
	MaxUploadBytes int64
	// UploadDir holds uploads while they arrive ("" is the system's
	// temporary folder); nothing stays there.
	UploadDir string
}

// Server is the whole web application as one http.Handler.
type Server struct {
	cfg     Config
	store   *sqlstore.Store
	cat     *catalog.Catalog
	log     *slog.Logger
	now     func() time.Time
	pages   *pages
	routes  []route
	handler http.Handler
	limiter *limiter
	openapi []byte
	hashing chan struct{} // slots for argon2 work, 64 MiB each
	// resets runs requests for a reset link after the reply has gone, so
	// the reply's timing cannot tell whether the address has an account;
	// resetSlots bounds how many run at once.
	resets     sync.WaitGroup
	resetSlots chan struct{}
}

// NewServer builds the server: parses every template and the OpenAPI
// document once, so a broken template fails at start, not on a request.
func NewServer(cfg Config, store *sqlstore.Store, cat *catalog.Catalog, log *slog.Logger, now func() time.Time) (*Server, error) {
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 24 * time.Hour
	}
	if now == nil {
		now = time.Now
	}
	s := &Server{cfg: cfg, store: store, cat: cat, log: log, now: now, limiter: newLimiter(now), hashing: make(chan struct{}, 4),
		resetSlots: make(chan struct{}, 8)}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	s.routes = s.routeTable()
	if s.openapi, err = openAPIDocument(s.routes, cfg.Version); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	s.handler = s.build()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// today is the calendar day of the server's clock, in UTC.
func (s *Server) today() aims.Date { return aims.DateOf(s.now().UTC()) }

type ctxKey int

const (
	principalKey ctxKey = iota
	requestIDKey
	sessionKey
)

func principalOf(ctx context.Context) (aims.Principal, bool) {
	p, ok := ctx.Value(principalKey).(aims.Principal)
	return p, ok
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// argon2 runs password hashing with at most four at a time: each takes
// 64 MiB, and a burst of sign-ins from many addresses must not be able to
// take the memory of the machine. A request that gives up while waiting
// for a slot (the client went away, the server is shutting down) leaves
// the queue instead of hashing for nobody.
func (s *Server) argon2(ctx context.Context, f func()) error {
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.hashing }()
	f()
	return nil
}
