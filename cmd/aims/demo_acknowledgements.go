package main

import (
	"context"
	"fmt"
	"strings"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoAcknowledgements: the awareness record an auditor samples for 7.3.
// Version 1 of the AI policy was read by everyone in scope (a closed
// campaign at 100%); version 2 is being read now: everyone holding an AIMS
// role plus the loan officers, about 60% done, some confirming through
// their own accounts, the rest recorded by Maria from the paper forms
// signed at the team meeting.
func demoAcknowledgements(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal, today aims.Date) {
	maria := func() aims.Principal { return people["Maria Keller"] }
	byUser := func(userID int64) (aims.Principal, bool) {
		for _, p := range people {
			if p.UserID != 0 && p.UserID == userID {
				return p, true
			}
		}
		return aims.Principal{}, false
	}
	var policyID int64
	campaigns := map[int]int64{} // by policy version
	launch := func(daysAgo, hour, docVersion int, title string, due aims.Date) {
		tl.at(daysAgo, hour, func() error {
			m := maria()
			if policyID == 0 {
				docs, err := store.Documents(ctx, m.OrgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: 100}})
				if err != nil {
					return err
				}
				for _, d := range docs.Items {
					if d.Title == "AI policy" {
						policyID = d.ID
					}
				}
				if policyID == 0 {
					return fmt.Errorf("acknowledgements: no AI policy in the demo")
				}
			}
			roles, err := store.AIMSRoleNames(ctx, m.OrgID)
			if err != nil {
				return err
			}
			in := aims.Campaign{Title: title, DocumentID: policyID, DocVersion: docVersion, DueDate: due, OwnerID: m.UserID}
			for _, r := range roles {
				in.RoleIDs = append(in.RoleIDs, r.ID)
			}
			err = store.EachPerson(ctx, m.OrgID, aims.StaffFilter{Status: "active"}, func(p aims.Staff) error {
				if strings.Contains(strings.ToLower(p.JobTitle), "loan officer") && !p.Left {
					in.StaffIDs = append(in.StaffIDs, p.ID)
				}
				return nil
			})
			if err != nil {
				return err
			}
			c, err := store.CreateCampaign(ctx, m, in)
			campaigns[docVersion] = c.ID
			return err
		})
	}
	// acknowledge records the acknowledgements of the people picked: by
	// themselves where they have an account, else by Maria from the paper form.
	acknowledge := func(daysAgo, hour, docVersion int, pick func(i int) bool) {
		tl.at(daysAgo, hour, func() error {
			id := campaigns[docVersion]
			asked, err := store.CampaignPeople(ctx, maria().OrgID, id)
			if err != nil {
				return err
			}
			for i, a := range asked {
				if a.Done() || !pick(i) {
					continue
				}
				if p, ok := byUser(a.UserID); ok && a.UserID != 0 {
					_, err = store.Acknowledge(ctx, p, id, aims.AckInput{}, false)
				} else {
					_, err = store.Acknowledge(ctx, maria(), id, aims.AckInput{StaffID: a.StaffID, Note: "Signed the paper form at the team meeting"}, true)
				}
				if err != nil {
					return fmt.Errorf("acknowledge %s: %w", a.StaffName, err)
				}
			}
			return nil
		})
	}

	// Version 1: launched after the roles were staffed, read by all, closed.
	launch(50, 1, 1, "Read the AI policy, version 1", aims.DateOf(today.Time().AddDate(0, 0, -36)))
	acknowledge(48, 2, 1, func(i int) bool { return i%2 == 0 })
	acknowledge(44, 3, 1, func(int) bool { return true })
	tl.at(35, 1, func() error {
		c, err := store.Campaign(ctx, maria().OrgID, campaigns[1])
		if err != nil {
			return err
		}
		c.Status = aims.CampaignClosed
		_, err = store.UpdateCampaign(ctx, maria(), c)
		return err
	})

	// Version 2: approved by the CEO 20 days ago; about 60% read so far.
	launch(18, 2, 2, "Read the AI policy, version 2", today.AddDays(10))
	acknowledge(16, 3, 2, func(i int) bool { return i%5 < 3 && i%3 == 0 })
	acknowledge(11, 2, 2, func(i int) bool { return i%5 < 3 && i%3 == 1 })
	acknowledge(4, 4, 2, func(i int) bool { return i%5 < 3 })
}
