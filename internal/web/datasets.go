package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// Data for AI systems (A.7.2-A.7.6): data sets, their versions and the
// results of their quality checks. Versions and results are appended on the
// data set's page, under the version the writer read.

// datasetChildLimit caps the versions and results a data set's page and
// the API show.
const datasetChildLimit = 100

func (s *Server) datasetHandlers() registerHandlers[aims.Dataset] {
	return registerHandlers[aims.Dataset]{s: s, base: "/datasets", api: "/api/v1/datasets", what: "data set",
		get: s.store.Dataset, create: s.store.CreateDataset, update: s.store.UpdateDataset,
		key:     func(v *aims.Dataset) (*int64, *string, *int) { return &v.ID, &v.Ref, &v.Version },
		archive: func(v aims.Dataset) bool { return v.Archived },
		parse:   datasetFromForm, form: s.datasetForm}
}

func datasetRef(d aims.Dataset) string { return d.Ref }

func datasetFilter(q url.Values, limit int) (aims.DatasetFilter, error) {
	qr := newQueryReader(q)
	f := aims.DatasetFilter{ListParams: qr.list(limit), AISystemID: qr.int64("ai_system_id"),
		Use: aims.DatasetUse(qr.str("use")), Archived: qr.bool("archived")}
	if err := qr.err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type datasetsView struct {
	layout
	listNav
	Filter  aims.DatasetFilter
	Page    aims.Page[aims.Dataset]
	Systems []aims.AISystem
	Uses    []aims.DatasetUse
}

func (s *Server) datasetsPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := datasetFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Datasets(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Data sets"
	if f.Archived {
		title = "Archived data sets"
	}
	v := datasetsView{layout: s.layoutFor(w, r, title), Filter: f, Page: page, Systems: systems, Uses: aims.DatasetUses,
		listNav: newListNav("/datasets", "/api/v1/datasets.csv", r.URL.Query(), f.ListParams, page.Total, page.Capped)}
	return s.render(w, r, http.StatusOK, "datasets", v)
}

func (s *Server) datasetsCSV(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := datasetFilter(r.URL.Query(), 1)
	if err != nil {
		return err
	}
	return csvDownload(s, w, r, "datasets", report.DatasetColumns, func(fn func(aims.Dataset) error) error {
		return s.store.EachDataset(r.Context(), p.OrgID, f, fn)
	})
}

func (s *Server) apiDatasets(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	f, err := datasetFilter(r.URL.Query(), aims.DefaultLimit)
	if err != nil {
		return err
	}
	page, err := s.store.Datasets(r.Context(), p.OrgID, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// appendForm is one of the two forms on a data set's page, with what a
// refused append says beside its own fields only.
type appendForm struct {
	Errors map[string]string
}

// Err is the message of a field of this form.
func (f appendForm) Err(field string) string { return f.Errors[field] }

type datasetView struct {
	layout
	D             aims.Dataset
	Versions      []aims.DatasetVersion
	Checks        []aims.DatasetCheck
	Latest        []aims.DatasetCheck
	Failing       int
	NewVersion    aims.DatasetVersion
	NewCheck      aims.DatasetCheck
	VersionForm   appendForm
	CheckForm     appendForm
	Members       []aims.Member
	Results       []aims.CheckResult
	Evidence      evidencePanel
	History       []historyRow
	CanAppend     bool
	VersionLabels []string
	Components    []aims.Component // the data components that are this data set
}

func (s *Server) datasetPage(w http.ResponseWriter, r *http.Request) error {
	d, err := lookup(r, s.store.Dataset)
	if err != nil {
		return err
	}
	return s.datasetRecord(w, r, http.StatusOK, d, aims.DatasetVersion{On: s.today()}, aims.DatasetCheck{CheckedOn: s.today(), Result: aims.CheckPass}, "", nil)
}

// datasetRecord renders a data set's page; form names the append form a
// refused input came from ("version" or "check").
func (s *Server) datasetRecord(w http.ResponseWriter, r *http.Request, status int, d aims.Dataset, nv aims.DatasetVersion, nc aims.DatasetCheck,
	form string, ferr error) error {
	p, _ := principalOf(r.Context())
	v := datasetView{layout: s.layoutFor(w, r, d.Ref+" "+d.Name), D: d, NewVersion: nv, NewCheck: nc, Results: aims.CheckResults,
		CanAppend: !d.Archived && p.Role.Can(aims.PermWrite)}
	var err error
	if v.Versions, err = s.store.DatasetVersions(r.Context(), p.OrgID, d.ID, datasetChildLimit); err != nil {
		return err
	}
	if v.Checks, err = s.store.DatasetChecks(r.Context(), p.OrgID, d.ID, datasetChildLimit); err != nil {
		return err
	}
	v.Latest = aims.LatestChecks(v.Checks)
	for _, c := range v.Latest {
		if c.Result == aims.CheckFail {
			v.Failing++
		}
	}
	for _, x := range v.Versions {
		v.VersionLabels = append(v.VersionLabels, x.Label)
	}
	if v.CanAppend {
		members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
		if err != nil {
			return err
		}
		v.Members = members.Items
	}
	if v.Evidence, err = s.evidencePanelFor(r, aims.RegisterDatasets, strconv.FormatInt(d.ID, 10), !d.Archived); err != nil {
		return err
	}
	if v.History, err = s.history(r, aims.RegisterDatasets, d.ID); err != nil {
		return err
	}
	if v.Components, err = s.store.DatasetComponents(r.Context(), p.OrgID, d.ID); err != nil {
		return err
	}
	var ve *aims.ValidationError
	what := "version"
	if form == "check" {
		what = "quality check result"
	}
	switch {
	case errors.As(ferr, &ve):
		v.ErrorText = "The " + what + " was not recorded. Correct the fields marked below."
		if form == "check" {
			v.CheckForm.Errors = ve.Fields
		} else {
			v.VersionForm.Errors = map[string]string{}
			for k, m := range ve.Fields {
				if k == "note" {
					k = "version_note"
				}
				v.VersionForm.Errors[k] = m
			}
		}
	case errors.Is(ferr, aims.ErrConflict):
		v.ErrorText = "Someone else changed this data set since you opened the page. Your " + what + " is below and was not saved; " +
			"check the lists, then record it again if it is still missing."
	}
	return s.render(w, r, status, "dataset", v)
}

// appendDatasetForm handles the two append forms of a data set's page.
func (s *Server) appendDatasetForm(form string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, _ := principalOf(r.Context())
		current, err := lookup(r, s.store.Dataset)
		if err != nil {
			return err
		}
		version, err := formVersion(r)
		if err != nil {
			return err
		}
		f, errs := r.PostForm, map[string]string{}
		nv := aims.DatasetVersion{On: s.today()}
		nc := aims.DatasetCheck{CheckedOn: s.today(), Result: aims.CheckPass}
		var saved aims.Dataset
		if form == "check" {
			nc = aims.DatasetCheck{CheckedOn: formDate(errs, "checked_on", f.Get("checked_on")), VersionLabel: f.Get("version_label"),
				Requirement: f.Get("requirement"), Result: aims.CheckResult(f.Get("result")), Measured: f.Get("measured"),
				Threshold: f.Get("threshold"), Note: f.Get("note"), Version: version}
			nc.CheckedByID = formInt64(errs, "checked_by_id", f.Get("checked_by_id"), "must be a member")
			if err = validationOf(errs); err == nil {
				saved, err = s.store.AddDatasetCheck(r.Context(), p, current.ID, nc)
			}
		} else {
			nv = aims.DatasetVersion{Label: f.Get("label"), On: formDate(errs, "on", f.Get("on")), Size: f.Get("size"),
				Preparation: f.Get("preparation"), Note: f.Get("version_note"), Version: version}
			if err = validationOf(errs); err == nil {
				saved, err = s.store.AddDatasetVersion(r.Context(), p, current.ID, nv)
			}
		}
		if err == nil {
			msg := "Version recorded on " + saved.Ref + "."
			if form == "check" {
				msg = "Quality check result recorded on " + saved.Ref + "."
			}
			return s.redirect(w, r, "/datasets/"+strconv.FormatInt(saved.ID, 10), msg)
		}
		var ve *aims.ValidationError
		switch {
		case errors.As(err, &ve):
			return s.datasetRecord(w, r, http.StatusUnprocessableEntity, current, nv, nc, form, err)
		case errors.Is(err, aims.ErrConflict) && !errors.Is(err, aims.ErrArchived):
			if latest, lerr := s.store.Dataset(r.Context(), p.OrgID, current.ID); lerr == nil {
				current = latest
			}
			return s.datasetRecord(w, r, http.StatusConflict, current, nv, nc, form, err)
		}
		return err
	}
}

func (s *Server) apiAddDatasetVersion(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Dataset)
	if err != nil {
		return err
	}
	var in aims.DatasetVersion
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.DatasetID != 0 && in.DatasetID != d.ID {
		return aims.Invalid("dataset_id", "does not match the ID in the address")
	}
	out, err := s.store.AddDatasetVersion(r.Context(), p, d.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiAddDatasetCheck(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Dataset)
	if err != nil {
		return err
	}
	var in aims.DatasetCheck
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.DatasetID != 0 && in.DatasetID != d.ID {
		return aims.Invalid("dataset_id", "does not match the ID in the address")
	}
	out, err := s.store.AddDatasetCheck(r.Context(), p, d.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, out)
}

type datasetFormView struct {
	layout
	D       aims.Dataset
	New     bool
	Members []aims.Member
	Systems []aims.AISystem
	Uses    []aims.DatasetUse
}

func (s *Server) datasetForm(w http.ResponseWriter, r *http.Request, status int, d aims.Dataset, isNew bool, msg formMessage) error {
	p, _ := principalOf(r.Context())
	members, err := s.store.Members(r.Context(), p.OrgID, aims.ListParams{Limit: aims.MaxLimit})
	if err != nil {
		return err
	}
	systems, err := s.store.AISystemNames(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	title := "Edit " + d.Ref
	if isNew {
		title = "Record a data set"
	}
	v := datasetFormView{layout: s.layoutFor(w, r, title), D: d, New: isNew, Members: members.Items, Systems: systems, Uses: aims.DatasetUses}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "dataset_form", v)
}

func (s *Server) newDatasetPage(w http.ResponseWriter, r *http.Request) error {
	qr := newQueryReader(r.URL.Query())
	d := aims.Dataset{AISystemID: qr.int64("ai_system_id"), Use: aims.DatasetTraining}
	if qr.err() != nil {
		d.AISystemID = 0
	}
	return s.datasetForm(w, r, http.StatusOK, d, true, formMessage{})
}

func datasetFromForm(r *http.Request) (aims.Dataset, error) {
	var d aims.Dataset
	if err := parseForm(r); err != nil {
		return d, err
	}
	f, errs := r.PostForm, map[string]string{}
	d.AISystemID = formInt64(errs, "ai_system_id", f.Get("ai_system_id"), "must be an AI system of the list")
	d.Name, d.Use, d.Purpose, d.Description = f.Get("name"), aims.DatasetUse(f.Get("use")), f.Get("purpose"), f.Get("description")
	d.OwnerID = formInt64(errs, "owner_id", f.Get("owner_id"), "must be a member")
	d.Source, d.AcquiredHow, d.Rights, d.Provenance = f.Get("source"), f.Get("acquired_how"), f.Get("rights"), f.Get("provenance")
	d.Retention, d.RetentionReason = f.Get("retention"), f.Get("retention_reason")
	if v := f.Get("next_check"); v != "" {
		d.NextCheck = formDate(errs, "next_check", v)
	}
	return d, validationOf(errs)
}

// datasetsPanel is the AI system page's panel of its data sets and the
// latest result of each of their quality checks.
type datasetsPanel struct {
	SystemID int64
	CanWrite bool
	Data     []aims.DatasetQuality
}

func (s *Server) datasetsPanelFor(r *http.Request, a aims.AISystem) (datasetsPanel, error) {
	p, _ := principalOf(r.Context())
	v := datasetsPanel{SystemID: a.ID, CanWrite: !a.Archived && p.Role.Can(aims.PermWrite)}
	var err error
	v.Data, err = s.store.SystemDataQuality(r.Context(), p.OrgID, a.ID)
	return v, err
}
