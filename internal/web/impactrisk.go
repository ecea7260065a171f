package web

import (
	"net/http"
	"strconv"
)

// A harm an impact assessment found raises a risk in the risk register
// (6.1.4), linked to the harm.

// proposeRiskBody names the harm, by its number on the assessment, and for
// a link the risk already in the register.
type proposeRiskBody struct {
	Position int   `json:"position"`
	RiskID   int64 `json:"risk_id,omitempty"`
}

func (s *Server) proposeRiskForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	position, err := strconv.Atoi(r.PostForm.Get("position"))
	if err != nil {
		return badRequest("The form does not name the harm. Reload the page and try again.")
	}
	risk, err := s.store.ProposeRisk(r.Context(), p, id, position)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/risks/"+strconv.FormatInt(risk.ID, 10)+"/edit", risk.Ref+" raised from the harm; assess it under the risk criteria.")
}

func (s *Server) apiProposeRisk(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in proposeRiskBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	risk, err := s.store.ProposeRisk(r.Context(), p, id, in.Position)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/risks/"+strconv.FormatInt(risk.ID, 10))
	return writeJSON(w, http.StatusCreated, risk)
}

func (s *Server) apiLinkRisk(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in proposeRiskBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	risk, err := s.store.LinkRisk(r.Context(), p, id, in.Position, in.RiskID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, risk)
}
