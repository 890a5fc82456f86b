package publish

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/guidec/guidec/internal/guide"
)

// render lays out every page on a new site of lay, folded or not, and
// returns the files written and the number of nodes folded.
func renderAll(t *testing.T, lay *Layouts, cfg *Config, pages []*Page, fold bool) (map[string]string, int) {
	t.Helper()
	defer func(old, native bool) { foldLayouts, useNative = old, native }(foldLayouts, useNative)
	foldLayouts, useNative = fold, false // the templates themselves: native.go does not fold
	var out MemOutput
	s, err := New(cfg, lay, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if _, err := s.WritePage(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Finish(nil, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, name := range out.Names() {
		b, _ := out.File(name)
		files[name] = string(b)
	}
	return files, s.lay.foldSingle.folded + s.lay.foldIndex.folded
}

// TestFoldSiteLayouts lays out the golden site's pages with the built-in
// layouts folded and unfolded: every file is the same, and the folding
// took the site-constant actions.
func TestFoldSiteLayouts(t *testing.T) {
	for _, live := range []bool{false, true} {
		cfg := testConfig(t)
		cfg.LiveReload = live
		cfg.Params = map[string]any{"repository": "https://example.org/<repo>?a=1&b=2"}
		want, _ := renderAll(t, testLayouts(t), cfg, fixedPages(), false)
		got, folded := renderAll(t, testLayouts(t), cfg, fixedPages(), true)
		if folded < 10 {
			t.Errorf("live reload %v: %d nodes folded; the built-in layouts have more site-constant ones", live, folded)
		}
		if len(got) != len(want) {
			t.Fatalf("%d files folded, %d not", len(got), len(want))
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("live reload %v: %s differs when folded:\n%s\nwant\n%s", live, name, got[name], w)
			}
		}
	}
}

// TestFold lays out two pages with small layouts and checks which nodes
// fold (those whose output is the same on every page) and which stay, and
// that the pages are what the unfolded layouts write.
func TestFold(t *testing.T) {
	const index = `{{ define "main" }}home{{ end }}`
	// The site's title when dot is a page: valid for every dot.
	const ifPage = `{{ .Title }}{{ if eq (printf "%T" .) "*publish.pageView" }}{{ .Site.Title }}{{ end }}`
	for _, tc := range []struct {
		name            string
		single, partial string
		folded          int    // nodes folded in the single layout
		left            string // an action that must remain, as it prints
		same            bool   // the pages are the same nonetheless
	}{
		{name: "site fields", single: `{{ .Site.Title }} {{ $.Site.LanguageCode }} {{ relURL "/x/" }} {{ .Site.Variables }}`, folded: 4},
		{name: "constant blocks", single: `{{ if .Site.LiveReload }}on{{ else }}off{{ end }}{{ with .Site.Params.repo }}<a href="{{ . }}">{{ . }}</a>{{ end }}{{ range .Site.Variables }}{{ .Name }},{{ end }}`, folded: 3},
		{name: "functions", single: `{{ printf "%s-%d" .Site.Title 3 | urlquery }}{{ len .Site.Variables }}{{ eq .Site.Title "x" }}`, folded: 3},
		// Actions on the page are not folded.
		{name: "page fields", single: `{{ .Title }}|{{ .Site.Title }}`, folded: 1, left: "{{.Title |"},
		{name: "page block", single: `{{ if .Draft }}draft{{ end }}{{ with .Prev }}{{ .Title }}{{ end }}`, folded: 0, left: "{{.Title |"},
		{name: "page in a constant block", single: `{{ if .Site.Title }}{{ .Name }}{{ end }}`, folded: 0, left: "{{.Name |"},
		// Variables are read by later nodes; dot inside with over the page is not the page.
		{name: "variables", single: `{{ $t := .Site.Title }}{{ $t }}{{ $.Title }}`, folded: 0, left: "{{$t |"},
		{name: "dot of a with", single: `{{ with .Prev }}{{ .URL }}{{ end }}{{ with .Next }}x{{ end }}`, folded: 0, left: "{{.URL |"},
		// A partial called with the page folds its site fields; one
		// called with something else does not.
		{name: "partial of the page", single: `{{ template "partials/p.html" . }}`, partial: `{{ .Site.Title }}/{{ .Title }}`, folded: 1, left: "{{.Title |"},
		{name: "partial of the page only", single: `{{ template "partials/p.html" . }}`, partial: ifPage, folded: 1},
		{name: "partial of another dot", single: `{{ template "partials/p.html" . }}{{ with .Prev }}{{ template "partials/p.html" . }}{{ end }}{{ with .Next }}{{ template "partials/p.html" . }}{{ end }}`, partial: ifPage, folded: 0, left: "{{.Site.Title |"},
		{name: "partial of a constant", single: `{{ template "partials/p.html" .Site }}`, partial: `{{ .Title }}`, folded: 0, left: "{{.Title |", same: true},
		// A node in a branch the first page does not take is left.
		{name: "branch not taken", single: `{{ if .Draft }}{{ .Site.Title }}{{ end }}`, folded: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"layouts/baseof.html": {Data: []byte(`{{ block "main" . }}{{ end }}`)},
				"layouts/single.html": {Data: []byte(`{{ define "main" }}` + tc.single + `{{ end }}`)},
				"layouts/index.html":  {Data: []byte(index)},
				"layouts/alias.html":  {Data: []byte(`{{ .Permalink }}`)},
			}
			if tc.partial != "" {
				fsys["layouts/partials/p.html"] = &fstest.MapFile{Data: []byte(tc.partial)}
			}
			lay, l := LoadLayouts(fsys)
			if len(l) > 0 {
				t.Fatal(l)
			}
			cfg := testConfig(t)
			cfg.Params = map[string]any{"repo": "https://example.org/r?a=1&b=<2>"}
			a := &guide.Meta{Title: "Alpha <a>", Date: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
			b := &guide.Meta{Title: "Beta & b", Draft: true}
			pages := []*Page{
				{Name: "alpha", Meta: a, Content: "<p>a</p>", Next: &Link{URL: "/beta/", Title: "Beta & b"}},
				{Name: "beta", Meta: b, Content: "<p>b</p>", Prev: &Link{URL: "/alpha/", Title: "Alpha <a>"}},
			}
			want, _ := renderAll(t, lay, cfg, pages, false)
			lay2, _ := LoadLayouts(fsys)
			var out MemOutput
			s, err := New(cfg, lay2, &out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				if _, err := s.WritePage(p); err != nil {
					t.Fatal(err)
				}
			}
			if s.lay.foldSingle.folded != tc.folded {
				t.Errorf("%d nodes folded, want %d:\n%s", s.lay.foldSingle.folded, tc.folded, s.lay.single.Lookup("main").Tree.Root)
			}
			if tc.left != "" && !strings.Contains(treeText(s.lay.single), tc.left) {
				t.Errorf("%s was folded:\n%s", tc.left, treeText(s.lay.single))
			}
			for _, name := range []string{"alpha/index.html", "beta/index.html"} {
				got, _ := out.File(name)
				if string(got) != want[name] {
					t.Errorf("%s folded:\n%s\nwant\n%s", name, got, want[name])
				}
			}
			if want["alpha/index.html"] == want["beta/index.html"] && tc.left != "" && !tc.same {
				t.Errorf("the pages are the same: the case tests nothing")
			}
		})
	}
}

// treeText is the text of every template of t's set.
func treeText(t *template.Template) string {
	var b strings.Builder
	for _, x := range t.Templates() {
		if x.Tree != nil && x.Tree.Root != nil {
			b.WriteString(x.Tree.Root.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// BenchmarkWritePageUnfolded is BenchmarkWritePage with the templates
// (not the native layouts), without folding.
func BenchmarkWritePageUnfolded(b *testing.B) {
	defer func(old, native bool) { foldLayouts, useNative = old, native }(foldLayouts, useNative)
	foldLayouts, useNative = false, false
	BenchmarkWritePage(b)
}

// BenchmarkWritePageTemplates is BenchmarkWritePage with the folded
// templates instead of the native layouts.
func BenchmarkWritePageTemplates(b *testing.B) {
	defer func(native bool) { useNative = native }(useNative)
	useNative = false
	BenchmarkWritePage(b)
}

// TestFoldConcurrent writes pages from several goroutines at once, as the
// workers of a build do, on a site whose layouts fold at the first of them
// (run it with -race): every page is the unfolded layout's.
func TestFoldConcurrent(t *testing.T) {
	var pages []*Page
	for i := range 16 {
		p := *fixedPages()[0]
		p.Name, p.Resources = "p"+strings.Repeat("x", i), nil
		pages = append(pages, &p)
	}
	want, _ := renderAll(t, testLayouts(t), testConfig(t), pages, false)
	defer func(native bool) { useNative = native }(useNative)
	useNative = false
	var out MemOutput
	s, err := New(testConfig(t), testLayouts(t), &out)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, len(pages))
	for _, p := range pages {
		go func() {
			_, err := s.WritePage(p)
			errs <- err
		}()
	}
	for range pages {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pages {
		name := p.Name + "/index.html"
		if got, _ := out.File(name); string(got) != want[name] {
			t.Errorf("%s differs when written concurrently", name)
		}
	}
	if s.lay.foldSingle.folded == 0 {
		t.Error("nothing was folded")
	}
}
