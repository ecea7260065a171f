package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// useReviews is the register of checks of actual against intended use (A.9.4).
var useReviews = table{name: "use_reviews", register: aims.RegisterUseReviews, prefix: "UR-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// useReviewSupport: a use review supports A.9.4 while its next review has
// not passed (a review without a next date counts for a year).
var useReviewSupport = supporter{t: useReviews, query: `
	SELECT 'A.9.4' AS requirement_id, r.id, r.number, a.name AS title FROM use_reviews r
	JOIN ai_systems a ON a.org_id = r.org_id AND a.id = r.ai_system_id
	WHERE r.org_id = $1 AND NOT r.archived AND r.reviewed_on <= $2 AND r.next_review >= $2`}

// useReviewDue: the next use review of a system.
const useReviewDue dueSource = `SELECT org_id, 'use-reviews', CAST(id AS TEXT), 'UR-' || number, 'Use review', 'Next check of actual against intended use',
	CAST(next_review AS TEXT), reviewer_id FROM use_reviews r WHERE NOT archived AND next_review IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM use_reviews n WHERE n.org_id = r.org_id AND n.ai_system_id = r.ai_system_id
		AND NOT n.archived AND n.reviewed_on > r.reviewed_on)`

var useReviewFields = columns{"ai_system_id", "reviewed_on", "period_from", "period_to", "method", "intended_use", "actual_use",
	"outcome", "deviations", "actions", "reviewer_id", "next_review", "search"}

func useReviewValues(u aims.UseReview) []any {
	return []any{u.AISystemID, u.ReviewedOn.String(), nullDate(u.PeriodFrom), nullDate(u.PeriodTo), u.Method, u.IntendedUse, u.ActualUse,
		u.Outcome, u.Deviations, u.Actions, nullID(u.ReviewerID), nullDate(u.NextReview), useReviewSearch(u)}
}

const useReviewColumns = `r.id, r.number, r.version, r.ai_system_id, a.number, a.name, r.reviewed_on, r.period_from, r.period_to,
	r.method, r.intended_use, r.actual_use, r.outcome, r.deviations, r.actions, r.reviewer_id, COALESCE(u.name, ''),
	r.next_review, r.archived, r.created_at, r.updated_at`

const useReviewFrom = ` FROM use_reviews r JOIN ai_systems a ON a.org_id = r.org_id AND a.id = r.ai_system_id
	LEFT JOIN users u ON u.id = r.reviewer_id`

func scanUseReview(sc scanner) (aims.UseReview, error) {
	var u aims.UseReview
	var number, sysNumber int64
	var reviewer sql.NullInt64
	var reviewed, from, to, next sql.NullTime
	err := sc.Scan(&u.ID, &number, &u.Version, &u.AISystemID, &sysNumber, &u.AISystemName, &reviewed, &from, &to,
		&u.Method, &u.IntendedUse, &u.ActualUse, &u.Outcome, &u.Deviations, &u.Actions, &reviewer, &u.ReviewerName,
		&next, &u.Archived, &u.CreatedAt, &u.UpdatedAt)
	u.Ref, u.AISystemRef, u.ReviewerID = useReviews.ref(number), aiSystems.ref(sysNumber), reviewer.Int64
	u.ReviewedOn, u.PeriodFrom, u.PeriodTo, u.NextReview = dateOf(reviewed), dateOf(from), dateOf(to), dateOf(next)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// UseReview reads one use review of an organization.
func (s *Store) UseReview(ctx context.Context, orgID, id int64) (aims.UseReview, error) {
	return s.useReview(ctx, s.r, orgID, id)
}

func (s *Store) useReview(ctx context.Context, q querier, orgID, id int64) (aims.UseReview, error) {
	u, err := scanUseReview(s.queryRow(ctx, q, `SELECT `+useReviewColumns+useReviewFrom+` WHERE r.org_id = $1 AND r.id = $2`, orgID, id))
	return u, notFound(err, "use review")
}

var useReviewSort = map[string]string{
	"":            "r.reviewed_on DESC, r.id DESC",
	"reviewed_on": "r.reviewed_on, r.id",
	"ref":         "r.number, r.id",
	"outcome":     "r.outcome, r.reviewed_on, r.id",
	"next_review": "r.next_review, r.id",
	"updated_at":  "r.updated_at, r.id",
}

// UseReviews lists one page of an organization's use reviews with the
// total matching the filter: two queries.
func (s *Store) UseReviews(ctx context.Context, orgID int64, f aims.UseReviewFilter) (aims.Page[aims.UseReview], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.UseReview]{Items: []aims.UseReview{}}, err
	}
	order := useReviewSort[f.Sort]
	if f.Desc && f.Sort != "" {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.useReviewQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.UseReview]{Items: []aims.UseReview{}}, err
	}
	return list(ctx, s, q, scanUseReview)
}

// EachUseReview calls fn for every use review matching the filter, in the
// order they were recorded, for exports.
func (s *Store) EachUseReview(ctx context.Context, orgID int64, f aims.UseReviewFilter, fn func(aims.UseReview) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.useReviewQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanUseReview, func(u aims.UseReview) int64 { return u.ID }, fn)
}

func (s *Store) useReviewQuery(ctx context.Context, orgID int64, f aims.UseReviewFilter, order string) (listQuery, error) {
	w := newFilter("r", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("r.ai_system_id = ?", f.AISystemID)
	}
	if f.Outcome != "" {
		w.and("r.outcome = ?", string(f.Outcome))
	}
	total, err := s.search(ctx, w, useReviews, "r", f.Q)
	return listQuery{alias: "r", table: useReviews.name, columns: useReviewColumns, from: useReviewFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func useReviewSearch(u aims.UseReview) string {
	return searchText(u.Ref, u.AISystemRef, u.AISystemName, u.ActualUse, u.Deviations, u.Actions, u.ReviewerName, u.Outcome.Label())
}

// resolveUseReview checks the system and the reviewer are the
// organization's and fills in their names; on create a blank intended use
// is the system's as the inventory reads today.
func (s *Store) resolveUseReview(ctx context.Context, tx *sql.Tx, orgID int64, u *aims.UseReview, create bool) error {
	sys, err := s.aiSystem(ctx, tx, orgID, u.AISystemID)
	if err != nil {
		return aims.Invalid("ai_system_id", "is not an AI system of this organization")
	}
	u.AISystemRef, u.AISystemName = sys.Ref, sys.Name
	if create && u.IntendedUse == "" {
		u.IntendedUse = sys.IntendedUse
	}
	u.ReviewerName, err = s.checkOwner(ctx, tx, orgID, u.ReviewerID, "reviewer_id")
	return err
}

// CreateUseReview records a new use review.
func (s *Store) CreateUseReview(ctx context.Context, p aims.Principal, u aims.UseReview) (aims.UseReview, error) {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return u, err
	}
	var created aims.UseReview
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u := u // the transaction may run again
		if err := s.resolveUseReview(ctx, tx, p.OrgID, &u, true); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, useReviews)
		if err != nil {
			return err
		}
		now := s.timestamp()
		u.Ref, u.Version, u.Archived, u.CreatedAt, u.UpdatedAt = useReviews.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO use_reviews (org_id, number, version, archived, created_at, updated_at, `+
			useReviewFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+useReviewFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, useReviewValues(u)...)...).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("insert use review: %w", err)
		}
		changes, err := useReviews.diff(nil, u)
		if err != nil {
			return err
		}
		created = u
		return s.record(ctx, tx, p, useReviews.register, strconv.FormatInt(u.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

// UpdateUseReview saves an edited use review at the version its editor
// read; a stale version is refused with aims.ErrConflict.
func (s *Store) UpdateUseReview(ctx context.Context, p aims.Principal, u aims.UseReview) (aims.UseReview, error) {
	var after aims.UseReview
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u := u
		before, err := s.useReview(ctx, tx, p.OrgID, u.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		// A review stays about the system it reviewed: another system's
		// use is another review.
		if u.AISystemID != 0 && u.AISystemID != before.AISystemID {
			return aims.Invalid("ai_system_id", "cannot change; record a new review for another AI system")
		}
		u.AISystemID = before.AISystemID
		u.Normalize()
		if err := u.Validate(); err != nil {
			return err
		}
		if err := s.resolveUseReview(ctx, tx, p.OrgID, &u, false); err != nil {
			return err
		}
		u.Ref, u.Archived, u.CreatedAt, u.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := useReviews.diff(before, u)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(u.Version != before.Version)
		}
		u.UpdatedAt = s.timestamp()
		values := append(useReviewValues(u), u.UpdatedAt)
		if err := s.update(ctx, tx, useReviews, p.OrgID, u.ID, u.Version,
			useReviewFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = u
		after.Version++
		return s.record(ctx, tx, p, useReviews.register, strconv.FormatInt(u.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetUseReviewArchived archives or restores a use review.
func (s *Store) SetUseReviewArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.UseReview, error) {
	var u aims.UseReview
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = s.useReview(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, useReviews, id, u.Version, version, u.Archived, archived)
		if changed {
			u.Archived, u.Version, u.UpdatedAt = archived, u.Version+1, at
		}
		return err
	})
	return u, err
}
