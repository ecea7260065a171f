package aims

import (
	"strings"
	"testing"
)

func TestThirdPartyValidate(t *testing.T) {
	day := func(s string) Date { d, _ := ParseDate(s); return d }
	ok := ThirdParty{Name: "Northwind", Kind: ThirdPartySupplier}
	ok.Normalize()
	cases := []struct {
		name  string
		edit  func(*ThirdParty)
		field string
	}{
		{"valid", func(*ThirdParty) {}, ""},
		{"no name", func(t *ThirdParty) { t.Name = " " }, "name"},
		{"unknown kind", func(t *ThirdParty) { t.Kind = "vendor" }, "kind"},
		{"unknown criticality", func(t *ThirdParty) { t.Criticality = "extreme" }, "criticality"},
		{"unknown status", func(t *ThirdParty) { t.Status = "paused" }, "status"},
		{"contract ends first", func(t *ThirdParty) { t.ContractStart, t.ContractEnd = day("2026-05-01"), day("2026-01-01") }, "contract_end"},
		{"negative owner", func(t *ThirdParty) { t.OwnerID = -1 }, "owner_id"},
		{"zero system ID", func(t *ThirdParty) { t.AISystemIDs = []int64{0} }, "ai_system_ids"},
		{"commitment without expectation", func(t *ThirdParty) { t.Commitments = []CustomerCommitment{{Information: "Reason codes"}} }, "commitments"},
		{"long contract reference", func(t *ThirdParty) { t.ContractRef = strings.Repeat("x", 201) }, "contract_ref"},
	}
	for _, c := range cases {
		tp := ok
		c.edit(&tp)
		err := tp.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		ve, isVE := err.(*ValidationError)
		if !isVE || ve.Fields[c.field] == "" {
			t.Errorf("%s: %v, want a message on %s", c.name, err, c.field)
		}
	}
}

func TestResponsibilities(t *testing.T) {
	in := []Responsibility{
		{Activity: ActivityDocumentation, Organization: ShareResponsible},
		{Activity: Activity(StageInception), Supplier: ShareShared},
		{Activity: ActivityMonitoring}, // nobody, no note: dropped
	}
	got := NormalizeResponsibilities(in)
	if len(got) != 2 || got[0].Activity != Activity(StageInception) || got[0].Organization != ShareNone || got[1].Customer != ShareNone {
		t.Fatalf("NormalizeResponsibilities = %+v", got)
	}
	if err := ValidateResponsibilities(got); err != nil {
		t.Errorf("valid matrix: %v", err)
	}
	for name, bad := range map[string][]Responsibility{
		"unknown activity": {{Activity: "sales", Organization: ShareResponsible, Supplier: ShareNone, Customer: ShareNone}},
		"unknown share":    {{Activity: ActivityMonitoring, Organization: "mostly", Supplier: ShareNone, Customer: ShareNone}},
		"twice":            {got[0], got[0]},
	} {
		if err := ValidateResponsibilities(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if m := (ThirdParty{Responsibilities: got}).Matrix(); len(m) != len(Activities) || m[0].Supplier != ShareShared || m[len(m)-1].Organization != ShareResponsible {
		t.Errorf("Matrix() = %+v", m)
	}
}

func TestAssessmentValidate(t *testing.T) {
	day := func(s string) Date { d, _ := ParseDate(s); return d }
	ok := SupplierAssessment{AssessedOn: day("2026-10-01"), Method: MethodAudit, Result: ResultAcceptable, Assessor: "J", NextDue: day("2027-10-01")}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid: %v", err)
	}
	for field, edit := range map[string]func(*SupplierAssessment){
		"assessed_on": func(a *SupplierAssessment) { a.AssessedOn = Date{} },
		"method":      func(a *SupplierAssessment) { a.Method = "gut-feeling" },
		"result":      func(a *SupplierAssessment) { a.Result = "fine" },
		"conditions":  func(a *SupplierAssessment) { a.Result = ResultAcceptableConditions },
		"certificate": func(a *SupplierAssessment) {
			a.Method = MethodCertificateReview
			a.CertificateExpires = day("2028-01-01")
		},
		"certificate_expires": func(a *SupplierAssessment) { a.Method = MethodCertificateReview; a.Certificate = "ISO/IEC 42001 no. 1" },
		"assessor":            func(a *SupplierAssessment) { a.Assessor = "" },
		"next_due":            func(a *SupplierAssessment) { a.NextDue = day("2026-09-01") },
	} {
		a := ok
		edit(&a)
		ve, isVE := a.Validate().(*ValidationError)
		if !isVE || ve.Fields[field] == "" {
			t.Errorf("%s: %v", field, a.Validate())
		}
	}
}
