package markdown

import (
	"sort"

	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// maxLinkParens bounds the parentheses an inline link's destination nests,
// as cmark does (CommonMark lets implementations limit it, and requires
// three levels).
//
// goldmark scans a destination to its end at every "](", and an unclosed
// one runs to the end of the line. Each "](" inside a destination opens one
// more parenthesis, so without the bound a line of "[a](" repeated scanned
// the rest of the line once per link: 320 KB took a minute. With it, a
// byte is scanned by at most maxLinkParens+1 destinations.
const maxLinkParens = 32

// linkDestBreaksLimits reports whether the inline link that line (starting
// with "](") would open has a destination CommonMark rejects but goldmark
// would scan on: one nesting parentheses deeper than maxLinkParens, or a
// <…> destination with an unescaped '<' inside (goldmark scans on to the
// next '>'; CommonMark forbids '<' there, which also keeps two such
// destinations from scanning the same bytes).
//
// It reads only line, the rest of the current line, as goldmark does: a
// destination after a line break is left to goldmark.
func linkDestBreaksLimits(line []byte) bool {
	i := 2
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == '<' {
		return angleDestBreaksLimits(line[i+1:])
	}
	opened := 0
	for ; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			i++
		case c == '(':
			if opened++; opened > maxLinkParens {
				return true
			}
		case c == ')':
			if opened--; opened < 0 {
				return false
			}
		case util.IsSpace(c):
			return false
		}
	}
	return false
}

// angleDestBreaksLimits reports whether the <…> destination whose text
// starts rest holds an unescaped '<' before its '>'.
func angleDestBreaksLimits(rest []byte) bool {
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '\\' && i+1 < len(rest) && util.IsPunct(rest[i+1]):
			i++
		case c == '>':
			return false
		case c == '<':
			return true
		}
	}
	return false
}

// linkReader is the reader goldmark's link parser gets: the block's reader
// with a Value that finds a segment's first line by binary search, and,
// when hideParen is set, no '(' after the ']' being parsed.
//
// goldmark's blockReader.Value searches back from the block's last line,
// and the link parser calls it at every ']' (the label of a shortcut
// reference): a paragraph of n lines of "[a]" cost n²/2 line visits, 64k
// lines took 8 s.
//
// With hideParen, the ']' is one whose inline link linkDestBreaksLimits
// rejects. After stepping over the ']', the parser peeks at the next
// character to choose between an inline link '(' and a reference '['; the
// first Peek answers a blank, so the parser goes on exactly as after a
// failed inline link: a shortcut reference, or the brackets as text.
type linkReader struct {
	text.Reader
	lines     *text.Segments // the block's lines, which the reader reads
	hideParen bool
}

// Peek implements text.Reader.
func (r *linkReader) Peek() byte {
	if r.hideParen {
		r.hideParen = false
		return ' '
	}
	return r.Reader.Peek()
}

// Value implements text.Reader as goldmark's blockReader does (padding of
// each line included), finding the first line in O(log n).
func (r *linkReader) Value(seg text.Segment) []byte {
	n := r.lines.Len()
	line := sort.Search(n, func(i int) bool { return r.lines.At(i).Start > seg.Start }) - 1
	if line < 0 {
		return r.Reader.Value(seg)
	}
	src := r.Source()
	if s := r.lines.At(line); s.Padding == 0 && seg.Start <= seg.Stop && seg.Stop < s.Stop {
		// Within one line without padding: the bytes of src. Capped, so
		// that an append copies; the parser only reads a label.
		return src[seg.Start:seg.Stop:seg.Stop]
	}
	ret := make([]byte, 0, seg.Stop-seg.Start+1)
	for i := seg.Start; line < n; line++ {
		s := r.lines.At(line)
		if i < 0 {
			i = s.Start
		}
		ret = s.ConcatPadding(ret)
		for ; i < seg.Stop && i < s.Stop; i++ {
			ret = append(ret, src[i])
		}
		i = -1
		if s.Stop > seg.Stop {
			break
		}
	}
	return ret
}
