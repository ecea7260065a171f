package aims

import (
	"strings"
	"testing"
)

func TestDecideIncidentDuty(t *testing.T) {
	aware, _ := ParseDate("2026-11-02")
	days := map[SeriousKind]int{SeriousWidespread: 2, SeriousInfrastructure: 2, SeriousDeath: 10, SeriousOther: 15}
	type want struct {
		kind   IncidentDutyKind
		reason string // a phrase the reason must hold
	}
	// class × role: the duty for any kind of serious incident.
	table := map[RiskClass]map[EURole]want{
		RiskHigh: {
			EURoleProvider: {DutyReportAuthority, "is the provider"},
			EURoleDeployer: {DutyInformProvider, "Art. 26(5)"},
			EURoleUnknown:  {DutyReportAuthority, "is not recorded (provider or deployer)"},
		},
		RiskUnclassified: {
			EURoleProvider: {DutyReportAuthority, "risk class of Scoring is unknown"},
			EURoleDeployer: {DutyReportAuthority, "risk class of Scoring is unknown"},
			EURoleUnknown:  {DutyReportAuthority, "risk class of Scoring is unknown"},
		},
	}
	for _, c := range []RiskClass{RiskProhibited, RiskLimited, RiskMinimal, RiskOutOfScope} {
		table[c] = map[EURole]want{}
		for _, r := range EURoles {
			table[c][r] = want{DutyNone, "not high-risk"}
		}
	}
	if len(table) != len(RiskClasses) {
		t.Fatalf("the table covers %d classes of %d", len(table), len(RiskClasses))
	}
	for class, roles := range table {
		for role, w := range roles {
			for _, k := range SeriousKinds {
				name := string(class) + "/" + string(role) + "/" + string(k)
				d := DecideIncidentDuty(IncidentDutyCase{Serious: true, Kind: k, AwareOn: aware, HasSystem: true,
					SystemName: "Scoring", Class: class, Role: role})
				if d.Kind != w.kind || !strings.Contains(d.Reason, w.reason) {
					t.Errorf("%s: %s %q, want %s with %q", name, d.Kind, d.Reason, w.kind, w.reason)
				}
				var due Date
				switch w.kind {
				case DutyReportAuthority:
					due = aware.AddDays(days[k])
				case DutyInformProvider:
					due = aware // immediately
				default:
					if !strings.HasPrefix(d.Reason, "No EU AI Act Art. 73 deadline: ") {
						t.Errorf("%s: reason %q does not say there is no deadline", name, d.Reason)
					}
				}
				if d.Due != due {
					t.Errorf("%s: due %s, want %s", name, d.Due, due)
				}
				// Not serious: never a duty, whatever the class and role.
				if d := DecideIncidentDuty(IncidentDutyCase{Kind: k, AwareOn: aware, HasSystem: true, Class: class, Role: role}); d.Kind != DutyNone || !d.Due.IsZero() {
					t.Errorf("%s, not serious: %+v", name, d)
				}
			}
		}
	}
	// No AI system named: the class is unknown, counted down.
	d := DecideIncidentDuty(IncidentDutyCase{Serious: true, Kind: SeriousDeath, AwareOn: aware})
	if d.Kind != DutyReportAuthority || d.Due != aware.AddDays(10) || !strings.Contains(d.Reason, "not linked to an AI system") {
		t.Errorf("no system: %+v", d)
	}
}

func TestEURoleOf(t *testing.T) {
	for _, c := range []struct {
		roles    []AIRole
		becomes  bool
		expected EURole
	}{
		{nil, false, EURoleUnknown},
		{[]AIRole{AIRoleSubject}, false, EURoleUnknown},
		{[]AIRole{AIRoleProvider}, false, EURoleProvider},
		{[]AIRole{AIRoleProducer, AIRoleDeveloper}, false, EURoleProvider},
		{[]AIRole{AIRoleCustomer, AIRoleDeployer}, false, EURoleDeployer},
		{[]AIRole{AIRoleUser}, false, EURoleDeployer},
		{[]AIRole{AIRoleProvider, AIRoleCustomer, AIRoleDeployer}, false, EURoleProvider},
		{[]AIRole{AIRoleCustomer, AIRoleDeployer}, true, EURoleProvider}, // Art. 25
	} {
		if got := EURoleOf(c.roles, c.becomes); got != c.expected {
			t.Errorf("EURoleOf(%v, %v) = %q, want %q", c.roles, c.becomes, got, c.expected)
		}
	}
}

func TestIncidentEUDutyDone(t *testing.T) {
	aware, _ := ParseDate("2026-11-02")
	i := Incident{AISystemID: 1, AISystemClass: RiskHigh, AISystemRole: EURoleDeployer, Serious: true, SeriousKind: SeriousOther, AwareOn: aware}
	if d := i.EUDuty(); !d.Pending() || !d.Overdue(aware.AddDays(1)) || d.Overdue(aware) {
		t.Errorf("deployer, nothing logged: %+v", d)
	}
	i.AuthorityReportedOn = aware // reporting to the authority does not inform the provider
	if d := i.EUDuty(); !d.Pending() {
		t.Errorf("deployer, authority informed: %+v", d)
	}
	i.ProviderInformedOn = aware
	if d := i.EUDuty(); d.Pending() || d.DoneOn != aware {
		t.Errorf("deployer, provider informed: %+v", d)
	}
}
