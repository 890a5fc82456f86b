package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/guidec/guidec/internal/source"
)

// maxDelimiterRuns bounds the emphasis delimiter runs ('*' and '_') of one
// block that goldmark pairs. Each pair nests the inline nodes between its
// delimiters, so a paragraph of a million "*a" followed by a million "a*"
// became an emphasis tree a million levels deep: 15 s and 1.2 GB to parse,
// walk and collect. Beyond the bound a run is literal text; prose has a
// few dozen.
const maxDelimiterRuns = 4096

// maxTableColumns bounds the columns of a table: goldmark builds a node per
// cell of every row, a table of a million columns took 6 s and 660 MB.
// Wider than this, the lines stay a paragraph.
const maxTableColumns = 1000

// delimiterLimiter is an inline parser tried before goldmark's emphasis
// parser on '*' and '_'. It counts the runs of the block and declines
// (the emphasis parser takes the run) until the bound, and then returns
// the run as text.
type delimiterLimiter struct{}

// Trigger implements parser.InlineParser.
func (delimiterLimiter) Trigger() []byte { return []byte{'*', '_'} }

// Parse implements parser.InlineParser.
func (delimiterLimiter) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	p := pageOf(pc)
	if p == nil {
		return nil
	}
	p.delimiterRuns++
	if p.delimiterRuns <= maxDelimiterRuns {
		return nil
	}
	line, seg := block.PeekLine()
	n := 1
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if p.delimiterRuns == maxDelimiterRuns+1 {
		p.report(source.Span{Start: seg.Start, End: seg.Start + n}, "markdown-limit",
			"split the paragraph, or escape the markers (\\*)",
			"more than %d emphasis markers in one paragraph: the rest are shown as text", maxDelimiterRuns)
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}

// CloseBlock implements parser.CloseBlocker: the count is per block.
func (delimiterLimiter) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if p := pageOf(pc); p != nil {
		p.delimiterRuns = 0
	}
}

// tableLimiter is goldmark's table paragraph transformer for paragraphs
// with no line of more than maxTableColumns columns' worth of separators.
type tableLimiter struct {
	inner parser.ParagraphTransformer
}

func newTableLimiter() parser.ParagraphTransformer {
	return tableLimiter{inner: extension.NewTableParagraphTransformer()}
}

// Transform implements parser.ParagraphTransformer.
func (t tableLimiter) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		// n columns take n+1 separators with the optional outer ones.
		if bytes.Count(seg.Value(src), []byte{'|'}) > maxTableColumns+1 {
			if p := pageOf(pc); p != nil {
				p.report(source.Span{Start: seg.Start, End: seg.Start}, "markdown-limit",
					"split the table",
					"a table row of more than %d columns is shown as text", maxTableColumns)
			}
			return
		}
	}
	t.inner.Transform(node, reader, pc)
}
