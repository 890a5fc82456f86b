package syntax

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Program-language snippets (JavaScript, TypeScript, Python, PHP, Ruby,
// Lua) are not parsed: they are excerpts, with elisions and placeholders,
// that no real parser accepts. Two mistakes are certain without a parser:
//
//   - code-missing-comma: inside an object, array, dict, table, hash or
//     argument list, the entries are separated by commas (Lua: ',' or ';').
//     A line that ends an entry with a complete value, followed by a line
//     that starts another entry of the same literal, is a syntax error
//     in all six languages. A trailing comma before the closing bracket is
//     legal in all of them, and is never reported.
//   - code-foreign-literal: a boolean or null in value position spelt as
//     another language spells it: true in Python (NameError), True in
//     JavaScript (ReferenceError) and Ruby (NameError), True in Lua (an
//     undefined global: nil, silently false). PHP's are case-insensitive.

// ctxKind says what separates the items inside a bracket.
type ctxKind uint8

const (
	ctxOther ctxKind = iota // unknown (a subscript, a type, an excerpt's outside): never checked
	ctxSep                  // entries separated by commas
	ctxBlock                // statements (a function body, a block, do … end)
)

// cctx is an open bracket (or keyword block) while the tokens are read.
type cctx struct {
	kind ctxKind
	open string // "(", "[", "{", "k" for a keyword block, "" for the snippet's top
	obj  bool   // keyed entries: object, dict, hash, table, PHP array
	call bool   // a call's or definition's arguments
	// excerpt: the snippet's top level, taken for the inside of a literal
	// because it starts with an entry; only its commas confirm it.
	excerpt bool
	commas  int    // line breaks after a separating comma
	gaps    []cgap // line breaks between two entries with no separator
	at      int    // the index of the opening bracket's token (0 for the top)
	// keyed counts the entries that start with a key and its separator
	// (key:, 'key' =>, key =); bare lists the entries that are a key
	// token and a value token with no separator between them, reported
	// only when other entries show the separator (see separatorMissing).
	keyed int
	bare  []int
	// doubled lists the second commas of ",," directly inside ctx.
	doubled []int
}

// cgap is a line break between a complete value (tokens[prev]) and the
// start of another entry (tokens[next]) with no separator between them.
type cgap struct {
	prev, next int
	key        bool // the next entry starts with a key (key:, 'key' =>, key =): certain
}

// codeChecker holds the tokens of one snippet while it is checked.
type codeChecker struct {
	lang  codeLang
	src   []byte
	toks  []ctok
	stack []*cctx
	fs    []finding
	// defined holds the names the snippet itself defines (true = True),
	// which are then not foreign literals.
	defined map[string]bool
	first   []int // first[j]: the first token on toks[j]'s line (see lineFirst)
	// control marks the ')' that close the condition of if, foreach…
	control map[int]bool
	// orphan: a closer with no opener in the snippet, which is then an
	// excerpt from inside a literal.
	orphan bool
	// pairs are the brackets matched so far: the opener's, the closer's
	// and the enclosing bracket's token indexes (-1: none).
	pairs [][3]int
}

// validateCode reports dropped separators and foreign literals in a
// program-language snippet. Any input it cannot follow yields nothing.
func validateCode(lang codeLang, src []byte) (fs []finding) {
	defer func() {
		if recover() != nil {
			fs = nil // a bug of the checker, which FuzzCode hunts (it calls checkCode)
		}
	}()
	return checkCode(lang, src)
}

// checkCode is validateCode without the guard against the checker's own
// panics.
func checkCode(lang codeLang, src []byte) []finding { return checkCodeFile(lang, src, false) }

// validateCodeFile is validateCode for a snippet that whole says is a
// whole file (it names one), where a bracket still open at the end is
// certain.
func validateCodeFile(lang codeLang, src []byte, whole bool) (fs []finding) {
	defer func() {
		if recover() != nil {
			fs = nil
		}
	}()
	return checkCodeFile(lang, src, whole)
}

// checkCodeFile is validateCodeFile without the guard.
func checkCodeFile(lang codeLang, src []byte, whole bool) []finding {
	l := lexAll(lang, src)
	if l.bad {
		return unterminated(lang, src, l)
	}
	if len(l.toks) == 0 {
		return nil
	}
	c := &codeChecker{lang: lang, src: src, toks: l.toks, defined: map[string]bool{}, control: map[int]bool{}}
	c.collectDefined()
	if !c.walk() {
		if len(c.fs) > 0 && c.fs[len(c.fs)-1].code == "code-bracket-mismatch" {
			return c.fs
		}
		return nil
	}
	if whole && len(l.src) == len(src) {
		c.unclosed()
	}
	sort.SliceStable(c.fs, func(a, b int) bool { return c.fs[a].span.Start < c.fs[b].span.Start })
	return c.fs
}

// walk reads the tokens, opening and closing contexts, and records the
// gaps of each; it returns false when the brackets do not match, which
// means the snippet is not what the lexer took it for.
func (c *codeChecker) walk() bool {
	c.stack = []*cctx{c.topContext()}
	for j, t := range c.toks {
		top := c.stack[len(c.stack)-1]
		if t.kind == tPunct && (t.text == ")" || t.text == "]" || t.text == "}") {
			if j > 0 && t.line > c.toks[j-1].line && c.punctAt(j-1, ",") {
				top.commas++ // a trailing comma: the entries end with commas
			}
			if t.text == ")" && top.open == "(" && top.kind == ctxOther {
				c.control[j] = true // closes if (…), foreach (…): a statement follows
			}
			open := map[string]string{")": "(", "]": "[", "}": "{"}[t.text]
			if !c.close(open) {
				c.mismatch(top, j)
				return false
			}
			if top.open == open {
				parent := -1
				if up := c.stack[len(c.stack)-1]; up.open == "(" || up.open == "[" || up.open == "{" {
					parent = up.at
				}
				c.pairs = append(c.pairs, [3]int{top.at, j, parent})
			}
			continue
		}
		if c.keywordCloser(j) {
			if !c.close("k") {
				return false
			}
			continue
		}
		if j > 0 && t.line > c.toks[j-1].line && top.kind == ctxSep {
			c.gap(top, j-1, j)
		}
		if j > 0 && t.line > c.toks[j-1].line && top.kind == ctxBlock && c.lang == langPHP {
			c.statementGap(j-1, j)
		}
		c.foreign(j, top)
		if top.kind == ctxSep {
			c.entry(top, j)
		}
		switch {
		case t.kind == tPunct && (t.text == "(" || t.text == "[" || t.text == "{"):
			ctx := c.opened(j, top)
			ctx.at = j
			c.stack = append(c.stack, ctx)
		case c.keywordOpener(j):
			c.stack = append(c.stack, &cctx{kind: ctxBlock, open: "k"})
		}
	}
	if c.punctAt(len(c.toks)-1, ",") {
		// An excerpt that ends with a comma: more entries follow.
		c.stack[len(c.stack)-1].commas++
	}
	for i := len(c.stack) - 1; i >= 0; i-- {
		c.finish(c.stack[i])
	}
	return true
}

// entry looks at toks[j], directly inside the literal ctx: a comma that
// follows another comma, and the start of an entry, keyed or bare.
func (c *codeChecker) entry(ctx *cctx, j int) {
	if c.punctAt(j, ",") {
		if c.punctAt(j-1, ",") {
			ctx.doubled = append(ctx.doubled, j)
		}
		return
	}
	start := j > 0 && (c.punctAt(j-1, ",") || c.lang == langLua && ctx.obj && c.punctAt(j-1, ";")) ||
		ctx.open != "" && j-1 == ctx.at || ctx.open == "" && c.firstToken(j)
	if !start {
		return
	}
	if c.keyStart(ctx, j) {
		ctx.keyed++
		return
	}
	if c.separatorMissing(ctx, j) {
		ctx.bare = append(ctx.bare, j)
	}
}

// separatorMissing reports whether the entry starting at toks[j], first on
// its line, is a key token directly followed by a value token with no
// separator between them ('is_admin' 'x', label "Authelia", "sub" (a, b),
// userInfoURL 'https://…'), the value being the whole rest of the entry:
// a name or literal, maybe followed by members, calls and subscripts, then
// the entry's comma at the line's end or the literal's closing bracket.
// Which pairs qualify is the language's fact: two expressions side by side
// are a syntax error in JavaScript, PHP, and in a Ruby hash; in a Python
// dict an entry without ':' among entries with one is a SyntaxError (even
// two strings, which concatenate); a Lua name before a string or table is
// a call, so there only a name or number value counts. The caller reports
// it only when other entries of the literal show the separator.
func (c *codeChecker) separatorMissing(ctx *cctx, j int) bool {
	if j+1 >= len(c.toks) || j > 0 && c.toks[j-1].line == c.toks[j].line || c.toks[j+1].line != c.toks[j].line {
		return false
	}
	k, v := c.toks[j], c.toks[j+1]
	str := func(t ctok) bool {
		return t.kind == tStr && !t.tmpl && (t.text[len(t.text)-1] == '\'' || t.text[len(t.text)-1] == '"')
	}
	name := func(t ctok) bool {
		if c.lang == langPHP {
			// PHP's keywords are case-insensitive: 'a' OR $b.
			return t.kind == tIdent && !nonValueKeyword(c.lang, strings.ToLower(t.text))
		}
		return t.kind == tIdent && !nonValueKeyword(c.lang, t.text)
	}
	open := v.kind == tPunct && (v.text == "(" || v.text == "[" || v.text == "{")
	subscript := v.kind == tPunct && v.text == "["
	var key, val bool
	switch c.lang {
	case langPython:
		switch {
		case ctx.obj:
			key, val = str(k) || k.kind == tNum || name(k), str(v) || v.kind == tNum || name(v) || open
		case ctx.call:
			key, val = name(k), str(v) || v.kind == tNum || name(v)
		}
	case langJS, langTS:
		switch k.text {
		case "get", "set", "async", "static", "of", "from", "let":
			return false // method modifiers, contextual keywords
		case "type", "keyof", "infer", "is", "readonly", "declare", "abstract", "unique", "public", "private", "protected":
			if c.lang == langTS {
				return false // TypeScript's type and member words
			}
		}
		// key [0] reads as a subscript, itself no entry; key (…) may be
		// a method (key (a) { … }) and is not taken.
		key, val = ctx.obj && (str(k) || k.kind == tNum || name(k)), str(v) || v.kind == tNum || name(v) || subscript
	case langPHP:
		key, val = ctx.obj && (str(k) || k.kind == tNum), str(v) || v.kind == tNum || name(v)
	case langRuby:
		key = ctx.obj && ctx.open == "{" && (str(k) || k.kind == tSym || name(k))
		val = str(v) || v.kind == tNum || v.kind == tSym || name(v) || subscript
	case langLua:
		key, val = ctx.obj && ctx.open == "{" && name(k), v.kind == tNum || name(v)
	}
	if !key || !val {
		return false
	}
	m := j + 1
	if open {
		if m = c.groupEnd(m); m < 0 {
			return false
		}
	}
	for m++; m < len(c.toks) && c.toks[m].line == k.line; m++ {
		t := c.toks[m]
		switch {
		case t.kind == tPunct && (t.text == "(" || t.text == "[" || t.text == "{"):
			if m = c.groupEnd(m); m < 0 {
				return false
			}
		case c.punctAt(m, ",") || c.lang == langLua && c.punctAt(m, ";"):
			return m+1 == len(c.toks) || c.toks[m+1].line > k.line
		case c.lang == langPython && t.kind == tPunct && (t.text == ":" || t.text == "=" || t.text == ":="):
			return false // 'a' 'b': 1 is a key split in two, b c=1 is not this
		case c.lang == langRuby && t.kind == tPunct && (t.text == "=>" || t.text == ":" && t.glued):
			return false // "a" "b" => 1 is a key split in two
		}
	}
	// The last entry, with no comma: the literal's closer follows.
	closer := map[string]string{"(": ")", "[": "]", "{": "}"}[ctx.open]
	return m < len(c.toks) && closer != "" && c.punctAt(m, closer)
}

// groupEnd returns the index of the bracket that closes toks[j] on the
// same line, or -1.
func (c *codeChecker) groupEnd(j int) int { return c.closer(j, true) }

// firstToken reports whether toks[j] is the snippet's first token after
// its leading elisions.
func (c *codeChecker) firstToken(j int) bool {
	for k := 0; k < j; k++ {
		if c.toks[k].kind != tElision {
			return false
		}
	}
	return true
}

// close pops the context opened by open. A closer with no opener in the
// snippet closes a literal the excerpt started inside of: what encloses
// it is unknown.
func (c *codeChecker) close(open string) bool {
	top := c.stack[len(c.stack)-1]
	switch {
	case top.open == open:
		c.finish(top)
		c.stack = c.stack[:len(c.stack)-1]
		return true
	case len(c.stack) == 1:
		c.finish(top)
		c.stack[0] = &cctx{kind: ctxOther}
		c.orphan = true
		return true
	}
	return false
}

// topContext decides what the snippet's top level is: statements, or the
// inside of a literal when the excerpt starts with an entry (node-red's
// settings.js shows "adminAuth: {…}," alone).
func (c *codeChecker) topContext() *cctx {
	t := c.toks
	for len(t) > 1 && t[0].kind == tElision {
		t = t[1:]
	}
	at := func(i int, text string) bool { return i < len(t) && t[i].kind == tPunct && t[i].text == text }
	entry := &cctx{kind: ctxSep, obj: true, excerpt: true}
	switch c.lang {
	case langJS, langTS:
		if (t[0].kind == tIdent && t[0].text != "case" && t[0].text != "default" || t[0].kind == tStr && !t[0].tmpl) && at(1, ":") {
			return entry
		}
	case langPython:
		if t[0].kind == tStr && at(1, ":") {
			return entry
		}
	case langPHP:
		if (t[0].kind == tStr || t[0].kind == tNum) && at(1, "=>") {
			return entry
		}
	case langRuby:
		if (t[0].kind == tIdent || t[0].kind == tStr) && at(1, ":") && t[1].glued || (t[0].kind == tStr || t[0].kind == tSym) && at(1, "=>") {
			return entry
		}
	case langLua:
		if t[0].kind == tIdent && at(1, "=") {
			for j := 2; j < len(t) && t[j].line == t[0].line; j++ {
				if at(j, ",") && (j+1 == len(t) || t[j+1].line > t[j].line) {
					return entry
				}
			}
		}
	}
	return &cctx{kind: ctxBlock}
}

// opened returns the context that the bracket toks[j] opens inside top.
func (c *codeChecker) opened(j int, top *cctx) *cctx {
	t := c.toks[j]
	var p ctok
	if j > 0 {
		p = c.toks[j-1]
	}
	afterValue := j > 0 && c.valueEnd(j-1)
	sep := &cctx{kind: ctxSep, open: t.text}
	other := &cctx{kind: ctxOther, open: t.text}
	block := &cctx{kind: ctxBlock, open: t.text}
	switch t.text {
	case "(":
		if p.kind == tIdent && (p.text == "if" || p.text == "while" || p.text == "for" || p.text == "foreach" ||
			p.text == "switch" || p.text == "catch" || p.text == "with" || p.text == "elseif" || p.text == "unless" || p.text == "until" || p.text == "match") {
			return other
		}
		sep.call = afterValue
		if c.lang == langPHP && p.kind == tIdent && (p.text == "array" || p.text == "list") {
			sep.obj, sep.call = true, false
		}
		return sep
	case "[":
		if afterValue || c.lang == langLua {
			return other // a subscript, or a Lua [key]
		}
		sep.obj = c.lang == langPHP
		return sep
	}
	// "{"
	switch c.lang {
	case langPython:
		sep.obj = true
		return sep
	case langPHP:
		return block
	case langLua:
		if p.kind == tIdent && len(p.text) > len("_by_lua_block") && p.text[len(p.text)-len("_by_lua_block"):] == "_by_lua_block" {
			return block // nginx: access_by_lua_block { … }
		}
		sep.obj = true
		return sep
	case langRuby:
		if afterValue || p.text == "->" {
			return block // foo { |x| … }, -> { … }
		}
		sep.obj = true
		return sep
	}
	switch c.jsBrace(j, top) {
	case ctxSep:
		sep.obj = true
		return sep
	case ctxOther:
		return other
	}
	return block
}

// jsBrace decides whether the '{' toks[j] of JavaScript opens an object
// literal (after '(' ',' '=' ':' '[' return ? || ?? && …), a block (after
// ')' '=>' else try do, at the start of a statement) or, in TypeScript, a
// type literal whose members need no commas.
func (c *codeChecker) jsBrace(j int, top *cctx) ctxKind {
	if j == 0 || j == 1 && c.toks[0].kind == tElision {
		if j+2 < len(c.toks) && (c.toks[j+1].kind == tIdent || c.toks[j+1].kind == tStr) && c.punctAt(j+2, ":") {
			return ctxSep // a snippet that is one object
		}
		return ctxBlock
	}
	p := c.toks[j-1]
	first := c.lineFirst(j)
	if p.kind == tIdent {
		switch {
		case p.text == "return" || p.text == "yield" || p.text == "await":
			return ctxSep
		case p.text == "default" && j > 1 && c.toks[j-2].text == "export":
			return ctxSep
		case p.text == "const" || p.text == "let" || p.text == "var":
			return ctxSep // a destructuring pattern, whose entries need commas too
		}
		return ctxBlock
	}
	if p.kind != tPunct {
		return ctxBlock
	}
	switch p.text {
	case ",":
		// Directly in a statement, a comma separates type arguments
		// (Record<string, {…}>) or declarations, not values.
		if top.kind == ctxSep {
			return ctxSep
		}
		return ctxOther
	case "(", "[", "?", "||", "??", "&&", "...", "!":
		return ctxSep
	case "=":
		if c.lang == langTS && (c.toks[first].text == "type" || c.toks[first].text == "export" && first+1 < len(c.toks) && c.toks[first+1].text == "type") {
			return ctxOther
		}
		return ctxSep
	case ":":
		switch {
		case c.toks[first].text == "case" || c.toks[first].text == "default":
			return ctxBlock
		case c.lang == langTS && j > 1 && c.toks[j-2].text == "?":
			return ctxOther // x?: { … } is a type
		case top.kind == ctxSep && top.obj:
			return ctxSep
		case top.kind == ctxSep && c.lang == langJS:
			return ctxSep // a ternary's other branch
		}
		return ctxOther
	case ")", "=>", "}", ";":
		return ctxBlock
	}
	return ctxOther
}

// lineFirst returns the index of the first token on toks[j]'s line.
func (c *codeChecker) lineFirst(j int) int {
	if c.first == nil {
		c.first = make([]int, len(c.toks))
		for i := range c.toks {
			if i > 0 && c.toks[i-1].line == c.toks[i].line {
				c.first[i] = c.first[i-1]
			} else {
				c.first[i] = i
			}
		}
	}
	return c.first[j]
}

// keywordOpener reports whether toks[j] opens a Ruby or Lua block closed
// by end (or Lua's repeat … until).
func (c *codeChecker) keywordOpener(j int) bool {
	t := c.toks[j]
	if t.kind != tIdent || c.member(j) {
		return false
	}
	switch c.lang {
	case langLua:
		return t.text == "function" || t.text == "if" || t.text == "do" || t.text == "repeat"
	case langRuby:
		switch t.text {
		case "def", "class", "module", "begin", "case":
			return true
		case "do":
			// while/until/for … do: the do is part of the loop.
			f := c.lineFirst(j)
			w := c.toks[f].text
			return !(w == "while" || w == "until" || w == "for")
		case "if", "unless", "while", "until", "for":
			// Only at the start of a statement: "x if y" is a modifier.
			return j == 0 || c.toks[j-1].line < t.line || c.toks[j-1].text == "=" || c.toks[j-1].text == ";" || c.toks[j-1].text == "("
		}
	}
	return false
}

// keywordCloser reports whether toks[j] closes a keyword block.
func (c *codeChecker) keywordCloser(j int) bool {
	t := c.toks[j]
	if t.kind != tIdent || c.member(j) {
		return false
	}
	switch c.lang {
	case langLua:
		return t.text == "end" || t.text == "until"
	case langRuby:
		return t.text == "end"
	}
	return false
}

// member reports whether the name toks[j] is a member (x.end), a Ruby
// hash label (end: 1) or a key, not a keyword.
func (c *codeChecker) member(j int) bool {
	if j > 0 && c.toks[j-1].kind == tPunct && (c.toks[j-1].text == "." || c.toks[j-1].text == "::" || c.toks[j-1].text == "&.") {
		return true
	}
	if j+1 < len(c.toks) && c.toks[j+1].kind == tPunct && c.toks[j+1].glued && c.toks[j+1].text == ":" && c.lang == langRuby {
		return true
	}
	return false
}

// valueEnd reports whether toks[i] can end a complete value.
func (c *codeChecker) valueEnd(i int) bool {
	t := c.toks[i]
	switch t.kind {
	case tNum, tStr, tSym:
		return true
	case tIdent:
		return !nonValueKeyword(c.lang, t.text) || c.lang == langLua && t.text == "end"
	case tPunct:
		if t.text == "!" && c.lang == langTS && t.glued && i > 0 {
			return c.valueEnd(i - 1) // a non-null assertion: x!
		}
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

// literal reports whether toks[i] is a literal value (string, number,
// symbol, boolean, nil), as opposed to a name that a call may follow.
func (c *codeChecker) literal(i int) bool {
	t := c.toks[i]
	switch t.kind {
	case tNum, tSym:
		return true
	case tStr:
		return !t.tmpl
	case tIdent:
		switch t.text {
		case "true", "false", "nil":
			return true
		}
	}
	return false
}

func (c *codeChecker) punctAt(i int, text string) bool {
	return i < len(c.toks) && c.toks[i].kind == tPunct && c.toks[i].text == text
}

// gap records the line break between toks[prev] and toks[next], two
// consecutive tokens directly inside ctx.
func (c *codeChecker) gap(ctx *cctx, prev, next int) {
	p, n := c.toks[prev], c.toks[next]
	if p.kind == tPunct && (p.text == "," || p.text == ";" && c.lang == langLua && ctx.obj) {
		ctx.commas++
		return
	}
	if p.kind == tElision || n.kind == tElision || !c.valueEnd(prev) {
		return
	}
	if n.kind == tPunct && n.text == "..." && next+1 < len(c.toks) && c.toks[next+1].line == n.line {
		// ...spread starts an entry in JavaScript and PHP.
		if c.lang.jsLike() || c.lang == langPHP {
			ctx.gaps = append(ctx.gaps, cgap{prev: prev, next: next, key: true})
		}
		return
	}
	if c.keyStart(ctx, next) || c.adjacentLiterals(prev, next) {
		ctx.gaps = append(ctx.gaps, cgap{prev: prev, next: next, key: true})
		return
	}
	if c.valueStart(ctx, prev, next) {
		ctx.gaps = append(ctx.gaps, cgap{prev: prev, next: next})
	}
}

// keyStart reports whether toks[j] starts a keyed entry of ctx: key: in a
// JavaScript object or Python dict, 'key' => in a PHP array or Ruby hash,
// key: (a label) in Ruby, key = and [key] = in a Lua table, key= in a
// Python call.
func (c *codeChecker) keyStart(ctx *cctx, j int) bool {
	t := c.toks[j]
	keyTok := t.kind == tStr && !t.tmpl || t.kind == tNum || t.kind == tIdent && !nonValueKeyword(c.lang, t.text)
	switch c.lang {
	case langJS, langTS:
		// Any name is a property name: default:, delete:, class:; and
		// [expr]: is a computed one.
		if ctx.obj && t.kind == tPunct && t.text == "[" {
			k := c.bracketEnd(j)
			return k > 0 && c.punctAt(k+1, ":")
		}
		return ctx.obj && (keyTok || t.kind == tIdent) && c.punctAt(j+1, ":")
	case langPython:
		if ctx.obj {
			return keyTok && c.punctAt(j+1, ":")
		}
		return ctx.open == "(" && t.kind == tIdent && keyTok && c.punctAt(j+1, "=")
	case langPHP:
		if (keyTok || t.kind == tIdent) && c.punctAt(j+1, "=>") {
			return true
		}
		return ctx.call && t.kind == tIdent && keyTok && c.punctAt(j+1, ":")
	case langRuby:
		if (t.kind == tIdent || t.kind == tStr) && c.punctAt(j+1, ":") && c.toks[j+1].glued {
			return true
		}
		return (keyTok || t.kind == tSym) && c.punctAt(j+1, "=>")
	case langLua:
		if !ctx.obj {
			return false
		}
		if t.kind == tIdent && keyTok && c.punctAt(j+1, "=") {
			return true
		}
		if t.kind == tPunct && t.text == "[" {
			k := c.bracketEnd(j)
			return k > 0 && c.punctAt(k+1, "=")
		}
	}
	return false
}

// statementGap reports a PHP statement that ends a line with a complete
// value and no ';' when the next line starts another statement ($x = …,
// define(…)): PHP has no automatic semicolons, so this is a parse error.
// A block's '}', the condition of if/foreach/while (a statement follows)
// and lines that continue the expression (->, ., ?) are not statements'
// ends.
func (c *codeChecker) statementGap(prev, next int) {
	p, n := c.toks[prev], c.toks[next]
	if !c.valueEnd(prev) || p.text == "}" || c.control[prev] || n.kind != tIdent {
		return
	}
	switch {
	case n.text[0] == '$' && len(n.text) > 1:
	case !nonValueKeyword(c.lang, n.text) && c.punctAt(next+1, "(") && !c.punctAt(prev, ")"):
		// define(…) after a value; not after ')' where a function
		// declaration's name and parameters may stand alone.
	default:
		return
	}
	if p.kind == tIdent && nonValueKeyword(c.lang, p.text) {
		return
	}
	c.fs = append(c.fs, finding{
		span: source.Span{Start: p.end, End: p.end},
		code: "code-missing-semicolon",
		msg:  fmt.Sprintf("no ';' after %s: the next line starts another statement, and PHP needs a ';' at the end of each statement", short(p.text)),
		hint: "add a ';' after " + short(p.text),
		fix:  &fix{msg: "insert ';'", edits: []diag.Edit{{Span: source.Span{Start: p.end, End: p.end}, NewText: ";"}}},
	})
}

// adjacentLiterals reports whether toks[prev] and toks[next] are two
// literals (strings, numbers, booleans, null) in a row, which JavaScript,
// PHP and Lua never accept: they have no implicit concatenation, and a
// literal cannot be called.
func (c *codeChecker) adjacentLiterals(prev, next int) bool {
	if !c.lang.jsLike() && c.lang != langPHP && c.lang != langLua {
		return false
	}
	lit := func(t ctok) bool {
		switch t.kind {
		case tNum:
			return true
		case tStr:
			return !t.tmpl && t.text[0] != '/' // not a regular expression
		case tIdent:
			switch t.text {
			case "true", "false", "null", "nil":
				return true
			}
		}
		return false
	}
	return lit(c.toks[prev]) && lit(c.toks[next])
}

// bracketEnd returns the index of the ']' that closes the '[' toks[j] on
// the same line, or 0.
func (c *codeChecker) bracketEnd(j int) int {
	depth := 0
	for k := j; k < len(c.toks) && c.toks[k].line == c.toks[j].line; k++ {
		switch {
		case c.punctAt(k, "["):
			depth++
		case c.punctAt(k, "]"):
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return 0
}

// valueStart reports whether toks[next] starts a new value that cannot
// continue the value ending at toks[prev]: the line break then holds a
// dropped separator. Tokens that would continue it are not: '(' '[' (a
// call or subscript), an operator, a JavaScript template (a tagged
// template), a Python or Ruby string after a string (implicit
// concatenation), a Lua string or table after a name (a call).
func (c *codeChecker) valueStart(ctx *cctx, prev, next int) bool {
	n := c.toks[next]
	switch n.kind {
	case tIdent:
		if nonValueKeyword(c.lang, n.text) && !(c.lang.jsLike() && (n.text == "new" || n.text == "function" || n.text == "async" || n.text == "typeof" || n.text == "class")) {
			return false
		}
	case tStr:
		if n.tmpl {
			return false
		}
		if (c.lang == langPython || c.lang == langRuby) && c.toks[prev].kind == tStr {
			// Implicit concatenation: legal, and the way to split a
			// long string; but two words ('openid' 'profile', two URLs)
			// joined into one are never meant.
			return wordString(c.toks[prev].text) && wordString(n.text)
		}
	case tNum, tSym:
	case tPunct:
		if n.text != "{" || c.lang == langPHP || c.lang == langRuby {
			return false
		}
	default:
		return false
	}
	switch c.lang {
	case langRuby:
		return c.literal(prev) && c.literal(next)
	case langLua:
		return c.literal(prev)
	}
	return true
}

// finish reports the gaps of a closed context. An entry that starts with
// a key is reported when the literal separates other entries with commas,
// or when it is the only gap (a literal of keyed lines none of which ends
// with a comma is probably not what the checker took it for). A plain
// value is reported only among entries that all end with commas.
func (c *codeChecker) finish(ctx *cctx) {
	if ctx.keyed > 0 {
		for _, j := range ctx.bare {
			c.separatorReport(ctx, j)
		}
	}
	for _, j := range ctx.doubled {
		if c.elisionAllowed(ctx) {
			break
		}
		t := c.toks[j]
		c.fs = append(c.fs, finding{
			span: source.Span{Start: t.start, End: t.end},
			code: "code-comma-doubled",
			msg:  fmt.Sprintf("two commas in a row in this %s: %s allows one between entries, an empty entry is a syntax error", c.what(ctx), c.lang.name()),
			hint: "delete the second comma",
			fix:  &fix{msg: "delete ','", edits: []diag.Edit{{Span: source.Span{Start: t.start, End: t.end}, NewText: ""}}},
		})
	}
	var keys, vals []cgap
	for _, g := range ctx.gaps {
		if g.key {
			keys = append(keys, g)
		} else {
			vals = append(vals, g)
		}
	}
	if len(keys) > 0 && (ctx.commas > 0 || len(keys) == 1 && !ctx.excerpt) {
		for _, g := range keys {
			c.report(ctx, g)
		}
	}
	if len(vals) > 0 && ctx.commas >= len(vals) {
		for _, g := range vals {
			c.report(ctx, g)
		}
	}
}

// elisionAllowed reports whether the literal ctx may hold an empty entry
// (",,"): a JavaScript array ([a,,b], holes), a PHP list($a, , $c) or a
// PHP array destructuring [$a, , $c] = …
func (c *codeChecker) elisionAllowed(ctx *cctx) bool {
	switch {
	case c.lang.jsLike():
		return ctx.open == "[" || ctx.open == ""
	case c.lang == langPHP && ctx.open == "(":
		return ctx.at > 0 && c.toks[ctx.at-1].kind == tIdent && strings.EqualFold(c.toks[ctx.at-1].text, "list")
	case c.lang == langPHP && ctx.open == "[":
		end := c.closerAfter(ctx.at)
		return end < 0 || c.punctAt(end+1, "=")
	}
	return false
}

// closerAfter returns the index of the bracket that closes toks[j]
// (counting brackets of any kind: the walk has matched them), or -1.
func (c *codeChecker) closerAfter(j int) int { return c.closer(j, false) }

// closer returns the index of the bracket that closes toks[j], on its
// line only when sameLine, or -1.
func (c *codeChecker) closer(j int, sameLine bool) int {
	depth := 0
	for k := j; k < len(c.toks) && (!sameLine || c.toks[k].line == c.toks[j].line); k++ {
		if c.toks[k].kind != tPunct {
			continue
		}
		switch c.toks[k].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// separatorReport reports the entry at toks[j] that lacks the separator
// between its key and its value.
func (c *codeChecker) separatorReport(ctx *cctx, j int) {
	k := c.toks[j]
	sep := map[codeLang]string{langJS: "':'", langTS: "':'", langPython: "':'", langPHP: "'=>'", langRuby: "'=>' (or a label's ':')", langLua: "'='"}[c.lang]
	if c.lang == langPython && !ctx.obj {
		sep = "'='"
	}
	why := c.lang.name() + " reads two expressions side by side, a syntax error"
	if c.lang == langPython && ctx.obj {
		why = "Python rejects a dict entry without ':' (SyntaxError: ':' expected after dictionary key)"
	}
	c.fs = append(c.fs, finding{
		span: source.Span{Start: k.start, End: k.end},
		code: "code-separator-missing",
		msg: fmt.Sprintf("no %s between the key %s and its value: the other entries of this %s have one, and %s",
			sep, short(k.text), c.what(ctx), why),
		hint: "add " + sep + " after " + short(k.text),
	})
}

// what names the literal ctx in messages.
func (c *codeChecker) what(ctx *cctx) string {
	switch {
	case ctx.call:
		return "argument list"
	case ctx.open == "(" && !(c.lang == langPHP && ctx.obj):
		if c.lang == langPython {
			return "tuple"
		}
		return "parenthesised list"
	}
	switch c.lang {
	case langJS, langTS:
		if ctx.obj {
			return "object literal"
		}
		return "array"
	case langPython:
		if ctx.obj {
			return "dict"
		}
		return "list"
	case langPHP:
		return "array"
	case langRuby:
		if ctx.obj {
			return "hash"
		}
		return "array"
	}
	return "table"
}

func (c *codeChecker) report(ctx *cctx, g cgap) {
	p, n := c.toks[g.prev], c.toks[g.next]
	sep := "a comma"
	if c.lang == langLua && ctx.obj {
		sep = "a comma (or a semicolon)"
	}
	msg := fmt.Sprintf("no comma after %s: the next line starts another entry (%s) of the same %s, and %s needs %s between entries",
		short(p.text), short(n.text), c.what(ctx), c.lang.name(), sep)
	if !g.key && p.kind == tStr && n.kind == tStr && (c.lang == langPython || c.lang == langRuby) {
		msg = fmt.Sprintf("no comma after %s: %s joins it with the next string, %s, into one entry of the %s",
			short(p.text), c.lang.name(), short(n.text), c.what(ctx))
	}
	c.fs = append(c.fs, finding{
		span: source.Span{Start: p.end, End: p.end},
		code: "code-missing-comma",
		msg:  msg,
		hint: "add a comma after " + short(p.text),
		fix:  &fix{msg: "insert ','", edits: []diag.Edit{{Span: source.Span{Start: p.end, End: p.end}, NewText: ","}}},
	})
}

// short returns s, cut to 40 bytes for a message.
func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 37
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// foreignLiterals maps, per language, the spellings of other languages to
// the language's own: Python's True where JavaScript wants true, and so on.
// PHP's true, false and null are case-insensitive, so PHP has none.
var foreignLiterals = map[codeLang]map[string]string{
	langPython: {"true": "True", "false": "False", "null": "None", "nil": "None"},
	langJS:     {"True": "true", "False": "false", "None": "null", "nil": "null"},
	langTS:     {"True": "true", "False": "false", "None": "null", "nil": "null"},
	langRuby:   {"True": "true", "False": "false", "None": "nil", "null": "nil"},
	langLua:    {"True": "true", "False": "false"},
}

// foreignWhy says what the language does with a foreign literal.
var foreignWhy = map[codeLang]string{
	langPython: "Python reads it as an undefined name: NameError when the file is loaded",
	langJS:     "JavaScript reads it as an undefined variable: ReferenceError",
	langTS:     "TypeScript reads it as an undefined variable: a compile error, ReferenceError at run time",
	langRuby:   "Ruby reads it as an undefined constant or method: NameError",
	langLua:    "Lua reads it as an undefined global, which is nil: the setting is silently false",
}

// ternaryBefore reports whether a '?' precedes toks[j] on its line.
func (c *codeChecker) ternaryBefore(j int) bool {
	for k := c.lineFirst(j); k < j; k++ {
		if c.punctAt(k, "?") {
			return true
		}
	}
	return false
}

// collectDefined records the foreign spellings the snippet defines
// itself (true = True, import null, def nil…).
func (c *codeChecker) collectDefined() {
	fl := foreignLiterals[c.lang]
	n := len(c.toks)
	// lhs[j]: only names and commas precede toks[j] on its line; eq[j]:
	// only names and commas follow it on its line, up to a '='.
	lhs, eq := make([]bool, n), make([]bool, n+1)
	for j := range c.toks {
		lhs[j] = j == 0 || c.toks[j-1].line < c.toks[j].line ||
			lhs[j-1] && (c.toks[j-1].kind == tIdent || c.punctAt(j-1, ","))
	}
	for j := n - 2; j >= 0; j-- {
		k := j + 1
		if c.toks[k].line == c.toks[j].line {
			eq[j] = c.punctAt(k, "=") || (c.toks[k].kind == tIdent || c.punctAt(k, ",")) && eq[k]
		}
	}
	importEnd := 0
	for j, t := range c.toks {
		if t.kind == tIdent && t.text == "import" && j >= importEnd {
			// import a, null / from m import (true,\n nil): names.
			end, depth := j+1, 0
			for ; end < len(c.toks) && (depth > 0 || c.toks[end].line == t.line); end++ {
				switch {
				case c.punctAt(end, "("):
					depth++
				case c.punctAt(end, ")"):
					depth--
				}
			}
			for k := j + 1; k < end; k++ {
				if fl[c.toks[k].text] != "" {
					c.defined[c.toks[k].text] = true
				}
			}
			importEnd = end
		}
		if t.kind != tIdent || fl[t.text] == "" {
			continue
		}
		// A parameter with a default, or a keyword argument: f(true=1).
		if j > 0 && (c.punctAt(j-1, "(") || c.punctAt(j-1, ",")) && c.punctAt(j+1, "=") {
			c.defined[t.text] = true
		}
		// On the left of an assignment: nil, x = f(), true = 1.
		if lhs[j] && eq[j] {
			c.defined[t.text] = true
		}
		if j > 0 && c.toks[j-1].kind == tIdent {
			switch c.toks[j-1].text {
			case "def", "function", "class", "import", "as", "let", "const", "var", "local", "from", "module":
				c.defined[t.text] = true
			}
		}
	}
}

// foreign reports toks[j] when it is another language's boolean or null
// in value position: after = : => ( [ , return or a comparison, and
// followed by the end of the value (, ) ] } ; or the line's end). Keys
// (True: 1), members (x.True) and calls (None()) are not values.
func (c *codeChecker) foreign(j int, ctx *cctx) {
	t := c.toks[j]
	want := foreignLiterals[c.lang][t.text]
	if t.kind != tIdent || want == "" || c.defined[t.text] || j == 0 {
		return
	}
	p := c.toks[j-1]
	if p.kind != tIdent && p.kind != tPunct {
		return
	}
	if c.lang == langTS && c.toks[c.lineFirst(j)].text == "type" {
		return // type T = True names a type
	}
	switch p.text {
	case "return", "=", "=>", "(", "[", ",", "==", "!=", "===", "!==", "~=", "?", "||", "&&", "??", "else", "and", "or", "not":
		if p.kind == tIdent && p.text != "return" && p.text != "else" && p.text != "and" && p.text != "or" && p.text != "not" {
			return
		}
	case ":":
		// In TypeScript a colon also starts a type: only an object's
		// value or a ternary's other branch is a value.
		if c.lang == langTS && !(ctx.kind == ctxSep && ctx.obj) && !c.ternaryBefore(j-1) {
			return
		}
		if c.lang == langLua {
			return // a method call, obj:m()
		}
	default:
		return
	}
	if j+1 < len(c.toks) {
		n := c.toks[j+1]
		end := n.line > t.line || n.kind == tElision || p.text == "?" && n.text == ":" ||
			n.kind == tPunct && (n.text == "," || n.text == ")" || n.text == "]" || n.text == "}" || n.text == ";" || n.text == "||" || n.text == "&&" || n.text == "??") ||
			n.kind == tIdent && (n.text == "then" || n.text == "and" || n.text == "or" || n.text == "do" || n.text == "end" || n.text == "else" || n.text == "if")
		if !end {
			return
		}
	}
	c.fs = append(c.fs, finding{
		span: source.Span{Start: t.start, End: t.end},
		code: "code-foreign-literal",
		msg:  fmt.Sprintf("%s is not a %s literal: %s writes %s (%s)", t.text, c.lang.name(), c.lang.name(), want, foreignWhy[c.lang]),
		hint: "write " + want,
		fix:  &fix{msg: "replace with " + want, edits: []diag.Edit{{Span: source.Span{Start: t.start, End: t.end}, NewText: want}}},
	})
}

// luaBlockRe finds the nginx directives whose block is Lua code
// (content_by_lua_block, access_by_lua_block…).
var luaBlockRe = regexp.MustCompile(`\b\w+_by_lua_block\s*\{`)

// validateNginxLua checks the Lua inside the *_by_lua_block { … } blocks
// of an nginx file; the rest is nginx, blanked out (lines kept) so that
// the offsets stay the file's.
func validateNginxLua(text []byte) (fs []finding) {
	defer func() {
		if recover() != nil {
			fs = nil
		}
	}()
	return checkNginxLua(text)
}

// checkNginxLua is validateNginxLua without the guard.
func checkNginxLua(text []byte) []finding {
	blank := bytes.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, text)
	if len(blank) != len(text) {
		return nil // not UTF-8: the offsets would shift
	}
	found := false
	for _, m := range luaBlockRe.FindAllIndex(text, -1) {
		if end, ok := luaBlockEnd(text[m[1]:]); ok {
			copy(blank[m[0]:], text[m[0]:m[1]+end])
			found = true
		}
	}
	if !found {
		return nil
	}
	return checkCode(langLua, blank)
}

// luaBlockEnd returns the length of the Lua code in src up to and
// including the '}' that closes the block src is the inside of, lexing
// no further.
func luaBlockEnd(src []byte) (int, bool) {
	l := &codeLexer{lang: langLua, src: src}
	depth := 0
	for l.i < len(src) && !l.bad {
		before := len(l.toks)
		l.next()
		if len(l.toks) == before {
			continue
		}
		switch t := l.toks[len(l.toks)-1]; {
		case t.kind == tPunct && t.text == "{":
			depth++
		case t.kind == tPunct && t.text == "}":
			if depth == 0 {
				return t.end, true
			}
			depth--
		}
		l.toks = l.toks[:0]
	}
	return 0, false
}

// wordStringRe is the inside of a string that is one word, name or URL:
// no blank, and a letter or digit at both ends.
var wordStringRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9_.:@/+-]*[A-Za-z0-9])?$`)

// wordString reports whether the string literal lit ('openid', "https://x")
// holds one word, which nobody splits into adjacent literals. The real
// lists this catches are bugs: 'busybox' 'dash' in a list of shells.
func wordString(lit string) bool {
	lit = strings.TrimLeft(lit, "rRbBuUfF")
	if len(lit) < 2 || lit[0] != lit[len(lit)-1] || lit[0] != '\'' && lit[0] != '"' {
		return false
	}
	w := lit[1 : len(lit)-1]
	// A long run of letters and digits is a key or a hash, which is split
	// across lines; a URL is not.
	limit := 48
	if !strings.ContainsAny(w, "._-:/@") {
		limit = 24 // base64 or hex, split into lines of equal length
	}
	return wordStringRe.MatchString(w) && (len(w) <= limit || strings.Contains(w, "://"))
}
