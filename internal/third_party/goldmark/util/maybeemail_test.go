package util

import (
	"bytes"
	"math/rand"
	"testing"
)

// mayBeEmailLoop is MayBeEmail as it was first written, byte by byte from
// the start: the oracle for the version that looks for the '@' first.
func mayBeEmailLoop(b []byte) bool {
	i := 0
	lim := min(len(b), 64)
	for i < lim && emailTable[b[i]]&1 == 1 {
		i++
	}
	return i > 0 && i < len(b) && b[i] == '@'
}

// TestMayBeEmailAsLoop compares MayBeEmail with mayBeEmailLoop on edge
// cases (local parts of 63 to 66 bytes) and random lines.
func TestMayBeEmailAsLoop(t *testing.T) {
	lines := [][]byte{nil, []byte("@"), []byte("a@"), []byte("a"), []byte(" a@b"), []byte("a b@c"), []byte("é@b"), []byte("a@@")}
	for n := 62; n <= 67; n++ {
		lines = append(lines, append(bytes.Repeat([]byte("a"), n), '@'), append(bytes.Repeat([]byte("a"), n), "@b.c"...))
	}
	alphabet := []byte("ab0.-_+@ @\n(),:;<>\"'\xc3\xa9~!#$%&*/=?^`{|}")
	rng := rand.New(rand.NewSource(15))
	for range 300000 {
		b := make([]byte, rng.Intn(80))
		for i := range b {
			if rng.Intn(4) == 0 {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			} else {
				b[i] = 'a' + byte(rng.Intn(3))
			}
		}
		lines = append(lines, b)
	}
	for _, b := range lines {
		if got, want := MayBeEmail(b), mayBeEmailLoop(b); got != want {
			t.Fatalf("%q: MayBeEmail %v, the loop %v", b, got, want)
		}
	}
}
