package web

import (
	"net/http"

	"aims/internal/aims"
)

// The RACI over the AIMS processes (5.3): which AIMS role is Responsible,
// Accountable, Consulted or Informed in each live process. Each process
// keeps its own column, edited on the process's form; this page puts
// them side by side and names the processes nobody is accountable for.

type raciView struct {
	layout
	Roles       []aims.Link
	Processes   []aims.Link
	Cells       map[[2]int64]string
	Unowned     []aims.Link // processes with no accountable role
	Unassigned  []aims.Link // roles with no part in any process
	RACILetters []string
}

// Cell is the role's letter in the process.
func (v raciView) Cell(role, process int64) string { return v.Cells[[2]int64{role, process}] }

func (s *Server) raciPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	m, err := s.store.RACI(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := raciView{layout: s.layoutFor(w, r, "RACI over the AIMS processes"), Roles: m.Roles, Processes: m.Processes, Cells: m.Letters,
		RACILetters: aims.RACILetters}
	for _, pr := range m.Processes {
		accountable := false
		for _, ro := range m.Roles {
			accountable = accountable || m.Letters[[2]int64{ro.ID, pr.ID}] == aims.RACIAccountable
		}
		if !accountable {
			v.Unowned = append(v.Unowned, pr)
		}
	}
	for _, ro := range m.Roles {
		part := false
		for _, pr := range m.Processes {
			part = part || m.Letters[[2]int64{ro.ID, pr.ID}] != ""
		}
		if !part {
			v.Unassigned = append(v.Unassigned, ro)
		}
	}
	return s.render(w, r, http.StatusOK, "raci", v)
}

// raciReply is the RACI matrix in the API: one entry per role and process
// where the role has a part.
type raciReply struct {
	Roles     []aims.Link `json:"roles"`
	Processes []aims.Link `json:"processes"`
	Entries   []raciEntry `json:"entries"`
}

type raciEntry struct {
	RoleID    int64  `json:"role_id"`
	ProcessID int64  `json:"process_id"`
	Letter    string `json:"letter"`
}

func (s *Server) apiRACI(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	m, err := s.store.RACI(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	out := raciReply{Roles: m.Roles, Processes: m.Processes, Entries: []raciEntry{}}
	for _, ro := range m.Roles {
		for _, pr := range m.Processes {
			if l := m.Letters[[2]int64{ro.ID, pr.ID}]; l != "" {
				out.Entries = append(out.Entries, raciEntry{RoleID: ro.ID, ProcessID: pr.ID, Letter: l})
			}
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
