package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// TestHTMLLinks checks that the <a href> of HTML a page publishes verbatim
// are recorded as LinkHTML, at the call that wrote them (with its name) or
// at the raw HTML the author wrote, once per destination and call; that a
// `{{% %}}` call's Markdown links carry the call's name; that the ids of
// such HTML are anchors of the page; and that a call shown as text inside
// code has no links.
func TestHTMLLinks(t *testing.T) {
	doc := "# T\n\n{{< html-links >}}\n\nText {{% md-links %}}\n\nAuthor <a href=\"../w/\">w</a>.\n\n```\n{{< html-links >}}\n```\n"
	f, exp := expand(t, "p.md", doc)
	res := New(WithRawHTML(true)).Render(f, exp, PageInfo{})
	var got []string
	for _, l := range res.Links {
		p := f.Position(l.Span.Start)
		got = append(got, fmt.Sprintf("%d:%d %s %s %q", p.Line, p.Column, l.Kind, l.Dest, l.Call))
	}
	want := []string{
		`3:1 html /x/#y "html-links"`,
		`3:1 html ../z.md "html-links"`,
		`5:6 inline ../a.md#x "md-links"`,
		`5:6 html #gen "md-links"`,
		`7:8 html ../w/ ""`,
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, id := range []string{"made", "old"} {
		if !slices.Contains(res.HTMLIDs, id) {
			t.Errorf("HTMLIDs %v lacks %q", res.HTMLIDs, id)
		}
	}
	// The published HTML keeps the hrefs as written: no render hook
	// rewrites them.
	if !strings.Contains(res.HTML, `<a class="c" href="../z.md">`) {
		t.Errorf("HTML rewrote a template's href:\n%s", res.HTML)
	}
}

// TestHTMLLinksBounded: a template that writes a huge list of links has at
// most maxHTMLLinks of them recorded per call.
func TestHTMLLinksBounded(t *testing.T) {
	p := &page{res: &Result{}}
	var b strings.Builder
	for i := range maxHTMLLinks + 50 {
		fmt.Fprintf(&b, `<a href="/p%d/">x</a>`, i)
	}
	p.htmlLinks([]byte(b.String()), source.Span{}, "loop")
	if len(p.res.Links) != maxHTMLLinks {
		t.Errorf("%d links recorded, want %d", len(p.res.Links), maxHTMLLinks)
	}
}
