package yamlpos

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// text returns the file text of n's span.
func text(d *Doc, n *yaml.Node) string {
	sp := d.Span(n)
	return string(d.File.Content[sp.Start:sp.End])
}

func TestSpan(t *testing.T) {
	const prefix = "---\r\n" // the document starts on line 2, after a CRLF line
	src := prefix + `plain: hello world # comment
dq: "a \" b"
sq: 'it''s'
é: "ünï"
flow: [a, {b: c}, [d]]
empty: []
emptymap: {  }
block: |
  line one
    line two

  line three
next: x
seq:
  - one
  - two: 2
    three: 3
anchor: &a [1, 2]
alias: *a
folded: >-
  text
last: 1`
	f := source.NewFile("x.yaml", []byte(src))
	d, serr := Parse(f, source.Span{Start: len(prefix), End: len(src)})
	if serr != nil {
		t.Fatal(serr)
	}
	want := map[string][2]string{
		"plain":    {"plain", "hello world"},
		"dq":       {"dq", `"a \" b"`},
		"sq":       {"sq", `'it''s'`},
		"é":        {"é", `"ünï"`},
		"flow":     {"flow", "[a, {b: c}, [d]]"},
		"empty":    {"empty", "[]"},
		"emptymap": {"emptymap", "{  }"},
		"block":    {"block", "|\n  line one\n    line two\n\n  line three"},
		"seq":      {"seq", "- one\n  - two: 2\n    three: 3"},
		"anchor":   {"anchor", "&a [1, 2]"},
		"alias":    {"alias", "*a"},
		"folded":   {"folded", ">-\n  text"},
		"last":     {"last", "1"},
	}
	root := d.Root
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		w, ok := want[k.Value]
		if !ok {
			continue
		}
		if got := text(d, k); got != w[0] {
			t.Errorf("%s: key span holds %q", k.Value, got)
		}
		if got := text(d, v); got != w[1] {
			t.Errorf("%s: value span holds %q, want %q", k.Value, got, w[1])
		}
	}
	if p := f.Position(d.Start(root.Content[7])); p.Line != 5 || p.Column != 4 {
		t.Errorf("é value at %d:%d, want 5:4 (columns count characters)", p.Line, p.Column)
	}
}

func TestSyntaxErrorLine(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"a: 1\nb: [\n", 2, "did not find expected node content"},
		{"- a\nb: 1\n", 2, "did not find expected '-' indicator"},
		{"a:\n  - x\n  y: 1\n", 3, "did not find expected '-' indicator"},
		{"a: b: c\n", 1, "mapping values are not allowed in this context"},
		{"x: 1\n\ty: 2\n", 2, "found a tab character that violates indentation"},
		{"a: *nope\n", 1, "unknown anchor 'nope' referenced"},
	}
	for _, tt := range tests {
		f := source.NewFile("x", []byte("# c\n"+tt.in))
		_, serr := Parse(f, source.Span{Start: 4, End: len(f.Content)})
		if serr == nil {
			t.Errorf("%q: no error", tt.in)
			continue
		}
		if p := f.Position(serr.Span.Start); p.Line != tt.line+1 || serr.Message != tt.msg {
			t.Errorf("%q: line %d %q, want %d %q", tt.in, p.Line-1, serr.Message, tt.line, tt.msg)
		}
	}
}

func TestScalars(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("[true, 'False', yes, 12, '13', 1.5, ~, 0x10, [x], 99999999999999999999]"), &n); err != nil {
		t.Fatal(err)
	}
	items := n.Content[0].Content
	type res struct {
		b, bok bool
		i      int
		iok    bool
	}
	want := []res{{true, true, 0, false}, {false, true, 0, false}, {false, false, 0, false}, {false, false, 12, true},
		{false, false, 13, true}, {false, false, 0, false}, {false, false, 0, false}, {false, false, 16, true},
		{false, false, 0, false}, {false, false, 0, false}}
	for i, it := range items {
		b, bok := Bool(it)
		iv, iok := Int(it)
		if (res{b, bok, iv, iok}) != want[i] {
			t.Errorf("item %d (%s): Bool %v %v, Int %v %v", i, it.Value, b, bok, iv, iok)
		}
	}
	if KindName(items[6]) != "null" || KindName(items[8]) != "list" || KindName(items[5]) != "number" {
		t.Error("KindName")
	}
}

func TestToAnyBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+", ", 9) + "*a" + string(rune('0'+i-1)) + "]\n")
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(b.String()), &n); err != nil {
		t.Fatal(err)
	}
	budget := 10_000
	if _, err := ToAny(n.Content[0], &budget, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ToAny of 10^10 values: %v", err)
	}
	budget = 100
	v, err := ToAny(n.Content[0].Content[1], &budget, strings.ToUpper)
	if err != nil || len(v.([]any)) != 10 {
		t.Errorf("small value: %v %v", v, err)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"title", "description", "aliases", "weight", "toc"}
	for in, want := range map[string]string{"titel": "title", "Title": "title", "alias": "aliases", "weigth": "weight", "tags": "", "x": "", "descripton": "description"} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOddLineBreaks puts each line break yaml.v3 knows between the keys
// of a front matter, then checks that a key after it and a syntax error
// after it are found at their exact bytes, and at the line and column an
// editor shows (an editor ends lines at LF, CRLF and CR only).
func TestOddLineBreaks(t *testing.T) {
	tests := []struct {
		name, br string
		key, err string // editor line:col of "b" and of the error
	}{
		{"LF", "\n", "3:1", "4:1"},
		{"CRLF", "\r\n", "3:1", "4:1"},
		{"CR", "\r", "3:1", "4:1"},
		{"NEL", "\u0085", "2:6", "2:11"},
		{"LS", "\u2028", "2:6", "2:11"},
		{"PS", "\u2029", "2:6", "2:11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, bad := range []bool{false, true} {
				doc := "a: 1" + tt.br + "b: é" + tt.br + "c: 2\n"
				if bad {
					doc = "a: 1" + tt.br + "b: é" + tt.br + "c: [d\n"
				}
				src := "---\n" + doc + "---\nbody\n"
				f := source.NewFile("g.md", []byte(src))
				d, serr := Parse(f, source.Span{Start: 4, End: 4 + len(doc)})
				pos := func(off int) string {
					p := f.Position(off)
					return fmt.Sprintf("%d:%d", p.Line, p.Column)
				}
				if bad {
					if serr == nil {
						t.Fatal("no syntax error")
					}
					if want := strings.Index(src, "c: ["); serr.Span.Start != want || pos(want) != tt.err {
						t.Errorf("error at %d (%s), want %d (%s)", serr.Span.Start, pos(serr.Span.Start), want, tt.err)
					}
					continue
				}
				if serr != nil {
					t.Fatal(serr.Message)
				}
				b := d.Root.Content[2]
				if got, want := d.Start(b), strings.Index(src, "b: é"); got != want || pos(got) != tt.key {
					t.Errorf("key b at %d (%s), want %d (%s)", got, pos(got), want, tt.key)
				}
				if got := text(d, d.Root.Content[3]); got != "é" {
					t.Errorf("value of b spans %q", got)
				}
			}
		})
	}
}
