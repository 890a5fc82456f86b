package guide

import (
	"reflect"
	"testing"
	"time"
)

func TestTOMLFrontMatter(t *testing.T) {
	src := `+++
title = "RomM"
date = 2024-03-14T06:00:14+11:00
weight = 1_000
aliases = ['/old/', "/older/"]
images = []
toc = true
seo = { noindex = true, title = "SEO" }

[support]
level = "community"
versions = true

[params]
tags = ["a", "b"]

[[params.links]]
name = "x"

[[params.links]]
name = "y"
+++
Body
`
	g, l := load(t, src)
	if len(l) > 0 {
		t.Fatalf("diagnostics: %v", render(l))
	}
	m := g.Meta
	if g.Format != TOML || m.Title != "RomM" || m.Weight != 1000 || !m.TOC || !m.SEO.NoIndex || m.SEO.Title != "SEO" ||
		m.Support.Level != "community" || !m.Support.Versions || !reflect.DeepEqual(m.Aliases, []string{"/old/", "/older/"}) {
		t.Errorf("meta = %+v", m)
	}
	if !m.Date.Equal(time.Date(2024, 3, 13, 19, 0, 14, 0, time.UTC)) {
		t.Errorf("date = %v", m.Date)
	}
	links := m.Params["params"].(map[string]any)["links"].([]any)
	if len(links) != 2 || links[1].(map[string]any)["name"] != "y" {
		t.Errorf("params = %#v", m.Params["params"])
	}
	for path, want := range map[string]string{"title": `"RomM"`, "aliases": `['/old/', "/older/"]`, "aliases.1": `"/older/"`,
		"support.level": `"community"`, "seo.noindex": "true", "weight": "1_000", "images": "[]"} {
		sp := m.ValueSpan(path)
		if got := string(g.File.Content[sp.Start:sp.End]); got != want {
			t.Errorf("%s: value span holds %q, want %q", path, got, want)
		}
	}
	if got := string(g.File.Content[g.Body.Start:]); got != "Body\n" {
		t.Errorf("body = %q", got)
	}
}
