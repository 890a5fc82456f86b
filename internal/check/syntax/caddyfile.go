package syntax

import (
	"bytes"
	"fmt"
	"strings"

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

// caddyfileLines splits text into its non-blank lines; open is -1, or,
// when a quoted string spans lines (the lines are then not what they
// seem) and no lines are returned, the offset of its quote when nothing
// closes it, -2 when a later line does. Heredoc bodies are skipped.
func caddyfileLines(text []byte) (lines []caddyLine, open int) {
	marker := ""
	for off := 0; off < len(text); {
		end := lineEnd(text, off)
		next := end + 1
		line := text[off:end]
		if marker != "" {
			if t := bytes.TrimLeft(line, " \t"); bytes.HasPrefix(t, []byte(marker)) {
				marker = ""
			}
			off = next
			continue
		}
		l := caddyLine{start: off, end: end}
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		l.indent, l.tabs, l.first = i, i > 0 && line[0] == '\t', off+i
		var toks []string
		for i < len(line) {
			c := line[i]
			switch {
			case c == ' ' || c == '\t' || c == '\r':
				i++
				continue
			case c == '#':
				l.end = off + i
				i = len(line)
				continue
			case c == '"' || c == '`':
				j := i + 1
				for j < len(line) && line[j] != c {
					if c == '"' && line[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(line) {
					j = len(line) // a backslash ending the line skipped past it
					// Caddy's quoted strings may span lines; one that
					// the rest of the text never closes is certain.
					if !caddyCloses(text[off+j:], c) {
						return nil, off + i
					}
					return nil, -2
				}
				toks = append(toks, string(line[i:j+1]))
				i = j + 1
				continue
			}
			j := i
			for j < len(line) && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' {
				j++
			}
			toks = append(toks, string(line[i:j]))
			i = j
		}
		if len(toks) == 0 {
			off = next
			continue
		}
		last := toks[len(toks)-1]
		l.opens = last == "{"
		l.closes = len(toks) == 1 && toks[0] == "}"
		l.cont = last == "\\"
		if strings.HasPrefix(last, "<<") && len(last) > 2 {
			marker = last[2:]
		}
		lines = append(lines, l)
		off = next
	}
	return lines, -1
}

// caddyCloses reports whether rest holds the closing quote q of a string
// (a '"' not escaped by a backslash).
func caddyCloses(rest []byte, q byte) bool {
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '\\':
			if q == '"' {
				i++
			}
		case q:
			return true
		}
	}
	return false
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
