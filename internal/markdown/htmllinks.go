package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"github.com/guidec/guidec/internal/source"
)

// htmlLinkTransformer records the links of the HTML the page publishes
// verbatim: the output of `{{< >}}` calls and raw HTML (a `{{% %}}` call's
// or, where the site allows it, the author's). Hugo's link render hook
// never sees them, so they reach the reader as written and the browser
// resolves them against the page's URL; they are recorded as LinkHTML,
// with the call's span when a template wrote them, so that a broken one is
// reported where the writer can see it. The ids such HTML carries are
// anchors of the page too (Result.HTMLIDs).
//
// It runs after the sentinel transformer, which makes the call nodes, and
// before the code transformer: a call inside a code block shows its text,
// not its HTML, and has no links.
type htmlLinkTransformer struct{}

// Transform implements parser.ASTTransformer.
func (htmlLinkTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ShortcodeHTML:
			p.htmlLinks([]byte(n.Call.HTML), n.Call.Span, n.Call.Name)
		case *ShortcodeBlock:
			p.htmlLinks([]byte(n.Call.HTML), n.Call.Span, n.Call.Name)
		case *TrustedHTML:
			p.rawLinks(n, n.Raw)
		case *TrustedHTMLBlock:
			p.rawLinks(n, n.Raw)
		}
		return ast.WalkContinue, nil
	})
}

// rawLinks records the links of a raw HTML node: at the call that wrote it,
// or at the node when the author did.
func (p *page) rawLinks(n ast.Node, raw []byte) {
	sp, ok := p.spans[n]
	if !ok {
		return
	}
	g := p.guide(sp)
	call := ""
	if p.generated(sp.Start) {
		call = callName(p.file, g)
	}
	p.htmlLinks(raw, g, call)
}

// maxHTMLLinks bounds the links recorded from one piece of HTML, so that a
// template looping over a large data file cannot make the page's link list
// (and its resolution) grow without bound.
const maxHTMLLinks = 1000

// htmlLinks records each <a href> of h, written at span sp of the guide by
// shortcode call (or by the author when call is ""), and the ids h gives
// its elements.
func (p *page) htmlLinks(h []byte, sp source.Span, call string) {
	if !bytes.Contains(h, []byte("href")) && !bytes.Contains(h, []byte("id")) && !bytes.Contains(h, []byte("name")) {
		return
	}
	z := html.NewTokenizer(bytes.NewReader(h))
	seen := map[string]bool{}
	for n := 0; n < maxHTMLLinks; {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		isA := string(name) == "a" || string(name) == "area"
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch {
			case string(k) == "id" || isA && string(k) == "name":
				if id := strings.TrimSpace(string(v)); id != "" {
					p.res.HTMLIDs = append(p.res.HTMLIDs, id)
				}
			case isA && string(k) == "href":
				dest := strings.TrimSpace(string(v))
				// A template that writes the same link twice in one call
				// is one finding: the writer fixes it once.
				if dest == "" || seen[dest] {
					continue
				}
				seen[dest] = true
				n++
				p.res.Links = append(p.res.Links, Link{Kind: LinkHTML, Dest: dest, URL: dest, Span: sp, Call: call})
			}
		}
	}
}
