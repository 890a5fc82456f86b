package publish

import (
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/guide"
)

// benchPages returns n pages shaped like the corpus: about 30 KB of HTML
// and one alias each.
func benchPages(n int) []*Page {
	content := template.HTML(strings.Repeat("<p>A paragraph of guide text, long enough to matter.</p>\n", 500))
	pages := make([]*Page, n)
	for i := range pages {
		name := fmt.Sprintf("guide-%04d", i)
		pages[i] = &Page{Name: name, Content: content, Meta: &guide.Meta{
			Title: "Guide " + name, Description: "Integrating " + name + ".", Weight: i,
			Aliases: []string{"/integration/openid-connect/" + name + "/"},
		}}
	}
	return pages
}

// BenchmarkDirOutput writes a site of 200 pages (a page and an alias
// directory each) to disk and commits it over the previous one, as
// `guidec build` does: the cost of the file system calls.
func BenchmarkDirOutput(b *testing.B) {
	dst := filepath.Join(b.TempDir(), "public")
	pages := benchPages(200)
	cfg, lay := testConfig(b), testLayouts(b)
	b.ReportAllocs()
	for b.Loop() {
		out, err := NewDirOutput(dst)
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(cfg, lay, out)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range pages {
			if _, err := s.WritePage(p); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := s.Finish(nil, nil); err != nil {
			b.Fatal(err)
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
}

// BenchmarkFinish writes the home page, search index, sitemap and alias
// pages of 1,000 pages into memory.
func BenchmarkFinish(b *testing.B) {
	pages := benchPages(1000)
	for _, p := range pages {
		p.Content = "<p>short</p>"
	}
	cfg, lay := testConfig(b), testLayouts(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, err := New(cfg, lay, &MemOutput{})
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range pages {
			if _, err := s.WritePage(p); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if _, err := s.Finish(nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNavigation orders 1,000 pages for the previous and next links,
// which guidec serve does at every save.
func BenchmarkNavigation(b *testing.B) {
	metas := map[string]*guide.Meta{}
	for i := range 1000 {
		name := fmt.Sprintf("guide-%04d", i)
		metas[name] = &guide.Meta{Title: fmt.Sprintf("Guide %d of The Corpus", i%37)}
	}
	for b.Loop() {
		NavigationAt(metas, PageURL)
	}
}
