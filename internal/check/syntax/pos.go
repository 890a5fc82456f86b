package syntax

import (
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// The validators work on a snippet's text alone; these helpers convert the
// (line, column) pairs parsers report into offsets of that text with the
// snippet package's own arithmetic, so that every validator counts the way
// Snippet.GuideSpan expects.

// runeOffset converts a 1-based line and rune column into an offset of text.
func runeOffset(text []byte, line, col int) int {
	return (&snippet.Snippet{Text: text}).Offset(line, col)
}

// byteOffset converts a 1-based line and byte column into an offset of text.
func byteOffset(text []byte, line, col int) int {
	return (&snippet.Snippet{Text: text}).ByteOffset(line, col)
}

// lineSpan returns the span of the 1-based line n of text, without its
// line terminator ("\n" or "\r\n").
func lineSpan(text []byte, n int) source.Span {
	sp := (&snippet.Snippet{Text: text}).LineSpan(n)
	if sp.End > sp.Start && text[sp.End-1] == '\r' {
		sp.End--
	}
	return sp
}

// lineStarts returns the offset of the first byte of every line of text; a
// final newline does not start another line.
func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' && i+1 < len(text) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// runeSpan returns the span of the rune starting at off (empty at the end
// of text or of a line).
func runeSpan(text []byte, off int) source.Span {
	if off >= len(text) || text[off] == '\n' {
		return source.Span{Start: off, End: off}
	}
	end := off + 1
	for end < len(text) && text[end]&0xC0 == 0x80 {
		end++
	}
	return source.Span{Start: off, End: end}
}
