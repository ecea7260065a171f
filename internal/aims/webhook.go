package aims

import (
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Webhook events: a piece of due work entered its due-soon window, or
// passed its date; ping is the test an admin sends by hand.
const (
	EventDue     = "due"
	EventOverdue = "overdue"
	EventPing    = "ping"
)

// WebhookEvents lists the events an endpoint may subscribe to.
var WebhookEvents = []string{EventDue, EventOverdue}

// Webhook is an organization's endpoint for due-work events. Deliveries
// are signed with its secret (HMAC-SHA256), which is shown once, when the
// endpoint is made.
type Webhook struct {
	ID        int64     `json:"id"`
	Ref       string    `json:"ref"`
	Version   int       `json:"version"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Active    bool      `json:"active"`
	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Secret    string    `json:"-"`
}

// Validate checks an endpoint as a client sent it. Where it may point is
// the operator's decision, checked again at every delivery (WebhookPolicy).
func (h Webhook) Validate() error {
	f := fieldErrors{}
	u, err := url.Parse(h.URL)
	switch {
	case h.URL == "" || err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		f.add("url", "must be an http(s) URL")
	case u.User != nil:
		f.add("url", "must not carry a user name or password; the signature authenticates aims")
	case len(h.URL) > 2000:
		f.add("url", "is too long")
	}
	if len(h.Events) == 0 {
		f.add("events", "choose at least one of: "+strings.Join(WebhookEvents, ", "))
	}
	seen := map[string]bool{}
	for _, e := range h.Events {
		if !contains(WebhookEvents, e) || seen[e] {
			f.add("events", "each must be one of: "+strings.Join(WebhookEvents, ", ")+", once")
		}
		seen[e] = true
	}
	return f.err()
}

// Subscribes reports whether the endpoint takes the event.
func (h Webhook) Subscribes(event string) bool {
	return event == EventPing || contains(h.Events, event)
}

// WebhookDelivery is one event sent, or being sent, to an endpoint.
type WebhookDelivery struct {
	ID          int64     `json:"id"`
	Event       string    `json:"event"`
	CreatedAt   time.Time `json:"created_at"`
	Attempts    int       `json:"attempts"`
	State       string    `json:"state"` // waiting, delivered, failed
	StatusCode  int       `json:"status_code"`
	LastError   string    `json:"last_error"`
	DeliveredAt time.Time `json:"delivered_at"`
	Payload     string    `json:"payload"`
}

// WebhookPolicy is where the operator lets deliveries go. Hosts lists the
// allowed host names ("hooks.example.org", or "*.example.org" for its
// subdomains); empty allows any host. Unless AllowPrivate is set, no
// delivery reaches a loopback, private, link-local or otherwise
// non-public address, whatever a name resolves to at the moment of
// sending, so a webhook cannot be pointed at this server or its network.
type WebhookPolicy struct {
	Hosts        []string
	AllowPrivate bool
}

// CheckURL refuses an endpoint the policy does not allow, as a
// validation error on the url field.
func (p WebhookPolicy) CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return Invalid("url", "must be an http(s) URL")
	}
	host := strings.ToLower(u.Hostname())
	if !p.AllowsHost(host) {
		return Invalid("url", "points to a host the operator does not allow for webhooks")
	}
	if ip, err := netip.ParseAddr(host); err == nil && !p.AllowsIP(ip) {
		return Invalid("url", "points to a private or local address, which the operator does not allow")
	}
	return nil
}

// AllowsHost reports whether the host name is on the list.
func (p WebhookPolicy) AllowsHost(host string) bool {
	if len(p.Hosts) == 0 {
		return true
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, h := range p.Hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == host || strings.HasPrefix(h, "*.") && strings.HasSuffix(host, h[1:]) {
			return true
		}
	}
	return false
}

// AllowsIP reports whether a delivery may connect to the address.
func (p WebhookPolicy) AllowsIP(ip netip.Addr) bool {
	if p.AllowPrivate {
		return true
	}
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !sharedAddressSpace.Contains(ip) && !ip.IsLoopback() && !ip.IsLinkLocalUnicast()
}

// sharedAddressSpace is 100.64.0.0/10 (carrier-grade NAT), not public.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")
