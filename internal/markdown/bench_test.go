package markdown

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// BenchmarkRender renders the seed guide with one reused Renderer, as a
// build worker does.
func BenchmarkRender(b *testing.B) {
	f, exp := expand(b, "romm/index.md", readShared(b, "seeds/romm-guide.md"))
	r := New()
	r.Render(f, exp, PageInfo{Name: "romm"}) // warm the lexer cache
	b.ReportAllocs()
	b.SetBytes(int64(len(f.Content)))
	for b.Loop() {
		r.Render(f, exp, PageInfo{Name: "romm"})
	}
}

// corpusPages returns every corpus guide with its (test) expansion.
func corpusPages(b *testing.B) (files []*source.File, exps []*shortcode.Expanded, size int) {
	dir := testenv.Corpus(b)
	paths, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no corpus guides in %s: %v", dir, err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		f, exp := expand(b, p, string(src))
		files, exps = append(files, f), append(exps, exp)
		size += len(src)
	}
	return files, exps, size
}

// BenchmarkRenderCorpus renders every corpus guide once per iteration:
// parsing, extraction of headings, links, texts and snippets, highlighting
// and HTML.
func BenchmarkRenderCorpus(b *testing.B) { benchRenderCorpus(b, New()) }

// BenchmarkRenderCorpusCheck is BenchmarkRenderCorpus as `guidec check`
// renders: without highlighting or HTML.
func BenchmarkRenderCorpusCheck(b *testing.B) {
	benchRenderCorpus(b, New(WithHighlighting(false), WithHTML(false)))
}

func benchRenderCorpus(b *testing.B, r *Renderer) {
	files, exps, size := corpusPages(b)
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		for i, f := range files {
			r.Render(f, exps[i], PageInfo{Name: "g"})
		}
	}
}

// BenchmarkHighlight highlights every code block of the corpus once per
// iteration, the stage of rendering that dominated before lexYAML.
func BenchmarkHighlight(b *testing.B) {
	files, exps, _ := corpusPages(b)
	r := New()
	var snips []*snippet.Snippet
	size := 0
	for i, f := range files {
		for _, s := range r.Render(f, exps[i], PageInfo{Name: "g"}).Snippets {
			snips = append(snips, s)
			size += len(s.Text)
		}
	}
	c := newCodeRenderer()
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, s := range snips {
			c.budget = highlightBudget
			c.lines(s.Lang, s.Text)
		}
	}
}
