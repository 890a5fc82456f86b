package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fakeResolver stands in for the build's resolver: "../NAME/…" links to a
// guide NAME are rewritten to "/NAME/#anchor" when NAME is known, reported as
// broken otherwise; everything else is published as written.
func fakeResolver(page PageInfo, dest string) (string, *LinkProblem) {
	rest, ok := strings.CutPrefix(dest, "../")
	if !ok {
		return dest, nil
	}
	name, tail, _ := strings.Cut(rest, "/")
	_, frag, _ := strings.Cut(tail, "#")
	switch name {
	case "other", "romm":
		if frag != "" {
			return "/" + name + "/#" + frag, nil
		}
		return "/" + name + "/", nil
	}
	return dest, &LinkProblem{Severity: diag.Error, Code: "link-broken", Message: "link target '" + dest + "' does not exist in the source tree"}
}

// TestRenderGolden renders each testdata/render/*.md and compares a dump of
// the result with the .golden file beside it (go test -update rewrites them).
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "render", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	r := New(WithLinkResolver(fakeResolver))
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".md")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, exp := expand(t, name+".md", string(b))
			got := dump(f, r.Render(f, exp, PageInfo{Name: name}))
			golden := strings.TrimSuffix(path, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("result differs from %s (go test -update rewrites it):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

// dump renders everything a Result holds as text, positions as line:col.
func dump(f *source.File, res *Result) string {
	var b strings.Builder
	span := func(sp source.Span) string { return pos(f, sp.Start) + "-" + pos(f, sp.End) }
	b.WriteString("== html\n")
	b.WriteString(res.HTML)
	b.WriteString("== toc\n")
	b.Write(res.TOCHTML)
	b.WriteString("== headings\n")
	for _, h := range res.Headings {
		fmt.Fprintf(&b, "h%d #%s %q %s\n", h.Level, h.ID, h.Text, span(h.Span))
	}
	b.WriteString("== links\n")
	for _, l := range res.Links {
		fmt.Fprintf(&b, "%s %q -> %q label=%q text=%q %s", l.Kind, l.Dest, l.URL, l.Label, l.Text, span(l.Span))
		if l.DefSpan != (source.Span{}) {
			fmt.Fprintf(&b, " def=%s", span(l.DefSpan))
		}
		b.WriteString("\n")
	}
	b.WriteString("== snippets\n")
	for _, s := range res.Snippets {
		fmt.Fprintf(&b, "#%d lang=%q span=%s info=%s shortcode=%q\n", s.Index, s.Lang, span(s.Span), span(s.InfoSpan), s.Shortcode)
		for _, a := range s.Attrs {
			fmt.Fprintf(&b, "  attr %s=%q %s\n", a.Key, a.Value, span(a.Span))
		}
		for _, v := range s.Vars {
			fmt.Fprintf(&b, "  var %s %q at %s\n", v.Name, s.Text[v.Span.Start:v.Span.End], span(s.GuideSpan(v.Span)))
		}
		for i, line := range strings.SplitAfter(string(s.Text), "\n") {
			if line == "" {
				continue
			}
			fmt.Fprintf(&b, "  %d| %s", i+1, line)
		}
	}
	b.WriteString("== texts\n")
	for _, x := range res.Texts {
		fmt.Fprintf(&b, "%s L%d §%s %q %s\n", kindName(x.Kind), x.Level, x.Section, x.Text, span(x.GuideSpan(source.Span{Start: 0, End: len(x.Text)})))
	}
	b.WriteString("== diags\n")
	for _, d := range res.Diags {
		fmt.Fprintf(&b, "%s %s %s: %s", span(d.Span), d.Severity, d.Code, d.Message)
		if d.Fix != nil {
			for _, e := range d.Fix.Edits {
				fmt.Fprintf(&b, " [fix: insert %q at %s]", e.NewText, pos(f, e.Span.Start))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func kindName(k check.TextKind) string {
	switch k {
	case check.Heading:
		return "heading"
	case check.Paragraph:
		return "paragraph"
	case check.Item:
		return "item"
	}
	return "?"
}

// diffLines returns the first differing lines of want and got.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, a, b)
		}
	}
	return ""
}
