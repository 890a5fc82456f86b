package syntax

import (
	"bytes"
	"fmt"

	"github.com/guidec/guidec/internal/source"
)

// HCL (Terraform) is checked for the mistakes that are certain without
// its parser, given a lexer that knows its strings, templates, heredocs
// and comments: a quoted string left open at the end of its line (HCL's
// quoted strings are one line), a bracket closed by another kind or left
// open (located by the indentation where it should have closed), two
// items of a list with no comma between them, and an argument with no
// '=' before its value (oidc_client_id "vault"). Terraform refuses the
// file in each case.

// hclTok is one token of HCL.
type hclTok struct {
	kind       byte // 'i' identifier, 's' string, 'n' number, 'h' heredoc, '\n' line break, or the punctuation byte
	start, end int
}

// hclLex splits text into tokens. It returns the offset of the opening
// quote of a string left open at the end of its line, or -1.
func hclLex(text []byte) (toks []hclTok, unterminated int) {
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c == '\n':
			toks = append(toks, hclTok{'\n', i, i + 1})
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#' || c == '/' && i+1 < n && text[i+1] == '/':
			for i < n && text[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && text[i+1] == '*':
			j := bytes.Index(text[i+2:], []byte("*/"))
			if j < 0 {
				return toks, -1
			}
			i += 2 + j + 2
		case c == '"':
			end, ok := hclQuoted(text, i+1, 0)
			if !ok {
				return toks, i
			}
			toks = append(toks, hclTok{'s', i, end})
			i = end
		case c == '<' && i+1 < n && text[i+1] == '<':
			end, ok := heredocAt(text, i+2)
			if !ok {
				toks = append(toks, hclTok{'<', i, i + 2})
				i += 2
				continue
			}
			toks = append(toks, hclTok{'h', i, end})
			i = end
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < n && (text[j] == '_' || text[j] == '-' || text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= '0' && text[j] <= '9') {
				j++
			}
			toks = append(toks, hclTok{'i', i, j})
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < n && (text[j] >= '0' && text[j] <= '9' || text[j] == '.' || text[j] == 'e' || text[j] == 'E') {
				j++
			}
			toks = append(toks, hclTok{'n', i, j})
			i = j
		default:
			toks = append(toks, hclTok{c, i, i + 1})
			i++
		}
	}
	return toks, -1
}

// hclQuoted returns the offset after the quoted string whose text starts
// at i; false when a line break or the end comes first outside a
// template. depth bounds the templates nested in templates.
func hclQuoted(text []byte, i, depth int) (int, bool) {
	for i < len(text) {
		switch c := text[i]; {
		case c == '\\':
			i += 2
		case c == '\n':
			return i, false
		case c == '"':
			return i + 1, true
		case (c == '$' || c == '%') && i+1 < len(text) && text[i+1] == '{' && !(i > 0 && text[i-1] == c):
			end, ok := hclTemplate(text, i+2, depth+1)
			if !ok {
				return end, false
			}
			i = end
		default:
			i++
		}
	}
	return i, false
}

// hclTemplate returns the offset after the '}' that closes a template
// whose expression starts at i; strings inside it are read as strings.
func hclTemplate(text []byte, i, depth int) (int, bool) {
	if depth > 16 {
		return i, false
	}
	braces := 0
	for i < len(text) {
		switch text[i] {
		case '"':
			end, ok := hclQuoted(text, i+1, depth)
			if !ok {
				return end, false
			}
			i = end
			continue
		case '{':
			braces++
		case '}':
			if braces == 0 {
				return i + 1, true
			}
			braces--
		}
		i++
	}
	return i, false
}

// heredocAt returns the offset after the heredoc whose marker starts at i
// (EOF or -EOF, then the line's end): the end of its closing marker's
// line; false when i starts no marker or no line closes it.
func heredocAt(text []byte, i int) (int, bool) {
	if i < len(text) && text[i] == '-' {
		i++
	}
	j := i
	for j < len(text) && (text[j] == '_' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= 'a' && text[j] <= 'z' || j > i && text[j] >= '0' && text[j] <= '9') {
		j++
	}
	if j == i || j < len(text) && text[j] != '\n' && text[j] != '\r' {
		return 0, false
	}
	marker := text[i:j]
	for off := j + 1; off < len(text); {
		end := lineEnd(text, off)
		if bytes.Equal(bytes.TrimSpace(text[off:end]), marker) {
			return end, true
		}
		off = end + 1
	}
	return 0, false
}

// hclOpen is an open bracket of validateHCL.
type hclOpen struct {
	tok   hclTok
	block bool // a block's body (resource "a" "b" {), not an object value
	list  bool // '[' of a list whose items validateHCL checks
	child bool // a line deeper than the opener's started in it
	items bool // tokens follow the opener on its line
	prev  byte // the kind of the last token in it, for the commas of a list
}

// validateHCL reports the HCL mistakes described above, as hcl-syntax.
func validateHCL(text []byte) []finding {
	toks, unterminated := hclLex(text)
	if unterminated >= 0 {
		e := lineEnd(text, unterminated)
		return []finding{{span: source.Span{Start: unterminated, End: e}, code: "hcl-syntax",
			msg:  "this string is not closed on its line: HCL's quoted strings end on the line they start, and Terraform refuses the file",
			hint: "close the string with '\"'"}}
	}
	indentOf := func(off int) int {
		ls := bytes.LastIndexByte(text[:off], '\n') + 1
		k := ls
		for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		return k - ls
	}
	var stack []hclOpen
	lineFirst := true // the next token starts a line
	lineStart := 0    // index in toks of the line's first token
	var fs []finding
	closerOf := map[byte]byte{'{': '}', '[': ']', '(': ')'}
	for ti, t := range toks {
		if t.kind == '\n' {
			lineFirst = true
			continue
		}
		if lineFirst {
			lineFirst, lineStart = false, ti
			ind := indentOf(t.start)
			// A line no deeper than an open block's opener, after deeper
			// ones, that does not close it: the block's '}' (or a list's
			// ']') is missing before it.
			for len(stack) > 0 {
				top := &stack[len(stack)-1]
				if top.tok.kind == '(' || ind > indentOf(top.tok.start) || t.kind == '}' || t.kind == ']' || t.kind == ')' {
					break // a closer: its own, or a mismatch reported below
				}
				if !top.child {
					if !top.items {
						break
					}
					// ["vault" with the next line no deeper: the list
					// ends on its line, without its ']'.
					e := lineEnd(text, top.tok.end)
					fs = append(fs, finding{span: source.Span{Start: e, End: e}, code: "hcl-syntax",
						msg:     fmt.Sprintf("this '%c' is not closed on its line, and the next line is not inside it: Terraform refuses the file", top.tok.kind),
						hint:    fmt.Sprintf("add '%c' at the end of the line", closerOf[top.tok.kind]),
						related: []related{{span: source.Span{Start: top.tok.start, End: top.tok.end}, msg: "opened here"}}})
					return fs
				}
				// Where the closer belongs: the line after the last one
				// with a token (blank lines may follow it).
				at := bytes.LastIndexByte(text[:t.start], '\n') + 1
				for k := ti - 1; k >= 0; k-- {
					if toks[k].kind != '\n' {
						at = nextLine(text, toks[k].end)
						break
					}
				}
				fs = append(fs, finding{span: source.Span{Start: at, End: at}, code: "hcl-syntax",
					msg:     fmt.Sprintf("a '%c' opened above is not closed before this line: Terraform refuses the file", top.tok.kind),
					hint:    fmt.Sprintf("add '%c' before this line", closerOf[top.tok.kind]),
					related: []related{{span: source.Span{Start: top.tok.start, End: top.tok.end}, msg: "opened here"}}})
				stack = stack[:len(stack)-1]
				if len(fs) > 0 {
					return fs
				}
			}
			if len(stack) > 0 && ind > indentOf(stack[len(stack)-1].tok.start) {
				stack[len(stack)-1].child = true
			}
			// An argument without '=': NAME followed by a value on a
			// line of a block body that opens no block.
			if t.kind == 'i' && (len(stack) == 0 || stack[len(stack)-1].block) && ti+1 < len(toks) {
				nx := toks[ti+1]
				value := nx.kind == 'n' || nx.kind == '[' || (nx.kind == 's' || nx.kind == 'i') && !hclOpensBlock(toks, ti+1)
				if value && hclStatementStart(toks, ti) {
					return []finding{{span: source.Span{Start: t.end, End: nx.start}, code: "hcl-syntax",
						msg:  fmt.Sprintf("argument %s has no '=' before its value: Terraform reads a block definition and refuses the file", text[t.start:t.end]),
						hint: "write " + string(text[t.start:t.end]) + " = …"}}
				}
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].tok.start != t.start && !stack[len(stack)-1].child {
			stack[len(stack)-1].items = true
		}
		switch t.kind {
		case '{', '[', '(':
			o := hclOpen{tok: t}
			if t.kind == '{' {
				o.block = true
				for k := lineStart; k < ti; k++ {
					if toks[k].kind != 'i' && toks[k].kind != 's' {
						o.block = false
					}
				}
				o.block = o.block && ti > lineStart && (len(stack) == 0 || stack[len(stack)-1].block)
			}
			if t.kind == '[' {
				o.list = !hclForExpr(text, toks, ti)
			}
			if len(stack) < 64 {
				stack = append(stack, o)
			}
		case '}', ']', ')':
			if ti == lineStart && len(stack) > 1 && indentOf(t.start) < indentOf(stack[len(stack)-1].tok.start) {
				// A closer first on its line, at an outer opener's
				// indentation: the openers inside that one lack theirs.
				k := len(stack) - 2
				for k >= 0 && indentOf(stack[k].tok.start) > indentOf(t.start) {
					k--
				}
				if k >= 0 && indentOf(stack[k].tok.start) == indentOf(t.start) && closerOf[stack[k].tok.kind] == t.kind {
					o := stack[len(stack)-1]
					at := bytes.LastIndexByte(text[:t.start], '\n') + 1
					return append(fs, finding{span: source.Span{Start: at, End: at}, code: "hcl-syntax",
						msg:     fmt.Sprintf("a '%c' opened above is not closed before the '%c' of the one around it: Terraform refuses the file", o.tok.kind, t.kind),
						hint:    fmt.Sprintf("add '%c' before this line", closerOf[o.tok.kind]),
						related: []related{{span: source.Span{Start: o.tok.start, End: o.tok.end}, msg: "opened here"}}})
				}
			}
			if len(stack) == 0 && elided(text) {
				continue // an excerpt may start inside a block
			}
			if len(stack) == 0 {
				return append(fs, finding{span: source.Span{Start: t.start, End: t.end}, code: "hcl-syntax",
					msg:  fmt.Sprintf("this '%c' closes no bracket: Terraform refuses the file", t.kind),
					hint: "remove it, or open what it closes"})
			}
			top := stack[len(stack)-1]
			if closerOf[top.tok.kind] != t.kind && ti > lineStart && hclLine(text, top.tok.start) != hclLine(text, t.start) {
				// A closer after tokens of its line, for an opener of an
				// earlier line: the closer is the stray one.
				return append(fs, finding{span: source.Span{Start: t.start, End: t.end}, code: "hcl-syntax",
					msg:     fmt.Sprintf("this '%c' closes nothing opened on its line, and the '%c' open above is not its kind: Terraform refuses the file", t.kind, top.tok.kind),
					hint:    "remove it, or add what it closes",
					related: []related{{span: source.Span{Start: top.tok.start, End: top.tok.end}, msg: "the bracket open above"}}})
			}
			if closerOf[top.tok.kind] != t.kind {
				return append(fs, finding{span: source.Span{Start: top.tok.start, End: top.tok.end}, code: "hcl-syntax",
					msg:     fmt.Sprintf("this '%c' is closed by '%c': Terraform refuses the file", top.tok.kind, t.kind),
					hint:    fmt.Sprintf("close it with '%c'", closerOf[top.tok.kind]),
					related: []related{{span: source.Span{Start: t.start, End: t.end}, msg: "the closing bracket"}}})
			}
			stack = stack[:len(stack)-1]
		}
		// Two items of a list with no comma between them.
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.list && top.tok.start != t.start {
				if hclValueStart(t.kind) && hclValueEnd(top.prev) {
					p := toks[ti-1]
					for k := ti - 1; k > 0 && p.kind == '\n'; k-- {
						p = toks[k-1]
					}
					return append(fs, finding{span: source.Span{Start: p.start, End: p.end}, code: "hcl-syntax",
						msg:  "the list has no ',' after this item: Terraform refuses the file (Missing item separator)",
						hint: "add ',' after it"})
				}
				top.prev = t.kind
			}
		}
	}
	if len(stack) > 0 && len(fs) == 0 && !elided(text) {
		top := stack[len(stack)-1]
		fs = append(fs, finding{span: source.Span{Start: len(text), End: len(text)}, code: "hcl-syntax",
			msg:     fmt.Sprintf("a '%c' is never closed: Terraform refuses the file", top.tok.kind),
			hint:    fmt.Sprintf("add its '%c'", closerOf[top.tok.kind]),
			related: []related{{span: source.Span{Start: top.tok.start, End: top.tok.end}, msg: "opened here"}}})
	}
	return fs
}

// hclLine returns the line (from 0) of offset off.
func hclLine(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) }

// hclStatementStart reports whether the token toks[i], the first of its
// line, starts a statement: the line before ends a value or a block's
// opening or closing, not with an operator that the line continues.
func hclStatementStart(toks []hclTok, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch toks[k].kind {
		case '\n':
			continue
		case 's', 'n', 'i', 'h', '}', ']', ')', '{':
			return true
		}
		return false
	}
	return true
}

// hclValueStart reports whether a token of kind k starts a list item.
func hclValueStart(k byte) bool {
	return k == 's' || k == 'n' || k == 'i' || k == 'h' || k == '[' || k == '{'
}

// hclValueEnd reports whether a token of kind k ends a list item.
func hclValueEnd(k byte) bool {
	return k == 's' || k == 'n' || k == 'i' || k == 'h' || k == ']' || k == '}' || k == ')'
}

// hclOpensBlock reports whether the labels from toks[i] on end in a '{'
// on the same line: a block definition (resource "a" "b" {).
func hclOpensBlock(toks []hclTok, i int) bool {
	for ; i < len(toks) && toks[i].kind != '\n'; i++ {
		switch toks[i].kind {
		case '{':
			return true
		case 's', 'i':
		default:
			return false
		}
	}
	return false
}

// hclForExpr reports whether the '[' at toks[i] starts a for expression
// ([for s in var.list : upper(s)]), whose items are no list's.
func hclForExpr(text []byte, toks []hclTok, i int) bool {
	for k := i + 1; k < len(toks) && toks[k].kind == '\n'; k++ {
		i = k
	}
	return i+1 < len(toks) && toks[i+1].kind == 'i' && string(text[toks[i+1].start:toks[i+1].end]) == "for"
}
