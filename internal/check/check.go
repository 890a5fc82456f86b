// Package check defines the shape of guidec's checkers, after go/analysis: a
// Checker is a value with a name, documentation, the codes it reports and a
// Run function over a Pass. Each concern lives in its own subpackage
// (check/syntax, check/authelia, check/consistency, …); package build runs
// them and merges their findings.
package check

import (
	"context"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Checker is one concern of `guidec check`.
type Checker struct {
	Name  string
	Doc   string
	Codes []diag.CodeInfo
	Run   func(*Pass)
}

// Text is a heading, paragraph or list item as a reader sees it (markup
// removed, inline code kept as its text, site variables replaced by their
// nojs values), with a map back to the guide.
type Text struct {
	Kind    TextKind
	Level   int    // heading level (1–6) or list-item depth (1 = top level)
	Section string // id of the nearest heading before it ("" before any)
	Text    string
	Map     *source.Map // Text offsets → guide offsets
	// Code holds the spans of Text that were inline code (`value`), in
	// order: what a guide marks as a literal to copy.
	Code []source.Span
	// Table, Row and Col place a table cell (a Paragraph): Table counts
	// the page's tables from 1, Row is 0 for the header row and counts
	// body rows from 1, Col counts from 1. All are 0 for other texts.
	Table, Row, Col int
}

// TextKind says what a Text came from.
type TextKind int

// Kinds of Text.
const (
	Heading TextKind = iota
	Paragraph
	Item // the first paragraph of a list item, without its nested lists
)

// GuideSpan maps a span of t.Text back to the guide.
func (t Text) GuideSpan(sp source.Span) source.Span {
	if t.Map == nil {
		return source.Span{}
	}
	g, _ := t.Map.ResolveSpan(sp)
	return g
}

// Pass holds what a checker needs about one guide.
type Pass struct {
	File     *source.File       // the guide file
	Name     string             // the guide's slug (its directory name)
	Snippets []*snippet.Snippet // every code block, in order
	Texts    []Text             // headings, paragraphs and list items, in order
	// Version is the Authelia version the guide says it was tested with
	// ("4.38.17"), or "" when it names none.
	Version string
	// Against lists other releases to check the guide's provider snippets
	// for, as written by the user ("4.39", "latest", "all"): checkers
	// report what would break there that does not on Version.
	Against []string
	// Cache is shared by all passes of one run, for costly work such as
	// digest verification; nil means no caching.
	Cache Cache
	// Context ends when the run is abandoned (an interrupt, a newer
	// rebuild): a checker blocked in costly work, such as digest
	// verification, returns then. nil means never; see Ctx.
	Context context.Context
	// Report records a finding.
	Report func(diag.Diagnostic)
}

// Ctx returns p.Context, or context.Background() when it is nil.
func (p *Pass) Ctx() context.Context {
	if p.Context == nil {
		return context.Background()
	}
	return p.Context
}

// Cache remembers the outcome of costly, pure computations across guides and
// runs. Keys must not reveal secrets (hash them).
type Cache interface {
	Get(key string) (value string, ok bool)
	Put(key, value string)
}

// Reportf reports a diagnostic in the guide file.
func (p *Pass) Reportf(sp source.Span, sev diag.Severity, code, hint, format string, args ...any) {
	var l diag.List
	l.Addf(p.File, sp, sev, code, hint, format, args...)
	p.Report(l[0])
}
