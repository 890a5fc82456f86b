package markdown

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// The goldmark fork and this package are tuned for speed (issue 15) with
// the promise that nothing they output changes. Upstream goldmark cannot be
// linked beside the fork (go.mod replaces it), so TestRecordedOutputs
// compares with outputs recorded before the tuning instead: for the corpus
// guides, the Hugo docs tree, random Markdown and mutations of guides, a
// digest of the parsed tree (every node, its segments, flags and
// attributes, after guidec's transformers), the HTML and every field of the
// Result, maps resolved offset by offset.

var recordOutputs = flag.Bool("record-outputs", false, "rewrite testdata/recorded/outputs.golden from the current code")

const recordedFile = "testdata/recorded/outputs.golden"

// TestRecordedOutputs renders every input and compares its digest with the
// recorded one. Sets whose inputs are absent (the shared corpus outside CI)
// are skipped, the others must match entry by entry.
func TestRecordedOutputs(t *testing.T) {
	got := recordedDigests(t)
	if *recordOutputs {
		var b strings.Builder
		names := slices.Sorted(mapKeys(got))
		for _, n := range names {
			fmt.Fprintf(&b, "%s %s\n", n, got[n])
		}
		if err := os.MkdirAll(filepath.Dir(recordedFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(recordedFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded %d digests", len(got))
		return
	}
	want := readRecorded(t)
	sets := map[string]bool{}
	for n := range got {
		sets[setOf(n)] = true
	}
	bad := 0
	for _, n := range slices.Sorted(mapKeys(want)) {
		g, ok := got[n]
		switch {
		case !ok && sets[setOf(n)]:
			t.Errorf("%s: recorded but not rendered", n)
			bad++
		case ok && g != want[n]:
			t.Errorf("%s: output differs from the recorded one", n)
			bad++
		}
		if bad > 20 {
			t.Fatal("too many differences")
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: rendered but not recorded", n)
		}
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// setOf returns the set an input belongs to: the first path element.
func setOf(name string) string {
	s, _, _ := strings.Cut(name, "/")
	return s
}

func readRecorded(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(recordedFile)
	if err != nil {
		t.Fatalf("read recorded outputs: %v", err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, d, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("%s: bad line %q", recordedFile, sc.Text())
		}
		m[name] = d
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// recordedInput is one page to render: a guide and its expansion.
type recordedInput struct {
	name string
	file *source.File
	exp  *shortcode.Expanded
}

// recordedInputs returns the inputs of every set that is present.
func recordedInputs(t *testing.T) []recordedInput {
	t.Helper()
	var in []recordedInput
	add := func(name, content string) {
		f, exp := expand(t, name, content)
		in = append(in, recordedInput{name, f, exp})
	}
	addFuzz := func(name, s string) {
		f, exp := fuzzExpand(s)
		in = append(in, recordedInput{name, f, exp})
	}
	var bases []string
	// In-repo pages: the render testdata and the fuzz seeds.
	mds, _ := filepath.Glob("testdata/render/*.md")
	for _, p := range mds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		add("testdata/"+filepath.Base(p), string(b))
		bases = append(bases, string(b))
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzRender/*")
	for _, p := range seeds {
		if s, ok := fuzzSeedString(t, p); ok {
			bases = append(bases, s)
		}
	}
	rng := rand.New(rand.NewPCG(15, 1))
	for i := range 600 {
		addFuzz(fmt.Sprintf("random/%03d", i), randomMarkdown(rng))
	}
	for i := range 400 {
		base := bases[rng.IntN(len(bases))]
		addFuzz(fmt.Sprintf("mutated/%03d", i), mutateMarkdown(rng, base))
	}
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		slices.Sort(paths)
		crng := rand.New(rand.NewPCG(15, 2))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			g := filepath.Base(filepath.Dir(p))
			add("corpus/"+g, string(b))
			for k := range 3 {
				// Mutations break shortcode calls: their text is
				// Markdown as it stands.
				addFuzz(fmt.Sprintf("corpusmut/%s/%d", g, k), mutateMarkdown(crng, string(b)))
			}
		}
	}
	if dir := testenv.SharedIfPresent(t, "corpus", "authelia-docs"); dir != "" {
		var paths []string
		_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				paths = append(paths, p)
			}
			return nil
		})
		slices.Sort(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, p)
			add("docs/"+filepath.ToSlash(rel), string(b))
		}
	}
	return in
}

// fuzzSeedString reads a `go test fuzz v1` file holding one string.
func fuzzSeedString(t *testing.T, path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\nstring(")
	if !ok {
		return "", false
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
	var s string
	if _, err := fmt.Sscanf(rest, "%q", &s); err != nil {
		return "", false
	}
	return s, true
}

// mdTokens are the pieces random Markdown is made of: every inline
// trigger goldmark and its extensions know, block openers, line endings,
// and non-ASCII letters that case folding changes.
var mdTokens = []string{
	"foo", "Bar", "baz", "Qux", "x", " ", " ", " ", "  ", "\t", "\n", "\n", "\n\n", "\r\n", "\r",
	"*", "**", "_", "__", "~", "~~", "`", "``", "```", "~~~", "[", "]", "(", ")", "![", "<", ">", "!",
	"http://a.example/p", "https://x.io/p?q=1&r=(2)", "ftp://f.org/", "www.example.com", "www.", "http:",
	"user@example.com", "a.b-c@d.e.", "@", ":", ".", ",", ";", "&", "&amp;", "&#123;", "&#x1F600;", "&nope;",
	"\\", "\\*", "\\\n", "  \n", "# ", "## ", "### ", "#### ", "{#custom-id}", "{.cls}", "- ", "* ", "+ ", "1. ",
	"2) ", "> ", "    ", "|", "| a | b |\n|---|:-:|\n", "---", "===", "***", "<b>", "</b>", "<div>\n", "</div>\n",
	"<!-- c -->", "<a href=\"/x\">", "</a>", "[x]: /u \"t\"\n", "[x]", "[X][]", "[t](/d)", "[t](</d d>)",
	"[t](/d 'ti')", "<https://auto.link/>", "<me@mail.example>", "[^1]", "[^1]: note\n", "\n: def\n", "- [ ] ",
	"- [x] ", "é", "ß", "İ", "Ａ", "ǅ", "ﬁ", "\u00a0", "§", "{{< x >}}", "?", "'", "\"", "=", "-", "+", "%",
}

// randomMarkdown returns a random page of mdTokens.
func randomMarkdown(rng *rand.Rand) string {
	var b strings.Builder
	n := 1 + rng.IntN(120)
	for range n {
		b.WriteString(mdTokens[rng.IntN(len(mdTokens))])
	}
	return b.String()
}

// mutateMarkdown returns s with a few random edits: tokens inserted,
// bytes deleted, a slice duplicated.
func mutateMarkdown(rng *rand.Rand, s string) string {
	b := []byte(s)
	for range 1 + rng.IntN(8) {
		at := 0
		if len(b) > 0 {
			at = rng.IntN(len(b) + 1)
		}
		switch rng.IntN(3) {
		case 0:
			b = slices.Insert(b, at, []byte(mdTokens[rng.IntN(len(mdTokens))])...)
		case 1:
			if at < len(b) {
				b = slices.Delete(b, at, min(len(b), at+1+rng.IntN(8)))
			}
		case 2:
			if at < len(b) {
				end := min(len(b), at+rng.IntN(64))
				b = slices.Insert(b, at, slices.Clone(b[at:end])...)
			}
		}
	}
	return string(b)
}

// recordedDigests renders every input and returns its digest by name.
func recordedDigests(t *testing.T) map[string]string {
	t.Helper()
	withHTML := New(WithLinkResolver(fakeResolver))
	tree := New(WithLinkResolver(fakeResolver), WithHighlighting(false), WithHTML(false))
	out := map[string]string{}
	for _, in := range recordedInputs(t) {
		h := sha256.New()
		w := bufio.NewWriter(h)
		dumpTree(w, tree, in)
		res := withHTML.Render(in.file, in.exp, PageInfo{Name: "page"})
		dumpResult(w, res)
		check := tree.Render(in.file, in.exp, PageInfo{Name: "page"})
		check.HTML, check.TOCHTML = res.HTML, res.TOCHTML // left empty without HTML
		var a, c bytes.Buffer
		dumpResult(bufio.NewWriter(&a), res)
		dumpResult(bufio.NewWriter(&c), check)
		if !bytes.Equal(a.Bytes(), c.Bytes()) {
			t.Errorf("%s: check and build renderings differ", in.name)
		}
		_ = w.Flush()
		out[in.name] = hex.EncodeToString(h.Sum(nil)[:12])
	}
	return out
}

// dumpTree parses the input as Render does and writes the tree after
// guidec's transformers.
func dumpTree(w *bufio.Writer, r *Renderer, in recordedInput) {
	p := newPage(r.cfg, in.file, in.exp, PageInfo{Name: "page"})
	p.scratch, p.scans, p.maps = &r.scratch, &r.scans, &r.maps
	p.res.Texts, p.res.Links = r.texts[:0], r.links[:0]
	p.index = r.index
	pc := parser.NewContext()
	pc.Set(pageKey, p)
	src := in.exp.Markdown
	var doc ast.Node
	func() {
		defer func() {
			if e := recover(); e != nil {
				fmt.Fprintf(w, "panic %v\n", e)
			}
		}()
		doc = r.md.Parser().Parse(gtext.NewReader(src), parser.WithContext(pc))
	}()
	r.texts, r.links = p.res.Texts[:0], p.res.Links[:0]
	r.index = p.index.emptied()
	if doc != nil {
		dumpNode(w, doc, 0)
	}
}

var segmentType = reflect.TypeOf(gtext.Segment{})

// dumpNode writes n and its descendants: kind, lines, text flags,
// attributes and the node's own fields of plain types.
func dumpNode(w *bufio.Writer, n ast.Node, depth int) {
	fmt.Fprintf(w, "%*s%s %T", depth, "", n.Kind(), n)
	if n.Type() == ast.TypeBlock || n.Type() == ast.TypeDocument {
		fmt.Fprintf(w, " blank=%v lines=%v", n.HasBlankPreviousLines(), n.Lines().Sliced(0, n.Lines().Len()))
	}
	if tx, ok := n.(*ast.Text); ok {
		fmt.Fprintf(w, " soft=%v hard=%v raw=%v", tx.SoftLineBreak(), tx.HardLineBreak(), tx.IsRaw())
	}
	for _, a := range n.Attributes() {
		fmt.Fprintf(w, " @%s=%#v", a.Name, a.Value)
	}
	v := reflect.ValueOf(n)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for i := range v.NumField() {
			f, ft := v.Field(i), v.Type().Field(i)
			if ft.Anonymous || !ft.IsExported() {
				continue
			}
			switch {
			case ft.Type == segmentType:
				fmt.Fprintf(w, " %s=%v", ft.Name, f.Interface())
			case f.Kind() == reflect.String, f.Kind() == reflect.Bool, f.Kind() == reflect.Int, f.Kind() == reflect.Uint8:
				fmt.Fprintf(w, " %s=%v", ft.Name, f.Interface())
			case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Uint8:
				fmt.Fprintf(w, " %s=%q", ft.Name, f.Bytes())
			}
		}
	}
	_ = w.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dumpNode(w, c, depth+1)
	}
}

// dumpResult writes every field of res, maps resolved at every offset.
func dumpResult(w *bufio.Writer, res *Result) {
	defer w.Flush()
	fmt.Fprintf(w, "html %q\ntoc %q\n", res.HTML, res.TOCHTML)
	for _, h := range res.Headings {
		fmt.Fprintf(w, "heading %+v\n", h)
	}
	for _, h := range res.TOC {
		fmt.Fprintf(w, "toc %+v\n", h)
	}
	for _, l := range res.Links {
		fmt.Fprintf(w, "link %+v\n", l)
	}
	fmt.Fprintf(w, "ids %q\n", res.HTMLIDs)
	for _, s := range res.Snippets {
		fmt.Fprintf(w, "snippet %q %+v %q %v %v %+v %q %d\n", s.Lang, s.Attrs, s.Text, s.Span, s.InfoSpan, s.Vars, s.Shortcode, s.Index)
		dumpMap(w, s.Map, len(s.Text))
	}
	for _, x := range res.Texts {
		fmt.Fprintf(w, "text %d %d %q %q %v %d %d %d\n", x.Kind, x.Level, x.Section, x.Text, x.Code, x.Table, x.Row, x.Col)
		dumpMap(w, x.Map, len(x.Text))
	}
	for _, d := range res.Diags {
		fmt.Fprintf(w, "diag %v %v %s %q %q %+v\n", d.Span, d.Severity, d.Code, d.Message, d.Hint, d.Fix)
		for _, r := range d.Related {
			fmt.Fprintf(w, "related %s %v %q\n", r.File.Name, r.Span, r.Message)
		}
	}
}

func dumpMap(w *bufio.Writer, m *source.Map, n int) {
	if m == nil {
		_, _ = w.WriteString("nomap\n")
		return
	}
	for off := 0; off <= n; off++ {
		o, exact, ok := m.Resolve(off)
		fmt.Fprintf(w, "%d,%v,%v ", o, exact, ok)
	}
	_ = w.WriteByte('\n')
}
