package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

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

func (s *Server) apiAISystems(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aiSystemFilter(r.URL.Query(), s.today(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AISystems(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiAISystem(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiCreateAISystem(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.AISystem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.CreateAISystem(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/ai-systems/"+strconv.FormatInt(a.ID, 10))
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiUpdateAISystem(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	current, err := s.aiSystemAt(r, false)
	if err != nil {
		return err // an unknown or foreign ID is not found, whatever the body says
	}
	id := current.ID
	var in aims.AISystem
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.ID != 0 && in.ID != id {
		return aims.Invalid("id", "does not match the ID in the address")
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	in.ID = id
	a, err := s.store.UpdateAISystem(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

type versionBody struct {
	Version int `json:"version"`
}

// optionalVersion reads {"version": n} if a body was sent; no body means
// "whatever the current version is".
func optionalVersion(r *http.Request) (int, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return 0, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return 0, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	var v versionBody
	if err := decodeJSON(r, &v); err != nil {
		return 0, err
	}
	return v.Version, nil
}

func (s *Server) apiArchiveAISystem(w http.ResponseWriter, r *http.Request) error {
	return s.apiSetArchived(w, r, true)
}

func (s *Server) apiRestoreAISystem(w http.ResponseWriter, r *http.Request) error {
	return s.apiSetArchived(w, r, false)
}

func (s *Server) apiSetArchived(w http.ResponseWriter, r *http.Request, archived bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := optionalVersion(r)
	if err != nil {
		return err
	}
	a, err := s.setArchived(r, id, version, archived)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiAISystemHistory(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	events, err := s.store.History(r.Context(), p.OrgID, "ai-systems", strconv.FormatInt(a.ID, 10))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.AuditEvent]{Items: events, Total: len(events)})
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
	// InvitationURL is where a new person sets their password; shown once.
	InvitationURL string `json:"invitation_url,omitempty"`
}

func (s *Server) addMember(r *http.Request, nm aims.NewMember) (memberCreated, error) {
	p, _ := principalOf(r.Context())
	token := secret.Token("")
	m, invited, err := s.store.AddMember(r.Context(), p, nm, "", secret.HashToken(token))
	if err != nil {
		return memberCreated{}, err
	}
	out := memberCreated{Member: m}
	if invited {
		out.InvitationURL = s.baseURL(r) + "/invite/" + token
	}
	return out, nil
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

type tokenRequest struct {
	Label string `json:"label"`
}

type tokenCreated struct {
	aims.APIToken
	// Token is the secret, shown only in this reply.
	Token string `json:"token"`
}

// TokenPrefix starts every API token, so secret scanners can find leaked ones.
const TokenPrefix = "aims_"

func (s *Server) createToken(r *http.Request, label string) (tokenCreated, error) {
	p, _ := principalOf(r.Context())
	token := secret.Token(TokenPrefix)
	t, err := s.store.CreateAPIToken(r.Context(), p, p.UserID, label, secret.HashToken(token), token[:len(TokenPrefix)+6])
	return tokenCreated{APIToken: t, Token: token}, err
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in tokenRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	out, err := s.createToken(r, in.Label)
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
