package aims

import "sort"

// RACI letters: who is Responsible for doing a process's work, who is
// Accountable for it (one role at most), who is Consulted and who is kept
// Informed. Clause 5.3 asks for roles' responsibilities and authorities to
// be assigned; the RACI over the AIMS processes shows them.
const (
	RACIResponsible = "R"
	RACIAccountable = "A"
	RACIConsulted   = "C"
	RACIInformed    = "I"
)

// RACILetters lists the letters in their usual order.
var RACILetters = []string{RACIResponsible, RACIAccountable, RACIConsulted, RACIInformed}

// RACILabel names a letter for people.
func RACILabel(l string) string {
	switch l {
	case RACIResponsible:
		return "Responsible"
	case RACIAccountable:
		return "Accountable"
	case RACIConsulted:
		return "Consulted"
	case RACIInformed:
		return "Informed"
	}
	return l
}

// RACI is one AIMS role's part in a process.
type RACI struct {
	RoleID int64  `json:"role_id"`
	Ref    string `json:"ref,omitempty"`  // the role's reference, read only
	Name   string `json:"name,omitempty"` // the role's name, read only
	Letter string `json:"letter"`
}

// normalizeRACI keeps what a client may set, in role order.
func normalizeRACI(in []RACI) []RACI {
	out := make([]RACI, 0, len(in))
	for _, r := range in {
		out = append(out, RACI{RoleID: r.RoleID, Letter: r.Letter})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RoleID < out[j].RoleID })
	return out
}

// checkRACI: known letters, a role once, one accountable role at most.
func checkRACI(f fieldErrors, in []RACI) {
	seen, accountable := map[int64]bool{}, 0
	for _, r := range in {
		switch {
		case r.RoleID <= 0:
			f.add("raci", "each entry needs the ID of an AIMS role")
		case !contains(RACILetters, r.Letter):
			f.add("raci", "each letter must be one of R, A, C, I")
		case seen[r.RoleID]:
			f.add("raci", "names role "+itoa(int(r.RoleID))+" twice")
		}
		seen[r.RoleID] = true
		if r.Letter == RACIAccountable {
			accountable++
		}
	}
	if accountable > 1 {
		f.add("raci", "one role at most is accountable for a process")
	}
	if len(in) > maxLinks {
		f.add("raci", "lists more than "+itoa(maxLinks)+" roles")
	}
}
