package shortcode

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/source"
)

// FuzzLex checks that the lexer terminates, never panics, and produces
// items inside the body, in order.
func FuzzLex(f *testing.F) {
	for _, tt := range lexTests {
		f.Add(tt.input)
	}
	f.Fuzz(func(t *testing.T, in string) {
		const start = 3
		src := []byte("---" + in)
		l := newLexer(src, start, len(src))
		prev := start
		for n := 0; ; n++ {
			it := l.nextItem()
			if it.pos < start || it.end > len(src) || it.pos > it.end {
				t.Fatalf("item %v [%d,%d) outside body [%d,%d)", it.typ, it.pos, it.end, start, len(src))
			}
			if it.typ != itemError {
				if it.pos < prev {
					t.Fatalf("item %v at %d before previous end %d", it.typ, it.pos, prev)
				}
				prev = it.end
			}
			if it.typ == itemEOF {
				return
			}
			if n > 4*len(src)+8 {
				t.Fatal("lexer makes no progress")
			}
		}
	})
}

// FuzzExpand checks that parsing and expanding never panic, that every
// diagnostic lies inside the file, and that the expansion's invariants hold
// (see checkExpanded).
func FuzzExpand(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.input)
	}
	for _, cases := range goldenCases {
		for _, c := range cases {
			f.Add(c.body)
		}
	}
	f.Add("{{< callout context=\"tip\" >}}\n{{< callout >}}\n{{< figure src=\"shot.png\" >}}\n{{< /callout >}}\n{{< /callout >}}")
	set := loadSet(f)
	opts := Options{MaxOutput: 1 << 16, Page: PageInfo{Resources: fstest.MapFS{"shot.png": pngFile(f, 4, 3)}}}
	f.Fuzz(func(t *testing.T, body string) {
		src := "---\nt: x\n---\n" + body
		file := source.NewFile("g.md", []byte(src))
		ex, diags := Expand(set, file, source.Span{Start: len(src) - len(body), End: len(src)}, opts)
		for _, d := range diags {
			if d.Span.Start < 0 || d.Span.End > len(src) || d.Span.Start > d.Span.End || d.Code == "" || d.Message == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
			// Expansion recovers a panic of a template function as a
			// diagnostic; for the fuzzer it is still a crash.
			if strings.Contains(d.Message, "panic:") || d.Code == "internal" {
				t.Fatalf("recovered panic: %+v", d)
			}
		}
		checkExpanded(t, "fuzz", file, ex)
	})
}

// FuzzLoad checks that any template text loads without a panic, that a
// template that does not load is reported inside its file, and that
// calling it (loaded or not, paired or not, with a partial and data it may
// use) never panics: a project's templates are input too.
func FuzzLoad(f *testing.F) {
	for _, src := range spliceTemplates {
		f.Add(src)
	}
	for _, src := range []string{
		`{{ partial "p.html" . }}`, `{{ partialCached "p" . "k" }}{{ partials.Include "p" . }}`,
		`{{ range $k, $v := hugo.Data.d }}{{ $k }}{{ $v | jsonify }}{{ end }}`,
		`{{ .Parent.Scratch.Add "x" (slice 1) }}{{ .Scratch.SetInMap "m" "k" .Inner }}`,
		`{{ where (slice (dict "a" 1)) "a" ">" 0 }}{{ index .Params 0 }}{{ replaceRE "(.)" "$1$1" .Inner }}`,
		`<a href="{{ .Get 0 | relURL }}" {{ "x" | safeHTMLAttr }}>{{ .Inner | .Page.RenderString }}</a>`,
		"{{ define \"x\" }}{{ template \"x\" . }}{{ end }}{{ template \"x\" . }}",
		`{{ if }}`, `{{ nosuch }}`, `<p title="{{ .Inner }}`, `{{ seq 100000 }}`, `{{ range 3 }}{{ . }}{{ end }}`,
	} {
		f.Add(src)
	}
	partials := Named("layouts/_partials", fstest.MapFS{"p.html": {Data: []byte(`<i>{{ . }}</i>{{ partial "p.html" . }}`)}})
	data := Named("data", fstest.MapFS{"d.json": {Data: []byte(`{"a": [1, {"b": null}], "c": "x"}`)}})
	f.Fuzz(func(t *testing.T, tmpl string) {
		set, l, err := Load(Sources{
			Project:  []fs.FS{Named("layouts/_shortcodes", fstest.MapFS{"t.html": {Data: []byte(tmpl)}})},
			Partials: []fs.FS{partials}, Data: data,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range l {
			if d.File == nil || d.Span.Start < 0 || d.Span.End > len(d.File.Content) || d.Span.Start > d.Span.End {
				t.Fatalf("bad load diagnostic %+v", d)
			}
		}
		for _, body := range []string{"{{< t 1 >}}", "{{< t a=\"b\" >}}x{{< t >}}y{{< /t >}}{{< /t >}}", "{{% t %}}\n# h\n{{% /t %}}"} {
			src := "---\nt: x\n---\n" + body
			file := source.NewFile("g.md", []byte(src))
			ex, diags := Expand(set, file, source.Span{Start: len(src) - len(body), End: len(src)}, Options{MaxOutput: 1 << 16})
			for _, d := range diags {
				if strings.Contains(d.Message, "panic:") {
					t.Fatalf("recovered panic: %+v", d)
				}
			}
			checkExpanded(t, "fuzz", file, ex)
		}
	})
}
