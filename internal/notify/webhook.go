package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"syscall"
	"time"

	"aims/internal/aims"
)

// Sign is the signature header of a delivery: the time of sending and an
// HMAC-SHA256, keyed with the endpoint's secret, over that time, a dot and
// the body. A receiver recomputes it and refuses old times, so a captured
// delivery cannot be replayed later.
func Sign(secret string, at time.Time, body []byte) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// errBlocked is a delivery the policy stopped at connection time.
var errBlocked = errors.New("the address is not allowed for webhooks")

// webhookClient sends deliveries: no proxy from the environment, no
// redirects followed, and every connection checked against the policy
// after the name is resolved, so a name that resolves to this server or
// its network is refused even if it changed since the endpoint was saved.
func webhookClient(p aims.WebhookPolicy) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !p.AllowsIP(ap.Addr()) {
			return errBlocked
		}
		return nil
	}}
	return &http.Client{
		Timeout:       15 * time.Second,
		Transport:     &http.Transport{Proxy: nil, DialContext: dialer.DialContext, MaxIdleConns: 10, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// DeliverWebhooks sends every delivery that is due, a batch at a time.
func (s *Scheduler) DeliverWebhooks(ctx context.Context) error {
	if s.client == nil {
		s.client = webhookClient(s.Webhooks)
	}
	for {
		batch, err := s.Store.ClaimDeliveries(ctx, 20, 5*time.Minute)
		if err != nil || len(batch) == 0 {
			return err
		}
		for _, d := range batch {
			status, err := s.post(ctx, d.URL, d.Secret, d.Event, d.ID, []byte(d.Payload))
			if err != nil {
				s.Log.Warn("webhook not delivered", "delivery", d.ID, "org", d.OrgID, "attempt", d.Attempts+1, "status", status, "err", err)
			}
			if err := s.Store.DeliveryDone(ctx, d, status, err); err != nil {
				return err
			}
		}
	}
}

// post sends one delivery; anything but a 2xx answer is a failure.
func (s *Scheduler) post(ctx context.Context, endpoint, secret, event string, id int64, body []byte) (int, error) {
	u, err := url.Parse(endpoint)
	if err != nil || !s.Webhooks.AllowsHost(u.Hostname()) {
		return 0, errBlocked // the policy may have changed since the endpoint was saved
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "aims-webhook")
	req.Header.Set("X-Aims-Event", event)
	req.Header.Set("X-Aims-Delivery", strconv.FormatInt(id, 10))
	req.Header.Set("X-Aims-Signature", Sign(secret, s.Now(), body))
	res, err := s.client.Do(req)
	if err != nil {
		if errors.Is(err, errBlocked) {
			return 0, errBlocked
		}
		// The client's error quotes the address, whose path may be the
		// endpoint's credential: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, fmt.Errorf("webhook to %s: %w", aims.RedactURL(endpoint), err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("the endpoint answered %s", res.Status)
	}
	return res.StatusCode, nil
}
