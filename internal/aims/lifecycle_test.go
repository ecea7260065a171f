package aims

import (
	"reflect"
	"testing"
	"time"
)

func TestLifecycleRecordValidate(t *testing.T) {
	ok := LifecycleRecord{SystemID: 1, Kind: KindDesign, Title: "Design"}
	for _, c := range []struct {
		name string
		edit func(r *LifecycleRecord)
		want string
	}{
		{"no system", func(r *LifecycleRecord) { r.SystemID = 0 }, "ai_system_id"},
		{"unknown kind", func(r *LifecycleRecord) { r.Kind = "launch" }, "kind"},
		{"documentation without audience", func(r *LifecycleRecord) { r.Kind, r.DocumentID = KindDocumentation, 3 }, "audience"},
		{"documentation without a link", func(r *LifecycleRecord) { r.Kind, r.Audience = KindDocumentation, DocUsers }, "document_id"},
		{"monitoring without interval", func(r *LifecycleRecord) { r.Kind = KindOperation }, "reading_months"},
		{"event log without retention", func(r *LifecycleRecord) { r.Kind, r.Logged, r.Location = KindEventLog, "x", "y" }, "retention_months"},
		{"criterion without threshold", func(r *LifecycleRecord) {
			r.Kind, r.Criteria = KindVerification, []Criterion{{Criterion: "AUC"}}
		}, "criteria.0.threshold"},
		{"result without date", func(r *LifecycleRecord) {
			r.Kind, r.Criteria = KindVerification, []Criterion{{Criterion: "AUC", Threshold: "0.7", Measured: "0.8", MeasuredBy: "me"}}
		}, "criteria.0.measured_on"},
		{"pass without result", func(r *LifecycleRecord) {
			r.Kind, r.Criteria = KindVerification, []Criterion{{Criterion: "AUC", Threshold: "0.7", Passed: true}}
		}, "criteria.0.passed"},
	} {
		r := ok
		c.edit(&r)
		err := r.Validate()
		ve, isVE := err.(*ValidationError)
		if !isVE || ve.Fields[c.want] == "" {
			t.Errorf("%s: %v, want a message on %s", c.name, err, c.want)
		}
	}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid record: %v", err)
	}
}

func TestGateGaps(t *testing.T) {
	vv := LifecycleRecord{Kind: KindVerification, ApprovedByID: 2, ApprovedOn: DateOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)),
		Criteria: []Criterion{{Criterion: "AUC", Threshold: "0.7", Measured: "0.8", Passed: true}}}
	dep := LifecycleRecord{Kind: KindDeployment, ApprovedByID: 2, ApprovedOn: DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))}
	doc := LifecycleRecord{Kind: KindDocumentation, Audience: DocRegulators}
	log := LifecycleRecord{Kind: KindEventLog, RetentionMonths: 3, RequiredMonths: 6}
	gaps := GateGaps(DefaultGatePolicy(), StageDeployment, []LifecycleRecord{vv, dep, doc, log}, nil)
	var got []GateRequirement
	for _, g := range gaps {
		got = append(got, g.Requirement)
	}
	if want := []GateRequirement{GateDocUsers, GateEventLog}; !reflect.DeepEqual(got, want) {
		t.Errorf("gaps = %v, want %v", got, want)
	}
	failing := vv
	failing.Criteria = []Criterion{{Criterion: "AUC", Threshold: "0.7", Measured: "0.6"}}
	archived := dep
	archived.Archived = true
	if n := len(GateGaps(DefaultGatePolicy(), StageDeployment, []LifecycleRecord{failing, archived}, nil)); n != 4 {
		t.Errorf("a failing V&V or an archived approval counted: %d gaps", n)
	}
	if n := len(GateGaps(DefaultGatePolicy(), StageDesign, nil, nil)); n != 0 {
		t.Errorf("ungated stage: %d gaps", n)
	}
	if err := (LifecycleRecord{Kind: KindDeployment, AuthorID: 5}).CheckApproval(5, LifecycleApproval{ApprovedOn: DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), Conditions: "c"}); err == nil {
		t.Errorf("the author approved their own record")
	}
	p := GatePolicy{Rules: []GateRule{{Stage: StageOperation, Requires: []GateRequirement{GateEventLog, GateVerification}}, {Stage: StageDeployment, Requires: []GateRequirement{GateDeployment}}}}
	p.Normalize()
	if p.Rules[0].Stage != StageDeployment || p.Rules[1].Requires[0] != GateVerification {
		t.Errorf("normalized policy = %+v", p)
	}
}

// TestGateRecordsAndRegisters: requirements count once approved; a
// requirement on the registers is met unless the store says why not.
func TestGateRecordsAndRegisters(t *testing.T) {
	p := GatePolicy{Rules: []GateRule{{Stage: StageVerification, Requires: []GateRequirement{GateRequirements, GateImpact, GateRisks}}}}
	reqs := LifecycleRecord{Kind: KindRequirements}
	gaps := GateGaps(p, StageVerification, []LifecycleRecord{reqs}, map[GateRequirement]string{GateImpact: "no approved impact assessment"})
	if len(gaps) != 2 || gaps[0].Requirement != GateRequirements || gaps[1].Requirement != GateImpact ||
		gaps[1].Message != "missing: "+GateImpact.Label()+": no approved impact assessment" {
		t.Errorf("gaps = %+v", gaps)
	}
	reqs.ApprovedByID, reqs.ApprovedOn = 2, DateOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if gaps := GateGaps(p, StageVerification, []LifecycleRecord{reqs}, nil); len(gaps) != 0 {
		t.Errorf("approved requirements, registers in order: %+v", gaps)
	}
}

// TestGateNeeds: a stage needs what every gated stage before it requires,
// except retirement.
func TestGateNeeds(t *testing.T) {
	p := DefaultGatePolicy()
	if n := p.Needs(StageReEvaluation); len(n) != 4 {
		t.Errorf("re-evaluation needs %v, want deployment's and operation's four", n)
	}
	if n := p.Needs(StageRetirement); len(n) != 0 {
		t.Errorf("retirement needs %v, want nothing", n)
	}
	if n := p.Needs(StageVerification); len(n) != 0 {
		t.Errorf("verification needs %v, want nothing", n)
	}
}
