package parser

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var allowedBlockTags = map[string]bool{
	"address":    true,
	"article":    true,
	"aside":      true,
	"base":       true,
	"basefont":   true,
	"blockquote": true,
	"body":       true,
	"caption":    true,
	"center":     true,
	"col":        true,
	"colgroup":   true,
	"dd":         true,
	"details":    true,
	"dialog":     true,
	"dir":        true,
	"div":        true,
	"dl":         true,
	"dt":         true,
	"fieldset":   true,
	"figcaption": true,
	"figure":     true,
	"footer":     true,
	"form":       true,
	"frame":      true,
	"frameset":   true,
	"h1":         true,
	"h2":         true,
	"h3":         true,
	"h4":         true,
	"h5":         true,
	"h6":         true,
	"head":       true,
	"header":     true,
	"hr":         true,
	"html":       true,
	"iframe":     true,
	"legend":     true,
	"li":         true,
	"link":       true,
	"main":       true,
	"menu":       true,
	"menuitem":   true,
	"meta":       true,
	"nav":        true,
	"noframes":   true,
	"ol":         true,
	"optgroup":   true,
	"option":     true,
	"p":          true,
	"param":      true,
	"search":     true,
	"section":    true,
	"summary":    true,
	"table":      true,
	"tbody":      true,
	"td":         true,
	"tfoot":      true,
	"th":         true,
	"thead":      true,
	"title":      true,
	"tr":         true,
	"track":      true,
	"ul":         true,
}

var htmlBlockType2Close = []byte{'-', '-', '>'}

var htmlBlockType3Close = []byte{'?', '>'}

var htmlBlockType4Close = []byte{'>'}

var htmlBlockType5Close = []byte{']', ']', '>'}

type htmlBlockParser struct {
}

var defaultHTMLBlockParser = &htmlBlockParser{}

// NewHTMLBlockParser return a new BlockParser that can parse html
// blocks.
func NewHTMLBlockParser() BlockParser {
	return defaultHTMLBlockParser
}

func (b *htmlBlockParser) Trigger() []byte {
	return []byte{'<'}
}

func (b *htmlBlockParser) Open(parent ast.Node, reader text.Reader, pc Context) (ast.Node, State) {
	var node *ast.HTMLBlock
	line, segment := reader.PeekLine()
	last := pc.LastOpenedBlock().Node

	if typ, ok := htmlBlockOpenType(line, ast.IsParagraph(last)); ok {
		node = ast.NewHTMLBlock(typ)
	}
	if node != nil {
		reader.AdvanceToEOL()
		appendLine(pc, node.Lines(), segment)
		return node, NoChildren
	}
	return nil, NoChildren
}

// htmlBlockOpenType returns the type of the HTML block line starts, if
// any; a type 7 block cannot interrupt a paragraph.
//
// guidec fork: upstream tested the expressions in this order inline in
// Open; the matchers (html_block_scan.go) take their place.
func htmlBlockOpenType(line []byte, afterParagraph bool) (ast.HTMLBlockType, bool) {
	switch {
	case matchHTMLBlockType1Open(line):
		return ast.HTMLBlockType1, true
	case matchHTMLBlockPrefix(line, "!--"):
		return ast.HTMLBlockType2, true
	case matchHTMLBlockPrefix(line, "?"):
		return ast.HTMLBlockType3, true
	case matchHTMLBlockType4Open(line):
		return ast.HTMLBlockType4, true
	case matchHTMLBlockPrefix(line, "![CDATA["):
		return ast.HTMLBlockType5, true
	}
	var buf [16]byte
	if name, isCloseTag, hasAttr, ok := matchHTMLBlockType7(line); ok {
		tagName := lowerTagName(name, &buf)
		if tagName != nil && allowedBlockTags[string(tagName)] {
			return ast.HTMLBlockType6, true
		}
		if string(tagName) != "script" && string(tagName) != "style" && string(tagName) != "pre" &&
			!afterParagraph && !(isCloseTag && hasAttr) {
			return ast.HTMLBlockType7, true
		}
	}
	if name, ok := matchHTMLBlockType6(line); ok {
		if tagName := lowerTagName(name, &buf); tagName != nil && allowedBlockTags[string(tagName)] {
			return ast.HTMLBlockType6, true
		}
	}
	return 0, false
}

func (b *htmlBlockParser) Continue(node ast.Node, reader text.Reader, pc Context) State {
	htmlBlock := node.(*ast.HTMLBlock)
	lines := htmlBlock.Lines()
	line, segment := reader.PeekLine()
	var closurePattern []byte

	switch htmlBlock.HTMLBlockType {
	case ast.HTMLBlockType1:
		if lines.Len() == 1 {
			firstLine := lines.At(0)
			if matchHTMLBlockType1Close(firstLine.Value(reader.Source())) {
				return Close
			}
		}
		if matchHTMLBlockType1Close(line) {
			htmlBlock.ClosureLine = segment
			reader.AdvanceToEOL()
			return Close
		}
	case ast.HTMLBlockType2:
		closurePattern = htmlBlockType2Close
		fallthrough
	case ast.HTMLBlockType3:
		if closurePattern == nil {
			closurePattern = htmlBlockType3Close
		}
		fallthrough
	case ast.HTMLBlockType4:
		if closurePattern == nil {
			closurePattern = htmlBlockType4Close
		}
		fallthrough
	case ast.HTMLBlockType5:
		if closurePattern == nil {
			closurePattern = htmlBlockType5Close
		}

		if lines.Len() == 1 {
			firstLine := lines.At(0)
			if bytes.Contains(firstLine.Value(reader.Source()), closurePattern) {
				return Close
			}
		}
		if bytes.Contains(line, closurePattern) {
			htmlBlock.ClosureLine = segment
			reader.AdvanceToEOL()
			return Close
		}

	case ast.HTMLBlockType6, ast.HTMLBlockType7:
		if util.IsBlank(line) {
			return Close
		}
	}
	appendLine(pc, node.Lines(), segment)
	reader.AdvanceToEOL()
	return Continue | NoChildren
}

func (b *htmlBlockParser) Close(node ast.Node, reader text.Reader, pc Context) {
	// nothing to do
}

func (b *htmlBlockParser) CanInterruptParagraph() bool {
	return true
}

func (b *htmlBlockParser) CanAcceptIndentedLine() bool {
	return false
}
