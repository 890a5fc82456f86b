package shortcode

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestMemoKind(t *testing.T) {
	tests := []struct {
		src  string
		want memoKind
	}{
		{`<b>{{ .Get "name" }}</b>`, memoCall},
		{`{{ .Get 0 }}{{ .Inner }}{{ .Site.Params.x }}{{ .Name }}`, memoCall},
		{`{{ errorf "x %s" (.Get "a") }}`, memoCall},
		{`{{ .Ordinal }}`, memoOrdinal},
		{`{{ .Page.Title }}`, memoNever},
		{`{{ $.Page.Title }}`, memoNever},
		{`{{ $p := .Page }}{{ $p.Title }}`, memoNever},
		{`{{ with .Page }}{{ .Title }}{{ end }}`, memoNever},
		{`{{ (.Page).Title }}`, memoNever},
		{`{{ if true }}{{ else }}{{ range .Page.Resources }}{{ end }}{{ end }}`, memoNever},
		{`{{ define "x" }}{{ .Position }}{{ end }}{{ template "x" . }}`, memoNever},
		{`{{ .Parent.Get "a" }}`, memoNever},
		{`{{ relref . "x" }}`, memoNever},
		{`{{ .Inner | markdownify }}`, memoNever},
		{`{{ .Parent.Scratch.Add "x" 1 }}`, memoNever},
		{`{{ partial "p.html" . }}`, memoNever},
		{`{{ now }}`, memoNever},
		{`{{ hugo.Data.misc.latest }}`, memoCall},
	}
	for _, tt := range tests {
		set := setOf(t, map[string]string{"x": tt.src})
		if got := set.tmpls["x"].src.memo; got != tt.want {
			t.Errorf("%s: memo kind %d, want %d", tt.src, got, tt.want)
		}
	}
}

// TestMemoSameOutput expands pages with and without a shared Memo: the
// outputs and diagnostics are the same, and a call that reports is
// executed (and reports) every time.
func TestMemoSameOutput(t *testing.T) {
	set := setOf(t, map[string]string{
		"v":    `<span>{{ .Get "name" }}={{ index .Site.Params "x" }}</span>`,
		"ord":  `[{{ .Ordinal }}{{ .Get 0 }}]`,
		"page": `{{ .Page.Title }}`,
		"warn": `{{ if eq (.Get 0) "w" }}{{ warnf "careful" }}{{ end }}ok`,
		"box":  `<div>{{ .Inner }}</div>`,
	})
	pages := []struct{ title, body string }{
		{"One", `{{< v name="a" >}} {{< v name="a" >}} {{< v name="b" >}} {{< ord 1 >}} {{< ord 1 >}} {{< page >}} {{< warn w >}} {{< warn w >}} {{< box >}}{{< v name="a" >}}{{< /box >}}`},
		{"Two", `{{< v name="a" >}} {{< ord 1 >}} {{< page >}} {{< warn w >}} {{< v name=true >}} {{< v name="true" >}} {{< box >}}x{{< /box >}}`},
	}
	site := SiteInfo{Params: map[string]any{"x": "site"}}
	render := func(memo *Memo) []string {
		var out []string
		for _, p := range pages {
			f, span := guide(p.body)
			ex, diags := Expand(set, f, span, Options{Page: PageInfo{Title: p.title}, Site: site, Memo: memo})
			for _, c := range ex.Calls {
				out = append(out, string(c.HTML))
			}
			for _, d := range diags {
				out = append(out, fmt.Sprintf("%d %s", d.Span.Start, d.Code))
			}
		}
		return out
	}
	memo := NewMemo()
	without, with := render(nil), render(memo)
	if !slices.Equal(without, with) {
		t.Errorf("with a memo:\n  %q\nwithout:\n  %q", with, without)
	}
	if len(memo.out) == 0 {
		t.Error("the memo remembered nothing")
	}
	for k := range memo.out {
		if strings.HasPrefix(k, "page\x00") || strings.HasPrefix(k, "warn\x00") {
			t.Errorf("memo holds %q, whose template depends on the page or reported", k)
		}
	}
}
