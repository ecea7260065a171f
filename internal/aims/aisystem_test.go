package aims_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

// day parses a YYYY-MM-DD literal for fixtures; "" is the zero Date.
func day(t *testing.T, s string) aims.Date {
	t.Helper()
	d, err := aims.ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func TestAISystemNormalize(t *testing.T) {
	tests := []struct {
		name       string
		in         aims.AISystem
		registered string
		lifecycle  aims.Lifecycle
		interval   int
		roles      []aims.AIRole
		nextReview string
		riskClass  aims.RiskClass
	}{
		{
			name:       "defaults",
			in:         aims.AISystem{},
			registered: "2025-01-15",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "2026-01-15",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name: "given values are kept",
			in: aims.AISystem{
				Lifecycle: aims.StageOperation, ReviewIntervalMonths: 6,
				Roles: []aims.AIRole{aims.AIRoleDeployer, aims.AIRoleProvider},
			},
			registered: "2025-01-15",
			lifecycle:  aims.StageOperation,
			interval:   6,
			roles:      []aims.AIRole{aims.AIRoleProvider, aims.AIRoleCustomer, aims.AIRoleDeployer}, // a sub-role brings its main role
			nextReview: "2025-07-15",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "next review from the last review, not the registration day",
			in:         aims.AISystem{LastReviewed: day(t, "2024-08-31"), ReviewIntervalMonths: 6},
			registered: "2020-01-01",
			lifecycle:  aims.StageInception,
			interval:   6,
			roles:      []aims.AIRole{},
			nextReview: "2025-02-28",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "registration day clamped to the end of a leap February",
			in:         aims.AISystem{ReviewIntervalMonths: 1},
			registered: "2024-01-31",
			lifecycle:  aims.StageInception,
			interval:   1,
			roles:      []aims.AIRole{},
			nextReview: "2024-02-29",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "a leap day reviewed yearly",
			in:         aims.AISystem{LastReviewed: day(t, "2024-02-29")},
			registered: "2023-05-05",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "2025-02-28",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "no dates at all leave next review unset",
			in:         aims.AISystem{},
			registered: "",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "a next review sent by the client is recomputed",
			in:         aims.AISystem{NextReview: day(t, "2099-01-01"), ReviewIntervalMonths: 3},
			registered: "2025-11-30",
			lifecycle:  aims.StageInception,
			interval:   3,
			roles:      []aims.AIRole{},
			nextReview: "2026-02-28",
			riskClass:  aims.RiskUnclassified,
		},
		{
			name:       "risk class derived from the classification",
			in:         aims.AISystem{EUAIAct: &aims.Classification{AnnexIII: "annex3.4.a", Reasoning: "r"}},
			registered: "2025-01-01",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "2026-01-01",
			riskClass:  aims.RiskHigh,
		},
		{
			name:       "risk class limited from Art. 50",
			in:         aims.AISystem{EUAIAct: &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "r"}},
			registered: "2025-01-01",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "2026-01-01",
			riskClass:  aims.RiskLimited,
		},
		{
			name:       "a risk class sent by the client is ignored",
			in:         aims.AISystem{RiskClass: aims.RiskProhibited},
			registered: "2025-01-01",
			lifecycle:  aims.StageInception,
			interval:   12,
			roles:      []aims.AIRole{},
			nextReview: "2026-01-01",
			riskClass:  aims.RiskUnclassified,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.in
			s.Normalize(day(t, tt.registered))
			if s.Lifecycle != tt.lifecycle {
				t.Errorf("Lifecycle = %q, want %q", s.Lifecycle, tt.lifecycle)
			}
			if s.ReviewIntervalMonths != tt.interval {
				t.Errorf("ReviewIntervalMonths = %d, want %d", s.ReviewIntervalMonths, tt.interval)
			}
			if s.Roles == nil {
				t.Errorf("Roles is nil, want a non-nil slice")
			}
			if diff := cmp.Diff(tt.roles, s.Roles); diff != "" {
				t.Errorf("Roles (-want +got):\n%s", diff)
			}
			if got := s.NextReview.String(); got != tt.nextReview {
				t.Errorf("NextReview = %q, want %q", got, tt.nextReview)
			}
			if s.RiskClass != tt.riskClass {
				t.Errorf("RiskClass = %q, want %q", s.RiskClass, tt.riskClass)
			}
		})
	}
}

func TestAISystemNormalizeTrimsName(t *testing.T) {
	s := aims.AISystem{Name: "  \tFraud scorer \n"}
	s.Normalize(day(t, "2025-01-01"))
	if s.Name != "Fraud scorer" {
		t.Errorf("Name = %q, want %q", s.Name, "Fraud scorer")
	}
}

func validSystem() aims.AISystem {
	return aims.AISystem{
		Name:                 "Support chatbot",
		Purpose:              "Answers customer questions",
		Lifecycle:            aims.StageOperation,
		Roles:                []aims.AIRole{aims.AIRoleDeployer},
		Autonomy:             aims.AutonomyAssistive,
		ReviewIntervalMonths: 12,
	}
}

func TestAISystemValidate(t *testing.T) {
	long := strings.Repeat("x", 20_001)
	tests := []struct {
		name   string
		mutate func(*aims.AISystem)
		want   map[string]string
	}{
		{name: "valid", mutate: func(s *aims.AISystem) {}},
		{name: "name at the limit", mutate: func(s *aims.AISystem) { s.Name = strings.Repeat("n", 200) }},
		{name: "purpose at the limit", mutate: func(s *aims.AISystem) { s.Purpose = strings.Repeat("p", 20_000) }},
		{name: "no roles", mutate: func(s *aims.AISystem) { s.Roles = nil }},
		{name: "every role once", mutate: func(s *aims.AISystem) { s.Roles = aims.AIRoles }},
		{name: "autonomy not determined", mutate: func(s *aims.AISystem) { s.Autonomy = aims.AutonomyNotDetermined }},
		{name: "interval 1", mutate: func(s *aims.AISystem) { s.ReviewIntervalMonths = 1 }},
		{name: "interval 60", mutate: func(s *aims.AISystem) { s.ReviewIntervalMonths = 60 }},
		{name: "valid classification", mutate: func(s *aims.AISystem) {
			s.EUAIAct = &aims.Classification{AnnexIII: "annex3.4.a", Reasoning: "Screens CVs."}
		}},
		{
			name:   "name missing",
			mutate: func(s *aims.AISystem) { s.Name = "" },
			want:   map[string]string{"name": "is required"},
		},
		{
			name:   "name blank",
			mutate: func(s *aims.AISystem) { s.Name = "   " },
			want:   map[string]string{"name": "is required"},
		},
		{
			name:   "name too long",
			mutate: func(s *aims.AISystem) { s.Name = strings.Repeat("n", 201) },
			want:   map[string]string{"name": "is too long (at most 200 characters)"},
		},
		{
			name:   "name with NUL",
			mutate: func(s *aims.AISystem) { s.Name = "bad\x00name" },
			want:   map[string]string{"name": "contains a NUL character"},
		},
		{
			name:   "purpose missing",
			mutate: func(s *aims.AISystem) { s.Purpose = "" },
			want:   map[string]string{"purpose": "is required"},
		},
		{
			name:   "purpose too long",
			mutate: func(s *aims.AISystem) { s.Purpose = long },
			want:   map[string]string{"purpose": "is too long (at most 20000 characters)"},
		},
		{
			name:   "purpose with NUL",
			mutate: func(s *aims.AISystem) { s.Purpose = "\x00" },
			want:   map[string]string{"purpose": "contains a NUL character"},
		},
		{
			name:   "lifecycle empty (not normalized)",
			mutate: func(s *aims.AISystem) { s.Lifecycle = "" },
			want:   map[string]string{"lifecycle": "must be one of: inception, design-development, verification-validation, deployment, operation-monitoring, re-evaluation, retirement"},
		},
		{
			name:   "lifecycle unknown",
			mutate: func(s *aims.AISystem) { s.Lifecycle = "launched" },
			want:   map[string]string{"lifecycle": "must be one of"},
		},
		{
			name: "role twice",
			mutate: func(s *aims.AISystem) {
				s.Roles = []aims.AIRole{aims.AIRoleDeployer, aims.AIRoleUser, aims.AIRoleDeployer}
			},
			want: map[string]string{"roles": "lists deployer twice"},
		},
		{
			name:   "role unknown",
			mutate: func(s *aims.AISystem) { s.Roles = []aims.AIRole{"owner"} },
			want:   map[string]string{"roles": "each role must be one of: provider, producer, developer, customer, deployer, user, partner, subject, relevant-authority"},
		},
		{
			name:   "role empty",
			mutate: func(s *aims.AISystem) { s.Roles = []aims.AIRole{""} },
			want:   map[string]string{"roles": "each role must be one of"},
		},
		{
			name:   "unknown role reported before a later duplicate",
			mutate: func(s *aims.AISystem) { s.Roles = []aims.AIRole{"Owner", aims.AIRoleUser, aims.AIRoleUser} },
			want:   map[string]string{"roles": "each role must be one of"},
		},
		{
			name:   "autonomy unknown",
			mutate: func(s *aims.AISystem) { s.Autonomy = "full" },
			want:   map[string]string{"autonomy": "must be one of: assistive, human-in-the-loop, human-on-the-loop, autonomous (or empty)"},
		},
		{
			name:   "negative owner",
			mutate: func(s *aims.AISystem) { s.OwnerID = -1 },
			want:   map[string]string{"owner_id": "must be a user ID"},
		},
		{
			name:   "interval 0 (not normalized)",
			mutate: func(s *aims.AISystem) { s.ReviewIntervalMonths = 0 },
			want:   map[string]string{"review_interval_months": "must be between 1 and 60"},
		},
		{
			name:   "interval 61",
			mutate: func(s *aims.AISystem) { s.ReviewIntervalMonths = 61 },
			want:   map[string]string{"review_interval_months": "must be between 1 and 60"},
		},
		{
			name:   "interval negative",
			mutate: func(s *aims.AISystem) { s.ReviewIntervalMonths = -12 },
			want:   map[string]string{"review_interval_months": "must be between 1 and 60"},
		},
		{
			name:   "classification errors are nested under eu_ai_act",
			mutate: func(s *aims.AISystem) { s.EUAIAct = &aims.Classification{Art6_3: "art6.3.a", GPAISystemic: true} },
			want: map[string]string{
				"eu_ai_act.art6_3":    "applies only to Annex III systems",
				"eu_ai_act.gpai":      "must be true",
				"eu_ai_act.reasoning": "is required",
			},
		},
		{
			name: "several fields at once",
			mutate: func(s *aims.AISystem) {
				*s = aims.AISystem{Lifecycle: "x", Autonomy: "y", Roles: []aims.AIRole{"z"}}
			},
			want: map[string]string{
				"name": "is required", "purpose": "is required", "lifecycle": "must be one of",
				"roles": "each role", "autonomy": "must be one of", "review_interval_months": "between 1 and 60",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSystem()
			tt.mutate(&s)
			checkFields(t, s.Validate(), tt.want)
		})
	}
}

func TestAISystemValidateOptionalTexts(t *testing.T) {
	fields := map[string]func(*aims.AISystem, string){
		"intended_use":       func(s *aims.AISystem, v string) { s.IntendedUse = v },
		"foreseeable_misuse": func(s *aims.AISystem, v string) { s.ForeseeableMisuse = v },
		"human_oversight":    func(s *aims.AISystem, v string) { s.HumanOversight = v },
		"data":               func(s *aims.AISystem, v string) { s.Data = v },
		"models":             func(s *aims.AISystem, v string) { s.Models = v },
		"tooling":            func(s *aims.AISystem, v string) { s.Tooling = v },
		"compute":            func(s *aims.AISystem, v string) { s.Compute = v },
		"third_party":        func(s *aims.AISystem, v string) { s.ThirdParty = v },
	}
	values := []struct {
		name  string
		value string
		want  string // "" for valid
	}{
		{"empty", "", ""},
		{"at the limit", strings.Repeat("x", 20_000), ""},
		{"too long", strings.Repeat("x", 20_001), "is too long (at most 20000 characters)"},
		{"NUL", "a\x00", "contains a NUL character"},
	}
	for field, set := range fields {
		for _, v := range values {
			t.Run(field+"/"+v.name, func(t *testing.T) {
				s := validSystem()
				set(&s, v.value)
				var want map[string]string
				if v.want != "" {
					want = map[string]string{field: v.want}
				}
				checkFields(t, s.Validate(), want)
			})
		}
	}
}

func TestAISystemValidateEveryLifecycle(t *testing.T) {
	for _, l := range aims.Lifecycles {
		s := validSystem()
		s.Lifecycle = l
		if err := s.Validate(); err != nil {
			t.Errorf("Lifecycle %q: Validate() = %v, want nil", l, err)
		}
	}
	for _, a := range aims.Autonomies {
		s := validSystem()
		s.Autonomy = a
		if err := s.Validate(); err != nil {
			t.Errorf("Autonomy %q: Validate() = %v, want nil", a, err)
		}
	}
}

// The limits say "characters", and a name in a non-Latin script must get
// the same 200 characters as one in ASCII.
func TestAISystemValidateCountsCharactersNotBytes(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"200 accented letters", strings.Repeat("é", 200)},                  // 400 bytes
		{"200 CJK characters", strings.Repeat("審", 200)},                    // 600 bytes
		{"122 Cyrillic and Latin letters", strings.Repeat("Ж", 120) + "ok"}, // 242 bytes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSystem()
			s.Name = tt.text
			if err := s.Validate(); err != nil {
				t.Errorf("Validate() with a %d-character (%d-byte) name = %v, want nil", len([]rune(tt.text)), len(tt.text), err)
			}
		})
	}
}

func TestAISystemReviewOverdue(t *testing.T) {
	tests := []struct {
		name       string
		nextReview string
		archived   bool
		today      string
		want       bool
	}{
		{"past due", "2025-03-01", false, "2025-03-02", true},
		{"long past due", "2020-01-01", false, "2025-03-02", true},
		{"due today", "2025-03-02", false, "2025-03-02", false},
		{"due later", "2025-03-03", false, "2025-03-02", false},
		{"archived and past due", "2025-03-01", true, "2025-03-02", false},
		{"no next review", "", false, "2025-03-02", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := aims.AISystem{NextReview: day(t, tt.nextReview), Archived: tt.archived}
			if got := s.ReviewOverdue(day(t, tt.today)); got != tt.want {
				t.Errorf("ReviewOverdue(%s) with next review %q, archived %v = %v, want %v",
					tt.today, tt.nextReview, tt.archived, got, tt.want)
			}
		})
	}
}

func TestAISystemFilterValidate(t *testing.T) {
	ok := aims.ListParams{Limit: 50}
	tests := []struct {
		name string
		f    aims.AISystemFilter
		want map[string]string
	}{
		{name: "defaults", f: aims.AISystemFilter{ListParams: ok}},
		{name: "every filter set", f: aims.AISystemFilter{
			ListParams: aims.ListParams{Limit: 500, Offset: 100, Q: "chat", Sort: "next_review", Desc: true},
			Lifecycle:  aims.StageRetirement, RiskClass: aims.RiskUnclassified, OwnerID: 3,
			InScope: "no", Archived: true, Overdue: true, Today: day(t, "2025-01-01"),
		}},
		{name: "in scope yes", f: aims.AISystemFilter{ListParams: ok, InScope: "yes"}},
		{
			name: "bad paging is reported with the filter's fields",
			f:    aims.AISystemFilter{ListParams: aims.ListParams{Limit: 0, Offset: -1, Sort: "purpose"}},
			want: map[string]string{
				"limit":  "must be between 1 and 500",
				"offset": "must be between 0 and 1000000",
				"sort":   "must be one of: ref, name, lifecycle, risk_class, next_review, updated_at",
			},
		},
		{
			name: "unknown lifecycle",
			f:    aims.AISystemFilter{ListParams: ok, Lifecycle: "alpha"},
			want: map[string]string{"lifecycle": "must be one of: inception,"},
		},
		{
			name: "unknown risk class",
			f:    aims.AISystemFilter{ListParams: ok, RiskClass: "unacceptable"},
			want: map[string]string{"risk_class": "must be one of: prohibited, high-risk, limited, minimal, out-of-scope, unclassified"},
		},
		{
			name: "in scope neither yes nor no",
			f:    aims.AISystemFilter{ListParams: ok, InScope: "true"},
			want: map[string]string{"in_scope": "must be yes or no"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.f.Validate(), tt.want)
		})
	}
	for _, sort := range aims.AISystemSorts {
		f := aims.AISystemFilter{ListParams: aims.ListParams{Limit: 1, Sort: sort}}
		if err := f.Validate(); err != nil {
			t.Errorf("sort %q: Validate() = %v, want nil", sort, err)
		}
	}
}

func TestLifecycleValidAndLabel(t *testing.T) {
	tests := []struct {
		s     aims.Lifecycle
		valid bool
		label string
	}{
		{aims.StageInception, true, "Inception"},
		{aims.StageDesign, true, "Design and development"},
		{aims.StageVerification, true, "Verification and validation"},
		{aims.StageDeployment, true, "Deployment"},
		{aims.StageOperation, true, "Operation and monitoring"},
		{aims.StageReEvaluation, true, "Re-evaluation"},
		{aims.StageRetirement, true, "Retirement"},
		{"", false, ""},
		{"Inception", false, "Inception"},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(); got != tt.valid {
			t.Errorf("Lifecycle(%q).Valid() = %v, want %v", tt.s, got, tt.valid)
		}
		if got := tt.s.Label(); got != tt.label {
			t.Errorf("Lifecycle(%q).Label() = %q, want %q", tt.s, got, tt.label)
		}
	}
}

func TestAIRoleValidAndLabel(t *testing.T) {
	tests := []struct {
		r     aims.AIRole
		valid bool
		label string
	}{
		{aims.AIRoleProvider, true, "Provider"},
		{aims.AIRoleProducer, true, "Producer"},
		{aims.AIRoleDeveloper, true, "Developer"},
		{aims.AIRoleDeployer, true, "Deployer"},
		{aims.AIRoleUser, true, "User"},
		{"", false, ""},
		{"Provider", false, "Provider"},
		{"importer", false, "Importer"},
	}
	for _, tt := range tests {
		if got := tt.r.Valid(); got != tt.valid {
			t.Errorf("AIRole(%q).Valid() = %v, want %v", tt.r, got, tt.valid)
		}
		if got := tt.r.Label(); got != tt.label {
			t.Errorf("AIRole(%q).Label() = %q, want %q", tt.r, got, tt.label)
		}
	}
}

func TestAutonomyValidAndLabel(t *testing.T) {
	tests := []struct {
		a     aims.Autonomy
		valid bool
		label string
	}{
		{aims.AutonomyAssistive, true, "Assistive: a person decides"},
		{aims.AutonomyHumanInLoop, true, "Human in the loop: acts after approval"},
		{aims.AutonomyHumanOnLoop, true, "Human on the loop: acts, a person can intervene"},
		{aims.AutonomyAutonomous, true, "Autonomous"},
		{aims.AutonomyNotDetermined, true, "Not determined"},
		{"fully-autonomous", false, "Not determined"},
	}
	for _, tt := range tests {
		if got := tt.a.Valid(); got != tt.valid {
			t.Errorf("Autonomy(%q).Valid() = %v, want %v", tt.a, got, tt.valid)
		}
		if got := tt.a.Label(); got != tt.label {
			t.Errorf("Autonomy(%q).Label() = %q, want %q", tt.a, got, tt.label)
		}
	}
}
