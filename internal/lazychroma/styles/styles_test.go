package styles

import (
	"bytes"
	"slices"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	upstream "github.com/alecthomas/chroma/v2/styles"
)

// The lazy styles must be chroma's: same names, and each style, its
// counterparts and the fallback write the same CSS.

func css(t *testing.T, s *chroma.Style) string {
	t.Helper()
	var b bytes.Buffer
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&b, s); err != nil {
		t.Fatal(err)
	}
	return s.Name + "\n" + b.String()
}

func TestStyles(t *testing.T) {
	if got, want := Names(), upstream.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, chroma's = %v", got, want)
	}
	names := append(upstream.Names(), "GitHub", "no-such-style", "")
	for _, n := range names {
		if got, want := css(t, Get(n)), css(t, upstream.Get(n)); got != want {
			t.Errorf("Get(%q) differs from chroma's", n)
		}
		for _, m := range []chroma.Mode{chroma.Light, chroma.Dark} {
			if got, want := css(t, GetForMode(n, m)), css(t, upstream.GetForMode(n, m)); got != want {
				t.Errorf("GetForMode(%q, %v) differs from chroma's", n, m)
			}
		}
	}
	if Fallback().Name != upstream.Fallback.Name {
		t.Error("Fallback differs")
	}
}
