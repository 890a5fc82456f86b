package hugo

import (
	"testing"
)

func resolveSite(t *testing.T) *Site {
	t.Helper()
	files := map[string]string{
		"hugo.toml":                   "baseURL = 'https://example.org/'",
		"content/_index.md":           "",
		"content/s/_index.md":         "",
		"content/s/leaf.md":           "---\naliases: [/old/leaf/, /t/legacy.html]\ntags: [Go]\n---\n",
		"content/s/other.md":          "",
		"content/s/bundle/index.md":   "",
		"content/s/bundle/shot.png":   "",
		"content/s/bundle/part.md":    "",
		"content/s/sub/deep.md":       "",
		"content/s/logo.svg":          "",
		"content/s/draft.md":          "---\ndraft: true\n---\n",
		"content/s/headless/index.md": "---\nheadless: true\n---\n",
		"content/s/headless/data.txt": "",
		"content/t/page.md":           "",
	}
	cfg, err := LoadConfig(mapFS(files), ".", "")
	if err != nil {
		t.Fatal(err)
	}
	return newTestSite(t, files, cfg, Options{Static: []string{"images/logo.png", "keys/key.asc"}})
}

func TestResolve(t *testing.T) {
	s := resolveSite(t)
	leaf, bundle, section := s.ByFile("s/leaf.md"), s.ByFile("s/bundle/index.md"), s.ByFile("s/_index.md")
	tests := []struct {
		from     *Page
		dest     string
		kind     ResolveKind
		url      string // the URL written; "" to skip the check
		fragment string
	}{
		{leaf, "other.md", PageFound, "/s/other/", ""},
		{leaf, "other.md#frag", PageFound, "/s/other/#frag", "frag"},
		{leaf, "other.md/#frag", PageFound, "/s/other/#frag", "frag"},
		{leaf, "other.md?x=1#frag", PageFound, "/s/other/#frag", "frag"},
		{leaf, "other.md#a%20b", PageFound, "/s/other/#a b", "a b"},
		{leaf, "../other.md", Missing, "../other.md", ""},
		{bundle, "../other.md#x", PageFound, "/s/other/#x", "x"},
		{bundle, "../other", ReachedByURL, "../other", ""}, // GetPage misses; /s/bundle/../other is /s/other/
		{leaf, "../other/#x", ReachedByURL, "", "x"},
		{section, "../other", Missing, "", ""},
		{section, "../s/other.md", PageFound, "/s/other/", ""},
		{leaf, "deep.md", Missing, "", ""},
		{leaf, "/s/other/", PageFound, "/s/other/", ""},
		{leaf, "My%20Other.md", Missing, "", ""},
		{leaf, "#local", SamePage, "#local", "local"},
		{leaf, "?q=1", SamePage, "?q=1", ""},
		{leaf, "https://example.com/x.md", External, "https://example.com/x.md", ""},
		{leaf, "mailto:a@example.com", External, "", ""},
		{leaf, "ftp://host/s/other.md", External, "", ""},
		{leaf, "//host/x", External, "", ""},
		{leaf, "tel:+123", External, "", ""},
		{leaf, "%zz", Missing, "%zz", ""},
		// Not pages, but the link as written reaches a published file.
		{leaf, "/images/logo.png", Published, "/images/logo.png", ""},
		{leaf, "../../images/logo.png", Published, "", ""},
		{leaf, "../../keys/missing.asc", Missing, "", ""},
		{bundle, "shot.png", Published, "shot.png", ""},
		{bundle, "./shot.png", Published, "", ""},
		{leaf, "shot.png", Missing, "", ""}, // /s/leaf/shot.png: the leaf page owns no files
		{leaf, "../bundle/shot.png", Published, "", ""},
		{bundle, "part.md", Missing, "", ""}, // a content resource is not published
		{section, "logo.svg", Published, "", ""},
		{leaf, "/old/leaf/", Published, "", ""},
		{leaf, "/old/leaf", Published, "", ""},
		{leaf, "/t/legacy.html", Published, "", ""},
		{leaf, "/tags/go/", PageFound, "/tags/go/", ""},
		{leaf, "/tags/", PageFound, "/tags/", ""},
		{leaf, "/categories/technical/", Missing, "", ""},
		{leaf, "/index.xml", Published, "", ""},
		{leaf, "/sitemap.xml", Published, "", ""},
		// Pages Hugo does not write.
		{leaf, "draft.md", Unpublished, "", ""},
		{leaf, "headless/index.md", Unpublished, "", ""},
		{section, "headless/data.txt", Published, "", ""}, // resources of headless bundles are published
		{leaf, "headless/data.txt", Missing, "", ""},      // from /s/leaf/
	}
	for _, tt := range tests {
		r := s.Resolve(tt.from, tt.dest)
		if r.Kind != tt.kind {
			t.Errorf("Resolve(%s, %q).Kind = %v (%s), want %v", tt.from.File, tt.dest, r.Kind, r.Reason, tt.kind)
			continue
		}
		if tt.url != "" && r.URL != tt.url {
			t.Errorf("Resolve(%s, %q).URL = %q, want %q", tt.from.File, tt.dest, r.URL, tt.url)
		}
		if r.Fragment != tt.fragment {
			t.Errorf("Resolve(%s, %q).Fragment = %q, want %q", tt.from.File, tt.dest, r.Fragment, tt.fragment)
		}
		if r.Broken() != (tt.kind == Missing || tt.kind == Unpublished) {
			t.Errorf("Resolve(%s, %q).Broken() = %v", tt.from.File, tt.dest, r.Broken())
		}
	}
}

func TestSuggest(t *testing.T) {
	s := resolveSite(t)
	leaf, bundle := s.ByFile("s/leaf.md"), s.ByFile("s/bundle/index.md")
	tests := []struct {
		from       *Page
		dest       string
		wantTarget string
		wantLink   string
	}{
		{leaf, "othr.md#x", "s/other", "other.md#x"},
		{leaf, "../other.md", "s/other", "other.md"},
		{bundle, "../other", "s/other", "other.md"},
		{leaf, "deep.md", "s/sub/deep", "sub/deep.md"},
		{leaf, "page.md", "t/page", "../t/page.md"},
		{bundle, "deep.md", "s/sub/deep", "sub/deep.md"},
		{leaf, "../../nothing/like/this/at/all.md", "miss", ""},
	}
	for _, tt := range tests {
		p, link := s.Suggest(tt.from, tt.dest)
		if pageName(p) != tt.wantTarget || link != tt.wantLink {
			t.Errorf("Suggest(%s, %q) = %s %q, want %s %q", tt.from.File, tt.dest, pageName(p), link, tt.wantTarget, tt.wantLink)
		}
		if p != nil {
			if r := s.Resolve(tt.from, link); r.Target != p {
				t.Errorf("the suggestion %q does not resolve to %s", link, pageName(p))
			}
		}
	}
}

// TestResolveURL: an href that no render hook rewrites (shortcode output,
// raw HTML) is followed by the browser from the page's URL; a content
// file's path reaches nothing, the site's own absolute URLs are its pages.
func TestResolveURL(t *testing.T) {
	s := resolveSite(t)
	leaf, bundle, section := s.ByFile("s/leaf.md"), s.ByFile("s/bundle/index.md"), s.ByFile("s/_index.md")
	tests := []struct {
		from     *Page
		dest     string
		kind     ResolveKind
		target   string // pageName of Target; "" to skip
		fragment string
	}{
		{leaf, "/s/other/", ReachedByURL, "s/other", ""},
		{leaf, "/s/other", ReachedByURL, "s/other", ""},
		{leaf, "/s/other/index.html#x", ReachedByURL, "s/other", "x"},
		{leaf, "../other/#frag", ReachedByURL, "s/other", "frag"}, // /s/leaf/../other/
		{leaf, "other/", Missing, "", ""},                         // /s/leaf/other/
		{bundle, "../other/", ReachedByURL, "s/other", ""},
		{section, "other/", ReachedByURL, "s/other", ""}, // /s/ + other/
		// A content file's path is not a URL: GetPage is not asked.
		{leaf, "../other.md", Missing, "", ""},
		{section, "other.md", Missing, "", ""},
		{leaf, "/s/other.md", Missing, "", ""},
		{leaf, "#local", SamePage, "s/leaf", "local"},
		{leaf, "", SamePage, "s/leaf", ""},
		{leaf, "https://example.org/s/other/#y", ReachedByURL, "s/other", "y"},
		{leaf, "http://EXAMPLE.org/t/page/", ReachedByURL, "t/page", ""},
		{leaf, "https://example.org/nothing/", Missing, "", ""},
		{leaf, "https://example.org", ReachedByURL, "", ""}, // the home page
		{leaf, "https://example.com/s/other/", External, "", ""},
		{leaf, "https://example.org:8443/s/other/", External, "", ""},
		{leaf, "mailto:a@example.org", External, "", ""},
		{leaf, "/images/logo.png", Published, "", ""},
		{bundle, "shot.png", Published, "", ""},
		{leaf, "/old/leaf/", Published, "", ""},
		{leaf, "/s/draft/", Unpublished, "s/draft", ""},
		{leaf, "/s/headless/", Unpublished, "s/headless/index", ""},
		{leaf, "%zz", Missing, "", ""},
	}
	for _, tt := range tests {
		r := s.ResolveURL(tt.from, tt.dest)
		if r.Kind != tt.kind {
			t.Errorf("ResolveURL(%s, %q).Kind = %v (%s, reached %s), want %v", tt.from.File, tt.dest, r.Kind, r.Reason, r.Reached, tt.kind)
			continue
		}
		if tt.target != "" && pageName(r.Target) != tt.target {
			t.Errorf("ResolveURL(%s, %q).Target = %s, want %s", tt.from.File, tt.dest, pageName(r.Target), tt.target)
		}
		if r.Fragment != tt.fragment {
			t.Errorf("ResolveURL(%s, %q).Fragment = %q, want %q", tt.from.File, tt.dest, r.Fragment, tt.fragment)
		}
	}
}
