package publish

import (
	"bytes"
	"flag"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// siteFS is the real site directory of the repository.
func siteFS(t testing.TB) fs.FS {
	t.Helper()
	return os.DirFS(filepath.Join("..", "..", "site"))
}

func testLayouts(t testing.TB) *Layouts {
	t.Helper()
	lay, l := LoadLayouts(siteFS(t))
	if len(l) > 0 {
		t.Fatalf("LoadLayouts: %v", l)
	}
	return lay
}

func testConfig(t testing.TB) *Config {
	t.Helper()
	cfg, l := LoadConfig(siteFS(t), "site.yaml")
	if len(l) > 0 {
		t.Fatalf("LoadConfig: %v", l)
	}
	cfg.BaseURL = "https://example.org/docs/"
	return cfg
}

// fixedPages returns the pages of the golden site: fixed inputs, so that
// the output is a function of the layouts only.
func fixedPages() []*Page {
	romm := &guide.Meta{
		Title: "ROM Manager (RomM)", Description: "Integrating RomM with <Authelia> & friends.",
		Date:    time.Date(2025, 6, 1, 12, 55, 40, 0, time.UTC),
		Lastmod: time.Date(2025, 7, 2, 8, 0, 0, 0, time.FixedZone("", 10*3600)),
		Weight:  620, TOC: true, Images: []string{"logo.png"},
		Aliases:    []string{"/integration/openid-connect/romm/", "/romm.html"},
		AliasSpans: []source.Span{{Start: 10, End: 45}, {Start: 50, End: 60}},
		Support:    guide.Support{Level: "community", Versions: true, Integration: true},
		SEO:        guide.SEO{Title: "RomM | OpenID Connect 1.0", Description: "Step-by-step RomM SSO."},
	}
	alpha := &guide.Meta{Title: "Alpha", Description: "First by weight.", Weight: 10, Date: time.Date(2024, 3, 14, 6, 0, 14, 0, time.UTC),
		Support: guide.Support{Level: "community"}, SEO: guide.SEO{NoIndex: true, Canonical: "https://canonical.example/alpha/"}}
	beta := &guide.Meta{Title: "beta", Weight: 620, Draft: true}
	nav := Navigation(map[string]*guide.Meta{"romm": romm, "alpha": alpha, "beta": beta})
	res := fstest.MapFS{"logo.png": {Data: []byte("\x89PNG")}, "img/step 1.png": {Data: []byte("png")}}
	return []*Page{
		{Name: "romm", File: source.NewFile("guides/romm/index.md", nil), Meta: romm,
			Content: template.HTML("<h2 id=\"tested-versions\">Tested Versions</h2>\n<p>Body &amp; text.</p>\n"),
			Headings: []Heading{{2, "tested-versions", "Tested Versions"}, {3, "assumptions", "Assumptions <&>"},
				{4, "deep", "Too deep"}, {2, "configuration", "Configuration"}},
			ResourceFS: res, Resources: []string{"img/step 1.png", "logo.png"},
			Prev: nav["romm"].Prev, Next: nav["romm"].Next},
		{Name: "alpha", File: source.NewFile("guides/alpha/index.md", nil), Meta: alpha,
			Content: "<p>Alpha.</p>\n", Prev: nav["alpha"].Prev, Next: nav["alpha"].Next},
		{Name: "beta", File: source.NewFile("guides/beta/index.md", nil), Meta: beta,
			Content: "<p>Beta.</p>\n", Headings: []Heading{{2, "x", "X"}}, Prev: nav["beta"].Prev, Next: nav["beta"].Next},
	}
}

// build publishes the fixed pages into out.
func build(t testing.TB, out Output) diag.List {
	t.Helper()
	s, err := New(testConfig(t), testLayouts(t), out)
	if err != nil {
		t.Fatal(err)
	}
	var all diag.List
	for _, p := range fixedPages() {
		l, err := s.WritePage(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, l...)
	}
	l, err := s.Finish(siteFS(t), []byte("/* highlight */\n"))
	if err != nil {
		t.Fatal(err)
	}
	return append(all, l...)
}

func TestGolden(t *testing.T) {
	var out MemOutput
	if l := build(t, &out); len(l) > 0 {
		t.Fatalf("diagnostics: %v", l)
	}
	files := map[string]string{
		"romm/index.html": "page.html",
		"beta/index.html": "page-draft.html",
		"index.html":      "index.html",
		"integration/openid-connect/romm/index.html": "alias.html",
		"sitemap.xml": "sitemap.xml",
		"index.json":  "index.json",
	}
	for name, golden := range files {
		got, ok := out.File(name)
		if !ok {
			t.Errorf("%s not written; have %v", name, out.Names())
			continue
		}
		path := filepath.Join("testdata", "golden", golden)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, path, got)
		}
	}
}
