package source

import (
	"math/rand/v2"
	"testing"
)

// skipPrintableBytes is SkipPrintable one byte at a time, the oracle.
func skipPrintableBytes(b []byte, off int) int {
	for off < len(b) && b[off] >= 0x20 && b[off] < 0x7F {
		off++
	}
	return off
}

// TestSkipPrintable compares SkipPrintable with the byte loop from every
// offset of random texts, mostly printable with a sprinkle of controls,
// DEL, UTF-8 and bytes next to the printable range's edges.
func TestSkipPrintable(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	odd := []byte{0, '\t', '\n', '\r', 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xFF}
	for range 3000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(6) == 0 {
				b[i] = odd[r.IntN(len(odd))]
			} else {
				b[i] = byte(0x20 + r.IntN(0x5F))
			}
		}
		for off := 0; off <= len(b); off++ {
			if got, want := SkipPrintable(b, off), skipPrintableBytes(b, off); got != want {
				t.Fatalf("SkipPrintable(%q, %d) = %d, want %d", b, off, got, want)
			}
		}
	}
}

// FuzzSkipPrintable holds SkipPrintable to the byte loop on any input.
func FuzzSkipPrintable(f *testing.F) {
	f.Add([]byte("printable text\twith a tab"), 0)
	f.Add([]byte("\x7f\x80 é"), 1)
	f.Fuzz(func(t *testing.T, b []byte, off int) {
		if off < 0 || off > len(b) {
			return
		}
		if got, want := SkipPrintable(b, off), skipPrintableBytes(b, off); got != want {
			t.Fatalf("SkipPrintable(%q, %d) = %d, want %d", b, off, got, want)
		}
	})
}
