package markdown

import (
	"bytes"
	stdhtml "html"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// textBuilder collects the reader-visible text of inline nodes with a map
// from the text back to the expanded Markdown: markup and URLs are left out,
// escapes and entities are resolved, inline code keeps its text and a
// shortcode call contributes its Text.
type textBuilder struct {
	p    *page
	b    []byte
	m    source.Map
	code []source.Span // spans of b that were inline code
	// spans is where ownedCode copies code out to, in blocks.
	spans []source.Span
	// noMap is set when only the text is wanted (plainText): m stays empty.
	noMap bool
}

// inlines appends the text of n's inline descendants.
func (tb *textBuilder) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		tb.inline(c)
	}
}

func (tb *textBuilder) inline(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		tb.text(n)
	case *ast.String:
		tb.generated(n.Value, source.Span{Start: max(n.Pos(), 0), End: max(n.Pos(), 0)})
	case *ShortcodeHTML:
		tb.generated([]byte(n.Call.Text), source.Span{Start: n.Offset, End: n.Offset + len(shortcode.Sentinel)})
	case *ast.AutoLink:
		tb.autoLink(n)
	case *ast.CodeSpan:
		tb.codeSpan(n)
	case *ast.RawHTML, *TrustedHTML, *east.TaskCheckBox, *east.FootnoteLink:
	default:
		tb.inlines(n)
	}
}

// text appends a text node, resolving backslash escapes and entities unless
// the node is raw, and a line break as "\n".
func (tb *textBuilder) text(n *ast.Text) {
	seg := n.Segment
	if seg.Padding > 0 {
		tb.generated(bytes.Repeat([]byte{' '}, seg.Padding), source.Span{Start: seg.Start, End: seg.Start})
	}
	if n.IsRaw() {
		tb.verbatim(seg.Start, seg.Stop)
	} else {
		tb.unescaped(seg.Start, seg.Stop)
	}
	if n.SoftLineBreak() || n.HardLineBreak() {
		tb.generated([]byte{'\n'}, source.Span{Start: seg.Stop, End: seg.Stop})
	}
}

// unescaped appends src[start:stop] with "\!" escapes and "&amp;"-style
// references resolved; resolved characters map to what they were written as.
//
// It goes from one '\\' or '&' to the next with bytes.IndexByte: most text
// has neither.
func (tb *textBuilder) unescaped(start, stop int) {
	src := tb.p.src
	next := func(c byte, from int) int {
		if from < stop {
			if k := bytes.IndexByte(src[from:stop], c); k >= 0 {
				return from + k
			}
		}
		return stop
	}
	at, pos := start, start // pos: where the search goes on
	nb, na := -1, -1        // the next '\\' and '&' at or after pos (or stop)
	for {
		if nb < pos {
			nb = next('\\', pos)
		}
		if na < pos {
			na = next('&', pos)
		}
		i := min(nb, na)
		if i >= stop {
			break
		}
		pos = i + 1
		if src[i] == '\\' {
			if i+1 < stop && util.IsPunct(src[i+1]) {
				tb.verbatim(at, i)
				at = i + 1
				pos = i + 2 // the escaped byte is text
			}
			continue
		}
		if j := entityEnd(src, i, stop); j > 0 {
			if v := stdhtml.UnescapeString(string(src[i:j])); v != string(src[i:j]) {
				tb.verbatim(at, i)
				tb.generated([]byte(v), source.Span{Start: i, End: j})
				at, pos = j, j
			}
		}
	}
	tb.verbatim(at, stop)
}

// entityEnd returns the end of the character reference starting at i
// ("&amp;", "&#35;", "&#x23;"), or 0.
func entityEnd(src []byte, i, stop int) int {
	j := i + 1
	for j < stop && j-i <= 32 && (util.IsAlphaNumeric(src[j]) || src[j] == '#') {
		j++
	}
	if j < stop && src[j] == ';' && j > i+1 {
		return j + 1
	}
	return 0
}

func (tb *textBuilder) codeSpan(n *ast.CodeSpan) {
	start := len(tb.b)
	defer func() {
		if len(tb.b) > start {
			tb.code = append(tb.code, source.Span{Start: start, End: len(tb.b)})
		}
	}()
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			seg := c.Segment
			if v := seg.Value(tb.p.src); bytes.HasSuffix(v, []byte("\n")) {
				tb.verbatim(seg.Start, seg.Stop-1)
				tb.generated([]byte{' '}, source.Span{Start: seg.Stop - 1, End: seg.Stop})
				continue
			}
			tb.verbatim(seg.Start, seg.Stop)
		default:
			tb.inline(c)
		}
	}
}

// autoLink appends the link's label as written.
func (tb *textBuilder) autoLink(n *ast.AutoLink) {
	label := n.Label(tb.p.src)
	if sp, ok := tb.p.spans[n]; ok {
		if i := bytes.Index(tb.p.src[sp.Start:sp.End], label); i >= 0 {
			tb.verbatim(sp.Start+i, sp.Start+i+len(label))
			return
		}
		tb.generated(label, sp)
		return
	}
	tb.generated(label, source.Span{Start: max(n.Pos(), 0), End: max(n.Pos(), 0)})
}

func (tb *textBuilder) verbatim(start, stop int) {
	if stop <= start {
		return
	}
	if !tb.noMap {
		tb.m.AddVerbatim(len(tb.b), start, stop-start)
	}
	tb.b = append(tb.b, tb.p.src[start:stop]...)
}

func (tb *textBuilder) generated(v []byte, from source.Span) {
	if len(v) == 0 {
		return
	}
	if !tb.noMap {
		tb.m.AddGenerated(len(tb.b), len(v), from)
	}
	tb.b = append(tb.b, v...)
}

// guideMap returns the map from the text to the guide file.
func (tb *textBuilder) guideMap() *source.Map {
	return tb.m.ComposeIn(tb.p.exp.Map, tb.p.maps)
}

// plainText returns the reader-visible text of n's inline children.
func (p *page) plainText(n ast.Node) string {
	tb := p.builder()
	tb.noMap = true
	tb.inlines(n)
	s := p.strs.string(tb.b)
	p.release(tb)
	return s
}

// builder returns the page's scratch textBuilder, emptied: the text and
// map of every heading, link and paragraph are built in the same storage
// and copied out (string, Map.Compose), instead of each growing its own.
// It is not reentrant: release it before the next call.
// The scratch builder belongs to the Renderer, which serves one goroutine.
func (p *page) builder() *textBuilder {
	if p.scratch == nil {
		p.scratch = &textBuilder{}
	}
	tb := p.scratch
	tb.p, tb.noMap, tb.code = p, false, tb.code[:0]
	tb.b = tb.b[:0]
	tb.m.Reset()
	return tb
}

// release hands the scratch builder back.
func (p *page) release(tb *textBuilder) {}

// ownedCode returns a copy of tb.code for a Text to keep, or nil when it
// is empty. The copies are cut from blocks (capped, so that none grows
// into the next): a slice grown for each text with inline code was a
// fortieth of the objects rendering allocated.
func (tb *textBuilder) ownedCode() []source.Span {
	n := len(tb.code)
	if n == 0 {
		return nil
	}
	if len(tb.spans) < n {
		tb.spans = make([]source.Span, max(n, 128))
	}
	c := tb.spans[:n:n]
	tb.spans = tb.spans[n:]
	copy(c, tb.code)
	return c
}

// segmentsEnd returns the end of the last segment of lines, or -1.
func segmentsEnd(lines *gtext.Segments) int {
	if lines == nil || lines.Len() == 0 {
		return -1
	}
	return lines.At(lines.Len() - 1).Stop
}
