package paste

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// oldPlain is the byte-by-byte test scan used before nextLine, kept as
// the oracle of the differential test.
func oldPlain(line []byte) bool {
	for _, b := range line {
		if b >= 0x7F || b < 0x20 && b != '\t' && b != '\r' {
			return false
		}
	}
	return true
}

// oldLines returns the lines scan looked at before nextLine: every line
// that is not plain, as start and end offsets.
func oldLines(t []byte) [][2]int {
	var out [][2]int
	for start := 0; start < len(t); {
		end := start
		for end < len(t) && t[end] != '\n' {
			end++
		}
		if !oldPlain(t[start:end]) {
			out = append(out, [2]int{start, end})
		}
		start = end + 1
	}
	return out
}

// newLines returns the lines scan looks at now.
func newLines(t []byte) [][2]int {
	var out [][2]int
	for from := 0; from < len(t); {
		start, end, ok := nextLine(t, from)
		if !ok {
			break
		}
		out = append(out, [2]int{start, end})
		from = end + 1
	}
	return out
}

// TestNextLineDifferential compares the lines scan decodes with those the
// old line-by-line loop decoded, on the corpus and on random edits of it
// and of short texts built from the bytes that matter.
func TestNextLineDifferential(t *testing.T) {
	texts := testenv.CorpusTexts(t)
	texts = append(texts, []byte(""), []byte("\n"), []byte("a\u00A0b"), []byte("\x7f"), []byte("abcdefgh\x00"),
		[]byte("abcdefghijklmnop\tq\r\n\u2019"), []byte("\n\n\u200B\n\n"))
	alphabet := []string{"a", " ", "\t", "\r", "\n", "\x00", "\x1f", "\x7f", "\x80", "~", "\u00A0", "\u2019", "\u200B", "\uFFFD", "\xff", "abcdefgh", "        "}
	rng := rand.New(rand.NewPCG(15, 3))
	check := func(b []byte) {
		t.Helper()
		if got, want := newLines(b), oldLines(b); !slices.Equal(got, want) {
			t.Fatalf("text %q: lines %v, want %v", b, got, want)
		}
	}
	for _, b := range texts {
		check(b)
	}
	for i := 0; i < 50000; i++ {
		var b []byte
		if len(texts) > 0 && i%2 == 0 {
			src := texts[rng.IntN(len(texts))]
			at := rng.IntN(len(src) + 1)
			end := min(len(src), at+rng.IntN(200))
			b = slices.Clone(src[at:end])
			for k := rng.IntN(4); k > 0 && len(b) > 0; k-- {
				p := rng.IntN(len(b))
				b = slices.Insert(b, p, []byte(alphabet[rng.IntN(len(alphabet))])...)
			}
		} else {
			for k := rng.IntN(40); k > 0; k-- {
				b = append(b, alphabet[rng.IntN(len(alphabet))]...)
			}
		}
		check(b)
	}
}

// FuzzNextLine compares nextLine with the old loop on any text.
func FuzzNextLine(f *testing.F) {
	f.Add([]byte("a: \u2018b\u2019\nc: d\n"))
	f.Add([]byte("abcdefgh\tijklmnop\x00\n\u00A0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := newLines(b), oldLines(b); !slices.Equal(got, want) {
			t.Fatalf("text %q: lines %v, want %v", b, got, want)
		}
	})
}
