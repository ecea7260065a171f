package aims

import (
	"strings"
	"testing"
)

func TestConcernValidate(t *testing.T) {
	today := DateOf(mustParse(t, "2026-11-27").Time())
	ok := func() Concern {
		c := Concern{Channel: ChannelEmail, Category: ConcernBias, Description: "Declined without a reason."}
		c.Normalize(today)
		return c
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("valid concern: %v", err)
	}
	c := ok()
	if c.Summary != "Declined without a reason." || c.Status != ConcernNew || c.ResponseDue.String() != "2026-12-27" || c.ReceivedOn != today {
		t.Errorf("normalized = %+v", c)
	}
	for name, tc := range map[string]struct {
		edit  func(*Concern)
		field string
	}{
		"unknown channel":          {func(c *Concern) { c.Channel = "pigeon" }, "channel"},
		"unknown category":         {func(c *Concern) { c.Category = "gossip" }, "category"},
		"unknown status":           {func(c *Concern) { c.Status = "done" }, "status"},
		"unknown severity":         {func(c *Concern) { c.Severity = "dire" }, "severity"},
		"triaged without severity": {func(c *Concern) { c.Status = ConcernTriaged }, "severity"},
		"resolved without text":    {func(c *Concern) { c.Status, c.Severity = ConcernResolved, SeverityLow }, "resolution"},
		"no description":           {func(c *Concern) { c.Description = " " }, "description"},
		"description too long":     {func(c *Concern) { c.Description = strings.Repeat("x", MaxConcernText+1) }, "description"},
		"NUL":                      {func(c *Concern) { c.ReporterName = "a\x00" }, "reporter_name"},
		"invalid UTF-8":            {func(c *Concern) { c.Answer = "a\xff" }, "answer"},
		"due before received":      {func(c *Concern) { c.ResponseDue = mustParse(t, "2026-01-01") }, "response_due"},
		"negative system":          {func(c *Concern) { c.AISystemID = -1 }, "ai_system_id"},
	} {
		c := ok()
		tc.edit(&c)
		err := c.Validate()
		ve, isVE := err.(*ValidationError)
		if !isVE || ve.Fields[tc.field] == "" {
			t.Errorf("%s: %v, want a message on %s", name, err, tc.field)
		}
	}
	// Closing sets the day; reopening clears it.
	c = ok()
	c.Status, c.Severity, c.Resolution = ConcernDismissed, SeverityLow, "Out of scope"
	c.Normalize(today)
	if c.ClosedOn != today {
		t.Errorf("closed on %s, want %s", c.ClosedOn, today)
	}
	c.Status = ConcernInvestigating
	c.Normalize(today)
	if !c.ClosedOn.IsZero() {
		t.Errorf("reopened concern keeps closed_on %s", c.ClosedOn)
	}
	if long := summarize(strings.Repeat("word ", 40)); len([]rune(long)) > concernSummaryLength+1 || !strings.HasSuffix(long, "…") {
		t.Errorf("summary of a long text = %q", long)
	}
	if err := (PublicConcern{Category: "x", Description: ""}).Validate(); err == nil {
		t.Errorf("empty public concern accepted")
	}
}

func TestCommunicationValidate(t *testing.T) {
	ok := Communication{Subject: "Quarterly AIMS update", Audience: AudienceInternal, AudienceDetail: "Board", Frequency: FrequencyQuarterly,
		NextDue: mustParse(t, "2027-01-15"), Channel: "Board pack"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid item: %v", err)
	}
	for name, tc := range map[string]struct {
		edit  func(*Communication)
		field string
	}{
		"no subject":             {func(c *Communication) { c.Subject = "" }, "subject"},
		"unknown audience":       {func(c *Communication) { c.Audience = "everyone" }, "audience"},
		"unknown frequency":      {func(c *Communication) { c.Frequency = "daily" }, "frequency"},
		"recurring without date": {func(c *Communication) { c.NextDue = Date{} }, "next_due"},
		"no channel":             {func(c *Communication) { c.Channel = "" }, "channel"},
	} {
		c := ok
		tc.edit(&c)
		ve, isVE := c.Validate().(*ValidationError)
		if !isVE || ve.Fields[tc.field] == "" {
			t.Errorf("%s: want a message on %s", name, tc.field)
		}
	}
	sent := mustParse(t, "2026-11-30")
	for f, want := range map[Frequency]string{FrequencyQuarterly: "2027-02-28", FrequencyYearly: "2027-11-30", FrequencyMonthly: "2026-12-30", FrequencyOnce: "", FrequencyOnEvent: ""} {
		c := ok
		c.Frequency = f
		if got := c.NextAfter(sent); got.String() != want && !(want == "" && got.IsZero()) {
			t.Errorf("%s: next after %s = %s, want %s", f, sent, got, want)
		}
	}
	for name, s := range map[string]CommunicationSend{
		"no day":     {What: "w", Recipients: "r"},
		"script URL": {SentOn: sent, What: "w", Recipients: "r", Link: "javascript:alert(1)"},
		"no what":    {SentOn: sent, Recipients: "r"},
	} {
		if s.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
