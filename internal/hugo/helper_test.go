package hugo

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// mapFS makes an in-memory tree; a file's content "" becomes a minimal
// front matter so that pages are valid.
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range files {
		m[name] = &fstest.MapFile{Data: []byte(content), Mode: 0o644}
	}
	return m
}

// frontMatter returns the YAML front matter of content with lower-case
// keys, or nil when there is none. Tests only: the project reads front
// matter with package guide.
func frontMatter(t testing.TB, content string) map[string]any {
	t.Helper()
	rest, ok := strings.CutPrefix(content, "---\n")
	if !ok {
		return nil
	}
	fm, _, ok := strings.Cut(rest, "\n---")
	if !ok {
		t.Fatalf("unclosed front matter in %q", content)
	}
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(fm), &m); err != nil {
		t.Fatalf("front matter: %v", err)
	}
	return lowerKeys(m).(map[string]any)
}

// setFronts reads every page's front matter from fsys (content dir dir).
func setFronts(t testing.TB, fsys fs.FS, dir string, tree *Tree) {
	t.Helper()
	for _, p := range tree.Pages {
		if p.File == "" {
			continue
		}
		b, err := fs.ReadFile(fsys, strings.TrimPrefix(dir+"/"+p.File, "./"))
		if err != nil {
			t.Fatal(err)
		}
		f, errs := FrontFromParams(frontMatter(t, string(b)))
		for _, err := range errs {
			t.Logf("%s: %v", p.File, err)
		}
		p.Front = f
	}
}

// newTestSite discovers content/ of files and makes its site.
func newTestSite(t testing.TB, files map[string]string, cfg *Config, opt Options) *Site {
	t.Helper()
	fsys := mapFS(files)
	tree, err := Discover(fsys, "content", cfg)
	if err != nil {
		t.Fatal(err)
	}
	setFronts(t, fsys, "content", tree)
	if opt.ContentPath == "" {
		opt.ContentPath = "content"
	}
	s, problems := NewSite(tree, cfg, opt)
	for _, p := range problems {
		t.Logf("problem: %s: %s", p.File, p.Message)
	}
	return s
}

// pageName names a GetPage result for table tests: the page's file
// without "content/" and extension ("s/other"), its key when it has no
// file, or "miss".
func pageName(p *Page) string {
	if p == nil {
		return "miss"
	}
	if p.File == "" {
		return p.Key
	}
	return strings.TrimSuffix(p.File, ".md")
}
