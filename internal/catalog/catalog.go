// Package catalog holds the frameworks the AIMS is measured against (ISO/IEC
// 42001:2023, NIST AI RMF 1.0 and the EU AI Act) as embedded, validated data,
// with the crosswalks between them.
//
// The frameworks are data, not code, so that a correction to a title or a
// mapping is a reviewed edit of one JSON file, and so that the identifiers the
// registers store (a clause, a control, an article) are checked against one
// source at start-up. Identifiers and titles follow the reference files;
// descriptions are our own paraphrases and never the text of an ISO standard.
package catalog

import "slices"

// Framework identifiers, used by the registers to say which catalog a stored
// requirement ID belongs to.
const (
	ISO42001  = "iso42001"
	NISTAIRMF = "nist-ai-rmf"
	EUAIActID = "eu-ai-act"
)

// Link bases. Every mapping carries one so the product can tell an
// externally published crosswalk from our own suggestion, as the reference
// material demands.
const (
	BasisCrosswalk = "crosswalk" // from the Microsoft-provided crosswalk that NIST lists
	BasisOurs      = "ours"      // our judgment; shown as "suggested"
)

// Link points from one requirement to a related requirement of any framework.
// Links let one piece of evidence count for ISO/IEC 42001, the NIST AI RMF and
// the EU AI Act at once; Basis keeps the provenance of each mapping visible.
type Link struct {
	Framework   string `json:"framework"`
	Requirement string `json:"requirement"`
	Basis       string `json:"basis"`
}

// Requirement is one node of a framework: an ISO clause or control (or a
// group of controls), a NIST function, category or subcategory, or an EU AI
// Act article. One shape for all three lets the conformity engine, the UI and
// the API walk any framework the same way.
type Requirement struct {
	Framework string `json:"framework"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Parent    string `json:"parent"`
	// Description is our paraphrase; Objective is an Annex A control
	// objective (on the groups A.2-A.10, A.6.1 and A.6.2).
	Description string `json:"description,omitempty"`
	Objective   string `json:"objective,omitempty"`
	// DocumentedInformation says, in our words, what documented information
	// the requirement calls for; DIMandatory marks the items the clauses make
	// mandatory, which form the product's mandatory-documents checklist.
	DocumentedInformation string `json:"documented_information,omitempty"`
	DIMandatory           bool   `json:"di_mandatory"`
	// Evidence is what an auditor typically asks to see before accepting
	// that the requirement is met; it drives the guidance next to each gap.
	Evidence string `json:"evidence,omitempty"`
	// Who names the operators an EU AI Act article binds.
	Who string `json:"who,omitempty"`
	// Assessable marks the leaves that receive a status; parents only group.
	Assessable bool `json:"assessable"`
	// Links run both ways after Load: an ISO entry lists the NIST
	// subcategories and EU articles that point at it, with the same basis.
	// An Annex A control's related clauses are links within ISO/IEC 42001
	// with basis "ours". Ordered by framework, then by position.
	Links []Link `json:"links,omitempty"`
}

// Framework is one catalog with its requirements in the order of the source
// document (NIST numerically: MEASURE 2.10 after MEASURE 2.9), so lists,
// checklists and reports need no sorting of their own.
type Framework struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	Version      string         `json:"version"`
	Publisher    string         `json:"publisher"`
	Description  string         `json:"description"`
	Note         string         `json:"note,omitempty"`
	Requirements []*Requirement `json:"requirements"`
}

// Option is one answer of the EU AI Act classification questionnaire. The
// registers store only the Key; titles live here so that they are written
// once. Secondary marks an option, or a fact in its note, known only from
// secondary sources (the Omnibus summaries), which the product must show as such.
type Option struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Note      string `json:"note,omitempty"`
	Group     string `json:"group,omitempty"`
	Secondary bool   `json:"secondary,omitempty"`
}

// ObligationSet lists the articles that bind providers and deployers for one
// classification result, so a classified AI system can show its duties and
// link each one to the ISO/IEC 42001 evidence that supports it.
type ObligationSet struct {
	Class    string   `json:"class"`
	Provider []string `json:"provider"`
	Deployer []string `json:"deployer"`
	Note     string   `json:"note,omitempty"`
}

// KeyDate is one application date of the EU AI Act, kept with its
// reliability because several dates come only from Omnibus summaries.
type KeyDate struct {
	Date      string `json:"date"` // YYYY-MM-DD
	Text      string `json:"text"`
	Secondary bool   `json:"secondary"`
}

// EUAIAct holds the parts of the EU AI Act that are not requirements: the
// option lists of the classification questionnaire, the obligations per
// result and the application dates. They are data so that a delegated act
// changing Annex III is an edit of the catalog, not of the code.
type EUAIAct struct {
	Prohibited    []Option        `json:"prohibited"`
	AnnexI        []Option        `json:"annex_i"`
	AnnexIII      []Option        `json:"annex_iii"`
	AnnexIIIAreas []Option        `json:"annex_iii_areas"`
	Art6_3        []Option        `json:"art6_3"`
	Art50         []Option        `json:"art50"`
	Obligations   []ObligationSet `json:"obligations_by_class"`
	Dates         []KeyDate       `json:"dates"`
}

// Catalog is the loaded, validated and indexed set of frameworks. It is
// read-only after Load, so one value can be shared by every request; callers
// must not modify the requirements it returns.
type Catalog struct {
	frameworks []*Framework
	byID       map[string]*Framework
	reqs       map[string]map[string]*Requirement   // framework -> id
	children   map[string]map[string][]*Requirement // framework -> parent id ("" = top)
	assessable map[string][]*Requirement
	eu         *EUAIAct
	options    map[string]Option
}

// Frameworks returns every framework in a fixed order (ISO/IEC 42001, NIST
// AI RMF, EU AI Act), the order in which the product presents them.
func (c *Catalog) Frameworks() []*Framework { return slices.Clone(c.frameworks) }

// Framework finds a framework by ID ("iso42001", "nist-ai-rmf",
// "eu-ai-act"), reporting false for an unknown one so handlers can answer 404.
func (c *Catalog) Framework(id string) (*Framework, bool) {
	f, ok := c.byID[id]
	return f, ok
}

// Requirement finds one requirement, so a stored reference such as
// ("iso42001", "6.1.3") can be shown with its title or rejected when unknown.
func (c *Catalog) Requirement(framework, id string) (*Requirement, bool) {
	r, ok := c.reqs[framework][id]
	return r, ok
}

// Children returns the direct children of a requirement in order, or the
// top-level entries when id is "", so the UI can render a framework as a tree.
func (c *Catalog) Children(framework, id string) []*Requirement {
	return slices.Clone(c.children[framework][id])
}

// Assessable returns the requirements that receive a conformity status, in
// the framework's order: for ISO/IEC 42001 the 32 clause leaves and the 38
// Annex A controls. Readiness, the SoA and audit checklists are built from it.
func (c *Catalog) Assessable(framework string) []*Requirement {
	return slices.Clone(c.assessable[framework])
}

// EUAIAct returns the questionnaire options, obligations and dates, which the
// classification form and the AI system page need besides the articles.
func (c *Catalog) EUAIAct() *EUAIAct { return c.eu }

// Option finds any questionnaire option by key (for example "annex3.5.b"),
// so a stored answer can be displayed with its title, note and reliability.
func (c *Catalog) Option(key string) (Option, bool) {
	o, ok := c.options[key]
	return o, ok
}
