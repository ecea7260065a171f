package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/report"
)

// AI objectives (6.2) and objectives for responsible use (A.9.3): one
// register, two kinds; the readings recorded on an objective are its
// status over time.

func (s *Server) objectiveHandlers() registerHandlers[aims.Objective] {
	return registerHandlers[aims.Objective]{s: s, base: "/objectives", api: "/api/v1/objectives", what: "objective",
		get: s.store.Objective, create: s.store.CreateObjective, update: s.store.UpdateObjective,
		key:     func(v *aims.Objective) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Objective) bool { return v.Archived },
		parse:   objectiveFromForm, form: s.objectiveForm}
}

func objectiveRef(o aims.Objective) string { return o.Ref }

func objectiveFilter(q url.Values, limit int) (aims.ObjectiveFilter, error) {
	qr := newQueryReader(q)
	f := aims.ObjectiveFilter{ListParams: qr.list(limit), Kind: aims.ObjectiveKind(qr.str("kind")), Status: qr.str("status"),
		OwnerID: qr.int64("owner_id"), AISystemID: qr.int64("ai_system_id"), RiskID: qr.int64("risk_id"), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func (s *Server) apiObjectives(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := objectiveFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Objectives(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) objectivesCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := objectiveFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "objectives", report.ObjectiveColumns, func(fn func(aims.Objective) error) error {
		return s.store.EachObjective(r.Context(), p.OrgID, f, fn)
	})
}

type objectivesView struct {
	layout
	listNav
	Filter   aims.ObjectiveFilter
	Page     aims.Page[aims.Objective]
	Members  []aims.Member
	Systems  []aims.AISystem
	Kinds    []aims.ObjectiveKind
	Statuses []aims.ObjectiveStatus
}

func (s *Server) objectivesPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := objectiveFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Objectives(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "AI objectives"
	switch {
	case f.Archived:
		title = "Archived objectives"
	case f.Kind == aims.ObjectiveResponsibleUse:
		title = "Objectives for responsible use"
	case f.Kind == aims.ObjectiveResponsibleDevelopment:
		title = "Objectives for responsible development"
	}
	v := objectivesView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Members: members.Items, Systems: systems,
		listNav: newListNav("/objectives", "/api/v1/objectives.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped),
		Kinds:   aims.ObjectiveKinds, Statuses: aims.ObjectiveStatuses}
	return s.render(w, r, http.StatusOK, "objectives", v)
}

type objectiveView struct {
	layout
	O        aims.Objective
	Reading  aims.Measurement // the reading form, refilled when refused
	Statuses []aims.ObjectiveStatus
	Evidence evidencePanel
	History  []historyRow
}

func (s *Server) objectivePage(w http.ResponseWriter, r *http.Request) error {
	o, err := lookup(r, s.store.Objective)
	if err != nil {
		return err
	}
	return s.renderObjective(w, r, http.StatusOK, o, aims.Measurement{On: s.today()}, formMessage{})
}

func (s *Server) renderObjective(w http.ResponseWriter, r *http.Request, status int, o aims.Objective, m aims.Measurement, msg formMessage) error {
	v := objectiveView{layout: s.layoutFor(w, r, o.Ref+" "+o.Title), O: o, Reading: m, Statuses: aims.ObjectiveStatuses}
	var err error
	if v.History, err = s.history(r, aims.RegisterObjectives, o.ID); err != nil {
		return err
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterObjectives, strconv.FormatInt(o.ID, 10), !o.Archived); err != nil {
		return err
	}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "objective", v)
}

type objectiveFormView struct {
	layout
	O          aims.Objective
	New        bool
	Members    []aims.Member
	Systems    []aims.AISystem
	Documents  []aims.Document
	Risks      []aims.Link // the live risks, plus any archived one the objective already names
	Kinds      []aims.ObjectiveKind
	Directions []aims.Direction
}

// LinksRisk reports whether the objective names a risk.
func (v objectiveFormView) LinksRisk(id int64) bool { return slices.Contains(v.O.RiskIDs, id) }

// LinksSystem reports whether the objective names an AI system.
func (v objectiveFormView) LinksSystem(id int64) bool {
	for _, l := range v.O.AISystems {
		if l.ID == id {
			return true
		}
	}
	return false
}

// Value writes the target for the form: empty for a new objective.
func (v objectiveFormView) Value() string {
	if v.New && v.O.TargetValue == 0 && v.O.TargetUnit == "" {
		return ""
	}
	return aims.FormatValue(v.O.TargetValue)
}

func (s *Server) objectiveForm(w http.ResponseWriter, r *http.Request, status int, o aims.Objective, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	docs, err := s.store.Documents(r.Context(), p.OrgID, aims.DocumentFilter{ListParams: aims.ListParams{Limit: aims.MaxLimit}})
	if err != nil {
		return err
	}
	risks, err := s.store.RiskNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	// A risk archived since the objective named it stays on offer, also
	// when a refused form comes back; an ID of no risk of ours does not.
	for i, id := range o.RiskIDs {
		if i == aims.MaxObjectiveRisks { // the form is refused for more anyway
			break
		}
		if slices.ContainsFunc(risks, func(x aims.Link) bool { return x.ID == id }) {
			continue
		}
		if kept, err := s.store.Risk(r.Context(), p.OrgID, id); err == nil {
			if kept.Archived {
				kept.Title += " (archived)"
			}
			risks = append(risks, aims.Link{ID: kept.ID, Ref: kept.Ref, Name: kept.Title})
		}
	}
	title := "Edit " + o.Ref
	if isNew {
		title = "Set an objective"
	}
	v := objectiveFormView{layout: s.layoutFor(w, r, title), O: o, New: isNew, Members: members.Items, Systems: systems,
		Documents: docs.Items, Risks: risks, Kinds: aims.ObjectiveKinds, Directions: aims.Directions}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "objective_form", v)
}

func (s *Server) newObjectivePage(w http.ResponseWriter, r *http.Request) error {
	kind := aims.ObjectiveKind(r.URL.Query().Get("kind"))
	if !kind.Valid() {
		kind = aims.ObjectiveAIMS
	}
	return s.objectiveForm(w, r, http.StatusOK, aims.Objective{Kind: kind, Direction: aims.AtMost}, true, formMessage{})
}

// formNumber reads a number field into errs.
func formNumber(errs map[string]string, name, v string) float64 {
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		errs[name] = "must be a number"
	}
	return n
}

func objectiveFromForm(r *http.Request) (aims.Objective, error) {
	if err := parseForm(r); err != nil {
		return aims.Objective{}, err
	}
	f := r.PostForm
	errs := map[string]string{}
	o := aims.Objective{Kind: aims.ObjectiveKind(f.Get("kind")), Title: f.Get("title"), Measure: f.Get("measure"),
		Direction: aims.Direction(f.Get("direction")), TargetUnit: f.Get("target_unit"), Plan: f.Get("plan"),
		Resources: f.Get("resources"), Evaluation: f.Get("evaluation"), AISystems: []aims.Link{}, RiskIDs: []int64{}}
	o.TargetValue = formNumber(errs, "target_value", f.Get("target_value"))
	o.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	o.PolicyID = formInt64(errs, "policy_id", f.Get("policy_id"), "must be a document of the list")
	o.TargetDate = formDate(errs, "target_date", f.Get("target_date"))
	o.NextMeasurement = formDate(errs, "next_measurement", f.Get("next_measurement"))
	for _, v := range f["ai_systems"] {
		id, err := formID(v)
		if err != nil || id == 0 {
			errs["ai_systems"] = "must be AI systems of the list"
			continue
		}
		o.AISystems = append(o.AISystems, aims.Link{ID: id})
	}
	for _, v := range f["risk_ids"] {
		id, err := formID(v)
		if err != nil || id == 0 {
			errs["risk_ids"] = "must be risks of the list"
			continue
		}
		o.RiskIDs = append(o.RiskIDs, id)
	}
	return o, validationOf(errs)
}

// recordMeasurementForm records a reading from the objective's page.
func (s *Server) recordMeasurementForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := lookup(r, s.store.Objective)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	errs := map[string]string{}
	m := aims.Measurement{Version: version, Status: aims.ObjectiveStatus(f.Get("status")), Note: f.Get("note")}
	m.On = formDate(errs, "measured_on", f.Get("measured_on"))
	m.Value = formNumber(errs, "value", f.Get("value"))
	m.NextMeasurement = formDate(errs, "next_measurement", f.Get("next_measurement"))
	err = validationOf(errs)
	if err == nil {
		var saved aims.Objective
		if saved, err = s.store.RecordMeasurement(r.Context(), p, o.ID, m); err == nil {
			return s.redirect(w, r, "/objectives/"+strconv.FormatInt(saved.ID, 10), "Reading recorded on "+saved.Ref+".")
		}
	}
	var ve *aims.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderObjective(w, r, http.StatusUnprocessableEntity, o, m, formMessage{ve.Fields, "The reading was not recorded. Correct the fields marked below."})
	case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
		latest, lerr := s.store.Objective(r.Context(), p.OrgID, o.ID)
		if lerr != nil {
			return lerr
		}
		return s.renderObjective(w, r, http.StatusConflict, latest, m, formMessage{nil,
			"Someone else changed this objective while you were recording. Your reading is below and was not recorded; check the latest readings, then record it again."})
	}
	return err
}

func (s *Server) apiRecordMeasurement(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	o, err := lookup(r, s.store.Objective)
	if err != nil {
		return err
	}
	var m aims.Measurement
	if err := decodeJSON(r, &m); err != nil {
		return err
	}
	if m.Version == 0 {
		return aims.Invalid("version", "is required: send the objective's version you read")
	}
	saved, err := s.store.RecordMeasurement(r.Context(), p, o.ID, m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, saved)
}

// ReadingValue is the reading form's value: empty until one is typed.
func (v objectiveView) ReadingValue() string {
	if v.Reading.Value == 0 && v.Reading.Status == "" {
		return ""
	}
	return v.Reading.ValueText()
}

// The objectives' query parameters and example bodies, for the route table.
var objectiveParams = append(append([]queryParam{}, pagingParams...),
	queryParam{"sort", "string", "Sort column.", aims.ObjectiveSorts},
	queryParam{"desc", "boolean", "Sort descending.", nil},
	queryParam{"kind", "string", "AIMS objectives (6.2) or objectives for responsible use (A.9.3).", enumStrings(aims.ObjectiveKinds)},
	queryParam{"status", "string", "Status from the latest reading; none for objectives not measured yet.", append([]string{"none"}, enumStrings(aims.ObjectiveStatuses)...)},
	queryParam{"ai_system_id", "integer", "Only objectives that concern this AI system.", nil},
	queryParam{"risk_id", "integer", "Only objectives that address this risk.", nil},
	queryParam{"owner_id", "integer", "Responsible member's user ID.", nil},
	queryParam{"archived", "boolean", "List archived objectives instead.", nil},
)

func exampleDay(days int) string { return aims.DateOf(time.Now().UTC().AddDate(0, 0, days)).String() }

func objectiveFormExample(ex example) any {
	return url.Values{"kind": {"aims"}, "title": {"Approval-rate gap under 2 points"}, "measure": {"Quarterly fairness test"},
		"direction": {"at-most"}, "target_value": {"2"}, "target_unit": {"percentage points"}, "plan": {"Reweigh training data"},
		"evaluation": {"Risk committee review"}, "target_date": {exampleDay(180)}, "version": {strconv.Itoa(ex.Version)}}
}

func objectiveJSONExample(ex example) any {
	return aims.Objective{Kind: aims.ObjectiveAIMS, Title: "Approval-rate gap under 2 points", Measure: "Quarterly fairness test",
		Direction: aims.AtMost, TargetValue: 2, TargetUnit: "percentage points", Plan: "Reweigh training data",
		Evaluation: "Risk committee review", TargetDate: aims.DateOf(time.Now().UTC().AddDate(0, 6, 0)), Version: ex.Version}
}

func measurementFormExample(ex example) any {
	return url.Values{"value": {"2.4"}, "status": {"at-risk"}, "version": {strconv.Itoa(ex.Version)}} // measured today
}

func measurementJSONExample(ex example) any {
	return aims.Measurement{Value: 2.4, Status: aims.ObjectiveAtRisk, Version: ex.Version}
}
