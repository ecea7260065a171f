package web

import (
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
	"aims/internal/sqlstore"
)

// AIMS roles (5.3, A.3.2): responsibilities, authorities, the competence
// each needs and the people who hold it. (The RACI view over the AIMS
// processes comes with the processes register.)

func (s *Server) aimsRoleHandlers() registerHandlers[aims.AIMSRole] {
	return registerHandlers[aims.AIMSRole]{s: s, base: "/roles", api: "/api/v1/aims-roles", what: "role",
		get: s.store.AIMSRole, create: s.store.CreateAIMSRole, update: s.store.UpdateAIMSRole,
		key:     func(v *aims.AIMSRole) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.AIMSRole) bool { return v.Archived },
		parse:   aimsRoleFromForm, form: s.aimsRoleForm}
}

func aimsRoleRef(r aims.AIMSRole) string { return r.Ref }

func aimsRoleFilter(q url.Values, limit int) (aims.AIMSRoleFilter, error) {
	qr := newQueryReader(q)
	f := aims.AIMSRoleFilter{ListParams: qr.list(limit), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type aimsRolesView struct {
	layout
	listNav
	Filter aims.AIMSRoleFilter
	Page   aims.Page[sqlstore.AIMSRoleRow]
}

func (s *Server) aimsRolesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aimsRoleFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AIMSRoles(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	v := aimsRolesView{layout: s.layoutFor(w, r, "AIMS roles"), Filter: f, Page: page,
		listNav: newListNav("/roles", "/api/v1/aims-roles.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "aims_roles", v)
}

// roleHolder is one person of a role's page with their mark for each
// competence the role requires, in the role's order.
type roleHolder struct {
	aims.RoleAssignment
	Current bool
	Marks   []aims.CompetenceGap
}

type aimsRoleView struct {
	layout
	R       aims.AIMSRole
	Holders []roleHolder
	History []historyRow
}

func (s *Server) aimsRolePage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	role, err := lookup(r, s.store.AIMSRole)
	if err != nil {
		return err
	}
	gaps, err := s.store.CompetenceGaps(r.Context(), p.OrgID, aims.GapFilter{RoleID: role.ID, AsOf: s.today(), Within: aims.DefaultGapWindow})
	if err != nil {
		return err
	}
	marks := map[[2]int64]aims.CompetenceGap{}
	for _, g := range gaps.Items {
		marks[[2]int64{g.StaffID, g.CompetenceID}] = g
	}
	v := aimsRoleView{layout: s.layoutFor(w, r, role.Ref+" "+role.Name), R: role}
	for _, a := range role.People {
		h := roleHolder{RoleAssignment: a, Current: a.Current(s.today())}
		for _, c := range role.Competences {
			if g, ok := marks[[2]int64{a.StaffID, c.CompetenceID}]; ok {
				h.Marks = append(h.Marks, g)
			}
		}
		v.Holders = append(v.Holders, h)
	}
	if v.History, err = s.history(r, aims.RegisterAIMSRoles, role.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "aims_role", v)
}

// roleFormPerson is one row of the role form's people table.
type roleFormPerson struct {
	aims.Staff
	Assigned    bool
	From, Until aims.Date
}

type aimsRoleFormView struct {
	layout
	R           aims.AIMSRole
	New         bool
	Roles       []aims.AIMSRole
	Competences []aims.Competence
	People      []roleFormPerson
}

// Required reports whether the form's role requires a competence.
func (v aimsRoleFormView) Required(id int64) bool {
	for _, c := range v.R.Competences {
		if c.CompetenceID == id {
			return true
		}
	}
	return false
}

func (s *Server) aimsRoleForm(w http.ResponseWriter, r *http.Request, status int, role aims.AIMSRole, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	roles, err := s.store.AIMSRoleNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	comps, err := s.store.CompetenceNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	people, err := s.store.StaffNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + role.Ref
	if isNew {
		title = "Define an AIMS role"
	}
	v := aimsRoleFormView{layout: s.layoutFor(w, r, title), R: role, New: isNew, Competences: comps}
	for _, o := range roles {
		if o.ID != role.ID {
			v.Roles = append(v.Roles, o)
		}
	}
	assigned := map[int64]aims.RoleAssignment{}
	for _, a := range role.People {
		assigned[a.StaffID] = a
	}
	for _, person := range people {
		a, ok := assigned[person.ID]
		v.People = append(v.People, roleFormPerson{Staff: person, Assigned: ok, From: a.From, Until: a.Until})
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "aims_role_form", v)
}

func (s *Server) newAIMSRolePage(w http.ResponseWriter, r *http.Request) error {
	return s.aimsRoleForm(w, r, http.StatusOK, aims.AIMSRole{}, true, formMessage{})
}

// aimsRoleFromForm reads the role form: the competences ticked, and the
// people ticked with the days of their assignment (fields from_ID and
// until_ID).
func aimsRoleFromForm(r *http.Request) (aims.AIMSRole, error) {
	var role aims.AIMSRole
	if err := parseForm(r); err != nil {
		return role, err
	}
	f, errs := r.PostForm, map[string]string{}
	role.Name, role.Responsibilities, role.Authorities = f.Get("name"), f.Get("responsibilities"), f.Get("authorities")
	role.ReportsToID = formInt64(errs, "reports_to_id", f.Get("reports_to_id"), "must be a role")
	role.Competences, role.People = []aims.RoleCompetence{}, []aims.RoleAssignment{}
	for _, v := range nonEmpty(f["competences"]) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["competences"] = "must be competences of the catalogue"
			continue
		}
		role.Competences = append(role.Competences, aims.RoleCompetence{CompetenceID: id})
	}
	for _, v := range nonEmpty(f["people"]) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs["people"] = "must be people of the AIMS"
			continue
		}
		a := aims.RoleAssignment{StaffID: id}
		a.From = formDate(errs, "people", f.Get("from_"+v))
		a.Until = formDate(errs, "people", f.Get("until_"+v))
		role.People = append(role.People, a)
	}
	return role, validationOf(errs)
}

func (s *Server) aimsRolesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aimsRoleFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "aims-roles", report.AIMSRoleColumns, func(fn func(aims.AIMSRole) error) error {
		return s.store.EachAIMSRole(r.Context(), p.OrgID, f, func(row sqlstore.AIMSRoleRow) error { return fn(row.AIMSRole) })
	})
}

func (s *Server) apiAIMSRoles(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := aimsRoleFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.AIMSRoles(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}
