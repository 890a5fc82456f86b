package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// inlineIndex is what one walk of the parsed page finds for the
// transformers that look at inline nodes: each of them walked the whole
// tree on its own (seven walks a page, a tenth of rendering). The
// linkTransformer, the first of them, makes it (see indexInlines); a
// transformer that finds it unset, or stale, walks the tree itself.
type inlineIndex struct {
	// done is set once the walk has run.
	done bool
	// links are the links, images and autolinks in document order.
	links []linkNode
	// refParents are the nodes whose text runs undefinedRefs scans: every
	// node with children outside links, images, autolinks, code spans and
	// raw HTML.
	refParents []ast.Node
	// bracketTexts are the texts outside code and raw HTML that may end a
	// "](" (see malformedLinks).
	bracketTexts []*ast.Text
	// sentTexts are the texts that hold a sentinel (see
	// sentinelTransformer).
	sentTexts []*ast.Text
	// raws are the raw HTML nodes (see rawHTMLTransformer).
	raws []ast.Node
	// codes are the code blocks (fenced or indented), headings the
	// headings and defs the reference definitions, in document order:
	// the blocks that unclosedFences, definitions, codeTransformer and
	// headingTransformer look for. No transformer adds such a block, so
	// they stay valid when p.relinked is set.
	codes    []ast.Node
	headings []*ast.Heading
	defs     []*ast.LinkReferenceDefinition
}

// linkNode is a link, image or autolink; deep is set when it is nested in
// maxLinkTextDepth of them.
type linkNode struct {
	n    ast.Node
	deep bool
}

// indexInlines walks doc once and fills p.index. Its lists hold what the
// transformers' own walks would find as long as no node is added: the
// link transformer replaces an autolink by a link with a text child when
// it rewrites its URL (autoLink sets p.relinked), and the later
// transformers then walk the tree again.
func (p *page) indexInlines(doc *ast.Document) {
	p.index = p.index.emptied()
	p.index.done = true
	p.indexNode(doc, 0, false, false)
}

// indexNode indexes n and its descendants. depth counts the links around
// n; noRefs is set under a node whose text undefinedRefs skips, noBrackets
// under one whose text malformedLinks skips.
func (p *page) indexNode(n ast.Node, depth int, noRefs, noBrackets bool) {
	x := &p.index
	switch n := n.(type) {
	case *ast.Text:
		if !noBrackets && mayEndBracket(p.src, n) {
			x.bracketTexts = append(x.bracketTexts, n)
		}
		if len(p.sents) > 0 && p.hasSentinel(n.Segment.Start, n.Segment.Stop) {
			x.sentTexts = append(x.sentTexts, n)
		}
		return // a text has no children
	case *ast.Link, *ast.Image, *ast.AutoLink:
		x.links = append(x.links, linkNode{n, depth >= maxLinkTextDepth})
		depth++
		noRefs = true
	case *ast.CodeSpan:
		noRefs, noBrackets = true, true
	case *ast.RawHTML:
		x.raws = append(x.raws, n)
		noRefs, noBrackets = true, true
	case *ast.HTMLBlock:
		x.raws = append(x.raws, n)
		noBrackets = true
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		x.codes = append(x.codes, n)
		noBrackets = true
	case *ast.Heading:
		x.headings = append(x.headings, n)
	case *ast.LinkReferenceDefinition:
		x.defs = append(x.defs, n)
	}
	c := n.FirstChild()
	if c == nil {
		return
	}
	if !noRefs {
		x.refParents = append(x.refParents, n)
	}
	for ; c != nil; c = c.NextSibling() {
		p.indexNode(c, depth, noRefs, noBrackets)
	}
}

// mayEndBracket reports whether t holds a ']' and a "](" starts in it:
// goldmark may end a text node at the ']' and start the next at the '(',
// so the byte after the node counts.
func mayEndBracket(src []byte, t *ast.Text) bool {
	seg := t.Segment
	// Not seg.Value: its padding is spaces, which hold no ']'.
	return bytes.IndexByte(src[seg.Start:seg.Stop], ']') >= 0 && bytes.Contains(src[seg.Start:min(seg.Stop+1, len(src))], []byte("]("))
}

// codeBlocks returns the code blocks of doc in document order.
func (p *page) codeBlocks(doc *ast.Document) []ast.Node {
	if p.index.done {
		return p.index.codes
	}
	var blocks []ast.Node
	walkBlocks(doc, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			blocks = append(blocks, n)
			return false
		}
		return true
	})
	return blocks
}

// headingBlocks returns the headings of doc in document order.
func (p *page) headingBlocks(doc *ast.Document) []*ast.Heading {
	if p.index.done {
		return p.index.headings
	}
	var hs []*ast.Heading
	walkBlocks(doc, func(n ast.Node) bool {
		h, ok := n.(*ast.Heading)
		if ok {
			hs = append(hs, h)
		}
		return !ok
	})
	return hs
}

// indexed reports whether p.index holds what a walk of the tree would find
// now.
func (p *page) indexed() bool { return p.index.done && !p.relinked }

// emptied returns x without its nodes, keeping its storage for the next
// page (and letting go of this page's tree).
func (x inlineIndex) emptied() inlineIndex {
	clear(x.links)
	clear(x.refParents)
	clear(x.bracketTexts)
	clear(x.sentTexts)
	clear(x.raws)
	clear(x.codes)
	clear(x.headings)
	clear(x.defs)
	return inlineIndex{links: x.links[:0], refParents: x.refParents[:0], bracketTexts: x.bracketTexts[:0],
		sentTexts: x.sentTexts[:0], raws: x.raws[:0], codes: x.codes[:0], headings: x.headings[:0], defs: x.defs[:0]}
}
