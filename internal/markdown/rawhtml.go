package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// KindTrustedHTML is the NodeKind of TrustedHTML.
var KindTrustedHTML = ast.NewNodeKind("TrustedHTML")

// TrustedHTML is inline raw HTML that may be published: it came from a
// shortcode template, or the site allows raw HTML. Sentinels in it are
// already replaced by their calls' HTML.
type TrustedHTML struct {
	ast.BaseInline
	Raw []byte
}

// Kind implements ast.Node.
func (n *TrustedHTML) Kind() ast.NodeKind { return KindTrustedHTML }

// Dump implements ast.Node.
func (n *TrustedHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Raw": string(n.Raw)}, nil)
}

// KindTrustedHTMLBlock is the NodeKind of TrustedHTMLBlock.
var KindTrustedHTMLBlock = ast.NewNodeKind("TrustedHTMLBlock")

// TrustedHTMLBlock is the block form of TrustedHTML.
type TrustedHTMLBlock struct {
	ast.BaseBlock
	Raw []byte
}

// Kind implements ast.Node.
func (n *TrustedHTMLBlock) Kind() ast.NodeKind { return KindTrustedHTMLBlock }

// Dump implements ast.Node.
func (n *TrustedHTMLBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Raw": string(n.Raw)}, nil)
}

// rawHTMLTransformer applies the raw HTML policy: HTML that a shortcode
// template produced (bytes the expansion map marks as generated) is kept,
// HTML the author wrote is kept only when the site allows it and is
// otherwise dropped with a warning.
type rawHTMLTransformer struct{}

// Transform implements parser.ASTTransformer.
func (rawHTMLTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	raws := p.index.raws
	if !p.indexed() {
		raws = nil
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.RawHTML, *ast.HTMLBlock:
				if entering {
					raws = append(raws, n)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	for _, n := range raws {
		p.applyRawPolicy(n)
	}
}

func (p *page) applyRawPolicy(n ast.Node) {
	segs := rawSegments(n)
	if len(segs) == 0 {
		n.Parent().RemoveChild(n.Parent(), n)
		return
	}
	parent := n.Parent()
	if !p.cfg.allowRawHTML && !p.allGenerated(segs) {
		sp := source.Span{Start: segs[0].Start, End: trimRight(p.src, segs[0].Start, segs[len(segs)-1].Stop)}
		p.report(sp, "markdown-raw-html", "write Markdown instead, or use a shortcode when the page needs HTML",
			"raw HTML %s is not allowed in guides and is dropped", quoteHTML(p.src[sp.Start:sp.End]))
		parent.RemoveChild(parent, n)
		return
	}
	raw := p.expandSentinels(segs)
	var t ast.Node
	if n.Type() == ast.TypeBlock {
		b := &TrustedHTMLBlock{Raw: raw}
		b.SetBlankPreviousLines(n.HasBlankPreviousLines())
		t = b
	} else {
		h := take(&p.trustedHTML)
		h.Raw = raw
		t = h
	}
	t.SetPos(segs[0].Start)
	// Its extent, for the links in it (htmlLinkTransformer).
	start := segs[0].Start
	for start < len(p.src) && isBlank(p.src[start]) {
		start++
	}
	p.spans[t] = source.Span{Start: start, End: max(start, trimRight(p.src, start, segs[len(segs)-1].Stop))}
	parent.ReplaceChild(parent, n, t)
	p.trusted = true
}

// rawSegments returns the source segments of a raw HTML node, including an
// HTML block's closing line.
func rawSegments(n ast.Node) []gtext.Segment {
	var segs []gtext.Segment
	switch n := n.(type) {
	case *ast.RawHTML:
		segs = n.Segments.Sliced(0, n.Segments.Len())
	case *ast.HTMLBlock:
		segs = n.Lines().Sliced(0, n.Lines().Len())
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
	}
	return segs
}

// allGenerated reports whether every segment came from a shortcode template.
func (p *page) allGenerated(segs []gtext.Segment) bool {
	for _, s := range segs {
		// A line's terminator and surrounding blanks belong to whatever
		// follows the call in the guide; only the markup itself counts.
		start, stop := s.Start, s.Stop
		for start < stop && isBlank(p.src[start]) {
			start++
		}
		for stop > start && isBlank(p.src[stop-1]) {
			stop--
		}
		if stop <= start {
			continue
		}
		if !p.generated(start) || !p.generated(stop-1) {
			return false
		}
	}
	return true
}

// expandSentinels concatenates segs, replacing each sentinel by its call's
// HTML.
func (p *page) expandSentinels(segs []gtext.Segment) []byte {
	var b bytes.Buffer
	for _, s := range segs {
		v := s.Value(p.src)
		for {
			i := bytes.Index(v, []byte(shortcode.Sentinel))
			if i < 0 {
				b.Write(v)
				break
			}
			b.Write(v[:i])
			off := s.Start + (len(s.Value(p.src)) - len(v)) + i - s.Padding
			if c := p.call(off); c != nil {
				b.WriteString(string(c.HTML))
			}
			v = v[i+len(shortcode.Sentinel):]
		}
	}
	return b.Bytes()
}

// quoteHTML returns a short quoted excerpt of raw HTML for a message.
func quoteHTML(b []byte) string {
	s := string(b)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:40]) + "…"
	}
	return "'" + s + "'"
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
