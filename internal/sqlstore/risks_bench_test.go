package sqlstore

import (
	"context"
	"testing"
	"time"

	"aims/internal/aims"
)

// BenchmarkRiskRegister pages and maps 50,000 risks: the list's first
// page, the flagged filter, one AI system's risks, a heat map cell, a
// search, and the heat map, whole and for one system. The rows are written
// in one statement (the reads are measured here, not the writes): the
// likelihood and impact cycle through the 5 × 5 grid, a risk in 7 is
// flagged, one in 100 belongs to the AI system.
func BenchmarkRiskRegister(b *testing.B) {
	for name, s := range benchStores(b) {
		p := benchOrg(b, s)
		ctx := context.Background()
		sys, err := s.CreateAISystem(ctx, p, aims.AISystem{Name: "CreditLens", Purpose: "p"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.UseDefaultRiskCriteria(ctx, p, 0); err != nil {
			b.Fatal(err)
		}
		day := "$3" // a DATE column takes the text on SQLite; PostgreSQL needs the type
		if s.dialect == Postgres {
			day = "CAST($3 AS DATE)"
		}
		_, err = s.w.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
			INSERT INTO risks (org_id, number, version, kind, title, ai_system_id, source, source_other, description, consequences,
				status, planned_actions, likelihood, impact, level, level_rank, residual_likelihood, residual_impact, residual_level,
				residual_rank, criteria_version, assessed_on, above_threshold, treatment, treatment_plan, accepted_by, acceptance_reason,
				accepted_under, effectiveness, check_note, flagged, search, archived, created_at, updated_at)
			SELECT $1, i, 1, 'risk', 'Risk ' || i || ' ' || CASE i % 3 WHEN 0 THEN 'drift' WHEN 1 THEN 'bias' ELSE 'leak' END,
				CASE WHEN i % 100 = 0 THEN CAST($2 AS BIGINT) END, 'machine-learning', '', 'Load-test risk.', '', 'identified', '',
				1 + i % 5, 1 + (i / 5) % 5, 'medium', 2, 1 + i % 3, 1 + i % 2, 'low', 1, 1, `+day+`, i % 7 = 0, '', '', '', '', '', '', '',
				i % 7 = 0, ' rsk ' || i || ' risk ' || i || ' ' || CASE i % 3 WHEN 0 THEN 'drift' WHEN 1 THEN 'bias' ELSE 'leak' END || ' ',
				FALSE, $4, $4 FROM n`, p.OrgID, sys.ID, "2026-11-01", time.Now().UTC())
		if err != nil {
			b.Fatal(err)
		}
		if s.dialect == Postgres {
			s.w.Exec(`VACUUM ANALYZE risks`)
		} else {
			s.w.Exec(`ANALYZE`)
		}
		lp := aims.ListParams{Limit: 50}
		for label, run := range map[string]func() (int, error){
			"list/first page": func() (int, error) {
				pg, err := s.Risks(ctx, p.OrgID, aims.RiskFilter{ListParams: lp})
				return len(pg.Items), err
			},
			"list/flagged": func() (int, error) {
				pg, err := s.Risks(ctx, p.OrgID, aims.RiskFilter{ListParams: lp, Flagged: true})
				return len(pg.Items), err
			},
			"list/ai_system": func() (int, error) {
				pg, err := s.Risks(ctx, p.OrgID, aims.RiskFilter{ListParams: lp, AISystemID: sys.ID})
				return len(pg.Items), err
			},
			"list/cell 3x4": func() (int, error) {
				pg, err := s.Risks(ctx, p.OrgID, aims.RiskFilter{ListParams: lp, Likelihood: 3, Impact: 4})
				return len(pg.Items), err
			},
			"list/q=drift": func() (int, error) {
				pg, err := s.Risks(ctx, p.OrgID, aims.RiskFilter{ListParams: aims.ListParams{Limit: 50, Q: "drift"}})
				return len(pg.Items), err
			},
			"heat map/all": func() (int, error) {
				h, err := s.RiskHeatMap(ctx, p.OrgID, aims.RiskFilter{})
				return len(h.Inherent), err
			},
			"heat map/ai_system": func() (int, error) {
				h, err := s.RiskHeatMap(ctx, p.OrgID, aims.RiskFilter{AISystemID: sys.ID})
				return len(h.Inherent), err
			},
		} {
			b.Run(name+"/"+label, func(b *testing.B) {
				for b.Loop() {
					if n, err := run(); err != nil || n == 0 {
						b.Fatal(n, err)
					}
				}
			})
		}
	}
}
