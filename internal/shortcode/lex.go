package shortcode

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The lexer follows text/template's lex.go: a state function returns the
// next state, items are produced synchronously by nextItem, and every item
// carries byte offsets into the guide file (the body is a span of the file,
// so no offset ever needs patching afterwards).
//
// Tag syntax is Hugo's (parser/pageparser/pagelexer_shortcode.go). Unlike
// Hugo, an error does not stop lexing: the lexer skips to the end of the
// broken tag and carries on, so one run reports every problem of a page.

// itemType identifies the type of lex items.
type itemType int

const (
	itemError            itemType = iota // a syntax error; val is the message
	itemEOF                              // end of the body
	itemText                             // body text between tags, copied verbatim
	itemEscaped                          // a piece of an escaped call `{{</* x */>}}`, printed literally
	itemLeftDelim                        // `{{<`
	itemLeftDelimMarkup                  // `{{%`
	itemRightDelim                       // `>}}`
	itemRightDelimMarkup                 // `%}}`
	itemClose                            // `/` of a closing tag `{{< /x >}}` or a self-closing tag `{{< x />}}`
	itemName                             // the shortcode name
	itemParam                            // a named parameter's key, or a positional parameter's value
	itemParamVal                         // a named parameter's value
)

var itemNames = [...]string{
	itemError: "error", itemEOF: "EOF", itemText: "text", itemEscaped: "escaped",
	itemLeftDelim: "{{<", itemLeftDelimMarkup: "{{%", itemRightDelim: ">}}",
	itemRightDelimMarkup: "%}}", itemClose: "close", itemName: "name",
	itemParam: "param", itemParamVal: "value",
}

// String names the item type, for test failures.
func (t itemType) String() string {
	if int(t) < len(itemNames) {
		return itemNames[t]
	}
	return fmt.Sprintf("item%d", int(t))
}

// item is one token. pos and end are byte offsets into the file. Items
// are copied through the lexer's queue and the parser's lookahead: what
// only errors carry is behind a pointer, to keep them small.
type item struct {
	typ    itemType
	pos    int    // offset of the first byte
	end    int    // offset just after the last byte
	val    string // decoded value (name, param, value) or message (error); "" otherwise
	quoted bool   // the value was quoted ("…", \"…\" or `…`), so it stays a string
	key    bool   // itemParam: a key followed by '=' (its value comes next)
	err    *itemErr
}

// itemErr is the rest of an itemError.
type itemErr struct {
	code   string // the diagnostic code
	hint   string // how to fix it
	ended  bool   // recovery consumed the tag's right delimiter, so the tag is complete
	resume int    // the offset where scanning resumed
}

// text returns the item's value: the decoded value when it has one, else
// its source bytes.
func (i item) text(src []byte) string {
	switch i.typ {
	case itemName, itemParam, itemParamVal, itemError:
		return i.val
	}
	return string(src[i.pos:i.end])
}

const eof = -1

// stateFn represents the state of the lexer as a function that returns the
// next state.
type stateFn func(*lexer) stateFn

// lexer holds the state of the scanner.
type lexer struct {
	input []byte // the whole file; only [pos, end) of the body is read
	// strs makes the strings of names and values (see interner); nil
	// allocates each.
	strs     *interner
	start    int    // start of the current item
	pos      int    // current position
	end      int    // end of the body
	width    int    // width of the last rune read, for backup
	markup   bool   // the current tag opened with `{{%`
	tagStart int    // offset of the current tag's left delimiter
	nameSeen bool   // the current tag has its name
	wantVal  bool   // the last item was a key followed by '='
	items    []item // items produced, oldest first; those from head on are not yet returned
	head     int
	state    stateFn // next state; nil once EOF is emitted
	// escClosers remembers the last search for the closer of an escaped
	// call, `*/>}}` and `*/%}}` (see indexFrom).
	escClosers [2]search
}

// search is the outcome of looking for a string from an offset: the offset
// of its first occurrence at or after from, or -1 when there is none
// before the end of the body.
type search struct {
	from, at int
	done     bool
}

// newLexer returns a lexer for input[start:end]; set strs to remember
// its strings.
func newLexer(input []byte, start, end int) *lexer {
	return &lexer{input: input, start: start, pos: start, end: end, state: lexText}
}

// str returns input[from:to] as a string.
func (l *lexer) str(from, to int) string { return l.strs.str(l.input[from:to]) }

// nextItem returns the next item. After EOF it keeps returning EOF.
func (l *lexer) nextItem() item {
	for l.head == len(l.items) {
		if l.state == nil {
			return item{typ: itemEOF, pos: l.end, end: l.end}
		}
		l.state = l.state(l)
	}
	it := l.items[l.head]
	l.head++
	if l.head == len(l.items) {
		// Every item produced is returned: the next ones start at the
		// front of the storage again (a queue that only advances
		// reallocates every few items).
		l.items, l.head = l.items[:0], 0
	}
	return it
}

// next returns the next rune in the body, or eof.
func (l *lexer) next() rune {
	if l.pos >= l.end {
		l.width = 0
		return eof
	}
	if c := l.input[l.pos]; c < utf8.RuneSelf {
		l.width = 1
		l.pos++
		return rune(c)
	}
	r, w := utf8.DecodeRune(l.input[l.pos:l.end])
	l.width = w
	l.pos += w
	return r
}

// peek returns but does not consume the next rune. It leaves backup's
// state alone, so "next, peek, backup" steps back over the rune from next.
func (l *lexer) peek() rune {
	if l.pos >= l.end {
		return eof
	}
	if c := l.input[l.pos]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRune(l.input[l.pos:l.end])
	return r
}

// backup steps back one rune. It can be called only once per call of next.
func (l *lexer) backup() { l.pos -= l.width; l.width = 0 }

// ignore skips over the pending input before this point.
func (l *lexer) ignore() { l.start = l.pos }

// emit passes an item of the pending input to the client.
func (l *lexer) emit(t itemType) { l.emitVal(t, "", false) }

// emitVal passes an item with a decoded value to the client.
func (l *lexer) emitVal(t itemType, val string, quoted bool) {
	l.items = append(l.items, item{typ: t, pos: l.start, end: l.pos, val: val, quoted: quoted})
	l.start = l.pos
}

func (l *lexer) hasPrefix(p string) bool {
	return l.pos+len(p) <= l.end && string(l.input[l.pos:l.pos+len(p)]) == p
}

func (l *lexer) rightDelim() string {
	if l.markup {
		return "%}}"
	}
	return ">}}"
}

func (l *lexer) otherRightDelim() string {
	if l.markup {
		return ">}}"
	}
	return "%}}"
}

// errorf emits an error item for [from, to) and resumes scanning at resume:
// it skips to just after the next right delimiter, or to just before the next
// left delimiter or the end, whichever comes first. A tag that has no right
// delimiter before the next tag was never terminated, which is the better
// explanation of a bad character found inside it.
func (l *lexer) errorf(code string, from, to, resume int, hint, format string, args ...any) stateFn {
	stop, ended := l.resync(resume)
	if !ended && code == codeBadChar {
		return l.unterminatedTag(resume)
	}
	l.items = append(l.items, item{typ: itemError, pos: from, end: to, val: fmt.Sprintf(format, args...),
		err: &itemErr{code: code, hint: hint, ended: ended, resume: stop}})
	l.pos, l.start = stop, stop
	return lexText
}

// unterminatedTag reports the current tag's left delimiter as never closed.
func (l *lexer) unterminatedTag(resume int) stateFn {
	stop, _ := l.resync(resume)
	l.items = append(l.items, item{typ: itemError, pos: l.tagStart, end: l.tagStart + 3,
		val: fmt.Sprintf("shortcode tag is never closed by %s", l.rightDelim()),
		err: &itemErr{code: codeUnterminated, hint: fmt.Sprintf("end the tag with %s before the next tag", l.rightDelim()),
			resume: stop}})
	l.pos, l.start = stop, stop
	return lexText
}

// resync finds where scanning resumes after an error at from: after the
// first right delimiter (ended) or before the first left delimiter.
func (l *lexer) resync(from int) (stop int, ended bool) {
	if from > l.end {
		from = l.end
	}
	for i := from; i+3 <= l.end; i++ {
		switch string(l.input[i : i+3]) {
		case ">}}", "%}}":
			return i + 3, true
		case "{{<", "{{%":
			return i, false
		}
	}
	return l.end, false
}

// lexText scans body text up to the next left delimiter.
func lexText(l *lexer) stateFn {
	for l.pos < l.end {
		i := bytes.Index(l.input[l.pos:l.end], []byte("{{"))
		if i < 0 {
			l.pos = l.end
			break
		}
		p := l.pos + i
		if p+2 < l.end && (l.input[p+2] == '<' || l.input[p+2] == '%') {
			l.pos = p
			if l.pos > l.start {
				l.emit(itemText)
			}
			return lexLeftDelim
		}
		l.pos = p + 1
	}
	if l.pos > l.start {
		l.emit(itemText)
	}
	l.emit(itemEOF)
	return nil
}

// lexLeftDelim scans the left delimiter, which is known to be present.
func lexLeftDelim(l *lexer) stateFn {
	l.markup = l.input[l.pos+2] == '%'
	l.tagStart = l.pos
	l.pos += 3
	if l.hasPrefix("/*") {
		return lexEscaped
	}
	if l.markup {
		l.emit(itemLeftDelimMarkup)
	} else {
		l.emit(itemLeftDelim)
	}
	l.nameSeen, l.wantVal = false, false
	return lexInsideTag
}

// lexEscaped scans `{{</* … */>}}`, positioned after the left delimiter. It
// emits the delimiters and the text between the comment markers as
// separate pieces, so that each maps verbatim to the guide.
func lexEscaped(l *lexer) stateFn {
	closer := "*/" + l.rightDelim()
	i := l.indexFrom(closer, l.pos+2)
	if i < 0 {
		return l.errorf(codeUnterminated, l.tagStart, l.pos+2, l.pos+2,
			fmt.Sprintf("end the escaped call with %s", closer),
			"escaped shortcode is never closed by %s", closer)
	}
	l.emit(itemEscaped) // the left delimiter
	l.pos += 2
	l.ignore()
	l.pos = i
	l.emit(itemEscaped) // the call's text
	l.pos += 2
	l.ignore()
	l.pos += 3
	l.emit(itemEscaped) // the right delimiter
	return lexText
}

// indexFrom returns the offset of the first closer (`*/>}}` or `*/%}}`) of
// an escaped call at or after from, or -1. Searches go forward with the
// lexer, so a search can start from the last one's answer: without that,
// every unclosed `{{</*` searched to the end of the body, and a page of
// them took time quadratic in its length.
func (l *lexer) indexFrom(closer string, from int) int {
	s := &l.escClosers[0]
	if l.markup {
		s = &l.escClosers[1]
	}
	if !s.done || from < s.from || s.at >= 0 && s.at < from {
		s.from, s.at, s.done = from, -1, true
		if i := bytes.Index(l.input[from:l.end], []byte(closer)); i >= 0 {
			s.at = from + i
		}
	}
	return s.at
}

// lexRightDelim scans the right delimiter, which is known to be present.
func lexRightDelim(l *lexer) stateFn {
	l.pos += 3
	if l.markup {
		l.emit(itemRightDelimMarkup)
	} else {
		l.emit(itemRightDelim)
	}
	return lexText
}

const hintQuote = "quote parameter values that contain characters other than letters, digits, '-', '_' and '.'"

// lexInsideTag scans the elements inside a tag.
func lexInsideTag(l *lexer) stateFn {
	// A run of ASCII space at once: each used to be a state of its own.
	for l.pos < l.end && asciiSpace(l.input[l.pos]) {
		l.pos++
	}
	l.ignore()
	if c := l.input[min(l.pos, l.end-1)]; (c == '>' || c == '%') && l.hasPrefix(l.rightDelim()) {
		return lexRightDelim
	}
	if c := l.input[min(l.pos, l.end-1)]; (c == '>' || c == '%') && l.hasPrefix(l.otherRightDelim()) {
		open := "{{<"
		if l.markup {
			open = "{{%"
		}
		return l.errorf(codeDelimMismatch, l.pos, l.pos+3, l.pos, "close the tag with "+l.rightDelim(),
			"shortcode tag opened with %s is closed with %s", open, l.otherRightDelim())
	}
	r := l.next()
	switch {
	case r == eof:
		return l.unterminatedTag(l.pos)
	case isSpace(r):
		l.ignore()
	case r == '=' && l.wantVal:
		return lexEquals
	case r == '/':
		l.emit(itemClose)
	case r == '\\' && l.peek() == '"' && l.nameSeen:
		l.backup()
		return lexEscapedQuoted(l, itemParam)
	case !l.nameSeen && isAlphaNumeric(r):
		l.backup()
		return lexName
	case l.nameSeen && (isAlphaNumericOrHyphen(r) || r == '"' || r == '`'):
		l.backup()
		return lexParam
	default:
		l.backup()
		return l.errorf(codeBadChar, l.pos, l.pos+l.runeWidth(), l.pos, hintQuote,
			"unexpected %q in shortcode tag", r)
	}
	return lexInsideTag
}

func (l *lexer) runeWidth() int {
	_, w := utf8.DecodeRune(l.input[l.pos:l.end])
	return w
}

// lexName scans the shortcode name: letters, digits, '-', '_', and '/'
// between them for namespaced names such as `docs/note`.
func lexName(l *lexer) stateFn {
	l.skipWord(false)
	for {
		r := l.next()
		if isAlphaNumericOrHyphen(r) {
			continue
		}
		if r == '/' && isAlphaNumeric(l.peek()) {
			continue
		}
		l.backup()
		break
	}
	l.nameSeen = true
	l.emitVal(itemName, l.str(l.start, l.pos), false)
	return lexInsideTag
}

// lexParam scans a parameter: a key followed by '=', or a positional value
// (bare, "quoted" or `raw`).
func lexParam(l *lexer) stateFn {
	switch l.peek() {
	case '"':
		return lexQuoted(l, itemParam)
	case '`':
		return lexRaw(l, itemParam)
	}
	l.skipWord(true)
	for {
		r := l.next()
		if !isAlphaNumericOrHyphen(r) && r != '.' { // floats have a period
			l.backup()
			break
		}
	}
	word := l.str(l.start, l.pos)
	l.wantVal = l.nextNonSpace() == '='
	l.emitVal(itemParam, word, false)
	l.items[len(l.items)-1].key = l.wantVal
	return lexInsideTag
}

// nextNonSpace returns the first rune after horizontal space, without
// consuming anything.
func (l *lexer) nextNonSpace() rune {
	for i := l.pos; i < l.end; i++ {
		if c := l.input[i]; c != ' ' && c != '\t' {
			return rune(c)
		}
	}
	return eof
}

// lexEquals scans a named parameter's value, positioned after the '='.
// Space may follow the '=' (Hugo allows `k= "v"`).
func lexEquals(l *lexer) stateFn {
	eq := l.pos - 1
	l.wantVal = false
	for isSpace(l.peek()) {
		l.next()
	}
	l.ignore()
	switch r := l.peek(); {
	case r == '"':
		return lexQuoted(l, itemParamVal)
	case r == '`':
		return lexRaw(l, itemParamVal)
	case r == '\\' && l.pos+1 < l.end && l.input[l.pos+1] == '"':
		return lexEscapedQuoted(l, itemParamVal)
	case r == eof || l.hasPrefix(">}}") || l.hasPrefix("%}}"):
		return l.errorf(codeBadChar, eq, eq+1, l.pos, "write a value after '=', quoted if it is not a single word",
			"missing value after '='")
	}
	for {
		r := l.next()
		if r == eof || isSpace(r) || r == '>' && l.hasPrefix("}}") || r == '%' && l.hasPrefix("}}") {
			l.backup()
			break
		}
	}
	l.emitVal(itemParamVal, l.str(l.start, l.pos), false)
	return lexInsideTag
}

// lexQuoted scans a "double-quoted" value, positioned at the quote. `\"`
// stands for a quote; as in Hugo, when one occurs every backslash of the
// value is dropped. A quoted value ends at the end of its line.
func lexQuoted(l *lexer, typ itemType) stateFn {
	q := l.pos
	escaped := false
	// Byte by byte: the bytes it looks for are ASCII, which never occur
	// inside an encoded character.
	for i := q + 1; ; i++ {
		c := byte('\n')
		if i < l.end {
			c = l.input[i]
		}
		switch c {
		case '\\':
			if i+1 < l.end && l.input[i+1] == '"' {
				escaped = true
				i++
			}
		case '"':
			l.pos = i + 1
			val := l.str(q+1, i)
			if escaped {
				val = dropBackslashes(val)
			}
			l.emitVal(typ, val, true)
			return lexInsideTag
		case '\n', '\r':
			l.pos, l.width = min(i, l.end), 0
			return l.errorf(codeUnterminated, q, l.pos, q+1, "close the quoted value with '\"' on the same line",
				"unterminated quoted string in shortcode parameter")
		}
	}
}

// lexEscapedQuoted scans a value delimited by escaped quotes, \"like this\",
// which guides use when the call sits inside a double-quoted YAML or JSON
// string. Positioned at the backslash.
func lexEscapedQuoted(l *lexer, typ itemType) stateFn {
	q := l.pos
	l.pos += 2
	for {
		switch r := l.next(); {
		case r == '\\' && l.peek() == '"':
			val := l.str(q+2, l.pos-1)
			l.next()
			l.emitVal(typ, val, true)
			return lexInsideTag
		case r == eof || r == '\n' || r == '\r':
			l.backup()
			return l.errorf(codeUnterminated, q, l.pos, q+2, `close the value with \" on the same line`,
				"unterminated quoted string in shortcode parameter")
		}
	}
}

// lexRaw scans a `raw` value, which may span lines and has no escapes.
func lexRaw(l *lexer, typ itemType) stateFn {
	q := l.pos
	i := bytes.IndexByte(l.input[q+1:l.end], '`')
	if i < 0 {
		return l.errorf(codeUnterminated, q, q+1, q+1, "close the raw value with '`'",
			"unterminated raw string in shortcode parameter")
	}
	l.pos = q + 1 + i + 1
	l.emitVal(typ, l.str(q+1, q+1+i), true)
	return lexInsideTag
}

func dropBackslashes(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// skipWord moves past ASCII letters, digits, '_' and '-' (and '.' with
// dot), which the rune loops after it would take one by one.
func (l *lexer) skipWord(dot bool) {
	for l.pos < l.end {
		c := l.input[l.pos]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || dot && c == '.') {
			return
		}
		l.pos++
	}
}

// asciiSpace reports the ASCII characters isSpace accepts.
func asciiSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r > 0x7f && unicode.IsSpace(r)
}

func isAlphaNumeric(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isAlphaNumericOrHyphen(r rune) bool {
	return r == '-' || isAlphaNumeric(r)
}
