package hugo

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/guidec/guidec/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// corpusLink is one Markdown link of a corpus page.
type corpusLink struct {
	line int
	dest string
}

// scanLinks finds the destinations of the links and images of a Markdown
// body with goldmark's CommonMark parser (reference links included), with
// their 1-based line. Links written in raw HTML or produced by shortcodes
// are not seen: this test checks GetPage, not the page pipeline.
func scanLinks(body string) []corpusLink {
	src := []byte(body)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []corpusLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		out = append(out, corpusLink{line: lineOf(src, n), dest: string(dest)})
		return ast.WalkContinue, nil
	})
	return out
}

// lineOf returns the 1-based line of an inline node: its position, or
// that of the nearest ancestor that has one.
func lineOf(src []byte, n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if pos := n.Pos(); pos >= 0 {
			return 1 + bytes.Count(src[:min(pos, len(src))], []byte{'\n'})
		}
	}
	return 0
}

// countPages counts the content files that are pages: every .md file
// except those inside a leaf bundle other than its index.md.
func countPages(t *testing.T, content string) int {
	t.Helper()
	leafDirs := map[string]bool{}
	var mds []string
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			mds = append(mds, p)
			if d.Name() == "index.md" {
				leafDirs[filepath.Dir(p)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range mds {
		inLeaf := false
		for d := filepath.Dir(p); d != content && d != "."; d = filepath.Dir(d) {
			if leafDirs[d] && !(filepath.Base(p) == "index.md" && filepath.Dir(p) == d) {
				inLeaf = true
			}
		}
		if !inLeaf {
			n++
		}
	}
	return n
}

// corpusSite detects, discovers and indexes the Authelia tree from dir
// (the project root or its content directory), reading front matter the
// plain way.
func corpusSite(t *testing.T, fsys fs.FS, dir string) (*Project, *Site, []string) {
	t.Helper()
	proj, err := Detect(fsys, dir, DetectOptions{Environment: "production"})
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Discover(fsys, proj.Content, proj.Config)
	if err != nil {
		t.Fatal(err)
	}
	setFronts(t, fsys, proj.Content, tree)
	static, err := StaticFiles(fsys, proj.Static)
	if err != nil {
		t.Fatal(err)
	}
	s, problems := NewSite(tree, proj.Config, Options{Static: static, ContentPath: proj.ContentPath})
	var lines []string
	for _, p := range append(tree.Problems, problems...) {
		lines = append(lines, p.Code+" "+p.File+": "+p.Message)
	}
	sort.Strings(lines)
	return proj, s, lines
}

// TestCorpusAutheliaDocs discovers Authelia's documentation tree from its
// root and from its content directory, and resolves every Markdown link of
// every page as Hugo's render hook does. The links that reach nothing are
// the golden file testdata/authelia-broken-links.txt; each is annotated
// there with why it is really broken (run with -update to rewrite the
// list, keeping the annotations of the links still in it).
func TestCorpusAutheliaDocs(t *testing.T) {
	root := testenv.Shared(t, "corpus", "authelia-docs")
	fsys := os.DirFS(filepath.Dir(root))
	name := filepath.Base(root)
	want := countPages(t, filepath.Join(root, "content"))
	t.Logf("%d pages with a file (every .md file outside the leaf bundles' own directories)", want)

	projRoot, s, problems := corpusSite(t, fsys, name)
	projContent, s2, _ := corpusSite(t, fsys, name+"/content")
	if projRoot.Layout != ProjectRoot || projContent.Layout != ProjectContent || projContent.Root != projRoot.Root {
		t.Fatalf("Detect: root %v, content %v (root %q)", projRoot.Layout, projContent.Layout, projContent.Root)
	}
	if projRoot.Config.Markup.AutoHeadingIDType != IDGitHub || !projRoot.Config.Markup.AttributeBlock || !projRoot.Config.Markup.Unsafe {
		t.Errorf("markup settings not read: %+v", projRoot.Config.Markup)
	}
	for _, site := range []*Site{s, s2} {
		n := 0
		for _, p := range site.Pages() {
			if p.File != "" {
				n++
			}
		}
		if n != want {
			t.Errorf("discovered %d pages with a file, want %d", n, want)
		}
	}
	got := brokenLinks(t, fsys, projRoot, s)
	if len(got) == 0 {
		t.Fatal("no broken link found; the corpus has some")
	}
	if other := brokenLinks(t, fsys, projContent, s2); strings.Join(other, "\n") != strings.Join(got, "\n") {
		t.Error("the content directory and the project root give different results")
	}
	compareGolden(t, filepath.Join("testdata", "authelia-broken-links.txt"), got)
	compareText(t, filepath.Join("testdata", "authelia-urls.txt"), describeURLs(s)+"\n")
	compareGolden(t, filepath.Join("testdata", "authelia-problems.txt"), problems)
}

// compareText compares got with a golden file, or rewrites it with -update.
func compareText(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update):\n%s", golden, diffLines(strings.Split(string(want), "\n"), strings.Split(got, "\n")))
	}
}

// brokenLinks resolves every link of every page and lists the broken ones
// as "file:line: dest (kind: reason) suggest dest", and those that work
// only because URLs mirror files (ReachedByURL).
func brokenLinks(t *testing.T, fsys fs.FS, proj *Project, s *Site) []string {
	t.Helper()
	var out []string
	for _, p := range s.Pages() {
		if p.File == "" || p.Format != Markdown {
			continue
		}
		b, err := fs.ReadFile(fsys, proj.Content+"/"+p.File)
		if err != nil {
			t.Fatal(err)
		}
		body, offset := splitBody(string(b))
		for _, l := range scanLinks(body) {
			r := s.Resolve(p, l.dest)
			line := fmt.Sprintf("%s:%d: %s", p.File, l.line+offset, l.dest)
			switch {
			case r.Broken():
				line += fmt.Sprintf(" (%s: %s)", r.Kind, r.Reason)
				if target, link := s.Suggest(p, l.dest); target != nil {
					line += " suggest " + link
				}
			case r.Kind == ReachedByURL:
				line += " (reached-by-url: works, GetPage misses; " + r.Reached + " is " + r.Target.File + ")"
			default:
				continue
			}
			out = append(out, line)
		}
	}
	sort.Strings(out)
	return out
}

// splitBody returns the body after YAML front matter and the number of
// lines before it.
func splitBody(content string) (string, int) {
	rest, ok := strings.CutPrefix(content, "---\n")
	if !ok {
		return content, 0
	}
	i := strings.Index(rest, "\n---\n")
	if i < 0 {
		return content, 0
	}
	return rest[i+5:], strings.Count(rest[:i+5], "\n") + 1
}

// compareGolden compares the broken links with the golden file, whose
// lines are "LINK" followed by "\t# why it is broken" annotations.
func compareGolden(t *testing.T, golden string, got []string) {
	t.Helper()
	notes := map[string]string{}
	if b, err := os.ReadFile(golden); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			link, note, _ := strings.Cut(line, "\t# ")
			notes[link] = note
		}
	}
	var lines []string
	var missingNotes []string
	for _, g := range got {
		note, ok := notes[g]
		if !ok || note == "" {
			missingNotes = append(missingNotes, g)
		}
		lines = append(lines, g+"\t# "+note)
	}
	text := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var gotLinks, wantLinks []string
	gotLinks = append(gotLinks, got...)
	for l := range notes {
		if l != "" {
			wantLinks = append(wantLinks, l)
		}
	}
	sort.Strings(wantLinks)
	if strings.Join(gotLinks, "\n") != strings.Join(wantLinks, "\n") {
		t.Errorf("broken links differ from %s (run with -update):\n%s", golden, diffLines(wantLinks, gotLinks))
	}
	for _, m := range missingNotes {
		t.Errorf("%s: no annotation saying why it is broken", m)
	}
}

// diffLines lists the lines only in want (-) or only in got (+).
func diffLines(want, got []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, x := range want {
		if !g[x] {
			b.WriteString("- " + x + "\n")
		}
	}
	for _, x := range got {
		if !w[x] {
			b.WriteString("+ " + x + "\n")
		}
	}
	return b.String()
}

// BenchmarkAutheliaSite measures what the build adds per run for a Hugo
// tree: one walk of the content and static directories, and the index
// with every page's URL (front matter is read by the caller and not
// counted), then resolving every link once.
func BenchmarkAutheliaSite(b *testing.B) {
	root := testenv.Shared(b, "corpus", "authelia-docs")
	fsys := os.DirFS(filepath.Dir(root))
	proj, err := Detect(fsys, filepath.Base(root), DetectOptions{})
	if err != nil {
		b.Fatal(err)
	}
	tree, err := Discover(fsys, proj.Content, proj.Config)
	if err != nil {
		b.Fatal(err)
	}
	fronts := map[string]Front{}
	var links [][2]string
	for _, p := range tree.Pages {
		if p.File == "" {
			continue
		}
		c, err := fs.ReadFile(fsys, proj.Content+"/"+p.File)
		if err != nil {
			b.Fatal(err)
		}
		fronts[p.File], _ = FrontFromParams(frontMatter(b, string(c)))
		body, _ := splitBody(string(c))
		for _, l := range scanLinks(body) {
			links = append(links, [2]string{p.File, l.dest})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		tree, err := Discover(fsys, proj.Content, proj.Config)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range tree.Pages {
			p.Front = fronts[p.File]
		}
		static, err := StaticFiles(fsys, proj.Static)
		if err != nil {
			b.Fatal(err)
		}
		s, _ := NewSite(tree, proj.Config, Options{Static: static, ContentPath: proj.ContentPath})
		for _, l := range links {
			s.Resolve(s.ByFile(l[0]), l[1])
		}
	}
	b.ReportMetric(float64(len(links)), "links")
}
