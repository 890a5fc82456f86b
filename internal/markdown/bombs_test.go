package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// TestLinearInputs renders pages made of n repetitions of a construct that
// made a stage super-linear (or might), and requires the time to grow about
// linearly with n.
func TestLinearInputs(t *testing.T) {
	tests := []struct {
		name string
		page func(n int) string
	}{
		{"identical headings", func(n int) string { return strings.Repeat("## Same\n\n", n) }},
		{"headings against explicit suffixed ids", func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "## X {#same-%d}\n\n", i+1)
			}
			return b.String() + strings.Repeat("## Same\n\n", n)
		}},
		{"unclosed link destinations", func(n int) string { return strings.Repeat("[a](", n) + "\n" }},
		{"unclosed image destinations", func(n int) string { return strings.Repeat("![a](", n) + "\n" }},
		{"unclosed nested parentheses", func(n int) string { return strings.Repeat("[a](b(", n) + "\n" }},
		{"unclosed angle destinations", func(n int) string { return strings.Repeat("[a](<", n) + "\n" }},
		{"angle destinations closed at the end", func(n int) string { return strings.Repeat("[a](<b ", n) + ">x\n" }},
		{"unclosed paren titles", func(n int) string { return strings.Repeat("[a](b (", n) + "\n" }},
		{"unclosed quote titles", func(n int) string { return strings.Repeat("[a](b \"", n) + "\n" }},
		{"unclosed reference labels", func(n int) string { return strings.Repeat("[a][", n) + "\n" }},
		{"unclosed link text", func(n int) string { return strings.Repeat("[", n) + "\n" }},
		{"unclosed image text", func(n int) string { return strings.Repeat("![", n) + "\n" }},
		{"unclosed autolinks", func(n int) string { return strings.Repeat("<http://a ", n) + "\n" }},
		{"unclosed raw HTML", func(n int) string { return strings.Repeat("<a href='", n) + "\n" }},
		{"unclosed code spans", func(n int) string { return strings.Repeat("`` a ", n) + "\n" }},
		{"backticks of growing length", func(n int) string {
			var b strings.Builder
			for i := 1; b.Len() < 4*n; i++ {
				b.WriteString(strings.Repeat("`", i) + " ")
			}
			return b.String() + "\n"
		}},
		{"unclosed links with spaces", func(n int) string { return strings.Repeat("[a](b c ", n) + "\n" }},
		{"links opened after backslash runs", func(n int) string { return strings.Repeat("\\\\\\[a](", n) + "\n" }},
		{"unclosed links in one paragraph", func(n int) string { return strings.Repeat("[a](b c\n", n) }},
		{"unclosed links on many lines", func(n int) string { return strings.Repeat("[a](b(\n", n) }},
		{"shortcut references on many lines", func(n int) string { return strings.Repeat("[a]\n", n) }},
		{"reference definitions", func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "[a%d]: /x\n", i)
			}
			return b.String()
		}},
		{"table rows", func(n int) string { return "| a | b |\n|---|---|\n" + strings.Repeat("| [x](y) | `z` |\n", n) }},
		{"footnotes", func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "x[^f%d]\n\n[^f%d]: note\n\n", i, i)
			}
			return b.String()
		}},
		{"footnotes referring to footnotes", func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "[^f%d]: see[^f%d]\n\n", i, i+1)
			}
			return b.String() + "x[^f0]\n"
		}},
		{"definition lists", func(n int) string { return strings.Repeat("term\n: definition\n\n", n) }},
		{"list items", func(n int) string { return strings.Repeat("- item [a](#b)\n", n) }},
		{"setext headings", func(n int) string { return strings.Repeat("Title\n-----\n\n", n) }},
		{"HTML blocks", func(n int) string { return strings.Repeat("<div>\nx\n</div>\n\n", n) }},
		{"links to anchors", func(n int) string { return "## A\n\n" + strings.Repeat("[x](#a) ", n) + "\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New()
			testenv.Linear(t, 2000, func(n int) func() {
				f := source.NewFile("g.md", []byte(tt.page(n)))
				return func() { r.Render(f, nil, PageInfo{}) }
			})
		})
	}
}

// TestHeadingIDsAsProbing checks uniqueID against Hugo's plain probing
// (base, base-1, base-2…, each from 1) on random pages of colliding texts
// and explicit ids.
func TestHeadingIDsAsProbing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bases := []string{"a", "a-1", "a-2", "a-1-1", "b", "heading"}
	for range 200 {
		p := &page{ids: map[string]bool{}, nextSuffix: map[string]int{}}
		want := map[string]bool{}
		for range 30 {
			if rng.IntN(4) == 0 { // an explicit id
				id := bases[rng.IntN(len(bases))] + "-" + strconv.Itoa(rng.IntN(4))
				p.ids[id], want[id] = true, true
				continue
			}
			base := bases[rng.IntN(len(bases))]
			w := base
			for i := 1; want[w]; i++ {
				w = base + "-" + strconv.Itoa(i)
			}
			want[w] = true
			if got := p.uniqueID(base); got != w {
				t.Fatalf("uniqueID(%q) = %q, want %q", base, got, w)
			}
		}
	}
}

// TestLinkDestLimits renders inline links at and beyond the limits that
// bound the scanning of their destinations: within, goldmark's link;
// beyond, the text, or a shortcut reference when the label is defined, as
// after any inline link that fails.
func TestLinkDestLimits(t *testing.T) {
	nested := func(n int) string { return strings.Repeat("(", n) + "x" + strings.Repeat(")", n) }
	tests := []struct {
		name, body, want string
	}{
		{"plain", "[a](b)\n", `<a href="b">a</a>`},
		{"balanced parentheses", "[a](b(c)d)\n", `<a href="b(c)d">a</a>`},
		{"parentheses at the bound", "[a](" + nested(maxLinkParens) + ")\n", `<a href="` + nested(maxLinkParens) + `">a</a>`},
		{"parentheses beyond the bound", "[a](" + nested(maxLinkParens+1) + ")\n", "<p>[a](" + nested(maxLinkParens+1) + ")</p>"},
		{"escaped parentheses do not nest", "[a](" + strings.Repeat(`\(`, 40) + ")\n", `<a href="` + strings.Repeat("(", 40) + `">a</a>`},
		{"angle destination", "[a](<b c>)\n", `<a href="b%20c">a</a>`},
		{"angle destination with an escaped <", "[a](<b\\<c>)\n", `<a href="b%3Cc">a</a>`},
		{"angle destination with a <", "[a](<b<1>)\n", "<p>[a](&lt;b&lt;1&gt;)</p>"},
		{"shortcut reference after a rejected destination", "[a](<b<1>)\n\n[a]: /r\n", `<a href="/r">a</a>(&lt;b&lt;1&gt;)`},
		{"image beyond the bound", "![a](" + nested(maxLinkParens+1) + ")\n", "<p>![a](" + nested(maxLinkParens+1) + ")</p>"},
		{"destination on the next line", "[a](\nb)\n", `<a href="b">a</a>`},
		{"title in parentheses", "[a](b (t))\n", `<a href="b" title="t">a</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New().Render(source.NewFile("g.md", []byte(tt.body)), nil, PageInfo{})
			if !strings.Contains(res.HTML, tt.want) {
				t.Errorf("HTML lacks %q:\n%s", tt.want, res.HTML)
			}
		})
	}
}

// TestFragmentAsGFM checks that markdownify, whose inline parsers are the
// page's bounded ones, renders ordinary fragments as goldmark with GFM does.
func TestFragmentAsGFM(t *testing.T) {
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	r := New()
	for _, src := range []string{
		"**bold** and [a link](https://example.com \"t\")",
		"see www.example.com, <https://a.example/x> and https://b.example/y.",
		"~~gone~~ `code` ![img](x.png) [ref][r]\n\n[r]: /r",
		"| a | b |\n|---|---|\n| 1 | 2 |",
		"- [ ] task\n- [x] done",
		"[a](b(c)d) [e](<f g>) [h](i (j))",
	} {
		var b bytes.Buffer
		if err := gfm.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(b.String())
		want = strings.TrimSuffix(strings.TrimPrefix(want, "<p>"), "</p>")
		got, err := r.Fragment([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("Fragment(%q)\n got %s\nwant %s", src, got, want)
		}
	}
}

// goldmarkWith is plain goldmark with pts as its paragraph transformers:
// goldmark's own definition transformer, or refDefLimiter in its place.
func goldmarkWith(pts []util.PrioritizedValue) goldmark.Markdown {
	return goldmark.New(goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(pts...))))
}

// TestRefDefLimiterAsGoldmark renders random paragraphs of reference
// definitions, long enough to take several windows, with goldmark's own
// definition transformer and with refDefLimiter, and requires the same
// HTML.
func TestRefDefLimiterAsGoldmark(t *testing.T) {
	plain, limited := goldmarkWith(parser.DefaultParagraphTransformers()), goldmarkWith(paragraphTransformers())
	pieces := []string{
		"[d%d]: /u%d", "[d%d]:\n/u%d", "[d%d]: /u%d\n\"title %d\"", "[d%d]: /u%d 'two\nlines %d'",
		"[d%d]: /u%d (paren %d)", "   [d%d]: </u %d>", "text %d", "[not a definition %d", "[d%d]: /u%d \"unclosed %d",
		"[d%d]: /u%d\n[d%d]", "[d%d]:", "> [d%d]: /u%d",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 60 {
		var b strings.Builder
		lines := 1 + rng.IntN(3*refDefWindow)
		for i := range lines {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(20) != 0 { // mostly definitions, so that windows fill
				p = pieces[rng.IntN(3)]
			}
			fmt.Fprintf(&b, strings.ReplaceAll(p, "%d", "%[1]d")+"\n", round*1000+i)
			if rng.IntN(100) == 0 {
				b.WriteString("\n")
			}
		}
		for i := range lines {
			fmt.Fprintf(&b, "[d%d] ", round*1000+i)
		}
		src := []byte(b.String())
		var want, got bytes.Buffer
		if err := plain.Convert(src, &want); err != nil {
			t.Fatal(err)
		}
		if err := limited.Convert(src, &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d: the limiter changed the page\nsource:\n%s\ngoldmark:\n%s\nlimiter:\n%s", round, src, want.String(), got.String())
		}
	}
}

// TestUnclosedCodeSpansAsGoldmark renders random paragraphs of backtick
// runs with goldmark's code span parser alone and with unclosedCodeSpans
// before it, and requires the same HTML.
func TestUnclosedCodeSpansAsGoldmark(t *testing.T) {
	newMD := func(ips ...util.PrioritizedValue) goldmark.Markdown {
		return goldmark.New(goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(append(parser.DefaultInlineParsers(), ips...)...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))))
	}
	plain, limited := newMD(), newMD(util.Prioritized(unclosedCodeSpans{}, 90))
	pieces := []string{"`", "``", "```", "a", " ", "\n", "\\`", "*", "| b |", "\t"}
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := []byte(b.String())
		var want, got bytes.Buffer
		if err := plain.Convert(src, &want); err != nil {
			t.Fatal(err)
		}
		if err := limited.Convert(src, &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d: %q\ngoldmark: %s\nlimited:  %s", round, src, want.String(), got.String())
		}
	}
}

// TestFootnotesAsGoldmark renders random pages of footnote references and
// definitions (out of order, repeated, missing, unreferenced, nested in
// quotes and lists) with goldmark's footnote extension and with ours, which
// must agree.
func TestFootnotesAsGoldmark(t *testing.T) {
	newMD := func(fn goldmark.Extender) goldmark.Markdown { return goldmark.New(goldmark.WithExtensions(fn)) }
	plain, bounded := newMD(extension.Footnote), newMD(boundedFootnotes{})
	pieces := []string{"a[^%d] ", "![^%d] ", "[^%d]: note %d\n\n", "> [^%d]: quoted\n\n", "- [^%d]: item\n\n", "[^%d]\n\n", "x\n\n", "[^%d]: *em* [^%d]\n\n    more\n\n"}
	rng := rand.New(rand.NewPCG(15, 16))
	for round := range 500 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			p := pieces[rng.IntN(len(pieces))]
			fmt.Fprintf(&b, strings.ReplaceAll(p, "%d", "%[1]d"), rng.IntN(8))
		}
		src := []byte(b.String())
		var want, got bytes.Buffer
		if err := plain.Convert(src, &want); err != nil {
			t.Fatal(err)
		}
		if err := bounded.Convert(src, &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("round %d: %q\nbounded:\n%s\ngoldmark:\n%s", round, src, got.String(), want.String())
		}
	}
}

// TestDefinitionPrecheckAsGoldmark renders random short documents of
// brackets, colons and line breaks, in paragraphs, lists and quotes, with
// goldmark's own definition transformer and with refDefLimiter, whose
// precheck (mayStartWithDefinition) skips paragraphs without "]:", and
// requires the same HTML.
func TestDefinitionPrecheckAsGoldmark(t *testing.T) {
	plain, limited := goldmarkWith(parser.DefaultParagraphTransformers()), goldmarkWith(paragraphTransformers())
	pieces := []string{"[", "]", ":", "[a]", "[a]:", "[b]:", " ", "  ", "\n", "\n", "> ", "- ", "   ", "\\]", "\\[",
		"x", "/u", "<u>", "\"t\"", "'t'", "(t)", "\t", "[a]", "[b]", "[a][b]", "]:", "\r\n"}
	docs := []string{"[a]:\n/u\n[a]", "[a]\n: /u\n[a]", "> [a]\n> : /u\n\n[a]", "[a]: /u\n[a]", "- [a]:\n  /u\n\n[a]"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteString("\n\n[a] [b]\n")
		docs = append(docs, b.String())
	}
	for _, doc := range docs {
		var want, got bytes.Buffer
		if err := plain.Convert([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		if err := limited.Convert([]byte(doc), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%q: the precheck changed the page\ngoldmark:\n%s\nlimiter:\n%s", doc, want.String(), got.String())
		}
	}
}
