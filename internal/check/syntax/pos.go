package syntax

import (
	"bytes"

	"github.com/guidec/guidec/internal/source"
)

// The validators work on a snippet's text alone. A parser reports (line,
// column) pairs under its own line-break convention: yaml.v3 ends lines at
// NEL, LS and PS as well as LF and CR (source.YAMLBreaks), go-toml at LF
// only (source.LFBreaks). Each validator converts them into offsets of the
// text under that convention; only offsets leave the validator, and
// Snippet.GuideSpan and File.Position turn them into the guide's lines.

// lineStarts returns the offset of the first byte of every line of text
// under k; a final line break does not start another line.
func lineStarts(text []byte, k source.Breaks) []int {
	l := source.NewLines(text, k)
	starts := make([]int, l.Count())
	for i := range starts {
		starts[i] = l.Start(i + 1)
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

// lineStart returns the offset of the start of the line holding off.
func lineStart(text []byte, off int) int {
	return bytes.LastIndexByte(text[:off], '\n') + 1
}

// lineEnd returns the offset of the line break ending the line that holds
// off, or len(text) on the last line.
func lineEnd(text []byte, off int) int {
	if i := bytes.IndexByte(text[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(text)
}

// nextLine returns the offset of the line after the one that holds
// offset end (the start of the next line), or len(text).
func nextLine(text []byte, end int) int {
	if i := bytes.IndexByte(text[end:], '\n'); i >= 0 {
		return end + i + 1
	}
	return len(text)
}
