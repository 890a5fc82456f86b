package markdown

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/shortcode"
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

// renderPages returns the testdata/render pages and, when the shared
// corpus is present, every corpus guide, expanded.
func renderPages(t *testing.T) (files []*source.File, exps []*shortcode.Expanded) {
	t.Helper()
	type page struct{ name, content string }
	var pages []page
	renders, err := filepath.Glob(filepath.Join("testdata", "render", "*.md"))
	if err != nil || len(renders) == 0 {
		t.Fatalf("no testdata/render pages: %v", err)
	}
	for _, p := range renders {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page{strings.TrimSuffix(filepath.Base(p), ".md"), string(b)})
	}
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		_, names := corpusGuides(t)
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(dir, n, "index.md"))
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, page{n, string(b)})
		}
	}
	for _, p := range pages {
		f, exp := expand(t, p.name+"/index.md", p.content)
		files, exps = append(files, f), append(exps, exp)
	}
	return files, exps
}

// pageName is the guide name of a file from renderPages.
func pageName(f *source.File) string { return strings.TrimSuffix(f.Name, "/index.md") }

// TestRendererReuse renders every page twice with one Renderer, which
// keeps storage, remembered shortcode scans and the memory of the trees
// from page to page, and each with a Renderer of its own: the Results
// must be the same.
func TestRendererReuse(t *testing.T) {
	files, exps := renderPages(t)
	// The same call output twice on a page, and on a second page: the
	// scans the Renderer remembers must give each use its own links.
	for _, name := range []string{"calls-a", "calls-b"} {
		f, exp := expand(t, name+"/index.md", "# T\n\n{{< html-links >}}\n\nText {{< html-links >}} and {{< sitevar name=\"v\" nojs=\"x\" >}}.\n")
		files, exps = append(files, f), append(exps, exp)
	}
	reused := New()
	for round := range 2 {
		// The Results are compared once every page is rendered: a Result
		// must not change when the Renderer goes on to the next page,
		// whose tree takes the memory of this one's (Slabs).
		gots := make([]*Result, len(files))
		for i, f := range files {
			gots[i] = reused.Render(f, exps[i], PageInfo{Name: pageName(f)})
		}
		for i, f := range files {
			want := New().Render(f, exps[i], PageInfo{Name: pageName(f)})
			if !reflect.DeepEqual(gots[i], want) {
				t.Errorf("round %d, %s: the reused Renderer's Result differs:\n got %+v\nwant %+v", round, f.Name, gots[i], want)
			}
		}
	}
}

// TestWithoutHTMLSameFindings renders every corpus guide and every
// testdata/render page with and without the HTML (WithHTML(false), as
// `guidec check` renders) and requires everything else of the Result to be
// the same: no finding may depend on the HTML being written.
func TestWithoutHTMLSameFindings(t *testing.T) {
	files, exps := renderPages(t)
	full, bare := New(), New(WithHTML(false), WithHighlighting(false))
	for i, f := range files {
		want := full.Render(f, exps[i], PageInfo{Name: pageName(f)})
		got := bare.Render(f, exps[i], PageInfo{Name: pageName(f)})
		if want.HTML == "" {
			t.Errorf("%s: no HTML with WithHTML(true)", f.Name)
		}
		if got.HTML != "" || got.TOCHTML != nil {
			t.Errorf("%s: WithHTML(false) wrote HTML", f.Name)
		}
		want.HTML, want.TOCHTML = "", nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the Result without HTML differs:\n got %+v\nwant %+v", f.Name, got, want)
		}
	}
}
