package catalog

import (
	"slices"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// setTitles name the EU AI Act obligation sets in an obligation's title.
var setTitles = map[string]string{
	"prohibited":          "prohibited practice (Art. 5)",
	"high-risk-annex-iii": "high-risk AI system (Annex III)",
	"high-risk-annex-i-a": "high-risk AI system in a product (Annex I, Section A)",
	"high-risk-annex-i-b": "high-risk AI system in a product (Annex I, Section B)",
	"annex-iii-derogated": "Annex III system not high-risk under Art. 6(3)",
	"limited":             "transparency duties (Art. 50)",
	"minimal":             "minimal-risk AI system",
	"gpai":                "general-purpose AI model",
	"gpai-systemic":       "general-purpose AI model with systemic risk",
}

// ObligationProposals turns an AI system's EU AI Act classification into
// the obligations the organization should record for it: one per
// obligation set the classification yields, regulatory, not yet assessed,
// naming the articles that bind the organization in its roles for the
// system (as provider, as deployer, or both when its roles do not say).
// An unclassified system yields none.
func (c *Catalog) ObligationProposals(a aims.AISystem) []aims.Obligation {
	if a.EUAIAct == nil {
		return nil
	}
	provider := slices.Contains(a.Roles, aims.AIRoleProvider) || slices.Contains(a.Roles, aims.AIRoleProducer) || a.EUAIAct.BecomesProvider
	deployer := slices.Contains(a.Roles, aims.AIRoleCustomer) || slices.Contains(a.Roles, aims.AIRoleDeployer) || slices.Contains(a.Roles, aims.AIRoleUser)
	if !provider && !deployer {
		provider, deployer = true, true
	}
	var out []aims.Obligation
	for _, key := range a.EUAIAct.Result().Obligations {
		for _, set := range c.eu.Obligations {
			if set.Class != key {
				continue
			}
			var arts []int
			var asks strings.Builder
			asks.WriteString(set.Note)
			for _, side := range []struct {
				on   bool
				role string
				ids  []string
			}{{provider, "As provider", set.Provider}, {deployer, "As deployer", set.Deployer}} {
				if !side.on || len(side.ids) == 0 {
					continue
				}
				titles := make([]string, 0, len(side.ids))
				for _, id := range side.ids {
					label := aims.KeyLabel(id)
					if n, err := strconv.Atoi(strings.TrimPrefix(id, "art")); err == nil && !slices.Contains(arts, n) {
						arts = append(arts, n)
					}
					if req, ok := c.Requirement(EUAIActID, id); ok {
						label += " " + req.Title
					}
					titles = append(titles, label)
				}
				asks.WriteString("\n\n" + side.role + ": " + strings.Join(titles, "; ") + ".")
			}
			if len(arts) == 0 {
				continue // nothing binds the organization in its roles
			}
			title := setTitles[key]
			if title == "" {
				title = key
			}
			if full := []rune("EU AI Act: " + title + ", " + a.Name); len(full) > 200 {
				title = string(full[:199]) + "…"
			} else {
				title = string(full)
			}
			out = append(out, aims.Obligation{
				Title:      title,
				Kind:       aims.KindRegulatory,
				Source:     "EU AI Act " + articles(arts),
				Asks:       strings.TrimSpace(asks.String()),
				Status:     aims.ComplianceNotAssessed,
				EUAIActSet: key,
			})
		}
	}
	return out
}

// articles cites article numbers compactly: "Arts 4, 8–21, 26".
func articles(arts []int) string {
	slices.Sort(arts)
	var parts []string
	for i := 0; i < len(arts); {
		j := i
		for j+1 < len(arts) && arts[j+1] == arts[j]+1 {
			j++
		}
		part := strconv.Itoa(arts[i])
		if j > i+1 {
			part += "–" + strconv.Itoa(arts[j])
		} else if j == i+1 {
			part += ", " + strconv.Itoa(arts[j])
		}
		parts = append(parts, part)
		i = j + 1
	}
	if len(arts) == 1 {
		return "Art. " + parts[0]
	}
	return "Arts " + strings.Join(parts, ", ")
}
