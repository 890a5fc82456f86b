package markdown

import (
	stdhtml "html"
	"math/rand"
	"reflect"
	"testing"

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
