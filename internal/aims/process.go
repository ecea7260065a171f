package aims

import (
	"sort"
	"strings"
	"time"
)

// ProcessStatus is where an AIMS process stands.
type ProcessStatus string

// The statuses, in order.
const (
	ProcessDraft     ProcessStatus = "draft"
	ProcessOperating ProcessStatus = "in-operation"
	ProcessRetired   ProcessStatus = "retired"
)

// ProcessStatuses lists the statuses in order.
var ProcessStatuses = []ProcessStatus{ProcessDraft, ProcessOperating, ProcessRetired}

// Valid reports whether s is a known status.
func (s ProcessStatus) Valid() bool { return contains(ProcessStatuses, s) }

// Label names the status for people.
func (s ProcessStatus) Label() string {
	switch s {
	case ProcessDraft:
		return "Draft"
	case ProcessOperating:
		return "In operation"
	case ProcessRetired:
		return "Retired"
	}
	return string(s)
}

// Process is one of the processes the AI management system is made of and
// how they interact (clause 4.4): what it is for, what goes in and comes
// out, which requirements of ISO/IEC 42001 it serves and which processes it
// feeds.
type Process struct {
	ID           int64         `json:"id"`
	Ref          string        `json:"ref"`
	Version      int           `json:"version"`
	Name         string        `json:"name"`
	Purpose      string        `json:"purpose"`
	OwnerID      int64         `json:"owner_id"`
	OwnerName    string        `json:"owner_name"`
	Inputs       string        `json:"inputs"`
	Outputs      string        `json:"outputs"`
	Requirements []string      `json:"requirements"`
	Feeds        []Link        `json:"feeds"`
	FedBy        []Link        `json:"fed_by"` // read only: the processes that feed this one
	RACI         []RACI        `json:"raci"`   // the AIMS roles' parts in it
	ReviewDate   Date          `json:"review_date"`
	Status       ProcessStatus `json:"status"`
	Archived     bool          `json:"archived"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// Normalize trims the name, fills the default status and orders the
// requirements and links, so an edit that reorders them changes nothing.
func (p *Process) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	if p.Status == "" {
		p.Status = ProcessDraft
	}
	reqs := make([]string, 0, len(p.Requirements))
	for _, r := range p.Requirements {
		reqs = append(reqs, strings.TrimSpace(r))
	}
	sort.Slice(reqs, func(i, j int) bool { return RequirementLess(reqs[i], reqs[j]) })
	p.Requirements = reqs
	p.Feeds = normalizeLinks(p.Feeds)
	p.RACI = normalizeRACI(p.RACI)
	if p.FedBy == nil {
		p.FedBy = []Link{}
	}
}

// Validate checks a process as a client sent it. Whether each requirement
// exists in the catalog is checked by the caller, which holds the catalog.
func (p Process) Validate() error {
	f := fieldErrors{}
	checkText(f, "name", p.Name, true, maxName)
	checkText(f, "purpose", p.Purpose, true, maxText)
	checkText(f, "inputs", p.Inputs, false, maxText)
	checkText(f, "outputs", p.Outputs, false, maxText)
	if !p.Status.Valid() {
		f.add("status", "must be one of: "+joinEnum(ProcessStatuses))
	}
	if p.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	seen := map[string]bool{}
	for _, r := range p.Requirements {
		switch {
		case r == "" || len(r) > 20:
			f.add("requirements", "each must be a clause or control ID such as 6.1.2 or A.6.2.4")
		case seen[r]:
			f.add("requirements", "lists "+r+" twice")
		}
		seen[r] = true
	}
	checkLinks(f, "feeds", p.Feeds)
	checkRACI(f, p.RACI)
	for _, l := range p.Feeds {
		if p.ID != 0 && l.ID == p.ID {
			f.add("feeds", "a process cannot feed itself")
		}
	}
	return f.err()
}

// RequirementLess orders requirement IDs as the standard does: clauses
// before Annex A, numbers by value (A.10 after A.9).
func RequirementLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		na, ea := atoiOK(pa[i])
		nb, eb := atoiOK(pb[i])
		switch {
		case ea && eb:
			return na < nb
		case ea != eb:
			return ea // numbers (clauses) before letters (Annex A)
		}
		return pa[i] < pb[i]
	}
	return len(pa) < len(pb)
}

func atoiOK(s string) (int, bool) {
	n := 0
	if s == "" {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// ProcessFilter narrows the process list. Zero values mean "any".
type ProcessFilter struct {
	ListParams
	Status        ProcessStatus
	OwnerID       int64
	RequirementID string
	Archived      bool
}

// ProcessSorts are the columns the list can be sorted by.
var ProcessSorts = []string{"ref", "name", "status", "review_date", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f ProcessFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(ProcessSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(ProcessStatuses))
	}
	if len(f.RequirementID) > 20 {
		errs.add("requirement", "is not a requirement ID")
	}
	return errs.err()
}
