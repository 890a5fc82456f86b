package source

import (
	"math"
	"testing"
)

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

// TestMapWideOffsets checks the limit of the 32-bit segments: offsets up
// to 2 GiB map exactly, merges included; a segment reaching past them is
// left out (unmapped) rather than wrapped.
func TestMapWideOffsets(t *testing.T) {
	const top = math.MaxInt32
	var m Map
	m.AddVerbatim(0, top-10, 5)
	m.AddVerbatim(5, top-5, 5) // merges: ends at top
	if m.Len() != 1 {
		t.Fatalf("%d segments, want 1 (merged)", m.Len())
	}
	if o, exact, ok := m.Resolve(7); !ok || !exact || o != top-3 {
		t.Errorf("Resolve(7) = %d, %v, %v, want %d, true, true", o, exact, ok, top-3)
	}
	m.AddVerbatim(10, top, 1)                             // past the top: left out
	m.AddGenerated(11, 4, Span{Start: top, End: top + 1}) // likewise
	m.AddGenerated(11, 4, Span{Start: -1 << 40, End: 0})  // below: likewise
	m.AddVerbatim(1<<40, 0, 1)                            // a derived offset past it
	if m.Len() != 1 {
		t.Errorf("%d segments, want 1: the out-of-range ones are left out", m.Len())
	}
	if o, _, ok := m.Resolve(10); !ok || o != top {
		t.Errorf("Resolve(10) = %d, %v, want the end of the last segment, %d", o, ok, top)
	}
}
