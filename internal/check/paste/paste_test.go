package paste

import (
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// TestRepair runs the checker and then a checker that records the
// snippets it is given: it must see the text with every reported character
// replaced, and every byte of that text must map back to the guide byte it
// came from (a replacement to the character it replaces).
func TestRepair(t *testing.T) {
	cases := []struct {
		name  string
		body  string // the fence's body
		codes []string
		want  string // the text the later checker sees
	}{
		{"smart single", "key: \u2018value\u2019\n", []string{"snippet-smart-quote"}, "key: 'value'\n"},
		{"smart double", "key: \u201Cvalue\u201D\n", []string{"snippet-smart-quote"}, "key: \"value\"\n"},
		{"nbsp after colon", "a:\u00A0'b'\nc: d\n", []string{"snippet-nbsp"}, "a: 'b'\nc: d\n"},
		{"narrow nbsp", "a:\u202F1\n", []string{"snippet-nbsp"}, "a: 1\n"},
		{"zero width removed", "id: 'ro\u200Bmm'\n", []string{"snippet-zero-width"}, "id: 'romm'\n"},
		{"bom and joiner", "\uFEFFa: b\u2060c\n", []string{"snippet-zero-width"}, "a: bc\n"},
		{"three kinds on one line", "k:\u00A0\u2018v\u200B\u2019\n", []string{"snippet-nbsp", "snippet-smart-quote", "snippet-zero-width"}, "k: 'v'\n"},
		{"several lines", "a: \u2018x\u2019\nb: y\nc:\u00A0z\n", []string{"snippet-nbsp", "snippet-smart-quote"}, "a: 'x'\nb: y\nc: z\n"},
		{"clean", "a: 'b'\n", nil, "a: 'b'\n"},
		{"control character removed unreported", "id: 'ro\x07mm'\r\n", nil, "id: 'romm'\r\n"},
		{"replacement character removed unreported", "policy: 'two_factor\uFFFD'\n", nil, "policy: 'two_factor'\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			guide := "# T\n\n```yaml\n" + tc.body + "```\n"
			_, snips := testenv.ScanGuide("g/index.md", []byte(guide))
			var l diag.List
			var seen []*snippet.Snippet
			recorder := &check.Checker{Name: "recorder", Run: func(p *check.Pass) { seen = p.Snippets }}
			p := &check.Pass{File: snips[0].File, Snippets: snips, Report: l.Add}
			p.Run([]*check.Checker{Checker, recorder})
			var codes []string
			for _, d := range l {
				codes = append(codes, d.Code)
			}
			slices.Sort(codes)
			if !slices.Equal(codes, tc.codes) {
				t.Errorf("codes %q, want %q", codes, tc.codes)
			}
			if p.Snippets[0] != snips[0] || string(snips[0].Text) != tc.body {
				t.Fatal("the caller's snippets changed")
			}
			got := seen[0]
			if string(got.Text) != tc.want {
				t.Fatalf("later checker sees %q, want %q", got.Text, tc.want)
			}
			bodyAt := strings.Index(guide, tc.body)
			// Every byte of the repaired text maps into the body; ASCII
			// bytes that were there before map to themselves.
			for i := range got.Text {
				sp := got.GuideSpan(spanOf(i))
				if sp.Start < bodyAt || sp.End > bodyAt+len(tc.body) {
					t.Errorf("byte %d maps to %v, outside the body", i, sp)
					continue
				}
				if got.Text[i] < 0x80 && guide[sp.Start] == got.Text[i] || replaces(guide[sp.Start:sp.End], got.Text[i]) {
					continue
				}
				t.Errorf("byte %d %q maps to %q", i, got.Text[i], guide[sp.Start:sp.End])
			}
		})
	}
}

// replaces reports whether the ASCII byte b is the replacement of orig.
func replaces(orig string, b byte) bool {
	for _, k := range kinds {
		for r, with := range k.chars {
			if orig == string(r) && with == string(b) {
				return true
			}
		}
	}
	return false
}

func spanOf(i int) source.Span { return source.Span{Start: i, End: i + 1} }
