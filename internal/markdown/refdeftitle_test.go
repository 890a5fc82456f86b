package markdown

import (
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

func TestRefDefTitle(t *testing.T) {
	const body = "See [Authelia] and [App] and the [guide].\n\n"
	for _, c := range []struct {
		name, defs string
		want       []string // positions of link-refdef-title
		undefined  int      // link-undefined-ref findings
		fix        string   // the definitions after the fix, "" for none
	}{
		{"unquoted title", "[Authelia]: https://www.authelia.com Authelia website\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, "[Authelia]: https://www.authelia.com \"Authelia website\"\n"},
		{"last of three", "[Authelia]: https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md the guide\n",
			[]string{"5:22"}, 0, "[guide]: ../guide.md \"the guide\"\n"},
		{"middle, the one under it lost", "[Authelia]: https://www.authelia.com\n[App]: https://app.example.com App website\n[guide]: ../guide.md\n",
			[]string{"4:32"}, 0, "[App]: https://app.example.com \"App website\"\n"},
		{"angle brackets", "[Authelia]: <https://www.authelia.com> Authelia\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:40"}, 0, "[Authelia]: <https://www.authelia.com> \"Authelia\"\n"},
		{"trailing period", "[Authelia]: https://www.authelia.com The Authelia website.\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, "[Authelia]: https://www.authelia.com \"The Authelia website.\"\n"},
		{"title with a double quote", "[Authelia]: https://www.authelia.com the \"docs\"\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, "[Authelia]: https://www.authelia.com 'the \"docs\"'\n"},
		{"text after a quoted title", "[Authelia]: https://www.authelia.com \"Authelia\" website\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, ""},
		{"title never closed", "[Authelia]: https://www.authelia.com \"Authelia\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, ""},
		{"angle URL and a period", "[Authelia]: <https://www.authelia.com>.\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:39"}, 0, ""},
		{"two definitions on a line", "[Authelia]: https://www.authelia.com [App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, ""},
		{"a comment after", "[Authelia]: https://www.authelia.com <!-- the site -->\n[App]: https://app.example.com\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 0, ""},
		{"in a list item", "- [Authelia]: https://www.authelia.com Authelia website\n  [App]: https://app.example.com\n\n[guide]: ../guide.md\n",
			[]string{"3:40"}, 0, "- [Authelia]: https://www.authelia.com \"Authelia website\"\n"},
		// A text line under the broken definition: what is above it is
		// still lost, and a reference in the text is its own.
		{"text under it", "[Authelia]: https://www.authelia.com Authelia website\n[App]: https://app.example.com\nand a [stray] one\n\n[guide]: ../guide.md\n",
			[]string{"3:38"}, 1, "[Authelia]: https://www.authelia.com \"Authelia website\"\n"},
		// Quoted titles, in every form goldmark takes, are fine.
		{"quoted", "[Authelia]: https://www.authelia.com \"Authelia website\"\n[App]: https://app.example.com 'App'\n[guide]: ../guide.md (the guide)\n", nil, 0, ""},
		{"title on the next line", "[Authelia]: https://www.authelia.com\n  \"Authelia website\"\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0, ""},
		{"title over two lines", "[Authelia]: https://www.authelia.com \"Authelia\nwebsite\"\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0, ""},
		{"period in the URL", "[Authelia]: https://www.authelia.com.\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0, ""},
		// No URL: a sentence with a colon, not a definition.
		{"a sentence", "[Authelia]: the provider we use.\n", nil, 4, ""},
		{"no destination on the line", "[Authelia]:\n  https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0, ""},
		{"a footnote", "[^1]: https://www.authelia.com the site\n\n[Authelia]: https://www.authelia.com\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 0, ""},
		// A definition cannot interrupt a paragraph: not this rule's.
		{"after text", "Some text.\n[Authelia]: https://www.authelia.com Authelia website\n\n[App]: https://app.example.com\n[guide]: ../guide.md\n", nil, 2, ""},
	} {
		doc := body + c.defs
		got := positionsOf(t, doc, "link-refdef-title")
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: link-refdef-title at %v, want %v", c.name, got, c.want)
		}
		if n := len(positionsOf(t, doc, "link-undefined-ref")); n != c.undefined {
			t.Errorf("%s: %d link-undefined-ref, want %d", c.name, n, c.undefined)
		}
		if n := len(positionsOf(t, doc, "link-refdef-colon")); n != 0 {
			t.Errorf("%s: %d link-refdef-colon", c.name, n)
		}
		fixed := applyFixes(t, doc, "link-refdef-title")
		switch {
		case c.fix == "" && fixed != doc:
			t.Errorf("%s: a fix was offered: %q", c.name, fixed)
		case c.fix != "" && !strings.Contains(fixed, c.fix):
			t.Errorf("%s: fixed to %q, want it to hold %q", c.name, fixed, c.fix)
		case c.fix != "":
			if n := len(positionsOf(t, fixed, "link-refdef-title")) + len(positionsOf(t, fixed, "link-undefined-ref")); n != c.undefined {
				t.Errorf("%s: the fixed page still has %d findings, want %d", c.name, n, c.undefined)
			}
		}
	}
}

// applyFixes applies the fixes of the findings of code to doc.
func applyFixes(t *testing.T, doc, code string) string {
	t.Helper()
	f, exp := expand(t, "m.md", doc)
	res := New(WithRawHTML(true)).Render(f, exp, PageInfo{})
	out := []byte(doc)
	for _, d := range res.Diags {
		if d.Code != code || d.Fix == nil {
			continue
		}
		eds := slices.Clone(d.Fix.Edits)
		slices.SortFunc(eds, func(a, b diag.Edit) int { return b.Span.Start - a.Span.Start })
		for _, e := range eds {
			out = slices.Concat(out[:e.Span.Start], []byte(e.NewText), out[e.Span.End:])
		}
	}
	return string(out)
}

// FuzzTitleDef checks that titleDef never panics, that what it reports
// lies in the line, and that a line it takes is one goldmark does not
// read as a definition: rendered alone, it leaves a paragraph, and its
// label is then defined by nothing.
func FuzzTitleDef(f *testing.F) {
	for _, s := range []string{
		"[a]: https://a b c",
		"[a]: <https://a> b.",
		"[a]: <https://a>.",
		"[a]: https://a \"b\" c",
		"[a]: https://a (b",
		"[a]: https://a) b",
		"[a]: ../a.md [b]: /c",
		"  [a\\]]: https://a \\x",
		"[a]: https://a",
		"[a]:<https://a\\>> b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		td, ok := titleDef([]byte(line))
		if !ok {
			return
		}
		if td.rest <= 0 || td.rest >= td.restEnd || td.restEnd > len(line) {
			t.Fatalf("%q: rest %d..%d", line, td.rest, td.restEnd)
		}
		if strings.ContainsAny(line, "\n\r") {
			return
		}
		doc := line + "\n\n[x] [" + string(td.label) + "]\n"
		if n := len(positionsOf(t, doc, "link-refdef-title")); n != 1 {
			t.Fatalf("%q: %d link-refdef-title", line, n)
		}
	})
}
