package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

type peopleView struct {
	layout
	Page    aims.Page[aims.Member]
	Pages   pager
	Roles   []aims.Role
	New     aims.NewMember
	Invited *memberCreated // shown once after an invitation
}

func (s *Server) peopleView(w http.ResponseWriter, r *http.Request) (peopleView, error) {
	p, _ := principalOf(r.Context())
	lp, err := listParams(r.URL.Query(), 100)
	if err != nil {
		return peopleView{}, err
	}
	page, err := s.store.Members(r.Context(), p.OrgID, lp)
	if err != nil {
		return peopleView{}, err
	}
	return peopleView{layout: s.layoutFor(w, r, "People"), Page: page, Roles: aims.Roles,
		Pages: newPager("/people", r.URL.Query(), page.Total, false, lp.Offset, lp.Limit), New: aims.NewMember{Role: aims.RoleContributor}}, nil
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.peopleView(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "people", v)
}

func (s *Server) addMemberForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	nm := aims.NewMember{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Role: aims.Role(r.PostForm.Get("role"))}
	var err error
	if nm.AccessUntil, err = aims.ParseDate(strings.TrimSpace(r.PostForm.Get("access_until"))); err != nil {
		err = aims.Invalid("access_until", "must be a date (YYYY-MM-DD)")
	}
	var out memberCreated
	if err == nil {
		out, err = s.addMember(r, nm)
	}
	var ve *aims.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return err
	}
	v, verr := s.peopleView(w, r)
	if verr != nil {
		return verr
	}
	if ve != nil {
		v.New, v.Errors, v.ErrorText = nm, ve.Fields, "The person was not added. Correct the fields marked below."
		return s.render(w, r, http.StatusUnprocessableEntity, "people", v)
	}
	v.Invited = &out
	return s.render(w, r, http.StatusOK, "people", v)
}

// reinviteForm gives a pending member a new invitation link, shown once on
// the people page.
func (s *Server) reinviteForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	out, err := s.reinvite(r)
	if err != nil {
		return err
	}
	v, err := s.peopleView(w, r)
	if err != nil {
		return err
	}
	v.Invited = &out
	return s.render(w, r, http.StatusOK, "people", v)
}

type memberView struct {
	layout
	Member  aims.Member
	Roles   []aims.Role
	History []historyRow
}

func (s *Server) memberView(w http.ResponseWriter, r *http.Request, m aims.Member) (memberView, error) {
	history, err := s.history(r, aims.RegisterMembers, m.UserID)
	if err != nil {
		return memberView{}, err
	}
	return memberView{layout: s.layoutFor(w, r, m.Name), Member: m, Roles: aims.Roles, History: history}, nil
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) error {
	m, err := lookup(r, s.store.Member)
	if err != nil {
		return err
	}
	v, err := s.memberView(w, r, m)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "member", v)
}

func (s *Server) updateMemberForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	m, err := lookup(r, s.store.Member)
	if err != nil {
		return err
	}
	var u aims.MemberUpdate
	if u.Version, err = formVersion(r); err != nil {
		return err
	}
	u.Role, u.Active = aims.Role(r.PostForm.Get("role")), r.PostForm.Get("active") == "on"
	if u.AccessUntil, err = aims.ParseDate(strings.TrimSpace(r.PostForm.Get("access_until"))); err != nil {
		err = aims.Invalid("access_until", "must be a date (YYYY-MM-DD)")
	} else if _, err = s.store.UpdateMember(r.Context(), p, m.UserID, u); err == nil {
		return s.redirect(w, r, "/people", m.Name+" updated.")
	}
	var ve *aims.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	m.Role, m.Active, m.AccessUntil = u.Role, u.Active, u.AccessUntil
	v, verr := s.memberView(w, r, m)
	if verr != nil {
		return verr
	}
	v.Errors, v.ErrorText = ve.Fields, "The change was not saved."
	return s.render(w, r, http.StatusUnprocessableEntity, "member", v)
}

type tokensView struct {
	layout
	Page    aims.Page[aims.APIToken]
	Pages   pager
	Created *tokenCreated // the new secret, shown once
	New     aims.NewAPIToken
	All     bool // listing everyone's tokens (admin)
}

func (s *Server) tokensView(w http.ResponseWriter, r *http.Request) (tokensView, error) {
	p, _ := principalOf(r.Context())
	lp, err := listParams(r.URL.Query(), 100)
	if err != nil {
		return tokensView{}, err
	}
	page, err := s.store.APITokens(r.Context(), p.OrgID, tokenOwner(p), lp)
	if err != nil {
		return tokensView{}, err
	}
	return tokensView{layout: s.layoutFor(w, r, "API tokens"), Page: page, All: tokenOwner(p) == 0,
		Pages: newPager("/tokens", r.URL.Query(), page.Total, false, lp.Offset, lp.Limit)}, nil
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.tokensView(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "tokens", v)
}

func (s *Server) createTokenForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	nt := aims.NewAPIToken{Label: strings.TrimSpace(r.PostForm.Get("label")), ReadOnly: r.PostForm.Get("read_only") == "on"}
	var created tokenCreated
	var err error
	if nt.ExpiresOn, err = aims.ParseDate(strings.TrimSpace(r.PostForm.Get("expires_on"))); err != nil {
		err = aims.Invalid("expires_on", "must be a date (YYYY-MM-DD)")
	} else {
		created, err = s.createToken(r, nt)
	}
	var ve *aims.ValidationError
	if err != nil && !errors.As(err, &ve) {
		return err
	}
	v, verr := s.tokensView(w, r)
	if verr != nil {
		return verr
	}
	if ve != nil {
		v.New, v.Errors, v.ErrorText = nt, ve.Fields, "The token was not created."
		return s.render(w, r, http.StatusUnprocessableEntity, "tokens", v)
	}
	v.Created = &created
	return s.render(w, r, http.StatusCreated, "tokens", v)
}

func (s *Server) revokeTokenForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.RevokeAPIToken(r.Context(), p, id, tokenOwner(p))
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/tokens", "Token "+t.Label+" revoked.")
}

type auditView struct {
	layout
	Filter     sqlstore.AuditFilter
	Page       aims.Page[aims.AuditEvent]
	Rows       []historyRow
	Pages      pager
	Members    []aims.Member
	Registers  []register
	Actions    []string
	Checkpoint aims.Checkpoint
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.AuditEvents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	c, err := s.store.Checkpoint(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := auditView{layout: s.layoutFor(w, r, "Audit log"), Filter: f, Page: page, Rows: historyRows(page.Items, false), Members: members.Items,
		Pages:     newPager("/audit", r.URL.Query(), page.Total, false, f.Offset, f.Limit),
		Registers: registers, Checkpoint: c, Actions: aims.Actions}
	return s.render(w, r, http.StatusOK, "audit", v)
}

// checkpointDownload hands an admin or auditor the signed chain head as a
// file to keep.
func (s *Server) checkpointDownload(w http.ResponseWriter, r *http.Request) error {
	f, err := s.checkpoint(r)
	if err != nil {
		return err
	}
	c := f.Checkpoints[0]
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="aims-checkpoint-%d-%d.json"`, c.OrgID, c.Seq))
	return writeJSON(w, http.StatusOK, f)
}

type securityView struct {
	layout
	Filter  sqlstore.SecurityFilter
	Page    aims.Page[aims.SecurityEvent]
	Pages   pager
	Members []aims.Member
	Kinds   []string
}

// securityPage is the security log: who signed in or failed to, and what
// happened to tokens, in this organization.
func (s *Server) securityPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := securityFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.SecurityEvents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	v := securityView{layout: s.layoutFor(w, r, "Security log"), Filter: f, Page: page, Members: members.Items, Kinds: aims.SecurityKinds,
		Pages: newPager("/security", r.URL.Query(), page.Total, false, f.Offset, f.Limit)}
	return s.render(w, r, http.StatusOK, "security", v)
}
