package aims

import "sort"

// GapState is where a person stands with a competence their role requires.
type GapState string

// The states of a required competence, from the worst.
const (
	GapMissing  GapState = "missing"  // no record ever showed it
	GapExpired  GapState = "expired"  // it was held, and no longer is
	GapExpiring GapState = "expiring" // held, but the last record runs out soon
	GapHeld     GapState = "held"
)

// GapStates lists the states from the worst.
var GapStates = []GapState{GapMissing, GapExpired, GapExpiring, GapHeld}

// Valid reports whether s is a known state.
func (s GapState) Valid() bool { return contains(GapStates, s) }

// Label names the state for people (in words: never colour alone).
func (s GapState) Label() string {
	switch s {
	case GapMissing:
		return "Missing"
	case GapExpired:
		return "Expired"
	case GapExpiring:
		return "Expiring soon"
	case GapHeld:
		return "Held"
	}
	return string(s)
}

// DefaultGapWindow is how many days ahead "expiring soon" looks.
const DefaultGapWindow = 60

// CompetenceGap is one required competence of one person in one role.
type CompetenceGap struct {
	StaffID        int64    `json:"staff_id"`
	StaffRef       string   `json:"staff_ref"`
	StaffName      string   `json:"staff_name"`
	RoleID         int64    `json:"role_id"`
	RoleRef        string   `json:"role_ref"`
	RoleName       string   `json:"role_name"`
	CompetenceID   int64    `json:"competence_id"`
	CompetenceRef  string   `json:"competence_ref"`
	CompetenceName string   `json:"competence_name"`
	State          GapState `json:"state"`
	Until          Date     `json:"until"`     // when the competence held runs out (zero: does not), or when it expired
	RecordID       int64    `json:"record_id"` // the record the state rests on, if any
	RecordRef      string   `json:"record_ref"`
}

// GapFilter narrows the competence gap view.
type GapFilter struct {
	RoleID  int64
	StaffID int64
	State   GapState
	AsOf    Date
	Within  int // days ahead that count as "expiring soon"
}

// Validate checks the filter.
func (f GapFilter) Validate() error {
	errs := fieldErrors{}
	if f.State != "" && !f.State.Valid() {
		errs.add("state", "must be one of: "+joinEnum(GapStates))
	}
	if f.Within < 0 || f.Within > 3660 {
		errs.add("within", "must be between 0 and 3660 days")
	}
	if f.RoleID < 0 {
		errs.add("role_id", "must be a role's ID")
	}
	if f.StaffID < 0 {
		errs.add("staff_id", "must be a person's ID")
	}
	return errs.err()
}

// GapView is the competence gap view: the rows the filter asks for and
// the count of every state over them.
type GapView struct {
	AsOf   Date             `json:"as_of"`
	Within int              `json:"within"`
	Counts map[GapState]int `json:"counts"`
	Items  []CompetenceGap  `json:"items"`
}

// CompetenceGaps works out, on f.AsOf, for every active person assigned to
// a role on that day, each competence the role requires: held, expiring
// within f.Within days, expired, or missing. It is pure: the store reads
// the roles (with their competences and people), the people and the
// records in a fixed number of queries and this does the rest. A
// competence counts as held on a day when a record of it was completed on
// or before the day, has not expired and was not judged not effective; of
// several records the one that lasts longest counts. Rows come in person,
// role, competence order; Counts covers the rows after the role and person
// filters, before the state filter, so the summary shows the whole picture
// of what is listed.
func CompetenceGaps(roles []AIMSRole, people []Staff, records []CompetenceRecord, competences map[int64]Competence, f GapFilter) GapView {
	v := GapView{AsOf: f.AsOf, Within: f.Within, Counts: map[GapState]int{}, Items: []CompetenceGap{}}
	for _, s := range GapStates {
		v.Counts[s] = 0
	}
	active := map[int64]Staff{}
	for _, p := range people {
		if !p.Archived && !p.Left && (p.StartDate.IsZero() || !f.AsOf.Before(p.StartDate)) {
			active[p.ID] = p
		}
	}
	type key struct{ staff, competence int64 }
	// The record holding each competence longest on the day, and the
	// latest that no longer holds, as indexes into records (a record is
	// large to copy).
	held, lapsed := map[key]int{}, map[key]int{}
	for i := range records {
		r := &records[i]
		if r.Archived || r.CompletedOn.IsZero() || f.AsOf.Before(r.CompletedOn) {
			continue
		}
		k := key{r.StaffID, r.CompetenceID}
		if r.Holds(f.AsOf) {
			if cur, ok := held[k]; !ok || lastsLonger(*r, records[cur]) {
				held[k] = i
			}
		} else if cur, ok := lapsed[k]; !ok || records[cur].CompletedOn.Before(r.CompletedOn) {
			lapsed[k] = i
		}
	}
	soon := DateOf(f.AsOf.Time().AddDate(0, 0, f.Within))
	// Rows come out in person, role, competence order without sorting the
	// rows themselves: the roles and their competences are put in order
	// first, then each person's roles are walked.
	type roleRow struct {
		role  *AIMSRole
		comps []Competence
	}
	var ordered []roleRow
	for i := range roles {
		role := &roles[i]
		if role.Archived || (f.RoleID != 0 && role.ID != f.RoleID) {
			continue
		}
		rr := roleRow{role: role}
		for _, rc := range role.Competences {
			if c, ok := competences[rc.CompetenceID]; ok && !c.Archived {
				rr.comps = append(rr.comps, c)
			}
		}
		sort.Slice(rr.comps, func(i, j int) bool { return rr.comps[i].Name < rr.comps[j].Name })
		ordered = append(ordered, rr)
	}
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].role.Name < ordered[j].role.Name })
	byPerson := map[int64][]int{}
	for i, rr := range ordered {
		for _, a := range rr.role.People {
			if _, ok := active[a.StaffID]; ok && a.Current(f.AsOf) && (f.StaffID == 0 || a.StaffID == f.StaffID) {
				if list := byPerson[a.StaffID]; len(list) == 0 || list[len(list)-1] != i {
					byPerson[a.StaffID] = append(list, i)
				}
			}
		}
	}
	ids := make([]int64, 0, len(byPerson))
	for id := range byPerson {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := active[ids[i]], active[ids[j]]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	rows := 0
	for _, id := range ids {
		for _, i := range byPerson[id] {
			rows += len(ordered[i].comps)
		}
	}
	v.Items = make([]CompetenceGap, 0, rows)
	for _, id := range ids {
		p := active[id]
		for _, i := range byPerson[id] {
			role := ordered[i].role
			for _, c := range ordered[i].comps {
				g := CompetenceGap{StaffID: p.ID, StaffRef: p.Ref, StaffName: p.Name, RoleID: role.ID, RoleRef: role.Ref, RoleName: role.Name,
					CompetenceID: c.ID, CompetenceRef: c.Ref, CompetenceName: c.Name, State: GapMissing}
				k := key{p.ID, c.ID}
				if i, ok := held[k]; ok {
					r := &records[i]
					g.State, g.Until, g.RecordID, g.RecordRef = GapHeld, r.ExpiresOn, r.ID, r.Ref
					if !r.ExpiresOn.IsZero() && !soon.Before(r.ExpiresOn) {
						g.State = GapExpiring
					}
				} else if i, ok := lapsed[k]; ok {
					r := &records[i]
					g.RecordID, g.RecordRef = r.ID, r.Ref
					if !r.ExpiresOn.IsZero() && r.ExpiresOn.Before(f.AsOf) && r.Effectiveness != NotEffective {
						g.State, g.Until = GapExpired, r.ExpiresOn
					} // else judged not effective: still missing
				}
				v.Counts[g.State]++
				if f.State == "" || g.State == f.State {
					v.Items = append(v.Items, g)
				}
			}
		}
	}
	return v
}

// lastsLonger reports whether r holds its competence longer than cur: a
// record that does not expire lasts longest.
func lastsLonger(r, cur CompetenceRecord) bool {
	switch {
	case cur.ExpiresOn.IsZero():
		return false
	case r.ExpiresOn.IsZero():
		return true
	}
	return cur.ExpiresOn.Before(r.ExpiresOn)
}
