package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// AI incidents (A.8.4): the plan for communicating incidents
// (incident_plans) and the incident register (ai_incidents) with its
// communication log (ai_incident_messages). Logging a message or the
// report to the authority is an update of the incident (its count, its
// report fields), so the incident's version orders them and its history
// shows each.

var incidents = table{name: "ai_incidents", register: aims.RegisterIncidents, prefix: "INC-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "ai_system_name", "owner_name",
		"ai_system_risk_class", "ai_system_eu_role", "eu_duty"}}

var incidentPlans = table{name: "incident_plans", register: aims.RegisterIncidentPlans, prefix: "ICP-",
	meta: []string{"id", "ref", "version", "created_at", "updated_at", "archived", "responsible_name", "document_ref", "document_title"}}

// incidentPlanSupport: a live row of the plan supports A.8.4 (the plan
// exists); incidentSupport: an incident handled (resolved or closed) with
// at least one communication logged supports it too (the plan runs).
var incidentPlanSupport = supporter{t: incidentPlans, query: `
	SELECT 'A.8.4' AS requirement_id, id, number, incident_kind AS title FROM incident_plans
	WHERE org_id = $1 AND NOT archived`}

var incidentSupport = supporter{t: incidents, query: `
	SELECT 'A.8.4' AS requirement_id, id, number, title FROM ai_incidents
	WHERE org_id = $1 AND NOT archived AND messages > 0 AND status IN ('resolved', 'closed')`}

// The EU AI Act duty of a serious incident (aims.DecideIncidentDuty) in
// SQL, for the due work and the list's "pending" filter: the decision is
// not written again here but tabulated from the Go function over every
// risk class, operator role and kind of serious incident (incidentDutyIs),
// and read live from the incident's AI system, so a system classified or
// given its roles later moves its incidents' due work at once.

// incidentDueFrom joins the incident's AI system for its class and roles.
const incidentDueFrom = ` FROM ai_incidents m LEFT JOIN ai_systems a ON a.org_id = m.org_id AND a.id = m.ai_system_id`

// incidentReportDue: the report to the market surveillance authority (Art.
// 73) where that is the organization's duty, until it is logged.
var incidentReportDue = dueSource(`SELECT m.org_id, 'ai-incidents', CAST(m.id AS TEXT), 'INC-' || m.number, m.title,
	'Serious incident report to the authority (EU AI Act Art. 73)', CAST(m.report_due AS TEXT), m.owner_id` + incidentDueFrom + `
	WHERE NOT m.archived AND m.report_due IS NOT NULL AND m.authority_reported_on IS NULL AND ` + incidentDutyIs(aims.DutyReportAuthority))

// incidentInformDue: informing the provider (Art. 26(5)), due the day of
// awareness, until a communication to the provider is logged.
var incidentInformDue = dueSource(`SELECT m.org_id, 'ai-incidents', CAST(m.id AS TEXT), 'INC-' || m.number, m.title,
	'Inform the provider of the serious incident (EU AI Act Art. 26(5))', CAST(m.aware_on AS TEXT), m.owner_id` + incidentDueFrom + `
	WHERE NOT m.archived AND m.aware_on IS NOT NULL AND m.provider_informed_on IS NULL AND ` + incidentDutyIs(aims.DutyInformProvider))

// incidentPendingSQL: the incident's duty is still to be met.
var incidentPendingSQL = `((m.report_due IS NOT NULL AND m.authority_reported_on IS NULL AND ` + incidentDutyIs(aims.DutyReportAuthority) +
	`) OR (m.aware_on IS NOT NULL AND m.provider_informed_on IS NULL AND ` + incidentDutyIs(aims.DutyInformProvider) + `))`

// euRoleSQL is aims.EURoleOf over the stored roles (comma-separated) and
// the stored EU AI Act answers (JSON as encoding/json writes it) of the
// AI system aliased a; ” without a system.
func euRoleSQL(a string) string {
	has := func(roles []aims.AIRole) string {
		parts := make([]string, len(roles))
		for n, r := range roles {
			parts[n] = `(',' || ` + a + `.roles || ',') LIKE '%,` + string(r) + `,%'`
		}
		return strings.Join(parts, " OR ")
	}
	return `(CASE WHEN ` + has(aims.EUProviderRoles) + ` OR ` + a + `.eu_ai_act LIKE '%"becomes_provider":true%' THEN '` +
		string(aims.EURoleProvider) + `' WHEN ` + has(aims.EUDeployerRoles) + ` THEN '` + string(aims.EURoleDeployer) + `' ELSE '' END)`
}

// incidentDutyIs is the condition, on ai_incidents m joined with its AI
// system a, that the incident's duty is kind: the (class, role, serious
// kind) triples for which aims.DecideIncidentDuty decides it. The due day
// the SQL reads (report_due for the report, aware_on for informing the
// provider) is checked against the decision here, once, at start.
func incidentDutyIs(kind aims.IncidentDutyKind) string {
	aware, _ := aims.ParseDate("2026-01-01")
	var triples []string
	for _, class := range append([]aims.RiskClass{""}, aims.RiskClasses...) {
		for _, role := range aims.EURoles {
			for _, k := range aims.SeriousKinds {
				d := aims.DecideIncidentDuty(aims.IncidentDutyCase{Serious: true, Kind: k, AwareOn: aware,
					HasSystem: class != "", Class: class, Role: role})
				if d.Kind != kind {
					continue
				}
				if (kind == aims.DutyReportAuthority && d.Due != aims.ReportDeadline(aware, k)) ||
					(kind == aims.DutyInformProvider && d.Due != aware) {
					panic("incident duty " + string(kind) + " due on a day the due work cannot read")
				}
				triples = append(triples, `'`+string(class)+`/`+string(role)+`/`+string(k)+`'`)
			}
		}
	}
	if len(triples) == 0 {
		return `m.serious AND 1 = 0`
	}
	return `m.serious AND (COALESCE(a.risk_class, '') || '/' || ` + euRoleSQL("a") + ` || '/' || m.serious_kind) IN (` +
		strings.Join(triples, ", ") + `)`
}

// checkDocument makes sure a linked document is the organization's and
// answers its reference and title.
func (s *Store) checkDocument(ctx context.Context, tx *sql.Tx, orgID, id int64, field string) (string, string, error) {
	if id == 0 {
		return "", "", nil
	}
	var number int64
	var title string
	err := s.queryRow(ctx, tx, `SELECT number, title FROM documents WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&number, &title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", aims.Invalid(field, "is not a document of this organization")
	}
	return documents.ref(number), title, err
}

// ---- The plan for communicating incidents ----

var incidentPlanFields = columns{"incident_kind", "min_severity", "audience", "channel", "within_hours", "responsible_id",
	"document_id", "notes", "search"}

func incidentPlanValues(p aims.IncidentPlan) []any {
	return []any{p.IncidentKind, p.MinSeverity, p.Audience, p.Channel, p.WithinHours, nullID(p.ResponsibleID),
		nullID(p.DocumentID), p.Notes, incidentPlanSearch(p)}
}

const incidentPlanColumns = `m.id, m.number, m.version, m.incident_kind, m.min_severity, m.audience, m.channel, m.within_hours,
	m.responsible_id, COALESCE(u.name, ''), m.document_id, COALESCE(d.number, 0), COALESCE(d.title, ''), m.notes, m.archived,
	m.created_at, m.updated_at`

const incidentPlanFrom = ` FROM incident_plans m LEFT JOIN users u ON u.id = m.responsible_id
	LEFT JOIN documents d ON d.org_id = m.org_id AND d.id = m.document_id`

func scanIncidentPlan(sc scanner) (aims.IncidentPlan, error) {
	var p aims.IncidentPlan
	var number, docNumber int64
	var resp, doc sql.NullInt64
	err := sc.Scan(&p.ID, &number, &p.Version, &p.IncidentKind, &p.MinSeverity, &p.Audience, &p.Channel, &p.WithinHours,
		&resp, &p.ResponsibleName, &doc, &docNumber, &p.DocumentTitle, &p.Notes, &p.Archived, &p.CreatedAt, &p.UpdatedAt)
	p.Ref, p.ResponsibleID, p.DocumentID = incidentPlans.ref(number), resp.Int64, doc.Int64
	if doc.Valid {
		p.DocumentRef = documents.ref(docNumber)
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// IncidentPlan reads one row of the plan.
func (s *Store) IncidentPlan(ctx context.Context, orgID, id int64) (aims.IncidentPlan, error) {
	return s.incidentPlan(ctx, s.r, orgID, id)
}

func (s *Store) incidentPlan(ctx context.Context, q querier, orgID, id int64) (aims.IncidentPlan, error) {
	p, err := scanIncidentPlan(s.queryRow(ctx, q, `SELECT `+incidentPlanColumns+incidentPlanFrom+` WHERE m.org_id = $1 AND m.id = $2`, orgID, id))
	return p, notFound(err, "incident plan row")
}

var incidentPlanSort = map[string]string{
	"":              "m.within_hours, m.id",
	"within_hours":  "m.within_hours, m.id",
	"ref":           "m.number, m.id",
	"incident_kind": "m.incident_kind, m.id",
	"updated_at":    "m.updated_at, m.id",
}

// IncidentPlans lists one page of the plan, quickest first.
func (s *Store) IncidentPlans(ctx context.Context, orgID int64, f aims.IncidentPlanFilter) (aims.Page[aims.IncidentPlan], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.IncidentPlan]{Items: []aims.IncidentPlan{}}, err
	}
	q, err := s.incidentPlanQuery(ctx, orgID, f, descOrder(incidentPlanSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[aims.IncidentPlan]{Items: []aims.IncidentPlan{}}, err
	}
	return list(ctx, s, q, scanIncidentPlan)
}

// EachIncidentPlan calls fn for every plan row matching the filter.
func (s *Store) EachIncidentPlan(ctx context.Context, orgID int64, f aims.IncidentPlanFilter, fn func(aims.IncidentPlan) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.incidentPlanQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanIncidentPlan, func(p aims.IncidentPlan) int64 { return p.ID }, fn)
}

func (s *Store) incidentPlanQuery(ctx context.Context, orgID int64, f aims.IncidentPlanFilter, order string) (listQuery, error) {
	w := newFilter("m", orgID, f.Archived)
	if f.MinSeverity != "" {
		w.and("m.min_severity = ?", string(f.MinSeverity))
	}
	if f.ResponsibleID != 0 {
		w.and("m.responsible_id = ?", f.ResponsibleID)
	}
	total, err := s.search(ctx, w, incidentPlans, "m", f.Q)
	return listQuery{alias: "m", table: incidentPlans.name, columns: incidentPlanColumns, from: incidentPlanFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

// descOrder turns an ascending ORDER BY list into a descending one.
func descOrder(order string, desc bool) string {
	if !desc || order == "" {
		return order
	}
	parts := strings.Split(order, ", ")
	for i, p := range parts {
		switch {
		case strings.HasSuffix(p, " DESC"):
			parts[i] = strings.TrimSuffix(p, " DESC")
		case strings.HasSuffix(p, " IS NULL)"):
			// nulls stay last
		default:
			parts[i] = p + " DESC"
		}
	}
	return strings.Join(parts, ", ")
}

func incidentPlanSearch(p aims.IncidentPlan) string {
	return searchText(p.Ref, p.IncidentKind, p.Audience, p.Channel, p.ResponsibleName, p.DocumentRef, p.DocumentTitle, p.Notes)
}

func (s *Store) checkIncidentPlanLinks(ctx context.Context, tx *sql.Tx, orgID int64, p *aims.IncidentPlan) error {
	var err error
	if p.ResponsibleName, err = s.checkOwner(ctx, tx, orgID, p.ResponsibleID, "responsible_id"); err != nil {
		return err
	}
	p.DocumentRef, p.DocumentTitle, err = s.checkDocument(ctx, tx, orgID, p.DocumentID, "document_id")
	return err
}

// CreateIncidentPlan adds a row to the plan.
func (s *Store) CreateIncidentPlan(ctx context.Context, pr aims.Principal, p aims.IncidentPlan) (aims.IncidentPlan, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkIncidentPlanLinks(ctx, tx, pr.OrgID, &p); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, pr.OrgID, incidentPlans)
		if err != nil {
			return err
		}
		now := s.timestamp()
		p.Ref, p.Version, p.Archived, p.CreatedAt, p.UpdatedAt = incidentPlans.ref(number), 1, false, now, now
		err = s.queryRow(ctx, tx, `INSERT INTO incident_plans (org_id, number, version, archived, created_at, updated_at, `+
			incidentPlanFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, `+incidentPlanFields.values(5)+`) RETURNING id`,
			append([]any{pr.OrgID, number, false, now}, incidentPlanValues(p)...)...).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("insert incident plan row: %w", err)
		}
		changes, err := incidentPlans.diff(nil, p)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, pr, incidentPlans.register, strconv.FormatInt(p.ID, 10), aims.ActionCreate, changes)
	})
	return p, err
}

// UpdateIncidentPlan saves an edited plan row at the version read.
func (s *Store) UpdateIncidentPlan(ctx context.Context, pr aims.Principal, p aims.IncidentPlan) (aims.IncidentPlan, error) {
	var after aims.IncidentPlan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.incidentPlan(ctx, tx, pr.OrgID, p.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.checkIncidentPlanLinks(ctx, tx, pr.OrgID, &p); err != nil {
			return err
		}
		p.Ref, p.Archived, p.CreatedAt, p.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		changes, err := incidentPlans.diff(before, p)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(p.Version != before.Version)
		}
		p.UpdatedAt = s.timestamp()
		values := append(incidentPlanValues(p), p.UpdatedAt)
		if err := s.update(ctx, tx, incidentPlans, pr.OrgID, p.ID, p.Version,
			incidentPlanFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = p
		after.Version++
		return s.record(ctx, tx, pr, incidentPlans.register, strconv.FormatInt(p.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetIncidentPlanArchived takes a row out of the plan, or restores it.
func (s *Store) SetIncidentPlanArchived(ctx context.Context, pr aims.Principal, id int64, version int, archived bool) (aims.IncidentPlan, error) {
	var p aims.IncidentPlan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.incidentPlan(ctx, tx, pr.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, pr, incidentPlans, id, p.Version, version, p.Archived, archived)
		if changed {
			p.Archived, p.Version, p.UpdatedAt = archived, p.Version+1, at
		}
		return err
	})
	return p, err
}

// ---- The incident register ----

var incidentFields = columns{"ai_system_id", "title", "description", "detected_at", "reported_by", "severity", "harm_category",
	"people_affected", "affected_description", "status", "contained_on", "resolved_on", "closed_on", "root_cause", "actions",
	"owner_id", "serious", "serious_kind", "aware_on", "report_due", "search"}

func incidentValues(i aims.Incident) []any {
	return []any{nullID(i.AISystemID), i.Title, i.Description, i.DetectedAt, i.ReportedBy, i.Severity, i.Harm,
		i.PeopleAffected, i.AffectedDescription, i.Status, nullDate(i.ContainedOn), nullDate(i.ResolvedOn), nullDate(i.ClosedOn),
		i.RootCause, i.Actions, nullID(i.OwnerID), i.Serious, i.SeriousKind, nullDate(i.AwareOn), nullDate(i.ReportDue), incidentSearch(i)}
}

const incidentColumns = `m.id, m.number, m.version, m.ai_system_id, COALESCE(a.name, ''), m.title, m.description, m.detected_at,
	m.reported_by, m.severity, m.harm_category, m.people_affected, m.affected_description, m.status, m.contained_on, m.resolved_on,
	m.closed_on, m.root_cause, m.actions, m.owner_id, COALESCE(u.name, ''), m.serious, m.serious_kind, m.aware_on, m.report_due,
	m.authority_reported_on, m.authority_reference, m.messages, m.archived, m.created_at, m.updated_at, m.provider_informed_on,
	COALESCE(a.risk_class, ''), COALESCE(a.roles, ''), COALESCE(a.eu_ai_act, '')`

const incidentFrom = ` FROM ai_incidents m LEFT JOIN users u ON u.id = m.owner_id
	LEFT JOIN ai_systems a ON a.org_id = m.org_id AND a.id = m.ai_system_id`

func scanIncident(sc scanner) (aims.Incident, error) {
	var i aims.Incident
	var number int64
	var sys, owner sql.NullInt64
	var contained, resolved, closed, aware, due, reported, informed sql.NullTime
	var roles, eu string
	err := sc.Scan(&i.ID, &number, &i.Version, &sys, &i.AISystemName, &i.Title, &i.Description, &i.DetectedAt,
		&i.ReportedBy, &i.Severity, &i.Harm, &i.PeopleAffected, &i.AffectedDescription, &i.Status, &contained, &resolved,
		&closed, &i.RootCause, &i.Actions, &owner, &i.OwnerName, &i.Serious, &i.SeriousKind, &aware, &due,
		&reported, &i.AuthorityReference, &i.Messages, &i.Archived, &i.CreatedAt, &i.UpdatedAt, &informed,
		&i.AISystemClass, &roles, &eu)
	if err != nil {
		return i, err
	}
	i.Ref, i.AISystemID, i.OwnerID = incidents.ref(number), sys.Int64, owner.Int64
	i.ProviderInformedOn = dateOf(informed)
	i.AISystemRole = systemEURole(roles, eu)
	i.ContainedOn, i.ResolvedOn, i.ClosedOn = dateOf(contained), dateOf(resolved), dateOf(closed)
	i.AwareOn, i.ReportDue, i.AuthorityReportedOn = dateOf(aware), dateOf(due), dateOf(reported)
	i.DetectedAt, i.CreatedAt, i.UpdatedAt = i.DetectedAt.UTC(), i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	i.Duty = i.EUDuty()
	return i, nil
}

// systemEURole reads the operator role from an AI system's stored roles
// and EU AI Act answers.
func systemEURole(roles, eu string) aims.EURole {
	var rs []aims.AIRole
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			rs = append(rs, aims.AIRole(r))
		}
	}
	var c aims.Classification
	if eu != "" {
		_ = json.Unmarshal([]byte(eu), &c) // the AI system's own reader reports a bad value
	}
	return aims.EURoleOf(rs, c.BecomesProvider)
}

// Incident reads one incident of an organization.
func (s *Store) Incident(ctx context.Context, orgID, id int64) (aims.Incident, error) {
	return s.incident(ctx, s.r, orgID, id)
}

func (s *Store) incident(ctx context.Context, q querier, orgID, id int64) (aims.Incident, error) {
	i, err := scanIncident(s.queryRow(ctx, q, `SELECT `+incidentColumns+incidentFrom+` WHERE m.org_id = $1 AND m.id = $2`, orgID, id))
	return i, notFound(err, "incident")
}

var incidentSort = map[string]string{
	"":            "m.detected_at DESC, m.id DESC", // newest first
	"detected_at": "m.detected_at, m.id",
	"ref":         "m.number, m.id",
	"title":       "m.title, m.id",
	"status":      "m.status, m.id",
	"report_due":  "(m.report_due IS NULL), m.report_due, m.id",
	"updated_at":  "m.updated_at, m.id",
}

// Incidents lists one page of the register, newest first.
func (s *Store) Incidents(ctx context.Context, orgID int64, f aims.IncidentFilter) (aims.Page[aims.Incident], error) {
	if err := f.Validate(); err != nil {
		return aims.Page[aims.Incident]{Items: []aims.Incident{}}, err
	}
	q, err := s.incidentQuery(ctx, orgID, f, descOrder(incidentSort[f.Sort], f.Desc))
	if err != nil {
		return aims.Page[aims.Incident]{Items: []aims.Incident{}}, err
	}
	return list(ctx, s, q, scanIncident)
}

// EachIncident calls fn for every incident matching the filter.
func (s *Store) EachIncident(ctx context.Context, orgID int64, f aims.IncidentFilter, fn func(aims.Incident) error) error {
	f.Limit, f.Offset = 1, 0
	if err := f.Validate(); err != nil {
		return err
	}
	q, err := s.incidentQuery(ctx, orgID, f, "")
	if err != nil {
		return err
	}
	return each(ctx, s, q, scanIncident, func(i aims.Incident) int64 { return i.ID }, fn)
}

func (s *Store) incidentQuery(ctx context.Context, orgID int64, f aims.IncidentFilter, order string) (listQuery, error) {
	w := newFilter("m", orgID, f.Archived)
	if f.AISystemID != 0 {
		w.and("m.ai_system_id = ?", f.AISystemID)
	}
	if f.Severity != "" {
		w.and("m.severity = ?", string(f.Severity))
	}
	if f.Status != "" {
		w.and("m.status = ?", string(f.Status))
	}
	if f.Harm != "" {
		w.and("m.harm_category = ?", string(f.Harm))
	}
	if f.Serious {
		w.and("m.serious = ?", true)
	}
	if f.Pending {
		// the list's count reads only ai_incidents: the system joins in a subquery
		w.and(`m.id IN (SELECT m.id`+incidentDueFrom+` WHERE m.org_id = ? AND `+incidentPendingSQL+`)`, orgID)
	}
	if f.OwnerID != 0 {
		w.and("m.owner_id = ?", f.OwnerID)
	}
	total, err := s.search(ctx, w, incidents, "m", f.Q)
	return listQuery{alias: "m", table: incidents.name, columns: incidentColumns, from: incidentFrom, where: w,
		order: order, limit: f.Limit, offset: f.Offset, capped: f.Q != "", total: total}, err
}

func incidentSearch(i aims.Incident) string {
	return searchText(i.Ref, i.Title, i.Description, i.AISystemName, i.ReportedBy, i.AffectedDescription, i.RootCause, i.Actions,
		i.OwnerName, i.AuthorityReference)
}

func (s *Store) checkIncidentLinks(ctx context.Context, tx *sql.Tx, orgID int64, i *aims.Incident) error {
	var err error
	if i.OwnerName, err = s.checkOwner(ctx, tx, orgID, i.OwnerID, "owner_id"); err != nil {
		return err
	}
	i.AISystemClass, i.AISystemRole = "", aims.EURoleUnknown
	if i.AISystemName, err = s.checkAISystem(ctx, tx, orgID, i.AISystemID, "ai_system_id"); err != nil || i.AISystemID == 0 {
		return err
	}
	var roles, eu string
	if err := s.queryRow(ctx, tx, `SELECT risk_class, roles, eu_ai_act FROM ai_systems WHERE org_id = $1 AND id = $2`,
		orgID, i.AISystemID).Scan(&i.AISystemClass, &roles, &eu); err != nil {
		return fmt.Errorf("incident's AI system: %w", err)
	}
	i.AISystemRole = systemEURole(roles, eu)
	return nil
}

// incidentDatesAhead refuses an incident dated ahead: the register says
// what happened, not what will (a later awareness day would also move the
// Art. 73 deadline out).
func (s *Store) incidentDatesAhead(i aims.Incident) error {
	if i.DetectedAt.After(s.timestamp()) {
		return aims.Invalid("detected_at", "must not be later than now: record an incident once it is detected")
	}
	today := s.today()
	for field, d := range map[string]aims.Date{"aware_on": i.AwareOn, "contained_on": i.ContainedOn, "resolved_on": i.ResolvedOn, "closed_on": i.ClosedOn} {
		if d.After(today) {
			return aims.Invalid(field, "must not be in the future")
		}
	}
	return nil
}

// CreateIncident records an AI incident.
func (s *Store) CreateIncident(ctx context.Context, p aims.Principal, i aims.Incident) (aims.Incident, error) {
	i.Normalize(s.today())
	if err := i.Validate(); err != nil {
		return i, err
	}
	if err := s.incidentDatesAhead(i); err != nil {
		return i, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkIncidentLinks(ctx, tx, p.OrgID, &i); err != nil {
			return err
		}
		number, err := s.number(ctx, tx, p.OrgID, incidents)
		if err != nil {
			return err
		}
		now := s.timestamp()
		i.Ref, i.Version, i.Archived, i.CreatedAt, i.UpdatedAt = incidents.ref(number), 1, false, now, now
		i.Messages, i.AuthorityReportedOn, i.AuthorityReference, i.ProviderInformedOn = 0, aims.Date{}, "", aims.Date{}
		i.Duty = i.EUDuty()
		err = s.queryRow(ctx, tx, `INSERT INTO ai_incidents (org_id, number, version, archived, created_at, updated_at, messages,
			authority_reference, `+incidentFields.String()+`) VALUES ($1, $2, 1, $3, $4, $4, 0, '', `+incidentFields.values(5)+`) RETURNING id`,
			append([]any{p.OrgID, number, false, now}, incidentValues(i)...)...).Scan(&i.ID)
		if err != nil {
			return fmt.Errorf("insert incident: %w", err)
		}
		changes, err := incidents.diff(nil, i)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, incidents.register, strconv.FormatInt(i.ID, 10), aims.ActionCreate, changes)
	})
	return i, err
}

// UpdateIncident saves an edited incident at the version read. The log's
// figures (messages, the authority report) are the log's: an edit keeps
// them.
func (s *Store) UpdateIncident(ctx context.Context, p aims.Principal, i aims.Incident) (aims.Incident, error) {
	var after aims.Incident
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.incident(ctx, tx, p.OrgID, i.ID)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		i.Normalize(s.today())
		if err := i.Validate(); err != nil {
			return err
		}
		if err := s.incidentDatesAhead(i); err != nil {
			return err
		}
		if err := s.checkIncidentLinks(ctx, tx, p.OrgID, &i); err != nil {
			return err
		}
		i.Ref, i.Archived, i.CreatedAt, i.UpdatedAt = before.Ref, before.Archived, before.CreatedAt, before.UpdatedAt
		i.Messages, i.AuthorityReportedOn, i.AuthorityReference = before.Messages, before.AuthorityReportedOn, before.AuthorityReference
		// The provider was informed by the first entry to them on or after
		// the day of awareness, which an edit of that day can move.
		i.ProviderInformedOn = before.ProviderInformedOn
		if i.AwareOn != before.AwareOn {
			var informed sql.NullTime
			if err := s.queryRow(ctx, tx, `SELECT sent_on FROM ai_incident_messages WHERE org_id = $1 AND incident_id = $2
				AND recipient_kind = 'provider' AND sent_on >= $3 ORDER BY sent_on LIMIT 1`, p.OrgID, i.ID, i.AwareOn.String()).Scan(&informed); err != nil && err != sql.ErrNoRows {
				return fmt.Errorf("provider informed: %w", err)
			}
			i.ProviderInformedOn = dateOf(informed)
		}
		i.Duty = i.EUDuty()
		changes, err := incidents.diff(before, i)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			after = before
			return staleIf(i.Version != before.Version)
		}
		i.UpdatedAt = s.timestamp()
		values := append(incidentValues(i), i.UpdatedAt)
		values = append(values, nullDate(i.ProviderInformedOn))
		if err := s.update(ctx, tx, incidents, p.OrgID, i.ID, i.Version, incidentFields.set(1)+`, updated_at = $`+strconv.Itoa(len(values)-1)+
			`, provider_informed_on = $`+strconv.Itoa(len(values)), values...); err != nil {
			return err
		}
		after = i
		after.Version++
		return s.record(ctx, tx, p, incidents.register, strconv.FormatInt(i.ID, 10), aims.ActionUpdate, changes)
	})
	return after, err
}

// SetIncidentArchived takes an incident out of the register, or restores it.
func (s *Store) SetIncidentArchived(ctx context.Context, p aims.Principal, id int64, version int, archived bool) (aims.Incident, error) {
	var i aims.Incident
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if i, err = s.incident(ctx, tx, p.OrgID, id); err != nil {
			return err
		}
		changed, at, err := s.setArchived(ctx, tx, p, incidents, id, i.Version, version, i.Archived, archived)
		if changed {
			i.Archived, i.Version, i.UpdatedAt = archived, i.Version+1, at
		}
		return err
	})
	return i, err
}

// logIncidentMessage writes a log entry and moves the incident on (its
// count, and set), at the version the writer read, in tx; the history
// shows the entry as the change "communicated".
func (s *Store) logIncidentMessage(ctx context.Context, tx *sql.Tx, p aims.Principal, before aims.Incident, after aims.Incident,
	m aims.IncidentMessage, version int, set string, args ...any) (aims.Incident, error) {
	var err error
	if m.SentOn.After(s.today()) {
		return after, aims.Invalid("sent_on", "must not be in the future: log what was communicated")
	}
	if m.SentByName, err = s.checkOwner(ctx, tx, p.OrgID, m.SentByID, "sent_by_id"); err != nil {
		return after, err
	}
	after.Messages = before.Messages + 1
	// The first communication to the provider on or after the day of
	// awareness meets Art. 26(5); an earlier one was not about this duty.
	if m.RecipientKind == aims.RecipientProvider && !m.SentOn.Before(before.AwareOn) &&
		(after.ProviderInformedOn.IsZero() || m.SentOn.Before(after.ProviderInformedOn)) {
		after.ProviderInformedOn = m.SentOn // the first communication to the provider meets Art. 26(5)
		if set != "" {
			set += ", "
		}
		args = append(args, m.SentOn.String())
		set += `provider_informed_on = $` + strconv.Itoa(len(args))
	}
	after.Duty = after.EUDuty()
	now := s.timestamp()
	args = append(args, after.Messages, now)
	n := len(args)
	if set != "" {
		set += ", "
	}
	if err := s.update(ctx, tx, incidents, p.OrgID, before.ID, version,
		set+`messages = $`+strconv.Itoa(n-1)+`, updated_at = $`+strconv.Itoa(n), args...); err != nil {
		return after, err
	}
	if _, err := s.exec(ctx, tx, `INSERT INTO ai_incident_messages (org_id, incident_id, sent_on, recipients, what, channel, sent_by_id, created_at,
		recipient_kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.OrgID, before.ID, m.SentOn.String(), m.Recipients, m.What, m.Channel,
		nullID(m.SentByID), now, m.RecipientKind); err != nil {
		return after, fmt.Errorf("log incident message: %w", err)
	}
	changes, err := incidents.diff(before, after)
	if err != nil {
		return after, err
	}
	entry, _ := json.Marshal(struct {
		SentOn        aims.Date          `json:"sent_on"`
		Recipients    string             `json:"recipients"`
		RecipientKind aims.RecipientKind `json:"recipient_kind"`
		What          string             `json:"what"`
		Channel       string             `json:"channel"`
		SentBy        string             `json:"sent_by"`
	}{m.SentOn, m.Recipients, m.RecipientKind, m.What, m.Channel, m.SentByName})
	changes = append(changes, aims.Change{Field: "communicated", Old: json.RawMessage("null"), New: entry})
	after.Version, after.UpdatedAt = before.Version+1, now
	return after, s.record(ctx, tx, p, incidents.register, strconv.FormatInt(before.ID, 10), aims.ActionUpdate, changes)
}

// LogIncidentMessage records what was communicated about an incident, to
// whom, when and by whom, at the incident's version the writer read.
func (s *Store) LogIncidentMessage(ctx context.Context, p aims.Principal, id int64, m aims.IncidentMessage) (aims.Incident, error) {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return aims.Incident{}, err
	}
	var after aims.Incident
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.incident(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		after, err = s.logIncidentMessage(ctx, tx, p, before, before, m, m.Version, "")
		return err
	})
	return after, err
}

// ReportIncidentToAuthority logs the report of a serious incident to the
// market surveillance authority (EU AI Act Art. 73): the day and its
// reference on the incident, which ends its due work, and an entry in the
// communication log, in one transaction at the version read.
func (s *Store) ReportIncidentToAuthority(ctx context.Context, p aims.Principal, id int64, r aims.AuthorityReport) (aims.Incident, error) {
	r.Reference, r.Authority = strings.TrimSpace(r.Reference), strings.TrimSpace(r.Authority)
	if err := r.Validate(); err != nil {
		return aims.Incident{}, err
	}
	if r.Authority == "" {
		r.Authority = "Market surveillance authority"
	}
	var after aims.Incident
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.incident(ctx, tx, p.OrgID, id)
		if err != nil {
			return err
		}
		if before.Archived {
			return aims.ErrArchived
		}
		if !before.Serious {
			return aims.Invalid("serious", "only a serious incident under the EU AI Act is reported to the market surveillance authority; flag it first")
		}
		if before.Version != r.Version {
			return aims.ErrConflict // a stale read is a conflict, whatever changed since
		}
		if !before.AuthorityReportedOn.IsZero() {
			return aims.Invalid("reported_on", "the report was logged on "+before.AuthorityReportedOn.String()+"; log a follow-up as a communication")
		}
		if r.ReportedOn.Before(aims.DateOf(before.DetectedAt)) {
			return aims.Invalid("reported_on", "cannot be before the incident was detected")
		}
		if r.ReportedOn.After(s.today()) {
			return aims.Invalid("reported_on", "must not be in the future: log the report once it is made")
		}
		after = before
		after.AuthorityReportedOn, after.AuthorityReference = r.ReportedOn, r.Reference
		m := aims.IncidentMessage{SentOn: r.ReportedOn, Recipients: r.Authority, RecipientKind: aims.RecipientAuthority, SentByID: p.UserID,
			What: "Serious incident report under EU AI Act Art. 73 (reference " + r.Reference + ")", Channel: "Report to the authority"}
		after, err = s.logIncidentMessage(ctx, tx, p, before, after, m, r.Version,
			`authority_reported_on = $1, authority_reference = $2, search = $3`, r.ReportedOn.String(), r.Reference, incidentSearch(after))
		return err
	})
	return after, err
}

// IncidentMessages reads an incident's communication log, newest first, at
// most limit entries.
func (s *Store) IncidentMessages(ctx context.Context, orgID, id int64, limit int) ([]aims.IncidentMessage, error) {
	rows, err := s.query(ctx, s.r, `SELECT x.id, x.incident_id, x.sent_on, x.recipients, x.recipient_kind, x.what, x.channel, x.sent_by_id,
		COALESCE(u.name, ''), x.created_at FROM ai_incident_messages x LEFT JOIN users u ON u.id = x.sent_by_id
		WHERE x.org_id = $1 AND x.incident_id = $2 ORDER BY x.sent_on DESC, x.id DESC LIMIT $3`, orgID, id, limit)
	if err != nil {
		return nil, fmt.Errorf("incident log: %w", err)
	}
	defer rows.Close()
	out := []aims.IncidentMessage{}
	for rows.Next() {
		var x aims.IncidentMessage
		var sent sql.NullTime
		var by sql.NullInt64
		if err := rows.Scan(&x.ID, &x.IncidentID, &sent, &x.Recipients, &x.RecipientKind, &x.What, &x.Channel, &by, &x.SentByName, &x.CreatedAt); err != nil {
			return nil, err
		}
		x.SentOn, x.SentByID, x.CreatedAt = dateOf(sent), by.Int64, x.CreatedAt.UTC()
		out = append(out, x)
	}
	return out, rows.Err()
}

// IncidentDocumentNames lists the live documents' IDs, references and
// titles for the pickers of the incident plan and the information
// register. It is capped: a picker is not a list page.
func (s *Store) IncidentDocumentNames(ctx context.Context, orgID int64) ([]aims.Link, error) {
	rows, err := s.query(ctx, s.r, `SELECT id, number, title FROM documents WHERE org_id = $1 AND archived = $2
		ORDER BY number, id LIMIT 1000`, orgID, false)
	if err != nil {
		return nil, fmt.Errorf("document names: %w", err)
	}
	defer rows.Close()
	out := []aims.Link{}
	for rows.Next() {
		var l aims.Link
		var n int64
		if err := rows.Scan(&l.ID, &n, &l.Name); err != nil {
			return nil, err
		}
		l.Ref = documents.ref(n)
		out = append(out, l)
	}
	return out, rows.Err()
}
