package tests

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/hugo"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
)

// diagnosticsDoc is the reference of every diagnostic code, relative to
// this package's directory.
const diagnosticsDoc = "../docs/diagnostics.md"

// notReproducible names the codes whose examples in docs/diagnostics.md are
// illustrations only, with the reason no guide text written in a Markdown
// file can produce them. Every other code's section must hold at least one
// runnable example, and every runnable example must make guidec report the
// section's code (see section.runs).
var notReproducible = map[string]string{
	"internal":           "reports a bug in guidec itself",
	"io":                 "needs a file that cannot be read",
	"resource-read":      "needs a file that cannot be read",
	"source-encoding":    "needs bytes that are not UTF-8, which a UTF-8 document cannot hold",
	"source-nul":         "needs a NUL byte",
	"source-too-large":   "needs a file of more than 8 MiB",
	"guide-symlink":      "needs a symbolic link",
	"content-symlink":    "needs a symbolic link",
	"layout-symlink":     "needs a symbolic link",
	"shortcode-sentinel": "guide loading reports source-reserved-char first and stops the page",
	"alias-invalid":      "guide loading reports frontmatter-alias first and drops the alias",
	"config-missing":     "needs site.yaml to be absent",
	"layout-missing":     "needs a layout file to be absent",
	"shortcode-limit":    "needs 64 nested calls or 64 MiB of shortcode output",
	"markdown-limit":     "needs 4,096 emphasis markers in a paragraph or a table of 1,000 columns",
}

// TestDiagnosticsDoc checks docs/diagnostics.md against the registry: one
// `### code` section per registered code and none for other codes, each
// with its default severity, a fenced example and a Fix paragraph; links
// to anchors inside the document resolve; and the runnable examples of
// each section make guidec report that section's code.
func TestDiagnosticsDoc(t *testing.T) {
	src, err := os.ReadFile(diagnosticsDoc)
	if err != nil {
		t.Fatalf("read %s: %v", diagnosticsDoc, err)
	}
	doc, err := parseDoc(string(src))
	if err != nil {
		t.Fatalf("%s: %v", diagnosticsDoc, err)
	}
	reg := build.Registry()
	t.Run("sections", func(t *testing.T) { checkSections(t, doc, reg) })
	t.Run("anchors", func(t *testing.T) { checkAnchors(t, doc) })
	t.Run("examples", func(t *testing.T) { checkExamples(t, doc, reg) })
}

func checkSections(t *testing.T, doc *parsedDoc, reg *diag.Registry) {
	count := map[string]int{}
	for _, s := range doc.sections {
		count[s.code]++
	}
	for _, c := range reg.All() {
		if n := count[c.Code]; n != 1 {
			t.Errorf("code %s has %d sections (### %s), want exactly 1", c.Code, n, c.Code)
		}
	}
	for _, s := range doc.sections {
		info, ok := reg.Lookup(s.code)
		if !ok {
			t.Errorf("%s:%d: section ### %s documents a code guidec does not register", diagnosticsDoc, s.line, s.code)
			continue
		}
		checkSection(t, s, info)
	}
	for code := range notReproducible {
		if _, ok := reg.Lookup(code); !ok {
			t.Errorf("notReproducible lists %s, which is not registered", code)
		}
	}
}

var severityLine = regexp.MustCompile(`^\*\*Severity:\*\* (error|warning|info)\b`)

func checkSection(t *testing.T, s *section, info diag.CodeInfo) {
	t.Helper()
	where := fmt.Sprintf("%s:%d: ### %s", diagnosticsDoc, s.line, s.code)
	if s.family == "" {
		t.Errorf("%s: not under a ## family heading", where)
	}
	var sev []string
	for _, l := range s.prose {
		if m := severityLine.FindStringSubmatch(l); m != nil {
			sev = append(sev, m[1])
		}
	}
	switch {
	case len(sev) == 0:
		t.Errorf("%s: no line \"**Severity:** %s\"", where, info.Severity)
	case len(sev) > 1:
		t.Errorf("%s: %d severity lines, want 1", where, len(sev))
	case sev[0] != info.Severity.String():
		t.Errorf("%s: severity %s, but the code is registered as %s", where, sev[0], info.Severity)
	}
	if len(s.fences) == 0 {
		t.Errorf("%s: no fenced example", where)
	}
	if !slices.ContainsFunc(s.prose, func(l string) bool { return strings.HasPrefix(l, "**Fix:**") }) {
		t.Errorf("%s: no paragraph starting with **Fix:**", where)
	}
}

// anchorLink finds in-document links such as [text](#code).
var anchorLink = regexp.MustCompile(`\]\(#([^)\s]+)\)`)

func checkAnchors(t *testing.T, doc *parsedDoc) {
	ids := map[string]bool{}
	for _, h := range doc.headings {
		ids[h.id] = true
	}
	for i, l := range doc.lines {
		if doc.inFence[i] {
			continue
		}
		for _, m := range anchorLink.FindAllStringSubmatch(l, -1) {
			if !ids[m[1]] {
				t.Errorf("%s:%d: link to #%s, which no heading of the document defines", diagnosticsDoc, i+1, m[1])
			}
		}
	}
}

func checkExamples(t *testing.T, doc *parsedDoc, reg *diag.Registry) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	site := copyFS(t, guidec.Site())
	shortcodes := copyFS(t, guidec.Shortcodes())
	verified := 0
	for _, s := range doc.sections {
		if _, ok := reg.Lookup(s.code); !ok {
			continue // reported by checkSections
		}
		runs, err := s.runs()
		if err != nil {
			t.Errorf("%s:%d: ### %s: %v", diagnosticsDoc, s.line, s.code, err)
			continue
		}
		reason, illustrative := notReproducible[s.code]
		switch {
		case illustrative && len(runs) > 0:
			t.Errorf("%s:%d: ### %s has runnable examples, but notReproducible says: %s; remove it from that list",
				diagnosticsDoc, s.line, s.code, reason)
			continue
		case illustrative:
			continue
		case len(runs) == 0:
			t.Errorf("%s:%d: ### %s has no runnable example (a markdown excerpt, a snippet in its own language, or files titled guides/… or site/…)",
				diagnosticsDoc, s.line, s.code)
			continue
		}
		for _, r := range runs {
			t.Run(s.code+"/line"+fmt.Sprint(r.line), func(t *testing.T) {
				got := runExample(t, r, site, shortcodes, v)
				if !slices.Contains(got, s.code) {
					t.Errorf("%s:%d: the example does not make guidec report %s; it reports %v", diagnosticsDoc, r.line, s.code, got)
				}
			})
		}
		verified++
	}
	t.Logf("%d codes verified by their examples, %d illustrated only", verified, len(notReproducible))
}

// runExample builds the example's source tree with the default site and
// shortcodes (overlaid by the example's files) and returns the codes of
// every diagnostic, sorted.
func runExample(t *testing.T, r run, site, shortcodes fstest.MapFS, v *digest.Verifier) []string {
	t.Helper()
	src := fstest.MapFS{}
	var project *build.Project
	siteFS, scFS := maps(site), maps(shortcodes)
	projectSC, partials, data := fstest.MapFS{}, fstest.MapFS{}, fstest.MapFS{}
	for name, body := range r.files {
		dir, rest, _ := strings.Cut(name, "/")
		f := &fstest.MapFile{Data: []byte(body), Mode: 0o644}
		switch dir {
		case "guides":
			src[rest] = f
		case "content":
			// A Hugo content tree, with Hugo's default settings.
			src[rest] = f
			project = &build.Project{Config: hugo.DefaultConfig(), ContentPath: "content"}
		case "site":
			siteFS[rest] = f
		case "shortcodes":
			scFS[rest] = f
		case "data":
			data[rest] = f
		case "layouts":
			if sc, ok := strings.CutPrefix(rest, "_shortcodes/"); ok {
				projectSC[sc] = f
			} else if p, ok := strings.CutPrefix(rest, "_partials/"); ok {
				partials[p] = f
			}
		}
	}
	if len(src) == 0 {
		// A source without guides is not checked at all (build.ErrNoGuides):
		// the site examples get one guide.
		src["example/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: \"Example\"\n---\n"), Mode: 0o644}
	}
	res, err := build.Run(context.Background(), build.Options{
		Source: src, SourceName: "guides", Site: siteFS, Shortcodes: scFS, Project: project,
		ProjectShortcodes: []fs.FS{projectSC}, Partials: []fs.FS{partials}, Data: data,
		Check: true, CheckDrafts: true, Output: &publish.MemOutput{}, Digests: v, Jobs: 1, Against: r.against,
	})
	if err != nil {
		t.Fatalf("%s:%d: build: %v", diagnosticsDoc, r.line, err)
	}
	var codes []string
	for _, d := range res.Diags {
		codes = append(codes, d.Code)
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}

func maps(m fstest.MapFS) fstest.MapFS {
	out := make(fstest.MapFS, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// copyFS reads every regular file of fsys into memory.
func copyFS(t *testing.T, fsys fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		out[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// parsedDoc is docs/diagnostics.md split into headings, code sections and
// fenced blocks, following CommonMark's fence rules so that a heading or
// a shortcode inside an example is never taken for document structure.
type parsedDoc struct {
	lines    []string
	inFence  []bool // the line belongs to a fenced block, fences included
	headings []heading
	sections []*section
}

type heading struct {
	level int
	text  string
	id    string
	line  int
}

// section is one `### code` section: everything up to the next heading of
// level 3 or less.
type section struct {
	code   string
	family string // the ## heading above it
	line   int
	prose  []string // lines outside fences, trimmed
	fences []fence
}

type fence struct {
	info string // the info string, trimmed
	body string
	line int // the opening line
}

func parseDoc(src string) (*parsedDoc, error) {
	d := &parsedDoc{lines: strings.Split(src, "\n")}
	d.inFence = make([]bool, len(d.lines))
	var cur *section
	family := ""
	for i := 0; i < len(d.lines); i++ {
		l := d.lines[i]
		if f, end, ok := openFence(d.lines, i); ok {
			for j := i; j <= end && j < len(d.lines); j++ {
				d.inFence[j] = true
			}
			if end >= len(d.lines) {
				return nil, fmt.Errorf("line %d: fence is never closed", i+1)
			}
			if cur != nil {
				cur.fences = append(cur.fences, f)
			}
			i = end
			continue
		}
		if h, ok := parseHeading(l, i+1); ok {
			d.headings = append(d.headings, h)
			if h.level <= 3 {
				cur = nil
			}
			switch h.level {
			case 2:
				family = h.text
			case 3:
				cur = &section{code: h.text, family: family, line: h.line}
				d.sections = append(d.sections, cur)
			}
			continue
		}
		if cur != nil {
			cur.prose = append(cur.prose, strings.TrimSpace(l))
		}
	}
	return d, nil
}

var headingLine = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`)

func parseHeading(l string, n int) (heading, bool) {
	m := headingLine.FindStringSubmatch(l)
	if m == nil {
		return heading{}, false
	}
	return heading{level: len(m[1]), text: m[2], id: markdown.GitHubID(m[2]), line: n}, true
}

// openFence reports whether lines[i] opens a fenced block and returns the
// block and the index of its closing line (len(lines) when unclosed).
func openFence(lines []string, i int) (fence, int, bool) {
	l := lines[i]
	indent := len(l) - len(strings.TrimLeft(l, " "))
	if indent > 3 {
		return fence{}, 0, false
	}
	rest := l[indent:]
	if !strings.HasPrefix(rest, "```") && !strings.HasPrefix(rest, "~~~") {
		return fence{}, 0, false
	}
	ch := rest[0]
	n := len(rest) - len(strings.TrimLeft(rest, string(ch)))
	info := strings.TrimSpace(rest[n:])
	if ch == '`' && strings.Contains(info, "`") {
		return fence{}, 0, false
	}
	marker := strings.Repeat(string(ch), n)
	var body []string
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j])
		if strings.HasPrefix(t, marker) && strings.Trim(t, string(ch)) == "" && len(lines[j])-len(strings.TrimLeft(lines[j], " ")) <= 3 {
			return fence{info: info, body: strings.Join(body, "\n"), line: i + 1}, j, true
		}
		body = append(body, lines[j])
	}
	return fence{info: info, line: i + 1}, len(lines), true
}

// run is one build of an example: the files of a source tree, by path
// (guides/NAME/…, site/…, shortcodes/…).
type run struct {
	line    int
	files   map[string]string
	against []string
}

// defaultGuide is the file a Markdown excerpt or a bare snippet becomes.
const defaultGuide = "guides/example/index.md"

var titleAttr = regexp.MustCompile(`title="([^"]*)"`)

// runs turns the section's fenced examples into builds. The conventions:
//
//   - a fence titled guides/…, site/…, shortcodes/…, layouts/_shortcodes/…,
//     layouts/_partials/… or data/… is that file (the last three a Hugo
//     project's), in whatever language it is shown, shared by every build
//     of the section (title="index.md" is the whole guides/example/index.md);
//   - an untitled markdown (or md) fence is an excerpt of a guide body:
//     it becomes guides/example/index.md after a minimal front matter;
//   - a fence in any other language except text and console is a snippet
//     as it appears in a guide: it is wrapped, info string and all, in a
//     guide body;
//   - text and console fences are illustrations and never run; a console
//     line "$ guidec check --against RELEASE" gives every build of the
//     section that --against (codes only --against reports).
//
// Each excerpt or snippet is its own build; a section with only files
// gives one build.
func (s *section) runs() ([]run, error) {
	shared := map[string]string{}
	var singles []run
	var against []string // from a console fence's command line
	fileLine := 0        // the first fence that is a file
	for _, f := range s.fences {
		lang, _, _ := strings.Cut(f.info, " ")
		lang, _, _ = strings.Cut(lang, "{")
		lang = strings.ToLower(lang)
		title := ""
		if m := titleAttr.FindStringSubmatch(f.info); m != nil {
			title = m[1]
		}
		body := f.body + "\n"
		switch {
		case title == "index.md" || isTreePath(title):
			if title == "index.md" {
				title = defaultGuide
			}
			shared[title] = body
			if fileLine == 0 {
				fileLine = f.line
			}
		case lang == "console":
			for _, l := range strings.Split(body, "\n") {
				if rest, ok := strings.CutPrefix(l, "$ guidec check "); ok {
					if _, r, ok := strings.Cut(rest, "--against "); ok {
						against = append(against, strings.Fields(r)[0])
					}
				}
			}
		case lang == "text":
		case lang == "markdown" || lang == "md":
			if title != "" {
				return nil, fmt.Errorf("line %d: a markdown example is untitled (an excerpt) or titled with its path", f.line)
			}
			singles = append(singles, run{line: f.line, files: map[string]string{defaultGuide: excerptGuide(body)}})
		case lang == "":
			return nil, fmt.Errorf("line %d: fence without a language; use text for an illustration", f.line)
		default:
			singles = append(singles, run{line: f.line, files: map[string]string{defaultGuide: excerptGuide(wrap(f.info, body))}})
		}
	}
	if _, ok := shared[defaultGuide]; ok && len(singles) > 0 {
		return nil, fmt.Errorf("both an index.md and excerpts of it")
	}
	if len(singles) == 0 {
		if len(shared) == 0 {
			return nil, nil
		}
		return []run{{line: fileLine, files: shared, against: against}}, nil
	}
	for i := range singles {
		for k, v := range shared {
			singles[i].files[k] = v
		}
		singles[i].against = against
	}
	return singles, nil
}

func isTreePath(title string) bool {
	for _, p := range []string{"guides/", "site/", "shortcodes/", "content/", "layouts/_shortcodes/", "layouts/_partials/", "data/"} {
		if strings.HasPrefix(title, p) && len(title) > len(p) {
			return true
		}
	}
	return false
}

// excerptGuide makes a guide of a body excerpt.
func excerptGuide(body string) string {
	return "---\ntitle: \"Example\"\n---\n\n" + body
}

// wrap puts a snippet back in the fence it is shown in, with a fence longer
// than any backtick run inside it.
func wrap(info, body string) string {
	marker := "```"
	for strings.Contains(body, marker) {
		marker += "`"
	}
	return marker + info + "\n" + body + marker + "\n"
}

// TestParseDoc checks the document parser on the constructs the reference
// uses: headings and fences inside longer fences, tildes, and the example
// conventions of section.runs.
func TestParseDoc(t *testing.T) {
	const src = "# Title\n\n## Family\n\n### code-a\n\n**Severity:** error\n\n" +
		"````markdown\n### not-a-section\n```yaml {title=\"configuration.yml\"}\na: 1\n```\n````\n\n" +
		"~~~yaml {title=\"site/site.yaml\"}\ntitle: x\n~~~\n\n**Fix:** do it.\n\n" +
		"### code-b\n\n```json\n{}\n```\n\n```text\nillustration\n```\n\n## Other\n\nprose\n"
	d, err := parseDoc(src)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, s := range d.sections {
		codes = append(codes, s.family+"/"+s.code)
	}
	if want := []string{"Family/code-a", "Family/code-b"}; !slices.Equal(codes, want) {
		t.Fatalf("sections %v, want %v", codes, want)
	}
	a, b := d.sections[0], d.sections[1]
	if len(a.fences) != 2 || !strings.Contains(a.fences[0].body, "### not-a-section") {
		t.Errorf("code-a fences %+v", a.fences)
	}
	if !slices.Contains(a.prose, "**Fix:** do it.") || slices.Contains(b.prose, "prose") {
		t.Errorf("prose of code-a %q, code-b %q", a.prose, b.prose)
	}
	runs, err := a.runs()
	if err != nil || len(runs) != 1 {
		t.Fatalf("code-a runs %+v, %v", runs, err)
	}
	guide := runs[0].files[defaultGuide]
	if !strings.HasPrefix(guide, "---\ntitle:") || !strings.Contains(guide, "```yaml {title=\"configuration.yml\"}\na: 1\n```") {
		t.Errorf("excerpt guide %q", guide)
	}
	if runs[0].files["site/site.yaml"] != "title: x\n" {
		t.Errorf("site file %q", runs[0].files["site/site.yaml"])
	}
	runs, err = b.runs()
	if err != nil || len(runs) != 1 || !strings.Contains(runs[0].files[defaultGuide], "```json\n{}\n```") {
		t.Errorf("code-b runs %+v, %v: want one snippet wrapped in its fence", runs, err)
	}
	if _, err := parseDoc("### x\n```yaml\na: 1\n"); err == nil {
		t.Error("an unclosed fence is not reported")
	}
}
