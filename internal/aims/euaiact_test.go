package aims_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"aims/internal/aims"
)

// fieldsOf returns the field map of a *ValidationError, nil for a nil error,
// and fails the test for any other error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *aims.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *aims.ValidationError", err, err)
	}
	return ve.Fields
}

// checkFields compares the fields of a validation error with want, a map
// from field name to a fragment its message must contain. A nil want means
// the input must be valid.
func checkFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	got := fieldsOf(t, err)
	gotKeys := sortedKeys(got)
	wantKeys := sortedKeys(want)
	if diff := cmp.Diff(wantKeys, gotKeys); diff != "" {
		t.Errorf("fields with errors (-want +got):\n%s\nerror: %v", diff, err)
		return
	}
	for k, frag := range want {
		if !strings.Contains(got[k], frag) {
			t.Errorf("message for %q = %q, want it to contain %q", k, got[k], frag)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestClassificationResult(t *testing.T) {
	tests := []struct {
		name         string
		c            aims.Classification
		class        aims.RiskClass
		route        string
		transparency bool
		gpai         bool
		gpaiSystemic bool
		obligations  []string
	}{
		{
			name: "out of scope stops before everything else",
			c: aims.Classification{
				OutOfScope: true, OutOfScopeReason: "military use only",
				BecomesProvider: true, Prohibited: []string{"art5.1.a"},
				AnnexI: "annex1.A.1", AnnexIThirdParty: true, AnnexIII: "annex3.4.a",
				Art50: []string{"art50.1"}, GPAI: true, GPAISystemic: true,
			},
			class:       aims.RiskOutOfScope,
			obligations: []string{},
		},
		{
			name: "prohibited stops even with Annex III, Art. 50 and GPAI set",
			c: aims.Classification{
				Prohibited: []string{"art5.1.c", "art5.intimate-imagery"},
				AnnexI:     "annex1.A.1", AnnexIThirdParty: true,
				AnnexIII: "annex3.4.a", Art50: []string{"art50.1"},
				GPAI: true, GPAISystemic: true, BecomesProvider: true,
			},
			class:       aims.RiskProhibited,
			obligations: []string{"prohibited"},
		},
		{
			name:        "Annex I section A with third-party assessment",
			c:           aims.Classification{AnnexI: "annex1.A.12", AnnexIThirdParty: true},
			class:       aims.RiskHigh,
			route:       "annex-i-a",
			obligations: []string{"high-risk-annex-i-a"},
		},
		{
			name:        "Annex I section B with third-party assessment",
			c:           aims.Classification{AnnexI: "annex1.B.13", AnnexIThirdParty: true},
			class:       aims.RiskHigh,
			route:       "annex-i-b",
			obligations: []string{"high-risk-annex-i-b"},
		},
		{
			name:        "Annex I without third-party assessment falls through to minimal",
			c:           aims.Classification{AnnexI: "annex1.A.1"},
			class:       aims.RiskMinimal,
			obligations: []string{"minimal"},
		},
		{
			name:         "Annex I without third-party assessment falls through to Art. 50",
			c:            aims.Classification{AnnexI: "annex1.B.20", Art50: []string{"art50.2"}},
			class:        aims.RiskLimited,
			transparency: true,
			obligations:  []string{"limited"},
		},
		{
			name:        "Annex I without third-party assessment falls through to Annex III",
			c:           aims.Classification{AnnexI: "annex1.A.5", AnnexIII: "annex3.5.b"},
			class:       aims.RiskHigh,
			route:       "annex-iii",
			obligations: []string{"high-risk-annex-iii"},
		},
		{
			name: "Annex III with profiling is high risk even with Art. 6(3) claimed",
			c: aims.Classification{
				AnnexIII: "annex3.4.a", Profiling: true,
				Art6_3: "art6.3.a", Art6_3Reason: "narrow procedural task",
			},
			class:       aims.RiskHigh,
			route:       "annex-iii",
			obligations: []string{"high-risk-annex-iii"},
		},
		{
			name:        "Annex III with profiling and no derogation",
			c:           aims.Classification{AnnexIII: "annex3.1.a", Profiling: true},
			class:       aims.RiskHigh,
			route:       "annex-iii",
			obligations: []string{"high-risk-annex-iii"},
		},
		{
			name: "Annex III with Art. 6(3) derogation is minimal",
			c: aims.Classification{
				AnnexIII: "annex3.3.b", Art6_3: "art6.3.b", Art6_3Reason: "improves a finished human activity",
			},
			class:       aims.RiskMinimal,
			route:       "annex-iii-derogated",
			obligations: []string{"annex-iii-derogated", "minimal"},
		},
		{
			name: "Annex III with Art. 6(3) derogation and Art. 50 is limited",
			c: aims.Classification{
				AnnexIII: "annex3.3.b", Art6_3: "art6.3.d", Art6_3Reason: "preparatory task",
				Art50: []string{"art50.4.text"},
			},
			class:        aims.RiskLimited,
			route:        "annex-iii-derogated",
			transparency: true,
			obligations:  []string{"annex-iii-derogated", "limited"},
		},
		{
			name: "Annex I high risk keeps its route when Annex III is derogated",
			c: aims.Classification{
				AnnexI: "annex1.A.2", AnnexIThirdParty: true,
				AnnexIII: "annex3.2", Art6_3: "art6.3.c", Art6_3Reason: "pattern detection only",
			},
			class:       aims.RiskHigh,
			route:       "annex-i-a",
			obligations: []string{"high-risk-annex-i-a", "annex-iii-derogated"},
		},
		{
			name:        "high risk on both routes keeps the Annex I route and both duty sets",
			c:           aims.Classification{AnnexI: "annex1.B.18", AnnexIThirdParty: true, AnnexIII: "annex3.1.a"},
			class:       aims.RiskHigh,
			route:       "annex-i-b",
			obligations: []string{"high-risk-annex-i-b", "high-risk-annex-iii"},
		},
		{
			name:        "Annex III without derogation",
			c:           aims.Classification{AnnexIII: "annex3.8.b"},
			class:       aims.RiskHigh,
			route:       "annex-iii",
			obligations: []string{"high-risk-annex-iii"},
		},
		{
			name:         "Art. 50 only",
			c:            aims.Classification{Art50: []string{"art50.1", "art50.4.deepfake"}},
			class:        aims.RiskLimited,
			transparency: true,
			obligations:  []string{"limited"},
		},
		{
			name:        "nothing applies",
			c:           aims.Classification{},
			class:       aims.RiskMinimal,
			obligations: []string{"minimal"},
		},
		{
			name:         "Annex III high risk plus Art. 50 stays high risk with transparency",
			c:            aims.Classification{AnnexIII: "annex3.6.e", Art50: []string{"art50.3"}},
			class:        aims.RiskHigh,
			route:        "annex-iii",
			transparency: true,
			obligations:  []string{"high-risk-annex-iii", "limited"},
		},
		{
			name:         "Annex I high risk plus Art. 50 stays high risk with transparency",
			c:            aims.Classification{AnnexI: "annex1.B.19", AnnexIThirdParty: true, Art50: []string{"art50.1"}},
			class:        aims.RiskHigh,
			route:        "annex-i-b",
			transparency: true,
			obligations:  []string{"high-risk-annex-i-b", "limited"},
		},
		{
			name:        "GPAI adds gpai",
			c:           aims.Classification{GPAI: true, GPAIOpenWeights: true},
			class:       aims.RiskMinimal,
			gpai:        true,
			obligations: []string{"minimal", "gpai"},
		},
		{
			name:         "GPAI with systemic risk adds gpai and gpai-systemic",
			c:            aims.Classification{GPAI: true, GPAISystemic: true},
			class:        aims.RiskMinimal,
			gpai:         true,
			gpaiSystemic: true,
			obligations:  []string{"minimal", "gpai", "gpai-systemic"},
		},
		{
			name:        "systemic without GPAI adds nothing",
			c:           aims.Classification{GPAISystemic: true},
			class:       aims.RiskMinimal,
			obligations: []string{"minimal"},
		},
		{
			name:         "high risk, transparency and systemic GPAI together",
			c:            aims.Classification{AnnexIII: "annex3.7.d", Art50: []string{"art50.2"}, GPAI: true, GPAISystemic: true},
			class:        aims.RiskHigh,
			route:        "annex-iii",
			transparency: true,
			gpai:         true,
			gpaiSystemic: true,
			obligations:  []string{"high-risk-annex-iii", "limited", "gpai", "gpai-systemic"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.Result()
			if r.Class != tt.class {
				t.Errorf("Class = %q, want %q", r.Class, tt.class)
			}
			if r.Route != tt.route {
				t.Errorf("Route = %q, want %q", r.Route, tt.route)
			}
			if r.Transparency != tt.transparency {
				t.Errorf("Transparency = %v, want %v", r.Transparency, tt.transparency)
			}
			if r.GPAI != tt.gpai {
				t.Errorf("GPAI = %v, want %v", r.GPAI, tt.gpai)
			}
			if r.GPAISystemic != tt.gpaiSystemic {
				t.Errorf("GPAISystemic = %v, want %v", r.GPAISystemic, tt.gpaiSystemic)
			}
			if r.Obligations == nil {
				t.Errorf("Obligations is nil, want a non-nil slice (it is serialized as [])")
			}
			if diff := cmp.Diff(tt.obligations, r.Obligations); diff != "" {
				t.Errorf("Obligations (-want +got):\n%s", diff)
			}
			if len(r.Steps) == 0 {
				t.Errorf("Steps is empty, want a trace of the reasoning")
			}
			for i, s := range r.Steps {
				if strings.TrimSpace(s) == "" {
					t.Errorf("Steps[%d] is blank", i)
				}
			}
		})
	}
}

func TestClassificationResultTerminalSteps(t *testing.T) {
	out := aims.Classification{OutOfScope: true, OutOfScopeReason: "research only", Prohibited: []string{"art5.1.a"}, BecomesProvider: true}.Result()
	if len(out.Steps) != 1 {
		t.Fatalf("out of scope: Steps = %q, want exactly one step", out.Steps)
	}
	if !strings.Contains(out.Steps[0], "research only") || !strings.Contains(out.Steps[0], "Art. 2") {
		t.Errorf("out of scope: Steps[0] = %q, want the reason and Art. 2", out.Steps[0])
	}

	pro := aims.Classification{Prohibited: []string{"art5.1.b", "art5.1.h"}, AnnexIII: "annex3.1.a", BecomesProvider: true}.Result()
	if len(pro.Steps) != 1 {
		t.Fatalf("prohibited: Steps = %q, want exactly one step", pro.Steps)
	}
	if !strings.Contains(pro.Steps[0], "Art. 5(1)(b), Art. 5(1)(h)") || !strings.Contains(pro.Steps[0], "Art. 5") {
		t.Errorf("prohibited: Steps[0] = %q, want the practices and Art. 5", pro.Steps[0])
	}
}

func TestClassificationResultSteps(t *testing.T) {
	tests := []struct {
		name string
		c    aims.Classification
		want []string // fragments, one per step, in order
	}{
		{
			name: "nothing",
			c:    aims.Classification{},
			want: []string{"No prohibited practice", "Not a product or safety component under Annex I", "Not an Annex III use case", "minimal risk"},
		},
		{
			name: "Annex I without third party",
			c:    aims.Classification{AnnexI: "annex1.A.3"},
			want: []string{"No prohibited practice", "Annex I A.3 without third-party conformity assessment: not high risk by Art. 6(1)", "Not an Annex III use case", "minimal risk"},
		},
		{
			name: "Annex I with third party",
			c:    aims.Classification{AnnexI: "annex1.B.14", AnnexIThirdParty: true},
			want: []string{"No prohibited practice", "Annex I B.14 that needs third-party conformity assessment: high risk (Art. 6(1))", "Not an Annex III use case"},
		},
		{
			name: "Annex III profiling",
			c:    aims.Classification{AnnexIII: "annex3.4.b", Profiling: true},
			want: []string{"No prohibited practice", "Not a product", "Annex III 4(b) use case that profiles natural persons: always high risk"},
		},
		{
			name: "Annex III derogated, with transparency",
			c:    aims.Classification{AnnexIII: "annex3.4.b", Art6_3: "art6.3.a", Art6_3Reason: "x", Art50: []string{"art50.1"}},
			want: []string{"No prohibited practice", "Not a product", "(Art. 6(3)(a)): not high risk", "Transparency duties apply: Art. 50(1)."},
		},
		{
			name: "Annex III high risk, GPAI systemic, becomes provider",
			c:    aims.Classification{AnnexIII: "annex3.5.a", GPAI: true, GPAISystemic: true, BecomesProvider: true},
			want: []string{"No prohibited practice", "Not a product", "no Art. 6(3) derogation: high risk (Art. 6(2))", "general-purpose AI model", "systemic risk", "Art. 25"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := tt.c.Result().Steps
			if len(steps) != len(tt.want) {
				t.Fatalf("Steps = %q, want %d steps", steps, len(tt.want))
			}
			for i, frag := range tt.want {
				if !strings.Contains(steps[i], frag) {
					t.Errorf("Steps[%d] = %q, want it to contain %q", i, steps[i], frag)
				}
			}
		})
	}
}

func TestClassificationResultBecomesProvider(t *testing.T) {
	bases := []aims.Classification{
		{},
		{AnnexIII: "annex3.4.a"},
		{AnnexI: "annex1.A.1", AnnexIThirdParty: true},
		{Art50: []string{"art50.1"}, GPAI: true},
	}
	for _, base := range bases {
		without := base.Result()
		with := base
		with.BecomesProvider = true
		got := with.Result()
		if len(got.Steps) != len(without.Steps)+1 {
			t.Errorf("%+v with BecomesProvider: %d steps, want %d", base, len(got.Steps), len(without.Steps)+1)
			continue
		}
		if last := got.Steps[len(got.Steps)-1]; !strings.Contains(last, "Art. 25") {
			t.Errorf("%+v with BecomesProvider: last step = %q, want the Art. 25 step", base, last)
		}
		// Only the trace changes: the class and duties are the same.
		got.Steps, without.Steps = nil, nil
		if diff := cmp.Diff(without, got); diff != "" {
			t.Errorf("%+v: BecomesProvider changed more than the steps (-without +with):\n%s", base, diff)
		}
	}
}

func TestClassificationValidate(t *testing.T) {
	long := strings.Repeat("x", 20_001)
	tests := []struct {
		name string
		c    aims.Classification
		want map[string]string
	}{
		{name: "minimal answers", c: aims.Classification{Reasoning: "Internal spell checker."}},
		{
			name: "every option answered consistently",
			c: aims.Classification{
				BecomesProvider: true, Prohibited: []string{}, AnnexI: "annex1.B.20", AnnexIThirdParty: true,
				AnnexIII: "annex3.8.b", Art6_3: "art6.3.d", Art6_3Reason: "preparatory task",
				Art50: []string{"art50.1", "art50.4.text"}, GPAI: true, GPAIOpenWeights: true, GPAISystemic: true,
				Reasoning: "Documented in the assessment.",
			},
		},
		{name: "out of scope with reason", c: aims.Classification{OutOfScope: true, OutOfScopeReason: "national security", Reasoning: "r"}},
		{
			name: "out of scope without reason",
			c:    aims.Classification{OutOfScope: true, Reasoning: "r"},
			want: map[string]string{"out_of_scope_reason": "is required when the system is outside the AI Act"},
		},
		{
			name: "out of scope with blank reason",
			c:    aims.Classification{OutOfScope: true, OutOfScopeReason: " \t\n", Reasoning: "r"},
			want: map[string]string{"out_of_scope_reason": "is required"},
		},
		{
			name: "out of scope reason too long",
			c:    aims.Classification{OutOfScope: true, OutOfScopeReason: long, Reasoning: "r"},
			want: map[string]string{"out_of_scope_reason": "is too long (at most 20000 characters)"},
		},
		{
			name: "unknown prohibited practice",
			c:    aims.Classification{Prohibited: []string{"art5.1.a", "art5.1.z"}, Reasoning: "r"},
			want: map[string]string{"prohibited": `unknown practice "art5.1.z"; use one of: art5.1.a, art5.1.b`},
		},
		{
			name: "unknown Annex I act",
			c:    aims.Classification{AnnexI: "annex1.C.1", Reasoning: "r"},
			want: map[string]string{"annex_i": `unknown Annex I act "annex1.C.1"`},
		},
		{
			name: "Annex I key with the wrong section",
			c:    aims.Classification{AnnexI: "annex1.B.1", Reasoning: "r"},
			want: map[string]string{"annex_i": `unknown Annex I act "annex1.B.1"`},
		},
		{
			name: "third-party flag without Annex I",
			c:    aims.Classification{AnnexIThirdParty: true, Reasoning: "r"},
			want: map[string]string{"annex_i_third_party": "applies only when an Annex I act is chosen"},
		},
		{
			name: "unknown Annex III point",
			c:    aims.Classification{AnnexIII: "annex3.9", Reasoning: "r"},
			want: map[string]string{"annex_iii": `unknown Annex III point "annex3.9"`},
		},
		{
			name: "unknown Art. 6(3) condition",
			c:    aims.Classification{AnnexIII: "annex3.2", Art6_3: "art6.3.e", Art6_3Reason: "x", Reasoning: "r"},
			want: map[string]string{"art6_3": "must be one of: art6.3.a, art6.3.b, art6.3.c, art6.3.d"},
		},
		{
			name: "Art. 6(3) without Annex III",
			c:    aims.Classification{Art6_3: "art6.3.a", Art6_3Reason: "x", Reasoning: "r"},
			want: map[string]string{"art6_3": "applies only to Annex III systems"},
		},
		{
			name: "Art. 6(3) without justification",
			c:    aims.Classification{AnnexIII: "annex3.2", Art6_3: "art6.3.a", Reasoning: "r"},
			want: map[string]string{"art6_3_justification": "is required when claiming the Art. 6(3) derogation"},
		},
		{
			name: "Art. 6(3) with blank justification",
			c:    aims.Classification{AnnexIII: "annex3.2", Art6_3: "art6.3.a", Art6_3Reason: "   ", Reasoning: "r"},
			want: map[string]string{"art6_3_justification": "is required"},
		},
		{
			name: "justification too long",
			c:    aims.Classification{AnnexIII: "annex3.2", Art6_3: "art6.3.a", Art6_3Reason: long, Reasoning: "r"},
			want: map[string]string{"art6_3_justification": "is too long"},
		},
		{
			name: "unknown Art. 50 situation",
			c:    aims.Classification{Art50: []string{"art50.5"}, Reasoning: "r"},
			want: map[string]string{"art50": `unknown transparency situation "art50.5"; use one of: art50.1, art50.2, art50.3, art50.4.deepfake, art50.4.text`},
		},
		{
			name: "open weights without GPAI",
			c:    aims.Classification{GPAIOpenWeights: true, Reasoning: "r"},
			want: map[string]string{"gpai": "must be true when open weights or systemic risk is set"},
		},
		{
			name: "systemic risk without GPAI",
			c:    aims.Classification{GPAISystemic: true, Reasoning: "r"},
			want: map[string]string{"gpai": "must be true"},
		},
		{
			name: "reasoning missing",
			c:    aims.Classification{},
			want: map[string]string{"reasoning": "is required"},
		},
		{
			name: "reasoning blank",
			c:    aims.Classification{Reasoning: "\n\t "},
			want: map[string]string{"reasoning": "is required"},
		},
		{
			name: "reasoning too long",
			c:    aims.Classification{Reasoning: long},
			want: map[string]string{"reasoning": "is too long (at most 20000 characters)"},
		},
		{
			name: "reasoning with NUL",
			c:    aims.Classification{Reasoning: "a\x00b"},
			want: map[string]string{"reasoning": "contains a NUL character"},
		},
		{
			name: "several errors at once",
			c: aims.Classification{
				OutOfScope: true, Prohibited: []string{"x"}, AnnexI: "y", AnnexIII: "z",
				Art6_3: "art6.3.a", Art50: []string{"w"}, GPAISystemic: true,
			},
			want: map[string]string{
				"out_of_scope_reason": "is required", "prohibited": `"x"`, "annex_i": `"y"`,
				"annex_iii": `"z"`, "art6_3_justification": "is required", "art50": `"w"`,
				"gpai": "must be true", "reasoning": "is required",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.c.Validate(), tt.want)
		})
	}
}

// Every key the lists offer must pass Validate in its place.
func TestClassificationValidateAcceptsEveryKey(t *testing.T) {
	for _, k := range aims.ProhibitedKeys {
		c := aims.Classification{Prohibited: []string{k}, Reasoning: "r"}
		if err := c.Validate(); err != nil {
			t.Errorf("Prohibited %q: Validate() = %v, want nil", k, err)
		}
	}
	for _, k := range aims.AnnexIKeys {
		c := aims.Classification{AnnexI: k, AnnexIThirdParty: true, Reasoning: "r"}
		if err := c.Validate(); err != nil {
			t.Errorf("AnnexI %q: Validate() = %v, want nil", k, err)
		}
	}
	for _, k := range aims.AnnexIIIKeys {
		c := aims.Classification{AnnexIII: k, Reasoning: "r"}
		if err := c.Validate(); err != nil {
			t.Errorf("AnnexIII %q: Validate() = %v, want nil", k, err)
		}
	}
	for _, k := range aims.Art6_3Keys {
		c := aims.Classification{AnnexIII: "annex3.1.a", Art6_3: k, Art6_3Reason: "x", Reasoning: "r"}
		if err := c.Validate(); err != nil {
			t.Errorf("Art6_3 %q: Validate() = %v, want nil", k, err)
		}
	}
	c := aims.Classification{Art50: aims.Art50Keys, Reasoning: "r"}
	if err := c.Validate(); err != nil {
		t.Errorf("Art50 %q: Validate() = %v, want nil", aims.Art50Keys, err)
	}
}

func TestClassificationKeyLists(t *testing.T) {
	lists := []struct {
		name string
		keys []string
		want int
	}{
		{"ProhibitedKeys", aims.ProhibitedKeys, 9},
		{"AnnexIKeys", aims.AnnexIKeys, 20},
		{"AnnexIIIKeys", aims.AnnexIIIKeys, 25},
		{"Art6_3Keys", aims.Art6_3Keys, 4},
		{"Art50Keys", aims.Art50Keys, 5},
	}
	all := map[string]string{}
	for _, l := range lists {
		if len(l.keys) != l.want {
			t.Errorf("len(%s) = %d, want %d", l.name, len(l.keys), l.want)
		}
		for _, k := range l.keys {
			if k == "" || strings.TrimSpace(k) != k {
				t.Errorf("%s has a blank or padded key %q", l.name, k)
			}
			if other, dup := all[k]; dup {
				t.Errorf("key %q is in %s and %s", k, other, l.name)
			}
			all[k] = l.name
		}
	}
}

func TestClassificationKeyContents(t *testing.T) {
	wantAnnexI := []string{
		"annex1.A.1", "annex1.A.2", "annex1.A.3", "annex1.A.4", "annex1.A.5", "annex1.A.6",
		"annex1.A.7", "annex1.A.8", "annex1.A.9", "annex1.A.10", "annex1.A.11", "annex1.A.12",
		"annex1.B.13", "annex1.B.14", "annex1.B.15", "annex1.B.16",
		"annex1.B.17", "annex1.B.18", "annex1.B.19", "annex1.B.20",
	}
	if diff := cmp.Diff(wantAnnexI, aims.AnnexIKeys); diff != "" {
		t.Errorf("AnnexIKeys (-want +got):\n%s", diff)
	}
	wantProhibited := []string{
		"art5.1.a", "art5.1.b", "art5.1.c", "art5.1.d", "art5.1.e", "art5.1.f", "art5.1.g", "art5.1.h",
		"art5.intimate-imagery",
	}
	if diff := cmp.Diff(wantProhibited, aims.ProhibitedKeys); diff != "" {
		t.Errorf("ProhibitedKeys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"art6.3.a", "art6.3.b", "art6.3.c", "art6.3.d"}, aims.Art6_3Keys); diff != "" {
		t.Errorf("Art6_3Keys (-want +got):\n%s", diff)
	}
	for _, k := range aims.AnnexIIIKeys {
		if !strings.HasPrefix(k, "annex3.") {
			t.Errorf("AnnexIIIKeys has %q, want the annex3. prefix", k)
		}
	}
}

func TestRiskClassValidAndLabel(t *testing.T) {
	tests := []struct {
		c     aims.RiskClass
		valid bool
		label string
	}{
		{aims.RiskUnclassified, true, "Not classified"},
		{aims.RiskOutOfScope, true, "Outside the AI Act"},
		{aims.RiskProhibited, true, "Prohibited"},
		{aims.RiskHigh, true, "High risk"},
		{aims.RiskLimited, true, "Limited (transparency)"},
		{aims.RiskMinimal, true, "Minimal"},
		{"", false, ""},
		{"High-Risk", false, "High-Risk"},
		{"unacceptable", false, "unacceptable"},
	}
	for _, tt := range tests {
		if got := tt.c.Valid(); got != tt.valid {
			t.Errorf("RiskClass(%q).Valid() = %v, want %v", tt.c, got, tt.valid)
		}
		if got := tt.c.Label(); got != tt.label {
			t.Errorf("RiskClass(%q).Label() = %q, want %q", tt.c, got, tt.label)
		}
	}
	if len(aims.RiskClasses) != 6 {
		t.Errorf("len(RiskClasses) = %d, want 6", len(aims.RiskClasses))
	}
}

func TestKeyLabel(t *testing.T) {
	for key, want := range map[string]string{
		"art5.1.f": "Art. 5(1)(f)", "art5.intimate-imagery": "Art. 5 (intimate imagery, Omnibus)",
		"annex1.A.11": "Annex I A.11", "annex1.B.20": "Annex I B.20", "annex3.5.b": "Annex III 5(b)", "annex3.2": "Annex III 2",
		"art6.3.d": "Art. 6(3)(d)", "art50.1": "Art. 50(1)", "art50.4.deepfake": "Art. 50(4) deep fakes",
		"art50.4.text": "Art. 50(4) public-interest text", "unknown": "unknown",
	} {
		if got := aims.KeyLabel(key); got != want {
			t.Errorf("KeyLabel(%q) = %q, want %q", key, got, want)
		}
	}
	all := append(append(append(append(append([]string{}, aims.ProhibitedKeys...), aims.AnnexIKeys...), aims.AnnexIIIKeys...), aims.Art6_3Keys...), aims.Art50Keys...)
	seen := map[string]string{}
	for _, k := range all {
		l := aims.KeyLabel(k)
		if l == k {
			t.Errorf("KeyLabel(%q) has no label", k)
		}
		if other, ok := seen[l]; ok {
			t.Errorf("KeyLabel(%q) = KeyLabel(%q) = %q", k, other, l)
		}
		seen[l] = k
	}
}
