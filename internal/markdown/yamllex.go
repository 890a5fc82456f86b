package markdown

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// lexYAML tokenises text exactly as chroma's YAML lexer
// (lexers/embedded/yaml.xml in chroma v2) does, without its backtracking
// regular expressions: YAML is most of the code in the guides, and chroma
// spends about 15 µs per line on it, a fifth of a whole build.
//
// chroma's YAML lexer has one state; at each position it tries its rules in
// order and takes the first that matches there. next mirrors those rules
// one by one (the comments quote each pattern), with the leftmost-first,
// greedy or lazy choices of the regexp2 engine worked out per rule. Where
// that would need the engine's general backtracking, or Unicode classes,
// the text is declined (ok is false) and the caller lexes it with chroma:
// text with a byte outside printable ASCII, '\t' and '\n'; a block scalar
// indicator ("|" or ">" before an indented line); a quoted string that is
// not closed; a "%include" line. TestYAMLLexerMatchesChroma and
// FuzzYAMLLexer compare the two token streams.
//
// emit receives each token's type and byte range, in order; together they
// cover text. The time is linear in len(text): the scans for a key's colon
// are memoised, and each line's rightmost comment and quoted key are found
// once.
func lexYAML(text []byte, emit func(tt chroma.TokenType, start, end int)) (ok bool) {
	for _, c := range text {
		if (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7f {
			return false
		}
	}
	l := &yamlLexer{t: text, emit: emit, lineEnd: -1, key: colonScan{stop: -1}, keyNL: colonScan{stop: -1, nl: true}}
	for p := 0; p < len(text); {
		if p > l.lineEnd {
			l.newLine(p)
		}
		n := l.next(p)
		if n <= p {
			return false
		}
		p = n
	}
	return true
}

// yamlLexer is the state of one lexYAML run.
type yamlLexer struct {
	t    []byte
	emit func(tt chroma.TokenType, start, end int)

	// The line holding the current position: its end (the index of its
	// '\n', or len(t)), the rightmost `": ` on it, and the rightmost
	// " #" and " //" (-1 when absent).
	lineEnd      int
	quotedKey    int
	hashComment  int
	slashComment int
	key, keyNL   colonScan // memos of the lazy key scans
}

// colonScan memoises a scan for a key's colon (see keyColon): the scan
// from any position up to stop ends at stop, where the colon is when
// match is set.
type colonScan struct {
	nl    bool // looking for ":\n" rather than ": "
	stop  int
	match bool
}

// newLine computes the per-line facts for the line holding p.
func (l *yamlLexer) newLine(p int) {
	t := l.t
	start := bytes.LastIndexByte(t[:p], '\n') + 1
	l.lineEnd = len(t)
	if i := bytes.IndexByte(t[p:], '\n'); i >= 0 {
		l.lineEnd = p + i
	}
	line := t[start:l.lineEnd]
	l.quotedKey = lineIndex(start, lastIndexShort(line, `": `))
	l.hashComment = lineIndex(start, lastIndexShort(line, " #"))
	l.slashComment = lineIndex(start, lastIndexShort(line, " //"))
}

// lastIndexShort is bytes.LastIndex for a separator of a few bytes that
// ends in a rare byte: it jumps between occurrences of that byte, where
// bytes.LastIndex runs a rolling hash over every byte of every line (2 %
// of a build's instructions when the lexer called it per line).
func lastIndexShort(s []byte, sep string) int {
	n := len(sep) - 1
	last := sep[n]
	for end := len(s); ; {
		i := bytes.LastIndexByte(s[:end], last)
		if i < 0 {
			return -1
		}
		if i >= n && string(s[i-n:i]) == sep[:n] {
			return i - n
		}
		end = i
	}
}

func lineIndex(base, i int) int {
	if i < 0 {
		return -1
	}
	return base + i
}

// next emits the tokens of the rule that matches at p and returns the
// position after them, or p to decline.
func (l *yamlLexer) next(p int) int {
	t := l.t
	c := t[p]
	bol := p == 0 || t[p-1] == '\n'
	switch {
	case isYAMLSpace(c): // \s+
		e := p + 1
		for e < len(t) && isYAMLSpace(t[e]) {
			e++
		}
		return l.one(chroma.TextWhitespace, p, e)
	case bol && hasPrefix(t[p:], "---"), bol && hasPrefix(t[p:], "..."): // ^---, ^\.\.\.
		return l.one(chroma.NameNamespace, p, p+3)
	}
	if e := l.dash(p); e > 0 { // [\n?]?\s*-<space>
		return l.one(chroma.Text, p, e)
	}
	if e := l.commentOrPreproc(p); e > 0 {
		return e
	}
	if bol && hasPrefix(t[p:], "%include") { // ^%include\s+[^\n\r]+
		return p // rare, and its \s+ may backtrack across lines
	}
	if e, ok := l.keyRules(p); ok {
		return e
	}
	return l.valueRules(p)
}

// one emits a single token.
func (l *yamlLexer) one(tt chroma.TokenType, start, end int) int {
	l.emit(tt, start, end)
	return end
}

// dash matches `[\n?]?\s*- `: "- ", or '?' and any white space before it.
// At p there is no white space (\s+ comes first), so the optional '\n'
// cannot match and \s* is empty unless '?' is taken.
func (l *yamlLexer) dash(p int) int {
	t := l.t
	if hasPrefix(t[p:], "- ") {
		return p + 2
	}
	if t[p] != '?' {
		return 0
	}
	j := p + 1
	for j < len(t) && isYAMLSpace(t[j]) {
		j++
	}
	if hasPrefix(t[j:], "- ") {
		return j + 2
	}
	return 0
}

// commentOrPreproc matches `#.*$`, `//.*$` (comments to the end of the
// line) and `!![^\s]+`, `&[^\s]+`, `\*[^\s]+` (tags, anchors, aliases).
func (l *yamlLexer) commentOrPreproc(p int) int {
	t := l.t
	switch {
	case t[p] == '#', hasPrefix(t[p:], "//"):
		return l.one(chroma.Comment, p, l.lineEnd)
	case hasPrefix(t[p:], "!!"):
		return l.preproc(p, p+2)
	case t[p] == '&', t[p] == '*':
		return l.preproc(p, p+1)
	}
	return 0
}

// preproc matches at least one non-space byte from q, as `[^\s]+` after
// the prefix t[p:q].
func (l *yamlLexer) preproc(p, q int) int {
	e := q
	for e < len(l.t) && !isYAMLSpace(l.t[e]) {
		e++
	}
	if e == q {
		return 0
	}
	return l.one(chroma.CommentPreproc, p, e)
}

// keyRules matches the rules of chroma's "key" state, in order.
func (l *yamlLexer) keyRules(p int) (int, bool) {
	t := l.t
	// "[^"\n#].*":<space> — greedy: up to the rightmost `": ` on the line
	// that leaves .* its place.
	if t[p] == '"' && p+1 < len(t) && t[p+1] != '"' && t[p+1] != '\n' && t[p+1] != '#' && l.quotedKey >= p+2 {
		return l.one(chroma.NameTag, p, l.quotedKey+3), true
	}
	// (-)( )((?:(?!//)[^"\n{#])*?)(:)( ) cannot match: "- " was taken by
	// the dash rule.
	//
	// ((?:(?!//)[^"\n{#])*?)(:)( ) and then the same with (\n): lazy, so
	// the first colon so followed, before any of `"\n{#` or "//".
	i, ok := l.keyColon(&l.key, p)
	if !ok {
		i, ok = l.keyColon(&l.keyNL, p)
	}
	if !ok {
		return 0, false
	}
	l.emit(chroma.NameTag, p, i)
	l.emit(chroma.Punctuation, i, i+1)
	l.emit(chroma.TextWhitespace, i+1, i+2)
	return i + 2, true
}

// keyColon returns the index of the colon that the lazy key rule s finds
// from p. The scan from any position before its stop ends at the same
// stop, so a scan is reused until p passes it: the lexing stays linear.
func (l *yamlLexer) keyColon(s *colonScan, p int) (int, bool) {
	if p > s.stop {
		t := l.t
		follow := byte(' ')
		if s.nl {
			follow = '\n'
		}
		i := p
		for ; i < len(t); i++ {
			if t[i] == ':' && i+1 < len(t) && t[i+1] == follow {
				break
			}
			if c := t[i]; c == '"' || c == '\n' || c == '{' || c == '#' || c == '/' && i+1 < len(t) && t[i+1] == '/' {
				break
			}
		}
		s.stop = i
		s.match = i < len(t) && t[i] == ':' && i+1 < len(t) && t[i+1] == follow
	}
	return s.stop, s.match
}

// valueRules matches the rules of chroma's "value" state, in order, then
// the root state's last two.
func (l *yamlLexer) valueRules(p int) int {
	t := l.t
	c := t[p]
	if (c == '|' || c == '>') && yamlBlockScalar(t[p+1:]) {
		return p // ([>|](?:[+-])?)(\n(^ {1,})…) backtracks with a backreference
	}
	if e := yamlKeyword(t, p); e > 0 {
		return l.one(chroma.KeywordConstant, p, e)
	}
	switch c {
	case '"': // "(?:\\.|[^"])*"
		return l.quoted(chroma.LiteralStringDouble, p)
	case '\'': // '(?:\\.|[^'])*'
		return l.quoted(chroma.LiteralStringSingle, p)
	}
	if e := yamlDate(t, p); e > 0 {
		return l.one(chroma.LiteralDate, p, e)
	}
	if e := yamlNumber(t, p); e > 0 {
		return l.one(chroma.LiteralNumber, p, e)
	}
	if strings.IndexByte("{}[]?,:!-*&@", c) < 0 {
		// ([^…].*)( )+(#.*) and the same with //: greedy .* leaves
		// one space before the rightmost comment marker on the line.
		k := l.hashComment
		if k < p+1 {
			k = l.slashComment
		}
		if k >= p+1 {
			l.emit(chroma.Literal, p, k)
			l.emit(chroma.TextWhitespace, k, k+1)
			return l.one(chroma.Comment, k+1, l.lineEnd)
		}
		return l.one(chroma.Literal, p, l.lineEnd) // [^…].*
	}
	if strings.IndexByte("?:,[]", c) >= 0 {
		return l.one(chroma.Punctuation, p, p+1)
	}
	return l.one(chroma.Text, p, p+1) // .
}

// yamlBlockScalar reports whether rest, the text after '|' or '>', starts as
// chroma's block scalar rule needs: an optional '+' or '-', a newline and
// a space. The rule's last alternative, .*, always matches after that.
func yamlBlockScalar(rest []byte) bool {
	if len(rest) > 0 && (rest[0] == '+' || rest[0] == '-') {
		rest = rest[1:]
	}
	return hasPrefix(rest, "\n ")
}

// yamlKeywords are the alternatives of chroma's keyword constant rule, in
// its order: the first that matches and is followed by a word boundary
// wins.
var yamlKeywords = []string{"false", "False", "FALSE", "true", "True", "TRUE", "null", "Off", "off",
	"yes", "Yes", "YES", "OFF", "On", "ON", "no", "No", "on", "NO", "n", "N", "Y", "y"}

// yamlKeyword matches `(false|False|…|Y|y)\b`.
func yamlKeyword(t []byte, p int) int {
	for _, k := range yamlKeywords {
		if hasPrefix(t[p:], k) && wordBoundary(t, p+len(k)) {
			return p + len(k)
		}
	}
	return 0
}

// quoted matches a quoted string whose backslash escapes any byte but a
// newline. The pattern's greedy loop ends at the first quote not so
// escaped; without one, the engine backtracks into the escapes, so the
// text is declined.
func (l *yamlLexer) quoted(tt chroma.TokenType, p int) int {
	t, q := l.t, l.t[p]
	for i := p + 1; i < len(t); i++ {
		switch {
		case t[i] == '\\' && i+1 < len(t) && t[i+1] != '\n':
			i++
		case t[i] == q:
			return l.one(tt, p, i+1)
		}
	}
	return p
}

// yamlDate matches `\d\d\d\d-\d\d-\d\d([T ]\d\d:\d\d:\d\d(\.\d+)?(Z|\s+[-+]\d+)?)?`.
// Its optional parts are greedy and nothing follows them, so each is
// taken whenever it matches.
func yamlDate(t []byte, p int) int {
	e, ok := yamlPattern(t, p, "dddd-dd-dd")
	if !ok {
		return 0
	}
	if e < len(t) && (t[e] == 'T' || t[e] == ' ') {
		if f, ok := yamlPattern(t, e+1, "dd:dd:dd"); ok {
			e = f
			if e+1 < len(t) && t[e] == '.' && isDigit(t[e+1]) {
				e = digitsEnd(t, e+1)
			}
			switch {
			case e < len(t) && t[e] == 'Z':
				e++
			case e < len(t) && isYAMLSpace(t[e]):
				s := e
				for s < len(t) && isYAMLSpace(t[s]) {
					s++
				}
				if s+1 < len(t) && (t[s] == '-' || t[s] == '+') && isDigit(t[s+1]) {
					e = digitsEnd(t, s+1)
				}
			}
		}
	}
	return e
}

// yamlPattern matches a fixed pattern where 'd' stands for a digit.
func yamlPattern(t []byte, p int, pat string) (int, bool) {
	if len(t)-p < len(pat) {
		return 0, false
	}
	for i := 0; i < len(pat); i++ {
		c := t[p+i]
		if pat[i] == 'd' && !isDigit(c) || pat[i] != 'd' && c != pat[i] {
			return 0, false
		}
	}
	return p + len(pat), true
}

// yamlNumber matches
// `\b[+\-]?(0x[\da-f]+|0o[0-7]+|(\d+\.?\d*|\.?\d+)(e[\+\-]?\d+)?|\.inf|\.nan)\b`.
// Digits are word characters, so a boundary can only follow the end of a
// run of them: of the ends the engine tries, only the longest of each
// alternative can succeed, which is what is tried here, in its order.
func yamlNumber(t []byte, p int) int {
	if !wordBoundary(t, p) {
		return 0
	}
	s := p
	if t[s] == '+' || t[s] == '-' {
		s++ // a sign that is not taken leaves no alternative matching
	}
	if e := yamlRadix(t, s, 'x', isHexDigit); e > 0 {
		return e
	}
	if e := yamlRadix(t, s, 'o', isOctalDigit); e > 0 {
		return e
	}
	if e := yamlDecimal(t, s); e > 0 {
		return e
	}
	if e := yamlSpecial(t, s, ".inf"); e > 0 {
		return e
	}
	return yamlSpecial(t, s, ".nan")
}

// yamlRadix matches '0', the radix letter x and a run of digits ok
// accepts, ending at a word boundary.
func yamlRadix(t []byte, s int, x byte, ok func(byte) bool) int {
	if s+1 >= len(t) || t[s] != '0' || t[s+1] != x {
		return 0
	}
	e := s + 2
	for e < len(t) && ok(t[e]) {
		e++
	}
	if e == s+2 || !wordBoundary(t, e) {
		return 0
	}
	return e
}

// yamlDecimal matches `(\d+\.?\d*|\.?\d+)(e[\+\-]?\d+)?\b`.
func yamlDecimal(t []byte, s int) int {
	if s < len(t) && isDigit(t[s]) {
		d := digitsEnd(t, s)
		if d < len(t) && t[d] == '.' { // \d+ \. \d*
			f := digitsEnd(t, d+1)
			if e := yamlExponent(t, f); e > 0 {
				return e
			}
			if f > d+1 {
				// \d* gives its digits back down to none, which leaves
				// a boundary between the dot and a digit.
				return d + 1
			}
		}
		return yamlExponent(t, d) // \d+ without the dot (\d* is then empty)
	}
	if s+1 < len(t) && t[s] == '.' && isDigit(t[s+1]) { // \.\d+
		return yamlExponent(t, digitsEnd(t, s+1))
	}
	return 0
}

// yamlExponent matches `(e[\+\-]?\d+)?\b` from x: with the exponent when that
// ends at a wordBoundary, else without.
func yamlExponent(t []byte, x int) int {
	if x < len(t) && t[x] == 'e' {
		d := x + 1
		if d < len(t) && (t[d] == '+' || t[d] == '-') {
			d++
		}
		if d < len(t) && isDigit(t[d]) {
			if e := digitsEnd(t, d); wordBoundary(t, e) {
				return e
			}
		}
	}
	if wordBoundary(t, x) {
		return x
	}
	return 0
}

// yamlSpecial matches a literal followed by a word boundary.
func yamlSpecial(t []byte, s int, lit string) int {
	if hasPrefix(t[s:], lit) && wordBoundary(t, s+len(lit)) {
		return s + len(lit)
	}
	return 0
}

// hasPrefix is bytes.HasPrefix for a string prefix.
func hasPrefix(t []byte, prefix string) bool {
	return len(t) >= len(prefix) && string(t[:len(prefix)]) == prefix
}

// digitsEnd returns the end of the run of digits from i.
func digitsEnd(t []byte, i int) int {
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	return i
}

// wordBoundary reports whether \b holds at i (ASCII word characters).
func wordBoundary(t []byte, i int) bool {
	before := i > 0 && isWordByte(t[i-1])
	after := i < len(t) && isWordByte(t[i])
	return before != after
}

func isYAMLSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' }
func isHexDigit(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' }
func isOctalDigit(c byte) bool { return '0' <= c && c <= '7' }
func isWordByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}
