package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// refDefWindow bounds the candidate reference definitions (lines starting
// with '[') that goldmark's definition transformer reads at once.
//
// For every definition it extracts, the transformer reads the label by
// searching the paragraph's lines back from the last one, and removes the
// definition's lines by copying all the lines after them: a paragraph of
// n definitions cost n² line copies, 40k definitions took 4.5 s.
const refDefWindow = 64

// refDefLimiter runs goldmark's reference definition transformer on a long
// paragraph a window at a time. A window holds at most refDefWindow lines
// that may start a definition, and ends just before the next such line, so
// that a title or destination on the lines after a definition's stays with
// it. goldmark extracts definitions from the window's first line on and
// stops at the first line that does not start one:
//
//   - when it took the whole window, the next window follows it;
//   - when it stopped at the window's first line, it would have stopped
//     there on the whole paragraph too, and so does the limiter;
//   - when it stopped further on, the definition there may go on past the
//     window's end (a destination starting with '['), so the next window
//     starts at it.
//
// Each line so lies in at most refDefWindow+1 windows. The one difference
// from goldmark is a definition that spans more lines starting with '['
// than a window holds: it ends at the window's end.
type refDefLimiter struct {
	inner parser.ParagraphTransformer
}

// paragraphTransformers returns goldmark's default paragraph transformers,
// the reference definition one run through refDefLimiter.
func paragraphTransformers() []util.PrioritizedValue {
	ps := parser.DefaultParagraphTransformers()
	for i, v := range ps {
		if v.Value == parser.LinkReferenceParagraphTransformer {
			ps[i].Value = refDefLimiter{inner: parser.LinkReferenceParagraphTransformer}
		}
	}
	return ps
}

// Transform implements parser.ParagraphTransformer.
func (t refDefLimiter) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !mayStartWithDefinition(src, node.Lines()) {
		return
	}
	all := node.Lines().Sliced(0, node.Lines().Len())
	if windowEnd(src, all, 0) == len(all) {
		t.inner.Transform(node, reader, pc)
		return
	}
	blank := node.HasBlankPreviousLines()
	for start := 0; ; {
		end := windowEnd(src, all, start)
		window := text.NewSegments()
		window.AppendAll(all[start:end])
		node.SetLines(window)
		// goldmark gives the paragraph's blank-line flag to a definition
		// on its first line only.
		node.SetBlankPreviousLines(blank && start == 0)
		parent, next := node.Parent(), node.NextSibling()
		t.inner.Transform(node, reader, pc)
		node.SetBlankPreviousLines(blank)
		if node.Parent() == nil { // all definitions: goldmark removed the paragraph
			if end == len(all) {
				return
			}
			if next != nil {
				parent.InsertBefore(parent, next, node)
			} else {
				parent.AppendChild(parent, node)
			}
			start = end
			continue
		}
		taken := end - start - node.Lines().Len()
		if taken == 0 || end == len(all) {
			node.Lines().AppendAll(all[end:])
			return
		}
		start += taken
	}
}

// mayStartWithDefinition reports whether goldmark's transformer may find a
// definition in a paragraph of these lines: it reads one from the first
// byte that is not white space (util.IsSpace, across lines), which must
// be '['. When that byte is another, it extracts nothing and leaves the
// paragraph as it is: most paragraphs, which so cost no copy of their
// lines and no reader. A definition's label is followed by ':' at once,
// so a paragraph without "]:" holds none either: most paragraphs that
// start with a link.
func mayStartWithDefinition(src []byte, lines *text.Segments) bool {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for _, c := range src[seg.Start:seg.Stop] {
			if !util.IsSpace(c) {
				return c == '[' && hasLabelColon(src, lines)
			}
		}
	}
	return true // blank: let goldmark decide
}

// hasLabelColon reports whether a ']' is followed by ':' in lines, within
// a line or (when a line does not end in a line break) from one line to
// the next, as goldmark's reader sees them.
func hasLabelColon(src []byte, lines *text.Segments) bool {
	prevBracket := false
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(src)
		if len(v) == 0 {
			continue
		}
		if prevBracket && v[0] == ':' || bytes.Contains(v, []byte("]:")) {
			return true
		}
		prevBracket = v[len(v)-1] == ']'
	}
	return false
}

// windowEnd returns the end of the window of lines that starts at start:
// just before the (refDefWindow+1)-th line that may start a definition, or
// the end of the paragraph.
func windowEnd(src []byte, lines []text.Segment, start int) int {
	n := 0
	for i := start; i < len(lines); i++ {
		if mayStartDefinition(lines[i].Value(src)) {
			if n++; n > refDefWindow {
				return i
			}
		}
	}
	return len(lines)
}

// mayStartDefinition reports whether line could begin a link reference
// definition: '[' after at most three spaces of indentation.
func mayStartDefinition(line []byte) bool {
	w, pos := util.IndentWidth(line, 0)
	return w <= 3 && pos < len(line) && line[pos] == '['
}
