package aims

import (
	"embed"
	"strings"
)

//go:embed templates/*.md
var starterFiles embed.FS

// StarterTemplate is the starting text, in our own words, for a document of
// kind, with placeholders in [brackets]; "" when aims has none for it.
func StarterTemplate(kind DocKind) string {
	b, err := starterFiles.ReadFile("templates/" + string(kind) + ".md")
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// HasTemplate reports whether a starter template exists for kind.
func HasTemplate(kind DocKind) bool { return StarterTemplate(kind) != "" }
