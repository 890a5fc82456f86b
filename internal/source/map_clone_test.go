package source

import "testing"

// TestMapClone checks that a clone maps as its original and keeps doing so
// after the original is Reset and rebuilt, as Expand's scratch map is.
func TestMapClone(t *testing.T) {
	var m Map
	if c := m.Clone(); c.Len() != 0 || c.segs != nil {
		t.Fatalf("clone of the empty map: %+v", c)
	}
	m.AddVerbatim(0, 10, 5)
	m.AddGenerated(5, 3, Span{Start: 15, End: 30})
	m.AddVerbatim(8, 30, 4)
	c := m.Clone()
	if c.Len() != 3 || cap(c.segs) != 3 {
		t.Fatalf("clone has %d segments, capacity %d, want 3, 3", c.Len(), cap(c.segs))
	}
	want := map[int]int{0: 10, 4: 14, 5: 15, 7: 15, 8: 30, 12: 34}
	m.Reset()
	m.AddGenerated(0, 20, Span{Start: 99, End: 100})
	for off, o := range want {
		if got, _, ok := c.Resolve(off); !ok || got != o {
			t.Errorf("clone Resolve(%d) = %d, %v, want %d", off, got, ok, o)
		}
	}
}
