package shortcode

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestLinearInputs parses and expands bodies made of n repetitions of a
// broken or repeated construct, and requires the time to grow about
// linearly with n.
func TestLinearInputs(t *testing.T) {
	tests := []struct {
		name, unit string
	}{
		{"unclosed tags", "{{< "},
		{"unclosed markup tags", "{{% "},
		{"unclosed escaped calls", "{{</* x "},
		{"unclosed escaped markup calls", "{{%/* x "},
		{"escaped calls closed by the other delimiter", "{{</* x */%}} "},
		{"unclosed quotes on one line", `{{< wrap "`},
		{"unclosed escaped quotes on one line", `{{< wrap \"`},
		{"quotes of both kinds on one line", `{{< wrap "a \"`},
		{"unclosed raw strings", "{{< wrap `"},
		{"mismatched delimiters", "{{% wrap >}} "},
		{"unknown names", "{{< nosuch >}} "},
		{"long unknown names", "{{< " + strings.Repeat("n", 200) + " >}} "},
		{"unclosed paired calls", "{{< wrap >}} "},
		{"closing tags without opening", "{{< /wrap >}} "},
		{"paired calls closed out of order", "{{< wrap >}}{{< deindent >}}{{< /wrap >}} "},
		{"bad characters", "{{< wrap ! ! ! >}} "},
		{"missing values", "{{< wrap a= b= >}} "},
		{"unclosed tags on many lines", "{{< wrap\n"},
	}
	set := testSet(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testenv.Linear(t, 500, func(n int) func() {
				f, body := guide(strings.Repeat(tt.unit, n) + "\n")
				return func() { Expand(set, f, body, Options{}) }
			})
		})
	}
}

// TestEscapedCloserSearch lexes random bodies of escaped calls and their
// closers and checks each escaped call against a plain search: its text
// ends at the first closer after its opening, and an escaped call is
// reported unterminated exactly when there is none.
func TestEscapedCloserSearch(t *testing.T) {
	pieces := []string{"{{</*", "{{%/*", "*/>}}", "*/%}}", " x ", "{{< sc1 >}}", "*/", ">}}"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := []byte(b.String())
		l := newLexer(src, 0, len(src))
		for it := l.nextItem(); it.typ != itemEOF; it = l.nextItem() {
			open := it.pos
			if it.typ == itemError && it.err.code == codeUnterminated && bytes.HasPrefix(src[open:], []byte("{{")) {
				closer := "*/>}}"
				if src[open+2] == '%' {
					closer = "*/%}}"
				}
				if bytes.Contains(src[open+5:], []byte(closer)) {
					t.Fatalf("%q: escaped call at %d reported unterminated, but %s follows", src, open, closer)
				}
			}
			if it.typ != itemEscaped {
				continue
			}
			text, end := l.nextItem(), l.nextItem()
			closer := "*/>}}"
			if src[open+2] == '%' {
				closer = "*/%}}"
			}
			if want := open + 5 + bytes.Index(src[open+5:], []byte(closer)); text.end != want || end.pos != want+2 {
				t.Fatalf("%q: escaped call at %d ends its text at %d, want %d", src, open, text.end, want)
			}
		}
	}
}
