package browser

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Budgets of the issue, in bytes, uncompressed.
const (
	assetBudget = 50_000  // all CSS and JavaScript of the site
	pageBudget  = 100_000 // the first guide page: HTML, CSS and JavaScript
)

// TestAssetBudget sums every style sheet and script the build writes.
func TestAssetBudget(t *testing.T) {
	s := servedSite(t)
	total := 0
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext == ".css" || ext == ".js" {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			total += int(fi.Size())
			t.Logf("%s: %d bytes", strings.TrimPrefix(p, s.dir), fi.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("CSS+JS: %d bytes (budget %d)", total, assetBudget)
	if total == 0 || total > assetBudget {
		t.Errorf("CSS+JS is %d bytes, want 1..%d", total, assetBudget)
	}
}

// TestPageBudget weighs the first guide of the home page as a browser
// loads it: the HTML and every style sheet and script it references.
func TestPageBudget(t *testing.T) {
	s := servedSite(t)
	first := s.index[0]
	name := strings.Trim(strings.TrimPrefix(first.URL, "/"), "/") + "/index.html"
	doc := s.parse(t, name)
	total := s.size(t, name)
	for _, ref := range subresources(doc) {
		if ref.kind != "stylesheet" && ref.kind != "script" {
			continue
		}
		u, err := url.Parse(ref.url)
		if err != nil || u.Host != "" && u.Host != strings.TrimSuffix(strings.TrimPrefix(s.url, "http://"), "/") {
			t.Fatalf("%s references %s outside the site", name, ref.url)
		}
		total += s.size(t, strings.TrimPrefix(path.Clean(u.Path), "/"))
	}
	t.Logf("first guide %s: %d bytes with its CSS and JS (budget %d)", first.Name, total, pageBudget)
	if total > pageBudget {
		t.Errorf("first guide page weighs %d bytes, over %d", total, pageBudget)
	}
}

// TestNoExternalReferences reads every page for a resource the browser
// would fetch on its own (style sheets, scripts, images, icons, frames)
// from a host other than the site's: links are fine, loads are not.
func TestNoExternalReferences(t *testing.T) {
	s := servedSite(t)
	pages := 0
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		pages++
		rel, _ := filepath.Rel(s.dir, p)
		for _, ref := range subresources(s.parse(t, filepath.ToSlash(rel))) {
			u, err := url.Parse(ref.url)
			if err != nil {
				t.Errorf("%s: %s %q does not parse", rel, ref.kind, ref.url)
				continue
			}
			if u.Scheme != "" && u.Scheme != "http" || u.Host != "" && u.Host != strings.TrimSuffix(strings.TrimPrefix(s.url, "http://"), "/") {
				t.Errorf("%s: %s %s is loaded from another host", rel, ref.kind, ref.url)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < len(s.index)+1 {
		t.Errorf("read %d pages, want at least %d", pages, len(s.index)+1)
	}
}

func (s *site) size(t *testing.T, name string) int {
	t.Helper()
	fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return int(fi.Size())
}

// ref is a resource a page makes the browser load.
type ref struct{ kind, url string }

// subresources lists what doc makes a browser fetch by itself.
func subresources(doc *html.Node) []ref {
	var out []ref
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		switch n.Data {
		case "link":
			rel, _ := attr(n, "rel")
			href, _ := attr(n, "href")
			if slices.ContainsFunc(strings.Fields(rel), func(r string) bool {
				return slices.Contains([]string{"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}, r)
			}) {
				kind := "stylesheet"
				if !strings.Contains(rel, "stylesheet") {
					kind = rel
				}
				out = append(out, ref{kind, href})
			}
		case "script", "img", "iframe", "source", "video", "audio", "embed":
			if src, ok := attr(n, "src"); ok {
				kind := n.Data
				out = append(out, ref{kind, src})
			}
		}
	}
	return out
}
