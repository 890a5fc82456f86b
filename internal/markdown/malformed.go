package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/guidec/guidec/internal/source"
)

// malformedLinks reports the inline links that did not become links: a
// "](" left in the page's text, which CommonMark shows as written. The
// writer meant a link ("[text](url") but never closed it, on its line or
// across lines, or wrote a destination a link cannot have (a space): the
// reader sees brackets and no link. It is reported at the '[' that opens
// the link text, when one does in the same block; text a shortcode wrote
// and text in code are not the writer's links.
func (p *page) malformedLinks(doc *ast.Document) {
	texts := p.index.bracketTexts
	if !p.indexed() {
		texts = nil
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
				return ast.WalkSkipChildren, nil
			case *ast.Text:
				if mayEndBracket(p.src, n) {
					texts = append(texts, n)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	// The "](" of each block, by the block's start: one forward scan of
	// the block pairs every ']' with its '[', so a block with many of
	// them costs its length once.
	byBlock := map[int][]int{}
	var order []int
	for _, t := range texts {
		from := blockStart(t)
		v := p.src[t.Segment.Start:min(t.Segment.Stop+1, len(p.src))]
		for at := 0; ; {
			i := bytes.Index(v[at:], []byte("]("))
			if i < 0 {
				break
			}
			off := t.Segment.Start + at + i
			at += i + 2
			if p.generated(off) {
				continue
			}
			if byBlock[from] == nil {
				order = append(order, from)
			}
			byBlock[from] = append(byBlock[from], off)
		}
	}
	reported := 0
	for _, from := range order {
		offs := byBlock[from]
		opens := openingBrackets(p.src, from, offs)
		for k, off := range offs {
			open := opens[k]
			if open < 0 || p.generated(open) || open > 0 && isIndexChar(p.src[open-1]) {
				// "array[0](" indexes an expression; a link's '[' follows
				// a space or punctuation.
				continue
			}
			if reported++; reported > maxMalformedReports {
				return // a page of nothing else; the first ones say it all
			}
			end, closed := malformedDestEnd(p.src, off+2)
			why := "is never closed: a link's destination ends with ')' on its own line"
			if closed {
				why = "has a destination a link cannot have (a space or '<' in it): write it as <…> or with %20"
			}
			p.report(source.Span{Start: open, End: end}, "link-malformed", "close the link with ')' right after its destination",
				"link %s %s, so the page shows the brackets as text", quote(excerpt(p.src[open:end], 60)), why)
		}
	}
}

// blockStart returns the offset where the block holding inline node n
// starts in src.
func blockStart(n ast.Node) int {
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock {
			if l := b.Lines(); l != nil && l.Len() > 0 {
				return l.At(0).Start
			}
		}
	}
	return 0
}

// openingBrackets returns, for each offset in offs (the ']' of a "](",
// in increasing order), the offset of the unescaped '[' it closes,
// scanning src from from, or -1 when none does.
func openingBrackets(src []byte, from int, offs []int) []int {
	out := make([]int, len(offs))
	var stack []int
	k := 0
	for i := from; i < len(src) && k < len(offs); i++ {
		switch src[i] {
		case '\\':
			i++ // the escaped byte is text
		case '[':
			stack = append(stack, i)
		case ']':
			open := -1
			if n := len(stack); n > 0 {
				open, stack = stack[n-1], stack[:n-1]
			}
			for k < len(offs) && offs[k] < i {
				out[k] = -1 // escaped, or skipped by the scan
				k++
			}
			if k < len(offs) && offs[k] == i {
				out[k] = open
				k++
			}
		}
	}
	for ; k < len(offs); k++ {
		out[k] = -1
	}
	return out
}

// malformedDestEnd returns the end of the destination that starts at off
// (just after "]("): the ')' that closes it on the same line, included,
// with closed true; else the end of the line.
func malformedDestEnd(src []byte, off int) (int, bool) {
	depth := 0
	// Bounded, so that a line of many unclosed links is scanned once per
	// link at most this far.
	for i := off; i < len(src) && i < off+maxMalformedScan && src[i] != '\n' && src[i] != '\r'; i++ {
		switch src[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i + 1, true
			}
			depth--
		}
	}
	return trimRight(src, off, min(lineEnd(src, off), off+maxMalformedScan)), false
}

// maxMalformedReports bounds the malformed links reported on one page.
const maxMalformedReports = 100

// maxMalformedScan bounds how far a malformed link's destination is read.
const maxMalformedScan = 512

// excerpt returns b on one line, cut to at most n runes with "…".
func excerpt(b []byte, n int) string {
	b = b[:min(len(b), 4*n+4)] // enough bytes for n runes
	r := []rune(strings.Join(strings.Fields(string(b)), " "))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}

// isIndexChar reports whether c, just before a '[', makes the bracket an
// index into a name (ASCII letter, digit or '_').
func isIndexChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
