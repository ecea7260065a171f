package web

import (
	"errors"
	"net/http"
	"strconv"

	"aims/internal/aims"
	"aims/internal/secret"
)

// Webhooks: an organization's endpoints for due and overdue events, kept
// by its admins. The operator's policy (Config.Webhooks) decides where
// they may point; the scheduler checks it again at every connection.

// webhookIn is what a client sends to make or change an endpoint.
type webhookIn struct {
	URL     string   `json:"url"`
	Events  []string `json:"events"`
	Active  bool     `json:"active"`
	Version int      `json:"version,omitempty"`
}

// webhookCreated is the reply to making an endpoint: its secret, once.
type webhookCreated struct {
	aims.Webhook
	Secret string `json:"secret"`
}

// checkWebhook validates an endpoint and the policy's say on its address.
func (s *Server) checkWebhook(h aims.Webhook) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return s.cfg.Webhooks.CheckURL(h.URL)
}

func (s *Server) createWebhook(r *http.Request, in webhookIn) (webhookCreated, error) {
	p, _ := principalOf(r.Context())
	h := aims.Webhook{URL: in.URL, Events: in.Events, Active: true, Secret: secret.Token("whsec_")}
	if err := s.checkWebhook(h); err != nil {
		return webhookCreated{}, err
	}
	created, err := s.store.CreateWebhook(r.Context(), p, h)
	return webhookCreated{Webhook: created, Secret: h.Secret}, err
}

func (s *Server) updateWebhook(r *http.Request, current aims.Webhook, in webhookIn) (aims.Webhook, error) {
	p, _ := principalOf(r.Context())
	h := aims.Webhook{ID: current.ID, URL: in.URL, Events: in.Events, Active: in.Active, Version: in.Version}
	if err := s.checkWebhook(h); err != nil {
		return h, err
	}
	return s.store.UpdateWebhook(r.Context(), p, h)
}

type webhooksView struct {
	layout
	Page    aims.Page[aims.Webhook]
	Events  []string
	Created *webhookCreated
	In      webhookIn
}

func (s *Server) webhooksView(w http.ResponseWriter, r *http.Request) (webhooksView, error) {
	p, _ := principalOf(r.Context())
	page, err := s.store.Webhooks(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit}, false)
	return webhooksView{layout: s.layoutFor(w, r, "Webhooks"), Page: page, Events: aims.WebhookEvents,
		In: webhookIn{Events: aims.WebhookEvents}}, err
}

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.webhooksView(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "webhooks", v)
}

func webhookFromForm(r *http.Request) (webhookIn, error) {
	if err := parseForm(r); err != nil {
		return webhookIn{}, err
	}
	return webhookIn{URL: r.PostForm.Get("url"), Events: append([]string{}, r.PostForm["events"]...), Active: r.PostForm.Get("active") == "on"}, nil
}

func (s *Server) createWebhookForm(w http.ResponseWriter, r *http.Request) error {
	in, err := webhookFromForm(r)
	if err != nil {
		return err
	}
	created, err := s.createWebhook(r, in)
	var ve *aims.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return err
	}
	v, verr := s.webhooksView(w, r)
	if verr != nil {
		return verr
	}
	if ve != nil {
		v.In, v.Errors, v.ErrorText = in, ve.Fields, "The webhook was not saved. Correct the fields marked below."
		return s.render(w, r, http.StatusUnprocessableEntity, "webhooks", v)
	}
	v.Created = &created
	return s.render(w, r, http.StatusOK, "webhooks", v)
}

type webhookView struct {
	layout
	H          aims.Webhook
	In         webhookIn
	Events     []string
	Deliveries []aims.WebhookDelivery
	History    []historyRow
}

// maxDeliveriesShown is how much of the delivery log an endpoint's page shows.
const maxDeliveriesShown = 50

func (s *Server) webhookView(w http.ResponseWriter, r *http.Request, h aims.Webhook, in webhookIn) (webhookView, error) {
	p, _ := principalOf(r.Context())
	deliveries, err := s.store.WebhookDeliveries(r.Context(), p.OrgID, h.ID, maxDeliveriesShown)
	if err != nil {
		return webhookView{}, err
	}
	history, err := s.history(r, aims.RegisterWebhooks, h.ID)
	return webhookView{layout: s.layoutFor(w, r, h.Ref+" "+h.URL), H: h, In: in, Events: aims.WebhookEvents, Deliveries: deliveries, History: history}, err
}

func (s *Server) webhookPage(w http.ResponseWriter, r *http.Request) error {
	h, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	v, err := s.webhookView(w, r, h, webhookIn{URL: h.URL, Events: h.Events, Active: h.Active, Version: h.Version})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "webhook", v)
}

func (s *Server) updateWebhookForm(w http.ResponseWriter, r *http.Request) error {
	current, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	in, err := webhookFromForm(r)
	if err != nil {
		return err
	}
	in.Version = version
	saved, err := s.updateWebhook(r, current, in)
	if err == nil {
		return s.redirect(w, r, "/webhooks/"+strconv.FormatInt(saved.ID, 10), saved.Ref+" saved.")
	}
	var ve *aims.ValidationError
	status := http.StatusUnprocessableEntity
	switch {
	case errors.As(err, &ve):
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		status = http.StatusConflict
		if latest, lerr := lookup(r, s.store.Webhook); lerr == nil {
			current, in.Version = latest, latest.Version
		}
	default:
		return err
	}
	v, verr := s.webhookView(w, r, current, in)
	if verr != nil {
		return verr
	}
	if ve != nil {
		v.Errors, v.ErrorText = ve.Fields, "The webhook was not saved. Correct the fields marked below."
	} else {
		v.ErrorText = "Someone else changed this webhook while you were editing. Your input is below and was not saved; save again to keep it."
	}
	return s.render(w, r, status, "webhook", v)
}

func (s *Server) pingWebhookForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	return s.pingWebhook(w, r, func(h aims.Webhook) error {
		return s.redirect(w, r, "/webhooks/"+strconv.FormatInt(h.ID, 10), "A test event is queued; the log below shows its delivery.")
	})
}

func (s *Server) pingWebhook(w http.ResponseWriter, r *http.Request, reply func(aims.Webhook) error) error {
	p, _ := principalOf(r.Context())
	h, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	if err := s.store.QueueWebhookPing(r.Context(), p, h.ID); err != nil {
		return err
	}
	return reply(h)
}

func webhookRef(h aims.Webhook) string { return h.Ref }

func (s *Server) apiWebhooks(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	lp, err := listParams(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Webhooks(r.Context(), p.OrgID, lp, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiWebhook(w http.ResponseWriter, r *http.Request) error {
	h, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiCreateWebhook(w http.ResponseWriter, r *http.Request) error {
	var in webhookIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	created, err := s.createWebhook(r, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(created.ID, 10))
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiUpdateWebhook(w http.ResponseWriter, r *http.Request) error {
	current, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	var in webhookIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	h, err := s.updateWebhook(r, current, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiPingWebhook(w http.ResponseWriter, r *http.Request) error {
	return s.pingWebhook(w, r, func(h aims.Webhook) error { return writeJSON(w, http.StatusAccepted, h) })
}

func (s *Server) apiWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	h, err := lookup(r, s.store.Webhook)
	if err != nil {
		return err
	}
	d, err := s.store.WebhookDeliveries(r.Context(), p.OrgID, h.ID, maxDeliveriesShown)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.WebhookDelivery]{Items: d, Total: len(d)})
}
