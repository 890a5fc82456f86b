package markdown

import (
	"html/template"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// fuzzExpand turns s into a guide and its expansion: each '§' in s stands
// for a `{{< sc >}}` call, whose sentinel goes into the Markdown. Calls vary
// in kind (block or inline, with or without text, text with newlines) so
// that every rendering path sees them.
func fuzzExpand(s string) (*source.File, *shortcode.Expanded) {
	s = strings.ReplaceAll(s, shortcode.Sentinel, "")
	const call = "{{< sc >}}"
	parts := strings.Split(s, "§")
	var guide, md []byte
	m := &source.Map{}
	exp := &shortcode.Expanded{Map: m}
	texts := []string{"example.com", "", "a\nb", "<&>"}
	for i, p := range parts {
		m.AddVerbatim(len(md), len(guide), len(p))
		guide = append(guide, p...)
		md = append(md, p...)
		if i == len(parts)-1 {
			break
		}
		sp := source.Span{Start: len(guide), End: len(guide) + len(call)}
		guide = append(guide, call...)
		m.AddGenerated(len(md), len(shortcode.Sentinel), sp)
		md = append(md, shortcode.Sentinel...)
		r := shortcode.Rendered{Name: "sc", Text: texts[i%len(texts)], Block: i%2 == 1, Span: sp,
			HTML: template.HTML("<span>" + template.HTMLEscapeString(texts[i%len(texts)]) + "</span>")}
		if i%3 == 0 {
			r.Name, r.Var = "sitevar", "domain"
		}
		exp.Calls = append(exp.Calls, r)
	}
	exp.Markdown = md
	return source.NewFile("fuzz.md", guide), exp
}

// FuzzRender renders random Markdown with shortcode calls and checks that
// Render never panics and that every span it reports lies in the guide.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"## Title §\n\ntext § `code §` [link](http://x/§) <b>§</b>\n",
		"```yaml {title=\"a.yml\" hl_lines=[1]}\nkey: '§'\n```\n",
		"1. item\n\n   ```\n   §\n   ```\n\n       indented §\n",
		"§\n\n[ref]\n[x][y]\n\n[y]: ../a/§\n",
		"```yaml {title=\"x\n",
		"> quote §\n> ```\n> code\n",
		"| a | b |\n|---|---|\n| § | `§` |\n",
		"Setext §\n===\n\n# {#id}\n\n<div>§</div>\n",
		"https://a.§/ <https://b.§/> *§*",
	} {
		f.Add(s)
	}
	r := New(WithLinkResolver(fakeResolver))
	f.Fuzz(func(t *testing.T, s string) {
		file, exp := fuzzExpand(s)
		res := r.Render(file, exp, PageInfo{Name: "fuzz"})
		n := len(file.Content)
		check := func(what string, sp source.Span) {
			if sp.Start < 0 || sp.End < sp.Start || sp.End > n {
				t.Fatalf("%s span %v out of [0,%d]", what, sp, n)
			}
		}
		for _, d := range res.Diags {
			// Render recovers a panic as an internal diagnostic; for the
			// fuzzer it is still a crash.
			if d.Code == "internal" {
				t.Fatalf("internal diagnostic: %s", d.Message)
			}
			check("diag "+d.Code, d.Span)
			if d.File != file {
				t.Fatalf("diag %s has file %v", d.Code, d.File)
			}
		}
		for _, h := range res.Headings {
			check("heading", h.Span)
		}
		for _, l := range res.Links {
			check("link", l.Span)
			check("link def", l.DefSpan)
		}
		for _, sn := range res.Snippets {
			check("snippet", sn.Span)
			check("info", sn.InfoSpan)
			check("snippet text", sn.GuideSpan(source.Span{Start: 0, End: len(sn.Text)}))
			for _, a := range sn.Attrs {
				check("attr", a.Span)
			}
			if len(sn.Text) > 0 && sn.Text[len(sn.Text)-1] != '\n' {
				t.Fatalf("snippet text %q does not end in a newline", sn.Text)
			}
		}
		for _, x := range res.Texts {
			check("text", x.GuideSpan(source.Span{Start: 0, End: len(x.Text)}))
			last := 0
			for _, c := range x.Code {
				if c.Start < last || c.End > len(x.Text) || c.Start >= c.End {
					t.Fatalf("code span %v of text %q: out of order or range", c, x.Text)
				}
				last = c.End
				check("code", x.GuideSpan(c))
			}
			if (x.Col == 0) != (x.Table == 0) {
				t.Fatalf("text %q: table %d, column %d", x.Text, x.Table, x.Col)
			}
		}
	})
}
