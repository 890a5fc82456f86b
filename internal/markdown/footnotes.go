package markdown

import (
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
)

// boundedFootnotes is extension.Footnote made linear in the number of
// footnotes, with the same output. goldmark finds the definition of each
// reference by scanning the list of definitions from its start, and puts
// the list in order with an insertion sort that walks the list for each
// definition: n footnotes cost n² (32k took 6 s, 60k 28 s).
//
//   - footnoteDefs records each definition by label as goldmark lists it;
//   - footnoteRefs moves the definition a reference names to the front of
//     the list before goldmark scans it, so the scan stops at once; but
//     not while goldmark parses the definitions themselves (it walks the
//     list then, and a moved definition would be skipped or parsed twice),
//     so references inside definitions are bounded (maxNestedFootnoteRefs)
//     and shown as text past the bound;
//   - footnoteOrder orders the list by descending index before goldmark
//     sorts it, the order in which its insertion sort prepends each
//     definition in constant time. The sort's result does not depend on
//     the order it starts from: indexes of referenced definitions are
//     distinct, and the others are removed first.
type boundedFootnotes struct{}

// Extend implements goldmark.Extender, as extension.Footnote does.
func (boundedFootnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefs{extension.NewFootnoteParser()}, 101)),
		parser.WithASTTransformers(
			util.Prioritized(footnoteOrder{}, 998),
			util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// maxNestedFootnoteRefs bounds the footnote references inside footnote
// definitions, which goldmark looks up by scanning every definition.
const maxNestedFootnoteRefs = 1000

// footnotesKey holds the *footnotes of the document being parsed.
var footnotesKey = parser.NewContextKey()

// footnotes indexes the footnote list goldmark builds.
type footnotes struct {
	list    ast.Node                  // the FootnoteList
	byLabel map[string]*east.Footnote // the first definition of each label
	nested  int                       // references inside definitions so far
}

func footnotesOf(pc parser.Context) *footnotes {
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil {
		f = &footnotes{byLabel: map[string]*east.Footnote{}}
		pc.Set(footnotesKey, f)
	}
	return f
}

// footnoteDefs is goldmark's footnote definition parser, recording each
// definition once goldmark has listed it.
type footnoteDefs struct {
	parser.BlockParser
}

// Close implements parser.BlockParser.
func (d footnoteDefs) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	d.BlockParser.Close(node, reader, pc)
	fn, ok := node.(*east.Footnote)
	if !ok || fn.Parent() == nil {
		return
	}
	f := footnotesOf(pc)
	f.list = fn.Parent()
	if _, dup := f.byLabel[string(fn.Ref)]; !dup {
		f.byLabel[string(fn.Ref)] = fn
	}
}

// footnoteRefs is goldmark's footnote reference parser, given the
// definition it looks for first in the list.
type footnoteRefs struct {
	parser.InlineParser
}

// footnoteLabelLimit is goldmark's bound on a footnote label.
const footnoteLabelLimit = 999

// Parse implements parser.InlineParser.
func (r footnoteRefs) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	f := footnotesOf(pc)
	if f.list == nil {
		return r.InlineParser.Parse(parent, block, pc)
	}
	label := footnoteLabel(block)
	if label == nil {
		return r.InlineParser.Parse(parent, block, pc)
	}
	if within(parent, f.list) {
		if f.nested++; f.nested > maxNestedFootnoteRefs {
			if p := pageOf(pc); p != nil && f.nested == maxNestedFootnoteRefs+1 {
				_, seg := block.PeekLine()
				p.report(source.Span{Start: seg.Start, End: seg.Start}, "markdown-limit", "use fewer footnote references inside footnotes",
					"more than %d footnote references inside footnotes: the rest are shown as text", maxNestedFootnoteRefs)
			}
			return nil
		}
	} else if def := f.byLabel[string(label)]; def != nil && def.Parent() == f.list && f.list.FirstChild() != def {
		f.list.RemoveChild(f.list, def)
		f.list.InsertBefore(f.list, f.list.FirstChild(), def)
	}
	return r.InlineParser.Parse(parent, block, pc)
}

// within reports whether n is anc or lies inside it.
func within(n, anc ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if n == anc {
			return true
		}
	}
	return false
}

// footnoteLabel returns the label of the reference at the reader's
// position ("[^label]" or "![^label]"), as goldmark reads it, or nil.
func footnoteLabel(block text.Reader) []byte {
	line, seg := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' || pos+1 >= len(line) {
		return nil
	}
	open := pos + 1
	closure := util.FindClosure(line[open:min(len(line), open+footnoteLabelLimit)], '[', ']', false, false) //nolint:staticcheck // as goldmark
	if closure < 0 {
		return nil
	}
	return block.Value(text.NewSegment(seg.Start+open, seg.Start+open+closure))
}

// footnoteOrder orders the footnote list by descending index (see
// boundedFootnotes).
type footnoteOrder struct{}

// Transform implements parser.ASTTransformer.
func (footnoteOrder) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	f, _ := pc.Get(footnotesKey).(*footnotes)
	if f == nil || f.list == nil || f.list.Parent() == nil {
		return
	}
	var defs []ast.Node
	for c := f.list.FirstChild(); c != nil; c = c.NextSibling() {
		defs = append(defs, c)
	}
	slices.SortStableFunc(defs, func(a, b ast.Node) int {
		return a.(*east.Footnote).Index - b.(*east.Footnote).Index
	})
	f.list.RemoveChildren(f.list)
	for i := len(defs) - 1; i >= 0; i-- {
		f.list.AppendChild(f.list, defs[i])
	}
}
