package yamlpos

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
)

// oldFastText is fastText as it was before a failed eight-byte test
// skipped to its first flagged byte, kept as the oracle of the
// differential test.
func oldFastText(text []byte) (ok, ascii bool) {
	ascii = true
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(text); {
		if i+8 <= len(text) {
			w := uint64(text[i]) | uint64(text[i+1])<<8 | uint64(text[i+2])<<16 | uint64(text[i+3])<<24 |
				uint64(text[i+4])<<32 | uint64(text[i+5])<<40 | uint64(text[i+6])<<48 | uint64(text[i+7])<<56
			if (w|(w-0x20*lo)|((w^0x7F*lo)-lo))&hi == 0 {
				i += 8
				continue
			}
		}
		b := text[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\n' || b == 0x7F {
				return false, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xD800 && r < 0xE000 || r == 0xFFFE || r == 0xFFFF {
			return false, false
		}
		ascii = false
		i += size
	}
	return true, ascii
}

// TestFastTextDifferential compares fastText with its old loop on the
// corpus texts, random edits of them, and random texts of the bytes and
// characters that matter to it.
func TestFastTextDifferential(t *testing.T) {
	inputs := sharedYAML(t)
	alphabet := []string{"a", " ", "\t", "\r", "\n", "\x00", "\x1f", "\x7f", "\x80", "\xc2", "\xff", "~", "\u00A0", "\u0085", "\u2028", "\uFEFF", "\uFFFD", "\uFFFE", "é", "😀", "abcdefgh", "        "}
	rng := rand.New(rand.NewPCG(15, 5))
	check := func(b []byte) {
		t.Helper()
		gok, gascii := fastText(b)
		wok, wascii := oldFastText(b)
		if gok != wok || gascii != wascii {
			t.Fatalf("text %q: fastText %v %v, want %v %v", b, gok, gascii, wok, wascii)
		}
	}
	for _, b := range inputs {
		check(b)
	}
	for i := 0; i < 50000; i++ {
		var b []byte
		if len(inputs) > 0 && i%2 == 0 {
			b = slices.Clone(inputs[rng.IntN(len(inputs))])
			for k := rng.IntN(3); k > 0; k-- {
				b = slices.Insert(b, rng.IntN(len(b)+1), []byte(alphabet[rng.IntN(len(alphabet))])...)
			}
		} else {
			for k := rng.IntN(40); k > 0; k-- {
				b = append(b, alphabet[rng.IntN(len(alphabet))]...)
			}
		}
		check(b)
	}
}

// FuzzFastText compares fastText with its old loop on any text.
func FuzzFastText(f *testing.F) {
	f.Add([]byte("a: b\n\tc: d\u00A0\n"))
	f.Add([]byte("abcdefgh\x7fijklmnop\u2028"))
	f.Fuzz(func(t *testing.T, b []byte) {
		gok, gascii := fastText(b)
		wok, wascii := oldFastText(b)
		if gok != wok || gascii != wascii {
			t.Fatalf("text %q: fastText %v %v, want %v %v", b, gok, gascii, wok, wascii)
		}
	})
}
