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
	if len(p.sents) == 0 && !p.trusted {
		return // no call nodes, no trusted HTML: nothing to find
	}
	p.publishedLinks(doc)
}

// publishedLinks records the links of the published HTML in n and below, in
// document order. A walk of its own: ast.Walk called a closure twice a
// node, a quarter of the transformer's time.
func (p *page) publishedLinks(n ast.Node) {
	switch n := n.(type) {
	case *ShortcodeHTML:
		p.callLinks(string(n.Call.HTML), n.Call.Span, n.Call.Name)
	case *ShortcodeBlock:
		p.callLinks(string(n.Call.HTML), n.Call.Span, n.Call.Name)
	case *TrustedHTML:
		p.rawLinks(n, n.Raw)
	case *TrustedHTMLBlock:
		p.rawLinks(n, n.Raw)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.publishedLinks(c)
	}
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
		call = p.callName(g)
	}
	p.addScan(p.scan("", raw), g, call)
}

// htmlScan is what scanHTML finds in one piece of HTML: the ids it gives
// its elements and the destinations of its links, in order.
type htmlScan struct {
	ids, dests []string
}

// scanMemo is what a Renderer remembers of the HTML it scanned (see
// scan): at most maxScans pieces of at most maxScanSize bytes, and
// maxScanBytes in all, so that distinct outputs on every page cannot make
// it grow with the site.
type scanMemo struct {
	m     map[string]htmlScan
	bytes int
}

const (
	maxScans     = 4096
	maxScanSize  = 16 << 10
	maxScanBytes = 4 << 20
)

// callLinks is htmlLinks for the output of a shortcode call, scanned
// once per Renderer (see scan).
func (p *page) callLinks(h string, sp source.Span, call string) {
	p.addScan(p.scan(h, nil), sp, call)
}

// scan returns scanHTML of h (or of raw, when h is ""). The same shortcode
// call gives the same HTML on many pages (a site variable, a common notice
// written by a {{% %}} call), so a Renderer scans each distinct piece once
// and remembers what it found: a page's ids and links are the same either
// way, and looking up a []byte as a string key copies nothing.
func (p *page) scan(h string, raw []byte) htmlScan {
	memo := p.scans
	if memo == nil {
		memo = &scanMemo{} // a page rendered alone: nothing to share
	}
	if h == "" {
		if !mayHaveLinksBytes(raw) {
			return htmlScan{} // most raw HTML: <br>, <kbd>…
		}
		if sc, ok := memo.m[string(raw)]; ok {
			return sc
		}
		h = string(raw)
	} else if sc, ok := memo.m[h]; ok {
		return sc
	}
	sc := scanHTML(h)
	if len(h) <= maxScanSize && len(memo.m) < maxScans && memo.bytes+len(h) <= maxScanBytes {
		if memo.m == nil {
			memo.m = map[string]htmlScan{}
		}
		memo.m[h] = sc
		memo.bytes += len(h)
	}
	return sc
}

// maxHTMLLinks bounds the links recorded from one piece of HTML, so that a
// template looping over a large data file cannot make the page's link list
// (and its resolution) grow without bound.
const maxHTMLLinks = 1000

// htmlLinks records each <a href> of h, written at span sp of the guide by
// shortcode call (or by the author when call is ""), and the ids h gives
// its elements.
func (p *page) htmlLinks(h []byte, sp source.Span, call string) {
	p.addScan(scanHTML(string(h)), sp, call)
}

// addScan records the ids and links of a scan, the links at span sp of
// the guide, written by shortcode call ("" for the author).
func (p *page) addScan(sc htmlScan, sp source.Span, call string) {
	p.res.HTMLIDs = append(p.res.HTMLIDs, sc.ids...)
	for _, dest := range sc.dests {
		if strings.HasPrefix(dest, "#") && p.swallowedHeading(dest[1:]) {
			continue // its heading is in an unclosed fence, reported as that
		}
		p.res.Links = append(p.res.Links, Link{Kind: LinkHTML, Dest: dest, URL: dest, Span: sp, Call: call})
	}
}

// scanHTML returns the ids of h's elements (an id, or the name of an <a>
// or <area>) and the destinations of its <a href> and <area href>, each
// destination once (a template that writes the same link twice in one
// call is one finding: the writer fixes it once), at most maxHTMLLinks.
func scanHTML(h string) (sc htmlScan) {
	if !mayHaveLinks(h) {
		return sc
	}
	z := html.NewTokenizer(strings.NewReader(h))
	var seen map[string]bool
	for len(sc.dests) < maxHTMLLinks {
		tt := z.Next()
		if tt == html.ErrorToken {
			return sc
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
					sc.ids = append(sc.ids, id)
				}
			case isA && string(k) == "href":
				dest := strings.TrimSpace(string(v))
				if dest == "" || seen[dest] {
					continue
				}
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[dest] = true
				sc.dests = append(sc.dests, dest)
			}
		}
	}
	return sc
}

// mayHaveLinks reports whether h could hold an id or a link: it names an
// href, id or name attribute somewhere.
func mayHaveLinks(h string) bool {
	return strings.Contains(h, "href") || strings.Contains(h, "id") || strings.Contains(h, "name")
}

// mayHaveLinksBytes is mayHaveLinks for raw HTML, without a copy.
func mayHaveLinksBytes(h []byte) bool {
	return bytes.Contains(h, []byte("href")) || bytes.Contains(h, []byte("id")) || bytes.Contains(h, []byte("name"))
}
