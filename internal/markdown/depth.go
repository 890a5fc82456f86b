package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxBlockDepth bounds how deep container blocks (block quotes, list
// items, footnote and definition bodies) nest. goldmark rescans the rest of
// a line for each container it opens on that line, and every open container
// on each later line, so nesting as deep as the input is long costs
// quadratic time: 400 KB of "- - - …" took a minute. Deeper than this, the
// rest of the line is paragraph text (markdown-it stops at 100 the same
// way); real guides nest a handful of levels.
const maxBlockDepth = 32

// depthLimiter is a block parser tried before every container parser. It
// declines (goldmark then tries the others) until the parent is
// maxBlockDepth deep, and there opens a paragraph holding the rest of the
// line, which opens nothing inside it.
type depthLimiter struct {
	parser.BlockParser // the paragraph parser, for Continue and Close
}

func newDepthLimiter() parser.BlockParser {
	return depthLimiter{parser.NewParagraphParser()}
}

// Trigger implements parser.BlockParser: the first characters of the
// markers of container blocks.
func (depthLimiter) Trigger() []byte {
	return []byte("-+*>:[0123456789")
}

// Open implements parser.BlockParser.
func (d depthLimiter) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil && depth < maxBlockDepth; n = n.Parent() {
		depth++
	}
	if depth < maxBlockDepth || !holdsParagraphs(parent) {
		return nil, parser.NoChildren
	}
	return d.BlockParser.Open(parent, reader, pc)
}

// holdsParagraphs reports whether n may have a paragraph child. A list
// holds only list items and a definition list only terms and descriptions
// (their parsers assume so), so under them the item parsers must run.
func holdsParagraphs(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindDocument, ast.KindBlockquote, ast.KindListItem, east.KindFootnote, east.KindDefinitionDescription:
		return true
	}
	return false
}

// CanInterruptParagraph implements parser.BlockParser: at the limit a line
// that would open a container must not continue a paragraph either, or
// goldmark would go on to try the container parsers.
func (depthLimiter) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.
func (depthLimiter) CanAcceptIndentedLine() bool { return true }
