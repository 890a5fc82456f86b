package source

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// oddBreaks are the line-break sequences the conventions disagree on, with
// the conventions that end a line at each.
var oddBreaks = []struct {
	name, seq string
	ends      map[Breaks]bool
}{
	{"LF", "\n", map[Breaks]bool{EditorBreaks: true, LFBreaks: true, YAMLBreaks: true}},
	{"CRLF", "\r\n", map[Breaks]bool{EditorBreaks: true, LFBreaks: true, YAMLBreaks: true}},
	{"CR", "\r", map[Breaks]bool{EditorBreaks: true, YAMLBreaks: true}},
	{"NEL", "\u0085", map[Breaks]bool{YAMLBreaks: true}},
	{"LS", "\u2028", map[Breaks]bool{YAMLBreaks: true}},
	{"PS", "\u2029", map[Breaks]bool{YAMLBreaks: true}},
}

// TestBreaks puts each odd break between two lines and checks, under every
// convention, the line count, where "é!" lands and the round trip from
// offset to (line, column) and back.
func TestBreaks(t *testing.T) {
	for _, br := range oddBreaks {
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			t.Run(br.name+"/"+k.String(), func(t *testing.T) {
				text := []byte("aé" + br.seq + "xé!\n")
				l := NewLines(text, k)
				bang := strings.IndexByte(string(text), '!')
				wantLine, wantCol, wantCount := 1, 5+len([]rune(br.seq)), 1
				if br.ends[k] {
					wantLine, wantCol, wantCount = 2, 3, 2
				}
				if got := l.Count(); got != wantCount {
					t.Errorf("Count = %d, want %d", got, wantCount)
				}
				if line, col := l.Position(bang); line != wantLine || col != wantCol {
					t.Errorf("Position(!) = %d:%d, want %d:%d", line, col, wantLine, wantCol)
				}
				if got := l.Offset(wantLine, wantCol); got != bang {
					t.Errorf("Offset(%d, %d) = %d, want %d", wantLine, wantCol, got, bang)
				}
				if got := l.End(1); br.ends[k] && got != len("aé") {
					t.Errorf("End(1) = %d, want %d (the break is not line text)", got, len("aé"))
				}
				for off := 0; off <= len(text); off++ {
					line, col := l.Position(off)
					if got := l.Offset(line, col); got != off && !inBreak(l, off) {
						t.Errorf("Offset(Position(%d)) = %d", off, got)
					}
				}
			})
		}
	}
}

// inBreak reports whether off lies inside a line break or inside a
// multibyte character, where no (line, column) names it exactly.
func inBreak(l *Lines, off int) bool {
	line := l.Line(off)
	return off > l.End(line) || off < len(l.text) && l.text[off]&0xC0 == 0x80
}

func TestLinesClamp(t *testing.T) {
	l := NewLines([]byte("ab\r\ncd\r"), EditorBreaks)
	tests := []struct {
		line, col, rune, byte int
	}{
		{0, 1, 0, 0}, {1, -3, 0, 0}, {1, 99, 2, 2}, {2, 2, 5, 5}, {2, 9, 6, 6}, {3, 1, 7, 7}, {4, 1, 7, 7},
	}
	for _, tt := range tests {
		if got := l.Offset(tt.line, tt.col); got != tt.rune {
			t.Errorf("Offset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.rune)
		}
		if got := l.ByteOffset(tt.line, tt.col); got != tt.byte {
			t.Errorf("ByteOffset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.byte)
		}
	}
	if l.Count() != 2 {
		t.Errorf("Count = %d, want 2", l.Count())
	}
	if sp := l.LineSpan(2); sp != (Span{4, 6}) {
		t.Errorf("LineSpan(2) = %v", sp)
	}
}

// TestFileLines checks that a File numbers lines as an editor does, for
// classic Mac files and files mixing every line end.
func TestFileLines(t *testing.T) {
	f := NewFile("g.md", []byte("---\rtitle: x\r---\r\r# T\u2028U\r\nz\u0085y\n"))
	var got []string
	for n := 1; n <= f.LineCount(); n++ {
		got = append(got, fmt.Sprintf("%q", f.Line(n)))
	}
	want := `["---" "title: x" "---" "" "# T\u2028U" "z\u0085y"]`
	if fmt.Sprint(got) != want {
		t.Errorf("lines = %v, want %s", got, want)
	}
	if p := f.Position(strings.Index(string(f.Content), "U")); p.Line != 5 || p.Column != 5 {
		t.Errorf("U at %d:%d, want 5:5", p.Line, p.Column)
	}
}

// TestBreaksOffsetAgrees checks that the table-free Breaks.Offset converts
// every line and column as Lines.Offset does, on texts mixing every break.
func TestBreaksOffsetAgrees(t *testing.T) {
	for _, text := range []string{"", "a", "\n", "\r", "a\r\nb", "é\u2028x\u0085\ry\n", "ab\rcd\r\n\r\n\u2029"} {
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			l := NewLines([]byte(text), k)
			for line := -1; line <= l.Count()+2; line++ {
				for col := -1; col <= 6; col++ {
					if got, want := k.Offset([]byte(text), line, col), l.Offset(line, col); got != want {
						t.Errorf("%s %q: Offset(%d, %d) = %d, Lines gives %d", k, text, line, col, got, want)
					}
				}
			}
		}
	}
}

// naiveStarts returns the line starts of b under k, break by break.
func naiveStarts(b []byte, k Breaks) []int {
	starts := []int{0}
	for i := 0; i < len(b); {
		if n := k.BreakAt(b, i); n > 0 {
			i += n
			starts = append(starts, i)
			continue
		}
		i++
	}
	return starts
}

// FuzzLines checks, for any text and every convention, that line starts
// increase, that every line's text ends at or after its start, that
// Position and Offset round-trip outside line breaks, and that the
// table-free Breaks.Offset agrees with the table.
func FuzzLines(f *testing.F) {
	for _, s := range []string{"", "a\r\nb", "é\u2028x\u0085\ry\n", "\r\r\n\n", "\xe2\x80", "\xc2", "a\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 512 {
			return
		}
		b := []byte(s)
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			l := NewLines(b, k)
			if want := naiveStarts(b, k); !slices.Equal(l.starts, want) {
				t.Fatalf("%s %q: line starts %v, want %v", k, s, l.starts, want)
			}
			for n := 1; n <= len(l.starts); n++ {
				if l.End(n) < l.Start(n) || n > 1 && l.Start(n) <= l.Start(n-1) {
					t.Fatalf("%s %q: line %d spans %d..%d after %d", k, s, n, l.Start(n), l.End(n), l.Start(n-1))
				}
			}
			for off := 0; off <= len(b); off++ {
				line, col := l.Position(off)
				if got := l.Offset(line, col); got != off && !inBreak(l, off) {
					t.Fatalf("%s %q: Offset(Position(%d)) = %d", k, s, off, got)
				}
				if got, want := k.Offset(b, line, col), l.Offset(line, col); got != want {
					t.Fatalf("%s %q: Breaks.Offset(%d, %d) = %d, Lines.Offset = %d", k, s, line, col, got, want)
				}
			}
		}
	})
}

// TestColumnsOnLongLines compares the columns Position counts on from marks
// on long lines with counting from the start of the line, under every
// convention, on lines of ASCII, multibyte and invalid bytes and every
// kind of break; and bounds the cost of many positions on one long line.
func TestColumnsOnLongLines(t *testing.T) {
	pieces := []string{"a", "é", "€", "😀", "\xff", "\xe2\x80", "\u2028", "\u0085", "\r", "\r\n", "\n", strings.Repeat("x", 5000)}
	for round := range 12 {
		var b strings.Builder
		for i := 0; b.Len() < 3*colStride*(round%4+1); i++ {
			p := pieces[(i*7+round*3+i*i)%len(pieces)]
			if len(p) <= 3 && (p[0] == '\r' || p[0] == '\n' || p == "\u2028" || p == "\u0085") && i%5 != 0 {
				continue // mostly long lines
			}
			b.WriteString(p)
		}
		text := []byte(b.String())
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			l := NewLines(text, k)
			for off := 0; off <= len(text); off += 97 {
				line, col := l.Position(off)
				if want := utf8.RuneCount(text[l.Start(line):off]) + 1; col != want {
					t.Fatalf("round %d %s: Position(%d) column %d, want %d", round, k, off, col, want)
				}
			}
		}
	}
	f := NewFile("g.md", []byte(strings.Repeat("é", 1<<20)+"\n"))
	start := time.Now()
	for off := 0; off < len(f.Content); off += 200 {
		f.Position(off)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("10,000 positions on a 2 MiB line took %v", d)
	}
}

// TestOffsetLongLine: Offset from a column mark gives what counting from
// the start of the line gives, on lines longer than colStride with
// multi-byte characters, for every column.
func TestOffsetLongLine(t *testing.T) {
	line := strings.Repeat("aé€😀", 3*colStride/10)
	text := []byte("x\n" + line + "\r\n" + line + "\n")
	for _, k := range []Breaks{EditorBreaks, YAMLBreaks, LFBreaks} {
		l := NewLines(text, k)
		for n := 2; n <= 3; n++ {
			naive := l.Start(n)
			for col := 1; col <= utf8.RuneCountInString(line)+2; col++ {
				if got := l.Offset(n, col); got != naive {
					t.Fatalf("%v line %d col %d: Offset %d, want %d", k, n, col, got, naive)
				}
				if naive < l.End(n) {
					_, size := utf8.DecodeRune(text[naive:])
					naive += size
				}
			}
		}
	}
}

// TestOffsetAgreesOnMixedLines compares Lines.Offset, which skips ASCII
// eight bytes at a time, with the rune-by-rune Breaks.Offset on random
// lines of ASCII, multibyte, invalid bytes and breaks, for every column up
// to past the line's end.
func TestOffsetAgreesOnMixedLines(t *testing.T) {
	pieces := []string{"a", "bcdefgh", "0123456789abcdef", "é", "€", "😀", "\xff", "\xe2\x80", "\n", "\r\n", "\r", "\u2028", " "}
	r := rand.New(rand.NewPCG(7, 15))
	for range 2000 {
		var b []byte
		for range r.IntN(40) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			l := NewLines(b, k)
			for line := 0; line <= l.Count()+1; line++ {
				for col := -1; col <= len(b)+9; col++ {
					if got, want := l.Offset(line, col), k.Offset(b, line, col); got != want {
						t.Fatalf("%s %q: Offset(%d, %d) = %d, Breaks.Offset gives %d", k, b, line, col, got, want)
					}
				}
			}
		}
	}
}

// naiveLineAt is LineAt break by break.
func naiveLineAt(k Breaks, b []byte, off int) (end, next int) {
	for i := max(off, 0); i < len(b); i++ {
		if n := k.BreakAt(b, i); n > 0 {
			return i, i + n
		}
	}
	return len(b), len(b)
}

// TestLineAtAgrees compares LineAt, which finds CR and LF with IndexByte
// under the editor and LF conventions, with reading break by break, on
// random texts of every kind of break, from every offset.
func TestLineAtAgrees(t *testing.T) {
	pieces := []string{"a", "bcdefgh", "\n", "\r\n", "\r", "\r\r\n", "\n\r", "\u2028", "\u0085", "é", "\xc2", "\xe2\x80"}
	r := rand.New(rand.NewPCG(5, 9))
	for range 3000 {
		var b []byte
		for range r.IntN(20) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		for _, k := range []Breaks{EditorBreaks, LFBreaks, YAMLBreaks} {
			for off := -1; off <= len(b)+1; off++ {
				e, n := k.LineAt(b, off)
				we, wn := naiveLineAt(k, b, off)
				if e != we || n != wn {
					t.Fatalf("%s %q: LineAt(%d) = %d, %d, want %d, %d", k, b, off, e, n, we, wn)
				}
			}
		}
	}
}
