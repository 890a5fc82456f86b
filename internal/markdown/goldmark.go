package markdown

import (
	"bytes"

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
		parser.WithBlockParsers(append(parser.DefaultBlockParsers(), util.Prioritized(newDepthLimiter(), 10))...),
		parser.WithInlineParsers(inlineParsers()...),
		parser.WithParagraphTransformers(append(paragraphTransformers(),
			// extension.Table's, bounded; its other parts are below.
			util.Prioritized(newTableLimiter(), 200))...),
		parser.WithHeadingAttribute(),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
			util.Prioritized(linkTransformer{}, 100),
			util.Prioritized(rawHTMLTransformer{}, 200),
			util.Prioritized(sentinelTransformer{}, 300),
			util.Prioritized(htmlLinkTransformer{}, 350),
			util.Prioritized(codeTransformer{}, 400),
			util.Prioritized(headingTransformer{}, 500),
			util.Prioritized(textTransformer{}, 600),
		),
	)
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(&nodeRenderer{code: code}, 100),
	))
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithRenderer(r),
		goldmark.WithExtensions(
			extension.Strikethrough,
			extension.TaskList,
			boundedFootnotes{}, // extension.Footnote, bounded
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
		switch v.Value {
		case parser.NewLinkParser():
			r := wrapRecorder(v.Value.(parser.InlineParser), false)
			r.labels = true
			ps[i].Value = r.parser()
		case parser.NewAutoLinkParser():
			ps[i].Value = wrapRecorder(v.Value.(parser.InlineParser), false).parser()
		}
	}
	return append(ps,
		util.Prioritized(unclosedCodeSpans{}, 90), // before the code span parser (100)
		util.Prioritized(delimiterLimiter{}, 450), // before the emphasis parser (500)
		util.Prioritized(wrapRecorder(extension.NewLinkifyParser(), true).parser(), 999))
}

// spanRecorder wraps an inline parser and records, for every link node it
// returns, the node's extent in the source.
type spanRecorder struct {
	inner   parser.InlineParser
	linkify bool // the inner parser consumes one leading delimiter it does not link
	// labels is set for goldmark's link parser, whose open '[' labels
	// are bounded (see maxOpenLabels).
	labels bool
}

// maxOpenLabels bounds the link labels ('[' or '![' not yet closed by
// ']') of one block that goldmark tracks. At each ']' goldmark walks every
// node after the label's '[' (containsLink), so a paragraph of nested
// brackets cost quadratic time: 800 KB of "[[[…]]]" took 10 s. Beyond the
// bound a '[' is literal text; no real link nests labels that deep.
const maxOpenLabels = 32

// closingSpanRecorder is a spanRecorder whose inner parser is also a
// parser.CloseBlocker (goldmark detects that by type assertion).
type closingSpanRecorder struct {
	spanRecorder
	closer parser.CloseBlocker
}

func wrapRecorder(ip parser.InlineParser, linkify bool) *spanRecorder {
	return &spanRecorder{inner: ip, linkify: linkify}
}

// parser returns s as goldmark must see it: a parser.CloseBlocker or
// parser.InlineStartChecker when the inner parser is one.
func (s *spanRecorder) parser() parser.InlineParser {
	if c, ok := s.inner.(parser.CloseBlocker); ok {
		return &closingSpanRecorder{spanRecorder: *s, closer: c}
	}
	if c, ok := s.inner.(parser.InlineStartChecker); ok && !s.labels {
		// A recorder of link labels counts the labels it sees: it is
		// tried wherever its parser is.
		return &checkingSpanRecorder{spanRecorder: *s, checker: c}
	}
	return s
}

// Trigger implements parser.InlineParser.
func (s *spanRecorder) Trigger() []byte { return s.inner.Trigger() }

// checkingSpanRecorder is a spanRecorder whose inner parser is also a
// parser.InlineStartChecker (linkify), which goldmark then does not try
// where it cannot start.
type checkingSpanRecorder struct {
	spanRecorder
	checker parser.InlineStartChecker
}

// MayStart implements parser.InlineStartChecker.
func (s *checkingSpanRecorder) MayStart(line []byte) bool { return s.checker.MayStart(line) }

// Parse implements parser.InlineParser.
func (s *spanRecorder) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if !s.labels {
		// Linkify runs at every space, and finds a link at few: the
		// page is looked up only for a link.
		_, before := block.Position()
		n := s.inner.Parse(parent, block, pc)
		if n == nil {
			return nil
		}
		return s.record(n, before, block, pageOf(pc))
	}
	p := pageOf(pc)
	line, before := block.PeekLine()
	opens := s.labels && p != nil && (bytes.HasPrefix(line, []byte("[")) || bytes.HasPrefix(line, []byte("![")))
	if opens && p.openLabels >= maxOpenLabels {
		return nil
	}
	if s.labels && parent.Lines().Len() > 0 {
		// One reader a page: goldmark's link parser keeps no reader
		// past its Parse, and allocating one per '[', '!' and ']' was
		// a twentieth of a page's allocations.
		var lr *linkReader
		if p != nil {
			lr = &p.linkReader
		} else {
			lr = new(linkReader)
		}
		*lr = linkReader{Reader: block, lines: parent.Lines(),
			hideParen: len(line) > 1 && line[0] == ']' && line[1] == '(' && linkDestBreaksLimits(line)}
		block = lr
	}
	n := s.inner.Parse(parent, block, pc)
	if s.labels && p != nil {
		// Mirror goldmark's list of open labels: an opening bracket
		// that returns a node adds one, every ']' with one open removes
		// the last.
		switch {
		case opens && n != nil:
			p.openLabels++
		case len(line) > 0 && line[0] == ']' && p.openLabels > 0:
			p.openLabels--
		}
	}
	if n == nil {
		return n
	}
	return s.record(n, before, block, p)
}

// record records the span of link node n, which the inner parser read
// from before to the block's position.
func (s *spanRecorder) record(n ast.Node, before text.Segment, block text.Reader, p *page) ast.Node {
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
	if p := pageOf(pc); p != nil && s.labels {
		p.openLabels = 0 // goldmark dropped the block's open labels
	}
}
