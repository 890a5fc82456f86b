package syntax

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/format/caddyfile"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// A Caddyfile's blocks are delimited by braces that Caddy requires to be
// placed so: '{' ends the line that opens a block, '}' stands alone on
// the line that closes it. A brace dropped or doubled therefore shows in
// the lines, and the indentation guides write shows where: a line
// indented no deeper than an open block's opening line, after lines that
// were, comes after the block's missing '}'; lines indented below a line
// that opens no block lack that line's '{'. Caddy refuses the file either
// way ("Unexpected '}'", "EOF").

// isCaddyfileSnippet reports whether s is a Caddyfile: fenced as caddy
// or caddyfile, or titled Caddyfile.
func isCaddyfileSnippet(s *snippet.Snippet) bool {
	return s.Lang == "caddy" || s.Lang == "caddyfile" || strings.EqualFold(s.FileName(), "Caddyfile")
}

// caddyLine is one line of a Caddyfile as validateCaddyfile reads it.
type caddyLine struct {
	start, first, end int  // offsets of the line, its first token, its end (comment excluded)
	indent            int  // bytes of indentation
	tabs              bool // indented with a tab first
	opens             bool // ends with a '{' token
	closes            bool // is a lone '}'
	cont              bool // ends with a backslash: the next line continues it
}

// caddyLexer reads a heredoc as the brace check always has: any last
// token of a line that starts with '<<' opens one, so that the braces of
// its body are skipped even when Caddy would refuse its marker.
var caddyLexer = caddyfile.Options{LooseHeredoc: true}

// caddyfileLines splits text into its non-blank lines; open is -1, or,
// when a quoted string spans lines (the lines are then not what they
// seem) and no lines are returned, the offset of its quote when nothing
// closes it, -2 when a later line does. A heredoc is the last token of
// its opening line; its body and closing line are skipped.
func caddyfileLines(text []byte) (lines []caddyLine, open int) {
	var l caddyLine
	count := 0 // tokens on the line
	var first, last caddyfile.Token
	start := 0 // of the line
	for t := range caddyLexer.Tokens(text) {
		switch t.Kind {
		case caddyfile.Newline:
			if count > 0 {
				if l.end < 0 {
					l.end = t.Span.Start
				}
				lines = append(lines, closeCaddyLine(text, l, count, first, last))
			}
			count, start = 0, t.Span.End
			continue
		case caddyfile.Comment:
			l.end = t.Span.Start
			continue
		case caddyfile.Quoted, caddyfile.Backquoted:
			if t.Open {
				return nil, t.Span.Start
			}
			if bytes.IndexByte(text[t.Span.Start:t.Span.End], '\n') >= 0 {
				return nil, -2
			}
		}
		if count == 0 {
			i := start
			for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
				i++
			}
			l = caddyLine{start: start, first: i, end: -1, indent: i - start, tabs: i > start && text[start] == '\t'}
			first = t
		}
		if t.Kind == caddyfile.Heredoc {
			// The line ends at a comment after the marker, if any.
			l.end = lineEnd(text, t.Span.Start)
			k := t.Span.Start
			for k < l.end && text[k] != ' ' && text[k] != '\t' && text[k] != '\r' {
				k++
			}
			for k < l.end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
				k++
			}
			if k < l.end && text[k] == '#' {
				l.end = k
			}
		}
		count, last = count+1, t
	}
	if count > 0 {
		if l.end < 0 {
			l.end = len(text)
		}
		lines = append(lines, closeCaddyLine(text, l, count, first, last))
	}
	return lines, -1
}

// closeCaddyLine sets what l's tokens tell of its braces.
func closeCaddyLine(text []byte, l caddyLine, count int, first, last caddyfile.Token) caddyLine {
	l.opens = last.Is(text, "{")
	l.closes = count == 1 && first.Is(text, "}")
	l.cont = last.Is(text, "\\")
	return l
}

// validateCaddyfile reports the braces of a Caddyfile that do not pair:
// caddyfile-syntax at the line after a block's missing '}', at the line
// whose '{' is missing, or at a '}' that closes nothing. A snippet
// that elides lines ("...") may leave blocks open.
func validateCaddyfile(text []byte) []finding {
	lines, quote := caddyfileLines(text)
	if quote >= 0 {
		e := lineEnd(text, quote)
		return []finding{{span: source.Span{Start: quote, End: e}, code: "caddyfile-syntax",
			msg:  "this quoted string is never closed: Caddy reads the rest of the file into it and refuses the Caddyfile",
			hint: "close the string"}}
	}
	if quote == -2 {
		return nil
	}
	// Indentation tells where a brace is missing only when every line is
	// indented the same way.
	tabs, spaces := false, false
	for _, l := range lines {
		if l.indent > 0 {
			tabs, spaces = tabs || l.tabs, spaces || !l.tabs
		}
	}
	indented := !(tabs && spaces)
	type open struct {
		line  int
		child bool // a line deeper than the opener was seen in the block
	}
	var stack []open
	var fs []finding
	// missingOpens counts the '{' reported missing and the '}' reported
	// early: as many '}' then close nothing.
	missingOpens := 0
	token := func(l caddyLine) source.Span {
		e := l.first
		for e < l.end && text[e] != ' ' && text[e] != '\t' && text[e] != '\r' {
			e++
		}
		return source.Span{Start: l.first, End: e}
	}
	label := func(l caddyLine) string {
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(text[l.first:l.end])), "{"))
		if s == "" {
			return "the global options block"
		}
		return "the block '" + s + "'"
	}
	for i, l := range lines {
		if l.closes && indented && len(stack) > 0 {
			top := lines[stack[len(stack)-1].line].indent
			if l.indent > top {
				// Deeper than the block it would close: a '}' too many,
				// after the one that closed its own block.
				fs = append(fs, finding{span: token(l), code: "caddyfile-syntax",
					msg:  "this '}' is indented inside a block that is already closed: it closes the block around it, which Caddy then finds closed too early",
					hint: "remove the '}'"})
				continue
			}
			k := len(stack) - 1
			for k >= 0 && lines[stack[k].line].indent > l.indent {
				k--
			}
			if k >= 0 && k < len(stack)-1 && lines[stack[k].line].indent == l.indent {
				// The '}' of the block opened at its indentation: the
				// blocks opened inside that one lack theirs.
				for j := len(stack) - 1; j > k; j-- {
					o := lines[stack[j].line]
					fs = append(fs, finding{span: source.Span{Start: l.start, End: l.start}, code: "caddyfile-syntax",
						msg:     fmt.Sprintf("%s is not closed here, before the '}' of the block around it", label(o)),
						hint:    "add a line '}' here",
						related: []related{{span: token(o), msg: "the block opens here"}}})
				}
				stack = stack[:k+1]
			}
		}
		if l.closes {
			switch {
			case len(stack) > 0:
				stack = stack[:len(stack)-1]
			case missingOpens > 0:
				missingOpens--
			case elided(text):
				// An excerpt may start inside a block.
			default:
				fs = append(fs, finding{span: token(l), code: "caddyfile-syntax",
					msg:  "this '}' closes no block: Caddy refuses the Caddyfile (Unexpected '}')",
					hint: "remove the '}', or add the '{' of its block at the end of the line that opens it"})
			}
			continue
		}
		if indented {
			for len(stack) > 0 && stack[len(stack)-1].child && l.indent <= lines[stack[len(stack)-1].line].indent {
				o := lines[stack[len(stack)-1].line]
				stack = stack[:len(stack)-1]
				// Where the '}' belongs: the line after the block's last.
				at := nextLine(text, lines[i-1].end)
				fs = append(fs, finding{span: source.Span{Start: at, End: at}, code: "caddyfile-syntax",
					msg:     fmt.Sprintf("%s is not closed here, before the lines that follow it: Caddy reads them inside it", label(o)),
					hint:    "add a line '}' here",
					related: []related{{span: token(o), msg: "the block opens here"}}})
			}
			if i > 0 && lines[i-1].closes && l.indent > lines[i-1].indent {
				// A '}' followed by lines indented as its block's: it
				// closes the block early, and the block's own '}' then
				// closes the block around it.
				fs = append(fs, finding{span: token(lines[i-1]), code: "caddyfile-syntax",
					msg:  "this '}' closes its block before the block's indented lines end: Caddy reads them in the block around it",
					hint: "remove the '}'"})
				missingOpens++
			}
			if i > 0 {
				p := lines[i-1]
				if !p.opens && !p.closes && !p.cont && l.indent > p.indent && (len(stack) == 0 || lines[stack[len(stack)-1].line].indent < p.indent) {
					fs = append(fs, finding{span: token(p), code: "caddyfile-syntax",
						msg:  "the lines below are indented as this line's block, but it opens none: Caddy reads them as directives of the block around it",
						hint: "end the line with ' {'"})
					// Read on as if it opened the block, so that the
					// block's '}' pairs with it.
					stack = append(stack, open{line: i - 1})
				}
			}
		}
		if len(stack) > 0 && l.indent > lines[stack[len(stack)-1].line].indent {
			stack[len(stack)-1].child = true
		}
		if l.opens {
			stack = append(stack, open{line: i})
		}
	}
	if len(stack) > 0 && missingOpens == 0 && !elided(text) {
		o := lines[stack[len(stack)-1].line]
		at := nextLine(text, lines[len(lines)-1].end)
		fs = append(fs, finding{span: source.Span{Start: at, End: at}, code: "caddyfile-syntax",
			msg:     fmt.Sprintf("%s is never closed: Caddy refuses the Caddyfile at its end", label(o)),
			hint:    "add its closing '}' on a line of its own",
			related: []related{{span: token(o), msg: "the block opens here"}}})
	}
	return fs
}

// elided reports whether a snippet shows part of a file: it elides lines
// with "..." or "…", so that it may start inside a block or end in one.
func elided(text []byte) bool {
	return bytes.Contains(text, []byte("...")) || bytes.Contains(text, []byte("…"))
}
