// Package yamlpos locates yaml.v3 nodes in the file they were parsed from.
//
// gopkg.in/yaml.v3 gives every node a 1-based line and a 1-based column
// counted in characters, relative to the YAML text it parsed. Guides embed
// YAML in front matter and site.yaml is YAML on its own; this package turns
// node positions into byte spans of the file on disk (source.Span), so that
// every finding about a key or value points at it exactly. It also holds the
// small, code-agnostic helpers that typed decoders share: scalar conversion,
// kind names for messages, bounded conversion to plain Go values and
// "did you mean" suggestions.
//
// It owns no diagnostic codes: callers (package guide for front matter,
// package publish for site.yaml) report with their own.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// Doc is a YAML document parsed from a span of a file.
type Doc struct {
	File *source.File
	// Root is the document's top node (usually a mapping); nil when the
	// document is empty or holds only comments.
	Root *yaml.Node

	text   []byte        // the YAML text, a subslice of File.Content
	base   int           // offset of text in File.Content
	breaks source.Breaks // how the parser numbered the lines of text
	// slab holds the tree's first chunks when the fast parser built it,
	// for Release to give back.
	slab *nodeSlab
	// lines indexes text under breaks, on first use. Locating nodes
	// through the document's own lines rather than the file's is what
	// makes them exact: yaml.v3 ends lines at NEL, LS and PS too, which
	// the file's line table (an editor's lines) does not; and it keeps a
	// guide's loading from indexing every line of its body.
	lines *source.Lines
}

// SyntaxError is YAML that yaml.v3 could not parse.
type SyntaxError struct {
	Span    source.Span // the offending line, as well as it can be located
	Message string      // yaml.v3's message without its "yaml: line N:" prefix
}

// Parse parses the bytes of sp in f as one YAML document. A UTF-8 byte order
// mark at the start of sp is skipped. It never panics: a panic inside
// yaml.v3 (which has had some on hostile input) is returned as a
// SyntaxError at the start of the span.
func Parse(f *source.File, sp source.Span) (*Doc, *SyntaxError) {
	text := f.Content[sp.Start:sp.End]
	base := sp.Start
	if bytes.HasPrefix(text, []byte("\uFEFF")) {
		text, base = text[3:], base+3
	}
	d := &Doc{File: f, text: text, base: base, breaks: source.YAMLBreaks}
	slab := slabPool.Get().(*nodeSlab)
	if doc, ok := fastParseIn(text, slab); ok {
		d.Root, d.slab = doc.Content[0], slab
		return d, nil
	}
	slab.release() // what a failed parse wrote
	var n yaml.Node
	if err := safeUnmarshal(text, &n); err != nil {
		return d, d.syntaxError(err)
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		d.Root = n.Content[0]
	}
	return d, nil
}

// Release gives the storage of d's tree back for a later Parse to reuse:
// a caller that is done with the tree (it has copied out what it keeps:
// the values, which are strings of their own, and spans) saves the next
// parse its allocation. Neither Root nor any node of the tree may be used
// after, nor given to Span or Start; Offset still works. Release on a Doc
// whose tree yaml.v3 built, or twice, does nothing more than drop Root.
func (d *Doc) Release() {
	if d.slab != nil {
		d.slab.release()
		d.slab = nil
	}
	d.Root = nil
}

// NewDoc returns a Doc for a tree built by other means (TOML front matter
// converted to yaml.Node), whose node positions are relative to sp, with
// lines numbered under breaks and columns counted in characters.
func NewDoc(f *source.File, sp source.Span, root *yaml.Node, breaks source.Breaks) *Doc {
	return &Doc{File: f, Root: root, text: f.Content[sp.Start:sp.End], base: sp.Start, breaks: breaks}
}

func safeUnmarshal(text []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(text, n)
}

func (d *Doc) lineTable() *source.Lines {
	if d.lines == nil {
		d.lines = source.NewLines(d.text, d.breaks)
	}
	return d.lines
}

// Offset converts a line and column (1-based, columns in characters,
// relative to the document, lines numbered as the parser numbers them) to
// a byte offset in the file. Values out of range are clamped to the
// document.
func (d *Doc) Offset(line, col int) int {
	return d.base + d.lineTable().Offset(line, col)
}

// ByteOffset is Offset for a column counted in bytes, as go-toml counts.
func (d *Doc) ByteOffset(line, col int) int {
	return d.base + d.lineTable().ByteOffset(line, col)
}

// local converts a file offset to an offset of the document's text,
// clamped to it.
func (d *Doc) local(off int) int {
	return min(max(off-d.base, 0), len(d.text))
}

// Start returns the file offset of n's first character (its tag or anchor
// when it has one).
func (d *Doc) Start(n *yaml.Node) int {
	if n == nil || n.Line == 0 {
		return d.base
	}
	return d.Offset(n.Line, n.Column)
}

// Span returns the extent of n in the file: a scalar's token (quotes
// included), an alias's `*name`, or a collection from its first to its last
// character. Multi-line plain scalars are cut at the end of their first
// line.
func (d *Doc) Span(n *yaml.Node) source.Span {
	return d.span(n, 0)
}

func (d *Doc) span(n *yaml.Node, depth int) source.Span {
	start := d.Start(n)
	if n == nil {
		return source.Span{Start: start, End: start}
	}
	var end int
	switch n.Kind {
	case yaml.ScalarNode:
		end = d.scalarEnd(n, start)
	case yaml.AliasNode:
		end = min(start+1+len(n.Value), len(d.File.Content))
	case yaml.MappingNode, yaml.SequenceNode:
		end = d.collectionEnd(n, start, depth)
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return d.span(n.Content[0], depth+1)
		}
		end = start
	default:
		end = start
	}
	if end < start {
		end = start
	}
	return source.Span{Start: start, End: end}
}

// collectionEnd finds where a mapping or sequence ends: after its last
// child, plus the closing bracket of a flow collection. Depth bounds the
// recursion on pathological nesting (yaml.v3 itself stops at 10000).
func (d *Doc) collectionEnd(n *yaml.Node, start, depth int) int {
	end := start
	if len(n.Content) > 0 && depth < 200 {
		end = d.span(n.Content[len(n.Content)-1], depth+1).End
	} else if len(n.Content) > 0 {
		end = d.lineEnd(start)
	}
	if n.Style&yaml.FlowStyle != 0 {
		end = d.closeBracket(end, n.Kind)
	}
	return end
}

// closeBracket returns the offset after the flow collection's closing
// bracket at or after off, skipping blanks, commas and comments.
func (d *Doc) closeBracket(off int, kind yaml.Kind) int {
	want := byte(']')
	if kind == yaml.MappingNode {
		want = '}'
	}
	c := d.File.Content[:d.base+len(d.text)]
	for i := off; i < len(c); i++ {
		if n := d.breaks.BreakAt(c, i); n > 0 {
			i += n - 1
			continue
		}
		switch c[i] {
		case want:
			return i + 1
		case ' ', '\t', ',':
		case '#':
			i = d.lineEnd(i) - 1
		default:
			if i == off && (c[i] == '[' || c[i] == '{') {
				continue // an empty collection: off is its opening bracket
			}
			return off
		}
	}
	return off
}

func (d *Doc) scalarEnd(n *yaml.Node, start int) int {
	c := d.File.Content
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && start < len(c) && c[start] == '"':
		return quotedEnd(c, start, '"')
	case n.Style&yaml.SingleQuotedStyle != 0 && start < len(c) && c[start] == '\'':
		return quotedEnd(c, start, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return d.blockEnd(start)
	}
	if bytes.HasPrefix(c[start:], []byte(n.Value)) && !strings.ContainsAny(n.Value, "\n") {
		return start + len(n.Value)
	}
	return d.plainEnd(start)
}

// quotedEnd returns the offset after the closing quote of a quoted scalar
// opening at start; a double-quoted scalar escapes with '\', a single-quoted
// one doubles the quote.
func quotedEnd(c []byte, start int, q byte) int {
	for i := start + 1; i < len(c); i++ {
		switch {
		case q == '"' && c[i] == '\\':
			i++
		case c[i] == q && q == '\'' && i+1 < len(c) && c[i+1] == '\'':
			i++
		case c[i] == q:
			return i + 1
		}
	}
	return len(c)
}

// plainEnd returns the end of a plain scalar's first line: before a comment
// and trailing blanks.
func (d *Doc) plainEnd(start int) int {
	c := d.File.Content
	end := d.lineEnd(start)
	if i := bytes.Index(c[start:end], []byte(" #")); i >= 0 {
		end = start + i
	}
	for end > start && (c[end-1] == ' ' || c[end-1] == '\t') {
		end--
	}
	return end
}

// blockEnd returns the end of a literal or folded block scalar whose
// indicator is at start: the last non-blank line indented deeper than the
// indicator's line.
func (d *Doc) blockEnd(start int) int {
	l := d.lineTable()
	first := l.Line(d.local(start))
	end := d.lineEnd(start)
	indent := indentOf(d.text, l.Start(first))
	for n := first + 1; n <= l.Count(); n++ {
		sp := l.LineSpan(n)
		line := bytes.TrimRight(d.text[sp.Start:sp.End], " \t")
		if len(line) == 0 {
			continue
		}
		if indentOf(d.text, sp.Start) <= indent {
			break
		}
		end = d.base + sp.Start + len(line)
	}
	return end
}

func indentOf(c []byte, lineStart int) int {
	n := 0
	for lineStart+n < len(c) && c[lineStart+n] == ' ' {
		n++
	}
	return n
}

// lineEnd returns the file offset where the document line holding off
// ends: the start of its line break, or the end of the document.
func (d *Doc) lineEnd(off int) int {
	l := d.lineTable()
	return d.base + l.End(l.Line(d.local(off)))
}

// syntaxError converts a yaml.v3 parse error into a located SyntaxError.
//
// yaml.v3 exposes no typed position for syntax errors: its message carries
// "line N", where N is 1-based for scanner errors but the 0-based line of
// the enclosing construct for parser errors. That number is only a hint:
// the line is found by parsing growing prefixes of the document, from just
// before the hinted line, and taking the first prefix that fails with the
// same message. Only when that search gives up does the hint serve as the
// position.
func (d *Doc) syntaxError(err error) *SyntaxError {
	msg := stripPrefix(err.Error())
	hint := parsedLine(err.Error())
	line := d.errorLine(msg, max(hint-1, 1))
	if line == 0 {
		line = hint
	}
	line = max(line, 1)
	start := d.Offset(line, 1)
	end := d.lineEnd(start)
	for start < end && (d.File.Content[start] == ' ' || d.File.Content[start] == '\t') {
		start++
	}
	return &SyntaxError{Span: source.Span{Start: start, End: end}, Message: msg}
}

// prefixBudget bounds the bytes parsed while locating a syntax error.
const prefixBudget = 1 << 20

func (d *Doc) errorLine(msg string, from int) int {
	l := d.lineTable()
	spent := 0
	for line := from; line <= l.Count() && spent < prefixBudget; line++ {
		next := l.Start(line + 1) // the prefix ends with the line's break
		spent += next
		var n yaml.Node
		if err := safeUnmarshal(d.text[:next], &n); err != nil && stripPrefix(err.Error()) == msg {
			return line
		}
	}
	return 0
}

// stripPrefix removes "yaml: " and "line N: " from a yaml.v3 message.
func stripPrefix(s string) string {
	s = strings.TrimPrefix(s, "yaml: ")
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if _, err := strconv.Atoi(rest[:i]); err == nil {
				s = rest[i+2:]
			}
		}
	}
	return s
}

// parsedLine extracts N from "yaml: line N: …", or returns 0.
func parsedLine(s string) int {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(s, "yaml: "), "line ")
	if !ok {
		return 0
	}
	i := strings.Index(rest, ":")
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil {
		return 0
	}
	return n
}

// ErrTooLarge is returned by ToAny when the value would exceed its budget,
// typically because aliases multiply a small document (billion laughs).
var ErrTooLarge = errors.New("value too large")
