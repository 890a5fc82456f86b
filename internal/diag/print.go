package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextOptions control the text printer.
type TextOptions struct {
	Color   bool // ANSI colours; the caller decides from the terminal and NO_COLOR
	Context bool // print the source line and a caret under the span
}

// PrintText writes each diagnostic as `file:line:col: severity[code]: message`,
// followed (with Context) by the source line, a caret line and the hint.
// Text from the guide is escaped (see Escape), so every diagnostic takes
// exactly the lines it should whatever its message, file name or source
// line holds.
func PrintText(w io.Writer, l List, opt TextOptions) error {
	var b bytes.Buffer
	for _, d := range l {
		writeTextHeader(&b, d, opt.Color)
		if opt.Context && d.File != nil {
			writeExcerpt(&b, d, opt.Color)
		}
		writeTextNotes(&b, d)
	}
	_, err := w.Write(b.Bytes())
	return err
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[1;31m"
	ansiYel   = "\x1b[1;33m"
	ansiBlue  = "\x1b[1;34m"
)

func sevColor(s Severity) string {
	switch s {
	case Error:
		return ansiRed
	case Warning:
		return ansiYel
	}
	return ansiBlue
}

func writeTextHeader(b *bytes.Buffer, d Diagnostic, color bool) {
	loc := "guidec"
	if d.File != nil {
		p := d.Start()
		loc = fmt.Sprintf("%s:%d:%d", lineStartName(d.File.Name), p.Line, p.Column)
	}
	if color {
		fmt.Fprintf(b, "%s%s:%s %s%s[%s]:%s %s\n", ansiBold, loc, ansiReset, sevColor(d.Severity), d.Severity, Escape(d.Code), ansiReset, Escape(d.Message))
		return
	}
	fmt.Fprintf(b, "%s: %s[%s]: %s\n", loc, d.Severity, Escape(d.Code), Escape(d.Message))
}

// writeTextNotes writes the hint, fix and related locations of d, each on
// a line of its own starting with "  = ".
func writeTextNotes(b *bytes.Buffer, d Diagnostic) {
	if d.Hint != "" {
		fmt.Fprintf(b, "  = hint: %s\n", Escape(d.Hint))
	}
	if d.Fix != nil {
		fmt.Fprintf(b, "  = fix: %s\n", Escape(d.Fix.Message))
	}
	for _, r := range d.Related {
		if r.File != nil {
			p := r.File.Position(r.Span.Start)
			fmt.Fprintf(b, "  = note: %s:%d:%d: %s\n", Escape(p.Filename), p.Line, p.Column, Escape(r.Message))
		} else {
			fmt.Fprintf(b, "  = note: %s\n", Escape(r.Message))
		}
	}
}

// lineStartName escapes a file name that begins a line of output. A name
// that would make the line start with "::" (after blanks, which the runner
// skips) is written "./name", the same path: GitHub's runner obeys such a
// line as a workflow command, and guide directories in a pull request are
// named by its author.
func lineStartName(name string) string {
	name = Escape(name)
	if strings.HasPrefix(strings.TrimLeftFunc(name, unicode.IsSpace), "::") {
		return "./" + name
	}
	return name
}

func writeExcerpt(b *bytes.Buffer, d Diagnostic, color bool) {
	start := d.Start()
	lineStart := d.File.Offset(start.Line, 1)
	line := d.File.Line(start.Line)
	at := start.Offset - lineStart
	end := max(at, min(d.Span.End-lineStart, len(line)))
	text, col, width := excerptWindow(line, at, end)
	gutter := fmt.Sprintf("%5d | ", start.Line)
	caret := strings.Repeat(" ", col-1) + "^" + strings.Repeat("~", width-1)
	if color {
		caret = sevColor(d.Severity) + caret + ansiReset
	}
	fmt.Fprintf(b, "%s%s\n%s%s\n", gutter, text, strings.Repeat(" ", len(gutter)-2)+"| ", caret)
}

// Excerpt bounds: a source line longer than maxExcerpt characters is shown
// as a window of that many around the column, starting excerptLead
// characters before it. A hostile or minified guide may hold a line of
// megabytes, which printed whole under each of its diagnostics would
// multiply the output by their number.
const (
	maxExcerpt  = 160
	excerptLead = 40
)

// excerptWindow returns the part of line to print and, in characters of
// that text, the 1-based column of byte at and the width of the span from
// at to end (at least 1): all of line when it is short, else maxExcerpt
// characters of it around at, with "…" marking what is cut. The text is
// escaped (tabs are shown as blanks), and column and width count what is
// printed, so the caret stays under the span however many characters the
// escapes take. Its cost does not depend on the length of the line, which
// matters when a hostile guide has thousands of diagnostics on one line of
// megabytes.
func excerptWindow(line []byte, at, end int) (text string, col, width int) {
	at = max(0, min(at, len(line)))
	end = max(at, min(end, len(line)))
	from, to := 0, len(line)
	if len(line) > 4*maxExcerpt || utf8.RuneCount(line) > maxExcerpt {
		for at < len(line) && at > 0 && !utf8.RuneStart(line[at]) {
			at--
		}
		from = at
		for i := 0; i < excerptLead && from > 0; i++ {
			_, size := utf8.DecodeLastRune(line[:from])
			from -= size
		}
		to = from
		for i := 0; i < maxExcerpt && to < len(line); i++ {
			_, size := utf8.DecodeRune(line[to:])
			to += size
		}
		at = min(at, to)
	}
	lead, trail := "", ""
	if from > 0 {
		lead = "…"
	}
	if to < len(line) {
		trail = "…"
	}
	// Tabs are shown as blanks, byte for byte, so offsets still hold.
	raw := strings.ReplaceAll(string(line[from:to]), "\t", " ")
	text, cols := escapeMarked(raw, at-from, min(end, to)-from)
	col = utf8.RuneCountInString(lead) + cols[0] + 1
	width = cols[1] - cols[0]
	if end > to {
		width++ // over the trailing "…": the span goes on
	}
	return lead + text + trail, col, max(1, width)
}

// jsonDiagnostic is the stable JSON shape other tools rely on.
type jsonDiagnostic struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Severity  string   `json:"severity"`
	Code      string   `json:"code"`
	Message   string   `json:"message"`
	Hint      string   `json:"hint"`
	Fix       *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

func toJSON(d Diagnostic) jsonDiagnostic {
	s, e := d.Start(), d.End()
	j := jsonDiagnostic{
		File: d.Filename(), Line: s.Line, Column: s.Column, EndLine: e.Line, EndColumn: e.Column,
		Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Hint: d.Hint,
	}
	if d.Fix != nil && d.File != nil {
		j.Fix = &jsonFix{Message: d.Fix.Message, Edits: []jsonEdit{}}
		for _, ed := range d.Fix.Edits {
			a, b := d.File.Position(ed.Span.Start), d.File.Position(ed.Span.End)
			j.Fix.Edits = append(j.Fix.Edits, jsonEdit{a.Line, a.Column, b.Line, b.Column, ed.NewText})
		}
	}
	return j
}

// PrintJSON writes l as one JSON array (`[]` when empty). Strings are
// JSON-escaped so that the document holds no raw control character (see
// jsonSafe) and decodes to the diagnostics exactly.
func PrintJSON(w io.Writer, l List) error {
	out := make([]jsonDiagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, toJSON(d))
	}
	return writeJSON(w, out)
}

// writeJSON writes v indented, with '<', '>' and '&' as they are and
// every control character escaped.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonSafe(b.Bytes()))
	return err
}
