package web

import (
	"net/http"

	"aims/internal/aims"
	"aims/internal/catalog"
	"aims/internal/conformity"
	"aims/internal/report"
)

type homeView struct {
	layout
	Overview     conformity.Overview
	Next         []conformity.Item
	OpenCount    int
	OverdueCount int
	ClauseChart  []byte
	ControlChart []byte
	Inventory    aims.InventorySummary
	Classes      []aims.RiskClass
}

// home is the readiness dashboard: how far the organization is from
// certification and the few things to do next.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	inv, err := s.store.InventorySummary(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	open := o.ByPriority()
	v := homeView{layout: s.layoutFor(w, r, "Home"), Overview: o, OpenCount: len(open), Inventory: inv, Classes: aims.RiskClasses,
		ClauseChart:  report.ReadinessSVG("Readiness by clause", o.Clauses),
		ControlChart: report.ReadinessSVG("Readiness by Annex A group", o.Controls)}
	for _, it := range open {
		if it.Overdue {
			v.OverdueCount++
		}
	}
	if len(open) > 5 {
		open = open[:5]
	}
	v.Next = open
	return s.render(w, r, http.StatusOK, "home", v)
}

type catalogView struct {
	layout
	Frameworks []*catalog.Framework
}

func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "catalog", catalogView{layout: s.layoutFor(w, r, "Frameworks"), Frameworks: s.cat.Frameworks()})
}

// treeRow is one requirement in a framework's outline.
type treeRow struct {
	Req   *catalog.Requirement
	Depth int
	Gap   *aims.GapEntry
}

type frameworkView struct {
	layout
	Framework *catalog.Framework
	Rows      []treeRow
	EU        *catalog.EUAIAct // the Act's lists and dates, on its page
}

func (s *Server) frameworkPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, ok := s.cat.Framework(r.PathValue("framework"))
	if !ok {
		return aims.ErrNotFound
	}
	var entries map[string]aims.GapEntry
	if f.ID == catalog.ISO42001 {
		var err error
		if entries, err = s.store.GapEntries(r.Context(), p.OrgID); err != nil {
			return err
		}
	}
	depth := map[string]int{}
	v := frameworkView{layout: s.layoutFor(w, r, f.Name), Framework: f}
	if f.ID == catalog.EUAIActID {
		v.EU = s.cat.EUAIAct()
	}
	for _, req := range f.Requirements {
		d := 0
		if req.Parent != "" {
			d = depth[req.Parent] + 1
		}
		depth[req.ID] = d
		row := treeRow{Req: req, Depth: d}
		if req.Assessable && entries != nil {
			e, ok := entries[req.ID]
			if !ok {
				e = aims.GapEntry{RequirementID: req.ID, Status: aims.GapNotStarted}
			}
			row.Gap = &e
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "framework", v)
}

// linkGroup is a requirement's links to one other framework.
type linkGroup struct {
	Framework *catalog.Framework
	Links     []resolvedLink
}

type resolvedLink struct {
	Req   *catalog.Requirement
	Basis string
}

type requirementView struct {
	layout
	Framework *catalog.Framework
	Req       *catalog.Requirement
	Parents   []*catalog.Requirement
	Children  []*catalog.Requirement
	Links     []linkGroup
	Gap       *aims.GapEntry
}

func (s *Server) requirementPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, ok := s.cat.Framework(r.PathValue("framework"))
	if !ok {
		return aims.ErrNotFound
	}
	req, ok := s.cat.Requirement(f.ID, r.PathValue("id"))
	if !ok {
		return aims.ErrNotFound
	}
	v := requirementView{layout: s.layoutFor(w, r, req.ID+" "+req.Title), Framework: f, Req: req,
		Children: s.cat.Children(f.ID, req.ID), Links: s.linkGroups(req)}
	for parent := req.Parent; parent != ""; {
		pr, _ := s.cat.Requirement(f.ID, parent)
		v.Parents = append([]*catalog.Requirement{pr}, v.Parents...)
		parent = pr.Parent
	}
	if f.ID == catalog.ISO42001 && req.Assessable {
		e, err := s.store.GapEntry(r.Context(), p.OrgID, req.ID)
		if err != nil {
			return err
		}
		v.Gap = &e
	}
	return s.render(w, r, http.StatusOK, "requirement", v)
}

func (s *Server) linkGroups(req *catalog.Requirement) []linkGroup {
	var groups []linkGroup
	for _, l := range req.Links {
		lr, ok := s.cat.Requirement(l.Framework, l.Requirement)
		if !ok {
			continue
		}
		if len(groups) == 0 || groups[len(groups)-1].Framework.ID != l.Framework {
			f, _ := s.cat.Framework(l.Framework)
			groups = append(groups, linkGroup{Framework: f})
		}
		g := &groups[len(groups)-1]
		g.Links = append(g.Links, resolvedLink{Req: lr, Basis: l.Basis})
	}
	return groups
}
