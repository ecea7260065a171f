package mail

import (
	"context"
	"strings"
	"testing"

	"aims/internal/mail/mailtest"
)

func TestSendThroughARealServer(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := NewSender(Config{Addr: srv.Addr, From: "aims <aims@brightwater.example>", Security: "none"})
	if err != nil {
		t.Fatal(err)
	}
	body := "Grüße, Zoë.\nA long line " + strings.Repeat("abcdefghij", 12) + "\n.\nThe line above is a lone dot."
	if err := s.Send(context.Background(), Message{To: "Zoë Weber <zoe@brightwater.example>", Subject: "Fällig: AI policy review", Body: body}); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1)[0]
	if got.From != "aims@brightwater.example" || got.To != "zoe@brightwater.example" {
		t.Errorf("envelope %s -> %s", got.From, got.To)
	}
	if got.Subject != "Fällig: AI policy review" || strings.TrimSuffix(got.Body, "\n") != body {
		t.Errorf("subject %q body %q", got.Subject, got.Body)
	}
	if got.Header.Get("Auto-Submitted") != "auto-generated" || !strings.HasSuffix(got.Header.Get("Message-ID"), "@brightwater.example>") {
		t.Errorf("headers %v", got.Header)
	}
}

func TestSendRefusals(t *testing.T) {
	srv := mailtest.Start(t)
	// The default insists on STARTTLS, which the test server does not offer.
	s, _ := NewSender(Config{Addr: srv.Addr, From: "aims@x.example"})
	if err := s.Send(context.Background(), Message{To: "a@x.example", Subject: "s", Body: "b"}); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("plain server with starttls required = %v", err)
	}
	s, _ = NewSender(Config{Addr: srv.Addr, From: "aims@x.example", Security: "none"})
	if err := s.Send(context.Background(), Message{To: "a@x.example", Subject: "two\r\nBcc: victim@x.example", Body: "b"}); err == nil {
		t.Error("a subject with a line break was sent")
	}
	if err := s.Send(context.Background(), Message{To: "not an address", Subject: "s", Body: "b"}); err == nil {
		t.Error("a bad recipient was sent")
	}
	srv.SetReject(true)
	if err := s.Send(context.Background(), Message{To: "a@x.example", Subject: "s", Body: "b"}); err == nil {
		t.Error("a refused recipient reported success")
	}
	if len(srv.Messages()) != 0 {
		t.Errorf("messages arrived: %+v", srv.Messages())
	}
	for _, c := range []Config{{Addr: "nohost", From: "a@x.example"}, {Addr: "h:25", From: "nobody"}, {Addr: "h:25", From: "a@x.example", Security: "ssl"},
		{Addr: "h:25", From: "a@x.example", Security: "none", User: "u", Password: "p"}} {
		if _, err := NewSender(c); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
}
