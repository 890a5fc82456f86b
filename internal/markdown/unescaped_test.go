package markdown

import (
	stdhtml "html"
	"math/rand"
	"reflect"
	"testing"
	"unicode"

	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
)

// unescapedByteByByte is textBuilder.unescaped as it was, testing every
// byte: the reference for the IndexByte version.
func (tb *textBuilder) unescapedByteByByte(start, stop int) {
	src := tb.p.src
	at := start
	for i := start; i < stop; i++ {
		switch src[i] {
		case '\\':
			if i+1 < stop && util.IsPunct(src[i+1]) {
				tb.verbatim(at, i)
				at = i + 1
				i++
			}
		case '&':
			if j := entityEnd(src, i, stop); j > 0 {
				if v := stdhtml.UnescapeString(string(src[i:j])); v != string(src[i:j]) {
					tb.verbatim(at, i)
					tb.generated([]byte(v), source.Span{Start: i, End: j})
					at = j
					i = j - 1
				}
			}
		}
	}
	tb.verbatim(at, stop)
}

func TestUnescapedAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	pieces := []string{"\\", "\\\\", "\\&", "&", "&amp;", "&#35;", "&#x23;", "&bogus;", "&amp", ";", "a", " ", "é", "\\*", "&lt;&gt;"}
	for it := 0; it < 20000; it++ {
		var b []byte
		for n := r.Intn(10); n > 0; n-- {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		start := r.Intn(len(b) + 1)
		stop := start + r.Intn(len(b)-start+1)
		p := &page{src: b}
		got, want := &textBuilder{p: p}, &textBuilder{p: p}
		got.unescaped(start, stop)
		want.unescapedByteByByte(start, stop)
		if string(got.b) != string(want.b) || !reflect.DeepEqual(got.m, want.m) {
			t.Fatalf("%q[%d:%d]: %q %+v, want %q %+v", b, start, stop, got.b, got.m, want.b, want.m)
		}
	}
}

// TestASCIIGitHubID checks the ASCII path of GitHubID against the rune
// path on every pair of ASCII bytes and random ASCII texts.
func TestASCIIGitHubID(t *testing.T) {
	slow := func(text string) string {
		var b []rune
		for _, r := range text {
			switch {
			case r == '-' || r == ' ' || r == '\t':
				b = append(b, '-')
			case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b = append(b, unicode.ToLower(r))
			}
		}
		if len(b) == 0 {
			return "heading"
		}
		return string(b)
	}
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.Intn(80))
		for j := range b {
			b[j] = byte(r.Intn(128))
		}
		if got, want := GitHubID(string(b)), slow(string(b)); got != want {
			t.Fatalf("GitHubID(%q) = %q, want %q", b, got, want)
		}
	}
}
