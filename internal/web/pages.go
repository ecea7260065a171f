package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
	"aims/internal/sqlstore"
)

//go:embed templates static
var assets embed.FS

// pages holds every page template, parsed once at start, each together with
// the layout and the shared partials.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"date": func(d aims.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.String()
	},
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"lines":      func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"join":       strings.Join,
	"lower":      strings.ToLower,
	"inc":        func(i int) int { return i + 1 },
	"pct":        func(f float64) int { return int(f * 100) },
	"has":        func(list []string, v string) bool { return contains(list, v) },
	"hasRole":    func(list []aims.AIRole, v aims.AIRole) bool { return contains(list, v) },
	"id":         func(i int64) string { return strconv.FormatInt(i, 10) },
	"raciLabel":  aims.RACILabel,
	"pathEscape": url.PathEscape,
	"recordLink": recordLink,
	"keyLabel":   aims.KeyLabel,
	"size":       formatSize,
	"shortHash":  shortHash,
	"typeLabel":  aims.EvidenceTypeLabel,
	// reqLabel shows an EU AI Act article ID ("art26") as people cite it.
	"reqLabel": func(id string) string {
		if strings.HasPrefix(id, "art") {
			return aims.KeyLabel(id)
		}
		return id
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs pairs")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"raw": func(b []byte) template.HTML {
		// Only for markup this server generated itself (SVG charts), never
		// for text a person entered.
		return template.HTML(b)
	},
}

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := path.Base(f)
		if name == "layout.html" || name == "partials.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p.byName[strings.TrimSuffix(name, ".html")] = t
	}
	return p, nil
}

// layout is what every page shows around its content; page views embed it.
type layout struct {
	Title      string
	P          aims.Principal
	SignedIn   bool
	Orgs       []sqlstore.Membership
	Path       string
	Today      aims.Date // the server's today, for dates shown relative to it
	Flash      string
	AppVersion string
	Errors     map[string]string // field messages of a refused form
	ErrorText  string            // the summary above them
}

// Can reports whether the signed-in person's role holds a permission, so
// templates show only the actions that would succeed.
func (l layout) Can(perm string) bool {
	switch perm {
	case "write":
		return l.P.Role.Can(aims.PermWrite)
	case "archive":
		return l.P.Role.Can(aims.PermArchive)
	case "admin":
		return l.P.Role.Can(aims.PermAdmin)
	case "audit":
		return l.P.Role.Can(aims.PermAuditLog)
	}
	return l.P.Role.Can(aims.PermRead)
}

// Section reports whether the current page belongs to a navigation section,
// for aria-current.
func (l layout) Section(prefix string) bool {
	if prefix == "/" {
		return l.Path == "/"
	}
	return l.Path == prefix || strings.HasPrefix(l.Path, prefix+"/") || strings.HasPrefix(l.Path, prefix+".")
}

// Err returns a field's message in a refused form.
func (l layout) Err(field string) string { return l.Errors[field] }

// layoutFor fills the frame of a page for the request.
func (s *Server) layoutFor(w http.ResponseWriter, r *http.Request, title string) layout {
	l := layout{Title: title, Path: r.URL.Path, AppVersion: s.cfg.Version, Today: s.today()}
	if p, ok := principalOf(r.Context()); ok {
		l.P, l.SignedIn = p, true
		if orgs, err := s.store.Memberships(r.Context(), p.UserID); err == nil {
			l.Orgs = orgs
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			l.Flash = v
		}
		s.setCookie(w, r, flashCookie, "", -1)
	}
	return l
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, view any) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, view); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

type errorView struct {
	layout
	Status  int
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string, fields map[string]string) {
	v := errorView{layout: s.layoutFor(w, r, http.StatusText(status)), Status: status, Message: msg}
	v.Errors = fields
	if err := s.render(w, r, status, "error", v); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

const flashCookie = "aims_flash"

// redirect ends a successful form post (post/redirect/get), carrying a
// short confirmation to the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		s.setCookie(w, r, flashCookie, url.QueryEscape(flash), 60)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.cfg.SecureCookies }

// setCookie sets (or, with maxAge -1 and no value, clears) one of the
// server's cookies. Every cookie goes through here, so each is HttpOnly,
// SameSite=Lax and, when served over TLS or behind a TLS proxy, Secure: a
// cookie set Secure cannot be cleared by a response that is not.
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// static serves the embedded stylesheet and script. Their names carry no
// hash, so they are cached for a short time only.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	b, err := assets.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		return errNoRoute
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	default:
		return errNoRoute
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(b)
	return nil
}
