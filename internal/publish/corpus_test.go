package publish

import (
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/testenv"
)

// TestCorpusSite publishes every real guide (bodies as preformatted text:
// Markdown is not this package's concern) into a directory and checks the
// site: no diagnostics, a page, resources and redirect pages per guide.
func TestCorpusSite(t *testing.T) {
	src := os.DirFS(testenv.Corpus(t))
	names, l, err := guide.Discover(src, ".")
	if err != nil || len(l) > 0 {
		t.Fatal(err, l)
	}
	metas := map[string]*guide.Meta{}
	guides := map[string]*guide.Guide{}
	for _, n := range names {
		g, l := guide.Load(src, ".", n, "")
		if g == nil || len(l) > 0 {
			t.Fatalf("%s: %v", n, l)
		}
		guides[n], metas[n] = g, &g.Meta
	}
	nav := Navigation(metas)
	dst := filepath.Join(t.TempDir(), "public")
	out, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(testConfig(t), testLayouts(t), out)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	aliases, resources := 0, 0
	for _, n := range names {
		g := guides[n]
		sub, _ := fs.Sub(src, n)
		body := template.HTMLEscapeString(string(g.File.Content[g.Body.Start:g.Body.End]))
		p := &Page{Name: n, File: g.File, Meta: &g.Meta, Content: template.HTML("<pre>" + body + "</pre>"),
			ResourceFS: sub, Resources: g.Resources, Prev: nav[n].Prev, Next: nav[n].Next}
		if l, err := s.WritePage(p); err != nil || len(l) > 0 {
			t.Fatalf("%s: %v %v", n, err, l)
		}
		aliases += len(g.Meta.Aliases)
		resources += len(g.Resources)
	}
	if l, err := s.Finish(siteFS(t), []byte("/* hl */")); err != nil || len(l) > 0 {
		t.Fatal(err, l)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	t.Logf("published %d pages, %d resources, %d aliases in %v", len(names), resources, aliases, time.Since(start))
	files := tree(t, dst)
	// pages, resources, redirects, index.html, index.json, sitemap.xml,
	// the static files and highlight.css
	static := 0
	fs.WalkDir(siteFS(t), "static", func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			static++
		}
		return err
	})
	if want := len(names) + resources + aliases + 3 + static + 1; len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
	home := files["index.html"]
	for _, n := range names {
		if !strings.Contains(home, `href="/docs/`+n+`/"`) {
			t.Errorf("home page lacks %s", n)
		}
		if !strings.Contains(files["sitemap.xml"], "<loc>https://example.org/docs/"+n+"/</loc>") {
			t.Errorf("sitemap lacks %s", n)
		}
	}
}
