package shortcode

import (
	"slices"
	"strings"
	"testing"
)

var visibleCases = []struct {
	html  string
	plain bool // plainElementsText handles it
}{
	{`<span class="sitevar" data-sitevar="domain">example.com</span>`, true},
	{`<span class="sitevar" data-sitevar="domain" data-format="regex">example\.com</span>`, true},
	{`a <b>bold</b> and <i >it</i> c`, true},
	{`<i>it</i >`, false},
	{`<div class='x' hidden><p>one</p>  <p>two</p></div>`, true},
	{`<a title="a > b">x</a>`, true},
	{`<a title="<b>">x</a>`, true},
	{`<img alt="x" src="y.png">`, true},
	{`x < y`, false},
	{`a &amp; b`, false},
	{`<br/>`, false},
	{`<a b="x"c="y">t</a>`, false},
	{`<a b=x>t</a>`, false},
	{`<a data_x="1">t</a>`, false},
	{`<script>var x = "<b>";</script>after`, false},
	{`<STYLE>p{}</STYLE>after`, false},
	{`<title>t</title>`, false},
	{`<!-- c -->x`, false},
	{`<a`, false},
	{`</a x>`, false},
	{"<p>line\r\nbreak</p>", false},
	{"<p>nul\x00</p>", false},
	{`<1a>x`, false},
}

func TestVisibleText(t *testing.T) {
	for _, tc := range visibleCases {
		got, ok := plainElementsText(tc.html)
		if ok != tc.plain {
			t.Errorf("plainElementsText(%q) ok = %v, want %v", tc.html, ok, tc.plain)
		}
		if want := tokenizerText(tc.html); ok && got != want {
			t.Errorf("plainElementsText(%q) = %q, the tokenizer gives %q", tc.html, got, want)
		}
		if got, want := visibleText(tc.html), tokenizerText(tc.html); got != want {
			t.Errorf("visibleText(%q) = %q, want %q", tc.html, got, want)
		}
	}
}

// FuzzVisibleText checks that the fast path agrees with the tokenizer on
// every input it accepts.
func FuzzVisibleText(f *testing.F) {
	for _, tc := range visibleCases {
		f.Add(tc.html)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := plainElementsText(s); ok {
			if want := tokenizerText(s); got != want {
				t.Errorf("plainElementsText(%q) = %q, the tokenizer gives %q", s, got, want)
			}
		}
	})
}

// TestRawTextElement compares rawTextElement with lowering the name and
// looking it up, on the raw-text names in any case, names of the same
// lengths and others.
func TestRawTextElement(t *testing.T) {
	raw := []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}
	names := []string{"", "a", "b", "div", "span", "xmq", "styles", "titl", "scripts", "noembedx", "textare", "plaintexts", "h1", "x-xmp"}
	for _, n := range raw {
		names = append(names, n, strings.ToUpper(n), strings.ToUpper(n[:1])+n[1:], n[:len(n)-1]+"x")
	}
	for _, n := range names {
		if got, want := rawTextElement(n), slices.Contains(raw, strings.ToLower(n)); got != want {
			t.Errorf("rawTextElement(%q) = %v, want %v", n, got, want)
		}
	}
}
