// Package paste reports characters in code blocks that look like ASCII on
// screen but are not what a reader's copy needs: typographic quotes (a word
// processor's or a CMS's "smart" quotes), non-breaking spaces and
// zero-width characters. Pasted into a configuration file or a shell, each
// changes the meaning: YAML and shells do not take U+2019 as a quote, so it
// becomes part of the value; YAML does not take U+00A0 as indentation; an
// invisible U+200B inside a client id makes it another id.
//
// Only characters the guide itself holds are reported (not text a site
// variable or a shortcode produced), one finding per line and kind, with
// the ASCII replacement as a machine fix.
//
// The checkers after this one see each reported snippet with the
// replacements made (check.Pass.Replace): the text the writer meant, and
// without the control characters and U+FFFD that loading the guide
// reports. A
// typographic quote around an Authelia enum value is then one finding,
// this one, not also an unknown value; a non-breaking space is not also a
// YAML syntax error.
package paste

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Codes reported by this checker.
var Codes = []diag.CodeInfo{
	{Code: "snippet-smart-quote", Severity: diag.Error, Summary: "a code block holds a typographic quote (U+2018, U+2019, U+201C, U+201D) where a copy needs an ASCII quote"},
	{Code: "snippet-nbsp", Severity: diag.Error, Summary: "a code block holds a non-breaking space (U+00A0, U+202F) where a copy needs a space"},
	{Code: "snippet-zero-width", Severity: diag.Error, Summary: "a code block holds an invisible zero-width character (U+200B, U+200C, U+200D, U+2060, U+FEFF)"},
}

// Checker reports the characters of code blocks that break on paste.
var Checker = &check.Checker{
	Name:  "paste",
	Doc:   "reports typographic quotes, non-breaking spaces and zero-width characters in code blocks, with their ASCII replacement",
	Codes: Codes,
	Run:   run,
}

// kind is one class of character that breaks on paste.
type kind struct {
	code  string
	what  string
	chars map[rune]string // character → its replacement
}

var kinds = []kind{
	{"snippet-smart-quote", "typographic quote", map[rune]string{'\u2018': "'", '\u2019': "'", '\u201C': `"`, '\u201D': `"`}},
	{"snippet-nbsp", "non-breaking space", map[rune]string{'\u00A0': " ", '\u202F': " "}},
	{"snippet-zero-width", "zero-width character", map[rune]string{'\u200B': "", '\u200C': "", '\u200D': "", '\u2060': "", '\uFEFF': ""}},
}

// loaded reports whether r (of size bytes) is a character that loading
// the guide reports already (a control character other than tab, or
// U+FFFD, the mark of text lost in a conversion): this checker does not
// report it again, but removes it for the checkers after it, so that a
// value holding one is that one finding, not also a YAML error or an
// unknown value.
func loaded(r rune, size int) bool {
	return r < 0x20 && r != '\t' && r != '\r' || r >= 0x7F && r <= 0x9F || r == utf8.RuneError && size == 3
}

func run(p *check.Pass) {
	for _, s := range p.Snippets {
		if s.Shortcode != "" {
			continue // the template's text, not the guide's
		}
		if all := scan(p, s); len(all) > 0 {
			p.Replace(s, repaired(s, all))
		}
	}
}

// hit is one reported character in the guide.
type hit struct {
	r    rune
	at   source.Span // in the guide
	text source.Span // in the snippet's Text
	with string      // its replacement
}

// scan reports the characters of s and returns them all, in order.
func scan(p *check.Pass, s *snippet.Snippet) []hit {
	var all []hit
	t := s.Text
	for from := 0; from < len(t); {
		start, end, ok := nextLine(t, from)
		if !ok {
			break
		}
		hits := make([][]hit, len(kinds))
		var line []hit
		for off := start; off < end; {
			r, size := utf8.DecodeRune(t[off:end])
			if loaded(r, size) {
				if g, ok := guideSpan(s, off, size); ok {
					line = append(line, hit{r, g, source.Span{Start: off, End: off + size}, ""})
				}
			} else if r >= 0x80 {
				for k := range kinds {
					if _, ok := kinds[k].chars[r]; ok {
						if g, ok := guideSpan(s, off, size); ok {
							hits[k] = append(hits[k], hit{r, g, source.Span{Start: off, End: off + size}, kinds[k].chars[r]})
						}
					}
				}
			}
			off += size
		}
		for k, hs := range hits {
			if len(hs) > 0 {
				report(p, kinds[k], hs)
				line = append(line, hs...)
			}
		}
		slices.SortFunc(line, func(a, b hit) int { return a.text.Start - b.text.Start })
		all = append(all, line...)
		from = end + 1
	}
	return all
}

// nextLine returns the first line of t at or after offset from (itself a
// line start) that is not plain: that holds a byte other than printable
// ASCII, tab and CR, the only lines with anything to report or remove, so
// most lines need no decoding. It returns the line without its '\n', and
// false when every line is plain.
func nextLine(t []byte, from int) (start, end int, ok bool) {
	odd := nextOdd(t, from)
	if odd == len(t) {
		return 0, 0, false
	}
	start = from + bytes.LastIndexByte(t[from:odd], '\n') + 1
	end = len(t)
	if nl := bytes.IndexByte(t[odd:], '\n'); nl >= 0 {
		end = odd + nl
	}
	return start, end, true
}

// nextOdd returns the offset of the first byte of t at or after i that is
// not printable ASCII, tab, CR or LF, or len(t).
func nextOdd(t []byte, i int) int {
	for {
		if i = source.SkipPrintable(t, i); i == len(t) {
			return i
		}
		if b := t[i]; b != '\t' && b != '\r' && b != '\n' {
			return i
		}
		i++
	}
}

// repaired returns a copy of s with every hit replaced, its map leading
// each replacement back to the character it replaces and every other byte
// to where it was.
func repaired(s *snippet.Snippet, hs []hit) *snippet.Snippet {
	c := *s
	var text []byte
	var local source.Map // repaired Text → s.Text
	from := 0
	shift := func(off int) int { // s.Text offset → repaired offset, outside hits
		d := 0
		for _, h := range hs {
			if h.text.Start >= off {
				break
			}
			d += len(h.with) - h.text.Len()
		}
		return off + d
	}
	for _, h := range hs {
		local.AddVerbatim(len(text), from, h.text.Start-from)
		text = append(text, s.Text[from:h.text.Start]...)
		local.AddGenerated(len(text), len(h.with), h.text)
		text = append(text, h.with...)
		from = h.text.End
	}
	local.AddVerbatim(len(text), from, len(s.Text)-from)
	text = append(text, s.Text[from:]...)
	c.Text = text
	if s.Map != nil {
		c.Map = local.Compose(s.Map)
	}
	c.Vars = make([]snippet.Var, len(s.Vars))
	for i, v := range s.Vars {
		v.Span = source.Span{Start: shift(v.Span.Start), End: shift(v.Span.End)}
		c.Vars[i] = v
	}
	return &c
}

// guideSpan maps size bytes at off in the snippet's text to the guide when
// they are the guide's own bytes.
func guideSpan(s *snippet.Snippet, off, size int) (source.Span, bool) {
	if s.Map == nil {
		return source.Span{}, false
	}
	g, ok := s.Map.ResolveSpan(source.Span{Start: off, End: off + size})
	if !ok || g.End-g.Start != size || string(s.File.Content[g.Start:g.End]) != string(s.Text[off:off+size]) {
		return source.Span{}, false
	}
	return g, true
}

func report(p *check.Pass, k kind, hs []hit) {
	var names []string
	seen := map[rune]bool{}
	fix := &diag.Fix{Message: "replace with ASCII"}
	for _, h := range hs {
		if !seen[h.r] {
			seen[h.r] = true
			names = append(names, fmt.Sprintf("U+%04X", h.r))
		}
		fix.Edits = append(fix.Edits, diag.Edit{Span: h.at, NewText: k.chars[h.r]})
	}
	msg := fmt.Sprintf("%s %s in a code block", k.what, strings.Join(names, ", "))
	if len(hs) > 1 {
		msg = fmt.Sprintf("%d %ss (%s) in a code block", len(hs), k.what, strings.Join(names, ", "))
	}
	hint := "a reader's copy keeps the character: type the ASCII one instead"
	if k.code == "snippet-zero-width" {
		hint = "the character is invisible but a reader's copy keeps it: remove it"
		fix.Message = "remove the invisible characters"
	}
	p.Report(diag.Diagnostic{File: p.File, Span: hs[0].at, Severity: diag.Error, Code: k.code,
		Message: msg, Hint: hint, Fix: fix})
}
