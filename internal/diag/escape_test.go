package diag

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hostileStrings has one entry per class of character that must never
// reach the output raw, and what Escape makes of it.
var hostileStrings = []struct {
	name, in, want string
}{
	{"plain", "weight must be an integer", "weight must be an integer"},
	{"line feed forges a diagnostic", "x\nguides/b/index.md:1:1: error[forged]: y", `x\nguides/b/index.md:1:1: error[forged]: y`},
	{"line feed starts a workflow command", "x\n::error file=x::forged", `x\n::error file=x::forged`},
	{"carriage return rewrites the line", "ok\rforged", `ok\rforged`},
	{"crlf", "a\r\nb", `a\r\nb`},
	{"tab", "a\tb", `a\tb`},
	{"nul", "a\x00b", `a\x00b`},
	{"escape sequence colours", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
	{"escape sequence sets the title", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
	{"escape sequence hyperlink", "\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\", `\x1b]8;;https://evil\x1b\x\x1b]8;;\x1b\`},
	{"other C0", "\x01\x08\x0b\x0c\x1f", `\x01\x08\x0b\x0c\x1f`},
	{"delete", "a\x7fb", `a\x7fb`},
	{"C1 next line", "a\u0085b", `a\u0085b`},
	{"C1 CSI", "\u009b31mred", `\u009b31mred`},
	{"C1 OSC and ST", "\u009d0;t\u009c", `\u009d0;t\u009c`},
	{"line separator", "a\u2028b", `a\u2028b`},
	{"paragraph separator", "a\u2029b", `a\u2029b`},
	{"right-to-left override", "txt.\u202eexe.md", `txt.\u202eexe.md`},
	{"embeddings and pop", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
	{"isolates", "\u2066\u2067\u2068\u2069", `\u2066\u2067\u2068\u2069`},
	{"marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
	{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
	{"overlong encoding of a line feed", "\xc0\x8a", `\xc0\x8a`},
	{"legacy workflow command", "x ##[error]forged", `x #\x23[error]forged`},
	{"stop commands", "##[stop-commands]tok", `#\x23[stop-commands]tok`},
	{"azure logging command", "x##vso[task.logissue type=error]y", `x#\x23vso[task.logissue type=error]y`},
	{"teamcity service message", "##teamcity[buildProblem]", `#\x23teamcity[buildProblem]`},
	{"three hashes", "###[x", `##\x23[x`},
	{"markdown heading is left alone", "## Setup [x]", "## Setup [x]"},
	{"backslash is left alone", `C:\path\x1b`, `C:\path\x1b`},
	{"printable unicode is left alone", "café ☃ 日本 😀 \u00a0\u200b\u200d", "café ☃ 日本 😀 \u00a0\u200b\u200d"},
}

func TestEscape(t *testing.T) {
	for _, tt := range hostileStrings {
		t.Run(tt.name, func(t *testing.T) {
			got := Escape(tt.in)
			if got != tt.want {
				t.Errorf("Escape(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if p := rawProblems(got); p != "" {
				t.Errorf("Escape(%q) = %q: %s", tt.in, got, p)
			}
		})
	}
}

// rawProblems says what in out must not reach a terminal or a CI log raw:
// a control character other than a line feed, a line or paragraph
// separator, a bidirectional control, invalid UTF-8, or a CI command
// prefix. It is written apart from Escape so as to check it.
func rawProblems(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i, r := range out {
		if r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Bidi_Control)) {
			return fmt.Sprintf("raw %U at byte %d", r, i)
		}
	}
	if m := ciCommandRE.FindStringIndex(out); m != nil {
		return fmt.Sprintf("CI command %q at byte %d", out[m[0]:m[1]], m[0])
	}
	return ""
}

var ciCommandRE = regexp.MustCompile(`##[A-Za-z]*\[`)

// sgrRE matches the colour sequences of the text printer, the only escape
// sequences it may write.
var sgrRE = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// commandLines returns the lines of out that GitHub's runner reads as a
// workflow command: those starting with "::" after white space.
func commandLines(out string) []string {
	var cmds []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
			cmds = append(cmds, line)
		}
	}
	return cmds
}

// ghCommand is a workflow command as GitHub's runner parses it
// (ActionCommand.TryParseV2 in actions/runner): the name up to a blank,
// properties split at ',' and '=', the data after the second "::", each
// then unescaped.
type ghCommand struct {
	name  string
	props map[string]string
	data  string
}

func parseCommand(line string) (ghCommand, bool) {
	line = strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(line, "::") {
		return ghCommand{}, false
	}
	end := strings.Index(line[2:], "::")
	if end < 0 {
		return ghCommand{}, false
	}
	info := line[2 : 2+end]
	c := ghCommand{name: info, props: map[string]string{}}
	if sp := strings.IndexByte(info, ' '); sp >= 0 {
		c.name = info[:sp]
		for _, p := range strings.Split(strings.TrimSpace(info[sp+1:]), ",") {
			k, v, ok := strings.Cut(p, "=")
			if ok && k != "" && v != "" {
				c.props[k] = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(v)
			}
		}
	}
	c.data = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(line[2+end+2:])
	return c, true
}

// hostileList is a list of diagnostics whose every text comes from a
// hostile guide: file names, source lines, messages, hints, fixes, notes.
func hostileList() List {
	content := "---\ntitle: \"\x1b[2J\"\n---\n\n" +
		"red \x1b[31mtext\x1b[0m and\rok:1:1: error[x]: y\u2028z \u202egnp.exe\u0085 ##[error]bad\tend\n" +
		"\xff\xfe bytes\n"
	f := source.NewFile("guides/a\x1b[31m\u202e/index.md", []byte(content))
	g := source.NewFile("::error file=x::forged/index.md", []byte("x\n"))
	h := source.NewFile(" \u3000::warning::sp,ace:s%/index.md", []byte("x\n"))
	line5 := strings.Index(content, "red")
	at := strings.Index(content, "ok:1:1")
	return List{
		{File: f, Span: source.Span{Start: 4, End: 19}, Severity: Error, Code: "frontmatter-type",
			Message: "title must be text, found \"\x1b[2J\"\n::error file=x::forged", Hint: "write\r\nguides/z/index.md:9:9: error[fake]: hint"},
		{File: f, Span: source.Span{Start: at, End: at + 6}, Severity: Warning, Code: "link-anchor",
			Message: "no heading \u202etxt.exe\u202c ##[error]x", Fix: &Fix{Message: "replace\x1b[0m \u2029"},
			Related: []Related{{File: g, Span: source.Span{Start: 0, End: 1}, Message: "defined\u0085here"}, {Message: "##vso[task.complete]"}}},
		{File: f, Span: source.Span{Start: line5 + 4, End: line5 + 14}, Severity: Error, Code: "c", Message: "span over escapes"},
		{File: f, Span: source.Span{Start: strings.Index(content, "\xff") + 1, End: len(content)}, Severity: Info, Code: "source-encoding", Message: "bad \xff byte"},
		{File: g, Span: source.Span{Start: 0, End: 1}, Severity: Error, Code: "guide-name", Message: "file name starts a command"},
		{File: h, Span: source.Span{Start: 0, End: 1}, Severity: Warning, Code: "guide-name", Message: "blanks, then a command"},
		{Severity: Error, Code: "io", Message: "read \x1b]8;;http://evil\x07guides\x1b]8;;\x07: denied"},
	}
}

// TestPrintHostile prints a list of hostile diagnostics in every format,
// compares with testdata/hostile.golden (rewrite with -update) and checks
// each output: no raw control character, no CI command, every
// diagnostic on the lines it should take, and in the GitHub format every
// annotation parsed as the runner parses it gives back the escaped texts.
func TestPrintHostile(t *testing.T) {
	l := hostileList()
	reg := NewRegistry([]CodeInfo{{"frontmatter-type", Error, "x"}, {"link-anchor", Warning, "x"}, {"c", Error, "x"}, {"source-encoding", Info, "x"}, {"guide-name", Error, "x"}, {"io", Error, "x"}})
	outs := printAll(t, l, reg)
	var golden strings.Builder
	for _, o := range outs {
		checkOutput(t, o.format, o.out, l)
		if o.format != "text-color" { // the golden file holds no escape sequence
			fmt.Fprintf(&golden, "-- %s --\n%s", o.format, o.out)
		}
	}
	path := filepath.Join("testdata", "hostile.golden")
	if *update {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if golden.String() != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, golden.String())
	}
}

type printed struct{ format, out string }

// printAll prints l in every format the printers have.
func printAll(t testing.TB, l List, reg *Registry) []printed {
	var outs []printed
	add := func(format string, print func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := print(&b); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		outs = append(outs, printed{format, b.String()})
	}
	add("text", func(b *bytes.Buffer) error { return PrintText(b, l, TextOptions{Context: true}) })
	add("text-color", func(b *bytes.Buffer) error { return PrintText(b, l, TextOptions{Context: true, Color: true}) })
	add("github", func(b *bytes.Buffer) error { return PrintGitHub(b, l) })
	add("summary", func(b *bytes.Buffer) error { return PrintGitHubSummary(b, l, 0) })
	add("json", func(b *bytes.Buffer) error { return PrintJSON(b, l) })
	add("sarif", func(b *bytes.Buffer) error {
		return PrintSARIF(b, l, SARIFOptions{ToolName: "guidec", Version: "1", Registry: reg})
	})
	return outs
}

// checkOutput checks the output of one format for l.
func checkOutput(t testing.TB, format, out string, l List) {
	t.Helper()
	raw := out
	if format == "text-color" {
		raw = sgrRE.ReplaceAllString(out, "")
	}
	if p := rawProblems(raw); p != "" {
		t.Errorf("%s: %s in\n%s", format, p, out)
	}
	if format != "github" {
		if cmds := commandLines(raw); len(cmds) > 0 {
			t.Errorf("%s: workflow command lines %q", format, cmds)
		}
	}
	switch format {
	case "text", "text-color":
		if got, want := strings.Count(raw, "\n"), textLines(l); got != want {
			t.Errorf("%s: %d lines, want %d:\n%s", format, got, want, out)
		}
	case "github":
		checkGitHub(t, out, l)
	case "summary":
		// A blank line, a heading, a blank line, the table head (2 lines), a
		// row each and a blank line: a message cannot start a row or leave
		// the table.
		if got, want := strings.Count(out, "\n"), 6+len(l); got != want {
			t.Errorf("summary: %d lines, want %d:\n%s", got, want, out)
		}
		for _, line := range strings.Split(out, "\n")[5 : 5+len(l)] {
			if cells := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); cells != 5 {
				t.Errorf("summary row with %d cell separators: %q", cells, line)
			}
		}
	case "json", "sarif":
		checkJSON(t, format, out, l)
	}
}

// textLines is how many lines PrintText with Context takes for l.
func textLines(l List) int {
	n := 0
	for _, d := range l {
		n++
		if d.File != nil {
			n += 2
		}
		if d.Hint != "" {
			n++
		}
		if d.Fix != nil {
			n++
		}
		n += len(d.Related)
	}
	return n
}

// checkGitHub parses each line of PrintGitHub's output as the runner
// would and checks it against the diagnostic it stands for.
func checkGitHub(t testing.TB, out string, l List) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	shown := map[string]int{}
	i := 0
	for _, d := range l {
		kind := ghKind(d.Severity)
		if shown[kind] == GitHubAnnotationLimit {
			i += textLines(List{{Hint: d.Hint, Fix: d.Fix, Related: d.Related}}) // header and notes
			continue
		}
		shown[kind]++
		if i >= len(lines) {
			t.Fatalf("github: output ends before %s:\n%s", d.Code, out)
		}
		c, ok := parseCommand(lines[i])
		i++
		if !ok || c.name != kind {
			t.Errorf("github: %q is not a %s command", lines[i-1], kind)
			continue
		}
		want := map[string]string{"title": Escape(d.Code)}
		if d.File != nil {
			s, e := d.Start(), d.End()
			want["file"] = Escape(d.File.Name)
			for k, v := range map[string]int{"line": s.Line, "col": s.Column, "endLine": e.Line, "endColumn": e.Column} {
				want[k] = strconv.Itoa(v)
			}
		}
		if d.File == nil {
			// The title is the only property: the runner trims the blanks
			// of the properties ("title=" comes first, so the value's end).
			want["title"] = strings.TrimRightFunc(want["title"], unicode.IsSpace)
		}
		for k, v := range want {
			if v == "" {
				delete(want, k) // the runner drops an empty property
			}
		}
		if fmt.Sprint(c.props) != fmt.Sprint(want) {
			t.Errorf("github: properties %v, want %v", c.props, want)
		}
		data := Escape(d.Message)
		if d.Hint != "" {
			data += "\n" + Escape(d.Hint)
		}
		if c.data != data {
			t.Errorf("github: data %q, want %q", c.data, data)
		}
	}
	if i != len(lines)-1 || !strings.HasPrefix(lines[i], "guidec: ") {
		t.Errorf("github: %d lines, want %d and a summary line:\n%s", len(lines), i+1, out)
	}
	annotations := 0
	for _, n := range shown {
		annotations += n
	}
	if cmds := commandLines(out); len(cmds) != annotations {
		t.Errorf("github: %d command lines, want %d annotations", len(cmds), annotations)
	}
}

// checkJSON decodes a JSON or SARIF document and requires every message
// as it was (invalid UTF-8 aside, which JSON cannot carry).
func checkJSON(t testing.TB, format, out string, l List) {
	t.Helper()
	if !json.Valid([]byte(out)) {
		t.Fatalf("%s: invalid JSON:\n%s", format, out)
	}
	var messages []string
	if format == "json" {
		var ds []jsonDiagnostic
		if err := json.Unmarshal([]byte(out), &ds); err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			messages = append(messages, d.Message)
		}
	} else {
		var log struct {
			Runs []struct {
				Results []struct {
					Message struct{ Text string }
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		for _, r := range log.Runs[0].Results {
			messages = append(messages, r.Message.Text)
		}
	}
	if len(messages) != len(l) {
		t.Fatalf("%s: %d results, want %d", format, len(messages), len(l))
	}
	for i, d := range l {
		want := d.Message
		if format == "sarif" {
			want = sarifMessage(d)
		}
		var viaJSON string
		b, _ := json.Marshal(want)
		json.Unmarshal(b, &viaJSON)
		if messages[i] != viaJSON {
			t.Errorf("%s: message %q, want %q", format, messages[i], viaJSON)
		}
	}
}

// TestPrintExcerptEscapes keeps the caret under the span when the source
// line holds characters printed as escapes.
func TestPrintExcerptEscapes(t *testing.T) {
	tests := []struct {
		name, line     string
		start, end     int
		excerpt, caret string
	}{
		{"escape before the span", "\x1b[31mred", 5, 8, `\x1b[31mred`, "        ^~~"},
		{"escape in the span", "a\x1bb", 1, 2, `a\x1bb`, " ^~~~"},
		{"bidi override before", "\u202eab", 3, 4, `\u202eab`, "      ^"},
		{"invalid bytes before", "\xff\xfex", 2, 3, `\xff\xfex`, "        ^"},
		{"command prefix before", "##[x]y", 5, 6, `#\x23[x]y`, "        ^"},
		{"span inside a command prefix", "a##[x]", 2, 3, `a#\x23[x]`, " ^~~~~"},
		{"tab", "\tx", 1, 2, " x", " ^"},
		{"vertical tab inside the line", "a\vb", 2, 3, `a\x0bb`, "     ^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.NewFile("g.md", []byte(tt.line+"\n"))
			var b bytes.Buffer
			PrintText(&b, List{{File: f, Span: source.Span{Start: tt.start, End: tt.end}, Code: "c", Message: "m"}}, TextOptions{Context: true})
			lines := strings.Split(b.String(), "\n")
			if got := strings.TrimPrefix(lines[1], "    1 | "); got != tt.excerpt {
				t.Errorf("excerpt\n got %q\nwant %q", got, tt.excerpt)
			}
			if got := strings.TrimPrefix(lines[2], "      | "); got != tt.caret {
				t.Errorf("caret\n got %q\nwant %q", got, tt.caret)
			}
		})
	}
}

// TestPrintGitHubLimits prints more diagnostics of each kind than GitHub
// annotates: the first ten of each are annotations, the rest plain lines,
// and the summary line counts them.
func TestPrintGitHubLimits(t *testing.T) {
	f := source.NewFile("guides/a/index.md", []byte(strings.Repeat("line\n", 100)))
	var l List
	add := func(n int, sev Severity) {
		for i := range n {
			l = append(l, Diagnostic{File: f, Span: source.Span{Start: 5 * i, End: 5*i + 4}, Severity: sev, Code: "c", Message: fmt.Sprintf("%v %d", sev, i), Hint: "h"})
		}
	}
	add(25, Error)
	add(3, Warning)
	add(12, Info)
	var b bytes.Buffer
	if err := PrintGitHub(&b, l); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	count := map[string]int{}
	for _, line := range commandLines(out) {
		c, _ := parseCommand(line)
		count[c.name]++
	}
	if count["error"] != 10 || count["warning"] != 3 || count["notice"] != 10 || len(count) != 3 {
		t.Errorf("annotations %v, want 10 errors, 3 warnings, 10 notices", count)
	}
	for _, want := range []string{
		"guides/a/index.md:11:1: error[c]: error 10\n  = hint: h\n",
		"guides/a/index.md:25:1: error[c]: error 24\n",
		"guides/a/index.md:12:1: info[c]: info 11\n",
		"guidec: 25 errors, 3 warnings, 12 notices; 17 past GitHub's 10 annotations of each kind are printed above as plain lines\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "error 9\n  = hint") || !strings.Contains(out, "error 9%0Ah") {
		t.Errorf("the tenth error is not an annotation")
	}
	checkGitHub(t, out, l)
}

// TestPrintGitHubSummary lists every diagnostic in the job summary and
// stays within the byte budget, counting what it leaves out.
func TestPrintGitHubSummary(t *testing.T) {
	f := source.NewFile("guides/a_b/index.md", []byte(strings.Repeat("line\n", 100)))
	var l List
	for i := range 40 {
		l = append(l, Diagnostic{File: f, Span: source.Span{Start: 5 * i, End: 5*i + 1}, Severity: Severity(i % 3), Code: "code-x", Message: fmt.Sprintf("m%d <img src=x> [l](u) | *e* `c` @user :+1:", i)})
	}
	var b bytes.Buffer
	if err := PrintGitHubSummary(&b, l, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\n### guidec: 14 errors, 13 warnings, 13 notices\n") {
		t.Errorf("heading: %q", out[:strings.Index(out[1:], "\n")+1])
	}
	row := "| error | guides/a\\_b/index\\.md:1:1 | code\\-x | m0 \\<img src\\=x\\> \\[l\\]\\(u\\) \\| \\*e\\* \\`c\\` \\@user \\:\\+1\\: |"
	if !strings.Contains(out, row+"\n") {
		t.Errorf("no row %q in\n%s", row, out)
	}
	if n := strings.Count(out, "\n| "); n != 41 {
		t.Errorf("%d table lines, want a head and 40 rows", n)
	}
	b.Reset()
	PrintGitHubSummary(&b, l, 2000)
	out = b.String()
	if b.Len() > 2000 {
		t.Errorf("summary of %d bytes, budget 2000", b.Len())
	}
	rows := strings.Count(out, "\n| ") - 1
	if rows < 5 || !strings.Contains(out, fmt.Sprintf("\n%d more not listed", 40-rows)) {
		t.Errorf("%d rows and no count of the rest:\n%s", rows, out)
	}
	b.Reset()
	PrintGitHubSummary(&b, nil, 0)
	if b.String() != "\n### guidec: no findings\n\n" {
		t.Errorf("empty summary %q", b.String())
	}
	long := List{{Severity: Error, Code: "c", Message: strings.Repeat("é", 5000)}}
	b.Reset()
	PrintGitHubSummary(&b, long, 0)
	if strings.Count(b.String(), "é") != summaryCell-1 || !strings.Contains(b.String(), "é… |") {
		t.Errorf("a long message is not clipped to %d characters", summaryCell)
	}
}

func TestToURI(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"guides/a/index.md", "guides/a/index.md"},
		{`guides\a\index.md`, "guides/a/index.md"},
		{"guides/a b/index.md", "guides/a%20b/index.md"},
		{"guides/50%/x#y?z.md", "guides/50%25/x%23y%3Fz.md"},
		{"guides/c:d/e", "guides/c%3Ad/e"},
		{"javascript:alert(1)", "javascript%3Aalert(1)"},
		{"guides/\x1b[31m\x7f/x", "guides/%1B%5B31m%7F/x"},
		{"guides/café\u202e/x", "guides/caf%C3%A9%E2%80%AE/x"},
		{"guides/\xff/x", "guides/%FF/x"},
	} {
		if got := toURI(tt.in); got != tt.want {
			t.Errorf("toURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPrintLinear prints thousands of diagnostics on one line of a
// megabyte in every format: each used to count the line from its start,
// which took seconds to minutes, and the text format printed the line
// under each.
func TestPrintLinear(t *testing.T) {
	line := strings.Repeat("é", 1<<19)
	f := source.NewFile("g.md", []byte(line+"\n"))
	const n = 4000
	var l List
	for i := range n {
		off := i * (len(line) / n) &^ 1
		l = append(l, Diagnostic{File: f, Span: source.Span{Start: off, End: off + 4}, Code: "c", Message: "m"})
	}
	reg := NewRegistry([]CodeInfo{{"c", Error, "x"}})
	start := time.Now()
	outs := printAll(t, l, reg)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("printing %d diagnostics on one line took %v", n, d)
	}
	for _, o := range outs {
		if len(o.out) > n*1024 {
			t.Errorf("%s: %d bytes for %d diagnostics", o.format, len(o.out), n)
		}
	}
}

// FuzzPrint prints diagnostics made of arbitrary text in every format and
// requires what TestPrintHostile checks of its list.
func FuzzPrint(f *testing.F) {
	for _, h := range hostileStrings {
		f.Add(h.in, "---\ntitle: x\n---\n\n"+h.in+"\n", h.in, "hint "+h.in, 3, 9)
	}
	f.Add("::error file=x::forged", "a\rb\n\x1b[2J", "x\n::error::y", "", 0, 1)
	f.Fuzz(func(t *testing.T, name, content, msg, hint string, start, end int) {
		if len(content) > 1<<16 {
			return
		}
		file := source.NewFile(name, []byte(content))
		clamp := func(o int) int { return max(0, min(o, len(content))) }
		sp := source.Span{Start: clamp(start), End: clamp(end)}
		l := List{
			{File: file, Span: sp, Severity: Error, Code: "c", Message: msg, Hint: hint},
			{File: file, Span: source.Span{Start: sp.End, End: sp.End}, Severity: Warning, Code: name, Message: hint,
				Fix: &Fix{Message: msg}, Related: []Related{{File: file, Span: sp, Message: msg}, {Message: name}}},
			{Severity: Info, Code: msg, Message: content},
		}
		reg := NewRegistry([]CodeInfo{{"c", Error, "x"}})
		for _, o := range printAll(t, l, reg) {
			checkOutput(t, o.format, o.out, l)
		}
	})
}
