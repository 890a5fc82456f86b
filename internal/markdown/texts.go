package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// textTransformer collects the reader-visible text of headings, paragraphs,
// list items (their first paragraph) and table cells for check passes. It
// runs last, when heading ids and shortcode nodes are in place.
type textTransformer struct{}

// Transform implements parser.ASTTransformer.
func (textTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	tw := textWalker{p: p}
	tw.blocks(doc, 0)
}

type textWalker struct {
	p       *page
	section string
	// table, row and col place the cell being visited (see check.Text).
	table, row, col int
	// nextID is the index in p.headingIDs of the next heading.
	nextID int
}

// headingID returns h's id attribute: the id headingTransformer gave it,
// which it recorded in order, or else the attribute's value.
func (tw *textWalker) headingID(h *ast.Heading) (string, bool) {
	if ids := tw.p.headingIDs; tw.nextID < len(ids) && ids[tw.nextID].h == h {
		tw.nextID++
		return ids[tw.nextID-1].id, true
	}
	id, ok := h.AttributeString("id")
	return attrString(id), ok
}

// blocks visits the block children of n; depth is the list nesting depth.
func (tw *textWalker) blocks(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		tw.block(c, depth)
	}
}

func (tw *textWalker) block(n ast.Node, depth int) {
	switch n := n.(type) {
	case *ast.Heading:
		if id, ok := tw.headingID(n); ok {
			tw.section = id
		}
		tw.add(n, check.Heading, n.Level)
	case *ast.List:
		tw.blocks(n, depth+1)
	case *ast.ListItem:
		first := n.FirstChild()
		if first != nil && (first.Kind() == ast.KindParagraph || first.Kind() == ast.KindTextBlock) {
			tw.add(first, check.Item, depth)
			first = first.NextSibling()
		}
		for c := first; c != nil; c = c.NextSibling() {
			tw.block(c, depth)
		}
	case *east.Table:
		tw.table++
		tw.row = 0
		tw.blocks(n, depth)
		tw.row, tw.col = 0, 0
	case *east.TableHeader:
		tw.col = 0
		tw.blocks(n, depth)
	case *east.TableRow:
		tw.row++
		tw.col = 0
		tw.p.shortRow(n)
		tw.blocks(n, depth)
	case *east.TableCell:
		tw.col++
		tw.add(n, check.Paragraph, depth)
	case *ast.Paragraph, *ast.TextBlock, *east.DefinitionTerm:
		tw.add(n, check.Paragraph, depth)
	case *ShortcodeBlock:
		tw.call(n)
	case *CodeBlock, *ast.HTMLBlock, *TrustedHTMLBlock, *ast.ThematicBreak, *ast.LinkReferenceDefinition:
	default:
		tw.blocks(n, depth)
	}
}

// add appends the text of n's inline children, unless it is blank.
func (tw *textWalker) add(n ast.Node, kind check.TextKind, level int) {
	tb := tw.p.builder()
	defer tw.p.release(tb)
	tb.inlines(n)
	if len(tb.b) == 0 {
		return
	}
	t := check.Text{
		Kind: kind, Level: level, Section: tw.section, Text: tw.p.strs.string(tb.b), Map: tb.guideMap(), Code: tb.ownedCode(),
	}
	if _, cell := n.(*east.TableCell); cell {
		t.Table, t.Row, t.Col = tw.table, tw.row, tw.col
	}
	tw.p.res.Texts = append(tw.p.res.Texts, t)
}

// call appends a block call's reader-visible text (a callout's prose).
func (tw *textWalker) call(n *ShortcodeBlock) {
	if n.Call.Text == "" {
		return
	}
	tb := tw.p.builder()
	defer tw.p.release(tb)
	tb.generated([]byte(n.Call.Text), source.Span{Start: n.Offset, End: n.Offset + len(shortcode.Sentinel)})
	tw.p.res.Texts = append(tw.p.res.Texts, check.Text{
		Kind: check.Paragraph, Level: 0, Section: tw.section, Text: tw.p.strs.string(tb.b), Map: tb.guideMap(),
	})
}

// shortRow warns about a table row with fewer cells than the header: a
// '|' was lost, two cells ran together and the last ones are empty, so a
// label and its value shift out of their columns. goldmark pads such a
// row with cells that have no text (no lines); a row that writes an empty
// cell as | | has its cells.
func (p *page) shortRow(row *east.TableRow) {
	cells, padded := 0, 0
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		cells++
		if c.Lines().Len() == 0 {
			padded++
		}
	}
	at := row.Pos()
	if padded == 0 || at < 0 || at >= len(p.src) || p.generated(at) {
		return
	}
	end := at
	for end < len(p.src) && p.src[end] != '\n' {
		end++
	}
	p.report(source.Span{Start: at, End: end}, "table-row-cells", "add the missing '|' so that each cell is in its column",
		"this table row has %d of the header's %d cells: a '|' is missing, so the cells after it move left and the last is empty", cells-padded, cells)
}
