// Package ini parses INI files in the dialect most applications share
// (Python's configparser defaults, go-ini, Grafana, Gitea), keeping the byte
// span of every section, key and value so callers can report findings at
// exact positions.
//
// The accepted syntax:
//
//	; a comment          full-line comments start with ';' or '#'
//	# a comment
//	key = value          before the first section: the global section ""
//	[section]            a header; a ';' or '#' comment may follow it
//	key = value          the key ends at the first '=' or ':'; blanks
//	key: value           around key and value are dropped
//	key =                an empty value
//	  continued          a line indented deeper than its key continues the
//	                     value (blank lines in between are allowed)
//
// Inline comments after a value are not stripped (configparser keeps them
// by default), and keys keep their case. A line that is none of the above is
// an Error. The package reports nothing itself and does not decide whether a
// repeated key is a problem.
package ini

import (
	"fmt"

	"github.com/guidec/guidec/internal/source"
)

// Section is one [name] header.
type Section struct {
	Name string
	Span source.Span // of the name between the brackets
}

// Entry is one key and its value.
type Entry struct {
	Section   string // the enclosing section's name; "" before any header
	Key       string
	Value     string      // continuation lines are joined with '\n'
	KeySpan   source.Span // of the key
	ValueSpan source.Span // of the value, through its last continuation line
}

// File is the parsed content.
type File struct {
	Sections []Section
	Entries  []Entry
}

// Error is one syntax error at Span in the parsed text.
type Error struct {
	Span source.Span
	Msg  string // lowercase, no trailing period
}

// Error returns the message with the span's start offset.
func (e Error) Error() string { return fmt.Sprintf("%d: %s", e.Span.Start, e.Msg) }

// Parse parses text. It never fails: every line that is not a section,
// entry, continuation, comment or blank line yields an Error.
func Parse(text []byte) (*File, []Error) {
	p := &parser{text: text, f: &File{}, cur: -1}
	for start := 0; start < len(text); {
		// Lines end at LF, CRLF or a lone CR, as in the guide the text
		// comes from (configparser's universal newlines agree).
		end, next := source.EditorBreaks.LineAt(text, start)
		p.line(start, end)
		start = next
	}
	return p.f, p.errs
}

type parser struct {
	text    []byte
	f       *File
	errs    []Error
	section string
	cur     int // index in f.Entries of the entry being continued, or -1
	indent  int // indentation of that entry's line
}

func (p *parser) errorf(start, end int, format string, args ...any) {
	p.errs = append(p.errs, Error{Span: source.Span{Start: start, End: end}, Msg: fmt.Sprintf(format, args...)})
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// trim returns [start, end) without leading and trailing blanks.
func (p *parser) trim(start, end int) (int, int) {
	for start < end && isBlank(p.text[start]) {
		start++
	}
	for end > start && isBlank(p.text[end-1]) {
		end--
	}
	return start, end
}

// line parses the line [start, end), end being its line break or the
// text's end.
func (p *parser) line(start, end int) {
	s, e := p.trim(start, end)
	switch {
	case s == e:
		return // blank lines neither end nor join a value
	case p.text[s] == ';' || p.text[s] == '#':
		return
	case p.cur >= 0 && s-start > p.indent:
		p.continuation(s, e)
		return
	case p.text[s] == '[':
		p.cur = -1
		p.header(s, e)
		return
	}
	p.entry(start, s, e)
}

func (p *parser) continuation(s, e int) {
	en := &p.f.Entries[p.cur]
	if en.ValueSpan.Start == en.ValueSpan.End {
		en.ValueSpan.Start = s
		en.Value = string(p.text[s:e])
	} else {
		en.Value += "\n" + string(p.text[s:e])
	}
	en.ValueSpan.End = e
}

// header parses [name] at [s, e).
func (p *parser) header(s, e int) {
	rb := -1 // the closing bracket
	for i := s + 1; i < e; i++ {
		if p.text[i] == ']' {
			rb = i
			break
		}
	}
	if rb < 0 {
		p.errorf(s, e, "missing ']' in section header")
		return
	}
	ns, ne := p.trim(s+1, rb)
	if ns == ne {
		p.errorf(s, rb+1, "empty section name")
		return
	}
	if rs, re := p.trim(rb+1, e); rs < re && p.text[rs] != ';' && p.text[rs] != '#' {
		p.errorf(rs, re, "unexpected text after section header")
	}
	p.section = string(p.text[ns:ne])
	p.f.Sections = append(p.f.Sections, Section{Name: p.section, Span: source.Span{Start: ns, End: ne}})
}

// entry parses key = value or key: value at [s, e) of the line starting at
// start.
func (p *parser) entry(start, s, e int) {
	p.cur = -1
	d := -1
	for i := s; i < e; i++ {
		if c := p.text[i]; c == '=' || c == ':' {
			d = i
			break
		}
	}
	if d < 0 {
		p.errorf(s, e, "expected key = value, [section] or a comment")
		return
	}
	ks, ke := p.trim(s, d)
	if ks == ke {
		p.errorf(d, d+1, "missing key before %q", p.text[d])
		return
	}
	vs, ve := p.trim(d+1, e)
	p.f.Entries = append(p.f.Entries, Entry{
		Section:   p.section,
		Key:       string(p.text[ks:ke]),
		Value:     string(p.text[vs:ve]),
		KeySpan:   source.Span{Start: ks, End: ke},
		ValueSpan: source.Span{Start: vs, End: ve},
	})
	p.cur, p.indent = len(p.f.Entries)-1, s-start
}
