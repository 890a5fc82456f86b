package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// TextOptions control the text printer.
type TextOptions struct {
	Color   bool // ANSI colours; the caller decides from the terminal and NO_COLOR
	Context bool // print the source line and a caret under the span
}

// PrintText writes each diagnostic as `file:line:col: severity[code]: message`,
// followed (with Context) by the source line, a caret line and the hint.
func PrintText(w io.Writer, l List, opt TextOptions) error {
	var b bytes.Buffer
	for _, d := range l {
		writeTextHeader(&b, d, opt.Color)
		if opt.Context && d.File != nil {
			writeExcerpt(&b, d, opt.Color)
		}
		if d.Hint != "" {
			fmt.Fprintf(&b, "  = hint: %s\n", d.Hint)
		}
		if d.Fix != nil {
			fmt.Fprintf(&b, "  = fix: %s\n", d.Fix.Message)
		}
		for _, r := range d.Related {
			if r.File != nil {
				p := r.File.Position(r.Span.Start)
				fmt.Fprintf(&b, "  = note: %s:%d:%d: %s\n", p.Filename, p.Line, p.Column, r.Message)
			} else {
				fmt.Fprintf(&b, "  = note: %s\n", r.Message)
			}
		}
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
		loc = fmt.Sprintf("%s:%d:%d", d.File.Name, p.Line, p.Column)
	}
	if color {
		fmt.Fprintf(b, "%s%s:%s %s%s[%s]:%s %s\n", ansiBold, loc, ansiReset, sevColor(d.Severity), d.Severity, d.Code, ansiReset, d.Message)
		return
	}
	fmt.Fprintf(b, "%s: %s[%s]: %s\n", loc, d.Severity, d.Code, d.Message)
}

func writeExcerpt(b *bytes.Buffer, d Diagnostic, color bool) {
	start, end := d.Start(), d.End()
	line := d.File.Line(start.Line)
	if line == nil || !utf8.Valid(line) {
		return
	}
	text, col := excerptWindow(line, start.Offset-d.File.Offset(start.Line, 1))
	width := 1
	if end.Line == start.Line && end.Column > start.Column {
		width = end.Column - start.Column
	} else if end.Line > start.Line {
		width = utf8.RuneCountInString(text) - col + 1
	}
	width = max(1, min(width, utf8.RuneCountInString(text)-col+1))
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

// excerptWindow returns the part of line to print (tabs as blanks) and the
// 1-based character column within it of byte at of line, where the
// diagnostic starts: all of line when it is short, else maxExcerpt
// characters around at with "…" marking what is cut. Its cost does not
// depend on the length of the line, which matters when a hostile guide has
// thousands of diagnostics on one line of megabytes.
func excerptWindow(line []byte, at int) (string, int) {
	at = max(0, min(at, len(line)))
	if len(line) <= 4*maxExcerpt && utf8.RuneCount(line) <= maxExcerpt {
		return strings.ReplaceAll(string(line), "\t", " "), utf8.RuneCount(line[:at]) + 1
	}
	for at < len(line) && at > 0 && !utf8.RuneStart(line[at]) {
		at--
	}
	from := at
	for i := 0; i < excerptLead && from > 0; i++ {
		_, size := utf8.DecodeLastRune(line[:from])
		from -= size
	}
	to := from
	for i := 0; i < maxExcerpt && to < len(line); i++ {
		_, size := utf8.DecodeRune(line[to:])
		to += size
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	b.WriteString(strings.ReplaceAll(string(line[from:to]), "\t", " "))
	if to < len(line) {
		b.WriteString("…")
	}
	col := utf8.RuneCount(line[from:at]) + 1
	if from > 0 {
		col++
	}
	return b.String(), col
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

// PrintJSON writes l as one JSON array (`[]` when empty).
func PrintJSON(w io.Writer, l List) error {
	out := make([]jsonDiagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, toJSON(d))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// PrintGitHub writes GitHub Actions workflow commands, one per diagnostic,
// so findings show as annotations on the pull request.
func PrintGitHub(w io.Writer, l List) error {
	var b bytes.Buffer
	for _, d := range l {
		kind := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[d.Severity]
		msg := d.Message
		if d.Hint != "" {
			msg += "\n" + d.Hint
		}
		if d.File == nil {
			fmt.Fprintf(&b, "::%s title=%s::%s\n", kind, ghProp(d.Code), ghData(msg))
			continue
		}
		s, e := d.Start(), d.End()
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			kind, ghProp(d.File.Name), s.Line, s.Column, e.Line, e.Column, ghProp(d.Code), ghData(msg))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ghData escapes a workflow command's message as the runner expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
