package syntax

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/hbollon/go-edlib"
)

// wellKnown lists file names that guides title snippets with; a title a
// small edit away from one of them is probably a typo.
var wellKnown = []string{
	"compose.yml", "compose.yaml",
	"docker-compose.yml", "docker-compose.yaml", "docker-compose.override.yml",
	"configuration.yml", "configuration.yaml", "users_database.yml",
	".env",
	"config.yml", "config.yaml", "config.toml", "config.ini", "config.json",
	"app.ini", "settings.json", "appsettings.json",
	"values.yaml", "Chart.yaml", "kustomization.yaml",
	"application.yml", "application.yaml", "homeserver.yaml",
	"traefik.yml", "traefik.yaml",
}

// isKnownExt reports whether ext (without its dot) is a format's own
// extension, hence never a typo of another.
func isKnownExt(ext string) bool {
	f := snippet.NameFormat("x." + ext)
	return f != snippet.None && !f.Vague()
}

// checkTitle returns the title findings for s.
func checkTitle(s *snippet.Snippet) []diag.Diagnostic {
	attr, ok := titleAttr(s)
	name := s.FileName()
	if !ok || name == "" {
		return nil
	}
	var out []diag.Diagnostic
	if d, bad := titleMismatch(s, attr, name); bad {
		out = append(out, d)
	}
	if d, bad := titleMisspelt(s, attr, name); bad {
		out = append(out, d)
	}
	return out
}

func titleAttr(s *snippet.Snippet) (snippet.Attr, bool) {
	for _, a := range s.Attrs {
		if a.Key == "title" {
			return a, true
		}
	}
	return snippet.Attr{}, false
}

// titleMismatch reports a title whose extension names another format than
// the fence language (by the table of snippet formats: formats whose names
// are vague never mismatch).
func titleMismatch(s *snippet.Snippet, attr snippet.Attr, name string) (diag.Diagnostic, bool) {
	lang, want := s.LangFormat(), snippet.NameFormat(name)
	if lang == snippet.None || lang.Vague() || want == snippet.None || want.Vague() || want.ShownAs(lang) {
		return diag.Diagnostic{}, false
	}
	return diag.Diagnostic{
		File:     s.File,
		Span:     attr.Span,
		Severity: severityOf("title-lang-mismatch"),
		Code:     "title-lang-mismatch",
		Message:  fmt.Sprintf("title %q names %s, but the block's language is %s", name, want.Noun(), s.Lang),
		Hint:     "make the fence language and the title agree, so readers save the snippet in the right format",
	}, true
}

// titleMisspelt reports a file name one or two edits away from a
// well-known name, with a fix that replaces it in the title.
func titleMisspelt(s *snippet.Snippet, attr snippet.Attr, name string) (diag.Diagnostic, bool) {
	want, ok := suggestName(name)
	if !ok {
		return diag.Diagnostic{}, false
	}
	d := diag.Diagnostic{
		File:     s.File,
		Span:     attr.Span,
		Severity: severityOf("title-misspelt"),
		Code:     "title-misspelt",
		Message:  fmt.Sprintf("title %q looks misspelt: did you mean %s", name, want),
		Hint:     fmt.Sprintf("readers save the snippet under its title: rename it to %s if that is the file meant", want),
	}
	if s.File != nil && attr.Span.End <= len(s.File.Content) && attr.Span.Start >= 0 {
		raw := s.File.Content[attr.Span.Start:attr.Span.End]
		if i := bytes.LastIndex(raw, []byte(name)); i >= 0 {
			start := attr.Span.Start + i
			d.Fix = &diag.Fix{
				Message: "rename to " + want,
				Edits:   []diag.Edit{{Span: source.Span{Start: start, End: start + len(name)}, NewText: want}},
			}
		}
	}
	return d, true
}

// suggestName returns the well-known name that name misspells, if any: the
// same extension with a stem at most 1 edit away (2 for stems of 8 bytes or
// more; stems shorter than 4 are never compared), or the same stem with an
// unknown extension 1 edit away from the known one. Names equal to a
// well-known one (ignoring case) are never misspelt.
func suggestName(name string) (string, bool) {
	lower := strings.ToLower(name)
	for _, k := range wellKnown {
		if lower == strings.ToLower(k) {
			return "", false
		}
	}
	stem, ext := splitName(lower)
	best, bestDist, bestLen := "", 3, 0
	for _, k := range wellKnown {
		kstem, kext := splitName(strings.ToLower(k))
		var d int
		switch {
		case ext == kext && len(kstem) >= 4:
			// The distance is at least the difference of the lengths in
			// runes: most names are too long or too short to compare.
			if abs(utf8.RuneCountInString(stem)-utf8.RuneCountInString(kstem)) > stemBudget(len(kstem)) {
				continue
			}
			d = edlib.OSADamerauLevenshteinDistance(stem, kstem)
			if d > stemBudget(len(kstem)) {
				continue
			}
		case stem == kstem && ext != "" && kext != "" && !isKnownExt(ext):
			d = edlib.OSADamerauLevenshteinDistance(ext, kext)
			if d > 1 {
				continue
			}
		default:
			continue
		}
		// On a tie prefer the name of the same length: a swapped or
		// mistyped letter is likelier than a missing one.
		lenDiff := abs(len(k) - len(name))
		if d >= 1 && (d < bestDist || d == bestDist && lenDiff < bestLen) {
			best, bestDist, bestLen = k, d, lenDiff
		}
	}
	return best, best != ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func stemBudget(n int) int {
	if n >= 8 {
		return 2
	}
	return 1
}

// splitName splits a file name at its last dot; a dot file without another
// dot (".env") is all stem.
func splitName(name string) (stem, ext string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return name, ""
	}
	return name[:i], name[i+1:]
}
