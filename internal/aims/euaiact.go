package aims

import "strings"

// RiskClass is an AI system's class under the EU AI Act (Regulation (EU)
// 2024/1689 as amended by Regulation (EU) 2026/1744). It is never entered by
// hand: Classification.Result derives it from the recorded answers, so the
// class and its reasoning cannot disagree.
type RiskClass string

// Risk classes; RiskUnclassified until the questionnaire is answered.
const (
	RiskUnclassified RiskClass = "unclassified"
	RiskOutOfScope   RiskClass = "out-of-scope"
	RiskProhibited   RiskClass = "prohibited"
	RiskHigh         RiskClass = "high-risk"
	RiskLimited      RiskClass = "limited"
	RiskMinimal      RiskClass = "minimal"
)

// RiskClasses lists the classes from most to least severe, then the two
// that are not classes of risk.
var RiskClasses = []RiskClass{RiskProhibited, RiskHigh, RiskLimited, RiskMinimal, RiskOutOfScope, RiskUnclassified}

// Valid reports whether c is a known class.
func (c RiskClass) Valid() bool { return contains(RiskClasses, c) }

// Label names the class for people.
func (c RiskClass) Label() string {
	switch c {
	case RiskUnclassified:
		return "Not classified"
	case RiskOutOfScope:
		return "Outside the AI Act"
	case RiskProhibited:
		return "Prohibited"
	case RiskHigh:
		return "High risk"
	case RiskLimited:
		return "Limited (transparency)"
	case RiskMinimal:
		return "Minimal"
	}
	return string(c)
}

// Option keys of the classification questionnaire. The catalog holds their
// titles; a catalog test checks that both sides list the same keys.
var (
	ProhibitedKeys = append(letterKeys("art5.1.", "abcdefgh"), "art5.intimate-imagery")
	AnnexIKeys     = annexIKeys()
	AnnexIIIKeys   = []string{
		"annex3.1.a", "annex3.1.b", "annex3.1.c", "annex3.2",
		"annex3.3.a", "annex3.3.b", "annex3.3.c", "annex3.3.d",
		"annex3.4.a", "annex3.4.b",
		"annex3.5.a", "annex3.5.b", "annex3.5.c", "annex3.5.d",
		"annex3.6.a", "annex3.6.b", "annex3.6.c", "annex3.6.d", "annex3.6.e",
		"annex3.7.a", "annex3.7.b", "annex3.7.c", "annex3.7.d",
		"annex3.8.a", "annex3.8.b",
	}
	Art6_3Keys = letterKeys("art6.3.", "abcd")
	Art50Keys  = []string{"art50.1", "art50.2", "art50.3", "art50.4.deepfake", "art50.4.text"}
)

func letterKeys(prefix, letters string) []string {
	keys := make([]string, len(letters))
	for i, l := range letters {
		keys[i] = prefix + string(l)
	}
	return keys
}

func annexIKeys() []string {
	var keys []string
	for i := 1; i <= 20; i++ {
		section := "A."
		if i > 12 {
			section = "B."
		}
		keys = append(keys, "annex1."+section+itoa(i))
	}
	return keys
}

// Classification keeps the answers to the guided EU AI Act questionnaire and
// the person's reasoning. Kept beside the class, the answers are the
// documented assessment that Art. 6(4) asks a provider to hold.
type Classification struct {
	OutOfScope       bool     `json:"out_of_scope"`
	OutOfScopeReason string   `json:"out_of_scope_reason"`
	BecomesProvider  bool     `json:"becomes_provider"`
	Prohibited       []string `json:"prohibited"`
	AnnexI           string   `json:"annex_i"`
	AnnexIThirdParty bool     `json:"annex_i_third_party"`
	AnnexIII         string   `json:"annex_iii"`
	Profiling        bool     `json:"profiling"`
	Art6_3           string   `json:"art6_3"`
	Art6_3Reason     string   `json:"art6_3_justification"`
	Art50            []string `json:"art50"`
	GPAI             bool     `json:"gpai"`
	GPAIOpenWeights  bool     `json:"gpai_open_weights"`
	GPAISystemic     bool     `json:"gpai_systemic"`
	Reasoning        string   `json:"reasoning"`
}

// Validate checks that every answer is a known option and that the answers
// fit together: a justification wherever the law asks for one.
func (c Classification) Validate() error {
	f := fieldErrors{}
	if c.OutOfScope && strings.TrimSpace(c.OutOfScopeReason) == "" {
		f.add("out_of_scope_reason", "is required when the system is outside the AI Act")
	}
	checkText(f, "out_of_scope_reason", c.OutOfScopeReason, false, maxText)
	for _, k := range c.Prohibited {
		if !contains(ProhibitedKeys, k) {
			f.add("prohibited", "unknown practice "+quote(k)+"; use one of: "+strings.Join(ProhibitedKeys, ", "))
		}
	}
	if c.AnnexI != "" && !contains(AnnexIKeys, c.AnnexI) {
		f.add("annex_i", "unknown Annex I act "+quote(c.AnnexI))
	}
	if c.AnnexI == "" && c.AnnexIThirdParty {
		f.add("annex_i_third_party", "applies only when an Annex I act is chosen")
	}
	if c.AnnexIII != "" && !contains(AnnexIIIKeys, c.AnnexIII) {
		f.add("annex_iii", "unknown Annex III point "+quote(c.AnnexIII))
	}
	if c.Art6_3 != "" {
		switch {
		case !contains(Art6_3Keys, c.Art6_3):
			f.add("art6_3", "must be one of: "+strings.Join(Art6_3Keys, ", "))
		case c.AnnexIII == "":
			f.add("art6_3", "the Art. 6(3) derogation applies only to Annex III systems")
		case strings.TrimSpace(c.Art6_3Reason) == "":
			f.add("art6_3_justification", "is required when claiming the Art. 6(3) derogation (Art. 6(4) record)")
		}
	}
	checkText(f, "art6_3_justification", c.Art6_3Reason, false, maxText)
	for _, k := range c.Art50 {
		if !contains(Art50Keys, k) {
			f.add("art50", "unknown transparency situation "+quote(k)+"; use one of: "+strings.Join(Art50Keys, ", "))
		}
	}
	if !c.GPAI && (c.GPAIOpenWeights || c.GPAISystemic) {
		f.add("gpai", "must be true when open weights or systemic risk is set")
	}
	checkText(f, "reasoning", c.Reasoning, true, maxText)
	return f.err()
}

// Result is what the answers mean: the class, the route that led there, the
// tags that add duties on top of the class, and a trace of the reasoning.
type Result struct {
	Class        RiskClass `json:"class"`
	Route        string    `json:"route,omitempty"` // annex-i-a, annex-i-b, annex-iii, annex-iii-derogated
	Transparency bool      `json:"transparency"`
	GPAI         bool      `json:"gpai"`
	GPAISystemic bool      `json:"gpai_systemic"`
	// Obligations names the catalog's obligation sets that apply
	// (prohibited, high-risk-annex-iii, limited, gpai, ...).
	Obligations []string `json:"obligations"`
	// Steps explains, one sentence each, how the answers led to the class.
	Steps []string `json:"steps"`
}

// Result runs the questionnaire in its fixed order and stops at the first
// terminal answer, as the Act does: out of scope, then prohibited practices,
// then the two high-risk routes, then transparency.
func (c Classification) Result() Result {
	r := Result{Obligations: []string{}}
	step := func(s string) { r.Steps = append(r.Steps, s) }
	if c.OutOfScope {
		r.Class = RiskOutOfScope
		step("Outside the AI Act's scope (Art. 2): " + c.OutOfScopeReason)
		return r
	}
	if len(c.Prohibited) > 0 {
		r.Class = RiskProhibited
		r.Obligations = append(r.Obligations, "prohibited")
		step("Performs a prohibited practice: " + keyLabels(c.Prohibited) + ". It must not be placed on the market, put into service or used.")
		return r
	}
	step("No prohibited practice (Art. 5).")
	switch {
	case c.AnnexI != "" && c.AnnexIThirdParty:
		r.Class = RiskHigh
		if strings.HasPrefix(c.AnnexI, "annex1.A.") {
			r.Route = "annex-i-a"
			r.Obligations = append(r.Obligations, "high-risk-annex-i-a")
		} else {
			r.Route = "annex-i-b"
			r.Obligations = append(r.Obligations, "high-risk-annex-i-b")
		}
		step("Safety component of, or itself, a product under " + KeyLabel(c.AnnexI) + " that needs third-party conformity assessment: high risk (Art. 6(1)).")
	case c.AnnexI != "":
		step("Product under " + KeyLabel(c.AnnexI) + " without third-party conformity assessment: not high risk by Art. 6(1).")
	default:
		step("Not a product or safety component under Annex I.")
	}
	if c.AnnexIII != "" {
		// A system high-risk under both routes keeps the Annex I route (its
		// conformity assessment runs in the sectoral procedure); the Annex
		// III duties are added to its obligations all the same.
		annexIII := func() {
			if r.Route == "" || r.Route == "annex-iii-derogated" {
				r.Route = "annex-iii"
			}
			r.Class = RiskHigh
		}
		switch {
		case c.Profiling:
			annexIII()
			step(KeyLabel(c.AnnexIII) + " use case that profiles natural persons: always high risk (Art. 6(3), last subparagraph).")
		case c.Art6_3 != "":
			if r.Class != RiskHigh {
				r.Route = "annex-iii-derogated"
			}
			r.Obligations = append(r.Obligations, "annex-iii-derogated")
			step(KeyLabel(c.AnnexIII) + " use case with no material influence on decisions (" + KeyLabel(c.Art6_3) + "): not high risk. The assessment must be documented (Art. 6(4)) and the system registered (Art. 49(2)).")
		default:
			annexIII()
			step(KeyLabel(c.AnnexIII) + " use case with no Art. 6(3) derogation: high risk (Art. 6(2)).")
		}
		if c.Profiling || c.Art6_3 == "" {
			r.Obligations = append(r.Obligations, "high-risk-annex-iii")
		}
	} else {
		step("Not an Annex III use case.")
	}
	if len(c.Art50) > 0 {
		r.Transparency = true
		r.Obligations = append(r.Obligations, "limited")
		step("Transparency duties apply: " + keyLabels(c.Art50) + ".")
		if r.Class == "" {
			r.Class = RiskLimited
		}
	}
	if r.Class == "" {
		r.Class = RiskMinimal
		r.Obligations = append(r.Obligations, "minimal")
		step("Nothing above applies: minimal risk; voluntary codes of conduct (Art. 95).")
	}
	if c.GPAI {
		r.GPAI = true
		r.Obligations = append(r.Obligations, "gpai")
		step("Places a general-purpose AI model on the market (Art. 53).")
		if c.GPAISystemic {
			r.GPAISystemic = true
			r.Obligations = append(r.Obligations, "gpai-systemic")
			step("The model has systemic risk (Art. 51): Art. 55 duties apply as well.")
		}
	}
	if c.BecomesProvider {
		step("Rebranded, substantially modified or repurposed (Art. 25): the organization takes on the provider's duties.")
	}
	return r
}

func quote(s string) string { return `"` + s + `"` }

// KeyLabel turns a questionnaire key into the reference people cite:
// "annex3.5.b" is "Annex III 5(b)", "art5.1.f" is "Art. 5(1)(f)".
func KeyLabel(key string) string {
	parts := strings.Split(key, ".")
	head, rest := parts[0], parts[1:]
	switch {
	case head == "annex1" && len(rest) == 2:
		return "Annex I " + rest[0] + "." + rest[1]
	case head == "annex3" && len(rest) >= 1:
		s := "Annex III " + rest[0]
		if len(rest) > 1 {
			s += "(" + rest[1] + ")"
		}
		return s
	case strings.HasPrefix(head, "art") && len(head) > 3:
		s := "Art. " + strings.TrimPrefix(head, "art")
		for _, p := range rest {
			switch p {
			case "deepfake":
				s += " deep fakes"
			case "text":
				s += " public-interest text"
			case "intimate-imagery":
				s += " (intimate imagery, Omnibus)"
			default:
				s += "(" + p + ")"
			}
		}
		return s
	}
	return key
}

func keyLabels(keys []string) string {
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = KeyLabel(k)
	}
	return strings.Join(labels, ", ")
}
