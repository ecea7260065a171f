package aims

import (
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// EvidenceKind says whether evidence is a file kept by aims or a link to
// where the organization keeps it (a ticket, a wiki page, a repository).
type EvidenceKind string

// The two kinds of evidence.
const (
	EvidenceFile EvidenceKind = "file"
	EvidenceLink EvidenceKind = "link"
)

// EvidenceKinds lists the kinds in display order.
var EvidenceKinds = []EvidenceKind{EvidenceFile, EvidenceLink}

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool { return contains(EvidenceKinds, k) }

// Label names the kind for people.
func (k EvidenceKind) Label() string {
	if k == EvidenceLink {
		return "Link"
	}
	return "File"
}

// EvidenceType is one kind of file aims accepts as evidence: what the
// content must look like, the names it may go by, and whether a browser
// could run it (none here can: HTML, SVG and scripts are refused, so a
// download can never become a page of this site).
type EvidenceType struct {
	Type       string   // the media type served on download
	Label      string   // for people
	Extensions []string // file name endings that declare it
}

// EvidenceTypes are the file types evidence may have. Content decides the
// type (the first 512 bytes, as the web layer detects them); the declared
// type and the file name's extension may only narrow it (plain text may be
// CSV, JSON or Markdown; a ZIP may be an Office Open XML document).
var EvidenceTypes = []EvidenceType{
	{"application/pdf", "PDF", []string{".pdf"}},
	{"image/png", "PNG image", []string{".png"}},
	{"image/jpeg", "JPEG image", []string{".jpg", ".jpeg"}},
	{"image/gif", "GIF image", []string{".gif"}},
	{"text/plain", "Plain text", []string{".txt", ".log"}},
	{"text/csv", "CSV", []string{".csv"}},
	{"application/json", "JSON", []string{".json"}},
	{"text/markdown", "Markdown", []string{".md", ".markdown"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", []string{".docx"}},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", []string{".xlsx"}},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint presentation", []string{".pptx"}},
}

// EvidenceTypeLabel names a stored media type for people.
func EvidenceTypeLabel(mediaType string) string {
	for _, t := range EvidenceTypes {
		if t.Type == mediaType {
			return t.Label
		}
	}
	return mediaType
}

// ResolveEvidenceType decides the type of an uploaded file from what its
// content was detected as (sniffed: http.DetectContentType of its first 512
// bytes, parameters dropped), the type the client declared (may be empty or
// application/octet-stream, which say nothing) and the file name. It
// refuses, with a message for the person, a type outside the list and a
// declaration the content contradicts: a "PNG" that is HTML is an attack
// or a mistake, never evidence.
func ResolveEvidenceType(sniffed, declared, name string) (string, error) {
	declared = strings.ToLower(strings.TrimSpace(declared))
	if i := strings.IndexByte(declared, ';'); i >= 0 {
		declared = strings.TrimSpace(declared[:i])
	}
	if declared == "application/octet-stream" {
		declared = ""
	}
	ext := strings.ToLower(path.Ext(name))
	byExt := ""
	for _, t := range EvidenceTypes {
		if contains(t.Extensions, ext) {
			byExt = t.Type
		}
	}
	if ext != "" && byExt == "" {
		return "", Invalid("file", "is named "+ext+", a type aims does not keep; upload PDF, PNG, JPEG, GIF, plain text, CSV, JSON, Markdown or an Office document")
	}
	// What the content allows: the sniffed type, or its refinements.
	var allowed []string
	switch sniffed {
	case "application/pdf", "image/png", "image/jpeg", "image/gif":
		allowed = []string{sniffed}
	case "text/plain":
		allowed = []string{"text/plain", "text/csv", "application/json", "text/markdown"}
	case "application/zip":
		allowed = []string{EvidenceTypes[8].Type, EvidenceTypes[9].Type, EvidenceTypes[10].Type}
	default:
		return "", Invalid("file", "is of a type aims does not keep ("+sniffed+"); upload PDF, PNG, JPEG, GIF, plain text, CSV, JSON, Markdown or an Office document")
	}
	for _, want := range []string{declared, byExt} {
		if want != "" && !contains(allowed, want) {
			return "", Invalid("file", "is declared as "+want+" but its content is "+sniffed)
		}
	}
	switch {
	case declared != "":
		return declared, nil
	case byExt != "":
		return byExt, nil
	case sniffed == "application/zip":
		return "", Invalid("file", "is a ZIP archive; only Office documents (.docx, .xlsx, .pptx) are kept")
	}
	return allowed[0], nil
}

// maxFileName bounds a stored file name.
const maxFileName = 200

// CleanFileName checks the name a client gave a file: a base name only,
// never a path (no separators, no "..", nothing a file system or a
// Content-Disposition header could read differently), printable and
// valid UTF-8. It refuses rather than repairs: a name with a path in it
// says the client is not what it claims.
func CleanFileName(name string) (string, error) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", Invalid("file", "has no file name")
	case !utf8.ValidString(n):
		return "", Invalid("file", "name is not valid UTF-8")
	case utf8.RuneCountInString(n) > maxFileName:
		return "", Invalid("file", "name is too long (at most "+itoa(maxFileName)+" characters)")
	case strings.ContainsAny(n, `/\`), n == ".", n == "..", strings.Contains(n, ".."):
		return "", Invalid("file", "name must be a plain file name, without folders or \"..\"")
	case strings.ContainsAny(n, `"`):
		return "", Invalid("file", "name must not contain quotation marks")
	case strings.IndexFunc(n, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }) >= 0:
		return "", Invalid("file", "name must not contain control characters")
	}
	return n, nil
}

// Evidence is documented information an organization keeps to show that its
// AIMS works (clause 7.5): a file held by aims, named by the SHA-256 of its
// content, or a link to where it is kept. It is attached to the records it
// supports and may expire (a certificate, a yearly test report).
type Evidence struct {
	ID          int64        `json:"id"`
	Ref         string       `json:"ref"`
	Version     int          `json:"version"`
	Kind        EvidenceKind `json:"kind"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	// A file's name, SHA-256 (hex), size in bytes and media type; empty
	// for a link.
	FileName    string `json:"file_name"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	// URL is a link's address; empty for a file.
	URL            string       `json:"url"`
	ValidUntil     Date         `json:"valid_until"`
	UploadedByID   int64        `json:"uploaded_by_id"`
	UploadedByName string       `json:"uploaded_by_name"`
	Attachments    []Attachment `json:"attachments"`
	Archived       bool         `json:"archived"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// Attachment says that evidence supports a record of a register: an AI
// system (RegisterAISystems, record ID its ID) or a requirement of the gap
// analysis (RegisterGap, record ID the requirement ID).
type Attachment struct {
	Register string    `json:"register"`
	RecordID string    `json:"record_id"`
	Ref      string    `json:"ref"`   // the record's readable reference, when known
	Title    string    `json:"title"` // the record's name, when known
	By       string    `json:"attached_by"`
	At       time.Time `json:"attached_at"`
}

// Expired reports whether the evidence's validity has ended before today.
func (e Evidence) Expired(today Date) bool {
	return !e.ValidUntil.IsZero() && e.ValidUntil.Before(today)
}

// Normalize trims what people type.
func (e *Evidence) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.URL = strings.TrimSpace(e.URL)
	if e.Attachments == nil {
		e.Attachments = []Attachment{}
	}
}

// Validate checks the fields a person writes; the file's own fields are set
// by the upload, never by a client.
func (e Evidence) Validate() error {
	f := fieldErrors{}
	checkText(f, "title", e.Title, true, maxName)
	checkText(f, "description", e.Description, false, maxText)
	if !e.Kind.Valid() {
		f.add("kind", "must be one of: "+joinEnum(EvidenceKinds))
	}
	if e.Kind == EvidenceLink {
		u, err := url.Parse(e.URL)
		switch {
		case e.URL == "":
			f.add("url", "is required for a link")
		case len(e.URL) > 2000:
			f.add("url", "is at most 2000 characters")
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			f.add("url", "must be an http(s) address")
		}
	}
	if e.Kind == EvidenceFile && e.URL != "" {
		f.add("url", "a file has no URL; add a link as its own evidence")
	}
	return f.err()
}

// EvidenceFilter narrows the evidence list. Zero values mean "any".
type EvidenceFilter struct {
	ListParams
	Kind     EvidenceKind
	Type     string // media type of files
	Validity string // "", "valid", "expired"
	Register string // attached to a record of this register
	Archived bool
	Today    Date
}

// EvidenceSorts are the columns the evidence list can be sorted by.
var EvidenceSorts = []string{"ref", "title", "valid_until", "updated_at"}

// Validate checks the filter's enumerations and paging.
func (f EvidenceFilter) Validate() error {
	errs := fieldErrors{}
	if err := f.ListParams.Validate(EvidenceSorts...); err != nil {
		for k, v := range err.(*ValidationError).Fields {
			errs.add(k, v)
		}
	}
	if f.Kind != "" && !f.Kind.Valid() {
		errs.add("kind", "must be one of: "+joinEnum(EvidenceKinds))
	}
	if f.Type != "" && EvidenceTypeLabel(f.Type) == f.Type {
		errs.add("type", "is not a type evidence can have")
	}
	if f.Validity != "" && f.Validity != "valid" && f.Validity != "expired" {
		errs.add("validity", "must be valid or expired")
	}
	if f.Register != "" && !contains(AttachableRegisters, f.Register) {
		errs.add("register", "must be one of: "+strings.Join(AttachableRegisters, ", "))
	}
	return errs.err()
}

// AttachableRegisters are the registers evidence can be attached to. A new
// register adds its key here and a lookup in the store.
var AttachableRegisters = []string{RegisterAISystems, RegisterGap, RegisterDocuments, RegisterCompetenceRecords, RegisterConcerns,
	RegisterCommunications, RegisterContextIssues, RegisterProcesses, RegisterObligations,
	RegisterUseReviews,
	RegisterComponents,
	RegisterIncidents, RegisterInformation,
	RegisterCustomControls,
	RegisterRisks,
	RegisterImpactAssessments,
	RegisterThirdParties,
	RegisterDatasets,
}

// CheckAttachment checks an attachment's register and record ID as a client
// sent them; whether the record exists is the store's question.
func CheckAttachment(register, recordID string) error {
	f := fieldErrors{}
	if !contains(AttachableRegisters, register) {
		f.add("register", "must be one of: "+strings.Join(AttachableRegisters, ", "))
	}
	checkText(f, "record_id", recordID, true, 50)
	return f.err()
}
