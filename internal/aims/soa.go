package aims

import (
	"strings"
	"time"
)

// The Statement of Applicability (6.1.3 d): one row per Annex A control and
// per custom control, saying whether it applies, why, how far it is
// implemented, who owns it and what shows it. The SoA is not typed apart
// from the rest: an Annex A control's status, justification, owner and
// evidence links are its gap entry's, a custom control's fields are the
// custom control's own; the SoA adds the coded reason of Annex A rows and
// freezes numbered, approved versions.

// SoAReason is the coded reason behind a control's applicability.
type SoAReason string

// The reasons: four for including a control, one for excluding it.
const (
	ReasonRisk         SoAReason = "risk"
	ReasonObligation   SoAReason = "obligation"
	ReasonContract     SoAReason = "contract"
	ReasonGoodPractice SoAReason = "good-practice"
	ReasonNotNeeded    SoAReason = "not-needed"
)

// SoAIncludeReasons are the reasons that include a control.
var SoAIncludeReasons = []SoAReason{ReasonRisk, ReasonObligation, ReasonContract, ReasonGoodPractice}

// SoAReasons lists every reason, inclusions first.
var SoAReasons = append(append([]SoAReason{}, SoAIncludeReasons...), ReasonNotNeeded)

// Valid reports whether r is a known reason.
func (r SoAReason) Valid() bool { return contains(SoAReasons, r) }

// Includes reports whether the reason is one for including a control.
func (r SoAReason) Includes() bool { return contains(SoAIncludeReasons, r) }

// Label names the reason for people.
func (r SoAReason) Label() string {
	switch r {
	case ReasonRisk:
		return "Included: treats an AI risk"
	case ReasonObligation:
		return "Included: a legal or regulatory obligation"
	case ReasonContract:
		return "Included: a contractual commitment"
	case ReasonGoodPractice:
		return "Included: good practice"
	case ReasonNotNeeded:
		return "Excluded: no risk or obligation calls for it"
	case "":
		return "No reason recorded"
	}
	return string(r)
}

// SoAStatuses are the implementation statuses of an included control (the
// gap analysis's statuses without "not applicable", which is exclusion).
var SoAStatuses = []GapStatus{GapNotStarted, GapPlanned, GapPartial, GapImplemented}

// SoAControl is an Annex A control as the SoA lists it: from the catalog.
type SoAControl struct {
	Ref   string `json:"ref"`
	Title string `json:"title"`
}

// SoA row kinds.
const (
	SoAKindAnnexA = "annex-a"
	SoAKindCustom = "custom"
)

// SoARow is one row of the Statement of Applicability, as the current
// draft shows it or as an approved version froze it.
type SoARow struct {
	Kind          string    `json:"kind"`         // annex-a or custom
	Ref           string    `json:"ref"`          // "A.6.2.4" or "CC-3"
	ID            int64     `json:"id,omitempty"` // the custom control's ID
	Title         string    `json:"title"`
	Applicable    bool      `json:"applicable"`
	Reason        SoAReason `json:"reason"`
	Justification string    `json:"justification"`
	Status        GapStatus `json:"status"`
	OwnerID       int64     `json:"owner_id,omitempty"`
	OwnerName     string    `json:"owner_name"`
	Risks         []string  `json:"risks"`    // the risks whose treatment chose it
	Evidence      []string  `json:"evidence"` // evidence and gap links that show it
	// Version is what an edit of the row must carry: the custom control's
	// version, or for an Annex A control the sum of its gap entry's version
	// and its reason's, which grows with every write to either.
	Version int `json:"version"`
}

// Problems lists what keeps the row from being consistent: an included
// control needs a reason for inclusion and a justification, an excluded
// one a justification, and a control a risk treatment chose cannot be
// excluded. Approval refuses an SoA with any problem.
func (r SoARow) Problems() []string {
	var out []string
	if r.Applicable {
		if !r.Reason.Includes() {
			out = append(out, "included without a reason for inclusion")
		}
		if strings.TrimSpace(r.Justification) == "" {
			out = append(out, "included without a justification")
		}
		if r.Reason == ReasonRisk && len(r.Risks) == 0 {
			out = append(out, "included for a risk, but no live risk's treatment chooses it: choose it in a treatment or give the real reason")
		}
	} else {
		if strings.TrimSpace(r.Justification) == "" {
			out = append(out, "excluded without a justification")
		}
		if len(r.Risks) > 0 {
			out = append(out, "excluded although a risk treatment chose it ("+strings.Join(r.Risks, ", ")+")")
		}
	}
	return out
}

// StatusLabel is the implementation status as the SoA shows it.
func (r SoARow) StatusLabel() string {
	if !r.Applicable {
		return "Excluded"
	}
	return r.Status.Label()
}

// SoAEdit is an edit of one row of the SoA. For an Annex A control it
// writes the gap entry's status, justification and owner and the SoA's
// reason; Version is the row's version as read (SoARow.Version).
type SoAEdit struct {
	Ref           string    `json:"ref"`
	Applicable    bool      `json:"applicable"`
	Reason        SoAReason `json:"reason"`
	Justification string    `json:"justification"`
	Status        GapStatus `json:"status"`
	OwnerID       int64     `json:"owner_id"`
	Version       int       `json:"version"`
}

// validateSoA checks the SoA fields shared by an edit and a custom control.
func validateSoA(f fieldErrors, applicable bool, reason SoAReason, justification string, status GapStatus) {
	if reason != "" && !reason.Valid() {
		f.add("reason", "must be one of: "+joinEnum(SoAReasons))
	}
	if applicable {
		if !reason.Includes() {
			f.add("reason", "an included control needs a reason for inclusion: "+joinEnum(SoAIncludeReasons))
		}
		if !contains(SoAStatuses, status) {
			f.add("status", "must be one of: "+joinEnum(SoAStatuses))
		}
	} else if reason != "" && reason != ReasonNotNeeded {
		f.add("reason", "an excluded control's reason is "+string(ReasonNotNeeded))
	}
	if strings.TrimSpace(justification) == "" {
		if applicable {
			f.add("justification", "is required: say why the control is included")
		} else {
			f.add("justification", "is required: say why the control is excluded")
		}
	}
	checkText(f, "justification", justification, false, maxText)
}

// Normalize sets what exclusion implies: the reason "not needed" and the
// status "not applicable".
func (e *SoAEdit) Normalize() {
	e.Ref = strings.TrimSpace(e.Ref)
	if !e.Applicable {
		e.Reason, e.Status = ReasonNotNeeded, GapNotApplicable
	}
}

// Validate checks an edit of an SoA row.
func (e SoAEdit) Validate() error {
	f := fieldErrors{}
	validateSoA(f, e.Applicable, e.Reason, e.Justification, e.Status)
	if e.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	return f.err()
}

// CustomControl is a control the organization adds to Annex A's (6.1.3
// allows it): its own reference (CC-n), what it does and, as the SoA row
// it is, whether it applies and how far it is implemented.
type CustomControl struct {
	ID            int64     `json:"id"`
	Ref           string    `json:"ref"`
	Version       int       `json:"version"`
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	Objective     string    `json:"objective"`
	OwnerID       int64     `json:"owner_id"`
	OwnerName     string    `json:"owner_name"`
	Supplements   []string  `json:"supplements"` // Annex A control IDs
	Applicable    bool      `json:"applicable"`
	Reason        SoAReason `json:"reason"`
	Justification string    `json:"justification"`
	Status        GapStatus `json:"status"`
	Archived      bool      `json:"archived"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Normalize trims and orders what the client sent and sets what exclusion
// implies.
func (c *CustomControl) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	seen := map[string]bool{}
	out := []string{}
	for _, s := range c.Supplements {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	c.Supplements = out
	if !c.Applicable {
		c.Reason, c.Status = ReasonNotNeeded, GapNotApplicable
	} else if c.Status == "" {
		c.Status = GapNotStarted
	}
}

// Validate checks a custom control. The Annex A IDs it supplements are
// checked against the catalog by the caller.
func (c CustomControl) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", c.Title, true, maxName)
	checkText(f, "description", c.Description, false, maxText)
	checkText(f, "objective", c.Objective, false, maxText)
	if c.OwnerID < 0 {
		f.add("owner_id", "must be a user ID")
	}
	if len(c.Supplements) > 38 {
		f.add("supplements", "at most the 38 Annex A controls")
	}
	for _, s := range c.Supplements {
		if !strings.HasPrefix(s, "A.") || len(s) > 12 {
			f.add("supplements", "each must be an Annex A control ID such as A.6.2.4")
		}
	}
	validateSoA(f, c.Applicable, c.Reason, c.Justification, c.Status)
	return f.err()
}

// CustomControlFilter narrows the custom controls list.
type CustomControlFilter struct {
	ListParams
	Status   GapStatus
	OwnerID  int64
	Archived bool
}

// CustomControlSorts are the columns the list can be sorted by.
var CustomControlSorts = []string{"ref", "title", "status", "updated_at"}

// Validate checks the filter.
func (f CustomControlFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(CustomControlSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Status != "" && !f.Status.Valid() {
		errs.add("status", "must be one of: "+joinEnum(GapStatuses))
	}
	return errs.err()
}

// ApprovedVersion is what every approved, frozen version of a document
// built from the registers (the SoA, the risk treatment plan) records: its
// number, who approved it under which designation, when, and how many rows
// it froze.
type ApprovedVersion struct {
	ID                  int64     `json:"id"`
	Number              int       `json:"number"`
	ApproverID          int64     `json:"approver_id"`
	ApproverName        string    `json:"approver_name"`
	DesignationRef      string    `json:"designation_ref"`
	DesignationPosition string    `json:"designation_position"`
	DesignationBody     Body      `json:"designation_body"`
	ApprovedOn          Date      `json:"approved_on"`
	ApprovedAt          time.Time `json:"approved_at"`
	Note                string    `json:"note"`
	RowCount            int       `json:"row_count"`
}

// Label is "v3".
func (v ApprovedVersion) Label() string { return "v" + itoa(v.Number) }

// SoAVersion is an approved, frozen version of the SoA.
type SoAVersion struct {
	ApprovedVersion
	Rows []SoARow `json:"rows,omitempty"`
}

// SoAApproval is a request to approve the current draft as a new version.
type SoAApproval struct {
	Note string `json:"note"`
}

// Validate checks the approval's note.
func (a SoAApproval) Validate() error {
	f := fieldErrors{}
	checkText(f, "note", a.Note, false, maxText)
	return f.err()
}

// SoAComparison is one control's row in two versions side by side.
type SoAComparison struct {
	Ref, Title string
	Old, New   *SoARow  // nil when the control is not in that version
	Changes    []string // the fields that differ, named for people
}

// Changed reports whether the row differs between the two versions.
func (c SoAComparison) Changed() bool { return len(c.Changes) > 0 }

// CompareSoA sets two versions' rows side by side, in the newer one's order
// with rows only the older had at the end, and names what changed in each.
func CompareSoA(old, new []SoARow) []SoAComparison {
	byRef := map[string]*SoARow{}
	for i := range old {
		byRef[old[i].Ref] = &old[i]
	}
	seen := map[string]bool{}
	var out []SoAComparison
	for i := range new {
		n := &new[i]
		seen[n.Ref] = true
		c := SoAComparison{Ref: n.Ref, Title: n.Title, Old: byRef[n.Ref], New: n}
		c.Changes = soaChanges(c.Old, n)
		out = append(out, c)
	}
	for i := range old {
		if !seen[old[i].Ref] {
			out = append(out, SoAComparison{Ref: old[i].Ref, Title: old[i].Title, Old: &old[i], Changes: []string{"removed"}})
		}
	}
	return out
}

func soaChanges(o, n *SoARow) []string {
	if o == nil {
		return []string{"added"}
	}
	var ch []string
	add := func(changed bool, name string) {
		if changed {
			ch = append(ch, name)
		}
	}
	add(o.Title != n.Title, "title")
	add(o.Applicable != n.Applicable, "applicability")
	add(o.Reason != n.Reason, "reason")
	add(o.Justification != n.Justification, "justification")
	add(o.Status != n.Status, "status")
	add(o.OwnerName != n.OwnerName, "owner")
	add(strings.Join(o.Risks, "\n") != strings.Join(n.Risks, "\n"), "risks")
	add(strings.Join(o.Evidence, "\n") != strings.Join(n.Evidence, "\n"), "evidence")
	return ch
}
