package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// TestStringArena makes strings of many sizes, reusing the source buffer
// between calls as the scratch builder does, and checks that every string
// keeps its value while later ones fill and replace blocks.
func TestStringArena(t *testing.T) {
	tests := []struct {
		name  string
		sizes []int
	}{
		{"empty", []int{0, 0}},
		{"small", []int{1, 2, 3, 100}},
		{"fills blocks", []int{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 7, 1000}},
		{"at the bound", []int{maxArenaString, maxArenaString + 1, maxArenaString - 1}},
		{"long", []int{arenaBlock + 1, 5, 3 * arenaBlock}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a stringArena
			var scratch []byte
			var got, want []string
			for i, n := range tt.sizes {
				scratch = append(scratch[:0], bytes.Repeat([]byte{byte('a' + i%26)}, n)...)
				got = append(got, a.string(scratch))
				want = append(want, strings.Repeat(string(rune('a'+i%26)), n))
				clear(scratch) // the builder reuses its bytes
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("string %d (%d bytes) changed: %.20q…", i, len(want[i]), got[i])
				}
			}
		})
	}
}
