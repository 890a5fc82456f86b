package shortcode

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// fakeLookup knows shortcodes by name; the value says whether it uses .Inner.
type fakeLookup map[string]bool

func (f fakeLookup) UsesInner(name string) (bool, bool) { in, ok := f[name]; return in, ok }
func (f fakeLookup) Names() []string {
	var n []string
	for k := range f {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

var testLookup = fakeLookup{"sc1": false, "sc2": false, "inner": true, "box": true, "sitevar": false, "callout": true}

// dump prints nodes compactly: text as %q, escaped calls as esc(%q), calls
// as name#ordinal(params)[inner] with / for self-closed and ! for broken.
func dump(src []byte, nodes []Node) string {
	var parts []string
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			parts = append(parts, fmt.Sprintf("%q", src[n.Span.Start:n.Span.End]))
		case Escaped:
			var b strings.Builder
			for _, p := range n.Parts {
				b.Write(src[p.Start:p.End])
			}
			parts = append(parts, fmt.Sprintf("esc(%q)", b.String()))
		case *Call:
			s := n.Name + "#" + fmt.Sprint(n.Ordinal)
			if n.Markup {
				s = "%" + s
			}
			if len(n.Params) > 0 {
				var ps []string
				for _, p := range n.Params {
					if p.Key != "" {
						ps = append(ps, fmt.Sprintf("%s=%#v", p.Key, p.Value))
					} else {
						ps = append(ps, fmt.Sprintf("%#v", p.Value))
					}
				}
				s += "(" + strings.Join(ps, " ") + ")"
			}
			if n.SelfClosed {
				s += "/"
			}
			if n.Broken {
				s += "!"
			}
			if n.Paired {
				s += "[" + dump(src, n.Inner) + "]"
			}
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// diagStrings renders diagnostics as "line:col-line:col code".
func diagStrings(l diag.List) []string {
	var out []string
	for _, d := range l {
		s, e := d.Start(), d.End()
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %s", s.Line, s.Column, e.Line, e.Column, d.Code))
	}
	return out
}

var parseTests = []struct {
	name  string
	input string
	tree  string
	diags []string
}{
	{"text only", "hello", `"hello"`, nil},
	{"leaf", "a {{< sc1 >}} b", `"a " sc1#0 " b"`, nil},
	{"markup leaf", "{{% sc1 %}}", `%sc1#0`, nil},
	{"self-closed leaf", "{{< sc1 />}}", `sc1#0/`, nil},
	{"paired", "{{< inner >}}x{{< /inner >}}", `inner#0["x"]`, nil},
	{"self-closed inner", "{{< inner />}}after", `inner#0/ "after"`, nil},
	{"ordinals", "{{< sc1 >}}{{< sc2 >}}{{< inner >}}{{< sc1 >}} {{< sc2 >}}{{< /inner >}}{{< sc1 >}}",
		`sc1#0 sc2#1 inner#2[sc1#0 " " sc2#1] sc1#3`, nil},
	{"nested same name", "{{< box >}}a{{< box >}}b{{< /box >}}c{{< /box >}}", `box#0["a" box#0["b"] "c"]`, nil},
	{"named typed params", `{{< sc1 a=true b=42 c=3.14 d="42" e=x >}}`, `sc1#0(a=true b=42 c=3.14 d="42" e="x")`, nil},
	{"positional params", "{{< sc1 1 `two` \"three\" >}}", `sc1#0(1 "two" "three")`, nil},
	{"escape", "{{</* nope x=1 */>}} and {{%/* sc1 */%}}", `esc("{{< nope x=1 >}}") " and " esc("{{% sc1 %}}")`, nil},
	{"escape inside inner", "{{< inner >}}{{</* sc1 */>}}{{< /inner >}}", `inner#0[esc("{{< sc1 >}}")]`, nil},
	{"inside code", "```\n{{< sc1 >}}\n```", `"` + "```\\n" + `" sc1#0 "\n` + "```" + `"`, nil},

	{"unknown", "x\n  {{< sitevr name=\"d\" >}}", `"x\n  " sitevr#0(name="d")!`, []string{"2:7-2:13 shortcode-unknown"}},
	{"unknown paired reported once", "{{< nope >}}a{{< /nope >}}", `nope#0! "a"`, []string{"1:5-1:9 shortcode-unknown"}},
	{"unknown paired inside paired", "{{< box >}}{{< nope >}}x{{< /nope >}}{{< /box >}}", `box#0[nope#0! "x"]`, []string{"1:16-1:20 shortcode-unknown"}},
	{"unknown close", "{{< /nope >}}", ``, []string{"1:6-1:10 shortcode-unknown"}},
	{"unclosed", "a\n{{< inner >}}\nb {{< sc1 >}}", `"a\n" inner#0 "\nb " sc1#1`, []string{"2:1-2:14 shortcode-unclosed"}},
	{"unclosed inside paired", "{{< box >}}{{< inner >}}x{{< /box >}}", `box#0[inner#0 "x"]`, []string{"1:12-1:25 shortcode-unclosed"}},
	{"mismatched close", "{{< box >}}\nx\n{{< /inner >}}", `box#0["\nx\n"]`, []string{"3:6-3:11 shortcode-mismatched-close"}},
	{"close of a leaf shortcode where the open one's close belongs", "{{< box >}}\nx\n{{< /sc1 >}}", `box#0 "\nx\n"`, []string{"3:6-3:9 shortcode-mismatched-close"}},
	{"close of a leaf shortcode inside a closed one", "{{< box >}}{{< sc1 >}}{{< /sc1 >}}{{< /box >}}", `box#0[sc1#0]`, []string{"1:23-1:35 shortcode-unexpected-close"}},
	{"unterminated quote running over the tag's end", `{{< sc1 a="b >}} {{< sc1 c="d" >}}`, `sc1#0(a="b >}} {{< sc1 c=")!`, []string{"1:11-1:12 shortcode-unterminated"}},
	{"close without open", "a {{< /inner >}}", `"a "`, []string{"1:3-1:17 shortcode-unexpected-close"}},
	{"close of leaf shortcode", "{{< sc1 >}}x{{< /sc1 >}}", `sc1#0 "x"`, []string{"1:13-1:25 shortcode-unexpected-close"}},
	{"mixed params", `{{< sc1 a="1" b >}}`, `sc1#0(a="1")!`, []string{"1:15-1:16 shortcode-mixed-params"}},
	{"mixed params positional first", `{{< sc1 x b="2" >}}`, `sc1#0("x")!`, []string{"1:11-1:16 shortcode-mixed-params"}},
	{"delimiter mismatch keeps pairing", "{{< box %}}x{{< /box >}}", `box#0!["x"]`, []string{"1:9-1:12 shortcode-delim-mismatch"}},
	{"bad char keeps pairing", "{{< box @ >}}x{{< /box >}}", `box#0!["x"]`, []string{"1:9-1:10 shortcode-bad-char"}},
	{"unterminated quote", "{{< sc1 a=\"b >}}\nnext {{< sc2 >}}", `sc1#0! "\nnext " sc2#1`, []string{"1:11-1:17 shortcode-unterminated"}},
	{"unterminated tag", "{{< sc1 a=\"b\"\ntext {{< sc2 >}}", `sc1#0(a="b")! sc2#1`, []string{"1:1-1:4 shortcode-unterminated"}},
	{"missing name", "{{< >}}", ``, []string{"1:1-1:8 shortcode-bad-char"}},
	{"param in closing tag", "{{< inner >}}{{< /inner x >}}", `inner#0[]`, []string{"1:25-1:26 shortcode-bad-char"}},
	{"slash in the middle", "{{< sc1 / x >}}", `sc1#0("x")!`, []string{"1:9-1:10 shortcode-bad-char"}},
	{"escape never closed", "{{</* sc1 >}}", ``, []string{"1:1-1:6 shortcode-unterminated"}},
	{"sentinel", "a\uFFFCb", "\"a\uFFFCb\"", []string{"1:2-1:3 shortcode-sentinel"}},
	{"errors on many lines", "{{< sc1 @ >}}\n{{< /box >}}\n{{< nope >}}", `sc1#0! "\n" "\n" nope#1!`,
		[]string{"1:9-1:10 shortcode-bad-char", "2:1-2:13 shortcode-unexpected-close", "3:5-3:9 shortcode-unknown"}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte("---\n---\n" + tt.input)
			f := source.NewFile("g.md", src)
			nodes, diags := Parse(f, source.Span{Start: 8, End: len(src)}, testLookup)
			if got := dump(src, nodes); got != tt.tree {
				t.Errorf("tree:\ngot  %s\nwant %s", got, tt.tree)
			}
			// Lines count from the file, which has two front matter lines.
			var want []string
			for _, d := range tt.diags {
				var l1, c1, l2, c2 int
				var code string
				fmt.Sscanf(d, "%d:%d-%d:%d %s", &l1, &c1, &l2, &c2, &code)
				want = append(want, fmt.Sprintf("%d:%d-%d:%d %s", l1+2, c1, l2+2, c2, code))
			}
			if got := diagStrings(diags); !slices.Equal(got, want) {
				t.Errorf("diagnostics:\ngot  %v\nwant %v", got, want)
			}
			for _, d := range diags {
				if d.Message == "" || strings.HasSuffix(d.Message, ".") || d.Message[0] >= 'A' && d.Message[0] <= 'Z' {
					t.Errorf("badly formed message %q", d.Message)
				}
			}
		})
	}
}

func TestParseParentOrdinal(t *testing.T) {
	src := []byte("{{< box >}}{{< sc1 >}}{{< inner >}}{{< sc2 >}}{{< /inner >}}{{< /box >}}{{< sc1 >}}")
	nodes, diags := Parse(source.NewFile("g.md", src), source.Span{End: len(src)}, testLookup)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	box := nodes[0].(*Call)
	sc1 := box.Inner[0].(*Call)
	inner := box.Inner[1].(*Call)
	sc2 := inner.Inner[0].(*Call)
	last := nodes[1].(*Call)
	checks := []struct {
		c       *Call
		parent  *Call
		ordinal int
	}{{box, nil, 0}, {sc1, box, 0}, {inner, box, 1}, {sc2, inner, 0}, {last, nil, 1}}
	for _, c := range checks {
		if c.c.Parent != c.parent || c.c.Ordinal != c.ordinal {
			t.Errorf("%s: parent %p ordinal %d, want %p %d", c.c.Name, c.c.Parent, c.c.Ordinal, c.parent, c.ordinal)
		}
	}
	if box.Span != (source.Span{Start: 0, End: len(src) - len("{{< sc1 >}}")}) || box.InnerSpan.Start != 11 {
		t.Errorf("box spans %v inner %v", box.Span, box.InnerSpan)
	}
}

func TestParseFixes(t *testing.T) {
	src := []byte("{{< box >}}x{{< /bx >}} {{< calout >}}")
	_, diags := Parse(source.NewFile("g.md", src), source.Span{End: len(src)}, testLookup)
	var fixes []string
	for _, d := range diags {
		if d.Fix != nil {
			for _, e := range d.Fix.Edits {
				fixes = append(fixes, fmt.Sprintf("%s:%q->%q", d.Code, src[e.Span.Start:e.Span.End], e.NewText))
			}
		}
	}
	want := []string{`shortcode-mismatched-close:"bx"->"box"`, `shortcode-unknown:"calout"->"callout"`}
	if !slices.Equal(fixes, want) {
		t.Errorf("fixes %v, want %v", fixes, want)
	}
	if diags[1].Hint != `did you mean "callout"?` {
		t.Errorf("hint %q", diags[1].Hint)
	}
}

// TestParseDepthLimit checks that nesting beyond MaxDepth is one
// diagnostic at the first call too deep, however deep it goes: the closing
// tags of the calls too deep pair with them silently, so a hostile guide
// cannot produce a diagnostic per tag.
func TestParseDepthLimit(t *testing.T) {
	open, close := "{{< box >}}", "{{< /box >}}"
	tests := []struct {
		name  string
		in    string
		codes map[string]int
	}{
		{"5 too deep", strings.Repeat(open, MaxDepth+5) + strings.Repeat(close, MaxDepth+5), map[string]int{codeLimit: 1}},
		{"10000 deep", strings.Repeat(open, 10000) + "x" + strings.Repeat(close, 10000), map[string]int{codeLimit: 1}},
		{"at the limit", strings.Repeat(open, MaxDepth) + strings.Repeat(close, MaxDepth), map[string]int{}},
		{"too deep and unclosed", strings.Repeat(open, MaxDepth+5) + strings.Repeat(close, MaxDepth), map[string]int{codeLimit: 1, codeUnclosed: 5}},
		{"too deep, then an extra close", strings.Repeat(open, MaxDepth+1) + strings.Repeat(close, MaxDepth+2), map[string]int{codeLimit: 1, codeUnexpectedClose: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse(source.NewFile("g.md", []byte(tt.in)), source.Span{End: len(tt.in)}, testLookup)
			codes := map[string]int{}
			for _, d := range diags {
				codes[d.Code]++
				if d.Code == codeLimit && d.Span.Start != MaxDepth*len(open) {
					t.Errorf("%s at %d, want %d", codeLimit, d.Span.Start, MaxDepth*len(open))
				}
			}
			if !maps.Equal(codes, tt.codes) {
				t.Errorf("diagnostics %v, want %v", codes, tt.codes)
			}
		})
	}
}

// TestParseUnknownOncePerName: a page that calls an undefined shortcode
// (a theme's, say) many times gets one finding per name, at the first
// call, with the others as notes and in its fix; each name is its own.
func TestParseUnknownOncePerName(t *testing.T) {
	src := []byte("{{< calout >}}\n{{< inline-svg a=1 >}}\n{{< calout >}}\n{{< inline-svg >}}{{< inline-svg >}}\n")
	_, diags := Parse(source.NewFile("g.md", src), source.Span{End: len(src)}, testLookup)
	var got []string
	for _, d := range diags {
		p := d.Start()
		s := fmt.Sprintf("%d:%d %s %s notes=%d", p.Line, p.Column, d.Code, d.Message, len(d.Related))
		if d.Fix != nil {
			s += fmt.Sprintf(" edits=%d", len(d.Fix.Edits))
		}
		got = append(got, s)
	}
	want := []string{
		`1:5 shortcode-unknown unknown shortcode "calout" (2 calls on this page, each rendering nothing) notes=1 edits=2`,
		`2:5 shortcode-unknown unknown shortcode "inline-svg" (3 calls on this page, each rendering nothing) notes=2`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The hint of a name near none lists no names when there are many.
	many := fakeLookup{}
	for i := range 20 {
		many[fmt.Sprintf("template-%d", i)] = false
	}
	_, diags = Parse(source.NewFile("g.md", []byte("{{< picture >}}")), source.Span{End: 15}, many)
	if len(diags) != 1 || strings.Contains(diags[0].Hint, "template-1") || !strings.Contains(diags[0].Hint, "layouts/_shortcodes/") {
		t.Errorf("hint %q", diags[0].Hint)
	}
}
