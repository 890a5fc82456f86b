package markdown

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/source"
)

// FenceInfo is a parsed code fence info string such as
// `yaml {title="configuration.yml" linenos=true hl_lines=[2,3]}`, following
// Hugo: a language, then attributes in braces (the space before '{' is
// optional). Spans are offsets into the info string.
type FenceInfo struct {
	Lang     string      // lowercased; "" when the info string has none
	LangSpan source.Span // as written
	Brace    int         // offset of '{', or -1
	Attrs    []FenceAttr
}

// FenceAttr is one attribute. Quoted values are unquoted (with JSON-style
// escapes resolved, as goldmark does); lists keep their written form
// ("[2,\"4-6\"]"); ".c" is class=c and "#x" is id=x.
type FenceAttr struct {
	Key, Value string
	Span       source.Span // the whole attribute
	ValueSpan  source.Span // the value as written, quotes included
}

// FenceError is a problem in an info string.
type FenceError struct {
	Code    string // a code of Codes
	Span    source.Span
	Message string
	Hint    string
	// Insert, when not empty, is text whose insertion at InsertAt fixes the
	// problem.
	Insert   string
	InsertAt int
}

// ParseFenceInfo parses info (the text after the opening fence, trimmed).
// It never fails: problems are returned with the attributes it could
// recover, so that a checker still learns the title of a block whose
// attribute list is broken.
func ParseFenceInfo(info string) (FenceInfo, []FenceError) {
	fp := fenceParser{s: info}
	return fp.parse()
}

type fenceParser struct {
	s    string
	i    int
	fi   FenceInfo
	errs []FenceError
}

func (fp *fenceParser) parse() (FenceInfo, []FenceError) {
	fp.fi.Brace = -1
	fp.skipSpaces()
	start := fp.i
	for fp.i < len(fp.s) && !isSpace(fp.s[fp.i]) && fp.s[fp.i] != '{' {
		fp.i++
	}
	fp.fi.Lang = strings.ToLower(fp.s[start:fp.i])
	fp.fi.LangSpan = source.Span{Start: start, End: fp.i}
	fp.skipSpaces()
	if fp.i >= len(fp.s) {
		return fp.fi, fp.errs
	}
	if fp.s[fp.i] != '{' {
		fp.fail("fence-info-ignored", fp.i, len(fp.s), "put attributes in braces, e.g. yaml {title=\"config.yml\"}",
			"text %s after the language is ignored", quote(fp.s[fp.i:]))
		return fp.fi, fp.errs
	}
	fp.attrs()
	fp.skipSpaces()
	if fp.i < len(fp.s) {
		fp.fail("fence-info-ignored", fp.i, len(fp.s), "move it inside the braces or remove it",
			"text %s after the attributes is ignored", quote(fp.s[fp.i:]))
	}
	return fp.fi, fp.errs
}

// attrs parses "{…}"; fp.i is at the '{'.
func (fp *fenceParser) attrs() {
	fp.fi.Brace = fp.i
	fp.i++
	for {
		fp.skipSeparators()
		if fp.i >= len(fp.s) {
			fp.unclosedBrace()
			return
		}
		if fp.s[fp.i] == '}' {
			fp.i++
			return
		}
		if !fp.attr() {
			fp.recover()
		}
	}
}

// attr parses one attribute and reports whether it succeeded; on failure
// it has reported the problem (or fp.i is at the end, which the caller
// reports).
func (fp *fenceParser) attr() bool {
	start := fp.i
	switch c := fp.s[fp.i]; {
	case c == '#' || c == '.':
		fp.i++
		n := fp.i
		for fp.i < len(fp.s) && isIDChar(fp.s[fp.i]) {
			fp.i++
		}
		if fp.i == n {
			fp.syntax(start, "expected a name after %q", string(c))
			return false
		}
		key := "class"
		if c == '#' {
			key = "id"
		}
		fp.add(key, fp.s[n:fp.i], start, source.Span{Start: n, End: fp.i})
		return true
	case isNameStart(c):
		return fp.keyValue(start)
	}
	fp.syntax(start, "unexpected %s in attributes", quote(fp.s[start:start+1]))
	return false
}

// keyValue parses key=value starting at start.
func (fp *fenceParser) keyValue(start int) bool {
	for fp.i < len(fp.s) && isNameChar(fp.s[fp.i]) {
		fp.i++
	}
	key := fp.s[start:fp.i]
	fp.skipSpaces()
	if fp.i >= len(fp.s) || fp.s[fp.i] != '=' {
		fp.syntax(start, "attribute %s has no value; write %s=value", quote(key), key)
		return false
	}
	fp.i++
	fp.skipSpaces()
	vs := fp.i
	value, ok := fp.value()
	if !ok {
		return false
	}
	fp.add(key, value, start, source.Span{Start: vs, End: fp.i})
	return true
}

// value parses a quoted string, a [list] or a bare word or number.
func (fp *fenceParser) value() (string, bool) {
	if fp.i >= len(fp.s) {
		return "", false
	}
	switch c := fp.s[fp.i]; {
	case c == '"':
		return fp.str()
	case c == '[':
		return fp.list()
	case isNameStart(c) || isDigit(c) || c == '-' || c == '+' || c == '.':
		n := fp.i
		for fp.i < len(fp.s) && (isNameChar(fp.s[fp.i]) || fp.s[fp.i] == '+') {
			fp.i++
		}
		return fp.s[n:fp.i], true
	}
	fp.syntax(fp.i, "expected a value, found %s", quote(fp.s[fp.i:fp.i+1]))
	return "", false
}

// str parses a quoted string; fp.i is at the opening quote.
func (fp *fenceParser) str() (string, bool) {
	q := fp.i
	var b strings.Builder
	for fp.i++; fp.i < len(fp.s); fp.i++ {
		c := fp.s[fp.i]
		if c == '"' {
			fp.i++
			return b.String(), true
		}
		if c == '\\' && fp.i+1 < len(fp.s) {
			fp.i++
			b.WriteString(unescape(fp.s[fp.i]))
			continue
		}
		b.WriteByte(c)
	}
	// The quote runs to the end. If a '}' lies inside it, the author closed
	// the braces but not the quote; otherwise the braces are open too, and
	// the brace is the error the reader sees first.
	if strings.IndexByte(fp.s[q:], '}') < 0 {
		return b.String(), true // attrs reports the unclosed '{'
	}
	last := strings.LastIndexByte(fp.s, '}')
	fp.errs = append(fp.errs, FenceError{
		Code: "fence-attr-unterminated", Span: source.Span{Start: q, End: len(fp.s)},
		Message: "quoted value is never closed", Hint: "add the closing '\"'",
		Insert: `"`, InsertAt: last,
	})
	v := fp.s[q+1 : last]
	fp.i = last
	return v, true
}

// list parses "[…]" and returns it as written; fp.i is at the '['.
func (fp *fenceParser) list() (string, bool) {
	open := fp.i
	inStr := false
	for fp.i++; fp.i < len(fp.s); fp.i++ {
		switch c := fp.s[fp.i]; {
		case inStr && c == '\\':
			fp.i++
		case c == '"':
			inStr = !inStr
		case !inStr && c == ']':
			fp.i++
			return fp.s[open:fp.i], true
		}
	}
	fp.i = len(fp.s) // an escape at the very end stepped past it
	fp.errs = append(fp.errs, FenceError{
		Code: "fence-attr-unclosed", Span: source.Span{Start: open, End: len(fp.s)},
		Message: "list '[' is never closed", Hint: "add the closing ']'",
	})
	return fp.s[open:], true
}

// unclosedBrace reports the '{' that the info string never closes.
func (fp *fenceParser) unclosedBrace() {
	insert := "}"
	if fp.inOpenString() {
		insert = `"}`
	}
	fp.errs = append(fp.errs, FenceError{
		Code: "fence-attr-unclosed", Span: source.Span{Start: fp.fi.Brace, End: len(fp.s)},
		Message: "attribute list '{' is never closed", Hint: "add " + quote(insert) + " at the end of the line",
		Insert: insert, InsertAt: len(fp.s),
	})
}

// inOpenString reports whether the attributes end inside a quoted value.
func (fp *fenceParser) inOpenString() bool {
	in := false
	for i := fp.fi.Brace; i < len(fp.s); i++ {
		switch fp.s[i] {
		case '\\':
			if in {
				i++
			}
		case '"':
			in = !in
		}
	}
	return in
}

func (fp *fenceParser) add(key, value string, start int, vs source.Span) {
	fp.fi.Attrs = append(fp.fi.Attrs, FenceAttr{
		Key: key, Value: value,
		Span: source.Span{Start: start, End: fp.i}, ValueSpan: vs,
	})
}

func (fp *fenceParser) syntax(at int, format string, args ...any) {
	end := at + 1
	if end > len(fp.s) {
		end = len(fp.s)
	}
	fp.fail("fence-attr-syntax", at, end, `write attributes as key="value", .class or #id`, format, args...)
}

func (fp *fenceParser) fail(code string, start, end int, hint, format string, args ...any) {
	fp.errs = append(fp.errs, FenceError{Code: code, Span: source.Span{Start: start, End: end}, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// recover skips to the next separator after a syntax error, so one mistake
// yields one diagnostic.
func (fp *fenceParser) recover() {
	for fp.i < len(fp.s) && !isSpace(fp.s[fp.i]) && fp.s[fp.i] != ',' && fp.s[fp.i] != '}' {
		if fp.s[fp.i] == '"' {
			if _, ok := fp.str(); !ok {
				return
			}
			continue
		}
		fp.i++
	}
}

func (fp *fenceParser) skipSpaces() {
	for fp.i < len(fp.s) && isSpace(fp.s[fp.i]) {
		fp.i++
	}
}

func (fp *fenceParser) skipSeparators() {
	for fp.i < len(fp.s) && (isSpace(fp.s[fp.i]) || fp.s[fp.i] == ',') {
		fp.i++
	}
}

func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'r':
		return "\r"
	case 'b':
		return "\b"
	case 'f':
		return "\f"
	case '"', '\\', '/':
		return string(c)
	}
	return "\\" + string(c)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
}
func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) || c == '.' || c == '-' }

// isIDChar mirrors goldmark's rule for #id and .class names: no spaces and
// no ASCII punctuation except '_', '-', ':' and '.'.
func isIDChar(c byte) bool {
	if isSpace(c) || c == '\n' || c == '\r' {
		return false
	}
	if c >= 0x80 || isNameChar(c) {
		return true
	}
	return false
}

func quote(s string) string { return "'" + s + "'" }
