package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// codeRunsKey holds the *codeRuns of the block being parsed.
var codeRunsKey = parser.NewContextKey()

// codeRuns indexes the backtick runs of one block: for each length, the
// offset of the last run of exactly that length.
type codeRuns struct {
	block ast.Node
	last  map[int]int
}

// unclosedCodeSpans is an inline parser tried before goldmark's code span
// parser on '`'. goldmark looks for a code span's closing run by scanning
// the rest of the block, and finding none it makes the opening run text:
// each unclosed run scanned to the end of the block, so a paragraph of runs
// of growing length ("` “ ``` …", each with no closer) cost its length to
// the power 1.5, seconds for a few MB. This parser answers "no closer" from
// an index of the block's runs, built once, and returns the opening run as
// text exactly as goldmark does; a run that has a closer is left to
// goldmark, whose scan then stops at it, so no two scans overlap.
type unclosedCodeSpans struct{}

// Trigger implements parser.InlineParser.
func (unclosedCodeSpans) Trigger() []byte { return []byte{'`'} }

// Parse implements parser.InlineParser.
func (unclosedCodeSpans) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	if n == 0 {
		return nil
	}
	if last, ok := runsOf(parent, block.Source(), pc).last[n]; ok && last >= seg.Start+n {
		return nil // goldmark finds the closer
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// runsOf returns the run index of parent, the block being parsed, building
// it on the block's first run. One index serves the blocks of a page in
// turn: a map for each block with a backtick was a sixteenth of the
// objects a page allocated.
func runsOf(parent ast.Node, src []byte, pc parser.Context) *codeRuns {
	r, ok := pc.Get(codeRunsKey).(*codeRuns)
	if ok && r.block == parent {
		return r
	}
	if ok {
		clear(r.last)
		r.block = parent
	} else {
		r = &codeRuns{block: parent, last: map[int]int{}}
		pc.Set(codeRunsKey, r)
	}
	lines := parent.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		v := src[seg.Start:seg.Stop]
		for j := 0; j < len(v); {
			d := bytes.IndexByte(v[j:], '`')
			if d < 0 {
				break
			}
			j += d
			k := j
			for k < len(v) && v[k] == '`' {
				k++
			}
			r.last[k-j] = seg.Start + j
			j = k
		}
	}
	return r
}
