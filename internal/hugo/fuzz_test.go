package hugo

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
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

// FuzzDiscover builds trees from newline-separated file paths (with
// optional front matter after a tab) and checks that discovery, the site
// and every page's link to every other page hold up: no panic, every page
// in the site found by GetPage from its file path.
func FuzzDiscover(f *testing.F) {
	f.Add("_index.md\ns/_index.md\ns/leaf.md\ts: {slug: x}\ns/bundle/index.md\ns/bundle/a.png\nt/page.md")
	f.Add("A/Index.md\nA/b/_index.md\nA/b/c.md\td: {draft: true}\nx.md\nx/index.md\nu/_index.fr.md")
	f.Add("a.md\turl: /x/../../y\nb.md\taliases: [/a/, ../b, /]\nc/_index.md\tcascade: {headless: true}\nc/d.md")
	f.Fuzz(func(t *testing.T, spec string) {
		files := map[string]string{}
		for _, line := range strings.Split(spec, "\n") {
			name, fm, _ := strings.Cut(line, "\t")
			p := "content/" + name
			if name == "" || !fs.ValidPath(p) || len(files) > 50 {
				continue
			}
			files[p] = "---\n" + fm + "\n---\n"
		}
		fsys := mapFS(files)
		cfg := DefaultConfig()
		cfg.Languages = []string{"en", "fr"}
		tree, err := Discover(fsys, "content", cfg)
		if err != nil {
			return
		}
		for _, p := range tree.Pages {
			if p.File != "" {
				params := map[string]any{}
				if err := yaml.Unmarshal([]byte(strings.Trim(files["content/"+p.File], "-\n")), &params); err == nil {
					p.Front, _ = FrontFromParams(lowerKeys(params).(map[string]any))
				}
			}
		}
		s, _ := NewSite(tree, cfg, Options{})
		for _, from := range s.Pages() {
			// By file path: a key may look like it has a content extension
			// ("/x.ad" for x.ad.ad), and GetPage would strip it, as Hugo's.
			ref := "/" + from.File
			if from.File == "" {
				ref = path.Join(from.Key, "_index.md")
			}
			if from.InSite && s.GetPage(nil, ref) != from {
				t.Fatalf("GetPage(%q) does not find the page %s", ref, from.Key)
			}
			for _, to := range s.Pages() {
				s.Resolve(from, "/"+to.File)
				s.Suggest(from, to.Key+"x")
			}
		}
	})
}
