package syntax

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// corpusGuides returns every corpus guide's snippets, by guide name; nil
// when the corpus is absent (outside CI).
func corpusGuides(tb testing.TB) map[string][]*snippet.Snippet {
	dir := testenv.CorpusIfPresent(tb)
	if dir == "" {
		return nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no corpus guides in %s: %v", dir, err)
	}
	out := map[string][]*snippet.Snippet{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p))
		_, snips := testenv.ScanGuide(name+"/index.md", b)
		out[name] = snips
	}
	return out
}

// TestScanGuide pins the test scanner itself: indentation, sitevars and
// attributes map back to the right guide bytes.
func TestScanGuide(t *testing.T) {
	g := "x\n  ```yaml {title=\"a.yml\"}\n  k: {{< sitevar name=\"domain\" nojs=\"example.com\" >}}/p\n   v: 1\n  ```\n"
	f, snips := testenv.ScanGuide("g.md", []byte(g))
	if len(snips) != 1 {
		t.Fatalf("got %d snippets", len(snips))
	}
	s := snips[0]
	if got, want := string(s.Text), "k: example.com/p\n v: 1\n"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	if s.Lang != "yaml" || s.Title() != "a.yml" {
		t.Fatalf("lang %q title %q", s.Lang, s.Title())
	}
	if a := s.Attrs[0]; string(f.Content[a.Span.Start:a.Span.End]) != `title="a.yml"` {
		t.Fatalf("attr span %v", a.Span)
	}
	// "/p" follows the sitevar call; " v" keeps its one space beyond the
	// fence's indentation.
	for _, tc := range []struct{ off, line, col int }{{14, 3, 54}, {18, 4, 4}, {3, 3, 6}} {
		g := s.GuideSpan(source.Span{Start: tc.off, End: tc.off + 1})
		if p := f.Position(g.Start); p.Line != tc.line || p.Column != tc.col {
			t.Errorf("text offset %d -> %d:%d, want %d:%d", tc.off, p.Line, p.Column, tc.line, tc.col)
		}
	}
}
