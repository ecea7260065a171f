package web

import (
	"net/http"
	"strconv"
	"strings"

	"aims/internal/aims"
)

// Retention of documented information (7.5.3): the periods per kind of
// document, legal holds and disposal of superseded versions. Only admins
// change them: disposal removes a version's text for good.

type retentionView struct {
	layout
	Kinds  []aims.DocKind
	Months map[aims.DocKind]int
}

func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rules, err := s.store.RetentionRules(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "retention", retentionView{layout: s.layoutFor(w, r, "Retention of documented information"),
		Kinds: aims.DocKinds, Months: rules})
}

// retentionForm saves every kind's period from the form at once.
func (s *Server) retentionForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	if err := parseForm(r); err != nil {
		return err
	}
	var rules []aims.RetentionRule
	for _, k := range aims.DocKinds {
		raw := strings.TrimSpace(r.PostForm.Get("months_" + string(k)))
		m := 0
		if raw != "" {
			var err error
			if m, err = strconv.Atoi(raw); err != nil {
				return aims.Invalid("months_"+string(k), "must be a whole number of months")
			}
		}
		rule := aims.RetentionRule{Kind: k, Months: m}
		if err := rule.Validate(); err != nil {
			return err
		}
		rules = append(rules, rule)
	}
	if err := s.store.SetRetentions(r.Context(), p, rules); err != nil {
		return err
	}
	return s.redirect(w, r, "/documents/retention", "Retention periods saved.")
}

func (s *Server) legalHoldForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Document)
	if err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	if _, err := s.store.SetLegalHold(r.Context(), p, d.ID, version, strings.TrimSpace(r.PostForm.Get("legal_hold"))); err != nil {
		return err
	}
	return s.redirect(w, r, "/documents/"+strconv.FormatInt(d.ID, 10), d.Ref+": legal hold saved.")
}

func (s *Server) disposeForm(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Document)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PostForm.Get("number"))
	if err != nil || n <= 0 {
		return aims.Invalid("number", "must be a version number")
	}
	if _, err := s.store.DisposeVersion(r.Context(), p, d.ID, n); err != nil {
		return err
	}
	return s.redirect(w, r, "/documents/"+strconv.FormatInt(d.ID, 10), d.Ref+": version "+strconv.Itoa(n)+" disposed of; its record stays.")
}

// holdBody and disposeBody are the API's bodies.
type holdBody struct {
	LegalHold string `json:"legal_hold"`
	Version   int    `json:"version"`
}

type disposeBody struct {
	Number int `json:"number"`
}

func (s *Server) apiRetention(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	rules, err := s.store.RetentionRules(r.Context(), p.OrgID)
	if err != nil {
		return err
	}
	out := []aims.RetentionRule{}
	for _, k := range aims.DocKinds {
		if m, ok := rules[k]; ok {
			out = append(out, aims.RetentionRule{Kind: k, Months: m})
		}
	}
	return writeJSON(w, http.StatusOK, itemsOf[aims.RetentionRule]{Items: out, Total: len(out)})
}

func (s *Server) apiSetRetention(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	var in aims.RetentionRule
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetRetention(r.Context(), p, in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

func (s *Server) apiLegalHold(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Document)
	if err != nil {
		return err
	}
	var in holdBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return aims.Invalid("version", "is required: send the version you read")
	}
	out, err := s.store.SetLegalHold(r.Context(), p, d.ID, in.Version, strings.TrimSpace(in.LegalHold))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDispose(w http.ResponseWriter, r *http.Request) error {
	p, _ := principalOf(r.Context())
	d, err := lookup(r, s.store.Document)
	if err != nil {
		return err
	}
	var in disposeBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.store.DisposeVersion(r.Context(), p, d.ID, in.Number)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
