package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
)

// newGoldmark wires goldmark as Hugo configures it for the Authelia docs
// (GFM, footnotes, definition lists, heading attributes, no typographer)
// plus guidec's transformers and renderers.
func newGoldmark(cfg *config, code *codeRenderer) goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithHeadingAttribute(),
		parser.WithASTTransformers(
			util.Prioritized(linkTransformer{}, 100),
			util.Prioritized(rawHTMLTransformer{}, 200),
			util.Prioritized(sentinelTransformer{}, 300),
			util.Prioritized(codeTransformer{}, 400),
			util.Prioritized(headingTransformer{}, 500),
			util.Prioritized(textTransformer{}, 600),
		),
	)
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(&nodeRenderer{code: code}, 100),
	))
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithRenderer(r),
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
			extension.DefinitionList,
		),
	)
}

// inlineParsers returns goldmark's default inline parsers and GFM's linkify,
// with those that produce links wrapped so that every link's extent is
// recorded: goldmark gives a link node only its start (Node.Pos).
func inlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	for i, v := range ps {
		if v.Value == parser.NewLinkParser() || v.Value == parser.NewAutoLinkParser() {
			ps[i].Value = wrapRecorder(v.Value.(parser.InlineParser), false)
		}
	}
	return append(ps, util.Prioritized(wrapRecorder(extension.NewLinkifyParser(), true), 999))
}

// spanRecorder wraps an inline parser and records, for every link node it
// returns, the node's extent in the source.
type spanRecorder struct {
	inner   parser.InlineParser
	linkify bool // the inner parser consumes one leading delimiter it does not link
}

// closingSpanRecorder is a spanRecorder whose inner parser is also a
// parser.CloseBlocker (goldmark detects that by type assertion).
type closingSpanRecorder struct {
	spanRecorder
	closer parser.CloseBlocker
}

func wrapRecorder(ip parser.InlineParser, linkify bool) parser.InlineParser {
	r := spanRecorder{inner: ip, linkify: linkify}
	if c, ok := ip.(parser.CloseBlocker); ok {
		return &closingSpanRecorder{spanRecorder: r, closer: c}
	}
	return &r
}

// Trigger implements parser.InlineParser.
func (s *spanRecorder) Trigger() []byte { return s.inner.Trigger() }

// Parse implements parser.InlineParser.
func (s *spanRecorder) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	_, before := block.Position()
	n := s.inner.Parse(parent, block, pc)
	if n == nil {
		return nil
	}
	p := pageOf(pc)
	if p == nil {
		return n
	}
	_, after := block.Position()
	start := before.Start
	switch n.(type) {
	case *ast.Link, *ast.Image:
		start = n.Pos()
	case *ast.AutoLink:
		if s.linkify && start < len(p.src) && isLinkifyDelim(p.src[start]) {
			start++
		}
	default:
		return n
	}
	if start >= 0 && after.Start >= start {
		p.spans[n] = source.Span{Start: start, End: after.Start}
	}
	return n
}

// isLinkifyDelim mirrors the characters GFM's linkify parser consumes before
// a URL.
func isLinkifyDelim(c byte) bool {
	return c == ' ' || c == '*' || c == '_' || c == '~' || c == '('
}

// CloseBlock implements parser.CloseBlocker.
func (s *closingSpanRecorder) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	s.closer.CloseBlock(parent, block, pc)
}
