package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
)

// undefinedRefs reports reference-style links whose label has no
// definition. goldmark leaves them as literal text ("[Label]", "[text][]",
// "[text][label]"), so runs of text outside code and links are scanned for
// bracket groups that a definition would have turned into a link.
//
// The nodes whose runs are scanned, in document order, are parents (see
// inlineIndex.refParents): those with children outside links, images,
// autolinks, code spans and raw HTML.
func (p *page) undefinedRefs(parents []ast.Node, pc parser.Context) {
	for _, n := range parents {
		p.runs = p.textRuns(n, p.runs[:0])
		for _, r := range p.runs {
			p.scanRefs(r, pc)
		}
	}
}

// textRuns returns the source ranges covered by runs of adjacent, non-raw
// text children of n. Gaps between them may only be white space (a line
// break), so a label that wraps onto the next line is still seen whole.
// The runs are appended to runs.
func (p *page) textRuns(n ast.Node, runs []source.Span) []source.Span {
	cur := source.Span{Start: -1}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok || t.IsRaw() {
			if cur.Start >= 0 {
				runs = append(runs, cur)
			}
			cur = source.Span{Start: -1}
			continue
		}
		seg := t.Segment
		if cur.Start >= 0 && seg.Start >= cur.End && isBlankBytes(p.src[cur.End:seg.Start]) {
			cur.End = seg.Stop
			continue
		}
		if cur.Start >= 0 {
			runs = append(runs, cur)
		}
		cur = source.Span{Start: seg.Start, End: seg.Stop}
	}
	if cur.Start >= 0 {
		runs = append(runs, cur)
	}
	return runs
}

// scanRefs reports the undefined references in src[r.Start:r.End].
//
// It goes from one '[' to the next with bytes.IndexByte (most text has
// none), and counts the backslashes before it: the byte after a '\\'
// is escaped, so an odd run of them since where the scan went on
// escapes the '['.
func (p *page) scanRefs(r source.Span, pc parser.Context) {
	src := p.src
	for i := r.Start; i < r.End; i++ {
		k := bytes.IndexByte(src[i:r.End], '[')
		if k < 0 {
			return
		}
		from := i
		i += k
		if escapedAt(src, from, i) {
			continue
		}
		j := closeBracket(src, i+1, r.End)
		if j < 0 {
			continue
		}
		label, end := src[i+1:j], j+1
		if end < r.End && src[end] == '(' {
			i = j
			continue // an inline link goldmark could not parse, not a reference
		}
		if end < r.End && src[end] == '[' {
			if k := closeBracket(src, end+1, r.End); k >= 0 {
				if second := src[end+1 : k]; !isBlankBytes(second) {
					label = second
				}
				end = k + 1
			}
		}
		if p.isUndefinedRef(label, pc) && !p.swallowedDef(label) {
			p.report(source.Span{Start: i, End: end}, "link-undefined-ref",
				"add a definition such as ["+string(label)+"]: https://… (usually at the end of the guide), or escape the bracket as \\[",
				"link reference %s is not defined", quote(strings.Join(strings.Fields(string(label)), " ")))
		}
		i = end - 1
	}
}

// escapedAt reports whether src[i] is escaped by the backslashes before
// it, counting back no further than from, where a scan byte by byte
// started on an unescaped byte.
func escapedAt(src []byte, from, i int) bool {
	n := 0
	for k := i - 1; k >= from && src[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}

// isUndefinedRef reports whether label would name a reference but no
// definition has it. Blank labels, footnote labels ("^1") and task-list
// markers ("[ ]", "[x]") are not references.
func (p *page) isUndefinedRef(label []byte, pc parser.Context) bool {
	if isBlankBytes(label) || label[0] == '^' || len(label) > 999 {
		return false
	}
	if len(label) == 1 && (label[0] == 'x' || label[0] == 'X') {
		return false
	}
	_, ok := parser.LookupReference(pc, label)
	return !ok
}

// closeBracket returns the offset of the ']' closing a label that starts at
// from, or -1 when an unescaped '[' comes first (labels cannot nest) or the
// run ends.
func closeBracket(src []byte, from, end int) int {
	for i := from; i < end; i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			return -1
		case ']':
			return i
		}
	}
	return -1
}

func isBlankBytes(b []byte) bool {
	return util.IsBlank(b)
}
