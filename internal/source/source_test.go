package source

import "testing"

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
