package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
	"aims/internal/report"
)

// AI system components (A.4.2 to A.4.5) and the people each system needs
// (A.4.6). Components have their own list across the systems; a system's
// page shows its own in a panel (componentsPanel), where new ones are
// added: /ai-systems/{id}/components/new.

func (s *Server) componentHandlers() registerHandlers[aims.Component] {
	return registerHandlers[aims.Component]{s: s, base: "/components", api: "/api/v1/components", what: "component",
		get: s.store.Component, create: s.store.CreateComponent, update: s.store.UpdateComponent,
		key:     func(v *aims.Component) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Component) bool { return v.Archived },
		parse:   componentFromForm, form: s.componentForm}
}

func componentRef(c aims.Component) string { return c.Ref }

func componentFilter(q url.Values, limit int) (aims.ComponentFilter, error) {
	qr := newQueryReader(q)
	f := aims.ComponentFilter{ListParams: qr.list(limit), AISystemID: qr.int64("ai_system_id"), Kind: aims.ComponentKind(qr.str("kind")),
		OwnerID: qr.int64("owner_id"), ThirdPartyID: qr.int64("third_party_id"), DatasetID: qr.int64("dataset_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// componentParams are the components list's query parameters.
var componentParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.ComponentSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"ai_system_id", "integer", "Only the components of this AI system.", nil},
	queryParam{"kind", "string", "Kind of component.", enumStrings(aims.ComponentKinds)},
	queryParam{"owner_id", "integer", "Owner's user ID.", nil},
	queryParam{"third_party_id", "integer", "Only the components this third party supplies.", nil},
	queryParam{"dataset_id", "integer", "Only the data components that are this data set.", nil},
	queryParam{"archived", "boolean", "List archived components instead of live ones.", nil},
)

type componentsView struct {
	layout
	listNav
	Filter  aims.ComponentFilter
	Page    aims.Page[aims.Component]
	Systems []aims.AISystem
	Members []aims.Member
	Kinds   []aims.ComponentKind
}

func (s *Server) componentsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := componentFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Components(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	title := "AI system components"
	if f.Archived {
		title = "Archived AI system components"
	}
	v := componentsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Systems: systems, Members: members.Items,
		Kinds:   aims.ComponentKinds,
		listNav: newListNav("/components", "/api/v1/components.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "components", v)
}

func (s *Server) componentsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := componentFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "ai-components", report.ComponentColumns, func(fn func(aims.Component) error) error {
		return s.store.EachComponent(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiComponents(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := componentFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Components(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

type componentView struct {
	layout
	C        aims.Component
	InUse    bool
	History  []historyRow
	Evidence evidencePanel
}

func (s *Server) componentPage(w http.ResponseWriter, r *http.Request) error {
	c, err := lookup(r, s.store.Component)
	if err != nil {
		return err
	}
	history, err := s.history(r, aims.RegisterComponents, c.ID)
	if err != nil {
		return err
	}
	v := componentView{layout: s.layoutFor(w, r, c.Ref+" "+c.Name), C: c, InUse: c.InUse(s.today()), History: history}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterComponents, strconv.FormatInt(c.ID, 10), !c.Archived); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "component", v)
}

type componentFormView struct {
	layout
	C       aims.Component
	New     bool
	Action  string
	Systems []aims.AISystem
	Members []aims.Member
	Kinds   []aims.ComponentKind
	// The live suppliers and partners, and the live data sets, each with
	// the component's current one when it has since been archived.
	ThirdParties []aims.Link
	Datasets     []aims.Link
}

// componentLinkChoices are the third parties and data sets the component
// form offers.
func (s *Server) componentLinkChoices(r *http.Request, c aims.Component) (tps, dss []aims.Link, err error) {
	p, _ := principalOf(r.Context())
	page, err := s.store.ThirdParties(r.Context(), p.OrgID, aims.ThirdPartyFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "name"}})
	if err != nil {
		return nil, nil, err
	}
	tps = []aims.Link{}
	for _, t := range page.Items {
		if t.Kind != aims.ThirdPartyCustomer {
			tps = append(tps, aims.Link{ID: t.ID, Ref: t.Ref, Name: t.Name + " (" + t.Kind.Label() + ")"})
		}
	}
	// The component's own link, archived since it was made, stays on offer;
	// an ID the store has not named (a refused one) does not.
	if c.ThirdParty != "" && !slices.ContainsFunc(tps, func(l aims.Link) bool { return l.ID == c.ThirdPartyID }) {
		tps = append(tps, aims.Link{ID: c.ThirdPartyID, Name: c.ThirdParty + " (kept as linked; no longer offered)"})
	}
	sets, err := s.store.Datasets(r.Context(), p.OrgID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "name"}})
	if err != nil {
		return nil, nil, err
	}
	dss = []aims.Link{}
	for _, d := range sets.Items {
		dss = append(dss, aims.Link{ID: d.ID, Ref: d.Ref, Name: d.Name + " (" + d.AISystemRef + ")"})
	}
	if c.Dataset != "" && !slices.ContainsFunc(dss, func(l aims.Link) bool { return l.ID == c.DatasetID }) {
		dss = append(dss, aims.Link{ID: c.DatasetID, Name: c.Dataset + " (kept as linked; archived)"})
	}
	return tps, dss, nil
}

func (s *Server) componentForm(w http.ResponseWriter, r *http.Request, status int, c aims.Component, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title, action := "Edit "+c.Ref, "/components/"+strconv.FormatInt(c.ID, 10)
	if isNew {
		title, action = "Add a component", "/ai-systems/"+strconv.FormatInt(c.AISystemID, 10)+"/components"
	}
	v := componentFormView{layout: s.layoutFor(w, r, title), C: c, New: isNew, Action: action, Systems: systems,
		Members: members.Items, Kinds: aims.ComponentKinds}
	if v.ThirdParties, v.Datasets, err = s.componentLinkChoices(r, c); err != nil {
		return err
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "component_form", v)
}

// newComponentPage is the form for a new component of the system the path
// names.
func (s *Server) newComponentPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	return s.componentForm(w, r, http.StatusOK, aims.Component{AISystemID: a.ID, Kind: aims.ComponentModel, OwnerID: a.OwnerID,
		InUseSince: s.today()}, true, formMessage{})
}

// createComponentForm adds a component to the system the path names.
func (s *Server) createComponentForm(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	h := s.componentHandlers()
	h.parse = func(r *http.Request) (aims.Component, error) {
		c, err := componentFromForm(r)
		c.AISystemID = a.ID
		return c, err
	}
	return h.createForm(w, r)
}

// apiCreateComponent adds a component to the system the path names.
func (s *Server) apiCreateComponent(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	var in aims.Component
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.AISystemID != 0 && in.AISystemID != a.ID {
		return aims.Invalid("ai_system_id", "does not match the AI system in the address")
	}
	in.AISystemID = a.ID
	c, err := s.store.CreateComponent(r.Context(), p, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/components/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

func componentFromForm(r *http.Request) (aims.Component, error) {
	var c aims.Component
	if err := parseForm(r); err != nil {
		return c, err
	}
	f, errs := r.PostForm, map[string]string{}
	c.Kind, c.Name, c.Release, c.Supplier = aims.ComponentKind(f.Get("kind")), f.Get("name"), f.Get("release"), f.Get("supplier")
	c.Description = f.Get("description")
	c.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system")
	c.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	c.ThirdPartyID = formInt64(errs, "third_party_id", f.Get("third_party_id"), "must be a third party of the list")
	c.DatasetID = formInt64(errs, "dataset_id", f.Get("dataset_id"), "must be a data set of the list")
	c.InUseSince = formDate(errs, "in_use_since", f.Get("in_use_since"))
	c.Retired = formDate(errs, "retired", f.Get("retired"))
	return c, validationOf(errs)
}

// componentsPanel is the AI system page's panel of its components, its
// human resources and their gaps, and the free text the inventory held
// before components were itemised.
type componentsPanel struct {
	SystemID   int64
	CanWrite   bool
	Components []aims.Component
	Total      int
	Needs      []aims.SystemNeed
	Gaps       []aims.NeedGap
	Legacy     []legacyText
}

type legacyText struct{ Label, Text string }

func (s *Server) componentsPanelFor(r *http.Request, a aims.AISystem) (componentsPanel, error) {
	p, _ := principalOf(r.Context())
	v := componentsPanel{SystemID: a.ID, CanWrite: !a.Archived && p.Role.Can(aims.PermWrite)}
	page, err := s.store.Components(r.Context(), p.OrgID, aims.ComponentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit, Sort: "ai_system"},
		AISystemID: a.ID})
	if err != nil {
		return v, err
	}
	v.Components, v.Total = page.Items, page.Total
	people, err := s.store.SystemPeople(r.Context(), p.OrgID, a.ID)
	if err != nil {
		return v, err
	}
	v.Needs = people.Needs
	if v.Gaps, err = s.store.SystemNeedGaps(r.Context(), p.OrgID, people.Needs); err != nil {
		return v, err
	}
	for _, l := range []legacyText{{"Data", a.Data}, {"Models", a.Models}, {"Tooling", a.Tooling}, {"Compute", a.Compute}, {"Third-party components", a.ThirdParty}} {
		if strings.TrimSpace(l.Text) != "" {
			v.Legacy = append(v.Legacy, l)
		}
	}
	return v, nil
}

// The people a system needs (A.4.6): one form of lines, saved at the
// system's version.

type systemPeopleView struct {
	layout
	System      aims.AISystem
	People      aims.SystemPeople
	Rows        []aims.SystemNeed // the lines plus empty ones to fill in
	Staff       []aims.Staff
	Competences []aims.Competence
}

func (s *Server) systemPeoplePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.aiSystemAt(r, true)
	if err != nil {
		return err
	}
	p, _ := principalOf(r.Context())
	people, err := s.store.SystemPeople(r.Context(), p.OrgID, a.ID)
	if err != nil {
		return err
	}
	return s.systemPeopleForm(w, r, http.StatusOK, a, people, formMessage{})
}

func (s *Server) systemPeopleForm(w http.ResponseWriter, r *http.Request, status int, a aims.AISystem, people aims.SystemPeople, msg formMessage) error {
	p, _ := principalOf(r.Context())
	staff, err := s.store.StaffNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	comps, err := s.store.CompetenceNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := systemPeopleView{layout: s.layoutFor(w, r, "People "+a.Ref+" needs"), System: a, People: people, Staff: staff, Competences: comps}
	v.Rows = append(append([]aims.SystemNeed{}, people.Needs...), make([]aims.SystemNeed, 3)...)
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "ai_system_people", v)
}

// systemPeopleFromForm reads the lines role_N, competence_N, staff_N; a line
// left wholly empty is dropped.
func systemPeopleFromForm(r *http.Request, systemID int64, version int) (aims.SystemPeople, error) {
	out := aims.SystemPeople{AISystemID: systemID, Version: version, Needs: []aims.SystemNeed{}}
	f, errs := r.PostForm, map[string]string{}
	for i := 0; i < 200; i++ {
		n := strconv.Itoa(i)
		if _, ok := f["role_"+n]; !ok {
			break
		}
		role, comp, staff := strings.TrimSpace(f.Get("role_"+n)), f.Get("competence_"+n), f.Get("staff_"+n)
		if role == "" && comp == "" && staff == "" {
			continue
		}
		field := "needs." + strconv.Itoa(len(out.Needs))
		out.Needs = append(out.Needs, aims.SystemNeed{Role: role,
			CompetenceID: formInt64(errs, field+".competence_id", comp, "must be a competence"),
			StaffID:      formInt64(errs, field+".staff_id", staff, "must be a person")})
	}
	return out, validationOf(errs)
}

func (s *Server) saveSystemPeopleForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	in, err := systemPeopleFromForm(r, a.ID, version)
	if err == nil {
		if _, err = s.store.SetSystemPeople(r.Context(), p, in); err == nil {
			return s.redirect(w, r, "/ai-systems/"+strconv.FormatInt(a.ID, 10), "The people "+a.Ref+" needs are saved.")
		}
	}
	msg := s.componentHandlers().message(err)
	switch {
	case msg.Fields != nil:
		return s.systemPeopleForm(w, r, http.StatusUnprocessableEntity, a, in, msg)
	case msg.Text != "" && !errors.Is(err, aims.ErrArchived):
		in.Version = a.Version
		msg.Text = strings.Replace(msg.Text, "component", "AI system", 1)
		return s.systemPeopleForm(w, r, http.StatusConflict, a, in, msg)
	}
	return err
}

func (s *Server) apiSystemPeople(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	people, err := s.store.SystemPeople(r.Context(), p.OrgID, a.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, people)
}

func (s *Server) apiSetSystemPeople(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	a, err := s.aiSystemAt(r, false)
	if err != nil {
		return err
	}
	var in aims.SystemPeople
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.AISystemID != 0 && in.AISystemID != a.ID {
		return aims.Invalid("ai_system_id", "does not match the AI system in the address")
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the AI system's version you read")
	}
	in.AISystemID = a.ID
	out, err := s.store.SetSystemPeople(r.Context(), p, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
