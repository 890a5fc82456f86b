package parser_test

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"unsafe"
)

// slabDocs exercise every kind of node a parse takes from Slabs: text,
// paragraphs, lists and their items, text blocks, lines, code spans,
// links, labels, headings, delimiters and reference links.
var slabDocs = []string{
	"# Title\n\nSome *emphasis*, **strong** and `code`.\n\n- one\n- two [link](https://example.com)\n  - nested `x`\n",
	"Setext\n======\n\n1. first\n2. second with [ref][r] and ![img](a.png)\n\n[r]: https://example.org \"T\"\n",
	"> quote with _under_ and __double__\n> more\n\n```yaml\nkey: value\n```\n\n    indented code\n",
	"para one\nstill one\n\npara two <span>raw</span> [a](b) [c](d) [e](f) [g](h) [i](j)\n\n## H2 ##\n### H3\n#### H4\n##### H5\n",
	"* a\n* b\n\n  loose\n* c\n\n+ x\n+ y\n\n1) one\n2) two\n",
	"[unclosed [nested](x) *a **b* c**\n\n`a` `b` `c` `d` `e` `f`\n\n***\n\nend",
	"",
}

func render(t *testing.T, md goldmark.Markdown, src []byte, opts ...parser.ContextOption) (string, ast.Node) {
	t.Helper()
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(opts...)))
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, src, doc); err != nil {
		t.Fatal(err)
	}
	return b.String(), doc
}

// TestSlabsReuse parses each document after each other one with the same
// Slabs and checks that the result renders as a fresh parse does: stale
// fields of the earlier tree would show.
func TestSlabsReuse(t *testing.T) {
	md := goldmark.New()
	var slabs parser.Slabs
	for _, a := range slabDocs {
		for _, b := range slabDocs {
			want, _ := render(t, md, []byte(b))
			slabs.Reset()
			render(t, md, []byte(a), parser.WithSlabs(&slabs))
			slabs.Reset()
			if got, _ := render(t, md, []byte(b), parser.WithSlabs(&slabs)); got != want {
				t.Errorf("after parsing %q, %q rendered\n%s\nwant\n%s", a, b, got, want)
			}
		}
	}
}

// TestSlabsWithoutReset checks that parses sharing Slabs without a Reset
// each get memory of their own: the first tree still renders as before.
func TestSlabsWithoutReset(t *testing.T) {
	md := goldmark.New()
	var slabs parser.Slabs
	a, b := []byte(slabDocs[0]), []byte(slabDocs[1])
	want, _ := render(t, md, a)
	_, first := render(t, md, a, parser.WithSlabs(&slabs))
	render(t, md, b, parser.WithSlabs(&slabs))
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, a, first); err != nil {
		t.Fatal(err)
	}
	if buf.String() != want {
		t.Errorf("a second parse without Reset changed the first tree:\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestSlabsSameMemory parses a document twice with a Reset between and
// checks that the second tree is built in the first one's memory: with
// the same allocations in the same order, every Text node (all of them
// from Slabs) is where the first parse put its own.
func TestSlabsSameMemory(t *testing.T) {
	md := goldmark.New()
	src := []byte(slabDocs[0] + slabDocs[1] + slabDocs[3])
	var slabs parser.Slabs
	texts := func() []uintptr {
		slabs.Reset()
		_, doc := render(t, md, src, parser.WithSlabs(&slabs))
		var at []uintptr
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if tx, ok := n.(*ast.Text); ok && entering {
				at = append(at, uintptr(unsafe.Pointer(tx)))
			}
			return ast.WalkContinue, nil
		})
		return at
	}
	first, second := texts(), texts()
	if len(first) < 10 || len(first) != len(second) {
		t.Fatalf("%d and %d Text nodes: the document should have the same tens of them both times", len(first), len(second))
	}
	for i := range first {
		if first[i] != second[i] {
			t.Fatalf("Text node %d is at %#x after Reset, the first parse had it at %#x: the slabs were not reused", i, second[i], first[i])
		}
	}
}
