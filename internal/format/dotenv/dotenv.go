// Package dotenv parses .env files as docker compose (v2) and POSIX shells
// read them, keeping the byte span of every name and value so that callers
// can report findings at exact positions.
//
// The accepted syntax is the intersection that both readers agree on:
//
//	# a comment line
//	KEY=value                 unquoted: runs to the end of the line; a '#'
//	                          after a blank starts a comment; trailing blanks
//	                          are dropped; inner blanks are kept
//	export KEY='literal'      single quotes: no escapes, may span lines
//	KEY="a\nb"                double quotes: \n \r \t \" \\ \$ are decoded,
//	                          any other backslash is kept; may span lines
//
// Names match [A-Za-z_][A-Za-z0-9_.]* (compose accepts the dot; shells do
// not, but guides use .env files for compose and applications).
//
// What each loader reads differs for an unquoted value followed by a
// comment (KEY=value # note): docker compose's env_file and .env, shells
// and most dotenv libraries stop at the blank before '#', but
// `docker run --env-file` keeps every byte after '=' (quotes and comments
// included), so the application reads "value # note". Value holds the
// former; Var.Comment locates the comment so that a caller can report the
// disagreement (the comment belongs on a line of its own, which every
// loader reads the same; quoting would not help docker run, which keeps the
// quotes too).
//
// Everything else is an Error with a Kind, so that callers can decide what to
// do without reading messages. In particular blanks around '=' are an error
// even though compose trims them, because `docker run --env-file` keeps them
// in the name or value and a shell runs the value as a command. Values are
// never interpolated (${VAR} stays as written).
//
// The package owns parsing only; it reports nothing itself and does not
// decide whether a duplicate name is a problem.
package dotenv

import (
	"bytes"
	"fmt"

	"github.com/guidec/guidec/internal/source"
)

// Var is one assignment.
type Var struct {
	Key   string
	Value string // after quote removal and escape decoding; no interpolation
	// KeySpan is the name in the text.
	KeySpan source.Span
	// ValueSpan is the raw value in the text, quotes included; it is empty
	// (Start == End, just after '=') for KEY=.
	ValueSpan source.Span
	Export    bool // the line starts with "export "
	// Comment is an inline comment after an unquoted value, from the
	// blank(s) before '#' to the end of the line; the zero Span when there
	// is none. `docker run --env-file` reads it as part of the value.
	Comment source.Span
}

// ErrorKind classifies an Error.
type ErrorKind int

// Kinds of Error.
const (
	ErrNotAssignment     ErrorKind = iota // the line is not KEY=value at all (e.g. a command)
	ErrMissingEquals                      // a lone name, or KEY: value
	ErrInvalidName                        // the name has a character outside [A-Za-z0-9_.] or starts with a digit
	ErrSpaceAroundEquals                  // KEY = value or KEY= value
	ErrUnterminatedQuote                  // a quoted value never closes
	ErrTextAfterQuote                     // 'a'b: text follows the closing quote
)

// Error is one syntax error. Span locates it in the parsed text.
type Error struct {
	Kind ErrorKind
	Span source.Span
	Msg  string // lowercase, no trailing period
}

// Error returns the message with the span's start offset.
func (e Error) Error() string { return fmt.Sprintf("%d: %s", e.Span.Start, e.Msg) }

// Parse parses text and returns every assignment in order (duplicates
// included) and every syntax error. A line with an error yields no Var,
// except ErrSpaceAroundEquals and ErrTextAfterQuote, whose Var holds what
// docker compose would read. Parse never fails on any input.
func Parse(text []byte) ([]Var, []Error) {
	p := &parser{text: text}
	for p.pos < len(p.text) {
		p.statement()
	}
	return p.vars, p.errs
}

type parser struct {
	text []byte
	pos  int // start of the next statement (always a line start)
	vars []Var
	errs []Error
}

func (p *parser) errorf(kind ErrorKind, start, end int, format string, args ...any) {
	p.errs = append(p.errs, Error{Kind: kind, Span: source.Span{Start: start, End: end}, Msg: fmt.Sprintf(format, args...)})
}

// lineAt returns where the line holding off ends (the start of its line
// break, or len(text)) and where the next line starts. Lines end at LF,
// CRLF or a lone CR, as in the guide the text comes from
// (source.EditorBreaks).
func (p *parser) lineAt(off int) (end, next int) {
	return source.EditorBreaks.LineAt(p.text, off)
}

// trimEnd returns end moved back over blanks and '\r' down to start.
func (p *parser) trimEnd(start, end int) int {
	for end > start && isBlank(p.text[end-1]) {
		end--
	}
	return end
}

func (p *parser) skipBlanks(off, end int) int {
	for off < end && isBlank(p.text[off]) {
		off++
	}
	return off
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// statement parses one line (or more, for a quoted value spanning lines)
// starting at p.pos and leaves p.pos at the start of the next line.
func (p *parser) statement() {
	end, next := p.lineAt(p.pos)
	j := p.skipBlanks(p.pos, end)
	if j == end || p.text[j] == '#' {
		p.pos = next
		return
	}
	export := false
	if rest := p.text[j:end]; len(rest) > 7 && string(rest[:6]) == "export" && isBlank(rest[6]) {
		export = true
		j = p.skipBlanks(j+6, end)
	}
	p.pos = next
	p.assignment(j, end, export)
}

// assignment parses KEY=value from j; end is the end of j's line.
func (p *parser) assignment(j, end int, export bool) {
	t := j
	for t < end && p.text[t] != '=' && !isBlank(p.text[t]) {
		t++
	}
	name := string(p.text[j:t])
	valid := validName(name)
	if t == end || p.text[t] != '=' {
		p.noEquals(j, t, end, name, valid, export)
		return
	}
	if !valid {
		if name == "" {
			p.errorf(ErrInvalidName, t, t+1, "missing variable name before '='")
		} else {
			p.errorf(ErrInvalidName, j, t, "invalid variable name %q", name)
		}
		p.value(t+1, end) // consume a quoted value that may span lines
		return
	}
	v := t + 1
	if w := p.skipBlanks(v, end); w > v && w < end && p.text[w] != '#' {
		p.errorf(ErrSpaceAroundEquals, t, w, "blank after '=' in %s=", name)
		v = w
	}
	p.addVar(name, source.Span{Start: j, End: t}, v, end, export)
}

// noEquals handles a line whose first word is not followed by '='.
func (p *parser) noEquals(j, t, end int, name string, valid, export bool) {
	w := p.skipBlanks(t, end)
	switch {
	case valid && w < end && p.text[w] == '=':
		v := p.skipBlanks(w+1, end)
		if v == end || p.text[v] == '#' {
			v = w + 1
		}
		p.errorf(ErrSpaceAroundEquals, t, v, "blank around '=' in %s=", name)
		p.addVar(name, source.Span{Start: j, End: t}, v, end, export)
	case len(name) > 1 && name[len(name)-1] == ':' && validName(name[:len(name)-1]):
		p.errorf(ErrMissingEquals, t-1, t, "expected '=' after %s, found ':'", name[:len(name)-1])
	case valid && (w == end || p.text[w] == '#'):
		p.errorf(ErrMissingEquals, j, t, "missing '=' after %s", name)
	default:
		p.errorf(ErrNotAssignment, j, p.trimEnd(j, end), "expected KEY=value")
	}
}

func (p *parser) addVar(name string, key source.Span, v, end int, export bool) {
	val, vs := p.value(v, end)
	nv := Var{Key: name, Value: val, KeySpan: key, ValueSpan: vs, Export: export}
	if vs.End > vs.Start && p.text[vs.Start] != '\'' && p.text[vs.Start] != '"' {
		if e := p.trimEnd(vs.End, end); e > vs.End && p.text[p.skipBlanks(vs.End, e)] == '#' {
			nv.Comment = source.Span{Start: vs.End, End: e}
		}
	}
	p.vars = append(p.vars, nv)
}

// value parses the value starting at v; end is the end of v's line. It
// returns the decoded value and its raw span.
func (p *parser) value(v, end int) (string, source.Span) {
	if v < end && (p.text[v] == '\'' || p.text[v] == '"') {
		return p.quoted(v, end)
	}
	e := end
	for i := v; i < end; i++ {
		if p.text[i] == '#' && i > v && isBlank(p.text[i-1]) {
			e = i
			break
		}
	}
	e = p.trimEnd(v, e)
	return string(p.text[v:e]), source.Span{Start: v, End: e}
}

// quoted parses a quoted value opening at v. A value closing on a later
// line moves p.pos past that line. On an unterminated quote it reports the
// error and takes the rest of the line, so that parsing resumes at the next
// line.
func (p *parser) quoted(v, end int) (string, source.Span) {
	q := p.text[v]
	var buf []byte
	// Without a later quote byte the value cannot close: do not scan to
	// the end of the text for every such line.
	last := bytes.LastIndexByte(p.text, q)
	for i := v + 1; i <= last; i++ {
		c := p.text[i]
		switch {
		case c == q:
			if i > end {
				end, p.pos = p.lineAt(i)
			}
			p.afterQuote(i+1, end)
			return string(buf), source.Span{Start: v, End: i + 1}
		case c == '\\' && q == '"' && i+1 < len(p.text):
			i++
			buf = append(buf, unescape(p.text[i])...)
		default:
			buf = append(buf, c)
		}
	}
	e := p.trimEnd(v, end)
	kind := "double"
	if q == '\'' {
		kind = "single"
	}
	p.errorf(ErrUnterminatedQuote, v, e, "unterminated %s-quoted value", kind)
	return string(p.text[v+1 : e]), source.Span{Start: v, End: e}
}

// afterQuote checks that only blanks and a comment follow a closing quote at
// off on a line ending at end.
func (p *parser) afterQuote(off, end int) {
	w := p.skipBlanks(off, end)
	if w == end || w > off && p.text[w] == '#' {
		return
	}
	p.errorf(ErrTextAfterQuote, w, p.trimEnd(w, end), "unexpected text after the closing quote")
}

func unescape(c byte) []byte {
	switch c {
	case 'n':
		return []byte{'\n'}
	case 'r':
		return []byte{'\r'}
	case 't':
		return []byte{'\t'}
	case '"', '\\', '$':
		return []byte{c}
	}
	return []byte{'\\', c}
}

// validName reports whether s matches [A-Za-z_][A-Za-z0-9_.]*.
func validName(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' || s[0] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}
