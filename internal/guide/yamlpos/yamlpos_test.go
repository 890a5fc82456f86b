package yamlpos

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"
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

// suggestReference is Suggest as it was before it skipped candidates by
// length: the oracle of TestSuggestDifferential.
func suggestReference(want string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	w := strings.ToLower(want)
	best, bestD := "", len(w)/3+2
	for _, c := range sorted {
		if d := edlib.LevenshteinDistance(w, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// TestSuggestDifferential holds Suggest to suggestReference on random
// keys and candidate lists (sorted and not, upper case, non-ASCII and
// invalid UTF-8 included), and on mutations of real key names.
func TestSuggestDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	alphabet := []string{"a", "b", "e", "i", "s", "t", "T", "-", "_", "é", "É", "ß", "\xff", "ǅ", "İ"}
	word := func(max int) string {
		var b strings.Builder
		for n := rng.IntN(max + 1); n > 0; n-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	real := []string{"title", "description", "summary", "date", "lastmod", "draft", "toc", "weight", "images", "aliases",
		"support", "seo", "guidec", "params", "level", "versions", "integration", "canonical", "noindex", "ignore"}
	mutate := func(s string) string {
		b := []byte(s)
		for n := rng.IntN(4); n > 0 && len(b) > 0; n-- {
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b = append(b[:i], b[i+1:]...)
			case 1:
				b[i] = "aeiostTX"[rng.IntN(8)]
			default:
				b = append(b[:i], append([]byte{"aeiostTX"[rng.IntN(8)]}, b[i:]...)...)
			}
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		var cands []string
		var want string
		if i%2 == 0 {
			cands = append(cands, real[:1+rng.IntN(len(real))]...)
			want = mutate(real[rng.IntN(len(real))])
		} else {
			for n := rng.IntN(12); n > 0; n-- {
				cands = append(cands, word(10))
			}
			want = word(10)
			if len(cands) > 0 && rng.IntN(2) == 0 {
				want = mutate(cands[rng.IntN(len(cands))])
			}
		}
		if rng.IntN(3) == 0 {
			sort.Strings(cands)
		}
		before := append([]string(nil), cands...)
		got, exp := Suggest(want, cands), suggestReference(want, cands)
		if got != exp {
			t.Fatalf("Suggest(%q, %q) = %q, reference %q", want, cands, got, exp)
		}
		if !slices.Equal(before, cands) {
			t.Fatalf("Suggest reordered its candidates: %q → %q", before, cands)
		}
	}
}

// intReference is Int's !!int case as it was, through yaml.v3's decoder:
// the oracle of TestIntDifferential.
func intReference(n *yaml.Node) (int, bool) {
	var v int64
	if err := n.Decode(&v); err != nil || v > math.MaxInt || v < math.MinInt {
		return 0, false
	}
	return int(v), true
}

// TestIntDifferential holds Int to yaml.v3's decoding on random plain
// scalars that yaml.v3 resolves to !!int (signs, leading zeros, bases,
// underscores, up to 22 digits), tagged and untagged.
func TestIntDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 5))
	pieces := []string{"0", "1", "5", "9", "00", "_", "-", "+", "0x", "0o", "0b", "7", "3", "a", "f", "."}
	ints := 0
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := 1 + rng.IntN(8); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if i%3 == 0 {
			b.Reset()
			b.WriteString([]string{"", "-", "+"}[rng.IntN(3)])
			for n := 1 + rng.IntN(22); n > 0; n-- {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		for _, src := range []string{"v: " + b.String(), "v: !!int " + b.String()} {
			var doc yaml.Node
			if yaml.Unmarshal([]byte(src), &doc) != nil {
				continue
			}
			n := doc.Content[0].Content[1]
			if n.Tag != "!!int" {
				continue
			}
			ints++
			gv, gok := Int(n)
			wv, wok := intReference(n)
			if gv != wv || gok != wok {
				t.Fatalf("Int(%q) = %d, %v; yaml.v3 %d, %v", src, gv, gok, wv, wok)
			}
		}
	}
	if ints < 4000 {
		t.Fatalf("only %d !!int scalars tried", ints)
	}
}
