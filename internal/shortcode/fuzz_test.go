package shortcode

import (
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
