package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// datasets is the register of the data used by AI systems (A.7.2-A.7.6).
// Its versions (dataset_versions) and quality check results
// (dataset_checks) are appended under the data set's version: the append
// moves the data set to its next version in the same transaction, so two
// writers holding the same version cannot both append, and the data set's
// history shows each append.
var datasets = table{name: "datasets", register: aims.RegisterDatasets, prefix: "DS-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// datasetSupport: a live data set of a live AI system documents the data
// it uses (A.7.2); one with its acquisition recorded supports A.7.3; one
// with a passing quality check run within the last twelve months (a check
// counts until its valid_until) supports A.7.4; one with its provenance
// recorded A.7.5; one with a version whose preparation is recorded A.7.6.
var datasetSupport = supporter{t: datasets, query: `
	SELECT 'A.7.2' AS requirement_id, d.id, d.number, d.name AS title FROM datasets d
	JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	WHERE d.org_id = $1 AND NOT d.archived AND NOT a.archived AND d.purpose <> ''
	UNION ALL SELECT 'A.7.3', d.id, d.number, d.name FROM datasets d
	JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	WHERE d.org_id = $1 AND NOT d.archived AND NOT a.archived AND d.source <> '' AND d.rights <> ''
	UNION ALL SELECT 'A.7.4', d.id, d.number, d.name FROM datasets d
	JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	WHERE d.org_id = $1 AND NOT d.archived AND NOT a.archived AND EXISTS (SELECT 1 FROM dataset_checks c
		WHERE c.org_id = d.org_id AND c.dataset_id = d.id AND c.result = 'pass' AND c.checked_on <= $2 AND c.valid_until >= $2)
	UNION ALL SELECT 'A.7.5', d.id, d.number, d.name FROM datasets d
	JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	WHERE d.org_id = $1 AND NOT d.archived AND NOT a.archived AND d.provenance <> ''
	UNION ALL SELECT 'A.7.6', d.id, d.number, d.name FROM datasets d
	JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	WHERE d.org_id = $1 AND NOT d.archived AND NOT a.archived AND EXISTS (SELECT 1 FROM dataset_versions v
		WHERE v.org_id = d.org_id AND v.dataset_id = d.id AND v.preparation <> '' AND v.made_on <= $2)`}

// datasetDue: the next quality check of a live data set, for its owner.
const datasetDue dueSource = `SELECT org_id, 'datasets', CAST(id AS TEXT), 'DS-' || number, name, 'Next data quality check',
	CAST(next_check AS TEXT), owner_id FROM datasets WHERE NOT archived AND next_check IS NOT NULL`

var datasetFields = columns{"ai_system_id", "name", "data_use", "purpose", "description", "owner_id", "source", "acquired_how",
	"rights", "provenance", "retention", "retention_reason", "next_check", "search"}

func datasetValues(d aims.Dataset) []any {
	return []any{d.AISystemID, d.Name, d.Use, d.Purpose, d.Description, nullID(d.OwnerID), d.Source, d.AcquiredHow,
		d.Rights, d.Provenance, d.Retention, d.RetentionReason, nullDate(d.NextCheck), datasetSearch(d)}
}

const datasetColumns = `d.id, d.number, d.version, d.ai_system_id, a.number, a.name, d.name, d.data_use, d.purpose, d.description,
	d.owner_id, COALESCE(u.name, ''), d.source, d.acquired_how, d.rights, d.provenance, d.retention, d.retention_reason,
	d.next_check, d.archived, d.created_at, d.updated_at`

const datasetFrom = ` FROM datasets d JOIN ai_systems a ON a.org_id = d.org_id AND a.id = d.ai_system_id
	LEFT JOIN users u ON u.id = d.owner_id`

func scanDataset(sc scanner) (aims.Dataset, error) {
	var d aims.Dataset
	var number, sysNumber int64
	var owner sql.NullInt64
	var next sql.NullTime
	err := sc.Scan(&d.ID, &number, &d.Version, &d.AISystemID, &sysNumber, &d.AISystemName, &d.Name, &d.Use, &d.Purpose, &d.Description,
		&owner, &d.OwnerName, &d.Source, &d.AcquiredHow, &d.Rights, &d.Provenance, &d.Retention, &d.RetentionReason,
		&next, &d.Archived, &d.CreatedAt, &d.UpdatedAt)
	d.Ref, d.AISystemRef, d.OwnerID = datasets.ref(number), aiSystems.ref(sysNumber), owner.Int64
	d.NextCheck, d.CreatedAt, d.UpdatedAt = dateOf(next), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// Dataset reads one data set of an organization.
func (s *Store) Dataset(ctx context.Context, orgID, id int64) (aims.Dataset, error) {
	return s.dataset(ctx, s.r, orgID, id)
}

func (s *Store) dataset(ctx context.Context, q querier, orgID, id int64) (aims.Dataset, error) {
	d, err := scanDataset(s.queryRow(ctx, q, `SELECT `+datasetColumns+datasetFrom+` WHERE d.org_id = $1 AND d.id = $2`, orgID, id))
	return d, notFound(err, "data set")
}

var datasetSort = map[string]string{
	"":           "d.number, d.id",
	"ref":        "d.number, d.id",
	"name":       "d.name, d.id",
	"ai_system":  "a.name, d.name, d.id",
	"use":        "d.data_use, d.name, d.id",
	"next_check": "d.next_check, d.id",
	"updated_at": "d.updated_at, d.id",
}

// Datasets lists one page of an organization's data sets with the total
// matching the filter: two queries.
func (s *Store) Datasets(ctx context.Context, orgID int64, f aims.DatasetFilter) (aims.Page[aims.Dataset], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Dataset]{Items: []aims.Dataset{}}, err
	}
	order := datasetSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.datasetQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.Dataset]{Items: []aims.Dataset{}}, err
	}
	return list(ctx, s, q, scanDataset)
}

// EachDataset calls fn for every data set matching the filter, for exports.
func (s *Store) EachDataset(ctx context.Context, orgID int64, f aims.DatasetFilter, fn func(aims.Dataset) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.datasetQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanDataset, func(d aims.Dataset) int64 { return d.ID }, fn)
}

func (s *Store) datasetQuery(ctx context.Context, orgID int64, f aims.DatasetFilter, order string) (listQuery, error) {
	w := newFilter("d", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("d.ai_system_id = ?", f.AISystemID)
	}
	if f.Use != "" {
		w.and("d.data_use = ?", string(f.Use))
	}
	total, err := s.search(ctx, w, datasets, "d", f.Q)
	return listQuery{alias: "d", table: datasets.name, columns: datasetColumns, from: datasetFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func datasetSearch(d aims.Dataset) string {
	return searchText(d.Ref, d.Name, d.AISystemRef, d.AISystemName, d.Use.Label(), d.Purpose, d.Description, d.OwnerName,
		d.Source, d.AcquiredHow, d.Rights, d.Provenance)
}

// resolveDataset checks the system and the owner are the organization's
// and fills in their names.
func (s *Store) resolveDataset(ctx context.Context, tx *sql.Tx, orgID int64, d *aims.Dataset) error {
	sys, err := s.aiSystem(ctx, tx, orgID, d.AISystemID)
	if err != nil {
		return aims.Invalid("ai_system_id", "is not an AI system of this organization")
	}
	d.AISystemRef, d.AISystemName = sys.Ref, sys.Name
	d.OwnerName, err = s.checkOwner(ctx, tx, orgID, d.OwnerID, "owner_id")
	return err
}

// CreateDataset records a new data set.
func (s *Store) CreateDataset(ctx context.Context, p aims.Principal, d aims.Dataset) (aims.Dataset, error) {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return d, err
	}
	var created aims.Dataset
	err := s.tx(ctx, func(tx *sql.Tx) error {
		d := d // the transaction may run again
		if err := s.resolveDataset(ctx, tx, p.OrgID, &d); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, datasets)
		if err != nil {
			return err
		}
		now := s.timestamp()
		d.Ref, d.Version, d.Archived, d.CreatedAt, d.UpdatedAt = datasets.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO datasets (org_id, number, version, archived, created_at, updated_at, `+
			datasetFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+datasetFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, datasetValues(d)...)...).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("insert data set: %w", err)
		}
		changes, err := datasets.diff(nil, d)
		if err != nil {
			return err
		}
		created = d
		return s.record(ctx, tx, p, datasets.register, strconv.FormatInt(d.ID, 10), aims.ActionCreate, changes)
	})
	return created, err
}

// UpdateDataset saves an edited data set at the version its editor read; a
// stale version is refused with aims.ErrConflict.
func (s *Store) UpdateDataset(ctx context.Context, p aims.Principal, d aims.Dataset) (aims.Dataset, error) {
	var after aims.Dataset
	err := s.tx(ctx, func(tx *sql.Tx) error {
		d := d
		before, err := s.dataset(ctx, tx, p.OrgID, d.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if d.AISystemID == 0 {
			d.AISystemID = before.AISystemID
		}
		d.Normalize()
		if err := d.Validate(); err != nil {
			return err
		}
		if err := s.resolveDataset(ctx, tx, p.OrgID, &d); err != nil {
			return err
		}
		d.Ref, d.Archived, d.CreatedAt, d.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := datasets.diff(before, d)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(d.Version != before.Version)
		}
		d.UpdatedAt = s.timestamp()
		values := append(datasetValues(d), d.UpdatedAt)
		if err := s.update(ctx, tx, datasets, p.OrgID, d.ID, d.Version,
			datasetFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = d
		after.Version++
		return s.record(ctx, tx, p, datasets.register, strconv.FormatInt(d.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetDatasetArchived archives or restores a data set.
func (s *Store) SetDatasetArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Dataset, error) {
	var d aims.Dataset
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if d, err = s.dataset(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, datasets, id, d.Version, version, d.Archived, archived)
		if changed {
			d.Archived, d.Version, d.UpdatedAt = archived, d.Version+1, at
		}
		return err
	})
	return d, err
}

// appendToDataset runs insert under the data set's version the writer
// read: the data set moves to its next version first (a stale version is
// aims.ErrConflict and nothing is appended), then the row is inserted and
// the data set's history records the entry under field.
func (s *Store) appendToDataset(ctx context.Context, p aims.Principal, id int64, version int, field string, entry any,
	insert func(tx *sql.Tx, d aims.Dataset, now any) error) (aims.Dataset, error) {
	var after aims.Dataset
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.dataset(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		now := s.timestamp()
		if err := s.update(ctx, tx, datasets, p.OrgID, id, version, `updated_at = $1`, now); err != nil {
			return err
		}
		if err := insert(tx, before, now); err != nil {
			return err
		}
		raw, err := json.Marshal(entry)
		if err != nil {
			return err
		}
		after = before
		after.Version, after.UpdatedAt = before.Version+1, now
		return s.record(ctx, tx, p, datasets.register, strconv.FormatInt(id, 10), aims.ActionUpdate,
			[]aims.Change{{Field: field, Old: json.RawMessage("null"), New: raw}})
	})
	return after, err
}

// AddDatasetVersion records a version of a data set (A.7.6), at the data
// set's version the writer read.
func (s *Store) AddDatasetVersion(ctx context.Context, p aims.Principal, id int64, v aims.DatasetVersion) (aims.Dataset, error) {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return aims.Dataset{}, err
	}
	entry := struct {
		Label       string    `json:"label"`
		On          aims.Date `json:"on"`
		Size        string    `json:"size"`
		Preparation string    `json:"preparation"`
		Note        string    `json:"note"`
	}{v.Label, v.On, v.Size, v.Preparation, v.Note}
	return s.appendToDataset(ctx, p, id, v.Version, "data_version", entry, func(tx *sql.Tx, d aims.Dataset, now any) error {
		_, err := s.exec(ctx, tx, `INSERT INTO dataset_versions (org_id, dataset_id, label, made_on, size, preparation, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, p.OrgID, d.ID, v.Label, v.On.String(), v.Size, v.Preparation, v.Note, now)
		if err != nil {
			return fmt.Errorf("add data set version: %w", err)
		}
		return nil
	})
}

// AddDatasetCheck records the result of a data quality check (A.7.4), at
// the data set's version the writer read.
func (s *Store) AddDatasetCheck(ctx context.Context, p aims.Principal, id int64, c aims.DatasetCheck) (aims.Dataset, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return aims.Dataset{}, err
	}
	entry := struct {
		CheckedOn    aims.Date        `json:"checked_on"`
		VersionLabel string           `json:"version_label"`
		Requirement  string           `json:"requirement"`
		Result       aims.CheckResult `json:"result"`
		Measured     string           `json:"measured"`
		Threshold    string           `json:"threshold"`
		CheckedBy    string           `json:"checked_by"`
		Note         string           `json:"note"`
	}{c.CheckedOn, c.VersionLabel, c.Requirement, c.Result, c.Measured, c.Threshold, "", c.Note}
	return s.appendToDataset(ctx, p, id, c.Version, "quality_check", &entry, func(tx *sql.Tx, d aims.Dataset, now any) error {
		name, err := s.checkOwner(ctx, tx, p.OrgID, c.CheckedByID, "checked_by_id")
		if err != nil {
			return err
		}
		entry.CheckedBy = name
		_, err = s.exec(ctx, tx, `INSERT INTO dataset_checks (org_id, dataset_id, checked_on, valid_until, version_label, requirement,
			result, measured, threshold, checked_by_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			p.OrgID, d.ID, c.CheckedOn.String(), c.CheckedOn.AddMonths(aims.QualityValidity).String(), c.VersionLabel, c.Requirement,
			c.Result, c.Measured, c.Threshold, nullID(c.CheckedByID), c.Note, now)
		if err != nil {
			return fmt.Errorf("add data quality check: %w", err)
		}
		return nil
	})
}

// DatasetVersions reads a data set's versions, newest first, at most limit.
func (s *Store) DatasetVersions(ctx context.Context, orgID, id int64, limit int) ([]aims.DatasetVersion, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, dataset_id, label, made_on, size, preparation, note, created_at FROM dataset_versions
		WHERE org_id = $1 AND dataset_id = $2 ORDER BY made_on DESC, id DESC LIMIT $3`, orgID, id, limit)
	if err != nil {
		return nil, fmt.Errorf("data set versions: %w", err)
	}
	defer rows.Close()
	out := []aims.DatasetVersion{}
	for rows.Next() {
		var v aims.DatasetVersion
		var on sql.NullTime
		if err := rows.Scan(&v.ID, &v.DatasetID, &v.Label, &on, &v.Size, &v.Preparation, &v.Note, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.On, v.CreatedAt = dateOf(on), v.CreatedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

const datasetCheckColumns = `c.id, c.dataset_id, c.checked_on, c.version_label, c.requirement, c.result, c.measured, c.threshold,
	c.checked_by_id, COALESCE(u.name, ''), c.note, c.created_at`

func scanDatasetCheck(sc scanner) (aims.DatasetCheck, error) {
	var c aims.DatasetCheck
	var on sql.NullTime
	var by sql.NullInt64
	err := sc.Scan(&c.ID, &c.DatasetID, &on, &c.VersionLabel, &c.Requirement, &c.Result, &c.Measured, &c.Threshold,
		&by, &c.CheckedByName, &c.Note, &c.CreatedAt)
	c.CheckedOn, c.CheckedByID, c.CreatedAt = dateOf(on), by.Int64, c.CreatedAt.UTC()
	return c, err
}

// DatasetChecks reads a data set's quality check results, newest first, at
// most limit.
func (s *Store) DatasetChecks(ctx context.Context, orgID, id int64, limit int) ([]aims.DatasetCheck, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+datasetCheckColumns+` FROM dataset_checks c LEFT JOIN users u ON u.id = c.checked_by_id
		WHERE c.org_id = $1 AND c.dataset_id = $2 ORDER BY c.checked_on DESC, c.id DESC LIMIT $3`, orgID, id, limit)
	if err != nil {
		return nil, fmt.Errorf("data quality checks: %w", err)
	}
	defer rows.Close()
	out := []aims.DatasetCheck{}
	for rows.Next() {
		c, err := scanDatasetCheck(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SystemDataQuality reads an AI system's live data sets, each with the
// latest result of each of its quality checks: two queries.
func (s *Store) SystemDataQuality(ctx context.Context, orgID, systemID int64) ([]aims.DatasetQuality, error) {
	page, err := s.Datasets(ctx, orgID, aims.DatasetFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}, AISystemID: systemID})
	if err != nil {
		return nil, err
	}
	out := make([]aims.DatasetQuality, len(page.Items))
	at := map[int64]int{}
	for i, d := range page.Items {
		out[i].Dataset, out[i].Latest, at[d.ID] = d, []aims.DatasetCheck{}, i
	}
	rows, err := s.query(ctx, s.r, `SELECT `+datasetCheckColumns+` FROM dataset_checks c JOIN datasets d ON d.org_id = c.org_id AND d.id = c.dataset_id
		LEFT JOIN users u ON u.id = c.checked_by_id WHERE c.org_id = $1 AND d.ai_system_id = $2 AND NOT d.archived
		ORDER BY c.checked_on DESC, c.id DESC`, orgID, systemID)
	if err != nil {
		return nil, fmt.Errorf("data quality of a system: %w", err)
	}
	defer rows.Close()
	all := map[int64][]aims.DatasetCheck{}
	for rows.Next() {
		c, err := scanDatasetCheck(rows)
		if err != nil {
			return nil, err
		}
		all[c.DatasetID] = append(all[c.DatasetID], c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for id, checks := range all {
		i, ok := at[id]
		if !ok {
			continue
		}
		out[i].Latest = aims.LatestChecks(checks)
		for _, c := range out[i].Latest {
			if c.Result == aims.CheckFail {
				out[i].Failing++
			}
		}
	}
	return out, nil
}
