// Package source owns positions: the files guidec reads, byte offsets into
// them, spans, and maps from derived buffers back to the original bytes.
//
// Offsets are the currency of every stage; line and column exist only when a
// diagnostic is printed (see File.Position). Columns count characters (runes),
// as editors show them, and are 1-based. Lines end where an editor ends
// them (EditorBreaks); a parser that counts lines otherwise has its
// (line, column) pairs mapped to offsets under its own convention (Breaks,
// NewLines), never under the file's.
package source

import "sync"

// File is one file as read from disk. Content is never modified after
// construction; the line table is computed lazily and safely for concurrent use.
type File struct {
	Name    string // path as given by the user or relative to the working directory
	Content []byte

	once  sync.Once
	lines *Lines
}

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

// Lines returns f's line table: lines end at LF, CRLF or a lone CR
// (EditorBreaks), as the editor that shows the file numbers them.
func (f *File) Lines() *Lines {
	f.once.Do(func() { f.lines = NewLines(f.Content, EditorBreaks) })
	return f.lines
}

// LineCount returns the number of lines in f (a trailing line break does
// not start a new line unless text follows it).
func (f *File) LineCount() int { return f.Lines().Count() }

// Position converts a byte offset into a Position. Offsets beyond the end of
// the file are clamped to it; a negative offset yields the zero Position.
func (f *File) Position(off int) Position {
	if f == nil || off < 0 {
		return Position{}
	}
	off = min(off, len(f.Content))
	line, col := f.Lines().Position(off)
	return Position{Filename: f.Name, Offset: off, Line: line, Column: col}
}

// Offset converts a 1-based line and rune column back to a byte offset.
// Out-of-range values are clamped to the file.
func (f *File) Offset(line, col int) int { return f.Lines().Offset(line, col) }

// Line returns the text of the 1-based line n without its line terminator.
func (f *File) Line(n int) []byte {
	l := f.Lines()
	if n < 1 || n > len(l.starts) {
		return nil
	}
	sp := l.LineSpan(n)
	return f.Content[sp.Start:sp.End]
}
