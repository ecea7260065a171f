package web

import (
	"io"
	"net/http"
	"slices"
	"strings"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/conformity"
	"aims/internal/secret"
	"aims/internal/sqlstore"
)

type meReply struct {
	UserID  int64     `json:"user_id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	OrgID   int64     `json:"org_id"`
	OrgName string    `json:"org_name"`
	Role    aims.Role `json:"role"`
	TokenID int64     `json:"token_id,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	return writeJSON(w, http.StatusOK, meReply{UserID: p.UserID, Email: p.Email, Name: p.Name, OrgID: p.OrgID,
		OrgName: p.OrgName, Role: p.Role, TokenID: p.TokenID})
}

type frameworkSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Version      string `json:"version"`
	Publisher    string `json:"publisher"`
	Description  string `json:"description"`
	Note         string `json:"note,omitempty"`
	Requirements int    `json:"requirements"`
}

func (s *Server) apiFrameworks(w http.ResponseWriter, r *http.Request) error {
	out := itemsOf[frameworkSummary]{Items: []frameworkSummary{}}
	for _, f := range s.cat.Frameworks() {
		out.Items = append(out.Items, frameworkSummary{ID: f.ID, Name: f.Name, Version: f.Version, Publisher: f.Publisher,
			Description: f.Description, Note: f.Note, Requirements: len(f.Requirements)})
	}
	out.Total = len(out.Items)
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRequirements(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.cat.Framework(r.PathValue("id"))
	if !ok {
		return aims.ErrNotFound
	}
	return writeJSON(w, http.StatusOK, itemsOf[*catalog.Requirement]{Items: f.Requirements, Total: len(f.Requirements)})
}

// readiness is a conformity.Group as the API shows it.
type readiness struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Kind       string         `json:"kind,omitempty"`
	Total      int            `json:"total"`
	Applicable int            `json:"applicable"`
	Counts     map[string]int `json:"counts"`
	Percent    int            `json:"percent"`
}

func readinessOf(g conformity.Group) readiness {
	counts := map[string]int{}
	for _, st := range aims.GapStatuses {
		counts[string(st)] = g.Counts[st]
	}
	return readiness{ID: g.ID, Title: g.Title, Kind: g.Kind, Total: g.Total, Applicable: g.Applicable, Counts: counts, Percent: g.Percent()}
}

type gapItem struct {
	aims.GapEntry
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Group    string `json:"group"`
	Overdue  bool   `json:"overdue"`
	Priority int    `json:"priority"`
	Next     string `json:"next,omitempty"`
}

type gapReply struct {
	AsOf    aims.Date   `json:"as_of"`
	Overall readiness   `json:"overall"`
	Clauses readiness   `json:"clauses"`
	AnnexA  readiness   `json:"annex_a"`
	Groups  []readiness `json:"groups"`
	Items   []gapItem   `json:"items"`
}

// overview reads the organization's gap entries and computes readiness.
func (s *Server) overview(r *http.Request) (conformity.Overview, error) {
	p, _ := principalOf(r.Context())
	entries, err := s.store.GapEntries(r.Context(), p.OrgID)
	if err != nil {
		return conformity.Overview{}, err
	}
	return conformity.Compute(s.cat, entries, s.today()), nil
}

func (s *Server) apiGap(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	out := gapReply{AsOf: o.AsOf, Overall: readinessOf(o.Overall), Clauses: readinessOf(o.ClauseTotal), AnnexA: readinessOf(o.ControlTotal)}
	for _, g := range append(append([]conformity.Group{}, o.Clauses...), o.Controls...) {
		out.Groups = append(out.Groups, readinessOf(g))
	}
	for _, it := range o.Items {
		out.Items = append(out.Items, gapItem{GapEntry: it.Entry, Title: it.Requirement.Title, Kind: it.Requirement.Kind,
			Group: it.Group, Overdue: it.Overdue, Priority: it.Priority, Next: it.Next})
	}
	return writeJSON(w, http.StatusOK, out)
}

// assessable finds a clause requirement or Annex A control that takes a gap
// status; groups and unknown IDs are not found.
func (s *Server) assessable(id string) (*catalog.Requirement, error) {
	req, ok := s.cat.Requirement(catalog.ISO42001, id)
	if !ok || !req.Assessable {
		return nil, aims.ErrNotFound
	}
	return req, nil
}

func (s *Server) apiGapEntry(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	req, err := s.assessable(r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	e, err := s.store.GapEntry(r.Context(), p.OrgID, req.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiUpdateGap(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	req, err := s.assessable(r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	var in aims.GapEntry
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.RequirementID != "" && in.RequirementID != req.ID {
		return aims.Invalid("requirement_id", "does not match the requirement in the address")
	}
	if in.ID != "" && in.ID != req.ID {
		return aims.Invalid("id", "does not match the requirement in the address")
	}
	in.RequirementID = req.ID
	e, err := s.store.UpdateGapEntry(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	lp, err := listParams(r.URL.Query(), 100)
	if err != nil {
		return err
	}
	page, err := s.store.Members(r.Context(), p.OrgID, lp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

type memberCreated struct {
	aims.Member
	// InvitationURL is where the person accepts; shown once. Every new
	// member gets one, whether or not the address has an account already,
	// so the reply tells the admin nothing about other organizations.
	// With a mail server configured the link goes to the person's address
	// instead, and only they hold it: InvitationMailed is set and the
	// reply carries no link.
	InvitationURL    string `json:"invitation_url,omitempty"`
	InvitationMailed bool   `json:"invitation_mailed,omitempty"`
}

// invite adds a person as a pending member, or (reinvite) gives a pending
// member a new link, and returns the link: the secret exists only in this
// reply and in the person's hands, never in the database or a log.
func (s *Server) invite(r *http.Request, add func(p aims.Principal, tokenHash string, mail *sqlstore.InviteMail) (aims.Member, error)) (memberCreated, error) {
	p, _ := principalOf(r.Context())
	token := secret.Token("")
	if !s.cfg.Mail {
		m, err := add(p, secret.HashToken(token), nil)
		return memberCreated{Member: m, InvitationURL: s.baseURL(r) + "/invite/" + token}, err
	}
	// The message is queued in the transaction that adds the member, so
	// there is no member without their invitation, nor the reverse.
	m, err := add(p, secret.HashToken(token), &sqlstore.InviteMail{Compose: func(m aims.Member, org string) (string, string, string) {
		return m.Email, "Invitation to " + org + " in aims", "Hello " + m.Name + ",\n\n" + p.Name + " invites you to work in the AI management system of " +
			org + " in aims, as " + strings.ToLower(m.Role.Label()) + ".\nTo accept, open this link within 7 days:\n\n" +
			s.cfg.BaseURL + "/invite/" + token + "\n\nIf you did not expect this, ignore it: nothing happens until you accept.\n"
	}})
	return memberCreated{Member: m, InvitationMailed: err == nil}, err
}

func (s *Server) addMember(r *http.Request, nm aims.NewMember) (memberCreated, error) {
	return s.invite(r, func(p aims.Principal, hash string, mail *sqlstore.InviteMail) (aims.Member, error) {
		return s.store.AddMember(r.Context(), p, nm, hash, mail)
	})
}

func (s *Server) reinvite(r *http.Request) (memberCreated, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return memberCreated{}, err
	}
	return s.invite(r, func(p aims.Principal, hash string, mail *sqlstore.InviteMail) (aims.Member, error) {
		return s.store.Reinvite(r.Context(), p, id, hash, mail)
	})
}

func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies || (s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request) error {
	var nm aims.NewMember
	if err := decodeJSON(r, &nm); err != nil {
		return err
	}
	out, err := s.addMember(r, nm)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiReinvite(w http.ResponseWriter, r *http.Request) error {
	io.Copy(io.Discard, r.Body)
	out, err := s.reinvite(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiUpdateMember(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var u aims.MemberUpdate
	if err := decodeJSON(r, &u); err != nil {
		return err
	}
	m, err := s.store.UpdateMember(r.Context(), p, id, u)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// tokenOwner limits token lists and revocations to one's own tokens, except
// for admins.
func tokenOwner(p aims.Principal) int64 {
	if p.Role.Can(aims.PermAdmin) {
		return 0
	}
	return p.UserID
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	lp, err := listParams(r.URL.Query(), 100)
	if err != nil {
		return err
	}
	page, err := s.store.APITokens(r.Context(), p.OrgID, tokenOwner(p), lp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

type tokenCreated struct {
	aims.APIToken
	// Token is the secret, shown only in this reply.
	Token string `json:"token"`
}

// TokenPrefix starts every API token, so secret scanners can find leaked ones.
const TokenPrefix = "aims_"

func (s *Server) createToken(r *http.Request, nt aims.NewAPIToken) (tokenCreated, error) {
	p, _ := principalOf(r.Context())
	token := secret.Token(TokenPrefix)
	t, err := s.store.CreateAPIToken(r.Context(), p, p.UserID, nt, secret.HashToken(token), token[:len(TokenPrefix)+6])
	return tokenCreated{APIToken: t, Token: token}, err
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in aims.NewAPIToken
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.createToken(r, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	io.Copy(io.Discard, r.Body)
	t, err := s.store.RevokeAPIToken(r.Context(), p, id, tokenOwner(p))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// auditFilter reads the audit log's filters; the API and the page share it.
func auditFilter(r *http.Request) (sqlstore.AuditFilter, error) {
	qr := newQueryReader(r.URL.Query())
	f := sqlstore.AuditFilter{
		ListParams: aims.ListParams{Limit: qr.int("limit", aims.DefaultLimit), Offset: qr.int("offset", 0)},
		Register:   qr.str("register"), RecordID: qr.str("record_id"), ActorID: qr.int64("actor_id"),
		Action: qr.str("action"), From: qr.date("from"), To: qr.date("to"),
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.ListParams.Validate()
}

func (s *Server) apiAuditEvents(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.AuditEvents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(s.openapi)
	return nil
}

// checkpoint answers the organization's current signed chain head, for an
// admin or auditor to keep outside the system.
func (s *Server) checkpoint(r *http.Request) (aims.CheckpointFile, error) {
	p, _ := principalOf(r.Context())
	c, err := s.store.Checkpoint(r.Context(), p.OrgID)
	if err != nil {
		return aims.CheckpointFile{}, err
	}
	return aims.CheckpointFile{CreatedAt: aims.AuditTime(s.now()), Checkpoints: []aims.Checkpoint{c}}, nil
}

func (s *Server) apiCheckpoint(w http.ResponseWriter, r *http.Request) error {
	f, err := s.checkpoint(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// securityFilter reads the security log's filters; the API and the page
// share it.
func securityFilter(r *http.Request) (sqlstore.SecurityFilter, error) {
	qr := newQueryReader(r.URL.Query())
	f := sqlstore.SecurityFilter{ListParams: aims.ListParams{Limit: qr.int("limit", aims.DefaultLimit), Offset: qr.int("offset", 0)},
		Kind: qr.str("kind"), UserID: qr.int64("user_id")}
	if f.Kind != "" && !slices.Contains(aims.SecurityKinds, f.Kind) {
		qr.errs["kind"] = "must be one of: " + strings.Join(aims.SecurityKinds, ", ")
	}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.ListParams.Validate()
}

func (s *Server) apiSecurityEvents(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := securityFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.SecurityEvents(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
