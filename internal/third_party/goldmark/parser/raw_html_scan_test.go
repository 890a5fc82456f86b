package parser

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

// blockOf returns a block reader over src split into lines (each keeping
// its '\n'), with every line after the first indented by indent bytes
// that the block's segments leave out, as a list item's lines are.
func blockOf(src string, indent int) text.Reader {
	var b strings.Builder
	var segs []text.Segment
	for i, l := range strings.SplitAfter(src, "\n") {
		if l == "" {
			continue
		}
		pad := 0
		if i > 0 {
			pad = indent
		}
		b.WriteString(strings.Repeat(" ", pad))
		start := b.Len()
		b.WriteString(l)
		segs = append(segs, text.NewSegment(start, b.Len()))
	}
	ss := text.NewSegments()
	ss.AppendAll(segs)
	return text.NewBlockReader([]byte(b.String()), ss)
}

// sameAsTagRegexp fails unless matchOpenTag and matchCloseTag match what
// the expressions match on src, and leave the reader at the same place.
func sameAsTagRegexp(t *testing.T, src string, indent int) {
	t.Helper()
	for _, c := range []struct {
		name  string
		match func(text.Reader) bool
		re    func(text.Reader) bool
	}{
		{"open", matchOpenTag, func(r text.Reader) bool { return r.Match(openTagRegexp()) }},
		{"close", matchCloseTag, func(r text.Reader) bool { return r.Match(closeTagRegexp()) }},
	} {
		a, b := blockOf(src, indent), blockOf(src, indent)
		got, want := c.match(a), c.re(b)
		gl, gp := a.Position()
		wl, wp := b.Position()
		if got != want || gl != wl || gp != wp {
			t.Fatalf("%s %q (indent %d): matched %v at %d %v, the expression %v at %d %v", c.name, src, indent, got, gl, gp, want, wl, wp)
		}
	}
}

func TestMatchTagCases(t *testing.T) {
	for _, s := range []string{
		"", "<", "<a", "<a>", "<a/>", "<a />", "<a/ >", "<1>", "<a1-b>", "<a b>", "<a b=c>", "<a b = c >",
		"<a b = >", "<a b='x>'>", `<a b="x'y">`, `<a b="x"c>`, "<a b=c/d>", "<a href=foo/>", "<a\r>", "<a\r\n>",
		"<a\n b\n=\n'x\ny'\n/>", "<a \r b>", "<a\tb\t=\t\"\"\t>", "<a b='x", "<a b=`x`>", "<a b=x<y>", "<a _:.-x>",
		"<a b\r=c>", "<a b c d>", "<a b=c d=e f>", "<a b=\u00e9>", "<a b=\"\u00e9\">", "<a b=\"\ufffd\">", "<a b=\"\xff\">",
		"</a>", "</a >", "</a\n>", "</a\r\n>", "</a\r>", "</a b>", "</ a>", "</1>", "</a-1>", "<a b='x'/>", "<ab", "<a \n\n>",
		"<a b=c>d>", "<a b=\"x\"\n>", "<a\n\n\n\n>", "<a b=c\n", "<br/>\n", "<a></a>", "<a href=\"http://x.y/\">text</a>",
	} {
		for _, indent := range []int{0, 2} {
			sameAsTagRegexp(t, s, indent)
		}
	}
}

func TestMatchTagRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"<", ">", "/", "a", "B", "1", "-", "_", ":", ".", "=", " ", "\t", "\n", "\r", "\r\n",
		"'", "\"", "`", "x", "\u00e9", "\xff", "\ufffd", "<a", "</a", " b=", "'v'", "\"v\""}
	starts := []string{"<", "</", "<a", "</a", "<x-1 "}
	for i := 0; i < 30000; i++ {
		var b strings.Builder
		b.WriteString(starts[r.Intn(len(starts))])
		for n := r.Intn(12); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		sameAsTagRegexp(t, b.String(), r.Intn(3))
	}
}

func FuzzMatchTag(f *testing.F) {
	f.Add("<a href=\"x\" b='y' c=z d>")
	f.Add("</a \n>")
	f.Fuzz(func(t *testing.T, s string) {
		sameAsTagRegexp(t, s, 0)
		sameAsTagRegexp(t, s, 1)
	})
}
