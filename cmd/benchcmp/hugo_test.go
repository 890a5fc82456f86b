package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// hugoOrSkip returns the hugo binary, skipping the test when it is absent
// (Hugo is an optional tool: only the comparison needs it), failing it
// under CI=true, where .ci/run installs it.
func hugoOrSkip(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("hugo is required under CI=true (.ci/run installs Debian's hugo)")
		}
		t.Skip("hugo is not installed: the Hugo projects of the comparison cannot be tried")
	}
	return p
}

// runHugo builds site into a temporary directory, failing the test on any
// error Hugo reports (a shortcode it cannot find or execute), and returns
// the output directory.
func runHugo(t *testing.T, hugo string, site hugoSite) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	b, err := exec.Command(hugo, site.args(out)...).CombinedOutput()
	if err != nil {
		t.Fatalf("hugo: %v\n%s", err, clip(string(b), 4000))
	}
	return out
}

// TestHugoGuidesSite checks that the Hugo project made around the corpus
// renders every guide with guidec's shortcodes, so that the comparison
// compares the same pages: a shortcode added to the guides or a template
// function Hugo lacks fails here rather than in the middle of a benchmark.
func TestHugoGuidesSite(t *testing.T) {
	hugo := hugoOrSkip(t)
	corpus := testenv.Corpus(t)
	site, err := makeGuidesSite(testenv.RepoRoot(t), t.TempDir(), corpus)
	if err != nil {
		t.Fatal(err)
	}
	out := runHugo(t, hugo, site)
	guides, _ := filepath.Glob(filepath.Join(corpus, "*", "index.md"))
	for _, g := range guides {
		name := filepath.Base(filepath.Dir(g))
		b, err := os.ReadFile(filepath.Join(out, name, "index.html"))
		if err != nil {
			t.Errorf("guide %s: no page: %v", name, err)
			continue
		}
		if s := string(b); strings.Contains(s, "{{&lt;") || strings.Contains(s, "{{<") || strings.Contains(s, "{{%") {
			t.Errorf("guide %s: a shortcode call was left in the page", name)
		}
	}
	// The site variables reach sitevar-preferences as they do in guidec.
	b, _ := os.ReadFile(filepath.Join(out, filepath.Base(filepath.Dir(guides[0])), "index.html"))
	if !strings.Contains(string(b), `data-sitevar="domain"`) {
		t.Errorf("the sitevar-preferences form lists no variable: params.json did not reach Hugo")
	}
}

// TestHugoDocsSite checks that Hugo 0.111 renders the Authelia tree with
// its own shortcodes (moved and rewritten) and testdata's stand-ins.
func TestHugoDocsSite(t *testing.T) {
	hugo := hugoOrSkip(t)
	docs := testenv.Shared(t, "corpus", "authelia-docs")
	site, stubs, err := makeDocsSite(testenv.RepoRoot(t), t.TempDir(), docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stubs {
		if name := strings.TrimSuffix(filepath.Base(s), ".html"); strings.HasPrefix(s, "shortcodes/") {
			if _, err := os.Stat(filepath.Join(docs, "layouts", "_shortcodes", name+".html")); err == nil {
				t.Errorf("stand-in %s used although the tree has its own", s)
			}
		}
	}
	out := runHugo(t, hugo, site)
	pages := countFiles(filepath.Join(docs, "content"), ".md")
	if got := countFiles(out, ".html"); got < pages {
		t.Errorf("Hugo wrote %d HTML files for %d Markdown pages", got, pages)
	}
}
