package markdown

import (
	"bytes"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// lexShell tokenises text exactly as chroma's Bash lexer (lexers/embedded/
// bash.xml, states root, basic, data, interp and string), rule by rule and
// in the rules' order, without regular expressions: chroma's regexp2 rules
// cost about 1 µs per byte, and the corpus's shell snippets (mostly .env
// files) were a tenth of a build. Where a rule would need what is not
// modelled here (command substitution "$(", parameter expansion "${",
// backticks, here-documents "<<", a byte outside printable ASCII, '\t' and
// '\n', or text no rule matches, which chroma marks as an error), the text
// is declined (ok is false) and the caller lexes it with chroma.
// TestShellLexerMatchesChroma, TestShellLexerCorpus and FuzzShellLexer
// compare the two token streams.
//
// emit receives each token's type and byte range, in order; together they
// cover text.
func lexShell(text []byte, emit func(tt chroma.TokenType, start, end int)) (ok bool) {
	for _, c := range text {
		if (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7f || c == '`' {
			return false
		}
	}
	if bytes.Contains(text, []byte("$(")) || bytes.Contains(text, []byte("${")) || bytes.Contains(text, []byte("<<")) {
		return false
	}
	l := shellLexer{t: text, emit: emit}
	for p := 0; p < len(text); {
		var n int
		if l.inString {
			n = l.stringState(p)
		} else {
			n = l.root(p)
		}
		if n <= p {
			return false
		}
		p = n
	}
	return true
}

// shellLexer is the state of one lexShell run.
type shellLexer struct {
	t        []byte
	emit     func(tt chroma.TokenType, start, end int)
	inString bool // inside a double-quoted string with interpolation
}

// The words of bash.xml's keyword and builtin rules, in its order: the
// first that matches wins, as in the regular expression's alternation.
var (
	shellKeywords = []string{"if", "fi", "else", "while", "do", "done", "for", "then", "return", "function",
		"case", "select", "continue", "until", "esac", "elif"}
	shellBuiltins = []string{"alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen",
		"complete", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false",
		"fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "popd",
		"printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend", "test",
		"time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"}
)

func isShellWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isShellSpace is \s on the bytes lexShell accepts.
func isShellSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// wordAt reports whether t[i] is a word character (false outside t).
func (l *shellLexer) wordAt(i int) bool { return i >= 0 && i < len(l.t) && isShellWord(l.t[i]) }

// boundary is the regular expression \b at i.
func (l *shellLexer) boundary(i int) bool { return l.wordAt(i-1) != l.wordAt(i) }

// endAnchor is $ in multi-line mode, which chroma's lexers use unless
// their configuration says not_multiline: the end of the text or of a line.
func (l *shellLexer) endAnchor(i int) bool {
	return i == len(l.t) || l.t[i] == '\n'
}

// skipSpace returns the end of the run of \s starting at i.
func (l *shellLexer) skipSpace(i int) int {
	for i < len(l.t) && isShellSpace(l.t[i]) {
		i++
	}
	return i
}

// root tries the rules of the root state at p (basic, then backticks,
// which lexShell declined, then data, then interp) and returns the end of
// what the first matching rule consumed, or p when none matches.
func (l *shellLexer) root(p int) int {
	if n := l.basic(p); n > p {
		return n
	}
	if n := l.data(p); n > p {
		return n
	}
	return l.interp(p)
}

func (l *shellLexer) basic(p int) int {
	t, n := l.t, len(l.t)
	c := t[p]
	startsWord := !l.wordAt(p-1) && isShellWord(c)
	if startsWord {
		// \b(if|fi|…)(\s*)\b
		for _, w := range shellKeywords {
			e := p + len(w)
			if !bytes.HasPrefix(t[p:], []byte(w)) {
				continue
			}
			q := l.skipSpace(e)
			switch {
			case q > e && l.wordAt(q): // greedy \s* then \b before a word
			case l.boundary(e):
				q = e
			default:
				continue
			}
			l.emit(chroma.Keyword, p, e)
			l.emit(chroma.Text, e, q)
			return q
		}
		// \b(alias|…)(?=[\s)`])
		for _, w := range shellBuiltins {
			e := p + len(w)
			if bytes.HasPrefix(t[p:], []byte(w)) && e < n && (isShellSpace(t[e]) || t[e] == ')') {
				l.emit(chroma.NameBuiltin, p, e)
				return e
			}
		}
	}
	if p == 0 && bytes.HasPrefix(t, []byte("#!")) {
		// \A#!.+\n
		if j := bytes.IndexByte(t, '\n'); j >= 3 {
			l.emit(chroma.CommentPreproc, 0, j+1)
			return j + 1
		}
	}
	if c == '#' {
		// #.*(\S|$): .* takes the rest of the line, where $ matches.
		j := p + 1
		for j < n && t[j] != '\n' {
			j++
		}
		l.emit(chroma.CommentSingle, p, j)
		return j
	}
	if c == '\\' && p+1 < n {
		// \\[\w\W]
		l.emit(chroma.LiteralStringEscape, p, p+2)
		return p + 2
	}
	if startsWord {
		// (\b\w+)(\s*)(\+?=)
		e := p
		for e < n && isShellWord(t[e]) {
			e++
		}
		q := l.skipSpace(e)
		op := 0
		switch {
		case q+1 < n && t[q] == '+' && t[q+1] == '=':
			op = 2
		case q < n && t[q] == '=':
			op = 1
		}
		if op > 0 {
			l.emit(chroma.NameVariable, p, e)
			l.emit(chroma.Text, e, q)
			l.emit(chroma.Operator, q, q+op)
			return q + op
		}
	}
	switch {
	case strings.IndexByte("[]{}()=", c) >= 0:
		l.emit(chroma.Operator, p, p+1)
		return p + 1
	case p+1 < n && (c == '&' && t[p+1] == '&' || c == '|' && t[p+1] == '|'):
		l.emit(chroma.Operator, p, p+2)
		return p + 2
	}
	return p
}

func (l *shellLexer) data(p int) int {
	t, n := l.t, len(l.t)
	c := t[p]
	// \$?"(\\\\|\\[0-7]+|\\.|[^"\\$])*": a string without interpolation.
	if q := p; c == '"' || c == '$' && p+1 < n && t[p+1] == '"' {
		if c == '$' {
			q++
		}
		if end := l.quoted(q+1, '"', true); end > 0 {
			l.emit(chroma.LiteralStringDouble, p, end)
			return end
		}
	}
	if c == '"' {
		l.emit(chroma.LiteralStringDouble, p, p+1)
		l.inString = true
		return p + 1
	}
	// \$'(\\\\|\\[0-7]+|\\.|[^'\\])*'
	if c == '$' && p+1 < n && t[p+1] == '\'' {
		if end := l.quoted(p+2, '\'', false); end > 0 {
			l.emit(chroma.LiteralStringSingle, p, end)
			return end
		}
	}
	if c == '\'' {
		// (?s)'.*?'
		if j := bytes.IndexByte(t[p+1:], '\''); j >= 0 {
			l.emit(chroma.LiteralStringSingle, p, p+j+2)
			return p + j + 2
		}
	}
	switch {
	case c == ';' || c == '&' || c == '|':
		l.emit(chroma.Punctuation, p, p+1)
		return p + 1
	case isShellSpace(c):
		e := l.skipSpace(p)
		l.emit(chroma.Text, p, e)
		return e
	}
	if isDigit(c) {
		// \d+(?= |$)
		e := p
		for e < n && isDigit(t[e]) {
			e++
		}
		if e < n && t[e] == ' ' || l.endAnchor(e) {
			l.emit(chroma.LiteralNumber, p, e)
			return e
		}
	}
	// [^=\s\[\]{}()$"'`\\<&|;]+
	e := p
	for e < n && !isShellSpace(t[e]) && strings.IndexByte("=[]{}()$\"'`\\<&|;", t[e]) < 0 {
		e++
	}
	if e > p {
		l.emit(chroma.Text, p, e)
		return e
	}
	if c == '<' {
		l.emit(chroma.Text, p, p+1)
		return p + 1
	}
	return p
}

// quoted returns the end of a quoted string whose body starts at i and
// which closes with quote: the body's items are an escape ('\' and the
// next byte) or any byte but the quote, '\' and, when dollar is set, '$'.
// It returns 0 when the body reaches the end of the text or a '$' first.
func (l *shellLexer) quoted(i int, quote byte, dollar bool) int {
	t, n := l.t, len(l.t)
	for i < n {
		switch c := t[i]; {
		case c == quote:
			return i + 1
		case c == '\\':
			if i+1 >= n {
				return 0
			}
			i += 2
		case c == '$' && dollar:
			return 0
		default:
			i++
		}
	}
	return 0
}

// interp is the interp state without "$((", "$(" and "${" (declined).
func (l *shellLexer) interp(p int) int {
	t, n := l.t, len(l.t)
	if t[p] != '$' {
		return p
	}
	e := p + 1
	switch {
	case e < n && (t[e] == '_' || t[e] >= 'a' && t[e] <= 'z' || t[e] >= 'A' && t[e] <= 'Z'):
		// \$[a-zA-Z_]\w*
		for e < n && isShellWord(t[e]) {
			e++
		}
	case e < n && isDigit(t[e]):
		// \$(?:\d+|…)
		for e < n && isDigit(t[e]) {
			e++
		}
	case e < n && strings.IndexByte("#$?!_*@-", t[e]) >= 0:
		e++
	default:
		l.emit(chroma.Text, p, p+1)
		return p + 1
	}
	l.emit(chroma.NameVariable, p, e)
	return e
}

// stringState is the string state, entered after a '"' whose string has
// interpolation.
func (l *shellLexer) stringState(p int) int {
	t, n := l.t, len(l.t)
	if t[p] == '"' {
		l.emit(chroma.LiteralStringDouble, p, p+1)
		l.inString = false
		return p + 1
	}
	// (?s)(\\\\|\\[0-7]+|\\.|[^"\\$])+
	i := p
	for i < n && t[i] != '"' && t[i] != '$' {
		if t[i] == '\\' {
			if i+1 >= n {
				break
			}
			i++
		}
		i++
	}
	if i > p {
		l.emit(chroma.LiteralStringDouble, p, i)
		return i
	}
	return l.interp(p)
}
