package markdown

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gtext "github.com/yuin/goldmark/text"
)

// TestWalkBlocks checks that walkBlocks finds the headings, code blocks
// and reference definitions ast.Walk finds, in the same order, on nested
// containers and on every page of testdata/render and the corpus.
func TestWalkBlocks(t *testing.T) {
	docs := map[string][]byte{
		"nested": []byte("# A\n\n> ## B\n>\n> ```\n> code\n> ```\n\n- item\n\n  ### C\n\n      indented\n\n  [x]: /y\n\n" +
			"| a | b |\n|---|---|\n| `c` | d |\n\nText[^1] *em* [link][x].\n\n[^1]: Note\n\n    ```\n    in note\n    ```\n\nSetext\n===\n"),
	}
	files, _ := filepath.Glob("testdata/render/*.md")
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		files = append(files, more...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = b
	}
	if len(docs) < 2 {
		t.Fatal("no pages")
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Footnote))
	wanted := func(n ast.Node) bool {
		switch n.(type) {
		case *ast.Heading, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.LinkReferenceDefinition:
			return true
		}
		return false
	}
	for name, src := range docs {
		doc := md.Parser().Parse(gtext.NewReader(src))
		var want, got []ast.Node
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && wanted(n) {
				want = append(want, n)
			}
			return ast.WalkContinue, nil
		})
		walkBlocks(doc, func(n ast.Node) bool {
			if wanted(n) {
				got = append(got, n)
			}
			return true
		})
		if !slices.Equal(got, want) || (name == "nested" && len(want) < 8) {
			t.Errorf("%s: walkBlocks found %d nodes, ast.Walk %d", name, len(got), len(want))
		}
	}
}

// TestEscapedAtAsScan compares escapedAt with the forward scan scanRefs
// made before it looked for '[' with bytes.IndexByte: from an unescaped
// start, a '\\' escapes the byte after it. Every '[' of random runs of
// backslashes, brackets and letters, from every start, must agree.
func TestEscapedAtAsScan(t *testing.T) {
	// escapedByScan returns, for each offset of src[from:], whether the
	// forward scan skips it as escaped.
	escapedByScan := func(src []byte, from int) []bool {
		esc := make([]bool, len(src))
		for i := from; i < len(src); i++ {
			if src[i] == '\\' && i+1 < len(src) {
				esc[i+1] = true
				i++
			}
		}
		return esc
	}
	rng := rand.New(rand.NewPCG(15, 15))
	alphabet := []byte(`\\\[a]`)
	for range 5000 {
		src := make([]byte, rng.IntN(16))
		for i := range src {
			src[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for from := range src {
			want := escapedByScan(src, from)
			for i := from; i < len(src); i++ {
				if src[i] != '[' {
					continue
				}
				if got := escapedAt(src, from, i); got != want[i] {
					t.Fatalf("%q from %d: '[' at %d escaped %v, by the scan %v", src, from, i, got, want[i])
				}
			}
		}
	}
}

// TestLinkReaderValueAsGoldmark compares linkReader.Value, which finds the
// first line by binary search and returns the source's bytes for a
// segment inside one line, with goldmark's blockReader.Value on random
// blocks of lines with and without padding.
func TestLinkReaderValueAsGoldmark(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for range 3000 {
		var src []byte
		lines := gtext.NewSegments()
		for range 1 + rng.IntN(5) {
			start := len(src)
			for range rng.IntN(8) {
				src = append(src, "ab[]c "[rng.IntN(6)])
			}
			src = append(src, '\n')
			seg := gtext.NewSegment(start, len(src))
			if rng.IntN(3) == 0 {
				seg.Padding = 1 + rng.IntN(3)
			}
			lines.Append(seg)
		}
		want := gtext.NewBlockReader(src, lines)
		got := &linkReader{Reader: gtext.NewBlockReader(src, lines), lines: lines}
		for range 20 {
			a := rng.IntN(len(src) + 1)
			b := a + rng.IntN(len(src)+1-a)
			seg := gtext.NewSegment(a, b)
			if g, w := got.Value(seg), want.Value(seg); !bytes.Equal(g, w) {
				t.Fatalf("src %q lines %v segment %v: Value %q, goldmark %q", src, lines.Sliced(0, lines.Len()), seg, g, w)
			}
		}
	}
}
