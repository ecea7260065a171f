package aims

import (
	"crypto/sha256"
	"encoding/hex"
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

// RedactURL shows an address without what may be a secret: scheme and
// host, then a fingerprint of the whole address, so a change still shows
// in the trail and two addresses can be told apart.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	sum := sha256.Sum256([]byte(raw))
	fp := hex.EncodeToString(sum[:4])
	if err != nil || u.Host == "" {
		return "(address " + fp + ")"
	}
	return u.Scheme + "://" + u.Host + "/… (address " + fp + ")"
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

// AllowsIP reports whether a delivery may connect to the address. An IPv6
// address that carries an IPv4 one (NAT64, 6to4, IPv4-compatible or
// mapped) is judged by the IPv4 address it reaches.
func (p WebhookPolicy) AllowsIP(ip netip.Addr) bool {
	if p.AllowPrivate {
		return true
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsUnspecified() {
		return false
	}
	if ip.Is6() {
		b := ip.As16()
		for _, e := range embedsIPv4 {
			if e.prefix.Contains(ip) {
				return p.AllowsIP(netip.AddrFrom4([4]byte(b[e.at : e.at+4])))
			}
		}
	}
	if !ip.IsGlobalUnicast() || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
		return false
	}
	for _, n := range notPublic {
		if n.Contains(ip) {
			return false
		}
	}
	return true
}

// embedsIPv4 are the IPv6 ranges whose addresses carry an IPv4 address,
// and where in the 16 bytes it sits.
var embedsIPv4 = []struct {
	prefix netip.Prefix
	at     int
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12},   // NAT64
	{netip.MustParsePrefix("64:ff9b:1::/48"), 12}, // local-use NAT64
	{netip.MustParsePrefix("2002::/16"), 2},       // 6to4
	{netip.MustParsePrefix("::/96"), 12},          // IPv4-compatible (deprecated)
}

// notPublic are special-purpose ranges that IsGlobalUnicast lets through.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // this network
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved
	netip.MustParsePrefix("fec0::/10"),     // site-local (deprecated)
	netip.MustParsePrefix("2001:db8::/32"), // documentation
}
