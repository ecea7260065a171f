package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// The Statement of Applicability (6.1.3 d) and its custom controls.
//
// Which table owns which field of an SoA row, so that nothing is typed
// twice:
//
//	Annex A control: gap_entries owns applicability (status not-applicable
//	  means excluded), implementation status, justification and owner;
//	  gap_links and evidence attached to the requirement are its evidence;
//	  soa_entries owns only the coded reason.
//	Custom control: custom_controls owns every field; evidence attached to
//	  the custom control is its evidence.
//	Risks that call for a control: the risk slice's risk_controls, read
//	  through chosenControls (the one seam).
//
// An edit of an Annex A row through the SoA writes the gap entry (and its
// gap audit event) and the reason (an soa audit event) in one transaction.

// customControls is the custom controls' table.
var customControls = table{name: "custom_controls", register: aims.RegisterCustomControls, prefix: "CC-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived"}}

// soaVersions is the approved versions' table, for the gap analysis's
// supporter: its references read "SoA v3".
var soaVersions = table{name: "soa_versions", register: aims.RegisterSoAVersions, prefix: "SoA v"}

// soaSupport: the latest approved version of the SoA, approved on or before
// the day, is the SoA in force and supports 6.1.3.
var soaSupport = supporter{t: soaVersions, query: `
	SELECT '6.1.3' AS requirement_id, v.id, v.number, 'Statement of Applicability' AS title FROM soa_versions v
	WHERE v.org_id = $1 AND v.approved_on <= $2 AND v.number = (SELECT max(w.number) FROM soa_versions w
		WHERE w.org_id = $1 AND w.approved_on <= $2)`}

// chosenControls returns the controls chosen in a risk treatment, each with
// the references of the live risks whose treatment chose it: the one seam
// between the SoA and the risk register. A chosen control cannot be
// excluded (checkNotExcluded), and the SoA shows the risks that call for
// each control. It reads in the caller's transaction, so a check made while
// writing sees the treatments as they are at that moment.
func (s *Store) chosenControls(ctx context.Context, q querier, orgID int64) (map[string][]string, error) {
	rows, err := s.query(ctx, q, `SELECT c.control_ref, r.number FROM risk_controls c
		JOIN risks r ON r.org_id = c.org_id AND r.id = c.risk_id
		WHERE c.org_id = $1 AND NOT r.archived AND r.status <> 'closed' ORDER BY c.control_ref, r.number`, orgID)
	if err != nil {
		return nil, fmt.Errorf("chosen controls: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var ref string
		var n int64
		if err := rows.Scan(&ref, &n); err != nil {
			return nil, err
		}
		out[ref] = append(out[ref], risks.ref(n))
	}
	return out, rows.Err()
}

// lockedChosenControls takes the organization's lock, then reads the chosen
// controls: a write that excludes a control and a risk treatment that
// chooses it are serialized, so neither can slip past the other's check.
func (s *Store) lockedChosenControls(ctx context.Context, tx *sql.Tx, orgID int64) (map[string][]string, error) {
	if err := s.lockOrganization(ctx, tx, orgID); err != nil {
		return nil, err
	}
	return s.chosenControls(ctx, tx, orgID)
}

// checkNotExcluded refuses to exclude a control a risk treatment chose:
// "a control chosen in a risk treatment cannot be excluded" (6.1.3).
func checkNotExcluded(chosen map[string][]string, ref string, applicable bool) error {
	if risks := chosen[ref]; !applicable && len(risks) > 0 {
		return aims.Invalid("applicable", "cannot be excluded: the treatment of "+strings.Join(risks, ", ")+" chose this control")
	}
	return nil
}

// Custom controls.

var customControlFields = columns{"title", "description", "objective", "owner_id", "applicable", "reason", "justification", "status", "search"}

func customControlValues(c aims.CustomControl) []any {
	return []any{c.Title, c.Description, c.Objective, nullID(c.OwnerID), c.Applicable, string(c.Reason), c.Justification,
		string(c.Status), customControlSearch(c)}
}

const customControlColumns = `c.id, c.number, c.version, c.title, c.description, c.objective, c.owner_id, COALESCE(u.name, ''),
	c.applicable, c.reason, c.justification, c.status, c.archived, c.created_at, c.updated_at`

const customControlFrom = ` FROM custom_controls c LEFT JOIN users u ON u.id = c.owner_id`

func scanCustomControl(sc scanner) (aims.CustomControl, error) {
	var c aims.CustomControl
	var number int64
	var owner sql.NullInt64
	err := sc.Scan(&c.ID, &number, &c.Version, &c.Title, &c.Description, &c.Objective, &owner, &c.OwnerName,
		&c.Applicable, &c.Reason, &c.Justification, &c.Status, &c.Archived, &c.CreatedAt, &c.UpdatedAt)
	c.Ref, c.OwnerID = customControls.ref(number), owner.Int64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.Supplements = []string{}
	return c, err
}

func customControlSearch(c aims.CustomControl) string {
	return searchText(c.Ref, c.Title, c.Description, c.Objective, c.OwnerName, c.Justification, strings.Join(c.Supplements, " "))
}

// CustomControl reads one custom control of an organization.
func (s *Store) CustomControl(ctx context.Context, orgID, id int64) (aims.CustomControl, error) {
	return s.customControl(ctx, s.r, orgID, id)
}

func (s *Store) customControl(ctx context.Context, q querier, orgID, id int64) (aims.CustomControl, error) {
	c, err := scanCustomControl(s.queryRow(ctx, q, `SELECT `+customControlColumns+customControlFrom+` WHERE c.org_id = $1 AND c.id = $2`, orgID, id))
	if err != nil {
		return c, notFound(err, "custom control")
	}
	sup, err := s.supplements(ctx, q, orgID, id)
	c.Supplements = sup[id]
	if c.Supplements == nil {
		c.Supplements = []string{}
	}
	return c, err
}

// supplements reads the Annex A controls custom controls supplement: of
// one control, or of all the organization's (id 0).
func (s *Store) supplements(ctx context.Context, q querier, orgID, id int64) (map[int64][]string, error) {
	rows, err := s.query(ctx, q, `SELECT control_id, annex_ref FROM custom_control_supplements
		WHERE org_id = $1 AND ($2 = 0 OR control_id = $2) ORDER BY control_id, annex_ref`, orgID, id)
	if err != nil {
		return nil, fmt.Errorf("custom control supplements: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var cid int64
		var ref string
		if err := rows.Scan(&cid, &ref); err != nil {
			return nil, err
		}
		out[cid] = append(out[cid], ref)
	}
	for _, refs := range out {
		sortControlRefs(refs)
	}
	return out, rows.Err()
}

// sortControlRefs orders Annex A IDs as the standard does: A.6.2.10 after A.6.2.9.
func sortControlRefs(refs []string) {
	sort.SliceStable(refs, func(i, j int) bool { return controlRefLess(refs[i], refs[j]) })
}

func controlRefLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "A."), "."), strings.Split(strings.TrimPrefix(b, "A."), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea != nil || eb != nil {
			if pa[i] != pb[i] {
				return pa[i] < pb[i]
			}
			continue
		}
		if na != nb {
			return na < nb
		}
	}
	return len(pa) < len(pb)
}

var customControlSort = map[string]string{
	"":           "c.number, c.id",
	"ref":        "c.number, c.id",
	"title":      "c.title, c.id",
	"status":     "c.status, c.number, c.id",
	"updated_at": "c.updated_at, c.id",
}

// CustomControls lists one page of an organization's custom controls.
func (s *Store) CustomControls(ctx context.Context, orgID int64, f aims.CustomControlFilter) (aims.Page[aims.CustomControl], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.CustomControl]{Items: []aims.CustomControl{}}, err
	}
	order := customControlSort[f.Sort]
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	q, err := s.customControlQuery(ctx, orgID, f, order)
	if err != nil {
		return aims.Page[aims.CustomControl]{Items: []aims.CustomControl{}}, err
	}
	page, err := list(ctx, s, q, scanCustomControl)
	if err != nil || len(page.Items) == 0 {
		return page, err
	}
	sup, err := s.supplements(ctx, s.r, orgID, 0)
	for i, c := range page.Items {
		if refs := sup[c.ID]; refs != nil {
			page.Items[i].Supplements = refs
		}
	}
	return page, err
}

// EachCustomControl calls fn for every custom control matching the filter,
// for exports.
func (s *Store) EachCustomControl(ctx context.Context, orgID int64, f aims.CustomControlFilter, fn func(aims.CustomControl) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.customControlQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	sup, err := s.supplements(ctx, s.r, orgID, 0)
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanCustomControl, func(c aims.CustomControl) int64 { return c.ID }, func(c aims.CustomControl) error {
		if refs := sup[c.ID]; refs != nil {
			c.Supplements = refs
		}
		return fn(c)
	})
}

func (s *Store) customControlQuery(ctx context.Context, orgID int64, f aims.CustomControlFilter, order string) (listQuery, error) {
	w := newFilter("c", orgID, f.Archived)
	if f.Status != "" {
		w.and("c.status = ?", string(f.Status))
	}
	if f.OwnerID != 0 {
		w.and("c.owner_id = ?", f.OwnerID)
	}
	total, err := s.search(ctx, w, customControls, "c", f.Q)
	return listQuery{alias: "c", table: customControls.name, columns: customControlColumns, from: customControlFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func (s *Store) replaceSupplements(ctx context.Context, tx *sql.Tx, orgID int64, c aims.CustomControl) error {
	if _, err := s.exec(ctx, tx, `DELETE FROM custom_control_supplements WHERE org_id = $1 AND control_id = $2`, orgID, c.ID); err != nil {
		return fmt.Errorf("replace supplements: %w", err)
	}
	for _, ref := range c.Supplements {
		if _, err := s.exec(ctx, tx, `INSERT INTO custom_control_supplements (org_id, control_id, annex_ref) VALUES ($1, $2, $3)`,
			orgID, c.ID, ref); err != nil {
			return fmt.Errorf("insert supplement: %w", err)
		}
	}
	return nil
}

// CreateCustomControl records a custom control, numbered CC-n.
func (s *Store) CreateCustomControl(ctx context.Context, p aims.Principal, c aims.CustomControl) (aims.CustomControl, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	sortControlRefs(c.Supplements)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, customControls)
		if err != nil {
			return err
		}
		now := s.timestamp()
		c.Ref, c.Version, c.Archived, c.CreatedAt, c.UpdatedAt = customControls.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO custom_controls (org_id, number, version, archived, created_at, updated_at, `+
			customControlFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+customControlFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, customControlValues(c)...)...).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert custom control: %w", err)
		}
		if err := s.replaceSupplements(ctx, tx, p.OrgID, c); err != nil {
			return err
		}
		changes, err := customControls.diff(nil, c)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, customControls.register, strconv.FormatInt(c.ID, 10), aims.ActionCreate, changes)
	})
	return c, err
}

// UpdateCustomControl saves an edited custom control at the version its
// editor read. It cannot exclude a control a risk treatment chose.
func (s *Store) UpdateCustomControl(ctx context.Context, p aims.Principal, c aims.CustomControl) (aims.CustomControl, error) {
	var after aims.CustomControl
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.customControl(ctx, tx, p.OrgID, c.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		sortControlRefs(c.Supplements)
		chosen, err := s.lockedChosenControls(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		if err := checkNotExcluded(chosen, before.Ref, c.Applicable); err != nil {
			return err
		}
		if c.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, c.OwnerID, "owner_id"); err != nil {
			return err
		}
		c.Ref, c.Archived, c.CreatedAt, c.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := customControls.diff(before, c)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(c.Version != before.Version)
		}
		c.UpdatedAt = s.timestamp()
		values := append(customControlValues(c), c.UpdatedAt)
		if err := s.update(ctx, tx, customControls, p.OrgID, c.ID, c.Version,
			customControlFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		if err := s.replaceSupplements(ctx, tx, p.OrgID, c); err != nil {
			return err
		}
		after = c
		after.Version++
		return s.record(ctx, tx, p, customControls.register, strconv.FormatInt(c.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetCustomControlArchived archives or restores a custom control; an
// archived control leaves the SoA's draft.
func (s *Store) SetCustomControlArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.CustomControl, error) {
	var c aims.CustomControl
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.customControl(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		if archived && !c.Archived {
			chosen, err := s.lockedChosenControls(ctx, tx, p.OrgID)
			if err != nil {
				return err
			}
			if risks := chosen[c.Ref]; len(risks) > 0 {
				return aims.Invalid("archived", "cannot be archived: the treatment of "+strings.Join(risks, ", ")+" chose this control")
			}
		}
		changed, at, err := s.setArchived(ctx, tx, p, customControls, id, c.Version, version, c.Archived, archived)
		if changed {
			c.Archived, c.Version, c.UpdatedAt = archived, c.Version+1, at
		}
		return err
	})
	return c, err
}

// The SoA's draft: what the registers hold now.

// SoA builds the current draft of the Statement of Applicability: a row for
// each Annex A control (controls, from the catalog, in the standard's
// order) and for each live custom control. Six queries, whatever the size.
func (s *Store) SoA(ctx context.Context, orgID int64, controls []aims.SoAControl) ([]aims.SoARow, error) {
	return s.soaRows(ctx, s.r, orgID, controls)
}

// SoARow reads one row of the draft by the control's reference: an Annex A
// control of controls or a live custom control ("CC-3").
func (s *Store) SoARow(ctx context.Context, orgID int64, controls []aims.SoAControl, ref string) (aims.SoARow, error) {
	rows, err := s.soaRows(ctx, s.r, orgID, controls)
	if err != nil {
		return aims.SoARow{}, err
	}
	for _, r := range rows {
		if r.Ref == ref {
			return r, nil
		}
	}
	return aims.SoARow{}, fmt.Errorf("SoA row %q: %w", ref, aims.ErrNotFound)
}

func (s *Store) soaRows(ctx context.Context, q querier, orgID int64, controls []aims.SoAControl) ([]aims.SoARow, error) {
	gaps, err := s.gapEntries(ctx, q, orgID, "")
	if err != nil {
		return nil, err
	}
	reasons, err := s.soaReasons(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	chosen, err := s.chosenControls(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	evidence, err := s.soaEvidence(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]aims.SoARow, 0, len(controls)+16)
	for _, c := range controls {
		g := entryOrNew(gaps, c.Ref)
		r := aims.SoARow{Kind: aims.SoAKindAnnexA, Ref: c.Ref, Title: c.Title, Applicable: g.Status != aims.GapNotApplicable,
			Justification: g.Justification, Status: g.Status, OwnerID: g.OwnerID, OwnerName: g.OwnerName,
			Version: g.Version, Risks: orEmpty(chosen[c.Ref]), Evidence: []string{}}
		if rs, ok := reasons[c.Ref]; ok {
			r.Reason = rs.reason
			r.Version += rs.version
		}
		if !r.Applicable && r.Reason == "" { // excluded in the gap analysis: the one reason there is
			r.Reason = aims.ReasonNotNeeded
		}
		for _, l := range g.Links {
			title := l.Title
			if l.AISystemRef != "" {
				title = l.AISystemRef + " " + l.Title
			} else if l.URL != "" && title == "" {
				title = l.URL
			}
			r.Evidence = append(r.Evidence, title)
		}
		r.Evidence = append(r.Evidence, evidence[aims.RegisterGap+" "+c.Ref]...)
		out = append(out, r)
	}
	rows, err := s.query(ctx, q, `SELECT `+customControlColumns+customControlFrom+` WHERE c.org_id = $1 AND c.archived = $2
		ORDER BY c.number`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("SoA custom controls: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCustomControl(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, aims.SoARow{Kind: aims.SoAKindCustom, Ref: c.Ref, ID: c.ID, Title: c.Title, Applicable: c.Applicable,
			Reason: c.Reason, Justification: c.Justification, Status: c.Status, OwnerID: c.OwnerID, OwnerName: c.OwnerName,
			Version: c.Version, Risks: orEmpty(chosen[c.Ref]),
			Evidence: orEmpty(evidence[aims.RegisterCustomControls+" "+strconv.FormatInt(c.ID, 10)])})
	}
	return out, rows.Err()
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type soaReason struct {
	reason  aims.SoAReason
	version int
}

func (s *Store) soaReasons(ctx context.Context, q querier, orgID int64) (map[string]soaReason, error) {
	rows, err := s.query(ctx, q, `SELECT control_ref, reason, version FROM soa_entries WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("SoA reasons: %w", err)
	}
	defer rows.Close()
	out := map[string]soaReason{}
	for rows.Next() {
		var ref string
		var r soaReason
		if err := rows.Scan(&ref, &r.reason, &r.version); err != nil {
			return nil, err
		}
		out[ref] = r
	}
	return out, rows.Err()
}

// soaEvidence reads the live evidence attached to Annex A controls (the
// gap analysis's requirements) and to custom controls, keyed "register
// record_id", each as "EV-12 Title".
func (s *Store) soaEvidence(ctx context.Context, q querier, orgID int64) (map[string][]string, error) {
	rows, err := s.query(ctx, q, `SELECT a.register, a.record_id, e.number, e.title FROM evidence_attachments a
		JOIN evidence e ON e.org_id = a.org_id AND e.id = a.evidence_id
		WHERE a.org_id = $1 AND a.register IN ($2, $3) AND e.archived = $4 ORDER BY e.number`,
		orgID, aims.RegisterGap, aims.RegisterCustomControls, false)
	if err != nil {
		return nil, fmt.Errorf("SoA evidence: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var reg, rec, title string
		var number int64
		if err := rows.Scan(&reg, &rec, &number, &title); err != nil {
			return nil, err
		}
		out[reg+" "+rec] = append(out[reg+" "+rec], evidenceTable.ref(number)+" "+title)
	}
	return out, rows.Err()
}

// gapMetaForSoA are the fields of a gap entry the SoA does not edit, kept
// out of the gap event it records: the edit leaves them as they are.
var gapMetaForSoA = append(append([]string{}, gapMeta...), "target_date", "notes", "links")

// UpdateSoARow saves an edit of an Annex A control's row: the gap entry's
// applicability, status, justification and owner, and the SoA's reason, in
// one transaction, each with its audit event (gap and soa). e.Version is
// the row's version read (the sum of both); each half is then written by a
// versioned statement, so concurrent editors cannot both succeed. A custom control's row is the custom control:
// UpdateCustomControl. An unknown control is not found.
func (s *Store) UpdateSoARow(ctx context.Context, p aims.Principal, controls []aims.SoAControl, e aims.SoAEdit) (aims.SoARow, error) {
	var control *aims.SoAControl
	for i := range controls {
		if controls[i].Ref == e.Ref {
			control = &controls[i]
		}
	}
	if control == nil {
		return aims.SoARow{}, fmt.Errorf("Annex A control %q: %w", e.Ref, aims.ErrNotFound)
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return aims.SoARow{}, err
	}
	var row aims.SoARow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		chosen, err := s.lockedChosenControls(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		if err := checkNotExcluded(chosen, e.Ref, e.Applicable); err != nil {
			return err
		}
		m, err := s.gapEntries(ctx, tx, p.OrgID, e.Ref)
		if err != nil {
			return err
		}
		before := entryOrNew(m, e.Ref)
		reason, reasonVersion, err := s.soaReason(ctx, tx, p.OrgID, e.Ref)
		if err != nil {
			return err
		}
		if e.Version != before.Version+reasonVersion {
			return aims.ErrConflict
		}
		g := before
		g.Status, g.Justification, g.OwnerID = e.Status, e.Justification, e.OwnerID
		if err := g.Validate(); err != nil {
			return err
		}
		if g.OwnerName, err = s.checkOwner(ctx, tx, p.OrgID, g.OwnerID, "owner_id"); err != nil {
			return err
		}
		if err := s.writeGapFields(ctx, tx, p, before, g); err != nil {
			return err
		}
		if err := s.writeSoAReason(ctx, tx, p, e.Ref, reason, e.Reason, reasonVersion); err != nil {
			return err
		}
		rows, err := s.soaRows(ctx, tx, p.OrgID, []aims.SoAControl{*control})
		if err != nil {
			return err
		}
		row = rows[0]
		return nil
	})
	return row, err
}

// writeGapFields writes the fields of a gap entry the SoA edits (status,
// justification, owner), leaving its target date, notes and links as they
// are, at the version read (0 creates the entry), with a gap audit event.
func (s *Store) writeGapFields(ctx context.Context, tx *sql.Tx, p aims.Principal, before, after aims.GapEntry) error {
	changes, err := aims.Diff(before, after, gapMetaForSoA...)
	if err != nil || len(changes) == 0 {
		return err
	}
	version := before.Version
	now := s.timestamp()
	values := []any{after.Status, after.Justification, nullID(after.OwnerID), now, p.Actor()}
	set := columns{"status", "justification", "owner_id", "updated_at", "updated_by"}
	if version == 0 {
		res, err := s.exec(ctx, tx, `INSERT INTO gap_entries (org_id, requirement_id, version, target_date, notes, `+set.String()+`)
			VALUES ($1, $2, 1, NULL, '', `+set.values(3)+`) ON CONFLICT (org_id, requirement_id) DO NOTHING`,
			append([]any{p.OrgID, after.RequirementID}, values...)...)
		if err != nil {
			return fmt.Errorf("save gap entry %s: %w", after.RequirementID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return aims.ErrConflict
		}
	} else if err := s.versioned(ctx, tx, "gap_entries", "requirement_id", set.set(1), p.OrgID, after.RequirementID, version, values...); err != nil {
		return err
	}
	return s.record(ctx, tx, p, aims.RegisterGap, after.RequirementID, aims.ActionUpdate, changes)
}

// soaReason reads an Annex A row's reason and its version (0: none yet).
func (s *Store) soaReason(ctx context.Context, q querier, orgID int64, ref string) (aims.SoAReason, int, error) {
	var r aims.SoAReason
	var v int
	err := s.queryRow(ctx, q, `SELECT reason, version FROM soa_entries WHERE org_id = $1 AND control_ref = $2`, orgID, ref).Scan(&r, &v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, v, fmt.Errorf("SoA reason %s: %w", ref, err)
	}
	return r, v, nil
}

// writeSoAReason writes an Annex A row's coded reason over old, read at
// version (0 creates it), with an soa audit event.
func (s *Store) writeSoAReason(ctx context.Context, tx *sql.Tx, p aims.Principal, ref string, old, reason aims.SoAReason, version int) error {
	if old == reason {
		return nil
	}
	now := s.timestamp()
	if version == 0 {
		res, err := s.exec(ctx, tx, `INSERT INTO soa_entries (org_id, control_ref, version, reason, updated_at, updated_by)
			VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (org_id, control_ref) DO NOTHING`, p.OrgID, ref, string(reason), now, p.Actor())
		if err != nil {
			return fmt.Errorf("save SoA reason %s: %w", ref, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return aims.ErrConflict
		}
	} else if err := s.versioned(ctx, tx, "soa_entries", "control_ref", `reason = $1, updated_at = $2, updated_by = $3`,
		p.OrgID, ref, version, string(reason), now, p.Actor()); err != nil {
		return err
	}
	o, _ := json.Marshal(string(old))
	n, _ := json.Marshal(string(reason))
	return s.record(ctx, tx, p, aims.RegisterSoA, ref, aims.ActionUpdate, []aims.Change{{Field: "reason", Old: o, New: n}})
}

// Approved versions.

// approvedVersionColumns are the columns soa_versions and
// risk_plan_versions share (alias v), in scanApprovedVersion's order.
const approvedVersionColumns = `v.id, v.number, v.row_count, COALESCE(v.approver_id, 0), v.approver_name, v.designation_ref,
	v.designation_position, v.designation_body, v.approved_on, v.approved_at, v.note`

func scanApprovedVersion(sc scanner) (aims.ApprovedVersion, error) {
	var v aims.ApprovedVersion
	var on sql.NullTime
	err := sc.Scan(&v.ID, &v.Number, &v.RowCount, &v.ApproverID, &v.ApproverName, &v.DesignationRef,
		&v.DesignationPosition, &v.DesignationBody, &on, &v.ApprovedAt, &v.Note)
	v.ApprovedOn, v.ApprovedAt = dateOf(on), v.ApprovedAt.UTC()
	return v, err
}

func scanSoAVersion(sc scanner) (aims.SoAVersion, error) {
	v, err := scanApprovedVersion(sc)
	return aims.SoAVersion{ApprovedVersion: v}, err
}

// SoAVersions lists an organization's approved versions, newest first.
func (s *Store) SoAVersions(ctx context.Context, orgID int64) ([]aims.SoAVersion, error) {
	rows, err := s.query(ctx, s.r, `SELECT `+approvedVersionColumns+` FROM soa_versions v WHERE v.org_id = $1 ORDER BY v.number DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("SoA versions: %w", err)
	}
	defer rows.Close()
	out := []aims.SoAVersion{}
	for rows.Next() {
		v, err := scanSoAVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SoAVersion reads one approved version with its rows.
func (s *Store) SoAVersion(ctx context.Context, orgID, id int64) (aims.SoAVersion, error) {
	v, err := scanSoAVersion(s.queryRow(ctx, s.r, `SELECT `+approvedVersionColumns+` FROM soa_versions v WHERE v.org_id = $1 AND v.id = $2`, orgID, id))
	if err != nil {
		return v, notFound(err, "SoA version")
	}
	rows, err := s.query(ctx, s.r, `SELECT kind, control_ref, title, applicable, reason, justification, status, owner_name, risks, evidence
		FROM soa_version_rows WHERE org_id = $1 AND version_id = $2 ORDER BY position`, orgID, id)
	if err != nil {
		return v, fmt.Errorf("SoA version rows: %w", err)
	}
	defer rows.Close()
	v.Rows = []aims.SoARow{}
	for rows.Next() {
		var r aims.SoARow
		var risks, evidence string
		if err := rows.Scan(&r.Kind, &r.Ref, &r.Title, &r.Applicable, &r.Reason, &r.Justification, &r.Status, &r.OwnerName, &risks, &evidence); err != nil {
			return v, err
		}
		r.Risks, r.Evidence = splitLines(risks), splitLines(evidence)
		v.Rows = append(v.Rows, r)
	}
	return v, rows.Err()
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// SoAProblems is why an SoA could not be approved: the rows that are not
// consistent, each with what is wrong.
type SoAProblems map[string][]string

// ApproveSoA approves the current draft as the next numbered version. The
// approver must hold, today, a designation that covers aims.ApproveSoA
// (checked by approver, which takes the organization's lock first, so two
// approvals at once are numbered one after the other); every row must be
// consistent (aims.SoARow.Problems), read in the same transaction. The
// version and its rows are frozen by triggers from then on.
func (s *Store) ApproveSoA(ctx context.Context, p aims.Principal, controls []aims.SoAControl, a aims.SoAApproval) (aims.SoAVersion, error) {
	if err := a.Validate(); err != nil {
		return aims.SoAVersion{}, err
	}
	var v aims.SoAVersion
	err := s.tx(ctx, func(tx *sql.Tx) error {
		today := s.today()
		d, err := s.approver(ctx, tx, p.OrgID, p.UserID, aims.ApproveSoA, aims.LimitNone, today, "approver")
		if err != nil {
			return err
		}
		rows, err := s.soaRows(ctx, tx, p.OrgID, controls)
		if err != nil {
			return err
		}
		var problems []string
		for _, r := range rows {
			for _, pr := range r.Problems() {
				problems = append(problems, r.Ref+": "+pr)
			}
		}
		if len(problems) > 0 {
			const shown = 10
			msg := strings.Join(problems[:min(len(problems), shown)], "; ")
			if len(problems) > shown {
				msg += fmt.Sprintf("; and %d more", len(problems)-shown)
			}
			return aims.Invalid("rows", "the SoA is not consistent: "+msg)
		}
		if err := s.queryRow(ctx, tx, `SELECT COALESCE(max(number), 0) + 1 FROM soa_versions WHERE org_id = $1`, p.OrgID).Scan(&v.Number); err != nil {
			return fmt.Errorf("next SoA version: %w", err)
		}
		v.ApproverID, v.ApproverName = p.UserID, d.UserName
		v.DesignationRef, v.DesignationPosition, v.DesignationBody = d.Ref, d.Position, d.Body
		v.ApprovedOn, v.ApprovedAt, v.Note, v.RowCount, v.Rows = today, s.timestamp(), a.Note, len(rows), rows
		err = s.queryRow(ctx, tx, `INSERT INTO soa_versions (org_id, number, row_count, approver_id, approver_name, designation_ref,
			designation_position, designation_body, approved_on, approved_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`, p.OrgID, v.Number, v.RowCount, p.UserID, v.ApproverName, v.DesignationRef, v.DesignationPosition,
			string(v.DesignationBody), today.String(), v.ApprovedAt, v.Note).Scan(&v.ID)
		if err != nil {
			return fmt.Errorf("insert SoA version: %w", err)
		}
		for i, r := range rows {
			if _, err := s.exec(ctx, tx, `INSERT INTO soa_version_rows (org_id, version_id, position, control_ref, kind, title, applicable,
				reason, justification, status, owner_name, risks, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
				p.OrgID, v.ID, i, r.Ref, r.Kind, r.Title, r.Applicable, string(r.Reason), r.Justification, string(r.Status), r.OwnerName,
				strings.Join(r.Risks, "\n"), strings.Join(r.Evidence, "\n")); err != nil {
				return fmt.Errorf("insert SoA version row: %w", err)
			}
		}
		change := func(field string, val any) aims.Change {
			b, _ := json.Marshal(val)
			return aims.Change{Field: field, Old: json.RawMessage("null"), New: b}
		}
		return s.record(ctx, tx, p, aims.RegisterSoAVersions, strconv.FormatInt(v.ID, 10), aims.ActionCreate, []aims.Change{
			change("number", v.Number), change("approver", v.ApproverName),
			change("designation", v.DesignationRef+" "+v.DesignationPosition), change("approved_on", today.String()),
			change("rows", v.RowCount), change("note", v.Note)})
	})
	return v, err
}
