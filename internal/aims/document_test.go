package aims

import (
	"errors"
	"strings"
	"testing"
)

func TestDocActionMoves(t *testing.T) {
	for _, c := range []struct {
		action DocAction
		from   DocState
		to     DocState
		ok     bool
	}{
		{DocEdit, StateDraft, StateDraft, true},
		{DocSubmit, StateDraft, StateInReview, true},
		{DocReturn, StateInReview, StateDraft, true},
		{DocApprove, StateInReview, StateApproved, true},
		{DocEdit, StateInReview, "", false},
		{DocEdit, StateApproved, "", false},
		{DocEdit, StateSuperseded, "", false},
		{DocSubmit, StateInReview, "", false},
		{DocSubmit, StateApproved, "", false},
		{DocReturn, StateDraft, "", false},
		{DocApprove, StateDraft, "", false},
		{DocApprove, StateApproved, "", false},
		{DocApprove, StateSuperseded, "", false},
		{"publish", StateDraft, "", false},
	} {
		to, err := c.action.Move(c.from)
		if c.ok != (err == nil) || c.ok && to != c.to {
			t.Errorf("%s from %s = %s, %v; want %s, ok %v", c.action, c.from, to, err, c.to, c.ok)
		}
		if err != nil && (!errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "the version is") && c.action != "publish") {
			t.Errorf("%s from %s: %v is not a conflict that names the state", c.action, c.from, err)
		}
	}
	for _, s := range DocStates {
		if s.Open() == s.Frozen() {
			t.Errorf("%s is both or neither open and frozen", s)
		}
	}
}

func TestPolicyCommitments(t *testing.T) {
	v := DocumentVersion{Commitments: []string{"purpose", "objectives"}}
	if err := v.CheckApproval(KindPlan); err != nil {
		t.Errorf("a plan needs no commitments: %v", err)
	}
	err := v.CheckApproval(KindAIPolicy)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Fields["commitments"], "continually improving") {
		t.Errorf("missing commitments = %v", err)
	}
	if len(v.MissingCommitments()) != 3 {
		t.Errorf("missing = %v", v.MissingCommitments())
	}
	v.Commitments = CommitmentKeys()
	if err := v.CheckApproval(KindAIPolicy); err != nil {
		t.Errorf("all ticked: %v", err)
	}
	for _, bad := range [][]string{{"purpose", "purpose"}, {"world-peace"}} {
		if err := (DocumentVersion{Commitments: bad}).Validate(); err == nil {
			t.Errorf("commitments %v accepted", bad)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	ok := Document{Title: "AI policy", Kind: KindAIPolicy}
	ok.Normalize()
	if err := ok.Validate(); err != nil || ok.Origin != OriginInternal || ok.ReviewIntervalMonths != 12 || !ok.NextReview.IsZero() {
		t.Fatalf("valid document = %+v, %v", ok, err)
	}
	ext := Document{Title: "Model card", Kind: KindExternal, Issuer: "Supplier"}
	ext.Normalize()
	if ext.Origin != OriginExternal || ext.Validate() != nil {
		t.Errorf("external = %+v, %v", ext, ext.Validate())
	}
	for field, d := range map[string]Document{
		"title":                  {Kind: KindPlan},
		"kind":                   {Title: "x", Kind: "manifesto"},
		"origin":                 {Title: "x", Kind: KindPlan, Origin: "alien"},
		"issuer":                 {Title: "x", Kind: KindPlan, Origin: OriginExternal},
		"review_interval_months": {Title: "x", Kind: KindPlan, ReviewIntervalMonths: 61},
	} {
		d.Normalize()
		var ve *ValidationError
		if err := d.Validate(); !errors.As(err, &ve) || ve.Fields[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
	internal := Document{Title: "x", Kind: KindPlan, Issuer: "someone"}
	internal.Normalize()
	if internal.Validate() == nil {
		t.Error("an internal document with an issuer passed")
	}
	// The next review follows the approval.
	d := Document{Title: "x", Kind: KindPlan, ReviewIntervalMonths: 6, ApprovedOn: mustParse(t, "2026-01-31")}
	d.Normalize()
	if d.NextReview.String() != "2026-07-31" || !d.ReviewOverdue(mustParse(t, "2026-08-01")) || d.ReviewOverdue(mustParse(t, "2026-07-31")) {
		t.Errorf("next review %s", d.NextReview)
	}
	if (DocumentVersion{Content: strings.Repeat("x", maxDocContent+1)}).Validate() == nil {
		t.Error("oversized content passed")
	}
	if KindAIPolicy.Approval() != ApproveAIPolicy || KindScope.Approval() != ApproveScope || KindPlan.Approval() != "" {
		t.Error("reserved approvals")
	}
	for _, k := range []DocKind{KindAIPolicy, KindRiskAssessment, KindRiskTreatment, KindImpactAssessment, KindAuditProgramme,
		KindManagementReview, KindDocumentControl} {
		if !HasTemplate(k) || !strings.Contains(StarterTemplate(k), "[") {
			t.Errorf("no starter template with placeholders for %s", k)
		}
	}
}

func mustParse(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPlaceholders(t *testing.T) {
	for text, want := range map[string]string{
		"Approved by [role] and kept for [years].":     "[role] [years]",
		"See [the policy](/documents/1) and [x][ref]":  "",
		"[ref]: https://example.org":                   "",
		"- [ ] open task\n- [x] done":                  "",
		"![diagram](d.png) and [Organization] uses AI": "[Organization]",
		"Plain text with no brackets.":                 "",
		"Array a[i] in code":                           "",
	} {
		if got := strings.Join(Placeholders(text), " "); got != want {
			t.Errorf("Placeholders(%q) = %q, want %q", text, got, want)
		}
	}
	v := DocumentVersion{Content: "Kept for [years]."}
	if err := v.CheckApproval(KindPlan); err == nil || !strings.Contains(err.Error(), "[years]") {
		t.Errorf("approval of a text with a placeholder = %v", err)
	}
}
