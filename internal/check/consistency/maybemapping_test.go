package consistency

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// mayBeMappingPlain is mayBeMapping as a loop over every byte, before it
// jumped with IndexByte: the oracle of the differential test.
func mayBeMappingPlain(text []byte, n int) bool {
	if len(text) >= 2 && (text[0] == 0xFF && text[1] == 0xFE || text[0] == 0xFE && text[1] == 0xFF) {
		return true
	}
	indicators := 0
	for i, c := range text {
		switch c {
		case '{':
			return true
		case ':', '?':
			if yamlBlankz(text[i+1:]) {
				indicators++
			}
		}
	}
	return indicators >= n
}

// TestMayBeMappingDifferential compares mayBeMapping with the byte loop
// on the corpus guides, their lines, and random texts of the bytes that
// matter to it, for several numbers of keys.
func TestMayBeMappingDifferential(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		for n := -1; n <= 5; n++ {
			if got, want := mayBeMapping(b, n), mayBeMappingPlain(b, n); got != want {
				t.Fatalf("mayBeMapping(%q, %d) = %v, want %v", b, n, got, want)
			}
		}
	}
	texts := testenv.CorpusTexts(t)
	for _, text := range texts {
		check(text)
		for _, line := range bytes.Split(text, []byte("\n")) {
			check(line)
		}
	}
	pieces := []string{":", "?", "{", " ", "\t", "\n", "\r", "\x00", "\u0085", "\u2028", "\u2029", "\xc2", "\xe2\x80", "a", "key: v", "\xff\xfe", "\xfe\xff"}
	rng := rand.New(rand.NewPCG(15, 10))
	for range 100000 {
		var b []byte
		if len(texts) > 0 && rng.IntN(3) == 0 {
			src := texts[rng.IntN(len(texts))]
			at := rng.IntN(len(src) + 1)
			b = slices.Clone(src[at:min(len(src), at+rng.IntN(200))])
		}
		for k := rng.IntN(10); k > 0; k-- {
			b = slices.Insert(b, rng.IntN(len(b)+1), []byte(pieces[rng.IntN(len(pieces))])...)
		}
		check(b)
	}
}
