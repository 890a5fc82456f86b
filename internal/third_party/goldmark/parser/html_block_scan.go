package parser

import "bytes"

// guidec fork: hand-written matchers for the HTML block start conditions
// (htmlBlockType1OpenRegexp to htmlBlockType7Regexp upstream) and the
// type 1 end condition (htmlBlockType1CloseRegexp), which Open and
// Continue ran on every line starting with '<': some 15 k instructions a
// line through Go's regexp. They accept the same lines the expressions
// did, on any bytes, including the expressions' quirks: (?i) lets 's'
// match U+017F (long s), '.' stops at '\n' while negated classes do not,
// and type 7's closing slash counts only without spaces after it.
// html_block_scan_test.go keeps the expressions and checks the matchers
// against them.

// htmlBlockTagStart returns the index after the '<' that follows at most
// three spaces at the start of line ("^[ ]{0,3}<"), or -1.
func htmlBlockTagStart(line []byte) int {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i < len(line) && line[i] == '<' {
		return i + 1
	}
	return -1
}

// restOfLine reports whether b matches ".*(?:\r\n|\n)?$": no '\n' but
// maybe a last one.
func restOfLine(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	return i < 0 || i == len(b)-1
}

// lineEnd reports whether b is "", "\n" or "\r\n".
func lineEnd(b []byte) bool {
	return len(b) == 0 || len(b) == 1 && b[0] == '\n' || len(b) == 2 && b[0] == '\r' && b[1] == '\n'
}

// isRegexpSpace reports whether c is in Go's \s: [\t\n\f\r ].
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isTagSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isLetterByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isTagNameByte(c byte) bool {
	return isLetterByte(c) || '0' <= c && c <= '9' || c == '-'
}

func isAttrNameByte(c byte) bool {
	return isTagNameByte(c) || c == ':' || c == '.' || c == '_'
}

// isUnquotedValueByte reports whether c may be in an unquoted attribute
// value, [^"'=<>`\x00-\x20]; bytes of multi-byte or invalid UTF-8 are.
func isUnquotedValueByte(c byte) bool {
	return c > ' ' && c != '"' && c != '\'' && c != '=' && c != '<' && c != '>' && c != '`'
}

// type1Names are the tag names of HTML block type 1, in lower case.
var type1Names = [...]string{"script", "pre", "style", "textarea"}

// foldPrefix returns the length of the prefix of b that (?i)name matches,
// or -1: ASCII letters match either case, and 's' also matches U+017F,
// which folds to it. name is lower-case ASCII letters.
func foldPrefix(b []byte, name string) int {
	n := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case n < len(b) && b[n]|0x20 == c:
			n++
		case c == 's' && n+1 < len(b) && b[n] == 0xc5 && b[n+1] == 0xbf:
			n += 2
		default:
			return -1
		}
	}
	return n
}

// matchHTMLBlockType1Open matches
// (?i)^[ ]{0,3}<(script|pre|style|textarea)(?:\s.*|>.*|/>.*|)(?:\r\n|\n)?$.
func matchHTMLBlockType1Open(line []byte) bool {
	p := htmlBlockTagStart(line)
	if p < 0 {
		return false
	}
	for _, name := range type1Names {
		n := foldPrefix(line[p:], name)
		if n < 0 {
			continue
		}
		rest := line[p+n:]
		switch {
		case len(rest) == 0:
			return true
		case isRegexpSpace(rest[0]) || rest[0] == '>':
			return restOfLine(rest[1:])
		case len(rest) >= 2 && rest[0] == '/' && rest[1] == '>':
			return restOfLine(rest[2:])
		}
		return false
	}
	return false
}

// matchHTMLBlockType1Close matches
// (?i)^.*</(?:script|pre|style|textarea)>.*: one of the end tags before
// the first '\n'.
func matchHTMLBlockType1Close(line []byte) bool {
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	for {
		i := bytes.Index(line, []byte("</"))
		if i < 0 {
			return false
		}
		line = line[i+2:]
		for _, name := range type1Names {
			if n := foldPrefix(line, name); n >= 0 && n < len(line) && line[n] == '>' {
				return true
			}
		}
	}
}

// matchHTMLBlockPrefix matches ^[ ]{0,3}< followed by prefix.
func matchHTMLBlockPrefix(line []byte, prefix string) bool {
	p := htmlBlockTagStart(line)
	return p >= 0 && bytes.HasPrefix(line[p:], []byte(prefix))
}

// matchHTMLBlockType4Open matches ^[ ]{0,3}<![A-Z]+.*(?:\r\n|\n)?$.
func matchHTMLBlockType4Open(line []byte) bool {
	p := htmlBlockTagStart(line)
	return p >= 0 && p+1 < len(line) && line[p] == '!' &&
		'A' <= line[p+1] && line[p+1] <= 'Z' && restOfLine(line[p+2:])
}

// tagOpening reads "(/[ ]*)?[a-zA-Z][a-zA-Z0-9-]*" from line[p:]. It
// returns the index after the name, the name, and whether the slash came
// without spaces after it (the expression's first group is then "/").
func tagOpening(line []byte, p int) (end int, name []byte, closeTag bool) {
	i := p
	if i < len(line) && line[i] == '/' {
		i++
		closeTag = true
		for i < len(line) && line[i] == ' ' {
			i++
			closeTag = false
		}
	}
	if i >= len(line) || !isLetterByte(line[i]) {
		return -1, nil, false
	}
	start := i
	for i++; i < len(line) && isTagNameByte(line[i]); i++ {
	}
	return i, line[start:i], closeTag
}

// matchHTMLBlockType6 matches
// ^[ ]{0,3}<(?:/[ ]*)?([a-zA-Z]+[a-zA-Z0-9\-]*)(?:[ ].*|>.*|/>.*|)(?:\r\n|\n)?$
// and returns the tag name, the expression's group 1.
func matchHTMLBlockType6(line []byte) (name []byte, ok bool) {
	p := htmlBlockTagStart(line)
	if p < 0 {
		return nil, false
	}
	i, name, _ := tagOpening(line, p)
	if i < 0 {
		return nil, false
	}
	rest := line[i:]
	switch {
	case lineEnd(rest):
		return name, true
	case rest[0] == ' ' || rest[0] == '>':
		return name, restOfLine(rest[1:])
	case len(rest) >= 2 && rest[0] == '/' && rest[1] == '>':
		return name, restOfLine(rest[2:])
	}
	return nil, false
}

// matchHTMLBlockType7 matches
// ^[ ]{0,3}<(/[ ]*)?([a-zA-Z]+[a-zA-Z0-9\-]*)(attribute*)[ ]*(?:>|/>)[ ]*(?:\r\n|\n)?$
// and returns the tag name (group 2), whether group 1 is "/", and whether
// group 3 is not empty.
//
// Every choice is forced by the next byte: a run of white space before an
// attribute name starts an attribute, before '=' a value, and otherwise
// must be spaces before the end of the tag; an unquoted value taken whole
// ends where a shorter one could ('/' then '>' is either its end or the
// tag's).
func matchHTMLBlockType7(line []byte) (name []byte, closeTag, hasAttr, ok bool) {
	p := htmlBlockTagStart(line)
	if p < 0 {
		return nil, false, false, false
	}
	i, name, closeTag := tagOpening(line, p)
	if i < 0 {
		return nil, false, false, false
	}
	attrs := i
	for {
		j := i
		for j < len(line) && isTagSpaceByte(line[j]) {
			j++
		}
		if j == i || j >= len(line) || !(isLetterByte(line[j]) || line[j] == '_' || line[j] == ':') {
			break
		}
		for j++; j < len(line) && isAttrNameByte(line[j]); j++ {
		}
		i = j
		for j < len(line) && isTagSpaceByte(line[j]) {
			j++
		}
		if j >= len(line) || line[j] != '=' {
			continue
		}
		for j++; j < len(line) && isTagSpaceByte(line[j]); j++ {
		}
		if j >= len(line) {
			return nil, false, false, false
		}
		switch q := line[j]; q {
		case '"', '\'':
			e := bytes.IndexByte(line[j+1:], q)
			if e < 0 {
				return nil, false, false, false
			}
			i = j + 1 + e + 1
		default:
			s := j
			for j < len(line) && isUnquotedValueByte(line[j]) {
				j++
			}
			if j == s {
				return nil, false, false, false
			}
			i = j
		}
	}
	hasAttr = i > attrs
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i < len(line) && line[i] == '/' {
		i++
	}
	if i >= len(line) || line[i] != '>' {
		return nil, false, false, false
	}
	for i++; i < len(line) && line[i] == ' '; i++ {
	}
	if !lineEnd(line[i:]) {
		return nil, false, false, false
	}
	return name, closeTag, hasAttr, true
}

// lowerTagName returns name in ASCII lower case in buf, or nil if it is
// longer than buf (no block tag name is).
func lowerTagName(name []byte, buf *[16]byte) []byte {
	if len(name) > len(buf) {
		return nil
	}
	b := buf[:len(name)]
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}
