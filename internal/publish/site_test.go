package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/source"
)

// TestDeterminism builds the site twice, writing the pages in opposite
// orders and concurrently: the outputs must be byte-identical.
func TestDeterminism(t *testing.T) {
	run := func(reverse bool) *MemOutput {
		var out MemOutput
		s, err := New(testConfig(t), testLayouts(t), &out)
		if err != nil {
			t.Fatal(err)
		}
		pages := fixedPages()
		if reverse {
			slices.Reverse(pages)
		}
		var wg sync.WaitGroup
		for _, p := range pages {
			wg.Go(func() {
				if _, err := s.WritePage(p); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if _, err := s.Finish(fstest.MapFS{"static/css/site.css": {Data: []byte("body{}")}, "site.yaml": {Data: []byte("title: x")}}, []byte("hl")); err != nil {
			t.Fatal(err)
		}
		return &out
	}
	a, b := run(false), run(true)
	if !slices.Equal(a.Names(), b.Names()) {
		t.Fatalf("names differ:\n%v\n%v", a.Names(), b.Names())
	}
	for _, n := range a.Names() {
		x, _ := a.File(n)
		y, _ := b.File(n)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between builds", n)
		}
	}
	want := []string{"alpha/index.html", "beta/index.html", "css/highlight.css", "css/site.css", "index.html", "index.json",
		"integration/openid-connect/romm/index.html", "romm.html", "romm/img/step 1.png", "romm/index.html", "romm/logo.png", "sitemap.xml"}
	if !slices.Equal(a.Names(), want) {
		t.Errorf("files = %v\nwant    %v", a.Names(), want)
	}
}

// TestConcurrentWritePage writes many pages from many goroutines into a
// directory; run with -race.
func TestConcurrentWritePage(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "public")
	out, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(testConfig(t), testLayouts(t), out)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			name := fmt.Sprintf("guide-%03d", i)
			p := &Page{Name: name, Meta: &guide.Meta{Title: name, Weight: n - i, Aliases: []string{"/old/" + name + "/"}},
				Content: template.HTML("<p>" + name + "</p>"), ResourceFS: fstest.MapFS{"a.png": {Data: []byte(name)}}, Resources: []string{"a.png"}}
			if _, err := s.WritePage(p); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	l, err := s.Finish(nil, nil)
	if err != nil || len(l) > 0 {
		t.Fatal(err, l)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	files := tree(t, dst)
	if len(files) != 3*n+3 {
		t.Errorf("%d files, want %d", len(files), 3*n+3)
	}
	home := files["index.html"]
	if i, j := strings.Index(home, "guide-199"), strings.Index(home, "guide-000"); i < 0 || j < 0 || i > j {
		t.Errorf("home page not ordered by weight")
	}
	if files["guide-007/a.png"] != "guide-007" || !strings.Contains(files["old/guide-007/index.html"], "/docs/guide-007/") {
		t.Errorf("resource or alias wrong")
	}
	if _, err := s.WritePage(&Page{Name: "guide-001", Meta: &guide.Meta{Title: "again"}}); err == nil {
		t.Error("writing a page twice succeeded")
	}
}

// TestCollisions checks that aliases and resources never overwrite other
// files, and that the diagnostics point at the alias.
// TestCollisions runs the same pages through a real site and a dry run
// (nil Output, what `guidec check` does): both must report the same
// diagnostics, and the dry run must write nothing.
func TestCollisions(t *testing.T) {
	t.Run("real", func(t *testing.T) { testCollisions(t, &MemOutput{}) })
	t.Run("dry", func(t *testing.T) { testCollisions(t, nil) })
}

func testCollisions(t *testing.T, out *MemOutput) {
	f := source.NewFile("guides/b/index.md", []byte("---\naliases: [/a/, /x/, /css/site.css/, /x/]\n---\n"))
	span := func(s string, nth int) source.Span {
		off := -1
		for range nth {
			off += 1 + strings.Index(string(f.Content[off+1:]), s)
		}
		return source.Span{Start: off, End: off + len(s)}
	}
	var o Output
	if out != nil {
		o = out
	}
	cfg := testConfig(t)
	cfg.ResourceTypes = []string{".html"} // a site that publishes (checked) HTML resources
	s, err := New(cfg, testLayouts(t), o)
	if err != nil {
		t.Fatal(err)
	}
	pages := []*Page{
		{Name: "a", Meta: &guide.Meta{Title: "A"}, ResourceFS: fstest.MapFS{"index.html": {Data: []byte("evil")}, `x\y.png`: {Data: []byte("png")}},
			Resources: []string{"index.html", `x\y.png`, "gone.png"}},
		{Name: "b", File: f, Meta: &guide.Meta{Title: "B",
			Aliases:    []string{"/a/", "/x/", "/css/site.css/", "/x/"},
			AliasSpans: []source.Span{span("/a/", 1), span("/x/", 1), span("/css/site.css/", 1), span("/x/", 2)}}},
	}
	var all diag.List
	for _, p := range pages {
		l, err := s.WritePage(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, l...)
	}
	l, err := s.Finish(fstest.MapFS{"static/css/site.css": {Data: []byte("css")}}, []byte("hl"))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, l...)
	var got []string
	for _, d := range all {
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d:%d %s: %s", d.Filename(), p.Line, p.Column, d.Code, d.Message))
	}
	want := []string{
		":0:0 output-collision: resource index.html would overwrite page a",
		`:0:0 resource-name: resource "x\\y.png" cannot be published under that name`,
		":0:0 resource-read: resource gone.png cannot be read: open gone.png: file does not exist",
		"guides/b/index.md:2:11 alias-collision: alias /a/ of b collides with page a",
		"guides/b/index.md:2:21 alias-collision: alias /css/site.css/ of b collides with static file css/site.css",
		"guides/b/index.md:2:37 alias-collision: alias /x/ of b collides with alias /x/ of b",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if len(all) == 6 && (len(all[5].Related) != 1 || all[5].Related[0].Span != span("/x/", 1)) {
		t.Errorf("related = %+v", all[5].Related)
	}
	if out == nil {
		return
	}
	if b, _ := out.File("a/index.html"); bytes.Contains(b, []byte("evil")) {
		t.Error("resource overwrote the page")
	}
}

// TestDryRunWritesNothing: a dry run lays out and writes nothing (a write
// to its nil Output would panic), but refuses the paths every Output
// refuses, as a real build does.
func TestDryRunWritesNothing(t *testing.T) {
	s, err := New(testConfig(t), testLayouts(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fixedPages() {
		if _, err := s.WritePage(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Finish(siteFS(t), []byte("css")); err != nil {
		t.Fatal(err)
	}
	if err := s.render(renderAlias, "a/../../x.html", nil, 0); err == nil {
		t.Error("a dry run accepted a path an Output refuses")
	}
}

// TestUnpublishedResourceType: whatever reaches WritePage, a resource of a
// type the site does not publish is never written.
func TestUnpublishedResourceType(t *testing.T) {
	var out MemOutput
	s, err := New(testConfig(t), testLayouts(t), &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"x.svg", "x.js", "x.HTML", "x"} {
		p := &Page{Name: "a", Meta: &guide.Meta{Title: "A"}, ResourceFS: fstest.MapFS{r: {Data: []byte("<script>")}}, Resources: []string{r}}
		if _, err := s.WritePage(p); err == nil {
			t.Errorf("%s: WritePage published it", r)
		}
		if _, ok := out.File("a/" + r); ok {
			t.Errorf("%s: written", r)
		}
	}
}

func TestPageView(t *testing.T) {
	var out MemOutput
	build(t, &out)
	alpha, _ := out.File("alpha/index.html")
	for _, want := range []string{
		`<link rel="canonical" href="https://canonical.example/alpha/">`,
		`<meta name="robots" content="noindex">`,
		`<title>Alpha</title>`,
		`<meta name="description" content="First by weight.">`,
	} {
		if !bytes.Contains(alpha, []byte(want)) {
			t.Errorf("alpha page lacks %s", want)
		}
	}
	if bytes.Contains(alpha, []byte(`class="page-toc"`)) {
		t.Error("alpha has toc: false but shows a TOC")
	}
	beta, _ := out.File("beta/index.html")
	if bytes.Contains(beta, []byte(`class="page-toc"`)) || !bytes.Contains(beta, []byte("draft-banner")) {
		t.Error("beta: TOC shown without toc: true, or draft banner missing")
	}
}

func TestURLs(t *testing.T) {
	tests := []struct{ base, in, rel, abs string }{
		{"https://x.example/", "/css/site.css", "/css/site.css", "https://x.example/css/site.css"},
		{"https://x.example/", "css/site.css", "/css/site.css", "https://x.example/css/site.css"},
		{"https://x.example/docs/", "/romm/", "/docs/romm/", "https://x.example/docs/romm/"},
		{"https://x.example/docs/", "/", "/docs/", "https://x.example/docs/"},
		{"https://x.example/docs/", "", "/docs/", "https://x.example/docs/"},
		{"https://x.example/docs/", "#top", "#top", "https://x.example/docs/"},
		{"https://x.example/docs/", "https://other.example/a", "https://other.example/a", "https://other.example/a"},
		{"https://x.example/docs/", "//cdn.example/a", "//cdn.example/a", "//cdn.example/a"},
		{"https://x.example/d%20s/", "a b/", "/d s/a b/", "https://x.example/d%20s/a%20b/"},
	}
	for _, tt := range tests {
		base, _ := url.Parse(tt.base)
		if got := relURL(base, tt.in); got != tt.rel {
			t.Errorf("relURL(%s, %q) = %q, want %q", tt.base, tt.in, got, tt.rel)
		}
		if got := absURL(base, tt.in); got != tt.abs && tt.in != "#top" {
			t.Errorf("absURL(%s, %q) = %q, want %q", tt.base, tt.in, got, tt.abs)
		}
	}
}

func TestNavigationAndTOC(t *testing.T) {
	nav := Navigation(map[string]*guide.Meta{
		"c": {Title: "Zed", Weight: 1}, "a": {Title: "beta", Weight: 2}, "b": {Title: "Alpha", Weight: 2},
	})
	if nav["c"].Prev != nil || nav["c"].Next.Name != "b" || nav["b"].Next.Name != "a" || nav["a"].Next != nil || nav["a"].Prev.URL != "/b/" {
		t.Errorf("navigation = %+v", nav)
	}
	tree := tocTree([]Heading{{2, "a", "A"}, {4, "skip", "deep"}, {3, "b", "B"}, {3, "c", "C"}, {2, "d", "D"}, {3, "", "no id"}, {1, "t", "title"}})
	var got []string
	var walk func(ns []*tocNode, depth int)
	walk = func(ns []*tocNode, depth int) {
		for _, n := range ns {
			got = append(got, strings.Repeat(">", depth)+n.ID)
			walk(n.Children, depth+1)
		}
	}
	walk(tree, 0)
	if want := []string{"a", ">b", ">c", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("toc = %v, want %v", got, want)
	}
}

// TestStaticAssets keeps the shipped CSS and JavaScript small and
// self-contained: no request may leave the site.
func TestStaticAssets(t *testing.T) {
	site := siteFS(t)
	total := 0
	for _, name := range []string{"static/css/site.css", "static/js/site.js"} {
		b, err := fs.ReadFile(site, name)
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
		// fetch( is allowed: the home page's filter reads index.json, a
		// path of the site, given by the layout (the browser tests watch
		// every request the pages make).
		for _, bad := range []string{"http://", "https://", "@import", "url(", "XMLHttpRequest", "import(", "sendBeacon", "WebSocket", "EventSource",
			"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} { // values go in as text
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q: no external requests", name, bad)
			}
		}
	}
	if total > 50_000 {
		t.Errorf("CSS+JS is %d bytes, over 50 kB", total)
	}
	js, _ := fs.ReadFile(site, "static/js/site.js")
	for _, want := range []string{"'guidec.sitevars'", ".sitevar[data-sitevar]", "form.sitevar-preferences", "'storage'", ".ln", "guide-filter", "data-index", "textContent"} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("site.js lacks %s", want)
		}
	}
}

// BenchmarkWritePage lays out one page into memory.
func BenchmarkWritePage(b *testing.B) {
	s, err := New(testConfig(b), testLayouts(b), &MemOutput{})
	if err != nil {
		b.Fatal(err)
	}
	p := fixedPages()[0]
	p.Content = template.HTML(strings.Repeat("<p>A paragraph of guide text, long enough to matter.</p>\n", 400))
	p.Resources = nil
	i := 0
	for b.Loop() {
		p.Name = fmt.Sprintf("p%d", i)
		i++
		if _, err := s.WritePage(p); err != nil {
			b.Fatal(err)
		}
	}
}
