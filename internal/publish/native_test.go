package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/testenv"
)

// TestNativeLayoutSet checks that the built-in layouts are the ones the
// native functions reproduce, and that any other set runs as templates.
func TestNativeLayoutSet(t *testing.T) {
	if !testLayouts(t).builtin {
		t.Fatal("site/layouts are not recognised as the built-in layouts: were they edited? Update native.go and nativeLayoutSums")
	}
	files := fstest.MapFS{}
	fs.WalkDir(siteFS(t), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(siteFS(t), p)
			files[p] = &fstest.MapFile{Data: b}
		}
		return err
	})
	for _, tc := range []struct {
		name string
		edit func(fstest.MapFS)
	}{
		{"edited baseof", func(m fstest.MapFS) { m[layoutBase].Data = append(m[layoutBase].Data, ' ') }},
		{"edited partial", func(m fstest.MapFS) {
			m["layouts/partials/toc.html"].Data = bytes.ReplaceAll(m["layouts/partials/toc.html"].Data, []byte("<ul>"), []byte("<ol>"))
		}},
		{"extra partial", func(m fstest.MapFS) {
			m["layouts/partials/x.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}x{{ end }}`)}
		}},
		{"edited alias", func(m fstest.MapFS) { m[layoutAlias].Data = []byte(`{{ .Permalink }}`) }},
	} {
		m := fstest.MapFS{}
		for k, v := range files {
			m[k] = &fstest.MapFile{Data: bytes.Clone(v.Data)}
		}
		tc.edit(m)
		lay, l := LoadLayouts(m)
		if len(l) > 0 {
			t.Fatalf("%s: %v", tc.name, l)
		}
		if lay.builtin {
			t.Errorf("%s: taken for the built-in layouts", tc.name)
		}
		s, err := New(testConfig(t), lay, &MemOutput{})
		if err != nil || s.nat != nil {
			t.Errorf("%s: native layouts used (%v)", tc.name, err)
		}
	}
}

// buildBoth builds a site of pages with cfg twice, with the native
// layouts and with the templates, and reports every file that differs.
func buildBoth(t *testing.T, cfg *Config, pages []*Page) int {
	t.Helper()
	run := func(native bool) *MemOutput {
		defer func(old bool) { useNative = old }(useNative)
		useNative = native
		var out MemOutput
		s, err := New(cfg, testLayouts(t), &out)
		if err != nil {
			t.Fatal(err)
		}
		if native && s.nat == nil {
			t.Fatal("the native layouts are not used")
		}
		for _, p := range pages {
			if _, err := s.WritePage(p); err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
		}
		if _, err := s.Finish(nil, nil); err != nil {
			t.Fatal(err)
		}
		return &out
	}
	got, want := run(true), run(false)
	names := want.Names()
	if g := got.Names(); strings.Join(g, "\n") != strings.Join(names, "\n") {
		t.Fatalf("files differ:\n%v\n%v", g, names)
	}
	bad := 0
	for _, n := range names {
		g, _ := got.File(n)
		w, _ := want.File(n)
		if !bytes.Equal(g, w) {
			bad++
			if bad <= 3 {
				t.Errorf("%s differs:\nnative:\n%s\ntemplate:\n%s", n, g, w)
			}
		}
	}
	return len(names)
}

// TestNativeLayoutsCorpus lays out every guide of the corpus both ways.
func TestNativeLayoutsCorpus(t *testing.T) {
	dir := testenv.CorpusIfPresent(t)
	if dir == "" {
		t.Skip("no corpus")
	}
	src := os.DirFS(dir)
	names, l, err := guide.Discover(src, ".")
	if err != nil || len(l) > 0 {
		t.Fatal(err, l)
	}
	metas := map[string]*guide.Meta{}
	var pages []*Page
	for _, n := range names {
		g, _ := guide.Load(src, ".", n, "")
		if g == nil {
			continue
		}
		metas[n] = &g.Meta
		pages = append(pages, bodyPage(n, "", g))
	}
	nav := Navigation(metas)
	for _, p := range pages {
		p.Prev, p.Next = nav[p.Name].Prev, nav[p.Name].Next
	}
	n := buildBoth(t, testConfig(t), pages)
	t.Logf("%d pages, %d files the same", len(pages), n)
}

// TestNativeLayoutsDocs lays out every page of the Hugo docs tree both
// ways, at its Hugo URLs.
func TestNativeLayoutsDocs(t *testing.T) {
	dir := testenv.SharedIfPresent(t, "corpus", "authelia-docs")
	if dir == "" {
		t.Skip("no docs tree")
	}
	src := os.DirFS(dir)
	metas := map[string]*guide.Meta{}
	var pages []*Page
	fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		g, _ := guide.LoadFile(src, p, p, p)
		if g == nil {
			return nil
		}
		u := "/" + strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(p, ".md"), "index"), "_") + "/"
		u = strings.ReplaceAll(u, "//", "/")
		if u == "/" {
			return nil
		}
		metas[p] = &g.Meta
		pages = append(pages, bodyPage(p, u, g))
		return nil
	})
	if len(pages) == 0 {
		t.Skip("no pages in the docs tree")
	}
	urls := map[string]string{}
	for _, p := range pages {
		urls[p.Name] = p.URL
	}
	nav := NavigationAt(metas, func(n string) string { return urls[n] })
	for _, p := range pages {
		p.Prev, p.Next = nav[p.Name].Prev, nav[p.Name].Next
	}
	n := buildBoth(t, testConfig(t), pages)
	t.Logf("%d pages, %d files the same", len(pages), n)
}

// bodyPage is a page of g with its body as preformatted text and a
// table of contents from its Markdown headings.
func bodyPage(name, url string, g *guide.Guide) *Page {
	body := string(g.File.Content[g.Body.Start:g.Body.End])
	p := &Page{Name: name, URL: url, File: g.File, Meta: &g.Meta,
		Content: template.HTML("<pre>" + template.HTMLEscapeString(body) + "</pre>")}
	for _, line := range strings.Split(body, "\n") {
		level := len(line) - len(strings.TrimLeft(line, "#"))
		if level > 0 && level <= 6 && strings.HasPrefix(line[level:], " ") {
			text := strings.TrimSpace(line[level:])
			p.Headings = append(p.Headings, Heading{Level: level, ID: strings.ToLower(strings.ReplaceAll(text, " ", "-")), Text: text})
		}
	}
	return p
}

// nastyValues are strings that each escaper treats differently.
var nastyValues = []string{
	"", "x", "plain title", `"quoted" & 'single' <b>tag</b> +plus`, "javascript:alert(1)", "JavaScript:x",
	"vbscript:x", "data:text/html,<script>", "http://e.example/a b?c=d&e=f#g", "HTTPS://E.EXAMPLE/%41%4", "mailto:a@b",
	"//proto.example/x", "/rel/path/", "#frag", "?q=1&r=2", "a:b/c", "a/b:c", "100%", "%zz", "%4", "a%2Fb",
	"é ü 日本語 😀", "\x00nul\x00", "bad \xff\xfe utf8", "\ufdd0\ufffe\uffff", "httpſ://long-s", "tab\there\nnewline",
	"url=javascript:x; y", "</script><script>alert(1)</script>", "<!-- -->", "{{ .Title }}", "a\u2028b\u2029c",
	strings.Repeat("very long title ", 300), "`backtick` ${x}", "\\back\\slash", "semi;colon=eq",
}

// TestNativeLayoutsGenerated lays out generated pages with adversarial
// values in every field, on sites with adversarial configurations, both
// ways.
func TestNativeLayoutsGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return nastyValues[rng.IntN(len(nastyValues))] }
	maybe := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return pick()
	}
	dates := []time.Time{{}, time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC),
		time.Date(1999, 12, 31, 1, 2, 3, 4, time.FixedZone("", -5*3600-30*60)), time.Date(2030, 1, 1, 0, 0, 0, 0, time.FixedZone("X", 14*3600))}
	date := func() time.Time { return dates[rng.IntN(len(dates))] }
	total := 0
	for round := range 40 {
		cfg := testConfig(t)
		cfg.Title, cfg.Description, cfg.LanguageCode = maybe(), maybe(), maybe()
		cfg.LiveReload = rng.IntN(2) == 0
		switch rng.IntN(4) {
		case 0:
			cfg.Params = nil
		case 1:
			cfg.Params = map[string]any{"repository": pick()}
		case 2:
			cfg.Params = map[string]any{"repository": "https://github.com/x/y?a=1&b=<2>", "other": 3}
		}
		if round%5 == 1 {
			cfg.BaseURL = "https://ex.example/a%20b/c+d/"
		}
		if round%5 == 2 {
			cfg.BaseURL = "http://localhost:1313/"
		}
		for i := range cfg.Variables {
			if rng.IntN(2) == 0 {
				cfg.Variables[i].Description = pick()
			}
		}
		metas := map[string]*guide.Meta{}
		var pages []*Page
		for i := range 12 {
			name := fmt.Sprintf("g%02d-%d", i, round)
			m := &guide.Meta{Title: pick(), Description: maybe(), Weight: rng.IntN(3), Draft: rng.IntN(4) == 0,
				TOC: rng.IntN(3) > 0, Date: date(), Lastmod: date()}
			m.SEO.Title, m.SEO.Description, m.SEO.NoIndex = maybe(), maybe(), rng.IntN(4) == 0
			if rng.IntN(3) == 0 {
				m.SEO.Canonical = pick()
			}
			m.Support.Level = maybe()
			for range rng.IntN(3) {
				m.Images = append(m.Images, pick())
			}
			for range rng.IntN(2) {
				m.Aliases = append(m.Aliases, fmt.Sprintf("/old/%s-%d/", name, rng.IntN(100)))
			}
			metas[name] = m
			p := &Page{Name: name, Meta: m, Content: template.HTML(pick())}
			if rng.IntN(4) == 0 {
				p.TOC = template.HTML(maybe())
			}
			for range rng.IntN(8) {
				p.Headings = append(p.Headings, Heading{Level: 1 + rng.IntN(4), ID: maybe(), Text: pick()})
			}
			if i%6 == 5 {
				p.URL = "/" + path.Join("sec", urlSeg(pick())+"-"+name) + "/"
			}
			pages = append(pages, p)
		}
		if round%4 == 3 {
			pages = append(pages, &Page{Name: "home", URL: "/", Meta: &guide.Meta{Title: pick()}, Content: template.HTML(pick())})
		}
		nav := Navigation(metas)
		for _, p := range pages {
			p.Prev, p.Next = nav[p.Name].Prev, nav[p.Name].Next
			if p.Prev != nil && rng.IntN(4) == 0 {
				p.Prev.Title, p.Prev.URL = pick(), "/"+urlSeg(pick())+"/"
			}
		}
		total += buildBoth(t, cfg, pages)
		if t.Failed() {
			t.Fatalf("round %d", round)
		}
	}
	t.Logf("%d files the same", total)
}

// urlSeg keeps the characters of s that a page URL may hold.
func urlSeg(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '/' || r == '\\' || r == '.' || r == '%' || r == '?' || r == '#' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return "x"
	}
	return s
}

// TestNativeAlias writes redirect pages for adversarial permalinks and
// language codes with the native function and with the template.
func TestNativeAlias(t *testing.T) {
	s, err := New(testConfig(t), testLayouts(t), &MemOutput{})
	if err != nil || s.nat == nil {
		t.Fatal("the native layouts are not used", err)
	}
	for i, p := range nastyValues {
		v := aliasView{Permalink: p, LanguageCode: nastyValues[(i+5)%len(nastyValues)]}
		var want, got bytes.Buffer
		lay, err := s.templates()
		if err != nil {
			t.Fatal(err)
		}
		if err := lay.alias.ExecuteTemplate(&want, "alias.html", v); err != nil {
			t.Fatal(err)
		}
		s.nat.writeAlias(&got, v)
		if got.String() != want.String() {
			t.Errorf("alias of %q:\nnative   %q\ntemplate %q", p, got.String(), want.String())
		}
	}
}
