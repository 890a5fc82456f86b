package parser

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
)

// guidec fork: hand-written matchers for openTagRegexp and closeTagRegexp,
// which rawHTMLParser.Parse ran on the block reader (text.matchReader):
// Go's regexp reads a RuneReader through its NFA, some 60 k instructions
// per tag, 4 % of `guidec check` of 88 guides. The matchers read the same
// runes the same way (readRuneReader: the block's lines from the
// position, a byte that is not UTF-8, or U+FFFD, ending the input), and
// leave the reader where matchReader does: advanced over the match when
// there is one, unmoved otherwise. raw_html_scan_test.go checks them
// against the expressions.
//
// The expressions admit at most one match: it ends at the first '>'
// outside a quoted attribute value, and every choice before it is forced
// by the next rune (whitespace before a name starts an attribute, before
// '/' or '>' it ends the tag), so reading forward finds it.

// runeScanner reads a text.Reader rune by rune as readRuneReader does,
// counting the bytes read.
//
// It reads a line's runes from the line PeekLine gave and advances the
// reader over them when the line is used up: advancing by each rune in
// turn, and peeking again, was most of the cost of a tag. The readers'
// Advance(a+b) is Advance(a) then Advance(b), so the reader ends on the
// same line; until then it may lag behind, at the line's start or where
// the scan last went on to the next line.
type runeScanner struct {
	r    text.Reader
	line []byte // the reader's line from its position; nil at the end
	off  int    // bytes of line read, the reader not advanced over them
	c    rune   // the current rune; -1 at the end of the input
	sz   int
	n    int // bytes read before c
}

func newRuneScanner(r text.Reader) runeScanner {
	s := runeScanner{r: r}
	s.line, _ = r.PeekLine()
	s.peek()
	return s
}

// peek reads the rune at line[off] into c, going on to the reader's next
// line at the end of this one.
func (s *runeScanner) peek() {
	if s.line != nil && s.off >= len(s.line) {
		s.r.Advance(s.off)
		s.off = 0
		s.line, _ = s.r.PeekLine()
	}
	if s.line == nil {
		s.c, s.sz = -1, 0
		return
	}
	c, size := utf8.DecodeRune(s.line[s.off:])
	if c == utf8.RuneError {
		s.c, s.sz = -1, 0
		return
	}
	s.c, s.sz = c, size
}

// next consumes c.
func (s *runeScanner) next() {
	if s.c < 0 {
		return
	}
	s.off += s.sz
	s.n += s.sz
	s.peek()
}

func isTagSpace(c rune) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isASCIILetter(c rune) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIDigit(c rune) bool { return '0' <= c && c <= '9' }

// tagName reads [A-Za-z][A-Za-z0-9-]*.
func (s *runeScanner) tagName() bool {
	if !isASCIILetter(s.c) {
		return false
	}
	for s.next(); isASCIILetter(s.c) || isASCIIDigit(s.c) || s.c == '-'; s.next() {
	}
	return true
}

// spaces reads [\r\n \t]* and reports whether every '\r' in it is followed
// by '\n' (spaceOrOneNewline* accepts the run).
func (s *runeScanner) spaces() (n int, closing bool) {
	closing = true
	for isTagSpace(s.c) {
		cr := s.c == '\r'
		s.next()
		n++
		if cr && s.c != '\n' {
			closing = false
		}
	}
	return n, closing
}

// matchOpenTag reports whether openTagRegexp matches at the reader's
// position, then advances over the match.
func matchOpenTag(r text.Reader) bool {
	line, pos := r.Position()
	s := newRuneScanner(r)
	ok := s.openTag()
	r.SetPosition(line, pos)
	if ok {
		r.Advance(s.n)
	}
	return ok
}

// openTag reads "<" tagname attribute* spaceOrOneNewline* "/"? ">".
func (s *runeScanner) openTag() bool {
	if s.c != '<' {
		return false
	}
	s.next()
	if !s.tagName() {
		return false
	}
	for {
		n, closing := s.spaces()
		switch {
		case s.c == '/' || s.c == '>':
			if !closing {
				return false
			}
			if s.c == '/' {
				s.next()
			}
			if s.c != '>' {
				return false
			}
			s.next()
			return true
		case n > 0 && (isASCIILetter(s.c) || s.c == '_' || s.c == ':'):
			if !s.attribute() {
				return false
			}
		default:
			return false
		}
	}
}

// attribute reads an attribute name and its optional value:
// [a-zA-Z_:][a-zA-Z0-9:._-]*(?:[\r\n \t]*=[\r\n \t]*value)?. Without a
// value it leaves the white space after the name unread, for the next
// attribute or the end of the tag. It reports false when an '=' has no
// value: no match is possible then.
func (s *runeScanner) attribute() bool {
	for s.next(); isASCIILetter(s.c) || isASCIIDigit(s.c) || s.c == ':' || s.c == '.' || s.c == '_' || s.c == '-'; s.next() {
	}
	if !isTagSpace(s.c) && s.c != '=' {
		return true
	}
	// White space then '=' is a value; white space then anything else
	// belongs to what follows. Read ahead on a copy of the position.
	line, pos := s.r.Position()
	save := *s
	s.spaces()
	if s.c != '=' {
		s.r.SetPosition(line, pos)
		*s = save
		return true
	}
	s.next()
	s.spaces()
	switch s.c {
	case '\'', '"':
		q := s.c
		for s.next(); s.c >= 0 && s.c != q; s.next() {
		}
		if s.c != q {
			return false
		}
		s.next()
		return true
	}
	if !unquotedValueRune(s.c) {
		return false
	}
	for s.next(); unquotedValueRune(s.c); s.next() {
	}
	return true
}

// unquotedValueRune reports whether c is in [^"'=<>`\x00-\x20].
func unquotedValueRune(c rune) bool {
	if c < 0 || c <= 0x20 {
		return false
	}
	switch c {
	case '"', '\'', '=', '<', '>', '`':
		return false
	}
	return true
}

// matchCloseTag is matchOpenTag for closeTagRegexp:
// "</" tagname spaceOrOneNewline* ">".
func matchCloseTag(r text.Reader) bool {
	line, pos := r.Position()
	s := newRuneScanner(r)
	ok := s.c == '<'
	if ok {
		s.next()
		ok = s.c == '/'
	}
	if ok {
		s.next()
		ok = s.tagName()
	}
	if ok {
		_, closing := s.spaces()
		ok = closing && s.c == '>'
		s.next()
	}
	r.SetPosition(line, pos)
	if ok {
		r.Advance(s.n)
	}
	return ok
}
