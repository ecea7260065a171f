package catalog

import (
	"strings"
	"testing"

	"aims/internal/aims"
)

func TestObligationProposals(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ObligationProposals(aims.AISystem{Name: "Unclassified"}); len(got) != 0 {
		t.Errorf("unclassified system proposes %d obligations", len(got))
	}
	credit := aims.AISystem{Name: "CreditLens", Roles: []aims.AIRole{aims.AIRoleProvider, aims.AIRoleDeployer},
		EUAIAct: &aims.Classification{AnnexIII: "annex3.5.b", Profiling: true, Reasoning: "r"}}
	got := c.ObligationProposals(credit)
	if len(got) != 1 || got[0].EUAIActSet != "high-risk-annex-iii" || got[0].Kind != aims.KindRegulatory ||
		got[0].Source != "EU AI Act Arts 4, 8–21, 26, 27, 43, 47–49, 72, 73, 86" || !strings.Contains(got[0].Asks, "As deployer: Art. 26") {
		t.Errorf("CreditLens proposals = %+v", got)
	}
	// A deployer of a chatbot: the deployer's Art. 50 duties only.
	bot := aims.AISystem{Name: strings.Repeat("Assistant ", 30), Roles: []aims.AIRole{aims.AIRoleDeployer},
		EUAIAct: &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "r"}}
	got = c.ObligationProposals(bot)
	if len(got) != 1 || got[0].Source != "EU AI Act Arts 4, 50" || strings.Contains(got[0].Asks, "As provider") {
		t.Errorf("assistant proposals = %+v", got)
	}
	for _, o := range got {
		o.Normalize()
		if err := o.Validate(); err != nil {
			t.Errorf("proposal %q is invalid: %v", o.Title, err)
		}
	}
}
