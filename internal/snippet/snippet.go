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
	"sync"
	"unsafe"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
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

	// parse, once KeepParses set it, holds the parse of Text that YAML
	// returns to every checker; copies of the snippet share it.
	parse *yamlParse
}

// YAMLParse is the outcome of decoding a snippet's Text as YAML (see
// yamlpos.DecodeStream, the one decoder of snippets): the documents decoded,
// in order, until the first error (not io.EOF) or panic of yaml.v3, which
// stopped decoding.
type YAMLParse = yamlpos.Stream

// yamlParse is the parse a snippet keeps (KeepParses).
type yamlParse struct {
	once sync.Once
	text []byte // the Text parsed
	p    YAMLParse

	mu   sync.Mutex
	memo map[any]any // see Memo
}

// KeepParses makes ParseYAML parse s.Text once and give every caller that
// parse, for the checkers of a page that each read the same snippet. Call
// it when creating s, before it is shared or copied. A snippet without it
// is parsed at every call.
func (s *Snippet) KeepParses() { s.parse = &yamlParse{} }

// ParseYAML returns the YAML parse of s.Text (see KeepParses). The nodes
// are shared: callers must not modify them.
func (s *Snippet) ParseYAML() YAMLParse {
	p := s.parse
	if p == nil {
		return parseYAML(s.Text)
	}
	p.once.Do(func() { p.text, p.p = s.Text, parseYAML(s.Text) })
	if !sameBytes(p.text, s.Text) {
		return parseYAML(s.Text) // Text was replaced since: not the parse kept
	}
	return p.p
}

// Memo returns what f computes from s.Text, computed once for every
// checker that reads the snippet when KeepParses was called (a reading
// built on the parse, such as the provider's clients, which two checkers
// need), else at every call. key names the reading; the value must not
// be modified by its readers. A copy of s whose Text was replaced gets
// its own. f runs with the snippet's memo lock held: it must not call
// Memo on s (ask for the other reading first and hand it in, as
// authelia.ReadSnippet does).
func (s *Snippet) Memo(key any, f func() any) any {
	p := s.parse
	if p == nil {
		return f()
	}
	p.once.Do(func() { p.text, p.p = s.Text, parseYAML(s.Text) })
	if !sameBytes(p.text, s.Text) {
		return f()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := f()
	if p.memo == nil {
		p.memo = map[any]any{}
	}
	p.memo[key] = v
	return v
}

// YAML is ParseYAML as DecodeYAML answers: a panic of yaml.v3 is raised
// again, as a parse of the caller's own would raise it.
func (s *Snippet) YAML() ([]*yaml.Node, error) {
	p := s.ParseYAML()
	if p.Panicked {
		panic(p.Panic)
	}
	return p.Docs, p.Err
}

// sameBytes reports whether a and b are the same slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

func parseYAML(text []byte) YAMLParse { return yamlpos.DecodeStream(text) }

// DecodeYAML decodes every document of text into nodes, until the first
// error (not io.EOF), which it returns with the documents before it.
// Decoding into yaml.Node expands no alias, so a "billion laughs" document
// costs no more than its size.
func DecodeYAML(text []byte) ([]*yaml.Node, error) {
	p := parseYAML(text)
	if p.Panicked {
		panic(p.Panic)
	}
	return p.Docs, p.Err
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
