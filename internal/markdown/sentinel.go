package markdown

import (
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// KindShortcodeHTML is the NodeKind of ShortcodeHTML.
var KindShortcodeHTML = ast.NewNodeKind("ShortcodeHTML")

// ShortcodeHTML is an inline `{{< >}}` call: its sentinel in the expanded
// Markdown, rendered as the call's HTML.
type ShortcodeHTML struct {
	ast.BaseInline
	Call   *shortcode.Rendered
	Offset int // of the sentinel in the expanded Markdown
}

// Kind implements ast.Node.
func (n *ShortcodeHTML) Kind() ast.NodeKind { return KindShortcodeHTML }

// Dump implements ast.Node.
func (n *ShortcodeHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Call.Name}, nil)
}

// KindShortcodeBlock is the NodeKind of ShortcodeBlock.
var KindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")

// ShortcodeBlock is a block-level `{{< >}}` call that stood alone in its
// paragraph; it renders without the paragraph around it, as Hugo does.
type ShortcodeBlock struct {
	ast.BaseBlock
	Call   *shortcode.Rendered
	Offset int
}

// Kind implements ast.Node.
func (n *ShortcodeBlock) Kind() ast.NodeKind { return KindShortcodeBlock }

// Dump implements ast.Node.
func (n *ShortcodeBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Call.Name}, nil)
}

// sentinelTransformer turns sentinels in text into ShortcodeHTML nodes.
//
// goldmark triggers inline parsers only on ASCII punctuation, spaces and line
// starts, so a parser keyed on the first byte of U+FFFC would never see a
// sentinel in the middle of a word ("romm.\uFFFC/"). Splitting the text nodes
// after inline parsing finds every sentinel, including those inside code
// spans, whose renderer writes the call's HTML as a live element.
type sentinelTransformer struct{}

// Transform implements parser.ASTTransformer.
func (sentinelTransformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil || len(p.sents) == 0 {
		return
	}
	texts := p.index.sentTexts
	if !p.indexed() {
		texts = nil
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering && p.hasSentinel(t.Segment.Start, t.Segment.Stop) {
				texts = append(texts, t)
			}
			return ast.WalkContinue, nil
		})
	}
	// Only a paragraph that is the parent of a split text can hold a
	// call, and the texts are in document order, so their parents are
	// too (a paragraph holds no paragraph).
	var paras []*ast.Paragraph
	for _, t := range texts {
		if para, ok := t.Parent().(*ast.Paragraph); ok && (len(paras) == 0 || paras[len(paras)-1] != para) {
			paras = append(paras, para)
		}
		p.splitText(t)
	}
	for _, para := range paras {
		if p.onlyBlockCalls(para) {
			unwrapBlockCalls(para)
		}
	}
}

// hasSentinel reports whether a sentinel starts in src[start:end].
func (p *page) hasSentinel(start, end int) bool {
	i := sort.SearchInts(p.sents, start)
	return i < len(p.sents) && p.sents[i] < end
}

// splitText replaces t by text pieces and ShortcodeHTML nodes. The line
// break flags of t stay with its last piece.
func (p *page) splitText(t *ast.Text) {
	parent := t.Parent()
	seg := t.Segment
	nodes := p.splitNodes[:0]
	defer func() {
		clear(nodes)
		p.splitNodes = nodes[:0]
	}()
	at := seg.Start
	for i := sort.SearchInts(p.sents, seg.Start); i < len(p.sents) && p.sents[i]+len(shortcode.Sentinel) <= seg.Stop; i++ {
		off := p.sents[i]
		if off > at {
			nodes = append(nodes, p.textPiece(t, at, off))
		}
		sc := p.shortcodeNode(off)
		if parent.Kind() == ast.KindCodeSpan && sc.Call.Var == "" && sc.Call.Name != "" {
			p.report(source.Span{Start: off, End: off + len(shortcode.Sentinel)}, "markdown-code-shortcode",
				"move the call out of the code, or write {{</* "+sc.Call.Name+" */>}} to show it literally",
				"shortcode %s inside code renders HTML where readers expect text", quote(sc.Call.Name))
		} else if sc.Call.Markdown != "" {
			p.report(source.Span{Start: off, End: off + len(shortcode.Sentinel)}, "markdown-shortcode-angle",
				"call it as {{% "+sc.Call.Name+" %}} so that Hugo renders its output as Markdown",
				"shortcode %s returns Markdown (%s), but a {{< >}} call's output is inserted unrendered: the page shows it as raw text and its headings leave the table of contents",
				quote(sc.Call.Name), quote(clip(sc.Call.Markdown, 40)))
		}
		nodes = append(nodes, sc)
		at = off + len(shortcode.Sentinel)
	}
	last := p.textPiece(t, at, seg.Stop)
	if at < seg.Stop || t.SoftLineBreak() || t.HardLineBreak() {
		last.SetSoftLineBreak(t.SoftLineBreak())
		last.SetHardLineBreak(t.HardLineBreak())
		nodes = append(nodes, last)
	}
	for _, n := range nodes {
		parent.InsertBefore(parent, t, n)
	}
	parent.RemoveChild(parent, t)
}

func (p *page) textPiece(t *ast.Text, start, stop int) *ast.Text {
	seg := text.NewSegment(start, stop)
	if start == t.Segment.Start {
		seg.Padding = t.Segment.Padding
	}
	n := take(&p.texts)
	n.Segment = seg
	n.SetRaw(t.IsRaw())
	n.SetPos(start)
	return n
}

// shortcodeNode returns the node for the sentinel at off. A sentinel with no
// call means the expansion and its Calls disagree: a bug, reported once.
func (p *page) shortcodeNode(off int) *ShortcodeHTML {
	c := p.call(off)
	if c == nil {
		p.res.Diags.Addf(p.file, p.guide(source.Span{Start: off, End: off + len(shortcode.Sentinel)}),
			diag.Error, "internal", "", "shortcode placeholder has no rendered call")
		c = &shortcode.Rendered{}
	}
	n := take(&p.calls)
	n.Call, n.Offset = c, off
	n.SetPos(off)
	return n
}

// onlyBlockCalls reports whether para holds nothing but block-level calls
// and white space.
func (p *page) onlyBlockCalls(para *ast.Paragraph) bool {
	calls := 0
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		switch n := c.(type) {
		case *ShortcodeHTML:
			if !n.Call.Block {
				return false
			}
			calls++
		case *ast.Text:
			if !util.IsBlank(n.Segment.Value(p.src)) {
				return false
			}
		default:
			return false
		}
	}
	return calls > 0
}

// unwrapBlockCalls replaces para by one ShortcodeBlock per call in it.
func unwrapBlockCalls(para *ast.Paragraph) {
	parent := para.Parent()
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if n, ok := c.(*ShortcodeHTML); ok {
			b := &ShortcodeBlock{Call: n.Call, Offset: n.Offset}
			b.SetPos(n.Offset)
			b.SetBlankPreviousLines(para.HasBlankPreviousLines())
			parent.InsertBefore(parent, para, b)
		}
	}
	parent.RemoveChild(parent, para)
}

// clip shortens s to about n bytes for a message, at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
