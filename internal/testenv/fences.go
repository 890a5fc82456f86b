package testenv

import (
	"strings"
	"testing"
)

// Fence is a fenced code block of a corpus guide or of one of our own
// guides, as found by a naive line scanner (see CorpusFences and Guides).
type Fence struct {
	File string // guide path relative to the guides' directory, slash-separated ("romm/index.md")
	Line int    // 1-based line of the opening fence
	Info string // info string after the opening fence, trimmed (`shell {title=".env"}`)
	Lang string // first word of Info ("shell"), "" when there is none
	Text string // content lines, each ending in "\n", less the fence's indentation
}

// CorpusFences returns every fenced code block of the corpus guides, in
// file and line order, to seed fuzzers and parser tests with real snippets.
// Like CorpusIfPresent it returns nil (after logging) when the corpus is
// absent, so a fuzz target keeps its built-in seeds, and fails under
// CI=true. Callers pick blocks by Lang or Info.
//
// Package markdown owns real extraction; this scanner is deliberately
// naive so that tests do not depend on the code they test. It knows ```
// and ~~~ fences at any indentation, closing fences of at least the opening
// length, and blocks left open at the end of the guide; it does not know
// containers (a fence's text keeps a list item's or quote's markers beyond
// the fence's own indentation) or shortcodes.
func CorpusFences(t testing.TB) []Fence {
	t.Helper()
	dir := CorpusIfPresent(t)
	if dir == "" {
		return nil
	}
	guides := readGuides(t, dir)
	if len(guides) == 0 {
		t.Fatalf("testenv: no guides in corpus %s", dir)
	}
	var out []Fence
	for _, g := range guides {
		out = append(out, g.Fences...)
	}
	return out
}

// scanFences returns the fenced blocks of one guide, named name.
func scanFences(name, content string) []Fence {
	var out []Fence
	var cur *Fence
	var text strings.Builder
	var indent, size int // of the open fence
	var char byte
	for i, line := range strings.Split(strings.TrimSuffix(content, "\n"), "\n") {
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		if cur == nil {
			ch, n, info, ok := opening(line[lead:])
			if ok {
				cur = &Fence{File: name, Line: i + 1, Info: info, Lang: lang(info)}
				indent, size, char = lead, n, ch
				text.Reset()
			}
			continue
		}
		if closing(line[lead:], char, size) {
			cur.Text = text.String()
			out = append(out, *cur)
			cur = nil
			continue
		}
		text.WriteString(line[min(lead, indent):])
		text.WriteByte('\n')
	}
	if cur != nil { // CommonMark closes it at the end of the document
		cur.Text = text.String()
		out = append(out, *cur)
	}
	return out
}

// opening reports whether s (a line less its indentation) opens a fence:
// three or more backticks or tildes, then an info string, which for a
// backtick fence may not hold a backtick (CommonMark).
func opening(s string) (char byte, size int, info string, ok bool) {
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return 0, 0, "", false
	}
	char = s[0]
	for size < len(s) && s[size] == char {
		size++
	}
	if size < 3 {
		return 0, 0, "", false
	}
	info = strings.TrimSpace(s[size:])
	if char == '`' && strings.Contains(info, "`") {
		return 0, 0, "", false
	}
	return char, size, info, true
}

// closing reports whether s (a line less its indentation) closes a fence of
// size chars: at least as many of the same char and nothing but spaces.
func closing(s string, char byte, size int) bool {
	s = strings.TrimRight(s, " \t\r")
	return len(s) >= size && strings.Trim(s, string(char)) == ""
}

// lang returns the first word of an info string, which ends at white space
// or at an attribute block ("yaml{title=x}").
func lang(info string) string {
	if i := strings.IndexAny(info, " \t{"); i >= 0 {
		return info[:i]
	}
	return info
}
