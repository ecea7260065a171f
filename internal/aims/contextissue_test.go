package aims

import (
	"strings"
	"testing"
)

func TestContextIssueValidate(t *testing.T) {
	ok := ContextIssue{Title: "EU AI Act", Origin: IssueExternal, Category: IssueLegal}
	for name, tc := range map[string]struct {
		edit  func(*ContextIssue)
		field string
	}{
		"valid":             {func(*ContextIssue) {}, ""},
		"no title":          {func(c *ContextIssue) { c.Title = " " }, "title"},
		"long title":        {func(c *ContextIssue) { c.Title = strings.Repeat("x", maxName+1) }, "title"},
		"no origin":         {func(c *ContextIssue) { c.Origin = "" }, "origin"},
		"unknown origin":    {func(c *ContextIssue) { c.Origin = "abroad" }, "origin"},
		"unknown category":  {func(c *ContextIssue) { c.Category = "weather" }, "category"},
		"NUL in effect":     {func(c *ContextIssue) { c.Effect = "a\x00b" }, "effect"},
		"negative owner":    {func(c *ContextIssue) { c.OwnerID = -1 }, "owner_id"},
		"system without ID": {func(c *ContextIssue) { c.AISystems = []Link{{}} }, "ai_systems"},
		"system twice":      {func(c *ContextIssue) { c.AISystems = []Link{{ID: 3}, {ID: 3}} }, "ai_systems"},
	} {
		c := ok
		tc.edit(&c)
		c.Normalize()
		checkField(t, name, c.Validate(), tc.field)
	}
	c := ContextIssue{AISystems: []Link{{ID: 9, Name: "x"}, {ID: 2}}}
	c.Normalize()
	if c.AISystems[0].ID != 2 || c.AISystems[1].Name != "" {
		t.Errorf("Normalize kept %+v, want IDs only, in order", c.AISystems)
	}
}

func TestContextStatementValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		s     ContextStatement
		field string
	}{
		"empty":                  {ContextStatement{}, ""},
		"roles":                  {ContextStatement{Roles: []AIRole{AIRoleCustomer, AIRoleProvider}}, ""},
		"system-only role":       {ContextStatement{Roles: []AIRole{AIRoleDeployer}}, "roles"},
		"unknown role":           {ContextStatement{Roles: []AIRole{"owner"}}, "roles"},
		"decided with reasons":   {ContextStatement{ClimateRelevant: ClimateNotRelevant, ClimateReasoning: "r"}, ""},
		"decided without reason": {ContextStatement{ClimateRelevant: ClimateRelevant}, "climate_reasoning"},
		"maybe":                  {ContextStatement{ClimateRelevant: "maybe", ClimateReasoning: "r"}, "climate_relevant"},
	} {
		s := tc.s
		s.Normalize()
		checkField(t, name, s.Validate(), tc.field)
	}
	s := ContextStatement{Roles: []AIRole{AIRoleAuthority, AIRoleProvider, AIRoleProvider}}
	s.Normalize()
	if len(s.Roles) != 2 || s.Roles[0] != AIRoleProvider {
		t.Errorf("Normalize = %v, want provider then relevant authority, once each", s.Roles)
	}
	if AIRoleAuthority.ContextLabel() != "Relevant authority" || AIRoleCustomer.ContextLabel() != "AI customer" {
		t.Errorf("labels %q, %q", AIRoleAuthority.ContextLabel(), AIRoleCustomer.ContextLabel())
	}
}

func TestProcessValidate(t *testing.T) {
	ok := Process{ID: 4, Name: "Incident handling", Purpose: "p"}
	for name, tc := range map[string]struct {
		edit  func(*Process)
		field string
	}{
		"valid":            {func(*Process) {}, ""},
		"no name":          {func(p *Process) { p.Name = "" }, "name"},
		"no purpose":       {func(p *Process) { p.Purpose = "" }, "purpose"},
		"unknown status":   {func(p *Process) { p.Status = "paused" }, "status"},
		"empty ID":         {func(p *Process) { p.Requirements = []string{""} }, "requirements"},
		"requirement 2x":   {func(p *Process) { p.Requirements = []string{"8.1", "8.1"} }, "requirements"},
		"feeds itself":     {func(p *Process) { p.Feeds = []Link{{ID: 4}} }, "feeds"},
		"feed without ID":  {func(p *Process) { p.Feeds = []Link{{ID: 0}} }, "feeds"},
		"feeds another":    {func(p *Process) { p.Feeds = []Link{{ID: 5}} }, ""},
		"long inputs text": {func(p *Process) { p.Inputs = strings.Repeat("x", maxText+1) }, "inputs"},
	} {
		p := ok
		tc.edit(&p)
		p.Normalize()
		checkField(t, name, p.Validate(), tc.field)
	}
	p := Process{Requirements: []string{"A.10.3", "10.2", "A.6.2.4", "9.3.1", "4.4", "A.9.2"}}
	p.Normalize()
	if got := strings.Join(p.Requirements, " "); got != "4.4 9.3.1 10.2 A.6.2.4 A.9.2 A.10.3" {
		t.Errorf("requirements ordered %q", got)
	}
	if p.Status != ProcessDraft {
		t.Errorf("default status %q", p.Status)
	}
}

func checkField(t *testing.T, name string, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: %v, want valid", name, err)
		}
		return
	}
	ve, ok := err.(*ValidationError)
	if !ok || ve.Fields[field] == "" {
		t.Errorf("%s: %v, want a message for %s", name, err, field)
	}
}
