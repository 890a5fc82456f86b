package diag

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// GitHub's limits for one step of a workflow: it shows at most
// GitHubAnnotationLimit annotations of each kind (error, warning, notice)
// and drops the rest, and it refuses a job summary file larger than
// GitHubSummaryLimit bytes, showing none of it.
const (
	GitHubAnnotationLimit = 10
	GitHubSummaryLimit    = 1 << 20
)

// ghKind is the workflow command for a severity; an unknown severity is
// an error, as the zero Severity is, so that it is never hidden.
func ghKind(s Severity) string {
	switch s {
	case Warning:
		return "warning"
	case Info:
		return "notice"
	}
	return "error"
}

// PrintGitHub writes the diagnostics for a GitHub Actions log: the first
// GitHubAnnotationLimit of each kind as workflow commands, which GitHub
// shows as annotations on the pull request, the others as lines in the
// text format, which it would otherwise drop, then a one-line summary.
// Text from the guide is escaped (see Escape) and then encoded as the
// runner expects, so no diagnostic can end its command or start another.
func PrintGitHub(w io.Writer, l List) error {
	var b bytes.Buffer
	shown := map[string]int{}
	plain := 0
	for _, d := range l {
		kind := ghKind(d.Severity)
		if shown[kind] == GitHubAnnotationLimit {
			writeTextHeader(&b, d, false)
			writeTextNotes(&b, d)
			plain++
			continue
		}
		shown[kind]++
		writeAnnotation(&b, kind, d)
	}
	fmt.Fprintf(&b, "guidec: %s", ghCounts(l))
	if plain > 0 {
		fmt.Fprintf(&b, "; %d past GitHub's %d annotations of each kind are printed above as plain lines", plain, GitHubAnnotationLimit)
	}
	b.WriteString("\n")
	_, err := w.Write(b.Bytes())
	return err
}

// ghCounts counts l by annotation kind: "2 errors, 0 warnings, 1 notice".
func ghCounts(l List) string {
	n := map[string]int{}
	for _, d := range l {
		n[ghKind(d.Severity)]++
	}
	return fmt.Sprintf("%d %s, %d %s, %d %s", n["error"], plural(n["error"], "error"),
		n["warning"], plural(n["warning"], "warning"), n["notice"], plural(n["notice"], "notice"))
}

func writeAnnotation(b *bytes.Buffer, kind string, d Diagnostic) {
	msg := Escape(d.Message)
	if d.Hint != "" {
		msg += "\n" + Escape(d.Hint) // a line of its own in the annotation
	}
	if d.File == nil {
		fmt.Fprintf(b, "::%s title=%s::%s\n", kind, ghProp(d.Code), ghData(msg))
		return
	}
	// The runner trims the blanks around the properties, so file and title
	// go between the numbers, where their own blanks survive.
	s, e := d.Start(), d.End()
	fmt.Fprintf(b, "::%s line=%d,col=%d,file=%s,title=%s,endLine=%d,endColumn=%d::%s\n",
		kind, s.Line, s.Column, ghProp(d.File.Name), ghProp(d.Code), e.Line, e.Column, ghData(msg))
}

// ghData encodes a workflow command's message as the runner decodes it.
// msg is escaped already but for the line feeds the annotation keeps.
func ghData(msg string) string {
	return ghDataEscaper.Replace(msg)
}

// The escapers are built once: a strings.Replacer builds its tables on
// first use, which per annotation cost more than the escaping.
var (
	ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghProp escapes and encodes a workflow command property value, in which
// ':' would end the properties and ',' start another.
func ghProp(s string) string {
	return ghPropEscaper.Replace(Escape(s))
}

// summaryCell bounds the characters of a message in the job summary: the
// log holds it whole, the summary has a size limit for all of them.
const summaryCell = 1000

// PrintGitHubSummary writes l as the Markdown of a GitHub job summary: a
// heading with the counts and a table of every diagnostic (kind,
// file:line:col, code, message), in at most maxBytes bytes (at most
// GitHubSummaryLimit; GitHub shows nothing of a larger summary). Rows that
// do not fit are counted in a last line instead. Text from the guide is
// escaped (see Escape) and its Markdown characters quoted, so that it
// shows as text and cannot add links, images, HTML or table cells. It
// starts with a blank line: what an earlier step of the job wrote to the
// file may not end its last line.
func PrintGitHubSummary(w io.Writer, l List, maxBytes int) error {
	if maxBytes <= 0 || maxBytes > GitHubSummaryLimit {
		maxBytes = GitHubSummaryLimit
	}
	var b bytes.Buffer
	if len(l) == 0 {
		b.WriteString("\n### guidec: no findings\n\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	fmt.Fprintf(&b, "\n### guidec: %s\n\n| | location | code | message |\n|---|---|---|---|\n", ghCounts(l))
	const footer = 200 // room for the last line
	var row bytes.Buffer
	for i, d := range l {
		row.Reset()
		loc := "guidec"
		if d.File != nil {
			p := d.Start()
			loc = fmt.Sprintf("%s:%d:%d", markdownText(d.File.Name), p.Line, p.Column)
		}
		fmt.Fprintf(&row, "| %s | %s | %s | %s |\n", ghKind(d.Severity), loc, markdownText(d.Code), markdownText(clip(d.Message, summaryCell)))
		if b.Len()+row.Len()+footer > maxBytes {
			fmt.Fprintf(&b, "\n%d more not listed: GitHub keeps at most %d KiB of summary per step. The log of the step lists every finding.\n", len(l)-i, GitHubSummaryLimit>>10)
			break
		}
		b.Write(row.Bytes())
	}
	b.WriteString("\n")
	_, err := w.Write(b.Bytes())
	return err
}

// clip shortens s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for range n - 1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}

// markdownText escapes s (see Escape) and quotes with a backslash every
// ASCII punctuation character that means something in GitHub's Markdown:
// emphasis, code, links and images, HTML and entities, table cells,
// headings and lists, mentions, emoji, maths and strike-through.
func markdownText(s string) string {
	s = Escape(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\`*_{}[]()<>#+-.!|&~:@$^=\"'", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
