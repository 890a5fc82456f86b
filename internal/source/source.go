// Package source owns positions: the files guidec reads, byte offsets into
// them, spans, and maps from derived buffers back to the original bytes.
//
// Offsets are the currency of every stage; line and column exist only when a
// diagnostic is printed (see File.Position). Columns count characters (runes),
// as editors show them, and are 1-based.
package source

import (
	"sort"
	"sync"
	"unicode/utf8"
)

// File is one file as read from disk. Content is never modified after
// construction; the line table is computed lazily and safely for concurrent use.
type File struct {
	Name    string // path as given by the user or relative to the working directory
	Content []byte

	once  sync.Once
	lines []int // offsets of the first byte of each line

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

// NewFile returns a File for name with the given content.
func NewFile(name string, content []byte) *File {
	return &File{Name: name, Content: content}
}

// Span is a half-open byte range [Start, End) in a File or in a derived buffer.
type Span struct {
	Start, End int
}

// Len returns the number of bytes in s.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether off lies in s.
func (s Span) Contains(off int) bool { return off >= s.Start && off < s.End }

// Position is a human-facing location: 1-based line and column (in runes).
type Position struct {
	Filename string
	Offset   int
	Line     int
	Column   int
}

// IsValid reports whether p denotes a real location.
func (p Position) IsValid() bool { return p.Line > 0 }

func (f *File) lineTable() []int {
	f.once.Do(func() {
		f.lines = append(f.lines, 0)
		for i, b := range f.Content {
			if b == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	})
	return f.lines
}

// LineCount returns the number of lines in f (a trailing newline does not
// start a new line unless text follows it).
func (f *File) LineCount() int {
	lines := f.lineTable()
	if n := len(lines); n > 1 && lines[n-1] == len(f.Content) {
		return n - 1
	}
	return len(f.lineTable())
}

// Position converts a byte offset into a Position. Offsets beyond the end of
// the file are clamped to it; a negative offset yields the zero Position.
func (f *File) Position(off int) Position {
	if f == nil || off < 0 {
		return Position{}
	}
	if off > len(f.Content) {
		off = len(f.Content)
	}
	lines := f.lineTable()
	i := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	return Position{Filename: f.Name, Offset: off, Line: i + 1, Column: f.column(lines[i], off)}
}

// column returns the 1-based column of off on the line starting at start.
// Counting the characters from the start of the line each time would make
// the positions of n diagnostics on one line of L bytes cost n×L (minutes
// for a minified or hostile guide); from the nearest mark it costs at most
// colStride bytes per position.
func (f *File) column(start, off int) int {
	if off-start <= colStride {
		return utf8.RuneCount(f.Content[start:off]) + 1
	}
	marks := f.colMarks()
	j := sort.Search(len(marks), func(j int) bool { return marks[j].off > off }) - 1
	if j < 0 || marks[j].off < start {
		return utf8.RuneCount(f.Content[start:off]) + 1
	}
	return marks[j].col + utf8.RuneCount(f.Content[marks[j].off:off])
}

// colMarks returns the column marks of f, computed on first use: one about
// every colStride bytes of each line longer than that. Marks sit on
// character boundaries as decoding from the start of the line finds them,
// so that counting on from a mark gives what counting from the start of
// the line would (line feeds are never inside an encoded character).
func (f *File) colMarks() []colMark {
	f.colOnce.Do(func() {
		lines := f.lineTable()
		for i, start := range lines {
			end := len(f.Content)
			if i+1 < len(lines) {
				end = lines[i+1]
			}
			if end-start <= colStride {
				continue
			}
			col, next := 1, start+colStride
			for off := start; off < end; {
				if off >= next {
					f.cols = append(f.cols, colMark{off, col})
					next = off + colStride
				}
				if c := f.Content[off]; c < utf8.RuneSelf {
					off++
				} else {
					_, size := utf8.DecodeRune(f.Content[off:end])
					off += size
				}
				col++
			}
		}
	})
	return f.cols
}

// Offset converts a 1-based line and rune column back to a byte offset.
// Out-of-range values are clamped to the file.
func (f *File) Offset(line, col int) int {
	lines := f.lineTable()
	if line < 1 {
		return 0
	}
	if line > len(lines) {
		return len(f.Content)
	}
	off := lines[line-1]
	end := f.lineEnd(line)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(f.Content[off:end])
		off += size
	}
	return off
}

// Line returns the text of the 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	lines := f.lineTable()
	if n < 1 || n > len(lines) {
		return nil
	}
	return f.Content[lines[n-1]:f.lineEnd(n)]
}

func (f *File) lineEnd(n int) int {
	lines := f.lineTable()
	end := len(f.Content)
	if n < len(lines) {
		end = lines[n] - 1
	}
	if end > lines[n-1] && f.Content[end-1] == '\r' {
		end--
	}
	return end
}
