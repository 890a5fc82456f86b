package source

import (
	"bytes"
	"encoding/binary"
	"sort"
	"sync"
	"unicode/utf8"
)

// Breaks is a line-break convention: the character sequences that end a
// line. Parsers disagree on them, so a (line, column) that a parser reports
// is only meaningful under its own convention. Every mapping from such a
// pair to an offset therefore names the parser's convention (NewLines), and
// only the offset is converted to the guide's line and column, under
// EditorBreaks (File.Position).
type Breaks uint8

const (
	// EditorBreaks ends lines at LF, CRLF and a lone CR: lines as editors
	// number them (Unicode's NEL, LS and PS are not line ends to them),
	// as CommonMark defines them and as Hugo's front matter lexer reads
	// them. It is the convention of File. (goldmark ends lines at LF only;
	// package shortcode hands it a lone CR as LF, byte for byte.)
	EditorBreaks Breaks = iota
	// LFBreaks ends lines at LF only, CRLF included (its CR is not part
	// of the line's text): the convention of go-toml (TOML forbids a lone
	// CR), text/template and encoding/xml.
	LFBreaks
	// YAMLBreaks ends lines at LF, CRLF, CR, NEL (U+0085), LS (U+2028) and
	// PS (U+2029): YAML 1.1's line breaks, which gopkg.in/yaml.v3 counts
	// in the line numbers of its nodes and errors.
	YAMLBreaks
)

// String returns the convention's name.
func (k Breaks) String() string {
	switch k {
	case LFBreaks:
		return "lf"
	case YAMLBreaks:
		return "yaml"
	}
	return "editor"
}

// BreakAt returns the length in bytes of the line break starting at b[i]
// under k, or 0 when none starts there (or i is out of range).
func (k Breaks) BreakAt(b []byte, i int) int {
	if i < 0 || i >= len(b) {
		return 0
	}
	switch b[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(b) && b[i+1] == '\n' {
			return 2
		}
		if k != LFBreaks {
			return 1
		}
	case 0xC2: // NEL is C2 85
		if k == YAMLBreaks && i+1 < len(b) && b[i+1] == 0x85 {
			return 2
		}
	case 0xE2: // LS is E2 80 A8, PS is E2 80 A9
		if k == YAMLBreaks && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// LineAt returns where the line starting at off in b ends under k (the
// start of its line break, or len(b)) and where the next line starts
// (len(b) when none follows). It scans one line only, for callers that
// must not index a whole file.
func (k Breaks) LineAt(b []byte, off int) (end, next int) {
	off = max(off, 0)
	if off >= len(b) {
		return len(b), len(b)
	}
	if k != YAMLBreaks {
		// Only CR and LF break these lines: found with IndexByte, many
		// bytes at a time, rather than byte by byte.
		rest := b[off:]
		n := bytes.IndexByte(rest, '\n')
		if n < 0 {
			n = len(rest)
		}
		switch {
		case k == EditorBreaks:
			if r := bytes.IndexByte(rest[:n], '\r'); r >= 0 {
				if r+1 < len(rest) && rest[r+1] == '\n' {
					return off + r, off + r + 2
				}
				return off + r, off + r + 1
			}
		case n > 0 && n < len(rest) && rest[n-1] == '\r': // LFBreaks: CRLF
			return off + n - 1, off + n + 1
		}
		if n == len(rest) {
			return len(b), len(b)
		}
		return off + n, off + n + 1
	}
	for i := off; i < len(b); i++ {
		if !mayBreak(b[i]) {
			continue
		}
		if n := k.BreakAt(b, i); n > 0 {
			return i, i + n
		}
	}
	return len(b), len(b)
}

// mayBreak reports whether a line break under some convention may start
// with c.
func mayBreak(c byte) bool { return c == '\n' || c == '\r' || c == 0xC2 || c == 0xE2 }

// Offset converts a line and a rune column of b, numbered under k, to an
// offset, clamped as Lines.Offset clamps. It scans b from the start up to
// the position, without building a table: for a single conversion.
func (k Breaks) Offset(b []byte, line, col int) int {
	off := 0
	for n := 1; n < line; n++ {
		end, next := k.LineAt(b, off)
		if end == len(b) {
			return len(b) // there is no line n+1
		}
		off = next
	}
	end, _ := k.LineAt(b, off)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(b[off:end])
		off += size
	}
	return off
}

// breakBefore returns the length of the line break that ends just before
// off, which is known to start a line after the first.
func (k Breaks) breakBefore(b []byte, off int) int {
	switch b[off-1] {
	case '\n':
		if off >= 2 && b[off-2] == '\r' {
			return 2
		}
		return 1
	case '\r':
		return 1
	case 0x85:
		return 2
	}
	return 3 // LS or PS
}

// Lines is the line table of a text under one convention. Lines are
// 1-based; columns are 1-based and count either runes (Offset, Position) or
// bytes (ByteOffset), as the parser whose positions are mapped does.
type Lines struct {
	text   []byte
	breaks Breaks
	starts []int // offset of the first byte of each line; a final break starts an empty line

	colOnce sync.Once
	cols    []colMark // column checkpoints on long lines, by offset
}

// colMark records the column of a byte offset on a long line, so that the
// column of a later offset on that line is counted from the nearest mark
// instead of from the start of the line.
type colMark struct {
	off, col int // off is a character boundary; col is its 1-based column
}

// colStride is the distance in bytes between column marks. A line shorter
// than that is counted directly.
const colStride = 4096

// NewLines indexes the lines of text under convention k.
func NewLines(text []byte, k Breaks) *Lines {
	// Every line but the first starts after a '\n' unless the text has a
	// CR, NEL, LS or PS: the table is sized so, and without those the
	// '\n' are found by bytes.IndexByte, many bytes at a time.
	l := &Lines{text: text, breaks: k, starts: make([]int, 1, bytes.Count(text, []byte{'\n'})+1)}
	if bytes.IndexByte(text, '\r') < 0 && (k != YAMLBreaks || bytes.IndexByte(text, 0xC2) < 0 && bytes.IndexByte(text, 0xE2) < 0) {
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				return l
			}
			i += j + 1
			l.starts = append(l.starts, i)
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if !mayBreak(c) {
			i++
			continue
		}
		if n := k.BreakAt(text, i); n > 0 {
			i += n
			l.starts = append(l.starts, i)
			continue
		}
		i++
	}
	return l
}

// Breaks returns the convention l was built with.
func (l *Lines) Breaks() Breaks { return l.breaks }

// Count returns the number of lines: a final line break does not start
// another line unless text follows it. Empty text has one (empty) line.
func (l *Lines) Count() int {
	if n := len(l.starts); n > 1 && l.starts[n-1] == len(l.text) {
		return n - 1
	}
	return len(l.starts)
}

// Start returns the offset of the first byte of line n, clamped: 0 for
// n < 1, the end of the text past the last line.
func (l *Lines) Start(n int) int {
	switch {
	case n < 1:
		return 0
	case n > len(l.starts):
		return len(l.text)
	}
	return l.starts[n-1]
}

// End returns the offset where line n's text ends: the start of its line
// break, or the end of the text. It is clamped as Start is.
func (l *Lines) End(n int) int {
	n = max(n, 1)
	if n >= len(l.starts) {
		return len(l.text)
	}
	next := l.starts[n]
	return next - l.breaks.breakBefore(l.text, next)
}

// Line returns the 1-based line that holds offset off (clamped to the
// text). An offset inside a line break belongs to the line it ends.
func (l *Lines) Line(off int) int {
	off = min(max(off, 0), len(l.text))
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off })
}

// Position returns the line and rune column of offset off (clamped to the
// text).
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.text))
	line = l.Line(off)
	return line, l.column(l.starts[line-1], off)
}

// column returns the 1-based column of off on the line starting at start.
// Counting the characters from the start of the line each time would make
// the positions of n diagnostics on one line of L bytes cost n×L (minutes
// for a minified or hostile guide); from the nearest mark it costs at most
// colStride bytes per position.
func (l *Lines) column(start, off int) int {
	if off-start <= colStride {
		return utf8.RuneCount(l.text[start:off]) + 1
	}
	marks := l.colMarks()
	j := sort.Search(len(marks), func(j int) bool { return marks[j].off > off }) - 1
	if j < 0 || marks[j].off < start {
		return utf8.RuneCount(l.text[start:off]) + 1
	}
	return marks[j].col + utf8.RuneCount(l.text[marks[j].off:off])
}

// colMarks returns the column marks, computed on first use (safely for
// concurrent use): one about every colStride bytes of each line longer
// than that. Marks sit on character boundaries as decoding from the start
// of the line finds them, so that counting on from a mark gives what
// counting from the start of the line would (no line break starts inside
// an encoded character).
func (l *Lines) colMarks() []colMark {
	l.colOnce.Do(func() {
		for i, start := range l.starts {
			end := len(l.text)
			if i+1 < len(l.starts) {
				end = l.starts[i+1]
			}
			if end-start <= colStride {
				continue
			}
			col, next := 1, start+colStride
			for off := start; off < end; {
				if off >= next {
					l.cols = append(l.cols, colMark{off, col})
					next = off + colStride
				}
				if c := l.text[off]; c < utf8.RuneSelf {
					off++
				} else {
					_, size := utf8.DecodeRune(l.text[off:end])
					off += size
				}
				col++
			}
		}
	})
	return l.cols
}

// Offset converts a line and a rune column to an offset. A column before
// the line is its start and one past its end is its end; a line before the
// first is offset 0, one past the last the end of the text.
func (l *Lines) Offset(line, col int) int {
	if line > len(l.starts) {
		return len(l.text)
	}
	off, end := l.Start(line), l.End(line)
	c := 1
	if col-1 > colStride && end-off > colStride {
		// From the nearest column mark of the line, as column does: n
		// positions on one line of L bytes would otherwise cost n×L.
		marks := l.colMarks()
		lo := sort.Search(len(marks), func(j int) bool { return marks[j].off >= off })
		hi := sort.Search(len(marks), func(j int) bool { return marks[j].off >= end })
		if k := sort.Search(hi-lo, func(j int) bool { return marks[lo+j].col > col }) - 1; k >= 0 {
			off, c = marks[lo+k].off, marks[lo+k].col
		}
	}
	for c < col && off < end {
		// Eight ASCII bytes are eight columns: most lines are ASCII, and
		// this skips them a word at a time.
		if n := col - c; n >= 8 && end-off >= 8 &&
			binary.LittleEndian.Uint64(l.text[off:off+8])&0x8080808080808080 == 0 {
			off += 8
			c += 8
			continue
		}
		if l.text[off] < utf8.RuneSelf {
			off++
		} else {
			_, size := utf8.DecodeRune(l.text[off:end])
			off += size
		}
		c++
	}
	return off
}

// ByteOffset is Offset for a column counted in bytes.
func (l *Lines) ByteOffset(line, col int) int {
	if line > len(l.starts) {
		return len(l.text)
	}
	start, end := l.Start(line), l.End(line)
	return min(start+max(col-1, 0), end)
}

// LineSpan returns the span of line n's text, without its line break.
func (l *Lines) LineSpan(n int) Span {
	if n > len(l.starts) {
		return Span{Start: len(l.text), End: len(l.text)}
	}
	return Span{Start: l.Start(n), End: l.End(n)}
}
