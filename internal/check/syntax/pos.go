package syntax

import (
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
