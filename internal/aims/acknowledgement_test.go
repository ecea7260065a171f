package aims

import "testing"

func TestCampaignValidate(t *testing.T) {
	due, _ := ParseDate("2026-12-31")
	ok := Campaign{Title: "Read the AI policy", DocumentID: 1, DocVersion: 2, DueDate: due, StaffIDs: []int64{3}}
	cases := []struct {
		name   string
		mutate func(c *Campaign)
		field  string
	}{
		{"valid", func(c *Campaign) {}, ""},
		{"no title", func(c *Campaign) { c.Title = "  " }, "title"},
		{"no document", func(c *Campaign) { c.DocumentID = 0 }, "document_id"},
		{"no version", func(c *Campaign) { c.DocVersion = 0 }, "doc_version"},
		{"no due date", func(c *Campaign) { c.DueDate = Date{} }, "due_date"},
		{"bad status", func(c *Campaign) { c.Status = "pending" }, "status"},
		{"bad person", func(c *Campaign) { c.StaffIDs = []int64{-1} }, "staff_ids"},
		{"bad role", func(c *Campaign) { c.RoleIDs = []int64{0} }, "role_ids"},
		{"bad owner", func(c *Campaign) { c.OwnerID = -4 }, "owner_id"},
	}
	for _, tc := range cases {
		c := ok
		c.StaffIDs = append([]int64(nil), ok.StaffIDs...)
		tc.mutate(&c)
		c.Normalize()
		if tc.name == "bad status" {
			c.Status = "pending"
		}
		err := c.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		v, isV := err.(*ValidationError)
		if !isV || v.Fields[tc.field] == "" {
			t.Errorf("%s: err = %v, want a message for %s", tc.name, err, tc.field)
		}
	}
}

func TestCampaignProgressAndAck(t *testing.T) {
	today, _ := ParseDate("2026-12-01")
	past, _ := ParseDate("2026-11-20")
	c := Campaign{Asked: 5, Acknowledged: 3, Status: CampaignOpen, DueDate: past}
	if c.Percent() != 60 || !c.Overdue(today) {
		t.Errorf("percent %d, overdue %v", c.Percent(), c.Overdue(today))
	}
	c.Acknowledged = 5
	if c.Overdue(today) || (Campaign{}).Percent() != 0 {
		t.Errorf("a complete campaign is overdue, or an empty one has progress")
	}
	if (Campaign{StaffIDs: []int64{2, 1, 2}}).StaffIDs[2] != 2 {
		t.Fatal("setup")
	}
	d := Campaign{StaffIDs: []int64{2, 1, 2}}
	d.Normalize()
	if len(d.StaffIDs) != 2 || d.Status != CampaignOpen {
		t.Errorf("normalized = %+v", d)
	}
	if (AckInput{StaffID: 1}).Validate(true) == nil || (AckInput{Note: "paper form"}).Validate(true) == nil ||
		(AckInput{StaffID: 1, Note: "paper form"}).Validate(true) != nil || (AckInput{}).Validate(false) != nil {
		t.Errorf("AckInput validation wrong")
	}
	if (Acknowledgement{}).How() != "Outstanding" {
		t.Errorf("How of an outstanding acknowledgement")
	}
}
