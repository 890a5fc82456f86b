package syntax

import "bytes"

// codeLang is a programming language whose snippets are checked for a
// dropped separator between the entries of a literal and for a boolean or
// null spelt as another language spells it (see code.go).
type codeLang int

const (
	langJS codeLang = iota
	langTS
	langPython
	langPHP
	langRuby
	langLua
	// langElixir is only lexed, for code-comma-doubled (see codeelixir.go).
	langElixir
)

// name is the language's name in messages.
func (l codeLang) name() string {
	return [...]string{"JavaScript", "TypeScript", "Python", "PHP", "Ruby", "Lua", "Elixir"}[l]
}

// jsLike reports whether l is JavaScript or TypeScript.
func (l codeLang) jsLike() bool { return l == langJS || l == langTS }

// tokKind is the class of a code token.
type tokKind uint8

const (
	tIdent   tokKind = iota // a name or keyword ($var, @ivar included)
	tNum                    // a number
	tStr                    // a string, template, regular expression or %w[] literal
	tSym                    // a Ruby symbol (:name)
	tPunct                  // an operator or bracket
	tElision                // "...", "…" or a comment that stands for left-out lines
)

// ctok is one token of a code snippet.
type ctok struct {
	kind       tokKind
	start, end int    // offsets in the snippet text
	line       int    // 0-based line of start
	text       string // the token's text
	tmpl       bool   // a JavaScript template literal (`…`)
	glued      bool   // no blank between this token and the one before
}

// codeLexer splits a snippet into tokens. It knows each language's
// comments and string forms well enough to find the brackets and commas
// that matter, and gives up (bad) on any construct it does not understand,
// so that an unusual snippet yields no finding rather than a wrong one.
type codeLexer struct {
	lang codeLang
	src  []byte
	i    int
	line int
	toks []ctok
	bad  bool
	// unterm is the offset+1 of the opening quote of the first string
	// that the language does not let run past its line (or that runs to
	// the end of the snippet), 0 when there is none; the lexer stops
	// there (bad).
	unterm int
	// spanning is the offset+1 of the first PHP or Ruby string that
	// spans lines, which those languages allow: when the snippet then
	// turns out broken, it is the string whose closing quote is missing.
	spanning int
	eof      bool // the string at unterm runs to the end of the snippet
}

// lexCode returns the tokens of src, or ok false when the lexer is not
// sure of them (an unterminated string, a heredoc, a template language
// mixed into the code).
func lexCode(lang codeLang, src []byte) (toks []ctok, ok bool) {
	l := lexAll(lang, src)
	return l.toks, !l.bad
}

// lexAll lexes src up to its end or the first construct the lexer gives
// up on, and returns the lexer (its tokens, bad, unterm).
func lexAll(lang codeLang, src []byte) *codeLexer {
	l := &codeLexer{lang: lang, src: src}
	for l.i < len(l.src) && !l.bad {
		l.next()
	}
	return l
}

// multiPunct are the operators of two or more bytes, longest first.
var multiPunct = []string{
	"...", "===", "!==", "**=", "<=>", "<<=", ">>=", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "**", "::", "->", "..",
	"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<", ">>", "++", "--", "~=", ":=", "//",
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ellipsis is "…" in UTF-8.
var ellipsis = []byte("…")

func (l *codeLexer) peek(k int) byte {
	if l.i+k < len(l.src) {
		return l.src[l.i+k]
	}
	return 0
}

func (l *codeLexer) emit(k tokKind, start int) {
	glued := start > 0 && l.src[start-1] != ' ' && l.src[start-1] != '\t' && l.src[start-1] != '\n' && l.src[start-1] != '\r'
	l.toks = append(l.toks, ctok{kind: k, start: start, end: l.i, line: l.line, text: string(l.src[start:l.i]), glued: glued})
}

// lastValueEnd reports whether the previous token ends an operand, which
// decides whether '/' divides or opens a regular expression (and, in
// Ruby, whether '%' is an operator or opens a %w[] literal).
func (l *codeLexer) lastValueEnd() bool {
	if len(l.toks) == 0 {
		return false
	}
	t := l.toks[len(l.toks)-1]
	switch t.kind {
	case tNum, tStr, tSym:
		return true
	case tIdent:
		return !nonValueKeyword(l.lang, t.text)
	case tPunct:
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

func (l *codeLexer) next() {
	src, c := l.src, l.src[l.i]
	start := l.i
	switch {
	case c == '\n':
		l.line++
		l.i++
		return
	case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
		l.i++
		return
	case l.commentStart():
		return
	case bytes.HasPrefix(src[l.i:], ellipsis):
		l.i += len(ellipsis)
		l.emit(tElision, start)
		return
	case l.lang == langElixir && l.elixirUnknown():
		l.bad = true
		return
	case c == '\'' || c == '"' || c == '`' && l.lang.jsLike():
		l.quoted(c)
		if !l.bad {
			l.emit(tStr, start)
			l.toks[len(l.toks)-1].tmpl = c == '`'
		}
		return
	case isDigit(c) || c == '.' && isDigit(l.peek(1)):
		l.number()
		l.emit(tNum, start)
		return
	case l.lang == langLua && c == '[' && (l.peek(1) == '[' || l.peek(1) == '='):
		if l.longBracket() {
			l.emit(tStr, start)
			return
		}
	case (l.lang == langRuby || l.lang == langElixir) && c == ':' && l.peek(1) != ':' && (isIdentStart(l.peek(1)) || l.peek(1) == '"' || l.peek(1) == '\'') && !l.gluedToValue():
		l.i++
		if q := src[l.i]; q == '"' || q == '\'' {
			l.quoted(q)
		} else {
			l.ident()
		}
		l.emit(tSym, start)
		return
	case l.lang == langRuby && c == '%' && !l.lastValueEnd() && l.percentLiteral():
		l.emit(tStr, start)
		return
	case (l.lang.jsLike() || l.lang == langRuby) && c == '/' && !l.lastValueEnd():
		l.regexp()
		l.emit(tStr, start)
		return
	case l.identStart():
		l.ident()
		if l.lang == langPython && l.i < len(src) && (src[l.i] == '\'' || src[l.i] == '"') && isStringPrefix(string(src[start:l.i])) {
			l.quoted(src[l.i])
			l.emit(tStr, start)
			return
		}
		l.emit(tIdent, start)
		return
	}
	l.punct()
	if !l.bad {
		l.emit(tPunct, start)
	}
}

// elixirUnknown reports whether an Elixir construct the lexer does not
// follow starts at l.i: a heredoc (three quotes), a sigil (~r/…/, ~s(…))
// whose delimiters vary, or a character literal (?a, ?,).
func (l *codeLexer) elixirUnknown() bool {
	c := l.src[l.i]
	switch {
	case (c == '"' || c == '\'') && l.peek(1) == c && l.peek(2) == c:
		return true
	case c == '~' && (l.peek(1) >= 'a' && l.peek(1) <= 'z' || l.peek(1) >= 'A' && l.peek(1) <= 'Z'):
		return true
	case c == '?':
		return true
	}
	return false
}

// gluedToValue reports whether a Ruby ':' directly follows a name or
// string, as in the hash label "key:" or a ternary written "a ?b:c".
func (l *codeLexer) gluedToValue() bool {
	return l.i > 0 && (isIdentByte(l.src[l.i-1]) || l.src[l.i-1] == '"' || l.src[l.i-1] == '\'' || l.src[l.i-1] == ')' || l.src[l.i-1] == ']')
}

func (l *codeLexer) identStart() bool {
	c := l.src[l.i]
	switch {
	case isIdentStart(c):
		return true
	case c == '$':
		return l.lang != langPython && l.lang != langLua
	case c == '@':
		return l.lang == langRuby
	case c == '#':
		return l.lang.jsLike() // private fields
	}
	return false
}

func (l *codeLexer) ident() {
	l.i++
	for l.i < len(l.src) && (isIdentByte(l.src[l.i]) || l.src[l.i] == '$' && l.lang != langPHP || l.src[l.i] == '@' && l.lang == langRuby) {
		if bytes.HasPrefix(l.src[l.i:], ellipsis) {
			return
		}
		l.i++
	}
	// Ruby and Elixir function names may end in ? or ! (empty?, save!).
	if (l.lang == langRuby || l.lang == langElixir) && l.i < len(l.src) && (l.src[l.i] == '?' || l.src[l.i] == '!') && l.peek(1) != '=' && l.peek(1) != ':' {
		l.i++
	}
}

func isStringPrefix(s string) bool {
	switch bytes.ToLower([]byte(s))[0] {
	case 'r', 'b', 'u', 'f':
	default:
		return false
	}
	switch string(bytes.ToLower([]byte(s))) {
	case "r", "b", "u", "f", "br", "rb", "fr", "rf":
		return true
	}
	return false
}

func (l *codeLexer) number() {
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == '.' && l.peek(1) == '.':
			return
		case (c == 'e' || c == 'E') && (l.peek(1) == '+' || l.peek(1) == '-') && !bytes.HasPrefix(bytes.ToLower(l.src[l.i-1:l.i]), []byte("x")):
			l.i += 2
		case isIdentByte(c) && c < 0x80 || c == '.':
			l.i++
		default:
			return
		}
	}
}

// commentStart skips a comment at l.i, if one starts there, and emits an
// elision token for a comment that stands for left-out lines ("// ...").
func (l *codeLexer) commentStart() bool {
	src, c, start := l.src, l.src[l.i], l.i
	lineComment := false
	switch l.lang {
	case langJS, langTS, langPHP:
		if c == '/' && l.peek(1) == '*' {
			end := bytes.Index(src[l.i+2:], []byte("*/"))
			if end < 0 {
				l.bad = true
				return true
			}
			l.skipTo(l.i + 2 + end + 2)
			l.elisionComment(start)
			return true
		}
		lineComment = c == '/' && l.peek(1) == '/' ||
			l.lang == langPHP && c == '#' && l.peek(1) != '[' ||
			l.lang != langPHP && c == '#' && l.i == 0 && l.peek(1) == '!'
	case langPython, langElixir:
		lineComment = c == '#'
	case langRuby:
		if c == '=' && (l.i == 0 || src[l.i-1] == '\n') && bytes.HasPrefix(src[l.i:], []byte("=begin")) {
			end := bytes.Index(src[l.i:], []byte("\n=end"))
			if end < 0 {
				l.bad = true
				return true
			}
			l.skipTo(l.i + end + 5)
			return true
		}
		lineComment = c == '#'
	case langLua:
		if c == '-' && l.peek(1) == '-' {
			l.i += 2
			if l.peek(0) == '[' && l.longBracket() {
				l.elisionComment(start)
				return true
			}
			lineComment = true
		}
	}
	if !lineComment {
		return false
	}
	for l.i < len(src) && src[l.i] != '\n' {
		l.i++
	}
	l.elisionComment(start)
	return true
}

// elisionComment emits an elision token for the comment src[start:l.i]
// when it holds "..." or "…": the lines it stands for are unknown.
func (l *codeLexer) elisionComment(start int) {
	body := l.src[start:l.i]
	if bytes.Contains(body, []byte("...")) || bytes.Contains(body, ellipsis) {
		line := l.line - bytes.Count(body, []byte("\n"))
		l.toks = append(l.toks, ctok{kind: tElision, start: start, end: l.i, line: line, text: "..."})
	}
}

// skipTo moves to end, counting the lines passed.
func (l *codeLexer) skipTo(end int) {
	l.line += bytes.Count(l.src[l.i:end], []byte("\n"))
	l.i = end
}

// longBracket skips a Lua long bracket [[…]] or [==[…]==] at l.i and
// reports whether there was one.
func (l *codeLexer) longBracket() bool {
	j := l.i + 1
	for j < len(l.src) && l.src[j] == '=' {
		j++
	}
	if j >= len(l.src) || l.src[j] != '[' {
		return false
	}
	closer := append(append([]byte("]"), bytes.Repeat([]byte("="), j-l.i-1)...), ']')
	end := bytes.Index(l.src[j+1:], closer)
	if end < 0 {
		l.bad = true
		return true
	}
	l.skipTo(j + 1 + end + len(closer))
	return true
}

// quoted skips the string opened by q at l.i. Strings that may not span
// lines (JavaScript and Python single-quoted ones, Lua's) make the lexer
// give up at a line break; Python's triple quotes, JavaScript templates
// with their ${…} and Ruby's #{…} interpolations are followed.
func (l *codeLexer) quoted(q byte) {
	src := l.src
	if l.lang == langPython && bytes.HasPrefix(src[l.i:], []byte{q, q, q}) {
		end := bytes.Index(src[l.i+3:], []byte{q, q, q})
		for end >= 0 && escaped(src, l.i+3+end) {
			next := bytes.Index(src[l.i+3+end+1:], []byte{q, q, q})
			if next < 0 {
				end = -1
				break
			}
			end += 1 + next
		}
		if end < 0 {
			l.bad = true
			return
		}
		l.skipTo(l.i + 3 + end + 3)
		return
	}
	multiline := q == '`' || l.lang == langPHP || l.lang == langRuby || l.lang == langElixir
	interp := q == '`' || (l.lang == langRuby || l.lang == langElixir) && q == '"'
	open, startLine := l.i, l.line
	l.i++
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == '\\':
			if l.peek(1) == '\n' {
				l.line++
			}
			l.i += 2
			continue
		case c == q:
			l.i++
			if l.line > startLine && q != '`' && l.spanning == 0 {
				l.spanning = open + 1
			}
			if l.line > startLine && q != '`' && l.i < len(src) && isIdentByte(src[l.i]) {
				// 'a\n  'b: a PHP or Ruby string glued to a name, which
				// neither language accepts: the string meant to end on
				// its first line.
				l.unterm, l.bad = open+1, true
			}
			return
		case c == '\n':
			if !multiline {
				l.unterm, l.bad = open+1, true
				return
			}
			l.line++
		case interp && (c == '$' && q == '`' || c == '#' && q == '"') && l.peek(1) == '{':
			l.i += 2
			l.balanced()
			if l.bad {
				return
			}
			continue
		}
		l.i++
	}
	// The string runs to the end of the snippet. Where strings may span
	// lines, the first one that did is the one left open.
	if q != '`' {
		l.unterm, l.eof = open+1, true
		if multiline && l.spanning != 0 {
			l.unterm = l.spanning
		}
	}
	l.bad = true
}

// escaped reports whether the byte at i follows an odd number of
// backslashes.
func escaped(src []byte, i int) bool {
	n := 0
	for i-1-n >= 0 && src[i-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// balanced skips the code of an interpolation up to its closing brace,
// lexing it like the code around it (it may hold strings, regular
// expressions and templates of its own) and dropping its tokens.
func (l *codeLexer) balanced() {
	n, depth := len(l.toks), 0
	for l.i < len(l.src) && !l.bad {
		if l.src[l.i] == '}' && depth == 0 {
			l.i++
			l.toks = l.toks[:n]
			return
		}
		before := len(l.toks)
		l.next()
		if len(l.toks) > before {
			switch tk := l.toks[len(l.toks)-1]; {
			case tk.kind == tPunct && tk.text == "{":
				depth++
			case tk.kind == tPunct && tk.text == "}":
				depth--
			}
		}
	}
	l.bad = true
}

// regexp skips a regular expression literal /…/flags on one line.
func (l *codeLexer) regexp() {
	src := l.src
	l.i++
	class := false
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == '\\':
			l.i += 2
			continue
		case c == '\n':
			l.bad = true
			return
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '/' && !class:
			l.i++
			for l.i < len(src) && isIdentByte(src[l.i]) && src[l.i] < 0x80 {
				l.i++
			}
			return
		}
		l.i++
	}
	l.bad = true
}

// percentLiteral skips a Ruby %w[…], %i(…), %q{…}, %(…) literal at l.i and
// reports whether there was one.
func (l *codeLexer) percentLiteral() bool {
	j := l.i + 1
	if j < len(l.src) && bytes.IndexByte([]byte("qQwWiIrsx"), l.src[j]) >= 0 {
		j++
	}
	if j >= len(l.src) {
		return false
	}
	open := l.src[j]
	closeBy := map[byte]byte{'(': ')', '[': ']', '{': '}', '<': '>'}
	closer, nests := closeBy[open]
	if !nests {
		if open != '|' && open != '!' && open != '/' {
			return false
		}
		closer = open
	}
	depth := 1
	for k := j + 1; k < len(l.src); k++ {
		switch c := l.src[k]; {
		case c == '\\':
			k++
		case c == closer:
			depth--
			if depth == 0 {
				l.skipTo(k + 1)
				return true
			}
		case nests && c == open:
			depth++
		}
	}
	l.bad = true
	return true
}

// punct lexes an operator or bracket, stops at PHP's closing tag (HTML
// follows), and gives up on the constructs that start text the lexer
// cannot follow: heredocs and
// template languages ({{ … }}, {% … %}, <% … %>) mixed into the code.
func (l *codeLexer) punct() {
	rest := l.src[l.i:]
	switch {
	case bytes.HasPrefix(rest, []byte("{%")), bytes.HasPrefix(rest, []byte("<%")),
		bytes.HasPrefix(rest, []byte("{{")) && templateBraces(rest):
		l.bad = true
		return
	case l.lang == langPHP && bytes.HasPrefix(rest, []byte("<<<")):
		l.bad = true
		return
	case l.lang == langPHP && bytes.HasPrefix(rest, []byte("?>")):
		l.i += 2
		l.src = l.src[:l.i] // the rest is HTML: lexing stops here
		return
	case l.lang == langRuby && len(rest) > 2 && rest[0] == '<' && rest[1] == '<' &&
		(rest[2] == '~' || rest[2] == '-' || rest[2] == '\'' || rest[2] == '"' || rest[2] >= 'A' && rest[2] <= 'Z'):
		l.bad = true
		return
	case l.lang == langPHP && bytes.HasPrefix(rest, []byte("<?php")):
		l.i += len("<?php") // the opening tag: one token, no value
		return
	}
	for _, p := range multiPunct {
		if bytes.HasPrefix(rest, []byte(p)) {
			l.i += len(p)
			return
		}
	}
	l.i++
}

// templateBraces reports whether text, starting with "{{", holds a
// template action ({{ name }}, {{ .Values.x }}) closed on its line.
func templateBraces(text []byte) bool {
	line := text
	if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	end := bytes.Index(line[2:], []byte("}}"))
	return end >= 0 && bytes.IndexByte(line[2:2+end], '{') < 0 && bytes.IndexByte(line[2:2+end], '}') < 0
}

// nonValueKeyword reports whether the name w is a keyword of lang that
// cannot end an operand (return, in, and, then…): a line ending in it
// continues on the next.
func nonValueKeyword(lang codeLang, w string) bool {
	switch lang {
	case langJS, langTS:
		switch w {
		case "return", "typeof", "new", "delete", "void", "in", "of", "instanceof", "case", "else", "do",
			"await", "yield", "throw", "const", "let", "var", "function", "class", "extends", "async",
			"export", "import", "if", "while", "for", "switch", "try", "catch", "finally", "default", "as", "satisfies":
			return true
		}
	case langPython:
		switch w {
		case "and", "or", "not", "in", "is", "if", "else", "elif", "for", "lambda", "return", "yield", "await",
			"import", "from", "as", "def", "class", "with", "assert", "del", "while", "raise", "global",
			"nonlocal", "async", "try", "except", "finally":
			return true
		}
	case langPHP:
		switch w {
		case "new", "return", "echo", "print", "instanceof", "as", "and", "or", "xor", "use", "fn", "function",
			"array", "list", "clone", "else", "case", "if", "while", "for", "foreach", "match", "throw", "yield":
			return true
		}
	case langRuby:
		switch w {
		case "and", "or", "not", "if", "unless", "while", "until", "do", "then", "else", "elsif", "return",
			"when", "in", "def", "class", "module", "case", "begin", "rescue", "ensure", "yield", "for":
			return true
		}
	case langLua:
		switch w {
		case "and", "or", "not", "then", "do", "else", "elseif", "return", "local", "function", "in",
			"if", "while", "for", "repeat", "until", "goto":
			return true
		}
	}
	return false
}
