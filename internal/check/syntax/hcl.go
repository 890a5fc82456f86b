package syntax

import (
	"bytes"
	"fmt"

	"github.com/guidec/guidec/internal/format/hcl"
	"github.com/guidec/guidec/internal/source"
)

// HCL (Terraform) is checked for the mistakes that are certain without
// its parser, given the tokens of package hcl, which knows its strings,
// templates, heredocs and comments: a quoted string left open at the end of its line (HCL's
// quoted strings are one line), a bracket closed by another kind or left
// open (located by the indentation where it should have closed), two
// items of a list with no comma between them, and an argument with no
// '=' before its value (oidc_client_id "vault"). Terraform refuses the
// file in each case.

// hclOpen is an open bracket of validateHCL.
type hclOpen struct {
	tok   hcl.Token
	block bool // a block's body (resource "a" "b" {), not an object value
	list  bool // '[' of a list whose items validateHCL checks
	child bool // a line deeper than the opener's started in it
	items bool // tokens follow the opener on its line
	prev  byte // the kind of the last token in it, for the commas of a list
}

// validateHCL reports the HCL mistakes described above, as hcl-syntax.
func validateHCL(text []byte) []finding {
	toks, unterminated := hcl.Lex(text)
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
		if t.Kind == '\n' {
			lineFirst = true
			continue
		}
		if lineFirst {
			lineFirst, lineStart = false, ti
			ind := indentOf(t.Span.Start)
			// A line no deeper than an open block's opener, after deeper
			// ones, that does not close it: the block's '}' (or a list's
			// ']') is missing before it.
			for len(stack) > 0 {
				top := &stack[len(stack)-1]
				if top.tok.Kind == '(' || ind > indentOf(top.tok.Span.Start) || t.Kind == '}' || t.Kind == ']' || t.Kind == ')' {
					break // a closer: its own, or a mismatch reported below
				}
				if !top.child {
					if !top.items {
						break
					}
					// ["vault" with the next line no deeper: the list
					// ends on its line, without its ']'.
					e := lineEnd(text, top.tok.Span.End)
					fs = append(fs, finding{span: source.Span{Start: e, End: e}, code: "hcl-syntax",
						msg:     fmt.Sprintf("this '%c' is not closed on its line, and the next line is not inside it: Terraform refuses the file", top.tok.Kind),
						hint:    fmt.Sprintf("add '%c' at the end of the line", closerOf[top.tok.Kind]),
						related: []related{{span: source.Span{Start: top.tok.Span.Start, End: top.tok.Span.End}, msg: "opened here"}}})
					return fs
				}
				// Where the closer belongs: the line after the last one
				// with a token (blank lines may follow it).
				at := bytes.LastIndexByte(text[:t.Span.Start], '\n') + 1
				for k := ti - 1; k >= 0; k-- {
					if toks[k].Kind != '\n' {
						at = nextLine(text, toks[k].Span.End)
						break
					}
				}
				fs = append(fs, finding{span: source.Span{Start: at, End: at}, code: "hcl-syntax",
					msg:     fmt.Sprintf("a '%c' opened above is not closed before this line: Terraform refuses the file", top.tok.Kind),
					hint:    fmt.Sprintf("add '%c' before this line", closerOf[top.tok.Kind]),
					related: []related{{span: source.Span{Start: top.tok.Span.Start, End: top.tok.Span.End}, msg: "opened here"}}})
				stack = stack[:len(stack)-1]
				if len(fs) > 0 {
					return fs
				}
			}
			if len(stack) > 0 && ind > indentOf(stack[len(stack)-1].tok.Span.Start) {
				stack[len(stack)-1].child = true
			}
			// An argument without '=': NAME followed by a value on a
			// line of a block body that opens no block.
			if t.Kind == 'i' && (len(stack) == 0 || stack[len(stack)-1].block) && ti+1 < len(toks) {
				nx := toks[ti+1]
				value := nx.Kind == 'n' || nx.Kind == '[' || (nx.Kind == 's' || nx.Kind == 'i') && !hclOpensBlock(toks, ti+1)
				if value && hclStatementStart(toks, ti) {
					return []finding{{span: source.Span{Start: t.Span.End, End: nx.Span.Start}, code: "hcl-syntax",
						msg:  fmt.Sprintf("argument %s has no '=' before its value: Terraform reads a block definition and refuses the file", text[t.Span.Start:t.Span.End]),
						hint: "write " + string(text[t.Span.Start:t.Span.End]) + " = …"}}
				}
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].tok.Span.Start != t.Span.Start && !stack[len(stack)-1].child {
			stack[len(stack)-1].items = true
		}
		switch t.Kind {
		case '{', '[', '(':
			o := hclOpen{tok: t}
			if t.Kind == '{' {
				o.block = true
				for k := lineStart; k < ti; k++ {
					if toks[k].Kind != 'i' && toks[k].Kind != 's' {
						o.block = false
					}
				}
				o.block = o.block && ti > lineStart && (len(stack) == 0 || stack[len(stack)-1].block)
			}
			if t.Kind == '[' {
				o.list = !hclForExpr(text, toks, ti)
			}
			if len(stack) < 64 {
				stack = append(stack, o)
			}
		case '}', ']', ')':
			if ti == lineStart && len(stack) > 1 && indentOf(t.Span.Start) < indentOf(stack[len(stack)-1].tok.Span.Start) {
				// A closer first on its line, at an outer opener's
				// indentation: the openers inside that one lack theirs.
				k := len(stack) - 2
				for k >= 0 && indentOf(stack[k].tok.Span.Start) > indentOf(t.Span.Start) {
					k--
				}
				if k >= 0 && indentOf(stack[k].tok.Span.Start) == indentOf(t.Span.Start) && closerOf[stack[k].tok.Kind] == t.Kind {
					o := stack[len(stack)-1]
					at := bytes.LastIndexByte(text[:t.Span.Start], '\n') + 1
					return append(fs, finding{span: source.Span{Start: at, End: at}, code: "hcl-syntax",
						msg:     fmt.Sprintf("a '%c' opened above is not closed before the '%c' of the one around it: Terraform refuses the file", o.tok.Kind, t.Kind),
						hint:    fmt.Sprintf("add '%c' before this line", closerOf[o.tok.Kind]),
						related: []related{{span: source.Span{Start: o.tok.Span.Start, End: o.tok.Span.End}, msg: "opened here"}}})
				}
			}
			if len(stack) == 0 && elided(text) {
				continue // an excerpt may start inside a block
			}
			if len(stack) == 0 {
				return append(fs, finding{span: source.Span{Start: t.Span.Start, End: t.Span.End}, code: "hcl-syntax",
					msg:  fmt.Sprintf("this '%c' closes no bracket: Terraform refuses the file", t.Kind),
					hint: "remove it, or open what it closes"})
			}
			top := stack[len(stack)-1]
			if closerOf[top.tok.Kind] != t.Kind && ti > lineStart && hclLine(text, top.tok.Span.Start) != hclLine(text, t.Span.Start) {
				// A closer after tokens of its line, for an opener of an
				// earlier line: the closer is the stray one.
				return append(fs, finding{span: source.Span{Start: t.Span.Start, End: t.Span.End}, code: "hcl-syntax",
					msg:     fmt.Sprintf("this '%c' closes nothing opened on its line, and the '%c' open above is not its kind: Terraform refuses the file", t.Kind, top.tok.Kind),
					hint:    "remove it, or add what it closes",
					related: []related{{span: source.Span{Start: top.tok.Span.Start, End: top.tok.Span.End}, msg: "the bracket open above"}}})
			}
			if closerOf[top.tok.Kind] != t.Kind {
				return append(fs, finding{span: source.Span{Start: top.tok.Span.Start, End: top.tok.Span.End}, code: "hcl-syntax",
					msg:     fmt.Sprintf("this '%c' is closed by '%c': Terraform refuses the file", top.tok.Kind, t.Kind),
					hint:    fmt.Sprintf("close it with '%c'", closerOf[top.tok.Kind]),
					related: []related{{span: source.Span{Start: t.Span.Start, End: t.Span.End}, msg: "the closing bracket"}}})
			}
			stack = stack[:len(stack)-1]
		}
		// Two items of a list with no comma between them.
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.list && top.tok.Span.Start != t.Span.Start {
				if hclValueStart(t.Kind) && hclValueEnd(top.prev) {
					p := toks[ti-1]
					for k := ti - 1; k > 0 && p.Kind == '\n'; k-- {
						p = toks[k-1]
					}
					return append(fs, finding{span: source.Span{Start: p.Span.Start, End: p.Span.End}, code: "hcl-syntax",
						msg:  "the list has no ',' after this item: Terraform refuses the file (Missing item separator)",
						hint: "add ',' after it"})
				}
				top.prev = t.Kind
			}
		}
	}
	if len(stack) > 0 && len(fs) == 0 && !elided(text) {
		top := stack[len(stack)-1]
		fs = append(fs, finding{span: source.Span{Start: len(text), End: len(text)}, code: "hcl-syntax",
			msg:     fmt.Sprintf("a '%c' is never closed: Terraform refuses the file", top.tok.Kind),
			hint:    fmt.Sprintf("add its '%c'", closerOf[top.tok.Kind]),
			related: []related{{span: source.Span{Start: top.tok.Span.Start, End: top.tok.Span.End}, msg: "opened here"}}})
	}
	return fs
}

// hclLine returns the line (from 0) of offset off.
func hclLine(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) }

// hclStatementStart reports whether the token toks[i], the first of its
// line, starts a statement: the line before ends a value or a block's
// opening or closing, not with an operator that the line continues.
func hclStatementStart(toks []hcl.Token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch toks[k].Kind {
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
func hclOpensBlock(toks []hcl.Token, i int) bool {
	for ; i < len(toks) && toks[i].Kind != '\n'; i++ {
		switch toks[i].Kind {
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
func hclForExpr(text []byte, toks []hcl.Token, i int) bool {
	for k := i + 1; k < len(toks) && toks[k].Kind == '\n'; k++ {
		i = k
	}
	return i+1 < len(toks) && toks[i+1].Kind == 'i' && string(text[toks[i+1].Span.Start:toks[i+1].Span.End]) == "for"
}
