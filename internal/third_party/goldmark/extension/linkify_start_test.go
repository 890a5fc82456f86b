package extension

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkifyAlphabet makes lines where linkify finds links, almost finds them,
// and where the other inline parsers interleave with it.
var linkifyAlphabet = [][]byte{
	[]byte("a"), []byte("b"), []byte("h"), []byte("w"), []byte(" "), []byte(" "), []byte(" "), []byte("  "),
	[]byte("\t"), []byte("\n"), []byte("\n"), []byte("*"), []byte("_"), []byte("~"), []byte("("), []byte(")"),
	[]byte("@"), []byte("."), []byte("\\"), []byte("`"), []byte("["), []byte("]"), []byte("<"), []byte(">"),
	[]byte("http://"), []byte("https://x.org"), []byte("www."), []byte("www.a.com"), []byte("ftp://f"),
	[]byte("me@x.org"), []byte("x.y"), []byte("é"), []byte("- "), []byte("> "), []byte("    "), []byte("#"),
}

func randomLinkifyDoc(rng *rand.Rand, n int) []byte {
	var b []byte
	for range n {
		b = append(b, linkifyAlphabet[rng.Intn(len(linkifyAlphabet))]...)
	}
	return b
}

// TestLinkifyMayStart checks MayStart against Parse: where it is false,
// Parse returns nil and leaves the reader where it was.
func TestLinkifyMayStart(t *testing.T) {
	lp := NewLinkifyParser().(*linkifyParser)
	rng := rand.New(rand.NewSource(15))
	lines := [][]byte{[]byte(" "), []byte(" w"), []byte("(www.a.com"), []byte("*a@b.c"), []byte("~http://a"),
		[]byte(" ftp://x"), []byte(" a"), []byte(" @"), []byte("_a_@b.c"), []byte("((www.a.com")}
	for range 100000 {
		lines = append(lines, randomLinkifyDoc(rng, 1+rng.Intn(6)))
	}
	for _, line := range lines {
		if len(line) == 0 || lp.MayStart(line) {
			continue
		}
		r := text.NewReader(line)
		if n := lp.Parse(ast.NewParagraph(), r, parser.NewContext()); n != nil {
			t.Fatalf("%q: MayStart false, Parse returned %s", line, n.Kind())
		}
		if _, pos := r.Position(); pos.Start != 0 {
			t.Fatalf("%q: MayStart false, Parse moved the reader to %d", line, pos.Start)
		}
	}
}

// hiddenStart is an inline parser without MayStart, so that parseBlock
// tries it wherever it triggers, as upstream did.
type hiddenStart struct{ parser.InlineParser }

// dumpTree writes n's tree with what the renderers and guidec read of it:
// kinds, text segments and line breaks, lines of blocks, link
// destinations.
func dumpTree(b *bytes.Buffer, src []byte, n ast.Node, depth int) {
	fmt.Fprintf(b, "%*s%s", depth, "", n.Kind())
	switch n := n.(type) {
	case *ast.Text:
		fmt.Fprintf(b, " %d-%d soft=%v hard=%v raw=%v", n.Segment.Start, n.Segment.Stop, n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
	case *ast.AutoLink:
		fmt.Fprintf(b, " %d %q", n.AutoLinkType, n.URL(src))
	}
	if n.Type() == ast.TypeBlock {
		for i := range n.Lines().Len() {
			s := n.Lines().At(i)
			fmt.Fprintf(b, " [%d-%d+%d]", s.Start, s.Stop, s.Padding)
		}
	}
	b.WriteByte('\n')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dumpTree(b, src, c, depth+1)
	}
}

// TestLinkifySkipSameTree parses random documents with linkify skipped
// where MayStart is false and with linkify tried everywhere: the trees must
// be the same, text node for text node.
func TestLinkifySkipSameTree(t *testing.T) {
	newParser := func(hide bool) parser.Parser {
		var lp parser.InlineParser = NewLinkifyParser()
		if hide {
			lp = hiddenStart{lp}
		}
		return parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(append(parser.DefaultInlineParsers(),
				util.Prioritized(NewStrikethroughParser(), 500),
				util.Prioritized(lp, 999))...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)
	}
	skip, try := newParser(false), newParser(true)
	rng := rand.New(rand.NewSource(15))
	docs := [][]byte{
		[]byte("a b\n"), []byte("a b c\nd e\n"), []byte("foo *bar* baz \nqux\\\nx  \ny"),
		[]byte("see www.a.com and me@x.org (http://x.org) ok\n"), []byte("- a b\n  c d\n\n> e f\n"),
		[]byte("a `b c` d [e f](g) h\n"), []byte("\ta b\n\t\tc d"),
	}
	for range 20000 {
		docs = append(docs, randomLinkifyDoc(rng, rng.Intn(40)))
	}
	var a, b bytes.Buffer
	for _, doc := range docs {
		a.Reset()
		b.Reset()
		dumpTree(&a, doc, skip.Parse(text.NewReader(doc)), 0)
		dumpTree(&b, doc, try.Parse(text.NewReader(doc)), 0)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%q: trees differ\nskipping:\n%s\ntrying:\n%s", doc, a.Bytes(), b.Bytes())
		}
	}
}
