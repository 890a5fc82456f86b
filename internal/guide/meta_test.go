package guide

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const fullFM = `---
title: "ROM Manager (RomM)"
description: "Integrating RomM."
summary: ""
date: 2025-06-01T12:55:40+10:00
lastmod: 2025-07-01
draft: false
images: [logo.png]
weight: 620
toc: true
aliases:
  - '/integration/openid-connect/romm/'
  - /old/romm
support:
  level: community
  versions: true
  integration: true
seo:
  title: "RomM | OIDC"
  description: "Step-by-step."
  canonical: "" # custom canonical URL (optional)
  noindex: true
params:
  icon: rom
---
## Body
`

func TestMetaDecode(t *testing.T) {
	g, l := load(t, fullFM)
	if len(l) > 0 {
		t.Fatalf("diagnostics: %v", render(l))
	}
	m := g.Meta
	want := Meta{
		Title: "ROM Manager (RomM)", Description: "Integrating RomM.",
		Date:    time.Date(2025, 6, 1, 12, 55, 40, 0, time.FixedZone("", 10*3600)),
		Lastmod: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		Images:  []string{"logo.png"}, Weight: 620, TOC: true,
		Aliases: []string{"/integration/openid-connect/romm/", "/old/romm"},
		Support: Support{Level: "community", Versions: true, Integration: true},
		SEO:     SEO{Title: "RomM | OIDC", Description: "Step-by-step.", NoIndex: true},
	}
	if !m.Date.Equal(want.Date) || !m.Lastmod.Equal(want.Lastmod) {
		t.Errorf("dates: got %v, %v", m.Date, m.Lastmod)
	}
	m2 := m
	m2.Date, m2.Lastmod, m2.Params, m2.Fields, m2.AliasSpans = want.Date, want.Lastmod, nil, nil, nil
	if !reflect.DeepEqual(m2, want) {
		t.Errorf("got  %+v\nwant %+v", m2, want)
	}
	if m.LastModified() != m.Lastmod {
		t.Errorf("LastModified = %v", m.LastModified())
	}
	spans := map[string][2]string{
		"title":         {"title", `"ROM Manager (RomM)"`},
		"support.level": {"level", "community"},
		"seo.canonical": {"canonical", `""`},
		"aliases.1":     {"/old/romm", "/old/romm"},
		"images":        {"images", "[logo.png]"},
		"support":       {"support", "level: community\n  versions: true\n  integration: true"},
	}
	for path, w := range spans {
		k, v := m.KeySpan(path), m.ValueSpan(path)
		gk, gv := string(g.File.Content[k.Start:k.End]), string(g.File.Content[v.Start:v.End])
		if gk != w[0] || gv != w[1] {
			t.Errorf("%s: key %q value %q, want %q %q", path, gk, gv, w[0], w[1])
		}
	}
	if m.Has("params.icon") || !m.Has("params") {
		t.Errorf("params is free-form: only its own key is located")
	}
	for i, sp := range m.AliasSpans {
		if got := string(g.File.Content[sp.Start:sp.End]); strings.Trim(got, "'") != m.Aliases[i] {
			t.Errorf("alias span %d holds %q", i, got)
		}
	}
	if got := m.Params["params"].(map[string]any)["icon"]; got != "rom" {
		t.Errorf("params.icon = %v", got)
	}
	if got := m.Params["weight"]; got != 620 {
		t.Errorf("Params[weight] = %#v", got)
	}
	if got := string(g.File.Content[g.Body.Start:g.Body.End]); got != "## Body\n" {
		t.Errorf("body = %q", got)
	}
	if got := string(g.File.Content[g.FrontMatter.Start:g.FrontMatter.End]); !strings.HasPrefix(got, "title:") || !strings.HasSuffix(got, "icon: rom\n") {
		t.Errorf("front matter = %q", got)
	}
}

func TestMetaLenient(t *testing.T) {
	// Forms Hugo accepts: a string alias, numbers as titles, quoted booleans
	// and weights, keys in any case, null values.
	g, l := load(t, "---\nTitle: 2048\naliases: /old/\ndraft: \"TRUE\"\nweight: '7'\nimages:\ndate: 2024-03-14 06:00:14\nlastmod: 2024-03-14T06:00:14\nSEO: {NoIndex: false}\n---\n")
	if len(l) > 0 {
		t.Fatalf("diagnostics: %v", render(l))
	}
	m := g.Meta
	if m.Title != "2048" || !m.Draft || m.Weight != 7 || len(m.Aliases) != 1 || m.Aliases[0] != "/old/" || m.Images != nil {
		t.Errorf("got %+v", m)
	}
	want := time.Date(2024, 3, 14, 6, 0, 14, 0, time.UTC)
	if !m.Date.Equal(want) || !m.Lastmod.Equal(want) {
		t.Errorf("dates %v %v", m.Date, m.Lastmod)
	}
	if _, ok := m.Params["title"]; !ok {
		t.Errorf("Params keys not lowercased: %v", m.Params)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-03-14T06:00:14+11:00", time.Date(2024, 3, 13, 19, 0, 14, 0, time.UTC), true},
		{"2024-03-14T06:00:14Z", time.Date(2024, 3, 14, 6, 0, 14, 0, time.UTC), true},
		{"2024-03-14T06:00:14.5Z", time.Date(2024, 3, 14, 6, 0, 14, 5e8, time.UTC), true},
		{"2024-03-14T06:00:14", time.Date(2024, 3, 14, 6, 0, 14, 0, time.UTC), true},
		{"2024-03-14 06:00:14 +0100", time.Date(2024, 3, 14, 5, 0, 14, 0, time.UTC), true},
		{"2024-03-14", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC), true},
		{"14/03/2024", time.Time{}, false},
		{"2024-02-30", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAliasFile(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"/integration/openid-connect/romm/", "integration/openid-connect/romm/index.html", ""},
		{"/old/romm", "old/romm/index.html", ""},
		{"old-name/", "old-name/index.html", ""},
		{"/old/page.html", "old/page.html", ""},
		{"/caf%C3%A9/", "caf%C3%A9/index.html", ""},
		{"", "", "alias is empty"},
		{"https://x.example/a/", "", "is a URL"},
		{"//x.example/a/", "", "is a URL"},
		{"javascript:alert(1)", "", "is a URL"},
		{"/a/../b/", "", `".." segment`},
		{"/a/./b/", "", `"." segment`},
		{"/a/%2e%2e/b/", "", `"%2e%2e" segment`},
		{"/a/.%2E/", "", `".%2E" segment`},
		{"/a/%2F/", "", "encodes a path separator"},
		{"/a/%00/", "", "encodes a path separator"},
		{"/a/%zz/", "", "invalid percent-encoding"},
		{"/\xaf0/", "", "not valid UTF-8"},
		{"/a//b/", "", "empty path segment"},
		{`/a\b/`, "", "backslash"},
		{"/a b/", "", "blanks"},
		{"/a?x=1", "", "query or fragment"},
		{"/", "", "site root"},
		{"///", "", "URL"},
		// A segment is a file name: at most 255 bytes as written (encoded
		// or not), counted in bytes, however the characters are spelt.
		{"/" + strings.Repeat("x", 255) + "/", strings.Repeat("x", 255) + "/index.html", ""},
		{"/" + strings.Repeat("x", 256) + "/", "", "longer than 255 bytes"},
		{"/a/" + strings.Repeat("é", 128) + "/", "", "longer than 255 bytes"},
		{"/a/" + strings.Repeat("%C3%A9", 43) + "/", "", "longer than 255 bytes"},
		{"/" + strings.Repeat("x", 250) + ".html", strings.Repeat("x", 250) + ".html", ""},
		{"/" + strings.Repeat("x", 251) + ".html", "", "longer than 255 bytes"},
		{strings.Repeat("/"+strings.Repeat("x", 200), 11) + "/", "", "longer than 2048 bytes"},
	}
	for _, tt := range tests {
		got, err := AliasFile(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("AliasFile(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, n := range []string{"romm", "1password", "cloudflare-zerotrust", "a_b.c"} {
		if err := ValidName(n); err != nil {
			t.Errorf("ValidName(%q) = %v", n, err)
		}
	}
	for _, n := range []string{"", ".hidden", "-x", "a b", "a/b", `a\b`, "..", "café", "a%2e", "a?b", strings.Repeat("a", 101)} {
		if ValidName(n) == nil {
			t.Errorf("ValidName(%q) = nil", n)
		}
	}
}

func TestDiscoverAndResources(t *testing.T) {
	fsys := fstest.MapFS{
		"g/b/index.md":          {Data: []byte(okFM)},
		"g/b/logo.png":          {Data: []byte("png")},
		"g/b/img/z.png":         {Data: []byte("png")},
		"g/b/img/.DS_Store":     {Data: []byte("x")},
		"g/b/.git/config":       {Data: []byte("x")},
		"g/a/index.md":          {Data: []byte(okFM)},
		"g/.drafts/index.md":    {Data: []byte(okFM)},
		"g/no-index/readme.txt": {Data: []byte("x")},
		"g/Bad Name/index.md":   {Data: []byte(okFM)},
		"g/file.md":             {Data: []byte(okFM)},
	}
	names, l, err := Discover(fsys, "g")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(names, []string{"a", "b"}) {
		t.Errorf("names = %v", names)
	}
	if len(l) != 1 || l[0].Code != "guide-name" || l[0].Filename() != "g/Bad Name/index.md" {
		t.Errorf("diagnostics = %v", l)
	}
	g, l := Load(fsys, "g", "b", "guides/b/index.md")
	if len(l) > 0 || g.File.Name != "guides/b/index.md" {
		t.Fatalf("load: %v %v", render(l), g.File.Name)
	}
	if want := []string{"img/z.png", "logo.png"}; !reflect.DeepEqual(g.Resources, want) {
		t.Errorf("resources = %v, want %v", g.Resources, want)
	}
	if _, _, err := Discover(fsys, "missing"); err == nil {
		t.Error("Discover of a missing dir: no error")
	}
	g, l = Load(fsys, "g", "missing", "")
	if g != nil || len(l) != 1 || l[0].Code != "io" || l[0].Filename() != "g/missing/index.md" {
		t.Errorf("missing guide: %v %v", g, l)
	}
	g, l = Load(fsys, "g", "..", "")
	if g != nil || len(l) != 1 || l[0].Code != "guide-name" {
		t.Errorf("guide ..: %v %v", g, l)
	}
}

func TestSymlinksNotFollowed(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "secret.txt")
	must(t, os.WriteFile(outside, []byte("secret"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "src", "g"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "src", "g", "index.md"), []byte(okFM), 0o644))
	must(t, os.Symlink(outside, filepath.Join(dir, "src", "g", "leak.txt")))
	must(t, os.MkdirAll(filepath.Join(dir, "elsewhere"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "elsewhere", "index.md"), []byte(okFM), 0o644))
	must(t, os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "src", "linked")))
	must(t, os.MkdirAll(filepath.Join(dir, "src", "h"), 0o755))
	must(t, os.Symlink(filepath.Join(dir, "elsewhere", "index.md"), filepath.Join(dir, "src", "h", "index.md")))

	fsys := os.DirFS(filepath.Join(dir, "src"))
	names, l, err := Discover(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(names, []string{"g", "h"}) || len(l) != 1 || l[0].Code != "guide-symlink" {
		t.Errorf("Discover = %v, %v", names, l)
	}
	g, l := Load(fsys, ".", "g", "")
	if g == nil || len(g.Resources) != 0 || len(l) != 1 || l[0].Code != "guide-symlink" {
		t.Errorf("Load g = %+v, %v", g, l)
	}
	g, l = Load(fsys, ".", "h", "")
	if g != nil || len(l) != 1 || l[0].Code != "guide-symlink" {
		t.Errorf("Load h = %+v, %v", g, l)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
