package shortcode

import (
	"fmt"
	"slices"
	"testing"
)

// tItem is an item as the tests write it: its type and its text (the
// decoded value, the source text, or "code: message" for errors).
type tItem struct {
	typ  itemType
	text string
}

func (i tItem) String() string { return fmt.Sprintf("%s:%q", i.typ, i.text) }

var (
	tEOF     = tItem{itemEOF, ""}
	tLeft    = tItem{itemLeftDelim, "{{<"}
	tRight   = tItem{itemRightDelim, ">}}"}
	tLeftMD  = tItem{itemLeftDelimMarkup, "{{%"}
	tRightMD = tItem{itemRightDelimMarkup, "%}}"}
	tClose   = tItem{itemClose, "/"}
	tSC1     = tName("sc1")
	tSC2     = tName("sc2")
	tSC3     = tName("sc3")
	tParam1  = tParam("param1")
	tParam2  = tParam("param2")
)

func tName(s string) tItem  { return tItem{itemName, s} }
func tParam(s string) tItem { return tItem{itemParam, s} }
func tVal(s string) tItem   { return tItem{itemParamVal, s} }
func tText(s string) tItem  { return tItem{itemText, s} }
func tEsc(s string) tItem   { return tItem{itemEscaped, s} }
func tErr(code, msg string) tItem {
	return tItem{itemError, code + ": " + msg}
}

var lexTests = []struct {
	name  string
	input string
	items []tItem
}{
	{"empty", "", []tItem{tEOF}},
	{"spaces", " \t\n", []tItem{tText(" \t\n"), tEOF}},
	{"text", "to be or not", []tItem{tText("to be or not"), tEOF}},
	{"braces without shortcode", "a {{ b }} {{{< sc1 >}}", []tItem{tText("a {{ b }} {"), tLeft, tSC1, tRight, tEOF}},
	{"no markup", "{{< sc1 >}}", []tItem{tLeft, tSC1, tRight, tEOF}},
	{"with EOL", "{{< sc1 \n >}}", []tItem{tLeft, tSC1, tRight, tEOF}},
	{"without spaces", "{{<sc1>}}", []tItem{tLeft, tSC1, tRight, tEOF}},
	{"forward slash inside name", "{{< sc/sub >}}", []tItem{tLeft, tName("sc/sub"), tRight, tEOF}},
	{"simple with markup", "{{% sc1 %}}", []tItem{tLeftMD, tSC1, tRightMD, tEOF}},
	{"with spaces", "{{<     sc1     >}}", []tItem{tLeft, tSC1, tRight, tEOF}},
	{"mismatched right delim", "{{< sc1 %}}", []tItem{tLeft, tSC1,
		tErr(codeDelimMismatch, "shortcode tag opened with {{< is closed with %}}"), tEOF}},
	{"mismatched right delim markup", "{{% sc1 >}}x", []tItem{tLeftMD, tSC1,
		tErr(codeDelimMismatch, "shortcode tag opened with {{% is closed with >}}"), tText("x"), tEOF}},
	{"inner, markup", "{{% sc1 %}} inner {{% /sc1 %}}", []tItem{
		tLeftMD, tSC1, tRightMD, tText(" inner "), tLeftMD, tClose, tSC1, tRightMD, tEOF}},
	{"close", "{{< /sc1 >}}", []tItem{tLeft, tClose, tSC1, tRight, tEOF}},
	{"close with space", "{{< / sc1 >}}", []tItem{tLeft, tClose, tSC1, tRight, tEOF}},
	{"Youtube id", "{{< sc1 -ziL-Q_456igdO-4 >}}", []tItem{tLeft, tSC1, tParam("-ziL-Q_456igdO-4"), tRight, tEOF}},
	{"non-alphanumerics param quoted", `{{< sc1 "-ziL-.%QigdO-4" >}}`, []tItem{tLeft, tSC1, tParam("-ziL-.%QigdO-4"), tRight, tEOF}},
	{"two params", "{{< sc1 param1   param2 >}}", []tItem{tLeft, tSC1, tParam1, tParam2, tRight, tEOF}},
	{"self-closing", "{{< sc1 />}}", []tItem{tLeft, tSC1, tClose, tRight, tEOF}},
	{"multiple self-closing", "{{< sc1 />}}{{< sc1 />}}", []tItem{
		tLeft, tSC1, tClose, tRight, tLeft, tSC1, tClose, tRight, tEOF}},
	{"self-closing with param", "{{< sc1 param1 />}}", []tItem{tLeft, tSC1, tParam1, tClose, tRight, tEOF}},
	{"nested complex", "{{< sc1 >}}ab{{% sc2 param1 %}}cd{{< sc3 >}}ef{{< /sc3 >}}gh{{% /sc2 %}}ij{{< /sc1 >}}kl", []tItem{
		tLeft, tSC1, tRight, tText("ab"),
		tLeftMD, tSC2, tParam1, tRightMD, tText("cd"),
		tLeft, tSC3, tRight, tText("ef"),
		tLeft, tClose, tSC3, tRight, tText("gh"),
		tLeftMD, tClose, tSC2, tRightMD, tText("ij"),
		tLeft, tClose, tSC1, tRight, tText("kl"), tEOF,
	}},
	{"two quoted params", `{{< sc1 "param nr. 1" "param nr. 2" >}}`, []tItem{
		tLeft, tSC1, tParam("param nr. 1"), tParam("param nr. 2"), tRight, tEOF}},
	{"two named params", `{{< sc1 param1="Hello World" param2="p2Val">}}`, []tItem{
		tLeft, tSC1, tParam1, tVal("Hello World"), tParam2, tVal("p2Val"), tRight, tEOF}},
	{"escaped quotes", `{{< sc1 param1=\"Hello World\"  >}}`, []tItem{
		tLeft, tSC1, tParam1, tVal("Hello World"), tRight, tEOF}},
	{"escaped quotes in a YAML string", `"https://{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/"`, []tItem{
		tText(`"https://`), tLeft, tName("sitevar"), tParam("name"), tVal("domain"), tParam("nojs"), tVal("example.com"),
		tRight, tText(`/"`), tEOF}},
	{"escaped quotes, positional param", `{{< sc1 \"param1\"  >}}`, []tItem{tLeft, tSC1, tParam1, tRight, tEOF}},
	{"escaped quotes inside nonescaped quotes", `{{< sc1 param1="Hello \"escaped\" World"  >}}`, []tItem{
		tLeft, tSC1, tParam1, tVal(`Hello "escaped" World`), tRight, tEOF}},
	{"escaped quotes inside nonescaped quotes in positional param", `{{< sc1 "Hello \"escaped\" World"  >}}`, []tItem{
		tLeft, tSC1, tParam(`Hello "escaped" World`), tRight, tEOF}},
	{"backslash without quote kept", `{{< sc1 p="a\b" >}}`, []tItem{tLeft, tSC1, tParam("p"), tVal(`a\b`), tRight, tEOF}},
	{"raw string", "{{< sc1 param1=`Hello \"World\"\nand \\ more` >}}", []tItem{
		tLeft, tSC1, tParam1, tVal("Hello \"World\"\nand \\ more"), tRight, tEOF}},
	{"raw string positional", "{{< sc1 `a b` >}}", []tItem{tLeft, tSC1, tParam("a b"), tRight, tEOF}},
	{"space after equals", `{{< sc1 k= "v" >}}`, []tItem{tLeft, tSC1, tParam("k"), tVal("v"), tRight, tEOF}},
	{"space around equals", `{{< sc1 k = v >}}`, []tItem{tLeft, tSC1, tParam("k"), tVal("v"), tRight, tEOF}},
	{"unquoted values", "{{< sc1 a=true b=42 c=3.14 d=x-y >}}", []tItem{
		tLeft, tSC1, tParam("a"), tVal("true"), tParam("b"), tVal("42"), tParam("c"), tVal("3.14"),
		tParam("d"), tVal("x-y"), tRight, tEOF}},
	{"unquoted value before delimiter", "{{< sc1 a=b>}}", []tItem{tLeft, tSC1, tParam("a"), tVal("b"), tRight, tEOF}},
	{"tag spanning lines", "{{< sc1\n  a=\"1\"\n  b=\"2\"\n>}}", []tItem{
		tLeft, tSC1, tParam("a"), tVal("1"), tParam("b"), tVal("2"), tRight, tEOF}},
	{"unterminated quote", `{{< sc1 param2="Hello World>}}`, []tItem{
		tLeft, tSC1, tParam2, tErr(codeUnterminated, "unterminated quoted string in shortcode parameter"), tEOF}},
	{"unterminated quote at end of line", "{{< sc1 p=\"x\n>}} after", []tItem{
		tLeft, tSC1, tParam("p"), tErr(codeUnterminated, "unterminated quoted string in shortcode parameter"),
		tText(" after"), tEOF}},
	{"unterminated escaped quote", `{{< sc1 p=\"x >}}`, []tItem{
		tLeft, tSC1, tParam("p"), tErr(codeUnterminated, "unterminated quoted string in shortcode parameter"), tEOF}},
	{"unterminated raw string", "{{< sc1 p=`x >}}", []tItem{
		tLeft, tSC1, tParam("p"), tErr(codeUnterminated, "unterminated raw string in shortcode parameter"), tEOF}},
	{"bad char", "{{< sc1 @x >}}y", []tItem{
		tLeft, tSC1, tErr(codeBadChar, `unexpected '@' in shortcode tag`), tText("y"), tEOF}},
	{"period in name", "{{< sc1.inline >}}", []tItem{
		tLeft, tSC1, tErr(codeBadChar, `unexpected '.' in shortcode tag`), tEOF}},
	{"equals without key", `{{< sc1 ="v" >}}`, []tItem{
		tLeft, tSC1, tErr(codeBadChar, `unexpected '=' in shortcode tag`), tEOF}},
	{"missing value", "{{< sc1 a= >}}", []tItem{
		tLeft, tSC1, tParam("a"), tErr(codeBadChar, "missing value after '='"), tEOF}},
	{"bad char in a tag that never ends", "{{< sc1 p=\"x\"\nSome text. {{< sc2 >}}", []tItem{
		tLeft, tSC1, tParam("p"), tVal("x"), tParam("Some"), tParam("text."),
		tErr(codeUnterminated, "shortcode tag is never closed by >}}"), tLeft, tSC2, tRight, tEOF}},
	{"unterminated at EOF", "{{< sc1 p=1 ", []tItem{
		tLeft, tSC1, tParam("p"), tVal("1"), tErr(codeUnterminated, "shortcode tag is never closed by >}}"), tEOF}},
	{"commented out", "{{</* sc1 */>}}", []tItem{tEsc("{{<"), tEsc(" sc1 "), tEsc(">}}"), tEOF}},
	{"commented out, markup", "{{%/* sc1 a=\"b\" */%}}", []tItem{tEsc("{{%"), tEsc(` sc1 a="b" `), tEsc("%}}"), tEOF}},
	{"commented out, with asterisk inside", `{{</* sc1 "**/*.pdf" */>}}`, []tItem{
		tEsc("{{<"), tEsc(` sc1 "**/*.pdf" `), tEsc(">}}"), tEOF}},
	{"commented out, unknown name", "x {{</* nope 1 2 */>}} y", []tItem{
		tText("x "), tEsc("{{<"), tEsc(" nope 1 2 "), tEsc(">}}"), tText(" y"), tEOF}},
	{"commented out, missing close", "{{</* sc1 >}}z", []tItem{
		tErr(codeUnterminated, "escaped shortcode is never closed by */>}}"), tText("z"), tEOF}},
}

func collect(input string) []tItem {
	src := []byte(input)
	l := newLexer(src, 0, len(src))
	var out []tItem
	for {
		it := l.nextItem()
		ti := tItem{it.typ, it.text(src)}
		if it.typ == itemError {
			ti.text = it.err.code + ": " + it.val
		}
		out = append(out, ti)
		if it.typ == itemEOF {
			return out
		}
	}
}

func TestLex(t *testing.T) {
	for _, tt := range lexTests {
		t.Run(tt.name, func(t *testing.T) {
			got := collect(tt.input)
			if !slices.Equal(got, tt.items) {
				t.Errorf("%q:\ngot  %v\nwant %v", tt.input, got, tt.items)
			}
		})
	}
}

// TestLexOffsets checks that items carry file offsets when the body starts
// inside the file, and where errors point.
func TestLexOffsets(t *testing.T) {
	src := []byte("---\nfm\n---\nab {{< sc1 k=\"v\" >}} {{< sc2 p=\"open\n")
	body := 11
	l := newLexer(src, body, len(src))
	type span struct {
		typ      itemType
		pos, end int
	}
	want := []span{
		{itemText, 11, 14}, {itemLeftDelim, 14, 17}, {itemName, 18, 21}, {itemParam, 22, 23},
		{itemParamVal, 24, 27}, {itemRightDelim, 28, 31}, {itemText, 31, 32}, {itemLeftDelim, 32, 35},
		{itemName, 36, 39}, {itemParam, 40, 41}, {itemError, 42, 47}, {itemEOF, 48, 48},
	}
	var got []span
	for {
		it := l.nextItem()
		got = append(got, span{it.typ, it.pos, it.end})
		if it.typ == itemEOF {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestTypedValue(t *testing.T) {
	tests := []struct {
		in     string
		quoted bool
		want   any
	}{
		{"true", false, true}, {"false", false, false}, {"true", true, "true"},
		{"42", false, 42}, {"-7", false, -7}, {"+5", false, 5}, {"42", true, "42"},
		{"3.14", false, 3.14}, {".5", false, 0.5}, {"5.", false, "5."}, {"1.2.3", false, "1.2.3"},
		{"-", false, "-"}, {"v1", false, "v1"}, {"99999999999999999999", false, "99999999999999999999"},
	}
	for _, tt := range tests {
		if got := typedValue(tt.in, tt.quoted); got != tt.want {
			t.Errorf("typedValue(%q, %v) = %#v, want %#v", tt.in, tt.quoted, got, tt.want)
		}
	}
}
