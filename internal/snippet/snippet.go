// Package snippet defines the code blocks of a guide as validators see them:
// the text a reader sees (site variables replaced by their nojs values), the
// fence's language and attributes, and a map from every byte of that text
// back to the guide file.
//
// Extraction from the parsed Markdown lives in package markdown, which owns
// the tree; this package owns only the data and position arithmetic, so the
// checkers below depend on nothing upstream but source.
package snippet

import (
	"path"
	"strings"

	"github.com/guidec/guidec/internal/source"
)

// Attr is one fence attribute such as title="compose.yml".
type Attr struct {
	Key, Value string
	Span       source.Span // of the whole key=value in the guide
}

// Var is one site variable inside a snippet's text.
type Var struct {
	Name   string      // sitevar name, e.g. "domain"
	Format string      // optional format, e.g. "regex"
	Span   source.Span // of the substituted text in Snippet.Text
}

// Snippet is one fenced (or indented) code block.
type Snippet struct {
	File     *source.File // the guide file, for diagnostics
	Lang     string       // fence language, lowercased; "" when none
	Attrs    []Attr       // fence attributes in order
	Text     []byte       // reader-visible text, each line ending in '\n'
	Map      *source.Map  // Text offsets → File offsets
	Span     source.Span  // the whole block in File
	InfoSpan source.Span  // the info string (language and attributes) in File
	Vars     []Var        // site variables substituted into Text
	// Shortcode is the name of the shortcode that produced the block when it
	// came from a template (e.g. the claims-hydration escape hatch), else "".
	Shortcode string
	// Index is the snippet's ordinal among the guide's snippets, from 0.
	Index int
}

// Attr returns the value of attribute key and whether it is present.
func (s *Snippet) Attr(key string) (string, bool) {
	for _, a := range s.Attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Title returns the title attribute, or "".
func (s *Snippet) Title() string {
	t, _ := s.Attr("title")
	return t
}

// FileName returns the base name of the title ("config/app.yml" → "app.yml").
func (s *Snippet) FileName() string {
	t := strings.TrimSpace(s.Title())
	if t == "" {
		return ""
	}
	return path.Base(strings.ReplaceAll(t, "\\", "/"))
}

// GuideSpan maps a span of Text to a span of the guide file. Text that came
// from a shortcode maps to the whole shortcode call.
func (s *Snippet) GuideSpan(sp source.Span) source.Span {
	if s.Map == nil {
		return s.Span
	}
	g, ok := s.Map.ResolveSpan(sp)
	if !ok {
		return source.Span{Start: s.Span.Start, End: s.Span.Start}
	}
	return g
}

// Lines returns the line table of Text under convention k: the convention
// of the parser whose (line, column) positions are to be mapped, which is
// not always the guide's. yaml.v3, for one, ends lines at NEL, LS and PS
// too (source.YAMLBreaks), go-toml at LF only (source.LFBreaks). Text's own
// lines end at LF (a lone CR of the guide reaches Text as LF, see package
// shortcode), but a line may hold any of the other breaks.
func (s *Snippet) Lines(k source.Breaks) *source.Lines {
	return source.NewLines(s.Text, k)
}
