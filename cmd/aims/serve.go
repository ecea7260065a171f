package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/blob"
	"aims/internal/mail"
	"aims/internal/notify"
	"aims/internal/sqlstore"
	"aims/internal/web"
)

// cmdServe serves the web UI and API; with demo set it first creates the
// demo organization when it is absent.
func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, demo bool) error {
	start := time.Now()
	name := "serve"
	if demo {
		name = "demo"
	}
	fs := newFlags(name, stderr)
	var st storage
	st.register(fs, getenv)
	addr := fs.String("addr", envOr(getenv, "AIMS_ADDR", "127.0.0.1:8080"), "listen address (env AIMS_ADDR)")
	secure := fs.Bool("secure-cookies", getenv("AIMS_SECURE_COOKIES") == "true", "mark cookies Secure, for serving behind a TLS proxy (env AIMS_SECURE_COOKIES=true)")
	maxUpload := fs.Int64("max-upload-mb", envInt(getenv, "AIMS_MAX_UPLOAD_MB", 100), "largest evidence file taken, in MiB (env AIMS_MAX_UPLOAD_MB)")
	trustProxy := fs.Bool("trust-proxy", getenv("AIMS_TRUST_PROXY") == "true", "take client addresses from X-Forwarded-For (env AIMS_TRUST_PROXY=true)")
	baseURL := fs.String("base-url", getenv("AIMS_BASE_URL"), "the address people reach aims at, for links in e-mail (env AIMS_BASE_URL)")
	smtpAddr := fs.String("smtp", getenv("AIMS_SMTP"), "mail server host:port; without it nothing is e-mailed (env AIMS_SMTP; the account is AIMS_SMTP_USER and AIMS_SMTP_PASSWORD)")
	smtpFrom := fs.String("smtp-from", getenv("AIMS_SMTP_FROM"), "sender address of aims's e-mail (env AIMS_SMTP_FROM)")
	smtpSecurity := fs.String("smtp-security", envOr(getenv, "AIMS_SMTP_SECURITY", "starttls"), "starttls, tls, or none for a trusted relay (env AIMS_SMTP_SECURITY)")
	webhookHosts := fs.String("webhook-hosts", getenv("AIMS_WEBHOOK_HOSTS"), "comma-separated hosts webhooks may call (\"*.example.org\" for subdomains); empty allows any public host (env AIMS_WEBHOOK_HOSTS)")
	webhookPrivate := fs.Bool("webhook-allow-private", getenv("AIMS_WEBHOOK_ALLOW_PRIVATE") == "true", "let webhooks call loopback, private and link-local addresses, this server's own included (env AIMS_WEBHOOK_ALLOW_PRIVATE=true)")
	digestHour := fs.Int("digest-hour", 6, "hour of the day (UTC) from which the daily digest of due work is e-mailed")
	if err := parse(fs, args); err != nil {
		return err
	}
	var sender *mail.Sender
	if *smtpAddr != "" {
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" && u.Path != "/" {
			return exitError{code: 2, msg: "e-mail needs --base-url (AIMS_BASE_URL): the address people open aims at, such as https://aims.example.org"}
		}
		*baseURL = strings.TrimSuffix(*baseURL, "/")
		if sender, err = mail.NewSender(mail.Config{Addr: *smtpAddr, From: *smtpFrom, User: getenv("AIMS_SMTP_USER"),
			Password: getenv("AIMS_SMTP_PASSWORD"), Security: *smtpSecurity}); err != nil {
			return exitError{code: 2, msg: err.Error()}
		}
	}
	policy := aims.WebhookPolicy{AllowPrivate: *webhookPrivate}
	for _, h := range strings.Split(*webhookHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			policy.Hosts = append(policy.Hosts, h)
		}
	}
	if *digestHour < 0 || *digestHour > 23 {
		return exitError{code: 2, msg: "--digest-hour must be between 0 and 23"}
	}
	if *maxUpload < 1 || *maxUpload > 1<<20 {
		return exitError{code: 2, msg: "--max-upload-mb must be between 1 and 1048576"}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv("AIMS_LOG_LEVEL"))}))
	store, err := st.open(ctx, log)
	if err != nil {
		return err
	}
	defer store.Close()
	cat, err := loadCatalog()
	if err != nil {
		return err
	}
	key, err := st.auditKey(false) // open made it if it was missing
	if err != nil {
		return err
	}
	var signin string
	if demo {
		openAt := func(clock func() time.Time) (*sqlstore.Store, error) {
			return sqlstore.Open(ctx, st.source(), sqlstore.Options{AuditKey: key, Now: clock, Logger: log})
		}
		if signin, err = ensureDemo(ctx, store, openAt, time.Now()); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	// Uploads a stopped server was taking in are of no use to anyone.
	if n, err := blob.Sweep("", 24*time.Hour, time.Now()); err != nil || n > 0 {
		log.Info("removed unfinished uploads", slog.Int("files", n), slog.Any("err", err))
	}
	srv, err := web.NewServer(web.Config{SecureCookies: *secure, TrustProxy: *trustProxy, Version: version,
		DeviceKey: key.Derive("device cookie"), MaxUploadBytes: *maxUpload << 20, Mail: sender != nil, BaseURL: *baseURL, Webhooks: policy}, store, cat, log, nil)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "aims %s serving on %s (%s), ready in %s\n", version, url, st.describe(), time.Since(start).Round(time.Millisecond))
	if demo {
		fmt.Fprintf(stdout, "demo sign-in: %s\n", signin)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	sched := &notify.Scheduler{Store: store, Mail: sender, Catalog: cat, Log: log, Now: time.Now, BaseURL: *baseURL,
		DigestHour: *digestHour, Link: web.RecordLink, Webhooks: policy}
	schedCtx, stopSched := context.WithCancel(ctx)
	defer stopSched()
	go sched.Run(schedCtx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if l.UnmarshalText([]byte(s)) != nil {
		return slog.LevelInfo
	}
	return l
}

// envInt reads a whole number from the environment, or def; a value that
// is not a number is left for the flag's range check to refuse.
func envInt(getenv func(string) string, key string, def int64) int64 {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return -1
	}
	return n
}
