package source

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestPosition(t *testing.T) {
	f := NewFile("g.md", []byte("ab\nçd\r\nx"))
	tests := []struct {
		off, line, col int
	}{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {6, 2, 3}, {8, 3, 1}, {9, 3, 2}, {99, 3, 2},
	}
	for _, tt := range tests {
		p := f.Position(tt.off)
		if p.Line != tt.line || p.Column != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, p.Line, p.Column, tt.line, tt.col)
		}
	}
	if got := string(f.Line(2)); got != "çd" {
		t.Errorf("Line(2) = %q", got)
	}
	if got := f.Offset(2, 2); got != 5 {
		t.Errorf("Offset(2,2) = %d, want 5", got)
	}
}

func TestMap(t *testing.T) {
	var m Map
	m.AddVerbatim(0, 10, 5)            // dst 0..5 -> 10..15
	m.AddGenerated(5, 3, Span{15, 40}) // dst 5..8 -> call at 15..40
	m.AddVerbatim(8, 40, 4)            // dst 8..12 -> 40..44
	tests := []struct {
		off, want int
		exact     bool
	}{
		{0, 10, true}, {4, 14, true}, {5, 15, false}, {7, 15, false}, {8, 40, true}, {11, 43, true},
	}
	for _, tt := range tests {
		got, exact, ok := m.Resolve(tt.off)
		if !ok || got != tt.want || exact != tt.exact {
			t.Errorf("Resolve(%d) = %d,%v,%v want %d,%v", tt.off, got, exact, ok, tt.want, tt.exact)
		}
	}
	sp, _ := m.ResolveSpan(Span{6, 7})
	if sp != (Span{15, 40}) {
		t.Errorf("ResolveSpan in generated = %v", sp)
	}
	sp, _ = m.ResolveSpan(Span{1, 10})
	if sp != (Span{11, 42}) {
		t.Errorf("ResolveSpan across = %v", sp)
	}
	var inner Map
	inner.AddVerbatim(0, 2, 6) // snippet 0..6 -> derived 2..8
	c := inner.Compose(&m)
	if got, exact, _ := c.Resolve(1); got != 13 || !exact {
		t.Errorf("compose Resolve(1) = %d %v", got, exact)
	}
	if got, exact, _ := c.Resolve(4); got != 15 || exact {
		t.Errorf("compose Resolve(4) = %d %v", got, exact)
	}
}

// TestPositionLongLines compares the columns of Position, which count on
// from marks on long lines, with counting from the start of the line, on
// lines of every kind of character: ASCII, two- to four-byte characters,
// invalid bytes and characters cut by the end of the line.
func TestPositionLongLines(t *testing.T) {
	pieces := []string{"a", "é", "€", "😀", "\xff", "\xe2\x82", "\t", "\r\n", "\n", strings.Repeat("x", 5000)}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		var b strings.Builder
		for b.Len() < 3*colStride*(round%4+1) {
			p := pieces[rng.IntN(len(pieces))]
			if p == "\n" || p == "\r\n" {
				if rng.IntN(8) != 0 {
					continue // mostly long lines
				}
			}
			b.WriteString(p)
		}
		content := []byte(b.String())
		f := NewFile("g.md", content)
		for range 300 {
			off := rng.IntN(len(content) + 1)
			start := bytes.LastIndexByte(content[:off], '\n') + 1
			want := utf8.RuneCount(content[start:off]) + 1
			if got := f.Position(off).Column; got != want {
				t.Fatalf("round %d: Position(%d).Column = %d, want %d", round, off, got, want)
			}
		}
	}
}

// TestPositionLinear bounds the cost of many positions on one long line:
// counting from the start of the line each time took seconds here.
func TestPositionLinear(t *testing.T) {
	f := NewFile("g.md", []byte(strings.Repeat("é", 1<<20)+"\n"))
	start := time.Now()
	for off := 0; off < len(f.Content); off += 200 {
		f.Position(off)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("10,000 positions on a 2 MiB line took %v", d)
	}
}
