package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

func TestSessions(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		// The viewer of acme also works in globex.
		viewer := a.users[aims.RoleViewer]
		if _, err := s.AddMemberAsOperator(ctx, b.org.ID, aims.NewMember{Email: "viewer@acme.test", Name: "V", Role: aims.RoleAuditor}, "", false, "test"); err != nil {
			t.Fatal(err)
		}
		token := secret.HashToken(secret.Token(""))
		if err := s.CreateSession(ctx, token, viewer, a.org.ID, 8*time.Hour, "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		p, err := s.SessionPrincipal(ctx, token, time.Hour)
		if err != nil || p.OrgID != a.org.ID || p.Role != aims.RoleViewer || p.UserID != viewer {
			t.Fatalf("principal = %+v, %v", p, err)
		}
		// Switching moves the session and its role; a foreign or unknown
		// organization is not found.
		if err := s.SwitchOrganization(ctx, token, viewer, b.org.ID, "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.SessionPrincipal(ctx, token, time.Hour); p.OrgID != b.org.ID || p.Role != aims.RoleAuditor {
			t.Errorf("after switching = %+v", p)
		}
		other := newFixture(t, s, "initech")
		if err := s.SwitchOrganization(ctx, token, viewer, other.org.ID, ""); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("switching to an organization of others: %v", err)
		}
		// Idle and absolute expiry.
		c.advance(59 * time.Minute)
		if _, err := s.SessionPrincipal(ctx, token, time.Hour); err != nil {
			t.Errorf("59 minutes idle: %v", err)
		}
		c.advance(61 * time.Minute)
		if _, err := s.SessionPrincipal(ctx, token, time.Hour); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("61 minutes idle: %v", err)
		}
		token2 := secret.HashToken(secret.Token(""))
		s.CreateSession(ctx, token2, viewer, a.org.ID, 2*time.Hour, "")
		for range 3 {
			c.advance(50 * time.Minute)
			s.SessionPrincipal(ctx, token2, time.Hour) // keeps it from idling
		}
		if _, err := s.SessionPrincipal(ctx, token2, time.Hour); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("past its absolute expiry: %v", err)
		}
		// Sign-out ends it, and every step is in the security log of the
		// organization it happened in.
		token3 := secret.HashToken(secret.Token(""))
		s.CreateSession(ctx, token3, viewer, a.org.ID, time.Hour, "192.0.2.8")
		if err := s.RevokeSession(ctx, token3, "192.0.2.8"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionPrincipal(ctx, token3, time.Hour); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("signed-out session: %v", err)
		}
		if err := s.RevokeSession(ctx, token3, ""); err != nil {
			t.Errorf("signing out twice: %v", err)
		}
		kinds := func(orgID int64) []string {
			page, err := s.SecurityEvents(ctx, orgID, SecurityFilter{ListParams: aims.ListParams{Limit: 20}, UserID: viewer})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range page.Items {
				out = append(out, e.Kind)
			}
			return out
		}
		if got := kinds(a.org.ID); len(got) != 4 || got[0] != aims.SecuritySignOut || got[3] != aims.SecuritySignIn {
			t.Errorf("acme's log for the viewer = %v, want sign-out, sign-in, sign-in, sign-in", got)
		}
		if got := kinds(b.org.ID); len(got) != 1 || got[0] != aims.SecuritySwitchOrg {
			t.Errorf("globex's log = %v, want the switch only", got)
		}
		if got := kinds(other.org.ID); len(got) != 0 {
			t.Errorf("a third organization sees %v", got)
		}
		// A failed sign-in goes to every organization the account has
		// joined; one for an unknown address to none.
		if err := s.SignInRefused(ctx, viewer, aims.SecuritySignInFailed, "203.0.113.9", "wrong password"); err != nil {
			t.Fatal(err)
		}
		if err := s.SignInRefused(ctx, 0, aims.SecuritySignInFailed, "203.0.113.9", "wrong password"); err != nil {
			t.Fatal(err)
		}
		for _, org := range []int64{a.org.ID, b.org.ID} {
			page, _ := s.SecurityEvents(ctx, org, SecurityFilter{ListParams: aims.ListParams{Limit: 5}, Kind: aims.SecuritySignInFailed})
			if page.Total != 1 || page.Items[0].IP != "203.0.113.9" || page.Items[0].Actor != "viewer@acme.test" {
				t.Errorf("organization %d failed sign-ins = %+v", org, page.Items)
			}
		}
	})
}

func TestAPITokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		today := aims.DateOf(c.now())
		tok, err := s.CreateAPIToken(ctx, a.admin, a.users[aims.RoleContributor],
			aims.NewAPIToken{Label: " CI ", ReadOnly: true, ExpiresOn: today.AddMonths(1)}, "hash-ci", "aims_abcdef")
		if err != nil || tok.Label != "CI" || !tok.ReadOnly || tok.ExpiresOn != today.AddMonths(1) {
			t.Fatalf("created = %+v, %v", tok, err)
		}
		p, err := s.TokenPrincipal(ctx, "hash-ci")
		if err != nil || !p.ReadOnly || p.Role != aims.RoleContributor || p.TokenID != tok.ID {
			t.Fatalf("principal = %+v, %v", p, err)
		}
		// Valid through its last day, not after.
		c.t = today.AddMonths(1).Time().Add(23 * time.Hour)
		if _, err := s.TokenPrincipal(ctx, "hash-ci"); err != nil {
			t.Errorf("on its last day: %v", err)
		}
		c.advance(2 * time.Hour)
		if _, err := s.TokenPrincipal(ctx, "hash-ci"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("after its last day: %v", err)
		}
		if _, err := s.CreateAPIToken(ctx, a.admin, a.admin.UserID, aims.NewAPIToken{Label: "old", ExpiresOn: today}, "h", "p"); err == nil {
			t.Error("a token whose last day is past was created")
		}
		// Another organization's admin cannot revoke it, even knowing its ID.
		if _, err := s.RevokeAPIToken(ctx, b.admin, tok.ID, 0); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("revoked by another organization: %v", err)
		}
		page, _ := s.APITokens(ctx, a.org.ID, 0, aims.ListParams{Limit: 10})
		if len(page.Items) != 1 || !page.Items[0].RevokedAt.IsZero() {
			t.Fatalf("tokens = %+v", page.Items)
		}
		// A member may revoke only their own; revoking twice writes once.
		if _, err := s.RevokeAPIToken(ctx, a.admin, tok.ID, a.users[aims.RoleViewer]); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("revoked by another member: %v", err)
		}
		events := auditCount(t, s, a.org.ID)
		if r, err := s.RevokeAPIToken(ctx, a.admin, tok.ID, 0); err != nil || r.RevokedAt.IsZero() {
			t.Errorf("revoke = %+v, %v", r, err)
		}
		if _, err := s.RevokeAPIToken(ctx, a.admin, tok.ID, 0); err != nil {
			t.Errorf("revoke again: %v", err)
		}
		if n := auditCount(t, s, a.org.ID); n != events+1 {
			t.Errorf("revoking twice wrote %d events", n-events)
		}
		sec, _ := s.SecurityEvents(ctx, a.org.ID, SecurityFilter{ListParams: aims.ListParams{Limit: 10}})
		var created, revoked int
		for _, e := range sec.Items {
			switch e.Kind {
			case aims.SecurityTokenCreated:
				created++
			case aims.SecurityTokenRevoked:
				revoked++
			}
		}
		if created != 1 || revoked != 1 {
			t.Errorf("security log: %d created, %d revoked", created, revoked)
		}
	})
}
