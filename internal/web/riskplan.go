package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"aims/internal/aims"
	"aims/internal/report"
)

// The risk treatment plan (6.1.3) as a whole: the current plan, read from
// the risk register, its approval by designated management as numbered
// versions, each version's page, CSV and PDF, and two versions compared.

type riskPlanView struct {
	layout
	Plan     aims.RiskPlan
	Versions []aims.RiskPlanVersion
	Approval aims.RiskPlanApproval
}

func (s *Server) riskPlanPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRiskPlan(w, r, http.StatusOK, aims.RiskPlanApproval{}, formMessage{})
}

func (s *Server) renderRiskPlan(w http.ResponseWriter, r *http.Request, status int, a aims.RiskPlanApproval, msg formMessage) error {
	p, _ := principalOf(r.Context())
	plan, err := s.store.RiskPlan(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	versions, err := s.store.RiskPlanVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	v := riskPlanView{layout: s.layoutFor(w, r, "AI risk treatment plan"), Plan: plan, Versions: versions, Approval: a}
	v.Errors, v.ErrorText = msg.Fields, msg.Text
	return s.render(w, r, status, "risk_plan", v)
}

// approveRiskPlanForm approves the current plan in the signed-in person's
// name; a refusal shows the plan with the message.
func (s *Server) approveRiskPlanForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	a := aims.RiskPlanApproval{Note: r.PostForm.Get("note"), Digest: r.PostForm.Get("digest")}
	errs := map[string]string{}
	a.ApprovedOn = formDate(errs, "approved_on", r.PostForm.Get("approved_on"))
	a.Number, _ = strconv.Atoi(r.PostForm.Get("number"))
	readPlan(errs, a)
	err := validationOf(errs)
	if err == nil {
		var v aims.RiskPlanVersion
		if v, err = s.store.ApproveRiskPlan(r.Context(), p, a); err == nil {
			return s.redirect(w, r, "/risk-plan/versions/"+strconv.FormatInt(v.ID, 10), "Risk treatment plan "+v.Label()+" approved.")
		}
	}
	var ve *aims.ValidationError
	if errors.As(err, &ve) {
		return s.renderRiskPlan(w, r, http.StatusUnprocessableEntity, a, formMessage{ve.Fields, "The plan was not approved. See the messages below."})
	}
	return err
}

type riskPlanVersionView struct {
	layout
	Version aims.RiskPlanVersion
}

func (s *Server) riskPlanVersion(r *http.Request) (aims.RiskPlanVersion, error) {
	return lookup(r, s.store.RiskPlanVersion)
}

func (s *Server) riskPlanVersionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.riskPlanVersion(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "risk_plan_version", riskPlanVersionView{
		layout: s.layoutFor(w, r, "AI risk treatment plan "+v.Label()), Version: v})
}

func (s *Server) riskPlanDoc(r *http.Request) (report.RiskPlan, error) {
	p, _ := principalOf(r.Context())
	v, err := s.riskPlanVersion(r)
	return report.RiskPlan{Org: p.OrgName, Version: v}, err
}

func riskPlanFileName(doc report.RiskPlan) string {
	return fmt.Sprintf("risk-treatment-plan-v%d-%s", doc.Version.Number, doc.Version.ApprovedOn)
}

func (s *Server) riskPlanVersionCSV(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.riskPlanDoc(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	c, err := report.NewCSV(&buf, "risk-treatment-plan", report.RiskPlanColumns)
	if err != nil {
		return err
	}
	for _, row := range doc.Version.Rows {
		if err := c.Write(report.RiskPlanLine{Plan: &doc, Row: row}); err != nil {
			return err
		}
	}
	if err := c.Close(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+riskPlanFileName(doc)+`.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) riskPlanVersionPDF(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.riskPlanDoc(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.RiskPlanPDF(&buf, s.now(), doc); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+riskPlanFileName(doc)+`.pdf"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// riskPlanSide is one side of a comparison: a version or the current plan.
type riskPlanSide struct {
	Label string
	Rows  []aims.RiskPlanRow
}

// riskPlanPair is one risk's row on both sides; nil where it is absent.
type riskPlanPair struct {
	Ref      string
	Old, New *aims.RiskPlanRow
	Changes  []string
}

type riskPlanCompareView struct {
	layout
	A, B     string
	Old, New riskPlanSide
	Pairs    []riskPlanPair
	Changed  int
	Versions []aims.RiskPlanVersion
}

// riskPlanSideOf reads a side: a version's ID or "current".
func (s *Server) riskPlanSideOf(r *http.Request, which string) (riskPlanSide, error) {
	p, _ := principalOf(r.Context())
	if which == "current" {
		plan, err := s.store.RiskPlan(r.Context(), p.OrgID)
		return riskPlanSide{Label: "Current plan, " + s.today().String(), Rows: plan.Rows}, err
	}
	id, err := strconv.ParseInt(which, 10, 64)
	if err != nil || id <= 0 {
		return riskPlanSide{}, aims.ErrNotFound
	}
	v, err := s.store.RiskPlanVersion(r.Context(), p.OrgID, id)
	return riskPlanSide{Label: v.Label() + ", approved " + v.ApprovedOn.String(), Rows: v.Rows}, err
}

// riskPlanComparePage sets two versions (or a version and the current
// plan) side by side: by default the latest version against the current.
func (s *Server) riskPlanComparePage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	versions, err := s.store.RiskPlanVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := riskPlanCompareView{A: q.Get("a"), B: q.Get("b"), Versions: versions}
	if v.B == "" {
		v.B = "current"
	}
	if v.A == "" {
		v.A = "current"
		if len(versions) > 0 {
			v.A = strconv.FormatInt(versions[0].ID, 10)
		}
	}
	if v.Old, err = s.riskPlanSideOf(r, v.A); err != nil {
		return badRequest("a must be a version of this organization's risk treatment plan or current")
	}
	if v.New, err = s.riskPlanSideOf(r, v.B); err != nil {
		return badRequest("b must be a version of this organization's risk treatment plan or current")
	}
	old := map[string]*aims.RiskPlanRow{}
	for i := range v.Old.Rows {
		old[v.Old.Rows[i].Ref] = &v.Old.Rows[i]
	}
	seen := map[string]bool{}
	for i := range v.New.Rows {
		n := &v.New.Rows[i]
		seen[n.Ref] = true
		v.Pairs = append(v.Pairs, riskPlanPair{Ref: n.Ref, Old: old[n.Ref], New: n})
	}
	for i := range v.Old.Rows {
		if o := &v.Old.Rows[i]; !seen[o.Ref] {
			v.Pairs = append(v.Pairs, riskPlanPair{Ref: o.Ref, Old: o})
		}
	}
	for i, pair := range v.Pairs {
		var a, b []aims.RiskPlanRow
		if pair.Old != nil {
			a = []aims.RiskPlanRow{*pair.Old}
		}
		if pair.New != nil {
			b = []aims.RiskPlanRow{*pair.New}
		}
		v.Pairs[i].Changes = aims.CompareRiskPlans(a, b)
		if len(v.Pairs[i].Changes) > 0 {
			v.Changed++
		}
	}
	v.layout = s.layoutFor(w, r, "Compare risk treatment plans")
	return s.render(w, r, http.StatusOK, "risk_plan_compare", v)
}

// The plan's API.

func (s *Server) apiRiskPlan(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	plan, err := s.store.RiskPlan(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, plan)
}

func (s *Server) apiApproveRiskPlan(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var a aims.RiskPlanApproval
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	errs := map[string]string{}
	if readPlan(errs, a); len(errs) > 0 {
		return validationOf(errs)
	}
	v, err := s.store.ApproveRiskPlan(r.Context(), p, a)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/risk-plan/versions/"+strconv.FormatInt(v.ID, 10))
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiRiskPlanVersions(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	vs, err := s.store.RiskPlanVersions(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.RiskPlanVersion]{Items: vs, Total: len(vs)})
}

func (s *Server) apiRiskPlanVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.riskPlanVersion(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// The approval examples carry the organization's current plan's number
// and digest, as a client that just read the plan would.
func (s *Server) riskPlanApproveFormExample(ex example) any {
	a := s.riskPlanApproveJSONExample(ex).(aims.RiskPlanApproval)
	return url.Values{"note": {a.Note}, "number": {strconv.Itoa(a.Number)}, "digest": {a.Digest}}
}

func (s *Server) riskPlanApproveJSONExample(ex example) any {
	plan, _ := s.store.RiskPlan(context.Background(), ex.OrgID)
	return aims.RiskPlanApproval{Note: "Quarterly review of the treatment plan.", Number: plan.Next, Digest: plan.Digest}
}

// readPlan checks that an approval says which plan it approves.
func readPlan(errs map[string]string, a aims.RiskPlanApproval) {
	if a.Number <= 0 {
		errs["number"] = "give the version number the plan page or GET /api/v1/risk-plan showed (next_number)"
	}
	if len(a.Digest) != 64 {
		errs["digest"] = "give the plan's digest as GET /api/v1/risk-plan showed it"
	}
}
