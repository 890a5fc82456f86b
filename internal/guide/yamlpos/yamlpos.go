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
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// Doc is a YAML document parsed from a span of a file.
type Doc struct {
	File *source.File
	// Root is the document's top node (usually a mapping); nil when the
	// document is empty or holds only comments.
	Root *yaml.Node

	text     []byte // the YAML text, a subslice of File.Content
	base     int    // offset of text in File.Content
	baseLine int    // file line (1-based) holding base
	// starts holds the offsets in text of its lines after the first,
	// computed on first use. Locating nodes through them rather than
	// through File's line table keeps a guide's loading from indexing
	// every line of its body, which it would keep in memory for the
	// whole build.
	starts []int
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
	d := &Doc{File: f, text: text, base: base, baseLine: lineOf(f, base)}
	var n yaml.Node
	if err := safeUnmarshal(text, &n); err != nil {
		return d, d.syntaxError(err)
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		d.Root = n.Content[0]
	}
	return d, nil
}

// NewDoc returns a Doc for a tree built by other means (TOML front matter
// converted to yaml.Node), whose node positions are relative to sp.
func NewDoc(f *source.File, sp source.Span, root *yaml.Node) *Doc {
	return &Doc{File: f, Root: root, text: f.Content[sp.Start:sp.End], base: sp.Start, baseLine: lineOf(f, sp.Start)}
}

// lineOf returns the 1-based line of f holding off, as f.Position does.
func lineOf(f *source.File, off int) int {
	return 1 + bytes.Count(f.Content[:min(max(off, 0), len(f.Content))], []byte{'\n'})
}

func safeUnmarshal(text []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(text, n)
}

// Offset converts a yaml.v3 line and column (1-based, columns in
// characters, relative to the document) to a byte offset in the file.
func (d *Doc) Offset(line, col int) int {
	if line <= 1 {
		return d.base + runeAdvance(d.File.Content[d.base:], col-1)
	}
	return d.fileOffset(line, col)
}

// fileOffset is File.Offset for line (relative to the document, at least
// 2) and col: the same clamping, computed from the document's own lines.
// A line beyond the document's text is left to File.Offset.
func (d *Doc) fileOffset(line, col int) int {
	if d.starts == nil {
		d.starts = []int{}
		for i, c := range d.text {
			if c == '\n' {
				d.starts = append(d.starts, i+1)
			}
		}
	}
	if line-2 >= len(d.starts) {
		return d.File.Offset(d.baseLine+line-1, col)
	}
	c := d.File.Content
	off := d.base + d.starts[line-2]
	end := len(c)
	if i := bytes.IndexByte(c[off:], '\n'); i >= 0 {
		end = off + i
	}
	if end > off && c[end-1] == '\r' {
		end--
	}
	for n := 1; n < col && off < end; n++ {
		_, size := utf8.DecodeRune(c[off:end])
		off += size
	}
	return off
}

// ByteOffset is Offset for a column counted in bytes, as go-toml counts.
func (d *Doc) ByteOffset(line, col int) int {
	start := d.base
	if line > 1 {
		start = d.fileOffset(line, 1)
	}
	off := start + max(col-1, 0)
	if e := d.lineEnd(start); off > e {
		off = e
	}
	return off
}

// runeAdvance returns the byte length of the first n runes of b, stopping
// at a line break.
func runeAdvance(b []byte, n int) int {
	off := 0
	for i := 0; i < n && off < len(b) && b[off] != '\n' && b[off] != '\r'; i++ {
		_, size := utf8.DecodeRune(b[off:])
		off += size
	}
	return off
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
	c := d.File.Content
	for i := off; i < len(c); i++ {
		switch c[i] {
		case want:
			return i + 1
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			for i < len(c) && c[i] != '\n' {
				i++
			}
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
	c := d.File.Content
	end := d.lineEnd(start)
	indent := indentOf(c, d.lineStart(start))
	for off := end + 1; off < len(c); {
		le := d.lineEnd(off)
		line := bytes.TrimRight(c[off:le], " \t\r")
		if len(line) > 0 {
			if indentOf(c, off) <= indent {
				break
			}
			end = off + len(line)
		}
		off = le + 1
	}
	return min(end, d.base+len(d.text))
}

func indentOf(c []byte, lineStart int) int {
	n := 0
	for lineStart+n < len(c) && c[lineStart+n] == ' ' {
		n++
	}
	return n
}

func (d *Doc) lineStart(off int) int {
	return bytes.LastIndexByte(d.File.Content[:off], '\n') + 1
}

// lineEnd returns the offset of the line break (or end of file) at or
// after off, excluding a '\r' before '\n'.
func (d *Doc) lineEnd(off int) int {
	c := d.File.Content
	i := bytes.IndexByte(c[off:], '\n')
	if i < 0 {
		return len(c)
	}
	end := off + i
	if end > off && c[end-1] == '\r' {
		end--
	}
	return end
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
	spent := 0
	off := 0
	for line := 1; line < from && off < len(d.text); line++ {
		next := bytes.IndexByte(d.text[off:], '\n')
		if next < 0 {
			return 0
		}
		off += next + 1
	}
	for line := from; off < len(d.text) && spent < prefixBudget; line++ {
		next := bytes.IndexByte(d.text[off:], '\n')
		if next < 0 {
			next = len(d.text)
		} else {
			next += off + 1
		}
		spent += next
		var n yaml.Node
		if err := safeUnmarshal(d.text[:next], &n); err != nil && stripPrefix(err.Error()) == msg {
			return line
		}
		off = next
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
