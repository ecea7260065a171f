package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"aims/internal/aims"
)

// Retention (7.5.3): how long superseded versions of each kind of document
// are kept, a legal hold that stops disposal, and disposal itself. Archive
// stays the default; disposal is a deliberate act, one version at a time,
// recorded in the trail.

// RetentionRules reads the organization's retention per kind of document;
// a kind without a rule is kept for ever.
func (s *Store) RetentionRules(ctx context.Context, orgID int64) (map[aims.DocKind]int, error) {
	rows, err := s.query(ctx, s.r, `SELECT kind, months FROM retention_rules WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("retention rules: %w", err)
	}
	defer rows.Close()
	out := map[aims.DocKind]int{}
	for rows.Next() {
		var k aims.DocKind
		var m int
		if err := rows.Scan(&k, &m); err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, rows.Err()
}

// SetRetention sets (or, with 0 months, removes) a kind's retention.
func (s *Store) SetRetention(ctx context.Context, p aims.Principal, rule aims.RetentionRule) error {
	return s.SetRetentions(ctx, p, []aims.RetentionRule{rule})
}

// SetRetentions sets several kinds' retention in one transaction: all of
// them or, if one is refused, none.
func (s *Store) SetRetentions(ctx context.Context, p aims.Principal, rules []aims.RetentionRule) error {
	for _, rule := range rules {
		if err := rule.Validate(); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, rule := range rules {
			if err := s.setRetention(ctx, tx, p, rule); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) setRetention(ctx context.Context, tx *sql.Tx, p aims.Principal, rule aims.RetentionRule) error {
	var before int
	err := s.queryRow(ctx, tx, `SELECT months FROM retention_rules WHERE org_id = $1 AND kind = $2`, p.OrgID, string(rule.Kind)).Scan(&before)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if before == rule.Months {
		return nil
	}
	if rule.Months == 0 {
		_, err = s.exec(ctx, tx, `DELETE FROM retention_rules WHERE org_id = $1 AND kind = $2`, p.OrgID, string(rule.Kind))
	} else {
		_, err = s.exec(ctx, tx, `INSERT INTO retention_rules (org_id, kind, months, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, kind) DO UPDATE SET months = $3, updated_at = $4`, p.OrgID, string(rule.Kind), rule.Months, s.timestamp())
	}
	if err != nil {
		return fmt.Errorf("retention rule: %w", err)
	}
	old, _ := json.Marshal(before)
	now, _ := json.Marshal(rule.Months)
	return s.record(ctx, tx, p, "retention", string(rule.Kind), aims.ActionUpdate,
		[]aims.Change{{Field: "months", Old: old, New: now}})
}

// SetLegalHold puts a document on legal hold with a reason, or (with an
// empty reason) lifts it, at the version its editor read.
func (s *Store) SetLegalHold(ctx context.Context, p aims.Principal, documentID int64, version int, reason string) (aims.Document, error) {
	var d aims.Document
	if err := checkHold(reason); err != nil {
		return d, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = s.document(ctx, tx, p.OrgID, documentID); err != nil {
			return err
		}
		if d.LegalHold == reason {
			return staleIf(version != d.Version)
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, documents, p.OrgID, documentID, version, `legal_hold = $1, updated_at = $2`, reason, now); err != nil {
			return err
		}
		old, _ := json.Marshal(d.LegalHold)
		nw, _ := json.Marshal(reason)
		d.LegalHold, d.Version, d.UpdatedAt = reason, d.Version+1, now
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(documentID, 10), aims.ActionUpdate,
			[]aims.Change{{Field: "legal_hold", Old: old, New: nw}})
	})
	return d, err
}

func checkHold(reason string) error {
	if len(reason) > 2000 {
		return aims.Invalid("legal_hold", "is too long (at most 2000 characters)")
	}
	return nil
}

// DisposeVersion disposes of a superseded version whose retention has run
// out, unless the document is on legal hold: its text, change summary and
// checklist go, its record (number, dates, approval) stays, and the trail
// records who disposed of it. The organization's lock orders it with a
// hold being set at the same moment.
func (s *Store) DisposeVersion(ctx context.Context, p aims.Principal, documentID int64, number int) (aims.DocumentVersion, error) {
	var v aims.DocumentVersion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockOrganization(ctx, tx, p.OrgID); err != nil {
			return err
		}
		d, err := s.document(ctx, tx, p.OrgID, documentID)
		if err != nil {
			return err
		}
		if v, err = s.documentVersion(ctx, tx, p.OrgID, documentID, number); err != nil {
			return err
		}
		switch {
		case d.LegalHold != "":
			return aims.Invalid("legal_hold", "the document is on legal hold: "+d.LegalHold)
		case v.State != aims.StateSuperseded:
			return aims.Invalid("state", "only a superseded version may be disposed of")
		case v.DisposedAt != nil:
			return nil
		}
		var months int
		err = s.queryRow(ctx, tx, `SELECT months FROM retention_rules WHERE org_id = $1 AND kind = $2`, p.OrgID, string(d.Kind)).Scan(&months)
		if errors.Is(err, sql.ErrNoRows) {
			return aims.Invalid("retention", "no retention period is set for this kind of document: it is kept for ever")
		}
		if err != nil {
			return err
		}
		if on := aims.DisposableOn(aims.DateOf(v.UpdatedAt), months); s.today().Before(on) {
			return aims.Invalid("retention", "its retention runs until "+on.String())
		}
		name, err := s.checkOwner(ctx, tx, p.OrgID, p.UserID, "disposed_by")
		if err != nil {
			return err
		}
		now := s.timestamp()
		res, err := s.exec(ctx, tx, `UPDATE document_versions SET content = '', change_summary = '', commitments = '', disposed_at = $1, disposed_by = $2
			WHERE org_id = $3 AND id = $4 AND state = 'superseded' AND disposed_at IS NULL`, now, name, p.OrgID, v.ID)
		if err != nil {
			return fmt.Errorf("dispose: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return aims.ErrConflict
		}
		old, _ := json.Marshal(fmt.Sprintf("version %d, %d characters", number, len(v.Content)))
		nw, _ := json.Marshal(fmt.Sprintf("disposed of after %d months' retention", months))
		v.Content, v.ChangeSummary, v.Commitments, v.DisposedAt, v.DisposedBy = "", "", []string{}, &now, name
		return s.record(ctx, tx, p, documents.register, strconv.FormatInt(documentID, 10), aims.ActionDispose,
			[]aims.Change{{Field: "v" + strconv.Itoa(number) + ".content", Old: old, New: nw}})
	})
	return v, err
}
