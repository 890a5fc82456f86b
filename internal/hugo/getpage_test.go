package hugo

import (
	"strings"
	"testing"
)

// linksSite is the site of ../shared/reference/hugo-links.md, where the
// rules were measured on Hugo 0.164.
var linksSite = map[string]string{
	"content/s/_index.md":       "---\ntitle: S\n---\n",
	"content/s/leaf.md":         "---\ntitle: Leaf\n---\n",
	"content/s/bundle/index.md": "---\ntitle: Bundle\n---\n",
	"content/s/other.md":        "---\ntitle: Other\n---\n",
	"content/s/sub/deep.md":     "---\ntitle: Deep\n---\n",
	"content/t/page.md":         "---\ntitle: Page\n---\n",
}

// TestGetPageHugoLinks reproduces every row of the table in hugo-links.md:
// each destination, from the section, the leaf page and the bundle.
func TestGetPageHugoLinks(t *testing.T) {
	tests := []struct {
		dests                 []string
		section, leaf, bundle string
	}{
		{[]string{"other.md", "./other.md", "other", "other/"}, "s/other", "s/other", "s/other"},
		{[]string{"../other.md"}, "miss", "miss", "s/other"},
		{[]string{"../other", "../other/", "../bundle"}, "miss", "miss", "miss"},
		{[]string{"./../other.md"}, "miss", "miss", "s/other"},
		{[]string{"../s/other.md"}, "s/other", "s/other", "miss"},
		{[]string{"../../../s/other.md"}, "s/other", "s/other", "s/other"},
		{[]string{"s/other.md"}, "s/other", "s/other", "s/other"},
		{[]string{"t/page.md"}, "t/page", "t/page", "t/page"},
		{[]string{"/s/other.md", "/s/other", "/s/other/"}, "s/other", "s/other", "s/other"},
		{[]string{"deep.md", "page.md"}, "miss", "miss", "miss"},
	}
	for _, home := range []bool{false, true} {
		files := map[string]string{}
		for k, v := range linksSite {
			files[k] = v
		}
		if home {
			files["content/_index.md"] = "---\ntitle: Home\n---\n"
		}
		s := newTestSite(t, files, nil, Options{})
		from := map[string]*Page{
			"section": s.ByFile("s/_index.md"),
			"leaf":    s.ByFile("s/leaf.md"),
			"bundle":  s.ByFile("s/bundle/index.md"),
		}
		for _, tt := range tests {
			for _, dest := range tt.dests {
				for name, want := range map[string]string{"section": tt.section, "leaf": tt.leaf, "bundle": tt.bundle} {
					got := pageName(s.GetPage(from[name], dest))
					if got != want {
						t.Errorf("home file %v: GetPage(%s, %q) = %s, want %s", home, name, dest, got, want)
					}
				}
			}
		}
	}
}

// TestGetPageMore covers the rest of Hugo's lookup: index paths, sections,
// the home page, case and spaces, languages and a bundle's own files.
func TestGetPageMore(t *testing.T) {
	files := map[string]string{
		"content/_index.md":              "",
		"content/s/_index.md":            "",
		"content/s/leaf.md":              "",
		"content/s/bundle/index.md":      "",
		"content/s/bundle/notes.md":      "",
		"content/s/bundle/img.png":       "",
		"content/s/index/index.md":       "",
		"content/s/My Page.md":           "",
		"content/s/v4.38.md":             "",
		"content/s/about.en.md":          "",
		"content/docs/guide/index.md":    "",
		"content/docs/guide/sub/deep.md": "",
	}
	s := newTestSite(t, files, nil, Options{})
	leaf, bundle, section := s.ByFile("s/leaf.md"), s.ByFile("s/bundle/index.md"), s.ByFile("s/_index.md")
	tests := []struct {
		from *Page
		dest string
		want string
	}{
		{leaf, "/", "_index"},
		{leaf, "", "_index"},
		{leaf, "..", "_index"},
		{leaf, ".", "s/_index"},
		{leaf, "./", "s/_index"},
		{bundle, ".", "s/_index"},
		{leaf, "/s", "s/_index"},
		{leaf, "/s/_index.md", "s/_index"},
		{leaf, "_index.md", "s/_index"},
		{leaf, "bundle/index.md", "s/bundle/index"},
		{leaf, "bundle", "s/bundle/index"},
		{leaf, "/S/LEAF.MD", "s/leaf"},
		{leaf, "My Page.md", "s/My Page"},
		{leaf, "my-page", "s/My Page"},
		{leaf, "My%20Page.md", "miss"}, // GetPage gets the path unescaped by urls.Parse, not raw
		{leaf, "v4.38.md", "s/v4.38"},
		{leaf, "v4.38", "s/v4.38"}, // "38" is an extension Hugo keeps: the key is /s/v4.38
		{leaf, "about.md", "s/about.en"},
		{leaf, "about.en.md", "s/about.en"},
		{leaf, "/s/index", "s/index/index"},
		{leaf, "index", "s/_index"},    // "index.md" is an index file: its key is the directory
		{bundle, "notes.md", "miss"},   // a bundle's content files are resources
		{bundle, "./notes.md", "miss"}, //
		{bundle, "img.png", "miss"},    // resources are not pages
		{section, "bundle/index.md", "s/bundle/index"},
		{section, "../docs/guide/sub/deep.md", "miss"}, // inside a leaf bundle: a resource
		{nil, "s/leaf", "s/leaf"},
		{nil, "../s/leaf.md", "miss"},
	}
	for _, tt := range tests {
		name := "nil"
		if tt.from != nil {
			name = tt.from.File
		}
		if got := pageName(s.GetPage(tt.from, tt.dest)); got != tt.want {
			t.Errorf("GetPage(%s, %q) = %s, want %s", name, tt.dest, got, tt.want)
		}
	}
}

// TestGetPageReverseLookup checks the real-file lookups of paths with an
// extension: relative to the page's file, and from the content root when
// the home page has a file.
func TestGetPageReverseLookup(t *testing.T) {
	for _, home := range []bool{false, true} {
		files := map[string]string{}
		for k, v := range linksSite {
			files[k] = v
		}
		if home {
			files["content/_index.md"] = ""
		}
		s := newTestSite(t, files, nil, Options{ContentPath: "docs/content"})
		leaf := s.ByFile("s/leaf.md")
		tests := []struct {
			dest string
			want string
		}{
			{"../../content/s/other.md", "s/other"}, // leaves content/ and comes back
			{"../../elsewhere/s/other.md", "miss"},  // another directory
			{"/s/./other.md", map[bool]string{false: "miss", true: "s/other"}[home]},
			{"s/../t/page.md", map[bool]string{false: "miss", true: "t/page"}[home]},
		}
		for _, tt := range tests {
			if got := pageName(s.GetPage(leaf, tt.dest)); got != tt.want {
				t.Errorf("home %v: GetPage(leaf, %q) = %s, want %s", home, tt.dest, got, tt.want)
			}
		}
	}
}

// TestKeys checks the page keys Discover gives (Hugo's Path.Base).
func TestKeys(t *testing.T) {
	tests := map[string]string{
		"s/leaf.md":           "/s/leaf",
		"s/bundle/index.md":   "/s/bundle",
		"s/_index.md":         "/s",
		"_index.md":           "/",
		"S/Bundle/Index.md":   "/s/bundle",
		"s/_Index.MD":         "/s",
		"s/My File.md":        "/s/my-file",
		"s/x.y.md":            "/s/x.y",
		"s/about.en.md":       "/s/about",
		"s/about.fr.md":       "/s/about.fr",
		"s/img.png":           "/s/img.png",
		"s/img.en.png":        "/s/img.png",
		"s/page.markdown":     "/s/page",
		"s/page.html":         "/s/page",
		"s/notes.txt":         "/s/notes.txt",
		"s/README":            "/s/readme",
		"s/bundle/index.html": "/s/bundle",
	}
	isLang := func(s string) bool { return s == "en" }
	for in, want := range tests {
		if got := parsePath(in, isLang).base(); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
	if !strings.HasPrefix(parsePath("a.md", nil).s, "/") {
		t.Error("parsed paths must start with /")
	}
}
