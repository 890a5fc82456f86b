package hugo

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	base := map[string]string{
		"docs/content/a.md":                     "",
		"docs/layouts/_shortcodes/x.html":       "",
		"docs/layouts/shortcodes/y.html":        "",
		"docs/layouts/_partials/p.html":         "",
		"docs/layouts/_markup/render-link.html": "",
		"docs/data/d.json":                      "{}",
		"docs/static/s.png":                     "",
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		files   map[string]string
		dir     string
		layout  Layout
		root    string
		content string
	}{
		{"root with hugo.toml", with(map[string]string{"docs/hugo.toml": ""}), "docs", ProjectRoot, "docs", "docs/content"},
		{"root with config.yaml", with(map[string]string{"docs/config.yaml": ""}), "docs", ProjectRoot, "docs", "docs/content"},
		{"root with config/_default", with(map[string]string{"docs/config/_default/hugo.toml": ""}), "docs", ProjectRoot, "docs", "docs/content"},
		{"content directory", with(map[string]string{"docs/hugo.toml": ""}), "docs/content", ProjectContent, "docs", "docs/content"},
		{"content directory, trailing slash", with(map[string]string{"docs/hugo.json": "{}"}), "docs/content/", ProjectContent, "docs", "docs/content"},
		{"no configuration: plain", base, "docs", Plain, "docs", "docs"},
		{"no configuration: plain content", base, "docs/content", Plain, "docs/content", "docs/content"},
		{"configured contentDir", map[string]string{"site/hugo.toml": "contentDir = 'pages'", "site/pages/a.md": ""}, "site", ProjectRoot, "site", "site/pages"},
		{"configured contentDir, given", map[string]string{"site/hugo.toml": "contentDir = 'pages'", "site/pages/a.md": ""}, "site/pages", ProjectContent, "site", "site/pages"},
		{"a section of a project is plain", with(map[string]string{"docs/hugo.toml": "", "docs/content/s/b.md": ""}), "docs/content/s", Plain, "docs/content/s", "docs/content/s"},
		{"project at the FS root", map[string]string{"hugo.toml": "", "content/a.md": ""}, ".", ProjectRoot, ".", "content"},
		{"content at the FS root's child", map[string]string{"hugo.toml": "", "content/a.md": ""}, "content", ProjectContent, ".", "content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Detect(mapFS(tt.files), tt.dir, DetectOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Layout != tt.layout || p.Root != tt.root || p.Content != tt.content {
				t.Errorf("Detect = %v root %q content %q, want %v %q %q", p.Layout, p.Root, p.Content, tt.layout, tt.root, tt.content)
			}
		})
	}
	p, err := Detect(mapFS(with(map[string]string{"docs/hugo.toml": ""})), "docs", DetectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{Layout: ProjectRoot, Root: "docs", Content: "docs/content", ContentPath: "docs/content",
		Shortcodes: []string{"docs/layouts/_shortcodes", "docs/layouts/shortcodes"},
		Partials:   []string{"docs/layouts/_partials"},
		Markup:     []string{"docs/layouts/_markup"},
		Data:       []string{"docs/data"},
		Static:     []string{"docs/static"},
	}
	p.Config = nil
	if !reflect.DeepEqual(p, want) {
		t.Errorf("project = %+v\nwant %+v", p, want)
	}
}

func TestDetectErrors(t *testing.T) {
	_, err := Detect(mapFS(map[string]string{"docs/hugo.toml": "baseURL = [", "docs/content/a.md": ""}), "docs", DetectOptions{})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != "docs/hugo.toml" || ce.Line != 1 {
		t.Errorf("err = %v, want a ConfigError at docs/hugo.toml:1", err)
	}
	_, err = Detect(mapFS(map[string]string{"docs/hugo.toml": "contentDir = 'pages'", "docs/a.md": ""}), "docs", DetectOptions{})
	if err == nil || !strings.Contains(err.Error(), "pages") {
		t.Errorf("err = %v, want one naming the missing contentDir", err)
	}
}

func TestLoadConfig(t *testing.T) {
	files := map[string]string{
		"hugo.toml": `baseURL = "https://root.example/"
title = "Root"
[markup.goldmark.renderer]
unsafe = false
[params]
fromRoot = 1`,
		"config/_default/hugo.toml": `baseURL = "https://dir.example/docs/"
disableKinds = ["taxonomy"]
[taxonomies]
Tag = "Tags"`,
		"config/_default/markup.toml": `[goldmark.parser]
autoHeadingIDType = "github-ascii"
[goldmark.parser.attribute]
block = true
[goldmark.renderer]
unsafe = true
[tableOfContents]
startLevel = 1
endLevel = 4`,
		"config/_default/params.yaml":   "fromDir: 2\nNested: {Key: v}\n",
		"config/_default/menus.en.toml": "[[main]]\nname = 'x'",
		"config/_default/README.md":     "not configuration",
		"config/production/params.json": `{"fromDir": 3}`,
		"config/production/hugo.toml":   `uglyURLs = true`,
		"config/development/hugo.toml":  `uglyURLs = false`,
	}
	cfg, err := LoadConfig(mapFS(files), ".", "production")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"baseURL (dir wins)", cfg.BaseURL, "https://dir.example/docs/"},
		{"base path", cfg.BasePath(), "/docs"},
		{"title (root)", cfg.Raw["title"], "Root"},
		{"disableKinds", cfg.DisableKinds, map[string]bool{"taxonomy": true}},
		{"taxonomies", cfg.Taxonomies, map[string]string{"tag": "tags"}},
		{"id type", cfg.Markup.AutoHeadingIDType, IDGitHubASCII},
		{"attribute.block", cfg.Markup.AttributeBlock, true},
		{"attribute.title (default)", cfg.Markup.AttributeTitle, true},
		{"unsafe (markup.toml wins)", cfg.Markup.Unsafe, true},
		{"toc", [2]int{cfg.Markup.TOCStartLevel, cfg.Markup.TOCEndLevel}, [2]int{1, 4}},
		{"params merged", cfg.Params["fromroot"], int64(1)},
		{"params env wins", cfg.Params["fromdir"], float64(3)},
		{"params keys lower-cased", cfg.Params["nested"], map[string]any{"key": "v"}},
		{"env hugo.toml", cfg.UglyURLs, true},
		{"menus.en.toml left out", cfg.Raw["menus"], nil},
		{"files", cfg.Files, []string{"hugo.toml", "config/_default/hugo.toml", "config/_default/markup.toml", "config/_default/params.yaml", "config/production/hugo.toml", "config/production/params.json"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	def, err := LoadConfig(mapFS(map[string]string{}), ".", "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(def.Markup, DefaultConfig().Markup) || def.ContentDir != "content" || len(def.Taxonomies) != 2 {
		t.Errorf("defaults = %+v", def)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, file, content string
		line, col           int
		msg                 string
	}{
		{"toml syntax", "hugo.toml", "a = 1\nb = [\n", 2, 6, "incomplete"},
		{"json syntax", "hugo.json", "{\n  \"a\": ,\n}", 2, 8, ""},
		{"yaml syntax", "hugo.yaml", "a: [\n", 0, 0, "yaml"},
		{"bad id type", "hugo.toml", "[markup.goldmark.parser]\nautoHeadingIDType = 'gitlab'", 0, 0, "gitlab"},
		{"bad permalinks", "hugo.toml", "[permalinks.home]\nx = '/:slug/'", 0, 0, "home"},
		{"unknown permalink attribute", "hugo.toml", "[permalinks]\nblog = '/:nonsense/'", 0, 0, ":nonsense"},
		{"bad ignoreFiles", "hugo.toml", "ignoreFiles = ['(']", 0, 0, "ignoreFiles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(mapFS(map[string]string{tt.file: tt.content}), ".", "")
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a ConfigError", err)
			}
			if ce.Line != tt.line || ce.Column != tt.col || !strings.Contains(ce.Error(), tt.msg) || !strings.Contains(ce.Error(), tt.file) {
				t.Errorf("err = %v (line %d col %d), want %d:%d mentioning %q", ce, ce.Line, ce.Column, tt.line, tt.col, tt.msg)
			}
		})
	}
}
