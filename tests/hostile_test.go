package tests

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/cli"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/publish"
)

// A hostile case is a small project (guides/, and optionally shortcodes/,
// site/ and outside/, a directory beside the source that symbolic links
// may point into) and what guidec must do with it. Cases live in
// testdata/hostile/*.txtar; the comment of each archive holds its
// expectations, one per line ('#' lines are prose):
//
//	build EXIT [CODE@FILE:LINE:COL]...   run guidec build; expect EXIT and each diagnostic
//	check EXIT [CODE@FILE:LINE:COL]...   the same for guidec check
//	check-github EXIT [CODE@FILE:LINE:COL]...
//	                                     the same for guidec check --format github, whose
//	                                     annotations and job summary are checked too
//	publish EXIT [CODE@FILE:LINE:COL]... run guidec build --keep-going, which publishes
//	                                     despite the checks' errors: the site must be
//	                                     replaced (and safe) whatever EXIT is
//	symlink LINK TARGET                  create LINK (relative to the case) pointing to TARGET
//	out FILE TEXT                        after a successful build, FILE of the site contains TEXT
//	noout FILE TEXT                      ... and FILE does not contain TEXT
//	nofile FILE                          ... and there is no FILE
//
// FILE in a diagnostic is relative to the case directory ("-" for a
// diagnostic without a file); TEXT is Go-quoted. Every build starts with a
// previous site in the output directory. The output of every run must be
// free of raw control characters and CI commands (see outputProblems).
// When a build fails (build with a non-zero EXIT), that site must be
// byte for byte unchanged, a build into a fresh directory must leave none,
// and no temporary directory may remain. When it succeeds, every page must
// be free of script injection (see checkNoScript), and no file of outside/
// may appear in the output.
type hostileCase struct {
	name  string
	files map[string][]byte
	links [][2]string
	runs  []hostileRun
	outs  []outWant
	// limit bounds each run's wall time; 0 means hostileTimeLimit.
	limit time.Duration
}

type hostileRun struct {
	cmd   string // build, check or publish
	exit  int
	wants []diagWant
}

type diagWant struct {
	code, file   string
	line, column int
}

func (w diagWant) String() string {
	return fmt.Sprintf("%s@%s:%d:%d", w.code, w.file, w.line, w.column)
}

type outWant struct {
	file, text string
	absent     bool // the file must not contain text
	missing    bool // there must be no such file
}

// hostileTimeLimit is generous for a guide of a few lines: a hostile input
// that makes a stage superlinear takes minutes, not seconds.
const hostileTimeLimit = 20 * time.Second

// secret is the content of outside/secret.txt: it must never be published.
const secret = "TOP-SECRET-4f1c9a: this file lies outside the source directory"

var wantRE = regexp.MustCompile(`^([a-z0-9-]+)@(.+):(\d+):(\d+)$`)

// parseHostile reads one case from a txtar archive.
func parseHostile(name string, data []byte) (hostileCase, error) {
	a := txtar.Parse(data)
	c := hostileCase{name: name, files: map[string][]byte{}}
	for _, f := range a.Files {
		c.files[f.Name] = f.Data
	}
	for i, line := range strings.Split(string(a.Comment), "\n") {
		if err := c.directive(strings.Fields(line)); err != nil {
			return c, fmt.Errorf("%s: line %d: %v", name, i+1, err)
		}
	}
	if len(c.runs) == 0 {
		return c, fmt.Errorf("%s: no build or check line", name)
	}
	return c, nil
}

func (c *hostileCase) directive(f []string) error {
	if len(f) == 0 || strings.HasPrefix(f[0], "#") {
		return nil
	}
	switch f[0] {
	case "build", "check", "check-github", "publish":
		if len(f) < 2 {
			return fmt.Errorf("%s needs an exit code", f[0])
		}
		exit, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		r := hostileRun{cmd: f[0], exit: exit}
		for _, w := range f[2:] {
			m := wantRE.FindStringSubmatch(w)
			if m == nil {
				return fmt.Errorf("bad expectation %q (want CODE@FILE:LINE:COL)", w)
			}
			line, _ := strconv.Atoi(m[3])
			col, _ := strconv.Atoi(m[4])
			r.wants = append(r.wants, diagWant{m[1], m[2], line, col})
		}
		c.runs = append(c.runs, r)
	case "symlink":
		if len(f) != 3 {
			return fmt.Errorf("symlink LINK TARGET")
		}
		c.links = append(c.links, [2]string{f[1], f[2]})
	case "out", "noout":
		rest := strings.TrimSpace(strings.Join(f[2:], " "))
		text, err := strconv.Unquote(rest)
		if len(f) < 3 || err != nil {
			return fmt.Errorf("%s FILE \"TEXT\": %v", f[0], err)
		}
		c.outs = append(c.outs, outWant{file: f[1], text: text, absent: f[0] == "noout"})
	case "nofile":
		if len(f) != 2 {
			return fmt.Errorf("nofile FILE")
		}
		c.outs = append(c.outs, outWant{file: f[1], missing: true})
	default:
		return fmt.Errorf("unknown directive %q", f[0])
	}
	return nil
}

// loadHostile reads every case of testdata/hostile.
func loadHostile(t *testing.T) []hostileCase {
	t.Helper()
	paths, err := filepath.Glob("testdata/hostile/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var cases []hostileCase
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseHostile(strings.TrimSuffix(filepath.Base(p), ".txtar"), data)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	return cases
}

// TestHostile runs the battery of broken and hostile guides.
func TestHostile(t *testing.T) {
	t.Setenv("GUIDEC_CACHE_DIR", t.TempDir())
	t.Setenv("NO_COLOR", "1")
	t.Setenv("GITHUB_STEP_SUMMARY", "") // the tests may run in GitHub Actions
	cases := loadHostile(t)
	if len(cases) < 40 {
		t.Errorf("only %d cases in testdata/hostile; the battery needs at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runHostile(t, c) })
	}
}

// runHostile materialises c in a temporary directory and runs its commands.
func runHostile(t *testing.T, c hostileCase) {
	work := t.TempDir()
	for name := range c.files {
		if strings.HasPrefix(name, "site/") {
			// A case overrides files of our own site, such as site.yaml.
			copyTree(t, filepath.Join("..", "site"), filepath.Join(work, "site"))
			break
		}
	}
	for name, data := range c.files {
		p := filepath.Join(work, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.links) > 0 || c.files["outside/secret.txt"] != nil {
		writeSecret(t, work)
	}
	for _, l := range c.links {
		p := filepath.Join(work, filepath.FromSlash(l[0]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(l[1]), p); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(work, "guides"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, r := range c.runs {
		t.Run(r.cmd, func(t *testing.T) {
			if r.cmd == "build" || r.cmd == "publish" {
				runHostileBuild(t, c, r, work)
			} else if r.cmd == "check-github" {
				summary := filepath.Join(t.TempDir(), "summary.md")
				t.Setenv("GITHUB_STEP_SUMMARY", summary)
				stdout := runGuidec(t, c, work, r.cmd, "")
				checkWants(t, r, work, stdout+githubWants(stdout))
				data, err := os.ReadFile(summary)
				if err != nil {
					t.Fatalf("no job summary: %v", err)
				}
				for _, p := range outputProblems(string(data), false) {
					t.Errorf("job summary: %s", p)
				}
				if len(data) > diag.GitHubSummaryLimit {
					t.Errorf("job summary of %d bytes: GitHub would show none of it", len(data))
				}
			} else {
				stderr := runGuidec(t, c, work, r.cmd, "")
				checkWants(t, r, work, stderr)
			}
		})
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	for name, data := range readTree(t, src) {
		p := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func writeSecret(t *testing.T, work string) {
	t.Helper()
	dir := filepath.Join(work, "outside")
	if err := os.MkdirAll(filepath.Join(dir, "guide"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"secret.txt", "guide/index.md"} {
		data := secret
		if name == "guide/index.md" {
			data = "---\ntitle: \"Outside\"\n---\n\n" + secret + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runGuidec runs `guidec CMD` in process on the case in work, checks the
// exit code and time, and returns its output (standard output, then
// standard error).
func runGuidec(t *testing.T, c hostileCase, work, cmd, out string) string {
	t.Helper()
	var r hostileRun
	for _, x := range c.runs {
		if x.cmd == cmd {
			r = x
		}
	}
	args := []string{cmd, "-v", "--source", filepath.Join(work, "guides")}
	if cmd == "check-github" {
		args = []string{"check", "--format", "github", "--source", filepath.Join(work, "guides")}
	}
	if cmd == "publish" {
		args[0] = "build"
		args = append(args, "--keep-going")
	}
	for _, dir := range []string{"site", "shortcodes"} {
		if st, err := os.Stat(filepath.Join(work, dir)); err == nil && st.IsDir() {
			args = append(args, "--"+dir, filepath.Join(work, dir))
		}
	}
	if out != "" {
		args = append(args, "--out", out)
	}
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := cli.Main(args, &stdout, &stderr)
	limit := c.limit
	if limit == 0 {
		limit = hostileTimeLimit
	}
	if d := time.Since(start); d > limit {
		t.Errorf("guidec %s took %v (limit %v)", cmd, d.Round(time.Millisecond), limit)
	}
	output := stdout.String() + stderr.String()
	for _, p := range outputProblems(stdout.String(), cmd == "check-github") {
		t.Errorf("guidec %s: standard output: %s", cmd, p)
	}
	for _, p := range outputProblems(stderr.String(), false) {
		t.Errorf("guidec %s: standard error: %s", cmd, p)
	}
	if code != r.exit {
		t.Errorf("guidec %s exited with %d, want %d\n%s", cmd, code, r.exit, clip(output))
	}
	return output
}

// clip shortens output for a failure message.
func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// outputProblems returns what in out could reach a terminal or a CI log
// as something else than text: invalid UTF-8, a control character other
// than a line feed, a line or paragraph separator, a bidirectional
// control, a command prefix CI runners obey anywhere in a line ("##[",
// "##vso["), and a line starting with "::" (a GitHub workflow command)
// unless github is set and it is an annotation.
func outputProblems(out string, github bool) []string {
	var problems []string
	if !utf8.ValidString(out) {
		problems = append(problems, "invalid UTF-8")
	}
	for i, r := range out {
		if r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Bidi_Control)) {
			problems = append(problems, fmt.Sprintf("raw %U at byte %d: %q", r, i, out[max(0, i-40):min(len(out), i+40)]))
			break
		}
	}
	if m := ciCommandRE.FindString(out); m != "" {
		problems = append(problems, fmt.Sprintf("CI command %q", m))
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
			continue
		}
		if !github || !annotationRE.MatchString(line) {
			problems = append(problems, fmt.Sprintf("workflow command %q", line))
		}
	}
	return problems
}

var (
	ciCommandRE  = regexp.MustCompile(`##[A-Za-z]*\[`)
	annotationRE = regexp.MustCompile(`^::(error|warning|notice) (line=(\d+),col=(\d+),file=([^,:]*),)?title=([^,:]*)[,:]`)
)

// githubWants turns the annotations of guidec check --format github into
// lines of the text format, for checkWants.
func githubWants(out string) string {
	var b strings.Builder
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	for _, line := range strings.Split(out, "\n") {
		m := annotationRE.FindStringSubmatch(line)
		switch {
		case m == nil:
		case m[2] == "":
			fmt.Fprintf(&b, "guidec: error[%s]: \n", unescape.Replace(m[6]))
		default:
			fmt.Fprintf(&b, "%s:%s:%s: error[%s]: \n", unescape.Replace(m[5]), m[3], m[4], unescape.Replace(m[6]))
		}
	}
	return b.String()
}

var diagRE = regexp.MustCompile(`(?m)^(?:(.+):(\d+):(\d+)|guidec): (?:error|warning|info)\[([a-z0-9-]+)\]: `)

// checkWants requires each expected diagnostic in the text output.
func checkWants(t *testing.T, r hostileRun, work, stderr string) {
	t.Helper()
	var got []diagWant
	for _, m := range diagRE.FindAllStringSubmatch(stderr, -1) {
		d := diagWant{code: m[4], file: "-"}
		if m[1] != "" {
			d.file = filepath.ToSlash(strings.TrimPrefix(m[1], work+string(filepath.Separator)))
			d.line, _ = strconv.Atoi(m[2])
			d.column, _ = strconv.Atoi(m[3])
		}
		got = append(got, d)
	}
	for _, w := range r.wants {
		if !slices.Contains(got, w) {
			t.Errorf("guidec %s: no %v; got %v\n%s", r.cmd, w, got, clip(stderr))
		}
	}
}

// runHostileBuild builds the case over a previous site and checks the
// output: untouched on failure, safe on success.
func runHostileBuild(t *testing.T, c hostileCase, r hostileRun, work string) {
	out := filepath.Join(work, "public")
	writePreviousSite(t, out)
	before := readTree(t, out)
	entries := dirNames(t, work)
	stderr := runGuidec(t, c, work, r.cmd, out)
	checkWants(t, r, work, stderr)
	published := r.exit == 0 || r.cmd == "publish"
	// The replaced site stays as the spare the next build updates, inside
	// the state folder that writePreviousSite's build made.
	if got := dirNames(t, work); !slices.Equal(got, entries) {
		t.Errorf("the build left %v beside the output, want %v", got, entries)
	}
	after := readTree(t, out)
	if !published {
		if !maps2Equal(before, after) {
			t.Errorf("a failed build changed the previous site")
		}
		fresh := filepath.Join(work, "fresh")
		runGuidec(t, c, work, "build", fresh)
		if _, err := os.Stat(fresh); err == nil {
			t.Errorf("a failed build into a new directory created it")
		}
		if got := dirNames(t, work); !slices.Equal(got, entries) {
			t.Errorf("the failed build left %v, want %v", got, entries)
		}
		return
	}
	if string(after["index.html"]) == previousSite {
		t.Errorf("a successful build did not replace the previous site")
	}
	for name, data := range after {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s publishes a file from outside the source directory", name)
		}
		if strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".svg") && !strings.HasPrefix(name, "img/") {
			for _, p := range checkNoScript(data) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
	for _, o := range c.outs {
		data, ok := after[o.file]
		if o.missing {
			if ok {
				t.Errorf("output has %s, which must not be published", o.file)
			}
			continue
		}
		if !ok {
			t.Errorf("output has no %s", o.file)
			continue
		}
		if bytes.Contains(data, []byte(o.text)) == o.absent {
			t.Errorf("%s: contains %q = %v, want %v", o.file, o.text, o.absent, !o.absent)
		}
	}
}

const previousSite = "<!doctype html><title>previous good site</title>\n"

// writePreviousSite builds a small site into out, as an earlier build
// would have: guidec only replaces an output it wrote.
func writePreviousSite(t *testing.T, out string) {
	t.Helper()
	files := map[string]string{"index.html": previousSite, "old/index.html": "<p>old page</p>\n", "css/site.css": "body{}\n"}
	o, err := publish.NewDirOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := o.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
}

// readTree returns every regular file under dir by slash path; links are
// reported as their target, so a swapped-in link is a change too.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			files[rel] = []byte("symlink -> " + target)
			return err
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			files[rel] = data
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func maps2Equal(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// dirNames lists dir's entries, hidden ones (temporary directories) too.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// checkNoScript scans a page and returns every way it could run script
// that the site did not put there itself: a <script> element other than
// /js/site.js or a JSON data block, an embedding element (iframe, object,
// embed, base), an on* event attribute, a URL attribute or meta refresh
// with a script scheme, or a style attribute with an expression. It reads
// tokens rather than a tree: a hostile page may nest elements deeper than
// the HTML parser's stack allows, and the tokenizer reads the raw text of
// <script> as browsers do.
func checkNoScript(page []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(page))
	var problems []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				problems = append(problems, "unreadable HTML: "+z.Err().Error())
			}
			return problems
		case html.StartTagToken, html.SelfClosingTagToken:
			problems = append(problems, elementProblems(z.Token())...)
		}
	}
}

func elementProblems(n html.Token) []string {
	var problems []string
	attr := map[string]string{}
	for _, a := range n.Attr {
		attr[strings.ToLower(a.Key)] = a.Val
	}
	switch n.Data {
	case "script":
		typ := strings.ToLower(strings.TrimSpace(attr["type"]))
		if attr["src"] != "/js/site.js" && typ != "application/json" && typ != "application/ld+json" {
			problems = append(problems, fmt.Sprintf("<script> element %v", n.Attr))
		}
	case "iframe", "object", "embed", "base", "frame", "frameset", "applet":
		problems = append(problems, fmt.Sprintf("<%s> element", n.Data))
	case "meta":
		if strings.EqualFold(attr["http-equiv"], "refresh") {
			_, u, _ := strings.Cut(attr["content"], "=")
			if scriptURL(u) {
				problems = append(problems, "meta refresh to "+attr["content"])
			}
		}
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			problems = append(problems, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
		case urlAttrs[key] && scriptURL(a.Val):
			problems = append(problems, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
		case key == "style" && (strings.Contains(strings.ToLower(a.Val), "expression(") || strings.Contains(strings.ToLower(a.Val), "javascript:")):
			problems = append(problems, fmt.Sprintf("<%s style=%q>", n.Data, a.Val))
		case key == "srcdoc":
			problems = append(problems, fmt.Sprintf("<%s srcdoc>", n.Data))
		}
	}
	return problems
}

var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "data": true, "background": true, "cite": true, "srcset": true, "ping": true}

// scriptURL reports whether a URL runs script when followed, as browsers
// read it: leading blanks and control characters, and tabs and newlines
// anywhere in the scheme, are ignored.
func scriptURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(u))
	if strings.HasPrefix(u, "data:") {
		return !strings.HasPrefix(u, "data:image/") || strings.HasPrefix(u, "data:image/svg")
	}
	return strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:")
}

// TestCheckNoScript makes sure the scanner finds each kind of injection,
// so that a clean result of the battery means something.
func TestCheckNoScript(t *testing.T) {
	tests := []struct {
		page string
		bad  bool
	}{
		{`<p>fine <a href="/a/">a</a> <img src="x.png" alt="&lt;script&gt;"></p><script src="/js/site.js" defer></script>`, false},
		{`<script type="application/json" id="v">{"a":"\u003c/script\u003e"}</script>`, false},
		{`<p>text</p><script>alert(1)</script>`, true},
		{`<script type="application/json">x</script><script>alert(1)</script>`, true},
		{`<img src=x onerror=alert(1)>`, true},
		{`<a href=" java&#x09;script:alert(1)">x</a>`, true},
		{`<a href="JaVaScRiPt:alert(1)">x</a>`, true},
		{`<iframe src="/x"></iframe>`, true},
		{`<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`, true},
		{`<meta http-equiv="refresh" content="0; url=/romm/">`, false},
		{`<a href="data:text/html,<script>alert(1)</script>">x</a>`, true},
		{`<div style="background:url(javascript:alert(1))">`, true},
		{`<div style="width: expression(alert(1))">`, true},
		{`<svg><a xlink:href="javascript:alert(1)">x</a></svg>`, true},
	}
	for i, tt := range tests {
		if got := len(checkNoScript([]byte(tt.page))) > 0; got != tt.bad {
			t.Errorf("%d: %s: flagged %v, want %v", i, tt.page, got, tt.bad)
		}
	}
}

// memUsage runs f and returns the bytes it allocated and the peak growth
// of the heap in use over what it was before, sampled every few
// milliseconds.
func memUsage(f func()) (alloc, peak uint64) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	peakc := make(chan uint64)
	go func() {
		var p uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			p = max(p, m.HeapInuse)
			select {
			case <-done:
				peakc <- p
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	peak = <-peakc
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, peak - min(peak, before.HeapInuse)
}

// fm is the front matter of the generated guides.
const fm = "---\ntitle: \"T\"\n---\n\n"

// generated is a hostile case too large or too regular to keep as a file:
// the test writes it, runs it like the battery, and bounds the memory the
// runs take.
type generated struct {
	c        hostileCase
	maxAlloc uint64 // bytes allocated by all runs together; 0: no bound
	maxHeap  uint64 // peak growth of the heap in use; 0: no bound
	short    bool   // skipped with -short
}

func oneGuide(body []byte) map[string][]byte {
	return map[string][]byte{"guides/a/index.md": body}
}

func runOf(cmd string, exit int, wants ...diagWant) hostileRun {
	return hostileRun{cmd: cmd, exit: exit, wants: wants}
}

func at(code string, line, col int) diagWant {
	return diagWant{code: code, file: "guides/a/index.md", line: line, column: col}
}

// generatedCases returns the generated battery.
func generatedCases() []generated {
	const mib = 1 << 20
	var cases []generated
	add := func(g generated) { cases = append(cases, g) }
	last := 0

	// 50 MB: guidec reads at most 8 MiB of a guide and stops.
	big := bytes.Repeat([]byte("The quick brown fox jumps over the lazy dog.\n"), 50*mib/45)
	add(generated{c: hostileCase{name: "50MB-guide", files: oneGuide(append([]byte(fm), big...)),
		runs: []hostileRun{runOf("build", 1, at("source-too-large", 1, 1)), runOf("check", 1, at("source-too-large", 1, 1))}},
		maxAlloc: 200 * mib, maxHeap: 120 * mib, short: true})
	// One line of 10 MB.
	add(generated{c: hostileCase{name: "10MB-line", files: oneGuide(append([]byte(fm), bytes.Repeat([]byte("x"), 10*mib)...)),
		runs: []hostileRun{runOf("build", 1, at("source-too-large", 1, 1))}},
		maxAlloc: 100 * mib, maxHeap: 80 * mib})
	// One line of 7 MiB, under the limit, with a link error at its end:
	// it is rendered (the error stops the publish), and the column counts
	// every character before it.
	line := strings.Repeat("word ", 7*mib/5)
	add(generated{c: hostileCase{name: "7MiB-line", files: oneGuide([]byte(fm + line + "[x](javascript:alert(1))\n")),
		runs: []hostileRun{runOf("build", 1, at("link-unsafe", 5, len(line)+1)), runOf("check", 1, at("link-unsafe", 5, len(line)+1))}},
		maxAlloc: 3 << 30, short: true})
	// 20,000 diagnostics on one line of 470 KB: printing each counted the
	// line from its start (23 s for check); the GitHub format annotates
	// ten and prints the rest, and its job summary stops at 1 MiB.
	var links strings.Builder
	for i := range 20000 {
		if i == 19999 {
			last = links.Len() + 1
		}
		fmt.Fprintf(&links, "[x%d](#no-such-%d) ", i, i)
	}
	add(generated{c: hostileCase{name: "20000-diagnostics-one-line", files: oneGuide([]byte(fm + links.String() + "\n")),
		runs:  []hostileRun{runOf("check", 1, at("link-anchor-missing", 5, last)), runOf("check-github", 1, at("link-anchor-missing", 5, last))},
		limit: 10 * time.Second}})
	// Thousands of shortcodes on one page, and an error after them.
	calls := strings.Repeat(`{{< sitevar name="domain" nojs="example.com" >}} `, 5000)
	add(generated{c: hostileCase{name: "5000-shortcodes", files: oneGuide([]byte(fm + calls + "\n\n" + calls + "{{< nosuch >}}\n")),
		runs: []hostileRun{runOf("build", 1, at("shortcode-unknown", 7, len(calls)+5))}}})
	var keys strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&keys, "k%d: '{{< sitevar name=\"domain\" nojs=\"example.com\" >}}'\n", i)
	}
	add(generated{c: hostileCase{name: "5000-shortcodes-in-code", files: oneGuide([]byte(fm + "```yaml\n" + keys.String() + "```\n")),
		runs: []hostileRun{runOf("build", 0), runOf("check", 0)}}})
	// Paired shortcodes nested deeper than 64.
	add(generated{c: hostileCase{name: "shortcodes-nested-65", files: oneGuide([]byte(fm + strings.Repeat("{{< callout >}}\n", 65) + "x\n" + strings.Repeat("{{< /callout >}}\n", 65))),
		runs: []hostileRun{runOf("build", 1, at("shortcode-limit", 69, 1))}}})
	add(generated{c: hostileCase{name: "shortcodes-nested-10000", files: oneGuide([]byte(fm + strings.Repeat("{{< callout >}}", 10000) + "x" + strings.Repeat("{{< /callout >}}", 10000) + "\n")),
		runs: []hostileRun{runOf("build", 1, at("shortcode-limit", 5, 64*len("{{< callout >}}")+1))}}})
	// YAML nested 20000 deep in the front matter.
	add(generated{c: hostileCase{name: "frontmatter-deep-yaml", files: oneGuide([]byte("---\ntitle: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n\nText.\n")),
		runs: []hostileRun{runOf("build", 1, at("frontmatter-syntax", 2, 1))}}})
	add(generated{c: hostileCase{name: "frontmatter-deep-block-yaml", files: oneGuide([]byte("---\ntitle: T\nparams:\n" + nestedYAML(1000) + "---\n\nText.\n")),
		runs: []hostileRun{runOf("build", 0), runOf("check", 0)}}})
	// Markdown nesting that goldmark handles in quadratic time.
	for name, body := range map[string]string{
		"markdown-nested-lists":    strings.Repeat("- ", 2*mib) + "x\n",
		"markdown-nested-quotes":   strings.Repeat(">", 4*mib) + " x\n",
		"markdown-nested-brackets": strings.Repeat("[", 3*mib) + "x" + strings.Repeat("]", 3*mib) + "\n",
		"markdown-nested-images":   strings.Repeat("![", 1*mib) + "x" + strings.Repeat("](y.png)", 1*mib/2) + "\n",
		"markdown-emphasis":        strings.Repeat("*a ", 1*mib) + strings.Repeat(" a*", 1*mib) + "\n",
		"markdown-table-columns":   strings.Repeat("|a", 1*mib) + "|\n" + strings.Repeat("|-", 1*mib) + "|\n",
	} {
		// A content error (the broken links of the images) stops the publish.
		exit := 0
		if name == "markdown-nested-images" {
			exit = 1
		}
		add(generated{c: hostileCase{name: name, files: oneGuide([]byte(fm + body)), runs: []hostileRun{runOf("build", exit)}}, short: true})
	}
	// A YAML snippet that chroma's lexer takes seconds per KB to highlight.
	add(generated{c: hostileCase{name: "snippet-slow-highlight", files: oneGuide([]byte(fm + strings.Repeat("```yaml\na: "+strings.Repeat("[", 3000)+strings.Repeat("]", 3000)+"\n```\n\n", 20))),
		runs: []hostileRun{runOf("build", 0)}}})
	// Invalid UTF-8 everywhere: at most 20 diagnostics and a count.
	add(generated{c: hostileCase{name: "binary-guide", files: oneGuide(append([]byte(fm), bytes.Repeat([]byte{0xff, 0x00, 0xfe}, mib)...)),
		runs: []hostileRun{runOf("build", 1, at("source-encoding", 5, 1), at("source-nul", 5, 2))}}})
	for _, g := range superLinearCases() {
		add(g)
	}
	return cases
}

// superLinearCases are inputs that made a stage super-linear: each took
// from 10 s to minutes (or exponential time) before the stage was made
// linear, and must now finish within bombLimit and bounded memory. They
// run `guidec check`, which goes through every stage but publishing.
func superLinearCases() []generated {
	const mib = 1 << 20
	// Before their fixes these took from 36 s to minutes; the largest now
	// needs about 1 s of CPU, but 11 s of wall time were seen on a 2-core
	// machine loaded by other builds, with the cases running in parallel.
	const bombLimit = hostileTimeLimit
	var cases []generated
	bomb := func(name string, body string, exit int, wants ...diagWant) {
		cases = append(cases, generated{c: hostileCase{name: name, files: oneGuide([]byte(fm + body)),
			runs: []hostileRun{runOf("check", exit, wants...)}, limit: bombLimit},
			maxAlloc: 1 << 30, maxHeap: 300 * mib, short: len(body) > 1*mib})
	}
	lines := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	yamlBlock := func(title, body string) string { return "```yaml {title=\"" + title + "\"}\n" + body + "```\n\n" }

	// An alias bomb in an application's snippet: the consistency walk
	// expanded every alias (9^7 mappings of client ids).
	bomb("alias-bomb-app-snippet", yamlBlock("app.yml", "a0: &a0 {client_id: x, redirect_uri: 'https://x/cb'}\n"+lines(7, func(i int) string {
		var keys []string
		for k := range 9 {
			keys = append(keys, fmt.Sprintf("k%d: *a%d", k, i))
		}
		return fmt.Sprintf("a%d: &a%d {%s}\n", i+1, i+1, strings.Join(keys, ", "))
	})), 0)
	// Identical headings: each id probed every suffix before its own.
	bomb("20k-identical-headings", strings.Repeat("## Same\n\n", 20000), 0)
	// Duplicate keys: each key's position was found by scanning from the top.
	bomb("40k-duplicate-yaml-keys", "```yaml\n"+strings.Repeat("k: v\n", 40000)+"```\n", 1, at("yaml-duplicate-key", 7, 1))
	// Unclosed link destinations: goldmark scanned each to the end of the line.
	// They are malformed links too: the first 100 are reported.
	bomb("80k-unclosed-links", strings.Repeat("[a](", 80000)+"\n", 1, at("link-malformed", 5, 1))
	// Unclosed escaped shortcodes: each searched the rest of the page for */>}}.
	bomb("100k-unclosed-escaped-shortcodes", strings.Repeat("{{</* x\n", 100000), 1, at("shortcode-unterminated", 5, 1))
	// Clients and application values: each value scanned its snippet and every client.
	bomb("2000-clients-and-app-values", yamlBlock("configuration.yml", "identity_providers:\n  oidc:\n    clients:\n"+lines(2000, func(i int) string {
		return fmt.Sprintf("      - client_id: 'c%d'\n        redirect_uris: ['https://a/cb%d']\n", i, i)
	}))+yamlBlock("app.yml", lines(2000, func(i int) string {
		return fmt.Sprintf("k%d: {redirect_uri: 'https://a/x%d', client_id: 'z%d'}\n", i, i, i)
	})), 1, at("consistency-client-id", 4012, 48))
	// A mapping of unknown keys merged into every client: copied, walked
	// and hinted once per client.
	bomb("merged-mapping-in-1000-clients", yamlBlock("configuration.yml", "big: &big {"+lines(1000, func(i int) string { return fmt.Sprintf("k%d: v, ", i) })+
		"}\nidentity_providers:\n  oidc:\n    clients:\n"+lines(1000, func(i int) string { return fmt.Sprintf("      - {<<: *big, client_id: c%d}\n", i) })),
		1, at("authelia-unknown-key", 6, 12))
	// YAML errors after 2000 lines: located by a parse per line, per snippet.
	bomb("80-yaml-errors-after-2000-lines", strings.Repeat("```yaml\na: \"\n"+strings.Repeat(strings.Repeat("x", 20)+"\n", 1999)+"```\n\n", 80), 1)
	// The fast YAML parser once sized its node arena on the whole snippet
	// before failing on the second line: 864 MB for these 80 snippets,
	// 321 MB since its chunks double as it goes.
	cases[len(cases)-1].maxAlloc = 512 * mib
	// Links to missing anchors of a page of identical headings: each hint
	// sorted and compared every id.
	bomb("10k-missing-anchors", strings.Repeat("## Same\n\n", 10000)+lines(10000, func(i int) string { return fmt.Sprintf("[x](#sane-%d)\n", i) }),
		1, at("link-anchor-missing", 20005, 1))
	// A TOML table of 100k keys: go-toml compared each key with those before it.
	bomb("200k-toml-keys", "```toml\n"+lines(200000, func(i int) string { return fmt.Sprintf("k%d = 1\n", i) })+"```\n", 0)
	// Reference definitions in one paragraph: goldmark copied the rest of
	// the paragraph for each.
	// Footnotes: each reference scanned every definition, and the
	// definitions were sorted by insertion (28 s).
	bomb("60k-footnotes", lines(60000, func(i int) string { return fmt.Sprintf("x[^f%d]\n\n[^f%d]: note\n\n", i, i) }), 0)
	bomb("150k-reference-definitions", lines(150000, func(i int) string { return fmt.Sprintf("[a%d]: /x\n", i) }), 0)
	return cases
}

// nestedYAML returns a block mapping nested n deep.
func nestedYAML(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i+1))
		fmt.Fprintf(&b, "k%d:\n", i)
	}
	b.WriteString(strings.Repeat(" ", n+1) + "v: 1\n")
	return b.String()
}

// TestHostileGenerated runs the generated battery, bounding memory.
func TestHostileGenerated(t *testing.T) {
	t.Setenv("GUIDEC_CACHE_DIR", t.TempDir())
	t.Setenv("NO_COLOR", "1")
	t.Setenv("GITHUB_STEP_SUMMARY", "") // the tests may run in GitHub Actions
	for _, g := range generatedCases() {
		t.Run(g.c.name, func(t *testing.T) {
			if g.short && testing.Short() {
				t.Skip("large input; skipped with -short")
			}
			start := time.Now()
			alloc, heap := memUsage(func() { runHostile(t, g.c) })
			t.Logf("%s: %v, %d MiB allocated, heap grew by %d MiB at most", g.c.name, time.Since(start).Round(time.Millisecond), alloc>>20, heap>>20)
			if g.maxAlloc > 0 && alloc > g.maxAlloc {
				t.Errorf("allocated %d MiB, bound %d MiB", alloc>>20, g.maxAlloc>>20)
			}
			if g.maxHeap > 0 && heap > g.maxHeap {
				t.Errorf("heap grew by %d MiB, bound %d MiB", heap>>20, g.maxHeap>>20)
			}
		})
	}
}

// panicFS panics when a file whose path matches is opened or read,
// standing for a bug in a stage or a file system implementation that
// panics: no input to guidec reaches a panic we know of (each one found was
// fixed), so the panic has to come from below.
type panicFS struct {
	fs.FS
	match  func(name string) bool
	onRead bool // panic on the first Read instead of on Open
}

func (p panicFS) Open(name string) (fs.File, error) {
	if !p.match(name) {
		return p.FS.Open(name)
	}
	if !p.onRead {
		panic("injected panic opening " + name)
	}
	f, err := p.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return panicFile{f}, nil
}

// ReadDir keeps fs.ReadDir on this type, so that listing a directory goes
// through Open like everything else.
func (p panicFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if p.match(name) && !p.onRead {
		panic("injected panic listing " + name)
	}
	return fs.ReadDir(p.FS, name)
}

type panicFile struct{ fs.File }

func (f panicFile) Read([]byte) (int, error) { panic("injected panic reading") }

// TestPanicBoundary checks that a panic in one guide's stages becomes an
// internal diagnostic naming the guide, that the other guides still build,
// and that the run fails (guidec exits 1 on a failed result).
func TestPanicBoundary(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b", "c"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		body := fm + "## Section\n\nGuide " + name + ".\n"
		if err := os.WriteFile(filepath.Join(dir, name, "index.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "notes.txt"), []byte("notes of "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		fsys  fs.FS
		stage string // in the message
	}{
		{"while loading", panicFS{FS: os.DirFS(dir), match: func(n string) bool { return n == "b" }}, "loading"},
		{"while reading the guide", panicFS{FS: os.DirFS(dir), match: func(n string) bool { return n == "b/index.md" }, onRead: true}, "loading"},
		{"while publishing a resource", panicFS{FS: os.DirFS(dir), match: func(n string) bool { return n == "b/notes.txt" }, onRead: true}, "guide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &publish.MemOutput{}
			res, err := build.Run(context.Background(), build.Options{Source: tt.fsys, SourceName: "guides",
				Shortcodes: guidec.Shortcodes(), Site: guidec.Site(), Output: out})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			var internal []diag.Diagnostic
			for _, d := range res.Diags {
				if d.Code == "internal" {
					internal = append(internal, d)
				}
			}
			if len(internal) != 1 || !strings.Contains(internal[0].Message, `"b"`) || internal[0].Filename() != "guides/b/index.md" {
				t.Fatalf("want one internal diagnostic naming guides/b/index.md and guide \"b\", got:\n%s", textOf(res.Diags))
			}
			if !strings.Contains(internal[0].Message, tt.stage) {
				t.Errorf("message %q does not say %q", internal[0].Message, tt.stage)
			}
			if !res.Failed {
				t.Errorf("the run did not fail, so guidec would exit 0 and publish")
			}
			for _, page := range []string{"a/index.html", "c/index.html", "c/notes.txt"} {
				if _, ok := out.File(page); !ok {
					t.Errorf("%s was not built: the other guides must still build", page)
				}
			}
		})
	}
}

// FuzzPipeline builds an arbitrary guide beside a correct one through the
// whole pipeline (load, shortcodes, Markdown, checks, publishing) and
// requires: no error from Run and no internal diagnostic (a recovered
// panic), every diagnostic inside its file, the other guide built, and, when
// the site is published, no script injection on any page.
func FuzzPipeline(f *testing.F) {
	for _, c := range hostileSeeds(f) {
		f.Add(c)
	}
	good := []byte(fm + "## Section\n\nA [link](../a/#section) and {{< sitevar name=\"domain\" nojs=\"example.com\" >}}.\n")
	f.Fuzz(func(t *testing.T, s string) {
		out := &publish.MemOutput{}
		src := fstest.MapFS{"a/index.md": {Data: []byte(s)}, "good/index.md": {Data: good}, "a/x.png": {Data: []byte("png")}}
		res, err := build.Run(context.Background(), build.Options{Source: src, SourceName: "guides",
			Shortcodes: guidec.Shortcodes(), Site: guidec.Site(), Output: out, Check: true, Jobs: 1})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, d := range res.Diags {
			if d.Code == "internal" {
				t.Fatalf("internal diagnostic: %s", d.Message)
			}
			if d.File != nil && (d.Span.Start < 0 || d.Span.End < d.Span.Start || d.Span.End > len(d.File.Content)) {
				t.Fatalf("%s: span %v outside %s (%d bytes)", d.Code, d.Span, d.File.Name, len(d.File.Content))
			}
		}
		if _, ok := out.File("good/index.html"); !ok {
			t.Fatalf("the correct guide was not built:\n%s", textOf(res.Diags))
		}
		if res.Failed {
			return
		}
		for _, name := range out.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			data, _ := out.File(name)
			if p := checkNoScript(data); len(p) > 0 {
				t.Fatalf("%s: %v", name, p)
			}
		}
	})
}

// hostileSeeds returns the guides of the battery as fuzz seeds.
func hostileSeeds(f *testing.F) []string {
	paths, err := filepath.Glob("testdata/hostile/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	var seeds []string
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			if file.Name == "guides/a/index.md" {
				seeds = append(seeds, string(file.Data))
			}
		}
	}
	return seeds
}
