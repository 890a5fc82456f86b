package authelia

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// oldMaskTemplates is maskTemplates as it was before it jumped from one
// "{{" to the next, kept as the oracle of the differential test.
func oldMaskTemplates(text []byte) ([]byte, bool) {
	out, masked := text, false
	for i := 0; i+1 < len(out); i++ {
		if out[i] != '{' || out[i+1] != '{' {
			continue
		}
		lineEnd := len(out)
		if nl := bytes.IndexByte(out[i:], '\n'); nl >= 0 {
			lineEnd = i + nl
		}
		end := bytes.Index(out[i:lineEnd], []byte("}}"))
		if end < 0 {
			i = lineEnd
			continue
		}
		if !masked {
			out, masked = bytes.Clone(text), true
		}
		n := end + 2
		for j := 0; j < n; j++ {
			c := byte('_')
			if j < len(templateMask) {
				c = templateMask[j]
			}
			out[i+j] = c
		}
		i += n - 1
	}
	return out, masked
}

// TestMaskTemplatesDifferential compares maskTemplates with its old
// byte-by-byte loop on the corpus guides and on random texts made of the
// bytes that matter to it.
func TestMaskTemplatesDifferential(t *testing.T) {
	texts := testenv.CorpusTexts(t)
	alphabet := []string{"{", "}", "{{", "}}", "\n", "a", " ", "{{ secret \"x\" }}", "T3mPl4tE"}
	rng := rand.New(rand.NewPCG(15, 4))
	check := func(b []byte) {
		t.Helper()
		orig := slices.Clone(b)
		got, gm := maskTemplates(b)
		want, wm := oldMaskTemplates(orig)
		if gm != wm || !bytes.Equal(got, want) || !bytes.Equal(b, orig) {
			t.Fatalf("text %q: got %q %v, want %q %v", orig, got, gm, want, wm)
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
			b = slices.Clone(src[at:min(len(src), at+rng.IntN(300))])
			for k := rng.IntN(4); k > 0 && len(b) > 0; k-- {
				b = slices.Insert(b, rng.IntN(len(b)), []byte(alphabet[rng.IntN(len(alphabet))])...)
			}
		} else {
			for k := rng.IntN(30); k > 0; k-- {
				b = append(b, alphabet[rng.IntN(len(alphabet))]...)
			}
		}
		check(b)
	}
}
