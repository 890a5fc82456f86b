package guide

import (
	"time"

	"github.com/guidec/guidec/internal/source"
)

// Meta is a guide's typed front matter.
//
// Keys are matched without regard to case, as Hugo does; Params keeps every
// key lowercased. A key that is absent leaves its field at the zero value;
// in particular TOC is false unless `toc: true` is written, and Lastmod is
// zero unless given (use LastModified for "lastmod, else date").
type Meta struct {
	Title       string
	Description string
	Summary     string
	Date        time.Time // zero when absent; dates without a zone are UTC
	Lastmod     time.Time // zero when absent
	Draft       bool
	Images      []string // as written: paths relative to the guide, or URLs
	Weight      int
	TOC         bool
	// Aliases holds the valid aliases, as written; invalid ones are
	// reported (frontmatter-alias) and left out. AliasSpans[i] is the span of
	// Aliases[i] in the file.
	Aliases    []string
	AliasSpans []source.Span
	Support    Support
	SEO        SEO
	// Params is the whole front matter as plain values (map[string]any,
	// []any, string, bool, int, float64, nil) with lowercased keys, for
	// templates. Dates stay strings, as written.
	Params map[string]any
	// Fields locates every key that was present, by lowercased dotted path:
	// "title", "support.level", "aliases"; list items add their index in
	// the list as written: "aliases.0".
	Fields map[string]Field
}

// Support is the guide's support block.
type Support struct {
	Level       string // e.g. "community"
	Versions    bool   // the tested versions are listed
	Integration bool   // the integration itself is documented
}

// SEO holds the overrides for search engines.
type SEO struct {
	Title       string // <title>, instead of Meta.Title
	Description string // meta description, instead of Meta.Description
	Canonical   string // canonical URL, instead of the page's own
	NoIndex     bool   // ask search engines not to index the page
}

// Field is where a front matter key and its value are in the guide file.
// For a list item, Key and Value are both the item's span.
type Field struct {
	Key   source.Span
	Value source.Span
}

// Has reports whether the key at path was present.
func (m *Meta) Has(path string) bool {
	_, ok := m.Fields[path]
	return ok
}

// KeySpan returns the span of the key at path, or the zero Span when it
// was absent.
func (m *Meta) KeySpan(path string) source.Span { return m.Fields[path].Key }

// ValueSpan returns the span of the value at path, or the zero Span when
// it was absent.
func (m *Meta) ValueSpan(path string) source.Span { return m.Fields[path].Value }

// LastModified returns Lastmod, or Date when Lastmod is zero.
func (m *Meta) LastModified() time.Time {
	if m.Lastmod.IsZero() {
		return m.Date
	}
	return m.Lastmod
}
