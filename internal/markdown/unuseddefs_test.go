package markdown

import (
	"fmt"
	"slices"
	"testing"
)

// TestUnusedDefinitions checks that each reference definition no link
// uses is recorded as a LinkDefinition, at the definition, in the order
// written, with its destination as written; and that used definitions,
// a second definition of a label and definitions a near-miss warning
// already names are not.
func TestUnusedDefinitions(t *testing.T) {
	doc := "# T\n\nSee [Used] and [Authlia].\n\n[Used]: https://used.example.com/\n[Zeta]: https://zeta.example.com/\n[Alpha]: ../../introdction.md\n[Used]: https://second.example.com/\n[Authelia]: https://www.authelia.com/\n"
	f, exp := expand(t, "p.md", doc)
	res := New().Render(f, exp, PageInfo{})
	var got []string
	for _, l := range res.Links {
		if l.Kind != LinkDefinition {
			continue
		}
		p := f.Position(l.Span.Start)
		got = append(got, fmt.Sprintf("%d:%d %s %s %s", p.Line, p.Column, l.Kind, l.Label, l.Dest))
	}
	want := []string{
		"6:1 definition Zeta https://zeta.example.com/",
		"7:1 definition Alpha ../../introdction.md",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
