package hugo

import (
	"strings"
	"testing"
)

// FuzzResolve resolves arbitrary destinations from each page of the
// hugo-links.md site: no panic, a found page's URL is what gets written,
// and a suggestion always resolves to the page it names.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{
		"other.md", "../other.md", "./../other.md", "../../../s/other.md", "/s/other/", "x.md/#frag",
		"#top", "?q", "mailto:x", "https://x/y", "%zz", "..", ".", "/", "", "bundle/index", "a b.md",
		"../s/_index.md", "//host/p", "/s/./other.md", "s/../t/page.md",
	} {
		f.Add(seed)
	}
	files := map[string]string{"content/_index.md": ""}
	for k, v := range linksSite {
		files[k] = v
	}
	s := newTestSite(f, files, nil, Options{})
	f.Fuzz(func(t *testing.T, dest string) {
		for _, from := range s.Pages() {
			r := s.Resolve(from, dest)
			if r.Kind == PageFound {
				if r.Target == nil || !strings.HasPrefix(r.URL, r.Target.URL) || r.Target.URL == "" {
					t.Fatalf("Resolve(%s, %q) = %+v", from.Key, dest, r)
				}
			}
			if r.Broken() && r.Kind == Missing {
				if p, link := s.Suggest(from, dest); p != nil && s.GetPage(from, strings.SplitN(link, "#", 2)[0]) != p {
					t.Fatalf("Suggest(%s, %q) = %q, which does not resolve to %s", from.Key, dest, link, p.Key)
				}
			}
		}
	})
}
