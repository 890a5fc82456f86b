package syntax

import (
	"bytes"
	"fmt"

	"github.com/guidec/guidec/internal/source"
)

// Two more mistakes of program-language snippets are certain without a
// parser, given the lexer of codelex.go:
//
//   - code-string-unterminated: JavaScript, TypeScript, Python and Lua
//     strings in '…' or "…" end on their line (a backslash before the
//     line break continues them); a quote left open there is a syntax
//     error. PHP and Ruby strings may span lines: there, only a string
//     that runs to the end of the snippet, or one whose closing quote on
//     a later line is glued to a name ('userinfo,\n  'next' => …), is
//     certain.
//   - code-bracket-mismatch: each (, [ and { is closed by its own
//     partner, in all six languages; a [ closed by } is an error, at the
//     [ left open. A bracket still open at the end of a snippet that is a
//     whole file (it names one, elides nothing, and starts at the top
//     level) is one too.

// unterminated returns the finding for the string the lexer found left
// open (l.unterm), when the rest of the snippet, from the next line on,
// lexes cleanly: then the one dropped quote is the whole trouble, not a
// construct the lexer does not know.
func unterminated(lang codeLang, src []byte, l *codeLexer) []finding {
	if l.unterm == 0 {
		return nil
	}
	q := l.unterm - 1
	switch {
	case lang == langPython && bytes.Contains(src, []byte(">>> ")):
		return nil // a session: its output lines are not code
	}
	lineEnd := len(src)
	if nl := bytes.IndexByte(src[q:], '\n'); nl >= 0 {
		lineEnd = q + nl
	}
	// In PHP and Ruby the quote found may be a closing one read as an
	// opening one, after a name: only the other languages' must open.
	spans := lang == langPHP || lang == langRuby
	if !spans && !valuePosition(lang, src, q) {
		return nil // an apostrophe in a word (Don't): prose, not code
	}
	if lang == langPHP {
		if i := bytes.Index(src, []byte("<?")); i >= 0 && len(bytes.TrimSpace(src[:i])) > 0 {
			return nil // HTML around the PHP, whose text may hold an apostrophe
		}
	}
	if lang.jsLike() && (jsxTag(l.toks) || bytes.Contains(src[q:lineEnd], []byte("</")) || bytes.Contains(src[q:lineEnd], []byte("/>"))) {
		return nil // JSX or HTML, whose text may hold an apostrophe
	}
	if lineEnd < len(src) {
		if rest := lexAll(lang, src[lineEnd+1:]); rest.bad {
			return nil
		}
	}
	quote := string(src[q])
	msg := fmt.Sprintf("the string opened here is not closed on its line: a %s string in %s…%s cannot span lines (syntax error)", lang.name(), quote, quote)
	switch {
	case lineEnd == len(src) || spans && l.eof:
		msg = fmt.Sprintf("the string opened here is never closed: it runs to the end of the snippet (a %s syntax error)", lang.name())
	case spans:
		msg = fmt.Sprintf("the string opened here is not closed on its line: %s reads on into the next line, up to the next %s, and then the rest of the file inside out (syntax error)", lang.name(), quote)
	}
	return []finding{{
		span: source.Span{Start: q, End: q + 1},
		code: "code-string-unterminated",
		msg:  msg,
		hint: "close the string with " + quote,
	}}
}

// mismatch records a code-bracket-mismatch when the closer toks[j] is not
// the partner of the bracket top opened, and both are brackets with no
// elision between them (an elided line may have held the partner).
func (c *codeChecker) mismatch(top *cctx, j int) {
	want := map[string]string{"(": ")", "[": "]", "{": "}"}[top.open]
	if want == "" {
		return // a keyword block (do … end): the lexer may have misread it
	}
	for k := top.at + 1; k < j; k++ {
		if c.toks[k].kind == tElision {
			return
		}
	}
	at := c.culprit(top.at)
	if at < 0 {
		return
	}
	if at != top.at {
		o, t := c.toks[at], c.toks[c.closerOf(at)]
		c.fs = append(c.fs, c.stolen(o, t))
		return
	}
	o, t := c.toks[top.at], c.toks[j]
	where := "on the same line"
	switch n := t.line - o.line; {
	case n == 1:
		where = "on the next line"
	case n > 1:
		where = fmt.Sprintf("%d lines below", n)
	}
	c.fs = append(c.fs, finding{
		span:    source.Span{Start: o.start, End: o.end},
		code:    "code-bracket-mismatch",
		msg:     fmt.Sprintf("the '%s' opened here is never closed: the next closer, '%s' %s, is another bracket's, which %s rejects", o.text, t.text, where, c.lang.name()),
		hint:    fmt.Sprintf("close it with '%s'", want),
		related: []related{{span: source.Span{Start: t.start, End: t.end}, msg: "'" + t.text + "' here"}},
	})
}

// unclosed reports a bracket still open at the end of a whole file, when
// the snippet starts at the top level, elides nothing and closes nothing
// it did not open. Of the brackets left open, the innermost whose line
// shows where the closer was dropped is reported: the line ends with an
// entry and a comma (scope: ['openid', 'email',), or the next line is no
// more indented than it (the next statement follows).
func (c *codeChecker) unclosed() {
	if c.orphan || c.stack[0].excerpt || len(c.stack) < 2 {
		return
	}
	for j, t := range c.toks {
		alone := c.lineFirst(j) == j && (j+1 == len(c.toks) || c.toks[j+1].line > t.line)
		if t.kind == tElision || t.text == "..." && alone {
			return // lines left out, which may hold the closer
		}
	}
	for i := len(c.stack) - 1; i >= 1; i-- {
		ctx := c.stack[i]
		if ctx.open != "(" && ctx.open != "[" && ctx.open != "{" {
			continue
		}
		at := c.culprit(ctx.at)
		if at < 0 {
			return
		}
		if at != ctx.at {
			c.fs = append(c.fs, c.stolen(c.toks[at], c.toks[c.closerOf(at)]))
			return
		}
		if !c.droppedCloser(ctx.at) {
			continue
		}
		o := c.toks[ctx.at]
		c.fs = append(c.fs, finding{
			span: source.Span{Start: o.start, End: o.end},
			code: "code-bracket-mismatch",
			msg:  fmt.Sprintf("the '%s' opened here is never closed: the file ends first, which %s rejects", o.text, c.lang.name()),
			hint: fmt.Sprintf("close it with '%s'", map[string]string{"(": ")", "[": "]", "{": "}"}[o.text]),
		})
		return
	}
}

// droppedCloser reports whether the line of the opener toks[j] has the
// shape of a line whose closer was dropped (see unclosed).
func (c *codeChecker) droppedCloser(j int) bool {
	last := j
	for last+1 < len(c.toks) && c.toks[last+1].line == c.toks[j].line {
		last++
	}
	if last > j+1 && c.punctAt(last, ",") && c.valueEnd(last-1) {
		return true
	}
	if last+1 == len(c.toks) {
		return true
	}
	return c.indent(c.toks[last+1].start) <= c.indent(c.toks[j].start)
}

// indent returns the indentation of the line holding offset i.
func (c *codeChecker) indent(i int) int {
	start := bytes.LastIndexByte(c.src[:i], '\n') + 1
	n := 0
	for start+n < len(c.src) && (c.src[start+n] == ' ' || c.src[start+n] == '\t') {
		n++
	}
	return n
}

// jsxTag reports whether toks hold a JSX tag: a '<' where an operand
// starts, glued to a name (return <div, (<App).
func jsxTag(toks []ctok) bool {
	for k := 1; k+1 < len(toks); k++ {
		p := toks[k-1]
		if toks[k].kind != tPunct || toks[k].text != "<" || toks[k+1].kind != tIdent || !toks[k+1].glued {
			continue
		}
		if p.kind == tPunct && p.text != ")" && p.text != "]" && p.text != "}" || p.kind == tIdent && nonValueKeyword(langJS, p.text) {
			return true
		}
	}
	return false
}

// culprit returns the bracket left open inside the one toks[o] opened,
// which then took another's closer: of the pairs of the same bracket
// opened after it, the last whose closer starts a line indented like the
// line of the bracket around the pair (the closer lines up with an outer
// bracket, not with its own). With none, the bracket at o is the one left
// open. It returns -1 when the indentation is too loose to tell: the
// answer changes when "indented like" is read as "no more indented than".
func (c *codeChecker) culprit(o int) int {
	exact, loose := o, o
	for _, p := range c.pairs {
		op, cl := c.toks[p[0]], c.toks[p[1]]
		if p[0] <= o || op.text != c.toks[o].text || cl.line == op.line {
			continue
		}
		if c.lineFirst(p[1]) != p[1] {
			// f(a,\n  g(b, c)): the closer of a pair over several lines
			// that does not start its line cannot be placed by its
			// indentation, and may be the one taken from another.
			return -1
		}
		// An indentation step is two columns or more: one column is a
		// blank left where a closer was deleted ("} else" → " else").
		if p[2] < 0 {
			continue
		}
		in, out := c.indent(cl.start), c.indent(c.toks[c.head(p[2])].start)
		if in > c.indent(c.toks[c.head(p[0])].start)-2 || in > out {
			continue
		}
		loose = max(loose, p[0])
		if in == out {
			exact = max(exact, p[0])
		}
	}
	if exact != loose {
		return -1
	}
	return exact
}

// closerOf returns the closer paired with the opener toks[o].
func (c *codeChecker) closerOf(o int) int {
	for _, p := range c.pairs {
		if p[0] == o {
			return p[1]
		}
	}
	return o
}

// stolen is the finding for the bracket o left open, whose partner
// closer t, by its indentation, belongs to an outer bracket.
func (c *codeChecker) stolen(o, t ctok) finding {
	return finding{
		span: source.Span{Start: o.start, End: o.end},
		code: "code-bracket-mismatch",
		msg: fmt.Sprintf("the '%s' opened here is never closed: the '%s' %d lines below, which lines up with an outer '%s', closes it instead, and the brackets around it no longer match (%s rejects the file)",
			o.text, t.text, t.line-o.line, o.text, c.lang.name()),
		hint:    fmt.Sprintf("close it with '%s'", t.text),
		related: []related{{span: source.Span{Start: t.start, End: t.end}, msg: "'" + t.text + "' here"}},
	}
}

// head returns the token whose line a closer of the bracket toks[o] lines
// up with: the bracket's own, or, for "if (a &&\n    b) {", the line of
// the parenthesis the ')' before it closes.
func (c *codeChecker) head(o int) int {
	k := o
	for k > 0 && c.lineFirst(k) != k && (c.punctAt(k-1, ")") || c.punctAt(k-1, "]")) {
		opener := -1
		for _, p := range c.pairs {
			if p[1] == k-1 {
				opener = p[0]
			}
		}
		if opener < 0 || c.toks[opener].line == c.toks[k].line {
			break
		}
		k = opener
	}
	return k
}

// valuePosition reports whether the quote at q may open a string of
// code: the line holds code before it (an operator, a bracket, a
// separator, another quote), or nothing, or a keyword (return 'x); not
// only words, as the apostrophe of "Don't forget" or "the users' list"
// in a line of prose has.
func valuePosition(lang codeLang, src []byte, q int) bool {
	start := bytes.LastIndexByte(src[:q], '\n') + 1
	before := bytes.TrimSpace(src[start:q])
	if len(before) == 0 || bytes.ContainsAny(before, "=:,;([{}])'\"+-*/%<>|&?!.$@") {
		return true
	}
	words := bytes.Fields(before)
	w := string(words[len(words)-1])
	if len(words) == 1 && lang == langPython && start+len(w) == q && isStringPrefix(w) {
		return true // f'…
	}
	return nonValueKeyword(lang, w) || w == "print" || w == "echo" || w == "puts" || w == "require" || w == "include"
}
