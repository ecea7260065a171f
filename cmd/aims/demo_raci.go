package main

import (
	"context"
	"fmt"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

// demoRACI: five days ago Maria recorded who does what in each process,
// from the RACI workshop with the process owners. Two processes are still
// without one, as the RACI page shows.
func demoRACI(ctx context.Context, store *sqlstore.Store, tl *demoTimeline, people map[string]aims.Principal) {
	raci := map[string]map[string]string{
		"AI risk management":                     {"AI risk owner": "A", "Model owner": "R", "AIMS manager": "C", "AI system product owner": "C", "Internal auditor": "I"},
		"AI system impact assessment":            {"AI system product owner": "A", "Model owner": "R", "AI risk owner": "C", "Human oversight reviewer (loan officer)": "C"},
		"AI system life cycle and model release": {"Model owner": "A", "AI system product owner": "R", "AI risk owner": "C", "Human oversight reviewer (loan officer)": "I"},
		"Supplier management for AI":             {"AI risk owner": "A", "AI system product owner": "R", "AIMS manager": "I"},
		"AI incident handling":                   {"AI system product owner": "A", "Human oversight reviewer (loan officer)": "R", "AI risk owner": "C", "AIMS manager": "I"},
		"Internal audit of the AIMS":             {"Internal auditor": "R", "AIMS manager": "I"},
		"Management review":                      {"AIMS manager": "R", "AI risk owner": "C", "Internal auditor": "C"},
	}
	maria := people["Maria Keller"]
	tl.at(5, 5, func() error {
		roles, err := store.AIMSRoleNames(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		roleIDs := map[string]int64{}
		for _, r := range roles {
			roleIDs[r.Name] = r.ID
		}
		procs, err := store.ProcessNames(ctx, maria.OrgID)
		if err != nil {
			return err
		}
		for _, l := range procs {
			parts, ok := raci[l.Name]
			if !ok {
				continue
			}
			p, err := store.Process(ctx, maria.OrgID, l.ID)
			if err != nil {
				return err
			}
			p.RACI = nil
			for role, letter := range parts {
				id, ok := roleIDs[role]
				if !ok {
					return fmt.Errorf("RACI: no role %q", role)
				}
				p.RACI = append(p.RACI, aims.RACI{RoleID: id, Letter: letter})
			}
			if _, err := store.UpdateProcess(ctx, maria, p); err != nil {
				return fmt.Errorf("RACI of %s: %w", l.Name, err)
			}
		}
		return nil
	})
}
