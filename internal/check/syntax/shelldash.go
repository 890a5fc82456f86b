package syntax

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// A command-line option starts with '-' (U+002D) and nothing else: getopt,
// Go's flag package, Python's argparse and every other parser test that
// byte. Word processors, chat tools and web pages turn "--" into an en or
// em dash ("smart dashes") and may print a hyphen as U+2010 or a minus as
// U+2212. Pasted, such a word is no option but an argument of its own
// (a positional one, a file name, or "unknown command"), and the option
// never reaches the program: shell-dash-pasted.

// dashRunes are the characters that look like '-' but are not one, with
// their names for the message.
var dashRunes = map[rune]string{
	'\u2010': "a Unicode hyphen",
	'\u2011': "a non-breaking hyphen",
	'\u2012': "a figure dash",
	'\u2013': "an en dash",
	'\u2014': "an em dash",
	'\u2015': "a horizontal bar",
	'\u2212': "a minus sign",
}

// mayHoldDash is the cheap prefilter: every dash rune is encoded as E2 80
// 9x or E2 88 92.
func mayHoldDash(b []byte) bool {
	return bytes.Contains(b, []byte{0xE2, 0x80}) || bytes.Contains(b, []byte{0xE2, 0x88, 0x92})
}

// textMayHoldDash is mayHoldDash on a string, which it does not copy.
func textMayHoldDash(s string) bool {
	return strings.Contains(s, "\xE2\x80") || strings.Contains(s, "\xE2\x88\x92")
}

// pastedDash is one option written with a dash rune: the dash run at
// [start, dashEnd), the word to end, and the ASCII dashes it stands for.
type pastedDash struct {
	start, dashEnd, end int
	r                   rune // the first dash rune of the run
	repl                string
}

// scanDashes appends the options of one command line that start with a
// dash rune: a word (at the start, after a blank or after ; | & ( ) made
// of dash runes and hyphens, at least one of them a rune, then a letter or
// a digit. Quoted text (from an open quote q on, the quote the line
// starts in) and a comment are skipped, and so is the line of an echo or
// printf, whose words are a message. It returns the quote open at the end
// of the line.
func scanDashes(line []byte, base int, q byte, out []pastedDash) ([]pastedDash, byte) {
	if q == 0 {
		if f := bytes.Fields(line); len(f) > 0 && (string(f[0]) == "echo" || string(f[0]) == "printf") {
			return out, q
		}
	}
	for i := 0; i < len(line); {
		c := line[i]
		if q != 0 {
			switch {
			case c == q:
				q = 0
			case c == '\\' && q == '"':
				i++
			}
			i++
			continue
		}
		wordStart := i == 0 || strings.IndexByte(" \t;|&()", line[i-1]) >= 0
		switch {
		case c == '\\':
			i += 2
			continue
		case c == '\'' || c == '"':
			q = c
		case c == '#' && wordStart:
			return out, 0
		case (c >= 0x80 || c == '-') && wordStart:
			if d, ok := dashAt(line, i); ok {
				d.start, d.dashEnd, d.end = base+d.start, base+d.dashEnd, base+d.end
				out = append(out, d)
				i = d.end - base
				continue
			}
		}
		i++
	}
	return out, q
}

// dashAt reads an option that starts with a dash rune at line[i].
func dashAt(line []byte, i int) (pastedDash, bool) {
	d := pastedDash{start: i}
	j, runes, hyphens := i, 0, 0
	for j < len(line) {
		if line[j] == '-' {
			hyphens++
			j++
			continue
		}
		r, n := utf8.DecodeRune(line[j:])
		if _, ok := dashRunes[r]; !ok {
			break
		}
		if runes == 0 {
			d.r = r
		}
		runes++
		j += n
	}
	if runes == 0 || runes+hyphens > 2 || j >= len(line) || !isAlnum(line[j]) {
		return d, false
	}
	d.dashEnd = j
	for j < len(line) && (isAlnum(line[j]) || line[j] == '-' || line[j] == '_' || line[j] == '.') {
		j++
	}
	d.end = j
	// Typography turns "--" into a dash ("smart dashes", SmartyPants),
	// so a dash stands for two hyphens; but a one-letter option with no
	// '=' after it is a short one, which takes one.
	d.repl = "--"
	if runes+hyphens == 1 && d.end-d.dashEnd == 1 && (d.end == len(line) || line[d.end] != '=') {
		d.repl = "-"
	}
	return d, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// shellDashes returns the findings for options written with a dash rune in
// a shell snippet: one a line, whose fix replaces every such dash of the
// line. The bodies of heredocs are data, not commands. In a session with
// prompts only the prompt lines are commands; the others are output.
func shellDashes(text []byte) (fs []finding) {
	if !mayHoldDash(text) {
		return nil
	}
	defer func() {
		if recover() != nil {
			fs = nil // a bug of the checker, which FuzzShellDashes hunts
		}
	}()
	return checkDashes(text)
}

// checkDashes is shellDashes without the prefilter and the guard against
// the checker's own panics.
func checkDashes(text []byte) (fs []finding) {
	session := promptRe.Match(text)
	var st shellState
	off := 0
	for _, raw := range bytes.SplitAfter(text, []byte("\n")) {
		lineStart := off
		off += len(raw)
		line := bytes.TrimRight(raw, "\r\n")
		if st.inHeredoc(line) {
			continue
		}
		from := 0
		if session && st.quote == 0 && st.depth == 0 {
			m := promptRe.FindIndex(line)
			if m == nil || m[0] != 0 {
				continue // output
			}
			from = m[1]
		}
		if mayHoldDash(line) {
			ds, _ := scanDashes(line[from:], lineStart+from, st.quote, nil)
			if len(ds) > 0 {
				fs = append(fs, dashFinding(text, ds, "the shell passes it to the program as a plain argument"))
			}
		}
		st.scan(line[from:])
	}
	return fs
}

// dashFinding is the finding for the options ds of one line of text.
func dashFinding(text []byte, ds []pastedDash, passes string) finding {
	d := ds[0]
	word := string(text[d.start:d.end])
	want := d.repl + string(text[d.dashEnd:d.end])
	msg := fmt.Sprintf("%q starts with %s (U+%04X), not '-': %s, not as the option %s", word, dashRunes[d.r], d.r, passes, want)
	if len(ds) > 1 {
		msg += fmt.Sprintf(", and so do %d more options on the line", len(ds)-1)
	}
	f := finding{
		span: source.Span{Start: d.start, End: d.end},
		code: "shell-dash-pasted",
		msg:  msg,
		hint: "type the option with ASCII hyphens: " + want,
		fix:  &fix{msg: "replace the dashes with '-'"},
	}
	for _, d := range ds {
		f.fix.edits = append(f.fix.edits, diag.Edit{Span: source.Span{Start: d.start, End: d.dashEnd}, NewText: d.repl})
	}
	return f
}

// textDashes reports the options written with a dash rune in the inline
// code of the guide's texts: a command or a flag that a Web GUI step or
// a sentence gives the reader to copy. Each code span is read as one
// command line.
func textDashes(p *check.Pass) {
	for _, t := range p.Texts {
		if len(t.Code) == 0 || !textMayHoldDash(t.Text) {
			continue
		}
		for _, sp := range t.Code {
			if !textMayHoldDash(t.Text[sp.Start:sp.End]) {
				continue
			}
			code := []byte(t.Text[sp.Start:sp.End])
			from := 0
			if m := promptRe.FindIndex(code); m != nil && m[0] == 0 {
				from = m[1]
			}
			ds, _ := scanDashes(code[from:], sp.Start+from, 0, nil)
			if len(ds) == 0 {
				continue
			}
			f := dashFinding([]byte(t.Text), ds, "a program takes it as a plain argument")
			d := diag.Diagnostic{
				File:     p.File,
				Span:     t.GuideSpan(f.span),
				Severity: severityOf(f.code),
				Code:     f.code,
				Message:  f.msg,
				Hint:     f.hint,
				Fix:      &diag.Fix{Message: f.fix.msg},
			}
			for _, e := range f.fix.edits {
				sp, ok := textExact(t, e.Span)
				if !ok {
					d.Fix = nil
					break
				}
				d.Fix.Edits = append(d.Fix.Edits, diag.Edit{Span: sp, NewText: e.NewText})
			}
			p.Report(d)
		}
	}
}

// textExact maps sp of t's text to the guide when every byte of it is the
// guide's own, in order.
func textExact(t check.Text, sp source.Span) (source.Span, bool) {
	if t.Map == nil {
		return source.Span{}, false
	}
	start, exact, ok := t.Map.Resolve(sp.Start)
	if !ok || !exact {
		return source.Span{}, false
	}
	for i := sp.Start + 1; i < sp.End; i++ {
		if o, exact, ok := t.Map.Resolve(i); !ok || !exact || o != start+i-sp.Start {
			return source.Span{}, false
		}
	}
	return source.Span{Start: start, End: start + sp.Len()}, true
}
