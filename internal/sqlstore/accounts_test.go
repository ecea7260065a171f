package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

// invite adds a person to f's organization and returns the member and the
// invitation's token hash.
func invite(t *testing.T, s *Store, f fixture, email, name string) (aims.Member, string) {
	t.Helper()
	hash := secret.HashToken(secret.Token(""))
	m, err := s.AddMember(context.Background(), f.admin, aims.NewMember{Email: email, Name: name, Role: aims.RoleContributor}, hash, nil)
	if err != nil {
		t.Fatalf("AddMember %s: %v", email, err)
	}
	return m, hash
}

func passwordOf(t *testing.T, s *Store, email string) string {
	t.Helper()
	a, err := s.AccountByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return a.PasswordHash
}

// An old invitation of one organization must never set a password on an
// account that has set one since through another organization's: that
// would hand the first organization's admin the second's data.
func TestInvitationSetsAPasswordOnlyOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		m, linkA := invite(t, s, a, "pat@example.test", "Pat")
		_, linkB := invite(t, s, b, "pat@example.test", "Pat")
		if _, err := s.AcceptWithPassword(ctx, linkA, "hash-from-acme", "10.0.0.1"); err != nil {
			t.Fatalf("accept the first link: %v", err)
		}
		if got, _ := s.Member(ctx, a.org.ID, m.UserID); got.Pending {
			t.Error("the membership is still pending after accepting")
		}
		// The other organization's old link is void: it can set nothing.
		if _, err := s.Invitation(ctx, linkB); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("the other link still opens: %v", err)
		}
		if _, err := s.AcceptWithPassword(ctx, linkB, "hash-from-globex", "10.0.0.2"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("the other link set a password: %v", err)
		}
		if _, err := s.AcceptWithPassword(ctx, linkA, "hash-again", "10.0.0.1"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("the used link worked twice: %v", err)
		}
		if pw := passwordOf(t, s, "pat@example.test"); pw != "hash-from-acme" {
			t.Errorf("password = %q, want the one set through acme's link", pw)
		}
		// A new link from globex cannot set one either (the account has
		// one now); it is a request for consent, which takes signing in.
		_, linkB2 := reinvite(t, s, b, m.UserID)
		if _, err := s.AcceptWithPassword(ctx, linkB2, "hash-from-globex", "10.0.0.2"); !errors.Is(err, ErrCannotSetPassword) {
			t.Errorf("new link with a password = %v, want ErrCannotSetPassword", err)
		}
		if pw := passwordOf(t, s, "pat@example.test"); pw != "hash-from-acme" {
			t.Errorf("password = %q after the refused link", pw)
		}
		if _, err := s.AcceptAs(ctx, linkB2, a.admin.UserID, ""); !errors.Is(err, ErrOtherAccount) {
			t.Errorf("accepted as another account: %v", err)
		}
		if _, err := s.AcceptAs(ctx, linkB2, m.UserID, ""); err != nil {
			t.Errorf("consent by signing in: %v", err)
		}
		if got, _ := s.Member(ctx, b.org.ID, m.UserID); got.Pending {
			t.Error("globex's membership is still pending after consent")
		}
	})
}

func reinvite(t *testing.T, s *Store, f fixture, userID int64) (aims.Member, string) {
	t.Helper()
	hash := secret.HashToken(secret.Token(""))
	m, err := s.Reinvite(context.Background(), f.admin, userID, hash, nil)
	if err != nil {
		t.Fatalf("Reinvite: %v", err)
	}
	return m, hash
}

// An admin who creates an account for someone else's address and sets its
// password gains nothing when the real organization adds that address: the
// new membership stays pending until the account holder accepts, and the
// admin's account is not in it.
func TestJoiningNeedsTheAccountsConsent(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		evil, bank := newFixture(t, s, "evil"), newFixture(t, s, "bank")
		m, link := invite(t, s, evil, "cfo@bank.test", "CFO")
		if _, err := s.AcceptWithPassword(ctx, link, "chosen-by-evil", ""); err != nil {
			t.Fatal(err)
		}
		joined, bankLink := invite(t, s, bank, "cfo@bank.test", "Chief Financial Officer")
		if !joined.Pending || joined.UserID != m.UserID {
			t.Fatalf("bank's new member = %+v, want pending", joined)
		}
		// Pending means no access at all: no organization to sign in to,
		// no session or token that resolves there.
		orgs, _ := s.Memberships(ctx, m.UserID)
		for _, o := range orgs {
			if o.OrgID == bank.org.ID {
				t.Error("the pending membership is offered at sign-in")
			}
		}
		token := secret.Token("")
		if err := s.CreateSession(ctx, secret.HashToken(token), m.UserID, bank.org.ID, time.Hour, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionPrincipal(ctx, secret.HashToken(token), time.Hour); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("a session in the pending organization resolves: %v", err)
		}
		if _, err := s.CreateAPIToken(ctx, bank.admin, m.UserID, aims.NewAPIToken{Label: "x"}, "h", "p"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("a token for a pending member: %v", err)
		}
		if err := s.SwitchOrganization(ctx, secret.HashToken(token), m.UserID, bank.org.ID, ""); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("switching into the pending organization: %v", err)
		}
		// The bank's link cannot set the password over evil's, and only the
		// account holder can accept it.
		if _, err := s.AcceptWithPassword(ctx, bankLink, "chosen-by-bank", ""); !errors.Is(err, ErrCannotSetPassword) {
			t.Errorf("bank's link set a password: %v", err)
		}
		if _, err := s.AcceptAs(ctx, bankLink, evil.admin.UserID, ""); !errors.Is(err, ErrOtherAccount) {
			t.Errorf("evil's admin accepted for the CFO: %v", err)
		}
		if got, _ := s.Member(ctx, bank.org.ID, m.UserID); !got.Pending {
			t.Error("the membership was accepted without consent")
		}
	})
}

// Adding a member answers the same whether or not the address has an
// account elsewhere, and never shows what another organization knows.
func TestAddingAMemberRevealsNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		// The consultant has an account through globex, under their own name.
		known, err := s.AddMemberAsOperator(ctx, b.org.ID, aims.NewMember{Email: "lee@consult.test", Name: "Lee Secret-Name", Role: aims.RoleManager}, "pw", false, "test")
		if err != nil {
			t.Fatal(err)
		}
		existing, _ := invite(t, s, a, "lee@consult.test", "Lee (consultant)")
		fresh, _ := invite(t, s, a, "new@consult.test", "New Person")
		shape := func(m aims.Member) aims.Member {
			m.UserID, m.Email, m.Name, m.CreatedAt = 0, "", "", time.Time{}
			return m
		}
		if shape(existing) != shape(fresh) {
			t.Errorf("existing account %+v, new address %+v: the replies differ", existing, fresh)
		}
		if existing.Name != "Lee (consultant)" {
			t.Errorf("name shown = %q, want the one typed, not the account's", existing.Name)
		}
		page, _ := s.Members(ctx, a.org.ID, aims.ListParams{Limit: 50})
		for _, m := range page.Items {
			if m.Name == "Lee Secret-Name" {
				t.Error("the member list shows the name another organization knows")
			}
		}
		// Once the consultant accepts, acme sees their own name.
		_, link := reinvite(t, s, a, known.Member.UserID)
		if _, err := s.AcceptAs(ctx, link, known.Member.UserID, ""); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.Member(ctx, a.org.ID, known.Member.UserID); m.Name != "Lee Secret-Name" || m.Pending {
			t.Errorf("after consent = %+v", m)
		}
		// A pending member cannot be named owner: their name is not theirs
		// to show yet.
		_, err = s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "x", Purpose: "p", OwnerID: fresh.UserID})
		var ve *aims.ValidationError
		if !errors.As(err, &ve) || ve.Fields["owner_id"] == "" {
			t.Errorf("pending owner: %v, want a refusal on owner_id", err)
		}
	})
}

// The operator's `aims user add` never changes an existing account's
// password unless asked; a reset ends its sessions and unused invitations,
// and every organization of the account records it.
func TestOperatorResetsOnlyWhenAsked(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		add := func(orgID int64, hash string, reset bool) (OperatorAdd, error) {
			return s.AddMemberAsOperator(ctx, orgID, aims.NewMember{Email: "kim@example.test", Name: "Kim", Role: aims.RoleViewer}, hash, reset, "test")
		}
		first, err := add(a.org.ID, "original", false)
		if err != nil || !first.NewAccount || !first.Joined || first.Member.Pending {
			t.Fatalf("first add = %+v, %v", first, err)
		}
		second, err := add(b.org.ID, "", false)
		if err != nil || second.NewAccount || !second.Joined || second.PasswordSet {
			t.Fatalf("second organization = %+v, %v", second, err)
		}
		if pw := passwordOf(t, s, "kim@example.test"); pw != "original" {
			t.Errorf("password changed to %q without --reset-password", pw)
		}
		if _, err := add(b.org.ID, "", false); err == nil {
			t.Error("adding a member twice succeeded")
		}
		session := secret.HashToken(secret.Token(""))
		if err := s.CreateSession(ctx, session, first.Member.UserID, a.org.ID, time.Hour, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAPIToken(ctx, a.admin, first.Member.UserID, aims.NewAPIToken{Label: "kim's"}, "kim-token", "p"); err != nil {
			t.Fatal(err)
		}
		_, pending := invite(t, s, newFixture(t, s, "initech"), "kim@example.test", "Kim")
		eventsA, eventsB := auditCount(t, s, a.org.ID), auditCount(t, s, b.org.ID)
		reset, err := add(b.org.ID, "reset", true)
		if err != nil || !reset.PasswordSet || reset.Joined {
			t.Fatalf("reset = %+v, %v", reset, err)
		}
		if pw := passwordOf(t, s, "kim@example.test"); pw != "reset" {
			t.Errorf("password = %q after the reset", pw)
		}
		if _, err := s.SessionPrincipal(ctx, session, time.Hour); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("a session survived the reset: %v", err)
		}
		if _, err := s.TokenPrincipal(ctx, "kim-token"); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("an API token survived the reset: %v", err)
		}
		if _, err := s.Invitation(ctx, pending); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("an invitation survived the reset: %v", err)
		}
		for _, o := range []struct {
			id     int64
			before int
		}{{a.org.ID, eventsA}, {b.org.ID, eventsB}} {
			page, _ := s.AuditEvents(ctx, o.id, AuditFilter{ListParams: aims.ListParams{Limit: 5}, Action: "reset-password"})
			if page.Total != 1 || auditCount(t, s, o.id) != o.before+1 {
				t.Errorf("organization %d recorded %d resets", o.id, page.Total)
			}
			sec, _ := s.SecurityEvents(ctx, o.id, SecurityFilter{ListParams: aims.ListParams{Limit: 5}, Kind: aims.SecurityPasswordReset})
			if sec.Total != 1 {
				t.Errorf("organization %d security log has %d resets", o.id, sec.Total)
			}
		}
	})
}

// One invitation link used 8 times at once, with 8 passwords: exactly one
// sets the password and joins.
func TestConcurrentPasswordLinks(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		_, link := invite(t, s, f, "sam@example.test", "Sam")
		ok, errs := race(8, func(i int) error {
			_, err := s.AcceptWithPassword(ctx, link, fmt.Sprint("pw", i), "")
			return err
		})
		if ok != 1 {
			t.Errorf("%d uses of the link set the password, want 1 (%v)", ok, errs)
		}
		for _, err := range errs {
			if !errors.Is(err, ErrCannotSetPassword) && !errors.Is(err, aims.ErrNotFound) {
				t.Errorf("a losing use: %v", err)
			}
		}
	})
}

func TestReinvite(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		m, first := invite(t, s, f, "al@example.test", "Al")
		_, second := reinvite(t, s, f, m.UserID)
		if _, err := s.Invitation(ctx, first); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("the replaced link still opens: %v", err)
		}
		if inv, err := s.Invitation(ctx, second); err != nil || inv.Name != "Al" || inv.HasPassword || inv.Role != aims.RoleContributor {
			t.Errorf("new link = %+v, %v", inv, err)
		}
		// Invitations expire.
		c.advance(InvitationTTL + time.Minute)
		if _, err := s.Invitation(ctx, second); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("an expired link opens: %v", err)
		}
		// Only pending members get a new link; other organizations' members
		// are not found.
		var ve *aims.ValidationError
		if _, err := s.Reinvite(ctx, f.admin, f.users[aims.RoleViewer], "h1", nil); !errors.As(err, &ve) {
			t.Errorf("reinviting an active member: %v", err)
		}
		g := newFixture(t, s, "globex")
		if _, err := s.Reinvite(ctx, g.admin, m.UserID, "h2", nil); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("reinviting another organization's member: %v", err)
		}
	})
}

// The links between records stay inside their organization in the
// database itself, whatever the code above it does.
func TestLinksStayInTheirOrganization(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		a, b := newFixture(t, s, "acme"), newFixture(t, s, "globex")
		sys, _ := s.CreateAISystem(ctx, a.admin, aims.AISystem{Name: "A", Purpose: "p"})
		foreign, _ := s.CreateAISystem(ctx, b.admin, aims.AISystem{Name: "B", Purpose: "p"})
		if _, err := s.UpdateGapEntry(ctx, a.admin, aims.GapEntry{RequirementID: "4.3", Status: aims.GapPlanned}); err != nil {
			t.Fatal(err)
		}
		for name, q := range map[string]string{
			"owner from another organization": fmt.Sprintf(`UPDATE ai_systems SET owner_id = %d WHERE id = %d`, b.admin.UserID, sys.ID),
			"gap owner from another":          fmt.Sprintf(`UPDATE gap_entries SET owner_id = %d WHERE org_id = %d`, b.admin.UserID, a.org.ID),
			"gap link to another's system": fmt.Sprintf(`INSERT INTO gap_links (org_id, requirement_id, position, ai_system_id, url, title)
				VALUES (%d, '4.3', 0, %d, '', '')`, a.org.ID, foreign.ID),
			"token for a non-member": fmt.Sprintf(`INSERT INTO api_tokens (org_id, user_id, label, prefix, token_hash, created_at)
				VALUES (%d, %d, 'x', 'x', 'x', '2026-01-01')`, a.org.ID, b.admin.UserID),
			"session for a non-member": fmt.Sprintf(`INSERT INTO sessions (token_hash, user_id, org_id, created_at, last_seen_at, expires_at)
				VALUES ('x', %d, %d, '2026-01-01', '2026-01-01', '2026-01-02')`, b.admin.UserID, a.org.ID),
		} {
			if _, err := s.w.Exec(q); err == nil {
				t.Errorf("%s: the database accepted it", name)
			}
		}
		// Through the store, a foreign system is refused as unknown.
		_, err := s.UpdateGapEntry(ctx, a.admin, aims.GapEntry{RequirementID: "4.3", Status: aims.GapPlanned, Version: 1,
			Links: []aims.GapLink{{AISystemID: foreign.ID}}})
		var ve *aims.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("gap link to another organization's system: %v", err)
		}
	})
}

// An account that has joined an organization but has no password (added
// by the operator, or an invitee of the first release) must not be
// claimable through another organization's link: that would hand over the
// organization it joined.
func TestNoPasswordlessAccountIsClaimed(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		other, bank, evil := newFixture(t, s, "other"), newFixture(t, s, "bank"), newFixture(t, s, "evil")
		m, first := invite(t, s, other, "cfo@bank.test", "CFO")
		// The operator adds the account to the bank: it has no password
		// yet, so one must be given, and it is set.
		nm := aims.NewMember{Email: "cfo@bank.test", Name: "CFO", Role: aims.RoleManager}
		if _, err := s.AddMemberAsOperator(ctx, bank.org.ID, nm, "", false, "test"); err == nil {
			t.Fatal("the operator added an account without a password and gave none")
		}
		if got, err := s.AddMemberAsOperator(ctx, bank.org.ID, nm, "operator-pw", false, "test"); err != nil || !got.PasswordSet || !got.Joined {
			t.Fatalf("operator add = %+v, %v", got, err)
		}
		if _, err := s.Invitation(ctx, first); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("the first link survived the password: %v", err)
		}
		_, link := invite(t, s, evil, "cfo@bank.test", "CFO")
		if _, err := s.AcceptWithPassword(ctx, link, "evil-pw", ""); !errors.Is(err, ErrCannotSetPassword) {
			t.Errorf("evil's link = %v, want ErrCannotSetPassword", err)
		}
		if pw := passwordOf(t, s, "cfo@bank.test"); pw != "operator-pw" {
			t.Errorf("password = %q", pw)
		}
		// And in the database itself: even the invitation that created an
		// account cannot set a password once the account has joined
		// somewhere without one (as the first release's invitees had).
		_, created := invite(t, s, other, "legacy@bank.test", "Legacy")
		legacy, _ := s.AccountByEmail(ctx, "legacy@bank.test")
		s.w.Exec(`INSERT INTO memberships (org_id, user_id, role, active, version, created_at, accepted_at, invited_name)
			VALUES ($1, $2, 'viewer', TRUE, 1, $3, $3, '')`, bank.org.ID, legacy.ID, c.t)
		if _, err := s.AcceptWithPassword(ctx, created, "pw", ""); !errors.Is(err, ErrCannotSetPassword) {
			t.Errorf("creating link for an account that joined elsewhere = %v", err)
		}
		_ = m
	})
}

// Only the invitation that created an account may set its password; one
// from another organization, made while the account waits for its first
// password, asks for the holder's consent instead.
func TestOnlyTheCreatingInvitationSetsThePassword(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		bank, evil := newFixture(t, s, "bank"), newFixture(t, s, "evil")
		m, bankLink := invite(t, s, bank, "new@bank.test", "New")
		_, evilLink := invite(t, s, evil, "new@bank.test", "New")
		if inv, _ := s.Invitation(ctx, evilLink); inv.SetsPassword {
			t.Error("the second organization's invitation may set the password")
		}
		if _, err := s.AcceptWithPassword(ctx, evilLink, "evil-pw", ""); !errors.Is(err, ErrCannotSetPassword) {
			t.Errorf("evil's link = %v", err)
		}
		// A new link from the bank may still set it; one from evil may not.
		_, bankLink = reinvite(t, s, bank, m.UserID)
		_, evilLink = reinvite(t, s, evil, m.UserID)
		if inv, _ := s.Invitation(ctx, bankLink); !inv.SetsPassword {
			t.Error("the creating organization's new link cannot set the password")
		}
		if inv, _ := s.Invitation(ctx, evilLink); inv.SetsPassword {
			t.Error("the other organization's new link can set the password")
		}
		if _, err := s.AcceptWithPassword(ctx, bankLink, "bank-pw", ""); err != nil {
			t.Fatalf("the bank's link = %v", err)
		}
		if _, err := s.Invitation(ctx, evilLink); !errors.Is(err, aims.ErrNotFound) {
			t.Errorf("evil's link survived the password being set: %v", err)
		}
	})
}

// Account IDs are random: an organization sees its members' IDs, and a
// sequence would tell it whether an address it invites had an account.
func TestAccountIDsAreRandom(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *Store, c *clock) {
		f := newFixture(t, s, "acme")
		a, _ := invite(t, s, f, "a@acme.test", "A")
		b, _ := invite(t, s, f, "b@acme.test", "B")
		if a.UserID < 1<<32 || b.UserID < 1<<32 || b.UserID-a.UserID == 1 || a.UserID >= 1<<53 {
			t.Errorf("account IDs %d and %d", a.UserID, b.UserID)
		}
	})
}

// Accepting an invitation and an admin's change of the same member at the
// same moment take their locks in one order: no deadlock.
func TestAcceptAndUpdateTogether(t *testing.T) {
	postgresOnly(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		f := newFixture(t, s, "acme")
		for round := range 15 {
			email := fmt.Sprintf("p%d@acme.test", round)
			m, link := invite(t, s, f, email, "P")
			_, errs := race(2, func(i int) error {
				if i == 0 {
					_, err := s.AcceptWithPassword(ctx, link, "pw", "")
					return err
				}
				_, err := s.UpdateMember(ctx, f.admin, m.UserID, aims.MemberUpdate{Role: aims.RoleAuditor, Active: true, Version: m.Version})
				return err
			})
			for _, err := range errs {
				if !errors.Is(err, aims.ErrConflict) {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		}
	})
}
