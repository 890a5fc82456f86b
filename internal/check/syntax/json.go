package syntax

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// validateJSON checks that text is exactly one JSON value, or the members
// of an object ("a": 1, "b": {…}, with an optional final comma), an excerpt
// guides often show; then it
// looks for repeated keys. With comments (a jsonc fence) // and /* */
// comments are allowed; trailing commas stay errors in both, as most JSONC
// readers reject or warn about them.
func validateJSON(text []byte, comments bool) []finding {
	src := text
	if comments {
		var fs []finding
		if src, fs = blankComments(text); len(fs) > 0 {
			return fs
		}
	}
	if !isMemberList(src) {
		return validateJSONValue(src)
	}
	// Parse the members inside braces; offsets in wrapped are one more
	// than in src, and the braces themselves map to src's ends. An excerpt
	// may end with the comma that separates it from the members after it.
	wrapped := slices.Concat([]byte("{"), src, []byte("}"))
	if last := len(bytes.TrimRight(src, " \t\r\n")); last > 0 && src[last-1] == ',' {
		wrapped[last] = ' '
	}
	fs := validateJSONValue(wrapped)
	n := len(bytes.TrimRight(src, " \t\r\n"))
	for i := range fs {
		fs[i].span = unwrap(fs[i].span, n)
		for j := range fs[i].related {
			fs[i].related[j].span = unwrap(fs[i].related[j].span, n)
		}
		if fs[i].fix != nil {
			for j := range fs[i].fix.edits {
				fs[i].fix.edits[j].Span = unwrap(fs[i].fix.edits[j].Span, n)
			}
		}
	}
	return fs
}

func validateJSONValue(src []byte) []finding {
	var raw json.RawMessage
	if err := json.Unmarshal(src, &raw); err != nil {
		return []finding{jsonError(src, err)}
	}
	return duplicateJSONKeys(src, nil)
}

// isMemberList reports whether src starts with a string followed by ':',
// i.e. is the inside of an object rather than a value.
func isMemberList(src []byte) bool {
	i := 0
	for i < len(src) && isJSONSpace(src[i]) {
		i++
	}
	if i == len(src) || src[i] != '"' {
		return false
	}
	for i++; i < len(src) && src[i] != '"'; i++ {
		if src[i] == '\\' {
			i++
		}
	}
	for i++; i < len(src) && isJSONSpace(src[i]); i++ {
	}
	return i < len(src) && src[i] == ':'
}

// unwrap maps a span of "{" + src + "}" back to src, clamped to [0, n],
// n being the end of src's last token: the added braces map there.
func unwrap(sp source.Span, n int) source.Span {
	clamp := func(o int) int { return min(max(o-1, 0), n) }
	return source.Span{Start: clamp(sp.Start), End: clamp(sp.End)}
}

// jsonError locates an encoding/json error by its Offset: the number of
// bytes read when the scanner failed, so the offending byte is just before
// it. A '}' or ']' right after a comma is reported as a trailing comma.
func jsonError(src []byte, err error) finding {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return finding{code: "json-syntax", msg: err.Error(), hint: "fix the JSON syntax"}
	}
	last := len(bytes.TrimRight(src, " \t\r\n"))
	off := int(se.Offset)
	if off > last || off < 1 {
		return finding{
			span: source.Span{Start: last, End: last},
			code: "json-syntax",
			msg:  se.Error(),
			hint: "a value, bracket or brace is missing at the end: close every { and [ that is opened",
		}
	}
	bad := off - 1
	if c := src[bad]; c == '}' || c == ']' {
		p := bad - 1
		for p >= 0 && isJSONSpace(src[p]) {
			p--
		}
		if p >= 0 && src[p] == ',' {
			return finding{
				span: source.Span{Start: p, End: p + 1},
				code: "json-syntax",
				msg:  fmt.Sprintf("trailing comma before %q", c),
				hint: "JSON allows no comma after the last element: remove it",
				fix:  &fix{msg: "remove the trailing comma", edits: []diag.Edit{{Span: source.Span{Start: p, End: p + 1}}}},
			}
		}
	}
	if f, ok := missingComma(src, bad, se); ok {
		return f
	}
	return finding{span: runeSpan(src, bad), code: "json-syntax", msg: se.Error(), hint: "fix the JSON syntax here"}
}

// missingComma recognises a member or element that follows the previous
// one without a comma, which encoding/json reports at the token after the
// gap: the comma is missing at the end of the value before, where the
// writer has to add it (often the line above).
func missingComma(src []byte, bad int, se *json.SyntaxError) (finding, bool) {
	msg := se.Error()
	if !bytes.HasSuffix([]byte(msg), []byte("after object key:value pair")) && !bytes.HasSuffix([]byte(msg), []byte("after array element")) {
		return finding{}, false
	}
	p := bad - 1
	for p >= 0 && isJSONSpace(src[p]) {
		p--
	}
	if p < 0 {
		return finding{}, false
	}
	at := p + 1
	return finding{
		span: runeSpan(src, p),
		code: "json-syntax",
		msg:  "a comma is missing after this value: JSON separates members and elements with commas",
		hint: "add ',' at the end of the value",
		fix:  &fix{msg: "insert a comma", edits: []diag.Edit{{Span: source.Span{Start: at, End: at}, NewText: ","}}},
	}, true
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// jsonFrame is one open object or array during the token walk.
type jsonFrame struct {
	object    bool
	expectKey bool                   // the next string token is a key
	seen      map[string]source.Span // keys so far, by decoded name
}

// duplicateJSONKeys walks the token stream of valid JSON src and appends a
// finding for every key repeated in one object (compared after decoding
// escapes, as parsers compare them).
func duplicateJSONKeys(src []byte, fs []finding) []finding {
	dec := json.NewDecoder(bytes.NewReader(src))
	var stack []*jsonFrame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF, or nothing new: src is valid
			return fs
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				stack = append(stack, &jsonFrame{object: t == '{', expectKey: t == '{', seen: map[string]source.Span{}})
				continue
			}
			stack = stack[:len(stack)-1]
			valueDone()
		case string:
			if n := len(stack); n > 0 && stack[n-1].expectKey {
				fs = checkJSONKey(src, stack[n-1], t, int(dec.InputOffset()), fs)
				stack[n-1].expectKey = false
				continue
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

func checkJSONKey(src []byte, f *jsonFrame, key string, end int, fs []finding) []finding {
	sp := source.Span{Start: openingQuote(src, end), End: end}
	prev, dup := f.seen[key]
	if !dup {
		f.seen[key] = sp
		return fs
	}
	return append(fs, finding{
		span:    sp,
		code:    "json-duplicate-key",
		msg:     fmt.Sprintf("duplicate key %q", key),
		hint:    "most parsers silently keep only the last value: remove or merge one of them",
		related: []related{{span: prev, msg: "first defined here"}},
	})
}

// openingQuote returns the offset of the quote opening the string token
// that ends (closing quote included) at end.
func openingQuote(src []byte, end int) int {
	for i := end - 2; i >= 0; i-- {
		if src[i] != '"' {
			continue
		}
		bs := 0
		for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
			bs++
		}
		if bs%2 == 0 {
			return i
		}
	}
	return max(end-1, 0)
}

// blankComments returns a copy of text with every // and /* */ comment
// outside strings replaced by spaces (newlines kept), so offsets and lines
// are unchanged; an unterminated block comment is a finding.
func blankComments(text []byte) ([]byte, []finding) {
	out := bytes.Clone(text)
	inString := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString || c != '/' || i+1 >= len(out):
		case out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case out[i+1] == '*':
			end := bytes.Index(out[i+2:], []byte("*/"))
			if end < 0 {
				return out, []finding{{span: source.Span{Start: i, End: i + 2}, code: "json-syntax", msg: "unterminated /* comment", hint: "close the comment with */"}}
			}
			blank(out[i : i+2+end+2])
			i += 2 + end + 1
		}
	}
	return out, nil
}

// blank replaces every byte of b but newlines with a space.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
}
