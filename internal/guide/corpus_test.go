package guide

import (
	"os"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/testenv"
)

// TestCorpus loads every real guide: all must load without diagnostics and
// with the front matter every one of them has.
func TestCorpus(t *testing.T) {
	fsys := os.DirFS(testenv.Corpus(t))
	names, l, err := Discover(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(l) > 0 {
		t.Errorf("Discover diagnostics: %v", l)
	}
	if len(names) < 80 {
		t.Fatalf("found %d guides, want the whole corpus", len(names))
	}
	for _, name := range names {
		g, l := Load(fsys, ".", name, "")
		for _, d := range l {
			p := d.Start()
			t.Errorf("%s:%d:%d: %s: %s", d.Filename(), p.Line, p.Column, d.Code, d.Message)
		}
		if g == nil {
			continue
		}
		m := g.Meta
		if m.Title == "" || m.Date.IsZero() || m.Weight == 0 || m.Support.Level == "" || !m.TOC {
			t.Errorf("%s: incomplete meta: %+v", name, m)
		}
		if m.Date.After(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: implausible date %v", name, m.Date)
		}
		if g.Format != YAML || g.Body.Start <= g.FrontMatter.End {
			t.Errorf("%s: format %v, front matter %v, body %v", name, g.Format, g.FrontMatter, g.Body)
		}
		if got := string(g.File.Content[m.KeySpan("title").Start:m.KeySpan("title").End]); got != "title" {
			t.Errorf("%s: title key span holds %q", name, got)
		}
	}
}

// BenchmarkLoadCorpus loads every real guide once per iteration.
func BenchmarkLoadCorpus(b *testing.B) {
	fsys := os.DirFS(testenv.Corpus(b))
	names, _, err := Discover(fsys, ".")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, n := range names {
			if g, _ := Load(fsys, ".", n, ""); g == nil {
				b.Fatal(n)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names))/1e3, "µs/guide")
}
