package util

import (
	"math/rand"
	"testing"
)

// TestASCIILinkReference compares ToLinkReference and AppendLinkReference,
// which take the ASCII path for short ASCII labels, with upstream's folding
// on random labels, ASCII or not, short and long.
func TestASCIILinkReference(t *testing.T) {
	pieces := []string{"a", "Z", "q", "M", "0", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "-", "[", "]", "\\",
		"é", "É", "ß", "İ", "ǅ", "ﬁ", "\xb5", "\x80", "\xff", "\u00a0", "AbC"}
	rng := rand.New(rand.NewSource(15))
	labels := []string{"", " ", "a", "A", " Foo  Bar\t", "x\n\ny"}
	for range 100000 {
		var b []byte
		for range rng.Intn(40) {
			b = append(b, pieces[rng.Intn(len(pieces))]...)
		}
		labels = append(labels, string(b))
	}
	for _, l := range labels {
		v := TrimRightSpace(TrimLeftSpace([]byte(l)))
		want := foldLinkReference(v)
		if got := ToLinkReference([]byte(l)); got != want {
			t.Fatalf("ToLinkReference(%q) = %q, upstream %q", l, got, want)
		}
		if got := AppendLinkReference([]byte("kept"), []byte(l)); string(got) != "kept"+want {
			t.Fatalf("AppendLinkReference(\"kept\", %q) = %q, upstream \"kept\"+%q", l, got, want)
		}
	}
}
