package web

import (
	"net/http"
)

// apiEvidenceCheck answers `aims check`: whether one AI system's evidence
// is complete today, and each reason it is not. Incomplete evidence is a
// normal answer (200), not an error.
func (s *Server) apiEvidenceCheck(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	c, err := s.store.CheckSystem(r.Context(), p.OrgID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
