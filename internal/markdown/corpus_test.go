package markdown

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// corpusGuides returns the names of the corpus guides, sorted.
func corpusGuides(t *testing.T) (dir string, names []string) {
	t.Helper()
	dir = testenv.Corpus(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return dir, names
}

// TestHeadingIDsMatchHugo renders every corpus guide and compares its
// heading ids, in order, with the ids Hugo generated for it.
func TestHeadingIDsMatchHugo(t *testing.T) {
	dir, names := corpusGuides(t)
	var oracle map[string][]string
	if err := json.Unmarshal([]byte(readShared(t, "reference/hugo-heading-ids.json")), &oracle); err != nil {
		t.Fatal(err)
	}
	if len(names) != len(oracle) {
		t.Errorf("corpus has %d guides, oracle %d", len(names), len(oracle))
	}
	r := New()
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name, "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		f, exp := expand(t, name+"/index.md", string(b))
		res := r.Render(f, exp, PageInfo{Name: name})
		var got []string
		for _, h := range res.Headings {
			got = append(got, h.ID)
		}
		want, ok := oracle[name]
		if !ok {
			t.Errorf("%s: not in the oracle", name)
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: heading ids\n got %q\nwant %q", name, got, want)
		}
	}
}

// TestCorpusDiagnostics renders every corpus guide and compares all
// diagnostics, and the count of snippets, links and texts, with
// testdata/corpus.golden: the real mistakes the corpus contains (unclosed
// fence attributes, undefined references, skipped heading levels) must be
// found at their exact positions, and nothing else.
func TestCorpusDiagnostics(t *testing.T) {
	dir, names := corpusGuides(t)
	r := New()
	var b strings.Builder
	for _, name := range names {
		content, err := os.ReadFile(filepath.Join(dir, name, "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		f, exp := expand(t, name+"/index.md", string(content))
		res := r.Render(f, exp, PageInfo{Name: name})
		fmt.Fprintf(&b, "%s: %d snippets, %d links, %d texts\n", name, len(res.Snippets), len(res.Links), len(res.Texts))
		for _, d := range res.Diags {
			fmt.Fprintf(&b, "  %s %s %s: %s\n", span(f, d.Span), d.Severity, d.Code, d.Message)
		}
		for _, s := range res.Snippets {
			if g := s.GuideSpan(source.Span{Start: 0, End: len(s.Text)}); g.Start < s.Span.Start || g.End > s.Span.End {
				t.Errorf("%s: snippet %d text maps to %v, outside its block %v", name, s.Index, g, s.Span)
			}
		}
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("corpus results differ from %s (go test -update rewrites it):\n%s", golden, diffLines(string(want), b.String()))
	}
}
