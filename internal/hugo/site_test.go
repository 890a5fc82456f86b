package hugo

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// describeURLs lists the pages of a site with their URL (.RelPermalink,
// "-" when empty) and aliases, the link too when it differs.
func describeURLs(s *Site) string {
	var lines []string
	for _, p := range s.Pages() {
		name := p.File
		if name == "" {
			name = p.Key
		}
		u := p.URL
		if u == "" {
			u = "-"
		}
		line := fmt.Sprintf("%s %s", name, u)
		if p.Link != p.URL {
			line += " link=" + p.Link
		}
		if p.Draft {
			line += " draft"
		}
		if len(p.Aliases) > 0 {
			line += " aliases=" + strings.Join(p.Aliases, ",")
		}
		lines = append(lines, line)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestURLs(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		cfg   string // hugo.toml
		opt   Options
		want  string
	}{
		{
			name: "sections, bundles, leaves",
			files: map[string]string{
				"_index.md": "", "s/_index.md": "", "s/leaf.md": "", "s/bundle/index.md": "",
				"s/sub/deep.md": "", "t/page.md": "", "About Us.md": "", "s/Ünïcode Page.md": "", "s/a&b (c).md": "",
			},
			want: `/categories /categories/
/t /t/
/tags /tags/
About Us.md /about-us/
_index.md /
s/_index.md /s/
s/a&b (c).md /s/ab-c/
s/bundle/index.md /s/bundle/
s/leaf.md /s/leaf/
s/sub/deep.md /s/sub/deep/
s/Ünïcode Page.md /s/%C3%BCn%C3%AFcode-page/
t/page.md /t/page/`,
		},
		{
			name: "slug and url",
			files: map[string]string{
				"s/_index.md":       "---\nslug: Renamed Section\n---\n",
				"s/leaf.md":         "---\nslug: My Slug\n---\n",
				"s/bundle/index.md": "---\nurl: /Custom/Path/\n---\n",
				"s/sub/deep.md":     "",
				"s/sub/file.md":     "---\nurl: /files/report.html\n---\n",
				"s/sub/_index.md":   "---\nslug: inner\n---\n",
				"s/sub/x/y.md":      "",
				"t/_index.md":       "---\nurl: /T Section/\n---\n",
				"t/page.md":         "---\nurl: relative/path\n---\n",
				"t/up.md":           "---\nurl: /a/../../b/\n---\n",
				"t/pattern.md":      "---\ntitle: Some Title\nurl: /p/:slug/\n---\n",
			},
			cfg: "taxonomies = {}",
			want: `/ /
s/_index.md /renamed-section/
s/bundle/index.md /Custom/Path/
s/leaf.md /renamed-section/my-slug/
s/sub/_index.md /renamed-section/inner/
s/sub/deep.md /renamed-section/inner/deep/
s/sub/file.md /files/report.html
s/sub/x/y.md /renamed-section/inner/x/y/
t/_index.md /t-section/
t/page.md /relative/path/
t/pattern.md /p/some-title/
t/up.md /b/`,
		},
		{
			name: "permalinks, as Authelia configures them",
			files: map[string]string{
				"blog/_index.md":              "",
				"blog/release-notes/index.md": "---\ntitle: \"4.39: Release Notes\"\n---\n",
				"blog/setup/index.md":         "---\ntitle: \"Authelia + Traefik Setup Guide\"\n---\n",
				"blog/hello/index.md":         "---\ntitle: \"Say hello to the new website 👋\"\n---\n",
				"blog/slugged.md":             "---\ntitle: T\nslug: my-slug\n---\n",
				"docs/a/b/page.md":            "---\ntitle: P\n---\n",
				"docs/a/_index.md":            "",
				"docs/top.md":                 "---\ntitle: Top\n---\n",
				"news/2024-post.md":           "---\ntitle: Post\ndate: 2024-03-05\n---\n",
				"other/page.md":               "",
			},
			cfg: `taxonomies = {}
[permalinks]
  blog = "/blog/:slug/"
  docs = "/docs/:sections[1:]/:slug/"
  news = "/:year/:month/:filename/"`,
			// "+" is lost: Hugo query-unescapes an expanded permalink.
			want: `/ /
/docs /docs/
/news /news/
/other /other/
blog/_index.md /blog/
blog/hello/index.md /blog/say-hello-to-the-new-website/
blog/release-notes/index.md /blog/4.39-release-notes/
blog/setup/index.md /blog/authelia--traefik-setup-guide/
blog/slugged.md /blog/my-slug/
docs/a/_index.md /docs/a/
docs/a/b/page.md /docs/a/p/
docs/top.md /docs/top/
news/2024-post.md /2024/03/2024-post/
other/page.md /other/page/`,
		},
		{
			name:  "ugly URLs and a base path",
			files: map[string]string{"_index.md": "", "s/_index.md": "", "s/leaf.md": "", "s/bundle/index.md": "---\naliases: [old]\n---\n"},
			cfg:   "baseURL = 'https://example.org/docs/'\nuglyURLs = true\ntaxonomies = {}",
			want: `_index.md /docs/
s/_index.md /docs/s.html
s/bundle/index.md /docs/s/bundle.html aliases=/docs/s/old.html
s/leaf.md /docs/s/leaf.html`,
		},
		{
			name: "aliases",
			files: map[string]string{
				"s/leaf.md":         "---\naliases: ['/docs/old.html', '/t/x', '/docs/features/2fa/', 'sibling', '../up']\n---\n",
				"s/bundle/index.md": "---\naliases: [/bad/../../x, 'http://x/y', /]\n---\n",
			},
			cfg: "taxonomies = {}",
			want: `/ /
/s /s/
s/bundle/index.md /s/bundle/ aliases=/x/
s/leaf.md /s/leaf/ aliases=/docs/old.html,/t/x/,/docs/features/2fa/,/s/sibling/,/up/`,
		},
		{
			name: "headless, build options, drafts, cascade",
			files: map[string]string{
				"s/headless/index.md": "---\nheadless: true\n---\n",
				"s/never.md":          "---\nbuild: {render: never}\n---\n",
				"s/link.md":           "---\nbuild: {render: link}\n---\n",
				"s/draft.md":          "---\ndraft: true\n---\n",
				"h/_index.md":         "---\ncascade: {build: {render: never, list: never}}\n---\n",
				"h/a.md":              "",
				"h/b.md":              "---\nbuild: {render: always}\n---\n",
				"d/_index.md":         "---\ncascade: [{draft: true, target: {path: '/d/x/**'}}]\n---\n",
				"d/x/y.md":            "",
				"d/z.md":              "",
			},
			cfg: "taxonomies = {}",
			want: `/ /
/s /s/
d/_index.md /d/
d/x/y.md - link=/d/x/y/ draft
d/z.md /d/z/
h/_index.md /h/
h/a.md - link=/h/a/
h/b.md /h/b/
s/draft.md - link=/s/draft/ draft
s/headless/index.md - link=/s/headless/
s/link.md /s/link/
s/never.md - link=/s/never/`,
		},
		{
			name:  "drafts built",
			files: map[string]string{"s/draft.md": "---\ndraft: true\n---\n"},
			cfg:   "taxonomies = {}",
			opt:   Options{Drafts: true},
			want: `/ /
/s /s/
s/draft.md /s/draft/ draft`,
		},
		{
			name: "taxonomies",
			files: map[string]string{
				"a.md": "---\ntags: [Go, 'Hugo Tips']\ncategories: technical\n---\n",
				"b.md": "---\ntags: [go]\n---\n",
			},
			want: `/ /
/categories /categories/
/categories/technical /categories/technical/
/tags /tags/
/tags/go /tags/go/
/tags/hugo-tips /tags/hugo-tips/
a.md /a/
b.md /b/`,
		},
		{
			name:  "disabled kinds",
			files: map[string]string{"a.md": "---\ntags: [go]\n---\n", "s/b.md": ""},
			cfg:   `disableKinds = ["taxonomy", "term", "section"]`,
			want: `/ /
/categories - link=/categories/
/s - link=/s/
/tags - link=/tags/
/tags/go - link=/tags/go/
a.md /a/
s/b.md /s/b/`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"hugo.toml": tt.cfg}
			for name, content := range tt.files {
				files["content/"+name] = content
			}
			cfg, err := LoadConfig(mapFS(files), ".", "")
			if err != nil {
				t.Fatal(err)
			}
			s := newTestSite(t, files, cfg, tt.opt)
			if got := describeURLs(s); got != tt.want {
				t.Errorf("URLs:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestTaxonomyContent checks that the content directory of a taxonomy
// gives its taxonomy and term pages (Doks keeps contributors so).
func TestTaxonomyContent(t *testing.T) {
	files := map[string]string{
		"hugo.toml":                               "disableKinds = ['term']\n[taxonomies]\ncontributor = 'contributors'",
		"content/contributors/_index.md":          "",
		"content/contributors/jane-doe/_index.md": "",
		"content/contributors/jane-doe/photo.png": "",
		"content/a.md":                            "---\ncontributors: [Jane Doe, John Roe]\n---\n",
	}
	cfg, err := LoadConfig(mapFS(files), ".", "")
	if err != nil {
		t.Fatal(err)
	}
	s := newTestSite(t, files, cfg, Options{})
	var got []string
	for _, p := range s.Pages() {
		got = append(got, fmt.Sprintf("%s %s %v", p.Key, p.Kind, p.InSite))
	}
	sort.Strings(got)
	want := "/ home true\n/a page true\n/contributors taxonomy true\n/contributors/jane-doe term false\n/contributors/john-roe term false"
	if strings.Join(got, "\n") != want {
		t.Errorf("pages:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestSiteProblems(t *testing.T) {
	files := map[string]string{
		"content/s/a.md":       "---\nslug: same\n---\n",
		"content/s/same.md":    "",
		"content/s/b.md":       "---\naliases: [/s/same/, /ok/, /]\n---\n",
		"content/s/c.md":       "---\nbuild: {render: sometimes}\ndraft: maybe\n---\n",
		"content/s/d/index.md": "---\naliases: ['https://elsewhere/x']\n---\n",
	}
	fsys := mapFS(files)
	tree, err := Discover(fsys, "content", nil)
	if err != nil {
		t.Fatal(err)
	}
	var frontErrs []string
	for _, p := range tree.Pages {
		if p.File == "" {
			continue
		}
		f, errs := FrontFromParams(frontMatter(t, files["content/"+p.File]))
		for _, e := range errs {
			frontErrs = append(frontErrs, p.File+": "+e.Error())
		}
		p.Front = f
	}
	_, problems := NewSite(tree, nil, Options{})
	var got []string
	for _, p := range problems {
		got = append(got, p.Code+" "+p.File+": "+p.Message)
	}
	got = append(got, frontErrs...)
	sort.Strings(got)
	want := []string{
		"content-front-matter s/b.md: alias \"/\" resolves to the website root directory",
		"content-front-matter s/d/index.md: alias \"https://elsewhere/x\": Hugo does not support http(s) aliases",
		"content-url-clash s/b.md: alias \"/s/same/\" is the URL of s/a.md; the redirect replaces that page",
		"content-url-clash s/same.md: published at /s/same/, as is s/a.md; one overwrites the other",
		"s/c.md: build.render: sometimes is not always, link or never",
		"s/c.md: draft: want true or false, not maybe",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
